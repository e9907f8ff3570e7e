/* app/training.c, db/training.c and the training side of app_open and
 * setup_create_demo: the training database kept apart from the live one, who may train,
 * a run played and scored, chips, rehearsals and the training realm's keys. The results
 * (abandoned runs, append-only rows, CSV and export) are in test_training_results.c; the
 * trainers' folder and the helpers that play a run are in training_testutil.h. */
#include "training_testutil.h"

#include <glob.h>

#include "app/chip_job.h"
#include "app/keys.h"
#include "db/officer.h"

/* --- isolation --------------------------------------------------------------------------- */

static void test_demo_training_database_is_made_at_training_database_and_opens(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	assert_true(tu_exists(w->cfg.training_database));
	assert_false(tu_exists(w->cfg.database)); /* the live one was never made */
	assert_int_equal(w->app.training, 1);
	assert_string_equal(db_path(w->app.db), w->cfg.training_database);
	char realm[16] = "";
	struct error err;
	error_clear(&err);
	assert_int_equal(db_setting_get(w->app.db, "realm", realm, sizeof(realm), &err), 1);
	assert_string_equal(realm, "training");
	assert_string_equal(setup_path(&w->cfg), w->cfg.training_database);
	/* no watchlists: each run brings its own */
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM wl_entries"), 0);
	world_free(w);
}

