/* scanners/mrz.c: mrz_compose reproduces the specimens, fits names, refuses what cannot fit. */
#include "mrz_testutil.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_td3_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_td1_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_td2_reproduces_the_icao_specimen),
		cmocka_unit_test(test_compose_long_number_continues_in_optional_data),
		cmocka_unit_test(test_compose_names_with_spaces_and_hyphens_use_fillers),
		cmocka_unit_test(test_compose_upper_cases_latin_names),
		cmocka_unit_test(test_compose_truncates_too_long_names_to_the_field),
		cmocka_unit_test(test_compose_refuses_fields_that_cannot_fit),
	};
	return cmocka_run_group_tests_name("mrz_compose", tests, NULL, NULL);
}
