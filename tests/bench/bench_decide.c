/* Benchmark: a traveller at the booth against a large watchlist. Opens the database
 * bench_screen left (a million synthetic entries), adds an officer and a supervisor,
 * opens a shift, and for each synthetic traveller measures
 *   (i) MRZ text submitted -> scan_text + screening_run done: the computing behind
 *       "result drawn" (it includes the "screen" audit row, committed on its own);
 *  (ii) decision_record, from the call to the commit being durable: ADMIT for a clear
 *       or check verdict, REFER with a reason for a HIT;
 * then a few dozen ADMITs over a HIT with the supervisor's credentials (countersign,
 * so scrypt), timed apart. Travellers: a tenth are listed people read back from the
 * list, four tenths namesakes made from the same name material as the list, the rest
 * names the list does not use. Prints p50/p95/p99/max and the verdicts; asserts nothing.
 *   build/bench/bench_decide DBPATH [TRAVELLERS] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/accounts.h"
#include "app/decision.h"
#include "app/scan.h"
#include "app/screening.h"
#include "app/shift.h"
#include "db/watchlist.h"
#include "scanners/mrz.h"
#include "synthetic_names.h"
#include "bench_people.h"
#include "bench_util.h"

enum { OVERRIDES = 30 };

static const char *const officer_name = "officer1", *const officer_password = "bench-password-2";
static const char *const supervisor_name = "super1", *const supervisor_password =
							     "bench-password-3";

/* Names the synthetic list never uses: these travellers should screen clear. */
static const char *const clean_surnames[] = { "MUELLER", "ROSSI",  "GARCIA",    "NILSSON",
					      "DUBOIS",  "HUGHES", "KOWALCZ",   "FERREIRA",
					      "JANSSEN", "OBRIEN", "LINDQVIST", "MORETTI" };
static const char *const clean_given[] = { "JOHANNES", "GIULIA", "CARMEN", "ASTRID", "PIERRE",
					   "SIOBHAN",  "TOMASZ", "INES",   "WILLEM", "CHIARA" };
static const char *const suffixes[] = { "OV", "EV", "OVA", "EVA", "", "ULY", "ZADA", "IN" };
static const char *const nats[] = { "KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS", "AFG", "SYR", "IRQ" };

struct traveller {
	char surname[64], given[64], nat[4], birth[8], number[16];
};

enum kind { LISTED, NAMESAKE, CLEAN };

/* A listed person as the list has them (bench_people.h). */
static int listed(struct app *app, long entries, struct traveller *t, struct error *err)
{
	struct bench_person b;
	if (bench_listed(app, entries, &b, err) < 0)
		return -1;
	memcpy(t->surname, b.surname, sizeof(b.surname));
	memcpy(t->given, b.given, sizeof(b.given));
	memcpy(t->nat, b.nat, sizeof(b.nat));
	memcpy(t->birth, b.birth, sizeof(b.birth));
	return 0;
}

static void invented(enum kind k, struct traveller *t)
{
	if (k == NAMESAKE) {
		snprintf(t->surname, sizeof(t->surname), "%s%s",
			 syn_surname_stems[rnd() % SYN_COUNT(syn_surname_stems)],
			 suffixes[rnd() % SYN_COUNT(suffixes)]);
		snprintf(t->given, sizeof(t->given), "%s",
			 syn_given_names[rnd() % SYN_COUNT(syn_given_names)]);
		snprintf(t->nat, sizeof(t->nat), "%s", nats[rnd() % SYN_COUNT(nats)]);
	} else {
		snprintf(t->surname, sizeof(t->surname), "%s",
			 clean_surnames[rnd() % SYN_COUNT(clean_surnames)]);
		snprintf(t->given, sizeof(t->given), "%s",
			 clean_given[rnd() % SYN_COUNT(clean_given)]);
		snprintf(t->nat, sizeof(t->nat), "%s", nats[rnd() % SYN_COUNT(nats)]);
	}
	snprintf(t->birth, sizeof(t->birth), "%02d%02d%02d", (int)(40 + rnd() % 60),
		 (int)(1 + rnd() % 12), (int)(1 + rnd() % 28));
}

/* The two TD3 lines a reader would send, separated by newlines. */
static int compose(const struct traveller *t, char *text, size_t len, struct error *err)
{
	struct mrz_fields f = { .format = DOC_TD3,
				.doc_code = "P",
				.issuer = t->nat,
				.number = t->number,
				.surname = t->surname,
				.given_names = t->given,
				.nationality = t->nat,
				.birth = t->birth,
				.sex = "M",
				.expiry = "340101",
				.optional = "" };
	char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	int n = mrz_compose(&f, lines, err);
	if (n < 0)
		return n;
	size_t used = 0;
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, len - used, "%s\n", lines[i]);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	if (n == 0) {
		printf("decide %s: none measured\n", what);
		return;
	}
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	printf("decide %s: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n", what, v[n / 2],
	       v[n * 95 / 100], v[n * 99 / 100], v[n - 1]);
}

/* The officer and the supervisor, added by the administrator unless a run before did. */
static int ensure_accounts(struct app *app, struct error *err)
{
	struct session admin;
	if (session_login(app, "admin", "bench-password-1", "bench", &admin, err) < 0)
		return -1;
	struct officer *list;
	size_t n;
	if (accounts_list(app, &admin, &list, &n, err) < 0)
		return -1;
	int have_officer = 0, have_supervisor = 0;
	for (size_t i = 0; i < n; i++) {
		have_officer |= strcmp(list[i].username, officer_name) == 0;
		have_supervisor |= strcmp(list[i].username, supervisor_name) == 0;
	}
	free(list);
	int rc = 0;
	if (!have_officer)
		rc = accounts_add(app, &admin, officer_name, "Bench Officer", ROLE_OFFICER, "en",
				  officer_password, err);
	if (rc == 0 && !have_supervisor)
		rc = accounts_add(app, &admin, supervisor_name, "Bench Supervisor", ROLE_SUPERVISOR,
				  "en", supervisor_password, err);
	session_logout(app, &admin, "logout");
	return rc;
}

