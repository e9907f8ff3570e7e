/* Benchmark: advance passenger information against a large watchlist. A 500-passenger
 * PAXLST (D:02B) manifest is made in memory and imported with pax_import_buffer, which
 * parses it, stores it and screens every traveller with the real matcher in one
 * transaction; then pax_rescreen screens the same travellers again. The database is
 * the one bench_screen left (a million synthetic entries; its build time is read back
 * from the audit rows of that import and is not part of the figures), or, when DBPATH
 * does not exist, one built here the same way (timed, and also left out).
 *
 * Passengers: about one in fifty a listed person read back from the list, six tenths
 * namesakes made from the list's name material, the rest names the list does not use.
 * Each of the three timed imports is the same manifest under another interchange
 * reference, so the file's SHA-256 differs and the "already imported" check does not
 * stop it. Prints medians and the verdicts; asserts nothing.
 *   build/bench/bench_pax DBPATH [ENTRIES] [PASSENGERS] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/pax.h"
#include "app/setup.h"
#include "app/watchlist.h"
#include "db/audit.h"
#include "db/watchlist.h"
#include "scanners/clock.h"
#include "scanners/paxlst.h"
#include "synthetic_names.h"
#include "bench_people.h"
#include "bench_util.h"

enum { RUNS = 3 };

static const char *const officer_name = "officer1", *const officer_password = "bench-password-2";
static const char *const admin_password = "bench-password-1";

static const char *const suffixes[] = { "OV", "EV", "OVA", "EVA", "", "ULY", "ZADA", "IN" };
static const char *const nats[] = { "KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS", "AFG", "SYR", "IRQ" };
/* Names the synthetic list never uses: these passengers should screen clear. */
static const char *const clean_surnames[] = { "MUELLER", "ROSSI",  "GARCIA",    "NILSSON",
					      "DUBOIS",  "HUGHES", "KOWALCZ",   "FERREIRA",
					      "JANSSEN", "OBRIEN", "LINDQVIST", "MORETTI" };
static const char *const clean_given[] = { "JOHANNES", "GIULIA", "CARMEN", "ASTRID", "PIERRE",
					   "SIOBHAN",  "TOMASZ", "INES",   "WILLEM", "CHIARA" };

/* 0..n-1, skewed towards 0 as in bench_screen: the common names come first. */
static size_t skewed(size_t n)
{
	double u = (double)(rnd() % 1000000) / 1000000.0;
	return (size_t)((double)n * u * sqrt(u));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return v[n / 2];
}

/* A list of n synthetic people made as bench_screen makes its own (same name material
 * and skew, primary names with a birth date and a nationality), through the real import
 * path. Only when DBPATH does not exist: bench.sh passes the database bench_screen left. */
static int build_list(struct app *app, const struct session *admin, long n, struct error *err)
{
	struct wl_source src = { .code = "SYN",
				 .kind = "national",
				 .name = "Synthetic list",
				 .authority = "Benchmark",
				 .version = "1" };
	struct watch_import wi;
	if (watch_import_begin(app, admin, &src, &wi, err) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		rng_state = 0x9E3779B97F4A7C15ull ^ (uint64_t)(i * 2654435761u + 1);
		rnd();
		char primary[96], ref[32], dob[16];
		const char *stem = syn_surname_stems[skewed(SYN_COUNT(syn_surname_stems))];
		const char *suf = suffixes[rnd() % SYN_COUNT(suffixes)];
		snprintf(primary, sizeof(primary), "%s%s %s", stem, suf,
			 syn_given_names[skewed(SYN_COUNT(syn_given_names))]);
		int kind = (int)(rnd() % 10);
		int y = 1940 + (int)(rnd() % 66), m = 1 + (int)(rnd() % 12),
		    d = 1 + (int)(rnd() % 28);
		if (kind < 7)
			snprintf(dob, sizeof(dob), "%04d-%02d-%02d", y, m, d);
		else
			snprintf(dob, sizeof(dob), "%04d", y);
		snprintf(ref, sizeof(ref), "SYN-%07ld", i);
		struct wl_name names[1] = { { "primary", "good", primary } };
		struct wl_birth_date bd = { strlen(dob) == 4 ? "year" : "exact", dob, 0, 0 };
		const char *nat[1] = { nats[rnd() % SYN_COUNT(nats)] };
		struct wl_entry e = { .ref = ref,
				      .subject = "person",
				      .category = "wanted",
				      .action = "refer",
				      .names = names,
				      .n_names = 1,
				      .dobs = &bd,
				      .n_dobs = kind < 9 ? 1 : 0,
				      .nationalities = nat,
				      .n_nationalities = 1 };
		if (watch_import_entry(&wi, &e, err) < 0) {
			watch_import_abort(&wi);
			return -1;
		}
	}
	return watch_import_commit(&wi, err);
}

