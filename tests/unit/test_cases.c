/* app/cases.c and db/cases.c: the supervisor's queue, a case's record, notes and the
 * resolution, on a real demo database with decisions made through app/. */
#include "decision_testutil.h"

#include "app/cases.h"
#include "db/cases.h"
#include "scanners/clock.h"

/* The officer refers a clean traveller; returns the case id. */
static int64_t refer(const char *number, const char *why, int64_t *crossing)
{
	struct document d;
	dt_clean(&d, number);
	struct decision dec = { .kind = DECISION_REFER, .reason_text = why, .elapsed_ms = 10 };
	struct error err;
	error_clear(&err);
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	struct case_row c;
	assert_int_equal(case_of_crossing(app.db, id, &c, &err), 1);
	if (crossing)
		*crossing = id;
	return c.id;
}

static void test_queue_is_oldest_first_whatever_the_order_of_ids(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	int64_t x[3];
	const char *numbers[] = { "N10000001", "N10000002", "N10000003" };
	for (int i = 0; i < 3; i++) {
		dt_clean(&d, numbers[i]);
		dt_admit(&app, &officer, &d, &x[i]);
	}
	/* opened in the reverse order of their ids, as after a sync from another desk */
	struct error err;
	error_clear(&err);
	int64_t id;
	TU_OK(case_insert(app.db, x[0], "referral", "2026-03-01T10:00:00.000Z", &id, &err), &err);
	TU_OK(case_insert(app.db, x[1], "override", "2026-03-01T09:00:00.000Z", &id, &err), &err);
	TU_OK(case_insert(app.db, x[2], "referral", "2026-03-01T08:00:00.000Z", &id, &err), &err);

	struct case_row *q = calloc(CASES_QUEUE_MAX, sizeof(*q));
	assert_non_null(q);
	int n = cases_queue(&app, &supervisor, q, CASES_QUEUE_MAX, &err);
	assert_int_equal(n, 3);
	assert_int_equal(q[0].crossing_id, x[2]);
	assert_int_equal(q[1].crossing_id, x[1]);
	assert_int_equal(q[2].crossing_id, x[0]);
	assert_string_equal(q[1].kind, "override");
	assert_string_equal(q[0].officer, "officer");
	assert_string_equal(q[0].surname, "SERIKBAYEV");
	assert_string_equal(q[0].verdict, "clear");
	assert_int_equal(tu_count_audit(app.db, "case.queue", "ok"), 1);
	free(q);
}

static void test_queue_line_carries_the_referral_reason(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	refer("N20000001", "visa stamp looks altered", NULL);
	struct case_row q[4];
	struct error err;
	error_clear(&err);
	assert_int_equal(cases_queue(&app, &supervisor, q, 4, &err), 1);
	assert_string_equal(q[0].kind, "referral");
	assert_string_equal(q[0].reason, "visa stamp looks altered");
	char age[32];
	time_t t;
	assert_int_equal(clock_parse_iso("2026-03-01T10:00:00Z", &t), 0);
	cases_age("2026-03-01T07:55:00.000Z", t, age, sizeof(age));
	assert_string_equal(age, "2h 05m");
	cases_age("2026-03-01T09:15:00.000Z", t, age, sizeof(age));
	assert_string_equal(age, "45m");
	cases_age("2026-02-26T08:00:00.000Z", t, age, sizeof(age));
	assert_string_equal(age, "3d 02h");
}

static void test_resolve_closes_the_case_and_is_audited(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t xid, id = refer("N30000001", "check the purpose of the trip", &xid);
	struct error err;
	error_clear(&err);
	TU_OK(cases_resolve(&app, &supervisor, id, "admit", NULL, "  invitation letter verified ",
			    &err),
	      &err);
	struct case_row c;
	assert_int_equal(case_get(app.db, id, &c, &err), 1);
	assert_string_equal(c.status, "closed");
	assert_string_equal(c.resolution, "admit");
	assert_string_equal(c.resolution_reason, "invitation letter verified");
	assert_string_equal(c.resolved_by, "supervisor");
	assert_true(c.resolved_at[0] != '\0');
	/* the officer's decision is untouched: a resolution is added, never an edit */
	struct crossing_row *x = malloc(sizeof(*x));
	assert_non_null(x);
	assert_int_equal(crossing_get(app.db, xid, x, &err), 1);
	assert_string_equal(x->decision, "refer");
	free(x);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "case.resolve");
	assert_string_equal(last.outcome, "ok");
	assert_string_equal(last.object_type, "case");
	char oid[24];
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	assert_string_equal(last.object_id, oid);
	TU_CONTAINS(last.detail, "admit");
	assert_string_equal(last.officer, "supervisor");
	struct case_row q[4];
	assert_int_equal(cases_queue(&app, &supervisor, q, 4, &err), 0);
}

