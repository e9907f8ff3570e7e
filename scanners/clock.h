/* Wall-clock time as stored and shown: UTC, ISO 8601. Lowest layer so every layer
 * writes timestamps the same way. */
#ifndef SHEKARA_CLOCK_H
#define SHEKARA_CLOCK_H

#include <stddef.h>
#include <time.h>

/* "2026-11-22T04:44:21.123Z" */
void clock_utc_iso(char *buf, size_t len);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.fff]Z" as UTC; -1 when malformed or an
 * impossible date. */
int clock_parse_iso(const char *s, time_t *out);

#endif
