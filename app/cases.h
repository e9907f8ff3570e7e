/* The supervisor's desk: the queue of referred crossings and overrides for the post,
 * oldest first; a case with its full record, the document's history, its audit trail
 * and notes; the resolution. Needs PERM_REVIEW_CASES; every look is audited. */
#ifndef SHEKARA_CASES_H
#define SHEKARA_CASES_H

#include <stddef.h>
#include <time.h>

#include "app/session.h"
#include "db/cases.h"
#include "db/crossing.h"

enum { CASES_QUEUE_MAX = 200, CASE_NOTES_MAX = 32, CASE_HISTORY_MAX = 16, CASE_AUDIT_MAX = 32 };

/* Open cases, oldest first; returns the count (at most max). Audited "case.queue". */
int cases_queue(struct app *app, const struct session *s, struct case_row *out, int max,
		struct error *err);

struct case_audit_line {
	int64_t seq;
	char ts_utc[32], officer[64], action[48], outcome[16];
	char detail[256];
};

struct case_detail {
	struct case_row c;
	struct crossing_row crossing;
	int n_history; /* the document's other crossings here, newest first */
	struct crossing_brief history[CASE_HISTORY_MAX];
	int n_notes;
	struct case_note notes[CASE_NOTES_MAX];
	int n_audit; /* audit rows about this crossing or case, oldest first */
	struct case_audit_line audit[CASE_AUDIT_MAX];
};

/* The whole case (1 found, 0 no such case). Audited "case.view". */
int cases_open(struct app *app, const struct session *s, int64_t id, struct case_detail *out,
	       struct error *err);
/* A note, 1-500 characters. Audited "case.note". */
int cases_add_note(struct app *app, const struct session *s, int64_t id, const char *text,
		   struct error *err);
/* resolution "admit" or "refuse"; refuse needs an active refusal ground (code);
 * reason text required for both. Closes the case; the crossing's decision is never
 * changed. Audited "case.resolve". -ERR_FINDING when already resolved. */
int cases_resolve(struct app *app, const struct session *s, int64_t id, const char *resolution,
		  const char *code, const char *reason, struct error *err);

/* How long a case has waited at now, for the queue line: "45m", "2h 05m", "3d 04h"
 * (translated); "?" when opened_at is not a timestamp. */
void cases_age(const char *opened_at, time_t now, char *buf, size_t len);

#endif
