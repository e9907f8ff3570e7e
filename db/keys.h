/* The sync keys as stored (table sync_keys, migration 8): this workstation's own Ed25519
 * key pair, the authority's public key its watchlist bundles are checked against, and,
 * at headquarters, the public keys of the workstations whose records it ingests. What
 * may go in, and when, is app/keys.c's; this module only keeps rows.
 *
 * A key is never deleted and its material never changes (the schema refuses both): it
 * goes from 'active' to 'replaced' (a rollover, replaced_by names its successor) or
 * 'revoked', and never back. The schema also allows one active key per role for
 * 'workstation' and 'authority', and one active key per name for 'peer'. */
#ifndef SHEKARA_DB_KEYS_H
#define SHEKARA_DB_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum { KEYS_PUB_LEN = 32, KEYS_PRIV_LEN = 32 };

struct key_row {
	int64_t id;
	char role[16]; /* "workstation", "authority", "peer" */
	char name[64];
	char key_id[17];
	unsigned char pub[KEYS_PUB_LEN];
	int training;    /* a key of the training realm */
	char status[12]; /* "active", "replaced", "revoked" */
	char added_at[32], added_by[64];
	char replaced_by[17]; /* "" unless replaced */
	int has_private;      /* the private half is stored (never read into this struct) */
};

/* Inserts r (status 'active') with priv (KEYS_PRIV_LEN bytes; NULL for a public key
 * only); fills r->id. Inside the caller's transaction. A key_id already present, or a
 * second active key where only one may be, fails with err naming it (ERR_USAGE). */
int keys_store_add(struct db *db, struct key_row *r, const unsigned char *priv, struct error *err);
/* 1 and out filled when the key exists (any status), 0 when not. */
int keys_store_get(struct db *db, const char *key_id, struct key_row *out, struct error *err);
/* The active key of a role ("workstation", "authority"), or of a peer by name when name
 * is not NULL: 1 found, 0 none. */
int keys_store_active(struct db *db, const char *role, const char *name, struct key_row *out,
		      struct error *err);
/* The private half of an active key: 1 and priv filled, 0 when there is none. The caller
 * wipes priv (OPENSSL_cleanse) once it has made a key of it. */
int keys_store_private(struct db *db, const char *key_id, unsigned char priv[KEYS_PRIV_LEN],
		       struct error *err);
/* Rows of a role (NULL: every role), only active ones when active_only, by role, name
 * and id; free() *out. */
int keys_store_list(struct db *db, const char *role, int active_only, struct key_row **out,
		    size_t *n, struct error *err);
/* Retires an active key: status becomes "replaced" (replaced_by the successor's key id)
 * or "revoked" (replaced_by NULL), and its private half, if any, is erased. 1 done, 0
 * there was no such active key. Inside the caller's transaction. */
int keys_store_retire(struct db *db, const char *key_id, const char *status,
		      const char *replaced_by, struct error *err);

#endif
