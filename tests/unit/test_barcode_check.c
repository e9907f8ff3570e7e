/* app/barcode.c: recognising a payload, verifying its signature against the trust store,
 * comparing its holder with the document, and what the screening and the crossing
 * record keep. Seals are signed here with OpenSSL by a test CSCA and barcode signer; the
 * VDS-NC data is canonicalised by the project's own RFC 8785 code before signing, as an
 * issuer does. */
#include "decision_testutil.h"
#include "pki_testutil.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "app/barcode.h"
#include "app/csca.h"
#include "scanners/vdsnc.h"

static struct session admin;
static struct pki_party csca, signer, rogue_csca, rogue_signer;

static const char vacc_data[] =
	"{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},"
	"\"msg\":{\"uvci\":\"U32870\",\"pid\":{\"n\":\"SMITH BILL\",\"dob\":\"1990-01-02\","
	"\"sex\":\"M\",\"i\":\"L898902C3\"},\"ve\":[{\"des\":\"XM68M6\",\"nam\":\"Comirnaty\","
	"\"dis\":\"RA01.0\",\"vd\":[{\"dvc\":\"2021-03-03\",\"seq\":1,\"ctr\":\"UTO\","
	"\"adm\":\"RIVM\",\"lot\":\"VC35679\"}]}]}}";

static const char boarding_pass[] = "M1SMITH/BILL          EABC123 YULFRAAC 0834 326J001A0025 100";

static int setup(void **state)
{
	dt_setup(state);
	tu_login(&app, "admin", &admin);
	csca = pki_party_new("UT", "Utopia CSCA", NULL, 1);
	signer = pki_party_serial("UT", "TS", &csca, 0, 0x1F2A);
	rogue_csca = pki_party_new("UT", "Utopia CSCA", NULL, 1);
	rogue_signer = pki_party_serial("UT", "TS", &rogue_csca, 0, 0x1F2A);
	/* only Utopia's CSCA is trusted */
	char path[512];
	tu_path(path, sizeof(path), "csca.pem");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_X509(f, csca.cert), 1);
	fclose(f);
	struct csca_import_result r;
	struct error err;
	error_clear(&err);
	TU_OK(csca_import(&app, &admin, path, &r, &err), &err);
	csca_import_result_free(&r);
	return 0;
}

static int teardown(void **state)
{
	pki_party_free(&csca);
	pki_party_free(&signer);
	pki_party_free(&rogue_csca);
	pki_party_free(&rogue_signer);
	return dt_teardown(state);
}

/* base64url without padding, as VDS-NC issuers write it */
static void b64url(const unsigned char *in, size_t len, char *out, size_t out_len)
{
	assert_true(out_len > 4 * ((len + 2) / 3));
	int n = EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	for (char *p = out; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
}

enum seal_variant { SIGNED, TAMPERED, UNSIGNED };

/* A VDS-NC of data signed by who (ES256, r‖s); the caller frees it. */
static char *vdsnc_make(const char *data, const struct pki_party *who, enum seal_variant v)
{
	char *canon = NULL;
	size_t canon_len = 0;
	assert_int_equal(vdsnc_canonicalize(data, strlen(data), &canon, &canon_len), 0);
	unsigned char der[128];
	size_t der_len = sizeof(der);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, who->key), 1);
	assert_int_equal(EVP_DigestSign(ctx, der, &der_len, (unsigned char *)canon, canon_len), 1);
	EVP_MD_CTX_free(ctx);
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	assert_non_null(es);
	unsigned char raw[64];
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32), 32);
	ECDSA_SIG_free(es);
	unsigned char *cert = NULL;
	int cert_len = i2d_X509(who->cert, &cert);
	assert_true(cert_len > 0);
	char sig64[128], cert64[2048];
	b64url(raw, sizeof(raw), sig64, sizeof(sig64));
	b64url(cert, (size_t)cert_len, cert64, sizeof(cert64));
	OPENSSL_free(cert);
	if (v == TAMPERED) {
		/* the holder's birth year changed after signing */
		char *year = strstr(canon, "1990");
		assert_non_null(year);
		year[3] = '1';
	}
	size_t len = canon_len + strlen(sig64) + strlen(cert64) + 128;
	char *out = malloc(len);
	assert_non_null(out);
	if (v == UNSIGNED)
		snprintf(out, len, "{\"data\":%s}", canon);
	else
		snprintf(
			out, len,
			"{\"data\":%s,\"sig\":{\"alg\":\"ES256\",\"cer\":\"%s\",\"sigvl\":\"%s\"}}",
			canon, cert64, sig64);
	free(canon);
	return out;
}

