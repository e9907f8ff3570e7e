/* scanners/bcbp.c: the examples of IATA Resolution 792 Attachment B (single and
 * multi-leg, with conditional items and security data), flight dates around the new
 * year, titles after the name, and every way a pass can be cut or lie about its sizes.
 * Inputs are parsed from heap copies of exactly their length (no NUL), so the ASan build
 * catches any read past the end. */
#include "testutil.h"

#include "scanners/bcbp.h"

/* Attachment B example 1: mandatory items and security data */
#define EX1_MANDATORY "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"
#define EX_SECURITY                                                                                \
	"^164GIWVC5EH7JNT684FVNJ91W2QA4DVN5J8K4F0L0GEQ3DF5TGBN8709HKT5D3DW3GBHFCVHMY7J5T6HFR41W2"  \
	"QA4DVN5J8K4F0L0GE"
#define EX1 EX1_MANDATORY EX_SECURITY
/* example 2: two legs, version 6 conditional items, security data */
#define EX2                                                                                        \
	"M2DESMARAIS/LUC       EABC123 YULFRAAC 0834 226F001A0025 14D>6181WW6225BAC 0014123456"    \
	"0032A0141234567890 1AC AC 1234567890123    20KYLX58ZDEF456 FRAGVALH 3664 227C012C0002 "   \
	"12E2A0140987654321 1AC AC 1234567890123    2PCNWQ" EX_SECURITY
/* 1.1: Lufthansa home-printed pass, version 2 */
#define EX_LH                                                                                      \
	"M1TEST/HIDDEN         E8OQ6FU FRARLGLH 4010 012C004D0001 35C>2180WW6012BLH              " \
	"2922023642241060 LH                        *30600000K09         "
/* 1.2: KLM home-printed pass, version 5 with short sections */
#define EX_KL "M1TEST/PETER          E24Z5RN AMSBRUKL 1733 019M008A0001 316>503  W0D0742497067621"

static const struct doc_date day_2024_11_01 = { 2024, 11, 1 };

static int parse(const char *text, size_t len, const struct doc_date *today, struct seal *s,
		 char *why, size_t n)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	int rc = bcbp_parse(copy, len, today, s, why, n);
	free(copy);
	if (rc < 0) {
		assert_int_equal(s->n_fields, 0);
		assert_int_equal(s->person.have, 0);
		assert_true(why[0] != '\0');
	}
	return rc;
}

static void parse_ok(const char *text, const struct doc_date *today, struct seal *s)
{
	char why[256] = "";
	if (parse(text, strlen(text), today, s, why, sizeof(why)) != 0)
		fail_msg("bcbp_parse refused the pass: %s", why);
}

static void refused_n(const char *text, size_t len, const char *needle)
{
	struct seal s;
	char why[256] = "";
	if (parse(text, len, &day_2024_11_01, &s, why, sizeof(why)) == 0) {
		seal_free(&s);
		fail_msg("pass accepted, expected a refusal with '%s'", needle);
	}
	TU_CONTAINS(why, needle);
}

static void refused(const char *text, const char *needle)
{
	refused_n(text, strlen(text), needle);
}

static void field_is(const struct seal *s, const char *name, const char *want)
{
	const char *v = seal_field(s, name);
	if (!v)
		fail_msg("no field '%s'", name);
	assert_string_equal(v, want);
}

/* --- the examples of Attachment B -------------------------------------------------------- */

