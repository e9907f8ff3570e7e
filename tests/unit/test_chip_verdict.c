/* app/chip.c's verdict and its way into the crossing (app/screening.c, app/decision.c):
 * what the officer is told about a chip, made from a struct chip_result built here by
 * hand, so every case runs without a card or a reader. */
#include "decision_testutil.h"

#include "app/chip.h"

static const char *const csca_uto = "C=UTO, O=Utopia, CN=CSCA Utopia";

/* A chip that passed everything, with DG1 equal to printed. */
static void genuine(struct chip_check_result *r, const struct document *printed)
{
	memset(r, 0, sizeof(*r));
	r->read = 1;
	struct chip_result *c = &r->chip;
	snprintf(c->reader, sizeof(c->reader), "Virtual PCD 00 00");
	c->apdus = 23;
	c->ms = 812;
	c->extended_length = 1;
	c->dg1 = *printed;
	c->has_dg1 = 1;
	c->sod_signature = c->ds_trusted = c->hashes = CHIP_PASSED;
	c->active_auth = c->chip_auth = CHIP_NOT_PERFORMED;
	snprintf(c->ds_subject, sizeof(c->ds_subject), "C=UTO, CN=Document Signer");
	snprintf(c->csca_subject, sizeof(c->csca_subject), "%s", csca_uto);
	c->verdict = CHIP_GENUINE;
}

static void printed_doc(struct document *d)
{
	dt_doc(d, "UTO", "L898902C3", "ERIKSSON", "ANNA MARIA", "740812", "F");
}

static int has_line(const struct chip_check_result *r, const char *text)
{
	for (int i = 0; i < r->n_lines; i++)
		if (strcmp(r->lines[i], text) == 0)
			return 1;
	return 0;
}

static void test_genuine_chip_with_the_printed_mrz_is_genuine(void **state)
{
	(void)state;
	struct document d;
	printed_doc(&d);
	struct chip_check_result r;
	genuine(&r, &d);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.outcome, CHIP_OUTCOME_GENUINE);
	assert_string_equal(r.name, "genuine");
	assert_int_equal(r.differs, 0);
	assert_int_equal(r.compared, CHIP_FIELDS_ALL);
	assert_string_equal(r.lines[0], "chip genuine (CSCA UTO)");
	assert_true(has_line(&r, "active authentication: not performed"));
	assert_true(has_line(&r, "chip authentication: not performed"));
	TU_CONTAINS(r.detail, "genuine; dg1 equal; sod passed, ds passed, hashes passed");
	TU_CONTAINS(r.detail, "csca UTO");
	chip_check_free(&r);
}

static void test_mrz_differences_are_named_field_by_field(void **state)
{
	(void)state;
	struct document d, other;
	printed_doc(&d);
	dt_doc(&other, "UTO", "X12345678", "ERIKSON", "ANNA MARIA", "740812", "F");
	struct chip_check_result r;
	genuine(&r, &other);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.differs, (1u << CHIP_FIELD_NUMBER) | (1u << CHIP_FIELD_SURNAME));
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	assert_string_equal(r.name, "mrz_mismatch");
	/* the news comes first; "genuine" is never said */
	assert_string_equal(r.lines[0], "chip MRZ differs from printed MRZ: number, surname");
	assert_string_equal(r.lines[1], "chip data signed by CSCA UTO");
	for (int i = 0; i < r.n_lines; i++)
		TU_NOT_CONTAINS(r.lines[i], "genuine");
	TU_CONTAINS(r.detail, "mrz_mismatch; dg1 differs: number, surname");
}

