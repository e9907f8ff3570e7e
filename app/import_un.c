/* The UN Security Council Consolidated List (schema sc-sanctions.xsd) as watchlist
 * entries, and reading an import file into memory.
 *
 * Only INDIVIDUALS are imported: ENTITIES are organisations, with no date of birth and
 * no passport, and never cross a border themselves. Every individual is a travel ban
 * ("deny_entry"); the Al-Qaida/ISIL and Taliban lists are terrorism, the others
 * sanctions.
 *
 * What the 2020-11-30 list taught (713 individuals, see tests/unit/test_import_un.c):
 * names carry stray spaces and line breaks; an ALIAS_NAME may hold several names
 * separated by ';', sometimes as "ORIGINAL (Latin 1; Latin 2)"; QUALITY is "Good",
 * "Low" or empty (only on empty aliases); dates may carry an XML Schema time zone
 * ("1960-01-01-05:00"); some dates of birth are free text in NOTE ("Nov. 1973",
 * "30-35 years old"); nationalities use UN names ("Iran (Islamic Republic of)"),
 * adjectives ("Yemeni") and prose ("Sudanese by birth"). */
#include "app/importers.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "i18n/i18n.h"
#include "scanners/country.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	REMARKS_MAX = 250, /* bytes; the stored view keeps 255 */
	DOC_NUMBER_MAX = 63,
};

/* --- small string helpers ---------------------------------------------------------- */

/* ASCII-only case folding: strcasecmp follows the locale, and in a Turkish one "I" and
 * "i" are not a pair. */
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int same_text(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static int starts_with(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || lower((unsigned char)*s) != lower((unsigned char)*prefix))
			return 0;
	return 1;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims s in place and makes every run of white space inside one space (the list
 * breaks long names and numbers across lines). */
static void tidy(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		if (!is_space((unsigned char)*r)) {
			*w++ = *r++;
			continue;
		}
		while (is_space((unsigned char)*r))
			r++;
		if (w != s && *r)
			*w++ = ' ';
	}
	*w = '\0';
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static void cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	s[n] = '\0';
	tidy(s);
}

/* Appends text to a fixed buffer; what does not fit is dropped (and cut later). */
static void append(char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf);
	if (n + 1 >= size)
		return;
	snprintf(buf + n, size - n, "%s", text);
}

/* --- dates ------------------------------------------------------------------------- */

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM-DD" at s, a real day; *end is what follows. */
static int parse_day(const char *s, int *y, int *m, int *d, const char **end)
{
	if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
	    !digits(s + 8, 2, d))
		return 0;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return 0;
	*end = s + 10;
	return 1;
}

/* "Z", "+HH:MM" or "-HH:MM" (XML Schema time zones) as seconds east of UTC. */
static int parse_zone(const char *s, long *offset)
{
	int h, m;
	if (s[0] == 'Z' && !s[1]) {
		*offset = 0;
		return 1;
	}
	if ((s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &h) || s[3] != ':' ||
	    !digits(s + 4, 2, &m) || s[6] || h > 14 || m > 59)
		return 0;
	*offset = (s[0] == '-' ? -1L : 1L) * (h * 3600L + m * 60L);
	return 1;
}

/* An xs:date ("1964-07-17", or with a zone: "1960-01-01-05:00") cut to its day in
 * place; 0 when it is not one. The zone says where the day was meant, not a moment,
 * so the day stays as written. */
static int take_date(char *s)
{
	int y, m, d;
	const char *end;
	long offset;
	if (!parse_day(s, &y, &m, &d, &end) || (*end && !parse_zone(end, &offset)))
		return 0;
	s[10] = '\0';
	return 1;
}

static int take_year(const char *s, int *year)
{
	return strlen(s) == 4 && digits(s, 4, year) && *year > 0;
}

/* dateGenerated ("2020-11-30T20:31:19.923-05:00") as UTC, the form the store keeps
 * ("2020-12-01T01:31:19.923Z"); its day when it has no zone or is not a time; empty
 * when not even that. */
