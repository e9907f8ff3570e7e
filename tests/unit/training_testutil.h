/* Helpers shared by test_training.c and test_training_results.c (app/training.c,
 * app/training_results.c, db/training.c and the training side of app_open and
 * setup_create_demo): scenario runs on real SQLite files. Each test has a folder of its
 * own holding a demo training database (trainer, admin, officer, supervisor and the
 * trainees aibek and madina, password "demo") and, when it needs one, a live demo
 * database in the same configuration, whose bytes a run must never change. Scenarios are
 * the shipped ones in scenarios/ (tests run from the top of the repository). Each test
 * file is one translation unit, so the helpers are static and marked TU_UNUSED. */
#ifndef SHEKARA_TRAINING_TESTUTIL_H
#define SHEKARA_TRAINING_TESTUTIL_H

#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <time.h>

#include <openssl/evp.h>

#include "app/decision.h"
#include "app/scan.h"
#include "app/screening.h"
#include "app/training.h"

#define LOST_STOLEN  "scenarios/lost-stolen.scn"
#define DG1_MISMATCH "scenarios/chip-dg1-mismatch.scn"
#define PA_FAILURE   "scenarios/chip-pa-failure.scn"

/* --- a trainers' folder ------------------------------------------------------------------ */

struct world {
	char dir[4096];
	struct config cfg; /* database: the live one; training_database: the trainers' */
	struct app app;    /* the training database, opened with --training */
	struct session trainer;
};

TU_UNUSED static void world_path(const struct world *w, const char *name, char *out, size_t len)
{
	if (snprintf(out, len, "%s/%s", w->dir, name) >= (int)len)
		fail_msg("test path too long");
}

/* A folder with the demo training database opened and the trainer logged in; with_live
 * adds the live demo database of the same configuration. */
TU_UNUSED static struct world *world_new(int with_live)
{
	struct world *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	tu_path(w->dir, sizeof(w->dir), "world");
	if (mkdir(w->dir, 0700) != 0)
		fail_msg("cannot make '%s': %s", w->dir, strerror(errno));
	struct error err;
	error_clear(&err);
	TU_OK(config_defaults(&w->cfg, &err), &err);
	world_path(w, "live.db", w->cfg.database, sizeof(w->cfg.database));
	world_path(w, "training.db", w->cfg.training_database, sizeof(w->cfg.training_database));
	if (with_live) {
		w->cfg.training = 0;
		TU_OK(setup_create_demo(&w->cfg, &err), &err);
	}
	w->cfg.training = 1;
	TU_OK(setup_create_demo(&w->cfg, &err), &err);
	TU_OK(app_open(&w->app, &w->cfg, &err), &err);
	tu_login(&w->app, "trainer", &w->trainer);
	return w;
}

TU_UNUSED static void world_free(struct world *w)
{
	app_close(&w->app);
	free(w);
}

/* --- files ------------------------------------------------------------------------------- */

TU_UNUSED static void file_sha256(const char *path, char out[65])
{
	size_t len = 0;
	char *buf = tu_read_file(path, &len);
	if (!buf)
		fail_msg("cannot read '%s'", path);
	unsigned char md[32];
	unsigned int n = 0;
	assert_int_equal(EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL), 1);
	assert_int_equal(n, 32);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	free(buf);
}

/* What a file is, to prove nobody wrote it: its hash, its modification time and whether
 * a journal appeared beside it. */
struct snapshot {
	char sha[65];
	struct timespec mtime;
	off_t size;
	int wal, shm;
};

TU_UNUSED static void snap(const char *path, struct snapshot *s)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		fail_msg("cannot stat '%s'", path);
	memset(s, 0, sizeof(*s));
	file_sha256(path, s->sha);
	s->mtime = sb.st_mtim;
	s->size = sb.st_size;
	char side[4200];
	snprintf(side, sizeof(side), "%s-wal", path);
	s->wal = tu_exists(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	s->shm = tu_exists(side);
}

TU_UNUSED static void assert_untouched(const char *path, const struct snapshot *before)
{
	struct snapshot now;
	snap(path, &now);
	assert_string_equal(now.sha, before->sha);
	assert_int_equal(now.size, before->size);
	assert_int_equal(now.mtime.tv_sec, before->mtime.tv_sec);
	assert_int_equal(now.mtime.tv_nsec, before->mtime.tv_nsec);
	assert_int_equal(now.wal, before->wal);
	assert_int_equal(now.shm, before->shm);
}