static void test_training_refuses_the_live_file_by_name_and_by_inode(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct snapshot before;
	snap(w->cfg.database, &before);
	struct error err;
	error_clear(&err);
	struct config c = w->cfg;
	struct app app;
	/* the same path */
	snprintf(c.training_database, sizeof(c.training_database), "%s", c.database);
	assert_int_equal(app_open(&app, &c, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "same file");
	assert_null(app.db);
	assert_untouched(w->cfg.database, &before);
	/* another name for the same file */
	char link_path[4096];
	world_path(w, "hardlink.db", link_path, sizeof(link_path));
	if (link(c.database, link_path) != 0)
		fail_msg("cannot link: %s", strerror(errno));
	snap(w->cfg.database, &before); /* a link changes the inode's ctime only */
	snprintf(c.training_database, sizeof(c.training_database), "%s", link_path);
	error_clear(&err);
	assert_int_equal(app_open(&app, &c, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "same file");
	assert_null(app.db);
	assert_untouched(w->cfg.database, &before);
	world_free(w);
}

static void test_training_refuses_a_database_of_the_live_realm(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct error err;
	error_clear(&err);
	/* a second live database, offered as the trainers' */
	struct config other = w->cfg;
	other.training = 0;
	world_path(w, "other-live.db", other.database, sizeof(other.database));
	TU_OK(setup_create_demo(&other, &err), &err);
	struct config c = w->cfg;
	snprintf(c.training_database, sizeof(c.training_database), "%s", other.database);
	struct app app;
	assert_int_equal(app_open(&app, &c, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "not a training database");
	assert_null(app.db);
	/* and one that does not exist is not made */
	world_path(w, "missing.db", c.training_database, sizeof(c.training_database));
	assert_int_equal(app_open(&app, &c, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "no training database");
	assert_false(tu_exists(c.training_database));
	world_free(w);
}

static void test_a_whole_run_leaves_the_live_database_untouched(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct snapshot before;
	snap(w->cfg.database, &before);
	struct training_feedback fb[3];
	int64_t id = play_lost_stolen(w, "aibek", fb);
	assert_true(id > 0);
	assert_true(fb[2].last);
	assert_untouched(w->cfg.database, &before);
	/* the run went nowhere near the live database's folder except its own subfolder */
	assert_run_files_gone(w, id);
	world_free(w);
}

/* --- roles ------------------------------------------------------------------------------- */

static void test_only_trainers_may_train_or_see_results(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	const char *who[] = { "officer", "admin", "supervisor", "aibek" };
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		struct session s;
		tu_login(&w->app, who[i], &s);
		struct error err;
		error_clear(&err);
		int denied = count_refusals(w->app.db);
		struct training_run *r = NULL;
		assert_int_equal(training_start(&w->app, &s, LOST_STOLEN, "madina", &r, &err),
				 -ERR_DENIED);
		assert_null(r);
		TU_CONTAINS(err.msg, "run_training");
		assert_int_equal(count_refusals(w->app.db), denied + 1);
		struct tu_audit a;
		tu_last_audit(w->app.db, &a);
		assert_string_equal(a.officer, who[i]);
		assert_string_equal(a.outcome, "denied");
		struct training_run_row *runs = NULL;
		size_t n = 99;
		error_clear(&err);
		assert_int_equal(training_results(&w->app, &s, NULL, &runs, &n, &err), -ERR_DENIED);
		assert_null(runs);
		assert_int_equal(n, 0);
		assert_int_equal(count_refusals(w->app.db), denied + 2);
		struct officer *list = NULL;
		assert_int_equal(training_trainees(&w->app, &s, &list, &n, &err), -ERR_DENIED);
		assert_null(list);
		assert_int_equal(count_refusals(w->app.db), denied + 3);
	}
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM training_runs"), 0);
	world_free(w);
}

/* state: the live demo database (tu_setup_app), closed by the fixture whatever fails */
static void test_trainer_cannot_train_on_a_live_database(void **state)
{
	struct app *live = *state;
	assert_int_equal(live->training, 0);
	struct session trainer;
	tu_login(live, "trainer", &trainer);
	struct error err;
	error_clear(&err);
	struct training_run *r = NULL;
	assert_int_equal(training_start(live, &trainer, LOST_STOLEN, "officer", &r, &err),
			 -ERR_DENIED);
	assert_null(r);
	TU_CONTAINS(err.msg, "training database");
	assert_int_equal(tu_count_audit(live->db, "training.start", "refused"), 1);
	assert_int_equal(tu_query_int(live->db, "SELECT count(*) FROM training_runs"), 0);
	/* nothing made beside the live database */
	char dir[4200];
	const char *live_path = db_path(live->db);
	snprintf(dir, sizeof(dir), "%.*s/training-runs", (int)(strrchr(live_path, '/') - live_path),
		 live_path);
	assert_false(tu_exists(dir));
	/* the results are refused too, and each refusal is audited like the start's */
	int refusals = count_refusals(live->db);
	struct training_run_row *runs = NULL;
	size_t n = 0;
	error_clear(&err);
	assert_int_equal(training_results(live, &trainer, NULL, &runs, &n, &err), -ERR_DENIED);
	TU_CONTAINS(err.msg, "training database");
	assert_null(runs);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(training_results_csv(live, &trainer, NULL, f, &err), -ERR_DENIED);
	fclose(f);
	assert_int_equal(len, 0);
	free(text);
	assert_int_equal(count_refusals(live->db), refusals + 2);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct officer *)a)->username, ((const struct officer *)b)->username);
}

static void test_trainees_are_the_officers_and_supervisors(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct officer *list = NULL;
	size_t n = 0;
	struct error err;
	error_clear(&err);
	TU_OK(training_trainees(&w->app, &w->trainer, &list, &n, &err), &err);
	assert_int_equal(n, 4);
	qsort(list, n, sizeof(*list), by_name);
	const char *want[] = { "aibek", "madina", "officer", "supervisor" };
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(list[i].username, want[i]);
		assert_true(list[i].role == ROLE_OFFICER || list[i].role == ROLE_SUPERVISOR);
		assert_string_equal(list[i].password_hash, ""); /* never handed out */
	}
	free(list);
	/* a trainer, an administrator or nobody is no trainee */
	struct training_run *r = NULL;
	assert_int_equal(training_start(&w->app, &w->trainer, LOST_STOLEN, "trainer", &r, &err),
			 -ERR_USAGE);
	assert_int_equal(training_start(&w->app, &w->trainer, LOST_STOLEN, "admin", &r, &err),
			 -ERR_USAGE);
	assert_int_equal(training_start(&w->app, &w->trainer, LOST_STOLEN, "nobody", &r, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "no trainee");
	assert_null(r);
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM training_runs"), 0);
	world_free(w);
}

