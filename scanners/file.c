#include "scanners/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n/i18n.h"

int file_read_all(const char *path, size_t max, unsigned char **data, size_t *len,
		  struct error *err)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	size_t cap = max + 2 < (size_t)64 << 10 ? max + 2 : (size_t)64 << 10, n = 0;
	unsigned char *buf = malloc(cap);
	int rc = 0;
	for (;;) {
		if (!buf) {
			rc = error_set(err, ERR_IO, "%s", _("out of memory"));
			break;
		}
		if (n + 1 == cap) { /* the last byte is kept for the NUL */
			if (n > max) {
				rc = error_set(err, ERR_USAGE,
					       _("'%s' is larger than %d MB; refused unread"), path,
					       (int)(max >> 20));
				break;
			}
			/* one byte more than allowed tells a file that is too large */
			size_t more_cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			unsigned char *more = realloc(buf, more_cap);
			if (!more) {
				rc = error_set(err, ERR_IO, "%s", _("out of memory"));
				break;
			}
			buf = more;
			cap = more_cap;
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = error_set(err, ERR_IO, _("cannot read '%s': %s"), path,
				       strerror(errno));
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (rc == 0 && n > max)
		rc = error_set(err, ERR_USAGE, _("'%s' is larger than %d MB; refused unread"), path,
			       (int)(max >> 20));
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
