#include "app/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "app/bundle_internal.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static const char *realm_name(int training)
{
	return training ? "training" : "live";
}

int keys_realm_training(struct app *app)
{
	char realm[16];
	int rc = db_setting_get(app->db, "realm", realm, sizeof(realm), NULL);
	if (rc < 0)
		return -1;
	if (rc == 0 || strcmp(realm, "live") == 0)
		return 0;
	return strcmp(realm, "training") == 0 ? 1 : -1;
}

static int realm_of(struct app *app, struct error *err)
{
	int training = keys_realm_training(app);
	if (training < 0)
		return error_set(err, ERR_IO,
				 _("the database's setting 'realm' is neither 'live' nor "
				   "'training'; sync refuses to guess"));
	return training;
}

/* ---- base64 ---- */

void keys_base64(const unsigned char *bytes, size_t n, char *out, size_t cap)
{
	out[0] = '\0';
	if (cap >= 4 * ((n + 2) / 3) + 1)
		EVP_EncodeBlock((unsigned char *)out, bytes, (int)n);
}

/* Exactly the canonical base64 of n bytes (n <= 64). */
static int base64_exact(const char *s, unsigned char *out, size_t n)
{
	size_t want = 4 * ((n + 2) / 3);
	unsigned char tmp[96];
	char back[100];
	if (n > 64 || strlen(s) != want ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != want)
		return -1;
	int got = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)want);
	if (got < (int)n)
		return -1;
	memcpy(out, tmp, n);
	keys_base64(out, n, back, sizeof(back));
	return strcmp(back, s) == 0 ? 0 : -1;
}

/* ---- the key file ---- */

enum { K_NAME, K_KEY_ID, K_REALM, K_PUBLIC, K_VOUCHED_BY, K_N };

static const char *const file_keys[K_N] = { "name", "key-id", "realm", "public", "vouched-by" };

static int file_fields(struct bundle_text *r, const struct bundle_field *f, struct keys_file *out)
{
	if (!bundle_origin_valid(f[K_NAME].value))
		return bundle_text_bad(r, &f[K_NAME], "name");
	bundle_copy(out->name, sizeof(out->name), f[K_NAME].value);
	if (!bundle_hex_valid(f[K_KEY_ID].value, 16))
		return bundle_text_bad(r, &f[K_KEY_ID], "key-id");
	if (!bundle_realm_valid(f[K_REALM].value))
		return bundle_text_bad(r, &f[K_REALM], "realm");
	bundle_copy(out->realm, sizeof(out->realm), f[K_REALM].value);
	if (base64_exact(f[K_PUBLIC].value, out->pub, BUNDLE_PUB_LEN) < 0)
		return bundle_text_bad(r, &f[K_PUBLIC], "public");
	bundle_key_id(out->pub, out->key_id);
	if (strcmp(out->key_id, f[K_KEY_ID].value) != 0)
		return bundle_text_syntax(r, _("line %d: key-id is not the id of its public key"),
					  f[K_KEY_ID].line);
	if (f[K_VOUCHED_BY].line && !bundle_hex_valid(f[K_VOUCHED_BY].value, 16))
		return bundle_text_bad(r, &f[K_VOUCHED_BY], "vouched-by");
	bundle_copy(out->vouched_by, sizeof(out->vouched_by), f[K_VOUCHED_BY].value);
	return 0;
}

/* "vouch: ..." and the empty line after it */
static int file_vouch(struct bundle_text *r, struct keys_file *out)
{
	const char *s;
	size_t n;
	struct bundle_kv kv;
	out->signed_len = r->pos;
	int rc = bundle_text_line(r, BUNDLE_HEADER_MAX, &s, &n);
	if (rc == 0)
		return bundle_text_truncated(r);
	if (rc < 0 || bundle_text_split(s, n, &kv) < 0 ||
	    base64_exact(kv.value, out->vouch, BUNDLE_SIG_LEN) < 0)
		return bundle_text_syntax(r, _("line %d: bad value for '%s'"), r->line, "vouch");
	rc = bundle_text_line(r, BUNDLE_HEADER_MAX, &s, &n);
	if (rc == 0)
		return bundle_text_truncated(r);
	if (rc < 0 || n != 0)
		return bundle_text_syntax(r, _("line %d: the vouch must be the last line"),
					  r->line);
	out->vouched = 1;
	return 0;
}

