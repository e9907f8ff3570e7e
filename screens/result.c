/* The result of screening one traveller, and the officer's decision on it: admit,
 * refuse with a ground, or refer to the supervisor. Admitting over a HIT asks for an
 * override reason and a supervisor's password on this same screen (four eyes); the
 * entry behind a match opens over the result, so that the result, and the time taken
 * to decide, survive the look. Nothing is saved until app/decision says so. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/decision.h"
#include "app/secret.h"
#include "app/watchlist.h"
#include "i18n/i18n.h"
#include "screens/result.h"

enum command {
	CMD_NONE,
	CMD_ADMIT,
	CMD_REFUSE,
	CMD_REFER,
	CMD_DETAILS,
	CMD_RESCAN,
	CMD_HELP,
	CMD_CHIP,
	CMD_BARCODE
};

static const struct binding result_bindings[] = {
	{ "F2/A", N_("Admit") },   { "F3/R", N_("Refuse") }, { "F4/E", N_("Refer") },
	{ "F5/D", N_("Details") }, { "F7/S", N_("Rescan") }, { NULL, NULL },
};

static int is_enter(wint_t ch, int is_key)
{
	return (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);
}

/* This screen takes text (reasons are typed in the officer's language), so the loop
 * leaves letters alone; command letters are read here by the key's place on the
 * keyboard, as the loop does elsewhere (ЙЦУКЕН over QWERTY), in lower case. */
static wint_t command_letter(wint_t ch)
{
	static const wchar_t cyr[] = L"йцукенгшщзфывапролдячсмитьЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ";
	static const char lat[] = "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm";
	for (size_t i = 0; cyr[i]; i++)
		if ((wint_t)cyr[i] == ch)
			return (wint_t)(unsigned char)lat[i];
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static enum command command_of(wint_t ch, int is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_F(1):
			return CMD_HELP;
		case KEY_F(2):
			return CMD_ADMIT;
		case KEY_F(3):
			return CMD_REFUSE;
		case KEY_F(4):
			return CMD_REFER;
		case KEY_F(5):
			return CMD_DETAILS;
		case KEY_F(6):
			return CMD_CHIP;
		case KEY_F(7):
			return CMD_RESCAN;
		case KEY_F(8):
			return CMD_BARCODE;
		}
		return CMD_NONE;
	}
	switch (command_letter(ch)) {
	case 'a':
		return CMD_ADMIT;
	case 'r':
		return CMD_REFUSE;
	case 'e':
		return CMD_REFER;
	case 'd':
		return CMD_DETAILS;
	case 's':
		return CMD_RESCAN;
	case 'c':
		return CMD_CHIP;
	case 'b':
		return CMD_BARCODE;
	case '?':
		return CMD_HELP;
	}
	return CMD_NONE;
}

