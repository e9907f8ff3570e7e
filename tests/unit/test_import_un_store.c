/* app/import_un.c: import_un_sc into the store: added, updated, retired, refused, audited. */
#include "un_testutil.h"

/* --- importing into the store -------------------------------------------------------- */

static int64_t active_entries(struct app *app)
{
	return tu_query_int(app->db, "SELECT count(*) FROM wl_entries e JOIN wl_sources s ON "
				     "s.id = e.source_id WHERE s.code = 'UN-SC' AND "
				     "e.retired_at IS NULL");
}

/* Rows of one child table that belong to UN-SC entries; the demo database holds other
 * lists too. */
#define UN_ROWS(table)                                                                             \
	"SELECT count(*) FROM " table " t JOIN wl_entries e ON e.id = t.entry_id JOIN "            \
	"wl_sources s ON s.id = e.source_id WHERE s.code = 'UN-SC'"

/* Every row of every watchlist table, so that "untouched" can be checked exactly. */
static int64_t all_rows(struct app *app)
{
	return tu_query_int(app->db,
			    "SELECT (SELECT count(*) FROM wl_sources) + (SELECT count(*) FROM "
			    "wl_entries) + (SELECT count(*) FROM wl_names) + (SELECT count(*) "
			    "FROM wl_birth_dates) + (SELECT count(*) FROM wl_nationalities) + "
			    "(SELECT count(*) FROM wl_documents) + (SELECT count(*) FROM wl_keys) "
			    "+ (SELECT count(*) FROM wl_doc_keys) + (SELECT count(*) FROM "
			    "wl_entries WHERE retired_at IS NOT NULL) + (SELECT total(n) FROM "
			    "wl_token_freq)");
}

static long progress_calls, progress_last;

static void on_progress(long entries, void *ctx)
{
	(void)ctx;
	progress_calls++;
	progress_last = entries;
}

static int import_fixture(struct app *app, const struct session *s, const char *name,
			  struct import_result *res, struct error *err)
{
	char path[512];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	error_clear(err);
	return import_un_sc(app, s, path, on_progress, NULL, res, err);
}

static void test_import_un_sc_stores_the_entries_and_audits(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	progress_calls = 0;
	TU_OK(import_fixture(app, &s, "good.xml", &res, &err), &err);
	assert_int_equal(res.added, 3);
	assert_int_equal(res.updated + res.unchanged + res.retired, 0);
	assert_int_equal(active_entries(app), 3);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM wl_names n JOIN wl_entries e "
					       "ON e.id = n.entry_id WHERE e.ref = 'QDi.901'"),
			 10);
	assert_int_equal(tu_query_int(app->db,
				      "SELECT count(*) FROM wl_sources WHERE code = "
				      "'UN-SC' AND version = '2020-11-30T20:31:19.923-05:00' "
				      "AND updated_at = '2020-12-01T01:31:19.923Z'"),
			 1);
	assert_int_equal(tu_count_audit(app->db, "watchlist.import", "ok"), 1);
	assert_true(progress_calls >= 1); /* at the end, whatever the count */
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_same_file_twice_changes_nothing(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	assert_int_equal(res.added, 3);
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.unchanged, 3);
	assert_int_equal(res.retired, 0);
	assert_int_equal(active_entries(app), 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_new_version_retires_the_delisted_and_updates_the_changed(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	TU_OK(import_fixture(app, &s, "v2.xml", &res, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 1);   /* TAi.952: one more alias */
	assert_int_equal(res.unchanged, 1); /* QDi.950 */
	assert_int_equal(res.retired, 1);   /* LYi.951 */
	assert_int_equal(active_entries(app), 2);
	assert_int_equal(tu_query_int(app->db, "SELECT retired_at IS NOT NULL FROM wl_entries "
					       "WHERE ref = 'LYi.951'"),
			 1);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM wl_names n JOIN wl_entries e "
					       "ON e.id = n.entry_id WHERE e.ref = 'TAi.952'"),
			 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_malformed_file_leaves_the_store_as_it_was(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	int64_t before = all_rows(app);
	int audits = tu_count_audit(app->db, "watchlist.import", NULL);
	/* no-name.xml fails after its first entry was written inside the transaction */
	const char *bad[] = { "truncated.xml", "no-name.xml", "wrong-root.xml", "xxe.xml",
			      "not-xml.xml" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = import_fixture(app, &s, bad[i], &res, &err);
		if (rc >= 0)
			fail_msg("'%s' was imported", bad[i]);
		TU_CONTAINS(err.msg, bad[i]);
		assert_int_equal(all_rows(app), before);
		assert_int_equal(res.added + res.updated + res.unchanged + res.retired, 0);
	}
	assert_int_equal(active_entries(app), 3);
	assert_int_equal(tu_count_audit(app->db, "watchlist.import", NULL), audits);
	/* and the store still takes a good import afterwards */
	TU_OK(import_fixture(app, &s, "v2.xml", &res, &err), &err);
	assert_int_equal(res.retired, 1);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_list_without_individuals_retires_nothing(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	char path[4096];
	tu_path(path, sizeof(path), "empty-list.xml");
	static const char xml[] = "<CONSOLIDATED_LIST dateGenerated=\"2021-01-01T00:00:00Z\">"
				  "<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>";
	tu_write_file(path, xml, sizeof(xml) - 1);
	assert_int_equal(import_un_sc(app, &s, path, NULL, NULL, &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "no individuals");
	assert_int_equal(active_entries(app), 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_is_refused_to_an_officer(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "officer", &s);
	struct import_result res = { 1, 1, 1, 1 };
	struct error err;
	int64_t before = all_rows(app);
	assert_int_equal(import_fixture(app, &s, "v1.xml", &res, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(all_rows(app), before);
	assert_int_equal(res.added + res.updated + res.unchanged + res.retired, 0);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_real_list_twice(void **state)
{
	struct app *app = *state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	free(buf);
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	error_clear(&err);
	progress_calls = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TU_OK(import_un_sc(app, &s, path, on_progress, NULL, &res, &err), &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("[  INFO    ] imported the real UN list into SQLite in %.1f ms\n",
		      (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	assert_int_equal(res.added, 713);
	assert_int_equal(active_entries(app), 713);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_names")), 713 + 366 + 2157);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_birth_dates")), 445 + 253 + 120 + 32);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_documents")), 428);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_nationalities")), 649);
	assert_int_equal(progress_last, 713);
	TU_OK(import_un_sc(app, &s, path, NULL, NULL, &res, &err), &err);
	assert_int_equal(res.unchanged, 713);
	assert_int_equal(res.added + res.updated + res.retired, 0);
	session_logout(app, &s, "logout");
}

#define S(f) cmocka_unit_test_setup_teardown(f, tu_setup_app, tu_teardown_app)

int main(void)
{
	const struct CMUnitTest tests[] = {
		S(test_import_un_sc_stores_the_entries_and_audits),
		S(test_import_un_sc_same_file_twice_changes_nothing),
		S(test_import_un_sc_new_version_retires_the_delisted_and_updates_the_changed),
		S(test_import_un_sc_malformed_file_leaves_the_store_as_it_was),
		S(test_import_un_sc_list_without_individuals_retires_nothing),
		S(test_import_un_sc_is_refused_to_an_officer),
		S(test_import_un_sc_real_list_twice),
	};
	return cmocka_run_group_tests_name("import_un_store", tests, NULL, NULL);
}
