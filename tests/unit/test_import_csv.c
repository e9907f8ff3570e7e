/* app/import_csv.c: the national CSV layout and SLTD lists (docs/import-formats.md).
 *
 * Parser tests run national_csv_parse and sltd_parse over the fixtures in
 * tests/fixtures/csv and over small inline files, and compare each entry the sink gets
 * with one line of text; the import tests run import_national_csv and import_sltd
 * against a demo database. Run from the top of the repository (as make does). */
#include "testutil.h"

#include "app/importers.h"
#include "app/watchlist.h"

#define FIXTURES "tests/fixtures/csv/"

/* --- collecting what the parser hands out ---------------------------------------------- */

enum { MAX_GOT = 16 };

struct got {
	char *line[MAX_GOT];
	size_t n;
	long calls;
	int fail_at; /* the sink refuses its fail_at-th call (1-based); 0 never */
};

static void put(char *buf, size_t len, size_t *o, const char *s)
{
	int n = snprintf(buf + *o, len - *o, "%s", s ? s : "-");
	if (n > 0)
		*o += (size_t)n < len - *o ? (size_t)n : len - *o - 1;
}

/* One entry as one line of text:
 * ref|subject|category|action|listed_on|sex|remarks|names|dobs|nationalities|documents
 * with NULL as "-", names "kind/quality/name", dobs "precision/date/from-to" and
 * documents "number/state/type", each list joined with ';'. */
static char *entry_text(const struct wl_entry *e)
{
	size_t len = 8192, o = 0;
	char *buf = malloc(len), num[32];
	if (!buf)
		return NULL;
	buf[0] = '\0';
	const char *fields[] = { e->ref,       e->subject, e->category, e->action,
				 e->listed_on, e->sex,     e->remarks };
	for (size_t i = 0; i < 7; i++) {
		put(buf, len, &o, fields[i]);
		put(buf, len, &o, "|");
	}
	for (size_t i = 0; i < e->n_names; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->names[i].kind);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->names[i].quality);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->names[i].full_name);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_dobs; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->dobs[i].precision);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->dobs[i].date);
		snprintf(num, sizeof(num), "/%d-%d", e->dobs[i].year_from, e->dobs[i].year_to);
		put(buf, len, &o, num);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_nationalities; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->nationalities[i]);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_documents; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->documents[i].number);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->documents[i].issuing_state);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->documents[i].doc_type);
	}
	return buf;
}

static int collect(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct got *g = ctx;
	if (++g->calls == g->fail_at)
		return error_set(err, ERR_IO, "sink refused entry %ld", g->calls);
	if (g->n < MAX_GOT)
		g->line[g->n++] = entry_text(e);
	return 0;
}

static void got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->line[i]);
	memset(g, 0, sizeof(*g));
}

static int parse_national(const char *text, size_t len, struct wl_source *src, struct got *g,
			  struct error *err)
{
	error_clear(err);
	return national_csv_parse(text, len, "TEST-NAT", src, collect, g, err);
}

static int parse_sltd(const char *text, size_t len, struct wl_source *src, struct got *g,
		      struct error *err)
{
	error_clear(err);
	return sltd_parse(text, len, src, collect, g, err);
}

static char *fixture(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	char *text = tu_read_file(path, len);
	if (!text)
		fail_msg("cannot read '%s'; run the tests from the top of the repository", path);
	return text;
}

/* Parses an inline national file that must be refused, and checks the message. */
static void national_refused(const char *text, const char *expected)
{
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	int rc = parse_national(text, strlen(text), &src, &g, &err);
	if (rc >= 0)
		fail_msg("accepted, expected '%s'", expected);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, expected);
	got_free(&g);
}

static void sltd_refused(const char *text, const char *expected)
{
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	int rc = parse_sltd(text, strlen(text), &src, &g, &err);
	if (rc >= 0)
		fail_msg("accepted, expected '%s'", expected);
	assert_int_equal(rc, -ERR_USAGE);
	TU_CONTAINS(err.msg, expected);
	got_free(&g);
}

#define HEADER                                                                                     \
	"ref,subject,category,action,name,aliases,alias_quality,original_script,dob,"              \
	"nationalities,sex,documents,listed_on,remarks\n"
#define GOOD_ROW "X-1,person,other,refer,DOE John,,,,1970,KAZ,M,,,\n"

/* --- national layout: good files ------------------------------------------------------- */

static const char *const v1_entries[] = {
	"T-1|person|terrorism|deny_entry|2015-09-29|M|plain remark|"
	"primary/-/KHALIMOV Gulmurod;alias/good/HALIMOV Gulom;alias/low/KHALIMOV G.;"
	"original_script/-/ХАЛИМОВ Гулмурод|exact/1975-05-14/0-0|TJK|401234567/TJK/P",
	"T-2|person|wanted|arrest|2024-11-02|M|Warrant \"17/2024\", armed\nsecond line|"
	"primary/-/YUSUPOV, Rustam;alias/low/YUSUPOV R.;original_script/-/ЮСУПОВ Рустам;"
	"original_script/-/يوسوبوف|year/1980/0-0;range/-/1974-1976;approximate/1978/0-0|"
	"UZB;RUS;D|AA1234567/UZB/P;NA 765 4321/RUS/-;X1/-/-",
	"T-3|person|missing_person|notify|-|F||primary/-/NURLANOVA Aigerim|"
	"approximate/2009/0-0|KAZ|",
	"T-4|document|lost_stolen|refer|2026-01-15|-|||||N0123456/KGZ/I",
	"T-5|person|other|refer|-|X||primary/-/DOE John;alias/-/DOE J.;alias/-/DOE Johnny|"
	"year/1990/0-0|XXA|Z 99/-/ID",
};