static void generated_utc(const char *s, char *out, size_t len)
{
	int y, mo, d, h, mi, sec, ms = 0;
	const char *p;
	long offset;
	out[0] = '\0';
	if (!parse_day(s, &y, &mo, &d, &p))
		return;
	snprintf(out, len, "%.10s", s); /* the day, unless the time converts */
	if (p[0] != 'T' || !digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) ||
	    p[6] != ':' || !digits(p + 7, 2, &sec) || h > 23 || mi > 59 || sec > 60)
		return;
	p += 9;
	if (*p == '.')
		for (int scale = 100; *++p >= '0' && *p <= '9'; scale /= 10)
			ms += (*p - '0') * scale;
	if (!parse_zone(p, &offset))
		return;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d };
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm) - offset;
	size_t n = gmtime_r(&t, &tm) ? strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm) : 0;
	if (n == 0 || n + 6 > len)
		snprintf(out, len, "%.10s", s);
	else
		snprintf(out + n, len - n, ".%03dZ", ms % 1000);
}

/* --- countries --------------------------------------------------------------------- */

/* UN names and adjectives that are not the ISO 3166-1 name of the country. The first
 * group is UN terminology; the second is what the 2020-11-30 list writes in
 * NATIONALITY and the document fields. Prose ("Sudanese by birth", "Bahrain
 * (citizenship revoked in Jan. 2015)", "USSR (until 1991)") is deliberately not here:
 * it is kept in the remarks as written, for an officer to read. */
static const struct {
	const char *name, *code;
} un_names[] = {
	{ "Democratic People's Republic of Korea", "PRK" },
	{ "Republic of Korea", "KOR" },
	{ "Iran (Islamic Republic of)", "IRN" },
	{ "United Republic of Tanzania", "TZA" },
	{ "United Kingdom of Great Britain and Northern Ireland", "GBR" },
	{ "United States of America", "USA" },
	{ "Democratic Republic of the Congo", "COD" },
	{ "Bolivia (Plurinational State of)", "BOL" },
	{ "Venezuela (Bolivarian Republic of)", "VEN" },
	{ "Micronesia (Federated States of)", "FSM" },
	{ "The former Yugoslav Republic of Macedonia", "MKD" },
	{ "Republic of Moldova", "MDA" },
	{ "State of Palestine", "PSE" },
	{ "Czech Republic", "CZE" },
	{ "Swaziland", "SWZ" },
	{ "Palestine", "PSE" },
	{ "Turkey", "TUR" },
	{ "Iran", "IRN" },
	{ "RPDC", "PRK" }, /* French, in COUNTRY_OF_ISSUE */
	{ "Afghan", "AFG" },
	{ "Algerian", "DZA" },
	{ "German", "DEU" },
	{ "Indonesian", "IDN" },
	{ "Kuwaiti", "KWT" },
	{ "Moroccan", "MAR" },
	{ "Pakistani", "PAK" },
	{ "Palestinian", "PSE" },
	{ "Saudi Arabian", "SAU" },
	{ "Somali", "SOM" },
	{ "Tunisian", "TUN" },
	{ "Yemeni", "YEM" },
};

/* The ISO 3166-1 code for a country as the list names it, or NULL. ICAO's own codes
 * ("D" for Germany) are not used: the store keeps ISO codes. */
static const char *country_code(const char *name)
{
	if (!*name)
		return NULL;
	for (size_t i = 0; i < country_count(); i++) {
		const struct country *c = country_at(i);
		if (!c->icao && same_text(c->name, name))
			return c->code;
	}
	for (size_t i = 0; i < COUNT(un_names); i++)
		if (same_text(un_names[i].name, name))
			return un_names[i].code;
	return NULL;
}

