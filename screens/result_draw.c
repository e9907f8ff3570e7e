/* Drawing the result screen: the traveller, the verdict (a HIT is the loudest thing on
 * the screen, in reverse video so that it also reads without colour), the matches with
 * the selected one explained, the lists' ages, earlier crossings and the document's
 * checks. Rows are shared out anew on every draw, so a resize lays everything out
 * again and a small terminal shows fewer matches rather than overflowing. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/text.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "scanners/country.h"
#include "screens/result.h"

enum { EXPLAIN_MAX = 3, HISTORY_MAX = 4, FAILED_MAX = 3 };

struct layout {
	int matches, more, explain, lists, history, failed, marks;
};

const char *result_direction_word(const char *direction)
{
	/* TRANSLATORS: direction of traffic at the booth, shown in capitals */
	if (strcmp(direction, "exit") == 0)
		return _("EXIT");
	if (strcmp(direction, "entry") == 0)
		return _("ENTRY");
	return direction;
}

const char *result_decision_word(const char *decision)
{
	if (strcmp(decision, "admit") == 0)
		return _("admitted");
	if (strcmp(decision, "refuse") == 0)
		return _("refused");
	if (strcmp(decision, "refer") == 0)
		return _("referred");
	return decision;
}

static const char *band_word(enum match_band b)
{
	/* TRANSLATORS: a match's band: a HIT, or a possible match */
	return b == BAND_HIT ? _("HIT") : b == BAND_POSSIBLE ? _("possible") : "";
}

static const char *verdict_word(const char *verdict)
{
	if (strcmp(verdict, "hit") == 0)
		return _("HIT");
	if (strcmp(verdict, "check") == 0)
		return _("check");
	return "";
}

static const char *check_mark(enum check_status st)
{
	return st == CHECK_PASS ? "✓" : st == CHECK_FAIL ? "✗" : "!";
}

/* Splits text at spaces into lines of at most width columns; returns how many. */
static int wrap(const char *text, int width, char out[][RESULT_LINE], int max)
{
	int n = 0;
	char line[RESULT_LINE] = "";
	const char *p = text;
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len == 0)
			break;
		char trial[RESULT_LINE];
		snprintf(trial, sizeof(trial), "%s%s%.*s", line, line[0] ? " " : "", (int)len, p);
		if (line[0] && text_width(trial) > width) {
			snprintf(out[n++], RESULT_LINE, "%s", line);
			snprintf(line, sizeof(line), "%.*s", (int)len, p);
		} else {
			snprintf(line, sizeof(line), "%s", trial);
		}
		p += len;
	}
	if (line[0] && n < max)
		snprintf(out[n++], RESULT_LINE, "%s", line);
	return n;
}

static int mark_rows(const struct document *d, int cols)
{
	int rows = d->n_checks > 0, x = 0;
	for (int i = 0; i < d->n_checks; i++) {
		char buf[96];
		snprintf(buf, sizeof(buf), "%s %s", check_mark(d->checks[i].status),
			 document_check_short(d->checks[i].id));
		int w = text_width(buf);
		if (x > 0 && x + w > cols - 2) {
			rows++;
			x = 0;
		}
		x += w + 2;
	}
	return rows;
}

static int take(int *rem, int want)
{
	int got = want < *rem ? want : *rem;
	got = got < 0 ? 0 : got;
	*rem -= got;
	return got;
}

/* Shares the rows below the verdict: one match and the failed checks first, then the
 * lists, more matches, the explanation, earlier crossings. */
