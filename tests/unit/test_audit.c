/* db/audit.c: the append-only, hash-chained audit trail. */
#include "testutil.h"

#include <openssl/evp.h>

#include "scanners/clock.h"

/* Five rows, each in its own transaction, with different details. */
static void append_five(struct db *db)
{
	static const char *const who[] = { "ann", "bob", "ann", "cat", "bob" };
	for (int i = 0; i < 5; i++) {
		char detail[32];
		snprintf(detail, sizeof(detail), "row %d", i + 1);
		tu_append(db, who[i], "test.event", detail);
	}
}

static int verify(struct db *db, struct audit_verify_result *res)
{
	struct error err;
	error_clear(&err);
	int rc = audit_verify(db, res, &err);
	if (rc < 0)
		fail_msg("audit_verify failed: %s", err.msg);
	return rc;
}

static void drop_triggers(struct db *db)
{
	assert_int_equal(tu_exec(db, "DROP TRIGGER audit_no_update; "
				     "DROP TRIGGER audit_no_delete;"),
			 SQLITE_OK);
}

static void test_audit_append_outside_transaction_fails(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct audit_actor who = { "ann", "officer", "P", "W" };
	struct audit_event ev = { .action = "x" };
	assert_true(audit_append(db, &who, &ev, &err) < 0);
	assert_int_not_equal(err.code, ERR_OK);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM audit"), 0);
}

static void test_audit_seq_starts_at_one_and_is_gapless(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	append_five(db);

	/* a rolled-back append must not use up a number */
	struct audit_actor who = { "ann", "officer", "P", "W" };
	struct audit_event ev = { .action = "rolled.back" };
	TU_OK(db_begin(db, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	db_rollback(db);

	/* several rows in one transaction number on */
	TU_OK(db_begin(db, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	TU_OK(db_commit(db, &err), &err);

	struct tu_audit *rows;
	size_t n = tu_all_audit(db, &rows);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].seq, (int64_t)i + 1);
	free(rows);
	assert_int_equal(tu_query_int(db, "SELECT seq FROM audit_head WHERE id = 1"), 7);
}

static void test_audit_append_fills_defaults_for_missing_fields(void **state)
{
	struct db *db = *state;
	struct error err;
	error_clear(&err);
	struct audit_actor who = { NULL, NULL, NULL, NULL };
	struct audit_event ev = { .action = "system.start" };
	TU_OK(db_begin(db, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	TU_OK(db_commit(db, &err), &err);
	struct tu_audit r;
	tu_last_audit(db, &r);
	assert_string_equal(r.officer, "-");
	assert_string_equal(r.role, "-");
	assert_string_equal(r.action, "system.start");
	assert_string_equal(r.outcome, "ok");
	assert_string_equal(r.detail, "");
	assert_int_equal(r.hash_len, AUDIT_HASH_LEN);
	/* ts_utc is the clock's ISO form */
	time_t t;
	assert_int_equal(clock_parse_iso(r.ts_utc, &t), 0);
	assert_int_equal(verify(db, &(struct audit_verify_result){ 0 }), 0);
}

static void test_audit_verify_intact_chain(void **state)
{
	struct db *db = *state;
	append_five(db);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 0);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.kind, AUDIT_INTACT);
	assert_int_equal(res.bad_seq, 0);
	assert_int_equal(res.bad_index, 0);
}

static void test_audit_verify_empty_chain_is_intact(void **state)
{
	struct db *db = *state;
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 0);
	assert_int_equal(res.rows, 0);
	assert_int_equal(res.bad_seq, 0);
}

static void test_audit_verify_detects_changed_row(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "UPDATE audit SET detail = 'row 3, edited' WHERE seq = 3"),
			 SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.kind, AUDIT_HASH);
	assert_int_equal(res.bad_seq, 3);
	assert_int_equal(res.bad_index, 3);
	assert_int_equal(res.rows, 3);
	assert_true(res.reason[0] != '\0');
}

static void test_audit_verify_detects_changed_timestamp(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "UPDATE audit SET ts_utc = '2001-01-01T00:00:00.000Z' "
				     "WHERE seq = 2"),
			 SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 2);
}

