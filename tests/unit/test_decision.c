/* app/decision.c, app/shift.c and app/screening.c: the officer's loop on a real demo
 * database file. */
#include "decision_testutil.h"

#include "app/watchlist.h"
#include "db/cases.h"

static void test_shift_needs_a_direction_and_a_lane(void **state)
{
	(void)state;
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	assert_int_equal(shift_start(&app, &officer, "sideways", "1", &sh, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "entry or exit");
	assert_int_equal(shift_start(&app, &officer, "entry", "", &sh, &err), -ERR_USAGE);
	assert_int_equal(shift_start(&app, &officer, "entry", "1; DROP", &sh, &err), -ERR_USAGE);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts"), 0);
	TU_OK(shift_start(&app, &officer, "exit", "B-2", &sh, &err), &err);
	assert_true(sh.id > 0);
	assert_int_equal(tu_count_audit(app.db, "shift.open", "ok"), 1);
	struct shift_row cur;
	assert_int_equal(shift_current(&app, &officer, &cur, &err), 1);
	assert_string_equal(cur.direction, "exit");
	assert_string_equal(cur.lane, "B-2");
}

static void test_shift_left_open_is_closed_as_interrupted(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	dt_shift(&app, &officer, "exit"); /* as after a crash: the first was never closed */
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"), 1);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE close_reason = 'interrupted'"),
			 1);
}

static void test_logout_closes_the_shift_with_the_chain_head(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct session s = officer;
	session_logout(&app, &s, "logout");
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"), 0);
	/* the head recorded is the chain's head right after the close row */
	int64_t head_seq = dt_count("SELECT head_seq FROM shifts");
	int64_t close_seq = dt_count("SELECT max(seq) FROM audit WHERE action = 'shift.close'");
	assert_int_equal(head_seq, close_seq);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts s JOIN audit a ON a.seq = s.head_seq"
				  " WHERE s.head_hash = lower(hex(a.hash))"),
			 1);
	/* and a closed shift is never reopened or rewritten */
	assert_int_not_equal(tu_exec(app.db, "UPDATE shifts SET lane = '9'"), SQLITE_OK);
}

static void test_script_never_ends_a_shift_open_at_the_booth(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry"); /* at the booth */
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	assert_int_equal(shift_start_from(&app, &officer, "cli", "entry", "1", &sh, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "open at the booth");
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"
				  " AND channel = 'terminal'"),
			 1);
	/* a script's own shift left open by a crash is closed when the next run starts */
	TU_OK(shift_end(&app, &officer, "logout", &err), &err);
	TU_OK(shift_start_from(&app, &officer, "cli", "entry", "1", &sh, &err), &err);
	TU_OK(shift_start_from(&app, &officer, "cli", "exit", "1", &sh, &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE channel = 'cli'"
				  " AND close_reason = 'interrupted'"),
			 1);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts WHERE closed_at IS NULL"), 1);
}

static void test_trainer_and_admin_cannot_open_a_shift(void **state)
{
	(void)state;
	struct session t, a;
	tu_login(&app, "trainer", &t);
	tu_login(&app, "admin", &a);
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	assert_int_equal(shift_start(&app, &t, "entry", "1", &sh, &err), -ERR_DENIED);
	assert_int_equal(shift_start(&app, &a, "entry", "1", &sh, &err), -ERR_DENIED);
	assert_int_equal(dt_count("SELECT count(*) FROM shifts"), 0);
}

static void test_clean_traveller_is_clear_and_names_the_lists(void **state)
{
	(void)state;
	struct document d;
	dt_clean(&d, "N99887766");
	struct screening *sc = malloc(sizeof(*sc));
	dt_screen(&app, &officer, &d, sc);
	assert_int_equal(sc->verdict, VERDICT_CLEAR);
	assert_int_equal(sc->matches.n, 0);
	assert_int_equal(sc->n_lists, 2);
	assert_string_equal(sc->doc_key, "KAZN99887766");
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "screen");
	assert_string_equal(last.outcome, "clear");
	TU_CONTAINS(last.detail, "DEMO-NAT:demo-1");
	free(sc);
}

