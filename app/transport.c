/* Transports of sync bundles: what is common, and the directory (USB stick) transport.
 * HTTP(S) is in app/transport_http.c. */
#include "app/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/paths.h"
#include "i18n/i18n.h"

#define DEFAULT_MAX_SIZE (256L * 1024 * 1024)
#define NAME_MAX_LEN     200 /* leaves room for ".part" and ".tmp" within NAME_MAX */
#define IO_CHUNK         65536

struct transport {
	char *location; /* as given (a directory without trailing slashes) */
	char *display;  /* for messages: without a password */
	struct transport_opts o;
	struct transport_stats stats;
	struct transport_http *http; /* NULL for a directory */
	int not_found;
};

void transport_opts_defaults(struct transport_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = 20;
	o->low_speed_bytes = 10;
	o->low_speed_time_s = 60;
	o->retries = 5;
	o->backoff_ms = 5000;
	o->max_size = DEFAULT_MAX_SIZE;
}

/* Zero means "the default" for the limits that cannot sensibly be zero. */
static void fill_defaults(struct transport_opts *o)
{
	if (o->connect_timeout_s <= 0)
		o->connect_timeout_s = 20;
	if (o->low_speed_bytes <= 0)
		o->low_speed_bytes = 10;
	if (o->low_speed_time_s <= 0)
		o->low_speed_time_s = 60;
	if (o->retries < 0)
		o->retries = 0;
	if (o->backoff_ms < 0)
		o->backoff_ms = 0;
	if (o->max_size <= 0)
		o->max_size = DEFAULT_MAX_SIZE;
}

int transport_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > NAME_MAX_LEN || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	/* the transports' own temporary files must never be mistaken for a bundle */
	if ((n > 4 && strcmp(name + n - 4, ".tmp") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".part") == 0))
		return 0;
	return 1;
}

static int check_name(const char *name, struct error *err)
{
	if (transport_name_ok(name))
		return 0;
	/* TRANSLATORS: sync file names are restricted so that they cannot escape the
	   sync directory or address */
	return error_set(err, ERR_USAGE,
			 _("'%s' is not a valid sync file name (letters, digits, '.', '_' "
			   "and '-' only)"),
			 name ? name : "");
}

static int is_http(const char *location)
{
	return strncasecmp(location, "http://", 7) == 0 ||
	       strncasecmp(location, "https://", 8) == 0;
}

int transport_open(const char *location, const struct transport_opts *o, struct transport **out,
		   struct error *err)
{
	*out = NULL;
	if (!location || !*location)
		return error_set(err, ERR_USAGE, _("no sync location given"));
	struct transport *t = calloc(1, sizeof(*t));
	if (!t)
		return error_set(err, ERR_IO, _("out of memory"));
	if (o)
		t->o = *o;
	else
		transport_opts_defaults(&t->o);
	fill_defaults(&t->o);
	t->location = strdup(location);
	if (!t->location)
		goto nomem;
	if (is_http(location)) {
		char display[4096];
		if (transport_http_display(location, display, sizeof(display)) < 0) {
			transport_close(&t);
			return error_set(err, ERR_USAGE,
					 _("'%s' is not a valid address; give an http:// or "
					   "https:// URL or a directory"),
					 location);
		}
		t->display = strdup(display);
		if (!t->display)
			goto nomem;
		if (transport_http_open(location, &t->o, &t->http, err) < 0) {
			transport_close(&t);
			return -ERR_IO;
		}
		*out = t;
		return 0;
	}
	if (strstr(location, "://")) {
		transport_close(&t);
		return error_set(err, ERR_USAGE,
				 _("cannot sync with '%s': only http://, https:// and "
				   "directories are supported"),
				 location);
	}
	size_t n = strlen(t->location);
	while (n > 1 && t->location[n - 1] == '/')
		t->location[--n] = '\0';
	t->display = strdup(t->location);
	if (!t->display)
		goto nomem;
	struct stat sb;
	if (stat(t->location, &sb) != 0) {
		int e = errno;
		transport_close(&t);
		return error_set(err, ERR_IO,
				 _("cannot open the sync directory '%s': %s; is the USB stick "
				   "plugged in and mounted?"),
				 location, strerror(e));
	}
	if (!S_ISDIR(sb.st_mode)) {
		transport_close(&t);
		return error_set(err, ERR_IO, _("'%s' is not a directory"), location);
	}
	*out = t;
	return 0;
nomem:
	transport_close(&t);
	return error_set(err, ERR_IO, _("out of memory"));
}

