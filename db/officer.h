/* Officer accounts as stored. Policy (who may do what, lockout rules, password hashing)
 * is app/'s: these functions only read and write rows. */
#ifndef SHEKARA_DB_OFFICER_H
#define SHEKARA_DB_OFFICER_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum officer_role {
	ROLE_OFFICER,
	ROLE_SUPERVISOR,
	ROLE_TRAINER,
	ROLE_ADMIN,
};
#define ROLE_COUNT 4

struct officer {
	int64_t id;
	char username[64];
	char full_name[128];
	enum officer_role role;
	char language[16];
	char password_hash[256];
	int failed_logins;
	int locked;
	char created_at[32];
	char password_changed_at[32];
	char last_login_at[32]; /* empty when never */
};

/* Machine names of roles ("officer", ...), as stored and as typed on the command line. */
const char *officer_role_name(enum officer_role role);
int officer_role_parse(const char *name, enum officer_role *role);

/* Returns 1 and fills out when found, 0 when there is no such officer. */
int officer_get(struct db *db, const char *username, struct officer *out, struct error *err);
int officer_insert(struct db *db, const struct officer *o, struct error *err);
/* Every officer, ordered by username; free the array with free(). */
int officer_list(struct db *db, struct officer **out, size_t *n, struct error *err);
int officer_count(struct db *db, struct error *err);

int officer_set_password(struct db *db, const char *username, const char *hash, const char *now,
			 struct error *err);
int officer_set_locked(struct db *db, const char *username, int locked, struct error *err);
int officer_set_language(struct db *db, const char *username, const char *lang, struct error *err);
/* Counts a failed login and returns the new count. */
int officer_add_failure(struct db *db, const char *username, struct error *err);
int officer_record_login(struct db *db, const char *username, const char *now, struct error *err);

#endif