static void lay_out(const struct result *r, const struct area *a, int explain_lines,
		    struct layout *L)
{
	const struct screening *sc = &r->sc;
	memset(L, 0, sizeof(*L));
	int rem = a->rows - r->traveller_rows - 1;
	L->marks = mark_rows(&sc->doc, a->cols);
	int checks = take(&rem, L->marks ? 1 + L->marks : 0);
	if (checks < 1 + L->marks)
		L->marks = checks > 1 ? checks - 1 : 0;
	L->matches = take(&rem, sc->matches.n > 0);
	L->failed = take(&rem, sc->failed_checks < FAILED_MAX ? sc->failed_checks : FAILED_MAX);
	L->lists = take(&rem, sc->n_lists > 0);
	L->explain = take(&rem, explain_lines > 0 ? 1 : 0);
	L->matches += take(&rem, sc->matches.n - L->matches);
	/* when not all fit, one row says how many more there are */
	if (L->matches < sc->matches.n && L->matches >= 2) {
		L->matches--;
		L->more = 1;
	}
	L->explain += take(&rem, explain_lines - L->explain);
	int hist = sc->n_history < HISTORY_MAX ? sc->n_history : HISTORY_MAX;
	if (hist > 0 && rem >= 2)
		L->history = take(&rem, 1 + hist) - 1;
}

/* What the passenger manifest said before the traveller arrived (app/pax.h); 1 when
 * it is a warning (not on the manifest, or a HIT before arrival). */
int result_manifest_text(const struct screening_manifest *m, char *buf, size_t len)
{
	if (!m->traveller_id) {
		/* TRANSLATORS: the traveller crossed with a vehicle being processed whose
		 * manifest does not list them; %s is the vehicle */
		snprintf(buf, len, _("NOT on the manifest of %s being processed"), m->vehicle);
		return 1;
	}
	const char *said = strcmp(m->verdict, "hit") == 0     ? _("pre-screened: HIT")
			   : strcmp(m->verdict, "check") == 0 ? _("pre-screened: to check")
			   : m->verdict[0]                    ? _("pre-screened: no hit")
							      : _("not pre-screened");
	/* TRANSLATORS: passenger manifest (or crew list) of the vehicle %s, the seat, and
	 * what screening said before arrival */
	snprintf(buf, len,
		 m->crew ? _("on the crew list of %s%s%s, %s") : _("on manifest of %s%s%s, %s"),
		 m->vehicle, m->seat[0] ? _(", seat ") : "", m->seat, said);
	if (m->entry_ref[0]) {
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, " (%s)", m->entry_ref);
	}
	return strcmp(m->verdict, "hit") == 0;
}

static void draw_manifest(const struct screening_manifest *m, int y, int x, int w, int rows)
{
	char buf[400];
	int warn = result_manifest_text(m, buf, sizeof(buf));
	/* wrapped over the rows the layout gave it: a long language takes two */
	put_wrapped(y, x, w, rows, warn ? theme(TH_ERROR) : theme(TH_NORMAL), buf);
}

