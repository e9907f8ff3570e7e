#include "db/syncstate.h"

#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

int sync_state_get(struct db *db, const char *kind, const char *origin, int64_t *seq,
		   struct error *err)
{
	*seq = 0;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT seq FROM sync_state WHERE kind = ?1 AND origin = ?2", &st, err) <
	    0)
		return -ERR_IO;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, origin);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(db, "sync state", err);
	}
	sqlite3_finalize(st);
	return found;
}

static void read_max(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

int sync_state_max(struct db *db, const char *kind, int64_t *seq, struct error *err)
{
	*seq = 0;
	int rc = db_get_one(db, "SELECT coalesce(max(seq), 0) FROM sync_state WHERE kind = ?1", 0,
			    kind, read_max, seq, "sync state", err);
	return rc < 0 ? rc : 0;
}

int sync_state_set(struct db *db, const char *kind, const char *origin, int64_t seq,
		   const char *now, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO sync_state(kind, origin, seq, applied_at) VALUES (?1, ?2, ?3, ?4)"
		    " ON CONFLICT(kind, origin) DO UPDATE SET seq = ?3, applied_at = ?4",
		    &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, origin);
	sqlite3_bind_int64(st, 3, seq);
	db_bind_text(st, 4, now);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "sync state", err);
	sqlite3_finalize(st);
	return rc;
}

int outbox_add(struct db *db, const struct outbox_row *r, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO sync_outbox(name, seq_from, seq_to, size, created_at)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, r->name);
	sqlite3_bind_int64(st, 2, r->seq_from);
	sqlite3_bind_int64(st, 3, r->seq_to);
	sqlite3_bind_int64(st, 4, r->size);
	db_bind_text(st, 5, r->created_at);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "outbox", err);
	sqlite3_finalize(st);
	return rc;
}

static void read_outbox(sqlite3_stmt *st, void *out)
{
	struct outbox_row *r = out;
	memset(r, 0, sizeof(*r));
	db_column_copy(st, 0, r->name, sizeof(r->name));
	r->seq_from = sqlite3_column_int64(st, 1);
	r->seq_to = sqlite3_column_int64(st, 2);
	r->size = sqlite3_column_int64(st, 3);
	db_column_copy(st, 4, r->created_at, sizeof(r->created_at));
}

int outbox_pending(struct db *db, struct outbox_row **rows, size_t *n, struct error *err)
{
	void *out;
	int rc = db_list_rows(db,
			      "SELECT name, seq_from, seq_to, size, created_at FROM sync_outbox"
			      " WHERE acked_at IS NULL ORDER BY seq_from",
			      sizeof(**rows), read_outbox, &out, n, "outbox", err);
	*rows = out;
	return rc;
}

int outbox_ack(struct db *db, int64_t seq, const char *now, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "UPDATE sync_outbox SET acked_at = ?2 WHERE acked_at IS NULL AND seq_to <= ?1",
		    &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, seq);
	db_bind_text(st, 2, now);
	int rc = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(db->h)
						 : db_fail(db, "outbox", err);
	sqlite3_finalize(st);
	return rc;
}

static void read_seq(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

int outbox_last_seq(struct db *db, int64_t *seq, struct error *err)
{
	*seq = 0;
	int rc = db_get_one(db, "SELECT coalesce(max(seq_to), 0) FROM sync_outbox WHERE ?1 = ?1", 0,
			    NULL, read_seq, seq, "outbox", err);
	return rc < 0 ? rc : 0;
}

static void read_one(sqlite3_stmt *st, void *out)
{
	*(int *)out = sqlite3_column_int(st, 0);
}

int sync_ingested(struct db *db, const char *name, struct error *err)
{
	int found = 0;
	int rc = db_get_one(db,
			    "SELECT 1 FROM audit WHERE object_type = 'bundle' AND object_id = ?1"
			    " AND action = 'sync.ingest' AND outcome = 'ok' LIMIT 1",
			    0, name, read_one, &found, "audit", err);
	return rc < 0 ? rc : found;
}
