/* Matching quality on a labelled set (make eval). Prints recall at HIT+POSSIBLE and the
 * false-link rate; asserts nothing: the figures go in the issue notes.
 *
 * Positives:
 *  - every name of every UN individual (primary and each alias) as a document would
 *    print it, under a romanisation variant (KH/H, YU/IU, ZH/J, ...) when it has one,
 *    with the individual's first birth date and nationality, must find that individual;
 *  - Central Asian and Slavic people listed only in Cyrillic must be found from their
 *    ICAO Latin spelling and its variants (YU/IU/JU, KH/H, ZH/J).
 * Negatives: a near namesake of each listed person (same surname, another given name,
 * born 15 years apart, another nationality) must not be linked to that person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench/synthetic_names.h"
#include "app/importers.h"
#include "app/match.h"
#include "app/setup.h"
#include "app/watchlist.h"

struct person {
	char ref[64];
	char names[WL_VIEW_NAMES][192];
	int n_names;
	struct doc_date dob;
	char nat[4];
};

struct people {
	struct person *p;
	int n, cap;
};

static int collect(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct people *ps = ctx;
	(void)err;
	if (strcmp(e->subject, "person") != 0)
		return 0;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 1024;
		ps->p = realloc(ps->p, sizeof(*ps->p) * (size_t)ps->cap);
		if (!ps->p)
			return -1;
	}
	struct person *p = &ps->p[ps->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->ref, sizeof(p->ref), "%s", e->ref);
	for (size_t i = 0; i < e->n_names && p->n_names < WL_VIEW_NAMES; i++)
		snprintf(p->names[p->n_names++], sizeof(p->names[0]), "%s", e->names[i].full_name);
	for (size_t i = 0; i < e->n_dobs && !p->dob.year; i++) {
		const char *d = e->dobs[i].date;
		if (d && strlen(d) >= 4 && strcmp(e->dobs[i].precision, "range") != 0) {
			p->dob.year = (int)strtol(d, NULL, 10);
			if (strlen(d) == 10) {
				p->dob.month = (int)strtol(d + 5, NULL, 10);
				p->dob.day = (int)strtol(d + 8, NULL, 10);
			}
		}
	}
	if (e->n_nationalities)
		snprintf(p->nat, sizeof(p->nat), "%s", e->nationalities[0]);
	return 0;
}

/* The first romanisation variant that applies, as a document might print the name. */
static int variant(const char *in, char *out, size_t len)
{
	static const char *const rules[][2] = { { "KH", "H" },  { "YU", "IU" }, { "ZH", "J" },
						{ "YA", "IA" }, { "DJ", "J" },  { "OU", "U" },
						{ "Kh", "H" },  { "Yu", "Iu" }, { "Zh", "J" } };
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		const char *p = strstr(in, rules[r][0]);
		if (p) {
			snprintf(out, len, "%.*s%s%s", (int)(p - in), in, rules[r][1],
				 p + strlen(rules[r][0]));
			return 1;
		}
	}
	snprintf(out, len, "%s", in);
	return 0;
}

struct tally {
	int positives, found, negatives, false_links;
};

