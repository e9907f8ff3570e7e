#include "db/crossing.h"

#include <stdio.h>
#include <string.h>

#include "db/db_internal.h"

/* Steps a statement that returns no rows; finalizes it unless it is cached. */
static int run(struct db *db, sqlite3_stmt *st, int cached, const char *doing, struct error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, doing, err);
	if (!cached)
		sqlite3_finalize(st);
	return rc;
}

/* ---- shifts ---- */

#define SHIFT_COLUMNS                                                                              \
	"id, officer_id, officer, direction, lane, opened_at, coalesce(closed_at, ''), "           \
	"coalesce(close_reason, ''), coalesce(head_seq, 0), coalesce(head_hash, ''), channel"

static void read_shift(sqlite3_stmt *st, void *out)
{
	struct shift_row *s = out;
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	s->officer_id = sqlite3_column_int64(st, 1);
	db_column_copy(st, 2, s->officer, sizeof(s->officer));
	db_column_copy(st, 3, s->direction, sizeof(s->direction));
	db_column_copy(st, 4, s->lane, sizeof(s->lane));
	db_column_copy(st, 5, s->opened_at, sizeof(s->opened_at));
	db_column_copy(st, 6, s->closed_at, sizeof(s->closed_at));
	db_column_copy(st, 7, s->close_reason, sizeof(s->close_reason));
	s->head_seq = sqlite3_column_int64(st, 8);
	db_column_copy(st, 9, s->head_hash, sizeof(s->head_hash));
	db_column_copy(st, 10, s->channel, sizeof(s->channel));
}

int shift_insert(struct db *db, struct shift_row *s, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO shifts(officer_id, officer, direction, lane, opened_at, channel)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		    &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, s->officer_id);
	db_bind_text(st, 2, s->officer);
	db_bind_text(st, 3, s->direction);
	db_bind_text(st, 4, s->lane);
	db_bind_text(st, 5, s->opened_at);
	db_bind_text(st, 6, s->channel[0] ? s->channel : "terminal");
	if (run(db, st, 0, "shift", err) < 0)
		return -ERR_IO;
	s->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int shift_close(struct db *db, int64_t id, const char *now, const char *reason, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "UPDATE shifts SET closed_at = ?2, close_reason = ?3,"
		       " head_seq = (SELECT seq FROM audit_head WHERE id = 1),"
		       " head_hash = (SELECT lower(hex(hash)) FROM audit_head WHERE id = 1)"
		       " WHERE id = ?1 AND closed_at IS NULL",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, reason);
	return run(db, st, 0, "shift close", err);
}

int shift_get(struct db *db, int64_t id, struct shift_row *out, struct error *err)
{
	return db_get_one(db, "SELECT " SHIFT_COLUMNS " FROM shifts WHERE id = ?1", id, NULL,
			  read_shift, out, "shift", err);
}

int shift_find_open(struct db *db, int64_t officer_id, struct shift_row *out, struct error *err)
{
	return db_get_one(db,
			  "SELECT " SHIFT_COLUMNS " FROM shifts"
			  " WHERE officer_id = ?1 AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
			  officer_id, NULL, read_shift, out, "shift", err);
}

int shift_list_day(struct db *db, const char *day, int64_t officer_id, struct shift_row *out,
		   int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT " SHIFT_COLUMNS " FROM shifts"
		       " WHERE substr(opened_at, 1, 10) = ?1 AND (?2 = 0 OR officer_id = ?2)"
		       " ORDER BY opened_at, id",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, day);
	sqlite3_bind_int64(st, 2, officer_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n < max)
			read_shift(st, &out[n++]);
	if (rc != SQLITE_DONE)
		n = db_fail(db, "shifts of a day", err);
	sqlite3_finalize(st);
	return n;
}

/* ---- crossings ---- */

static const char insert_crossing_sql[] =
	"INSERT INTO crossings(shift_id, officer, direction, lane, decided_at, elapsed_ms,"
	" decision, reason_code, reason_text, verdict, override_by, override_reason, doc_key,"
	" doc_format, doc_code, issuer, number, surname, given_names, nationality, birth, sex,"
	" expiry, source, mrz, checks_failed, chip_verdict, chip_detail) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
	" ?23, ?24, ?25, ?26, ?27, ?28)";

