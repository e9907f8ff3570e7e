/* scanners/mrz.c and scanners/document.c: the MRZ parsed, validated and composed
 * (ICAO Doc 9303 Parts 3-7).
 *
 * Every specimen below is the one printed in Doc 9303 (Part 4 TD3, Part 5 TD1, Part 6
 * TD2, Part 7 MRV-A and MRV-B, Part 11 Appendix D.2 for long document numbers), and
 * each of its check digits was recomputed by hand before it went in here; the test
 * test_reference_check_digits_reproduce_icao_specimens keeps the test's own 7-3-1
 * oracle honest against them. Variants are built from the specimens by changing a
 * field and recomputing the digits with that oracle, never with the code under test.
 *
 * All dates are resolved against a fixed now, 2026-11-22T00:00:00Z. */
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

static time_t now_utc(void)
{
	struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 22 };
	return timegm(&tm); /* 1795305600 */
}

/* --- the test's own 7-3-1 oracle (9303 Part 3 section 4.9) ------------------------- */

static int ref_value(char c)
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

static char ref_cd(const char *s, size_t n)
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

static struct mrz mrz_of(const char *l1, const char *l2, const char *l3)
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
static void put(char *line, int col, const char *s)
{
	if ((size_t)col + strlen(s) > strlen(line))
		fail_msg("'%s' does not fit at column %d of '%s'", s, col, line);
	memcpy(line + col, s, strlen(s));
}

static int all_fillers(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '<')
			return 0;
	return 1;
}

/* The number check digit at line[at], or, when line[at] is '<' (9303 Part 5 and Part 6,
 * note j to the MRZ data structure), the digit after the continuation in the optional
 * data starting at line[opt], computed over the whole number. */
static void ref_fix_number(char *line, int num, int at, int opt, int opt_len)
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

static char ref_composite(const char *a, size_t an, const char *b, size_t bn, const char *c,
			  size_t cn, const char *d, size_t dn)
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
static void ref_fix(struct mrz *m, enum doc_format f)
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
static struct mrz td3_dated(const char *birth, const char *expiry)
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

static const char *cid(enum check_id id)
{
	static const char *const names[CHECK_COUNT] = {
		"NUMBER_DIGIT",    "BIRTH_DIGIT", "EXPIRY_DIGIT", "OPTIONAL_DIGIT",
		"COMPOSITE_DIGIT", "BIRTH_DATE",  "EXPIRY_DATE",  "EXPIRED",
		"ISSUER",          "NATIONALITY", "SEX",          "NAME_TRUNCATED",
		"CHARACTERS",
	};
	return (unsigned)id < CHECK_COUNT ? names[id] : "?";
}

static const char *sname(enum check_status s)
{
	return s == CHECK_PASS ? "PASS" : s == CHECK_FAIL ? "FAIL" : s == CHECK_WARN ? "WARN" : "?";
}

static size_t bounded_len(const char *s, size_t max)
{
	const char *z = memchr(s, '\0', max);
	if (!z)
		fail_msg("a string field of struct document is not terminated");
	return (size_t)(z - s);
}

/* What must hold for any document mrz_parse accepted, whatever its input. */
static void expect_sane(const struct document *d)
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

static void join(const struct mrz *m, const char *sep, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < m->n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? sep : "", m->l[i]);
	}
}

/* Parses exactly len bytes from a heap copy, so ASan sees any read past the end. */
static int parse_bytes(const char *text, size_t len, struct document *d, struct error *err)
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

static void parse_text_ok(const char *text, struct document *d)
{
	struct error err;
	int rc = parse_bytes(text, strlen(text), d, &err);
	if (rc != 0)
		fail_msg("mrz_parse refused an MRZ (%d): %s\n%s", rc, err.msg, text);
	expect_sane(d);
}

static void parse_ok(const struct mrz *m, struct document *d)
{
	char buf[160];
	join(m, "\n", buf, sizeof(buf));
	parse_text_ok(buf, d);
}

static void expect_refused(const char *what, const char *text, size_t len)
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

static const struct doc_check *need_check(const struct document *d, enum check_id id)
{
	const struct doc_check *c = document_check(d, id);
	if (!c)
		fail_msg("check %s was not made", cid(id));
	return c;
}

static void expect_status(const struct document *d, enum check_id id, enum check_status st)
{
	const struct doc_check *c = need_check(d, id);
	if (c->status != st)
		fail_msg("check %s is %s, expected %s (found 0x%02x, expected 0x%02x, value '%s')",
			 cid(id), sname(c->status), sname(st), (unsigned char)c->found,
			 (unsigned char)c->expected, c->value);
}

static void expect_digit(const struct document *d, enum check_id id, char found, char expected)
{
	const struct doc_check *c = need_check(d, id);
	if (c->status != CHECK_FAIL || c->found != found || c->expected != expected)
		fail_msg("check %s: %s found '%c' expected '%c'; wanted FAIL found '%c' expected "
			 "'%c'",
			 cid(id), sname(c->status), c->found, c->expected, found, expected);
}

#define BIT(id) (1u << (id))

/* Checks named in fail must FAIL, in warn must WARN, every other check made must PASS. */
static void expect_outcome(const struct document *d, unsigned fail, unsigned warn)
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
static void expect_digits_pass(const struct document *d)
{
	for (int i = 0; i < d->n_checks; i++)
		if (DIGIT_CHECKS & BIT(d->checks[i].id))
			expect_status(d, d->checks[i].id, CHECK_PASS);
}

static void expect_date(struct doc_date got, int y, int m, int day)
{
	if (got.year != y || got.month != m || got.day != day)
		fail_msg("date %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month,
			 got.day, y, m, day);
}

static const struct doc_suggestion *find_suggestion(const struct document *d, enum check_id check,
						    int line, int col, char from, char to)
{
	for (int i = 0; i < d->n_suggestions; i++) {
		const struct doc_suggestion *s = &d->suggestions[i];
		if (s->check == check && s->line == line && s->col == col && s->from == from &&
		    s->to == to)
			return s;
	}
	return NULL;
}

static void dump_suggestions(const struct document *d)
{
	for (int i = 0; i < d->n_suggestions; i++)
		print_message("  suggestion %s %d:%d '%c'->'%c'\n", cid(d->suggestions[i].check),
			      d->suggestions[i].line, d->suggestions[i].col, d->suggestions[i].from,
			      d->suggestions[i].to);
}

/* --- the oracle itself --------------------------------------------------------------- */

static void test_reference_check_digits_reproduce_icao_specimens(void **state)
{
	(void)state;
	static const struct {
		enum doc_format f;
		const char *l1, *l2, *l3;
	} specimens[] = {
		{ DOC_TD3, TD3_L1, TD3_L2, NULL },      { DOC_TD3, TD3_L1, TD3_FRESH_L2, NULL },
		{ DOC_TD1, TD1_L1, TD1_L2, TD1_L3 },    { DOC_TD1, TD1_L1, TD1_FRESH_L2, TD1_L3 },
		{ DOC_TD2, TD2_L1, TD2_L2, NULL },      { DOC_TD2, TD2_L1, TD2_FRESH_L2, NULL },
		{ DOC_MRVA, MRVA_L1, MRVA_L2, NULL },   { DOC_MRVB, MRVB_L1, MRVB_L2, NULL },
		{ DOC_TD1, TD1X_L1, TD1X_L2, TD1X_L3 }, { DOC_TD2, TD2X_L1, TD2X_L2, NULL },
		{ DOC_TD1, TD1H_L1, TD1H_L2, TD1_L3 },  { DOC_TD2, TD2_L1, TD2H_L2, NULL },
	};
	for (size_t i = 0; i < sizeof(specimens) / sizeof(specimens[0]); i++) {
		struct mrz m = mrz_of(specimens[i].l1, specimens[i].l2, specimens[i].l3);
		struct mrz fixed = m;
		ref_fix(&fixed, specimens[i].f);
		for (int j = 0; j < m.n; j++)
			assert_string_equal(fixed.l[j], m.l[j]);
	}
}

/* --- mrz_check_digit ------------------------------------------------------------------ */

static void test_check_digit_matches_icao_specimens(void **state)
{
	(void)state;
	/* 9303 Part 3 section 4.9 worked examples and the Part 4/5 specimens */
	assert_int_equal(mrz_check_digit("520727", 6), '3');
	assert_int_equal(mrz_check_digit("AB2134<<<", 9), '5');
	assert_int_equal(mrz_check_digit("HA672242<", 9), '6');
	assert_int_equal(mrz_check_digit("L898902C3", 9), '6');
	assert_int_equal(mrz_check_digit("740812", 6), '2');
	assert_int_equal(mrz_check_digit("120415", 6), '9');
	assert_int_equal(mrz_check_digit("D23145890", 9), '7');
	assert_int_equal(mrz_check_digit("ZE184226B<<<<<", 14), '1');
	assert_int_equal(mrz_check_digit("D23145890734", 12), '9');
	assert_int_equal(mrz_check_digit("L898902C<", 9), '3');
	/* number + digit, birth + digit, expiry + digit, personal number + digit */
	const char *composite = "L898902C3674081221204159ZE184226B<<<<<1";
	assert_int_equal(mrz_check_digit(composite, strlen(composite)), '0');
}

