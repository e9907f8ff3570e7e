#include "db/cases.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

int case_insert(struct db *db, int64_t crossing_id, const char *kind, const char *now, int64_t *id,
		struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "INSERT INTO cases(crossing_id, kind, opened_at) VALUES (?1, ?2, ?3)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, crossing_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, now);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "add case", err);
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* The reason shown on the queue line: what the officer wrote when referring, or why
 * they admitted over a HIT. */
#define CASE_SELECT                                                                                \
	"SELECT c.id, c.crossing_id, c.kind, c.opened_at, c.status, c.resolution, "                \
	"c.resolution_code, c.resolution_reason, c.resolved_by, c.resolved_at, x.officer, "        \
	"x.surname, x.given_names, x.issuer, x.number, x.verdict, "                                \
	"CASE c.kind WHEN 'override' THEN x.override_reason ELSE x.reason_text END, "              \
	"coalesce(x.override_by, '') "                                                             \
	"FROM cases c JOIN crossings x ON x.id = c.crossing_id "

static void read_case(sqlite3_stmt *st, void *out)
{
	struct case_row *c = out;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->crossing_id = sqlite3_column_int64(st, 1);
	db_column_copy(st, 2, c->kind, sizeof(c->kind));
	db_column_copy(st, 3, c->opened_at, sizeof(c->opened_at));
	db_column_copy(st, 4, c->status, sizeof(c->status));
	db_column_copy(st, 5, c->resolution, sizeof(c->resolution));
	db_column_copy(st, 6, c->resolution_code, sizeof(c->resolution_code));
	db_column_copy(st, 7, c->resolution_reason, sizeof(c->resolution_reason));
	db_column_copy(st, 8, c->resolved_by, sizeof(c->resolved_by));
	db_column_copy(st, 9, c->resolved_at, sizeof(c->resolved_at));
	db_column_copy(st, 10, c->officer, sizeof(c->officer));
	db_column_copy(st, 11, c->surname, sizeof(c->surname));
	db_column_copy(st, 12, c->given_names, sizeof(c->given_names));
	db_column_copy(st, 13, c->issuer, sizeof(c->issuer));
	db_column_copy(st, 14, c->number, sizeof(c->number));
	db_column_copy(st, 15, c->verdict, sizeof(c->verdict));
	db_column_copy(st, 16, c->reason, sizeof(c->reason));
	db_column_copy(st, 17, c->override_by, sizeof(c->override_by));
}

int case_queue(struct db *db, struct case_row *out, int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       CASE_SELECT "WHERE c.status = 'open' ORDER BY c.opened_at, c.id LIMIT ?1",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int(st, 1, max > 0 ? max : 0);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		read_case(st, &out[n++]);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, "case queue", err);
	return n;
}

int case_get(struct db *db, int64_t id, struct case_row *out, struct error *err)
{
	return db_get_one(db, CASE_SELECT "WHERE c.id = ?1", id, NULL, read_case, out, "case", err);
}

int case_of_crossing(struct db *db, int64_t crossing_id, struct case_row *out, struct error *err)
{
	return db_get_one(db, CASE_SELECT "WHERE c.crossing_id = ?1", crossing_id, NULL, read_case,
			  out, "case", err);
}

int case_resolve(struct db *db, int64_t id, const char *resolution, const char *code,
		 const char *reason, const char *by, const char *now, struct error *err)
{
	sqlite3_stmt *st;
	/* only an open case matches, so the resolve-once trigger is the second line of
	 * defence, not the way a repeat is noticed */
	if (db_prepare(db,
		       "UPDATE cases SET status = 'closed', resolution = ?2, resolution_code = ?3, "
		       "resolution_reason = ?4, resolved_by = ?5, resolved_at = ?6 "
		       "WHERE id = ?1 AND status = 'open'",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, resolution);
	db_bind_text(st, 3, code ? code : "");
	db_bind_text(st, 4, reason);
	db_bind_text(st, 5, by);
	db_bind_text(st, 6, now);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "resolve case", err);
	if (sqlite3_changes(db->h) == 1)
		return 0;
	struct case_row c;
	int found = case_get(db, id, &c, err);
	if (found < 0)
		return found;
	if (!found)
		return error_set(err, ERR_USAGE, "no case %" PRId64, id);
	return error_set(err, ERR_FINDING, "case %" PRId64 " is already closed", id);
}

