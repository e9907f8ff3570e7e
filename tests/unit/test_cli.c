/* app/cli.c: option parsing, global options, exit codes, --as. */
#include "testutil.h"

#include "app/cli.h"

static struct cli fresh_cli(void)
{
	struct cli cli = { .prog = "shekara" };
	struct error err;
	error_clear(&err);
	TU_OK(config_defaults(&cli.cfg, &err), &err);
	return cli;
}

static void test_cli_option_separate_value(void **state)
{
	(void)state;
	char *argv[] = { "cmd", "--since", "2026-01-01", "rest" };
	int i = 1;
	const char *v = NULL;
	assert_int_equal(cli_option("--since", 4, argv, &i, &v), 1);
	assert_string_equal(v, "2026-01-01");
	assert_int_equal(i, 3);
}

static void test_cli_option_equals_value(void **state)
{
	(void)state;
	char *argv[] = { "cmd", "--since=2026-01-01", "rest" };
	int i = 1;
	const char *v = NULL;
	assert_int_equal(cli_option("--since", 3, argv, &i, &v), 1);
	assert_string_equal(v, "2026-01-01");
	assert_int_equal(i, 2);

	/* an empty value is still a value */
	char *argv2[] = { "cmd", "--since=" };
	i = 1;
	assert_int_equal(cli_option("--since", 2, argv2, &i, &v), 1);
	assert_string_equal(v, "");
	/* and '=' inside a value is kept */
	char *argv3[] = { "cmd", "--as=a=b" };
	i = 1;
	assert_int_equal(cli_option("--as", 2, argv3, &i, &v), 1);
	assert_string_equal(v, "a=b");
}

static void test_cli_option_missing_value(void **state)
{
	(void)state;
	char *argv[] = { "cmd", "--since" };
	int i = 1;
	const char *v = "unchanged";
	assert_int_equal(cli_option("--since", 2, argv, &i, &v), -1);
	assert_int_equal(i, 1);
	assert_string_equal(v, "unchanged");
}

static void test_cli_option_prefix_is_not_a_match(void **state)
{
	(void)state;
	char *argv[] = { "cmd", "--xy", "v", "--x", "w", "-x", "--", "x" };
	const char *v = NULL;
	for (int k = 1; k <= 2; k++) {
		int i = k;
		assert_int_equal(cli_option("--x", 8, argv, &i, &v), 0);
		assert_int_equal(i, k);
	}
	int i = 5;
	assert_int_equal(cli_option("--x", 8, argv, &i, &v), 0); /* "-x" */
	i = 6;
	assert_int_equal(cli_option("--x", 8, argv, &i, &v), 0); /* "--" */
	i = 3;
	assert_int_equal(cli_option("--x", 8, argv, &i, &v), 1);
	assert_string_equal(v, "w");
}

static void test_cli_global_option_sets_config_values(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	char *argv[] = { "user",
			 "--db",
			 "/tmp/other.db",
			 "--idle-logout=60",
			 "--color",
			 "never",
			 "--lang",
			 "ru",
			 "--max-failed-logins",
			 "3" };
	int argc = 10, i = 1;
	while (i < argc) {
		int rc = cli_global_option(&cli, argc, argv, &i, &err);
		if (rc != 1)
			fail_msg("'%s' not consumed (%d): %s", argv[i], rc, err.msg);
	}
	assert_string_equal(cli.cfg.database, "/tmp/other.db");
	assert_int_equal(cli.cfg.idle_logout, 60);
	assert_string_equal(cli.cfg.color, "never");
	assert_string_equal(cli.cfg.language, "ru");
	assert_int_equal(cli.cfg.max_failed_logins, 3);
}

static void test_cli_global_option_every_config_flag_is_accepted(void **state)
{
	(void)state;
	for (size_t k = 0; k < config_key_count; k++) {
		struct cli cli = fresh_cli();
		struct error err;
		error_clear(&err);
		char value[4096];
		config_value(&cli.cfg, &config_keys[k], value, sizeof(value));
		char *argv[] = { "x", (char *)config_keys[k].flag, value };
		int i = 1;
		assert_int_equal(cli_global_option(&cli, 3, argv, &i, &err), 1);
		assert_int_equal(i, 3);
	}
}

