/* Advance passenger information: import, screening before arrival, screening again
 * with newer lists (see pax.h). */
#include "app/pax.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/bundle.h"
#include "app/match.h"
#include "db/audit.h"
#include "db/watchlist.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"
#include "scanners/file.h"

void pax_doc_key(const char *issuer, const char *number, char *out, size_t len)
{
	size_t o = 0;
	const char *parts[2] = { issuer ? issuer : "", number ? number : "" };
	if (len == 0)
		return;
	for (int p = 0; p < 2; p++)
		for (const char *c = parts[p]; *c && o + 1 < len; c++)
			if (isalnum((unsigned char)*c) && (unsigned char)*c < 0x80)
				out[o++] = (char)toupper((unsigned char)*c);
	out[o] = '\0';
	if (!number || !*number)
		out[0] = '\0'; /* an issuer alone files nothing */
}

/* "CODE version updated, ...": the lists a screening was made against; a list imported
 * or synchronised again has a new update time, so its travellers are screened again. */
static int lists_in_force(struct app *app, char *out, size_t len, struct error *err)
{
	struct wl_source *src;
	size_t n;
	out[0] = '\0';
	if (wl_source_list(app->db, 0, &src, &n, err) < 0)
		return -ERR_IO;
	size_t used = 0;
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s %s %s", i ? ", " : "",
					 src[i].code, src[i].version, src[i].updated_at);
	free(src);
	return 0;
}

static void date_text(const struct doc_date *d, char out[11])
{
	if (d->year <= 0) {
		out[0] = '\0';
		return;
	}
	document_date_text(d, out);
}

static void date_parse(const char *text, struct doc_date *d)
{
	memset(d, 0, sizeof(*d));
	if (strlen(text) < 10)
		return;
	int y = 0, m = 0, day = 0;
	for (int i = 0; i < 4; i++)
		y = text[i] >= '0' && text[i] <= '9' ? y * 10 + (text[i] - '0') : -1000000;
	for (int i = 5; i < 7; i++)
		m = text[i] >= '0' && text[i] <= '9' ? m * 10 + (text[i] - '0') : -1000;
	for (int i = 8; i < 10; i++)
		day = text[i] >= '0' && text[i] <= '9' ? day * 10 + (text[i] - '0') : -1000;
	d->year = y > 0 ? y : 0;
	d->month = m > 0 ? m : 0;
	d->day = day > 0 ? day : 0;
}

/* One traveller against the lists: the verdict, the best match, why. */
static int screen_one(struct app *app, const struct pax_traveller_row *t, const char *lists,
		      struct match_result *found, int *hit, int *check, struct error *err)
{
	struct match_query q = { .surname = t->surname,
				 .given_names = t->given_names,
				 .doc_number = t->doc_number };
	date_parse(t->birth, &q.dob);
	snprintf(q.nationality, sizeof(q.nationality), "%s", t->nationality);
	snprintf(q.doc_state, sizeof(q.doc_state), "%s", t->doc_issuer);
	q.sex = t->sex[0] == 'M' || t->sex[0] == 'F' || t->sex[0] == 'X' ? t->sex[0] : 0;
	if (match_find(app, &q, found, err) < 0)
		return -ERR_IO;
	struct pax_screening_row row = { .traveller_id = t->id };
	clock_utc_iso(row.screened_at, sizeof(row.screened_at));
	snprintf(row.lists, sizeof(row.lists), "%s", lists);
	enum match_band band = found->n > 0 ? found->m[0].band : BAND_NONE;
	snprintf(row.verdict, sizeof(row.verdict), "%s",
		 band == BAND_HIT        ? "hit"
		 : band == BAND_POSSIBLE ? "check"
					 : "clear");
	if (found->n > 0) {
		row.score = found->m[0].score;
		snprintf(row.entry_ref, sizeof(row.entry_ref), "%s", found->m[0].ref);
		snprintf(row.detail, sizeof(row.detail), "%.32s %.63s: %.150s",
			 found->m[0].source_code, found->m[0].ref, found->m[0].explanation);
	}
	*hit += band == BAND_HIT;
	*check += band == BAND_POSSIBLE;
	return pax_screening_insert(app->db, &row, err);
}

