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
/* Every source with its entry count, oldest update first; free() the array. */
int wl_source_list(struct db *db, struct wl_source **out, size_t *n, struct error *err);

#endif