static void test_every_field_is_compared(void **state)
{
	(void)state;
	struct document d;
	printed_doc(&d);
	for (int f = 0; f < CHIP_FIELD_COUNT; f++) {
		struct document c = d;
		switch ((enum chip_field)f) {
		case CHIP_FIELD_DOC_CODE:
			snprintf(c.doc_code, sizeof(c.doc_code), "PD");
			break;
		case CHIP_FIELD_ISSUER:
			snprintf(c.issuer, sizeof(c.issuer), "D");
			break;
		case CHIP_FIELD_NUMBER:
			c.number[0] = 'M';
			break;
		case CHIP_FIELD_SURNAME:
			snprintf(c.surname, sizeof(c.surname), "ERIKSEN");
			break;
		case CHIP_FIELD_GIVEN_NAMES:
			snprintf(c.given_names, sizeof(c.given_names), "ANNA");
			break;
		case CHIP_FIELD_NATIONALITY:
			snprintf(c.nationality, sizeof(c.nationality), "SWE");
			break;
		case CHIP_FIELD_BIRTH:
			c.birth.day++;
			break;
		case CHIP_FIELD_SEX:
			c.sex = 'M';
			break;
		case CHIP_FIELD_EXPIRY:
			c.expiry.month = c.expiry.month % 12 + 1;
			break;
		default:
			snprintf(c.optional1, sizeof(c.optional1), "ZE184226B");
			break;
		}
		unsigned differs = chip_check_differs(&d, &c, CHIP_FIELDS_ALL);
		if (differs != 1u << f)
			fail_msg("field %s: differs mask %#x", chip_check_field_name(f), differs);
		/* a field left out of the comparison is not reported */
		assert_int_equal(chip_check_differs(&d, &c, CHIP_FIELDS_ALL & ~(1u << f)), 0);
	}
	assert_string_equal(chip_check_field_name(CHIP_FIELD_OPTIONAL), "optional_data");
	assert_string_equal(chip_check_field_name(CHIP_FIELD_COUNT), "?");
}

static void test_dates_compare_by_their_printed_digits(void **state)
{
	(void)state;
	struct document d, c;
	printed_doc(&d);
	c = d;
	c.birth.year += 100; /* a century guessed the other way is the same MRZ */
	assert_int_equal(chip_check_differs(&d, &c, CHIP_FIELDS_ALL), 0);
	c = d;
	c.birth.day = 0; /* unknown day on the chip, known on paper */
	assert_int_equal(chip_check_differs(&d, &c, CHIP_FIELDS_ALL), 1u << CHIP_FIELD_BIRTH);
	c = d;
	c.expiry.year = 0;
	assert_int_equal(chip_check_differs(&d, &c, CHIP_FIELDS_ALL), 1u << CHIP_FIELD_EXPIRY);
}

static void test_unknown_issuer_and_bad_chips_are_warnings(void **state)
{
	(void)state;
	struct document d;
	printed_doc(&d);
	struct {
		enum chip_verdict v;
		const char *name, *line;
	} cases[] = {
		{ CHIP_UNKNOWN_ISSUER, "unknown_issuer", "chip data signed by unknown issuer" },
		{ CHIP_HASH_MISMATCH, "hash_mismatch",
		  "hash mismatch on DG2: the chip was altered or cloned" },
		{ CHIP_BAD_SIGNATURE, "bad_signature",
		  "the chip's signature does not verify: the chip was altered or cloned" },
		{ CHIP_NO_SOD, "no_sod",
		  "the chip has no security object (EF.SOD): its data cannot be authenticated" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct chip_check_result r;
		genuine(&r, &d);
		r.chip.verdict = cases[i].v;
		if (cases[i].v == CHIP_UNKNOWN_ISSUER) {
			r.chip.ds_trusted = CHIP_FAILED;
			r.chip.csca_subject[0] = '\0';
		}
		if (cases[i].v == CHIP_HASH_MISMATCH) {
			r.chip.hashes = CHIP_FAILED;
			snprintf(r.chip.hash_mismatch, sizeof(r.chip.hash_mismatch), "DG2");
		}
		chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
		assert_string_equal(r.name, cases[i].name);
		assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
		assert_string_equal(r.lines[0], cases[i].line);
		assert_true(has_line(&r, "active authentication: not performed"));
	}
}

static void test_a_genuine_claim_rests_on_every_step(void **state)
{
	(void)state;
	struct document d;
	printed_doc(&d);
	struct chip_check_result r;
	genuine(&r, &d);
	r.chip.ds_trusted = CHIP_NOT_PERFORMED;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.verdict, CHIP_UNKNOWN_ISSUER);
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	genuine(&r, &d);
	r.chip.hashes = CHIP_FAILED;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.verdict, CHIP_HASH_MISMATCH);
	TU_CONTAINS(r.lines[0], "hash mismatch");
	genuine(&r, &d);
	r.chip.sod_signature = CHIP_FAILED;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.verdict, CHIP_BAD_SIGNATURE);
	/* a chip without DG1 cannot be said to match the printed MRZ */
	genuine(&r, &d);
	r.chip.has_dg1 = 0;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_string_equal(r.name, "no_dg1");
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	TU_CONTAINS(r.lines[0], "no DG1");
	/* active authentication that failed spoils a genuine chip */
	genuine(&r, &d);
	r.chip.active_auth = CHIP_FAILED;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_string_equal(r.name, "active_auth_failed");
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	TU_CONTAINS(r.detail, "aa failed");
}

