/* The keys that sign and check sync bundles (app/bundle.h): this database's own Ed25519
 * key pair, the authority's public key, and at headquarters the workstations' public
 * keys ("peers"). Every change needs an administrator (PERM_MANAGE_TRUST) and is audited
 * in the transaction that makes it: keys.create, keys.install, keys.replace,
 * keys.add_peer, keys.revoke, and keys.vouch for a rollover signed here. The private
 * key never leaves the database: it is never printed, exported or written to the audit
 * trail.
 *
 * The authority is itself a Shekara database whose own key signs what it publishes:
 *
 *   authority$   shekara keys --as admin                  creates its key
 *   authority$   shekara keys export-public auth.pub
 *   crossing$    shekara keys install-authority auth.pub --as admin
 *   crossing$    shekara keys export-public ws03.pub      (the workstation's own key)
 *   hq$          shekara keys add-peer ws03.pub --as admin
 *
 * PUBLIC KEY FILE, format 1 (at most BUNDLE_HEADER_MAX bytes, the rules of bundle.h):
 *
 *   SHEKARA-KEY 1\n
 *   name: HQ-NATIONAL\n                 [A-Za-z0-9._-]{1,63}
 *   key-id: <16 hex>\n                  must be the id of public
 *   realm: live\n                       live | training
 *   public: <base64 of the raw 32-byte Ed25519 public key>\n
 *   vouched-by: <16 hex>\n              rollover files only: the key that vouches
 *   vouch: <base64 of 64 bytes>\n       rollover files only: Ed25519 by that key over
 *   \n                                  every byte before the "vouch:" line
 *
 * ROLLOVER: the authority's new key is accepted only from a file vouched for by the
 * authority key active here (replace-authority); the new key becomes active and the old
 * one 'replaced'. Bundles and manifests signed by a replaced (or revoked) key are
 * refused from then on, whatever their date: the authority re-signs anything it still
 * wants applied. A compromised authority key is revoked (keys revoke), after which a new
 * one is installed as the first was. The vouch is made on the authority's database by
 * 'shekara keys sign-rollover NEW.pub --out VOUCHED.pub', NEW.pub being the export of
 * the database that holds the new key.
 *
 * REALMS: a database is "training" when its setting "realm" is "training" (the trainer's
 * scenario databases), "live" when the setting is absent or "live". Keys carry the realm
 * they were made or installed in; a key file of the other realm is refused, and
 * bundle_read refuses bundles and keys of the other realm. */
#ifndef SHEKARA_APP_KEYS_H
#define SHEKARA_APP_KEYS_H

#include <stddef.h>

#include <openssl/evp.h>

#include "app/bundle.h"
#include "app/session.h"
#include "db/keys.h"

/* 1 training, 0 live, negative when the setting cannot be read or is neither. */
int keys_realm_training(struct app *app);

/* This database's signing key (EVP_PKEY_free it) and its id. -ERR_USAGE when there is
 * none yet or it belongs to the other realm. */
int keys_own(struct app *app, EVP_PKEY **out, char key_id[17], struct error *err);
/* The same, creating the key first when there is none, which needs s to be an
 * administrator (audited keys.create). out may be NULL; *created (may be NULL) says
 * whether it was made now. */
int keys_own_create(struct app *app, const struct session *s, EVP_PKEY **out, char key_id[17],
		    int *created, struct error *err);
/* The public row of this database's active key, no account needed: 1, 0 none. */
int keys_own_row(struct app *app, struct key_row *out, struct error *err);

/* The active keys of role ("authority" to check watchlist bundles, "peer" to check
 * records bundles at headquarters), for a struct bundle_keyring whose training is
 * keys_realm_training(). free() *keys (NULL when *n is 0). */
int keys_ring(struct app *app, const char *role, struct bundle_key **keys, int *n,
	      struct error *err);

/* Every key, every status; free() *rows. */
int keys_list(struct app *app, struct key_row **rows, size_t *n, struct error *err);

/* Writes this database's public key file to path ("-": standard output). */
int keys_export_public(struct app *app, const char *path, struct error *err);

/* The changes, each from a public key file at path. 0 when done with out filled (may be
 * NULL), 1 when the very key was already active in that role (nothing changed), or
 * negative with err: -ERR_DENIED, -ERR_USAGE (malformed file, key known otherwise,
 * another authority active), -ERR_FINDING (wrong realm, rollover not vouched for by the
 * active authority key), -ERR_IO. Refusals are audited. */
int keys_install_authority(struct app *app, const struct session *s, const char *path,
			   struct key_row *out, struct error *err);
int keys_replace_authority(struct app *app, const struct session *s, const char *path,
			   struct key_row *out, struct error *err);
/* Headquarters: a workstation's key for ingest. An active peer key of the same name is
 * 'replaced' by it (a reinstalled workstation). */
int keys_add_peer(struct app *app, const struct session *s, const char *path, struct key_row *out,
		  struct error *err);
/* Retires any active key (own, authority or peer) as 'revoked'; an own key's private
 * half is erased, so 'shekara keys' makes a new one. */
int keys_revoke(struct app *app, const struct session *s, const char *key_id, struct error *err);
/* On the authority's database: vouches for the key in new_path with this database's own
 * key and writes the rollover file to out_path. Audited keys.vouch. */
int keys_sign_rollover(struct app *app, const struct session *s, const char *new_path,
		       const char *out_path, struct error *err);

/* ---- the public key file ---- */

struct keys_file {
	char name[64];
	char key_id[17];
	char realm[12];
	unsigned char pub[BUNDLE_PUB_LEN];
	int vouched;
	char vouched_by[17];
	unsigned char vouch[BUNDLE_SIG_LEN];
	size_t signed_len; /* the bytes the vouch covers */
};

/* Parses a key file (no database: for checking and the fuzz target). -ERR_USAGE with a
 * translated message when it is malformed or its key-id is not its key's. */
int keys_file_parse(const char *buf, size_t len, struct keys_file *out, struct error *err);
/* "AAAA...=" of the 32-byte key, NUL-terminated */
void keys_base64(const unsigned char *bytes, size_t n, char *out, size_t cap);

#endif
