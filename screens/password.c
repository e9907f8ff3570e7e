/* Change my password: current, new, and the new one again. */
#include <curses.h>
#include <stdlib.h>

#include "app/secret.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct password {
	struct field fields[3];
	int focus;
};

static int password_open(struct ui *ui)
{
	struct password *p = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	for (int i = 0; i < 3; i++)
		p->fields[i].secret = 1;
	ui->state = p;
	return 0;
}

static void password_close(struct ui *ui)
{
	struct password *p = ui->state;
	if (!p)
		return;
	for (int i = 0; i < 3; i++)
		field_clear(&p->fields[i]);
	free(p);
}

static void password_draw(struct ui *ui, const struct area *a)
{
	struct password *p = ui->state;
	const char *labels[3] = { _("Current password"), _("New password"),
				  _("New password again") };
	put_rule(a->top, a, _("Change my password"));
	int lw = 0;
	for (int i = 0; i < 3; i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	for (int i = 0; i < 3; i++)
		put_text(a->top + 2 + 2 * i, a->left + 4, lw, theme(TH_NORMAL), labels[i]);
	char rule[128];
	snprintf(rule, sizeof(rule),
		 P_("At least %d character.", "At least %d characters.",
		    (unsigned long)ui->app->cfg.min_password_length),
		 ui->app->cfg.min_password_length);
	put_text(a->top + 9, a->left + 4, a->cols - 8, theme(TH_DIM), rule);
	for (int i = 0; i < 3; i++)
		if (i != p->focus)
			field_draw(&p->fields[i], a->top + 2 + 2 * i, a->left + 6 + lw, 30, 0);
	field_draw(&p->fields[p->focus], a->top + 2 + 2 * p->focus, a->left + 6 + lw, 30, 1);
	curs_set(1);
}

static enum ui_result submit(struct ui *ui, struct password *p)
{
	char text[3][FIELD_MAX * 4];
	for (int i = 0; i < 3; i++) {
		field_text(&p->fields[i], text[i], sizeof(text[i]));
		field_clear(&p->fields[i]);
	}
	p->focus = 0;
	struct error err;
	error_clear(&err);
	int rc = session_change_password(ui->app, &ui->session, text[0], text[1], text[2], &err);
	for (int i = 0; i < 3; i++)
		secret_wipe(text[i], sizeof(text[i]));
	if (rc == -ERR_DENIED) { /* too many wrong current passwords: the account is locked */
		ui_logout(ui, "locked");
		ui_message(ui, 1, "%s", err.msg);
		return UI_NEXT;
	}
	if (rc < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	ui_message(ui, 0, "%s", _("Password changed"));
	ui_goto(ui, &home_screen);
	return UI_NEXT;
}

static enum ui_result password_key(struct ui *ui, wint_t ch, int is_key)
{
	struct password *p = ui->state;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_DOWN)) {
		p->focus = (p->focus + 1) % 3;
		return UI_HANDLED;
	}
	if (is_key && ch == KEY_UP) {
		p->focus = (p->focus + 2) % 3;
		return UI_HANDLED;
	}
	if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) {
		if (p->focus < 2) {
			p->focus++;
			return UI_HANDLED;
		}
		return submit(ui, p);
	}
	return field_key(&p->fields[p->focus], ch, is_key) ? UI_HANDLED : UI_IGNORED;
}

static const struct binding password_bindings[] = {
	{ "Enter", N_("Next / save") },
	{ "Esc", N_("Cancel") },
	{ NULL, NULL },
};

const struct screen password_screen = {
	.name = "password",
	.open = password_open,
	.draw = password_draw,
	.key = password_key,
	.close = password_close,
	.bindings = password_bindings,
	.needs_session = 1,
	.takes_text = 1,
};
