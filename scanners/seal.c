/* struct seal helpers and the signature check of scanners/seal.h, with OpenSSL. */
#include "scanners/seal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "scanners/pki.h"

/* Length of the well-formed UTF-8 character at p (at most n bytes), or 0. Overlong
 * forms, surrogates and code points past U+10FFFF are not well formed (RFC 3629). */
static size_t utf8_char(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len;
	unsigned min;
	unsigned cp;
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2, min = 0x80, cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3, min = 0x800, cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int seal_add_field(struct seal *s, const char *name, const char *value, size_t value_len)
{
	if (s->n_fields >= SEAL_MAX_FIELDS)
		return -1;
	struct seal_field *f = &s->fields[s->n_fields++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	const unsigned char *v = (const unsigned char *)value;
	size_t o = 0;
	for (size_t i = 0; i < value_len;) {
		size_t k = utf8_char(v + i, value_len - i);
		if (k == 0 || (k == 1 && (v[i] < 0x20 || v[i] == 0x7F))) {
			/* a control byte would move the cursor on the officer's screen */
			if (o + 1 >= sizeof(f->value))
				break;
			f->value[o++] = '?';
			i++;
			continue;
		}
		if (o + k >= sizeof(f->value))
			break;
		memcpy(f->value + o, v + i, k);
		o += k;
		i += k;
	}
	f->value[o] = '\0';
	return 0;
}

const char *seal_field(const struct seal *s, const char *name)
{
	for (int i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return s->fields[i].value;
	return NULL;
}

void seal_free(struct seal *s)
{
	if (!s)
		return;
	free(s->sig.value);
	free(s->sig.data);
	free(s->sig.cert);
	memset(s, 0, sizeof(*s));
}

const char *seal_kind_name(enum seal_kind k)
{
	switch (k) {
	case SEAL_VDS:
		return "vds";
	case SEAL_VDSNC:
		return "vds-nc";
	case SEAL_BCBP:
		return "bcbp";
	case SEAL_RAW:
		break;
	}
	return "raw";
}

/* Copies [from, to) as an MRZ-style name part: upper case, '<', ',' and blanks as
 * single spaces, no space at either end. */
static void name_part(const char *from, const char *to, char *out, size_t len)
{
	size_t o = 0;
	int space = 0;
	for (const char *p = from; p < to && o + 1 < len; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '<' || c == ',' || c == ' ' || c == '\t') {
			space = o > 0;
			continue;
		}
		if (space) {
			if (o + 2 >= len)
				break;
			out[o++] = ' ';
			space = 0;
		}
		out[o++] = (char)(c < 0x80 ? toupper(c) : c);
	}
	out[o] = '\0';
}

void seal_split_name(const char *name, int slash, struct seal_person *p)
{
	const char *end = name + strlen(name);
	const char *cut = NULL;
	if (slash) {
		cut = strchr(name, '/');
	} else {
		const char *q = name;
		while (*q == ' ')
			q++;
		cut = strchr(q, ' ');
	}
	if (!cut)
		cut = end;
	name_part(name, cut, p->surname, sizeof(p->surname));
	name_part(cut < end ? cut + 1 : end, end, p->given_names, sizeof(p->given_names));
	if (p->surname[0] || p->given_names[0])
		p->have |= SEAL_HAVE_NAME;
}

/* --- signatures ---------------------------------------------------------------------- */

const char *seal_verdict_name(enum seal_verdict v)
{
	static const char *const names[] = {
		[SEAL_UNSIGNED] = "unsigned",
		[SEAL_VALID] = "valid",
		[SEAL_UNTRUSTED] = "untrusted",
		[SEAL_REVOKED] = "revoked",
		[SEAL_SIGNER_UNKNOWN] = "signer_unknown",
		[SEAL_INVALID] = "invalid",
		[SEAL_UNSUPPORTED] = "unsupported",
	};
	if ((unsigned)v < sizeof(names) / sizeof(names[0]) && names[v])
		return names[v];
	return "invalid";
}

static void serial_text(const X509 *x, char *out, size_t len)
{
	out[0] = '\0';
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	if (hex) {
		const char *h = hex;
		if (*h == '-')
			h++;
		while (h[0] == '0' && h[1] != '\0')
			h++;
		snprintf(out, len, "%s", h);
	}
	OPENSSL_free(hex);
	BN_free(bn);
}

int seal_cert_serial(const unsigned char *cert, size_t len, char *out, size_t out_len)
{
	const unsigned char *p = cert;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	ERR_clear_error();
	if (!x)
		return -1;
	serial_text(x, out, out_len);
	X509_free(x);
	return 0;
}

int seal_cert_ref_matches(const char *cert_ref, const char *serial)
{
	while (*cert_ref == '0' && cert_ref[1] != '\0')
		cert_ref++;
	while (*serial == '0' && serial[1] != '\0')
		serial++;
	if (!*cert_ref)
		return 0;
	for (; *cert_ref && *serial; cert_ref++, serial++)
		if (toupper((unsigned char)*cert_ref) != toupper((unsigned char)*serial))
			return 0;
	return *cert_ref == '\0' && *serial == '\0';
}

/* The digest a seal is signed with: named by alg, or (9303-13) by the key size. */
static const EVP_MD *seal_md(const char *alg, int key_bits)
{
	if (alg[0] == '\0') {
		if (key_bits <= 256)
			return EVP_sha256();
		return key_bits <= 384 ? EVP_sha384() : EVP_sha512();
	}
	if (strcmp(alg, "ES256") == 0)
		return EVP_sha256();
	if (strcmp(alg, "ES384") == 0)
		return EVP_sha384();
	if (strcmp(alg, "ES512") == 0)
		return EVP_sha512();
	return NULL;
}

/* The signature as DER, as OpenSSL verifies it: r‖s converted, DER re-encoded so that
 * a lax encoding (leading zeros, trailing bytes) cannot pass. NULL when malformed. */
static unsigned char *sig_der(const struct seal_signature *sig, int order_bytes, int *der_len)
{
	ECDSA_SIG *es = NULL;
	if (sig->format == SEAL_SIG_RAW) {
		size_t half = sig->value_len / 2;
		if (sig->value_len == 0 || sig->value_len % 2 != 0 || half > (size_t)order_bytes)
			return NULL;
		BIGNUM *r = BN_bin2bn(sig->value, (int)half, NULL);
		BIGNUM *s = BN_bin2bn(sig->value + half, (int)half, NULL);
		es = ECDSA_SIG_new();
		if (!r || !s || !es || ECDSA_SIG_set0(es, r, s) != 1) {
			BN_free(r);
			BN_free(s);
			ECDSA_SIG_free(es);
			return NULL;
		}
	} else {
		const unsigned char *p = sig->value;
		es = d2i_ECDSA_SIG(NULL, &p, (long)sig->value_len);
		if (!es || p != sig->value + sig->value_len) {
			ECDSA_SIG_free(es);
			return NULL;
		}
	}
	unsigned char *der = NULL;
	*der_len = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	if (*der_len <= 0) {
		OPENSSL_free(der);
		return NULL;
	}
	if (sig->format == SEAL_SIG_DER &&
	    ((size_t)*der_len != sig->value_len || memcmp(der, sig->value, sig->value_len) != 0)) {
		OPENSSL_free(der);
		return NULL;
	}
	return der;
}

static void check_signature(const struct seal *s, X509 *x, struct seal_check *out)
{
	EVP_PKEY *key = X509_get0_pubkey(x);
	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
		out->verdict = SEAL_UNSUPPORTED;
		snprintf(out->reason, sizeof(out->reason),
			 "signer key is not an elliptic curve key");
		return;
	}
	int bits = EVP_PKEY_get_bits(key);
	const EVP_MD *md = seal_md(s->sig.alg, bits);
	if (!md) {
		out->verdict = SEAL_UNSUPPORTED;
		snprintf(out->reason, sizeof(out->reason),
			 "signature algorithm '%s' is not supported", s->sig.alg);
		return;
	}
	int der_len = 0;
	unsigned char *der = sig_der(&s->sig, (bits + 7) / 8, &der_len);
	out->signature = CHIP_FAILED;
	if (!der) {
		snprintf(out->reason, sizeof(out->reason), "signature is malformed");
		return;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, der, (size_t)der_len, s->sig.data, s->sig.data_len) == 1)
		out->signature = CHIP_PASSED;
	else
		snprintf(out->reason, sizeof(out->reason),
			 "signature does not verify with the signer's key");
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
}

