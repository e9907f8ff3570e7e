/* app/csca.c and db/csca.c: the CSCA trust store. Every certificate, CRL and master list
 * is made here with OpenSSL (EC P-256 keys, so the suite stays fast): a CSCA, a Document
 * Signer, a master list signer, CRLs, and CMS SignedData with the ICAO master list
 * content type. */
#include "pki_testutil.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "app/csca.h"

static struct app app;
static struct session admin, officer;

static int setup(void **state)
{
	(void)state;
	tu_demo_app(&app);
	tu_login(&app, "admin", &admin);
	tu_login(&app, "officer", &officer);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(&app);
	return 0;
}

/* ---- files ---- */

static const char *write_pem(const char *name, X509 *const *certs, int n, X509_CRL *crl, char *path,
			     size_t len)
{
	tu_path(path, len, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < n; i++)
		assert_int_equal(PEM_write_X509(f, certs[i]), 1);
	if (crl)
		assert_int_equal(PEM_write_X509_CRL(f, crl), 1);
	fclose(f);
	return path;
}

static unsigned char *cert_der(X509 *x, int *len)
{
	unsigned char *der = NULL;
	*len = i2d_X509(x, &der);
	assert_true(*len > 0);
	return der;
}

static const char *write_der(const char *name, X509 *x, char *path, size_t len)
{
	int n;
	unsigned char *der = cert_der(x, &n);
	tu_path(path, len, name);
	tu_write_file(path, der, (size_t)n);
	OPENSSL_free(der);
	return path;
}

static X509_CRL *crl_new(const struct pki_party *issuer, long revoked_serial, int next_update)
{
	X509_CRL *crl = X509_CRL_new();
	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer->cert));
	ASN1_TIME *t = ASN1_TIME_new();
	X509_gmtime_adj(t, 0);
	X509_CRL_set1_lastUpdate(crl, t);
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	ASN1_INTEGER_set(serial, revoked_serial);
	X509_REVOKED_set_serialNumber(r, serial);
	X509_REVOKED_set_revocationDate(r, t);
	X509_CRL_add0_revoked(crl, r);
	if (next_update) {
		X509_gmtime_adj(t, 3600L * 24 * 30);
		X509_CRL_set1_nextUpdate(crl, t);
	}
	ASN1_INTEGER_free(serial);
	ASN1_TIME_free(t);
	X509_CRL_sort(crl);
	assert_true(X509_CRL_sign(crl, issuer->key, EVP_sha256()) > 0);
	return crl;
}

/* DER header for tag and a content of n bytes, into out; returns its size. */
static size_t der_header(unsigned char tag, size_t n, unsigned char *out)
{
	out[0] = tag;
	if (n < 0x80) {
		out[1] = (unsigned char)n;
		return 2;
	}
	out[1] = 0x83;
	out[2] = (unsigned char)(n >> 16);
	out[3] = (unsigned char)(n >> 8);
	out[4] = (unsigned char)n;
	return 5;
}

/* CscaMasterList ::= SEQUENCE { version INTEGER (0), certList SET OF Certificate } */
static unsigned char *list_content(X509 *const *certs, int n, size_t *len)
{
	size_t body = 0;
	unsigned char *ders[8];
	int lens[8];
	for (int i = 0; i < n; i++) {
		ders[i] = cert_der(certs[i], &lens[i]);
		body += (size_t)lens[i];
	}
	unsigned char set_hdr[8], seq_hdr[8];
	size_t sh = der_header(0x31, body, set_hdr);
	size_t inner = 3 + sh + body;
	size_t qh = der_header(0x30, inner, seq_hdr);
	unsigned char *out = malloc(qh + inner), *p = out;
	memcpy(p, seq_hdr, qh);
	p += qh;
	memcpy(p, "\x02\x01\x00", 3);
	p += 3;
	memcpy(p, set_hdr, sh);
	p += sh;
	for (int i = 0; i < n; i++) {
		memcpy(p, ders[i], (size_t)lens[i]);
		p += lens[i];
		OPENSSL_free(ders[i]);
	}
	*len = qh + inner;
	return out;
}

