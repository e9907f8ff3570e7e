/* scanners/document.c: check descriptions, machine names and document_valid. */
#include "mrz_testutil.h"

/* --- document.c ------------------------------------------------------------------------- */

static void test_describe_check_names_found_and_expected_digits(void **state)
{
	(void)state;
	char buf[256];
	struct doc_check c = {
		.id = CHECK_BIRTH_DIGIT, .status = CHECK_FAIL, .found = '3', .expected = '7'
	};
	snprintf(c.value, sizeof(c.value), "580101");
	document_describe_check(&c, buf, sizeof(buf));
	assert_true(strlen(buf) > 10);
	TU_CONTAINS(buf, "3");
	TU_CONTAINS(buf, "7");

	/* and from a real parse: the TD1 number digit 7 printed as 3 */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][14] = '3';
	struct document d;
	parse_ok(&m, &d);
	const struct doc_check *n = need_check(&d, CHECK_NUMBER_DIGIT);
	char num[256];
	document_describe_check(n, num, sizeof(num));
	TU_CONTAINS(num, "3");
	TU_CONTAINS(num, "7");
	/* the two sentences name different fields */
	char birth[256];
	c.id = CHECK_BIRTH_DIGIT;
	document_describe_check(&c, birth, sizeof(birth));
	c.id = CHECK_NUMBER_DIGIT;
	document_describe_check(&c, buf, sizeof(buf));
	assert_string_not_equal(birth, buf);
}

static void test_describe_check_is_safe_for_every_check_and_small_buffers(void **state)
{
	(void)state;
	static const enum check_status statuses[] = { CHECK_PASS, CHECK_FAIL, CHECK_WARN };
	for (int id = 0; id < CHECK_COUNT; id++) {
		for (size_t s = 0; s < 3; s++) {
			struct doc_check c = { .id = (enum check_id)id,
					       .status = statuses[s],
					       .found = '1',
					       .expected = '2' };
			snprintf(c.value, sizeof(c.value), "UTO");
			char buf[256];
			document_describe_check(&c, buf, sizeof(buf));
			if (!buf[0])
				fail_msg("empty description for %s %s", cid(c.id), sname(c.status));
			char small[6];
			memset(small, '#', sizeof(small));
			document_describe_check(&c, small, 5);
			assert_true(strlen(small) <= 4);
			assert_int_equal(small[5], '#');
			char none = '#';
			document_describe_check(&c, &none, 0);
			assert_int_equal(none, '#');
		}
	}
}

static void test_check_names_are_stable_distinct_machine_names(void **state)
{
	(void)state;
	assert_string_equal(document_check_name(CHECK_BIRTH_DIGIT), "birth_digit");
	for (int id = 0; id < CHECK_COUNT; id++) {
		const char *name = document_check_name((enum check_id)id);
		if (!name || !name[0])
			fail_msg("no machine name for %s", cid((enum check_id)id));
		for (const char *p = name; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			      *p == '_'))
				fail_msg("machine name '%s' is not [a-z0-9_]", name);
		for (int j = 0; j < id; j++)
			assert_string_not_equal(name, document_check_name((enum check_id)j));
	}
}

static void test_document_valid_ignores_warnings(void **state)
{
	(void)state;
	struct document d;
	memset(&d, 0, sizeof(d));
	d.n_checks = 2;
	d.checks[0] = (struct doc_check){ .id = CHECK_NAME_TRUNCATED, .status = CHECK_WARN };
	d.checks[1] = (struct doc_check){ .id = CHECK_SEX, .status = CHECK_PASS };
	assert_true(document_valid(&d));
	d.checks[1].status = CHECK_FAIL;
	assert_false(document_valid(&d));
	assert_ptr_equal(document_check(&d, CHECK_SEX), &d.checks[1]);
	assert_null(document_check(&d, CHECK_EXPIRED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe_check_names_found_and_expected_digits),
		cmocka_unit_test(test_describe_check_is_safe_for_every_check_and_small_buffers),
		cmocka_unit_test(test_check_names_are_stable_distinct_machine_names),
		cmocka_unit_test(test_document_valid_ignores_warnings),
	};
	return cmocka_run_group_tests_name("document", tests, NULL, NULL);
}
