/* The supervisor's queue: one line per open referral or override, oldest first. Enter
 * opens the case. Opening the queue is audited by app/cases. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cases.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct queue {
	struct case_row rows[CASES_QUEUE_MAX];
	int n, selected, top, visible;
	int failed;
};

static int queue_open(struct ui *ui)
{
	struct queue *q = calloc(1, sizeof(*q));
	if (!q)
		return -1;
	ui->state = q;
	struct error err;
	error_clear(&err);
	q->n = cases_queue(ui->app, &ui->session, q->rows, CASES_QUEUE_MAX, &err);
	if (q->n < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	/* come back to the case just left, when it is still open */
	for (int i = 0; i < q->n; i++)
		if (q->rows[i].id == ui->case_id)
			q->selected = i;
	return 0;
}

static void queue_close(struct ui *ui)
{
	free(ui->state);
}

static const char *kind_label(const char *kind)
{
	return strcmp(kind, "override") == 0 ? _("override") : _("referral");
}

static void queue_draw(struct ui *ui, const struct area *a)
{
	struct queue *q = ui->state;
	put_rule(a->top, a, _("Referred cases"));
	if (q->n == 0) {
		put_text(a->top + 2, a->left + 2, a->cols - 4, theme(TH_NORMAL),
			 _("No open cases: every referral and override has been resolved."));
		return;
	}
	int y = a->top + 1;
	const int cols[] = { 1, 10, 23, 48, 72 };
	const char *heads[] = { _("Waiting"), _("Officer"), _("Traveller"), _("Case"),
				_("Verdict") };
	for (int i = 0; i < 5; i++)
		put_text(y, a->left + cols[i],
			 (i < 4 ? cols[i + 1] - cols[i] : a->cols - cols[i]) - 1, theme(TH_TITLE),
			 heads[i]);
	q->visible = a->rows - 2;
	time_t now = time(NULL);
	for (int i = 0; i < q->visible && q->top + i < q->n; i++) {
		const struct case_row *c = &q->rows[q->top + i];
		int row = y + 1 + i, sel = q->top + i == q->selected;
		attr_t attr = sel ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (sel)
			put_fill(row, a->left, a->cols, attr);
		char age[32], who[300], what[320];
		cases_age(c->opened_at, now, age, sizeof(age));
		snprintf(who, sizeof(who), "%s%s%s", c->surname, c->given_names[0] ? ", " : "",
			 c->given_names);
		snprintf(what, sizeof(what), "%s%s%s", kind_label(c->kind),
			 c->reason[0] ? ": " : "", c->reason);
		const char *cells[] = { age, c->officer, who, what, verdict_label(c->verdict) };
		for (int k = 0; k < 5; k++) {
			attr_t ca = attr;
			if (k == 4 && !sel && strcmp(c->verdict, "hit") == 0)
				ca = theme(TH_ERROR);
			put_cell(row, a->left + cols[k],
				 (k < 4 ? cols[k + 1] - cols[k] : a->cols - cols[k]) - 1, ca,
				 cells[k]);
		}
	}
}

static enum ui_result queue_key(struct ui *ui, wint_t ch, int is_key)
{
	struct queue *q = ui->state;
	if (list_key(&q->selected, &q->top, q->n, q->visible, ch, is_key))
		return UI_HANDLED;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if (((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) && q->n > 0) {
		ui->case_id = q->rows[q->selected].id;
		ui_goto(ui, &case_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding queue_bindings[] = {
	{ "Enter", N_("Open case") },
	{ "↑↓", N_("Select") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen queue_screen = {
	.name = "queue",
	.open = queue_open,
	.draw = queue_draw,
	.key = queue_key,
	.close = queue_close,
	.bindings = queue_bindings,
	.needs_session = 1,
};
