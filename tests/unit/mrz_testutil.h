/* Specimens, the test's own check-digit oracle and parsing helpers shared by the
 * test_mrz*.c and test_document.c files (scanners/mrz.c and scanners/document.c: the MRZ
 * parsed, validated and composed, ICAO Doc 9303 Parts 3-7).
 *
 * Every specimen below is the one printed in Doc 9303 (Part 4 TD3, Part 5 TD1, Part 6
 * TD2, Part 7 MRV-A and MRV-B, Part 11 Appendix D.2 for long document numbers), and
 * each of its check digits was recomputed by hand before it went in here; the test
 * test_reference_check_digits_reproduce_icao_specimens keeps the test's own 7-3-1
 * oracle honest against them. Variants are built from the specimens by changing a
 * field and recomputing the digits with that oracle, never with the code under test.
 *
 * All dates are resolved against a fixed now, 2026-11-22T00:00:00Z. Each test file is one
 * translation unit, so the helpers are static and marked TU_UNUSED. */
#ifndef SHEKARA_MRZ_TESTUTIL_H
#define SHEKARA_MRZ_TESTUTIL_H

#include "testutil.h"

#include <ctype.h>
#include <time.h>

#include "scanners/document.h"
#include "scanners/mrz.h"

/* --- specimens -------------------------------------------------------------------- */

/* 9303 Part 4 specimen: the TD3 passport of ANNA MARIA ERIKSSON. Expired 2012. */
#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
/* The same passport expiring 2031-04-15 (expiry digit 0, composite 6): every check
 * passes against the fixed now. */
#define TD3_FRESH_L2 "L898902C36UTO7408122F3104150ZE184226B<<<<<16"

/* 9303 Part 5 specimen: the TD1 card, and the same card expiring 2031-04-15. */
#define TD1_L1       "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_L2       "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_L3       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
#define TD1_FRESH_L2 "7408122F3104150UTO<<<<<<<<<<<2"

/* 9303 Part 6 specimen: the TD2 document, and the same expiring 2031-04-15. */
#define TD2_L1       "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define TD2_L2       "D231458907UTO7408122F1204159<<<<<<<6"
#define TD2_FRESH_L2 "D231458907UTO7408122F3104150<<<<<<<2"

/* 9303 Part 7 specimens (current edition): MRV-A and MRV-B. Number "L898902C" with a
 * filler, born 1969-08-06, expired 1994-06-23. */
#define MRVA_L1 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define MRVA_L2 "L898902C<3UTO6908061F9406236ZE184226B<<<<<<<"
#define MRVB_L1 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define MRVB_L2 "L898902C<3UTO6908061F9406236ZE184226"

/* 9303 Part 11 Appendix D.2: document number D23145890734 (12 characters) on a TD1 and
 * a TD2. Its check digit 9 is computed over the whole number. */
#define TD1X_L1 "I<UTOD23145890<7349<<<<<<<<<<<"
#define TD1X_L2 "3407127M9507122UTO<<<<<<<<<<<2"
#define TD1X_L3 "STEVENSON<<PETER<JOHN<<<<<<<<<"
#define TD2X_L1 "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<"
#define TD2X_L2 "D23145890<UTO3407127M95071227349<<<8"

/* Built by hand: number X12345678AB12, whose check digit is 3 over the whole number
 * but would be 9 if the filler at the truncation point were counted. */
#define TD1H_L1 "I<UTOX12345678<AB123<<<<<<<<<<"
#define TD1H_L2 "7408122F3104150UTO<<<<<<<<<<<8"
#define TD2H_L2 "X12345678<UTO7408122F3104150AB123<<8"

/* --- the fixed clock --------------------------------------------------------------- */

TU_UNUSED static time_t now_utc(void)
{
	struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 22 };
	return timegm(&tm); /* 1795305600 */
}

/* --- the test's own 7-3-1 oracle (9303 Part 3 section 4.9) ------------------------- */

TU_UNUSED static int ref_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	fail_msg("the oracle was given '%c' (0x%02x)", c, (unsigned char)c);
	return 0;
}

TU_UNUSED static char ref_cd(const char *s, size_t n)
{
	static const int weight[3] = { 7, 3, 1 };
	int sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ref_value(s[i]) * weight[i % 3];
	return (char)('0' + sum % 10);
}

