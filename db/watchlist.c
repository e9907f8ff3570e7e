/* Watchlist source rows: sources, entries and their parts, and imports of new versions. */
#include "db/watchlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "db/db_internal.h"
#include "scanners/clock.h"

/* Statements run once per entry of a million-entry import, so kept prepared. */
static const char SQL_SOURCE_PUT[] =
	"INSERT INTO wl_sources(code, kind, name, authority, version, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET "
	"kind = excluded.kind, name = excluded.name, authority = excluded.authority, "
	"version = excluded.version, updated_at = excluded.updated_at RETURNING id";
static const char SQL_ENTRY_ADD[] =
	"INSERT INTO wl_entries(source_id, ref, subject, category, action, listed_on, sex, "
	"remarks, seen_version, content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_NAME_ADD[] =
	"INSERT INTO wl_names(entry_id, kind, quality, full_name) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_DOB_ADD[] =
	"INSERT INTO wl_birth_dates(entry_id, precision, date, year_from, year_to) "
	"VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0))";
static const char SQL_NAT_ADD[] =
	"INSERT OR IGNORE INTO wl_nationalities(entry_id, country) VALUES (?1, ?2)";
static const char SQL_DOC_ADD[] = "INSERT INTO wl_documents(entry_id, number, issuing_state, "
				  "doc_type) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SOURCES[] =
	"SELECT s.id, s.code, s.kind, s.name, s.authority, s.version, s.updated_at, "
	"(SELECT count(*) FROM wl_entries e WHERE e.source_id = s.id AND e.retired_at IS NULL) "
	"FROM wl_sources s ORDER BY s.updated_at, s.code";
/* Counting a million-entry list's rows takes some 50 ms; screening runs for every
 * traveller and needs only the versions. */
static const char SQL_SOURCES_UNCOUNTED[] =
	"SELECT s.id, s.code, s.kind, s.name, s.authority, s.version, s.updated_at, -1 "
	"FROM wl_sources s ORDER BY s.updated_at, s.code";
static const char SQL_ENTRY_FIND[] =
	"SELECT id, content_hash, retired_at IS NOT NULL FROM wl_entries "
	"WHERE source_id = ?1 AND ref = ?2";
static const char SQL_ENTRY_SEEN[] =
	"UPDATE wl_entries SET seen_version = ?2, retired_at = NULL WHERE id = ?1";
static const char SQL_ENTRY_REWRITE[] =
	"UPDATE wl_entries SET subject = ?3, category = ?4, action = ?5, listed_on = ?6, "
	"sex = ?7, remarks = ?8, seen_version = ?9, content_hash = ?10, retired_at = NULL "
	"WHERE id = ?1 AND ref = ?2";
static const char *const SQL_CHILDREN_DELETE[] = {
	"DELETE FROM wl_names WHERE entry_id = ?1",
	"DELETE FROM wl_birth_dates WHERE entry_id = ?1",
	"DELETE FROM wl_nationalities WHERE entry_id = ?1",
	"DELETE FROM wl_documents WHERE entry_id = ?1",
};

static int step_done(struct db *db, sqlite3_stmt *st, const char *doing, struct error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, doing, err);
}

int wl_source_put(struct db *db, struct wl_source *src, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, SQL_SOURCE_PUT, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, src->code);
	db_bind_text(st, 2, src->kind);
	db_bind_text(st, 3, src->name);
	db_bind_text(st, 4, src->authority);
	db_bind_text(st, 5, src->version);
	db_bind_text(st, 6, src->updated_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		src->id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "watchlist source", err);
}

