/* The HTTP(S) transport: libcurl, one easy handle per transport so the connection is kept
 * alive between files (a TLS handshake costs several round trips of 300+ ms).
 *
 * GET keeps every byte it receives, in memory and appended to cache_dir/NAME.part, and
 * the next attempt asks for "Range: bytes=N-" with "If-Range: <its ETag>": a 206 whose
 * Content-Range starts at N continues the file, a 200 (a server without ranges, or a
 * file that has changed since) starts it again, a 416 or a range starting elsewhere
 * throws the cache away. An attempt that received new bytes does not
 * use up a retry: on a link that drops every few minutes a large file still arrives,
 * piece by piece, and the retries only count attempts that got nothing. */
#include "app/transport.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n/i18n.h"

#define BACKOFF_CAP_MS 60000L
#define ERROR_BODY_MAX 65536 /* of an error page read before giving up on the connection */
#define MAX_REDIRECTS  3L

struct transport_http {
	CURL *h;
	char *base; /* the location ending in '/' */
	int https;
	char errbuf[CURL_ERROR_SIZE];
};

/* libcurl's global state: set up by the first HTTP transport, released by the last one,
 * so a program (or a test under LeakSanitizer) that has closed every transport holds
 * nothing of libcurl's. This libcurl is thread-safe to initialise; the lock keeps the
 * count right. */
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static int global_users;

static int global_acquire(struct error *err)
{
	pthread_mutex_lock(&global_lock);
	int ok = global_users > 0 || curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (ok)
		global_users++;
	pthread_mutex_unlock(&global_lock);
	return ok ? 0 : error_set(err, ERR_IO, _("cannot initialise the network library"));
}

static void global_release(void)
{
	pthread_mutex_lock(&global_lock);
	if (global_users > 0 && --global_users == 0)
		curl_global_cleanup();
	pthread_mutex_unlock(&global_lock);
}

int transport_http_display(const char *url, char *buf, size_t len)
{
	CURLU *u = curl_url();
	char *s = NULL, *scheme = NULL, *query = NULL, *frag = NULL;
	int rc = -1;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_NO_QUERY &&
	    curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) == CURLUE_NO_FRAGMENT) {
		char *pw = NULL;
		if (curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK) {
			curl_free(pw);
			curl_url_set(u, CURLUPART_PASSWORD, "xxxxx", 0);
		}
		if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK &&
		    snprintf(buf, len, "%s", s) < (int)len)
			rc = 0;
	}
	curl_free(s);
	curl_free(scheme);
	curl_free(query);
	curl_free(frag);
	curl_url_cleanup(u);
	return rc;
}

int transport_http_open(const char *url, const struct transport_opts *o,
			struct transport_http **out, struct error *err)
{
	(void)o;
	*out = NULL;
	if (global_acquire(err) < 0)
		return -ERR_IO;
	struct transport_http *h = calloc(1, sizeof(*h));
	size_t n = strlen(url);
	if (h)
		h->base = malloc(n + 2);
	if (h && h->base)
		h->h = curl_easy_init();
	if (!h || !h->base || !h->h) {
		if (h)
			free(h->base);
		free(h);
		global_release();
		return error_set(err, ERR_IO, _("out of memory"));
	}
	memcpy(h->base, url, n + 1);
	if (n == 0 || url[n - 1] != '/')
		memcpy(h->base + n, "/", 2);
	h->https = strncasecmp(url, "https://", 8) == 0;
	*out = h;
	return 0;
}

void transport_http_close(struct transport_http **h)
{
	if (!h || !*h)
		return;
	curl_easy_cleanup((*h)->h);
	free((*h)->base);
	free(*h);
	*h = NULL;
	global_release();
}

/* --- one request ---------------------------------------------------------------------- */

enum stop { STOP_NONE, STOP_TOO_BIG, STOP_BAD_RANGE, STOP_CANCEL, STOP_NOMEM, STOP_ERROR_BODY };

struct xfer {
	struct transport_call *c;
	int upload;
	/* the response being received (a redirect or a 100 Continue starts another) */
	long status;
	int has_range, has_total;
	uint64_t range_start, range_total;
	int64_t content_length; /* -1: not given */
	int decided, keep;
	enum stop stop;
	size_t discarded;
	/* GET: the file so far, and its copy in the cache */
	unsigned char *buf;
	size_t len, cap;
	uint64_t base; /* the offset this attempt asked for */
	struct transport_cache cache;
	/* of the response: what names its version, sent back as If-Range */
	char etag[TRANSPORT_VALIDATOR_MAX], modified[TRANSPORT_VALIDATOR_MAX];
	/* PUT */
	const unsigned char *up;
	size_t up_len, up_pos;
	uint64_t last_done, last_total;
};

