/* app/setup.c: creating a live workstation database and the demo. */
#include "testutil.h"

#include "db/officer.h"
#include "scanners/clock.h"
#include "db/watchlist.h"

#define ADMIN_PW "first admin password"

static struct setup_params good_params(void)
{
	struct setup_params p = { .post = "KHORGOS-1",
				  .workstation = "WS 03",
				  .admin_username = "a.nurlanov",
				  .admin_full_name = "Алибек Нурланов",
				  .admin_password = ADMIN_PW,
				  .language = "ru" };
	return p;
}

static void test_setup_create_makes_admin_who_can_log_in(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "live.db");
	struct setup_params p = good_params();
	TU_OK(setup_create(&cfg, &p, &err), &err);

	struct app app;
	TU_OK(app_open(&app, &cfg, &err), &err);
	assert_string_equal(app.post, "KHORGOS-1");
	assert_string_equal(app.workstation, "WS 03");
	assert_int_equal(app.demo, 0);
	char buf[64];
	assert_int_equal(db_setting_get(app.db, "demo", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(db_setting_get(app.db, "database_id", buf, sizeof(buf), &err), 1);
	assert_int_equal(strlen(buf), 32);

	struct session s;
	TU_OK(session_login(&app, "a.nurlanov", ADMIN_PW, "cli", &s, &err), &err);
	assert_int_equal(s.role, ROLE_ADMIN);
	assert_string_equal(s.full_name, "Алибек Нурланов");
	assert_string_equal(s.language, "ru");
	assert_int_equal(tu_query_int(app.db, "SELECT count(*) FROM officers"), 1);

	/* the birth of the database is the first audit row, then the admin */
	struct tu_audit *rows;
	size_t n = tu_all_audit(app.db, &rows);
	assert_true(n >= 2);
	assert_string_equal(rows[0].action, "database.init");
	assert_string_equal(rows[0].detail, "live");
	assert_string_equal(rows[0].post, "KHORGOS-1");
	assert_string_equal(rows[1].action, "officer.add");
	assert_string_equal(rows[1].object_id, "a.nurlanov");
	free(rows);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(app.db, &res, &err), 0);
	app_close(&app);
}

static void test_setup_create_file_is_private(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "private.db");
	mode_t old = umask(022);
	struct setup_params p = good_params();
	int rc = setup_create(&cfg, &p, &err);
	umask(old);
	TU_OK(rc, &err);
	struct stat sb;
	assert_int_equal(stat(cfg.database, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_setup_create_makes_missing_parent_directories(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	char dir[2048];
	tu_path(dir, sizeof(dir), "data");
	tu_config(&cfg, "unused.db");
	snprintf(cfg.database, sizeof(cfg.database), "%s/shekara/nested/live.db", dir);
	struct setup_params p = good_params();
	TU_OK(setup_create(&cfg, &p, &err), &err);
	assert_true(tu_exists(cfg.database));
}

/* Every refusal: the right code, and not a byte left on disk, not even the parent
 * directory it would have made. */
static void expect_refused(const struct setup_params *p, const char *why)
{
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "unused.db");
	char dir[2048];
	tu_path(dir, sizeof(dir), "never");
	snprintf(cfg.database, sizeof(cfg.database), "%s/live.db", dir);
	int rc = setup_create(&cfg, p, &err);
	if (rc != -ERR_USAGE)
		fail_msg("%s: not refused as a usage error (rc %d, %s)", why, rc, err.msg);
	assert_int_equal(err.code, ERR_USAGE);
	assert_true(err.msg[0] != '\0');
	if (tu_exists(cfg.database))
		fail_msg("%s: left '%s' behind", why, cfg.database);
	if (tu_exists(dir))
		fail_msg("%s: left directory '%s' behind", why, dir);
}

static void test_setup_create_refuses_bad_post_and_workstation(void **state)
{
	(void)state;
	static const char *const bad[] = { "",           "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABC",
					   "KHORGOS\n1", "POST\x1b[2J",
					   "TAB\tPOST",  "DEL\x7f" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct setup_params p = good_params();
		p.post = bad[i];
		expect_refused(&p, "bad post");
		p = good_params();
		p.workstation = bad[i];
		expect_refused(&p, "bad workstation");
	}
}

static void test_setup_create_accepts_32_byte_and_utf8_labels(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "labels.db");
	struct setup_params p = good_params();
	p.post = "ABCDEFGHIJABCDEFGHIJABCDEFGHIJAB";
	p.workstation = "ХОРГОС-3";
	TU_OK(setup_create(&cfg, &p, &err), &err);
	struct app app;
	TU_OK(app_open(&app, &cfg, &err), &err);
	assert_string_equal(app.post, p.post);
	assert_string_equal(app.workstation, "ХОРГОС-3");
	app_close(&app);
}

static void test_setup_create_refuses_bad_admin_username(void **state)
{
	(void)state;
	static const char *const bad[] = { "Admin", "", "1admin", "ad min", "ad/min" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct setup_params p = good_params();
		p.admin_username = bad[i];
		expect_refused(&p, bad[i]);
	}
}

static void test_setup_create_refuses_short_password(void **state)
{
	(void)state;
	struct setup_params p = good_params();
	p.admin_password = "123456789";
	expect_refused(&p, "short password");
	p.admin_password = "";
	expect_refused(&p, "empty password");
}

static void test_setup_create_refuses_unknown_language(void **state)
{
	(void)state;
	struct setup_params p = good_params();
	p.language = "tlh";
	expect_refused(&p, "unknown language");
}

