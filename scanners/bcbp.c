/* IATA Bar Coded Boarding Pass, format M: Resolution 792, Attachment A, checked
 * against the examples of Attachment B.
 *
 *   mandatory, once      M | legs (1-4) | passenger name (20) | e-ticket indicator (1)
 *   mandatory, per leg   PNR (7) | from (3) | to (3) | carrier (3) | flight (5) | day of
 *                        the year (3) | compartment (1) | seat (4) | check-in sequence (5)
 *                        | passenger status (1) | size of the leg's variable field (2, hex)
 *   variable, leg 1      '>' | version (1) | size (2, hex) | conditional items, once |
 *                        size (2, hex) | conditional items of the leg | airline use
 *   variable, leg 2-4    size (2, hex) | conditional items of the leg | airline use
 *   security (optional)  '^' | type (1) | size (2, hex) | data
 *
 * Every size is checked against what is left before anything is read: a pass that says
 * more than it holds is refused, never read past len. Items this parser does not know
 * (fields of later versions at the end of a section, a variable field without the
 * structure) are skipped within their section's declared size. */
#include "scanners/bcbp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "scanners/clock.h"
#include "scanners/error.h"

enum {
	MAX_LEGS = 4,
	UNIQUE_MANDATORY = 23, /* format, legs, name, e-ticket indicator */
	LEG_MANDATORY = 37,    /* a leg's mandatory items with the variable field's size */
	NAME_WIDTH = 20,
	/* fields each leg adds whatever it holds, and security type and data */
	LEG_FIELDS = 10,
	SECURITY_FIELDS = 2,
};

struct item {
	const char *name; /* NULL: joined to the item before it */
	unsigned width;
	char sep; /* between this item and the one joined to it */
};

/* mandatory items of each leg, in their order: kept as "legN.name" */
static const struct item leg_items[LEG_FIELDS] = {
	{ "pnr", 7, 0 },      { "from", 3, 0 },   { "to", 3, 0 },          { "carrier", 3, 0 },
	{ "flight", 5, 0 },   { "date", 3, 0 },   { "compartment", 1, 0 }, { "seat", 4, 0 },
	{ "sequence", 5, 0 }, { "status", 1, 0 },
};

/* conditional items that appear once, in leg 1's variable field after '>' and the
 * version: passenger description, source of check-in, source of boarding pass
 * issuance, date of issue of the pass, document type, airline designator of the pass's
 * issuer, baggage tag licence plate numbers and two non-consecutive ones */
static const struct item unique_items[] = {
	{ "passenger_description", 1, 0 }, { "checkin_source", 1, 0 },
	{ "issuance_source", 1, 0 },       { "issue_date", 4, 0 },
	{ "document_type", 1, 0 },         { "issuer_airline", 3, 0 },
	{ "baggage_tags", 13, 0 },         { "baggage_tags_2", 13, 0 },
	{ "baggage_tags_3", 13, 0 },
};

/* conditional items of each leg: airline numeric code and document form / serial
 * number (together the ticket number), selectee indicator, international documentation
 * verification, marketing carrier, frequent flyer airline and number, ID/AD indicator,
 * free baggage allowance, fast track (version 5 on). Pairs are joined into one field:
 * four legs fill most of the fields a seal keeps. */
static const struct item repeated_items[] = {
	{ "ticket", 3, 0 },
	{ NULL, 10, 0 },
	{ "selectee", 1, 0 },
	{ "doc_verification", 1, 0 },
	{ "marketing_carrier", 3, 0 },
	{ "frequent_flyer", 3, ' ' },
	{ NULL, 16, 0 },
	{ "id_ad", 1, 0 },
	{ "baggage_allowance", 3, 0 },
	{ "fast_track", 1, 0 },
};

/* Titles airlines append to the given name ("BRUNER/ROMAN MR"): not part of a name an
 * MRZ would print. */
static const char *const titles[] = { "MR", "MRS", "MS", "MISS", "MSTR", "DR" };

struct bp {
	const char *s;
	size_t len, pos;
	struct seal *out;
	char *why;
	size_t why_len;
	struct doc_date today;
	int reserve; /* fields kept free for mandatory items still to come */
};

/* a part of the text: [pos, end) */
struct span {
	size_t pos, end;
};

/* --- dates -------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long day_number(const struct doc_date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of day doy (1-366) of year y; -1 when the year has no such day. */
static int from_day_of_year(int y, int doy, struct doc_date *out)
{
	if (doy < 1 || doy > (clock_month_days(y, 2) == 29 ? 366 : 365))
		return -1;
	int m = 1;
	while (doy > clock_month_days(y, m))
		doy -= clock_month_days(y, m++);
	out->year = y, out->month = m, out->day = doy;
	return 0;
}

