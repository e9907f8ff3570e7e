/* libFuzzer target: dates typed on the command line (audit export --since). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/clock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	time_t t;
	if (clock_parse_iso(s, &t) == 0) {
		/* an accepted date is a real one: it prints back to the same day */
		struct tm tm;
		char day[16];
		if (!gmtime_r(&t, &tm))
			abort();
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		if (strncmp(day, s, 10) != 0)
			abort();
	}
	return 0;
}
