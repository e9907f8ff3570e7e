/* MRZ parser and validator, ICAO Doc 9303 Parts 3 (common rules), 4 (TD3), 5 (TD1),
 * 6 (TD2) and 7 (MRV-A, MRV-B). */
#include "scanners/mrz.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "scanners/clock.h"
#include "scanners/country.h"

enum { MAX_INPUT = 4096 };

/* Part 3, 4.9: digits count their value, A-Z 10-35, the filler 0; -1 marks a character
 * that has no value. A table, because this runs for every character of every scan. */
static const signed char values[256] = {
	['<'] = 0,  ['0'] = 0,  ['1'] = 1,  ['2'] = 2,  ['3'] = 3,  ['4'] = 4,  ['5'] = 5,
	['6'] = 6,  ['7'] = 7,  ['8'] = 8,  ['9'] = 9,  ['A'] = 10, ['B'] = 11, ['C'] = 12,
	['D'] = 13, ['E'] = 14, ['F'] = 15, ['G'] = 16, ['H'] = 17, ['I'] = 18, ['J'] = 19,
	['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['O'] = 24, ['P'] = 25, ['Q'] = 26,
	['R'] = 27, ['S'] = 28, ['T'] = 29, ['U'] = 30, ['V'] = 31, ['W'] = 32, ['X'] = 33,
	['Y'] = 34, ['Z'] = 35,
};

static int char_value(char c)
{
	unsigned char u = (unsigned char)c;
	/* the table's zeros are only real for '0' and '<' */
	if (values[u] == 0 && u != '0' && u != '<')
		return -1;
	return values[u];
}

/* Adds n characters to a running 7-3-1 sum; *pos carries the weight position across
 * the parts of a composite. Returns -1 on a character without a value. */
static int digit_sum(const char *s, size_t n, int *pos, int *sum)
{
	static const int weight[3] = { 7, 3, 1 };
	for (size_t i = 0; i < n; i++) {
		int v = char_value(s[i]);
		if (v < 0)
			return -1;
		*sum += v * weight[*pos];
		*pos = *pos == 2 ? 0 : *pos + 1;
	}
	return 0;
}

int mrz_check_digit(const char *s, size_t n)
{
	int pos = 0, sum = 0;
	if (digit_sum(s, n, &pos, &sum) < 0)
		return -1;
	return '0' + sum % 10;
}

static int mrz_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

int mrz_line_shaped(const char *line, size_t len)
{
	if (len != 30 && len != 36 && len != 44)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!mrz_char(line[i]))
			return 0;
	return 1;
}

/* Where a format keeps each element: line and start column, -1 when absent. */
struct span {
	int line, col, len;
};

struct layout {
	struct span code, issuer, name, number, number_cd, nationality, birth, birth_cd, sex,
		expiry, expiry_cd, optional1, optional1_cd, optional2, composite;
	struct span composite_parts[4]; /* what the composite digit covers */
	int name_len;
};

#define SP(l, c, n)                                                                                \
	{                                                                                          \
		l, c, n                                                                            \
	}
#define NONE                                                                                       \
	{                                                                                          \
		-1, 0, 0                                                                           \
	}

/* 9303 Part 4 (TD3) and Part 7 (MRV-A): two lines of 44. */
static const struct layout td3 = { SP(0, 0, 2),
				   SP(0, 2, 3),
				   SP(0, 5, 39),
				   SP(1, 0, 9),
				   SP(1, 9, 1),
				   SP(1, 10, 3),
				   SP(1, 13, 6),
				   SP(1, 19, 1),
				   SP(1, 20, 1),
				   SP(1, 21, 6),
				   SP(1, 27, 1),
				   SP(1, 28, 14),
				   SP(1, 42, 1),
				   NONE,
				   SP(1, 43, 1),
				   { SP(1, 0, 10), SP(1, 13, 7), SP(1, 21, 22), NONE },
				   39 };