static int valid_date(const struct doc_date *d)
{
	return d->year >= 1 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	       d->day <= clock_month_days(d->year, d->month);
}

/* Three digits, 001-366, or -1. */
static int day_of_year(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= 366 ? v : -1;
}

/* The flight date is a day of the year without the year. A boarding pass is
 * read days before or after the flight: the date is the one with that day nearest to
 * today, the later one when two are as near. */
static int nearest_day(int doy, const struct doc_date *today, struct doc_date *out)
{
	long t = day_number(today), best = -1;
	for (int y = today->year - 1; y <= today->year + 1; y++) {
		struct doc_date d;
		if (from_day_of_year(y, doy, &d) < 0)
			continue;
		long diff = day_number(&d) - t;
		if (diff < 0)
			diff = -diff;
		if (best < 0 || diff <= best) {
			best = diff;
			*out = d;
		}
	}
	return best < 0 ? -1 : 0;
}

/* Date of issue of the pass: issued on day DDD of a year ending in Y, in the past: the
 * latest such date that is not after today (a day of slack for time zones). */
static int issue_day(int y_digit, int doy, const struct doc_date *today, struct doc_date *out)
{
	int y = today->year - ((today->year % 10 - y_digit + 10) % 10);
	for (int tries = 0; tries < 2; tries++, y -= 10) {
		if (from_day_of_year(y, doy, out) == 0 && day_number(out) <= day_number(today) + 1)
			return 0;
	}
	return -1;
}

/* --- reading ------------------------------------------------------------------------ */

static int hex2(const char *p)
{
	int v = 0;
	for (int i = 0; i < 2; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static size_t trimmed(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] == ' ')
		n--;
	return n;
}

static int add(struct bp *b, const char *name, const char *v, size_t n)
{
	if (seal_add_field(b->out, name, v, n) < 0)
		return error_why(b->why, b->why_len, "pass has more items than the %d fields kept",
				 SEAL_MAX_FIELDS);
	return 0;
}

/* A conditional item: kept when it says something and there is room left after the
 * mandatory items still to come (four legs fill most of the fields). */
static int add_optional(struct bp *b, const char *name, const char *v, size_t n)
{
	n = trimmed(v, n);
	if (n == 0 || b->out->n_fields + b->reserve >= SEAL_MAX_FIELDS)
		return 0;
	return add(b, name, v, n);
}

static int add_date(struct bp *b, const char *name, const struct doc_date *d)
{
	char buf[11];
	document_date_text(d, buf);
	return add(b, name, buf, strlen(buf));
}

static void leg_name(char *buf, size_t len, int leg, const char *item)
{
	snprintf(buf, len, "leg%d.%s", leg, item);
}

/* The next n characters of the text as a span; -1 when the text ends first. */
static int take(struct bp *b, size_t n, const char *what, struct span *out)
{
	if (b->len - b->pos < n)
		return error_why(b->why, b->why_len,
				 "pass ends inside the %s (%zu characters left, %zu needed)", what,
				 b->len - b->pos, n);
	out->pos = b->pos;
	out->end = b->pos + n;
	b->pos += n;
	return 0;
}

/* Reads a two-character hex size at the start of *in and the section of that size after
 * it into sec; in then starts after the section. */
static int subsection(struct bp *b, struct span *in, const char *what, struct span *sec)
{
	if (in->end - in->pos < 2)
		return error_why(b->why, b->why_len, "%s is cut inside its size", what);
	int n = hex2(b->s + in->pos);
	if (n < 0)
		return error_why(b->why, b->why_len, "size of the %s '%.2s' is not hex", what,
				 b->s + in->pos);
	in->pos += 2;
	if ((size_t)n > in->end - in->pos)
		return error_why(b->why, b->why_len, "%s says %d characters, %zu are left", what, n,
				 in->end - in->pos);
	sec->pos = in->pos;
	sec->end = in->pos + (size_t)n;
	in->pos = sec->end;
	return 0;
}

/* Items of a conditional section in their order, each as far as the section reaches;
 * what follows the last item known here belongs to a later version and is skipped. */