/* A document's issuing state; the list sometimes writes "Tunisian passport". */
static const char *issuer_code(const char *name)
{
	const char *code = country_code(name);
	static const char suffix[] = " passport";
	size_t n = strlen(name), k = sizeof(suffix) - 1;
	if (!code && n > k && same_text(name + n - k, suffix)) {
		char stem[128];
		if (n - k < sizeof(stem)) {
			memcpy(stem, name, n - k);
			stem[n - k] = '\0';
			code = country_code(stem);
		}
	}
	return code;
}

/* --- one individual ---------------------------------------------------------------- */

/* Everything one INDIVIDUAL holds while it is read. Strings are owned by pool; the
 * arrays are reused from one individual to the next. */
struct person {
	char **pool;
	size_t n_pool, cap_pool;

	char *dataid, *ref, *list_type, *listed_on, *script, *comments, *gender;
	char *part[4];

	struct wl_name *names;
	size_t n_names, cap_names;
	struct wl_birth_date *dobs;
	size_t n_dobs, cap_dobs;
	const char **nats;
	size_t n_nats, cap_nats;
	struct wl_document *docs;
	size_t n_docs, cap_docs;

	char notes[512]; /* what could not be stored in its own field */
	char remarks[1024];
	char ref_buf[48];
};

static int out_of_memory(struct error *err)
{
	return error_set(err, ERR_IO, _("out of memory while reading the UN list"));
}

/* arr with room for element n: arr itself, or a larger copy (*cap updated); NULL when
 * memory runs out, arr still valid. */
static void *grow(void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	size_t next = *cap ? *cap * 2 : 16;
	if (next > SIZE_MAX / size)
		return NULL;
	void *p = realloc(arr, next * size);
	if (p)
		*cap = next;
	return p;
}

static char *keep(struct person *p, char *s)
{
	if (!s)
		return NULL;
	char **g = grow(p->pool, p->n_pool, &p->cap_pool, sizeof(*g));
	if (!g) {
		free(s);
		return NULL;
	}
	p->pool = g;
	p->pool[p->n_pool++] = s;
	return s;
}

static char *keep_copy(struct person *p, const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	return keep(p, c);
}

static void person_reset(struct person *p)
{
	for (size_t i = 0; i < p->n_pool; i++)
		free(p->pool[i]);
	p->n_pool = 0;
	p->dataid = p->ref = p->list_type = p->listed_on = NULL;
	p->script = p->comments = p->gender = NULL;
	memset(p->part, 0, sizeof(p->part));
	p->n_names = p->n_dobs = p->n_nats = p->n_docs = 0;
	p->notes[0] = p->remarks[0] = '\0';
}

static void person_free(struct person *p)
{
	person_reset(p);
	free(p->pool);
	free(p->names);
	free(p->dobs);
	free(p->nats);
	free(p->docs);
}

static void note(struct person *p, const char *label, const char *text)
{
	if (p->notes[0])
		append(p->notes, sizeof(p->notes), "; ");
	append(p->notes, sizeof(p->notes), label);
	append(p->notes, sizeof(p->notes), text);
}

static int is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text directly inside n, trimmed and with runs of white space made one space,
 * owned by p. Only text and CDATA children are
 * read: entity references are never followed, so nothing a document type declares can
 * be expanded into a value. NULL only when memory runs out. */
static char *text_of(struct person *p, const xmlNode *n)
{
	size_t len = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			len += strlen((const char *)c->content);
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	size_t o = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			size_t k = strlen((const char *)c->content);
			memcpy(s + o, c->content, k);
			o += k;
		}
	}
	s[o] = '\0';
	tidy(s);
	return keep(p, s);
}

static int add_name(struct person *p, const char *kind, const char *quality, const char *name)
{
	if (!*name)
		return 0;
	struct wl_name *g = grow(p->names, p->n_names, &p->cap_names, sizeof(*g));
	if (!g)
		return -1;
	p->names = g;
	p->names[p->n_names++] = (struct wl_name){ kind, quality, name };
	return 0;
}

