/* Start of shift: officers who decide on travellers say which way the traffic goes and
 * which lane they sit at before the first document, since every decision is recorded
 * with its shift. Asked at every login: a shift still open then was cut short, and is
 * closed as interrupted when this screen opens. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/shift.h"
#include "app/text.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { DIR_ENTRY, DIR_EXIT };
enum { FOCUS_DIRECTION, FOCUS_LANE };
enum { LANE_W = 16 };

struct shift_form {
	int direction;
	int focus;
	struct field lane;
	int lane_fresh; /* the proposed lane is replaced by the first key typed */
	int has_open;
	struct shift_row open; /* a shift left open, shown so the officer knows */
};

static void set_lane(struct shift_form *f, const char *lane)
{
	field_clear(&f->lane);
	for (const char *c = lane; *c; c++)
		field_key(&f->lane, (wint_t)(unsigned char)*c, 0);
	f->lane_fresh = 1;
}

static int form_open(struct ui *ui)
{
	struct shift_form *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	ui->state = f;
	struct error err;
	error_clear(&err);
	int found = shift_current(ui->app, &ui->session, &f->open, &err);
	if (found < 0)
		ui_message(ui, 1, "%s", err.msg);
	f->has_open = found == 1;
	/* a shift still open at login was cut short (a crash, a power cut): it ends now as
	 * interrupted, whatever the officer does next on this screen */
	if (f->has_open && shift_end(ui->app, &ui->session, "interrupted", &err) < 0)
		ui_message(ui, 1, "%s", err.msg);
	/* an interrupted shift is usually resumed at the same booth */
	f->direction = f->has_open && strcmp(f->open.direction, "exit") == 0 ? DIR_EXIT : DIR_ENTRY;
	set_lane(f, f->has_open && f->open.lane[0] ? f->open.lane : "1");
	return 0;
}

static void form_close(struct ui *ui)
{
	free(ui->state);
}

static const char *direction_word(int direction)
{
	/* TRANSLATORS: direction of traffic at the booth, shown in capitals */
	return direction == DIR_EXIT ? _("EXIT") : _("ENTRY");
}

static void draw_choice(int y, int x, const char *key, const char *label, int chosen, int focus)
{
	char text[96];
	snprintf(text, sizeof(text), "[%s] %s", key, label);
	attr_t attr = chosen ? (focus ? theme(TH_SELECTED) : theme(TH_TITLE)) : theme(TH_NORMAL);
	put_text(y, x, 2, attr, chosen ? "▸" : " ");
	put_text(y, x + 2, 24, attr, text);
}

static void draw_open_note(const struct shift_form *f, const struct area *a, int y)
{
	if (!f->has_open)
		return;
	char note[256], when[24];
	const char *dir = strcmp(f->open.direction, "exit") == 0 ? direction_word(DIR_EXIT)
								 : direction_word(DIR_ENTRY);
	text_minute(f->open.opened_at, when, sizeof(when));
	/* TRANSLATORS: date and time (UTC), direction, lane of a shift never closed */
	snprintf(note, sizeof(note), _("Your shift opened %s UTC (%s, lane %s) was not closed."),
		 when, dir, f->open.lane);
	/* two rows for the note when it needs them (a long lane, a long language) */
	int rows = put_wrapped(y, a->left + 4, a->cols - 8, 2, theme(TH_ERROR), note);
	put_text(y + rows, a->left + 4, a->cols - 8, theme(TH_NORMAL),
		 _("Opening this shift closes it as interrupted."));
}

