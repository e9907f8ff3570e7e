/* scanners/mrz_lines.c: a reader's byte stream assembled into MRZ documents. */
#include "testutil.h"

#include "scanners/mrz_lines.h"

/* ICAO Doc 9303 specimens */
#define TD3_1  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_2  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
#define TD2_1  "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define TD2_2  "D231458907UTO7408122F1204159<<<<<<<6"
#define TD1_1  "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_2  "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_3  "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
#define MRVA_1 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define MRVA_2 "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"

#define TD3 TD3_1 "\n" TD3_2
#define TD2 TD2_1 "\n" TD2_2
#define TD1 TD1_1 "\n" TD1_2 "\n" TD1_3

enum { MAX_DOCS = 16 };

struct got {
	int n;
	char doc[MAX_DOCS][MRZ_LINES_TEXT_MAX + 1];
};

/* Feeds len bytes in chunks of `chunk` (0: all at once) and drains after each chunk. */
static void feed_chunked(struct mrz_lines *a, const char *data, size_t len, size_t chunk,
			 struct got *g)
{
	char out[MRZ_LINES_TEXT_MAX + 1];
	size_t step = chunk ? chunk : (len ? len : 1);
	for (size_t off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step;
		int rc = mrz_lines_feed(a, data + off, n, out, sizeof(out));
		while (rc == 1) {
			if (g->n == MAX_DOCS)
				fail_msg("more than %d documents", MAX_DOCS);
			memcpy(g->doc[g->n++], out, sizeof(out));
			rc = mrz_lines_feed(a, NULL, 0, out, sizeof(out));
		}
		assert_int_equal(rc, 0);
	}
}

static struct got feed(const char *s)
{
	struct mrz_lines a;
	struct got g = { 0 };
	mrz_lines_reset(&a);
	feed_chunked(&a, s, strlen(s), 0, &g);
	return g;
}

static void expect_one(const char *stream, const char *doc)
{
	struct got g = feed(stream);
	if (g.n != 1)
		fail_msg("%d documents from '%s'", g.n, stream);
	assert_string_equal(g.doc[0], doc);
}

static void expect_none(const char *stream)
{
	struct got g = feed(stream);
	if (g.n != 0)
		fail_msg("'%s' gave a document: '%s'", stream, g.doc[0]);
}

static void test_td3_with_lf_cr_and_crlf(void **state)
{
	(void)state;
	expect_one(TD3_1 "\n" TD3_2 "\n", TD3);
	expect_one(TD3_1 "\r" TD3_2 "\r", TD3);
	expect_one(TD3_1 "\r\n" TD3_2 "\r\n", TD3);
	expect_one(TD3_1 "\n\r" TD3_2 "\n\r", TD3);
	expect_one(MRVA_1 "\r\n" MRVA_2 "\r\n", MRVA_1 "\n" MRVA_2);
}

static void test_td2_with_lf_cr_and_crlf(void **state)
{
	(void)state;
	expect_one(TD2_1 "\n" TD2_2 "\n", TD2);
	expect_one(TD2_1 "\r" TD2_2 "\r", TD2);
	expect_one(TD2_1 "\r\n" TD2_2 "\r\n", TD2);
}

static void test_td1_with_lf_cr_and_crlf(void **state)
{
	(void)state;
	expect_one(TD1_1 "\n" TD1_2 "\n" TD1_3 "\n", TD1);
	expect_one(TD1_1 "\r" TD1_2 "\r" TD1_3 "\r", TD1);
	expect_one(TD1_1 "\r\n" TD1_2 "\r\n" TD1_3 "\r\n", TD1);
}

static void test_document_waits_for_the_end_of_its_last_line(void **state)
{
	(void)state;
	struct mrz_lines a;
	char out[MRZ_LINES_TEXT_MAX + 1];
	mrz_lines_reset(&a);
	const char *s = TD3_1 "\r\n" TD3_2;
	assert_int_equal(mrz_lines_feed(&a, s, strlen(s), out, sizeof(out)), 0);
	assert_int_equal(mrz_lines_feed(&a, "\r", 1, out, sizeof(out)), 1);
	assert_string_equal(out, TD3);
	/* the LF of that CRLF is not a blank line, and there is nothing more */
	assert_int_equal(mrz_lines_feed(&a, "\n", 1, out, sizeof(out)), 0);
}

