/* The running program's context: settings, the open database and the facts about this
 * workstation stored in it. Passed explicitly to everything that needs it; there are no
 * hidden globals (STYLE.md 5). */
#ifndef SHEKARA_APP_H
#define SHEKARA_APP_H

#include "app/config.h"
#include "db/audit.h"
#include "db/db.h"

struct session;

struct app {
	struct config cfg;
	struct db *db;
	char post[64];
	char workstation[64];
	int demo;        /* the embedded demo database: bannered everywhere */
	int training;    /* a training database (setting realm "training"): bannered too */
	long index_rows; /* match index size for token weights; -1 until counted */
	/* the manifest of the vehicle being processed at this terminal (0: none): a
	 * traveller screened meanwhile who is not on it is recorded as such (app/pax.h) */
	int64_t pax_current;
};

/* Opens the configured database (which must exist) and reads the post, workstation and
 * demo flag from it. With cfg->training it opens cfg->training_database instead, which
 * must be a training database and never the live one (the same file is refused before
 * anything is opened). */
int app_open(struct app *app, const struct config *cfg, struct error *err);
void app_close(struct app *app);

/* Who is acting, for audit rows: the officer of session, or the system when NULL. */
void app_actor(const struct app *app, const struct session *s, struct audit_actor *out);
/* Appends one audit row in its own transaction, for events that change nothing else
 * (a view, a denial, a verification). */
int app_audit(struct app *app, const struct session *s, const struct audit_event *ev,
	      struct error *err);

/* Audits a refused request (outcome "denied", "refused" ...) in its own transaction;
 * best effort, since the refusal itself must reach the officer whatever happens. */
void app_audit_refusal(struct app *app, const struct session *s, const char *action,
		       const char *object_type, const char *object_id, const char *outcome,
		       const char *detail);

/* Compares the settings in force with the ones recorded at the last start and audits
 * each difference as "config.change", then records the new ones. */
int app_record_config(struct app *app, struct error *err);

/* Age in whole days of the oldest watchlist source, or -1 when there is none; *stale is
 * set when it is older than lists.stale_after_days. For the status bar. */
int app_list_age_days(struct app *app, int *stale, struct error *err);

#endif
