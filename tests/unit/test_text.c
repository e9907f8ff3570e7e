/* app/text.c: wrapping for printouts and screens, CSV fields. */
#include "testutil.h"

#include "app/text.h"

static void test_wrap_breaks_at_the_last_space(void **state)
{
	(void)state;
	const char *p = "authorised by supervisor", *next;
	size_t n = text_wrap(p, 15, &next);
	assert_int_equal(n, strlen("authorised by"));
	assert_string_equal(next, "supervisor");
	n = text_wrap(next, 15, &next);
	assert_int_equal(n, strlen("supervisor"));
	assert_string_equal(next, "");
}

static void test_wrap_cuts_a_word_longer_than_the_line(void **state)
{
	(void)state;
	const char *next;
	assert_int_equal(text_wrap("ABCDEFGHIJ", 4, &next), 4);
	assert_string_equal(next, "EFGHIJ");
}

static void test_wrap_counts_cyrillic_as_characters(void **state)
{
	(void)state;
	/* 7 letters of two bytes each, a space, 5 more */
	const char *p = "ХАЛИМОВ Гулом", *next;
	size_t n = text_wrap(p, 10, &next);
	assert_int_equal(n, strlen("ХАЛИМОВ"));
	assert_string_equal(next, "Гулом");
	assert_int_equal(text_wrap(p, 13, &next), strlen(p));
}

static void test_chars_count_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_chars("KHALIMOV"), 8);
	assert_int_equal(text_chars("ХАЛИМОВ"), 7);
	assert_int_equal(text_chars(""), 0);
}

static void test_minute_of_a_timestamp(void **state)
{
	(void)state;
	char buf[17];
	assert_string_equal(text_minute("2026-11-22T04:44:21.123Z", buf, sizeof(buf)),
			    "2026-11-22 04:44");
	assert_string_equal(text_minute("2026-11-22", buf, sizeof(buf)), "2026-11-22 ");
}

static void test_csv_field_quotes_only_when_needed(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "fields.csv");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	text_csv_field(f, "plain", 0);
	text_csv_field(f, "a, b", 0);
	text_csv_field(f, "say \"no\"", 0);
	text_csv_field(f, "two\nlines", 1);
	fclose(f);
	char *got = tu_read_file(path, NULL);
	assert_string_equal(got, "plain,\"a, b\",\"say \"\"no\"\"\",\"two\nlines\"\r\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_breaks_at_the_last_space),
		cmocka_unit_test(test_wrap_cuts_a_word_longer_than_the_line),
		cmocka_unit_test(test_wrap_counts_cyrillic_as_characters),
		cmocka_unit_test(test_chars_count_characters_not_bytes),
		cmocka_unit_test(test_minute_of_a_timestamp),
		cmocka_unit_test(test_csv_field_quotes_only_when_needed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
