#include "db/db_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n/i18n.h"

int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct error *err)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, "prepare", err);
	}
	return 0;
}

int db_cached(struct db *db, const char *sql, sqlite3_stmt **st, struct error *err)
{
	int free_slot = -1;
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		if (db->cached_sql[i] == sql) {
			*st = db->cached[i];
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return 0;
		}
		if (!db->cached_sql[i] && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return error_set(err, ERR_IO, "statement cache full");
	if (db_prepare(db, sql, st, err) < 0)
		return -ERR_IO;
	db->cached_sql[free_slot] = sql;
	db->cached[free_slot] = *st;
	return 0;
}

int db_fail(struct db *db, const char *doing, struct error *err)
{
	return error_set(err, ERR_IO, _("database error in '%s' (%s): %s"), db->path, doing,
			 sqlite3_errmsg(db->h));
}

int db_get_one(struct db *db, const char *sql, int64_t key, const char *text,
	       void (*read)(sqlite3_stmt *st, void *out), void *out, const char *doing,
	       struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -ERR_IO;
	if (text)
		db_bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		read(st, out);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(db, doing, err);
	}
	sqlite3_finalize(st);
	return found;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

void db_column_copy(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (len == 0)
		return;
	snprintf(buf, len, "%s", t ? (const char *)t : "");
}

int db_schema_latest(void)
{
	return db_migrations[db_migration_count - 1].version;
}

static int read_user_version(struct db *db, int *version, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "PRAGMA user_version", &st, err) < 0)
		return -ERR_IO;
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "user_version", err);
	return 0;
}

int db_schema_version(struct db *db)
{
	int v = -1;
	read_user_version(db, &v, NULL);
	return v;
}

static int exec(struct db *db, const char *sql, const char *doing, struct error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(err, ERR_IO, _("database error in '%s' (%s): %s"), db->path, doing,
			  msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -ERR_IO;
	}
	return 0;
}

static void refuse_newer(struct db *db, int version, struct error *err)
{
	error_set(err, ERR_IO,
		  _("database '%s' has schema version %d but this program knows only up to %d; "
		    "use a newer version of shekara"),
		  db->path, version, db_schema_latest());
}

/* All pending migrations run in one transaction: a file is either at its old version or
 * at the newest, never half-way, even if the power fails during the upgrade. */
static int migrate(struct db *db, struct error *err)
{
	int version;
	if (db_begin(db, err) < 0)
		return -ERR_IO;
	if (read_user_version(db, &version, err) < 0)
		goto fail;
	if (version > db_schema_latest()) { /* another process upgraded it meanwhile */
		refuse_newer(db, version, err);
		goto fail;
	}
	for (int i = 0; i < db_migration_count; i++) {
		const struct db_migration *m = &db_migrations[i];
		if (m->version <= version)
			continue;
		if (exec(db, m->sql, m->what, err) < 0)
			goto fail;
		int now;
		if (read_user_version(db, &now, err) < 0)
			goto fail;
		if (now != m->version) {
			error_set(err, ERR_IO, "migration %d did not set user_version", m->version);
			goto fail;
		}
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -ERR_IO;
}

int db_open(const char *path, enum db_open_mode mode, struct db **out, struct error *err)
{
	*out = NULL;
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	if (mode == DB_OPEN_EXISTING && !exists)
		return error_set(err, ERR_IO,
				 _("database '%s' does not exist; create it with 'shekara init'"),
				 path);
	if (mode == DB_OPEN_CREATE && exists)
		return error_set(err, ERR_USAGE,
				 _("database '%s' already exists; refusing to overwrite it"), path);

	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		return error_set(err, ERR_IO, _("out of memory"));
	snprintf(db->path, sizeof(db->path), "%s", path);

	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (mode == DB_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		error_set(err, ERR_IO, _("cannot open database '%s': %s"), path,
			  db->h ? sqlite3_errmsg(db->h) : strerror(errno));
		db_close(&db);
		return -ERR_IO;
	}
	if (mode == DB_OPEN_CREATE)
		chmod(path, 0600); /* personal data: owner only, whatever the umask */
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);

	/* A file from a newer program is refused before anything writes to it: even
	 * switching the journal mode would change its header. Reading user_version also
	 * fails cleanly ("file is not a database") for a file that is not SQLite. */
	int version;
	if (read_user_version(db, &version, err) < 0)
		goto fail;
	if (version > db_schema_latest()) {
		refuse_newer(db, version, err);
		goto fail;
	}

	/* journal_mode returns a row; WAL cannot be set inside a transaction */
	sqlite3_stmt *st;
	if (db_prepare(db, "PRAGMA journal_mode=WAL", &st, err) < 0)
		goto fail;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(db, "journal_mode", err);
		goto fail;
	}
	/* 32 MB of page cache: a screening query touches a few hundred index pages, and
	 * without it each is a read system call (measured: 3x slower at 1M entries) */
	if (exec(db,
		 "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;"
		 "PRAGMA cache_size=-32000;",
		 "pragmas", err) < 0)
		goto fail;
	if (migrate(db, err) < 0)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(&db);
	if (mode == DB_OPEN_CREATE && !exists) {
		/* a half-made file would look like a database next time: remove it */
		unlink(path);
		char side[4200];
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	return err && err->code ? -(int)err->code : -ERR_IO;
}

