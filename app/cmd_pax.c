/* shekara import paxlst FILE, shekara manifests [list | show ID] [--json] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/cli.h"
#include "app/pax.h"
#include "i18n/i18n.h"

int cli_import_paxlst(struct cli *cli, const char *file)
{
	struct error err;
	error_clear(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	struct pax_import_result *r = malloc(sizeof(*r));
	int rc = r ? pax_import(&app, &s, file, r, &err)
		   : error_set(&err, ERR_IO, "%s", _("out of memory"));
	app_close(&app);
	if (rc < 0) {
		free(r);
		return cli_fail(&err);
	}
	for (int i = 0; i < r->n_shown; i++)
		/* TRANSLATORS: a problem in a manifest that did not stop the import; the reason
		 * after the colon is in English */
		fprintf(stderr, _("%s: segment %d: warning: %s\n"), file, r->shown[i].segment,
			r->shown[i].text);
	if (r->warnings > r->n_shown)
		fprintf(stderr, _("%s: %d more warnings\n"), file, r->warnings - r->n_shown);
	if (r->already)
		printf(_("'%s' was imported before, as manifest %lld; nothing changed\n"), file,
		       (long long)r->first_id);
	else
		printf(_("imported '%s': manifest %lld, %d travellers screened, %d hits, %d to "
			 "check, %d warnings\n"),
		       file, (long long)r->first_id, r->travellers, r->hits, r->checks,
		       r->warnings);
	int hits = r->hits;
	free(r);
	return hits > 0 ? ERR_FINDING : 0;
}

struct manifest_opts {
	int json;
};

static int manifest_option(void *ctx, int argc, char **argv, int *i)
{
	(void)argc;
	struct manifest_opts *o = ctx;
	if (strcmp(argv[*i], "--json") == 0) {
		o->json = 1;
		(*i)++;
		return 1;
	}
	return 0;
}

static struct json_object *manifest_json(const struct pax_manifest_row *m)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(m->id));
	json_object_object_add(o, "list", json_object_new_string(m->list_kind));
	json_object_object_add(o, "vehicle", json_object_new_string(m->vehicle));
	json_object_object_add(o, "carrier", json_object_new_string(m->carrier));
	json_object_object_add(o, "mode", json_object_new_string(m->transport_mode));
	json_object_object_add(o, "from", json_object_new_string(m->departure));
	json_object_object_add(o, "to", json_object_new_string(m->arrival));
	json_object_object_add(o, "departs", json_object_new_string(m->departs_at));
	json_object_object_add(o, "arrives", json_object_new_string(m->arrives_at));
	json_object_object_add(o, "travellers", json_object_new_int(m->travellers));
	json_object_object_add(o, "hits", json_object_new_int(m->hits));
	json_object_object_add(o, "checks", json_object_new_int(m->checks));
	json_object_object_add(o, "warnings", json_object_new_int(m->warnings));
	json_object_object_add(o, "file", json_object_new_string(m->file_name));
	json_object_object_add(o, "imported_at", json_object_new_string(m->imported_at));
	return o;
}

static void print_manifest(const struct pax_manifest_row *m)
{
	/* TRANSLATORS: one manifest: number, vehicle, from, to, expected arrival, travellers,
	 * hits, to check */
	printf(_("%lld  %s  %s → %s  arrives %s  %d travellers (%s), %d hits, %d to check\n"),
	       (long long)m->id, m->vehicle, m->departure[0] ? m->departure : "?",
	       m->arrival[0] ? m->arrival : "?", m->arrives_at[0] ? m->arrives_at : "?",
	       m->travellers, m->list_kind, m->hits, m->checks);
}

static int list(struct app *app, const struct session *s, int json, struct error *err)
{
	struct pax_manifest_row *ms;
	size_t n;
	if (pax_list(app, s, &ms, &n, err) < 0)
		return -ERR_IO;
	if (json) {
		struct json_object *a = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(a, manifest_json(&ms[i]));
		cli_print_json(a);
	} else {
		for (size_t i = 0; i < n; i++)
			print_manifest(&ms[i]);
	}
	free(ms);
	return 0;
}

static int show(struct app *app, const struct session *s, const char *which, int json,
		struct error *err)
{
	char *end;
	errno = 0;
	long long id = strtoll(which, &end, 10);
	if (errno || end == which || *end || id <= 0)
		return error_set(err, ERR_USAGE, _("'%s' is not a manifest number"), which);
	struct pax_manifest_row m;
	struct pax_traveller_row *t;
	size_t n;
	if (pax_show(app, s, id, &m, &t, &n, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	if (json) {
		struct json_object *o = manifest_json(&m);
		struct json_object *a = json_object_new_array();
		for (size_t i = 0; i < n; i++) {
			struct json_object *x = json_object_new_object();
			json_object_object_add(x, "seq", json_object_new_int(t[i].seq));
			json_object_object_add(x, "crew", json_object_new_boolean(t[i].crew));
			json_object_object_add(x, "surname", json_object_new_string(t[i].surname));
			json_object_object_add(x, "given_names",
					       json_object_new_string(t[i].given_names));
			json_object_object_add(x, "birth", json_object_new_string(t[i].birth));
			json_object_object_add(x, "nationality",
					       json_object_new_string(t[i].nationality));
			json_object_object_add(x, "document",
					       json_object_new_string(t[i].doc_number));
			json_object_object_add(x, "issuer",
					       json_object_new_string(t[i].doc_issuer));
			json_object_object_add(x, "seat", json_object_new_string(t[i].seat));
			json_object_object_add(x, "verdict", json_object_new_string(t[i].verdict));
			json_object_object_add(x, "score", json_object_new_int(t[i].score));
			json_object_object_add(x, "entry", json_object_new_string(t[i].entry_ref));
			json_object_object_add(x, "screened_at",
					       json_object_new_string(t[i].screened_at));
			json_object_array_add(a, x);
		}
		json_object_object_add(o, "passengers", a);
		cli_print_json(o);
	} else {
		print_manifest(&m);
		for (size_t i = 0; i < n; i++)
			/* TRANSLATORS: a traveller on a manifest: verdict, seat, names, birth,
			 * nationality, document issuer and number, the entry matched */
			printf(_("  %-5s %-4s %s, %s  %s  %s  %s %s%s%s\n"),
			       t[i].verdict[0] ? t[i].verdict : "-", t[i].seat, t[i].surname,
			       t[i].given_names, t[i].birth[0] ? t[i].birth : "?", t[i].nationality,
			       t[i].doc_issuer, t[i].doc_number, t[i].entry_ref[0] ? "  " : "",
			       t[i].entry_ref);
	}
	free(t);
	return 0;
}

int cmd_manifests(struct cli *cli, int argc, char **argv)
{
	struct manifest_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("manifests"), argc, argv, pos, 2, &npos, manifest_option,
			   &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	int is_list = npos == 0 || (npos == 1 && strcmp(pos[0], "list") == 0);
	int is_show = npos == 2 && strcmp(pos[0], "show") == 0;
	if (!is_list && !is_show) {
		error_set(&err, ERR_USAGE, "%s",
			  _("say what to do: manifests list, or manifests show ID"));
		return cli_fail(&err);
	}
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	rc = is_list ? list(&app, &s, o.json, &err) : show(&app, &s, pos[1], o.json, &err);
	app_close(&app);
	return rc < 0 ? cli_fail(&err) : 0;
}
