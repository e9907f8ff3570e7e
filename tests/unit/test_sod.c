/* scanners/sod.c: Passive Authentication against a PKI made here with OpenSSL (a CSCA,
 * a Document Signer it issued, an unrelated CSCA, CRLs) and an EF.SOD signed with
 * CMS_sign over an LDSSecurityObject built byte by byte: genuine, altered data group,
 * tampered signature, unknown CSCA, revoked DS, and malformed objects. */
#include "pki_testutil.h"

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "scanners/sod.h"
#include "scanners/tlv.h"

static const unsigned char DG1[] = "\x61\x05\x5F\x1F\x02"
				   "AB";
static const unsigned char DG2[] = "\x75\x03\x02\x01\x01";

struct pki {
	EVP_PKEY *csca_key, *ds_key, *other_key;
	X509 *csca, *ds, *other;
};

static struct pki pki;

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	assert_non_null(k);
	return k;
}

/* An extension by OID with a DER value, critical */
static void add_raw_ext(X509 *cert, const char *oid, const unsigned char *der, int len)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
	ASN1_OCTET_STRING_set(v, der, len);
	X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, obj, 1, v);
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(cert, ext, -1), 1);
	X509_EXTENSION_free(ext);
	ASN1_OCTET_STRING_free(v);
	ASN1_OBJECT_free(obj);
}

static X509 *new_cert(const char *org, const char *cn, EVP_PKEY *key, X509 *issuer,
		      EVP_PKEY *issuer_key, long serial, int ca, const char *critical_oid)
{
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"UT", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)org, -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 3650);
	X509_set_pubkey(x, key);
	if (ca) {
		pki_add_ext(x, issuer ? issuer : x, NID_basic_constraints,
			    "critical,CA:TRUE,pathlen:0");
		pki_add_ext(x, issuer ? issuer : x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		pki_add_ext(x, issuer, NID_key_usage, "critical,digitalSignature");
	}
	pki_add_ext(x, issuer ? issuer : x, NID_subject_key_identifier, "hash");
	if (critical_oid) {
		/* a document type list: SEQUENCE { INTEGER 0, SET { PrintableString "P" } } */
		static const unsigned char dtl[] = { 0x30, 0x08, 0x02, 0x01, 0x00,
						     0x31, 0x03, 0x13, 0x01, 0x50 };
		add_raw_ext(x, critical_oid, dtl, sizeof(dtl));
	}
	assert_true(X509_sign(x, issuer_key, EVP_sha256()) > 0);
	return x;
}

