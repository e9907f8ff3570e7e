/* libFuzzer target: ICAO Visible Digital Seals (scanners/vds.c), the bytes a DataMatrix
 * on a visa sticker gives back, and its C40 decoder. A seal refused is left empty with a
 * reason; a seal parsed has bounded, NUL-terminated fields, signed bytes that are the
 * start of the input itself and a signature zone that ends the input; what C40 decodes
 * encodes back to the same bytes (Annex B allows one encoding of each string). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/vds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned c40_value(char c)
{
	if (c == ' ')
		return 3;
	if (c >= '0' && c <= '9')
		return 4 + (unsigned)(c - '0');
	return 14 + (unsigned)(c - 'A');
}

/* Annex B encoding, to check the decoder against */
static size_t c40_encode(const char *t, size_t n, unsigned char *out)
{
	size_t o = 0, i = 0;
	for (; n - i >= 2; i += 3) {
		unsigned u3 = n - i >= 3 ? c40_value(t[i + 2]) : 0;
		unsigned v = 1600 * c40_value(t[i]) + 40 * c40_value(t[i + 1]) + u3 + 1;
		out[o++] = (unsigned char)(v >> 8);
		out[o++] = (unsigned char)v;
		if (n - i < 3)
			return o;
	}
	if (i < n) {
		out[o++] = 0xFE;
		out[o++] = (unsigned char)(t[i] + 1);
	}
	return o;
}

static void check_c40(const uint8_t *data, size_t size)
{
	static char text[4096 * 3 / 2 + 1];
	static unsigned char again[4096 + 2];
	if (size > 4096)
		return;
	int n = vds_c40_decode(data, size, text, sizeof(text));
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(text) || strlen(text) != (size_t)n || (size_t)n > size / 2 * 3)
		abort();
	for (int i = 0; i < n; i++)
		if (!(text[i] == ' ' || (text[i] >= '0' && text[i] <= '9') ||
		      (text[i] >= 'A' && text[i] <= 'Z')))
			abort();
	if (c40_encode(text, (size_t)n, again) != size || memcmp(again, data, size) != 0)
		abort();
}

static void terminated(const char *s, size_t n)
{
	if (memchr(s, '\0', n) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_c40(data, size);

	struct seal s;
	char why[160];
	if (vds_parse(data, size, &s, why, sizeof(why)) < 0) {
		/* refused: a reason, and nothing owned or half-filled */
		if (why[0] == '\0' || s.n_fields != 0 || s.sig.value || s.sig.data ||
		    s.mrz_lines != 0 || s.person.have != 0)
			abort();
		return 0;
	}
	if (!vds_looks_like(data, size) || s.kind != SEAL_VDS || s.n_fields < 6 ||
	    s.n_fields > SEAL_MAX_FIELDS || (s.mrz_lines != 0 && s.mrz_lines != 2))
		abort();
	terminated(s.type, sizeof(s.type));
	terminated(s.issuer, sizeof(s.issuer));
	terminated(s.version, sizeof(s.version));
	terminated(s.sig.signer, sizeof(s.sig.signer));
	terminated(s.sig.cert_ref, sizeof(s.sig.cert_ref));
	terminated(s.person.surname, sizeof(s.person.surname));
	terminated(s.person.given_names, sizeof(s.person.given_names));
	terminated(s.person.number, sizeof(s.person.number));
	for (int i = 0; i < s.n_fields; i++) {
		terminated(s.fields[i].name, sizeof(s.fields[i].name));
		terminated(s.fields[i].value, sizeof(s.fields[i].value));
	}
	if (s.mrz_lines == 2) {
		size_t w = strlen(s.mrz[0]);
		if ((w != 36 && w != 44) || strlen(s.mrz[1]) != w)
			abort();
	}
	if (s.sig.present) {
		/* signed: the header and message zone as read, then FF, length, r‖s to the end */
		if (!s.sig.value || !s.sig.data || s.sig.value_len % 2 ||
		    s.sig.data_len + 2 + s.sig.value_len > size ||
		    memcmp(s.sig.data, data, s.sig.data_len) != 0 || data[s.sig.data_len] != 0xFF ||
		    memcmp(s.sig.value, data + size - s.sig.value_len, s.sig.value_len) != 0)
			abort();
	} else if (s.sig.value || s.sig.data) {
		abort();
	}
	seal_free(&s);
	return 0;
}