void db_close(struct db **db)
{
	if (!db || !*db)
		return;
	for (int i = 0; i < DB_STMT_CACHE; i++)
		if ((*db)->cached[i])
			sqlite3_finalize((*db)->cached[i]);
	if ((*db)->h)
		sqlite3_close_v2((*db)->h);
	free(*db);
	*db = NULL;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int db_begin(struct db *db, struct error *err)
{
	return exec(db, "BEGIN IMMEDIATE", "begin", err);
}

int db_begin_read(struct db *db, struct error *err)
{
	return exec(db, "BEGIN DEFERRED", "begin", err);
}

int db_commit(struct db *db, struct error *err)
{
	if (exec(db, "COMMIT", "commit", err) < 0) {
		db_rollback(db);
		return -ERR_IO;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int db_setting_get(struct db *db, const char *key, char *buf, size_t len, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?1", &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	int found = 0;
	if (rc == SQLITE_ROW) {
		db_column_copy(st, 0, buf, len);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		db_fail(db, "settings", err);
		found = -ERR_IO;
	}
	sqlite3_finalize(st);
	return found;
}

int db_setting_set(struct db *db, const char *key, const char *value, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO settings(key, value) VALUES (?1, ?2) "
		       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "settings", err);
}

/* Steps sql and reads every row with read into a growing array of size-byte rows. */
int db_list_rows(struct db *db, const char *sql, size_t size,
		 void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		 const char *doing, struct error *err)
{
	return db_list_rows_by(db, sql, 0, size, read, out, n, doing, err);
}

static int list_rows(struct db *db, const char *sql, int64_t key, const char *text, size_t size,
		     void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		     const char *doing, struct error *err);

int db_list_rows_by(struct db *db, const char *sql, int64_t key, size_t size,
		    void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		    const char *doing, struct error *err)
{
	return list_rows(db, sql, key, NULL, size, read, out, n, doing, err);
}

int db_list_rows_text(struct db *db, const char *sql, const char *text, size_t size,
		      void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		      const char *doing, struct error *err)
{
	return list_rows(db, sql, 0, text, size, read, out, n, doing, err);
}

static int list_rows(struct db *db, const char *sql, int64_t key, const char *text, size_t size,
		     void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		     const char *doing, struct error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -ERR_IO;
	if (sqlite3_bind_parameter_count(st) > 0) {
		if (text)
			db_bind_text(st, 1, text);
		else
			sqlite3_bind_int64(st, 1, key);
	}
	size_t cap = 0;
	unsigned char *rows = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			unsigned char *grown = realloc(rows, cap * size);
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			rows = grown;
		}
		read(st, rows + (*n)++ * size);
	}
	int status = rc == SQLITE_DONE ? 0 : db_fail(db, doing, err);
	sqlite3_finalize(st);
	if (status < 0) {
		free(rows);
		*n = 0;
		return status;
	}
	*out = rows;
	return 0;
}
