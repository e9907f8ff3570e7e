/* app/scenario.c: the training-scenario parser, its problems with line numbers, its
 * limits and scenario_load. Messages are compared in English (the C locale). */
#include "testutil.h"

#include "app/scenario.h"

/* 9303 Part 4 specimen (expired 2012; a scenario may show an expired passport) */
#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
/* the same with the document number check digit 6 forged to 5 */
#define TD3_FORGED_L2 "L898902C35UTO7408122F1204159ZE184226B<<<<<10"
/* 9303 Part 5 specimen */
#define TD1_L1 "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_L2 "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_L3 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"

/* 4 lines */
#define HEAD "[scenario]\nid = demo\ntitle = Demo\nbriefing = Read the list.\n"
/* 6 lines */
#define TRAVELLER                                                                                  \
	"[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\nexpect = admit\nreason = Nothing "       \
	"wrong.\nteach = Look.\n"

static int parse_len(const char *text, size_t len, struct scenario *s, struct scn_problems *pr)
{
	return scenario_parse(text, len, s, pr);
}

static int parse(const char *text, struct scenario *s, struct scn_problems *pr)
{
	return parse_len(text, strlen(text), s, pr);
}

/* Fails with every problem when the text is refused. */
static void parse_ok(const char *text, struct scenario *s)
{
	struct scn_problems pr;
	if (parse(text, s, &pr) != 0) {
		for (int i = 0; i < pr.n; i++)
			print_error("line %d: %s\n", pr.items[i].line, pr.items[i].msg);
		fail_msg("refused: %d problems", pr.n);
	}
	assert_int_equal(pr.n, 0);
	assert_int_equal(pr.more, 0);
}

static void assert_empty(const struct scenario *s)
{
	static const struct scenario zero;
	assert_memory_equal(s, &zero, sizeof(zero));
}

/* The text is refused, *out is empty and problem i is at line with these words. */
static void refused(const char *text, struct scn_problems *pr)
{
	struct scenario s;
	assert_int_equal(parse(text, &s, pr), -ERR_USAGE);
	assert_true(pr->n > 0);
	assert_empty(&s);
}

static void problem_is(const struct scn_problems *pr, int i, int line, const char *words)
{
	if (i >= pr->n)
		fail_msg("only %d problems, wanted one at line %d: %s", pr->n, line, words);
	if (pr->items[i].line != line)
		fail_msg("problem %d is at line %d, not %d: %s", i, pr->items[i].line, line,
			 pr->items[i].msg);
	TU_CONTAINS(pr->items[i].msg, words);
}

/* Exactly one problem, at line, with these words. */
static void one_problem(const char *text, int line, const char *words)
{
	struct scn_problems pr;
	refused(text, &pr);
	problem_is(&pr, 0, line, words);
	if (pr.n != 1)
		fail_msg("%d problems; the second, line %d: %s", pr.n, pr.items[1].line,
			 pr.items[1].msg);
}