static void test_example_1_mandatory_items_and_security_data(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(EX1, &day_2024_11_01, &s);
	assert_int_equal(s.kind, SEAL_BCBP);
	assert_string_equal(s.type, "boarding_pass");
	assert_string_equal(s.version, "");
	field_is(&s, "passenger_name", "DESMARAIS/LUC");
	field_is(&s, "eticket", "E");
	field_is(&s, "legs", "1");
	field_is(&s, "leg1.pnr", "ABC123");
	field_is(&s, "leg1.from", "YUL");
	field_is(&s, "leg1.to", "FRA");
	field_is(&s, "leg1.carrier", "AC");
	field_is(&s, "leg1.flight", "0834");
	/* day 326 of 2024, a leap year */
	field_is(&s, "leg1.date", "2024-11-21");
	field_is(&s, "leg1.compartment", "J");
	field_is(&s, "leg1.seat", "001A");
	field_is(&s, "leg1.sequence", "0025");
	field_is(&s, "leg1.status", "1");
	field_is(&s, "security_type", "1");
	field_is(&s, "security_data", EX_SECURITY + 4);
	assert_int_equal(strlen(seal_field(&s, "security_data")), 100);
	/* no airline keys here: the security data is never a verified signature */
	assert_false(s.sig.present);
	assert_string_equal(s.person.surname, "DESMARAIS");
	assert_string_equal(s.person.given_names, "LUC");
	assert_true(s.person.have & SEAL_HAVE_NAME);
	assert_int_equal(s.person.have & ~(unsigned)SEAL_HAVE_NAME, 0);
	/* the fields keep the order of the pass, the security data last */
	assert_string_equal(s.fields[0].name, "passenger_name");
	assert_string_equal(s.fields[3].name, "leg1.pnr");
	assert_string_equal(s.fields[s.n_fields - 1].name, "security_data");
	seal_free(&s);
	/* without the security data: mandatory items only */
	parse_ok(EX1_MANDATORY, &day_2024_11_01, &s);
	assert_null(seal_field(&s, "security_type"));
	assert_int_equal(s.n_fields, 13);
	seal_free(&s);
}

static void test_example_2_two_legs_with_conditional_items(void **state)
{
	(void)state;
	struct seal s;
	const struct doc_date today = { 2026, 8, 14 };
	parse_ok(EX2, &today, &s);
	assert_string_equal(s.version, "6");
	field_is(&s, "legs", "2");
	field_is(&s, "version", "6");
	field_is(&s, "passenger_description", "1");
	field_is(&s, "checkin_source", "W");
	field_is(&s, "issuance_source", "W");
	/* "6225": day 225 of the latest year ending in 6 not after today */
	field_is(&s, "issue_date", "2026-08-13");
	field_is(&s, "document_type", "B");
	field_is(&s, "issuer_airline", "AC");
	field_is(&s, "baggage_tags", "0014123456003");
	assert_null(seal_field(&s, "baggage_tags_2"));
	/* leg 1 */
	field_is(&s, "leg1.date", "2026-08-14");
	field_is(&s, "leg1.compartment", "F");
	field_is(&s, "leg1.ticket", "0141234567890");
	assert_null(seal_field(&s, "leg1.selectee")); /* blank */
	field_is(&s, "leg1.doc_verification", "1");
	field_is(&s, "leg1.marketing_carrier", "AC");
	field_is(&s, "leg1.frequent_flyer", "AC 1234567890123");
	field_is(&s, "leg1.baggage_allowance", "20K");
	field_is(&s, "leg1.fast_track", "Y");
	field_is(&s, "leg1.airline_use", "LX58Z");
	/* leg 2 */
	field_is(&s, "leg2.pnr", "DEF456");
	field_is(&s, "leg2.from", "FRA");
	field_is(&s, "leg2.to", "GVA");
	field_is(&s, "leg2.carrier", "LH");
	field_is(&s, "leg2.flight", "3664");
	field_is(&s, "leg2.date", "2026-08-15");
	field_is(&s, "leg2.compartment", "C");
	field_is(&s, "leg2.seat", "012C");
	field_is(&s, "leg2.sequence", "0002");
	field_is(&s, "leg2.status", "1");
	field_is(&s, "leg2.ticket", "0140987654321");
	field_is(&s, "leg2.baggage_allowance", "2PC");
	field_is(&s, "leg2.fast_track", "N");
	field_is(&s, "leg2.airline_use", "WQ");
	field_is(&s, "security_data", EX_SECURITY + 4);
	assert_true(s.n_fields <= SEAL_MAX_FIELDS);
	seal_free(&s);
}

