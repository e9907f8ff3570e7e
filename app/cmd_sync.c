/* shekara publish | sync pull | sync push | ingest: the sync of app/sync.h from a
 * script or a cron job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/cli.h"
#include "app/sync.h"
#include "i18n/i18n.h"

static void print_result(const char *what, const struct sync_result *r, int json)
{
	if (json) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "action", json_object_new_string(what));
		json_object_object_add(o, "from_seq", json_object_new_int64(r->from_seq));
		json_object_object_add(o, "to_seq", json_object_new_int64(r->to_seq));
		json_object_object_add(o, "bundles", json_object_new_int(r->bundles));
		json_object_object_add(o, "rows", json_object_new_int64(r->rows));
		json_object_object_add(o, "bytes", json_object_new_int64((int64_t)r->bytes));
		json_object_object_add(o, "acked", json_object_new_int(r->acked));
		json_object_object_add(o, "pending", json_object_new_int(r->pending));
		json_object_object_add(o, "refusal",
				       json_object_new_string(sync_refusal_name(r->refusal)));
		cli_print_json(o);
		return;
	}
	if (strcmp(what, "pull") == 0)
		printf(r->bundles ? _("lists at version %lld: %d bundles applied, %lld entries "
				      "changed, %llu bytes\n")
				  : _("lists at version %lld: up to date\n"),
		       (long long)r->to_seq, r->bundles, (long long)r->rows,
		       (unsigned long long)r->bytes);
	else if (strcmp(what, "publish") == 0)
		printf(r->bundles ? _("published version %lld: %lld rows changed, %llu bytes\n")
				  : _("nothing changed since version %lld: manifest renewed\n"),
		       (long long)r->to_seq, (long long)r->rows, (unsigned long long)r->bytes);
	else if (strcmp(what, "push") == 0)
		printf(_("%lld records sealed; %d bundles sent (%llu bytes); %d acknowledged, %d "
			 "waiting\n"),
		       (long long)r->rows, r->bundles, (unsigned long long)r->bytes, r->acked,
		       r->pending);
	else
		printf(_("%d bundles merged (%llu bytes)\n"), r->bundles,
		       (unsigned long long)r->bytes);
}

/* Runs one sync action as the officer of --as and prints its result. */
static int run(struct cli *cli, const char *what, const char *location,
	       const struct cli_json_opt *o)
{
	struct error err;
	error_clear(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	if (!location || !*location)
		location = app.cfg.sync_url;
	if (!*location) {
		app_close(&app);
		error_set(&err, ERR_USAGE,
			  _("no place to sync with: give a directory or URL, or set 'sync.url'"));
		return cli_fail(&err);
	}
	struct sync_result r;
	int rc;
	if (strcmp(what, "publish") == 0) {
		long days = o->value ? strtol(o->value, NULL, 10) : 7;
		/* 0 makes a manifest that is already past: for testing refusals */
		if (days < 0 || days > 366) {
			app_close(&app);
			error_set(&err, ERR_USAGE, _("--expires takes 0 to 366 days"));
			return cli_fail(&err);
		}
		rc = sync_publish(&app, &s, location, (int)days, &r, &err);
	} else if (strcmp(what, "pull") == 0) {
		rc = sync_pull(&app, &s, location, &r, &err);
	} else if (strcmp(what, "push") == 0) {
		rc = sync_push(&app, &s, location, &r, &err);
	} else {
		rc = sync_ingest(&app, &s, location, &r, &err);
	}
	app_close(&app);
	if (rc < 0) {
		if (o->json)
			print_result(what, &r, 1);
		return cli_fail(&err);
	}
	print_result(what, &r, o->json);
	return 0;
}

static int one_place(struct cli *cli, const char *name, int argc, char **argv, const char *what)
{
	struct cli_json_opt o = { .name = "--expires" };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find(name), argc, argv, pos, 2, &npos, cli_json_opt_parse, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	int verb = strcmp(name, "sync") == 0;
	if (verb) {
		if (npos < 1 || (strcmp(pos[0], "pull") != 0 && strcmp(pos[0], "push") != 0)) {
			error_set(&err, ERR_USAGE, _("use: sync pull|push [DIR|URL]"));
			return cli_fail(&err);
		}
		what = pos[0];
	} else if (npos > 1) {
		error_set(&err, ERR_USAGE, _("use: %s DIR|URL"), name);
		return cli_fail(&err);
	}
	return run(cli, what, npos > verb ? pos[verb] : NULL, &o);
}

int cmd_publish(struct cli *cli, int argc, char **argv)
{
	return one_place(cli, "publish", argc, argv, "publish");
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	return one_place(cli, "sync", argc, argv, NULL);
}

int cmd_ingest(struct cli *cli, int argc, char **argv)
{
	return one_place(cli, "ingest", argc, argv, "ingest");
}
