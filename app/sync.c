/* Sync orchestration (app/sync.h): keys, transports, bundles and changesets put
 * together, one transaction per bundle. */
#include "app/sync.h"
#include "app/sync_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/bundle.h"
#include "app/keys.h"
#include "app/pax.h"
#include "app/transport.h"
#include "app/watchlist.h"
#include "db/audit.h"
#include "db/changeset.h"
#include "db/syncstate.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

const char *sync_refusal_name(enum sync_refusal r)
{
	static const char *const names[] = {
		[SYNC_OK] = "ok",
		[SYNC_BAD_SIGNATURE] = "bad_signature",
		[SYNC_UNKNOWN_KEY] = "unknown_key",
		[SYNC_WRONG_REALM] = "wrong_realm",
		[SYNC_GAP] = "gap",
		[SYNC_REPLAY] = "replay",
		[SYNC_TRUNCATED] = "truncated",
		[SYNC_CORRUPT] = "corrupt",
		[SYNC_EXPIRED] = "expired",
		[SYNC_CONFLICT] = "conflict",
		[SYNC_TRANSPORT] = "transport",
	};
	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

/* Refuses: the reason in out, an audit row of its own (the store is unchanged, so it
 * cannot share a transaction with anything), err already filled by the caller. */
int sync_refuse(struct app *app, const struct session *s, const char *action, const char *object,
		enum sync_refusal why, struct sync_result *out, const struct error *err)
{
	out->refusal = why;
	char detail[600];
	snprintf(detail, sizeof(detail), "%s", err ? err->msg : "");
	app_audit_refusal(app, s, action, "bundle", object, sync_refusal_name(why), detail);
	return why == SYNC_TRANSPORT ? -ERR_IO : -ERR_FINDING;
}

/* An audit row inside the caller's transaction (app_audit opens one of its own). */
int sync_audit_in(struct app *app, const struct session *s, const struct audit_event *ev,
		  struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	return audit_append(app->db, &who, ev, err) < 0 ? -ERR_IO : 0;
}

enum sync_refusal sync_refusal_of(enum bundle_refusal r)
{
	switch (r) {
	case BUNDLE_OK:
		return SYNC_OK;
	case BUNDLE_SYNTAX:
	case BUNDLE_VERSION:
		return SYNC_CORRUPT;
	case BUNDLE_TRUNCATED:
		return SYNC_TRUNCATED;
	case BUNDLE_UNKNOWN_KEY:
		return SYNC_UNKNOWN_KEY;
	case BUNDLE_WRONG_REALM:
		return SYNC_WRONG_REALM;
	case BUNDLE_BAD_SIGNATURE:
		return SYNC_BAD_SIGNATURE;
	case BUNDLE_PAYLOAD_HASH:
	case BUNDLE_CORRUPT_PAYLOAD:
	case BUNDLE_TOO_LARGE:
		return SYNC_CORRUPT;
	}
	return SYNC_CORRUPT;
}

/* Partial downloads wait beside the database (in cache, which must outlive the
 * transport) between attempts and between runs, so a power cut mid-bundle costs only
 * what was not yet received. */
void sync_transport_options(struct app *app, struct transport_opts *o, char *cache, size_t len)
{
	transport_opts_defaults(o);
	o->max_size = SYNC_MAX_FILE;
	struct error err;
	if (sync_beside_db(app, "sync-cache", cache, len, &err) == 0 &&
	    (mkdir(cache, 0700) == 0 || errno == EEXIST))
		o->cache_dir = cache;
}

int sync_open_ring(struct app *app, const char *role, struct bundle_key **keys,
		   struct bundle_keyring *ring, struct error *err)
{
	int n = 0;
	if (keys_ring(app, role, keys, &n, err) < 0)
		return -ERR_IO;
	ring->keys = *keys;
	ring->n = n;
	ring->training = keys_realm_training(app);
	return 0;
}

void sync_now_iso(char *buf, size_t len)
{
	clock_utc_iso(buf, len);
}

/* --- down: pull ------------------------------------------------------------------------ */

const struct manifest_item *sync_item_of(const struct manifest *m, int64_t seq)
{
	for (int i = 0; i < m->n; i++)
		if (m->items[i].seq == seq)
			return &m->items[i];
	return NULL;
}

/* Applies one verified watchlist bundle: its changes, the derived keys of the entries
 * it touched, the new sequence and the audit row, all in one transaction. */
static int apply_bundle(struct app *app, const struct session *s, const struct bundle_header *h,
			const char *name, const unsigned char *cs, size_t cs_len, size_t file_len,
			struct sync_result *out, struct error *err)
{
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = changeset_watchlist_apply(app->db, cs, cs_len, &ids, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = watch_index_entry(app, ids[i], err);
	char now[32], detail[400];
	sync_now_iso(now, sizeof(now));
	if (rc == 0)
		rc = sync_state_set(app->db, "watchlist", h->origin, h->seq_to, now, err);
	if (rc == 0)
		rc = db_setting_set(app->db, "sync.last_ok", now, err);
	if (rc == 0) {
		snprintf(detail, sizeof(detail), "%s seq %lld-%lld from %s: %zu entries, %zu bytes",
			 name, (long long)h->seq_from, (long long)h->seq_to, h->origin, n,
			 file_len);
		struct audit_event ev = { .action = "sync.pull",
					  .object_type = "bundle",
					  .object_id = name,
					  .outcome = "ok",
					  .detail = detail };
		rc = sync_audit_in(app, s, &ev, err);
	}
	free(ids);
	if (rc < 0) {
		db_rollback(app->db);
		return rc;
	}
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	out->rows += (int64_t)n;
	/* newer lists: the manifests of coming vehicles are screened against them at once */
	struct error ignored;
	pax_rescreen(app, s, NULL, NULL, &ignored);
	return 0;
}

int sync_pull(struct app *app, const struct session *s, const char *location,
	      struct sync_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (s && session_require(app, s, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	struct bundle_key *keys = NULL;
	struct bundle_keyring ring;
	if (sync_open_ring(app, "authority", &keys, &ring, err) < 0)
		return -ERR_IO;
	int rc = 0;
	struct transport *t = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	struct manifest m = { 0 };
	if (ring.n == 0) {
		error_set(err, ERR_FINDING,
			  _("no authority key is installed: an administrator installs it with "
			    "'shekara keys install-authority FILE'"));
		rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, SYNC_UNKNOWN_KEY, out, err);
		goto done;
	}
	struct transport_opts o;
	char cache[4200];
	sync_transport_options(app, &o, cache, sizeof(cache));
	if (transport_open(location, &o, &t, err) < 0 ||
	    transport_get(t, SYNC_MANIFEST, &buf, &len, err) < 0) {
		rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, SYNC_TRANSPORT, out, err);
		goto done;
	}
	if (manifest_read((const char *)buf, len, &ring, &m, err) < 0) {
		rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, sync_refusal_of(m.refusal),
				 out, err);
		goto done;
	}
	out->bytes += len;
	time_t expires = 0;
	if (clock_parse_iso(m.expires, &expires) < 0 || expires < time(NULL)) {
		error_set(err, ERR_FINDING,
			  _("the manifest at '%s' expired on %s: the lists here stay as they are; "
			    "ask the authority to publish again"),
			  location, m.expires);
		rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, SYNC_EXPIRED, out, err);
		goto done;
	}
	int64_t current = 0;
	if (sync_state_get(app->db, "watchlist", m.origin, &current, err) < 0) {
		rc = -ERR_IO;
		goto done;
	}
	out->from_seq = out->to_seq = current;
	if (m.latest < current) {
		error_set(err, ERR_FINDING,
			  _("the manifest at '%s' offers list version %lld, older than the %lld "
			    "applied here: an old copy was offered again; nothing was changed"),
			  location, (long long)m.latest, (long long)current);
		rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, SYNC_REPLAY, out, err);
		goto done;
	}
	while (current < m.latest) {
		const struct manifest_item *it = sync_item_of(&m, current + 1);
		if (!it) {
			error_set(err, ERR_FINDING,
				  _("bundle %lld is missing from the manifest at '%s' (this "
				    "workstation has %lld): nothing after it can be applied"),
				  (long long)(current + 1), location, (long long)current);
			rc = sync_refuse(app, s, "sync.pull", SYNC_MANIFEST, SYNC_GAP, out, err);
			goto done;
		}
		free(buf);
		buf = NULL;
		if (transport_get(t, it->name, &buf, &len, err) < 0) {
			rc = sync_refuse(app, s, "sync.pull", it->name, SYNC_TRANSPORT, out, err);
			goto done;
		}
		char name[80];
		bundle_name(buf, len, name);
		if (len != it->size || strcmp(name, it->name) != 0) {
			error_set(
				err, ERR_FINDING,
				len < it->size
					? _("bundle '%s' is truncated: %zu of %llu bytes; nothing "
					    "was changed")
					: _("bundle '%s' is not the one the manifest lists (%zu "
					    "bytes, "
					    "%llu expected); nothing was changed"),
				it->name, len, (unsigned long long)it->size);
			rc = sync_refuse(app, s, "sync.pull", it->name,
					 len < it->size ? SYNC_TRUNCATED : SYNC_CORRUPT, out, err);
			goto done;
		}
		struct bundle_header h;
		unsigned char *cs = NULL;
		size_t cs_len = 0;
		if (bundle_read(buf, len, &ring, SYNC_MAX_CHANGESET, &h, &cs, &cs_len, err) < 0) {
			rc = sync_refuse(app, s, "sync.pull", it->name, sync_refusal_of(h.refusal),
					 out, err);
			goto done;
		}
		if (h.kind != BUNDLE_WATCHLIST || strcmp(h.origin, m.origin) != 0 ||
		    h.seq_from != current + 1 || h.base != current || h.seq_to < h.seq_from) {
			int replay = h.seq_to <= current;
			error_set(
				err, ERR_FINDING,
				replay ? _("bundle '%s' holds version %lld, already applied here: "
					   "refused")
				       : _("bundle '%s' (version %lld) does not follow version "
					   "%lld "
					   "applied here: refused"),
				it->name, (long long)h.seq_to, (long long)current);
			free(cs);
			rc = sync_refuse(app, s, "sync.pull", it->name,
					 replay ? SYNC_REPLAY : SYNC_GAP, out, err);
			goto done;
		}
		rc = apply_bundle(app, s, &h, it->name, cs, cs_len, len, out, err);
		free(cs);
		if (rc < 0) {
			rc = sync_refuse(app, s, "sync.pull", it->name,
					 rc == -ERR_FINDING ? SYNC_CONFLICT : SYNC_CORRUPT, out,
					 err);
			goto done;
		}
		current = h.seq_to;
		out->to_seq = current;
		out->bundles++;
		out->bytes += len;
	}
	if (out->bundles == 0) {
		/* up to date is a success too: the status bar's "last sync" says the link works */
		char now[32];
		sync_now_iso(now, sizeof(now));
		if (db_setting_set(app->db, "sync.last_ok", now, err) < 0)
			rc = -ERR_IO;
	}
