/* The chip on the result screen: the face beside the traveller's data, the chip's
 * verdict in as many rows as the terminal spares (worst first; what does not fit is
 * joined on the last row), and the chip panel with everything the read said. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "screens/result.h"

enum {
	/* at 80×24 the screen's area has 21 rows: the photo takes 5, as in DESIGN.md */
	BASE_AREA_ROWS = 21,
	PHOTO_ROWS_MIN = 5,
	PHOTO_ROWS_MAX = 16,
	CHIP_ROWS_MIN = 2,
	CHIP_ITEMS = CHIP_CHECK_LINES + 1,
};

struct chip_item {
	const char *text;
	attr_t attr;
};

/* The data groups were read and authenticated one way or another: app/chip.c then
 * ends the lines with active and chip authentication, in that order. */
static int data_read(const struct chip_check_result *c)
{
	switch (c->verdict) {
	case CHIP_GENUINE:
	case CHIP_UNKNOWN_ISSUER:
	case CHIP_HASH_MISMATCH:
	case CHIP_BAD_SIGNATURE:
	case CHIP_NO_SOD:
		return 1;
	default:
		return 0;
	}
}

static attr_t step_attr(enum chip_check st)
{
	return st == CHIP_FAILED   ? theme(TH_ERROR)
	       : st == CHIP_PASSED ? theme(TH_OK)
				   : theme(TH_NORMAL);
}

/* Which colour each line of the verdict takes: the news in green or red, the
 * authentication steps by their own result ("not performed" is no pass: plain). */
static attr_t line_attr(const struct chip_check_result *c, int i)
{
	int auth = data_read(c) && c->n_lines >= 2 ? c->n_lines - 2 : c->n_lines;
	if (i == auth)
		return step_attr(c->chip.active_auth);
	if (i > auth)
		return step_attr(c->chip.chip_auth);
	if (c->outcome == CHIP_OUTCOME_GENUINE)
		return theme(TH_OK);
	/* a genuine chip holding another MRZ: the difference is the warning, the
	 * signature line after it is a fact */
	if (c->verdict == CHIP_GENUINE && i > 0)
		return theme(TH_NORMAL);
	return theme(TH_ERROR);
}

static int chip_items(const struct result *r, struct chip_item out[CHIP_ITEMS], char *face,
		      size_t face_len)
{
	const struct chip_check_result *c = &r->chip->check;
	int n = 0;
	for (int i = 0; i < c->n_lines && n < CHIP_ITEMS; i++)
		out[n++] = (struct chip_item){ c->lines[i], line_attr(c, i) };
	if (r->chip->face_problem[0] && n < CHIP_ITEMS) {
		/* TRANSLATORS: the chip holds a face image that cannot be decoded */
		snprintf(face, face_len, _("face image not shown: %s"), r->chip->face_problem);
		out[n++] = (struct chip_item){ face, theme(TH_ERROR) };
	}
	if (n == 0 && n < CHIP_ITEMS)
		out[n++] = (struct chip_item){ c->name, theme(TH_ERROR) };
	return n;
}

void result_traveller_layout(const struct result *r, const struct area *a,
			     struct traveller_layout *t)
{
	memset(t, 0, sizeof(*t));
	t->text_left = a->left + 2;
	t->barcode_rows = result_barcode_rows(r);
	t->manifest_rows = 0;
	if (r->sc.manifest.manifest_id) {
		char line[400];
		result_manifest_text(&r->sc.manifest, line, sizeof(line));
		/* the text starts where the traveller's does; two rows when it needs them */
		/* beside a photo the text has a quarter of the width less */
		int room = a->cols - 4 - (r->chip && r->photo ? a->cols / 4 + 2 : 0);
		t->manifest_rows = text_width(line) > room ? 2 : 1;
	}
	/* the rule, the name, the dates, the barcodes, the manifest, the crossing */
	t->rows = 4 + t->barcode_rows + t->manifest_rows;
	if (!r->chip)
		return;
	struct chip_item items[CHIP_ITEMS];
	char face[600];
	int want = chip_items(r, items, face, sizeof(face));
	int extra = a->rows > BASE_AREA_ROWS ? a->rows - BASE_AREA_ROWS : 0;
	int cap = CHIP_ROWS_MIN + extra / 3;
	t->chip_rows = want < cap ? want : cap;
	int text_rows = 3 + t->chip_rows + t->barcode_rows + t->manifest_rows;
	t->rows = 1 + text_rows;
	if (!r->photo)
		return;
	int rows = PHOTO_ROWS_MIN + extra / 2;
	rows = rows > PHOTO_ROWS_MAX ? PHOTO_ROWS_MAX : rows;
	int h, w;
	photo_fit(r->photo, rows, a->cols / 4, &h, &w);
	if (h < 1 || w < 1)
		return;
	t->photo_rows = rows;
	t->photo_cols = w;
	t->text_left = a->left + 2 + w + 2;
	t->rows = 1 + (rows > text_rows ? rows : text_rows);
}

