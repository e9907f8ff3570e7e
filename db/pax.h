/* Advance passenger information as stored: the manifests carriers send (PAXLST, parsed
 * by scanners/paxlst.c), their travellers, and every screening pass over them. All
 * append-only: a manifest is never edited, a newer screening is a new row, and the
 * newest row per traveller is the one in force. Policy is app/pax.c's. */
#ifndef SHEKARA_DB_PAX_H
#define SHEKARA_DB_PAX_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct pax_manifest_row {
	int64_t id;
	char sha256[65]; /* of the file */
	int message;     /* 1-based: a file may hold several messages */
	char file_name[256];
	char message_ref[36], version[8];
	char list_kind[12]; /* "passengers", "crew" */
	char sender[160];
	char transport_mode[8], vehicle[96], carrier[80];
	char departure[40], arrival[40];
	/* the carrier's local times at each place: "YYYY-MM-DDTHH:MM", "YYYY-MM-DD" or "" */
	char departs_at[24], arrives_at[24];
	int travellers, warnings;
	char imported_at[32], imported_by[64];
	/* summed from each traveller's screening in force, when listed */
	int hits, checks, unscreened;
};

struct pax_traveller_row {
	int64_t id, manifest_id;
	int seq, crew;
	char surname[80], given_names[160], sex[2], birth[11], nationality[4];
	char doc_type[4], doc_number[40], doc_issuer[4], doc_expiry[11], doc_key[48];
	char seat[16], embark[40], debark[40], booking[40];
	/* the screening in force, when read with one ("" verdict: never screened) */
	char verdict[8], entry_ref[64], screened_at[32], lists[512], detail[256];
	int score;
};

struct pax_screening_row {
	int64_t traveller_id;
	char screened_at[32];
	char lists[512]; /* the list versions in force: "CODE version, ..." */
	char verdict[8]; /* "clear", "check", "hit" */
	int score;
	char entry_ref[64];
	char detail[256];
};

/* 1 and *id (its first message) when a file with this SHA-256 was imported, 0 when
 * not. */
int pax_manifest_find(struct db *db, const char *sha256, int64_t *id, struct error *err);
/* Inserts m (fills m->id); inside the caller's transaction. */
int pax_manifest_insert(struct db *db, struct pax_manifest_row *m, struct error *err);
int pax_traveller_insert(struct db *db, struct pax_traveller_row *t, struct error *err);
int pax_screening_insert(struct db *db, const struct pax_screening_row *s, struct error *err);
/* Every manifest, latest expected arrival first, with its hits and checks; free(). */
int pax_manifests_list(struct db *db, struct pax_manifest_row **out, size_t *n, struct error *err);
int pax_manifest_get(struct db *db, int64_t id, struct pax_manifest_row *out, struct error *err);
/* A manifest's travellers with their screening in force, hits first; free(). */
int pax_travellers_list(struct db *db, int64_t manifest_id, struct pax_traveller_row **out,
			size_t *n, struct error *err);
/* Every traveller of the manifests imported at or after since (ISO 8601), with the
 * screening in force (for screening again); free(). */
int pax_travellers_since(struct db *db, const char *since, struct pax_traveller_row **out,
			 size_t *n, struct error *err);

/* The newest traveller, on a manifest imported at or after since (ISO 8601), whose
 * document key is doc_key; or (doc_key NULL) whose surname, given names and birth date
 * ("YYYY-MM-DD") are these. Manifests marked arrived come first, then the latest
 * arrival. 1 and out filled (screening in force included), 0 when none. */
int pax_find_traveller(struct db *db, const char *doc_key, const char *surname,
		       const char *given_names, const char *birth, const char *since,
		       struct pax_traveller_row *out, struct error *err);
/* Marks a manifest arrived (once); 1 when it already was. Inside a transaction. */
int pax_arrival_insert(struct db *db, int64_t manifest_id, const char *at, const char *by,
		       struct error *err);
/* 1 and *at when the manifest is marked arrived, 0 when not. */
int pax_arrival_get(struct db *db, int64_t manifest_id, char *at, size_t len, struct error *err);
/* The crossing's manifest: traveller_id 0 when the traveller was not on it. Inside
 * the decision's transaction. */
int pax_crossing_link_insert(struct db *db, int64_t crossing_id, int64_t manifest_id,
			     int64_t traveller_id, const char *matched_by, struct error *err);

/* For the supervisor: the travellers of a manifest no crossing was linked to (expected,
 * never crossed), and the crossings linked to it that matched no traveller (crossed,
 * not on it). free() both. */
struct pax_unlisted_row {
	int64_t crossing_id;
	char surname[80], given_names[160], doc_issuer[4], doc_number[40];
	char decision[8], decided_at[32], officer[64];
};
int pax_no_shows(struct db *db, int64_t manifest_id, struct pax_traveller_row **out, size_t *n,
		 struct error *err);
int pax_unlisted(struct db *db, int64_t manifest_id, struct pax_unlisted_row **out, size_t *n,
		 struct error *err);

#endif
