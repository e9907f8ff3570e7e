/* Training scenarios: the line parser behind app/scenario.h.
 *
 * A scenario file is written by a trainer in an editor, so it is treated as outside
 * input: any bytes, any length, never NUL-terminated. Every line is checked on its own
 * and every problem is kept with its line number, so a trainer fixes a file in one pass
 * instead of one error per run. */
#include "app/scenario.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistr.h>

#include "i18n/i18n.h"
#include "scanners/clock.h"
#include "scanners/document.h"
#include "scanners/mrz.h"

enum section { SEC_NONE, SEC_SCENARIO, SEC_ENTRY, SEC_TRAVELLER, SEC_SKIP };

/* REQUIRED keys missing are reported at the section's header. TEXT: lines joined with
 * '\n', where an empty value is an empty line (and does not count as given). OWN: the
 * key's own code checks and stores the value. LINES: MRZ lines, whose own check reports
 * an empty one. */
enum { REPEAT = 1, TEXT = 2, OWN = 4, LINES = 8, REQUIRED = 16 };

struct key {
	const char *name;
	unsigned flags;
	size_t off, size;         /* the field the value goes to (size alone: its length limit) */
	const char *const *words; /* the values allowed, when they are a choice */
};

static const char *const subjects[] = { "person", "document", NULL };
static const char *const categories[] = { "terrorism",      "sanctions", "wanted", "lost_stolen",
					  "missing_person", "other",     NULL };
static const char *const actions[] = { "deny_entry", "refer", "notify", "arrest", NULL };
static const char *const sexes[] = { "M", "F", "X", NULL };
static const char *const chips[] = { [SCN_CHIP_NONE] = "none",
				     [SCN_CHIP_GENUINE] = "genuine",
				     [SCN_CHIP_BAD_SIGNATURE] = "bad-signature",
				     [SCN_CHIP_HASH_MISMATCH] = "hash-mismatch",
				     [SCN_CHIP_UNKNOWN_ISSUER] = "unknown-issuer",
				     [SCN_CHIP_NO_SOD] = "no-sod",
				     NULL };
/* enum scn_shows from 1: SCN_SHOWS_ANY is a traveller without 'shows' */
static const char *const shows[] = { "hit", "check", "clear", NULL };

#define S(f) offsetof(struct scenario, f), sizeof(((struct scenario *)0)->f)
#define E(f) offsetof(struct scn_entry, f), sizeof(((struct scn_entry *)0)->f)
#define T(f) offsetof(struct scn_traveller, f), sizeof(((struct scn_traveller *)0)->f)

enum { SK_ID, SK_TITLE, SK_LANGUAGE, SK_BRIEFING, SK_COUNT };
static const struct key scenario_keys[SK_COUNT] = {
	[SK_ID] = { "id", OWN | REQUIRED, 0, 0, NULL },
	[SK_TITLE] = { "title", REQUIRED, S(title), NULL },
	[SK_LANGUAGE] = { "language", OWN, 0, 0, NULL },
	[SK_BRIEFING] = { "briefing", REPEAT | TEXT | REQUIRED, S(briefing), NULL },
};

/* clang-format off */
enum {
	EK_ID, EK_SUBJECT, EK_CATEGORY, EK_ACTION, EK_NAME, EK_ORIGINAL, EK_ALIAS, EK_WEAK_ALIAS,
	EK_BIRTH, EK_NATIONALITY, EK_SEX, EK_DOCUMENT, EK_LISTED, EK_REMARKS, EK_COUNT
};
/* clang-format on */
static const struct key entry_keys[EK_COUNT] = {
	[EK_ID] = { "id", OWN | REQUIRED, E(id), NULL },
	[EK_SUBJECT] = { "subject", REQUIRED, E(subject), subjects },
	[EK_CATEGORY] = { "category", REQUIRED, E(category), categories },
	[EK_ACTION] = { "action", REQUIRED, E(action), actions },
	[EK_NAME] = { "name", OWN, 0, SCN_NAME, NULL },
	[EK_ORIGINAL] = { "original", OWN | REPEAT, 0, SCN_NAME, NULL },
	[EK_ALIAS] = { "alias", OWN | REPEAT, 0, SCN_NAME, NULL },
	[EK_WEAK_ALIAS] = { "weak-alias", OWN | REPEAT, 0, SCN_NAME, NULL },
	[EK_BIRTH] = { "birth", OWN | REPEAT, 0, 0, NULL },
	[EK_NATIONALITY] = { "nationality", OWN | REPEAT, 0, 0, NULL },
	[EK_SEX] = { "sex", 0, E(sex), sexes },
	[EK_DOCUMENT] = { "document", OWN | REPEAT, 0, 0, NULL },
	[EK_LISTED] = { "listed", OWN, 0, 0, NULL },
	[EK_REMARKS] = { "remarks", 0, E(remarks), NULL },
};

