/* app/secret.c: passwords from files (secret_prompt needs a terminal: see tests/e2e). */
#include "testutil.h"

#include <fcntl.h>

#include "app/secret.h"

static int parse(const char *data, size_t n, char *buf, size_t len, struct error *err)
{
	error_clear(err);
	return secret_parse(data, n, buf, len, err);
}

static void expect_parsed(const char *data, size_t n, const char *want)
{
	char buf[SECRET_MAX];
	struct error err;
	if (parse(data, n, buf, sizeof(buf), &err) < 0)
		fail_msg("refused '%.*s': %s", (int)n, data, err.msg);
	assert_string_equal(buf, want);
}

static void expect_refused(const char *data, size_t n, size_t len, const char *words)
{
	char buf[SECRET_MAX];
	struct error err;
	memset(buf, 'K', sizeof(buf));
	int rc = parse(data, n, buf, len, &err);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, words);
	assert_int_equal(buf[0], 'K'); /* nothing half-copied */
}

#define P(lit) lit, sizeof(lit) - 1

static void test_secret_parse_takes_first_line_only(void **state)
{
	(void)state;
	expect_parsed(P("hunter2 pass\nsecond line\n"), "hunter2 pass");
	expect_parsed(P("only line"), "only line");
	expect_parsed(P("  spaces kept  \n"), "  spaces kept  ");
	expect_parsed(P("пароль-Қ\n"), "пароль-Қ");
}

static void test_secret_parse_strips_lf_and_crlf(void **state)
{
	(void)state;
	expect_parsed(P("unix\n"), "unix");
	expect_parsed(P("windows\r\n"), "windows");
	expect_parsed(P("windows\r\nnext\r\n"), "windows");
	/* only one CR belongs to the line ending */
	expect_parsed(P("cr\r\r\n"), "cr\r");
}

static void test_secret_parse_rejects_empty(void **state)
{
	(void)state;
	expect_refused(P(""), SECRET_MAX, "empty");
	expect_refused(P("\n"), SECRET_MAX, "empty");
	expect_refused(P("\r\n"), SECRET_MAX, "empty");
	expect_refused(P("\nthe password on line two\n"), SECRET_MAX, "empty");
}

static void test_secret_parse_rejects_nul_in_first_line(void **state)
{
	(void)state;
	expect_refused(P("abc\0def\n"), SECRET_MAX, "NUL");
	expect_refused(P("\0\n"), SECRET_MAX, "NUL");
	/* a NUL after the first line is not part of the password */
	expect_parsed(P("fine\n\0junk"), "fine");
}

static void test_secret_parse_rejects_too_long(void **state)
{
	(void)state;
	/* a buffer of 8 holds 7 bytes and the terminator */
	expect_refused(P("12345678\n"), 8, "longer than 7");
	expect_refused(P("12345678"), 8, "7");
	char buf[8];
	struct error err;
	assert_int_equal(parse(P("1234567\n"), buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "1234567");

	char big[SECRET_MAX + 10];
	memset(big, 'x', sizeof(big));
	expect_refused(big, sizeof(big), SECRET_MAX, "longer");
}

static void test_secret_read_file_reads_first_line(void **state)
{
	(void)state;
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "pw.txt");
	const char *text = "s3cret pass\r\nnot this\n";
	tu_write_file(path, text, strlen(text));
	TU_OK(secret_read_file(path, buf, sizeof(buf), &err), &err);
	assert_string_equal(buf, "s3cret pass");
}

static void test_secret_read_file_with_long_later_lines(void **state)
{
	(void)state;
	/* the first line is short; whatever follows is not read or judged */
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "long.txt");
	size_t n = 5000;
	char *text = malloc(n);
	assert_non_null(text);
	memset(text, 'y', n);
	memcpy(text, "short\n", 6);
	tu_write_file(path, text, n);
	free(text);
	TU_OK(secret_read_file(path, buf, sizeof(buf), &err), &err);
	assert_string_equal(buf, "short");
}

static void test_secret_read_file_missing_is_io_error_naming_path(void **state)
{
	(void)state;
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "absent.txt");
	assert_int_equal(secret_read_file(path, buf, sizeof(buf), &err), -ERR_IO);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, path);
}

static void test_secret_read_file_empty_names_path_and_reason(void **state)
{
	(void)state;
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "empty.txt");
	tu_write_file(path, "", 0);
	assert_int_equal(secret_read_file(path, buf, sizeof(buf), &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	char want[4200];
	snprintf(want, sizeof(want), "'%s': the password is empty", path);
	assert_string_equal(err.msg, want);
}

static void test_secret_read_file_too_long_line_refused(void **state)
{
	(void)state;
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "huge.txt");
	char text[SECRET_MAX * 3];
	memset(text, 'z', sizeof(text));
	tu_write_file(path, text, sizeof(text));
	assert_int_equal(secret_read_file(path, buf, sizeof(buf), &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "longer");
}

/* A path that opens but cannot be read is an I/O problem, not an empty password. */
static void test_secret_read_file_directory_is_io_error(void **state)
{
	(void)state;
	char buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	int rc = secret_read_file(tu_tmpdir(), buf, sizeof(buf), &err);
	assert_true(rc < 0);
	assert_int_equal(err.code, ERR_IO);
	TU_NOT_CONTAINS(err.msg, "empty");
}

static void test_secret_read_file_dash_reads_standard_input(void **state)
{
	(void)state;
	char path[4096], buf[SECRET_MAX];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "stdin.txt");
	tu_write_file(path, "from stdin\n", 11);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	int rc = secret_read_file("-", buf, sizeof(buf), &err);
	dup2(saved, STDIN_FILENO);
	close(saved);
	TU_OK(rc, &err);
	assert_string_equal(buf, "from stdin");
}

static void test_secret_wipe_zeroes_buffer(void **state)
{
	(void)state;
	char buf[32];
	memset(buf, 'p', sizeof(buf));
	secret_wipe(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_parse_takes_first_line_only),
		cmocka_unit_test(test_secret_parse_strips_lf_and_crlf),
		cmocka_unit_test(test_secret_parse_rejects_empty),
		cmocka_unit_test(test_secret_parse_rejects_nul_in_first_line),
		cmocka_unit_test(test_secret_parse_rejects_too_long),
		cmocka_unit_test(test_secret_read_file_reads_first_line),
		cmocka_unit_test(test_secret_read_file_with_long_later_lines),
		cmocka_unit_test(test_secret_read_file_missing_is_io_error_naming_path),
		cmocka_unit_test(test_secret_read_file_empty_names_path_and_reason),
		cmocka_unit_test(test_secret_read_file_too_long_line_refused),
		cmocka_unit_test(test_secret_read_file_directory_is_io_error),
		cmocka_unit_test(test_secret_read_file_dash_reads_standard_input),
		cmocka_unit_test(test_secret_wipe_zeroes_buffer),
	};
	return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
