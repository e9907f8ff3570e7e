/* Manifests (app/bundle.h): an origin's list of bundles, signed like a bundle. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/bundle.h"
#include "app/bundle_internal.h"
#include "i18n/i18n.h"

enum { M_ORIGIN, M_REALM, M_LATEST, M_CREATED, M_EXPIRES, M_KEY_ID, M_COUNT, M_N };

static const char *const manifest_keys[M_N] = {
	"origin", "realm", "latest", "created", "expires", "key-id", "count",
};

void manifest_free(struct manifest *m)
{
	free(m->items);
	m->items = NULL;
	m->n = 0;
}

static int manifest_fields(struct bundle_text *r, struct manifest *m, int64_t *count)
{
	struct bundle_field f[M_N];
	memset(f, 0, sizeof(f));
	int rc = bundle_text_magic(r, "SHEKARA-MANIFEST");
	if (rc == 0)
		rc = bundle_text_fields(r, manifest_keys, M_N, f, "bundle");
	if (rc < 0 || bundle_text_missing(r, manifest_keys, f, M_N) < 0)
		return -(int)r->err->code;
	if (!bundle_origin_valid(f[M_ORIGIN].value))
		return bundle_text_bad(r, &f[M_ORIGIN], "origin");
	bundle_copy(m->origin, sizeof(m->origin), f[M_ORIGIN].value);
	if (!bundle_realm_valid(f[M_REALM].value))
		return bundle_text_bad(r, &f[M_REALM], "realm");
	bundle_copy(m->realm, sizeof(m->realm), f[M_REALM].value);
	if (bundle_number(f[M_LATEST].value, 0, BUNDLE_MAX_NUMBER, &m->latest) < 0)
		return bundle_text_bad(r, &f[M_LATEST], "latest");
	time_t created, expires;
	if (!bundle_iso_valid(f[M_CREATED].value, &created))
		return bundle_text_bad(r, &f[M_CREATED], "created");
	bundle_copy(m->created, sizeof(m->created), f[M_CREATED].value);
	if (!bundle_iso_valid(f[M_EXPIRES].value, &expires) || expires < created)
		return bundle_text_bad(r, &f[M_EXPIRES], "expires");
	bundle_copy(m->expires, sizeof(m->expires), f[M_EXPIRES].value);
	if (!bundle_hex_valid(f[M_KEY_ID].value, 16))
		return bundle_text_bad(r, &f[M_KEY_ID], "key-id");
	memcpy(m->key_id, f[M_KEY_ID].value, 17);
	if (bundle_number(f[M_COUNT].value, 0, MANIFEST_MAX_ITEMS, count) < 0)
		return bundle_text_bad(r, &f[M_COUNT], "count");
	return rc; /* 1: the empty line came, 2: bundle lines follow */
}

/* "SEQ NAME SIZE" */
static int manifest_item(const char *v, struct manifest_item *it)
{
	const char *sp1 = strchr(v, ' ');
	const char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || sp1 - v > 18 || sp2 - sp1 - 1 != BUNDLE_NAME_LEN)
		return -1;
	char seq[20], size[128];
	memcpy(seq, v, (size_t)(sp1 - v));
	seq[sp1 - v] = '\0';
	memcpy(it->name, sp1 + 1, BUNDLE_NAME_LEN);
	it->name[BUNDLE_NAME_LEN] = '\0';
	snprintf(size, sizeof(size), "%s", sp2 + 1);
	int64_t s;
	if (bundle_number(seq, 1, BUNDLE_MAX_NUMBER, &it->seq) < 0 ||
	    !bundle_name_valid(it->name) || bundle_number(size, 1, BUNDLE_MAX_FILE, &s) < 0)
		return -1;
	it->size = (uint64_t)s;
	return 0;
}

static int manifest_items(struct bundle_text *r, struct manifest *m, int64_t count)
{
	size_t limit = MANIFEST_MAX_LEN - BUNDLE_SIG_LEN;
	int cap = 0;
	for (;;) {
		const char *s;
		size_t n;
		int rc = bundle_text_line(r, limit, &s, &n);
		if (rc == 0)
			return bundle_text_truncated(r);
		if (rc < 0)
			return bundle_text_syntax(r, _("it is longer than %d bytes"),
						  MANIFEST_MAX_LEN);
		if (n == 0)
			break;
		struct bundle_kv kv;
		if (bundle_text_split(s, n, &kv) < 0)
			return bundle_text_syntax(r, _("line %d is not 'key: value'"), r->line);
		if (strcmp(kv.key, "bundle") != 0)
			return bundle_text_syntax(
				r,
				bundle_text_lookup(manifest_keys, M_N, kv.key) >= 0
					? _("line %d: key '%s' must come before the bundle "
					    "lines")
					: _("line %d: unknown key '%s'"),
				r->line, kv.key);
		if (m->n >= count)
			return bundle_text_syntax(r,
						  _("line %d: more bundle lines than count (%lld)"),
						  r->line, (long long)count);
		if (m->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct manifest_item *grown =
				realloc(m->items, (size_t)cap * sizeof(*grown));
			if (!grown)
				return error_set(r->err, ERR_IO, _("out of memory"));
			m->items = grown;
		}
		struct manifest_item *it = &m->items[m->n];
		if (manifest_item(kv.value, it) < 0)
			return bundle_text_syntax(
				r, _("line %d: a bundle line is 'bundle: SEQ NAME SIZE'"), r->line);
		if (it->seq > m->latest || (m->n > 0 && it->seq <= m->items[m->n - 1].seq))
			return bundle_text_syntax(
				r,
				_("line %d: bundle sequence numbers must increase up to "
				  "latest (%lld)"),
				r->line, (long long)m->latest);
		m->n++;
	}
	if (m->n != count)
		return bundle_text_syntax(r, _("%d bundle lines where count says %lld"), m->n,
					  (long long)count);
	if (m->n ? m->items[m->n - 1].seq != m->latest : m->latest != 0)
		return bundle_text_syntax(
			r, _("latest (%lld) is not the last bundle's sequence number"),
			(long long)m->latest);
	return 0;
}

