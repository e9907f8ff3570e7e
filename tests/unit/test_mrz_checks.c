/* scanners/mrz.c: check digits one by one, long numbers, codes, sex, names, characters. */
#include "mrz_testutil.h"

/* --- check digits, one at a time ----------------------------------------------------------- */

static void test_each_altered_check_digit_fails_alone_with_found_and_expected(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		enum doc_format f;
		int line, col;
		char to;
		enum check_id id;
		char expected;
		int in_composite;
	} cases[] = {
		{ "TD3 number", DOC_TD3, 1, 9, '3', CHECK_NUMBER_DIGIT, '6', 1 },
		{ "TD3 birth", DOC_TD3, 1, 19, '7', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD3 expiry", DOC_TD3, 1, 27, '5', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD3 personal number", DOC_TD3, 1, 42, '4', CHECK_OPTIONAL_DIGIT, '1', 1 },
		{ "TD3 composite", DOC_TD3, 1, 43, '9', CHECK_COMPOSITE_DIGIT, '6', 0 },
		{ "TD1 number", DOC_TD1, 0, 14, '3', CHECK_NUMBER_DIGIT, '7', 1 },
		{ "TD1 birth", DOC_TD1, 1, 6, '8', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD1 expiry", DOC_TD1, 1, 14, '1', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD1 composite", DOC_TD1, 1, 29, '5', CHECK_COMPOSITE_DIGIT, '2', 0 },
		{ "TD2 number", DOC_TD2, 1, 9, '0', CHECK_NUMBER_DIGIT, '7', 1 },
		{ "TD2 birth", DOC_TD2, 1, 19, '9', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD2 expiry", DOC_TD2, 1, 27, '7', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD2 composite", DOC_TD2, 1, 35, '3', CHECK_COMPOSITE_DIGIT, '2', 0 },
		{ "MRV-B number", DOC_MRVB, 1, 9, '4', CHECK_NUMBER_DIGIT, '3', 0 },
		{ "MRV-A birth", DOC_MRVA, 1, 19, '0', CHECK_BIRTH_DIGIT, '1', 0 },
		{ "MRV-A expiry", DOC_MRVA, 1, 27, '2', CHECK_EXPIRY_DIGIT, '6', 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m;
		switch (cases[i].f) {
		case DOC_TD3:
			m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
			break;
		case DOC_TD1:
			m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
			break;
		case DOC_TD2:
			m = mrz_of(TD2_L1, TD2_FRESH_L2, NULL);
			break;
		case DOC_MRVA:
			m = mrz_of(MRVA_L1, MRVA_L2, NULL);
			break;
		default:
			m = mrz_of(MRVB_L1, MRVB_L2, NULL);
			break;
		}
		assert_int_equal(m.l[cases[i].line][cases[i].col], cases[i].expected);
		m.l[cases[i].line][cases[i].col] = cases[i].to;
		struct document d;
		parse_ok(&m, &d);
		print_message("  %s\n", cases[i].what);
		expect_digit(&d, cases[i].id, cases[i].to, cases[i].expected);
		unsigned fail = BIT(cases[i].id);
		if (cases[i].in_composite)
			fail |= BIT(CHECK_COMPOSITE_DIGIT);
		if (cases[i].f == DOC_MRVA || cases[i].f == DOC_MRVB)
			fail |= BIT(CHECK_EXPIRED); /* the visa specimen expired in 1994 */
		expect_outcome(&d, fail, 0);
		assert_false(document_valid(&d));
	}
}

static void test_td3_empty_personal_number_accepts_filler_or_zero_check_digit(void **state)
{
	(void)state;
	/* 9303 Part 4, MRZ data structure note: when the personal number field is all fillers
	 * its check digit may be '<' or '0' */
	for (int i = 0; i < 2; i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[1], 28, "<<<<<<<<<<<<<<");
		m.l[1][42] = i ? '0' : '<';
		ref_fix(&m, DOC_TD3);
		assert_int_equal(m.l[1][42], i ? '0' : '<');
		struct document d;
		parse_ok(&m, &d);
		assert_string_equal(d.optional1, "");
		expect_outcome(&d, 0, 0);
	}
}

