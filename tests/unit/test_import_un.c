/* app/import_un.c: the UN Security Council Consolidated List importer.
 *
 * The parser is tested with a sink that copies what it is handed, on hand-written
 * fixtures (tests/fixtures/un/) and on the real list of 2020-11-30 when
 * ../shared/data/ holds it (never copied into the project; the tests say when they
 * skip). The counts asserted on the real list were measured with xmllint XPath counts
 * and a separate Python reading of the file, not with this importer. */
#include "testutil.h"

#include <fcntl.h>
#include <time.h>

#include <libxml/parser.h>

#include "app/importers.h"
#include "app/watchlist.h"

#define FIXTURES  "tests/fixtures/un/"
#define REAL_LIST "un-sc-consolidated-2020-11-30.xml"

/* --- a sink that keeps copies ------------------------------------------------------ */

enum { KEEP = 8, KEEP_NAMES = 48, KEEP_DOBS = 16, KEEP_NATS = 8, KEEP_DOCS = 16 };

struct kept {
	char ref[64], subject[16], category[16], action[16], listed_on[16], sex[4];
	char remarks[512];
	int no_listed_on, no_sex;
	size_t n_names;
	struct {
		char kind[16], quality[8], name[256];
	} names[KEEP_NAMES];
	size_t n_dobs;
	struct {
		char precision[12], date[16];
		int no_date, from, to;
	} dobs[KEEP_DOBS];
	size_t n_nats;
	char nats[KEEP_NATS][4];
	size_t n_docs;
	struct {
		char number[80], state[4], type[64];
		int no_state, no_type;
	} docs[KEEP_DOCS];
};

struct collect {
	const struct wl_source *src; /* the one given to un_sc_parse */
	struct wl_source src_at_first;
	long n;
	struct kept e[KEEP];
	long fail_at; /* return an error on this entry (1-based); 0: never */
	/* totals over every entry, for the real list */
	long primary, original_script, alias, alias_low, alias_good;
	long dob_exact, dob_year, dob_approximate, dob_range;
	long nats, docs, docs_with_state, remarks_nationality, remarks_dob;
	long terrorism, sanctions, male, female;
	size_t longest_remarks, longest_doc, most_names;
};

