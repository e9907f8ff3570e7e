/* libFuzzer target: barcode pictures (scanners/barcode.c), PNG through libpng and JPEG
 * through scanners/image.c, then zbar and libdmtx on the pixels. The bytes are a file an
 * officer was handed or a scanner wrote: whatever they are, the decoder returns symbols
 * within its caps or a reason, and never aborts, leaks or writes to stderr. Pixels and
 * the DataMatrix search are capped low so that each input takes milliseconds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/barcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_PIXELS = 160 * 160, FUZZ_DATAMATRIX_MS = 20 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct barcode_list l;
	struct error err;
	error_clear(&err);
	if (barcode_decode_memory_limits(data, size, FUZZ_MAX_PIXELS, FUZZ_DATAMATRIX_MS, &l,
					 &err) < 0) {
		if (err.msg[0] == '\0' || l.n || l.items || l.width || l.height)
			abort(); /* refused without a reason, or half-filled */
		return 0;
	}
	if (l.n < 0 || (l.n > 0) != (l.items != NULL) || l.width < 1 || l.height < 1 ||
	    (long)l.width * l.height > FUZZ_MAX_PIXELS)
		abort();
	for (int i = 0; i < l.n; i++) {
		const struct barcode_symbol *s = &l.items[i];
		if ((unsigned)s->symbology > BARCODE_OTHER || !s->data || s->data[s->len] != '\0')
			abort();
		for (int k = 0; k < i; k++) /* each symbol once */
			if (l.items[k].symbology == s->symbology && l.items[k].len == s->len &&
			    memcmp(l.items[k].data, s->data, s->len) == 0)
				abort();
	}
	barcode_list_free(&l);
	if (l.items || l.n)
		abort();
	return 0;
}
