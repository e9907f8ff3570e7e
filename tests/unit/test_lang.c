/* app/lang.c: the language table and switching catalogues at run time. */
#include "testutil.h"

#include <libintl.h>

#include "app/lang.h"
#include "i18n/i18n.h"

static void test_lang_find_known_and_unknown(void **state)
{
	(void)state;
	const struct lang *en = lang_find("en"), *ru = lang_find("ru");
	assert_non_null(en);
	assert_non_null(ru);
	assert_string_equal(en->code, "en");
	assert_string_equal(ru->code, "ru");
	assert_string_equal(ru->native, "Русский");
	assert_null(lang_find("xx"));
	assert_null(lang_find("EN"));
	assert_null(lang_find("e"));
	assert_null(lang_find("en_US"));
	assert_null(lang_find(""));
	assert_null(lang_find(NULL));
}

static void test_lang_table_codes_are_unique_and_listed(void **state)
{
	(void)state;
	assert_true(lang_count >= 2);
	assert_string_equal(lang_table[0].code, "en");
	const char *codes = lang_codes();
	for (int i = 0; i < lang_count; i++) {
		TU_CONTAINS(codes, lang_table[i].code);
		assert_ptr_equal(lang_find(lang_table[i].code), &lang_table[i]);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(lang_table[i].code, lang_table[j].code);
	}
	assert_int_equal(strncmp(codes, "en, ru", 6), 0);
}

static void test_lang_use_switches_and_falls_back_to_english(void **state)
{
	(void)state;
	lang_init();
	assert_string_equal(lang_current(), "en");
	assert_string_equal(lang_use("ru"), "ru");
	assert_string_equal(lang_current(), "ru");
	assert_string_equal(getenv("LANGUAGE"), "ru");
	assert_string_equal(lang_use("xx"), "en");
	assert_string_equal(lang_current(), "en");
	assert_string_equal(lang_use(NULL), "en");
}

static void test_lang_init_uses_shekara_localedir(void **state)
{
	(void)state;
	const char *dir = getenv("SHEKARA_LOCALEDIR");
	if (!dir || !*dir)
		skip();
	lang_init();
	assert_string_equal(lang_localedir(), dir);
}

/* The catalogue's header (the translation of "") says which language it is: a check
 * that switching really changes what gettext reads, without depending on any one
 * message being translated yet. */
static void test_lang_use_switches_the_catalogue_gettext_reads(void **state)
{
	(void)state;
	const char *dir = getenv("SHEKARA_LOCALEDIR");
	if (!dir || !*dir)
		skip();
	lang_init();
	lang_use("ru");
	TU_CONTAINS(dgettext(SHEKARA_TEXTDOMAIN, ""), "Language: ru");
	lang_use("en");
	assert_string_equal(dgettext(SHEKARA_TEXTDOMAIN, ""), "");
	lang_use("ru");
	TU_CONTAINS(dgettext(SHEKARA_TEXTDOMAIN, ""), "Language: ru");
	lang_use("en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_find_known_and_unknown),
		cmocka_unit_test(test_lang_table_codes_are_unique_and_listed),
		cmocka_unit_test(test_lang_use_switches_and_falls_back_to_english),
		cmocka_unit_test(test_lang_init_uses_shekara_localedir),
		cmocka_unit_test(test_lang_use_switches_the_catalogue_gettext_reads),
	};
	return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
