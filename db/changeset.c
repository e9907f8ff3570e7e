/* Sync payloads as session-extension changesets; the rules are in db/changeset.h. A
 * changeset from outside is walked whole before SQLite applies it (check_changeset),
 * and any conflict during the apply aborts all of it. */
#include "db/changeset.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "db/changeset_internal.h"
#include "db/db_internal.h"
#include "i18n/i18n.h"

enum { MAX_COLS = 64, MAX_TABLES = 16 };

#define mark_of(marks, at) ((int64_t *)((char *)(marks) + (at)))

/* --- plain connections: the shadow, the scratch copy, a replica ----------------- */

static int raw_fail(sqlite3 *h, const char *path, const char *doing, struct error *err)
{
	return error_set(err, ERR_IO, _("database error in '%s' (%s): %s"), path, doing,
			 sqlite3_errmsg(h));
}

static int raw_open(const char *path, int create, sqlite3 **h, struct error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, h, flags, NULL) != SQLITE_OK) {
		error_set(err, ERR_IO, _("cannot open database '%s': %s"), path,
			  *h ? sqlite3_errmsg(*h) : strerror(errno));
		sqlite3_close_v2(*h);
		*h = NULL;
		return -ERR_IO;
	}
	sqlite3_busy_timeout(*h, 5000);
	sqlite3_extended_result_codes(*h, 1);
	return 0;
}

/* One statement of fixed SQL; text (when not NULL) bound to ?1. Rows are skipped. */
static int raw_run(sqlite3 *h, const char *path, const char *sql, const char *text,
		   const char *doing, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return raw_fail(h, path, doing, err);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : raw_fail(h, path, doing, err);
}

static void raw_rollback(sqlite3 *h)
{
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
}

/* The CREATE TABLE text of a table in main: 1 (*sql malloc()ed), 0 absent, <0 error. */
static int table_sql(sqlite3 *h, const char *name, char **sql)
{
	sqlite3_stmt *st;
	*sql = NULL;
	if (sqlite3_prepare_v2(h,
			       "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND "
			       "name = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	const unsigned char *text = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	*sql = text ? strdup((const char *)text) : NULL;
	sqlite3_finalize(st);
	return (rc != SQLITE_ROW && rc != SQLITE_DONE) || (text && !*sql) ? -1 : *sql != NULL;
}

/* Gives h (at path) the tables of src as src's schema has them, or checks that the ones
 * it has are the same: the same CREATE text, since ALTER TABLE keeps that text current. */
static int ensure_tables(sqlite3 *h, const char *path, struct db *src, const struct table_def *defs,
			 size_t n, struct error *err)
{
	if (raw_run(h, path, "BEGIN IMMEDIATE", NULL, "begin", err) < 0)
		return -ERR_IO;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *want, *have;
		int found = table_sql(src->h, defs[i].name, &want);
		if (found <= 0) {
			rc = found < 0
				     ? db_fail(src, "schema", err)
				     : error_set(err, ERR_IO, _("table '%s' is missing from '%s'"),
						 defs[i].name, src->path);
			break;
		}
		found = table_sql(h, defs[i].name, &have);
		if (found < 0)
			rc = raw_fail(h, path, "schema", err);
		else if (found == 0)
			rc = raw_run(h, path, want, NULL, "create table", err); /* as src has it */
		else if (strcmp(have, want) != 0)
			rc = error_set(err, ERR_IO,
				       _("table '%s' in '%s' differs from the one in '%s'; it was "
					 "made for another schema version"),
				       defs[i].name, path, src->path);
		free(want);
		free(have);
	}
	if (rc == 0)
		return raw_run(h, path, "COMMIT", NULL, "commit", err);
	raw_rollback(h);
	return rc;
}

/* The other connections open db by its file name: one in memory has none. */
static int need_file(struct db *db, struct error *err)
{
	if (db->path[0] && strcmp(db->path, ":memory:") != 0)
		return 0;
	return error_set(err, ERR_USAGE, "changesets need a database in a file, not in memory");
}

/* Opens (creating) a file only its owner may read: the shadow and the replicas hold the
 * lists' people and the travellers. */
static int open_private(const char *path, sqlite3 **h, struct error *err)
{
	struct stat sb;
	int existed = stat(path, &sb) == 0;
	if (raw_open(path, 1, h, err) < 0)
		return -ERR_IO;
	if (!existed)
		chmod(path, 0600);
	return 0;
}

/* --- walking a changeset from outside ---------------------------------------------- */

/* What one table looks like in the database a changeset is applied to. */
struct shape {
	int loaded;
	int ncol;
	int entry_col, open_col; /* -1 when the table has none */
	unsigned char pk[MAX_COLS];
};

struct scope {
	const struct table_def *defs;
	size_t n;
	struct shape shape[MAX_TABLES];
	int inserts_only;
	int collect; /* gather the wl_entries ids touched */
	int64_t *ids;
	size_t n_ids, cap;
};

/* A name from outside, fit to quote in a message: cut, and anything but printable
 * ASCII shown as '?'. */
static void printable(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (const char *c = in ? in : ""; *c && o + 1 < len && o < 48; c++)
		out[o++] = *c >= 0x20 && *c < 0x7f ? *c : '?';
	out[o] = '\0';
}

static int load_shape(sqlite3 *h, const char *path, const struct table_def *def, struct shape *t,
		      struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT cid, name, pk FROM pragma_table_info(?1, 'main')", -1,
			       &st, NULL) != SQLITE_OK)
		return raw_fail(h, path, "table info", err);
	sqlite3_bind_text(st, 1, def->name, -1, SQLITE_STATIC);
	memset(t, 0, sizeof(*t));
	t->entry_col = t->open_col = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int cid = sqlite3_column_int(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (cid < 0 || cid >= MAX_COLS || !name)
			continue;
		t->ncol = cid + 1 > t->ncol ? cid + 1 : t->ncol;
		t->pk[cid] = sqlite3_column_int(st, 2) > 0;
		if (def->entry_col && strcmp(name, def->entry_col) == 0)
			t->entry_col = cid;
		if (def->open_col && strcmp(name, def->open_col) == 0)
			t->open_col = cid;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return raw_fail(h, path, "table info", err);
	t->loaded = 1;
	return 0;
}