static void assert_v1_entries(const struct got *g)
{
	assert_int_equal(g->n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(g->line[i], v1_entries[i]);
}

static void test_national_fixture_gives_every_column_form(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("national_v1.csv", &len);
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, len, &src, &g, &err), &err);
	assert_string_equal(src.code, "TEST-NAT");
	assert_string_equal(src.kind, "national");
	assert_string_equal(src.name, "Test national list");
	assert_string_equal(src.authority, "Test Border Service");
	assert_string_equal(src.version, "1");
	assert_string_equal(src.updated_at, "");
	assert_v1_entries(&g);
	got_free(&g);
	free(text);
}

static void test_national_bom_and_crlf_give_the_same_entries_as_lf(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("national_v1_bom_crlf.csv", &len);
	/* a checkout that rewrote the line ends would test nothing */
	assert_memory_equal(text, "\xEF\xBB\xBF#", 4);
	assert_non_null(strstr(text, "\r\nT-1,"));
	assert_non_null(strstr(text, "armed\r\nsecond line"));
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, len, &src, &g, &err), &err);
	assert_string_equal(src.version, "1");
	assert_v1_entries(&g); /* the CRLF inside the quoted remark comes out as LF */
	got_free(&g);
	free(text);
}

static void test_national_columns_in_any_order_and_optional_ones_left_out(void **state)
{
	(void)state;
	static const char text[] = "#version: 5\n"
				   "Name,ACTION,ref,category,subject\n"
				   "DOE John,refer,X-1,other,person\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.line[0], "X-1|person|other|refer|-|-||primary/-/DOE John|||");
	/* without '#name:' the list is named after its source code */
	assert_string_equal(src.name, "TEST-NAT");
	assert_string_equal(src.authority, "");
	got_free(&g);
}

static void test_national_comments_blank_lines_and_case_insensitive_keys(void **state)
{
	(void)state;
	static const char text[] = "# a comment: with a colon after a space\n"
				   "\n"
				   "#VERSION:   2026-03-01.2  \n"
				   "#Authority: Border Service\n"
				   "#this is a comment too\n"
				   "ref,subject,category,action,name\n"
				   "\n"
				   "X-1,person,other,refer,DOE John\n"
				   "\r\n"
				   "X-2,person,other,refer,DOE Jane\n"
				   "\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 2);
	assert_string_equal(src.version, "2026-03-01.2");
	assert_string_equal(src.authority, "Border Service");
	got_free(&g);
}

static void test_national_last_row_without_line_break_and_empty_last_field(void **state)
{
	(void)state;
	static const char text[] = "#version: 1\nref,subject,category,action,name,remarks\n"
				   "X-1,person,other,refer,DOE John,\"a, b\"\n"
				   "X-2,person,other,refer,DOE Jane,";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 2);
	TU_CONTAINS(g.line[0], "|a, b|");
	assert_string_equal(g.line[1], "X-2|person|other|refer|-|-||primary/-/DOE Jane|||");
	got_free(&g);
}

static void test_national_doc_examples_parse(void **state)
{
	(void)state;
	/* the examples authorities copy must themselves be accepted */
	char *doc = tu_read_file("docs/import-formats.md", NULL);
	if (!doc)
		fail_msg("cannot read 'docs/import-formats.md'");
	const char *p = doc;
	size_t expect[] = { 5, 4 };
	for (int i = 0; i < 2; i++) {
		p = strstr(p, "```csv\n");
		assert_non_null(p);
		p += 7;
		const char *end = strstr(p, "```");
		assert_non_null(end);
		struct wl_source src;
		struct got g = { 0 };
		struct error err;
		if (i == 0)
			TU_OK(parse_national(p, (size_t)(end - p), &src, &g, &err), &err);
		else
			TU_OK(parse_sltd(p, (size_t)(end - p), &src, &g, &err), &err);
		assert_int_equal(g.n, expect[i]);
		got_free(&g);
		p = end + 3;
	}
	free(doc);
}

static void test_national_dob_forms(void **state)
{
	(void)state;
	static const char text[] = "#version: 1\nref,subject,category,action,name,dob\n"
				   "X-1,person,other,refer,A,1975-05-14|1975|~1975|1974-1976\n"
				   "X-2,person,other,refer,B,1976-1976|2000-02-29\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 2);
	TU_CONTAINS(g.line[0], "|exact/1975-05-14/0-0;year/1975/0-0;approximate/1975/0-0;"
			       "range/-/1974-1976|");
	TU_CONTAINS(g.line[1], "|range/-/1976-1976;exact/2000-02-29/0-0|");
	got_free(&g);
}