/* CMS SignedData over content with eContentType oid, signed by signer. */
static unsigned char *cms_signed(const unsigned char *content, size_t clen, const char *oid,
				 const struct pki_party *signer, size_t *len)
{
	BIO *in = BIO_new_mem_buf(content, (int)clen);
	CMS_ContentInfo *cms =
		CMS_sign(signer->cert, signer->key, NULL, NULL, CMS_BINARY | CMS_PARTIAL);
	assert_non_null(cms);
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	assert_int_equal(CMS_set1_eContentType(cms, type), 1);
	ASN1_OBJECT_free(type);
	assert_int_equal(CMS_final(cms, in, NULL, CMS_BINARY), 1);
	unsigned char *der = NULL;
	int n = i2d_CMS_ContentInfo(cms, &der);
	assert_true(n > 0);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	unsigned char *out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	*len = (size_t)n;
	return out;
}

/* A master list file of certs signed by signer; tamper flips a byte of its content. */
static const char *write_list(const char *name, X509 *const *certs, int n,
			      const struct pki_party *signer, int tamper, char *path, size_t len)
{
	size_t clen, mlen;
	unsigned char *content = list_content(certs, n, &clen);
	unsigned char *ml = cms_signed(content, clen, "2.23.136.1.1.2", signer, &mlen);
	if (tamper) {
		unsigned char *at = memmem(ml, mlen, content, clen);
		assert_non_null(at);
		at[clen / 2] ^= 0x01;
	}
	tu_path(path, len, name);
	tu_write_file(path, ml, mlen);
	free(content);
	free(ml);
	return path;
}

/* ---- assertions ---- */

static int64_t certs_stored(void)
{
	return tu_query_int(app.db, "SELECT count(*) FROM csca_certs");
}

static int import(const char *path, struct csca_import_result *r, struct error *err)
{
	error_clear(err);
	return csca_import(&app, &admin, path, r, err);
}

static void import_ok(const char *path, struct csca_import_result *r)
{
	struct error err;
	TU_OK(import(path, r, &err), &err);
}

/* A file that must be refused with code, leaving the store as it was. */
static void refused(const char *path, enum error_code code, const char *message)
{
	int64_t certs = certs_stored();
	int64_t crls = tu_query_int(app.db, "SELECT count(*) FROM csca_crls");
	int audited = tu_count_audit(app.db, "csca.import", "refused");
	struct csca_import_result r;
	struct error err;
	assert_int_equal(import(path, &r, &err), -(int)code);
	assert_int_equal(err.code, code);
	TU_CONTAINS(err.msg, message);
	assert_int_equal(certs_stored(), certs);
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM csca_crls"), crls);
	assert_int_equal(tu_count_audit(app.db, "csca.import", "refused"), audited + 1);
	assert_null(r.items);
}

/* ---- tests ---- */

static void test_pem_csca_is_added_with_its_source_and_audited(void **state)
{
	(void)state;
	struct pki_party csca = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("utopia.pem", &csca.cert, 1, NULL, path, sizeof(path)), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.present, 0);
	assert_int_equal(r.skipped, 0);
	assert_int_equal(r.master_list, 0);
	assert_int_equal(r.n_items, 1);
	assert_string_equal(r.items[0].country, "UT");
	TU_CONTAINS(r.items[0].subject, "CN=CSCA Utopia");
	csca_import_result_free(&r);

	struct csca_cert_row *certs;
	struct csca_crl_row *crls;
	size_t nc, nl;
	struct error err;
	TU_OK(csca_list(&app, &certs, &nc, &crls, &nl, &err), &err);
	assert_int_equal(nc, 1);
	assert_int_equal(nl, 0);
	assert_string_equal(certs[0].country, "UT");
	assert_string_equal(certs[0].subject, "C=UT, CN=CSCA Utopia");
	assert_string_equal(certs[0].issuer, "C=UT, CN=CSCA Utopia");
	TU_CONTAINS(certs[0].source, "utopia.pem");
	assert_string_equal(certs[0].added_by, "admin");
	assert_int_equal(strlen(certs[0].sha256), 64);
	assert_int_equal(strlen(certs[0].not_after), 20);
	assert_true(certs[0].serial[0] != '\0');
	free(certs);
	free(crls);

	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "csca.import");
	assert_string_equal(a.outcome, "ok");
	assert_string_equal(a.officer, "admin");
	TU_CONTAINS(a.object_id, "utopia.pem");
	TU_CONTAINS(a.detail, "added 1, present 0, skipped 0");
	pki_party_free(&csca);
}

