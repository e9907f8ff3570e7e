/* Screening a person against the watchlists (DESIGN.md "Screening rules"): candidates
 * from the local index, never a scan of the lists; each candidate scored 0-100 with
 * the reasons a person can check. */
#ifndef SHEKARA_MATCH_H
#define SHEKARA_MATCH_H

#include <stdint.h>

#include "app/session.h"
#include "scanners/document.h"

struct match_query {
	const char *surname; /* any script; ICAO Latin from documents */
	const char *given_names;
	struct doc_date dob;    /* parts 0 when unknown */
	char nationality[4];    /* "" when unknown */
	char sex;               /* 'M', 'F', 'X' or 0 */
	const char *doc_number; /* NULL or "" when none */
	char doc_state[4];
};

enum match_band { BAND_NONE, BAND_POSSIBLE, BAND_HIT };

/* Scores at or above these make a band. */
enum { MATCH_HIT = 85, MATCH_POSSIBLE = 65, MATCH_MAX = 20 };

struct match {
	int64_t entry_id;
	int score;      /* 0-100, as shown */
	int rank_score; /* before the cap at 100: orders equal-looking HITs (an exact birth
			 * date above a year-only namesake) */
	enum match_band band;
	int document_hit; /* the document number is on the list */
	char source_code[32], source_name[128], source_updated[32];
	char ref[64], category[24], action[16], listed_on[16];
	char listed_name[192]; /* the name on the list that matched best */
	char explanation[600];
};

struct match_result {
	int n; /* matches at POSSIBLE or above, best first */
	struct match m[MATCH_MAX];
	int candidates; /* entries scored */
};

/* The search itself: no role check, no audit (for match_screen, tests and the
 * evaluation). */
int match_find(struct app *app, const struct match_query *q, struct match_result *out,
	       struct error *err);
/* Screening by an officer: needs PERM_SCREEN, and the query and what it found are
 * audited ("screen"), since every look at a watchlist is attributable. */
int match_screen(struct app *app, const struct session *s, const struct match_query *q,
		 struct match_result *out, struct error *err);
/* "HIT", "POSSIBLE", "none" (machine names) */
const char *match_band_name(enum match_band b);

#endif
