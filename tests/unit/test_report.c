/* app/report.c and db/cases.c shift_figures: exact figures for a known set of
 * decisions, who may see which shift, and the text and CSV forms. */
#include "decision_testutil.h"

#include "app/accounts.h"
#include "app/cases.h"
#include "app/report.h"

static int64_t decide(enum decision_kind kind, const char *number, const char *code,
		      const char *text, long ms)
{
	struct document d;
	dt_clean(&d, number);
	struct decision dec = {
		.kind = kind, .reason_code = code, .reason_text = text, .elapsed_ms = ms
	};
	struct error err;
	error_clear(&err);
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	return id;
}

static int64_t decide_listed(enum decision_kind kind, const char *code, const char *text, long ms)
{
	struct document d;
	dt_listed(&d);
	struct decision dec = { .kind = kind,
				.reason_code = code,
				.reason_text = text,
				.supervisor = kind == DECISION_ADMIT ? "supervisor" : NULL,
				.supervisor_password =
					kind == DECISION_ADMIT ? DEMO_PASSWORD : NULL,
				.elapsed_ms = ms };
	struct error err;
	error_clear(&err);
	int64_t id;
	TU_OK(dt_decide(&app, &officer, &d, &dec, &id, &err), &err);
	return id;
}

/* The officer's day: eight travellers entering, then two leaving.
 *   entry: admit 1 s, admit 2 s, refuse A 3 s, refuse H 4 s, refuse A 5 s, refer 6 s,
 *          HIT admitted over by the supervisor 7 s, HIT refused H 8 s
 *   exit:  admit 10 s, refer 20 s */
static int64_t known_day(int64_t *entry_shift, int64_t *override_crossing)
{
	struct error err;
	error_clear(&err);
	struct shift_row sh;
	TU_OK(shift_start(&app, &officer, "entry", "2", &sh, &err), &err);
	*entry_shift = sh.id;
	decide(DECISION_ADMIT, "R00000001", NULL, NULL, 1000);
	decide(DECISION_ADMIT, "R00000002", NULL, NULL, 2000);
	decide(DECISION_REFUSE, "R00000003", "A", NULL, 3000);
	decide(DECISION_REFUSE, "R00000004", "H", NULL, 4000);
	decide(DECISION_REFUSE, "R00000005", "A", NULL, 5000);
	decide(DECISION_REFER, "R00000006", NULL, "purpose of stay unclear", 6000);
	*override_crossing =
		decide_listed(DECISION_ADMIT, NULL, "namesake, \"confirmed\" by the embassy", 7000);
	decide_listed(DECISION_REFUSE, "H", NULL, 8000);
	TU_OK(shift_end(&app, &officer, "logout", &err), &err);
	TU_OK(shift_start(&app, &officer, "exit", "3", &sh, &err), &err);
	decide(DECISION_ADMIT, "R00000007", NULL, NULL, 10000);
	int64_t refer = decide(DECISION_REFER, "R00000008", NULL, "second passport", 20000);
	return refer;
}

static struct report *new_report(void)
{
	struct report *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	return r;
}

static int refusals_of(const struct shift_figures *f, const char *code)
{
	for (int i = 0; i < f->n_reasons; i++)
		if (strcmp(f->refusals[i].code, code) == 0)
			return f->refusals[i].n;
	return -1;
}

