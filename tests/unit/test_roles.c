/* Roles × actions through app/ (not the menus): every live action, for every role, on a
 * fresh demo database with one referred crossing by the officer. An allowed action
 * succeeds; a refused one returns ERR_DENIED, writes nothing it was asked to write,
 * and leaves an audit row saying so. */
#include "decision_testutil.h"

#include "app/cases.h"
#include "app/report.h"
#include "app/watchlist.h"

enum action {
	A_OPEN_SHIFT,
	A_SCREEN,
	A_DECIDE,
	A_AUTHORISE_OVERRIDE,
	A_VIEW_ENTRY,
	A_CASE_QUEUE,
	A_CASE_VIEW,
	A_CASE_RESOLVE,
	A_REPORT_OTHERS_SHIFT,
	A_KEEP_REASONS,
	A_COUNT
};

static const char *const action_names[A_COUNT] = {
	"open shift", "screen",    "decide",       "authorise override",      "view entry",
	"case queue", "case view", "case resolve", "report of others' shift", "keep reasons",
};

/* 1 allowed, 0 refused: officer, supervisor, trainer, admin */
static const int want[ROLE_COUNT][A_COUNT] = {
	[ROLE_OFFICER] = { 1, 1, 1, 0, 1, 0, 0, 0, 0, 0 },
	[ROLE_SUPERVISOR] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 },
	[ROLE_TRAINER] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	[ROLE_ADMIN] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
};

struct world {
	struct app app;
	struct session officer;
	int64_t shift_id, crossing_id, case_id, entry_id;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	tu_demo_app(&w->app);
	tu_login(&w->app, "officer", &w->officer);
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	TU_OK(shift_start(&w->app, &w->officer, "entry", "1", &sh, &err), &err);
	w->shift_id = sh.id;
	struct document d;
	dt_clean(&d, "N12121212");
	struct decision dec = { .kind = DECISION_REFER, .reason_text = "doubt", .elapsed_ms = 1 };
	TU_OK(dt_decide(&w->app, &w->officer, &d, &dec, &w->crossing_id, &err), &err);
	w->case_id = tu_query_int(w->app.db, "SELECT id FROM cases");
	w->entry_id = tu_query_int(w->app.db, "SELECT id FROM wl_entries WHERE ref = 'DEMO-001'");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	app_close(&w->app);
	free(w);
	return 0;
}

/* Runs one action as s; returns its result. */
static int act(struct world *w, const struct session *s, enum action a, struct error *err)
{
	struct app *ap = &w->app;
	struct document d;
	dt_clean(&d, "N34343434");
	switch (a) {
	case A_OPEN_SHIFT: {
		struct shift_row sh;
		return shift_start(ap, s, "exit", "3", &sh, err);
	}
	case A_SCREEN: {
		struct screening *sc = malloc(sizeof(*sc));
		int rc = screening_run(ap, s, &d, sc, err);
		free(sc);
		return rc;
	}
	case A_DECIDE: {
		/* a screening made by the officer, decided by s on their own shift */
		struct screening *sc = malloc(sizeof(*sc));
		dt_screen(ap, &w->officer, &d, sc);
		struct shift_row sh;
		if (role_allows(s->role, PERM_DECIDE))
			TU_OK(shift_start(ap, s, "entry", "4", &sh, err), err);
		struct decision dec = { .kind = DECISION_ADMIT, .elapsed_ms = 1 };
		int rc = decision_record(ap, s, sc, &dec, NULL, err);
		free(sc);
		return rc;
	}
	case A_AUTHORISE_OVERRIDE:
		/* s's credentials typed at the officer's booth */
		return session_countersign(ap, &w->officer, s->username, DEMO_PASSWORD,
					   PERM_AUTHORISE_OVERRIDE, "matrix", err);
	case A_VIEW_ENTRY: {
		struct wl_view *v = malloc(sizeof(*v));
		int rc = watch_entry_view(ap, s, w->entry_id, v, err);
		free(v);
		return rc;
	}
	case A_CASE_QUEUE: {
		struct case_row *q = malloc(sizeof(*q) * 8);
		int rc = cases_queue(ap, s, q, 8, err);
		free(q);
		return rc;
	}
	case A_CASE_VIEW: {
		struct case_detail *c = malloc(sizeof(*c));
		int rc = cases_open(ap, s, w->case_id, c, err);
		free(c);
		return rc;
	}
	case A_CASE_RESOLVE:
		return cases_resolve(ap, s, w->case_id, "admit", NULL, "documents confirmed", err);
	case A_REPORT_OTHERS_SHIFT: {
		struct report *r = malloc(sizeof(*r));
		int rc = report_shift(ap, s, w->shift_id, NULL, r, err);
		free(r);
		return rc;
	}
	case A_KEEP_REASONS:
		return decision_reason_put(ap, s, "KZ-9", "national entry ban", err);
	case A_COUNT:
		break;
	}
	return -1;
}