static void test_airline_examples_of_versions_2_and_5(void **state)
{
	(void)state;
	struct seal s;
	const struct doc_date today = { 2026, 1, 12 };
	parse_ok(EX_LH, &today, &s);
	assert_string_equal(s.version, "2");
	field_is(&s, "passenger_name", "TEST/HIDDEN");
	field_is(&s, "leg1.from", "FRA");
	field_is(&s, "leg1.to", "RLG");
	field_is(&s, "leg1.date", "2026-01-12");
	field_is(&s, "leg1.status", "3");
	field_is(&s, "issue_date", "2026-01-12");
	field_is(&s, "issuer_airline", "LH");
	assert_null(seal_field(&s, "baggage_tags")); /* blank */
	field_is(&s, "leg1.ticket", "2202364224106");
	field_is(&s, "leg1.selectee", "0");
	field_is(&s, "leg1.marketing_carrier", "LH");
	assert_null(seal_field(&s, "leg1.frequent_flyer"));
	assert_null(seal_field(&s, "leg1.fast_track")); /* not in version 2 */
	field_is(&s, "leg1.airline_use", "*30600000K09");
	assert_null(seal_field(&s, "security_type"));
	seal_free(&s);

	parse_ok(EX_KL, &today, &s);
	assert_string_equal(s.version, "5");
	field_is(&s, "leg1.carrier", "KL");
	field_is(&s, "leg1.date", "2026-01-19");
	/* a unique section of three: only the source of issuance is said */
	field_is(&s, "issuance_source", "W");
	assert_null(seal_field(&s, "passenger_description"));
	assert_null(seal_field(&s, "issue_date"));
	field_is(&s, "leg1.ticket", "0742497067621");
	assert_null(seal_field(&s, "leg1.marketing_carrier"));
	seal_free(&s);
}

static void test_four_legs_keep_every_mandatory_item(void **state)
{
	(void)state;
	/* four legs, each with a full repeated section: the conditional items give way to
	 * the mandatory ones of later legs */
	char pass[1024];
	size_t o = (size_t)snprintf(pass, sizeof(pass), "M4SMITH/JOHN MR       E");
	for (int leg = 1; leg <= 4; leg++) {
		const char *var = leg == 1 ? "48>6180WW6225BAC 0014123456003"
					     "2A0141234567890 1AC AC 1234567890123    20KY"
					   : "2C2A0141234567890 1AC AC 1234567890123    20KY";
		o += (size_t)snprintf(pass + o, sizeof(pass) - o,
				      "ABC12%d YULFRAAC 083%d 32%dY01%dA0025 1%s", leg, leg, leg,
				      leg, var);
	}
	o += (size_t)snprintf(pass + o, sizeof(pass) - o, "^100");
	struct seal s;
	parse_ok(pass, &day_2024_11_01, &s);
	field_is(&s, "legs", "4");
	for (int leg = 1; leg <= 4; leg++) {
		char name[32];
		snprintf(name, sizeof(name), "leg%d.seat", leg);
		char want[24];
		snprintf(want, sizeof(want), "01%dA", leg);
		field_is(&s, name, want);
		snprintf(name, sizeof(name), "leg%d.date", leg);
		snprintf(want, sizeof(want), "2024-11-%02d", 15 + leg);
		field_is(&s, name, want);
	}
	field_is(&s, "security_type", "1");
	field_is(&s, "security_data", "");
	assert_int_equal(s.n_fields, SEAL_MAX_FIELDS);
	assert_string_equal(s.person.surname, "SMITH");
	assert_string_equal(s.person.given_names, "JOHN");
	seal_free(&s);
}

/* --- dates and names ------------------------------------------------------------------- */

static void date_of(const char *day, const struct doc_date *today, const char *want)
{
	char pass[128];
	snprintf(pass, sizeof(pass), "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 %sJ001A0025 100",
		 day);
	struct seal s;
	parse_ok(pass, today, &s);
	field_is(&s, "leg1.date", want);
	seal_free(&s);
}