static void check(enum barcode_symbology sym, const char *payload, const struct document *doc,
		  struct barcode_check *c)
{
	struct error err;
	error_clear(&err);
	TU_OK(barcode_check(&app, &officer, sym, (const unsigned char *)payload, strlen(payload),
			    doc, c, &err),
	      &err);
}

static void smith(struct document *d, const char *birth)
{
	dt_doc(d, "UTO", "L898902C3", "SMITH", "BILL", birth, "M");
}

static void test_signed_vdsnc_with_trusted_csca_is_valid_and_agrees(void **state)
{
	(void)state;
	char *seal = vdsnc_make(vacc_data, &signer, SIGNED);
	struct document d;
	smith(&d, "900102");
	int64_t before = dt_count("SELECT count(*) FROM audit WHERE action = 'barcode.read'");
	struct barcode_check c;
	check(BARCODE_QR, seal, &d, &c);
	assert_int_equal(c.seal.kind, SEAL_VDSNC);
	assert_int_equal(c.sig.verdict, SEAL_VALID);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_GOOD);
	assert_string_equal(c.name, "valid");
	assert_true(c.compared & (1u << BARCODE_FIELD_NAME));
	assert_true(c.compared & (1u << BARCODE_FIELD_BIRTH));
	assert_true(c.compared & (1u << BARCODE_FIELD_NUMBER));
	assert_int_equal(c.differs, 0);
	assert_non_null(strstr(c.sig.anchor_subject, "Utopia CSCA"));
	/* every read is audited, with its verdict */
	assert_int_equal(dt_count("SELECT count(*) FROM audit WHERE action = 'barcode.read'"),
			 before + 1);
	assert_int_equal(dt_count("SELECT count(*) FROM audit WHERE action = 'barcode.read' AND "
				  "outcome = 'valid' AND object_id = 'UTOL898902C3'"),
			 1);
	barcode_check_free(&c);
	free(seal);
}

static void test_seal_from_an_untrusted_csca_is_untrusted(void **state)
{
	(void)state;
	char *seal = vdsnc_make(vacc_data, &rogue_signer, SIGNED);
	struct barcode_check c;
	check(BARCODE_QR, seal, NULL, &c);
	assert_int_equal(c.sig.signature, CHIP_PASSED);
	assert_int_equal(c.sig.verdict, SEAL_UNTRUSTED);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_WARNING);
	assert_string_equal(c.name, "untrusted");
	barcode_check_free(&c);
	free(seal);
}

static void test_tampered_seal_is_invalid(void **state)
{
	(void)state;
	char *seal = vdsnc_make(vacc_data, &signer, TAMPERED);
	struct barcode_check c;
	check(BARCODE_QR, seal, NULL, &c);
	assert_int_equal(c.sig.verdict, SEAL_INVALID);
	assert_int_equal(c.sig.signature, CHIP_FAILED);
	assert_string_equal(c.name, "invalid");
	assert_non_null(strstr(c.detail, "signature invalid"));
	barcode_check_free(&c);
	free(seal);
}

static void test_unsigned_seal_warns(void **state)
{
	(void)state;
	char *seal = vdsnc_make(vacc_data, &signer, UNSIGNED);
	struct barcode_check c;
	check(BARCODE_QR, seal, NULL, &c);
	assert_int_equal(c.sig.verdict, SEAL_UNSIGNED);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_WARNING);
	assert_string_equal(c.name, "unsigned");
	barcode_check_free(&c);
	free(seal);
}

