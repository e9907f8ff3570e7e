#include "db/pax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

int pax_manifest_find(struct db *db, const char *sha256, int64_t *id, struct error *err)
{
	*id = 0;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT min(id) FROM manifests WHERE sha256 = ?1 HAVING count(*) > 0",
		       &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, sha256);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(db, "manifest", err);
	}
	sqlite3_finalize(st);
	return found;
}

int pax_manifest_insert(struct db *db, struct pax_manifest_row *m, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO manifests(sha256, file_name, message_ref, version, list_kind,"
		       " sender, transport_mode, vehicle, carrier, departure, arrival, departs_at,"
		       " arrives_at, travellers, warnings, imported_at, imported_by, message)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		       " ?16, ?17, ?18)",
		       &st, err) < 0)
		return -ERR_IO;
	const char *texts[] = { m->sha256,    m->file_name, m->message_ref,    m->version,
				m->list_kind, m->sender,    m->transport_mode, m->vehicle,
				m->carrier,   m->departure, m->arrival,        m->departs_at,
				m->arrives_at };
	for (int i = 0; i < 13; i++)
		db_bind_text(st, i + 1, texts[i]);
	sqlite3_bind_int(st, 14, m->travellers);
	sqlite3_bind_int(st, 15, m->warnings);
	db_bind_text(st, 16, m->imported_at);
	db_bind_text(st, 17, m->imported_by);
	sqlite3_bind_int(st, 18, m->message);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "manifest", err);
	sqlite3_finalize(st);
	if (rc == 0)
		m->id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int pax_traveller_insert(struct db *db, struct pax_traveller_row *t, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(
		    db,
		    "INSERT INTO manifest_travellers(manifest_id, seq, crew, surname, given_names,"
		    " sex, birth, nationality, doc_type, doc_number, doc_issuer, doc_expiry,"
		    " doc_key, seat, embark, debark, booking) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
		    &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, t->manifest_id);
	sqlite3_bind_int(st, 2, t->seq);
	sqlite3_bind_int(st, 3, t->crew);
	const char *texts[] = { t->surname,     t->given_names, t->sex,        t->birth,
				t->nationality, t->doc_type,    t->doc_number, t->doc_issuer,
				t->doc_expiry,  t->doc_key,     t->seat,       t->embark,
				t->debark,      t->booking };
	for (int i = 0; i < 14; i++)
		db_bind_text(st, i + 4, texts[i]);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "manifest traveller", err);
	if (rc == 0)
		t->id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int pax_screening_insert(struct db *db, const struct pax_screening_row *s, struct error *err)
{
	sqlite3_stmt *st;
	if (db_cached(db,
		      "INSERT INTO manifest_screenings(traveller_id, screened_at, lists, verdict,"
		      " score, entry_ref, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		      &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, s->traveller_id);
	db_bind_text(st, 2, s->screened_at);
	db_bind_text(st, 3, s->lists);
	db_bind_text(st, 4, s->verdict);
	sqlite3_bind_int(st, 5, s->score);
	db_bind_text(st, 6, s->entry_ref);
	db_bind_text(st, 7, s->detail);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "manifest screening", err);
}

/* the screening in force of traveller t.id */
#define IN_FORCE                                                                                   \
	"(SELECT s.id FROM manifest_screenings s WHERE s.traveller_id = t.id"                      \
	" ORDER BY s.id DESC LIMIT 1)"

#define MANIFEST_COLUMNS                                                                           \
	"SELECT m.id, m.sha256, m.file_name, m.message_ref, m.version, m.list_kind, m.sender,"     \
	" m.transport_mode, m.vehicle, m.carrier, m.departure, m.arrival, m.departs_at,"           \
	" m.arrives_at, m.travellers, m.warnings, m.imported_at, m.imported_by, m.message,"        \
	" (SELECT count(*) FROM manifest_travellers t JOIN manifest_screenings s"                  \
	"   ON s.id = " IN_FORCE " WHERE t.manifest_id = m.id AND s.verdict = 'hit'),"             \
	" (SELECT count(*) FROM manifest_travellers t JOIN manifest_screenings s"                  \
	"   ON s.id = " IN_FORCE " WHERE t.manifest_id = m.id AND s.verdict = 'check'),"           \
	" (SELECT count(*) FROM manifest_travellers t WHERE t.manifest_id = m.id"                  \
	"   AND NOT EXISTS (SELECT 1 FROM manifest_screenings s WHERE s.traveller_id = t.id))"     \
	" FROM manifests m"

static void read_manifest(sqlite3_stmt *st, void *out)
{
	struct pax_manifest_row *m = out;
	m->id = sqlite3_column_int64(st, 0);
	char *texts[] = { m->sha256,  m->file_name,      m->message_ref, m->version, m->list_kind,
			  m->sender,  m->transport_mode, m->vehicle,     m->carrier, m->departure,
			  m->arrival, m->departs_at,     m->arrives_at };
	const size_t sizes[] = { sizeof(m->sha256),         sizeof(m->file_name),
				 sizeof(m->message_ref),    sizeof(m->version),
				 sizeof(m->list_kind),      sizeof(m->sender),
				 sizeof(m->transport_mode), sizeof(m->vehicle),
				 sizeof(m->carrier),        sizeof(m->departure),
				 sizeof(m->arrival),        sizeof(m->departs_at),
				 sizeof(m->arrives_at) };
	for (int i = 0; i < 13; i++)
		db_column_copy(st, i + 1, texts[i], sizes[i]);
	m->travellers = sqlite3_column_int(st, 14);
	m->warnings = sqlite3_column_int(st, 15);
	db_column_copy(st, 16, m->imported_at, sizeof(m->imported_at));
	db_column_copy(st, 17, m->imported_by, sizeof(m->imported_by));
	m->message = sqlite3_column_int(st, 18);
	m->hits = sqlite3_column_int(st, 19);
	m->checks = sqlite3_column_int(st, 20);
	m->unscreened = sqlite3_column_int(st, 21);
}

int pax_manifests_list(struct db *db, struct pax_manifest_row **out, size_t *n, struct error *err)
{
	return db_list_rows(db, MANIFEST_COLUMNS " ORDER BY m.arrives_at DESC, m.id DESC",
			    sizeof(**out), read_manifest, (void **)out, n, "manifests", err);
}

int pax_manifest_get(struct db *db, int64_t id, struct pax_manifest_row *out, struct error *err)
{
	return db_get_one(db, MANIFEST_COLUMNS " WHERE m.id = ?1", id, NULL, read_manifest, out,
			  "manifest", err);
}

#define TRAVELLER_COLUMNS                                                                          \
	"SELECT t.id, t.manifest_id, t.seq, t.crew, t.surname, t.given_names, t.sex, t.birth,"     \
	" t.nationality, t.doc_type, t.doc_number, t.doc_issuer, t.doc_expiry, t.doc_key,"         \
	" t.seat, t.embark, t.debark, t.booking, coalesce(s.verdict, ''),"                         \
	" coalesce(s.entry_ref, ''), coalesce(s.screened_at, ''), coalesce(s.lists, ''),"          \
	" coalesce(s.detail, ''), coalesce(s.score, 0)"                                            \
	" FROM manifest_travellers t LEFT JOIN manifest_screenings s ON s.id = " IN_FORCE

static void read_traveller(sqlite3_stmt *st, void *out)
{
	struct pax_traveller_row *t = out;
	t->id = sqlite3_column_int64(st, 0);
	t->manifest_id = sqlite3_column_int64(st, 1);
	t->seq = sqlite3_column_int(st, 2);
	t->crew = sqlite3_column_int(st, 3);
	struct {
		char *buf;
		size_t len;
	} cols[] = { { t->surname, sizeof(t->surname) },
		     { t->given_names, sizeof(t->given_names) },
		     { t->sex, sizeof(t->sex) },
		     { t->birth, sizeof(t->birth) },
		     { t->nationality, sizeof(t->nationality) },
		     { t->doc_type, sizeof(t->doc_type) },
		     { t->doc_number, sizeof(t->doc_number) },
		     { t->doc_issuer, sizeof(t->doc_issuer) },
		     { t->doc_expiry, sizeof(t->doc_expiry) },
		     { t->doc_key, sizeof(t->doc_key) },
		     { t->seat, sizeof(t->seat) },
		     { t->embark, sizeof(t->embark) },
		     { t->debark, sizeof(t->debark) },
		     { t->booking, sizeof(t->booking) },
		     { t->verdict, sizeof(t->verdict) },
		     { t->entry_ref, sizeof(t->entry_ref) },
		     { t->screened_at, sizeof(t->screened_at) },
		     { t->lists, sizeof(t->lists) },
		     { t->detail, sizeof(t->detail) } };
	for (int i = 0; i < 19; i++)
		db_column_copy(st, i + 4, cols[i].buf, cols[i].len);
	t->score = sqlite3_column_int(st, 23);
}

int pax_travellers_list(struct db *db, int64_t manifest_id, struct pax_traveller_row **out,
			size_t *n, struct error *err)
{
	return db_list_rows_by(db,
			       TRAVELLER_COLUMNS " WHERE t.manifest_id = ?1 ORDER BY"
						 " CASE s.verdict WHEN 'hit' THEN 0 WHEN 'check'"
						 " THEN 1 ELSE 2 END, t.seq",
			       manifest_id, sizeof(**out), read_traveller, (void **)out, n,
			       "manifest travellers", err);
}

int pax_travellers_since(struct db *db, const char *since, struct pax_traveller_row **out,
			 size_t *n, struct error *err)
{
	return db_list_rows_text(db,
				 TRAVELLER_COLUMNS " JOIN manifests m ON m.id = t.manifest_id"
						   " WHERE m.imported_at >= ?1 ORDER BY t.id",
				 since, sizeof(**out), read_traveller, (void **)out, n,
				 "manifest travellers", err);
}

int pax_find_traveller(struct db *db, const char *doc_key, const char *surname,
		       const char *given_names, const char *birth, const char *since,
		       struct pax_traveller_row *out, struct error *err)
{
	sqlite3_stmt *st;
	const char *sql = doc_key ? TRAVELLER_COLUMNS
				  " JOIN manifests m ON m.id = t.manifest_id"
				  " WHERE t.doc_key = ?1 AND m.imported_at >= ?4"
				  " ORDER BY EXISTS (SELECT 1 FROM manifest_arrivals a"
				  " WHERE a.manifest_id = m.id) DESC, m.arrives_at DESC,"
				  " m.id DESC LIMIT 1"
				  : TRAVELLER_COLUMNS
				  " JOIN manifests m ON m.id = t.manifest_id"
				  " WHERE t.surname = ?1 AND t.given_names = ?2"
				  " AND t.birth = ?3 AND t.birth <> '' AND m.imported_at >= ?4"
				  " ORDER BY EXISTS (SELECT 1 FROM manifest_arrivals a"
				  " WHERE a.manifest_id = m.id) DESC, m.arrives_at DESC,"
				  " m.id DESC LIMIT 1";
	if (db_prepare(db, sql, &st, err) < 0)
		return -ERR_IO;
	db_bind_text(st, 1, doc_key ? doc_key : surname);
	if (!doc_key) {
		db_bind_text(st, 2, given_names);
		db_bind_text(st, 3, birth);
	}
	db_bind_text(st, 4, since);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		read_traveller(st, out);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(db, "manifest traveller", err);
	}
	sqlite3_finalize(st);
	return found;
}

