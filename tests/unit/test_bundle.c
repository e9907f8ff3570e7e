/* app/bundle.c and app/manifest.c: the signed sync files. Keys are Ed25519 pairs made
 * from fixed seeds, so the files (and the fuzz seeds this test checks and can write)
 * are the same on every run. Every refusal is checked for its machine reason, its
 * error code and a message that says which it is. */
#include "testutil.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <zstd.h>

#include "app/bundle.h"
#include "app/keys.h"

/* The same seeds as tests/fuzz/fuzz_bundle.c and fuzz_manifest.c. */
static const unsigned char SEED_AUTH[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
					     12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
					     23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const unsigned char SEED_TRAIN[32] = { 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
					      44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,
					      55, 56, 57, 58, 59, 60, 61, 62, 63, 64 };
static const unsigned char SEED_OTHER[32] = { 99 };

static EVP_PKEY *auth_key, *train_key, *other_key;
static struct bundle_key ring_keys[2];
static const struct bundle_keyring live_ring = { ring_keys, 2, 0 };
static const struct bundle_keyring training_ring = { ring_keys, 2, 1 };

static EVP_PKEY *key_of(const unsigned char seed[32])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	assert_non_null(k);
	return k;
}

static void ring_key(struct bundle_key *k, EVP_PKEY *key, int training, const char *name)
{
	assert_int_equal(bundle_public_of(key, k->pub), 0);
	bundle_key_id(k->pub, k->key_id);
	k->training = training;
	snprintf(k->name, sizeof(k->name), "%s", name);
}

static int group_setup(void **state)
{
	(void)state;
	auth_key = key_of(SEED_AUTH);
	train_key = key_of(SEED_TRAIN);
	other_key = key_of(SEED_OTHER);
	ring_key(&ring_keys[0], auth_key, 0, "HQ");
	ring_key(&ring_keys[1], train_key, 1, "TRAINING-HQ");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(auth_key);
	EVP_PKEY_free(train_key);
	EVP_PKEY_free(other_key);
	return 0;
}

/* A changeset-like body that compresses but is not trivial. */
static unsigned char *body(size_t len)
{
	unsigned char *b = malloc(len ? len : 1);
	assert_non_null(b);
	for (size_t i = 0; i < len; i++)
		b[i] = (unsigned char)("wl_entries KHALIMOV GULMUROD 1975 TJK "[i % 38] ^ (i / 97));
	return b;
}

static struct bundle_header header(enum bundle_kind kind, const char *realm)
{
	struct bundle_header h = { .kind = kind, .seq_from = 5, .seq_to = 7 };
	snprintf(h.origin, sizeof(h.origin), "HQ-NATIONAL");
	snprintf(h.realm, sizeof(h.realm), "%s", realm);
	snprintf(h.created, sizeof(h.created), "2026-11-22T04:44:21Z");
	if (kind == BUNDLE_RECORDS) {
		h.head_seq = 812;
		memset(h.head_hash, 'a', 64);
	}
	return h;
}

static unsigned char *write_ok(const struct bundle_header *h, const unsigned char *cs, size_t len,
			       EVP_PKEY *key, size_t *out_len)
{
	struct error err;
	error_clear(&err);
	unsigned char *out;
	TU_OK(bundle_write(h, cs, len, key, &out, out_len, &err), &err);
	return out;
}

/* Expects bundle_read to refuse buf with this reason and code; returns nothing. */
static void refused(const unsigned char *buf, size_t len, const struct bundle_keyring *ring,
		    size_t max, enum bundle_refusal why, enum error_code code, const char *says)
{
	struct bundle_header h;
	unsigned char *cs = (unsigned char *)"x";
	size_t cs_len = 1;
	struct error err;
	error_clear(&err);
	int rc = bundle_read(buf, len, ring, max, &h, &cs, &cs_len, &err);
	if (rc != -(int)code || h.refusal != why)
		fail_msg("expected %s (%d), got %s (%d): %s", bundle_refusal_name(why), -(int)code,
			 bundle_refusal_name(h.refusal), rc, err.msg);
	assert_null(cs);
	assert_int_equal(cs_len, 0);
	assert_int_equal(err.code, code);
	if (says)
		TU_CONTAINS(err.msg, says);
}

/* A file from a header text and a payload, signed by key: for the refusals that only a
 * signer could make. */
static unsigned char *signed_file(const char *head, const void *payload, size_t plen, EVP_PKEY *key,
				  size_t *len)
{
	size_t hl = strlen(head);
	unsigned char *f = malloc(hl + plen + 64);
	assert_non_null(f);
	memcpy(f, head, hl);
	memcpy(f + hl, payload, plen);
	assert_int_equal(bundle_sign(key, f, hl + plen, f + hl + plen), 0);
	*len = hl + plen + 64;
	return f;
}