struct tally {
	int verdicts[3], decisions[3];
};

/* One traveller: the screening timed from the MRZ text, then the decision timed. */
static int traveller(struct app *app, const struct session *s, const char *text,
		     struct screening *sc, int override, double *screen_ms, double *decide_ms,
		     struct tally *tl, struct error *err)
{
	double t0 = now_ms();
	struct document doc;
	if (scan_text(text, strlen(text), SRC_MRZ_WEDGE, &doc, err) < 0 ||
	    screening_run(app, s, &doc, sc, err) < 0)
		return -1;
	*screen_ms = now_ms() - t0;
	tl->verdicts[sc->verdict]++;
	if (override && sc->verdict != VERDICT_HIT)
		return 1; /* nothing to override */
	struct decision d = { .kind = DECISION_ADMIT, .elapsed_ms = -1 };
	if (override) {
		d.reason_text = "identity confirmed: not the listed person";
		d.supervisor = supervisor_name;
		d.supervisor_password = supervisor_password;
	} else if (sc->verdict == VERDICT_HIT) {
		d.kind = DECISION_REFER;
		d.reason_text = "possible listed person: supervisor to check";
	}
	double t1 = now_ms();
	if (decision_record(app, s, sc, &d, NULL, err) < 0)
		return -1;
	*decide_ms = now_ms() - t1;
	tl->decisions[d.kind]++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_decide DBPATH [TRAVELLERS]\n");
		return 2;
	}
	int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 2000;
	n = n > 0 ? n : 2000;
	struct config cfg;
	struct error err;
	struct app app;
	struct session off;
	struct shift_row shift;
	if (config_defaults(&cfg, &err) < 0)
		return 1;
	snprintf(cfg.database, sizeof(cfg.database), "%s", argv[1]);
	if (app_open(&app, &cfg, &err) < 0 || ensure_accounts(&app, &err) < 0 ||
	    session_login(&app, officer_name, officer_password, "bench", &off, &err) < 0 ||
	    shift_start(&app, &off, "entry", "B1", &shift, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	long entries = wl_entry_total(app.db, &err);
	int total = n + OVERRIDES;
	char(*texts)[2 * (MRZ_MAX_LINE + 1) + 1] = calloc((size_t)total, sizeof(*texts));
	double *screen = calloc((size_t)total, sizeof(double));
	double *decide = calloc((size_t)n, sizeof(double));
	double over[OVERRIDES];
	struct screening *sc = malloc(sizeof(*sc));
	if (!texts || !screen || !decide || !sc || entries <= 0) {
		fprintf(stderr, "bench: no memory, or no watchlist in '%s'\n", argv[1]);
		return 1;
	}
	/* every document first, so that composing them is not timed */
	for (int i = 0; i < total; i++) {
		struct traveller t;
		int r = (int)(rnd() % 10);
		enum kind k = i >= n || r == 0 ? LISTED : r < 5 ? NAMESAKE : CLEAN;
		if (k != LISTED || listed(&app, entries, &t, &err) < 0)
			invented(k == LISTED ? NAMESAKE : k, &t);
		snprintf(t.number, sizeof(t.number), "B%08d", i);
		if (compose(&t, texts[i], sizeof(texts[i]), &err) < 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 1;
		}
	}
	struct tally tl = { 0 }, otl = { 0 };
	int n_over = 0, n_over_screened = 0;
	for (int i = 0; i < total; i++) {
		int ov = i >= n;
		double s_ms = 0, d_ms = 0;
		int rc = traveller(&app, &off, texts[i], sc, ov, &s_ms, &d_ms, ov ? &otl : &tl,
				   &err);
		if (rc < 0) {
			fprintf(stderr, "bench: traveller %d: %s\n", i, err.msg);
			return 1;
		}
		if (!ov) {
			screen[i] = s_ms;
			decide[i] = d_ms;
		} else {
			n_over_screened++;
			if (rc == 0)
				over[n_over++] = d_ms;
		}
	}
	printf("decide: %d travellers against %ld watchlist entries; the database is in WAL mode "
	       "with synchronous=FULL (a commit is on disk when it returns)\n",
	       n, entries);
	printf("decide verdicts: %d clear, %d check, %d HIT; decisions: %d admit, %d refer\n",
	       tl.verdicts[VERDICT_CLEAR], tl.verdicts[VERDICT_CHECK], tl.verdicts[VERDICT_HIT],
	       tl.decisions[DECISION_ADMIT], tl.decisions[DECISION_REFER]);
	report("MRZ submitted -> result ready (scan_text + screening_run, its audit row committed)",
	       screen, n);
	report("decision committed (decision_record: admit clear/check, refer a HIT)", decide, n);
	qsort(over, (size_t)n_over, sizeof(double), cmp_double);
	if (n_over)
		printf("decide admit over a HIT with the supervisor's countersign (scrypt): p50 "
		       "%.1f "
		       "ms, max %.1f ms (%d of %d listed travellers screened HIT)\n",
		       over[n_over / 2], over[n_over - 1], n_over, n_over_screened);
	shift_end(&app, &off, "logout", &err);
	session_logout(&app, &off, "logout");
	free(texts);
	free(screen);
	free(decide);
	free(sc);
	app_close(&app);
	return 0;
}
