/* Shared by scanners/paxlst.c (service characters, segments, envelope) and
 * scanners/paxlst_segments.c (what a PAXLST message says). Not a public header. */
#ifndef SHEKARA_PAXLST_INTERNAL_H
#define SHEKARA_PAXLST_INTERNAL_H

#include <stddef.h>

#include "scanners/paxlst.h"

/* PAXLST uses at most 9 data elements (NAD) and 6 components (C080, C517): anything
 * past these is read over and ignored. */
enum { PX_MAX_ELEMENTS = 16, PX_MAX_COMPONENTS = 8 };

struct px_span {
	size_t off, len; /* in the input, release characters still in place */
};

struct px_element {
	int n; /* components kept */
	struct px_span comp[PX_MAX_COMPONENTS];
};

struct px_segment {
	int pos; /* 1-based position in the file */
	char tag[4];
	int n; /* data elements kept */
	struct px_element el[PX_MAX_ELEMENTS];
};

/* where in a message the last segment put us (the guide's segment groups) */
enum px_zone { PX_HEAD, PX_HEADER, PX_PARTY, PX_TRANSPORT, PX_PERSON, PX_DOC };

struct px {
	const char *buf;
	size_t len;
	struct paxlst_separators sep;
	struct paxlst *out;
	char *why;
	size_t why_len;
	int today_y, today_m, today_d; /* from now, UTC */
	int cut, bad_text;             /* what reading the current segment's values did */
	/* the message being read */
	struct paxlst_message *msg;
	size_t trav_cap;
	enum px_zone zone;
	char journey[36]; /* of the current TDT */
	int open_leg;     /* leg waiting for its arrival place, -1 none */
	int open_implied; /* that leg was opened by a LOC 92 ending the one before */
	int open_pos;     /* the LOC that opened it */
	int dep_leg;      /* leg departing from the last LOC's place, -1 none */
	int arr_leg;      /* leg arriving at the last LOC's place, -1 none */
	int cnt_pos;      /* segment of CNT, 0 none */
	int doc_skip;     /* the current DOC group is past PAXLST_MAX_DOCS */
	int no_bgm;       /* warned that the message has no BGM */
};

/* 1-based element e, component c of s as text: release characters and line breaks
 * removed, blanks at either end trimmed, bytes that are not UTF-8 and control
 * characters replaced by '?' (p->bad_text). Cut to fit dst (p->cut); "" when absent. */
size_t px_get(struct px *p, const struct px_segment *s, int e, int c, char *dst, size_t n);
/* The C080-style name of element e: its components joined by single spaces, from
 * component `from` on. */
void px_join(struct px *p, const struct px_segment *s, int e, int from, char *dst, size_t n);

/* Records a warning for segment pos (kept up to PAXLST_MAX_WARNINGS). */
void px_warn(struct px *p, int pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Fills why with "segment pos: reason" and returns -1. */
int px_refuse(struct px *p, int pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* How a two-digit year gets its century: PX_PAST never after today (birth, issue),
 * PX_NEAR within 50 years of today (expiry, travel). */
enum px_century { PX_PAST, PX_NEAR };

struct px_when {
	int y, m, d, hh, mi, has_time;
};

/* Reads v as a date or date-time in EDIFACT format fmt (2379): 101 YYMMDD, 102
 * CCYYMMDD, 201 YYMMDDHHMM, 203 CCYYMMDDHHMM, 602 CCYY; an empty fmt is told by the
 * length. unknown_ok lets month and day be 00 (unknown). 0, or -1 when v is no date. */
int px_when(const struct px *p, const char *v, const char *fmt, enum px_century century,
	    int unknown_ok, struct px_when *w);
/* "YYYY-MM-DDTHH:MM", or "YYYY-MM-DD" without a time; buf holds 17 bytes. */
void px_when_iso(const struct px_when *w, char buf[17]);

/* 1 when s is a country code of ISO 3166-1 alpha-3 or ICAO Doc 9303. */
int px_country_ok(const char *s);

/* The message body: UNH has been read into p->msg; each segment up to UNT goes to
 * px_message_segment, then UNT to px_message_end. -1 (why filled) only at a cap. */
void px_message_begin(struct px *p, struct paxlst_message *m, const struct px_segment *unh);
int px_message_segment(struct px *p, const struct px_segment *s);
void px_message_end(struct px *p, const struct px_segment *unt);

#endif