static const char *mode_name(int mode)
{
	switch (mode) {
	case 1:
		return "sea";
	case 2:
		return "rail";
	case 3:
		return "road";
	case 4:
		return "air";
	}
	return "";
}

/* Ends the transaction of an import or a pass: its audit row (ev, may be NULL) and the
 * commit when rc says all went well, the rollback otherwise. */
static int finish(struct app *app, const struct session *s, const struct audit_event *ev, int rc,
		  struct error *err)
{
	if (rc == 0 && ev) {
		struct audit_actor who;
		app_actor(app, s, &who);
		rc = audit_append(app->db, &who, ev, err);
	}
	if (rc == 0)
		return db_commit(app->db, err);
	if (db_in_transaction(app->db))
		db_rollback(app->db);
	return rc;
}

static void manifest_row(const struct paxlst *px, const struct paxlst_message *msg, int index,
			 const char *sha, const char *name, const struct session *s,
			 struct pax_manifest_row *m)
{
	memset(m, 0, sizeof(*m));
	const struct paxlst_transport *tr = &msg->transport;
	snprintf(m->sha256, sizeof(m->sha256), "%s", sha);
	m->message = index + 1;
	snprintf(m->file_name, sizeof(m->file_name), "%s", name);
	snprintf(m->message_ref, sizeof(m->message_ref), "%s", msg->ref);
	snprintf(m->version, sizeof(m->version), "%s", msg->version);
	snprintf(m->list_kind, sizeof(m->list_kind), "%s",
		 msg->list == PAXLST_LIST_CREW ? "crew" : "passengers");
	snprintf(m->sender, sizeof(m->sender), "%s",
		 msg->reporter.name[0] ? msg->reporter.name : px->sender);
	snprintf(m->transport_mode, sizeof(m->transport_mode), "%s", mode_name(tr->mode));
	/* the coach's plate or the aircraft's tail when sent, else the service number */
	snprintf(m->vehicle, sizeof(m->vehicle), "%s",
		 tr->vehicle[0]   ? tr->vehicle
		 : tr->journey[0] ? tr->journey
				  : "?");
	if (tr->vehicle[0] && tr->journey[0] && strcmp(tr->vehicle, tr->journey) != 0) {
		size_t n = strlen(m->vehicle);
		snprintf(m->vehicle + n, sizeof(m->vehicle) - n, " (%s)", tr->journey);
	}
	snprintf(m->carrier, sizeof(m->carrier), "%s",
		 tr->carrier_name[0] ? tr->carrier_name : tr->carrier);
	if (msg->n_legs > 0) {
		const struct paxlst_leg *first = &msg->legs[0], *last = &msg->legs[msg->n_legs - 1];
		snprintf(m->departure, sizeof(m->departure), "%s", first->from);
		snprintf(m->arrival, sizeof(m->arrival), "%s", last->to);
		snprintf(m->departs_at, sizeof(m->departs_at), "%s", first->departs);
		snprintf(m->arrives_at, sizeof(m->arrives_at), "%s", last->arrives);
	}
	m->travellers = msg->n_travellers;
	m->warnings = px->n_warnings + px->warnings_dropped;
	clock_utc_iso(m->imported_at, sizeof(m->imported_at));
	snprintf(m->imported_by, sizeof(m->imported_by), "%s", s ? s->username : "-");
}

static void traveller_row(const struct paxlst_traveller *p, int64_t manifest, int seq,
			  struct pax_traveller_row *t)
{
	memset(t, 0, sizeof(*t));
	t->manifest_id = manifest;
	t->seq = seq;
	t->crew = p->role == PAXLST_CREW_MEMBER;
	snprintf(t->surname, sizeof(t->surname), "%s", p->surname);
	snprintf(t->given_names, sizeof(t->given_names), "%s", p->given_names);
	if (p->sex)
		t->sex[0] = p->sex == 'U' ? 'X' : p->sex;
	date_text(&p->birth, t->birth);
	snprintf(t->nationality, sizeof(t->nationality), "%s", p->nationality);
	if (p->n_docs > 0) {
		const struct paxlst_doc *d = &p->docs[0];
		snprintf(t->doc_type, sizeof(t->doc_type), "%s", d->type);
		snprintf(t->doc_number, sizeof(t->doc_number), "%s", d->number);
		snprintf(t->doc_issuer, sizeof(t->doc_issuer), "%s", d->issuer);
		date_text(&d->expiry, t->doc_expiry);
		pax_doc_key(d->issuer, d->number, t->doc_key, sizeof(t->doc_key));
	}
	snprintf(t->seat, sizeof(t->seat), "%s", p->seat);
	snprintf(t->embark, sizeof(t->embark), "%s", p->embarked);
	snprintf(t->debark, sizeof(t->debark), "%s", p->debarks);
	snprintf(t->booking, sizeof(t->booking), "%s", p->booking);
}

