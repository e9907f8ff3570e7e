#include "app/session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/lang.h"
#include "app/password.h"
#include "app/shift.h"
#include "scanners/clock.h"
#include "i18n/i18n.h"

static const char *const perm_names[PERM_COUNT] = {
	[PERM_MANAGE_ACCOUNTS] = "manage_accounts",
	[PERM_VIEW_AUDIT] = "view_audit",
	[PERM_EXPORT_AUDIT] = "export_audit",
	[PERM_VIEW_OWN_ACTIVITY] = "view_own_activity",
	[PERM_SCAN_DOCUMENTS] = "scan_documents",
	[PERM_MANAGE_WATCHLISTS] = "manage_watchlists",
	[PERM_SCREEN] = "screen",
	[PERM_DECIDE] = "decide",
	[PERM_AUTHORISE_OVERRIDE] = "authorise_override",
	[PERM_REVIEW_CASES] = "review_cases",
	[PERM_VIEW_REPORTS] = "view_reports",
	[PERM_MANAGE_REASONS] = "manage_reasons",
	[PERM_MANAGE_TRUST] = "manage_trust",
	[PERM_RUN_TRAINING] = "run_training",
	[PERM_MANIFESTS] = "manifests",
};

/* Least access: each role gets what its work needs and nothing more. Supervisors review
 * the post's trail; only administrators touch accounts. */
static const unsigned char grants[ROLE_COUNT][PERM_COUNT] = {
	/* officers and supervisors work the booth; trainers scan only in scenario mode, so
	 * never live documents, and administrators not at all */
	[ROLE_OFFICER] = { [PERM_VIEW_OWN_ACTIVITY] = 1,
			   [PERM_SCAN_DOCUMENTS] = 1,
			   [PERM_SCREEN] = 1,
			   [PERM_DECIDE] = 1,
			   [PERM_MANIFESTS] = 1 },
	/* a supervisor countersigns and resolves, but never edits a decision: there is
	 * no permission for that, and the crossings table refuses updates */
	[ROLE_SUPERVISOR] = { [PERM_VIEW_AUDIT] = 1,
			      [PERM_EXPORT_AUDIT] = 1,
			      [PERM_VIEW_OWN_ACTIVITY] = 1,
			      [PERM_SCAN_DOCUMENTS] = 1,
			      [PERM_SCREEN] = 1,
			      [PERM_DECIDE] = 1,
			      [PERM_AUTHORISE_OVERRIDE] = 1,
			      [PERM_REVIEW_CASES] = 1,
			      [PERM_VIEW_REPORTS] = 1,
			      [PERM_MANIFESTS] = 1 },
	/* trainers run scenarios on the training database (app/training.c also refuses a
	 * live one) and see the scores; never live documents or decisions */
	[ROLE_TRAINER] = { [PERM_VIEW_OWN_ACTIVITY] = 1, [PERM_RUN_TRAINING] = 1 },
	[ROLE_ADMIN] = { [PERM_MANAGE_ACCOUNTS] = 1,
			 [PERM_VIEW_AUDIT] = 1,
			 [PERM_EXPORT_AUDIT] = 1,
			 [PERM_VIEW_OWN_ACTIVITY] = 1,
			 [PERM_MANAGE_WATCHLISTS] = 1,
			 [PERM_MANAGE_REASONS] = 1,
			 [PERM_MANAGE_TRUST] = 1,
			 [PERM_MANIFESTS] = 1 },
};

const char *perm_name(enum perm p)
{
	return (unsigned)p < PERM_COUNT ? perm_names[p] : "?";
}

int role_allows(enum officer_role role, enum perm p)
{
	return (unsigned)role < ROLE_COUNT && (unsigned)p < PERM_COUNT && grants[role][p];
}

static int audit_login(struct app *app, const struct audit_actor *who, const char *action,
		       const char *username, const char *outcome, const char *detail,
		       struct error *err)
{
	struct audit_event ev = { .action = action,
				  .object_type = "officer",
				  .object_id = username,
				  .outcome = outcome,
				  .detail = detail };
	return audit_append(app->db, who, &ev, err);
}

/* A wrong password for who->officer, typed at login or as the current password when
 * changing it (so a logged-in terminal left unattended cannot be used to guess): counts
 * it, audits it as action, and locks the account at the configured limit. Runs inside
 * the caller's transaction. Returns -ERR_FINDING, -ERR_DENIED once locked, or -ERR_IO. */