/* An alias may be several names: "A; B; C", and "ORIGINAL (A; B)" gives ORIGINAL, A and
 * B. A piece with a '(' that is not closed is split there; a ')' that was not opened
 * is dropped. */
static int add_aliases(struct person *p, const char *quality, const char *text)
{
	const char *s = text;
	while (*s) {
		size_t n = strcspn(s, ";");
		char *piece = keep_copy(p, s, n), *inside = NULL;
		if (!piece)
			return -1;
		char *open = strchr(piece, '('), *close = strchr(piece, ')');
		if (open && (!close || close < open)) {
			*open = '\0';
			inside = open + 1;
		} else if (close && !open) {
			memmove(close, close + 1, strlen(close + 1) + 1);
		}
		tidy(piece);
		if (add_name(p, "alias", quality, piece) < 0)
			return -1;
		if (inside) {
			tidy(inside);
			if (add_name(p, "alias", quality, inside) < 0)
				return -1;
		}
		s += n;
		if (*s == ';')
			s++;
	}
	return 0;
}

static int read_alias(struct person *p, const xmlNode *n)
{
	char empty[] = "", *quality = empty, *name = empty;
	for (const xmlNode *c = n->children; c; c = c->next) {
		char **slot = is_named(c, "QUALITY")      ? &quality
			      : is_named(c, "ALIAS_NAME") ? &name
							  : NULL;
		if (slot && !(*slot = text_of(p, c)))
			return -1;
	}
	/* "Low" is the UN's low-quality a.k.a.: too broad to match on alone; "Good",
	 * "a.k.a." and anything else the list may write are good */
	return add_aliases(p, same_text(quality, "Low") ? "low" : "good", name);
}

static int add_dob(struct person *p, const char *precision, const char *date, int from, int to)
{
	struct wl_birth_date *g = grow(p->dobs, p->n_dobs, &p->cap_dobs, sizeof(*g));
	if (!g)
		return -1;
	p->dobs = g;
	p->dobs[p->n_dobs++] = (struct wl_birth_date){ precision, date, from, to };
	return 0;
}

/* EXACT with DATE or YEAR, APPROXIMATELY with DATE or YEAR, BETWEEN with FROM_YEAR and
 * TO_YEAR. A date that is none of these (free text in NOTE, "19xx") goes to the
 * remarks as written; a NOTE beside a usable date ("from false passport") does not. */
static int read_birth_date(struct person *p, const xmlNode *n)
{
	char *type = NULL, *date = NULL, *year = NULL, *from = NULL, *to = NULL, *text = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		char **slot = is_named(c, "TYPE_OF_DATE") ? &type
			      : is_named(c, "DATE")       ? &date
			      : is_named(c, "YEAR")       ? &year
			      : is_named(c, "FROM_YEAR")  ? &from
			      : is_named(c, "TO_YEAR")    ? &to
			      : is_named(c, "NOTE")       ? &text
							  : NULL;
		if (slot && !(*slot = text_of(p, c)))
			return -1;
	}
	int approx = type && same_text(type, "APPROXIMATELY");
	int y, y_from, y_to;
	if (date && *date) {
		if (take_date(date))
			return add_dob(p, approx ? "approximate" : "exact", date, 0, 0);
		note(p, "date of birth: ", date);
		return 0;
	}
	if (year && *year) {
		if (take_year(year, &y))
			return add_dob(p, approx ? "approximate" : "year", year, 0, 0);
		note(p, "date of birth: ", year);
		return 0;
	}
	if ((from && *from) || (to && *to)) {
		if (from && to && take_year(from, &y_from) && take_year(to, &y_to) &&
		    y_from <= y_to)
			return add_dob(p, "range", NULL, y_from, y_to);
		char range[64];
		snprintf(range, sizeof(range), "%s-%s", from ? from : "", to ? to : "");
		note(p, "date of birth: ", range);
		return 0;
	}
	if (text && *text)
		note(p, "date of birth: ", text);
	return 0;
}

