/* Checking a barcode at the booth: a payload from an image, a camera or a keyboard-wedge
 * scanner is recognised (ICAO VDS, ICAO VDS-NC, IATA BCBP, or kept raw), its signature
 * verified against the trust store (CSCAs, and the barcode signer certificates a VDS
 * names by reference), and what it says about its holder compared with the document in
 * hand. The officer gets an honest verdict: "seal valid" only when the signature
 * verifies with a certificate that chains to a trusted CSCA and nothing disagrees with
 * the document. Every read is audited ("barcode.read"). */
#ifndef SHEKARA_APP_BARCODE_H
#define SHEKARA_APP_BARCODE_H

#include "app/session.h"
#include "db/crossing.h"
#include "scanners/barcode.h"
#include "scanners/seal.h"

/* What is compared with the document, as bits of a mask. */
enum barcode_field {
	BARCODE_FIELD_NAME,
	BARCODE_FIELD_NUMBER,
	BARCODE_FIELD_NATIONALITY,
	BARCODE_FIELD_BIRTH,
	BARCODE_FIELD_SEX,
	BARCODE_FIELD_EXPIRY,
	BARCODE_FIELD_MRZ, /* a visa seal's MRZ against the printed visa MRZ */
	BARCODE_FIELD_COUNT
};

enum barcode_outcome {
	BARCODE_OUTCOME_GOOD,    /* signed, valid and trusted, agrees with the document */
	BARCODE_OUTCOME_PLAIN,   /* carries no signature by its nature (BCBP, raw): shown */
	BARCODE_OUTCOME_WARNING, /* anything else: the officer must look */
};

enum { BARCODE_CHECK_LINES = 6, BARCODE_CHECK_LINE = 256 };

struct barcode_check {
	enum barcode_symbology symbology;
	unsigned char *payload; /* as decoded; malloc'd, NUL-terminated */
	size_t payload_len;
	struct seal seal;           /* kind SEAL_RAW when not recognised or malformed */
	enum seal_kind looked_like; /* what a malformed payload claimed to be */
	char malformed[160];        /* why a payload that looked like a seal does not parse */
	struct seal_check sig;      /* verdict SEAL_UNSIGNED when there is nothing to verify */
	unsigned compared;          /* fields compared with the document (bits of barcode_field) */
	unsigned differs;           /* those that differ */
	int expired;                /* the visa or authorisation the seal carries has ended */
	enum barcode_outcome outcome;
	/* machine name: seal_verdict_name(sig.verdict), or "mismatch" (disagrees with the
	 * document), "expired", "malformed", "raw", "unchecked" (a BCBP's airline
	 * signature: no airline keys here) */
	char name[24];
	int n_lines;
	char lines[BARCODE_CHECK_LINES][BARCODE_CHECK_LINE]; /* translated, worst first */
	char detail[512];                                    /* in English */
};

/* Recognises, verifies and compares one payload (doc NULL: nothing compared yet).
 * Needs PERM_SCAN_DOCUMENTS; audited as "barcode.read" with the document's key or
 * "-" as object. Returns 0 with out filled whatever the payload (bad ones come back
 * as warnings); negative with err only when the check could not run (denied, the
 * database, memory). Call barcode_check_free(out) after either. */
int barcode_check(struct app *app, const struct session *s, enum barcode_symbology sym,
		  const unsigned char *data, size_t len, const struct document *doc,
		  struct barcode_check *out, struct error *err);
/* Compares again with doc (NULL: clears the comparison) and recomposes the outcome
 * and lines: for a barcode read before the document. No database, no audit. */
void barcode_check_compare(struct barcode_check *c, const struct document *doc);
void barcode_check_free(struct barcode_check *c);

/* The document a seal's MRZ describes (a visa seal carries the visa's MRZ), parsed as
 * printed MRZ: 0 with out filled, -1 when the seal carries none. */
int barcode_check_document(const struct barcode_check *c, struct document *out);

/* Decodes every symbol in an image file and checks each as barcode_check does.
 * 0 with *out (n entries, possibly 0) to free with barcode_checks_free; -ERR_IO when
 * the file cannot be read, -ERR_USAGE when it is not an image, other negatives as
 * barcode_check. */
int barcode_check_file(struct app *app, const struct session *s, const char *path,
		       const struct document *doc, struct barcode_check **out, int *n,
		       struct error *err);
void barcode_checks_free(struct barcode_check **c, int n);

/* The check as the crossing records it. */
void barcode_check_record(const struct barcode_check *c, struct crossing_barcode *out);

/* "name", "number" ... (machine) and in the officer's language. */
const char *barcode_field_name(enum barcode_field f);
const char *barcode_field_label(enum barcode_field f);
/* A seal field's label in the officer's language ("Passport number") for the names the
 * parsers use; the machine name itself for others. */
const char *barcode_seal_field_label(const char *name);
/* What the payload is, or claimed to be when it is malformed. */
enum seal_kind barcode_check_kind(const struct barcode_check *c);
/* What a checked barcode is, for people: its payload type ("visa seal (ICAO VDS)"),
 * or its symbology ("Code 128") when it holds no format read here. */
const char *barcode_check_label(const struct barcode_check *c);
/* The payload type for people: "visa seal (ICAO VDS)", "boarding pass (IATA BCBP)". */
const char *barcode_type_label(enum seal_kind kind, const char *type);

#endif
