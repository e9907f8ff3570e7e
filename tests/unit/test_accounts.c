/* app/accounts.c: account management by administrators. */
#include "testutil.h"

#include "app/accounts.h"
#include "db/officer.h"

struct fixture {
	struct app app;
	struct session admin;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	tu_demo_app(&f->app);
	tu_login(&f->app, "admin", &f->admin);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_close(&f->app);
	free(f);
	return 0;
}

static int find(struct app *app, const char *username, struct officer *o)
{
	struct error err;
	error_clear(&err);
	struct officer tmp;
	return officer_get(app->db, username, o ? o : &tmp, &err);
}

#define GOOD_PW "border post 2026"

static void test_accounts_admin_adds_user_audited(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	TU_OK(accounts_add(&f->app, &f->admin, "k.saidova", "Камила Саидова", ROLE_SUPERVISOR, "ru",
			   GOOD_PW, &err),
	      &err);
	struct officer o;
	assert_int_equal(find(&f->app, "k.saidova", &o), 1);
	assert_int_equal(o.role, ROLE_SUPERVISOR);
	assert_string_equal(o.full_name, "Камила Саидова");
	assert_string_equal(o.language, "ru");
	assert_int_equal(strncmp(o.password_hash, "$scrypt$", 8), 0);
	TU_NOT_CONTAINS(o.password_hash, GOOD_PW);

	struct tu_audit r;
	tu_last_audit(f->app.db, &r);
	assert_string_equal(r.action, "officer.add");
	assert_string_equal(r.officer, "admin");
	assert_string_equal(r.role, "admin");
	assert_string_equal(r.object_id, "k.saidova");
	assert_string_equal(r.detail, "supervisor");

	/* and the new officer can log in with that password */
	struct session s;
	TU_OK(session_login(&f->app, "k.saidova", GOOD_PW, "cli", &s, &err), &err);
	assert_int_equal(s.role, ROLE_SUPERVISOR);
}

static void test_accounts_add_duplicate_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	int adds = tu_count_audit(f->app.db, "officer.add", NULL);
	int rc = accounts_add(&f->app, &f->admin, "officer", "Someone Else", ROLE_ADMIN, "en",
			      GOOD_PW, &err);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "officer");
	TU_CONTAINS(err.msg, "already exists");
	struct officer o;
	assert_int_equal(find(&f->app, "officer", &o), 1);
	assert_int_equal(o.role, ROLE_OFFICER); /* not replaced */
	assert_int_equal(tu_count_audit(f->app.db, "officer.add", NULL), adds);
}

static void test_accounts_username_rules(void **state)
{
	(void)state;
	assert_true(accounts_username_ok("a"));
	assert_true(accounts_username_ok("a.nurlanov"));
	assert_true(accounts_username_ok("user_2-b"));
	assert_true(accounts_username_ok("abcdefghijabcdefghijabcdefghijab")); /* 32 */
	assert_false(accounts_username_ok(""));
	assert_false(accounts_username_ok("Officer"));
	assert_false(accounts_username_ok("a nurlanov"));
	assert_false(accounts_username_ok("abcdefghijabcdefghijabcdefghijabc")); /* 33 */
	assert_false(accounts_username_ok("1officer"));
	assert_false(accounts_username_ok(".officer"));
	assert_false(accounts_username_ok("-officer"));
	assert_false(accounts_username_ok("off;cer"));
	assert_false(accounts_username_ok("офицер"));
	assert_false(accounts_username_ok("a\n"));
}

static void test_accounts_add_invalid_usernames_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = { "Bob",  "bob smith", "abcdefghijabcdefghijabcdefghijabc",
					   "1bob", "",          "bob!" };
	int officers = (int)tu_query_int(f->app.db, "SELECT count(*) FROM officers");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct error err;
		error_clear(&err);
		int rc = accounts_add(&f->app, &f->admin, bad[i], "X", ROLE_OFFICER, "en", GOOD_PW,
				      &err);
		if (rc != -ERR_USAGE || err.code != ERR_USAGE)
			fail_msg("user name '%s' was not refused (rc %d)", bad[i], rc);
	}
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM officers"), officers);
}

static void test_accounts_add_short_password_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(
		accounts_add(&f->app, &f->admin, "newbie", "", ROLE_OFFICER, "en", "short", &err),
		-ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	assert_int_equal(find(&f->app, "newbie", NULL), 0);
}

