/* shekara decide: travellers decided from a script (documents on standard input), for
 * back-entry of crossings logged on paper during an outage and for tests; shekara
 * reasons: the list of refusal grounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli.h"
#include "app/decision.h"
#include "app/secret.h"
#include "app/shift.h"
#include "i18n/i18n.h"
#include "scanners/mrz.h"

struct decide_opts {
	const char *direction, *lane;
	const char *admit_flag, *refuse, *refer;
	const char *override, *supervisor, *supervisor_password_file;
	int admit;
};

static int decide_option(void *ctx, int argc, char **argv, int *i)
{
	struct decide_opts *o = ctx;
	if (strcmp(argv[*i], "--admit") == 0) {
		o->admit = 1;
		(*i)++;
		return 1;
	}
	const char *names[] = { "--direction",
				"--lane",
				"--refuse",
				"--refer",
				"--override",
				"--supervisor",
				"--supervisor-password-file" };
	const char **slots[] = { &o->direction,
				 &o->lane,
				 &o->refuse,
				 &o->refer,
				 &o->override,
				 &o->supervisor,
				 &o->supervisor_password_file };
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		int rc = cli_option(names[k], argc, argv, i, slots[k]);
		if (rc)
			return rc;
	}
	return 0;
}

static int decision_of(const struct decide_opts *o, struct decision *d, char *password, size_t len,
		       struct error *err)
{
	memset(d, 0, sizeof(*d));
	d->elapsed_ms = -1;
	if (o->admit + !!o->refuse + !!o->refer != 1)
		return error_set(err, ERR_USAGE,
				 _("give exactly one of --admit, --refuse CODE and "
				   "--refer REASON"));
	d->kind = o->admit ? DECISION_ADMIT : o->refuse ? DECISION_REFUSE : DECISION_REFER;
	d->reason_code = o->refuse;
	d->reason_text = o->refer ? o->refer : o->override;
	d->supervisor = o->supervisor;
	if (o->supervisor_password_file) {
		if (secret_read_file(o->supervisor_password_file, password, len, err) < 0)
			return -ERR_IO;
		d->supervisor_password = password;
	}
	return 0;
}

/* Reads the next document: lines up to a blank line or the end of input. */
static int next_document(FILE *in, char *buf, size_t len, size_t *used)
{
	char line[256];
	*used = 0;
	while (fgets(line, sizeof(line), in)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n == 0) {
			if (*used)
				return 1;
			continue;
		}
		if (*used + n + 2 > len)
			return -1;
		memcpy(buf + *used, line, n);
		*used += n;
		buf[(*used)++] = '\n';
	}
	return *used > 0;
}

/* Screens and decides one document; prints "saved" only after the commit. */
static int decide_one(struct app *app, const struct session *s, const char *text, size_t len,
		      const struct decision *d, int count, struct screening *sc)
{
	struct error err;
	error_clear(&err);
	struct document doc;
	if (mrz_parse(text, len, time(NULL), &doc, &err) < 0) {
		fprintf(stderr, _("shekara: document %d: %s\n"), count, err.msg);
		return 2;
	}
	doc.source = SRC_STDIN;
	int64_t id;
	if (screening_run(app, s, &doc, sc, &err) < 0 ||
	    decision_record(app, s, sc, d, &id, &err) < 0) {
		fprintf(stderr, _("shekara: document %d: %s\n"), count, err.msg);
		return cli_exit_code(&err);
	}
	/* machine-readable: one line per decision, written once it is durable */
	printf("saved crossing %lld: %s %s %s (verdict %s)\n", (long long)id,
	       decision_name(d->kind), doc.issuer, doc.number, verdict_name(sc->verdict));
	fflush(stdout);
	return 0;
}

static int decide_all(struct app *app, const struct session *s, const struct decision *d)
{
	struct screening *sc = malloc(sizeof(*sc));
	char text[4 * 64];
	if (!sc)
		return 3;
	int status = 0, count = 0, more;
	size_t used;
	while ((more = next_document(stdin, text, sizeof(text), &used)) != 0) {
		count++;
		int rc = more < 0 ? 2 : decide_one(app, s, text, used, d, count, sc);
		if (more < 0)
			fprintf(stderr, _("shekara: document %d: not an MRZ (too long)\n"), count);
		if (rc > status)
			status = rc;
	}
	free(sc);
	if (count == 0) {
		fprintf(stderr, "shekara: %s\n", _("no MRZ on standard input"));
		return 2;
	}
	return status;
}

int cmd_decide(struct cli *cli, int argc, char **argv)
{
	struct decide_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("decide"), argc, argv, pos, 0, &npos, decide_option, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	struct decision d;
	char password[256] = "";
	if (decision_of(&o, &d, password, sizeof(password), &err) < 0)
		return cli_fail(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0) {
		secret_wipe(password, sizeof(password));
		return cli_fail(&err);
	}
	struct shift_row sh;
	if (shift_start_from(&app, &s, "cli", o.direction ? o.direction : "", o.lane ? o.lane : "1",
			     &sh, &err) < 0) {
		secret_wipe(password, sizeof(password));
		app_close(&app);
		return cli_fail(&err);
	}
	int status = decide_all(&app, &s, &d);
	secret_wipe(password, sizeof(password));
	shift_end(&app, &s, "cli", NULL);
	app_close(&app);
	return status;
}

static int list_reasons(struct app *app)
{
	struct refusal_reason r[64];
	struct error err;
	int n = decision_reasons(app, r, 64, &err);
	if (n < 0)
		return cli_fail(&err);
	for (int i = 0; i < n; i++)
		printf("%-6s %s\n", r[i].code, r[i].label);
	return 0;
}

int cmd_reasons(struct cli *cli, int argc, char **argv)
{
	struct error err;
	error_clear(&err);
	const char *pos[3] = { NULL, NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("reasons"), argc, argv, pos, 3, &npos, NULL, NULL, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	const char *verb = npos ? pos[0] : "list";
	int add = strcmp(verb, "add") == 0, retire = strcmp(verb, "retire") == 0;
	if ((strcmp(verb, "list") != 0 && !add && !retire) || (add && npos != 3) ||
	    (retire && npos != 2)) {
		error_set(&err, ERR_USAGE,
			  _("use: reasons list | reasons add CODE LABEL | reasons retire CODE"));
		return cli_fail(&err);
	}
	struct app app;
	struct session s;
	if (!add && !retire) {
		if (app_open(&app, &cli->cfg, &err) < 0)
			return cli_fail(&err);
		rc = list_reasons(&app);
		app_close(&app);
		return rc;
	}
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	rc = add ? decision_reason_put(&app, &s, pos[1], pos[2], &err)
		 : decision_reason_retire(&app, &s, pos[1], &err);
	app_close(&app);
	return rc < 0 ? cli_fail(&err) : 0;
}