void seal_verify(const struct seal *s, const unsigned char *cert, size_t cert_len,
		 const struct chip_trust *trust, struct seal_check *out)
{
	memset(out, 0, sizeof(*out));
	out->signature = out->trusted = CHIP_NOT_PERFORMED;
	if (!s->sig.present) {
		out->verdict = SEAL_UNSIGNED;
		return;
	}
	if (!cert) {
		cert = s->sig.cert;
		cert_len = s->sig.cert_len;
	}
	if (!cert || cert_len == 0) {
		out->verdict = SEAL_SIGNER_UNKNOWN;
		snprintf(out->reason, sizeof(out->reason),
			 "no certificate for signer '%s' reference '%s'", s->sig.signer,
			 s->sig.cert_ref);
		return;
	}
	const unsigned char *p = cert;
	X509 *x = d2i_X509(NULL, &p, (long)cert_len);
	if (!x || p != cert + cert_len) {
		X509_free(x);
		ERR_clear_error();
		out->verdict = SEAL_INVALID;
		out->signature = CHIP_FAILED;
		snprintf(out->reason, sizeof(out->reason), "signer certificate is malformed");
		return;
	}
	pki_name_text(X509_get_subject_name(x), out->signer_subject, sizeof(out->signer_subject));
	serial_text(x, out->signer_serial, sizeof(out->signer_serial));
	out->verdict = SEAL_INVALID;
	check_signature(s, x, out);
	if (out->verdict == SEAL_UNSUPPORTED || out->signature != CHIP_PASSED) {
		X509_free(x);
		ERR_clear_error();
		return;
	}
	struct pki_chain c;
	pki_check_chain(x, NULL, trust, "barcode signer certificate", &c);
	out->trusted = c.trusted;
	snprintf(out->anchor_subject, sizeof(out->anchor_subject), "%s", c.anchor_subject);
	if (c.trusted == CHIP_PASSED)
		out->verdict = SEAL_VALID;
	else
		out->verdict = c.revoked ? SEAL_REVOKED : SEAL_UNTRUSTED;
	snprintf(out->reason, sizeof(out->reason), "%s", c.reason);
	X509_free(x);
	ERR_clear_error();
}
