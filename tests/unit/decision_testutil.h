/* Travellers for the decision, case and report tests: documents composed from key
 * fields (real MRZs with real check digits), screened and decided through app/. */
#ifndef SHEKARA_DECISION_TESTUTIL_H
#define SHEKARA_DECISION_TESTUTIL_H

#include "app/decision.h"
#include "app/scan.h"
#include "app/screening.h"
#include "app/shift.h"
#include "testutil.h"

/* The fixture most of these tests share: the demo database with the officer and the
 * supervisor logged in. */
TU_UNUSED static struct app app;
TU_UNUSED static struct session officer, supervisor;

TU_UNUSED static int dt_setup(void **state)
{
	(void)state;
	tu_demo_app(&app);
	tu_login(&app, "officer", &officer);
	tu_login(&app, "supervisor", &supervisor);
	return 0;
}

TU_UNUSED static int dt_teardown(void **state)
{
	(void)state;
	app_close(&app);
	return 0;
}

TU_UNUSED static int64_t dt_count(const char *sql)
{
	return tu_query_int(app.db, sql);
}

/* A TD3 passport expiring in 2034. */
TU_UNUSED static void dt_doc(struct document *d, const char *issuer, const char *number,
			     const char *surname, const char *given, const char *birth,
			     const char *sex)
{
	struct mrz_fields f = { .format = DOC_TD3,
				.doc_code = "P",
				.issuer = issuer,
				.number = number,
				.surname = surname,
				.given_names = given,
				.nationality = issuer,
				.birth = birth,
				.sex = sex,
				.expiry = "340101" };
	struct error err;
	error_clear(&err);
	TU_OK(scan_fields(&f, d, &err), &err);
}

/* A traveller on no list. */
TU_UNUSED static void dt_clean(struct document *d, const char *number)
{
	dt_doc(d, "KAZ", number, "SERIKBAYEV", "NURLAN", "880214", "M");
}

/* The demo's listed person under a variant spelling: HIT, deny entry. */
TU_UNUSED static void dt_listed(struct document *d)
{
	dt_doc(d, "TJK", "401234567", "HALIMOV", "GULMUROD", "750514", "M");
}

TU_UNUSED static void dt_shift(struct app *ap, const struct session *s, const char *dir)
{
	struct shift_row sh;
	struct error err;
	error_clear(&err);
	TU_OK(shift_start(ap, s, dir, "2", &sh, &err), &err);
}

/* Screens d; sc must be heap-sized by the caller (it is large). */
TU_UNUSED static void dt_screen(struct app *ap, const struct session *s, const struct document *d,
				struct screening *sc)
{
	struct error err;
	error_clear(&err);
	TU_OK(screening_run(ap, s, d, sc, &err), &err);
}

/* Screens d and records the decision; returns decision_record's result. */
TU_UNUSED static int dt_decide(struct app *ap, const struct session *s, const struct document *d,
			       const struct decision *dec, int64_t *id, struct error *err)
{
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	dt_screen(ap, s, d, sc);
	int rc = decision_record(ap, s, sc, dec, id, err);
	free(sc);
	return rc;
}

TU_UNUSED static int dt_admit(struct app *ap, const struct session *s, const struct document *d,
			      int64_t *id)
{
	struct decision dec = { .kind = DECISION_ADMIT, .elapsed_ms = 1000 };
	struct error err;
	error_clear(&err);
	int rc = dt_decide(ap, s, d, &dec, id, &err);
	if (rc < 0)
		fail_msg("admit failed: %s", err.msg);
	return rc;
}

#endif