static const struct layout mrva = { SP(0, 0, 2),
				    SP(0, 2, 3),
				    SP(0, 5, 39),
				    SP(1, 0, 9),
				    SP(1, 9, 1),
				    SP(1, 10, 3),
				    SP(1, 13, 6),
				    SP(1, 19, 1),
				    SP(1, 20, 1),
				    SP(1, 21, 6),
				    SP(1, 27, 1),
				    SP(1, 28, 16),
				    NONE,
				    NONE,
				    NONE,
				    { NONE, NONE, NONE, NONE },
				    39 };
/* Part 6 (TD2) and Part 7 (MRV-B): two lines of 36. */
static const struct layout td2 = { SP(0, 0, 2),
				   SP(0, 2, 3),
				   SP(0, 5, 31),
				   SP(1, 0, 9),
				   SP(1, 9, 1),
				   SP(1, 10, 3),
				   SP(1, 13, 6),
				   SP(1, 19, 1),
				   SP(1, 20, 1),
				   SP(1, 21, 6),
				   SP(1, 27, 1),
				   SP(1, 28, 7),
				   NONE,
				   NONE,
				   SP(1, 35, 1),
				   { SP(1, 0, 10), SP(1, 13, 7), SP(1, 21, 14), NONE },
				   31 };
static const struct layout mrvb = { SP(0, 0, 2),
				    SP(0, 2, 3),
				    SP(0, 5, 31),
				    SP(1, 0, 9),
				    SP(1, 9, 1),
				    SP(1, 10, 3),
				    SP(1, 13, 6),
				    SP(1, 19, 1),
				    SP(1, 20, 1),
				    SP(1, 21, 6),
				    SP(1, 27, 1),
				    SP(1, 28, 8),
				    NONE,
				    NONE,
				    NONE,
				    { NONE, NONE, NONE, NONE },
				    31 };
/* Part 5 (TD1): three lines of 30. */
static const struct layout td1 = { SP(0, 0, 2),
				   SP(0, 2, 3),
				   SP(2, 0, 30),
				   SP(0, 5, 9),
				   SP(0, 14, 1),
				   SP(1, 15, 3),
				   SP(1, 0, 6),
				   SP(1, 6, 1),
				   SP(1, 7, 1),
				   SP(1, 8, 6),
				   SP(1, 14, 1),
				   SP(0, 15, 15),
				   NONE,
				   SP(1, 18, 11),
				   SP(1, 29, 1),
				   { SP(0, 5, 25), SP(1, 0, 7), SP(1, 8, 7), SP(1, 18, 11) },
				   30 };

static const char *at(const char mrz[][MRZ_MAX_LINE + 1], struct span s)
{
	return &mrz[s.line][s.col];
}

/* Copies a span without its trailing fillers. */
static void copy_field(const char mrz[][MRZ_MAX_LINE + 1], struct span s, char *out, size_t len)
{
	int n = s.len;
	while (n > 0 && at(mrz, s)[n - 1] == '<')
		n--;
	if ((size_t)n >= len)
		n = (int)len - 1;
	memcpy(out, at(mrz, s), (size_t)n);
	out[n] = '\0';
}

static void add_check(struct document *d, enum check_id id, enum check_status st, char found,
		      char expected, const char *value)
{
	if (d->n_checks >= DOC_MAX_CHECKS)
		return;
	struct doc_check *c = &d->checks[d->n_checks++];
	c->id = id;
	c->status = st;
	c->found = found;
	c->expected = expected;
	size_t n = value ? strnlen(value, sizeof(c->value) - 1) : 0;
	memcpy(c->value, value ? value : "", n);
	c->value[n] = '\0';
}

/* The check digits of a document, evaluated on its lines as they stand, so that an OCR
 * substitution can be tried by evaluating again. */
struct digit_check {
	enum check_id id;
	struct span parts[4]; /* covered characters; the number may have two parts */
	struct span digit;
	int filler_ok; /* an all-filler field may carry '<' as its digit (Part 4, TD3) */
};

