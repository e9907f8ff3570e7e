/* db/changeset.c: watchlist changesets down, record changesets up. */
#include "testutil.h"

#include "app/normalize.h"
#include "app/watchlist.h"
#include "db/cases.h"
#include "db/changeset.h"
#include "db/crossing.h"
#include "db/watchlist.h"

static struct db *new_db(const char *name)
{
	char path[4096];
	struct error err;
	error_clear(&err);
	struct db *db = NULL;
	tu_path(path, sizeof(path), name);
	TU_OK(db_open(path, DB_OPEN_CREATE, &db, &err), &err);
	return db;
}

/* --- the authority's watchlist ------------------------------------------------------- */

struct person {
	const char *ref, *name, *dob, *nat, *doc;
};

/* One import of version of the list KZ-NAT through the store's import path: entries
 * it lists are added or rewritten, the ones it no longer lists retired. */
static void import(struct db *db, const char *version, const struct person *p, size_t n)
{
	struct error err;
	error_clear(&err);
	struct wl_source src = { 0 };
	snprintf(src.code, sizeof(src.code), "KZ-NAT");
	snprintf(src.kind, sizeof(src.kind), "national");
	snprintf(src.name, sizeof(src.name), "National list");
	snprintf(src.authority, sizeof(src.authority), "Border Service");
	snprintf(src.version, sizeof(src.version), "%s", version);
	snprintf(src.updated_at, sizeof(src.updated_at), "2026-03-0%sT00:00:00.000Z", version + 1);
	struct wl_import imp;
	TU_OK(db_begin(db, &err), &err);
	TU_OK(wl_import_begin(db, &src, &imp, &err), &err);
	for (size_t i = 0; i < n; i++) {
		struct wl_name name = { "primary", "good", p[i].name };
		struct wl_birth_date dob = { "exact", p[i].dob, 0, 0 };
		const char *nat[] = { p[i].nat };
		struct wl_document doc = { p[i].doc, p[i].nat, "P" };
		struct wl_entry e = { .ref = p[i].ref,
				      .subject = "person",
				      .category = "wanted",
				      .action = "arrest",
				      .names = &name,
				      .n_names = 1,
				      .dobs = &dob,
				      .n_dobs = 1,
				      .nationalities = nat,
				      .n_nationalities = 1,
				      .documents = &doc,
				      .n_documents = p[i].doc ? 1 : 0 };
		int64_t id;
		int changed;
		TU_OK(wl_import_entry(db, &imp, &e, &id, &changed, &err), &err);
	}
	TU_OK(wl_import_finish(db, &imp, &err), &err);
	TU_OK(db_commit(db, &err), &err);
}

static const struct person v1[] = {
	{ "W-1", "KHALIMOV Gulmurod", "1975-05-14", "TJK", "401234567" },
	{ "W-2", "YUSUPOVA Dilnoza", "1988-11-02", "UZB", NULL },
	{ "W-3", "ISMAILOV Rustam", "1969-01-30", "KGZ", "AC0011223" },
};
/* W-1 renamed, W-2 no longer listed, W-3 as before, W-4 new */
static const struct person v2[] = {
	{ "W-1", "KHALIMOV Gulmurod Saidovich", "1975-05-14", "TJK", "401234567" },
	{ "W-3", "ISMAILOV Rustam", "1969-01-30", "KGZ", "AC0011223" },
	{ "W-4", "NURLANOV Timur", "1991-07-21", "KAZ", "N1234567" },
};

static int64_t entry_id(struct db *db, const char *ref)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT id FROM wl_entries WHERE ref = ?1", -1,
					    &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return id;
}

static void checksum(struct db *db, char out[65])
{
	struct error err;
	error_clear(&err);
	TU_OK(changeset_watchlist_checksum(db, out, &err), &err);
	assert_int_equal(strlen(out), 64);
}

/* A publish: the diff against the shadow, then the shadow brought up to it. */
static void publish(struct db *authority, const char *shadow, unsigned char **cs, size_t *len,
		    int64_t *changes)
{
	struct error err;
	error_clear(&err);
	TU_OK(changeset_watchlist_diff(authority, shadow, cs, len, changes, &err), &err);
	TU_OK(changeset_shadow_apply(shadow, *cs, *len, &err), &err);
}

/* A workstation applies a bundle in its own transaction and rebuilds the match keys of
 * the entries it touched, as app/ will. Returns the ids (free() them). */
