#include "app/match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/normalize.h"
#include "app/watchlist.h"
#include "db/watchlist.h"
#include "i18n/i18n.h"

enum {
	MAX_POSTING = 600, /* a key on more rows than this is too common to search by */
	MAX_CANDIDATES = 6000,
	SCORED = 30, /* the candidates sharing most keys are scored */
	SIM_FLOOR_PCT = 72,
};

const char *match_band_name(enum match_band b)
{
	return b == BAND_HIT ? "HIT" : b == BAND_POSSIBLE ? "POSSIBLE" : "none";
}

struct qtoken {
	char text[NORM_TOKEN_MAX];
	char key[NORM_TOKEN_MAX];
	double weight; /* rare tokens weigh more than common ones (MUHAMMAD, ALI) */
	int freq;
};

struct query_tokens {
	int n;
	struct qtoken t[NORM_MAX_TOKENS];
};

static void query_tokens(struct app *app, const struct match_query *q, struct query_tokens *qt)
{
	char joined[512];
	snprintf(joined, sizeof(joined), "%s %s", q->surname ? q->surname : "",
		 q->given_names ? q->given_names : "");
	struct norm_name nn;
	qt->n = 0;
	if (norm_name(joined, strlen(joined), &nn) < 0)
		return;
	/* counting entries scans the table: once per process, again after an import */
	if (app->index_rows < 0)
		app->index_rows = (long)wl_entry_total(app->db, NULL) * 4;
	double total = (double)app->index_rows + 1.0;
	for (int i = 0; i < nn.n && qt->n < NORM_MAX_TOKENS; i++) {
		if (nn.particle[i] || strlen(nn.token[i]) < 2)
			continue;
		struct qtoken *t = &qt->t[qt->n++];
		snprintf(t->text, sizeof(t->text), "%s", nn.token[i]);
		norm_skeleton(nn.token[i], t->key, sizeof(t->key));
		t->freq = t->key[0] ? wl_token_freq(app->db, t->key, NULL) : 0;
		t->weight = 1.0 + log10(total / ((double)(t->freq > 0 ? t->freq : 0) + 1.0));
	}
}

struct candidate {
	int64_t id;
	int hits;
	int doc;
};

/* Candidates, with an open-addressing table over their ids: postings of common names
 * run to thousands of rows, and a linear search per row would cost more than the
 * database. */
enum { CAND_SLOTS = 8192 };

struct candidates {
	int n;
	struct candidate c[MAX_CANDIDATES];
	int slot[CAND_SLOTS]; /* index + 1 into c, 0 empty */
};

static void add_candidate(struct candidates *cs, int64_t id, int doc, int weight)
{
	unsigned h = (unsigned)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 51) & (CAND_SLOTS - 1);
	while (cs->slot[h]) {
		struct candidate *c = &cs->c[cs->slot[h] - 1];
		if (c->id == id) {
			c->hits += weight;
			c->doc |= doc;
			return;
		}
		h = (h + 1) & (CAND_SLOTS - 1);
	}
	if (cs->n < MAX_CANDIDATES) {
		cs->c[cs->n] = (struct candidate){ id, weight, doc };
		cs->slot[h] = ++cs->n;
	}
}

/* candidates found in the same birth year */
static int strong_candidates(const struct candidates *cs)
{
	int n = 0;
	for (int i = 0; i < cs->n; i++)
		n += cs->c[i].hits >= 3;
	return n;
}

static int by_hits(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->doc != y->doc)
		return y->doc - x->doc;
	return y->hits - x->hits;
}

static int by_freq(const void *a, const void *b)
{
	const struct qtoken *x = a, *y = b;
	return x->freq - y->freq;
}