static void test_check_digit_counts_filler_as_zero(void **state)
{
	(void)state;
	assert_int_equal(mrz_check_digit("<<<<<<<<<<<<<<", 14), '0');
	assert_int_equal(mrz_check_digit("", 0), '0');
	/* '<' weighs like '0' wherever it stands */
	assert_int_equal(mrz_check_digit("7<0812", 6), mrz_check_digit("700812", 6));
	assert_int_equal(mrz_check_digit("ZE184226B<<<<<", 14), mrz_check_digit("ZE184226B", 9));
}

static void test_check_digit_refuses_characters_outside_the_mrz_set(void **state)
{
	(void)state;
	assert_int_equal(mrz_check_digit("l898902C3", 9), -1); /* lower case */
	assert_int_equal(mrz_check_digit("74-812", 6), -1);
	assert_int_equal(mrz_check_digit("74 812", 6), -1);
	static const char nul[6] = { '7', '4', '\0', '8', '1', '2' };
	static const char utf8[6] = { '7', '4', '\xc3', '\x96', '1', '2' };
	assert_int_equal(mrz_check_digit(nul, sizeof(nul)), -1);
	assert_int_equal(mrz_check_digit(utf8, sizeof(utf8)), -1);
	assert_int_equal(mrz_check_digit("\xff", 1), -1);
}

static void test_check_digit_reads_only_n_characters(void **state)
{
	(void)state;
	assert_int_equal(mrz_check_digit("7408122F1204159", 6), '2');
	assert_int_equal(mrz_check_digit("740812-garbage", 6), '2');
	char exact[6];
	memcpy(exact, "740812", 6); /* not terminated */
	assert_int_equal(mrz_check_digit(exact, sizeof(exact)), '2');
}

/* --- formats -------------------------------------------------------------------------- */

static void test_format_names(void **state)
{
	(void)state;
	assert_string_equal(document_format_name(DOC_TD1), "TD1");
	assert_string_equal(document_format_name(DOC_TD2), "TD2");
	assert_string_equal(document_format_name(DOC_TD3), "TD3");
	assert_string_equal(document_format_name(DOC_MRVA), "MRV-A");
	assert_string_equal(document_format_name(DOC_MRVB), "MRV-B");
	assert_non_null(document_format_name(DOC_UNKNOWN));
}

static void test_td3_passport_specimen_is_recognised_and_parsed(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD3_L1 "\n" TD3_L2, &d);
	assert_int_equal(d.format, DOC_TD3);
	assert_int_equal(d.lines, 2);
	assert_string_equal(d.mrz[0], TD3_L1);
	assert_string_equal(d.mrz[1], TD3_L2);
	assert_string_equal(d.doc_code, "P"); /* "P<" with its filler removed */
	assert_string_equal(d.issuer, "UTO");
	assert_string_equal(d.number, "L898902C3");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.nationality, "UTO");
	expect_date(d.birth, 1974, 8, 12);
	assert_int_equal(d.sex, 'F');
	expect_date(d.expiry, 2012, 4, 15);
	assert_string_equal(d.optional1, "ZE184226B");
	assert_int_equal(d.name_truncated, 0);
	/* the specimen expired on 2012-04-15; that is its only failure */
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	need_check(&d, CHECK_OPTIONAL_DIGIT);
	need_check(&d, CHECK_COMPOSITE_DIGIT);
	assert_int_equal(d.n_suggestions, 0);
}

static void test_td1_card_specimen_is_recognised_and_parsed(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD1_L1 "\n" TD1_L2 "\n" TD1_L3, &d);
	assert_int_equal(d.format, DOC_TD1);
	assert_int_equal(d.lines, 3);
	assert_string_equal(d.mrz[2], TD1_L3);
	assert_string_equal(d.doc_code, "I"); /* "I<" */
	assert_string_equal(d.issuer, "UTO");
	assert_string_equal(d.number, "D23145890");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.nationality, "UTO");
	expect_date(d.birth, 1974, 8, 12);
	assert_int_equal(d.sex, 'F');
	expect_date(d.expiry, 2012, 4, 15);
	assert_string_equal(d.optional1, "");
	assert_string_equal(d.optional2, "");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	need_check(&d, CHECK_COMPOSITE_DIGIT);
	/* TD1 has no personal number check digit (9303 Part 5, MRZ data structure) */
	assert_null(document_check(&d, CHECK_OPTIONAL_DIGIT));
}

static void test_td2_specimen_is_recognised_and_parsed(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD2_L1 "\n" TD2_L2, &d);
	assert_int_equal(d.format, DOC_TD2);
	assert_int_equal(d.lines, 2);
	assert_string_equal(d.doc_code, "I");
	assert_string_equal(d.issuer, "UTO");
	assert_string_equal(d.number, "D23145890");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.nationality, "UTO");
	expect_date(d.birth, 1974, 8, 12);
	assert_int_equal(d.sex, 'F');
	expect_date(d.expiry, 2012, 4, 15);
	assert_string_equal(d.optional1, "");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	need_check(&d, CHECK_COMPOSITE_DIGIT);
	assert_null(document_check(&d, CHECK_OPTIONAL_DIGIT));
}

static void test_td2_document_codes_a_and_c_are_td2(void **state)
{
	(void)state;
	/* 9303 Part 6, MRZ data structure: a TD2 code starts with A, C or I */
	static const char *const codes[] = { "A<", "C<", "AC", "ID" };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct mrz m = mrz_of(TD2_L1, TD2_FRESH_L2, NULL);
		put(m.l[0], 0, codes[i]);
		struct document d;
		parse_ok(&m, &d);
		assert_int_equal(d.format, DOC_TD2);
		char want[3] = { codes[i][0], codes[i][1] == '<' ? '\0' : codes[i][1], '\0' };
		assert_string_equal(d.doc_code, want);
		expect_outcome(&d, 0, 0);
	}
}

static void test_mrv_a_specimen_is_recognised_and_parsed(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(MRVA_L1 "\n" MRVA_L2, &d);
	assert_int_equal(d.format, DOC_MRVA);
	assert_string_equal(d.doc_code, "V");
	assert_string_equal(d.issuer, "UTO");
	assert_string_equal(d.number, "L898902C"); /* the filler is padding */
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.nationality, "UTO");
	expect_date(d.birth, 1969, 8, 6);
	assert_int_equal(d.sex, 'F');
	expect_date(d.expiry, 1994, 6, 23);
	assert_string_equal(d.optional1, "ZE184226B");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	/* 9303 Part 7: visas carry no composite and no personal number check digit */
	assert_null(document_check(&d, CHECK_COMPOSITE_DIGIT));
	assert_null(document_check(&d, CHECK_OPTIONAL_DIGIT));
}

static void test_mrv_b_specimen_is_recognised_and_parsed(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(MRVB_L1 "\n" MRVB_L2, &d);
	assert_int_equal(d.format, DOC_MRVB);
	assert_string_equal(d.doc_code, "V");
	assert_string_equal(d.number, "L898902C");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	expect_date(d.birth, 1969, 8, 6);
	expect_date(d.expiry, 1994, 6, 23);
	assert_string_equal(d.optional1, "ZE184226");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	assert_null(document_check(&d, CHECK_COMPOSITE_DIGIT));
	assert_null(document_check(&d, CHECK_OPTIONAL_DIGIT));
}

static void test_fresh_specimens_are_valid(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD3_L1 "\n" TD3_FRESH_L2, &d);
	expect_outcome(&d, 0, 0);
	assert_true(document_valid(&d));
	parse_text_ok(TD1_L1 "\n" TD1_FRESH_L2 "\n" TD1_L3, &d);
	expect_outcome(&d, 0, 0);
	assert_true(document_valid(&d));
	parse_text_ok(TD2_L1 "\n" TD2_FRESH_L2, &d);
	expect_outcome(&d, 0, 0);
	assert_true(document_valid(&d));
	/* and an expired one is not */
	parse_text_ok(TD3_L1 "\n" TD3_L2, &d);
	assert_false(document_valid(&d));
}

/* --- what is not an MRZ ---------------------------------------------------------------- */