int case_note_add(struct db *db, int64_t case_id, const char *officer, const char *now,
		  const char *text, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO case_notes(case_id, officer, at, text) VALUES (?1, ?2, ?3, ?4)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, case_id);
	db_bind_text(st, 2, officer);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, text);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "add note", err);
}

int case_notes(struct db *db, int64_t case_id, struct case_note *out, int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT officer, at, text FROM case_notes WHERE case_id = ?1 "
		       "ORDER BY at, id LIMIT ?2",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int(st, 2, max > 0 ? max : 0);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct case_note *note = &out[n++];
		db_column_copy(st, 0, note->officer, sizeof(note->officer));
		db_column_copy(st, 1, note->at, sizeof(note->at));
		db_column_copy(st, 2, note->text, sizeof(note->text));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, "case notes", err);
	return n;
}

int case_audit(struct db *db, int64_t case_id, int64_t crossing_id, struct case_audit_row *out,
	       int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "SELECT seq, ts_utc, officer, role, action, object_type, object_id, outcome, "
		    "detail FROM (SELECT * FROM audit WHERE (object_type = 'case' AND "
		    "object_id = ?1) OR (object_type = 'crossing' AND object_id = ?2) "
		    "ORDER BY action = 'case.view', seq DESC LIMIT ?3) ORDER BY seq",
		    &st, err) < 0)
		return -ERR_IO;
	char cid[24], xid[24];
	snprintf(cid, sizeof(cid), "%" PRId64, case_id);
	snprintf(xid, sizeof(xid), "%" PRId64, crossing_id);
	db_bind_text(st, 1, cid);
	db_bind_text(st, 2, xid);
	sqlite3_bind_int(st, 3, max > 0 ? max : 0);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct case_audit_row *r = &out[n++];
		r->seq = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, r->ts_utc, sizeof(r->ts_utc));
		db_column_copy(st, 2, r->officer, sizeof(r->officer));
		db_column_copy(st, 3, r->role, sizeof(r->role));
		db_column_copy(st, 4, r->action, sizeof(r->action));
		db_column_copy(st, 5, r->object_type, sizeof(r->object_type));
		db_column_copy(st, 6, r->object_id, sizeof(r->object_id));
		db_column_copy(st, 7, r->outcome, sizeof(r->outcome));
		db_column_copy(st, 8, r->detail, sizeof(r->detail));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, "case audit", err);
	return n;
}

/* --- shift figures ------------------------------------------------------------------ */

/* The shifts go in as one bound parameter, a JSON array of ids read with json_each, so
 * the SQL text stays fixed whatever the number of shifts. */
#define IN_SHIFTS   " shift_id IN (SELECT value FROM json_each(?1)) "
#define X_IN_SHIFTS " x.shift_id IN (SELECT value FROM json_each(?1)) "

static int bind_shifts(sqlite3_stmt *st, const char *ids)
{
	return db_bind_text(st, 1, ids);
}

static int counts(struct db *db, const char *ids, struct shift_figures *f, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "SELECT count(*), "
		    "coalesce(sum(direction = 'entry'), 0), coalesce(sum(direction = 'exit'), 0), "
		    "coalesce(sum(decision = 'admit'), 0), coalesce(sum(decision = 'refuse'), 0), "
		    "coalesce(sum(decision = 'refer'), 0), coalesce(sum(verdict = 'hit'), 0), "
		    "coalesce(sum(verdict = 'check' AND EXISTS (SELECT 1 FROM crossing_hits h "
		    "WHERE h.crossing_id = x.id AND h.band = 'POSSIBLE')), 0), "
		    "coalesce(sum(override_by IS NOT NULL AND override_by <> ''), 0) "
		    "FROM crossings x WHERE" IN_SHIFTS,
		    &st, err) < 0)
		return -ERR_IO;
	bind_shifts(st, ids);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		f->travellers = sqlite3_column_int(st, 0);
		f->entries = sqlite3_column_int(st, 1);
		f->exits = sqlite3_column_int(st, 2);
		f->admitted = sqlite3_column_int(st, 3);
		f->refused = sqlite3_column_int(st, 4);
		f->referred = sqlite3_column_int(st, 5);
		f->hits = sqlite3_column_int(st, 6);
		f->possibles = sqlite3_column_int(st, 7);
		f->overrides_total = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "shift figures", err);
}