done:
	manifest_free(&m);
	free(buf);
	free(keys);
	transport_close(&t);
	return rc;
}

/* --- names and places --------------------------------------------------------------------- */

/* This database's name in bundles: its workstation id made safe for a file name. */
void sync_origin_of(const struct app *app, char out[64])
{
	bundle_origin_of(app->workstation, out);
}

/* A file next to the database: "<db>.<suffix>". */
int sync_beside_db(const struct app *app, const char *suffix, char *out, size_t len,
		   struct error *err)
{
	int n = snprintf(out, len, "%s.%s", app->cfg.database, suffix);
	if (n < 0 || (size_t)n >= len)
		return error_set(err, ERR_USAGE, _("the database path is too long"));
	return 0;
}

/* The database's own key as a one-key ring: the authority reads back its own
 * manifest, a workstation its own outbox. */
int sync_own_public(EVP_PKEY *key, const char key_id[17], struct bundle_key *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (bundle_public_of(key, out->pub) < 0)
		return error_set(err, ERR_IO, "%s", _("cannot read this database's own key"));
	snprintf(out->key_id, sizeof(out->key_id), "%s", key_id);
	snprintf(out->name, sizeof(out->name), "%s", "own");
	return 0;
}

/* --- down: publish (the authority) --------------------------------------------------------- */

