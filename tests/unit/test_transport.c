/* app/transport.c and transport_http.c against tests/e2e/http_server.py on loopback,
 * started here (no shell) with the faults each test needs: dropped connections, 503s,
 * stalls, a read-only server, TLS with a certificate made at test time. Short timeouts
 * and backoffs keep the whole file to a few seconds. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include <openssl/pem.h>

#include "pki_testutil.h"
#include "testutil.h"

#include "app/transport.h"

extern char **environ;

#define SERVER_SCRIPT "tests/e2e/http_server.py"

/* --- the loopback server ------------------------------------------------------------ */

struct server {
	pid_t pid;
	int out; /* its stdout, kept open so it never writes to a closed pipe */
	char root[4096];
	char url[128];
};

static struct server srv = { .pid = -1, .out = -1 };

/* Starts the server on a fresh directory with the extra options (NULL-terminated) and
 * waits for the port on its first line. */
static void server_start_in(struct server *s, const char *scheme, const char *const *extra)
{
	if (!s->root[0]) {
		tu_path(s->root, sizeof(s->root), "www");
		assert_int_equal(mkdir(s->root, 0700), 0);
	}
	const char *argv[32] = { "/usr/bin/python3", SERVER_SCRIPT, "--dir", s->root };
	int n = 4;
	for (; extra && *extra && n < 30; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	int rc = posix_spawn(&s->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0)
		fail_msg("cannot run %s: %s", argv[0], strerror(rc));
	s->out = fds[0];
	char line[64];
	size_t got = 0;
	while (got < sizeof(line) - 1 && !memchr(line, '\n', got)) {
		struct pollfd p = { .fd = s->out, .events = POLLIN };
		if (poll(&p, 1, 10000) != 1)
			fail_msg("the test server did not start");
		ssize_t k = read(s->out, line + got, sizeof(line) - 1 - got);
		if (k <= 0)
			fail_msg("the test server exited before printing its port");
		got += (size_t)k;
	}
	line[got] = '\0';
	long port = strtol(line, NULL, 10);
	assert_true(port > 0 && port < 65536);
	snprintf(s->url, sizeof(s->url), "%s://127.0.0.1:%ld/", scheme, port);
}

static void server_start(struct server *s, const char *const *extra)
{
	server_start_in(s, "http", extra);
}

static void server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	if (s->out >= 0)
		close(s->out);
	s->pid = -1;
	s->out = -1;
}

/* Each test may start srv; this stops it even when the test failed midway. */
static int stop_server(void **state)
{
	(void)state;
	server_stop(&srv);
	srv.root[0] = '\0';
	return 0;
}

/* --- helpers ------------------------------------------------------------------------ */

static unsigned char *random_bytes(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	assert_non_null(p);
	uint32_t x = 2463534242u + (uint32_t)n;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
	return p;
}

