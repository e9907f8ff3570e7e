/* db/watchlist.c: watchlist sources and entries. */
#include "testutil.h"

#include "db/watchlist.h"

static struct wl_source source(const char *code, const char *version, const char *updated)
{
	struct wl_source s = { 0 };
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.kind, sizeof(s.kind), "national");
	snprintf(s.name, sizeof(s.name), "List %s", code);
	snprintf(s.authority, sizeof(s.authority), "Authority");
	snprintf(s.version, sizeof(s.version), "%s", version);
	snprintf(s.updated_at, sizeof(s.updated_at), "%s", updated);
	return s;
}

static int64_t put_source(struct db *db, const char *code, const char *updated)
{
	struct error err;
	error_clear(&err);
	struct wl_source s = source(code, "v1", updated);
	TU_OK(wl_source_put(db, &s, &err), &err);
	assert_true(s.id > 0);
	return s.id;
}

static const struct wl_name names[] = { { "primary", "good", "KHALIMOV Gulmurod" },
					{ "original_script", NULL, "ХАЛИМОВ Гулмурод" },
					{ "alias", "low", "HALIMOV Gulom" } };
static const struct wl_birth_date dobs[] = { { "exact", "1975-05-14", 0, 0 },
					     { "range", NULL, 1974, 1976 } };
static const char *const nats[] = { "TJK", "RUS", "TJK" };
static const struct wl_document docs[] = { { "401234567", "TJK", "P" }, { "X1", NULL, NULL } };

static struct wl_entry full_entry(const char *ref)
{
	struct wl_entry e = { .ref = ref,
			      .subject = "person",
			      .category = "terrorism",
			      .action = "deny_entry",
			      .listed_on = "2015-09-29",
			      .sex = "M",
			      .remarks = "test",
			      .names = names,
			      .n_names = 3,
			      .dobs = dobs,
			      .n_dobs = 2,
			      .nationalities = nats,
			      .n_nationalities = 3,
			      .documents = docs,
			      .n_documents = 2 };
	return e;
}

static int64_t add_entry(struct db *db, int64_t src, const char *ref)
{
	struct error err;
	error_clear(&err);
	struct wl_entry e = full_entry(ref);
	int64_t id = 0;
	TU_OK(db_begin(db, &err), &err);
	TU_OK(wl_entry_add(db, src, &e, &id, &err), &err);
	TU_OK(db_commit(db, &err), &err);
	assert_true(id > 0);
	return id;
}

static int64_t count_where(struct db *db, const char *table, int64_t entry)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE entry_id = %lld", table,
		 (long long)entry);
	return tu_query_int(db, sql);
}

static void test_wl_source_put_twice_updates_and_keeps_id(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct wl_source s = source("KZ-NAT", "2026-01", "2026-01-10T00:00:00.000Z");
	TU_OK(wl_source_put(db, &s, &err), &err);
	int64_t first = s.id;
	assert_true(first > 0);
	int64_t entry = add_entry(db, first, "E-1");

	struct wl_source again = source("KZ-NAT", "2026-02", "2026-02-10T00:00:00.000Z");
	snprintf(again.name, sizeof(again.name), "Renamed list");
	TU_OK(wl_source_put(db, &again, &err), &err);
	assert_int_equal(again.id, first);

	struct wl_source *list;
	size_t n;
	TU_OK(wl_source_list(db, 1, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, first);
	assert_string_equal(list[0].version, "2026-02");
	assert_string_equal(list[0].name, "Renamed list");
	assert_string_equal(list[0].updated_at, "2026-02-10T00:00:00.000Z");
	/* an upsert is not a delete and re-insert: the entries survive */
	assert_int_equal(list[0].entries, 1);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 1);
	assert_int_equal(count_where(db, "wl_names", entry), 3);
	free(list);
}

static void test_wl_source_put_rejects_unknown_kind(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct wl_source s = source("X", "v", "2026-01-01T00:00:00.000Z");
	snprintf(s.kind, sizeof(s.kind), "rumour");
	assert_true(wl_source_put(db, &s, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_sources"), 0);
}

static void test_wl_entry_add_stores_names_dobs_nationalities_documents(void **state)
{
	struct db *db = *state;
	int64_t src = put_source(db, "KZ-NAT", "2026-01-10T00:00:00.000Z");
	int64_t id = add_entry(db, src, "QDi.372");

	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 1);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM wl_entries WHERE id = %lld AND source_id = %lld AND "
		 "ref = 'QDi.372' AND subject = 'person' AND category = 'terrorism' AND "
		 "action = 'deny_entry' AND listed_on = '2015-09-29' AND sex = 'M'",
		 (long long)id, (long long)src);
	assert_int_equal(tu_query_int(db, sql), 1);

	assert_int_equal(count_where(db, "wl_names", id), 3);
	/* a name without a quality is "good" */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM wl_names WHERE entry_id = %lld AND kind = "
		 "'original_script' AND quality = 'good' AND full_name = 'ХАЛИМОВ Гулмурод'",
		 (long long)id);
	assert_int_equal(tu_query_int(db, sql), 1);

	assert_int_equal(count_where(db, "wl_birth_dates", id), 2);
	/* a range keeps its years and no date; an exact date stores no years */
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_birth_dates WHERE precision "
					  "= 'range' AND date IS NULL AND year_from = 1974 AND "
					  "year_to = 1976"),
			 1);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_birth_dates WHERE precision "
					  "= 'exact' AND date = '1975-05-14' AND year_from IS "
					  "NULL AND year_to IS NULL"),
			 1);

	/* TJK listed twice is stored once */
	assert_int_equal(count_where(db, "wl_nationalities", id), 2);
	assert_int_equal(count_where(db, "wl_documents", id), 2);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_documents WHERE number = "
					  "'X1' AND issuing_state IS NULL"),
			 1);
}