/* --- a run ------------------------------------------------------------------------------- */

static void assert_run_database(struct world *w, struct training_run *r)
{
	char path[4200];
	run_file(w, training_run_id(r), "", path, sizeof(path));
	assert_true(tu_exists(path));
	struct app *run = training_run_app(r);
	assert_string_equal(db_path(run->db), path);
	assert_int_equal(run->training, 1);
	struct error err;
	error_clear(&err);
	char realm[16] = "";
	assert_int_equal(db_setting_get(run->db, "realm", realm, sizeof(realm), &err), 1);
	assert_string_equal(realm, "training");
	/* the trainee as officer, the trainer as the supervisor who countersigns: nobody else */
	struct officer o;
	assert_int_equal(officer_get(run->db, "aibek", &o, &err), 1);
	assert_int_equal(o.role, ROLE_OFFICER);
	assert_int_equal(officer_get(run->db, "trainer", &o, &err), 1);
	assert_int_equal(o.role, ROLE_SUPERVISOR);
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM officers"), 2);
	assert_string_equal(training_run_trainee(r)->username, "aibek");
	assert_int_equal(training_run_trainee(r)->role, ROLE_OFFICER);
	/* the scenario's watchlist and nothing else; the run's CSCA */
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM wl_entries"),
			 training_run_scenario(r)->n_entries);
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM wl_entries WHERE "
					       "ref = 'TRN-SLTD-1'"),
			 1);
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM csca_certs"), 1);
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM shifts "
					       "WHERE closed_at IS NULL AND officer = 'aibek'"),
			 1);
	assert_int_equal(tu_query_int(run->db, "SELECT count(*) FROM shifts"), 1);
}