static int store(struct app *app, const struct session *s, const struct paxlst *px, const char *sha,
		 const char *name, struct pax_import_result *out, struct error *err)
{
	char lists[512];
	if (lists_in_force(app, lists, sizeof(lists), err) < 0)
		return -ERR_IO;
	struct match_result *found = malloc(sizeof(*found));
	if (!found)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	int rc = 0;
	for (int i = 0; rc == 0 && i < px->n_messages; i++) {
		const struct paxlst_message *msg = &px->messages[i];
		struct pax_manifest_row m;
		manifest_row(px, msg, i, sha, name, s, &m);
		rc = pax_manifest_insert(app->db, &m, err);
		if (rc == 0 && out->first_id == 0)
			out->first_id = m.id;
		for (int k = 0; rc == 0 && k < msg->n_travellers; k++) {
			struct pax_traveller_row t;
			traveller_row(&msg->travellers[k], m.id, k + 1, &t);
			rc = pax_traveller_insert(app->db, &t, err);
			if (rc == 0)
				rc = screen_one(app, &t, lists, found, &out->hits, &out->checks,
						err);
			out->travellers += rc == 0;
		}
		out->manifests += rc == 0;
	}
	free(found);
	return rc;
}

int pax_import_buffer(struct app *app, const struct session *s, const char *name, const char *buf,
		      size_t len, struct pax_import_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_MANIFESTS, err) < 0)
		return -ERR_DENIED;
	struct paxlst px;
	char why[256];
	if (paxlst_parse(buf, len, time(NULL), &px, why, sizeof(why)) < 0) {
		app_audit_refusal(app, s, "manifest.import", "file", name, "refused", why);
		return error_set(err, ERR_USAGE, _("'%s' cannot be read as a PAXLST manifest: %s"),
				 name, why);
	}
	char sha[65];
	bundle_sha256_hex(buf, len, sha);
	out->warnings = px.n_warnings + px.warnings_dropped;
	for (int i = 0; i < px.n_warnings && out->n_shown < PAX_WARNINGS_SHOWN; i++)
		out->shown[out->n_shown++] = px.warnings[i];
	int rc = db_begin(app->db, err);
	int64_t before = 0;
	int seen = rc == 0 ? pax_manifest_find(app->db, sha, &before, err) : 0;
	if (rc == 0 && seen < 0)
		rc = -ERR_IO;
	if (rc == 0 && seen == 1) {
		db_rollback(app->db);
		paxlst_free(&px);
		out->already = 1;
		out->first_id = before;
		char id[32], detail[300];
		snprintf(id, sizeof(id), "%lld", (long long)before);
		snprintf(detail, sizeof(detail), "%s (sha256 %.16s): imported before", name, sha);
		struct audit_event ev = { .action = "manifest.import",
					  .object_type = "manifest",
					  .object_id = id,
					  .outcome = "unchanged",
					  .detail = detail };
		return app_audit(app, s, &ev, err);
	}
	if (rc == 0)
		rc = store(app, s, &px, sha, name, out, err);
	if (rc == 0) {
		char detail[400], id[32];
		snprintf(id, sizeof(id), "%lld", (long long)out->first_id);
		snprintf(detail, sizeof(detail),
			 "%s (sha256 %.16s): %d messages, %d travellers, %d hits, %d to check, "
			 "%d warnings",
			 name, sha, out->manifests, out->travellers, out->hits, out->checks,
			 out->warnings);
		struct audit_event ev = { .action = "manifest.import",
					  .object_type = "manifest",
					  .object_id = id,
					  .outcome = "ok",
					  .detail = detail };
		rc = finish(app, s, &ev, rc, err);
	} else {
		rc = finish(app, s, NULL, rc, err);
	}
	paxlst_free(&px);
	return rc;
}

