/* scanners/clock.c: UTC ISO 8601 timestamps, written and parsed. */
#include "testutil.h"

#include <ctype.h>
#include <time.h>

#include "scanners/clock.h"

static void test_clock_utc_iso_format(void **state)
{
	(void)state;
	char buf[32];
	clock_utc_iso(buf, sizeof(buf));
	/* 2026-11-22T04:44:21.123Z */
	assert_int_equal(strlen(buf), 24);
	const char *shape = "dddd-dd-ddTdd:dd:dd.dddZ";
	for (size_t i = 0; i < 24; i++) {
		if (shape[i] == 'd')
			assert_true(isdigit((unsigned char)buf[i]));
		else
			assert_int_equal(buf[i], shape[i]);
	}
}

static void test_clock_utc_iso_is_now_and_parses_back(void **state)
{
	(void)state;
	char buf[32];
	/* the same clock as clock_utc_iso: time() may read a coarser one that lags */
	struct timespec before, after;
	clock_gettime(CLOCK_REALTIME, &before);
	clock_utc_iso(buf, sizeof(buf));
	clock_gettime(CLOCK_REALTIME, &after);
	time_t t;
	assert_int_equal(clock_parse_iso(buf, &t), 0);
	assert_true(t >= before.tv_sec && t <= after.tv_sec);
	/* and the milliseconds are the clock's */
	long ms = strtol(buf + 20, NULL, 10);
	if (before.tv_sec == after.tv_sec)
		assert_in_range(ms, before.tv_nsec / 1000000, after.tv_nsec / 1000000);
}

static void test_clock_utc_iso_truncates_safely(void **state)
{
	(void)state;
	char buf[11];
	memset(buf, 'X', sizeof(buf));
	clock_utc_iso(buf, sizeof(buf));
	assert_int_equal(strlen(buf), 10); /* the date alone, terminated */
	assert_int_equal(buf[4], '-');
}

static time_t parsed(const char *s)
{
	time_t t = 12345;
	if (clock_parse_iso(s, &t) != 0)
		fail_msg("'%s' was refused", s);
	return t;
}

static void test_clock_parse_iso_accepts_dates(void **state)
{
	(void)state;
	assert_int_equal(parsed("1970-01-01"), 0);
	assert_int_equal(parsed("1970-01-02"), 86400);
	assert_int_equal(parsed("2026-11-22"), 1795305600);
	assert_int_equal(parsed("2024-02-29"), 1709164800); /* leap year */
	assert_int_equal(parsed("2000-02-29"), 951782400);  /* divisible by 400 */
	assert_int_equal(parsed("2026-12-31"), 1798675200);
}

static void test_clock_parse_iso_accepts_timestamps_with_and_without_millis(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-22T04:44:21Z"), 1795305600 + 4 * 3600 + 44 * 60 + 21);
	assert_int_equal(parsed("2026-11-22T04:44:21.123Z"), 1795305600 + 4 * 3600 + 44 * 60 + 21);
	assert_int_equal(parsed("2026-11-22T04:44:21.1Z"), parsed("2026-11-22T04:44:21Z"));
	assert_int_equal(parsed("2026-11-22T23:59:59.999999Z"), 1795305600 + 86399);
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
}

static void test_clock_parse_iso_rejects_impossible_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2026-02-30",           "2026-02-29",           "1900-02-29",
		"2026-13-01",           "2026-00-10",           "2026-04-31",
		"2026-01-00",           "2026-01-32",           "1899-12-31",
		"2026-11-22T24:00:00Z", "2026-11-22T12:60:00Z", "2026-11-22T12:00:61Z",
		"2026-12-31T23:59:60Z", /* no leap seconds: that is the next day */
		"2026-02-30T10:00:00Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		time_t t = 777;
		if (clock_parse_iso(bad[i], &t) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(t, 777); /* untouched */
	}
}

static void test_clock_parse_iso_rejects_garbage_and_missing_z(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"garbage",
		"yesterday!",
		"2026-1-01",
		"2026/11/22",
		"26-11-2026",
		"2026-11-2",
		"2026-11-22 ",
		"2026-11-22X",
		"2026-11-22T",
		"2026-11-22T04:44:21",
		"2026-11-22T04:44:21+00:00",
		"2026-11-22T04:44:21z",
		"2026-11-22 04:44:21Z",
		"2026-11-22T04:44Z",
		"2026-11-22T04:44:21.Z",
		"2026-11-22T04:44:21.123",
		"2026-11-22T04:44:21.123ZZ",
		"2026-11-22T04:44:21Zjunk",
		"2026-11-22T4:44:21Z",
		"+026-11-22",
		"2026-11-22T04:44:2aZ",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		time_t t = 777;
		if (clock_parse_iso(bad[i], &t) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(t, 777);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_utc_iso_format),
		cmocka_unit_test(test_clock_utc_iso_is_now_and_parses_back),
		cmocka_unit_test(test_clock_utc_iso_truncates_safely),
		cmocka_unit_test(test_clock_parse_iso_accepts_dates),
		cmocka_unit_test(test_clock_parse_iso_accepts_timestamps_with_and_without_millis),
		cmocka_unit_test(test_clock_parse_iso_rejects_impossible_dates),
		cmocka_unit_test(test_clock_parse_iso_rejects_garbage_and_missing_z),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