static void test_full_scenario_fills_every_field(void **state)
{
	(void)state;
	const char *text = "# Stolen passport, first exercise\n"
			   "[scenario]\n"
			   "id = lost-stolen-1\n"
			   "title = A passport reported stolen\n"
			   "language = ru\n"
			   "briefing = You are at the booth.\n"
			   "briefing = Two travellers arrive.\n"
			   "\n"
			   "[entry]\n"
			   "id = TRN-P-1\n"
			   "subject = person\n"
			   "category = sanctions\n"
			   "action = deny_entry\n"
			   "alias = HALIMOV Gulom\n"
			   "name = KHALIMOV Gulmurod\n"
			   "original = ХАЛИМОВ Гулмурод\n"
			   "weak-alias = Abu Omar\n"
			   "original = خالد\n"
			   "birth = 1975-05-14\n"
			   "birth = 1976\n"
			   "birth = 1980..1984\n"
			   "nationality = TJK\n"
			   "nationality = RUS\n"
			   "sex = M\n"
			   "document = P TJK 400123456\n"
			   "listed = 2025-03-01\n"
			   "remarks = Listed under resolution 1267 # not a comment\n"
			   "[entry]\n"
			   "id = TRN-SLTD-1\n"
			   "subject = document\n"
			   "category = lost_stolen\n"
			   "action = refer\n"
			   "document = P\tUTO   L898902C3\n"
			   "[traveller]\n"
			   "mrz = " TD3_L1 "\n"
			   "mrz = " TD3_L2 "\n"
			   "says = I visit my sister.\n"
			   "says = She lives in Almaty.\n"
			   "chip = hash-mismatch\n"
			   "chip-mrz = " TD3_L1 "\n"
			   "chip-mrz = " TD3_FORGED_L2 "\n"
			   "barcode = M1ERIKSSON/ANNA E ABC123\n"
			   "shows = hit\n"
			   "expect = Refuse or REFER\n"
			   "ground = C\n"
			   "reason = The passport is stolen.\n"
			   "teach = Check the list first.\n"
			   "teach = Then the chip.\n"
			   "[traveller]\n"
			   "mrz = " TD1_L1 "\n"
			   "mrz = " TD1_L2 "\n"
			   "mrz = " TD1_L3 "\n"
			   "expect = admit\n"
			   "reason = Nothing is wrong.\n"
			   "teach = Most travellers are fine.\n";
	struct scenario s;
	parse_ok(text, &s);
	assert_string_equal(s.id, "lost-stolen-1");
	assert_string_equal(s.title, "A passport reported stolen");
	assert_string_equal(s.language, "ru");
	assert_string_equal(s.briefing, "You are at the booth.\nTwo travellers arrive.");

	assert_int_equal(s.n_entries, 2);
	const struct scn_entry *e = &s.entries[0];
	assert_int_equal(e->line, 9);
	assert_string_equal(e->id, "TRN-P-1");
	assert_string_equal(e->subject, "person");
	assert_string_equal(e->category, "sanctions");
	assert_string_equal(e->action, "deny_entry");
	assert_int_equal(e->n_names, 5);
	/* the primary first, the others in file order */
	assert_string_equal(e->names[0].type, "primary");
	assert_string_equal(e->names[0].quality, "good");
	assert_string_equal(e->names[0].text, "KHALIMOV Gulmurod");
	assert_string_equal(e->names[1].type, "alias");
	assert_string_equal(e->names[1].quality, "good");
	assert_string_equal(e->names[1].text, "HALIMOV Gulom");
	assert_string_equal(e->names[2].type, "original_script");
	assert_string_equal(e->names[2].quality, "good");
	assert_string_equal(e->names[2].text, "ХАЛИМОВ Гулмурод");
	assert_string_equal(e->names[3].type, "alias");
	assert_string_equal(e->names[3].quality, "low");
	assert_string_equal(e->names[3].text, "Abu Omar");
	assert_string_equal(e->names[4].type, "original_script");
	assert_string_equal(e->names[4].text, "خالد");
	assert_int_equal(e->n_births, 3);
	assert_string_equal(e->births[0].kind, "exact");
	assert_string_equal(e->births[0].date, "1975-05-14");
	assert_int_equal(e->births[0].from, 1975);
	assert_string_equal(e->births[1].kind, "year");
	assert_string_equal(e->births[1].date, "1976");
	assert_int_equal(e->births[1].from, 1976);
	assert_int_equal(e->births[1].to, 1976);
	assert_string_equal(e->births[2].kind, "range");
	assert_string_equal(e->births[2].date, "");
	assert_int_equal(e->births[2].from, 1980);
	assert_int_equal(e->births[2].to, 1984);
	assert_int_equal(e->n_nationalities, 2);
	assert_string_equal(e->nationalities[0], "TJK");
	assert_string_equal(e->nationalities[1], "RUS");
	assert_string_equal(e->sex, "M");
	assert_int_equal(e->n_documents, 1);
	assert_string_equal(e->documents[0].type, "P");
	assert_string_equal(e->documents[0].issuer, "TJK");
	assert_string_equal(e->documents[0].number, "400123456");
	assert_string_equal(e->listed, "2025-03-01");
	assert_string_equal(e->remarks, "Listed under resolution 1267 # not a comment");

	e = &s.entries[1];
	assert_int_equal(e->line, 28);
	assert_string_equal(e->id, "TRN-SLTD-1");
	assert_string_equal(e->subject, "document");
	assert_int_equal(e->n_names, 0);
	assert_string_equal(e->sex, "");
	assert_int_equal(e->n_documents, 1);
	assert_string_equal(e->documents[0].type, "P");
	assert_string_equal(e->documents[0].issuer, "UTO");
	assert_string_equal(e->documents[0].number, "L898902C3");

	assert_int_equal(s.n_travellers, 2);
	const struct scn_traveller *t = &s.travellers[0];
	assert_int_equal(t->line, 34);
	assert_int_equal(t->mrz_lines, 2);
	assert_string_equal(t->mrz[0], TD3_L1);
	assert_string_equal(t->mrz[1], TD3_L2);
	assert_string_equal(t->says, "I visit my sister.\nShe lives in Almaty.");
	assert_int_equal(t->chip, SCN_CHIP_HASH_MISMATCH);
	assert_int_equal(t->chip_mrz_lines, 2);
	assert_string_equal(t->chip_mrz[1], TD3_FORGED_L2);
	assert_string_equal(t->barcode, "M1ERIKSSON/ANNA E ABC123");
	assert_int_equal(t->shows, SCN_SHOWS_HIT);
	assert_int_equal(t->expect, SCN_REFUSE | SCN_REFER);
	assert_string_equal(t->ground, "C");
	assert_string_equal(t->reason, "The passport is stolen.");
	assert_string_equal(t->teach, "Check the list first.\nThen the chip.");

	t = &s.travellers[1];
	assert_int_equal(t->mrz_lines, 3);
	assert_string_equal(t->mrz[2], TD1_L3);
	assert_string_equal(t->says, "");
	assert_int_equal(t->chip, SCN_CHIP_NONE);
	assert_int_equal(t->chip_mrz_lines, 0);
	assert_string_equal(t->barcode, "");
	assert_int_equal(t->shows, SCN_SHOWS_ANY);
	assert_int_equal(t->expect, SCN_ADMIT);
	assert_string_equal(t->ground, "");
	scenario_free(&s);
	assert_null(s.entries);
	assert_null(s.travellers);
	assert_int_equal(s.n_entries, 0);
	assert_int_equal(s.n_travellers, 0);
}

static void test_smallest_scenario_defaults_language_to_en(void **state)
{
	(void)state;
	struct scenario s;
	parse_ok(HEAD TRAVELLER, &s);
	assert_string_equal(s.language, "en");
	assert_int_equal(s.n_entries, 0);
	assert_null(s.entries);
	assert_int_equal(s.n_travellers, 1);
	scenario_free(&s);
}

static void test_crlf_spaces_tabs_equals_and_hash_in_values(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF"
			   "  # a comment after spaces\r\n"
			   "[scenario]\r\n"
			   "\tid\t=\tdemo  \r\n"
			   "title = a = b == c #1\r\n"
			   "briefing =   two  spaces inside stay  \r\n"
			   "   \r\n"
			   "[traveller]\r\n"
			   "mrz = " TD3_L1 "\r\n"
			   "mrz = " TD3_L2 "\r\n"
			   "expect = admit\r\n"
			   "reason = #hash first\r\n"
			   "teach = x";
	struct scenario s;
	parse_ok(text, &s);
	assert_string_equal(s.id, "demo");
	assert_string_equal(s.title, "a = b == c #1");
	assert_string_equal(s.briefing, "two  spaces inside stay");
	assert_string_equal(s.travellers[0].mrz[1], TD3_L2);
	assert_string_equal(s.travellers[0].reason, "#hash first");
	assert_string_equal(s.travellers[0].teach, "x");
	scenario_free(&s);
}