struct digits {
	int n;
	struct digit_check c[5];
	/* Part 4-7 mark dates and check digits numeric ("n"): an OCR suggestion may only
	 * turn a letter there into a digit, whichever check it repairs */
	unsigned char numeric[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
};

static void mark_numeric(struct digits *ds, struct span s)
{
	for (int i = 0; s.line >= 0 && i < s.len; i++)
		ds->numeric[s.line][s.col + i] = 1;
}

static int digit_for(const char mrz[][MRZ_MAX_LINE + 1], const struct digit_check *dc,
		     char *expected)
{
	int pos = 0, sum = 0, valid = 1, all_filler = 1;
	for (int p = 0; p < 4 && dc->parts[p].line >= 0; p++) {
		const char *s = at(mrz, dc->parts[p]);
		if (valid && digit_sum(s, (size_t)dc->parts[p].len, &pos, &sum) < 0)
			valid = 0;
		for (int i = 0; all_filler && i < dc->parts[p].len; i++)
			all_filler = s[i] == '<';
	}
	*expected = valid ? (char)('0' + sum % 10) : '?';
	char found = *at(mrz, dc->digit);
	if (dc->filler_ok && all_filler && (found == '<' || found == '0'))
		return 1;
	return valid && found == *expected;
}

/* Long numbers (Part 5 note j, Part 6): a '<' in the number's check-digit position
 * means the number goes on in the optional data, up to its last character, which is
 * the check digit of the whole number. */
static void number_spans(const char mrz[][MRZ_MAX_LINE + 1], const struct layout *l,
			 int long_capable, struct digit_check *dc, struct document *d)
{
	dc->id = CHECK_NUMBER_DIGIT;
	dc->parts[0] = l->number;
	dc->digit = l->number_cd;
	int tail = 0;
	if (long_capable && *at(mrz, l->number_cd) == '<') {
		const char *opt = at(mrz, l->optional1);
		while (tail < l->optional1.len && opt[tail] != '<')
			tail++;
	}
	if (tail >= 2) {
		/* 9 characters here, the rest there, and the digit after them */
		dc->parts[1] = (struct span){ l->optional1.line, l->optional1.col, tail - 1 };
		dc->digit = (struct span){ l->optional1.line, l->optional1.col + tail - 1, 1 };
		memcpy(d->number, at(mrz, l->number), 9);
		memcpy(d->number + 9, at(mrz, l->optional1), (size_t)(tail - 1));
		d->number[9 + tail - 1] = '\0';
		/* what follows the digit is the real optional data */
		struct span rest = { l->optional1.line, l->optional1.col + tail,
				     l->optional1.len - tail };
		const char *r = at(mrz, rest);
		while (rest.len > 0 && *r == '<') {
			r++;
			rest.col++;
			rest.len--;
		}
		copy_field(mrz, rest, d->optional1, sizeof(d->optional1));
	} else {
		copy_field(mrz, l->number, d->number, sizeof(d->number));
		copy_field(mrz, l->optional1, d->optional1, sizeof(d->optional1));
	}
	for (int p = tail >= 2 ? 2 : 1; p < 4; p++)
		dc->parts[p] = (struct span){ -1, 0, 0 };
}

static void build_digits(const char mrz[][MRZ_MAX_LINE + 1], const struct layout *l,
			 enum doc_format f, struct digits *ds, struct document *d)
{
	memset(ds, 0, sizeof(*ds));
	number_spans(mrz, l, f == DOC_TD1 || f == DOC_TD2, &ds->c[ds->n++], d);
	struct digit_check birth = {
		CHECK_BIRTH_DIGIT, { l->birth, NONE, NONE, NONE }, l->birth_cd, 0
	};
	struct digit_check expiry = {
		CHECK_EXPIRY_DIGIT, { l->expiry, NONE, NONE, NONE }, l->expiry_cd, 0
	};
	ds->c[ds->n++] = birth;
	ds->c[ds->n++] = expiry;
	if (l->optional1_cd.line >= 0) {
		struct digit_check opt = {
			CHECK_OPTIONAL_DIGIT, { l->optional1, NONE, NONE, NONE }, l->optional1_cd, 1
		};
		ds->c[ds->n++] = opt;
	}
	mark_numeric(ds, l->birth);
	mark_numeric(ds, l->expiry);
	for (int k = 0; k < ds->n; k++)
		mark_numeric(ds, ds->c[k].digit);
	mark_numeric(ds, l->optional1_cd);
	mark_numeric(ds, l->composite);
	if (l->composite.line >= 0) {
		struct digit_check comp = {
			CHECK_COMPOSITE_DIGIT, { NONE, NONE, NONE, NONE }, l->composite, 0
		};
		memcpy(comp.parts, l->composite_parts, sizeof(comp.parts));
		ds->c[ds->n++] = comp;
	}
}

/* OCR readers confuse these pairs; Part 3 fonts (OCR-B) make them look alike. */
static const char confusions[][2] = {
	{ 'O', '0' }, { 'I', '1' }, { 'B', '8' }, { 'S', '5' }, { 'Z', '2' }, { 'G', '6' },
};

/* Would writing `to` at (line, col) make check k pass without breaking any check that
 * passes now? */
static int repairs(char mrz[][MRZ_MAX_LINE + 1], const struct digits *ds, int k, const int *passed,
		   int line, int col, char to)
{
	char saved = mrz[line][col], expected;
	mrz[line][col] = to;
	int ok = digit_for(mrz, &ds->c[k], &expected);
	for (int j = 0; ok && j < ds->n; j++)
		if (passed[j] && !digit_for(mrz, &ds->c[j], &expected))
			ok = 0;
	mrz[line][col] = saved;
	return ok;
}

/* One substitution may repair several digits (a field and the composite): offer it once,
 * under the first check it repairs. */
static void add_suggestion(struct document *d, enum check_id id, int line, int col, char from,
			   char to)
{
	for (int i = 0; i < d->n_suggestions; i++)
		if (d->suggestions[i].line == line && d->suggestions[i].col == col &&
		    d->suggestions[i].to == to)
			return;
	if (d->n_suggestions < DOC_MAX_SUGGESTIONS)
		d->suggestions[d->n_suggestions++] =
			(struct doc_suggestion){ id, line, col, from, to };
}

static void suggest(struct document *d, char mrz[][MRZ_MAX_LINE + 1], const struct digits *ds,
		    int k, const int *passed)
{
	const struct digit_check *dc = &ds->c[k];
	struct span spans[5];
	int n = 0;
	for (int p = 0; p < 4 && dc->parts[p].line >= 0; p++)
		spans[n++] = dc->parts[p];
	spans[n++] = dc->digit;
	for (int s = 0; s < n; s++) {
		for (int i = 0; i < spans[s].len; i++) {
			int line = spans[s].line, col = spans[s].col + i;
			char c = mrz[line][col];
			/* a letter in a numeric position, either way in an alphanumeric one */
			int numeric = ds->numeric[line][col];
			for (size_t x = 0; x < sizeof(confusions) / sizeof(confusions[0]); x++) {
				char to = 0;
				if (c == confusions[x][0])
					to = confusions[x][1];
				else if (c == confusions[x][1] && !numeric)
					to = confusions[x][0];
				if (to && repairs(mrz, ds, k, passed, line, col, to))
					add_suggestion(d, dc->id, line, col, c, to);
			}
			/* A filler read as K. K is worth 20, which no weight changes mod 10, so
			 * inside a field this never repairs a digit; it matters where a filler
			 * may stand for the digit itself (an empty TD3 personal number). */
			char swap = c == 'K' ? '<' : 'K';
			int filler_digit = dc->filler_ok && s == n - 1;
			if ((!numeric || filler_digit) && (c == 'K' || c == '<') &&
			    repairs(mrz, ds, k, passed, line, col, swap))
				add_suggestion(d, dc->id, line, col, c, swap);
		}
	}
}

static void check_digits(struct document *d, char mrz[][MRZ_MAX_LINE + 1], const struct digits *ds)
{
	int passed[5] = { 0 };
	char expected[5];
	for (int k = 0; k < ds->n; k++)
		passed[k] = digit_for(mrz, &ds->c[k], &expected[k]);
	for (int k = 0; k < ds->n; k++) {
		add_check(d, ds->c[k].id, passed[k] ? CHECK_PASS : CHECK_FAIL,
			  *at(mrz, ds->c[k].digit), expected[k], NULL);
		if (!passed[k])
			suggest(d, mrz, ds, k, passed);
	}
}

/* Two characters of a date: a number, 0 for unknown ("<<" or "XX", allowed where
 * unknown_ok), -1 when neither. */
static int date_part(const char *s, int unknown_ok)
{
	if (unknown_ok && ((s[0] == '<' && s[1] == '<') || (s[0] == 'X' && s[1] == 'X')))
		return 0;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Reads YYMMDD; the century comes from today's date: a birth is never in the future,
 * an expiry lies within 50 years either side of today. Returns 0 for a possible date
 * (parts may be unknown), -1 for an impossible one. */
static int read_date(const char *s, int birth, const struct tm *today, struct doc_date *out)
{
	memset(out, 0, sizeof(*out));
	int yy = date_part(s, birth), mm = date_part(s + 2, birth), dd = date_part(s + 4, birth);
	int year_unknown = birth && ((s[0] == '<' && s[1] == '<') || (s[0] == 'X' && s[1] == 'X'));
	if (yy < 0 || mm < 0 || dd < 0 || mm > 12 || (!birth && (mm == 0 || dd == 0)))
		return -1;
	int now_year = today->tm_year + 1900;
	if (!year_unknown) {
		int year = 2000 + yy;
		if (birth) {
			int later = year > now_year ||
				    (year == now_year &&
				     (mm > today->tm_mon + 1 ||
				      (mm == today->tm_mon + 1 && dd > today->tm_mday)));
			if (later)
				year -= 100;
		} else if (year > now_year + 50 ||
			   (year == now_year + 50 &&
			    (mm > today->tm_mon + 1 ||
			     (mm == today->tm_mon + 1 && dd > today->tm_mday)))) {
			year -= 100; /* more than 50 years ahead: the last century */
		}
		out->year = year;
	}
	out->month = mm;
	out->day = dd;
	if (dd > 0 && (mm == 0 || dd > clock_month_days(out->year, mm)))
		return -1;
	return 0;
}

static void check_dates(struct document *d, const char mrz[][MRZ_MAX_LINE + 1],
			const struct layout *l, time_t now)
{
	struct tm today;
	gmtime_r(&now, &today);
	char text[16], raw[8];
	int bad = read_date(at(mrz, l->birth), 1, &today, &d->birth);
	memcpy(raw, at(mrz, l->birth), 6);
	raw[6] = '\0';
	if (bad)
		add_check(d, CHECK_BIRTH_DATE, CHECK_FAIL, 0, 0, raw);
	else {
		document_date_text(&d->birth, text);
		add_check(d, CHECK_BIRTH_DATE, CHECK_PASS, 0, 0, text);
	}
	memcpy(raw, at(mrz, l->expiry), 6);
	if (read_date(at(mrz, l->expiry), 0, &today, &d->expiry) < 0) {
		add_check(d, CHECK_EXPIRY_DATE, CHECK_FAIL, 0, 0, raw);
		return;
	}
	document_date_text(&d->expiry, text);
	add_check(d, CHECK_EXPIRY_DATE, CHECK_PASS, 0, 0, text);
	int y = today.tm_year + 1900, m = today.tm_mon + 1;
	int expired =
		d->expiry.year < y || (d->expiry.year == y && d->expiry.month < m) ||
		(d->expiry.year == y && d->expiry.month == m && d->expiry.day < today.tm_mday);
	add_check(d, CHECK_EXPIRED, expired ? CHECK_FAIL : CHECK_PASS, 0, 0, text);
}

static void check_code(struct document *d, enum check_id id, const char mrz[][MRZ_MAX_LINE + 1],
		       struct span s, char *out)
{
	copy_field(mrz, s, out, 4);
	add_check(d, id, country_find(out, strlen(out)) ? CHECK_PASS : CHECK_FAIL, 0, 0, out);
}

/* Part 3, 4.6: surname and given names are separated by "<<", words by "<". */
static void read_names(struct document *d, const char mrz[][MRZ_MAX_LINE + 1],
		       const struct layout *l)
{
	char field[48];
	int n = l->name.len;
	memcpy(field, at(mrz, l->name), (size_t)n);
	field[n] = '\0';
	d->name_truncated = field[n - 1] != '<';
	add_check(d, CHECK_NAME_TRUNCATED, d->name_truncated ? CHECK_WARN : CHECK_PASS, 0, 0, NULL);
	char *sep = strstr(field, "<<");
	char *given = NULL;
	if (sep) {
		*sep = '\0';
		given = sep + 2;
	}
	char *parts[2] = { field, given };
	char *outs[2] = { d->surname, d->given_names };
	size_t lens[2] = { sizeof(d->surname), sizeof(d->given_names) };
	for (int p = 0; p < 2; p++) {
		size_t o = 0;
		outs[p][0] = '\0';
		if (!parts[p])
			continue;
		for (const char *c = parts[p]; *c && o + 1 < lens[p]; c++) {
			if (*c == '<') {
				if (o > 0 && outs[p][o - 1] != ' ')
					outs[p][o++] = ' ';
			} else {
				outs[p][o++] = *c;
			}
		}
		while (o > 0 && outs[p][o - 1] == ' ')
			o--;
		outs[p][o] = '\0';
	}
}

/* Splits text into trimmed, non-empty lines. Returns the count, or -1 when there are
 * more than three or one is longer than an MRZ line could be. A byte that is not
 * printable ASCII is kept as '?' so the lines stay C strings of their true length; the
 * first such byte is reported in *bad. */
static int split_lines(const char *text, size_t len, char lines[][MRZ_MAX_LINE + 1], int *lens,
		       unsigned char *bad)
{
	int n = 0;
	size_t i = 0;
	int blank_inside = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		size_t end = i;
		if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		if (i < len)
			i++;
		while (start < end && (text[start] == ' ' || text[start] == '\t'))
			start++;
		while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
			end--;
		if (end == start) {
			blank_inside = n > 0;
			continue;
		}
		if (n == MRZ_MAX_LINES || blank_inside || end - start > MRZ_MAX_LINE)
			return -1;
		for (size_t k = start; k < end; k++) {
			unsigned char c = (unsigned char)text[k];
			int printable = c >= 0x20 && c < 0x7f;
			if (!printable && !*bad)
				*bad = c;
			lines[n][k - start] = printable ? (char)c : '?';
		}
		lines[n][end - start] = '\0';
		lens[n++] = (int)(end - start);
	}
	return n;
}

int mrz_parse(const char *text, size_t len, time_t now, struct document *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (len > MAX_INPUT)
		return error_set(err, ERR_USAGE, _("too much text for an MRZ (%zu bytes)"), len);
	int lens[MRZ_MAX_LINES];
	unsigned char raw_bad = 0;
	int n = split_lines(text, len, out->mrz, lens, &raw_bad);
	const struct layout *l = NULL;
	if (n == 3 && lens[0] == 30 && lens[1] == 30 && lens[2] == 30) {
		out->format = DOC_TD1;
		l = &td1;
	} else if (n == 2 && lens[0] == 36 && lens[1] == 36) {
		out->format = out->mrz[0][0] == 'V' ? DOC_MRVB : DOC_TD2;
		l = out->format == DOC_MRVB ? &mrvb : &td2;
	} else if (n == 2 && lens[0] == 44 && lens[1] == 44) {
		out->format = out->mrz[0][0] == 'V' ? DOC_MRVA : DOC_TD3;
		l = out->format == DOC_MRVA ? &mrva : &td3;
	}
	if (!l) {
		memset(out, 0, sizeof(*out));
		return error_set(err, ERR_USAGE,
				 _("not an MRZ: expected 3 lines of 30, 2 of 36 or 2 of 44 "
				   "characters"));
	}
	out->lines = n;

	unsigned char bad = raw_bad;
	for (int i = 0; i < n && !bad; i++)
		for (int j = 0; j < lens[i]; j++)
			if (!mrz_char(out->mrz[i][j])) {
				bad = (unsigned char)out->mrz[i][j];
				break;
			}
	if (bad) {
		char shown[8];
		snprintf(shown, sizeof(shown), bad < 0x20 || bad >= 0x7f ? "0x%02x" : "%c", bad);
		add_check(out, CHECK_CHARACTERS, CHECK_FAIL, 0, 0, shown);
	}

	copy_field(out->mrz, l->code, out->doc_code, sizeof(out->doc_code));
	struct digits ds;
	build_digits(out->mrz, l, out->format, &ds, out);
	check_digits(out, out->mrz, &ds);
	check_dates(out, out->mrz, l, now);
	check_code(out, CHECK_ISSUER, out->mrz, l->issuer, out->issuer);
	check_code(out, CHECK_NATIONALITY, out->mrz, l->nationality, out->nationality);
	char sex = *at(out->mrz, l->sex);
	char sexs[2] = { sex, 0 };
	int sex_ok = sex == 'M' || sex == 'F' || sex == 'X' || sex == '<';
	out->sex = sex == '<' ? 'X' : sex;
	add_check(out, CHECK_SEX, sex_ok ? CHECK_PASS : CHECK_FAIL, 0, 0, sexs);
	if (l->optional2.line >= 0)
		copy_field(out->mrz, l->optional2, out->optional2, sizeof(out->optional2));
	read_names(out, out->mrz, l);
	if (!bad)
		add_check(out, CHECK_CHARACTERS, CHECK_PASS, 0, 0, NULL);
	return 0;
}

/* Writes text into a field of width n, upper-cased, spaces and hyphens as fillers
 * (Part 3, 4.6), apostrophes dropped; pads with fillers. Returns -1 for a character
 * that has no place in an MRZ, or text that does not fit when must_fit. */
static int put_field(char *dst, int n, const char *text, int must_fit)
{
	int o = 0;
	memset(dst, '<', (size_t)n);
	for (const char *c = text ? text : ""; *c; c++) {
		char ch = *c;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch == '\'')
			continue;
		if (ch == ' ' || ch == '-')
			ch = '<';
		if (!mrz_char(ch))
			return -1;
		if (o == n) {
			if (must_fit)
				return -1;
			break;
		}
		dst[o++] = ch;
	}
	return 0;
}

