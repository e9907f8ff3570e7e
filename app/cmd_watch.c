/* shekara import un-sc|csv|sltd, shekara screen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "app/cli.h"
#include "app/importers.h"
#include "app/match.h"
#include "i18n/i18n.h"
#include "scanners/mrz.h"

struct import_opts {
	const char *source;
};

static int import_option(void *ctx, int argc, char **argv, int *i)
{
	return cli_option("--source", argc, argv, i, &((struct import_opts *)ctx)->source);
}

/* Long imports say how far they are, on a terminal only (scripts get the summary). */
static void progress(long entries, void *ctx)
{
	(void)ctx;
	if (isatty(STDERR_FILENO)) {
		fputc('\r', stderr); /* back to the start of the line: a counter, not a log */
		fprintf(stderr, _("%ld entries read"), entries);
	}
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("import"), argc, argv, pos, 2, &npos, import_option, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos != 2) {
		error_set(&err, ERR_USAGE,
			  _("say what to import: import un-sc|csv|sltd|paxlst FILE"));
		return cli_fail(&err);
	}
	const char *kind = pos[0], *file = pos[1];
	if (strcmp(kind, "paxlst") == 0)
		return cli_import_paxlst(cli, file);
	if (strcmp(kind, "csv") == 0 && !o.source) {
		error_set(&err, ERR_USAGE, _("a CSV import needs --source CODE"));
		return cli_fail(&err);
	}
	if (strcmp(kind, "un-sc") != 0 && strcmp(kind, "csv") != 0 && strcmp(kind, "sltd") != 0) {
		error_set(&err, ERR_USAGE, _("unknown format '%s': use un-sc, csv, sltd or paxlst"),
			  kind);
		return cli_fail(&err);
	}
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	struct import_result res = { 0 };
	clock_t t0 = clock();
	if (strcmp(kind, "un-sc") == 0)
		rc = import_un_sc(&app, &s, file, progress, NULL, &res, &err);
	else if (strcmp(kind, "csv") == 0)
		rc = import_national_csv(&app, &s, file, o.source, progress, NULL, &res, &err);
	else
		rc = import_sltd(&app, &s, file, progress, NULL, &res, &err);
	app_close(&app);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (rc < 0)
		return cli_fail(&err);
	printf(_("imported '%s': %ld added, %ld updated, %ld unchanged, %ld retired (%.1f s)\n"),
	       file, res.added, res.updated, res.unchanged, res.retired,
	       (double)(clock() - t0) / CLOCKS_PER_SEC);
	return 0;
}

struct screen_opts {
	const char *surname, *given, *dob, *nationality, *sex, *doc, *doc_state;
	int json;
};

static int screen_option(void *ctx, int argc, char **argv, int *i)
{
	struct screen_opts *o = ctx;
	if (strcmp(argv[*i], "--json") == 0) {
		o->json = 1;
		(*i)++;
		return 1;
	}
	struct {
		const char *name;
		const char **slot;
	} opts[] = { { "--surname", &o->surname },
		     { "--given", &o->given },
		     { "--dob", &o->dob },
		     { "--nationality", &o->nationality },
		     { "--sex", &o->sex },
		     { "--doc", &o->doc },
		     { "--doc-state", &o->doc_state } };
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		int m = cli_option(opts[k].name, argc, argv, i, opts[k].slot);
		if (m)
			return m;
	}
	return 0;
}

/* YYYY-MM-DD or YYYY */
static int parse_dob(const char *s, struct doc_date *d)
{
	memset(d, 0, sizeof(*d));
	size_t n = strlen(s);
	if (n != 4 && n != 10)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	d->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (n == 10) {
		d->month = (s[5] - '0') * 10 + (s[6] - '0');
		d->day = (s[8] - '0') * 10 + (s[9] - '0');
		if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > 31)
			return -1;
	}
	return 0;
}

static int query_from_stdin(struct match_query *q, struct document *doc, struct error *err)
{
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), stdin);
	if (mrz_parse(buf, n, time(NULL), doc, err) < 0)
		return -ERR_USAGE;
	q->surname = doc->surname;
	q->given_names = doc->given_names;
	q->dob = doc->birth;
	snprintf(q->nationality, sizeof(q->nationality), "%s", doc->nationality);
	q->sex = doc->sex;
	q->doc_number = doc->number;
	snprintf(q->doc_state, sizeof(q->doc_state), "%s", doc->issuer);
	return 0;
}

static void print_matches(const struct match_result *r, int json)
{
	if (json) {
		json_object *all = json_object_new_array();
		for (int i = 0; i < r->n; i++) {
			const struct match *m = &r->m[i];
			json_object *o = json_object_new_object();
			json_object_object_add(o, "score", json_object_new_int(m->score));
			json_object_object_add(o, "band",
					       json_object_new_string(match_band_name(m->band)));
			json_object_object_add(o, "source", json_object_new_string(m->source_code));
			json_object_object_add(o, "ref", json_object_new_string(m->ref));
			json_object_object_add(o, "category", json_object_new_string(m->category));
			json_object_object_add(o, "action", json_object_new_string(m->action));
			json_object_object_add(o, "listed_name",
					       json_object_new_string(m->listed_name));
			json_object_object_add(o, "document_hit",
					       json_object_new_boolean(m->document_hit));
			json_object_object_add(o, "explanation",
					       json_object_new_string(m->explanation));
			json_object_array_add(all, o);
		}
		cli_print_json(all);
		return;
	}
	if (r->n == 0)
		printf(_("no match (%d candidates checked)\n"), r->candidates);
	for (int i = 0; i < r->n; i++) {
		const struct match *m = &r->m[i];
		printf("%3d %-8s %s %s · %s · %s\n", m->score, match_band_name(m->band),
		       m->source_code, m->ref, m->listed_name, m->action);
		printf("    %s\n", m->explanation);
	}
}

int cmd_screen(struct cli *cli, int argc, char **argv)
{
	struct screen_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("screen"), argc, argv, pos, 0, &npos, screen_option, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	struct match_query q;
	struct document doc;
	memset(&q, 0, sizeof(q));
	if (o.surname || o.given || o.doc) {
		q.surname = o.surname;
		q.given_names = o.given;
		if (o.dob && parse_dob(o.dob, &q.dob) < 0) {
			error_set(&err, ERR_USAGE, _("'%s' is not a date: use YYYY-MM-DD or YYYY"),
				  o.dob);
			return cli_fail(&err);
		}
		snprintf(q.nationality, sizeof(q.nationality), "%s",
			 o.nationality ? o.nationality : "");
		q.sex = o.sex ? o.sex[0] : 0;
		q.doc_number = o.doc;
		snprintf(q.doc_state, sizeof(q.doc_state), "%s", o.doc_state ? o.doc_state : "");
	} else if (query_from_stdin(&q, &doc, &err) < 0) {
		return cli_fail(&err);
	}
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	struct match_result *r = malloc(sizeof(*r));
	if (!r) {
		app_close(&app);
		error_set(&err, ERR_IO, _("out of memory"));
		return cli_fail(&err);
	}
	rc = match_screen(&app, &s, &q, r, &err);
	app_close(&app);
	if (rc < 0) {
		free(r);
		return cli_fail(&err);
	}
	print_matches(r, o.json);
	int hit = r->n > 0 && r->m[0].band == BAND_HIT;
	free(r);
	return hit ? 1 : 0;
}
