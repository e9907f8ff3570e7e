#include "scanners/error.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(struct error *err, enum error_code code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -(int)code;
}

void error_clear(struct error *err)
{
	if (err) {
		err->code = ERR_OK;
		err->msg[0] = '\0';
	}
}

int error_why(char *why, size_t why_len, const char *fmt, ...)
{
	if (why && why_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -1;
}