/* An MRZ as lines, so tests can change one character and join it again. */
struct mrz {
	int n;
	char l[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
};

TU_UNUSED static struct mrz mrz_of(const char *l1, const char *l2, const char *l3)
{
	struct mrz m;
	memset(&m, 0, sizeof(m));
	const char *src[3] = { l1, l2, l3 };
	for (int i = 0; i < 3 && src[i]; i++) {
		assert_true(strlen(src[i]) <= MRZ_MAX_LINE);
		snprintf(m.l[i], sizeof(m.l[i]), "%s", src[i]);
		m.n = i + 1;
	}
	return m;
}

/* Overwrites part of a line; never lengthens it. */
TU_UNUSED static void put(char *line, int col, const char *s)
{
	if ((size_t)col + strlen(s) > strlen(line))
		fail_msg("'%s' does not fit at column %d of '%s'", s, col, line);
	memcpy(line + col, s, strlen(s));
}

TU_UNUSED static int all_fillers(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '<')
			return 0;
	return 1;
}

/* The number check digit at line[at], or, when line[at] is '<' (9303 Part 5 and Part 6,
 * note j to the MRZ data structure), the digit after the continuation in the optional
 * data starting at line[opt], computed over the whole number. */
TU_UNUSED static void ref_fix_number(char *line, int num, int at, int opt, int opt_len)
{
	if (line[at] != '<') {
		line[at] = ref_cd(line + num, 9);
		return;
	}
	int k = 0;
	while (k < opt_len && line[opt + k] != '<')
		k++;
	if (k < 2)
		return; /* no continuation and digit: nothing to compute */
	char whole[32];
	memcpy(whole, line + num, 9);
	memcpy(whole + 9, line + opt, (size_t)k - 1);
	line[opt + k - 1] = ref_cd(whole, 9 + (size_t)k - 1);
}

TU_UNUSED static char ref_composite(const char *a, size_t an, const char *b, size_t bn,
				    const char *c, size_t cn, const char *d, size_t dn)
{
	char buf[64];
	size_t n = 0;
	memcpy(buf + n, a, an), n += an;
	memcpy(buf + n, b, bn), n += bn;
	memcpy(buf + n, c, cn), n += cn;
	if (d)
		memcpy(buf + n, d, dn), n += dn;
	return ref_cd(buf, n);
}

/* Recomputes every check digit of m as 9303 places them for format f. */
TU_UNUSED static void ref_fix(struct mrz *m, enum doc_format f)
{
	char *a = m->l[0], *b = m->l[1];
	switch (f) {
	case DOC_TD1: /* Part 5, MRZ data structure */
		ref_fix_number(a, 5, 14, 15, 15);
		b[6] = ref_cd(b, 6);
		b[14] = ref_cd(b + 8, 6);
		b[29] = ref_composite(a + 5, 25, b, 7, b + 8, 7, b + 18, 11);
		break;
	case DOC_TD2: /* Part 6, MRZ data structure */
		ref_fix_number(b, 0, 9, 28, 7);
		b[19] = ref_cd(b + 13, 6);
		b[27] = ref_cd(b + 21, 6);
		b[35] = ref_composite(b, 10, b + 13, 7, b + 21, 14, NULL, 0);
		break;
	case DOC_TD3: /* Part 4, MRZ data structure */
		b[9] = ref_cd(b, 9);
		b[19] = ref_cd(b + 13, 6);
		b[27] = ref_cd(b + 21, 6);
		/* an empty personal number may keep '<' as its digit (Part 4 note) */
		if (!(all_fillers(b + 28, 14) && b[42] == '<'))
			b[42] = ref_cd(b + 28, 14);
		b[43] = ref_composite(b, 10, b + 13, 7, b + 21, 22, NULL, 0);
		break;
	case DOC_MRVA: /* Part 7: no composite check digit */
	case DOC_MRVB:
		b[9] = ref_cd(b, 9);
		b[19] = ref_cd(b + 13, 6);
		b[27] = ref_cd(b + 21, 6);
		break;
	default:
		fail_msg("no oracle for format %d", (int)f);
	}
}

/* A fresh TD3 (every check passing) with birth and expiry replaced. */
TU_UNUSED static struct mrz td3_dated(const char *birth, const char *expiry)
{
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	if (birth)
		put(m.l[1], 13, birth);
	if (expiry)
		put(m.l[1], 21, expiry);
	ref_fix(&m, DOC_TD3);
	return m;
}

/* --- parsing helpers ---------------------------------------------------------------- */