static int read_nationality(struct person *p, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!is_named(c, "VALUE"))
			continue;
		const char *name = text_of(p, c);
		if (!name)
			return -1;
		if (!*name)
			continue;
		const char *code = country_code(name);
		if (!code) {
			note(p, "nationality: ", name);
			continue;
		}
		int dup = 0;
		for (size_t i = 0; i < p->n_nats; i++)
			dup |= strcmp(p->nats[i], code) == 0;
		if (dup)
			continue;
		const char **g = grow(p->nats, p->n_nats, &p->cap_nats, sizeof(*g));
		if (!g)
			return -1;
		p->nats = g;
		p->nats[p->n_nats++] = code;
	}
	return 0;
}

/* NUMBER is free text ("E 00038718", "12345 issued on 4 May 2014", once broken across
 * two lines): kept as written with its white space tidied, at most 63 bytes; the index
 * makes its own key of it. A document without a number is not one
 * the store can hold. */
static int read_document(struct person *p, const xmlNode *n)
{
	char *type = NULL, *number = NULL, *issuing = NULL, *country = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		char **slot = is_named(c, "TYPE_OF_DOCUMENT")   ? &type
			      : is_named(c, "NUMBER")           ? &number
			      : is_named(c, "ISSUING_COUNTRY")  ? &issuing
			      : is_named(c, "COUNTRY_OF_ISSUE") ? &country
								: NULL;
		if (slot && !(*slot = text_of(p, c)))
			return -1;
	}
	if (!number || !*number)
		return 0;
	cut_utf8(number, DOC_NUMBER_MAX);
	const char *state = issuing ? issuer_code(issuing) : NULL;
	if (!state && country)
		state = issuer_code(country);
	struct wl_document *g = grow(p->docs, p->n_docs, &p->cap_docs, sizeof(*g));
	if (!g)
		return -1;
	p->docs = g;
	p->docs[p->n_docs++] = (struct wl_document){ number, state, type && *type ? type : NULL };
	return 0;
}

static const char *const single_fields[] = { "DATAID",     "REFERENCE_NUMBER",     "UN_LIST_TYPE",
					     "LISTED_ON",  "NAME_ORIGINAL_SCRIPT", "COMMENTS1",
					     "GENDER",     "FIRST_NAME",           "SECOND_NAME",
					     "THIRD_NAME", "FOURTH_NAME" };

static char **single_slot(struct person *p, size_t i)
{
	char **slots[] = { &p->dataid,  &p->ref,      &p->list_type, &p->listed_on,
			   &p->script,  &p->comments, &p->gender,    &p->part[0],
			   &p->part[1], &p->part[2],  &p->part[3] };
	return slots[i];
}