static int corrupt(struct error *err)
{
	return error_set(err, ERR_USAGE,
			 _("the bundle's changes are corrupt: not a valid changeset"));
}

static int patchset(struct error *err)
{
	return error_set(err, ERR_FINDING,
			 _("the bundle holds a patchset, whose changes cannot show a conflict"));
}

/* The table a header names, if the scope allows it and it has the shape the header
 * gives: SQLite would skip changes to a table of another shape without a word. */
static int table_of(sqlite3 *h, const char *path, struct scope *sc, const char *tab, int ncol,
		    uint64_t pk, struct shape **out, struct error *err)
{
	size_t k = 0;
	while (k < sc->n && strcmp(sc->defs[k].name, tab) != 0)
		k++;
	char shown[64];
	printable(tab, shown, sizeof(shown));
	if (k == sc->n)
		return error_set(err, ERR_FINDING,
				 _("the bundle changes the table '%s', which it may not touch"),
				 shown);
	struct shape *t = &sc->shape[k];
	if (!t->loaded && load_shape(h, path, &sc->defs[k], t, err) < 0)
		return -ERR_IO;
	int same = ncol == t->ncol;
	for (int i = 0; same && i < ncol; i++)
		same = !(pk >> i & 1) == !t->pk[i];
	if (!same)
		return error_set(err, ERR_FINDING,
				 _("the bundle does not fit this database: its table '%s' has "
				   "other columns or another key"),
				 shown);
	*out = t;
	return 0;
}

/* The scope's table with this name and column count (its header was checked), or -1. */
static int allowed(const struct scope *sc, const char *name, int ncol)
{
	for (size_t k = 0; k < sc->n; k++)
		if (strcmp(sc->defs[k].name, name) == 0 && sc->shape[k].ncol == ncol)
			return (int)k;
	return -1;
}

/* A wl_entries id from a change (v NULL when the change does not carry it). */
static int add_id(struct scope *sc, sqlite3_value *v, struct error *err)
{
	if (!v || sqlite3_value_type(v) == SQLITE_NULL)
		return 0;
	if (sqlite3_value_type(v) != SQLITE_INTEGER)
		return error_set(err, ERR_FINDING,
				 _("the bundle names a watchlist entry by something other than a "
				   "number"));
	if (sc->n_ids == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 64;
		int64_t *grown = realloc(sc->ids, cap * sizeof(*grown));
		if (!grown)
			return error_set(err, ERR_IO, _("out of memory"));
		sc->ids = grown;
		sc->cap = cap;
	}
	sc->ids[sc->n_ids++] = sqlite3_value_int64(v);
	return 0;
}

