/* app/import_un.c: un_sc_parse on the fixtures and the real list, refusals, import_read_file. */
#include "un_testutil.h"

/* --- the fixture with every form ----------------------------------------------------- */

static void test_un_sc_source_is_filled_from_the_header_before_the_first_entry(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	TU_OK(parse_fixture("good.xml", &c, &src, &err), &err);
	assert_string_equal(c.src_at_first.code, "UN-SC");
	assert_string_equal(c.src_at_first.kind, "un_sc");
	assert_string_equal(c.src_at_first.name, "UN Security Council Consolidated List");
	assert_string_equal(c.src_at_first.authority, "United Nations Security Council");
	assert_string_equal(c.src_at_first.version, "2020-11-30T20:31:19.923-05:00");
	/* 20:31 at UTC-5 is 01:31 the next day in UTC */
	assert_string_equal(c.src_at_first.updated_at, "2020-12-01T01:31:19.923Z");
	assert_string_equal(src.version, c.src_at_first.version);
}

static void test_un_sc_only_individuals_are_imported_entities_are_skipped(void **state)
{
	(void)state;
	const struct collect *c = good();
	/* three INDIVIDUALs; the two ENTITYs (one of them without a name) are not passed */
	assert_int_equal(c->n, 3);
	assert_string_equal(c->e[0].ref, "QDi.901");
	assert_string_equal(c->e[1].ref, "DATAID:1000002");
	assert_string_equal(c->e[2].ref, "TAi.901");
}

static void test_un_sc_primary_name_joins_trimmed_parts_then_original_script(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* " RI ", "WON  HO ", empty THIRD_NAME, "KIM" */
	assert_name(k, 0, "primary", "good", "RI WON HO KIM");
	assert_name(k, 1, "original_script", "good", "عبدالخالق الحوثي");
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	/* a line break inside SECOND_NAME */
	assert_name(two, 0, "primary", "good", "ANNA MARIA SMITH");
	assert_int_equal(two->n_names, 1); /* its only alias is empty */
}

static void test_un_sc_alias_name_with_semicolons_is_several_aliases(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_name(k, 2, "alias", "good", "Abdul Rehman");
	assert_name(k, 3, "alias", "good", "Abd Ur-Rehman");
	assert_name(k, 4, "alias", "good", "Abdur Rahman"); /* after a line break */
	assert_name(k, 5, "alias", "low", "Haj Qasem");
}

static void test_un_sc_alias_original_with_bracketed_transliterations_gives_each(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* "حسن غول (Hassan Ghul; Hasan Gul)", as QDi.306 in the real list */
	assert_name(k, 6, "alias", "good", "حسن غول");
	assert_name(k, 7, "alias", "good", "Hassan Ghul");
	assert_name(k, 8, "alias", "good", "Hasan Gul");
	/* QUALITY "a.k.a." is a good alias */
	assert_name(k, 9, "alias", "good", "Ri Won Ho");
	assert_int_equal(k->n_names, 10);
}

static void test_un_sc_birth_dates_of_every_type(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_int_equal(k->n_dobs, 5);
	assert_string_equal(k->dobs[0].precision, "exact");
	assert_string_equal(k->dobs[0].date, "1964-07-17");
	assert_string_equal(k->dobs[1].precision, "year"); /* EXACT with YEAR */
	assert_string_equal(k->dobs[1].date, "1975");
	assert_string_equal(k->dobs[2].precision, "approximate"); /* APPROXIMATELY, YEAR */
	assert_string_equal(k->dobs[2].date, "1970");
	/* APPROXIMATELY with an xs:date carrying a time zone: the day as written */
	assert_string_equal(k->dobs[3].precision, "approximate");
	assert_string_equal(k->dobs[3].date, "1966-02-02");
	assert_string_equal(k->dobs[4].precision, "range"); /* BETWEEN */
	assert_true(k->dobs[4].no_date);
	assert_int_equal(k->dobs[4].from, 1955);
	assert_int_equal(k->dobs[4].to, 1958);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(k->dobs[i].from, 0);
		assert_int_equal(k->dobs[i].to, 0);
	}
}