/* An attacker who edits a row and recomputes its own hash is caught at the next row,
 * whose hash covers the old one. */
static void test_audit_verify_detects_rehashed_row_at_the_next_row(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);

	struct tu_audit *rows;
	size_t n = tu_all_audit(db, &rows);
	assert_int_equal(n, 5);
	struct audit_row forged = { .seq = 3,
				    .ts_utc = rows[2].ts_utc,
				    .officer = "someone-else",
				    .role = rows[2].role,
				    .post = rows[2].post,
				    .workstation = rows[2].workstation,
				    .action = rows[2].action,
				    .object_type = rows[2].object_type,
				    .object_id = rows[2].object_id,
				    .outcome = rows[2].outcome,
				    .detail = rows[2].detail };
	unsigned char hash[AUDIT_HASH_LEN];
	audit_row_hash(rows[1].hash, &forged, hash);
	free(rows);

	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->h,
					    "UPDATE audit SET officer = 'someone-else', hash = ?1 "
					    "WHERE seq = 3",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(st, 1, hash, AUDIT_HASH_LEN, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);

	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 4);
}

static void test_audit_verify_detects_deleted_middle_row(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "DELETE FROM audit WHERE seq = 3"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	/* the first row out of place is 4, where 3 was expected; both are named */
	assert_int_equal(res.kind, AUDIT_GAP);
	assert_int_equal(res.expected_seq, 3);
	assert_int_equal(res.bad_seq, 4);
	assert_int_equal(res.bad_index, 3);
	TU_CONTAINS(res.reason, "row 3");
	TU_CONTAINS(res.reason, "row 4");
}

static void test_audit_verify_detects_deleted_first_row(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "DELETE FROM audit WHERE seq = 1"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 2);
	assert_int_equal(res.bad_index, 1);
}

static void swap_rows(struct db *db, int a, int b)
{
	char sql[1024];
	/* move a out of the way, copy b's content into a and a's into b, keeping seq */
	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE keep AS SELECT * FROM audit WHERE seq IN (%d, %d);"
		 "UPDATE audit SET (ts_utc, officer, role, post, workstation, action, "
		 "object_type, object_id, outcome, detail, hash) = (SELECT ts_utc, officer, "
		 "role, post, workstation, action, object_type, object_id, outcome, detail, hash "
		 "FROM keep WHERE keep.seq = CASE audit.seq WHEN %d THEN %d ELSE %d END) "
		 "WHERE seq IN (%d, %d);"
		 "DROP TABLE keep;",
		 a, b, a, b, a, a, b);
	assert_int_equal(tu_exec(db, sql), SQLITE_OK);
}

static void test_audit_verify_detects_swapped_rows(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	swap_rows(db, 2, 3);
	/* the swap really happened */
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM audit WHERE seq = 2 AND "
					  "detail = 'row 3'"),
			 1);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 2);
}

static void test_audit_verify_detects_renumbered_rows(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	/* renumber 5 to 6: the chain now has a gap at the end */
	assert_int_equal(tu_exec(db, "UPDATE audit SET seq = 6 WHERE seq = 5"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 6);
}

static void test_audit_verify_detects_deleted_last_row_via_head(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "DELETE FROM audit WHERE seq = 5"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.kind, AUDIT_TRUNCATED);
	assert_int_equal(res.head_seq, 5);
	assert_int_equal(res.bad_seq, 5);
	TU_CONTAINS(res.reason, "removed from the end");
}