static int header_is(const char *line, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncasecmp(line, name, n) != 0 || line[n] != ':')
		return 0;
	const char *v = line + n + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	*value = v;
	return 1;
}

static int parse_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	if (*s < '0' || *s > '9')
		return -1;
	uint64_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

/* "bytes 100-199/1000", or "bytes *\/1000" in a 416 */
static void parse_content_range(struct xfer *x, const char *v)
{
	if (strncasecmp(v, "bytes", 5) != 0)
		return;
	v += 5;
	while (*v == ' ')
		v++;
	uint64_t start, end, total;
	if (*v == '*') {
		v++;
	} else {
		if (parse_u64(&v, &start) < 0 || *v++ != '-' || parse_u64(&v, &end) < 0 ||
		    end < start)
			return;
		x->has_range = 1;
		x->range_start = start;
	}
	if (*v++ != '/')
		return;
	if (parse_u64(&v, &total) == 0) {
		x->has_total = 1;
		x->range_total = total;
	}
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	char line[256];
	size_t k = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
	memcpy(line, data, k);
	line[k] = '\0';
	const char *v;
	if (strncmp(line, "HTTP/", 5) == 0) {
		const char *sp = strchr(line, ' ');
		x->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		x->has_range = x->has_total = x->decided = x->keep = 0;
		x->content_length = -1;
		x->etag[0] = x->modified[0] = '\0';
	} else if (k < n) {
		/* longer than any header used here */
	} else if (header_is(line, "etag", &v)) {
		/* a weak ETag may not be used in If-Range (RFC 9110 13.1.5) */
		if (strncmp(v, "W/", 2) != 0)
			transport_validator_copy(x->etag, v);
	} else if (header_is(line, "last-modified", &v)) {
		transport_validator_copy(x->modified, v);
	} else if (header_is(line, "content-range", &v)) {
		parse_content_range(x, v);
	} else if (header_is(line, "content-length", &v)) {
		uint64_t cl;
		if (parse_u64(&v, &cl) == 0 && cl <= INT64_MAX)
			x->content_length = (int64_t)cl;
	}
	return n;
}

/* Decides, at the first byte of a body (or at its end when it has none), whether the
 * body is the file: the whole of it, or the rest of what we already have. */
static void decide(struct xfer *x)
{
	uint64_t max = (uint64_t)x->c->o->max_size;
	x->decided = 1;
	x->keep = 0;
	if (x->status == 206) {
		if (!x->has_range || x->range_start != x->base) {
			x->stop = STOP_BAD_RANGE;
			return;
		}
		if (x->has_total && x->range_total > max) {
			x->stop = STOP_TOO_BIG;
			return;
		}
		if (x->base > 0)
			x->c->stats->resumes++;
		x->keep = 1;
	} else if (x->status == 200) {
		/* the server ignored the range, or the file changed (If-Range): the whole
		 * file comes, start again */
		if (x->base > 0) {
			x->len = 0;
			x->base = 0;
			transport_cache_truncate(&x->cache);
		}
		transport_cache_set_validator(&x->cache, x->etag[0] ? x->etag : x->modified);
		if (x->content_length >= 0 && (uint64_t)x->content_length > max) {
			x->stop = STOP_TOO_BIG;
			return;
		}
		x->keep = 1;
	}
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (!x->upload && !x->decided)
		decide(x);
	if (x->stop)
		return 0;
	if (x->upload || !x->keep) {
		x->discarded += n;
		if (x->discarded > ERROR_BODY_MAX) {
			x->stop = STOP_ERROR_BODY;
			return 0;
		}
		return n;
	}
	if ((uint64_t)x->len + n > (uint64_t)x->c->o->max_size) {
		x->stop = STOP_TOO_BIG;
		return 0;
	}
	if (x->len + n + 1 > x->cap) {
		size_t cap = x->cap ? x->cap : 65536;
		while (cap < x->len + n + 1)
			cap *= 2;
		unsigned char *p = realloc(x->buf, cap);
		if (!p) {
			x->stop = STOP_NOMEM;
			return 0;
		}
		x->buf = p;
		x->cap = cap;
	}
	memcpy(x->buf + x->len, data, n);
	x->len += n;
	x->c->stats->bytes_down += n;
	transport_cache_append(&x->cache, data, n);
	return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct xfer *x = ud;
	const struct transport_opts *o = x->c->o;
	(void)dltotal;
	(void)dlnow;
	if (o->cancelled && o->cancelled(o->ctx)) {
		x->stop = STOP_CANCEL;
		return 1;
	}
	if (!o->progress)
		return 0;
	uint64_t done, total;
	if (x->upload) {
		done = (uint64_t)ulnow;
		total = (uint64_t)ultotal;
	} else {
		if (!x->keep)
			return 0;
		done = x->len;
		total = x->has_total             ? x->range_total
			: x->content_length >= 0 ? (uint64_t)x->content_length
						 : 0;
	}
	if (done != x->last_done || total != x->last_total) {
		x->last_done = done;
		x->last_total = total;
		o->progress(o->ctx, done, total);
	}
	return 0;
}