static void test_unparseable_input_is_refused_with_a_message(void **state)
{
	(void)state;
	char l43[44], l45[46];
	memset(l43, '<', 43), l43[43] = '\0';
	memset(l45, '<', 45), l45[45] = '\0';
	char two43[100], two45[100];
	snprintf(two43, sizeof(two43), "%s\n%s", l43, l43);
	snprintf(two45, sizeof(two45), "%s\n%s", l45, l45);
	static const struct {
		const char *what, *text;
	} cases[] = {
		{ "empty", "" },
		{ "only a newline", "\n" },
		{ "only spaces", "   \n  \r\n" },
		{ "one TD3 line", TD3_L1 },
		{ "one TD3 line twice the length", TD3_L1 TD3_L2 },
		{ "two TD1 lines", TD1_L1 "\n" TD1_L2 },
		{ "four TD1 lines", TD1_L1 "\n" TD1_L2 "\n" TD1_L3 "\n" TD1_L3 },
		{ "three TD3 lines", TD3_L1 "\n" TD3_L2 "\n" TD3_L2 },
		{ "three TD2 lines", TD2_L1 "\n" TD2_L2 "\n" TD2_L2 },
		{ "44 then 36", TD3_L1 "\n" TD2_L2 },
		{ "36 then 44", TD2_L1 "\n" TD3_L2 },
		{ "30, 30, 36", TD1_L1 "\n" TD1_L2 "\n" TD2_L2 },
		{ "prose", "This is not a passport.\nNeither is this line." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_refused(cases[i].what, cases[i].text, strlen(cases[i].text));
	expect_refused("two lines of 43", two43, strlen(two43));
	expect_refused("two lines of 45", two45, strlen(two45));
	expect_refused("a real MRZ with length 0", TD3_L1 "\n" TD3_L2, 0);
}

static void test_random_bytes_are_refused(void **state)
{
	(void)state;
	uint32_t x = 2463534242u;
	char buf[512];
	for (int round = 0; round < 200; round++) {
		size_t len = 1 + round * 7 % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			buf[i] = (char)(x & 0xff);
		}
		expect_refused("random bytes", buf, len);
	}
}

static void test_very_long_input_is_refused(void **state)
{
	(void)state;
	size_t len = 1 << 20;
	char *big = malloc(len);
	assert_non_null(big);
	memset(big, 'A', len);
	expect_refused("one line of 1 MiB", big, len);
	/* the same MRZ over and over: many well-shaped lines are still not one document */
	size_t unit = strlen(TD3_L1 "\n" TD3_L2 "\n");
	for (size_t at = 0; at + unit <= len; at += unit)
		memcpy(big + at, TD3_L1 "\n" TD3_L2 "\n", unit);
	expect_refused("a TD3 repeated for 1 MiB", big, len);
	free(big);
}

/* --- what is an MRZ however it arrives -------------------------------------------------- */

static void test_line_endings_and_surrounding_spaces_are_accepted(void **state)
{
	(void)state;
	static const struct {
		const char *what, *text;
		enum doc_format f;
	} cases[] = {
		{ "LF", TD3_L1 "\n" TD3_FRESH_L2, DOC_TD3 },
		{ "CRLF", TD3_L1 "\r\n" TD3_FRESH_L2, DOC_TD3 },
		{ "CR", TD3_L1 "\r" TD3_FRESH_L2, DOC_TD3 },
		{ "trailing LF", TD3_L1 "\n" TD3_FRESH_L2 "\n", DOC_TD3 },
		{ "trailing CRLF", TD3_L1 "\r\n" TD3_FRESH_L2 "\r\n", DOC_TD3 },
		{ "trailing spaces", TD3_L1 "   \n" TD3_FRESH_L2 "  ", DOC_TD3 },
		{ "leading spaces", "  " TD3_L1 "\n " TD3_FRESH_L2, DOC_TD3 },
		{ "TD1 CRLF", TD1_L1 "\r\n" TD1_FRESH_L2 "\r\n" TD1_L3 "\r\n", DOC_TD1 },
		{ "TD1 CR", TD1_L1 "\r" TD1_FRESH_L2 "\r" TD1_L3 "\r", DOC_TD1 },
		{ "TD2 spaces", TD2_L1 " \r\n" TD2_FRESH_L2 " \n", DOC_TD2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct document d;
		struct error err;
		int rc = parse_bytes(cases[i].text, strlen(cases[i].text), &d, &err);
		if (rc != 0)
			fail_msg("%s: refused (%d): %s", cases[i].what, rc, err.msg);
		expect_sane(&d);
		assert_int_equal(d.format, cases[i].f);
		/* the stored lines are clean: no CR, no spaces */
		for (int l = 0; l < d.lines; l++) {
			TU_NOT_CONTAINS(d.mrz[l], "\r");
			TU_NOT_CONTAINS(d.mrz[l], " ");
		}
		expect_outcome(&d, 0, 0);
	}
}

static void test_parse_reads_no_byte_past_len(void **state)
{
	(void)state;
	/* parse_bytes hands over an unterminated heap copy; ASan catches an overread */
	struct document d;
	struct error err;
	const char *text = TD1_L1 "\n" TD1_FRESH_L2 "\n" TD1_L3 "GARBAGE AFTER THE END";
	assert_int_equal(parse_bytes(text, strlen(TD1_L1 "\n" TD1_FRESH_L2 "\n" TD1_L3), &d, &err),
			 0);
	expect_sane(&d);
	assert_string_equal(d.mrz[2], TD1_L3);
	expect_outcome(&d, 0, 0);
}

static void test_parse_survives_every_single_byte_corruption(void **state)
{
	(void)state;
	static const char bytes[] = { '\0', '\n', '\r', ' ',    '\t',  'a',
				      '<',  'K',  '0',  '\x80', '\xff' };
	const char *texts[] = { TD3_L1 "\n" TD3_FRESH_L2, TD1_L1 "\n" TD1_FRESH_L2 "\n" TD1_L3,
				MRVB_L1 "\r\n" MRVB_L2 };
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		size_t len = strlen(texts[t]);
		char buf[128];
		for (size_t at = 0; at < len; at++) {
			for (size_t b = 0; b < sizeof(bytes); b++) {
				memcpy(buf, texts[t], len);
				buf[at] = bytes[b];
				struct document d;
				struct error err;
				int rc = parse_bytes(buf, len, &d, &err);
				if (rc == 0)
					expect_sane(&d);
				else if (rc != -ERR_USAGE || !err.msg[0])
					fail_msg("byte 0x%02x at %zu: returned %d '%s'",
						 (unsigned char)bytes[b], at, rc, err.msg);
			}
		}
	}
}

static void test_parse_survives_every_truncation(void **state)
{
	(void)state;
	const char *texts[] = { TD3_L1 "\r\n" TD3_FRESH_L2 "\r\n",
				TD1_L1 "\n" TD1_FRESH_L2 "\n" TD1_L3 "\n" };
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		size_t len = strlen(texts[t]);
		for (size_t n = 0; n <= len; n++) {
			struct document d;
			struct error err;
			int rc = parse_bytes(texts[t], n, &d, &err);
			if (rc == 0)
				expect_sane(&d);
			else
				assert_int_equal(rc, -ERR_USAGE);
		}
	}
}

/* --- fields ----------------------------------------------------------------------------- */

static void test_names_split_on_double_filler_and_fillers_become_spaces(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.4, Part 4 section 4.2.3: "<<" separates primary from secondary
	 * identifiers, a single '<' separates their components, trailing fillers are padding */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "VAN<DER<BERG<<JAN<PIETER<MARIA<<<<<<<<<");
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.surname, "VAN DER BERG");
	assert_string_equal(d.given_names, "JAN PIETER MARIA");
	assert_int_equal(d.name_truncated, 0);
}

static void test_name_with_only_a_primary_identifier(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "ERIKSSON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "");

	m = mrz_of(TD1_L1, TD1_FRESH_L2, "ERIKSSON<<<<<<<<<<<<<<<<<<<<<<");
	parse_ok(&m, &d);
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "");
}

static void test_td1_optional_data_on_both_lines(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 15, "ABC123");
	put(m.l[1], 18, "XYZ9");
	ref_fix(&m, DOC_TD1);
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.number, "D23145890");
	assert_string_equal(d.optional1, "ABC123");
	assert_string_equal(d.optional2, "XYZ9");
	expect_outcome(&d, 0, 0);
}

static void test_two_letter_document_code_is_kept(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 0, "PO");
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.format, DOC_TD3);
	assert_string_equal(d.doc_code, "PO");
	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 0, "ID");
	parse_ok(&m, &d);
	assert_int_equal(d.format, DOC_TD1);
	assert_string_equal(d.doc_code, "ID");
}

/* --- check digits, one at a time ----------------------------------------------------------- */

static void test_each_altered_check_digit_fails_alone_with_found_and_expected(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		enum doc_format f;
		int line, col;
		char to;
		enum check_id id;
		char expected;
		int in_composite;
	} cases[] = {
		{ "TD3 number", DOC_TD3, 1, 9, '3', CHECK_NUMBER_DIGIT, '6', 1 },
		{ "TD3 birth", DOC_TD3, 1, 19, '7', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD3 expiry", DOC_TD3, 1, 27, '5', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD3 personal number", DOC_TD3, 1, 42, '4', CHECK_OPTIONAL_DIGIT, '1', 1 },
		{ "TD3 composite", DOC_TD3, 1, 43, '9', CHECK_COMPOSITE_DIGIT, '6', 0 },
		{ "TD1 number", DOC_TD1, 0, 14, '3', CHECK_NUMBER_DIGIT, '7', 1 },
		{ "TD1 birth", DOC_TD1, 1, 6, '8', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD1 expiry", DOC_TD1, 1, 14, '1', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD1 composite", DOC_TD1, 1, 29, '5', CHECK_COMPOSITE_DIGIT, '2', 0 },
		{ "TD2 number", DOC_TD2, 1, 9, '0', CHECK_NUMBER_DIGIT, '7', 1 },
		{ "TD2 birth", DOC_TD2, 1, 19, '9', CHECK_BIRTH_DIGIT, '2', 1 },
		{ "TD2 expiry", DOC_TD2, 1, 27, '7', CHECK_EXPIRY_DIGIT, '0', 1 },
		{ "TD2 composite", DOC_TD2, 1, 35, '3', CHECK_COMPOSITE_DIGIT, '2', 0 },
		{ "MRV-B number", DOC_MRVB, 1, 9, '4', CHECK_NUMBER_DIGIT, '3', 0 },
		{ "MRV-A birth", DOC_MRVA, 1, 19, '0', CHECK_BIRTH_DIGIT, '1', 0 },
		{ "MRV-A expiry", DOC_MRVA, 1, 27, '2', CHECK_EXPIRY_DIGIT, '6', 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m;
		switch (cases[i].f) {
		case DOC_TD3:
			m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
			break;
		case DOC_TD1:
			m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
			break;
		case DOC_TD2:
			m = mrz_of(TD2_L1, TD2_FRESH_L2, NULL);
			break;
		case DOC_MRVA:
			m = mrz_of(MRVA_L1, MRVA_L2, NULL);
			break;
		default:
			m = mrz_of(MRVB_L1, MRVB_L2, NULL);
			break;
		}
		assert_int_equal(m.l[cases[i].line][cases[i].col], cases[i].expected);
		m.l[cases[i].line][cases[i].col] = cases[i].to;
		struct document d;
		parse_ok(&m, &d);
		print_message("  %s\n", cases[i].what);
		expect_digit(&d, cases[i].id, cases[i].to, cases[i].expected);
		unsigned fail = BIT(cases[i].id);
		if (cases[i].in_composite)
			fail |= BIT(CHECK_COMPOSITE_DIGIT);
		if (cases[i].f == DOC_MRVA || cases[i].f == DOC_MRVB)
			fail |= BIT(CHECK_EXPIRED); /* the visa specimen expired in 1994 */
		expect_outcome(&d, fail, 0);
		assert_false(document_valid(&d));
	}
}

