/* Vehicles and manifests: the passenger and crew lists carriers sent ahead, screened
 * before arrival (app/pax.h). The list shows each vehicle with its expected arrival,
 * its counts and its hits; a manifest shows its travellers, hits first, and for the
 * supervisor who never crossed and who crossed without being on it. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lang.h"
#include "app/pax.h"
#include "app/text.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { LINE_WIDTH = 78 };

static int is_enter(wint_t ch, int is_key)
{
	return (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);
}

/* "22.11 14:30" from the carrier's "2026-11-22T14:30" (local at the place); "?" */
static const char *when_text(const char *at, char *buf, size_t len)
{
	if (!at[0]) {
		snprintf(buf, len, "?");
		return buf;
	}
	char day[16];
	int month = 0, mday = 0;
	if (strlen(at) >= 10)
		sscanf(at + 5, "%2d-%2d", &month, &mday);
	snprintf(buf, len, "%s %.5s", lang_day_month(month, mday, day, sizeof(day)),
		 strlen(at) >= 16 ? at + 11 : "");
	return buf;
}

/* ---- every vehicle ------------------------------------------------------------------- */

struct vehicles {
	struct pax_manifest_row *rows;
	size_t n;
	int selected, top;
};

static int vehicles_open(struct ui *ui)
{
	struct vehicles *v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	ui->state = v;
	struct error err;
	error_clear(&err);
	if (pax_list(ui->app, &ui->session, &v->rows, &v->n, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	/* back from a manifest: on the same vehicle, so A marks the one just looked at */
	for (size_t i = 0; i < v->n; i++)
		if (v->rows[i].id == ui->manifest_id) {
			v->selected = (int)i;
			int visible = LINES - 9 > 1 ? LINES - 9 : 1;
			v->top = v->selected >= visible ? v->selected - visible + 1 : 0;
		}
	return 0;
}

static void vehicles_close(struct ui *ui)
{
	struct vehicles *v = ui->state;
	if (v) {
		free(v->rows);
		free(v);
	}
}

static void vehicles_draw(struct ui *ui, const struct area *a)
{
	struct vehicles *v = ui->state;
	put_rule(a->top, a, _("Vehicles and manifests"));
	const int cols[] = { 1, 14, 37, 56, 62, 68 };
	/* TRANSLATORS: column heads of the manifests list */
	const char *heads[] = { _("Arrives"), _("Vehicle"), _("Route"),
				_("Pax"),     _("Hits"),    _("Check") };
	for (int i = 0; i < 6; i++)
		put_text(a->top + 1, a->left + cols[i],
			 (i < 5 ? cols[i + 1] - cols[i] : a->cols - cols[i]) - 1, theme(TH_TITLE),
			 heads[i]);
	int rows = a->rows - 3;
	if (v->n == 0)
		put_text(a->top + 2, a->left + 1, a->cols - 2, theme(TH_DIM),
			 _("No manifest yet: 'shekara import paxlst FILE' brings one in"));
	for (int i = 0; i < rows && (size_t)(v->top + i) < v->n; i++) {
		const struct pax_manifest_row *m = &v->rows[v->top + i];
		int y = a->top + 2 + i, sel = v->top + i == v->selected;
		attr_t attr = sel       ? theme(TH_SELECTED)
			      : m->hits ? theme(TH_ERROR)
					: theme(TH_NORMAL);
		if (sel)
			put_fill(y, a->left, a->cols, attr);
		char when[32], route[96], pax[16], hits[16], checks[16];
		snprintf(route, sizeof(route), "%s → %s", m->departure[0] ? m->departure : "?",
			 m->arrival[0] ? m->arrival : "?");
		snprintf(pax, sizeof(pax), "%d%s", m->travellers,
			 strcmp(m->list_kind, "crew") == 0 ? "c" : "");
		snprintf(hits, sizeof(hits), "%d", m->hits);
		snprintf(checks, sizeof(checks), "%d%s", m->checks,
			 ui->app->pax_current == m->id ? " ◀" : "");
		const char *cells[] = { when_text(m->arrives_at, when, sizeof(when)),
					m->vehicle,
					route,
					pax,
					hits,
					checks };
		for (int c = 0; c < 6; c++)
			put_cell(y, a->left + cols[c],
				 (c < 5 ? cols[c + 1] - cols[c] : a->cols - cols[c]) - 1, attr,
				 cells[c]);
	}
	if (ui->app->pax_current) {
		for (size_t i = 0; i < v->n; i++)
			if (v->rows[i].id == ui->app->pax_current) {
				char line[200];
				/* TRANSLATORS: the vehicle whose travellers the booth is checking
				 */
				snprintf(line, sizeof(line), _("At the booth now: %s"),
					 v->rows[i].vehicle);
				put_text(a->top + a->rows - 1, a->left + 1, a->cols - 2,
					 theme(TH_OK), line);
			}
	}
}

static enum ui_result vehicles_key(struct ui *ui, wint_t ch, int is_key)
{
	struct vehicles *v = ui->state;
	if (list_key(&v->selected, &v->top, (int)v->n, LINES - 9 > 1 ? LINES - 9 : 1, ch, is_key)) {
		ui->manifest_id = v->n ? v->rows[v->selected].id : 0;
		return UI_HANDLED;
	}
	if (is_enter(ch, is_key) && v->n) {
		ui->manifest_id = v->rows[v->selected].id;
		ui_goto(ui, &manifest_screen);
		return UI_NEXT;
	}
	if (!is_key && (ch == 'a' || ch == 'A') && v->n) {
		/* the vehicle is here: its travellers come to the booth now */
		struct error err;
		error_clear(&err);
		const struct pax_manifest_row *m = &v->rows[v->selected];
		if (pax_arrive(ui->app, &ui->session, m->id, &err) < 0) {
			ui_message(ui, 1, "%s", err.msg);
			return UI_HANDLED;
		}
		ui->app->pax_current = m->id;
		ui_message(ui, 0,
			   _("%s has arrived: travellers scanned now who are not on its "
			     "manifest are listed for the supervisor"),
			   m->vehicle);
		return UI_HANDLED;
	}
	if (!is_key && (ch == 'd' || ch == 'D')) {
		ui->app->pax_current = 0;
		ui_message(ui, 0, "%s", _("No vehicle at the booth"));
		return UI_HANDLED;
	}
	if ((is_key && ch == KEY_F(10)) || (!is_key && ch == 27)) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding vehicles_bindings[] = {
	/* TRANSLATORS: key bar: open the chosen manifest */
	{ "Enter", N_("Travellers") },
	/* TRANSLATORS: key bar: the chosen vehicle has arrived; its travellers come now */
	{ "A", N_("Arrived") },
	/* TRANSLATORS: key bar: no vehicle is being processed at the booth any more */
	{ "D", N_("Done") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen manifests_screen = {
	.name = "manifests",
	.open = vehicles_open,
	.draw = vehicles_draw,
	.key = vehicles_key,
	.close = vehicles_close,
	.bindings = vehicles_bindings,
	.needs_session = 1,
};

/* ---- one manifest ---------------------------------------------------------------------- */

struct manifest_view {
	struct pax_manifest_row m;
	struct page page;
};

static const char *verdict_word(const char *v)
{
	return strcmp(v, "hit") == 0     ? "HIT"
	       : strcmp(v, "check") == 0 ? "CHECK"
	       : v[0]                    ? "CLEAR"
					 : "-";
}

static void traveller_line(struct page *p, const struct pax_traveller_row *t)
{
	char born[24], line[400];
	struct doc_date d = { 0 };
	if (strlen(t->birth) == 10)
		sscanf(t->birth, "%4d-%2d-%2d", &d.year, &d.month, &d.day);
	snprintf(line, sizeof(line), "%-5s %-4s %s, %s · %s · %s · %s %s%s%s",
		 verdict_word(t->verdict), t->seat[0] ? t->seat : "-", t->surname, t->given_names,
		 t->birth[0] ? lang_date(d.year, d.month, d.day, born, sizeof(born)) : "?",
		 t->nationality[0] ? t->nationality : "?", t->doc_issuer, t->doc_number,
		 t->entry_ref[0] ? " · " : "", t->entry_ref);
	page_add(p,
		 strcmp(t->verdict, "hit") == 0     ? TH_ERROR
		 : strcmp(t->verdict, "check") == 0 ? TH_TITLE
						    : TH_NORMAL,
		 0, LINE_WIDTH, "%s", line);
}

static void exceptions(struct ui *ui, struct manifest_view *v)
{
	if (!role_allows(ui->session.role, PERM_REVIEW_CASES))
		return;
	struct pax_traveller_row *gone;
	struct pax_unlisted_row *extra;
	size_t n_gone, n_extra;
	int arrived;
	struct error err;
	error_clear(&err);
	if (pax_exceptions(ui->app, &ui->session, v->m.id, &gone, &n_gone, &extra, &n_extra,
			   &arrived, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return;
	}
	page_push(&v->page, TH_TITLE, 1, _("On the manifest, never crossed"));
	if (!arrived)
		page_add(&v->page, TH_DIM, 1, LINE_WIDTH, "%s",
			 _("the vehicle has not arrived yet (A on the list of vehicles)"));
	else if (n_gone == 0)
		page_add(&v->page, TH_OK, 1, LINE_WIDTH, "%s", _("none: everyone crossed"));
	for (size_t i = 0; i < n_gone; i++)
		traveller_line(&v->page, &gone[i]);
	page_push(&v->page, TH_TITLE, 1, _("Crossed with the vehicle, not on its manifest"));
	if (n_extra == 0)
		page_add(&v->page, TH_OK, 1, LINE_WIDTH, "%s", _("none"));
	for (size_t i = 0; i < n_extra; i++) {
		char when[32];
		page_add(&v->page, TH_ERROR, 1, LINE_WIDTH, "%s, %s · %s %s · %s · %s · %s",
			 extra[i].surname, extra[i].given_names, extra[i].doc_issuer,
			 extra[i].doc_number, extra[i].decision,
			 text_minute(extra[i].decided_at, when, sizeof(when)), extra[i].officer);
	}
	free(gone);
	free(extra);
}

static int manifest_open(struct ui *ui)
{
	struct manifest_view *v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	ui->state = v;
	struct pax_traveller_row *t;
	size_t n;
	struct error err;
	error_clear(&err);
	if (pax_show(ui->app, &ui->session, ui->manifest_id, &v->m, &t, &n, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		ui_goto(ui, &manifests_screen);
		return -1;
	}
	const struct pax_manifest_row *m = &v->m;
	char dep[32], arr[32];
	page_add(&v->page, TH_TITLE, 0, LINE_WIDTH, "%s%s%s", m->vehicle,
		 m->carrier[0] ? " · " : "", m->carrier);
	/* TRANSLATORS: route and times of a manifest: from, departure, to, arrival */
	page_add(&v->page, TH_NORMAL, 0, LINE_WIDTH, _("%s %s → %s %s (the carrier's local times)"),
		 m->departure[0] ? m->departure : "?", when_text(m->departs_at, dep, sizeof(dep)),
		 m->arrival[0] ? m->arrival : "?", when_text(m->arrives_at, arr, sizeof(arr)));
	page_add(&v->page, m->hits ? TH_ERROR : TH_OK, 0, LINE_WIDTH,
		 P_("%d traveller: %d hits, %d to check", "%d travellers: %d hits, %d to check",
		    (unsigned long)m->travellers),
		 m->travellers, m->hits, m->checks);
	if (m->warnings)
		page_add(&v->page, TH_DIM, 0, LINE_WIDTH,
			 P_("%d warning when it was read (shekara import shows them)",
			    "%d warnings when it was read (shekara import shows them)",
			    (unsigned long)m->warnings),
			 m->warnings);
	page_push(&v->page, TH_TITLE, 1,
		  strcmp(m->list_kind, "crew") == 0 ? _("Crew, hits first")
						    : _("Passengers, hits first"));
	for (size_t i = 0; i < n; i++)
		traveller_line(&v->page, &t[i]);
	free(t);
	exceptions(ui, v);
	return 0;
}

static void manifest_close(struct ui *ui)
{
	struct manifest_view *v = ui->state;
	if (v) {
		page_free(&v->page);
		free(v);
	}
}

static void manifest_draw(struct ui *ui, const struct area *a)
{
	struct manifest_view *v = ui->state;
	char title[160];
	snprintf(title, sizeof(title), _("Manifest %lld"), (long long)v->m.id);
	put_rule(a->top, a, title);
	page_draw(&v->page, a, a->top + 1, a->rows - 1);
}

static enum ui_result manifest_key(struct ui *ui, wint_t ch, int is_key)
{
	struct manifest_view *v = ui->state;
	if (page_key(&v->page, ch, is_key))
		return UI_HANDLED;
	if ((is_key && ch == KEY_F(10)) || (!is_key && ch == 27) || is_enter(ch, is_key)) {
		ui_goto(ui, &manifests_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding manifest_bindings[] = {
	{ "↑↓", N_("Scroll") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen manifest_screen = {
	.name = "manifest",
	.open = manifest_open,
	.draw = manifest_draw,
	.key = manifest_key,
	.close = manifest_close,
	.bindings = manifest_bindings,
	.needs_session = 1,
};
