/* Helpers shared by the test_import_csv*.c files (app/import_csv.c: the national CSV
 * layout and SLTD lists, docs/import-formats.md).
 *
 * Parser tests run national_csv_parse and sltd_parse over the fixtures in
 * tests/fixtures/csv and over small inline files, and compare each entry the sink gets
 * with one line of text; the import tests run import_national_csv and import_sltd
 * against a demo database. Run from the top of the repository (as make does). Each test
 * file is one translation unit, so the helpers are static and marked TU_UNUSED. */
#ifndef SHEKARA_CSV_TESTUTIL_H
#define SHEKARA_CSV_TESTUTIL_H

#include "testutil.h"

#include "app/importers.h"
#include "app/watchlist.h"

#define FIXTURES "tests/fixtures/csv/"

/* --- collecting what the parser hands out ---------------------------------------------- */

enum { MAX_GOT = 16 };

struct got {
	char *line[MAX_GOT];
	size_t n;
	long calls;
	int fail_at; /* the sink refuses its fail_at-th call (1-based); 0 never */
};

TU_UNUSED static void put(char *buf, size_t len, size_t *o, const char *s)
{
	int n = snprintf(buf + *o, len - *o, "%s", s ? s : "-");
	if (n > 0)
		*o += (size_t)n < len - *o ? (size_t)n : len - *o - 1;
}

/* One entry as one line of text:
 * ref|subject|category|action|listed_on|sex|remarks|names|dobs|nationalities|documents
 * with NULL as "-", names "kind/quality/name", dobs "precision/date/from-to" and
 * documents "number/state/type", each list joined with ';'. */
TU_UNUSED static char *entry_text(const struct wl_entry *e)
{
	size_t len = 8192, o = 0;
	char *buf = malloc(len), num[32];
	if (!buf)
		return NULL;
	buf[0] = '\0';
	const char *fields[] = { e->ref,       e->subject, e->category, e->action,
				 e->listed_on, e->sex,     e->remarks };
	for (size_t i = 0; i < 7; i++) {
		put(buf, len, &o, fields[i]);
		put(buf, len, &o, "|");
	}
	for (size_t i = 0; i < e->n_names; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->names[i].kind);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->names[i].quality);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->names[i].full_name);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_dobs; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->dobs[i].precision);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->dobs[i].date);
		snprintf(num, sizeof(num), "/%d-%d", e->dobs[i].year_from, e->dobs[i].year_to);
		put(buf, len, &o, num);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_nationalities; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->nationalities[i]);
	}
	put(buf, len, &o, "|");
	for (size_t i = 0; i < e->n_documents; i++) {
		put(buf, len, &o, i ? ";" : "");
		put(buf, len, &o, e->documents[i].number);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->documents[i].issuing_state);
		put(buf, len, &o, "/");
		put(buf, len, &o, e->documents[i].doc_type);
	}
	return buf;
}

TU_UNUSED static int collect(void *ctx, const struct wl_entry *e, struct error *err)
{
	struct got *g = ctx;
	if (++g->calls == g->fail_at)
		return error_set(err, ERR_IO, "sink refused entry %ld", g->calls);
	if (g->n < MAX_GOT)
		g->line[g->n++] = entry_text(e);
	return 0;
}

TU_UNUSED static void got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->line[i]);
	memset(g, 0, sizeof(*g));
}

TU_UNUSED static int parse_national(const char *text, size_t len, struct wl_source *src,
				    struct got *g, struct error *err)
{
	error_clear(err);
	return national_csv_parse(text, len, "TEST-NAT", src, collect, g, err);
}

TU_UNUSED static int parse_sltd(const char *text, size_t len, struct wl_source *src, struct got *g,
				struct error *err)
{
	error_clear(err);
	return sltd_parse(text, len, src, collect, g, err);
}

TU_UNUSED static char *fixture(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	char *text = tu_read_file(path, len);
	if (!text)
		fail_msg("cannot read '%s'; run the tests from the top of the repository", path);
	return text;
}

/* Parses an inline national file that must be refused, and checks the message. */
TU_UNUSED static void national_refused(const char *text, const char *expected)
{
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	int rc = parse_national(text, strlen(text), &src, &g, &err);
	if (rc >= 0)
		fail_msg("accepted, expected '%s'", expected);
	assert_int_equal(rc, -ERR_USAGE);
	assert_int_equal(err.code, ERR_USAGE);
	TU_CONTAINS(err.msg, expected);
	got_free(&g);
}

TU_UNUSED static void sltd_refused(const char *text, const char *expected)
{
	struct wl_source src;
	struct got g = { 0 };
	struct error err;
	int rc = parse_sltd(text, strlen(text), &src, &g, &err);
	if (rc >= 0)
		fail_msg("accepted, expected '%s'", expected);
	assert_int_equal(rc, -ERR_USAGE);
	TU_CONTAINS(err.msg, expected);
	got_free(&g);
}

#define HEADER                                                                                     \
	"ref,subject,category,action,name,aliases,alias_quality,original_script,dob,"              \
	"nationalities,sex,documents,listed_on,remarks\n"
#define GOOD_ROW    "X-1,person,other,refer,DOE John,,,,1970,KAZ,M,,,\n"
#define SLTD_HEADER "#version: 1\nnumber,issuing_state,doc_type,status,reported_on\n"

#endif
