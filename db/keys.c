#include "db/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"
#include "i18n/i18n.h"

#define KEY_COLUMNS                                                                                \
	"id, role, name, key_id, public, training, status, added_at, added_by,"                    \
	" coalesce(replaced_by, ''), private IS NOT NULL"

static void read_key(sqlite3_stmt *st, void *out)
{
	struct key_row *r = out;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	db_column_copy(st, 1, r->role, sizeof(r->role));
	db_column_copy(st, 2, r->name, sizeof(r->name));
	db_column_copy(st, 3, r->key_id, sizeof(r->key_id));
	const void *pub = sqlite3_column_blob(st, 4);
	if (pub && sqlite3_column_bytes(st, 4) == KEYS_PUB_LEN)
		memcpy(r->pub, pub, KEYS_PUB_LEN);
	r->training = sqlite3_column_int(st, 5) != 0;
	db_column_copy(st, 6, r->status, sizeof(r->status));
	db_column_copy(st, 7, r->added_at, sizeof(r->added_at));
	db_column_copy(st, 8, r->added_by, sizeof(r->added_by));
	db_column_copy(st, 9, r->replaced_by, sizeof(r->replaced_by));
	r->has_private = sqlite3_column_int(st, 10) != 0;
}

int keys_store_add(struct db *db, struct key_row *r, const unsigned char *priv, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO sync_keys(role, name, key_id, public, private, training, status,"
		    " added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8)",
		    &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, r->role);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->key_id);
	sqlite3_bind_blob(st, 4, r->pub, KEYS_PUB_LEN, SQLITE_TRANSIENT);
	if (priv)
		sqlite3_bind_blob(st, 5, priv, KEYS_PRIV_LEN, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, r->training ? 1 : 0);
	db_bind_text(st, 7, r->added_at);
	db_bind_text(st, 8, r->added_by);
	int rc = sqlite3_step(st);
	int status = 0;
	if (rc == SQLITE_CONSTRAINT)
		status = error_set(err, ERR_USAGE,
				   _("key '%s' cannot be added: it is already known here, or "
				     "another key of its kind is active"),
				   r->key_id);
	else if (rc != SQLITE_DONE)
		status = db_fail(db, "sync key", err);
	sqlite3_finalize(st);
	if (status < 0)
		return status;
	r->id = sqlite3_last_insert_rowid(db->h);
	snprintf(r->status, sizeof(r->status), "active");
	r->replaced_by[0] = '\0';
	r->has_private = priv != NULL;
	return 0;
}

int keys_store_get(struct db *db, const char *key_id, struct key_row *out, struct error *err)
{
	return db_get_one(db, "SELECT " KEY_COLUMNS " FROM sync_keys WHERE key_id = ?1", 0, key_id,
			  read_key, out, "sync key", err);
}

int keys_store_active(struct db *db, const char *role, const char *name, struct key_row *out,
		      struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT " KEY_COLUMNS " FROM sync_keys WHERE role = ?1 AND status = 'active'"
		       " AND (?2 IS NULL OR name = ?2) ORDER BY id DESC LIMIT 1",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, role);
	db_bind_text(st, 2, name);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		read_key(st, out);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(db, "sync key", err);
	}
	sqlite3_finalize(st);
	return found;
}

int keys_store_private(struct db *db, const char *key_id, unsigned char priv[KEYS_PRIV_LEN],
		       struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT private FROM sync_keys WHERE key_id = ?1 AND status = 'active'"
		       " AND private IS NOT NULL",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, key_id);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == KEYS_PRIV_LEN) {
		memcpy(priv, sqlite3_column_blob(st, 0), KEYS_PRIV_LEN);
		found = 1;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		found = db_fail(db, "sync key", err);
	}
	sqlite3_finalize(st);
	return found;
}

int keys_store_list(struct db *db, const char *role, int active_only, struct key_row **out,
		    size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT " KEY_COLUMNS " FROM sync_keys WHERE (?1 IS NULL OR role = ?1)"
		       " AND (?2 = 0 OR status = 'active') ORDER BY role, name, id",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, role);
	sqlite3_bind_int(st, 2, active_only ? 1 : 0);
	size_t cap = 0;
	struct key_row *rows = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct key_row *grown = realloc(rows, cap * sizeof(*grown));
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			rows = grown;
		}
		read_key(st, &rows[(*n)++]);
	}
	int status = rc == SQLITE_DONE ? 0 : db_fail(db, "sync keys", err);
	sqlite3_finalize(st);
	if (status < 0) {
		free(rows);
		*n = 0;
		return status;
	}
	*out = rows;
	return 0;
}

int keys_store_retire(struct db *db, const char *key_id, const char *status,
		      const char *replaced_by, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "UPDATE sync_keys SET status = ?2, replaced_by = ?3, private = NULL"
		       " WHERE key_id = ?1 AND status = 'active'",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, key_id);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, replaced_by);
	int rc = sqlite3_step(st);
	int changed = rc == SQLITE_DONE ? sqlite3_changes(db->h) > 0 : db_fail(db, "sync key", err);
	sqlite3_finalize(st);
	return changed;
}