static size_t on_read(char *buf, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, left = x->up_len - x->up_pos;
	if (n > left)
		n = left;
	memcpy(buf, x->up + x->up_pos, n);
	x->up_pos += n;
	return n;
}

static int on_seek(void *ud, curl_off_t offset, int origin)
{
	struct xfer *x = ud;
	if (origin != SEEK_SET || offset < 0 || (uint64_t)offset > x->up_len)
		return CURL_SEEKFUNC_FAIL;
	x->up_pos = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* Everything both methods set, after a reset that keeps the live connection. */
static int setup(struct transport_http *h, struct xfer *x, const char *url)
{
	const struct transport_opts *o = x->c->o;
	CURL *c = h->h;
	int ok = 1;
#define SET(opt, val) ok &= curl_easy_setopt(c, opt, val) == CURLE_OK
	curl_easy_reset(c);
	h->errbuf[0] = '\0';
	SET(CURLOPT_ERRORBUFFER, h->errbuf);
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	/* a redirect may not leave https, nor go anywhere but http(s) */
	SET(CURLOPT_REDIR_PROTOCOLS_STR, h->https ? "https" : "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, MAX_REDIRECTS);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_FAILONERROR, 0L);
	SET(CURLOPT_USERAGENT, "shekara/" SHEKARA_VERSION);
	SET(CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	SET(CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	if (o->ca_file && *o->ca_file)
		SET(CURLOPT_CAINFO, o->ca_file);
	if (o->aws_sigv4 && *o->aws_sigv4)
		SET(CURLOPT_AWS_SIGV4, o->aws_sigv4);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, x);
	SET(CURLOPT_NOPROGRESS, 0L);
	x->status = 0;
	x->decided = x->keep = x->has_range = x->has_total = 0;
	x->content_length = -1;
	x->stop = STOP_NONE;
	x->discarded = 0;
	return ok ? 0 : -1;
#undef SET
}

/* --- what went wrong, and whether to try again ------------------------------------------ */

static int retryable_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_AGAIN:
		return 1;
	default:
		return 0;
	}
}

static int retryable_status(long status)
{
	return status == 408 || status == 429 || status >= 500;
}

/* A short translated reason for a failed attempt that may be retried; *unreached is set
 * when no connection was made (the link or the server is down). */
static void describe(struct transport_http *h, const struct xfer *x, CURLcode rc, char *why,
		     size_t len, int *unreached)
{
	const struct transport_opts *o = x->c->o;
	curl_off_t sent = 0;
	*unreached = 0;
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x->stop == STOP_ERROR_BODY)) {
		if (x->status == 206 || x->status == 200)
			snprintf(why, len, "%s", _("the server sent less than it announced"));
		else
			snprintf(why, len, _("the server answered %ld"), x->status);
		return;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
		*unreached = 1;
		snprintf(why, len, "%s", _("host not found"));
		break;
	case CURLE_COULDNT_CONNECT:
		*unreached = 1;
		snprintf(why, len, "%s", _("cannot connect"));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		/* the same code for a connect that timed out and a transfer that stalled:
		 * a request that went out means we were connected */
		curl_easy_getinfo(h->h, CURLINFO_REQUEST_SIZE, &sent);
		if (sent == 0 && x->status == 0) {
			*unreached = 1;
			snprintf(why, len, _("connection timed out after %ld s"),
				 o->connect_timeout_s);
		} else {
			snprintf(why, len, _("the transfer stalled below %ld bytes/s for %ld s"),
				 o->low_speed_bytes, o->low_speed_time_s);
		}
		break;
	case CURLE_SSL_CONNECT_ERROR:
		snprintf(why, len, "%s", _("the secure connection failed"));
		break;
	default:
		snprintf(why, len, "%s", _("the connection broke"));
		break;
	}
}