static int64_t *receive(struct db *ws, const unsigned char *cs, size_t len, size_t *n)
{
	struct error err;
	error_clear(&err);
	int64_t *ids = NULL;
	struct app app;
	memset(&app, 0, sizeof(app));
	app.db = ws;
	TU_OK(db_begin(ws, &err), &err);
	TU_OK(changeset_watchlist_apply(ws, cs, len, &ids, n, &err), &err);
	for (size_t i = 0; i < *n; i++)
		TU_OK(watch_index_entry(&app, ids[i], &err), &err);
	TU_OK(db_commit(ws, &err), &err);
	return ids;
}

/* Applies and expects a refusal with code and a message containing what; the caller's
 * transaction is rolled back, as app/ does. */
static void refused(struct db *ws, const unsigned char *cs, size_t len, enum error_code code,
		    const char *what)
{
	struct error err;
	error_clear(&err);
	int64_t *ids = (int64_t *)&ids;
	size_t n = 99;
	TU_OK(db_begin(ws, &err), &err);
	assert_int_equal(changeset_watchlist_apply(ws, cs, len, &ids, &n, &err), -(int)code);
	assert_int_equal(err.code, code);
	TU_CONTAINS(err.msg, what);
	assert_null(ids);
	assert_int_equal(n, 0);
	db_rollback(ws);
}

/* The changes that running sql makes to db, recorded by a session on every table. */
static void record_changes(struct db *db, const char *sql, int patchset, unsigned char **cs,
			   size_t *len)
{
	sqlite3_session *s;
	assert_int_equal(sqlite3session_create(db->h, "main", &s), SQLITE_OK);
	assert_int_equal(sqlite3session_attach(s, NULL), SQLITE_OK);
	if (tu_exec(db, sql) != SQLITE_OK)
		fail_msg("'%s': %s", sql, sqlite3_errmsg(db->h));
	int n = 0;
	void *p = NULL;
	assert_int_equal(patchset ? sqlite3session_patchset(s, &n, &p)
				  : sqlite3session_changeset(s, &n, &p),
			 SQLITE_OK);
	assert_true(n > 0);
	*cs = malloc((size_t)n);
	assert_non_null(*cs);
	memcpy(*cs, p, (size_t)n);
	*len = (size_t)n;
	sqlite3_free(p);
	sqlite3session_delete(s);
}

struct world {
	struct db *authority, *ws;
	char shadow[4096];
	unsigned char *first; /* the first publish (v1), already applied on ws */
	size_t first_len;
};

static int setup_world(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	w->authority = new_db("authority.db");
	w->ws = new_db("ws.db");
	tu_path(w->shadow, sizeof(w->shadow), "shadow.db");
	import(w->authority, "v1", v1, 3);
	int64_t changes;
	publish(w->authority, w->shadow, &w->first, &w->first_len, &changes);
	size_t n;
	free(receive(w->ws, w->first, w->first_len, &n));
	*state = w;
	return 0;
}

static int teardown_world(void **state)
{
	struct world *w = *state;
	db_close(&w->authority);
	db_close(&w->ws);
	free(w->first);
	free(w);
	return 0;
}

static void test_diff_after_import_applies_to_a_second_database_with_equal_tables(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	struct db *authority = new_db("authority.db"), *ws = new_db("ws.db");
	char shadow[4096];
	tu_path(shadow, sizeof(shadow), "shadow.db");
	import(authority, "v1", v1, 3);

	unsigned char *cs;
	size_t len;
	int64_t changes;
	TU_OK(changeset_watchlist_diff(authority, shadow, &cs, &len, &changes, &err), &err);
	assert_true(tu_exists(shadow));
	assert_true(len > 0);
	/* 1 source, 3 entries, 3 names, 3 birth dates, 3 nationalities, 2 documents */
	assert_int_equal(changes, 15);
	size_t n;
	int64_t *ids = receive(ws, cs, len, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], entry_id(authority, "W-1"));
	assert_int_equal(ids[1], entry_id(authority, "W-2"));
	assert_int_equal(ids[2], entry_id(authority, "W-3"));

	char a[65], b[65];
	checksum(authority, a);
	checksum(ws, b);
	assert_string_equal(a, b);
	/* the derived rows never travel; they were made here, for every entry */
	assert_int_equal(tu_query_int(ws, "SELECT count(DISTINCT entry_id) FROM wl_keys"), 3);
	assert_int_equal(tu_query_int(ws, "SELECT count(*) FROM wl_doc_keys"), 2);
	assert_int_equal(tu_query_int(authority, "SELECT count(*) FROM wl_keys"), 0);
	int64_t found[4];
	int years[4];
	char key[NORM_TOKEN_MAX];
	norm_skeleton("ISMAILOV", key, sizeof(key));
	assert_int_equal(wl_find_by_key(ws, key, 19690000, 19699999, found, years, 4, &err), 1);
	assert_int_equal(found[0], ids[2]);
	/* the diff only read the authority's database */
	char again[65];
	checksum(authority, again);
	assert_string_equal(a, again);
	free(ids);
	free(cs);
	db_close(&authority);
	db_close(&ws);
}

