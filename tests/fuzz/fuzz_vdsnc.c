/* libFuzzer target: VDS-NC payloads (scanners/vdsnc.c), JSON from a QR code held up to
 * the scanner. A parsed seal stays within its arrays and holds only printable text; its
 * signed bytes are their own canonical form and read back as JSON; a refusal says why
 * and leaves nothing owned. The canonical form of any text is a fixed point, and
 * base64 decoded, encoded again and decoded gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "scanners/vdsnc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			abort();
}

static void check_seal(const struct seal *s)
{
	if (s->kind != SEAL_VDSNC || s->n_fields < 0 || s->n_fields > SEAL_MAX_FIELDS)
		abort();
	check_text(s->type, sizeof(s->type));
	check_text(s->issuer, sizeof(s->issuer));
	check_text(s->version, sizeof(s->version));
	if (!s->type[0] || !s->issuer[0] || !s->version[0])
		abort();
	for (int i = 0; i < s->n_fields; i++) {
		check_text(s->fields[i].name, sizeof(s->fields[i].name));
		check_text(s->fields[i].value, sizeof(s->fields[i].value));
		if (strncmp(s->fields[i].name, "msg", 3) != 0 &&
		    strcmp(s->fields[i].name, "truncated"))
			abort();
	}
	check_text(s->person.surname, sizeof(s->person.surname));
	check_text(s->person.given_names, sizeof(s->person.given_names));
	check_text(s->person.number, sizeof(s->person.number));
	if ((s->person.have & SEAL_HAVE_SEX) && !strchr("MFX", s->person.sex))
		abort();
	if (!s->sig.present) {
		if (s->sig.value || s->sig.data || s->sig.cert)
			abort();
		return;
	}
	check_text(s->sig.alg, sizeof(s->sig.alg));
	if (!s->sig.value || !s->sig.value_len || !s->sig.data || !s->sig.data_len ||
	    (s->sig.cert && !s->sig.cert_len))
		abort();
	/* the signed bytes are canonical already */
	char *again = NULL;
	size_t len = 0;
	if (vdsnc_canonicalize((const char *)s->sig.data, s->sig.data_len, &again, &len) != 0 ||
	    len != s->sig.data_len || memcmp(again, s->sig.data, len) != 0)
		abort();
	free(again);
}

static void check_base64(const char *in, size_t size)
{
	unsigned char *out = NULL;
	size_t len = 0;
	if (vdsnc_base64_decode(in, size, &out, &len) != 0) {
		if (out || len)
			abort();
		return;
	}
	if (len > size / 4 * 3 + 2)
		abort();
	char *enc = malloc(4 * ((len + 2) / 3) + 1);
	unsigned char *back = NULL;
	size_t back_len = 0;
	if (!enc)
		abort();
	int n = EVP_EncodeBlock((unsigned char *)enc, out, (int)len);
	if (n < 0 || vdsnc_base64_decode(enc, (size_t)n, &back, &back_len) != 0 ||
	    back_len != len || (len && memcmp(back, out, len) != 0))
		abort();
	free(back);
	free(enc);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct seal s;
	char why[128];
	if (vdsnc_parse(text, size, &s, why, sizeof(why)) == 0) {
		if (!vdsnc_looks_like(text, size))
			abort();
		check_seal(&s);
		seal_free(&s);
	} else if (!why[0] || s.n_fields || s.sig.value || s.sig.data || s.sig.cert ||
		   s.person.have) {
		abort();
	}
	char *canon = NULL;
	size_t len = 0;
	if (vdsnc_canonicalize(text, size, &canon, &len) == 0) {
		char *again = NULL;
		size_t again_len = 0;
		if (!canon || strlen(canon) != len ||
		    vdsnc_canonicalize(canon, len, &again, &again_len) != 0 || again_len != len ||
		    memcmp(again, canon, len) != 0)
			abort();
		free(again);
		free(canon);
	} else if (canon) {
		abort();
	}
	check_base64(text, size);
	return 0;
}
