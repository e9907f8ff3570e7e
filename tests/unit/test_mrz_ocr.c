/* scanners/mrz.c: OCR confusions suggested, never applied, and always repairing their check. */
#include "mrz_testutil.h"

/* --- OCR confusions -------------------------------------------------------------------- */

static void test_ocr_confusions_are_suggested_for_each_pair(void **state)
{
	(void)state;
	/* Each row: one character of the fresh TD3 line 2 misread. Numeric fields (dates,
	 * check digits: "n" in the 9303 Part 4 MRZ data structure) can only hold a digit, so a
	 * letter there is offered back as its look-alike digit; in alphanumeric fields a digit may
	 * equally be a misread letter. */
	static const struct {
		const char *what;
		int col;
		char read;
		enum check_id id;
		char to;
	} cases[] = {
		{ "O for 0 in the birth date", 15, 'O', CHECK_BIRTH_DIGIT, '0' },
		{ "O for 0 in the expiry check digit", 27, 'O', CHECK_EXPIRY_DIGIT, '0' },
		{ "O for 0 in the document number", 5, 'O', CHECK_NUMBER_DIGIT, '0' },
		{ "I for 1 in the expiry date", 22, 'I', CHECK_EXPIRY_DIGIT, '1' },
		{ "B for 8 in the birth date", 16, 'B', CHECK_BIRTH_DIGIT, '8' },
		{ "S for 5 in the expiry date", 26, 'S', CHECK_EXPIRY_DIGIT, '5' },
		{ "Z for 2 in the birth date", 18, 'Z', CHECK_BIRTH_DIGIT, '2' },
		{ "G for 6 in the number check digit", 9, 'G', CHECK_NUMBER_DIGIT, '6' },
		{ "G for 6 in the composite check digit", 43, 'G', CHECK_COMPOSITE_DIGIT, '6' },
		{ "8 for B in the personal number", 36, '8', CHECK_OPTIONAL_DIGIT, 'B' },
		{ "2 for Z in the personal number", 28, '2', CHECK_OPTIONAL_DIGIT, 'Z' },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		assert_int_equal(m.l[1][cases[i].col], cases[i].to);
		m.l[1][cases[i].col] = cases[i].read;
		struct document d;
		parse_ok(&m, &d);
		print_message("  %s\n", cases[i].what);
		expect_status(&d, cases[i].id, CHECK_FAIL);
		if (!find_suggestion(&d, cases[i].id, 1, cases[i].col, cases[i].read,
				     cases[i].to)) {
			dump_suggestions(&d);
			fail_msg("%s: no suggestion {%s, 1:%d, '%c'->'%c'}", cases[i].what,
				 cid(cases[i].id), cases[i].col, cases[i].read, cases[i].to);
		}
	}
	/* the same on a three-line card: line 1 (0-based), column 2 */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[1][2] = 'O';
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_BIRTH_DIGIT, CHECK_FAIL);
	if (!find_suggestion(&d, CHECK_BIRTH_DIGIT, 1, 2, 'O', '0')) {
		dump_suggestions(&d);
		fail_msg("TD1: no suggestion {BIRTH_DIGIT, 1:2, 'O'->'0'}");
	}
}

static void test_birth_date_read_with_o_fails_and_suggests_zero(void **state)
{
	(void)state;
	/* the case from the brief, in full: "74O812" */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][15] = 'O';
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_BIRTH_DIGIT, '2', '6'); /* 7-3-1 over "74O812" is 6 */
	expect_status(&d, CHECK_COMPOSITE_DIGIT, CHECK_FAIL);
	const struct doc_suggestion *s = find_suggestion(&d, CHECK_BIRTH_DIGIT, 1, 15, 'O', '0');
	assert_non_null(s);
}

static void test_filler_read_as_k_leaves_check_digits_unchanged(void **state)
{
	(void)state;
	/* K is worth 20, and 20 x 7, 20 x 3 and 20 x 1 are all 0 mod 10 (9303 Part 3
	 * section 4.9): a filler read as K changes no check digit, so no check fails and
	 * there is nothing to suggest. The misread is kept as read. */
	assert_int_equal(mrz_check_digit("ZE184226BK<<<<", 14), '1');
	assert_int_equal(mrz_check_digit("ZE184226BKKKKK", 14), '1');
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][37] = 'K';
	struct document d;
	parse_ok(&m, &d);
	expect_digits_pass(&d);
	assert_string_equal(d.optional1, "ZE184226BK");
	assert_int_equal(d.n_suggestions, 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][15] = 'K'; /* TD1 optional data, inside the composite */
	parse_ok(&m, &d);
	expect_digits_pass(&d);
	assert_int_equal(d.n_suggestions, 0);
}

static void test_filler_check_digit_read_as_k_is_suggested(void **state)
{
	(void)state;
	/* An empty personal number with '<' for its digit (9303 Part 4 note), the '<' read
	 * as K: the one place a '<'-K confusion makes a check fail. */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[1], 28, "<<<<<<<<<<<<<<<");
	ref_fix(&m, DOC_TD3);
	m.l[1][42] = 'K';
	struct document d;
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_OPTIONAL_DIGIT), 0);
	assert_int_equal(need_check(&d, CHECK_OPTIONAL_DIGIT)->found, 'K');
	if (!find_suggestion(&d, CHECK_OPTIONAL_DIGIT, 1, 42, 'K', '<')) {
		dump_suggestions(&d);
		fail_msg("no suggestion {OPTIONAL_DIGIT, 1:42, 'K'->'<'}");
	}
}