int pax_import(struct app *app, const struct session *s, const char *path,
	       struct pax_import_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_MANIFESTS, err) < 0)
		return -ERR_DENIED;
	unsigned char *buf;
	size_t len;
	int rc = file_read_all(path, PAXLST_MAX_BYTES, &buf, &len, err);
	if (rc == 0) {
		const char *slash = strrchr(path, '/');
		rc = pax_import_buffer(app, s, slash ? slash + 1 : path, (const char *)buf, len,
				       out, err);
	}
	free(buf);
	return rc;
}

static void since_iso(char *out, size_t len);

int pax_rescreen(struct app *app, const struct session *s, int *screened, int *hits,
		 struct error *err)
{
	int n_screened = 0, n_hits = 0, n_checks = 0;
	struct pax_traveller_row *ts = NULL;
	size_t nt = 0;
	struct match_result *found = malloc(sizeof(*found));
	char lists[512], since[32];
	since_iso(since, sizeof(since));
	int rc = found ? db_begin(app->db, err) : error_set(err, ERR_IO, "%s", _("out of memory"));
	if (rc == 0 && (pax_travellers_since(app->db, since, &ts, &nt, err) < 0 ||
			lists_in_force(app, lists, sizeof(lists), err) < 0))
		rc = -ERR_IO;
	for (size_t i = 0; rc == 0 && i < nt; i++) {
		if (strcmp(ts[i].lists, lists) == 0)
			continue; /* screened against these very lists already */
		rc = screen_one(app, &ts[i], lists, found, &n_hits, &n_checks, err);
		n_screened += rc == 0;
	}
	char detail[200];
	snprintf(detail, sizeof(detail), "%d travellers, %d hits, %d to check; lists %.120s",
		 n_screened, n_hits, n_checks, lists);
	struct audit_event ev = { .action = "manifest.rescreen",
				  .object_type = "manifest",
				  .object_id = "*",
				  .outcome = "ok",
				  .detail = detail };
	rc = finish(app, s, n_screened > 0 ? &ev : NULL, rc, err); /* nothing screened: no row */
	free(found);
	free(ts);
	if (screened)
		*screened = n_screened;
	if (hits)
		*hits = n_hits;
	return rc;
}

int pax_list(struct app *app, const struct session *s, struct pax_manifest_row **out, size_t *n,
	     struct error *err)
{
	*out = NULL;
	*n = 0;
	if (session_require(app, s, PERM_MANIFESTS, err) < 0)
		return -ERR_DENIED;
	return pax_manifests_list(app->db, out, n, err);
}

