/* Barcodes on the result screen: a row for each barcode read with the traveller (the
 * kind of payload and its worst news, in the outcome's colour), and the barcode panel
 * (B or F8) with everything each one says. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "screens/result.h"

enum { BARCODE_ROWS_MAX = 2 };

static enum theme_role outcome_role(const struct barcode_check *c)
{
	return c->outcome == BARCODE_OUTCOME_WARNING ? TH_ERROR
	       : c->outcome == BARCODE_OUTCOME_GOOD  ? TH_OK
						     : TH_NORMAL;
}

int result_barcode_rows(const struct result *r)
{
	return r->n_codes < BARCODE_ROWS_MAX ? r->n_codes : BARCODE_ROWS_MAX;
}

void result_draw_barcodes(const struct result *r, const struct area *a,
			  const struct traveller_layout *t, int y)
{
	int right = a->left + a->cols - 2;
	for (int row = 0, i = 0; row < t->barcode_rows && i < r->n_codes; row++) {
		int x = t->text_left;
		/* the last row takes the rest, one after the other */
		int last = row == t->barcode_rows - 1;
		do {
			const struct barcode_check *c = &r->codes[i];
			char buf[RESULT_LINE];
			snprintf(buf, sizeof(buf), "%s: %s", barcode_check_label(c),
				 c->n_lines ? c->lines[0] : c->name);
			if (x > t->text_left)
				x += put_text(y + row, x, right - x, theme(TH_DIM), " · ");
			x += put_text(y + row, x, right - x, theme(outcome_role(c)), buf);
			i++;
		} while (last && i < r->n_codes && x < right - 3);
	}
}

void result_barcode_lines(struct result *r)
{
	r->n_lines = r->scroll = 0;
	char buf[RESULT_LINE];
	for (int i = 0; i < r->n_codes; i++) {
		const struct barcode_check *c = &r->codes[i];
		const struct seal *s = &c->seal;
		if (i)
			result_add(r, TH_NORMAL, "");
		/* TRANSLATORS: a barcode's heading: its symbology, what it holds, the issuer */
		snprintf(buf, sizeof(buf), _("%s · %s%s%s"), barcode_symbology_label(c->symbology),
			 barcode_check_label(c), s->issuer[0] ? " · " : "", s->issuer);
		result_add(r, TH_TITLE, buf);
		for (int k = 0; k < c->n_lines; k++)
			result_add(r, k == 0 ? outcome_role(c) : TH_NORMAL, c->lines[k]);
		for (int k = 0; k < s->n_fields; k++) {
			snprintf(buf, sizeof(buf), "  %-20s %s",
				 barcode_seal_field_label(s->fields[k].name), s->fields[k].value);
			result_add(r, TH_NORMAL, buf);
		}
		if (c->sig.signer_subject[0]) {
			snprintf(buf, sizeof(buf), _("signer: %s, serial %s"),
				 c->sig.signer_subject, c->sig.signer_serial);
			result_add(r, TH_DIM, buf);
		}
	}
	if (r->n_codes == 0)
		result_add(r, TH_DIM, _("No barcode was read for this traveller"));
}