static void test_a_run_scores_each_answer_and_keeps_the_results(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "aibek");
	int64_t id = training_run_id(r);
	assert_true(id > 0);
	assert_int_equal(training_run_current(r), 0);
	assert_string_equal(training_run_scenario(r)->id, "lost-stolen");
	assert_run_database(w, r);
	assert_int_equal(tu_count_audit(w->app.db, "training.start", "ok"), 1);

	/* the reader's view of traveller 1 */
	struct training_presented p;
	assert_int_equal(training_present(r, &p), 0);
	assert_int_equal(p.number, 1);
	assert_int_equal(p.of, 3);
	assert_string_equal(p.mrz, "P<KGZSULAIMANOVA<<GULNARA<<<<<<<<<<<<<<<<<<<\n"
				   "AC44170983KGZ8509129F3305197<<<<<<<<<<<<<<<2\n");
	TU_CONTAINS(p.says, "conference in Almaty");
	assert_string_equal(p.barcode, "");
	assert_int_equal(p.has_chip, 0);

	struct training_feedback fb[3];
	assert_int_equal(answer(r, DECISION_ADMIT, NULL, &fb[0]), VERDICT_CLEAR);
	assert_int_equal(fb[0].traveller, 1);
	assert_int_equal(fb[0].of, 3);
	assert_int_equal(fb[0].correct, 1);
	assert_int_equal(fb[0].missed_hit, 0);
	assert_int_equal(fb[0].wrong_refusal, 0);
	assert_string_equal(fb[0].expected, "admit");
	assert_string_equal(fb[0].expected_ground, "");
	assert_string_equal(fb[0].given, "admit");
	assert_int_equal(fb[0].last, 0);
	TU_CONTAINS(fb[0].reason, "AC4417098");
	assert_int_equal(training_run_current(r), 1);

	/* traveller 2: the stolen passport, admitted over the HIT */
	assert_int_equal(training_present(r, &p), 0);
	assert_int_equal(p.number, 2);
	TU_CONTAINS(p.mrz, "MAMYTOV");
	assert_int_equal(answer(r, DECISION_ADMIT, NULL, &fb[1]), VERDICT_HIT);
	assert_int_equal(fb[1].traveller, 2);
	assert_int_equal(fb[1].correct, 0);
	assert_int_equal(fb[1].missed_hit, 1);
	assert_int_equal(fb[1].wrong_refusal, 0);
	assert_string_equal(fb[1].expected, "refuse or refer");
	assert_string_equal(fb[1].expected_ground, "A");
	assert_string_equal(fb[1].given, "admit");
	TU_CONTAINS(fb[1].reason, "lost and stolen list");
	TU_CONTAINS(fb[1].teach, "A listed document is a HIT");
	assert_int_equal(fb[1].last, 0);
	/* the override was countersigned in the run's database, not the trainers' */
	assert_int_equal(tu_query_int(training_run_app(r)->db, "SELECT count(*) FROM crossings"),
			 2);
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM crossings"), 0);

	/* traveller 3: refused on a ground nobody expects */
	assert_int_equal(answer(r, DECISION_REFUSE, "C", &fb[2]), VERDICT_CLEAR);
	assert_int_equal(fb[2].traveller, 3);
	assert_int_equal(fb[2].correct, 0);
	assert_int_equal(fb[2].missed_hit, 0);
	assert_int_equal(fb[2].wrong_refusal, 1);
	assert_string_equal(fb[2].expected, "admit");
	assert_string_equal(fb[2].given, "refuse");
	assert_string_equal(fb[2].given_ground, "C");
	assert_int_equal(fb[2].last, 1);
	assert_int_equal(training_run_current(r), 3);
	assert_int_equal(training_present(r, &p), -1); /* nobody left */

	/* the run's database is there until the end, then gone with its journals */
	char path[4200];
	run_file(w, id, "", path, sizeof(path));
	assert_true(tu_exists(path));
	assert_int_equal(end(&r), id);
	assert_run_files_gone(w, id);

	struct error err;
	error_clear(&err);
	struct training_run_row run;
	struct training_answer_row *a = NULL;
	size_t n = 0;
	TU_OK(training_result(&w->app, &w->trainer, id, &run, &a, &n, &err), &err);
	assert_int_equal(run.id, id);
	assert_string_equal(run.status, "finished");
	assert_string_equal(run.scenario_id, "lost-stolen");
	assert_string_equal(run.scenario_title, "A passport reported stolen");
	assert_int_equal(strlen(run.scenario_sha256), 64);
	assert_string_equal(run.trainee, "aibek");
	assert_string_equal(run.trainer, "trainer");
	assert_int_equal(run.travellers, 3);
	assert_true(run.ended_at[0] != '\0');
	assert_int_equal(run.answered, 3);
	assert_int_equal(run.correct, 1);
	assert_int_equal(run.missed_hits, 1);
	assert_int_equal(run.wrong_refusals, 1);
	assert_int_equal(run.total_ms, fb[0].ms + fb[1].ms + fb[2].ms);
	assert_int_equal(n, 3);
	const char *shown[] = { "CLEAR", "HIT", "CLEAR" };
	const char *given[] = { "admit", "admit", "refuse" };
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].run_id, id);
		assert_int_equal(a[i].traveller, (int)i + 1);
		assert_string_equal(a[i].shown, shown[i]);
		assert_string_equal(a[i].given, given[i]);
		assert_int_equal(a[i].correct, fb[i].correct);
		assert_int_equal(a[i].missed_hit, fb[i].missed_hit);
		assert_int_equal(a[i].wrong_refusal, fb[i].wrong_refusal);
		assert_int_equal(a[i].ms, fb[i].ms);
		assert_true(a[i].answered_at[0] != '\0');
	}
	assert_string_equal(a[1].expected, "refuse or refer");
	assert_string_equal(a[1].expected_ground, "A");
	assert_string_equal(a[2].given_ground, "C");
	free(a);
	assert_int_equal(training_result(&w->app, &w->trainer, id + 1, &run, &a, &n, &err),
			 -ERR_USAGE);

	/* the trainers' trail: the start, each answer, the end */
	assert_int_equal(tu_count_audit(w->app.db, "training.start", "ok"), 1);
	assert_int_equal(tu_count_audit(w->app.db, "training.answer", NULL), 3);
	assert_int_equal(tu_count_audit(w->app.db, "training.answer", "right"), 1);
	assert_int_equal(tu_count_audit(w->app.db, "training.answer", "wrong"), 2);
	assert_int_equal(tu_count_audit(w->app.db, "training.end", "finished"), 1);
	struct tu_audit last;
	tu_last_audit(w->app.db, &last);
	assert_string_equal(last.action, "training.end");
	assert_string_equal(last.officer, "trainer");
	TU_CONTAINS(last.detail, "3 of 3 answered");
	/* and no booth work in the trainers' database */
	assert_int_equal(tu_count_audit(w->app.db, "screen", NULL), 0);
	world_free(w);
}