static void test_byte_by_byte_gives_the_same_documents(void **state)
{
	(void)state;
	const char *s = TD1_1 "\r\n" TD1_2 "\r\n" TD1_3 "\r\n\r\n" TD3_1 "\r\n" TD3_2 "\r\n";
	for (size_t chunk = 1; chunk <= 7; chunk++) {
		struct mrz_lines a;
		struct got g = { 0 };
		mrz_lines_reset(&a);
		feed_chunked(&a, s, strlen(s), chunk, &g);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.doc[0], TD1);
		assert_string_equal(g.doc[1], TD3);
	}
}

static void test_two_documents_in_one_chunk_are_drained_with_len_0(void **state)
{
	(void)state;
	struct mrz_lines a;
	char out[MRZ_LINES_TEXT_MAX + 1];
	mrz_lines_reset(&a);
	const char *s = TD3_1 "\r" TD3_2 "\r" TD2_1 "\r" TD2_2 "\r";
	assert_int_equal(mrz_lines_feed(&a, s, strlen(s), out, sizeof(out)), 1);
	assert_string_equal(out, TD3);
	assert_int_equal(mrz_lines_feed(&a, NULL, 0, out, sizeof(out)), 1);
	assert_string_equal(out, TD2);
	assert_int_equal(mrz_lines_feed(&a, NULL, 0, out, sizeof(out)), 0);
}

static void test_stx_and_etx_are_dropped(void **state)
{
	(void)state;
	expect_one("\x02" TD3_1 "\r\n" TD3_2 "\r\n\x03", TD3);
	/* ETX ends the last line when no line end follows it */
	expect_one("\x02" TD3_1 "\r" TD3_2 "\x03", TD3);
	/* and a line end right after ETX is not a blank line */
	struct got g = feed("\x02" TD1_1 "\r\n" TD1_2 "\x03\r\n" TD1_3 "\r\n");
	assert_int_equal(g.n, 1);
	assert_string_equal(g.doc[0], TD1);
	/* framed documents one after the other */
	g = feed("\x02" TD2_1 "\r" TD2_2 "\x03\r\n\x02" TD1_1 "\r" TD1_2 "\r" TD1_3 "\r\x03");
	assert_int_equal(g.n, 2);
	assert_string_equal(g.doc[0], TD2);
	assert_string_equal(g.doc[1], TD1);
	/* other control bytes vanish too, NUL among them */
	static const char ctl[] = "\x1b" TD3_1 "\x7f\r\n\x00" TD3_2 "\x01\r\n";
	struct mrz_lines a;
	mrz_lines_reset(&a);
	g = (struct got){ 0 };
	feed_chunked(&a, ctl, sizeof(ctl) - 1, 0, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.doc[0], TD3);
}

static void test_non_mrz_line_between_resets(void **state)
{
	(void)state;
	expect_none(TD3_1 "\nHELLO\n" TD3_2 "\n");
	expect_none(TD1_1 "\n" TD1_2 "\nP<UTO ERIKSSON\n" TD1_3 "\n");
	/* lower case is not MRZ text */
	expect_none("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\n" TD3_2 "\n");
	/* the next document is read normally */
	expect_one(TD3_1 "\nHELLO\n" TD3_2 "\n" TD3_1 "\n" TD3_2 "\n", TD3);
}

static void test_mismatched_lengths_reset_and_keep_the_new_line(void **state)
{
	(void)state;
	expect_none(TD3_1 "\n" TD2_2 "\n");
	expect_none(TD1_1 "\n" TD1_2 "\n" TD3_2 "\n");
	/* the TD2 line that broke the TD3 starts a document of its own */
	expect_one(TD3_1 "\n" TD2_1 "\n" TD2_2 "\n", TD2);
}