int keys_file_parse(const char *buf, size_t len, struct keys_file *out, struct error *err)
{
	struct error local;
	err = err ? err : &local;
	memset(out, 0, sizeof(*out));
	enum bundle_refusal refusal = BUNDLE_OK;
	struct bundle_text r = { .buf = (const unsigned char *)buf,
				 .len = len,
				 .kind = BUNDLE_TEXT_KEY,
				 .refusal = &refusal,
				 .err = err };
	struct bundle_field f[K_N];
	memset(f, 0, sizeof(f));
	int rc = bundle_text_magic(&r, "SHEKARA-KEY");
	if (rc == 0)
		rc = bundle_text_fields(&r, file_keys, K_N, f, "vouch");
	if (rc < 0 || bundle_text_missing(&r, file_keys, f, K_PUBLIC + 1) < 0 ||
	    file_fields(&r, f, out) < 0)
		return -ERR_USAGE;
	if (rc == 2 && !f[K_VOUCHED_BY].line)
		return bundle_text_syntax(&r, _("key '%s' is missing"), "vouched-by");
	if (rc == 1 && f[K_VOUCHED_BY].line)
		return bundle_text_syntax(&r, _("key '%s' is missing"), "vouch");
	if (rc == 2 && file_vouch(&r, out) < 0)
		return -ERR_USAGE;
	if (r.pos != len)
		return bundle_text_syntax(&r, _("%zu bytes follow its end"), len - r.pos);
	return 0;
}

/* The file's text up to the vouch (or its end when not vouched). */
static void file_text(const struct keys_file *f, struct bundle_out *t)
{
	char b64[64];
	keys_base64(f->pub, BUNDLE_PUB_LEN, b64, sizeof(b64));
	bundle_put(t, "SHEKARA-KEY %d\nname: %s\nkey-id: %s\nrealm: %s\npublic: %s\n",
		   BUNDLE_FORMAT, f->name, f->key_id, f->realm, b64);
	if (f->vouched)
		bundle_put(t, "vouched-by: %s\n", f->vouched_by);
}

static int read_key_file(const char *path, char *buf, size_t cap, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	*len = fread(buf, 1, cap, f);
	int failed = ferror(f);
	fclose(f);
	if (failed)
		return error_set(err, ERR_IO, _("cannot read '%s'"), path);
	if (*len == cap)
		return error_set(err, ERR_USAGE, _("'%s' is too large for a key file"), path);
	return 0;
}

static int write_text(const char *path, const char *text, size_t len, struct error *err)
{
	int out = strcmp(path, "-") == 0;
	FILE *f = out ? stdout : fopen(path, "w");
	if (!f)
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), path, strerror(errno));
	int ok = fwrite(text, 1, len, f) == len;
	if (out ? fflush(f) != 0 : fclose(f) != 0)
		ok = 0;
	return ok ? 0 : error_set(err, ERR_IO, _("cannot write '%s'"), path);
}

/* ---- own key ---- */

int keys_own_row(struct app *app, struct key_row *out, struct error *err)
{
	int found = keys_store_active(app->db, "workstation", NULL, out, err);
	return found < 0 ? -ERR_IO : found;
}