static void test_second_diff_after_shadow_apply_is_empty(void **state)
{
	struct world *w = *state;
	struct error err;
	error_clear(&err);
	unsigned char *cs = (unsigned char *)"x";
	size_t len = 99;
	int64_t changes = 99;
	TU_OK(changeset_watchlist_diff(w->authority, w->shadow, &cs, &len, &changes, &err), &err);
	assert_null(cs);
	assert_int_equal(len, 0);
	assert_int_equal(changes, 0);
	/* an empty bundle applies as nothing */
	size_t n = 5;
	free(receive(w->ws, NULL, 0, &n));
	assert_int_equal(n, 0);
}

static void test_update_and_retirement_travel(void **state)
{
	struct world *w = *state;
	import(w->authority, "v2", v2, 3);
	unsigned char *cs;
	size_t len;
	int64_t changes;
	publish(w->authority, w->shadow, &cs, &len, &changes);
	/* the source's version; W-1 rewritten (the entry, and a name, a date and a document
	 * deleted and added again: 7); W-2 retired (1); W-4 with its four rows (5). W-3 does
	 * not travel, though the import noted on it that v2 listed it too */
	assert_int_equal(changes, 14);
	assert_int_equal(tu_query_int(w->authority, "SELECT count(*) FROM wl_entries WHERE ref "
						    "= 'W-3' AND seen_version = 'v2'"),
			 1);
	size_t n;
	int64_t *ids = receive(w->ws, cs, len, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], entry_id(w->authority, "W-1"));
	assert_int_equal(ids[1], entry_id(w->authority, "W-2"));
	assert_int_equal(ids[2], entry_id(w->authority, "W-4"));
	char a[65], b[65];
	checksum(w->authority, a);
	checksum(w->ws, b);
	assert_string_equal(a, b);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_entries WHERE ref = 'W-2' "
					     "AND retired_at IS NOT NULL"),
			 1);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_names WHERE full_name = "
					     "'KHALIMOV Gulmurod Saidovich'"),
			 1);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_sources WHERE version = "
					     "'v2'"),
			 1);
	char key[NORM_TOKEN_MAX], sql[160];
	norm_skeleton("SAIDOVICH", key, sizeof(key));
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM wl_keys WHERE key = '%s'", key);
	assert_int_equal(tu_query_int(w->ws, sql), 1);
	free(ids);
	free(cs);
	/* and nothing is left to publish */
	struct error err;
	error_clear(&err);
	TU_OK(changeset_watchlist_diff(w->authority, w->shadow, &cs, &len, &changes, &err), &err);
	assert_int_equal(len, 0);
}

static void test_deleted_entry_travels_children_before_parent(void **state)
{
	struct world *w = *state;
	/* a hard delete (foreign keys cascade to its children on both sides) */
	assert_int_equal(tu_exec(w->authority, "DELETE FROM wl_entries WHERE ref = 'W-3'"),
			 SQLITE_OK);
	int64_t gone = entry_id(w->ws, "W-3");
	unsigned char *cs;
	size_t len;
	int64_t changes;
	publish(w->authority, w->shadow, &cs, &len, &changes);
	assert_int_equal(changes, 5); /* the entry, its name, date, nationality, document */
	size_t n;
	int64_t *ids = receive(w->ws, cs, len, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], gone);
	char a[65], b[65];
	checksum(w->authority, a);
	checksum(w->ws, b);
	assert_string_equal(a, b);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_keys WHERE entry_id NOT IN "
					     "(SELECT id FROM wl_entries)"),
			 0);
	free(ids);
	free(cs);
}

