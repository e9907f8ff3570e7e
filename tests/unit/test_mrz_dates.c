/* scanners/mrz.c: birth and expiry dates, two-digit years, impossible and partial dates, expiry. */
#include "mrz_testutil.h"

/* --- dates --------------------------------------------------------------------------- */

static void test_birth_two_digit_year_resolves_to_the_past(void **state)
{
	(void)state;
	/* a birth date is never in the future: the latest century that is not after now */
	static const struct {
		const char *yymmdd;
		int y, m, d;
	} cases[] = {
		{ "991231", 1999, 12, 31 }, { "250101", 2025, 1, 1 },  { "300101", 1930, 1, 1 },
		{ "740812", 1974, 8, 12 },  { "000101", 2000, 1, 1 },  { "261122", 2026, 11, 22 },
		{ "261123", 1926, 11, 23 }, { "261201", 1926, 12, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].yymmdd, NULL);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s\n", cases[i].yymmdd);
		expect_date(d.birth, cases[i].y, cases[i].m, cases[i].d);
		expect_outcome(&d, 0, 0);
	}
}

static void test_expiry_two_digit_year_resolves_within_fifty_years(void **state)
{
	(void)state;
	/* the century that puts the expiry within [now - 50 years, now + 50 years] */
	static const struct {
		const char *yymmdd;
		int y, m, d;
		int expired;
	} cases[] = {
		{ "491231", 2049, 12, 31, 0 }, { "310415", 2031, 4, 15, 0 },
		{ "300101", 2030, 1, 1, 0 },   { "761121", 2076, 11, 21, 0 },
		{ "991231", 1999, 12, 31, 1 }, { "120415", 2012, 4, 15, 1 },
		{ "000101", 2000, 1, 1, 1 },   { "751231", 2075, 12, 31, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(NULL, cases[i].yymmdd);
		struct document d;
		parse_ok(&m, &d);
		print_message("  expires %s\n", cases[i].yymmdd);
		expect_date(d.expiry, cases[i].y, cases[i].m, cases[i].d);
		expect_outcome(&d, cases[i].expired ? BIT(CHECK_EXPIRED) : 0, 0);
	}
}

static void test_expiry_one_day_past_fifty_years_ahead_is_last_century(void **state)
{
	(void)state;
	/* now + 50 years is 2076-11-22: 2076-11-23 lies outside the window and 1976-11-23
	 * inside it, so "761123" is 1976 (and long expired). The window is on the date,
	 * not on the year alone. */
	struct mrz m = td3_dated(NULL, "761123");
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 1976, 11, 23);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_impossible_dates_fail_their_date_check(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.8 (YYMMDD): month 01-12, a day that exists in that month */
	static const struct {
		const char *birth, *expiry;
	} cases[] = {
		{ "741312", NULL }, { "740832", NULL }, { "740230", NULL },
		{ "250229", NULL }, { "740431", NULL }, { NULL, "311315" },
		{ NULL, "310432" }, { NULL, "270229" }, { NULL, "310631" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].birth, cases[i].expiry);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s expires %s\n", cases[i].birth ? cases[i].birth : "-",
			      cases[i].expiry ? cases[i].expiry : "-");
		expect_digits_pass(&d);
		if (cases[i].birth) {
			expect_status(&d, CHECK_BIRTH_DATE, CHECK_FAIL);
			expect_status(&d, CHECK_EXPIRY_DATE, CHECK_PASS);
		} else {
			expect_status(&d, CHECK_EXPIRY_DATE, CHECK_FAIL);
			expect_status(&d, CHECK_BIRTH_DATE, CHECK_PASS);
		}
		assert_false(document_valid(&d));
	}
}

static void test_leap_days_are_real_dates(void **state)
{
	(void)state;
	struct document d;
	struct mrz m = td3_dated("000229", NULL); /* 2000: divisible by 400 */
	parse_ok(&m, &d);
	expect_date(d.birth, 2000, 2, 29);
	expect_outcome(&d, 0, 0);
	m = td3_dated("960229", "280229"); /* 1996 and 2028 */
	parse_ok(&m, &d);
	expect_date(d.birth, 1996, 2, 29);
	expect_date(d.expiry, 2028, 2, 29);
	expect_outcome(&d, 0, 0);
}

static void test_partial_birth_dates_are_kept_not_impossible(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.8: an unknown day or month is printed as fillers ("<<");
	 * some states print "XX" */
	static const struct {
		const char *yymmdd;
		int m, d;
	} cases[] = {
		{ "75XXXX", 0, 0 }, { "7505XX", 5, 0 }, { "7505<<", 5, 0 }, { "75<<<<", 0, 0 }
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].yymmdd, NULL);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s\n", cases[i].yymmdd);
		expect_date(d.birth, 1975, cases[i].m, cases[i].d);
		expect_status(&d, CHECK_BIRTH_DIGIT, CHECK_PASS);
		expect_status(&d, CHECK_CHARACTERS, CHECK_PASS);
		if (need_check(&d, CHECK_BIRTH_DATE)->status == CHECK_FAIL)
			fail_msg("partial birth date %s reported as impossible", cases[i].yymmdd);
		assert_true(document_valid(&d));
	}
}

static void test_expired_document_fails_expired(void **state)
{
	(void)state;
	struct mrz m = td3_dated(NULL, "261121"); /* yesterday */
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 2026, 11, 21);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	assert_false(document_valid(&d));
}

static void test_document_expiring_today_is_not_expired(void **state)
{
	(void)state;
	struct mrz m = td3_dated(NULL, "261122");
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 2026, 11, 22);
	expect_outcome(&d, 0, 0);
	m = td3_dated(NULL, "261123");
	parse_ok(&m, &d);
	expect_outcome(&d, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_birth_two_digit_year_resolves_to_the_past),
		cmocka_unit_test(test_expiry_two_digit_year_resolves_within_fifty_years),
		cmocka_unit_test(test_expiry_one_day_past_fifty_years_ahead_is_last_century),
		cmocka_unit_test(test_impossible_dates_fail_their_date_check),
		cmocka_unit_test(test_leap_days_are_real_dates),
		cmocka_unit_test(test_partial_birth_dates_are_kept_not_impossible),
		cmocka_unit_test(test_expired_document_fails_expired),
		cmocka_unit_test(test_document_expiring_today_is_not_expired),
	};
	return cmocka_run_group_tests_name("mrz_dates", tests, NULL, NULL);
}
