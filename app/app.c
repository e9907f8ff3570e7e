#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/session.h"
#include "db/officer.h"
#include "app/watchlist.h"
#include "db/watchlist.h"
#include "scanners/clock.h"
#include "i18n/i18n.h"

/* 1 when a and b name the same existing file. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int app_open(struct app *app, const struct config *cfg, struct error *err)
{
	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	if (cfg->training) {
		/* from here on this program knows only the training database */
		if (strcmp(cfg->training_database, cfg->database) == 0 ||
		    same_file(cfg->training_database, cfg->database))
			return error_set(err, ERR_USAGE,
					 _("training.database and general.database are the same "
					   "file '%s'; training never opens the live database"),
					 cfg->database);
		snprintf(app->cfg.database, sizeof(app->cfg.database), "%s",
			 cfg->training_database);
		if (access(app->cfg.database, F_OK) != 0)
			return error_set(err, ERR_IO,
					 _("there is no training database '%s' yet; create it with "
					   "'shekara --training init'"),
					 app->cfg.database);
	}
	cfg = &app->cfg;
	if (db_open(cfg->database, DB_OPEN_EXISTING, &app->db, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	char demo[8] = "0";
	if (db_setting_get(app->db, "post", app->post, sizeof(app->post), err) != 1 ||
	    db_setting_get(app->db, "workstation", app->workstation, sizeof(app->workstation),
			   err) != 1) {
		error_set(err, ERR_IO,
			  _("database '%s' has no post or workstation; was it made with "
			    "'shekara init'?"),
			  cfg->database);
		db_close(&app->db);
		return -ERR_IO;
	}
	db_setting_get(app->db, "demo", demo, sizeof(demo), NULL);
	char realm[16] = "live";
	db_setting_get(app->db, "realm", realm, sizeof(realm), NULL);
	app->training = strcmp(realm, "training") == 0;
	if (cfg->training && !app->training) {
		error_set(err, ERR_USAGE,
			  _("'%s' is not a training database; --training opens only one made "
			    "with 'shekara --training init'"),
			  cfg->database);
		db_close(&app->db);
		return -ERR_USAGE;
	}
	app->index_rows = -1;
	/* entries without match keys would never be found: make them now */
	int missing = wl_index_missing(app->db, err);
	if (missing < 0 || (missing && watch_reindex(app, err) < 0)) {
		db_close(&app->db);
		return -ERR_IO;
	}
	app->demo = strcmp(demo, "1") == 0;
	return 0;
}

void app_close(struct app *app)
{
	db_close(&app->db);
}

void app_actor(const struct app *app, const struct session *s, struct audit_actor *out)
{
	out->officer = s ? s->username : "-";
	out->role = s ? officer_role_name(s->role) : "system";
	out->post = app->post;
	out->workstation = app->workstation;
}

int app_audit(struct app *app, const struct session *s, const struct audit_event *ev,
	      struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (audit_append(app->db, &who, ev, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

void app_audit_refusal(struct app *app, const struct session *s, const char *action,
		       const char *object_type, const char *object_id, const char *outcome,
		       const char *detail)
{
	struct audit_event ev = { .action = action,
				  .object_type = object_type,
				  .object_id = object_id,
				  .outcome = outcome,
				  .detail = detail };
	app_audit(app, s, &ev, NULL);
}

int app_record_config(struct app *app, struct error *err)
{
	struct audit_actor who;
	app_actor(app, NULL, &who);
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	for (size_t i = 0; i < config_key_count; i++) {
		const struct config_key *k = &config_keys[i];
		char now[4096], before[4096], key[160], detail[8300];
		config_value(&app->cfg, k, now, sizeof(now));
		snprintf(key, sizeof(key), "config.%s", k->name);
		int had = db_setting_get(app->db, key, before, sizeof(before), err);
		if (had < 0)
			goto fail;
		if (had && strcmp(before, now) == 0)
			continue;
		snprintf(detail, sizeof(detail), "%s -> %s", had ? before : "(unset)", now);
		struct audit_event ev = { .action = "config.change",
					  .object_type = "setting",
					  .object_id = k->name,
					  .outcome = "ok",
					  .detail = detail };
		if (db_setting_set(app->db, key, now, err) < 0 ||
		    audit_append(app->db, &who, &ev, err) < 0)
			goto fail;
	}
	return db_commit(app->db, err);
fail:
	db_rollback(app->db);
	return -ERR_IO;
}

int app_list_age_days(struct app *app, int *stale, struct error *err)
{
	struct wl_source *src;
	size_t n;
	*stale = 0;
	if (wl_source_list(app->db, 0, &src, &n, err) < 0)
		return -ERR_IO;
	int days = -1;
	time_t updated;
	/* the list is ordered oldest first */
	if (n > 0 && clock_parse_iso(src[0].updated_at, &updated) == 0) {
		double age = difftime(time(NULL), updated);
		days = age < 0 ? 0 : (int)(age / 86400);
		*stale = days > app->cfg.list_stale_days;
	}
	free(src);
	return days;
}