/* clang-format off */
enum {
	TK_MRZ, TK_SAYS, TK_CHIP, TK_CHIP_MRZ, TK_BARCODE, TK_SHOWS, TK_EXPECT, TK_GROUND,
	TK_REASON, TK_TEACH, TK_COUNT
};
/* clang-format on */
static const struct key traveller_keys[TK_COUNT] = {
	[TK_MRZ] = { "mrz", OWN | REPEAT | LINES | REQUIRED, 0, 0, NULL },
	[TK_SAYS] = { "says", REPEAT | TEXT, T(says), NULL },
	[TK_CHIP] = { "chip", OWN, 0, 0, chips },
	[TK_CHIP_MRZ] = { "chip-mrz", OWN | REPEAT | LINES, 0, 0, NULL },
	[TK_BARCODE] = { "barcode", 0, T(barcode), NULL },
	[TK_SHOWS] = { "shows", OWN, 0, 0, shows },
	[TK_EXPECT] = { "expect", OWN | REQUIRED, 0, 0, NULL },
	[TK_GROUND] = { "ground", OWN, 0, 0, NULL },
	[TK_REASON] = { "reason", REQUIRED, T(reason), NULL },
	[TK_TEACH] = { "teach", REPEAT | TEXT | REQUIRED, T(teach), NULL },
};

enum { MAX_KEYS = EK_COUNT };

static const struct {
	const char *name;
	const struct key *keys;
	int n_keys;
} sections[] = {
	[SEC_SCENARIO] = { "scenario", scenario_keys, SK_COUNT },
	[SEC_ENTRY] = { "entry", entry_keys, EK_COUNT },
	[SEC_TRAVELLER] = { "traveller", traveller_keys, TK_COUNT },
};

/* The MRZ lines of one traveller as they are read: how many were given (good or not),
 * whether one was wrong (then the document is not tried), and where the first was. */
struct mrz_state {
	int given, bad, first_line;
};

struct parser {
	struct scenario *s;
	struct scn_problems *probs;
	int line; /* the line being read, from 1 */
	enum section sec;
	int sec_line;       /* the header of the section being read */
	int seen[MAX_KEYS]; /* the line where each key of the section was first given */
	unsigned told;      /* keys of the section whose joined text was already too long */
	int scenario_line;  /* the [scenario] header; 0 none yet */
	int order_told, entries_told, travellers_told, oom_told;
	int entry_cap, traveller_cap;
	struct mrz_state mrz, chip_mrz;
};

/* Keeps the problems in line order (line 0, the file as a whole, first), so those found
 * when a section ends, at its header, land among the others; when the list is full the
 * latest lines give way. */
__attribute__((format(printf, 3, 4))) static int add_problem(struct scn_problems *pr, int line,
							     const char *fmt, ...)
{
	int at = pr->n;
	while (at > 0 && pr->items[at - 1].line > line)
		at--;
	if (at == SCN_MAX_PROBLEMS) {
		pr->more++;
		return -ERR_USAGE;
	}
	if (pr->n == SCN_MAX_PROBLEMS) {
		pr->more++;
		pr->n--;
	}
	memmove(&pr->items[at + 1], &pr->items[at], (size_t)(pr->n - at) * sizeof(pr->items[0]));
	pr->n++;
	struct scn_problem *it = &pr->items[at];
	it->line = line;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(it->msg, sizeof(it->msg), fmt, ap);
	va_end(ap);
	if (w < 0)
		it->msg[0] = '\0';
	if (w >= (int)sizeof(it->msg)) { /* cut: drop what may be half a character */
		size_t i = strlen(it->msg);
		while (i > 0 && ((unsigned char)it->msg[i - 1] & 0xC0) == 0x80)
			i--;
		if (i > 0 && (unsigned char)it->msg[i - 1] >= 0xC0)
			it->msg[i - 1] = '\0';
	}
	return -ERR_USAGE;
}

#define PROBLEM(p, ...) add_problem((p)->probs, (p)->line, __VA_ARGS__)

/* A value as quoted in a message: the first 60 bytes at most, cut between characters
 * (every line was checked to be UTF-8 before it gets here). */
enum { SHOWN = 60 };
struct shown {
	char s[SHOWN + 4];
};

static const char *show(struct shown *b, const char *v, size_t n)
{
	if (n > SHOWN) {
		n = SHOWN;
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
		memcpy(b->s, v, n);
		memcpy(b->s + n, "...", 4);
	} else {
		memcpy(b->s, v, n);
		b->s[n] = '\0';
	}
	return b->s;
}

