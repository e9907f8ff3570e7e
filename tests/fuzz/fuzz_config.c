/* libFuzzer target: the ini parser of shekara.conf (app/config.c). A config file is
 * outside input: whatever it holds, parsing must not crash, and a refused file must
 * leave the settings exactly as they were. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config base;
	static int ready;
	if (!ready) {
		setenv("HOME", "/nonexistent", 1);
		if (config_defaults(&base, NULL) < 0)
			abort();
		ready = 1;
	}
	struct config cfg = base;
	struct error err;
	if (config_parse(&cfg, (const char *)data, size, "fuzz.conf", &err) < 0) {
		if (memcmp(&cfg, &base, sizeof(cfg)) != 0)
			abort(); /* a refused file changed a setting */
		if (err.msg[0] == '\0')
			abort(); /* refused without saying why */
	}
	return 0;
}