static const char insert_hit_sql[] =
	"INSERT INTO crossing_hits(crossing_id, rank, entry_id, source_code, ref, band, score,"
	" action, listed_name, explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

static const char insert_list_sql[] =
	"INSERT INTO crossing_lists(crossing_id, source_code, version, updated_at)"
	" VALUES (?1, ?2, ?3, ?4)";

static const char insert_barcode_sql[] =
	"INSERT INTO crossing_barcodes(crossing_id, seq, symbology, kind, type, verdict, differs,"
	" detail, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char *or_null(const char *s)
{
	return s[0] ? s : NULL;
}

static int insert_hits(struct db *db, const struct crossing_row *c, struct error *err)
{
	for (int i = 0; i < c->n_hits && i < CROSSING_MAX_HITS; i++) {
		const struct crossing_hit *h = &c->hits[i];
		sqlite3_stmt *st;
		if (db_cached(db, insert_hit_sql, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_int64(st, 3, h->entry_id);
		db_bind_text(st, 4, h->source_code);
		db_bind_text(st, 5, h->ref);
		db_bind_text(st, 6, h->band);
		sqlite3_bind_int(st, 7, h->score);
		db_bind_text(st, 8, h->action);
		db_bind_text(st, 9, h->listed_name);
		db_bind_text(st, 10, h->explanation);
		if (run(db, st, 1, "crossing hit", err) < 0)
			return -ERR_IO;
	}
	for (int i = 0; i < c->n_lists && i < CROSSING_MAX_LISTS; i++) {
		const struct crossing_list *l = &c->lists[i];
		sqlite3_stmt *st;
		if (db_cached(db, insert_list_sql, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, c->id);
		db_bind_text(st, 2, l->source_code);
		db_bind_text(st, 3, l->version);
		db_bind_text(st, 4, l->updated_at);
		if (run(db, st, 1, "crossing list", err) < 0)
			return -ERR_IO;
	}
	for (int i = 0; i < c->n_barcodes && i < CROSSING_MAX_BARCODES; i++) {
		const struct crossing_barcode *b = &c->barcodes[i];
		sqlite3_stmt *st;
		if (db_cached(db, insert_barcode_sql, &st, err) < 0)
			return -ERR_IO;
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_int(st, 2, i + 1);
		const char *text[] = { b->symbology, b->kind,    b->type,
				       b->verdict,   b->differs, b->detail };
		for (int k = 0; k < 6; k++)
			db_bind_text(st, 3 + k, text[k]);
		size_t len =
			b->payload_len < sizeof(b->payload) ? b->payload_len : sizeof(b->payload);
		sqlite3_bind_blob64(st, 9, b->payload, len, SQLITE_STATIC);
		if (run(db, st, 1, "crossing barcode", err) < 0)
			return -ERR_IO;
	}
	return 0;
}

int crossing_insert(struct db *db, struct crossing_row *c, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, insert_crossing_sql, &st, err) < 0)
		return -ERR_IO;
	const char *text[] = { c->officer, c->direction, c->lane, c->decided_at };
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 2 + i, text[i]);
	sqlite3_bind_int64(st, 1, c->shift_id);
	sqlite3_bind_int64(st, 6, c->elapsed_ms);
	const char *rest[] = { c->decision,
			       c->reason_code,
			       c->reason_text,
			       c->verdict,
			       or_null(c->override_by),
			       or_null(c->override_reason),
			       c->doc_key,
			       c->doc_format,
			       c->doc_code,
			       c->issuer,
			       c->number,
			       c->surname,
			       c->given_names,
			       c->nationality,
			       c->birth,
			       c->sex,
			       c->expiry,
			       c->source,
			       c->mrz,
			       c->checks_failed,
			       or_null(c->chip_verdict),
			       or_null(c->chip_detail) };
	for (int i = 0; i < (int)(sizeof(rest) / sizeof(rest[0])); i++)
		db_bind_text(st, 7 + i, rest[i]);
	if (run(db, st, 1, "crossing", err) < 0)
		return -ERR_IO;
	c->id = sqlite3_last_insert_rowid(db->h);
	return insert_hits(db, c, err);
}