static void test_day_figures_are_exact(void **state)
{
	(void)state;
	int64_t entry, override;
	int64_t refer = known_day(&entry, &override);
	struct error err;
	error_clear(&err);
	/* one referral resolved: one open, one closed */
	struct case_row c;
	assert_int_equal(case_of_crossing(app.db, refer, &c, &err), 1);
	TU_OK(cases_resolve(&app, &supervisor, c.id, "admit", NULL, "both passports valid", &err),
	      &err);

	char day[11];
	report_day(NULL, 0, day);
	struct report *r = new_report();
	TU_OK(report_shift(&app, &supervisor, 0, day, r, &err), &err);
	const struct shift_figures *f = &r->f;
	assert_int_equal(r->n_shifts, 2);
	assert_string_equal(r->title_day, day);
	assert_string_equal(r->post, app.post);
	assert_int_equal(f->travellers, 10);
	assert_int_equal(f->entries, 8);
	assert_int_equal(f->exits, 2);
	assert_int_equal(f->admitted, 4);
	assert_int_equal(f->refused, 4);
	assert_int_equal(f->referred, 2);
	assert_int_equal(f->hits, 2);
	assert_int_equal(f->possibles, 0);
	assert_int_equal(f->n_reasons, 2);
	assert_int_equal(refusals_of(f, "A"), 2);
	assert_int_equal(refusals_of(f, "H"), 2);
	assert_int_equal(f->referrals_open, 1);
	assert_int_equal(f->referrals_closed, 1);
	assert_int_equal(f->overrides_total, 1);
	assert_int_equal(f->n_overrides, 1);
	assert_int_equal(f->overrides[0].crossing_id, override);
	assert_string_equal(f->overrides[0].officer, "officer");
	assert_string_equal(f->overrides[0].authorised_by, "supervisor");
	assert_string_equal(f->overrides[0].traveller, "HALIMOV, GULMUROD");
	TU_CONTAINS(f->overrides[0].reason, "namesake");
	/* (1+2+3+4+5+6+7+8+10+20) s / 10; p95 by nearest rank: the 10th of 10 */
	assert_int_equal(f->mean_ms, 6600);
	assert_int_equal(f->p95_ms, 20000);
	/* the exit shift is still open: the head is the chain's as it is now */
	assert_int_equal(r->head_at_close, 0);
	/* the report.shift row came after it */
	assert_int_equal(r->head_seq, tu_query_int(app.db, "SELECT max(seq) FROM audit") - 1);
	assert_int_equal(strlen(r->head_hash), 64);
	assert_int_equal(tu_count_audit(app.db, "report.shift", "ok"), 1);

	/* the closed entry shift alone, with the head recorded at its close */
	TU_OK(report_shift(&app, &officer, entry, NULL, r, &err), &err);
	assert_int_equal(r->n_shifts, 1);
	assert_int_equal(r->f.travellers, 8);
	assert_int_equal(r->f.exits, 0);
	assert_int_equal(r->f.mean_ms, 4500); /* 36 s / 8 */
	assert_int_equal(r->f.p95_ms, 8000);  /* rank ceil(7.6) = 8 */
	assert_int_equal(r->f.referrals_open, 1);
	assert_int_equal(r->head_at_close, 1);
	assert_int_equal(r->head_seq, r->shifts[0].head_seq);
	assert_string_equal(r->head_hash, r->shifts[0].head_hash);
	assert_true(r->head_seq > 0);
	free(r);
}

static void test_nearest_rank_p95_of_twenty(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	char number[16];
	for (int i = 1; i <= 20; i++) {
		snprintf(number, sizeof(number), "P%08d", i);
		decide(DECISION_ADMIT, number, NULL, NULL, i * 100L);
	}
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	assert_int_equal(shift_current(&app, &officer, &sh, &err), 1);
	struct shift_figures f;
	TU_OK(shift_figures(app.db, &sh.id, 1, &f, &err), &err);
	assert_int_equal(f.travellers, 20);
	assert_int_equal(f.p95_ms, 1900); /* rank ceil(19) = 19 */
	assert_int_equal(f.mean_ms, 1050);
	TU_OK(shift_figures(app.db, NULL, 0, &f, &err), &err);
	assert_int_equal(f.travellers, 0);
	assert_int_equal(f.mean_ms, 0);
	assert_int_equal(f.p95_ms, 0);
}

/* A crossing as the decision would store it, with one match of the given band. */
static void stored(int64_t shift, const char *verdict, const char *band, const char *number)
{
	struct crossing_row *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	c->shift_id = shift;
	snprintf(c->officer, sizeof(c->officer), "officer");
	snprintf(c->direction, sizeof(c->direction), "entry");
	snprintf(c->lane, sizeof(c->lane), "1");
	snprintf(c->decided_at, sizeof(c->decided_at), "2026-03-01T10:00:00.000Z");
	snprintf(c->decision, sizeof(c->decision), "admit");
	snprintf(c->verdict, sizeof(c->verdict), "%s", verdict);
	snprintf(c->doc_key, sizeof(c->doc_key), "KAZ%s", number);
	snprintf(c->number, sizeof(c->number), "%s", number);
	if (band) {
		c->n_hits = 1;
		c->hits[0].entry_id = 1;
		c->hits[0].score = 70;
		snprintf(c->hits[0].band, sizeof(c->hits[0].band), "%s", band);
	}
	struct error err;
	error_clear(&err);
	TU_OK(db_begin(app.db, &err), &err);
	TU_OK(crossing_insert(app.db, c, &err), &err);
	TU_OK(db_commit(app.db, &err), &err);
	free(c);
}