int keys_own(struct app *app, EVP_PKEY **out, char key_id[17], struct error *err)
{
	*out = NULL;
	struct key_row row;
	int training = realm_of(app, err);
	int found = training < 0 ? training : keys_own_row(app, &row, err);
	if (found < 0)
		return found;
	if (!found)
		return error_set(err, ERR_USAGE,
				 _("this database has no signing key yet; an administrator creates "
				   "it with 'shekara keys --as NAME'"));
	if (row.training != training)
		return error_set(err, ERR_USAGE,
				 _("signing key '%s' belongs to the %s realm but this database is "
				   "%s; revoke it and create a new one"),
				 row.key_id, realm_name(row.training), realm_name(training));
	unsigned char priv[KEYS_PRIV_LEN], pub[BUNDLE_PUB_LEN];
	found = keys_store_private(app->db, row.key_id, priv, err);
	if (found < 0)
		return -ERR_IO;
	EVP_PKEY *key =
		found ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, KEYS_PRIV_LEN)
		      : NULL;
	OPENSSL_cleanse(priv, sizeof(priv));
	if (!key || bundle_public_of(key, pub) < 0 || memcmp(pub, row.pub, BUNDLE_PUB_LEN) != 0) {
		EVP_PKEY_free(key);
		ERR_clear_error();
		return error_set(err, ERR_IO,
				 _("the private half of signing key '%s' is missing or does not "
				   "match it; revoke the key and create a new one"),
				 row.key_id);
	}
	*out = key;
	if (key_id)
		memcpy(key_id, row.key_id, 17);
	return 0;
}

static int audit_key(struct app *app, const struct session *s, const char *action,
		     const char *key_id, const char *detail, struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	struct audit_event ev = { .action = action,
				  .object_type = "sync_key",
				  .object_id = key_id,
				  .outcome = "ok",
				  .detail = detail };
	return audit_append(app->db, &who, &ev, err) < 0 ? -ERR_IO : 0;
}

/* A new Ed25519 pair; 1 when another process made one meanwhile. */
static int create_own(struct app *app, const struct session *s, struct error *err)
{
	int training = realm_of(app, err);
	if (training < 0)
		return training;
	struct key_row row = { .training = training };
	unsigned char priv[KEYS_PRIV_LEN];
	size_t pn = sizeof(priv);
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	int ok = pc && EVP_PKEY_keygen_init(pc) == 1 && EVP_PKEY_keygen(pc, &key) == 1 &&
		 EVP_PKEY_get_raw_private_key(key, priv, &pn) == 1 && pn == sizeof(priv) &&
		 bundle_public_of(key, row.pub) == 0;
	EVP_PKEY_free(key);
	EVP_PKEY_CTX_free(pc);
	ERR_clear_error();
	if (!ok) {
		OPENSSL_cleanse(priv, sizeof(priv));
		return error_set(err, ERR_IO, _("cannot make an Ed25519 key"));
	}
	snprintf(row.role, sizeof(row.role), "workstation");
	bundle_origin_of(app->workstation, row.name);
	bundle_key_id(row.pub, row.key_id);
	clock_utc_iso(row.added_at, sizeof(row.added_at));
	snprintf(row.added_by, sizeof(row.added_by), "%s", s->username);
	char b64[64], detail[256];
	keys_base64(row.pub, BUNDLE_PUB_LEN, b64, sizeof(b64));
	snprintf(detail, sizeof(detail), "own signing key of %s; realm %s; public %s", row.name,
		 realm_name(training), b64);
	struct key_row other;
	int rc = db_begin(app->db, err) < 0 ? -ERR_IO : 0;
	int found = rc < 0 ? rc : keys_own_row(app, &other, err);
	if (found == 0)
		rc = keys_store_add(app->db, &row, priv, err);
	OPENSSL_cleanse(priv, sizeof(priv));
	if (found == 0 && rc == 0)
		rc = audit_key(app, s, "keys.create", row.key_id, detail, err);
	if (found != 0 || rc < 0) {
		db_rollback(app->db);
		return found > 0 ? 1 : found < 0 ? found : rc;
	}
	return db_commit(app->db, err) < 0 ? -ERR_IO : 0;
}