static void test_un_sc_unusable_birth_dates_are_kept_in_the_remarks(void **state)
{
	(void)state;
	/* free text in NOTE, beside the entry's comments */
	TU_CONTAINS(by_ref(good(), "QDi.901")->remarks, "date of birth: Nov. 1973");
	/* 30 February is no date */
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	assert_int_equal(two->n_dobs, 0);
	assert_string_equal(two->remarks, "date of birth: 1981-02-30");
	const struct kept *three = by_ref(good(), "TAi.901");
	assert_int_equal(three->n_dobs, 0);
	TU_CONTAINS(three->remarks, "date of birth: 30-35 years old");
}

static void test_un_sc_nationality_names_become_iso_codes(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_int_equal(k->n_nats, 2);
	assert_string_equal(k->nats[0], "PRK"); /* with a trailing space in the file */
	assert_string_equal(k->nats[1], "IRN");
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	assert_int_equal(two->n_nats, 2);
	assert_string_equal(two->nats[0], "GBR"); /* broken across two lines */
	assert_string_equal(two->nats[1], "TUR");
	assert_string_equal(by_ref(good(), "TAi.901")->nats[0], "AFG"); /* the ISO name */
}

static void test_un_sc_unmapped_nationality_is_kept_in_the_remarks(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_string_equal(k->remarks, "nationality: Sudanese by birth; date of birth: Nov. 1973; "
					"Invented for the test. Second line of the comment.");
}

static void test_un_sc_documents_keep_free_text_numbers_and_map_the_issuer(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* the fourth has no NUMBER and the fifth is empty: not documents */
	assert_int_equal(k->n_docs, 3);
	assert_string_equal(k->docs[0].number, "381310014");
	assert_string_equal(k->docs[0].type, "Passport");
	assert_true(k->docs[0].no_state);
	assert_string_equal(k->docs[1].number, "E 00038718 issued on 4 May 2014");
	assert_string_equal(k->docs[1].type, "National Identification Number");
	assert_string_equal(k->docs[1].state, "TUN"); /* "Tunisian passport" */
	/* ISSUING_COUNTRY "Iran / unknown" says nothing; COUNTRY_OF_ISSUE "RPDC" does */
	assert_string_equal(k->docs[2].number, "654321");
	assert_string_equal(k->docs[2].state, "PRK");
}

static void test_un_sc_entry_fields_ref_category_sex_listed_on(void **state)
{
	(void)state;
	const struct kept *one = by_ref(good(), "QDi.901"); /* " QDi.901 " in the file */
	assert_string_equal(one->subject, "person");
	assert_string_equal(one->action, "deny_entry");
	assert_string_equal(one->category, "terrorism"); /* Al-Qaida */
	assert_string_equal(one->sex, "M");
	assert_string_equal(one->listed_on, "2015-04-14");         /* "2015-04-14-04:00" */
	const struct kept *two = by_ref(good(), "DATAID:1000002"); /* empty REFERENCE_NUMBER */
	assert_string_equal(two->category, "sanctions");           /* DPRK */
	assert_string_equal(two->sex, "F");                        /* "FEMALE" */
	assert_string_equal(two->listed_on, "2017-09-11");
	const struct kept *three = by_ref(good(), "TAi.901");
	assert_string_equal(three->category, "terrorism"); /* Taliban */
	assert_true(three->no_sex);                        /* "Unknown" */
}

static void test_un_sc_remarks_are_cut_at_250_bytes_on_a_utf8_boundary(void **state)
{
	(void)state;
	const char *r = by_ref(good(), "TAi.901")->remarks;
	/* the two-byte "é"s start at byte 99 of the remarks, so byte 250 is the second
	 * half of one: the cut is at 249 */
	assert_int_equal(strlen(r), 249);
	assert_true(valid_utf8(r));
	TU_CONTAINS(r, "date of birth: 30-35 years old; Ünïcödé padding");
}

/* --- refusals ------------------------------------------------------------------------ */

static void test_un_sc_not_xml_is_refused_with_line_and_parser_message(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("not-xml.xml", &c, &src, &err);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "not well-formed XML at line 1: ");
	TU_CONTAINS(err.msg, "Start tag expected"); /* libxml2's own words */
	assert_int_equal(c.n, 0);
}