int pax_show(struct app *app, const struct session *s, int64_t id, struct pax_manifest_row *m,
	     struct pax_traveller_row **travellers, size_t *n, struct error *err)
{
	*travellers = NULL;
	*n = 0;
	if (session_require(app, s, PERM_MANIFESTS, err) < 0)
		return -ERR_DENIED;
	int rc = pax_manifest_get(app->db, id, m, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(err, ERR_USAGE, _("there is no manifest %lld"), (long long)id);
	char object[32], detail[160];
	snprintf(object, sizeof(object), "%lld", (long long)id);
	snprintf(detail, sizeof(detail), "%s, %d travellers, %d hits", m->vehicle, m->travellers,
		 m->hits);
	struct audit_event ev = { .action = "manifest.view",
				  .object_type = "manifest",
				  .object_id = object,
				  .outcome = "ok",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	return pax_travellers_list(app->db, id, travellers, n, err);
}

/* A week ago, as the stored timestamps write it. */
static void since_iso(char *out, size_t len)
{
	time_t t = time(NULL) - (time_t)PAX_RESCREEN_DAYS * 24 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int pax_link_find(struct app *app, const struct document *doc, int64_t current,
		  struct screening_manifest *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	char since[32], key[48], birth[11];
	since_iso(since, sizeof(since));
	pax_doc_key(doc->issuer, doc->number, key, sizeof(key));
	struct pax_traveller_row *t = malloc(sizeof(*t));
	if (!t)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	int found = key[0] ? pax_find_traveller(app->db, key, NULL, NULL, NULL, since, t, err) : 0;
	const char *how = "document";
	if (found == 0 && doc->birth.year > 0 && doc->birth.month > 0 && doc->birth.day > 0) {
		document_date_text(&doc->birth, birth);
		found = pax_find_traveller(app->db, NULL, doc->surname, doc->given_names, birth,
					   since, t, err);
		how = "name_birth";
	}
	int64_t manifest = found == 1 ? t->manifest_id : current;
	int rc = found < 0 ? -ERR_IO : 0;
	struct pax_manifest_row m;
	if (rc == 0 && manifest > 0) {
		int got = pax_manifest_get(app->db, manifest, &m, err);
		if (got < 0)
			rc = -ERR_IO;
		else if (got == 1) {
			out->manifest_id = manifest;
			snprintf(out->vehicle, sizeof(out->vehicle), "%s", m.vehicle);
			snprintf(out->list_kind, sizeof(out->list_kind), "%s", m.list_kind);
			snprintf(out->matched_by, sizeof(out->matched_by), "%s",
				 found == 1 ? how : "none");
		}
	}
	if (rc == 0 && found == 1 && out->manifest_id) {
		out->traveller_id = t->id;
		out->crew = t->crew;
		snprintf(out->seat, sizeof(out->seat), "%s", t->seat);
		snprintf(out->verdict, sizeof(out->verdict), "%s", t->verdict);
		snprintf(out->entry_ref, sizeof(out->entry_ref), "%s", t->entry_ref);
	}
	free(t);
	return rc;
}

int pax_arrive(struct app *app, const struct session *s, int64_t manifest_id, struct error *err)
{
	if (session_require(app, s, PERM_MANIFESTS, err) < 0)
		return -ERR_DENIED;
	struct pax_manifest_row m;
	int rc = pax_manifest_get(app->db, manifest_id, &m, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(err, ERR_USAGE, _("there is no manifest %lld"),
				 (long long)manifest_id);
	char now[32], id[32], detail[160];
	clock_utc_iso(now, sizeof(now));
	snprintf(id, sizeof(id), "%lld", (long long)manifest_id);
	snprintf(detail, sizeof(detail), "%s, %d travellers", m.vehicle, m.travellers);
	struct audit_event ev = { .action = "manifest.arrive",
				  .object_type = "manifest",
				  .object_id = id,
				  .outcome = "ok",
				  .detail = detail };
	struct audit_actor who;
	app_actor(app, s, &who);
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	rc = pax_arrival_insert(app->db, manifest_id, now, s->username, err);
	if (rc == 0)
		rc = audit_append(app->db, &who, &ev, err);
	if (rc < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	if (rc == 1) { /* arrived before: nothing new to record */
		db_rollback(app->db);
		return 0;
	}
	return db_commit(app->db, err);
}

int pax_exceptions(struct app *app, const struct session *s, int64_t manifest_id,
		   struct pax_traveller_row **no_shows, size_t *n_no_shows,
		   struct pax_unlisted_row **unlisted, size_t *n_unlisted, int *arrived,
		   struct error *err)
{
	*no_shows = NULL;
	*unlisted = NULL;
	*n_no_shows = *n_unlisted = 0;
	*arrived = 0;
	if (session_require(app, s, PERM_REVIEW_CASES, err) < 0)
		return -ERR_DENIED;
	char at[32];
	*arrived = pax_arrival_get(app->db, manifest_id, at, sizeof(at), err);
	if (*arrived < 0)
		return -ERR_IO;
	/* no-shows only once the vehicle is there: before, everyone is still to come */
	if ((*arrived && pax_no_shows(app->db, manifest_id, no_shows, n_no_shows, err) < 0) ||
	    pax_unlisted(app->db, manifest_id, unlisted, n_unlisted, err) < 0) {
		free(*no_shows);
		*no_shows = NULL;
		*n_no_shows = 0;
		return -ERR_IO;
	}
	char id[32], detail[96];
	snprintf(id, sizeof(id), "%lld", (long long)manifest_id);
	snprintf(detail, sizeof(detail), "%zu never crossed, %zu not on it", *n_no_shows,
		 *n_unlisted);
	struct audit_event ev = { .action = "manifest.exceptions",
				  .object_type = "manifest",
				  .object_id = id,
				  .outcome = "ok",
				  .detail = detail };
	return app_audit(app, s, &ev, err);
}