static void test_same_certificate_as_der_is_already_present(void **state)
{
	(void)state;
	struct pki_party csca = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("a.pem", &csca.cert, 1, NULL, path, sizeof(path)), &r);
	int64_t id = r.items[0].id;
	csca_import_result_free(&r);
	import_ok(write_der("a.der", csca.cert, path, sizeof(path)), &r);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.present, 1);
	assert_int_equal(r.items[0].outcome, CSCA_PRESENT);
	assert_int_equal(r.items[0].id, id);
	csca_import_result_free(&r);
	assert_int_equal(certs_stored(), 1);
	assert_int_equal(tu_count_audit(app.db, "csca.import", "ok"), 2);
	pki_party_free(&csca);
}

static void test_non_ca_and_repeated_certificates_are_skipped_with_reasons(void **state)
{
	(void)state;
	struct pki_party csca = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party ds = pki_party_new("UT", "Document Signer 1", &csca, 0);
	X509 *certs[] = { ds.cert, csca.cert, csca.cert };
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("bundle.pem", certs, 3, NULL, path, sizeof(path)), &r);
	assert_int_equal(r.n_items, 3);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.skipped, 2);
	assert_int_equal(r.items[0].outcome, CSCA_SKIPPED);
	assert_int_equal(r.items[0].note, CSCA_NOTE_NOT_CA);
	assert_string_equal(csca_note_name(r.items[0].note), "not_ca");
	TU_CONTAINS(csca_note_text(r.items[0].note), "not a CA certificate");
	assert_int_equal(r.items[1].outcome, CSCA_ADDED);
	assert_int_equal(r.items[2].outcome, CSCA_SKIPPED);
	assert_int_equal(r.items[2].note, CSCA_NOTE_REPEATED);
	csca_import_result_free(&r);
	assert_int_equal(certs_stored(), 1);
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM csca_certs"
					      " WHERE subject LIKE '%Document Signer%'"),
			 0);

	/* a lone DS certificate gives the store nothing */
	import_ok(write_der("ds.der", ds.cert, path, sizeof(path)), &r);
	assert_int_equal(r.added + r.present, 0);
	assert_int_equal(r.skipped, 1);
	csca_import_result_free(&r);
	pki_party_free(&csca);
	pki_party_free(&ds);
}

static void test_crls_are_stored_and_checked_against_their_csca(void **state)
{
	(void)state;
	struct pki_party csca = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party other = pki_party_new("ZZ", "CSCA Zed", NULL, 1);
	X509_CRL *crl = crl_new(&csca, 4242, 1);
	char path[4096];
	struct csca_import_result r;
	/* the CSCA and its CRL in one PEM file */
	import_ok(write_pem("with-crl.pem", &csca.cert, 1, crl, path, sizeof(path)), &r);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.items[1].kind, CSCA_CRL);
	assert_int_equal(r.items[1].note, CSCA_NOTE_NONE);
	csca_import_result_free(&r);
	struct csca_crl_row row;
	struct error err;
	int64_t id = tu_query_int(app.db, "SELECT id FROM csca_crls");
	assert_int_equal(csca_store_get_crl(app.db, id, &row, &err), 1);
	assert_string_equal(row.issuer, "C=UT, CN=CSCA Utopia");
	assert_int_equal(strlen(row.this_update), 20);
	assert_int_equal(strlen(row.next_update), 20);

	/* the same CRL as DER: present */
	unsigned char *der = NULL;
	int n = i2d_X509_CRL(crl, &der);
	tu_write_file(tu_path(path, sizeof(path), "crl.der"), der, (size_t)n);
	OPENSSL_free(der);
	import_ok(path, &r);
	assert_int_equal(r.present, 1);
	csca_import_result_free(&r);

	/* a CRL of a CSCA not in the store: kept, and said so */
	X509_CRL *unknown = crl_new(&other, 1, 0);
	import_ok(write_pem("zed-crl.pem", NULL, 0, unknown, path, sizeof(path)), &r);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.items[0].note, CSCA_NOTE_ISSUER_UNKNOWN);
	csca_import_result_free(&r);
	id = tu_query_int(app.db, "SELECT max(id) FROM csca_crls");
	assert_int_equal(csca_store_get_crl(app.db, id, &row, &err), 1);
	assert_string_equal(row.next_update, "");

	/* a CRL in the Utopian CSCA's name signed with another key would revoke honest
	 * Document Signers: refused */
	X509_CRL *forged = crl_new(&csca, 99, 1);
	X509_CRL_sign(forged, other.key, EVP_sha256());
	refused(write_pem("forged-crl.pem", NULL, 0, forged, path, sizeof(path)), ERR_FINDING,
		"does not verify");
	X509_CRL_free(crl);
	X509_CRL_free(unknown);
	X509_CRL_free(forged);
	pki_party_free(&csca);
	pki_party_free(&other);
}