#define is_space(c) ((c) == ' ' || (c) == '\t')
#define is_digit(c) ((c) >= '0' && (c) <= '9')

static void trim(const char **v, size_t *n)
{
	while (*n > 0 && is_space(**v)) {
		(*v)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*v)[*n - 1]))
		(*n)--;
}

/* Whether v is min to max characters, each of the kinds allowed. */
enum { UPPER = 1, LOWER = 2, DIGIT = 4, DASH = 8, FILLER = 16 };
static int chars_ok(const char *v, size_t n, size_t min, size_t max, unsigned kinds)
{
	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (!((kinds & UPPER && c >= 'A' && c <= 'Z') ||
		      (kinds & LOWER && c >= 'a' && c <= 'z') || (kinds & DIGIT && is_digit(c)) ||
		      (kinds & DASH && c == '-') || (kinds & FILLER && c == '<')))
			return 0;
	}
	return 1;
}

static int choose(const char *v, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(v, words[i]) == 0)
			return i;
	return -1;
}

/* A word in any ASCII case; tolower() would follow the locale (Turkish dotless i). */
static int word_is(const char *t, size_t n, const char *w)
{
	if (strlen(w) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] - 'A' + 'a') : t[i];
		if (c != w[i])
			return 0;
	}
	return 1;
}

/* The number written with n digits, or -1. */
static int number(const char *v, size_t n)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(v[i]))
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	return x;
}

/* YYYY-MM-DD: 0 a real date, -1 not written so, -2 no such day. Years before 1000 are
 * typing errors in a watchlist, not dates. */
static int parse_date(const char *v, size_t n, int *year)
{
	if (n != 10 || v[4] != '-' || v[7] != '-')
		return -1;
	int y = number(v, 4), m = number(v + 5, 2), d = number(v + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return -1;
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > clock_month_days(y, m))
		return -2;
	*year = y;
	return 0;
}

/* The next word of v from *i, separated by spaces or tabs; its length, 0 at the end. */
static size_t next_word(const char *v, size_t n, size_t *i, const char **word)
{
	while (*i < n && is_space(v[*i]))
		(*i)++;
	*word = v + *i;
	while (*i < n && !is_space(v[*i]))
		(*i)++;
	return (size_t)(v + *i - *word);
}

/* --- sections --------------------------------------------------------------------- */

/* the section being read */
#define ENTRY(p)     (&(p)->s->entries[(p)->s->n_entries - 1])
#define TRAVELLER(p) (&(p)->s->travellers[(p)->s->n_travellers - 1])

/* Opens an [entry] or a [traveller]: a zeroed item at the end of its array, which
 * doubles as it fills, up to the limit. */
static int start_section(struct parser *p, enum section sec)
{
	struct scenario *s = p->s;
	int entry = sec == SEC_ENTRY;
	int *n = entry ? &s->n_entries : &s->n_travellers;
	int *cap = entry ? &p->entry_cap : &p->traveller_cap;
	int limit = entry ? SCN_MAX_ENTRIES : SCN_MAX_TRAVELLERS;
	size_t size = entry ? sizeof(*s->entries) : sizeof(*s->travellers);
	if (*n == limit) {
		if (entry && !p->entries_told++)
			PROBLEM(p, _("more than %d entries: a scenario holds at most %d"), limit,
				limit);
		else if (!entry && !p->travellers_told++)
			PROBLEM(p, _("more than %d travellers: a scenario holds at most %d"), limit,
				limit);
		return -1;
	}
	if (*n == *cap) {
		int want = *cap ? *cap * 2 : 8;
		want = want > limit ? limit : want;
		void *grown = realloc(entry ? (void *)s->entries : (void *)s->travellers,
				      (size_t)want * size);
		if (!grown) {
			if (!p->oom_told++)
				PROBLEM(p, _("out of memory"));
			return -1;
		}
		if (entry)
			s->entries = grown;
		else
			s->travellers = grown;
		*cap = want;
	}
	int *line = entry ? &s->entries[*n].line : &s->travellers[*n].line;
	memset(entry ? (void *)&s->entries[*n] : (void *)&s->travellers[*n], 0, size);
	*line = p->line;
	(*n)++;
	return 0;
}

/* A required key missing, reported at the section's header. */
static void missing(struct parser *p, const char *key)
{
	if (p->sec == SEC_SCENARIO)
		add_problem(p->probs, p->sec_line, _("[scenario] has no '%s'"), key);
	else if (p->sec == SEC_ENTRY)
		add_problem(p->probs, p->sec_line, _("entry %d has no '%s'"), p->s->n_entries, key);
	else
		add_problem(p->probs, p->sec_line, _("traveller %d has no '%s'"),
			    p->s->n_travellers, key);
}