static int put_names(char *dst, int n, const char *surname, const char *given)
{
	char joined[300];
	snprintf(joined, sizeof(joined), "%s<<%s", surname ? surname : "", given ? given : "");
	return put_field(dst, n, joined, 0);
}

int mrz_compose(const struct mrz_fields *f, char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1],
		struct error *err)
{
	const struct layout *l = f->format == DOC_TD1   ? &td1
				 : f->format == DOC_TD2 ? &td2
				 : f->format == DOC_TD3 ? &td3
							: NULL;
	if (!l)
		return error_set(err, ERR_USAGE, _("only TD1, TD2 and TD3 can be composed"));
	int width = f->format == DOC_TD1 ? 30 : f->format == DOC_TD2 ? 36 : 44;
	int n = f->format == DOC_TD1 ? 3 : 2;
	for (int i = 0; i < MRZ_MAX_LINES; i++) {
		memset(lines[i], '<', (size_t)width);
		lines[i][i < n ? width : 0] = '\0';
	}
	size_t numlen = f->number ? strlen(f->number) : 0;
	int long_number = numlen > 9;
	if (long_number && (f->format == DOC_TD3 || numlen > 9 + (size_t)l->optional1.len - 1))
		return error_set(err, ERR_USAGE, _("document number '%s' is too long"), f->number);
	char *code = &lines[l->code.line][l->code.col];
	if (put_field(code, 2, f->doc_code, 1) < 0 ||
	    put_field(&lines[l->issuer.line][l->issuer.col], 3, f->issuer, 1) < 0 ||
	    put_field(&lines[l->nationality.line][l->nationality.col], 3, f->nationality, 1) < 0)
		return error_set(err, ERR_USAGE, _("document code, issuer or nationality invalid"));
	if (put_names(&lines[l->name.line][l->name.col], l->name.len, f->surname, f->given_names) <
	    0)
		return error_set(err, ERR_USAGE, _("the names may hold only the letters A-Z"));
	if (!f->birth || strlen(f->birth) != 6 || !f->expiry || strlen(f->expiry) != 6 ||
	    put_field(&lines[l->birth.line][l->birth.col], 6, f->birth, 1) < 0 ||
	    put_field(&lines[l->expiry.line][l->expiry.col], 6, f->expiry, 1) < 0)
		return error_set(err, ERR_USAGE, _("dates must be written YYMMDD"));
	if (!f->sex || strlen(f->sex) != 1 || !strchr("MFX<", f->sex[0]) ||
	    put_field(&lines[l->sex.line][l->sex.col], 1, f->sex, 1) < 0)
		return error_set(err, ERR_USAGE, _("sex must be M, F or X"));