TU_UNUSED static const char *cid(enum check_id id)
{
	static const char *const names[CHECK_COUNT] = {
		"NUMBER_DIGIT",    "BIRTH_DIGIT", "EXPIRY_DIGIT", "OPTIONAL_DIGIT",
		"COMPOSITE_DIGIT", "BIRTH_DATE",  "EXPIRY_DATE",  "EXPIRED",
		"ISSUER",          "NATIONALITY", "SEX",          "NAME_TRUNCATED",
		"CHARACTERS",
	};
	return (unsigned)id < CHECK_COUNT ? names[id] : "?";
}

TU_UNUSED static const char *sname(enum check_status s)
{
	return s == CHECK_PASS ? "PASS" : s == CHECK_FAIL ? "FAIL" : s == CHECK_WARN ? "WARN" : "?";
}

TU_UNUSED static size_t bounded_len(const char *s, size_t max)
{
	const char *z = memchr(s, '\0', max);
	if (!z)
		fail_msg("a string field of struct document is not terminated");
	return (size_t)(z - s);
}

/* What must hold for any document mrz_parse accepted, whatever its input. */
TU_UNUSED static void expect_sane(const struct document *d)
{
	static const int width[] = {
		[DOC_TD1] = 30, [DOC_TD2] = 36, [DOC_TD3] = 44, [DOC_MRVA] = 44, [DOC_MRVB] = 36
	};
	if (d->format < DOC_TD1 || d->format > DOC_MRVB)
		fail_msg("format %d after a successful parse", (int)d->format);
	assert_int_equal(d->lines, d->format == DOC_TD1 ? 3 : 2);
	for (int i = 0; i < d->lines; i++)
		assert_int_equal(bounded_len(d->mrz[i], sizeof(d->mrz[i])), width[d->format]);
	bounded_len(d->doc_code, sizeof(d->doc_code));
	bounded_len(d->issuer, sizeof(d->issuer));
	bounded_len(d->number, sizeof(d->number));
	bounded_len(d->surname, sizeof(d->surname));
	bounded_len(d->given_names, sizeof(d->given_names));
	bounded_len(d->nationality, sizeof(d->nationality));
	bounded_len(d->optional1, sizeof(d->optional1));
	bounded_len(d->optional2, sizeof(d->optional2));

	assert_in_range(d->n_checks, 1, DOC_MAX_CHECKS);
	for (int i = 0; i < d->n_checks; i++) {
		const struct doc_check *c = &d->checks[i];
		if ((unsigned)c->id >= CHECK_COUNT)
			fail_msg("check %d has id %d", i, (int)c->id);
		assert_true(c->status == CHECK_PASS || c->status == CHECK_FAIL ||
			    c->status == CHECK_WARN);
		bounded_len(c->value, sizeof(c->value));
		for (int j = 0; j < i; j++)
			if (d->checks[j].id == c->id)
				fail_msg("check %s reported twice", cid(c->id));
		assert_ptr_equal(document_check(d, c->id), c);
	}
	assert_in_range(d->n_suggestions, 0, DOC_MAX_SUGGESTIONS);
	for (int i = 0; i < d->n_suggestions; i++) {
		const struct doc_suggestion *s = &d->suggestions[i];
		assert_in_range(s->line, 0, d->lines - 1);
		assert_in_range(s->col, 0, width[d->format] - 1);
		/* never applied: the MRZ still holds what was read */
		if (d->mrz[s->line][s->col] != s->from)
			fail_msg("suggestion %d: from '%c' but the MRZ has '%c' at %d:%d", i,
				 s->from, d->mrz[s->line][s->col], s->line, s->col);
		assert_true(s->from != s->to);
		const struct doc_check *c = document_check(d, s->check);
		if (!c || c->status != CHECK_FAIL)
			fail_msg("suggestion %d repairs %s, which did not fail", i, cid(s->check));
	}
}

TU_UNUSED static void join(const struct mrz *m, const char *sep, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < m->n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? sep : "", m->l[i]);
	}
}

/* Parses exactly len bytes from a heap copy, so ASan sees any read past the end. */
TU_UNUSED static int parse_bytes(const char *text, size_t len, struct document *d,
				 struct error *err)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, text, len);
	memset(d, 0x5a, sizeof(*d)); /* garbage in, so nothing relies on a zeroed struct */
	error_clear(err);
	int rc = mrz_parse(copy, len, now_utc(), d, err);
	free(copy);
	return rc;
}

TU_UNUSED static void parse_text_ok(const char *text, struct document *d)
{
	struct error err;
	int rc = parse_bytes(text, strlen(text), d, &err);
	if (rc != 0)
		fail_msg("mrz_parse refused an MRZ (%d): %s\n%s", rc, err.msg, text);
	expect_sane(d);
}