static void test_flight_day_is_the_nearest_date_around_the_new_year(void **state)
{
	(void)state;
	const struct doc_date dec30 = { 2024, 12, 30 }, jan2 = { 2025, 1, 2 }, mid = { 2025, 6, 1 },
			      jul2 = { 2025, 7, 2 }, jul2_2024 = { 2024, 7, 2 };
	/* a flight in two days, across the year's end */
	date_of("002", &dec30, "2025-01-02");
	/* a pass read after a flight late last year; 2024 is a leap year */
	date_of("365", &jan2, "2024-12-30");
	date_of("366", &jan2, "2024-12-31");
	date_of("001", &jan2, "2025-01-01");
	/* day 366 exists only in 2024 among 2024-2026 */
	date_of("366", &mid, "2024-12-31");
	/* 183 days after 2024-01-01 and before 2025-01-01: the later one */
	date_of("001", &jul2_2024, "2025-01-01");
	/* 182 days back is nearer than 183 ahead */
	date_of("001", &jul2, "2025-01-01");
	date_of("183", &jul2, "2025-07-02");
	/* blank: the field is there, empty */
	date_of("   ", &mid, "");
	/* no year next to 2026 has a day 366 */
	const struct doc_date y2026 = { 2026, 6, 1 };
	struct seal s;
	char why[128];
	assert_int_equal(parse("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 366J001A0025 100", 60,
			       &y2026, &s, why, sizeof(why)),
			 -1);
	TU_CONTAINS(why, "day 366");
	/* without today (or an impossible one) the clock decides: still a date */
	const struct doc_date bad = { 2025, 2, 30 };
	parse_ok(EX1, NULL, &s);
	assert_int_equal(strlen(seal_field(&s, "leg1.date")), 10);
	seal_free(&s);
	parse_ok(EX1, &bad, &s);
	assert_int_equal(strlen(seal_field(&s, "leg1.date")), 10);
	seal_free(&s);
}

static void name_is(const char *name20, const char *surname, const char *given)
{
	char pass[128];
	snprintf(pass, sizeof(pass), "M1%-20sEABC123 YULFRAAC 0834 326J001A0025 100", name20);
	struct seal s;
	parse_ok(pass, &day_2024_11_01, &s);
	assert_string_equal(s.person.surname, surname);
	assert_string_equal(s.person.given_names, given);
	seal_free(&s);
}

static void test_title_after_the_given_names_is_not_a_name(void **state)
{
	(void)state;
	name_is("BRUNER/ROMAN MR", "BRUNER", "ROMAN");
	name_is("SMITH/JANE ANN MRS", "SMITH", "JANE ANN");
	name_is("DOE/JOHN DR", "DOE", "JOHN");
	name_is("LEE/MSTR", "LEE", "");
	name_is("MISS/ANNA", "MISS", "ANNA"); /* a surname, not a title */
	name_is("ORR/DREW", "ORR", "DREW");   /* DR only as a word of its own */
	name_is("VAN DER BERG/JAN MS", "VAN DER BERG", "JAN");
	name_is("MADONNA", "MADONNA", "");
}

/* --- malformed ----------------------------------------------------------------------- */

static void test_format_code_and_leg_count_are_checked(void **state)
{
	(void)state;
	refused("X1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100", "format code");
	refused("M0DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100", "number of legs");
	refused("M5DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100", "number of legs");
	refused("MADESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100", "number of legs");
	refused("M1                    EABC123 YULFRAAC 0834 326J001A0025 100", "name is blank");
	/* two legs said, one there */
	refused("M2DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100", "ends inside");
}

static void test_every_truncation_is_refused(void **state)
{
	(void)state;
	const char *passes[] = { EX1, EX2, EX_LH, EX_KL };
	for (size_t k = 0; k < sizeof(passes) / sizeof(passes[0]); k++) {
		size_t len = strlen(passes[k]);
		for (size_t n = 0; n < len; n++) {
			struct seal s;
			char why[256] = "";
			int rc = parse(passes[k], n, &day_2024_11_01, &s, why, sizeof(why));
			/* the only shorter pass that is whole is the one without its
			 * security data */
			if (rc == 0) {
				const char *caret = strchr(passes[k], '^');
				assert_non_null(caret);
				assert_int_equal(n, (size_t)(caret - passes[k]));
				seal_free(&s);
			}
		}
	}
}

static void test_sizes_that_lie_are_refused(void **state)
{
	(void)state;
	/* the leg's variable field says more than there is */
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 105>6", "ends inside");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 1G0", "not hex");
	/* the unique section says more than the variable field holds */
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 105>620W", "1 are left");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 105>6Z0W", "not hex");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 103>62", "cut inside");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 101>", "version");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 102>X", "version");
	/* the repeated section says more than there is */
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 106>60009", "are left");
	/* security data shorter or longer than its size */
	refused(EX1_MANDATORY "^105ABCD", "ends inside the security data");
	refused(EX1_MANDATORY "^104ABCDE", "1 characters after the security data");
	refused(EX1_MANDATORY "^1", "ends inside the security data header");
	refused(EX1_MANDATORY "^1XY", "not hex");
	refused(EX1_MANDATORY "X", "security data's '^'");
	/* a day of the year that is none */
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 367J001A0025 100", "not a day");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 000J001A0025 100", "not a day");
	refused("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 3 6J001A0025 100", "not a day");
}

