/* Sync payloads: SQLite session-extension changesets (DESIGN.md "Sync"). Bundles carry
 * them signed and compressed (app/bundle.c); this module only makes and applies them.
 *
 * Down, authority to workstations: the authority keeps ordinary watchlist tables, filled
 * by the normal imports, and a "shadow" SQLite file with the six source tables as they
 * were at the last publish. A publish is the difference between the two; once it has
 * gone out, the same changeset is applied to the shadow. Only the source rows travel
 * (wl_sources, wl_entries, wl_names, wl_birth_dates, wl_nationalities, wl_documents):
 * the match keys are rebuilt on each workstation for the entries a changeset touched.
 * A workstation must take its watchlist from bundles only (the first one a diff against
 * an empty shadow): row ids are the authority's, so a local import would collide.
 *
 * Up, workstation to headquarters: the records made since the last push, as INSERTs:
 * shifts, crossings (with crossing_hits, crossing_lists, crossing_barcodes), cases,
 * case_notes and audit. Append-only rows are sent once. A shift or a case changes once
 * more after it is made (it closes), so the marks skip only over the ones already
 * closed: every shift (case) from the oldest still open onwards is sent again with each
 * push, whole, until it and those before it have closed. Headquarters keeps each
 * workstation's rows apart, in a replica file per origin (changeset_records_ingest).
 *
 * Every buffer handed out is malloc()ed: free() it. */
#ifndef SHEKARA_DB_CHANGESET_H
#define SHEKARA_DB_CHANGESET_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The authority's diff: the changes that turn the shadow at shadow_path into the
 * committed watchlist of db. The shadow is created (tables as in db's own schema) when
 * missing; one whose tables differ from db's is refused (delete it to publish everything
 * again). Reads db through a connection of its own, so db may be in a transaction (its
 * uncommitted changes are not seen) and is never written. Tables go children first:
 * inserts may come in any order, since the apply defers foreign keys, but a deleted
 * entry's ON DELETE CASCADE acts at once and would leave its children's deletes nothing
 * to delete. wl_entries.seen_version, the authority's own note of which import last
 * listed an entry, never travels (it is NULL on workstations and in the shadow): every
 * import rewrites it on every entry listed. *out is NULL and *len 0 when nothing
 * changed; *changes counts the rows. */
int changeset_watchlist_diff(struct db *db, const char *shadow_path, unsigned char **out,
			     size_t *len, int64_t *changes, struct error *err);

/* After a publish went out: applies its changeset to the shadow, in one transaction.
 * Any conflict is refused (the shadow is not what the changeset was made against). */
int changeset_shadow_apply(const char *shadow_path, const unsigned char *cs, size_t len,
			   struct error *err);

/* A workstation applies a watchlist changeset inside the caller's transaction (the
 * caller begins it, and commits or rolls back). Refused, with nothing applied:
 *   - a table other than the six, or a table whose columns or primary key differ from
 *     this database's, or a patchset (no old values to detect conflicts): -ERR_FINDING;
 *   - any conflict (a row to add that is there, one to change or delete that is missing
 *     or differs, a constraint, a foreign key): -ERR_FINDING naming the table (not for
 *     a foreign key, which SQLite checks at the end without saying where);
 *   - bytes that do not parse as a changeset: -ERR_USAGE "corrupt".
 * On success *entry_ids (free() it; NULL when none) holds the distinct wl_entries ids
 * touched, ascending: rebuild their match keys (app/watchlist.c watch_index_entry). */
int changeset_watchlist_apply(struct db *db, const unsigned char *cs, size_t len,
			      int64_t **entry_ids, size_t *n_ids, struct error *err);

/* The highest row ids a workstation has already pushed (all 0 at first). shift_id and
 * case_id are the highest such that every row up to them was closed when sent. */
struct changeset_marks {
	int64_t audit_seq, crossing_id, case_id, note_id, shift_id;
	int64_t manifest_id, manifest_traveller_id, manifest_screening_id, manifest_arrival_id;
};

/* The records after the marks in from, as a changeset of INSERTs in one snapshot of the
 * committed database (read through a connection of its own), and the marks for the next
 * push in *to. *out is NULL and *len 0 when there is nothing; *rows counts the rows. */
int changeset_records_since(struct db *db, const struct changeset_marks *from,
			    struct changeset_marks *to, unsigned char **out, size_t *len,
			    int64_t *rows, struct error *err);

/* Headquarters: applies a records changeset from workstation origin (letters, digits,
 * '.', '_', '-'; at most 64) into the replica file "<central>.d/<origin>.db", created
 * with the record tables as in central's schema (tables only: no triggers, and foreign
 * keys are not enforced, since the officers and watchlists they name live elsewhere).
 * Only INSERTs into the record tables are taken, in one transaction. A row already
 * there and identical is skipped (a bundle delivered twice); a shift or case still open
 * there is replaced by the one sent again; an open one arriving after the closed one is
 * skipped; any other difference refuses the whole changeset: -ERR_FINDING. */
int changeset_records_ingest(struct db *central, const char *origin, const unsigned char *cs,
			     size_t len, struct error *err);
/* Where changeset_records_ingest keeps origin's rows. */
int changeset_replica_path(struct db *central, const char *origin, char *buf, size_t len,
			   struct error *err);

/* SHA-256 (hex) over every row of the six watchlist source tables as they travel (all
 * but wl_entries.seen_version), in primary-key order, each value typed and
 * length-prefixed: equal sums mean equal tables. */
int changeset_watchlist_checksum(struct db *db, char out[65], struct error *err);

#endif