int manifest_read(const char *buf, size_t len, const struct bundle_keyring *ring,
		  struct manifest *out, struct error *err)
{
	struct error local;
	err = err ? err : &local;
	memset(out, 0, sizeof(*out));
	struct bundle_text r = { .buf = (const unsigned char *)buf,
				 .len = len,
				 .kind = BUNDLE_TEXT_MANIFEST,
				 .refusal = &out->refusal,
				 .err = err };
	int64_t count = 0;
	int rc = manifest_fields(&r, out, &count);
	if (rc == 2) {
		rc = manifest_items(&r, out, count);
	} else if (rc == 1) {
		rc = 0;
		if (count != 0)
			rc = bundle_text_syntax(&r, _("%d bundle lines where count says %lld"), 0,
						(long long)count);
		else if (out->latest != 0)
			rc = bundle_text_syntax(
				&r, _("latest (%lld) is not the last bundle's sequence number"),
				(long long)out->latest);
	}
	const struct bundle_key *key;
	if (rc == 0 && (bundle_text_length(&r, r.pos) < 0 ||
			bundle_text_key(&r, ring, out->key_id, out->realm, &key) < 0 ||
			bundle_text_signature(&r, key, r.pos, out->key_id) < 0))
		rc = -(int)err->code;
	if (rc < 0) {
		manifest_free(out);
		return rc;
	}
	return 0;
}

int manifest_write(const struct manifest *m, EVP_PKEY *key, char **out, size_t *out_len,
		   struct error *err)
{
	*out = NULL;
	*out_len = 0;
	char created[32];
	snprintf(created, sizeof(created), "%s", m->created);
	if (!created[0])
		bundle_now_iso(created);
	time_t tc, te;
	if (!bundle_origin_valid(m->origin) || !bundle_realm_valid(m->realm) || m->latest < 0 ||
	    m->latest > BUNDLE_MAX_NUMBER || m->n < 0 || m->n > MANIFEST_MAX_ITEMS ||
	    (m->n && !m->items) || !bundle_iso_valid(created, &tc) ||
	    !bundle_iso_valid(m->expires, &te) || te < tc)
		return error_set(err, ERR_USAGE,
				 _("a manifest needs a valid origin, realm, latest, count, and "
				   "expires not before created"));
	for (int i = 0; i < m->n; i++) {
		const struct manifest_item *it = &m->items[i];
		if (it->seq < 1 || it->seq > m->latest || (i && it->seq <= m->items[i - 1].seq) ||
		    !bundle_name_valid(it->name) || it->size < 1 || it->size > BUNDLE_MAX_FILE)
			return error_set(err, ERR_USAGE,
					 _("manifest entry %d is not a bundle with a rising "
					   "sequence number, a bundle name and a size"),
					 i + 1);
	}
	if (m->n ? m->items[m->n - 1].seq != m->latest : m->latest != 0)
		return error_set(err, ERR_USAGE,
				 _("a manifest's latest is its last bundle's sequence number"));
	unsigned char pub[BUNDLE_PUB_LEN];
	if (bundle_public_of(key, pub) < 0)
		return error_set(err, ERR_USAGE, _("a manifest is signed with an Ed25519 key"));
	char key_id[17];
	bundle_key_id(pub, key_id);
	struct bundle_out t = { 0 };
	t.cap = BUNDLE_HEADER_MAX + (size_t)m->n * 128 + BUNDLE_SIG_LEN + 1;
	t.buf = malloc(t.cap);
	if (!t.buf)
		return error_set(err, ERR_IO, _("out of memory"));
	bundle_put(&t, "SHEKARA-MANIFEST %d\norigin: %s\nrealm: %s\nlatest: %lld\n", BUNDLE_FORMAT,
		   m->origin, m->realm, (long long)m->latest);
	bundle_put(&t, "created: %s\nexpires: %s\nkey-id: %s\ncount: %d\n", created, m->expires,
		   key_id, m->n);
	for (int i = 0; i < m->n; i++)
		bundle_put(&t, "bundle: %lld %s %llu\n", (long long)m->items[i].seq,
			   m->items[i].name, (unsigned long long)m->items[i].size);
	bundle_put(&t, "\n");
	if (t.overflow || t.len + BUNDLE_SIG_LEN >= t.cap ||
	    bundle_sign(key, t.buf, t.len, (unsigned char *)t.buf + t.len) < 0) {
		free(t.buf);
		return error_set(err, ERR_IO, _("cannot sign the manifest with key '%s'"), key_id);
	}
	t.buf[t.len + BUNDLE_SIG_LEN] = '\0';
	*out = t.buf;
	*out_len = t.len + BUNDLE_SIG_LEN;
	return 0;
}
