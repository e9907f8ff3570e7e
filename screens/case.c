/* One case from the queue: the whole record, the document's history, the notes and
 * the audit trail, scrolled as one page; N adds a note, R resolves (admit, or refuse on
 * a ground), each with a reason. The decision itself is never edited.
 *
 * Notes are typed in the officer's language, so this screen takes text (the loop does
 * not turn Cyrillic letters into Latin ones); its few command letters are matched in
 * both layouts here. */
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cases.h"
#include "app/decision.h"
#include "app/screening.h"
#include "app/text.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { LINE_WIDTH = 78, GROUNDS_MAX = 32, GROUNDS_SHOWN = 5 };

enum mode { VIEW, NOTE, CHOOSE, GROUND, REASON };

struct casev {
	struct case_detail d;
	struct page page;
	enum mode mode;
	int refuse;
	struct refusal_reason grounds[GROUNDS_MAX];
	int n_grounds, ground, ground_top;
	struct field input;
};

static void push(struct casev *v, enum theme_role role, int rule, const char *text)
{
	page_push(&v->page, role, rule, text);
}

/* Adds text indented by indent, wrapped at spaces to LINE_WIDTH characters. */
static void __attribute__((format(printf, 4, 5)))
add(struct casev *v, enum theme_role role, int indent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	page_vadd(&v->page, role, indent, LINE_WIDTH, fmt, ap);
	va_end(ap);
}

static void rule(struct casev *v, const char *title)
{
	push(v, TH_TITLE, 1, title);
}

static const char *decision_label(const char *d)
{
	if (strcmp(d, "admit") == 0)
		return _("Admitted");
	if (strcmp(d, "refuse") == 0)
		return _("Refused");
	return _("Referred");
}

static const char *direction_label(const char *d)
{
	return strcmp(d, "exit") == 0 ? _("exit") : _("entry");
}

static void record_lines(struct casev *v)
{
	const struct crossing_row *x = &v->d.crossing;
	char a[24];
	rule(v, _("Traveller"));
	add(v, TH_TITLE, 1, "%s%s%s", x->surname, x->given_names[0] ? ", " : "", x->given_names);
	add(v, TH_NORMAL, 1, _("born %s, sex %s, nationality %s"), x->birth, x->sex,
	    x->nationality);
	add(v, TH_NORMAL, 1, _("document %s %s %s, expires %s, read from %s"), x->doc_code,
	    x->issuer, x->number, x->expiry, x->source);
	if (x->checks_failed[0])
		add(v, TH_ERROR, 1, _("failed checks: %s"), x->checks_failed);
	/* the chip as the officer saw it; the detail is the reader's English record */
	if (x->chip_verdict[0])
		add(v, strcmp(x->chip_verdict, "genuine") == 0 ? TH_NORMAL : TH_ERROR, 1,
		    _("chip: %s (%s)"), x->chip_verdict, x->chip_detail);
	else
		add(v, TH_DIM, 1, "%s", _("chip not read"));
	rule(v, _("Decision"));
	add(v, TH_NORMAL, 1, _("%s by '%s' at %s UTC, %s, lane %s"), decision_label(x->decision),
	    x->officer, text_minute(x->decided_at, a, sizeof(a)), direction_label(x->direction),
	    x->lane);
	add(v, strcmp(x->verdict, "hit") == 0 ? TH_ERROR : TH_NORMAL, 1, _("verdict: %s"),
	    verdict_label(x->verdict));
	if (x->reason_code[0])
		add(v, TH_NORMAL, 1, _("refusal ground: %s"), x->reason_code);
	if (x->reason_text[0])
		add(v, TH_NORMAL, 1, _("reason: %s"), x->reason_text);
	if (x->override_by[0])
		add(v, TH_ERROR, 1, _("admitted over a hit, authorised by '%s': %s"),
		    x->override_by, x->override_reason);
	long tenths = (x->elapsed_ms + 50) / 100;
	add(v, TH_DIM, 1, _("time to decide: %ld.%ld s"), tenths / 10, tenths % 10);
	rule(v, _("Matches shown to the officer"));
	if (x->n_hits == 0)
		add(v, TH_DIM, 1, "%s", _("none"));
	for (int i = 0; i < x->n_hits; i++) {
		const struct crossing_hit *h = &x->hits[i];
		add(v, strcmp(h->band, "HIT") == 0 ? TH_ERROR : TH_NORMAL, 1,
		    "%3d %s %s %s: %s (%s)", h->score, h->band, h->source_code, h->ref,
		    h->listed_name, screening_action_word(h->action, 0));
		add(v, TH_NORMAL, 5, "%s", h->explanation);
	}
	rule(v, _("Watchlists in force"));
	for (int i = 0; i < x->n_lists; i++)
		add(v, TH_NORMAL, 1, _("%s version %s, updated %s"), x->lists[i].source_code,
		    x->lists[i].version, text_minute(x->lists[i].updated_at, a, sizeof(a)));
}

