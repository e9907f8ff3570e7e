/* Benchmark: the sync payloads (db/changeset.c) at national scale.
 *
 * Watchlist: an authority list of ENTRIES synthetic people (default 1,000,000) imported
 * through the store's import path (db/watchlist.c, one transaction, no match keys), the
 * first publish (a diff against an empty shadow) applied on an empty workstation, then a
 * new version of the list that changes 1% of it (0.6% renamed, 0.2% no longer listed
 * and so retired, 0.2% new) imported the same way, its diff, and its apply with the
 * match keys of the touched entries rebuilt. Sizes raw and compressed with zstd at level
 * 19, as bundles are; the same diff with wl_entries.seen_version left in, for scale.
 *
 * Records: a workstation's day of 2,000 crossings over three shifts (a tenth checked or
 * hit with their matches, every crossing with the three lists in force, some boarding
 * passes, referrals with a note, two audit rows a crossing), as one records bundle.
 * Prints figures; asserts nothing.
 *   build/bench/bench_changeset [ENTRIES] [DIR] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "app/app.h"
#include "app/watchlist.h"
#include "db/audit.h"
#include "db/cases.h"
#include "db/changeset.h"
#include "db/crossing.h"
#include "db/db_internal.h"
#include "db/watchlist.h"
#include "synthetic_names.h"
#include "bench_util.h"

static const char *const nats[] = { "KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS", "AFG", "SYR", "IRQ" };
static const char *const suffixes[] = { "OV", "EV", "OVA", "EVA", "", "ULY", "ZADA", "IN" };

static void die(const char *what, const struct error *err)
{
	fprintf(stderr, "bench_changeset: %s: %s\n", what, err->msg);
	exit(1);
}

static size_t skewed(size_t n)
{
	double u = (double)(rnd() % 1000000) / 1000000.0;
	return (size_t)((double)n * u * sqrt(u));
}

/* Which entries version 2 changes: 6 in 1,000 renamed, 2 in 1,000 dropped. */
static long listed; /* entries of version 1 */

static int renamed(long i)
{
	return i < listed && i % 1000 < 6;
}

static int dropped(long i)
{
	return i < listed && (i % 1000 == 6 || i % 1000 == 7);
}

/* Entry i, the same every time; version 2 gives renamed ones another given name. */
static int import_entry(struct db *db, struct wl_import *imp, long i, int version,
			struct error *err)
{
	rng_state = 0x9E3779B97F4A7C15ull ^ (uint64_t)(i * 2654435761u + 1);
	rnd();
	char surname[48], given[32], primary[96], alias[96], dob[16], ref[32], number[16];
	snprintf(surname, sizeof(surname), "%s%s",
		 syn_surname_stems[skewed(SYN_COUNT(syn_surname_stems))],
		 suffixes[rnd() % SYN_COUNT(suffixes)]);
	size_t g = skewed(SYN_COUNT(syn_given_names));
	if (version == 2 && renamed(i))
		g = (g + 7) % SYN_COUNT(syn_given_names);
	snprintf(given, sizeof(given), "%s", syn_given_names[g]);
	int kind = (int)(rnd() % 10);
	int y = 1940 + (int)(rnd() % 66), m = 1 + (int)(rnd() % 12), d = 1 + (int)(rnd() % 28);
	if (kind < 7)
		snprintf(dob, sizeof(dob), "%04d-%02d-%02d", y, m, d);
	else
		snprintf(dob, sizeof(dob), "%04d", y);
	const char *nat[1] = { nats[rnd() % SYN_COUNT(nats)] };
	snprintf(primary, sizeof(primary), "%s %s", surname, given);
	snprintf(alias, sizeof(alias), "%s %s", given, surname);
	snprintf(ref, sizeof(ref), "SYN-%07ld", i);
	snprintf(number, sizeof(number), "N%08lu", (unsigned long)(rnd() % 100000000));
	struct wl_name names[2] = { { "primary", "good", primary }, { "alias", "low", alias } };
	struct wl_birth_date bd = { kind < 7 ? "exact" : "year", dob, 0, 0 };
	struct wl_document doc = { number, nat[0], "P" };
	struct wl_entry e = { .ref = ref,
			      .subject = "person",
			      .category = "wanted",
			      .action = "refer",
			      .names = names,
			      .n_names = rnd() % 10 == 0 ? 2 : 1,
			      .dobs = &bd,
			      .n_dobs = 1,
			      .nationalities = nat,
			      .n_nationalities = 1,
			      .documents = &doc,
			      .n_documents = rnd() % 10 < 3 ? 1 : 0 };
	int64_t id;
	int changed;
	return wl_import_entry(db, imp, &e, &id, &changed, err);
}

