/* The audit trail: the post's (supervisors, administrators) or the officer's own.
 * Opening it is itself audited; V verifies the hash chain on the spot. */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auditlog.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { AUDIT_SHOWN = 500 };

struct audit_view {
	struct auditlog_line *rows;
	size_t n;
	int selected, top, visible;
};

static int audit_open(struct ui *ui)
{
	struct audit_view *v = calloc(1, sizeof(*v));
	if (!v)
		return -1;
	ui->state = v;
	struct error err;
	error_clear(&err);
	if (auditlog_recent(ui->app, &ui->session, ui->audit_own, AUDIT_SHOWN, &v->rows, &v->n,
			    &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	return 0;
}

static void audit_close(struct ui *ui)
{
	struct audit_view *v = ui->state;
	if (v) {
		free(v->rows);
		free(v);
	}
}

static void audit_draw(struct ui *ui, const struct area *a)
{
	struct audit_view *v = ui->state;
	put_rule(a->top, a, ui->audit_own ? _("My activity") : _("Audit trail of the post"));
	int y = a->top + 1;
	const int cols[] = { 1, 8, 24, 37, 55, 65 };
	const char *heads[] = { "#",         _("Time (UTC)"), _("Officer"),
				_("Action"), _("Outcome"),    _("Detail") };
	for (int i = 0; i < 6; i++)
		put_text(y, a->left + cols[i],
			 (i < 5 ? cols[i + 1] - cols[i] : a->cols - cols[i]) - 1, theme(TH_TITLE),
			 heads[i]);
	v->visible = a->rows - 2;
	for (int i = 0; i < v->visible && v->top + i < (int)v->n; i++) {
		const struct auditlog_line *l = &v->rows[v->top + i];
		int row = y + 1 + i, sel = v->top + i == v->selected;
		attr_t attr = sel ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (sel)
			put_fill(row, a->left, a->cols, attr);
		char seq[24], when[32], day[16], what[400];
		snprintf(seq, sizeof(seq), "%" PRId64, l->seq);
		/* "2026-11-22T04:44:21.123Z" -> "11-22 04:44:21" ("22.11 04:44:21" ...) */
		int month = 0, mday = 0;
		if (strlen(l->ts_utc) >= 19)
			sscanf(l->ts_utc + 5, "%2d-%2d", &month, &mday);
		snprintf(when, sizeof(when), "%s %.8s",
			 lang_day_month(month, mday, day, sizeof(day)),
			 strlen(l->ts_utc) >= 19 ? l->ts_utc + 11 : "");
		snprintf(what, sizeof(what), "%s%s%s", l->object, l->detail[0] ? " · " : "",
			 l->detail);
		const char *cells[] = { seq, when, l->officer, l->action, l->outcome, what };
		for (int c = 0; c < 6; c++) {
			attr_t ca = attr;
			if (c == 4 && !sel && strcmp(l->outcome, "ok") != 0)
				ca = theme(TH_ERROR);
			put_cell(row, a->left + cols[c],
				 (c < 5 ? cols[c + 1] - cols[c] : a->cols - cols[c]) - 1, ca,
				 cells[c]);
		}
	}
}

static void verify(struct ui *ui)
{
	struct audit_verify_result res;
	struct error err;
	error_clear(&err);
	int rc = auditlog_verify(ui->app, &ui->session, &res, &err);
	if (rc < 0)
		ui_message(ui, 1, "%s", err.msg);
	else if (rc == 0)
		ui_message(ui, 0,
			   P_("Audit chain intact: %" PRId64 " row checked",
			      "Audit chain intact: %" PRId64 " rows checked",
			      (unsigned long)res.rows),
			   res.rows);
	else {
		char why[320];
		auditlog_describe(&res, why, sizeof(why));
		ui_message(ui, 1, _("AUDIT CHAIN BROKEN at row %" PRId64 ": %s"), res.bad_seq, why);
	}
}

static enum ui_result audit_key(struct ui *ui, wint_t ch, int is_key)
{
	struct audit_view *v = ui->state;
	if (list_key(&v->selected, &v->top, (int)v->n, v->visible, ch, is_key))
		return UI_HANDLED;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if (!is_key && (ch == 'v' || ch == 'V') && !ui->audit_own) {
		verify(ui);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static const struct binding audit_bindings[] = {
	{ "V", N_("Verify chain") },
	{ "↑↓", N_("Scroll") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen audit_screen = {
	.name = "audit",
	.open = audit_open,
	.draw = audit_draw,
	.key = audit_key,
	.close = audit_close,
	.bindings = audit_bindings,
	.needs_session = 1,
};