static int find_candidates(struct app *app, const struct match_query *q, struct query_tokens *qt,
			   struct candidates *cs, struct error *err)
{
	static int64_t ids[MAX_POSTING];
	static int years[MAX_POSTING];
	cs->n = 0;
	memset(cs->slot, 0, sizeof(cs->slot));
	if (q->doc_number && q->doc_number[0]) {
		char key[64];
		watch_doc_key(q->doc_number, key, sizeof(key));
		int n = key[0] ? wl_find_by_doc(app->db, key, ids, 64, err) : 0;
		if (n < 0)
			return -ERR_IO;
		for (int i = 0; i < n && i < 64; i++)
			add_candidate(cs, ids[i], 1, 1);
	}
	/* rarest tokens first: their postings are short and say the most */
	struct qtoken sorted[NORM_MAX_TOKENS];
	memcpy(sorted, qt->t, sizeof(sorted[0]) * (size_t)qt->n);
	qsort(sorted, (size_t)qt->n, sizeof(sorted[0]), by_freq);
	/* Born the same year first: those postings are short even for common names, and
	 * the person is usually among them; a year either side only when they were not
	 * enough (a listing a year off, or no year on the document). */
	int y = q->dob.year;
	int passes[2][2] = { { y * 10000, y * 10000 + 1231 },
			     { (y - 1) * 10000, (y + 1) * 10000 + 1231 } };
	if (!y) {
		passes[0][0] = passes[1][0] = 1;
		passes[0][1] = passes[1][1] = 99991231;
	}
	int date = y * 10000 + q->dob.month * 100 + q->dob.day;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && (!q->dob.year || strong_candidates(cs) >= 1))
			break;
		int searched = 0;
		for (int i = 0; i < qt->n && searched < 4; i++) {
			if (!sorted[i].key[0])
				continue;
			int n = wl_find_by_key(app->db, sorted[i].key, passes[pass][0],
					       passes[pass][1], ids, years, MAX_POSTING, err);
			if (n < 0)
				return -ERR_IO;
			if (n > MAX_POSTING && searched > 0)
				continue; /* too common to add anything the rarer ones missed */
			searched++;
			/* the same birth date says most, then the same year (or a listing
			 * that gives only the year); an unknown one (0) least */
			for (int k = 0; k < n && k < MAX_POSTING; k++) {
				int w = !y                      ? 1
					: years[k] == date      ? 4
					: years[k] / 10000 == y ? 3
								: 1;
				add_candidate(cs, ids[k], 0, w);
			}
		}
	}
	qsort(cs->c, (size_t)cs->n, sizeof(cs->c[0]), by_hits);
	if (cs->n > SCORED)
		cs->n = SCORED;
	return 0;
}

/* How well the query's tokens are found among one listed name's: each query token
 * matches one listed token at most, in any order; weights favour rare tokens; listed
 * tokens left over (a patronymic the document does not print) cost a little. */
static double name_score(const struct query_tokens *qt, const struct norm_name *ln, char *why,
			 size_t whylen)
{
	int used[NORM_MAX_TOKENS] = { 0 };
	double sum = 0, weights = 0;
	size_t o = 0;
	why[0] = '\0';
	int listed = 0;
	for (int j = 0; j < ln->n; j++)
		listed += !ln->particle[j];
	for (int i = 0; i < qt->n; i++) {
		double best = 0;
		int bj = -1;
		for (int j = 0; j < ln->n; j++) {
			if (used[j] || ln->particle[j])
				continue;
			double s = norm_similarity(qt->t[i].text, ln->token[j]);
			if (s > best) {
				best = s;
				bj = j;
			}
		}
		weights += qt->t[i].weight;
		if (bj >= 0 && best * 100 >= SIM_FLOOR_PCT) {
			used[bj] = 1;
			sum += qt->t[i].weight * best;
			if (o < whylen)
				o += (size_t)snprintf(why + o, whylen - o, "%s%s %s %s",
						      o ? ", " : "", qt->t[i].text,
						      best >= 0.999 ? "=" : "~", ln->token[bj]);
		} else if (o < whylen) {
			o += (size_t)snprintf(why + o, whylen - o, "%s%s %s", o ? ", " : "",
					      qt->t[i].text, _("not on the list"));
		}
	}
	if (weights <= 0)
		return 0;
	double score = sum / weights;
	int extra = listed;
	for (int j = 0; j < ln->n; j++)
		extra -= used[j];
	score -= 0.03 * (extra > 0 ? extra : 0);
	if (qt->n == 1)
		score *= 0.8; /* one name alone says little */
	return score < 0 ? 0 : score;
}

static int name_may_match(struct app *app, const struct query_tokens *qt, int64_t id)
{
	static char names[WL_VIEW_NAMES][192];
	int n = wl_entry_names(app->db, id, names, WL_VIEW_NAMES, NULL);
	char why[300];
	for (int i = 0; i < n; i++) {
		struct norm_name ln;
		if (norm_name(names[i], strlen(names[i]), &ln) < 0)
			continue;
		/* +8 birth date, +3 nationality: the most the rest can add */
		if (name_score(qt, &ln, why, sizeof(why)) * 100 + 11 >= MATCH_POSSIBLE)
			return 1;
	}
	return n < 0; /* on a database error, look properly */
}