static void test_listed_person_variant_spelling_is_a_hit(void **state)
{
	(void)state;
	struct document d;
	dt_listed(&d);
	struct screening *sc = malloc(sizeof(*sc));
	dt_screen(&app, &officer, &d, sc);
	assert_int_equal(sc->verdict, VERDICT_HIT);
	assert_string_equal(sc->action, "deny_entry");
	assert_string_equal(sc->matches.m[0].ref, "DEMO-001");
	assert_true(sc->matches.m[0].explanation[0] != '\0');
	free(sc);
}

static void test_admit_clear_writes_the_whole_record(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_clean(&d, "N11111111");
	int64_t id = 0;
	dt_admit(&app, &officer, &d, &id);
	assert_true(id > 0);
	struct crossing_row *c = malloc(sizeof(*c));
	struct error err;
	error_clear(&err);
	assert_int_equal(crossing_get(app.db, id, c, &err), 1);
	assert_string_equal(c->decision, "admit");
	assert_string_equal(c->verdict, "clear");
	assert_string_equal(c->direction, "entry");
	assert_string_equal(c->lane, "2");
	assert_string_equal(c->surname, "SERIKBAYEV");
	assert_string_equal(c->birth, "1988-02-14");
	assert_string_equal(c->officer, "officer");
	assert_int_equal(c->elapsed_ms, 1000);
	assert_int_equal(c->n_lists, 2);
	assert_string_equal(c->lists[0].version, "demo-1");
	TU_CONTAINS(c->mrz, "P<KAZSERIKBAYEV<<NURLAN");
	assert_int_equal(dt_count("SELECT count(*) FROM cases"), 0);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "decision");
	assert_string_equal(last.object_type, "crossing");
	assert_string_equal(last.outcome, "admit");
	free(c);
}

static void test_decision_needs_an_open_shift(void **state)
{
	(void)state;
	struct document d;
	dt_clean(&d, "N22222222");
	struct decision dec = { .kind = DECISION_ADMIT, .elapsed_ms = -1 };
	struct error err;
	error_clear(&err);
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "no shift is open");
	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 0);
}

static void test_refusal_needs_an_active_ground(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_clean(&d, "N33333333");
	struct decision dec = { .kind = DECISION_REFUSE, .elapsed_ms = 5 };
	struct error err;
	error_clear(&err);
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	dec.reason_code = "Z";
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	struct session admin;
	tu_login(&app, "admin", &admin);
	TU_OK(decision_reason_retire(&app, &admin, "F", &err), &err);
	dec.reason_code = "F";
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 0);
	dec.reason_code = "C";
	dec.reason_text = "visa expired last month";
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM crossings WHERE reason_code = 'C'"
				  " AND decision = 'refuse'"),
			 1);
	/* offered grounds: the active ones, in order, without F */
	struct refusal_reason r[16];
	int n = decision_reasons(&app, r, 16, &err);
	assert_int_equal(n, 8);
	assert_string_equal(r[0].code, "A");
	assert_string_equal(r[5].code, "G");
}

static void test_referral_needs_a_reason_and_opens_a_case(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "exit");
	struct document d;
	dt_clean(&d, "N44444444");
	struct decision dec = { .kind = DECISION_REFER, .reason_text = "  ", .elapsed_ms = 5 };
	struct error err;
	error_clear(&err);
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	dec.reason_text = "photo does not resemble the holder";
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	struct case_row c;
	assert_int_equal(case_of_crossing(app.db, id, &c, &err), 1);
	assert_string_equal(c.kind, "referral");
	assert_string_equal(c.status, "open");
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	TU_CONTAINS(last.detail, "case ");
}

