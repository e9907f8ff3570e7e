/* scanners/country.c: MRZ issuing-state and nationality codes, and their names. */
#include "testutil.h"

#include <stdbool.h>

#include "app/lang.h"
#include "scanners/country.h"

#define ISO_RU_MO "/usr/share/locale/ru/LC_MESSAGES/iso_3166-1.mo"

static const struct country *find(const char *code)
{
	return country_find(code, strlen(code));
}

static void assert_country(const char *code, const char *name, int icao)
{
	const struct country *c = find(code);
	if (!c)
		fail_msg("'%s' not found", code);
	assert_string_equal(c->code, code);
	assert_string_equal(c->name, name);
	assert_int_equal(c->icao, icao);
}

static void test_country_find_iso_codes_with_iso_codes_names(void **state)
{
	(void)state;
	assert_country("KAZ", "Kazakhstan", 0);
	assert_country("KGZ", "Kyrgyzstan", 0);
	assert_country("UZB", "Uzbekistan", 0);
	assert_country("TJK", "Tajikistan", 0);
	assert_country("TKM", "Turkmenistan", 0);
	assert_country("RUS", "Russian Federation", 0);
	assert_country("CHN", "China", 0);
	assert_country("AFG", "Afghanistan", 0);
	/* first and last of the table, where an off-by-one in a search shows */
	assert_country("ABW", "Aruba", 0);
	assert_country("ZWE", "Zimbabwe", 0);
}

static void test_country_find_icao_specific_codes(void **state)
{
	(void)state;
	assert_country("D", "Germany", 1);
	assert_country("UTO", "Utopia (specimen)", 1);
	assert_country("GBD", "British Overseas Territories Citizen", 1);
	assert_country("XXA", "Stateless person (1954 Convention)", 1);
	assert_country("XXB", "Refugee (1951 Convention)", 1);
	assert_country("XXC", "Refugee (other than XXB)", 1);
	assert_country("XXX", "Unspecified nationality", 1);
	assert_country("UNO", "United Nations Organization", 1);
	assert_country("EUE", "European Union", 1);
	assert_country("XOM", "Sovereign Military Order of Malta", 1);
}

static void test_country_find_germany_as_d_and_as_deu(void **state)
{
	(void)state;
	assert_country("D", "Germany", 1);
	assert_country("DEU", "Germany", 0);
	assert_ptr_not_equal(find("D"), find("DEU"));
}

static void test_country_find_rejects_unknown_and_malformed_codes(void **state)
{
	(void)state;
	assert_null(find("ZZZ"));
	assert_null(find(""));
	assert_null(find("KA"));
	assert_null(find("kaz"));
	assert_null(find("Kaz"));
	assert_null(find("D<")); /* callers strip fillers first */
	assert_null(find("<<<"));
	assert_null(find("KAZA"));
	assert_null(find("K Z"));
	assert_null(country_find("K\0Z", 3));
	assert_null(country_find(NULL, 3));
	assert_null(country_find(NULL, 0));
	assert_null(country_find("KAZ", 0));
}

/* The MRZ field is sliced out of a line, so the code is followed by more letters and
 * never by a NUL. Exactly n bytes on the heap lets ASan catch any read beyond them. */
static void test_country_find_reads_only_n_bytes(void **state)
{
	(void)state;
	const char *line = "KAZAKHSTAN";
	assert_string_equal(country_find(line, 3)->code, "KAZ");
	assert_null(country_find(line, 2));
	assert_string_equal(country_find("DEU", 1)->code, "D");

	char *exact = malloc(3);
	assert_non_null(exact);
	memcpy(exact, "UZB", 3);
	assert_string_equal(country_find(exact, 3)->code, "UZB");
	memcpy(exact, "XXX", 3);
	assert_string_equal(country_find(exact, 3)->code, "XXX");
	memcpy(exact, "ZZZ", 3);
	assert_null(country_find(exact, 3));
	free(exact);
}

static bool code_shaped(const char *code)
{
	size_t n = strlen(code);
	if (n < 1 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return true;
}

/* bsearch finds nothing in a table that is out of order, and a duplicate would make
 * which entry wins depend on the search path. */
static void test_country_table_is_sorted_without_duplicates(void **state)
{
	(void)state;
	size_t n = country_count(), iso = 0, icao = 0;
	assert_true(n > 250);
	assert_null(country_at(n));
	for (size_t i = 0; i < n; i++) {
		const struct country *c = country_at(i);
		assert_non_null(c);
		if (!code_shaped(c->code))
			fail_msg("entry %zu: '%s' is not a code", i, c->code);
		assert_true(c->name && c->name[0]);
		if (c->icao)
			icao++;
		else if (icao)
			fail_msg("ISO entry '%s' after the ICAO entries", c->code);
		else
			iso++;
		if (i > 0 && c->icao == country_at(i - 1)->icao &&
		    strcmp(country_at(i - 1)->code, c->code) >= 0)
			fail_msg("'%s' is not before '%s'", country_at(i - 1)->code, c->code);
		for (size_t j = 0; j < i; j++)
			if (strcmp(country_at(j)->code, c->code) == 0)
				fail_msg("'%s' is listed twice", c->code);
		assert_ptr_equal(find(c->code), c);
	}
	assert_true(iso >= 249); /* iso-codes 4.15; a shorter table means a cut-off block */
	assert_true(icao >= 25);
}

static void test_country_name_is_english_by_default(void **state)
{
	(void)state;
	setenv("LC_ALL", "C.UTF-8", 1);
	lang_init();
	lang_use("en");
	assert_null(country_name(NULL));
	assert_string_equal(country_name(find("KAZ")), "Kazakhstan");
	assert_string_equal(country_name(find("DEU")), "Germany");
	assert_string_equal(country_name(find("D")), "Germany");
	assert_string_equal(country_name(find("XXB")), "Refugee (1951 Convention)");
}

static void test_country_name_follows_the_language(void **state)
{
	(void)state;
	if (!tu_exists(ISO_RU_MO)) {
		print_message("note: %s is not installed (package iso-codes); "
			      "Russian country names not checked\n",
			      ISO_RU_MO);
		skip();
	}
	setenv("LC_ALL", "C.UTF-8", 1);
	lang_init();
	lang_use("ru");
	assert_string_equal(country_name(find("KAZ")), "Казахстан");
	assert_string_equal(country_name(find("DEU")), "Германия");
	assert_string_not_equal(country_name(find("UZB")), "Uzbekistan");
	/* Shekara's catalogue: translated or not, a name and never NULL */
	assert_non_null(country_name(find("XXA")));
	lang_use("en");
	assert_string_equal(country_name(find("KAZ")), "Kazakhstan");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_country_find_iso_codes_with_iso_codes_names),
		cmocka_unit_test(test_country_find_icao_specific_codes),
		cmocka_unit_test(test_country_find_germany_as_d_and_as_deu),
		cmocka_unit_test(test_country_find_rejects_unknown_and_malformed_codes),
		cmocka_unit_test(test_country_find_reads_only_n_bytes),
		cmocka_unit_test(test_country_table_is_sorted_without_duplicates),
		cmocka_unit_test(test_country_name_is_english_by_default),
		cmocka_unit_test(test_country_name_follows_the_language),
	};
	return cmocka_run_group_tests_name("country", tests, NULL, NULL);
}
