#include "app/watchlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/normalize.h"
#include "app/pax.h"
#include "db/syncstate.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

int watch_import_begin(struct app *app, const struct session *actor, const struct wl_source *src,
		       struct watch_import *wi, struct error *err)
{
	memset(wi, 0, sizeof(*wi));
	if (session_require(app, actor, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	if (!src->code[0] || !src->version[0])
		return error_set(err, ERR_USAGE,
				 _("a watchlist import needs a source and a version"));
	/* a workstation fed by the authority's bundles holds the authority's rows under the
	 * authority's ids: a local import would clash with the next bundle */
	int64_t fed = 0;
	if (sync_state_max(app->db, "watchlist", &fed, err) < 0)
		return -ERR_IO;
	if (fed > 0)
		return error_set(
			err, ERR_USAGE,
			_("this workstation takes its lists from the authority (version "
			  "%lld, 'shekara sync pull'): import at the authority and publish "
			  "there"),
			(long long)fed);
	wi->app = app;
	wi->actor = actor;
	wi->source = *src;
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (wl_import_begin(app->db, &wi->source, &wi->imp, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return 0;
}

int watch_import_entry(struct watch_import *wi, const struct wl_entry *e, struct error *err)
{
	int64_t id;
	int changed;
	if (wl_import_entry(wi->app->db, &wi->imp, e, &id, &changed, err) < 0)
		return -ERR_IO;
	if (changed && watch_index_entry(wi->app, id, err) < 0)
		return -ERR_IO;
	if (++wi->seen % 1000 == 0 && wi->progress)
		wi->progress(wi->seen, wi->ctx);
	return 0;
}

int watch_import_commit(struct watch_import *wi, struct error *err)
{
	struct app *app = wi->app;
	if (wl_import_finish(app->db, &wi->imp, err) < 0)
		goto fail;
	char detail[200];
	snprintf(detail, sizeof(detail),
		 "version %s: %ld added, %ld updated, %ld unchanged, %ld retired", wi->imp.version,
		 wi->imp.added, wi->imp.updated, wi->imp.unchanged, wi->imp.retired);
	struct audit_actor who;
	app_actor(app, wi->actor, &who);
	struct audit_event ev = { .action = "watchlist.import",
				  .object_type = "watchlist",
				  .object_id = wi->source.code,
				  .outcome = "ok",
				  .detail = detail };
	if (audit_append(app->db, &who, &ev, err) < 0)
		goto fail;
	if (db_commit(app->db, err) < 0)
		return -ERR_IO;
	app->index_rows = -1; /* token weights are counted anew */
	/* the travellers on the manifests of coming vehicles meet the new list at once;
	 * the list is in whatever happens to that */
	struct error ignored;
	pax_rescreen(app, wi->actor, NULL, NULL, &ignored);
	if (wi->progress)
		wi->progress(wi->seen, wi->ctx);
	return 0;
fail:
	db_rollback(app->db);
	return -ERR_IO;
}

void watch_import_abort(struct watch_import *wi)
{
	if (wi->app)
		db_rollback(wi->app->db);
}

void watch_doc_key(const char *number, char *out, size_t len)
{
	size_t o = 0;
	for (const char *c = number ? number : ""; *c && o + 1 < len; c++) {
		char ch = *c;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
			out[o++] = ch;
	}
	if (len)
		out[o] = '\0';
}

int watch_year_of(const char *date)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (date[i] < '0' || date[i] > '9')
			return 0;
		y = y * 10 + (date[i] - '0');
	}
	return y;
}

/* MMDD of "YYYY-MM-DD" */
static int month_day(const char *date)
{
	int v = 0;
	const int pos[4] = { 5, 6, 8, 9 };
	for (int i = 0; i < 4; i++) {
		char c = date[pos[i]];
		if (c < '0' || c > '9')
			return 0;
		v = v * 10 + (c - '0');
	}
	return v;
}

/* The birth years an entry is indexed under: its exact or stated year, a window around
 * an approximate one, every year of a range (at most 15), or 0 when none is known. */
enum { MAX_YEARS = 24 };

static int entry_years(const struct wl_view *v, int *years)
{
	int n = 0;
	for (int i = 0; i < v->n_dobs; i++) {
		int from = 0, to = 0;
		const char *p = v->dobs[i].precision;
		int y = watch_year_of(v->dobs[i].date);
		if (strcmp(p, "range") == 0) {
			from = v->dobs[i].year_from;
			to = v->dobs[i].year_to;
			if (to - from > 15)
				to = from + 15;
		} else if (strcmp(p, "approximate") == 0) {
			from = y - 2;
			to = y + 2;
		} else {
			from = to = y;
		}
		/* an exact date is kept whole, so the index can rank namesakes born the
		 * same day above those born the same year */
		int exact = strcmp(p, "exact") == 0 && strlen(v->dobs[i].date) == 10;
		for (int yr = from; yr > 0 && yr <= to && n < MAX_YEARS; yr++) {
			int key = exact ? yr * 10000 + month_day(v->dobs[i].date) : yr * 10000;
			int dup = 0;
			for (int k = 0; k < n; k++)
				dup |= years[k] == key;
			if (!dup)
				years[n++] = key;
		}
	}
	if (n == 0)
		years[n++] = 0;
	return n;
}

enum { MAX_KEYS = 96 };

struct keyset {
	int n;
	char key[MAX_KEYS][NORM_TOKEN_MAX];
};

static void add_key(struct keyset *ks, const char *key)
{
	if (!key[0])
		return;
	for (int i = 0; i < ks->n; i++)
		if (strcmp(ks->key[i], key) == 0)
			return;
	if (ks->n < MAX_KEYS)
		snprintf(ks->key[ks->n++], NORM_TOKEN_MAX, "%s", key);
}

int watch_index_entry(struct app *app, int64_t entry_id, struct error *err)
{
	struct wl_view *v = malloc(sizeof(*v));
	struct keyset *ks = malloc(sizeof(*ks));
	struct wl_key *keys = malloc(sizeof(*keys) * MAX_KEYS * MAX_YEARS);
	int rc = -ERR_IO;
	if (!v || !ks || !keys) {
		error_set(err, ERR_IO, _("out of memory"));
		goto out;
	}
	int found = wl_entry_load(app->db, entry_id, v, err);
	if (found <= 0) {
		rc = found < 0 ? -ERR_IO : 0;
		goto out;
	}
	/* a retired entry is never a candidate: it keeps no keys (an import drops them when
	 * it retires; a pulled bundle that retires comes through here) */
	if (v->retired) {
		v->n_names = 0;
		v->n_docs = 0;
	}
	ks->n = 0;
	for (int i = 0; i < v->n_names; i++) {
		struct norm_name nn;
		if (norm_name(v->names[i].full_name, strlen(v->names[i].full_name), &nn) < 0)
			continue;
		for (int t = 0; t < nn.n; t++) {
			char key[NORM_TOKEN_MAX];
			if (nn.particle[t])
				continue;
			norm_skeleton(nn.token[t], key, sizeof(key));
			add_key(ks, key);
		}
	}
	int years[MAX_YEARS];
	int ny = entry_years(v, years);
	size_t n = 0;
	for (int k = 0; k < ks->n; k++)
		for (int y = 0; y < ny; y++)
			keys[n++] = (struct wl_key){ ks->key[k], years[y] };
	char docs[WL_VIEW_DOCS][64];
	const char *doc_ptrs[WL_VIEW_DOCS];
	size_t nd = 0;
	for (int i = 0; i < v->n_docs; i++) {
		watch_doc_key(v->docs[i].number, docs[nd], sizeof(docs[nd]));
		if (docs[nd][0]) {
			doc_ptrs[nd] = docs[nd];
			nd++;
		}
	}
	rc = wl_keys_replace(app->db, entry_id, keys, n, doc_ptrs, nd, err);
out:
	free(v);
	free(ks);
	free(keys);
	return rc;
}

int watch_reindex(struct app *app, struct error *err)
{
	int64_t *ids;
	size_t n;
	if (wl_active_ids(app->db, &ids, &n, err) < 0)
		return -ERR_IO;
	int rc = db_begin(app->db, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = watch_index_entry(app, ids[i], err);
	free(ids);
	if (rc < 0) {
		db_rollback(app->db);
		return rc;
	}
	return db_commit(app->db, err);
}

int watch_entry_view(struct app *app, const struct session *s, int64_t entry_id,
		     struct wl_view *out, struct error *err)
{
	if (session_require(app, s, PERM_SCREEN, err) < 0)
		return -ERR_DENIED;
	int found = wl_entry_load(app->db, entry_id, out, err);
	if (found < 0)
		return -ERR_IO;
	char object[96];
	if (found)
		snprintf(object, sizeof(object), "%s %s", out->source_code, out->ref);
	else
		snprintf(object, sizeof(object), "entry %lld", (long long)entry_id);
	struct audit_event ev = { .action = "watchlist.entry.view",
				  .object_type = "watchlist_entry",
				  .object_id = object,
				  .outcome = found ? "ok" : "not_found",
				  .detail = found && out->n_names ? out->names[0].full_name : "" };
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	return found;
}
