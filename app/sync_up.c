/* Sync up (app/sync.h): a workstation's records sealed, pushed and acknowledged, and
 * headquarters merging them per workstation. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/keys.h"
#include "app/sync_internal.h"
#include "db/changeset.h"
#include "db/syncstate.h"
#include "i18n/i18n.h"

/* --- up: push (a workstation) ------------------------------------------------------------ */

static void marks_text(const struct changeset_marks *m, char *out, size_t len)
{
	snprintf(out, len, "%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld", (long long)m->audit_seq,
		 (long long)m->crossing_id, (long long)m->case_id, (long long)m->note_id,
		 (long long)m->shift_id, (long long)m->manifest_id,
		 (long long)m->manifest_traveller_id, (long long)m->manifest_screening_id,
		 (long long)m->manifest_arrival_id);
}

static int marks_read(struct app *app, struct changeset_marks *m, struct error *err)
{
	memset(m, 0, sizeof(*m));
	char text[256] = "";
	if (db_setting_get(app->db, "sync.marks", text, sizeof(text), err) < 0)
		return -ERR_IO;
	long long v[9] = { 0 };
	/* five marks before manifests were kept (schema 10); the four new ones start at 0 */
	int got = text[0] ? sscanf(text, "%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld", &v[0],
				   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8])
			  : 0;
	if (text[0] && got != 5 && got != 9)
		return error_set(err, ERR_IO, _("the setting 'sync.marks' is damaged: '%s'"), text);
	m->audit_seq = v[0], m->crossing_id = v[1], m->case_id = v[2], m->note_id = v[3];
	m->shift_id = v[4];
	m->manifest_id = v[5], m->manifest_traveller_id = v[6], m->manifest_screening_id = v[7];
	m->manifest_arrival_id = v[8];
	return 0;
}

/* Seals what happened since the last records bundle: the file goes into the outbox
 * folder first (written whole, then renamed), then its row and the new marks commit
 * together; a stop between the two leaves a stray file and nothing sent twice. */
static int seal_records(struct app *app, const struct session *s, struct transport *box,
			const char *origin, struct sync_result *out, struct error *err)
{
	struct changeset_marks from, to;
	if (marks_read(app, &from, err) < 0)
		return -ERR_IO;
	unsigned char *cs = NULL, *bundle = NULL;
	size_t cs_len = 0, bundle_len = 0;
	int64_t rows = 0, last = 0;
	int rc = changeset_records_since(app->db, &from, &to, &cs, &cs_len, &rows, err);
	if (rc < 0 || rows == 0) {
		free(cs);
		return rc;
	}
	EVP_PKEY *key = NULL;
	char key_id[17];
	struct bundle_header h = { .format = 1, .kind = BUNDLE_RECORDS };
	rc = keys_own(app, &key, key_id, err);
	if (rc == 0)
		rc = outbox_last_seq(app->db, &last, err);
	if (rc == 0)
		rc = audit_head_get(app->db, &h.head_seq, h.head_hash, err) < 0 ? -ERR_IO : 0;
	char name[80] = "";
	if (rc == 0) {
		snprintf(h.origin, sizeof(h.origin), "%s", origin);
		snprintf(h.realm, sizeof(h.realm), "%s",
			 keys_realm_training(app) ? "training" : "live");
		h.seq_from = h.seq_to = last + 1;
		h.base = last;
		sync_now_iso(h.created, sizeof(h.created));
		rc = bundle_write(&h, cs, cs_len, key, &bundle, &bundle_len, err);
	}
	if (rc == 0) {
		bundle_name(bundle, bundle_len, name);
		rc = transport_put(box, name, bundle, bundle_len, err);
	}
	if (rc == 0) {
		struct outbox_row r = { .seq_from = h.seq_from, .seq_to = h.seq_to };
		snprintf(r.name, sizeof(r.name), "%s", name);
		r.size = (int64_t)bundle_len;
		sync_now_iso(r.created_at, sizeof(r.created_at));
		char marks[256], detail[400];
		marks_text(&to, marks, sizeof(marks));
		snprintf(detail, sizeof(detail),
			 "%s seq %lld: %lld rows, %zu bytes; audit head %lld", name,
			 (long long)h.seq_to, (long long)rows, bundle_len, (long long)h.head_seq);
		struct audit_event ev = { .action = "sync.seal",
					  .object_type = "bundle",
					  .object_id = name,
					  .outcome = "ok",
					  .detail = detail };
		if (db_begin(app->db, err) < 0) {
			rc = -ERR_IO;
		} else if (outbox_add(app->db, &r, err) < 0 ||
			   db_setting_set(app->db, "sync.marks", marks, err) < 0 ||
			   sync_audit_in(app, s, &ev, err) < 0) {
			db_rollback(app->db);
			rc = -ERR_IO;
		} else {
			rc = db_commit(app->db, err) < 0 ? -ERR_IO : 0;
		}
	}
	if (rc == 0)
		out->rows = rows;
	EVP_PKEY_free(key);
	free(cs);
	free(bundle);
	return rc;
}

