/* Watchlists as the application uses them: importing a new version of a list (role
 * checked, one transaction, audited, match keys made for what changed) and keeping the
 * derived match index in step with the stored rows. */
#ifndef SHEKARA_WATCHLIST_H
#define SHEKARA_WATCHLIST_H

#include "app/session.h"
#include "db/watchlist.h"

struct watch_import {
	struct app *app;
	const struct session *actor;
	struct wl_source source;
	struct wl_import imp;
	long seen;
	/* called every 1000 entries, and at the end; may be NULL */
	void (*progress)(long entries, void *ctx);
	void *ctx;
};

/* Starts an import of src (code, kind, name, authority, version; updated_at may be
 * empty for now). Needs PERM_MANAGE_WATCHLISTS. Opens the transaction: nothing is
 * visible until watch_import_commit, and watch_import_abort leaves the store as it was. */
int watch_import_begin(struct app *app, const struct session *actor, const struct wl_source *src,
		       struct watch_import *wi, struct error *err);
int watch_import_entry(struct watch_import *wi, const struct wl_entry *e, struct error *err);
/* Retires what the new version no longer lists, audits "watchlist.import" with the
 * counts, and commits. */
int watch_import_commit(struct watch_import *wi, struct error *err);
void watch_import_abort(struct watch_import *wi);

/* Makes the match keys of one stored entry (names normalised into skeleton keys per
 * birth year, document numbers normalised). Inside a transaction. */
int watch_index_entry(struct app *app, int64_t entry_id, struct error *err);
/* Rebuilds the whole index from the stored rows (after a sync, or a new normaliser). */
int watch_reindex(struct app *app, struct error *err);
/* The year of a listed date, "YYYY" or "YYYY-MM-DD"; 0 when there is none. */
int watch_year_of(const char *date);
/* A document number as the index keeps it: upper-case A-Z and 0-9 only. */
void watch_doc_key(const char *number, char *out, size_t len);

/* An officer opens a watchlist entry's details: needs PERM_SCREEN and is audited
 * ("watchlist.entry.view": who looked at whom), seen or not. 1 found, 0 not. */
int watch_entry_view(struct app *app, const struct session *s, int64_t entry_id,
		     struct wl_view *out, struct error *err);

#endif