static void test_td3_empty_personal_number_accepts_filler_or_zero_check_digit(void **state)
{
	(void)state;
	/* 9303 Part 4, MRZ data structure note: when the personal number field is all fillers
	 * its check digit may be '<' or '0' */
	for (int i = 0; i < 2; i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[1], 28, "<<<<<<<<<<<<<<");
		m.l[1][42] = i ? '0' : '<';
		ref_fix(&m, DOC_TD3);
		assert_int_equal(m.l[1][42], i ? '0' : '<');
		struct document d;
		parse_ok(&m, &d);
		assert_string_equal(d.optional1, "");
		expect_outcome(&d, 0, 0);
	}
}

static void test_td3_filler_personal_number_digit_fails_when_number_present(void **state)
{
	(void)state;
	/* the '<' allowance is for an empty field only */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][42] = '<';
	m.l[1][43] = ref_composite(m.l[1], 10, m.l[1] + 13, 7, m.l[1] + 21, 22, NULL, 0);
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_OPTIONAL_DIGIT, '<', '1');
	expect_outcome(&d, BIT(CHECK_OPTIONAL_DIGIT), 0);
}

/* --- long document numbers (9303 Part 5 and Part 6, note j) ------------------------------ */

static void test_td1_long_document_number_icao_specimen(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD1X_L1 "\n" TD1X_L2 "\n" TD1X_L3, &d);
	assert_int_equal(d.format, DOC_TD1);
	assert_string_equal(d.number, "D23145890734");
	assert_string_equal(d.surname, "STEVENSON");
	assert_string_equal(d.given_names, "PETER JOHN");
	expect_date(d.birth, 1934, 7, 12);
	assert_int_equal(d.sex, 'M');
	expect_date(d.expiry, 1995, 7, 12);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_td2_long_document_number_icao_specimen(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD2X_L1 "\n" TD2X_L2, &d);
	assert_int_equal(d.format, DOC_TD2);
	assert_string_equal(d.number, "D23145890734");
	assert_string_equal(d.surname, "STEVENSON");
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_td1_long_document_number_uses_optional_data(void **state)
{
	(void)state;
	/* the check digit covers the whole number, not the filler that marks the cut:
	 * X12345678AB12 gives 3, X12345678<AB12 would give 9 */
	struct document d;
	parse_text_ok(TD1H_L1 "\n" TD1H_L2 "\n" TD1_L3, &d);
	assert_string_equal(d.number, "X12345678AB12");
	expect_outcome(&d, 0, 0);
}

static void test_td2_long_document_number_uses_optional_data(void **state)
{
	(void)state;
	struct document d;
	parse_text_ok(TD2_L1 "\n" TD2H_L2, &d);
	assert_string_equal(d.number, "X12345678AB12");
	expect_outcome(&d, 0, 0);
}

static void test_td1_ten_character_document_number(void **state)
{
	(void)state;
	/* the shortest continuation: one character, then the check digit */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 0, "IDUTO123456789<0?"); /* ? becomes the digit */
	ref_fix(&m, DOC_TD1);
	assert_int_equal(m.l[0][16], '7');
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.number, "1234567890");
	expect_outcome(&d, 0, 0);
}

static void test_td1_filler_number_digit_without_continuation_fails(void **state)
{
	(void)state;
	/* '<' in the check digit position announces a continuation (Part 5 note j); with
	 * none, the number has no check digit at all */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][14] = '<';
	ref_fix(&m, DOC_TD1); /* leaves the '<' alone: k == 0 */
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_NUMBER_DIGIT, CHECK_FAIL);
	assert_false(document_valid(&d));
}

static void test_long_document_number_with_a_wrong_check_digit_fails(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD1H_L1, TD1H_L2, TD1_L3);
	assert_int_equal(m.l[0][19], '3');
	m.l[0][19] = '5';
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '5', '3');
	/* the continuation lies inside the TD1 composite too */
	expect_outcome(&d, BIT(CHECK_NUMBER_DIGIT) | BIT(CHECK_COMPOSITE_DIGIT), 0);

	m = mrz_of(TD2_L1, TD2H_L2, NULL);
	assert_int_equal(m.l[1][32], '3');
	m.l[1][32] = '8';
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '8', '3');
	expect_outcome(&d, BIT(CHECK_NUMBER_DIGIT) | BIT(CHECK_COMPOSITE_DIGIT), 0);

	m = mrz_of(TD1X_L1, TD1X_L2, TD1X_L3);
	m.l[0][18] = '1';
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_NUMBER_DIGIT, '1', '9');
}

/* --- codes, sex, names ------------------------------------------------------------------ */

static void test_germany_d_with_fillers_is_code_d(void **state)
{
	(void)state;
	/* 9303 Part 3 section 5: Germany is the one-letter code D, padded "D<<" */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 2, "D<<");
	put(m.l[1], 10, "D<<");
	ref_fix(&m, DOC_TD3);
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.issuer, "D");
	assert_string_equal(d.nationality, "D");
	expect_outcome(&d, 0, 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 2, "D<<");
	put(m.l[1], 15, "D<<");
	ref_fix(&m, DOC_TD1);
	parse_ok(&m, &d);
	assert_string_equal(d.issuer, "D");
	assert_string_equal(d.nationality, "D");
	expect_outcome(&d, 0, 0);
}

static void test_sex_x_and_filler_give_x_and_other_letters_fail(void **state)
{
	(void)state;
	/* 9303 Part 4, MRZ data structure: F, M, or < for unspecified; X since the 8th edition.
	 * The sex is outside the composite, so nothing else changes. */
	static const struct {
		char printed, sex;
		enum check_status st;
	} cases[] = { { 'F', 'F', CHECK_PASS },
		      { 'M', 'M', CHECK_PASS },
		      { 'X', 'X', CHECK_PASS },
		      { '<', 'X', CHECK_PASS } };
	struct document d;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][20] = cases[i].printed;
		parse_ok(&m, &d);
		assert_int_equal(d.sex, cases[i].sex);
		expect_outcome(&d, 0, 0);
		m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
		m.l[1][7] = cases[i].printed;
		parse_ok(&m, &d);
		assert_int_equal(d.sex, cases[i].sex);
		expect_outcome(&d, 0, 0);
	}
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][20] = 'Q';
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_SEX), 0);
	assert_false(document_valid(&d));
	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[1][7] = '7';
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_SEX), 0);
}

static void test_td3_full_name_field_warns_truncated(void **state)
{
	(void)state;
	/* 9303 Part 4 section 4.2.3: a name that fills all 39 positions may have been cut */
	const char *full = "ERIKSSON<<ANNA<MARIA<ELISABETH<CHRISTIN";
	assert_int_equal(strlen(full), 39);
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, full);
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.name_truncated, 1);
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA ELISABETH CHRISTIN");
	expect_outcome(&d, 0, BIT(CHECK_NAME_TRUNCATED));
	assert_true(document_valid(&d)); /* a warning, not a failure */
}

static void test_td3_name_ending_in_a_filler_is_not_truncated(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "ERIKSSON<<ANNA<MARIA<ELISABETH<CHRISTI<");
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.name_truncated, 0);
	assert_string_equal(d.given_names, "ANNA MARIA ELISABETH CHRISTI");
	expect_outcome(&d, 0, 0);
	expect_status(&d, CHECK_NAME_TRUNCATED, CHECK_PASS);
}

/* --- dates --------------------------------------------------------------------------- */

static void test_birth_two_digit_year_resolves_to_the_past(void **state)
{
	(void)state;
	/* a birth date is never in the future: the latest century that is not after now */
	static const struct {
		const char *yymmdd;
		int y, m, d;
	} cases[] = {
		{ "991231", 1999, 12, 31 }, { "250101", 2025, 1, 1 },  { "300101", 1930, 1, 1 },
		{ "740812", 1974, 8, 12 },  { "000101", 2000, 1, 1 },  { "261122", 2026, 11, 22 },
		{ "261123", 1926, 11, 23 }, { "261201", 1926, 12, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].yymmdd, NULL);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s\n", cases[i].yymmdd);
		expect_date(d.birth, cases[i].y, cases[i].m, cases[i].d);
		expect_outcome(&d, 0, 0);
	}
}