/* The entries a change touches, old and new. A child row changed in place does not
 * carry its entry_id: it is the one the row belongs to here (read before the apply; if
 * the row is missing, the apply is refused anyway). */
static int collect(sqlite3 *h, const char *path, struct scope *sc, int k, int op,
		   sqlite3_changeset_iter *it, struct error *err)
{
	const struct shape *t = &sc->shape[k];
	sqlite3_value *old = NULL, *new = NULL, *key = NULL;
	if (op != SQLITE_INSERT)
		sqlite3changeset_old(it, t->entry_col, &old);
	if (op != SQLITE_DELETE)
		sqlite3changeset_new(it, t->entry_col, &new);
	int rc = add_id(sc, old, err);
	if (rc == 0)
		rc = add_id(sc, new, err);
	if (rc < 0 || op != SQLITE_UPDATE || old || !sc->defs[k].owner)
		return rc;
	int pk = 0;
	while (pk < t->ncol - 1 && !t->pk[pk])
		pk++;
	sqlite3_stmt *st;
	if (sqlite3changeset_old(it, pk, &key) != SQLITE_OK || !key ||
	    sqlite3_prepare_v2(h, sc->defs[k].owner, -1, &st, NULL) != SQLITE_OK)
		return raw_fail(h, path, "watchlist entry", err);
	sqlite3_bind_value(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = add_id(sc, sqlite3_column_value(st, 0), err);
	sqlite3_finalize(st);
	return rc;
}

/* SQLite 3.40's iterator loops for ever on a table name cut off by the end of the
 * buffer, so no byte from outside reaches it before this bounds-checked walk of the
 * format (sqlite3session.c, "CHANGESET FORMAT") has accepted them all. */
struct reader {
	const unsigned char *p;
	size_t n, at;
};

static int read_varint(struct reader *r, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 9 && r->at < r->n; i++) {
		unsigned char b = r->p[r->at++];
		*v = i == 8 ? *v << 8 | b : *v << 7 | (b & 0x7f);
		if (i == 8 || !(b & 0x80))
			return 0;
	}
	return -1;
}

/* One record of ncol fields; bit i of *defined is set when field i holds a value, and
 * of *nulls when that value is NULL. */
static int read_record(struct reader *r, int ncol, uint64_t *defined, uint64_t *nulls)
{
	*defined = 0;
	for (int i = 0; i < ncol; i++) {
		if (r->at >= r->n)
			return -1;
		unsigned char type = r->p[r->at++];
		uint64_t len = 0;
		if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
			len = 8;
		else if ((type == SQLITE_TEXT || type == SQLITE_BLOB) && read_varint(r, &len) < 0)
			return -1;
		else if (type > SQLITE_NULL)
			return -1;
		if (len > r->n - r->at)
			return -1;
		r->at += (size_t)len;
		*defined |= (uint64_t)(type != 0) << i;
		*nulls |= (uint64_t)(type == SQLITE_NULL) << i;
	}
	return 0;
}

/* One operation after its op byte: every record has the values the operation needs, an
 * UPDATE sets something and never a key. -1 corrupt, -2 old values missing (a patchset's
 * way), which is what a conflict is seen by. */
static int read_op(struct reader *r, int op, int ncol, uint64_t pk)
{
	uint64_t all = ncol == 64 ? ~(uint64_t)0 : ((uint64_t)1 << ncol) - 1, old = 0, new = 0;
	uint64_t nulls = 0;
	if (r->at >= r->n || r->p[r->at++] > 1) /* the indirect flag */
		return -1;
	if (op != SQLITE_INSERT && op != SQLITE_UPDATE && op != SQLITE_DELETE)
		return -1;
	if ((op != SQLITE_INSERT && read_record(r, ncol, &old, &nulls) < 0) ||
	    (op != SQLITE_DELETE && read_record(r, ncol, &new, &nulls) < 0) || (nulls & pk))
		return -1; /* a NULL key would have SQLite pick a rowid */
	if ((op == SQLITE_INSERT && new != all) || (op != SQLITE_INSERT && (old & pk) != pk))
		return -1;
	if (op == SQLITE_UPDATE && (!(new & ~pk) || (new &pk)))
		return -1;
	if ((op == SQLITE_DELETE && old != all) || (op == SQLITE_UPDATE && (new & ~old)))
		return -2;
	return 0;
}

