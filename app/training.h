/* Training scenario mode (DESIGN.md "scenario engine"): a trainer picks a scenario
 * (app/scenario.h) and a trainee; the trainee works through its travellers on the
 * normal officer screens; every answer is scored and kept per trainee.
 *
 * Isolation by construction:
 * - the trainers' database is a training database (setting realm "training", made
 *   with 'shekara --training init'): it holds the accounts and the results, takes only
 *   training keys and bundles (app/keys.c, app/sync.c), and a program started with
 *   --training never opens the live database (app_open);
 * - each run screens and decides in a database file of its own, made for the run next
 *   to the training database (training-runs/), seeded from the scenario (its watchlist
 *   entries, a CSCA made for the run, the trainee, the trainer as the supervisor who
 *   countersigns) and removed when the run ends. Nothing of a run reaches any other
 *   database but its answers, which go into the trainers' database.
 *
 * Scoring (docs/scenarios.md): an answer is right when the decision is one the
 * scenario expects and, for a refusal with an expected ground, on that ground; a missed
 * hit is an admission the scenario does not allow; a wrong refusal a refusal it does
 * not allow; the time runs from the document being presented to the decision saved. */
#ifndef SHEKARA_TRAINING_H
#define SHEKARA_TRAINING_H

#include <stdint.h>
#include <stdio.h>

#include "app/decision.h"
#include "app/scenario.h"
#include "app/screening.h"
#include "app/session.h"
#include "db/officer.h"
#include "db/training.h"

struct chip_job_result;
struct training_run;

/* The scenario folder: cfg->scenarios, or the one installed beside the program
 * (../share/shekara/scenarios, or scenarios/ in the source tree). */
int training_scenario_dir(const struct config *cfg, char *out, size_t len, struct error *err);

struct training_scenario_info {
	char path[4096];
	char file[256];
	char id[48];
	char title[SCN_LINE];
	int travellers;
	int problems; /* 0: sound; otherwise 'scenario check' says what is wrong */
};
/* Every *.scn file of the folder, by file name; free() *out. */
int training_scenarios(const struct config *cfg, struct training_scenario_info **out, int *n,
		       struct error *err);

/* The accounts a trainer may train: officers and supervisors of the training database
 * that are not locked. Needs PERM_RUN_TRAINING; free() *out. */
int training_trainees(struct app *app, const struct session *trainer, struct officer **out,
		      size_t *n, struct error *err);

/* Starts a run of the scenario file at path for trainee (a user name from
 * training_trainees). Needs PERM_RUN_TRAINING and a training database. Makes the run's
 * database, records the run (audited "training.start") and presents nothing yet. */
int training_start(struct app *app, const struct session *trainer, const char *path,
		   const char *trainee, struct training_run **out, struct error *err);

/* The run's own database and the trainee's session in it: what the officer screens
 * use while the run lasts. */
struct app *training_run_app(struct training_run *r);
const struct session *training_run_trainee(const struct training_run *r);
const struct scenario *training_run_scenario(const struct training_run *r);
int64_t training_run_id(const struct training_run *r);
/* The traveller being presented (0-based); the scenario's count when all are done. */
int training_run_current(const struct training_run *r);

/* What the reader gives for the current traveller: the MRZ lines as text (to be parsed
 * as any reader's), the barcode payload ("" none). Starts the traveller's clock the
 * first time it is called for them. */
struct training_presented {
	int number, of; /* 1-based */
	char mrz[3 * SCN_MRZ_LINE + 4];
	const char *says;    /* points into the scenario */
	const char *barcode; /* "" when the traveller has none */
	int has_chip;
};
int training_present(struct training_run *r, struct training_presented *out);

/* Reads the current traveller's chip: builds it from the scenario and authenticates it
 * with the run's trust store exactly as a chip from a reader (scanners/chip.h), then
 * composes the verdict against printed and audits it in the run's database. 0 with
 * *out (chip_job_result_free); 1 when the traveller's document has no chip. */
int training_chip(struct training_run *r, const struct document *printed,
		  struct chip_job_result **out, struct error *err);

struct training_feedback {
	int traveller, of;
	int correct, missed_hit, wrong_refusal;
	char expected[32], expected_ground[8];
	char given[8], given_ground[8];
	const char *reason, *teach; /* point into the scenario */
	long ms;
	int last; /* no traveller after this one */
};
/* Scores the trainee's decision on the current traveller once decision_record has
 * saved it in the run's database (shown: the verdict the result screen showed), keeps
 * the answer in the trainers' database and moves on to the next traveller. */
int training_answer(struct training_run *r, const struct decision *d, enum verdict shown,
		    struct training_feedback *out, struct error *err);

/* Ends the run ("finished" once every traveller is answered, "abandoned" before),
 * closes and removes its database, and frees it; *run_id says which run it was. Safe
 * on NULL. */
int training_end(struct training_run **r, int64_t *run_id, struct error *err);

/* The expected decisions as people read them, the ground beside the refusal:
 * ("refuse or refer", "A") -> "refuse (A) or refer". */
void training_expected_text(const char *expected, const char *ground, char *out, size_t len);

/* Results, for the trainer (PERM_RUN_TRAINING): every run, newest first, of one trainee
 * (user name) or of all (NULL); free() *out. */
int training_results(struct app *app, const struct session *s, const char *trainee,
		     struct training_run_row **out, size_t *n, struct error *err);
/* One run and its answers; free() *answers. 0, or -ERR_USAGE when there is none. */
int training_result(struct app *app, const struct session *s, int64_t run_id,
		    struct training_run_row *run, struct training_answer_row **answers, size_t *n,
		    struct error *err);
/* The results as CSV (RFC 4180), one row per answer with its run's figures: for a
 * spreadsheet. Audited "training.export". */
int training_results_csv(struct app *app, const struct session *s, const char *trainee, FILE *out,
			 struct error *err);
/* Writes the CSV to a new file in the folder of the training database, named after
 * the time; its path in path. */
int training_results_export(struct app *app, const struct session *s, const char *trainee,
			    char *path, size_t len, struct error *err);

/* 'scenario check' beyond the format: builds the scenario's database in a temporary
 * file, screens every traveller (chip and barcode included) as a run would and
 * compares with each traveller's 'shows'. Every disagreement goes into probs at the
 * traveller's line; verdicts[i] gets what traveller i showed (may be NULL). 0 when
 * everything agrees, -ERR_FINDING when something does not, other negatives with err. */
int training_rehearse(const struct config *cfg, const struct scenario *sc, enum verdict *verdicts,
		      struct scn_problems *probs, struct error *err);

#endif