/* The MRZ lines must make a document; its check digits and dates may fail, since a
 * forged check digit is one of the things a scenario teaches. */
static void end_mrz(struct parser *p, const struct mrz_state *st, char lines[3][SCN_MRZ_LINE],
		    int count, int chip)
{
	if (st->bad)
		return;
	if (count < 2) {
		add_problem(p->probs, st->first_line,
			    chip ? _("only one 'chip-mrz' line: an MRZ has 2 or 3")
				 : _("only one 'mrz' line: an MRZ has 2 or 3"));
		return;
	}
	char text[3 * SCN_MRZ_LINE];
	size_t n = 0;
	for (int i = 0; i < count; i++) {
		size_t k = strlen(lines[i]);
		memcpy(text + n, lines[i], k);
		n += k;
		text[n++] = '\n';
	}
	struct document doc;
	struct error err;
	error_clear(&err);
	if (mrz_parse(text, n, time(NULL), &doc, &err) == -ERR_USAGE)
		add_problem(p->probs, st->first_line,
			    chip ? _("the chip MRZ lines do not make a document: %s")
				 : _("the MRZ lines do not make a document: %s"),
			    err.msg);
}

static void end_traveller(struct parser *p)
{
	struct scn_traveller *t = TRAVELLER(p);
	if (p->mrz.given)
		end_mrz(p, &p->mrz, t->mrz, t->mrz_lines, 0);
	if (p->chip_mrz.given && t->chip == SCN_CHIP_NONE)
		add_problem(p->probs, p->chip_mrz.first_line,
			    _("'chip-mrz' needs a chip: add 'chip = genuine' or another state "
			      "than none"));
	else if (p->chip_mrz.given)
		end_mrz(p, &p->chip_mrz, t->chip_mrz, t->chip_mrz_lines, 1);
	if (p->seen[TK_GROUND] && t->expect && !(t->expect & SCN_REFUSE))
		add_problem(p->probs, p->seen[TK_GROUND],
			    _("'ground' is only for a refusal, and 'expect' does not include "
			      "refuse"));
}

static void end_section(struct parser *p)
{
	if (p->sec >= SEC_SCENARIO && p->sec <= SEC_TRAVELLER) {
		const struct key *keys = sections[p->sec].keys;
		for (int i = 0; i < sections[p->sec].n_keys; i++)
			if ((keys[i].flags & REQUIRED) && !p->seen[i])
				missing(p, keys[i].name);
	}
	if (p->sec == SEC_ENTRY) {
		const struct scn_entry *e = ENTRY(p);
		if (strcmp(e->subject, "person") == 0 && !p->seen[EK_NAME])
			missing(p, "name");
		if (strcmp(e->subject, "document") == 0 && !p->seen[EK_DOCUMENT])
			missing(p, "document");
	} else if (p->sec == SEC_TRAVELLER) {
		end_traveller(p);
	}
	p->sec = SEC_NONE;
	memset(p->seen, 0, sizeof(p->seen));
	p->told = 0;
	memset(&p->mrz, 0, sizeof(p->mrz));
	memset(&p->chip_mrz, 0, sizeof(p->chip_mrz));
}

static void header(struct parser *p, const char *l, size_t n)
{
	struct shown sh;
	end_section(p);
	p->sec = SEC_SKIP;
	p->sec_line = p->line;
	if (n < 2 || l[n - 1] != ']') {
		PROBLEM(p,
			_("'%s' is not a section header: write [scenario], [entry] or "
			  "[traveller]"),
			show(&sh, l, n));
		return;
	}
	const char *name = l + 1;
	size_t k = n - 2;
	trim(&name, &k);
	enum section sec = SEC_NONE;
	for (int i = SEC_SCENARIO; i <= SEC_TRAVELLER; i++)
		if (strlen(sections[i].name) == k && memcmp(name, sections[i].name, k) == 0)
			sec = (enum section)i;
	if (sec == SEC_NONE) {
		PROBLEM(p, _("unknown section '[%s]': use [scenario], [entry] or [traveller]"),
			show(&sh, name, k));
		return;
	}
	if (sec == SEC_SCENARIO) {
		if (p->scenario_line) {
			PROBLEM(p,
				_("a second [scenario] (the first is on line %d): a file holds "
				  "one"),
				p->scenario_line);
			return;
		}
		p->scenario_line = p->line;
		p->sec = SEC_SCENARIO;
		return;
	}
	if (!p->scenario_line && !p->order_told++)
		PROBLEM(p, _("[%s] before [scenario]: start the file with [scenario]"),
			sections[sec].name);
	if (start_section(p, sec) == 0)
		p->sec = sec;
}