static void ack_name(const char *origin, char *out, size_t len)
{
	snprintf(out, len, "ack.%s.shekara", origin);
}

/* Reads headquarters' acknowledgement at the target and lets go of what it covers. */
static int read_ack(struct app *app, struct transport *t, const char *boxdir, const char *origin,
		    struct sync_result *out, struct error *err)
{
	struct bundle_key *keys = NULL;
	struct bundle_keyring ring;
	if (sync_open_ring(app, "authority", &keys, &ring, err) < 0)
		return -ERR_IO;
	char name[128];
	ack_name(origin, name, sizeof(name));
	unsigned char *buf = NULL;
	size_t len = 0;
	struct manifest m = { 0 };
	int rc = 0;
	if (ring.n == 0 || transport_get(t, name, &buf, &len, err) < 0) {
		/* nothing acknowledged yet (or no key to read it with): keep everything */
		error_clear(err);
	} else if (manifest_read((const char *)buf, len, &ring, &m, err) < 0) {
		rc = sync_refuse(app, NULL, "sync.push", name, sync_refusal_of(m.refusal), out,
				 err);
	} else {
		struct outbox_row *rows = NULL;
		size_t n = 0;
		char now[32];
		sync_now_iso(now, sizeof(now));
		rc = outbox_pending(app->db, &rows, &n, err);
		int acked = rc == 0 ? outbox_ack(app->db, m.latest, now, err) : rc;
		if (acked < 0) {
			rc = acked;
		} else {
			out->acked = acked;
			/* acknowledged: headquarters has it, the copy here may go */
			for (size_t i = 0; i < n; i++) {
				char path[4400];
				int k = snprintf(path, sizeof(path), "%s/%s", boxdir, rows[i].name);
				if (rows[i].seq_to <= m.latest && k > 0 && (size_t)k < sizeof(path))
					unlink(path);
			}
		}
		free(rows);
	}
	manifest_free(&m);
	free(buf);
	free(keys);
	return rc;
}

