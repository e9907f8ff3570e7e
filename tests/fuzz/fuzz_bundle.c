/* libFuzzer target: sync bundles (app/bundle.c), which arrive over a bad line or on a USB
 * stick. Whatever the bytes, reading them must return; a refusal must say why (a machine
 * reason and a message), and anything accepted must be a well-formed, verified bundle.
 * The ring holds the fixed keys of tests/unit/test_bundle.c, which makes the seeds in
 * tests/fuzz/corpus/fuzz_bundle (SHEKARA_WRITE_SEEDS=1 build/unit/test_bundle), so
 * mutations of a valid file reach every check up to the signature. The zstd step, which
 * only signed payloads reach, is fuzzed on the raw input as well. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "app/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the seeds of tests/unit/test_bundle.c */
static const unsigned char SEED_AUTH[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
					     12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
					     23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const unsigned char SEED_TRAIN[32] = { 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
					      44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,
					      55, 56, 57, 58, 59, 60, 61, 62, 63, 64 };

static struct bundle_key keys[2];

static void init_key(struct bundle_key *k, const unsigned char seed[32], int training)
{
	EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	if (!key || bundle_public_of(key, k->pub) < 0)
		abort();
	EVP_PKEY_free(key);
	bundle_key_id(k->pub, k->key_id);
	k->training = training;
}

static void check(const uint8_t *data, size_t size, int training)
{
	static int ready;
	if (!ready) {
		init_key(&keys[0], SEED_AUTH, 0);
		init_key(&keys[1], SEED_TRAIN, 1);
		ready = 1;
	}
	struct bundle_keyring ring = { keys, 2, training };
	struct bundle_header h;
	unsigned char *cs;
	size_t cs_len;
	struct error err;
	error_clear(&err);
	if (bundle_read(data, size, &ring, 1 << 16, &h, &cs, &cs_len, &err) < 0) {
		if (!err.msg[0] || h.refusal == BUNDLE_OK || cs)
			abort(); /* a refusal always says why, and hands nothing back */
		return;
	}
	if (h.refusal != BUNDLE_OK || !cs || cs_len > 1 << 16 || h.seq_from < 1 ||
	    h.seq_to < h.seq_from || h.base != h.seq_from - 1 || !bundle_origin_valid(h.origin) ||
	    strlen(h.key_id) != 16)
		abort();
	free(cs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, 0);
	check(data, size, 1);
	char name[80];
	bundle_name(data, size, name);
	if (!bundle_name_valid(name))
		abort();
	unsigned char *out;
	size_t out_len;
	enum bundle_refusal why = BUNDLE_OK;
	struct error err;
	error_clear(&err);
	if (bundle_decompress(data, size, 1 << 16, &out, &out_len, &why, &err) == 0) {
		if (out_len > 1 << 16)
			abort();
		free(out);
	} else if (out || (why != BUNDLE_CORRUPT_PAYLOAD && why != BUNDLE_TOO_LARGE)) {
		abort();
	}
	return 0;
}