/* ms since the epoch of an audit timestamp "YYYY-MM-DDTHH:MM:SS.fffZ"; -1 unreadable */
static double iso_ms(const char *ts)
{
	time_t t;
	if (clock_parse_iso(ts, &t) < 0)
		return -1;
	const char *dot = strchr(ts, '.');
	return (double)t * 1e3 + (dot ? strtod(dot, NULL) * 1e3 : 0);
}

struct build_time {
	double prev_ms, seconds;
};

/* bench_screen logs in and imports at once: the list's build time is the time from the
 * audit row before the first "watchlist.import" of SYN to that row. */
static int find_build(const struct audit_row *row, void *ctx)
{
	struct build_time *b = ctx;
	double at = iso_ms(row->ts_utc);
	if (strcmp(row->action, "watchlist.import") == 0 && strcmp(row->object_id, "SYN") == 0) {
		if (b->prev_ms > 0 && at > 0)
			b->seconds = (at - b->prev_ms) / 1e3;
		return 1;
	}
	b->prev_ms = at;
	return 0;
}

/* The officer, added by the administrator unless a run before (or bench_decide) did. */
static int ensure_officer(struct app *app, struct error *err)
{
	struct session admin;
	if (session_login(app, "admin", admin_password, "bench", &admin, err) < 0)
		return -1;
	struct officer *list;
	size_t n;
	if (accounts_list(app, &admin, &list, &n, err) < 0)
		return -1;
	int have = 0;
	for (size_t i = 0; i < n; i++)
		have |= strcmp(list[i].username, officer_name) == 0;
	free(list);
	int rc = have ? 0
		      : accounts_add(app, &admin, officer_name, "Bench Officer", ROLE_OFFICER, "en",
				     officer_password, err);
	session_logout(app, &admin, "logout");
	return rc;
}

enum kind { LISTED, NAMESAKE, CLEAN, KINDS };

struct passenger {
	char surname[64], given[64], nat[4], birth[8], number[16], sex;
	enum kind kind;
};

/* A listed person as the list has them (bench_people.h). */
static int listed(struct app *app, long entries, struct passenger *p, struct error *err)
{
	struct bench_person b;
	if (bench_listed(app, entries, &b, err) < 0)
		return -1;
	memcpy(p->surname, b.surname, sizeof(b.surname));
	memcpy(p->given, b.given, sizeof(b.given));
	memcpy(p->nat, b.nat, sizeof(b.nat));
	memcpy(p->birth, b.birth, sizeof(b.birth));
	return 0;
}

/* A namesake drawn from the list's material with the list's skew, or a clean name. */
static void invented(int namesake, struct passenger *p)
{
	if (namesake) {
		snprintf(p->surname, sizeof(p->surname), "%s%s",
			 syn_surname_stems[skewed(SYN_COUNT(syn_surname_stems))],
			 suffixes[rnd() % SYN_COUNT(suffixes)]);
		snprintf(p->given, sizeof(p->given), "%s",
			 syn_given_names[skewed(SYN_COUNT(syn_given_names))]);
	} else {
		snprintf(p->surname, sizeof(p->surname), "%s",
			 clean_surnames[rnd() % SYN_COUNT(clean_surnames)]);
		snprintf(p->given, sizeof(p->given), "%s",
			 clean_given[rnd() % SYN_COUNT(clean_given)]);
	}
	snprintf(p->nat, sizeof(p->nat), "%s", nats[rnd() % SYN_COUNT(nats)]);
	snprintf(p->birth, sizeof(p->birth), "%02d%02d%02d", (int)(40 + rnd() % 60),
		 (int)(1 + rnd() % 12), (int)(1 + rnd() % 28));
}

