/* The CSCA trust store as stored: country signing certificates and CRLs for Passive
 * Authentication (ICAO 9303-11 5.1), each with where it came from and who added it, and
 * the barcode signer certificates that digital seals name by reference (9303-13: a seal
 * carries only its signer's identifier and certificate serial). Signers are never trust
 * anchors: they are kept in a table of their own and checked against the CSCAs.
 * Identified by the SHA-256 of the DER. What may go in, and the parsing, are
 * app/csca.c's; this module only keeps rows. */
#ifndef SHEKARA_DB_CSCA_H
#define SHEKARA_DB_CSCA_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct csca_cert_row {
	int64_t id;
	char sha256[65]; /* lower-case hex */
	char subject[256], issuer[256];
	char country[4];                    /* the C of the subject, as found ("UTO", "DE") */
	char serial[80];                    /* hex */
	char not_before[32], not_after[32]; /* ISO 8601 UTC */
	char source[512]; /* "csca.pem", "master list ML.ml signed by C=UTO, CN=..." */
	char added_at[32], added_by[64];
};

struct csca_crl_row {
	int64_t id;
	char sha256[65];
	char issuer[256];
	char this_update[32], next_update[32]; /* next_update "" when the CRL has none */
	char source[512];
	char added_at[32], added_by[64];
};

enum csca_table { CSCA_TABLE_CERTS, CSCA_TABLE_CRLS, CSCA_TABLE_SIGNERS };

/* 1 when the table holds a row with this SHA-256 (lower-case hex), with its id in *id
 * (which may be NULL); 0 when not. */
int csca_store_has(struct db *db, enum csca_table t, const char *sha256, int64_t *id,
		   struct error *err);
/* Inserts a row with its DER; fills r->id. Inside the caller's transaction. */
int csca_store_add_cert(struct db *db, struct csca_cert_row *r, const unsigned char *der,
			size_t len, struct error *err);
int csca_store_add_signer(struct db *db, struct csca_cert_row *r, const unsigned char *der,
			  size_t len, struct error *err);
int csca_store_add_crl(struct db *db, struct csca_crl_row *r, const unsigned char *der, size_t len,
		       struct error *err);
/* Every row, by country and subject (CRLs by issuer); free() *out. */
int csca_store_certs(struct db *db, struct csca_cert_row **out, size_t *n, struct error *err);
int csca_store_crls(struct db *db, struct csca_crl_row **out, size_t *n, struct error *err);
int csca_store_signers(struct db *db, struct csca_cert_row **out, size_t *n, struct error *err);
/* 1 and out filled when the row exists, 0 when not. */
int csca_store_get_cert(struct db *db, int64_t id, struct csca_cert_row *out, struct error *err);
int csca_store_get_signer(struct db *db, int64_t id, struct csca_cert_row *out, struct error *err);
int csca_store_get_crl(struct db *db, int64_t id, struct csca_crl_row *out, struct error *err);
/* Deletes a row: 1 deleted, 0 there was none. Inside the caller's transaction. */
int csca_store_delete(struct db *db, enum csca_table t, int64_t id, struct error *err);

/* Every DER of a table, in id order: der[i] is len[i] bytes. */
struct csca_blobs {
	unsigned char **der;
	size_t *len;
	int n;
};
int csca_store_blobs(struct db *db, enum csca_table t, struct csca_blobs *out, struct error *err);
void csca_blobs_free(struct csca_blobs *b);

#endif
