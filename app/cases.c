/* The supervisor's desk. Every look at a case is audited (it shows a traveller's
 * personal data and watchlist hits), and every change is audited in its own
 * transaction. A resolution is added to the case; the crossing's decision is never
 * touched (the crossings table refuses updates). */
#include "app/cases.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/text.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

enum { REASON_CHARS = 120 };

/* Text with the spaces at either end left off, into out; 0 when nothing is left. */
static size_t trimmed(const char *in, char *out, size_t len)
{
	if (!in)
		in = "";
	while (*in == ' ' || *in == '\t')
		in++;
	snprintf(out, len, "%s", in);
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
	return n;
}

static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static void id_text(int64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64, id);
}

int cases_queue(struct app *app, const struct session *s, struct case_row *out, int max,
		struct error *err)
{
	if (session_require(app, s, PERM_REVIEW_CASES, err) < 0)
		return -ERR_DENIED;
	int n = case_queue(app->db, out, max, err);
	if (n < 0)
		return n;
	char detail[48];
	snprintf(detail, sizeof(detail), "%d open", n);
	struct audit_event ev = { .action = "case.queue",
				  .object_type = "case",
				  .object_id = "queue",
				  .outcome = "ok",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	return n;
}

static int no_case(int64_t id, struct error *err)
{
	return error_set(err, ERR_USAGE, _("there is no case %" PRId64 "; pick one from the queue"),
			 id);
}

/* Reads everything about the case in one snapshot. */
static int gather(struct app *app, int64_t id, struct case_detail *out, struct error *err)
{
	struct case_row c;
	int found = case_get(app->db, id, &c, err);
	if (found <= 0)
		return found;
	out->c = c;
	found = crossing_get(app->db, c.crossing_id, &out->crossing, err);
	if (found <= 0)
		return found < 0 ? found : no_case(id, err);
	/* the document's other crossings: one more than shown, since this one is among them */
	struct crossing_brief hist[CASE_HISTORY_MAX + 1];
	int n = crossing_history(app->db, out->crossing.doc_key, hist, CASE_HISTORY_MAX + 1, err);
	if (n < 0)
		return n;
	for (int i = 0; i < n && out->n_history < CASE_HISTORY_MAX; i++)
		if (hist[i].id != c.crossing_id)
			out->history[out->n_history++] = hist[i];
	n = case_notes(app->db, id, out->notes, CASE_NOTES_MAX, err);
	if (n < 0)
		return n;
	out->n_notes = n;
	struct case_audit_row rows[CASE_AUDIT_MAX];
	n = case_audit(app->db, id, c.crossing_id, rows, CASE_AUDIT_MAX, err);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		struct case_audit_line *l = &out->audit[i];
		l->seq = rows[i].seq;
		snprintf(l->ts_utc, sizeof(l->ts_utc), "%s", rows[i].ts_utc);
		snprintf(l->officer, sizeof(l->officer), "%s", rows[i].officer);
		snprintf(l->action, sizeof(l->action), "%s", rows[i].action);
		snprintf(l->outcome, sizeof(l->outcome), "%s", rows[i].outcome);
		snprintf(l->detail, sizeof(l->detail), "%s", rows[i].detail);
	}
	out->n_audit = n;
	return 1;
}

int cases_open(struct app *app, const struct session *s, int64_t id, struct case_detail *out,
	       struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_REVIEW_CASES, err) < 0)
		return -ERR_DENIED;
	char oid[24];
	id_text(id, oid, sizeof(oid));
	/* recorded before the reading, so the view is in the trail it shows */
	struct audit_event ev = {
		.action = "case.view", .object_type = "case", .object_id = oid, .outcome = "ok"
	};
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	if (db_begin_read(app->db, err) < 0)
		return -ERR_IO;
	int rc = gather(app, id, out, err);
	if (rc < 0) {
		db_rollback(app->db);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	return rc;
}

