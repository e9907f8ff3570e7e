/* Help: made from the key table of the screen it was called from, so it can never
 * disagree with what the keys do. */
#include <curses.h>
#include <stdio.h>

#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

static void help_draw(struct ui *ui, const struct area *a)
{
	put_rule(a->top, a, _("Help"));
	int y = a->top + 2;
	const struct screen *s = ui->back;
	if (s && s->bindings) {
		for (const struct binding *b = s->bindings; b->key && y < a->top + a->rows; b++) {
			put_text(y, a->left + 4, 10, theme(TH_KEYNAME), b->key);
			put_text(y++, a->left + 14, a->cols - 18, theme(TH_NORMAL), _(b->label));
		}
	}
	y++;
	put_text(y, a->left + 4, 10, theme(TH_KEYNAME), "F1");
	put_text(y++, a->left + 14, a->cols - 18, theme(TH_NORMAL), _("This help"));
	y++;
	put_wrapped(y, a->left + 4, a->cols - 8, 2, theme(TH_DIM),
		    _("Everything you do here is recorded with your name in the audit trail."));
}

static enum ui_result help_key(struct ui *ui, wint_t ch, int is_key)
{
	(void)is_key;
	(void)ch;
	/* any key goes back */
	ui_goto(ui, ui->back ? ui->back : &login_screen);
	return UI_NEXT;
}

static const struct binding help_bindings[] = {
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen help_screen = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
	.bindings = help_bindings,
};