/* The run's database and its journals, by the run's id. */
TU_UNUSED static void run_file(const struct world *w, int64_t id, const char *suffix, char *out,
			       size_t len)
{
	char name[128];
	snprintf(name, sizeof(name), "training-runs/run-%lld.db%s", (long long)id, suffix);
	world_path(w, name, out, len);
}

TU_UNUSED static void assert_run_files_gone(const struct world *w, int64_t id)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char path[4200];
		run_file(w, id, suffixes[i], path, sizeof(path));
		if (tu_exists(path))
			fail_msg("'%s' is still there", path);
	}
}

TU_UNUSED static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot read '%s'", dir);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

TU_UNUSED static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* --- playing a run ----------------------------------------------------------------------- */

TU_UNUSED static struct training_run *start(struct world *w, const char *scenario,
					    const char *trainee)
{
	struct training_run *r = NULL;
	struct error err;
	error_clear(&err);
	TU_OK(training_start(&w->app, &w->trainer, scenario, trainee, &r, &err), &err);
	assert_non_null(r);
	return r;
}

/* The document the reader gives for the current traveller, parsed as any reader's. */
TU_UNUSED static void present(struct training_run *r, struct training_presented *p,
			      struct document *doc)
{
	assert_int_equal(training_present(r, p), 0);
	struct error err;
	error_clear(&err);
	TU_OK(scan_text(p->mrz, strlen(p->mrz), SRC_MRZ_WEDGE, doc, &err), &err);
}

/* Screens the current traveller as the trainee, records the decision (kind, and the
 * ground of a refusal) in the run's database as the booth would, and answers. Admitting
 * over a HIT is countersigned by the trainer, the run's supervisor. Returns the verdict
 * the result screen showed. */
TU_UNUSED static enum verdict answer(struct training_run *r, enum decision_kind kind,
				     const char *ground, struct training_feedback *fb)
{
	struct training_presented p;
	struct document doc;
	present(r, &p, &doc);
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	struct error err;
	error_clear(&err);
	struct app *run = training_run_app(r);
	const struct session *trainee = training_run_trainee(r);
	TU_OK(screening_run(run, trainee, &doc, sc, &err), &err);
	struct decision d = { .kind = kind, .elapsed_ms = 1000 };
	if (kind == DECISION_REFUSE)
		d.reason_code = ground;
	if (kind == DECISION_REFER)
		d.reason_text = "second line to look at the document";
	if (kind == DECISION_ADMIT && sc->verdict == VERDICT_HIT) {
		d.reason_text = "the trainee admits over the hit";
		d.supervisor = "trainer";
		d.supervisor_password = DEMO_PASSWORD;
	}
	int64_t crossing = 0;
	TU_OK(decision_record(run, trainee, sc, &d, &crossing, &err), &err);
	assert_true(crossing > 0);
	enum verdict shown = sc->verdict;
	free(sc);
	TU_OK(training_answer(r, &d, shown, fb, &err), &err);
	return shown;
}

/* Ends the run; its id. */
TU_UNUSED static int64_t end(struct training_run **r)
{
	int64_t id = -1;
	struct error err;
	error_clear(&err);
	TU_OK(training_end(r, &id, &err), &err);
	assert_null(*r);
	return id;
}

/* lost-stolen answered as in the brief: admit, admit over the HIT, refuse on ground C. */
TU_UNUSED static int64_t play_lost_stolen(struct world *w, const char *trainee,
					  struct training_feedback fb[3])
{
	struct training_run *r = start(w, LOST_STOLEN, trainee);
	assert_int_equal(answer(r, DECISION_ADMIT, NULL, &fb[0]), VERDICT_CLEAR);
	assert_int_equal(answer(r, DECISION_ADMIT, NULL, &fb[1]), VERDICT_HIT);
	assert_int_equal(answer(r, DECISION_REFUSE, "C", &fb[2]), VERDICT_CLEAR);
	return end(&r);
}

TU_UNUSED static int count_refusals(struct db *db)
{
	return (int)tu_query_int(db, "SELECT count(*) FROM audit WHERE outcome IN "
				     "('denied', 'refused')");
}

#endif
