/* app/import_csv.c: import_national_csv and import_sltd against a demo database. */
#include "csv_testutil.h"

/* --- importing into a database ------------------------------------------------------- */

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

/* Everything an import may touch, to compare before and after. */
struct counts {
	int64_t sources, entries, active, names, dobs, nats, docs, keys, doc_keys, audit;
	char version[64];
};

static void count(struct db *db, const char *code, struct counts *c)
{
	memset(c, 0, sizeof(*c));
	c->sources = tu_query_int(db, "SELECT count(*) FROM wl_sources");
	c->entries = tu_query_int(db, "SELECT count(*) FROM wl_entries");
	c->active = tu_query_int(db, "SELECT count(*) FROM wl_entries WHERE retired_at IS NULL");
	c->names = tu_query_int(db, "SELECT count(*) FROM wl_names");
	c->dobs = tu_query_int(db, "SELECT count(*) FROM wl_birth_dates");
	c->nats = tu_query_int(db, "SELECT count(*) FROM wl_nationalities");
	c->docs = tu_query_int(db, "SELECT count(*) FROM wl_documents");
	c->keys = tu_query_int(db, "SELECT count(*) FROM wl_keys");
	c->doc_keys = tu_query_int(db, "SELECT count(*) FROM wl_doc_keys");
	c->audit = tu_query_int(db, "SELECT count(*) FROM audit");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT version FROM wl_sources WHERE code = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(db->h));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(c->version, sizeof(c->version), "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void assert_counts_equal(const struct counts *a, const struct counts *b)
{
	assert_int_equal(a->sources, b->sources);
	assert_int_equal(a->entries, b->entries);
	assert_int_equal(a->active, b->active);
	assert_int_equal(a->names, b->names);
	assert_int_equal(a->dobs, b->dobs);
	assert_int_equal(a->nats, b->nats);
	assert_int_equal(a->docs, b->docs);
	assert_int_equal(a->keys, b->keys);
	assert_int_equal(a->doc_keys, b->doc_keys);
	assert_string_equal(a->version, b->version);
}

static int64_t active_in(struct db *db, const char *code)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM wl_entries e JOIN wl_sources s ON s.id = e.source_id "
		 "WHERE s.code = '%s' AND e.retired_at IS NULL",
		 code);
	return tu_query_int(db, sql);
}

static int64_t entry_int(struct db *db, const char *ref, const char *column)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM wl_entries WHERE ref = '%s'", column, ref);
	return tu_query_int(db, sql);
}

static int import_nat(struct fixture *f, const char *path, struct import_result *res,
		      struct error *err)
{
	error_clear(err);
	return import_national_csv(&f->app, &f->admin, path, "TEST-NAT", NULL, NULL, res, err);
}

static void assert_result(const struct import_result *r, long added, long updated, long unchanged,
			  long retired)
{
	assert_int_equal(r->added, added);
	assert_int_equal(r->updated, updated);
	assert_int_equal(r->unchanged, unchanged);
	assert_int_equal(r->retired, retired);
}

static void test_import_national_stores_entries_names_and_keys(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	count(f->app.db, "TEST-NAT", &before);
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	assert_result(&res, 5, 0, 0, 0);
	count(f->app.db, "TEST-NAT", &after);
	assert_int_equal(after.sources, before.sources + 1);
	assert_int_equal(active_in(f->app.db, "TEST-NAT"), 5);
	/* 4 + 4 + 1 + 0 + 3 names, 1 + 3 + 1 + 0 + 1 dates, 1 + 3 + 0 + 1 + 1 documents */
	assert_int_equal(after.names - before.names, 12);
	assert_int_equal(after.dobs - before.dobs, 6);
	assert_int_equal(after.docs - before.docs, 6);
	assert_true(after.keys > before.keys);
	assert_true(after.doc_keys - before.doc_keys >= 6);
	assert_string_equal(after.version, "1");
	assert_int_equal(tu_count_audit(f->app.db, "watchlist.import", "ok"), 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_sources WHERE code = "
						 "'TEST-NAT' AND name = 'Test national list' AND "
						 "authority = 'Test Border Service' AND kind = "
						 "'national'"),
			 1);
}

static void test_import_national_same_file_again_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts first, second;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &first);
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	assert_result(&res, 0, 0, 5, 0);
	count(f->app.db, "TEST-NAT", &second);
	assert_counts_equal(&first, &second);
	/* the same entries saved with a BOM and CRLF are the same entries */
	TU_OK(import_nat(f, FIXTURES "national_v1_bom_crlf.csv", &res, &err), &err);
	assert_result(&res, 0, 0, 5, 0);
}

static void test_import_national_new_version_updates_adds_and_retires(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	int64_t t1 = entry_int(f->app.db, "T-1", "id");
	TU_OK(import_nat(f, FIXTURES "national_v2.csv", &res, &err), &err);
	/* T-1 changed, T-6 is new, T-3 is gone; T-5 differs only in spaces */
	assert_result(&res, 1, 1, 3, 1);
	assert_int_equal(active_in(f->app.db, "TEST-NAT"), 5);
	assert_int_equal(entry_int(f->app.db, "T-1", "id"), t1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-1' AND action = 'arrest' AND remarks = "
						 "'warrant issued'"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-3' AND retired_at IS NOT NULL"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_keys k JOIN wl_entries "
						 "e ON e.id = k.entry_id WHERE e.ref = 'T-3'"),
			 0);
	struct counts c;
	count(f->app.db, "TEST-NAT", &c);
	assert_string_equal(c.version, "2");
}

