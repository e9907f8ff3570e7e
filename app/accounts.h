/* Officer account management, for administrators (CLI and the accounts screen).
 * Every call checks PERM_MANAGE_ACCOUNTS against the acting session and audits the
 * change in the same transaction. */
#ifndef SHEKARA_ACCOUNTS_H
#define SHEKARA_ACCOUNTS_H

#include <stddef.h>

#include "app/session.h"

int accounts_add(struct app *app, const struct session *actor, const char *username,
		 const char *full_name, enum officer_role role, const char *language,
		 const char *password, struct error *err);
int accounts_list(struct app *app, const struct session *actor, struct officer **out, size_t *n,
		  struct error *err);
int accounts_set_locked(struct app *app, const struct session *actor, const char *username,
			int locked, struct error *err);
/* Sets another officer's password (an administrator's reset). */
int accounts_reset_password(struct app *app, const struct session *actor, const char *username,
			    const char *password, struct error *err);
/* User names: 1-32 of a-z, 0-9, '.', '_', '-', starting with a letter, so they read
 * the same in every script and log. */
int accounts_username_ok(const char *username);

#endif