static void test_possibles_are_checks_with_a_possible_match(void **state)
{
	(void)state;
	dt_shift(&app, &officer, "entry");
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	assert_int_equal(shift_current(&app, &officer, &sh, &err), 1);
	stored(sh.id, "check", "POSSIBLE", "Q1");
	stored(sh.id, "check", NULL, "Q2");     /* a failed check digit, no match */
	stored(sh.id, "hit", "POSSIBLE", "Q3"); /* counted as a hit, not a possible */
	stored(sh.id, "clear", NULL, "Q4");
	struct shift_figures f;
	TU_OK(shift_figures(app.db, &sh.id, 1, &f, &err), &err);
	assert_int_equal(f.travellers, 4);
	assert_int_equal(f.possibles, 1);
	assert_int_equal(f.hits, 1);
}

static void test_officer_sees_only_their_own_shifts(void **state)
{
	(void)state;
	struct session admin, other;
	tu_login(&app, "admin", &admin);
	struct error err;
	error_clear(&err);
	TU_OK(accounts_add(&app, &admin, "officer2", "Second Officer", ROLE_OFFICER, "en",
			   "correct horse battery", &err),
	      &err);
	TU_OK(session_login(&app, "officer2", "correct horse battery", "terminal", &other, &err),
	      &err);
	struct shift_row mine, theirs;
	TU_OK(shift_start(&app, &officer, "entry", "1", &mine, &err), &err);
	TU_OK(shift_start(&app, &other, "exit", "2", &theirs, &err), &err);
	decide(DECISION_ADMIT, "S00000001", NULL, NULL, 500);

	struct report *r = new_report();
	int denied = tu_count_audit(app.db, "access.denied", "denied");
	assert_int_equal(report_shift(&app, &officer, theirs.id, NULL, r, &err), -ERR_DENIED);
	TU_CONTAINS(err.msg, "ask a supervisor");
	assert_int_equal(r->n_shifts, 0);
	assert_int_equal(tu_count_audit(app.db, "access.denied", "denied"), denied + 1);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.object_type, "shift");
	assert_string_equal(last.officer, "officer");
	TU_OK(report_shift(&app, &officer, mine.id, NULL, r, &err), &err);
	assert_int_equal(r->f.travellers, 1);
	/* the day: an officer gets their own shifts, a supervisor everyone's */
	char day[11];
	report_day(NULL, 0, day);
	TU_OK(report_shift(&app, &officer, 0, day, r, &err), &err);
	assert_int_equal(r->n_shifts, 1);
	assert_int_equal(r->shifts[0].id, mine.id);
	TU_OK(report_shift(&app, &supervisor, 0, day, r, &err), &err);
	assert_int_equal(r->n_shifts, 2);
	TU_OK(report_shift(&app, &supervisor, theirs.id, NULL, r, &err), &err);
	/* without a number: the open shift */
	TU_OK(report_current(&app, &other, r, &err), &err);
	assert_int_equal(r->n_shifts, 1);
	assert_int_equal(r->shifts[0].id, theirs.id);
	assert_string_equal(r->title_day, "");
	/* trainers and administrators see no live data */
	struct session trainer;
	tu_login(&app, "trainer", &trainer);
	assert_int_equal(report_shift(&app, &trainer, mine.id, NULL, r, &err), -ERR_DENIED);
	assert_int_equal(report_shift(&app, &admin, 0, day, r, &err), -ERR_DENIED);
	assert_int_equal(tu_count_audit(app.db, "access.denied", "denied"), denied + 3);
	assert_int_equal(report_shift(&app, &supervisor, 0, "2026-13-01", r, &err), -ERR_USAGE);
	assert_int_equal(report_shift(&app, &supervisor, 987654, NULL, r, &err), -ERR_USAGE);
	free(r);
}

static char *print(const struct report *r, int csv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	if (csv)
		report_print_csv(r, out);
	else
		report_print_text(r, out);
	fclose(out);
	return text;
}

