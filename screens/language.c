/* Language: each language listed in its own name; the choice is stored with the
 * officer (or applies to the login screen when nobody is logged in). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/lang.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

struct language {
	int selected;
};

static int language_open(struct ui *ui)
{
	struct language *l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	for (int i = 0; i < lang_count; i++)
		if (strcmp(lang_table[i].code, lang_current()) == 0)
			l->selected = i;
	ui->state = l;
	return 0;
}

static void language_close(struct ui *ui)
{
	free(ui->state);
}

static void language_draw(struct ui *ui, const struct area *a)
{
	struct language *l = ui->state;
	put_rule(a->top, a, _("Language"));
	for (int i = 0; i < lang_count; i++) {
		int y = a->top + 2 + i;
		attr_t attr = i == l->selected ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (i == l->selected)
			put_fill(y, a->left + 4, 30, attr);
		put_text(y, a->left + 5, 4, attr, lang_table[i].code);
		put_text(y, a->left + 10, 24, attr, lang_table[i].native);
		if (strcmp(lang_table[i].code, lang_current()) == 0)
			put_text(y, a->left + 36, a->cols - 40, theme(TH_DIM), _("(in use)"));
	}
}

static enum ui_result language_key(struct ui *ui, wint_t ch, int is_key)
{
	struct language *l = ui->state;
	int top = 0;
	if (list_key(&l->selected, &top, lang_count, lang_count, ch, is_key))
		return UI_HANDLED;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_F(10))) {
		ui_goto(ui, ui->back);
		return UI_NEXT;
	}
	if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) {
		const char *code = lang_table[l->selected].code;
		struct error err;
		error_clear(&err);
		if (ui->logged_in && session_set_language(ui->app, &ui->session, code, &err) < 0) {
			ui_message(ui, 1, "%s", err.msg);
			return UI_HANDLED;
		}
		lang_use(code);
		ui_message(ui, 0, "%s", _("Language changed"));
		ui_goto(ui, ui->back);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding language_bindings[] = {
	{ "Enter", N_("Choose") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen language_screen = {
	.name = "language",
	.open = language_open,
	.draw = language_draw,
	.key = language_key,
	.close = language_close,
	.bindings = language_bindings,
};
