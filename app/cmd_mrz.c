/* shekara mrz: MRZ lines on standard input, fields and checks out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <json-c/json.h>

#include "app/cli.h"
#include "i18n/i18n.h"
#include "scanners/country.h"
#include "scanners/mrz.h"

enum { MAX_STDIN = 1024 * 1024 };

struct mrz_opts {
	int json;
};

static int mrz_option(void *ctx, int argc, char **argv, int *i)
{
	(void)argc;
	if (strcmp(argv[*i], "--json") == 0) {
		((struct mrz_opts *)ctx)->json = 1;
		(*i)++;
		return 1;
	}
	return 0;
}

static const char *status_name(enum check_status s)
{
	return s == CHECK_PASS ? "pass" : s == CHECK_FAIL ? "fail" : "warn";
}

static json_object *to_json(const struct document *d)
{
	char date[16], ch[2] = { 0, 0 };
	json_object *o = json_object_new_object();
	json_object_object_add(o, "format",
			       json_object_new_string(document_format_name(d->format)));
	json_object_object_add(o, "doc_code", json_object_new_string(d->doc_code));
	json_object_object_add(o, "issuer", json_object_new_string(d->issuer));
	json_object_object_add(o, "number", json_object_new_string(d->number));
	json_object_object_add(o, "surname", json_object_new_string(d->surname));
	json_object_object_add(o, "given_names", json_object_new_string(d->given_names));
	json_object_object_add(o, "nationality", json_object_new_string(d->nationality));
	document_date_text(&d->birth, date);
	json_object_object_add(o, "birth", json_object_new_string(date));
	ch[0] = d->sex;
	json_object_object_add(o, "sex", json_object_new_string(ch));
	document_date_text(&d->expiry, date);
	json_object_object_add(o, "expiry", json_object_new_string(date));
	json_object_object_add(o, "optional1", json_object_new_string(d->optional1));
	json_object_object_add(o, "optional2", json_object_new_string(d->optional2));
	json_object_object_add(o, "name_truncated", json_object_new_boolean(d->name_truncated));
	json_object_object_add(o, "valid", json_object_new_boolean(document_valid(d)));
	json_object *checks = json_object_new_array();
	for (int i = 0; i < d->n_checks; i++) {
		const struct doc_check *c = &d->checks[i];
		json_object *j = json_object_new_object();
		json_object_object_add(j, "check",
				       json_object_new_string(document_check_name(c->id)));
		json_object_object_add(j, "status", json_object_new_string(status_name(c->status)));
		if (c->found) {
			ch[0] = c->found;
			json_object_object_add(j, "found", json_object_new_string(ch));
			ch[0] = c->expected;
			json_object_object_add(j, "expected", json_object_new_string(ch));
		} else if (c->value[0]) {
			json_object_object_add(j, "value", json_object_new_string(c->value));
		}
		json_object_array_add(checks, j);
	}
	json_object_object_add(o, "checks", checks);
	json_object *sugg = json_object_new_array();
	for (int i = 0; i < d->n_suggestions; i++) {
		const struct doc_suggestion *s = &d->suggestions[i];
		json_object *j = json_object_new_object();
		json_object_object_add(j, "check",
				       json_object_new_string(document_check_name(s->check)));
		json_object_object_add(j, "line", json_object_new_int(s->line + 1));
		json_object_object_add(j, "column", json_object_new_int(s->col + 1));
		ch[0] = s->from;
		json_object_object_add(j, "from", json_object_new_string(ch));
		ch[0] = s->to;
		json_object_object_add(j, "to", json_object_new_string(ch));
		json_object_array_add(sugg, j);
	}
	json_object_object_add(o, "suggestions", sugg);
	json_object *mrz = json_object_new_array();
	for (int i = 0; i < d->lines; i++)
		json_object_array_add(mrz, json_object_new_string(d->mrz[i]));
	json_object_object_add(o, "mrz", mrz);
	return o;
}

/* "  label" padded to 18 columns, counted in columns so that Cyrillic labels line up
 * as English ones do (printf's %-16s counts bytes). */
static void label(const char *text)
{
	wchar_t wide[64];
	size_t n = mbstowcs(wide, text, 63);
	int width = n == (size_t)-1 ? (int)strlen(text) : wcswidth(wide, n);
	printf("  %s%*s ", text, width < 16 ? 16 - width : 0, "");
}

