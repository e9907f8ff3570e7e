/* EF.SOD and Passive Authentication with OpenSSL's CMS and X509 verification; the
 * LDSSecurityObject is read with scanners/tlv.c. The signature and the certificate
 * chain are checked separately (CMS_NO_SIGNER_CERT_VERIFY, then X509_verify_cert),
 * because "signed by someone" and "signed by a state we trust" are different findings
 * for the officer. */
#include "scanners/sod.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "scanners/pki.h"
#include "scanners/tlv.h"

/* id-icao-mrtd-security-ldsSecurityObject (9303-10 4.6.2.1) */
static const char OID_LDS_SECURITY_OBJECT[] = "2.23.136.1.1.1";

static void set_reason(struct sod *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the first reason: the one that explains the verdict. */
static void set_reason(struct sod *s, const char *fmt, ...)
{
	if (s->reason[0] != '\0')
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
}

/* --- the LDSSecurityObject -------------------------------------------------------- */

static const struct {
	unsigned char oid[9];
	size_t len;
	const char *name;
	int nid;
	size_t size;
} hash_algs[] = {
	{ { 0x2B, 0x0E, 0x03, 0x02, 0x1A }, 5, "SHA-1", NID_sha1, 20 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04 }, 9, "SHA-224", NID_sha224, 28 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 }, 9, "SHA-256", NID_sha256, 32 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 }, 9, "SHA-384", NID_sha384, 48 },
	{ { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 }, 9, "SHA-512", NID_sha512, 64 },
};

/* A small non-negative INTEGER, DER or not; -1 otherwise. */
static long small_int(const struct tlv *t)
{
	if (t->tag != 0x02 || t->len == 0 || t->len > 4 || (t->value[0] & 0x80))
		return -1;
	long v = 0;
	for (size_t i = 0; i < t->len; i++)
		v = v << 8 | t->value[i];
	return v;
}

/* The next element of a SEQUENCE's value: fills t and moves *pos past it. */
static int next(const struct tlv *seq, size_t *pos, struct tlv *t)
{
	if (*pos >= seq->len || tlv_parse(seq->value + *pos, seq->len - *pos, t) < 0)
		return -1;
	*pos += t->size;
	return 0;
}

/* LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm AlgorithmIdentifier,
 * dataGroupHashValues SEQUENCE OF DataGroupHash, ldsVersionInfo (V1 only) } */
int sod_parse_lso(const unsigned char *der, size_t len, struct sod *out)
{
	struct tlv lso, t, alg, oid, hashes;
	size_t pos = 0, apos = 0;
	out->version = 0;
	out->hash_name[0] = '\0';
	out->hash_nid = 0;
	out->n_hashes = 0;
	if (tlv_parse(der, len, &lso) < 0 || lso.tag != 0x30 || lso.size != len)
		return -1;
	if (next(&lso, &pos, &t) < 0 || (out->version = (int)small_int(&t)) < 0 || out->version > 1)
		return -1;
	if (next(&lso, &pos, &alg) < 0 || alg.tag != 0x30 || next(&alg, &apos, &oid) < 0 ||
	    oid.tag != 0x06)
		return -1;
	/* parameters, when present, are NULL (RFC 5754 allows both) */
	if (apos < alg.len &&
	    (next(&alg, &apos, &t) < 0 || t.tag != 0x05 || t.len != 0 || apos != alg.len))
		return -1;
	size_t digest = 0;
	for (size_t i = 0; i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++)
		if (oid.len == hash_algs[i].len && !memcmp(oid.value, hash_algs[i].oid, oid.len)) {
			snprintf(out->hash_name, sizeof(out->hash_name), "%s", hash_algs[i].name);
			out->hash_nid = hash_algs[i].nid;
			digest = hash_algs[i].size;
		}
	if (!digest)
		return -1;
	if (next(&lso, &pos, &hashes) < 0 || hashes.tag != 0x30)
		return -1;
	size_t hpos = 0;
	while (hpos < hashes.len) {
		struct tlv item, num, value;
		size_t ipos = 0;
		if (next(&hashes, &hpos, &item) < 0 || item.tag != 0x30 ||
		    next(&item, &ipos, &num) < 0 || next(&item, &ipos, &value) < 0 ||
		    ipos != item.len || value.tag != 0x04 || value.len != digest)
			return -1;
		long dg = small_int(&num);
		if (dg < 1 || dg > LDS_MAX_DG || out->n_hashes >= LDS_MAX_DG)
			return -1;
		for (int i = 0; i < out->n_hashes; i++)
			if (out->hashes[i].dg == dg)
				return -1;
		struct sod_dg_hash *h = &out->hashes[out->n_hashes++];
		h->dg = (int)dg;
		h->len = value.len;
		memcpy(h->value, value.value, value.len);
	}
	if (out->n_hashes == 0)
		return -1;
	/* V1: LDSVersionInfo; nothing else may follow */
	if (pos < lso.len) {
		if (out->version != 1 || next(&lso, &pos, &t) < 0 || t.tag != 0x30)
			return -1;
	}
	return pos == lso.len ? 0 : -1;
}