static int setup(void **state)
{
	(void)state;
	pki.csca_key = new_key();
	pki.ds_key = new_key();
	pki.other_key = new_key();
	pki.csca = new_cert("Utopia", "CSCA Utopia Test", pki.csca_key, NULL, pki.csca_key, 1, 1,
			    NULL);
	pki.ds = new_cert("Utopia", "Document Signer Utopia Test", pki.ds_key, pki.csca,
			  pki.csca_key, 77, 0, NULL);
	pki.other = new_cert("Nowhere", "CSCA Nowhere Test", pki.other_key, NULL, pki.other_key, 1,
			     1, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	X509_free(pki.csca);
	X509_free(pki.ds);
	X509_free(pki.other);
	EVP_PKEY_free(pki.csca_key);
	EVP_PKEY_free(pki.ds_key);
	EVP_PKEY_free(pki.other_key);
	return 0;
}

/* --- building an EF.SOD ---------------------------------------------------------------- */

static size_t put(unsigned char *out, unsigned tag, const void *value, size_t len)
{
	size_t h = tlv_header(tag, len, out);
	memmove(out + h, value, len);
	return h + len;
}

static const unsigned char SHA256_OID[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };

/* LDSSecurityObject v0 with SHA-256 over the given files (DG n = files[n - 1]) */
static size_t make_lso(const unsigned char *const *files, const size_t *lens, int n,
		       unsigned char *out)
{
	unsigned char hashes[1024], alg[32], body[1200], item[64];
	size_t h = 0;
	for (int i = 0; i < n; i++) {
		unsigned char md[32], num = (unsigned char)(i + 1), inner[64];
		assert_int_equal(EVP_Digest(files[i], lens[i], md, NULL, EVP_sha256(), NULL), 1);
		size_t k = put(inner, 0x02, &num, 1);
		k += put(inner + k, 0x04, md, 32);
		size_t it = put(item, 0x30, inner, k);
		memcpy(hashes + h, item, it);
		h += it;
	}
	size_t a = put(alg, 0x06, SHA256_OID, sizeof(SHA256_OID));
	a += put(alg + a, 0x05, "", 0);
	size_t b = put(body, 0x02, "\x00", 1);
	b += put(body + b, 0x30, alg, a);
	b += put(body + b, 0x30, hashes, h);
	return put(out, 0x30, body, b);
}

/* '77' { ContentInfo } signed by signer over content with the given eContentType */
static size_t sign_sod(const unsigned char *content, size_t len, X509 *signer, EVP_PKEY *key,
		       const char *econtent_type, unsigned char *out)
{
	BIO *in = BIO_new_mem_buf(content, (int)len);
	CMS_ContentInfo *cms =
		CMS_sign(signer, key, NULL, NULL, CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP);
	assert_non_null(cms);
	ASN1_OBJECT *type = OBJ_txt2obj(econtent_type, 1);
	assert_int_equal(CMS_set1_eContentType(cms, type), 1);
	ASN1_OBJECT_free(type);
	assert_int_equal(CMS_final(cms, in, NULL, CMS_BINARY), 1);
	unsigned char *der = NULL;
	int n = i2d_CMS_ContentInfo(cms, &der);
	assert_true(n > 0);
	size_t total = put(out, 0x77, der, (size_t)n);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return total;
}

static size_t genuine_sod(unsigned char *out)
{
	const unsigned char *files[] = { DG1, DG2 };
	const size_t lens[] = { sizeof(DG1) - 1, sizeof(DG2) - 1 };
	unsigned char lso[512];
	size_t n = make_lso(files, lens, 2, lso);
	return sign_sod(lso, n, pki.ds, pki.ds_key, "2.23.136.1.1.1", out);
}

/* Trust anchors and CRLs as DER, the way the CSCA store hands them over. */
struct trust {
	unsigned char *certs[4], *crls[4];
	size_t cert_lens[4], crl_lens[4];
	struct chip_trust t;
};

static void trust_add_cert(struct trust *tr, X509 *x)
{
	int i = tr->t.n_certs++;
	tr->certs[i] = NULL;
	tr->cert_lens[i] = (size_t)i2d_X509(x, &tr->certs[i]);
	tr->t.certs = (const unsigned char *const *)tr->certs;
	tr->t.cert_lens = tr->cert_lens;
}

static void trust_add_crl(struct trust *tr, X509 *issuer, EVP_PKEY *key, long revoked,
			  long next_update_days)
{
	X509_CRL *crl = X509_CRL_new();
	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer));
	ASN1_TIME *t = X509_gmtime_adj(NULL, -10L * 86400);
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_free(t);
	t = X509_gmtime_adj(NULL, next_update_days * 86400);
	X509_CRL_set1_nextUpdate(crl, t);
	ASN1_TIME_free(t);
	if (revoked) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *serial = ASN1_INTEGER_new();
		ASN1_INTEGER_set(serial, revoked);
		X509_REVOKED_set_serialNumber(r, serial);
		t = X509_gmtime_adj(NULL, -5L * 86400);
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_TIME_free(t);
		ASN1_INTEGER_free(serial);
		X509_CRL_add0_revoked(crl, r);
	}
	X509_CRL_sort(crl);
	assert_true(X509_CRL_sign(crl, key, EVP_sha256()) > 0);
	int i = tr->t.n_crls++;
	tr->crls[i] = NULL;
	tr->crl_lens[i] = (size_t)i2d_X509_CRL(crl, &tr->crls[i]);
	tr->t.crls = (const unsigned char *const *)tr->crls;
	tr->t.crl_lens = tr->crl_lens;
	X509_CRL_free(crl);
}

static void trust_free(struct trust *tr)
{
	for (int i = 0; i < tr->t.n_certs; i++)
		OPENSSL_free(tr->certs[i]);
	for (int i = 0; i < tr->t.n_crls; i++)
		OPENSSL_free(tr->crls[i]);
}