/* --- values ----------------------------------------------------------------------- */

static void put(char *dst, const char *v, size_t n)
{
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* Adds a line to a text of repeatable lines; an empty value makes an empty line, except
 * at the start. */
static void append(struct parser *p, int key, const char *name, char *dst, size_t cap,
		   const char *v, size_t n)
{
	size_t cur = strlen(dst);
	if (n == 0 && cur == 0)
		return;
	size_t need = cur + (cur ? 1 : 0) + n;
	if (need >= cap) {
		if (!(p->told & (1u << key)))
			PROBLEM(p, _("'%s' is too long: its lines together pass %zu bytes"), name,
				cap - 1);
		p->told |= 1u << key;
		return;
	}
	if (cur)
		dst[cur++] = '\n';
	put(dst + cur, v, n);
}

/* The values of OWN keys; the others are stored by read_line. */
static void scenario_value(struct parser *p, int key, const char *v, size_t n)
{
	struct shown sh;
	if (key == SK_ID && !chars_ok(v, n, 1, 40, LOWER | DIGIT | DASH))
		PROBLEM(p, _("'id' must be 1-40 characters of a-z, 0-9 and '-', not '%s'"),
			show(&sh, v, n));
	else if (key == SK_ID)
		put(p->s->id, v, n);
	else if (key == SK_LANGUAGE && !chars_ok(v, n, 2, 3, LOWER))
		PROBLEM(p, _("'language' must be 2 or 3 lower-case letters, as 'en', not '%s'"),
			show(&sh, v, n));
	else if (key == SK_LANGUAGE)
		put(p->s->language, v, n);
}

static void add_name(struct parser *p, struct scn_entry *e, const char *type, const char *quality,
		     const char *v, size_t n)
{
	if (e->n_names == SCN_MAX_NAMES) {
		PROBLEM(p,
			_("more than %d names in one entry (name, original, alias and weak-alias "
			  "together)"),
			SCN_MAX_NAMES);
		return;
	}
	/* the primary name goes first, wherever the file has it */
	int at = strcmp(type, "primary") == 0 ? 0 : e->n_names;
	memmove(&e->names[at + 1], &e->names[at], (size_t)(e->n_names - at) * sizeof(e->names[0]));
	e->n_names++;
	struct scn_name *nm = &e->names[at];
	snprintf(nm->type, sizeof(nm->type), "%s", type);
	snprintf(nm->quality, sizeof(nm->quality), "%s", quality);
	put(nm->text, v, n);
}

static void add_birth(struct parser *p, struct scn_entry *e, const char *v, size_t n)
{
	struct shown sh;
	if (e->n_births == SCN_MAX_LIST) {
		PROBLEM(p, _("more than %d '%s' in one entry"), SCN_MAX_LIST, "birth");
		return;
	}
	struct scn_birth b = { 0 };
	int year;
	if (n == 4 && number(v, 4) >= 1000) {
		snprintf(b.kind, sizeof(b.kind), "year");
		put(b.date, v, n);
		b.from = b.to = number(v, 4);
	} else if (n == 10 && v[4] == '.' && v[5] == '.' && number(v, 4) >= 1000 &&
		   number(v + 6, 4) >= 0) {
		snprintf(b.kind, sizeof(b.kind), "range");
		b.from = number(v, 4);
		b.to = number(v + 6, 4);
		if (b.from > b.to) {
			PROBLEM(p,
				_("'birth' range '%s' runs backwards: write the earlier year "
				  "first"),
				show(&sh, v, n));
			return;
		}
	} else {
		int rc = parse_date(v, n, &year);
		if (rc == -2) {
			PROBLEM(p, _("'birth' '%s' is not a real date"), show(&sh, v, n));
			return;
		}
		if (rc < 0) {
			PROBLEM(p, _("'birth' must be YYYY-MM-DD, YYYY or YYYY..YYYY, not '%s'"),
				show(&sh, v, n));
			return;
		}
		snprintf(b.kind, sizeof(b.kind), "exact");
		put(b.date, v, n);
		b.from = b.to = year;
	}
	e->births[e->n_births++] = b;
}

/* TYPE ISSUER NUMBER, separated by spaces or tabs */
static void add_document(struct parser *p, struct scn_entry *e, const char *v, size_t n)
{
	struct shown sh;
	if (e->n_documents == SCN_MAX_LIST) {
		PROBLEM(p, _("more than %d '%s' in one entry"), SCN_MAX_LIST, "document");
		return;
	}
	const char *part[4];
	size_t len[4], i = 0;
	int parts = 0;
	while (parts < 4 && (len[parts] = next_word(v, n, &i, &part[parts])) > 0)
		parts++;
	if (parts != 3 || !chars_ok(part[0], len[0], 1, 2, UPPER) ||
	    !chars_ok(part[1], len[1], 3, 3, UPPER) ||
	    !chars_ok(part[2], len[2], 1, 20, UPPER | DIGIT)) {
		PROBLEM(p,
			_("'document' must be TYPE ISSUER NUMBER, as 'P UTO L898902C3', not '%s'"),
			show(&sh, v, n));
		return;
	}
	struct scn_document *d = &e->documents[e->n_documents++];
	put(d->type, part[0], len[0]);
	put(d->issuer, part[1], len[1]);
	put(d->number, part[2], len[2]);
}

static void entry_value(struct parser *p, int key, const char *v, size_t n)
{
	struct scn_entry *e = ENTRY(p);
	struct shown sh;
	int year;
	switch (key) {
	case EK_ID:
		for (size_t i = 0; i < n; i++)
			if (is_space(v[i])) {
				PROBLEM(p, _("entry 'id' may not hold spaces, not '%s'"),
					show(&sh, v, n));
				return;
			}
		for (int i = 0; i < p->s->n_entries - 1; i++)
			if (strcmp(p->s->entries[i].id, v) == 0) {
				PROBLEM(p,
					_("entry id '%s' is used twice: the entry on line %d has "
					  "it"),
					show(&sh, v, n), p->s->entries[i].line);
				return;
			}
		put(e->id, v, n);
		break;
	case EK_NAME:
		add_name(p, e, "primary", "good", v, n);
		break;
	case EK_ORIGINAL:
		add_name(p, e, "original_script", "good", v, n);
		break;
	case EK_ALIAS:
		add_name(p, e, "alias", "good", v, n);
		break;
	case EK_WEAK_ALIAS:
		add_name(p, e, "alias", "low", v, n);
		break;
	case EK_BIRTH:
		add_birth(p, e, v, n);
		break;
	case EK_NATIONALITY:
		if (!chars_ok(v, n, 3, 3, UPPER))
			PROBLEM(p, _("'nationality' must be 3 capital letters, as 'UTO', not '%s'"),
				show(&sh, v, n));
		else if (e->n_nationalities == SCN_MAX_LIST)
			PROBLEM(p, _("more than %d '%s' in one entry"), SCN_MAX_LIST,
				"nationality");
		else
			put(e->nationalities[e->n_nationalities++], v, n);
		break;
	case EK_DOCUMENT:
		add_document(p, e, v, n);
		break;
	case EK_LISTED: {
		int rc = parse_date(v, n, &year);
		if (rc == -2)
			PROBLEM(p, _("'listed' '%s' is not a real date"), show(&sh, v, n));
		else if (rc < 0)
			PROBLEM(p, _("'listed' must be a date YYYY-MM-DD, not '%s'"),
				show(&sh, v, n));
		else
			put(e->listed, v, n);
		break;
	}
	}
}

/* One MRZ line as printed; the lines are tried as a document when the section ends. */
static void add_mrz(struct parser *p, struct mrz_state *st, char lines[3][SCN_MRZ_LINE], int *count,
		    const char *v, size_t n, int chip)
{
	struct shown sh;
	int no = ++st->given;
	if (no == 1)
		st->first_line = p->line;
	if (no > 3) {
		PROBLEM(p, chip ? _("more than 3 'chip-mrz' lines: an MRZ has 2 or 3")
				: _("more than 3 'mrz' lines: an MRZ has 2 or 3"));
		st->bad = 1;
		return;
	}
	size_t chars = 0; /* characters, not bytes: the line may hold anything */
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)v[i] & 0xC0) != 0x80;
	if (chars != 30 && chars != 36 && chars != 44) {
		PROBLEM(p,
			chip ? _("chip MRZ line %d has %zu characters; an MRZ line has 30, 36 or "
				 "44")
			     : _("MRZ line %d has %zu characters; an MRZ line has 30, 36 or 44"),
			no, chars);
		st->bad = 1;
		return;
	}
	if (!chars_ok(v, n, 0, n, UPPER | DIGIT | FILLER)) {
		PROBLEM(p,
			chip ? _("chip MRZ line %d may hold only A-Z, 0-9 and '<', not '%s'")
			     : _("MRZ line %d may hold only A-Z, 0-9 and '<', not '%s'"),
			no, show(&sh, v, n));
		st->bad = 1;
		return;
	}
	if (*count > 0 && strlen(lines[0]) != n) {
		PROBLEM(p,
			_("MRZ line %d has %zu characters and line 1 has %zu: the lines of an MRZ "
			  "are as long as each other"),
			no, n, strlen(lines[0]));
		st->bad = 1;
		return;
	}
	put(lines[(*count)++], v, n);
}

