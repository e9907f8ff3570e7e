/* Officer sessions and roles: logging in and out, and what each role may do.
 *
 * Every permission is checked here, in app/, whatever the screens show or hide: a menu
 * entry that is hidden from an officer is also refused to them if reached another way. */
#ifndef SHEKARA_SESSION_H
#define SHEKARA_SESSION_H

#include <stdint.h>

#include "app/app.h"
#include "db/officer.h"

struct session {
	int64_t officer_id;
	char username[64];
	char full_name[128];
	enum officer_role role;
	char language[16];
};

enum perm {
	PERM_MANAGE_ACCOUNTS, /* add, lock, unlock officers; reset passwords */
	PERM_VIEW_AUDIT,      /* the whole post's audit trail, its verification */
	PERM_EXPORT_AUDIT,    /* audit rows out as CSV */
	PERM_VIEW_OWN_ACTIVITY,
	PERM_SCAN_DOCUMENTS,     /* read documents at the booth */
	PERM_MANAGE_WATCHLISTS,  /* import and retire watchlist versions */
	PERM_SCREEN,             /* look travellers up in the watchlists */
	PERM_DECIDE,             /* admit, refuse or refer live travellers, on a shift */
	PERM_AUTHORISE_OVERRIDE, /* countersign admitting a traveller over a HIT */
	PERM_REVIEW_CASES,       /* the post's referral queue, cases, resolutions */
	PERM_VIEW_REPORTS,       /* every officer's shift reports (officers: their own) */
	PERM_MANAGE_REASONS,     /* the list of refusal grounds */
	PERM_MANAGE_TRUST,       /* the CSCA trust store for chip authentication */
	PERM_RUN_TRAINING,       /* run scenarios with trainees, see and export their scores */
	PERM_MANIFESTS,          /* import carriers' passenger manifests, see their screening */
	PERM_COUNT
};

/* Machine name of a permission, for audit rows. */
const char *perm_name(enum perm p);
int role_allows(enum officer_role role, enum perm p);

/* Checks the password and opens a session. Counts failures, locks the account after
 * app->cfg.max_failed_logins in a row, and audits every attempt. channel says where
 * the login came from ("terminal" or "cli"), for the audit row. Wrong user names and
 * wrong passwords get the same message and take the same time. */
int session_login(struct app *app, const char *username, const char *password, const char *channel,
		  struct session *out, struct error *err);
/* reason: "quit", "logout", "idle", "signal" */
void session_logout(struct app *app, struct session *s, const char *reason);

/* A second officer's credentials typed at s's terminal (four eyes): 0 when username's
 * password is right and their role allows p. Never username == s's officer. A wrong
 * password counts towards that account's lock; every attempt is audited
 * ("countersign", with what in the detail). */
int session_countersign(struct app *app, const struct session *s, const char *username,
			const char *password, enum perm p, const char *what, struct error *err);

/* 0 when s may do p; otherwise audits the refusal and fills err (ERR_DENIED). */
int session_require(struct app *app, const struct session *s, enum perm p, struct error *err);

/* Changes the officer's own password after checking the current one. */
int session_change_password(struct app *app, struct session *s, const char *current,
			    const char *next, const char *repeat, struct error *err);
/* Stores the officer's language choice and audits it. */
int session_set_language(struct app *app, struct session *s, const char *code, struct error *err);

/* Password rules shared by every way of setting one. */
int password_policy_check(const struct config *cfg, const char *password, const char *repeat,
			  struct error *err);

#endif
