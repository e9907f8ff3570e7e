/* shekara audit verify|export */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/auditlog.h"
#include "app/cli.h"
#include "i18n/i18n.h"

struct audit_opts {
	const char *since, *output;
};

static int audit_option(void *ctx, int argc, char **argv, int *i)
{
	struct audit_opts *o = ctx;
	int m = cli_option("--since", argc, argv, i, &o->since);
	return m ? m : cli_option("--output", argc, argv, i, &o->output);
}

static int verify(struct cli *cli, struct error *err)
{
	struct app app;
	if (app_open(&app, &cli->cfg, err) < 0)
		return -ERR_IO;
	struct audit_verify_result res;
	int rc = auditlog_verify(&app, NULL, &res, err);
	app_close(&app);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		printf(P_("audit chain intact: %" PRId64 " row\n",
			  "audit chain intact: %" PRId64 " rows\n", (unsigned long)res.rows),
		       res.rows);
		return 0;
	}
	char why[320];
	auditlog_describe(&res, why, sizeof(why));
	printf(_("audit chain broken at row %" PRId64 " (position %" PRId64 "): %s\n"), res.bad_seq,
	       res.bad_index, why);
	return error_set(err, ERR_FINDING, _("the audit trail of '%s' has been tampered with"),
			 cli->cfg.database);
}

static int export(struct cli *cli, const struct audit_opts *o, struct error *err)
{
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, err) < 0)
		return -ERR_DENIED;
	FILE *out = stdout;
	char tmp[4200] = "";
	if (o->output) {
		/* written beside the target and renamed, so a failed export leaves no
		 * partial file where a complete one is expected */
		snprintf(tmp, sizeof(tmp), "%s.tmp", o->output);
		out = fopen(tmp, "wx");
		if (!out) {
			app_close(&app);
			return error_set(err, ERR_IO, _("cannot write '%s': %s"), tmp,
					 strerror(errno));
		}
	}
	int rc = auditlog_export_csv(&app, &s, o->since, out, err);
	app_close(&app);
	if (o->output) {
		if (fclose(out) != 0 && rc == 0)
			rc = error_set(err, ERR_IO, _("cannot write '%s'"), tmp);
		if (rc == 0 && rename(tmp, o->output) != 0)
			rc = error_set(err, ERR_IO, _("cannot write '%s': %s"), o->output,
				       strerror(errno));
		if (rc < 0)
			remove(tmp);
	}
	return rc;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	struct audit_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("audit"), argc, argv, pos, 1, &npos, audit_option, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos == 1 && strcmp(pos[0], "verify") == 0)
		rc = verify(cli, &err);
	else if (npos == 1 && strcmp(pos[0], "export") == 0)
		rc = export(cli, &o, &err);
	else
		rc = error_set(&err, ERR_USAGE, _("say what to do: audit verify|export"));
	return rc < 0 ? cli_fail(&err) : 0;
}
