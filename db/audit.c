#include "db/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "db/db_internal.h"
#include "scanners/clock.h"
#include "i18n/i18n.h"

static void feed(EVP_MD_CTX *md, const char *s, size_t len)
{
	unsigned char be[4] = { (unsigned char)(len >> 24), (unsigned char)(len >> 16),
				(unsigned char)(len >> 8), (unsigned char)len };
	EVP_DigestUpdate(md, be, sizeof(be));
	EVP_DigestUpdate(md, s, len);
}

static void feed_str(EVP_MD_CTX *md, const char *s)
{
	feed(md, s ? s : "", s ? strlen(s) : 0);
}

void audit_row_hash(const unsigned char prev[AUDIT_HASH_LEN], const struct audit_row *row,
		    unsigned char out[AUDIT_HASH_LEN])
{
	static const char tag[] = "shekara-audit-v1";
	char seq[24];
	int seqlen = snprintf(seq, sizeof(seq), "%" PRId64, row->seq);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 0;
	/* A failure here means OpenSSL itself is broken; a zero hash then fails verify
	 * instead of passing silently. */
	memset(out, 0, AUDIT_HASH_LEN);
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return;
	}
	EVP_DigestUpdate(md, prev, AUDIT_HASH_LEN);
	feed(md, tag, sizeof(tag) - 1);
	feed(md, seq, (size_t)seqlen);
	feed_str(md, row->ts_utc);
	feed_str(md, row->officer);
	feed_str(md, row->role);
	feed_str(md, row->post);
	feed_str(md, row->workstation);
	feed_str(md, row->action);
	feed_str(md, row->object_type);
	feed_str(md, row->object_id);
	feed_str(md, row->outcome);
	feed_str(md, row->detail);
	EVP_DigestFinal_ex(md, out, &len);
	EVP_MD_CTX_free(md);
}

int audit_append(struct db *db, const struct audit_actor *who, const struct audit_event *what,
		 struct error *err)
{
	if (!db_in_transaction(db))
		return error_set(err, ERR_IO, "audit_append outside a transaction");

