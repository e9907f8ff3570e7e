/* RFC 8785 (JSON Canonicalization Scheme) and the strict reading it rests on; see
 * scanners/jcs.h for why both are needed. A text is checked against the grammar first
 * (lint_*), json-c then builds the tree from a text known to be strict, the tree is
 * checked against what the check saw (bind_tree), and the canonical form is written
 * from the tree (canon_*). */
#include "scanners/jcs.h"
#include "scanners/error.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

/* Length of the well-formed UTF-8 character at p (n bytes available, or fewer before
 * a NUL), its code point in *cp; 0 when not well formed (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF). */
static size_t utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
	static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = p[0] < 0x80             ? 1
		     : (p[0] & 0xE0) == 0xC0 ? 2
		     : (p[0] & 0xF0) == 0xE0 ? 3
		     : (p[0] & 0xF8) == 0xF0 ? 4
					     : 0;
	if (len == 0 || len > n)
		return 0;
	*cp = len == 1 ? p[0] : p[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3Fu);
	}
	if (*cp < min[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* --- reading strictly (RFC 8259) --------------------------------------------------- */

/* json-c is laxer than a signature allows (jcs.h says how), so the text is checked
 * against the grammar here first and json-c builds the tree from a text known to be
 * strict. The check also records, in document order, how many members each object has
 * (json-c merging two members shows as one fewer) and where each number's text is
 * (json-c's value of a big integer is clamped, its text is not). */
struct lint {
	const unsigned char *s;
	size_t len, pos;
	int depth, max_depth;
	uint32_t *members; /* per object, in the order of their '{' */
	size_t n_objects;
	struct span {
		uint32_t at, len;
	} * numbers; /* in document order */
	size_t n_numbers;
	char *why;
	size_t why_len;
};

static int lint_fail(struct lint *l, const char *what)
{
	return error_why(l->why, l->why_len, "not JSON: %s at byte %zu", what, l->pos);
}

/* Takes the next byte when it is c. */
static int eat(struct lint *l, unsigned char c)
{
	if (l->pos >= l->len || l->s[l->pos] != c)
		return 0;
	l->pos++;
	return 1;
}

static void lint_blank(struct lint *l)
{
	while (eat(l, ' ') || eat(l, '\t') || eat(l, '\n') || eat(l, '\r'))
		;
}

/* The \uXXXX escape at p (n bytes available), or -1. */
static long escape_u(const unsigned char *p, size_t n)
{
	char hex[5] = { 0 };
	if (n < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	memcpy(hex, p + 2, 4);
	return strspn(hex, "0123456789abcdefABCDEF") == 4 ? strtol(hex, NULL, 16) : -1;
}

/* A string from its opening quote. A member name may not hold U+0000: json-c keeps
 * names as C strings, so "a\u0000b" would be read as "a". */
static int lint_string(struct lint *l, int name)
{
	l->pos++;
	while (!eat(l, '"')) {
		unsigned cp;
		size_t n = l->pos < l->len ? utf8_decode(l->s + l->pos, l->len - l->pos, &cp) : 0;
		if (l->pos >= l->len)
			return lint_fail(l, "unterminated string");
		if (l->s[l->pos] < 0x20)
			return lint_fail(l, "control character in a string");
		if (n == 0)
			return lint_fail(l, "invalid UTF-8");
		if (l->s[l->pos] != '\\') {
			l->pos += n;
			continue;
		}
		unsigned char c = l->pos + 1 < l->len ? l->s[l->pos + 1] : 0;
		if (c && strchr("\"\\/bfnrt", c)) {
			l->pos += 2;
			continue;
		}
		long u = escape_u(l->s + l->pos, l->len - l->pos), lo = -1;
		if (u >= 0xD800 && u <= 0xDBFF && l->len - l->pos > 6)
			lo = escape_u(l->s + l->pos + 6, l->len - l->pos - 6);
		if (u < 0)
			return lint_fail(l, "bad escape");
		if (u == 0 && name)
			return lint_fail(l, "\\u0000 in a member name");
		if ((u >= 0xDC00 && u <= 0xDFFF) ||
		    (u >= 0xD800 && u <= 0xDBFF && (lo < 0xDC00 || lo > 0xDFFF)))
			return lint_fail(l, "lone surrogate");
		l->pos += u >= 0xD800 && u <= 0xDBFF ? 12 : 6;
	}
	return 0;
}

static int digits(struct lint *l)
{
	size_t start = l->pos;
	while (l->pos < l->len && l->s[l->pos] >= '0' && l->s[l->pos] <= '9')
		l->pos++;
	return l->pos > start ? 0 : lint_fail(l, "bad number");
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int lint_number(struct lint *l)
{
	size_t start = l->pos;
	eat(l, '-');
	if ((!eat(l, '0') && digits(l) < 0) || (eat(l, '.') && digits(l) < 0))
		return -1;
	if (eat(l, 'e') || eat(l, 'E')) {
		if (!eat(l, '+'))
			eat(l, '-');
		if (digits(l) < 0)
			return -1;
	}
	l->numbers[l->n_numbers++] = (struct span){ (uint32_t)start, (uint32_t)(l->pos - start) };
	return 0;
}

static int lint_value(struct lint *l);

/* An object or an array from its opening bracket. */
static int lint_container(struct lint *l)
{
	int object = l->s[l->pos++] == '{';
	unsigned char close = object ? '}' : ']';
	size_t idx = l->n_objects;
	uint32_t count = 0;
	if (++l->depth > l->max_depth)
		return error_why(l->why, l->why_len, "JSON nested deeper than %d levels",
				 l->max_depth);
	l->n_objects += object;
	lint_blank(l);
	while (!(count == 0 && eat(l, close))) {
		lint_blank(l);
		if (object) {
			if (l->pos >= l->len || l->s[l->pos] != '"')
				return lint_fail(l, "member name expected");
			if (lint_string(l, 1) < 0)
				return -1;
			lint_blank(l);
			if (!eat(l, ':'))
				return lint_fail(l, "':' expected");
		}
		if (lint_value(l) < 0)
			return -1;
		count++;
		lint_blank(l);
		if (eat(l, close))
			break;
		if (!eat(l, ','))
			return lint_fail(l, object ? "',' or '}' expected" : "',' or ']' expected");
	}
	if (object)
		l->members[idx] = count;
	l->depth--;
	return 0;
}

static int lint_value(struct lint *l)
{
	static const char *const literals[] = { "true", "false", "null" };
	lint_blank(l);
	unsigned char c = l->pos < l->len ? l->s[l->pos] : 0;
	if (c == '{' || c == '[')
		return lint_container(l);
	if (c == '"')
		return lint_string(l, 0);
	if (c == '-' || (c >= '0' && c <= '9'))
		return lint_number(l);
	for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
		size_t n = strlen(literals[i]);
		if (l->len - l->pos >= n && memcmp(l->s + l->pos, literals[i], n) == 0) {
			l->pos += n;
			return 0;
		}
	}
	return lint_fail(l, l->pos < l->len ? "unexpected character" : "unexpected end");
}

/* The counts are sized so that no text can pass their end: an object or a number takes
 * one byte at least. */
static int lint_text(struct lint *l, const char *json, size_t len, int max_depth, char *why,
		     size_t why_len)
{
	*l = (struct lint){ .s = (const unsigned char *)json,
			    .len = len,
			    .max_depth = max_depth,
			    .why = why,
			    .why_len = why_len };
	l->members = malloc((len + 1) * sizeof(*l->members));
	l->numbers = malloc((len + 1) * sizeof(*l->numbers));
	if (!l->members || !l->numbers)
		return error_why(why, why_len, "out of memory");
	if (lint_value(l) < 0)
		return -1;
	lint_blank(l);
	return l->pos == l->len ? 0 : lint_fail(l, "trailing garbage after the value");
}

/* --- the tree ---------------------------------------------------------------------- */

/* Checks json-c's tree against what lint_text saw, in the same document order (json-c
 * keeps members in the order read), and gives every number its original text, which
 * canon_value and jcs_number_text use instead of json-c's int64 or double. */
struct bind {
	const struct lint *l;
	size_t obj, num;
};

static int bind_tree(struct bind *b, struct json_object *o, char *why, size_t why_len)
{
	json_type t = json_object_get_type(o);
	if (t == json_type_object) {
		if (b->obj >= b->l->n_objects ||
		    (size_t)json_object_object_length(o) != b->l->members[b->obj++])
			return error_why(why, why_len, "not JSON: duplicate member name");
		struct json_object_iterator it = json_object_iter_begin(o);
		struct json_object_iterator end = json_object_iter_end(o);
		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
			if (bind_tree(b, json_object_iter_peek_value(&it), why, why_len) < 0)
				return -1;
	} else if (t == json_type_array) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (bind_tree(b, json_object_array_get_idx(o, i), why, why_len) < 0)
				return -1;
	} else if (t == json_type_int || t == json_type_double) {
		if (b->num >= b->l->n_numbers)
			return error_why(why, why_len, "not JSON: numbers do not match");
		struct span sp = b->l->numbers[b->num++];
		char *text = strndup((const char *)b->l->s + sp.at, sp.len);
		if (!text)
			return error_why(why, why_len, "out of memory");
		json_object_set_serializer(o, json_object_userdata_to_json_string, text,
					   json_object_free_userdata);
		/* RFC 8785 3.2.2.3: a number is an IEEE 754 double; 1e400 is none */
		if (!isfinite(strtod(text, NULL)))
			return error_why(why, why_len, "number '%.32s' is out of range", text);
	}
	return 0;
}

/* Reads json strictly into a tree (json_object_put() it), or NULL with why. */
static struct json_object *tree_read(const char *json, size_t len, int max_depth, char *why,
				     size_t why_len)
{
	struct lint l;
	struct bind b = { &l, 0, 0 };
	struct json_object *root = NULL;
	struct json_tokener *tok = NULL;
	char *copy = NULL;
	int rc = -1;
	if (lint_text(&l, json, len, max_depth, why, why_len) < 0)
		goto out;
	/* NUL-terminated (json-c needs an end to finish a number at the top level); the
	 * text has no NUL: lint_text refused any */
	copy = strndup(json, len);
	tok = json_tokener_new_ex(max_depth + 1);
	if (!copy || !tok) {
		error_why(why, why_len, "out of memory");
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, copy, (int)len + 1);
	if (!root || json_tokener_get_error(tok) != json_tokener_success)
		error_why(why, why_len, "not JSON: %s",
			  json_tokener_error_desc(json_tokener_get_error(tok)));
	else if ((rc = bind_tree(&b, root, why, why_len)) == 0 &&
		 (b.obj != l.n_objects || b.num != l.n_numbers))
		rc = error_why(why, why_len, "not JSON: duplicate member name");
out:
	if (rc < 0) {
		json_object_put(root);
		root = NULL;
	}
	if (tok)
		json_tokener_free(tok);
	free(copy);
	free(l.members);
	free(l.numbers);
	return root;
}

/* --- RFC 8785 ---------------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (!b->failed && b->cap - b->len <= n) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len <= n && cap <= (size_t)64 * JCS_MAX_TEXT)
			cap *= 2;
		char *p = cap - b->len > n ? realloc(b->p, cap) : NULL;
		if (p)
			b->p = p, b->cap = cap;
		else
			b->failed = 1;
	}
	if (b->failed)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* RFC 8785 3.2.2.2: only '"', '\\' and the controls are escaped, with the short forms
 * where JSON has one and lower-case \u00xx otherwise; everything else stays UTF-8. */
static void put_string(struct buf *b, const char *s, size_t n)
{
	static const char plain[] = "\"\\\b\t\n\f\r", escaped[] = "\"\\btnfr";
	size_t run = 0;
	put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *q = c ? strchr(plain, c) : NULL;
		char esc[8] = { '\\', q ? escaped[q - plain] : 0 };
		if (!q && c >= 0x20)
			continue;
		if (!q)
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		put(b, s + run, i - run);
		put(b, esc, strlen(esc));
		run = i + 1;
	}
	put(b, s + run, n - run);
	put(b, "\"", 1);
}

/* ECMAScript Number::toString (ES6 7.1.12.1), which RFC 8785 3.2.2.3 prescribes: the
 * fewest significant digits that read back as the same double (the nearest such digits
 * when there is a choice; C's correctly rounded %.*e gives exactly those), then plain
 * notation from 1e-6 up to 1e21 and exponent notation outside. */
static int es6_number(double x, char *out, size_t len)
{
	static const char zeros[] = "000000000000000000000";
	if (!isfinite(x))
		return -1;
	if (x == 0) /* -0 too */
		return snprintf(out, len, "0") < 0 ? -1 : 0;
	const char *sign = x < 0 ? "-" : "";
	x = fabs(x);
	char e[40], d[24];
	for (int p = 1; p <= 17; p++) {
		snprintf(e, sizeof(e), "%.*e", p - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	int k = 0;
	const char *c = e;
	for (; *c && *c != 'e' && k < 20; c++)
		if (*c >= '0' && *c <= '9')
			d[k++] = *c;
	if (*c != 'e' || k == 0)
		return -1;
	while (k > 1 && d[k - 1] == '0')
		k--;
	int n = (int)strtol(c + 1, NULL, 10) + 1, w; /* n: where the decimal point goes */
	if (k <= n && n <= 21)
		w = snprintf(out, len, "%s%.*s%.*s", sign, k, d, n - k, zeros);
	else if (0 < n && n <= 21)
		w = snprintf(out, len, "%s%.*s.%.*s", sign, n, d, k - n, d + n);
	else if (-6 < n && n <= 0)
		w = snprintf(out, len, "%s0.%.*s%.*s", sign, -n, zeros, k, d);
	else
		w = snprintf(out, len, "%s%c%s%.*se%+d", sign, d[0], k > 1 ? "." : "", k - 1, d + 1,
			     n - 1);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

struct member {
	const char *name;
	struct json_object *value;
};

/* RFC 8785 3.2.3: member names are sorted as arrays of UTF-16 code units. Compared a
 * character at a time that is the order of code points, except that U+E000..U+FFFF
 * come after every character past U+FFFF (whose first unit is a surrogate, D800..DBFF):
 * U+1F600 sorts before U+FB33. Names are valid UTF-8 here (lint_text checked them). */
static int member_cmp(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)((const struct member *)a)->name;
	const unsigned char *y = (const unsigned char *)((const struct member *)b)->name;
	for (;;) {
		unsigned cx = 0, cy = 0;
		size_t nx = *x ? utf8_decode(x, 4, &cx) : 0, ny = *y ? utf8_decode(y, 4, &cy) : 0;
		cx += cx >= 0xE000 && cx <= 0xFFFF ? 0x110000 : 0;
		cy += cy >= 0xE000 && cy <= 0xFFFF ? 0x110000 : 0;
		if (cx != cy || !nx || !ny)
			return cx < cy ? -1 : cx > cy;
		x += nx, y += ny;
	}
}

static void canon_value(struct buf *b, struct json_object *o);

static void canon_object(struct buf *b, struct json_object *o)
{
	size_t n = (size_t)json_object_object_length(o), i = 0;
	struct member *m = calloc(n ? n : 1, sizeof(*m));
	if (!m) {
		b->failed = 1;
		return;
	}
	struct json_object_iterator it = json_object_iter_begin(o);
	struct json_object_iterator end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end) && i < n; json_object_iter_next(&it), i++) {
		m[i].name = json_object_iter_peek_name(&it);
		m[i].value = json_object_iter_peek_value(&it);
	}
	qsort(m, i, sizeof(*m), member_cmp);
	put(b, "{", 1);
	for (size_t j = 0; j < i; j++) {
		if (j)
			put(b, ",", 1);
		put_string(b, m[j].name, strlen(m[j].name));
		put(b, ":", 1);
		canon_value(b, m[j].value);
	}
	put(b, "}", 1);
	free(m);
}

/* The original text of a number bound by bind_tree. */
const char *jcs_number_text(struct json_object *o)
{
	const char *t = json_object_get_userdata(o);
	return t ? t : json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

static void canon_value(struct buf *b, struct json_object *o)
{
	json_type t = json_object_get_type(o);
	char num[40];
	if (t == json_type_string) {
		put_string(b, json_object_get_string(o), (size_t)json_object_get_string_len(o));
	} else if (t == json_type_int || t == json_type_double) {
		if (es6_number(strtod(jcs_number_text(o), NULL), num, sizeof(num)) < 0)
			b->failed = 1;
		else
			put(b, num, strlen(num));
	} else if (t == json_type_array) {
		put(b, "[", 1);
		for (size_t i = 0; i < json_object_array_length(o); i++) {
			if (i)
				put(b, ",", 1);
			canon_value(b, json_object_array_get_idx(o, i));
		}
		put(b, "]", 1);
	} else if (t == json_type_object) {
		canon_object(b, o);
	} else {
		const char *lit = t == json_type_null          ? "null"
				  : json_object_get_boolean(o) ? "true"
							       : "false";
		put(b, lit, strlen(lit));
	}
}

/* The canonical form of o: 0 with b filled, -1 (b freed) when memory ran out. */
static int canon(struct json_object *o, struct buf *b)
{
	*b = (struct buf){ 0 };
	canon_value(b, o);
	if (!b->failed && b->p)
		return 0;
	free(b->p);
	*b = (struct buf){ 0 };
	return -1;
}

/* The caller's locale is the officer's, where strtod may take "1,5" and not "1.5" and
 * printf write "1,5e+20": numbers are read and written in the "C" locale, for this
 * thread only. NULL when memory ran out. */
static locale_t c_numbers(locale_t *old)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c)
		*old = uselocale(c);
	return c;
}

