/* The main loop, terminal set-up and the frame every screen sits in: status bar on
 * top, DEMO banner, the screen's area, a message line and the key bar at the bottom. */
#include "screens/ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <wctype.h>
/* term.h defines capability names as macros; struct document has a member 'lines' */
#undef lines
#include <unistd.h>

#include "app/barcode.h"
#include "app/chip_job.h"
#include "app/lang.h"
#include "app/sync.h"
#include "app/sync_job.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"
#include "screens/layout.h"
#include "screens/photo.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum {
	MIN_COLS = 80,
	MIN_ROWS = 24,
	/* how long the terminal has to answer at start-up: a local terminal answers in a
	 * few milliseconds, and nobody should wait for one that never does */
	QUERY_MS = 150,
	/* once a reply has begun, the time its end may take over a slow line */
	QUERY_REST_MS = 1000,
	/* how long an unanswered query's reply is still looked for among the keys */
	LATE_REPLY_S = 10,
	LATE_REPLY_MAX = 32,
};

static volatile sig_atomic_t stop_signal;

/* Until when a reply to the start-up query may still arrive (0: none expected). */
static time_t late_reply_until;

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
	photo_graphics_end();
	if (!isendwin())
		endwin();
}

/* Replies to the start-up queries in buf: a cell's size in pixels (XTWINOPS 16:
 * CSI 6 ; height ; width t) and the Primary Device Attributes (CSI ? class ; attr ...
 * c), whose attribute 4 says sixel graphics. The DA reply comes last, since every
 * terminal answers in order: 1 once it is complete. */
static int parse_replies(const char *buf, size_t len, int *sixel, int *cell_w, int *cell_h)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\033' || buf[i + 1] != '[')
			continue;
		size_t j = i + 2;
		int is_private = j < len && buf[j] == '?';
		j += (size_t)is_private;
		int par[16], n = 0, cur = 0;
		for (; j < len; j++) {
			if (buf[j] >= '0' && buf[j] <= '9')
				cur = cur < 100000 ? cur * 10 + (buf[j] - '0') : cur;
			else if (buf[j] == ';' && n < 15) {
				par[n++] = cur;
				cur = 0;
			} else
				break;
		}
		if (j >= len)
			return 0; /* the rest has not arrived yet */
		par[n++] = cur;
		if (is_private && buf[j] == 'c') {
			/* the first number is the terminal's class, the others what it has */
			for (int k = 1; k < n; k++)
				*sixel |= par[k] == 4;
			return 1;
		}
		if (!is_private && buf[j] == 't' && n == 3 && par[0] == 6 && par[1] > 0 &&
		    par[2] > 0) {
			*cell_h = par[1];
			*cell_w = par[2];
		}
		i = j;
	}
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Asks the terminal for its cell size and its attributes, with the tty raw for the
 * time of the answer: nothing echoed, and every byte of the replies read here, so none
 * reaches the keyboard input. Keys typed in those milliseconds are lost with them.
 * 1 when the terminal says it shows sixels. */
