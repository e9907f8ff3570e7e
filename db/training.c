#include "db/training.h"

#include <stdlib.h>

#include "db/db_internal.h"

int training_run_insert(struct db *db, struct training_run_row *r, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO training_runs(scenario_id, scenario_title, scenario_sha256,"
		       " trainee_id, trainer_id, travellers, started_at)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, r->scenario_id);
	db_bind_text(st, 2, r->scenario_title);
	db_bind_text(st, 3, r->scenario_sha256);
	sqlite3_bind_int64(st, 4, r->trainee_id);
	sqlite3_bind_int64(st, 5, r->trainer_id);
	sqlite3_bind_int(st, 6, r->travellers);
	db_bind_text(st, 7, r->started_at);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "training run", err);
	sqlite3_finalize(st);
	if (rc == 0)
		r->id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int training_run_end(struct db *db, int64_t id, const char *status, const char *now,
		     struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "UPDATE training_runs SET status = ?2, ended_at = ?3"
		       " WHERE id = ?1 AND status = 'running'",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, now);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "training run", err);
	if (rc == 0 && sqlite3_changes(db->h) != 1)
		rc = error_set(err, ERR_IO, "training run %lld is not running", (long long)id);
	sqlite3_finalize(st);
	return rc;
}

int training_answer_insert(struct db *db, const struct training_answer_row *a, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(
		    db,
		    "INSERT INTO training_answers(run_id, traveller, expected, expected_ground,"
		    " given, given_ground, shown, correct, missed_hit, wrong_refusal, ms, teach,"
		    " answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
		    &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, a->run_id);
	sqlite3_bind_int(st, 2, a->traveller);
	db_bind_text(st, 3, a->expected);
	db_bind_text(st, 4, a->expected_ground);
	db_bind_text(st, 5, a->given);
	db_bind_text(st, 6, a->given_ground);
	db_bind_text(st, 7, a->shown);
	sqlite3_bind_int(st, 8, a->correct);
	sqlite3_bind_int(st, 9, a->missed_hit);
	sqlite3_bind_int(st, 10, a->wrong_refusal);
	sqlite3_bind_int64(st, 11, a->ms);
	db_bind_text(st, 12, a->teach);
	db_bind_text(st, 13, a->answered_at);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "training answer", err);
	sqlite3_finalize(st);
	return rc;
}

#define RUN_COLUMNS                                                                                \
	"SELECT r.id, r.scenario_id, r.scenario_title, r.scenario_sha256, r.trainee_id,"           \
	" r.trainer_id, t.username, t.full_name, k.username, r.travellers, r.started_at,"          \
	" coalesce(r.ended_at, ''), r.status, count(a.traveller), coalesce(sum(a.correct), 0),"    \
	" coalesce(sum(a.missed_hit), 0), coalesce(sum(a.wrong_refusal), 0),"                      \
	" coalesce(sum(a.ms), 0)"                                                                  \
	" FROM training_runs r JOIN officers t ON t.id = r.trainee_id"                             \
	" JOIN officers k ON k.id = r.trainer_id"                                                  \
	" LEFT JOIN training_answers a ON a.run_id = r.id"

static void read_run(sqlite3_stmt *st, void *out)
{
	struct training_run_row *r = out;
	r->id = sqlite3_column_int64(st, 0);
	db_column_copy(st, 1, r->scenario_id, sizeof(r->scenario_id));
	db_column_copy(st, 2, r->scenario_title, sizeof(r->scenario_title));
	db_column_copy(st, 3, r->scenario_sha256, sizeof(r->scenario_sha256));
	r->trainee_id = sqlite3_column_int64(st, 4);
	r->trainer_id = sqlite3_column_int64(st, 5);
	db_column_copy(st, 6, r->trainee, sizeof(r->trainee));
	db_column_copy(st, 7, r->trainee_name, sizeof(r->trainee_name));
	db_column_copy(st, 8, r->trainer, sizeof(r->trainer));
	r->travellers = sqlite3_column_int(st, 9);
	db_column_copy(st, 10, r->started_at, sizeof(r->started_at));
	db_column_copy(st, 11, r->ended_at, sizeof(r->ended_at));
	db_column_copy(st, 12, r->status, sizeof(r->status));
	r->answered = sqlite3_column_int(st, 13);
	r->correct = sqlite3_column_int(st, 14);
	r->missed_hits = sqlite3_column_int(st, 15);
	r->wrong_refusals = sqlite3_column_int(st, 16);
	r->total_ms = (long)sqlite3_column_int64(st, 17);
}

int training_run_get(struct db *db, int64_t id, struct training_run_row *out, struct error *err)
{
	return db_get_one(db, RUN_COLUMNS " WHERE r.id = ?1 GROUP BY r.id", id, NULL, read_run, out,
			  "training run", err);
}

int training_runs_list(struct db *db, int64_t trainee_id, struct training_run_row **out, size_t *n,
		       struct error *err)
{
	return db_list_rows_by(db,
			       RUN_COLUMNS " WHERE ?1 = 0 OR r.trainee_id = ?1"
					   " GROUP BY r.id ORDER BY r.started_at DESC, r.id DESC",
			       trainee_id, sizeof(**out), read_run, (void **)out, n,
			       "training runs", err);
}

static void read_answer(sqlite3_stmt *st, void *out)
{
	struct training_answer_row *a = out;
	a->run_id = sqlite3_column_int64(st, 0);
	a->traveller = sqlite3_column_int(st, 1);
	db_column_copy(st, 2, a->expected, sizeof(a->expected));
	db_column_copy(st, 3, a->expected_ground, sizeof(a->expected_ground));
	db_column_copy(st, 4, a->given, sizeof(a->given));
	db_column_copy(st, 5, a->given_ground, sizeof(a->given_ground));
	db_column_copy(st, 6, a->shown, sizeof(a->shown));
	a->correct = sqlite3_column_int(st, 7);
	a->missed_hit = sqlite3_column_int(st, 8);
	a->wrong_refusal = sqlite3_column_int(st, 9);
	a->ms = (long)sqlite3_column_int64(st, 10);
	db_column_copy(st, 11, a->teach, sizeof(a->teach));
	db_column_copy(st, 12, a->answered_at, sizeof(a->answered_at));
}

int training_answers_list(struct db *db, int64_t run_id, struct training_answer_row **out,
			  size_t *n, struct error *err)
{
	return db_list_rows_by(
		db,
		"SELECT run_id, traveller, expected, expected_ground, given,"
		" given_ground, shown, correct, missed_hit, wrong_refusal, ms, teach,"
		" answered_at FROM training_answers WHERE run_id = ?1 ORDER BY traveller",
		run_id, sizeof(**out), read_answer, (void **)out, n, "training answers", err);
}