int sync_push(struct app *app, const struct session *s, const char *location,
	      struct sync_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (s && session_require(app, s, PERM_EXPORT_AUDIT, err) < 0)
		return -ERR_DENIED;
	char origin[64], boxdir[4200];
	sync_origin_of(app, origin);
	if (sync_beside_db(app, "outbox", boxdir, sizeof(boxdir), err) < 0)
		return -ERR_USAGE;
	struct transport_opts o;
	char cache[4200];
	sync_transport_options(app, &o, cache, sizeof(cache));
	struct transport *box = NULL, *t = NULL;
	struct outbox_row *rows = NULL;
	size_t n = 0;
	unsigned char *buf = NULL;
	size_t len = 0;
	if (mkdir(boxdir, 0700) < 0 && errno != EEXIST)
		return error_set(err, ERR_IO, _("cannot create '%s': %s"), boxdir, strerror(errno));
	int rc = transport_open(boxdir, &o, &box, err);
	if (rc == 0)
		rc = seal_records(app, s, box, origin, out, err);
	if (rc == 0 && transport_open(location, &o, &t, err) < 0)
		rc = sync_refuse(app, s, "sync.push", location, SYNC_TRANSPORT, out, err);
	if (rc == 0)
		rc = outbox_pending(app->db, &rows, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		free(buf);
		buf = NULL;
		rc = transport_get(box, rows[i].name, &buf, &len, err);
		if (rc == 0 && transport_put(t, rows[i].name, buf, len, err) < 0)
			rc = sync_refuse(app, s, "sync.push", rows[i].name, SYNC_TRANSPORT, out,
					 err);
		if (rc == 0) {
			out->bundles++;
			out->bytes += len;
			if (i == 0)
				out->from_seq = rows[i].seq_from;
			out->to_seq = rows[i].seq_to;
		}
	}
	if (rc == 0)
		rc = read_ack(app, t, boxdir, origin, out, err);
	if (rc == 0) {
		size_t left = 0;
		free(rows);
		rows = NULL;
		rc = outbox_pending(app->db, &rows, &left, err);
		out->pending = (int)left;
		char now[32];
		sync_now_iso(now, sizeof(now));
		if (rc == 0 && db_setting_set(app->db, "sync.last_ok", now, err) < 0)
			rc = -ERR_IO;
	}
	free(buf);
	free(rows);
	transport_close(&box);
	transport_close(&t);
	return rc;
}

int sync_status(struct app *app, char *last_ok, size_t len, int *pending, struct error *err)
{
	last_ok[0] = '\0';
	*pending = 0;
	if (db_setting_get(app->db, "sync.last_ok", last_ok, len, err) < 0)
		return -ERR_IO;
	struct outbox_row *rows = NULL;
	size_t n = 0;
	if (outbox_pending(app->db, &rows, &n, err) < 0)
		return -ERR_IO;
	free(rows);
	*pending = (int)n;
	return 0;
}

/* --- up: ingest (headquarters) --------------------------------------------------------- */

struct arrival {
	char name[80];
	struct bundle_header h;
	unsigned char *cs;
	size_t cs_len, size;
};

static int arrival_order(const void *a, const void *b)
{
	const struct arrival *x = a, *y = b;
	int c = strcmp(x->h.origin, y->h.origin);
	if (c)
		return c;
	return x->h.seq_from < y->h.seq_from ? -1 : x->h.seq_from > y->h.seq_from;
}

/* Every *.bundle file of dir that verifies against the registered workstation keys;
 * the ones that do not are refused (and audited) one by one. */
static int collect(struct app *app, const struct session *s, const char *dir, struct transport *t,
		   const struct bundle_keyring *ring, struct arrival **out, size_t *n,
		   struct sync_result *res, struct error *err)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), dir, strerror(errno));
	size_t cap = 0;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 8 || strcmp(e->d_name + l - 7, ".bundle") != 0 ||
		    !transport_name_ok(e->d_name))
			continue;
		unsigned char *buf = NULL;
		size_t len = 0;
		struct error why;
		error_clear(&why);
		if (transport_get(t, e->d_name, &buf, &len, &why) < 0) {
			sync_refuse(app, s, "sync.ingest", e->d_name, SYNC_TRANSPORT, res, &why);
			continue;
		}
		struct arrival a = { 0 };
		snprintf(a.name, sizeof(a.name), "%s", e->d_name);
		a.size = len;
		if (bundle_read(buf, len, ring, SYNC_MAX_CHANGESET, &a.h, &a.cs, &a.cs_len, &why) <
			    0 ||
		    a.h.kind != BUNDLE_RECORDS) {
			if (a.h.refusal == BUNDLE_OK)
				error_set(&why, ERR_FINDING, _("'%s' is not a records bundle"),
					  e->d_name);
			sync_refuse(app, s, "sync.ingest", e->d_name,
				    a.h.refusal == BUNDLE_OK ? SYNC_CORRUPT
							     : sync_refusal_of(a.h.refusal),
				    res, &why);
			free(a.cs);
		} else if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct arrival *grown = realloc(*out, cap * sizeof(**out));
			if (!grown) {
				free(a.cs);
				rc = error_set(err, ERR_IO, _("out of memory"));
			} else {
				*out = grown;
			}
		}
		if (rc == 0 && a.cs && a.h.kind == BUNDLE_RECORDS)
			(*out)[(*n)++] = a;
		free(buf);
	}
	closedir(d);
	qsort(*out, *n, sizeof(**out), arrival_order);
	return rc;
}

