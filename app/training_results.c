/* Training results for the trainer (list, one run, CSV) and the rehearsal behind
 * 'scenario check' (see training.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app/barcode.h"
#include "app/chip.h"
#include "app/chip_job.h"
#include "app/csca.h"
#include "app/scan.h"
#include "app/text.h"
#include "app/training.h"
#include "app/training_chip.h"
#include "app/training_internal.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

static int may_see(struct app *app, const struct session *s, struct error *err)
{
	if (session_require(app, s, PERM_RUN_TRAINING, err) < 0)
		return -ERR_DENIED;
	if (!app->training) {
		app_audit_refusal(app, s, "training.results", "database", app->workstation,
				  "refused", "not a training database");
		return error_set(err, ERR_DENIED, "%s",
				 _("training results are kept only in a training database "
				   "(shekara --training)"));
	}
	return 0;
}

static int trainee_id(struct app *app, const char *trainee, int64_t *id, struct error *err)
{
	*id = 0;
	if (!trainee)
		return 0;
	struct officer o;
	int rc = officer_get(app->db, trainee, &o, err);
	OPENSSL_cleanse(o.password_hash, sizeof(o.password_hash));
	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(err, ERR_USAGE, _("there is no account '%s'"), trainee);
	*id = o.id;
	return 0;
}

int training_results(struct app *app, const struct session *s, const char *trainee,
		     struct training_run_row **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	int64_t id;
	if (may_see(app, s, err) < 0)
		return -ERR_DENIED;
	if (trainee_id(app, trainee, &id, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	return training_runs_list(app->db, id, out, n, err);
}

int training_result(struct app *app, const struct session *s, int64_t run_id,
		    struct training_run_row *run, struct training_answer_row **answers, size_t *n,
		    struct error *err)
{
	*answers = NULL;
	*n = 0;
	if (may_see(app, s, err) < 0)
		return -ERR_DENIED;
	int rc = training_run_get(app->db, run_id, run, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(err, ERR_USAGE, _("there is no training run %lld"),
				 (long long)run_id);
	return training_answers_list(app->db, run_id, answers, n, err);
}

void training_expected_text(const char *expected, const char *ground, char *out, size_t len)
{
	const char *refuse = strstr(expected, "refuse");
	if (!ground[0] || !refuse) {
		snprintf(out, len, "%s", expected);
		return;
	}
	size_t at = (size_t)(refuse - expected) + strlen("refuse");
	snprintf(out, len, "%.*s (%s)%s", (int)at, expected, ground, expected + at);
}

static void csv_int(FILE *out, long v, int last)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	text_csv_field(out, buf, last);
}

static void csv_seconds(FILE *out, long ms, int last)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld.%01ld", ms / 1000, ms % 1000 / 100);
	text_csv_field(out, buf, last);
}

static int write_run(struct app *app, const struct training_run_row *r, FILE *out,
		     struct error *err)
{
	struct training_answer_row *a;
	size_t n;
	if (training_answers_list(app->db, r->id, &a, &n, err) < 0)
		return -ERR_IO;
	long avg = r->answered ? r->total_ms / r->answered : 0;
	for (size_t i = 0; i < n; i++) {
		csv_int(out, (long)r->id, 0);
		text_csv_field(out, r->trainee, 0);
		text_csv_field(out, r->trainee_name, 0);
		text_csv_field(out, r->trainer, 0);
		text_csv_field(out, r->scenario_id, 0);
		text_csv_field(out, r->scenario_title, 0);
		text_csv_field(out, r->started_at, 0);
		text_csv_field(out, r->status, 0);
		csv_int(out, r->travellers, 0);
		csv_int(out, r->correct, 0);
		csv_int(out, r->missed_hits, 0);
		csv_int(out, r->wrong_refusals, 0);
		csv_seconds(out, avg, 0);
		csv_int(out, a[i].traveller, 0);
		text_csv_field(out, a[i].shown, 0);
		text_csv_field(out, a[i].expected, 0);
		text_csv_field(out, a[i].expected_ground, 0);
		text_csv_field(out, a[i].given, 0);
		text_csv_field(out, a[i].given_ground, 0);
		csv_int(out, a[i].correct, 0);
		csv_int(out, a[i].missed_hit, 0);
		csv_int(out, a[i].wrong_refusal, 0);
		csv_seconds(out, a[i].ms, 0);
		text_csv_field(out, a[i].correct ? "" : a[i].teach, 1);
	}
	free(a);
	return 0;
}

int training_results_csv(struct app *app, const struct session *s, const char *trainee, FILE *out,
			 struct error *err)
{
	struct training_run_row *runs;
	size_t n;
	if (training_results(app, s, trainee, &runs, &n, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	char detail[128];
	snprintf(detail, sizeof(detail), "%zu runs of %s", n, trainee ? trainee : "every trainee");
	struct audit_event ev = { .action = "training.export",
				  .object_type = "training_results",
				  .object_id = trainee ? trainee : "*",
				  .outcome = "ok",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0) {
		free(runs);
		return -ERR_IO;
	}
	/* machine-readable: the header is never translated */
	static const char *const header[] = {
		"run",           "trainee",         "trainee_name",
		"trainer",       "scenario",        "title",
		"started_at",    "status",          "travellers",
		"right",         "missed_hits",     "wrong_refusals",
		"avg_seconds",   "traveller",       "shown",
		"expected",      "expected_ground", "given",
		"given_ground",  "correct",         "missed_hit",
		"wrong_refusal", "seconds",         "teaching_point_missed",
	};
	size_t nh = sizeof(header) / sizeof(header[0]);
	for (size_t i = 0; i < nh; i++)
		text_csv_field(out, header[i], i + 1 == nh);
	int rc = 0;
	for (size_t i = n; rc == 0 && i > 0; i--) /* oldest first, as a spreadsheet reads */
		rc = write_run(app, &runs[i - 1], out, err);
	free(runs);
	if (rc == 0 && fflush(out) != 0)
		rc = error_set(err, ERR_IO, _("cannot write the results: %s"), strerror(errno));
	return rc;
}

