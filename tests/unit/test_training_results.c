/* app/training_results.c and the append-only rules of db/training.c: a run ended early
 * is abandoned, ended runs and their answers are never edited, and the results come out
 * as CSV, on the screen's stream or exported beside the training database. The trainers'
 * folder and the helpers that play a run are in training_testutil.h. */
#include "training_testutil.h"

/* --- abandon and append-only ------------------------------------------------------------- */

static void test_ending_early_abandons_and_results_are_append_only(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "aibek");
	struct training_feedback fb;
	answer(r, DECISION_ADMIT, NULL, &fb);
	int64_t id = end(&r);
	assert_run_files_gone(w, id);
	struct error err;
	error_clear(&err);
	struct training_run_row run;
	struct training_answer_row *a = NULL;
	size_t n = 0;
	TU_OK(training_result(&w->app, &w->trainer, id, &run, &a, &n, &err), &err);
	assert_string_equal(run.status, "abandoned");
	assert_int_equal(run.answered, 1);
	assert_int_equal(run.correct, 1);
	assert_int_equal(n, 1);
	free(a);
	assert_int_equal(tu_count_audit(w->app.db, "training.end", "abandoned"), 1);
	struct tu_audit last;
	tu_last_audit(w->app.db, &last);
	TU_CONTAINS(last.detail, "1 of 3 answered");

	/* an ended run and its answers are never edited or deleted */
	const char *sql[] = {
		"UPDATE training_runs SET status = 'finished'",
		"UPDATE training_runs SET ended_at = '2000-01-01T00:00:00Z'",
		"UPDATE training_runs SET scenario_title = 'x'",
		"DELETE FROM training_runs",
		"UPDATE training_answers SET correct = 0",
		"UPDATE training_answers SET ms = 1",
		"DELETE FROM training_answers",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (tu_exec(w->app.db, sql[i]) == SQLITE_OK)
			fail_msg("'%s' was allowed", sql[i]);
	TU_OK(training_result(&w->app, &w->trainer, id, &run, &a, &n, &err), &err);
	assert_string_equal(run.status, "abandoned");
	assert_int_equal(run.correct, 1);
	assert_int_equal(n, 1);
	free(a);

	/* ending nothing is no error */
	int64_t none = -1;
	assert_int_equal(training_end(&r, &none, &err), 0);
	assert_int_equal(none, 0);
	assert_int_equal(training_end(NULL, NULL, &err), 0);
	world_free(w);
}

static void test_a_running_run_ends_once(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_run *r = start(w, LOST_STOLEN, "aibek");
	int64_t id = training_run_id(r);
	/* while running, the row may only move to its end, never back or to other people */
	assert_int_not_equal(tu_exec(w->app.db, "UPDATE training_runs SET trainee_id = trainer_id"),
			     SQLITE_OK);
	assert_int_not_equal(tu_exec(w->app.db, "UPDATE training_runs SET status = 'running'"),
			     SQLITE_OK);
	assert_int_equal(end(&r), id);
	assert_int_equal(tu_query_int(w->app.db, "SELECT count(*) FROM training_runs WHERE "
						 "status = 'abandoned'"),
			 1);
	world_free(w);
}

/* --- results as CSV ---------------------------------------------------------------------- */

enum { CSV_ROWS = 16, CSV_COLS = 32 };

struct csv {
	int rows;
	int cols[CSV_ROWS];
	char *f[CSV_ROWS][CSV_COLS];
};

/* RFC 4180 as text_csv_field writes it: quoted fields may hold commas, quotes and line
 * breaks; records end with CRLF. */
static void csv_parse(const char *s, struct csv *c)
{
	memset(c, 0, sizeof(*c));
	while (*s) {
		if (c->rows == CSV_ROWS)
			fail_msg("more than %d CSV records", CSV_ROWS);
		int row = c->rows++;
		for (;;) {
			char *field = malloc(strlen(s) + 1);
			assert_non_null(field);
			size_t n = 0;
			if (*s == '"') {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] == '"')
						field[n++] = *s++;
					else if (*s == '"')
						break;
					else
						field[n++] = *s;
				}
				assert_int_equal(*s, '"');
				s++;
			} else {
				while (*s && *s != ',' && *s != '\r' && *s != '\n')
					field[n++] = *s++;
			}
			field[n] = '\0';
			if (c->cols[row] == CSV_COLS)
				fail_msg("more than %d CSV fields", CSV_COLS);
			c->f[row][c->cols[row]++] = field;
			if (*s == ',') {
				s++;
				continue;
			}
			assert_int_equal(s[0], '\r');
			assert_int_equal(s[1], '\n');
			s += 2;
			break;
		}
	}
}

static void csv_free(struct csv *c)
{
	for (int r = 0; r < c->rows; r++)
		for (int i = 0; i < c->cols[r]; i++)
			free(c->f[r][i]);
}

/* The CSV of trainee's results (NULL: everyone's) as text; free() it. */
static char *results_csv(struct world *w, const char *trainee, int expect_rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	struct error err;
	error_clear(&err);
	int rc = training_results_csv(&w->app, &w->trainer, trainee, f, &err);
	fclose(f);
	if (rc != expect_rc)
		fail_msg("training_results_csv returned %d: %s", rc, err.msg);
	return text;
}

