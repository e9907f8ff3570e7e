/* app/config.c: defaults, the ini parser, keys by name and by flag. */
#include "testutil.h"

static struct config defaults(void)
{
	struct config cfg;
	struct error err;
	error_clear(&err);
	TU_OK(config_defaults(&cfg, &err), &err);
	return cfg;
}

static int parse(struct config *cfg, const char *text, struct error *err)
{
	error_clear(err);
	return config_parse(cfg, text, strlen(text), "shekara.conf", err);
}

/* A bad text is refused with "shekara.conf:LINE:" and the config is left as it was. */
static void expect_bad(const char *text, size_t len, int line, const char *words)
{
	struct config cfg = defaults(), before;
	config_set(&cfg, "ui.color", "always", NULL); /* not the default, to see it kept */
	before = cfg;
	struct error err;
	error_clear(&err);
	int rc = config_parse(&cfg, text, len, "shekara.conf", &err);
	if (rc >= 0)
		fail_msg("accepted: %.*s", (int)(len > 200 ? 200 : len), text);
	assert_int_equal(err.code, ERR_USAGE);
	char want[64];
	snprintf(want, sizeof(want), "shekara.conf:%d:", line);
	TU_CONTAINS(err.msg, want);
	if (words)
		TU_CONTAINS(err.msg, words);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void expect_bad_text(const char *text, int line, const char *words)
{
	expect_bad(text, strlen(text), line, words);
}

static void test_config_defaults(void **state)
{
	(void)state;
	struct config cfg = defaults();
	assert_int_equal(cfg.idle_logout, 300);
	assert_int_equal(cfg.max_failed_logins, 5);
	assert_int_equal(cfg.min_password_length, 10);
	assert_int_equal(cfg.list_stale_days, 7);
	assert_string_equal(cfg.color, "auto");
	assert_string_equal(cfg.language, "en");
	assert_string_equal(cfg.file, "");
	char want[4200];
	snprintf(want, sizeof(want), "%s/shekara/shekara.db", getenv("XDG_DATA_HOME"));
	assert_string_equal(cfg.database, want);
}

static void test_config_default_path_is_under_xdg_config_home(void **state)
{
	(void)state;
	char path[4096], want[4200];
	struct error err;
	error_clear(&err);
	TU_OK(config_default_path(path, sizeof(path), &err), &err);
	snprintf(want, sizeof(want), "%s/shekara/shekara.conf", getenv("XDG_CONFIG_HOME"));
	assert_string_equal(path, want);
	/* a buffer too small is an error, not a truncated path */
	char small[8];
	assert_true(config_default_path(small, sizeof(small), &err) < 0);
}

static void test_config_parse_good_ini_with_comments_quotes_sections(void **state)
{
	(void)state;
	struct config cfg = defaults();
	struct error err;
	const char *text = "# Shekara settings for KHORGOS-1\n"
			   "; another comment style\n"
			   "\n"
			   "[general]\n"
			   "database = /var/lib/shekara/post.db\n"
			   "  language=ru  \n"
			   "\n"
			   "[ ui ]\r\n"
			   "color = \"never\"\r\n"
			   "\tidle_logout\t=\t600\r\n"
			   "[security]\n"
			   "   # indented comment\n"
			   "max_failed_logins = 3\n"
			   "min_password_length = 12\n"
			   "[lists]\n"
			   "stale_after_days = 30"; /* no final newline */
	TU_OK(parse(&cfg, text, &err), &err);
	assert_string_equal(cfg.database, "/var/lib/shekara/post.db");
	assert_string_equal(cfg.language, "ru");
	assert_string_equal(cfg.color, "never");
	assert_int_equal(cfg.idle_logout, 600);
	assert_int_equal(cfg.max_failed_logins, 3);
	assert_int_equal(cfg.min_password_length, 12);
	assert_int_equal(cfg.list_stale_days, 30);
	assert_string_equal(cfg.file, "shekara.conf");
}

static void test_config_quotes_keep_spaces_in_values(void **state)
{
	(void)state;
	struct config cfg = defaults();
	struct error err;
	TU_OK(parse(&cfg, "[general]\ndatabase = \"  /srv/my db.sqlite \"\n", &err), &err);
	assert_string_equal(cfg.database, "  /srv/my db.sqlite ");
}

static void test_config_later_value_wins(void **state)
{
	(void)state;
	struct config cfg = defaults();
	struct error err;
	TU_OK(parse(&cfg, "[ui]\nidle_logout = 10\nidle_logout = 20\n", &err), &err);
	assert_int_equal(cfg.idle_logout, 20);
}

static void test_config_empty_text_changes_nothing(void **state)
{
	(void)state;
	struct config cfg = defaults(), before = cfg;
	struct error err;
	TU_OK(parse(&cfg, "", &err), &err);
	/* only the origin is recorded */
	assert_string_equal(cfg.file, "shekara.conf");
	snprintf(before.file, sizeof(before.file), "shekara.conf");
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_config_int_bounds_are_inclusive(void **state)
{
	(void)state;
	struct config cfg = defaults();
	struct error err;
	TU_OK(parse(&cfg,
		    "[ui]\nidle_logout = 0\n[security]\nmax_failed_logins = 100\n"
		    "min_password_length = 8\n",
		    &err),
	      &err);
	assert_int_equal(cfg.idle_logout, 0);
	assert_int_equal(cfg.max_failed_logins, 100);
	assert_int_equal(cfg.min_password_length, 8);
	TU_OK(parse(&cfg, "[ui]\nidle_logout = 86400\n", &err), &err);
	assert_int_equal(cfg.idle_logout, 86400);
}

static void test_config_unknown_key_reports_line_and_keeps_config(void **state)
{
	(void)state;
	/* the good line before the bad one must not be applied either */
	expect_bad_text("[ui]\ncolor = never\ncolour = never\n", 3, "ui.colour");
	expect_bad_text("[nosuch]\nkey = 1\n", 2, "nosuch.key");
}

static void test_config_key_outside_section_reports_line(void **state)
{
	(void)state;
	expect_bad_text("# top\nidle_logout = 60\n[ui]\n", 2, "idle_logout");
}

static void test_config_malformed_section_header_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[ui\ncolor = never\n", 1, "section");
	expect_bad_text("[ui]\n[ui] extra\n", 2, "section");
	expect_bad_text("\n\n[]\n", 3, "section");
	expect_bad_text("[   ]\n", 1, "section");
	/* a section name longer than any real one */
	char text[200];
	memset(text, 'a', sizeof(text));
	text[0] = '[';
	text[120] = ']';
	text[121] = '\0';
	expect_bad_text(text, 1, "section");
}

static void test_config_line_without_equals_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[ui]\ncolor never\n", 2, "key = value");
}

static void test_config_bad_int_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[ui]\nidle_logout = soon\n", 2, "ui.idle_logout");
	expect_bad_text("[ui]\nidle_logout = 12s\n", 2, "12s");
	expect_bad_text("[ui]\nidle_logout =\n", 2, "ui.idle_logout");
	expect_bad_text("[ui]\nidle_logout = 0x10\n", 2, NULL);
	expect_bad_text("[ui]\nidle_logout = 1.5\n", 2, NULL);
}