static void test_second_resolution_is_refused_and_the_first_stands(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t id = refer("N40000001", "nervous, story does not add up", NULL);
	struct error err;
	error_clear(&err);
	TU_OK(cases_resolve(&app, &supervisor, id, "refuse", "E",
			    "no hotel booking, no return "
			    "ticket",
			    &err),
	      &err);
	assert_int_equal(
		cases_resolve(&app, &supervisor, id, "admit", NULL, "changed my mind", &err),
		-ERR_FINDING);
	TU_CONTAINS(err.msg, "already resolved");
	struct case_row c;
	assert_int_equal(case_get(app.db, id, &c, &err), 1);
	assert_string_equal(c.status, "closed");
	assert_string_equal(c.resolution, "refuse");
	assert_string_equal(c.resolution_code, "E");
	assert_string_equal(c.resolution_reason, "no hotel booking, no return ticket");
	assert_int_equal(tu_count_audit(app.db, "case.resolve", "ok"), 1);
	assert_int_equal(tu_count_audit(app.db, "case.resolve", "refused"), 1);
	/* the database refuses it too, whoever asks */
	char sql[128];
	snprintf(sql, sizeof(sql), "UPDATE cases SET resolution = 'admit' WHERE id = %lld",
		 (long long)id);
	assert_int_not_equal(tu_exec(app.db, sql), SQLITE_OK);
	assert_int_equal(case_resolve(app.db, id, "admit", "", "again", "supervisor", "now", &err),
			 -ERR_FINDING);
}