static int result_open(struct ui *ui)
{
	/* the chip read is this screen's from here on, whatever happens */
	struct chip_job_result *chip = ui->pending_chip;
	ui->pending_chip = NULL;
	struct barcode_check *codes = ui->pending_codes;
	int n_codes = ui->n_pending_codes;
	ui->pending_codes = NULL;
	ui->n_pending_codes = 0;
	if (!ui->has_pending) {
		chip_job_result_free(&chip);
		barcode_checks_free(&codes, n_codes);
		ui_goto(ui, &scan_screen);
		return -1;
	}
	/* a screening holds every match with its explanation: too big for the stack */
	struct result *r = calloc(1, sizeof(*r));
	if (!r) {
		chip_job_result_free(&chip);
		barcode_checks_free(&codes, n_codes);
		return -1;
	}
	struct error err;
	error_clear(&err);
	if (screening_run(ui->app, &ui->session, &ui->pending, &r->sc, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		chip_job_result_free(&chip);
		barcode_checks_free(&codes, n_codes);
		free(r);
		ui->has_pending = 0;
		ui_goto(ui, &scan_screen);
		return -1;
	}
	if (chip && chip->check.read) {
		/* its verdict goes into the screening, and so into the crossing record */
		screening_attach_chip(&r->sc, &chip->check);
		r->photo = photo_new(&chip->face);
	}
	r->chip = chip;
	/* each barcode's verdict goes into the screening, and so into the crossing */
	for (int i = 0; i < n_codes; i++)
		screening_attach_barcode(&r->sc, &codes[i]);
	r->codes = codes;
	r->n_codes = n_codes;
	r->reason = -1;
	ui->state = r;
	return 0;
}

static void clear_fields(struct result *r)
{
	for (int i = 0; i < OV_FIELDS; i++)
		field_clear(&r->fields[i]);
}

static void result_close(struct ui *ui)
{
	struct result *r = ui->state;
	if (r) {
		clear_fields(r);
		photo_free(&r->photo);
		chip_job_result_free(&r->chip);
		barcode_checks_free(&r->codes, r->n_codes);
		free(r);
	}
}

static void open_panel(struct result *r, enum result_panel panel)
{
	clear_fields(r);
	for (int i = 0; i < OV_FIELDS; i++)
		r->fields[i].secret = panel == PANEL_OVERRIDE && i == OV_PASSWORD;
	r->focus = 0;
	r->panel = panel;
}

static void close_panel(struct result *r)
{
	clear_fields(r);
	r->panel = PANEL_NONE;
}

static void saved_message(struct ui *ui, const struct decision *d, int64_t id)
{
	long long n = (long long)id;
	if (d->kind == DECISION_REFUSE)
		/* TRANSLATORS: %s is the refusal ground's code, %lld the crossing's number */
		ui_message(ui, 0, _("Saved: REFUSED (%s) — crossing %lld"), d->reason_code, n);
	else if (d->kind == DECISION_REFER)
		ui_message(ui, 0, _("Saved: REFERRED to the supervisor — crossing %lld"), n);
	else if (d->supervisor)
		/* TRANSLATORS: %s is the supervisor who authorised admitting over a HIT */
		ui_message(ui, 0, _("Saved: ADMITTED over a HIT, authorised by %s — crossing %lld"),
			   d->supervisor, n);
	else
		ui_message(ui, 0, _("Saved: ADMITTED — crossing %lld"), n);
}

/* 0 and on to the next traveller once the decision is stored; otherwise the reason is
 * on the message line and the officer stays with this traveller. */
static int record(struct ui *ui, struct result *r, const struct decision *d)
{
	struct error err;
	error_clear(&err);
	int64_t id = 0;
	if (decision_record(ui->app, &ui->session, &r->sc, d, &id, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return -1;
	}
	saved_message(ui, d, id);
	ui->has_pending = 0;
	ui_goto(ui, &scan_screen);
	if (ui->training) {
		/* scored at once; the teaching point comes before the next traveller */
		if (training_answer(ui->training, d, r->sc.verdict, &ui->feedback, &err) < 0)
			ui_message(ui, 1, "%s", err.msg);
		else
			ui_goto(ui, &teach_screen);
	}
	return 0;
}

static enum ui_result admit(struct ui *ui, struct result *r)
{
	if (r->sc.verdict == VERDICT_HIT) {
		/* nothing is saved here: the panel asks for the four eyes first */
		open_panel(r, PANEL_OVERRIDE);
		return UI_HANDLED;
	}
	struct decision d = { .kind = DECISION_ADMIT, .elapsed_ms = -1 };
	return record(ui, r, &d) == 0 ? UI_NEXT : UI_HANDLED;
}

static enum ui_result refuse(struct ui *ui, struct result *r)
{
	struct error err;
	error_clear(&err);
	int n = decision_reasons(ui->app, r->reasons, RESULT_REASONS, &err);
	if (n < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	if (n == 0) {
		ui_message(ui, 1, "%s",
			   _("no refusal ground is set up; ask an administrator, or refer the "
			     "traveller"));
		return UI_HANDLED;
	}
	r->n_reasons = n;
	r->reason = -1;
	r->reason_top = 0;
	open_panel(r, PANEL_REFUSE);
	return UI_HANDLED;
}

static enum ui_result details(struct ui *ui, struct result *r)
{
	if (r->sc.matches.n == 0 || r->selected >= r->sc.matches.n) {
		ui_message(ui, 1, "%s", _("No watchlist entry to show: nothing matched"));
		return UI_HANDLED;
	}
	struct wl_view *v = calloc(1, sizeof(*v));
	if (!v) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return UI_HANDLED;
	}
	struct error err;
	error_clear(&err);
	int rc = watch_entry_view(ui->app, &ui->session, r->sc.matches.m[r->selected].entry_id, v,
				  &err);
	if (rc < 0)
		ui_message(ui, 1, "%s", err.msg);
	else if (rc == 0)
		ui_message(ui, 1, "%s", _("the entry is no longer stored; the lists were changed"));
	else {
		result_details_lines(r, v);
		open_panel(r, PANEL_DETAILS);
	}
	free(v);
	return UI_HANDLED;
}

static enum ui_result rescan(struct ui *ui, struct result *r)
{
	/* TRANSLATORS: leaving the result without a decision; issuer and number */
	ui_message(ui, 0, _("Not decided, nothing saved: %s %s"), r->sc.doc.issuer,
		   r->sc.doc.number);
	ui->has_pending = 0;
	ui_goto(ui, &scan_screen);
	return UI_NEXT;
}

static enum ui_result run(struct ui *ui, struct result *r, enum command c)
{
	switch (c) {
	case CMD_ADMIT:
		return admit(ui, r);
	case CMD_REFUSE:
		return refuse(ui, r);
	case CMD_REFER:
		open_panel(r, PANEL_REFER);
		return UI_HANDLED;
	case CMD_DETAILS:
		return details(ui, r);
	case CMD_RESCAN:
		return rescan(ui, r);
	case CMD_HELP:
		result_help_lines(r, result_bindings);
		open_panel(r, PANEL_HELP);
		return UI_HANDLED;
	case CMD_CHIP:
		if (!r->chip) {
			ui_message(
				ui, 1, "%s",
				_("No chip was read for this document: F7 and scan it again with "
				  "the document on the card reader"));
			return UI_HANDLED;
		}
		result_chip_lines(r);
		open_panel(r, PANEL_CHIP);
		return UI_HANDLED;
	case CMD_BARCODE:
		result_barcode_lines(r);
		open_panel(r, PANEL_BARCODE);
		return UI_HANDLED;
	case CMD_NONE:
		break;
	}
	return UI_IGNORED;
}

static enum ui_result override_submit(struct ui *ui, struct result *r)
{
	char reason[FIELD_MAX * 4], who[FIELD_MAX * 4], password[FIELD_MAX * 4];
	field_text(&r->fields[OV_REASON], reason, sizeof(reason));
	field_text(&r->fields[OV_SUPERVISOR], who, sizeof(who));
	field_text(&r->fields[OV_PASSWORD], password, sizeof(password));
	field_clear(&r->fields[OV_PASSWORD]);
	struct decision d = { .kind = DECISION_ADMIT,
			      .reason_text = reason,
			      .supervisor = who,
			      .supervisor_password = password,
			      .elapsed_ms = -1 };
	int rc = record(ui, r, &d);
	secret_wipe(password, sizeof(password));
	if (rc == 0)
		return UI_NEXT;
	/* refused: the panel stays, the cursor where the officer has something to fix */
	r->focus = !reason[0] ? OV_REASON : !who[0] ? OV_SUPERVISOR : OV_PASSWORD;
	return UI_HANDLED;
}

static enum ui_result override_key(struct ui *ui, struct result *r, wint_t ch, int is_key)
{
	if (is_enter(ch, is_key)) {
		if (r->focus == OV_PASSWORD)
			return override_submit(ui, r);
		r->focus++;
		return UI_HANDLED;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_DOWN)) {
		r->focus = (r->focus + 1) % OV_FIELDS;
		return UI_HANDLED;
	}
	if (is_key && (ch == KEY_UP || ch == KEY_BTAB)) {
		r->focus = (r->focus + OV_FIELDS - 1) % OV_FIELDS;
		return UI_HANDLED;
	}
	return field_key(&r->fields[r->focus], ch, is_key) ? UI_HANDLED : UI_IGNORED;
}

static enum ui_result refuse_submit(struct ui *ui, struct result *r)
{
	if (r->reason < 0) {
		ui_message(ui, 1, "%s", _("Choose the ground of refusal: its letter, or ↑↓"));
		r->focus = 0;
		return UI_HANDLED;
	}
	char text[FIELD_MAX * 4];
	field_text(&r->fields[0], text, sizeof(text));
	struct decision d = { .kind = DECISION_REFUSE,
			      .reason_code = r->reasons[r->reason].code,
			      .reason_text = text[0] ? text : NULL,
			      .elapsed_ms = -1 };
	return record(ui, r, &d) == 0 ? UI_NEXT : UI_HANDLED;
}

/* A ground by its code's letter: the one-letter code, else the first that starts so. */
static int reason_by_letter(const struct result *r, wint_t letter)
{
	int first = -1;
	for (int i = 0; i < r->n_reasons; i++) {
		wint_t c = command_letter((wint_t)(unsigned char)r->reasons[i].code[0]);
		if (c != letter)
			continue;
		if (r->reasons[i].code[1] == '\0')
			return i;
		first = first < 0 ? i : first;
	}
	return first;
}

static enum ui_result reason_list_key(struct result *r, wint_t ch, int is_key)
{
	if (is_key && r->reason < 0 && (ch == KEY_DOWN || ch == KEY_UP)) {
		r->reason = 0;
		return UI_HANDLED;
	}
	if (list_key(&r->reason, &r->reason_top, r->n_reasons, r->panel_rows, ch, is_key))
		return UI_HANDLED;
	if (is_key)
		return UI_IGNORED;
	int i = reason_by_letter(r, command_letter(ch));
	if (i < 0)
		return UI_IGNORED;
	r->reason = i;
	r->focus = 1; /* what is left is the optional details */
	return UI_HANDLED;
}

static enum ui_result refuse_key(struct ui *ui, struct result *r, wint_t ch, int is_key)
{
	if (is_enter(ch, is_key))
		return refuse_submit(ui, r);
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_BTAB)) {
		r->focus = !r->focus;
		return UI_HANDLED;
	}
	if (r->focus == 0)
		return reason_list_key(r, ch, is_key);
	if (is_key && ch == KEY_UP) {
		r->focus = 0;
		return UI_HANDLED;
	}
	return field_key(&r->fields[0], ch, is_key) ? UI_HANDLED : UI_IGNORED;
}

