/* shekara barcode FILE... [--json] [--mrz-file F]: every symbol in each image, what it
 * is, what it says and whether its signature holds (app/barcode.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/barcode.h"
#include "app/chip.h"
#include "app/cli.h"
#include "app/text.h"
#include "i18n/i18n.h"

enum { BARCODE_MAX_FILES = 64 };

/* --- text -------------------------------------------------------------------------- */

static void print_check(int i, const struct barcode_check *c)
{
	const struct seal *s = &c->seal;
	printf("  %d  %s", i + 1, barcode_symbology_label(c->symbology));
	if (barcode_check_kind(c) != SEAL_RAW)
		printf("  %s", barcode_check_label(c));
	if (s->issuer[0])
		printf("  %s", s->issuer);
	printf("\n");
	for (int k = 0; k < c->n_lines; k++)
		printf("     %s\n", c->lines[k]);
	for (int k = 0; k < s->n_fields; k++) {
		const char *label = barcode_seal_field_label(s->fields[k].name);
		int pad = 20 - (int)text_chars(label);
		printf("     %s%*s %s\n", label, pad > 0 ? pad : 0, "", s->fields[k].value);
	}
	/* TRANSLATORS: the machine verdict of a barcode, left untranslated after the colon */
	printf(_("     verdict: %s\n"), c->name);
}

/* --- JSON -------------------------------------------------------------------------- */

static void add_str(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, json_object_new_string(value));
}

static json_object *mask_json(unsigned mask)
{
	json_object *a = json_object_new_array();
	for (int f = 0; f < BARCODE_FIELD_COUNT; f++)
		if (mask & (1u << f))
			json_object_array_add(a, json_object_new_string(barcode_field_name(f)));
	return a;
}

static json_object *person_json(const struct seal_person *p)
{
	json_object *o = json_object_new_object();
	char date[11];
	if (p->have & SEAL_HAVE_NAME) {
		add_str(o, "surname", p->surname);
		add_str(o, "given_names", p->given_names);
	}
	if (p->have & SEAL_HAVE_NUMBER)
		add_str(o, "document_number", p->number);
	if (p->have & SEAL_HAVE_NATIONALITY)
		add_str(o, "nationality", p->nationality);
	if (p->have & SEAL_HAVE_BIRTH) {
		document_date_text(&p->birth, date);
		add_str(o, "birth", date);
	}
	if (p->have & SEAL_HAVE_SEX) {
		char sex[2] = { p->sex, '\0' };
		add_str(o, "sex", sex);
	}
	if (p->have & SEAL_HAVE_EXPIRY) {
		document_date_text(&p->expiry, date);
		add_str(o, "valid_until", date);
	}
	return o;
}

static json_object *check_json(const struct barcode_check *c)
{
	const struct seal *s = &c->seal;
	json_object *o = json_object_new_object();
	add_str(o, "symbology", barcode_symbology_name(c->symbology));
	add_str(o, "payload_type", seal_kind_name(barcode_check_kind(c)));
	add_str(o, "type", s->type);
	add_str(o, "issuer", s->issuer);
	add_str(o, "verdict", c->name);
	if (c->malformed[0])
		add_str(o, "malformed", c->malformed);
	json_object *fields = json_object_new_array();
	for (int k = 0; k < s->n_fields; k++) {
		json_object *f = json_object_new_object();
		add_str(f, "name", s->fields[k].name);
		add_str(f, "value", s->fields[k].value);
		json_object_array_add(fields, f);
	}
	json_object_object_add(o, "fields", fields);
	json_object_object_add(o, "holder", person_json(&s->person));
	if (s->mrz_lines > 0) {
		json_object *m = json_object_new_array();
		for (int k = 0; k < s->mrz_lines; k++)
			json_object_array_add(m, json_object_new_string(s->mrz[k]));
		json_object_object_add(o, "mrz", m);
	}
	json_object *sig = json_object_new_object();
	json_object_object_add(sig, "present", json_object_new_boolean(s->sig.present));
	add_str(sig, "verdict", seal_verdict_name(c->sig.verdict));
	if (s->sig.present) {
		add_str(sig, "signature", chip_check_step_name(c->sig.signature));
		add_str(sig, "chain", chip_check_step_name(c->sig.trusted));
		add_str(sig, "signer",
			c->sig.signer_subject[0] ? c->sig.signer_subject : s->sig.signer);
		add_str(sig, "signer_serial",
			c->sig.signer_serial[0] ? c->sig.signer_serial : s->sig.cert_ref);
		add_str(sig, "anchor", c->sig.anchor_subject);
		add_str(sig, "reason", c->sig.reason);
	}
	json_object_object_add(o, "signature", sig);
	json_object_object_add(o, "compared", mask_json(c->compared));
	json_object_object_add(o, "differs", mask_json(c->differs));
	json_object_object_add(o, "expired", json_object_new_boolean(c->expired));
	json_object *lines = json_object_new_array();
	for (int k = 0; k < c->n_lines; k++)
		json_object_array_add(lines, json_object_new_string(c->lines[k]));
	json_object_object_add(o, "lines", lines);
	add_str(o, "detail", c->detail);
	return o;
}