/* An earlier publish that wrote its bundle and manifest but stopped before the shadow
 * caught up: the shadow takes those bundles now, so their changes are not published a
 * second time under a new number. */
static int catch_up_shadow(struct transport *t, const struct manifest *m,
			   const struct bundle_keyring *ring, const char *shadow, int64_t *seq,
			   struct error *err)
{
	while (*seq < m->latest) {
		const struct manifest_item *it = sync_item_of(m, *seq + 1);
		unsigned char *buf = NULL, *cs = NULL;
		size_t len = 0, cs_len = 0;
		struct bundle_header h;
		if (!it)
			return error_set(err, ERR_FINDING,
					 _("the published manifest lacks bundle %lld: publish into "
					   "an empty directory to start a new series"),
					 (long long)(*seq + 1));
		int rc = transport_get(t, it->name, &buf, &len, err);
		if (rc == 0)
			rc = bundle_read(buf, len, ring, SYNC_MAX_CHANGESET, &h, &cs, &cs_len, err);
		if (rc == 0)
			rc = changeset_shadow_apply(shadow, cs, cs_len, err);
		free(buf);
		free(cs);
		if (rc < 0)
			return rc;
		*seq = h.seq_to;
	}
	return 0;
}

int sync_put_manifest_named(struct transport *t, const char *name, struct manifest *m,
			    EVP_PKEY *key, int expires_days, struct error *err)
{
	time_t exp = time(NULL) + (time_t)expires_days * 86400;
	struct tm tm;
	gmtime_r(&exp, &tm);
	strftime(m->expires, sizeof(m->expires), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sync_now_iso(m->created, sizeof(m->created));
	char *text = NULL;
	size_t len = 0;
	int rc = manifest_write(m, key, &text, &len, err);
	if (rc == 0)
		rc = transport_put(t, name, (const unsigned char *)text, len, err);
	free(text);
	return rc;
}

static int put_manifest(struct transport *t, struct manifest *m, EVP_PKEY *key, int expires_days,
			struct error *err)
{
	return sync_put_manifest_named(t, SYNC_MANIFEST, m, key, expires_days, err);
}

int sync_publish(struct app *app, const struct session *s, const char *location, int expires_days,
		 struct sync_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	EVP_PKEY *key = NULL;
	char key_id[17], shadow[4200], origin[64];
	struct bundle_key own;
	if (keys_own(app, &key, key_id, err) < 0)
		return err->code == ERR_OK ? -ERR_IO : -(int)err->code;
	if (sync_own_public(key, key_id, &own, err) < 0 ||
	    sync_beside_db(app, "published", shadow, sizeof(shadow), err) < 0) {
		EVP_PKEY_free(key);
		return -ERR_IO;
	}
	sync_origin_of(app, origin);
	own.training = keys_realm_training(app);
	struct bundle_keyring ring = { &own, 1, own.training };
	struct transport_opts o;
	char cache[4200];
	sync_transport_options(app, &o, cache, sizeof(cache));
	struct transport *t = NULL;
	struct manifest m = { 0 };
	unsigned char *buf = NULL, *cs = NULL, *bundle = NULL;
	size_t len = 0, cs_len = 0, bundle_len = 0;
	int64_t seq = 0, changes = 0;
	int fresh = 0;
	int rc = transport_open(location, &o, &t, err);
	if (rc == 0)
		rc = sync_state_get(app->db, "publish", origin, &seq, err) < 0 ? -ERR_IO : 0;
	if (rc == 0 && transport_get(t, SYNC_MANIFEST, &buf, &len, err) == 0) {
		rc = manifest_read((const char *)buf, len, &ring, &m, err);
		if (rc == 0 && strcmp(m.origin, origin) == 0)
			rc = catch_up_shadow(t, &m, &ring, shadow, &seq, err);
	} else if (rc == 0 && transport_not_found(t)) {
		/* a new place: the series goes on here */
		fresh = 1;
		snprintf(m.origin, sizeof(m.origin), "%s", origin);
		error_clear(err);
	} else if (rc == 0) {
		rc = -ERR_IO;
	}
	snprintf(m.origin, sizeof(m.origin), "%s", origin);
	snprintf(m.realm, sizeof(m.realm), "%s", keys_realm_training(app) ? "training" : "live");
	snprintf(m.key_id, sizeof(m.key_id), "%s", key_id);
	if (rc == 0)
		rc = changeset_watchlist_diff(app->db, shadow, &cs, &cs_len, &changes, err);
	if (rc == 0 && cs_len > 0) {
		struct bundle_header h = { .format = 1, .kind = BUNDLE_WATCHLIST };
		snprintf(h.origin, sizeof(h.origin), "%s", origin);
		snprintf(h.realm, sizeof(h.realm), "%s", m.realm);
		h.seq_from = h.seq_to = seq + 1;
		h.base = seq;
		sync_now_iso(h.created, sizeof(h.created));
		rc = bundle_write(&h, cs, cs_len, key, &bundle, &bundle_len, err);
		char name[80];
		if (rc == 0) {
			bundle_name(bundle, bundle_len, name);
			rc = transport_put(t, name, bundle, bundle_len, err);
		}
		if (rc == 0) {
			struct manifest_item *grown =
				realloc(m.items, (size_t)(m.n + 1) * sizeof(*m.items));
			if (!grown) {
				rc = error_set(err, ERR_IO, _("out of memory"));
			} else {
				m.items = grown;
				struct manifest_item *it = &m.items[m.n++];
				memset(it, 0, sizeof(*it));
				it->seq = seq + 1;
				snprintf(it->name, sizeof(it->name), "%s", name);
				it->size = bundle_len;
				m.latest = seq + 1;
			}
		}
		/* the manifest is written before the shadow moves: a stop between the two is
		 * repaired by catch_up_shadow on the next publish */
		if (rc == 0)
			rc = put_manifest(t, &m, key, expires_days, err);
		if (rc == 0)
			rc = changeset_shadow_apply(shadow, cs, cs_len, err);
		if (rc == 0) {
			seq++;
			out->bundles = 1;
			out->bytes = bundle_len;
		}
	} else if (rc == 0 && fresh && seq > 0) {
		rc = error_set(err, ERR_USAGE,
			       _("'%s' holds no earlier bundles and nothing changed since version "
				 "%lld: copy the published files there first"),
			       location, (long long)seq);
	} else if (rc == 0) {
		m.latest = seq;
		rc = put_manifest(t, &m, key, expires_days, err);
	}
	out->from_seq = out->to_seq = seq;
	out->rows = changes;
	if (rc == 0) {
		char now[32], detail[300];
		sync_now_iso(now, sizeof(now));
		snprintf(detail, sizeof(detail), "%s: version %lld, %lld rows changed, %zu bytes",
			 location, (long long)seq, (long long)changes, bundle_len);
		struct audit_event ev = { .action = "sync.publish",
					  .object_type = "watchlists",
					  .object_id = origin,
					  .outcome = "ok",
					  .detail = detail };
		if (db_begin(app->db, err) < 0) {
			rc = -ERR_IO;
		} else if (sync_state_set(app->db, "publish", origin, seq, now, err) < 0 ||
			   sync_audit_in(app, s, &ev, err) < 0) {
			db_rollback(app->db);
			rc = -ERR_IO;
		} else {
			rc = db_commit(app->db, err) < 0 ? -ERR_IO : 0;
		}
	}
	manifest_free(&m);
	free(buf);
	free(cs);
	free(bundle);
	transport_close(&t);
	EVP_PKEY_free(key);
	return rc;
}
