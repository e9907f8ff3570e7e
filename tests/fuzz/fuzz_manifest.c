/* libFuzzer target: the signed text files of sync, manifests (app/manifest.c) and public
 * key files (app/keys.c), both read from a server or a USB stick before anything is
 * trusted. Whatever the bytes, reading must return; a refusal must say why, and an
 * accepted manifest must hold what the format promises (names safe in a path, rising
 * sequence numbers up to latest). The ring holds the fixed keys of
 * tests/unit/test_bundle.c, which makes the seeds in tests/fuzz/corpus/fuzz_manifest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "app/bundle.h"
#include "app/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the seeds of tests/unit/test_bundle.c */
static const unsigned char SEED_AUTH[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
					     12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
					     23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

static struct bundle_key key;

static void check_manifest(const char *buf, size_t size)
{
	if (!key.key_id[0]) {
		EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, SEED_AUTH, 32);
		if (!k || bundle_public_of(k, key.pub) < 0)
			abort();
		EVP_PKEY_free(k);
		bundle_key_id(key.pub, key.key_id);
	}
	struct bundle_keyring ring = { &key, 1, 0 };
	struct manifest m;
	struct error err;
	error_clear(&err);
	if (manifest_read(buf, size, &ring, &m, &err) < 0) {
		if (!err.msg[0] || m.refusal == BUNDLE_OK || m.items || m.n)
			abort();
		return;
	}
	if (m.n < 0 || m.n > MANIFEST_MAX_ITEMS || (m.n && m.items[m.n - 1].seq != m.latest))
		abort();
	for (int i = 0; i < m.n; i++)
		if (!bundle_name_valid(m.items[i].name) ||
		    (i && m.items[i].seq <= m.items[i - 1].seq))
			abort();
	manifest_free(&m);
}

static void check_key_file(const char *buf, size_t size)
{
	struct keys_file kf;
	struct error err;
	error_clear(&err);
	if (keys_file_parse(buf, size, &kf, &err) < 0) {
		if (!err.msg[0])
			abort();
		return;
	}
	char id[17];
	bundle_key_id(kf.pub, id);
	if (strcmp(id, kf.key_id) != 0 || !bundle_origin_valid(kf.name) ||
	    (kf.vouched && kf.signed_len >= size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_manifest((const char *)data, size);
	check_key_file((const char *)data, size);
	return 0;
}
