/* Scan a document: waits for every input at once — a reader typing as a keyboard, a
 * reader on a serial line, MRZ lines typed by the officer, or the key fields typed into
 * a form (F6) — and shows each check as it completes. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chip_job.h"
#include "app/scan.h"
#include "app/lang.h"
#include "i18n/i18n.h"
#include "scanners/country.h"
#include "screens/scan_barcode.h"
#include "screens/screen.h"
#include "screens/widgets.h"

enum form_field {
	F_CODE,
	F_ISSUER,
	F_NUMBER,
	F_NATIONALITY,
	F_SURNAME,
	F_GIVEN,
	F_BIRTH,
	F_SEX,
	F_EXPIRY,
	F_COUNT
};

struct scan {
	int form; /* 0: MRZ lines, 1: key fields */
	struct field lines[3];
	struct field fields[F_COUNT];
	enum doc_format form_format;
	int focus;
	struct scan_wedge wedge;
	struct serial_reader *reader;
	int reader_state; /* -1 none configured, 0 not connected, 1 connected */
	int parsed;
	struct document doc;
	char problem[512]; /* why the text is not an MRZ yet */
	/* the chip of doc, read in the background once its MRZ is known */
	struct chip_job *chip_job;
	struct chip_job_status chip_status;
	struct chip_job_result *chip; /* the finished read, audited */
	char chip_mrz[3 * 64];        /* the MRZ the job or the result belongs to */
	char chip_problem[512];       /* why no read is under way */
	struct scan_codes codes;      /* barcodes read with the document */
	/* the field and the document as they were when the latest fast run of keys
	 * began: a barcode typed by a wedge scanner is taken back out whole */
	struct field before_run;
	struct field *run_field;
	int run_parsed;
	struct document run_doc;
	char run_problem[512];
};

static struct field *focused(struct scan *s)
{
	return s->form ? &s->fields[s->focus] : &s->lines[s->focus];
}

static int field_count(const struct scan *s)
{
	return s->form ? F_COUNT : 3;
}

static void show_document(struct scan *s, const struct document *d)
{
	s->doc = *d;
	s->parsed = 1;
	s->problem[0] = '\0';
	scan_codes_compare(&s->codes, &s->doc);
}

static void set_lines(struct scan *s, const struct document *d)
{
	for (int i = 0; i < 3; i++) {
		field_clear(&s->lines[i]);
		const char *l = i < d->lines ? d->mrz[i] : "";
		for (const char *c = l; *c; c++)
			field_key(&s->lines[i], (wint_t)(unsigned char)*c, 0);
	}
}

/* Typed MRZ lines: parse as soon as they have the shape of a whole MRZ. */
static void parse_lines(struct scan *s)
{
	char text[3 * 64], line[64];
	size_t used = 0;
	for (int i = 0; i < 3; i++) {
		field_text(&s->lines[i], line, sizeof(line));
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n", line);
	}
	struct document d;
	struct error err;
	s->parsed = 0;
	if (scan_text(text, used, SRC_MRZ_MANUAL, &d, &err) == 0)
		show_document(s, &d);
	else
		snprintf(s->problem, sizeof(s->problem), "%s", err.msg);
}

static void parse_form(struct scan *s)
{
	char v[F_COUNT][128];
	for (int i = 0; i < F_COUNT; i++)
		field_text(&s->fields[i], v[i], sizeof(v[i]));
	struct mrz_fields f = { .format = s->form_format,
				.doc_code = v[F_CODE],
				.issuer = v[F_ISSUER],
				.number = v[F_NUMBER],
				.surname = v[F_SURNAME],
				.given_names = v[F_GIVEN],
				.nationality = v[F_NATIONALITY],
				.birth = v[F_BIRTH],
				.sex = v[F_SEX],
				.expiry = v[F_EXPIRY] };
	struct document d;
	struct error err;
	s->parsed = 0;
	if (scan_fields(&f, &d, &err) == 0) {
		show_document(s, &d);
		set_lines(s, &d); /* F6 back to the lines shows the MRZ the form made */
	} else
		snprintf(s->problem, sizeof(s->problem), "%s", err.msg);
}