static void test_expiry_two_digit_year_resolves_within_fifty_years(void **state)
{
	(void)state;
	/* the century that puts the expiry within [now - 50 years, now + 50 years] */
	static const struct {
		const char *yymmdd;
		int y, m, d;
		int expired;
	} cases[] = {
		{ "491231", 2049, 12, 31, 0 }, { "310415", 2031, 4, 15, 0 },
		{ "300101", 2030, 1, 1, 0 },   { "761121", 2076, 11, 21, 0 },
		{ "991231", 1999, 12, 31, 1 }, { "120415", 2012, 4, 15, 1 },
		{ "000101", 2000, 1, 1, 1 },   { "751231", 2075, 12, 31, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(NULL, cases[i].yymmdd);
		struct document d;
		parse_ok(&m, &d);
		print_message("  expires %s\n", cases[i].yymmdd);
		expect_date(d.expiry, cases[i].y, cases[i].m, cases[i].d);
		expect_outcome(&d, cases[i].expired ? BIT(CHECK_EXPIRED) : 0, 0);
	}
}

static void test_expiry_one_day_past_fifty_years_ahead_is_last_century(void **state)
{
	(void)state;
	/* now + 50 years is 2076-11-22: 2076-11-23 lies outside the window and 1976-11-23
	 * inside it, so "761123" is 1976 (and long expired). The window is on the date,
	 * not on the year alone. */
	struct mrz m = td3_dated(NULL, "761123");
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 1976, 11, 23);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
}

static void test_impossible_dates_fail_their_date_check(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.8 (YYMMDD): month 01-12, a day that exists in that month */
	static const struct {
		const char *birth, *expiry;
	} cases[] = {
		{ "741312", NULL }, { "740832", NULL }, { "740230", NULL },
		{ "250229", NULL }, { "740431", NULL }, { NULL, "311315" },
		{ NULL, "310432" }, { NULL, "270229" }, { NULL, "310631" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].birth, cases[i].expiry);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s expires %s\n", cases[i].birth ? cases[i].birth : "-",
			      cases[i].expiry ? cases[i].expiry : "-");
		expect_digits_pass(&d);
		if (cases[i].birth) {
			expect_status(&d, CHECK_BIRTH_DATE, CHECK_FAIL);
			expect_status(&d, CHECK_EXPIRY_DATE, CHECK_PASS);
		} else {
			expect_status(&d, CHECK_EXPIRY_DATE, CHECK_FAIL);
			expect_status(&d, CHECK_BIRTH_DATE, CHECK_PASS);
		}
		assert_false(document_valid(&d));
	}
}

static void test_leap_days_are_real_dates(void **state)
{
	(void)state;
	struct document d;
	struct mrz m = td3_dated("000229", NULL); /* 2000: divisible by 400 */
	parse_ok(&m, &d);
	expect_date(d.birth, 2000, 2, 29);
	expect_outcome(&d, 0, 0);
	m = td3_dated("960229", "280229"); /* 1996 and 2028 */
	parse_ok(&m, &d);
	expect_date(d.birth, 1996, 2, 29);
	expect_date(d.expiry, 2028, 2, 29);
	expect_outcome(&d, 0, 0);
}

static void test_partial_birth_dates_are_kept_not_impossible(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.8: an unknown day or month is printed as fillers ("<<");
	 * some states print "XX" */
	static const struct {
		const char *yymmdd;
		int m, d;
	} cases[] = {
		{ "75XXXX", 0, 0 }, { "7505XX", 5, 0 }, { "7505<<", 5, 0 }, { "75<<<<", 0, 0 }
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = td3_dated(cases[i].yymmdd, NULL);
		struct document d;
		parse_ok(&m, &d);
		print_message("  born %s\n", cases[i].yymmdd);
		expect_date(d.birth, 1975, cases[i].m, cases[i].d);
		expect_status(&d, CHECK_BIRTH_DIGIT, CHECK_PASS);
		expect_status(&d, CHECK_CHARACTERS, CHECK_PASS);
		if (need_check(&d, CHECK_BIRTH_DATE)->status == CHECK_FAIL)
			fail_msg("partial birth date %s reported as impossible", cases[i].yymmdd);
		assert_true(document_valid(&d));
	}
}

static void test_expired_document_fails_expired(void **state)
{
	(void)state;
	struct mrz m = td3_dated(NULL, "261121"); /* yesterday */
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 2026, 11, 21);
	expect_outcome(&d, BIT(CHECK_EXPIRED), 0);
	assert_false(document_valid(&d));
}

static void test_document_expiring_today_is_not_expired(void **state)
{
	(void)state;
	struct mrz m = td3_dated(NULL, "261122");
	struct document d;
	parse_ok(&m, &d);
	expect_date(d.expiry, 2026, 11, 22);
	expect_outcome(&d, 0, 0);
	m = td3_dated(NULL, "261123");
	parse_ok(&m, &d);
	expect_outcome(&d, 0, 0);
}

/* --- issuing state and nationality ---------------------------------------------------- */

static void test_unknown_state_codes_fail(void **state)
{
	(void)state;
	struct document d;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 2, "ZZZ");
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_ISSUER), 0);
	assert_string_equal(d.issuer, "ZZZ");

	m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[1], 10, "ZZZ");
	ref_fix(&m, DOC_TD3);
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_NATIONALITY), 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	put(m.l[0], 2, "QQQ");
	put(m.l[1], 15, "Q<<");
	ref_fix(&m, DOC_TD1);
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_ISSUER) | BIT(CHECK_NATIONALITY), 0);
}

static void test_icao_special_codes_are_known(void **state)
{
	(void)state;
	/* 9303 Part 3 section 5: XXA stateless, XXB and XXC refugees, XXX unspecified,
	 * GBD British Overseas Territories citizen (nationality); UNO United Nations and EUE
	 * European Union (issuers); UTO the specimen state; and the region's own states */
	static const char *const nationalities[] = { "XXA", "XXB", "XXC", "XXX", "GBD", "UTO",
						     "KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS" };
	static const char *const issuers[] = { "UNO", "EUE", "UTO", "KAZ", "TJK", "D<<" };
	struct document d;
	for (size_t i = 0; i < sizeof(nationalities) / sizeof(nationalities[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[1], 10, nationalities[i]);
		ref_fix(&m, DOC_TD3);
		parse_ok(&m, &d);
		print_message("  nationality %s\n", nationalities[i]);
		assert_string_equal(d.nationality, nationalities[i]);
		expect_outcome(&d, 0, 0);
	}
	for (size_t i = 0; i < sizeof(issuers) / sizeof(issuers[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		put(m.l[0], 2, issuers[i]);
		parse_ok(&m, &d);
		print_message("  issuer %s\n", issuers[i]);
		expect_outcome(&d, 0, 0);
	}
}

/* --- characters ---------------------------------------------------------------------- */

static void test_characters_outside_the_mrz_set_fail_characters(void **state)
{
	(void)state;
	/* 9303 Part 3, MRZ character set: A-Z, 0-9 and < only. These inputs have the
	 * right shape, so they parse, and the check says what is wrong. */
	static const struct {
		int line, col;
		char c;
	} cases[] = { { 0, 6, 'r' },  { 0, 19, '-' }, { 0, 30, '*' },  { 1, 33, ' ' },
		      { 1, 40, '.' }, { 0, 12, 'n' }, { 0, 8, '\xc9' } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[cases[i].line][cases[i].col] = cases[i].c;
		char buf[160];
		join(&m, "\n", buf, sizeof(buf));
		struct document d;
		struct error err;
		int rc = parse_bytes(buf, strlen(buf), &d, &err);
		if (rc != 0)
			fail_msg("0x%02x at %d:%d: refused (%d) %s", (unsigned char)cases[i].c,
				 cases[i].line, cases[i].col, rc, err.msg);
		expect_sane(&d);
		expect_status(&d, CHECK_CHARACTERS, CHECK_FAIL);
		assert_false(document_valid(&d));
	}
}

static void test_lowercase_in_a_checked_field_does_not_pass_its_digit(void **state)
{
	(void)state;
	/* lower case is not upper case (mrz.h): "l898902C3" has no check digit at all */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][0] = 'l';
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_CHARACTERS, CHECK_FAIL);
	if (need_check(&d, CHECK_NUMBER_DIGIT)->status == CHECK_PASS)
		fail_msg("the number check digit passed over a lower-case letter");
	if (need_check(&d, CHECK_COMPOSITE_DIGIT)->status == CHECK_PASS)
		fail_msg("the composite check digit passed over a lower-case letter");
}

/* --- OCR confusions -------------------------------------------------------------------- */

static void test_ocr_confusions_are_suggested_for_each_pair(void **state)
{
	(void)state;
	/* Each row: one character of the fresh TD3 line 2 misread. Numeric fields (dates,
	 * check digits: "n" in the 9303 Part 4 MRZ data structure) can only hold a digit, so a
	 * letter there is offered back as its look-alike digit; in alphanumeric fields a digit may
	 * equally be a misread letter. */
	static const struct {
		const char *what;
		int col;
		char read;
		enum check_id id;
		char to;
	} cases[] = {
		{ "O for 0 in the birth date", 15, 'O', CHECK_BIRTH_DIGIT, '0' },
		{ "O for 0 in the expiry check digit", 27, 'O', CHECK_EXPIRY_DIGIT, '0' },
		{ "O for 0 in the document number", 5, 'O', CHECK_NUMBER_DIGIT, '0' },
		{ "I for 1 in the expiry date", 22, 'I', CHECK_EXPIRY_DIGIT, '1' },
		{ "B for 8 in the birth date", 16, 'B', CHECK_BIRTH_DIGIT, '8' },
		{ "S for 5 in the expiry date", 26, 'S', CHECK_EXPIRY_DIGIT, '5' },
		{ "Z for 2 in the birth date", 18, 'Z', CHECK_BIRTH_DIGIT, '2' },
		{ "G for 6 in the number check digit", 9, 'G', CHECK_NUMBER_DIGIT, '6' },
		{ "G for 6 in the composite check digit", 43, 'G', CHECK_COMPOSITE_DIGIT, '6' },
		{ "8 for B in the personal number", 36, '8', CHECK_OPTIONAL_DIGIT, 'B' },
		{ "2 for Z in the personal number", 28, '2', CHECK_OPTIONAL_DIGIT, 'Z' },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		assert_int_equal(m.l[1][cases[i].col], cases[i].to);
		m.l[1][cases[i].col] = cases[i].read;
		struct document d;
		parse_ok(&m, &d);
		print_message("  %s\n", cases[i].what);
		expect_status(&d, cases[i].id, CHECK_FAIL);
		if (!find_suggestion(&d, cases[i].id, 1, cases[i].col, cases[i].read,
				     cases[i].to)) {
			dump_suggestions(&d);
			fail_msg("%s: no suggestion {%s, 1:%d, '%c'->'%c'}", cases[i].what,
				 cid(cases[i].id), cases[i].col, cases[i].read, cases[i].to);
		}
	}
	/* the same on a three-line card: line 1 (0-based), column 2 */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[1][2] = 'O';
	struct document d;
	parse_ok(&m, &d);
	expect_status(&d, CHECK_BIRTH_DIGIT, CHECK_FAIL);
	if (!find_suggestion(&d, CHECK_BIRTH_DIGIT, 1, 2, 'O', '0')) {
		dump_suggestions(&d);
		fail_msg("TD1: no suggestion {BIRTH_DIGIT, 1:2, 'O'->'0'}");
	}
}

static void test_birth_date_read_with_o_fails_and_suggests_zero(void **state)
{
	(void)state;
	/* the case from the brief, in full: "74O812" */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][15] = 'O';
	struct document d;
	parse_ok(&m, &d);
	expect_digit(&d, CHECK_BIRTH_DIGIT, '2', '6'); /* 7-3-1 over "74O812" is 6 */
	expect_status(&d, CHECK_COMPOSITE_DIGIT, CHECK_FAIL);
	const struct doc_suggestion *s = find_suggestion(&d, CHECK_BIRTH_DIGIT, 1, 15, 'O', '0');
	assert_non_null(s);
}

