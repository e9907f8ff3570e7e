/* Watchlist importers for CSV files: the national layout and lost/stolen document lists
 * (SLTD). Both formats are described for the authorities that produce them in
 * docs/import-formats.md; this file is the one place that decides what they accept.
 *
 * The files come from outside, so the CSV reader is strict RFC 4180 with explicit
 * limits (a field at most 4096 bytes, at most 10 million rows) and every refusal names
 * the line and the column: an authority must be able to fix its export from the
 * message alone. */
#include "app/importers.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "i18n/i18n.h"
#include "scanners/country.h"

enum {
	FIELD_MAX = 4096,
	ROWS_MAX = 10000000,
	/* what struct wl_view keeps, so that nothing stored is cut when it is shown */
	REF_MAX = 63,
	NAME_MAX_BYTES = 191,
	DOC_NUMBER_MAX = 40,
	DOC_TYPE_MAX = 31,
	/* a list in a FIELD_MAX field has at most this many items ("a|b|..." ) */
	LIST_MAX = FIELD_MAX / 2 + 1,
	COLS_MAX = 14,
};

/* An SLTD file of ROWS_MAX rows is about 350 MB; this leaves room for longer rows. */
#define IMPORT_CSV_MAX_BYTES ((size_t)1 << 30)

/* The "#key: value" lines above the header: the source's name, authority and version. */
static const char *const meta_keys[] = { "name", "authority", "version" };

struct parser;

struct format {
	const char *const *cols;
	size_t ncols, nrequired; /* the first nrequired columns are required */
	const char *col_list;    /* for the message about an unknown column */
	unsigned meta;           /* the meta_keys it may have, one bit each */
	const char *meta_list;   /* for the message about an unknown key */
	int (*row)(struct parser *ps);
};

/* Remembers every reference of the file with the line it was on, to refuse duplicates:
 * an open-addressing table of offsets into an arena of "line, ref, NUL". */
struct ref_slot {
	uint32_t off; /* arena offset + 1; 0: empty */
	uint32_t hash;
};

struct refset {
	struct ref_slot *slot;
	size_t cap, n;
	char *arena;
	size_t alen, acap;
};

struct parser {
	const struct format *fmt;
	const char *p, *end;
	long line;     /* the physical line at p */
	long row_line; /* the first line of the row being read */
	long rows;
	size_t nhead;      /* fields in the header */
	int col[COLS_MAX]; /* header position -> column */
	int pos[COLS_MAX]; /* column -> header position, or -1 */
	char field[COLS_MAX][FIELD_MAX + 1];
	char scratch[FIELD_MAX + 1];
	char empty[1], shown[64]; /* empty stays "": nothing writes into an empty value */
	struct refset refs;
	struct wl_source *src;
	import_sink sink;
	void *ctx;
	struct error *err;
	/* the entry being built; its strings point into field[] */
	struct wl_name names[1 + 2 * LIST_MAX];
	struct wl_birth_date dobs[LIST_MAX];
	const char *nats[LIST_MAX];
	struct wl_document docs[LIST_MAX];
	char *items[LIST_MAX], *quals[LIST_MAX];
};

/* --- messages ------------------------------------------------------------------------ */

/* A value as quoted in a message: at most about 60 bytes, cut on a character boundary,
 * control characters shown as spaces so a message stays on one line. */
