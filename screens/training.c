/* Training: the trainer picks a scenario and a trainee; the run's briefing (also its
 * pause, between travellers); the teaching point after each answer. The trainee
 * meanwhile works on the normal scan and result screens, against the run's own
 * database (app/training.h). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/barcode.h"
#include "app/chip_job.h"
#include "app/lang.h"
#include "app/shift.h"
#include "i18n/i18n.h"
#include "screens/screen.h"
#include "screens/widgets.h"

static int is_enter(wint_t ch, int is_key)
{
	return (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);
}

/* ---- starting and ending a run -------------------------------------------------- */

static void begin(struct ui *ui, struct training_run *run)
{
	ui->trainers = ui->app;
	ui->trainer = ui->session;
	ui->training = run;
	ui->app = training_run_app(run);
	ui->session = *training_run_trainee(run);
	struct error err;
	error_clear(&err);
	if (shift_current(ui->app, &ui->session, &ui->shift, &err) != 1)
		memset(&ui->shift, 0, sizeof(ui->shift));
	lang_use(ui->session.language); /* the trainee works in their own language */
	ui->list_age_checked = -1000;
	ui->message[0] = '\0';
}

void training_ui_end(struct ui *ui, int show_score)
{
	if (!ui->training)
		return;
	chip_job_result_free(&ui->pending_chip);
	barcode_checks_free(&ui->pending_codes, ui->n_pending_codes);
	ui->n_pending_codes = 0;
	ui->has_pending = 0;
	struct error err;
	error_clear(&err);
	int64_t id = 0;
	int rc = training_end(&ui->training, &id, &err);
	ui->app = ui->trainers;
	ui->session = ui->trainer;
	ui->trainers = NULL;
	memset(&ui->trainer, 0, sizeof(ui->trainer));
	memset(&ui->shift, 0, sizeof(ui->shift));
	lang_use(ui->session.language);
	ui->list_age_checked = -1000;
	if (rc < 0)
		ui_message(ui, 1, "%s", err.msg);
	if (show_score && id > 0) {
		ui->score_run = id;
		ui_goto(ui, &score_screen);
	} else {
		ui_goto(ui, &training_screen);
	}
}

/* ---- the trainer's screen --------------------------------------------------------- */

struct picker {
	struct training_scenario_info *scn;
	int n_scn, sel_scn, top_scn;
	struct officer *trainees;
	size_t n_trainees;
	int sel_tr, top_tr;
	int focus; /* 0 scenarios, 1 trainees */
};

