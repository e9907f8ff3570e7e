/* The local match index over the watchlist (derived rows, never synced), and reading
 * entries back for matching and display. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"
#include "db/watchlist.h"

static const char SQL_KEYS_DELETE[] = "DELETE FROM wl_keys WHERE entry_id = ?1";
static const char SQL_DOCS_DELETE[] = "DELETE FROM wl_doc_keys WHERE entry_id = ?1";
static const char SQL_KEY_ADD[] =
	"INSERT OR IGNORE INTO wl_keys(key, birth_year, entry_id) VALUES (?1, ?2, ?3)";
static const char SQL_DOC_KEY_ADD[] =
	"INSERT OR IGNORE INTO wl_doc_keys(number, entry_id) VALUES (?1, ?2)";
static const char SQL_FREQ[] = "SELECT n FROM wl_token_freq WHERE token = ?1";
static const char SQL_TOTAL[] = "SELECT count(*) FROM wl_entries WHERE retired_at IS NULL";
static const char SQL_BY_KEY[] =
	/* two range scans of the primary key; with an OR, SQLite walks every year of a
	 * common key (measured: 5 ms for a name on 5% of a million-entry list) */
	"SELECT entry_id, birth_year FROM wl_keys WHERE key = ?1 AND birth_year BETWEEN ?2 AND ?3 "
	"UNION ALL SELECT entry_id, birth_year FROM wl_keys WHERE key = ?1 AND birth_year = 0 "
	"LIMIT ?4";
static const char SQL_BY_DOC[] = "SELECT entry_id FROM wl_doc_keys WHERE number = ?1 LIMIT ?2";
static const char SQL_ENTRY[] =
	"SELECT e.id, s.code, s.name, s.kind, s.version, s.updated_at, e.ref, e.subject, "
	"e.category, e.action, coalesce(e.listed_on, ''), coalesce(e.sex, ''), e.remarks, "
	"e.retired_at IS NOT NULL FROM wl_entries e JOIN wl_sources s ON s.id = e.source_id "
	"WHERE e.id = ?1";
static const char SQL_NAMES[] =
	"SELECT kind, quality, full_name FROM wl_names WHERE entry_id = ?1 ORDER BY id";
static const char SQL_DOBS[] = "SELECT precision, coalesce(date, ''), coalesce(year_from, 0), "
			       "coalesce(year_to, 0) FROM wl_birth_dates WHERE entry_id = ?1";
static const char SQL_NATS[] = "SELECT country FROM wl_nationalities WHERE entry_id = ?1";
static const char SQL_DOCS[] = "SELECT number, coalesce(issuing_state, ''), coalesce(doc_type, '') "
			       "FROM wl_documents WHERE entry_id = ?1";

static int run(struct db *db, sqlite3_stmt *st, const char *doing, struct error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, doing, err);
}

int wl_keys_replace(struct db *db, int64_t entry_id, const struct wl_key *keys, size_t n,
		    const char *const *docs, size_t n_docs, struct error *err)
{
	sqlite3_stmt *st;
	const char *deletes[2] = { SQL_KEYS_DELETE, SQL_DOCS_DELETE };
	for (int i = 0; i < 2; i++) {
		if (db_cached(db, deletes[i], &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry_id);
		if (run(db, st, "match index", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < n; i++) {
		if (db_cached(db, SQL_KEY_ADD, &st, err) < 0)
			return -ERR_IO;
		db_bind_text(st, 1, keys[i].key);
		sqlite3_bind_int(st, 2, keys[i].birth_year);
		sqlite3_bind_int64(st, 3, entry_id);
		if (run(db, st, "match index", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < n_docs; i++) {
		if (db_cached(db, SQL_DOC_KEY_ADD, &st, err) < 0)
			return -ERR_IO;
		db_bind_text(st, 1, docs[i]);
		sqlite3_bind_int64(st, 2, entry_id);
		if (run(db, st, "match index", err) < 0)
			return -ERR_IO;
	}
	return 0;
}

static int one_int(struct db *db, const char *sql, const char *text, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, sql, &st, err) < 0)
		return -ERR_IO;
	if (text)
		db_bind_text(st, 1, text);
	int rc = sqlite3_step(st);
	int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "watchlist", err);
	return v;
}

int wl_token_freq(struct db *db, const char *token, struct error *err)
{
	return one_int(db, SQL_FREQ, token, err);
}

int wl_entry_total(struct db *db, struct error *err)
{
	return one_int(db, SQL_TOTAL, NULL, err);
}

static int collect(struct db *db, sqlite3_stmt *st, int64_t *ids, int *years, int max,
		   struct error *err)
{
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n < max) {
			ids[n] = sqlite3_column_int64(st, 0);
			if (years)
				years[n] = sqlite3_column_int(st, 1);
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "watchlist lookup", err);
	return n;
}

int wl_find_by_key(struct db *db, const char *key, int lo, int hi, int64_t *ids, int *years,
		   int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, SQL_BY_KEY, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, key);
	sqlite3_bind_int(st, 2, lo);
	sqlite3_bind_int(st, 3, hi);
	sqlite3_bind_int(st, 4, max + 1);
	return collect(db, st, ids, years, max, err);
}

