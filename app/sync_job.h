/* Sync in the background of the terminal: a pull and then a push to sync.url on a
 * thread of its own, with a database connection of its own, so the officer is never
 * kept waiting by a slow link (a pull over 64 kbit/s takes minutes). The terminal
 * starts one every sync.interval minutes and reads only its outcome; what it did is in
 * the audit trail (by the system, not by the officer on duty) and the status bar. */
#ifndef SHEKARA_APP_SYNC_JOB_H
#define SHEKARA_APP_SYNC_JOB_H

#include <stddef.h>

#include "app/app.h"

struct sync_job;

/* Starts a pull and a push to app->cfg.sync_url. 0 with *out set (or NULL when no
 * sync.url is configured); negative with err when the thread cannot start. */
int sync_job_start(const struct app *app, struct sync_job **out, struct error *err);
/* 1 once the job has ended (sync_job_finish will not wait), 0 while it runs. */
int sync_job_done(struct sync_job *j);
/* Waits for the job, frees it and sets *j to NULL. failed is set when either half
 * failed, with its message in msg. NULL is fine. */
void sync_job_finish(struct sync_job **j, int *failed, char *msg, size_t len);

#endif