static void test_audit_verify_detects_all_rows_deleted(void **state)
{
	struct db *db = *state;
	append_five(db);
	drop_triggers(db);
	assert_int_equal(tu_exec(db, "DELETE FROM audit"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.bad_seq, 1);
}

static void test_audit_verify_detects_missing_head(void **state)
{
	struct db *db = *state;
	append_five(db);
	assert_int_equal(tu_exec(db, "DELETE FROM audit_head"), SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 1);
	assert_int_equal(res.kind, AUDIT_HEAD_MISSING);
	TU_CONTAINS(res.reason, "head");
}

static void test_audit_rows_refuse_update_and_delete(void **state)
{
	struct db *db = *state;
	append_five(db);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(db->h, "UPDATE audit SET detail = 'x' WHERE seq = 2",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	TU_CONTAINS(msg, "append-only");
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(
		sqlite3_exec(db->h, "DELETE FROM audit WHERE seq = 5", NULL, NULL, &msg),
		SQLITE_OK);
	TU_CONTAINS(msg, "append-only");
	sqlite3_free(msg);
	assert_int_not_equal(tu_exec(db, "DELETE FROM audit"), SQLITE_OK);

	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM audit"), 5);
	assert_int_equal(tu_query_int(db, "SELECT count(*) FROM audit WHERE detail = 'row 2'"), 1);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 0);
}

struct seen {
	int64_t seq[64];
	char officer[64][16];
	int n;
};

static int remember(const struct audit_row *row, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 64) {
		s->seq[s->n] = row->seq;
		snprintf(s->officer[s->n], sizeof(s->officer[0]), "%s", row->officer);
		s->n++;
	}
	return 0;
}

static struct seen walk(struct db *db, const struct audit_filter *f)
{
	struct seen s = { 0 };
	struct error err;
	error_clear(&err);
	if (audit_foreach(db, f, remember, &s, &err) != 0)
		fail_msg("audit_foreach: %s", err.msg);
	return s;
}

static void add_dated_rows(struct db *db)
{
	tu_append_at(db, "2026-03-01T08:00:00.000Z", "ann", "a", "1");
	tu_append_at(db, "2026-03-01T23:59:59.999Z", "bob", "a", "2");
	tu_append_at(db, "2026-03-02T00:00:00.000Z", "ann", "a", "3");
	tu_append_at(db, "2026-03-02T10:00:00.250Z", "cat", "a", "4");
	tu_append_at(db, "2026-03-03T09:30:00.000Z", "ann", "a", "5");
}

static void test_audit_foreach_without_filter_walks_all_oldest_first(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_verify_result res;
	assert_int_equal(verify(db, &res), 0); /* the helper chains correctly */
	struct seen s = walk(db, NULL);
	assert_int_equal(s.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(s.seq[i], i + 1);
}

static void test_audit_foreach_filters_since_date(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_filter f = { .since = "2026-03-02" };
	struct seen s = walk(db, &f);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.seq[0], 3);
	assert_int_equal(s.seq[2], 5);

	f.since = "2026-03-04";
	assert_int_equal(walk(db, &f).n, 0);
	f.since = "2020-01-01";
	assert_int_equal(walk(db, &f).n, 5);
}

static void test_audit_foreach_filters_since_exact_timestamp(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_filter f = { .since = "2026-03-02T00:00:00.000Z" };
	struct seen s = walk(db, &f);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.seq[0], 3);
}

/* "2026-03-02T10:00:00Z" is before "2026-03-02T10:00:00.250Z": a row in the second named
 * by a timestamp without milliseconds is at or after it and must be included. */
static void test_audit_foreach_since_timestamp_without_millis_includes_that_second(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_filter f = { .since = "2026-03-02T10:00:00Z" };
	struct seen s = walk(db, &f);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seq[0], 4);
	assert_int_equal(s.seq[1], 5);
}

static void test_audit_foreach_filters_officer(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_filter f = { .officer = "ann" };
	struct seen s = walk(db, &f);
	assert_int_equal(s.n, 3);
	for (int i = 0; i < s.n; i++)
		assert_string_equal(s.officer[i], "ann");
	f.officer = "nobody";
	assert_int_equal(walk(db, &f).n, 0);
}

static void test_audit_foreach_newest_first_with_limit(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	struct audit_filter f = { .newest_first = 1, .limit = 2 };
	struct seen s = walk(db, &f);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seq[0], 5);
	assert_int_equal(s.seq[1], 4);

	f.newest_first = 0;
	s = walk(db, &f);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seq[0], 1);
	assert_int_equal(s.seq[1], 2);

	/* filters combine */
	struct audit_filter g = {
		.since = "2026-03-02", .officer = "ann", .newest_first = 1, .limit = 1
	};
	s = walk(db, &g);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.seq[0], 5);
}