/* The header of a watchlist bundle with this payload, as bundle_write makes it. */
static void head_for(const void *payload, size_t plen, const char *sha, char *out, size_t cap)
{
	char hash[65];
	bundle_sha256_hex(payload, plen, hash);
	snprintf(out, cap,
		 "SHEKARA-BUNDLE 1\nkind: watchlist\norigin: HQ\nrealm: live\nseq-from: 1\n"
		 "seq-to: 1\nbase: 0\ncreated: 2026-11-22T04:44:21Z\npayload-length: %zu\n"
		 "payload-sha256: %s\nkey-id: %s\n\n",
		 plen, sha ? sha : hash, ring_keys[0].key_id);
}

/* ---- round trips ---- */

static void test_watchlist_bundle_round_trip(void **state)
{
	(void)state;
	size_t cs_len = 20000, len;
	unsigned char *cs = body(cs_len);
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, cs, cs_len, auth_key, &len);
	assert_true(len < cs_len); /* compressed */
	const char *start = "SHEKARA-BUNDLE 1\nkind: watchlist\norigin: HQ-NATIONAL\n";
	assert_memory_equal(file, start, strlen(start));
	struct bundle_header back;
	unsigned char *out;
	size_t out_len;
	struct error err;
	error_clear(&err);
	TU_OK(bundle_read(file, len, &live_ring, 1 << 20, &back, &out, &out_len, &err), &err);
	assert_int_equal(back.refusal, BUNDLE_OK);
	assert_int_equal(back.format, 1);
	assert_int_equal(back.kind, BUNDLE_WATCHLIST);
	assert_string_equal(back.origin, "HQ-NATIONAL");
	assert_string_equal(back.realm, "live");
	assert_int_equal(back.seq_from, 5);
	assert_int_equal(back.seq_to, 7);
	assert_int_equal(back.base, 4);
	assert_string_equal(back.created, "2026-11-22T04:44:21Z");
	assert_string_equal(back.key_id, ring_keys[0].key_id);
	assert_int_equal(out_len, cs_len);
	assert_memory_equal(out, cs, cs_len);
	char sha[65];
	size_t header_len = (size_t)((unsigned char *)memmem(file, len, "\n\n", 2) + 2 - file);
	assert_int_equal(back.payload_len, len - 64 - header_len);
	bundle_sha256_hex(file + len - 64 - back.payload_len, back.payload_len, sha);
	assert_string_equal(back.payload_sha256, sha);
	free(out);
	free(file);
	free(cs);
}

static void test_records_bundle_carries_the_audit_head(void **state)
{
	(void)state;
	size_t len;
	unsigned char *cs = body(300);
	struct bundle_header h = header(BUNDLE_RECORDS, "live");
	unsigned char *file = write_ok(&h, cs, 300, auth_key, &len);
	TU_CONTAINS((char *)file, "head-seq: 812\nhead-hash: aaaa");
	struct bundle_header back;
	unsigned char *out;
	size_t out_len;
	struct error err;
	error_clear(&err);
	TU_OK(bundle_read(file, len, &live_ring, 4096, &back, &out, &out_len, &err), &err);
	assert_int_equal(back.kind, BUNDLE_RECORDS);
	assert_int_equal(back.head_seq, 812);
	assert_string_equal(back.head_hash, h.head_hash);
	free(out);
	free(file);
	free(cs);
}

static void test_empty_changeset_round_trips_and_created_defaults_to_now(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	h.created[0] = '\0';
	unsigned char *file = write_ok(&h, NULL, 0, auth_key, &len);
	struct bundle_header back;
	unsigned char *out;
	size_t out_len;
	struct error err;
	error_clear(&err);
	TU_OK(bundle_read(file, len, &live_ring, 0, &back, &out, &out_len, &err), &err);
	assert_non_null(out);
	assert_int_equal(out_len, 0);
	assert_int_equal(strlen(back.created), 20);
	assert_int_equal(back.created[19], 'Z');
	free(out);
	free(file);
}

static void test_bundle_name_is_the_sha256_of_the_whole_file(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	char name[80], sha[65];
	bundle_name(file, len, name);
	bundle_sha256_hex(file, len, sha);
	assert_int_equal(strlen(name), BUNDLE_NAME_LEN);
	assert_memory_equal(name, sha, 64);
	assert_string_equal(name + 64, ".bundle");
	assert_true(bundle_name_valid(name));
	assert_false(bundle_name_valid("../../etc/passwd"));
	name[3] = 'A';
	assert_false(bundle_name_valid(name));
	/* Ed25519 is deterministic: the same content makes the same file and name */
	size_t len2;
	unsigned char *again = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(again, file, len);
	free(again);
	free(file);
}