static int read_person(struct person *p, const xmlNode *ind)
{
	for (const xmlNode *c = ind->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		int rc = 0;
		if (is_named(c, "INDIVIDUAL_ALIAS")) {
			rc = read_alias(p, c);
		} else if (is_named(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
			rc = read_birth_date(p, c);
		} else if (is_named(c, "NATIONALITY")) {
			rc = read_nationality(p, c);
		} else if (is_named(c, "INDIVIDUAL_DOCUMENT")) {
			rc = read_document(p, c);
		} else {
			for (size_t i = 0; i < COUNT(single_fields); i++) {
				if (!is_named(c, single_fields[i]))
					continue;
				char **slot = single_slot(p, i);
				if (!(*slot = text_of(p, c)))
					rc = -1;
				break;
			}
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* FIRST_NAME to FOURTH_NAME with one space between, as primary; NAME_ORIGINAL_SCRIPT
 * next; the aliases after them in the order listed. */
static int put_primary_names(struct person *p)
{
	size_t len = 0;
	for (int i = 0; i < 4; i++)
		len += p->part[i] ? strlen(p->part[i]) + 1 : 0;
	char *full = keep(p, calloc(len + 1, 1));
	if (!full)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (!p->part[i] || !*p->part[i])
			continue;
		if (*full)
			append(full, len + 1, " ");
		append(full, len + 1, p->part[i]);
	}
	size_t aliases = p->n_names;
	if (add_name(p, "primary", "good", full) < 0 ||
	    add_name(p, "original_script", "good", p->script ? p->script : "") < 0)
		return -1;
	size_t front = p->n_names - aliases;
	if (front == 0)
		return 0; /* no array at all when there is no name either */
	struct wl_name head[2];
	memcpy(head, p->names + aliases, front * sizeof(*head));
	memmove(p->names + front, p->names, aliases * sizeof(*p->names));
	memcpy(p->names, head, front * sizeof(*head));
	return 0;
}

static const char *category_of(const char *list_type)
{
	/* the Al-Qaida list is also written "ISIL (Da'esh) & Al-Qaida" */
	static const char *const terror[] = { "Al-Qaida", "ISIL", "Da'esh", "Taliban" };
	for (size_t i = 0; list_type && i < COUNT(terror); i++)
		if (starts_with(list_type, terror[i]))
			return "terrorism";
	return "sanctions";
}

static int emit_person(struct person *p, import_sink sink, void *ctx, struct error *err)
{
	if (put_primary_names(p) < 0)
		return out_of_memory(err);
	const char *dataid = p->dataid && *p->dataid ? p->dataid : NULL;
	if (p->n_names == 0)
		return error_set(
			err, ERR_USAGE,
			_("the individual with DATAID '%s' has no name; the list is damaged"),
			dataid ? dataid : "?");
	const char *ref = p->ref;
	if (!ref || !*ref) {
		if (!dataid)
			return error_set(err, ERR_USAGE,
					 _("an individual has neither 'REFERENCE_NUMBER' nor "
					   "'DATAID'; the list is damaged"));
		snprintf(p->ref_buf, sizeof(p->ref_buf), "DATAID:%.40s", dataid);
		ref = p->ref_buf;
	}
	const char *listed_on = NULL;
	if (p->listed_on && *p->listed_on) {
		if (take_date(p->listed_on))
			listed_on = p->listed_on;
		else
			note(p, "listed on: ", p->listed_on);
	}
	const char *sex = NULL;
	if (p->gender && same_text(p->gender, "Male"))
		sex = "M";
	else if (p->gender && same_text(p->gender, "Female"))
		sex = "F";

	/* the notes first: the comments are long and are the part that gets cut */
	append(p->remarks, sizeof(p->remarks), p->notes);
	if (p->notes[0] && p->comments && *p->comments)
		append(p->remarks, sizeof(p->remarks), "; ");
	append(p->remarks, sizeof(p->remarks), p->comments ? p->comments : "");
	cut_utf8(p->remarks, REMARKS_MAX);

	struct wl_entry e = { .ref = ref,
			      .subject = "person",
			      .category = category_of(p->list_type),
			      .action = "deny_entry",
			      .listed_on = listed_on,
			      .sex = sex,
			      .remarks = p->remarks,
			      .names = p->names,
			      .n_names = p->n_names,
			      .dobs = p->dobs,
			      .n_dobs = p->n_dobs,
			      .nationalities = p->nats,
			      .n_nationalities = p->n_nats,
			      .documents = p->docs,
			      .n_documents = p->n_docs };
	return sink(ctx, &e, err);
}

/* --- the document ------------------------------------------------------------------ */

struct xml_failure {
	int seen;
	int line;
	char msg[256];
};

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ctx, const xmlError *e)
#else
static void on_xml_error(void *ctx, xmlErrorPtr e)
#endif
{
	struct xml_failure *f = ctx;
	if (f->seen || !e || e->level < XML_ERR_ERROR)
		return;
	f->seen = 1;
	f->line = e->line;
	snprintf(f->msg, sizeof(f->msg), "%s", e->message ? e->message : "");
	tidy(f->msg);
}

/* Parses without ever touching the network or a DTD: no XML_PARSE_NOENT, no
 * XML_PARSE_DTDLOAD, so an external entity (the XXE attack) is neither fetched nor
 * expanded. libxml2 would print its errors on stderr, under the terminal UI; the first
 * one is taken here instead. */
static xmlDoc *read_xml(const char *buf, size_t len, struct error *err)
{
	struct xml_failure f = { 0 };
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		out_of_memory(err);
		return NULL;
	}
	int options =
		XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
#if LIBXML_VERSION >= 21300
	xmlCtxtSetErrorHandler(ctxt, on_xml_error, &f);
	xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, options);
#else
	xmlStructuredErrorFunc old = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&f, on_xml_error);
	xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, options);
	xmlSetStructuredErrorFunc(old_ctx, old);
