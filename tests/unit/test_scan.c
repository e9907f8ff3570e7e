/* app/scan.c: how MRZs reach the workstation and what the officer does with them. */
#include "testutil.h"

#include "app/scan.h"

static const char *const TD3[2] = { "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
				    "L898902C36UTO74O8122F1204159ZE184226B<<<<<10" };

/* Types s into the wedge at the given pace; returns what the last key returned. */
static int type(struct scan_wedge *w, const char *s, long long *ms, int gap, char *text,
		int *complete)
{
	int r = 0;
	for (const char *c = s; *c; c++) {
		*ms += gap;
		r = scan_wedge_key(w, *c == '\n' ? '\n' : *c, *ms, text, MRZ_LINES_TEXT_MAX + 1,
				   complete);
	}
	return r;
}

static void test_scan_wedge_fast_mrz_lines_are_a_reader(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1], line[64];
	int complete = 0;
	long long ms = 1000;
	snprintf(line, sizeof(line), "%s\n", TD3[0]);
	assert_int_equal(type(&w, line, &ms, 5, text, &complete), 44);
	assert_false(complete);
	snprintf(line, sizeof(line), "%s\n", TD3[1]);
	assert_int_equal(type(&w, line, &ms, 5, text, &complete), 44);
	assert_true(complete);
	TU_CONTAINS(text, TD3[0]);
	TU_CONTAINS(text, TD3[1]);
}

static void test_scan_wedge_typing_at_human_speed_is_not_a_reader(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1], line[64];
	int complete = 0;
	long long ms = 1000;
	snprintf(line, sizeof(line), "%s\n", TD3[0]);
	assert_int_equal(type(&w, line, &ms, SCAN_WEDGE_GAP_MS + 60, text, &complete), 0);
	assert_false(complete);
}

static void test_scan_wedge_takes_only_the_mrz_tail_of_a_run(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1], line[80];
	int complete = 0;
	long long ms = 1000;
	/* the officer's word and the reader's line run together */
	snprintf(line, sizeof(line), "ABC%s\n", TD3[0]);
	assert_int_equal(type(&w, line, &ms, 2, text, &complete), 44);
}

/* A 2-D scanner types its payload and Enter as fast as an MRZ reader: since issue 7 a
 * fast run that is not an MRZ line is a barcode, taken whole out of the field. */
static void test_scan_wedge_fast_non_mrz_run_is_a_barcode(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1];
	int event = 0;
	long long ms = 1000;
	const char *pass = "M1SMITH/BILL          EABC123 YULFRAAC 0834 326J001A0025 100";
	char line[128];
	snprintf(line, sizeof(line), "%s\n", pass);
	assert_int_equal(type(&w, line, &ms, 1, text, &event), (int)strlen(pass));
	assert_int_equal(event, SCAN_WEDGE_BARCODE);
	assert_int_equal(w.payload_len, (int)strlen(pass));
	assert_memory_equal(w.burst, pass, strlen(pass));
	/* the next key starts afresh */
	ms += 1000;
	assert_int_equal(scan_wedge_key(&w, 'A', ms, text, sizeof(text), &event), 0);
	assert_int_equal(event, SCAN_WEDGE_NONE);
	assert_int_equal(w.payload_len, 0);
}

static void test_scan_wedge_short_fast_run_is_the_officers(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1];
	int event = 0;
	long long ms = 1000;
	assert_int_equal(type(&w, "L898902C3\n", &ms, 1, text, &event), 0);
	assert_int_equal(event, SCAN_WEDGE_NONE);
}

static void test_scan_wedge_run_longer_than_a_symbol_is_no_barcode(void **state)
{
	(void)state;
	struct scan_wedge w;
	scan_wedge_reset(&w);
	char text[MRZ_LINES_TEXT_MAX + 1];
	int event = 0;
	long long ms = 1000;
	/* its start is lost: half a payload must not pass for a whole one */
	for (int i = 0; i < SCAN_WEDGE_MAX + 10; i++)
		scan_wedge_key(&w, 'a' + i % 26, ms += 1, text, sizeof(text), &event);
	assert_int_equal(scan_wedge_key(&w, '\n', ms += 1, text, sizeof(text), &event), 0);
	assert_int_equal(event, SCAN_WEDGE_NONE);
}

