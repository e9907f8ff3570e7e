/* libFuzzer target: the stored password hash format (app/password.c). The officers
 * table can be edited by anyone holding the file; a hostile hash string must be
 * rejected, never crash or ask for unbounded memory. Input: password NUL stored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/password.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 512)
		return 0;
	char buf[520];
	memcpy(buf, data, size);
	buf[size] = '\0';
	const char *password = buf;
	const char *stored = memchr(buf, '\0', size) ? buf + strlen(buf) + 1 : "";
	if (stored > buf + size)
		stored = "";
	(void)password_verify(password, stored);
	return 0;
}
