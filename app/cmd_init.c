/* shekara init, shekara config */
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/secret.h"
#include "app/setup.h"
#include "i18n/i18n.h"

struct init_opts {
	const char *post, *workstation, *admin, *admin_name, *password_file, *lang;
	int demo;
};

static int init_option(void *ctx, int argc, char **argv, int *i)
{
	struct init_opts *o = ctx;
	if (strcmp(argv[*i], "--demo") == 0) {
		o->demo = 1;
		(*i)++;
		return 1;
	}
	struct {
		const char *name;
		const char **slot;
	} opts[] = { { "--post", &o->post },
		     { "--workstation", &o->workstation },
		     { "--admin", &o->admin },
		     { "--admin-name", &o->admin_name },
		     { "--admin-password-file", &o->password_file },
		     { "--admin-lang", &o->lang } };
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		int m = cli_option(opts[k].name, argc, argv, i, opts[k].slot);
		if (m)
			return m;
	}
	return 0;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct init_opts o = { .admin = "admin" };
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("init"), argc, argv, pos, 0, &npos, init_option, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (o.demo) {
		if (o.post || o.workstation || o.password_file || o.admin_name || o.lang ||
		    strcmp(o.admin, "admin") != 0) {
			error_set(&err, ERR_USAGE,
				  _("--demo takes no post, workstation or administrator options"));
			return cli_fail(&err);
		}
		if (setup_create_demo(&cli->cfg, &err) < 0)
			return cli_fail(&err);
		printf(_("demo database created: %s\n"), setup_path(&cli->cfg));
		if (cli->cfg.training)
			printf(_("accounts: officer, supervisor, trainer, admin, and the trainees "
				 "aibek and madina; password: %s\n"),
			       DEMO_PASSWORD);
		else
			printf(_("accounts: officer, supervisor, trainer, admin; password: %s\n"),
			       DEMO_PASSWORD);
		return 0;
	}
	if (!o.post || !o.workstation) {
		error_set(&err, ERR_USAGE,
			  _("init needs --post NAME and --workstation ID (or --demo)"));
		return cli_fail(&err);
	}
	char password[SECRET_MAX];
	rc = o.password_file ? secret_read_file(o.password_file, password, sizeof(password), &err)
			     : secret_prompt_twice(_("Administrator password: "),
						   _("Repeat the password: "), password,
						   sizeof(password), &err);
	if (rc < 0)
		return cli_fail(&err);
	struct setup_params p = { .post = o.post,
				  .workstation = o.workstation,
				  .admin_username = o.admin,
				  .admin_full_name = o.admin_name,
				  .admin_password = password,
				  .language = o.lang };
	rc = setup_create(&cli->cfg, &p, &err);
	secret_wipe(password, sizeof(password));
	if (rc < 0)
		return cli_fail(&err);
	printf(_("database created: %s (post %s, workstation %s, administrator %s)\n"),
	       setup_path(&cli->cfg), o.post, o.workstation, o.admin);
	return 0;
}

int cmd_config(struct cli *cli, int argc, char **argv)
{
	struct error err;
	error_clear(&err);
	const char *pos[1];
	int npos;
	int rc = cli_parse(cli, cli_find("config"), argc, argv, pos, 1, &npos, NULL, NULL, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos == 1 && strcmp(pos[0], "show") != 0) {
		error_set(&err, ERR_USAGE, _("unknown config command '%s'"), pos[0]);
		return cli_fail(&err);
	}
	/* machine-readable: never translated */
	printf("# file: %s\n", cli->cfg.file[0] ? cli->cfg.file : "(none)");
	for (size_t k = 0; k < config_key_count; k++) {
		char value[4096];
		config_value(&cli->cfg, &config_keys[k], value, sizeof(value));
		printf("%s = %s\n", config_keys[k].name, value);
	}
	return 0;
}
