/* struct error: how every layer hands a failure up (STYLE.md 6).
 *
 * It lives in scanners/, the lowest layer, because db/, app/ and screens/ all return it
 * and dependencies point one way. The code says what kind of failure it is, and maps to
 * the command-line exit codes of DESIGN.md; the message is for a person and is already
 * translated by the function that wrote it. */
#ifndef SHEKARA_ERROR_H
#define SHEKARA_ERROR_H

#include <stddef.h>

enum error_code {
	ERR_OK = 0,
	ERR_FINDING = 1, /* a check failed: hit, broken chain, wrong password */
	ERR_USAGE = 2,   /* bad arguments or unparseable input */
	ERR_IO = 3,      /* file, device or database error */
	ERR_DENIED = 4,  /* the officer's role does not allow it, or the account is locked */
};

struct error {
	enum error_code code;
	char msg[512];
};

/* Fills err (which may be NULL) and returns -code, so callers can write
 * `return error_set(err, ERR_IO, ...);`. */
int error_set(struct error *err, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void error_clear(struct error *err);
/* The same for the parsers of outside input, which give a short English reason in a
 * plain buffer (why may be NULL): fills it and returns -1. */
int error_why(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