/* "admit", "refuse or refer": words in any case joined by "or" */
static unsigned parse_expect(const char *v, size_t n)
{
	static const char *const words[] = { "admit", "refuse", "refer" };
	unsigned bits = 0;
	const char *w;
	size_t i = 0, k;
	int at = 0;
	for (; (k = next_word(v, n, &i, &w)) > 0; at++) {
		unsigned bit = 0;
		for (int j = 0; j < 3; j++)
			if (word_is(w, k, words[j]))
				bit = 1u << j;
		if (at % 2 ? !word_is(w, k, "or") : !bit)
			return 0;
		bits |= bit;
	}
	return at % 2 ? bits : 0; /* a word last, not "or" */
}

static void traveller_value(struct parser *p, int key, const char *v, size_t n)
{
	struct scn_traveller *t = TRAVELLER(p);
	struct shown sh;
	switch (key) {
	case TK_MRZ:
		add_mrz(p, &p->mrz, t->mrz, &t->mrz_lines, v, n, 0);
		break;
	case TK_CHIP_MRZ:
		add_mrz(p, &p->chip_mrz, t->chip_mrz, &t->chip_mrz_lines, v, n, 1);
		break;
	case TK_CHIP:
		t->chip = (enum scn_chip)choose(v, chips);
		break;
	case TK_SHOWS:
		t->shows = (enum scn_shows)(choose(v, shows) + 1);
		break;
	case TK_EXPECT:
		if (!(t->expect = parse_expect(v, n)))
			PROBLEM(p,
				_("'expect' must be admit, refuse or refer (several joined by "
				  "'or'), not '%s'"),
				show(&sh, v, n));
		break;
	case TK_GROUND:
		if (!chars_ok(v, n, 1, sizeof(t->ground) - 1, UPPER | DIGIT))
			PROBLEM(p, _("'ground' must be 1-7 characters of A-Z and 0-9, not '%s'"),
				show(&sh, v, n));
		else
			put(t->ground, v, n);
		break;
	}
}