static void test_wl_entry_add_without_optional_parts(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	int64_t src = put_source(db, "SLTD", "2026-01-10T00:00:00.000Z");
	struct wl_entry e = {
		.ref = "D-1", .subject = "document", .category = "lost_stolen", .action = "refer"
	};
	int64_t id = 0;
	TU_OK(db_begin(db, &err), &err);
	TU_OK(wl_entry_add(db, src, &e, &id, &err), &err);
	TU_OK(db_commit(db, &err), &err);
	assert_true(id > 0);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries WHERE remarks = '' "
					  "AND sex IS NULL AND listed_on IS NULL"),
			 1);
	assert_int_equal(count_where(db, "wl_names", id), 0);
}

static void test_wl_entry_add_refuses_duplicate_ref_in_same_source(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	int64_t a = put_source(db, "A", "2026-01-10T00:00:00.000Z");
	int64_t b = put_source(db, "B", "2026-01-10T00:00:00.000Z");
	add_entry(db, a, "SAME");
	add_entry(db, b, "SAME"); /* another source may use the same ref */
	struct wl_entry e = full_entry("SAME");
	TU_OK(db_begin(db, &err), &err);
	assert_true(wl_entry_add(db, a, &e, NULL, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	db_rollback(db);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 2);
}

static void test_wl_entry_add_refuses_unknown_source(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct wl_entry e = full_entry("E");
	TU_OK(db_begin(db, &err), &err);
	assert_true(wl_entry_add(db, 4242, &e, NULL, &err) < 0);
	db_rollback(db);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 0);
}

/* A bad part half-way leaves an entry half-inserted; the caller's rollback must take
 * every row of it away. */
static void test_wl_entry_add_failure_rolls_back_whole_entry(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	int64_t src = put_source(db, "A", "2026-01-10T00:00:00.000Z");
	static const struct wl_name bad[] = { { "primary", "good", "OK NAME" },
					      { "nickname", "good", "BAD KIND" } };
	struct wl_entry e = full_entry("E");
	e.names = bad;
	e.n_names = 2;
	TU_OK(db_begin(db, &err), &err);
	assert_true(wl_entry_add(db, src, &e, NULL, &err) < 0);
	assert_int_equal(err.code, ERR_IO);
	db_rollback(db);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 0);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_names"), 0);
}

static void test_wl_source_list_counts_entries_oldest_first(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	int64_t newer = put_source(db, "NEWER", "2026-03-01T00:00:00.000Z");
	int64_t older = put_source(db, "OLDER", "2025-12-01T00:00:00.000Z");
	put_source(db, "EMPTY", "2026-02-01T00:00:00.000Z");
	add_entry(db, newer, "N1");
	add_entry(db, newer, "N2");
	add_entry(db, newer, "N3");
	add_entry(db, older, "O1");

	struct wl_source *list;
	size_t n;
	TU_OK(wl_source_list(db, 1, &list, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].code, "OLDER");
	assert_int_equal(list[0].entries, 1);
	assert_string_equal(list[1].code, "EMPTY");
	assert_int_equal(list[1].entries, 0);
	assert_string_equal(list[2].code, "NEWER");
	assert_int_equal(list[2].entries, 3);
	assert_string_equal(list[2].kind, "national");
	assert_string_equal(list[2].authority, "Authority");
	free(list);
}

static void test_wl_source_list_empty(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct wl_source *list = (struct wl_source *)1;
	size_t n = 5;
	TU_OK(wl_source_list(db, 1, &list, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_null(list);
}

static void test_wl_deleting_source_cascades_to_all_entry_rows(void **state)
{
	struct db *db = *state;
	int64_t gone = put_source(db, "GONE", "2026-01-10T00:00:00.000Z");
	int64_t kept = put_source(db, "KEPT", "2026-01-10T00:00:00.000Z");
	add_entry(db, gone, "G1");
	add_entry(db, gone, "G2");
	int64_t k = add_entry(db, kept, "K1");

	char sql[96];
	snprintf(sql, sizeof(sql), "DELETE FROM wl_sources WHERE id = %lld", (long long)gone);
	assert_int_equal(tu_exec(db, sql), SQLITE_OK);

	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM wl_entries"), 1);
	static const char *const tables[] = { "wl_names", "wl_birth_dates", "wl_nationalities",
					      "wl_documents" };
	for (size_t i = 0; i < 4; i++) {
		char q[128];
		snprintf(q, sizeof(q), "SELECT count(*) FROM %s WHERE entry_id <> %lld", tables[i],
			 (long long)k);
		if (tu_query_int(db, q) != 0)
			fail_msg("%s still has rows of the deleted source", tables[i]);
	}
	assert_int_equal(count_where(db, "wl_names", k), 3);
	assert_int_equal(count_where(db, "wl_documents", k), 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_db, tu_teardown_db)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_wl_source_put_twice_updates_and_keeps_id),
		T(test_wl_source_put_rejects_unknown_kind),
		T(test_wl_entry_add_stores_names_dobs_nationalities_documents),
		T(test_wl_entry_add_without_optional_parts),
		T(test_wl_entry_add_refuses_duplicate_ref_in_same_source),
		T(test_wl_entry_add_refuses_unknown_source),
		T(test_wl_entry_add_failure_rolls_back_whole_entry),
		T(test_wl_source_list_counts_entries_oldest_first),
		T(test_wl_source_list_empty),
		T(test_wl_deleting_source_cascades_to_all_entry_rows),
	};
	return cmocka_run_group_tests_name("watchlist", tests, NULL, NULL);
}