static void test_filler_read_as_k_leaves_check_digits_unchanged(void **state)
{
	(void)state;
	/* K is worth 20, and 20 x 7, 20 x 3 and 20 x 1 are all 0 mod 10 (9303 Part 3
	 * section 4.9): a filler read as K changes no check digit, so no check fails and
	 * there is nothing to suggest. The misread is kept as read. */
	assert_int_equal(mrz_check_digit("ZE184226BK<<<<", 14), '1');
	assert_int_equal(mrz_check_digit("ZE184226BKKKKK", 14), '1');
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][37] = 'K';
	struct document d;
	parse_ok(&m, &d);
	expect_digits_pass(&d);
	assert_string_equal(d.optional1, "ZE184226BK");
	assert_int_equal(d.n_suggestions, 0);

	m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][15] = 'K'; /* TD1 optional data, inside the composite */
	parse_ok(&m, &d);
	expect_digits_pass(&d);
	assert_int_equal(d.n_suggestions, 0);
}

static void test_filler_check_digit_read_as_k_is_suggested(void **state)
{
	(void)state;
	/* An empty personal number with '<' for its digit (9303 Part 4 note), the '<' read
	 * as K: the one place a '<'-K confusion makes a check fail. */
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[1], 28, "<<<<<<<<<<<<<<<");
	ref_fix(&m, DOC_TD3);
	m.l[1][42] = 'K';
	struct document d;
	parse_ok(&m, &d);
	expect_outcome(&d, BIT(CHECK_OPTIONAL_DIGIT), 0);
	assert_int_equal(need_check(&d, CHECK_OPTIONAL_DIGIT)->found, 'K');
	if (!find_suggestion(&d, CHECK_OPTIONAL_DIGIT, 1, 42, 'K', '<')) {
		dump_suggestions(&d);
		fail_msg("no suggestion {OPTIONAL_DIGIT, 1:42, 'K'->'<'}");
	}
}

static void test_suggestions_are_never_applied(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	m.l[1][5] = 'O'; /* "L8989O2C3" */
	struct document d;
	parse_ok(&m, &d);
	assert_non_null(find_suggestion(&d, CHECK_NUMBER_DIGIT, 1, 5, 'O', '0'));
	assert_string_equal(d.number, "L8989O2C3");
	assert_int_equal(d.mrz[1][5], 'O');
	expect_digit(&d, CHECK_NUMBER_DIGIT, '6', '0');
	assert_false(document_valid(&d));
}

static void test_no_suggestion_when_no_single_substitution_repairs(void **state)
{
	(void)state;
	/* Searched beforehand over every position and every pair (O0 I1 B8 S5 Z2 G6 <K) in
	 * both directions: no single swap makes any failing check pass in these. */
	static const struct {
		int col;
		char to;
		enum check_id id;
	} cases[] = { { 19, '7', CHECK_BIRTH_DIGIT },    { 19, '0', CHECK_BIRTH_DIGIT },
		      { 27, '5', CHECK_EXPIRY_DIGIT },   { 9, '1', CHECK_NUMBER_DIGIT },
		      { 42, '6', CHECK_OPTIONAL_DIGIT }, { 43, '1', CHECK_COMPOSITE_DIGIT },
		      { 43, '2', CHECK_COMPOSITE_DIGIT } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][cases[i].col] = cases[i].to;
		struct document d;
		parse_ok(&m, &d);
		expect_status(&d, cases[i].id, CHECK_FAIL);
		if (d.n_suggestions) {
			dump_suggestions(&d);
			fail_msg("%d:'%c': %d suggestions where none repairs", cases[i].col,
				 cases[i].to, d.n_suggestions);
		}
	}
}

static void test_no_suggestion_for_names_which_no_check_digit_covers(void **state)
{
	(void)state;
	struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
	put(m.l[0], 5, "ERIKSSON<<ANNAKMARIA");
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.given_names, "ANNAKMARIA");
	expect_outcome(&d, 0, 0);
	assert_int_equal(d.n_suggestions, 0);
}

static int td3_numeric_col(int col)
{
	return col == 9 || (col >= 13 && col <= 19) || (col >= 21 && col <= 27) || col == 43;
}

static void test_suggestions_repair_their_check_and_keep_numeric_fields_numeric(void **state)
{
	(void)state;
	/* Whatever the implementation offers: applying a suggestion makes its check pass,
	 * and it never proposes a letter for a date or a check digit. */
	static const struct {
		int col;
		char c;
	} damage[] = { { 19, '3' }, { 19, '5' }, { 19, '9' }, { 27, '1' }, { 27, '3' },
		       { 9, '5' },  { 9, '7' },  { 42, '8' }, { 43, '3' }, { 43, '5' },
		       { 15, 'O' }, { 22, 'I' }, { 36, '8' }, { 5, 'O' } };
	char wrong[2048] = "";
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		struct mrz m = mrz_of(TD3_L1, TD3_FRESH_L2, NULL);
		m.l[1][damage[i].col] = damage[i].c;
		struct document d;
		parse_ok(&m, &d);
		for (int k = 0; k < d.n_suggestions; k++) {
			struct doc_suggestion s = d.suggestions[k];
			const char *why = NULL;
			if (s.line == 1 && td3_numeric_col(s.col) && !isdigit((unsigned char)s.to))
				why = "a letter in a numeric field";
			if (s.line == 1 && s.col == 42 && !isdigit((unsigned char)s.to) &&
			    !(s.to == '<' && all_fillers(d.mrz[1] + 28, 14)))
				why = "a letter for the personal number digit";
			struct mrz fixed = m;
			fixed.l[s.line][s.col] = s.to;
			struct document again;
			parse_ok(&fixed, &again);
			if (need_check(&again, s.check)->status != CHECK_PASS)
				why = "does not repair its check";
			if (why) {
				size_t used = strlen(wrong);
				snprintf(wrong + used, sizeof(wrong) - used,
					 "\n  damage 1:%d '%c': {%s, %d:%d, '%c'->'%c'} %s",
					 damage[i].col, damage[i].c, cid(s.check), s.line, s.col,
					 s.from, s.to, why);
			}
		}
	}
	if (wrong[0])
		fail_msg("bad suggestions:%s", wrong);
}

