/* app/import_csv.c: national_csv_parse on good and refused national CSV files. */
#include "csv_testutil.h"

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

#define P(f) cmocka_unit_test(f)

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
	};
	return cmocka_run_group_tests_name("import_csv", tests, NULL, NULL);
}
