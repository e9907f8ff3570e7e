/* The shift report: travellers by direction, hits, refusals by ground, referrals open
 * and closed, overrides with who authorised them, time per traveller, and the audit
 * chain head at shift close, to be countersigned on paper. Supervisors may see every
 * shift's; an officer only their own (a refusal is audited). */
#ifndef SHEKARA_REPORT_H
#define SHEKARA_REPORT_H

#include <stdio.h>

#include "app/session.h"
#include "db/cases.h"
#include "db/crossing.h"

enum { REPORT_MAX_SHIFTS = 64 };

struct report {
	char post[64], workstation[64]; /* where it was made (app->post, app->workstation) */
	char title_day[11];             /* the day asked for, or "" for one shift */
	int n_shifts;
	struct shift_row shifts[REPORT_MAX_SHIFTS];
	struct shift_figures f;
	int64_t head_seq; /* audit chain head: at the last shift's close, or now when open */
	char head_hash[65];
	int head_at_close; /* 1 when head_* was recorded at close */
};

/* One shift (shift_id > 0), or every shift opened on day (YYYY-MM-DD) — for an officer,
 * their own shifts of that day. Audited "report.shift". */
int report_shift(struct app *app, const struct session *s, int64_t shift_id, const char *day,
		 struct report *out, struct error *err);
/* The report a person asks for without saying which: the acting officer's open shift,
 * or else the shifts opened today (UTC) — for an officer their own, for a supervisor
 * every officer's. Checks and audits like report_shift. */
int report_current(struct app *app, const struct session *s, struct report *out, struct error *err);

/* The day (UTC, YYYY-MM-DD) delta days after day, which is YYYY-MM-DD or an ISO
 * timestamp; after today when day is NULL or empty. For moving a day report back and
 * forth. */
void report_day(const char *day, int delta, char out[11]);

/* The plain-text report as lines of at most 79 characters (translated), so the report
 * screen shows exactly what is printed. */
struct report_lines {
	char **line;
	int n, cap;
};
int report_text_lines(const struct report *r, struct report_lines *out, struct error *err);
void report_lines_free(struct report_lines *l);

/* Plain text for the terminal and paper (translated), and CSV (never translated):
 * one "metric,key,value" row per figure. */
void report_print_text(const struct report *r, FILE *out);
void report_print_csv(const struct report *r, FILE *out);

#endif
