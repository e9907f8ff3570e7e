#include "db/watchlist.h"

#include <stdlib.h>

#include "db/db_internal.h"

int wl_source_put(struct db *db, struct wl_source *src, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO wl_sources(code, kind, name, authority, version, updated_at) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET "
		    "kind = excluded.kind, name = excluded.name, authority = excluded.authority, "
		    "version = excluded.version, updated_at = excluded.updated_at RETURNING id",
		    &st, err) < 0)
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
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "watchlist source", err);
}

static int step_done(struct db *db, sqlite3_stmt *st, const char *doing, struct error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, doing, err);
}

int wl_entry_add(struct db *db, int64_t source_id, const struct wl_entry *e, int64_t *id,
		 struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO wl_entries(source_id, ref, subject, category, action, "
		       "listed_on, sex, remarks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, source_id);
	db_bind_text(st, 2, e->ref);
	db_bind_text(st, 3, e->subject);
	db_bind_text(st, 4, e->category);
	db_bind_text(st, 5, e->action);
	db_bind_text(st, 6, e->listed_on);
	db_bind_text(st, 7, e->sex);
	db_bind_text(st, 8, e->remarks ? e->remarks : "");
	if (step_done(db, st, "watchlist entry", err) < 0)
		return -ERR_IO;
	int64_t entry = sqlite3_last_insert_rowid(db->h);

	for (size_t i = 0; i < e->n_names; i++) {
		if (db_prepare(db,
			       "INSERT INTO wl_names(entry_id, kind, quality, full_name) "
			       "VALUES (?1, ?2, ?3, ?4)",
			       &st, err) < 0)
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
		if (db_prepare(db,
			       "INSERT INTO wl_birth_dates(entry_id, precision, date, year_from, "
			       "year_to) VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0))",
			       &st, err) < 0)
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
		if (db_prepare(db,
			       "INSERT OR IGNORE INTO wl_nationalities(entry_id, country) "
			       "VALUES (?1, ?2)",
			       &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, e->nationalities[i]);
		if (step_done(db, st, "watchlist nationality", err) < 0)
			return -ERR_IO;
	}
	for (size_t i = 0; i < e->n_documents; i++) {
		const struct wl_document *d = &e->documents[i];
		if (db_prepare(
			    db,
			    "INSERT INTO wl_documents(entry_id, number, issuing_state, doc_type) "
			    "VALUES (?1, ?2, ?3, ?4)",
			    &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, entry);
		db_bind_text(st, 2, d->number);
		db_bind_text(st, 3, d->issuing_state);
		db_bind_text(st, 4, d->doc_type);
		if (step_done(db, st, "watchlist document", err) < 0)
			return -ERR_IO;
	}
	if (id)
		*id = entry;
	return 0;
}

int wl_source_list(struct db *db, struct wl_source **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT s.id, s.code, s.kind, s.name, s.authority, s.version, s.updated_at, "
		       "(SELECT count(*) FROM wl_entries e WHERE e.source_id = s.id) "
		       "FROM wl_sources s ORDER BY s.updated_at, s.code",
		       &st, err) < 0)
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
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, "watchlist sources", err);
	}
	return 0;
}
