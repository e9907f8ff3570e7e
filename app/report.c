/* The shift report: gathered under the role's scope, audited, and written as text (for
 * the screen and paper) or CSV (for tools). */
#include "app/report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/text.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

/* Supervisors see every shift; an officer only their own; nobody else any (trainers
 * and administrators never see live travellers). */
static int scope(struct app *app, const struct session *s, int *all, struct error *err)
{
	*all = 0;
	if (s && role_allows(s->role, PERM_VIEW_REPORTS)) {
		*all = 1;
		return 0;
	}
	if (s && role_allows(s->role, PERM_DECIDE) && role_allows(s->role, PERM_VIEW_OWN_ACTIVITY))
		return 0;
	return session_require(app, s, PERM_VIEW_REPORTS, err) < 0 ? -ERR_DENIED : 0;
}

static int deny_other(struct app *app, const struct session *s, int64_t id, struct error *err)
{
	char oid[24];
	snprintf(oid, sizeof(oid), "%" PRId64, id);
	app_audit_refusal(app, s, "access.denied", "shift", oid, "denied",
			  "report of another officer's shift");
	return error_set(err, ERR_DENIED,
			 _("shift %" PRId64 " is another officer's; you may see only your own "
			   "shifts' reports, ask a supervisor for this one"),
			 id);
}

/* The chain head at the close of the last shift to close, or now when any is open. */
static int chain_head(struct app *app, struct report *r, struct error *err)
{
	const struct shift_row *last = NULL;
	int open = r->n_shifts == 0;
	for (int i = 0; i < r->n_shifts; i++) {
		const struct shift_row *sh = &r->shifts[i];
		if (!sh->closed_at[0] || !sh->head_hash[0])
			open = 1;
		else if (!last || strcmp(sh->closed_at, last->closed_at) > 0)
			last = sh;
	}
	if (!open && last) {
		r->head_at_close = 1;
		r->head_seq = last->head_seq;
		snprintf(r->head_hash, sizeof(r->head_hash), "%s", last->head_hash);
		return 0;
	}
	r->head_at_close = 0;
	return audit_head_get(app->db, &r->head_seq, r->head_hash, err);
}

static int gather(struct app *app, const struct session *s, int all, int64_t shift_id,
		  const char *day, struct report *out, struct error *err)
{
	if (shift_id > 0) {
		int found = shift_get(app->db, shift_id, &out->shifts[0], err);
		if (found < 0)
			return found;
		if (!found)
			return error_set(err, ERR_USAGE,
					 _("there is no shift %" PRId64 "; check the number"),
					 shift_id);
		if (!all && out->shifts[0].officer_id != s->officer_id)
			return deny_other(app, s, shift_id, err);
		out->n_shifts = 1;
	} else {
		int n = shift_list_day(app->db, day, all ? 0 : s->officer_id, out->shifts,
				       REPORT_MAX_SHIFTS, err);
		if (n < 0)
			return n;
		out->n_shifts = n;
		snprintf(out->title_day, sizeof(out->title_day), "%s", day);
	}
	int64_t ids[REPORT_MAX_SHIFTS];
	for (int i = 0; i < out->n_shifts; i++)
		ids[i] = out->shifts[i].id;
	if (shift_figures(app->db, ids, out->n_shifts, &out->f, err) < 0)
		return -ERR_IO;
	return chain_head(app, out, err);
}

int report_shift(struct app *app, const struct session *s, int64_t shift_id, const char *day,
		 struct report *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	time_t t;
	if (shift_id <= 0 && (!day || strlen(day) != 10 || clock_parse_iso(day, &t) < 0))
		return error_set(err, ERR_USAGE, _("'%s' is not a day; use YYYY-MM-DD"),
				 day ? day : "");
	int all;
	if (scope(app, s, &all, err) < 0)
		return -ERR_DENIED;
	snprintf(out->post, sizeof(out->post), "%s", app->post);
	snprintf(out->workstation, sizeof(out->workstation), "%s", app->workstation);
	int rc = gather(app, s, all, shift_id, day, out, err);
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	char oid[24], detail[64];
	if (shift_id > 0)
		snprintf(oid, sizeof(oid), "%" PRId64, shift_id);
	else
		snprintf(oid, sizeof(oid), "%s", day);
	snprintf(detail, sizeof(detail), "%d shifts, %s", out->n_shifts,
		 all ? "every officer" : "own");
	struct audit_event ev = { .action = "report.shift",
				  .object_type = shift_id > 0 ? "shift" : "day",
				  .object_id = oid,
				  .outcome = "ok",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0) {
		memset(out, 0, sizeof(*out));
		return -ERR_IO;
	}
	return 0;
}