int keys_own_create(struct app *app, const struct session *s, EVP_PKEY **out, char key_id[17],
		    int *created, struct error *err)
{
	if (created)
		*created = 0;
	struct key_row row;
	int found = keys_own_row(app, &row, err);
	if (found < 0)
		return found;
	if (!found) {
		if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
			return -ERR_DENIED;
		int rc = create_own(app, s, err);
		if (rc < 0)
			return rc;
		if (created)
			*created = rc == 0;
	}
	if (out)
		return keys_own(app, out, key_id, err);
	found = keys_own_row(app, &row, err);
	if (found < 0)
		return found;
	if (key_id)
		memcpy(key_id, row.key_id, 17);
	return 0;
}

int keys_export_public(struct app *app, const char *path, struct error *err)
{
	struct key_row row;
	int found = keys_own_row(app, &row, err);
	if (found < 0)
		return found;
	if (!found)
		return error_set(err, ERR_USAGE,
				 _("this database has no signing key yet; an administrator creates "
				   "it with 'shekara keys --as NAME'"));
	struct keys_file f = { 0 };
	snprintf(f.name, sizeof(f.name), "%s", row.name);
	memcpy(f.key_id, row.key_id, 17);
	snprintf(f.realm, sizeof(f.realm), "%s", realm_name(row.training));
	memcpy(f.pub, row.pub, BUNDLE_PUB_LEN);
	char text[BUNDLE_HEADER_MAX];
	struct bundle_out t = { text, sizeof(text), 0, 0 };
	file_text(&f, &t);
	bundle_put(&t, "\n");
	return write_text(path, text, t.len, err);
}

/* ---- keys from files ---- */

static int refused(struct app *app, const struct session *s, const char *action, const char *object,
		   const char *why, struct error *err)
{
	app_audit_refusal(app, s, action, "file", base_name(object), "refused", why);
	return -(int)err->code;
}

/* Reads and checks a key file, its realm against the database's. buf holds
 * BUNDLE_HEADER_MAX + 1 bytes. */
static int load_file(struct app *app, const struct session *s, const char *action, const char *path,
		     char *buf, struct keys_file *kf, struct error *err)
{
	size_t len = 0;
	if (read_key_file(path, buf, BUNDLE_HEADER_MAX + 1, &len, err) < 0)
		return -(int)err->code;
	if (keys_file_parse(buf, len, kf, err) < 0)
		return refused(app, s, action, path, "malformed key file", err);
	int training = realm_of(app, err);
	if (training < 0)
		return training;
	if (strcmp(kf->realm, realm_name(training)) == 0)
		return 0;
	error_set(err, ERR_FINDING,
		  training ? _("'%s' holds a key of the live realm; this training database only "
			       "takes training keys")
			   : _("'%s' holds a key of the training realm; this live database never "
			       "takes training keys"),
		  path);
	return refused(app, s, action, path, "key of the other realm", err);
}

static void row_of(const struct keys_file *kf, const char *role, const struct session *s,
		   struct key_row *row)
{
	memset(row, 0, sizeof(*row));
	snprintf(row->role, sizeof(row->role), "%s", role);
	snprintf(row->name, sizeof(row->name), "%s", kf->name);
	memcpy(row->key_id, kf->key_id, 17);
	memcpy(row->pub, kf->pub, BUNDLE_PUB_LEN);
	row->training = strcmp(kf->realm, "training") == 0;
	clock_utc_iso(row->added_at, sizeof(row->added_at));
	snprintf(row->added_by, sizeof(row->added_by), "%s", s->username);
}

/* Inside the transaction: whether the file's key is known already. 1 when it is active in
 * role (nothing to do), 0 when unknown, negative (and rolled back) otherwise. */