	/* the number, long ones continued in the optional data (Part 5 note j) */
	char *num = &lines[l->number.line][l->number.col];
	char *opt = &lines[l->optional1.line][l->optional1.col];
	char optional[64] = "";
	if (long_number) {
		if (put_field(num, 9, f->number, 0) < 0)
			return error_set(err, ERR_USAGE, _("document number '%s' is invalid"),
					 f->number);
		int rest = (int)numlen - 9;
		if (put_field(opt, rest, f->number + 9, 1) < 0)
			return error_set(err, ERR_USAGE, _("document number '%s' is invalid"),
					 f->number);
		char whole[64];
		memcpy(whole, num, 9);
		memcpy(whole + 9, opt, (size_t)rest);
		opt[rest] = (char)mrz_check_digit(whole, numlen);
		lines[l->number_cd.line][l->number_cd.col] = '<';
		snprintf(optional, sizeof(optional), "%s", f->optional ? f->optional : "");
		if (put_field(opt + rest + 2, l->optional1.len - rest - 2, optional, 1) < 0)
			return error_set(err, ERR_USAGE, _("the optional data does not fit"));
	} else {
		if (put_field(num, 9, f->number, 1) < 0)
			return error_set(err, ERR_USAGE, _("document number '%s' is invalid"),
					 f->number ? f->number : "");
		if (put_field(opt, l->optional1.len, f->optional, 1) < 0)
			return error_set(err, ERR_USAGE, _("the optional data does not fit"));
		lines[l->number_cd.line][l->number_cd.col] = (char)mrz_check_digit(num, 9);
	}
	lines[l->birth_cd.line][l->birth_cd.col] =
		(char)mrz_check_digit(&lines[l->birth.line][l->birth.col], 6);
	lines[l->expiry_cd.line][l->expiry_cd.col] =
		(char)mrz_check_digit(&lines[l->expiry.line][l->expiry.col], 6);
	if (l->optional1_cd.line >= 0)
		lines[l->optional1_cd.line][l->optional1_cd.col] =
			(char)mrz_check_digit(opt, (size_t)l->optional1.len);
	if (l->composite.line >= 0) {
		char buf[64];
		size_t k = 0;
		for (int p = 0; p < 4 && l->composite_parts[p].line >= 0; p++) {
			memcpy(buf + k,
			       &lines[l->composite_parts[p].line][l->composite_parts[p].col],
			       (size_t)l->composite_parts[p].len);
			k += (size_t)l->composite_parts[p].len;
		}
		lines[l->composite.line][l->composite.col] = (char)mrz_check_digit(buf, k);
	}
	for (int i = 0; i < n; i++)
		if (!mrz_line_shaped(lines[i], (size_t)width))
			return error_set(err, ERR_USAGE, _("the fields do not make a valid MRZ"));
	return n;
}