/* --- the tests ----------------------------------------------------------------------- */

static void test_genuine_sod_passes_every_step(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.other);
	trust_add_cert(&tr, pki.csca);
	struct sod s;
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.signature, CHIP_PASSED);
	assert_int_equal(s.ds_trusted, CHIP_PASSED);
	assert_string_equal(s.reason, "");
	TU_CONTAINS(s.ds_subject, "CN=Document Signer Utopia Test");
	TU_CONTAINS(s.csca_subject, "CN=CSCA Utopia Test");
	TU_CONTAINS(s.csca_subject, "C=UT");
	assert_string_equal(s.hash_name, "SHA-256");
	assert_int_equal(s.version, 0);
	assert_int_equal(s.n_hashes, 2);
	assert_int_equal(sod_check(&s, 1, DG1, sizeof(DG1) - 1), 1);
	assert_int_equal(sod_check(&s, 2, DG2, sizeof(DG2) - 1), 1);
	assert_int_equal(sod_check(&s, 3, DG2, sizeof(DG2) - 1), -1);
	trust_free(&tr);
}

static void test_altered_data_group_fails_its_hash(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct sod s;
	assert_int_equal(sod_verify(buf, n, NULL, &s), 0);
	unsigned char dg2[sizeof(DG2)];
	memcpy(dg2, DG2, sizeof(DG2));
	dg2[4] ^= 0x01;
	assert_int_equal(sod_check(&s, 2, dg2, sizeof(DG2) - 1), 0);
	/* one byte more or less is another file too */
	assert_int_equal(sod_check(&s, 1, DG1, sizeof(DG1) - 2), 0);
	assert_int_equal(sod_check(&s, 1, DG1, sizeof(DG1)), 0);
}

static void test_tampered_signature_or_content_fails_the_signature(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.csca);
	struct sod s;
	/* the ECDSA signature is the last thing in the SignerInfo */
	buf[n - 1] ^= 0x01;
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.signature, CHIP_FAILED);
	TU_CONTAINS(s.reason, "signature does not verify");
	/* the DS certificate itself is still fine */
	assert_int_equal(s.ds_trusted, CHIP_PASSED);
	buf[n - 1] ^= 0x01;
	/* a changed hash inside the signed content */
	unsigned char md[32];
	assert_int_equal(EVP_Digest(DG2, sizeof(DG2) - 1, md, NULL, EVP_sha256(), NULL), 1);
	unsigned char *at = memmem(buf, n, md, sizeof(md));
	assert_non_null(at);
	at[5] ^= 0x80;
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.signature, CHIP_FAILED);
	trust_free(&tr);
}

static void test_unknown_csca_fails_the_chain_only(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.other);
	struct sod s;
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.signature, CHIP_PASSED);
	assert_int_equal(s.ds_trusted, CHIP_FAILED);
	TU_CONTAINS(s.reason, "no trusted CSCA");
	assert_string_equal(s.csca_subject, "");
	TU_CONTAINS(s.ds_subject, "Document Signer");
	trust_free(&tr);
	/* no trust at all: not performed, never passed */
	assert_int_equal(sod_verify(buf, n, NULL, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_NOT_PERFORMED);
}

static void test_ds_is_no_anchor_of_itself(void **state)
{
	(void)state;
	/* no partial chains: the DS certificate in the trust list does not make it
	 * trusted without its CSCA */
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.ds);
	struct sod s;
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_FAILED);
	trust_free(&tr);
}