static void test_master_list_certified_by_a_csca_inside_it(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party zed = pki_party_new("ZZ", "CSCA Zed", NULL, 1);
	struct pki_party signer = pki_party_new("UT", "Master List Signer", &uto, 0);
	struct pki_party ds = pki_party_new("UT", "Document Signer", &uto, 0);
	X509 *certs[] = { uto.cert, zed.cert, ds.cert };
	char path[4096];
	struct csca_import_result r;
	import_ok(write_list("ICAO.ml", certs, 3, &signer, 0, path, sizeof(path)), &r);
	assert_int_equal(r.master_list, 1);
	assert_int_equal(r.anchor_in_list, 1);
	assert_string_equal(r.signer, "C=UT, CN=Master List Signer");
	assert_string_equal(r.anchor, "C=UT, CN=CSCA Utopia");
	assert_int_equal(r.added, 2);
	assert_int_equal(r.skipped, 1); /* the DS is no anchor */
	assert_int_equal(strncmp(r.source, "master list ", 12), 0);
	TU_CONTAINS(r.source, "ICAO.ml signed by C=UT, CN=Master List Signer");
	csca_import_result_free(&r);
	assert_int_equal(certs_stored(), 2);
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM csca_certs WHERE source LIKE"
					      " 'master list %ICAO.ml signed by C=UT, CN=Master"
					      " List Signer'"),
			 2);
	/* the signer certificate itself is never a trust anchor */
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM csca_certs"
					      " WHERE subject LIKE '%Signer%'"),
			 0);
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "csca.import");
	TU_CONTAINS(a.detail, "CSCA in the list");

	/* the same list again: everything present */
	import_ok(path, &r);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.present, 2);
	csca_import_result_free(&r);
	pki_party_free(&uto);
	pki_party_free(&zed);
	pki_party_free(&signer);
	pki_party_free(&ds);
}

static void test_master_list_certified_by_a_csca_in_the_store(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party zed = pki_party_new("ZZ", "CSCA Zed", NULL, 1);
	struct pki_party signer = pki_party_new("UT", "Master List Signer", &uto, 0);
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("uto.pem", &uto.cert, 1, NULL, path, sizeof(path)), &r);
	csca_import_result_free(&r);
	import_ok(write_list("zed.ml", &zed.cert, 1, &signer, 0, path, sizeof(path)), &r);
	assert_int_equal(r.anchor_in_list, 0);
	assert_string_equal(r.anchor, "C=UT, CN=CSCA Utopia");
	assert_int_equal(r.added, 1);
	csca_import_result_free(&r);
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	TU_CONTAINS(a.detail, "CSCA in the store");
	pki_party_free(&uto);
	pki_party_free(&zed);
	pki_party_free(&signer);
}

static void test_tampered_master_list_is_refused_whole(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party zed = pki_party_new("ZZ", "CSCA Zed", NULL, 1);
	struct pki_party signer = pki_party_new("UT", "Master List Signer", &uto, 0);
	X509 *certs[] = { uto.cert, zed.cert };
	char path[4096];
	refused(write_list("bad.ml", certs, 2, &signer, 1, path, sizeof(path)), ERR_FINDING,
		"does not verify");
	assert_int_equal(certs_stored(), 0);
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "csca.import");
	assert_string_equal(a.outcome, "refused");
	TU_CONTAINS(a.detail, "signature");
	pki_party_free(&uto);
	pki_party_free(&zed);
	pki_party_free(&signer);
}

