/* Training results as stored (the training database only): one row per scenario run,
 * one per traveller answered. Both are append-only: a run ends once, an answer is never
 * edited, nothing is deleted. Scoring is app/training.c's; these functions keep rows. */
#ifndef SHEKARA_DB_TRAINING_H
#define SHEKARA_DB_TRAINING_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct training_run_row {
	int64_t id;
	char scenario_id[48];
	char scenario_title[512];
	char scenario_sha256[65];
	int64_t trainee_id, trainer_id;
	char trainee[64], trainee_name[128], trainer[64]; /* user names, read with the row */
	int travellers;
	char started_at[32], ended_at[32]; /* ended_at "" while running */
	char status[12];                   /* "running", "finished", "abandoned" */
	/* the answers so far, summed when read */
	int answered, correct, missed_hits, wrong_refusals;
	long total_ms;
};

struct training_answer_row {
	int64_t run_id;
	int traveller; /* 1-based, in the scenario's order */
	char expected[32], expected_ground[8];
	char given[8], given_ground[8];
	char shown[8]; /* what screening showed: "HIT", "CHECK", "CLEAR" */
	int correct, missed_hit, wrong_refusal;
	long ms;
	char teach[2048];
	char answered_at[32];
};

/* Inserts r (status "running") and fills r->id. */
int training_run_insert(struct db *db, struct training_run_row *r, struct error *err);
/* Ends a running run: status "finished" or "abandoned". */
int training_run_end(struct db *db, int64_t id, const char *status, const char *now,
		     struct error *err);
int training_answer_insert(struct db *db, const struct training_answer_row *a, struct error *err);
/* 1 and out filled, 0 when there is no such run. */
int training_run_get(struct db *db, int64_t id, struct training_run_row *out, struct error *err);
/* Every run, newest first, of one trainee (trainee_id 0: of all); free() *out. */
int training_runs_list(struct db *db, int64_t trainee_id, struct training_run_row **out, size_t *n,
		       struct error *err);
/* A run's answers in traveller order; free() *out. */
int training_answers_list(struct db *db, int64_t run_id, struct training_answer_row **out,
			  size_t *n, struct error *err);

#endif