static void test_scan_line_state_points_at_bad_character(void **state)
{
	(void)state;
	struct scan_line_state st;
	scan_line_state("P<UTOER/K", "P<UTOER/K", 0, &st);
	assert_int_equal(st.length, 9);
	assert_int_equal(st.bad_col, 7);
	scan_line_state(TD3[1], TD3[0], 1, &st);
	assert_int_equal(st.expected, 44);
	assert_int_equal(st.bad_col, -1);
}

static void test_scan_fields_composes_a_valid_document(void **state)
{
	(void)state;
	struct mrz_fields f = { DOC_TD3, "P",      "UTO", "L898902C3", "ERIKSSON", "ANNA MARIA",
				"UTO",   "740812", "F",   "340415",    NULL };
	struct document d;
	struct error err;
	TU_OK(scan_fields(&f, &d, &err), &err);
	assert_true(document_valid(&d));
	assert_int_equal(d.source, SRC_MRZ_MANUAL);
	assert_string_equal(d.given_names, "ANNA MARIA");
}

static void test_scan_accept_is_audited_and_role_checked(void **state)
{
	struct app *app = *state;
	struct session officer, admin;
	tu_login(app, "officer", &officer);
	tu_login(app, "admin", &admin);
	char text[128];
	snprintf(text, sizeof(text), "%s\n%s\n", TD3[0], TD3[1]);
	struct document d;
	struct error err;
	TU_OK(scan_text(text, strlen(text), SRC_MRZ_WEDGE, &d, &err), &err);
	TU_OK(scan_accept(app, &officer, &d, &err), &err);
	struct tu_audit last;
	tu_last_audit(app->db, &last);
	assert_string_equal(last.action, "document.accept");
	assert_string_equal(last.object_id, "UTO L898902C3");
	assert_string_equal(last.outcome, "invalid");
	TU_CONTAINS(last.detail, "keyboard reader");
	assert_int_equal(scan_accept(app, &admin, &d, &err), -ERR_DENIED);
}

static void test_scan_apply_suggestion_fixes_and_audits(void **state)
{
	struct app *app = *state;
	struct session officer;
	tu_login(app, "officer", &officer);
	char text[128];
	snprintf(text, sizeof(text), "%s\n%s\n", TD3[0], TD3[1]);
	struct document d;
	struct error err;
	TU_OK(scan_text(text, strlen(text), SRC_MRZ_SERIAL, &d, &err), &err);
	assert_true(d.n_suggestions >= 1);
	assert_non_null(strstr(d.mrz[1], "74O812")); /* never applied by itself */
	TU_OK(scan_apply_suggestion(app, &officer, &d, 0, &err), &err);
	assert_non_null(strstr(d.mrz[1], "740812"));
	assert_int_equal(d.birth.year, 1974);
	assert_int_equal(d.source, SRC_MRZ_SERIAL);
	struct tu_audit last;
	tu_last_audit(app->db, &last);
	assert_string_equal(last.action, "mrz.correction");
	TU_CONTAINS(last.detail, "'O' -> '0'");
	assert_int_equal(scan_apply_suggestion(app, &officer, &d, 5, &err), -ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_wedge_fast_mrz_lines_are_a_reader),
		cmocka_unit_test(test_scan_wedge_typing_at_human_speed_is_not_a_reader),
		cmocka_unit_test(test_scan_wedge_takes_only_the_mrz_tail_of_a_run),
		cmocka_unit_test(test_scan_wedge_fast_non_mrz_run_is_a_barcode),
		cmocka_unit_test(test_scan_wedge_short_fast_run_is_the_officers),
		cmocka_unit_test(test_scan_wedge_run_longer_than_a_symbol_is_no_barcode),
		cmocka_unit_test(test_scan_line_state_points_at_bad_character),
		cmocka_unit_test(test_scan_fields_composes_a_valid_document),
		cmocka_unit_test_setup_teardown(test_scan_accept_is_audited_and_role_checked,
						tu_setup_app, tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_scan_apply_suggestion_fixes_and_audits,
						tu_setup_app, tu_teardown_app),
	};
	return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