static void test_national_single_alias_quality_applies_to_every_alias(void **state)
{
	(void)state;
	static const char text[] = "#version: 1\nref,subject,category,action,name,aliases,"
				   "alias_quality\nX-1,person,other,refer,A,B|C,low\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	TU_CONTAINS(g.line[0], "primary/-/A;alias/low/B;alias/low/C|");
	got_free(&g);
}

static void test_national_source_code_refused(void **state)
{
	(void)state;
	static const char text[] = "#version: 1\n" HEADER GOOD_ROW;
	static const char *const bad[] = { "", "kz-nat", "KZ NAT", "KZ/NAT",
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct wl_source src;
		struct got g = { 0 };
		struct error err;
		error_clear(&err);
		assert_int_equal(
			national_csv_parse(text, strlen(text), bad[i], &src, collect, &g, &err),
			-ERR_USAGE);
		TU_CONTAINS(err.msg, "is not a source code");
		assert_int_equal(g.calls, 0);
	}
}

static void test_national_sink_error_stops_the_parse(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("national_v1.csv", &len);
	struct wl_source src;
	struct got g = { .fail_at = 2 };
	struct error err;
	assert_int_equal(parse_national(text, len, &src, &g, &err), -ERR_IO);
	assert_string_equal(err.msg, "sink refused entry 2");
	assert_int_equal(g.calls, 2);
	got_free(&g);
	free(text);
}

/* --- national layout: refused files ---------------------------------------------------- */

static void test_national_wrong_field_count_names_line_and_column(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER GOOD_ROW
			 "X-2,person,other,refer,DOE Jane,,,,,,,,\n",
			 "line 4, column 'remarks': missing; the row has 13 fields and the "
			 "header 14");
	national_refused("#version: 1\n" HEADER "X-2,person,other,refer,DOE, Jane,,,,,,,,,\n",
			 "line 3: more fields than the 14 columns of the header");
	national_refused("#version: 1\nref,subject,category,action,name\nX-1,person\n",
			 "line 3, column 'category': missing; the row has 2 fields");
}

static void test_national_unknown_column_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\nref,subject,category,action,name,nationality\n",
			 "line 2, column 'nationality': unknown column; the columns are ref, "
			 "subject");
	national_refused("#version: 1\n\nref,subject,category,action,name,,remarks\n",
			 "line 3, column '': unknown column");
}

static void test_national_missing_or_repeated_column_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\nref,subject,category,name\nX-1,person,other,A\n",
			 "line 2, column 'action': missing from the header; this column is "
			 "required");
	national_refused("#version: 1\nref,subject,category,action,name,Name\n",
			 "line 2, column 'name': named twice in the header");
}

static void test_national_bad_date_names_line_of_row_start(void **state)
{
	(void)state;
	/* the row with the bad date starts on line 17: comment lines, a blank line and a
	 * quoted remark over three lines come before it */
	national_refused("# comment 1\n# comment 2\n# comment 3\n#version: 1\n"
			 "# comment 5\n\n" HEADER GOOD_ROW
			 "X-2,person,other,refer,A,,,,1970,KAZ,M,,,\"one\ntwo\nthree\"\n"
			 "X-3,person,other,refer,B,,,,,,,,,\n"
			 "X-4,person,other,refer,C,,,,,,,,,\n"
			 "X-5,person,other,refer,D,,,,,,,,,\n"
			 "X-6,person,other,refer,E,,,,,,,,,\n"
			 "X-7,person,other,refer,F,,,,,,,,,\n"
			 "X-8,person,other,refer,G,,,,1975-13-01,KAZ,M,,,\n",
			 "line 17, column 'dob': '1975-13-01' is not a date");
	static const char *const bad[] = { "1975-02-29",  "1975-04-31", "75",   "1975-5-1",
					   "~1975-05-14", "1976-1974",  "1799", "1975/05/14",
					   "19750514",    "1975-00-10", "abcd", "1975-01-00" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256], expected[128];
		snprintf(text, sizeof(text),
			 "#version: 1\nref,subject,category,action,name,dob\n"
			 "X-1,person,other,refer,A,1970|%s\n",
			 bad[i]);
		snprintf(expected, sizeof(expected), "line 3, column 'dob': '%s' is not a date",
			 bad[i]);
		national_refused(text, expected);
	}
	national_refused("#version: 1\nref,subject,category,action,name,listed_on\n"
			 "X-1,person,other,refer,A,2023-02-29\n",
			 "line 3, column 'listed_on': '2023-02-29' is not a date (YYYY-MM-DD)");
	national_refused("#version: 1\nref,subject,category,action,name,listed_on\n"
			 "X-1,person,other,refer,A,2023\n",
			 "line 3, column 'listed_on': '2023' is not a date");
}

static void test_national_bad_country_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER GOOD_ROW
			 "X-2,person,other,refer,A,,,,,KAZ|XYZ,,,,\n",
			 "line 4, column 'nationalities': 'XYZ' is not a country code");
	national_refused("#version: 1\n" HEADER "X-2,person,other,refer,A,,,,,kaz,,,,\n",
			 "line 3, column 'nationalities': 'kaz' is not a country code");
	national_refused("#version: 1\n" HEADER "X-2,person,other,refer,A,,,,,,,P1:KZ:P,,\n",
			 "line 3, column 'documents': 'KZ' is not a country code");
}