static void print_text(const struct document *d)
{
	char date[16], line[320];
	const struct country *issuer = country_find(d->issuer, strlen(d->issuer));
	const struct country *nat = country_find(d->nationality, strlen(d->nationality));
	printf("%s %s\n", document_format_name(d->format), d->doc_code);
	label(_("issuing state"));
	printf("%s %s\n", d->issuer, issuer ? country_name(issuer) : "");
	label(_("number"));
	printf("%s\n", d->number);
	label(_("surname"));
	printf("%s\n", d->surname);
	label(_("given names"));
	printf("%s\n", d->given_names);
	label(_("nationality"));
	printf("%s %s\n", d->nationality, nat ? country_name(nat) : "");
	document_date_text(&d->birth, date);
	label(_("born"));
	printf("%s\n", date);
	label(_("sex"));
	printf("%c\n", d->sex);
	document_date_text(&d->expiry, date);
	label(_("expires"));
	printf("%s\n", date);
	if (d->optional1[0] || d->optional2[0])
		label(_("optional data"));
	printf("%s%s%s\n", d->optional1, d->optional1[0] && d->optional2[0] ? " " : "",
	       d->optional2);
	for (int i = 0; i < d->n_checks; i++) {
		document_describe_check(&d->checks[i], line, sizeof(line));
		/* TRANSLATORS: check results, each padded to 4 columns */
		const char *mark = d->checks[i].status == CHECK_PASS   ? _("ok  ")
				   : d->checks[i].status == CHECK_FAIL ? _("FAIL")
								       : _("warn");
		printf("  %s %s\n", mark, line);
	}
	for (int i = 0; i < d->n_suggestions; i++) {
		const struct doc_suggestion *s = &d->suggestions[i];
		/* TRANSLATORS: an OCR correction the officer must confirm; the last %s is
		 * what it repairs, e.g. "birth date check digit" */
		printf(_("  suggestion: line %d column %d '%c' may be '%c' (%s)\n"), s->line + 1,
		       s->col + 1, s->from, s->to, document_check_label(s->check));
	}
}

/* Documents are separated by blank lines. */
static const char *next_document(const char *p, const char *end, const char **doc_end)
{
	while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
		p++;
	const char *q = p;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		if (!nl) {
			q = end;
			break;
		}
		const char *after = nl + 1;
		const char *r = after;
		while (r < end && (*r == ' ' || *r == '\t' || *r == '\r'))
			r++;
		if (r >= end || *r == '\n') {
			q = nl;
			break;
		}
		q = after;
	}
	*doc_end = q;
	return p;
}

int cmd_mrz(struct cli *cli, int argc, char **argv)
{
	struct mrz_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("mrz"), argc, argv, pos, 0, &npos, mrz_option, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	char *buf = malloc(MAX_STDIN + 1);
	if (!buf) {
		error_set(&err, ERR_IO, _("out of memory"));
		return cli_fail(&err);
	}
	size_t n = fread(buf, 1, MAX_STDIN + 1, stdin);
	if (n > MAX_STDIN) {
		free(buf);
		error_set(&err, ERR_USAGE, _("more than 1 MiB on standard input"));
		return cli_fail(&err);
	}
	int status = 0, count = 0;
	time_t now = time(NULL);
	json_object *all = o.json ? json_object_new_array() : NULL;
	const char *end = buf + n, *p = buf, *doc_end;
	while ((p = next_document(p, end, &doc_end)) < end) {
		struct document d;
		count++;
		if (mrz_parse(p, (size_t)(doc_end - p), now, &d, &err) < 0) {
			status = 2;
			if (all) {
				json_object *e = json_object_new_object();
				json_object_object_add(e, "error", json_object_new_string(err.msg));
				json_object_array_add(all, e);
			} else {
				fprintf(stderr, _("shekara: document %d: %s\n"), count, err.msg);
			}
		} else {
			if (!document_valid(&d) && status == 0)
				status = 1;
			if (all)
				json_object_array_add(all, to_json(&d));
			else
				print_text(&d);
		}
		p = doc_end;
	}
	free(buf);
	if (count == 0) {
		json_object_put(all);
		error_set(&err, ERR_USAGE, _("no MRZ on standard input"));
		return cli_fail(&err);
	}
	if (all) {
		cli_print_json(all);
	}
	return status;
}