static void test_training_bundle_round_trips_in_a_training_ring(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "training");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, train_key, &len);
	struct bundle_header back;
	unsigned char *out;
	size_t out_len;
	struct error err;
	error_clear(&err);
	TU_OK(bundle_read(file, len, &training_ring, 16, &back, &out, &out_len, &err), &err);
	assert_string_equal(back.realm, "training");
	free(out);
	free(file);
}

/* ---- refusals, in the order they are checked ---- */

static void test_header_syntax_is_refused_line_by_line(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *says;
		enum bundle_refusal why;
	} cases[] = {
		{ "kind: watchlist\n", "kind: watchlist\ncolour: red\n", "unknown key 'colour'",
		  BUNDLE_SYNTAX },
		{ "realm: live\n", "realm: live\nrealm: live\n", "appears twice", BUNDLE_SYNTAX },
		{ "base: 4\n", "", "key 'base' is missing", BUNDLE_SYNTAX },
		{ "base: 4\n", "base: 3\n", "base must be seq-from - 1", BUNDLE_SYNTAX },
		{ "seq-to: 7\n", "seq-to: 07\n", "bad value for 'seq-to'", BUNDLE_SYNTAX },
		{ "seq-to: 7\n", "seq-to: 4\n", "bad value for 'seq-to'", BUNDLE_SYNTAX },
		{ "seq-to: 7\n", "seq-to: 1000000000000000000\n", "'seq-to'", BUNDLE_SYNTAX },
		{ "seq-to: 7\n", "seq-to: -7\n", "'seq-to'", BUNDLE_SYNTAX },
		{ "realm: live\n", "realm: Live\n", "'realm'", BUNDLE_SYNTAX },
		{ "origin: HQ-NATIONAL\n", "origin: HQ NATIONAL\n", "'origin'", BUNDLE_SYNTAX },
		{ "kind: watchlist\n", "kind: watchlist\r\n", "not 'key: value'", BUNDLE_SYNTAX },
		{ "kind: watchlist\n", "kind:watchlist\n", "not 'key: value'", BUNDLE_SYNTAX },
		{ "kind: watchlist\n", "Kind: watchlist\n", "not 'key: value'", BUNDLE_SYNTAX },
		{ "kind: watchlist\n", "kind: watchlist\nhead-seq: 1\n", "only for records",
		  BUNDLE_SYNTAX },
		{ "created: 2026-11-22T04:44:21Z\n", "created: 2026-02-30T04:44:21Z\n", "'created'",
		  BUNDLE_SYNTAX },
		{ "SHEKARA-BUNDLE 1\n", "SHEKARA-BUNDLE 2\n", "cannot read that format",
		  BUNDLE_VERSION },
		{ "SHEKARA-BUNDLE 1\n", "SHEKARA-MANIFEST 1\n", "another kind of Shekara file",
		  BUNDLE_SYNTAX },
		{ "SHEKARA-BUNDLE 1\n", "PK\003\004", "does not start with", BUNDLE_SYNTAX },
	};
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *at = memmem(file, len, cases[i].from, strlen(cases[i].from));
		assert_non_null(at);
		size_t pre = (size_t)((unsigned char *)at - file), fl = strlen(cases[i].from),
		       tl = strlen(cases[i].to);
		size_t n = len - fl + tl;
		unsigned char *m = malloc(n);
		memcpy(m, file, pre);
		memcpy(m + pre, cases[i].to, tl);
		memcpy(m + pre + tl, file + pre + fl, len - pre - fl);
		refused(m, n, &live_ring, 4096, cases[i].why,
			cases[i].why == BUNDLE_SYNTAX || cases[i].why == BUNDLE_VERSION
				? ERR_USAGE
				: ERR_FINDING,
			cases[i].says);
		free(m);
	}
	free(file);
}

static void test_header_over_4_kib_is_refused(void **state)
{
	(void)state;
	char head[6000];
	int n = snprintf(head, sizeof(head), "SHEKARA-BUNDLE 1\nkind: ");
	memset(head + n, 'w', 4200);
	n += 4200;
	head[n++] = '\n';
	refused((unsigned char *)head, (size_t)n, &live_ring, 4096, BUNDLE_SYNTAX, ERR_USAGE,
		"longer than 4096");
}

static void test_truncated_at_every_length_is_refused_as_truncated(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_RECORDS, "live");
	unsigned char *cs = body(500);
	unsigned char *file = write_ok(&h, cs, 500, auth_key, &len);
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);
		memcpy(copy, file, cut);
		refused(copy, cut, &live_ring, 4096, BUNDLE_TRUNCATED, ERR_USAGE, "truncated");
		free(copy);
	}
	free(file);
	free(cs);
}

