/* shekara user add|list|lock|unlock|passwd */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/accounts.h"
#include "app/cli.h"
#include "app/secret.h"
#include "i18n/i18n.h"

struct user_opts {
	const char *role, *full_name, *lang, *new_password_file;
};

static int user_option(void *ctx, int argc, char **argv, int *i)
{
	struct user_opts *o = ctx;
	struct {
		const char *name;
		const char **slot;
	} opts[] = { { "--role", &o->role },
		     { "--full-name", &o->full_name },
		     { "--lang", &o->lang },
		     { "--new-password-file", &o->new_password_file } };
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		int m = cli_option(opts[k].name, argc, argv, i, opts[k].slot);
		if (m)
			return m;
	}
	return 0;
}

static int user_add(struct app *app, struct session *s, const char *name, const struct user_opts *o,
		    struct error *err)
{
	enum officer_role role;
	if (!o->role || officer_role_parse(o->role, &role) < 0)
		return error_set(err, ERR_USAGE,
				 _("give --role officer, supervisor, trainer or admin"));
	char password[SECRET_MAX];
	if (cli_new_password(o->new_password_file, password, sizeof(password), err) < 0)
		return -ERR_USAGE;
	int rc = accounts_add(app, s, name, o->full_name, role, o->lang ? o->lang : "en", password,
			      err);
	secret_wipe(password, sizeof(password));
	if (rc == 0)
		printf(_("officer '%s' added as %s\n"), name, officer_role_name(role));
	return rc;
}

static int user_list(struct app *app, struct session *s, struct error *err)
{
	struct officer *list;
	size_t n;
	if (accounts_list(app, s, &list, &n, err) < 0)
		return -ERR_DENIED;
	/* machine-readable: tab-separated, English header, never translated */
	printf("username\trole\tlanguage\tstate\tfailed_logins\tlast_login\tfull_name\n");
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%d\t%s\t%s\n", list[i].username,
		       officer_role_name(list[i].role), list[i].language,
		       list[i].locked ? "locked" : "active", list[i].failed_logins,
		       list[i].last_login_at[0] ? list[i].last_login_at : "-", list[i].full_name);
	free(list);
	return 0;
}

static int user_passwd(struct app *app, struct session *s, const char *name,
		       const struct user_opts *o, const char *current, struct error *err)
{
	char password[SECRET_MAX];
	if (cli_new_password(o->new_password_file, password, sizeof(password), err) < 0)
		return -ERR_USAGE;
	int rc = strcasecmp(s->username, name) == 0
			 ? session_change_password(app, s, current, password, NULL, err)
			 : accounts_reset_password(app, s, name, password, err);
	secret_wipe(password, sizeof(password));
	if (rc == 0)
		printf(_("password of '%s' changed\n"), name);
	return rc;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	struct user_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("user"), argc, argv, pos, 2, &npos, user_option, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	static const char *const verbs[] = { "add", "list", "lock", "unlock", "passwd" };
	int verb = -1;
	for (int k = 0; npos > 0 && k < 5; k++)
		if (strcmp(pos[0], verbs[k]) == 0)
			verb = k;
	if (verb < 0) {
		error_set(&err, ERR_USAGE, _("say what to do: user add|list|lock|unlock|passwd"));
		return cli_fail(&err);
	}
	if ((verb == 1) != (npos == 1)) {
		error_set(&err, ERR_USAGE,
			  verb == 1 ? _("'user list' takes no name")
				    : _("give the officer's user name"));
		return cli_fail(&err);
	}
	/* Only 'passwd' needs the acting officer's password after login (as the current
	 * one); read it here once rather than asking twice. */
	char current[SECRET_MAX] = "";
	if (verb == 4 && cli->as_user && strcasecmp(cli->as_user, pos[1]) == 0) {
		rc = cli->password_file
			     ? secret_read_file(cli->password_file, current, sizeof(current), &err)
			     : secret_prompt(_("Current password: "), current, sizeof(current),
					     &err);
		if (rc < 0)
			return cli_fail(&err);
		cli->password_file = NULL;
	}
	struct app app;
	struct session s;
	if (current[0]) {
		rc = app_open(&app, &cli->cfg, &err);
		if (rc == 0 &&
		    (rc = session_login(&app, cli->as_user, current, "cli", &s, &err)) < 0)
			app_close(&app);
	} else {
		rc = cli_open_as(cli, &app, &s, &err);
	}
	if (rc < 0) {
		secret_wipe(current, sizeof(current));
		return cli_fail(&err);
	}
	switch (verb) {
	case 0:
		rc = user_add(&app, &s, pos[1], &o, &err);
		break;
	case 1:
		rc = user_list(&app, &s, &err);
		break;
	case 2:
	case 3:
		rc = accounts_set_locked(&app, &s, pos[1], verb == 2, &err);
		if (rc == 0)
			printf(verb == 2 ? _("officer '%s' locked\n")
					 : _("officer '%s' unlocked\n"),
			       pos[1]);
		break;
	default:
		rc = user_passwd(&app, &s, pos[1], &o, current, &err);
		break;
	}
	secret_wipe(current, sizeof(current));
	app_close(&app);
	return rc < 0 ? cli_fail(&err) : 0;
}
