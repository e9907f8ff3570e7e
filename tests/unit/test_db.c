/* db/db.c: open, pragmas, migrations, refusals, settings. */
#include "testutil.h"

#include <sys/stat.h>

static struct db *open_new(char *path, size_t len)
{
	struct db *db = NULL;
	struct error err;
	error_clear(&err);
	tu_path(path, len, "test.db");
	TU_OK(db_open(path, DB_OPEN_CREATE, &db, &err), &err);
	assert_non_null(db);
	return db;
}

static char *pragma_text(struct db *db, const char *sql)
{
	static char buf[64];
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static int raw_user_version(const char *path)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void test_db_open_create_uses_wal_full_sync_and_foreign_keys(void **state)
{
	(void)state;
	char path[4096];
	struct db *db = open_new(path, sizeof(path));
	assert_string_equal(pragma_text(db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(tu_query_int(db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(tu_query_int(db, "PRAGMA foreign_keys"), 1);
	assert_string_equal(db_path(db), path);
	db_close(&db);
	assert_null(db);
}

static void test_db_open_migrates_to_latest_schema(void **state)
{
	(void)state;
	char path[4096];
	struct db *db = open_new(path, sizeof(path));
	assert_true(db_schema_latest() >= 2);
	assert_int_equal(db_schema_latest(), db_migrations[db_migration_count - 1].version);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	assert_int_equal(tu_query_int(db, "PRAGMA user_version"), db_schema_latest());
	/* a table from each migration is there */
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = "
					  "'table' AND name IN ('settings', 'officers', 'audit', "
					  "'audit_head', 'wl_sources', 'wl_entries')"),
			 6);
	db_close(&db);
}

static void test_db_migrations_are_numbered_in_order(void **state)
{
	(void)state;
	for (int i = 0; i < db_migration_count; i++) {
		assert_int_equal(db_migrations[i].version, i + 1);
		assert_non_null(db_migrations[i].what);
		/* each must set user_version itself, or migrate() refuses it */
		char want[64];
		snprintf(want, sizeof(want), "PRAGMA user_version = %d;", i + 1);
		TU_CONTAINS(db_migrations[i].sql, want);
	}
}

static void test_db_reopen_existing_file_keeps_data(void **state)
{
	(void)state;
	char path[4096];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	TU_OK(db_setting_set(db, "post", "KHORGOS-1", &err), &err);
	db_close(&db);

	TU_OK(db_open(path, DB_OPEN_EXISTING, &db, &err), &err);
	char buf[64] = "";
	assert_int_equal(db_setting_get(db, "post", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "KHORGOS-1");
	assert_int_equal(db_schema_version(db), db_schema_latest());
	assert_string_equal(pragma_text(db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(tu_query_int(db, "PRAGMA foreign_keys"), 1);
	db_close(&db);
}

static void test_db_open_create_refuses_existing_file(void **state)
{
	(void)state;
	char path[4096];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	TU_OK(db_setting_set(db, "post", "KEEP-ME", &err), &err);
	db_close(&db);

	struct db *again = (struct db *)&err; /* must be reset to NULL */
	int rc = db_open(path, DB_OPEN_CREATE, &again, &err);
	assert_true(rc < 0);
	assert_null(again);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "already exists");

	/* the refusal must not have removed or emptied the file */
	TU_OK(db_open(path, DB_OPEN_EXISTING, &db, &err), &err);
	char buf[32] = "";
	assert_int_equal(db_setting_get(db, "post", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "KEEP-ME");
	db_close(&db);
}

static void test_db_open_existing_refuses_missing_file_naming_init(void **state)
{
	(void)state;
	char path[4096];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "missing.db");
	struct db *db = NULL;
	int rc = db_open(path, DB_OPEN_EXISTING, &db, &err);
	assert_true(rc < 0);
	assert_null(db);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "shekara init");
	assert_false(tu_exists(path));
}

static void set_raw_user_version(const char *path, int version)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void expect_newer_schema_refused(const char *path, int future)
{
	struct error err;
	error_clear(&err);
	size_t before_len = 0, after_len = 0;
	char *before = tu_read_file(path, &before_len);
	assert_non_null(before);

	struct db *db = NULL;
	int rc = db_open(path, DB_OPEN_EXISTING, &db, &err);
	assert_true(rc < 0);
	assert_null(db);
	assert_int_not_equal(err.code, ERR_OK);
	TU_CONTAINS(err.msg, path);
	char num[32];
	snprintf(num, sizeof(num), "%d", future);
	TU_CONTAINS(err.msg, num);
	TU_CONTAINS(err.msg, "newer version");

	assert_int_equal(raw_user_version(path), future);
	char *after = tu_read_file(path, &after_len);
	size_t first_diff = 0;
	while (after && first_diff < before_len && first_diff < after_len &&
	       before[first_diff] == after[first_diff])
		first_diff++;
	int same = after && after_len == before_len && first_diff == before_len;
	free(before);
	free(after);
	if (!same)
		fail_msg("the refused file was changed (%zu bytes, now %zu; first difference at "
			 "byte %zu)",
			 before_len, after_len, first_diff);
}

/* What a newer shekara would leave: a WAL database at a higher version. */
static void test_db_open_refuses_newer_schema_and_leaves_file_unchanged(void **state)
{
	(void)state;
	char path[4096];
	struct db *db = open_new(path, sizeof(path));
	db_close(&db);
	int future = db_schema_latest() + 7;
	set_raw_user_version(path, future);
	expect_newer_schema_refused(path, future);
}

/* Any SQLite file at a higher version, e.g. one copied out in rollback-journal mode: an
 * older program must not write to it at all, not even to change its journal mode. */
static void test_db_open_refuses_newer_plain_sqlite_file_without_writing_to_it(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "future.db");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE future(x); PRAGMA user_version = 99;", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_true(99 > db_schema_latest());
	expect_newer_schema_refused(path, 99);
}

static void test_db_open_non_database_file_fails_without_crash(void **state)
{
	(void)state;
	char path[4096];
	struct error err;
	error_clear(&err);
	tu_path(path, sizeof(path), "noise.db");
	unsigned char noise[8192];
	uint32_t x = 2463534242u; /* xorshift: the same "random" bytes every run */
	for (size_t i = 0; i < sizeof(noise); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (unsigned char)x;
	}
	tu_write_file(path, noise, sizeof(noise));

	struct db *db = NULL;
	int rc = db_open(path, DB_OPEN_EXISTING, &db, &err);
	assert_true(rc < 0);
	assert_null(db);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, path);

	/* it is someone's file: left as it was */
	size_t len = 0;
	char *after = tu_read_file(path, &len);
	assert_non_null(after);
	assert_int_equal(len, sizeof(noise));
	assert_memory_equal(after, noise, sizeof(noise));
	free(after);
}

static void test_db_new_file_mode_is_0600_whatever_the_umask(void **state)
{
	(void)state;
	mode_t old = umask(022);
	char path[4096];
	struct db *db = open_new(path, sizeof(path));
	umask(old);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	db_close(&db);
}

static void test_db_open_create_in_missing_directory_fails_and_creates_nothing(void **state)
{
	(void)state;
	char dir[4096], path[4200];
	struct error err;
	error_clear(&err);
	tu_path(dir, sizeof(dir), "nodir");
	snprintf(path, sizeof(path), "%s/x.db", dir);
	struct db *db = NULL;
	assert_true(db_open(path, DB_OPEN_CREATE, &db, &err) < 0);
	assert_null(db);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, path);
	assert_false(tu_exists(dir));
}

static void test_db_settings_roundtrip_and_missing_key_returns_0(void **state)
{
	(void)state;
	char path[4096], buf[64];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));

	snprintf(buf, sizeof(buf), "untouched");
	assert_int_equal(db_setting_get(db, "nope", buf, sizeof(buf), &err), 0);
	assert_int_equal(err.code, ERR_OK);

	TU_OK(db_setting_set(db, "workstation", "WS 03", &err), &err);
	assert_int_equal(db_setting_get(db, "workstation", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "WS 03");

	/* set again: replaced, not duplicated */
	TU_OK(db_setting_set(db, "workstation", "ЖҰМЫС-04", &err), &err);
	assert_int_equal(db_setting_get(db, "workstation", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "ЖҰМЫС-04");
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM settings WHERE key = "
					  "'workstation'"),
			 1);

	/* empty value is a value, not a missing key */
	TU_OK(db_setting_set(db, "empty", "", &err), &err);
	assert_int_equal(db_setting_get(db, "empty", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "");
	db_close(&db);
}