static void test_national_bad_enumerations_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER "X-1,person,terorism,refer,A,,,,,,,,,\n",
			 "line 3, column 'category': 'terorism' is not one of terrorism, "
			 "sanctions, wanted, lost_stolen, missing_person, other");
	national_refused("#version: 1\n" HEADER "X-1,person,other,deny,A,,,,,,,,,\n",
			 "line 3, column 'action': 'deny' is not one of deny_entry, refer, "
			 "notify, arrest");
	national_refused("#version: 1\n" HEADER "X-1,people,other,refer,A,,,,,,,,,\n",
			 "line 3, column 'subject': 'people' is not one of person, document");
	national_refused("#version: 1\n" HEADER "X-1,person,,refer,A,,,,,,,,,\n",
			 "line 3, column 'category': empty; use one of terrorism");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,,,,,,m,,,\n",
			 "line 3, column 'sex': 'm' is not one of M, F, X");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,B|C,good|bad,,,,,,,\n",
			 "line 3, column 'alias_quality': 'bad' is not one of good, low");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,B|C|D,good|low,,,,,,,\n",
			 "line 3, column 'alias_quality': 2 values for 3 aliases");
}

static void test_national_duplicate_ref_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER GOOD_ROW "X-2,person,other,refer,B,,,,,,,,,\n"
			 "X-1,person,other,refer,C,,,,,,,,,\n",
			 "line 5, column 'ref': 'X-1' is already on line 3; each reference "
			 "must be unique");
	/* the comparison is after trimming: " X-1" is the same reference */
	national_refused("#version: 1\n" HEADER GOOD_ROW
			 "\" X-1 \",person,other,refer,B,,,,,,,,,\n",
			 "line 4, column 'ref': 'X-1' is already on line 3");
}

static void test_national_missing_version_refused(void **state)
{
	(void)state;
	national_refused("#name: List\n" HEADER GOOD_ROW,
			 "line 2: no '#version:' line above the header");
	national_refused(HEADER GOOD_ROW, "line 1: no '#version:' line above the header");
	/* a typo in the key is caught rather than ignored */
	national_refused("#verison: 1\n" HEADER GOOD_ROW,
			 "line 1: unknown '#verison:' line; this file may have #name:, "
			 "#authority:, #version:");
	national_refused("#version: 1\n#version: 2\n" HEADER GOOD_ROW,
			 "line 2: '#version:' given twice");
	national_refused("#version:\n" HEADER GOOD_ROW, "line 1: '#version:' has no value");
	national_refused("#version: "
			 "0123456789012345678901234567890123456789012345678901234567890123\n" HEADER
				 GOOD_ROW,
			 "line 1: '#version:' is longer than 63 bytes");
}

static void test_national_nul_byte_refused(void **state)
{
	(void)state;
	static const char text[] = "#version: 1\n" HEADER "X-1,person,other,refer,DO\0E,,,,,,,,,\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	assert_int_equal(parse_national(text, sizeof(text) - 1, &src, &g, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "line 3, column 'name': a NUL byte");
	static const char quoted[] =
		"#version: 1\n" HEADER GOOD_ROW "X-2,person,other,refer,A,,,,,,,,,\"x\0\"\n";
	assert_int_equal(parse_national(quoted, sizeof(quoted) - 1, &src, &g, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "line 4, column 'remarks': a NUL byte");
	static const char comment[] = "# a\0b\n#version: 1\n" HEADER GOOD_ROW;
	assert_int_equal(parse_national(comment, sizeof(comment) - 1, &src, &g, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "line 1: a NUL byte");
	got_free(&g);
}

static void test_national_quote_errors_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER GOOD_ROW
			 "X-2,person,other,refer,A,,,,,,,,,\"never closed\nX-3,person\n",
			 "line 4, column 'remarks': a quote that is never closed");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,DOE \"J\",,,,,,,,,\n",
			 "line 3, column 'name': a quote inside an unquoted value");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,\"DOE\" J,,,,,,,,,\n",
			 "line 3, column 'name': text after the closing quote");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,DOE\rJ,,,,,,,,,\n",
			 "line 3, column 'name': a carriage return without a line feed");
	national_refused("#version: 1\n\"ref,subject\n", "line 2: a quote that is never closed");
}

