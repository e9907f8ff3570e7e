/* What db/ modules share with each other and with nobody else. */
#ifndef SHEKARA_DB_INTERNAL_H
#define SHEKARA_DB_INTERNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "db/db.h"

enum { DB_STMT_CACHE = 48 };

struct db {
	sqlite3 *h;
	char path[4096];
	/* statements run many times per second (imports, screening), kept prepared;
	 * keyed by the address of their static SQL text */
	const char *cached_sql[DB_STMT_CACHE];
	sqlite3_stmt *cached[DB_STMT_CACHE];
};

/* Prepares sql or fills err with the statement's failure. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct error *err);
/* A prepared statement for static SQL, reset and unbound, owned by the cache: never
 * finalize it. For hot paths only; one-off statements use db_prepare. */
int db_cached(struct db *db, const char *sql, sqlite3_stmt **st, struct error *err);
/* Fills err from the handle's last error, prefixed with what was being done. */
int db_fail(struct db *db, const char *doing, struct error *err);
/* Binds text, or NULL when s is NULL. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Runs sql (one statement, ?1 bound to key, or to text when text is not NULL) and
 * reads its first row with read(st, out): 1 when there was a row, 0 when none,
 * negative (err filled, naming doing) on failure. For the many "get one" lookups. */
int db_get_one(struct db *db, const char *sql, int64_t key, const char *text,
	       void (*read)(sqlite3_stmt *st, void *out), void *out, const char *doing,
	       struct error *err);
/* Copies column text into buf (empty string for NULL), truncating safely. */
void db_column_copy(sqlite3_stmt *st, int col, char *buf, size_t len);
/* Steps sql (no parameters) and reads every row with read into a growing array of
 * size-byte rows: *out malloc'd (free() it), *n rows. */
int db_list_rows(struct db *db, const char *sql, size_t size,
		 void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		 const char *doing, struct error *err);
/* The same with ?1 bound to key when sql has a parameter. */
int db_list_rows_by(struct db *db, const char *sql, int64_t key, size_t size,
		    void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		    const char *doing, struct error *err);
/* The same with ?1 bound to text. */
int db_list_rows_text(struct db *db, const char *sql, const char *text, size_t size,
		      void (*read)(sqlite3_stmt *st, void *out), void **out, size_t *n,
		      const char *doing, struct error *err);
/* The schema migrations, in order (db/schema.c). */
struct db_migration {
	int version;
	const char *what;
	const char *sql; /* ends by setting PRAGMA user_version to version */
};
extern const struct db_migration db_migrations[];
extern const int db_migration_count;

#endif
