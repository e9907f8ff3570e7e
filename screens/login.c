/* Login: user name and password; the language of this screen can be switched before
 * anyone logs in. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/lang.h"
#include "app/secret.h"
#include "app/setup.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct login {
	struct field user, password;
	int focus; /* 0 user, 1 password */
};

static int login_open(struct ui *ui)
{
	struct login *l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	l->password.secret = 1;
	ui->state = l;
	return 0;
}

static void login_close(struct ui *ui)
{
	struct login *l = ui->state;
	if (l) {
		field_clear(&l->password);
		free(l);
	}
}

static void login_draw(struct ui *ui, const struct area *a)
{
	struct login *l = ui->state;
	int y = a->top + a->rows / 2 - 5;
	put_centred(y, a, theme(TH_TITLE), "SHEKARA");
	put_centred(y + 1, a, theme(TH_DIM), _("Border control workstation"));
	char where[160];
	snprintf(where, sizeof(where), _("Post %s · workstation %s"), ui->app->post,
		 ui->app->workstation);
	put_centred(y + 2, a, theme(TH_NORMAL), where);

	const char *labels[2] = { _("User name"), _("Password") };
	int lw = text_width(labels[0]) > text_width(labels[1]) ? text_width(labels[0])
							       : text_width(labels[1]);
	int fw = 30, x = a->left + (a->cols - lw - 2 - fw) / 2;
	for (int i = 0; i < 2; i++) {
		put_text(y + 4 + 2 * i, x, lw, theme(TH_NORMAL), labels[i]);
	}
	if (ui->app->demo) {
		char hint[160];
		snprintf(hint, sizeof(hint),
			 _("Demo accounts: officer, supervisor, trainer, admin · password: %s"),
			 DEMO_PASSWORD);
		put_centred(y + 9, a, theme(TH_DIM), hint);
	}
	/* fields last: the focused one leaves the cursor where typing goes */
	field_draw(&l->user, y + 4, x + lw + 2, fw, 0);
	field_draw(&l->password, y + 6, x + lw + 2, fw, 0);
	struct field *f = l->focus ? &l->password : &l->user;
	field_draw(f, y + 4 + 2 * l->focus, x + lw + 2, fw, 1);
	curs_set(1);
}

static enum ui_result submit(struct ui *ui, struct login *l)
{
	char user[FIELD_MAX * 4], password[FIELD_MAX * 4];
	field_text(&l->user, user, sizeof(user));
	field_text(&l->password, password, sizeof(password));
	field_clear(&l->password);
	struct error err;
	error_clear(&err);
	int rc = session_login(ui->app, user, password, "terminal", &ui->session, &err);
	secret_wipe(password, sizeof(password));
	if (rc < 0) {
		ui_message(ui, 1, "%s", err.msg);
		l->focus = err.code == ERR_USAGE ? 0 : 1;
		return UI_HANDLED;
	}
	ui->logged_in = 1;
	/* nothing of the previous officer's booth carries over */
	memset(&ui->shift, 0, sizeof(ui->shift));
	memset(&ui->pending, 0, sizeof(ui->pending));
	ui->has_pending = 0;
	lang_use(ui->session.language);
	ui_message(ui, 0, _("Welcome, %s"),
		   ui->session.full_name[0] ? ui->session.full_name : ui->session.username);
	/* decisions belong to a shift: who may decide says first where they sit */
	ui_goto(ui, role_allows(ui->session.role, PERM_DECIDE) ? &shift_screen : &home_screen);
	return UI_NEXT;
}

static enum ui_result login_key(struct ui *ui, wint_t ch, int is_key)
{
	struct login *l = ui->state;
	if (is_key && ch == KEY_F(10))
		return UI_QUIT;
	if (is_key && ch == KEY_F(9)) {
		ui_goto(ui, &language_screen);
		return UI_NEXT;
	}
	if ((!is_key && ch == '\t') || (is_key && (ch == KEY_DOWN || ch == KEY_UP))) {
		l->focus = !l->focus;
		return UI_HANDLED;
	}
	if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) {
		if (l->focus == 0) {
			l->focus = 1;
			return UI_HANDLED;
		}
		return submit(ui, l);
	}
	if (field_key(l->focus ? &l->password : &l->user, ch, is_key)) {
		ui->message[0] = '\0';
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static const struct binding login_bindings[] = {
	{ "Enter", N_("Log in") },
	{ "Tab", N_("Next field") },
	{ "F9", N_("Language") },
	{ "F10", N_("Quit") },
	{ NULL, NULL },
};

const struct screen login_screen = {
	.name = "login",
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
	.bindings = login_bindings,
	.takes_text = 1,
};