int report_current(struct app *app, const struct session *s, struct report *out, struct error *err)
{
	struct shift_row open;
	int found = s ? shift_find_open(app->db, s->officer_id, &open, err) : 0;
	if (found < 0)
		return found;
	if (found)
		return report_shift(app, s, open.id, NULL, out, err);
	char now[32], day[11];
	clock_utc_iso(now, sizeof(now));
	snprintf(day, sizeof(day), "%.10s", now);
	return report_shift(app, s, 0, day, out, err);
}

void report_day(const char *day, int delta, char out[11])
{
	time_t t;
	if (!day || !*day || clock_parse_iso(day, &t) < 0)
		t = time(NULL);
	t += (time_t)delta * 24 * 60 * 60;
	struct tm tm;
	gmtime_r(&t, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

/* --- text ------------------------------------------------------------------------- */

enum { TEXT_WIDTH = 79 };

static int push(struct report_lines *l, const char *text)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		char **grown = realloc(l->line, (size_t)cap * sizeof(*grown));
		if (!grown)
			return -1;
		l->line = grown;
		l->cap = cap;
	}
	char *copy = strdup(text);
	if (!copy)
		return -1;
	l->line[l->n++] = copy;
	return 0;
}

/* Appends a line indented by indent, wrapped at spaces to TEXT_WIDTH characters (UTF-8
 * counted as characters), continuation lines indented two more. */
