/* app/match.c: candidates from the index, scores and their reasons. */
#include "testutil.h"

#include "app/match.h"
#include "app/watchlist.h"

static void put(struct app *app, const struct session *admin, const char *version,
		const struct wl_entry *entries, size_t n)
{
	struct wl_source src = {
		.code = "T", .kind = "national", .name = "Test", .authority = "test"
	};
	snprintf(src.version, sizeof(src.version), "%s", version);
	struct watch_import wi;
	struct error err;
	TU_OK(watch_import_begin(app, admin, &src, &wi, &err), &err);
	for (size_t i = 0; i < n; i++)
		TU_OK(watch_import_entry(&wi, &entries[i], &err), &err);
	TU_OK(watch_import_commit(&wi, &err), &err);
}

static const struct wl_name yusupov[] = { { "original_script", "good", "ЮСУПОВ Рустам Алиевич" } };
static const struct wl_birth_date exact[] = { { "exact", "1980-03-07", 0, 0 } };
static const struct wl_birth_date year_only[] = { { "year", "1980", 0, 0 } };
static const char *const uzb[] = { "UZB" };
static const struct wl_document doc[] = { { "AA 123-4567", "UZB", "P" } };

static struct wl_entry person(const char *ref, const struct wl_birth_date *dob)
{
	struct wl_entry e = { .ref = ref,
			      .subject = "person",
			      .category = "wanted",
			      .action = "arrest",
			      .sex = "M",
			      .names = yusupov,
			      .n_names = 1,
			      .dobs = dob,
			      .n_dobs = 1,
			      .nationalities = uzb,
			      .n_nationalities = 1 };
	return e;
}

static struct match_query query(int y, int m, int d)
{
	struct match_query q;
	memset(&q, 0, sizeof(q));
	q.surname = "IUSUPOV";
	q.given_names = "RUSTAM";
	q.dob = (struct doc_date){ y, m, d };
	snprintf(q.nationality, sizeof(q.nationality), "UZB");
	q.sex = 'M';
	return q;
}

static int score_of(struct app *app, const struct match_query *q, const char *ref,
		    struct match *out)
{
	struct match_result r;
	struct error err;
	TU_OK(match_find(app, q, &r, &err), &err);
	for (int i = 0; i < r.n; i++)
		if (strcmp(r.m[i].ref, ref) == 0) {
			if (out)
				*out = r.m[i];
			return r.m[i].score;
		}
	return -1;
}

static void test_match_cyrillic_listing_found_from_icao_latin_variant(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry e = person("P1", exact);
	put(app, &admin, "1", &e, 1);
	struct match m;
	struct match_query q = query(1980, 3, 7);
	assert_true(score_of(app, &q, "P1", &m) >= MATCH_HIT);
	assert_int_equal(m.band, BAND_HIT);
	TU_CONTAINS(m.explanation, "RUSTAM");
	TU_CONTAINS(m.explanation, "Cyrillic");
	TU_CONTAINS(m.explanation, "birth date equal");
}

static void test_match_birth_date_precision_rules(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry es[2] = { person("EXACT", exact), person("YEAR", year_only) };
	put(app, &admin, "1", es, 2);
	/* the surname alone, so that scores stay below 100 and can be compared */
	struct match_query same = query(1980, 3, 7), swapped = query(1980, 7, 3),
			   other_day = query(1980, 11, 20), far = query(1960, 3, 7);
	same.given_names = swapped.given_names = other_day.given_names = "";
	int s_same = score_of(app, &same, "EXACT", NULL);
	int s_swapped = score_of(app, &swapped, "EXACT", NULL);
	int s_other = score_of(app, &other_day, "EXACT", NULL);
	/* day and month swapped earn part of the credit */
	assert_true(s_same > s_swapped);
	assert_true(s_swapped > s_other);
	/* a year-only listing supports any date in that year */
	other_day.given_names = "RUSTAM";
	assert_true(score_of(app, &other_day, "YEAR", NULL) >= MATCH_HIT);
	/* twenty years apart is not this person */
	assert_true(score_of(app, &far, "EXACT", NULL) < MATCH_HIT);
}

static void test_match_nationality_and_sex_adjust_but_never_filter(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry e = person("P1", exact);
	put(app, &admin, "1", &e, 1);
	struct match_query q = query(1980, 3, 7);
	q.given_names = ""; /* below 100, so the adjustments show */
	int base = score_of(app, &q, "P1", NULL);
	snprintf(q.nationality, sizeof(q.nationality), "KAZ");
	int other_nat = score_of(app, &q, "P1", NULL);
	assert_true(other_nat > 0 && other_nat < base);
	q.sex = 'F';
	int other_sex = score_of(app, &q, "P1", NULL);
	assert_true(other_sex >= 0 && other_sex < other_nat);
}