static void test_hit_cannot_be_admitted_without_four_eyes(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_listed(&d);
	struct decision dec = { .kind = DECISION_ADMIT, .elapsed_ms = 5 };
	struct error err;
	error_clear(&err);
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "override reason");
	dec.reason_text = "namesake: different father's name, confirmed by embassy";
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_USAGE);
	dec.supervisor = "officer"; /* the officer themself */
	dec.supervisor_password = DEMO_PASSWORD;
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_DENIED);
	dec.supervisor = "trainer"; /* right password, wrong role */
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_DENIED);
	dec.supervisor = "supervisor";
	dec.supervisor_password = "not the password";
	assert_int_equal(dt_decide(&app, &officer, &d, &dec, NULL, &err), -ERR_FINDING);
	assert_int_equal(dt_count("SELECT failed_logins FROM officers WHERE username='supervisor'"),
			 1);
	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 0);
	assert_int_equal(tu_count_audit(app.db, "countersign", "failure"), 1);
	assert_int_equal(tu_count_audit(app.db, "countersign", "denied"), 2);

	dec.supervisor_password = DEMO_PASSWORD;
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	struct crossing_row *c = malloc(sizeof(*c));
	assert_int_equal(crossing_get(app.db, id, c, &err), 1);
	assert_string_equal(c->verdict, "hit");
	assert_string_equal(c->override_by, "supervisor");
	TU_CONTAINS(c->override_reason, "namesake");
	assert_true(c->n_hits >= 1);
	assert_string_equal(c->hits[0].ref, "DEMO-001");
	assert_string_equal(c->hits[0].band, "HIT");
	struct case_row k;
	assert_int_equal(case_of_crossing(app.db, id, &k, &err), 1);
	assert_string_equal(k.kind, "override");
	assert_int_equal(tu_count_audit(app.db, "override", "ok"), 1);
	assert_int_equal(tu_count_audit(app.db, "countersign", "ok"), 1);
	free(c);
}

static void test_supervisor_cannot_authorise_their_own_override(void **state)
{
	(void)state;
	dt_shift(&app, &supervisor, "entry");
	struct document d;
	dt_listed(&d);
	struct decision dec = { .kind = DECISION_ADMIT,
				.reason_text = "known namesake",
				.supervisor = "SUPERVISOR", /* names are not case-sensitive */
				.supervisor_password = DEMO_PASSWORD,
				.elapsed_ms = 5 };
	struct error err;
	error_clear(&err);
	assert_int_equal(dt_decide(&app, &supervisor, &d, &dec, NULL, &err), -ERR_DENIED);
	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 0);
}

static void test_history_shows_earlier_crossings_newest_first(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "exit");
	struct document d;
	dt_clean(&d, "N55555555");
	int64_t first, second;
	dt_admit(&app, &officer, &d, &first);
	dt_admit(&app, &officer, &d, &second);
	struct screening *sc = malloc(sizeof(*sc));
	dt_screen(&app, &officer, &d, sc);
	assert_int_equal(sc->n_history, 2);
	assert_int_equal(sc->history[0].id, second);
	assert_string_equal(sc->history[0].direction, "exit");
	assert_string_equal(sc->history[0].decision, "admit");
	free(sc);
}

static void test_decisions_are_never_edited_or_deleted(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct document d;
	dt_clean(&d, "N66666666");
	int64_t id;
	dt_admit(&app, &officer, &d, &id);
	assert_int_not_equal(tu_exec(app.db, "UPDATE crossings SET decision = 'refuse'"),
			     SQLITE_OK);
	assert_int_not_equal(tu_exec(app.db, "DELETE FROM crossings"), SQLITE_OK);
	assert_int_not_equal(tu_exec(app.db, "DELETE FROM crossing_lists"), SQLITE_OK);
	assert_int_equal(dt_count("SELECT count(*) FROM crossings WHERE decision = 'admit'"), 1);
}

/* A failure half-way through the transaction leaves nothing behind: no crossing, no
 * hits, no audit row. */
