/* The main loop, terminal set-up and the frame every screen sits in: status bar on
 * top, DEMO banner, the screen's area, a message line and the key bar at the bottom. */
#include "screens/ui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
/* term.h defines capability names as macros; struct document has a member 'lines' */
#undef lines
#include <unistd.h>

#include "app/chip_job.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { MIN_COLS = 80, MIN_ROWS = 24 };

static volatile sig_atomic_t stop_signal;

/* What a crash handler needs to put the terminal back, captured while it is safe. */
static struct termios saved_tio;
static int have_saved_tio;
static char restore_seq[128];
static size_t restore_len;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* SIGSEGV and friends: only async-signal-safe calls, then die as the signal says. */
static void on_crash(int sig)
{
	if (restore_len && write(STDOUT_FILENO, restore_seq, restore_len) < 0) {
		/* nothing more can be done here */
	}
	if (have_saved_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_seq(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void terminal_restore(void)
{
	if (!isendwin())
		endwin();
}

static void terminal_setup(const char *color)
{
	have_saved_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	initscr();
	atexit(terminal_restore);
	cbreak(); /* Ctrl-C still raises SIGINT, which ends the program cleanly */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(1000); /* wake every second for the clock and the idle timer */
	curs_set(0);
	theme_init(color);
	add_seq("sgr0");
	add_seq("cnorm");
	add_seq("rmcup");

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop; /* no SA_RESTART: let the wait for a key return */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
}

void ui_goto(struct ui *ui, const struct screen *next)
{
	ui->next = next;
}

void ui_message(struct ui *ui, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_error = is_error;
}

void ui_logout(struct ui *ui, const char *reason)
{
	if (ui->logged_in)
		session_logout(ui->app, &ui->session, reason);
	ui->logged_in = 0;
	lang_use(ui->app->cfg.language);
	ui_goto(ui, &login_screen);
}

static void switch_screen(struct ui *ui)
{
	while (ui->next) {
		const struct screen *next = ui->next;
		ui->next = NULL;
		if (ui->current && ui->current->close)
			ui->current->close(ui);
		ui->state = NULL;
		if (next != &help_screen && next != &language_screen)
			ui->back = next;
		else if (ui->current && ui->current != &help_screen &&
			 ui->current != &language_screen)
			ui->back = ui->current;
		ui->current = next;
		if (next->needs_session && !ui->logged_in) {
			ui_goto(ui, &login_screen);
			continue;
		}
		if (next->open && next->open(ui) < 0 && !ui->next)
			ui_goto(ui, ui->logged_in ? &home_screen : &login_screen);
	}
}

static void draw_status(struct ui *ui)
{
	put_fill(0, 0, COLS, theme(TH_STATUS));
	char left[256], lists[64], clock[16];
	int n = snprintf(left, sizeof(left), " SHEKARA  %s · %s", ui->app->post,
			 ui->app->workstation);
	if (ui->logged_in && n > 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - (size_t)n, " · %s %s", ui->session.username,
			 role_label(ui->session.role));
	time_t now = time(NULL);
	if (now - ui->list_age_checked >= 60) {
		ui->list_age_days = app_list_age_days(ui->app, &ui->list_stale, NULL);
		ui->list_age_checked = now;
	}
	if (ui->list_age_days < 0)
		/* TRANSLATORS: status bar, no watchlist loaded; keep it short */
		snprintf(lists, sizeof(lists), "%s", _("lists: none"));
	else
		/* TRANSLATORS: status bar, age of the oldest watchlist in days; keep it short */
		snprintf(lists, sizeof(lists), _("lists %dd"), ui->list_age_days);
	/* TRANSLATORS: status bar, no synchronisation has happened yet; keep it short */
	const char *sync = _("sync: never");
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M", &tm);
	int rw = text_width(lists) + 3 + text_width(sync) + 2 + text_width(clock) + 1;
	/* who and where matter more than the name of the program: drop it when tight */
	const char *shown = left;
	if (text_width(left) > COLS - rw - 1)
		shown = left + strlen(" SHEKARA ");
	put_text(0, 0, COLS - rw - 1, theme(TH_STATUS), shown);
	int x = COLS - rw;
	x += put_text(0, x, COLS - x, ui->list_stale ? theme(TH_STALE) : theme(TH_STATUS), lists);
	x += put_text(0, x, COLS - x, theme(TH_STATUS), " · ");
	x += put_text(0, x, COLS - x, theme(TH_STATUS), sync);
	x += put_text(0, x, COLS - x, theme(TH_STATUS), "  ");
	put_text(0, x, COLS - x, theme(TH_STATUS), clock);
}

static const struct binding global_bindings[] = { { "F1", N_("Help") }, { NULL, NULL } };

static void draw_keybar(const struct ui *ui)
{
	int y = LINES - 1, x = 0;
	put_fill(y, 0, COLS, theme(TH_KEYBAR));
	const struct binding *sets[] = { ui->current ? ui->current->bindings : NULL,
					 global_bindings };
	for (int s = 0; s < 2; s++) {
		for (const struct binding *b = sets[s]; b && b->key; b++) {
			const char *label = _(b->label);
			int need = text_width(b->key) + 1 + text_width(label) + 2;
			if (x + need > COLS)
				return;
			x += put_text(y, x, COLS - x, theme(TH_KEYNAME), b->key);
			x += put_text(y, x, COLS - x, theme(TH_KEYBAR), " ");
			x += put_text(y, x, COLS - x, theme(TH_KEYBAR), label);
			x += put_text(y, x, COLS - x, theme(TH_KEYBAR), "  ");
		}
	}
}

static void draw_too_small(void)
{
	erase();
	char msg[160];
	snprintf(msg, sizeof(msg), _("Terminal too small: %d×%d, needs at least %d×%d"), COLS,
		 LINES, MIN_COLS, MIN_ROWS);
	struct area whole = { 0, 0, LINES, COLS };
	put_centred(LINES / 2, &whole, theme(TH_ERROR), msg);
	if (LINES > 2)
		put_centred(LINES / 2 + 1, &whole, theme(TH_NORMAL),
			    _("Enlarge the window, or press F10 to quit"));
	refresh();
}

static void draw(struct ui *ui)
{
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		draw_too_small();
		return;
	}
	erase();
	curs_set(0);
	draw_status(ui);
	int top = 1;
	if (ui->app->demo) {
		put_fill(1, 0, COLS, theme(TH_BANNER));
		struct area row = { 1, 0, 1, COLS };
		put_centred(1, &row, theme(TH_BANNER),
			    _("DEMO DATABASE · fictional data · not for live border control"));
		top = 2;
	}
	if (ui->message[0])
		put_text(LINES - 2, 1, COLS - 2, ui->message_error ? theme(TH_ERROR) : theme(TH_OK),
			 ui->message);
	draw_keybar(ui);
	struct area a = { top, 0, LINES - 2 - top, COLS };
	/* the screen draws last so that its input field may leave the cursor in place */
	if (ui->current && ui->current->draw)
		ui->current->draw(ui, &a);
	refresh();
}

static enum ui_result global_key(struct ui *ui, wint_t ch, int is_key)
{
	if ((is_key && ch == KEY_F(1)) || (!is_key && ch == '?' && !ui->current->takes_text)) {
		if (ui->current != &help_screen)
			ui_goto(ui, &help_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

/* Officers often leave the keyboard in the Russian (or Kazakh, Kyrgyz...) layout, where
 * the key marked L types Д. Command letters are read by the key's place on the
 * keyboard (ЙЦУКЕН over QWERTY), so a single-letter command works in either layout. */
static wint_t latin_key(wint_t ch)
{
	static const wchar_t cyr[] = L"йцукенгшщзфывапролдячсмитьЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ";
	static const char lat[] = "qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM";
	for (size_t i = 0; cyr[i]; i++)
		if ((wint_t)cyr[i] == ch)
			return (wint_t)(unsigned char)lat[i];
	return ch;
}

static void check_idle(struct ui *ui)
{
	int limit = ui->app->cfg.idle_logout;
	if (!ui->logged_in || limit <= 0 || time(NULL) - ui->last_key < limit)
		return;
	ui_logout(ui, "idle");
	int minutes = (limit + 59) / 60;
	ui_message(ui, 0,
		   P_("You were logged out after %d minute without activity",
		      "You were logged out after %d minutes without activity",
		      (unsigned long)minutes),
		   minutes);
}

int ui_run(struct app *app)
{
	struct ui ui;
	memset(&ui, 0, sizeof(ui));
	ui.app = app;
	ui.last_key = time(NULL);
	ui.list_age_checked = -1000;
	lang_use(app->cfg.language);
	terminal_setup(app->cfg.color);
	ui_goto(&ui, &login_screen);

	const char *reason = "quit";
	for (;;) {
		switch_screen(&ui);
		draw(&ui);
		timeout(ui.current && ui.current->tick_ms ? ui.current->tick_ms : 1000);
		wint_t ch;
		int rc = get_wch(&ch);
		if (ui.current && ui.current->tick && !ui.next)
			ui.current->tick(&ui);
		if (stop_signal) {
			reason = "signal";
			break;
		}
		if (rc == ERR) {
			check_idle(&ui);
			continue;
		}
		int is_key = rc == KEY_CODE_YES;
		if (is_key && ch == KEY_RESIZE)
			continue; /* the next draw lays everything out anew */
		ui.last_key = time(NULL);
		if (COLS < MIN_COLS || LINES < MIN_ROWS) {
			if (is_key && ch == KEY_F(10))
				break;
			continue;
		}
		if (!is_key && !ui.current->takes_text)
			ch = latin_key(ch);
		enum ui_result r = ui.current->key ? ui.current->key(&ui, ch, is_key) : UI_IGNORED;
		if (r == UI_IGNORED)
			r = global_key(&ui, ch, is_key);
		if (r == UI_QUIT)
			break;
	}
	if (ui.current && ui.current->close)
		ui.current->close(&ui);
	chip_job_result_free(&ui.pending_chip);
	endwin();
	if (ui.logged_in)
		session_logout(app, &ui.session, reason);
	return stop_signal ? (int)stop_signal : 0;
}
