/* The officer's decision on a traveller (DESIGN.md "app/decision"): admit, refuse with
 * a refusal ground, or refer to the supervisor with a reason. Admitting over a HIT
 * needs an override reason and a supervisor's credentials typed on the same screen
 * (four eyes). Each decision is one transaction: the crossing with the document, the
 * hits shown, the list versions in force, the time taken, a case when one is due, and
 * the audit rows; once decision_record returns 0 it survives kill -9 and power loss. */
#ifndef SHEKARA_DECISION_H
#define SHEKARA_DECISION_H

#include "app/screening.h"
#include "app/session.h"
#include "db/crossing.h"

enum decision_kind { DECISION_ADMIT, DECISION_REFUSE, DECISION_REFER };

struct decision {
	enum decision_kind kind;
	const char *reason_code; /* REFUSE: an active refusal ground */
	const char *reason_text; /* REFER: required; REFUSE: optional details; ADMIT over
				  * a HIT: the override reason */
	const char *supervisor;  /* ADMIT over a HIT: who authorises */
	const char *supervisor_password;
	long elapsed_ms; /* result shown to decision; < 0: taken from sc->shown_ms */
};

/* Needs PERM_DECIDE and the officer's open shift. A refused override (no reason, no
 * supervisor, wrong password, not a supervisor, the officer themself) saves nothing and
 * is audited; a wrong supervisor password counts towards that account's lock. */
int decision_record(struct app *app, const struct session *s, const struct screening *sc,
		    const struct decision *d, int64_t *crossing_id, struct error *err);
/* "admit", "refuse", "refer" */
const char *decision_name(enum decision_kind k);

/* The refusal grounds offered to officers (active ones), labels translated when they
 * are the built-in ones; returns the count. */
int decision_reasons(struct app *app, struct refusal_reason *out, int max, struct error *err);
/* Administrators keep the list (PERM_MANAGE_REASONS); audited. */
int decision_reason_put(struct app *app, const struct session *s, const char *code,
			const char *label, struct error *err);
int decision_reason_retire(struct app *app, const struct session *s, const char *code,
			   struct error *err);

#endif