/* --- the command ------------------------------------------------------------------- */

/* Exit status of one file (cmd_barcode's help): 0 every payload verified or carries
 * no signature by its nature, 1 any warning, 2 nothing found, 3 unreadable. */
static int file_status(const struct barcode_check *c, int n)
{
	if (n == 0)
		return 2;
	for (int i = 0; i < n; i++)
		if (c[i].outcome == BARCODE_OUTCOME_WARNING || strcmp(c[i].name, "unchecked") == 0)
			return 1;
	return 0;
}

/* The worst of two statuses: unreadable, then a finding, then nothing found. */
static int worse(int a, int b)
{
	static const int rank[] = { 0, 2, 1, 3 };
	return rank[b] > rank[a] ? b : a;
}

int cmd_barcode(struct cli *cli, int argc, char **argv)
{
	struct cli_json_opt o = { .name = "--mrz-file" };
	struct error err;
	error_clear(&err);
	const char *files[BARCODE_MAX_FILES];
	int n_files;
	int rc = cli_parse(cli, cli_find("barcode"), argc, argv, files, BARCODE_MAX_FILES, &n_files,
			   cli_json_opt_parse, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (n_files == 0) {
		error_set(&err, ERR_USAGE, _("use: barcode FILE... [--json] [--mrz-file F]"));
		return cli_fail(&err);
	}
	struct document doc;
	if (o.value && cli_read_mrz(o.value, &doc, &err) < 0)
		return cli_fail(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	int status = 0;
	json_object *all = o.json ? json_object_new_array() : NULL;
	for (int f = 0; f < n_files; f++) {
		struct barcode_check *checks = NULL;
		int n = 0;
		error_clear(&err);
		rc = barcode_check_file(&app, &s, files[f], o.value ? &doc : NULL, &checks, &n,
					&err);
		int fs;
		if (rc == -ERR_IO || rc == -ERR_USAGE) {
			fs = 3;
			if (!all)
				fprintf(stderr, "shekara: %s\n", err.msg);
		} else if (rc < 0) {
			/* the session or the database failed: nothing more can be checked */
			json_object_put(all);
			app_close(&app);
			return cli_fail(&err);
		} else {
			fs = file_status(checks, n);
		}
		status = f == 0 ? fs : worse(status, fs);
		if (all) {
			json_object *j = json_object_new_object();
			add_str(j, "file", files[f]);
			if (fs == 3)
				add_str(j, "error", err.msg);
			json_object *a = json_object_new_array();
			for (int i = 0; i < n; i++)
				json_object_array_add(a, check_json(&checks[i]));
			json_object_object_add(j, "symbols", a);
			json_object_object_add(j, "status", json_object_new_int(fs));
			json_object_array_add(all, j);
		} else if (fs != 3) {
			printf("%s\n", files[f]);
			if (n == 0)
				printf("  %s\n", _("no barcode found"));
			for (int i = 0; i < n; i++)
				print_check(i, &checks[i]);
		}
		barcode_checks_free(&checks, n);
	}
	app_close(&app);
	if (all) {
		json_object *top = json_object_new_object();
		json_object_object_add(top, "files", all);
		json_object_object_add(top, "status", json_object_new_int(status));
		cli_print_json(top);
	}
	return status;
}
