/* Accounts (administrators): every officer with role, language and state; lock and
 * unlock here. Adding officers is a command (`shekara user add`) so that it scripts. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/accounts.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct accounts {
	struct officer *list;
	size_t n;
	int selected, top;
};

static int reload(struct ui *ui, struct accounts *s)
{
	free(s->list);
	s->list = NULL;
	struct error err;
	error_clear(&err);
	if (accounts_list(ui->app, &ui->session, &s->list, &s->n, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	if (s->selected >= (int)s->n)
		s->selected = s->n ? (int)s->n - 1 : 0;
	return 0;
}

static int accounts_open(struct ui *ui)
{
	struct accounts *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	ui->state = s;
	return reload(ui, s);
}

static void accounts_close(struct ui *ui)
{
	struct accounts *s = ui->state;
	if (s) {
		free(s->list);
		free(s);
	}
}

static void accounts_draw(struct ui *ui, const struct area *a)
{
	struct accounts *s = ui->state;
	put_rule(a->top, a, _("Accounts"));
	int y = a->top + 1;
	const int cols[] = { 1, 17, 32, 37, 47, 54 };
	const char *heads[] = {
		_("User"), _("Role"), _("Lang"), _("State"), _("Fails"), _("Name")
	};
	for (int i = 0; i < 6; i++)
		put_text(y, a->left + cols[i],
			 (i < 5 ? cols[i + 1] - cols[i] : a->cols - cols[i]) - 1, theme(TH_TITLE),
			 heads[i]);
	int visible = a->rows - 2;
	for (int i = 0; i < visible && s->top + i < (int)s->n; i++) {
		const struct officer *o = &s->list[s->top + i];
		int row = y + 1 + i;
		int sel = s->top + i == s->selected;
		attr_t attr = sel ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (sel)
			put_fill(row, a->left, a->cols, attr);
		char fails[16];
		snprintf(fails, sizeof(fails), "%d", o->failed_logins);
		const char *cells[] = { o->username, role_label(o->role),
					o->language, o->locked ? _("locked") : _("active"),
					fails,       o->full_name };
		for (int c = 0; c < 6; c++) {
			attr_t ca = (c == 3 && o->locked && !sel) ? theme(TH_ERROR) : attr;
			put_text(row, a->left + cols[c],
				 (c < 5 ? cols[c + 1] - cols[c] : a->cols - cols[c]) - 1, ca,
				 cells[c]);
		}
	}
}

static enum ui_result accounts_key(struct ui *ui, wint_t ch, int is_key)
{
	struct accounts *s = ui->state;
	if (list_key(&s->selected, &s->top, (int)s->n, 14, ch, is_key))
		return UI_HANDLED;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if (!is_key && (ch == 'l' || ch == 'L' || ch == 'u' || ch == 'U') && s->n > 0) {
		const char *name = s->list[s->selected].username;
		int lock = ch == 'l' || ch == 'L';
		struct error err;
		error_clear(&err);
		if (accounts_set_locked(ui->app, &ui->session, name, lock, &err) < 0)
			ui_message(ui, 1, "%s", err.msg);
		else
			ui_message(ui, 0,
				   lock ? _("Account '%s' locked") : _("Account '%s' unlocked"),
				   name);
		reload(ui, s);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static const struct binding accounts_bindings[] = {
	{ "L", N_("Lock") },
	{ "U", N_("Unlock") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen accounts_screen = {
	.name = "accounts",
	.open = accounts_open,
	.draw = accounts_draw,
	.key = accounts_key,
	.close = accounts_close,
	.bindings = accounts_bindings,
	.needs_session = 1,
};