/* --- lines ------------------------------------------------------------------------ */

/* UTF-8 text with no control characters but tab: a NUL or an escape sequence in a
 * name would reach the officer's terminal. */
static int check_line(struct parser *p, const char *l, size_t n)
{
	size_t i = 0;
	while (i < n) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, (const uint8_t *)l + i, n - i);
		if (k < 0) {
			PROBLEM(p,
				_("the line is not UTF-8 text (byte %zu): save the file as UTF-8"),
				i + 1);
			return -1;
		}
		if ((uc < 0x20 && uc != '\t') || (uc >= 0x7F && uc <= 0x9F)) {
			PROBLEM(p,
				_("the line holds a control character (U+%04X): only tab is "
				  "allowed"),
				(unsigned)uc);
			return -1;
		}
		i += (size_t)k;
	}
	return 0;
}

static void read_line(struct parser *p, const char *l, size_t n)
{
	struct shown sh, sh2;
	if (check_line(p, l, n) < 0)
		return;
	trim(&l, &n);
	if (n == 0 || l[0] == '#')
		return;
	if (l[0] == '[') {
		header(p, l, n);
		return;
	}
	const char *eq = memchr(l, '=', n);
	if (!eq) {
		PROBLEM(p, _("'%s' is not a [section], a key = value or a # comment"),
			show(&sh, l, n));
		return;
	}
	const char *k = l, *v = eq + 1;
	size_t kn = (size_t)(eq - l), vn = n - kn - 1;
	trim(&k, &kn);
	trim(&v, &vn);
	if (kn == 0) {
		PROBLEM(p, _("'%s' has no key before '='"), show(&sh, l, n));
		return;
	}
	if (p->sec == SEC_NONE) {
		PROBLEM(p, _("a key before any section: start with [scenario]"));
		return;
	}
	if (p->sec == SEC_SKIP)
		return;
	const struct key *keys = sections[p->sec].keys;
	int key = -1;
	for (int i = 0; i < sections[p->sec].n_keys; i++)
		if (strlen(keys[i].name) == kn && memcmp(keys[i].name, k, kn) == 0)
			key = i;
	if (key < 0) {
		PROBLEM(p, _("unknown key '%s' in [%s]"), show(&sh, k, kn), sections[p->sec].name);
		return;
	}
	const struct key *def = &keys[key];
	if (!(def->flags & REPEAT) && p->seen[key]) {
		PROBLEM(p, _("'%s' is given twice (first on line %d): it takes one value"),
			def->name, p->seen[key]);
		return;
	}
	if (!p->seen[key] && (vn > 0 || !(def->flags & TEXT)))
		p->seen[key] = p->line;
	/* a choice's words fit their field; a wrong one is told as a choice */
	size_t max = def->size && !def->words ? def->size - 1 : SCN_TEXT - 1;
	if (vn > max) {
		PROBLEM(p, _("'%s' is too long: %zu bytes, at most %zu ('%s')"), def->name, vn, max,
			show(&sh2, v, vn));
		return;
	}
	if (vn == 0 && !(def->flags & (TEXT | LINES))) {
		PROBLEM(p, _("'%s' has no value"), def->name);
		return;
	}
	char value[SCN_TEXT];
	put(value, v, vn);
	if (def->words && choose(value, def->words) < 0) {
		char list[128];
		size_t used = 0;
		for (int i = 0; def->words[i] && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
						 i ? ", " : "", def->words[i]);
		PROBLEM(p, _("'%s' must be one of %s, not '%s'"), def->name, list,
			show(&sh, v, vn));
		return;
	}
	char *base = p->sec == SEC_SCENARIO ? (char *)p->s
		     : p->sec == SEC_ENTRY  ? (char *)ENTRY(p)
					    : (char *)TRAVELLER(p);
	if (!(def->flags & OWN) && (def->flags & TEXT))
		append(p, key, def->name, base + def->off, def->size, value, vn);
	else if (!(def->flags & OWN))
		put(base + def->off, value, vn);
	else if (p->sec == SEC_SCENARIO)
		scenario_value(p, key, value, vn);
	else if (p->sec == SEC_ENTRY)
		entry_value(p, key, value, vn);
	else
		traveller_value(p, key, value, vn);
}

