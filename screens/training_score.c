/* What the trainer sees after a run: its score (right decisions, missed hits, wrong
 * refusals, time per traveller, the teaching points missed), and every run of every
 * trainee, with the CSV export. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/text.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum { SCORE_WIDTH = 78 };

struct score {
	struct training_run_row run;
	struct page page;
};

static long average_ms(const struct training_run_row *r)
{
	return r->answered ? r->total_ms / r->answered : 0;
}

/* A scenario's text as one paragraph: the lines of a repeated key run on. */
static char *reflowed(char *text)
{
	for (char *c = text; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return text;
}

static void score_lines(struct score *sc, struct training_answer_row *a, size_t n)
{
	const struct training_run_row *r = &sc->run;
	struct page *p = &sc->page;
	int pct = r->travellers ? r->correct * 100 / r->travellers : 0;
	page_add(p, TH_TITLE, 0, SCORE_WIDTH, "%s", r->scenario_title);
	page_add(p, TH_NORMAL, 0, SCORE_WIDTH, _("Trainee: %s (%s) · trainer: %s · %s"),
		 r->trainee_name, r->trainee, r->trainer,
		 strcmp(r->status, "finished") == 0 ? _("finished") : _("ended early"));
	page_push(p, TH_NORMAL, 0, "");
	page_add(p, r->correct == r->travellers ? TH_OK : TH_ERROR, 0, SCORE_WIDTH,
		 _("Right decisions: %d of %d (%d%%)"), r->correct, r->travellers, pct);
	page_add(p, r->missed_hits ? TH_ERROR : TH_NORMAL, 0, SCORE_WIDTH, _("Missed hits: %d"),
		 r->missed_hits);
	page_add(p, r->wrong_refusals ? TH_ERROR : TH_NORMAL, 0, SCORE_WIDTH,
		 _("Wrong refusals: %d"), r->wrong_refusals);
	long avg = average_ms(r);
	page_add(p, TH_NORMAL, 0, SCORE_WIDTH, _("Time per traveller: %ld.%ld s on average"),
		 avg / 1000, avg % 1000 / 100);
	if (r->answered < r->travellers)
		page_add(p, TH_ERROR, 0, SCORE_WIDTH, _("Not answered: %d"),
			 r->travellers - r->answered);
	page_push(p, TH_TITLE, 1, _("Travellers"));
	/* TRANSLATORS: column heads of a run's travellers; keep the widths */
	page_push(p, TH_DIM, 0, _(" #  Shown  Given        Expected              Time"));
	for (size_t i = 0; i < n; i++) {
		char given[24], expected[48];
		training_expected_text(a[i].given, a[i].given_ground, given, sizeof(given));
		training_expected_text(a[i].expected, a[i].expected_ground, expected,
				       sizeof(expected));
		const char *mark = a[i].correct         ? _("right")
				   : a[i].missed_hit    ? _("MISSED HIT")
				   : a[i].wrong_refusal ? _("WRONG REFUSAL")
							: _("wrong");
		page_add(p, a[i].correct ? TH_NORMAL : TH_ERROR, 0, SCORE_WIDTH,
			 "%2d. %-5s  %-12s %-21s %3ld.%ld s  %s", a[i].traveller, a[i].shown, given,
			 expected, a[i].ms / 1000, a[i].ms % 1000 / 100, mark);
	}
	int missed = 0;
	for (size_t i = 0; i < n; i++)
		missed += !a[i].correct;
	if (missed == 0)
		return;
	page_push(p, TH_TITLE, 1, _("Teaching points missed"));
	for (size_t i = 0; i < n; i++)
		if (!a[i].correct)
			page_add(p, TH_NORMAL, 1, SCORE_WIDTH, "%d. %s", a[i].traveller,
				 reflowed(a[i].teach));
}

static int score_open(struct ui *ui)
{
	struct score *sc = calloc(1, sizeof(*sc));
	if (!sc)
		return -1;
	ui->state = sc;
	struct error err;
	error_clear(&err);
	struct training_answer_row *a;
	size_t n;
	if (training_result(ui->app, &ui->session, ui->score_run, &sc->run, &a, &n, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		ui_goto(ui, &training_screen);
		return -1;
	}
	score_lines(sc, a, n);
	free(a);
	return 0;
}

static void score_close(struct ui *ui)
{
	struct score *sc = ui->state;
	if (sc) {
		page_free(&sc->page);
		free(sc);
	}
}

static void score_draw(struct ui *ui, const struct area *a)
{
	struct score *sc = ui->state;
	char title[96];
	snprintf(title, sizeof(title), _("Score of run %lld"), (long long)sc->run.id);
	put_rule(a->top, a, title);
	page_draw(&sc->page, a, a->top + 1, a->rows - 1);
}

/* E: the CSV of one trainee (the score screen) or of every trainee (the list). */
static void export(struct ui *ui, const char *trainee)
{
	char path[4200];
	struct error err;
	error_clear(&err);
	if (training_results_export(ui->app, &ui->session, trainee, path, sizeof(path), &err) < 0)
		ui_message(ui, 1, "%s", err.msg);
	else {
		/* the file's name first: a long folder would push it off the line */
		const char *slash = strrchr(path, '/');
		if (slash) {
			*(char *)slash = '\0';
			ui_message(ui, 0, _("Results exported: %s in %s"), slash + 1, path);
		} else {
			ui_message(ui, 0, _("Results exported: %s"), path);
		}
	}
}

static enum ui_result score_key(struct ui *ui, wint_t ch, int is_key)
{
	struct score *sc = ui->state;
	if (page_key(&sc->page, ch, is_key))
		return UI_HANDLED;
	if (!is_key && (ch == 'e' || ch == 'E')) {
		export(ui, sc->run.trainee);
		return UI_HANDLED;
	}
	if ((is_key && ch == KEY_F(10)) || (!is_key && (ch == 27 || ch == '\r' || ch == '\n'))) {
		ui_goto(ui, &training_screen);
		return UI_NEXT;
	}
	if (!is_key && (ch == 'r' || ch == 'R')) {
		ui_goto(ui, &results_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding score_bindings[] = {
	/* TRANSLATORS: key bar: write this trainee's results to a CSV file */
	{ "E", N_("Export CSV") },
	{ "R", N_("All results") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen score_screen = {
	.name = "score",
	.open = score_open,
	.draw = score_draw,
	.key = score_key,
	.close = score_close,
	.bindings = score_bindings,
	.needs_session = 1,
};

/* ---- every run ----------------------------------------------------------------------- */

struct results {
	struct training_run_row *runs;
	size_t n;
	int selected, top;
};

static int results_open(struct ui *ui)
{
	struct results *r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	ui->state = r;
	ui->message[0] = '\0';
	struct error err;
	error_clear(&err);
	if (training_results(ui->app, &ui->session, NULL, &r->runs, &r->n, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	return 0;
}

static void results_close(struct ui *ui)
{
	struct results *r = ui->state;
	if (r) {
		free(r->runs);
		free(r);
	}
}

static void results_draw(struct ui *ui, const struct area *a)
{
	struct results *r = ui->state;
	put_rule(a->top, a, _("Training results"));
	/* TRANSLATORS: column heads of the training results; keep the widths */
	put_text(a->top + 1, a->left + 1, a->cols - 2, theme(TH_DIM),
		 _("Run   Date              Trainee      Scenario             Right Missed "
		   "Wrong-R"));
	int rows = a->rows - 2;
	if (r->n == 0)
		put_text(a->top + 2, a->left + 1, a->cols - 2, theme(TH_DIM),
			 _("No training runs yet"));
	for (int i = 0; i < rows && (size_t)(r->top + i) < r->n; i++) {
		const struct training_run_row *x = &r->runs[r->top + i];
		int sel = r->top + i == r->selected;
		char when[32], line[256];
		snprintf(line, sizeof(line), "%-5lld %-17s %-12.12s %-20.20s %2d/%-2d %6d %7d%s",
			 (long long)x->id, text_minute(x->started_at, when, sizeof(when)),
			 x->trainee, x->scenario_id, x->correct, x->travellers, x->missed_hits,
			 x->wrong_refusals, strcmp(x->status, "finished") == 0 ? "" : " *");
		attr_t attr = sel ? theme(TH_SELECTED) : theme(TH_NORMAL);
		if (sel)
			put_fill(a->top + 2 + i, a->left + 1, a->cols - 2, attr);
		put_text(a->top + 2 + i, a->left + 1, a->cols - 2, attr, line);
	}
}

static enum ui_result results_key(struct ui *ui, wint_t ch, int is_key)
{
	struct results *r = ui->state;
	if (list_key(&r->selected, &r->top, (int)r->n, LINES - 8 > 1 ? LINES - 8 : 1, ch, is_key))
		return UI_HANDLED;
	if (((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) && r->n) {
		ui->score_run = r->runs[r->selected].id;
		ui_goto(ui, &score_screen);
		return UI_NEXT;
	}
	if (!is_key && (ch == 'e' || ch == 'E')) {
		export(ui, NULL);
		return UI_HANDLED;
	}
	if ((is_key && ch == KEY_F(10)) || (!is_key && ch == 27)) {
		ui_goto(ui, &training_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding results_bindings[] = {
	/* TRANSLATORS: key bar: open the chosen run's score */
	{ "Enter", N_("Score") },
	/* TRANSLATORS: key bar: write every trainee's results to a CSV file */
	{ "E", N_("Export CSV") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen results_screen = {
	.name = "results",
	.open = results_open,
	.draw = results_draw,
	.key = results_key,
	.close = results_close,
	.bindings = results_bindings,
	.needs_session = 1,
};