static void test_empty_text_line_keeps_a_paragraph_break(void **state)
{
	(void)state;
	struct scenario s;
	parse_ok("[scenario]\nid = a\ntitle = T\nbriefing =\nbriefing = one\nbriefing =\n"
		 "briefing = two\n" TRAVELLER,
		 &s);
	assert_string_equal(s.briefing, "one\n\ntwo");
	scenario_free(&s);
}

static void test_expect_words_in_any_case_become_bits(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		unsigned bits;
	} cases[] = {
		{ "admit", SCN_ADMIT },
		{ "REFUSE", SCN_REFUSE },
		{ "Refer", SCN_REFER },
		{ "admit or refer", SCN_ADMIT | SCN_REFER },
		{ "refer  OR\tadmit or refuse", SCN_ADMIT | SCN_REFUSE | SCN_REFER },
		{ "refuse or refuse", SCN_REFUSE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[1024];
		snprintf(text, sizeof(text),
			 HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2
			      "\nexpect = %s\nreason = r\nteach = t\n",
			 cases[i].text);
		struct scenario s;
		parse_ok(text, &s);
		assert_int_equal(s.travellers[0].expect, cases[i].bits);
		scenario_free(&s);
	}
}

static void test_bad_expect_names_the_value(void **state)
{
	(void)state;
	static const char *const bad[] = { "deny",         "admit or",      "or admit",
					   "admit refuse", "admit, refuse", "admit or or refer" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[1024], want[256];
		snprintf(text, sizeof(text),
			 HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2
			      "\nexpect = %s\nreason = r\nteach = t\n",
			 bad[i]);
		snprintf(want, sizeof(want),
			 "'expect' must be admit, refuse or refer (several joined by 'or'), "
			 "not '%s'",
			 bad[i]);
		one_problem(text, 8, want);
	}
}

static void test_forged_check_digit_and_expired_document_are_accepted(void **state)
{
	(void)state;
	struct scenario s;
	parse_ok(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_FORGED_L2
		      "\nexpect = refuse\nground = B\nreason = forged\nteach = t\n",
		 &s);
	assert_string_equal(s.travellers[0].mrz[1], TD3_FORGED_L2);
	assert_string_equal(s.travellers[0].ground, "B");
	scenario_free(&s);
}

static void test_several_problems_reported_in_line_order(void **state)
{
	(void)state;
	const char *text = "[scenario]\n"         /* 1 */
			   "id = Bad_Id\n"        /* 2 */
			   "title = T\n"          /* 3 */
			   "colour = red\n"       /* 4 */
			   "[entry]\n"            /* 5: no action */
			   "id = E1\n"            /* 6 */
			   "subject = person\n"   /* 7 */
			   "category = weather\n" /* 8 */
			   "name = A\n"           /* 9 */
			   "birth = 1975-02-29\n" /* 10 */
			   "[traveller]\n"        /* 11: no expect */
			   "mrz = " TD3_L1 "\n"   /* 12 */
			   "mrz = SHORT\n"        /* 13 */
			   "chip = genuine\n"     /* 14 */
			   "reason = r\n"         /* 15 */
			   "reason = again\n"     /* 16 */
			   "teach = t\n";         /* 17 */
	struct scn_problems pr;
	refused(text, &pr);
	problem_is(&pr, 0, 1, "[scenario] has no 'briefing'");
	problem_is(&pr, 1, 2, "'id' must be 1-40 characters of a-z, 0-9 and '-', not 'Bad_Id'");
	problem_is(&pr, 2, 4, "unknown key 'colour' in [scenario]");
	problem_is(&pr, 3, 5, "entry 1 has no 'action'");
	problem_is(&pr, 4, 8,
		   "'category' must be one of terrorism, sanctions, wanted, "
		   "lost_stolen, missing_person, other, not 'weather'");
	problem_is(&pr, 5, 10, "'birth' '1975-02-29' is not a real date");
	problem_is(&pr, 6, 11, "traveller 1 has no 'expect'");
	problem_is(&pr, 7, 13, "MRZ line 2 has 5 characters; an MRZ line has 30, 36 or 44");
	problem_is(&pr, 8, 16, "'reason' is given twice (first on line 15)");
	assert_int_equal(pr.n, 9);
	assert_int_equal(pr.more, 0);
}

static void test_missing_required_keys_reported_at_section_header(void **state)
{
	(void)state;
	struct scn_problems pr;
	refused("[scenario]\n\n[entry]\nsubject = document\n[traveller]\nsays = hi\nteach =\n",
		&pr);
	problem_is(&pr, 0, 1, "[scenario] has no 'id'");
	problem_is(&pr, 1, 1, "[scenario] has no 'title'");
	problem_is(&pr, 2, 1, "[scenario] has no 'briefing'");
	problem_is(&pr, 3, 3, "entry 1 has no 'id'");
	problem_is(&pr, 4, 3, "entry 1 has no 'category'");
	problem_is(&pr, 5, 3, "entry 1 has no 'action'");
	problem_is(&pr, 6, 3, "entry 1 has no 'document'");
	problem_is(&pr, 7, 5, "traveller 1 has no 'mrz'");
	problem_is(&pr, 8, 5, "traveller 1 has no 'expect'");
	problem_is(&pr, 9, 5, "traveller 1 has no 'reason'");
	problem_is(&pr, 10, 5, "traveller 1 has no 'teach'");
	assert_int_equal(pr.n, 11);
}