static void test_bytes_after_the_signature_are_refused(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	unsigned char *longer = realloc(file, len + 1);
	longer[len] = '\n';
	refused(longer, len + 1, &live_ring, 4096, BUNDLE_SYNTAX, ERR_USAGE,
		"1 bytes follow its signature");
	free(longer);
}

static void test_key_missing_from_the_ring_is_an_unknown_key(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, other_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_UNKNOWN_KEY, ERR_FINDING,
		"not an active key here");
	struct bundle_keyring empty = { NULL, 0, 0 };
	refused(file, len, &empty, 4096, BUNDLE_UNKNOWN_KEY, ERR_FINDING, "unknown");
	free(file);
}

static void test_training_and_live_never_mix(void **state)
{
	(void)state;
	size_t len;
	/* a training bundle signed by the live key, into a live ring */
	struct bundle_header h = header(BUNDLE_WATCHLIST, "training");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_WRONG_REALM, ERR_FINDING,
		"a live database never takes training data");
	free(file);
	/* a bundle marked live but signed with a training key */
	h = header(BUNDLE_WATCHLIST, "live");
	file = write_ok(&h, (const unsigned char *)"abc", 3, train_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_WRONG_REALM, ERR_FINDING,
		"comes from training");
	/* ... which a training ring refuses too, being marked live */
	refused(file, len, &training_ring, 4096, BUNDLE_WRONG_REALM, ERR_FINDING,
		"a training database never takes live data");
	free(file);
	/* a live bundle with the live key, into a training ring */
	file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	refused(file, len, &training_ring, 4096, BUNDLE_WRONG_REALM, ERR_FINDING,
		"comes from the live realm");
	free(file);
}

static void test_flipped_signature_byte_is_a_bad_signature(void **state)
{
	(void)state;
	size_t len;
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, (const unsigned char *)"abc", 3, auth_key, &len);
	for (size_t i = len - 64; i < len; i += 9) {
		file[i] ^= 0x01;
		refused(file, len, &live_ring, 4096, BUNDLE_BAD_SIGNATURE, ERR_FINDING,
			"does not verify");
		file[i] ^= 0x01;
	}
	free(file);
}

/* The signature covers the payload, and is checked before the payload's hash: a byte
 * changed in transit is a bad signature, whichever part it hit. */
static void test_flipped_payload_or_header_byte_is_a_bad_signature(void **state)
{
	(void)state;
	size_t len;
	unsigned char *cs = body(2000);
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, cs, 2000, auth_key, &len);
	file[len - 64 - 5] ^= 0x40;
	refused(file, len, &live_ring, 1 << 20, BUNDLE_BAD_SIGNATURE, ERR_FINDING, "altered");
	file[len - 64 - 5] ^= 0x40;
	char *seq = strstr((char *)file, "seq-to: 7");
	seq[8] = '8';
	refused(file, len, &live_ring, 1 << 20, BUNDLE_BAD_SIGNATURE, ERR_FINDING, "altered");
	free(file);
	free(cs);
}

/* Only a signer can make these: the signature is good, what it signed is not. */
static void test_signed_payload_with_another_hash_is_refused(void **state)
{
	(void)state;
	char head[1024];
	size_t clen = ZSTD_compressBound(3), len;
	unsigned char *payload = malloc(clen);
	clen = ZSTD_compress(payload, clen, "abc", 3, 3);
	head_for(payload, clen, "0000000000000000000000000000000000000000000000000000000000000000",
		 head, sizeof(head));
	unsigned char *file = signed_file(head, payload, clen, auth_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_PAYLOAD_HASH, ERR_FINDING, "SHA-256");
	free(file);
	free(payload);
}

static void test_signed_payload_that_is_not_zstd_is_corrupt(void **state)
{
	(void)state;
	char head[1024];
	const char *junk = "this is not zstd at all, but it is signed and hashed";
	size_t len;
	head_for(junk, strlen(junk), NULL, head, sizeof(head));
	unsigned char *file = signed_file(head, junk, strlen(junk), auth_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_CORRUPT_PAYLOAD, ERR_USAGE, "not zstd");
	free(file);

	/* two frames, and a frame cut short */
	unsigned char two[256];
	size_t one = ZSTD_compress(two, sizeof(two), "abc", 3, 3);
	memcpy(two + one, two, one);
	head_for(two, 2 * one, NULL, head, sizeof(head));
	file = signed_file(head, two, 2 * one, auth_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_CORRUPT_PAYLOAD, ERR_USAGE, "damaged");
	free(file);
	head_for(two, one - 2, NULL, head, sizeof(head));
	file = signed_file(head, two, one - 2, auth_key, &len);
	refused(file, len, &live_ring, 4096, BUNDLE_CORRUPT_PAYLOAD, ERR_USAGE, "damaged");
	free(file);
}