void transport_close(struct transport **t)
{
	if (!t || !*t)
		return;
	transport_http_close(&(*t)->http);
	free((*t)->location);
	free((*t)->display);
	free(*t);
	*t = NULL;
}

int transport_is_http(const struct transport *t)
{
	return t && t->http != NULL;
}

const char *transport_location(const struct transport *t)
{
	return t ? t->display : "";
}

void transport_stats(const struct transport *t, struct transport_stats *out)
{
	*out = t->stats;
}

int transport_not_found(const struct transport *t)
{
	return t ? t->not_found : 0;
}

/* --- directory ------------------------------------------------------------------------ */

static int join(const struct transport *t, const char *name, const char *suffix, char *buf,
		size_t len, struct error *err)
{
	int n = snprintf(buf, len, "%s/%s%s", strcmp(t->location, "/") == 0 ? "" : t->location,
			 name, suffix);
	if (n < 0 || (size_t)n >= len)
		return error_set(err, ERR_IO, _("path '%s' is too long"), t->location);
	return 0;
}

static void report(const struct transport *t, uint64_t done, uint64_t total)
{
	if (t->o.progress)
		t->o.progress(t->o.ctx, done, total);
}

/* A missing file, or a missing directory: the stick was pulled. */
static int dir_open_error(struct transport *t, const char *path, const char *name, int e,
			  struct error *err)
{
	struct stat sb;
	if (e == ENOENT && stat(t->location, &sb) == 0) {
		t->not_found = 1;
		return error_set(err, ERR_IO, _("'%s' not found in '%s'"), name, t->display);
	}
	if (e == ENOENT || e == ENODEV || e == EIO)
		return error_set(err, ERR_IO,
				 _("cannot read '%s': %s; is the USB stick still plugged in?"),
				 path, strerror(e));
	return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(e));
}

