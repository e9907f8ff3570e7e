/* The shift report on screen: the same lines app/report prints for paper, scrolled.
 * It opens on the officer's shift; D shows a whole day (every officer's for a
 * supervisor, the officer's own otherwise), ←/→ move the day, S returns to the shift. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct reportv {
	struct report r;
	struct report_lines lines;
	int day_view;
	char day[11];
	int top, visible;
};

/* Loads the report asked for; on failure the one shown before stays. */
static int load(struct ui *ui, struct reportv *v, int day_view, const char *day)
{
	struct report *r = malloc(sizeof(*r));
	if (!r)
		return -1;
	struct error err;
	error_clear(&err);
	int rc;
	if (day_view)
		rc = report_shift(ui->app, &ui->session, 0, day, r, &err);
	else if (ui->shift.id > 0)
		rc = report_shift(ui->app, &ui->session, ui->shift.id, NULL, r, &err);
	else
		rc = report_current(ui->app, &ui->session, r, &err);
	struct report_lines lines;
	if (rc == 0)
		rc = report_text_lines(r, &lines, &err);
	if (rc < 0) {
		free(r);
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	report_lines_free(&v->lines);
	v->r = *r;
	v->lines = lines;
	v->day_view = day_view;
	snprintf(v->day, sizeof(v->day), "%s", r->title_day);
	v->top = 0;
	free(r);
	return 0;
}

static int report_open(struct ui *ui)
{
	struct reportv *v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	ui->state = v;
	return load(ui, v, 0, NULL);
}

static void report_close(struct ui *ui)
{
	struct reportv *v = ui->state;
	if (v) {
		report_lines_free(&v->lines);
		free(v);
	}
}

static void report_draw(struct ui *ui, const struct area *a)
{
	struct reportv *v = ui->state;
	char title[96];
	if (v->r.title_day[0])
		snprintf(title, sizeof(title), _("Shift report, %s"), v->r.title_day);
	else if (v->r.n_shifts == 1)
		snprintf(title, sizeof(title), _("Shift report, shift %lld"),
			 (long long)v->r.shifts[0].id);
	else
		snprintf(title, sizeof(title), "%s", _("Shift report"));
	put_rule(a->top, a, title);
	v->visible = a->rows - 1;
	for (int i = 0; i < v->visible && v->top + i < v->lines.n; i++)
		put_text(a->top + 1 + i, a->left + 1, a->cols - 2, theme(TH_NORMAL),
			 v->lines.line[v->top + i]);
}

static void page(struct reportv *v, int by)
{
	int max = v->lines.n - v->visible;
	v->top += by;
	if (v->top > max)
		v->top = max;
	if (v->top < 0)
		v->top = 0;
}

static enum ui_result report_key(struct ui *ui, wint_t ch, int is_key)
{
	struct reportv *v = ui->state;
	int step = v->visible > 1 ? v->visible - 1 : 1;
	if (is_key) {
		switch (ch) {
		case KEY_UP:
			page(v, -1);
			return UI_HANDLED;
		case KEY_DOWN:
			page(v, 1);
			return UI_HANDLED;
		case KEY_PPAGE:
			page(v, -step);
			return UI_HANDLED;
		case KEY_NPAGE:
			page(v, step);
			return UI_HANDLED;
		case KEY_HOME:
			v->top = 0;
			return UI_HANDLED;
		case KEY_END:
			page(v, v->lines.n);
			return UI_HANDLED;
		case KEY_LEFT:
		case KEY_RIGHT:
			if (v->day_view) {
				char day[11];
				report_day(v->day, ch == KEY_LEFT ? -1 : 1, day);
				load(ui, v, 1, day);
			}
			return UI_HANDLED;
		case KEY_F(10):
			ui_goto(ui, &home_screen);
			return UI_NEXT;
		}
		return UI_IGNORED;
	}
	if (ch == 27) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if (ch == 'd' || ch == 'D') {
		char day[11];
		/* the day of the shift shown, or today */
		report_day(v->r.n_shifts ? v->r.shifts[0].opened_at : NULL, 0, day);
		ui->message[0] = '\0';
		load(ui, v, 1, day);
		return UI_HANDLED;
	}
	if (ch == 's' || ch == 'S') {
		ui->message[0] = '\0';
		load(ui, v, 0, NULL);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static const struct binding report_bindings[] = {
	{ "D", N_("Day report") }, { "←→", N_("Day before/after") },
	{ "S", N_("My shift") },   { "PgUp/PgDn", N_("Scroll") },
	{ "Esc", N_("Back") },     { NULL, NULL },
};

const struct screen report_screen = {
	.name = "report",
	.open = report_open,
	.draw = report_draw,
	.key = report_key,
	.close = report_close,
	.bindings = report_bindings,
	.needs_session = 1,
};