static void trail_lines(struct casev *v)
{
	char a[24];
	rule(v, _("Earlier crossings of this document"));
	if (v->d.n_history == 0)
		add(v, TH_DIM, 1, "%s", _("none"));
	for (int i = 0; i < v->d.n_history; i++) {
		const struct crossing_brief *b = &v->d.history[i];
		add(v, TH_NORMAL, 1, _("%s UTC %s, %s, verdict %s, officer '%s', lane %s"),
		    text_minute(b->decided_at, a, sizeof(a)), direction_label(b->direction),
		    decision_label(b->decision), verdict_label(b->verdict), b->officer, b->lane);
	}
	rule(v, _("Notes"));
	if (v->d.n_notes == 0)
		add(v, TH_DIM, 1, "%s", _("none yet: press N to add one"));
	for (int i = 0; i < v->d.n_notes; i++)
		add(v, TH_NORMAL, 1, "%s UTC '%s': %s", text_minute(v->d.notes[i].at, a, sizeof(a)),
		    v->d.notes[i].officer, v->d.notes[i].text);
	rule(v, _("Audit trail of the case"));
	for (int i = 0; i < v->d.n_audit; i++) {
		const struct case_audit_line *l = &v->d.audit[i];
		add(v, strcmp(l->outcome, "denied") == 0 ? TH_ERROR : TH_NORMAL, 1,
		    "#%" PRId64 " %s '%s' %s %s %s", l->seq, text_minute(l->ts_utc, a, sizeof(a)),
		    l->officer, l->action, l->outcome, l->detail);
	}
	rule(v, _("Resolution"));
	const struct case_row *c = &v->d.c;
	if (strcmp(c->status, "open") == 0) {
		add(v, TH_OK, 1, "%s", _("open: press R to resolve it, N to add a note"));
		return;
	}
	add(v, TH_TITLE, 1, _("%s by '%s' at %s UTC"),
	    strcmp(c->resolution, "refuse") == 0 ? _("Refused") : _("Admitted"), c->resolved_by,
	    text_minute(c->resolved_at, a, sizeof(a)));
	if (c->resolution_code[0])
		add(v, TH_NORMAL, 1, _("refusal ground: %s"), c->resolution_code);
	add(v, TH_NORMAL, 1, _("reason: %s"), c->resolution_reason);
}

static int load(struct ui *ui, struct casev *v)
{
	struct error err;
	error_clear(&err);
	int rc = cases_open(ui->app, &ui->session, ui->case_id, &v->d, &err);
	if (rc <= 0) {
		ui_message(ui, 1, "%s",
			   rc < 0 ? err.msg : _("that case no longer exists; pick another"));
		return -1;
	}
	v->page.n = 0;
	record_lines(v);
	trail_lines(v);
	return 0;
}

static int case_open(struct ui *ui)
{
	struct casev *v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	ui->state = v;
	if (load(ui, v) < 0) {
		ui_goto(ui, &queue_screen);
		return -1;
	}
	return 0;
}

static void case_close(struct ui *ui)
{
	struct casev *v = ui->state;
	if (v) {
		page_free(&v->page);
		free(v);
	}
}

static int form_rows(const struct casev *v)
{
	switch (v->mode) {
	case VIEW:
		return 0;
	case GROUND:
		return 2 + GROUNDS_SHOWN;
	case REASON:
		return 4;
	default:
		return 3;
	}
}