static void test_overlong_lines_are_discarded_whole(void **state)
{
	(void)state;
	char big[10000 + sizeof(TD3) + 8];
	memset(big, 'A', 10000);
	snprintf(big + 10000, sizeof(big) - 10000, "\n%s", TD3_1 "\n" TD3_2 "\n");
	/* a line of 10,000 letters, then a document */
	expect_one(big, TD3);
	/* a line just past the limit whose end would look like an MRZ line */
	char line[MRZ_LINES_MAX_RAW + 64];
	snprintf(line, sizeof(line), "%s%s\n%s\n", "XXXXXXXXXXXXXXXXXXXXX", TD3_1, TD3_2);
	expect_none(line);
	/* in the middle of a document */
	snprintf(big + 10000, sizeof(big) - 10000, "\n%s", TD3_2 "\n");
	memcpy(big, TD3_1 "\n", 45);
	expect_none(big);
}

static void test_blank_line_in_the_middle_of_td1_resets(void **state)
{
	(void)state;
	expect_none(TD1_1 "\n\n" TD1_2 "\n" TD1_3 "\n");
	expect_none(TD1_1 "\r\n" TD1_2 "\r\n\r\n" TD1_3 "\r\n");
	expect_none(TD1_1 "\r\r" TD1_2 "\r" TD1_3 "\r");
	/* a line of spaces is blank too */
	expect_none(TD1_1 "\n   \n" TD1_2 "\n" TD1_3 "\n");
	/* blank lines between documents are fine */
	struct got g = feed("\r\n\r\n" TD1 "\r\n\r\n\r\n" TD2_1 "\r\n" TD2_2 "\r\n\r\n");
	assert_int_equal(g.n, 2);
}

static void test_spaces_are_trimmed_around_a_line(void **state)
{
	(void)state;
	expect_one("  " TD3_1 "   \r\n\t" TD3_2 " \t\r\n", TD3);
	/* trailing spaces do not count towards the length limit */
	expect_one(TD3_1 "                                                            \n" TD3_2
			 "\n",
		   TD3);
	/* but a space inside the line is not MRZ text */
	expect_none("P<UTOERIKSSON<<ANNA <MARIA<<<<<<<<<<<<<<<<<<\n" TD3_2 "\n");
}

static void test_a_stray_line_does_not_pair_the_next_documents_wrong(void **state)
{
	(void)state;
	/* half a document (a bad scan), then documents with nothing between them */
	const char *streams[] = {
		TD3_1 "\r" TD3 "\r" TD3 "\r", TD3_2 "\r" TD3 "\r" TD3 "\r",
		TD1_1 "\r" TD1 "\r" TD1 "\r", TD1_2 "\r" TD1 "\r" TD1 "\r",
		TD1_3 "\r" TD1 "\r" TD1 "\r", TD1_1 "\r" TD1_2 "\r" TD1 "\r" TD1 "\r",
	};
	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		char s[512];
		snprintf(s, sizeof(s), "%s", streams[i]);
		for (char *p = s; *p; p++)
			if (*p == '\n')
				*p = '\r';
		struct got g = feed(s);
		const char *want = strlen(TD1_1) == (size_t)(strchr(s, '\r') - s) ? TD1 : TD3;
		if (g.n != 2)
			fail_msg("stream %zu: %d documents", i, g.n);
		assert_string_equal(g.doc[0], want);
		assert_string_equal(g.doc[1], want);
	}
}

/* A reader's OCR misread in a check digit (G for 6) must still make a document, so
 * that the parser can offer the correction. */
static void test_ocr_letter_in_check_digit_still_assembles(void **state)
{
	(void)state;
	struct got g = feed("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r"
			    "L898902C3GUTO7408122F1204159ZE184226B<<<<<10\r");
	assert_int_equal(g.n, 1);
	assert_non_null(strstr(g.doc[0], "L898902C3GUTO"));
}