static void draw_traveller(struct ui *ui, struct result *r, const struct area *a, int y)
{
	const struct document *d = &r->sc.doc;
	char buf[400], right[96];
	struct traveller_layout t;
	result_traveller_layout(r, a, &t);
	r->traveller_rows = t.rows;
	put_rule(y, a, _("Traveller"));
	if (t.photo_rows > 0)
		photo_draw(r->photo, y + 1, a->left + 2, t.photo_rows, t.photo_cols);
	int left = t.text_left, end = a->left + a->cols - 2;
	snprintf(right, sizeof(right), "%s  %s  %s", d->doc_code, d->issuer, d->number);
	int rw = text_width(right);
	put_text(y + 1, a->left + a->cols - rw - 2, rw + 1, theme(TH_TITLE), right);
	/* names from documents are shown as printed, never translated */
	snprintf(buf, sizeof(buf), "%s%s%s", d->surname, d->given_names[0] ? ", " : "",
		 d->given_names);
	put_text(y + 1, left, end - rw - 2 - left, theme(TH_TITLE), buf);
	const struct country *na = country_find(d->nationality, strlen(d->nationality));
	char born[24], expires[24];
	lang_date(d->birth.year, d->birth.month, d->birth.day, born, sizeof(born));
	lang_date(d->expiry.year, d->expiry.month, d->expiry.day, expires, sizeof(expires));
	snprintf(buf, sizeof(buf), _("born %s · %c · %s %s · expires %s"), born, d->sex,
		 d->nationality, na ? country_name(na) : "?", expires);
	put_text(y + 2, left, end - left, theme(TH_NORMAL), buf);
	result_draw_chip(r, a, &t, y + 3);
	y += t.chip_rows;
	result_draw_barcodes(r, a, &t, y + 3);
	y += t.barcode_rows;
	if (t.manifest_rows) {
		draw_manifest(&r->sc.manifest, y + 3, left, a->left + a->cols - 2 - left,
			      t.manifest_rows);
		y += t.manifest_rows;
	}
	/* without a chip read, the crossing's row ends saying so */
	const char *no_chip = r->chip ? "" : _("chip not read");
	int nw = text_width(no_chip);
	if (nw > 0)
		put_text(y + 3, end - nw, nw + 1, theme(TH_DIM), no_chip);
	end -= nw > 0 ? nw + 3 : 0;
	int x = left;
	if (ui->shift.id) {
		/* TRANSLATORS: the shift's direction (ENTRY/EXIT) and lane */
		snprintf(buf, sizeof(buf), _("%s · lane %s"),
			 result_direction_word(ui->shift.direction), ui->shift.lane);
		x += put_text(y + 3, x, end - x, theme(TH_TITLE), buf);
	} else {
		x += put_text(y + 3, x, end - x, theme(TH_ERROR), _("no shift open"));
	}
	x += put_text(y + 3, x, end - x, theme(TH_NORMAL), " · ");
	if (r->sc.n_history > 0) {
		const struct crossing_brief *h = &r->sc.history[0];
		/* TRANSLATORS: the document's last crossing: direction, date, decision */
		char day[24];
		snprintf(buf, sizeof(buf), _("last: %s %.10s %s"),
			 result_direction_word(h->direction),
			 lang_date_iso(h->decided_at, day, sizeof(day)),
			 result_decision_word(h->decision));
		put_text(y + 3, x, end - x, theme(TH_NORMAL), buf);
	} else {
		put_text(y + 3, x, end - x, theme(TH_DIM), _("no earlier crossing here"));
	}
}

/* The verdict's rule: the words, then (data, may be NULL) the lists and versions. */
static void banner_data(int y, const struct area *a, attr_t attr, const char *text,
			const char *data)
{
	attron(attr);
	mvhline(y, a->left, ACS_HLINE, a->cols);
	attroff(attr);
	char padded[512];
	snprintf(padded, sizeof(padded), " %s%s", text, data ? "" : " ");
	int x = a->left + 2, w = a->cols - 4;
	int used = put_text(y, x, w, attr, padded);
	if (data) {
		snprintf(padded, sizeof(padded), "%s ", data);
		put_cell(y, x + used, w - used, attr, padded);
	}
}

static void banner_line(int y, const struct area *a, attr_t attr, const char *text)
{
	banner_data(y, a, attr, text, NULL);
}

static void draw_hit(const struct result *r, const struct area *a, int y)
{
	attr_t attr = theme(TH_ERROR) | A_REVERSE | A_BOLD;
	put_fill(y, a->left, a->cols, attr);
	char left[160];
	snprintf(left, sizeof(left), "▶ %s  %s", _("HIT"),
		 r->sc.action[0] ? screening_action_word(r->sc.action, 1) : "");
	int w = put_text(y, a->left + 1, a->cols - 2, attr, left);
	const char *right = _("admit only with a supervisor");
	int rw = text_width(right);
	if (a->cols - w - 4 > rw)
		put_text(y, a->left + a->cols - rw - 1, rw, attr, right);
}

