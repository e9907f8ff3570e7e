/* scanners/mrz.c: the 7-3-1 oracle, mrz_check_digit, formats, what is an MRZ, fields. */
#include "mrz_testutil.h"

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
		cmocka_unit_test(test_line_shaped_accepts_30_36_44_of_the_mrz_set_only),
	};
	return cmocka_run_group_tests_name("mrz", tests, NULL, NULL);
}
