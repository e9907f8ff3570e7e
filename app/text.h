/* Plain-text helpers shared by printouts (reports, CSV exports) and the screens that
 * show the same facts. */
#ifndef SHEKARA_TEXT_H
#define SHEKARA_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* The next line of text to fit in room terminal columns (wcwidth: a combining mark
 * takes none, a wide character two), broken at the last space rather than inside a
 * word: returns its length in bytes and sets *next past the spaces that follow it. At
 * least one character is taken, however narrow the room. */
size_t text_wrap(const char *p, int room, const char **next);

/* Characters in UTF-8 text (not bytes): limits that officers read as "characters". */
size_t text_chars(const char *s);

/* A stored UTC timestamp to the minute for people, the date as the officer's language
 * writes it (lang_date): "2026-11-22T04:44:21.123Z" -> "2026-11-22 04:44" in English,
 * "22.11.2026 04:44" in Russian; returns buf. */
const char *text_minute(const char *iso, char *buf, size_t len);

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, its
 * quotes doubled; then a comma, or CRLF after the last field of a row. */
void text_csv_field(FILE *out, const char *s, int last);

#endif
