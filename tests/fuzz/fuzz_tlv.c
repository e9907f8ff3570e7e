/* libFuzzer target: BER-TLV (scanners/tlv.c) and the secure messaging answers built on
 * it (sm_unwrap in scanners/bac.c), everything a chip returns before anything else
 * looks at it. A parsed object lies inside the input, its size adds up, its header
 * written again parses back to the same tag and length, and a walk into constructed
 * objects never leaves the bytes it was given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/bac.h"
#include "scanners/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const unsigned char *buf, size_t len, int depth)
{
	size_t pos = 0;
	while (pos < len && depth < 16) {
		struct tlv t;
		if (tlv_parse(buf + pos, len - pos, &t) < 0)
			return;
		if (t.value < buf + pos || t.value + t.len > buf + len || t.size > len - pos ||
		    t.size != (size_t)(t.value - (buf + pos)) + t.len || t.size < 2)
			abort();
		unsigned char head[8], copy[8 + 64];
		size_t h = tlv_header(t.tag, t.len, head);
		if (h > 8)
			abort();
		if (t.len <= 64) {
			memcpy(copy, head, h);
			memcpy(copy + h, t.value, t.len);
			struct tlv again;
			if (tlv_parse(copy, h + t.len, &again) < 0 || again.tag != t.tag ||
			    again.len != t.len || again.size != h + t.len)
				abort();
		}
		struct tlv found;
		if (tlv_find(buf + pos, len - pos, t.tag, &found) != 1 || found.value != t.value)
			abort();
		if (t.constructed)
			walk(t.value, t.len, depth + 1);
		pos += t.size;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size, 0);
	/* a protected answer under the Appendix D session keys */
	static const struct sm start = {
		{ 0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC, 0xD0, 0x1A, 0xB0, 0xFE, 0xD3,
		  0x07, 0xEA, 0xE5 },
		{ 0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08, 0x80, 0x6B, 0x89, 0xDC, 0x57,
		  0x9D, 0xC1, 0xF8 },
		{ 0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x27 },
	};
	struct sm sm = start;
	static unsigned char out[8192];
	size_t out_len = 0;
	if (sm_unwrap(&sm, data, size, out, sizeof(out), &out_len) == 0) {
		if (out_len < 2 || out_len > sizeof(out) || out_len > size)
			abort();
		/* success is never unauthenticated */
		if (size == 2 && out[0] == 0x90 && out[1] == 0x00)
			abort();
	}
	return 0;
}