static int stop_after_two(const struct audit_row *row, void *ctx)
{
	int *calls = ctx;
	(*calls)++;
	return row->seq == 2 ? 42 : 0;
}

static void test_audit_foreach_returns_the_callbacks_stop_value(void **state)
{
	struct db *db = *state;
	add_dated_rows(db);
	int calls = 0;
	struct error err;
	error_clear(&err);
	assert_int_equal(audit_foreach(db, NULL, stop_after_two, &calls, &err), 42);
	assert_int_equal(calls, 2);
}

static struct audit_row sample_row(void)
{
	struct audit_row r = { .seq = 17,
			       .ts_utc = "2026-11-22T04:44:21.123Z",
			       .officer = "ann",
			       .role = "officer",
			       .post = "KHORGOS-1",
			       .workstation = "WS-03",
			       .action = "login",
			       .object_type = "officer",
			       .object_id = "ann",
			       .outcome = "ok",
			       .detail = "terminal" };
	return r;
}

static void test_audit_row_hash_is_deterministic_and_covers_every_field(void **state)
{
	(void)state;
	unsigned char prev[AUDIT_HASH_LEN] = { 0 }, base[AUDIT_HASH_LEN], again[AUDIT_HASH_LEN],
		      h[AUDIT_HASH_LEN];
	struct audit_row r = sample_row();
	audit_row_hash(prev, &r, base);
	audit_row_hash(prev, &r, again);
	assert_memory_equal(base, again, AUDIT_HASH_LEN);
	static const unsigned char zero[AUDIT_HASH_LEN] = { 0 };
	assert_memory_not_equal(base, zero, AUDIT_HASH_LEN);

	/* every field, one at a time */
	for (int field = 0; field < 11; field++) {
		struct audit_row m = sample_row();
		switch (field) {
		case 0:
			m.seq = 18;
			break;
		case 1:
			m.ts_utc = "2026-11-22T04:44:21.124Z";
			break;
		case 2:
			m.officer = "ann2";
			break;
		case 3:
			m.role = "admin";
			break;
		case 4:
			m.post = "KHORGOS-2";
			break;
		case 5:
			m.workstation = "WS-04";
			break;
		case 6:
			m.action = "logout";
			break;
		case 7:
			m.object_type = "setting";
			break;
		case 8:
			m.object_id = "bob";
			break;
		case 9:
			m.outcome = "failure";
			break;
		case 10:
			m.detail = "cli";
			break;
		}
		audit_row_hash(prev, &m, h);
		if (memcmp(h, base, AUDIT_HASH_LEN) == 0)
			fail_msg("changing field %d did not change the hash", field);
	}

	/* the previous hash is covered too */
	unsigned char other[AUDIT_HASH_LEN] = { 1 };
	audit_row_hash(other, &r, h);
	assert_memory_not_equal(h, base, AUDIT_HASH_LEN);
}

/* Length prefixes: moving a byte from one field to the next changes the hash. */
static void test_audit_row_hash_separates_fields(void **state)
{
	(void)state;
	unsigned char prev[AUDIT_HASH_LEN] = { 0 }, a[AUDIT_HASH_LEN], b[AUDIT_HASH_LEN];
	struct audit_row r = sample_row();
	r.officer = "ab";
	r.role = "c";
	audit_row_hash(prev, &r, a);
	r.officer = "a";
	r.role = "bc";
	audit_row_hash(prev, &r, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_LEN);

	/* seq 1 + ts "2..." is not seq 12 + ts "..." */
	r = sample_row();
	r.seq = 1;
	r.ts_utc = "2x";
	audit_row_hash(prev, &r, a);
	r.seq = 12;
	r.ts_utc = "x";
	audit_row_hash(prev, &r, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_LEN);
}

static void put(EVP_MD_CTX *md, const char *s)
{
	size_t n = strlen(s);
	unsigned char be[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
				(unsigned char)(n >> 8), (unsigned char)n };
	EVP_DigestUpdate(md, be, 4);
	EVP_DigestUpdate(md, s, n);
}

