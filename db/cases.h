/* Referral and override cases as stored, their notes, and the figures of a shift
 * report. Cases are resolved once (a trigger refuses any later change); policy is app/'s. */
#ifndef SHEKARA_DB_CASES_H
#define SHEKARA_DB_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct case_row {
	int64_t id, crossing_id;
	char kind[12]; /* referral, override */
	char opened_at[32];
	char status[8];     /* open, closed */
	char resolution[8]; /* admit, refuse ("" while open) */
	char resolution_code[16];
	char resolution_reason[256];
	char resolved_by[64];
	char resolved_at[32];
	/* from the crossing, for the queue line */
	char officer[64];
	char surname[128], given_names[128];
	char issuer[4], number[40];
	char verdict[8];
	char reason[256];     /* the referral reason or the override reason */
	char override_by[64]; /* who authorised an override ("" for a referral) */
};

/* Opens a case for a crossing; fills *id. Inside the decision's transaction. */
int case_insert(struct db *db, int64_t crossing_id, const char *kind, const char *now, int64_t *id,
		struct error *err);
/* Open cases, oldest first, at most max; returns the count. */
int case_queue(struct db *db, struct case_row *out, int max, struct error *err);
int case_get(struct db *db, int64_t id, struct case_row *out, struct error *err); /* 1 found */
/* The case of a crossing, if any (1 found, 0 none). */
int case_of_crossing(struct db *db, int64_t crossing_id, struct case_row *out, struct error *err);
/* Closes an open case. Returns 0, or -ERR_FINDING when it was already closed. */
int case_resolve(struct db *db, int64_t id, const char *resolution, const char *code,
		 const char *reason, const char *by, const char *now, struct error *err);

enum { CASE_NOTE_CHARS = 500 };
struct case_note {
	char officer[64];
	char at[32];
	char text[4 * CASE_NOTE_CHARS + 1]; /* 500 characters of UTF-8, e.g. Cyrillic */
};
int case_note_add(struct db *db, int64_t case_id, const char *officer, const char *now,
		  const char *text, struct error *err);
/* Notes oldest first; returns the count (at most max). */
int case_notes(struct db *db, int64_t case_id, struct case_note *out, int max, struct error *err);

/* An audit row about a case: object_type "case" with the case id, or "crossing" with
 * its crossing id (decimal text), as app/cases.c and app/decision.c write them. */
struct case_audit_row {
	int64_t seq;
	char ts_utc[32], officer[64], role[16], action[48];
	char object_type[16], object_id[24], outcome[16];
	char detail[256];
};
/* Rows about the case and its crossing, oldest first, at most max; returns the count.
 * When there are more, every row but "case.view" is kept first and the newest views
 * fill what is left, so a case looked at many times never hides its decision. */
int case_audit(struct db *db, int64_t case_id, int64_t crossing_id, struct case_audit_row *out,
	       int max, struct error *err);

/* The figures of a set of shifts (a shift report). */
enum { REPORT_MAX_REASONS = 32, REPORT_MAX_OVERRIDES = 32 };
struct shift_figures {
	int travellers, entries, exits;
	int admitted, refused, referred;
	int hits, possibles; /* crossings whose verdict was hit / check with a POSSIBLE */
	int n_reasons;
	struct shift_refusal {
		char code[16];
		int n;
	} refusals[REPORT_MAX_REASONS]; /* refusals by reason code */
	int referrals_open, referrals_closed;
	int n_overrides;     /* listed below (at most REPORT_MAX_OVERRIDES) */
	int overrides_total; /* every override of the shifts */
	struct shift_override {
		int64_t crossing_id;
		char decided_at[32], officer[64], authorised_by[64], traveller[200];
		char reason[256];
	} overrides[REPORT_MAX_OVERRIDES];
	long mean_ms, p95_ms; /* time per traveller: result shown to decision saved;
			       * mean rounded, p95 by nearest rank; 0 without travellers */
};
/* Figures over the given shifts. */
int shift_figures(struct db *db, const int64_t *shift_ids, int n, struct shift_figures *out,
		  struct error *err);

#endif