static void test_suggestions_are_never_applied(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][5] = 'O'; /* "L8989O2C3" */
	struct document d;
	parse_ok(&m, &d);
	assert_non_null(find_suggestion(&d, CHECK_NUMBER_DIGIT, 1, 5, 'O', '0'));
	assert_string_equal(d.number, "L8989O2C3");
	assert_int_equal(d.mrz[1][5], 'O');
	expect_digit(&d, CHECK_NUMBER_DIGIT, '6', '0');
	assert_false(document_valid(&d));
}

static void test_no_suggestion_when_no_single_substitution_repairs(void **state)
{
	(void)state;
	/* Searched beforehand over every position and every pair (O0 I1 B8 S5 Z2 G6 <K) in
	 * both directions: no single swap makes any failing check pass in these. */
	static const struct {
		int col;
		char to;
		enum check_id id;
	} cases[] = { { 19, '7', CHECK_BIRTH_DIGIT },    { 19, '0', CHECK_BIRTH_DIGIT },
		      { 27, '5', CHECK_EXPIRY_DIGIT },   { 9, '1', CHECK_NUMBER_DIGIT },
		      { 42, '6', CHECK_OPTIONAL_DIGIT }, { 43, '1', CHECK_COMPOSITE_DIGIT },
		      { 43, '2', CHECK_COMPOSITE_DIGIT } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][cases[i].col] = cases[i].to;
		struct document d;
		parse_ok(&m, &d);
		expect_status(&d, cases[i].id, CHECK_FAIL);
		if (d.n_suggestions) {
			dump_suggestions(&d);
			fail_msg("%d:'%c': %d suggestions where none repairs", cases[i].col,
				 cases[i].to, d.n_suggestions);
		}
	}
}

static void test_no_suggestion_for_names_which_no_check_digit_covers(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "ERIKSSON<<ANNAKMARIA");
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.given_names, "ANNAKMARIA");
	expect_outcome(&d, 0, 0);
	assert_int_equal(d.n_suggestions, 0);
}

static int td3_numeric_col(int col)
{
	return col == 9 || (col >= 13 && col <= 19) || (col >= 21 && col <= 27) || col == 43;
}

static void test_suggestions_repair_their_check_and_keep_numeric_fields_numeric(void **state)
{
	(void)state;
	/* Whatever the implementation offers: applying a suggestion makes its check pass,
	 * and it never proposes a letter for a date or a check digit. */
	static const struct {
		int col;
		char c;
	} damage[] = { { 19, '3' }, { 19, '5' }, { 19, '9' }, { 27, '1' }, { 27, '3' },
		       { 9, '5' },  { 9, '7' },  { 42, '8' }, { 43, '3' }, { 43, '5' },
		       { 15, 'O' }, { 22, 'I' }, { 36, '8' }, { 5, 'O' } };
	char wrong[2048] = "";
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][damage[i].col] = damage[i].c;
		struct document d;
		parse_ok(&m, &d);
		for (int k = 0; k < d.n_suggestions; k++) {
			struct doc_suggestion s = d.suggestions[k];
			const char *why = NULL;
			if (s.line == 1 && td3_numeric_col(s.col) && !isdigit((unsigned char)s.to))
				why = "a letter in a numeric field";
			if (s.line == 1 && s.col == 42 && !isdigit((unsigned char)s.to) &&
			    !(s.to == '<' && all_fillers(d.mrz[1] + 28, 14)))
				why = "a letter for the personal number digit";
			struct mrz fixed = m;
			fixed.l[s.line][s.col] = s.to;
			struct document again;
			parse_ok(&fixed, &again);
			if (need_check(&again, s.check)->status != CHECK_PASS)
				why = "does not repair its check";
			if (why) {
				size_t used = strlen(wrong);
				snprintf(wrong + used, sizeof(wrong) - used,
					 "\n  damage 1:%d '%c': {%s, %d:%d, '%c'->'%c'} %s",
					 damage[i].col, damage[i].c, cid(s.check), s.line, s.col,
					 s.from, s.to, why);
			}
		}
	}
	if (wrong[0])
		fail_msg("bad suggestions:%s", wrong);
}

static void test_suggestions_never_exceed_the_array(void **state)
{
	(void)state;
	/* a line 2 full of look-alikes with every digit wrong */
	struct mrz m = mrz_of(TD3_L1, "B8O0I1S5Z2UTO0O8B1ZFS5O1S0ZE1BOI5OS8G6Z2O1O1", NULL);
	assert_int_equal(strlen(m.l[1]), 44);
	struct document d;
	parse_ok(&m, &d); /* expect_sane bounds n_suggestions */
	assert_false(document_valid(&d));
	m = mrz_of("I<UTOO0O0O0O0O8B8B8B8B8S5S5S5Z", "0O0O0O1F0O0O0O1UTOB8B8B8B8B8B8", TD1_L3);
	assert_int_equal(strlen(m.l[0]), 30);
	parse_ok(&m, &d);
	assert_false(document_valid(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ocr_confusions_are_suggested_for_each_pair),
		cmocka_unit_test(test_birth_date_read_with_o_fails_and_suggests_zero),
		cmocka_unit_test(test_filler_read_as_k_leaves_check_digits_unchanged),
		cmocka_unit_test(test_filler_check_digit_read_as_k_is_suggested),
		cmocka_unit_test(test_suggestions_are_never_applied),
		cmocka_unit_test(test_no_suggestion_when_no_single_substitution_repairs),
		cmocka_unit_test(test_no_suggestion_for_names_which_no_check_digit_covers),
		cmocka_unit_test(
			test_suggestions_repair_their_check_and_keep_numeric_fields_numeric),
		cmocka_unit_test(test_suggestions_never_exceed_the_array),
	};
	return cmocka_run_group_tests_name("mrz_ocr", tests, NULL, NULL);
}
