/* The command line: global options, the subcommand table and what subcommands share
 * (authenticating the acting officer, exit codes). */
#ifndef SHEKARA_CLI_H
#define SHEKARA_CLI_H

#include "app/app.h"
#include "app/session.h"
#include "scanners/document.h"

struct cli {
	struct config cfg;
	const char *as_user;       /* --as NAME: who is acting */
	const char *password_file; /* --password-file F: that officer's password */
	const char *prog;
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the name */
	const char *usage;   /* one form a line; "  " starts a continuation (not translated) */
	const char *summary; /* N_() */
	const char *help;    /* N_(): details, options */
};

extern const struct cli_command cli_commands[];

/* Exit code for an error (DESIGN.md "Interfaces"). */
int cli_exit_code(const struct error *err);
/* Prints "shekara: MESSAGE" on stderr and returns the exit code. */
int cli_fail(const struct error *err);

/* If argv[*i] is --name or --name=VALUE, sets *value and advances *i past it; returns
 * 1 on a match, 0 when argv[*i] is something else, -1 when the value is missing. */
int cli_option(const char *name, int argc, char **argv, int *i, const char **value);
/* The options of a command that takes --json and one option with a value, for
 * cli_parse: set name ("--out") and pass the struct as ctx. */
struct cli_json_opt {
	const char *name;
	int json;
	const char *value;
};
int cli_json_opt_parse(void *ctx, int argc, char **argv, int *i);
/* Prints o as the commands' --json output (pretty, slashes as they are) and frees it. */
struct json_object;
void cli_print_json(struct json_object *o);
/* Consumes a global option at argv[*i] (settings flags, --config, --as,
 * --password-file). Returns 1 when consumed, 0 when not global, <0 on error. */
int cli_global_option(struct cli *cli, int argc, char **argv, int *i, struct error *err);
/* Parses a subcommand's argv: global options anywhere, positionals into pos (up to
 * maxpos), and the command's own options through own(), which returns like
 * cli_option. Prints help and returns 1 on --help. */
int cli_parse(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
	      const char **pos, int maxpos, int *npos,
	      int (*own)(void *ctx, int argc, char **argv, int *i), void *ctx, struct error *err);

/* Opens the database and logs in the officer named by --as, with the password from
 * --password-file or asked on the terminal. */
int cli_open_as(struct cli *cli, struct app *app, struct session *s, struct error *err);
/* Reads a new password from file (when given) or asks twice on the terminal. */
int cli_new_password(const char *file, char *buf, size_t len, struct error *err);
/* Reads a printed MRZ from a file ("-": standard input) and parses it with today's
 * date: the document a command compares against (--mrz-file). */
int cli_read_mrz(const char *path, struct document *doc, struct error *err);

void cli_print_help(const struct cli *cli);
void cli_print_command_help(const struct cli_command *cmd);
const struct cli_command *cli_find(const char *name);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_mrz(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_screen(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_decide(struct cli *cli, int argc, char **argv);
int cmd_reasons(struct cli *cli, int argc, char **argv);
int cmd_chip(struct cli *cli, int argc, char **argv);
int cmd_csca(struct cli *cli, int argc, char **argv);
int cmd_barcode(struct cli *cli, int argc, char **argv);
int cmd_keys(struct cli *cli, int argc, char **argv);
int cmd_publish(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_ingest(struct cli *cli, int argc, char **argv);
int cmd_scenario(struct cli *cli, int argc, char **argv);
int cmd_manifests(struct cli *cli, int argc, char **argv);
/* import paxlst FILE (app/cmd_pax.c) */
int cli_import_paxlst(struct cli *cli, const char *file);

#endif