static void copy(char *dst, size_t len, const char *s, int *was_null)
{
	if (was_null)
		*was_null = s == NULL;
	snprintf(dst, len, "%s", s ? s : "");
}

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int extra = *p < 0x80             ? 0
			    : (*p & 0xE0) == 0xC0 ? 1
			    : (*p & 0xF0) == 0xE0 ? 2
			    : (*p & 0xF8) == 0xF0 ? 3
						  : -1;
		if (extra < 0)
			return 0;
		p++;
		for (int i = 0; i < extra; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* What must hold for every entry of any list. */
static void check_entry(const struct wl_entry *e)
{
	if (!e->ref || !*e->ref)
		fail_msg("an entry without a reference");
	assert_string_equal(e->subject, "person");
	assert_string_equal(e->action, "deny_entry");
	assert_true(strcmp(e->category, "terrorism") == 0 || strcmp(e->category, "sanctions") == 0);
	assert_true(e->n_names > 0);
	assert_non_null(e->remarks);
	assert_true(strlen(e->remarks) <= 250);
	assert_true(valid_utf8(e->remarks));
	for (size_t i = 0; i < e->n_names; i++) {
		const char *n = e->names[i].full_name;
		if (!*n || n[0] == ' ' || n[strlen(n) - 1] == ' ' || strstr(n, "  ") ||
		    strchr(n, '\n'))
			fail_msg("%s: untidy name '%s'", e->ref, n);
	}
	for (size_t i = 0; i < e->n_documents; i++) {
		assert_true(*e->documents[i].number);
		assert_true(strlen(e->documents[i].number) <= 63);
		assert_null(strchr(e->documents[i].number, '\n'));
		assert_true(valid_utf8(e->documents[i].number));
	}
	for (size_t i = 0; i < e->n_nationalities; i++)
		assert_int_equal(strlen(e->nationalities[i]), 3);
}

static void tally(struct collect *c, const struct wl_entry *e)
{
	for (size_t i = 0; i < e->n_names; i++) {
		const struct wl_name *n = &e->names[i];
		if (strcmp(n->kind, "primary") == 0) {
			c->primary++;
		} else if (strcmp(n->kind, "original_script") == 0) {
			c->original_script++;
		} else {
			c->alias++;
			if (strcmp(n->quality, "low") == 0)
				c->alias_low++;
			else
				c->alias_good++;
		}
	}
	for (size_t i = 0; i < e->n_dobs; i++) {
		const char *p = e->dobs[i].precision;
		long *slot = strcmp(p, "exact") == 0         ? &c->dob_exact
			     : strcmp(p, "year") == 0        ? &c->dob_year
			     : strcmp(p, "approximate") == 0 ? &c->dob_approximate
							     : &c->dob_range;
		(*slot)++;
	}
	c->nats += (long)e->n_nationalities;
	c->docs += (long)e->n_documents;
	for (size_t i = 0; i < e->n_documents; i++) {
		c->docs_with_state += e->documents[i].issuing_state != NULL;
		size_t k = strlen(e->documents[i].number);
		c->longest_doc = k > c->longest_doc ? k : c->longest_doc;
	}
	c->remarks_nationality += strstr(e->remarks, "nationality: ") != NULL;
	c->remarks_dob += strstr(e->remarks, "date of birth: ") != NULL;
	c->terrorism += strcmp(e->category, "terrorism") == 0;
	c->sanctions += strcmp(e->category, "sanctions") == 0;
	c->male += e->sex && strcmp(e->sex, "M") == 0;
	c->female += e->sex && strcmp(e->sex, "F") == 0;
	size_t r = strlen(e->remarks);
	c->longest_remarks = r > c->longest_remarks ? r : c->longest_remarks;
	c->most_names = e->n_names > c->most_names ? e->n_names : c->most_names;
}

static int collect_sink(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct collect *c = ctx;
	if (c->n == 0 && c->src)
		c->src_at_first = *c->src;
	c->n++;
	if (c->fail_at && c->n == c->fail_at)
		return error_set(err, ERR_IO, "sink refused entry %ld", c->n);
	check_entry(e);
	tally(c, e);
	if (c->n > KEEP)
		return 0;
	struct kept *k = &c->e[c->n - 1];
	memset(k, 0, sizeof(*k));
	copy(k->ref, sizeof(k->ref), e->ref, NULL);
	copy(k->subject, sizeof(k->subject), e->subject, NULL);
	copy(k->category, sizeof(k->category), e->category, NULL);
	copy(k->action, sizeof(k->action), e->action, NULL);
	copy(k->listed_on, sizeof(k->listed_on), e->listed_on, &k->no_listed_on);
	copy(k->sex, sizeof(k->sex), e->sex, &k->no_sex);
	copy(k->remarks, sizeof(k->remarks), e->remarks, NULL);
	for (size_t i = 0; i < e->n_names && i < KEEP_NAMES; i++) {
		copy(k->names[i].kind, sizeof(k->names[i].kind), e->names[i].kind, NULL);
		copy(k->names[i].quality, sizeof(k->names[i].quality), e->names[i].quality, NULL);
		copy(k->names[i].name, sizeof(k->names[i].name), e->names[i].full_name, NULL);
	}
	k->n_names = e->n_names;
	for (size_t i = 0; i < e->n_dobs && i < KEEP_DOBS; i++) {
		copy(k->dobs[i].precision, sizeof(k->dobs[i].precision), e->dobs[i].precision,
		     NULL);
		copy(k->dobs[i].date, sizeof(k->dobs[i].date), e->dobs[i].date,
		     &k->dobs[i].no_date);
		k->dobs[i].from = e->dobs[i].year_from;
		k->dobs[i].to = e->dobs[i].year_to;
	}
	k->n_dobs = e->n_dobs;
	for (size_t i = 0; i < e->n_nationalities && i < KEEP_NATS; i++)
		copy(k->nats[i], sizeof(k->nats[i]), e->nationalities[i], NULL);
	k->n_nats = e->n_nationalities;
	for (size_t i = 0; i < e->n_documents && i < KEEP_DOCS; i++) {
		copy(k->docs[i].number, sizeof(k->docs[i].number), e->documents[i].number, NULL);
		copy(k->docs[i].state, sizeof(k->docs[i].state), e->documents[i].issuing_state,
		     &k->docs[i].no_state);
		copy(k->docs[i].type, sizeof(k->docs[i].type), e->documents[i].doc_type,
		     &k->docs[i].no_type);
	}
	k->n_docs = e->n_documents;
	return 0;
}

/* Parses a buffer into c; returns what un_sc_parse returned. */
static int parse_buf(const char *buf, size_t len, struct collect *c, struct wl_source *src,
		     struct error *err)
{
	c->src = src;
	error_clear(err);
	return un_sc_parse(buf, len, src, collect_sink, c, err);
}

static int parse_fixture(const char *name, struct collect *c, struct wl_source *src,
			 struct error *err)
{
	char path[512];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	size_t len;
	char *buf = tu_read_file(path, &len);
	if (!buf)
		fail_msg("cannot read the fixture '%s' (run the tests from the project root)",
			 path);
	int rc = parse_buf(buf, len, c, src, err);
	free(buf);
	return rc;
}

static struct collect *good(void)
{
	static struct collect c;
	static int done;
	if (!done) {
		struct wl_source src;
		struct error err;
		memset(&c, 0, sizeof(c));
		TU_OK(parse_fixture("good.xml", &c, &src, &err), &err);
		c.src = NULL;
		done = 1;
	}
	return &c;
}

static const struct kept *by_ref(const struct collect *c, const char *ref)
{
	for (long i = 0; i < c->n && i < KEEP; i++)
		if (strcmp(c->e[i].ref, ref) == 0)
			return &c->e[i];
	fail_msg("no entry '%s'", ref);
	return NULL;
}

static void assert_name(const struct kept *k, size_t i, const char *kind, const char *quality,
			const char *name)
{
	if (i >= k->n_names)
		fail_msg("%s has %zu names, not %zu", k->ref, k->n_names, i + 1);
	assert_string_equal(k->names[i].kind, kind);
	assert_string_equal(k->names[i].quality, quality);
	assert_string_equal(k->names[i].name, name);
}

/* --- the fixture with every form ----------------------------------------------------- */

static void test_un_sc_source_is_filled_from_the_header_before_the_first_entry(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	TU_OK(parse_fixture("good.xml", &c, &src, &err), &err);
	assert_string_equal(c.src_at_first.code, "UN-SC");
	assert_string_equal(c.src_at_first.kind, "un_sc");
	assert_string_equal(c.src_at_first.name, "UN Security Council Consolidated List");
	assert_string_equal(c.src_at_first.authority, "United Nations Security Council");
	assert_string_equal(c.src_at_first.version, "2020-11-30T20:31:19.923-05:00");
	/* 20:31 at UTC-5 is 01:31 the next day in UTC */
	assert_string_equal(c.src_at_first.updated_at, "2020-12-01T01:31:19.923Z");
	assert_string_equal(src.version, c.src_at_first.version);
}

static void test_un_sc_only_individuals_are_imported_entities_are_skipped(void **state)
{
	(void)state;
	const struct collect *c = good();
	/* three INDIVIDUALs; the two ENTITYs (one of them without a name) are not passed */
	assert_int_equal(c->n, 3);
	assert_string_equal(c->e[0].ref, "QDi.901");
	assert_string_equal(c->e[1].ref, "DATAID:1000002");
	assert_string_equal(c->e[2].ref, "TAi.901");
}

static void test_un_sc_primary_name_joins_trimmed_parts_then_original_script(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* " RI ", "WON  HO ", empty THIRD_NAME, "KIM" */
	assert_name(k, 0, "primary", "good", "RI WON HO KIM");
	assert_name(k, 1, "original_script", "good", "عبدالخالق الحوثي");
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	/* a line break inside SECOND_NAME */
	assert_name(two, 0, "primary", "good", "ANNA MARIA SMITH");
	assert_int_equal(two->n_names, 1); /* its only alias is empty */
}

static void test_un_sc_alias_name_with_semicolons_is_several_aliases(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_name(k, 2, "alias", "good", "Abdul Rehman");
	assert_name(k, 3, "alias", "good", "Abd Ur-Rehman");
	assert_name(k, 4, "alias", "good", "Abdur Rahman"); /* after a line break */
	assert_name(k, 5, "alias", "low", "Haj Qasem");
}

static void test_un_sc_alias_original_with_bracketed_transliterations_gives_each(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* "حسن غول (Hassan Ghul; Hasan Gul)", as QDi.306 in the real list */
	assert_name(k, 6, "alias", "good", "حسن غول");
	assert_name(k, 7, "alias", "good", "Hassan Ghul");
	assert_name(k, 8, "alias", "good", "Hasan Gul");
	/* QUALITY "a.k.a." is a good alias */
	assert_name(k, 9, "alias", "good", "Ri Won Ho");
	assert_int_equal(k->n_names, 10);
}

static void test_un_sc_birth_dates_of_every_type(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_int_equal(k->n_dobs, 5);
	assert_string_equal(k->dobs[0].precision, "exact");
	assert_string_equal(k->dobs[0].date, "1964-07-17");
	assert_string_equal(k->dobs[1].precision, "year"); /* EXACT with YEAR */
	assert_string_equal(k->dobs[1].date, "1975");
	assert_string_equal(k->dobs[2].precision, "approximate"); /* APPROXIMATELY, YEAR */
	assert_string_equal(k->dobs[2].date, "1970");
	/* APPROXIMATELY with an xs:date carrying a time zone: the day as written */
	assert_string_equal(k->dobs[3].precision, "approximate");
	assert_string_equal(k->dobs[3].date, "1966-02-02");
	assert_string_equal(k->dobs[4].precision, "range"); /* BETWEEN */
	assert_true(k->dobs[4].no_date);
	assert_int_equal(k->dobs[4].from, 1955);
	assert_int_equal(k->dobs[4].to, 1958);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(k->dobs[i].from, 0);
		assert_int_equal(k->dobs[i].to, 0);
	}
}