static void test_un_sc_truncated_xml_is_refused_naming_the_line_where_it_ends(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("truncated.xml", &c, &src, &err);
	assert_int_equal(rc, -ERR_USAGE);
	/* the file stops inside REFERENCE_NUMBER on line 8 */
	TU_CONTAINS(err.msg, "not well-formed XML at line 8: ");
	TU_CONTAINS(err.msg, "REFERENCE_NUMBER");
	/* the parse fails before any entry: the complete first individual is not passed */
	assert_int_equal(c.n, 0);
}

static void test_un_sc_wrong_root_is_not_a_consolidated_list(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("wrong-root.xml", &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "not a UN consolidated list");
	TU_CONTAINS(err.msg, "'sanctionsList'");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_individual_without_any_name_is_refused_naming_its_dataid(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("no-name.xml", &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "DATAID '1000011'");
	TU_CONTAINS(err.msg, "no name");
	/* the one before was passed (an import aborts); the one after never is */
	assert_int_equal(c.n, 1);
}

static int loads;

static xmlParserInputPtr counting_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	loads++;
	return NULL;
}

static void test_un_sc_external_entity_is_neither_fetched_nor_expanded(void **state)
{
	(void)state;
	xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(counting_loader);
	loads = 0;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("xxe.xml", &c, &src, &err);
	xmlSetExternalEntityLoader(old);
	assert_int_equal(loads, 0); /* neither file:///etc/passwd nor http:// was asked for */
	assert_int_equal(rc, -ERR_USAGE);
	TU_CONTAINS(err.msg, "not a UN consolidated list");
	TU_CONTAINS(err.msg, "document type");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_internal_entity_is_not_expanded_into_a_name(void **state)
{
	(void)state;
	/* a billion-laughs seed: refused for its document type before any value is read */
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a \"AAAAAAAAAA\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
		"<CONSOLIDATED_LIST dateGenerated=\"2020-11-30\"><INDIVIDUALS><INDIVIDUAL>"
		"<DATAID>1</DATAID><FIRST_NAME>&b;</FIRST_NAME><REFERENCE_NUMBER>X</"
		"REFERENCE_NUMBER>"
		"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_buf(xml, sizeof(xml) - 1, &c, &src, &err), -ERR_USAGE);
	assert_int_equal(c.n, 0);
}

static void test_un_sc_errors_are_not_printed_on_stderr(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "stderr.txt");
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc1 = parse_fixture("not-xml.xml", &c, &src, &err);
	int rc2 = parse_fixture("truncated.xml", &c, &src, &err);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	assert_true(rc1 < 0 && rc2 < 0);
	size_t len = 99;
	char *text = tu_read_file(path, &len);
	assert_non_null(text);
	if (len != 0)
		fail_msg("libxml2 wrote to stderr: %s", text);
	free(text);
}

static void test_un_sc_sink_error_stops_the_parse_with_its_error(void **state)
{
	(void)state;
	struct collect c = { .fail_at = 2 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("good.xml", &c, &src, &err), -ERR_IO);
	assert_int_equal(c.n, 2);
	assert_string_equal(err.msg, "sink refused entry 2");
}

static void test_un_sc_empty_buffer_and_missing_version_are_refused(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_buf("", 0, &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "empty");
	static const char nodate[] =
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
		"<FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
		"</CONSOLIDATED_LIST>";
	assert_int_equal(parse_buf(nodate, sizeof(nodate) - 1, &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "'dateGenerated'");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_date_generated_without_zone_keeps_only_the_day(void **state)
{
	(void)state;
	static const char xml[] = "<CONSOLIDATED_LIST dateGenerated=\"2021-03-04T10:00:00\">"
				  "<INDIVIDUALS/></CONSOLIDATED_LIST>";
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	TU_OK(parse_buf(xml, sizeof(xml) - 1, &c, &src, &err), &err);
	assert_string_equal(src.version, "2021-03-04T10:00:00");
	assert_string_equal(src.updated_at, "2021-03-04");
	assert_int_equal(c.n, 0);
}

/* --- reading files ------------------------------------------------------------------- */

static void test_import_read_file_reads_whole_file_nul_terminated(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "small.xml");
	tu_write_file(path, "<a>b</a>", 8);
	char *buf;
	size_t len;
	struct error err;
	error_clear(&err);
	TU_OK(import_read_file(path, 8, &buf, &len, &err), &err);
	assert_int_equal(len, 8);
	assert_string_equal(buf, "<a>b</a>");
	free(buf);
}

static void test_import_read_file_refuses_more_than_max(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "big.xml");
	static char data[200000];
	memset(data, 'x', sizeof(data));
	tu_write_file(path, data, sizeof(data));
	char *buf = (char *)1;
	size_t len = 1;
	struct error err;
	error_clear(&err);
	assert_int_equal(import_read_file(path, sizeof(data) - 1, &buf, &len, &err), -ERR_USAGE);
	assert_null(buf);
	assert_int_equal(len, 0);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "larger than");
	/* exactly max is fine; a device has no size to look at, only its bytes */
	TU_OK(import_read_file(path, sizeof(data), &buf, &len, &err), &err);
	assert_int_equal(len, sizeof(data));
	free(buf);
	assert_int_equal(import_read_file("/dev/zero", 100000, &buf, &len, &err), -ERR_USAGE);
}