static void test_config_out_of_range_int_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[ui]\nidle_logout = 86401\n", 2, "0 to 86400");
	expect_bad_text("[ui]\nidle_logout = -1\n", 2, NULL);
	expect_bad_text("[security]\nmax_failed_logins = 0\n", 2, "1 to 100");
	/* the message names the range from the key table */
	const struct config_key *k = config_key_by_flag("--min-password-length");
	assert_non_null(k);
	assert_int_equal(k->min, 8);
	char text[96], range[32];
	snprintf(range, sizeof(range), "%d to %d", k->min, k->max);
	expect_bad_text("[security]\nmin_password_length = 7\n", 2, range);
	snprintf(text, sizeof(text), "[security]\nmin_password_length = %d\n", k->max + 1);
	expect_bad_text(text, 2, range);
	expect_bad_text("[lists]\nstale_after_days = 366\n", 2, NULL);
	/* larger than an int: must not wrap round into the range */
	expect_bad_text("[ui]\nidle_logout = 4294967596\n", 2, NULL);
	expect_bad_text("[ui]\nidle_logout = 99999999999999999999999\n", 2, NULL);
}

static void test_config_bad_choice_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[ui]\ncolor = sometimes\n", 2, "auto|always|never");
	expect_bad_text("[ui]\ncolor = NEVER\n", 2, NULL);
	expect_bad_text("[ui]\ncolor = nev\n", 2, NULL);
	expect_bad_text("[ui]\ncolor = neverr\n", 2, NULL);
}

static void test_config_unknown_language_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[general]\nlanguage = xx\n", 2, "xx");
	expect_bad_text("[general]\nlanguage = \n", 2, NULL);
}

