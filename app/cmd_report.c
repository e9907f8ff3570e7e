/* shekara report shift [--shift ID|--date YYYY-MM-DD] [--csv] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/report.h"
#include "i18n/i18n.h"

struct report_opts {
	const char *shift, *date;
	int csv;
};

static int report_option(void *ctx, int argc, char **argv, int *i)
{
	struct report_opts *o = ctx;
	if (strcmp(argv[*i], "--csv") == 0) {
		o->csv = 1;
		(*i)++;
		return 1;
	}
	int m = cli_option("--shift", argc, argv, i, &o->shift);
	return m ? m : cli_option("--date", argc, argv, i, &o->date);
}

static int parse_id(const char *text, int64_t *id, struct error *err)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0)
		return error_set(err, ERR_USAGE, _("'%s' is not a shift number; use --shift ID"),
				 text);
	*id = v;
	return 0;
}

static int run(struct cli *cli, const struct report_opts *o, struct error *err)
{
	int64_t id = 0;
	if (o->shift && o->date)
		return error_set(err, ERR_USAGE, _("give --shift or --date, not both"));
	if (o->shift && parse_id(o->shift, &id, err) < 0)
		return -ERR_USAGE;
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, err) < 0)
		return -ERR_DENIED;
	struct report *r = malloc(sizeof(*r));
	int rc;
	if (!r)
		rc = error_set(err, ERR_IO, _("out of memory"));
	else if (o->shift || o->date)
		rc = report_shift(&app, &s, id, o->date, r, err);
	else
		rc = report_current(&app, &s, r, err);
	/* no logout: that would close the officer's open shift at the booth */
	app_close(&app);
	if (rc == 0) {
		if (o->csv)
			report_print_csv(r, stdout);
		else
			report_print_text(r, stdout);
		if (fflush(stdout) != 0)
			rc = error_set(err, ERR_IO, _("cannot write the report"));
	}
	free(r);
	return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("report"), argc, argv, pos, 1, &npos, report_option, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos == 1 && strcmp(pos[0], "shift") == 0)
		rc = run(cli, &o, &err);
	else
		rc = error_set(&err, ERR_USAGE, _("say which report: report shift"));
	return rc < 0 ? cli_fail(&err) : 0;
}