static void test_import_read_file_names_a_missing_file(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	struct error err;
	error_clear(&err);
	assert_int_equal(import_read_file("/nonexistent/un.xml", 1024, &buf, &len, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "cannot open '/nonexistent/un.xml'");
	assert_int_equal(import_read_file("/tmp", 1024, &buf, &len, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "directory");
}

/* --- the real list ------------------------------------------------------------------- */

static void test_un_sc_real_list_2020_11_30_counts(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	assert_int_equal(len, 1601008);
	static struct collect c;
	memset(&c, 0, sizeof(c));
	struct wl_source src;
	struct error err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TU_OK(parse_buf(buf, len, &c, &src, &err), &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(buf);
	print_message("[  INFO    ] parsed the real UN list (713 individuals) in %.1f ms\n",
		      (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);

	assert_string_equal(src.version, "2020-11-30T20:31:19.923-05:00");
	assert_string_equal(src.updated_at, "2020-12-01T01:31:19.923Z");
	/* xmllint --xpath 'count(//INDIVIDUAL)'; the README says 713 */
	assert_int_equal(c.n, 713);
	assert_int_equal(c.primary, 713);
	/* count(//INDIVIDUAL/NAME_ORIGINAL_SCRIPT[normalize-space()]) */
	assert_int_equal(c.original_script, 366);
	/* 2,112 non-empty ALIAS_NAMEs holding 41 ';': 2,153 names after splitting on ';',
	 * and 4 more from "ORIGINAL (Latin; Latin)" (QDi.299, QDi.306 twice, TAi.154) */
	assert_int_equal(c.alias, 2157);
	/* 616 Low ALIAS_NAMEs, of which three hold several names (IRi.039, QDi.299,
	 * QDi.306): 622 */
	assert_int_equal(c.alias_low, 622);
	assert_int_equal(c.alias_good, 1535);
	/* count(//INDIVIDUAL_DATE_OF_BIRTH[TYPE_OF_DATE='EXACT' and DATE]) and so on */
	assert_int_equal(c.dob_exact, 445);
	assert_int_equal(c.dob_year, 253);
	assert_int_equal(c.dob_approximate, 120);
	assert_int_equal(c.dob_range, 32);
	/* 8 dates of birth only in NOTE ("Nov. 1973", "29 years old") in 6 individuals,
	 * and one COMMENTS1 that says "Other possible date of birth: 1979" */
	assert_int_equal(c.remarks_dob, 7);
	/* 657 non-empty NATIONALITY values: 649 distinct codes per person, 8 in prose */
	assert_int_equal(c.nats, 649);
	assert_int_equal(c.remarks_nationality, 8);
	/* count(//INDIVIDUAL/INDIVIDUAL_DOCUMENT[normalize-space(NUMBER)]) */
	assert_int_equal(c.docs, 428);
	assert_int_equal(c.docs_with_state, 258);
	assert_int_equal(c.longest_doc, 63); /* one NUMBER of 85 bytes, cut */
	/* UN_LIST_TYPE Al-Qaida 262 + Taliban 135 */
	assert_int_equal(c.terrorism, 397);
	assert_int_equal(c.sanctions, 316);
	/* GENDER Male 55, MALE 4, Female 2, Unknown 3, none 649 */
	assert_int_equal(c.male, 59);
	assert_int_equal(c.female, 2);
	assert_int_equal(c.longest_remarks, 250);
	assert_int_equal(c.most_names, 24); /* fits the stored view's 40 */
}

static void test_un_sc_real_list_known_entries(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	static struct collect c;
	memset(&c, 0, sizeof(c));
	struct wl_source src;
	struct error err;
	TU_OK(parse_buf(buf, len, &c, &src, &err), &err);
	free(buf);
	/* the first individual of the file: FIRST_NAME " RI ", passport " 381310014" */
	const struct kept *k = &c.e[0];
	assert_string_equal(k->ref, "KPi.033");
	assert_name(k, 0, "primary", "good", "RI WON HO");
	assert_int_equal(k->n_names, 1);
	assert_string_equal(k->category, "sanctions");
	assert_string_equal(k->listed_on, "2016-11-30");
	assert_int_equal(k->n_dobs, 1);
	assert_string_equal(k->dobs[0].date, "1964-07-17");
	assert_int_equal(k->n_nats, 1);
	assert_string_equal(k->nats[0], "PRK");
	assert_int_equal(k->n_docs, 1);
	assert_string_equal(k->docs[0].number, "381310014");
	assert_string_equal(k->docs[0].type, "Passport");
	TU_CONTAINS(k->remarks, "Ri Won Ho is a DPRK Ministry of State Security Official");
	assert_string_equal(c.e[1].ref, "KPi.037");
	assert_name(&c.e[1], 1, "alias", "good", "Jang Chang Ha");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_un_sc_source_is_filled_from_the_header_before_the_first_entry),
		cmocka_unit_test(test_un_sc_only_individuals_are_imported_entities_are_skipped),
		cmocka_unit_test(test_un_sc_primary_name_joins_trimmed_parts_then_original_script),
		cmocka_unit_test(test_un_sc_alias_name_with_semicolons_is_several_aliases),
		cmocka_unit_test(
			test_un_sc_alias_original_with_bracketed_transliterations_gives_each),
		cmocka_unit_test(test_un_sc_birth_dates_of_every_type),
		cmocka_unit_test(test_un_sc_unusable_birth_dates_are_kept_in_the_remarks),
		cmocka_unit_test(test_un_sc_nationality_names_become_iso_codes),
		cmocka_unit_test(test_un_sc_unmapped_nationality_is_kept_in_the_remarks),
		cmocka_unit_test(test_un_sc_documents_keep_free_text_numbers_and_map_the_issuer),
		cmocka_unit_test(test_un_sc_entry_fields_ref_category_sex_listed_on),
		cmocka_unit_test(test_un_sc_remarks_are_cut_at_250_bytes_on_a_utf8_boundary),
		cmocka_unit_test(test_un_sc_not_xml_is_refused_with_line_and_parser_message),
		cmocka_unit_test(test_un_sc_truncated_xml_is_refused_naming_the_line_where_it_ends),
		cmocka_unit_test(test_un_sc_wrong_root_is_not_a_consolidated_list),
		cmocka_unit_test(
			test_un_sc_individual_without_any_name_is_refused_naming_its_dataid),
		cmocka_unit_test(test_un_sc_external_entity_is_neither_fetched_nor_expanded),
		cmocka_unit_test(test_un_sc_internal_entity_is_not_expanded_into_a_name),
		cmocka_unit_test(test_un_sc_errors_are_not_printed_on_stderr),
		cmocka_unit_test(test_un_sc_sink_error_stops_the_parse_with_its_error),
		cmocka_unit_test(test_un_sc_empty_buffer_and_missing_version_are_refused),
		cmocka_unit_test(test_un_sc_date_generated_without_zone_keeps_only_the_day),
		cmocka_unit_test(test_import_read_file_reads_whole_file_nul_terminated),
		cmocka_unit_test(test_import_read_file_refuses_more_than_max),
		cmocka_unit_test(test_import_read_file_names_a_missing_file),
		cmocka_unit_test(test_un_sc_real_list_2020_11_30_counts),
		cmocka_unit_test(test_un_sc_real_list_known_entries),
	};
	return cmocka_run_group_tests_name("import_un", tests, NULL, NULL);
}