/* Walks the whole changeset before anything is applied: the format by hand, then each
 * operation as SQLite reads it, which must name the same tables. With a scope, only its
 * tables in their shape here are let through (and the entry ids gathered); *rows (may
 * be NULL) counts the operations. */
static int check_changeset(sqlite3 *h, const char *path, struct scope *sc, const unsigned char *cs,
			   size_t len, int64_t *rows, struct error *err)
{
	struct reader r = { cs, len, 0 };
	struct shape *t = NULL;
	const char *tab = NULL;
	int ncol = 0, rc = 0;
	uint64_t pk = 0, v;
	int64_t ops = 0, seen = 0;
	if (len > INT_MAX || (len && !cs))
		return corrupt(err);
	while (rc == 0 && r.at < r.n) {
		unsigned char op = r.p[r.at++];
		if (op == 'T') {
			if (read_varint(&r, &v) < 0 || v < 1 || v > MAX_COLS || v > r.n - r.at)
				return corrupt(err);
			ncol = (int)v;
			pk = 0;
			for (int i = 0; i < ncol; i++, r.at++) /* 0, or its place in the key */
				pk |= (uint64_t)(r.p[r.at] != 0) << i;
			tab = (const char *)r.p + r.at;
			const char *end = memchr(tab, 0, r.n - r.at);
			if (!end || end == tab || end - tab > 63 || !pk)
				return corrupt(err);
			r.at += (size_t)(end - tab) + 1;
			if (sc)
				rc = table_of(h, path, sc, tab, ncol, pk, &t, err);
			continue;
		}
		int form = op == 'P' ? -2 : ncol ? read_op(&r, op, ncol, pk) : -1;
		if (form < 0)
			return form == -2 ? patchset(err) : corrupt(err);
		if (sc && sc->inserts_only && op != SQLITE_INSERT)
			return error_set(
				err, ERR_FINDING,
				_("the bundle changes or deletes rows of '%s', but records "
				  "are only ever added"),
				tab); /* a name of the scope's, checked at its header */
		ops++;
	}
	if (rc < 0 || len == 0)
		return rc;
	/* SQLite must read the same: as many operations, on the tables checked above */
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, (int)len, (void *)cs) != SQLITE_OK)
		return corrupt(err);
	while (rc == 0 && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *name;
		int n, kind, indirect, k = -1;
		if (sqlite3changeset_op(it, &name, &n, &kind, &indirect) != SQLITE_OK || !name ||
		    (sc && (k = allowed(sc, name, n)) < 0))
			break;
		seen++;
		if (k >= 0 && sc->collect && sc->shape[k].entry_col >= 0)
			rc = collect(h, path, sc, k, kind, it, err);
	}
	int fin = sqlite3changeset_finalize(it);
	if (rc == 0 && (seen != ops || fin != SQLITE_OK))
		rc = corrupt(err);
	if (rc == 0 && rows)
		*rows = ops;
	return rc;
}

/* --- applying ------------------------------------------------------------------------- */

struct apply_ctx {
	struct scope *sc;
	int ingest;
	int type; /* the conflict that stopped the apply; 0 when none did */
	char table[64];
};

/* Same type and the same bytes (numbers compared as their text: the record tables have
 * no REAL column). */
static int value_equal(sqlite3_value *a, sqlite3_value *b)
{
	if (!a || !b || sqlite3_value_type(a) != sqlite3_value_type(b))
		return a == b;
	const void *x = sqlite3_value_blob(a), *y = sqlite3_value_blob(b);
	int n = sqlite3_value_bytes(a);
	return n == sqlite3_value_bytes(b) && (n == 0 || memcmp(x, y, (size_t)n) == 0);
}

static int is_open(const struct table_def *def, sqlite3_value *v)
{
	if (!v)
		return 0;
	if (!def->open_is)
		return sqlite3_value_type(v) == SQLITE_NULL;
	const unsigned char *s = sqlite3_value_text(v);
	return s && strcmp((const char *)s, def->open_is) == 0;
}

/* Headquarters' rule for a row that is already there: the same row again is skipped; a
 * shift or case still open there is replaced by the copy sent again; an open copy
 * arriving after the closed one is skipped. -1: anything else, which aborts. */