static int add_children(struct db *db, int64_t entry, const struct wl_entry *e, struct error *err)
{
	sqlite3_stmt *st;
	for (size_t i = 0; i < e->n_names; i++) {
		if (db_cached(db, SQL_NAME_ADD, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, e->names[i].kind);
		db_bind_text(st, 3, e->names[i].quality ? e->names[i].quality : "good");
		db_bind_text(st, 4, e->names[i].full_name);
		if (step_done(db, st, "watchlist name", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < e->n_dobs; i++) {
		const struct wl_birth_date *d = &e->dobs[i];
		if (db_cached(db, SQL_DOB_ADD, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, d->precision);
		db_bind_text(st, 3, d->date);
		sqlite3_bind_int(st, 4, d->year_from);
		sqlite3_bind_int(st, 5, d->year_to);
		if (step_done(db, st, "watchlist birth date", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < e->n_nationalities; i++) {
		if (db_cached(db, SQL_NAT_ADD, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, e->nationalities[i]);
		if (step_done(db, st, "watchlist nationality", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < e->n_documents; i++) {
		const struct wl_document *d = &e->documents[i];
		if (db_cached(db, SQL_DOC_ADD, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, d->number);
		db_bind_text(st, 3, d->issuing_state);
		db_bind_text(st, 4, d->doc_type);
		if (step_done(db, st, "watchlist document", err) < 0)
			return -ERR_IO;
	}
	return 0;
}

/* Binds an entry's own columns as ?2 to ?10, the numbering both SQL_ENTRY_ADD and
 * SQL_ENTRY_REWRITE use. */
static void bind_entry(sqlite3_stmt *st, const struct wl_entry *e, const char *version,
		       const char *hash)
{
	db_bind_text(st, 2, e->ref);
	db_bind_text(st, 3, e->subject);
	db_bind_text(st, 4, e->category);
	db_bind_text(st, 5, e->action);
	db_bind_text(st, 6, e->listed_on);
	db_bind_text(st, 7, e->sex);
	db_bind_text(st, 8, e->remarks ? e->remarks : "");
	db_bind_text(st, 9, version);
	db_bind_text(st, 10, hash);
}

static int insert_entry(struct db *db, int64_t source_id, const struct wl_entry *e,
			const char *version, const char *hash, int64_t *id, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, SQL_ENTRY_ADD, &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, source_id);
	bind_entry(st, e, version, hash);
	if (step_done(db, st, "watchlist entry", err) < 0)
		return -ERR_IO;
	int64_t entry = sqlite3_last_insert_rowid(db->h);
	if (add_children(db, entry, e, err) < 0)
		return -ERR_IO;
	if (id)
		*id = entry;
	return 0;
}

int wl_entry_add(struct db *db, int64_t source_id, const struct wl_entry *e, int64_t *id,
		 struct error *err)
{
	return insert_entry(db, source_id, e, NULL, NULL, id, err);
}

int wl_source_list(struct db *db, int count_entries, struct wl_source **out, size_t *n,
		   struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_cached(db, count_entries ? SQL_SOURCES : SQL_SOURCES_UNCOUNTED, &st, err) < 0)
		return -ERR_IO;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct wl_source *grown = realloc(*out, cap * sizeof(**out));
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = grown;
		}
		struct wl_source *s = &(*out)[(*n)++];
		s->id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, s->code, sizeof(s->code));
		db_column_copy(st, 2, s->kind, sizeof(s->kind));
		db_column_copy(st, 3, s->name, sizeof(s->name));
		db_column_copy(st, 4, s->authority, sizeof(s->authority));
		db_column_copy(st, 5, s->version, sizeof(s->version));
		db_column_copy(st, 6, s->updated_at, sizeof(s->updated_at));
		s->entries = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, "watchlist sources", err);
	}
	return 0;
}

/* SHA-256 over every field of an entry, each length-prefixed, so that any change to
 * what a list says about a person shows, and nothing else does. */
static void feed(EVP_MD_CTX *md, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
				 (unsigned char)(n >> 8), (unsigned char)n };
	EVP_DigestUpdate(md, len, 4);
	EVP_DigestUpdate(md, s ? s : "", n);
}

static void entry_hash(const struct wl_entry *e, char out[65])
{
	unsigned char h[32];
	unsigned int len = 0;
	char num[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	memset(h, 0, sizeof(h));
	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		const char *fields[] = { e->subject,   e->category, e->action,
					 e->listed_on, e->sex,      e->remarks };
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			feed(md, fields[i]);
		for (size_t i = 0; i < e->n_names; i++) {
			feed(md, e->names[i].kind);
			feed(md, e->names[i].quality);
			feed(md, e->names[i].full_name);
		}
		for (size_t i = 0; i < e->n_dobs; i++) {
			feed(md, e->dobs[i].precision);
			feed(md, e->dobs[i].date);
			snprintf(num, sizeof(num), "%d-%d", e->dobs[i].year_from,
				 e->dobs[i].year_to);
			feed(md, num);
		}
		for (size_t i = 0; i < e->n_nationalities; i++)
			feed(md, e->nationalities[i]);
		for (size_t i = 0; i < e->n_documents; i++) {
			feed(md, e->documents[i].number);
			feed(md, e->documents[i].issuing_state);
			feed(md, e->documents[i].doc_type);
		}
		EVP_DigestFinal_ex(md, h, &len);
	}
	EVP_MD_CTX_free(md);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

int wl_import_begin(struct db *db, struct wl_source *src, struct wl_import *imp, struct error *err)
{
	memset(imp, 0, sizeof(*imp));
	if (!db_in_transaction(db))
		return error_set(err, ERR_IO, "wl_import_begin outside a transaction");
	clock_utc_iso(imp->now, sizeof(imp->now));
	if (!src->updated_at[0])
		snprintf(src->updated_at, sizeof(src->updated_at), "%s", imp->now);
	if (wl_source_put(db, src, err) < 0)
		return -ERR_IO;
	imp->source_id = src->id;
	snprintf(imp->version, sizeof(imp->version), "%s", src->version);
	return 0;
}

int wl_import_entry(struct db *db, struct wl_import *imp, const struct wl_entry *e, int64_t *id,
		    int *changed, struct error *err)
{
	char hash[65];
	entry_hash(e, hash);
	*changed = 0;
	sqlite3_stmt *st;
	if (db_cached(db, SQL_ENTRY_FIND, &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, imp->source_id);
	db_bind_text(st, 2, e->ref);
	int rc = sqlite3_step(st);
	int64_t existing = 0;
	int same = 0, was_retired = 0;
	if (rc == SQLITE_ROW) {
		existing = sqlite3_column_int64(st, 0);
		const unsigned char *old = sqlite3_column_text(st, 1);
		same = old && strcmp((const char *)old, hash) == 0;
		was_retired = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "watchlist entry", err);
	if (!existing) {
		if (insert_entry(db, imp->source_id, e, imp->version, hash, id, err) < 0)
			return -ERR_IO;
		imp->added++;
		*changed = 1;
		return 0;
	}
	*id = existing;
	if (same) {
		if (db_cached(db, SQL_ENTRY_SEEN, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, existing);
		db_bind_text(st, 2, imp->version);
		if (step_done(db, st, "watchlist entry", err) < 0)
			return -ERR_IO;
		/* a retired entry listed again needs its match keys back */
		*changed = was_retired;
		imp->unchanged++;
		return 0;
	}
	if (db_cached(db, SQL_ENTRY_REWRITE, &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, existing);
	bind_entry(st, e, imp->version, hash);
	if (step_done(db, st, "watchlist entry", err) < 0)
		return -ERR_IO;
	for (size_t i = 0; i < sizeof(SQL_CHILDREN_DELETE) / sizeof(SQL_CHILDREN_DELETE[0]); i++) {
		if (db_cached(db, SQL_CHILDREN_DELETE[i], &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, existing);
		if (step_done(db, st, "watchlist entry", err) < 0)
			return -ERR_IO;
	}
	if (add_children(db, existing, e, err) < 0)
		return -ERR_IO;
	imp->updated++;
	*changed = 1;
	return 0;
}

int wl_import_finish(struct db *db, struct wl_import *imp, struct error *err)
{
	static const char drop_keys[] =
		"DELETE FROM wl_keys WHERE entry_id IN (SELECT id FROM wl_entries WHERE "
		"source_id = ?1 AND retired_at IS NULL AND seen_version IS NOT ?2)";
	static const char drop_docs[] =
		"DELETE FROM wl_doc_keys WHERE entry_id IN (SELECT id FROM wl_entries WHERE "
		"source_id = ?1 AND retired_at IS NULL AND seen_version IS NOT ?2)";
	static const char retire[] = "UPDATE wl_entries SET retired_at = ?3 WHERE source_id = ?1 "
				     "AND retired_at IS NULL AND seen_version IS NOT ?2";
	const char *sql[3] = { drop_keys, drop_docs, retire };
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st;
		if (db_prepare(db, sql[i], &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, imp->source_id);
		db_bind_text(st, 2, imp->version);
		db_bind_text(st, 3, imp->now);
		int rc = sqlite3_step(st);
		if (i == 2)
			imp->retired = sqlite3_changes(db->h);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, "retire watchlist entries", err);
	}
	return 0;
}
