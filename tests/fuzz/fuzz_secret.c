/* libFuzzer target: reading a password from a provisioning file (app/secret.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[SECRET_MAX];
	struct error err;
	if (secret_parse((const char *)data, size, buf, sizeof(buf), &err) == 0) {
		size_t n = strlen(buf);
		/* a secret is non-empty, one line, and a prefix of the input */
		if (n == 0 || n >= sizeof(buf) || memchr(buf, '\n', n) || memcmp(buf, data, n) != 0)
			abort();
	}
	return 0;
}
