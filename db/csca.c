#include "db/csca.h"

#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

static int run(struct db *db, sqlite3_stmt *st, const char *doing, struct error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, doing, err);
	sqlite3_finalize(st);
	return rc;
}

static void read_id(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

int csca_store_has(struct db *db, enum csca_table t, const char *sha256, int64_t *id,
		   struct error *err)
{
	int64_t found_id = 0;
	static const char *const sql[] = {
		[CSCA_TABLE_CERTS] = "SELECT id FROM csca_certs WHERE sha256 = ?1",
		[CSCA_TABLE_CRLS] = "SELECT id FROM csca_crls WHERE sha256 = ?1",
		[CSCA_TABLE_SIGNERS] = "SELECT id FROM seal_signers WHERE sha256 = ?1",
	};
	int found = db_get_one(db, sql[t], 0, sha256, read_id, &found_id, "trust store", err);
	if (found == 1 && id)
		*id = found_id;
	return found;
}

static int add_cert(struct db *db, const char *sql, struct csca_cert_row *r,
		    const unsigned char *der, size_t len, struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_blob64(st, 1, der, len, SQLITE_TRANSIENT);
	const char *text[] = { r->sha256,     r->subject,   r->issuer, r->country,  r->serial,
			       r->not_before, r->not_after, r->source, r->added_at, r->added_by };
	for (int i = 0; i < (int)(sizeof(text) / sizeof(text[0])); i++)
		db_bind_text(st, 2 + i, text[i]);
	if (run(db, st, "trust store certificate", err) < 0)
		return -ERR_IO;
	r->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int csca_store_add_cert(struct db *db, struct csca_cert_row *r, const unsigned char *der,
			size_t len, struct error *err)
{
	return add_cert(db,
			"INSERT INTO csca_certs(der, sha256, subject, issuer, country, serial,"
			" not_before, not_after, source, added_at, added_by)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			r, der, len, err);
}

int csca_store_add_signer(struct db *db, struct csca_cert_row *r, const unsigned char *der,
			  size_t len, struct error *err)
{
	return add_cert(db,
			"INSERT INTO seal_signers(der, sha256, subject, issuer, country, serial,"
			" not_before, not_after, source, added_at, added_by)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			r, der, len, err);
}

int csca_store_add_crl(struct db *db, struct csca_crl_row *r, const unsigned char *der, size_t len,
		       struct error *err)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO csca_crls(der, sha256, issuer, this_update, next_update,"
		       " source, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_blob64(st, 1, der, len, SQLITE_TRANSIENT);
	db_bind_text(st, 2, r->sha256);
	db_bind_text(st, 3, r->issuer);
	db_bind_text(st, 4, r->this_update);
	db_bind_text(st, 5, r->next_update[0] ? r->next_update : NULL);
	db_bind_text(st, 6, r->source);
	db_bind_text(st, 7, r->added_at);
	db_bind_text(st, 8, r->added_by);
	if (run(db, st, "trust store CRL", err) < 0)
		return -ERR_IO;
	r->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

#define CERT_COLUMNS                                                                               \
	"id, sha256, subject, issuer, country, serial, not_before, not_after, source, added_at,"   \
	" added_by"
#define CRL_COLUMNS                                                                                \
	"id, sha256, issuer, this_update, coalesce(next_update, ''), source, added_at, added_by"

static void read_cert(sqlite3_stmt *st, void *out)
{
	struct csca_cert_row *r = out;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	struct {
		char *buf;
		size_t len;
	} cols[] = {
		{ r->sha256, sizeof(r->sha256) },       { r->subject, sizeof(r->subject) },
		{ r->issuer, sizeof(r->issuer) },       { r->country, sizeof(r->country) },
		{ r->serial, sizeof(r->serial) },       { r->not_before, sizeof(r->not_before) },
		{ r->not_after, sizeof(r->not_after) }, { r->source, sizeof(r->source) },
		{ r->added_at, sizeof(r->added_at) },   { r->added_by, sizeof(r->added_by) },
	};
	for (int i = 0; i < (int)(sizeof(cols) / sizeof(cols[0])); i++)
		db_column_copy(st, 1 + i, cols[i].buf, cols[i].len);
}

static void read_crl(sqlite3_stmt *st, void *out)
{
	struct csca_crl_row *r = out;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	db_column_copy(st, 1, r->sha256, sizeof(r->sha256));
	db_column_copy(st, 2, r->issuer, sizeof(r->issuer));
	db_column_copy(st, 3, r->this_update, sizeof(r->this_update));
	db_column_copy(st, 4, r->next_update, sizeof(r->next_update));
	db_column_copy(st, 5, r->source, sizeof(r->source));
	db_column_copy(st, 6, r->added_at, sizeof(r->added_at));
	db_column_copy(st, 7, r->added_by, sizeof(r->added_by));
}

int csca_store_certs(struct db *db, struct csca_cert_row **out, size_t *n, struct error *err)
{
	void *rows;
	int rc = db_list_rows(
		db, "SELECT " CERT_COLUMNS " FROM csca_certs ORDER BY country, subject, id",
		sizeof(**out), read_cert, &rows, n, "trust store certificates", err);
	*out = rows;
	return rc;
}

int csca_store_signers(struct db *db, struct csca_cert_row **out, size_t *n, struct error *err)
{
	void *rows;
	int rc = db_list_rows(
		db, "SELECT " CERT_COLUMNS " FROM seal_signers ORDER BY country, subject, id",
		sizeof(**out), read_cert, &rows, n, "barcode signer certificates", err);
	*out = rows;
	return rc;
}

int csca_store_crls(struct db *db, struct csca_crl_row **out, size_t *n, struct error *err)
{
	void *rows;
	int rc = db_list_rows(db, "SELECT " CRL_COLUMNS " FROM csca_crls ORDER BY issuer, id",
			      sizeof(**out), read_crl, &rows, n, "trust store CRLs", err);
	*out = rows;
	return rc;
}

int csca_store_get_cert(struct db *db, int64_t id, struct csca_cert_row *out, struct error *err)
{
	return db_get_one(db, "SELECT " CERT_COLUMNS " FROM csca_certs WHERE id = ?1", id, NULL,
			  read_cert, out, "trust store certificate", err);
}

int csca_store_get_signer(struct db *db, int64_t id, struct csca_cert_row *out, struct error *err)
{
	return db_get_one(db, "SELECT " CERT_COLUMNS " FROM seal_signers WHERE id = ?1", id, NULL,
			  read_cert, out, "barcode signer certificate", err);
}

int csca_store_get_crl(struct db *db, int64_t id, struct csca_crl_row *out, struct error *err)
{
	return db_get_one(db, "SELECT " CRL_COLUMNS " FROM csca_crls WHERE id = ?1", id, NULL,
			  read_crl, out, "trust store CRL", err);
}

int csca_store_delete(struct db *db, enum csca_table t, int64_t id, struct error *err)
{
	sqlite3_stmt *st;
	static const char *const sql[] = {
		[CSCA_TABLE_CERTS] = "DELETE FROM csca_certs WHERE id = ?1",
		[CSCA_TABLE_CRLS] = "DELETE FROM csca_crls WHERE id = ?1",
		[CSCA_TABLE_SIGNERS] = "DELETE FROM seal_signers WHERE id = ?1",
	};
	if (db_prepare(db, sql[t], &st, err) < 0)
		return -ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	if (run(db, st, "trust store removal", err) < 0)
		return -ERR_IO;
	return sqlite3_changes(db->h) > 0;
}

void csca_blobs_free(struct csca_blobs *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->der[i]);
	free(b->der);
	free(b->len);
	memset(b, 0, sizeof(*b));
}

static int blobs_push(struct csca_blobs *b, int *cap, const void *data, size_t len)
{
	if (b->n == *cap) {
		int next = *cap ? *cap * 2 : 16;
		unsigned char **der = realloc(b->der, (size_t)next * sizeof(*der));
		if (!der)
			return -1;
		b->der = der;
		size_t *lens = realloc(b->len, (size_t)next * sizeof(*lens));
		if (!lens)
			return -1;
		b->len = lens;
		*cap = next;
	}
	unsigned char *copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	if (len)
		memcpy(copy, data, len);
	b->der[b->n] = copy;
	b->len[b->n++] = len;
	return 0;
}

int csca_store_blobs(struct db *db, enum csca_table t, struct csca_blobs *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	static const char *const sql[] = {
		[CSCA_TABLE_CERTS] = "SELECT der FROM csca_certs ORDER BY id",
		[CSCA_TABLE_CRLS] = "SELECT der FROM csca_crls ORDER BY id",
		[CSCA_TABLE_SIGNERS] = "SELECT der FROM seal_signers ORDER BY id",
	};
	if (db_prepare(db, sql[t], &st, err) < 0)
		return -ERR_IO;
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *der = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		if (blobs_push(out, &cap, der, len > 0 ? (size_t)len : 0) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	int status = rc == SQLITE_DONE ? 0 : db_fail(db, "trust store", err);
	sqlite3_finalize(st);
	if (status < 0)
		csca_blobs_free(out);
	return status;
}