static void test_person_entry_needs_its_primary_name(void **state)
{
	(void)state;
	one_problem(HEAD "[entry]\nid = E\nsubject = person\ncategory = wanted\naction = arrest\n"
			 "alias = X\n" TRAVELLER,
		    5, "entry 1 has no 'name'");
	one_problem(HEAD "[entry]\nid = E\nsubject = person\ncategory = wanted\naction = arrest\n"
			 "name = X\nname = Y\n" TRAVELLER,
		    11, "'name' is given twice (first on line 10)");
}

static void test_key_before_any_section_and_sections_out_of_order(void **state)
{
	(void)state;
	struct scn_problems pr;
	refused("id = early\n" HEAD TRAVELLER, &pr);
	problem_is(&pr, 0, 1, "a key before any section: start with [scenario]");
	assert_int_equal(pr.n, 1);

	refused(TRAVELLER HEAD, &pr);
	problem_is(&pr, 0, 1, "[traveller] before [scenario]: start the file with [scenario]");
	assert_int_equal(pr.n, 1);

	refused(HEAD TRAVELLER "[scenario]\nid = two\n", &pr);
	problem_is(&pr, 0, 11, "a second [scenario] (the first is on line 1)");
	assert_int_equal(pr.n, 1);

	refused("# only a comment\n", &pr);
	problem_is(&pr, 0, 0, "no [scenario] section");
	problem_is(&pr, 1, 0, "no [traveller]: a scenario needs at least one");
	assert_int_equal(pr.n, 2);

	refused("", &pr);
	assert_int_equal(pr.n, 2);

	one_problem(HEAD, 0, "no [traveller]");
}

static void test_unknown_section_and_malformed_lines(void **state)
{
	(void)state;
	struct scn_problems pr;
	refused(HEAD "[travellers]\nmrz = x\n[entry\nfoo\n= value\n" TRAVELLER, &pr);
	problem_is(&pr, 0, 5,
		   "unknown section '[travellers]': use [scenario], [entry] or "
		   "[traveller]");
	problem_is(&pr, 1, 7, "'[entry' is not a section header");
	problem_is(&pr, 2, 8, "'foo' is not a [section], a key = value or a # comment");
	problem_is(&pr, 3, 9, "'= value' has no key before '='");
	assert_int_equal(pr.n, 4);
}

static void test_invalid_utf8_and_control_characters_report_their_line(void **state)
{
	(void)state;
	one_problem(HEAD TRAVELLER "says = caf\xC3\n", 11, "the line is not UTF-8 text (byte 11)");
	/* an overlong encoding of '/' and a surrogate are not UTF-8 either */
	one_problem(HEAD TRAVELLER "says = \xC0\xAF\n", 11, "not UTF-8 text (byte 8)");
	one_problem(HEAD TRAVELLER "says = \xED\xA0\x80\n", 11, "not UTF-8");
	one_problem(HEAD TRAVELLER "says = \xF4\x90\x80\x80\n", 11, "not UTF-8");
	one_problem(HEAD TRAVELLER "says = bell\x07\n", 11, "control character (U+0007)");
	one_problem(HEAD TRAVELLER "says = esc\x1b[31m\n", 11, "control character (U+001B)");
	one_problem(HEAD TRAVELLER "says = c1\xC2\x9B\n", 11, "control character (U+009B)");
	one_problem(HEAD TRAVELLER "says = del\x7F\n", 11, "control character (U+007F)");
	/* a lone CR inside a line, and a NUL */
	one_problem(HEAD TRAVELLER "says = a\rb\n", 11, "control character (U+000D)");
	const char nul[] = HEAD TRAVELLER "says = a\0b\n";
	struct scenario s;
	struct scn_problems pr;
	assert_int_equal(parse_len(nul, sizeof(nul) - 1, &s, &pr), -ERR_USAGE);
	assert_int_equal(pr.n, 1);
	problem_is(&pr, 0, 11, "the line holds a control character (U+0000): only tab is allowed");
	/* a line with a bad byte is not read: a required key on it is missing */
	refused("[scenario]\nid = demo\ntitle = caf\xE9\nbriefing = b\n" TRAVELLER, &pr);
	problem_is(&pr, 0, 1, "[scenario] has no 'title'");
	problem_is(&pr, 1, 3, "the line is not UTF-8 text (byte 12): save the file as UTF-8");
	assert_int_equal(pr.n, 2);
	/* a tab inside a value is kept */
	parse_ok("[scenario]\nid = demo\ntitle = a\tb\nbriefing = b\n" TRAVELLER, &s);
	assert_string_equal(s.title, "a\tb");
	scenario_free(&s);
}

static void test_value_too_long_for_its_field_is_reported_not_cut(void **state)
{
	(void)state;
	char title[SCN_LINE + 1];
	memset(title, 'x', sizeof(title) - 1);
	title[SCN_LINE - 1] = '\0'; /* 511 bytes: fits */
	char text[4096];
	snprintf(text, sizeof(text), "[scenario]\nid = demo\ntitle = %s\nbriefing = b\n" TRAVELLER,
		 title);
	struct scenario s;
	parse_ok(text, &s);
	assert_int_equal(strlen(s.title), SCN_LINE - 1);
	scenario_free(&s);

	memset(title, 'x', SCN_LINE);
	title[SCN_LINE] = '\0'; /* 512 bytes: one too many */
	snprintf(text, sizeof(text), "[scenario]\nid = demo\ntitle = %s\nbriefing = b\n" TRAVELLER,
		 title);
	one_problem(text, 3, "'title' is too long: 512 bytes, at most 511 ('xxxx");

	/* a name of 160 two-byte Cyrillic letters is 320 bytes, past SCN_NAME */
	char name[400] = "";
	for (int i = 0; i < 160; i++)
		memcpy(name + 2 * i, "Ж", 3);
	snprintf(text, sizeof(text),
		 HEAD "[entry]\nid = E\nsubject = person\ncategory = other\naction = notify\n"
		      "name = %s\n" TRAVELLER,
		 name);
	struct scn_problems pr;
	refused(text, &pr);
	problem_is(&pr, 0, 10, "'name' is too long: 320 bytes, at most 159");
	assert_int_equal(pr.n, 1);
	/* the value quoted is cut between characters, never inside one */
	TU_CONTAINS(pr.items[0].msg, "ЖЖЖ...')");

	char id[65];
	memset(id, 'E', 64);
	id[64] = '\0';
	snprintf(text, sizeof(text),
		 HEAD "[entry]\nid = %s\nsubject = document\ncategory = other\naction = refer\n"
		      "document = P UTO X1\n" TRAVELLER,
		 id);
	one_problem(text, 6, "'id' is too long: 64 bytes, at most 63");
	one_problem(HEAD "[entry]\nid = E\nsubject = document\ncategory = other\naction = refer\n"
			 "document = P UTO X123456789012345678901\n" TRAVELLER,
		    10, "'document' must be TYPE ISSUER NUMBER");
}