/* The chain format is what HQ will check independently, so it is pinned to the
 * description in db/audit.h, computed here from scratch. */
static void test_audit_row_hash_matches_documented_canonical_form(void **state)
{
	(void)state;
	unsigned char prev[AUDIT_HASH_LEN], got[AUDIT_HASH_LEN], want[AUDIT_HASH_LEN];
	for (int i = 0; i < AUDIT_HASH_LEN; i++)
		prev[i] = (unsigned char)(i * 7 + 1);
	struct audit_row r = sample_row();
	audit_row_hash(prev, &r, got);

	EVP_MD_CTX *md = EVP_MD_CTX_new();
	assert_non_null(md);
	assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
	EVP_DigestUpdate(md, prev, AUDIT_HASH_LEN);
	const char *fields[] = { "shekara-audit-v1", "17",      r.ts_utc,
				 r.officer,          r.role,    r.post,
				 r.workstation,      r.action,  r.object_type,
				 r.object_id,        r.outcome, r.detail };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		put(md, fields[i]);
	unsigned int len = 0;
	EVP_DigestFinal_ex(md, want, &len);
	EVP_MD_CTX_free(md);
	assert_int_equal(len, AUDIT_HASH_LEN);
	assert_memory_equal(got, want, AUDIT_HASH_LEN);
}

/* Each stored hash is the chain value: row n's hash is computed over row n-1's. */
static void test_audit_stored_hashes_chain_from_zero(void **state)
{
	struct db *db = *state;
	append_five(db);
	struct tu_audit *rows;
	size_t n = tu_all_audit(db, &rows);
	unsigned char prev[AUDIT_HASH_LEN] = { 0 }, h[AUDIT_HASH_LEN];
	for (size_t i = 0; i < n; i++) {
		struct audit_row r = { .seq = rows[i].seq,
				       .ts_utc = rows[i].ts_utc,
				       .officer = rows[i].officer,
				       .role = rows[i].role,
				       .post = rows[i].post,
				       .workstation = rows[i].workstation,
				       .action = rows[i].action,
				       .object_type = rows[i].object_type,
				       .object_id = rows[i].object_id,
				       .outcome = rows[i].outcome,
				       .detail = rows[i].detail };
		audit_row_hash(prev, &r, h);
		assert_memory_equal(h, rows[i].hash, AUDIT_HASH_LEN);
		memcpy(prev, h, AUDIT_HASH_LEN);
	}
	free(rows);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_db, tu_teardown_db)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_audit_append_outside_transaction_fails),
		T(test_audit_seq_starts_at_one_and_is_gapless),
		T(test_audit_append_fills_defaults_for_missing_fields),
		T(test_audit_verify_intact_chain),
		T(test_audit_verify_empty_chain_is_intact),
		T(test_audit_verify_detects_changed_row),
		T(test_audit_verify_detects_changed_timestamp),
		T(test_audit_verify_detects_rehashed_row_at_the_next_row),
		T(test_audit_verify_detects_deleted_middle_row),
		T(test_audit_verify_detects_deleted_first_row),
		T(test_audit_verify_detects_swapped_rows),
		T(test_audit_verify_detects_renumbered_rows),
		T(test_audit_verify_detects_deleted_last_row_via_head),
		T(test_audit_verify_detects_all_rows_deleted),
		T(test_audit_verify_detects_missing_head),
		T(test_audit_rows_refuse_update_and_delete),
		T(test_audit_foreach_without_filter_walks_all_oldest_first),
		T(test_audit_foreach_filters_since_date),
		T(test_audit_foreach_filters_since_exact_timestamp),
		T(test_audit_foreach_since_timestamp_without_millis_includes_that_second),
		T(test_audit_foreach_filters_officer),
		T(test_audit_foreach_newest_first_with_limit),
		T(test_audit_foreach_returns_the_callbacks_stop_value),
		cmocka_unit_test(test_audit_row_hash_is_deterministic_and_covers_every_field),
		cmocka_unit_test(test_audit_row_hash_separates_fields),
		cmocka_unit_test(test_audit_row_hash_matches_documented_canonical_form),
		T(test_audit_stored_hashes_chain_from_zero),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
