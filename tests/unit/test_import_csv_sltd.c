/* app/import_csv.c: sltd_parse on good and refused SLTD lists. */
#include "csv_testutil.h"

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

#define P(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		P(test_sltd_fixture_gives_document_entries),
		P(test_sltd_columns_in_any_order),
		P(test_sltd_same_number_written_differently_is_a_duplicate),
		P(test_sltd_malformed_refused),
	};
	return cmocka_run_group_tests_name("import_csv_sltd", tests, NULL, NULL);
}
