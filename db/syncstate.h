/* Where sync stands, as stored: the sequence applied or published per kind and origin
 * (sync_state), and the records bundles waiting for headquarters' acknowledgement
 * (sync_outbox). Tables of migration 8; policy is app/sync.c's. */
#ifndef SHEKARA_DB_SYNCSTATE_H
#define SHEKARA_DB_SYNCSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The sequence of kind ("watchlist", "publish", "ingest") from origin: 1 with *seq,
 * 0 when nothing was recorded yet (*seq 0). */
int sync_state_get(struct db *db, const char *kind, const char *origin, int64_t *seq,
		   struct error *err);
/* The highest sequence of kind from any origin (0 when none): a workstation fed by
 * bundles has a "watchlist" one. */
int sync_state_max(struct db *db, const char *kind, int64_t *seq, struct error *err);
/* Records it (inside the caller's transaction). */
int sync_state_set(struct db *db, const char *kind, const char *origin, int64_t seq,
		   const char *now, struct error *err);

/* 1 when a bundle of this name was merged here before (an "ok" sync.ingest audit row
 * names it), 0 when not. */
int sync_ingested(struct db *db, const char *name, struct error *err);

struct outbox_row {
	char name[80];
	int64_t seq_from, seq_to;
	int64_t size;
	char created_at[32];
	char acked_at[32]; /* "" while waiting */
};

int outbox_add(struct db *db, const struct outbox_row *r, struct error *err);
/* The bundles not yet acknowledged, oldest first; free() *rows. */
int outbox_pending(struct db *db, struct outbox_row **rows, size_t *n, struct error *err);
/* Marks every bundle up to seq acknowledged; returns how many it marked. */
int outbox_ack(struct db *db, int64_t seq, const char *now, struct error *err);
/* The highest sequence in the outbox (0 when empty). */
int outbox_last_seq(struct db *db, int64_t *seq, struct error *err);

#endif
