/* db/officer.c: officer rows and role names. */
#include "testutil.h"

#include "db/officer.h"

static struct officer make(const char *username, enum officer_role role)
{
	struct officer o = { .role = role };
	snprintf(o.username, sizeof(o.username), "%s", username);
	snprintf(o.full_name, sizeof(o.full_name), "Full %s", username);
	snprintf(o.language, sizeof(o.language), "ru");
	snprintf(o.password_hash, sizeof(o.password_hash), "$scrypt$hash-of-%s", username);
	snprintf(o.created_at, sizeof(o.created_at), "2026-01-02T03:04:05.006Z");
	return o;
}

static void insert(struct db *db, const char *username, enum officer_role role)
{
	struct error err;
	error_clear(&err);
	struct officer o = make(username, role);
	TU_OK(officer_insert(db, &o, &err), &err);
}

static struct officer get(struct db *db, const char *username)
{
	struct officer o;
	struct error err;
	error_clear(&err);
	if (officer_get(db, username, &o, &err) != 1)
		fail_msg("officer '%s' not found: %s", username, err.msg);
	return o;
}

static void test_officer_insert_then_get_returns_every_field(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct officer in = make("a.nurlanov", ROLE_SUPERVISOR);
	snprintf(in.full_name, sizeof(in.full_name), "Нурланов Алибек");
	TU_OK(officer_insert(db, &in, &err), &err);

	struct officer out = get(db, "a.nurlanov");
	assert_true(out.id > 0);
	assert_string_equal(out.username, "a.nurlanov");
	assert_string_equal(out.full_name, "Нурланов Алибек");
	assert_int_equal(out.role, ROLE_SUPERVISOR);
	assert_string_equal(out.language, "ru");
	assert_string_equal(out.password_hash, "$scrypt$hash-of-a.nurlanov");
	assert_int_equal(out.failed_logins, 0);
	assert_int_equal(out.locked, 0);
	assert_string_equal(out.created_at, "2026-01-02T03:04:05.006Z");
	/* a new password is as old as the account */
	assert_string_equal(out.password_changed_at, "2026-01-02T03:04:05.006Z");
	assert_string_equal(out.last_login_at, "");
}

static void test_officer_get_unknown_returns_0(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct officer o;
	assert_int_equal(officer_get(db, "nobody", &o, &err), 0);
	assert_int_equal(err.code, ERR_OK);
}