static void draw_verdict(const struct result *r, const struct area *a, int y)
{
	const struct screening *sc = &r->sc;
	char text[400];
	if (sc->verdict == VERDICT_HIT) {
		draw_hit(r, a, y);
	} else if (sc->verdict == VERDICT_CHECK) {
		int n = sc->matches.n, k = sc->failed_checks;
		char m[96] = "", f[96] = "";
		if (n > 0)
			snprintf(m, sizeof(m),
				 P_(" · %d possible match", " · %d possible matches",
				    (unsigned long)n),
				 n);
		if (k > 0)
			snprintf(f, sizeof(f),
				 P_(" · %d document check failed", " · %d document checks failed",
				    (unsigned long)k),
				 k);
		if (n == 0)
			snprintf(m, sizeof(m), "%s", _(" · no watchlist match"));
		/* TRANSLATORS: the verdict when something needs the officer's look */
		snprintf(text, sizeof(text), "%s%s%s%s", _("CHECK"),
			 sc->chip.warning ? _(" · chip warning") : "", f, m);
		banner_line(y, a, theme(TH_ERROR), text);
	} else if (sc->n_lists == 0) {
		banner_line(y, a, theme(TH_ERROR), _("CLEAR, but no watchlist was checked"));
	} else {
		size_t used = 0;
		text[0] = '\0';
		for (int i = 0; i < sc->n_lists && used < sizeof(text); i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s %s %s",
						 i ? "," : "", sc->lists[i].code,
						 sc->lists[i].version);
		banner_data(y, a, theme(TH_OK), _("CLEAR · checked:"), text);
	}
}

static void draw_match(const struct match *m, const struct area *a, int y, int selected)
{
	attr_t attr = selected              ? theme(TH_SELECTED)
		      : m->band == BAND_HIT ? theme(TH_ERROR)
					    : theme(TH_NORMAL);
	int x = a->left + 1, right = a->left + a->cols - 1;
	if (selected)
		put_fill(y, a->left, a->cols, attr);
	char score[8];
	snprintf(score, sizeof(score), "%3d", m->score);
	put_text(y, x, 3, attr, score);
	put_text(y, x + 4, 8, attr, band_word(m->band));
	put_cell(y, x + 13, 10, attr, m->source_code);
	put_cell(y, x + 24, 12, attr, m->ref);
	const char *action = screening_action_word(m->action, 0);
	int aw = text_width(action);
	aw = aw > 16 ? 16 : aw;
	put_cell(y, x + 37, right - aw - 1 - (x + 37), attr, m->listed_name);
	put_text(y, right - aw, aw, attr, action);
}

static int draw_matches(struct result *r, const struct area *a, int y, const struct layout *L,
			char explain[][RESULT_LINE], int n_explain)
{
	const struct match_result *mr = &r->sc.matches;
	r->match_rows = L->matches > 0 ? L->matches : 1;
	if (r->selected < r->top)
		r->top = r->selected;
	if (r->selected >= r->top + r->match_rows)
		r->top = r->selected - r->match_rows + 1;
	for (int i = r->top; i < mr->n && i < r->top + L->matches; i++) {
		draw_match(&mr->m[i], a, y++, i == r->selected);
		if (i != r->selected)
			continue;
		for (int e = 0; e < L->explain; e++) {
			int w = put_text(y, a->left + 5, a->cols - 7, theme(TH_NORMAL), explain[e]);
			if (e == L->explain - 1 && n_explain > L->explain)
				put_text(y, a->left + 5 + w, 1, theme(TH_NORMAL), "…");
			y++;
		}
	}
	if (L->more) {
		int hidden = mr->n - L->matches;
		char more[128];
		/* TRANSLATORS: matches that do not fit on the screen */
		snprintf(more, sizeof(more),
			 P_("%d more match: ↑↓ to see it", "%d more matches: ↑↓ to see them",
			    (unsigned long)hidden),
			 hidden);
		put_text(y++, a->left + 5, a->cols - 6, theme(TH_DIM), more);
	}
	return y;
}

static void draw_lists(const struct screening *sc, const struct area *a, int y)
{
	int x = a->left + 1, end = a->left + a->cols - 1;
	x += put_text(y, x, end - x, theme(TH_DIM), _("Lists:"));
	for (int i = 0; i < sc->n_lists && x < end - 1; i++) {
		const struct screened_list *l = &sc->lists[i];
		char buf[96];
		if (l->stale)
			/* TRANSLATORS: a list's age in days, abbreviated; too old to trust */
			snprintf(buf, sizeof(buf), _("%s %d d, stale"), l->code, l->age_days);
		else
			/* TRANSLATORS: a list's age in days, abbreviated */
			snprintf(buf, sizeof(buf), _("%s %d d"), l->code, l->age_days);
		x += put_text(y, x, end - x, theme(TH_NORMAL), i ? " · " : " ");
		x += put_text(y, x, end - x, l->stale ? theme(TH_ERROR) : theme(TH_NORMAL), buf);
	}
}