static void test_un_sc_unusable_birth_dates_are_kept_in_the_remarks(void **state)
{
	(void)state;
	/* free text in NOTE, beside the entry's comments */
	TU_CONTAINS(by_ref(good(), "QDi.901")->remarks, "date of birth: Nov. 1973");
	/* 30 February is no date */
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	assert_int_equal(two->n_dobs, 0);
	assert_string_equal(two->remarks, "date of birth: 1981-02-30");
	const struct kept *three = by_ref(good(), "TAi.901");
	assert_int_equal(three->n_dobs, 0);
	TU_CONTAINS(three->remarks, "date of birth: 30-35 years old");
}

static void test_un_sc_nationality_names_become_iso_codes(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_int_equal(k->n_nats, 2);
	assert_string_equal(k->nats[0], "PRK"); /* with a trailing space in the file */
	assert_string_equal(k->nats[1], "IRN");
	const struct kept *two = by_ref(good(), "DATAID:1000002");
	assert_int_equal(two->n_nats, 2);
	assert_string_equal(two->nats[0], "GBR"); /* broken across two lines */
	assert_string_equal(two->nats[1], "TUR");
	assert_string_equal(by_ref(good(), "TAi.901")->nats[0], "AFG"); /* the ISO name */
}

static void test_un_sc_unmapped_nationality_is_kept_in_the_remarks(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	assert_string_equal(k->remarks, "nationality: Sudanese by birth; date of birth: Nov. 1973; "
					"Invented for the test. Second line of the comment.");
}

