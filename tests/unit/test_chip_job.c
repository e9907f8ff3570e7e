/* app/chip_job.c: the scan screen's chip read in the background. Without a card the
 * job waits; what is checked here is everything that needs no card: the refusals made
 * before a thread starts, and that giving a job up never waits for the reader. The
 * reads themselves are tested end to end with the virtual passport
 * (tests/e2e/test_chip_screen.sh). */
#include "testutil.h"

#include <time.h>

#include "app/chip_job.h"
#include "scanners/mrz.h"

static const char TD3[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
			  "L898902C36UTO7408122F3404159ZE184226B<<<<<16\n";

static void printed(struct document *d)
{
	struct error err;
	error_clear(&err);
	TU_OK(mrz_parse(TD3, strlen(TD3), time(NULL), d, &err), &err);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_chip_job_needs_the_fields_of_the_access_key(void **state)
{
	(void)state;
	struct app app;
	struct session s;
	tu_demo_app(&app);
	tu_login(&app, "officer", &s);
	struct document d;
	printed(&d);
	d.number[0] = '\0';
	struct chip_job *j = (struct chip_job *)&d; /* must be cleared */
	struct error err;
	error_clear(&err);
	assert_int_equal(chip_job_start(&app, &s, &d, &j, &err), -ERR_USAGE);
	assert_null(j);
	TU_CONTAINS(err.msg, "open the chip");
	app_close(&app);
}

static void test_chip_job_is_refused_to_a_role_that_does_not_scan(void **state)
{
	(void)state;
	struct app app;
	struct session s;
	tu_demo_app(&app);
	tu_login(&app, "admin", &s);
	struct document d;
	printed(&d);
	struct chip_job *j = NULL;
	struct error err;
	error_clear(&err);
	assert_int_equal(chip_job_start(&app, &s, &d, &j, &err), -ERR_DENIED);
	assert_null(j);
	assert_true(tu_count_audit(app.db, "access.denied", "denied") >= 1);
	app_close(&app);
}

static void test_chip_job_is_given_up_without_waiting_for_the_reader(void **state)
{
	(void)state;
	struct app app;
	struct session s;
	tu_demo_app(&app);
	tu_login(&app, "officer", &s);
	struct document d;
	printed(&d);
	struct chip_job *j = NULL;
	struct error err;
	error_clear(&err);
	TU_OK(chip_job_start(&app, &s, &d, &j, &err), &err);
	assert_non_null(j);
	struct chip_job_status st;
	chip_job_poll(j, &st);
	/* whatever this machine's readers hold, the job has not been finished yet */
	assert_true(st.state == CHIP_JOB_NO_READER || st.state == CHIP_JOB_WAITING ||
		    st.state == CHIP_JOB_READING || st.state == CHIP_JOB_DONE);
	struct chip_job_result *r = NULL;
	if (st.state != CHIP_JOB_DONE) {
		assert_true(chip_job_finish(&app, &s, &j, &r, &err) < 0);
		assert_non_null(j); /* not done: still the caller's */
		assert_null(r);
	}
	long long t0 = now_ms();
	chip_job_cancel(&j);
	assert_null(j);
	assert_true(now_ms() - t0 < 100);
	chip_job_cancel(&j); /* and again: a no-op */
	chip_job_result_free(&r);
	app_close(&app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chip_job_needs_the_fields_of_the_access_key),
		cmocka_unit_test(test_chip_job_is_refused_to_a_role_that_does_not_scan),
		cmocka_unit_test(test_chip_job_is_given_up_without_waiting_for_the_reader),
	};
	return cmocka_run_group_tests_name("chip_job", tests, NULL, NULL);
}