static int draw_history(const struct screening *sc, const struct area *a, int y, int rows)
{
	put_rule(y++, a, _("Earlier crossings here"));
	for (int i = 0; i < rows && i < sc->n_history; i++) {
		const struct crossing_brief *h = &sc->history[i];
		char when[17], lane[48];
		text_minute(h->decided_at, when, sizeof(when));
		/* TRANSLATORS: the lane of an earlier crossing */
		snprintf(lane, sizeof(lane), _("lane %s"), h->lane);
		int x = a->left + 2;
		attr_t attr =
			strcmp(h->decision, "admit") == 0 ? theme(TH_NORMAL) : theme(TH_ERROR);
		put_text(y, x, 17, theme(TH_NORMAL), when);
		put_text(y, x + 18, 8, theme(TH_NORMAL), result_direction_word(h->direction));
		put_text(y, x + 27, 12, attr, result_decision_word(h->decision));
		put_text(y, x + 40, 6, theme(TH_ERROR), verdict_word(h->verdict));
		put_text(y, x + 47, 12, theme(TH_DIM), lane);
		put_text(y++, x + 60, a->cols - 62, theme(TH_DIM), h->officer);
	}
	return y;
}

static int draw_checks(const struct document *d, const struct area *a, int y,
		       const struct layout *L)
{
	put_rule(y++, a, _("Checks"));
	char buf[320];
	int shown = 0;
	for (int i = 0; i < d->n_checks && shown < L->failed; i++) {
		const struct doc_check *c = &d->checks[i];
		if (c->status != CHECK_FAIL)
			continue;
		document_describe_check(c, buf, sizeof(buf));
		put_text(y, a->left + 1, 2, theme(TH_ERROR), "✗");
		put_text(y++, a->left + 3, a->cols - 4, theme(TH_ERROR), buf);
		shown++;
	}
	int x = a->left + 1, row = 0;
	for (int i = 0; i < d->n_checks && L->marks > 0; i++) {
		const struct doc_check *c = &d->checks[i];
		snprintf(buf, sizeof(buf), "%s %s", check_mark(c->status),
			 document_check_short(c->id));
		int w = text_width(buf);
		if (x > a->left + 1 && x + w > a->left + a->cols - 1) {
			if (++row >= L->marks)
				break;
			x = a->left + 1;
		}
		attr_t at = c->status == CHECK_PASS   ? theme(TH_OK)
			    : c->status == CHECK_FAIL ? theme(TH_ERROR)
						      : theme(TH_NORMAL);
		x += put_text(y + row, x, w, at, buf) + 2;
	}
	return y + L->marks;
}

static void draw_body(struct result *r, const struct area *a, int y)
{
	const struct screening *sc = &r->sc;
	char explain[EXPLAIN_MAX][RESULT_LINE];
	int n_explain = 0;
	if (sc->matches.n > 0 && r->selected < sc->matches.n)
		n_explain = wrap(sc->matches.m[r->selected].explanation, a->cols - 7, explain,
				 EXPLAIN_MAX);
	struct layout L;
	lay_out(r, a, n_explain, &L);
	y = draw_matches(r, a, y, &L, explain, n_explain);
	if (L.lists)
		draw_lists(sc, a, y++);
	if (L.history > 0)
		y = draw_history(sc, a, y, L.history);
	/* the checks close the screen, as on the scan screen */
	int checks_rows = 1 + L.failed + L.marks;
	int bottom = a->top + a->rows;
	if (L.marks > 0 || L.failed > 0)
		draw_checks(&sc->doc, a, y > bottom - checks_rows ? y : bottom - checks_rows, &L);
}

static void draw_label_field(struct result *r, int i, const char *label, int y, int lw,
			     const struct area *a, int fw)
{
	int x = a->left + 4;
	put_text(y, x, lw, theme(TH_NORMAL), label);
	field_draw(&r->fields[i], y, x + lw + 2, fw, 0);
}