static int refusals(struct db *db, const char *ids, struct shift_figures *f, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT reason_code, count(*) FROM crossings WHERE decision = 'refuse' "
		       "AND" IN_SHIFTS "GROUP BY reason_code ORDER BY reason_code",
		       &st, err) < 0)
		return -ERR_IO;
	bind_shifts(st, ids);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && f->n_reasons < REPORT_MAX_REASONS) {
		db_column_copy(st, 0, f->refusals[f->n_reasons].code,
			       sizeof(f->refusals[f->n_reasons].code));
		f->refusals[f->n_reasons++].n = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, "refusals", err);
}

static int referrals(struct db *db, const char *ids, struct shift_figures *f, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT coalesce(sum(c.status = 'open'), 0), "
		       "coalesce(sum(c.status = 'closed'), 0) FROM cases c JOIN crossings x "
		       "ON x.id = c.crossing_id WHERE c.kind = 'referral' AND" X_IN_SHIFTS,
		       &st, err) < 0)
		return -ERR_IO;
	bind_shifts(st, ids);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		f->referrals_open = sqlite3_column_int(st, 0);
		f->referrals_closed = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "referrals", err);
}

static int overrides(struct db *db, const char *ids, struct shift_figures *f, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "SELECT id, decided_at, officer, override_by, "
		    "surname || CASE WHEN given_names <> '' THEN ', ' || given_names ELSE '' END, "
		    "coalesce(override_reason, '') FROM crossings "
		    "WHERE override_by IS NOT NULL AND override_by <> '' AND" IN_SHIFTS
		    "ORDER BY decided_at, id LIMIT ?2",
		    &st, err) < 0)
		return -ERR_IO;
	bind_shifts(st, ids);
	sqlite3_bind_int(st, 2, REPORT_MAX_OVERRIDES);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && f->n_overrides < REPORT_MAX_OVERRIDES) {
		struct shift_override *o = &f->overrides[f->n_overrides++];
		o->crossing_id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, o->decided_at, sizeof(o->decided_at));
		db_column_copy(st, 2, o->officer, sizeof(o->officer));
		db_column_copy(st, 3, o->authorised_by, sizeof(o->authorised_by));
		db_column_copy(st, 4, o->traveller, sizeof(o->traveller));
		db_column_copy(st, 5, o->reason, sizeof(o->reason));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, "overrides", err);
}

/* Mean (rounded) and 95th percentile by nearest rank: the smallest time that at least
 * 95 % of travellers took no longer than, an actual time rather than an interpolation. */
static int times(struct db *db, const char *ids, struct shift_figures *f, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT elapsed_ms FROM crossings WHERE" IN_SHIFTS "ORDER BY elapsed_ms",
		       &st, err) < 0)
		return -ERR_IO;
	bind_shifts(st, ids);
	long long sum = 0;
	int n = 0, rc;
	int rank = (95 * f->travellers + 99) / 100; /* ceil(0.95 N), from counts() */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long ms = (long)sqlite3_column_int64(st, 0);
		sum += ms;
		if (++n == rank)
			f->p95_ms = ms;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "time per traveller", err);
	f->mean_ms = n ? (long)((sum + n / 2) / n) : 0;
	return 0;
}

int shift_figures(struct db *db, const int64_t *shift_ids, int n, struct shift_figures *out,
		  struct error *err)
{
	memset(out, 0, sizeof(*out));
	/* "[1,2,3]": at most 20 characters an id */
	size_t cap = 3 + (size_t)(n > 0 ? n : 0) * 21;
	char *ids = malloc(cap);
	if (!ids)
		return error_set(err, ERR_IO, "out of memory");
	size_t len = (size_t)snprintf(ids, cap, "[");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(ids + len, cap - len, "%s%" PRId64, i ? "," : "",
					shift_ids[i]);
	snprintf(ids + len, cap - len, "]");
	/* one snapshot, so the figures agree with each other while decisions go on */
	int own = !db_in_transaction(db);
	int rc = own ? db_begin_read(db, err) : 0;
	if (rc == 0)
		rc = counts(db, ids, out, err);
	if (rc == 0)
		rc = refusals(db, ids, out, err);
	if (rc == 0)
		rc = referrals(db, ids, out, err);
	if (rc == 0)
		rc = overrides(db, ids, out, err);
	if (rc == 0)
		rc = times(db, ids, out, err);
	if (own && db_in_transaction(db)) {
		if (rc == 0)
			rc = db_commit(db, err);
		else
			db_rollback(db);
	}
	free(ids);
	return rc < 0 ? rc : 0;
}