static void test_valid_seal_for_another_birth_date_is_a_mismatch(void **state)
{
	(void)state;
	char *seal = vdsnc_make(vacc_data, &signer, SIGNED);
	struct document d;
	smith(&d, "910102");
	struct barcode_check c;
	check(BARCODE_QR, seal, &d, &c);
	assert_int_equal(c.sig.verdict, SEAL_VALID);
	assert_int_equal(c.differs, 1u << BARCODE_FIELD_BIRTH);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_WARNING);
	assert_string_equal(c.name, "mismatch");
	assert_non_null(strstr(c.detail, "differs: birth"));
	/* the right document makes it agree: compared again, no new audit row */
	int64_t before = dt_count("SELECT count(*) FROM audit");
	smith(&d, "900102");
	barcode_check_compare(&c, &d);
	assert_int_equal(c.differs, 0);
	assert_string_equal(c.name, "valid");
	assert_int_equal(dt_count("SELECT count(*) FROM audit"), before);
	barcode_check_free(&c);
	free(seal);
}

static void test_boarding_pass_name_is_compared_with_the_document(void **state)
{
	(void)state;
	struct document d;
	smith(&d, "900102");
	struct barcode_check c;
	check(BARCODE_WEDGE, boarding_pass, &d, &c);
	assert_int_equal(c.seal.kind, SEAL_BCBP);
	assert_true(c.compared & (1u << BARCODE_FIELD_NAME));
	assert_int_equal(c.differs, 0);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_PLAIN);
	barcode_check_free(&c);
	dt_doc(&d, "UTO", "L898902C3", "JONES", "MARY", "900102", "F");
	check(BARCODE_WEDGE, boarding_pass, &d, &c);
	assert_int_equal(c.differs, 1u << BARCODE_FIELD_NAME);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_WARNING);
	assert_string_equal(c.name, "mismatch");
	barcode_check_free(&c);
}

static void test_other_payloads_are_kept_as_read(void **state)
{
	(void)state;
	struct barcode_check c;
	check(BARCODE_CODE128, "CARGO-MANIFEST-0042", NULL, &c);
	assert_int_equal(c.seal.kind, SEAL_RAW);
	assert_int_equal(c.outcome, BARCODE_OUTCOME_PLAIN);
	assert_string_equal(c.name, "raw");
	assert_string_equal(seal_field(&c.seal, "text"), "CARGO-MANIFEST-0042");
	barcode_check_free(&c);
	/* binary bytes are kept as hex for the officer, as they came in the record */
	const unsigned char bin[] = { 0x01, 0x02, 0xFF, 0x00, 0x7F };
	struct error err;
	error_clear(&err);
	TU_OK(barcode_check(&app, &officer, BARCODE_QR, bin, sizeof(bin), NULL, &c, &err), &err);
	assert_string_equal(seal_field(&c.seal, "bytes"), "0102FF007F");
	struct crossing_barcode rec;
	barcode_check_record(&c, &rec);
	assert_int_equal(rec.payload_len, sizeof(bin));
	assert_memory_equal(rec.payload, bin, sizeof(bin));
	barcode_check_free(&c);
}

static void test_damaged_seal_is_malformed_not_raw(void **state)
{
	(void)state;
	const unsigned char damaged[] = { 0xDC, 0x03, 0x6D, 0x32 };
	struct barcode_check c;
	struct error err;
	error_clear(&err);
	TU_OK(barcode_check(&app, &officer, BARCODE_DATAMATRIX, damaged, sizeof(damaged), NULL, &c,
			    &err),
	      &err);
	assert_int_equal(c.looked_like, SEAL_VDS);
	assert_true(c.malformed[0] != '\0');
	assert_int_equal(c.outcome, BARCODE_OUTCOME_WARNING);
	assert_string_equal(c.name, "malformed");
	barcode_check_free(&c);
}