static void test_cli_global_option_as_and_password_file(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	char *argv[] = {
		"x", "--as", "admin", "--password-file=/run/pw", "--config", "/etc/s.conf"
	};
	int i = 1;
	assert_int_equal(cli_global_option(&cli, 6, argv, &i, &err), 1);
	assert_int_equal(i, 3);
	assert_string_equal(cli.as_user, "admin");
	assert_int_equal(cli_global_option(&cli, 6, argv, &i, &err), 1);
	assert_int_equal(i, 4);
	assert_string_equal(cli.password_file, "/run/pw");
	/* --config is consumed (main.c reads it first) */
	assert_int_equal(cli_global_option(&cli, 6, argv, &i, &err), 1);
	assert_int_equal(i, 6);
}

static void test_cli_global_option_bad_value_is_usage_error(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct config before = cli.cfg;
	struct error err;
	error_clear(&err);
	char *argv[] = { "x", "--idle-logout", "soon" };
	int i = 1;
	assert_true(cli_global_option(&cli, 3, argv, &i, &err) < 0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "soon");
	assert_memory_equal(&cli.cfg, &before, sizeof(before));

	char *argv2[] = { "x", "--lang", "xx" };
	i = 1;
	assert_true(cli_global_option(&cli, 3, argv2, &i, &err) < 0);
	assert_string_equal(cli.cfg.language, "en");
}

static void test_cli_global_option_missing_value_names_option(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	char *argv[] = { "x", "--db" };
	int i = 1;
	assert_true(cli_global_option(&cli, 2, argv, &i, &err) < 0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "--db");
	char *argv2[] = { "x", "--as" };
	i = 1;
	error_clear(&err);
	assert_true(cli_global_option(&cli, 2, argv2, &i, &err) < 0);
	TU_CONTAINS(err.msg, "--as");
	assert_null(cli.as_user);
}

static void test_cli_global_option_leaves_other_arguments(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	char *argv[] = { "x", "--since", "2026-01-01", "--dbx", "y", "list" };
	for (int k = 1; k < 6; k += 2) {
		int i = k;
		assert_int_equal(cli_global_option(&cli, 6, argv, &i, &err), 0);
		assert_int_equal(i, k);
	}
}

static void test_cli_exit_code_mapping(void **state)
{
	(void)state;
	struct error e;
	error_set(&e, ERR_FINDING, "x");
	assert_int_equal(cli_exit_code(&e), 1);
	error_set(&e, ERR_USAGE, "x");
	assert_int_equal(cli_exit_code(&e), 2);
	error_set(&e, ERR_IO, "x");
	assert_int_equal(cli_exit_code(&e), 3);
	error_set(&e, ERR_DENIED, "x");
	assert_int_equal(cli_exit_code(&e), 4);
	e.code = (enum error_code)99;
	assert_int_equal(cli_exit_code(&e), 3);
	/* a failure whose code was never set must still not exit 0 */
	error_clear(&e);
	assert_int_not_equal(cli_exit_code(&e), 0);
}

static void test_cli_find_commands(void **state)
{
	(void)state;
	static const char *const names[] = { "init", "user", "audit", "config" };
	for (size_t i = 0; i < 4; i++) {
		const struct cli_command *c = cli_find(names[i]);
		assert_non_null(c);
		assert_string_equal(c->name, names[i]);
		assert_non_null(c->run);
		assert_non_null(c->usage);
		assert_non_null(c->summary);
		assert_non_null(c->help);
	}
	assert_null(cli_find("nope"));
	assert_null(cli_find("use"));
	assert_null(cli_find(""));
}

struct own {
	const char *since;
};

static int own_option(void *ctx, int argc, char **argv, int *i)
{
	struct own *o = ctx;
	return cli_option("--since", argc, argv, i, &o->since);
}