/* The manifest as a carrier sends it: one message, a train from Almaty to Bishkek,
 * then per passenger NAD ATT DTM NAT RFF DOC DTM LOC. run varies the interchange and
 * message references, so each run is another file. Returns its length. */
static size_t manifest(const struct passenger *ps, int n, int run, char *buf, size_t cap)
{
	size_t used = 0;
	int segs = 0; /* UNH to UNT, both included */
#define SEG(...)                                                                                   \
	(used += (size_t)snprintf(buf + used, used < cap ? cap - used : 0, __VA_ARGS__), segs++)
	used += (size_t)snprintf(buf, cap, "UNA:+.? '\n");
	used += (size_t)snprintf(
		buf + used, cap - used,
		"UNB+UNOA:4+BENCHRAIL:ZZ+KGZBORDER:ZZ+260416:0600+BNCH%06d++APIS'\n", run);
	SEG("UNH+BP%06d+PAXLST:D:02B:UN:IATA'\n", run);
	SEG("BGM+745'\n");
	SEG("NAD+MS+++BENCH RAIL DISPATCH'\n");
	SEG("TDT+20+BR0500+2++BRL:::BENCH RAIL+++BR 500'\n");
	SEG("LOC+125+KZALA'\n");
	SEG("DTM+189:2604160700:201'\n");
	SEG("LOC+87+KGFRU'\n");
	SEG("DTM+232:2604161300:201'\n");
	for (int i = 0; i < n; i++) {
		const struct passenger *p = &ps[i];
		SEG("NAD+FL+++%s:%s'\n", p->surname, p->given);
		SEG("ATT+2++%c'\n", p->sex);
		SEG("DTM+329:%s'\n", p->birth);
		SEG("NAT+2+%s'\n", p->nat);
		SEG("RFF+SEA:%d%c'\n", 1 + i / 6, 'A' + i % 6);
		SEG("DOC+P:110:111+%s'\n", p->number);
		SEG("DTM+36:%02d%02d%02d'\n", 30 + i % 5, 1 + i % 12, 1 + i % 28);
		SEG("LOC+91+%s'\n", p->nat);
	}
	SEG("CNT+42:%d'\n", n);
	SEG("UNT+%d+BP%06d'\n", segs + 1, run);
	used += (size_t)snprintf(buf + used, used < cap ? cap - used : 0, "UNZ+1+BNCH%06d'\n", run);
#undef SEG
	return used < cap ? used : 0;
}

/* pax_rescreen skips a traveller already screened against the lists in force, and a
 * list import runs it itself once committed. So each timed pass first gives an empty
 * source of this benchmark's a new version (db layer, no entries, nothing else
 * changes): every recent traveller is then screened again against the same million
 * entries, as after a real new list. Then passes with the lists unchanged (idle). */