int pax_arrival_insert(struct db *db, int64_t manifest_id, const char *at, const char *by,
		       struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO manifest_arrivals(manifest_id, arrived_at, marked_by)"
		       " VALUES (?1, ?2, ?3) ON CONFLICT(manifest_id) DO NOTHING",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, manifest_id);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, by);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "manifest arrival", err);
	if (rc == 0 && sqlite3_changes(db->h) == 0)
		rc = 1;
	sqlite3_finalize(st);
	return rc;
}

static void read_text(sqlite3_stmt *st, void *out)
{
	char *buf = out;
	db_column_copy(st, 0, buf, 32);
}

int pax_arrival_get(struct db *db, int64_t manifest_id, char *at, size_t len, struct error *err)
{
	char buf[32] = "";
	int rc = db_get_one(db, "SELECT arrived_at FROM manifest_arrivals WHERE manifest_id = ?1",
			    manifest_id, NULL, read_text, buf, "manifest arrival", err);
	snprintf(at, len, "%s", rc == 1 ? buf : "");
	return rc;
}

int pax_crossing_link_insert(struct db *db, int64_t crossing_id, int64_t manifest_id,
			     int64_t traveller_id, const char *matched_by, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO crossing_manifest(crossing_id, manifest_id, traveller_id,"
		       " matched_by) VALUES (?1, ?2, ?3, ?4)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, crossing_id);
	sqlite3_bind_int64(st, 2, manifest_id);
	if (traveller_id > 0)
		sqlite3_bind_int64(st, 3, traveller_id);
	else
		sqlite3_bind_null(st, 3);
	db_bind_text(st, 4, matched_by);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "crossing manifest", err);
	sqlite3_finalize(st);
	return rc;
}