static int count_failure_of(struct app *app, const struct audit_actor *who, const char *account,
			    const char *action, const char *channel, struct error *err)
{
	int failures = officer_add_failure(app->db, account, err);
	if (failures < 0)
		return -ERR_IO;
	char detail[64];
	snprintf(detail, sizeof(detail), "%s; failure %d of %d", channel, failures,
		 app->cfg.max_failed_logins);
	if (audit_login(app, who, action, account, "failure", detail, err) < 0)
		return -ERR_IO;
	if (failures < app->cfg.max_failed_logins)
		return -ERR_FINDING;
	snprintf(detail, sizeof(detail), "%d failed logins", failures);
	if (officer_set_locked(app->db, account, 1, err) < 0 ||
	    audit_login(app, who, "account.lock", account, "ok", detail, err) < 0)
		return -ERR_IO;
	return error_set(err, ERR_DENIED,
			 P_("account '%s' is now locked after %d failed login; ask "
			    "an administrator to unlock it",
			    "account '%s' is now locked after %d failed logins; ask "
			    "an administrator to unlock it",
			    (unsigned long)failures),
			 account, failures);
}

static int count_failure(struct app *app, const struct audit_actor *who, const char *action,
			 const char *channel, struct error *err)
{
	return count_failure_of(app, who, who->officer, action, channel, err);
}

/* Runs inside the caller's transaction. Returns 0 on success, -ERR_FINDING for a wrong
 * password or unknown user, -ERR_DENIED for a locked account. */
/* A credential check inside one transaction that commits even when the check fails:
 * the failure count and the audit row of a wrong password must stick. */
struct attempt {
	const char *username, *password;
	const char *note; /* login: the channel; countersign: what is authorised */
	const struct session *s;
	enum perm p;
	struct session *out;
};

static int run_attempt(struct app *app,
		       int (*check)(struct app *, const struct attempt *, struct error *),
		       const struct attempt *a, struct error *err)
{
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	struct error why;
	error_clear(&why);
	int rc = check(app, a, &why);
	if (rc == -ERR_IO) {
		db_rollback(app->db);
		if (err)
			*err = why;
		return rc;
	}
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	if (rc < 0 && err)
		*err = why;
	return rc;
}

static int check_login(struct app *app, const struct attempt *a, struct error *err)
{
	const char *username = a->username, *password = a->password, *channel = a->note;
	struct session *out = a->out;
	struct officer o;
	struct audit_actor who;
	app_actor(app, NULL, &who);
	int found = officer_get(app->db, username, &o, err);
	if (found < 0)
		return -ERR_IO;
	if (!found) {
		password_verify_dummy(password);
		/* the typed name is not recorded: officers sometimes type a password there */
		if (audit_login(app, &who, "login", "", "failure", "unknown account", err) < 0)
			return -ERR_IO;
		return error_set(err, ERR_FINDING, _("wrong user name or password"));
	}
	who.officer = o.username;
	who.role = officer_role_name(o.role);
	if (o.locked) {
		password_verify_dummy(password);
		if (audit_login(app, &who, "login", o.username, "locked", channel, err) < 0)
			return -ERR_IO;
		return error_set(err, ERR_DENIED,
				 _("account '%s' is locked; ask an administrator to unlock it"),
				 o.username);
	}
	if (!password_verify(password, o.password_hash)) {
		int rc = count_failure(app, &who, "login", channel, err);
		if (rc == -ERR_FINDING)
			error_set(err, ERR_FINDING, _("wrong user name or password"));
		return rc;
	}
	char now[32];
	clock_utc_iso(now, sizeof(now));
	if (officer_record_login(app->db, o.username, now, err) < 0 ||
	    audit_login(app, &who, "login", o.username, "ok", channel, err) < 0)
		return -ERR_IO;
	memset(out, 0, sizeof(*out));
	out->officer_id = o.id;
	snprintf(out->username, sizeof(out->username), "%s", o.username);
	snprintf(out->full_name, sizeof(out->full_name), "%s", o.full_name);
	out->role = o.role;
	snprintf(out->language, sizeof(out->language), "%s", o.language);
	return 0;
}

int session_login(struct app *app, const char *username, const char *password, const char *channel,
		  struct session *out, struct error *err)
{
	if (!username || !*username)
		return error_set(err, ERR_USAGE, _("enter your user name"));
	struct attempt at = {
		.username = username, .password = password, .note = channel, .out = out
	};
	return run_attempt(app, check_login, &at, err);
}

/* Inside the caller's transaction; see session_countersign. */
static int check_countersign(struct app *app, const struct attempt *a, struct error *err)
{
	const struct session *s = a->s;
	const char *username = a->username, *password = a->password, *what = a->note;
	enum perm p = a->p;
	struct audit_actor who;
	app_actor(app, s, &who);
	if (strcasecmp(username, s->username) == 0) {
		if (audit_login(app, &who, "countersign", username, "denied", "own session", err) <
		    0)
			return -ERR_IO;
		return error_set(err, ERR_DENIED,
				 _("another supervisor must authorise this, not you"));
	}
	struct officer o;
	int found = officer_get(app->db, username, &o, err);
	if (found < 0)
		return -ERR_IO;
	if (!found || o.locked) {
		password_verify_dummy(password);
		if (audit_login(app, &who, "countersign", found ? o.username : "",
				found ? "locked" : "failure", found ? what : "unknown account",
				err) < 0)
			return -ERR_IO;
		if (found)
			return error_set(err, ERR_DENIED, _("account '%s' is locked"), o.username);
		return error_set(err, ERR_FINDING, _("wrong supervisor name or password"));
	}
	if (!password_verify(password, o.password_hash)) {
		int rc = count_failure_of(app, &who, o.username, "countersign", what, err);
		if (rc == -ERR_FINDING)
			error_set(err, ERR_FINDING, _("wrong supervisor name or password"));
		return rc;
	}
	if (!role_allows(o.role, p)) {
		if (audit_login(app, &who, "countersign", o.username, "denied", what, err) < 0)
			return -ERR_IO;
		return error_set(err, ERR_DENIED,
				 _("'%s' may not authorise this: a supervisor must"), o.username);
	}
	return audit_login(app, &who, "countersign", o.username, "ok", what, err) < 0 ? -ERR_IO : 0;
}