static void test_td3_filler_personal_number_digit_fails_when_number_present(void **state)
{
	(void)state;
	/* the '<' allowance is for an empty field only */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][42] = '<';
	m.l[1][43] = ref_composite(m.l[1], 10, m.l[1] + 13, 7, m.l[1] + 21, 22, NULL, 0);
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_OPTIONAL_DIGIT, '<', '1');
	expect_outcome(&d, BIT(CHECK_OPTIONAL_DIGIT), 0);
}

/* --- long document numbers (9303 Part 5 and Part 6, note j) ------------------------------ */

static void test_td1_long_document_number_icao_specimen(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD1X_L1 "\n" TD1X_L2 "\n" TD1X_L3, &d);
	assert_int_equal(d.format, DOC_TD1);
	assert_string_equal(d.number, "D23145890734");
	assert_string_equal(d.surname, "STEVENSON");
	assert_string_equal(d.given_names, "PETER JOHN");
	expect_date(d.birth, 1934, 7, 12);
	assert_int_equal(d.sex, 'M');
	expect_date(d.expiry, 1995, 7, 12);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_td2_long_document_number_icao_specimen(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD2X_L1 "\n" TD2X_L2, &d);
	assert_int_equal(d.format, DOC_TD2);
	assert_string_equal(d.number, "D23145890734");
	assert_string_equal(d.surname, "STEVENSON");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_td1_long_document_number_uses_optional_data(void **state)
{
	(void)state;
	/* the check digit covers the whole number, not the filler that marks the cut:
	 * X12345678AB12 gives 3, X12345678<AB12 would give 9 */
	struct document d;
	parse_text_ok(TD1H_L1 "\n" TD1H_L2 "\n" TD1_L3, &d);
	assert_string_equal(d.number, "X12345678AB12");
	expect_outcome(&d, 0, 0);
}

static void test_td2_long_document_number_uses_optional_data(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD2_L1 "\n" TD2H_L2, &d);
	assert_string_equal(d.number, "X12345678AB12");
	expect_outcome(&d, 0, 0);
}

static void test_td1_ten_character_document_number(void **state)
{
	(void)state;
	/* the shortest continuation: one character, then the check digit */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 0, "IDUTO123456789<0?"); /* ? becomes the digit */
	ref_fix(&m, DOC_TD1);
	assert_int_equal(m.l[0][16], '7');
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.number, "1234567890");
	expect_outcome(&d, 0, 0);
}

static void test_td1_filler_number_digit_without_continuation_fails(void **state)
{
	(void)state;
	/* '<' in the check digit position announces a continuation (Part 5 note j); with
	 * none, the number has no check digit at all */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][14] = '<';
	ref_fix(&m, DOC_TD1); /* leaves the '<' alone: k == 0 */
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_NUMBER_DIGIT, CHECK_FAIL);
	assert_false(document_valid(&d));
}

static void test_long_document_number_with_a_wrong_check_digit_fails(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD1H_L1, TD1H_L2, TD1_L3);
	assert_int_equal(m.l[0][19], '3');
	m.l[0][19] = '5';
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '5', '3');
	/* the continuation lies inside the TD1 composite too */
	expect_outcome(&d, BIT(CHECK_NUMBER_DIGIT) | BIT(CHECK_COMPOSITE_DIGIT), 0);

	m = mrz_of(TD2_L1, TD2H_L2, NULL);
	assert_int_equal(m.l[1][32], '3');
	m.l[1][32] = '8';
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '8', '3');
	expect_outcome(&d, BIT(CHECK_NUMBER_DIGIT) | BIT(CHECK_COMPOSITE_DIGIT), 0);

	m = mrz_of(TD1X_L1, TD1X_L2, TD1X_L3);
	m.l[0][18] = '1';
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '1', '9');
}

/* --- codes, sex, names ------------------------------------------------------------------ */

