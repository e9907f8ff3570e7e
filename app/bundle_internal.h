/* What app/bundle.c, app/manifest.c and app/keys.c share and nobody else uses: reading
 * and writing the signed "key: value" texts of app/bundle.h (bundles, manifests, public
 * key files), with the strict rules stated there. */
#ifndef SHEKARA_APP_BUNDLE_INTERNAL_H
#define SHEKARA_APP_BUNDLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/bundle.h"

/* Which text is read: chooses the wording of the messages. */
enum bundle_text_kind { BUNDLE_TEXT_BUNDLE, BUNDLE_TEXT_MANIFEST, BUNDLE_TEXT_KEY };

/* A signed text being read: the input, where we are, and how to report. */
struct bundle_text {
	const unsigned char *buf;
	size_t len, pos;
	int line; /* the last line read, counting from 1 */
	enum bundle_text_kind kind;
	enum bundle_refusal *refusal;
	struct error *err;
};

struct bundle_kv {
	char key[24];
	char value[128];
};

/* One field as read: its value and the line it was on (0: absent). */
struct bundle_field {
	char value[128];
	int line;
};

/* Refusals: fill err and *refusal, return -ERR_USAGE. */
int bundle_text_syntax(struct bundle_text *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int bundle_text_truncated(struct bundle_text *r);
int bundle_text_bad(struct bundle_text *r, const struct bundle_field *f, const char *key);
/* The next line without its "\n" when it ends before the absolute offset limit: 1; 0
 * when the input ends first (truncated), -1 when the limit comes first (too long). */
int bundle_text_line(struct bundle_text *r, size_t limit, const char **s, size_t *n);
/* The first line: "MAGIC 1" (a newer format is BUNDLE_VERSION). */
int bundle_text_magic(struct bundle_text *r, const char *magic);
/* "key: value": a key of [a-z0-9-], one space, printable ASCII without a space at either end */
int bundle_text_split(const char *s, size_t n, struct bundle_kv *kv);
int bundle_text_lookup(const char *const *keys, int n, const char *key);
/* Reads lines into fields (keys[i] into fields[i]) until the empty line (1) or, when stop
 * is given, a line with that key, left unread (2). Unknown and repeated keys are refused;
 * the whole stays within BUNDLE_HEADER_MAX bytes. */
int bundle_text_fields(struct bundle_text *r, const char *const *keys, int nkeys,
		       struct bundle_field *fields, const char *stop);
/* Refuses the first of keys[0..n) that is absent. */
int bundle_text_missing(struct bundle_text *r, const char *const *keys,
			const struct bundle_field *fields, int n);
/* Exactly the signature after signed_len bytes: truncated when less, syntax when more. */
int bundle_text_length(struct bundle_text *r, uint64_t signed_len);
/* The ring's key with this id, and whether the realms agree (unknown_key, wrong_realm). */
int bundle_text_key(struct bundle_text *r, const struct bundle_keyring *ring, const char *key_id,
		    const char *realm, const struct bundle_key **out);
/* The signature after signed_len bytes verifies with key (bad_signature). */
int bundle_text_signature(struct bundle_text *r, const struct bundle_key *key, size_t signed_len,
			  const char *key_id);

/* Values */
int bundle_number(const char *s, int64_t min, int64_t max, int64_t *out);
int bundle_hex_valid(const char *s, size_t n); /* exactly n lower-case hex digits */
int bundle_realm_valid(const char *realm);
/* "YYYY-MM-DDTHH:MM:SS[.f...]Z", a real time; t (may be NULL) gets it */
int bundle_iso_valid(const char *s, time_t *t);
void bundle_now_iso(char out[32]);
void bundle_copy(char *dst, size_t cap, const char *src);

/* A growing text written with printf formats; overflow is sticky. */
struct bundle_out {
	char *buf;
	size_t cap, len;
	int overflow;
};
void bundle_put(struct bundle_out *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