static void test_reads_without_a_verdict_are_unread(void **state)
{
	(void)state;
	struct document d;
	printed_doc(&d);
	enum chip_verdict v[] = { CHIP_REMOVED, CHIP_READ_FAILED };
	for (int i = 0; i < 2; i++) {
		struct chip_check_result r;
		genuine(&r, &d);
		r.chip.verdict = v[i];
		r.chip.has_dg1 = 0;
		r.chip.sod_signature = r.chip.ds_trusted = r.chip.hashes = CHIP_NOT_PERFORMED;
		chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
		assert_int_equal(r.outcome, CHIP_OUTCOME_UNREAD);
		assert_int_equal(r.n_lines, 1); /* nothing about authentication it never did */
	}
	struct chip_check_result r;
	genuine(&r, &d);
	r.chip.verdict = CHIP_ACCESS_DENIED;
	r.chip.has_dg1 = 0;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	assert_int_equal(r.outcome, CHIP_OUTCOME_WARNING);
	assert_string_equal(r.name, "access_denied");
	TU_CONTAINS(r.lines[0], "does not open with the printed MRZ");
}

static void test_key_fields_only_compare_what_was_typed(void **state)
{
	(void)state;
	struct document typed, chip;
	printed_doc(&chip);
	memset(&typed, 0, sizeof(typed));
	snprintf(typed.number, sizeof(typed.number), "%s", chip.number);
	typed.birth = chip.birth;
	typed.expiry = chip.expiry;
	struct chip_check_result r;
	genuine(&r, &chip);
	chip_check_compose(&typed, CHIP_FIELDS_KEY, &r);
	assert_string_equal(r.name, "genuine");
	assert_int_equal(r.compared, CHIP_FIELDS_KEY);
}

static void test_access_key_from_typed_fields(void **state)
{
	(void)state;
	char info[64];
	/* ICAO 9303-11 Appendix D.2 */
	assert_int_equal(chip_check_mrz_info("L898902C", "690806", "940623", info, sizeof(info)),
			 0);
	assert_string_equal(info, "L898902C<369080619406236");
	assert_int_equal(chip_check_mrz_info("l898902c<", "690806", "940623", info, sizeof(info)),
			 0);
	assert_string_equal(info, "L898902C<369080619406236");
	assert_int_equal(
		chip_check_mrz_info("D23145890734", "690806", "940623", info, sizeof(info)), 0);
	assert_int_equal(strncmp(info, "D23145890734", 12), 0);
	assert_int_equal(strlen(info), 12 + 15);
	assert_int_equal(chip_check_mrz_info("L898;902C", "690806", "940623", info, sizeof(info)),
			 -1);
	assert_int_equal(chip_check_mrz_info("L898902C", "6908", "940623", info, sizeof(info)), -1);
	assert_int_equal(chip_check_mrz_info("", "690806", "940623", info, sizeof(info)), -1);
	assert_int_equal(chip_check_mrz_info("L898902C", "690806", "9406X3", info, sizeof(info)),
			 -1);
}

