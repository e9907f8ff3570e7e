/* Training chips: a PKI made for the run with OpenSSL and chip images built byte by byte
 * as ICAO 9303-10 lays them out, so that a scenario's fault is a real fault that Passive
 * Authentication (scanners/chip.c, scanners/sod.c) finds, never a verdict written in. */
#include "app/training_chip.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "i18n/i18n.h"
#include "scanners/document.h"
#include "scanners/lds.h"
#include "scanners/tlv.h"

/* id-icao-mrtd-security-ldsSecurityObject (9303-10 4.6.2.1) */
static const char OID_LDS_SECURITY_OBJECT[] = "2.23.136.1.1.1";
/* id-sha256 (2.16.840.1.101.3.4.2.1) */
static const unsigned char OID_SHA256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };

/* Ten years, leap days included. */
enum { VALID_DAYS = 3653, BACKDATE_SECONDS = 3600 };

struct party {
	EVP_PKEY *key;
	X509 *cert;
};

struct training_pki {
	struct party csca, ds;             /* the run's: its CSCA goes into the trust store */
	struct party other_csca, other_ds; /* for unknown issuers: in no trust store */
	unsigned char *csca_der;           /* OPENSSL_malloc'd */
	size_t csca_len;
};

/* --- the run's PKI ---------------------------------------------------------------------- */

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	int ok = ext && X509_add_ext(cert, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* A random positive serial: CSCAs of different runs share their names, and issuer and
 * serial must still tell their certificates apart. */
static int random_serial(X509 *x)
{
	uint64_t v = 0;
	if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		return -1;
	v = (v >> 1) | 1;
	return ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), v) == 1 ? 0 : -1;
}

/* A certificate for cn in country: a CA (self-signed when issuer is NULL) or a Document
 * Signer. The extensions are those 9303-12 7.1.1 asks of each and the chain check needs. */
