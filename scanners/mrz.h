/* The machine-readable zone (ICAO Doc 9303 Parts 3-7): parse, validate, compose.
 *
 * Text in, struct document out. Input is hostile: any bytes, any length. Lines may be
 * separated by LF, CR or CRLF, with surrounding spaces; lower case is not accepted as
 * upper case (readers never produce it, and Doc 9303 forbids it), but it is reported. */
#ifndef SHEKARA_MRZ_H
#define SHEKARA_MRZ_H

#include <stddef.h>
#include <time.h>

#include "scanners/document.h"
#include "scanners/error.h"

/* Parses one document. now (UTC seconds) resolves two-digit years and expiry. Returns 0
 * when the text has the shape of an MRZ (lines and format recognised; checks in out may
 * still fail) and -ERR_USAGE with a message when it is not an MRZ at all. */
int mrz_parse(const char *text, size_t len, time_t now, struct document *out, struct error *err);

/* The 7-3-1 check digit of n characters ('<' and letters weighted as in 9303 Part 3);
 * '0'..'9', or -1 when a character is outside A-Z, 0-9, <. */
int mrz_check_digit(const char *s, size_t n);

/* The key fields an officer types when a reader fails. */
struct mrz_fields {
	enum doc_format format; /* TD1, TD2 or TD3 */
	const char *doc_code;   /* "P", "I", "ID" ... */
	const char *issuer;
	const char *number;
	const char *surname;
	const char *given_names;
	const char *nationality;
	const char *birth;  /* YYMMDD */
	const char *sex;    /* "M", "F", "X" */
	const char *expiry; /* YYMMDD */
	const char *optional;
};

/* Writes the MRZ lines (with every check digit computed) for fields; names are
 * transliterated to A-Z and truncated as 9303 Part 3 describes. Returns the number of
 * lines, or -ERR_USAGE when a field cannot go into an MRZ. */
int mrz_compose(const struct mrz_fields *f, char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1],
		struct error *err);

/* Whether a line could be part of an MRZ: 30, 36 or 44 characters of A-Z, 0-9, <.
 * Used to tell a reader's burst from typing. */
int mrz_line_shaped(const char *line, size_t len);

#endif
