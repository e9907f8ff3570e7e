/* app/session.c: login, lockout, roles, permission checks, own password and language. */
#include "testutil.h"

#include "app/lang.h"
#include "db/officer.h"

static struct officer officer_row(struct app *app, const char *username)
{
	struct officer o;
	struct error err;
	error_clear(&err);
	if (officer_get(app->db, username, &o, &err) != 1)
		fail_msg("no officer '%s'", username);
	return o;
}

static int login(struct app *app, const char *user, const char *password, struct session *s,
		 struct error *err)
{
	error_clear(err);
	return session_login(app, user, password, "terminal", s, err);
}

static void test_session_login_ok_is_audited(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	int before = tu_count_audit(app->db, "login", "ok");
	assert_int_equal(login(app, "officer", DEMO_PASSWORD, &s, &err), 0);
	assert_string_equal(s.username, "officer");
	assert_string_equal(s.full_name, "Demo Officer");
	assert_int_equal(s.role, ROLE_OFFICER);
	assert_string_equal(s.language, "en");
	assert_int_equal(s.officer_id, officer_row(app, "officer").id);

	assert_int_equal(tu_count_audit(app->db, "login", "ok"), before + 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.outcome, "ok");
	assert_string_equal(r.officer, "officer");
	assert_string_equal(r.role, "officer");
	assert_string_equal(r.object_id, "officer");
	assert_string_equal(r.post, "DEMO-POST");
	assert_string_equal(r.workstation, "WS-DEMO");
	TU_CONTAINS(r.detail, "terminal");
	assert_true(officer_row(app, "officer").last_login_at[0] != '\0');
}

static void test_session_login_records_channel(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	TU_OK(session_login(app, "supervisor", DEMO_PASSWORD, "cli", &s, &err), &err);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.detail, "cli");
	assert_int_equal(s.role, ROLE_SUPERVISOR);
}

static void test_session_wrong_password_counts_and_audits_failure(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	int rc = login(app, "officer", "not the password", &s, &err);
	assert_int_equal(rc, -ERR_FINDING);
	assert_int_equal(err.code, ERR_FINDING);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(officer_row(app, "officer").failed_logins, 1);
	assert_int_equal(officer_row(app, "officer").locked, 0);

	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.outcome, "failure");
	assert_string_equal(r.object_id, "officer");
	TU_CONTAINS(r.detail, "1 of 5");
	/* the wrong password is never written down */
	TU_NOT_CONTAINS(r.detail, "not the password");
}

static void test_session_unknown_user_same_message_and_name_not_recorded(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error wrong, unknown;
	login(app, "officer", "bad password 1", &s, &wrong);
	/* officers sometimes type their password into the user name field */
	int rc = login(app, "Tr0ub4dor&3-secret", "bad password 2", &s, &unknown);
	assert_int_equal(rc, -ERR_FINDING);
	assert_int_equal(unknown.code, wrong.code);
	assert_string_equal(unknown.msg, wrong.msg);

	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.outcome, "failure");
	assert_string_equal(r.object_id, "");

	struct tu_audit *rows;
	size_t n = tu_all_audit(app->db, &rows);
	for (size_t i = 0; i < n; i++) {
		const char *fields[] = { rows[i].officer, rows[i].object_id, rows[i].detail,
					 rows[i].role };
		for (size_t f = 0; f < 4; f++) {
			TU_NOT_CONTAINS(fields[f], "Tr0ub4dor");
			TU_NOT_CONTAINS(fields[f], "bad password");
		}
	}
	free(rows);
}