static void test_match_document_number_on_lost_stolen_list_is_hit(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry e = { .ref = "UZB:AA1234567",
			      .subject = "document",
			      .category = "lost_stolen",
			      .action = "refer",
			      .documents = doc,
			      .n_documents = 1,
			      .remarks = "stolen" };
	put(app, &admin, "1", &e, 1);
	struct match_query q;
	memset(&q, 0, sizeof(q));
	q.doc_number = "AA1234567"; /* the list wrote it with a space and a hyphen */
	struct match m;
	assert_int_equal(score_of(app, &q, "UZB:AA1234567", &m), 100);
	assert_true(m.document_hit);
	assert_int_equal(m.band, BAND_HIT);
}

static void test_match_retired_entries_no_longer_match(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry e = person("P1", exact);
	put(app, &admin, "1", &e, 1);
	struct match_query q = query(1980, 3, 7);
	assert_true(score_of(app, &q, "P1", NULL) >= MATCH_HIT);
	struct wl_entry other = person("P2", year_only);
	other.names = (const struct wl_name[]){ { "primary", "good", "PETROV Ivan" } };
	put(app, &admin, "2", &other, 1); /* version 2 no longer lists P1 */
	assert_int_equal(score_of(app, &q, "P1", NULL), -1);
}

static void test_match_near_namesake_is_not_linked(void **state)
{
	struct app *app = *state;
	struct session admin;
	tu_login(app, "admin", &admin);
	struct wl_entry e = person("P1", exact);
	put(app, &admin, "1", &e, 1);
	struct match_query q = query(1995, 1, 1);
	q.given_names = "DILSHOD";
	snprintf(q.nationality, sizeof(q.nationality), "KAZ");
	assert_int_equal(score_of(app, &q, "P1", NULL), -1);
}

static void test_match_screen_needs_role_and_is_audited(void **state)
{
	struct app *app = *state;
	struct session officer, trainer;
	tu_login(app, "officer", &officer);
	tu_login(app, "trainer", &trainer);
	struct match_query q = query(1975, 5, 14);
	q.surname = "HALIMOV";
	q.given_names = "GULMUROD";
	struct match_result r;
	struct error err;
	TU_OK(match_screen(app, &officer, &q, &r, &err), &err);
	assert_true(r.n >= 1); /* the demo list's KHALIMOV */
	struct tu_audit last;
	tu_last_audit(app->db, &last);
	assert_string_equal(last.action, "screen");
	assert_string_equal(last.outcome, "HIT");
	assert_int_equal(match_screen(app, &trainer, &q, &r, &err), -ERR_DENIED);
}

/* A database whose index is missing (from before the index, or dropped) gets it back
 * when it is opened, so no listed person goes unfound. */
static void test_match_missing_index_is_rebuilt_at_open(void **state)
{
	struct app *app = *state;
	assert_int_equal(tu_exec(app->db, "DELETE FROM wl_keys; DELETE FROM wl_doc_keys"), 0);
	char path[4096];
	snprintf(path, sizeof(path), "%s", db_path(app->db));
	struct config cfg = app->cfg;
	app_close(app);
	snprintf(cfg.database, sizeof(cfg.database), "%s", path);
	struct error err;
	TU_OK(app_open(app, &cfg, &err), &err);
	assert_true(tu_query_int(app->db, "SELECT count(*) FROM wl_keys") > 0);
	struct match_query q = query(1975, 5, 14);
	q.surname = "HALIMOV";
	q.given_names = "GULMUROD";
	q.nationality[0] = '\0';
	struct match_result r;
	TU_OK(match_find(app, &q, &r, &err), &err);
	assert_true(r.n >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_match_cyrillic_listing_found_from_icao_latin_variant, tu_setup_app,
			tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_match_birth_date_precision_rules, tu_setup_app,
						tu_teardown_app),
		cmocka_unit_test_setup_teardown(
			test_match_nationality_and_sex_adjust_but_never_filter, tu_setup_app,
			tu_teardown_app),
		cmocka_unit_test_setup_teardown(
			test_match_document_number_on_lost_stolen_list_is_hit, tu_setup_app,
			tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_match_retired_entries_no_longer_match,
						tu_setup_app, tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_match_near_namesake_is_not_linked,
						tu_setup_app, tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_match_screen_needs_role_and_is_audited,
						tu_setup_app, tu_teardown_app),
		cmocka_unit_test_setup_teardown(test_match_missing_index_is_rebuilt_at_open,
						tu_setup_app, tu_teardown_app),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