#endif
	if (!f.seen) {
		const xmlError *last = xmlCtxtGetLastError(ctxt);
		if (last && last->level >= XML_ERR_ERROR)
			on_xml_error(&f, (xmlErrorPtr)last);
	}
	xmlFreeParserCtxt(ctxt);
	if (doc && !f.seen)
		return doc;
	xmlFreeDoc(doc);
	if (f.msg[0])
		error_set(err, ERR_USAGE, _("not well-formed XML at line %d: %s"), f.line, f.msg);
	else
		error_set(err, ERR_USAGE, _("not well-formed XML"));
	return NULL;
}

static void fill_source(const xmlNode *root, struct wl_source *src)
{
	memset(src, 0, sizeof(*src));
	snprintf(src->code, sizeof(src->code), "UN-SC");
	snprintf(src->kind, sizeof(src->kind), "un_sc");
	snprintf(src->name, sizeof(src->name), "UN Security Council Consolidated List");
	snprintf(src->authority, sizeof(src->authority), "United Nations Security Council");
	xmlChar *generated = xmlGetNoNsProp(root, (const xmlChar *)"dateGenerated");
	if (generated) {
		char *g = (char *)generated;
		tidy(g);
		snprintf(src->version, sizeof(src->version), "%s", g);
		generated_utc(g, src->updated_at, sizeof(src->updated_at));
		xmlFree(generated);
	}
}

static int walk(const xmlNode *root, import_sink sink, void *ctx, struct error *err)
{
	struct person p = { 0 };
	int rc = 0;
	for (const xmlNode *list = root->children; list && rc == 0; list = list->next) {
		/* ENTITIES (organisations) are skipped: see the top of this file */
		if (!is_named(list, "INDIVIDUALS"))
			continue;
		for (const xmlNode *ind = list->children; ind && rc == 0; ind = ind->next) {
			if (!is_named(ind, "INDIVIDUAL"))
				continue;
			person_reset(&p);
			rc = read_person(&p, ind) < 0 ? out_of_memory(err)
						      : emit_person(&p, sink, ctx, err);
		}
	}
	person_free(&p);
	return rc < 0 ? rc : 0;
}