static void test_config_empty_database_path_reports_line(void **state)
{
	(void)state;
	expect_bad_text("[general]\ndatabase = \"\"\n", 2, "general.database");
}

static void test_config_nul_byte_reports_line(void **state)
{
	(void)state;
	static const char text[] = "[ui]\ncolor = ne\0ver\n";
	expect_bad(text, sizeof(text) - 1, 2, "NUL");
}

static void test_config_overlong_line_reports_line(void **state)
{
	(void)state;
	size_t n = 3000;
	char *text = malloc(n + 32);
	assert_non_null(text);
	size_t at = (size_t)snprintf(text, n + 32, "[ui]\n#");
	memset(text + at, 'x', n);
	snprintf(text + at + n, 32 - at, "\ncolor = never\n");
	expect_bad_text(text, 2, "too long");
	free(text);
}

static void test_config_set_by_name(void **state)
{
	(void)state;
	struct config cfg = defaults();
	struct error err;
	error_clear(&err);
	TU_OK(config_set(&cfg, "ui.idle_logout", "45", &err), &err);
	assert_int_equal(cfg.idle_logout, 45);
	TU_OK(config_set(&cfg, "general.language", "ru", &err), &err);
	assert_string_equal(cfg.language, "ru");
	TU_OK(config_set(&cfg, "general.database", "/tmp/x.db", &err), &err);
	assert_string_equal(cfg.database, "/tmp/x.db");

	struct config before = cfg;
	assert_true(config_set(&cfg, "ui.nope", "1", &err) < 0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "ui.nope");
	assert_true(config_set(&cfg, "idle_logout", "1", &err) < 0); /* needs its section */
	assert_true(config_set(&cfg, "ui.color", "purple", &err) < 0);
	assert_true(config_set(&cfg, "ui.idle_logout", "-5", &err) < 0);
	assert_true(config_set(&cfg, "general.language", "de", &err) < 0);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_config_set_refuses_value_too_long_for_its_field(void **state)
{
	(void)state;
	struct config cfg = defaults(), before = cfg;
	struct error err;
	error_clear(&err);
	char *path = malloc(5000);
	assert_non_null(path);
	memset(path, 'p', 4999);
	path[0] = '/';
	path[4999] = '\0';
	assert_true(config_set(&cfg, "general.database", path, &err) < 0);
	TU_CONTAINS(err.msg, "too long");
	assert_memory_equal(&cfg, &before, sizeof(cfg));
	free(path);
}

static void test_config_key_by_flag(void **state)
{
	(void)state;
	const struct config_key *k = config_key_by_flag("--db");
	assert_non_null(k);
	assert_string_equal(k->name, "general.database");
	k = config_key_by_flag("--idle-logout");
	assert_non_null(k);
	assert_string_equal(k->name, "ui.idle_logout");
	assert_int_equal(k->type, CONFIG_INT);
	assert_null(config_key_by_flag("--d"));
	assert_null(config_key_by_flag("--dbx"));
	assert_null(config_key_by_flag("db"));
	assert_null(config_key_by_flag(""));
}

/* The table is the single source of flags, help and the parser: every key must be
 * settable by its own name and flag and print back what it was given. */
static void test_config_every_key_has_flag_section_and_roundtrips(void **state)
{
	(void)state;
	assert_true(config_key_count >= 7);
	for (size_t i = 0; i < config_key_count; i++) {
		const struct config_key *k = &config_keys[i];
		assert_non_null(strchr(k->name, '.'));
		assert_int_equal(strncmp(k->flag, "--", 2), 0);
		assert_ptr_equal(config_key_by_flag(k->flag), k);
		assert_non_null(k->help);
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(config_keys[j].name, k->name);
			assert_string_not_equal(config_keys[j].flag, k->flag);
		}
		struct config cfg = defaults();
		struct error err;
		error_clear(&err);
		char value[4096], again[4096];
		config_value(&cfg, k, value, sizeof(value));
		TU_OK(config_set(&cfg, k->name, value, &err), &err);
		config_value(&cfg, k, again, sizeof(again));
		assert_string_equal(value, again);
	}
}

static void test_config_value_formats_ints_and_strings(void **state)
{
	(void)state;
	struct config cfg = defaults();
	char buf[64];
	config_value(&cfg, config_key_by_flag("--idle-logout"), buf, sizeof(buf));
	assert_string_equal(buf, "300");
	config_value(&cfg, config_key_by_flag("--color"), buf, sizeof(buf));
	assert_string_equal(buf, "auto");
}