static void test_joined_lines_too_long_reported_once(void **state)
{
	(void)state;
	/* 5 lines of 500 bytes joined pass SCN_TEXT (2047 bytes) at the fifth */
	char line[501], text[8192];
	memset(line, 't', 500);
	line[500] = '\0';
	int n = snprintf(text, sizeof(text),
			 "%s[traveller]\nmrz = %s\nmrz = %s\nexpect = admit\n"
			 "reason = r\n",
			 HEAD, TD3_L1, TD3_L2);
	for (int i = 0; i < 6; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "teach = %s\n", line);
	struct scn_problems pr;
	refused(text, &pr);
	problem_is(&pr, 0, 14, "'teach' is too long: its lines together pass 2047 bytes");
	assert_int_equal(pr.n, 1);
}

static void test_mrz_lines_are_checked_as_printed(void **state)
{
	(void)state;
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "X\nexpect = admit\n"
			 "reason = r\nteach = t\n",
		    7, "MRZ line 2 has 45 characters; an MRZ line has 30, 36 or 44");
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz =\nexpect = admit\n"
			 "reason = r\nteach = t\n",
		    7, "MRZ line 2 has 0 characters");
	one_problem(HEAD "[traveller]\nmrz = p<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nmrz "
			 "= " TD3_L2 "\nexpect = admit\nreason = r\nteach = t\n",
		    6, "MRZ line 1 may hold only A-Z, 0-9 and '<', not 'p<UTOERIKSSON");
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD1_L2 "\nexpect = admit\n"
			 "reason = r\nteach = t\n",
		    7, "MRZ line 2 has 30 characters and line 1 has 44");
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nexpect = admit\nreason = r\nteach = t\n",
		    6, "only one 'mrz' line: an MRZ has 2 or 3");
	one_problem(HEAD "[traveller]\nmrz = " TD1_L1 "\nmrz = " TD1_L2 "\nmrz = " TD1_L3
			 "\nmrz = " TD1_L3 "\nexpect = admit\nreason = r\nteach = t\n",
		    9, "more than 3 'mrz' lines: an MRZ has 2 or 3");
	/* well-formed lines that are no document: three of 44, two of 30 */
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\nmrz = " TD3_L2
			 "\nexpect = admit\nreason = r\nteach = t\n",
		    6, "the MRZ lines do not make a document: not an MRZ");
	one_problem(HEAD "[traveller]\nmrz = " TD1_L1 "\nmrz = " TD1_L2
			 "\nexpect = admit\nreason = r\nteach = t\n",
		    6, "the MRZ lines do not make a document");
}

static void test_chip_mrz_needs_a_chip_and_is_checked_like_mrz(void **state)
{
	(void)state;
	const char *body = "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\n";
	char text[2048];
	snprintf(text, sizeof(text),
		 "%s%schip-mrz = %s\nchip-mrz = %s\nexpect = admit\nreason = r\nteach = t\n", HEAD,
		 body, TD3_L1, TD3_L2);
	one_problem(text, 8, "'chip-mrz' needs a chip");
	snprintf(text, sizeof(text),
		 "%s%schip = none\nchip-mrz = %s\nchip-mrz = %s\nexpect = admit\nreason = r\n"
		 "teach = t\n",
		 HEAD, body, TD3_L1, TD3_L2);
	one_problem(text, 9, "'chip-mrz' needs a chip");
	snprintf(text, sizeof(text),
		 "%s%schip = genuine\nchip-mrz = %s\nexpect = admit\nreason = r\nteach = t\n", HEAD,
		 body, TD3_L1);
	one_problem(text, 9, "only one 'chip-mrz' line");
	snprintf(text, sizeof(text),
		 "%s%schip = genuine\nchip-mrz = %s\nchip-mrz = short\nexpect = admit\n"
		 "reason = r\nteach = t\n",
		 HEAD, body, TD3_L1);
	one_problem(text, 10, "chip MRZ line 2 has 5 characters");
	snprintf(text, sizeof(text),
		 "%s%schip = no-sod\nchip-mrz = %s\nchip-mrz = %s\nexpect = admit\nreason = r\n"
		 "teach = t\n",
		 HEAD, body, TD1_L1, TD1_L2);
	one_problem(text, 9, "the chip MRZ lines do not make a document");
	snprintf(text, sizeof(text), "%s%schip = forged\nexpect = admit\nreason = r\nteach = t\n",
		 HEAD, body);
	one_problem(text, 8,
		    "'chip' must be one of none, genuine, bad-signature, hash-mismatch, "
		    "unknown-issuer, no-sod, not 'forged'");
}