static void form_draw(struct ui *ui, const struct area *a)
{
	struct shift_form *f = ui->state;
	put_rule(a->top, a, _("Start of shift"));
	char who[256];
	snprintf(who, sizeof(who), "%s — %s",
		 ui->session.full_name[0] ? ui->session.full_name : ui->session.username,
		 role_label(ui->session.role));
	put_text(a->top + 2, a->left + 4, a->cols - 8, theme(TH_TITLE), who);
	const char *labels[2] = { _("Direction"), _("Lane") };
	int lw = text_width(labels[0]) > text_width(labels[1]) ? text_width(labels[0])
							       : text_width(labels[1]);
	lw = lw > 20 ? 20 : lw;
	int x = a->left + 4, fx = x + lw + 3, y = a->top + 4;
	put_text(y, x, lw, theme(TH_NORMAL), labels[0]);
	int dfocus = f->focus == FOCUS_DIRECTION;
	draw_choice(y, fx, "E", direction_word(DIR_ENTRY), f->direction == DIR_ENTRY, dfocus);
	draw_choice(y, fx + 26, "X", direction_word(DIR_EXIT), f->direction == DIR_EXIT, dfocus);
	put_text(y + 2, x, lw, theme(TH_NORMAL), labels[1]);
	put_text(y + 2, fx + LANE_W + 2, a->cols - (fx + LANE_W + 2) - 2, theme(TH_DIM),
		 _("letters, digits or '-'"));
	draw_open_note(f, a, y + 5);
	put_text(y + 8, x, a->cols - 8, theme(TH_DIM),
		 _("Every decision you record is filed under this shift."));
	/* last: a focused lane field leaves the cursor where typing goes */
	field_draw(&f->lane, y + 2, fx, LANE_W, f->focus == FOCUS_LANE);
	curs_set(f->focus == FOCUS_LANE);
}

static enum ui_result submit(struct ui *ui, struct shift_form *f)
{
	char lane[FIELD_MAX * 4];
	field_text(&f->lane, lane, sizeof(lane));
	struct error err;
	error_clear(&err);
	const char *dir = f->direction == DIR_EXIT ? "exit" : "entry";
	if (shift_start(ui->app, &ui->session, dir, lane, &ui->shift, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		f->focus = FOCUS_LANE;
		return UI_HANDLED;
	}
	/* TRANSLATORS: direction (ENTRY/EXIT), then the lane */
	ui_message(ui, 0, _("Shift opened: %s, lane %s"), direction_word(f->direction),
		   ui->shift.lane);
	ui_goto(ui, &home_screen);
	return UI_NEXT;
}

static enum ui_result direction_key(struct shift_form *f, wint_t ch, int is_key)
{
	if (is_key && (ch == KEY_LEFT || ch == KEY_RIGHT)) {
		f->direction = !f->direction;
		return UI_HANDLED;
	}
	if (!is_key && (ch == 'e' || ch == 'E' || ch == 'x' || ch == 'X')) {
		f->direction = ch == 'x' || ch == 'X' ? DIR_EXIT : DIR_ENTRY;
		f->focus = FOCUS_LANE; /* the lane is all that is left to say */
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static enum ui_result lane_key(struct ui *ui, struct shift_form *f, wint_t ch, int is_key)
{
	if (f->lane_fresh && !is_key && ch >= 0x20 && ch != 0x7f)
		field_clear(&f->lane);
	if (!field_key(&f->lane, ch, is_key))
		return UI_IGNORED;
	f->lane_fresh = 0;
	ui->message[0] = '\0';
	return UI_HANDLED;
}

static enum ui_result form_key(struct ui *ui, wint_t ch, int is_key)
{
	struct shift_form *f = ui->state;
	if (!is_key && ch == 27) {
		/* no decision without a shift: leaving here ends the session */
		ui_logout(ui, "logout");
		ui_message(ui, 0, "%s", _("Logged out"));
		return UI_NEXT;
	}
	if (is_key && ch == KEY_F(10))
		return UI_QUIT;
	if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER))
		return submit(ui, f);
	if ((!is_key && ch == '\t') ||
	    (is_key && (ch == KEY_DOWN || ch == KEY_UP || ch == KEY_BTAB))) {
		f->focus = !f->focus;
		return UI_HANDLED;
	}
	if (f->focus == FOCUS_DIRECTION)
		return direction_key(f, ch, is_key);
	return lane_key(ui, f, ch, is_key);
}

static const struct binding shift_bindings[] = {
	{ "Enter", N_("Open shift") },
	/* TRANSLATORS: key bar, the direction of traffic (not leaving the program) */
	{ "E", N_("Entry") },
	/* TRANSLATORS: key bar, the direction of traffic (not leaving the program) */
	{ "X", N_("Exit") },
	{ "Tab", N_("Lane") },
	{ "Esc", N_("Log out") },
	{ "F10", N_("Quit") },
	{ NULL, NULL },
};

const struct screen shift_screen = {
	.name = "shift",
	.open = form_open,
	.draw = form_draw,
	.key = form_key,
	.close = form_close,
	.bindings = shift_bindings,
	.needs_session = 1,
};