void result_draw_chip(const struct result *r, const struct area *a,
		      const struct traveller_layout *t, int y)
{
	if (!r->chip || t->chip_rows < 1)
		return;
	struct chip_item items[CHIP_ITEMS];
	char face[600];
	int n = chip_items(r, items, face, sizeof(face));
	int right = a->left + a->cols - 2;
	for (int i = 0, row = 0; i < n && row < t->chip_rows; row++) {
		int x = t->text_left;
		/* the last row takes everything left, one after the other */
		int last = row == t->chip_rows - 1;
		do {
			if (x > t->text_left)
				x += put_text(y + row, x, right - x, theme(TH_DIM), " · ");
			x += put_text(y + row, x, right - x, items[i].attr, items[i].text);
			i++;
		} while (last && i < n && x < right - 3);
	}
}

static enum theme_role role_of(attr_t attr)
{
	return attr == theme(TH_ERROR) ? TH_ERROR : attr == theme(TH_OK) ? TH_OK : TH_NORMAL;
}

static void add_files(struct result *r, const struct chip_result *c)
{
	char buf[RESULT_LINE];
	for (int f = 0; f < CHIP_FILE_COUNT; f++) {
		const struct chip_file *file = &c->files[f];
		if (!file->present)
			continue;
		const char *hash = file->hash == CHIP_PASSED   ? _("hash equal")
				   : file->hash == CHIP_FAILED ? _("HASH DIFFERS")
							       : "";
		/* TRANSLATORS: one file read from the chip: name, size in bytes, hash check */
		snprintf(buf, sizeof(buf), _("  %-10s %6zu bytes  %s"), chip_file_name(f),
			 file->len, hash);
		result_add(r, file->hash == CHIP_FAILED ? TH_ERROR : TH_NORMAL, buf);
	}
}

void result_chip_lines(struct result *r)
{
	r->n_lines = r->scroll = 0;
	const struct chip_check_result *c = &r->chip->check;
	const struct chip_result *chip = &c->chip;
	struct chip_item items[CHIP_ITEMS];
	char face[600], buf[RESULT_LINE];
	int n = chip_items(r, items, face, sizeof(face));
	for (int i = 0; i < n; i++)
		result_add(r, role_of(items[i].attr), items[i].text);
	result_add(r, TH_NORMAL, "");
	/* TRANSLATORS: the chip read: reader, commands sent, time taken */
	snprintf(buf, sizeof(buf), _("read in %s: %d commands, %ld ms%s"),
		 chip->reader[0] ? chip->reader : "?", chip->apdus, chip->ms,
		 chip->extended_length ? _(", extended length") : "");
	result_add(r, TH_NORMAL, buf);
	if (chip->card_access[0]) {
		/* TRANSLATORS: what the chip's EF.CardAccess offers, e.g. PACE */
		snprintf(buf, sizeof(buf), _("the chip also offers: %s"), chip->card_access);
		result_add(r, TH_NORMAL, buf);
	}
	if (chip->ds_subject[0]) {
		snprintf(buf, sizeof(buf), _("document signer: %s"), chip->ds_subject);
		result_add(r, TH_NORMAL, buf);
	}
	if (chip->csca_subject[0]) {
		snprintf(buf, sizeof(buf), _("trusted CSCA: %s"), chip->csca_subject);
		result_add(r, TH_NORMAL, buf);
	}
	if (c->differs) {
		char fields[RESULT_LINE] = "";
		for (int f = 0; f < CHIP_FIELD_COUNT; f++) {
			if (!(c->differs & (1u << f)))
				continue;
			size_t used = strlen(fields);
			snprintf(fields + used, sizeof(fields) - used, "%s%s", used ? ", " : "",
				 chip_check_field_label(f));
		}
		snprintf(buf, sizeof(buf), _("chip DG1 and the printed MRZ differ in: %s"), fields);
		result_add(r, TH_ERROR, buf);
	}
	result_add(r, TH_TITLE, _("Files read"));
	add_files(r, chip);
	if (r->photo || r->chip->face.rgb)
		result_add(r, TH_DIM, _("the face is shown beside the traveller's data"));
}