static enum ui_result refer_key(struct ui *ui, struct result *r, wint_t ch, int is_key)
{
	if (is_enter(ch, is_key)) {
		char text[FIELD_MAX * 4];
		field_text(&r->fields[0], text, sizeof(text));
		struct decision d = { .kind = DECISION_REFER,
				      .reason_text = text,
				      .elapsed_ms = -1 };
		return record(ui, r, &d) == 0 ? UI_NEXT : UI_HANDLED;
	}
	return field_key(&r->fields[0], ch, is_key) ? UI_HANDLED : UI_IGNORED;
}

static enum ui_result lines_key(struct result *r, wint_t ch, int is_key)
{
	if (r->panel == PANEL_HELP) {
		close_panel(r); /* any key, as on the help screen */
		return UI_HANDLED;
	}
	int page = r->panel_rows > 1 ? r->panel_rows - 1 : 1;
	if (is_key && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		r->scroll += ch == KEY_UP      ? -1
			     : ch == KEY_DOWN  ? 1
			     : ch == KEY_PPAGE ? -page
					       : page;
		r->scroll = r->scroll < 0 ? 0 : r->scroll; /* the draw caps the other end */
		return UI_HANDLED;
	}
	if ((!is_key && (ch == 27 || command_letter(ch) == 'd' || command_letter(ch) == 'c')) ||
	    (is_key && (ch == KEY_F(5) || ch == KEY_F(6))) || is_enter(ch, is_key)) {
		close_panel(r);
		return UI_HANDLED;
	}
	return UI_HANDLED; /* a look only: no other key acts behind it */
}