static int dir_get(struct transport *t, const char *name, unsigned char **out, size_t *len,
		   struct error *err)
{
	char path[4096];
	if (join(t, name, "", path, sizeof(path), err) < 0)
		return -ERR_IO;
	t->stats.requests++;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return dir_open_error(t, path, name, errno, err);
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return error_set(err, ERR_IO, _("'%s' is not a regular file"), path);
	}
	uint64_t max = (uint64_t)t->o.max_size;
	if ((uint64_t)sb.st_size > max) {
		close(fd);
		return error_set(err, ERR_IO,
				 _("'%s' is larger than the limit of %ld bytes; refusing it"), path,
				 t->o.max_size);
	}
	/* read to the end rather than trusting st_size: a file still being written by
	 * someone else may grow, and must still stay under the limit */
	size_t cap = (size_t)sb.st_size + 1, n = 0;
	unsigned char *buf = malloc(cap);
	int rc = buf ? 0 : error_set(err, ERR_IO, _("out of memory"));
	while (rc == 0) {
		if (n + 1 >= cap) {
			/* as long as fstat said: is there more? */
			unsigned char more;
			ssize_t got = read(fd, &more, 1);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				if (got < 0)
					rc = dir_open_error(t, path, name, errno, err);
				break;
			}
			if (n + 1 > max) {
				rc = error_set(err, ERR_IO,
					       _("'%s' is larger than the limit of %ld bytes; "
						 "refusing it"),
					       path, t->o.max_size);
				break;
			}
			size_t grown = cap * 2 < max + 2 ? cap * 2 : (size_t)max + 2;
			unsigned char *p = realloc(buf, grown);
			if (!p) {
				rc = error_set(err, ERR_IO, _("out of memory"));
				break;
			}
			buf = p;
			cap = grown;
			buf[n++] = more;
			t->stats.bytes_down++;
			continue;
		}
		size_t want = cap - 1 - n < IO_CHUNK ? cap - 1 - n : IO_CHUNK;
		ssize_t got = read(fd, buf + n, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = dir_open_error(t, path, name, errno, err);
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		t->stats.bytes_down += (uint64_t)got;
		report(t, n, (uint64_t)sb.st_size > n ? (uint64_t)sb.st_size : n);
	}
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int write_all(int fd, const unsigned char *data, size_t len, struct transport *t)
{
	size_t done = 0;
	while (done < len) {
		size_t want = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		ssize_t n = write(fd, data + done, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
		t->stats.bytes_up += (uint64_t)n;
		report(t, done, len);
	}
	return 0;
}

static int dir_put(struct transport *t, const char *name, const unsigned char *data, size_t len,
		   struct error *err)
{
	char path[4096], tmp[4096];
	if (join(t, name, "", path, sizeof(path), err) < 0 ||
	    join(t, name, ".tmp", tmp, sizeof(tmp), err) < 0)
		return -ERR_IO;
	t->stats.requests++;
	/* bundles hold personal data: readable by this account only */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT || e == ENODEV || e == EIO)
			return error_set(err, ERR_IO,
					 _("cannot write '%s': %s; is the USB stick still "
					   "plugged in?"),
					 tmp, strerror(e));
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), tmp, strerror(e));
	}
	/* the rename is only durable once the data and then the directory are on the
	 * stick: without both fsyncs a pulled stick can hold a short file under the
	 * final name */
	int bad = write_all(fd, data, len, t) < 0 || fsync(fd) != 0;
	int e = errno;
	if (close(fd) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad && rename(tmp, path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		unlink(tmp);
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), path, strerror(e));
	}
	int dfd = open(t->location, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL)) {
		e = errno;
		if (dfd >= 0)
			close(dfd);
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), t->location, strerror(e));
	}
	close(dfd);
	return 0;
}

/* --- the download cache of the HTTP transport ------------------------------------------ */

void transport_validator_copy(char *dst, const char *value)
{
	size_t n = strcspn(value, "\r\n");
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	dst[0] = '\0';
	if (n == 0 || n >= TRANSPORT_VALIDATOR_MAX)
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)value[i] < 0x20 || (unsigned char)value[i] == 0x7f)
			return;
	memcpy(dst, value, n);
	dst[n] = '\0';
}

static void sidecar(const struct transport_cache *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s.v", c->path);
}

static int write_fd(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int cache_error(struct transport_cache *c, int e, struct error *err)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	return error_set(err, ERR_IO, _("cannot use the download cache '%s': %s"), c->path,
			 strerror(e));
}