static void restore_numbers(locale_t c, locale_t old)
{
	uselocale(old);
	freelocale(c);
}

struct json_object *jcs_parse(const char *json, size_t len, int max_depth, char *why,
			      size_t why_len)
{
	if (!json || max_depth < 1) {
		error_why(why, why_len, "no JSON text or no nesting depth");
		return NULL;
	}
	if (len > JCS_MAX_TEXT) {
		error_why(why, why_len, "JSON text of %zu bytes is over the %d read here", len,
			  JCS_MAX_TEXT);
		return NULL;
	}
	locale_t old, c = c_numbers(&old);
	if (!c) {
		error_why(why, why_len, "out of memory");
		return NULL;
	}
	struct json_object *root = tree_read(json, len, max_depth, why, why_len);
	restore_numbers(c, old);
	return root;
}

int jcs_canonicalize(struct json_object *value, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	locale_t old, c = c_numbers(&old);
	if (!c)
		return -1;
	struct buf b;
	int rc = canon(value, &b);
	restore_numbers(c, old);
	if (rc == 0) {
		*out = b.p;
		*out_len = b.len;
	}
	return rc;
}

int jcs_canonicalize_text(const char *json, size_t len, int max_depth, char **out, size_t *out_len)
{
	char why[8];
	*out = NULL;
	*out_len = 0;
	struct json_object *root = jcs_parse(json, len, max_depth, why, sizeof(why));
	int rc = root ? jcs_canonicalize(root, out, out_len) : -1;
	json_object_put(root);
	return rc;
}
