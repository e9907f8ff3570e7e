/* The scan screen's barcodes (screens/scan_barcode.c): payloads from a keyboard-wedge
 * scanner, an image file or a camera, checked as they arrive, compared with the
 * document once it is known, and handed to the result screen with it. */
#ifndef SHEKARA_SCREENS_SCAN_BARCODE_H
#define SHEKARA_SCREENS_SCAN_BARCODE_H

#include "app/barcode.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct scan_codes {
	struct barcode_check items[CROSSING_MAX_BARCODES];
	int n;
	int image_mode;    /* the image path line is open */
	struct field path; /* what the officer types there */
	struct barcode_camera *camera;
	char camera_dev[64]; /* "" when no camera was found */
};

/* Looks for a camera; nothing is opened until the officer asks (F4). */
void scan_codes_init(struct scan_codes *c);
/* Forgets every barcode (the next traveller) and closes the camera. */
void scan_codes_clear(struct scan_codes *c);
/* Checks a payload against doc (NULL before the document is known). Returns 1 when
 * the payload carries a document of its own (a visa seal's MRZ) and doc was NULL:
 * *carried is filled. */
int scan_codes_add(struct ui *ui, struct scan_codes *c, enum barcode_symbology sym,
		   const unsigned char *data, size_t len, const struct document *doc,
		   struct document *carried);
/* Every symbol in an image file; returns like scan_codes_add. */
int scan_codes_image(struct ui *ui, struct scan_codes *c, const char *path,
		     const struct document *doc, struct document *carried);
/* The document changed: every barcode is compared with it again. */
void scan_codes_compare(struct scan_codes *c, const struct document *doc);
/* F4: starts or stops the camera, or says there is none. */
void scan_codes_camera(struct ui *ui, struct scan_codes *c);
/* Polls a running camera; returns like scan_codes_add. */
int scan_codes_tick(struct ui *ui, struct scan_codes *c, const struct document *doc,
		    struct document *carried);
/* The barcodes from row y, at most until bottom; returns the rows used. */
int scan_codes_draw(const struct scan_codes *c, const struct area *a, int y, int bottom);
/* The line about the ways in (image file, camera), for the idle screen. */
void scan_codes_hint(const struct scan_codes *c, char *buf, size_t len);
/* Gives the barcodes to the result screen (compared with doc); c is emptied. */
void scan_codes_hand_over(struct ui *ui, struct scan_codes *c, const struct document *doc);

#endif