static void test_zstd_bomb_over_max_changeset_is_refused(void **state)
{
	(void)state;
	size_t big = 4 << 20, len;
	unsigned char *zeros = calloc(1, big);
	/* the frame says how big it is: refused before anything is expanded */
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *file = write_ok(&h, zeros, big, auth_key, &len);
	assert_true(len < 2048);
	refused(file, len, &live_ring, 1 << 20, BUNDLE_TOO_LARGE, ERR_USAGE, "more than");
	free(file);

	/* a streamed frame that does not say: refused once the limit is passed */
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
	size_t cap = ZSTD_compressBound(big);
	unsigned char *payload = malloc(cap);
	ZSTD_inBuffer in = { zeros, big, 0 };
	ZSTD_outBuffer out = { payload, cap, 0 };
	assert_int_equal(ZSTD_compressStream2(c, &out, &in, ZSTD_e_end), 0);
	ZSTD_freeCCtx(c);
	assert_int_equal(ZSTD_getFrameContentSize(payload, out.pos), ZSTD_CONTENTSIZE_UNKNOWN);
	char head[1024];
	head_for(payload, out.pos, NULL, head, sizeof(head));
	file = signed_file(head, payload, out.pos, auth_key, &len);
	refused(file, len, &live_ring, 1 << 20, BUNDLE_TOO_LARGE, ERR_USAGE, "more than");
	/* the same file within a limit that fits it */
	struct bundle_header back;
	unsigned char *cs;
	size_t cs_len;
	struct error err;
	error_clear(&err);
	TU_OK(bundle_read(file, len, &live_ring, big, &back, &cs, &cs_len, &err), &err);
	assert_int_equal(cs_len, big);
	free(cs);
	free(file);
	free(payload);
	free(zeros);
}