static void test_session_empty_user_name_is_a_usage_error(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	int before = tu_count_audit(app->db, "login", NULL);
	assert_int_equal(login(app, "", "x", &s, &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	assert_int_equal(tu_count_audit(app->db, "login", NULL), before);
}

static void test_session_five_failures_lock_the_account(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(login(app, "officer", "wrong", &s, &err), -ERR_FINDING);
		assert_int_equal(officer_row(app, "officer").locked, 0);
	}
	assert_int_equal(tu_count_audit(app->db, "account.lock", NULL), 0);
	/* the fifth locks, and says so */
	assert_int_equal(login(app, "officer", "wrong", &s, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	TU_CONTAINS(err.msg, "locked");
	assert_int_equal(officer_row(app, "officer").locked, 1);
	assert_int_equal(tu_count_audit(app->db, "account.lock", "ok"), 1);

	/* the right password no longer opens it */
	assert_int_equal(login(app, "officer", DEMO_PASSWORD, &s, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	TU_CONTAINS(err.msg, "locked");
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "login");
	assert_string_equal(r.outcome, "locked");
	assert_int_equal(tu_count_audit(app->db, "login", "ok"), 0);

	/* other accounts are not affected */
	assert_int_equal(login(app, "supervisor", DEMO_PASSWORD, &s, &err), 0);
}

static void test_session_lockout_threshold_follows_config(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	app->cfg.max_failed_logins = 2;
	assert_int_equal(login(app, "trainer", "wrong", &s, &err), -ERR_FINDING);
	assert_int_equal(login(app, "trainer", "wrong", &s, &err), -ERR_DENIED);
	assert_int_equal(officer_row(app, "trainer").locked, 1);
}

static void test_session_success_resets_failure_counter(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	for (int i = 0; i < 4; i++)
		login(app, "officer", "wrong", &s, &err);
	assert_int_equal(officer_row(app, "officer").failed_logins, 4);
	assert_int_equal(login(app, "officer", DEMO_PASSWORD, &s, &err), 0);
	assert_int_equal(officer_row(app, "officer").failed_logins, 0);
	/* so four more failures are again not enough to lock: "in a row" */
	for (int i = 0; i < 4; i++)
		assert_int_equal(login(app, "officer", "wrong", &s, &err), -ERR_FINDING);
	assert_int_equal(officer_row(app, "officer").locked, 0);
}

static void test_session_logout_is_audited_and_clears_session(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "officer", &s);
	session_logout(app, &s, "idle");
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "logout");
	assert_string_equal(r.officer, "officer");
	assert_string_equal(r.detail, "idle");
	assert_string_equal(s.username, "");
}

/* The least-access table, spelled out: a change to it must change this test. */
static void test_session_role_allows_matrix(void **state)
{
	(void)state;
	static const int want[ROLE_COUNT][PERM_COUNT] = {
		/* manage accounts, view audit, export audit, own activity, scan documents,
		 * manage watchlists, screen, decide, authorise override, review cases,
		 * view reports, manage reasons, manage trust, run training, manifests */
		[ROLE_OFFICER] = { 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1 },
		[ROLE_SUPERVISOR] = { 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1 },
		[ROLE_TRAINER] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
		[ROLE_ADMIN] = { 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1 },
	};
	for (int r = 0; r < ROLE_COUNT; r++)
		for (int p = 0; p < PERM_COUNT; p++)
			if (!!role_allows((enum officer_role)r, (enum perm)p) != want[r][p])
				fail_msg("role %s, permission %s: expected %d",
					 officer_role_name((enum officer_role)r),
					 perm_name((enum perm)p), want[r][p]);
	assert_false(role_allows((enum officer_role)ROLE_COUNT, PERM_VIEW_OWN_ACTIVITY));
	assert_false(role_allows(ROLE_ADMIN, (enum perm)PERM_COUNT));
	assert_false(role_allows((enum officer_role) - 1, PERM_VIEW_OWN_ACTIVITY));
}

static void test_session_perm_names(void **state)
{
	(void)state;
	assert_string_equal(perm_name(PERM_MANAGE_ACCOUNTS), "manage_accounts");
	assert_string_equal(perm_name(PERM_VIEW_AUDIT), "view_audit");
	assert_string_equal(perm_name(PERM_EXPORT_AUDIT), "export_audit");
	assert_string_equal(perm_name(PERM_VIEW_OWN_ACTIVITY), "view_own_activity");
	assert_string_equal(perm_name(PERM_MANAGE_TRUST), "manage_trust");
	assert_string_equal(perm_name(PERM_RUN_TRAINING), "run_training");
	assert_string_equal(perm_name(PERM_MANIFESTS), "manifests");
	assert_string_equal(perm_name((enum perm)PERM_COUNT), "?");
}

static void test_session_require_denies_and_audits(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	int rc = session_require(app, &s, PERM_VIEW_AUDIT, &err);
	assert_int_equal(rc, -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	TU_CONTAINS(err.msg, "view_audit");
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "access.denied");
	assert_string_equal(r.outcome, "denied");
	assert_string_equal(r.object_id, "view_audit");
	assert_string_equal(r.officer, "officer");
	assert_string_equal(r.role, "officer");

	error_clear(&err);
	assert_int_equal(session_require(app, &s, PERM_MANAGE_ACCOUNTS, &err), -ERR_DENIED);
	assert_int_equal(tu_count_audit(app->db, "access.denied", "denied"), 2);
}

static void test_session_require_allows_without_audit_row(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "supervisor", &s);
	int64_t rows = tu_query_int(app->db, "SELECT count(*) FROM audit");
	assert_int_equal(session_require(app, &s, PERM_VIEW_AUDIT, &err), 0);
	assert_int_equal(session_require(app, &s, PERM_EXPORT_AUDIT, &err), 0);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM audit"), rows);
	assert_int_equal(session_require(app, &s, PERM_MANAGE_ACCOUNTS, &err), -ERR_DENIED);
}

static void test_session_require_without_session_is_denied(void **state)
{
	struct app *app = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(session_require(app, NULL, PERM_VIEW_OWN_ACTIVITY, &err), -ERR_DENIED);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "access.denied");
	assert_string_equal(r.officer, "-");
}