int scenario_parse(const char *text, size_t len, struct scenario *out, struct scn_problems *probs)
{
	memset(out, 0, sizeof(*out));
	memset(probs, 0, sizeof(*probs));
	struct parser p = { .s = out, .probs = probs };
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* the byte-order mark some Windows editors write */
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		if (n > 0 && text[end - 1] == '\r')
			n--;
		p.line++;
		read_line(&p, text + i, n);
		i = nl ? end + 1 : len;
	}
	end_section(&p);
	if (!p.scenario_line && !p.order_told)
		add_problem(probs, 0, _("no [scenario] section: start the file with [scenario]"));
	if (!out->n_travellers)
		add_problem(probs, 0, _("no [traveller]: a scenario needs at least one"));
	if (!out->language[0])
		snprintf(out->language, sizeof(out->language), "en");
	if (probs->n || probs->more) {
		scenario_free(out);
		return -ERR_USAGE;
	}
	return 0;
}

int scenario_load(const char *path, struct scenario *out, struct scn_problems *probs,
		  struct error *err)
{
	memset(out, 0, sizeof(*out));
	memset(probs, 0, sizeof(*probs));
	error_clear(err);
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot open '%s': %s"), path, strerror(errno));
	/* one byte past the limit tells a file of exactly the limit from a larger one */
	char *buf = malloc((size_t)SCN_MAX_BYTES + 1);
	size_t n = buf ? fread(buf, 1, (size_t)SCN_MAX_BYTES + 1, f) : 0;
	int failed = !buf ? ENOMEM : ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (failed) {
		free(buf);
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(failed));
	}
	int rc;
	if (n > SCN_MAX_BYTES)
		rc = add_problem(probs, 0,
				 _("'%s' is larger than %d KiB: split it into smaller scenarios"),
				 path, SCN_MAX_BYTES / 1024);
	else
		rc = scenario_parse(buf, n, out, probs);
	free(buf);
	return rc;
}

void scenario_free(struct scenario *s)
{
	if (!s)
		return;
	free(s->entries);
	free(s->travellers);
	memset(s, 0, sizeof(*s));
}

void scenario_expect_text(unsigned expect, char *out, size_t len)
{
	static const char *const words[] = { "admit", "refuse", "refer" };
	if (!len)
		return;
	out[0] = '\0';
	size_t used = 0;
	for (int i = 0; i < 3; i++) {
		if (!(expect & (1u << i)))
			continue;
		int w = snprintf(out + used, len - used, "%s%s", used ? " or " : "", words[i]);
		if (w < 0 || (size_t)w >= len - used) {
			out[used] = '\0'; /* whole words only */
			return;
		}
		used += (size_t)w;
	}
}

const char *scenario_chip_name(enum scn_chip c)
{
	if ((unsigned)c > SCN_CHIP_NO_SOD)
		return "?";
	return chips[c];
}
