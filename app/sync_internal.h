/* What app/sync.c (down: pull, publish) and app/sync_up.c (up: push, ingest) share;
 * nothing outside those two files includes this. */
#ifndef SHEKARA_APP_SYNC_INTERNAL_H
#define SHEKARA_APP_SYNC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "app/bundle.h"
#include "app/sync.h"
#include "app/transport.h"
#include "db/audit.h"

/* The manifest's name at every location; bundles are named by their content. */
#define SYNC_MANIFEST "manifest.shekara"

enum {
	/* a watchlist delta of a million-entry list is a few MB; refuse what is absurd */
	SYNC_MAX_CHANGESET = 512 << 20,
	SYNC_MAX_FILE = 256 << 20,
};

/* Refuses: the reason in out, an audit row of its own (the store is unchanged, so it
 * cannot share a transaction with anything); err is already filled. */
int sync_refuse(struct app *app, const struct session *s, const char *action, const char *object,
		enum sync_refusal why, struct sync_result *out, const struct error *err);
/* An audit row inside the caller's transaction (app_audit opens one of its own). */
int sync_audit_in(struct app *app, const struct session *s, const struct audit_event *ev,
		  struct error *err);
enum sync_refusal sync_refusal_of(enum bundle_refusal r);
/* A file next to the database: "<db>.<suffix>". */
int sync_beside_db(const struct app *app, const char *suffix, char *out, size_t len,
		   struct error *err);
/* The transport settings, with partial downloads kept in cache (which must outlive
 * the transport). */
void sync_transport_options(struct app *app, struct transport_opts *o, char *cache, size_t len);
/* The active keys of role as a ring for bundle_read; free() *keys. */
int sync_open_ring(struct app *app, const char *role, struct bundle_key **keys,
		   struct bundle_keyring *ring, struct error *err);
void sync_now_iso(char *buf, size_t len);
const struct manifest_item *sync_item_of(const struct manifest *m, int64_t seq);
/* This database's name in bundles. */
void sync_origin_of(const struct app *app, char out[64]);
/* The database's own key as a one-key ring entry. */
int sync_own_public(EVP_PKEY *key, const char key_id[17], struct bundle_key *out,
		    struct error *err);
/* Signs m (expiring in expires_days) and stores it as name at t. */
int sync_put_manifest_named(struct transport *t, const char *name, struct manifest *m,
			    EVP_PKEY *key, int expires_days, struct error *err);

#endif