static void test_crl_revokes_the_ds_even_when_stale(void **state)
{
	(void)state;
	unsigned char buf[4096];
	size_t n = genuine_sod(buf);
	struct sod s;
	static const struct {
		long revoked, next_update;
		enum chip_check want;
	} cases[] = {
		{ 77, 30, CHIP_FAILED }, /* revoked */
		{ 77, -3, CHIP_FAILED }, /* revoked, by a CRL past its next update */
		{ 78, 30, CHIP_PASSED }, /* another serial revoked */
		{ 0, -3, CHIP_PASSED },  /* a stale CRL revoking nothing */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trust tr = { 0 };
		trust_add_cert(&tr, pki.csca);
		trust_add_crl(&tr, pki.csca, pki.csca_key, cases[i].revoked, cases[i].next_update);
		assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
		assert_int_equal(s.signature, CHIP_PASSED);
		assert_int_equal(s.ds_trusted, cases[i].want);
		assert_int_equal(s.ds_revoked, cases[i].want == CHIP_FAILED);
		if (cases[i].want == CHIP_FAILED)
			TU_CONTAINS(s.reason, "revoked");
		trust_free(&tr);
	}
	/* a CRL of another CSCA does not concern this DS */
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.csca);
	trust_add_crl(&tr, pki.other, pki.other_key, 77, 30);
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_PASSED);
	trust_free(&tr);
	/* a forged CRL under the CSCA's name does not revoke (its signature fails) */
	tr = (struct trust){ 0 };
	trust_add_cert(&tr, pki.csca);
	trust_add_crl(&tr, pki.csca, pki.other_key, 77, 30);
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_FAILED);
	trust_free(&tr);
}

static void test_critical_icao_extension_is_accepted_unknown_one_is_not(void **state)
{
	(void)state;
	const unsigned char *files[] = { DG1 };
	const size_t lens[] = { sizeof(DG1) - 1 };
	unsigned char lso[256], buf[4096];
	size_t l = make_lso(files, lens, 1, lso);
	struct trust tr = { 0 };
	trust_add_cert(&tr, pki.csca);
	struct sod s;
	X509 *ds = new_cert("Utopia", "DS with document types", pki.ds_key, pki.csca, pki.csca_key,
			    80, 0, "2.23.136.1.1.6.2");
	size_t n = sign_sod(lso, l, ds, pki.ds_key, "2.23.136.1.1.1", buf);
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_PASSED);
	X509_free(ds);
	ds = new_cert("Utopia", "DS with a stranger", pki.ds_key, pki.csca, pki.csca_key, 81, 0,
		      "1.2.3.4.5");
	n = sign_sod(lso, l, ds, pki.ds_key, "2.23.136.1.1.1", buf);
	assert_int_equal(sod_verify(buf, n, &tr.t, &s), 0);
	assert_int_equal(s.ds_trusted, CHIP_FAILED);
	X509_free(ds);
	trust_free(&tr);
}

static void test_other_content_types_and_malformed_sods_are_refused(void **state)
{
	(void)state;
	unsigned char lso[256], buf[4096];
	const unsigned char *files[] = { DG1 };
	const size_t lens[] = { sizeof(DG1) - 1 };
	size_t l = make_lso(files, lens, 1, lso);
	struct sod s;
	/* signed data, but not an LDS security object */
	size_t n = sign_sod(lso, l, pki.ds, pki.ds_key, "1.2.840.113549.1.7.1", buf);
	assert_int_equal(sod_verify(buf, n, NULL, &s), -1);
	TU_CONTAINS(s.reason, "not an LDS security object");
	/* an LDS security object that is not one */
	n = sign_sod((const unsigned char *)"\x30\x00", 2, pki.ds, pki.ds_key, "2.23.136.1.1.1",
		     buf);
	assert_int_equal(sod_verify(buf, n, NULL, &s), -1);
	/* not '77', junk inside '77', junk after the CMS object inside '77' */
	n = genuine_sod(buf);
	buf[0] = 0x76;
	assert_int_equal(sod_verify(buf, n, NULL, &s), -1);
	assert_int_equal(sod_verify((const unsigned char *)"\x77\x03\x30\x01\x00", 5, NULL, &s),
			 -1);
	assert_true(s.reason[0] != '\0');
	n = genuine_sod(buf);
	unsigned char big[4200];
	struct tlv outer;
	assert_int_equal(tlv_parse(buf, n, &outer), 0);
	unsigned char inner[4100];
	memcpy(inner, outer.value, outer.len);
	inner[outer.len] = 0x00;
	size_t m = put(big, 0x77, inner, outer.len + 1);
	assert_int_equal(sod_verify(big, m, NULL, &s), -1);
	/* every truncation */
	for (size_t cut = 0; cut < n; cut += 7) {
		unsigned char *t = malloc(cut ? cut : 1);
		memcpy(t, buf, cut);
		assert_int_equal(sod_verify(t, cut, NULL, &s), -1);
		free(t);
	}
}