static double import_list(struct db *db, long n, int version, struct error *err)
{
	struct wl_source src = { .code = "SYN",
				 .kind = "national",
				 .name = "Synthetic list",
				 .authority = "Benchmark" };
	snprintf(src.version, sizeof(src.version), "v%d", version);
	struct wl_import imp;
	double t0 = now_ms();
	if (db_begin(db, err) < 0 || wl_import_begin(db, &src, &imp, err) < 0)
		die("import", err);
	for (long i = 0; i < n + (version == 2 ? n / 500 : 0); i++)
		if (!(version == 2 && dropped(i)) && import_entry(db, &imp, i, version, err) < 0)
			die("import", err);
	if (wl_import_finish(db, &imp, err) < 0 || db_commit(db, err) < 0)
		die("import", err);
	return now_ms() - t0;
}

static size_t zstd19(const unsigned char *p, size_t n)
{
	size_t cap = ZSTD_compressBound(n);
	void *out = malloc(cap ? cap : 1);
	size_t z = out ? ZSTD_compress(out, cap, p, n, 19) : 0;
	free(out);
	return ZSTD_isError(z) ? 0 : z;
}

/* The wl_entries part of the 1% diff as it would be with seen_version travelling: the
 * session extension straight on the authority's table. */
static void with_seen_version(const char *shadow, const char *authority)
{
	sqlite3 *h;
	sqlite3_session *s;
	int n = 0;
	void *p = NULL;
	sqlite3_stmt *st;
	if (sqlite3_open(shadow, &h) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "ATTACH DATABASE ?1 AS live", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, authority, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
	double t0 = now_ms();
	char *msg = NULL;
	if (sqlite3session_create(h, "live", &s) == SQLITE_OK) {
		if (sqlite3session_attach(s, "wl_entries") != SQLITE_OK ||
		    sqlite3session_diff(s, "main", "wl_entries", &msg) != SQLITE_OK ||
		    sqlite3session_changeset(s, &n, &p) != SQLITE_OK)
			fprintf(stderr, "bench_changeset: %s\n", msg ? msg : sqlite3_errmsg(h));
		sqlite3session_delete(s);
	}
	sqlite3_free(msg);
	double t1 = now_ms();
	printf("changeset 1%% with seen_version travelling (not done): wl_entries alone %.1f KB "
	       "raw, "
	       "%.1f KB zstd-19, diff %.0f ms\n",
	       n / 1e3, zstd19(p, (size_t)n) / 1e3, t1 - t0);
	sqlite3_free(p);
	sqlite3_close(h);
}

static struct db *fresh(const char *dir, const char *name, char *path, size_t len)
{
	struct error err;
	snprintf(path, len, "%s/%s", dir, name);
	const char *side[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s%s", path, side[i]);
		unlink(p);
	}
	struct db *db;
	if (db_open(path, DB_OPEN_CREATE, &db, &err) < 0)
		die("open", &err);
	return db;
}

static void watchlist(long n, const char *dir)
{
	struct error err;
	char apath[4096], wpath[4096], shadow[4200];
	struct db *authority = fresh(dir, "cs-authority.db", apath, sizeof(apath));
	struct db *ws = fresh(dir, "cs-workstation.db", wpath, sizeof(wpath));
	snprintf(shadow, sizeof(shadow), "%s/cs-shadow.db", dir);
	unlink(shadow);
	listed = n;
	double ms = import_list(authority, n, 1, &err);
	sqlite3_stmt *st;
	long long rows = -1;
	if (sqlite3_prepare_v2(
		    authority->h,
		    "SELECT (SELECT count(*) FROM wl_entries) + (SELECT count(*) FROM "
		    "wl_names) + (SELECT count(*) FROM wl_birth_dates) + (SELECT count(*) "
		    "FROM wl_nationalities) + (SELECT count(*) FROM wl_documents)",
		    -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	printf("changeset watchlist: %ld entries imported in %.1f s (%lld rows in the six "
	       "tables)\n",
	       n, ms / 1e3, rows + 1);

	unsigned char *cs;
	size_t len;
	int64_t changes;
	double t0 = now_ms();
	if (changeset_watchlist_diff(authority, shadow, &cs, &len, &changes, &err) < 0)
		die("first diff", &err);
	double t1 = now_ms();
	size_t z = zstd19(cs, len);
	double t2 = now_ms();
	if (changeset_shadow_apply(shadow, cs, len, &err) < 0)
		die("shadow apply", &err);
	double t3 = now_ms();
	int64_t *ids;
	size_t n_ids;
	if (db_begin(ws, &err) < 0 ||
	    changeset_watchlist_apply(ws, cs, len, &ids, &n_ids, &err) < 0 ||
	    db_commit(ws, &err) < 0)
		die("first apply", &err);
	double t4 = now_ms();
	printf("changeset first publish (everything): diff %.1f s, %lld rows, %.1f MB raw, %.1f MB "
	       "zstd-19 (%.1f s to compress), shadow apply %.1f s, apply on an empty workstation "
	       "%.1f s (%zu entries, match keys not built)\n",
	       (t1 - t0) / 1e3, (long long)changes, len / 1e6, z / 1e6, (t2 - t1) / 1e3,
	       (t3 - t2) / 1e3, (t4 - t3) / 1e3, n_ids);
	free(cs);
	free(ids);

	ms = import_list(authority, n, 2, &err);
	long changed = 6 * (n / 1000) + 2 * (n / 1000) + n / 500;
	printf("changeset version 2 imported in %.1f s: %ld entries changed (%ld renamed, %ld "
	       "retired, %ld new); every listed entry's seen_version rewritten\n",
	       ms / 1e3, changed, 6 * (n / 1000), 2 * (n / 1000), n / 500);
	t0 = now_ms();
	if (changeset_watchlist_diff(authority, shadow, &cs, &len, &changes, &err) < 0)
		die("diff", &err);
	t1 = now_ms();
	z = zstd19(cs, len);
	printf("changeset 1%% diff: %.0f ms, %lld rows, %.1f KB raw, %.1f KB zstd-19, %.0f bytes "
	       "raw and %.0f compressed per changed entry\n",
	       t1 - t0, (long long)changes, len / 1e3, z / 1e3, (double)len / (double)changed,
	       (double)z / (double)changed);
	with_seen_version(shadow, apath);

	struct app app;
	memset(&app, 0, sizeof(app));
	app.db = ws;
	t0 = now_ms();
	if (db_begin(ws, &err) < 0 ||
	    changeset_watchlist_apply(ws, cs, len, &ids, &n_ids, &err) < 0)
		die("apply", &err);
	t1 = now_ms();
	for (size_t i = 0; i < n_ids; i++)
		if (watch_index_entry(&app, ids[i], &err) < 0)
			die("index", &err);
	if (db_commit(ws, &err) < 0)
		die("commit", &err);
	t2 = now_ms();
	char a[65], b[65];
	if (changeset_watchlist_checksum(authority, a, &err) < 0 ||
	    changeset_watchlist_checksum(ws, b, &err) < 0)
		die("checksum", &err);
	printf("changeset 1%% apply on the workstation: %.0f ms, match keys of %zu entries rebuilt "
	       "in %.0f ms, committed (synchronous=FULL) %s\n",
	       t1 - t0, n_ids, t2 - t1, strcmp(a, b) == 0 ? "- tables equal" : "- TABLES DIFFER");
	free(cs);
	free(ids);
	db_close(&authority);
	db_close(&ws);
}

/* --- records ------------------------------------------------------------------------ */

static void one_crossing(struct db *db, struct crossing_row *c, int64_t shift, int k,
			 struct error *err)
{
	memset(c, 0, sizeof(*c));
	c->shift_id = shift;
	snprintf(c->officer, sizeof(c->officer), "officer%d", (int)(shift % 3) + 1);
	snprintf(c->direction, sizeof(c->direction), k % 2 ? "exit" : "entry");
	snprintf(c->lane, sizeof(c->lane), "L%d", k % 4 + 1);
	snprintf(c->decided_at, sizeof(c->decided_at), "2026-03-01T%02d:%02d:%02d.%03dZ",
		 k * 24 / 2000, k % 60, (k * 7) % 60, k % 1000);
	c->elapsed_ms = 4000 + (long)(rnd() % 30000);
	int r = (int)(rnd() % 100);
	snprintf(c->verdict, sizeof(c->verdict), r < 90 ? "clear" : r < 98 ? "check" : "hit");
	snprintf(c->decision, sizeof(c->decision), r < 98 ? "admit" : "refer");
	const char *nat = nats[rnd() % SYN_COUNT(nats)];
	snprintf(c->surname, sizeof(c->surname), "%s%s",
		 syn_surname_stems[skewed(SYN_COUNT(syn_surname_stems))],
		 suffixes[rnd() % SYN_COUNT(suffixes)]);
	snprintf(c->given_names, sizeof(c->given_names), "%s",
		 syn_given_names[skewed(SYN_COUNT(syn_given_names))]);
	snprintf(c->number, sizeof(c->number), "N%08lu", (unsigned long)(rnd() % 100000000));
	snprintf(c->doc_key, sizeof(c->doc_key), "%s:%s", nat, c->number);
	snprintf(c->doc_format, sizeof(c->doc_format), "TD3");
	snprintf(c->doc_code, sizeof(c->doc_code), "P");
	snprintf(c->issuer, sizeof(c->issuer), "%s", nat);
	snprintf(c->nationality, sizeof(c->nationality), "%s", nat);
	snprintf(c->birth, sizeof(c->birth), "19%02d-%02d-%02d", (int)(40 + rnd() % 60),
		 (int)(1 + rnd() % 12), (int)(1 + rnd() % 28));
	snprintf(c->sex, sizeof(c->sex), rnd() % 2 ? "M" : "F");
	snprintf(c->expiry, sizeof(c->expiry), "2031-%02d-%02d", (int)(1 + rnd() % 12),
		 (int)(1 + rnd() % 28));
	snprintf(c->source, sizeof(c->source), rnd() % 3 ? "chip" : "mrz");
	char l1[45], l2[45];
	snprintf(l1, sizeof(l1), "P<%.3s%.20s<<%.17s", nat, c->surname, c->given_names);
	snprintf(l2, sizeof(l2), "%.9s<4%.3s%.6s", c->number, nat, c->birth + 2);
	for (size_t i = strlen(l1); i < 44; i++)
		l1[i] = '<';
	for (size_t i = strlen(l2); i < 44; i++)
		l2[i] = '<';
	l1[44] = l2[44] = '\0';
	snprintf(c->mrz, sizeof(c->mrz), "%.44s\n%.44s", l1, l2);
	if (c->source[0] == 'c')
		snprintf(c->chip_verdict, sizeof(c->chip_verdict), "valid");
	c->n_hits = r < 90 ? 0 : 1 + (int)(rnd() % 3);
	for (int i = 0; i < c->n_hits; i++) {
		struct crossing_hit *h = &c->hits[i];
		h->entry_id = (int64_t)(1 + rnd() % 1000000);
		h->score = 70 + (int)(rnd() % 30);
		snprintf(h->source_code, sizeof(h->source_code), "SYN");
		snprintf(h->ref, sizeof(h->ref), "SYN-%07lld", (long long)h->entry_id);
		snprintf(h->band, sizeof(h->band), h->score > 90 ? "strong" : "possible");
		snprintf(h->action, sizeof(h->action), "refer");
		snprintf(h->listed_name, sizeof(h->listed_name), "%.60s %.60s", c->surname,
			 c->given_names);
		snprintf(h->explanation, sizeof(h->explanation),
			 "surname %s ~ %s via ICAO transliteration; given name equal; date of "
			 "birth within a year; nationality %s",
			 c->surname, h->listed_name, nat);
	}
	const char *lists[3][2] = { { "SYN", "v2" },
				    { "UN-SC", "2026-02-27" },
				    { "SLTD", "4411" } };
	c->n_lists = 3;
	for (int i = 0; i < 3; i++) {
		snprintf(c->lists[i].source_code, sizeof(c->lists[i].source_code), "%s",
			 lists[i][0]);
		snprintf(c->lists[i].version, sizeof(c->lists[i].version), "%s", lists[i][1]);
		snprintf(c->lists[i].updated_at, sizeof(c->lists[i].updated_at),
			 "2026-02-28T06:00:00.000Z");
	}
	if (rnd() % 20 == 0) {
		struct crossing_barcode *b = &c->barcodes[c->n_barcodes++];
		snprintf(b->symbology, sizeof(b->symbology), "pdf417");
		snprintf(b->kind, sizeof(b->kind), "bcbp");
		snprintf(b->type, sizeof(b->type), "boarding_pass");
		snprintf(b->verdict, sizeof(b->verdict), "valid");
		b->payload_len =
			(size_t)snprintf((char *)b->payload, sizeof(b->payload),
					 "M1%-20.20sE%07lu ALAIST KC 0123 060Y012A0042 100",
					 c->surname, (unsigned long)(rnd() % 10000000));
	}
	struct audit_actor who = { c->officer, "officer", "POST-1", "WS-1" };
	struct audit_event screen = { .action = "screen",
				      .object_type = "document",
				      .object_id = c->doc_key,
				      .outcome = c->verdict,
				      .detail = c->surname };
	struct audit_event decide = { .action = "decide",
				      .object_type = "crossing",
				      .object_id = c->number,
				      .outcome = c->decision };
	if (db_begin(db, err) < 0 || audit_append(db, &who, &screen, err) < 0 ||
	    crossing_insert(db, c, err) < 0 || audit_append(db, &who, &decide, err) < 0)
		die("crossing", err);
	if (c->decision[2] == 'f') { /* a referral, resolved later the same day */
		int64_t kase;
		if (case_insert(db, c->id, "referral", c->decided_at, &kase, err) < 0 ||
		    case_note_add(db, kase, "super1", c->decided_at,
				  "travelled with family; documents genuine; not the listed person",
				  err) < 0 ||
		    case_resolve(db, kase, "admit", NULL, "not the listed person", "super1",
				 c->decided_at, err) < 0)
			die("case", err);
	}
	if (db_commit(db, err) < 0)
		die("crossing", err);
}

static void records(const char *dir, int crossings)
{
	struct error err;
	char path[4096];
	struct db *db = fresh(dir, "cs-records.db", path, sizeof(path));
	if (sqlite3_exec(db->h,
			 "INSERT INTO officers(id, username, role, password_hash, created_at, "
			 "password_changed_at) VALUES (1, 'officer1', 'officer', 'x', 't', 't'), "
			 "(2, 'officer2', 'officer', 'x', 't', 't'), (3, 'officer3', 'officer', "
			 "'x', 't', 't')",
			 NULL, NULL, NULL) != SQLITE_OK)
		return;
	struct crossing_row *c = malloc(sizeof(*c));
	rng_state = 42;
	for (int s = 0; s < 3 && c; s++) {
		struct shift_row sh = { .officer_id = s + 1 };
		snprintf(sh.officer, sizeof(sh.officer), "officer%d", s + 1);
		snprintf(sh.direction, sizeof(sh.direction), "entry");
		snprintf(sh.lane, sizeof(sh.lane), "L%d", s + 1);
		snprintf(sh.opened_at, sizeof(sh.opened_at), "2026-03-01T%02d:00:00.000Z", s * 8);
		if (db_begin(db, &err) < 0 || shift_insert(db, &sh, &err) < 0 ||
		    db_commit(db, &err) < 0)
			die("shift", &err);
		for (int k = s * crossings / 3; k < (s + 1) * crossings / 3; k++)
			one_crossing(db, c, sh.id, k, &err);
		char closed[32];
		snprintf(closed, sizeof(closed), "2026-03-01T%02d:00:00.000Z", s * 8 + 8);
		if (db_begin(db, &err) < 0 || shift_close(db, sh.id, closed, "end", &err) < 0 ||
		    db_commit(db, &err) < 0)
			die("shift", &err);
	}
	free(c);
	struct changeset_marks from = { 0 }, to;
	unsigned char *cs;
	size_t len;
	int64_t rows;
	double t0 = now_ms();
	if (changeset_records_since(db, &from, &to, &cs, &len, &rows, &err) < 0)
		die("records", &err);
	double t1 = now_ms();
	size_t z = zstd19(cs, len);
	printf("changeset records: a day of %d crossings: %lld rows, %.1f KB raw, %.1f KB zstd-19 "
	       "(%.0f bytes a crossing), built in %.0f ms\n",
	       crossings, (long long)rows, len / 1e3, z / 1e3, (double)z / crossings, t1 - t0);
	free(cs);
	db_close(&db);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "build/bench";
	if (n < 1000) {
		fprintf(stderr, "usage: bench_changeset [ENTRIES >= 1000] [DIR]\n");
		return 2;
	}
	watchlist(n, dir);
	records(dir, 2000);
	return 0;
}
