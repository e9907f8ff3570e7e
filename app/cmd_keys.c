/* shekara keys: this database's signing key, the authority's key and, at headquarters,
 * the workstations' keys (app/keys.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/cli.h"
#include "app/keys.h"
#include "i18n/i18n.h"

static void pub_text(const struct key_row *r, char hexpub[65], char b64[64])
{
	keys_base64(r->pub, KEYS_PUB_LEN, b64, 64);
	for (int i = 0; i < KEYS_PUB_LEN; i++)
		snprintf(hexpub + 2 * i, 3, "%02x", r->pub[i]);
}

static json_object *key_json(const struct key_row *r)
{
	char b64[64], hexpub[65];
	pub_text(r, hexpub, b64);
	json_object *j = json_object_new_object();
	json_object_object_add(j, "key_id", json_object_new_string(r->key_id));
	json_object_object_add(j, "role", json_object_new_string(r->role));
	json_object_object_add(j, "name", json_object_new_string(r->name));
	json_object_object_add(j, "realm",
			       json_object_new_string(r->training ? "training" : "live"));
	json_object_object_add(j, "status", json_object_new_string(r->status));
	json_object_object_add(j, "public_hex", json_object_new_string(hexpub));
	json_object_object_add(j, "public_base64", json_object_new_string(b64));
	json_object_object_add(j, "added_at", json_object_new_string(r->added_at));
	json_object_object_add(j, "added_by", json_object_new_string(r->added_by));
	json_object_object_add(j, "replaced_by",
			       r->replaced_by[0] ? json_object_new_string(r->replaced_by) : NULL);
	return j;
}

/* ---- shekara keys [show] ---- */

static int show_cmd(struct cli *cli, int json)
{
	struct error err;
	error_clear(&err);
	struct app app;
	struct session s;
	struct key_row row;
	int created = 0, rc;
	if (cli->as_user) {
		if (cli_open_as(cli, &app, &s, &err) < 0)
			return cli_fail(&err);
		char id[17];
		rc = keys_own_create(&app, &s, NULL, id, &created, &err);
		if (rc == 0)
			rc = keys_own_row(&app, &row, &err);
	} else {
		if (app_open(&app, &cli->cfg, &err) < 0)
			return cli_fail(&err);
		rc = keys_own_row(&app, &row, &err);
		if (rc == 0)
			rc = error_set(&err, ERR_USAGE,
				       _("this database has no signing key yet; an administrator "
					 "creates it with 'shekara keys --as NAME'"));
	}
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		json_object *j = key_json(&row);
		json_object_object_add(j, "created", json_object_new_boolean(created));
		cli_print_json(j);
		return 0;
	}
	char hexpub[65], b64[64];
	pub_text(&row, hexpub, b64);
	if (created)
		printf(_("created this database's signing key\n"));
	/* TRANSLATORS: labels of 'shekara keys', padded to 12 columns */
	printf(_("key id      %s\n"), row.key_id);
	printf(_("name        %s\n"), row.name);
	printf(_("realm       %s\n"), row.training ? "training" : "live");
	printf(_("public hex  %s\n"), hexpub);
	printf(_("public b64  %s\n"), b64);
	printf(_("created     %s by %s\n"), row.added_at, row.added_by);
	return 0;
}

/* ---- shekara keys list ---- */

static int list_cmd(struct cli *cli, int json)
{
	struct error err;
	error_clear(&err);
	struct app app;
	if (app_open(&app, &cli->cfg, &err) < 0)
		return cli_fail(&err);
	struct key_row *rows;
	size_t n;
	int rc = keys_list(&app, &rows, &n, &err);
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		json_object *a = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(a, key_json(&rows[i]));
		cli_print_json(a);
	} else if (n == 0) {
		printf("%s\n", _("No sync keys yet: 'shekara keys --as NAME' creates this "
				 "database's own."));
	} else {
		/* TRANSLATORS: column heads of 'shekara keys list' */
		printf(_("%-16s  %-11s  %-8s  %-8s  %s\n"), _("KEY ID"), _("ROLE"), _("REALM"),
		       _("STATUS"), _("NAME"));
		for (size_t i = 0; i < n; i++) {
			const struct key_row *r = &rows[i];
			printf("%-16s  %-11s  %-8s  %-8s  %s\n", r->key_id, r->role,
			       r->training ? "training" : "live", r->status, r->name);
			if (r->replaced_by[0])
				printf(_("%16s  replaced by %s\n"), "", r->replaced_by);
		}
	}
	free(rows);
	return 0;
}

/* ---- the changes ---- */

static int change_cmd(struct cli *cli, const char *verb, const char *arg, const char *out)
{
	struct error err;
	error_clear(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	struct key_row row;
	int rc;
	if (strcmp(verb, "install-authority") == 0)
		rc = keys_install_authority(&app, &s, arg, &row, &err);
	else if (strcmp(verb, "replace-authority") == 0)
		rc = keys_replace_authority(&app, &s, arg, &row, &err);
	else if (strcmp(verb, "add-peer") == 0)
		rc = keys_add_peer(&app, &s, arg, &row, &err);
	else if (strcmp(verb, "revoke") == 0)
		rc = keys_revoke(&app, &s, arg, &err);
	else
		rc = keys_sign_rollover(&app, &s, arg, out, &err);
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (strcmp(verb, "revoke") == 0)
		printf(_("revoked key %s\n"), arg);
	else if (strcmp(verb, "sign-rollover") == 0)
		printf(_("wrote the rollover file '%s'\n"), out);
	else if (rc == 1)
		printf(_("key %s (%s) is installed already; nothing changed\n"), row.key_id,
		       row.name);
	else
		printf(_("installed key %s (%s, %s, %s)\n"), row.key_id, row.name, row.role,
		       row.training ? "training" : "live");
	return 0;
}

int cmd_keys(struct cli *cli, int argc, char **argv)
{
	struct cli_json_opt o = { .name = "--out" };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("keys"), argc, argv, pos, 2, &npos, cli_json_opt_parse, &o,
			   &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	const char *verb = npos ? pos[0] : "show";
	static const char *const with_arg[] = {
		"export-public", "install-authority", "replace-authority", "add-peer",
		"revoke",        "sign-rollover"
	};
	int needs_arg = 0;
	for (size_t i = 0; i < sizeof(with_arg) / sizeof(with_arg[0]); i++)
		needs_arg |= strcmp(verb, with_arg[i]) == 0;
	int bare = strcmp(verb, "show") == 0 || strcmp(verb, "list") == 0;
	if ((!bare && !needs_arg) || (bare && npos > 1) || (needs_arg && npos != 2) ||
	    (strcmp(verb, "sign-rollover") == 0) != (o.value != NULL)) {
		error_set(&err, ERR_USAGE,
			  _("use: keys [show] | keys list | keys export-public FILE | keys "
			    "install-authority FILE | keys replace-authority FILE | keys add-peer "
			    "FILE | keys revoke KEY-ID | keys sign-rollover NEWFILE --out FILE"));
		return cli_fail(&err);
	}
	if (strcmp(verb, "show") == 0)
		return show_cmd(cli, o.json);
	if (strcmp(verb, "list") == 0)
		return list_cmd(cli, o.json);
	if (strcmp(verb, "export-public") == 0) {
		struct app app;
		if (app_open(&app, &cli->cfg, &err) < 0)
			return cli_fail(&err);
		rc = keys_export_public(&app, pos[1], &err);
		app_close(&app);
		return rc < 0 ? cli_fail(&err) : 0;
	}
	return change_cmd(cli, verb, pos[1], o.value);
}