int sod_has(const struct sod *s, int dg)
{
	for (int i = 0; i < s->n_hashes; i++)
		if (s->hashes[i].dg == dg)
			return 1;
	return 0;
}

int sod_check(const struct sod *s, int dg, const unsigned char *data, size_t len)
{
	for (int i = 0; i < s->n_hashes; i++) {
		if (s->hashes[i].dg != dg)
			continue;
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int md_len = 0;
		const EVP_MD *type = EVP_get_digestbynid(s->hash_nid);
		if (!type || EVP_Digest(data, len, md, &md_len, type, NULL) != 1)
			return 0;
		return md_len == s->hashes[i].len && memcmp(md, s->hashes[i].value, md_len) == 0;
	}
	return -1;
}

/* --- the signature and the chain ---------------------------------------------------- */

static void check_chain(X509 *ds, STACK_OF(X509) * carried, const struct chip_trust *trust,
			struct sod *out)
{
	struct pki_chain c;
	pki_check_chain(ds, carried, trust, "DS certificate", &c);
	out->ds_trusted = c.trusted;
	out->ds_revoked = c.revoked;
	snprintf(out->csca_subject, sizeof(out->csca_subject), "%s", c.anchor_subject);
	if (c.reason[0])
		set_reason(out, "%s", c.reason);
}

int sod_verify(const unsigned char *buf, size_t len, const struct chip_trust *trust,
	       struct sod *out)
{
	memset(out, 0, sizeof(*out));
	out->signature = out->ds_trusted = CHIP_NOT_PERFORMED;
	struct tlv sod;
	if (tlv_parse(buf, len, &sod) < 0 || sod.tag != 0x77) {
		set_reason(out, "EF.SOD is not a '77' object");
		return -1;
	}
	int rc = -1;
	const unsigned char *p = sod.value;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sod.len);
	STACK_OF(X509) *certs = NULL;
	BIO *sink = NULL;
	char oid[64] = "";
	if (!cms || p != sod.value + sod.len) {
		set_reason(out, "EF.SOD holds no CMS object");
		goto done;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		set_reason(out, "EF.SOD is not CMS SignedData");
		goto done;
	}
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms);
	if (!type || OBJ_obj2txt(oid, sizeof(oid), type, 1) <= 0 ||
	    strcmp(oid, OID_LDS_SECURITY_OBJECT) != 0) {
		set_reason(out, "EF.SOD signs '%s', not an LDS security object", oid);
		goto done;
	}
	ASN1_OCTET_STRING **content = CMS_get0_content(cms);
	if (!content || !*content ||
	    sod_parse_lso(ASN1_STRING_get0_data(*content), (size_t)ASN1_STRING_length(*content),
			  out) < 0) {
		set_reason(out, "EF.SOD's LDS security object is malformed");
		goto done;
	}
	STACK_OF(CMS_SignerInfo) *signers = CMS_get0_SignerInfos(cms);
	if (!signers || sk_CMS_SignerInfo_num(signers) != 1) {
		set_reason(out, "EF.SOD must have exactly one signer");
		goto done;
	}
	rc = 0;
	/* the DS certificate: matched to the signer among those the SOD carries */
	certs = CMS_get1_certs(cms);
	X509 *ds = NULL;
	if (CMS_set1_signers_certs(cms, NULL, 0) >= 0)
		CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(signers, 0), NULL, &ds, NULL,
					 NULL);
	ERR_clear_error();
	if (!ds) {
		out->signature = CHIP_FAILED;
		set_reason(out, "EF.SOD carries no Document Signer certificate");
		goto done;
	}
	pki_name_text(X509_get_subject_name(ds), out->ds_subject, sizeof(out->ds_subject));
	sink = BIO_new(BIO_s_null());
	if (sink &&
	    CMS_verify(cms, NULL, NULL, NULL, sink, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1) {
		out->signature = CHIP_PASSED;
	} else {
		out->signature = CHIP_FAILED;
		unsigned long e = ERR_peek_last_error();
		const char *why = e ? ERR_reason_error_string(e) : NULL;
		set_reason(out, "EF.SOD signature does not verify: %s", why ? why : "unknown");
	}
	ERR_clear_error();
	check_chain(ds, certs, trust, out);
done:
	BIO_free(sink);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}