/* --- scoring ----------------------------------------------------------------------------- */

static void test_refusal_on_another_ground_is_wrong_but_no_wrong_refusal(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "madina");
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	assert_int_equal(answer(r, DECISION_REFUSE, "B", &fb), VERDICT_HIT);
	assert_int_equal(fb.correct, 0);
	assert_int_equal(fb.wrong_refusal, 0);
	assert_int_equal(fb.missed_hit, 0);
	assert_string_equal(fb.given_ground, "B");
	assert_string_equal(fb.expected_ground, "A");
	/* the ground expected is right */
	int64_t id = end(&r);
	r = start(w, LOST_STOLEN, "madina");
	answer(r, DECISION_ADMIT, NULL, &fb);
	answer(r, DECISION_REFUSE, "A", &fb);
	assert_int_equal(fb.correct, 1);
	assert_int_equal(fb.wrong_refusal, 0);
	int64_t id2 = end(&r);
	assert_true(id2 > id);
	world_free(w);
}

static void test_refer_is_right_when_refuse_or_refer_is_expected(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "aibek");
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	assert_int_equal(answer(r, DECISION_REFER, NULL, &fb), VERDICT_HIT);
	assert_int_equal(fb.correct, 1);
	assert_int_equal(fb.missed_hit, 0);
	assert_int_equal(fb.wrong_refusal, 0);
	assert_string_equal(fb.given, "refer");
	assert_string_equal(fb.given_ground, "");
	/* referring a traveller who should be admitted is wrong, but neither kind of miss */
	answer(r, DECISION_REFER, NULL, &fb);
	assert_int_equal(fb.correct, 0);
	assert_int_equal(fb.missed_hit, 0);
	assert_int_equal(fb.wrong_refusal, 0);
	end(&r);
	world_free(w);
}

static void test_time_runs_from_the_document_being_presented(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "aibek");
	struct training_presented p;
	assert_int_equal(training_present(r, &p), 0);
	sleep_ms(60);
	/* answer() presents the traveller again (the screen redrawn): the clock keeps
	 * running from the first time */
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	assert_true(fb.ms >= 50);
	assert_true(fb.ms < 60000);
	/* the next traveller's clock starts when they are presented, not at the last answer */
	sleep_ms(60);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	answer(r, DECISION_REFER, NULL, &fb);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long took = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(fb.ms <= took);
	end(&r);
	world_free(w);
}