static int read_items(struct bp *b, struct span sec, const struct item *items, size_t n_items,
		      int leg)
{
	enum { MAX_ITEMS = 10 };
	const char *v[MAX_ITEMS];
	size_t n[MAX_ITEMS];
	for (size_t i = 0; i < n_items && i < MAX_ITEMS; i++) {
		size_t left = sec.end - sec.pos;
		v[i] = b->s + sec.pos;
		n[i] = left < items[i].width ? left : items[i].width;
		sec.pos += n[i];
	}
	for (size_t i = 0; i < n_items && i < MAX_ITEMS; i++) {
		if (!items[i].name || n[i] == 0)
			continue;
		char name[SEAL_NAME];
		if (leg)
			leg_name(name, sizeof(name), leg, items[i].name);
		else
			snprintf(name, sizeof(name), "%s", items[i].name);
		if (strcmp(items[i].name, "issue_date") == 0) {
			struct doc_date d;
			int doy = n[i] == 4 && v[i][0] >= '0' && v[i][0] <= '9'
					  ? day_of_year(v[i] + 1, 3)
					  : -1;
			if (doy > 0 && issue_day(v[i][0] - '0', doy, &b->today, &d) == 0 &&
			    b->out->n_fields + b->reserve < SEAL_MAX_FIELDS &&
			    add_date(b, name, &d) < 0)
				return -1;
			continue; /* blank, or a date this parser cannot place: skipped */
		}
		/* the item and those joined to it, each without its blanks */
		char buf[64];
		size_t o = 0;
		for (size_t j = i; j < n_items && j < MAX_ITEMS && (j == i || !items[j].name);
		     j++) {
			size_t k = trimmed(v[j], n[j]);
			if (k == 0)
				continue;
			if (o > 0 && items[i].sep)
				buf[o++] = items[i].sep;
			memcpy(buf + o, v[j], k);
			o += k;
		}
		if (add_optional(b, name, buf, o) < 0)
			return -1;
	}
	return 0;
}

/* A leg's conditional items (from the size of their section) and the airline's own
 * data after them. */
static int read_repeated(struct bp *b, struct span var, int leg)
{
	if (var.pos == var.end)
		return 0;
	char name[SEAL_NAME];
	if (var.end - var.pos >= 2 && hex2(b->s + var.pos) >= 0) {
		struct span sec;
		if (subsection(b, &var, "conditional items of the leg", &sec) < 0 ||
		    read_items(b, sec, repeated_items,
			       sizeof(repeated_items) / sizeof(repeated_items[0]), leg) < 0)
			return -1;
	}
	/* for individual airline use: whatever the airline put there */
	leg_name(name, sizeof(name), leg, "airline_use");
	return add_optional(b, name, b->s + var.pos, var.end - var.pos);
}

/* Leg 1's variable field: '>', the version number, the items that appear once, then
 * the leg's own. Without the '>' it holds only the airline's data. */
static int read_first_variable(struct bp *b, struct span var)
{
	if (var.pos == var.end)
		return 0;
	if (b->s[var.pos] != '>')
		return add_optional(b, "leg1.airline_use", b->s + var.pos, var.end - var.pos);
	var.pos++;
	if (var.pos == var.end)
		return error_why(b->why, b->why_len,
				 "leg 1 ends after '>' without a version number");
	char v = b->s[var.pos++];
	if (v < '1' || v > '9')
		return error_why(b->why, b->why_len, "version number '%c' is not a digit 1-9", v);
	snprintf(b->out->version, sizeof(b->out->version), "%c", v);
	if (add_optional(b, "version", &v, 1) < 0)
		return -1;
	if (var.pos == var.end)
		return 0;
	struct span sec;
	if (subsection(b, &var, "conditional items of the pass", &sec) < 0 ||
	    read_items(b, sec, unique_items, sizeof(unique_items) / sizeof(unique_items[0]), 0) < 0)
		return -1;
	return read_repeated(b, var, 1);
}

static int read_leg(struct bp *b, int leg)
{
	struct span f[LEG_FIELDS], size = { 0, 0 }, var = { 0, 0 };
	for (int i = 0; i < LEG_FIELDS; i++)
		if (take(b, leg_items[i].width, "mandatory items of a leg", &f[i]) < 0)
			return -1;
	if (take(b, 2, "size of the leg's variable field", &size) < 0)
		return -1;
	int n = hex2(b->s + size.pos);
	if (n < 0)
		return error_why(b->why, b->why_len,
				 "leg %d: size of the variable field '%.2s' is not hex", leg,
				 b->s + size.pos);
	if (take(b, (size_t)n, "variable field of a leg", &var) < 0)
		return -1;

	for (int i = 0; i < LEG_FIELDS; i++) {
		const char *v = b->s + f[i].pos;
		size_t len = trimmed(v, leg_items[i].width);
		char name[SEAL_NAME];
		leg_name(name, sizeof(name), leg, leg_items[i].name);
		b->reserve--;
		if (strcmp(leg_items[i].name, "date") == 0 && len > 0) {
			struct doc_date d;
			int doy = day_of_year(v, 3);
			if (doy < 0)
				return error_why(
					b->why, b->why_len,
					"leg %d: date of flight '%.3s' is not a day of the "
					"year",
					leg, v);
			if (nearest_day(doy, &b->today, &d) < 0)
				return error_why(b->why, b->why_len,
						 "leg %d: day 366 is in no year next to today",
						 leg);
			if (add_date(b, name, &d) < 0)
				return -1;
			continue;
		}
		if (add(b, name, v, len) < 0)
			return -1;
	}
	return leg == 1 ? read_first_variable(b, var) : read_repeated(b, var, leg);
}

