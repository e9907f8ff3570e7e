/* Decoding the face image of an ePassport (DG2: an ISO/IEC 19794-5 record inside
 * CBEFF) into 8-bit RGB pixels: JPEG with libjpeg, JPEG 2000 with openjpeg (a JP2 file
 * or a bare J2K codestream). The bytes come from a chip and are untrusted, so the sides,
 * the pixel count, the components and the decoders' working memory are capped before
 * anything is allocated; a decoder's failure comes back as a value, never as an abort,
 * and nothing is written to stderr (the terminal belongs to curses). Safe to call from
 * any thread: no state is shared between calls. */
#ifndef SHEKARA_IMAGE_H
#define SHEKARA_IMAGE_H

#include <stddef.h>

#include "scanners/error.h"

enum image_format {
	IMAGE_UNKNOWN,
	IMAGE_JPEG, /* JFIF / ISO 10918 */
	IMAGE_JP2,  /* the JPEG 2000 file format (signature box first) */
	IMAGE_J2K,  /* a bare JPEG 2000 codestream (SOC, SIZ) */
};

enum {
	/* ISO 19794-5 faces are a few hundred pixels a side; a "full frontal" high
	 * resolution image stays well under this. Anything bigger is refused unread. */
	IMAGE_MAX_SIDE = 4096,
	IMAGE_MAX_PIXELS = 4096 * 4096,
	/* what a decoder may hold while it works (coefficients, tiles), in bytes */
	IMAGE_MAX_WORK = 128 << 20,
};

/* Pixels as RGB triples, row after row (stride = 3 × width). */
struct image {
	int width, height;
	size_t stride;
	unsigned char *rgb; /* malloc'd: image_free() */
	enum image_format format;
};

/* The format by its signature; IMAGE_UNKNOWN for anything else. */
enum image_format image_sniff(const unsigned char *data, size_t len);
/* "JPEG", "JPEG 2000", "JPEG 2000 codestream" (not translated: logs and JSON) */
const char *image_format_name(enum image_format f);
/* Decodes data whatever its format. max_pixels lowers the cap (0: IMAGE_MAX_PIXELS).
 * 0 with out filled; negative with err (ERR_USAGE: not an image, damaged, truncated or
 * too big; ERR_IO: out of memory) and out emptied. Strict: a JPEG the decoder has to
 * warn about (premature end, corrupt data) is refused, not shown half grey. */
int image_decode(const unsigned char *data, size_t len, long max_pixels, struct image *out,
		 struct error *err);
/* Frees the pixels and empties img; safe on an empty or already freed image. */
void image_free(struct image *img);

#endif