static void test_master_list_from_an_unknown_signer_is_refused(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party rogue = pki_party_new("XX", "Rogue CA", NULL, 1);
	struct pki_party signer = pki_party_new("XX", "Rogue Signer", &rogue, 0);
	char path[4096];
	refused(write_list("rogue.ml", &uto.cert, 1, &signer, 0, path, sizeof(path)), ERR_FINDING,
		"Rogue Signer");
	pki_party_free(&uto);
	pki_party_free(&rogue);
	pki_party_free(&signer);
}

static void test_signed_data_of_another_kind_is_not_a_master_list(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	size_t clen, len;
	unsigned char *content = list_content(&uto.cert, 1, &clen);
	/* id-icao-ldsSecurityObject: an EF.SOD, not a list */
	unsigned char *sod = cms_signed(content, clen, "2.23.136.1.1.1", &uto, &len);
	char path[4096];
	tu_write_file(tu_path(path, sizeof(path), "sod.bin"), sod, len);
	refused(path, ERR_USAGE, "not a CSCA master list");
	free(content);
	free(sod);
	pki_party_free(&uto);
}

static void test_files_that_are_not_certificates_are_refused(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	char path[4096];
	const char *text = "hello, this is not a certificate\n";
	tu_write_file(tu_path(path, sizeof(path), "note.txt"), text, strlen(text));
	refused(path, ERR_USAGE, "not a certificate");
	tu_write_file(tu_path(path, sizeof(path), "empty.pem"), "", 0);
	refused(path, ERR_USAGE, "empty");

	/* a DER certificate cut in half */
	int n;
	unsigned char *der = cert_der(uto.cert, &n);
	tu_write_file(tu_path(path, sizeof(path), "cut.der"), der, (size_t)n / 2);
	refused(path, ERR_USAGE, "truncated");
	OPENSSL_free(der);

	/* a PEM bundle cut inside its second certificate: nothing of it is taken */
	X509 *two[] = { uto.cert, uto.cert };
	write_pem("two.pem", two, 2, NULL, path, sizeof(path));
	size_t len = 0;
	char *pem = tu_read_file(path, &len);
	assert_non_null(pem);
	tu_write_file(tu_path(path, sizeof(path), "cut.pem"), pem, len - 200);
	free(pem);
	refused(path, ERR_USAGE, "truncated");

	struct csca_import_result r;
	struct error err;
	error_clear(&err);
	assert_int_equal(csca_import(&app, &admin, "/nonexistent/x.pem", &r, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "cannot read");
	pki_party_free(&uto);
}

static void test_only_administrators_keep_the_trust_store(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	char path[4096];
	write_pem("uto.pem", &uto.cert, 1, NULL, path, sizeof(path));
	struct csca_import_result r;
	struct error err;
	error_clear(&err);
	assert_int_equal(csca_import(&app, &officer, path, &r, &err), -ERR_DENIED);
	TU_CONTAINS(err.msg, "manage_trust");
	assert_int_equal(certs_stored(), 0);
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "access.denied");
	assert_string_equal(a.object_id, "manage_trust");
	assert_string_equal(a.officer, "officer");

	import_ok(path, &r);
	int64_t id = r.items[0].id;
	csca_import_result_free(&r);
	assert_int_equal(csca_remove(&app, &officer, CSCA_CERT, id, &err), -ERR_DENIED);
	assert_int_equal(certs_stored(), 1);
	assert_int_equal(tu_count_audit(app.db, "access.denied", "denied"), 2);
	pki_party_free(&uto);
}