static void draw_form(struct ui *ui, struct casev *v, const struct area *a, int y)
{
	char title[96], what[256];
	snprintf(title, sizeof(title),
		 v->mode == NOTE ? _("Note on case %" PRId64) : _("Resolve case %" PRId64),
		 v->d.c.id);
	put_rule(y, a, title);
	int x = a->left + 2, w = a->cols - 4;
	if (v->mode == NOTE || v->mode == REASON) {
		if (v->mode == REASON) {
			if (v->refuse)
				snprintf(what, sizeof(what), _("Refuse on ground %s: %s"),
					 v->grounds[v->ground].code, v->grounds[v->ground].label);
			else
				snprintf(what, sizeof(what), "%s", _("Admit the traveller"));
			put_text(++y, x, w, theme(TH_TITLE), what);
		}
		put_text(++y, x, w, theme(TH_DIM),
			 v->mode == NOTE ? _("Type the note, Enter to save, Esc to cancel")
					 : _("Type the reason, Enter to save, Esc to go back"));
		field_draw(&v->input, ++y, x, w, 1);
		curs_set(1);
		return;
	}
	if (v->mode == CHOOSE) {
		put_text(++y, x, w, theme(TH_TITLE),
			 _("[A] Admit the traveller   [F] Refuse entry"));
		put_text(++y, x, w, theme(TH_DIM), _("Esc to cancel"));
		return;
	}
	put_text(++y, x, w, theme(TH_DIM),
		 _("Pick the refusal ground (↑↓, Enter); Esc to go back"));
	for (int i = 0; i < GROUNDS_SHOWN && v->ground_top + i < v->n_grounds; i++) {
		int k = v->ground_top + i, sel = k == v->ground;
		attr_t attr = sel ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (sel)
			put_fill(y + 1 + i, x, w, attr);
		snprintf(what, sizeof(what), "%-4s %s", v->grounds[k].code, v->grounds[k].label);
		put_text(y + 1 + i, x, w, attr, what);
	}
	(void)ui;
}

static void case_draw(struct ui *ui, const struct area *a)
{
	struct casev *v = ui->state;
	const struct case_row *c = &v->d.c;
	char title[160], day[24];
	snprintf(title, sizeof(title), _("Case %" PRId64 ", %s, %s, opened %.10s %.5s UTC"), c->id,
		 strcmp(c->kind, "override") == 0 ? _("override") : _("referral"),
		 strcmp(c->status, "open") == 0 ? _("open") : _("closed"),
		 lang_date_iso(c->opened_at, day, sizeof(day)),
		 strlen(c->opened_at) >= 16 ? c->opened_at + 11 : "");
	put_rule(a->top, a, title);
	int form = form_rows(v);
	page_draw(&v->page, a, a->top + 1, a->rows - 1 - form);
	if (form)
		draw_form(ui, v, a, a->top + a->rows - form);
}

/* The command letters in the Latin layout and where the same keys are in ЙЦУКЕН. */
static wint_t command(wint_t ch)
{
	static const struct {
		wint_t cyr, lat;
	} keys[] = { { L'т', 'n' }, { L'Т', 'n' }, { L'к', 'r' }, { L'К', 'r' },
		     { L'ф', 'a' }, { L'Ф', 'a' }, { L'а', 'f' }, { L'А', 'f' } };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].cyr == ch)
			return keys[i].lat;
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int is_enter(wint_t ch, int is_key)
{
	return (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);
}