static void test_writer_refuses_what_the_reader_would(void **state)
{
	(void)state;
	unsigned char *out;
	size_t len;
	struct error err;
	error_clear(&err);
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	snprintf(h.origin, sizeof(h.origin), "WS 03");
	assert_int_equal(bundle_write(&h, NULL, 0, auth_key, &out, &len, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "'WS 03'");
	h = header(BUNDLE_WATCHLIST, "live");
	h.seq_to = 4;
	assert_int_equal(bundle_write(&h, NULL, 0, auth_key, &out, &len, &err), -ERR_USAGE);
	h = header(BUNDLE_RECORDS, "live");
	h.head_hash[0] = '\0';
	assert_int_equal(bundle_write(&h, NULL, 0, auth_key, &out, &len, &err), -ERR_USAGE);
	h = header(BUNDLE_WATCHLIST, "Live");
	assert_int_equal(bundle_write(&h, NULL, 0, auth_key, &out, &len, &err), -ERR_USAGE);
	/* not an Ed25519 key */
	EVP_PKEY *ec = EVP_EC_gen("P-256");
	h = header(BUNDLE_WATCHLIST, "live");
	assert_int_equal(bundle_write(&h, NULL, 0, ec, &out, &len, &err), -ERR_USAGE);
	assert_null(out);
	EVP_PKEY_free(ec);
	char origin[64];
	bundle_origin_of("KHORGOS 1 / WS 03", origin);
	assert_string_equal(origin, "KHORGOS_1___WS_03");
	assert_true(bundle_origin_valid(origin));
	bundle_origin_of("", origin);
	assert_string_equal(origin, "_");
}

static void test_refusal_names_are_stable(void **state)
{
	(void)state;
	const char *names[] = {
		"ok",          "syntax",        "version",      "truncated",       "unknown_key",
		"wrong_realm", "bad_signature", "payload_hash", "corrupt_payload", "too_large"
	};
	for (int i = 0; i <= BUNDLE_TOO_LARGE; i++)
		assert_string_equal(bundle_refusal_name((enum bundle_refusal)i), names[i]);
	assert_string_equal(bundle_kind_name(BUNDLE_RECORDS), "records");
}

/* ---- manifests ---- */

static struct manifest manifest_of(int n, struct manifest_item *items)
{
	struct manifest m = { .latest = n ? items[n - 1].seq : 0, .n = n, .items = items };
	snprintf(m.origin, sizeof(m.origin), "HQ-NATIONAL");
	snprintf(m.realm, sizeof(m.realm), "live");
	snprintf(m.created, sizeof(m.created), "2026-11-22T04:44:21Z");
	snprintf(m.expires, sizeof(m.expires), "2026-11-29T04:44:21Z");
	return m;
}

static void items3(struct manifest_item items[3])
{
	for (int i = 0; i < 3; i++) {
		char data[2] = { (char)('a' + i), 0 };
		items[i].seq = 5 + i;
		bundle_name((const unsigned char *)data, 1, items[i].name);
		items[i].size = 1000 + (uint64_t)i;
	}
}

static char *manifest_ok(const struct manifest *m, EVP_PKEY *key, size_t *len)
{
	char *text;
	struct error err;
	error_clear(&err);
	TU_OK(manifest_write(m, key, &text, len, &err), &err);
	return text;
}

static void manifest_refused(const char *buf, size_t len, const struct bundle_keyring *ring,
			     enum bundle_refusal why, const char *says)
{
	struct manifest m;
	struct error err;
	error_clear(&err);
	int rc = manifest_read(buf, len, ring, &m, &err);
	enum error_code code = why <= BUNDLE_TRUNCATED ? ERR_USAGE : ERR_FINDING;
	if (rc != -(int)code || m.refusal != why)
		fail_msg("expected %s, got %s (%d): %s", bundle_refusal_name(why),
			 bundle_refusal_name(m.refusal), rc, err.msg);
	assert_null(m.items);
	assert_int_equal(m.n, 0);
	if (says)
		TU_CONTAINS(err.msg, says);
}

static void test_manifest_round_trip(void **state)
{
	(void)state;
	struct manifest_item items[3];
	items3(items);
	struct manifest m = manifest_of(3, items);
	size_t len;
	char *text = manifest_ok(&m, auth_key, &len);
	assert_memory_equal(text, "SHEKARA-MANIFEST 1\norigin: HQ-NATIONAL\n", 39);
	TU_CONTAINS(text, "count: 3\nbundle: 5 ");
	struct manifest back;
	struct error err;
	error_clear(&err);
	TU_OK(manifest_read(text, len, &live_ring, &back, &err), &err);
	assert_string_equal(back.origin, "HQ-NATIONAL");
	assert_string_equal(back.realm, "live");
	assert_int_equal(back.latest, 7);
	assert_string_equal(back.expires, "2026-11-29T04:44:21Z");
	assert_string_equal(back.key_id, ring_keys[0].key_id);
	assert_int_equal(back.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(back.items[i].seq, items[i].seq);
		assert_string_equal(back.items[i].name, items[i].name);
		assert_int_equal(back.items[i].size, items[i].size);
	}
	manifest_free(&back);
	assert_null(back.items);
	free(text);

	/* an empty manifest: nothing published yet */
	m = manifest_of(0, NULL);
	text = manifest_ok(&m, auth_key, &len);
	TU_OK(manifest_read(text, len, &live_ring, &back, &err), &err);
	assert_int_equal(back.n, 0);
	assert_int_equal(back.latest, 0);
	manifest_free(&back);
	free(text);
}

/* tmpl with every "NAME" replaced by name */
static void subst(const char *tmpl, const char *name, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = tmpl; *p && o + 80 < cap;) {
		if (strncmp(p, "NAME", 4) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "%s", name);
			p += 4;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

static void test_manifest_refusals(void **state)
{
	(void)state;
	struct manifest_item items[3];
	items3(items);
	struct manifest m = manifest_of(3, items);
	size_t len;
	char *text = manifest_ok(&m, auth_key, &len);
	for (size_t cut = 0; cut < len; cut++)
		manifest_refused(text, cut, &live_ring, BUNDLE_TRUNCATED, "truncated");
	text[len - 1] ^= 1;
	manifest_refused(text, len, &live_ring, BUNDLE_BAD_SIGNATURE, "does not verify");
	text[len - 1] ^= 1;
	char *latest = strstr(text, "latest: 7");
	latest[8] = '9';
	manifest_refused(text, len, &live_ring, BUNDLE_SYNTAX, "latest (9)");
	latest[8] = '7';
	free(text);

	text = manifest_ok(&m, other_key, &len);
	manifest_refused(text, len, &live_ring, BUNDLE_UNKNOWN_KEY, "not an active key");
	free(text);
	snprintf(m.realm, sizeof(m.realm), "training");
	text = manifest_ok(&m, auth_key, &len);
	manifest_refused(text, len, &live_ring, BUNDLE_WRONG_REALM, "manifest comes from training");
	free(text);
	m = manifest_of(3, items);
	text = manifest_ok(&m, auth_key, &len);
	manifest_refused(text, len, &training_ring, BUNDLE_WRONG_REALM, "live realm");
	free(text);

	/* hand-made texts: syntax is judged before the signature */
	static const char *const bad[] = {
		"origin: HQ\nrealm: live\nlatest: 0\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-21T04:44:21Z\nkey-id: 0123456789abcdef\ncount: 0\n\n",
		"origin: HQ\nrealm: live\nlatest: 0\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-29T04:44:21Z\nkey-id: 0123456789abcdef\ncount: 1\n\n",
		"origin: HQ\nrealm: live\nlatest: 2\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-29T04:44:21Z\nkey-id: 0123456789abcdef\ncount: 2\n"
		"bundle: 2 NAME 10\nbundle: 2 NAME 10\n\n",
		"origin: HQ\nrealm: live\nlatest: 1\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-29T04:44:21Z\nkey-id: 0123456789abcdef\ncount: 1\n"
		"bundle: 1 ../../../etc/passwd 10\n\n",
		"origin: HQ\nrealm: live\nlatest: 1\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-29T04:44:21Z\ncount: 1\nbundle: 1 NAME 10\n"
		"key-id: 0123456789abcdef\n\n",
		"origin: HQ\nrealm: live\nlatest: 1\ncreated: 2026-11-22T04:44:21Z\n"
		"expires: 2026-11-29T04:44:21Z\nkey-id: 0123456789abcdef\ncount: 1\n"
		"bundle: 1 NAME 0\n\n",
	};
	static const char *const says[] = {
		"'expires'",
		"count says 1",
		"must increase",
		"SEQ NAME SIZE",
		"key 'key-id' is missing",
		"SEQ NAME SIZE",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body_text[1024], full[1200];
		subst(bad[i], items[0].name, body_text, sizeof(body_text));
		int n = snprintf(full, sizeof(full), "SHEKARA-MANIFEST 1\n%s", body_text);
		memset(full + n, 0, 64);
		manifest_refused(full, (size_t)n + 64, &live_ring, BUNDLE_SYNTAX, says[i]);
	}
}

static void test_manifest_writer_refuses_a_list_that_does_not_rise(void **state)
{
	(void)state;
	struct manifest_item items[3];
	items3(items);
	items[2].seq = 5;
	struct manifest m = manifest_of(3, items);
	m.latest = 6;
	char *text;
	size_t len;
	struct error err;
	error_clear(&err);
	assert_int_equal(manifest_write(&m, auth_key, &text, &len, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "entry 3");
	m = manifest_of(0, NULL);
	m.expires[0] = '\0';
	assert_int_equal(manifest_write(&m, auth_key, &text, &len, &err), -ERR_USAGE);
	assert_null(text);
}

/* ---- fuzz seeds ---- */

/* The seeds in tests/fuzz/corpus/fuzz_bundle and fuzz_manifest are files made here with
 * the fuzz targets' keys; run with SHEKARA_WRITE_SEEDS=1 from the source directory to
 * write them anew. Otherwise the committed ones are checked to verify, so the fuzzer
 * always starts from files that reach past the signature. */
static int writing_seeds(void)
{
	const char *w = getenv("SHEKARA_WRITE_SEEDS");
	return w && *w;
}

static void seed(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (writing_seeds())
		tu_write_file(path, data, len);
}

static char *seed_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return tu_read_file(path, len);
}

static void make_seeds(const char *bdir, const char *mdir)
{
	size_t len;
	unsigned char *cs = body(200);
	struct bundle_header h = header(BUNDLE_WATCHLIST, "live");
	unsigned char *f = write_ok(&h, cs, 200, auth_key, &len);
	seed(bdir, "watchlist.bundle", f, len);
	free(f);
	h = header(BUNDLE_RECORDS, "live");
	f = write_ok(&h, cs, 60, auth_key, &len);
	seed(bdir, "records.bundle", f, len);
	free(f);
	h = header(BUNDLE_WATCHLIST, "training");
	f = write_ok(&h, cs, 10, train_key, &len);
	seed(bdir, "training.bundle", f, len);
	free(f);
	free(cs);
	struct manifest_item items[3];
	items3(items);
	struct manifest m = manifest_of(3, items);
	char *t = manifest_ok(&m, auth_key, &len);
	seed(mdir, "three.manifest", t, len);
	free(t);
	m = manifest_of(0, NULL);
	t = manifest_ok(&m, auth_key, &len);
	seed(mdir, "empty.manifest", t, len);
	free(t);
	/* key files, which fuzz_manifest reads too: a plain one and a rollover */
	char pub[64], text[512], vouch[100];
	EVP_EncodeBlock((unsigned char *)pub, ring_keys[1].pub, 32);
	int n = snprintf(text, sizeof(text),
			 "SHEKARA-KEY 1\nname: HQ\nkey-id: %s\nrealm: training\npublic: %s\n",
			 ring_keys[1].key_id, pub);
	memcpy(text + n, "\n", 2);
	seed(mdir, "authority.pub", text, (size_t)n + 1);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "vouched-by: %s\n", ring_keys[0].key_id);
	unsigned char sig[64];
	assert_int_equal(bundle_sign(auth_key, text, (size_t)n, sig), 0);
	EVP_EncodeBlock((unsigned char *)vouch, sig, 64);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "vouch: %s\n\n", vouch);
	seed(mdir, "rollover.pub", text, (size_t)n);
}

