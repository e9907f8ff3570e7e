#include "app/password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "i18n/i18n.h"

enum { SALT_LEN = 16, KEY_LEN = 32, COST_LOG2 = 15, BLOCK = 8, PARALLEL = 1 };

static int scrypt(const char *pw, const unsigned char *salt, size_t saltlen, int ln, int r, int p,
		  unsigned char *key)
{
	uint64_t n = (uint64_t)1 << ln;
	/* 128 * r * N for V, plus the block buffers; give it a little room */
	uint64_t maxmem = 128 * (uint64_t)r * n * 2 + 1024 * 1024;
	return EVP_PBE_scrypt(pw, strlen(pw), salt, saltlen, n, (uint64_t)r, (uint64_t)p, maxmem,
			      key, KEY_LEN) == 1
		       ? 0
		       : -1;
}

int password_hash(const char *password, char *out, size_t len, struct error *err)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char salt64[32], key64[48];
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return error_set(err, ERR_IO, _("no random numbers for the password salt"));
	if (scrypt(password, salt, sizeof(salt), COST_LOG2, BLOCK, PARALLEL, key) < 0)
		return error_set(err, ERR_IO, _("password hashing failed"));
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)key64, key, sizeof(key));
	OPENSSL_cleanse(key, sizeof(key));
	if (snprintf(out, len, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", COST_LOG2, BLOCK, PARALLEL, salt64,
		     key64) >= (int)len)
		return error_set(err, ERR_IO, "password hash buffer too small");
	return 0;
}

/* Decodes base64 of exactly want bytes (with its padding). */
static int decode(const char *b64, size_t b64len, unsigned char *out, size_t want)
{
	unsigned char buf[64];
	if (b64len == 0 || b64len % 4 || b64len / 4 * 3 > sizeof(buf))
		return -1;
	int n = EVP_DecodeBlock(buf, (const unsigned char *)b64, (int)b64len);
	if (n < 0)
		return -1;
	size_t pad = (b64[b64len - 1] == '=') + (b64[b64len - 2] == '=');
	if ((size_t)n - pad != want)
		return -1;
	memcpy(out, buf, want);
	return 0;
}

int password_verify(const char *password, const char *stored)
{
	int ln, r, p, used = 0;
	if (sscanf(stored, "$scrypt$ln=%d,r=%d,p=%d$%n", &ln, &r, &p, &used) != 3 || !used)
		return 0;
	/* A tampered row must not make a login take gigabytes or minutes: accept costs up
	 * to twice today's memory (64 MiB) and a little parallelism, nothing more. */
	if (ln < 10 || ln > 17 || r < 1 || r > 16 || p < 1 || p > 4 ||
	    128 * (uint64_t)r * ((uint64_t)1 << ln) > 64 * 1024 * 1024)
		return 0;
	const char *salt64 = stored + used;
	const char *dollar = strchr(salt64, '$');
	if (!dollar)
		return 0;
	unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
	if (decode(salt64, (size_t)(dollar - salt64), salt, SALT_LEN) < 0 ||
	    decode(dollar + 1, strlen(dollar + 1), want, KEY_LEN) < 0)
		return 0;
	if (scrypt(password, salt, SALT_LEN, ln, r, p, got) < 0)
		return 0;
	int ok = CRYPTO_memcmp(got, want, KEY_LEN) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

void password_verify_dummy(const char *password)
{
	unsigned char salt[SALT_LEN] = { 0 }, key[KEY_LEN];
	scrypt(password, salt, SALT_LEN, COST_LOG2, BLOCK, PARALLEL, key);
	OPENSSL_cleanse(key, sizeof(key));
}