static void test_germany_d_with_fillers_is_code_d(void **state)
{
	(void)state;
	/* 9303 Part 3 section 5: Germany is the one-letter code D, padded "D<<" */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 2, "D<<");
	put(m.l[1], 10, "D<<");
	ref_fix(&m, DOC_TD3);
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.issuer, "D");
	assert_string_equal(d.nationality, "D");
	expect_outcome(&d, 0, 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 2, "D<<");
	put(m.l[1], 15, "D<<");
	ref_fix(&m, DOC_TD1);
	parse_ok(&m, &d);
	assert_string_equal(d.issuer, "D");
	assert_string_equal(d.nationality, "D");
	expect_outcome(&d, 0, 0);
}

static void test_sex_x_and_filler_give_x_and_other_letters_fail(void **state)
{
	(void)state;
	/* 9303 Part 4, MRZ data structure: F, M, or < for unspecified; X since the 8th edition.
	 * The sex is outside the composite, so nothing else changes. */
	static const struct {
		char printed, sex;
		enum check_status st;
	} cases[] = { { 'F', 'F', CHECK_PASS },
		      { 'M', 'M', CHECK_PASS },
		      { 'X', 'X', CHECK_PASS },
		      { '<', 'X', CHECK_PASS } };
	struct document d;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][20] = cases[i].printed;
		parse_ok(&m, &d);
		assert_int_equal(d.sex, cases[i].sex);
		expect_outcome(&d, 0, 0);
		m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
		m.l[1][7] = cases[i].printed;
		parse_ok(&m, &d);
		assert_int_equal(d.sex, cases[i].sex);
		expect_outcome(&d, 0, 0);
	}
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][20] = 'Q';
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_SEX), 0);
	assert_false(document_valid(&d));
	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[1][7] = '7';
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_SEX), 0);
}

static void test_td3_full_name_field_warns_truncated(void **state)
{
	(void)state;
	/* 9303 Part 4 section 4.2.3: a name that fills all 39 positions may have been cut */
	const char *full = "ERIKSSON<<ANNA<MARIA<ELISABETH<CHRISTIN";
	assert_int_equal(strlen(full), 39);
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, full);
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.name_truncated, 1);
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA ELISABETH CHRISTIN");
	expect_outcome(&d, 0, BIT(CHECK_NAME_TRUNCATED));
	assert_true(document_valid(&d)); /* a warning, not a failure */
}

static void test_td3_name_ending_in_a_filler_is_not_truncated(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "ERIKSSON<<ANNA<MARIA<ELISABETH<CHRISTI<");
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.name_truncated, 0);
	assert_string_equal(d.given_names, "ANNA MARIA ELISABETH CHRISTI");
	expect_outcome(&d, 0, 0);
	expect_status(&d, CHECK_NAME_TRUNCATED, CHECK_PASS);
}

/* --- issuing state and nationality ---------------------------------------------------- */

static void test_unknown_state_codes_fail(void **state)
{
	(void)state;
	struct document d;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 2, "ZZZ");
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_ISSUER), 0);
	assert_string_equal(d.issuer, "ZZZ");

	m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[1], 10, "ZZZ");
	ref_fix(&m, DOC_TD3);
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_NATIONALITY), 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 2, "QQQ");
	put(m.l[1], 15, "Q<<");
	ref_fix(&m, DOC_TD1);
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_ISSUER) | BIT(CHECK_NATIONALITY), 0);
}