static void test_national_too_long_and_not_utf8_refused(void **state)
{
	(void)state;
	size_t n = 4097;
	char *text = malloc(n + 256);
	assert_non_null(text);
	int o = snprintf(text, 256,
			 "#version: 1\n" HEADER GOOD_ROW "X-2,person,other,refer,A,,,,,,,,,");
	memset(text + o, 'x', n);
	snprintf(text + o + n, 8, "\n");
	national_refused(text, "line 4, column 'remarks': longer than 4096 bytes");
	/* exactly 4096 bytes is accepted */
	snprintf(text + o + n - 1, 8, "\n");
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_national(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 2);
	got_free(&g);
	free(text);

	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,\xcf\xf0\xe8,,,,,,,,,\n",
			 "line 3, column 'name': not UTF-8 text");
	national_refused(
		"#version: 1\n" HEADER "X-1,person,other,refer,"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,,,,,,,,"
		",\n",
		"line 3, column 'name': 'AAAAAAAAAA");
	national_refused("#version: 1\n" HEADER
			 "0123456789012345678901234567890123456789012345678901234567890123,person,"
			 "other,refer,A,,,,,,,,,\n",
			 "is longer than 63 bytes");
}

static void test_national_malformed_lists_and_names_refused(void **state)
{
	(void)state;
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,B||C,,,,,,,,\n",
			 "line 3, column 'aliases': an empty item in a '|' list");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A|B,,,,,,,,,\n",
			 "line 3, column 'name': 'A|B' holds several names; put the others in "
			 "'aliases'");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,,,,,,,,,,\n",
			 "line 3, column 'name': empty; a 'person' entry needs a name");
	national_refused("#version: 1\n" HEADER "X-1,document,other,refer,,,,,,,,,,\n",
			 "line 3, column 'documents': empty; a 'document' entry needs at least "
			 "one document");
	national_refused("#version: 1\n" HEADER ",person,other,refer,A,,,,,,,,,\n",
			 "line 3, column 'ref': empty; every row needs a reference");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,,,,,,,P1:KAZ:P:X,,\n",
			 "line 3, column 'documents': 'P1:KAZ:P:X' is not NUMBER, NUMBER:STATE or "
			 "NUMBER:STATE:TYPE");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,,,,,,,:KAZ:P,,\n",
			 "line 3, column 'documents': ':KAZ:P' is not NUMBER");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,A,,,,,,,--/--:KAZ,,\n",
			 "line 3, column 'documents': '--/--' has no letters or digits");
	national_refused("#version: 1\n" HEADER "X-1,person,other,refer,\"A\tB\",,,,,,,,,\n",
			 "line 3, column 'name': 'A B' contains a control character");
}

static void test_national_without_header_or_rows_refused(void **state)
{
	(void)state;
	national_refused("", "line 1: no header line");
	national_refused("\xEF\xBB\xBF#version: 1\n# only comments\n", "line 3: no header line");
	national_refused("#version: 1\n" HEADER,
			 "no entries after the header; an empty file would retire the whole "
			 "list");
	national_refused("#version: 1\n" HEADER "\n\n", "no entries after the header");
}

/* --- SLTD ------------------------------------------------------------------------------ */

static void test_sltd_fixture_gives_document_entries(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("sltd_v1.csv", &len);
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_sltd(text, len, &src, &g, &err), &err);
	assert_string_equal(src.code, "SLTD");
	assert_string_equal(src.kind, "lost_stolen");
	assert_string_equal(src.name, "Lost and stolen travel documents");
	assert_string_equal(src.authority, "Test passport service");
	assert_string_equal(src.version, "2026-03-02");
	assert_int_equal(g.n, 4);
	assert_string_equal(g.line[0], "TJK:401234567|document|lost_stolen|refer|2025-11-03|-|"
				       "stolen, reported 2025-11-03||||401234567/TJK/P");
	assert_string_equal(g.line[1], "UZB:AA1234568|document|lost_stolen|refer|2026-01-20|-|"
				       "lost, reported 2026-01-20||||AA 123-4568/UZB/P");
	assert_string_equal(g.line[2], "KGZ:N0123457|document|lost_stolen|refer|-|-|revoked||||"
				       "N0123457/KGZ/I");
	assert_string_equal(g.line[3], "D:C01X00T47|document|lost_stolen|refer|2024-06-30|-|"
				       "invalidated, reported 2024-06-30||||C01X00T47/D/-");
	got_free(&g);
	free(text);
}

static void test_sltd_columns_in_any_order(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("sltd_v2.csv", &len);
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_sltd(text, len, &src, &g, &err), &err);
	assert_string_equal(src.authority, "");
	assert_int_equal(g.n, 4);
	assert_string_equal(g.line[3], "KAZ:KZ0000001|document|lost_stolen|refer|2026-03-05|-|"
				       "lost, reported 2026-03-05||||KZ0000001/KAZ/P");
	got_free(&g);
	free(text);
}

#define SLTD_HEADER "#version: 1\nnumber,issuing_state,doc_type,status,reported_on\n"

static void test_sltd_same_number_written_differently_is_a_duplicate(void **state)
{
	(void)state;
	sltd_refused(SLTD_HEADER "401234567,TJK,P,stolen,2025-11-03\n"
				 "401 234 567,UZB,P,lost,\n"
				 "40-123-4567,TJK,P,lost,\n",
		     "line 5, column 'number': 'TJK:401234567' is already on line 3");
	/* the same number from another state is another document */
	static const char text[] = SLTD_HEADER "401234567,TJK,P,stolen,\n401234567,UZB,P,stolen,\n";
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	TU_OK(parse_sltd(text, strlen(text), &src, &g, &err), &err);
	assert_int_equal(g.n, 2);
	got_free(&g);
}