static void test_fuzz_seeds_are_valid_signed_files(void **state)
{
	(void)state;
	const char *bdir = "tests/fuzz/corpus/fuzz_bundle",
		   *mdir = "tests/fuzz/corpus/fuzz_manifest";
	if (writing_seeds()) {
		mkdir(bdir, 0755);
		mkdir(mdir, 0755);
		make_seeds(bdir, mdir);
	}
	if (!tu_exists(bdir) || !tu_exists(mdir))
		skip(); /* run outside the source tree */
	static const char *const bundles[] = { "watchlist.bundle", "records.bundle",
					       "training.bundle" };
	for (int i = 0; i < 3; i++) {
		size_t len, cs_len;
		unsigned char *buf = (unsigned char *)seed_file(bdir, bundles[i], &len), *cs;
		struct bundle_header h;
		struct error err;
		error_clear(&err);
		if (!buf)
			fail_msg("%s/%s is missing", bdir, bundles[i]);
		TU_OK(bundle_read(buf, len, i == 2 ? &training_ring : &live_ring, 4096, &h, &cs,
				  &cs_len, &err),
		      &err);
		free(cs);
		free(buf);
	}
	static const char *const manifests[] = { "three.manifest", "empty.manifest" };
	for (int i = 0; i < 2; i++) {
		size_t len;
		char *buf = seed_file(mdir, manifests[i], &len);
		struct manifest m;
		struct error err;
		error_clear(&err);
		if (!buf)
			fail_msg("%s/%s is missing", mdir, manifests[i]);
		TU_OK(manifest_read(buf, len, &live_ring, &m, &err), &err);
		manifest_free(&m);
		free(buf);
	}
	static const char *const keyfiles[] = { "authority.pub", "rollover.pub" };
	for (int i = 0; i < 2; i++) {
		size_t len;
		char *buf = seed_file(mdir, keyfiles[i], &len);
		struct keys_file kf;
		struct error err;
		error_clear(&err);
		if (!buf)
			fail_msg("%s/%s is missing", mdir, keyfiles[i]);
		TU_OK(keys_file_parse(buf, len, &kf, &err), &err);
		assert_int_equal(kf.vouched, i == 1);
		if (kf.vouched)
			assert_true(bundle_verify(ring_keys[0].pub, buf, kf.signed_len, kf.vouch));
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_watchlist_bundle_round_trip),
		cmocka_unit_test(test_records_bundle_carries_the_audit_head),
		cmocka_unit_test(test_empty_changeset_round_trips_and_created_defaults_to_now),
		cmocka_unit_test(test_bundle_name_is_the_sha256_of_the_whole_file),
		cmocka_unit_test(test_training_bundle_round_trips_in_a_training_ring),
		cmocka_unit_test(test_header_syntax_is_refused_line_by_line),
		cmocka_unit_test(test_header_over_4_kib_is_refused),
		cmocka_unit_test(test_truncated_at_every_length_is_refused_as_truncated),
		cmocka_unit_test(test_bytes_after_the_signature_are_refused),
		cmocka_unit_test(test_key_missing_from_the_ring_is_an_unknown_key),
		cmocka_unit_test(test_training_and_live_never_mix),
		cmocka_unit_test(test_flipped_signature_byte_is_a_bad_signature),
		cmocka_unit_test(test_flipped_payload_or_header_byte_is_a_bad_signature),
		cmocka_unit_test(test_signed_payload_with_another_hash_is_refused),
		cmocka_unit_test(test_signed_payload_that_is_not_zstd_is_corrupt),
		cmocka_unit_test(test_zstd_bomb_over_max_changeset_is_refused),
		cmocka_unit_test(test_writer_refuses_what_the_reader_would),
		cmocka_unit_test(test_refusal_names_are_stable),
		cmocka_unit_test(test_manifest_round_trip),
		cmocka_unit_test(test_manifest_refusals),
		cmocka_unit_test(test_manifest_writer_refuses_a_list_that_does_not_rise),
		cmocka_unit_test(test_fuzz_seeds_are_valid_signed_files),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