static void test_suggestions_never_exceed_the_array(void **state)
{
	(void)state;
	/* a line 2 full of look-alikes with every digit wrong */
	struct mrz m = mrz_of(TD3_L1, "B8O0I1S5Z2UTO0O8B1ZFS5O1S0ZE1BOI5OS8G6Z2O1O1", NULL);
	assert_int_equal(strlen(m.l[1]), 44);
	struct document d;
	parse_ok(&m, &d); /* expect_sane bounds n_suggestions */
	assert_false(document_valid(&d));
	m = mrz_of("I<UTOO0O0O0O0O8B8B8B8B8S5S5S5Z", "0O0O0O1F0O0O0O1UTOB8B8B8B8B8B8", TD1_L3);
	assert_int_equal(strlen(m.l[0]), 30);
	parse_ok(&m, &d);
	assert_false(document_valid(&d));
}

/* --- mrz_compose ------------------------------------------------------------------------ */

static void compose_ok(const struct mrz_fields *f, struct mrz *out)
{
	struct error err;
	error_clear(&err);
	memset(out, 0, sizeof(*out));
	memset(out->l, '#', sizeof(out->l));
	int n = mrz_compose(f, out->l, &err);
	if (n < 0)
		fail_msg("mrz_compose refused (%d): %s", n, err.msg);
	assert_int_equal(n, f->format == DOC_TD1 ? 3 : 2);
	out->n = n;
	for (int i = 0; i < n; i++)
		assert_int_equal(bounded_len(out->l[i], sizeof(out->l[i])),
				 f->format == DOC_TD1   ? 30
				 : f->format == DOC_TD2 ? 36
							: 44);
}

static const struct mrz_fields anna_td3 = {
	.format = DOC_TD3,
	.doc_code = "P",
	.issuer = "UTO",
	.number = "L898902C3",
	.surname = "ERIKSSON",
	.given_names = "ANNA MARIA",
	.nationality = "UTO",
	.birth = "740812",
	.sex = "F",
	.expiry = "120415",
	.optional = "ZE184226B",
};

static void test_compose_td3_reproduces_the_icao_specimen(void **state)
{
	(void)state;
	struct mrz m;
	compose_ok(&anna_td3, &m);
	assert_string_equal(m.l[0], TD3_L1);
	assert_string_equal(m.l[1], TD3_L2);
	struct mrz_fields f = anna_td3;
	f.expiry = "310415";
	compose_ok(&f, &m);
	assert_string_equal(m.l[1], TD3_FRESH_L2);
	struct document d;
	parse_ok(&m, &d);
	expect_outcome(&d, 0, 0);
	assert_string_equal(d.number, "L898902C3");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.optional1, "ZE184226B");
	expect_date(d.expiry, 2031, 4, 15);
}

static void test_compose_td1_reproduces_the_icao_specimen(void **state)
{
	(void)state;
	struct mrz_fields f = anna_td3;
	f.format = DOC_TD1;
	f.doc_code = "I";
	f.number = "D23145890";
	f.optional = "";
	struct mrz m;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], TD1_L1);
	assert_string_equal(m.l[1], TD1_L2);
	assert_string_equal(m.l[2], TD1_L3);
	f.expiry = "310415";
	compose_ok(&f, &m);
	struct document d;
	parse_ok(&m, &d);
	assert_int_equal(d.format, DOC_TD1);
	expect_outcome(&d, 0, 0);
	assert_string_equal(d.number, "D23145890");
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	expect_date(d.birth, 1974, 8, 12);
}

static void test_compose_td2_reproduces_the_icao_specimen(void **state)
{
	(void)state;
	struct mrz_fields f = anna_td3;
	f.format = DOC_TD2;
	f.doc_code = "I";
	f.number = "D23145890";
	f.optional = "";
	struct mrz m;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], TD2_L1);
	assert_string_equal(m.l[1], TD2_L2);
}

static void test_compose_long_number_continues_in_optional_data(void **state)
{
	(void)state;
	/* 9303 Part 5 and Part 6 note j; the Part 11 Appendix D.2 specimens */
	struct mrz_fields f = {
		.format = DOC_TD1,
		.doc_code = "I",
		.issuer = "UTO",
		.number = "D23145890734",
		.surname = "STEVENSON",
		.given_names = "PETER JOHN",
		.nationality = "UTO",
		.birth = "340712",
		.sex = "M",
		.expiry = "950712",
		.optional = "",
	};
	struct mrz m;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], TD1X_L1);
	assert_string_equal(m.l[1], TD1X_L2);
	assert_string_equal(m.l[2], TD1X_L3);
	f.format = DOC_TD2;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], TD2X_L1);
	assert_string_equal(m.l[1], TD2X_L2);
}

static void test_compose_names_with_spaces_and_hyphens_use_fillers(void **state)
{
	(void)state;
	/* 9303 Part 3 section 3.4: spaces and hyphens in a name become '<' */
	struct mrz_fields f = anna_td3;
	f.expiry = "310415";
	f.surname = "VAN DER BERG-SMITH";
	f.given_names = "JAN-PIETER MARIA";
	struct mrz m;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], "P<UTOVAN<DER<BERG<SMITH<<JAN<PIETER<MARIA<<<");
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.surname, "VAN DER BERG SMITH");
	assert_string_equal(d.given_names, "JAN PIETER MARIA");
	expect_outcome(&d, 0, 0);
}

static void test_compose_upper_cases_latin_names(void **state)
{
	(void)state;
	struct mrz_fields f = anna_td3;
	f.surname = "Eriksson";
	f.given_names = "Anna Maria";
	struct mrz m;
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], TD3_L1);
}

static void test_compose_truncates_too_long_names_to_the_field(void **state)
{
	(void)state;
	struct mrz_fields f = anna_td3;
	f.expiry = "310415";
	f.surname = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF";
	f.given_names = "HUBERT BLAINE";
	struct mrz m;
	compose_ok(&f, &m);
	TU_CONTAINS(m.l[0], "P<UTOWOLFESCHLEGELSTEINHAUSENBERGERDORFF<<");
	assert_true(m.l[0][43] != '<'); /* the field is full */
	struct document d;
	parse_ok(&m, &d);
	assert_string_equal(d.surname, "WOLFESCHLEGELSTEINHAUSENBERGERDORFF");
	assert_int_equal(d.name_truncated, 1);
	expect_outcome(&d, 0, BIT(CHECK_NAME_TRUNCATED));

	/* a surname longer than the whole field */
	f.surname = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ";
	compose_ok(&f, &m);
	assert_string_equal(m.l[0], "P<UTOABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM");
	parse_ok(&m, &d);
	expect_digits_pass(&d);

	/* and on a card, whose name line is 30 */
	f = anna_td3;
	f.format = DOC_TD1;
	f.doc_code = "I";
	f.number = "D23145890";
	f.optional = "";
	f.expiry = "310415";
	f.surname = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF";
	compose_ok(&f, &m);
	parse_ok(&m, &d);
	expect_digits_pass(&d);
}

static void test_compose_refuses_fields_that_cannot_fit(void **state)
{
	(void)state;
	/* each would print a field 9303 does not allow: the sex is F, M or X (< when
	 * unspecified; Part 4 MRZ data structure), dates are six characters, codes three */
	static const char *const what[] = { "birth 7408",       "sex Q",
					    "issuer UTOPIA",    "expiry 1204150",
					    "nationality UT0P", "sex MALE" };
	struct mrz_fields bad[6];
	for (int i = 0; i < 6; i++)
		bad[i] = anna_td3;
	bad[0].birth = "7408";
	bad[1].sex = "Q";
	bad[2].issuer = "UTOPIA";
	bad[3].expiry = "1204150";
	bad[4].nationality = "UT0P";
	bad[5].sex = "MALE";
	char wrong[512] = "";
	for (int i = 0; i < 6; i++) {
		char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
		struct error err;
		error_clear(&err);
		int rc = mrz_compose(&bad[i], lines, &err);
		if (rc != -ERR_USAGE || !err.msg[0]) {
			size_t used = strlen(wrong);
			snprintf(wrong + used, sizeof(wrong) - used, " [%s: returned %d]", what[i],
				 rc);
		}
	}
	if (wrong[0])
		fail_msg("accepted:%s", wrong);
}

/* --- document.c ------------------------------------------------------------------------- */

static void test_describe_check_names_found_and_expected_digits(void **state)
{
	(void)state;
	char buf[256];
	struct doc_check c = {
		.id = CHECK_BIRTH_DIGIT, .status = CHECK_FAIL, .found = '3', .expected = '7'
	};
	snprintf(c.value, sizeof(c.value), "580101");
	document_describe_check(&c, buf, sizeof(buf));
	assert_true(strlen(buf) > 10);
	TU_CONTAINS(buf, "3");
	TU_CONTAINS(buf, "7");

	/* and from a real parse: the TD1 number digit 7 printed as 3 */
	struct mrz m = mrz_of(TD1_L1, TD1_FRESH_L2, TD1_L3);
	m.l[0][14] = '3';
	struct document d;
	parse_ok(&m, &d);
	const struct doc_check *n = need_check(&d, CHECK_NUMBER_DIGIT);
	char num[256];
	document_describe_check(n, num, sizeof(num));
	TU_CONTAINS(num, "3");
	TU_CONTAINS(num, "7");
	/* the two sentences name different fields */
	char birth[256];
	c.id = CHECK_BIRTH_DIGIT;
	document_describe_check(&c, birth, sizeof(birth));
	c.id = CHECK_NUMBER_DIGIT;
	document_describe_check(&c, buf, sizeof(buf));
	assert_string_not_equal(birth, buf);
}