static void test_expected_text_puts_the_ground_beside_the_refusal(void **state)
{
	(void)state;
	char out[64];
	training_expected_text("refuse or refer", "A", out, sizeof(out));
	assert_string_equal(out, "refuse (A) or refer");
	training_expected_text("admit", "", out, sizeof(out));
	assert_string_equal(out, "admit");
	training_expected_text("admit or refuse", "B", out, sizeof(out));
	assert_string_equal(out, "admit or refuse (B)");
	training_expected_text("refer", "", out, sizeof(out));
	assert_string_equal(out, "refer");
}

/* --- chips ------------------------------------------------------------------------------- */

/* Reads the current traveller's chip against the printed document; screens it with the
 * chip attached and returns the verdict. */
static enum verdict chip_of_current(struct training_run *r, enum chip_outcome outcome,
				    const char *name)
{
	struct training_presented p;
	struct document doc;
	present(r, &p, &doc);
	assert_int_equal(p.has_chip, 1);
	struct chip_job_result *res = NULL;
	struct error err;
	error_clear(&err);
	TU_OK(training_chip(r, &doc, &res, &err), &err);
	assert_non_null(res);
	assert_int_equal(res->check.read, 1);
	assert_int_equal(res->check.outcome, outcome);
	assert_string_equal(res->check.name, name);
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	TU_OK(screening_run(training_run_app(r), training_run_trainee(r), &doc, sc, &err), &err);
	screening_attach_chip(sc, &res->check);
	enum verdict v = sc->verdict;
	free(sc);
	chip_job_result_free(&res);
	assert_null(res);
	return v;
}

static void test_chip_whose_mrz_is_not_the_printed_one_warns(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, DG1_MISMATCH, "aibek");
	struct db *run = training_run_app(r)->db;
	assert_int_equal(chip_of_current(r, CHIP_OUTCOME_GENUINE, "genuine"), VERDICT_CLEAR);
	assert_int_equal(tu_count_audit(run, "chip.read", "genuine"), 1);
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	assert_int_equal(fb.correct, 1);
	assert_int_equal(chip_of_current(r, CHIP_OUTCOME_WARNING, "mrz_mismatch"), VERDICT_CHECK);
	assert_int_equal(tu_count_audit(run, "chip.read", NULL), 2);
	assert_int_equal(tu_count_audit(run, "chip.read", "mrz_mismatch"), 1);
	/* nothing of the chip reaches the trainers' database */
	assert_int_equal(tu_count_audit(w->app.db, "chip.read", NULL), 0);
	end(&r);
	world_free(w);
}

static void test_chip_failing_passive_authentication_warns_and_no_chip_is_none(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, PA_FAILURE, "aibek");
	struct db *run = training_run_app(r)->db;
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	assert_int_equal(chip_of_current(r, CHIP_OUTCOME_WARNING, "hash_mismatch"), VERDICT_CHECK);
	assert_int_equal(tu_count_audit(run, "chip.read", "hash_mismatch"), 1);
	answer(r, DECISION_REFER, NULL, &fb);
	assert_int_equal(fb.correct, 1);
	/* the third traveller's passport has no chip */
	struct training_presented p;
	struct document doc;
	present(r, &p, &doc);
	assert_int_equal(p.has_chip, 0);
	struct chip_job_result *res = NULL;
	struct error err;
	error_clear(&err);
	assert_int_equal(training_chip(r, &doc, &res, &err), 1);
	assert_null(res);
	assert_int_equal(tu_count_audit(run, "chip.read", NULL), 1);
	end(&r);
	world_free(w);
}

/* --- rehearsal (scenario check) ---------------------------------------------------------- */

/* TMPDIR pointed at a fresh folder for the rehearsal's files; restored by tmpdir_restore. */
static char *tmpdir_use(char *dir, size_t len)
{
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	tu_path(dir, len, "tmp");
	if (mkdir(dir, 0700) != 0)
		fail_msg("cannot make '%s': %s", dir, strerror(errno));
	setenv("TMPDIR", dir, 1);
	return saved;
}