static void test_sltd_malformed_refused(void **state)
{
	(void)state;
	sltd_refused(SLTD_HEADER "401234567,TJK,P,found,\n",
		     "line 3, column 'status': 'found' is not one of stolen, lost, revoked, "
		     "invalidated");
	sltd_refused(SLTD_HEADER "401234567,TJ,P,stolen,\n",
		     "line 3, column 'issuing_state': 'TJ' is not a country code");
	sltd_refused(SLTD_HEADER "401234567,,P,stolen,\n",
		     "line 3, column 'issuing_state': '' is not a country code");
	sltd_refused(SLTD_HEADER "401234567,TJK,P,stolen,03.11.2025\n",
		     "line 3, column 'reported_on': '03.11.2025' is not a date");
	sltd_refused(SLTD_HEADER ",TJK,P,stolen,\n",
		     "line 3, column 'number': empty; every row needs a number");
	sltd_refused(SLTD_HEADER "---,TJK,P,stolen,\n",
		     "line 3, column 'number': '---' has no letters or digits");
	sltd_refused(SLTD_HEADER "01234567890123456789012345678901234567890,TJK,P,stolen,\n",
		     "line 3, column 'number': '01234567890123456789012345678901234567890' is "
		     "longer than 40 bytes");
	sltd_refused(SLTD_HEADER "401234567,TJK,P,stolen\n",
		     "line 3, column 'reported_on': missing");
	sltd_refused("number,issuing_state,doc_type,status,reported_on\n401234567,TJK,P,stolen,\n",
		     "line 1: no '#version:' line");
	sltd_refused("#name: My list\n#version: 1\n", "line 1: unknown '#name:' line; this file "
						      "may have #authority:, #version:");
	sltd_refused("#version: 1\nnumber,issuing_state,doc_type,status\n",
		     "line 2, column 'reported_on': missing from the header");
	sltd_refused("#version: 1\nnumber,issuing_state,doc_type,status,reported_on,name\n",
		     "line 2, column 'name': unknown column; the columns are number, "
		     "issuing_state, doc_type, status, reported_on");
}

/* --- importing into a database ------------------------------------------------------- */

struct fixture {
	struct app app;
	struct session admin;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	tu_demo_app(&f->app);
	tu_login(&f->app, "admin", &f->admin);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_close(&f->app);
	free(f);
	return 0;
}

/* Everything an import may touch, to compare before and after. */
struct counts {
	int64_t sources, entries, active, names, dobs, nats, docs, keys, doc_keys, audit;
	char version[64];
};

static void count(struct db *db, const char *code, struct counts *c)
{
	memset(c, 0, sizeof(*c));
	c->sources = tu_query_int(db, "SELECT count(*) FROM wl_sources");
	c->entries = tu_query_int(db, "SELECT count(*) FROM wl_entries");
	c->active = tu_query_int(db, "SELECT count(*) FROM wl_entries WHERE retired_at IS NULL");
	c->names = tu_query_int(db, "SELECT count(*) FROM wl_names");
	c->dobs = tu_query_int(db, "SELECT count(*) FROM wl_birth_dates");
	c->nats = tu_query_int(db, "SELECT count(*) FROM wl_nationalities");
	c->docs = tu_query_int(db, "SELECT count(*) FROM wl_documents");
	c->keys = tu_query_int(db, "SELECT count(*) FROM wl_keys");
	c->doc_keys = tu_query_int(db, "SELECT count(*) FROM wl_doc_keys");
	c->audit = tu_query_int(db, "SELECT count(*) FROM audit");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT version FROM wl_sources WHERE code = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(db->h));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(c->version, sizeof(c->version), "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void assert_counts_equal(const struct counts *a, const struct counts *b)
{
	assert_int_equal(a->sources, b->sources);
	assert_int_equal(a->entries, b->entries);
	assert_int_equal(a->active, b->active);
	assert_int_equal(a->names, b->names);
	assert_int_equal(a->dobs, b->dobs);
	assert_int_equal(a->nats, b->nats);
	assert_int_equal(a->docs, b->docs);
	assert_int_equal(a->keys, b->keys);
	assert_int_equal(a->doc_keys, b->doc_keys);
	assert_string_equal(a->version, b->version);
}

static int64_t active_in(struct db *db, const char *code)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM wl_entries e JOIN wl_sources s ON s.id = e.source_id "
		 "WHERE s.code = '%s' AND e.retired_at IS NULL",
		 code);
	return tu_query_int(db, sql);
}

static int64_t entry_int(struct db *db, const char *ref, const char *column)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM wl_entries WHERE ref = '%s'", column, ref);
	return tu_query_int(db, sql);
}

static int import_nat(struct fixture *f, const char *path, struct import_result *res,
		      struct error *err)
{
	error_clear(err);
	return import_national_csv(&f->app, &f->admin, path, "TEST-NAT", NULL, NULL, res, err);
}

static void assert_result(const struct import_result *r, long added, long updated, long unchanged,
			  long retired)
{
	assert_int_equal(r->added, added);
	assert_int_equal(r->updated, updated);
	assert_int_equal(r->unchanged, unchanged);
	assert_int_equal(r->retired, retired);
}

