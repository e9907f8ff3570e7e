/* app/watchlist.c watch_index_entry: the derived match keys of one entry, as a pulled
 * sync bundle rebuilds them (app/sync.c) for the entries it touched. */
#include "testutil.h"

#include "app/watchlist.h"

static struct app app;

static int setup(void **state)
{
	(void)state;
	tu_demo_app(&app);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(&app);
	return 0;
}

static int64_t keys_of(int64_t id)
{
	char sql[160];
	snprintf(sql, sizeof(sql),
		 "SELECT (SELECT count(*) FROM wl_keys WHERE entry_id = %lld) +"
		 " (SELECT count(*) FROM wl_doc_keys WHERE entry_id = %lld)",
		 (long long)id, (long long)id);
	return tu_query_int(app.db, sql);
}

static void test_retired_entry_keeps_no_keys_and_gets_them_back_when_listed_again(void **state)
{
	(void)state;
	int64_t id = tu_query_int(app.db, "SELECT min(entry_id) FROM wl_keys");
	assert_true(id > 0);
	int64_t before = keys_of(id);
	assert_true(before > 0);
	struct error err;
	error_clear(&err);
	/* retired by a bundle: the row changes, then its keys are rebuilt */
	char sql[120];
	snprintf(sql, sizeof(sql),
		 "UPDATE wl_entries SET retired_at = '2026-11-20T00:00:00Z' WHERE id = %lld",
		 (long long)id);
	assert_int_equal(tu_exec(app.db, sql), 0);
	TU_OK(watch_index_entry(&app, id, &err), &err);
	assert_int_equal(keys_of(id), 0);
	snprintf(sql, sizeof(sql), "UPDATE wl_entries SET retired_at = NULL WHERE id = %lld",
		 (long long)id);
	assert_int_equal(tu_exec(app.db, sql), 0);
	TU_OK(watch_index_entry(&app, id, &err), &err);
	assert_int_equal(keys_of(id), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_retired_entry_keeps_no_keys_and_gets_them_back_when_listed_again),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
