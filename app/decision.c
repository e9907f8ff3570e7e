#include "app/decision.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/shift.h"
#include "db/cases.h"
#include "app/text.h"
#include "db/pax.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

static const char *const decision_names[] = { "admit", "refuse", "refer" };

const char *decision_name(enum decision_kind k)
{
	return (unsigned)k <= DECISION_REFER ? decision_names[k] : "?";
}

/* The built-in grounds' labels, for the translation catalogue: stored in English in
 * the database, shown in the officer's language. Labels an administrator adds are
 * shown as typed. */
static const char *const builtin_labels[] = {
	N_("no valid travel document"),
	N_("false, counterfeit or forged travel document"),
	N_("no valid visa or residence permit"),
	N_("false, counterfeit or forged visa or residence permit"),
	N_("no documents justifying the purpose and conditions of stay"),
	N_("already stayed the maximum period allowed"),
	N_("not enough means of subsistence"),
	N_("alert for refusal of entry in a watchlist"),
	N_("threat to public policy, internal security or public health"),
};

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

int decision_reasons(struct app *app, struct refusal_reason *out, int max, struct error *err)
{
	int n = reason_list(app->db, 1, out, max, err);
	if (n < 0)
		return -ERR_IO;
	for (int i = 0; i < n; i++)
		for (size_t b = 0; b < sizeof(builtin_labels) / sizeof(builtin_labels[0]); b++)
			if (strcmp(out[i].label, builtin_labels[b]) == 0) {
				snprintf(out[i].label, sizeof(out[i].label), "%s",
					 _(builtin_labels[b]));
				break;
			}
	return n;
}

/* What the decision needs besides its kind; nothing is written when it fails. */
static int validate(struct app *app, const struct session *s, const struct screening *sc,
		    const struct decision *d, struct error *err)
{
	switch (d->kind) {
	case DECISION_REFUSE: {
		struct refusal_reason r;
		int found =
			blank(d->reason_code) ? 0 : reason_get(app->db, d->reason_code, &r, err);
		if (found < 0)
			return -ERR_IO;
		if (!found || !r.active)
			return error_set(err, ERR_USAGE,
					 _("choose a refusal ground from the list to refuse"));
		return 0;
	}
	case DECISION_REFER:
		if (blank(d->reason_text))
			return error_set(err, ERR_USAGE,
					 _("type why the traveller is referred to the supervisor"));
		return 0;
	case DECISION_ADMIT:
		if (sc->verdict != VERDICT_HIT)
			return 0;
		/* four eyes: an admission over a HIT needs a reason and a second person */
		if (blank(d->reason_text))
			return error_set(err, ERR_USAGE,
					 _("a HIT can only be admitted with an override reason and "
					   "a supervisor's authorisation"));
		char what[96];
		snprintf(what, sizeof(what), "override of HIT for %s %s", sc->doc.issuer,
			 sc->doc.number);
		return session_countersign(app, s, d->supervisor, d->supervisor_password,
					   PERM_AUTHORISE_OVERRIDE, what, err);
	}
	return error_set(err, ERR_USAGE, _("unknown decision"));
}

static void fill_document(struct crossing_row *c, const struct screening *sc)
{
	const struct document *d = &sc->doc;
	snprintf(c->doc_key, sizeof(c->doc_key), "%s", sc->doc_key);
	snprintf(c->doc_format, sizeof(c->doc_format), "%s", document_format_name(d->format));
	snprintf(c->doc_code, sizeof(c->doc_code), "%s", d->doc_code);
	snprintf(c->issuer, sizeof(c->issuer), "%s", d->issuer);
	snprintf(c->number, sizeof(c->number), "%s", d->number);
	snprintf(c->surname, sizeof(c->surname), "%s", d->surname);
	snprintf(c->given_names, sizeof(c->given_names), "%s", d->given_names);
	snprintf(c->nationality, sizeof(c->nationality), "%s", d->nationality);
	document_date_text(&d->birth, c->birth);
	document_date_text(&d->expiry, c->expiry);
	snprintf(c->sex, sizeof(c->sex), "%c", d->sex ? d->sex : 'X');
	static const char *const sources[] = { "wedge", "serial", "manual", "stdin", "barcode" };
	snprintf(c->source, sizeof(c->source), "%s",
		 (unsigned)d->source < sizeof(sources) / sizeof(sources[0]) ? sources[d->source]
									    : "other");
	size_t used = 0;
	for (int i = 0; i < d->lines && i < MRZ_MAX_LINES; i++)
		used += (size_t)snprintf(c->mrz + used, sizeof(c->mrz) - used, "%s%s",
					 i ? "\n" : "", d->mrz[i]);
	used = 0;
	for (int i = 0; i < d->n_checks; i++)
		if (d->checks[i].status == CHECK_FAIL && used < sizeof(c->checks_failed))
			used += (size_t)snprintf(
				c->checks_failed + used, sizeof(c->checks_failed) - used, "%s%s",
				used ? "," : "", document_check_name(d->checks[i].id));
}

