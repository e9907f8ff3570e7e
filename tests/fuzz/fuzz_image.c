/* libFuzzer target: the face image decoders (scanners/image.c), JPEG and JPEG 2000.
 * The bytes are what a chip put in DG2: whatever they are, the decoder returns an
 * image within its caps or a reason, and never aborts, leaks or writes to stderr. The
 * cap on pixels is lowered so that each input decodes in milliseconds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_PIXELS = 512 * 512 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image img;
	struct error err;
	error_clear(&err);
	if (image_decode(data, size, FUZZ_MAX_PIXELS, &img, &err) < 0) {
		if (err.msg[0] == '\0' || img.rgb || img.width || img.height)
			abort(); /* refused without a reason, or half-filled */
		return 0;
	}
	if (img.width < 1 || img.height < 1 || img.width > IMAGE_MAX_SIDE ||
	    img.height > IMAGE_MAX_SIDE || (long)img.width * img.height > FUZZ_MAX_PIXELS ||
	    img.stride != (size_t)img.width * 3 || !img.rgb || img.format == IMAGE_UNKNOWN)
		abort();
	/* every pixel is there to be read (ASan checks the bounds) */
	unsigned sum = 0;
	for (size_t i = 0; i < img.stride * (size_t)img.height; i++)
		sum += img.rgb[i];
	(void)sum;
	image_free(&img);
	if (img.rgb)
		abort();
	return 0;
}