static int known_key(struct app *app, const struct session *s, const char *action, const char *path,
		     const struct keys_file *kf, const char *role, struct key_row *out,
		     struct error *err)
{
	struct key_row k;
	int found = keys_store_get(app->db, kf->key_id, &k, err);
	if (found == 0)
		return 0;
	db_rollback(app->db);
	if (found < 0)
		return -ERR_IO;
	if (strcmp(k.role, role) == 0 && strcmp(k.status, "active") == 0) {
		if (out)
			*out = k;
		return 1;
	}
	error_set(err, ERR_USAGE,
		  _("key '%s' in '%s' is known here already (role %s, %s) and cannot be "
		    "added again"),
		  kf->key_id, path, k.role, k.status);
	return refused(app, s, action, path, "key already known", err);
}

/* Adds row and its audit row, then commits (rolls back on failure). */
static int add_and_commit(struct app *app, const struct session *s, const char *action,
			  struct key_row *row, const char *detail, struct key_row *out,
			  struct error *err)
{
	if (keys_store_add(app->db, row, NULL, err) < 0 ||
	    audit_key(app, s, action, row->key_id, detail, err) < 0) {
		db_rollback(app->db);
		return -(int)err->code;
	}
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	if (out)
		*out = *row;
	return 0;
}

/* An administrator's key file, read and parsed: 0, or what to return. */
static int admin_load(struct app *app, const struct session *s, const char *action,
		      const char *path, char *buf, struct keys_file *kf, struct error *err)
{
	if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
		return -ERR_DENIED;
	return load_file(app, s, action, path, buf, kf, err);
}

/* Stores kf's key in role, inside the transaction already open, with the audit row
 * "<what>; realm R; from FILE; public B64<tail>", and commits. */
static int store_key(struct app *app, const struct session *s, const char *action, const char *path,
		     const struct keys_file *kf, const char *role, const char *what,
		     const char *tail, struct key_row *out, struct error *err)
{
	struct key_row row;
	row_of(kf, role, s, &row);
	char b64[64], detail[512];
	keys_base64(kf->pub, BUNDLE_PUB_LEN, b64, sizeof(b64));
	snprintf(detail, sizeof(detail), "%s; realm %s; from %s; public %s%s", what, kf->realm,
		 base_name(path), b64, tail);
	return add_and_commit(app, s, action, &row, detail, out, err);
}

int keys_install_authority(struct app *app, const struct session *s, const char *path,
			   struct key_row *out, struct error *err)
{
	const char *action = "keys.install";
	char buf[BUNDLE_HEADER_MAX + 1];
	struct keys_file kf;
	int rc;
	if ((rc = admin_load(app, s, action, path, buf, &kf, err)) < 0)
		return rc;
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if ((rc = known_key(app, s, action, path, &kf, "authority", out, err)) != 0)
		return rc;
	struct key_row cur;
	int found = keys_store_active(app->db, "authority", NULL, &cur, err);
	if (found != 0) {
		db_rollback(app->db);
		if (found < 0)
			return -ERR_IO;
		error_set(err, ERR_USAGE,
			  _("authority key '%s' (%s) is installed: a new one must come as a "
			    "rollover file it vouched for ('shekara keys replace-authority FILE'), "
			    "or revoke it first ('shekara keys revoke %s')"),
			  cur.key_id, cur.name, cur.key_id);
		return refused(app, s, action, path, "another authority key is active", err);
	}
	char what[128];
	snprintf(what, sizeof(what), "authority %s", kf.name);
	return store_key(app, s, action, path, &kf, "authority", what, "", out, err);
}

