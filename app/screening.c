#include "app/screening.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/barcode.h"
#include "app/chip.h"
#include "app/pax.h"
#include "db/watchlist.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

const char *verdict_name(enum verdict v)
{
	return v == VERDICT_HIT ? "hit" : v == VERDICT_CHECK ? "check" : "clear";
}

const char *screening_action_word(const char *action, int capitals)
{
	/* TRANSLATORS: what a watchlist entry asks the officer to do; the capital
	 * forms are the words of the HIT banner */
	static const char *const words[][3] = {
		{ "deny_entry", N_("DENY ENTRY"), N_("deny entry") },
		{ "arrest", N_("ARREST"), N_("arrest") },
		{ "refer", N_("REFER"), N_("refer") },
		{ "notify", N_("NOTIFY"), N_("notify") },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(action, words[i][0]) == 0)
			return _(words[i][capitals ? 1 : 2]);
	return action;
}

long long screening_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void screening_doc_key(const struct document *doc, char *out, size_t len)
{
	size_t n = 0;
	const char *parts[] = { doc->issuer, doc->number };
	for (int p = 0; p < 2; p++)
		for (const char *c = parts[p]; *c && n + 1 < len; c++)
			if (isalnum((unsigned char)*c))
				out[n++] = (char)toupper((unsigned char)*c);
	if (len)
		out[n] = '\0';
}

/* The strongest of the actions the lists ask for. */
static int action_rank(const char *action)
{
	static const char *const order[] = { "notify", "refer", "deny_entry", "arrest" };
	for (int i = 0; i < 4; i++)
		if (strcmp(action, order[i]) == 0)
			return i + 1;
	return 0;
}

static void fold_verdict(struct screening *sc)
{
	const struct document *d = &sc->doc;
	sc->failed_checks = 0;
	for (int i = 0; i < d->n_checks; i++)
		if (d->checks[i].status == CHECK_FAIL)
			sc->failed_checks++;
	sc->verdict = sc->failed_checks || sc->matches.n || sc->chip.warning ? VERDICT_CHECK
									     : VERDICT_CLEAR;
	sc->action[0] = '\0';
	for (int i = 0; i < sc->matches.n; i++) {
		const struct match *m = &sc->matches.m[i];
		if (m->band != BAND_HIT)
			continue;
		sc->verdict = VERDICT_HIT;
		if (action_rank(m->action) > action_rank(sc->action))
			snprintf(sc->action, sizeof(sc->action), "%s", m->action);
	}
}

void screening_attach_chip(struct screening *sc, const struct chip_check_result *r)
{
	if (!r || !r->read)
		return;
	sc->chip.read = 1;
	sc->chip.warning = r->outcome != CHIP_OUTCOME_GENUINE;
	snprintf(sc->chip.verdict, sizeof(sc->chip.verdict), "%s", r->name);
	snprintf(sc->chip.detail, sizeof(sc->chip.detail), "%s", r->detail);
	if (sc->chip.warning && sc->verdict == VERDICT_CLEAR)
		sc->verdict = VERDICT_CHECK;
}

int screening_attach_barcode(struct screening *sc, const struct barcode_check *c)
{
	if (sc->n_barcodes >= CROSSING_MAX_BARCODES)
		return -1;
	barcode_check_record(c, &sc->barcodes[sc->n_barcodes++]);
	if (c->outcome == BARCODE_OUTCOME_WARNING) {
		sc->barcode_warnings++;
		if (sc->verdict == VERDICT_CLEAR)
			sc->verdict = VERDICT_CHECK;
	}
	return 0;
}

static int read_lists(struct app *app, struct screening *sc, struct error *err)
{
	struct wl_source *src;
	size_t n;
	if (wl_source_list(app->db, 0, &src, &n, err) < 0)
		return -ERR_IO;
	time_t now = time(NULL);
	sc->n_lists = 0;
	for (size_t i = 0; i < n && sc->n_lists < CROSSING_MAX_LISTS; i++) {
		struct screened_list *l = &sc->lists[sc->n_lists++];
		snprintf(l->code, sizeof(l->code), "%s", src[i].code);
		snprintf(l->name, sizeof(l->name), "%s", src[i].name);
		snprintf(l->version, sizeof(l->version), "%s", src[i].version);
		snprintf(l->updated_at, sizeof(l->updated_at), "%s", src[i].updated_at);
		time_t t;
		l->age_days = clock_parse_iso(src[i].updated_at, &t) == 0 && now > t
				      ? (int)((now - t) / 86400)
				      : 0;
		l->stale = l->age_days > app->cfg.list_stale_days;
	}
	free(src);
	return 0;
}

static void query_of(const struct document *d, struct match_query *q)
{
	memset(q, 0, sizeof(*q));
	q->surname = d->surname;
	q->given_names = d->given_names;
	q->dob = d->birth;
	snprintf(q->nationality, sizeof(q->nationality), "%s", d->nationality);
	q->sex = d->sex;
	q->doc_number = d->number;
	snprintf(q->doc_state, sizeof(q->doc_state), "%s", d->issuer);
}

/* Everything read in one snapshot, so the lists shown are the lists matched. */
static int gather(struct app *app, struct screening *sc, struct error *err)
{
	if (db_begin_read(app->db, err) < 0)
		return -ERR_IO;
	struct match_query q;
	query_of(&sc->doc, &q);
	int rc = match_find(app, &q, &sc->matches, err);
	if (rc == 0)
		rc = read_lists(app, sc, err);
	if (rc == 0) {
		int n = crossing_history(app->db, sc->doc_key, sc->history, SCREENING_HISTORY, err);
		rc = n < 0 ? -ERR_IO : 0;
		sc->n_history = n < 0 ? 0 : n;
	}
	if (rc == 0) /* the passenger manifest that announced this traveller, if any */
		rc = pax_link_find(app, &sc->doc, app->pax_current, &sc->manifest, err);
	db_rollback(app->db); /* nothing was written: just end the snapshot */
	return rc;
}

static int audit_screening(struct app *app, const struct session *s, const struct screening *sc,
			   struct error *err)
{
	char object[64], detail[256];
	snprintf(object, sizeof(object), "%s %s", sc->doc.issuer, sc->doc.number);
	int n = snprintf(detail, sizeof(detail), "%d matches%s%s; %d checks failed; lists",
			 sc->matches.n, sc->matches.n ? "; best " : "",
			 sc->matches.n ? sc->matches.m[0].ref : "", sc->failed_checks);
	for (int i = 0; i < sc->n_lists && n > 0 && (size_t)n < sizeof(detail); i++)
		n += snprintf(detail + n, sizeof(detail) - (size_t)n, " %s:%s", sc->lists[i].code,
			      sc->lists[i].version);
	struct audit_event ev = { .action = "screen",
				  .object_type = "document",
				  .object_id = object,
				  .outcome = verdict_name(sc->verdict),
				  .detail = detail };
	return app_audit(app, s, &ev, err);
}

int screening_run(struct app *app, const struct session *s, const struct document *doc,
		  struct screening *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_SCREEN, err) < 0)
		return -ERR_DENIED;
	out->doc = *doc;
	screening_doc_key(doc, out->doc_key, sizeof(out->doc_key));
	if (gather(app, out, err) < 0)
		return -ERR_IO;
	fold_verdict(out);
	if (audit_screening(app, s, out, err) < 0)
		return -ERR_IO;
	out->shown_ms = screening_now_ms();
	return 0;
}