int training_results_export(struct app *app, const struct session *s, const char *trainee,
			    char *path, size_t len, struct error *err)
{
	char dir[4096];
	training_folder(app, dir, sizeof(dir));
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (snprintf(path, len, "%s/training-results-%s%s%s.csv", dir, stamp, trainee ? "-" : "",
		     trainee ? trainee : "") >= (int)len)
		return error_set(err, ERR_IO, _("path '%s' is too long"), dir);
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	FILE *f = fopen(tmp, "wx");
	if (!f)
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), tmp, strerror(errno));
	int rc = training_results_csv(app, s, trainee, f, err);
	if (rc == 0 && fsync(fileno(f)) != 0)
		rc = error_set(err, ERR_IO, _("cannot write '%s': %s"), tmp, strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = error_set(err, ERR_IO, _("cannot write '%s': %s"), tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = error_set(err, ERR_IO, _("cannot write '%s': %s"), path, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	return rc;
}

/* ---- rehearsal ------------------------------------------------------------------- */

static void problem(struct scn_problems *probs, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct scn_problems *probs, int line, const char *fmt, ...)
{
	if (probs->n >= SCN_MAX_PROBLEMS) {
		probs->more++;
		return;
	}
	struct scn_problem *p = &probs->items[probs->n++];
	p->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

static enum verdict shows_verdict(enum scn_shows s)
{
	return s == SCN_SHOWS_HIT     ? VERDICT_HIT
	       : s == SCN_SHOWS_CHECK ? VERDICT_CHECK
				      : VERDICT_CLEAR;
}

/* What the result screen would show for traveller t, in app as the trainee s. */
static int screen_one(struct rehearsal *rh, const struct scn_traveller *t, struct screening *sc,
		      struct error *err)
{
	char text[3 * SCN_MRZ_LINE + 4];
	size_t used = 0;
	for (int i = 0; i < t->mrz_lines; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n", t->mrz[i]);
	struct document doc;
	if (scan_text(text, used, SRC_MRZ_WEDGE, &doc, err) < 0)
		return -ERR_USAGE;
	if (screening_run(rh->app, rh->s, &doc, sc, err) < 0)
		return -ERR_IO;
	if (t->chip != SCN_CHIP_NONE) {
		struct chip_job_result *chip;
		if (training_chip_of(rh, t, &doc, &chip, err) < 0)
			return -ERR_IO;
		screening_attach_chip(sc, &chip->check);
		chip_job_result_free(&chip);
	}
	if (t->barcode[0]) {
		struct barcode_check c;
		if (barcode_check(rh->app, rh->s, BARCODE_WEDGE, (const unsigned char *)t->barcode,
				  strlen(t->barcode), &doc, &c, err) < 0)
			return -ERR_IO;
		screening_attach_barcode(sc, &c);
		barcode_check_free(&c);
	}
	return 0;
}

/* Why the verdict is what it is, in a few words. */
static void why(const struct screening *sc, char *out, size_t len)
{
	if (sc->matches.n > 0)
		snprintf(out, len, _("best match %s, score %d"), sc->matches.m[0].ref,
			 sc->matches.m[0].score);
	else if (sc->failed_checks)
		snprintf(out, len,
			 P_("%d document check failed", "%d document checks failed",
			    (unsigned long)sc->failed_checks),
			 sc->failed_checks);
	else if (sc->chip.warning)
		snprintf(out, len, _("chip: %s"), sc->chip.verdict);
	else if (sc->barcode_warnings)
		snprintf(out, len, "%s", _("a barcode warns"));
	else
		snprintf(out, len, "%s", _("nothing matched"));
}

int training_rehearse(const struct config *cfg, const struct scenario *scn, enum verdict *verdicts,
		      struct scn_problems *probs, struct error *err)
{
	struct rehearsal rh;
	if (training_rehearsal_open(cfg, scn, &rh, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	struct screening *sc = calloc(1, sizeof(*sc));
	int rc = sc ? 0 : error_set(err, ERR_IO, "%s", _("out of memory"));
	int disagree = 0;
	for (int i = 0; rc == 0 && i < scn->n_travellers; i++) {
		const struct scn_traveller *t = &scn->travellers[i];
		rc = screen_one(&rh, t, sc, err);
		if (rc < 0)
			break;
		if (verdicts)
			verdicts[i] = sc->verdict;
		if (t->shows != SCN_SHOWS_ANY && sc->verdict != shows_verdict(t->shows)) {
			char because[160];
			why(sc, because, sizeof(because));
			problem(probs, t->line,
				_("traveller %d shows %s on the workstation, not %s as 'shows' "
				  "says "
				  "(%s)"),
				i + 1, verdict_name(sc->verdict),
				verdict_name(shows_verdict(t->shows)), because);
			disagree = 1;
		}
	}
	free(sc);
	training_rehearsal_close(&rh);
	if (rc < 0)
		return rc;
	return disagree ? -ERR_FINDING : 0;
}
