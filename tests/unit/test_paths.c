/* app/paths.c: XDG base directories and making a file's parent directories. */
#include "testutil.h"

#include "app/paths.h"

/* Each test sets the variables it needs; HOME is pointed at a fake home. */
static int env_reset(void **state)
{
	(void)state;
	setenv("HOME", "/home/tester", 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static void data_dir(char *buf, size_t len)
{
	struct error err;
	error_clear(&err);
	TU_OK(paths_data_dir(buf, len, &err), &err);
}

static void config_dir(char *buf, size_t len)
{
	struct error err;
	error_clear(&err);
	TU_OK(paths_config_dir(buf, len, &err), &err);
}

static void test_paths_xdg_vars_honoured(void **state)
{
	(void)state;
	char buf[4096];
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	setenv("XDG_CONFIG_HOME", "/etc/xdg-conf", 1);
	data_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/srv/data/shekara");
	config_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/etc/xdg-conf/shekara");
}

static void test_paths_unset_xdg_falls_back_to_home(void **state)
{
	(void)state;
	char buf[4096];
	data_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/home/tester/.local/share/shekara");
	config_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/home/tester/.config/shekara");
}

static void test_paths_relative_xdg_value_ignored(void **state)
{
	(void)state;
	char buf[4096];
	setenv("XDG_DATA_HOME", "relative/data", 1);
	setenv("XDG_CONFIG_HOME", "./conf", 1);
	data_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/home/tester/.local/share/shekara");
	config_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/home/tester/.config/shekara");
}

static void test_paths_empty_xdg_value_ignored(void **state)
{
	(void)state;
	char buf[4096];
	setenv("XDG_DATA_HOME", "", 1);
	data_dir(buf, sizeof(buf));
	assert_string_equal(buf, "/home/tester/.local/share/shekara");
}

static void test_paths_buffer_too_small_is_an_error(void **state)
{
	(void)state;
	char buf[16];
	struct error err;
	error_clear(&err);
	setenv("XDG_DATA_HOME", "/a/rather/long/directory", 1);
	assert_true(paths_data_dir(buf, sizeof(buf), &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	assert_true(config_default_path(buf, sizeof(buf), &err) < 0);
}

static int mode_of(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return -1;
	return S_ISDIR(sb.st_mode) ? (int)(sb.st_mode & 07777) : -2;
}

static void test_paths_make_parent_creates_nested_dirs_0700(void **state)
{
	(void)state;
	char base[2048], file[4096], dir[4096];
	struct error err;
	error_clear(&err);
	tu_path(base, sizeof(base), "xdg");
	snprintf(file, sizeof(file), "%s/a/b/c/shekara.db", base);
	mode_t old = umask(022);
	int rc = paths_make_parent(file, &err);
	umask(old);
	TU_OK(rc, &err);
	static const char *const parts[] = { "", "/a", "/a/b", "/a/b/c" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(dir, sizeof(dir), "%s%s", base, parts[i]);
		if (mode_of(dir) != 0700)
			fail_msg("'%s' has mode %o", dir, (unsigned)mode_of(dir));
	}
	/* the file itself is not made */
	assert_false(tu_exists(file));
	/* and doing it again is fine */
	TU_OK(paths_make_parent(file, &err), &err);
}

static void test_paths_make_parent_of_plain_name_is_a_no_op(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	TU_OK(paths_make_parent("shekara.db", &err), &err);
	TU_OK(paths_make_parent("/shekara.db", &err), &err);
}

static void test_paths_make_parent_reports_what_cannot_be_made(void **state)
{
	(void)state;
	char base[2048], file[4096];
	struct error err;
	error_clear(&err);
	tu_path(base, sizeof(base), "blocker");
	tu_write_file(base, "x", 1);
	snprintf(file, sizeof(file), "%s/sub/shekara.db", base);
	assert_true(paths_make_parent(file, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, base);
}

/* The directory the file goes in exists, but as a regular file: the database could
 * never be opened there, so this must fail here with a message saying why. */
static void test_paths_make_parent_fails_when_parent_is_a_file(void **state)
{
	(void)state;
	char base[2048], file[4096];
	struct error err;
	error_clear(&err);
	tu_path(base, sizeof(base), "notadir");
	tu_write_file(base, "x", 1);
	snprintf(file, sizeof(file), "%s/shekara.db", base);
	assert_true(paths_make_parent(file, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, base);
}

#define T(f) cmocka_unit_test_setup(f, env_reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_paths_xdg_vars_honoured),
		T(test_paths_unset_xdg_falls_back_to_home),
		T(test_paths_relative_xdg_value_ignored),
		T(test_paths_empty_xdg_value_ignored),
		T(test_paths_buffer_too_small_is_an_error),
		T(test_paths_make_parent_creates_nested_dirs_0700),
		T(test_paths_make_parent_of_plain_name_is_a_no_op),
		T(test_paths_make_parent_reports_what_cannot_be_made),
		T(test_paths_make_parent_fails_when_parent_is_a_file),
	};
	return cmocka_run_group_tests_name("paths", tests, NULL, NULL);
}
