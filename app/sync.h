/* Sync over bad links and USB sticks (DESIGN.md "Sync"): signed bundles of SQLite
 * changesets, by directory or HTTP.
 *
 * Down: the authority's database publishes its watchlist changes as numbered bundles
 * and a signed manifest (sync_publish); a workstation fetches the manifest, then the
 * bundles it lacks, in order, and applies each in one transaction (sync_pull). Up: a
 * workstation's crossings, cases, shifts and audit rows since its last bundle go out as
 * a records bundle kept in its outbox until headquarters acknowledges it (sync_push);
 * headquarters verifies and merges them per workstation (sync_ingest) and writes the
 * acknowledgement the next push reads.
 *
 * Whatever is refused (a bad signature, an unknown key, a gap, a replay, a truncated or
 * corrupt payload, an expired manifest) is refused whole with a clear message and an
 * audit row, and leaves the store as it was. */
#ifndef SHEKARA_APP_SYNC_H
#define SHEKARA_APP_SYNC_H

#include <stdint.h>

#include "app/session.h"

/* What went wrong, for scripts and tests (the message says it to people). */
enum sync_refusal {
	SYNC_OK,
	SYNC_BAD_SIGNATURE,
	SYNC_UNKNOWN_KEY,
	SYNC_WRONG_REALM, /* a training key or bundle on a live database, or the reverse */
	SYNC_GAP,         /* a bundle missing between what is applied and what is offered */
	SYNC_REPLAY,      /* an old bundle or manifest offered again */
	SYNC_TRUNCATED,
	SYNC_CORRUPT,
	SYNC_EXPIRED,  /* the manifest is past its expiry */
	SYNC_CONFLICT, /* the changes do not fit this database */
	SYNC_TRANSPORT /* the link or the directory failed: try again later */
};

struct sync_result {
	int64_t from_seq, to_seq; /* what was applied, published or pushed */
	int bundles;              /* applied, written or uploaded */
	int64_t rows;             /* rows changed or sent */
	uint64_t bytes;           /* bundle bytes moved */
	int acked;                /* push: outbox bundles the acknowledgement released */
	int pending;              /* push: bundles still waiting for an acknowledgement */
	enum sync_refusal refusal;
};

/* Machine name of a refusal: "bad_signature", "gap" ... ("ok"). */
const char *sync_refusal_name(enum sync_refusal r);

/* Authority side: publishes the watchlist changes since the last publish into location
 * (a directory or an http(s) URL taking PUT) as the next numbered bundle, and a fresh
 * manifest valid for expires_days. Needs PERM_MANAGE_WATCHLISTS and the database's own
 * key (shekara keys). Nothing changed: only the manifest is renewed. */
int sync_publish(struct app *app, const struct session *s, const char *location, int expires_days,
		 struct sync_result *out, struct error *err);

/* Workstation side: brings the watchlists up to the manifest at location. Needs
 * PERM_MANAGE_WATCHLISTS, or s NULL for the background sync of the terminal. */
int sync_pull(struct app *app, const struct session *s, const char *location,
	      struct sync_result *out, struct error *err);

/* Workstation side: seals what happened since the last records bundle into a new one
 * (kept in the outbox), uploads every bundle not yet acknowledged to location, and
 * reads headquarters' acknowledgement there. */
int sync_push(struct app *app, const struct session *s, const char *location,
	      struct sync_result *out, struct error *err);

/* Headquarters side: verifies every records bundle in the directory dir, merges the
 * ones that continue each workstation's sequence and chain, and writes an
 * acknowledgement per workstation into dir. Refusals are reported per bundle in the
 * audit trail; out counts what was merged. */
int sync_ingest(struct app *app, const struct session *s, const char *dir, struct sync_result *out,
		struct error *err);

/* For the status bar: the time of the last successful pull or push ("" never), and
 * the bundles waiting in the outbox. */
int sync_status(struct app *app, char *last_ok, size_t len, int *pending, struct error *err);

#endif