static void test_setup_create_refuses_existing_database_and_keeps_it(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "twice.db");
	struct setup_params p = good_params();
	TU_OK(setup_create(&cfg, &p, &err), &err);

	struct setup_params q = good_params();
	q.post = "OTHER-POST";
	q.admin_username = "intruder";
	error_clear(&err);
	assert_true(setup_create(&cfg, &q, &err) < 0);
	assert_int_not_equal(err.code, ERR_OK);
	error_clear(&err);
	assert_true(setup_create_demo(&cfg, &err) < 0);

	/* the first database is still there and still the same */
	struct app app;
	TU_OK(app_open(&app, &cfg, &err), &err);
	assert_string_equal(app.post, "KHORGOS-1");
	struct officer o;
	assert_int_equal(officer_get(app.db, "intruder", &o, &err), 0);
	assert_int_equal(officer_get(app.db, "a.nurlanov", &o, &err), 1);
	app_close(&app);
}

static void test_setup_demo_has_one_account_per_role(void **state)
{
	(void)state;
	struct app app;
	struct error err;
	error_clear(&err);
	tu_demo_app(&app);
	assert_int_equal(app.demo, 1);
	assert_string_equal(app.post, "DEMO-POST");
	assert_string_equal(app.workstation, "WS-DEMO");

	struct officer *list;
	size_t n;
	TU_OK(officer_list(app.db, &list, &n, &err), &err);
	assert_int_equal(n, 4);
	static const struct {
		const char *name;
		enum officer_role role;
	} want[] = { { "admin", ROLE_ADMIN },
		     { "officer", ROLE_OFFICER },
		     { "supervisor", ROLE_SUPERVISOR },
		     { "trainer", ROLE_TRAINER } };
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(list[i].username, want[i].name);
		assert_int_equal(list[i].role, want[i].role);
		assert_int_equal(list[i].locked, 0);
	}
	free(list);

	/* every one of them opens with the demo password */
	for (size_t i = 0; i < 4; i++) {
		struct session s;
		tu_login(&app, want[i].name, &s);
		assert_int_equal(s.role, want[i].role);
	}
	app_close(&app);
}

static void test_setup_demo_flag_and_watchlists(void **state)
{
	(void)state;
	struct app app;
	struct error err;
	error_clear(&err);
	tu_demo_app(&app);
	char buf[16];
	assert_int_equal(db_setting_get(app.db, "demo", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "1");

	struct wl_source *src;
	size_t n;
	TU_OK(wl_source_list(app.db, 1, &src, &n, &err), &err);
	assert_int_equal(n, 2);
	int entries = 0, national = 0, sltd = 0;
	for (size_t i = 0; i < n; i++) {
		assert_true(src[i].entries > 0);
		entries += src[i].entries;
		national |= strcmp(src[i].kind, "national") == 0;
		sltd |= strcmp(src[i].kind, "lost_stolen") == 0;
		time_t t;
		assert_int_equal(clock_parse_iso(src[i].updated_at, &t), 0);
	}
	free(src);
	assert_true(national);
	assert_true(sltd);
	assert_int_equal(entries, 6);
	assert_true(tu_query_int(app.db, "SELECT count(*) FROM wl_names") >= 4);
	assert_true(tu_query_int(app.db, "SELECT count(*) FROM wl_documents") >= 2);

	/* fresh lists are not stale */
	int stale = 1;
	assert_int_equal(app_list_age_days(&app, &stale, &err), 0);
	assert_int_equal(stale, 0);
	app_close(&app);
}

static void test_setup_demo_audit_chain_intact(void **state)
{
	(void)state;
	struct app app;
	struct error err;
	error_clear(&err);
	tu_demo_app(&app);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(app.db, &res, &err), 0);
	/* database.init and one officer.add per account */
	assert_int_equal(res.rows, 5);
	assert_int_equal(tu_count_audit(app.db, "database.init", "ok"), 1);
	assert_int_equal(tu_count_audit(app.db, "officer.add", "ok"), 4);
	struct tu_audit *rows;
	size_t n = tu_all_audit(app.db, &rows);
	assert_string_equal(rows[0].detail, "demo");
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(rows[i].officer, "-");
		assert_string_equal(rows[i].role, "system");
	}
	free(rows);
	app_close(&app);
}

static void test_app_open_refuses_database_without_post(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "bare.db");
	struct db *db;
	TU_OK(db_open(cfg.database, DB_OPEN_CREATE, &db, &err), &err);
	db_close(&db);
	struct app app;
	assert_true(app_open(&app, &cfg, &err) < 0);
	TU_CONTAINS(err.msg, "shekara init");
	assert_null(app.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup_create_makes_admin_who_can_log_in),
		cmocka_unit_test(test_setup_create_file_is_private),
		cmocka_unit_test(test_setup_create_makes_missing_parent_directories),
		cmocka_unit_test(test_setup_create_refuses_bad_post_and_workstation),
		cmocka_unit_test(test_setup_create_accepts_32_byte_and_utf8_labels),
		cmocka_unit_test(test_setup_create_refuses_bad_admin_username),
		cmocka_unit_test(test_setup_create_refuses_short_password),
		cmocka_unit_test(test_setup_create_refuses_unknown_language),
		cmocka_unit_test(test_setup_create_refuses_existing_database_and_keeps_it),
		cmocka_unit_test(test_setup_demo_has_one_account_per_role),
		cmocka_unit_test(test_setup_demo_flag_and_watchlists),
		cmocka_unit_test(test_setup_demo_audit_chain_intact),
		cmocka_unit_test(test_app_open_refuses_database_without_post),
	};
	return cmocka_run_group_tests_name("setup", tests, NULL, NULL);
}