TU_UNUSED static void parse_ok(const struct mrz *m, struct document *d)
{
	char buf[160];
	join(m, "\n", buf, sizeof(buf));
	parse_text_ok(buf, d);
}

TU_UNUSED static void expect_refused(const char *what, const char *text, size_t len)
{
	struct document d;
	struct error err;
	int rc = parse_bytes(text, len, &d, &err);
	if (rc != -ERR_USAGE)
		fail_msg("%s: mrz_parse returned %d, expected -ERR_USAGE", what, rc);
	assert_int_equal(err.code, ERR_USAGE);
	if (!err.msg[0])
		fail_msg("%s: refused without a message", what);
}

TU_UNUSED static const struct doc_check *need_check(const struct document *d, enum check_id id)
{
	const struct doc_check *c = document_check(d, id);
	if (!c)
		fail_msg("check %s was not made", cid(id));
	return c;
}

TU_UNUSED static void expect_status(const struct document *d, enum check_id id,
				    enum check_status st)
{
	const struct doc_check *c = need_check(d, id);
	if (c->status != st)
		fail_msg("check %s is %s, expected %s (found 0x%02x, expected 0x%02x, value '%s')",
			 cid(id), sname(c->status), sname(st), (unsigned char)c->found,
			 (unsigned char)c->expected, c->value);
}

TU_UNUSED static void expect_digit(const struct document *d, enum check_id id, char found,
				   char expected)
{
	const struct doc_check *c = need_check(d, id);
	if (c->status != CHECK_FAIL || c->found != found || c->expected != expected)
		fail_msg("check %s: %s found '%c' expected '%c'; wanted FAIL found '%c' expected "
			 "'%c'",
			 cid(id), sname(c->status), c->found, c->expected, found, expected);
}

#define BIT(id) (1u << (id))

/* Checks named in fail must FAIL, in warn must WARN, every other check made must PASS. */
TU_UNUSED static void expect_outcome(const struct document *d, unsigned fail, unsigned warn)
{
	for (int id = 0; id < CHECK_COUNT; id++)
		if ((fail | warn) & BIT(id))
			need_check(d, (enum check_id)id);
	for (int i = 0; i < d->n_checks; i++) {
		const struct doc_check *c = &d->checks[i];
		enum check_status want = (fail & BIT(c->id))   ? CHECK_FAIL
					 : (warn & BIT(c->id)) ? CHECK_WARN
							       : CHECK_PASS;
		if (c->status != want)
			fail_msg("check %s is %s, expected %s (found '%c', expected '%c', value "
				 "'%s')",
				 cid(c->id), sname(c->status), sname(want), c->found, c->expected,
				 c->value);
	}
}

#define DIGIT_CHECKS                                                                               \
	(BIT(CHECK_NUMBER_DIGIT) | BIT(CHECK_BIRTH_DIGIT) | BIT(CHECK_EXPIRY_DIGIT) |              \
	 BIT(CHECK_OPTIONAL_DIGIT) | BIT(CHECK_COMPOSITE_DIGIT))

/* Every check digit that was made passed. */
TU_UNUSED static void expect_digits_pass(const struct document *d)
{
	for (int i = 0; i < d->n_checks; i++)
		if (DIGIT_CHECKS & BIT(d->checks[i].id))
			expect_status(d, d->checks[i].id, CHECK_PASS);
}

TU_UNUSED static void expect_date(struct doc_date got, int y, int m, int day)
{
	if (got.year != y || got.month != m || got.day != day)
		fail_msg("date %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month,
			 got.day, y, m, day);
}

TU_UNUSED static const struct doc_suggestion *find_suggestion(const struct document *d,
							      enum check_id check, int line,
							      int col, char from, char to)
{
	for (int i = 0; i < d->n_suggestions; i++) {
		const struct doc_suggestion *s = &d->suggestions[i];
		if (s->check == check && s->line == line && s->col == col && s->from == from &&
		    s->to == to)
			return s;
	}
	return NULL;
}

TU_UNUSED static void dump_suggestions(const struct document *d)
{
	for (int i = 0; i < d->n_suggestions; i++)
		print_message("  suggestion %s %d:%d '%c'->'%c'\n", cid(d->suggestions[i].check),
			      d->suggestions[i].line, d->suggestions[i].col, d->suggestions[i].from,
			      d->suggestions[i].to);
}

#endif
