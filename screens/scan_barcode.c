/* The scan screen's barcodes (screens/scan_barcode.h). */
#include "screens/scan_barcode.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

void scan_codes_init(struct scan_codes *c)
{
	memset(c, 0, sizeof(*c));
	if (!barcode_camera_find(c->camera_dev, sizeof(c->camera_dev)))
		c->camera_dev[0] = '\0';
}

void scan_codes_clear(struct scan_codes *c)
{
	for (int i = 0; i < c->n; i++)
		barcode_check_free(&c->items[i]);
	c->n = 0;
	c->image_mode = 0;
	field_clear(&c->path);
	barcode_camera_close(&c->camera);
}

int scan_codes_add(struct ui *ui, struct scan_codes *c, enum barcode_symbology sym,
		   const unsigned char *data, size_t len, const struct document *doc,
		   struct document *carried)
{
	if (c->n >= CROSSING_MAX_BARCODES) {
		ui_message(ui, 1, _("At most %d barcodes per traveller: F7 clears them"),
			   CROSSING_MAX_BARCODES);
		return 0;
	}
	/* a scanner that reads the same sticker twice adds nothing new */
	for (int i = 0; i < c->n; i++)
		if (c->items[i].payload_len == len && memcmp(c->items[i].payload, data, len) == 0) {
			ui_message(ui, 0, "%s", _("The same barcode again: already read"));
			return 0;
		}
	struct barcode_check *b = &c->items[c->n];
	struct error err;
	error_clear(&err);
	if (barcode_check(ui->app, &ui->session, sym, data, len, doc, b, &err) < 0) {
		barcode_check_free(b);
		ui_message(ui, 1, "%s", err.msg);
		return 0;
	}
	c->n++;
	/* TRANSLATORS: a barcode was read: what it is, then its first finding */
	ui_message(ui, b->outcome == BARCODE_OUTCOME_WARNING, _("Barcode read: %s: %s"),
		   barcode_check_label(b), b->n_lines ? b->lines[0] : b->name);
	if (!doc && barcode_check_document(b, carried) == 0) {
		scan_codes_compare(c, carried);
		return 1;
	}
	return 0;
}

int scan_codes_image(struct ui *ui, struct scan_codes *c, const char *path,
		     const struct document *doc, struct document *carried)
{
	struct barcode_list l = { 0 };
	struct error err;
	error_clear(&err);
	if (barcode_decode_file(path, &l, &err) < 0) {
		ui_message(ui, 1, "%s", err.msg);
		return 0;
	}
	if (l.n == 0)
		ui_message(ui, 1, _("No barcode found in '%s': a sharper or larger image may help"),
			   path);
	int got = 0;
	for (int i = 0; i < l.n; i++) {
		/* once a seal has given the document, the others are compared with it */
		if (scan_codes_add(ui, c, l.items[i].symbology, l.items[i].data, l.items[i].len,
				   got ? carried : doc, carried) == 1)
			got = 1;
	}
	barcode_list_free(&l);
	return got;
}

void scan_codes_compare(struct scan_codes *c, const struct document *doc)
{
	for (int i = 0; i < c->n; i++)
		barcode_check_compare(&c->items[i], doc);
}

void scan_codes_camera(struct ui *ui, struct scan_codes *c)
{
	if (c->camera) {
		barcode_camera_close(&c->camera);
		ui_message(ui, 0, "%s", _("Camera stopped"));
		return;
	}
	if (!c->camera_dev[0] && !barcode_camera_find(c->camera_dev, sizeof(c->camera_dev))) {
		c->camera_dev[0] = '\0';
		ui_message(ui, 1, "%s",
			   _("No camera found (/dev/video*): read barcodes with the desk scanner "
			     "or from an image file (F3)"));
		return;
	}
	struct error err;
	error_clear(&err);
	if (barcode_camera_open(c->camera_dev, &c->camera, &err) < 0)
		ui_message(ui, 1, "%s", err.msg);
	else
		ui_message(ui, 0, _("Camera %s on: hold the barcode in front of it"),
			   c->camera_dev);
}

int scan_codes_tick(struct ui *ui, struct scan_codes *c, const struct document *doc,
		    struct document *carried)
{
	if (!c->camera)
		return 0;
	struct barcode_list l = { 0 };
	struct error err;
	error_clear(&err);
	int rc = barcode_camera_poll(c->camera, 0, &l, &err);
	if (rc < 0) {
		barcode_camera_close(&c->camera);
		ui_message(ui, 1, "%s", err.msg);
		return 0;
	}
	int got = 0;
	for (int i = 0; rc == 1 && i < l.n; i++)
		if (scan_codes_add(ui, c, l.items[i].symbology, l.items[i].data, l.items[i].len,
				   got ? carried : doc, carried) == 1)
			got = 1;
	barcode_list_free(&l);
	return got;
}

int scan_codes_draw(const struct scan_codes *c, const struct area *a, int y, int bottom)
{
	int rows = 0;
	for (int i = 0; i < c->n && y + rows < bottom; i++) {
		const struct barcode_check *b = &c->items[i];
		char buf[320];
		snprintf(buf, sizeof(buf), "▮ %s: %s", barcode_check_label(b),
			 b->n_lines ? b->lines[0] : b->name);
		attr_t at = b->outcome == BARCODE_OUTCOME_WARNING ? theme(TH_ERROR)
			    : b->outcome == BARCODE_OUTCOME_GOOD  ? theme(TH_OK)
								  : theme(TH_NORMAL);
		put_text(y + rows++, a->left + 1, a->cols - 2, at, buf);
	}
	if (c->image_mode && y + rows < bottom) {
		const char *label = _("Image file:");
		int lw = text_width(label);
		put_text(y + rows, a->left + 1, lw + 1, theme(TH_TITLE), label);
		field_draw(&c->path, y + rows, a->left + 2 + lw, a->cols - lw - 4, 1);
		rows++;
	}
	return rows;
}

void scan_codes_hint(const struct scan_codes *c, char *buf, size_t len)
{
	if (c->camera)
		snprintf(buf, len, _("F3: barcode from an image file · camera %s on (F4: stop)"),
			 c->camera_dev);
	else if (c->camera_dev[0])
		snprintf(buf, len, _("F3: barcode from an image file · F4: camera %s"),
			 c->camera_dev);
	else
		snprintf(buf, len, "%s", _("F3: barcode from an image file · no camera found"));
}

void scan_codes_hand_over(struct ui *ui, struct scan_codes *c, const struct document *doc)
{
	barcode_checks_free(&ui->pending_codes, ui->n_pending_codes);
	ui->n_pending_codes = 0;
	if (c->n == 0)
		return;
	scan_codes_compare(c, doc);
	ui->pending_codes = calloc((size_t)c->n, sizeof(*ui->pending_codes));
	if (!ui->pending_codes) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return;
	}
	memcpy(ui->pending_codes, c->items, (size_t)c->n * sizeof(c->items[0]));
	ui->n_pending_codes = c->n;
	/* the result screen owns them now */
	memset(c->items, 0, (size_t)c->n * sizeof(c->items[0]));
	c->n = 0;
}