	unsigned char prev[AUDIT_HASH_LEN] = { 0 };
	int64_t seq = 1;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &st, err) < 0)
		return -ERR_IO;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASH_LEN)
			memcpy(prev, sqlite3_column_blob(st, 1), AUDIT_HASH_LEN);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "audit", err);

	char ts[32];
	clock_utc_iso(ts, sizeof(ts));
	struct audit_row row = {
		.seq = seq,
		.ts_utc = ts,
		.officer = who->officer ? who->officer : "-",
		.role = who->role ? who->role : "-",
		.post = who->post ? who->post : "",
		.workstation = who->workstation ? who->workstation : "",
		.action = what->action,
		.object_type = what->object_type ? what->object_type : "",
		.object_id = what->object_id ? what->object_id : "",
		.outcome = what->outcome ? what->outcome : "ok",
		.detail = what->detail ? what->detail : "",
	};
	unsigned char hash[AUDIT_HASH_LEN];
	audit_row_hash(prev, &row, hash);

	if (db_prepare(db,
		       "INSERT INTO audit(seq, ts_utc, officer, role, post, workstation, action, "
		       "object_type, object_id, outcome, detail, hash) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, row.seq);
	db_bind_text(st, 2, row.ts_utc);
	db_bind_text(st, 3, row.officer);
	db_bind_text(st, 4, row.role);
	db_bind_text(st, 5, row.post);
	db_bind_text(st, 6, row.workstation);
	db_bind_text(st, 7, row.action);
	db_bind_text(st, 8, row.object_type);
	db_bind_text(st, 9, row.object_id);
	db_bind_text(st, 10, row.outcome);
	db_bind_text(st, 11, row.detail);
	sqlite3_bind_blob(st, 12, hash, AUDIT_HASH_LEN, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "audit", err);
}

static const char *text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

static void read_row(sqlite3_stmt *st, struct audit_row *row)
{
	row->seq = sqlite3_column_int64(st, 0);
	row->ts_utc = text(st, 1);
	row->officer = text(st, 2);
	row->role = text(st, 3);
	row->post = text(st, 4);
	row->workstation = text(st, 5);
	row->action = text(st, 6);
	row->object_type = text(st, 7);
	row->object_id = text(st, 8);
	row->outcome = text(st, 9);
	row->detail = text(st, 10);
	row->hash = sqlite3_column_blob(st, 11);
	row->hash_len = sqlite3_column_bytes(st, 11);
}

#define AUDIT_COLUMNS                                                                              \
	"seq, ts_utc, officer, role, post, workstation, action, object_type, object_id, "          \
	"outcome, detail, hash"

static int check_head(struct db *db, int64_t last_seq, const unsigned char *last_hash,
		      struct audit_verify_result *res, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT seq, hash FROM audit_head WHERE id = 1", &st, err) < 0)
		return -ERR_IO;
	int rc = sqlite3_step(st), broken = 0;
	if (rc == SQLITE_ROW) {
		int64_t head_seq = sqlite3_column_int64(st, 0);
		if (head_seq != last_seq || sqlite3_column_bytes(st, 1) != AUDIT_HASH_LEN ||
		    memcmp(sqlite3_column_blob(st, 1), last_hash, AUDIT_HASH_LEN) != 0) {
			broken = 1;
			res->kind = AUDIT_TRUNCATED;
			res->head_seq = head_seq;
			res->bad_seq = last_seq + 1;
			res->bad_index = res->rows + 1;
			snprintf(res->reason, sizeof(res->reason),
				 "chain ends at row %" PRId64 " but its head records row %" PRId64
				 ": rows were removed from the end",
				 last_seq, head_seq);
		}
	} else if (rc == SQLITE_DONE && last_seq != 0) {
		broken = 1;
		res->kind = AUDIT_HEAD_MISSING;
		res->bad_seq = 1;
		res->bad_index = 1;
		snprintf(res->reason, sizeof(res->reason), "the chain head is missing");
	} else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		broken = db_fail(db, "audit head", err);
	}
	sqlite3_finalize(st);
	return broken;
}

int audit_head_get(struct db *db, int64_t *seq, char hex[2 * AUDIT_HASH_LEN + 1], struct error *err)
{
	*seq = 0;
	hex[0] = '\0';
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT seq, lower(hex(hash)) FROM audit_head WHERE id = 1", &st, err) <
	    0)
		return -ERR_IO;
	int rc = sqlite3_step(st), out = 0;
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, hex, 2 * AUDIT_HASH_LEN + 1);
	} else if (rc != SQLITE_DONE) {
		out = db_fail(db, "audit head", err);
	}
	sqlite3_finalize(st);
	return out;
}

/* Walks the chain of db's audit table: 1 broken (res filled), 0 intact with the last
 * row's seq and hash, negative on a database error. */
static int walk(struct db *db, struct audit_verify_result *res, int64_t *last,
		unsigned char prev[AUDIT_HASH_LEN], struct error *err)
{
	memset(res, 0, sizeof(*res));
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY seq", &st, err) < 0)
		return -ERR_IO;
	unsigned char want[AUDIT_HASH_LEN];
	int64_t last_seq = 0;
	memset(prev, 0, AUDIT_HASH_LEN);
	int rc, broken = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row row;
		read_row(st, &row);
		res->rows++;
		if (row.seq != last_seq + 1) {
			res->kind = AUDIT_GAP;
			res->expected_seq = last_seq + 1;
			snprintf(res->reason, sizeof(res->reason),
				 "expected row %" PRId64 " next but found row %" PRId64
				 ": rows were deleted or renumbered",
				 last_seq + 1, row.seq);
			broken = 1;
		} else {
			audit_row_hash(prev, &row, want);
			if (row.hash_len != AUDIT_HASH_LEN ||
			    memcmp(want, row.hash, AUDIT_HASH_LEN) != 0) {
				res->kind = AUDIT_HASH;
				snprintf(res->reason, sizeof(res->reason),
					 "hash does not match the row and the rows before it: "
					 "this row or its order was changed");
				broken = 1;
			}
		}
		if (broken) {
			res->bad_seq = row.seq;
			res->bad_index = res->rows;
			break;
		}
		memcpy(prev, row.hash, AUDIT_HASH_LEN);
		last_seq = row.seq;
	}
	sqlite3_finalize(st);
	if (!broken && rc != SQLITE_DONE)
		return db_fail(db, "audit verify", err);
	*last = last_seq;
	return broken;
}