#define CROSSING_COLUMNS                                                                           \
	"id, shift_id, officer, direction, lane, decided_at, elapsed_ms, decision, reason_code,"   \
	" reason_text, verdict, coalesce(override_by, ''), coalesce(override_reason, ''),"         \
	" doc_key, doc_format, doc_code, issuer, number, surname, given_names, nationality,"       \
	" birth, sex, expiry, source, mrz, checks_failed, coalesce(chip_verdict, ''),"             \
	" coalesce(chip_detail, '')"

static void read_crossing(sqlite3_stmt *st, void *out)
{
	struct crossing_row *c = out;
	c->id = sqlite3_column_int64(st, 0);
	c->shift_id = sqlite3_column_int64(st, 1);
	c->elapsed_ms = (long)sqlite3_column_int64(st, 6);
	struct {
		int col;
		char *buf;
		size_t len;
	} cols[] = {
		{ 2, c->officer, sizeof(c->officer) },
		{ 3, c->direction, sizeof(c->direction) },
		{ 4, c->lane, sizeof(c->lane) },
		{ 5, c->decided_at, sizeof(c->decided_at) },
		{ 7, c->decision, sizeof(c->decision) },
		{ 8, c->reason_code, sizeof(c->reason_code) },
		{ 9, c->reason_text, sizeof(c->reason_text) },
		{ 10, c->verdict, sizeof(c->verdict) },
		{ 11, c->override_by, sizeof(c->override_by) },
		{ 12, c->override_reason, sizeof(c->override_reason) },
		{ 13, c->doc_key, sizeof(c->doc_key) },
		{ 14, c->doc_format, sizeof(c->doc_format) },
		{ 15, c->doc_code, sizeof(c->doc_code) },
		{ 16, c->issuer, sizeof(c->issuer) },
		{ 17, c->number, sizeof(c->number) },
		{ 18, c->surname, sizeof(c->surname) },
		{ 19, c->given_names, sizeof(c->given_names) },
		{ 20, c->nationality, sizeof(c->nationality) },
		{ 21, c->birth, sizeof(c->birth) },
		{ 22, c->sex, sizeof(c->sex) },
		{ 23, c->expiry, sizeof(c->expiry) },
		{ 24, c->source, sizeof(c->source) },
		{ 25, c->mrz, sizeof(c->mrz) },
		{ 26, c->checks_failed, sizeof(c->checks_failed) },
		{ 27, c->chip_verdict, sizeof(c->chip_verdict) },
		{ 28, c->chip_detail, sizeof(c->chip_detail) },
	};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		db_column_copy(st, cols[i].col, cols[i].buf, cols[i].len);
}

static int read_hits(struct db *db, struct crossing_row *c, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT entry_id, source_code, ref, band, score, action, listed_name,"
		       " explanation FROM crossing_hits WHERE crossing_id = ?1 ORDER BY rank",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && c->n_hits < CROSSING_MAX_HITS) {
		struct crossing_hit *h = &c->hits[c->n_hits++];
		h->entry_id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, h->source_code, sizeof(h->source_code));
		db_column_copy(st, 2, h->ref, sizeof(h->ref));
		db_column_copy(st, 3, h->band, sizeof(h->band));
		h->score = sqlite3_column_int(st, 4);
		db_column_copy(st, 5, h->action, sizeof(h->action));
		db_column_copy(st, 6, h->listed_name, sizeof(h->listed_name));
		db_column_copy(st, 7, h->explanation, sizeof(h->explanation));
	}
	int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, "crossing hits", err);
	sqlite3_finalize(st);
	if (out < 0)
		return out;
	if (db_prepare(db,
		       "SELECT source_code, version, updated_at FROM crossing_lists"
		       " WHERE crossing_id = ?1 ORDER BY source_code",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && c->n_lists < CROSSING_MAX_LISTS) {
		struct crossing_list *l = &c->lists[c->n_lists++];
		db_column_copy(st, 0, l->source_code, sizeof(l->source_code));
		db_column_copy(st, 1, l->version, sizeof(l->version));
		db_column_copy(st, 2, l->updated_at, sizeof(l->updated_at));
	}
	out = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, "crossing lists", err);
	sqlite3_finalize(st);
	if (out < 0)
		return out;
	if (db_prepare(db,
		       "SELECT symbology, kind, type, verdict, differs, detail, payload"
		       " FROM crossing_barcodes WHERE crossing_id = ?1 ORDER BY seq",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && c->n_barcodes < CROSSING_MAX_BARCODES) {
		struct crossing_barcode *b = &c->barcodes[c->n_barcodes++];
		db_column_copy(st, 0, b->symbology, sizeof(b->symbology));
		db_column_copy(st, 1, b->kind, sizeof(b->kind));
		db_column_copy(st, 2, b->type, sizeof(b->type));
		db_column_copy(st, 3, b->verdict, sizeof(b->verdict));
		db_column_copy(st, 4, b->differs, sizeof(b->differs));
		db_column_copy(st, 5, b->detail, sizeof(b->detail));
		const void *p = sqlite3_column_blob(st, 6);
		int n = sqlite3_column_bytes(st, 6);
		b->payload_len = n > 0 && (size_t)n <= sizeof(b->payload) ? (size_t)n : 0;
		if (b->payload_len)
			memcpy(b->payload, p, b->payload_len);
	}
	out = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, "crossing barcodes", err);
	sqlite3_finalize(st);
	return out;
}