static void test_describe_check_is_safe_for_every_check_and_small_buffers(void **state)
{
	(void)state;
	static const enum check_status statuses[] = { CHECK_PASS, CHECK_FAIL, CHECK_WARN };
	for (int id = 0; id < CHECK_COUNT; id++) {
		for (size_t s = 0; s < 3; s++) {
			struct doc_check c = { .id = (enum check_id)id,
					       .status = statuses[s],
					       .found = '1',
					       .expected = '2' };
			snprintf(c.value, sizeof(c.value), "UTO");
			char buf[256];
			document_describe_check(&c, buf, sizeof(buf));
			if (!buf[0])
				fail_msg("empty description for %s %s", cid(c.id), sname(c.status));
			char small[6];
			memset(small, '#', sizeof(small));
			document_describe_check(&c, small, 5);
			assert_true(strlen(small) <= 4);
			assert_int_equal(small[5], '#');
			char none = '#';
			document_describe_check(&c, &none, 0);
			assert_int_equal(none, '#');
		}
	}
}

static void test_check_names_are_stable_distinct_machine_names(void **state)
{
	(void)state;
	assert_string_equal(document_check_name(CHECK_BIRTH_DIGIT), "birth_digit");
	for (int id = 0; id < CHECK_COUNT; id++) {
		const char *name = document_check_name((enum check_id)id);
		if (!name || !name[0])
			fail_msg("no machine name for %s", cid((enum check_id)id));
		for (const char *p = name; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			      *p == '_'))
				fail_msg("machine name '%s' is not [a-z0-9_]", name);
		for (int j = 0; j < id; j++)
			assert_string_not_equal(name, document_check_name((enum check_id)j));
	}
}

static void test_document_valid_ignores_warnings(void **state)
{
	(void)state;
	struct document d;
	memset(&d, 0, sizeof(d));
	d.n_checks = 2;
	d.checks[0] = (struct doc_check){ .id = CHECK_NAME_TRUNCATED, .status = CHECK_WARN };
	d.checks[1] = (struct doc_check){ .id = CHECK_SEX, .status = CHECK_PASS };
	assert_true(document_valid(&d));
	d.checks[1].status = CHECK_FAIL;
	assert_false(document_valid(&d));
	assert_ptr_equal(document_check(&d, CHECK_SEX), &d.checks[1]);
	assert_null(document_check(&d, CHECK_EXPIRED));
}

/* --- mrz_line_shaped ---------------------------------------------------------------------- */

static void test_line_shaped_accepts_30_36_44_of_the_mrz_set_only(void **state)
{
	(void)state;
	assert_true(mrz_line_shaped(TD1_L1, 30));
	assert_true(mrz_line_shaped(TD2_L1, 36));
	assert_true(mrz_line_shaped(TD3_L1, 44));
	assert_true(mrz_line_shaped(TD3_L2, 44));
	/* only len counts: a 44-character prefix of something longer */
	assert_true(mrz_line_shaped(TD3_L1 "MORE", 44));
	assert_false(mrz_line_shaped(TD3_L1, 43));
	assert_false(mrz_line_shaped(TD3_L1 "<", 45));
	assert_false(mrz_line_shaped(TD1_L1, 29));
	assert_false(mrz_line_shaped(TD1_L1 "<", 31));
	assert_false(mrz_line_shaped("", 0));
	char line[45];
	static const char bad[] = { 'a', ' ', '-', '\0', '\n', '\xc9' };
	for (size_t i = 0; i < sizeof(bad); i++) {
		memcpy(line, TD3_L1, 44);
		line[20] = bad[i];
		if (mrz_line_shaped(line, 44))
			fail_msg("a line with 0x%02x is MRZ-shaped", (unsigned char)bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_check_digits_reproduce_icao_specimens),
		cmocka_unit_test(test_check_digit_matches_icao_specimens),
		cmocka_unit_test(test_check_digit_counts_filler_as_zero),
		cmocka_unit_test(test_check_digit_refuses_characters_outside_the_mrz_set),
		cmocka_unit_test(test_check_digit_reads_only_n_characters),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_td3_passport_specimen_is_recognised_and_parsed),
		cmocka_unit_test(test_td1_card_specimen_is_recognised_and_parsed),
		cmocka_unit_test(test_td2_specimen_is_recognised_and_parsed),
		cmocka_unit_test(test_td2_document_codes_a_and_c_are_td2),
		cmocka_unit_test(test_mrv_a_specimen_is_recognised_and_parsed),
		cmocka_unit_test(test_mrv_b_specimen_is_recognised_and_parsed),
		cmocka_unit_test(test_fresh_specimens_are_valid),
		cmocka_unit_test(test_unparseable_input_is_refused_with_a_message),
		cmocka_unit_test(test_random_bytes_are_refused),
		cmocka_unit_test(test_very_long_input_is_refused),
		cmocka_unit_test(test_line_endings_and_surrounding_spaces_are_accepted),
		cmocka_unit_test(test_parse_reads_no_byte_past_len),
		cmocka_unit_test(test_parse_survives_every_single_byte_corruption),
		cmocka_unit_test(test_parse_survives_every_truncation),
		cmocka_unit_test(test_names_split_on_double_filler_and_fillers_become_spaces),
		cmocka_unit_test(test_name_with_only_a_primary_identifier),
		cmocka_unit_test(test_td1_optional_data_on_both_lines),
		cmocka_unit_test(test_two_letter_document_code_is_kept),
		cmocka_unit_test(test_each_altered_check_digit_fails_alone_with_found_and_expected),
		cmocka_unit_test(test_td3_empty_personal_number_accepts_filler_or_zero_check_digit),
		cmocka_unit_test(test_td3_filler_personal_number_digit_fails_when_number_present),
		cmocka_unit_test(test_td1_long_document_number_icao_specimen),
		cmocka_unit_test(test_td2_long_document_number_icao_specimen),
		cmocka_unit_test(test_td1_long_document_number_uses_optional_data),
		cmocka_unit_test(test_td2_long_document_number_uses_optional_data),
		cmocka_unit_test(test_td1_ten_character_document_number),
		cmocka_unit_test(test_td1_filler_number_digit_without_continuation_fails),
		cmocka_unit_test(test_long_document_number_with_a_wrong_check_digit_fails),
		cmocka_unit_test(test_germany_d_with_fillers_is_code_d),
		cmocka_unit_test(test_sex_x_and_filler_give_x_and_other_letters_fail),
		cmocka_unit_test(test_td3_full_name_field_warns_truncated),
		cmocka_unit_test(test_td3_name_ending_in_a_filler_is_not_truncated),
		cmocka_unit_test(test_birth_two_digit_year_resolves_to_the_past),
		cmocka_unit_test(test_expiry_two_digit_year_resolves_within_fifty_years),
		cmocka_unit_test(test_expiry_one_day_past_fifty_years_ahead_is_last_century),
		cmocka_unit_test(test_impossible_dates_fail_their_date_check),
		cmocka_unit_test(test_leap_days_are_real_dates),
		cmocka_unit_test(test_partial_birth_dates_are_kept_not_impossible),
		cmocka_unit_test(test_expired_document_fails_expired),
		cmocka_unit_test(test_document_expiring_today_is_not_expired),
		cmocka_unit_test(test_unknown_state_codes_fail),
		cmocka_unit_test(test_icao_special_codes_are_known),
		cmocka_unit_test(test_characters_outside_the_mrz_set_fail_characters),
		cmocka_unit_test(test_lowercase_in_a_checked_field_does_not_pass_its_digit),
		cmocka_unit_test(test_ocr_confusions_are_suggested_for_each_pair),
		cmocka_unit_test(test_birth_date_read_with_o_fails_and_suggests_zero),
		cmocka_unit_test(test_filler_read_as_k_leaves_check_digits_unchanged),
		cmocka_unit_test(test_filler_check_digit_read_as_k_is_suggested),
		cmocka_unit_test(test_suggestions_are_never_applied),
		cmocka_unit_test(test_no_suggestion_when_no_single_substitution_repairs),
		cmocka_unit_test(test_no_suggestion_for_names_which_no_check_digit_covers),
		cmocka_unit_test(
			test_suggestions_repair_their_check_and_keep_numeric_fields_numeric),
		cmocka_unit_test(test_suggestions_never_exceed_the_array),
		cmocka_unit_test(test_compose_td3_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_td1_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_td2_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_long_number_continues_in_optional_data),
		cmocka_unit_test(test_compose_names_with_spaces_and_hyphens_use_fillers),
		cmocka_unit_test(test_compose_upper_cases_latin_names),
		cmocka_unit_test(test_compose_truncates_too_long_names_to_the_field),
		cmocka_unit_test(test_compose_refuses_fields_that_cannot_fit),
		cmocka_unit_test(test_describe_check_names_found_and_expected_digits),
		cmocka_unit_test(test_describe_check_is_safe_for_every_check_and_small_buffers),
		cmocka_unit_test(test_check_names_are_stable_distinct_machine_names),
		cmocka_unit_test(test_document_valid_ignores_warnings),
		cmocka_unit_test(test_line_shaped_accepts_30_36_44_of_the_mrz_set_only),
	};
	return cmocka_run_group_tests_name("mrz", tests, NULL, NULL);
}