static int make_party(const char *country, const char *cn, const struct party *issuer, int ca,
		      struct party *out)
{
	out->key = EVP_EC_gen("P-256");
	out->cert = X509_new();
	if (!out->key || !out->cert)
		return -1;
	X509 *x = out->cert;
	X509 *signer = issuer ? issuer->cert : x;
	EVP_PKEY *signer_key = issuer ? issuer->key : out->key;
	X509_NAME *name = X509_get_subject_name(x);
	/* PrintableString as given: the MRZ code of a training state ("UTO") has three
	 * letters, which OpenSSL's table for countryName would refuse */
	if (X509_set_version(x, X509_VERSION_3) != 1 || random_serial(x) < 0 ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -BACKDATE_SECONDS) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), VALID_DAYS, -BACKDATE_SECONDS, NULL) ||
	    X509_set_pubkey(x, out->key) != 1 ||
	    X509_NAME_add_entry_by_NID(name, NID_countryName, V_ASN1_PRINTABLESTRING,
				       (const unsigned char *)country, -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
				       (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, X509_get_subject_name(signer)) != 1)
		return -1;
	if (ca) {
		if (add_ext(x, signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") < 0 ||
		    add_ext(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign") < 0)
			return -1;
	} else if (add_ext(x, signer, NID_key_usage, "critical,digitalSignature") < 0) {
		return -1;
	}
	if (add_ext(x, signer, NID_subject_key_identifier, "hash") < 0 ||
	    (issuer && add_ext(x, signer, NID_authority_key_identifier, "keyid:always") < 0))
		return -1;
	return X509_sign(x, signer_key, EVP_sha256()) > 0 ? 0 : -1;
}

static void party_free(struct party *p)
{
	EVP_PKEY_free(p->key); /* clears the private key before freeing it */
	X509_free(p->cert);
	p->key = NULL;
	p->cert = NULL;
}

static int country_ok(const char *country)
{
	size_t n = country ? strlen(country) : 0;
	if (n < 1 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (country[i] < 'A' || country[i] > 'Z')
			return 0;
	return 1;
}

int training_pki_new(const char *country, struct training_pki **out, struct error *err)
{
	*out = NULL;
	if (!country_ok(country))
		return error_set(err, ERR_USAGE,
				 _("the training country '%s' is not a code of 1 to 3 letters"),
				 country ? country : "");
	struct training_pki *p = calloc(1, sizeof(*p));
	if (!p)
		return error_set(err, ERR_IO, _("out of memory"));
	int der_len = -1;
	if (make_party(country, "Training CSCA", NULL, 1, &p->csca) == 0 &&
	    make_party(country, "Training DS", &p->csca, 0, &p->ds) == 0 &&
	    make_party(country, "Training Unknown CSCA", NULL, 1, &p->other_csca) == 0 &&
	    make_party(country, "Training Unknown DS", &p->other_csca, 0, &p->other_ds) == 0)
		der_len = i2d_X509(p->csca.cert, &p->csca_der);
	ERR_clear_error();
	if (der_len <= 0) {
		training_pki_free(&p);
		return error_set(err, ERR_IO,
				 _("cannot make the training certificates; start the run again"));
	}
	p->csca_len = (size_t)der_len;
	*out = p;
	return 0;
}

void training_pki_free(struct training_pki **p)
{
	if (!p || !*p)
		return;
	party_free(&(*p)->csca);
	party_free(&(*p)->ds);
	party_free(&(*p)->other_csca);
	party_free(&(*p)->other_ds);
	OPENSSL_free((*p)->csca_der);
	free(*p);
	*p = NULL;
}

const unsigned char *training_pki_csca(const struct training_pki *p, size_t *len)
{
	*len = p->csca_len;
	return p->csca_der;
}

/* --- the chip's files ------------------------------------------------------------------- */

/* Appends tag, length (BER, long form from 128 bytes) and value to buf (cap bytes). */
static int put(unsigned char *buf, size_t cap, size_t *at, unsigned tag, const void *value,
	       size_t len)
{
	unsigned char h[8];
	size_t hn = tlv_header(tag, len, h);
	if (cap - *at < hn || cap - *at - hn < len)
		return -1;
	memcpy(buf + *at, h, hn);
	if (len)
		memcpy(buf + *at + hn, value, len);
	*at += hn + len;
	return 0;
}

/* Stores a copy of bytes as file f of the chip. */
static int set_file(struct chip_result *out, enum chip_file_id f, const unsigned char *bytes,
		    size_t len)
{
	unsigned char *copy = malloc(len);
	if (!copy)
		return -1;
	memcpy(copy, bytes, len);
	out->files[f].data = copy;
	out->files[f].len = len;
	out->files[f].present = 1;
	return 0;
}

/* The lines one after the other, as DG1 holds them (9303-10 4.7.1); -1 when they are no
 * MRZ a DG1 can carry: 2 lines of 44 or 36, or 3 of 30. */
static int join_lines(const char *const *lines, int n, char *mrz, size_t *len)
{
	if (!lines || (n != 2 && n != 3))
		return -1;
	size_t width = 0;
	*len = 0;
	for (int i = 0; i < n; i++) {
		size_t w = lines[i] ? strnlen(lines[i], MRZ_MAX_LINE + 1) : 0;
		if (i > 0 && w != width)
			return -1;
		width = w;
		if (w > MRZ_MAX_LINE)
			return -1;
		memcpy(mrz + *len, lines[i], w);
		*len += w;
	}
	return (n == 2 && (width == 44 || width == 36)) || (n == 3 && width == 30) ? 0 : -1;
}

/* DG1: '61' { '5F1F' MRZ } */
static int make_dg1(const char *mrz, size_t mrz_len, unsigned char *buf, size_t cap, size_t *len)
{
	unsigned char inner[3 * MRZ_MAX_LINE + 8];
	size_t n = 0;
	*len = 0;
	if (put(inner, sizeof(inner), &n, 0x5F1F, mrz, mrz_len) < 0)
		return -1;
	return put(buf, cap, len, 0x61, inner, n);
}

/* EF.COM: '60' { '5F01' LDS 1.7, '5F36' Unicode 4.0.0, '5C' the tag list: DG1 only } */
static int make_com(unsigned char *buf, size_t cap, size_t *len)
{
	static const unsigned char tags[] = { 0x61 };
	unsigned char inner[32];
	size_t n = 0;
	*len = 0;
	if (put(inner, sizeof(inner), &n, 0x5F01, "0107", 4) < 0 ||
	    put(inner, sizeof(inner), &n, 0x5F36, "040000", 6) < 0 ||
	    put(inner, sizeof(inner), &n, 0x5C, tags, sizeof(tags)) < 0)
		return -1;
	return put(buf, cap, len, 0x60, inner, n);
}

/* LDSSecurityObject ::= SEQUENCE { version 0, hashAlgorithm { id-sha256, NULL },
 * dataGroupHashValues SEQUENCE OF { dataGroupNumber 1, SHA-256(dg1) } } */
static int make_lso(const unsigned char *dg1, size_t dg1_len, unsigned char *buf, size_t cap,
		    size_t *len)
{
	unsigned char md[32], item[48], hashes[64], alg[24], body[128];
	static const unsigned char version = 0, dg_number = 1;
	size_t i = 0, h = 0, a = 0, b = 0;
	*len = 0;
	if (EVP_Digest(dg1, dg1_len, md, NULL, EVP_sha256(), NULL) != 1)
		return -1;
	if (put(item, sizeof(item), &i, 0x02, &dg_number, 1) < 0 ||
	    put(item, sizeof(item), &i, 0x04, md, sizeof(md)) < 0 ||
	    put(hashes, sizeof(hashes), &h, 0x30, item, i) < 0 ||
	    put(alg, sizeof(alg), &a, 0x06, OID_SHA256, sizeof(OID_SHA256)) < 0 ||
	    put(alg, sizeof(alg), &a, 0x05, NULL, 0) < 0 ||
	    put(body, sizeof(body), &b, 0x02, &version, 1) < 0 ||
	    put(body, sizeof(body), &b, 0x30, alg, a) < 0 ||
	    put(body, sizeof(body), &b, 0x30, hashes, h) < 0)
		return -1;
	return put(buf, cap, len, 0x30, body, b);
}

/* Changes the last byte of the SignerInfo's signature. For ECDSA that is the low byte
 * of s: the SOD stays well formed and its signature simply does not verify, which is
 * the finding a tampered chip gives, not a parse error. */
static int break_signature(CMS_ContentInfo *cms)
{
	STACK_OF(CMS_SignerInfo) *signers = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si = signers ? sk_CMS_SignerInfo_value(signers, 0) : NULL;
	ASN1_OCTET_STRING *sig = si ? CMS_SignerInfo_get0_signature(si) : NULL;
	int n = sig ? ASN1_STRING_length(sig) : 0;
	if (n <= 0)
		return -1;
	unsigned char *bytes = OPENSSL_memdup(ASN1_STRING_get0_data(sig), (size_t)n);
	if (!bytes)
		return -1;
	bytes[n - 1] ^= 0x01;
	int ok = ASN1_OCTET_STRING_set(sig, bytes, n) == 1;
	OPENSSL_free(bytes);
	return ok ? 0 : -1;
}

/* EF.SOD: '77' { ContentInfo SignedData over lso, signed by signer } into the chip. */
static int make_sod(const struct party *signer, const unsigned char *lso, size_t lso_len,
		    int bad_signature, struct chip_result *out)
{
	int rc = -1;
	BIO *in = BIO_new_mem_buf(lso, (int)lso_len);
	ASN1_OBJECT *type = OBJ_txt2obj(OID_LDS_SECURITY_OBJECT, 1);
	CMS_ContentInfo *cms = NULL;
	unsigned char *der = NULL, *sod = NULL;
	if (!in || !type)
		goto done;
	cms = CMS_sign(signer->cert, signer->key, NULL, NULL,
		       CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP);
	if (!cms || CMS_set1_eContentType(cms, type) != 1 ||
	    CMS_final(cms, in, NULL, CMS_BINARY) != 1)
		goto done;
	if (bad_signature && break_signature(cms) < 0)
		goto done;
	int n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0)
		goto done;
	unsigned char h[8];
	size_t hn = tlv_header(0x77, (size_t)n, h);
	sod = malloc(hn + (size_t)n);
	if (!sod)
		goto done;
	memcpy(sod, h, hn);
	memcpy(sod + hn, der, (size_t)n);
	out->files[CHIP_SOD].data = sod;
	out->files[CHIP_SOD].len = hn + (size_t)n;
	out->files[CHIP_SOD].present = 1;
	rc = 0;
done:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	ASN1_OBJECT_free(type);
	BIO_free(in);
	ERR_clear_error();
	return rc;
}

/* Another MRZ character in place of c: what the DG1 was when it was signed. */
static char other_char(char c)
{
	if (c >= '0' && c <= '8')
		return (char)(c + 1);
	if (c >= 'A' && c <= 'Y')
		return (char)(c + 1);
	return c == 'Z' ? 'A' : '0';
}

int training_chip_make(const struct training_pki *p, const char *const *dg1_lines, int n_lines,
		       enum scn_chip fault, const struct chip_trust *trust, struct chip_result *out,
		       struct error *err)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CHIP_FILE_COUNT; i++)
		out->files[i].dg = chip_file_dg((enum chip_file_id)i);
	out->verdict = CHIP_READ_FAILED;
	snprintf(out->reader, sizeof(out->reader), "training");

	char mrz[3 * MRZ_MAX_LINE];
	size_t mrz_len = 0;
	if (!p || fault == SCN_CHIP_NONE || join_lines(dg1_lines, n_lines, mrz, &mrz_len) < 0)
		return error_set(err, ERR_USAGE,
				 _("the traveller's chip MRZ cannot be stored on a chip: give 2 "
				   "lines of 44 or 36 characters, or 3 of 30"));
	unsigned char dg1[3 * MRZ_MAX_LINE + 16], com[32], lso[160];
	size_t dg1_len, com_len, lso_len;
	if (make_dg1(mrz, mrz_len, dg1, sizeof(dg1), &dg1_len) < 0 ||
	    make_com(com, sizeof(com), &com_len) < 0)
		return error_set(err, ERR_IO,
				 _("cannot make the training chip; start the run again"));
	if (set_file(out, CHIP_COM, com, com_len) < 0 ||
	    set_file(out, CHIP_DG1, dg1, dg1_len) < 0) {
		chip_result_free(out);
		return error_set(err, ERR_IO, _("out of memory"));
	}

	if (fault != SCN_CHIP_NO_SOD) {
		/* a hash mismatch is a chip whose DG1 was changed after it was signed: the
		 * SOD signs the DG1 as issued, with another first document number character
		 * (TD1: line 1 from position 6; the others: line 2) */
		unsigned char issued[sizeof(dg1)];
		memcpy(issued, dg1, dg1_len);
		if (fault == SCN_CHIP_HASH_MISMATCH) {
			size_t number = mrz_len == 90 ? 5 : mrz_len / 2;
			unsigned char *c = issued + (dg1_len - mrz_len) + number;
			*c = (unsigned char)other_char((char)*c);
		}
		const struct party *signer =
			fault == SCN_CHIP_UNKNOWN_ISSUER ? &p->other_ds : &p->ds;
		if (make_lso(issued, dg1_len, lso, sizeof(lso), &lso_len) < 0 ||
		    make_sod(signer, lso, lso_len, fault == SCN_CHIP_BAD_SIGNATURE, out) < 0) {
			ERR_clear_error();
			chip_result_free(out);
			return error_set(err, ERR_IO,
					 _("cannot make the training chip; start the run again"));
		}
	}

	chip_verify_files(trust, out);
	/* as a read does from EF.COM */
	struct lds_com c;
	if (lds_com_parse(out->files[CHIP_COM].data, out->files[CHIP_COM].len, &c) == 0)
		memcpy(out->lds_version, c.lds_version, sizeof(out->lds_version));
	return 0;
}