static int ingest_rule(struct apply_ctx *c, sqlite3_changeset_iter *it)
{
	const char *tab = NULL;
	int ncol = 0, op = 0, indirect = 0;
	if (sqlite3changeset_op(it, &tab, &ncol, &op, &indirect) != SQLITE_OK || !tab)
		return -1;
	int same = 1;
	for (int i = 0; same && i < ncol; i++) {
		sqlite3_value *have = NULL, *sent = NULL;
		sqlite3changeset_conflict(it, i, &have);
		sqlite3changeset_new(it, i, &sent);
		same = value_equal(have, sent);
	}
	if (same)
		return SQLITE_CHANGESET_OMIT;
	for (size_t k = 0; k < c->sc->n; k++) {
		const struct table_def *def = &c->sc->defs[k];
		int col = c->sc->shape[k].open_col;
		if (strcmp(def->name, tab) != 0 || col < 0)
			continue;
		sqlite3_value *have = NULL, *sent = NULL;
		sqlite3changeset_conflict(it, col, &have);
		sqlite3changeset_new(it, col, &sent);
		if (is_open(def, have))
			return SQLITE_CHANGESET_REPLACE;
		if (is_open(def, sent))
			return SQLITE_CHANGESET_OMIT;
	}
	return -1;
}

static int on_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
	struct apply_ctx *c = ctx;
	if (c->ingest && type == SQLITE_CHANGESET_CONFLICT) {
		int verdict = ingest_rule(c, it);
		if (verdict >= 0)
			return verdict;
	}
	c->type = type;
	c->table[0] = '\0';
	const char *tab = NULL;
	int ncol, op, indirect;
	if (type != SQLITE_CHANGESET_FOREIGN_KEY &&
	    sqlite3changeset_op(it, &tab, &ncol, &op, &indirect) == SQLITE_OK)
		printable(tab, c->table, sizeof(c->table));
	return SQLITE_CHANGESET_ABORT;
}

/* By SQLITE_CHANGESET_DATA ... FOREIGN_KEY */
static const char *const REASONS[] = { "",
				       N_("a row differs from what the bundle expects"),
				       N_("a row the bundle changes or deletes is missing"),
				       N_("a row the bundle adds is already there"),
				       N_("a row breaks a constraint"),
				       N_("rows point at rows that are missing") };

/* Applies a checked changeset; any conflict aborts it whole (SQLite rolls back its own
 * savepoint, so an enclosing transaction is left as it was). */
static int apply(sqlite3 *h, const char *path, struct scope *sc, int ingest,
		 const unsigned char *cs, size_t len, struct error *err)
{
	struct apply_ctx c = { .sc = sc, .ingest = ingest };
	int rc = sqlite3changeset_apply_v2(h, (int)len, (void *)cs, NULL, on_conflict, &c, NULL,
					   NULL, 0);
	if (rc == SQLITE_OK)
		return 0;
	if (c.type > 0 && c.type <= SQLITE_CHANGESET_FOREIGN_KEY && c.table[0])
		return error_set(err, ERR_FINDING,
				 _("the bundle does not fit this database: %s in '%s'"),
				 _(REASONS[c.type]), c.table);
	if (c.type > 0 && c.type <= SQLITE_CHANGESET_FOREIGN_KEY)
		return error_set(err, ERR_FINDING, _("the bundle does not fit this database: %s"),
				 _(REASONS[c.type]));
	int code = rc & 0xff;
	if (code == SQLITE_CORRUPT)
		return corrupt(err);
	if (code == SQLITE_NOMEM || code == SQLITE_IOERR || code == SQLITE_FULL ||
	    code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY)
		return raw_fail(h, path, "apply changes", err);
	return error_set(err, ERR_FINDING, _("the bundle does not fit this database: %s"),
			 sqlite3_errmsg(h));
}