static enum ui_result panel_key(struct ui *ui, struct result *r, wint_t ch, int is_key)
{
	if (r->panel == PANEL_DETAILS || r->panel == PANEL_HELP || r->panel == PANEL_CHIP ||
	    r->panel == PANEL_BARCODE)
		return lines_key(r, ch, is_key);
	if (!is_key && ch == 27) {
		close_panel(r);
		ui->message[0] = '\0';
		return UI_HANDLED;
	}
	/* the F-keys still switch between decisions; letters are typing here */
	enum command c = is_key ? command_of(ch, 1) : CMD_NONE;
	if (c == CMD_REFUSE || c == CMD_REFER || c == CMD_RESCAN ||
	    (c == CMD_ADMIT && r->panel != PANEL_OVERRIDE))
		return run(ui, r, c);
	if (c != CMD_NONE)
		return UI_HANDLED;
	switch (r->panel) {
	case PANEL_OVERRIDE:
		return override_key(ui, r, ch, is_key);
	case PANEL_REFUSE:
		return refuse_key(ui, r, ch, is_key);
	case PANEL_REFER:
		return refer_key(ui, r, ch, is_key);
	default:
		return UI_IGNORED;
	}
}

static enum ui_result result_key(struct ui *ui, wint_t ch, int is_key)
{
	struct result *r = ui->state;
	if (r->panel != PANEL_NONE)
		return panel_key(ui, r, ch, is_key);
	if (!is_key && ch == 27)
		return rescan(ui, r);
	if (list_key(&r->selected, &r->top, r->sc.matches.n, r->match_rows, ch, is_key))
		return UI_HANDLED;
	return run(ui, r, command_of(ch, is_key));
}

const struct screen result_screen = {
	.name = "result",
	.open = result_open,
	.draw = result_draw,
	.key = result_key,
	.close = result_close,
	.bindings = result_bindings,
	.needs_session = 1,
	.takes_text = 1,
};
