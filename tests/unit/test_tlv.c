/* scanners/tlv.c: tags of one to three bytes, lengths of one to five bytes, and every
 * way a chip's answer can lie about them. Inputs sit in buffers of exactly their
 * length, so the ASan build catches a read past the end. */
#include "testutil.h"

#include "scanners/tlv.h"

static int parse(const unsigned char *bytes, size_t len, struct tlv *t)
{
	unsigned char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, bytes, len);
	int rc = tlv_parse(buf, len, t);
	if (rc == 0) {
		/* point into the caller's bytes, not the copy about to be freed */
		t->value = bytes + (t->value - buf);
	}
	free(buf);
	return rc;
}

static void test_one_byte_tag_short_length(void **state)
{
	(void)state;
	static const unsigned char b[] = { 0x5C, 0x02, 0x61, 0x75, 0xEE };
	struct tlv t;
	assert_int_equal(parse(b, sizeof(b), &t), 0);
	assert_int_equal(t.tag, 0x5C);
	assert_int_equal(t.constructed, 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.size, 4);
	assert_ptr_equal(t.value, b + 2);
}

static void test_two_and_three_byte_tags(void **state)
{
	(void)state;
	struct tlv t;
	static const unsigned char b2[] = { 0x7F, 0x61, 0x01, 0x00 };
	assert_int_equal(parse(b2, sizeof(b2), &t), 0);
	assert_int_equal(t.tag, 0x7F61);
	assert_int_equal(t.constructed, 1);
	/* 5F01: 7816-4 allows a subsequent byte below 31 */
	static const unsigned char b5[] = { 0x5F, 0x01, 0x00 };
	assert_int_equal(parse(b5, sizeof(b5), &t), 0);
	assert_int_equal(t.tag, 0x5F01);
	assert_int_equal(t.len, 0);
	static const unsigned char b3[] = { 0x5F, 0x81, 0x01, 0x01, 0xAA };
	assert_int_equal(parse(b3, sizeof(b3), &t), 0);
	assert_int_equal(t.tag, 0x5F8101);
	assert_int_equal(t.size, 5);
}

static void test_tags_longer_than_three_bytes_or_padded_are_refused(void **state)
{
	(void)state;
	struct tlv t;
	static const unsigned char four[] = { 0x5F, 0x81, 0x81, 0x01, 0x00 };
	assert_int_equal(parse(four, sizeof(four), &t), -1);
	static const unsigned char leading[] = { 0x5F, 0x80, 0x01, 0x00 };
	assert_int_equal(parse(leading, sizeof(leading), &t), -1);
	static const unsigned char zero[] = { 0x00, 0x00 };
	assert_int_equal(parse(zero, sizeof(zero), &t), -1);
	static const unsigned char ff[] = { 0xFF, 0x00 };
	assert_int_equal(parse(ff, sizeof(ff), &t), -1);
	/* the tag runs off the end */
	static const unsigned char cut[] = { 0x5F, 0x81 };
	assert_int_equal(parse(cut, sizeof(cut), &t), -1);
}

static void test_long_lengths_81_to_84(void **state)
{
	(void)state;
	struct tlv t;
	static unsigned char buf[70000];
	memset(buf, 0xAB, sizeof(buf));
	buf[0] = 0x04, buf[1] = 0x81, buf[2] = 0x80;
	assert_int_equal(tlv_parse(buf, 3 + 0x80, &t), 0);
	assert_int_equal(t.len, 0x80);
	assert_int_equal(t.size, 3 + 0x80);
	buf[1] = 0x82, buf[2] = 0x01, buf[3] = 0x00;
	assert_int_equal(tlv_parse(buf, 4 + 0x100, &t), 0);
	assert_int_equal(t.len, 0x100);
	buf[1] = 0x83, buf[2] = 0x01, buf[3] = 0x00, buf[4] = 0x01;
	assert_int_equal(tlv_parse(buf, 5 + 0x10001, &t), 0);
	assert_int_equal(t.len, 0x10001);
	buf[1] = 0x84, buf[2] = 0x00, buf[3] = 0x01, buf[4] = 0x00, buf[5] = 0x02;
	assert_int_equal(tlv_parse(buf, 6 + 0x10002, &t), 0);
	assert_int_equal(t.len, 0x10002);
	/* a length in more bytes than needed is accepted: hashes are over the bytes read */
	static const unsigned char wide[] = { 0x04, 0x82, 0x00, 0x01, 0x7E };
	assert_int_equal(parse(wide, sizeof(wide), &t), 0);
	assert_int_equal(t.len, 1);
}

