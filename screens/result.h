/* The result screen's state, shared by its key handling (result.c) and its drawing
 * (result_draw.c); nothing outside those two files uses it. */
#ifndef SHEKARA_SCREENS_RESULT_H
#define SHEKARA_SCREENS_RESULT_H

#include "app/barcode.h"
#include "app/chip_job.h"
#include "app/screening.h"
#include "db/watchlist.h"
#include "screens/photo.h"
#include "screens/screen.h"
#include "screens/widgets.h"

/* What covers the lower part of the screen; the traveller and the verdict stay. */
enum result_panel {
	PANEL_NONE,
	PANEL_OVERRIDE, /* admit over a HIT: reason, supervisor, password */
	PANEL_REFUSE,   /* refusal ground and details */
	PANEL_REFER,    /* reason for the supervisor */
	PANEL_DETAILS,  /* a watchlist entry, read only */
	PANEL_HELP,     /* the keys, read only */
	PANEL_CHIP,     /* everything the chip read said, read only */
	PANEL_BARCODE,  /* everything the barcodes said, read only */
};

enum { OV_REASON, OV_SUPERVISOR, OV_PASSWORD, OV_FIELDS };
enum { RESULT_REASONS = 32, RESULT_LINES = 120, RESULT_LINE = 320 };

struct result_line {
	enum theme_role role;
	char key[16]; /* help: the key, drawn in its own column */
	char text[RESULT_LINE];
};

struct result {
	struct screening sc;
	int selected, top; /* the match under the cursor, the first one shown */
	int match_rows;    /* matches the last draw had room for */
	enum result_panel panel;
	struct field fields[OV_FIELDS]; /* the open panel's inputs */
	int focus;                      /* override: a field; refuse: 0 list, 1 details */
	struct refusal_reason reasons[RESULT_REASONS];
	int n_reasons, reason, reason_top;      /* reason -1: none chosen yet */
	int panel_rows;                         /* what the last draw had room for */
	struct result_line lines[RESULT_LINES]; /* details or help, scrolled */
	int n_lines, scroll;
	struct chip_job_result *chip; /* the chip read from the scan screen, or NULL */
	struct photo *photo;          /* its face, when it decoded */
	struct barcode_check *codes;  /* the barcodes from the scan screen (n_codes) */
	int n_codes;
	int traveller_rows; /* the traveller block's, as last drawn */
};

void result_draw(struct ui *ui, const struct area *a);
/* Appends a line to r->lines (details, help, chip and barcode panels). */
void result_add(struct result *r, enum theme_role role, const char *text);
/* Fills r->lines with a watchlist entry as listed. */
void result_details_lines(struct result *r, const struct wl_view *v);
/* Fills r->lines with the keys of the screen and of its panels. */
void result_help_lines(struct result *r, const struct binding *bindings);
/* Fills r->lines with everything the chip read said (r->chip must be set). */
void result_chip_lines(struct result *r);

/* The traveller block: without a chip read, as it always was; with one, the photo's
 * box on the left and rows for the chip's verdict (result_chip.c). */
struct traveller_layout {
	int rows;                   /* the block's, its rule included */
	int photo_rows, photo_cols; /* the photo's box; 0 without a photo */
	int text_left;              /* where the traveller's text starts */
	int chip_rows;              /* rows for the chip's lines; 0 without a read */
	int barcode_rows;           /* rows for the barcodes; 0 without any */
	int manifest_rows;          /* 1 when a passenger manifest says something */
};
void result_traveller_layout(const struct result *r, const struct area *a,
			     struct traveller_layout *t);
/* The line about the passenger manifest (app/pax.h); 1 when it warns. */
int result_manifest_text(const struct screening_manifest *m, char *buf, size_t len);
/* Draws the chip's lines into t->chip_rows rows from row y. */
void result_draw_chip(const struct result *r, const struct area *a,
		      const struct traveller_layout *t, int y);

/* Barcodes (result_barcode.c): the rows they take, drawn from row y, and the panel. */
int result_barcode_rows(const struct result *r);
void result_draw_barcodes(const struct result *r, const struct area *a,
			  const struct traveller_layout *t, int y);
void result_barcode_lines(struct result *r);

/* Words shared by the drawing and the messages, translated. */
const char *result_direction_word(const char *direction); /* "ENTRY" */
const char *result_decision_word(const char *decision);   /* "admitted" */

#endif