static void test_config_load_missing_file_is_not_an_error(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "absent.conf");
	struct config cfg = defaults(), before = cfg;
	struct error err;
	error_clear(&err);
	TU_OK(config_load_file(&cfg, path, &err), &err);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_config_load_file_reads_settings_and_names_file_in_errors(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "good.conf");
	const char *good = "[ui]\ncolor = never\n";
	tu_write_file(path, good, strlen(good));
	struct config cfg = defaults();
	struct error err;
	error_clear(&err);
	TU_OK(config_load_file(&cfg, path, &err), &err);
	assert_string_equal(cfg.color, "never");
	assert_string_equal(cfg.file, path);

	tu_path(path, sizeof(path), "bad.conf");
	const char *bad = "[ui]\n\ncolor = purple\n";
	tu_write_file(path, bad, strlen(bad));
	assert_true(config_load_file(&cfg, path, &err) < 0);
	char want[4200];
	snprintf(want, sizeof(want), "%s:3:", path);
	TU_CONTAINS(err.msg, want);
	assert_string_equal(cfg.color, "never");
}

static void test_config_load_unreadable_path_is_an_error(void **state)
{
	(void)state;
	/* a directory cannot be read as a file */
	struct config cfg = defaults();
	struct error err;
	error_clear(&err);
	assert_true(config_load_file(&cfg, tu_tmpdir(), &err) < 0);
	assert_int_not_equal(err.code, ERR_OK);
}

static char *comment_lines(size_t total)
{
	char *text = malloc(total);
	assert_non_null(text);
	for (size_t i = 0; i < total; i++)
		text[i] = (i % 64 == 63) ? '\n' : (i % 64 == 0 ? '#' : 'c');
	text[total - 1] = '\n';
	return text;
}

static void test_config_load_file_over_64_kib_refused(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "huge.conf");
	size_t total = 64 * 1024 + 1;
	char *text = comment_lines(total);
	tu_write_file(path, text, total);
	free(text);
	struct config cfg = defaults(), before = cfg;
	struct error err;
	error_clear(&err);
	assert_true(config_load_file(&cfg, path, &err) < 0);
	TU_CONTAINS(err.msg, "64 KiB");
	TU_CONTAINS(err.msg, path);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_config_load_file_of_exactly_64_kib_accepted(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "full.conf");
	size_t total = 64 * 1024;
	char *text = comment_lines(total);
	tu_write_file(path, text, total);
	free(text);
	struct config cfg = defaults();
	struct error err;
	error_clear(&err);
	TU_OK(config_load_file(&cfg, path, &err), &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_config_default_path_is_under_xdg_config_home),
		cmocka_unit_test(test_config_parse_good_ini_with_comments_quotes_sections),
		cmocka_unit_test(test_config_quotes_keep_spaces_in_values),
		cmocka_unit_test(test_config_later_value_wins),
		cmocka_unit_test(test_config_empty_text_changes_nothing),
		cmocka_unit_test(test_config_int_bounds_are_inclusive),
		cmocka_unit_test(test_config_unknown_key_reports_line_and_keeps_config),
		cmocka_unit_test(test_config_key_outside_section_reports_line),
		cmocka_unit_test(test_config_malformed_section_header_reports_line),
		cmocka_unit_test(test_config_line_without_equals_reports_line),
		cmocka_unit_test(test_config_bad_int_reports_line),
		cmocka_unit_test(test_config_out_of_range_int_reports_line),
		cmocka_unit_test(test_config_bad_choice_reports_line),
		cmocka_unit_test(test_config_unknown_language_reports_line),
		cmocka_unit_test(test_config_empty_database_path_reports_line),
		cmocka_unit_test(test_config_nul_byte_reports_line),
		cmocka_unit_test(test_config_overlong_line_reports_line),
		cmocka_unit_test(test_config_set_by_name),
		cmocka_unit_test(test_config_set_refuses_value_too_long_for_its_field),
		cmocka_unit_test(test_config_key_by_flag),
		cmocka_unit_test(test_config_every_key_has_flag_section_and_roundtrips),
		cmocka_unit_test(test_config_value_formats_ints_and_strings),
		cmocka_unit_test(test_config_load_missing_file_is_not_an_error),
		cmocka_unit_test(test_config_load_file_reads_settings_and_names_file_in_errors),
		cmocka_unit_test(test_config_load_unreadable_path_is_an_error),
		cmocka_unit_test(test_config_load_file_over_64_kib_refused),
		cmocka_unit_test(test_config_load_file_of_exactly_64_kib_accepted),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
