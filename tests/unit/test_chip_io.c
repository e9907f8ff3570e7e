/* scanners/chip_io.c: how a chip announces extended length in its ATR (the rest of the
 * read is exercised end to end against tests/chip/vpassport.py by tests/e2e). */
#include "testutil.h"

#include "scanners/chip_io.h"

static int atr(const char *hex)
{
	unsigned char b[64];
	size_t n = 0;
	for (const char *p = hex; p[0] && p[1]; p += 2) {
		unsigned v = 0;
		if (sscanf(p, "%2x", &v) != 1)
			fail_msg("bad hex '%s'", hex);
		b[n++] = (unsigned char)v;
	}
	/* an exact buffer: a read past the ATR trips ASan */
	unsigned char *copy = malloc(n ? n : 1);
	memcpy(copy, b, n);
	int rc = chip_io_atr_extended(copy, n);
	free(copy);
	return rc;
}

static void test_card_capabilities_in_the_historical_bytes(void **state)
{
	(void)state;
	/* PC/SC part 3 contactless ATR: 3B 8n 80 01, historical bytes, TCK */
	assert_int_equal(atr("3B858001807394014022"), 1);
	assert_int_equal(atr("3B858001807394010062"), 0);
	/* TA1 TB1 TC1 TD1, then TD2 with TA3 TB3, before the historical bytes */
	assert_int_equal(atr("3BF5110000813FFE45807394014000"), 1);
	/* category 00: compact-TLV objects, then a 3-byte status indicator */
	assert_int_equal(atr("3B888001007394014081900000"), 1);
	/* other compact-TLV objects before the capabilities */
	assert_int_equal(atr("3B8780018031C07394014000"), 1);
}

static void test_atrs_without_or_with_broken_capabilities(void **state)
{
	(void)state;
	assert_int_equal(atr(""), 0);
	assert_int_equal(atr("3B"), 0);
	assert_int_equal(atr("3B8080010100"), 0);           /* no historical bytes */
	assert_int_equal(atr("3B85800180739401"), 0);       /* cut in the historical bytes */
	assert_int_equal(atr("3B858001807294014022"), 0);   /* capabilities of 2 bytes */
	assert_int_equal(atr("3B85800180799401400000"), 0); /* an object running past */
	assert_int_equal(atr("3BF0"), 0);                   /* interface bytes missing */
	assert_int_equal(atr("3B858001107394014022"), 0);   /* category 10: not compact-TLV */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card_capabilities_in_the_historical_bytes),
		cmocka_unit_test(test_atrs_without_or_with_broken_capabilities),
	};
	return cmocka_run_group_tests_name("chip_io", tests, NULL, NULL);
}