/* A document that arrived from a reader replaces whatever was being typed. */
static void from_reader(struct ui *ui, struct scan *s, const char *text, enum doc_source src)
{
	struct document d;
	struct error err;
	if (scan_text(text, strlen(text), src, &d, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return;
	}
	s->form = 0;
	s->focus = 0;
	set_lines(s, &d);
	show_document(s, &d);
	ui_message(ui, !document_valid(&d), "%s",
		   document_valid(&d) ? _("Document read: every check passed")
				      : _("Document read: some checks failed"));
}

/* A barcode carried the document (a visa seal's MRZ): it fills the lines, as a reader
 * would. */
static void from_seal(struct ui *ui, struct scan *s, const struct document *d)
{
	s->form = 0;
	s->focus = 0;
	set_lines(s, d);
	show_document(s, d);
	ui_message(ui, !document_valid(d), "%s",
		   _("Document taken from the seal's MRZ: compare it with the printed one"));
}

/* Training: the traveller hands over the document, as a reader would give it. */
static void present(struct ui *ui, struct scan *s)
{
	struct training_presented p;
	if (training_present(ui->training, &p) < 0)
		return;
	from_reader(ui, s, p.mrz, SRC_MRZ_WEDGE);
	if (p.barcode[0]) {
		struct document carried;
		if (scan_codes_add(ui, &s->codes, BARCODE_WEDGE, (const unsigned char *)p.barcode,
				   strlen(p.barcode), s->parsed ? &s->doc : NULL, &carried) == 1)
			from_seal(ui, s, &carried);
	}
}

static int scan_open(struct ui *ui)
{
	struct scan *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	ui->state = s;
	s->form_format = DOC_TD3;
	scan_wedge_reset(&s->wedge);
	scan_codes_init(&s->codes);
	struct error err;
	error_clear(&err);
	s->reader_state = -1;
	if (scan_reader_open(ui->app, &s->reader, &err) < 0)
		ui_message(ui, 1, "%s", err.msg);
	else if (s->reader)
		s->reader_state = 0;
	if (ui->training)
		present(ui, s);
	return 0;
}

static void scan_close(struct ui *ui)
{
	struct scan *s = ui->state;
	if (s) {
		scan_reader_close(&s->reader);
		chip_job_cancel(&s->chip_job);
		chip_job_result_free(&s->chip);
		scan_codes_clear(&s->codes);
		free(s);
	}
}

/* The MRZ as the chip's access key and DG1 comparison see it; "" without a document. */
static void chip_mrz_of(const struct scan *s, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; s->parsed && i < s->doc.lines && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s\n", s->doc.mrz[i]);
}

static void chip_reset(struct scan *s)
{
	chip_job_cancel(&s->chip_job);
	chip_job_result_free(&s->chip);
	memset(&s->chip_status, 0, sizeof(s->chip_status));
	s->chip_problem[0] = '\0';
}

static void chip_start(struct ui *ui, struct scan *s)
{
	chip_reset(s);
	chip_mrz_of(s, s->chip_mrz, sizeof(s->chip_mrz));
	if (!s->parsed)
		return;
	struct error err;
	error_clear(&err);
	if (ui->training) {
		/* the scenario's chip, authenticated as a chip from the reader; none: nothing */
		if (training_chip(ui->training, &s->doc, &s->chip, &err) < 0)
			snprintf(s->chip_problem, sizeof(s->chip_problem), "%s", err.msg);
		return;
	}
	if (chip_job_start(ui->app, &ui->session, &s->doc, &s->chip_job, &err) < 0)
		snprintf(s->chip_problem, sizeof(s->chip_problem), "%s", err.msg);
	else
		chip_job_poll(s->chip_job, &s->chip_status);
}

/* A new document starts a read of its chip; a finished read is audited at once, the
 * officer's F2 or not. */
static void chip_tick(struct ui *ui, struct scan *s)
{
	char mrz[sizeof(s->chip_mrz)];
	chip_mrz_of(s, mrz, sizeof(mrz));
	if (strcmp(mrz, s->chip_mrz) != 0)
		chip_start(ui, s);
	if (!s->chip_job)
		return;
	chip_job_poll(s->chip_job, &s->chip_status);
	if (s->chip_status.state != CHIP_JOB_DONE)
		return;
	struct error err;
	error_clear(&err);
	if (chip_job_finish(ui->app, &ui->session, &s->chip_job, &s->chip, &err) < 0)
		snprintf(s->chip_problem, sizeof(s->chip_problem), "%s", err.msg);
	else if (s->chip->check.outcome == CHIP_OUTCOME_UNREAD)
		ui_message(ui, 1, "%s",
			   _("Chip not read to the end: put the document back and press F9"));
}

static void scan_tick(struct ui *ui)
{
	struct scan *s = ui->state;
	if (!s)
		return;
	chip_tick(ui, s);
	struct document carried;
	if (scan_codes_tick(ui, &s->codes, s->parsed ? &s->doc : NULL, &carried) == 1)
		from_seal(ui, s, &carried);
	if (!s->reader)
		return;
	char text[MRZ_LINES_TEXT_MAX + 1];
	int state, changed;
	struct error err;
	error_clear(&err);
	int rc = scan_reader_poll(s->reader, text, sizeof(text), &state, &changed, &err);
	if (rc < 0) /* a device that cannot be used: said once, then retried quietly */
		ui_message(ui, 1, "%s", err.msg);
	else if (changed)
		ui_message(ui, !state, "%s",
			   state ? _("Serial reader connected")
				 : _("Serial reader disconnected; plug it in again"));
	s->reader_state = state;
	if (rc == 1)
		from_reader(ui, s, text, SRC_MRZ_SERIAL);
}

static const char *check_mark(enum check_status st)
{
	return st == CHECK_PASS ? "✓" : st == CHECK_FAIL ? "✗" : "!";
}

static void draw_lines(struct scan *s, const struct area *a, int y)
{
	char first[64], line[64];
	field_text(&s->lines[0], first, sizeof(first));
	for (int i = 0; i < 3; i++) {
		field_text(&s->lines[i], line, sizeof(line));
		struct scan_line_state st;
		scan_line_state(line, first, i, &st);
		char label[8], state[48];
		snprintf(label, sizeof(label), "%d", i + 1);
		put_text(y + i, a->left + 1, 2, theme(TH_DIM), label);
		if (st.bad_col >= 0)
			/* TRANSLATORS: live check of a typed MRZ line; %d is a column */
			snprintf(state, sizeof(state), _("✗ column %d"), st.bad_col + 1);
		else if (st.length && st.expected)
			snprintf(state, sizeof(state), "%d/%d %s", st.length, st.expected,
				 st.length == st.expected ? "✓" : "");
		else
			snprintf(state, sizeof(state), "%d", st.length);
		put_text(y + i, a->left + 50, a->cols - 51,
			 st.bad_col >= 0 ? theme(TH_ERROR) : theme(TH_DIM), state);
	}
}

static const char *const form_labels[F_COUNT] = {
	N_("Code"),        N_("Issuer"),      N_("Number"), N_("Nationality"),    N_("Surname"),
	N_("Given names"), N_("Born YYMMDD"), N_("Sex"),    N_("Expires YYMMDD"),
};
/* Each field's row, its label's column and its width. Labels get 14 columns and the
 * field starts one after; two columns of fields, the names on rows of their own. */
enum { LABEL_W = 14, RIGHT_COL = 40 };
static const int form_pos[F_COUNT][3] = {
	{ 0, 0, 2 },  { 0, RIGHT_COL, 3 }, { 1, 0, 14 },        { 1, RIGHT_COL, 3 }, { 2, 0, 39 },
	{ 3, 0, 39 }, { 4, 0, 6 },         { 4, RIGHT_COL, 1 }, { 5, 0, 6 },
};
enum { FORM_ROWS = 6 };

static void draw_form(struct scan *s, const struct area *a, int y)
{
	for (int i = 0; i < F_COUNT; i++)
		put_text(y + form_pos[i][0], a->left + 1 + form_pos[i][1], LABEL_W,
			 theme(TH_NORMAL), _(form_labels[i]));
	char fmt[32];
	snprintf(fmt, sizeof(fmt), "%s (F8)", document_format_name(s->form_format));
	put_text(y + 5, a->left + 1 + RIGHT_COL, a->cols - RIGHT_COL - 2, theme(TH_DIM), fmt);
}

static void draw_form_field(struct scan *s, const struct area *a, int y, int i, int focus)
{
	field_draw(&s->fields[i], y + form_pos[i][0], a->left + 2 + form_pos[i][1] + LABEL_W,
		   form_pos[i][2] + 1, focus);
}

static void draw_fields(struct scan *s, const struct area *a, int y)
{
	for (int i = 0; i < field_count(s); i++) {
		if (i == s->focus)
			continue;
		if (s->form)
			draw_form_field(s, a, y, i, 0);
		else
			field_draw(&s->lines[i], y + i, a->left + 4, 45, 0);
	}
	if (s->form)
		draw_form_field(s, a, y, s->focus, 1);
	else
		field_draw(&s->lines[s->focus], y + s->focus, a->left + 4, 45, 1);
	curs_set(1);
}

/* One row: what the chip read is doing, or what it found. */
static void draw_chip(const struct scan *s, const struct area *a, int y)
{
	int x = a->left + 1, w = a->cols - 2;
	if (s->chip) {
		const struct chip_check_result *c = &s->chip->check;
		attr_t at = c->outcome == CHIP_OUTCOME_GENUINE ? theme(TH_OK) : theme(TH_ERROR);
		put_text(y, x, w, at, c->n_lines > 0 ? c->lines[0] : c->name);
		return;
	}
	if (s->chip_problem[0]) {
		put_text(y, x, w, theme(TH_ERROR), s->chip_problem);
		return;
	}
	if (!s->chip_job)
		return;
	char files[160] = "", buf[256];
	switch (s->chip_status.state) {
	case CHIP_JOB_NO_READER:
		put_text(y, x, w, theme(TH_DIM), _("chip: no card reader connected"));
		break;
	case CHIP_JOB_WAITING:
		put_text(y, x, w, theme(TH_DIM), _("chip: place the document on the card reader"));
		break;
	case CHIP_JOB_READING:
	case CHIP_JOB_DONE:
		for (int i = 0; i < s->chip_status.n_files; i++) {
			size_t n = strlen(files);
			snprintf(files + n, sizeof(files) - n, "%s%s", i ? " " : "",
				 chip_file_name(s->chip_status.files[i]));
		}
		/* TRANSLATORS: %s lists the chip's files read so far: "COM DG1 DG2" */
		snprintf(buf, sizeof(buf), _("reading chip: %s…"), files);
		put_text(y, x, w, theme(TH_TITLE), buf);
		break;
	}
}

static void draw_result(struct scan *s, const struct area *a, int y)
{
	int bottom = a->top + a->rows;
	if (!s->parsed) {
		put_text(y, a->left + 1, a->cols - 2, theme(TH_DIM),
			 s->problem[0]
				 ? s->problem
				 : _("Present the document to the reader, or type the MRZ lines "
				     "(F6: key fields)"));
		char hint[256];
		scan_codes_hint(&s->codes, hint, sizeof(hint));
		put_text(y + 1, a->left + 1, a->cols - 2, theme(TH_DIM), hint);
		scan_codes_draw(&s->codes, a, y + 2, bottom);
		return;
	}
	const struct document *d = &s->doc;
	char buf[320];
	const struct country *is = country_find(d->issuer, strlen(d->issuer));
	const struct country *na = country_find(d->nationality, strlen(d->nationality));
	put_rule(y++, a, _("Document"));
	snprintf(buf, sizeof(buf), "%s %s · %s %s · %s", document_format_name(d->format),
		 d->doc_code, d->issuer, is ? country_name(is) : "?", d->number);
	put_text(y++, a->left + 1, a->cols - 2, theme(TH_TITLE), buf);
	/* names from documents are shown as printed, never translated */
	snprintf(buf, sizeof(buf), "%s, %s", d->surname, d->given_names);
	put_text(y++, a->left + 1, a->cols - 2, theme(TH_TITLE), buf);
	char born[24], expires[24];
	lang_date(d->birth.year, d->birth.month, d->birth.day, born, sizeof(born));
	lang_date(d->expiry.year, d->expiry.month, d->expiry.day, expires, sizeof(expires));
	/* TRANSLATORS: born DATE · SEX · NATIONALITY NAME · expires DATE */
	snprintf(buf, sizeof(buf), _("born %s · %c · %s %s · expires %s"), born, d->sex,
		 d->nationality, na ? country_name(na) : "?", expires);
	put_text(y++, a->left + 1, a->cols - 2, theme(TH_NORMAL), buf);
	draw_chip(s, a, y++);
	y += scan_codes_draw(&s->codes, a, y, bottom);
	put_rule(y++, a, _("Checks"));
	/* what failed, in words; then every check as a mark */
	for (int i = 0; i < d->n_checks && y < bottom - 2; i++) {
		const struct doc_check *c = &d->checks[i];
		if (c->status == CHECK_PASS)
			continue;
		document_describe_check(c, buf, sizeof(buf));
		attr_t at = c->status == CHECK_FAIL ? theme(TH_ERROR) : theme(TH_NORMAL);
		put_text(y, a->left + 1, 2, at, check_mark(c->status));
		put_text(y++, a->left + 3, a->cols - 4, at, buf);
	}
	for (int i = 0; i < d->n_suggestions && y < bottom; i++) {
		const struct doc_suggestion *g = &d->suggestions[i];
		/* TRANSLATORS: an OCR correction offered to the officer; F5 applies it */
		snprintf(buf, sizeof(buf), _("F5: line %d column %d '%c' may be '%c' (%s)"),
			 g->line + 1, g->col + 1, g->from, g->to, document_check_label(g->check));
		put_text(y++, a->left + 3, a->cols - 4, theme(TH_OK), buf);
		break; /* one at a time: F5 applies the first */
	}
	/* every check as a mark, wrapped over as many rows as it takes */
	int x = a->left + 1;
	for (int i = 0; i < d->n_checks && y < bottom; i++) {
		const struct doc_check *c = &d->checks[i];
		snprintf(buf, sizeof(buf), "%s %s", check_mark(c->status),
			 document_check_short(c->id));
		int w = text_width(buf);
		if (x + w > a->left + a->cols - 1) {
			x = a->left + 1;
			if (++y >= bottom)
				break;
		}
		attr_t at = c->status == CHECK_PASS   ? theme(TH_OK)
			    : c->status == CHECK_FAIL ? theme(TH_ERROR)
						      : theme(TH_NORMAL);
		x += put_text(y, x, w, at, buf) + 2;
	}
}

static void scan_draw(struct ui *ui, const struct area *a)
{
	struct scan *s = ui->state;
	put_rule(a->top, a, _("Scan a document"));
	const char *reader = s->reader_state < 0    ? _("keyboard reader ready")
			     : s->reader_state == 0 ? _("serial reader not connected")
						    : _("serial reader connected");
	int w = text_width(reader);
	put_text(a->top, a->left + a->cols - w - 3, w + 2,
		 s->reader_state == 0 ? theme(TH_ERROR) : theme(TH_TITLE), " ");
	put_text(a->top, a->left + a->cols - w - 2, w + 1,
		 s->reader_state == 0 ? theme(TH_ERROR) : theme(TH_TITLE), reader);
	int y = a->top + 1;
	if (s->form)
		draw_form(s, a, y);
	else
		draw_lines(s, a, y);
	int result_y = y + (s->form ? FORM_ROWS + 1 : 4);
	struct area rest = *a;
	if (ui->training) {
		/* what the traveller says, in full: the banner has room for a line only */
		const struct scenario *sc = training_run_scenario(ui->training);
		int i = training_run_current(ui->training);
		if (i < sc->n_travellers && sc->travellers[i].says[0]) {
			rest.rows -= 2;
			put_wrapped(a->top + a->rows - 2, a->left + 1, a->cols - 2, 2,
				    theme(TH_TITLE), sc->travellers[i].says);
		}
	}
	draw_result(s, &rest, result_y);
	draw_fields(s, a, y); /* last: the cursor stays in the focused field */
}

static void clear_all(struct scan *s)
{
	for (int i = 0; i < 3; i++)
		field_clear(&s->lines[i]);
	for (int i = 0; i < F_COUNT; i++)
		field_clear(&s->fields[i]);
	s->focus = 0;
	s->parsed = 0;
	s->problem[0] = '\0';
	scan_wedge_reset(&s->wedge);
	scan_codes_clear(&s->codes);
	s->run_field = NULL;
}

/* The officer takes the document: audited here, then screened on the result screen. */
static enum ui_result accept(struct ui *ui, struct scan *s)
{
	if (!s->parsed) {
		ui_message(ui, 1, "%s", _("No document to accept yet"));
		return UI_HANDLED;
	}
	struct error err;
	error_clear(&err);
	if (scan_accept(ui->app, &ui->session, &s->doc, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return UI_HANDLED;
	}
	ui_message(ui, 0, _("Accepted: %s %s, %s %s"), s->doc.issuer, s->doc.number, s->doc.surname,
		   s->doc.given_names);
	ui->pending = s->doc;
	ui->has_pending = 1;
	scan_codes_hand_over(ui, &s->codes, &s->doc);
	/* a read still under way is given up, and one that ended without a verdict (the
	 * document pulled out) says nothing about the document: without the chip */
	chip_job_result_free(&ui->pending_chip);
	if (s->chip && s->chip->check.outcome != CHIP_OUTCOME_UNREAD) {
		ui->pending_chip = s->chip;
		s->chip = NULL;
	}
	chip_reset(s);
	clear_all(s);
	ui_goto(ui, &result_screen);
	return UI_NEXT;
}

static enum ui_result function_key(struct ui *ui, struct scan *s, wint_t ch)
{
	struct error err;
	error_clear(&err);
	switch (ch) {
	case KEY_F(2):
		return accept(ui, s);
	case KEY_F(5):
		if (!s->parsed || s->doc.n_suggestions == 0) {
			ui_message(ui, 1, "%s", _("No correction to apply"));
		} else if (scan_apply_suggestion(ui->app, &ui->session, &s->doc, 0, &err) < 0) {
			ui_message(ui, 1, "%s", err.msg);
		} else {
			set_lines(s, &s->doc);
			s->form = 0;
			ui_message(ui, 0, "%s", _("Correction applied and recorded"));
		}
		return UI_HANDLED;
	case KEY_F(6):
		s->form = !s->form;
		s->focus = 0;
		return UI_HANDLED;
	case KEY_F(7):
		clear_all(s);
		ui->message[0] = '\0';
		return UI_HANDLED;
	case KEY_F(3):
		s->codes.image_mode = !s->codes.image_mode;
		return UI_HANDLED;
	case KEY_F(4):
		scan_codes_camera(ui, &s->codes);
		return UI_HANDLED;
	case KEY_F(9):
		if (!s->parsed)
			ui_message(ui, 1, "%s",
				   _("Scan the document first: its MRZ is the key to the chip"));
		else
			chip_start(ui, s);
		return UI_HANDLED;
	case KEY_F(8):
		if (s->form) {
			s->form_format = s->form_format == DOC_TD3   ? DOC_TD1
					 : s->form_format == DOC_TD1 ? DOC_TD2
								     : DOC_TD3;
			parse_form(s);
		}
		return UI_HANDLED;
	case KEY_F(10):
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	case KEY_DOWN:
		s->focus = (s->focus + 1) % field_count(s);
		return UI_HANDLED;
	case KEY_UP:
		s->focus = (s->focus + field_count(s) - 1) % field_count(s);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

/* The image path line: Enter reads the file, Esc closes the line. */
static enum ui_result image_key(struct ui *ui, struct scan *s, wint_t ch, int is_key, int enter)
{
	if (enter) {
		char path[FIELD_MAX * 4];
		field_text(&s->codes.path, path, sizeof(path));
		if (!path[0])
			return UI_HANDLED;
		struct document carried;
		if (scan_codes_image(ui, &s->codes, path, s->parsed ? &s->doc : NULL, &carried) ==
		    1)
			from_seal(ui, s, &carried);
		field_clear(&s->codes.path);
		s->codes.image_mode = 0;
		return UI_HANDLED;
	}
	if (!is_key && ch == 27) {
		s->codes.image_mode = 0;
		return UI_HANDLED;
	}
	if (is_key && ch >= KEY_F(1) && ch <= KEY_F(12))
		return function_key(ui, s, ch);
	return field_key(&s->codes.path, ch, is_key) ? UI_HANDLED : UI_IGNORED;
}

/* A wedge scanner's barcode: its characters leave the field, the payload is checked. */
static void from_wedge_barcode(struct ui *ui, struct scan *s)
{
	if (s->run_field) {
		*s->run_field = s->before_run;
		s->parsed = s->run_parsed;
		s->doc = s->run_doc;
		snprintf(s->problem, sizeof(s->problem), "%s", s->run_problem);
	}
	struct document carried;
	if (scan_codes_add(ui, &s->codes, BARCODE_WEDGE, (const unsigned char *)s->wedge.burst,
			   (size_t)s->wedge.payload_len, s->parsed ? &s->doc : NULL, &carried) == 1)
		from_seal(ui, s, &carried);
}

static enum ui_result scan_key(struct ui *ui, wint_t ch, int is_key)
{
	struct scan *s = ui->state;
	int enter = (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);
	if (s->codes.image_mode)
		return image_key(ui, s, ch, is_key, enter);
	if (!is_key || enter) {
		/* every key goes through the wedge detector first */
		char text[MRZ_LINES_TEXT_MAX + 1];
		int event;
		int taken = scan_wedge_key(&s->wedge, enter ? '\n' : (int)ch, scan_now_ms(), text,
					   sizeof(text), &event);
		if (event == SCAN_WEDGE_BARCODE) {
			from_wedge_barcode(ui, s);
			return UI_HANDLED;
		}
		if (taken) {
			/* the reader's characters were not meant for the field */
			for (int i = 0; i < taken; i++)
				field_key(focused(s), KEY_BACKSPACE, 1);
			if (event == SCAN_WEDGE_MRZ)
				from_reader(ui, s, text, SRC_MRZ_WEDGE);
			return UI_HANDLED;
		}
		if (s->wedge.burst_len == 1) { /* a run begins with this key */
			s->run_field = focused(s);
			s->before_run = *s->run_field;
			s->run_parsed = s->parsed;
			s->run_doc = s->doc;
			snprintf(s->run_problem, sizeof(s->run_problem), "%s", s->problem);
		}
	}
	if (is_key && !enter)
		return function_key(ui, s, ch);
	if (!is_key && ch == 27) {
		ui_goto(ui, &home_screen);
		return UI_NEXT;
	}
	if (enter || (!is_key && ch == '\t')) {
		s->focus = (s->focus + 1) % field_count(s);
		return UI_HANDLED;
	}
	/* the MRZ has no lower case: typing needs no shift key */
	if (ch >= 'a' && ch <= 'z' && (!s->form || s->focus != F_SURNAME))
		ch = ch - 'a' + 'A';
	if (!field_key(focused(s), ch, 0))
		return UI_IGNORED;
	if (s->form)
		parse_form(s);
	else
		parse_lines(s);
	ui->message[0] = '\0';
	return UI_HANDLED;
}

static const struct binding scan_bindings[] = {
	/* TRANSLATORS: key bar: screen the document against the watchlists */
	{ "F2", N_("Screen") },
	/* TRANSLATORS: key bar: read barcodes from an image file */
	{ "F3", N_("Image") },
	/* TRANSLATORS: key bar: read barcodes with the camera */
	{ "F4", N_("Camera") },
	{ "F5", N_("Apply fix") },
	{ "F6", N_("Lines/form") },
	{ "F7", N_("Clear") },
	/* TRANSLATORS: key bar: read the document's chip (again) */
	{ "F9", N_("Chip") },
	{ "Esc", N_("Back") },
	{ NULL, NULL },
};

const struct screen scan_screen = {
	.name = "scan",
	.open = scan_open,
	.draw = scan_draw,
	.key = scan_key,
	.close = scan_close,
	.tick = scan_tick,
	.tick_ms = 100,
	.bindings = scan_bindings,
	.needs_session = 1,
	.takes_text = 1,
};
