/* app/lang.c: the language table and switching catalogues at run time. */
#include "testutil.h"

#include <libintl.h>

#include "app/lang.h"
#include "app/text.h"
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

/* Dates follow the language: ISO 8601 in English, the catalogue's order elsewhere;
 * unknown parts stay question marks; what is no date is left as it is. */
static void test_lang_dates_follow_the_language(void **state)
{
	(void)state;
	char buf[32];
	lang_init();
	lang_use("en");
	assert_string_equal(lang_date(2026, 11, 2, buf, sizeof(buf)), "2026-11-02");
	assert_string_equal(lang_date(1974, 8, 0, buf, sizeof(buf)), "1974-08-\?\?");
	assert_string_equal(lang_date(0, 0, 0, buf, sizeof(buf)), "\?\?\?\?-\?\?-\?\?");
	assert_string_equal(lang_day_month(11, 22, buf, sizeof(buf)), "11-22");
	assert_string_equal(lang_date_iso("2026-11-22T04:44:21.123Z", buf, sizeof(buf)),
			    "2026-11-22");
	assert_string_equal(lang_date_iso("1975", buf, sizeof(buf)), "1975");
	assert_string_equal(lang_date_iso("2026-1x-22", buf, sizeof(buf)), "2026-1x-22");
	assert_string_equal(lang_date(2026, 11, 2, buf, 6), "2026-");
	const char *dir = getenv("SHEKARA_LOCALEDIR");
	if (!dir || !*dir)
		return;
	lang_use("ru");
	assert_string_equal(lang_date(2026, 11, 2, buf, sizeof(buf)), "02.11.2026");
	assert_string_equal(lang_date(1974, 8, 0, buf, sizeof(buf)), "\?\?.08.1974");
	assert_string_equal(lang_day_month(11, 22, buf, sizeof(buf)), "22.11");
	assert_string_equal(lang_date_iso("2026-11-22T04:44:21.123Z", buf, sizeof(buf)),
			    "22.11.2026");
	assert_string_equal(text_minute("2026-11-22T04:44:21.123Z", buf, sizeof(buf)),
			    "22.11.2026 04:44");
	lang_use("en");
}

/* The officer's own language: Russian and every state language of the region, each
 * with a catalogue of its own that gettext really reads. */
static void test_every_language_of_the_region_has_its_catalogue(void **state)
{
	(void)state;
	static const char *const region[] = { "ru", "kk", "ky", "uz", "tg", "tk" };
	for (size_t i = 0; i < sizeof(region) / sizeof(region[0]); i++)
		assert_non_null(lang_find(region[i]));
	const char *dir = getenv("SHEKARA_LOCALEDIR");
	if (!dir || !*dir)
		skip();
	lang_init();
	for (int i = 1; i < lang_count; i++) {
		char want[32];
		snprintf(want, sizeof(want), "Language: %s", lang_table[i].code);
		lang_use(lang_table[i].code);
		TU_CONTAINS(dgettext(SHEKARA_TEXTDOMAIN, ""), want);
		/* and a message of the program, not only the header */
		assert_string_not_equal(_("Log out"), "Log out");
	}
	lang_use("en");
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
		cmocka_unit_test(test_lang_dates_follow_the_language),
		cmocka_unit_test(test_every_language_of_the_region_has_its_catalogue),
		cmocka_unit_test(test_lang_init_uses_shekara_localedir),
		cmocka_unit_test(test_lang_use_switches_the_catalogue_gettext_reads),
	};
	return cmocka_run_group_tests_name("lang", tests, NULL, NULL);
}