static int rescreens(struct app *app, const struct session *s, double *busy, double *idle,
		     int *screened, int *hits, struct error *err)
{
	struct wl_source trigger = { .code = "PAXBENCH",
				     .kind = "custom",
				     .name = "bench_pax: rescreen trigger, no entries",
				     .authority = "Benchmark" };
	for (int j = 0; j < RUNS; j++) {
		snprintf(trigger.version, sizeof(trigger.version), "%lld.%d", (long long)time(NULL),
			 j + 1);
		clock_utc_iso(trigger.updated_at, sizeof(trigger.updated_at));
		if (wl_source_put(app->db, &trigger, err) < 0)
			return -1;
		double t0 = now_ms();
		if (pax_rescreen(app, s, screened, hits, err) < 0)
			return -1;
		busy[j] = now_ms() - t0;
	}
	for (int j = 0; j < RUNS; j++) {
		int none;
		double t0 = now_ms();
		if (pax_rescreen(app, s, &none, NULL, err) < 0)
			return -1;
		idle[j] = now_ms() - t0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_pax DBPATH [ENTRIES] [PASSENGERS]\n");
		return 2;
	}
	long n_build = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	int n = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 500;
	n = n > 0 && n <= PAXLST_MAX_TRAVELLERS ? n : 500;
	struct config cfg;
	struct error err;
	struct app app;
	struct session off;
	if (config_defaults(&cfg, &err) < 0)
		return 1;
	snprintf(cfg.database, sizeof(cfg.database), "%s", argv[1]);
	struct stat sb;
	int build = stat(cfg.database, &sb) != 0;
	double build_s = -1;
	if (build) {
		struct setup_params sp = { "BENCH", "WS1", "admin", "Bench", admin_password, "en" };
		struct session admin;
		if (setup_create(&cfg, &sp, &err) < 0 || app_open(&app, &cfg, &err) < 0 ||
		    session_login(&app, "admin", admin_password, "bench", &admin, &err) < 0)
			goto fail;
		double t0 = now_ms();
		if (build_list(&app, &admin, n_build, &err) < 0)
			goto fail;
		build_s = (now_ms() - t0) / 1e3;
		session_logout(&app, &admin, "logout");
	} else if (app_open(&app, &cfg, &err) < 0) {
		goto fail;
	}
	if (ensure_officer(&app, &err) < 0 ||
	    session_login(&app, officer_name, officer_password, "bench", &off, &err) < 0)
		goto fail;
	long entries = wl_entry_total(app.db, &err);
	if (entries <= 0) {
		fprintf(stderr, "bench: no watchlist in '%s'\n", cfg.database);
		return 1;
	}
	if (build) {
		printf("pax list: %ld synthetic entries built here in %.1f s (excluded from the "
		       "figures below)\n",
		       entries, build_s);
	} else {
		struct build_time bt = { 0, -1 };
		struct audit_filter all = { 0 };
		audit_foreach(app.db, &all, find_build, &bt, &err);
		if (bt.seconds >= 0)
			printf("pax list: %ld entries already in the database (built in %.1f s, by "
			       "its audit rows; reused, excluded from the figures below)\n",
			       entries, bt.seconds);
		else
			printf("pax list: %ld entries, reused from '%s' (build time unknown; "
			       "excluded)\n",
			       entries, cfg.database);
	}

	/* the passengers, then each run's file, before anything is timed */
	struct passenger *ps = calloc((size_t)n, sizeof(*ps));
	size_t cap = (size_t)n * 320 + 4096;
	char *files[RUNS];
	size_t lens[RUNS];
	if (!ps)
		goto nomem;
	rng_state = 0x5041584C53543032ull; /* "PAXLST02" */
	int count[KINDS] = { 0 };
	for (int i = 0; i < n; i++) {
		int r = (int)(rnd() % 100);
		ps[i].kind = r < 2 ? LISTED : r < 62 ? NAMESAKE : CLEAN;
		if (ps[i].kind == LISTED && listed(&app, entries, &ps[i], &err) < 0)
			ps[i].kind = NAMESAKE; /* no entry read back: a namesake instead */
		if (ps[i].kind != LISTED)
			invented(ps[i].kind == NAMESAKE, &ps[i]);
		count[ps[i].kind]++;
		ps[i].sex = rnd() % 2 ? 'M' : 'F';
		snprintf(ps[i].number, sizeof(ps[i].number), "N%08d", 10000000 + i);
	}
	for (int k = 0; k < RUNS; k++) {
		files[k] = malloc(cap);
		lens[k] = files[k] ? manifest(ps, n, (int)(time(NULL) % 100000) * 10 + k, files[k],
					      cap)
				   : 0;
		if (!lens[k])
			goto nomem;
	}

	/* parsing alone, for the share of the import it takes */
	double parse[RUNS];
	int warnings = 0;
	for (int k = 0; k < RUNS; k++) {
		struct paxlst px;
		char why[256];
		double t0 = now_ms();
		if (paxlst_parse(files[k], lens[k], time(NULL), &px, why, sizeof(why)) < 0) {
			fprintf(stderr, "bench: the manifest does not parse: %s\n", why);
			return 1;
		}
		parse[k] = now_ms() - t0;
		warnings = px.n_warnings + px.warnings_dropped;
		paxlst_free(&px);
	}

	/* import 1, then the rescreens (exactly its travellers on a fresh database), then
	 * imports 2 and 3 */
	double imp[RUNS], resc[RUNS], idle[RUNS];
	struct pax_import_result *res = malloc(sizeof(*res));
	int hits = 0, checks = 0, travellers = 0, re_screened = 0, re_hits = 0;
	int64_t first = 0;
	if (!res)
		goto nomem;
	for (int k = 0; k < RUNS; k++) {
		char name[64];
		snprintf(name, sizeof(name), "bench-%d-pax-%d.edi", n, k + 1);
		double t0 = now_ms();
		if (pax_import_buffer(&app, &off, name, files[k], lens[k], res, &err) < 0)
			goto fail;
		imp[k] = now_ms() - t0;
		if (res->already) {
			fprintf(stderr, "bench: '%s' was imported before; nothing timed\n", name);
			return 1;
		}
		if (k == 0) {
			hits = res->hits, checks = res->checks, travellers = res->travellers;
			first = res->first_id;
			if (rescreens(&app, &off, resc, idle, &re_screened, &re_hits, &err) < 0)
				goto fail;
		}
	}

	/* the verdicts of the first import by kind of passenger (seq is the position) */
	int by[KINDS][3] = { { 0 } }; /* hit, check, clear */
	struct pax_manifest_row m;
	struct pax_traveller_row *ts = NULL;
	size_t nt = 0;
	if (pax_show(&app, &off, first, &m, &ts, &nt, &err) < 0)
		goto fail;
	for (size_t i = 0; i < nt; i++)
		if (ts[i].seq >= 1 && ts[i].seq <= n)
			by[ps[ts[i].seq - 1].kind][strcmp(ts[i].verdict, "hit") == 0     ? 0
						   : strcmp(ts[i].verdict, "check") == 0 ? 1
											 : 2]++;
	free(ts);

	printf("pax manifest: PAXLST D:02B, %d passengers (%d listed people read back from the "
	       "list, %d namesakes drawn from the list's names with its skew, %d names the list "
	       "does not use), %zu bytes, %d parser warnings\n",
	       n, count[LISTED], count[NAMESAKE], count[CLEAN], lens[0], warnings);
	double imp_med = median(imp, RUNS);
	printf("pax import+screen (pax_import_buffer: parse, store, match_find per traveller, "
	       "one transaction; %d runs, each a new file): median %.1f ms, %.3f ms per "
	       "passenger (all: %.1f %.1f %.1f ms); parsing alone %.2f ms\n",
	       RUNS, imp_med, imp_med / n, imp[0], imp[1], imp[2], median(parse, RUNS));
	printf("pax verdicts: %d travellers screened, %d HIT, %d to check, %d clear; listed "
	       "people %d HIT of %d; namesakes %d HIT, %d to check; unused names %d HIT, %d to "
	       "check\n",
	       travellers, hits, checks, travellers - hits - checks, by[LISTED][0], count[LISTED],
	       by[NAMESAKE][0], by[NAMESAKE][1], by[CLEAN][0], by[CLEAN][1]);
	double re_med = median(resc, RUNS);
	printf("pax rescreen (pax_rescreen after the first import, each pass after a new "
	       "list version: %d travellers%s; %d passes): median %.1f ms, %.3f ms per "
	       "traveller, %d HIT; with the lists unchanged (nothing to screen): median %.1f "
	       "ms\n",
	       re_screened, re_screened == travellers ? ", the same ones" : " of recent manifests",
	       RUNS, re_med, re_screened ? re_med / re_screened : 0.0, re_hits, median(idle, RUNS));
	session_logout(&app, &off, "logout");
	for (int k = 0; k < RUNS; k++)
		free(files[k]);
	free(ps);
	free(res);
	app_close(&app);
	return 0;
nomem:
	fprintf(stderr, "bench: no memory\n");
	return 1;
fail:
	fprintf(stderr, "bench: %s\n", err.msg);
	return 1;
}
