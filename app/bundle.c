/* Writing and verifying bundles (the format is in app/bundle.h), and the reading of every
 * signed text of sync (app/bundle_internal.h): bundles, manifests and key files arrive
 * from outside, over a bad line or on a stick found in a drawer. Every length is
 * explicit, every number bounded, nothing is believed before the signature verifies,
 * and decompression stops at the caller's limit. */
#include "app/bundle.h"
#include "app/bundle_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <zstd.h>

#include "i18n/i18n.h"
#include "scanners/clock.h"

/* Level 19 uses a window of at most 2^23 bytes; the decoder allows twice that and no
 * more, so a frame cannot make a receiver reserve more memory than a real bundle does. */
enum { ZSTD_WINDOW_LOG_MAX = 24 };

/* ---- small shared pieces ---- */

const char *bundle_kind_name(enum bundle_kind k)
{
	return k == BUNDLE_RECORDS ? "records" : "watchlist";
}

static const char *const refusal_names[] = {
	[BUNDLE_OK] = "ok",
	[BUNDLE_SYNTAX] = "syntax",
	[BUNDLE_VERSION] = "version",
	[BUNDLE_TRUNCATED] = "truncated",
	[BUNDLE_UNKNOWN_KEY] = "unknown_key",
	[BUNDLE_WRONG_REALM] = "wrong_realm",
	[BUNDLE_BAD_SIGNATURE] = "bad_signature",
	[BUNDLE_PAYLOAD_HASH] = "payload_hash",
	[BUNDLE_CORRUPT_PAYLOAD] = "corrupt_payload",
	[BUNDLE_TOO_LARGE] = "too_large",
};

const char *bundle_refusal_name(enum bundle_refusal r)
{
	return (unsigned)r <= BUNDLE_TOO_LARGE ? refusal_names[r] : "?";
}

static int origin_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

int bundle_origin_valid(const char *s)
{
	size_t n = 0;
	while (s[n]) {
		if (n >= 63 || !origin_char((unsigned char)s[n]))
			return 0;
		n++;
	}
	return n > 0;
}