static int two(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return 0;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Birth dates at the precision both sides have: returns the score adjustment and what
 * was found. */
static int compare_dob(const struct doc_date *d, const struct wl_view *v, char *why, size_t len)
{
	if (!d->year || v->n_dobs == 0) {
		snprintf(why, len, "%s", _("no birth date to compare"));
		return 0;
	}
	int best = -100;
	for (int i = 0; i < v->n_dobs; i++) {
		const char *p = v->dobs[i].precision, *date = v->dobs[i].date;
		int ly = watch_year_of(date), adj;
		const char *what;
		if (strcmp(p, "range") == 0) {
			int in = d->year >= v->dobs[i].year_from && d->year <= v->dobs[i].year_to;
			adj = in ? 3 : -20;
			what = in ? _("born within the listed years")
				  : _("born outside the listed years");
		} else if (strcmp(p, "approximate") == 0) {
			int near = abs(d->year - ly) <= 2;
			adj = near ? 2 : -15;
			what = near ? _("born near the listed year") : _("birth year differs");
		} else if (strlen(date) >= 10 && d->month && d->day) {
			int lm = two(date + 5), ld = two(date + 8);
			if (ly == d->year && lm == d->month && ld == d->day) {
				adj = 8;
				what = _("birth date equal");
			} else if (ly == d->year && lm == d->day && ld == d->month) {
				adj = 3;
				what = _("birth day and month swapped");
			} else if (ly == d->year) {
				adj = -5;
				what = _("same birth year, other day");
			} else {
				adj = abs(ly - d->year) <= 1 ? -10 : -25;
				what = _("birth date differs");
			}
		} else {
			adj = ly == d->year ? 4 : abs(ly - d->year) <= 1 ? -8 : -25;
			what = ly == d->year ? _("born in the listed year")
					     : _("birth year differs");
		}
		if (adj > best) {
			best = adj;
			snprintf(why, len, "%s", what);
		}
	}
	return best;
}

static void score_candidate(const struct match_query *q, const struct query_tokens *qt,
			    const struct wl_view *v, int doc, struct match *m)
{
	memset(m, 0, sizeof(*m));
	m->entry_id = v->id;
	snprintf(m->source_code, sizeof(m->source_code), "%s", v->source_code);
	snprintf(m->source_name, sizeof(m->source_name), "%s", v->source_name);
	snprintf(m->source_updated, sizeof(m->source_updated), "%s", v->source_updated);
	snprintf(m->ref, sizeof(m->ref), "%s", v->ref);
	snprintf(m->category, sizeof(m->category), "%s", v->category);
	snprintf(m->action, sizeof(m->action), "%s", v->action);
	snprintf(m->listed_on, sizeof(m->listed_on), "%s", v->listed_on);

	/* a document number on a lost/stolen list is a hit by itself */
	if (doc && strcmp(v->subject, "document") == 0) {
		m->score = 100;
		m->rank_score = 200; /* a listed document outranks every name */
		m->document_hit = 1;
		snprintf(m->listed_name, sizeof(m->listed_name), "%s %s",
			 v->n_docs ? v->docs[0].state : "", v->n_docs ? v->docs[0].number : "");
		snprintf(m->explanation, sizeof(m->explanation), "%s (%s)",
			 _("document number on the list"), v->remarks);
		m->band = BAND_HIT;
		return;
	}
	double best = 0;
	char best_why[300] = "", why[300];
	int best_name = -1, translit = 0;
	for (int i = 0; i < v->n_names; i++) {
		struct norm_name ln;
		if (norm_name(v->names[i].full_name, strlen(v->names[i].full_name), &ln) < 0)
			continue;
		double s = name_score(qt, &ln, why, sizeof(why));
		if (strcmp(v->names[i].quality, "low") == 0)
			s *= 0.95; /* the list itself calls this alias weak */
		if (s > best) {
			best = s;
			best_name = i;
			translit = ln.translit;
			snprintf(best_why, sizeof(best_why), "%s", why);
		}
	}
	int score = (int)lround(best * 100);
	char dob_why[96];
	score += compare_dob(&q->dob, v, dob_why, sizeof(dob_why));
	const char *nat_why = "";
	if (q->nationality[0] && v->n_nats > 0) {
		int same = 0;
		for (int i = 0; i < v->n_nats; i++)
			same |= strcmp(v->nats[i], q->nationality) == 0;
		score += same ? 3 : -5;
		nat_why = same ? _("nationality equal") : _("nationality differs");
	}
	const char *sex_why = "";
	if (q->sex && q->sex != 'X' && v->sex[0] && v->sex[0] != 'X' && q->sex != v->sex[0]) {
		score -= 10;
		sex_why = _("sex differs");
	}
	if (doc) {
		score += 10;
		m->document_hit = 1;
	}
	m->rank_score = score;
	m->score = score < 0 ? 0 : score > 100 ? 100 : score;
	m->band = m->score >= MATCH_HIT        ? BAND_HIT
		  : m->score >= MATCH_POSSIBLE ? BAND_POSSIBLE
					       : BAND_NONE;
	if (best_name >= 0)
		snprintf(m->listed_name, sizeof(m->listed_name), "%s",
			 v->names[best_name].full_name);
	const char *script = translit & NORM_CYRILLIC ? _("; name transliterated from Cyrillic")
			     : translit & NORM_ARABIC ? _("; name transliterated from Arabic")
						      : "";
	snprintf(m->explanation, sizeof(m->explanation), "%s%s; %s%s%s%s%s%s", best_why, script,
		 dob_why, nat_why[0] ? "; " : "", nat_why, sex_why[0] ? "; " : "", sex_why,
		 doc ? _("; document number listed") : "");
}

static int by_score(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	return y->rank_score - x->rank_score;
}

int match_find(struct app *app, const struct match_query *q, struct match_result *out,
	       struct error *err)
{
	memset(out, 0, sizeof(*out));
	int own = !db_in_transaction(app->db);
	if (own && db_begin_read(app->db, err) < 0)
		return -ERR_IO;
	struct query_tokens qt;
	query_tokens(app, q, &qt);
	struct candidates *cs = malloc(sizeof(*cs));
	struct wl_view *v = malloc(sizeof(*v));
	int rc = 0;
	if (!cs || !v) {
		rc = error_set(err, ERR_IO, _("out of memory"));
		goto done;
	}
	if (find_candidates(app, q, &qt, cs, err) < 0) {
		rc = -ERR_IO;
		goto done;
	}
	for (int i = 0; i < cs->n; i++) {
		/* A first look at the names alone: a candidate whose best name cannot reach
		 * POSSIBLE even with every bonus is not worth reading in full. */
		if (!cs->c[i].doc && !name_may_match(app, &qt, cs->c[i].id)) {
			out->candidates++;
			continue;
		}
		int found = wl_entry_load(app->db, cs->c[i].id, v, err);
		if (found < 0) {
			rc = -ERR_IO;
			goto done;
		}
		if (!found || v->retired)
			continue;
		out->candidates++;
		struct match m;
		score_candidate(q, &qt, v, cs->c[i].doc, &m);
		if (m.band == BAND_NONE)
			continue;
		if (out->n < MATCH_MAX) {
			out->m[out->n++] = m;
		} else if (m.rank_score > out->m[MATCH_MAX - 1].rank_score) {
			out->m[MATCH_MAX - 1] = m;
		}
		qsort(out->m, (size_t)out->n, sizeof(out->m[0]), by_score);
	}
done:
	free(cs);
	free(v);
	if (own)
		db_rollback(app->db); /* nothing was written: just end the snapshot */
	return rc;
}

int match_screen(struct app *app, const struct session *s, const struct match_query *q,
		 struct match_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_SCREEN, err) < 0)
		return -ERR_DENIED;
	if (match_find(app, q, out, err) < 0)
		return -ERR_IO;
	char object[96], detail[160];
	snprintf(object, sizeof(object), "%s %s", q->surname ? q->surname : "",
		 q->given_names ? q->given_names : "");
	enum match_band top = out->n ? out->m[0].band : BAND_NONE;
	snprintf(detail, sizeof(detail), "%d matches%s%s", out->n, out->n ? "; best " : "",
		 out->n ? out->m[0].ref : "");
	struct audit_event ev = { .action = "screen",
				  .object_type = "person",
				  .object_id = object,
				  .outcome = match_band_name(top),
				  .detail = detail };
	return app_audit(app, s, &ev, err);
}