static void test_ground_only_with_refuse(void **state)
{
	(void)state;
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\nground = C\n"
			 "expect = admit or refer\nreason = r\nteach = t\n",
		    8, "'ground' is only for a refusal");
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\nground = c\n"
			 "expect = refuse\nreason = r\nteach = t\n",
		    8, "'ground' must be 1-7 characters of A-Z and 0-9, not 'c'");
	one_problem(HEAD "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2 "\nground = ABCDEFGH\n"
			 "expect = refuse\nreason = r\nteach = t\n",
		    8, "'ground' must be 1-7 characters");
}

/* An entry whose line for the case's key is the case's (or the case's line added after
 * the others): exactly one problem, on that line. */
static void test_entry_values_are_checked(void **state)
{
	(void)state;
	static const char *const base[] = { "id = E", "subject = person", "category = other",
					    "action = notify", "name = N" };
	static const struct {
		const char *line;
		const char *words;
	} cases[] = {
		{ "subject = thing", "'subject' must be one of person, document, not 'thing'" },
		{ "category = weather", "'category' must be one of terrorism, sanctions, wanted" },
		{ "action = shoot", "'action' must be one of deny_entry, refer, notify, arrest" },
		{ "id = has space", "entry 'id' may not hold spaces" },
		{ "sex = male", "'sex' must be one of M, F, X, not 'male'" },
		{ "birth = 75-05-14",
		  "'birth' must be YYYY-MM-DD, YYYY or YYYY..YYYY, not '75-05-14'" },
		{ "birth = 1975-13-01", "'birth' '1975-13-01' is not a real date" },
		{ "birth = 1975-04-31", "is not a real date" },
		{ "birth = 1984..1980", "'birth' range '1984..1980' runs backwards" },
		{ "birth = 1980..84", "'birth' must be" },
		{ "birth = 0999", "'birth' must be" },
		{ "nationality = tjk",
		  "'nationality' must be 3 capital letters, as 'UTO', not 'tjk'" },
		{ "nationality = TJKX", "'nationality' must be 3 capital letters" },
		{ "document = P UTO", "'document' must be TYPE ISSUER NUMBER" },
		{ "document = PPP UTO X1", "'document' must be TYPE ISSUER NUMBER" },
		{ "document = P UT X1", "'document' must be TYPE ISSUER NUMBER" },
		{ "document = P UTO x1", "'document' must be TYPE ISSUER NUMBER" },
		{ "document = P UTO X1 extra", "'document' must be TYPE ISSUER NUMBER" },
		{ "listed = 2025-3-1", "'listed' must be a date YYYY-MM-DD, not '2025-3-1'" },
		{ "listed = 2025-02-30", "'listed' '2025-02-30' is not a real date" },
		{ "remarks =", "'remarks' has no value" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[2048];
		int n = snprintf(text, sizeof(text), HEAD "[entry]\n"), line = 11;
		size_t klen = (size_t)(strchr(cases[i].line, '=') - cases[i].line);
		for (int j = 0; j < 5; j++) {
			const char *l = base[j];
			if (strncmp(l, cases[i].line, klen) == 0) {
				l = cases[i].line;
				line = 6 + j;
			}
			n += snprintf(text + n, sizeof(text) - (size_t)n, "%s\n", l);
		}
		if (line == 11)
			n += snprintf(text + n, sizeof(text) - (size_t)n, "%s\n", cases[i].line);
		snprintf(text + n, sizeof(text) - (size_t)n, "%s", TRAVELLER);
		one_problem(text, line, cases[i].words);
	}
	/* a real leap day is a date */
	struct scenario s;
	parse_ok(HEAD "[entry]\nid = E\nsubject = person\ncategory = other\naction = notify\n"
		      "name = N\nbirth = 2000-02-29\nlisted = 2024-02-29\n" TRAVELLER,
		 &s);
	assert_string_equal(s.entries[0].births[0].date, "2000-02-29");
	assert_string_equal(s.entries[0].listed, "2024-02-29");
	scenario_free(&s);
}

static void test_scenario_values_are_checked(void **state)
{
	(void)state;
	one_problem(
		"[scenario]\nid = demo\ntitle = T\nlanguage = English\nbriefing = b\n" TRAVELLER, 4,
		"'language' must be 2 or 3 lower-case letters, as 'en', not 'English'");
	one_problem("[scenario]\nid = a12345678901234567890123456789012345678901\ntitle = T\n"
		    "briefing = b\n" TRAVELLER,
		    2, "'id' must be 1-40 characters");
	one_problem("[scenario]\nid = demo\ntitle =\nbriefing = b\n" TRAVELLER, 3,
		    "'title' has no value");
	one_problem("[scenario]\nid = demo\ntitle = T\nbriefing =\n" TRAVELLER, 1,
		    "[scenario] has no 'briefing'");
	one_problem(HEAD TRAVELLER "[traveller]\nmrz = " TD3_L1 "\nmrz = " TD3_L2
				   "\nexpect = admit\nreason = r\nteach = t\nshows = everything\n",
		    17, "'shows' must be one of hit, check, clear, not 'everything'");
}

static void test_duplicate_entry_id_names_the_first(void **state)
{
	(void)state;
	one_problem(HEAD "[entry]\nid = E\nsubject = document\ncategory = other\naction = refer\n"
			 "document = P UTO X1\n"
			 "[entry]\nid = E\nsubject = document\ncategory = other\naction = refer\n"
			 "document = P UTO X2\n" TRAVELLER,
		    12, "entry id 'E' is used twice: the entry on line 5 has it");
}

static void test_limits_of_names_and_lists(void **state)
{
	(void)state;
	char text[4096];
	int n = snprintf(text, sizeof(text),
			 HEAD "[entry]\nid = E\nsubject = person\ncategory = other\n"
			      "action = notify\nname = N\n");
	for (int i = 0; i < SCN_MAX_NAMES; i++) /* one more than fits with the primary */
		n += snprintf(text + n, sizeof(text) - (size_t)n, "alias = A%d\n", i);
	snprintf(text + n, sizeof(text) - (size_t)n, "%s", TRAVELLER);
	one_problem(text, 10 + SCN_MAX_NAMES, "more than 8 names in one entry");

	static const char *const lists[] = { "birth = 1970", "nationality = UTO",
					     "document = P UTO X1" };
	static const char *const words[] = { "more than 4 'birth' in one entry",
					     "more than 4 'nationality' in one entry",
					     "more than 4 'document' in one entry" };
	for (int l = 0; l < 3; l++) {
		n = snprintf(text, sizeof(text),
			     HEAD "[entry]\nid = E\nsubject = person\ncategory = other\n"
				  "action = notify\nname = N\n");
		for (int i = 0; i <= SCN_MAX_LIST; i++)
			n += snprintf(text + n, sizeof(text) - (size_t)n, "%s\n", lists[l]);
		snprintf(text + n, sizeof(text) - (size_t)n, "%s", TRAVELLER);
		one_problem(text, 11 + SCN_MAX_LIST, words[l]);
	}
}

static char *repeat(const char *head, const char *unit, int times, size_t *len)
{
	size_t hn = strlen(head), un = strlen(unit);
	char *text = malloc(hn + un * (size_t)times + 1);
	assert_non_null(text);
	memcpy(text, head, hn);
	for (int i = 0; i < times; i++)
		memcpy(text + hn + un * (size_t)i, unit, un);
	*len = hn + un * (size_t)times;
	text[*len] = '\0';
	return text;
}

static void test_limits_of_entries_and_travellers(void **state)
{
	(void)state;
	static const char entry[] = "[entry]\nid = E\nsubject = document\ncategory = other\n"
				    "action = refer\ndocument = P UTO X1\n";
	struct scenario s;
	struct scn_problems pr;
	size_t len;
	/* as many as fit: ids repeat, so each entry past the first is a duplicate */
	char *text = repeat(HEAD TRAVELLER, entry, SCN_MAX_ENTRIES + 1, &len);
	assert_int_equal(parse_len(text, len, &s, &pr), -ERR_USAGE);
	assert_empty(&s);
	assert_int_equal(pr.n, SCN_MAX_PROBLEMS);
	/* 199 duplicates and the 201st entry: the list keeps the first 100 lines */
	assert_int_equal(pr.more, SCN_MAX_ENTRIES - SCN_MAX_PROBLEMS);
	problem_is(&pr, 0, 18, "entry id 'E' is used twice: the entry on line 11 has it");
	free(text);

	text = repeat(HEAD, TRAVELLER, SCN_MAX_TRAVELLERS, &len);
	parse_ok(text, &s);
	assert_int_equal(s.n_travellers, SCN_MAX_TRAVELLERS);
	assert_int_equal(s.travellers[SCN_MAX_TRAVELLERS - 1].line,
			 5 + 6 * (SCN_MAX_TRAVELLERS - 1));
	scenario_free(&s);
	free(text);

	text = repeat(HEAD, TRAVELLER, SCN_MAX_TRAVELLERS + 2, &len);
	assert_int_equal(parse_len(text, len, &s, &pr), -ERR_USAGE);
	assert_empty(&s);
	assert_int_equal(pr.n, 1);
	problem_is(&pr, 0, 5 + 6 * SCN_MAX_TRAVELLERS,
		   "more than 50 travellers: a scenario holds at most 50");
	free(text);
}

static void test_problems_beyond_the_limit_are_counted(void **state)
{
	(void)state;
	size_t len;
	char *text = repeat(HEAD TRAVELLER "[scenario]\n", "junk\n", 150, &len);
	struct scenario s;
	struct scn_problems pr;
	assert_int_equal(parse_len(text, len, &s, &pr), -ERR_USAGE);
	assert_int_equal(pr.n, SCN_MAX_PROBLEMS);
	assert_int_equal(pr.more, 51);
	problem_is(&pr, 0, 11, "a second [scenario]");
	problem_is(&pr, 1, 12, "'junk' is not a [section]");
	problem_is(&pr, SCN_MAX_PROBLEMS - 1, 110, "'junk'");
	free(text);
}

/* The text ends at len: what lies beyond it (here nothing the allocation holds) is
 * never read; ASan would see it. */
static void test_text_is_not_nul_terminated(void **state)
{
	(void)state;
	const char *full = HEAD TRAVELLER;
	size_t len = strlen(full) - 1; /* without the final newline */
	char *text = malloc(len);
	assert_non_null(text);
	memcpy(text, full, len);
	struct scenario s;
	struct scn_problems pr;
	assert_int_equal(parse_len(text, len, &s, &pr), 0);
	assert_string_equal(s.travellers[0].teach, "Look.");
	scenario_free(&s);
	/* cut inside the last value, and inside a key */
	assert_int_equal(parse_len(text, len - 2, &s, &pr), 0);
	assert_string_equal(s.travellers[0].teach, "Loo");
	scenario_free(&s);
	assert_int_equal(parse_len(text, len - 10, &s, &pr), -ERR_USAGE);
	problem_is(&pr, 0, 5, "traveller 1 has no 'teach'");
	problem_is(&pr, 1, 10, "'tea' is not a [section]");
	assert_empty(&s);
	free(text);
}

static void test_load_reads_a_file_and_refuses_missing_or_large_ones(void **state)
{
	(void)state;
	char path[4096];
	struct scenario s;
	struct scn_problems pr;
	struct error err;
	tu_path(path, sizeof(path), "demo.scenario");
	tu_write_file(path, HEAD TRAVELLER, strlen(HEAD TRAVELLER));
	TU_OK(scenario_load(path, &s, &pr, &err), &err);
	assert_string_equal(s.id, "demo");
	assert_int_equal(s.n_travellers, 1);
	scenario_free(&s);

	tu_path(path, sizeof(path), "missing.scenario");
	assert_int_equal(scenario_load(path, &s, &pr, &err), -ERR_IO);
	assert_int_equal(err.code, ERR_IO);
	TU_CONTAINS(err.msg, "cannot open '");
	TU_CONTAINS(err.msg, "missing.scenario");
	assert_int_equal(pr.n, 0);
	assert_empty(&s);

	/* a directory opens but cannot be read */
	assert_int_equal(scenario_load(tu_tmpdir(), &s, &pr, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "cannot read '");

	/* a bad file: problems, not an I/O error */
	tu_path(path, sizeof(path), "bad.scenario");
	tu_write_file(path, "[scenario]\n", 11);
	error_clear(&err);
	assert_int_equal(scenario_load(path, &s, &pr, &err), -ERR_USAGE);
	assert_int_equal(err.code, ERR_OK);
	assert_true(pr.n > 0);
	assert_empty(&s);

	/* one byte past the limit: comments, otherwise good */
	size_t len = (size_t)SCN_MAX_BYTES + 1, head = strlen(HEAD TRAVELLER);
	char *big = malloc(len);
	assert_non_null(big);
	memcpy(big, HEAD TRAVELLER, head);
	memset(big + head, '#', len - head);
	big[len - 1] = '\n';
	tu_path(path, sizeof(path), "big.scenario");
	tu_write_file(path, big, len);
	assert_int_equal(scenario_load(path, &s, &pr, &err), -ERR_USAGE);
	assert_int_equal(pr.n, 1);
	problem_is(&pr, 0, 0, "is larger than 1024 KiB");
	assert_empty(&s);
	/* exactly the limit is read */
	tu_write_file(path, big, len - 1);
	TU_OK(scenario_load(path, &s, &pr, &err), &err);
	assert_int_equal(s.n_travellers, 1);
	scenario_free(&s);
	free(big);
}

static void test_expect_text_and_chip_names(void **state)
{
	(void)state;
	char buf[64];
	scenario_expect_text(SCN_ADMIT, buf, sizeof(buf));
	assert_string_equal(buf, "admit");
	scenario_expect_text(SCN_REFER | SCN_REFUSE, buf, sizeof(buf));
	assert_string_equal(buf, "refuse or refer");
	scenario_expect_text(SCN_REFER | SCN_REFUSE | SCN_ADMIT, buf, sizeof(buf));
	assert_string_equal(buf, "admit or refuse or refer");
	scenario_expect_text(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	char small[10];
	scenario_expect_text(SCN_REFUSE | SCN_REFER, small, sizeof(small));
	assert_string_equal(small, "refuse");

	assert_string_equal(scenario_chip_name(SCN_CHIP_NONE), "none");
	assert_string_equal(scenario_chip_name(SCN_CHIP_GENUINE), "genuine");
	assert_string_equal(scenario_chip_name(SCN_CHIP_BAD_SIGNATURE), "bad-signature");
	assert_string_equal(scenario_chip_name(SCN_CHIP_HASH_MISMATCH), "hash-mismatch");
	assert_string_equal(scenario_chip_name(SCN_CHIP_UNKNOWN_ISSUER), "unknown-issuer");
	assert_string_equal(scenario_chip_name(SCN_CHIP_NO_SOD), "no-sod");
	/* every chip name parses back to itself */
	for (int c = SCN_CHIP_GENUINE; c <= SCN_CHIP_NO_SOD; c++) {
		char text[1024];
		snprintf(text, sizeof(text), HEAD TRAVELLER "chip = %s\n",
			 scenario_chip_name((enum scn_chip)c));
		struct scenario s;
		parse_ok(text, &s);
		assert_int_equal(s.travellers[0].chip, c);
		scenario_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_scenario_fills_every_field),
		cmocka_unit_test(test_smallest_scenario_defaults_language_to_en),
		cmocka_unit_test(test_crlf_spaces_tabs_equals_and_hash_in_values),
		cmocka_unit_test(test_empty_text_line_keeps_a_paragraph_break),
		cmocka_unit_test(test_expect_words_in_any_case_become_bits),
		cmocka_unit_test(test_bad_expect_names_the_value),
		cmocka_unit_test(test_forged_check_digit_and_expired_document_are_accepted),
		cmocka_unit_test(test_several_problems_reported_in_line_order),
		cmocka_unit_test(test_missing_required_keys_reported_at_section_header),
		cmocka_unit_test(test_person_entry_needs_its_primary_name),
		cmocka_unit_test(test_key_before_any_section_and_sections_out_of_order),
		cmocka_unit_test(test_unknown_section_and_malformed_lines),
		cmocka_unit_test(test_invalid_utf8_and_control_characters_report_their_line),
		cmocka_unit_test(test_value_too_long_for_its_field_is_reported_not_cut),
		cmocka_unit_test(test_joined_lines_too_long_reported_once),
		cmocka_unit_test(test_mrz_lines_are_checked_as_printed),
		cmocka_unit_test(test_chip_mrz_needs_a_chip_and_is_checked_like_mrz),
		cmocka_unit_test(test_ground_only_with_refuse),
		cmocka_unit_test(test_entry_values_are_checked),
		cmocka_unit_test(test_scenario_values_are_checked),
		cmocka_unit_test(test_duplicate_entry_id_names_the_first),
		cmocka_unit_test(test_limits_of_names_and_lists),
		cmocka_unit_test(test_limits_of_entries_and_travellers),
		cmocka_unit_test(test_problems_beyond_the_limit_are_counted),
		cmocka_unit_test(test_text_is_not_nul_terminated),
		cmocka_unit_test(test_load_reads_a_file_and_refuses_missing_or_large_ones),
		cmocka_unit_test(test_expect_text_and_chip_names),
	};
	return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