static void test_un_sc_documents_keep_free_text_numbers_and_map_the_issuer(void **state)
{
	(void)state;
	const struct kept *k = by_ref(good(), "QDi.901");
	/* the fourth has no NUMBER and the fifth is empty: not documents */
	assert_int_equal(k->n_docs, 3);
	assert_string_equal(k->docs[0].number, "381310014");
	assert_string_equal(k->docs[0].type, "Passport");
	assert_true(k->docs[0].no_state);
	assert_string_equal(k->docs[1].number, "E 00038718 issued on 4 May 2014");
	assert_string_equal(k->docs[1].type, "National Identification Number");
	assert_string_equal(k->docs[1].state, "TUN"); /* "Tunisian passport" */
	/* ISSUING_COUNTRY "Iran / unknown" says nothing; COUNTRY_OF_ISSUE "RPDC" does */
	assert_string_equal(k->docs[2].number, "654321");
	assert_string_equal(k->docs[2].state, "PRK");
}

static void test_un_sc_entry_fields_ref_category_sex_listed_on(void **state)
{
	(void)state;
	const struct kept *one = by_ref(good(), "QDi.901"); /* " QDi.901 " in the file */
	assert_string_equal(one->subject, "person");
	assert_string_equal(one->action, "deny_entry");
	assert_string_equal(one->category, "terrorism"); /* Al-Qaida */
	assert_string_equal(one->sex, "M");
	assert_string_equal(one->listed_on, "2015-04-14");         /* "2015-04-14-04:00" */
	const struct kept *two = by_ref(good(), "DATAID:1000002"); /* empty REFERENCE_NUMBER */
	assert_string_equal(two->category, "sanctions");           /* DPRK */
	assert_string_equal(two->sex, "F");                        /* "FEMALE" */
	assert_string_equal(two->listed_on, "2017-09-11");
	const struct kept *three = by_ref(good(), "TAi.901");
	assert_string_equal(three->category, "terrorism"); /* Taliban */
	assert_true(three->no_sex);                        /* "Unknown" */
}

static void test_un_sc_remarks_are_cut_at_250_bytes_on_a_utf8_boundary(void **state)
{
	(void)state;
	const char *r = by_ref(good(), "TAi.901")->remarks;
	/* the two-byte "é"s start at byte 99 of the remarks, so byte 250 is the second
	 * half of one: the cut is at 249 */
	assert_int_equal(strlen(r), 249);
	assert_true(valid_utf8(r));
	TU_CONTAINS(r, "date of birth: 30-35 years old; Ünïcödé padding");
}

/* --- refusals ------------------------------------------------------------------------ */

static void test_un_sc_not_xml_is_refused_with_line_and_parser_message(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("not-xml.xml", &c, &src, &err);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, "not well-formed XML at line 1: ");
	TU_CONTAINS(err.msg, "Start tag expected"); /* libxml2's own words */
	assert_int_equal(c.n, 0);
}

static void test_un_sc_truncated_xml_is_refused_naming_the_line_where_it_ends(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("truncated.xml", &c, &src, &err);
	assert_int_equal(rc, -ERR_USAGE);
	/* the file stops inside REFERENCE_NUMBER on line 8 */
	TU_CONTAINS(err.msg, "not well-formed XML at line 8: ");
	TU_CONTAINS(err.msg, "REFERENCE_NUMBER");
	/* the parse fails before any entry: the complete first individual is not passed */
	assert_int_equal(c.n, 0);
}

static void test_un_sc_wrong_root_is_not_a_consolidated_list(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("wrong-root.xml", &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "not a UN consolidated list");
	TU_CONTAINS(err.msg, "'sanctionsList'");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_individual_without_any_name_is_refused_naming_its_dataid(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("no-name.xml", &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "DATAID '1000011'");
	TU_CONTAINS(err.msg, "no name");
	/* the one before was passed (an import aborts); the one after never is */
	assert_int_equal(c.n, 1);
}

static int loads;

static xmlParserInputPtr counting_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	loads++;
	return NULL;
}