static void check_role(struct world *w, const char *username, enum officer_role role)
{
	struct session s;
	tu_login(&w->app, username, &s);
	assert_int_equal(s.role, role);
	for (int a = 0; a < A_COUNT; a++) {
		/* the officer's own shift is "others'" for everyone but the officer */
		int expect = want[role][a];
		if (a == A_REPORT_OTHERS_SHIFT && role == ROLE_OFFICER)
			expect = 1; /* it is their own: allowed (tested below for another) */
		int64_t denied_before = tu_query_int(
			w->app.db, "SELECT count(*) FROM audit WHERE outcome = 'denied'");
		struct error err;
		error_clear(&err);
		int rc = act(w, &s, (enum action)a, &err);
		int64_t denied_after = tu_query_int(
			w->app.db, "SELECT count(*) FROM audit WHERE outcome = 'denied'");
		if (expect && rc < 0)
			fail_msg("%s may %s, but got %d: %s", username, action_names[a], rc,
				 err.msg);
		if (!expect && rc != -ERR_DENIED)
			fail_msg("%s may not %s, but got %d", username, action_names[a], rc);
		if (!expect && denied_after != denied_before + 1)
			fail_msg("%s refused to %s without an audit row", username,
				 action_names[a]);
	}
}

static void test_officer(void **state)
{
	struct world *w = *state;
	check_role(w, "officer", ROLE_OFFICER);
	/* and another officer's shift report is refused */
	struct error err;
	error_clear(&err);
	/* a second officer with the same password */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(w->app.db->h,
					    "INSERT INTO officers(username, full_name, role,"
					    " password_hash, created_at, password_changed_at)"
					    " SELECT 'officer2', 'Second Officer', 'officer',"
					    " password_hash, created_at, created_at FROM officers"
					    " WHERE username = 'officer'",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	struct session other;
	tu_login(&w->app, "officer2", &other);
	struct report *r = malloc(sizeof(*r));
	assert_int_equal(report_shift(&w->app, &other, w->shift_id, NULL, r, &err), -ERR_DENIED);
	free(r);
}

static void test_supervisor(void **state)
{
	check_role(*state, "supervisor", ROLE_SUPERVISOR);
}

static void test_trainer(void **state)
{
	check_role(*state, "trainer", ROLE_TRAINER);
}

static void test_admin(void **state)
{
	check_role(*state, "admin", ROLE_ADMIN);
}

/* Nobody edits a decision: there is no function for it, and the store refuses it. */
static void test_nobody_edits_a_decision(void **state)
{
	struct world *w = *state;
	struct session s;
	tu_login(&w->app, "supervisor", &s);
	struct error err;
	error_clear(&err);
	TU_OK(cases_resolve(&w->app, &s, w->case_id, "refuse", "I", "listed associate", &err),
	      &err);
	/* the resolution is the case's; the officer's decision stands as made */
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM crossings"
						 " WHERE decision = 'refer'"),
			 1);
	assert_int_not_equal(tu_exec(w->app.db, "UPDATE crossings SET decision = 'refuse'"),
			     SQLITE_OK);
	assert_int_not_equal(tu_exec(w->app.db, "UPDATE cases SET resolution = 'admit'"),
			     SQLITE_OK);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_officer),
		T(test_supervisor),
		T(test_trainer),
		T(test_admin),
		T(test_nobody_edits_a_decision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