/* Merges one workstation's bundle into its replica, then checks that the replica's
 * audit chain is still whole and ends where the workstation said its chain ended: a
 * workstation whose history was rewritten cannot continue the chain it sent before. */
static int merge(struct app *app, const struct session *s, const struct arrival *a,
		 struct sync_result *res, struct error *err)
{
	char replica[4400], head_hex[2 * AUDIT_HASH_LEN + 1], now[32], detail[500];
	struct audit_verify_result v;
	int64_t head = 0;
	if (changeset_records_ingest(app->db, a->h.origin, a->cs, a->cs_len, err) < 0)
		return sync_refuse(app, s, "sync.ingest", a->name, SYNC_CONFLICT, res, err);
	if (changeset_replica_path(app->db, a->h.origin, replica, sizeof(replica), err) < 0)
		return -ERR_IO;
	int broken = audit_verify_file(replica, &v, &head, head_hex, err);
	if (broken < 0)
		return -ERR_IO;
	if (broken || (a->h.head_seq > 0 &&
		       (head != a->h.head_seq || strcmp(head_hex, a->h.head_hash) != 0))) {
		error_set(err, ERR_FINDING,
			  _("the audit trail of '%s' breaks at row %lld: its history was rewritten "
			    "or rows are missing; the bundles are kept for investigation"),
			  a->h.origin, (long long)(broken ? v.bad_seq : head + 1));
		return sync_refuse(app, s, "sync.ingest", a->name, SYNC_CONFLICT, res, err);
	}
	sync_now_iso(now, sizeof(now));
	snprintf(detail, sizeof(detail), "%s seq %lld from %s: audit head %lld, chain intact",
		 a->name, (long long)a->h.seq_to, a->h.origin, (long long)head);
	struct audit_event ev = { .action = "sync.ingest",
				  .object_type = "bundle",
				  .object_id = a->name,
				  .outcome = "ok",
				  .detail = detail };
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (sync_state_set(app->db, "ingest", a->h.origin, a->h.seq_to, now, err) < 0 ||
	    sync_audit_in(app, s, &ev, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err) < 0 ? -ERR_IO : 0;
}

/* The acknowledgement a workstation's next push reads: a manifest signed by this
 * database's key listing that workstation's bundles merged here, the latest last. The
 * bundles of origin are a[from, to). */
static int write_ack(struct app *app, struct transport *t, const char *origin,
		     const struct arrival *a, size_t from, size_t to, int64_t seq,
		     struct error *err)
{
	struct manifest m = { 0 };
	m.items = calloc(to - from + 1, sizeof(*m.items));
	if (!m.items)
		return error_set(err, ERR_IO, _("out of memory"));
	for (size_t i = from; i < to; i++) {
		if (a[i].h.seq_to > seq || (m.n > 0 && m.items[m.n - 1].seq == a[i].h.seq_to))
			continue;
		struct manifest_item *it = &m.items[m.n++];
		it->seq = a[i].h.seq_to;
		snprintf(it->name, sizeof(it->name), "%s", a[i].name);
		it->size = a[i].size;
	}
	/* the merged bundle that makes the latest is no longer here: nothing to vouch for */
	if (m.n == 0 || m.items[m.n - 1].seq != seq) {
		free(m.items);
		return 0;
	}
	EVP_PKEY *key = NULL;
	char key_id[17], name[128];
	if (keys_own(app, &key, key_id, err) < 0) {
		free(m.items);
		return -ERR_IO;
	}
	sync_origin_of(app, m.origin);
	snprintf(m.realm, sizeof(m.realm), "%s", keys_realm_training(app) ? "training" : "live");
	snprintf(m.key_id, sizeof(m.key_id), "%s", key_id);
	m.latest = seq;
	ack_name(origin, name, sizeof(name));
	int rc = sync_put_manifest_named(t, name, &m, key, 365, err);
	EVP_PKEY_free(key);
	free(m.items);
	return rc;
}

int sync_ingest(struct app *app, const struct session *s, const char *dir, struct sync_result *out,
		struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_MANAGE_WATCHLISTS, err) < 0)
		return -ERR_DENIED;
	struct bundle_key *keys = NULL;
	struct bundle_keyring ring;
	if (sync_open_ring(app, "peer", &keys, &ring, err) < 0)
		return -ERR_IO;
	struct transport *t = NULL;
	struct arrival *a = NULL;
	size_t n = 0;
	int rc = transport_open(dir, NULL, &t, err);
	if (rc == 0)
		rc = collect(app, s, dir, t, &ring, &a, &n, out, err);
	char origin[64] = "";
	int64_t seq = 0;
	size_t first = 0; /* where origin's bundles start in a */
	int stopped = 0;  /* this origin hit a gap or a break: the rest of it waits */
	for (size_t i = 0; rc == 0 && i <= n; i++) {
		if (i == n || strcmp(a[i].h.origin, origin) != 0) {
			if (origin[0] && seq > 0)
				rc = write_ack(app, t, origin, a, first, i, seq, err);
			first = i;
			if (i == n || rc < 0)
				break;
			snprintf(origin, sizeof(origin), "%s", a[i].h.origin);
			stopped = 0;
			if (sync_state_get(app->db, "ingest", origin, &seq, err) < 0) {
				rc = -ERR_IO;
				break;
			}
		}
		if (stopped)
			continue;
		struct error why;
		error_clear(&why);
		if (a[i].h.seq_to <= seq) {
			int seen = sync_ingested(app->db, a[i].name, err);
			if (seen < 0) {
				rc = -ERR_IO;
				break;
			}
			if (seen)
				continue; /* delivered twice: already merged */
			/* the same numbers with other content: restored from a backup, or
			 * rewritten */
			error_set(&why, ERR_FINDING,
				  _("bundle %lld of '%s' was merged before with other content: its "
				    "history was rewritten or restored from a backup; kept for "
				    "investigation"),
				  (long long)a[i].h.seq_to, origin);
			sync_refuse(app, s, "sync.ingest", a[i].name, SYNC_CONFLICT, out, &why);
			stopped = 1;
			continue;
		}
		if (a[i].h.seq_from != seq + 1) {
			error_set(
				&why, ERR_FINDING,
				_("bundle %lld of '%s' is missing (have %lld, got %lld): the later "
				  "ones wait until it arrives"),
				(long long)(seq + 1), origin, (long long)seq,
				(long long)a[i].h.seq_from);
			sync_refuse(app, s, "sync.ingest", a[i].name, SYNC_GAP, out, &why);
			stopped = 1;
			continue;
		}
		int m = merge(app, s, &a[i], out, &why);
		if (m == -ERR_IO) {
			*err = why;
			rc = m;
		} else if (m < 0) {
			stopped = 1;
		} else {
			seq = a[i].h.seq_to;
			out->bundles++;
			out->bytes += a[i].size;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(a[i].cs);
	free(a);
	free(keys);
	transport_close(&t);
	return rc;
}