static void test_officer_username_is_unique_ignoring_case(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	insert(db, "ann", ROLE_OFFICER);
	struct officer dup = make("ann", ROLE_ADMIN);
	assert_true(officer_insert(db, &dup, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	error_clear(&err);
	struct officer upper = make("ANN", ROLE_ADMIN);
	assert_true(officer_insert(db, &upper, &err) < 0);
	assert_int_equal(officer_count(db, &err), 1);
	/* and a lookup finds the one account whatever the case typed */
	struct officer o = get(db, "Ann");
	assert_string_equal(o.username, "ann");
	assert_int_equal(o.role, ROLE_OFFICER);
}

static void test_officer_list_is_ordered_by_username_and_count_matches(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	assert_int_equal(officer_count(db, &err), 0);
	struct officer *list = (struct officer *)1;
	size_t n = 99;
	TU_OK(officer_list(db, &list, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_null(list);

	insert(db, "zara", ROLE_OFFICER);
	insert(db, "bek", ROLE_ADMIN);
	insert(db, "mira", ROLE_TRAINER);
	assert_int_equal(officer_count(db, &err), 3);
	TU_OK(officer_list(db, &list, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].username, "bek");
	assert_int_equal(list[0].role, ROLE_ADMIN);
	assert_string_equal(list[1].username, "mira");
	assert_int_equal(list[1].role, ROLE_TRAINER);
	assert_string_equal(list[2].username, "zara");
	free(list);
}

static void test_officer_list_grows_past_its_first_allocation(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	for (int i = 0; i < 40; i++) {
		char name[16];
		snprintf(name, sizeof(name), "user%02d", i);
		insert(db, name, ROLE_OFFICER);
	}
	struct officer *list;
	size_t n;
	TU_OK(officer_list(db, &list, &n, &err), &err);
	assert_int_equal(n, 40);
	assert_string_equal(list[39].username, "user39");
	free(list);
}

static void test_officer_role_name_and_parse_roundtrip(void **state)
{
	(void)state;
	static const char *const names[ROLE_COUNT] = { "officer", "supervisor", "trainer",
						       "admin" };
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_string_equal(officer_role_name((enum officer_role)i), names[i]);
		enum officer_role r = ROLE_COUNT;
		assert_int_equal(officer_role_parse(names[i], &r), 0);
		assert_int_equal(r, i);
	}
}

static void test_officer_role_parse_rejects_unknown_roles(void **state)
{
	(void)state;
	static const char *const bad[] = { "root", "Admin", "ADMIN", "", "admin ", "offic" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum officer_role r = ROLE_TRAINER;
		assert_int_equal(officer_role_parse(bad[i], &r), -1);
		assert_int_equal(r, ROLE_TRAINER); /* untouched */
	}
	enum officer_role r;
	assert_int_equal(officer_role_parse(NULL, &r), -1);
	assert_string_equal(officer_role_name((enum officer_role)ROLE_COUNT), "?");
	assert_string_equal(officer_role_name((enum officer_role) - 1), "?");
}

static void test_officer_insert_with_invalid_role_is_refused(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct officer o = make("ghost", (enum officer_role)7);
	assert_true(officer_insert(db, &o, &err) < 0);
	assert_int_equal(officer_count(db, &err), 0);
}

static void test_officer_add_failure_increments(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	insert(db, "ann", ROLE_OFFICER);
	assert_int_equal(officer_add_failure(db, "ann", &err), 1);
	assert_int_equal(officer_add_failure(db, "ann", &err), 2);
	assert_int_equal(officer_add_failure(db, "ann", &err), 3);
	assert_int_equal(get(db, "ann").failed_logins, 3);
	assert_int_equal(get(db, "ann").locked, 0); /* locking is app/'s decision */
}

static void test_officer_unlock_resets_failures(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	insert(db, "ann", ROLE_OFFICER);
	for (int i = 0; i < 4; i++)
		officer_add_failure(db, "ann", &err);
	TU_OK(officer_set_locked(db, "ann", 1, &err), &err);
	struct officer o = get(db, "ann");
	assert_int_equal(o.locked, 1);
	assert_int_equal(o.failed_logins, 4); /* locking keeps the count */

	TU_OK(officer_set_locked(db, "ann", 0, &err), &err);
	o = get(db, "ann");
	assert_int_equal(o.locked, 0);
	assert_int_equal(o.failed_logins, 0);
}

static void test_officer_record_login_resets_failures_and_stamps_time(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	insert(db, "ann", ROLE_OFFICER);
	officer_add_failure(db, "ann", &err);
	officer_add_failure(db, "ann", &err);
	TU_OK(officer_record_login(db, "ann", "2026-05-06T07:08:09.010Z", &err), &err);
	struct officer o = get(db, "ann");
	assert_int_equal(o.failed_logins, 0);
	assert_string_equal(o.last_login_at, "2026-05-06T07:08:09.010Z");
}

static void test_officer_set_password_and_language(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	insert(db, "ann", ROLE_OFFICER);
	TU_OK(officer_set_password(db, "ann", "$scrypt$new", "2026-07-01T00:00:00.000Z", &err),
	      &err);
	TU_OK(officer_set_language(db, "ann", "en", &err), &err);
	struct officer o = get(db, "ann");
	assert_string_equal(o.password_hash, "$scrypt$new");
	assert_string_equal(o.password_changed_at, "2026-07-01T00:00:00.000Z");
	assert_string_equal(o.created_at, "2026-01-02T03:04:05.006Z");
	assert_string_equal(o.language, "en");
}

static void test_officer_updates_of_unknown_user_report_error(void **state)
{
	struct db *db = *state;
	struct error err;
	insert(db, "ann", ROLE_OFFICER);

	error_clear(&err);
	assert_true(officer_set_password(db, "ghost", "h", "2026-01-01", &err) < 0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "ghost");

	error_clear(&err);
	assert_true(officer_set_locked(db, "ghost", 1, &err) < 0);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "ghost");

	error_clear(&err);
	assert_true(officer_set_locked(db, "ghost", 0, &err) < 0);
	TU_CONTAINS(err.msg, "ghost");

	error_clear(&err);
	assert_true(officer_set_language(db, "ghost", "ru", &err) < 0);
	TU_CONTAINS(err.msg, "ghost");

	error_clear(&err);
	assert_true(officer_record_login(db, "ghost", "2026-01-01", &err) < 0);
	TU_CONTAINS(err.msg, "ghost");

	/* nothing happened to the one real account */
	struct officer o = get(db, "ann");
	assert_int_equal(o.locked, 0);
	assert_string_equal(o.language, "ru");
}

/* A negative return must come with a filled error, like every other function here
 * (STYLE.md 6): callers pass err on to the officer. */
static void test_officer_add_failure_of_unknown_user_reports_error(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	int rc = officer_add_failure(db, "ghost", &err);
	assert_true(rc < 0);
	assert_int_not_equal(err.code, ERR_OK);
	TU_CONTAINS(err.msg, "ghost");
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_db, tu_teardown_db)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_officer_insert_then_get_returns_every_field),
		T(test_officer_get_unknown_returns_0),
		T(test_officer_username_is_unique_ignoring_case),
		T(test_officer_list_is_ordered_by_username_and_count_matches),
		T(test_officer_list_grows_past_its_first_allocation),
		cmocka_unit_test(test_officer_role_name_and_parse_roundtrip),
		cmocka_unit_test(test_officer_role_parse_rejects_unknown_roles),
		T(test_officer_insert_with_invalid_role_is_refused),
		T(test_officer_add_failure_increments),
		T(test_officer_unlock_resets_failures),
		T(test_officer_record_login_resets_failures_and_stamps_time),
		T(test_officer_set_password_and_language),
		T(test_officer_updates_of_unknown_user_report_error),
		T(test_officer_add_failure_of_unknown_user_reports_error),
	};
	return cmocka_run_group_tests_name("officer", tests, NULL, NULL);
}
