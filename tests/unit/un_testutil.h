/* Helpers shared by the test_import_un*.c files (app/import_un.c: the UN Security Council
 * Consolidated List importer).
 *
 * The parser is tested with a sink that copies what it is handed, on hand-written
 * fixtures (tests/fixtures/un/) and on the real list of 2020-11-30 when
 * ../shared/data/ holds it (never copied into the project; the tests say when they
 * skip). The counts asserted on the real list were measured with xmllint XPath counts
 * and a separate Python reading of the file, not with this importer. Each test file is one
 * translation unit, so the helpers are static and marked TU_UNUSED. */
#ifndef SHEKARA_UN_TESTUTIL_H
#define SHEKARA_UN_TESTUTIL_H

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

TU_UNUSED static void copy(char *dst, size_t len, const char *s, int *was_null)
{
	if (was_null)
		*was_null = s == NULL;
	snprintf(dst, len, "%s", s ? s : "");
}

TU_UNUSED static int valid_utf8(const char *s)
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
TU_UNUSED static void check_entry(const struct wl_entry *e)
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

TU_UNUSED static void tally(struct collect *c, const struct wl_entry *e)
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

TU_UNUSED static int collect_sink(void *ctx, const struct wl_entry *e, struct error *err)
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
TU_UNUSED static int parse_buf(const char *buf, size_t len, struct collect *c,
			       struct wl_source *src, struct error *err)
{
	c->src = src;
	error_clear(err);
	return un_sc_parse(buf, len, src, collect_sink, c, err);
}

TU_UNUSED static int parse_fixture(const char *name, struct collect *c, struct wl_source *src,
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

TU_UNUSED static struct collect *good(void)
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

TU_UNUSED static const struct kept *by_ref(const struct collect *c, const char *ref)
{
	for (long i = 0; i < c->n && i < KEEP; i++)
		if (strcmp(c->e[i].ref, ref) == 0)
			return &c->e[i];
	fail_msg("no entry '%s'", ref);
	return NULL;
}

TU_UNUSED static void assert_name(const struct kept *k, size_t i, const char *kind,
				  const char *quality, const char *name)
{
	if (i >= k->n_names)
		fail_msg("%s has %zu names, not %zu", k->ref, k->n_names, i + 1);
	assert_string_equal(k->names[i].kind, kind);
	assert_string_equal(k->names[i].quality, quality);
	assert_string_equal(k->names[i].name, name);
}

/* ../shared/data/ beside the project, or SHEKARA_SHARED_DATA; NULL (and a note) when
 * the list is not there. */
TU_UNUSED static char *real_list(size_t *len, char *path, size_t pathlen)
{
	const char *dir = getenv("SHEKARA_SHARED_DATA");
	snprintf(path, pathlen, "%s/" REAL_LIST, dir && *dir ? dir : "../shared/data");
	char *buf = tu_read_file(path, len);
	if (!buf)
		print_message("[  SKIP    ] '%s' not found: the real UN list is not tested\n",
			      path);
	return buf;
}

#endif
