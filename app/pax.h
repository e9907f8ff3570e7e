/* Advance passenger information (UNSCR 2396, WCO/IATA/ICAO PAXLST): the manifests of
 * passengers and crew that carriers send before a coach, train or flight reaches the
 * post. Each imported manifest is screened at once, every traveller against the
 * watchlists, and screened again whenever a newer list arrives; the officer and the
 * supervisor see the vehicle, the expected arrival, the counts, and the hits first.
 *
 * Screening here is pre-arrival: it records what the lists said about each traveller
 * (append-only rows in db/pax.h), so that the booth can say "pre-screened: no hit".
 * It never decides anything: the officer decides at the booth, with the document in
 * hand. One audit row per manifest and per pass, not one per traveller. */
#ifndef SHEKARA_PAX_H
#define SHEKARA_PAX_H

#include "app/screening.h"
#include "app/session.h"
#include "db/pax.h"
#include "scanners/paxlst.h"

enum { PAX_WARNINGS_SHOWN = 32, PAX_RESCREEN_DAYS = 7 };

struct pax_import_result {
	int already;      /* the same file was imported before: nothing new */
	int64_t first_id; /* the first manifest made (a file may hold several messages) */
	int manifests;    /* messages imported */
	int travellers;   /* travellers screened */
	int hits, checks; /* their verdicts */
	int warnings;     /* the parser's, all of them */
	int n_shown;      /* of warnings, kept here */
	struct paxlst_warning shown[PAX_WARNINGS_SHOWN];
};

/* Imports a PAXLST file and screens every traveller. Needs PERM_MANIFESTS. One
 * transaction; audited "manifest.import". A file that is not PAXLST is refused
 * (-ERR_USAGE, "segment N: reason") and audited; warnings do not stop the import. */
int pax_import(struct app *app, const struct session *s, const char *path,
	       struct pax_import_result *out, struct error *err);
/* The same from bytes already read (name is the file's, for the record). */
int pax_import_buffer(struct app *app, const struct session *s, const char *name, const char *buf,
		      size_t len, struct pax_import_result *out, struct error *err);

/* Screens every traveller of the manifests imported in the last PAX_RESCREEN_DAYS days
 * again, against the lists now in force (after a list import or a sync pull). s may be
 * NULL: the system did it. Audited "manifest.rescreen" once. *screened and *hits may be
 * NULL. */
int pax_rescreen(struct app *app, const struct session *s, int *screened, int *hits,
		 struct error *err);

/* For the officer and the supervisor (PERM_MANIFESTS): every manifest, latest arrival
 * first, and one manifest's travellers, hits first. Viewing a manifest is audited. */
int pax_list(struct app *app, const struct session *s, struct pax_manifest_row **out, size_t *n,
	     struct error *err);
int pax_show(struct app *app, const struct session *s, int64_t id, struct pax_manifest_row *m,
	     struct pax_traveller_row **travellers, size_t *n, struct error *err);

/* The manifest a document at the booth is on: by issuer and number, else by surname,
 * given names and birth date, among the manifests of the last PAX_RESCREEN_DAYS days
 * (an arrived one first). When none has it and current (the manifest of the vehicle
 * being processed, 0 none) is set, out says it is not on that one. No role check, no
 * audit: part of screening_run. */
int pax_link_find(struct app *app, const struct document *doc, int64_t current,
		  struct screening_manifest *out, struct error *err);
/* Marks a manifest's vehicle arrived at the post (needs PERM_MANIFESTS; audited
 * "manifest.arrive" once). */
int pax_arrive(struct app *app, const struct session *s, int64_t manifest_id, struct error *err);
/* For the supervisor (PERM_REVIEW_CASES): who was on the manifest and never crossed
 * (once the vehicle is marked arrived: *arrived 1), and who crossed with the vehicle
 * but was not on it. free() both. Audited. */
int pax_exceptions(struct app *app, const struct session *s, int64_t manifest_id,
		   struct pax_traveller_row **no_shows, size_t *n_no_shows,
		   struct pax_unlisted_row **unlisted, size_t *n_unlisted, int *arrived,
		   struct error *err);

/* The key a travel document is filed under on a manifest and at the booth: issuer and
 * number, letters and digits only ("KAZN01234567"). */
void pax_doc_key(const char *issuer, const char *number, char *out, size_t len);

#endif