static void __attribute__((format(printf, 4, 5)))
add(struct report_lines *l, int *failed, int indent, const char *fmt, ...)
{
	char text[1024], line[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (char *c = text; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' '; /* stored text on one line, whatever it holds */
	const char *p = text;
	int first = 1;
	do {
		int lead = first ? indent : indent + 2;
		const char *next;
		size_t n = text_wrap(p, TEXT_WIDTH - lead, &next);
		snprintf(line, sizeof(line), "%*s%.*s", lead, "", (int)n, p);
		if (push(l, line) < 0)
			*failed = 1;
		p = next;
		first = 0;
	} while (*p);
}

static const char *seconds(long ms, char *buf, size_t len)
{
	long tenths = (ms + 50) / 100;
	/* TRANSLATORS: a duration in seconds with one decimal, e.g. "45.2 s" */
	snprintf(buf, len, _("%ld.%ld s"), tenths / 10, tenths % 10);
	return buf;
}

static void shifts_text(const struct report *r, struct report_lines *l, int *failed)
{
	if (r->n_shifts == 0)
		add(l, failed, 0, "%s", _("Shifts: none opened that day"));
	else
		add(l, failed, 0, "%s", _("Shifts:"));
	for (int i = 0; i < r->n_shifts; i++) {
		const struct shift_row *sh = &r->shifts[i];
		char a[24], b[24];
		add(l, failed, 2, _("#%" PRId64 " officer '%s', %s, lane %s"), sh->id, sh->officer,
		    strcmp(sh->direction, "exit") == 0 ? _("exit") : _("entry"), sh->lane);
		if (sh->closed_at[0])
			add(l, failed, 4, _("opened %s UTC, closed %s UTC (%s)"),
			    text_minute(sh->opened_at, a, sizeof(a)),
			    text_minute(sh->closed_at, b, sizeof(b)), sh->close_reason);
		else
			add(l, failed, 4, _("opened %s UTC, still open"),
			    text_minute(sh->opened_at, a, sizeof(a)));
	}
}

static void figures_text(const struct shift_figures *f, struct report_lines *l, int *failed)
{
	add(l, failed, 0, _("Travellers: %d (entry %d, exit %d)"), f->travellers, f->entries,
	    f->exits);
	add(l, failed, 0, _("Decisions: admitted %d, refused %d, referred %d"), f->admitted,
	    f->refused, f->referred);
	add(l, failed, 0, _("Hits: %d"), f->hits);
	add(l, failed, 0, _("Possible matches: %d"), f->possibles);
	add(l, failed, 0, "%s",
	    f->n_reasons ? _("Refusals by ground:") : _("Refusals by ground: none"));
	for (int i = 0; i < f->n_reasons; i++)
		add(l, failed, 2, "%-4s %d", f->refusals[i].code, f->refusals[i].n);
	add(l, failed, 0, _("Referrals: open %d, closed %d"), f->referrals_open,
	    f->referrals_closed);
	add(l, failed, 0, _("Overrides: %d"), f->overrides_total);
	for (int i = 0; i < f->n_overrides; i++) {
		const struct shift_override *o = &f->overrides[i];
		char a[24];
		add(l, failed, 2, _("%s UTC, crossing %" PRId64 ", officer '%s'"),
		    text_minute(o->decided_at, a, sizeof(a)), o->crossing_id, o->officer);
		add(l, failed, 4, _("authorised by '%s'"), o->authorised_by);
		add(l, failed, 4, _("traveller: %s"), o->traveller);
		add(l, failed, 4, _("reason: %s"), o->reason);
	}
	if (f->overrides_total > f->n_overrides)
		add(l, failed, 2, _("and %d more; see the audit trail"),
		    f->overrides_total - f->n_overrides);
	char mean[32], p95[32];
	add(l, failed, 0, _("Time per traveller: mean %s, 95th percentile %s"),
	    seconds(f->mean_ms, mean, sizeof(mean)), seconds(f->p95_ms, p95, sizeof(p95)));
}

int report_text_lines(const struct report *r, struct report_lines *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	int failed = 0;
	add(out, &failed, 0, "%s", _("SHIFT REPORT"));
	add(out, &failed, 0, _("Post: %s, workstation: %s"), r->post, r->workstation);
	if (r->title_day[0])
		add(out, &failed, 0, _("Day: %s (UTC)"), r->title_day);
	add(out, &failed, 0, "%s", "");
	shifts_text(r, out, &failed);
	add(out, &failed, 0, "%s", "");
	figures_text(&r->f, out, &failed);
	add(out, &failed, 0, "%s", "");
	if (r->head_at_close)
		add(out, &failed, 0, _("Audit chain head at shift close: row %" PRId64),
		    r->head_seq);
	else if (r->n_shifts > 0)
		add(out, &failed, 0, _("Audit chain head now, shift still open: row %" PRId64),
		    r->head_seq);
	else
		add(out, &failed, 0, _("Audit chain head now: row %" PRId64), r->head_seq);
	add(out, &failed, 2, "%s", r->head_hash[0] ? r->head_hash : "-");
	add(out, &failed, 0, "%s", "");
	add(out, &failed, 0, "%s",
	    _("Countersigned (name, signature): ____________________  Date: __________"));
	if (failed) {
		report_lines_free(out);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	return 0;
}

void report_lines_free(struct report_lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

void report_print_text(const struct report *r, FILE *out)
{
	struct report_lines l;
	struct error err;
	if (report_text_lines(r, &l, &err) < 0) {
		fprintf(out, "%s\n", err.msg);
		return;
	}
	for (int i = 0; i < l.n; i++)
		fprintf(out, "%s\n", l.line[i]);
	report_lines_free(&l);
}

/* --- CSV -------------------------------------------------------------------------- */

static void row(FILE *out, const char *metric, const char *key, const char *value)
{
	text_csv_field(out, metric, 0);
	text_csv_field(out, key, 0);
	text_csv_field(out, value, 1);
}

static void row_int(FILE *out, const char *metric, const char *key, long long v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", v);
	row(out, metric, key, buf);
}

static void overrides_csv(const struct shift_figures *f, FILE *out)
{
	row_int(out, "overrides", "", f->overrides_total);
	for (int i = 0; i < f->n_overrides; i++) {
		const struct shift_override *o = &f->overrides[i];
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, o->crossing_id);
		row(out, "override_decided_at", id, o->decided_at);
		row(out, "override_officer", id, o->officer);
		row(out, "override_authorised_by", id, o->authorised_by);
		row(out, "override_traveller", id, o->traveller);
		row(out, "override_reason", id, o->reason);
	}
}

void report_print_csv(const struct report *r, FILE *out)
{
	const struct shift_figures *f = &r->f;
	fputs("metric,key,value\r\n", out);
	row(out, "post", "", r->post);
	row(out, "workstation", "", r->workstation);
	if (r->title_day[0])
		row(out, "day", "", r->title_day);
	for (int i = 0; i < r->n_shifts; i++) {
		const struct shift_row *sh = &r->shifts[i];
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, sh->id);
		row(out, "shift_officer", id, sh->officer);
		row(out, "shift_direction", id, sh->direction);
		row(out, "shift_lane", id, sh->lane);
		row(out, "shift_opened_at", id, sh->opened_at);
		row(out, "shift_closed_at", id, sh->closed_at);
		row(out, "shift_close_reason", id, sh->close_reason);
	}
	row_int(out, "travellers", "", f->travellers);
	row_int(out, "travellers", "entry", f->entries);
	row_int(out, "travellers", "exit", f->exits);
	row_int(out, "decisions", "admit", f->admitted);
	row_int(out, "decisions", "refuse", f->refused);
	row_int(out, "decisions", "refer", f->referred);
	row_int(out, "hits", "", f->hits);
	row_int(out, "possibles", "", f->possibles);
	for (int i = 0; i < f->n_reasons; i++)
		row_int(out, "refusals", f->refusals[i].code, f->refusals[i].n);
	row_int(out, "referrals", "open", f->referrals_open);
	row_int(out, "referrals", "closed", f->referrals_closed);
	overrides_csv(f, out);
	row_int(out, "time_ms", "mean", f->mean_ms);
	row_int(out, "time_ms", "p95", f->p95_ms);
	row_int(out, "audit_head", "seq", r->head_seq);
	row(out, "audit_head", "hash", r->head_hash);
	row(out, "audit_head", "at", r->head_at_close ? "close" : "now");
}