static void test_import_national_stores_entries_names_and_keys(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	count(f->app.db, "TEST-NAT", &before);
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	assert_result(&res, 5, 0, 0, 0);
	count(f->app.db, "TEST-NAT", &after);
	assert_int_equal(after.sources, before.sources + 1);
	assert_int_equal(active_in(f->app.db, "TEST-NAT"), 5);
	/* 4 + 4 + 1 + 0 + 3 names, 1 + 3 + 1 + 0 + 1 dates, 1 + 3 + 0 + 1 + 1 documents */
	assert_int_equal(after.names - before.names, 12);
	assert_int_equal(after.dobs - before.dobs, 6);
	assert_int_equal(after.docs - before.docs, 6);
	assert_true(after.keys > before.keys);
	assert_true(after.doc_keys - before.doc_keys >= 6);
	assert_string_equal(after.version, "1");
	assert_int_equal(tu_count_audit(f->app.db, "watchlist.import", "ok"), 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_sources WHERE code = "
						 "'TEST-NAT' AND name = 'Test national list' AND "
						 "authority = 'Test Border Service' AND kind = "
						 "'national'"),
			 1);
}

static void test_import_national_same_file_again_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts first, second;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &first);
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	assert_result(&res, 0, 0, 5, 0);
	count(f->app.db, "TEST-NAT", &second);
	assert_counts_equal(&first, &second);
	/* the same entries saved with a BOM and CRLF are the same entries */
	TU_OK(import_nat(f, FIXTURES "national_v1_bom_crlf.csv", &res, &err), &err);
	assert_result(&res, 0, 0, 5, 0);
}

static void test_import_national_new_version_updates_adds_and_retires(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	int64_t t1 = entry_int(f->app.db, "T-1", "id");
	TU_OK(import_nat(f, FIXTURES "national_v2.csv", &res, &err), &err);
	/* T-1 changed, T-6 is new, T-3 is gone; T-5 differs only in spaces */
	assert_result(&res, 1, 1, 3, 1);
	assert_int_equal(active_in(f->app.db, "TEST-NAT"), 5);
	assert_int_equal(entry_int(f->app.db, "T-1", "id"), t1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-1' AND action = 'arrest' AND remarks = "
						 "'warrant issued'"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-3' AND retired_at IS NOT NULL"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_keys k JOIN wl_entries "
						 "e ON e.id = k.entry_id WHERE e.ref = 'T-3'"),
			 0);
	struct counts c;
	count(f->app.db, "TEST-NAT", &c);
	assert_string_equal(c.version, "2");
}

static void test_import_national_malformed_file_leaves_store_as_before(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &before);
	/* the bad row comes after a changed row, a new one and a dropped one */
	assert_int_equal(import_nat(f, FIXTURES "national_bad_dob.csv", &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "line 9, column 'dob': '1975-13-01' is not a date");
	assert_result(&res, 0, 0, 0, 0);
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
	assert_int_equal(after.audit, before.audit);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'T-1' AND action = 'deny_entry'"),
			 1);
	assert_int_equal(db_in_transaction(f->app.db), 0);
	/* and the next good import works */
	TU_OK(import_nat(f, FIXTURES "national_v2.csv", &res, &err), &err);
	assert_result(&res, 1, 1, 3, 1);
}

static void test_import_national_changed_file_with_same_version_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct counts before, after;
	char path[4096];
	TU_OK(import_nat(f, FIXTURES "national_v1.csv", &res, &err), &err);
	count(f->app.db, "TEST-NAT", &before);
	/* version 1 with T-3 dropped: it could never be retired */
	static const char text[] =
		"#version: 1\n" HEADER
		"T-1,person,terrorism,deny_entry,KHALIMOV Gulmurod,HALIMOV Gulom|KHALIMOV "
		"G.,good|low,ХАЛИМОВ Гулмурод,1975-05-14,TJK,M,401234567:TJK:P,2015-09-29,plain "
		"remark\n";
	tu_path(path, sizeof(path), "same-version.csv");
	tu_write_file(path, text, strlen(text));
	assert_int_equal(import_nat(f, path, &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "version '1' of 'TEST-NAT' is already imported and this file "
			     "differs from it");
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
}

static void test_import_national_officer_refused(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	struct session officer;
	struct counts before, after;
	tu_login(&f->app, "officer", &officer);
	count(f->app.db, "TEST-NAT", &before);
	error_clear(&err);
	assert_int_equal(import_national_csv(&f->app, &officer, FIXTURES "national_v1.csv",
					     "TEST-NAT", NULL, NULL, &res, &err),
			 -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(
		import_sltd(&f->app, &officer, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
		-ERR_DENIED);
	count(f->app.db, "TEST-NAT", &after);
	assert_counts_equal(&before, &after);
}

static void test_import_national_refuses_code_of_another_kind_of_list(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	/* the demo database has a lost/stolen list DEMO-SLTD */
	error_clear(&err);
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "national_v1.csv",
					     "DEMO-SLTD", NULL, NULL, &res, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "source 'DEMO-SLTD' is a 'lost_stolen' list, not a 'national' one");
	assert_int_equal(active_in(f->app.db, "DEMO-SLTD") > 0, 1);
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "national_v1.csv",
					     "bad code", NULL, NULL, &res, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "'bad code' is not a source code");
	assert_int_equal(import_national_csv(&f->app, &f->admin, FIXTURES "missing.csv", "TEST-NAT",
					     NULL, NULL, &res, &err),
			 -ERR_IO);
	TU_CONTAINS(err.msg, "missing.csv");
}

