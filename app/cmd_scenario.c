/* shekara scenario check FILE... | list | results [--trainee NAME] [--run ID] [--csv] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/text.h"
#include "app/training.h"
#include "i18n/i18n.h"

struct scenario_opts {
	const char *trainee, *run;
	int csv, format_only;
};

static int scenario_option(void *ctx, int argc, char **argv, int *i)
{
	struct scenario_opts *o = ctx;
	if (strcmp(argv[*i], "--csv") == 0 || strcmp(argv[*i], "--format-only") == 0) {
		*(strcmp(argv[*i], "--csv") == 0 ? &o->csv : &o->format_only) = 1;
		(*i)++;
		return 1;
	}
	int m = cli_option("--trainee", argc, argv, i, &o->trainee);
	return m ? m : cli_option("--run", argc, argv, i, &o->run);
}

static void print_problems(const char *file, const struct scn_problems *p)
{
	for (int i = 0; i < p->n; i++) {
		if (p->items[i].line > 0)
			printf("%s:%d: %s\n", file, p->items[i].line, p->items[i].msg);
		else
			printf("%s: %s\n", file, p->items[i].msg);
	}
	if (p->more)
		printf(P_("%s: %d more problem not shown\n", "%s: %d more problems not shown\n",
			  (unsigned long)p->more),
		       file, p->more);
}

/* One file: its format line by line, then (unless --format-only) what the workstation
 * shows for each traveller. 0 sound, 1 a traveller shows other than 'shows' says, 2
 * problems in the file, 3 unreadable. */
static int check_one(struct cli *cli, const char *file, int format_only)
{
	struct scenario sc;
	struct scn_problems *p = calloc(1, sizeof(*p));
	struct error err;
	error_clear(&err);
	if (!p) {
		error_set(&err, ERR_IO, "%s", _("out of memory"));
		return cli_fail(&err);
	}
	int rc = scenario_load(file, &sc, p, &err);
	if (rc == -ERR_IO) {
		free(p);
		return cli_fail(&err);
	}
	if (rc < 0) {
		print_problems(file, p);
		free(p);
		return ERR_USAGE;
	}
	int status = 0;
	enum verdict *shown = format_only ? NULL : calloc((size_t)sc.n_travellers, sizeof(*shown));
	if (!format_only) {
		rc = shown ? training_rehearse(&cli->cfg, &sc, shown, p, &err)
			   : error_set(&err, ERR_IO, "%s", _("out of memory"));
		if (rc < 0 && rc != -ERR_FINDING) {
			status = cli_fail(&err);
		} else {
			print_problems(file, p);
			status = rc < 0 ? ERR_FINDING : 0;
		}
	}
	if (status == 0 || status == ERR_FINDING) {
		printf(P_("%s: '%s', %d traveller", "%s: '%s', %d travellers",
			  (unsigned long)sc.n_travellers),
		       file, sc.title, sc.n_travellers);
		printf(P_(", %d watchlist entry\n", ", %d watchlist entries\n",
			  (unsigned long)sc.n_entries),
		       sc.n_entries);
		for (int i = 0; shown && i < sc.n_travellers; i++) {
			char expect[32];
			scenario_expect_text(sc.travellers[i].expect, expect, sizeof(expect));
			/* TRANSLATORS: scenario check: traveller number, line, the screening
			 * verdict (HIT, CHECK, CLEAR) and the decisions the scenario expects */
			printf(_("  traveller %d (line %d): shows %s; expected %s%s%s\n"), i + 1,
			       sc.travellers[i].line, verdict_name(shown[i]), expect,
			       sc.travellers[i].ground[0] ? " " : "", sc.travellers[i].ground);
		}
		if (status == 0)
			printf(_("%s: sound\n"), file);
	}
	free(shown);
	free(p);
	scenario_free(&sc);
	return status;
}

