/* scanners/error.c: how failures are handed up. */
#include "testutil.h"

static void test_error_set_fills_and_returns_negative_code(void **state)
{
	(void)state;
	struct error e;
	error_clear(&e);
	assert_int_equal(error_set(&e, ERR_DENIED, "no %s for '%s'", "access", "ann"), -ERR_DENIED);
	assert_int_equal(e.code, ERR_DENIED);
	assert_string_equal(e.msg, "no access for 'ann'");
}

static void test_error_set_with_null_still_returns_code(void **state)
{
	(void)state;
	assert_int_equal(error_set(NULL, ERR_USAGE, "ignored %d", 1), -ERR_USAGE);
	error_clear(NULL);
}

static void test_error_set_truncates_long_messages(void **state)
{
	(void)state;
	struct error e;
	char big[2000];
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	error_set(&e, ERR_IO, "%s", big);
	assert_int_equal(strlen(e.msg), sizeof(e.msg) - 1);
}

static void test_error_clear_resets(void **state)
{
	(void)state;
	struct error e;
	error_set(&e, ERR_IO, "disk on fire");
	error_clear(&e);
	assert_int_equal(e.code, ERR_OK);
	assert_string_equal(e.msg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_set_fills_and_returns_negative_code),
		cmocka_unit_test(test_error_set_with_null_still_returns_code),
		cmocka_unit_test(test_error_set_truncates_long_messages),
		cmocka_unit_test(test_error_clear_resets),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