static void test_un_sc_external_entity_is_neither_fetched_nor_expanded(void **state)
{
	(void)state;
	xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(counting_loader);
	loads = 0;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc = parse_fixture("xxe.xml", &c, &src, &err);
	xmlSetExternalEntityLoader(old);
	assert_int_equal(loads, 0); /* neither file:///etc/passwd nor http:// was asked for */
	assert_int_equal(rc, -ERR_USAGE);
	TU_CONTAINS(err.msg, "not a UN consolidated list");
	TU_CONTAINS(err.msg, "document type");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_internal_entity_is_not_expanded_into_a_name(void **state)
{
	(void)state;
	/* a billion-laughs seed: refused for its document type before any value is read */
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a \"AAAAAAAAAA\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
		"<CONSOLIDATED_LIST dateGenerated=\"2020-11-30\"><INDIVIDUALS><INDIVIDUAL>"
		"<DATAID>1</DATAID><FIRST_NAME>&b;</FIRST_NAME><REFERENCE_NUMBER>X</"
		"REFERENCE_NUMBER>"
		"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_buf(xml, sizeof(xml) - 1, &c, &src, &err), -ERR_USAGE);
	assert_int_equal(c.n, 0);
}

static void test_un_sc_errors_are_not_printed_on_stderr(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "stderr.txt");
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	int rc1 = parse_fixture("not-xml.xml", &c, &src, &err);
	int rc2 = parse_fixture("truncated.xml", &c, &src, &err);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	assert_true(rc1 < 0 && rc2 < 0);
	size_t len = 99;
	char *text = tu_read_file(path, &len);
	assert_non_null(text);
	if (len != 0)
		fail_msg("libxml2 wrote to stderr: %s", text);
	free(text);
}

static void test_un_sc_sink_error_stops_the_parse_with_its_error(void **state)
{
	(void)state;
	struct collect c = { .fail_at = 2 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_fixture("good.xml", &c, &src, &err), -ERR_IO);
	assert_int_equal(c.n, 2);
	assert_string_equal(err.msg, "sink refused entry 2");
}

static void test_un_sc_empty_buffer_and_missing_version_are_refused(void **state)
{
	(void)state;
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	assert_int_equal(parse_buf("", 0, &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "empty");
	static const char nodate[] =
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
		"<FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
		"</CONSOLIDATED_LIST>";
	assert_int_equal(parse_buf(nodate, sizeof(nodate) - 1, &c, &src, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "'dateGenerated'");
	assert_int_equal(c.n, 0);
}

static void test_un_sc_date_generated_without_zone_keeps_only_the_day(void **state)
{
	(void)state;
	static const char xml[] = "<CONSOLIDATED_LIST dateGenerated=\"2021-03-04T10:00:00\">"
				  "<INDIVIDUALS/></CONSOLIDATED_LIST>";
	struct collect c = { 0 };
	struct wl_source src;
	struct error err;
	TU_OK(parse_buf(xml, sizeof(xml) - 1, &c, &src, &err), &err);
	assert_string_equal(src.version, "2021-03-04T10:00:00");
	assert_string_equal(src.updated_at, "2021-03-04");
	assert_int_equal(c.n, 0);
}

/* --- reading files ------------------------------------------------------------------- */

static void test_import_read_file_reads_whole_file_nul_terminated(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "small.xml");
	tu_write_file(path, "<a>b</a>", 8);
	char *buf;
	size_t len;
	struct error err;
	error_clear(&err);
	TU_OK(import_read_file(path, 8, &buf, &len, &err), &err);
	assert_int_equal(len, 8);
	assert_string_equal(buf, "<a>b</a>");
	free(buf);
}

static void test_import_read_file_refuses_more_than_max(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "big.xml");
	static char data[200000];
	memset(data, 'x', sizeof(data));
	tu_write_file(path, data, sizeof(data));
	char *buf = (char *)1;
	size_t len = 1;
	struct error err;
	error_clear(&err);
	assert_int_equal(import_read_file(path, sizeof(data) - 1, &buf, &len, &err), -ERR_USAGE);
	assert_null(buf);
	assert_int_equal(len, 0);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "larger than");
	/* exactly max is fine; a device has no size to look at, only its bytes */
	TU_OK(import_read_file(path, sizeof(data), &buf, &len, &err), &err);
	assert_int_equal(len, sizeof(data));
	free(buf);
	assert_int_equal(import_read_file("/dev/zero", 100000, &buf, &len, &err), -ERR_USAGE);
}