static void test_refusal_needs_an_active_ground_and_every_resolution_a_reason(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t id = refer("N50000001", "odd route", NULL);
	struct error err;
	error_clear(&err);
	assert_int_equal(cases_resolve(&app, &supervisor, id, "refuse", NULL, "no ground", &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "refusal ground");
	assert_int_equal(cases_resolve(&app, &supervisor, id, "refuse", "Z", "no such", &err),
			 -ERR_USAGE);
	TU_OK(reason_retire(app.db, "G", &err), &err);
	assert_int_equal(cases_resolve(&app, &supervisor, id, "refuse", "G", "retired", &err),
			 -ERR_USAGE);
	assert_int_equal(cases_resolve(&app, &supervisor, id, "refuse", "A", "   ", &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "reason");
	assert_int_equal(cases_resolve(&app, &supervisor, id, "admit", NULL, "", &err), -ERR_USAGE);
	assert_int_equal(cases_resolve(&app, &supervisor, id, "ignore", NULL, "x", &err),
			 -ERR_USAGE);
	assert_int_equal(cases_resolve(&app, &supervisor, 999999, "admit", NULL, "x", &err),
			 -ERR_USAGE);
	struct case_row c;
	assert_int_equal(case_get(app.db, id, &c, &err), 1);
	assert_string_equal(c.status, "open");
	assert_int_equal(tu_count_audit(app.db, "case.resolve", NULL), 0);
}

static void test_supervisors_never_edit_a_decision(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t xid;
	refer("N60000001", "check", &xid);
	char sql[160];
	snprintf(sql, sizeof(sql), "UPDATE crossings SET decision = 'admit' WHERE id = %lld",
		 (long long)xid);
	assert_int_not_equal(tu_exec(app.db, sql), SQLITE_OK);
	snprintf(sql, sizeof(sql), "DELETE FROM crossings WHERE id = %lld", (long long)xid);
	assert_int_not_equal(tu_exec(app.db, sql), SQLITE_OK);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM crossings WHERE id = %lld AND "
		 "decision = 'refer'",
		 (long long)xid);
	assert_int_equal(dt_count(sql), 1);
}

static void test_officer_is_denied_the_desk_and_each_denial_is_audited(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t id = refer("N70000001", "check", NULL);
	struct session trainer;
	tu_login(&app, "trainer", &trainer);
	struct error err;
	error_clear(&err);
	struct case_row q[4];
	struct case_detail *d = malloc(sizeof(*d));
	assert_non_null(d);
	int before = tu_count_audit(app.db, "access.denied", "denied");
	assert_int_equal(cases_queue(&app, &officer, q, 4, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_int_equal(cases_open(&app, &officer, id, d, &err), -ERR_DENIED);
	assert_int_equal(cases_add_note(&app, &officer, id, "looks fine", &err), -ERR_DENIED);
	assert_int_equal(cases_resolve(&app, &officer, id, "admit", NULL, "my own call", &err),
			 -ERR_DENIED);
	assert_int_equal(cases_queue(&app, &trainer, q, 4, &err), -ERR_DENIED);
	assert_int_equal(tu_count_audit(app.db, "access.denied", "denied"), before + 5);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.object_id, "review_cases");
	assert_string_equal(last.officer, "trainer");
	struct case_row c;
	assert_int_equal(case_get(app.db, id, &c, &err), 1);
	assert_string_equal(c.status, "open");
	assert_int_equal(dt_count("SELECT count(*) FROM case_notes"), 0);
	free(d);
}

static void test_supervisor_does_not_resolve_their_own_referral(void **state)
{
	(void)state;
	dt_shift(&app, &supervisor, "exit");
	struct document d;
	dt_clean(&d, "N80000001");
	struct decision dec = { .kind = DECISION_REFER, .reason_text = "second opinion" };
	struct error err;
	error_clear(&err);
	int64_t xid;
	TU_OK(dt_decide(&app, &supervisor, &d, &dec, &xid, &err), &err);
	struct case_row c;
	assert_int_equal(case_of_crossing(app.db, xid, &c, &err), 1);
	assert_int_equal(cases_resolve(&app, &supervisor, c.id, "admit", NULL, "fine", &err),
			 -ERR_DENIED);
	assert_int_equal(tu_count_audit(app.db, "case.resolve", "denied"), 1);
	assert_int_equal(case_get(app.db, c.id, &c, &err), 1);
	assert_string_equal(c.status, "open");
}

/* The supervisor who countersigned an override does not review it either. */
static void test_authoriser_does_not_resolve_the_override_they_signed(void **state)
{
	(void)state;
	assert_int_equal(tu_exec(app.db, "INSERT INTO officers(username, full_name, role,"
					 " password_hash, created_at, password_changed_at)"
					 " SELECT 'supervisor2', 'Second Supervisor', 'supervisor',"
					 " password_hash, created_at, created_at FROM officers"
					 " WHERE username = 'supervisor'"),
			 SQLITE_OK);
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_listed(&d);
	struct decision dec = { .kind = DECISION_ADMIT,
				.reason_text = "namesake",
				.supervisor = "supervisor",
				.supervisor_password = DEMO_PASSWORD,
				.elapsed_ms = 1 };
	struct error err;
	error_clear(&err);
	int64_t xid;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &xid, &err), &err);
	struct case_row c;
	assert_int_equal(case_of_crossing(app.db, xid, &c, &err), 1);
	assert_string_equal(c.override_by, "supervisor");
	assert_int_equal(cases_resolve(&app, &supervisor, c.id, "admit", NULL, "fine", &err),
			 -ERR_DENIED);
	TU_CONTAINS(err.msg, "another supervisor");
	assert_int_equal(dt_count("SELECT count(*) FROM cases WHERE status = 'open'"), 1);
	struct session second;
	tu_login(&app, "supervisor2", &second);
	TU_OK(cases_resolve(&app, &second, c.id, "admit", NULL, "namesake confirmed", &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM cases WHERE status = 'closed'"
				  " AND resolved_by = 'supervisor2'"),
			 1);
}

/* The trail is looked up by its object, not by reading the whole chain. */
static void test_case_trail_uses_the_audit_object_index(void **state)
{
	(void)state;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(app.db->h,
					    "EXPLAIN QUERY PLAN SELECT seq FROM audit WHERE"
					    " (object_type = 'case' AND object_id = '1') OR"
					    " (object_type = 'crossing' AND object_id = '2')",
					    -1, &st, NULL),
			 SQLITE_OK);
	int indexed = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		indexed |= strstr((const char *)sqlite3_column_text(st, 3), "audit_object") != NULL;
	sqlite3_finalize(st);
	assert_true(indexed);
}