static enum ui_result view_key(struct ui *ui, struct casev *v, wint_t ch, int is_key)
{
	if (page_key(&v->page, ch, is_key))
		return UI_HANDLED;
	if (is_key) {
		switch (ch) {
		case KEY_F(10):
			ui_goto(ui, &queue_screen);
			return UI_NEXT;
		}
		return UI_IGNORED;
	}
	if (ch == 27) {
		ui_goto(ui, &queue_screen);
		return UI_NEXT;
	}
	wint_t k = command(ch);
	if (k == 'n') {
		field_clear(&v->input);
		v->mode = NOTE;
		ui->message[0] = '\0';
		return UI_HANDLED;
	}
	if (k == 'r') {
		if (strcmp(v->d.c.status, "open") != 0) {
			ui_message(ui, 1, "%s",
				   _("this case is already resolved; its resolution stands"));
			return UI_HANDLED;
		}
		v->mode = CHOOSE;
		ui->message[0] = '\0';
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static enum ui_result save_note(struct ui *ui, struct casev *v)
{
	char text[FIELD_MAX * 4];
	field_text(&v->input, text, sizeof(text));
	struct error err;
	error_clear(&err);
	if (cases_add_note(ui->app, &ui->session, v->d.c.id, text, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	field_clear(&v->input);
	v->mode = VIEW;
	if (load(ui, v) < 0) {
		ui_goto(ui, &queue_screen);
		return UI_NEXT;
	}
	ui_message(ui, 0, "%s", _("Note added"));
	page_scroll(&v->page, v->page.n);
	return UI_HANDLED;
}

static enum ui_result resolve(struct ui *ui, struct casev *v)
{
	char text[FIELD_MAX * 4];
	field_text(&v->input, text, sizeof(text));
	struct error err;
	error_clear(&err);
	int64_t id = v->d.c.id;
	const char *code = v->refuse ? v->grounds[v->ground].code : NULL;
	if (cases_resolve(ui->app, &ui->session, id, v->refuse ? "refuse" : "admit", code, text,
			  &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	if (v->refuse)
		ui_message(ui, 0, _("Case %" PRId64 " closed: traveller refused on ground %s"), id,
			   code);
	else
		ui_message(ui, 0, _("Case %" PRId64 " closed: traveller admitted"), id);
	ui_goto(ui, &queue_screen);
	return UI_NEXT;
}

static enum ui_result choose_key(struct ui *ui, struct casev *v, wint_t ch, int is_key)
{
	wint_t k = is_key ? 0 : command(ch);
	if (k == 'a') {
		v->refuse = 0;
		field_clear(&v->input);
		v->mode = REASON;
		return UI_HANDLED;
	}
	if (k == 'f') {
		struct error err;
		error_clear(&err);
		int n = decision_reasons(ui->app, v->grounds, GROUNDS_MAX, &err);
		if (n <= 0) {
			ui_message(ui, 1, "%s",
				   n < 0 ? err.msg
					 : _("no refusal ground is active; ask an administrator"));
			return UI_HANDLED;
		}
		v->n_grounds = n;
		v->ground = v->ground_top = 0;
		v->refuse = 1;
		v->mode = GROUND;
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static enum ui_result case_key(struct ui *ui, wint_t ch, int is_key)
{
	struct casev *v = ui->state;
	if (v->mode == VIEW)
		return view_key(ui, v, ch, is_key);
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		v->mode = v->mode == REASON && v->refuse           ? GROUND
			  : v->mode == REASON || v->mode == GROUND ? CHOOSE
								   : VIEW;
		curs_set(0);
		return UI_HANDLED;
	}
	switch (v->mode) {
	case NOTE:
		if (is_enter(ch, is_key))
			return save_note(ui, v);
		return field_key(&v->input, ch, is_key) ? UI_HANDLED : UI_IGNORED;
	case CHOOSE:
		return choose_key(ui, v, ch, is_key);
	case GROUND:
		if (is_enter(ch, is_key)) {
			field_clear(&v->input);
			v->mode = REASON;
			return UI_HANDLED;
		}
		return list_key(&v->ground, &v->ground_top, v->n_grounds, GROUNDS_SHOWN, ch, is_key)
			       ? UI_HANDLED
			       : UI_IGNORED;
	case REASON:
		if (is_enter(ch, is_key))
			return resolve(ui, v);
		return field_key(&v->input, ch, is_key) ? UI_HANDLED : UI_IGNORED;
	case VIEW:
		break;
	}
	return UI_IGNORED;
}

static const struct binding case_bindings[] = {
	{ "N", N_("Add note") }, { "R", N_("Resolve") }, { "PgUp/PgDn", N_("Scroll") },
	{ "Esc", N_("Back") },   { NULL, NULL },
};

const struct screen case_screen = {
	.name = "case",
	.open = case_open,
	.draw = case_draw,
	.key = case_key,
	.close = case_close,
	.bindings = case_bindings,
	.needs_session = 1,
	.takes_text = 1,
};