static void test_text_report_fits_80_columns_and_names_everything(void **state)
{
	(void)state;
	int64_t entry, override;
	known_day(&entry, &override);
	struct error err;
	error_clear(&err);
	char day[11];
	report_day(NULL, 0, day);
	struct report *r = new_report();
	TU_OK(report_shift(&app, &supervisor, 0, day, r, &err), &err);
	char *text = print(r, 0);
	TU_CONTAINS(text, "SHIFT REPORT\n");
	TU_CONTAINS(text, "Post: ");
	TU_CONTAINS(text, "Travellers: 10 (entry 8, exit 2)\n");
	TU_CONTAINS(text, "Decisions: admitted 4, refused 4, referred 2\n");
	TU_CONTAINS(text, "Hits: 2\n");
	TU_CONTAINS(text, "Refusals by ground:\n  A    2\n  H    2\n");
	TU_CONTAINS(text, "Referrals: open 2, closed 0\n");
	TU_CONTAINS(text, "Overrides: 1\n");
	TU_CONTAINS(text, ", officer 'officer'\n    authorised by 'supervisor'\n");
	TU_CONTAINS(text, "traveller: HALIMOV, GULMUROD\n");
	TU_CONTAINS(text, "Time per traveller: mean 6.6 s, 95th percentile 20.0 s\n");
	TU_CONTAINS(text, "Audit chain head now, shift still open: row ");
	TU_CONTAINS(text, r->head_hash);
	TU_CONTAINS(text, "Countersigned");
	TU_CONTAINS(text, "still open");
	TU_CONTAINS(text, "(logout)");
	for (char *line = text, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		size_t chars = 0;
		for (char *p = line; p < nl; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > 79)
			fail_msg("line longer than 79 characters: %.*s", (int)(nl - line), line);
	}
	free(text);
	TU_OK(report_shift(&app, &officer, entry, NULL, r, &err), &err);
	text = print(r, 0);
	TU_CONTAINS(text, "Audit chain head at shift close: row ");
	free(text);
	free(r);
}

static void test_csv_rows_are_quoted_by_rfc_4180(void **state)
{
	(void)state;
	int64_t entry, override;
	known_day(&entry, &override);
	struct error err;
	error_clear(&err);
	struct report *r = new_report();
	TU_OK(report_shift(&app, &supervisor, entry, NULL, r, &err), &err);
	char *csv = print(r, 1);
	assert_memory_equal(csv, "metric,key,value\r\n", 18);
	TU_CONTAINS(csv, "\r\ntravellers,,8\r\n");
	TU_CONTAINS(csv, "\r\ntravellers,entry,8\r\n");
	TU_CONTAINS(csv, "\r\nrefusals,A,2\r\n");
	TU_CONTAINS(csv, "\r\nrefusals,H,2\r\n");
	TU_CONTAINS(csv, "\r\nreferrals,open,1\r\n");
	TU_CONTAINS(csv, "\r\ntime_ms,mean,4500\r\n");
	TU_CONTAINS(csv, "\r\ntime_ms,p95,8000\r\n");
	TU_CONTAINS(csv, "\r\naudit_head,at,close\r\n");
	char want[160];
	snprintf(want, sizeof(want), "\r\noverride_traveller,%lld,\"HALIMOV, GULMUROD\"\r\n",
		 (long long) override);
	TU_CONTAINS(csv, want);
	snprintf(want, sizeof(want),
		 "\r\noverride_reason,%lld,\"namesake, \"\"confirmed\"\" by the embassy\"\r\n",
		 (long long) override);
	TU_CONTAINS(csv, want);
	snprintf(want, sizeof(want), "\r\noverride_authorised_by,%lld,supervisor\r\n",
		 (long long) override);
	TU_CONTAINS(csv, want);
	/* every record ends in CRLF and no bare LF is left */
	size_t len = strlen(csv);
	assert_memory_equal(csv + len - 2, "\r\n", 2);
	for (size_t i = 0; i < len; i++)
		if (csv[i] == '\n')
			assert_int_equal(csv[i - 1], '\r');
	free(csv);
	free(r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, dt_setup, dt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_day_figures_are_exact),
		T(test_nearest_rank_p95_of_twenty),
		T(test_possibles_are_checks_with_a_possible_match),
		T(test_officer_sees_only_their_own_shifts),
		T(test_text_report_fits_80_columns_and_names_everything),
		T(test_csv_rows_are_quoted_by_rfc_4180),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
