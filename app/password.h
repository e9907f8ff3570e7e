/* Password hashing: scrypt (OpenSSL), salted, slow, memory-hard.
 *
 * Stored form: "$scrypt$ln=15,r=8,p=1$SALT$HASH" with SALT (16 bytes) and HASH (32
 * bytes) in base64. The cost is in the string, so it can be raised later and old hashes
 * still verify. N = 2^15, r = 8 takes 32 MiB and about 0.1 s on the 2-core laptops of the
 * posts: cheap for one login, ruinous for guessing offline from a stolen disk. */
#ifndef SHEKARA_PASSWORD_H
#define SHEKARA_PASSWORD_H

#include <stddef.h>

#include "scanners/error.h"

#define PASSWORD_HASH_MAX 160

int password_hash(const char *password, char *out, size_t len, struct error *err);
/* 1 when password matches stored, 0 when not or when stored is malformed. */
int password_verify(const char *password, const char *stored);
/* Spends the same time as a real verify, so an unknown user name cannot be told from a
 * wrong password by timing. */
void password_verify_dummy(const char *password);

#endif