static void test_changeset_touching_officers_is_refused(void **state)
{
	struct world *w = *state;
	char before[65], after[65];
	checksum(w->ws, before);
	int64_t officers = tu_query_int(w->ws, "SELECT count(*) FROM officers");
	/* a watchlist change with an officer slipped in after it */
	unsigned char *cs;
	size_t len;
	record_changes(w->authority,
		       "INSERT INTO wl_names(entry_id, kind, full_name) VALUES (1, 'alias', 'X Y');"
		       "INSERT INTO officers(username, role, password_hash, created_at, "
		       "password_changed_at) VALUES ('intruder', 'admin', 'x', 't', 't')",
		       0, &cs, &len);
	refused(w->ws, cs, len, ERR_FINDING, "'officers'");
	free(cs);
	checksum(w->ws, after);
	assert_string_equal(before, after);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM officers"), officers);
}

static void test_changeset_touching_audit_is_refused(void **state)
{
	struct world *w = *state;
	unsigned char *cs;
	size_t len;
	record_changes(w->authority,
		       "INSERT INTO audit(seq, ts_utc, officer, role, post, workstation, action, "
		       "object_type, object_id, outcome, hash) VALUES (1000, 't', 'o', 'r', 'p', "
		       "'w', 'a', 't', 'i', 'ok', randomblob(32))",
		       0, &cs, &len);
	refused(w->ws, cs, len, ERR_FINDING, "'audit'");
	free(cs);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM audit"), 0);
}

static void test_replayed_changeset_is_refused_and_rollback_leaves_checksum(void **state)
{
	struct world *w = *state;
	char before[65], after[65];
	checksum(w->ws, before);
	refused(w->ws, w->first, w->first_len, ERR_FINDING, "already there");
	checksum(w->ws, after);
	assert_string_equal(before, after);
}

static void test_changeset_without_its_base_rows_is_refused(void **state)
{
	struct world *w = *state;
	import(w->authority, "v2", v2, 3);
	unsigned char *cs;
	size_t len;
	int64_t changes;
	publish(w->authority, w->shadow, &cs, &len, &changes);
	/* a workstation that never had v1 */
	struct db *fresh = new_db("fresh.db");
	char before[65], after[65];
	checksum(fresh, before);
	refused(fresh, cs, len, ERR_FINDING, "missing");
	checksum(fresh, after);
	assert_string_equal(before, after);
	assert_int_equal(tu_query_int(fresh, "SELECT count(*) FROM wl_entries"), 0);
	db_close(&fresh);
	free(cs);
}

static void test_changeset_over_a_locally_edited_row_is_refused(void **state)
{
	struct world *w = *state;
	import(w->authority, "v2", v2, 3);
	unsigned char *cs;
	size_t len;
	int64_t changes;
	publish(w->authority, w->shadow, &cs, &len, &changes);
	/* a column the bundle changes (an edit of another one would not conflict) */
	assert_int_equal(tu_exec(w->ws, "UPDATE wl_sources SET version = 'edited here'"),
			 SQLITE_OK);
	char before[65], after[65];
	checksum(w->ws, before);
	refused(w->ws, cs, len, ERR_FINDING, "'wl_sources'");
	checksum(w->ws, after);
	assert_string_equal(before, after);
	free(cs);
}

static void test_corrupt_bytes_are_refused(void **state)
{
	struct world *w = *state;
	char before[65], after[65];
	checksum(w->ws, before);
	const unsigned char junk[] = "\x00\x17\xff\xfe garbage that is no changeset at all";
	refused(w->ws, junk, sizeof(junk), ERR_USAGE, "corrupt");
	/* the first publish cut short, and with one byte changed in a length */
	refused(w->ws, w->first, w->first_len / 2, ERR_USAGE, "corrupt");
	/* cut inside the first table's name ('T', 5 columns, 5 key flags, "wl_"): SQLite
	 * 3.40's own reader loops for ever on this one */
	assert_int_equal(memcmp(w->first, "T\x05\x01\x00\x00\x00\x00wl_names", 15), 0);
	refused(w->ws, w->first, 10, ERR_USAGE, "corrupt");
	unsigned char *bad = malloc(w->first_len);
	assert_non_null(bad);
	memcpy(bad, w->first, w->first_len);
	bad[1] = 0x7f; /* the column count of the first table */
	struct error err;
	error_clear(&err);
	int64_t *ids;
	size_t n;
	TU_OK(db_begin(w->ws, &err), &err);
	assert_true(changeset_watchlist_apply(w->ws, bad, w->first_len, &ids, &n, &err) < 0);
	assert_true(err.code == ERR_USAGE || err.code == ERR_FINDING);
	db_rollback(w->ws);
	free(bad);
	checksum(w->ws, after);
	assert_string_equal(before, after);
}

