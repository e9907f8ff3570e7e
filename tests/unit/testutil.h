/* Helpers shared by the unit tests. Each test file is one translation unit, so every
 * helper is static; TU_UNUSED keeps -Wunused-function quiet in files that need only a
 * few of them.
 *
 * tests/run-unit.sh gives each test binary a private TEST_TMPDIR with XDG_DATA_HOME and
 * XDG_CONFIG_HOME inside it. When a binary is run by hand without it, a directory is
 * made under /tmp instead (and left there for inspection). */
#ifndef SHEKARA_TESTUTIL_H
#define SHEKARA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/config.h"
#include "app/session.h"
#include "app/setup.h"
#include "db/audit.h"
#include "db/db.h"
#include "db/db_internal.h"
#include "scanners/error.h"

#define TU_UNUSED __attribute__((unused))

/* Fails the test with the error's message, so a failing setup step says why. */
#define TU_OK(call, errp)                                                                          \
	do {                                                                                       \
		int tu_rc_ = (call);                                                               \
		if (tu_rc_ < 0)                                                                    \
			fail_msg("%s returned %d: %s", #call, tu_rc_, (errp)->msg);                \
	} while (0)

#define TU_CONTAINS(haystack, needle)                                                              \
	do {                                                                                       \
		const char *tu_h_ = (haystack), *tu_n_ = (needle);                                 \
		if (!tu_h_ || !strstr(tu_h_, tu_n_))                                               \
			fail_msg("'%s' does not contain '%s'", tu_h_ ? tu_h_ : "(null)", tu_n_);   \
	} while (0)

#define TU_NOT_CONTAINS(haystack, needle)                                                          \
	do {                                                                                       \
		const char *tu_h_ = (haystack), *tu_n_ = (needle);                                 \
		if (tu_h_ && strstr(tu_h_, tu_n_))                                                 \
			fail_msg("'%s' contains '%s'", tu_h_, tu_n_);                              \
	} while (0)

TU_UNUSED static const char *tu_tmpdir(void)
{
	static char dir[4096];
	if (dir[0])
		return dir;
	const char *env = getenv("TEST_TMPDIR");
	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
	} else {
		char tmpl[] = "/tmp/shekara-unit-XXXXXX";
		if (!mkdtemp(tmpl))
			fail_msg("cannot make a temporary directory");
		snprintf(dir, sizeof(dir), "%s", tmpl);
	}
	return dir;
}

/* A path inside the test directory that no earlier call returned: "DIR/N-name". */
TU_UNUSED static const char *tu_path(char *buf, size_t len, const char *name)
{
	static unsigned counter;
	int n = snprintf(buf, len, "%s/%u-%s", tu_tmpdir(), ++counter, name);
	if (n < 0 || (size_t)n >= len)
		fail_msg("test path too long");
	return buf;
}

TU_UNUSED static int tu_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

TU_UNUSED static void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write '%s'", path);
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("short write to '%s'", path);
	fclose(f);
}

/* The whole file, NUL-terminated; free() it. *len may be NULL. */
TU_UNUSED static char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *grown = realloc(buf, cap * 2 + 1);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = n;
	}
	return buf;
}

/* Defaults with the database moved to a fresh path in the test directory. */
TU_UNUSED static void tu_config(struct config *cfg, const char *dbname)
{
	struct error err;
	error_clear(&err);
	TU_OK(config_defaults(cfg, &err), &err);
	tu_path(cfg->database, sizeof(cfg->database), dbname);
}

/* The demo database (setup_create_demo) at a fresh path, opened in app. */
TU_UNUSED static void tu_demo_app(struct app *app)
{
	struct config cfg;
	struct error err;
	error_clear(&err);
	tu_config(&cfg, "demo.db");
	TU_OK(setup_create_demo(&cfg, &err), &err);
	TU_OK(app_open(app, &cfg, &err), &err);
}

/* Logs a demo account in with the demo password. */
TU_UNUSED static void tu_login(struct app *app, const char *username, struct session *s)
{
	struct error err;
	error_clear(&err);
	TU_OK(session_login(app, username, DEMO_PASSWORD, "terminal", s, &err), &err);
}

TU_UNUSED static int tu_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

