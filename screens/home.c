/* Home: the menu, built from what the officer's role allows (the same checks that
 * app/ enforces when the action runs). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum item_action { GO, GO_OWN, LOGOUT, QUIT };

struct item {
	wint_t hotkey;
	const char *label; /* N_() */
	int perm;          /* enum perm, or -1 for everyone */
	enum item_action action;
	const struct screen *target;
};

static const struct item items[] = {
	{ 's', N_("Scan a document"), PERM_SCAN_DOCUMENTS, GO, &scan_screen },
	{ 'c', N_("Referred cases"), PERM_REVIEW_CASES, GO, &queue_screen },
	{ 'r', N_("Shift report"), PERM_DECIDE, GO, &report_screen },
	{ 'n', N_("Training scenarios"), PERM_RUN_TRAINING, GO, &training_screen },
	{ 'v', N_("Vehicles and manifests"), PERM_MANIFESTS, GO, &manifests_screen },
	{ 'a', N_("Accounts"), PERM_MANAGE_ACCOUNTS, GO, &accounts_screen },
	{ 't', N_("Audit trail of the post"), PERM_VIEW_AUDIT, GO, &audit_screen },
	{ 'm', N_("My activity"), PERM_VIEW_OWN_ACTIVITY, GO_OWN, &audit_screen },
	{ 'p', N_("Change my password"), -1, GO, &password_screen },
	{ 'g', N_("Language"), -1, GO, &language_screen },
	{ 'l', N_("Log out"), -1, LOGOUT, NULL },
	{ 'q', N_("Quit"), -1, QUIT, NULL },
};
enum { ITEM_COUNT = sizeof(items) / sizeof(items[0]) };

struct home {
	const struct item *shown[ITEM_COUNT];
	int n, selected;
};

static int home_open(struct ui *ui)
{
	if (ui->training) { /* a trainee's way home leads to the run's briefing */
		ui_goto(ui, &briefing_screen);
		return -1;
	}
	struct home *h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	for (int i = 0; i < ITEM_COUNT; i++)
		if (items[i].perm < 0 || role_allows(ui->session.role, (enum perm)items[i].perm))
			h->shown[h->n++] = &items[i];
	ui->state = h;
	return 0;
}

static void home_close(struct ui *ui)
{
	free(ui->state);
}

static void home_draw(struct ui *ui, const struct area *a)
{
	struct home *h = ui->state;
	char title[256];
	snprintf(title, sizeof(title), "%s — %s",
		 ui->session.full_name[0] ? ui->session.full_name : ui->session.username,
		 role_label(ui->session.role));
	put_rule(a->top, a, _("Main menu"));
	put_text(a->top + 2, a->left + 4, a->cols - 8, theme(TH_TITLE), title);
	for (int i = 0; i < h->n; i++) {
		int y = a->top + 4 + i;
		attr_t attr = i == h->selected ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (i == h->selected)
			put_fill(y, a->left + 4, 44, attr);
		char key[8];
		snprintf(key, sizeof(key), "[%c]", (char)(h->shown[i]->hotkey - 'a' + 'A'));
		put_text(y, a->left + 5, 4, attr, key);
		put_text(y, a->left + 10, 38, attr, _(h->shown[i]->label));
	}
}

static enum ui_result activate(struct ui *ui, const struct item *it)
{
	switch (it->action) {
	case LOGOUT:
		ui_logout(ui, "logout");
		ui_message(ui, 0, "%s", _("Logged out"));
		return UI_NEXT;
	case QUIT:
		return UI_QUIT;
	case GO:
	case GO_OWN:
		ui->audit_own = it->action == GO_OWN;
		ui->message[0] = '\0';
		ui_goto(ui, it->target);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static enum ui_result home_key(struct ui *ui, wint_t ch, int is_key)
{
	struct home *h = ui->state;
	int top = 0;
	if (list_key(&h->selected, &top, h->n, h->n, ch, is_key))
		return UI_HANDLED;
	if (is_key && ch == KEY_F(10))
		return UI_QUIT;
	if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER))
		return activate(ui, h->shown[h->selected]);
	if (!is_key) {
		wint_t lower = ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
		for (int i = 0; i < h->n; i++)
			if (h->shown[i]->hotkey == lower)
				return activate(ui, h->shown[i]);
	}
	return UI_IGNORED;
}

static const struct binding home_bindings[] = {
	{ "Enter", N_("Open") }, { "G", N_("Language") }, { "L", N_("Log out") },
	{ "F10", N_("Quit") },   { NULL, NULL },
};

const struct screen home_screen = {
	.name = "home",
	.open = home_open,
	.draw = home_draw,
	.key = home_key,
	.close = home_close,
	.bindings = home_bindings,
	.needs_session = 1,
};
