/* app/training_chip.c: the chips of training travellers are real chip images, signed
 * under a PKI made for the run, and their faults are found by the same Passive
 * Authentication a chip read from a reader goes through (chip_verify_files): genuine,
 * bad signature, hash mismatch, unknown issuer, no EF.SOD, a genuine chip whose MRZ is
 * not the printed one, an empty trust store, TD1. */
#include "testutil.h"

#include <time.h>

#include "app/chip.h"
#include "app/training_chip.h"
#include "scanners/mrz.h"

static struct training_pki *pki;

/* The run database's trust store: the run's CSCA only. */
struct trust {
	const unsigned char *certs[1];
	size_t lens[1];
	struct chip_trust t;
};

static void run_trust(struct trust *tr)
{
	memset(tr, 0, sizeof(*tr));
	tr->certs[0] = training_pki_csca(pki, &tr->lens[0]);
	assert_non_null(tr->certs[0]);
	assert_true(tr->lens[0] > 0);
	tr->t.certs = tr->certs;
	tr->t.cert_lens = tr->lens;
	tr->t.n_certs = 1;
}

/* MRZ lines with every check digit right and an expiry in the future. */
struct mrz {
	char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	const char *ptr[MRZ_MAX_LINES];
	int n;
};

static void compose(struct mrz *m, enum doc_format format, const char *number, const char *surname)
{
	struct mrz_fields f = {
		.format = format,
		.doc_code = format == DOC_TD1 ? "I" : "P",
		.issuer = "UTO",
		.number = number,
		.surname = surname,
		.given_names = "ANNA MARIA",
		.nationality = "UTO",
		.birth = "740812",
		.sex = "F",
		.expiry = "340415",
		.optional = "",
	};
	struct error err;
	m->n = mrz_compose(&f, m->lines, &err);
	if (m->n < 0)
		fail_msg("mrz_compose: %s", err.msg);
	for (int i = 0; i < m->n; i++)
		m->ptr[i] = m->lines[i];
}

/* The lines parsed as if printed. */
static void printed(const struct mrz *m, struct document *d)
{
	char text[MRZ_MAX_LINES * (MRZ_MAX_LINE + 1) + 1];
	size_t n = 0;
	for (int i = 0; i < m->n; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s\n", m->lines[i]);
	struct error err;
	TU_OK(mrz_parse(text, n, time(NULL), d, &err), &err);
}

static void make(const struct mrz *m, enum scn_chip fault, const struct chip_trust *trust,
		 struct chip_result *out)
{
	struct error err;
	TU_OK(training_chip_make(pki, m->ptr, m->n, fault, trust, out, &err), &err);
	assert_string_equal(out->reader, "training");
	assert_int_equal(out->ms, 0);
	assert_true(out->files[CHIP_COM].present);
	assert_true(out->files[CHIP_DG1].present);
	assert_int_equal(out->files[CHIP_DG1].dg, 1);
	assert_int_equal(out->files[CHIP_SOD].dg, 0);
	assert_string_equal(out->lds_version, "1.7");
}

static void assert_dg1_is(const struct chip_result *c, const struct mrz *m)
{
	struct document d;
	printed(m, &d);
	assert_true(c->has_dg1);
	assert_int_equal(c->dg1.format, d.format);
	assert_string_equal(c->dg1.number, d.number);
	assert_string_equal(c->dg1.surname, d.surname);
	assert_string_equal(c->dg1.given_names, d.given_names);
}

static int setup(void **state)
{
	(void)state;
	struct error err;
	return training_pki_new("UTO", &pki, &err);
}

static int teardown(void **state)
{
	(void)state;
	training_pki_free(&pki);
	assert_null(pki);
	training_pki_free(&pki);
	training_pki_free(NULL);
	return 0;
}

/* --- the faults -------------------------------------------------------------------------- */

static void test_genuine_chip_passes_every_step_and_carries_the_lines(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_GENUINE, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_GENUINE);
	assert_dg1_is(&c, &m);
	assert_int_equal(c.sod_signature, CHIP_PASSED);
	assert_int_equal(c.ds_trusted, CHIP_PASSED);
	assert_int_equal(c.hashes, CHIP_PASSED);
	assert_int_equal(c.files[CHIP_DG1].hash, CHIP_PASSED);
	assert_string_equal(c.hash_alg, "SHA-256");
	assert_string_equal(c.hash_mismatch, "");
	TU_CONTAINS(c.ds_subject, "CN=Training DS");
	TU_CONTAINS(c.csca_subject, "CN=Training CSCA");
	TU_CONTAINS(c.csca_subject, "C=UTO");
	TU_CONTAINS(c.reason, "passive authentication passed: 1 data groups");
	/* DG1 holds the lines one after the other, as 9303-10 4.7.1 stores them */
	unsigned char *dg1 = c.files[CHIP_DG1].data;
	assert_int_equal(dg1[0], 0x61);
	assert_memory_equal(dg1 + 2, "\x5F\x1F\x58", 3);
	assert_memory_equal(dg1 + 5, m.lines[0], 44);
	assert_memory_equal(dg1 + 49, m.lines[1], 44);
	/* EF.SOD is longer than 127 bytes: its length in BER long form */
	assert_int_equal(c.files[CHIP_SOD].data[0], 0x77);
	assert_int_equal(c.files[CHIP_SOD].data[1], 0x82);
	chip_result_free(&c);
}