int un_sc_parse(const char *buf, size_t len, struct wl_source *src, import_sink sink, void *ctx,
		struct error *err)
{
	error_clear(err);
	memset(src, 0, sizeof(*src));
	if (!buf || len == 0)
		return error_set(err, ERR_USAGE, _("the UN list is empty"));
	if (len > INT_MAX)
		return error_set(err, ERR_USAGE, _("the UN list is too large to read"));
	xmlDoc *doc = read_xml(buf, len, err);
	if (!doc)
		return -ERR_USAGE;
	int rc = 0;
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "CONSOLIDATED_LIST") != 0) {
		rc = error_set(err, ERR_USAGE,
			       _("not a UN consolidated list: the root element is '%s', not "
				 "'CONSOLIDATED_LIST'"),
			       root ? (const char *)root->name : "");
	} else if (doc->intSubset || doc->extSubset) {
		/* the published list has none; a document type can only declare entities */
		rc = error_set(err, ERR_USAGE,
			       _("not a UN consolidated list: it has a document type declaration "
				 "('<!DOCTYPE'), which the published list never has"));
	} else {
		fill_source(root, src);
		if (!src->version[0])
			rc = error_set(err, ERR_USAGE,
				       _("the UN list has no 'dateGenerated'; cannot tell which "
					 "version it is"));
		else
			rc = walk(root, sink, ctx, err);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* --- reading the file and importing it --------------------------------------------- */

int import_read_file(const char *path, size_t max, char **buf, size_t *len, struct error *err)
{
	*buf = NULL;
	*len = 0;
	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4;
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot open '%s': %s"), path, strerror(errno));
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		return error_set(err, ERR_USAGE, _("'%s' is a directory, not a file"), path);
	}
	/* up to one byte more than max, to know there was more: a pipe has no size */
	size_t cap = 0, n = 0, got = 1;
	char *data = NULL;
	while (got > 0 && n <= max) {
		if (n == cap) {
			size_t next = cap ? cap * 2 : 64 * 1024;
			next = next > max + 1 ? max + 1 : next;
			char *grown = realloc(data, next + 1);
			if (!grown) {
				free(data);
				fclose(f);
				return error_set(err, ERR_IO, _("out of memory reading '%s'"),
						 path);
			}
			data = grown;
			cap = next;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed || n > max) {
		free(data);
		if (failed)
			return error_set(err, ERR_IO, _("cannot read '%s'"), path);
		return error_set(err, ERR_USAGE,
				 _("'%s' is larger than %zu MiB; check that it is the right file"),
				 path, (max + (1 << 20) - 1) >> 20);
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	return 0;
}

struct un_import {
	struct app *app;
	const struct session *actor;
	const struct wl_source *src;
	void (*progress)(long entries, void *ctx);
	void *ctx;
	struct watch_import wi;
	int begun;
};

/* The transaction opens with the first entry, when the source's header has been read. */
static int import_sink_entry(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct un_import *u = ctx;
	if (!u->begun) {
		int rc = watch_import_begin(u->app, u->actor, u->src, &u->wi, err);
		if (rc < 0)
			return rc;
		u->begun = 1;
		u->wi.progress = u->progress;
		u->wi.ctx = u->ctx;
	}
	return watch_import_entry(&u->wi, e, err);
}

/* The published list is at most a few MiB; anything far larger is not it. */
#define UN_LIST_MAX ((size_t)64 << 20)

int import_un_sc(struct app *app, const struct session *actor, const char *path,
		 void (*progress)(long entries, void *ctx), void *ctx, struct import_result *res,
		 struct error *err)
{
	if (res)
		memset(res, 0, sizeof(*res));
	error_clear(err);
	/* before reading a large file for someone who may not import it */
	if (session_require(app, actor, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	char *buf;
	size_t len;
	int rc = import_read_file(path, UN_LIST_MAX, &buf, &len, err);
	if (rc < 0)
		return rc;
	struct wl_source src;
	struct un_import u = {
		.app = app, .actor = actor, .src = &src, .progress = progress, .ctx = ctx
	};
	rc = un_sc_parse(buf, len, &src, import_sink_entry, &u, err);
	free(buf);
	if (rc == 0 && !u.begun)
		/* an empty list would retire every entry: far likelier a wrong file */
		rc = error_set(err, ERR_USAGE, _("the UN list lists no individuals"));
	if (rc == 0)
		rc = watch_import_commit(&u.wi, err);
	else if (u.begun)
		watch_import_abort(&u.wi);
	if (rc < 0) {
		struct error inner = *err;
		error_set(err, inner.code, _("cannot import '%s': %s"), path, inner.msg);
		return rc;
	}
	if (res) {
		res->added = u.wi.imp.added;
		res->updated = u.wi.imp.updated;
		res->unchanged = u.wi.imp.unchanged;
		res->retired = u.wi.imp.retired;
	}
	return 0;
}
