/* The workstation's SQLite database: open, migrate, transactions, settings.
 *
 * One file per workstation (DESIGN.md "Storage"). Opened in WAL mode with
 * synchronous=FULL so that anything committed survives kill -9 and power loss, with
 * foreign keys on, and migrated to the newest schema in one transaction at open. */
#ifndef SHEKARA_DB_H
#define SHEKARA_DB_H

#include <stddef.h>

#include "scanners/error.h"

struct db;

enum db_open_mode {
	DB_OPEN_EXISTING, /* the file must exist; it is migrated if older */
	DB_OPEN_CREATE,   /* the file must not exist; it is created and migrated */
};

int db_open(const char *path, enum db_open_mode mode, struct db **out, struct error *err);
void db_close(struct db **db);
const char *db_path(const struct db *db);

/* The schema version this build knows, and the one the open file has. */
int db_schema_latest(void);
int db_schema_version(struct db *db);

/* BEGIN IMMEDIATE: a writer takes the lock up front, so two processes never deadlock
 * upgrading read locks. Every change and its audit rows go in one of these. */
int db_begin(struct db *db, struct error *err);
int db_commit(struct db *db, struct error *err);
/* A read transaction: one consistent snapshot and one file lock for many statements
 * (a screening query runs dozens). End it with db_commit. */
int db_begin_read(struct db *db, struct error *err);
void db_rollback(struct db *db);
int db_in_transaction(struct db *db);

/* Settings: small key/value facts about this workstation (post, workstation id, demo).
 * db_setting_get returns 1 and fills buf when the key exists, 0 when it does not. */
int db_setting_get(struct db *db, const char *key, char *buf, size_t len, struct error *err);
int db_setting_set(struct db *db, const char *key, const char *value, struct error *err);

#endif