static void test_accounts_add_unknown_language_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(accounts_add(&f->app, &f->admin, "newbie", "", ROLE_OFFICER, "kk-XX",
				      GOOD_PW, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "kk-XX");
	assert_int_equal(find(&f->app, "newbie", NULL), 0);
}

static void test_accounts_officer_session_denied_everything(void **state)
{
	struct fixture *f = *state;
	struct session s;
	struct error err;
	tu_login(&f->app, "officer", &s);
	int denied = tu_count_audit(f->app.db, "access.denied", "denied");

	error_clear(&err);
	assert_int_equal(accounts_add(&f->app, &s, "sneaky", "", ROLE_ADMIN, "en", GOOD_PW, &err),
			 -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(find(&f->app, "sneaky", NULL), 0);

	struct officer *list = NULL;
	size_t n = 0;
	error_clear(&err);
	assert_int_equal(accounts_list(&f->app, &s, &list, &n, &err), -ERR_DENIED);
	assert_null(list);
	assert_int_equal(n, 0);

	error_clear(&err);
	assert_int_equal(accounts_set_locked(&f->app, &s, "supervisor", 1, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	error_clear(&err);
	assert_int_equal(accounts_set_locked(&f->app, &s, "supervisor", 0, &err), -ERR_DENIED);
	error_clear(&err);
	assert_int_equal(accounts_reset_password(&f->app, &s, "admin", GOOD_PW, &err), -ERR_DENIED);

	struct officer o;
	assert_int_equal(find(&f->app, "supervisor", &o), 1);
	assert_int_equal(o.locked, 0);
	/* each refusal is on the record */
	assert_int_equal(tu_count_audit(f->app.db, "access.denied", "denied"), denied + 5);
	struct tu_audit r;
	tu_last_audit(f->app.db, &r);
	assert_string_equal(r.officer, "officer");
	assert_string_equal(r.object_id, "manage_accounts");
	/* the admin's password still works */
	struct session a;
	tu_login(&f->app, "admin", &a);
}

static void test_accounts_supervisor_and_trainer_cannot_add(void **state)
{
	struct fixture *f = *state;
	static const char *const who[] = { "supervisor", "trainer" };
	for (int i = 0; i < 2; i++) {
		struct session s;
		struct error err;
		error_clear(&err);
		tu_login(&f->app, who[i], &s);
		assert_int_equal(
			accounts_add(&f->app, &s, "sneaky", "", ROLE_OFFICER, "en", GOOD_PW, &err),
			-ERR_DENIED);
	}
	assert_int_equal(find(&f->app, "sneaky", NULL), 0);
}

static void test_accounts_no_session_is_denied(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(
		accounts_add(&f->app, NULL, "sneaky", "", ROLE_OFFICER, "en", GOOD_PW, &err),
		-ERR_DENIED);
	assert_int_equal(find(&f->app, "sneaky", NULL), 0);
}

static void test_accounts_lock_and_unlock_audited(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct session s;
	error_clear(&err);
	TU_OK(accounts_set_locked(&f->app, &f->admin, "officer", 1, &err), &err);
	struct officer o;
	find(&f->app, "officer", &o);
	assert_int_equal(o.locked, 1);
	struct tu_audit r;
	tu_last_audit(f->app.db, &r);
	assert_string_equal(r.action, "account.lock");
	assert_string_equal(r.officer, "admin");
	assert_string_equal(r.object_id, "officer");

	error_clear(&err);
	assert_int_equal(session_login(&f->app, "officer", DEMO_PASSWORD, "cli", &s, &err),
			 -ERR_DENIED);

	error_clear(&err);
	TU_OK(accounts_set_locked(&f->app, &f->admin, "officer", 0, &err), &err);
	find(&f->app, "officer", &o);
	assert_int_equal(o.locked, 0);
	tu_last_audit(f->app.db, &r);
	assert_string_equal(r.action, "account.unlock");
	assert_string_equal(r.object_id, "officer");
	tu_login(&f->app, "officer", &s);
}

static void test_accounts_unlock_after_lockout_clears_failures(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct session s;
	for (int i = 0; i < 5; i++) {
		error_clear(&err);
		session_login(&f->app, "trainer", "wrong", "cli", &s, &err);
	}
	struct officer o;
	find(&f->app, "trainer", &o);
	assert_int_equal(o.locked, 1);
	error_clear(&err);
	TU_OK(accounts_set_locked(&f->app, &f->admin, "trainer", 0, &err), &err);
	find(&f->app, "trainer", &o);
	assert_int_equal(o.locked, 0);
	assert_int_equal(o.failed_logins, 0);
	tu_login(&f->app, "trainer", &s);
}

static void test_accounts_cannot_lock_own_account(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	int locks = tu_count_audit(f->app.db, "account.lock", NULL);
	assert_int_equal(accounts_set_locked(&f->app, &f->admin, "admin", 1, &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	struct officer o;
	find(&f->app, "admin", &o);
	assert_int_equal(o.locked, 0);
	assert_int_equal(tu_count_audit(f->app.db, "account.lock", NULL), locks);
}

/* User names are case-insensitive in the database (COLLATE NOCASE), so "ADMIN" is the
 * administrator's own account too. */
static void test_accounts_cannot_lock_own_account_by_changing_case(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	int rc = accounts_set_locked(&f->app, &f->admin, "ADMIN", 1, &err);
	struct officer o;
	find(&f->app, "admin", &o);
	assert_int_equal(o.locked, 0);
	assert_int_equal(rc, -ERR_USAGE);
}

static void test_accounts_lock_unknown_user_reports_it(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	int locks = tu_count_audit(f->app.db, "account.lock", NULL);
	assert_int_equal(accounts_set_locked(&f->app, &f->admin, "ghost", 1, &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "ghost");
	assert_int_equal(tu_count_audit(f->app.db, "account.lock", NULL), locks);
}

static void test_accounts_reset_password_works_and_is_audited(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct session s;
	error_clear(&err);
	TU_OK(accounts_reset_password(&f->app, &f->admin, "officer", GOOD_PW, &err), &err);
	struct tu_audit r;
	tu_last_audit(f->app.db, &r);
	assert_string_equal(r.action, "password.reset");
	assert_string_equal(r.officer, "admin");
	assert_string_equal(r.object_id, "officer");
	TU_NOT_CONTAINS(r.detail, GOOD_PW);

	error_clear(&err);
	assert_int_equal(session_login(&f->app, "officer", DEMO_PASSWORD, "cli", &s, &err),
			 -ERR_FINDING);
	TU_OK(session_login(&f->app, "officer", GOOD_PW, "cli", &s, &err), &err);
}

static void test_accounts_reset_password_refuses_short_and_unknown(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(accounts_reset_password(&f->app, &f->admin, "officer", "short", &err),
			 -ERR_USAGE);
	error_clear(&err);
	assert_int_equal(accounts_reset_password(&f->app, &f->admin, "ghost", GOOD_PW, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "ghost");
	assert_int_equal(tu_count_audit(f->app.db, "password.reset", NULL), 0);
	struct session s;
	tu_login(&f->app, "officer", &s); /* still the demo password */
}

static void test_accounts_list_hides_password_hashes(void **state)
{
	struct fixture *f = *state;
	struct error err;
	error_clear(&err);
	struct officer *list;
	size_t n;
	TU_OK(accounts_list(&f->app, &f->admin, &list, &n, &err), &err);
	assert_int_equal(n, 4);
	static const char *const names[] = { "admin", "officer", "supervisor", "trainer" };
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(list[i].username, names[i]);
		assert_string_equal(list[i].password_hash, "");
		/* the whole field, not just its first byte */
		for (size_t b = 0; b < sizeof(list[i].password_hash); b++)
			assert_int_equal(list[i].password_hash[b], 0);
	}
	free(list);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_accounts_admin_adds_user_audited),
		T(test_accounts_add_duplicate_refused),
		cmocka_unit_test(test_accounts_username_rules),
		T(test_accounts_add_invalid_usernames_refused),
		T(test_accounts_add_short_password_refused),
		T(test_accounts_add_unknown_language_refused),
		T(test_accounts_officer_session_denied_everything),
		T(test_accounts_supervisor_and_trainer_cannot_add),
		T(test_accounts_no_session_is_denied),
		T(test_accounts_lock_and_unlock_audited),
		T(test_accounts_unlock_after_lockout_clears_failures),
		T(test_accounts_cannot_lock_own_account),
		T(test_accounts_cannot_lock_own_account_by_changing_case),
		T(test_accounts_lock_unknown_user_reports_it),
		T(test_accounts_reset_password_works_and_is_audited),
		T(test_accounts_reset_password_refuses_short_and_unknown),
		T(test_accounts_list_hides_password_hashes),
	};
	return cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
}