static void test_case_gathers_record_history_notes_and_trail(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_clean(&d, "N90000001");
	int64_t earlier;
	dt_admit(&app, &officer, &d, &earlier);
	int64_t xid, id = refer("N90000001", "came back the same day", &xid);
	struct error err;
	error_clear(&err);
	assert_int_equal(cases_add_note(&app, &supervisor, id, "   ", &err), -ERR_USAGE);
	char long_note[CASE_NOTE_CHARS + 2];
	memset(long_note, 'x', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	assert_int_equal(cases_add_note(&app, &supervisor, id, long_note, &err), -ERR_USAGE);
	assert_int_equal(cases_add_note(&app, &supervisor, id, "line\nbreak", &err), -ERR_USAGE);
	TU_OK(cases_add_note(&app, &supervisor, id, "called the inviting company", &err), &err);
	TU_OK(cases_add_note(&app, &supervisor, id, "позвонил в посольство", &err), &err);

	struct case_detail *cd = malloc(sizeof(*cd));
	assert_non_null(cd);
	assert_int_equal(cases_open(&app, &supervisor, id, cd, &err), 1);
	assert_int_equal(cd->c.id, id);
	assert_int_equal(cd->crossing.id, xid);
	assert_string_equal(cd->crossing.reason_text, "came back the same day");
	assert_int_equal(cd->n_history, 1); /* the earlier crossing, not this one */
	assert_int_equal(cd->history[0].id, earlier);
	assert_int_equal(cd->n_notes, 2);
	assert_string_equal(cd->notes[0].text, "called the inviting company");
	assert_string_equal(cd->notes[1].text, "позвонил в посольство");
	assert_string_equal(cd->notes[1].officer, "supervisor");
	int decision = 0, notes = 0, view = 0;
	for (int i = 0; i < cd->n_audit; i++) {
		decision += strcmp(cd->audit[i].action, "decision") == 0;
		notes += strcmp(cd->audit[i].action, "case.note") == 0;
		view += strcmp(cd->audit[i].action, "case.view") == 0;
		if (i > 0)
			assert_true(cd->audit[i].seq > cd->audit[i - 1].seq);
	}
	assert_int_equal(decision, 1); /* the referral, not the earlier admission */
	assert_int_equal(notes, 2);
	assert_int_equal(view, 1);
	assert_int_equal(tu_count_audit(app.db, "case.view", "ok"), 1);
	assert_int_equal(cases_open(&app, &supervisor, 424242, cd, &err), 0);
	free(cd);
}

static void test_many_views_never_hide_the_decision_from_the_trail(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	int64_t id = refer("N11000001", "check", NULL);
	struct case_detail *cd = malloc(sizeof(*cd));
	assert_non_null(cd);
	struct error err;
	error_clear(&err);
	for (int i = 0; i < CASE_AUDIT_MAX + 5; i++)
		assert_int_equal(cases_open(&app, &supervisor, id, cd, &err), 1);
	assert_int_equal(cd->n_audit, CASE_AUDIT_MAX);
	assert_string_equal(cd->audit[0].action, "decision");
	assert_string_equal(cd->audit[CASE_AUDIT_MAX - 1].action, "case.view");
	free(cd);
}

#define T(f) cmocka_unit_test_setup_teardown(f, dt_setup, dt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_queue_is_oldest_first_whatever_the_order_of_ids),
		T(test_queue_line_carries_the_referral_reason),
		T(test_resolve_closes_the_case_and_is_audited),
		T(test_second_resolution_is_refused_and_the_first_stands),
		T(test_refusal_needs_an_active_ground_and_every_resolution_a_reason),
		T(test_supervisors_never_edit_a_decision),
		T(test_officer_is_denied_the_desk_and_each_denial_is_audited),
		T(test_supervisor_does_not_resolve_their_own_referral),
		T(test_authoriser_does_not_resolve_the_override_they_signed),
		T(test_case_trail_uses_the_audit_object_index),
		T(test_case_gathers_record_history_notes_and_trail),
		T(test_many_views_never_hide_the_decision_from_the_trail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