/* The message for a libcurl failure that is not worth retrying. */
static int fatal_curl(struct transport_http *h, CURLcode rc, const char *what, struct error *err)
{
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return error_set(err, ERR_IO,
				 _("cannot verify the server for '%s': %s; check the address, "
				   "the clock and the CA file"),
				 what, detail);
	case CURLE_TOO_MANY_REDIRECTS:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return error_set(err, ERR_IO,
				 _("'%s' redirects too often or to a refused address; check the "
				   "sync address"),
				 what);
	case CURLE_URL_MALFORMAT:
		return error_set(err, ERR_USAGE, _("'%s' is not a valid address"), what);
	case CURLE_LOGIN_DENIED:
	case CURLE_AUTH_ERROR:
		return error_set(err, ERR_IO,
				 _("the server refuses the login for '%s'; check the user and "
				   "password of the sync address"),
				 what);
	default:
		return error_set(err, ERR_IO, _("cannot transfer '%s': %s"), what, detail);
	}
}

static int backoff_wait(const struct transport_opts *o, long ms)
{
	while (ms > 0) {
		if (o->cancelled && o->cancelled(o->ctx))
			return -1;
		long slice = ms < 100 ? ms : 100;
		struct timespec ts = { 0, slice * 1000000L };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		ms -= slice;
	}
	return 0;
}

struct retry {
	int left, attempts;
	long wait_ms;
};

/* After a failed attempt that may be retried: waits and returns 0, -1 when the
 * retries are used up, -2 when the wait was cancelled. progress refills the retries. */
static int retry_next(struct retry *r, struct transport_call *c, int progress)
{
	if (progress) {
		r->left = c->o->retries;
		r->wait_ms = c->o->backoff_ms;
	}
	if (r->left-- <= 0)
		return -1;
	if (backoff_wait(c->o, r->wait_ms) < 0)
		return -2;
	c->stats->retries++;
	r->wait_ms = r->wait_ms * 2 < BACKOFF_CAP_MS ? r->wait_ms * 2 : BACKOFF_CAP_MS;
	return 0;
}

static int make_url(struct transport_http *h, const struct transport_call *c, const char *name,
		    char *url, size_t len, struct error *err)
{
	if (snprintf(url, len, "%s%s", h->base, name) >= (int)len)
		return error_set(err, ERR_USAGE, _("address '%s' is too long"), c->display);
	return 0;
}

/* "BASE/name" as shown to people: without the password of the address. */
static void display_name(const struct transport_call *c, const char *name, char *buf, size_t len)
{
	size_t n = strlen(c->display);
	snprintf(buf, len, "%s%s%s", c->display, n && c->display[n - 1] == '/' ? "" : "/", name);
}

static int gave_up(struct transport_http *h, const struct xfer *x, CURLcode cr,
		   const struct retry *r, const char *what, struct error *err)
{
	char why[200];
	int unreached;
	describe(h, x, cr, why, sizeof(why), &unreached);
	if (unreached)
		return error_set(err, ERR_IO,
				 P_("cannot reach '%s': %s (%d attempt); the link may be down, "
				    "sync again later",
				    "cannot reach '%s': %s (%d attempts); the link may be down, "
				    "sync again later",
				    r->attempts),
				 what, why, r->attempts);
	if (x->upload)
		return error_set(err, ERR_IO,
				 P_("cannot send '%s': %s (%d attempt); sync again later",
				    "cannot send '%s': %s (%d attempts); sync again later",
				    r->attempts),
				 what, why, r->attempts);
	if (x->cache.fd >= 0 && x->len > 0)
		return error_set(err, ERR_IO,
				 P_("cannot fetch '%s': %s (%d attempt); sync again later to "
				    "continue from the %zu bytes received",
				    "cannot fetch '%s': %s (%d attempts); sync again later to "
				    "continue from the %zu bytes received",
				    r->attempts),
				 what, why, r->attempts, x->len);
	return error_set(err, ERR_IO,
			 P_("cannot fetch '%s': %s (%d attempt); sync again later",
			    "cannot fetch '%s': %s (%d attempts); sync again later", r->attempts),
			 what, why, r->attempts);
}

/* --- GET ------------------------------------------------------------------------------ */

