/* libFuzzer target: a document reader's byte stream (scanners/mrz_lines.c), fed in
 * chunks whose sizes come from the input itself.
 *
 * Input: byte 0 says how many of the following bytes (1-8) are chunk sizes, used in
 * turn (a size of 0 is a drain call with no data); the rest is the stream. Every
 * document returned must be 2 or 3 lines of one width 30/36/44 of A-Z, 0-9 and <, and
 * the same stream fed byte by byte must give the same documents. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/mrz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_DOCS = 256 };

struct docs {
	size_t n;
	char text[MAX_DOCS][MRZ_LINES_TEXT_MAX + 1];
};

static void check_document(const char *out, size_t outlen)
{
	size_t len = strnlen(out, outlen);
	if (len == outlen)
		abort(); /* not terminated */
	size_t lines = 1, width = 0, first = 0;
	for (size_t i = 0; i <= len; i++) {
		char c = out[i];
		if (c == '\n' || c == '\0') {
			if (lines == 1)
				first = width;
			else if (width != first)
				abort();
			if (c == '\n')
				lines++;
			width = 0;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'))
			abort();
		width++;
	}
	if (!((first == 30 && lines == 3) || ((first == 36 || first == 44) && lines == 2)))
		abort();
}

static void take(struct mrz_lines *a, const char *chunk, size_t len, struct docs *d)
{
	char out[MRZ_LINES_TEXT_MAX + 1];
	memset(out, 0x7f, sizeof(out));
	int rc = mrz_lines_feed(a, chunk, len, out, sizeof(out));
	while (rc == 1) {
		check_document(out, sizeof(out));
		if (d->n < MAX_DOCS)
			memcpy(d->text[d->n], out, sizeof(out));
		d->n++;
		memset(out, 0x7f, sizeof(out));
		rc = mrz_lines_feed(a, NULL, 0, out, sizeof(out));
	}
	if (rc != 0)
		abort();
}

static struct docs chunked, bytewise;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t nsizes = (size_t)(data[0] % 8) + 1;
	if (nsizes > size - 1)
		nsizes = size - 1;
	const uint8_t *sizes = data + 1;
	const char *stream = (const char *)(data + 1 + nsizes);
	size_t len = size - 1 - nsizes;

	/* on the heap, like a caller's struct, so that ASan sees any overrun */
	struct mrz_lines *a = malloc(sizeof(*a));
	if (!a)
		return 0;
	mrz_lines_reset(a);
	chunked.n = 0;
	size_t off = 0;
	for (size_t k = 0; off < len; k++) {
		size_t want = nsizes ? sizes[k % nsizes] : len;
		size_t n = want < len - off ? want : len - off;
		take(a, stream + off, n, &chunked);
		off += n;
		if (nsizes && k > 2 * len + 16)
			break; /* only zero sizes: nothing would ever be consumed */
	}
	unsigned long dropped = a->dropped;

	mrz_lines_reset(a);
	bytewise.n = 0;
	for (size_t i = 0; i < len; i++)
		take(a, stream + i, 1, &bytewise);
	if (a->dropped != 0)
		abort(); /* a drained queue never overflows */
	free(a);

	/* chunking changes nothing, unless a chunk held more than the queue */
	if (dropped == 0 && off == len) {
		if (chunked.n != bytewise.n)
			abort();
		for (size_t i = 0; i < chunked.n && i < MAX_DOCS; i++)
			if (strcmp(chunked.text[i], bytewise.text[i]) != 0)
				abort();
	}
	return 0;
}
