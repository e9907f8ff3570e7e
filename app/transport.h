/* Moving sync bundles between this workstation and the rest of the service (DESIGN.md,
 * "Sync"): either a directory (a USB stick carried across) or an ordinary HTTP(S) server
 * (nginx/WebDAV, an S3-compatible object store) reached through libcurl. The transport
 * moves named files whole and knows nothing of what is in them: bundles are signed and
 * checked by the layer above.
 *
 * Built for links of 9.6-64 kbit/s with 300+ ms round trips that drop for minutes: a GET
 * that breaks keeps what it received in cache_dir and the next attempt (a retry, or the
 * next run after a power cut) asks only for the rest with a Range request; a transfer
 * slower than low_speed_bytes for low_speed_time_s is treated as a dead link and retried
 * with backoff; a PUT is idempotent by name, so sending it again is always safe.
 *
 * Threads: libcurl's global state is set up by the first transport_open of an HTTP
 * location and released by the last transport_close (counted under a lock; this
 * libcurl is thread-safe to initialise). Different transports may be used by different
 * threads at once; one transport must be used by one thread at a time. No signals are
 * used (CURLOPT_NOSIGNAL) and nothing is ever printed: messages go into struct error. */
#ifndef SHEKARA_TRANSPORT_H
#define SHEKARA_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "scanners/error.h"

struct transport_opts {
	long connect_timeout_s; /* 0: 20 */
	/* a transfer slower than low_speed_bytes per second for low_speed_time_s is
	 * aborted as a dead link (and retried); 0: 10 bytes/s for 60 s */
	long low_speed_bytes, low_speed_time_s;
	int retries;           /* attempts after the first that made no progress; 5 */
	long backoff_ms;       /* wait before the first retry, doubling, capped at 60 s */
	int insecure;          /* 1 skips TLS verification: tests with self-signed certs only */
	const char *ca_file;   /* optional PEM bundle of trusted CAs for https */
	const char *cache_dir; /* where partial downloads live between attempts and runs;
				  NULL: resumption only within one transport_get */
	long max_size;         /* bodies larger are refused; 0: 256 MiB */
	/* S3-compatible stores: "aws:amz:REGION:s3" signs requests with AWS SigV4 using
	 * the user and password of the URL as key id and secret; NULL for none */
	const char *aws_sigv4;
	/* called as bytes move: done and total of the current file (total 0 when not
	 * known yet); may be NULL */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	/* polled during transfers and backoff waits; nonzero stops the operation, keeping
	 * what was received for next time; may be NULL */
	int (*cancelled)(void *ctx);
	void *ctx;
};

/* Defaults for every field: 20 s connect timeout, 10 bytes/s for 60 s, 5 retries from
 * 5 s (5+10+20+40+60 s: a link down for two minutes), TLS verified, no cache, 256 MiB. */
void transport_opts_defaults(struct transport_opts *o);

struct transport_stats {
	uint64_t bytes_down, bytes_up; /* file bytes moved, every attempt counted */
	int requests;                  /* HTTP requests made (files opened for a directory) */
	int retries;                   /* attempts after a failure */
	int resumes;                   /* GETs continued with a range the server honoured */
};

struct transport;

/* Opens a transport for location: an http:// or https:// URL naming a collection
 * (files are location/name), or the path of an existing directory. Any other scheme
 * is refused. o may be NULL for the defaults; its strings must outlive the transport.
 * Nothing is sent over the network until the first get or put. Free with
 * transport_close. */
int transport_open(const char *location, const struct transport_opts *o, struct transport **out,
		   struct error *err);
/* Closes the connection, frees *t and sets it to NULL; NULL is fine. */
void transport_close(struct transport **t);