static void test_failed_decision_leaves_no_trace(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	assert_int_equal(tu_exec(app.db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON cases"
					 " BEGIN SELECT RAISE(ABORT, 'disk full'); END;"),
			 SQLITE_OK);
	int64_t audit_before = dt_count("SELECT count(*) FROM audit");
	struct document d;
	dt_clean(&d, "N77777777");
	struct screening *sc = malloc(sizeof(*sc));
	dt_screen(&app, &officer, &d, sc);
	audit_before++; /* the screening's own row */
	struct decision dec = { .kind = DECISION_REFER, .reason_text = "check", .elapsed_ms = 1 };
	struct error err;
	error_clear(&err);
	assert_int_equal(decision_record(&app, &officer, sc, &dec, NULL, &err), -ERR_IO);
	TU_CONTAINS(err.msg, "disk full");
	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 0);
	assert_int_equal(dt_count("SELECT count(*) FROM crossing_lists"), 0);
	assert_int_equal(dt_count("SELECT count(*) FROM audit"), audit_before);
	free(sc);
}

static void test_entry_view_is_audited(void **state)
{
	(void)state;
	int64_t id = dt_count("SELECT id FROM wl_entries WHERE ref = 'DEMO-001'");
	struct wl_view *v = malloc(sizeof(*v));
	struct error err;
	error_clear(&err);
	assert_int_equal(watch_entry_view(&app, &officer, id, v, &err), 1);
	assert_string_equal(v->ref, "DEMO-001");
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "watchlist.entry.view");
	assert_string_equal(last.officer, "officer");
	assert_string_equal(last.object_id, "DEMO-NAT DEMO-001");
	struct session t;
	tu_login(&app, "trainer", &t);
	assert_int_equal(watch_entry_view(&app, &t, id, v, &err), -ERR_DENIED);
	free(v);
}

static void test_reasons_are_kept_by_administrators(void **state)
{
	(void)state;
	struct session admin;
	tu_login(&app, "admin", &admin);
	struct error err;
	error_clear(&err);
	assert_int_equal(decision_reason_put(&app, &officer, "KZ-1", "entry ban", &err),
			 -ERR_DENIED);
	assert_int_equal(decision_reason_put(&app, &admin, "bad code!", "x", &err), -ERR_USAGE);
	assert_int_equal(decision_reason_put(&app, &admin, "KZ-1", "", &err), -ERR_USAGE);
	TU_OK(decision_reason_put(&app, &admin, "KZ-1", "entry ban (national)", &err), &err);
	struct refusal_reason r[16];
	int n = decision_reasons(&app, r, 16, &err);
	assert_int_equal(n, 10);
	assert_string_equal(r[9].code, "KZ-1");
	assert_int_equal(tu_count_audit(app.db, "reason.put", "ok"), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, dt_setup, dt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_shift_needs_a_direction_and_a_lane),
		T(test_shift_left_open_is_closed_as_interrupted),
		T(test_logout_closes_the_shift_with_the_chain_head),
		T(test_script_never_ends_a_shift_open_at_the_booth),
		T(test_trainer_and_admin_cannot_open_a_shift),
		T(test_clean_traveller_is_clear_and_names_the_lists),
		T(test_listed_person_variant_spelling_is_a_hit),
		T(test_admit_clear_writes_the_whole_record),
		T(test_decision_needs_an_open_shift),
		T(test_refusal_needs_an_active_ground),
		T(test_referral_needs_a_reason_and_opens_a_case),
		T(test_hit_cannot_be_admitted_without_four_eyes),
		T(test_supervisor_cannot_authorise_their_own_override),
		T(test_history_shows_earlier_crossings_newest_first),
		T(test_decisions_are_never_edited_or_deleted),
		T(test_failed_decision_leaves_no_trace),
		T(test_entry_view_is_audited),
		T(test_reasons_are_kept_by_administrators),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
