/* app/app.c: opening a workstation, actors, audit helpers, config changes, list age. */
#include "testutil.h"

#include <time.h>

static void test_app_open_reads_station_facts(void **state)
{
	struct app *app = *state;
	assert_non_null(app->db);
	assert_string_equal(app->post, "DEMO-POST");
	assert_string_equal(app->workstation, "WS-DEMO");
	assert_int_equal(app->demo, 1);
}

static void test_app_open_missing_database_fails(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "missing.db");
	struct app app;
	assert_true(app_open(&app, &cfg, &err) < 0);
	assert_null(app.db);
	TU_CONTAINS(err.msg, "shekara init");
	assert_false(tu_exists(cfg.database));
}

static void test_app_actor_system_and_officer(void **state)
{
	struct app *app = *state;
	struct audit_actor who;
	app_actor(app, NULL, &who);
	assert_string_equal(who.officer, "-");
	assert_string_equal(who.role, "system");
	assert_string_equal(who.post, "DEMO-POST");
	assert_string_equal(who.workstation, "WS-DEMO");
	struct session s = { .username = "zara", .role = ROLE_TRAINER };
	app_actor(app, &s, &who);
	assert_string_equal(who.officer, "zara");
	assert_string_equal(who.role, "trainer");
}

static void test_app_audit_commits_one_row(void **state)
{
	struct app *app = *state;
	struct error err;
	error_clear(&err);
	int64_t before = tu_query_int(app->db, "SELECT count(*) FROM audit");
	struct audit_event ev = { .action = "case.view", .object_type = "case", .object_id = "7" };
	TU_OK(app_audit(app, NULL, &ev, &err), &err);
	assert_false(db_in_transaction(app->db));
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM audit"), before + 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "case.view");
	assert_string_equal(r.outcome, "ok");
	assert_string_equal(r.role, "system");
}

static void test_app_record_config_audits_first_values_then_only_changes(void **state)
{
	struct app *app = *state;
	struct error err;
	error_clear(&err);
	TU_OK(app_record_config(app, &err), &err);
	assert_int_equal(tu_count_audit(app->db, "config.change", "ok"), (int)config_key_count);
	char buf[32];
	assert_int_equal(db_setting_get(app->db, "config.ui.idle_logout", buf, sizeof(buf), &err),
			 1);
	assert_string_equal(buf, "300");

	/* nothing changed: nothing recorded */
	TU_OK(app_record_config(app, &err), &err);
	assert_int_equal(tu_count_audit(app->db, "config.change", NULL), (int)config_key_count);

	app->cfg.idle_logout = 60;
	TU_OK(app_record_config(app, &err), &err);
	assert_int_equal(tu_count_audit(app->db, "config.change", NULL), (int)config_key_count + 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.object_id, "ui.idle_logout");
	assert_string_equal(r.detail, "300 -> 60");
	struct audit_verify_result res;
	assert_int_equal(audit_verify(app->db, &res, &err), 0);
}

static void test_app_list_age_days_fresh_old_and_none(void **state)
{
	struct app *app = *state;
	struct error err;
	error_clear(&err);
	int stale = -1;
	assert_int_equal(app_list_age_days(app, &stale, &err), 0);
	assert_int_equal(stale, 0);

	/* the oldest list decides */
	char sql[160], old[32];
	time_t ten_days_ago = time(NULL) - 10 * 86400 - 60;
	struct tm tm;
	gmtime_r(&ten_days_ago, &tm);
	strftime(old, sizeof(old), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	snprintf(sql, sizeof(sql),
		 "UPDATE wl_sources SET updated_at = '%s' WHERE code = "
		 "'DEMO-SLTD'",
		 old);
	assert_int_equal(tu_exec(app->db, sql), SQLITE_OK);
	assert_int_equal(app_list_age_days(app, &stale, &err), 10);
	assert_int_equal(stale, 1); /* 10 > 7 days */
	app->cfg.list_stale_days = 10;
	assert_int_equal(app_list_age_days(app, &stale, &err), 10);
	assert_int_equal(stale, 0);

	assert_int_equal(tu_exec(app->db, "DELETE FROM wl_sources"), SQLITE_OK);
	stale = 1;
	assert_int_equal(app_list_age_days(app, &stale, &err), -1);
	assert_int_equal(stale, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_app, tu_teardown_app)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_app_open_reads_station_facts),
		cmocka_unit_test(test_app_open_missing_database_fails),
		T(test_app_actor_system_and_officer),
		T(test_app_audit_commits_one_row),
		T(test_app_record_config_audits_first_values_then_only_changes),
		T(test_app_list_age_days_fresh_old_and_none),
	};
	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}
