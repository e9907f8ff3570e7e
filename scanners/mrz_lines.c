/* MRZ lines from a reader's byte stream, assembled into documents (mrz_lines.h). */
#include "scanners/mrz_lines.h"

#include <string.h>

enum { STX = 0x02, ETX = 0x03 };

void mrz_lines_reset(struct mrz_lines *a)
{
	memset(a, 0, sizeof(*a));
}

void mrz_lines_discard_partial(struct mrz_lines *a)
{
	a->line_len = 0;
	a->spaces = 0;
	a->overlong = 0;
	a->last_end = 0;
	a->doc_lines = 0;
}

static int is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The rule of mrz_line_shaped() in scanners/mrz.h, kept here so that the assembler
 * depends on nothing but itself (it runs on every keystroke of the wedge). */
static int line_shaped(const char *s, size_t n)
{
	if (n != 30 && n != 36 && n != 44)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_letter(s[i]) && !is_digit(s[i]) && s[i] != '<')
			return 0;
	return 1;
}

/* Whether a shaped line of width n can be line `index` (0-based) of a document. Only
 * positions that Doc 9303 fixes for every document of that size are looked at, and
 * only enough of them to tell the lines apart (see mrz_lines.h). */
/* A check digit as a reader may deliver it: a digit, or a letter OCR confuses with
 * one. Such a misread must still reach mrz_parse(), which offers the correction. */
static int digit_like(char c)
{
	return is_digit(c) || (c != '\0' && strchr("OIBSZG", c) != NULL);
}

static int line_fits(const char *s, size_t n, int index)
{
	if (n == 30) {
		switch (index) {
		case 0: /* document code */
			return is_letter(s[0]);
		case 1: /* birth date, its check digit at position 7, the sex at 8 */
			return (digit_like(s[0]) || s[0] == '<') && digit_like(s[6]) &&
			       s[7] != '\0' && strchr("MFX<", s[7]); /* then the sex */
		default:                                             /* name */
			return is_letter(s[0]) && !is_digit(s[6]);
		}
	}
	/* TD2, TD3, MRV-A, MRV-B: line 1 is code, state and name; line 2 starts with the
	 * document number, whose check digit is position 10 */
	if (index == 0)
		return is_letter(s[0]) && !is_digit(s[9]);
	/* the number's check digit ('<' for a long TD2 number), a birth date (which may
	 * hold XX for an unknown day or month) and a sex, where a first line has names */
	int date_digits = 0;
	for (int i = 13; i < 19; i++)
		date_digits += digit_like(s[i]);
	return (digit_like(s[9]) || s[9] == '<') && date_digits >= 4 && s[20] != '\0' &&
	       strchr("MFX<", s[20]);
}

static void push_document(struct mrz_lines *a)
{
	if (a->count == MRZ_LINES_QUEUE) {
		/* the newest is the document in the officer's hand */
		a->head = (a->head + 1) % MRZ_LINES_QUEUE;
		a->count--;
		a->dropped++;
	}
	char *q = a->queue[(a->head + a->count) % MRZ_LINES_QUEUE];
	size_t n = 0;
	for (int i = 0; i < a->doc_lines; i++) {
		if (i > 0)
			q[n++] = '\n';
		memcpy(q + n, a->doc[i], a->doc_width);
		n += a->doc_width;
	}
	q[n] = '\0';
	a->count++;
}

static void add_line(struct mrz_lines *a, const char *s, size_t n)
{
	if (a->doc_lines > 0 && (n != a->doc_width || !line_fits(s, n, a->doc_lines)))
		a->doc_lines = 0;
	if (a->doc_lines == 0 && !line_fits(s, n, 0))
		return;
	memcpy(a->doc[a->doc_lines], s, n);
	a->doc_width = n;
	a->doc_lines++;
	if (a->doc_lines == (n == 30 ? 3 : 2)) {
		push_document(a);
		a->doc_lines = 0;
	}
}

/* The line in progress is over (it may be empty: a blank line). */
static void end_line(struct mrz_lines *a)
{
	if (!a->overlong && line_shaped(a->line, a->line_len))
		add_line(a, a->line, a->line_len);
	else
		a->doc_lines = 0;
	a->line_len = 0;
	a->spaces = 0;
	a->overlong = 0;
}

static int line_pending(const struct mrz_lines *a)
{
	return a->line_len > 0 || a->overlong;
}

static void line_end_byte(struct mrz_lines *a, int c)
{
	if (line_pending(a)) {
		end_line(a);
		a->last_end = c;
	} else if (a->last_end == ETX) {
		a->last_end = c; /* "ETX CR LF": one ending */
	} else if ((a->last_end == '\r' && c == '\n') || (a->last_end == '\n' && c == '\r')) {
		a->last_end = 0;
	} else {
		end_line(a); /* a blank line: documents do not span it */
		a->last_end = c;
	}
}

static void append(struct mrz_lines *a, char c)
{
	size_t need = a->spaces + 1;
	if (a->overlong || need > MRZ_LINES_MAX_RAW - a->line_len) {
		a->overlong = 1;
		a->spaces = 0;
		return;
	}
	memset(a->line + a->line_len, ' ', a->spaces);
	a->line_len += a->spaces;
	a->line[a->line_len++] = c;
	a->spaces = 0;
}

static void feed_byte(struct mrz_lines *a, unsigned char c)
{
	switch (c) {
	case '\r':
	case '\n':
		line_end_byte(a, c);
		break;
	case STX:
		if (line_pending(a))
			end_line(a);
		break;
	case ETX:
		if (line_pending(a))
			end_line(a);
		a->last_end = ETX;
		break;
	case ' ':
	case '\t':
		/* leading ones are dropped; the count saturates, as past the limit the
		 * line is too long anyway */
		if (line_pending(a) && a->spaces <= MRZ_LINES_MAX_RAW)
			a->spaces++;
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			break;
		append(a, (char)c);
		a->last_end = 0;
		break;
	}
}

int mrz_lines_feed(struct mrz_lines *a, const char *data, size_t len, char *out, size_t outlen)
{
	for (size_t i = 0; data && i < len; i++)
		feed_byte(a, (unsigned char)data[i]);
	if (a->count == 0 || !out || outlen < MRZ_LINES_TEXT_MAX + 1)
		return 0;
	const char *q = a->queue[a->head];
	memcpy(out, q, strlen(q) + 1);
	a->head = (a->head + 1) % MRZ_LINES_QUEUE;
	a->count--;
	return 1;
}