int session_countersign(struct app *app, const struct session *s, const char *username,
			const char *password, enum perm p, const char *what, struct error *err)
{
	if (!username || !*username)
		return error_set(err, ERR_USAGE, _("enter the supervisor's user name"));
	if (!password || !*password)
		return error_set(err, ERR_USAGE, _("the supervisor must type their password"));
	struct attempt at = {
		.username = username, .password = password, .note = what, .s = s, .p = p
	};
	return run_attempt(app, check_countersign, &at, err);
}

void session_logout(struct app *app, struct session *s, const char *reason)
{
	shift_end(app, s, reason, NULL);
	struct audit_event ev = { .action = "logout",
				  .object_type = "officer",
				  .object_id = s->username,
				  .outcome = "ok",
				  .detail = reason };
	app_audit(app, s, &ev, NULL);
	memset(s, 0, sizeof(*s));
}

int session_require(struct app *app, const struct session *s, enum perm p, struct error *err)
{
	if (s && role_allows(s->role, p))
		return 0;
	app_audit_refusal(app, s, "access.denied", "permission", perm_name(p), "denied", NULL);
	return error_set(err, ERR_DENIED, _("your role does not allow this (%s)"), perm_name(p));
}

int password_policy_check(const struct config *cfg, const char *password, const char *repeat,
			  struct error *err)
{
	if (repeat && strcmp(password, repeat) != 0)
		return error_set(err, ERR_USAGE, _("the two passwords differ"));
	/* length in characters, not bytes: Cyrillic letters are two bytes each */
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if ((int)chars < cfg->min_password_length)
		return error_set(err, ERR_USAGE,
				 P_("a password needs at least %d character",
				    "a password needs at least %d characters",
				    (unsigned long)cfg->min_password_length),
				 cfg->min_password_length);
	return 0;
}

int session_change_password(struct app *app, struct session *s, const char *current,
			    const char *next, const char *repeat, struct error *err)
{
	struct officer o;
	if (officer_get(app->db, s->username, &o, err) != 1)
		return err && err->code
			       ? -(int)err->code
			       : error_set(err, ERR_IO, _("your account no longer exists"));
	if (!password_verify(current, o.password_hash)) {
		struct audit_actor who;
		app_actor(app, s, &who);
		if (db_begin(app->db, err) < 0)
			return -ERR_IO;
		int rc = count_failure(app, &who, "password.change", "wrong current password", err);
		if (rc == -ERR_IO) {
			db_rollback(app->db);
			return rc;
		}
		struct error commit_err;
		if (db_commit(app->db, &commit_err) < 0) {
			if (err)
				*err = commit_err;
			return -ERR_IO;
		}
		if (rc == -ERR_FINDING)
			error_set(err, ERR_FINDING, _("the current password is wrong"));
		return rc;
	}
	if (password_policy_check(&app->cfg, next, repeat, err) < 0)
		return -ERR_USAGE;
	char hash[PASSWORD_HASH_MAX], now[32];
	if (password_hash(next, hash, sizeof(hash), err) < 0)
		return -ERR_IO;
	clock_utc_iso(now, sizeof(now));
	struct audit_actor who;
	app_actor(app, s, &who);
	struct audit_event ev = { .action = "password.change",
				  .object_type = "officer",
				  .object_id = s->username,
				  .outcome = "ok" };
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (officer_set_password(app->db, s->username, hash, now, err) < 0 ||
	    audit_append(app->db, &who, &ev, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

int session_set_language(struct app *app, struct session *s, const char *code, struct error *err)
{
	if (!lang_find(code))
		return error_set(err, ERR_USAGE, _("unknown language '%s'"), code);
	struct audit_actor who;
	app_actor(app, s, &who);
	char detail[48];
	snprintf(detail, sizeof(detail), "%s -> %s", s->language, code);
	struct audit_event ev = { .action = "officer.language",
				  .object_type = "officer",
				  .object_id = s->username,
				  .outcome = "ok",
				  .detail = detail };
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (officer_set_language(app->db, s->username, code, err) < 0 ||
	    audit_append(app->db, &who, &ev, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	snprintf(s->language, sizeof(s->language), "%s", code);
	return 0;
}
