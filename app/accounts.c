#include "app/accounts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/lang.h"
#include "app/password.h"
#include "scanners/clock.h"
#include "i18n/i18n.h"

int accounts_username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 1 || n > 32 || !(u[0] >= 'a' && u[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/* Runs change inside one transaction with its audit row. */
static int audited(struct app *app, const struct session *actor, const struct audit_event *ev,
		   int (*change)(struct app *, const void *, struct error *), const void *arg,
		   struct error *err)
{
	struct audit_actor who;
	app_actor(app, actor, &who);
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	int rc = change(app, arg, err);
	if (rc < 0 || audit_append(app->db, &who, ev, err) < 0) {
		db_rollback(app->db);
		return rc < 0 ? rc : -ERR_IO;
	}
	return db_commit(app->db, err);
}

static int insert_officer(struct app *app, const void *arg, struct error *err)
{
	const struct officer *o = arg;
	struct officer existing;
	int found = officer_get(app->db, o->username, &existing, err);
	if (found < 0)
		return found;
	if (found)
		return error_set(err, ERR_USAGE, _("officer '%s' already exists"), o->username);
	return officer_insert(app->db, o, err);
}

int accounts_add(struct app *app, const struct session *actor, const char *username,
		 const char *full_name, enum officer_role role, const char *language,
		 const char *password, struct error *err)
{
	if (session_require(app, actor, PERM_MANAGE_ACCOUNTS, err) < 0)
		return -ERR_DENIED;
	if (!accounts_username_ok(username))
		return error_set(err, ERR_USAGE,
				 _("'%s' is not a valid user name: use 1-32 lowercase letters, "
				   "digits, '.', '_' or '-', starting with a letter"),
				 username);
	if (!lang_find(language))
		return error_set(err, ERR_USAGE, _("unknown language '%s' (known: %s)"), language,
				 lang_codes());
	if (password_policy_check(&app->cfg, password, NULL, err) < 0)
		return -ERR_USAGE;
	struct officer o = { .role = role };
	snprintf(o.username, sizeof(o.username), "%s", username);
	snprintf(o.full_name, sizeof(o.full_name), "%s", full_name ? full_name : "");
	snprintf(o.language, sizeof(o.language), "%s", language);
	clock_utc_iso(o.created_at, sizeof(o.created_at));
	if (password_hash(password, o.password_hash, sizeof(o.password_hash), err) < 0)
		return -ERR_IO;
	struct audit_event ev = { .action = "officer.add",
				  .object_type = "officer",
				  .object_id = username,
				  .outcome = "ok",
				  .detail = officer_role_name(role) };
	return audited(app, actor, &ev, insert_officer, &o, err);
}

int accounts_list(struct app *app, const struct session *actor, struct officer **out, size_t *n,
		  struct error *err)
{
	*out = NULL;
	*n = 0;
	if (session_require(app, actor, PERM_MANAGE_ACCOUNTS, err) < 0)
		return -ERR_DENIED;
	if (officer_list(app->db, out, n, err) < 0)
		return -ERR_IO;
	/* hashes never leave this module */
	for (size_t i = 0; i < *n; i++)
		memset((*out)[i].password_hash, 0, sizeof((*out)[i].password_hash));
	return 0;
}

struct lock_change {
	const char *username;
	int locked;
};

static int set_locked(struct app *app, const void *arg, struct error *err)
{
	const struct lock_change *c = arg;
	int rc = officer_set_locked(app->db, c->username, c->locked, err);
	if (rc < 0 && err && err->code == ERR_USAGE)
		error_set(err, ERR_USAGE, _("no officer '%s'"), c->username);
	return rc;
}

int accounts_set_locked(struct app *app, const struct session *actor, const char *username,
			int locked, struct error *err)
{
	if (session_require(app, actor, PERM_MANAGE_ACCOUNTS, err) < 0)
		return -ERR_DENIED;
	if (locked && actor && strcasecmp(actor->username, username) == 0)
		return error_set(err, ERR_USAGE, _("you cannot lock your own account"));
	struct lock_change c = { username, locked };
	struct audit_event ev = { .action = locked ? "account.lock" : "account.unlock",
				  .object_type = "officer",
				  .object_id = username,
				  .outcome = "ok",
				  .detail = "by administrator" };
	return audited(app, actor, &ev, set_locked, &c, err);
}

struct password_change {
	const char *username;
	const char *hash;
};

static int set_password(struct app *app, const void *arg, struct error *err)
{
	const struct password_change *c = arg;
	char now[32];
	clock_utc_iso(now, sizeof(now));
	int rc = officer_set_password(app->db, c->username, c->hash, now, err);
	if (rc < 0 && err && err->code == ERR_USAGE)
		error_set(err, ERR_USAGE, _("no officer '%s'"), c->username);
	return rc;
}

int accounts_reset_password(struct app *app, const struct session *actor, const char *username,
			    const char *password, struct error *err)
{
	if (session_require(app, actor, PERM_MANAGE_ACCOUNTS, err) < 0)
		return -ERR_DENIED;
	if (password_policy_check(&app->cfg, password, NULL, err) < 0)
		return -ERR_USAGE;
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash, sizeof(hash), err) < 0)
		return -ERR_IO;
	struct password_change c = { username, hash };
	struct audit_event ev = { .action = "password.reset",
				  .object_type = "officer",
				  .object_id = username,
				  .outcome = "ok" };
	return audited(app, actor, &ev, set_password, &c, err);
}
