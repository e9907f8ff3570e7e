/* Watchlist importers: the UN Security Council Consolidated List (XML), the national
 * CSV layout (docs/import-formats.md) and lost/stolen document lists (SLTD CSV).
 *
 * Each format has a pure parser over a memory buffer that hands every entry to a sink
 * (so it can be fuzzed and tested without a database), and an import function that
 * reads the file and runs the parser into a watch_import: one transaction, nothing
 * stored when the file is malformed (the error names the line or element and why). */
#ifndef SHEKARA_IMPORTERS_H
#define SHEKARA_IMPORTERS_H

#include <stddef.h>

#include "app/watchlist.h"

/* Called for every entry parsed; a negative return stops the parse with that error. The
 * entry and its strings live only during the call. */
typedef int (*import_sink)(void *ctx, const struct wl_entry *e, struct error *err);

/* src is filled with what the file says about itself (code, kind, name, authority,
 * version, updated_at) before the first entry. */
int un_sc_parse(const char *buf, size_t len, struct wl_source *src, import_sink sink, void *ctx,
		struct error *err);
/* source_code names the national source ("KZ-NATIONAL"); the CSV carries no header
 * about its list other than its columns. */
int national_csv_parse(const char *buf, size_t len, const char *source_code, struct wl_source *src,
		       import_sink sink, void *ctx, struct error *err);
int sltd_parse(const char *buf, size_t len, struct wl_source *src, import_sink sink, void *ctx,
	       struct error *err);

struct import_result {
	long added, updated, unchanged, retired;
};

/* Read path and import it. progress (may be NULL) is called every 1000 entries. */
int import_un_sc(struct app *app, const struct session *actor, const char *path,
		 void (*progress)(long entries, void *ctx), void *ctx, struct import_result *res,
		 struct error *err);
int import_national_csv(struct app *app, const struct session *actor, const char *path,
			const char *source_code, void (*progress)(long entries, void *ctx),
			void *ctx, struct import_result *res, struct error *err);
int import_sltd(struct app *app, const struct session *actor, const char *path,
		void (*progress)(long entries, void *ctx), void *ctx, struct import_result *res,
		struct error *err);

/* Reads a whole file (at most max bytes) into a NUL-terminated buffer; free() it. */
int import_read_file(const char *path, size_t max, char **buf, size_t *len, struct error *err);

#endif