static void test_unstructured_variable_fields_are_airline_data(void **state)
{
	(void)state;
	struct seal s;
	/* leg 1 without '>' and a later leg without a hex size: the airline's own data */
	parse_ok("M2DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 104ZZ99"
		 "DEF456 FRAGVALH 3664 327C012C0002 103*AB",
		 &day_2024_11_01, &s);
	field_is(&s, "leg1.airline_use", "ZZ99");
	field_is(&s, "leg2.airline_use", "*AB");
	field_is(&s, "leg2.date", "2024-11-22");
	seal_free(&s);
	/* a unique section longer than the items known here (52 of 50): the rest is
	 * skipped, the leg's own section still read */
	char pass[160];
	snprintf(pass, sizeof(pass), "%.58s3D>934%-50sZZ0303Y", EX1_MANDATORY,
		 "1WW6225BAC 0014123456003");
	parse_ok(pass, &day_2024_11_01, &s);
	field_is(&s, "version", "9");
	field_is(&s, "passenger_description", "1");
	field_is(&s, "baggage_tags", "0014123456003");
	field_is(&s, "leg1.ticket", "03Y");
	assert_null(seal_field(&s, "leg1.airline_use"));
	seal_free(&s);
}

static void test_control_and_non_ascii_bytes_are_refused(void **state)
{
	(void)state;
	char pass[] = EX1;
	pass[30] = '\t';
	refused(pass, "0x09 at 30");
	pass[30] = (char)0xC3;
	refused(pass, "not printable ASCII");
	pass[30] = 'Y';
	/* a NUL inside the length given */
	refused_n(EX1_MANDATORY "\0", 61, "0x00");
	/* one line end from a wedge scanner is not part of the pass */
	struct seal s;
	char why[64];
	assert_int_equal(parse(EX1 "\r\n", strlen(EX1) + 2, &day_2024_11_01, &s, why, sizeof(why)),
			 0);
	field_is(&s, "security_type", "1");
	seal_free(&s);
	refused_n(EX1 "\n\n", strlen(EX1) + 2, "0x0A");
}

static void test_looks_like_wants_m_a_leg_count_and_the_mandatory_length(void **state)
{
	(void)state;
	assert_true(bcbp_looks_like(EX1, strlen(EX1)));
	assert_true(bcbp_looks_like(EX1_MANDATORY, 60));
	assert_false(bcbp_looks_like(EX1_MANDATORY, 59));
	assert_false(bcbp_looks_like(EX2, 60 + 36)); /* two legs need 97 */
	assert_true(bcbp_looks_like(EX2, 97));
	assert_false(bcbp_looks_like("M0", 2));
	assert_false(bcbp_looks_like("M5DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100",
				     60));
	assert_false(bcbp_looks_like(NULL, 60));
	static const unsigned char seal[] = { 0xDC, 0x03 };
	assert_false(bcbp_looks_like((const char *)seal, sizeof(seal)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_1_mandatory_items_and_security_data),
		cmocka_unit_test(test_example_2_two_legs_with_conditional_items),
		cmocka_unit_test(test_airline_examples_of_versions_2_and_5),
		cmocka_unit_test(test_four_legs_keep_every_mandatory_item),
		cmocka_unit_test(test_flight_day_is_the_nearest_date_around_the_new_year),
		cmocka_unit_test(test_title_after_the_given_names_is_not_a_name),
		cmocka_unit_test(test_format_code_and_leg_count_are_checked),
		cmocka_unit_test(test_every_truncation_is_refused),
		cmocka_unit_test(test_sizes_that_lie_are_refused),
		cmocka_unit_test(test_unstructured_variable_fields_are_airline_data),
		cmocka_unit_test(test_control_and_non_ascii_bytes_are_refused),
		cmocka_unit_test(test_looks_like_wants_m_a_leg_count_and_the_mandatory_length),
	};
	return cmocka_run_group_tests_name("bcbp", tests, NULL, NULL);
}