int keys_replace_authority(struct app *app, const struct session *s, const char *path,
			   struct key_row *out, struct error *err)
{
	const char *action = "keys.replace";
	char buf[BUNDLE_HEADER_MAX + 1];
	struct keys_file kf;
	int rc;
	if ((rc = admin_load(app, s, action, path, buf, &kf, err)) < 0)
		return rc;
	if (!kf.vouched) {
		error_set(err, ERR_FINDING,
			  _("'%s' is not a rollover file: a new authority key must be vouched for "
			    "by the current one ('shekara keys sign-rollover' on the authority's "
			    "database)"),
			  path);
		return refused(app, s, action, path, "not vouched for", err);
	}
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	struct key_row cur;
	int found = keys_store_active(app->db, "authority", NULL, &cur, err);
	const char *why = NULL;
	if (found < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	} else if (!found) {
		why = "no authority key installed";
		error_set(err, ERR_USAGE,
			  _("no authority key is installed yet: install the first one with "
			    "'shekara keys install-authority FILE'"));
	} else if (strcmp(kf.vouched_by, cur.key_id) != 0) {
		why = "vouched for by another key";
		error_set(err, ERR_FINDING,
			  _("'%s' is vouched for by key '%s', not by the active authority key "
			    "'%s'; nothing was changed"),
			  path, kf.vouched_by, cur.key_id);
	} else if (!bundle_verify(cur.pub, buf, kf.signed_len, kf.vouch)) {
		why = "vouch does not verify";
		error_set(err, ERR_FINDING,
			  _("the vouch in '%s' does not verify with authority key '%s': the file "
			    "was altered or forged; nothing was changed"),
			  path, cur.key_id);
	}
	if (why) {
		db_rollback(app->db);
		return refused(app, s, action, path, why, err);
	}
	if ((rc = known_key(app, s, action, path, &kf, "authority", out, err)) != 0)
		return rc;
	if (keys_store_retire(app->db, cur.key_id, "replaced", kf.key_id, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	char what[256];
	snprintf(what, sizeof(what), "authority %s replaces %s (%s), vouched for by it", kf.name,
		 cur.key_id, cur.name);
	return store_key(app, s, action, path, &kf, "authority", what, "", out, err);
}

int keys_add_peer(struct app *app, const struct session *s, const char *path, struct key_row *out,
		  struct error *err)
{
	const char *action = "keys.add_peer";
	char buf[BUNDLE_HEADER_MAX + 1];
	struct keys_file kf;
	int rc;
	if ((rc = admin_load(app, s, action, path, buf, &kf, err)) < 0)
		return rc;
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if ((rc = known_key(app, s, action, path, &kf, "peer", out, err)) != 0)
		return rc;
	struct key_row prev;
	int found = keys_store_active(app->db, "peer", kf.name, &prev, err);
	if (found < 0 ||
	    (found && keys_store_retire(app->db, prev.key_id, "replaced", kf.key_id, err) < 0)) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	char what[128], tail[40] = "";
	snprintf(what, sizeof(what), "peer %s", kf.name);
	if (found)
		snprintf(tail, sizeof(tail), "; replaces %s", prev.key_id);
	return store_key(app, s, action, path, &kf, "peer", what, tail, out, err);
}

int keys_revoke(struct app *app, const struct session *s, const char *key_id, struct error *err)
{
	if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
		return -ERR_DENIED;
	if (!bundle_hex_valid(key_id, 16))
		return error_set(err, ERR_USAGE,
				 _("'%s' is not a key id (16 hex digits, see 'shekara keys list')"),
				 key_id);
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	struct key_row k = { 0 };
	int found = keys_store_get(app->db, key_id, &k, err);
	int rc = found < 0 ? -ERR_IO : 0;
	if (found == 0)
		rc = error_set(err, ERR_USAGE, _("there is no key '%s'; see 'shekara keys list'"),
			       key_id);
	else if (found > 0 && strcmp(k.status, "active") != 0)
		rc = error_set(err, ERR_USAGE, _("key '%s' is %s already"), key_id, k.status);
	char detail[256];
	snprintf(detail, sizeof(detail), "%s key of %s%s", k.role, k.name,
		 k.has_private ? "; private half erased" : "");
	if (rc == 0 && (keys_store_retire(app->db, key_id, "revoked", NULL, err) < 0 ||
			audit_key(app, s, "keys.revoke", key_id, detail, err) < 0))
		rc = -ERR_IO;
	if (rc < 0) {
		db_rollback(app->db);
		return rc;
	}
	return db_commit(app->db, err) < 0 ? -ERR_IO : 0;
}

int keys_sign_rollover(struct app *app, const struct session *s, const char *new_path,
		       const char *out_path, struct error *err)
{
	const char *action = "keys.vouch";
	char buf[BUNDLE_HEADER_MAX + 1], own_id[17];
	struct keys_file kf;
	int rc;
	if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
		return -ERR_DENIED;
	EVP_PKEY *own = NULL;
	if ((rc = keys_own(app, &own, own_id, err)) < 0)
		return rc;
	if ((rc = load_file(app, s, action, new_path, buf, &kf, err)) < 0) {
		EVP_PKEY_free(own);
		return rc;
	}
	if (kf.vouched || strcmp(kf.key_id, own_id) == 0) {
		EVP_PKEY_free(own);
		error_set(err, ERR_USAGE,
			  kf.vouched
				  ? _("'%s' is a rollover file already; give the export of the "
				      "new key itself")
				  : _("'%s' holds this database's own key; a rollover vouches for "
				      "a new one"),
			  new_path);
		return refused(app, s, action, new_path, "not a new key", err);
	}
	kf.vouched = 1;
	memcpy(kf.vouched_by, own_id, 17);
	char text[BUNDLE_HEADER_MAX], vouch[100];
	struct bundle_out t = { text, sizeof(text), 0, 0 };
	file_text(&kf, &t);
	rc = t.overflow ? -1 : bundle_sign(own, text, t.len, kf.vouch);
	EVP_PKEY_free(own);
	if (rc < 0)
		return error_set(err, ERR_IO, _("cannot sign with key '%s'"), own_id);
	keys_base64(kf.vouch, BUNDLE_SIG_LEN, vouch, sizeof(vouch));
	bundle_put(&t, "vouch: %s\n\n", vouch);
	if (t.overflow || write_text(out_path, text, t.len, err) < 0)
		return err->code ? -(int)err->code : -ERR_IO;
	char detail[512];
	snprintf(detail, sizeof(detail), "vouched for %s (%s) with %s; written to %s", kf.key_id,
		 kf.name, own_id, base_name(out_path));
	struct audit_event ev = { .action = action,
				  .object_type = "sync_key",
				  .object_id = kf.key_id,
				  .outcome = "ok",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0) {
		if (strcmp(out_path, "-") != 0)
			unlink(out_path);
		return -ERR_IO;
	}
	return 0;
}

/* ---- lists ---- */

int keys_list(struct app *app, struct key_row **rows, size_t *n, struct error *err)
{
	return keys_store_list(app->db, NULL, 0, rows, n, err) < 0 ? -ERR_IO : 0;
}

int keys_ring(struct app *app, const char *role, struct bundle_key **keys, int *n,
	      struct error *err)
{
	*keys = NULL;
	*n = 0;
	struct key_row *rows;
	size_t count;
	if (keys_store_list(app->db, role, 1, &rows, &count, err) < 0)
		return -ERR_IO;
	struct bundle_key *ring = count ? calloc(count, sizeof(*ring)) : NULL;
	if (count && !ring) {
		free(rows);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	for (size_t i = 0; i < count; i++) {
		memcpy(ring[i].key_id, rows[i].key_id, 17);
		memcpy(ring[i].pub, rows[i].pub, BUNDLE_PUB_LEN);
		ring[i].training = rows[i].training;
		snprintf(ring[i].name, sizeof(ring[i].name), "%s", rows[i].name);
	}
	free(rows);
	*keys = ring;
	*n = (int)count;
	return 0;
}