static void fill_screening(struct crossing_row *c, const struct screening *sc)
{
	snprintf(c->verdict, sizeof(c->verdict), "%s", verdict_name(sc->verdict));
	for (int i = 0; i < sc->matches.n && i < CROSSING_MAX_HITS; i++) {
		const struct match *m = &sc->matches.m[i];
		struct crossing_hit *h = &c->hits[c->n_hits++];
		h->entry_id = m->entry_id;
		snprintf(h->source_code, sizeof(h->source_code), "%s", m->source_code);
		snprintf(h->ref, sizeof(h->ref), "%s", m->ref);
		snprintf(h->band, sizeof(h->band), "%s", match_band_name(m->band));
		snprintf(h->action, sizeof(h->action), "%s", m->action);
		snprintf(h->listed_name, sizeof(h->listed_name), "%s", m->listed_name);
		snprintf(h->explanation, sizeof(h->explanation), "%s", m->explanation);
		h->score = m->score;
	}
	for (int i = 0; i < sc->n_lists && i < CROSSING_MAX_LISTS; i++) {
		struct crossing_list *l = &c->lists[c->n_lists++];
		snprintf(l->source_code, sizeof(l->source_code), "%s", sc->lists[i].code);
		snprintf(l->version, sizeof(l->version), "%s", sc->lists[i].version);
		snprintf(l->updated_at, sizeof(l->updated_at), "%s", sc->lists[i].updated_at);
	}
	if (sc->chip.read) {
		snprintf(c->chip_verdict, sizeof(c->chip_verdict), "%s", sc->chip.verdict);
		snprintf(c->chip_detail, sizeof(c->chip_detail), "%s", sc->chip.detail);
	}
	c->n_barcodes = sc->n_barcodes;
	memcpy(c->barcodes, sc->barcodes, (size_t)sc->n_barcodes * sizeof(c->barcodes[0]));
}

static void fill_decision(struct crossing_row *c, const struct shift_row *sh,
			  const struct session *s, const struct screening *sc,
			  const struct decision *d)
{
	c->shift_id = sh->id;
	snprintf(c->officer, sizeof(c->officer), "%s", s->username);
	snprintf(c->direction, sizeof(c->direction), "%s", sh->direction);
	snprintf(c->lane, sizeof(c->lane), "%s", sh->lane);
	clock_utc_iso(c->decided_at, sizeof(c->decided_at));
	long elapsed =
		d->elapsed_ms >= 0 ? d->elapsed_ms : (long)(screening_now_ms() - sc->shown_ms);
	c->elapsed_ms = elapsed < 0 ? 0 : elapsed;
	snprintf(c->decision, sizeof(c->decision), "%s", decision_name(d->kind));
	if (d->kind == DECISION_REFUSE)
		snprintf(c->reason_code, sizeof(c->reason_code), "%s", d->reason_code);
	int override = d->kind == DECISION_ADMIT && sc->verdict == VERDICT_HIT;
	if (override) {
		snprintf(c->override_by, sizeof(c->override_by), "%s", d->supervisor);
		snprintf(c->override_reason, sizeof(c->override_reason), "%s", d->reason_text);
	} else if (d->reason_text) {
		snprintf(c->reason_text, sizeof(c->reason_text), "%s", d->reason_text);
	}
}