void bundle_origin_of(const char *label, char out[64])
{
	size_t n = 0;
	for (; label && label[n] && n < 63; n++)
		out[n] = origin_char((unsigned char)label[n]) ? label[n] : '_';
	if (n == 0)
		out[n++] = '_';
	out[n] = '\0';
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void bundle_sha256_hex(const void *buf, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	if (EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32) {
		out[0] = '\0';
		return;
	}
	hex(md, 32, out);
}

void bundle_key_id(const unsigned char pub[BUNDLE_PUB_LEN], char out[17])
{
	unsigned char md[32];
	unsigned int n = 0;
	if (EVP_Digest(pub, BUNDLE_PUB_LEN, md, &n, EVP_sha256(), NULL) != 1 || n != 32) {
		out[0] = '\0';
		return;
	}
	hex(md, 8, out);
}

void bundle_name(const unsigned char *buf, size_t len, char out[80])
{
	bundle_sha256_hex(buf, len, out);
	memcpy(out + 64, ".bundle", 8);
}

/* src, cut to fit */
void bundle_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int bundle_hex_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

int bundle_name_valid(const char *name)
{
	return strlen(name) == BUNDLE_NAME_LEN && strcmp(name + 64, ".bundle") == 0 &&
	       strspn(name, "0123456789abcdef") == 64;
}

int bundle_public_of(EVP_PKEY *key, unsigned char pub[BUNDLE_PUB_LEN])
{
	size_t n = BUNDLE_PUB_LEN;
	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(key, pub, &n) != 1 || n != BUNDLE_PUB_LEN) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

int bundle_sign(EVP_PKEY *key, const void *msg, size_t len, unsigned char sig[BUNDLE_SIG_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = BUNDLE_SIG_LEN;
	/* Ed25519 hashes the message itself: no digest, one shot */
	int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
		 EVP_DigestSign(ctx, sig, &n, msg, len) == 1 && n == BUNDLE_SIG_LEN;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int bundle_verify(const unsigned char pub[BUNDLE_PUB_LEN], const void *msg, size_t len,
		  const unsigned char sig[BUNDLE_SIG_LEN])
{
	EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, BUNDLE_PUB_LEN);
	EVP_MD_CTX *ctx = key ? EVP_MD_CTX_new() : NULL;
	int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
		 EVP_DigestVerify(ctx, sig, BUNDLE_SIG_LEN, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return ok;
}

/* "YYYY-MM-DDTHH:MM:SS[.f...]Z", a real date and time */
int bundle_iso_valid(const char *s, time_t *t)
{
	size_t n = strlen(s);
	time_t ignored;
	return n >= 20 && n < 32 && s[10] == 'T' && s[n - 1] == 'Z' &&
	       clock_parse_iso(s, t ? t : &ignored) == 0;
}

void bundle_now_iso(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* A decimal number as the format writes it: digits only, no leading zero, at most 18
 * digits, within [min, max]. */
int bundle_number(const char *s, int64_t min, int64_t max, int64_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n || (s[0] == '0' && n > 1))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* ---- zstd ---- */

static int payload_refused(enum bundle_refusal *refusal, enum bundle_refusal why)
{
	if (refusal)
		*refusal = why;
	return -ERR_USAGE;
}

int bundle_decompress(const unsigned char *payload, size_t len, size_t max, unsigned char **out,
		      size_t *out_len, enum bundle_refusal *refusal, struct error *err)
{
	*out = NULL;
	*out_len = 0;
	unsigned long long declared = ZSTD_getFrameContentSize(payload, len);
	if (declared == ZSTD_CONTENTSIZE_ERROR) {
		error_set(err, ERR_USAGE,
			  _("the payload is signed but is not zstd data; report it to its sender"));
		return payload_refused(refusal, BUNDLE_CORRUPT_PAYLOAD);
	}
	if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared > max) {
		error_set(err, ERR_USAGE,
			  _("the payload would expand to %llu bytes, more than the %zu this "
			    "workstation accepts; nothing was applied"),
			  declared, max);
		return payload_refused(refusal, BUNDLE_TOO_LARGE);
	}
	/* one byte over the limit tells a frame that fits from one that does not */
	size_t limit = max < SIZE_MAX ? max + 1 : max;
	size_t cap = declared != ZSTD_CONTENTSIZE_UNKNOWN ? (size_t)declared : 65536;
	cap = cap < limit ? cap : limit;
	cap = cap ? cap : 1;
	unsigned char *buf = malloc(cap);
	ZSTD_DCtx *d = buf ? ZSTD_createDCtx() : NULL;
	if (!d ||
	    ZSTD_isError(ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX))) {
		free(buf);
		ZSTD_freeDCtx(d);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	ZSTD_inBuffer in = { payload, len, 0 };
	size_t got = 0, ret;
	enum { DONE, NO_MEMORY, TOO_LARGE, DAMAGED } state = DONE;
	const char *why = NULL;
	for (;;) {
		if (got == cap && cap < limit) {
			size_t next = cap <= limit / 2 ? cap * 2 : limit;
			unsigned char *grown = realloc(buf, next);
			if (!grown) {
				state = NO_MEMORY;
				break;
			}
			buf = grown;
			cap = next;
		}
		ZSTD_outBuffer o = { buf, cap, got };
		ret = ZSTD_decompressStream(d, &o, &in);
		got = o.pos;
		if (ZSTD_isError(ret)) {
			state = DAMAGED;
			why = ZSTD_getErrorName(ret);
		} else if (got > max) {
			state = TOO_LARGE;
		} else if (ret != 0 && in.pos == in.size && o.pos < o.size) {
			/* all input read, room left, and still the frame wants more */
			state = DAMAGED;
			why = "the frame is cut short";
		}
		if (state != DONE || ret == 0)
			break;
	}
	ZSTD_freeDCtx(d);
	if (state == DONE && in.pos != in.size) {
		state = DAMAGED;
		why = "bytes follow the frame";
	}
	if (state == DONE && declared != ZSTD_CONTENTSIZE_UNKNOWN && got != declared) {
		state = DAMAGED;
		why = "the frame's size is wrong";
	}
	if (state != DONE)
		free(buf);
	if (state == NO_MEMORY)
		return error_set(err, ERR_IO, _("out of memory"));
	if (state == TOO_LARGE) {
		error_set(err, ERR_USAGE,
			  _("the payload expands to more than the %zu bytes this workstation "
			    "accepts; nothing was applied"),
			  max);
		return payload_refused(refusal, BUNDLE_TOO_LARGE);
	}
	if (state == DAMAGED) {
		error_set(err, ERR_USAGE,
			  _("the payload is signed but its compressed data is damaged (%s); "
			    "report it to its sender"),
			  why);
		return payload_refused(refusal, BUNDLE_CORRUPT_PAYLOAD);
	}
	*out = buf;
	*out_len = got;
	return 0;
}

/* ---- text out ---- */

void bundle_put(struct bundle_out *t, const char *fmt, ...)
{
	if (t->overflow)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->overflow = 1;
	else
		t->len += (size_t)n;
}

int bundle_realm_valid(const char *realm)
{
	return strcmp(realm, "live") == 0 || strcmp(realm, "training") == 0;
}

static int check_header(const struct bundle_header *h, struct error *err)
{
	if (h->kind != BUNDLE_WATCHLIST && h->kind != BUNDLE_RECORDS)
		return error_set(err, ERR_USAGE, _("a bundle is of kind watchlist or records"));
	if (!bundle_origin_valid(h->origin))
		return error_set(err, ERR_USAGE,
				 _("'%s' cannot be a bundle's origin: use 1 to 63 letters, digits, "
				   "'.', '_' or '-'"),
				 h->origin);
	if (!bundle_realm_valid(h->realm))
		return error_set(err, ERR_USAGE,
				 _("a bundle's realm is live or training, not '%s'"), h->realm);
	if (h->seq_from < 1 || h->seq_to < h->seq_from || h->seq_to > BUNDLE_MAX_NUMBER)
		return error_set(err, ERR_USAGE,
				 _("a bundle's sequence runs from 1 upwards, seq-to not before "
				   "seq-from (%lld to %lld)"),
				 (long long)h->seq_from, (long long)h->seq_to);
	if (h->created[0] && !bundle_iso_valid(h->created, NULL))
		return error_set(err, ERR_USAGE, _("'%s' is not a UTC time like %s"), h->created,
				 "2026-11-22T04:44:21Z");
	if (h->kind == BUNDLE_RECORDS && (h->head_seq < 0 || h->head_seq > BUNDLE_MAX_NUMBER ||
					  !bundle_hex_valid(h->head_hash, 64)))
		return error_set(err, ERR_USAGE,
				 _("a records bundle needs the audit chain head: a sequence number "
				   "and a SHA-256 in lower-case hex"));
	return 0;
}

int bundle_write(const struct bundle_header *h, const unsigned char *changeset, size_t len,
		 EVP_PKEY *key, unsigned char **out, size_t *out_len, struct error *err)
{
	*out = NULL;
	*out_len = 0;
	if (check_header(h, err) < 0)
		return -ERR_USAGE;
	unsigned char pub[BUNDLE_PUB_LEN];
	if (bundle_public_of(key, pub) < 0)
		return error_set(err, ERR_USAGE, _("a bundle is signed with an Ed25519 key"));
	char key_id[17], created[32], sha[65];
	bundle_key_id(pub, key_id);
	snprintf(created, sizeof(created), "%s", h->created);
	if (!created[0])
		bundle_now_iso(created);
	size_t bound = ZSTD_compressBound(len);
	unsigned char *payload = malloc(bound ? bound : 1);
	if (!payload)
		return error_set(err, ERR_IO, _("out of memory"));
	size_t plen =
		ZSTD_compress(payload, bound, len ? (const void *)changeset : (const void *)"", len,
			      BUNDLE_ZSTD_LEVEL);
	if (ZSTD_isError(plen) || plen > BUNDLE_MAX_PAYLOAD) {
		free(payload);
		return error_set(err, ERR_IO, _("cannot compress the changeset (%zu bytes)"), len);
	}
	bundle_sha256_hex(payload, plen, sha);
	char header[BUNDLE_HEADER_MAX];
	struct bundle_out t = { header, sizeof(header), 0, 0 };
	bundle_put(&t, "SHEKARA-BUNDLE %d\nkind: %s\norigin: %s\nrealm: %s\n", BUNDLE_FORMAT,
		   bundle_kind_name(h->kind), h->origin, h->realm);
	bundle_put(&t, "seq-from: %lld\nseq-to: %lld\nbase: %lld\ncreated: %s\n",
		   (long long)h->seq_from, (long long)h->seq_to, (long long)(h->seq_from - 1),
		   created);
	bundle_put(&t, "payload-length: %zu\npayload-sha256: %s\nkey-id: %s\n", plen, sha, key_id);
	if (h->kind == BUNDLE_RECORDS)
		bundle_put(&t, "head-seq: %lld\nhead-hash: %s\n", (long long)h->head_seq,
			   h->head_hash);
	bundle_put(&t, "\n");
	unsigned char *file = t.overflow ? NULL : malloc(t.len + plen + BUNDLE_SIG_LEN);
	if (!file) {
		free(payload);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	memcpy(file, header, t.len);
	memcpy(file + t.len, payload, plen);
	free(payload);
	if (bundle_sign(key, file, t.len + plen, file + t.len + plen) < 0) {
		free(file);
		return error_set(err, ERR_IO, _("cannot sign the bundle with key '%s'"), key_id);
	}
	*out = file;
	*out_len = t.len + plen + BUNDLE_SIG_LEN;
	return 0;
}

/* ---- reading ---- */

int bundle_text_syntax(struct bundle_text *r, const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	*r->refusal = BUNDLE_SYNTAX;
	return error_set(r->err, ERR_USAGE,
			 r->kind == BUNDLE_TEXT_MANIFEST ? _("not a valid Shekara manifest: %s")
			 : r->kind == BUNDLE_TEXT_KEY    ? _("not a valid Shekara key file: %s")
							 : _("not a valid Shekara bundle: %s"),
			 detail);
}

int bundle_text_truncated(struct bundle_text *r)
{
	*r->refusal = BUNDLE_TRUNCATED;
	return error_set(r->err, ERR_USAGE,
			 r->kind == BUNDLE_TEXT_MANIFEST
				 ? _("the manifest is truncated (it ends after %zu bytes, inside "
				     "its text): fetch or copy it again")
			 : r->kind == BUNDLE_TEXT_KEY
				 ? _("the key file is truncated (it ends after %zu bytes): copy "
				     "it again")
				 : _("the bundle is truncated (it ends after %zu bytes, inside its "
				     "header): fetch or copy it again"),
			 r->len);
}

int bundle_text_line(struct bundle_text *r, size_t limit, const char **s, size_t *n)
{
	size_t end = limit < r->len ? limit : r->len;
	const unsigned char *nl = r->pos < end ? memchr(r->buf + r->pos, '\n', end - r->pos) : NULL;
	if (!nl)
		return limit >= r->len ? 0 : -1;
	*s = (const char *)r->buf + r->pos;
	*n = (size_t)(nl - (r->buf + r->pos));
	r->pos += *n + 1;
	r->line++;
	return 1;
}

int bundle_text_magic(struct bundle_text *r, const char *want)
{
	size_t wn = strlen(want);
	char full[32];
	snprintf(full, sizeof(full), "%s 1\n", want);
	const char *s;
	size_t n;
	int rc = bundle_text_line(r, 64, &s, &n);
	if (rc == 0 && r->len < strlen(full) && memcmp(r->buf, full, r->len) == 0)
		return bundle_text_truncated(r);
	if (rc > 0 && n == wn + 2 && memcmp(s, want, wn) == 0 && s[wn] == ' ' && s[wn + 1] == '1')
		return 0;
	if (rc > 0 && n > wn + 1 && n < wn + 11 && memcmp(s, want, wn) == 0 && s[wn] == ' ' &&
	    strspn(s + wn + 1, "0123456789") >= n - wn - 1) {
		*r->refusal = BUNDLE_VERSION;
		return error_set(r->err, ERR_USAGE,
				 _("'%.*s': this version of Shekara cannot read that format; "
				   "update Shekara"),
				 (int)n, s);
	}
	static const char *const magics[] = { "SHEKARA-BUNDLE ", "SHEKARA-MANIFEST ",
					      "SHEKARA-KEY " };
	for (size_t i = 0; rc > 0 && i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n < 32 && n > strlen(magics[i]) &&
		    memcmp(s, magics[i], strlen(magics[i])) == 0 &&
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789 ") == n)
			return bundle_text_syntax(r, _("it is another kind of Shekara file (%.*s)"),
						  (int)n, s);
	return bundle_text_syntax(r, _("it does not start with '%s 1'"), want);
}

/* "key: value": a key of [a-z0-9-], one space, a value of printable ASCII without a space at
 * either end. */
int bundle_text_split(const char *s, size_t n, struct bundle_kv *kv)
{
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return -1;
	size_t k = (size_t)(colon - s);
	if (k == 0 || k >= sizeof(kv->key) || k + 2 >= n || colon[1] != ' ')
		return -1;
	for (size_t i = 0; i < k; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return -1;
	size_t v = n - k - 2;
	const char *val = colon + 2;
	if (v >= sizeof(kv->value) || val[0] == ' ' || val[v - 1] == ' ')
		return -1;
	for (size_t i = 0; i < v; i++)
		if ((unsigned char)val[i] < 0x20 || (unsigned char)val[i] > 0x7e)
			return -1;
	memcpy(kv->key, s, k);
	kv->key[k] = '\0';
	memcpy(kv->value, val, v);
	kv->value[v] = '\0';
	return 0;
}

int bundle_text_lookup(const char *const *keys, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

int bundle_text_bad(struct bundle_text *r, const struct bundle_field *f, const char *key)
{
	return bundle_text_syntax(r, _("line %d: bad value for '%s'"), f->line, key);
}

/* Reads "key: value" lines into fields until the empty line or, when stop is given, a
 * line with that key (left unread). 1 at the empty line, 2 at stop. */
int bundle_text_fields(struct bundle_text *r, const char *const *keys, int nkeys,
		       struct bundle_field *fields, const char *stop)
{
	for (;;) {
		size_t at = r->pos;
		const char *s;
		size_t n;
		int rc = bundle_text_line(r, BUNDLE_HEADER_MAX, &s, &n);
		if (rc == 0)
			return bundle_text_truncated(r);
		if (rc < 0)
			return bundle_text_syntax(r, _("its header is longer than %d bytes"),
						  BUNDLE_HEADER_MAX);
		if (n == 0)
			return 1;
		struct bundle_kv kv;
		if (bundle_text_split(s, n, &kv) < 0)
			return bundle_text_syntax(r, _("line %d is not 'key: value'"), r->line);
		if (stop && strcmp(kv.key, stop) == 0) {
			r->pos = at;
			r->line--;
			return 2;
		}
		int k = bundle_text_lookup(keys, nkeys, kv.key);
		if (k < 0)
			return bundle_text_syntax(r, _("line %d: unknown key '%s'"), r->line,
						  kv.key);
		if (fields[k].line)
			return bundle_text_syntax(r, _("line %d: key '%s' appears twice"), r->line,
						  kv.key);
		memcpy(fields[k].value, kv.value, sizeof(kv.value));
		fields[k].line = r->line;
	}
}

int bundle_text_missing(struct bundle_text *r, const char *const *keys,
			const struct bundle_field *fields, int n)
{
	for (int i = 0; i < n; i++)
		if (!fields[i].line)
			return bundle_text_syntax(r, _("key '%s' is missing"), keys[i]);
	return 0;
}

/* The key among ring's that signed, and whether the realms agree. */
int bundle_text_key(struct bundle_text *r, const struct bundle_keyring *ring, const char *key_id,
		    const char *realm, const struct bundle_key **out)
{
	*out = NULL;
	for (int i = 0; ring && i < ring->n; i++) {
		char id[17];
		bundle_key_id(ring->keys[i].pub, id);
		if (strcmp(id, key_id) == 0) {
			*out = &ring->keys[i];
			break;
		}
	}
	if (!*out) {
		*r->refusal = BUNDLE_UNKNOWN_KEY;
		return error_set(r->err, ERR_FINDING,
				 r->kind == BUNDLE_TEXT_MANIFEST
					 ? _("the manifest is signed with key '%s', which is not "
					     "an active key here (unknown, replaced or revoked); "
					     "see 'shekara keys list'")
					 : _("the bundle is signed with key '%s', which is not an "
					     "active key here (unknown, replaced or revoked); see "
					     "'shekara keys list'"),
				 key_id);
	}
	int training = strcmp(realm, "training") == 0;
	int live_ring = !ring->training;
	if (training == !live_ring && (*out)->training == !live_ring)
		return 0;
	*r->refusal = BUNDLE_WRONG_REALM;
	return error_set(
		r->err, ERR_FINDING,
		r->kind == BUNDLE_TEXT_MANIFEST
			? (live_ring ? _("the manifest comes from training (its realm or its "
					 "key '%s'): a live database never takes training data")
				     : _("the manifest comes from the live realm (its realm or "
					 "its key '%s'): a training database never takes live "
					 "data"))
			: (live_ring ? _("the bundle comes from training (its realm or its key "
					 "'%s'): a live database never takes training data")
				     : _("the bundle comes from the live realm (its realm or its "
					 "key '%s'): a training database never takes live data")),
		key_id);
}

int bundle_text_signature(struct bundle_text *r, const struct bundle_key *key, size_t signed_len,
			  const char *key_id)
{
	if (bundle_verify(key->pub, r->buf, signed_len, r->buf + signed_len))
		return 0;
	*r->refusal = BUNDLE_BAD_SIGNATURE;
	return error_set(r->err, ERR_FINDING,
			 r->kind == BUNDLE_TEXT_MANIFEST
				 ? _("the signature of the manifest does not verify with key "
				     "'%s' (%s): it was altered or damaged; fetch it again")
				 : _("the signature of the bundle does not verify with key '%s' "
				     "(%s): it was altered or damaged; fetch it again"),
			 key_id, key->name);
}

/* After the text, exactly the signature. */
int bundle_text_length(struct bundle_text *r, uint64_t signed_len)
{
	uint64_t want = signed_len + BUNDLE_SIG_LEN;
	if (r->len < want) {
		*r->refusal = BUNDLE_TRUNCATED;
		return error_set(r->err, ERR_USAGE,
				 r->kind == BUNDLE_TEXT_MANIFEST
					 ? _("the manifest is truncated (%zu of %llu bytes): "
					     "fetch or copy it again")
					 : _("the bundle is truncated (%zu of %llu bytes): fetch "
					     "or copy it again"),
				 r->len, (unsigned long long)want);
	}
	if (r->len > want)
		return bundle_text_syntax(r, _("%llu bytes follow its signature"),
					  (unsigned long long)(r->len - want));
	return 0;
}

enum {
	H_KIND,
	H_ORIGIN,
	H_REALM,
	H_SEQ_FROM,
	H_SEQ_TO,
	H_BASE,
	H_CREATED,
	H_PAYLOAD_LEN,
	H_PAYLOAD_SHA,
	H_KEY_ID,
	H_HEAD_SEQ,
	H_HEAD_HASH,
	H_N
};

static const char *const header_keys[H_N] = {
	"kind",    "origin",         "realm",          "seq-from", "seq-to",   "base",
	"created", "payload-length", "payload-sha256", "key-id",   "head-seq", "head-hash",
};

static int parse_header(struct bundle_text *r, struct bundle_header *h)
{
	struct bundle_field f[H_N];
	memset(f, 0, sizeof(f));
	if (bundle_text_magic(r, "SHEKARA-BUNDLE") < 0 ||
	    bundle_text_fields(r, header_keys, H_N, f, NULL) < 0)
		return -(int)r->err->code;
	h->format = BUNDLE_FORMAT;
	if (bundle_text_missing(r, header_keys, f, H_HEAD_SEQ) < 0)
		return -ERR_USAGE;
	const char *kind = f[H_KIND].value;
	if (strcmp(kind, "watchlist") != 0 && strcmp(kind, "records") != 0)
		return bundle_text_bad(r, &f[H_KIND], "kind");
	h->kind = kind[0] == 'r' ? BUNDLE_RECORDS : BUNDLE_WATCHLIST;
	if (h->kind == BUNDLE_RECORDS && bundle_text_missing(r, header_keys, f, H_N) < 0)
		return -ERR_USAGE;
	for (int k = H_HEAD_SEQ; h->kind == BUNDLE_WATCHLIST && k < H_N; k++)
		if (f[k].line)
			return bundle_text_syntax(
				r, _("line %d: key '%s' is only for records bundles"), f[k].line,
				header_keys[k]);
	if (!bundle_origin_valid(f[H_ORIGIN].value))
		return bundle_text_bad(r, &f[H_ORIGIN], "origin");
	bundle_copy(h->origin, sizeof(h->origin), f[H_ORIGIN].value);
	if (!bundle_realm_valid(f[H_REALM].value))
		return bundle_text_bad(r, &f[H_REALM], "realm");
	bundle_copy(h->realm, sizeof(h->realm), f[H_REALM].value);
	if (bundle_number(f[H_SEQ_FROM].value, 1, BUNDLE_MAX_NUMBER, &h->seq_from) < 0)
		return bundle_text_bad(r, &f[H_SEQ_FROM], "seq-from");
	if (bundle_number(f[H_SEQ_TO].value, h->seq_from, BUNDLE_MAX_NUMBER, &h->seq_to) < 0)
		return bundle_text_bad(r, &f[H_SEQ_TO], "seq-to");
	if (bundle_number(f[H_BASE].value, h->seq_from - 1, h->seq_from - 1, &h->base) < 0)
		return bundle_text_syntax(r, _("line %d: base must be seq-from - 1 (%lld)"),
					  f[H_BASE].line, (long long)(h->seq_from - 1));
	if (!bundle_iso_valid(f[H_CREATED].value, NULL))
		return bundle_text_bad(r, &f[H_CREATED], "created");
	bundle_copy(h->created, sizeof(h->created), f[H_CREATED].value);
	int64_t plen;
	if (bundle_number(f[H_PAYLOAD_LEN].value, 1, BUNDLE_MAX_PAYLOAD, &plen) < 0)
		return bundle_text_bad(r, &f[H_PAYLOAD_LEN], "payload-length");
	h->payload_len = (uint64_t)plen;
	if (!bundle_hex_valid(f[H_PAYLOAD_SHA].value, 64))
		return bundle_text_bad(r, &f[H_PAYLOAD_SHA], "payload-sha256");
	memcpy(h->payload_sha256, f[H_PAYLOAD_SHA].value, 65);
	if (!bundle_hex_valid(f[H_KEY_ID].value, 16))
		return bundle_text_bad(r, &f[H_KEY_ID], "key-id");
	memcpy(h->key_id, f[H_KEY_ID].value, 17);
	if (h->kind == BUNDLE_RECORDS) {
		if (bundle_number(f[H_HEAD_SEQ].value, 0, BUNDLE_MAX_NUMBER, &h->head_seq) < 0)
			return bundle_text_bad(r, &f[H_HEAD_SEQ], "head-seq");
		if (!bundle_hex_valid(f[H_HEAD_HASH].value, 64))
			return bundle_text_bad(r, &f[H_HEAD_HASH], "head-hash");
		memcpy(h->head_hash, f[H_HEAD_HASH].value, 65);
	}
	return 0;
}

int bundle_read(const unsigned char *buf, size_t len, const struct bundle_keyring *ring,
		size_t max_changeset, struct bundle_header *h, unsigned char **changeset,
		size_t *changeset_len, struct error *err)
{
	struct error local;
	err = err ? err : &local;
	memset(h, 0, sizeof(*h));
	*changeset = NULL;
	*changeset_len = 0;
	struct bundle_text r = { .buf = buf, .len = len, .refusal = &h->refusal, .err = err };
	if (parse_header(&r, h) < 0)
		return -(int)err->code;
	size_t header_len = r.pos;
	const struct bundle_key *key;
	if (bundle_text_length(&r, header_len + h->payload_len) < 0 ||
	    bundle_text_key(&r, ring, h->key_id, h->realm, &key) < 0 ||
	    bundle_text_signature(&r, key, header_len + h->payload_len, h->key_id) < 0)
		return -(int)err->code;
	const unsigned char *payload = buf + header_len;
	char sha[65];
	bundle_sha256_hex(payload, h->payload_len, sha);
	if (strcmp(sha, h->payload_sha256) != 0) {
		h->refusal = BUNDLE_PAYLOAD_HASH;
		return error_set(err, ERR_FINDING,
				 _("the bundle's payload does not match the SHA-256 its signer "
				   "stated: the sender made a faulty bundle; report it"));
	}
	return bundle_decompress(payload, h->payload_len, max_changeset, changeset, changeset_len,
				 &h->refusal, err);
}