static void test_icao_special_codes_are_known(void **state)
{
	(void)state;
	/* 9303 Part 3 section 5: XXA stateless, XXB and XXC refugees, XXX unspecified,
	 * GBD British Overseas Territories citizen (nationality); UNO United Nations and EUE
	 * European Union (issuers); UTO the specimen state; and the region's own states */
	static const char *const nationalities[] = { "XXA", "XXB", "XXC", "XXX", "GBD", "UTO",
						     "KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS" };
	static const char *const issuers[] = { "UNO", "EUE", "UTO", "KAZ", "TJK", "D<<" };
	struct document d;
	for (size_t i = 0; i < sizeof(nationalities) / sizeof(nationalities[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[1], 10, nationalities[i]);
		ref_fix(&m, DOC_TD3);
		parse_ok(&m, &d);
		print_message("  nationality %s\n", nationalities[i]);
		assert_string_equal(d.nationality, nationalities[i]);
		expect_outcome(&d, 0, 0);
	}
	for (size_t i = 0; i < sizeof(issuers) / sizeof(issuers[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[0], 2, issuers[i]);
		parse_ok(&m, &d);
		print_message("  issuer %s\n", issuers[i]);
		expect_outcome(&d, 0, 0);
	}
}

/* --- characters ---------------------------------------------------------------------- */

static void test_characters_outside_the_mrz_set_fail_characters(void **state)
{
	(void)state;
	/* 9303 Part 3, MRZ character set: A-Z, 0-9 and < only. These inputs have the
	 * right shape, so they parse, and the check says what is wrong. */
	static const struct {
		int line, col;
		char c;
	} cases[] = { { 0, 6, 'r' },  { 0, 19, '-' }, { 0, 30, '*' },  { 1, 33, ' ' },
		      { 1, 40, '.' }, { 0, 12, 'n' }, { 0, 8, '\xc9' } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[cases[i].line][cases[i].col] = cases[i].c;
		char buf[160];
		join(&m, "\n", buf, sizeof(buf));
		struct document d;
		struct error err;
		int rc = parse_bytes(buf, strlen(buf), &d, &err);
		if (rc != 0)
			fail_msg("0x%02x at %d:%d: refused (%d) %s", (unsigned char)cases[i].c,
				 cases[i].line, cases[i].col, rc, err.msg);
		expect_sane(&d);
		expect_status(&d, CHECK_CHARACTERS, CHECK_FAIL);
		assert_false(document_valid(&d));
	}
}

static void test_lowercase_in_a_checked_field_does_not_pass_its_digit(void **state)
{
	(void)state;
	/* lower case is not upper case (mrz.h): "l898902C3" has no check digit at all */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][0] = 'l';
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_CHARACTERS, CHECK_FAIL);
	if (need_check(&d, CHECK_NUMBER_DIGIT)->status == CHECK_PASS)
		fail_msg("the number check digit passed over a lower-case letter");
	if (need_check(&d, CHECK_COMPOSITE_DIGIT)->status == CHECK_PASS)
		fail_msg("the composite check digit passed over a lower-case letter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_altered_check_digit_fails_alone_with_found_and_expected),
		cmocka_unit_test(test_td3_empty_personal_number_accepts_filler_or_zero_check_digit),
		cmocka_unit_test(test_td3_filler_personal_number_digit_fails_when_number_present),
		cmocka_unit_test(test_td1_long_document_number_icao_specimen),
		cmocka_unit_test(test_td2_long_document_number_icao_specimen),
		cmocka_unit_test(test_td1_long_document_number_uses_optional_data),
		cmocka_unit_test(test_td2_long_document_number_uses_optional_data),
		cmocka_unit_test(test_td1_ten_character_document_number),
		cmocka_unit_test(test_td1_filler_number_digit_without_continuation_fails),
		cmocka_unit_test(test_long_document_number_with_a_wrong_check_digit_fails),
		cmocka_unit_test(test_germany_d_with_fillers_is_code_d),
		cmocka_unit_test(test_sex_x_and_filler_give_x_and_other_letters_fail),
		cmocka_unit_test(test_td3_full_name_field_warns_truncated),
		cmocka_unit_test(test_td3_name_ending_in_a_filler_is_not_truncated),
		cmocka_unit_test(test_unknown_state_codes_fail),
		cmocka_unit_test(test_icao_special_codes_are_known),
		cmocka_unit_test(test_characters_outside_the_mrz_set_fail_characters),
		cmocka_unit_test(test_lowercase_in_a_checked_field_does_not_pass_its_digit),
	};
	return cmocka_run_group_tests_name("mrz_checks", tests, NULL, NULL);
}