static int picker_open(struct ui *ui)
{
	struct picker *p = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	ui->state = p;
	struct error err;
	error_clear(&err);
	if (training_trainees(ui->app, &ui->session, &p->trainees, &p->n_trainees, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	if (training_scenarios(&ui->app->cfg, &p->scn, &p->n_scn, &err) < 0)
		ui_message(ui, 1, "%s", err.msg);
	return 0;
}

static void picker_close(struct ui *ui)
{
	struct picker *p = ui->state;
	if (p) {
		free(p->scn);
		free(p->trainees);
		free(p);
	}
}

static void picker_draw(struct ui *ui, const struct area *a)
{
	struct picker *p = ui->state;
	put_rule(a->top, a, _("Training"));
	int left_w = a->cols * 3 / 5, right_x = a->left + left_w + 2;
	int right_w = a->cols - left_w - 3, rows = a->rows - 6;
	put_text(a->top + 1, a->left + 1, left_w, p->focus == 0 ? theme(TH_TITLE) : theme(TH_DIM),
		 _("Scenario"));
	put_text(a->top + 1, right_x, right_w, p->focus == 1 ? theme(TH_TITLE) : theme(TH_DIM),
		 _("Trainee"));
	for (int i = 0; i < rows && p->top_scn + i < p->n_scn; i++) {
		const struct training_scenario_info *s = &p->scn[p->top_scn + i];
		int sel = p->top_scn + i == p->sel_scn;
		attr_t attr = sel           ? (p->focus == 0 ? theme(TH_SELECTED) : theme(TH_TITLE))
			      : s->problems ? theme(TH_ERROR)
					    : theme(TH_NORMAL);
		char line[600];
		if (s->problems)
			snprintf(line, sizeof(line), _("%s (has problems)"), s->file);
		else
			snprintf(line, sizeof(line), "%s (%d)", s->title, s->travellers);
		if (sel)
			put_fill(a->top + 2 + i, a->left + 1, left_w, attr);
		put_cell(a->top + 2 + i, a->left + 1, left_w, attr, line); /* titles: data */
	}
	for (int i = 0; i < rows && (size_t)(p->top_tr + i) < p->n_trainees; i++) {
		const struct officer *o = &p->trainees[p->top_tr + i];
		int sel = p->top_tr + i == p->sel_tr;
		attr_t attr = sel ? (p->focus == 1 ? theme(TH_SELECTED) : theme(TH_TITLE))
				  : theme(TH_NORMAL);
		char line[256];
		snprintf(line, sizeof(line), "%s  %s", o->username, o->full_name);
		if (sel)
			put_fill(a->top + 2 + i, right_x, right_w, attr);
		put_cell(a->top + 2 + i, right_x, right_w, attr, line);
	}
	if (p->n_scn == 0)
		put_wrapped(a->top + 2, a->left + 1, left_w, 3, theme(TH_DIM),
			    _("No scenarios (training.scenarios)"));
	if (p->n_trainees == 0)
		put_wrapped(a->top + 2, right_x, right_w, 4, theme(TH_DIM),
			    _("No trainees: add officers with 'shekara --training user add'"));
	int y = a->top + a->rows - 3;
	if (p->n_scn > 0) {
		char line[4400];
		snprintf(line, sizeof(line), _("File: %s"), p->scn[p->sel_scn].path);
		put_cell(y, a->left + 1, a->cols - 2, theme(TH_DIM), line); /* a path */
	}
	put_wrapped(y + 1, a->left + 1, a->cols - 2, 2, theme(TH_NORMAL),
		    _("Tab switches between the lists; Enter hands the terminal to the trainee."));
}

static enum ui_result start(struct ui *ui, struct picker *p)
{
	if (p->n_scn == 0 || p->n_trainees == 0) {
		ui_message(ui, 1, "%s", _("Choose a scenario and a trainee first"));
		return UI_HANDLED;
	}
	struct error err;
	error_clear(&err);
	struct training_run *run;
	if (training_start(ui->app, &ui->session, p->scn[p->sel_scn].path,
			   p->trainees[p->sel_tr].username, &run, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	begin(ui, run);
	ui_goto(ui, &briefing_screen);
	return UI_NEXT;
}

static enum ui_result picker_key(struct ui *ui, wint_t ch, int is_key)
{
	struct picker *p = ui->state;
	int visible = LINES - 12 > 1 ? LINES - 12 : 1;
	if (!is_key && ch == '\t') {
		p->focus = !p->focus;
		return UI_HANDLED;
	}
	if ((is_key && (ch == KEY_RIGHT || ch == KEY_LEFT))) {
		p->focus = ch == KEY_RIGHT;
		return UI_HANDLED;
	}
	if (p->focus == 0 && list_key(&p->sel_scn, &p->top_scn, p->n_scn, visible, ch, is_key))
		return UI_HANDLED;
	if (p->focus == 1 &&
	    list_key(&p->sel_tr, &p->top_tr, (int)p->n_trainees, visible, ch, is_key))
		return UI_HANDLED;
	if (is_enter(ch, is_key) || (is_key && ch == KEY_F(2)))
		return start(ui, p);
	if ((is_key && ch == KEY_F(5)) || (!is_key && (ch == 'r' || ch == 'R'))) {
		ui_goto(ui, &results_screen);
		return UI_NEXT;
	}
	if ((is_key && ch == KEY_F(10)) || (!is_key && ch == 27)) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding picker_bindings[] = {
	/* TRANSLATORS: key bar: start the scenario with the chosen trainee */
	{ "Enter", N_("Start") },
	{ "Tab", N_("Scenario/trainee") },
	/* TRANSLATORS: key bar: every trainee's training results */
	{ "R", N_("Results") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen training_screen = {
	.name = "training",
	.open = picker_open,
	.draw = picker_draw,
	.key = picker_key,
	.close = picker_close,
	.bindings = picker_bindings,
	.needs_session = 1,
};

/* ---- the briefing: before the first traveller and between them ---------------------- */

static int briefing_open(struct ui *ui)
{
	if (!ui->training) {
		ui_goto(ui, &training_screen);
		return -1;
	}
	ui->message[0] = '\0'; /* what the scan screen said is not about the briefing */
	return 0;
}

static void briefing_draw(struct ui *ui, const struct area *a)
{
	const struct scenario *sc = training_run_scenario(ui->training);
	int next = training_run_current(ui->training);
	put_rule(a->top, a, _("Training scenario"));
	put_cell(a->top + 1, a->left + 2, a->cols - 4, theme(TH_TITLE), sc->title);
	char line[512];
	snprintf(line, sizeof(line), _("Trainee: %s (%s) · trainer: %s"), ui->session.full_name,
		 ui->session.username, ui->trainer.username);
	put_text(a->top + 2, a->left + 2, a->cols - 4, theme(TH_NORMAL), line);
	int y = a->top + 4;
	y += put_wrapped(y, a->left + 2, a->cols - 4, a->rows - 8, theme(TH_NORMAL), sc->briefing);
	y++;
	if (next == 0)
		snprintf(
			line, sizeof(line),
			P_("%d traveller will reach your booth. Decide each as you would at work.",
			   "%d travellers will reach your booth. Decide each as you would at work.",
			   (unsigned long)sc->n_travellers),
			sc->n_travellers);
	else
		snprintf(line, sizeof(line), _("Next: traveller %d of %d."), next + 1,
			 sc->n_travellers);
	put_text(y, a->left + 2, a->cols - 4, theme(TH_OK), line);
}

static enum ui_result briefing_key(struct ui *ui, wint_t ch, int is_key)
{
	if (is_enter(ch, is_key) || (is_key && ch == KEY_F(2))) {
		ui->message[0] = '\0';
		ui_goto(ui, &scan_screen);
		return UI_NEXT;
	}
	if (is_key && ch == KEY_F(10)) {
		/* the answers so far are kept; the rest count as not answered */
		training_ui_end(ui, 1);
		return UI_NEXT;
	}
	return UI_IGNORED;
}

static const struct binding briefing_bindings[] = {
	/* TRANSLATORS: key bar: the next traveller reaches the booth */
	{ "Enter", N_("Next traveller") },
	/* TRANSLATORS: key bar: stop the training run now */
	{ "F10", N_("End the run") },
	{ NULL, NULL },
};

const struct screen briefing_screen = {
	.name = "briefing",
	.open = briefing_open,
	.draw = briefing_draw,
	.key = briefing_key,
	.bindings = briefing_bindings,
	.needs_session = 1,
};

/* ---- the teaching point after each answer ------------------------------------------ */

static int teach_open(struct ui *ui)
{
	if (!ui->training && ui->feedback.traveller == 0) {
		ui_goto(ui, &training_screen);
		return -1;
	}
	return 0;
}

static void teach_draw(struct ui *ui, const struct area *a)
{
	const struct training_feedback *f = &ui->feedback;
	char line[512], given[32], expected[48];
	snprintf(line, sizeof(line), _("Traveller %d of %d"), f->traveller, f->of);
	put_rule(a->top, a, line);
	put_text(a->top + 2, a->left + 2, a->cols - 4,
		 f->correct ? theme(TH_OK) | A_BOLD : theme(TH_ERROR) | A_BOLD,
		 f->correct ? _("RIGHT") : _("NOT THE EXPECTED DECISION"));
	training_expected_text(f->given, f->given_ground, given, sizeof(given));
	training_expected_text(f->expected, f->expected_ground, expected, sizeof(expected));
	/* TRANSLATORS: the trainee's decision, then what the scenario expects */
	snprintf(line, sizeof(line), _("Your decision: %s · expected: %s · %ld.%ld s"), given,
		 expected, f->ms / 1000, f->ms % 1000 / 100);
	put_text(a->top + 3, a->left + 2, a->cols - 4, theme(TH_NORMAL), line);
	int y = a->top + 4;
	if (f->missed_hit)
		put_text(y++, a->left + 2, a->cols - 4, theme(TH_ERROR),
			 _("Missed hit: this traveller should not have been admitted."));
	if (f->wrong_refusal)
		put_text(y++, a->left + 2, a->cols - 4, theme(TH_ERROR),
			 _("Wrong refusal: this traveller should not have been refused."));
	y++;
	put_text(y++, a->left + 2, a->cols - 4, theme(TH_TITLE), _("Why"));
	y += put_wrapped(y, a->left + 4, a->cols - 6, 3, theme(TH_NORMAL),
			 f->reason ? f->reason : "");
	y++;
	put_text(y++, a->left + 2, a->cols - 4, theme(TH_TITLE), _("Teaching point"));
	put_wrapped(y, a->left + 4, a->cols - 6, a->rows - (y - a->top) - 1, theme(TH_NORMAL),
		    f->teach ? f->teach : "");
}

static enum ui_result teach_key(struct ui *ui, wint_t ch, int is_key)
{
	if (!is_enter(ch, is_key) && !(is_key && ch == KEY_F(2)))
		return UI_IGNORED;
	ui->message[0] = '\0';
	if (ui->feedback.last) {
		training_ui_end(ui, 1);
		return UI_NEXT;
	}
	ui_goto(ui, &scan_screen);
	return UI_NEXT;
}

static const struct binding teach_bindings[] = {
	{ "Enter", N_("Continue") },
	{ NULL, NULL },
};

const struct screen teach_screen = {
	.name = "teach",
	.open = teach_open,
	.draw = teach_draw,
	.key = teach_key,
	.bindings = teach_bindings,
	.needs_session = 1,
};