static int get_status_error(const struct xfer *x, const char *what, struct error *err)
{
	if (x->status == 401 || x->status == 403)
		return error_set(err, ERR_IO,
				 _("the server refuses access to '%s' (HTTP %ld); check the user "
				   "and password of the sync address"),
				 what, x->status);
	return error_set(err, ERR_IO, _("the server refused '%s' with HTTP %ld"), what, x->status);
}

int transport_http_get(struct transport_http *h, struct transport_call *c, const char *name,
		       unsigned char **out, size_t *len, struct error *err)
{
	char url[4096], what[4096];
	if (make_url(h, c, name, url, sizeof(url), err) < 0)
		return -ERR_USAGE;
	display_name(c, name, what, sizeof(what));
	struct xfer x = { .c = c };
	if (transport_cache_open(&x.cache, c->o->cache_dir, name, (uint64_t)c->o->max_size, &x.buf,
				 &x.len, err) < 0)
		return -ERR_IO;
	x.cap = x.buf ? x.len + 1 : 0;
	struct retry r = { c->o->retries, 0, c->o->backoff_ms };
	size_t best = x.len; /* most bytes held so far: more is progress */
	int restarted = 0, rc;
	for (;;) {
		r.attempts++;
		x.base = x.len;
		char range[32], if_range[TRANSPORT_VALIDATOR_MAX + 16];
		snprintf(range, sizeof(range), "%zu-", x.len);
		snprintf(if_range, sizeof(if_range), "If-Range: %s", x.cache.validator);
		struct curl_slist *headers = NULL;
		int ok = setup(h, &x, url) == 0;
		if (ok && x.base > 0) {
			ok = curl_easy_setopt(h->h, CURLOPT_RANGE, range) == CURLE_OK;
			if (ok && x.cache.validator[0])
				ok = (headers = curl_slist_append(NULL, if_range)) != NULL &&
				     curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, headers) ==
					     CURLE_OK;
		}
		if (!ok) {
			curl_slist_free_all(headers);
			rc = error_set(err, ERR_IO, _("cannot set up the network library"));
			break;
		}
		c->stats->requests++;
		CURLcode cr = curl_easy_perform(h->h);
		curl_easy_setopt(h->h, CURLOPT_HTTPHEADER, NULL);
		curl_slist_free_all(headers);
		if (cr == CURLE_OK && !x.decided && !x.stop)
			decide(&x); /* a body of no bytes */
		int answered =
			cr == CURLE_OK || (cr == CURLE_WRITE_ERROR && x.stop == STOP_ERROR_BODY);
		if (x.stop == STOP_CANCEL || cr == CURLE_ABORTED_BY_CALLBACK) {
			rc = error_set(err, ERR_IO,
				       _("fetching '%s' was stopped; what arrived is kept for next "
					 "time"),
				       what);
			break;
		}
		if (x.stop == STOP_TOO_BIG) {
			x.len = 0;
			rc = error_set(err, ERR_IO,
				       _("'%s' is larger than the limit of %ld bytes; refusing it"),
				       what, c->o->max_size);
			break;
		}
		if (x.stop == STOP_NOMEM) {
			rc = error_set(err, ERR_IO, _("out of memory"));
			break;
		}
		if (x.stop == STOP_BAD_RANGE || (answered && x.status == 416 && x.base > 0)) {
			/* what we hold does not fit the file on the server (it changed, or
			 * the cache is from elsewhere): start again from the first byte */
			x.len = 0;
			transport_cache_truncate(&x.cache);
			transport_cache_set_validator(&x.cache, "");
			if (!restarted) {
				restarted = 1;
				continue;
			}
		} else if (answered && (x.status == 200 || x.status == 206)) {
			if (!(x.status == 206 && x.has_total && x.len != x.range_total)) {
				rc = 0;
				break;
			}
		} else if (answered && (x.status == 404 || x.status == 410)) {
			c->not_found = 1;
			x.len = 0;
			rc = error_set(err, ERR_IO, _("'%s' not found on the server"), what);
			break;
		} else if (answered && !retryable_status(x.status)) {
			rc = get_status_error(&x, what, err);
			break;
		} else if (!answered && !retryable_curl(cr)) {
			rc = fatal_curl(h, cr, what, err);
			break;
		}
		int progress = x.len > best;
		if (progress)
			best = x.len;
		int next = retry_next(&r, c, progress);
		if (next == -2) {
			rc = error_set(err, ERR_IO,
				       _("fetching '%s' was stopped; what arrived is kept for next "
					 "time"),
				       what);
			break;
		}
		if (next < 0) {
			rc = gave_up(h, &x, cr, &r, what, err);
			break;
		}
	}
	if (rc < 0) {
		transport_cache_close(&x.cache, x.len);
		free(x.buf);
		return rc;
	}
	if (!x.buf && !(x.buf = malloc(1))) {
		transport_cache_close(&x.cache, x.len);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	x.buf[x.len] = '\0';
	transport_cache_drop(&x.cache);
	*out = x.buf;
	*len = x.len;
	return 0;
}