static void test_db_setting_get_truncates_to_the_buffer(void **state)
{
	(void)state;
	char path[4096], buf[8];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	TU_OK(db_setting_set(db, "long", "0123456789abcdef", &err), &err);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(db_setting_get(db, "long", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "0123456");
	db_close(&db);
}

static void test_db_settings_survive_reopen(void **state)
{
	(void)state;
	char path[4096], buf[64];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	TU_OK(db_setting_set(db, "demo", "1", &err), &err);
	db_close(&db);
	TU_OK(db_open(path, DB_OPEN_EXISTING, &db, &err), &err);
	assert_int_equal(db_setting_get(db, "demo", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "1");
	db_close(&db);
}

static void test_db_rollback_discards_and_commit_keeps(void **state)
{
	(void)state;
	char path[4096], buf[64];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	assert_false(db_in_transaction(db));

	TU_OK(db_begin(db, &err), &err);
	assert_true(db_in_transaction(db));
	TU_OK(db_setting_set(db, "k", "rolled back", &err), &err);
	db_rollback(db);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_setting_get(db, "k", buf, sizeof(buf), &err), 0);

	TU_OK(db_begin(db, &err), &err);
	TU_OK(db_setting_set(db, "k", "kept", &err), &err);
	TU_OK(db_commit(db, &err), &err);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_setting_get(db, "k", buf, sizeof(buf), &err), 1);
	assert_string_equal(buf, "kept");

	/* rollback outside a transaction is harmless */
	db_rollback(db);
	assert_int_equal(db_setting_get(db, "k", buf, sizeof(buf), &err), 1);
	db_close(&db);
}