static const char *in_dir(const char *dir, const char *name)
{
	static char path[4][4200];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Options for tests: small waits, a fresh cache directory. */
static struct transport_opts test_opts(char *cache, size_t len)
{
	struct transport_opts o;
	transport_opts_defaults(&o);
	o.connect_timeout_s = 5;
	o.retries = 3;
	o.backoff_ms = 10;
	tu_path(cache, len, "cache");
	o.cache_dir = cache;
	return o;
}

static struct transport *open_ok(const char *location, const struct transport_opts *o)
{
	struct transport *t = NULL;
	struct error err;
	error_clear(&err);
	TU_OK(transport_open(location, o, &t, &err), &err);
	return t;
}

static struct transport_stats stats_of(const struct transport *t)
{
	struct transport_stats st;
	transport_stats(t, &st);
	return st;
}

/* A file of n bytes served as root/name; free() the bytes. */
static unsigned char *serve(const char *root, const char *name, size_t n)
{
	unsigned char *data = random_bytes(n);
	tu_write_file(in_dir(root, name), data, n);
	return data;
}

/* transport_get that must succeed and return want (n bytes). */
static void get_equal(struct transport *t, const char *name, const void *want, size_t n)
{
	unsigned char *got = NULL;
	size_t len = 0;
	struct error err;
	error_clear(&err);
	TU_OK(transport_get(t, name, &got, &len, &err), &err);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
	assert_int_equal(got[len], 0);
	free(got);
}

/* transport_get that must fail with code; its message in err. */
static void get_fails(struct transport *t, const char *name, int code, struct error *err)
{
	unsigned char *got = NULL;
	size_t len = 0;
	error_clear(err);
	assert_int_equal(transport_get(t, name, &got, &len, err), code);
	assert_null(got);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

struct seen {
	uint64_t done, total;
	int calls;
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct seen *s = ctx;
	s->done = done;
	s->total = total;
	s->calls++;
}

static int always_cancelled(void *ctx)
{
	(void)ctx;
	return 1;
}

static long elapsed_ms(const struct timespec *since);

/* ctx is the start time: cancelled 200 ms later */
static int cancelled_after_200ms(void *ctx)
{
	return elapsed_ms(ctx) >= 200;
}

/* --- HTTP GET ------------------------------------------------------------------------- */

static void test_get_fetches_the_whole_file(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	unsigned char *data = serve(srv.root, "w-000001.bundle", 200000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct seen seen = { 0 };
	o.progress = on_progress;
	o.ctx = &seen;
	struct transport *t = open_ok(srv.url, &o);
	assert_true(transport_is_http(t));
	get_equal(t, "w-000001.bundle", data, 200000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	assert_int_equal(st.resumes, 0);
	assert_int_equal(st.bytes_down, 200000);
	assert_true(seen.calls > 0);
	assert_int_equal(seen.done, 200000);
	assert_int_equal(seen.total, 200000);
	assert_false(tu_exists(in_dir(cache, "w-000001.bundle.part")));
	free(data);
	transport_close(&t);
	assert_null(t);
}

static void test_get_of_an_empty_file_gives_zero_bytes(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	tu_write_file(in_dir(srv.root, "empty"), "", 0);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	unsigned char *got = NULL;
	size_t len = 99;
	struct error err;
	TU_OK(transport_get(t, "empty", &got, &len, &err), &err);
	assert_non_null(got);
	assert_int_equal(len, 0);
	free(got);
	transport_close(&t);
}

static void test_get_resumes_after_a_dropped_connection(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--drop-after", "50000", NULL });
	unsigned char *data = serve(srv.root, "b.bin", 150000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	get_equal(t, "b.bin", data, 150000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.retries, 1);
	assert_int_equal(st.resumes, 1);
	/* nothing fetched twice: 50000 bytes, then the other 100000 */
	assert_int_equal(st.bytes_down, 150000);
	assert_false(tu_exists(in_dir(cache, "b.bin.part")));
	free(data);
	transport_close(&t);
}

static void test_progress_does_not_use_up_the_retries(void **state)
{
	(void)state;
	/* a link that drops every 20000 bytes: five attempts, each one getting further */
	server_start(&srv, (const char *[]){ "--drop-after", "20000", "--drop-count", "4", NULL });
	unsigned char *data = serve(srv.root, "p.bin", 90000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.retries = 1;
	struct transport *t = open_ok(srv.url, &o);
	get_equal(t, "p.bin", data, 90000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 5);
	assert_int_equal(st.retries, 4);
	assert_int_equal(st.resumes, 4);
	assert_int_equal(st.bytes_down, 90000);
	free(data);
	transport_close(&t);
}

static void test_server_without_ranges_restarts_the_file(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--no-ranges", "--drop-after", "20000", NULL });
	unsigned char *data = serve(srv.root, "n.bin", 50000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	get_equal(t, "n.bin", data, 50000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.resumes, 0);
	assert_int_equal(st.bytes_down, 70000); /* the first 20000 came twice */
	assert_false(tu_exists(in_dir(cache, "n.bin.part")));
	free(data);
	transport_close(&t);
}

static void test_get_resumes_in_the_next_run_from_the_part_file(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--drop-after", "30000", NULL });
	unsigned char *data = serve(srv.root, "c.bin", 90000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.retries = 0;
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "c.bin", -ERR_IO, &err);
	assert_false(transport_not_found(t));
	TU_CONTAINS(err.msg, "c.bin");
	TU_CONTAINS(err.msg, "30000 bytes");
	assert_int_equal(file_size(in_dir(cache, "c.bin.part")), 30000);
	transport_close(&t);

	/* the next run: a new transport, the same cache */
	t = open_ok(srv.url, &o);
	get_equal(t, "c.bin", data, 90000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.resumes, 1);
	assert_int_equal(st.bytes_down, 60000);
	assert_false(tu_exists(in_dir(cache, "c.bin.part")));
	assert_false(tu_exists(in_dir(cache, "c.bin.part.v")));
	free(data);
	transport_close(&t);
}

static void test_file_changed_between_runs_is_fetched_whole_not_spliced(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--drop-after", "30000", NULL });
	const char *path = in_dir(srv.root, "manifest.shekara");
	unsigned char *old = random_bytes(80000);
	tu_write_file(path, old, 80000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.retries = 0;
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "manifest.shekara", -ERR_IO, &err);
	assert_int_equal(file_size(in_dir(cache, "manifest.shekara.part")), 30000);
	assert_true(tu_exists(in_dir(cache, "manifest.shekara.part.v")));
	transport_close(&t);

	/* a new version of the same size is published before the next run */
	unsigned char *new = random_bytes(80000);
	for (size_t i = 0; i < 80000; i++)
		new[i] ^= 0x5a;
	tu_write_file(path, new, 80000);
	struct timespec later[2] = { { time(NULL) + 10, 0 }, { time(NULL) + 10, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, later, 0), 0);
	t = open_ok(srv.url, &o);
	get_equal(t, "manifest.shekara", new, 80000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.resumes, 0);
	assert_int_equal(st.bytes_down, 80000);
	assert_false(tu_exists(in_dir(cache, "manifest.shekara.part")));
	assert_false(tu_exists(in_dir(cache, "manifest.shekara.part.v")));
	free(new);
	free(old);
	transport_close(&t);
}

static void test_part_file_longer_than_the_file_is_thrown_away(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	unsigned char *data = serve(srv.root, "d.bin", 5000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	assert_int_equal(mkdir(cache, 0700), 0);
	unsigned char *junk = random_bytes(8000);
	tu_write_file(in_dir(cache, "d.bin.part"), junk, 8000);
	struct transport *t = open_ok(srv.url, &o);
	get_equal(t, "d.bin", data, 5000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 2); /* 416, then the whole file */
	assert_int_equal(st.resumes, 0);
	assert_false(tu_exists(in_dir(cache, "d.bin.part")));
	free(junk);
	free(data);
	transport_close(&t);
}

static void test_part_file_in_use_by_another_run_is_left_alone(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	tu_write_file(in_dir(srv.root, "l.bin"), "locked", 6);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	assert_int_equal(mkdir(cache, 0700), 0);
	tu_write_file(in_dir(cache, "l.bin.part"), "lo", 2);
	int fd = open(in_dir(cache, "l.bin.part"), O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "l.bin", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "another shekara");
	assert_int_equal(file_size(in_dir(cache, "l.bin.part")), 2);
	close(fd);
	get_equal(t, "l.bin", "locked", 6);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.resumes, 1);
	transport_close(&t);
}

static void test_get_retries_503_then_succeeds(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--fail-first", "2", NULL });
	tu_write_file(in_dir(srv.root, "e.bin"), "hello", 5);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	get_equal(t, "e.bin", "hello", 5);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 3);
	assert_int_equal(st.retries, 2);
	assert_int_equal(st.bytes_down, 5); /* the error pages are not the file */
	transport_close(&t);
}

static void test_503_past_the_retries_reports_the_server_error(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--fail-first", "10", NULL });
	tu_write_file(in_dir(srv.root, "e.bin"), "hello", 5);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.retries = 1;
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "e.bin", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "503");
	TU_CONTAINS(err.msg, "2 attempts");
	TU_CONTAINS(err.msg, "sync again later");
	assert_false(transport_not_found(t));
	assert_false(tu_exists(in_dir(cache, "e.bin.part")));
	transport_close(&t);
}

static void test_404_is_not_retried_and_reported_as_not_found(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	tu_write_file(in_dir(srv.root, "here"), "x", 1);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "w-000009.bundle", -ERR_IO, &err);
	assert_true(transport_not_found(t));
	TU_CONTAINS(err.msg, "not found");
	TU_CONTAINS(err.msg, "w-000009.bundle");
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	assert_false(tu_exists(in_dir(cache, "w-000009.bundle.part")));
	/* the flag is about the last get only */
	get_equal(t, "here", "x", 1);
	assert_false(transport_not_found(t));
	transport_close(&t);
}

static void test_max_size_is_enforced(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	unsigned char *data = serve(srv.root, "big", 10000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.max_size = 4000;
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "big", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "larger than the limit of 4000 bytes");
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	assert_true(st.bytes_down < 4000);
	assert_false(tu_exists(in_dir(cache, "big.part")));
	assert_int_equal(transport_put(t, "big2", data, 10000, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "larger than the limit");
	assert_false(tu_exists(in_dir(srv.root, "big2")));
	transport_close(&t);

	/* the directory transport too */
	t = open_ok(srv.root, &o);
	get_fails(t, "big", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "larger than the limit of 4000 bytes");
	transport_close(&t);
	free(data);
}

/* --- stalls, dead links, cancelling --------------------------------------------------- */

static void test_stalled_transfer_is_aborted_and_resumed(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--stall-after", "1000", "6", NULL });
	unsigned char *data = serve(srv.root, "s.bin", 60000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	/* libcurl averages the speed over a few seconds: the 1000 bytes that came at once
	 * count for a while */
	o.low_speed_bytes = 2000;
	o.low_speed_time_s = 1;
	struct transport *t = open_ok(srv.url, &o);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	get_equal(t, "s.bin", data, 60000);
	/* given up on well before the server would have gone on by itself */
	assert_true(elapsed_ms(&start) < 5000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.retries, 1);
	assert_int_equal(st.resumes, 1);
	assert_int_equal(st.bytes_down, 60000);
	free(data);
	transport_close(&t);
}

static void test_stall_without_retries_is_reported_as_a_stalled_link(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--stall-after", "1000", "4", NULL });
	unsigned char *data = serve(srv.root, "s.bin", 30000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.low_speed_bytes = 1000;
	o.low_speed_time_s = 1;
	o.retries = 0;
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	get_fails(t, "s.bin", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "stalled below 1000 bytes/s for 1 s");
	TU_CONTAINS(err.msg, "continue from the 1000 bytes");
	assert_int_equal(file_size(in_dir(cache, "s.bin.part")), 1000);
	free(data);
	transport_close(&t);
}

/* A port nothing listens on: bound, then closed. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void test_closed_port_fails_cleanly_after_retries_with_backoff(void **state)
{
	(void)state;
	char url[64], cache[4096];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/sync", closed_port());
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.retries = 2;
	o.backoff_ms = 100;
	struct transport *t = open_ok(url, &o);
	struct error err;
	error_clear(&err);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	get_fails(t, "w-000001.bundle", -ERR_IO, &err);
	long ms = elapsed_ms(&start);
	assert_true(ms >= 300); /* waited 100 then 200 ms */
	assert_true(ms < 3000);
	TU_CONTAINS(err.msg, "cannot reach '");
	TU_CONTAINS(err.msg, "/sync/w-000001.bundle'");
	TU_CONTAINS(err.msg, "3 attempts");
	TU_CONTAINS(err.msg, "the link may be down");
	assert_false(transport_not_found(t));
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 3);
	assert_int_equal(st.retries, 2);
	assert_false(tu_exists(in_dir(cache, "w-000001.bundle.part")));

	assert_int_equal(transport_put(t, "up.bundle", (const unsigned char *)"x", 1, &err),
			 -ERR_IO);
	TU_CONTAINS(err.msg, "cannot reach '");
	st = stats_of(t);
	assert_int_equal(st.requests, 6);
	transport_close(&t);
}

static void test_cancel_stops_a_transfer_and_a_backoff_wait(void **state)
{
	(void)state;
	char url[64], cache[4096];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", closed_port());
	struct transport_opts o = test_opts(cache, sizeof(cache));
	o.backoff_ms = 10000;
	o.cancelled = always_cancelled;
	struct transport *t = open_ok(url, &o);
	struct error err;
	error_clear(&err);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	get_fails(t, "a", -ERR_IO, &err);
	assert_true(elapsed_ms(&start) < 2000);
	TU_CONTAINS(err.msg, "stopped");
	transport_close(&t);

	/* in the middle of a 10 s wait before a retry */
	o.cancelled = cancelled_after_200ms;
	o.ctx = &start;
	t = open_ok(url, &o);
	clock_gettime(CLOCK_MONOTONIC, &start);
	get_fails(t, "a", -ERR_IO, &err);
	assert_true(elapsed_ms(&start) < 2000);
	TU_CONTAINS(err.msg, "stopped");
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(transport_put(t, "a", (const unsigned char *)"x", 1, &err), -ERR_IO);
	assert_true(elapsed_ms(&start) < 2000);
	TU_CONTAINS(err.msg, "sending 'http://127.0.0.1:");
	TU_CONTAINS(err.msg, "stopped");
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.retries, 0);
	transport_close(&t);
}

/* --- HTTP PUT ------------------------------------------------------------------------- */

static void test_put_then_get_returns_the_same_bytes(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	unsigned char *data = random_bytes(120000);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	TU_OK(transport_put(t, "out-000001.bundle", data, 120000, &err), &err);
	size_t disk_len = 0;
	char *disk = tu_read_file(in_dir(srv.root, "out-000001.bundle"), &disk_len);
	assert_int_equal(disk_len, 120000);
	assert_memory_equal(disk, data, disk_len);
	free(disk);
	get_equal(t, "out-000001.bundle", data, 120000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.bytes_up, 120000);
	assert_int_equal(st.bytes_down, 120000);
	free(data);
	transport_close(&t);
}

static void test_put_twice_with_the_same_name_is_fine(void **state)
{
	(void)state;
	server_start(&srv, NULL);
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	const unsigned char body[] = "the same bundle";
	TU_OK(transport_put(t, "out-000002.bundle", body, sizeof(body), &err), &err);
	TU_OK(transport_put(t, "out-000002.bundle", body, sizeof(body), &err), &err);
	TU_OK(transport_put(t, "empty.bundle", NULL, 0, &err), &err);
	assert_int_equal(file_size(in_dir(srv.root, "out-000002.bundle")), sizeof(body));
	assert_int_equal(file_size(in_dir(srv.root, "empty.bundle")), 0);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 3);
	assert_int_equal(st.retries, 0);
	transport_close(&t);
}

static void test_put_retries_503_then_stores(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--fail-first", "1", NULL });
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	unsigned char *data = random_bytes(3000);
	TU_OK(transport_put(t, "p.bundle", data, 3000, &err), &err);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.retries, 1);
	assert_int_equal(file_size(in_dir(srv.root, "p.bundle")), 3000);
	free(data);
	transport_close(&t);
}

static void test_put_to_a_read_only_server_says_405_without_retrying(void **state)
{
	(void)state;
	server_start(&srv, (const char *[]){ "--read-only", NULL });
	char cache[4096];
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct transport *t = open_ok(srv.url, &o);
	struct error err;
	error_clear(&err);
	assert_int_equal(transport_put(t, "x.bundle", (const unsigned char *)"abc", 3, &err),
			 -ERR_IO);
	TU_CONTAINS(err.msg, "405");
	TU_CONTAINS(err.msg, "must allow PUT");
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	assert_false(tu_exists(in_dir(srv.root, "x.bundle")));
	transport_close(&t);
}

/* --- names and locations -------------------------------------------------------------- */

static void test_names_with_slash_or_dotdot_are_refused(void **state)
{
	(void)state;
	static const char *const bad[] = { "a/b",   "..",     "../x",    "",      ".",
					   "a b",   "%2e%2e", "x\\y",    "x.tmp", "x.part",
					   "é.bin", "a?b",    "http://x" };
	char url[64], cache[4096];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", closed_port());
	struct transport_opts o = test_opts(cache, sizeof(cache));
	char dir[4096];
	tu_path(dir, sizeof(dir), "stick");
	assert_int_equal(mkdir(dir, 0700), 0);
	struct transport *ts[2] = { open_ok(url, &o), open_ok(dir, &o) };
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			unsigned char *got = NULL;
			size_t len = 0;
			struct error err;
			error_clear(&err);
			if (transport_get(ts[k], bad[i], &got, &len, &err) != -ERR_USAGE)
				fail_msg("get '%s' was not refused", bad[i]);
			TU_CONTAINS(err.msg, "not a valid sync file name");
			if (transport_put(ts[k], bad[i], (const unsigned char *)"x", 1, &err) !=
			    -ERR_USAGE)
				fail_msg("put '%s' was not refused", bad[i]);
		}
		struct transport_stats st;
		transport_stats(ts[k], &st);
		assert_int_equal(st.requests, 0); /* refused before any I/O */
		transport_close(&ts[k]);
	}
	assert_true(transport_name_ok("w-000001.bundle"));
	assert_true(transport_name_ok("HQ_ack.2026-01-01"));
}