static void test_import_read_file_names_a_missing_file(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	struct error err;
	error_clear(&err);
	assert_int_equal(import_read_file("/nonexistent/un.xml", 1024, &buf, &len, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "cannot open '/nonexistent/un.xml'");
	assert_int_equal(import_read_file("/tmp", 1024, &buf, &len, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "directory");
}

/* --- the real list ------------------------------------------------------------------- */

/* ../shared/data/ beside the project, or SHEKARA_SHARED_DATA; NULL (and a note) when
 * the list is not there. */
static char *real_list(size_t *len, char *path, size_t pathlen)
{
	const char *dir = getenv("SHEKARA_SHARED_DATA");
	snprintf(path, pathlen, "%s/" REAL_LIST, dir && *dir ? dir : "../shared/data");
	char *buf = tu_read_file(path, len);
	if (!buf)
		print_message("[  SKIP    ] '%s' not found: the real UN list is not tested\n",
			      path);
	return buf;
}

static void test_un_sc_real_list_2020_11_30_counts(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	assert_int_equal(len, 1601008);
	static struct collect c;
	memset(&c, 0, sizeof(c));
	struct wl_source src;
	struct error err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TU_OK(parse_buf(buf, len, &c, &src, &err), &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(buf);
	print_message("[  INFO    ] parsed the real UN list (713 individuals) in %.1f ms\n",
		      (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);

	assert_string_equal(src.version, "2020-11-30T20:31:19.923-05:00");
	assert_string_equal(src.updated_at, "2020-12-01T01:31:19.923Z");
	/* xmllint --xpath 'count(//INDIVIDUAL)'; the README says 713 */
	assert_int_equal(c.n, 713);
	assert_int_equal(c.primary, 713);
	/* count(//INDIVIDUAL/NAME_ORIGINAL_SCRIPT[normalize-space()]) */
	assert_int_equal(c.original_script, 366);
	/* 2,112 non-empty ALIAS_NAMEs holding 41 ';': 2,153 names after splitting on ';',
	 * and 4 more from "ORIGINAL (Latin; Latin)" (QDi.299, QDi.306 twice, TAi.154) */
	assert_int_equal(c.alias, 2157);
	/* 616 Low ALIAS_NAMEs, of which three hold several names (IRi.039, QDi.299,
	 * QDi.306): 622 */
	assert_int_equal(c.alias_low, 622);
	assert_int_equal(c.alias_good, 1535);
	/* count(//INDIVIDUAL_DATE_OF_BIRTH[TYPE_OF_DATE='EXACT' and DATE]) and so on */
	assert_int_equal(c.dob_exact, 445);
	assert_int_equal(c.dob_year, 253);
	assert_int_equal(c.dob_approximate, 120);
	assert_int_equal(c.dob_range, 32);
	/* 8 dates of birth only in NOTE ("Nov. 1973", "29 years old") in 6 individuals,
	 * and one COMMENTS1 that says "Other possible date of birth: 1979" */
	assert_int_equal(c.remarks_dob, 7);
	/* 657 non-empty NATIONALITY values: 649 distinct codes per person, 8 in prose */
	assert_int_equal(c.nats, 649);
	assert_int_equal(c.remarks_nationality, 8);
	/* count(//INDIVIDUAL/INDIVIDUAL_DOCUMENT[normalize-space(NUMBER)]) */
	assert_int_equal(c.docs, 428);
	assert_int_equal(c.docs_with_state, 258);
	assert_int_equal(c.longest_doc, 63); /* one NUMBER of 85 bytes, cut */
	/* UN_LIST_TYPE Al-Qaida 262 + Taliban 135 */
	assert_int_equal(c.terrorism, 397);
	assert_int_equal(c.sanctions, 316);
	/* GENDER Male 55, MALE 4, Female 2, Unknown 3, none 649 */
	assert_int_equal(c.male, 59);
	assert_int_equal(c.female, 2);
	assert_int_equal(c.longest_remarks, 250);
	assert_int_equal(c.most_names, 24); /* fits the stored view's 40 */
}

static void test_un_sc_real_list_known_entries(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	static struct collect c;
	memset(&c, 0, sizeof(c));
	struct wl_source src;
	struct error err;
	TU_OK(parse_buf(buf, len, &c, &src, &err), &err);
	free(buf);
	/* the first individual of the file: FIRST_NAME " RI ", passport " 381310014" */
	const struct kept *k = &c.e[0];
	assert_string_equal(k->ref, "KPi.033");
	assert_name(k, 0, "primary", "good", "RI WON HO");
	assert_int_equal(k->n_names, 1);
	assert_string_equal(k->category, "sanctions");
	assert_string_equal(k->listed_on, "2016-11-30");
	assert_int_equal(k->n_dobs, 1);
	assert_string_equal(k->dobs[0].date, "1964-07-17");
	assert_int_equal(k->n_nats, 1);
	assert_string_equal(k->nats[0], "PRK");
	assert_int_equal(k->n_docs, 1);
	assert_string_equal(k->docs[0].number, "381310014");
	assert_string_equal(k->docs[0].type, "Passport");
	TU_CONTAINS(k->remarks, "Ri Won Ho is a DPRK Ministry of State Security Official");
	assert_string_equal(c.e[1].ref, "KPi.037");
	assert_name(&c.e[1], 1, "alias", "good", "Jang Chang Ha");
}

/* --- importing into the store -------------------------------------------------------- */

static int64_t active_entries(struct app *app)
{
	return tu_query_int(app->db, "SELECT count(*) FROM wl_entries e JOIN wl_sources s ON "
				     "s.id = e.source_id WHERE s.code = 'UN-SC' AND "
				     "e.retired_at IS NULL");
}

/* Rows of one child table that belong to UN-SC entries; the demo database holds other
 * lists too. */
#define UN_ROWS(table)                                                                             \
	"SELECT count(*) FROM " table " t JOIN wl_entries e ON e.id = t.entry_id JOIN "            \
	"wl_sources s ON s.id = e.source_id WHERE s.code = 'UN-SC'"

/* Every row of every watchlist table, so that "untouched" can be checked exactly. */
static int64_t all_rows(struct app *app)
{
	return tu_query_int(app->db,
			    "SELECT (SELECT count(*) FROM wl_sources) + (SELECT count(*) FROM "
			    "wl_entries) + (SELECT count(*) FROM wl_names) + (SELECT count(*) "
			    "FROM wl_birth_dates) + (SELECT count(*) FROM wl_nationalities) + "
			    "(SELECT count(*) FROM wl_documents) + (SELECT count(*) FROM wl_keys) "
			    "+ (SELECT count(*) FROM wl_doc_keys) + (SELECT count(*) FROM "
			    "wl_entries WHERE retired_at IS NOT NULL) + (SELECT total(n) FROM "
			    "wl_token_freq)");
}

static long progress_calls, progress_last;

static void on_progress(long entries, void *ctx)
{
	(void)ctx;
	progress_calls++;
	progress_last = entries;
}

static int import_fixture(struct app *app, const struct session *s, const char *name,
			  struct import_result *res, struct error *err)
{
	char path[512];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	error_clear(err);
	return import_un_sc(app, s, path, on_progress, NULL, res, err);
}

static void test_import_un_sc_stores_the_entries_and_audits(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	progress_calls = 0;
	TU_OK(import_fixture(app, &s, "good.xml", &res, &err), &err);
	assert_int_equal(res.added, 3);
	assert_int_equal(res.updated + res.unchanged + res.retired, 0);
	assert_int_equal(active_entries(app), 3);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM wl_names n JOIN wl_entries e "
					       "ON e.id = n.entry_id WHERE e.ref = 'QDi.901'"),
			 10);
	assert_int_equal(tu_query_int(app->db,
				      "SELECT count(*) FROM wl_sources WHERE code = "
				      "'UN-SC' AND version = '2020-11-30T20:31:19.923-05:00' "
				      "AND updated_at = '2020-12-01T01:31:19.923Z'"),
			 1);
	assert_int_equal(tu_count_audit(app->db, "watchlist.import", "ok"), 1);
	assert_true(progress_calls >= 1); /* at the end, whatever the count */
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_same_file_twice_changes_nothing(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	assert_int_equal(res.added, 3);
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.unchanged, 3);
	assert_int_equal(res.retired, 0);
	assert_int_equal(active_entries(app), 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_new_version_retires_the_delisted_and_updates_the_changed(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	TU_OK(import_fixture(app, &s, "v2.xml", &res, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 1);   /* TAi.952: one more alias */
	assert_int_equal(res.unchanged, 1); /* QDi.950 */
	assert_int_equal(res.retired, 1);   /* LYi.951 */
	assert_int_equal(active_entries(app), 2);
	assert_int_equal(tu_query_int(app->db, "SELECT retired_at IS NOT NULL FROM wl_entries "
					       "WHERE ref = 'LYi.951'"),
			 1);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM wl_names n JOIN wl_entries e "
					       "ON e.id = n.entry_id WHERE e.ref = 'TAi.952'"),
			 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_malformed_file_leaves_the_store_as_it_was(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	int64_t before = all_rows(app);
	int audits = tu_count_audit(app->db, "watchlist.import", NULL);
	/* no-name.xml fails after its first entry was written inside the transaction */
	const char *bad[] = { "truncated.xml", "no-name.xml", "wrong-root.xml", "xxe.xml",
			      "not-xml.xml" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = import_fixture(app, &s, bad[i], &res, &err);
		if (rc >= 0)
			fail_msg("'%s' was imported", bad[i]);
		TU_CONTAINS(err.msg, bad[i]);
		assert_int_equal(all_rows(app), before);
		assert_int_equal(res.added + res.updated + res.unchanged + res.retired, 0);
	}
	assert_int_equal(active_entries(app), 3);
	assert_int_equal(tu_count_audit(app->db, "watchlist.import", NULL), audits);
	/* and the store still takes a good import afterwards */
	TU_OK(import_fixture(app, &s, "v2.xml", &res, &err), &err);
	assert_int_equal(res.retired, 1);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_list_without_individuals_retires_nothing(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	TU_OK(import_fixture(app, &s, "v1.xml", &res, &err), &err);
	char path[4096];
	tu_path(path, sizeof(path), "empty-list.xml");
	static const char xml[] = "<CONSOLIDATED_LIST dateGenerated=\"2021-01-01T00:00:00Z\">"
				  "<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>";
	tu_write_file(path, xml, sizeof(xml) - 1);
	assert_int_equal(import_un_sc(app, &s, path, NULL, NULL, &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "no individuals");
	assert_int_equal(active_entries(app), 3);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_is_refused_to_an_officer(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "officer", &s);
	struct import_result res = { 1, 1, 1, 1 };
	struct error err;
	int64_t before = all_rows(app);
	assert_int_equal(import_fixture(app, &s, "v1.xml", &res, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(all_rows(app), before);
	assert_int_equal(res.added + res.updated + res.unchanged + res.retired, 0);
	session_logout(app, &s, "logout");
}

static void test_import_un_sc_real_list_twice(void **state)
{
	struct app *app = *state;
	char path[4096];
	size_t len;
	char *buf = real_list(&len, path, sizeof(path));
	if (!buf) {
		skip();
		return;
	}
	free(buf);
	struct session s;
	tu_login(app, "admin", &s);
	struct import_result res;
	struct error err;
	error_clear(&err);
	progress_calls = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	TU_OK(import_un_sc(app, &s, path, on_progress, NULL, &res, &err), &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("[  INFO    ] imported the real UN list into SQLite in %.1f ms\n",
		      (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	assert_int_equal(res.added, 713);
	assert_int_equal(active_entries(app), 713);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_names")), 713 + 366 + 2157);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_birth_dates")), 445 + 253 + 120 + 32);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_documents")), 428);
	assert_int_equal(tu_query_int(app->db, UN_ROWS("wl_nationalities")), 649);
	assert_int_equal(progress_last, 713);
	TU_OK(import_un_sc(app, &s, path, NULL, NULL, &res, &err), &err);
	assert_int_equal(res.unchanged, 713);
	assert_int_equal(res.added + res.updated + res.retired, 0);
	session_logout(app, &s, "logout");
}

#define S(f) cmocka_unit_test_setup_teardown(f, tu_setup_app, tu_teardown_app)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_un_sc_source_is_filled_from_the_header_before_the_first_entry),
		cmocka_unit_test(test_un_sc_only_individuals_are_imported_entities_are_skipped),
		cmocka_unit_test(test_un_sc_primary_name_joins_trimmed_parts_then_original_script),
		cmocka_unit_test(test_un_sc_alias_name_with_semicolons_is_several_aliases),
		cmocka_unit_test(
			test_un_sc_alias_original_with_bracketed_transliterations_gives_each),
		cmocka_unit_test(test_un_sc_birth_dates_of_every_type),
		cmocka_unit_test(test_un_sc_unusable_birth_dates_are_kept_in_the_remarks),
		cmocka_unit_test(test_un_sc_nationality_names_become_iso_codes),
		cmocka_unit_test(test_un_sc_unmapped_nationality_is_kept_in_the_remarks),
		cmocka_unit_test(test_un_sc_documents_keep_free_text_numbers_and_map_the_issuer),
		cmocka_unit_test(test_un_sc_entry_fields_ref_category_sex_listed_on),
		cmocka_unit_test(test_un_sc_remarks_are_cut_at_250_bytes_on_a_utf8_boundary),
		cmocka_unit_test(test_un_sc_not_xml_is_refused_with_line_and_parser_message),
		cmocka_unit_test(test_un_sc_truncated_xml_is_refused_naming_the_line_where_it_ends),
		cmocka_unit_test(test_un_sc_wrong_root_is_not_a_consolidated_list),
		cmocka_unit_test(
			test_un_sc_individual_without_any_name_is_refused_naming_its_dataid),
		cmocka_unit_test(test_un_sc_external_entity_is_neither_fetched_nor_expanded),
		cmocka_unit_test(test_un_sc_internal_entity_is_not_expanded_into_a_name),
		cmocka_unit_test(test_un_sc_errors_are_not_printed_on_stderr),
		cmocka_unit_test(test_un_sc_sink_error_stops_the_parse_with_its_error),
		cmocka_unit_test(test_un_sc_empty_buffer_and_missing_version_are_refused),
		cmocka_unit_test(test_un_sc_date_generated_without_zone_keeps_only_the_day),
		cmocka_unit_test(test_import_read_file_reads_whole_file_nul_terminated),
		cmocka_unit_test(test_import_read_file_refuses_more_than_max),
		cmocka_unit_test(test_import_read_file_names_a_missing_file),
		cmocka_unit_test(test_un_sc_real_list_2020_11_30_counts),
		cmocka_unit_test(test_un_sc_real_list_known_entries),
		S(test_import_un_sc_stores_the_entries_and_audits),
		S(test_import_un_sc_same_file_twice_changes_nothing),
		S(test_import_un_sc_new_version_retires_the_delisted_and_updates_the_changed),
		S(test_import_un_sc_malformed_file_leaves_the_store_as_it_was),
		S(test_import_un_sc_list_without_individuals_retires_nothing),
		S(test_import_un_sc_is_refused_to_an_officer),
		S(test_import_un_sc_real_list_twice),
	};
	return cmocka_run_group_tests_name("import_un", tests, NULL, NULL);
}