int crossing_get(struct db *db, int64_t id, struct crossing_row *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	int found = db_get_one(db, "SELECT " CROSSING_COLUMNS " FROM crossings WHERE id = ?1", id,
			       NULL, read_crossing, out, "crossing", err);
	if (found == 1 && read_hits(db, out, err) < 0)
		return -ERR_IO;
	return found;
}

static const char history_sql[] =
	"SELECT id, decided_at, direction, decision, verdict, officer, lane FROM crossings"
	" WHERE doc_key = ?1 ORDER BY decided_at DESC, id DESC LIMIT ?2";

int crossing_history(struct db *db, const char *doc_key, struct crossing_brief *out, int max,
		     struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db, history_sql, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, doc_key);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		struct crossing_brief *b = &out[n++];
		memset(b, 0, sizeof(*b));
		b->id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, b->decided_at, sizeof(b->decided_at));
		db_column_copy(st, 2, b->direction, sizeof(b->direction));
		db_column_copy(st, 3, b->decision, sizeof(b->decision));
		db_column_copy(st, 4, b->verdict, sizeof(b->verdict));
		db_column_copy(st, 5, b->officer, sizeof(b->officer));
		db_column_copy(st, 6, b->lane, sizeof(b->lane));
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		n = db_fail(db, "crossing history", err);
	sqlite3_reset(st);
	return n;
}

int crossing_ids_of_shift(struct db *db, int64_t shift_id, int64_t *ids, int max, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT id FROM crossings WHERE shift_id = ?1 ORDER BY id", &st, err) <
	    0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, shift_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n < max)
			ids[n++] = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		n = db_fail(db, "crossings of a shift", err);
	sqlite3_finalize(st);
	return n;
}

/* ---- refusal grounds ---- */

static void read_reason(sqlite3_stmt *st, void *out)
{
	struct refusal_reason *r = out;
	memset(r, 0, sizeof(*r));
	db_column_copy(st, 0, r->code, sizeof(r->code));
	db_column_copy(st, 1, r->label, sizeof(r->label));
	r->active = sqlite3_column_int(st, 2);
}

int reason_list(struct db *db, int active_only, struct refusal_reason *out, int max,
		struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT code, label, active FROM refusal_reasons"
		       " WHERE active = 1 OR ?1 = 0 ORDER BY ordinal, code",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int(st, 1, active_only);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n < max)
			read_reason(st, &out[n++]);
	if (rc != SQLITE_DONE)
		n = db_fail(db, "refusal reasons", err);
	sqlite3_finalize(st);
	return n;
}

int reason_get(struct db *db, const char *code, struct refusal_reason *out, struct error *err)
{
	return db_get_one(db, "SELECT code, label, active FROM refusal_reasons WHERE code = ?1", 0,
			  code, read_reason, out, "refusal reason", err);
}

int reason_put(struct db *db, const char *code, const char *label, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO refusal_reasons(code, label, active, ordinal) VALUES (?1, ?2, 1,"
		    " (SELECT coalesce(max(ordinal), 0) + 1 FROM refusal_reasons))"
		    " ON CONFLICT(code) DO UPDATE SET label = excluded.label, active = 1",
		    &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, label);
	return run(db, st, 0, "refusal reason", err);
}

int reason_retire(struct db *db, const char *code, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "UPDATE refusal_reasons SET active = 0 WHERE code = ?1", &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, code);
	return run(db, st, 0, "refusal reason", err);
}
