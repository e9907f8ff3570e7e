/* The CSCA trust store: importing country signing certificates, CRLs and ICAO CSCA
 * master lists (9303-12 section 8), listing and removing them, and handing them to the
 * chip reader as trust anchors. Administrators only (PERM_MANAGE_TRUST); every import
 * and removal is audited in the transaction that makes it. A file that is not what it
 * claims (not a certificate, truncated, a master list whose signature fails) is refused
 * whole, and the store is left as it was. */
#ifndef SHEKARA_APP_CSCA_H
#define SHEKARA_APP_CSCA_H

#include <stdint.h>

#include "app/session.h"
#include "db/csca.h"
#include "scanners/chip.h"

enum csca_kind { CSCA_CERT, CSCA_CRL, CSCA_OTHER, CSCA_SIGNER /* a barcode signer */ };

enum csca_outcome { CSCA_ADDED, CSCA_PRESENT, CSCA_SKIPPED };

/* Why an item was skipped, or a remark on one that was added. */
enum csca_note {
	CSCA_NOTE_NONE,
	CSCA_NOTE_NOT_CA,         /* skipped: basicConstraints without CA:TRUE (a DS, a signer) */
	CSCA_NOTE_REPEATED,       /* skipped: the same certificate earlier in this file */
	CSCA_NOTE_NOT_CERT,       /* skipped: a PEM block that is no certificate or CRL */
	CSCA_NOTE_ISSUER_UNKNOWN, /* added: a CRL whose issuer is not (yet) in the store */
	CSCA_NOTE_IS_CA,          /* skipped: a CA certificate offered as a barcode signer */
};

struct csca_item {
	enum csca_kind kind;
	enum csca_outcome outcome;
	enum csca_note note;
	char subject[256]; /* a CRL's issuer; the PEM label of another block */
	char country[4];
	char sha256[65];
	int64_t id; /* the row, when added or already present */
};

struct csca_import_result {
	char source[512]; /* as stored with each row */
	int master_list;
	char signer[256];   /* master list: the signer certificate's subject */
	char anchor[256];   /* the CSCA that certified the signer */
	int anchor_in_list; /* 1: a CSCA inside the list itself; 0: one already in the store */
	int added, present, skipped;
	int n_items;
	struct csca_item *items; /* as examined; csca_import_result_free */
};

/* Imports FILE: PEM (one or many certificates and CRLs) or DER certificates, CRLs, and
 * CSCA master lists (CMS SignedData, eContentType 2.23.136.1.1.2). Only CA certificates
 * are stored; duplicates go by SHA-256. A master list's signature must verify with its
 * signer certificate, and that signer must be certified by a CSCA already in the store
 * or inside the list. Returns 0 with out filled; -ERR_USAGE (not a certificate,
 * truncated), -ERR_FINDING (a signature that fails, an unknown signer), -ERR_DENIED or
 * -ERR_IO with err, the store unchanged. */
int csca_import(struct app *app, const struct session *s, const char *path,
		struct csca_import_result *out, struct error *err);
void csca_import_result_free(struct csca_import_result *r);
/* Imports barcode signer certificates (ICAO 9303-13: a VDS names its signer by
 * identifier, the CN, and certificate serial instead of carrying the certificate)
 * from PEM or DER, as csca_import does, into a table of their own: they are never
 * trust anchors, every seal check verifies them against the CSCAs. CA certificates
 * are skipped (CSCA_NOTE_IS_CA). Audited "seal_signer.import". */
int csca_import_signers(struct app *app, const struct session *s, const char *path,
			struct csca_import_result *out, struct error *err);
/* Reads a file's bytes as csca_import does (certificates, CRLs, a master list and its
 * signature; the store taken as empty) without storing or auditing anything: for
 * checking a file before it is imported, and for the fuzz target. */
int csca_parse(const unsigned char *buf, size_t len, const char *name,
	       struct csca_import_result *out, struct error *err);
/* What a note means, in the officer's language ("" for CSCA_NOTE_NONE). */
const char *csca_note_text(enum csca_note n);
/* Machine name of a note, for JSON: "not_ca", "repeated" ... */
const char *csca_note_name(enum csca_note n);

/* The row the store keeps for a DER certificate (sha256, names, serial, validity),
 * without storing it: for the trust store of a database this program makes itself (a
 * training run's). 0, or -1 when der is no certificate. */
int csca_cert_row_of(const unsigned char *der, size_t len, const char *source, const char *added_by,
		     struct csca_cert_row *row);

/* Everything in the store; free() both arrays. */
int csca_list(struct app *app, struct csca_cert_row **certs, size_t *n_certs,
	      struct csca_crl_row **crls, size_t *n_crls, struct error *err);
/* The barcode signer certificates; free() *rows. */
int csca_list_signers(struct app *app, struct csca_cert_row **rows, size_t *n, struct error *err);
/* Removes a certificate (CSCA_CERT), CRL (CSCA_CRL) or barcode signer (CSCA_SIGNER) by
 * id; audited "csca.remove". */
int csca_remove(struct app *app, const struct session *s, enum csca_kind kind, int64_t id,
		struct error *err);

/* The store as DER trust anchors for chip_read(): trust points into the blobs. */
struct csca_trust {
	struct chip_trust trust;
	struct csca_blobs certs, crls;
};
int csca_trust_load(struct app *app, struct csca_trust *out, struct error *err);
void csca_trust_free(struct csca_trust *t);

/* The C= part of a subject as the trust store and chip_result print it ("C=UTO, O=...",
 * "/C=UTO/O=..."); "" when there is none. out holds 4 bytes. */
void csca_subject_country(const char *subject, char out[4]);

#endif