static void test_remove_is_audited_and_unknown_ids_refused(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	X509_CRL *crl = crl_new(&uto, 7, 1);
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("uto.pem", &uto.cert, 1, crl, path, sizeof(path)), &r);
	int64_t cert_id = r.items[0].id, crl_id = r.items[1].id;
	csca_import_result_free(&r);
	struct error err;
	error_clear(&err);
	assert_int_equal(csca_remove(&app, &admin, CSCA_CERT, 999, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "999");
	TU_OK(csca_remove(&app, &admin, CSCA_CERT, cert_id, &err), &err);
	assert_int_equal(certs_stored(), 0);
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "csca.remove");
	assert_string_equal(a.object_type, "csca_cert");
	TU_CONTAINS(a.detail, "CN=CSCA Utopia");
	TU_CONTAINS(a.detail, "uto.pem");
	TU_OK(csca_remove(&app, &admin, CSCA_CRL, crl_id, &err), &err);
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM csca_crls"), 0);
	assert_int_equal(tu_count_audit(app.db, "csca.remove", "ok"), 2);
	X509_CRL_free(crl);
	pki_party_free(&uto);
}

static void test_trust_load_gives_the_chip_reader_every_anchor(void **state)
{
	(void)state;
	struct pki_party uto = pki_party_new("UT", "CSCA Utopia", NULL, 1);
	struct pki_party zed = pki_party_new("ZZ", "CSCA Zed", NULL, 1);
	X509_CRL *crl = crl_new(&uto, 7, 1);
	X509 *certs[] = { uto.cert, zed.cert };
	char path[4096];
	struct csca_import_result r;
	import_ok(write_pem("both.pem", certs, 2, crl, path, sizeof(path)), &r);
	csca_import_result_free(&r);
	struct csca_trust t;
	struct error err;
	error_clear(&err);
	TU_OK(csca_trust_load(&app, &t, &err), &err);
	assert_int_equal(t.trust.n_certs, 2);
	assert_int_equal(t.trust.n_crls, 1);
	for (int i = 0; i < 2; i++) {
		const unsigned char *p = t.trust.certs[i];
		X509 *x = d2i_X509(NULL, &p, (long)t.trust.cert_lens[i]);
		assert_non_null(x);
		assert_int_equal(X509_cmp(x, certs[i]), 0);
		X509_free(x);
	}
	const unsigned char *p = t.trust.crls[0];
	X509_CRL *back = d2i_X509_CRL(NULL, &p, (long)t.trust.crl_lens[0]);
	assert_non_null(back);
	X509_CRL_free(back);
	csca_trust_free(&t);
	assert_int_equal(t.trust.n_certs, 0);
	X509_CRL_free(crl);
	pki_party_free(&uto);
	pki_party_free(&zed);
}

static void test_trust_load_of_an_empty_store(void **state)
{
	(void)state;
	struct csca_trust t;
	struct error err;
	error_clear(&err);
	TU_OK(csca_trust_load(&app, &t, &err), &err);
	assert_int_equal(t.trust.n_certs, 0);
	assert_int_equal(t.trust.n_crls, 0);
	csca_trust_free(&t);
}

static void test_subject_country_in_every_spelling(void **state)
{
	(void)state;
	char c[4];
	csca_subject_country("C=UTO, O=Utopia, CN=CSCA", c);
	assert_string_equal(c, "UTO");
	csca_subject_country("/C=UT/O=Utopia/CN=CSCA", c);
	assert_string_equal(c, "UT");
	csca_subject_country("CN=CSCA Cx, O=Co, C = KZ", c);
	assert_string_equal(c, "KZ");
	csca_subject_country("CN=CSCA, O=Org", c);
	assert_string_equal(c, "");
	csca_subject_country("", c);
	assert_string_equal(c, "");
	csca_subject_country(NULL, c);
	assert_string_equal(c, "");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pem_csca_is_added_with_its_source_and_audited),
		T(test_same_certificate_as_der_is_already_present),
		T(test_non_ca_and_repeated_certificates_are_skipped_with_reasons),
		T(test_crls_are_stored_and_checked_against_their_csca),
		T(test_master_list_certified_by_a_csca_inside_it),
		T(test_master_list_certified_by_a_csca_in_the_store),
		T(test_tampered_master_list_is_refused_whole),
		T(test_master_list_from_an_unknown_signer_is_refused),
		T(test_signed_data_of_another_kind_is_not_a_master_list),
		T(test_files_that_are_not_certificates_are_refused),
		T(test_only_administrators_keep_the_trust_store),
		T(test_remove_is_audited_and_unknown_ids_refused),
		T(test_trust_load_gives_the_chip_reader_every_anchor),
		T(test_trust_load_of_an_empty_store),
		T(test_subject_country_in_every_spelling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
