/* Wall-clock time as stored and shown: UTC, ISO 8601. Lowest layer so every layer
 * writes timestamps the same way. */
#ifndef SHEKARA_CLOCK_H
#define SHEKARA_CLOCK_H

#include <stddef.h>
#include <time.h>

#include "scanners/document.h"

/* "2026-11-22T04:44:21.123Z" */
void clock_utc_iso(char *buf, size_t len);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.fff]Z" as UTC; -1 when malformed or an
 * impossible date. */
int clock_parse_iso(const char *s, time_t *out);

/* Today's date, UTC (2000-01-01 should the clock be unreadable). */
void clock_today(struct doc_date *d);
/* Days in month (1-12) of year; with the year unknown (0), February has 29. */
int clock_month_days(int year, int month);

#endif