static void test_a_chip_warning_makes_a_clear_screening_check(void **state)
{
	(void)state;
	struct screening *sc = malloc(sizeof(*sc));
	struct document d, other;
	dt_clean(&d, "N12345678");
	dt_screen(&app, &officer, &d, sc);
	assert_int_equal(sc->verdict, VERDICT_CLEAR);
	assert_int_equal(sc->chip.read, 0);

	struct chip_check_result r;
	genuine(&r, &d);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	screening_attach_chip(sc, &r);
	assert_int_equal(sc->verdict, VERDICT_CLEAR);
	assert_int_equal(sc->chip.read, 1);
	assert_int_equal(sc->chip.warning, 0);
	assert_string_equal(sc->chip.verdict, "genuine");

	dt_clean(&other, "N87654321");
	genuine(&r, &other);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	screening_attach_chip(sc, &r);
	assert_int_equal(sc->verdict, VERDICT_CHECK);
	assert_int_equal(sc->chip.warning, 1);
	assert_string_equal(sc->chip.verdict, "mrz_mismatch");

	/* a HIT stays a HIT */
	struct document listed;
	dt_listed(&listed);
	dt_screen(&app, &officer, &listed, sc);
	assert_int_equal(sc->verdict, VERDICT_HIT);
	screening_attach_chip(sc, &r);
	assert_int_equal(sc->verdict, VERDICT_HIT);

	/* a read without a verdict changes nothing */
	dt_screen(&app, &officer, &d, sc);
	genuine(&r, &d);
	r.chip.verdict = CHIP_REMOVED;
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	r.read = 0;
	screening_attach_chip(sc, &r);
	screening_attach_chip(sc, NULL);
	assert_int_equal(sc->chip.read, 0);
	assert_int_equal(sc->verdict, VERDICT_CLEAR);
	free(sc);
}

static void test_the_crossing_records_the_chip_verdict(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct screening *sc = malloc(sizeof(*sc));
	struct document d, other;
	dt_clean(&d, "N12345678");
	dt_clean(&other, "N87654321");
	dt_screen(&app, &officer, &d, sc);
	struct chip_check_result r;
	genuine(&r, &other);
	chip_check_compose(&d, CHIP_FIELDS_ALL, &r);
	screening_attach_chip(sc, &r);
	struct decision dec = { .kind = DECISION_REFER, .reason_text = "chip", .elapsed_ms = 5 };
	int64_t id;
	struct error err;
	error_clear(&err);
	TU_OK(decision_record(&app, &officer, sc, &dec, &id, &err), &err);
	struct crossing_row *c = malloc(sizeof(*c));
	assert_int_equal(crossing_get(app.db, id, c, &err), 1);
	assert_string_equal(c->verdict, "check");
	assert_string_equal(c->chip_verdict, "mrz_mismatch");
	TU_CONTAINS(c->chip_detail, "dg1 differs: number");
	struct tu_audit a;
	tu_last_audit(app.db, &a);
	assert_string_equal(a.action, "decision");
	TU_CONTAINS(a.detail, "chip mrz_mismatch");

	/* without a chip the columns stay NULL */
	dt_screen(&app, &officer, &d, sc);
	struct decision admit = { .kind = DECISION_ADMIT, .elapsed_ms = 5 };
	TU_OK(decision_record(&app, &officer, sc, &admit, &id, &err), &err);
	assert_int_equal(crossing_get(app.db, id, c, &err), 1);
	assert_string_equal(c->chip_verdict, "");
	assert_int_equal(dt_count("SELECT count(*) FROM crossings WHERE chip_verdict IS NULL AND"
				  " chip_detail IS NULL"),
			 1);
	free(c);
	free(sc);
}

#define T(f) cmocka_unit_test_setup_teardown(f, dt_setup, dt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_genuine_chip_with_the_printed_mrz_is_genuine),
		T(test_mrz_differences_are_named_field_by_field),
		T(test_every_field_is_compared),
		T(test_dates_compare_by_their_printed_digits),
		T(test_unknown_issuer_and_bad_chips_are_warnings),
		T(test_a_genuine_claim_rests_on_every_step),
		T(test_reads_without_a_verdict_are_unread),
		T(test_key_fields_only_compare_what_was_typed),
		T(test_access_key_from_typed_fields),
		T(test_a_chip_warning_makes_a_clear_screening_check),
		T(test_the_crossing_records_the_chip_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
