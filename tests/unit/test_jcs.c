/* scanners/jcs.c through its own API: the depth and size limits a caller sets or meets,
 * the text a number keeps, the canonical form of a value inside a tree, and what json-c
 * alone would take but jcs_parse refuses. RFC 8785's own examples and the number table
 * are in tests/unit/test_vdsnc.c, through vdsnc_canonicalize. Texts sit in buffers of
 * exactly their length, so the ASan build catches a read past the end. */
#include "testutil.h"

#include <json-c/json.h>

#include "scanners/jcs.h"

static struct json_object *parse_n(const char *json, size_t len, int depth, char *why,
				   size_t why_len)
{
	char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, json, len);
	struct json_object *root = jcs_parse(buf, len, depth, why, why_len);
	free(buf);
	return root;
}

static struct json_object *parse_ok(const char *json, int depth)
{
	char why[128] = "";
	struct json_object *root = parse_n(json, strlen(json), depth, why, sizeof(why));
	if (!root)
		fail_msg("refused: %s\n%s", why, json);
	return root;
}

static void parse_refused(const char *json, size_t len, int depth, const char *reason)
{
	char why[128] = "";
	struct json_object *root = parse_n(json, len, depth, why, sizeof(why));
	if (root)
		fail_msg("accepted: %.100s", json);
	TU_CONTAINS(why, reason);
}

static void canon_is(struct json_object *value, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(jcs_canonicalize(value, &out, &len), 0);
	assert_int_equal(len, strlen(want));
	assert_string_equal(out, want);
	free(out);
}

static void test_depth_is_the_callers(void **state)
{
	(void)state;
	json_object_put(parse_ok("[{\"a\":1}]", 2));
	json_object_put(parse_ok("7", 1));
	parse_refused("[{\"a\":[]}]", 10, 2, "nested deeper than 2 levels");
	parse_refused("[]", 2, 0, "no nesting depth");
}

static void test_text_past_the_limit_is_refused_unread(void **state)
{
	(void)state;
	/* a string of exactly JCS_MAX_TEXT bytes, quotes included, is read */
	char *big = malloc(JCS_MAX_TEXT + 1);
	assert_non_null(big);
	memset(big, 'a', JCS_MAX_TEXT + 1);
	big[0] = '"';
	big[JCS_MAX_TEXT - 1] = '"';
	char why[128] = "";
	struct json_object *root = jcs_parse(big, JCS_MAX_TEXT, 1, why, sizeof(why));
	if (!root)
		fail_msg("refused: %s", why);
	assert_int_equal(json_object_get_string_len(root), JCS_MAX_TEXT - 2);
	json_object_put(root);
	big[JCS_MAX_TEXT] = ' ';
	assert_null(jcs_parse(big, JCS_MAX_TEXT + 1, 1, why, sizeof(why)));
	TU_CONTAINS(why, "over the 1048576");
	free(big);
}

static void test_numbers_keep_the_text_they_were_written_with(void **state)
{
	(void)state;
	static const char *const written[] = { "1.50", "1e2", "18446744073709551616", "-0" };
	struct json_object *root = parse_ok("[1.50, 1e2, 18446744073709551616, -0]", 1);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(jcs_number_text(json_object_array_get_idx(root, i)),
				    written[i]);
	/* json-c clamps the big integer; its canonical form comes from the text */
	canon_is(root, "[1.5,100,18446744073709552000,0]");
	json_object_put(root);
}

static void test_a_value_inside_the_tree_has_its_own_canonical_form(void **state)
{
	(void)state;
	struct json_object *root =
		parse_ok("{\"b\": {\"z\": 1, \"a\": [true, null, \"\\u001f\"]}, \"a\": \"x\"}", 3);
	struct json_object *b;
	assert_true(json_object_object_get_ex(root, "b", &b));
	canon_is(b, "{\"a\":[true,null,\"\\u001f\"],\"z\":1}");
	canon_is(root, "{\"a\":\"x\",\"b\":{\"a\":[true,null,\"\\u001f\"],\"z\":1}}");
	json_object_put(root);
}

static void test_what_json_c_would_take_is_refused(void **state)
{
	(void)state;
	static const struct {
		const char *json, *reason;
	} cases[] = {
		{ "{'a':1}", "member name expected" },
		{ "[NaN]", "unexpected character" },
		{ "[1.]", "bad number" },
		{ "[\"a\tb\"]", "control character in a string" },
		{ "[\"\\ud800\"]", "lone surrogate" },
		{ "[\"\xC0\xAF\"]", "invalid UTF-8" },
		{ "{\"a\":1,\"a\":2}", "duplicate member name" },
		{ "{\"a\\u0000b\":1}", "\\u0000 in a member name" },
		{ "[1e400]", "out of range" },
		{ "[1] [2]", "trailing garbage" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_refused(cases[i].json, strlen(cases[i].json), 4, cases[i].reason);
}

static void test_canonicalize_text_is_parse_then_canonicalize(void **state)
{
	(void)state;
	char *out = (char *)1;
	size_t len = 1;
	assert_int_equal(jcs_canonicalize_text("{ \"b\":2, \"a\":[1E3] }", 20, 2, &out, &len), 0);
	assert_string_equal(out, "{\"a\":[1000],\"b\":2}");
	assert_int_equal(len, 18);
	free(out);
	assert_int_equal(jcs_canonicalize_text("[[1]]", 5, 1, &out, &len), -1);
	assert_null(out);
	assert_int_equal(len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_is_the_callers),
		cmocka_unit_test(test_text_past_the_limit_is_refused_unread),
		cmocka_unit_test(test_numbers_keep_the_text_they_were_written_with),
		cmocka_unit_test(test_a_value_inside_the_tree_has_its_own_canonical_form),
		cmocka_unit_test(test_what_json_c_would_take_is_refused),
		cmocka_unit_test(test_canonicalize_text_is_parse_then_canonicalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