static void test_bad_signature_fails_the_signature_only(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_BAD_SIGNATURE, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_BAD_SIGNATURE);
	assert_int_equal(c.sod_signature, CHIP_FAILED);
	TU_CONTAINS(c.reason, "signature does not verify");
	/* the DS certificate and the signed hashes are still right */
	assert_int_equal(c.ds_trusted, CHIP_PASSED);
	assert_int_equal(c.hashes, CHIP_PASSED);
	assert_dg1_is(&c, &m);
	chip_result_free(&c);
}

static void test_hash_mismatch_signs_another_dg1(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_HASH_MISMATCH, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_HASH_MISMATCH);
	assert_int_equal(c.sod_signature, CHIP_PASSED);
	assert_int_equal(c.ds_trusted, CHIP_PASSED);
	assert_int_equal(c.hashes, CHIP_FAILED);
	assert_int_equal(c.files[CHIP_DG1].hash, CHIP_FAILED);
	assert_string_equal(c.hash_mismatch, "DG1");
	TU_CONTAINS(c.reason, "hash mismatch on DG1");
	/* the chip shows the DG1 it was given, not the one signed */
	assert_dg1_is(&c, &m);
	chip_result_free(&c);
}

static void test_unknown_issuer_verifies_under_a_csca_not_trusted(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_UNKNOWN_ISSUER, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_UNKNOWN_ISSUER);
	assert_int_equal(c.sod_signature, CHIP_PASSED);
	assert_int_equal(c.hashes, CHIP_PASSED);
	assert_int_equal(c.ds_trusted, CHIP_FAILED);
	TU_CONTAINS(c.ds_subject, "Training Unknown DS");
	assert_string_equal(c.csca_subject, "");
	TU_CONTAINS(c.reason, "no trusted CSCA");
	chip_result_free(&c);
}

static void test_no_sod_has_nothing_signed(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_NO_SOD, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_NO_SOD);
	assert_false(c.files[CHIP_SOD].present);
	assert_null(c.files[CHIP_SOD].data);
	assert_int_equal(c.sod_signature, CHIP_NOT_PERFORMED);
	assert_int_equal(c.ds_trusted, CHIP_NOT_PERFORMED);
	assert_dg1_is(&c, &m);
	chip_result_free(&c);
}

/* --- what the booth makes of it ----------------------------------------------------------- */

static void test_genuine_chip_with_other_mrz_is_a_mrz_mismatch(void **state)
{
	(void)state;
	struct mrz print, chip;
	compose(&print, DOC_TD3, "L898902C3", "ERIKSSON");
	compose(&chip, DOC_TD3, "L898902C4", "ERIKSEN");
	struct trust tr;
	run_trust(&tr);
	struct chip_check_result r;
	memset(&r, 0, sizeof(r));
	make(&chip, SCN_CHIP_GENUINE, &tr.t, &r.chip);
	r.read = 1;
	assert_int_equal(r.chip.verdict, CHIP_GENUINE);
	assert_dg1_is(&r.chip, &chip);
	struct document d;
	printed(&print, &d);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.verdict, CHIP_GENUINE);
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	assert_string_equal(r.name, "mrz_mismatch");
	assert_int_equal(r.differs, (1u << CHIP_FIELD_NUMBER) | (1u << CHIP_FIELD_SURNAME));
	/* the same chip against its own MRZ is genuine */
	printed(&chip, &d);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.outcome, CHIP_OUTCOME_GENUINE);
	assert_string_equal(r.name, "genuine");
	chip_check_free(&r);
}