static void focus_field(struct result *r, int i, int y, int x, int w)
{
	field_draw(&r->fields[i], y, x, w, 1);
	curs_set(1);
}

static int widest(const char *const *labels, int n, int cap)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		w = text_width(labels[i]) > w ? text_width(labels[i]) : w;
	return w > cap ? cap : w;
}

static void draw_override(struct result *r, const struct area *a, int y)
{
	put_rule(y, a, _("Admit over a HIT"));
	put_text(y + 1, a->left + 2, a->cols - 4, theme(TH_ERROR),
		 _("Nothing is saved yet. Admitting needs a reason and a supervisor's password."));
	const char *labels[OV_FIELDS] = { _("Override reason"), _("Supervisor user name"),
					  _("Supervisor password") };
	int lw = widest(labels, OV_FIELDS, 30), fx = a->left + 4 + lw + 2;
	int widths[OV_FIELDS] = { a->left + a->cols - fx - 2, 30, 30 };
	for (int i = 0; i < OV_FIELDS; i++)
		draw_label_field(r, i, labels[i], y + 3 + i, lw, a, widths[i]);
	put_text(y + 7, a->left + 2, a->cols - 4, theme(TH_DIM),
		 _("Enter: next field, in the last one authorise and save · Esc: cancel"));
	focus_field(r, r->focus, y + 3 + r->focus, fx, widths[r->focus]);
}

static void draw_reason(const struct result *r, int i, const struct area *a, int y)
{
	int chosen = i == r->reason;
	attr_t attr =
		chosen ? (r->focus == 0 ? theme(TH_SELECTED) : theme(TH_TITLE)) : theme(TH_NORMAL);
	if (chosen)
		put_fill(y, a->left + 2, a->cols - 4, attr);
	put_text(y, a->left + 4, 4, attr, r->reasons[i].code);
	put_text(y, a->left + 9, a->cols - 12, attr, r->reasons[i].label);
}

static void draw_refuse(struct result *r, const struct area *a, int y, int rows)
{
	put_rule(y, a, _("Refuse: choose the ground"));
	int visible = rows - 4 < r->n_reasons ? rows - 4 : r->n_reasons;
	visible = visible < 1 ? 1 : visible;
	r->panel_rows = visible;
	int sel = r->reason < 0 ? 0 : r->reason;
	if (sel < r->reason_top)
		r->reason_top = sel;
	if (sel >= r->reason_top + visible)
		r->reason_top = sel - visible + 1;
	for (int i = r->reason_top; i < r->n_reasons && i < r->reason_top + visible; i++)
		draw_reason(r, i, a, y + 1 + i - r->reason_top);
	int fy = y + 2 + visible;
	const char *label = _("Details (optional)");
	int lw = widest(&label, 1, 30), fx = a->left + 4 + lw + 2;
	draw_label_field(r, 0, label, fy, lw, a, a->left + a->cols - fx - 2);
	put_text(fy + 1, a->left + 2, a->cols - 4, theme(TH_DIM),
		 _("Letter or ↑↓: ground · Tab: details · Enter: save · Esc: cancel"));
	if (r->focus == 1)
		focus_field(r, 0, fy, fx, a->left + a->cols - fx - 2);
}

static void draw_refer(struct result *r, const struct area *a, int y)
{
	put_rule(y, a, _("Refer to the supervisor"));
	put_text(y + 1, a->left + 2, a->cols - 4, theme(TH_NORMAL),
		 _("The traveller waits; the case goes to the supervisor's queue."));
	const char *label = _("Reason");
	int lw = widest(&label, 1, 30), fx = a->left + 4 + lw + 2;
	draw_label_field(r, 0, label, y + 3, lw, a, a->left + a->cols - fx - 2);
	put_text(y + 5, a->left + 2, a->cols - 4, theme(TH_DIM), _("Enter: save · Esc: cancel"));
	focus_field(r, 0, y + 3, fx, a->left + a->cols - fx - 2);
}