static void test_warning_barcode_makes_clear_check_and_is_recorded(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	char *seal = vdsnc_make(vacc_data, &signer, TAMPERED);
	struct document d;
	smith(&d, "900102");
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	dt_screen(&app, &officer, &d, sc);
	assert_int_equal(sc->verdict, VERDICT_CLEAR);
	struct barcode_check c;
	check(BARCODE_QR, seal, &d, &c);
	assert_int_equal(screening_attach_barcode(sc, &c), 0);
	assert_int_equal(sc->verdict, VERDICT_CHECK);
	struct decision dec = { .kind = DECISION_ADMIT, .elapsed_ms = 900 };
	struct error err;
	error_clear(&err);
	int64_t id = 0;
	TU_OK(decision_record(&app, &officer, sc, &dec, &id, &err), &err);
	struct crossing_row *row = malloc(sizeof(*row));
	assert_non_null(row);
	assert_int_equal(crossing_get(app.db, id, row, &err), 1);
	assert_int_equal(row->n_barcodes, 1);
	assert_string_equal(row->barcodes[0].kind, "vds-nc");
	assert_string_equal(row->barcodes[0].type, "icao.vacc");
	assert_string_equal(row->barcodes[0].verdict, "invalid");
	assert_string_equal(row->barcodes[0].symbology, "qr");
	assert_int_equal(row->barcodes[0].payload_len, strlen(seal));
	assert_memory_equal(row->barcodes[0].payload, seal, strlen(seal));
	/* the record is append-only like the rest of the crossing */
	assert_int_not_equal(tu_exec(app.db, "UPDATE crossing_barcodes SET verdict = 'valid'"), 0);
	assert_int_not_equal(tu_exec(app.db, "DELETE FROM crossing_barcodes"), 0);
	free(row);
	free(sc);
	barcode_check_free(&c);
	free(seal);
}

static void test_signers_are_kept_apart_from_anchors(void **state)
{
	(void)state;
	char path[512];
	tu_path(path, sizeof(path), "signers.pem");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_X509(f, signer.cert), 1);
	assert_int_equal(PEM_write_X509(f, csca.cert), 1);
	fclose(f);
	int64_t anchors = dt_count("SELECT count(*) FROM csca_certs");
	struct csca_import_result r;
	struct error err;
	error_clear(&err);
	TU_OK(csca_import_signers(&app, &admin, path, &r, &err), &err);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.skipped, 1);
	assert_int_equal(r.items[1].note, CSCA_NOTE_IS_CA);
	csca_import_result_free(&r);
	assert_int_equal(dt_count("SELECT count(*) FROM seal_signers"), 1);
	assert_int_equal(dt_count("SELECT count(*) FROM csca_certs"), anchors);
	assert_int_equal(dt_count("SELECT count(*) FROM audit WHERE action = "
				  "'seal_signer.import'"),
			 1);
	/* an officer may not change the trust store */
	assert_int_equal(csca_import_signers(&app, &officer, path, &r, &err), -ERR_DENIED);
	struct csca_cert_row *rows;
	size_t n;
	TU_OK(csca_list_signers(&app, &rows, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].serial, "1F2A");
	int64_t id = rows[0].id;
	free(rows);
	TU_OK(csca_remove(&app, &admin, CSCA_SIGNER, id, &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM seal_signers"), 0);
}

static void test_reading_a_barcode_needs_the_scan_permission(void **state)
{
	(void)state;
	struct barcode_check c;
	struct error err;
	error_clear(&err);
	assert_int_equal(barcode_check(&app, &admin, BARCODE_QR, (const unsigned char *)"x", 1,
				       NULL, &c, &err),
			 -ERR_DENIED);
	barcode_check_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_vdsnc_with_trusted_csca_is_valid_and_agrees),
		cmocka_unit_test(test_seal_from_an_untrusted_csca_is_untrusted),
		cmocka_unit_test(test_tampered_seal_is_invalid),
		cmocka_unit_test(test_unsigned_seal_warns),
		cmocka_unit_test(test_valid_seal_for_another_birth_date_is_a_mismatch),
		cmocka_unit_test(test_boarding_pass_name_is_compared_with_the_document),
		cmocka_unit_test(test_other_payloads_are_kept_as_read),
		cmocka_unit_test(test_damaged_seal_is_malformed_not_raw),
		cmocka_unit_test(test_warning_barcode_makes_clear_check_and_is_recorded),
		cmocka_unit_test(test_signers_are_kept_apart_from_anchors),
		cmocka_unit_test(test_reading_a_barcode_needs_the_scan_permission),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