static void test_empty_trust_makes_a_genuine_chip_an_unknown_issuer(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct chip_trust empty = { 0 };
	struct chip_result c;
	make(&m, SCN_CHIP_GENUINE, &empty, &c);
	assert_int_equal(c.verdict, CHIP_UNKNOWN_ISSUER);
	assert_int_equal(c.sod_signature, CHIP_PASSED);
	assert_int_equal(c.hashes, CHIP_PASSED);
	assert_int_equal(c.ds_trusted, CHIP_NOT_PERFORMED);
	chip_result_free(&c);
	make(&m, SCN_CHIP_GENUINE, NULL, &c);
	assert_int_equal(c.verdict, CHIP_UNKNOWN_ISSUER);
	chip_result_free(&c);
}

static void test_another_runs_csca_does_not_vouch_for_this_run(void **state)
{
	(void)state;
	struct training_pki *other = NULL;
	struct error err;
	TU_OK(training_pki_new("UTO", &other, &err), &err);
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr); /* this run's CSCA, of the same name */
	struct chip_result c;
	TU_OK(training_chip_make(other, m.ptr, m.n, SCN_CHIP_GENUINE, &tr.t, &c, &err), &err);
	assert_int_equal(c.verdict, CHIP_UNKNOWN_ISSUER);
	assert_int_equal(c.ds_trusted, CHIP_FAILED);
	chip_result_free(&c);
	training_pki_free(&other);
}

static void test_td1_chip_holds_three_lines(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD1, "D23145890", "STEVENSON");
	assert_int_equal(m.n, 3);
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	make(&m, SCN_CHIP_GENUINE, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_GENUINE);
	assert_int_equal(c.dg1.format, DOC_TD1);
	assert_dg1_is(&c, &m);
	chip_result_free(&c);
	make(&m, SCN_CHIP_HASH_MISMATCH, &tr.t, &c);
	assert_int_equal(c.verdict, CHIP_HASH_MISMATCH);
	assert_dg1_is(&c, &m);
	chip_result_free(&c);
}

static void test_lines_no_dg1_can_hold_are_refused(void **state)
{
	(void)state;
	struct mrz m;
	compose(&m, DOC_TD3, "L898902C3", "ERIKSSON");
	struct trust tr;
	run_trust(&tr);
	struct chip_result c;
	struct error err;
	const char *uneven[] = { m.lines[0], "L898902C36UTO" };
	const char *td1_as_two[] = { "I<UTOD23145890<7349<<<<<<<<<<<",
				     "3407127M9507122UTO<<<<<<<<<<<2" };
	const char *null_line[] = { m.lines[0], NULL };
	assert_int_equal(training_chip_make(pki, m.ptr, 1, SCN_CHIP_GENUINE, &tr.t, &c, &err),
			 -ERR_USAGE);
	chip_result_free(&c);
	assert_int_equal(training_chip_make(pki, uneven, 2, SCN_CHIP_GENUINE, &tr.t, &c, &err),
			 -ERR_USAGE);
	chip_result_free(&c);
	assert_int_equal(training_chip_make(pki, td1_as_two, 2, SCN_CHIP_GENUINE, &tr.t, &c, &err),
			 -ERR_USAGE);
	chip_result_free(&c);
	assert_int_equal(training_chip_make(pki, null_line, 2, SCN_CHIP_GENUINE, &tr.t, &c, &err),
			 -ERR_USAGE);
	chip_result_free(&c);
	/* a document without a chip has no chip to make */
	assert_int_equal(training_chip_make(pki, m.ptr, m.n, SCN_CHIP_NONE, &tr.t, &c, &err),
			 -ERR_USAGE);
	assert_false(c.files[CHIP_DG1].present);
	chip_result_free(&c);
	/* nor is a country that no certificate can name */
	struct training_pki *bad = NULL;
	assert_int_equal(training_pki_new("utopia", &bad, &err), -ERR_USAGE);
	assert_null(bad);
	assert_int_equal(training_pki_new("", &bad, &err), -ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genuine_chip_passes_every_step_and_carries_the_lines),
		cmocka_unit_test(test_bad_signature_fails_the_signature_only),
		cmocka_unit_test(test_hash_mismatch_signs_another_dg1),
		cmocka_unit_test(test_unknown_issuer_verifies_under_a_csca_not_trusted),
		cmocka_unit_test(test_no_sod_has_nothing_signed),
		cmocka_unit_test(test_genuine_chip_with_other_mrz_is_a_mrz_mismatch),
		cmocka_unit_test(test_empty_trust_makes_a_genuine_chip_an_unknown_issuer),
		cmocka_unit_test(test_another_runs_csca_does_not_vouch_for_this_run),
		cmocka_unit_test(test_td1_chip_holds_three_lines),
		cmocka_unit_test(test_lines_no_dg1_can_hold_are_refused),
	};
	return cmocka_run_group_tests_name("training_chip", tests, setup, teardown);
}