static void tmpdir_restore(char *saved)
{
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

static void test_every_shipped_scenario_rehearses_as_its_shows_say(void **state)
{
	(void)state;
	char tmp[4096];
	char *saved = tmpdir_use(tmp, sizeof(tmp));
	struct config cfg;
	tu_config(&cfg, "rehearse.db");
	glob_t g;
	assert_int_equal(glob("scenarios/*.scn", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 9);
	struct scn_problems *probs = calloc(1, sizeof(*probs));
	assert_non_null(probs);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct scenario sc;
		struct error err;
		error_clear(&err);
		memset(probs, 0, sizeof(*probs));
		if (scenario_load(g.gl_pathv[i], &sc, probs, &err) != 0)
			fail_msg("'%s' does not load: %s", g.gl_pathv[i],
				 probs->n ? probs->items[0].msg : err.msg);
		enum verdict verdicts[SCN_MAX_TRAVELLERS];
		int rc = training_rehearse(&cfg, &sc, verdicts, probs, &err);
		if (rc != 0)
			fail_msg("'%s' rehearses with %d: %s", g.gl_pathv[i], rc,
				 probs->n ? probs->items[0].msg : err.msg);
		assert_int_equal(probs->n, 0);
		for (int t = 0; t < sc.n_travellers; t++) {
			enum scn_shows s = sc.travellers[t].shows;
			if (s == SCN_SHOWS_HIT)
				assert_int_equal(verdicts[t], VERDICT_HIT);
			else if (s == SCN_SHOWS_CHECK)
				assert_int_equal(verdicts[t], VERDICT_CHECK);
			else if (s == SCN_SHOWS_CLEAR)
				assert_int_equal(verdicts[t], VERDICT_CLEAR);
		}
		scenario_free(&sc);
	}
	globfree(&g);
	free(probs);
	assert_int_equal(count_entries(tmp), 0);
	tmpdir_restore(saved);
}

static const char wrong_shows[] = "# a clean traveller said to be a hit\n"
				  "[scenario]\n"
				  "id = wrong-shows\n"
				  "title = A scenario whose shows is wrong\n"
				  "language = en\n"
				  "briefing = One traveller.\n"
				  "\n"
				  "[traveller]\n"
				  "mrz = P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
				  "mrz = L898902C36UTO7408122F3212150ZE184226B<<<<<14\n"
				  "says = I visit my sister.\n"
				  "shows = hit\n"
				  "expect = admit\n"
				  "reason = Nothing is wrong with her.\n"
				  "teach = A clean traveller is admitted.\n";

static void test_rehearsal_finds_a_wrong_shows_at_its_traveller(void **state)
{
	(void)state;
	char tmp[4096];
	char *saved = tmpdir_use(tmp, sizeof(tmp));
	char path[4096];
	tu_path(path, sizeof(path), "wrong-shows.scn");
	tu_write_file(path, wrong_shows, strlen(wrong_shows));
	struct config cfg;
	tu_config(&cfg, "rehearse.db");
	struct scn_problems *probs = calloc(1, sizeof(*probs));
	assert_non_null(probs);
	struct scenario sc;
	struct error err;
	error_clear(&err);
	TU_OK(scenario_load(path, &sc, probs, &err), &err);
	assert_int_equal(probs->n, 0);
	assert_int_equal(sc.travellers[0].line, 8);
	enum verdict verdicts[1] = { VERDICT_HIT };
	assert_int_equal(training_rehearse(&cfg, &sc, verdicts, probs, &err), -ERR_FINDING);
	assert_int_equal(verdicts[0], VERDICT_CLEAR);
	assert_int_equal(probs->n, 1);
	assert_int_equal(probs->items[0].line, 8);
	TU_CONTAINS(probs->items[0].msg, "clear");
	TU_CONTAINS(probs->items[0].msg, "traveller 1");
	/* verdicts may be NULL */
	memset(probs, 0, sizeof(*probs));
	assert_int_equal(training_rehearse(&cfg, &sc, NULL, probs, &err), -ERR_FINDING);
	assert_int_equal(probs->n, 1);
	scenario_free(&sc);
	free(probs);
	assert_int_equal(count_entries(tmp), 0);
	tmpdir_restore(saved);
}

/* --- keys and realm ---------------------------------------------------------------------- */

static void test_training_and_live_keys_never_cross(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct config live_cfg = w->cfg;
	live_cfg.training = 0;
	struct app live;
	struct error err;
	error_clear(&err);
	TU_OK(app_open(&live, &live_cfg, &err), &err);
	assert_int_equal(live.training, 0);
	struct session live_admin, training_admin;
	tu_login(&live, "admin", &live_admin);
	tu_login(&w->app, "admin", &training_admin);
	assert_int_equal(keys_realm_training(&w->app), 1);
	assert_int_equal(keys_realm_training(&live), 0);

	char id[17], training_pub[4200], live_pub[4200];
	TU_OK(keys_own_create(&w->app, &training_admin, NULL, id, NULL, &err), &err);
	world_path(w, "training.pub", training_pub, sizeof(training_pub));
	TU_OK(keys_export_public(&w->app, training_pub, &err), &err);
	char *text = tu_read_file(training_pub, NULL);
	TU_CONTAINS(text, "realm: training\n");
	free(text);
	TU_OK(keys_own_create(&live, &live_admin, NULL, id, NULL, &err), &err);
	world_path(w, "live.pub", live_pub, sizeof(live_pub));
	TU_OK(keys_export_public(&live, live_pub, &err), &err);

	assert_int_equal(keys_install_authority(&live, &live_admin, training_pub, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "live database never takes training keys");
	assert_int_equal(tu_count_audit(live.db, "keys.install", "refused"), 1);
	assert_int_equal(keys_install_authority(&w->app, &training_admin, live_pub, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "only takes training keys");
	assert_int_equal(tu_count_audit(w->app.db, "keys.install", "refused"), 1);
	assert_int_equal(tu_query_int(live.db, "SELECT count(*) FROM sync_keys WHERE role = "
					       "'authority'"),
			 0);
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM sync_keys WHERE role = "
						 "'authority'"),
			 0);
	app_close(&live);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_demo_training_database_is_made_at_training_database_and_opens),
		cmocka_unit_test(test_training_refuses_the_live_file_by_name_and_by_inode),
		cmocka_unit_test(test_training_refuses_a_database_of_the_live_realm),
		cmocka_unit_test(test_a_whole_run_leaves_the_live_database_untouched),
		cmocka_unit_test(test_only_trainers_may_train_or_see_results),
		cmocka_unit_test_setup_teardown(test_trainer_cannot_train_on_a_live_database,
						tu_setup_app, tu_teardown_app),
		cmocka_unit_test(test_trainees_are_the_officers_and_supervisors),
		cmocka_unit_test(test_a_run_scores_each_answer_and_keeps_the_results),
		cmocka_unit_test(test_refusal_on_another_ground_is_wrong_but_no_wrong_refusal),
		cmocka_unit_test(test_refer_is_right_when_refuse_or_refer_is_expected),
		cmocka_unit_test(test_time_runs_from_the_document_being_presented),
		cmocka_unit_test(test_expected_text_puts_the_ground_beside_the_refusal),
		cmocka_unit_test(test_chip_whose_mrz_is_not_the_printed_one_warns),
		cmocka_unit_test(
			test_chip_failing_passive_authentication_warns_and_no_chip_is_none),
		cmocka_unit_test(test_every_shipped_scenario_rehearses_as_its_shows_say),
		cmocka_unit_test(test_rehearsal_finds_a_wrong_shows_at_its_traveller),
		cmocka_unit_test(test_training_and_live_keys_never_cross),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