/* Checks and applies in a transaction of its own on h, which it closes. */
static int apply_alone(sqlite3 *h, const char *path, struct scope *sc, int ingest,
		       const unsigned char *cs, size_t len, struct error *err)
{
	int rc = check_changeset(h, path, sc, cs, len, NULL, err);
	if (rc == 0)
		rc = raw_run(h, path, "BEGIN IMMEDIATE", NULL, "begin", err);
	if (rc == 0)
		rc = apply(h, path, sc, ingest, cs, len, err);
	if (rc == 0)
		rc = raw_run(h, path, "COMMIT", NULL, "commit", err);
	raw_rollback(h);
	sqlite3_close_v2(h);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int changeset_watchlist_apply(struct db *db, const unsigned char *cs, size_t len,
			      int64_t **entry_ids, size_t *n_ids, struct error *err)
{
	*entry_ids = NULL;
	*n_ids = 0;
	if (!db_in_transaction(db))
		return error_set(err, ERR_USAGE, "changeset_watchlist_apply outside a transaction");
	struct scope sc = { .defs = WATCHLIST, .n = N_WATCHLIST, .collect = 1 };
	int rc = check_changeset(db->h, db->path, &sc, cs, len, NULL, err);
	if (rc == 0)
		rc = apply(db->h, db->path, &sc, 0, cs, len, err);
	if (rc < 0) {
		free(sc.ids);
		return rc;
	}
	size_t n = 0;
	if (sc.n_ids)
		qsort(sc.ids, sc.n_ids, sizeof(*sc.ids), cmp_id);
	for (size_t i = 0; i < sc.n_ids; i++)
		if (n == 0 || sc.ids[n - 1] != sc.ids[i])
			sc.ids[n++] = sc.ids[i];
	*entry_ids = sc.ids;
	*n_ids = n;
	return 0;
}

int changeset_shadow_apply(const char *shadow_path, const unsigned char *cs, size_t len,
			   struct error *err)
{
	if (len == 0)
		return 0;
	sqlite3 *h = NULL;
	if (raw_open(shadow_path, 0, &h, err) < 0)
		return -ERR_IO;
	struct scope sc = { .defs = WATCHLIST, .n = N_WATCHLIST };
	return apply_alone(h, shadow_path, &sc, 0, cs, len, err);
}

/* --- making changesets ---------------------------------------------------------------- */

/* Appends the session's changeset to *out (malloc()ed, for callers outside db/):
 * changesets of different tables concatenated are one changeset. */
static int take_changeset(sqlite3_session *s, sqlite3 *h, const char *path, unsigned char **out,
			  size_t *len, struct error *err)
{
	int n = 0;
	void *p = NULL;
	if (sqlite3session_changeset(s, &n, &p) != SQLITE_OK)
		return raw_fail(h, path, "changeset", err);
	unsigned char *grown = n > 0 ? realloc(*out, *len + (size_t)n) : *out;
	if (n > 0 && grown) {
		memcpy(grown + *len, p, (size_t)n);
		*out = grown;
		*len += (size_t)n;
	}
	sqlite3_free(p);
	return n > 0 && !grown ? error_set(err, ERR_IO, _("out of memory")) : 0;
}

/* wl_entries travels without seen_version, the authority's note of the import that last
 * listed an entry: every import writes it on every entry listed, so diffed as it is, each
 * new version of a list would send an UPDATE for every one of its entries. The diff reads
 * a copy with it empty; a column added to wl_entries makes the diff fail loudly here
 * ("schemas do not match") until it is added below. */
static const char SQL_ENTRIES_TEMP[] =
	"CREATE TEMP TABLE wl_entries (id INTEGER PRIMARY KEY, source_id, ref, subject, category, "
	"action, listed_on, sex, remarks, seen_version, retired_at, content_hash)";
static const char SQL_ENTRIES_COPY[] =
	"INSERT INTO temp.wl_entries SELECT id, source_id, ref, subject, category, action, "
	"listed_on, sex, remarks, NULL, retired_at, content_hash FROM live.wl_entries";

/* The changes that turn the shadow's table (main) into the one of schema (live, or the
 * copy in temp), appended to *out. */
static int diff_table(sqlite3 *h, const char *path, const char *schema, const char *table,
		      unsigned char **out, size_t *len, struct error *err)
{
	sqlite3_session *s = NULL;
	char *msg = NULL;
	int rc = 0;
	if (sqlite3session_create(h, schema, &s) != SQLITE_OK ||
	    sqlite3session_attach(s, table) != SQLITE_OK ||
	    sqlite3session_diff(s, "main", table, &msg) != SQLITE_OK)
		rc = error_set(err, ERR_IO, _("cannot compare '%s' with '%s': %s"), table, path,
			       msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	if (rc == 0)
		rc = take_changeset(s, h, path, out, len, err);
	if (s)
		sqlite3session_delete(s);
	return rc;
}

int changeset_watchlist_diff(struct db *db, const char *shadow_path, unsigned char **out,
			     size_t *len, int64_t *changes, struct error *err)
{
	*out = NULL;
	*len = 0;
	if (changes)
		*changes = 0;
	sqlite3 *h = NULL;
	if (need_file(db, err) < 0 || open_private(shadow_path, &h, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	int rc = ensure_tables(h, shadow_path, db, WATCHLIST, N_WATCHLIST, err);
	if (rc == 0)
		rc = raw_run(h, shadow_path, "ATTACH DATABASE ?1 AS live", db->path, "attach", err);
	if (rc == 0)
		rc = raw_run(h, shadow_path, "PRAGMA temp_store = MEMORY", NULL, "pragmas", err);
	/* one snapshot of the live tables for all six diffs */
	if (rc == 0)
		rc = raw_run(h, shadow_path, "BEGIN", NULL, "begin", err);
	if (rc == 0)
		rc = raw_run(h, shadow_path, SQL_ENTRIES_TEMP, NULL, "copy entries", err);
	if (rc == 0)
		rc = raw_run(h, shadow_path, SQL_ENTRIES_COPY, NULL, "copy entries", err);
	for (size_t i = 0; rc == 0 && i < N_WATCHLIST; i++) {
		const char *t = WATCHLIST[i].name;
		rc = diff_table(h, shadow_path, strcmp(t, "wl_entries") == 0 ? "temp" : "live", t,
				out, len, err);
	}
	raw_rollback(h); /* only read, and the copy is dropped */
	sqlite3_close_v2(h);
	if (rc == 0 && changes && *len)
		check_changeset(NULL, shadow_path, NULL, *out, *len, changes, NULL);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return rc;
}

/* Runs sql with ?1 bound to v on the scratch copy; *out (unless NULL) takes its row. */
static int run_int(sqlite3 *h, const char *sql, int64_t v, int64_t *out, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return raw_fail(h, ":memory:", "records", err);
	sqlite3_bind_int64(st, 1, v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == (out ? SQLITE_ROW : SQLITE_DONE) ? 0 : raw_fail(h, ":memory:", "records", err);
}

/* Copies the record rows after the marks into the scratch database h, whose session
 * records them as INSERTs, and reads the next marks in the same snapshot. */
static int copy_records(sqlite3 *h, const struct changeset_marks *from, struct changeset_marks *to,
			int64_t *rows, struct error *err)
{
	struct changeset_marks was = *from;
	for (size_t i = 0; i < N_RECORDS; i++) {
		int64_t mark = *mark_of(&was, RECORDS[i].mark);
		if (run_int(h, RECORDS[i].copy, mark, NULL, err) < 0)
			return -ERR_IO;
		*rows += sqlite3_changes(h);
		if (RECORDS[i].next &&
		    run_int(h, RECORDS[i].next, mark, mark_of(to, RECORDS[i].mark), err) < 0)
			return -ERR_IO;
	}
	return 0;
}

int changeset_records_since(struct db *db, const struct changeset_marks *from,
			    struct changeset_marks *to, unsigned char **out, size_t *len,
			    int64_t *rows, struct error *err)
{
	*out = NULL;
	*len = 0;
	int64_t counted = 0;
	struct changeset_marks next = *from;
	if (need_file(db, err) < 0)
		return -ERR_USAGE;
	/* A scratch database in memory, on a connection of its own, takes the rows; its
	 * session turns them into INSERTs. The workstation's file is only read. */
	sqlite3 *h = NULL;
	if (raw_open(":memory:", 1, &h, err) < 0)
		return -ERR_IO;
	sqlite3_session *s = NULL;
	int rc = ensure_tables(h, ":memory:", db, RECORDS, N_RECORDS, err);
	if (rc == 0)
		rc = raw_run(h, ":memory:", "ATTACH DATABASE ?1 AS src", db->path, "attach", err);
	if (rc == 0 && sqlite3session_create(h, "main", &s) != SQLITE_OK)
		rc = raw_fail(h, ":memory:", "session", err);
	for (size_t i = 0; rc == 0 && i < N_RECORDS; i++)
		if (sqlite3session_attach(s, RECORDS[i].name) != SQLITE_OK)
			rc = raw_fail(h, ":memory:", "session", err);
	if (rc == 0)
		rc = raw_run(h, ":memory:", "BEGIN", NULL, "begin", err);
	if (rc == 0)
		rc = copy_records(h, from, &next, &counted, err);
	if (rc == 0)
		rc = take_changeset(s, h, ":memory:", out, len, err);
	if (s)
		sqlite3session_delete(s);
	raw_rollback(h);
	sqlite3_close_v2(h);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*len = 0;
		return rc;
	}
	*to = next;
	if (rows)
		*rows = counted;
	return 0;
}

/* --- headquarters --------------------------------------------------------------------- */

static int origin_ok(const char *o)
{
	size_t n = o ? strlen(o) : 0;
	return n > 0 && n <= 64 && o[0] != '.' && o[0] != '-' &&
	       strspn(o, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

int changeset_replica_path(struct db *central, const char *origin, char *buf, size_t len,
			   struct error *err)
{
	if (!origin_ok(origin)) {
		char shown[64];
		printable(origin, shown, sizeof(shown));
		return error_set(err, ERR_USAGE,
				 _("'%s' is not a workstation name (letters, digits, '.', '_' and "
				   "'-', at most 64)"),
				 shown);
	}
	int n = snprintf(buf, len, "%s.d/%s.db", central->path, origin);
	if (n < 0 || (size_t)n >= len)
		return error_set(err, ERR_USAGE, _("path too long: '%s'"), central->path);
	return 0;
}

static int open_replica(struct db *central, const char *path, sqlite3 **h, struct error *err)
{
	char dir[4200];
	snprintf(dir, sizeof(dir), "%s.d", central->path);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error_set(err, ERR_IO, _("cannot create '%s': %s"), dir, strerror(errno));
	if (open_private(path, h, err) < 0)
		return -ERR_IO;
	if (sqlite3_exec(*h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", NULL, NULL,
			 NULL) != SQLITE_OK)
		return raw_fail(*h, path, "pragmas", err);
	return ensure_tables(*h, path, central, RECORDS, N_RECORDS, err);
}

int changeset_records_ingest(struct db *central, const char *origin, const unsigned char *cs,
			     size_t len, struct error *err)
{
	char path[4200];
	if (changeset_replica_path(central, origin, path, sizeof(path), err) < 0)
		return -ERR_USAGE;
	if (need_file(central, err) < 0)
		return -ERR_USAGE;
	if (len == 0)
		return 0;
	sqlite3 *h = NULL;
	int rc = open_replica(central, path, &h, err);
	struct scope sc = { .defs = RECORDS, .n = N_RECORDS, .inserts_only = 1 };
	if (rc < 0) {
		sqlite3_close_v2(h);
		return rc;
	}
	return apply_alone(h, path, &sc, 1, cs, len, err);
}

/* --- checksums ------------------------------------------------------------------------ */

static void feed_len(EVP_MD_CTX *md, uint64_t n)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(n >> (56 - 8 * i));
	EVP_DigestUpdate(md, b, 8);
}

/* Each value as its type, then its bytes (numbers as their text) with their length: 1
 * and '1' differ, and no two values or rows run together. */
static void feed_value(EVP_MD_CTX *md, sqlite3_stmt *st, int col)
{
	unsigned char type = (unsigned char)sqlite3_column_type(st, col);
	EVP_DigestUpdate(md, &type, 1);
	const void *p = type == SQLITE_NULL ? NULL : sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);
	feed_len(md, (uint64_t)n);
	if (p && n > 0)
		EVP_DigestUpdate(md, p, (size_t)n);
}

static int hash_table(struct db *db, EVP_MD_CTX *md, const struct table_def *def, struct error *err)
{
	feed_len(md, strlen(def->name));
	EVP_DigestUpdate(md, def->name, strlen(def->name));
	sqlite3_stmt *st;
	if (db_prepare(db, def->ordered, &st, err) < 0)
		return -ERR_IO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		EVP_DigestUpdate(md, "R", 1);
		feed_len(md, (uint64_t)n);
		for (int i = 0; i < n; i++)
			feed_value(md, st, i);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "checksum", err);
}

int changeset_watchlist_checksum(struct db *db, char out[65], struct error *err)
{
	out[0] = '\0';
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	/* one snapshot for every table, unless the caller's transaction is one already */
	int own = !db_in_transaction(db);
	int rc = own ? db_begin_read(db, err) : 0;
	for (size_t i = 0; rc == 0 && i < N_WATCHLIST; i++)
		rc = hash_table(db, md, &WATCHLIST[i], err);
	if (own && rc == 0)
		rc = db_commit(db, err);
	else if (own)
		db_rollback(db);
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	if (rc == 0 && EVP_DigestFinal_ex(md, h, &hl) && hl == 32) {
		for (int i = 0; i < 32; i++)
			snprintf(out + 2 * i, 3, "%02x", h[i]);
	} else if (rc == 0) {
		rc = error_set(err, ERR_IO, "sha-256 failed");
	}
	EVP_MD_CTX_free(md);
	return rc;
}