static const char *show(struct parser *ps, const char *s)
{
	char *out = ps->shown;
	size_t n = 0;
	int bad = u8_check((const uint8_t *)s, strlen(s)) != NULL; /* then only ASCII shows */
	for (unsigned char c; (c = (unsigned char)s[n]) && n < 60; n++)
		out[n] = (char)(c < 0x20 || c == 0x7f ? ' ' : (bad && c >= 0x80 ? '?' : c));
	if (s[n]) {
		/* s[n] is the first byte left out: back up to a character's first byte */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static int fail_at(struct parser *ps, int c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "line 17, column 'dob': ..." with the row's first line; c is -1 for the whole row. */
static int fail_at(struct parser *ps, int c, const char *fmt, ...)
{
	char detail[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (c >= 0) /* TRANSLATORS: the column is named as in the file's header, in English */
		return error_set(ps->err, ERR_USAGE, _("line %ld, column '%s': %s"), ps->row_line,
				 ps->fmt->cols[c], detail);
	return error_set(ps->err, ERR_USAGE, _("line %ld: %s"), ps->row_line, detail);
}

/* --- RFC 4180 ------------------------------------------------------------------------ */

/* Negative returns of lex_field, indexing lex_messages. */
enum { LEX_NUL = -1, LEX_LONG = -2, LEX_QUOTE = -3, LEX_AFTER = -4, LEX_OPEN = -5, LEX_CR = -6 };

static const char *const lex_messages[] = {
	N_("a NUL byte; the file must be UTF-8 text"),
	N_("longer than 4096 bytes"),
	N_("a quote inside an unquoted value; put the value in quotes and double the quote"),
	N_("text after the closing quote; a quote inside a quoted value is written twice"),
	N_("a quote that is never closed"),
	N_("a carriage return without a line feed"),
};

static int lex_fail(struct parser *ps, int rc, int c)
{
	return fail_at(ps, c, "%s", _(lex_messages[-rc - 1]));
}

/* Length of the line break at p: 1 for LF, 2 for CRLF, 0 when there is none. */
static size_t eol_at(const struct parser *ps, const char *p)
{
	if (p < ps->end && *p == '\n')
		return 1;
	return p + 1 < ps->end && p[0] == '\r' && p[1] == '\n' ? 2 : 0;
}

/* Reads one field into out (FIELD_MAX bytes and a NUL); *last is set when it ended the
 * row. A CRLF inside quotes is kept as LF, so that a file saved on Windows and the same
 * file saved on Linux give the same entries. */
static int lex_field(struct parser *ps, char *out, int *last)
{
	const char *p = ps->p, *end = ps->end;
	size_t n = 0, eol;
	int quoted = p < end && *p == '"';
	*last = 0;
	for (p += quoted; p < end; p++) {
		char ch = *p;
		if (quoted ? ch == '"' && !(p + 1 < end && p[1] == '"')
			   : ch == ',' || ch == '\n' || ch == '\r')
			break;
		if (ch == '\0')
			return LEX_NUL;
		if (ch == '"' && !quoted)
			return LEX_QUOTE;
		if (ch == '"')
			p++; /* the first of a doubled quote */
		else if (ch == '\r' && eol_at(ps, p) == 2)
			continue;
		else if (ch == '\n')
			ps->line++;
		if (n == FIELD_MAX)
			return LEX_LONG;
		out[n++] = ch;
	}
	if (quoted && p++ == end)
		return LEX_OPEN;
	if (p == end) {
		*last = 1;
	} else if (*p == ',') {
		p++;
	} else if ((eol = eol_at(ps, p)) > 0) {
		p += eol;
		ps->line++;
		*last = 1;
	} else {
		return quoted ? LEX_AFTER : LEX_CR;
	}
	out[n] = '\0';
	ps->p = p;
	return 0;
}

/* Skips empty lines; 1 when a row follows, 0 at the end of the input. */
static int next_row(struct parser *ps)
{
	size_t eol;
	while ((eol = eol_at(ps, ps->p)) > 0) {
		ps->p += eol;
		ps->line++;
	}
	ps->row_line = ps->line;
	return ps->p < ps->end;
}

/* Strips spaces and tabs around s, in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static const char *or_null(const char *s)
{
	return *s ? s : NULL;
}

static int has_control(const char *s, int newlines_ok)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 || c == 0x7f) && !(newlines_ok && (c == '\n' || c == '\t')))
			return 1;
	}
	return 0;
}

/* Reads a data row into field[], one per header column. */
static int read_row(struct parser *ps)
{
	int last = 0;
	size_t i = 0;
	while (!last) {
		if (i == ps->nhead)
			return fail_at(ps, -1,
				       _("more fields than the %zu columns of the header; a value "
					 "with a comma must be in quotes"),
				       ps->nhead);
		int rc = lex_field(ps, ps->field[i], &last);
		if (rc < 0)
			return lex_fail(ps, rc, ps->col[i]);
		if (u8_check((const uint8_t *)ps->field[i], strlen(ps->field[i])))
			return fail_at(ps, ps->col[i], _("not UTF-8 text; save the file as UTF-8"));
		i++;
	}
	if (i < ps->nhead)
		return fail_at(ps, ps->col[i],
			       _("missing; the row has %zu fields and the header %zu"), i,
			       ps->nhead);
	return 0;
}

/* The trimmed value of column c in the current row; "" when the header lacks it. */
static char *value(struct parser *ps, int c)
{
	return ps->pos[c] < 0 ? ps->empty : trim(ps->field[ps->pos[c]]);
}

/* --- metadata and header ------------------------------------------------------------- */

static int meta_line(struct parser *ps, char *line, unsigned *seen)
{
	size_t k = 1;
	while ((line[k] >= 'a' && line[k] <= 'z') || (line[k] >= 'A' && line[k] <= 'Z') ||
	       line[k] == '_')
		k++;
	if (k == 1 || line[k] != ':')
		return 0; /* "# free text" */
	line[k] = '\0';
	char *val = trim(line + k + 1);
	size_t i = 0;
	while (i < 3 && !((ps->fmt->meta >> i & 1) && strcasecmp(meta_keys[i], line + 1) == 0))
		i++;
	if (i == 3)
		return fail_at(ps, -1, _("unknown '#%s:' line; this file may have %s"),
			       show(ps, line + 1), ps->fmt->meta_list);
	char *dst = i == 0 ? ps->src->name : i == 1 ? ps->src->authority : ps->src->version;
	size_t size = i == 2 ? sizeof(ps->src->version) : sizeof(ps->src->name);
	if (*seen & (1u << i))
		return fail_at(ps, -1, _("'#%s:' given twice"), meta_keys[i]);
	*seen |= 1u << i;
	if (!*val)
		return fail_at(ps, -1, _("'#%s:' has no value"), meta_keys[i]);
	if (has_control(val, 0))
		return fail_at(ps, -1, _("'#%s:' contains a control character"), meta_keys[i]);
	if (strlen(val) >= size)
		return fail_at(ps, -1, _("'#%s:' is longer than %zu bytes"), meta_keys[i],
			       size - 1);
	snprintf(dst, size, "%s", val);
	return 0;
}

/* "#key: value" lines above the header; every other line starting with '#' there is a
 * comment. */
static int read_meta(struct parser *ps)
{
	unsigned seen = 0;
	while (next_row(ps) && *ps->p == '#') {
		const char *eol = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
		size_t n = (size_t)((eol ? eol : ps->end) - ps->p);
		if (memchr(ps->p, '\0', n) || n > FIELD_MAX)
			return lex_fail(ps, memchr(ps->p, '\0', n) ? LEX_NUL : LEX_LONG, -1);
		memcpy(ps->scratch, ps->p, n);
		if (n > 0 && ps->scratch[n - 1] == '\r')
			n--;
		ps->scratch[n] = '\0';
		if (u8_check((const uint8_t *)ps->scratch, n))
			return fail_at(ps, -1, _("not UTF-8 text; save the file as UTF-8"));
		int rc = meta_line(ps, ps->scratch, &seen);
		if (rc < 0)
			return rc;
		ps->p = eol ? eol + 1 : ps->end;
		ps->line++;
	}
	return 0;
}

static int read_header(struct parser *ps)
{
	const struct format *f = ps->fmt;
	if (!next_row(ps))
		return fail_at(ps, -1,
			       _("no header line; the first line that is not a '#' line names the "
				 "columns"));
	for (size_t c = 0; c < f->ncols; c++)
		ps->pos[c] = -1;
	int last = 0;
	while (!last) {
		int rc = lex_field(ps, ps->scratch, &last);
		if (rc < 0)
			return lex_fail(ps, rc, -1);
		char *name = trim(ps->scratch);
		size_t c = 0;
		while (c < f->ncols && strcasecmp(f->cols[c], name) != 0)
			c++;
		if (c == f->ncols)
			return error_set(ps->err, ERR_USAGE,
					 _("line %ld, column '%s': unknown column; the columns are "
					   "%s"),
					 ps->row_line, show(ps, name), f->col_list);
		if (ps->pos[c] >= 0)
			return fail_at(ps, (int)c, _("named twice in the header"));
		ps->pos[c] = (int)ps->nhead;
		ps->col[ps->nhead++] = (int)c;
	}
	for (size_t c = 0; c < f->nrequired; c++)
		if (ps->pos[c] < 0)
			return fail_at(ps, (int)c,
				       _("missing from the header; this column is required"));
	if (!ps->src->version[0])
		return fail_at(ps, -1,
			       _("no '#version:' line above the header; add one such as "
				 "'#version: 2026-03-01', since versions decide what an import "
				 "updates and retires"));
	return 0;
}

/* --- duplicate references ------------------------------------------------------------ */

static int refset_grow(struct refset *rs)
{
	size_t cap = rs->cap ? rs->cap * 2 : 1024;
	struct ref_slot *slot = calloc(cap, sizeof(*slot));
	if (!slot)
		return -1;
	for (size_t i = 0; i < rs->cap; i++) {
		if (!rs->slot[i].off)
			continue;
		size_t j = rs->slot[i].hash & (cap - 1);
		while (slot[j].off)
			j = (j + 1) & (cap - 1);
		slot[j] = rs->slot[i];
	}
	free(rs->slot);
	rs->slot = slot;
	rs->cap = cap;
	return 0;
}

/* 0 when ref is new (and now remembered), the line it was first on when not, -1 when
 * out of memory. */
static long refset_add(struct refset *rs, const char *ref, long line)
{
	if ((rs->n + 1) * 4 > rs->cap * 3 && refset_grow(rs) < 0)
		return -1;
	uint64_t fnv = 1469598103934665603ull; /* FNV-1a */
	for (const char *c = ref; *c; c++)
		fnv = (fnv ^ (unsigned char)*c) * 1099511628211ull;
	uint32_t h = (uint32_t)(fnv ^ (fnv >> 32));
	size_t j = h & (rs->cap - 1);
	for (; rs->slot[j].off; j = (j + 1) & (rs->cap - 1)) {
		const char *at = rs->arena + rs->slot[j].off - 1;
		if (rs->slot[j].hash == h && strcmp(at + sizeof(uint32_t), ref) == 0) {
			uint32_t first;
			memcpy(&first, at, sizeof(first));
			return (long)first;
		}
	}
	size_t need = sizeof(uint32_t) + strlen(ref) + 1;
	if (rs->alen + need > rs->acap) {
		size_t cap = rs->acap ? rs->acap * 2 : 65536; /* need is below 100 */
		if (cap >= UINT32_MAX)
			return -1;
		char *grown = realloc(rs->arena, cap);
		if (!grown)
			return -1;
		rs->arena = grown;
		rs->acap = cap;
	}
	uint32_t l = (uint32_t)line;
	memcpy(rs->arena + rs->alen, &l, sizeof(l));
	memcpy(rs->arena + rs->alen + sizeof(l), ref, need - sizeof(l));
	rs->slot[j].off = (uint32_t)rs->alen + 1;
	rs->slot[j].hash = h;
	rs->alen += need;
	rs->n++;
	return 0;
}

static int unique_ref(struct parser *ps, int c, const char *ref)
{
	long first = refset_add(&ps->refs, ref, ps->row_line);
	if (first < 0)
		return error_set(ps->err, ERR_IO, _("out of memory"));
	if (first > 0)
		return fail_at(ps, c,
			       _("'%s' is already on line %ld; each reference must be unique"),
			       show(ps, ref), first);
	return 0;
}

/* --- values -------------------------------------------------------------------------- */

static int number(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Years a watchlist can mean: nobody listed was born before 1800. */
static int year_at(const char *s)
{
	int y = number(s, 4);
	return y >= 1800 && y <= 2200 ? y : -1;
}

static int is_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int y = year_at(s), m = number(s + 5, 2), d = number(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* "1975-05-14", "1975", "1974-1976" or "~1975"; date points into s. */
static int parse_dob(char *s, struct wl_birth_date *d)
{
	size_t n = strlen(s);
	if (n == 10 && is_date(s))
		*d = (struct wl_birth_date){ "exact", s, 0, 0 };
	else if (n == 4 && year_at(s) > 0)
		*d = (struct wl_birth_date){ "year", s, 0, 0 };
	else if (n == 5 && s[0] == '~' && year_at(s + 1) > 0)
		*d = (struct wl_birth_date){ "approximate", s + 1, 0, 0 };
	else if (n == 9 && s[4] == '-' && year_at(s) > 0 && year_at(s + 5) >= year_at(s))
		*d = (struct wl_birth_date){ "range", NULL, year_at(s), year_at(s + 5) };
	else
		return -1;
	return 0;
}

static int one_of(struct parser *ps, int c, const char *v, const char *const *set)
{
	char list[200];
	size_t o = 0;
	for (size_t i = 0; set[i]; i++) {
		if (strcmp(set[i], v) == 0)
			return 0;
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", set[i]);
	}
	if (!*v) /* TRANSLATORS: %s lists the values to use as they are, in English */
		return fail_at(ps, c, _("empty; use one of %s"), list);
	return fail_at(ps, c, _("'%s' is not one of %s"), show(ps, v), list);
}

/* A single-line value of at most max bytes. */
static int plain(struct parser *ps, int c, const char *v, size_t max)
{
	if (has_control(v, 0))
		return fail_at(ps, c, _("'%s' contains a control character"), show(ps, v));
	if (strlen(v) > max)
		return fail_at(ps, c, _("'%s' is longer than %zu bytes"), show(ps, v), max);
	return 0;
}

static int country(struct parser *ps, int c, const char *v)
{
	if (country_find(v, strlen(v)))
		return 0;
	return fail_at(ps, c,
		       _("'%s' is not a country code (ISO 3166-1 alpha-3 or ICAO, in capitals)"),
		       show(ps, v));
}

static int date_or_empty(struct parser *ps, int c, const char *v)
{
	if (!*v || is_date(v))
		return 0;
	return fail_at(ps, c, _("'%s' is not a date (YYYY-MM-DD)"), show(ps, v));
}

/* A document number as given: printable, at most DOC_NUMBER_MAX bytes, with at least
 * one letter or digit to match on. */
static int doc_number(struct parser *ps, int c, const char *v, char *key, size_t keylen)
{
	int rc = plain(ps, c, v, DOC_NUMBER_MAX);
	if (rc < 0)
		return rc;
	watch_doc_key(v, key, keylen);
	if (!key[0])
		return fail_at(ps, c, _("'%s' has no letters or digits"), show(ps, v));
	return 0;
}

/* Splits a '|' list in place into trimmed items; an empty value is an empty list. */
static int split(struct parser *ps, int c, char *v, char **items)
{
	size_t n = 0;
	if (!*v)
		return 0;
	for (char *s = v;; n++) {
		char *bar = strchr(s, '|');
		if (bar)
			*bar = '\0';
		items[n] = trim(s);
		if (!*items[n])
			return fail_at(ps, c,
				       _("an empty item in a '|' list; remove the extra '|'"));
		if (!bar)
			break;
		s = bar + 1;
	}
	return (int)n + 1;
}

/* --- the national layout ------------------------------------------------------------- */

enum {
	N_REF,
	N_SUBJECT,
	N_CATEGORY,
	N_ACTION,
	N_NAME,
	N_ALIASES,
	N_ALIAS_QUALITY,
	N_ORIGINAL_SCRIPT,
	N_DOB,
	N_NATIONALITIES,
	N_SEX,
	N_DOCUMENTS,
	N_LISTED_ON,
	N_REMARKS,
	N_COUNT
};

/* in the order of the enum above; the first five are required */
static const char *const national_cols[N_COUNT] = {
	"ref",     "subject",       "category",        "action",  "name",
	"aliases", "alias_quality", "original_script", "dob",     "nationalities",
	"sex",     "documents",     "listed_on",       "remarks",
};

static const char *const subjects[] = { "person", "document", NULL };
static const char *const categories[] = { "terrorism",      "sanctions", "wanted", "lost_stolen",
					  "missing_person", "other",     NULL };
static const char *const actions[] = { "deny_entry", "refer", "notify", "arrest", NULL };
static const char *const sexes[] = { "M", "F", "X", NULL };
static const char *const qualities[] = { "good", "low", NULL };

static int names_in(struct parser *ps, int c, const char *kind, size_t *n)
{
	int k = split(ps, c, value(ps, c), ps->items);
	for (int i = 0; i < k; i++) {
		int rc = plain(ps, c, ps->items[i], NAME_MAX_BYTES);
		if (rc < 0)
			return rc;
		ps->names[(*n)++] = (struct wl_name){ kind, NULL, ps->items[i] };
	}
	return k;
}

static int national_names(struct parser *ps, const char *subject, size_t *n)
{
	char *name = value(ps, N_NAME);
	int rc = plain(ps, N_NAME, name, NAME_MAX_BYTES);
	if (rc < 0)
		return rc;
	if (strchr(name, '|'))
		return fail_at(ps, N_NAME,
			       _("'%s' holds several names; put the others in 'aliases'"),
			       show(ps, name));
	if (!*name && strcmp(subject, "person") == 0)
		return fail_at(ps, N_NAME, _("empty; a 'person' entry needs a name"));
	*n = 0;
	if (*name)
		ps->names[(*n)++] = (struct wl_name){ "primary", NULL, name };
	size_t first = *n;
	int na = names_in(ps, N_ALIASES, "alias", n);
	if (na < 0)
		return na;
	int nq = split(ps, N_ALIAS_QUALITY, value(ps, N_ALIAS_QUALITY), ps->quals);
	if (nq < 0)
		return nq;
	if (nq > 1 && nq != na)
		return fail_at(ps, N_ALIAS_QUALITY,
			       _("%d values for %d aliases; give one value for all or one per "
				 "alias"),
			       nq, na);
	for (int i = 0; i < nq; i++)
		if ((rc = one_of(ps, N_ALIAS_QUALITY, ps->quals[i], qualities)) < 0)
			return rc;
	for (int i = 0; i < na && nq > 0; i++)
		ps->names[first + (size_t)i].quality = ps->quals[nq == 1 ? 0 : i];
	rc = names_in(ps, N_ORIGINAL_SCRIPT, "original_script", n);
	return rc < 0 ? rc : 0;
}

static int national_documents(struct parser *ps, size_t *n)
{
	char key[64];
	int k = split(ps, N_DOCUMENTS, value(ps, N_DOCUMENTS), ps->items);
	for (int i = 0; i < k; i++) {
		show(ps, ps->items[i]);
		char *num = ps->items[i], *state = strchr(num, ':'), *type = NULL;
		if (state) {
			*state++ = '\0';
			type = strchr(state, ':');
			if (type)
				*type++ = '\0';
		}
		num = trim(num);
		if (!*num || (type && strchr(type, ':')))
			return fail_at(ps, N_DOCUMENTS,
				       _("'%s' is not NUMBER, NUMBER:STATE or NUMBER:STATE:TYPE"),
				       ps->shown);
		struct wl_document d = { num, state ? or_null(trim(state)) : NULL,
					 type ? or_null(trim(type)) : NULL };
		int rc = doc_number(ps, N_DOCUMENTS, num, key, sizeof(key));
		if (rc == 0 && d.issuing_state)
			rc = country(ps, N_DOCUMENTS, d.issuing_state);
		if (rc == 0 && d.doc_type)
			rc = plain(ps, N_DOCUMENTS, d.doc_type, DOC_TYPE_MAX);
		if (rc < 0)
			return rc;
		ps->docs[(*n)++] = d;
	}
	return k < 0 ? k : 0;
}

static int national_row(struct parser *ps)
{
	struct wl_entry e = { .names = ps->names,
			      .dobs = ps->dobs,
			      .nationalities = ps->nats,
			      .documents = ps->docs };
	int rc;
	e.ref = value(ps, N_REF);
	if (!*e.ref)
		return fail_at(ps, N_REF, _("empty; every row needs a reference"));
	if ((rc = plain(ps, N_REF, e.ref, REF_MAX)) < 0)
		return rc;
	e.subject = value(ps, N_SUBJECT);
	e.category = value(ps, N_CATEGORY);
	e.action = value(ps, N_ACTION);
	if ((rc = one_of(ps, N_SUBJECT, e.subject, subjects)) < 0 ||
	    (rc = one_of(ps, N_CATEGORY, e.category, categories)) < 0 ||
	    (rc = one_of(ps, N_ACTION, e.action, actions)) < 0)
		return rc;
	if ((rc = national_names(ps, e.subject, &e.n_names)) < 0)
		return rc;
	int k = split(ps, N_DOB, value(ps, N_DOB), ps->items);
	if (k < 0)
		return k;
	for (int i = 0; i < k; i++)
		if (parse_dob(ps->items[i], &ps->dobs[i]) < 0)
			return fail_at(ps, N_DOB,
				       _("'%s' is not a date (YYYY-MM-DD, YYYY, YYYY-YYYY or "
					 "~YYYY)"),
				       show(ps, ps->items[i]));
	e.n_dobs = (size_t)k;
	k = split(ps, N_NATIONALITIES, value(ps, N_NATIONALITIES), ps->items);
	if (k < 0)
		return k;
	for (int i = 0; i < k; i++) {
		if ((rc = country(ps, N_NATIONALITIES, ps->items[i])) < 0)
			return rc;
		ps->nats[i] = ps->items[i];
	}
	e.n_nationalities = (size_t)k;
	e.sex = value(ps, N_SEX);
	if (*e.sex && (rc = one_of(ps, N_SEX, e.sex, sexes)) < 0)
		return rc;
	e.sex = or_null(e.sex);
	if ((rc = national_documents(ps, &e.n_documents)) < 0)
		return rc;
	if (e.n_documents == 0 && strcmp(e.subject, "document") == 0)
		return fail_at(ps, N_DOCUMENTS,
			       _("empty; a 'document' entry needs at least one document"));
	e.listed_on = value(ps, N_LISTED_ON);
	if ((rc = date_or_empty(ps, N_LISTED_ON, e.listed_on)) < 0)
		return rc;
	e.listed_on = or_null(e.listed_on);
	e.remarks = value(ps, N_REMARKS);
	if (has_control(e.remarks, 1))
		return fail_at(ps, N_REMARKS,
			       _("contains a control character other than a line break or a tab"));
	if ((rc = unique_ref(ps, N_REF, e.ref)) < 0)
		return rc;
	return ps->sink(ps->ctx, &e, ps->err);
}

static const struct format national_format = {
	.cols = national_cols,
	.ncols = N_COUNT,
	.nrequired = 5,
	.col_list = "ref, subject, category, action, name, aliases, alias_quality, "
		    "original_script, dob, nationalities, sex, documents, listed_on, remarks",
	.meta = 7,
	.meta_list = "#name:, #authority:, #version:",
	.row = national_row,
};

/* --- lost and stolen documents ------------------------------------------------------- */

enum { S_NUMBER, S_STATE, S_TYPE, S_STATUS, S_REPORTED, S_COUNT };

static const char *const sltd_cols[S_COUNT] = { "number", "issuing_state", "doc_type", "status",
						"reported_on" };

static const char *const statuses[] = { "stolen", "lost", "revoked", "invalidated", NULL };

static int sltd_row(struct parser *ps)
{
	char key[64], ref[80], remarks[64];
	int rc;
	char *num = value(ps, S_NUMBER), *state = value(ps, S_STATE), *type = value(ps, S_TYPE);
	char *status = value(ps, S_STATUS), *reported = value(ps, S_REPORTED);
	if (!*num)
		return fail_at(ps, S_NUMBER, _("empty; every row needs a number"));
	if ((rc = doc_number(ps, S_NUMBER, num, key, sizeof(key))) < 0 ||
	    (rc = country(ps, S_STATE, state)) < 0 ||
	    (rc = plain(ps, S_TYPE, type, DOC_TYPE_MAX)) < 0 ||
	    (rc = one_of(ps, S_STATUS, status, statuses)) < 0 ||
	    (rc = date_or_empty(ps, S_REPORTED, reported)) < 0)
		return rc;
	/* stored data, never translated: the content hash must not depend on the locale */
	snprintf(remarks, sizeof(remarks), "%s%s%s", status, *reported ? ", reported " : "",
		 reported);
	snprintf(ref, sizeof(ref), "%s:%s", state, key);
	if ((rc = unique_ref(ps, S_NUMBER, ref)) < 0)
		return rc;
	struct wl_document doc = { num, state, or_null(type) };
	struct wl_entry e = { .ref = ref,
			      .subject = "document",
			      .category = "lost_stolen",
			      .action = "refer",
			      .listed_on = or_null(reported),
			      .remarks = remarks,
			      .documents = &doc,
			      .n_documents = 1 };
	return ps->sink(ps->ctx, &e, ps->err);
}

static const struct format sltd_format = {
	.cols = sltd_cols,
	.ncols = S_COUNT,
	.nrequired = S_COUNT,
	.col_list = "number, issuing_state, doc_type, status, reported_on",
	.meta = 6,
	.meta_list = "#authority:, #version:",
	.row = sltd_row,
};

/* --- parsing ------------------------------------------------------------------------- */

static int parse(const struct format *f, const char *buf, size_t len, struct wl_source *src,
		 import_sink sink, void *ctx, struct error *err)
{
	struct parser *ps = calloc(1, sizeof(*ps));
	if (!ps)
		return error_set(err, ERR_IO, _("out of memory"));
	ps->fmt = f;
	ps->p = buf;
	ps->end = buf + len;
	ps->line = 1;
	ps->src = src;
	ps->sink = sink;
	ps->ctx = ctx;
	ps->err = err;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		ps->p += 3;
	int rc = read_meta(ps);
	if (rc == 0)
		rc = read_header(ps);
	while (rc == 0 && next_row(ps)) {
		if (++ps->rows > ROWS_MAX) {
			rc = fail_at(ps, -1, _("more than %d rows"), ROWS_MAX);
			break;
		}
		rc = read_row(ps);
		if (rc == 0)
			rc = f->row(ps);
	}
	if (rc == 0 && ps->rows == 0)
		rc = fail_at(ps, -1,
			     _("no entries after the header; an empty file would retire the "
			       "whole list"));
	free(ps->refs.slot);
	free(ps->refs.arena);
	free(ps);
	return rc < 0 ? rc : 0;
}

static int source_code_ok(const char *code)
{
	size_t n = strlen(code);
	return n > 0 && n < sizeof(((struct wl_source *)0)->code) &&
	       strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

int national_csv_parse(const char *buf, size_t len, const char *source_code, struct wl_source *src,
		       import_sink sink, void *ctx, struct error *err)
{
	memset(src, 0, sizeof(*src));
	if (!source_code || !source_code_ok(source_code))
		return error_set(err, ERR_USAGE,
				 _("'%s' is not a source code; use up to 31 capital letters, "
				   "digits, '-' and '_'"),
				 source_code ? source_code : "");
	snprintf(src->code, sizeof(src->code), "%s", source_code);
	snprintf(src->kind, sizeof(src->kind), "national");
	int rc = parse(&national_format, buf, len, src, sink, ctx, err);
	if (!src->name[0])
		snprintf(src->name, sizeof(src->name), "%s", source_code);
	return rc;
}

int sltd_parse(const char *buf, size_t len, struct wl_source *src, import_sink sink, void *ctx,
	       struct error *err)
{
	memset(src, 0, sizeof(*src));
	snprintf(src->code, sizeof(src->code), "SLTD");
	snprintf(src->kind, sizeof(src->kind), "lost_stolen");
	snprintf(src->name, sizeof(src->name), "Lost and stolen travel documents");
	return parse(&sltd_format, buf, len, src, sink, ctx, err);
}

/* --- importing ----------------------------------------------------------------------- */

struct import_run {
	struct app *app;
	const struct session *actor;
	struct wl_source src;
	struct watch_import wi;
	void (*progress)(long entries, void *ctx);
	void *ctx;
};

/* Opens the import (once) when the parser has read the file's '#' lines into the
 * source, that is with the first entry. */
static int run_begin(struct import_run *r, struct error *err)
{
	if (r->wi.app)
		return 0;
	int rc = watch_import_begin(r->app, r->actor, &r->src, &r->wi, err);
	r->wi.progress = r->progress;
	r->wi.ctx = r->ctx;
	return rc;
}

static int run_sink(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct import_run *r = ctx;
	int rc = run_begin(r, err);
	return rc < 0 ? rc : watch_import_entry(&r->wi, e, err);
}

/* The stored source with this code: 1 and *out filled, 0 when there is none. */
static int stored_source(struct app *app, const char *code, struct wl_source *out,
			 struct error *err)
{
	struct wl_source *list;
	size_t n;
	int found = 0;
	if (wl_source_list(app->db, 1, &list, &n, err) < 0)
		return -ERR_IO;
	for (size_t i = 0; i < n && !found; i++)
		if ((found = strcmp(list[i].code, code) == 0))
			*out = list[i];
	free(list);
	return found;
}

static int run_import(struct app *app, const struct session *actor, const char *path,
		      const char *source_code, void (*progress)(long entries, void *ctx), void *ctx,
		      struct import_result *res, struct error *err)
{
	const char *code = source_code ? source_code : "SLTD";
	const char *kind = source_code ? "national" : "lost_stolen";
	struct wl_source stored;
	char *buf = NULL;
	size_t len = 0;
	if (res)
		memset(res, 0, sizeof(*res));
	if (session_require(app, actor, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	int have = stored_source(app, code, &stored, err);
	if (have < 0)
		return have;
	/* an import retires what the file does not list: a national file under the code
	 * of another kind of list would silently empty that list */
	if (have && strcmp(stored.kind, kind) != 0)
		return error_set(err, ERR_USAGE,
				 _("source '%s' is a '%s' list, not a '%s' one; choose another "
				   "source code"),
				 code, stored.kind, kind);
	int rc = import_read_file(path, IMPORT_CSV_MAX_BYTES, &buf, &len, err);
	if (rc < 0)
		return rc;
	struct import_run r = { .app = app, .actor = actor, .progress = progress, .ctx = ctx };
	if (source_code)
		rc = national_csv_parse(buf, len, source_code, &r.src, run_sink, &r, err);
	else
		rc = sltd_parse(buf, len, &r.src, run_sink, &r, err);
	/* Retirement goes by version: a changed file under the version already stored
	 * would update rows but never retire the ones it dropped. */
	if (rc == 0 && have && strcmp(stored.version, r.src.version) == 0 &&
	    (r.wi.imp.added || r.wi.imp.updated || r.wi.imp.unchanged != stored.entries))
		rc = error_set(err, ERR_USAGE,
			       _("version '%s' of '%s' is already imported and this file differs "
				 "from it; give the new file a new '#version:'"),
			       r.src.version, code);
	if (rc == 0)
		rc = watch_import_commit(&r.wi, err);
	if (rc < 0)
		watch_import_abort(&r.wi);
	else if (res)
		*res = (struct import_result){ r.wi.imp.added, r.wi.imp.updated, r.wi.imp.unchanged,
					       r.wi.imp.retired };
	free(buf);
	return rc;
}

int import_national_csv(struct app *app, const struct session *actor, const char *path,
			const char *source_code, void (*progress)(long entries, void *ctx),
			void *ctx, struct import_result *res, struct error *err)
{
	/* "" rather than NULL: NULL is how run_import tells an SLTD import */
	return run_import(app, actor, path, source_code ? source_code : "", progress, ctx, res,
			  err);
}

int import_sltd(struct app *app, const struct session *actor, const char *path,
		void (*progress)(long entries, void *ctx), void *ctx, struct import_result *res,
		struct error *err)
{
	return run_import(app, actor, path, NULL, progress, ctx, res, err);
}