static int audit_decision(struct app *app, const struct session *s, const struct crossing_row *c,
			  int64_t case_id, struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	char object[24], detail[512];
	snprintf(object, sizeof(object), "%lld", (long long)c->id);
	int n = snprintf(detail, sizeof(detail), "%s %s %s; verdict %s; %d hits shown; %ld ms",
			 c->direction, c->issuer, c->number, c->verdict, c->n_hits, c->elapsed_ms);
	if (c->reason_code[0] && n > 0 && (size_t)n < sizeof(detail))
		n += snprintf(detail + n, sizeof(detail) - (size_t)n, "; ground %s",
			      c->reason_code);
	if (c->chip_verdict[0] && n > 0 && (size_t)n < sizeof(detail))
		n += snprintf(detail + n, sizeof(detail) - (size_t)n, "; chip %s", c->chip_verdict);
	for (int i = 0; i < c->n_barcodes && n > 0 && (size_t)n < sizeof(detail); i++)
		n += snprintf(detail + n, sizeof(detail) - (size_t)n, "; barcode %s %s",
			      c->barcodes[i].kind, c->barcodes[i].verdict);
	if (case_id && n > 0 && (size_t)n < sizeof(detail))
		snprintf(detail + n, sizeof(detail) - (size_t)n, "; case %lld", (long long)case_id);
	struct audit_event ev = { .action = "decision",
				  .object_type = "crossing",
				  .object_id = object,
				  .outcome = c->decision,
				  .detail = detail };
	if (audit_append(app->db, &who, &ev, err) < 0)
		return -ERR_IO;
	if (!c->override_by[0])
		return 0;
	snprintf(detail, sizeof(detail), "authorised by %s: %s", c->override_by,
		 c->override_reason);
	struct audit_event ov = { .action = "override",
				  .object_type = "crossing",
				  .object_id = object,
				  .outcome = "ok",
				  .detail = detail };
	return audit_append(app->db, &who, &ov, err);
}

/* The one transaction: crossing, hits, lists, case, audit rows. */
static int store(struct app *app, const struct session *s, struct crossing_row *c,
		 const struct screening_manifest *manifest, struct error *err)
{
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	int64_t case_id = 0;
	const char *kind = strcmp(c->decision, "refer") == 0 ? "referral"
			   : c->override_by[0]               ? "override"
							     : NULL;
	if (crossing_insert(app->db, c, err) < 0 ||
	    (manifest->manifest_id &&
	     pax_crossing_link_insert(app->db, c->id, manifest->manifest_id, manifest->traveller_id,
				      manifest->matched_by, err) < 0) ||
	    (kind && case_insert(app->db, c->id, kind, c->decided_at, &case_id, err) < 0) ||
	    audit_decision(app, s, c, case_id, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

int decision_record(struct app *app, const struct session *s, const struct screening *sc,
		    const struct decision *d, int64_t *crossing_id, struct error *err)
{
	if (session_require(app, s, PERM_DECIDE, err) < 0)
		return -ERR_DENIED;
	struct shift_row sh;
	int open = shift_current(app, s, &sh, err);
	if (open < 0)
		return -ERR_IO;
	if (!open)
		return error_set(err, ERR_USAGE,
				 _("no shift is open: log out and in again to open one"));
	int rc = validate(app, s, sc, d, err);
	if (rc < 0)
		return rc;
	struct crossing_row *c = calloc(1, sizeof(*c));
	if (!c)
		return error_set(err, ERR_IO, _("out of memory"));
	fill_document(c, sc);
	fill_screening(c, sc);
	fill_decision(c, &sh, s, sc, d);
	rc = store(app, s, c, &sc->manifest, err);
	if (rc == 0 && crossing_id)
		*crossing_id = c->id;
	free(c);
	return rc;
}

static int audit_reason(struct app *app, const struct session *s, const char *action,
			const char *code, const char *label, struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	struct audit_event ev = { .action = action,
				  .object_type = "refusal_reason",
				  .object_id = code,
				  .outcome = "ok",
				  .detail = label };
	return audit_append(app->db, &who, &ev, err);
}

int decision_reason_put(struct app *app, const struct session *s, const char *code,
			const char *label, struct error *err)
{
	if (session_require(app, s, PERM_MANAGE_REASONS, err) < 0)
		return -ERR_DENIED;
	size_t n = code ? strlen(code) : 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)code[i]) && code[i] != '-' && code[i] != '.')
			n = 0;
	if (n == 0 || n > 15)
		return error_set(err, ERR_USAGE,
				 _("refusal code '%s' is not valid: use up to 15 letters, digits, "
				   "'-' or '.'"),
				 code ? code : "");
	if (blank(label) || text_chars(label) > 150)
		return error_set(err, ERR_USAGE,
				 _("give the refusal ground a label of 1-150 "
				   "characters"));
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (reason_put(app->db, code, label, err) < 0 ||
	    audit_reason(app, s, "reason.put", code, label, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

int decision_reason_retire(struct app *app, const struct session *s, const char *code,
			   struct error *err)
{
	if (session_require(app, s, PERM_MANAGE_REASONS, err) < 0)
		return -ERR_DENIED;
	struct refusal_reason r;
	int found = reason_get(app->db, code ? code : "", &r, err);
	if (found < 0)
		return -ERR_IO;
	if (!found)
		return error_set(err, ERR_USAGE, _("there is no refusal code '%s'"),
				 code ? code : "");
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (reason_retire(app->db, code, err) < 0 ||
	    audit_reason(app, s, "reason.retire", code, r.label, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}
