/* Reading a whole file from outside (an image, a manifest, a scenario) with a bound:
 * read() until the end rather than trusting stat's size (a pipe or a device has none,
 * and /dev/zero never ends), one byte past the bound telling a file that is too large. */
#ifndef SHEKARA_FILE_H
#define SHEKARA_FILE_H

#include <stddef.h>

#include "scanners/error.h"

/* The whole file at path, at most max bytes: 0 with *data (malloc'd, one NUL byte after
 * the *len bytes read, so text parsers may stop there) and *len; -ERR_IO when it cannot
 * be read, -ERR_USAGE when it is larger than max (nothing kept). */
int file_read_all(const char *path, size_t max, unsigned char **data, size_t *len,
		  struct error *err);

#endif