static void test_lso_parser_is_strict(void **state)
{
	(void)state;
	unsigned char lso[512];
	const unsigned char *files[] = { DG1, DG2 };
	const size_t lens[] = { sizeof(DG1) - 1, sizeof(DG2) - 1 };
	size_t n = make_lso(files, lens, 2, lso);
	struct sod s;
	assert_int_equal(sod_parse_lso(lso, n, &s), 0);
	assert_int_equal(s.hashes[1].dg, 2);
	for (size_t cut = 0; cut < n; cut++)
		assert_int_equal(sod_parse_lso(lso, cut, &s), -1);
	unsigned char copy[512];
	/* version 2 */
	memcpy(copy, lso, n);
	assert_int_equal(copy[4], 0x00);
	copy[4] = 0x02;
	assert_int_equal(sod_parse_lso(copy, n, &s), -1);
	/* SHA-256 becomes an unknown hash (…02 09) */
	memcpy(copy, lso, n);
	unsigned char *oid = memmem(copy, n, SHA256_OID, sizeof(SHA256_OID));
	oid[8] = 0x09;
	assert_int_equal(sod_parse_lso(copy, n, &s), -1);
	/* data group 2 listed as 1 twice, and as 17 and 0 */
	memcpy(copy, lso, n);
	unsigned char *second = copy + n - 39; /* 30 25 02 01 02 04 20 ... */
	assert_int_equal(second[0], 0x30);
	second[4] = 0x01;
	assert_int_equal(sod_parse_lso(copy, n, &s), -1);
	second[4] = 17;
	assert_int_equal(sod_parse_lso(copy, n, &s), -1);
	second[4] = 0;
	assert_int_equal(sod_parse_lso(copy, n, &s), -1);
	/* trailing bytes after the object */
	memcpy(copy, lso, n);
	copy[n] = 0x00;
	assert_int_equal(sod_parse_lso(copy, n + 1, &s), -1);
	/* SHA-1 with a 20-byte hash and no NULL parameters is fine */
	static const unsigned char sha1_lso[] = {
		0x30, 0x29, 0x02, 0x01, 0x00, 0x30, 0x07, 0x06, 0x05, 0x2B, 0x0E,
		0x03, 0x02, 0x1A, 0x30, 0x1B, 0x30, 0x19, 0x02, 0x01, 0x0F, 0x04,
		0x14, 1,    2,    3,    4,    5,    6,    7,    8,    9,    10,
		11,   12,   13,   14,   15,   16,   17,   18,   19,   20,
	};
	assert_int_equal(sod_parse_lso(sha1_lso, sizeof(sha1_lso), &s), 0);
	assert_string_equal(s.hash_name, "SHA-1");
	assert_int_equal(s.hashes[0].dg, 15);
	/* a 19-byte SHA-1 hash is not */
	unsigned char short_hash[sizeof(sha1_lso)];
	memcpy(short_hash, sha1_lso, sizeof(sha1_lso));
	short_hash[1] = 0x28, short_hash[15] = 0x1A, short_hash[17] = 0x18, short_hash[22] = 0x13;
	assert_int_equal(sod_parse_lso(short_hash, sizeof(sha1_lso) - 1, &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genuine_sod_passes_every_step),
		cmocka_unit_test(test_altered_data_group_fails_its_hash),
		cmocka_unit_test(test_tampered_signature_or_content_fails_the_signature),
		cmocka_unit_test(test_unknown_csca_fails_the_chain_only),
		cmocka_unit_test(test_ds_is_no_anchor_of_itself),
		cmocka_unit_test(test_crl_revokes_the_ds_even_when_stale),
		cmocka_unit_test(test_critical_icao_extension_is_accepted_unknown_one_is_not),
		cmocka_unit_test(test_other_content_types_and_malformed_sods_are_refused),
		cmocka_unit_test(test_lso_parser_is_strict),
	};
	return cmocka_run_group_tests_name("sod", tests, setup, teardown);
}