static void test_full_queue_drops_the_oldest(void **state)
{
	(void)state;
	/* ten documents in one chunk, told apart by their last character */
	char s[10 * 80];
	size_t n = 0;
	for (int i = 0; i < 10; i++) {
		char line2[] = TD2_2;
		line2[35] = (char)('0' + i);
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s\n%s\n", TD2_1, line2);
	}
	struct mrz_lines a;
	char out[MRZ_LINES_TEXT_MAX + 1];
	mrz_lines_reset(&a);
	int got = mrz_lines_feed(&a, s, n, out, sizeof(out));
	int first = 1;
	char last = 0;
	for (; got == 1; got = mrz_lines_feed(&a, NULL, 0, out, sizeof(out))) {
		char c = out[strlen(out) - 1];
		if (first)
			assert_int_equal(c, '0' + 10 - MRZ_LINES_QUEUE);
		first = 0;
		last = c;
	}
	assert_int_equal(last, '9');
	assert_int_equal(a.dropped, 10 - MRZ_LINES_QUEUE);
}

static void test_small_out_buffer_gets_nothing_and_keeps_the_document(void **state)
{
	(void)state;
	struct mrz_lines a;
	char out[MRZ_LINES_TEXT_MAX + 1];
	mrz_lines_reset(&a);
	const char *s = TD3_1 "\n" TD3_2 "\n";
	memset(out, 'x', sizeof(out));
	assert_int_equal(mrz_lines_feed(&a, s, strlen(s), out, 50), 0);
	assert_int_equal(out[0], 'x');
	assert_int_equal(mrz_lines_feed(&a, s, 0, NULL, 0), 0);
	assert_int_equal(mrz_lines_feed(&a, NULL, 0, out, sizeof(out)), 1);
	assert_string_equal(out, TD3);
}

static void test_discard_partial_keeps_complete_documents(void **state)
{
	(void)state;
	struct mrz_lines a;
	char out[MRZ_LINES_TEXT_MAX + 1];
	mrz_lines_reset(&a);
	const char *s = TD2_1 "\n" TD2_2 "\n" TD3_1 "\n" TD3_2;
	assert_int_equal(mrz_lines_feed(&a, s, strlen(s), NULL, 0), 0);
	mrz_lines_discard_partial(&a);
	/* the unfinished line no longer joins what comes next */
	assert_int_equal(mrz_lines_feed(&a, "\n", 1, out, sizeof(out)), 1);
	assert_string_equal(out, TD2);
	assert_int_equal(mrz_lines_feed(&a, NULL, 0, out, sizeof(out)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_td3_with_lf_cr_and_crlf),
		cmocka_unit_test(test_td2_with_lf_cr_and_crlf),
		cmocka_unit_test(test_td1_with_lf_cr_and_crlf),
		cmocka_unit_test(test_document_waits_for_the_end_of_its_last_line),
		cmocka_unit_test(test_byte_by_byte_gives_the_same_documents),
		cmocka_unit_test(test_two_documents_in_one_chunk_are_drained_with_len_0),
		cmocka_unit_test(test_stx_and_etx_are_dropped),
		cmocka_unit_test(test_non_mrz_line_between_resets),
		cmocka_unit_test(test_mismatched_lengths_reset_and_keep_the_new_line),
		cmocka_unit_test(test_overlong_lines_are_discarded_whole),
		cmocka_unit_test(test_blank_line_in_the_middle_of_td1_resets),
		cmocka_unit_test(test_spaces_are_trimmed_around_a_line),
		cmocka_unit_test(test_a_stray_line_does_not_pair_the_next_documents_wrong),
		cmocka_unit_test(test_ocr_letter_in_check_digit_still_assembles),
		cmocka_unit_test(test_full_queue_drops_the_oldest),
		cmocka_unit_test(test_small_out_buffer_gets_nothing_and_keeps_the_document),
		cmocka_unit_test(test_discard_partial_keeps_complete_documents),
	};
	return cmocka_run_group_tests_name("mrz_lines", tests, NULL, NULL);
}