/* --- PUT ------------------------------------------------------------------------------ */

static int put_status_error(const struct xfer *x, const char *what, struct error *err)
{
	switch (x->status) {
	case 401:
		return error_set(err, ERR_IO,
				 _("the server wants a login to store '%s' (HTTP 401); check the "
				   "user and password of the sync address"),
				 what);
	case 403:
		return error_set(err, ERR_IO,
				 _("the server refuses to store '%s' (HTTP 403 forbidden); check "
				   "that this workstation may write there"),
				 what);
	case 405:
		return error_set(err, ERR_IO,
				 _("the server does not accept uploads at '%s' (HTTP 405 method "
				   "not allowed); it must allow PUT, as WebDAV or an object store "
				   "does"),
				 what);
	case 409:
		return error_set(err, ERR_IO,
				 _("the server has no folder for '%s' (HTTP 409 conflict); create "
				   "it on the server"),
				 what);
	case 413:
		return error_set(err, ERR_IO,
				 _("the server refuses '%s' as too large (HTTP 413); raise its "
				   "upload limit"),
				 what);
	default:
		return error_set(err, ERR_IO, _("the server refused '%s' with HTTP %ld"), what,
				 x->status);
	}
}

int transport_http_put(struct transport_http *h, struct transport_call *c, const char *name,
		       const unsigned char *data, size_t len, struct error *err)
{
	char url[4096], what[4096];
	if (make_url(h, c, name, url, sizeof(url), err) < 0)
		return -ERR_USAGE;
	display_name(c, name, what, sizeof(what));
	static const unsigned char empty[1];
	struct xfer x = {
		.c = c, .upload = 1, .cache.fd = -1, .up = data ? data : empty, .up_len = len
	};
	struct retry r = { c->o->retries, 0, c->o->backoff_ms };
	for (;;) {
		r.attempts++;
		x.up_pos = 0;
		x.last_done = x.last_total = 0;
		int ok = setup(h, &x, url) == 0;
		ok &= curl_easy_setopt(h->h, CURLOPT_UPLOAD, 1L) == CURLE_OK;
		ok &= curl_easy_setopt(h->h, CURLOPT_READFUNCTION, on_read) == CURLE_OK;
		ok &= curl_easy_setopt(h->h, CURLOPT_READDATA, &x) == CURLE_OK;
		ok &= curl_easy_setopt(h->h, CURLOPT_SEEKFUNCTION, on_seek) == CURLE_OK;
		ok &= curl_easy_setopt(h->h, CURLOPT_SEEKDATA, &x) == CURLE_OK;
		ok &= curl_easy_setopt(h->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len) == CURLE_OK;
		if (!ok)
			return error_set(err, ERR_IO, _("cannot set up the network library"));
		c->stats->requests++;
		CURLcode cr = curl_easy_perform(h->h);
		curl_off_t sent = 0;
		if (curl_easy_getinfo(h->h, CURLINFO_SIZE_UPLOAD_T, &sent) == CURLE_OK && sent > 0)
			c->stats->bytes_up += (uint64_t)sent;
		int answered =
			cr == CURLE_OK || (cr == CURLE_WRITE_ERROR && x.stop == STOP_ERROR_BODY);
		if (x.stop == STOP_CANCEL || cr == CURLE_ABORTED_BY_CALLBACK)
			return error_set(err, ERR_IO, _("sending '%s' was stopped"), what);
		if (answered && (x.status == 200 || x.status == 201 || x.status == 204))
			return 0;
		if (answered && !retryable_status(x.status))
			return put_status_error(&x, what, err);
		if (!answered && !retryable_curl(cr))
			return fatal_curl(h, cr, what, err);
		int next = retry_next(&r, c, 0);
		if (next == -2)
			return error_set(err, ERR_IO, _("sending '%s' was stopped"), what);
		if (next < 0)
			return gave_up(h, &x, cr, &r, what, err);
	}
}