static void test_patchset_is_refused(void **state)
{
	struct world *w = *state;
	unsigned char *cs;
	size_t len;
	record_changes(w->authority, "DELETE FROM wl_names WHERE entry_id = 1", 1, &cs, &len);
	refused(w->ws, cs, len, ERR_FINDING, "patchset");
	free(cs);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_names WHERE entry_id = 1"),
			 1);
}

static void test_table_of_another_shape_is_refused(void **state)
{
	struct world *w = *state;
	/* SQLite itself would skip these changes without a word */
	struct db *other = new_db("other.db");
	assert_int_equal(tu_exec(other, "ALTER TABLE wl_sources ADD COLUMN extra TEXT"), SQLITE_OK);
	unsigned char *cs;
	size_t len;
	record_changes(other,
		       "INSERT INTO wl_sources(id, code, kind, name, authority, version, "
		       "updated_at) VALUES (7, 'X', 'custom', 'n', 'a', 'v', 't')",
		       0, &cs, &len);
	refused(w->ws, cs, len, ERR_FINDING, "other columns");
	free(cs);
	db_close(&other);
	assert_int_equal(tu_query_int(w->ws, "SELECT count(*) FROM wl_sources"), 1);
}

static void test_apply_outside_a_transaction_is_refused(void **state)
{
	struct world *w = *state;
	struct error err;
	error_clear(&err);
	int64_t *ids;
	size_t n;
	assert_int_equal(changeset_watchlist_apply(w->ws, w->first, w->first_len, &ids, &n, &err),
			 -ERR_USAGE);
}

