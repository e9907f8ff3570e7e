/* Helpers for tests/unit/test_pax.c (app/pax.c, db/pax.c): the demo database with the
 * officer and the supervisor logged in (a login hashes a password: the trainer and the
 * administrator log in only in the tests that need them), PAXLST fixtures imported through app/,
 * and raw SQL to read what was stored or to plant a manifest imported days ago (the manifest tables
 * refuse UPDATE, so an old one can only be made old when it is inserted). Run from the top of the
 * repository, as make does. */
#ifndef SHEKARA_PAX_TESTUTIL_H
#define SHEKARA_PAX_TESTUTIL_H

#include "decision_testutil.h"

#include "app/pax.h"

#define PAX_FIXTURES "tests/fixtures/paxlst/"

TU_UNUSED static int pt_setup(void **state)
{
	dt_setup(state);
	app.pax_current = 0;
	return 0;
}

/* Imports a fixture as s; returns pax_import's result (err filled). */
TU_UNUSED static int pt_import_as(const struct session *s, const char *file,
				  struct pax_import_result *res, struct error *err)
{
	char path[256];
	snprintf(path, sizeof(path), PAX_FIXTURES "%s", file);
	error_clear(err);
	return pax_import(&app, s, path, res, err);
}

/* The officer imports a fixture that must be accepted. */
TU_UNUSED static void pt_import(const char *file, struct pax_import_result *res)
{
	struct error err;
	TU_OK(pt_import_as(&officer, file, res, &err), &err);
}

/* One text value from a query with one optional text parameter ?1; "" when no row. */
TU_UNUSED static void pt_text(const char *sql, const char *param, char *out, size_t len)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(app.db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("cannot prepare '%s': %s", sql, sqlite3_errmsg(app.db->h));
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* One integer from a query with one text parameter ?1; -1 when no row. */
TU_UNUSED static int64_t pt_int(const char *sql, const char *param)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(app.db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("cannot prepare '%s': %s", sql, sqlite3_errmsg(app.db->h));
	sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* The id of the traveller with this surname on manifest 1 (the first import). */
TU_UNUSED static int64_t pt_traveller(const char *surname)
{
	return pt_int("SELECT id FROM manifest_travellers WHERE manifest_id = 1 AND surname = ?1",
		      surname);
}

/* The screening in force of traveller id (the newest row): verdict and entry_ref. */
struct pt_screening {
	char verdict[8], entry_ref[64], lists[512];
	int64_t rows; /* how many screening rows the traveller has */
};

TU_UNUSED static void pt_in_force(int64_t traveller, struct pt_screening *out)
{
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)traveller);
	pt_text("SELECT verdict FROM manifest_screenings WHERE traveller_id = ?1"
		" ORDER BY id DESC LIMIT 1",
		id, out->verdict, sizeof(out->verdict));
	pt_text("SELECT entry_ref FROM manifest_screenings WHERE traveller_id = ?1"
		" ORDER BY id DESC LIMIT 1",
		id, out->entry_ref, sizeof(out->entry_ref));
	pt_text("SELECT lists FROM manifest_screenings WHERE traveller_id = ?1"
		" ORDER BY id DESC LIMIT 1",
		id, out->lists, sizeof(out->lists));
	out->rows = pt_int("SELECT count(*) FROM manifest_screenings WHERE traveller_id = ?1", id);
}

/* A manifest with one traveller and one 'clear' screening, as if imported days_ago days
 * ago, inserted as rows (the only way to backdate append-only rows). The traveller is
 * PETROV SERGEI IVANOVICH unless surname and doc_number say otherwise; arrives_at may
 * be "". */
TU_UNUSED static void pt_planted(int64_t manifest, int64_t traveller, double days_ago,
				 const char *surname, const char *doc_number,
				 const char *arrives_at)
{
	char sql[2048];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO manifests(id, sha256, message, file_name, list_kind, vehicle,"
		 " travellers, warnings, imported_at, imported_by, arrives_at) VALUES (%lld,"
		 " 'planted-%lld', 1, 'planted.edi', 'passengers', 'KZ %03lld OLD', 1, 0,"
		 " strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now', '-%f days'), 'officer', '%s');"
		 "INSERT INTO manifest_travellers(id, manifest_id, seq, crew, surname,"
		 " given_names, sex, birth, nationality, doc_type, doc_number, doc_issuer,"
		 " doc_key) VALUES (%lld, %lld, 1, 0, '%s', 'SERGEI IVANOVICH', 'M',"
		 " '1970-09-09', 'RUS', 'P', '%s', 'RUS', 'RUS%s');"
		 "INSERT INTO manifest_screenings(traveller_id, screened_at, lists, verdict,"
		 " score) VALUES (%lld, strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now', '-%f days'),"
		 " 'DEMO-NAT demo-1', 'clear', 0);",
		 (long long)manifest, (long long)manifest, (long long)manifest, days_ago,
		 arrives_at, (long long)traveller, (long long)manifest, surname, doc_number,
		 doc_number, (long long)traveller, days_ago);
	if (tu_exec(app.db, sql) != SQLITE_OK)
		fail_msg("cannot plant manifest %lld: %s", (long long)manifest,
			 sqlite3_errmsg(app.db->h));
}

/* Screens d at the booth as the officer; sc must be heap-sized by the caller. */
TU_UNUSED static void pt_screen(const struct document *d, struct screening *sc)
{
	dt_screen(&app, &officer, d, sc);
}

/* KHALIMOV GULMUROD as on bus-d02b.edi, with the passport number given. */
TU_UNUSED static void pt_khalimov(struct document *d, const char *number)
{
	dt_doc(d, "TJK", number, "KHALIMOV", "GULMUROD", "750514", "M");
}

/* NURLANOV ASKAR of bus-d02b.edi (on no list): his identity card number, in a passport
 * composed for the booth (the key is issuer and number, whatever the document type). */
TU_UNUSED static void pt_nurlanov(struct document *d)
{
	dt_doc(d, "KAZ", "045612378", "NURLANOV", "ASKAR", "910302", "M");
}

/* Refuses d with ground C. */
TU_UNUSED static int64_t pt_refuse(const struct document *d)
{
	struct decision dec = {
		.kind = DECISION_REFUSE, .reason_code = "C", .reason_text = "test", .elapsed_ms = 5
	};
	struct error err;
	error_clear(&err);
	int64_t id = 0;
	TU_OK(dt_decide(&app, &officer, d, &dec, &id, &err), &err);
	return id;
}

/* How many operations of kind op (0: any) on table (NULL: any) a changeset holds. */
TU_UNUSED static int pt_count_ops(const unsigned char *cs, size_t len, const char *table, int op)
{
	int n = 0;
	if (len == 0)
		return 0;
	sqlite3_changeset_iter *it;
	assert_int_equal(sqlite3changeset_start(&it, (int)len, (void *)cs), SQLITE_OK);
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, kind, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &kind, &indirect);
		n += (!table || strcmp(tab, table) == 0) && (!op || kind == op);
	}
	assert_int_equal(sqlite3changeset_finalize(it), SQLITE_OK);
	return n;
}

#endif
