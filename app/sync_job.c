#include "app/sync_job.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sync.h"
#include "i18n/i18n.h"

struct sync_job {
	pthread_t thread;
	struct config cfg; /* a copy: the worker opens the database itself */
	atomic_int done;
	int failed;
	char msg[512];
};

static void *work(void *arg)
{
	struct sync_job *j = arg;
	struct app app;
	struct error err;
	error_clear(&err);
	if (app_open(&app, &j->cfg, &err) < 0) {
		j->failed = 1;
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg);
		atomic_store(&j->done, 1);
		return NULL;
	}
	struct sync_result r;
	/* no session: the system syncs, whoever is at the booth */
	if (sync_pull(&app, NULL, j->cfg.sync_url, &r, &err) < 0) {
		j->failed = 1;
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg);
	}
	error_clear(&err);
	if (sync_push(&app, NULL, j->cfg.sync_url, &r, &err) < 0 && !j->failed) {
		j->failed = 1;
		snprintf(j->msg, sizeof(j->msg), "%s", err.msg);
	}
	app_close(&app);
	atomic_store(&j->done, 1);
	return NULL;
}

int sync_job_start(const struct app *app, struct sync_job **out, struct error *err)
{
	*out = NULL;
	if (!app->cfg.sync_url[0])
		return 0;
	struct sync_job *j = calloc(1, sizeof(*j));
	if (!j)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	j->cfg = app->cfg;
	atomic_init(&j->done, 0);
	if (pthread_create(&j->thread, NULL, work, j) != 0) {
		free(j);
		return error_set(err, ERR_IO, "%s", _("cannot start the background sync"));
	}
	*out = j;
	return 0;
}

int sync_job_done(struct sync_job *j)
{
	return j && atomic_load(&j->done);
}

void sync_job_finish(struct sync_job **jp, int *failed, char *msg, size_t len)
{
	struct sync_job *j = *jp;
	if (failed)
		*failed = 0;
	if (msg && len)
		msg[0] = '\0';
	if (!j)
		return;
	pthread_join(j->thread, NULL);
	if (failed)
		*failed = j->failed;
	if (msg && len)
		snprintf(msg, len, "%s", j->msg);
	free(j);
	*jp = NULL;
}