static void test_db_begin_twice_fails_with_message(void **state)
{
	(void)state;
	char path[4096];
	struct error err;
	error_clear(&err);
	struct db *db = open_new(path, sizeof(path));
	TU_OK(db_begin(db, &err), &err);
	assert_true(db_begin(db, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	assert_true(err.msg[0] != '\0');
	db_rollback(db);
	db_close(&db);
}

static void test_db_foreign_keys_are_enforced(void **state)
{
	(void)state;
	char path[4096];
	struct db *db = open_new(path, sizeof(path));
	/* no source 999: the REFERENCES clause must refuse it */
	assert_int_not_equal(tu_exec(db, "INSERT INTO wl_entries(source_id, ref, subject, "
					 "category, action) VALUES (999, 'r', 'person', "
					 "'wanted', 'refer')"),
			     SQLITE_OK);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 0);
	db_close(&db);
}

static void test_db_close_null_is_harmless(void **state)
{
	(void)state;
	struct db *db = NULL;
	db_close(&db);
	db_close(NULL);
	assert_null(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_open_create_uses_wal_full_sync_and_foreign_keys),
		cmocka_unit_test(test_db_open_migrates_to_latest_schema),
		cmocka_unit_test(test_db_migrations_are_numbered_in_order),
		cmocka_unit_test(test_db_reopen_existing_file_keeps_data),
		cmocka_unit_test(test_db_open_create_refuses_existing_file),
		cmocka_unit_test(test_db_open_existing_refuses_missing_file_naming_init),
		cmocka_unit_test(test_db_open_refuses_newer_schema_and_leaves_file_unchanged),
		cmocka_unit_test(
			test_db_open_refuses_newer_plain_sqlite_file_without_writing_to_it),
		cmocka_unit_test(test_db_open_non_database_file_fails_without_crash),
		cmocka_unit_test(test_db_new_file_mode_is_0600_whatever_the_umask),
		cmocka_unit_test(
			test_db_open_create_in_missing_directory_fails_and_creates_nothing),
		cmocka_unit_test(test_db_settings_roundtrip_and_missing_key_returns_0),
		cmocka_unit_test(test_db_setting_get_truncates_to_the_buffer),
		cmocka_unit_test(test_db_settings_survive_reopen),
		cmocka_unit_test(test_db_rollback_discards_and_commit_keeps),
		cmocka_unit_test(test_db_begin_twice_fails_with_message),
		cmocka_unit_test(test_db_foreign_keys_are_enforced),
		cmocka_unit_test(test_db_close_null_is_harmless),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
