/* Scanning a document: the ways an MRZ reaches the workstation (a reader typing as a
 * keyboard, a reader on a serial line, the officer typing lines or key fields) and
 * what the officer does with the result. The scan screen calls only this. */
#ifndef SHEKARA_SCAN_H
#define SHEKARA_SCAN_H

#include "app/session.h"
#include "scanners/document.h"
#include "scanners/mrz.h"
#include "scanners/mrz_lines.h"

struct serial_reader;

/* Parses MRZ text read from src, with today's date. */
int scan_text(const char *text, size_t len, enum doc_source src, struct document *out,
	      struct error *err);
/* Composes the MRZ from key fields typed by the officer and parses it. */
int scan_fields(const struct mrz_fields *f, struct document *out, struct error *err);
/* The state of one typed MRZ line, for live validation: its length against what the
 * first line implies, and the first character that cannot be in an MRZ (-1: none). */
struct scan_line_state {
	int length, expected; /* expected 0 while the format is unknown */
	int bad_col;
};
void scan_line_state(const char *line, const char *first_line, int index,
		     struct scan_line_state *out);

/* Applies suggestion i after the officer confirmed it, parses again, and audits the
 * correction with the officer's name. */
int scan_apply_suggestion(struct app *app, const struct session *s, struct document *doc, int i,
			  struct error *err);
/* The officer takes the document into the screening flow: audited. */
int scan_accept(struct app *app, const struct session *s, const struct document *doc,
		struct error *err);

/* A reader that types: keys arriving faster than a person types (under
 * SCAN_WEDGE_GAP_MS apart) that end in MRZ-shaped lines are a scan, whatever field
 * has the focus. A 2-D barcode scanner types the same way: a fast run of at least
 * SCAN_WEDGE_MIN_BARCODE characters ending in Enter that is not an MRZ line is a
 * barcode's payload (an e-visa's JSON, a boarding pass). */
enum { SCAN_WEDGE_GAP_MS = 40, SCAN_WEDGE_MAX = 4096, SCAN_WEDGE_MIN_BARCODE = 12 };
enum scan_wedge_event { SCAN_WEDGE_NONE, SCAN_WEDGE_MRZ, SCAN_WEDGE_BARCODE };
struct scan_wedge {
	struct mrz_lines lines;
	char burst[SCAN_WEDGE_MAX + 1]; /* the run so far; after a barcode, its payload */
	int burst_len;
	int overflow;    /* the run outgrew burst: its start is lost, so it is no barcode */
	int payload_len; /* SCAN_WEDGE_BARCODE: the payload is burst[0..payload_len) */
	long long last_ms;
};
void scan_wedge_reset(struct scan_wedge *w);
/* Feeds one key (a character, or '\n' for Enter) with its arrival time. A fast run
 * that ends in an MRZ-shaped line on Enter is a reader's line: the function returns
 * its length (the caller takes that many characters back out of the field they were
 * typed into, and does not act on the Enter), and sets *event to SCAN_WEDGE_MRZ when a
 * whole MRZ has arrived in text. A fast run that is a barcode returns its length with
 * *event SCAN_WEDGE_BARCODE and the payload in w->burst (w->payload_len bytes) until
 * the next key. Returns 0 for keys that are the officer's. */
int scan_wedge_key(struct scan_wedge *w, int ch, long long ms, char *text, size_t len, int *event);

/* The configured serial reader (reader.device), or NULL when none is configured. */
int scan_reader_open(const struct app *app, struct serial_reader **out, struct error *err);
/* Non-blocking: 1 with a document's text when one arrived. *state is set to 1 when
 * connected, 0 when not, and *changed when that changed since the last call. */
int scan_reader_poll(struct serial_reader *r, char *text, size_t len, int *state, int *changed,
		     struct error *err);
void scan_reader_close(struct serial_reader **r);
long long scan_now_ms(void);

#endif
