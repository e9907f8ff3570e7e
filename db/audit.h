/* The audit chain: append-only rows, each hashed together with the hash of the row
 * before it (DESIGN.md "Storage"), so that changing, deleting or reordering any row
 * breaks every hash after it.
 *
 *   hash(n) = SHA-256(hash(n-1) || canonical(row n)),   hash(0) = 32 zero bytes
 *
 * canonical(row) is the tag "shekara-audit-v1" followed by each field, in column order,
 * as a 4-byte big-endian length and its bytes; seq is written as decimal text. */
#ifndef SHEKARA_DB_AUDIT_H
#define SHEKARA_DB_AUDIT_H

#include <stdint.h>

#include "db/db.h"

#define AUDIT_HASH_LEN 32

/* Who and where. The post and workstation come from the database's settings. */
struct audit_actor {
	const char *officer; /* username, or "-" for the system itself */
	const char *role;    /* role at the time, or "system" */
	const char *post;
	const char *workstation;
};

/* What. action is a dotted machine name ("login", "officer.add"), never translated. */
struct audit_event {
	const char *action;
	const char *object_type;
	const char *object_id;
	const char *outcome; /* "ok", "failure", "denied", ... */
	const char *detail;  /* may be NULL */
};

struct audit_row {
	int64_t seq;
	const char *ts_utc;
	const char *officer;
	const char *role;
	const char *post;
	const char *workstation;
	const char *action;
	const char *object_type;
	const char *object_id;
	const char *outcome;
	const char *detail;
	const unsigned char *hash;
	int hash_len;
};

/* Appends one row. Must be called inside the transaction of the change it records
 * (db_begin), so the change and its audit row commit or vanish together. */
int audit_append(struct db *db, const struct audit_actor *who, const struct audit_event *what,
		 struct error *err);

/* Computes the hash of row given the previous hash. */
void audit_row_hash(const unsigned char prev[AUDIT_HASH_LEN], const struct audit_row *row,
		    unsigned char out[AUDIT_HASH_LEN]);

enum audit_break {
	AUDIT_INTACT,
	AUDIT_GAP,          /* a row is missing or renumbered: expected_seq, bad_seq */
	AUDIT_HASH,         /* the row or the order before it was changed */
	AUDIT_TRUNCATED,    /* rows cut off the end: last row bad_seq - 1, head_seq */
	AUDIT_HEAD_MISSING, /* rows exist but the chain head is gone */
};

struct audit_verify_result {
	enum audit_break kind;
	int64_t expected_seq;
	int64_t head_seq;
	int64_t rows;      /* rows checked */
	int64_t bad_seq;   /* first bad row's seq (0 when intact) */
	int64_t bad_index; /* its position in the chain, counting from 1 */
	char reason[256];  /* what is wrong with it, in English (machine output) */
};

/* Walks the whole chain. Returns 0 when it is intact, 1 when it is broken (with
 * res->bad_seq and reason set), negative on a database error. */
int audit_verify(struct db *db, struct audit_verify_result *res, struct error *err);
/* The same over the audit table of another SQLite file (headquarters' replica of a
 * workstation, which has no head row of its own), read only: 0 intact with the last
 * row's seq and hash in head_seq and head_hex, 1 broken, negative when unreadable. */
int audit_verify_file(const char *path, struct audit_verify_result *res, int64_t *head_seq,
		      char head_hex[2 * AUDIT_HASH_LEN + 1], struct error *err);

/* The chain head as recorded now: its seq and hash in lower-case hex (seq 0 and "" when
 * the chain is empty). For shift reports, to be countersigned on paper. */
int audit_head_get(struct db *db, int64_t *seq, char hex[2 * AUDIT_HASH_LEN + 1],
		   struct error *err);

struct audit_filter {
	const char *since;   /* ISO date or timestamp; rows at or after it. NULL: all */
	const char *officer; /* NULL: everyone */
	int newest_first;
	int limit; /* 0: no limit */
};

/* Calls cb for every row that passes the filter; a non-zero return from cb stops the
 * walk and is returned. The row's strings live only during the call. */
int audit_foreach(struct db *db, const struct audit_filter *filter,
		  int (*cb)(const struct audit_row *row, void *ctx), void *ctx, struct error *err);

#endif