static int query_terminal(int *cell_w, int *cell_h)
{
	struct termios raw;
	if (!have_saved_tio)
		return 0;
	raw = saved_tio;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
		return 0;
	static const char ask[] = "\033[16t\033[c";
	char buf[512];
	size_t len = 0;
	int sixel = 0, done = 0, started = 0;
	if (write(STDOUT_FILENO, ask, sizeof(ask) - 1) == (ssize_t)(sizeof(ask) - 1)) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (!done && len < sizeof(buf) && !stop_signal) {
			long left = (started ? QUERY_REST_MS : QUERY_MS) - ms_since(&t0);
			struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
			if (left <= 0 || poll(&pfd, 1, (int)left) == 0)
				break;
			ssize_t n = read(STDIN_FILENO, buf + len, sizeof(buf) - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
			started = 1;
			done = parse_replies(buf, len, &sixel, cell_w, cell_h);
		}
	}
	/* an answer cut short by the timeout must not be left to be read as keys, and
	 * one still on its way is looked for among them (late_reply) */
	if (!done) {
		tcflush(STDIN_FILENO, TCIFLUSH);
		late_reply_until = time(NULL) + LATE_REPLY_S;
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	return done && sixel;
}

/* ui.photo: auto asks the environment and the terminal. Inside tmux or screen the
 * terminal's answer would be the multiplexer's and a picture would not survive its
 * redraws: symbols. Kitty says who it is in the environment. The others are asked for
 * sixel, except where asking is known to be useless (no terminal, dumb, the Linux
 * console). Explicit sixel asks too, for the cell size only. */
static enum photo_graphics choose_graphics(const char *setting, int *cell_w, int *cell_h)
{
	*cell_w = *cell_h = 0;
	if (strcmp(setting, "kitty") == 0)
		return PHOTO_KITTY;
	int sixel = strcmp(setting, "sixel") == 0;
	if (!sixel && strcmp(setting, "auto") != 0)
		return PHOTO_SYMBOLS;
	const char *term = getenv("TERM");
	int multiplexed = getenv("TMUX") || getenv("STY");
	int can_ask = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
		      strcmp(term, "dumb") != 0 && strcmp(term, "linux") != 0 && !multiplexed;
	if (sixel) {
		if (can_ask)
			query_terminal(cell_w, cell_h);
		return PHOTO_SIXEL;
	}
	if (multiplexed)
		return PHOTO_SYMBOLS;
	if ((term && strcmp(term, "xterm-kitty") == 0) || getenv("KITTY_WINDOW_ID"))
		return PHOTO_KITTY;
	return can_ask && query_terminal(cell_w, cell_h) ? PHOTO_SIXEL : PHOTO_SYMBOLS;
}

static void terminal_setup(const char *color, const char *photo)
{
	have_saved_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	/* the handlers first: a Ctrl-C during the terminal's query ends the program the
	 * usual way, with the tty put back (ncurses keeps handlers it finds in place) */
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

	int cell_w, cell_h;
	enum photo_graphics g = choose_graphics(photo, &cell_w, &cell_h);
	photo_use_graphics(g, cell_w, cell_h);
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
	restore_len = photo_graphics_erase_seq(restore_seq, sizeof(restore_seq));
	add_seq("sgr0");
	add_seq("cnorm");
	add_seq("rmcup");
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
	training_ui_end(ui, 0);   /* a run under way ends with whoever ran it */
	ui->app->pax_current = 0; /* the vehicle at the booth was this officer's */
	ui->manifest_id = 0;
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

/* Every sync.interval minutes (and once at start) a pull and a push run on a thread of
 * their own; the officer is never kept waiting. Its outcome only refreshes the status
 * bar (and the list age), never the screen under the officer's hands. */
static void background_sync(struct ui *ui)
{
	if (ui->app->cfg.sync_interval <= 0 || !ui->app->cfg.sync_url[0])
		return;
	time_t now = time(NULL);
	if (ui->sync_job) {
		if (!sync_job_done(ui->sync_job))
			return;
		sync_job_finish(&ui->sync_job, &ui->sync_failed, NULL, 0);
		ui->list_age_checked = -1000; /* redraw the list age and the sync time */
		return;
	}
	if (now < ui->sync_next)
		return;
	ui->sync_next = now + (time_t)ui->app->cfg.sync_interval * 60;
	struct error err;
	error_clear(&err);
	if (sync_job_start(ui->app, &ui->sync_job, &err) < 0)
		ui->sync_failed = 1;
}

/* The last successful sync (local time, the date when not today) and the records
 * bundles waiting for headquarters. */
static void sync_text(struct ui *ui)
{
	char last[32];
	int pending = 0;
	if (sync_status(ui->app, last, sizeof(last), &pending, NULL) < 0 || !last[0]) {
		/* TRANSLATORS: status bar, no synchronisation has happened yet; keep it short */
		snprintf(ui->sync_text, sizeof(ui->sync_text), "%s", _("sync: never"));
		return;
	}
	time_t when = 0, now = time(NULL);
	char at[16] = "?";
	if (clock_parse_iso(last, &when) == 0) {
		struct tm tm, today;
		localtime_r(&when, &tm);
		localtime_r(&now, &today);
		if (tm.tm_yday == today.tm_yday && tm.tm_year == today.tm_year)
			strftime(at, sizeof(at), "%H:%M", &tm);
		else
			lang_day_month(tm.tm_mon + 1, tm.tm_mday, at, sizeof(at));
	}
	if (ui->sync_failed)
		/* TRANSLATORS: status bar: the last sync failed; the time of the last good one */
		snprintf(ui->sync_text, sizeof(ui->sync_text), _("sync %s ✗"), at);
	else if (pending > 0)
		/* TRANSLATORS: status bar: last sync time, then bundles waiting to go up */
		snprintf(ui->sync_text, sizeof(ui->sync_text), _("sync %s ↑%d"), at, pending);
	else
		/* TRANSLATORS: status bar: the time of the last successful sync */
		snprintf(ui->sync_text, sizeof(ui->sync_text), _("sync %s"), at);
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
	/* every minute, and at once in another language (the login screen's switch) */
	if (now - ui->list_age_checked >= 60 || strcmp(ui->said_in, lang_current()) != 0) {
		snprintf(ui->said_in, sizeof(ui->said_in), "%s", lang_current());
		ui->list_age_days = app_list_age_days(ui->app, &ui->list_stale, NULL);
		ui->list_age_checked = now;
		sync_text(ui);
	}
	if (ui->list_age_days < 0)
		/* TRANSLATORS: status bar, no watchlist loaded; keep it short */
		snprintf(lists, sizeof(lists), "%s", _("lists: none"));
	else
		/* TRANSLATORS: status bar, age of the oldest watchlist in days; keep it short */
		snprintf(lists, sizeof(lists), _("lists %dd"), ui->list_age_days);
	const char *sync = ui->sync_text;
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M", &tm);
	int rw = text_width(lists) + 3 + text_width(sync) + 2 + text_width(clock) + 1;
	/* who and where matter more than the name of the program: drop it when tight */
	const char *shown = left;
	if (text_width(left) > COLS - rw - 1)
		shown = left + strlen(" SHEKARA ");
	put_cell(0, 0, COLS - rw - 1, theme(TH_STATUS), shown); /* names: data */
	int x = COLS - rw;
	x += put_text(0, x, COLS - x, ui->list_stale ? theme(TH_STALE) : theme(TH_STATUS), lists);
	x += put_text(0, x, COLS - x, theme(TH_STATUS), " · ");
	x += put_text(0, x, COLS - x, theme(TH_STATUS), sync);
	x += put_text(0, x, COLS - x, theme(TH_STATUS), "  ");
	put_text(0, x, COLS - x, theme(TH_STATUS), clock);
}

static const struct binding global_bindings[] = { { "F1", N_("Help") }, { NULL, NULL } };

/* Lays the key bar out from row top over rows rows (draw: 0 only measures); returns
 * the rows it needs, at most 2. A label that finds no room on the last row is left out
 * (the help screen lists every key) and told to the layout check. */
static int keybar(const struct ui *ui, int top, int rows, int draw)
{
	int y = top, x = 0, used = 1;
	if (draw)
		for (int r = 0; r < rows; r++)
			put_fill(top + r, 0, COLS, theme(TH_KEYBAR));
	const struct binding *sets[] = { ui->current ? ui->current->bindings : NULL,
					 global_bindings };
	for (int s = 0; s < 2; s++) {
		for (const struct binding *b = sets[s]; b && b->key; b++) {
			const char *label = _(b->label);
			int need = text_width(b->key) + 1 + text_width(label);
			if (x > 0 && x + need > COLS && used < (draw ? rows : 2)) {
				y++; /* on to the next row */
				used++;
				x = 0;
			}
			if (x + need > COLS) {
				if (draw)
					layout_dropped(b->key, label);
				continue;
			}
			if (draw) {
				put_text(y, x, COLS - x, theme(TH_KEYNAME), b->key);
				put_text(y, x + text_width(b->key) + 1, COLS - x, theme(TH_KEYBAR),
					 label);
			}
			x += need + 2;
		}
	}
	return used;
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

/* The banner under the status bar: DEMO, or TRAINING for as long as the program runs
 * on a training database; during a run, which traveller and what they say. */
static int banner_text(const struct ui *ui, char *out, size_t len)
{
	if (ui->training) {
		const struct scenario *sc = training_run_scenario(ui->training);
		int i = training_run_current(ui->training);
		int at_booth = ui->current == &scan_screen || ui->current == &result_screen;
		if (!at_booth)
			snprintf(out, len, _("TRAINING · %s"), sc->title);
		else if (i < sc->n_travellers && sc->travellers[i].says[0])
			/* TRANSLATORS: banner during a training run: the traveller's number, how
			 * many there are, and what the traveller says */
			snprintf(out, len, _("TRAINING · traveller %d of %d says: “%s”"), i + 1,
				 sc->n_travellers, sc->travellers[i].says);
		else
			snprintf(out, len, _("TRAINING · traveller %d of %d"),
				 i < sc->n_travellers ? i + 1 : sc->n_travellers, sc->n_travellers);
		for (char *c = out; *c; c++) /* several lines of speech, one banner line */
			*c = *c == '\n' ? ' ' : *c;
		return 1; /* the scenario's words: data */
	} else if (ui->app->training) {
		snprintf(
			out, len, "%s",
			ui->app->demo
				? _("TRAINING · DEMO DATABASE · fictional data · no live data here")
				: _("TRAINING DATABASE · no live data here · not for border "
				    "control"));
	} else {
		snprintf(out, len, "%s",
			 _("DEMO DATABASE · fictional data · not for live border control"));
	}
	return 0;
}

/* repainted: the terminal's screen was redrawn or changed as a whole (resize, another
 * screen), so a picture on it must be sent again. */
static void draw(struct ui *ui, int repainted)
{
	photo_frame_begin();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		draw_too_small();
		photo_frame_end(repainted);
		return;
	}
	erase();
	curs_set(0);
	layout_frame(ui->current ? ui->current->name : NULL);
	draw_status(ui);
	int top = 1;
	if (ui->app->demo || ui->app->training) {
		put_fill(1, 0, COLS, theme(TH_BANNER));
		struct area row = { 1, 0, 1, COLS };
		char text[512];
		int quoted = banner_text(ui, text, sizeof(text));
		if (quoted) /* a scenario's title or words: data; the screens show them whole */
			put_cell(1, 1, COLS - 2, theme(TH_BANNER), text);
		else
			put_centred(1, &row, theme(TH_BANNER), text);
		top = 2;
	}
	/* the key bar takes a second row when the labels of this language need it */
	int bar = keybar(ui, 0, 0, 0);
	/* and so does the message line for a long message */
	int said = ui->message[0] && text_width(ui->message) > COLS - 2 ? 2 : 1;
	if (ui->message[0])
		put_wrapped(LINES - bar - said, 1, COLS - 2, said,
			    ui->message_error ? theme(TH_ERROR) : theme(TH_OK), ui->message);
	keybar(ui, LINES - bar, bar, 1);
	struct area a = { top, 0, LINES - bar - said - top, COLS };
	/* the screen draws last so that its input field may leave the cursor in place */
	if (ui->current && ui->current->draw)
		ui->current->draw(ui, &a);
	refresh();
	/* curses has written the frame: now the pictures it does not know about */
	photo_frame_end(repainted);
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

/* Called when an ESC was read while a reply to the start-up query may still come (a
 * line slower than QUERY_MS): a reply (ESC [ ? ... c, or ESC [ 6 ; h ; w t) is read
 * to its end and dropped, so that it is not typed into a field; anything else goes
 * back to be read as keys. 1 when a reply was dropped. */
static int late_reply(void)
{
	if (!late_reply_until || time(NULL) > late_reply_until) {
		late_reply_until = 0;
		return 0;
	}
	wint_t seq[LATE_REPLY_MAX];
	int code[LATE_REPLY_MAX], n = 0, da = 0;
	timeout(100); /* the bytes of one reply arrive together */
	while (n < LATE_REPLY_MAX) {
		wint_t c;
		int rc = get_wch(&c);
		if (rc == ERR)
			break;
		seq[n] = c;
		code[n++] = rc == KEY_CODE_YES;
		if (rc == KEY_CODE_YES || (n == 1 && c != '['))
			break;
		if (n == 2 && c == '?') {
			da = 1;
			continue;
		}
		if (n == 1 || iswdigit(c) || c == ';')
			continue;
		if (n > 2 && c == (da ? 'c' : 't')) {
			if (da)
				late_reply_until = 0; /* the last reply */
			return 1;
		}
		break;
	}
	while (n > 0) {
		n--;
		if (code[n])
			ungetch((int)seq[n]);
		else
			unget_wch((wchar_t)seq[n]);
	}
	return 0;
}

int ui_run(struct app *app)
{
	struct ui ui;
	memset(&ui, 0, sizeof(ui));
	ui.app = app;
	ui.last_key = time(NULL);
	ui.list_age_checked = -1000;
	lang_use(app->cfg.language);
	terminal_setup(app->cfg.color, app->cfg.photo);
	ui_goto(&ui, &login_screen);

	const char *reason = "quit";
	int repainted = 1;
	for (;;) {
		const struct screen *before = ui.current;
		switch_screen(&ui);
		draw(&ui, repainted || ui.current != before);
		repainted = 0;
		timeout(ui.current && ui.current->tick_ms ? ui.current->tick_ms : 1000);
		wint_t ch;
		int rc = get_wch(&ch);
		if (ui.current && ui.current->tick && !ui.next)
			ui.current->tick(&ui);
		background_sync(&ui);
		if (stop_signal) {
			reason = "signal";
			break;
		}
		if (rc == ERR) {
			check_idle(&ui);
			continue;
		}
		int is_key = rc == KEY_CODE_YES;
		if (!is_key && ch == 27 && late_reply())
			continue;
		if (is_key && ch == KEY_RESIZE) {
			repainted = 1;
			continue; /* the next draw lays everything out anew */
		}
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
	ui.current = NULL;
	training_ui_end(&ui, 0); /* the answers so far are kept; the run ends as abandoned */
	chip_job_result_free(&ui.pending_chip);
	barcode_checks_free(&ui.pending_codes, ui.n_pending_codes);
	/* a sync under way ends at its next transaction: waited for, never cut short */
	sync_job_finish(&ui.sync_job, NULL, NULL, 0);
	photo_graphics_end();
	endwin();
	if (ui.logged_in)
		session_logout(app, &ui.session, reason);
	return stop_signal ? (int)stop_signal : 0;
}