int pax_no_shows(struct db *db, int64_t manifest_id, struct pax_traveller_row **out, size_t *n,
		 struct error *err)
{
	return db_list_rows_by(db,
			       TRAVELLER_COLUMNS " WHERE t.manifest_id = ?1 AND NOT EXISTS"
						 " (SELECT 1 FROM crossing_manifest c"
						 " WHERE c.traveller_id = t.id) ORDER BY t.seq",
			       manifest_id, sizeof(**out), read_traveller, (void **)out, n,
			       "manifest no-shows", err);
}

static void read_unlisted(sqlite3_stmt *st, void *out)
{
	struct pax_unlisted_row *u = out;
	u->crossing_id = sqlite3_column_int64(st, 0);
	db_column_copy(st, 1, u->surname, sizeof(u->surname));
	db_column_copy(st, 2, u->given_names, sizeof(u->given_names));
	db_column_copy(st, 3, u->doc_issuer, sizeof(u->doc_issuer));
	db_column_copy(st, 4, u->doc_number, sizeof(u->doc_number));
	db_column_copy(st, 5, u->decision, sizeof(u->decision));
	db_column_copy(st, 6, u->decided_at, sizeof(u->decided_at));
	db_column_copy(st, 7, u->officer, sizeof(u->officer));
}

int pax_unlisted(struct db *db, int64_t manifest_id, struct pax_unlisted_row **out, size_t *n,
		 struct error *err)
{
	return db_list_rows_by(db,
			       "SELECT x.id, x.surname, x.given_names, x.issuer, x.number,"
			       " x.decision, x.decided_at, x.officer FROM crossing_manifest c"
			       " JOIN crossings x ON x.id = c.crossing_id"
			       " WHERE c.manifest_id = ?1 AND c.traveller_id IS NULL ORDER BY x.id",
			       manifest_id, sizeof(**out), read_unlisted, (void **)out, n,
			       "crossings not on the manifest", err);
}