static void test_import_national_malformed_file_leaves_store_as_before(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &before);
	/* the bad row comes after a changed row, a new one and a dropped one */
	assert_int_equal(import_nat(f, FIXTURES "national_bad_dob.csv", &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "line 9, column 'dob': '1975-13-01' is not a date");
	assert_result(&res, 0, 0, 0, 0);
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
	assert_int_equal(after.audit, before.audit);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-1' AND action = 'deny_entry'"),
			 1);
	assert_int_equal(db_in_transaction(f->app.db), 0);
	/* and the next good import works */
	TU_OK(import_nat(f, FIXTURES "national_v2.csv", &res, &err), &err);
	assert_result(&res, 1, 1, 3, 1);
}

static void test_import_national_changed_file_with_same_version_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	char path[4096];
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &before);
	/* version 1 with T-3 dropped: it could never be retired */
	static const char text[] =
		"#version: 1\n" HEADER
		"T-1,person,terrorism,deny_entry,KHALIMOV Gulmurod,HALIMOV Gulom|KHALIMOV "
		"G.,good|low,ХАЛИМОВ Гулмурод,1975-05-14,TJK,M,401234567:TJK:P,2015-09-29,plain "
		"remark\n";
	tu_path(path, sizeof(path), "same-version.csv");
	tu_write_file(path, text, strlen(text));
	assert_int_equal(import_nat(f, path, &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "version '1' of 'TEST-NAT' is already imported and this file "
			     "differs from it");
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
}

static void test_import_national_officer_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct session officer;
	struct counts before, after;
	tu_login(&f->app, "officer", &officer);
	count(f->app.db, "TEST-NAT", &before);
	error_clear(&err);
	assert_int_equal(import_national_csv(&f->app, &officer, FIXTURES "national_v1.csv",
					     "TEST-NAT", NULL, NULL, &res, &err),
			 -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(
		import_sltd(&f->app, &officer, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
		-ERR_DENIED);
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
}

static void test_import_national_refuses_code_of_another_kind_of_list(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	/* the demo database has a lost/stolen list DEMO-SLTD */
	error_clear(&err);
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "national_v1.csv",
					     "DEMO-SLTD", NULL, NULL, &res, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "source 'DEMO-SLTD' is a 'lost_stolen' list, not a 'national' one");
	assert_int_equal(active_in(f->app.db, "DEMO-SLTD") > 0, 1);
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "national_v1.csv",
					     "bad code", NULL, NULL, &res, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "'bad code' is not a source code");
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "missing.csv", "TEST-NAT",
					     NULL, NULL, &res, &err),
			 -ERR_IO);
	TU_CONTAINS(err.msg, "missing.csv");
}

static void test_import_sltd_stores_and_updates(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	error_clear(&err);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
	      &err);
	assert_result(&res, 4, 0, 0, 0);
	assert_int_equal(active_in(f->app.db, "SLTD"), 4);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_doc_keys WHERE number = "
						 "'AA1234568'"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_sources WHERE code = "
						 "'SLTD' AND kind = 'lost_stolen' AND name = 'Lost "
						 "and stolen travel documents'"),
			 1);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
	      &err);
	assert_result(&res, 0, 0, 4, 0);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v2.csv", NULL, NULL, &res, &err),
	      &err);
	/* AA 123-4568 now stolen, KZ0000001 new, N0123457 gone */
	assert_result(&res, 1, 1, 2, 1);
	assert_int_equal(active_in(f->app.db, "SLTD"), 4);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'UZB:AA1234568' AND remarks = 'stolen, reported "
						 "2026-01-20'"),
			 1);
}

static void progress(long entries, void *ctx)
{
	long *calls = ctx; /* calls[0] counts, calls[1..7] keep the values */
	if (calls[0] < 7)
		calls[++calls[0]] = entries;
}

static void test_import_sltd_reports_progress_every_1000_entries(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	size_t cap = 2500 * 40 + 200, o = 0;
	char *text = malloc(cap), path[4096];
	assert_non_null(text);
	o += (size_t)snprintf(text, cap, SLTD_HEADER);
	for (int i = 0; i < 2500; i++)
		o += (size_t)snprintf(text + o, cap - o, "K%07d,KAZ,P,lost,2026-01-01\n", i);
	tu_path(path, sizeof(path), "sltd-2500.csv");
	tu_write_file(path, text, o);
	free(text);
	long calls[8] = { 0 };
	error_clear(&err);
	TU_OK(import_sltd(&f->app, &f->admin, path, progress, calls, &res, &err), &err);
	assert_result(&res, 2500, 0, 0, 0);
	assert_int_equal(calls[0], 3);
	assert_int_equal(calls[1], 1000);
	assert_int_equal(calls[2], 2000);
	assert_int_equal(calls[3], 2500);
}

#define D(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		D(test_import_national_stores_entries_names_and_keys),
		D(test_import_national_same_file_again_changes_nothing),
		D(test_import_national_new_version_updates_adds_and_retires),
		D(test_import_national_malformed_file_leaves_store_as_before),
		D(test_import_national_changed_file_with_same_version_refused),
		D(test_import_national_officer_refused),
		D(test_import_national_refuses_code_of_another_kind_of_list),
		D(test_import_sltd_stores_and_updates),
		D(test_import_sltd_reports_progress_every_1000_entries),
	};
	return cmocka_run_group_tests_name("import_csv_db", tests, NULL, NULL);
}