static void draw_lines(struct result *r, const struct area *a, int y, int rows)
{
	put_rule(y, a,
		 r->panel == PANEL_HELP      ? _("Help")
		 : r->panel == PANEL_CHIP    ? _("Chip")
		 : r->panel == PANEL_BARCODE ? _("Barcodes")
					     : _("Watchlist entry"));
	int visible = rows - 2 > 1 ? rows - 2 : 1;
	r->panel_rows = visible;
	int max = r->n_lines - visible > 0 ? r->n_lines - visible : 0;
	r->scroll = r->scroll > max ? max : r->scroll;
	for (int i = 0; i < visible && r->scroll + i < r->n_lines; i++) {
		const struct result_line *l = &r->lines[r->scroll + i];
		int x = a->left + 2;
		if (l->key[0]) {
			put_text(y + 1 + i, x, 8, theme(TH_KEYNAME), l->key);
			x += 10;
		}
		put_text(y + 1 + i, x, a->left + a->cols - 2 - x, theme(l->role), l->text);
	}
	put_text(y + 1 + visible, a->left + 2, a->cols - 4, theme(TH_DIM),
		 r->panel == PANEL_HELP ? _("Any key: close")
					: _("↑↓ PgUp PgDn: scroll · Esc: close"));
}

void result_draw(struct ui *ui, const struct area *a)
{
	struct result *r = ui->state;
	int y = a->top;
	draw_traveller(ui, r, a, y);
	y += r->traveller_rows;
	draw_verdict(r, a, y++);
	int rows = a->top + a->rows - y;
	switch (r->panel) {
	case PANEL_NONE:
		draw_body(r, a, y);
		break;
	case PANEL_OVERRIDE:
		draw_override(r, a, y);
		break;
	case PANEL_REFUSE:
		draw_refuse(r, a, y, rows);
		break;
	case PANEL_REFER:
		draw_refer(r, a, y);
		break;
	case PANEL_DETAILS:
	case PANEL_HELP:
	case PANEL_CHIP:
	case PANEL_BARCODE:
		draw_lines(r, a, y, rows);
		break;
	}
}

void result_add(struct result *r, enum theme_role role, const char *text)
{
	if (r->n_lines >= RESULT_LINES)
		return;
	struct result_line *l = &r->lines[r->n_lines++];
	l->role = role;
	l->key[0] = '\0';
	snprintf(l->text, sizeof(l->text), "%s", text);
}