static void test_cli_parse_positionals_and_options_anywhere(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	struct own o = { 0 };
	const char *pos[2];
	int npos = -1;
	char *argv[] = { "audit",   "--as",  "supervisor", "export", "--since=2026-01-01",
			 "--color", "never", "-" };
	TU_OK(cli_parse(&cli, cli_find("audit"), 8, argv, pos, 2, &npos, own_option, &o, &err),
	      &err);
	assert_int_equal(npos, 2);
	assert_string_equal(pos[0], "export");
	assert_string_equal(pos[1], "-"); /* a lone dash is an argument (standard input) */
	assert_string_equal(o.since, "2026-01-01");
	assert_string_equal(cli.as_user, "supervisor");
	assert_string_equal(cli.cfg.color, "never");
}

static void test_cli_parse_refuses_unknown_option_and_extra_arguments(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	const char *pos[1];
	int npos;
	char *argv[] = { "audit", "verify", "--frobnicate" };
	error_clear(&err);
	assert_true(cli_parse(&cli, cli_find("audit"), 3, argv, pos, 1, &npos, NULL, NULL, &err) <
		    0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "--frobnicate");
	TU_CONTAINS(err.msg, "shekara audit --help");

	char *argv2[] = { "audit", "verify", "extra" };
	error_clear(&err);
	assert_true(cli_parse(&cli, cli_find("audit"), 3, argv2, pos, 1, &npos, NULL, NULL, &err) <
		    0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "extra");

	struct own o = { 0 };
	char *argv3[] = { "audit", "export", "--since" };
	error_clear(&err);
	assert_true(cli_parse(&cli, cli_find("audit"), 3, argv3, pos, 1, &npos, own_option, &o,
			      &err) < 0);
	TU_CONTAINS(err.msg, "--since");
}

static void test_cli_open_as_requires_as(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct app app;
	struct session s;
	struct error err;
	error_clear(&err);
	assert_int_equal(cli_open_as(&cli, &app, &s, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "--as");
}

static void test_cli_open_as_logs_in_with_password_file(void **state)
{
	(void)state;
	struct cli cli = fresh_cli();
	struct error err;
	error_clear(&err);
	tu_path(cli.cfg.database, sizeof(cli.cfg.database), "cli-demo.db");
	TU_OK(setup_create_demo(&cli.cfg, &err), &err);
	char pw[4096], wrong[4096];
	tu_path(pw, sizeof(pw), "pw");
	tu_write_file(pw, DEMO_PASSWORD "\n", strlen(DEMO_PASSWORD) + 1);
	tu_path(wrong, sizeof(wrong), "wrong");
	tu_write_file(wrong, "nope\n", 5);

	struct app app;
	struct session s;
	cli.as_user = "supervisor";
	cli.password_file = pw;
	TU_OK(cli_open_as(&cli, &app, &s, &err), &err);
	assert_string_equal(s.username, "supervisor");
	assert_int_equal(s.role, ROLE_SUPERVISOR);
	struct tu_audit r;
	tu_last_audit(app.db, &r);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.detail, "cli");
	app_close(&app);

	cli.password_file = wrong;
	error_clear(&err);
	assert_int_equal(cli_open_as(&cli, &app, &s, &err), -ERR_FINDING);
	assert_int_equal(cli_exit_code(&err), 1);
	assert_null(app.db); /* closed on failure */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_option_separate_value),
		cmocka_unit_test(test_cli_option_equals_value),
		cmocka_unit_test(test_cli_option_missing_value),
		cmocka_unit_test(test_cli_option_prefix_is_not_a_match),
		cmocka_unit_test(test_cli_global_option_sets_config_values),
		cmocka_unit_test(test_cli_global_option_every_config_flag_is_accepted),
		cmocka_unit_test(test_cli_global_option_as_and_password_file),
		cmocka_unit_test(test_cli_global_option_bad_value_is_usage_error),
		cmocka_unit_test(test_cli_global_option_missing_value_names_option),
		cmocka_unit_test(test_cli_global_option_leaves_other_arguments),
		cmocka_unit_test(test_cli_exit_code_mapping),
		cmocka_unit_test(test_cli_find_commands),
		cmocka_unit_test(test_cli_parse_positionals_and_options_anywhere),
		cmocka_unit_test(test_cli_parse_refuses_unknown_option_and_extra_arguments),
		cmocka_unit_test(test_cli_open_as_requires_as),
		cmocka_unit_test(test_cli_open_as_logs_in_with_password_file),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
