/* Watchlist store: sources and their entries, as listed. The matcher's derived keys
 * are added by the watchlist issue; this module holds only source rows. */
#ifndef SHEKARA_DB_WATCHLIST_H
#define SHEKARA_DB_WATCHLIST_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct wl_source {
	int64_t id;
	char code[32];
	char kind[16]; /* national, lost_stolen, un_sc, custom */
	char name[128];
	char authority[128];
	char version[64];
	char updated_at[32]; /* UTC, ISO 8601 */
	int entries;
};

struct wl_name {
	const char *kind; /* primary, alias, original_script */
	const char *quality;
	const char *full_name;
};

struct wl_birth_date {
	const char *precision; /* exact, year, range, approximate */
	const char *date;      /* YYYY-MM-DD or YYYY, NULL for a range */
	int year_from, year_to;
};

struct wl_document {
	const char *number;
	const char *issuing_state;
	const char *doc_type;
};

struct wl_entry {
	const char *ref;
	const char *subject;  /* person, document */
	const char *category; /* terrorism, sanctions, wanted, lost_stolen, ... */
	const char *action;   /* deny_entry, refer, notify, arrest */
	const char *listed_on;
	const char *sex;
	const char *remarks;
	const struct wl_name *names;
	size_t n_names;
	const struct wl_birth_date *dobs;
	size_t n_dobs;
	const char *const *nationalities;
	size_t n_nationalities;
	const struct wl_document *documents;
	size_t n_documents;
};

/* Inserts or updates a source by code; fills src->id. */
int wl_source_put(struct db *db, struct wl_source *src, struct error *err);
/* Inserts an entry with its names, dates, nationalities and documents. Call inside a
 * transaction: a half-inserted entry must never be visible. */
int wl_entry_add(struct db *db, int64_t source_id, const struct wl_entry *e, int64_t *id,
		 struct error *err);
/* Every source, oldest update first, with its count of active entries when
 * count_entries (a scan of the list: -1 otherwise); free() it. */
int wl_source_list(struct db *db, int count_entries, struct wl_source **out, size_t *n,
		   struct error *err);

/* One import of a new version of a source, inside one transaction the caller opened:
 * begin, one wl_import_entry per listed entry, finish. An entry is matched to the
 * stored one by its reference; it is added when new, rewritten when its content
 * changed (by a SHA-256 over all its fields), left alone when not. Entries the new
 * version no longer lists are retired, never deleted. */
struct wl_import {
	int64_t source_id;
	char version[64];
	char now[32];
	long added, updated, unchanged, retired;
};
int wl_import_begin(struct db *db, struct wl_source *src, struct wl_import *imp, struct error *err);
/* *changed is 1 when the entry was added or rewritten (its match keys need making). */
int wl_import_entry(struct db *db, struct wl_import *imp, const struct wl_entry *e, int64_t *id,
		    int *changed, struct error *err);
/* Retires what this import did not list, and drops their match keys. */
int wl_import_finish(struct db *db, struct wl_import *imp, struct error *err);

/* The derived match index (local only). */
struct wl_key {
	const char *key;
	int birth_year; /* YYYYMMDD, YYYY0000 for a year alone, 0 when not known */
};
int wl_keys_replace(struct db *db, int64_t entry_id, const struct wl_key *keys, size_t n,
		    const char *const *docs, size_t n_docs, struct error *err);
/* How many index rows carry a key (kept by triggers; for weighting rare tokens). */
int wl_token_freq(struct db *db, const char *token, struct error *err);
int wl_entry_total(struct db *db, struct error *err);
/* Active entries with this key and a birth date (YYYYMMDD) in [lo, hi], or none
 * known; at most max ids (with their dates in years); returns the count, or max + 1
 * when there were more. */
int wl_find_by_key(struct db *db, const char *key, int lo, int hi, int64_t *ids, int *years,
		   int max, struct error *err);
int wl_find_by_doc(struct db *db, const char *number, int64_t *ids, int max, struct error *err);

/* An entry as read back for matching and display; longer lists are cut at the sizes
 * below (the UN list's longest alias list is 27 names). */
enum { WL_VIEW_NAMES = 40, WL_VIEW_DOBS = 8, WL_VIEW_NATS = 6, WL_VIEW_DOCS = 8 };
struct wl_view {
	int64_t id;
	char source_code[32], source_name[128], source_kind[16], source_version[64];
	char source_updated[32];
	char ref[64], subject[16], category[24], action[16], listed_on[16], sex[4];
	char remarks[256];
	int retired;
	int n_names;
	struct {
		char kind[16], quality[8], full_name[192];
	} names[WL_VIEW_NAMES];
	int n_dobs;
	struct {
		char precision[12], date[16];
		int year_from, year_to;
	} dobs[WL_VIEW_DOBS];
	int n_nats;
	char nats[WL_VIEW_NATS][4];
	int n_docs;
	struct {
		char number[64], state[4], type[32];
	} docs[WL_VIEW_DOCS];
};
int wl_entry_load(struct db *db, int64_t id, struct wl_view *out, struct error *err);
/* Only the names of an entry (the cheap first look at a candidate); returns how many. */
int wl_entry_names(struct db *db, int64_t id, char names[][192], int max, struct error *err);
/* 1 when there are active entries but no match keys at all (a database from before
 * the index, or one whose index was dropped), 0 otherwise. */
int wl_index_missing(struct db *db, struct error *err);
/* All active entry ids, for rebuilding the index. free() the array. */
int wl_active_ids(struct db *db, int64_t **ids, size_t *n, struct error *err);

#endif