static void test_location_hides_the_password_and_odd_schemes_are_refused(void **state)
{
	(void)state;
	struct transport_opts o;
	transport_opts_defaults(&o);
	struct transport *t = open_ok("https://officer:s3cret@127.0.0.1:9/sync/", &o);
	assert_true(transport_is_http(t));
	TU_NOT_CONTAINS(transport_location(t), "s3cret");
	TU_CONTAINS(transport_location(t), "officer");
	TU_CONTAINS(transport_location(t), "127.0.0.1:9/sync/");
	transport_close(&t);
	struct error err;
	error_clear(&err);
	static const char *const refused[] = { "file:///etc", "ftp://127.0.0.1/x",
					       "http://127.0.0.1/x?a=b", "http://" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (transport_open(refused[i], &o, &t, &err) != -ERR_USAGE)
			fail_msg("'%s' was not refused", refused[i]);
		assert_null(t);
	}
	char missing[4096];
	tu_path(missing, sizeof(missing), "no-stick");
	assert_int_equal(transport_open(missing, NULL, &t, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "USB stick");
	assert_null(t);
}

/* --- directory ------------------------------------------------------------------------ */

static int count_entries(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	size_t sl = strlen(suffix);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l >= sl && strcmp(e->d_name + l - sl, suffix) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static void test_directory_get_and_put_are_atomic(void **state)
{
	(void)state;
	char dir[4096];
	tu_path(dir, sizeof(dir), "usb");
	assert_int_equal(mkdir(dir, 0700), 0);
	/* what a stick pulled mid-write left behind */
	tu_write_file(in_dir(dir, "out-000003.bundle.tmp"), "half", 4);
	struct transport_opts o;
	transport_opts_defaults(&o);
	char slashed[4200];
	snprintf(slashed, sizeof(slashed), "%s//", dir);
	struct transport *t = open_ok(slashed, &o);
	assert_false(transport_is_http(t));
	assert_string_equal(transport_location(t), dir);
	unsigned char *data = random_bytes(300000);
	struct error err;
	TU_OK(transport_put(t, "out-000003.bundle", data, 300000, &err), &err);
	TU_OK(transport_put(t, "out-000003.bundle", data, 300000, &err), &err);
	assert_int_equal(count_entries(dir, ".tmp"), 0);
	assert_int_equal(file_size(in_dir(dir, "out-000003.bundle")), 300000);
	get_equal(t, "out-000003.bundle", data, 300000);
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.bytes_up, 600000);
	assert_int_equal(st.bytes_down, 300000);
	assert_int_equal(st.requests, 3);

	error_clear(&err);
	get_fails(t, "w-000404.bundle", -ERR_IO, &err);
	assert_true(transport_not_found(t));
	TU_CONTAINS(err.msg, "not found");
	free(data);

	/* the stick is pulled */
	unlink(in_dir(dir, "out-000003.bundle"));
	assert_int_equal(rmdir(dir), 0);
	get_fails(t, "out-000003.bundle", -ERR_IO, &err);
	assert_false(transport_not_found(t));
	TU_CONTAINS(err.msg, "USB stick");
	assert_int_equal(transport_put(t, "z.bundle", (const unsigned char *)"z", 1, &err),
			 -ERR_IO);
	TU_CONTAINS(err.msg, "USB stick");
	transport_close(&t);
}

/* --- TLS ------------------------------------------------------------------------------ */

static void write_pem(const char *path, X509 *cert, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	if (cert)
		assert_int_equal(PEM_write_X509(f, cert), 1);
	if (key)
		assert_int_equal(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
}

/* A CA and a certificate for 127.0.0.1 signed by it; writes ca.pem, cert.pem, key.pem. */
static void make_tls_files(char *ca, char *cert, char *key, size_t len)
{
	struct pki_party root = pki_party_new("XX", "Shekara test CA", NULL, 1);
	struct pki_party leaf = pki_party_new("XX", "127.0.0.1", &root, 0);
	pki_add_ext(leaf.cert, root.cert, NID_subject_alt_name, "IP:127.0.0.1");
	pki_add_ext(leaf.cert, root.cert, NID_ext_key_usage, "serverAuth");
	assert_true(X509_sign(leaf.cert, root.key, EVP_sha256()) > 0);
	write_pem(tu_path(ca, len, "ca.pem"), root.cert, NULL);
	write_pem(tu_path(cert, len, "cert.pem"), leaf.cert, NULL);
	write_pem(tu_path(key, len, "key.pem"), NULL, leaf.key);
	pki_party_free(&leaf);
	pki_party_free(&root);
}

static void test_https_verifies_the_server_unless_told_otherwise(void **state)
{
	(void)state;
	char ca[4096], cert[4096], key[4096], cache[4096];
	make_tls_files(ca, cert, key, sizeof(ca));
	server_start_in(&srv, "https", (const char *[]){ "--tls", cert, key, NULL });
	tu_write_file(in_dir(srv.root, "t.bin"), "secure", 6);
	struct transport_opts o = test_opts(cache, sizeof(cache));
	struct error err;
	error_clear(&err);

	/* by default: an unknown CA is refused, and not retried */
	struct transport *t = open_ok(srv.url, &o);
	get_fails(t, "t.bin", -ERR_IO, &err);
	TU_CONTAINS(err.msg, "cannot verify the server");
	struct transport_stats st = stats_of(t);
	assert_int_equal(st.retries, 0);
	transport_close(&t);

	/* with the CA file */
	o.ca_file = ca;
	t = open_ok(srv.url, &o);
	get_equal(t, "t.bin", "secure", 6);
	TU_OK(transport_put(t, "t2.bin", (const unsigned char *)"up", 2, &err), &err);
	transport_close(&t);

	/* insecure: for tests only */
	o.ca_file = NULL;
	o.insecure = 1;
	t = open_ok(srv.url, &o);
	get_equal(t, "t2.bin", "up", 2);
	transport_close(&t);
}

static int setup(void **state)
{
	(void)state;
	/* a proxy from the environment must not carry loopback requests elsewhere */
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	setenv("NO_PROXY", "127.0.0.1,localhost", 1);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

#define T(f) cmocka_unit_test_teardown(f, stop_server)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_get_fetches_the_whole_file),
		T(test_get_of_an_empty_file_gives_zero_bytes),
		T(test_get_resumes_after_a_dropped_connection),
		T(test_progress_does_not_use_up_the_retries),
		T(test_server_without_ranges_restarts_the_file),
		T(test_get_resumes_in_the_next_run_from_the_part_file),
		T(test_file_changed_between_runs_is_fetched_whole_not_spliced),
		T(test_part_file_longer_than_the_file_is_thrown_away),
		T(test_part_file_in_use_by_another_run_is_left_alone),
		T(test_get_retries_503_then_succeeds),
		T(test_503_past_the_retries_reports_the_server_error),
		T(test_404_is_not_retried_and_reported_as_not_found),
		T(test_max_size_is_enforced),
		T(test_stalled_transfer_is_aborted_and_resumed),
		T(test_stall_without_retries_is_reported_as_a_stalled_link),
		T(test_closed_port_fails_cleanly_after_retries_with_backoff),
		T(test_cancel_stops_a_transfer_and_a_backoff_wait),
		T(test_put_then_get_returns_the_same_bytes),
		T(test_put_twice_with_the_same_name_is_fine),
		T(test_put_retries_503_then_stores),
		T(test_put_to_a_read_only_server_says_405_without_retrying),
		T(test_names_with_slash_or_dotdot_are_refused),
		T(test_location_hides_the_password_and_odd_schemes_are_refused),
		T(test_directory_get_and_put_are_atomic),
		T(test_https_verifies_the_server_unless_told_otherwise),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