static int finds(struct app *app, const char *name, const struct person *p, const char *ref,
		 int shift_years, const char *nat)
{
	struct match_query q;
	memset(&q, 0, sizeof(q));
	q.surname = name;
	q.given_names = "";
	q.dob = p->dob;
	if (q.dob.year)
		q.dob.year += shift_years;
	snprintf(q.nationality, sizeof(q.nationality), "%s", nat);
	struct match_result r;
	struct error err;
	if (match_find(app, &q, &r, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		exit(1);
	}
	for (int i = 0; i < r.n; i++)
		if (strcmp(r.m[i].ref, ref) == 0)
			return 1;
	return 0;
}

static void store(struct watch_import *wi, const char *ref, const char *const *names, int n,
		  const struct doc_date *dob, const char *nat)
{
	struct wl_name wn[WL_VIEW_NAMES];
	for (int i = 0; i < n; i++)
		wn[i] = (struct wl_name){ i ? "alias" : "primary", "good", names[i] };
	char date[16] = "";
	if (dob->year && dob->month)
		snprintf(date, sizeof(date), "%04d-%02d-%02d", dob->year, dob->month, dob->day);
	else if (dob->year)
		snprintf(date, sizeof(date), "%04d", dob->year);
	struct wl_birth_date d = { dob->month ? "exact" : "year", date, 0, 0 };
	const char *nats[1] = { nat };
	struct wl_entry e = { .ref = ref,
			      .subject = "person",
			      .category = "sanctions",
			      .action = "deny_entry",
			      .names = wn,
			      .n_names = (size_t)n,
			      .dobs = &d,
			      .n_dobs = dob->year ? 1 : 0,
			      .nationalities = nats,
			      .n_nationalities = nat[0] ? 1 : 0 };
	struct error err;
	if (watch_import_entry(wi, &e, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *un = argc > 1 ? argv[1] : "../shared/data/un-sc-consolidated-2020-11-30.xml";
	const char *dir = argc > 2 ? argv[2] : "build/eval";
	struct config cfg;
	struct error err;
	config_defaults(&cfg, &err);
	snprintf(cfg.database, sizeof(cfg.database), "%s/eval.db", dir);
	unlink(cfg.database);
	struct setup_params sp = { "EVAL", "WS1", "admin", "Eval", "eval-password-1", "en" };
	struct app app;
	struct session admin;
	if (setup_create(&cfg, &sp, &err) < 0 || app_open(&app, &cfg, &err) < 0 ||
	    session_login(&app, "admin", "eval-password-1", "eval", &admin, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		return 1;
	}
	struct people ps = { 0 };
	char *buf = NULL;
	size_t len = 0;
	struct wl_source src;
	int have_un = import_read_file(un, 64 << 20, &buf, &len, &err) == 0;
	if (have_un && un_sc_parse(buf, len, &src, collect, &ps, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		return 1;
	}
	free(buf);
	if (!have_un)
		printf("eval: %s not found: the UN part is skipped\n", un);

	struct wl_source es = { .code = "EVAL",
				.kind = "custom",
				.name = "Evaluation",
				.authority = "eval",
				.version = "1" };
	struct watch_import wi;
	if (watch_import_begin(&app, &admin, &es, &wi, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		return 1;
	}
	for (int i = 0; i < ps.n; i++) {
		const char *names[WL_VIEW_NAMES];
		for (int k = 0; k < ps.p[i].n_names; k++)
			names[k] = ps.p[i].names[k];
		store(&wi, ps.p[i].ref, names, ps.p[i].n_names, &ps.p[i].dob, ps.p[i].nat);
	}
	/* Central Asian and Slavic people listed in Cyrillic only */
	int ncyr = (int)SYN_COUNT(syn_cyrillic_pairs);
	for (int i = 0; i < ncyr; i++) {
		char ref[32], full[128];
		snprintf(ref, sizeof(ref), "CYR-%03d", i);
		snprintf(full, sizeof(full), "%s %s", syn_cyrillic_pairs[i][1],
			 syn_cyrillic_pairs[(i + 7) % ncyr][1]);
		const char *names[1] = { full };
		struct doc_date dob = { 1960 + i, 1 + i % 12, 1 + i % 28 };
		store(&wi, ref, names, 1, &dob, "UZB");
	}
	if (watch_import_commit(&wi, &err) < 0) {
		fprintf(stderr, "eval: %s\n", err.msg);
		return 1;
	}

	struct tally un_t = { 0 }, cyr_t = { 0 };
	for (int i = 0; i < ps.n; i++) {
		const struct person *p = &ps.p[i];
		for (int k = 0; k < p->n_names; k++) {
			char v[192];
			variant(p->names[k], v, sizeof(v));
			un_t.positives++;
			un_t.found += finds(&app, v, p, p->ref, 0, p->nat);
		}
		/* a near namesake: first token kept, another given name, born 15 years
		 * apart, another nationality */
		char first[192], neg[256];
		snprintf(first, sizeof(first), "%s", p->names[0]);
		char *sp2 = strchr(first, ' ');
		if (sp2)
			*sp2 = '\0';
		snprintf(neg, sizeof(neg), "%s %s", first,
			 syn_given_names[(size_t)i % SYN_COUNT(syn_given_names)]);
		un_t.negatives++;
		un_t.false_links += finds(&app, neg, p, p->ref, 15, "CAN");
	}
	for (int i = 0; i < ncyr; i++) {
		char ref[32];
		snprintf(ref, sizeof(ref), "CYR-%03d", i);
		struct person p = { .dob = { 1960 + i, 1 + i % 12, 1 + i % 28 }, .nat = "UZB" };
		char latin[128], v[128];
		snprintf(latin, sizeof(latin), "%s %s", syn_cyrillic_pairs[i][0],
			 syn_cyrillic_pairs[(i + 7) % ncyr][0]);
		cyr_t.positives += 2;
		cyr_t.found += finds(&app, latin, &p, ref, 0, "UZB");
		variant(latin, v, sizeof(v));
		cyr_t.found += finds(&app, v, &p, ref, 0, "UZB");
		char neg[128];
		snprintf(neg, sizeof(neg), "%s %s", syn_cyrillic_pairs[i][0],
			 syn_given_names[(size_t)(i * 7) % SYN_COUNT(syn_given_names)]);
		cyr_t.negatives++;
		cyr_t.false_links += finds(&app, neg, &p, ref, 15, "CAN");
	}
	int pos = un_t.positives + cyr_t.positives, found = un_t.found + cyr_t.found;
	int neg = un_t.negatives + cyr_t.negatives, fl = un_t.false_links + cyr_t.false_links;
	printf("eval UN names: %d of %d found (%.1f%%); near namesakes linked: %d of %d\n",
	       un_t.found, un_t.positives,
	       100.0 * un_t.found / (un_t.positives ? un_t.positives : 1), un_t.false_links,
	       un_t.negatives);
	printf("eval Cyrillic-listed people: %d of %d found; near namesakes linked: %d of %d\n",
	       cyr_t.found, cyr_t.positives, cyr_t.false_links, cyr_t.negatives);
	printf("eval: recall at HIT+POSSIBLE %.1f%% (target >= 98%%), false links %.1f%% "
	       "(target <= 2%%)\n",
	       100.0 * found / (pos ? pos : 1), 100.0 * fl / (neg ? neg : 1));
	free(ps.p);
	app_close(&app);
	return 0;
}
