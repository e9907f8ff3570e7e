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
 * has the focus. */
enum { SCAN_WEDGE_GAP_MS = 40 };
struct scan_wedge {
	struct mrz_lines lines;
	char burst[MRZ_LINES_MAX_RAW + 1]; /* the run's last characters */
	int burst_len;
	long long last_ms;
};
void scan_wedge_reset(struct scan_wedge *w);
/* Feeds one key (a character, or '\n' for Enter) with its arrival time. A fast run
 * that ends in an MRZ-shaped line on Enter is a reader's line: the function returns
 * its length (the caller takes that many characters back out of the field they were
 * typed into, and does not act on the Enter), and sets *complete when a whole MRZ has
 * arrived in text. Returns 0 for keys that are the officer's. */
int scan_wedge_key(struct scan_wedge *w, int ch, long long ms, char *text, size_t len,
		   int *complete);

/* The configured serial reader (reader.device), or NULL when none is configured. */
int scan_reader_open(const struct app *app, struct serial_reader **out, struct error *err);
/* Non-blocking: 1 with a document's text when one arrived. *state is set to 1 when
 * connected, 0 when not, and *changed when that changed since the last call. */
int scan_reader_poll(struct serial_reader *r, char *text, size_t len, int *state, int *changed,
		     struct error *err);
void scan_reader_close(struct serial_reader **r);
long long scan_now_ms(void);

#endif