/* Appends the change's audit row and commits, or rolls everything back. */
static int audit_commit(struct app *app, const struct session *s, const struct audit_event *ev,
			struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	if (audit_append(app->db, &who, ev, err) < 0 || db_commit(app->db, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return 0;
}

int cases_add_note(struct app *app, const struct session *s, int64_t id, const char *text,
		   struct error *err)
{
	if (session_require(app, s, PERM_REVIEW_CASES, err) < 0)
		return -ERR_DENIED;
	char note[sizeof(((struct case_note *)0)->text) + 1];
	if (trimmed(text, note, sizeof(note)) == 0)
		return error_set(err, ERR_USAGE, _("the note is empty; type what you found"));
	if (text_chars(note) > CASE_NOTE_CHARS || strlen(text ? text : "") >= sizeof(note))
		return error_set(err, ERR_USAGE,
				 _("the note is too long; keep it under %d characters"),
				 CASE_NOTE_CHARS);
	if (has_control(note))
		return error_set(err, ERR_USAGE,
				 _("the note has a line break or control character; write it "
				   "on one line"));
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	struct case_row c;
	int found = case_get(app->db, id, &c, err);
	if (found <= 0) {
		db_rollback(app->db);
		return found < 0 ? found : no_case(id, err);
	}
	char now[32], oid[24], detail[48];
	clock_utc_iso(now, sizeof(now));
	id_text(id, oid, sizeof(oid));
	/* the note itself is in case_notes; the trail says that one was added and how long */
	snprintf(detail, sizeof(detail), "%zu characters", text_chars(note));
	if (case_note_add(app->db, id, s->username, now, note, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	struct audit_event ev = { .action = "case.note",
				  .object_type = "case",
				  .object_id = oid,
				  .outcome = "ok",
				  .detail = detail };
	return audit_commit(app, s, &ev, err);
}

/* Checks what can be checked before the transaction: the words, the ground. */
static int check_resolution(struct app *app, const char *resolution, const char *code,
			    const char *reason, char *why, size_t whylen, struct error *err)
{
	int refuse = resolution && strcmp(resolution, "refuse") == 0;
	if (!refuse && !(resolution && strcmp(resolution, "admit") == 0))
		return error_set(err, ERR_USAGE, _("say how the case ends: admit or refuse"));
	if (trimmed(reason, why, whylen) == 0)
		return error_set(err, ERR_USAGE,
				 _("a resolution needs a reason; type why the traveller is "
				   "admitted or refused"));
	if (text_chars(why) > REASON_CHARS || strlen(reason) >= whylen)
		return error_set(err, ERR_USAGE,
				 _("the reason is too long; keep it under %d characters"),
				 REASON_CHARS);
	if (has_control(why))
		return error_set(err, ERR_USAGE,
				 _("the reason has a line break or control character; write it "
				   "on one line"));
	if (!refuse)
		return 0;
	struct refusal_reason rr;
	int found = code && *code ? reason_get(app->db, code, &rr, err) : 0;
	if (found < 0)
		return found;
	if (!found || !rr.active)
		return error_set(err, ERR_USAGE,
				 _("'%s' is not an active refusal ground; pick one from the list"),
				 code ? code : "");
	return 0;
}

/* A repeat is refused and the refusal audited; the first resolution stands. */
static int already_closed(struct app *app, const struct session *s, const struct case_row *c,
			  const char *oid, struct error *err)
{
	app_audit_refusal(app, s, "case.resolve", "case", oid, "refused", "already closed");
	return error_set(err, ERR_FINDING,
			 _("case %" PRId64 " was already resolved (%s by '%s' at %s); the first "
			   "resolution stands"),
			 c->id, c->resolution, c->resolved_by, c->resolved_at);
}

int cases_resolve(struct app *app, const struct session *s, int64_t id, const char *resolution,
		  const char *code, const char *reason, struct error *err)
{
	if (session_require(app, s, PERM_REVIEW_CASES, err) < 0)
		return -ERR_DENIED;
	char why[sizeof(((struct case_row *)0)->resolution_reason)];
	int rc = check_resolution(app, resolution, code, reason, why, sizeof(why), err);
	if (rc < 0)
		return rc;
	int refuse = strcmp(resolution, "refuse") == 0;
	char oid[24], now[32];
	id_text(id, oid, sizeof(oid));
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	struct case_row c;
	int found = case_get(app->db, id, &c, err);
	if (found <= 0) {
		db_rollback(app->db);
		return found < 0 ? found : no_case(id, err);
	}
	if (strcmp(c.status, "open") != 0) {
		db_rollback(app->db);
		return already_closed(app, s, &c, oid, err);
	}
	/* four eyes: whoever decided the crossing, or authorised its override, does not
	 * review it */
	if (strcmp(c.officer, s->username) == 0 || strcasecmp(c.override_by, s->username) == 0) {
		db_rollback(app->db);
		app_audit_refusal(app, s, "case.resolve", "case", oid, "denied",
				  c.override_by[0] ? "own decision or authorisation"
						   : "own decision");
		return error_set(err, ERR_DENIED,
				 _("case %" PRId64 " is about your own decision or authorisation; "
				   "another supervisor must resolve it"),
				 id);
	}
	clock_utc_iso(now, sizeof(now));
	const char *ground = refuse ? code : "";
	rc = case_resolve(app->db, id, resolution, ground, why, s->username, now, err);
	if (rc < 0) {
		db_rollback(app->db);
		return rc;
	}
	char detail[320];
	snprintf(detail, sizeof(detail), "%s%s%s: %s", resolution, refuse ? " " : "", ground, why);
	struct audit_event ev = { .action = "case.resolve",
				  .object_type = "case",
				  .object_id = oid,
				  .outcome = "ok",
				  .detail = detail };
	return audit_commit(app, s, &ev, err);
}

void cases_age(const char *opened_at, time_t now, char *buf, size_t len)
{
	time_t t;
	if (!opened_at || clock_parse_iso(opened_at, &t) < 0) {
		snprintf(buf, len, "?");
		return;
	}
	long m = now > t ? (long)((now - t) / 60) : 0;
	if (m < 60)
		/* TRANSLATORS: an age in minutes on the queue line; keep it short */
		snprintf(buf, len, _("%ldm"), m);
	else if (m < 24 * 60)
		/* TRANSLATORS: an age in hours and minutes, e.g. "2h 05m"; keep it short */
		snprintf(buf, len, _("%ldh %02ldm"), m / 60, m % 60);
	else
		/* TRANSLATORS: an age in days and hours, e.g. "3d 04h"; keep it short */
		snprintf(buf, len, _("%ldd %02ldh"), m / (24 * 60), m / 60 % 24);
}