static void test_import_sltd_stores_and_updates(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	error_clear(&err);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
	      &err);
	assert_result(&res, 4, 0, 0, 0);
	assert_int_equal(active_in(f->app.db, "SLTD"), 4);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_doc_keys WHERE number = "
						 "'AA1234568'"),
			 1);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_sources WHERE code = "
						 "'SLTD' AND kind = 'lost_stolen' AND name = 'Lost "
						 "and stolen travel documents'"),
			 1);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v1.csv", NULL, NULL, &res, &err),
	      &err);
	assert_result(&res, 0, 0, 4, 0);
	TU_OK(import_sltd(&f->app, &f->admin, FIXTURES "sltd_v2.csv", NULL, NULL, &res, &err),
	      &err);
	/* AA 123-4568 now stolen, KZ0000001 new, N0123457 gone */
	assert_result(&res, 1, 1, 2, 1);
	assert_int_equal(active_in(f->app.db, "SLTD"), 4);
	assert_int_equal(tu_query_int(f->app.db, "SELECT count(*) FROM wl_entries WHERE ref = "
						 "'UZB:AA1234568' AND remarks = 'stolen, reported "
						 "2026-01-20'"),
			 1);
}

static void progress(long entries, void *ctx)
{
	long *calls = ctx; /* calls[0] counts, calls[1..7] keep the values */
	if (calls[0] < 7)
		calls[++calls[0]] = entries;
}

static void test_import_sltd_reports_progress_every_1000_entries(void **state)
{
	struct fixture *f = *state;
	struct error err;
	struct import_result res;
	size_t cap = 2500 * 40 + 200, o = 0;
	char *text = malloc(cap), path[4096];
	assert_non_null(text);
	o += (size_t)snprintf(text, cap, SLTD_HEADER);
	for (int i = 0; i < 2500; i++)
		o += (size_t)snprintf(text + o, cap - o, "K%07d,KAZ,P,lost,2026-01-01\n", i);
	tu_path(path, sizeof(path), "sltd-2500.csv");
	tu_write_file(path, text, o);
	free(text);
	long calls[8] = { 0 };
	error_clear(&err);
	TU_OK(import_sltd(&f->app, &f->admin, path, progress, calls, &res, &err), &err);
	assert_result(&res, 2500, 0, 0, 0);
	assert_int_equal(calls[0], 3);
	assert_int_equal(calls[1], 1000);
	assert_int_equal(calls[2], 2000);
	assert_int_equal(calls[3], 2500);
}

#define P(f) cmocka_unit_test(f)
#define D(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		P(test_national_fixture_gives_every_column_form),
		P(test_national_bom_and_crlf_give_the_same_entries_as_lf),
		P(test_national_columns_in_any_order_and_optional_ones_left_out),
		P(test_national_comments_blank_lines_and_case_insensitive_keys),
		P(test_national_last_row_without_line_break_and_empty_last_field),
		P(test_national_doc_examples_parse),
		P(test_national_dob_forms),
		P(test_national_single_alias_quality_applies_to_every_alias),
		P(test_national_source_code_refused),
		P(test_national_sink_error_stops_the_parse),
		P(test_national_wrong_field_count_names_line_and_column),
		P(test_national_unknown_column_refused),
		P(test_national_missing_or_repeated_column_refused),
		P(test_national_bad_date_names_line_of_row_start),
		P(test_national_bad_country_refused),
		P(test_national_bad_enumerations_refused),
		P(test_national_duplicate_ref_refused),
		P(test_national_missing_version_refused),
		P(test_national_nul_byte_refused),
		P(test_national_quote_errors_refused),
		P(test_national_too_long_and_not_utf8_refused),
		P(test_national_malformed_lists_and_names_refused),
		P(test_national_without_header_or_rows_refused),
		P(test_sltd_fixture_gives_document_entries),
		P(test_sltd_columns_in_any_order),
		P(test_sltd_same_number_written_differently_is_a_duplicate),
		P(test_sltd_malformed_refused),
		D(test_import_national_stores_entries_names_and_keys),
		D(test_import_national_same_file_again_changes_nothing),
		D(test_import_national_new_version_updates_adds_and_retires),
		D(test_import_national_malformed_file_leaves_store_as_before),
		D(test_import_national_changed_file_with_same_version_refused),
		D(test_import_national_officer_refused),
		D(test_import_national_refuses_code_of_another_kind_of_list),
		D(test_import_sltd_stores_and_updates),
		D(test_import_sltd_reports_progress_every_1000_entries),
	};
	return cmocka_run_group_tests_name("import_csv", tests, NULL, NULL);
}