/* One integer from a query such as "SELECT count(*) FROM audit"; -1 when no row. */
TU_UNUSED static int64_t tu_query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("cannot prepare '%s': %s", sql, sqlite3_errmsg(db->h));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* Audit rows with this action (and outcome, unless NULL). */
TU_UNUSED static int tu_count_audit(struct db *db, const char *action, const char *outcome)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT count(*) FROM audit WHERE action = ?1 "
			       "AND (?2 IS NULL OR outcome = ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		fail_msg("cannot count audit rows: %s", sqlite3_errmsg(db->h));
	sqlite3_bind_text(st, 1, action, -1, SQLITE_TRANSIENT);
	if (outcome)
		sqlite3_bind_text(st, 2, outcome, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

/* A copy of one audit row, for assertions after the callback has returned. */
struct tu_audit {
	int64_t seq;
	char ts_utc[32];
	char officer[64];
	char role[32];
	char post[64];
	char workstation[64];
	char action[64];
	char object_type[64];
	char object_id[256];
	char outcome[32];
	char detail[512];
	unsigned char hash[AUDIT_HASH_LEN];
	int hash_len;
};

TU_UNUSED static void tu_audit_copy(struct tu_audit *o, const struct audit_row *r)
{
	memset(o, 0, sizeof(*o));
	o->seq = r->seq;
	snprintf(o->ts_utc, sizeof(o->ts_utc), "%s", r->ts_utc);
	snprintf(o->officer, sizeof(o->officer), "%s", r->officer);
	snprintf(o->role, sizeof(o->role), "%s", r->role);
	snprintf(o->post, sizeof(o->post), "%s", r->post);
	snprintf(o->workstation, sizeof(o->workstation), "%s", r->workstation);
	snprintf(o->action, sizeof(o->action), "%s", r->action);
	snprintf(o->object_type, sizeof(o->object_type), "%s", r->object_type);
	snprintf(o->object_id, sizeof(o->object_id), "%s", r->object_id);
	snprintf(o->outcome, sizeof(o->outcome), "%s", r->outcome);
	snprintf(o->detail, sizeof(o->detail), "%s", r->detail);
	o->hash_len = r->hash_len;
	if (r->hash && r->hash_len == AUDIT_HASH_LEN)
		memcpy(o->hash, r->hash, AUDIT_HASH_LEN);
}

TU_UNUSED static int tu_audit_take(const struct audit_row *row, void *ctx)
{
	tu_audit_copy(ctx, row);
	return 1;
}

/* The newest audit row; fails the test when there is none. */
TU_UNUSED static void tu_last_audit(struct db *db, struct tu_audit *out)
{
	struct error err;
	error_clear(&err);
	struct audit_filter f = { .newest_first = 1, .limit = 1 };
	memset(out, 0, sizeof(*out));
	if (audit_foreach(db, &f, tu_audit_take, out, &err) != 1)
		fail_msg("no audit row: %s", err.msg);
}

/* Every audit row, oldest first; free() the array. */
struct tu_audit_list {
	struct tu_audit *rows;
	size_t n, cap;
};

TU_UNUSED static int tu_audit_collect(const struct audit_row *row, void *ctx)
{
	struct tu_audit_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		struct tu_audit *grown = realloc(l->rows, l->cap * sizeof(*grown));
		if (!grown)
			return -1;
		l->rows = grown;
	}
	tu_audit_copy(&l->rows[l->n++], row);
	return 0;
}

TU_UNUSED static size_t tu_all_audit(struct db *db, struct tu_audit **rows)
{
	struct error err;
	error_clear(&err);
	struct tu_audit_list l = { 0 };
	if (audit_foreach(db, NULL, tu_audit_collect, &l, &err) != 0)
		fail_msg("cannot read the audit rows: %s", err.msg);
	*rows = l.rows;
	return l.n;
}

/* Appends one audit row in its own transaction. */
TU_UNUSED static void tu_append(struct db *db, const char *officer, const char *action,
				const char *detail)
{
	struct error err;
	error_clear(&err);
	struct audit_actor who = { officer, "officer", "POST-1", "WS-1" };
	struct audit_event ev = { .action = action,
				  .object_type = "test",
				  .object_id = "x",
				  .outcome = "ok",
				  .detail = detail };
	TU_OK(db_begin(db, &err), &err);
	TU_OK(audit_append(db, &who, &ev, &err), &err);
	TU_OK(db_commit(db, &err), &err);
}

/* Appends a row with a chosen timestamp, correctly chained, bypassing the clock: for
 * tests of time filters. The audit triggers allow INSERT. */
TU_UNUSED static void tu_append_at(struct db *db, const char *ts, const char *officer,
				   const char *action, const char *detail)
{
	unsigned char prev[AUDIT_HASH_LEN] = { 0 }, hash[AUDIT_HASH_LEN];
	int64_t seq = 1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", -1,
			       &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(db->h));
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		memcpy(prev, sqlite3_column_blob(st, 1), AUDIT_HASH_LEN);
	}
	sqlite3_finalize(st);
	struct audit_row row = { .seq = seq,
				 .ts_utc = ts,
				 .officer = officer,
				 .role = "officer",
				 .post = "POST-1",
				 .workstation = "WS-1",
				 .action = action,
				 .object_type = "test",
				 .object_id = "x",
				 .outcome = "ok",
				 .detail = detail };
	audit_row_hash(prev, &row, hash);
	if (sqlite3_prepare_v2(db->h,
			       "INSERT INTO audit(seq, ts_utc, officer, role, post, workstation, "
			       "action, object_type, object_id, outcome, detail, hash) VALUES "
			       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
			       -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(db->h));
	sqlite3_bind_int64(st, 1, row.seq);
	const char *text[] = { row.ts_utc,      row.officer, row.role,        row.post,
			       row.workstation, row.action,  row.object_type, row.object_id,
			       row.outcome,     row.detail };
	for (int i = 0; i < 10; i++)
		sqlite3_bind_text(st, i + 2, text[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 12, hash, AUDIT_HASH_LEN, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		fail_msg("insert audit row: %s", sqlite3_errmsg(db->h));
}

/* cmocka fixtures: a fresh database file (state is the struct db *), or a demo
 * workstation opened as a struct app (state is the struct app *). */
TU_UNUSED static int tu_setup_db(void **state)
{
	char path[4096];
	struct error err;
	error_clear(&err);
	struct db *db = NULL;
	tu_path(path, sizeof(path), "test.db");
	if (db_open(path, DB_OPEN_CREATE, &db, &err) < 0) {
		print_error("db_open: %s\n", err.msg);
		return -1;
	}
	*state = db;
	return 0;
}

TU_UNUSED static int tu_teardown_db(void **state)
{
	struct db *db = *state;
	db_close(&db);
	return 0;
}

TU_UNUSED static int tu_setup_app(void **state)
{
	struct app *app = calloc(1, sizeof(*app));
	if (!app)
		return -1;
	tu_demo_app(app);
	*state = app;
	return 0;
}

TU_UNUSED static int tu_teardown_app(void **state)
{
	struct app *app = *state;
	app_close(app);
	free(app);
	return 0;
}

#endif