static void test_csv_has_a_row_per_answer_and_the_teaching_points_missed(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_feedback fb[3];
	int64_t id = play_lost_stolen(w, "aibek", fb);
	char *text = results_csv(w, NULL, 0);
	struct csv c;
	csv_parse(text, &c);
	assert_int_equal(c.rows, 4);
	assert_int_equal(c.cols[0], 24);
	assert_string_equal(c.f[0][0], "run");
	assert_string_equal(c.f[0][13], "traveller");
	assert_string_equal(c.f[0][23], "teaching_point_missed");
	char idtext[32];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	for (int r = 1; r < 4; r++) {
		assert_int_equal(c.cols[r], 24);
		assert_string_equal(c.f[r][0], idtext);
		assert_string_equal(c.f[r][1], "aibek");
		assert_string_equal(c.f[r][3], "trainer");
		assert_string_equal(c.f[r][4], "lost-stolen");
		assert_string_equal(c.f[r][7], "finished");
		assert_string_equal(c.f[r][8], "3");
		assert_string_equal(c.f[r][9], "1");  /* right */
		assert_string_equal(c.f[r][10], "1"); /* missed hits */
		assert_string_equal(c.f[r][11], "1"); /* wrong refusals */
		char n[16];
		snprintf(n, sizeof(n), "%d", r);
		assert_string_equal(c.f[r][13], n);
	}
	assert_string_equal(c.f[1][14], "CLEAR");
	assert_string_equal(c.f[2][14], "HIT");
	assert_string_equal(c.f[2][15], "refuse or refer");
	assert_string_equal(c.f[2][16], "A");
	assert_string_equal(c.f[3][18], "C");
	assert_string_equal(c.f[1][19], "1");
	assert_string_equal(c.f[2][20], "1");
	assert_string_equal(c.f[3][21], "1");
	/* the teaching point only where the answer was wrong, whole (it has line breaks) */
	assert_string_equal(c.f[1][23], "");
	TU_CONTAINS(c.f[2][23], "A listed document is a HIT");
	TU_CONTAINS(c.f[2][23], "seized for the issuing authority.");
	TU_CONTAINS(c.f[3][23], "CLEAR: admit");
	csv_free(&c);
	free(text);
	assert_int_equal(tu_count_audit(w->app.db, "training.export", "ok"), 1);

	/* by trainee: madina has no runs, an unknown name is an error */
	text = results_csv(w, "madina", 0);
	csv_parse(text, &c);
	assert_int_equal(c.rows, 1);
	csv_free(&c);
	free(text);
	text = results_csv(w, "aibek", 0);
	csv_parse(text, &c);
	assert_int_equal(c.rows, 4);
	csv_free(&c);
	free(text);
	text = results_csv(w, "nobody", -ERR_USAGE);
	free(text);

	struct training_run_row *runs = NULL;
	size_t n = 99;
	struct error err;
	error_clear(&err);
	TU_OK(training_results(&w->app, &w->trainer, "madina", &runs, &n, &err), &err);
	assert_int_equal(n, 0);
	free(runs);
	TU_OK(training_results(&w->app, &w->trainer, "aibek", &runs, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(runs[0].id, id);
	free(runs);
	assert_int_equal(training_results(&w->app, &w->trainer, "nobody", &runs, &n, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "nobody");
	world_free(w);
}

static void test_export_writes_beside_the_training_database(void **state)
{
	(void)state;
	struct world *w = world_new(0);
	struct training_feedback fb[3];
	play_lost_stolen(w, "aibek", fb);
	char path[4096];
	struct error err;
	error_clear(&err);
	TU_OK(training_results_export(&w->app, &w->trainer, "aibek", path, sizeof(path), &err),
	      &err);
	assert_true(tu_exists(path));
	char prefix[4200];
	world_path(w, "training-results-", prefix, sizeof(prefix));
	assert_int_equal(strncmp(path, prefix, strlen(prefix)), 0);
	TU_CONTAINS(path, "-aibek.csv");
	char part[4200];
	snprintf(part, sizeof(part), "%s.part", path);
	assert_false(tu_exists(part));
	char *text = tu_read_file(path, NULL);
	assert_non_null(text);
	struct csv c;
	csv_parse(text, &c);
	assert_int_equal(c.rows, 4);
	assert_string_equal(c.f[0][0], "run");
	csv_free(&c);
	free(text);
	assert_int_equal(tu_count_audit(w->app.db, "training.export", "ok"), 1);
	struct tu_audit last;
	tu_last_audit(w->app.db, &last);
	assert_string_equal(last.action, "training.export");
	assert_string_equal(last.object_id, "aibek");
	/* refused for an officer, and nothing written */
	struct session officer;
	tu_login(&w->app, "officer", &officer);
	int files = count_entries(w->dir);
	assert_int_equal(training_results_export(&w->app, &officer, NULL, path, sizeof(path), &err),
			 -ERR_DENIED);
	assert_int_equal(count_entries(w->dir), files);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ending_early_abandons_and_results_are_append_only),
		cmocka_unit_test(test_a_running_run_ends_once),
		cmocka_unit_test(test_csv_has_a_row_per_answer_and_the_teaching_points_missed),
		cmocka_unit_test(test_export_writes_beside_the_training_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