int audit_verify(struct db *db, struct audit_verify_result *res, struct error *err)
{
	unsigned char prev[AUDIT_HASH_LEN];
	int64_t last = 0;
	int rc = walk(db, res, &last, prev, err);
	if (rc != 0)
		return rc;
	return check_head(db, last, prev, res, err);
}

int audit_verify_file(const char *path, struct audit_verify_result *res, int64_t *head_seq,
		      char head_hex[2 * AUDIT_HASH_LEN + 1], struct error *err)
{
	struct db tmp;
	memset(&tmp, 0, sizeof(tmp));
	snprintf(tmp.path, sizeof(tmp.path), "%s", path);
	*head_seq = 0;
	head_hex[0] = '\0';
	if (sqlite3_open_v2(path, &tmp.h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		int rc = db_fail(&tmp, "audit verify", err);
		sqlite3_close(tmp.h);
		return rc;
	}
	unsigned char prev[AUDIT_HASH_LEN];
	int rc = walk(&tmp, res, head_seq, prev, err);
	if (rc == 0)
		for (int i = 0; i < AUDIT_HASH_LEN; i++)
			snprintf(head_hex + 2 * i, 3, "%02x", prev[i]);
	sqlite3_close(tmp.h);
	return rc;
}

/* Rows are stamped "YYYY-MM-DDTHH:MM:SS.mmmZ" and compared as text; a bound given
 * without milliseconds ("...10:00:00Z") would sort after the rows of its own second,
 * since 'Z' > '.', so it is written in the stored form first. */
static void since_key(const char *since, char *out, size_t len)
{
	size_t n = strlen(since);
	if (n < 20 || since[10] != 'T' || since[n - 1] != 'Z') {
		snprintf(out, len, "%s", since);
		return;
	}
	char frac[4] = "000";
	if (since[19] == '.')
		for (size_t i = 0; i < 3 && 20 + i < n - 1; i++)
			frac[i] = since[20 + i];
	snprintf(out, len, "%.19s.%sZ", since, frac);
}

int audit_foreach(struct db *db, const struct audit_filter *filter,
		  int (*cb)(const struct audit_row *row, void *ctx), void *ctx, struct error *err)
{
	static const char *const sql[2] = {
		"SELECT " AUDIT_COLUMNS " FROM audit WHERE (?1 IS NULL OR ts_utc >= ?1) "
		"AND (?2 IS NULL OR officer = ?2) ORDER BY seq ASC LIMIT ?3",
		"SELECT " AUDIT_COLUMNS " FROM audit WHERE (?1 IS NULL OR ts_utc >= ?1) "
		"AND (?2 IS NULL OR officer = ?2) ORDER BY seq DESC LIMIT ?3",
	};
	sqlite3_stmt *st;
	if (db_prepare(db, sql[filter && filter->newest_first], &st, err) < 0)
		return -ERR_IO;
	char since[40];
	if (filter && filter->since)
		since_key(filter->since, since, sizeof(since));
	db_bind_text(st, 1, filter && filter->since ? since : NULL);
	db_bind_text(st, 2, filter ? filter->officer : NULL);
	sqlite3_bind_int64(st, 3, filter && filter->limit > 0 ? filter->limit : -1);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row row;
		read_row(st, &row);
		stop = cb(&row, ctx);
	}
	sqlite3_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "audit", err);
}