static void test_shadow_of_another_schema_is_refused(void **state)
{
	struct world *w = *state;
	struct error err;
	error_clear(&err);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(w->shadow, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "ALTER TABLE wl_names ADD COLUMN x", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	unsigned char *cs;
	size_t len;
	int64_t changes;
	assert_int_equal(
		changeset_watchlist_diff(w->authority, w->shadow, &cs, &len, &changes, &err),
		-ERR_IO);
	TU_CONTAINS(err.msg, "'wl_names'");
	assert_null(cs);
}

/* --- records, workstation to headquarters ------------------------------------------ */

static void officer(struct db *db)
{
	assert_int_equal(tu_exec(db, "INSERT INTO officers(id, username, role, password_hash, "
				     "created_at, password_changed_at) VALUES (1, 'officer1', "
				     "'officer', 'x', 't', 't')"),
			 SQLITE_OK);
}

static int64_t open_shift(struct db *db)
{
	struct error err;
	error_clear(&err);
	struct shift_row s = { .officer_id = 1 };
	snprintf(s.officer, sizeof(s.officer), "officer1");
	snprintf(s.direction, sizeof(s.direction), "entry");
	snprintf(s.lane, sizeof(s.lane), "L1");
	snprintf(s.opened_at, sizeof(s.opened_at), "2026-03-01T08:00:00Z");
	TU_OK(db_begin(db, &err), &err);
	TU_OK(shift_insert(db, &s, &err), &err);
	TU_OK(db_commit(db, &err), &err);
	return s.id;
}

static void close_shift(struct db *db, int64_t id)
{
	struct error err;
	error_clear(&err);
	TU_OK(db_begin(db, &err), &err);
	TU_OK(shift_close(db, id, "2026-03-01T20:00:00Z", "logout", &err), &err);
	TU_OK(db_commit(db, &err), &err);
}

/* A decided traveller with one hit and one list, and its audit row. */
static int64_t cross(struct db *db, int64_t shift, const char *surname)
{
	struct error err;
	error_clear(&err);
	struct crossing_row *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	c->shift_id = shift;
	snprintf(c->officer, sizeof(c->officer), "officer1");
	snprintf(c->direction, sizeof(c->direction), "entry");
	snprintf(c->lane, sizeof(c->lane), "L1");
	snprintf(c->decided_at, sizeof(c->decided_at), "2026-03-01T09:00:00Z");
	snprintf(c->decision, sizeof(c->decision), "refer");
	snprintf(c->verdict, sizeof(c->verdict), "hit");
	snprintf(c->surname, sizeof(c->surname), "%s", surname);
	snprintf(c->doc_key, sizeof(c->doc_key), "KAZ:N%s", surname);
	c->n_hits = 1;
	c->hits[0].entry_id = 1;
	c->hits[0].score = 97;
	snprintf(c->hits[0].listed_name, sizeof(c->hits[0].listed_name), "%s", surname);
	c->n_lists = 1;
	snprintf(c->lists[0].source_code, sizeof(c->lists[0].source_code), "KZ-NAT");
	snprintf(c->lists[0].version, sizeof(c->lists[0].version), "v1");
	struct audit_actor who = { "officer1", "officer", "POST-1", "WS-1" };
	struct audit_event ev = {
		.action = "decide", .object_type = "crossing", .object_id = surname, .outcome = "ok"
	};
	TU_OK(db_begin(db, &err), &err);
	TU_OK(crossing_insert(db, c, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	TU_OK(db_commit(db, &err), &err);
	int64_t id = c->id;
	free(c);
	return id;
}

/* How many operations of kind op (0: any) on table the changeset holds. */
static int count_ops(const unsigned char *cs, size_t len, const char *table, int op)
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

static void push(struct db *ws, struct changeset_marks *marks, unsigned char **cs, size_t *len,
		 int64_t *rows)
{
	struct error err;
	error_clear(&err);
	struct changeset_marks next;
	TU_OK(changeset_records_since(ws, marks, &next, cs, len, rows, &err), &err);
	assert_int_equal(count_ops(*cs, *len, NULL, 0), *rows);
	assert_int_equal(count_ops(*cs, *len, NULL, SQLITE_INSERT), *rows);
	*marks = next;
}

static void test_records_since_sends_new_rows_only_and_marks_advance(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	struct db *ws = new_db("ws.db");
	officer(ws);
	int64_t shift = open_shift(ws);
	int64_t c1 = cross(ws, shift, "FIRST");
	int64_t kase;
	TU_OK(db_begin(ws, &err), &err);
	TU_OK(case_insert(ws, c1, "referral", "2026-03-01T09:01:00Z", &kase, &err), &err);
	TU_OK(case_note_add(ws, kase, "officer1", "2026-03-01T09:02:00Z", "called", &err), &err);
	TU_OK(db_commit(ws, &err), &err);

	struct changeset_marks marks = { 0 };
	unsigned char *cs;
	size_t len;
	int64_t rows;
	push(ws, &marks, &cs, &len, &rows);
	assert_int_equal(count_ops(cs, len, "shifts", 0), 1);
	assert_int_equal(count_ops(cs, len, "crossings", 0), 1);
	assert_int_equal(count_ops(cs, len, "crossing_hits", 0), 1);
	assert_int_equal(count_ops(cs, len, "crossing_lists", 0), 1);
	assert_int_equal(count_ops(cs, len, "cases", 0), 1);
	assert_int_equal(count_ops(cs, len, "case_notes", 0), 1);
	assert_int_equal(count_ops(cs, len, "audit", 0), 1);
	assert_int_equal(rows, 7);
	free(cs);
	assert_int_equal(marks.crossing_id, c1);
	assert_int_equal(marks.note_id, tu_query_int(ws, "SELECT max(id) FROM case_notes"));
	assert_int_equal(marks.audit_seq, tu_query_int(ws, "SELECT max(seq) FROM audit"));
	/* still open: sent again next time */
	assert_int_equal(marks.shift_id, shift - 1);
	assert_int_equal(marks.case_id, kase - 1);

	int64_t c2 = cross(ws, shift, "SECOND");
	push(ws, &marks, &cs, &len, &rows);
	assert_int_equal(count_ops(cs, len, "crossings", 0), 1);
	assert_int_equal(count_ops(cs, len, "crossing_hits", 0), 1);
	assert_int_equal(count_ops(cs, len, "case_notes", 0), 0);
	assert_int_equal(count_ops(cs, len, "audit", 0), 1);
	assert_int_equal(count_ops(cs, len, "shifts", 0), 1);
	assert_int_equal(count_ops(cs, len, "cases", 0), 1);
	assert_int_equal(rows, 6);
	assert_int_equal(marks.crossing_id, c2);
	free(cs);

	close_shift(ws, shift);
	TU_OK(db_begin(ws, &err), &err);
	TU_OK(case_resolve(ws, kase, "admit", NULL, "not the listed person", "super1",
			   "2026-03-01T10:00:00Z", &err),
	      &err);
	TU_OK(db_commit(ws, &err), &err);
	push(ws, &marks, &cs, &len, &rows);
	assert_int_equal(rows, 2); /* the closed shift and the resolved case, whole */
	assert_int_equal(count_ops(cs, len, "shifts", SQLITE_INSERT), 1);
	assert_int_equal(marks.shift_id, shift);
	assert_int_equal(marks.case_id, kase);
	free(cs);

	push(ws, &marks, &cs, &len, &rows);
	assert_null(cs);
	assert_int_equal(len, 0);
	assert_int_equal(rows, 0);
	db_close(&ws);
}

static int64_t replica_int(struct db *central, const char *origin, const char *sql)
{
	struct error err;
	error_clear(&err);
	char path[4200];
	TU_OK(changeset_replica_path(central, origin, path, sizeof(path), &err), &err);
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("'%s': %s", sql, sqlite3_errmsg(h));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void test_ingest_keeps_origins_apart_and_closed_shift_replaces_open(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	struct db *central = new_db("central.db"), *a = new_db("a.db"), *b = new_db("b.db");
	officer(a);
	officer(b);
	int64_t shift_a = open_shift(a);
	cross(a, shift_a, "ALPHA");
	cross(b, open_shift(b), "BRAVO");
	cross(b, 1, "BRAVO-TWO");

	struct changeset_marks ma = { 0 }, mb = { 0 };
	unsigned char *first_a, *cs_b;
	size_t len_a, len_b;
	int64_t rows;
	push(a, &ma, &first_a, &len_a, &rows);
	push(b, &mb, &cs_b, &len_b, &rows);
	TU_OK(changeset_records_ingest(central, "WS-A", first_a, len_a, &err), &err);
	TU_OK(changeset_records_ingest(central, "WS-B", cs_b, len_b, &err), &err);
	/* the same ids on both workstations, kept apart */
	assert_int_equal(replica_int(central, "WS-A", "SELECT count(*) FROM crossings"), 1);
	assert_int_equal(replica_int(central, "WS-B", "SELECT count(*) FROM crossings"), 2);
	assert_int_equal(replica_int(central, "WS-A",
				     "SELECT count(*) FROM crossings WHERE "
				     "id = 1 AND surname = 'ALPHA'"),
			 1);
	assert_int_equal(replica_int(central, "WS-B",
				     "SELECT count(*) FROM crossings WHERE "
				     "id = 1 AND surname = 'BRAVO'"),
			 1);
	assert_int_equal(replica_int(central, "WS-A",
				     "SELECT count(*) FROM shifts WHERE "
				     "closed_at IS NULL"),
			 1);
	/* nothing went into the central database itself */
	assert_int_equal(tu_query_int(central, "SELECT count(*) FROM crossings"), 0);

	close_shift(a, shift_a);
	unsigned char *cs;
	size_t len;
	push(a, &ma, &cs, &len, &rows);
	assert_int_equal(rows, 1);
	TU_OK(changeset_records_ingest(central, "WS-A", cs, len, &err), &err);
	free(cs);
	assert_int_equal(replica_int(central, "WS-A", "SELECT count(*) FROM shifts"), 1);
	assert_int_equal(replica_int(central, "WS-A",
				     "SELECT count(*) FROM shifts WHERE "
				     "closed_at = '2026-03-01T20:00:00Z'"),
			 1);

	/* the first bundle delivered again, late: identical rows and the stale open shift
	 * are skipped */
	TU_OK(changeset_records_ingest(central, "WS-A", first_a, len_a, &err), &err);
	assert_int_equal(replica_int(central, "WS-A",
				     "SELECT count(*) FROM shifts WHERE "
				     "closed_at IS NOT NULL"),
			 1);
	assert_int_equal(replica_int(central, "WS-A", "SELECT count(*) FROM crossings"), 1);

	/* another workstation's rows under this name clash with what it sent: refused whole */
	assert_int_equal(changeset_records_ingest(central, "WS-A", cs_b, len_b, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "'crossings'");
	assert_int_equal(replica_int(central, "WS-A", "SELECT count(*) FROM crossings"), 1);
	assert_int_equal(replica_int(central, "WS-A", "SELECT count(*) FROM crossing_hits"), 1);
	free(first_a);
	free(cs_b);
	db_close(&central);
	db_close(&a);
	db_close(&b);
}

static void test_ingest_refuses_changes_other_than_inserts_and_bad_origins(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	struct db *central = new_db("central.db"), *ws = new_db("ws.db");
	officer(ws);
	open_shift(ws);
	unsigned char *cs;
	size_t len;
	record_changes(ws, "UPDATE shifts SET lane = 'L9' WHERE id = 1", 0, &cs, &len);
	assert_int_equal(changeset_records_ingest(central, "WS-1", cs, len, &err), -ERR_FINDING);
	TU_CONTAINS(err.msg, "only ever added");
	free(cs);
	record_changes(ws, "UPDATE wl_token_freq SET n = 1; INSERT INTO settings VALUES ('a','b')",
		       0, &cs, &len);
	assert_int_equal(changeset_records_ingest(central, "WS-1", cs, len, &err), -ERR_FINDING);
	TU_CONTAINS(err.msg, "'settings'");
	const char *bad[] = { "../evil", "", ".hidden", "a/b", "x y" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		error_clear(&err);
		assert_int_equal(changeset_records_ingest(central, bad[i], cs, len, &err),
				 -ERR_USAGE);
		assert_int_equal(err.code, ERR_USAGE);
	}
	free(cs);
	char path[4200];
	snprintf(path, sizeof(path), "%s.d/evil.db", db_path(central));
	assert_false(tu_exists(path));
	db_close(&central);
	db_close(&ws);
}

static void test_checksum_sees_one_changed_value_but_not_seen_version(void **state)
{
	struct world *w = *state;
	char before[65], after[65];
	checksum(w->ws, before);
	/* the authority's import bookkeeping never travels, so it is not summed */
	assert_int_equal(tu_exec(w->ws, "UPDATE wl_entries SET seen_version = 'local'"), SQLITE_OK);
	checksum(w->ws, after);
	assert_string_equal(before, after);
	assert_int_equal(tu_exec(w->ws, "UPDATE wl_birth_dates SET year_from = 0 WHERE id = 1"),
			 SQLITE_OK);
	checksum(w->ws, after);
	assert_string_not_equal(before, after);
}

static void test_name_changed_in_place_returns_its_entry(void **state)
{
	struct world *w = *state;
	/* an UPDATE of a child row carries its key and the new name, not its entry_id */
	assert_int_equal(tu_exec(w->authority, "UPDATE wl_names SET full_name = 'ISMAILOV "
					       "Rustam Karimovich' WHERE full_name = 'ISMAILOV "
					       "Rustam'"),
			 SQLITE_OK);
	unsigned char *cs;
	size_t len;
	int64_t changes;
	publish(w->authority, w->shadow, &cs, &len, &changes);
	assert_int_equal(changes, 1);
	size_t n;
	int64_t *ids = receive(w->ws, cs, len, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], entry_id(w->ws, "W-3"));
	char key[NORM_TOKEN_MAX], sql[160];
	norm_skeleton("KARIMOVICH", key, sizeof(key));
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM wl_keys WHERE key = '%s'", key);
	assert_int_equal(tu_query_int(w->ws, sql), 1);
	free(ids);
	free(cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_diff_after_import_applies_to_a_second_database_with_equal_tables),
		cmocka_unit_test_setup_teardown(test_second_diff_after_shadow_apply_is_empty,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_update_and_retirement_travel, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_deleted_entry_travels_children_before_parent,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_changeset_touching_officers_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_changeset_touching_audit_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(
			test_replayed_changeset_is_refused_and_rollback_leaves_checksum,
			setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_changeset_without_its_base_rows_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_changeset_over_a_locally_edited_row_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_corrupt_bytes_are_refused, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_patchset_is_refused, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_table_of_another_shape_is_refused, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_apply_outside_a_transaction_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_shadow_of_another_schema_is_refused,
						setup_world, teardown_world),
		cmocka_unit_test(test_records_since_sends_new_rows_only_and_marks_advance),
		cmocka_unit_test(test_ingest_keeps_origins_apart_and_closed_shift_replaces_open),
		cmocka_unit_test(test_ingest_refuses_changes_other_than_inserts_and_bad_origins),
		cmocka_unit_test_setup_teardown(
			test_checksum_sees_one_changed_value_but_not_seen_version, setup_world,
			teardown_world),
		cmocka_unit_test_setup_teardown(test_name_changed_in_place_returns_its_entry,
						setup_world, teardown_world),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
