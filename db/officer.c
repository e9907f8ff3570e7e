#include "db/officer.h"

#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

static const char *const role_names[ROLE_COUNT] = { "officer", "supervisor", "trainer", "admin" };

const char *officer_role_name(enum officer_role role)
{
	return (unsigned)role < ROLE_COUNT ? role_names[role] : "?";
}

int officer_role_parse(const char *name, enum officer_role *role)
{
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (name && strcmp(name, role_names[i]) == 0) {
			*role = (enum officer_role)i;
			return 0;
		}
	}
	return -1;
}

#define OFFICER_COLUMNS                                                                            \
	"id, username, full_name, role, language, password_hash, failed_logins, locked, "          \
	"created_at, password_changed_at, last_login_at"

static void read_row(sqlite3_stmt *st, void *out)
{
	struct officer *o = out;
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	db_column_copy(st, 1, o->username, sizeof(o->username));
	db_column_copy(st, 2, o->full_name, sizeof(o->full_name));
	char role[16];
	db_column_copy(st, 3, role, sizeof(role));
	if (officer_role_parse(role, &o->role) < 0)
		o->role = ROLE_OFFICER; /* unreachable: the CHECK constraint holds */
	db_column_copy(st, 4, o->language, sizeof(o->language));
	db_column_copy(st, 5, o->password_hash, sizeof(o->password_hash));
	o->failed_logins = sqlite3_column_int(st, 6);
	o->locked = sqlite3_column_int(st, 7);
	db_column_copy(st, 8, o->created_at, sizeof(o->created_at));
	db_column_copy(st, 9, o->password_changed_at, sizeof(o->password_changed_at));
	db_column_copy(st, 10, o->last_login_at, sizeof(o->last_login_at));
}

int officer_get(struct db *db, const char *username, struct officer *out, struct error *err)
{
	return db_get_one(db, "SELECT " OFFICER_COLUMNS " FROM officers WHERE username = ?1", 0,
			  username, read_row, out, "officer", err);
}

int officer_insert(struct db *db, const struct officer *o, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO officers(username, full_name, role, language, password_hash, "
		       "created_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, o->username);
	db_bind_text(st, 2, o->full_name);
	db_bind_text(st, 3, officer_role_name(o->role));
	db_bind_text(st, 4, o->language);
	db_bind_text(st, 5, o->password_hash);
	db_bind_text(st, 6, o->created_at);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "add officer", err);
}

int officer_list(struct db *db, struct officer **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT " OFFICER_COLUMNS " FROM officers ORDER BY username", &st, err) <
	    0)
		return -ERR_IO;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct officer *grown = realloc(*out, cap * sizeof(**out));
			if (!grown) {
				sqlite3_finalize(st);
				free(*out);
				*out = NULL;
				*n = 0;
				return error_set(err, ERR_IO, "out of memory");
			}
			*out = grown;
		}
		read_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, "list officers", err);
	}
	return 0;
}

int officer_count(struct db *db, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT count(*) FROM officers", &st, err) < 0)
		return -ERR_IO;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n < 0 ? db_fail(db, "count officers", err) : n;
}

/* Runs an UPDATE on one officer and fails when no row matched, so a typo in a user
 * name is reported instead of silently doing nothing. */
static int update_one(struct db *db, const char *sql, const char *username, const char *a,
		      const char *b, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, username);
	if (a)
		db_bind_text(st, 2, a);
	if (b)
		db_bind_text(st, 3, b);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "update officer", err);
	if (sqlite3_changes(db->h) != 1)
		return error_set(err, ERR_USAGE, "no officer '%s'", username);
	return 0;
}

int officer_set_password(struct db *db, const char *username, const char *hash, const char *now,
			 struct error *err)
{
	return update_one(db,
			  "UPDATE officers SET password_hash = ?2, password_changed_at = ?3 "
			  "WHERE username = ?1",
			  username, hash, now, err);
}

int officer_set_locked(struct db *db, const char *username, int locked, struct error *err)
{
	/* unlocking also forgets the failures that led to the lock */
	return update_one(db,
			  locked ? "UPDATE officers SET locked = 1 WHERE username = ?1"
				 : "UPDATE officers SET locked = 0, failed_logins = 0 "
				   "WHERE username = ?1",
			  username, NULL, NULL, err);
}

int officer_set_language(struct db *db, const char *username, const char *lang, struct error *err)
{
	return update_one(db, "UPDATE officers SET language = ?2 WHERE username = ?1", username,
			  lang, NULL, err);
}

int officer_add_failure(struct db *db, const char *username, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "UPDATE officers SET failed_logins = failed_logins + 1 WHERE username = ?1 "
		       "RETURNING failed_logins",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "count failed login", err);
	if (n < 0)
		return error_set(err, ERR_USAGE, "no officer '%s'", username);
	return n;
}

int officer_record_login(struct db *db, const char *username, const char *now, struct error *err)
{
	return update_one(db,
			  "UPDATE officers SET failed_logins = 0, last_login_at = ?2 "
			  "WHERE username = ?1",
			  username, now, NULL, err);
}