static int list(struct cli *cli, struct error *err)
{
	struct training_scenario_info *all;
	int n;
	if (training_scenarios(&cli->cfg, &all, &n, err) < 0)
		return -ERR_IO;
	for (int i = 0; i < n; i++) {
		if (all[i].problems)
			printf(_("%-28s (has problems: run 'shekara scenario check %s')\n"),
			       all[i].file, all[i].path);
		else
			printf(P_("%-28s %s (%d traveller)\n", "%-28s %s (%d travellers)\n",
				  (unsigned long)all[i].travellers),
			       all[i].file, all[i].title, all[i].travellers);
	}
	free(all);
	return 0;
}

static void print_run(const struct training_run_row *r)
{
	char when[32];
	long avg = r->answered ? r->total_ms / r->answered : 0;
	/* TRANSLATORS: one training run: number, date, trainee, scenario, right answers
	 * of travellers, missed hits, wrong refusals, seconds per traveller, status */
	printf(_("run %lld  %s  %s  %s: %d of %d right, %d missed hits, %d wrong refusals, "
		 "%ld.%ld s per traveller (%s)\n"),
	       (long long)r->id, text_minute(r->started_at, when, sizeof(when)), r->trainee,
	       r->scenario_id, r->correct, r->travellers, r->missed_hits, r->wrong_refusals,
	       avg / 1000, avg % 1000 / 100, r->status);
}

static int results(struct cli *cli, const struct scenario_opts *o, struct error *err)
{
	int64_t run_id = 0;
	if (o->run) {
		char *end;
		errno = 0;
		long long v = strtoll(o->run, &end, 10);
		if (errno || end == o->run || *end || v <= 0)
			return error_set(err, ERR_USAGE, _("'%s' is not a run number"), o->run);
		run_id = v;
	}
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	int rc = 0;
	if (o->csv) {
		rc = training_results_csv(&app, &s, o->trainee, stdout, err);
	} else if (run_id) {
		struct training_run_row r;
		struct training_answer_row *a;
		size_t n;
		rc = training_result(&app, &s, run_id, &r, &a, &n, err);
		if (rc == 0) {
			print_run(&r);
			for (size_t i = 0; i < n; i++) {
				printf(_("  traveller %d: shown %s, expected %s%s%s, given %s%s%s, "
					 "%ld.%ld s%s\n"),
				       a[i].traveller, a[i].shown, a[i].expected,
				       a[i].expected_ground[0] ? " " : "", a[i].expected_ground,
				       a[i].given, a[i].given_ground[0] ? " " : "",
				       a[i].given_ground, a[i].ms / 1000, a[i].ms % 1000 / 100,
				       a[i].correct ? _(" — right") : _(" — WRONG"));
				if (!a[i].correct)
					printf(_("    teaching point: %s\n"), a[i].teach);
			}
			free(a);
		}
	} else {
		struct training_run_row *r;
		size_t n;
		rc = training_results(&app, &s, o->trainee, &r, &n, err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			print_run(&r[i]);
		if (rc == 0)
			free(r);
	}
	app_close(&app);
	if (rc == 0 && fflush(stdout) != 0)
		rc = error_set(err, ERR_IO, "%s", _("cannot write the results"));
	return rc;
}

int cmd_scenario(struct cli *cli, int argc, char **argv)
{
	struct scenario_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[64];
	int npos;
	int rc = cli_parse(cli, cli_find("scenario"), argc, argv, pos, 64, &npos, scenario_option,
			   &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos >= 2 && strcmp(pos[0], "check") == 0) {
		int worst = 0;
		for (int i = 1; i < npos; i++) {
			int one = check_one(cli, pos[i], o.format_only);
			worst = one > worst ? one : worst;
		}
		return worst;
	}
	if (npos == 1 && strcmp(pos[0], "list") == 0)
		rc = list(cli, &err);
	else if (npos == 1 && strcmp(pos[0], "results") == 0)
		rc = results(cli, &o, &err);
	else
		rc = error_set(&err, ERR_USAGE,
			       _("say what to do: scenario check FILE..., scenario list, or "
				 "scenario results"));
	return rc < 0 ? cli_fail(&err) : 0;
}