static void test_session_change_password_checks_current(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	int rc = session_change_password(app, &s, "not current", "new password 1", "new password 1",
					 &err);
	assert_int_equal(rc, -ERR_FINDING);
	assert_int_equal(err.code, ERR_FINDING);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "password.change");
	assert_string_equal(r.outcome, "failure");
	/* unchanged */
	struct session again;
	tu_login(app, "officer", &again);
}

static void test_session_change_password_enforces_policy(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	tu_login(app, "officer", &s);
	char before[256];
	snprintf(before, sizeof(before), "%s", officer_row(app, "officer").password_hash);

	error_clear(&err);
	assert_int_equal(session_change_password(app, &s, DEMO_PASSWORD, "short", "short", &err),
			 -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "10");

	error_clear(&err);
	assert_int_equal(session_change_password(app, &s, DEMO_PASSWORD, "long enough 1",
						 "long enough 2", &err),
			 -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);

	assert_string_equal(officer_row(app, "officer").password_hash, before);
	assert_int_equal(tu_count_audit(app->db, "password.change", "ok"), 0);
}

static void test_session_change_password_new_works_old_does_not(void **state)
{
	struct app *app = *state;
	struct session s, t;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	TU_OK(session_change_password(app, &s, DEMO_PASSWORD, "steppe wind 2026",
				      "steppe wind 2026", &err),
	      &err);
	assert_int_equal(tu_count_audit(app->db, "password.change", "ok"), 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.officer, "officer");
	TU_NOT_CONTAINS(r.detail, "steppe");

	assert_int_equal(login(app, "officer", "steppe wind 2026", &t, &err), 0);
	assert_int_equal(login(app, "officer", DEMO_PASSWORD, &t, &err), -ERR_FINDING);
}

static void test_password_policy_counts_characters_not_bytes(void **state)
{
	(void)state;
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "unused.db");
	assert_int_equal(cfg.min_password_length, 10);
	/* ten Cyrillic letters are twenty bytes but ten characters */
	TU_OK(password_policy_check(&cfg, "пароль1234", NULL, &err), &err);
	assert_int_equal(password_policy_check(&cfg, "пароль123", NULL, &err), -ERR_USAGE);
	assert_int_equal(password_policy_check(&cfg, "123456789", NULL, &err), -ERR_USAGE);
	TU_OK(password_policy_check(&cfg, "1234567890", NULL, &err), &err);
	TU_OK(password_policy_check(&cfg, "1234567890", "1234567890", &err), &err);
	assert_int_equal(password_policy_check(&cfg, "1234567890", "1234567899", &err), -ERR_USAGE);
	cfg.min_password_length = 12;
	assert_int_equal(password_policy_check(&cfg, "1234567890", NULL, &err), -ERR_USAGE);
}

static void test_session_set_language_stores_and_audits(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	TU_OK(session_set_language(app, &s, "ru", &err), &err);
	assert_string_equal(s.language, "ru");
	assert_string_equal(officer_row(app, "officer").language, "ru");
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "officer.language");
	assert_string_equal(r.officer, "officer");
	assert_string_equal(r.detail, "en -> ru");

	/* the next login brings the choice back */
	struct session again;
	tu_login(app, "officer", &again);
	assert_string_equal(again.language, "ru");
}

static void test_session_set_unknown_language_refused(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	int before = tu_count_audit(app->db, "officer.language", NULL);
	assert_int_equal(session_set_language(app, &s, "xx", &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "xx");
	assert_string_equal(s.language, "en");
	assert_string_equal(officer_row(app, "officer").language, "en");
	assert_int_equal(tu_count_audit(app->db, "officer.language", NULL), before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_app, tu_teardown_app)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_session_login_ok_is_audited),
		T(test_session_login_records_channel),
		T(test_session_wrong_password_counts_and_audits_failure),
		T(test_session_unknown_user_same_message_and_name_not_recorded),
		T(test_session_empty_user_name_is_a_usage_error),
		T(test_session_five_failures_lock_the_account),
		T(test_session_lockout_threshold_follows_config),
		T(test_session_success_resets_failure_counter),
		T(test_session_logout_is_audited_and_clears_session),
		cmocka_unit_test(test_session_role_allows_matrix),
		cmocka_unit_test(test_session_perm_names),
		T(test_session_require_denies_and_audits),
		T(test_session_require_allows_without_audit_row),
		T(test_session_require_without_session_is_denied),
		T(test_session_change_password_checks_current),
		T(test_session_change_password_enforces_policy),
		T(test_session_change_password_new_works_old_does_not),
		cmocka_unit_test(test_password_policy_counts_characters_not_bytes),
		T(test_session_set_language_stores_and_audits),
		T(test_session_set_unknown_language_refused),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
