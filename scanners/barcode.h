/* Barcodes read from a picture or a camera: every symbol zbar knows (QR, Code 128,
 * EAN ...) and DataMatrix through libdmtx, which zbar cannot read and which ICAO
 * digital seals on visa stickers use (binary payloads that start with 0xDC).
 *
 * A picture is a PNG or a JPEG, told apart by its signature, decoded under caps on its
 * sides and pixel count before anything is allocated; payloads come back as the raw
 * bytes the symbol carries (QR included: no character-set guessing), each distinct
 * symbol once. Nothing is written to stdout or stderr (the terminal belongs to curses)
 * and no state is shared between calls: safe from any thread. */
#ifndef SHEKARA_BARCODE_H
#define SHEKARA_BARCODE_H

#include <stddef.h>

#include "scanners/error.h"

enum barcode_symbology {
	BARCODE_QR,
	BARCODE_DATAMATRIX,
	BARCODE_CODE128,
	BARCODE_CODE39,
	BARCODE_CODE93,
	BARCODE_EAN13,
	BARCODE_EAN8,
	BARCODE_UPCA,
	BARCODE_UPCE,
	BARCODE_I25,
	BARCODE_CODABAR,
	BARCODE_DATABAR,
	BARCODE_DATABAR_EXP,
	BARCODE_PDF417,
	BARCODE_WEDGE, /* typed by a keyboard-wedge scanner: symbology unknown */
	BARCODE_OTHER,
};

enum {
	/* a scanned page at 600 dpi, or a 40-megapixel photo; anything bigger is refused
	 * from its header, unread (a JPEG is also held to scanners/image.h's caps) */
	BARCODE_MAX_SIDE = 8192,
	BARCODE_MAX_PIXELS = 40 * 1000 * 1000,
	/* what barcode_decode_file reads at most */
	BARCODE_MAX_FILE = 64 << 20,
	/* the time libdmtx may spend searching one picture for DataMatrix symbols: without
	 * a limit it searches a photo of a page of print for seconds (barcode.c) */
	BARCODE_DATAMATRIX_BUDGET_MS = 300,
};

struct barcode_symbol {
	enum barcode_symbology symbology;
	unsigned char *data; /* raw bytes, NUL-terminated for convenience but may contain NULs */
	size_t len;
};

/* What one picture holds, in the order found (zbar's symbols, then DataMatrix). */
struct barcode_list {
	int n;
	struct barcode_symbol *items; /* malloc'd with each data: barcode_list_free() */
	int width, height;            /* of the image */
};

/* Decodes the file at path, a PNG or a JPEG by its signature (not by its name). 0 with
 * out filled (n may be 0: nothing found); -ERR_IO when the file cannot be read (the
 * message names it and says why); -ERR_USAGE when it is not a PNG or JPEG, is damaged or
 * too big. On failure out is empty and owns nothing. */
int barcode_decode_file(const char *path, struct barcode_list *out, struct error *err);
/* The same for a picture in memory. */
int barcode_decode_memory(const unsigned char *data, size_t len, struct barcode_list *out,
			  struct error *err);
/* The same with a lower cap on the pixel count (0: BARCODE_MAX_PIXELS) and another time
 * budget for the DataMatrix search (0: none at all), for callers that know their
 * pictures are small (the fuzz target). */
int barcode_decode_memory_limits(const unsigned char *data, size_t len, long max_pixels,
				 int datamatrix_ms, struct barcode_list *out, struct error *err);
/* Decodes 8-bit grey pixels, row after row, stride bytes apart (stride >= width). */
int barcode_decode_grey(const unsigned char *grey, int width, int height, size_t stride,
			struct barcode_list *out, struct error *err);
/* The same with another time budget for the DataMatrix search (0: none at all): a
 * camera has the next frame to try again. */
int barcode_decode_grey_budget(const unsigned char *grey, int width, int height, size_t stride,
			       int datamatrix_ms, struct barcode_list *out, struct error *err);
/* Frees the symbols and empties l; safe on an empty or already freed list. */
void barcode_list_free(struct barcode_list *l);

/* "qr", "datamatrix", "code128", "code39", "code93", "ean13", "ean8", "upca", "upce",
 * "i25", "codabar", "databar", "databar_exp", "pdf417", "wedge", "other" (JSON, logs) */
const char *barcode_symbology_name(enum barcode_symbology s);
/* For people: "QR code", "DataMatrix", "Code 128" ... (translated where words) */
const char *barcode_symbology_label(enum barcode_symbology s);

/* --- camera (scanners/barcode_camera.c) ------------------------------------------- */

/* 1 with the first /dev/videoN that is a V4L2 capture device copied to dev, 0 when
 * there is none (or dev is too small for its name). */
int barcode_camera_find(char *dev, size_t len);

struct barcode_camera;

/* Opens dev and starts capturing. 0 with *out set (barcode_camera_close), or negative
 * with err: -ERR_IO when dev is missing, not a camera or busy. */
int barcode_camera_open(const char *dev, struct barcode_camera **out, struct error *err);
/* Waits up to timeout_ms for a frame and decodes it: 1 with out filled (each symbol
 * once, until the camera has seen something else in between), 0 when there is nothing
 * yet (out empty), negative with err when the camera failed. */
int barcode_camera_poll(struct barcode_camera *c, int timeout_ms, struct barcode_list *out,
			struct error *err);
/* Stops capturing, frees the camera and sets *c to NULL; safe on NULL. */
void barcode_camera_close(struct barcode_camera **c);

#endif