static void test_indefinite_and_oversized_lengths_are_refused(void **state)
{
	(void)state;
	struct tlv t;
	static const unsigned char indefinite[] = { 0x30, 0x80, 0x04, 0x00, 0x00, 0x00 };
	assert_int_equal(parse(indefinite, sizeof(indefinite), &t), -1);
	static const unsigned char five[] = { 0x04, 0x85, 0, 0, 0, 0, 1, 0xAA };
	assert_int_equal(parse(five, sizeof(five), &t), -1);
	/* the length bytes run off the end */
	static const unsigned char cut[] = { 0x04, 0x82, 0x01 };
	assert_int_equal(parse(cut, sizeof(cut), &t), -1);
	/* the value runs off the end, by one byte and by four gigabytes */
	static const unsigned char past[] = { 0x04, 0x03, 0x01, 0x02 };
	assert_int_equal(parse(past, sizeof(past), &t), -1);
	static const unsigned char huge[] = { 0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 };
	assert_int_equal(parse(huge, sizeof(huge), &t), -1);
	assert_int_equal(tlv_parse(NULL, 0, &t), -1);
	assert_int_equal(parse(past, 1, &t), -1);
}

static void test_every_truncation_of_a_nested_object_is_refused(void **state)
{
	(void)state;
	static const unsigned char com[] = { 0x60, 0x14, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30,
					     0x36, 0x5F, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30,
					     0x30, 0x30, 0x5C, 0x02, 0x61, 0x75 };
	struct tlv t;
	assert_int_equal(parse(com, sizeof(com), &t), 0);
	assert_int_equal(t.size, sizeof(com));
	for (size_t n = 0; n < sizeof(com); n++)
		assert_int_equal(parse(com, n, &t), -1);
}

static void test_find_walks_one_level_in_order(void **state)
{
	(void)state;
	static const unsigned char v[] = { 0x5F, 0x01, 0x01, 0x31, 0x5F, 0x36, 0x01,
					   0x32, 0x5C, 0x01, 0x61, 0x5C, 0x01, 0x75 };
	struct tlv t;
	assert_int_equal(tlv_find(v, sizeof(v), 0x5C, &t), 1);
	assert_int_equal(t.value[0], 0x61); /* the first */
	assert_int_equal(tlv_find(v, sizeof(v), 0x5F36, &t), 1);
	assert_int_equal(t.value[0], 0x32);
	assert_int_equal(tlv_find(v, sizeof(v), 0x61, &t), 0); /* inside a value: not seen */
	assert_int_equal(tlv_find(v, 0, 0x5C, &t), 0);
	/* malformed before the tag is reached */
	assert_int_equal(tlv_find(v, sizeof(v) - 1, 0x99, &t), -1);
	/* found before the damage: 1 */
	assert_int_equal(tlv_find(v, sizeof(v) - 1, 0x5F01, &t), 1);
}

static void test_header_round_trips(void **state)
{
	(void)state;
	static const struct {
		unsigned tag;
		size_t len;
		const char *want;
		size_t want_len;
	} cases[] = {
		{ 0x87, 9, "\x87\x09", 2 },
		{ 0x87, 0x7F, "\x87\x7F", 2 },
		{ 0x87, 0x80, "\x87\x81\x80", 3 },
		{ 0x87, 0xFF, "\x87\x81\xFF", 3 },
		{ 0x87, 0x100, "\x87\x82\x01\x00", 4 },
		{ 0x7F61, 0x10000, "\x7F\x61\x83\x01\x00\x00", 6 },
		{ 0x5F8101, 0x1000000, "\x5F\x81\x01\x84\x01\x00\x00\x00", 8 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char out[8];
		size_t n = tlv_header(cases[i].tag, cases[i].len, out);
		assert_int_equal(n, cases[i].want_len);
		assert_memory_equal(out, cases[i].want, n);
		if (cases[i].len <= 0x100) {
			static unsigned char buf[0x200];
			memcpy(buf, out, n);
			struct tlv t;
			assert_int_equal(tlv_parse(buf, n + cases[i].len, &t), 0);
			assert_int_equal(t.tag, cases[i].tag);
			assert_int_equal(t.len, cases[i].len);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_byte_tag_short_length),
		cmocka_unit_test(test_two_and_three_byte_tags),
		cmocka_unit_test(test_tags_longer_than_three_bytes_or_padded_are_refused),
		cmocka_unit_test(test_long_lengths_81_to_84),
		cmocka_unit_test(test_indefinite_and_oversized_lengths_are_refused),
		cmocka_unit_test(test_every_truncation_of_a_nested_object_is_refused),
		cmocka_unit_test(test_find_walks_one_level_in_order),
		cmocka_unit_test(test_header_round_trips),
	};
	return cmocka_run_group_tests_name("tlv", tests, NULL, NULL);
}