int wl_find_by_doc(struct db *db, const char *number, int64_t *ids, int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, SQL_BY_DOC, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, number);
	sqlite3_bind_int(st, 2, max + 1);
	return collect(db, st, ids, NULL, max, err);
}

static int rows(struct db *db, const char *sql, int64_t id, sqlite3_stmt **st, struct error *err)
{
	if (db_cached(db, sql, st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(*st, 1, id);
	return 0;
}

int wl_entry_load(struct db *db, int64_t id, struct wl_view *v, struct error *err)
{
	memset(v, 0, sizeof(*v));
	sqlite3_stmt *st;
	if (rows(db, SQL_ENTRY, id, &st, err) < 0)
		return -ERR_IO;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v->id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, v->source_code, sizeof(v->source_code));
		db_column_copy(st, 2, v->source_name, sizeof(v->source_name));
		db_column_copy(st, 3, v->source_kind, sizeof(v->source_kind));
		db_column_copy(st, 4, v->source_version, sizeof(v->source_version));
		db_column_copy(st, 5, v->source_updated, sizeof(v->source_updated));
		db_column_copy(st, 6, v->ref, sizeof(v->ref));
		db_column_copy(st, 7, v->subject, sizeof(v->subject));
		db_column_copy(st, 8, v->category, sizeof(v->category));
		db_column_copy(st, 9, v->action, sizeof(v->action));
		db_column_copy(st, 10, v->listed_on, sizeof(v->listed_on));
		db_column_copy(st, 11, v->sex, sizeof(v->sex));
		db_column_copy(st, 12, v->remarks, sizeof(v->remarks));
		v->retired = sqlite3_column_int(st, 13);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(db, "watchlist entry", err);

	if (rows(db, SQL_NAMES, id, &st, err) < 0)
		return -ERR_IO;
	while (sqlite3_step(st) == SQLITE_ROW && v->n_names < WL_VIEW_NAMES) {
		db_column_copy(st, 0, v->names[v->n_names].kind, sizeof(v->names[0].kind));
		db_column_copy(st, 1, v->names[v->n_names].quality, sizeof(v->names[0].quality));
		db_column_copy(st, 2, v->names[v->n_names].full_name,
			       sizeof(v->names[0].full_name));
		v->n_names++;
	}
	sqlite3_reset(st);
	if (rows(db, SQL_DOBS, id, &st, err) < 0)
		return -ERR_IO;
	while (sqlite3_step(st) == SQLITE_ROW && v->n_dobs < WL_VIEW_DOBS) {
		db_column_copy(st, 0, v->dobs[v->n_dobs].precision, sizeof(v->dobs[0].precision));
		db_column_copy(st, 1, v->dobs[v->n_dobs].date, sizeof(v->dobs[0].date));
		v->dobs[v->n_dobs].year_from = sqlite3_column_int(st, 2);
		v->dobs[v->n_dobs].year_to = sqlite3_column_int(st, 3);
		v->n_dobs++;
	}
	sqlite3_reset(st);
	if (rows(db, SQL_NATS, id, &st, err) < 0)
		return -ERR_IO;
	while (sqlite3_step(st) == SQLITE_ROW && v->n_nats < WL_VIEW_NATS)
		db_column_copy(st, 0, v->nats[v->n_nats++], sizeof(v->nats[0]));
	sqlite3_reset(st);
	if (rows(db, SQL_DOCS, id, &st, err) < 0)
		return -ERR_IO;
	while (sqlite3_step(st) == SQLITE_ROW && v->n_docs < WL_VIEW_DOCS) {
		db_column_copy(st, 0, v->docs[v->n_docs].number, sizeof(v->docs[0].number));
		db_column_copy(st, 1, v->docs[v->n_docs].state, sizeof(v->docs[0].state));
		db_column_copy(st, 2, v->docs[v->n_docs].type, sizeof(v->docs[0].type));
		v->n_docs++;
	}
	sqlite3_reset(st);
	return 1;
}

int wl_entry_names(struct db *db, int64_t id, char names[][192], int max, struct error *err)
{
	sqlite3_stmt *st;
	if (rows(db, SQL_NAMES, id, &st, err) < 0)
		return -ERR_IO;
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		db_column_copy(st, 2, names[n++], 192);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "watchlist names", err);
	return n;
}

int wl_index_missing(struct db *db, struct error *err)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM wl_entries WHERE retired_at IS NULL) AND NOT EXISTS "
		"(SELECT 1 FROM wl_keys) AND NOT EXISTS (SELECT 1 FROM wl_doc_keys)";
	return one_int(db, sql, NULL, err);
}

int wl_active_ids(struct db *db, int64_t **ids, size_t *n, struct error *err)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT id FROM wl_entries WHERE retired_at IS NULL ORDER BY id", &st,
		       err) < 0)
		return -ERR_IO;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			int64_t *grown = realloc(*ids, cap * sizeof(**ids));
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_fail(db, "watchlist", err);
	}
	return 0;
}
