/* The worker thread behind the scan screen's chip read (see chip_job.h). The job is
 * shared by the screen and the worker and freed by whichever lets go of it last, so
 * the screen never waits for a read to end: leaving the screen, pressing F2 or
 * scanning the next document only drops the screen's reference. */
#include "app/chip_job.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/csca.h"
#include "i18n/i18n.h"
#include "scanners/bac.h"

enum {
	/* short waits, so that a job given up on ends soon after */
	CARD_WAIT_MS = 1000,
	NO_READER_RETRY_MS = 2000,
	FAILED_RETRY_MS = 500,
};

/* One conversation with the readers at a time: a job given up on may still be in the
 * middle of a read (chip_read cannot be interrupted) when the next document's job
 * starts, and two secure-messaging sessions on one chip would break each other. */
static pthread_mutex_t reader_lock = PTHREAD_MUTEX_INITIALIZER;

struct chip_job {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int refs;      /* the screen's and the worker's */
	int cancelled; /* the screen let go: stop at the next wait */
	struct chip_job_status status;
	/* the worker's alone until status.state is DONE */
	struct document printed;
	char mrz_info[64];
	struct csca_trust trust;
	struct chip_job_result *result;
};

static void job_unref(struct chip_job *j)
{
	pthread_mutex_lock(&j->lock);
	int left = --j->refs;
	pthread_mutex_unlock(&j->lock);
	if (left > 0)
		return;
	csca_trust_free(&j->trust);
	chip_job_result_free(&j->result);
	pthread_cond_destroy(&j->wake);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

static void set_state(struct chip_job *j, enum chip_job_state st)
{
	pthread_mutex_lock(&j->lock);
	/* files already in: the chip is being read, whatever the next attempt says */
	if (st == CHIP_JOB_DONE || j->status.n_files == 0)
		j->status.state = st;
	pthread_mutex_unlock(&j->lock);
}

static void on_file(enum chip_file_id f, void *ctx)
{
	struct chip_job *j = ctx;
	pthread_mutex_lock(&j->lock);
	if (j->status.n_files < CHIP_FILE_COUNT)
		j->status.files[j->status.n_files++] = f;
	j->status.state = CHIP_JOB_READING;
	pthread_mutex_unlock(&j->lock);
}

/* Sleeps ms unless cancelled meanwhile; returns 1 when the job was cancelled. */
static int pause_unless_cancelled(struct chip_job *j, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&j->lock);
	int rc = 0;
	while (!j->cancelled && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&j->wake, &j->lock, &until);
	int cancelled = j->cancelled;
	pthread_mutex_unlock(&j->lock);
	return cancelled;
}

static int is_cancelled(struct chip_job *j)
{
	pthread_mutex_lock(&j->lock);
	int c = j->cancelled;
	pthread_mutex_unlock(&j->lock);
	return c;
}

static void decode_face(struct chip_job_result *r)
{
	const struct chip_result *c = &r->check.chip;
	if (!c->face || c->face_len == 0)
		return;
	struct error err;
	error_clear(&err);
	if (image_decode(c->face, c->face_len, 0, &r->face, &err) < 0)
		snprintf(r->face_problem, sizeof(r->face_problem), "%s", err.msg);
}

/* Waits for a reader, then for a card, then reads it; one result, then it ends. */
static void *worker(void *arg)
{
	struct chip_job *j = arg;
	struct chip_job_result *r = j->result;
	while (!is_cancelled(j)) {
		char names[8][128];
		struct error err;
		error_clear(&err);
		pthread_mutex_lock(&reader_lock);
		if (is_cancelled(j) || chip_readers(names, 8, &err) <= 0) {
			pthread_mutex_unlock(&reader_lock);
			set_state(j, CHIP_JOB_NO_READER);
			pause_unless_cancelled(j, NO_READER_RETRY_MS);
			continue;
		}
		set_state(j, CHIP_JOB_WAITING);
		struct chip_request req = { .mrz_info = j->mrz_info,
					    .wait_ms = CARD_WAIT_MS,
					    .trust = &j->trust.trust,
					    .progress = on_file,
					    .ctx = j };
		int rc = chip_read(&req, &r->check.chip, &err);
		pthread_mutex_unlock(&reader_lock);
		if (rc == 0) {
			r->check.read = 1;
			decode_face(r);
			set_state(j, CHIP_JOB_DONE);
			break;
		}
		/* no card within the wait, or the service went away: look again */
		chip_result_free(&r->check.chip);
		memset(&r->check.chip, 0, sizeof(r->check.chip));
		pause_unless_cancelled(j, FAILED_RETRY_MS);
	}
	job_unref(j);
	return NULL;
}

int chip_job_start(struct app *app, const struct session *s, const struct document *printed,
		   struct chip_job **out, struct error *err)
{
	*out = NULL;
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	struct chip_job *j = calloc(1, sizeof(*j));
	if (!j || !(j->result = calloc(1, sizeof(*j->result)))) {
		free(j);
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	}
	j->printed = *printed;
	if (bac_mrz_info(printed, j->mrz_info, sizeof(j->mrz_info)) < 0) {
		free(j->result);
		free(j);
		return error_set(err, ERR_USAGE, "%s",
				 _("the MRZ lacks the document number, birth date or expiry that "
				   "open the chip: scan or type the MRZ again"));
	}
	if (csca_trust_load(app, &j->trust, err) < 0) {
		free(j->result);
		free(j);
		return -ERR_IO;
	}
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->wake, NULL);
	j->refs = 2;
	j->status.state = CHIP_JOB_WAITING;
	/* signals (Ctrl-C, resize, termination) stay with the thread that runs curses */
	sigset_t all, saved;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &saved);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t tid;
	int rc = pthread_create(&tid, &attr, worker, j);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (rc != 0) {
		j->refs = 1;
		job_unref(j);
		return error_set(err, ERR_IO, "%s", _("cannot start reading the chip: no thread"));
	}
	*out = j;
	return 0;
}

void chip_job_poll(struct chip_job *j, struct chip_job_status *out)
{
	pthread_mutex_lock(&j->lock);
	*out = j->status;
	pthread_mutex_unlock(&j->lock);
}

void chip_job_cancel(struct chip_job **jp)
{
	if (!jp || !*jp)
		return;
	struct chip_job *j = *jp;
	*jp = NULL;
	pthread_mutex_lock(&j->lock);
	j->cancelled = 1;
	pthread_cond_broadcast(&j->wake);
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
}

int chip_job_finish(struct app *app, const struct session *s, struct chip_job **jp,
		    struct chip_job_result **out, struct error *err)
{
	*out = NULL;
	struct chip_job *j = *jp;
	struct chip_job_status st;
	chip_job_poll(j, &st);
	if (st.state != CHIP_JOB_DONE)
		return error_set(err, ERR_USAGE, "%s", _("the chip is still being read"));
	*jp = NULL;
	/* DONE: the worker has let go of the result */
	struct chip_job_result *r = j->result;
	j->result = NULL;
	/* composed here, not on the worker: the officer's language may change meanwhile */
	chip_check_compose(&j->printed, CHIP_FIELDS_ALL, &r->check);
	int rc = chip_check_record(app, s, &j->printed, &r->check, err);
	job_unref(j);
	if (rc < 0) {
		chip_job_result_free(&r); /* a read that cannot be audited is not shown */
		return -ERR_IO;
	}
	*out = r;
	return 0;
}

void chip_job_result_free(struct chip_job_result **rp)
{
	if (!rp || !*rp)
		return;
	chip_check_free(&(*rp)->check);
	image_free(&(*rp)->face);
	free(*rp);
	*rp = NULL;
}