static void add_line(struct result *r, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_line(struct result *r, enum theme_role role, const char *fmt, ...)
{
	char text[RESULT_LINE];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	result_add(r, role, text);
}

static const char *category_word(const char *category)
{
	/* TRANSLATORS: why a person or document is on a watchlist */
	static const char *const words[][2] = {
		{ "terrorism", N_("terrorism") },
		{ "sanctions", N_("sanctions") },
		{ "wanted", N_("wanted") },
		{ "lost_stolen", N_("lost or stolen") },
		{ "missing_person", N_("missing person") },
		{ "other", N_("other") },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(category, words[i][0]) == 0)
			return _(words[i][1]);
	return category;
}

static const char *name_kind_word(const char *kind)
{
	if (strcmp(kind, "primary") == 0)
		return _("primary name");
	if (strcmp(kind, "alias") == 0)
		return _("alias");
	if (strcmp(kind, "original_script") == 0)
		return _("original script");
	return kind;
}

static void add_dob(struct result *r, const struct wl_view *v, int i)
{
	const char *p = v->dobs[i].precision;
	if (strcmp(p, "range") == 0)
		/* TRANSLATORS: a listed date of birth known only as a range of years */
		add_line(r, TH_NORMAL, _("  %d–%d (range of years)"), v->dobs[i].year_from,
			 v->dobs[i].year_to);
	else if (strcmp(p, "year") == 0)
		add_line(r, TH_NORMAL, _("  %s (year only)"), v->dobs[i].date);
	else if (strcmp(p, "approximate") == 0)
		add_line(r, TH_NORMAL, _("  %s (approximate)"), v->dobs[i].date);
	else
		add_line(r, TH_NORMAL, "  %s", v->dobs[i].date);
}

static void add_names_and_dates(struct result *r, const struct wl_view *v)
{
	if (v->n_names > 0)
		add_line(r, TH_TITLE, "%s", _("Names"));
	/* names as listed, never translated */
	for (int i = 0; i < v->n_names; i++)
		add_line(r, TH_NORMAL, "  %s · %s%s%s", v->names[i].full_name,
			 name_kind_word(v->names[i].kind),
			 strcmp(v->names[i].quality, "low") == 0 ? ", " : "",
			 strcmp(v->names[i].quality, "low") == 0 ? _("low quality") : "");
	if (v->n_dobs > 0)
		add_line(r, TH_TITLE, "%s", _("Dates of birth"));
	for (int i = 0; i < v->n_dobs; i++)
		add_dob(r, v, i);
	if (v->n_nats > 0)
		add_line(r, TH_TITLE, "%s", _("Nationalities"));
	for (int i = 0; i < v->n_nats; i++) {
		const struct country *c = country_find(v->nats[i], strlen(v->nats[i]));
		add_line(r, TH_NORMAL, "  %s %s", v->nats[i], c ? country_name(c) : "");
	}
}

void result_details_lines(struct result *r, const struct wl_view *v)
{
	r->n_lines = r->scroll = 0;
	add_line(r, TH_TITLE, "%s — %s", v->source_code, v->source_name);
	/* TRANSLATORS: a watchlist entry's reference, the list's version and its date */
	char day[24];
	add_line(r, TH_NORMAL, _("reference %s · version %s · updated %.10s"), v->ref,
		 v->source_version, lang_date_iso(v->source_updated, day, sizeof(day)));
	/* TRANSLATORS: a watchlist entry: category, action asked, date listed */
	add_line(r, TH_NORMAL, _("category %s · action: %s · listed %s"),
		 category_word(v->category), screening_action_word(v->action, 0),
		 v->listed_on[0] ? lang_date_iso(v->listed_on, day, sizeof(day)) : "?");
	if (v->sex[0])
		add_line(r, TH_NORMAL, _("sex %s"), v->sex);
	if (v->retired)
		add_line(r, TH_ERROR, "%s", _("This entry has been retired from the list."));
	add_names_and_dates(r, v);
	if (v->n_docs > 0)
		add_line(r, TH_TITLE, "%s", _("Documents"));
	for (int i = 0; i < v->n_docs; i++)
		add_line(r, TH_NORMAL, "  %s · %s · %s", v->docs[i].number, v->docs[i].state,
			 v->docs[i].type);
	if (v->remarks[0]) {
		add_line(r, TH_TITLE, "%s", _("Remarks"));
		char lines[8][RESULT_LINE];
		int n = wrap(v->remarks, 72, lines, 8);
		for (int i = 0; i < n; i++)
			add_line(r, TH_NORMAL, "  %s", lines[i]);
	}
}

static void add_key(struct result *r, const char *key, const char *label)
{
	add_line(r, TH_NORMAL, "%s", label);
	if (r->n_lines > 0)
		snprintf(r->lines[r->n_lines - 1].key, sizeof(r->lines[0].key), "%s", key);
}

void result_help_lines(struct result *r, const struct binding *bindings)
{
	r->n_lines = r->scroll = 0;
	for (const struct binding *b = bindings; b->key; b++)
		add_key(r, b->key, _(b->label));
	add_key(r, "↑ ↓", _("Choose a match"));
	add_key(r, "Esc", _("Close a panel, or back to the scan"));
	add_key(r, "F6 C", _("The chip: everything read and checked"));
	add_key(r, "F8 B", _("The barcodes: everything they say and how they were checked"));
	add_key(r, "F1 ?", _("This help"));
	add_line(r, TH_NORMAL, "%s", "");
	add_line(r, TH_DIM, "%s",
		 _("Admitting over a HIT asks for a reason and a supervisor's password here."));
	add_line(r, TH_DIM, "%s",
		 _("Everything you do here is recorded with your name in the audit trail."));
}