/* Fetches location/name whole into *out (malloc'd, free() it; a NUL follows the *len
 * bytes, not counted). A name that transport_name_ok refuses is refused with
 * -ERR_USAGE before any I/O. HTTP: retried with backoff on connection errors, timeouts,
 * stalls and 5xx, resumed with Range and If-Range requests (a file that changed on the
 * server comes whole, never spliced); 404 and other 4xx are not retried. On failure
 * returns a negative error code; transport_not_found then tells a missing file from a
 * failed fetch. */
int transport_get(struct transport *t, const char *name, unsigned char **out, size_t *len,
		  struct error *err);
/* 1 when the last transport_get on t failed because the server (HTTP 404 or 410) or the
 * directory has no such file, 0 otherwise. */
int transport_not_found(const struct transport *t);

/* Stores data as location/name. HTTP: PUT, retried with backoff; storing a name again
 * with the same bytes is fine (200, 201 and 204 are success). Directory: written to
 * name.tmp, synced, renamed over name and the directory synced, so a stick pulled
 * mid-write never holds a partial file under the final name. */
int transport_put(struct transport *t, const char *name, const unsigned char *data, size_t len,
		  struct error *err);

int transport_is_http(const struct transport *t);
/* The location as given, with any password in the URL replaced, for messages. */
const char *transport_location(const struct transport *t);
/* Totals since transport_open. */
void transport_stats(const struct transport *t, struct transport_stats *out);

/* 1 when name is acceptable as a file name on every transport: 1 to 200 of
 * [A-Za-z0-9._-], not "." or "..", not ending in ".tmp" or ".part" (the transports' own
 * temporary files). */
int transport_name_ok(const char *name);

/* --- between app/transport.c and app/transport_http.c only ---------------------------- */
struct transport_http;
struct transport_call {
	const struct transport_opts *o; /* with defaults filled in */
	struct transport_stats *stats;
	const char *display; /* location without password */
	int not_found;       /* set by a GET answered 404 or 410 */
};
int transport_http_open(const char *url, const struct transport_opts *o,
			struct transport_http **out, struct error *err);
void transport_http_close(struct transport_http **h);
int transport_http_get(struct transport_http *h, struct transport_call *c, const char *name,
		       unsigned char **out, size_t *len, struct error *err);
int transport_http_put(struct transport_http *h, struct transport_call *c, const char *name,
		       const unsigned char *data, size_t len, struct error *err);
/* The URL without its password, into buf; -1 when it does not parse. */
int transport_http_display(const char *url, char *buf, size_t len);

/* The download cache of one file: DIR/NAME.part holds the bytes received so far, and
 * DIR/NAME.part.v what names the version of the file they are from (its ETag or
 * Last-Modified), so that a later attempt can ask for the rest of that version only. */
#define TRANSPORT_VALIDATOR_MAX 128
struct transport_cache {
	int fd; /* -1: no cache (the validator is still kept in memory) */
	char path[4096];
	char validator[TRANSPORT_VALIDATOR_MAX];
};
/* Opens and locks DIR/NAME.part and loads what it holds into *buf (malloc'd, with room
 * for one more byte; NULL when empty); a cache over max bytes is emptied. dir NULL or
 * "": no cache. Fails when another process holds the lock. */
int transport_cache_open(struct transport_cache *c, const char *dir, const char *name, uint64_t max,
			 unsigned char **buf, size_t *len, struct error *err);
/* The cache only saves time: when an append fails (disk full) it is dropped. */
void transport_cache_append(struct transport_cache *c, const void *data, size_t len);
void transport_cache_truncate(struct transport_cache *c);
void transport_cache_set_validator(struct transport_cache *c, const char *value);
/* Removes the cache: the file is complete, or refused. */
void transport_cache_drop(struct transport_cache *c);
/* Keeps held bytes for the next run (synced), or removes an empty cache. */
void transport_cache_close(struct transport_cache *c, size_t held);
/* An ETag or Last-Modified header value into dst ("" when unusable as a validator). */
void transport_validator_copy(char *dst, const char *value);

#endif