/* What an earlier attempt left: the bytes, and the version they are from. */
static int cache_load(struct transport_cache *c, uint64_t max, unsigned char **buf, size_t *len)
{
	struct stat sb;
	uint64_t size = fstat(c->fd, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	unsigned char *p = NULL;
	size_t got = 0;
	if (size > 0 && size <= max && (p = malloc(size + 1)) != NULL) {
		while (got < size) {
			ssize_t n = pread(c->fd, p + got, size - got, (off_t)got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
	}
	char v[4200];
	sidecar(c, v, sizeof(v));
	if (got != size || got == 0) {
		free(p);
		unlink(v);
		return size > 0 ? ftruncate(c->fd, 0) : 0;
	}
	int vfd = open(v, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (vfd >= 0) {
		char text[TRANSPORT_VALIDATOR_MAX];
		ssize_t n = read(vfd, text, sizeof(text) - 1);
		text[n > 0 ? n : 0] = '\0';
		transport_validator_copy(c->validator, text);
		close(vfd);
	}
	*buf = p;
	*len = got;
	return 0;
}

int transport_cache_open(struct transport_cache *c, const char *dir, const char *name, uint64_t max,
			 unsigned char **buf, size_t *len, struct error *err)
{
	c->fd = -1;
	c->path[0] = c->validator[0] = '\0';
	*buf = NULL;
	*len = 0;
	if (!dir || !*dir)
		return 0;
	if (snprintf(c->path, sizeof(c->path), "%s/%s.part", dir, name) >= (int)sizeof(c->path))
		return error_set(err, ERR_IO, _("path '%s' is too long"), dir);
	if (paths_make_parent(c->path, err) < 0)
		return -ERR_IO;
	c->fd = open(c->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (c->fd < 0)
		return cache_error(c, errno, err);
	/* two programs appending to one .part would splice their bytes */
	if (flock(c->fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK)
			return cache_error(c, errno, err);
		close(c->fd);
		c->fd = -1;
		return error_set(err, ERR_IO,
				 _("'%s' is being fetched by another shekara; wait for it to "
				   "finish"),
				 name);
	}
	if (cache_load(c, max, buf, len) < 0)
		return cache_error(c, errno, err);
	return 0;
}

void transport_cache_append(struct transport_cache *c, const void *data, size_t len)
{
	if (c->fd >= 0 && write_fd(c->fd, data, len) < 0)
		transport_cache_drop(c);
}

void transport_cache_truncate(struct transport_cache *c)
{
	if (c->fd >= 0 && ftruncate(c->fd, 0) != 0)
		transport_cache_drop(c);
}

void transport_cache_set_validator(struct transport_cache *c, const char *value)
{
	if (strcmp(c->validator, value) == 0)
		return;
	snprintf(c->validator, sizeof(c->validator), "%s", value);
	if (c->fd < 0)
		return;
	char v[4200];
	sidecar(c, v, sizeof(v));
	unlink(v);
	if (!*value)
		return;
	int fd = open(v, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	if (write_fd(fd, value, strlen(value)) < 0 || fdatasync(fd) != 0)
		unlink(v);
	close(fd);
}

void transport_cache_drop(struct transport_cache *c)
{
	if (c->fd < 0)
		return;
	char v[4200];
	sidecar(c, v, sizeof(v));
	unlink(v);
	unlink(c->path);
	close(c->fd);
	c->fd = -1;
}

void transport_cache_close(struct transport_cache *c, size_t held)
{
	if (c->fd < 0)
		return;
	if (held == 0) {
		transport_cache_drop(c);
		return;
	}
	/* so that a power cut cannot leave the size of the cache ahead of its bytes */
	fdatasync(c->fd);
	close(c->fd);
	c->fd = -1;
}

/* --- dispatch ------------------------------------------------------------------------- */

int transport_get(struct transport *t, const char *name, unsigned char **out, size_t *len,
		  struct error *err)
{
	*out = NULL;
	*len = 0;
	t->not_found = 0;
	if (check_name(name, err) < 0)
		return -ERR_USAGE;
	if (!t->http)
		return dir_get(t, name, out, len, err);
	struct transport_call c = { .o = &t->o, .stats = &t->stats, .display = t->display };
	int rc = transport_http_get(t->http, &c, name, out, len, err);
	t->not_found = c.not_found;
	return rc;
}

int transport_put(struct transport *t, const char *name, const unsigned char *data, size_t len,
		  struct error *err)
{
	t->not_found = 0;
	if (check_name(name, err) < 0)
		return -ERR_USAGE;
	if ((uint64_t)len > (uint64_t)t->o.max_size)
		return error_set(err, ERR_USAGE,
				 _("'%s' is larger than the limit of %ld bytes; refusing to send "
				   "it"),
				 name, t->o.max_size);
	if (!t->http)
		return dir_put(t, name, data, len, err);
	struct transport_call c = { .o = &t->o, .stats = &t->stats, .display = t->display };
	return transport_http_put(t->http, &c, name, data, len, err);
}
