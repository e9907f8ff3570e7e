/* shekara: the terminal workstation and its administrative commands.
 * The only file in app/ that starts the UI (DESIGN.md "Layout"). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "screens/ui.h"

#ifndef SHEKARA_VERSION
#define SHEKARA_VERSION "0.0.0"
#endif

/* The language of command-line messages follows the environment, like any Unix tool;
 * officers choose theirs in the terminal UI. */
static const char *environment_language(void)
{
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		char code[3] = { v[0], v[1], '\0' };
		return lang_find(code) ? lang_find(code)->code : "en";
	}
	return "en";
}

/* --config must be known before anything else so the flags can override the file. */
static int load_settings(struct cli *cli, int argc, char **argv, struct error *err)
{
	if (config_defaults(&cli->cfg, err) < 0)
		return -ERR_IO;
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int j = i;
		if (cli_option("--config", argc, argv, &j, &v) > 0)
			file = v;
	}
	char path[4096];
	if (!file) {
		if (config_default_path(path, sizeof(path), err) < 0)
			return -ERR_IO;
		file = path;
	} else {
		struct stat sb;
		if (stat(file, &sb) != 0)
			return error_set(err, ERR_IO, _("cannot read config file '%s'"), file);
	}
	return config_load_file(&cli->cfg, file, err);
}

int main(int argc, char **argv)
{
	umask(077); /* every file this program makes holds personal data */
	const char *language = environment_language(); /* before lang_init sets LANGUAGE */
	lang_init();
	lang_use(language);

	struct cli cli = { .prog = argv[0] };
	struct error err;
	error_clear(&err);
	if (load_settings(&cli, argc, argv, &err) < 0)
		return cli_fail(&err);

	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cli_print_help(&cli);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("shekara %s\n", SHEKARA_VERSION);
			return 0;
		}
		int m = cli_global_option(&cli, argc, argv, &i, &err);
		if (m < 0)
			return cli_fail(&err);
		if (m == 0) {
			error_set(&err, ERR_USAGE, _("unknown option '%s'; see 'shekara --help'"),
				  argv[i]);
			return cli_fail(&err);
		}
	}
	if (i < argc) {
		const struct cli_command *cmd = cli_find(argv[i]);
		if (!cmd) {
			error_set(&err, ERR_USAGE, _("unknown command '%s'; see 'shekara --help'"),
				  argv[i]);
			return cli_fail(&err);
		}
		return cmd->run(&cli, argc - i, argv + i);
	}

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error_set(&err, ERR_USAGE,
			  _("the workstation needs a terminal; for scripts use the commands in "
			    "'shekara --help'"));
		return cli_fail(&err);
	}
	struct app app;
	if (app_open(&app, &cli.cfg, &err) < 0)
		return cli_fail(&err);
	if (app_record_config(&app, &err) < 0) {
		app_close(&app);
		return cli_fail(&err);
	}
	int rc = ui_run(&app);
	app_close(&app);
	if (rc > 0) {
		/* the session is closed and audited; now end the way the signal asked */
		signal(rc, SIG_DFL);
		raise(rc);
	}
	return rc < 0 ? cli_fail(&err) : 0;
}