/* The security data: '^', its type, its size in hex, the data. */
static int read_security(struct bp *b)
{
	struct span head = { 0, 0 }, data = { 0, 0 };
	if (b->s[b->pos] != '^')
		return error_why(b->why, b->why_len,
				 "'%c' after the last leg where the security data's '^' belongs",
				 b->s[b->pos]);
	if (take(b, 4, "security data header", &head) < 0)
		return -1;
	int n = hex2(b->s + head.pos + 2);
	if (n < 0)
		return error_why(b->why, b->why_len, "size of the security data '%.2s' is not hex",
				 b->s + head.pos + 2);
	if (take(b, (size_t)n, "security data", &data) < 0)
		return -1;
	b->reserve -= SECURITY_FIELDS;
	if (add(b, "security_type", b->s + head.pos + 1, 1) < 0 ||
	    add(b, "security_data", b->s + data.pos, (size_t)n) < 0)
		return -1;
	if (b->pos < b->len)
		return error_why(b->why, b->why_len, "%zu characters after the security data",
				 b->len - b->pos);
	return 0;
}

/* The name without a title at its end, as seal_split_name wants it. */
static void person_name(struct bp *b, const char *name, size_t n)
{
	char buf[NAME_WIDTH + 1];
	memcpy(buf, name, n);
	buf[n] = '\0';
	char *slash = strchr(buf, '/');
	if (slash) {
		char *last = strrchr(slash, ' ');
		char *word = last ? last + 1 : slash + 1;
		for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
			if (strcmp(word, titles[i]) == 0) {
				*word = '\0';
				break;
			}
	}
	seal_split_name(buf, 1, &b->out->person);
}

static int parse_pass(struct bp *b)
{
	struct seal *s = b->out;
	/* a keyboard-wedge scanner ends what it types with a line end */
	if (b->len > 0 && b->s[b->len - 1] == '\n')
		b->len--;
	if (b->len > 0 && b->s[b->len - 1] == '\r')
		b->len--;
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if (c < 0x20 || c > 0x7E)
			return error_why(b->why, b->why_len,
					 "byte 0x%02X at %zu is not printable ASCII", c, i);
	}
	if (b->len < UNIQUE_MANDATORY)
		return error_why(b->why, b->why_len,
				 "pass is %zu characters, too short for its mandatory items",
				 b->len);
	if (b->s[0] != 'M')
		return error_why(b->why, b->why_len, "format code '%c' is not M", b->s[0]);
	if (b->s[1] < '1' || b->s[1] > '0' + MAX_LEGS)
		return error_why(b->why, b->why_len, "number of legs '%c' is not 1-%d", b->s[1],
				 MAX_LEGS);
	int legs = b->s[1] - '0';
	const char *name = b->s + 2;
	size_t name_len = trimmed(name, NAME_WIDTH);
	if (name_len == 0)
		return error_why(b->why, b->why_len, "passenger name is blank");
	b->pos = UNIQUE_MANDATORY;
	b->reserve = legs * LEG_FIELDS + SECURITY_FIELDS;

	s->kind = SEAL_BCBP;
	snprintf(s->type, sizeof(s->type), "boarding_pass");
	char n[2] = { (char)('0' + legs), '\0' };
	if (add(b, "passenger_name", name, name_len) < 0 ||
	    add(b, "eticket", b->s + 22, trimmed(b->s + 22, 1)) < 0 || add(b, "legs", n, 1) < 0)
		return -1;
	person_name(b, name, name_len);
	for (int leg = 1; leg <= legs; leg++)
		if (read_leg(b, leg) < 0)
			return -1;
	if (b->pos < b->len)
		return read_security(b);
	return 0;
}

int bcbp_parse(const char *text, size_t len, const struct doc_date *today, struct seal *out,
	       char *why, size_t why_len)
{
	struct bp b;
	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	if (why && why_len)
		why[0] = '\0';
	b.s = text;
	b.len = text ? len : 0;
	b.out = out;
	b.why = why;
	b.why_len = why_len;
	if (today && valid_date(today))
		b.today = *today;
	else
		clock_today(&b.today);
	if (parse_pass(&b) < 0) {
		seal_free(out);
		return -1;
	}
	return 0;
}

int bcbp_looks_like(const char *text, size_t len)
{
	if (!text || len < UNIQUE_MANDATORY || text[0] != 'M' || text[1] < '1' ||
	    text[1] > '0' + MAX_LEGS)
		return 0;
	return len >= (size_t)UNIQUE_MANDATORY + (size_t)(text[1] - '0') * LEG_MANDATORY;
}
