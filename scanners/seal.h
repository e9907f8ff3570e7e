/* struct seal: what a barcode payload says, whatever its format. Every payload parser
 * (scanners/vds.c for ICAO VDS, Doc 9303-13; scanners/vdsnc.c for ICAO VDS-NC;
 * scanners/bcbp.c for IATA BCBP, Resolution 792) fills one, so that the app compares
 * the holder with the document, verifies the signature and records the crossing
 * without knowing the format. Payloads come from paper held up to a scanner and are
 * hostile: parsers check every length and copy what they keep.
 *
 * Signature checks live here too (scanners/seal.c): ECDSA over the signed bytes with
 * the signer's certificate, and that certificate against the CSCA trust anchors (the
 * same store, CRLs and rules as Passive Authentication on a chip). */
#ifndef SHEKARA_SEAL_H
#define SHEKARA_SEAL_H

#include <stddef.h>

#include "scanners/chip.h"
#include "scanners/document.h"

enum seal_kind {
	SEAL_RAW,   /* nothing this workstation reads: kept as it came */
	SEAL_VDS,   /* ICAO Visible Digital Seal, binary (magic 0xDC) */
	SEAL_VDSNC, /* ICAO VDS for non-constrained environments (JSON) */
	SEAL_BCBP,  /* IATA bar-coded boarding pass */
};

enum {
	SEAL_MAX_FIELDS = 64,
	SEAL_NAME = 48,   /* a field's machine name with its path: "msg.pid.dob" */
	SEAL_VALUE = 256, /* a field's value as text, UTF-8, control characters replaced */
};

/* One thing the payload says, in order of appearance. name is a stable machine name
 * (English, for JSON, the audit row and the crossing record; the app translates the
 * ones it knows): "mrz", "passport_number", "duration_of_stay", "leg1.from",
 * "msg.pid.n". value is printable UTF-8 (bytes that are not are shown as '?'). */
struct seal_field {
	char name[SEAL_NAME];
	char value[SEAL_VALUE];
};

/* What the payload says about its holder, for comparison with the document in hand.
 * Only the parts in have were present. Names are as an MRZ has them: upper case,
 * fillers as spaces (the parser converts "Smith Bill" or "SMITH/BILL MR" the same
 * way the app normalizes a document's name). */
enum seal_have {
	SEAL_HAVE_NAME = 1u << 0,        /* surname, given_names (given may be "") */
	SEAL_HAVE_NUMBER = 1u << 1,      /* the travel document's number */
	SEAL_HAVE_NATIONALITY = 1u << 2, /* alpha-3 */
	SEAL_HAVE_BIRTH = 1u << 3,       /* any part known */
	SEAL_HAVE_SEX = 1u << 4,
	SEAL_HAVE_EXPIRY = 1u << 5, /* of the document the seal is on (a visa's "valid until") */
};
struct seal_person {
	unsigned have;
	char surname[128];
	char given_names[128];
	char number[40];
	char nationality[4];
	struct doc_date birth;
	char sex; /* 'M', 'F', 'X' */
	struct doc_date expiry;
};

enum seal_sig_format {
	SEAL_SIG_RAW, /* r‖s, each half the length (9303-13 signature zone; JWS style) */
	SEAL_SIG_DER, /* ECDSA-Sig-Value, SEQUENCE { r INTEGER, s INTEGER } */
};

/* The signature a payload carries. All buffers are malloc'd copies: seal_free(). */
struct seal_signature {
	int present; /* 0: the payload carries no signature (unsigned seal, plain BCBP) */
	enum seal_sig_format format;
	char alg[16];         /* VDS-NC: "ES256", "ES384", "ES512"; "" when the key decides (VDS) */
	unsigned char *value; /* the signature bytes as carried (after base64 decoding) */
	size_t value_len;
	unsigned char *data; /* exactly the bytes that were signed */
	size_t data_len;
	unsigned char *cert; /* DER of a signer certificate the payload carries (VDS-NC) */
	size_t cert_len;
	/* VDS: which certificate signed, from the header (9303-13 2.2.1) */
	char country[4];   /* issuing country, alpha-3 as encoded */
	char signer[8];    /* signer identifier: "UTTS" (alpha-2 country + 2 characters) */
	char cert_ref[40]; /* certificate reference: the signer certificate's serial, hex */
};

struct seal {
	enum seal_kind kind;
	/* machine name of the payload type: "visa", "residence_permit",
	 * "arrival_attestation", "vds" (a VDS of a profile not known here), "icao.vacc",
	 * "icao.test", "icao.visa" ... (VDS-NC hdr.t as carried), "boarding_pass" */
	char type[48];
	char issuer[4]; /* issuing state or organisation, alpha-3 ("" unknown) */
	char version[8];
	int n_fields;
	struct seal_field fields[SEAL_MAX_FIELDS];
	struct seal_person person;
	/* VDS visa: the MRZ in the seal, as the printed MRZ of the visa would have it,
	 * filled back to full width with '<' (MRV-A 2×44, MRV-B 2×36); mrz_lines 0 when
	 * the payload carries none */
	int mrz_lines;
	char mrz[2][MRZ_MAX_LINE + 1];
	struct seal_signature sig;
};

/* The parsers (each in its own module) return 0 with out filled, or -1 with a short
 * English reason in why (for logs and the fuzz targets; the app says it in the
 * officer's language): out is then emptied and owns nothing.
 *   int vds_parse(const unsigned char *data, size_t len, struct seal *out,
 *                 char *why, size_t why_len);                        scanners/vds.h
 *   int vdsnc_parse(const char *json, size_t len, struct seal *out, char *why,
 *                   size_t why_len);                                 scanners/vdsnc.h
 *   int bcbp_parse(const char *text, size_t len, const struct doc_date *today,
 *                  struct seal *out, char *why, size_t why_len);     scanners/bcbp.h
 *     (a BCBP flight date is a day of the year: it becomes the date with that day
 *     nearest to today)
 */

/* Appends a field; values longer than SEAL_VALUE are cut at a character boundary and
 * bytes that are not printable UTF-8 become '?'. 0, or -1 when the seal is full. */
int seal_add_field(struct seal *s, const char *name, const char *value, size_t value_len);
/* The field's value, or NULL. */
const char *seal_field(const struct seal *s, const char *name);
/* Frees what the seal owns and empties it; safe on an empty seal. */
void seal_free(struct seal *s);
/* "raw", "vds", "vds-nc", "bcbp" (JSON, logs) */
const char *seal_kind_name(enum seal_kind k);
/* Splits a name the way a payload writes it ("SMITH/BILL MR", "Smith Bill",
 * "SMITH  BILL") into MRZ-style surname and given names: upper case, ASCII letters
 * (Latin letters with diacritics are folded by the caller's normalizer, not here),
 * runs of anything else made single spaces. slash: the first '/' separates surname
 * from given names; otherwise first_is_surname says whether the first word is the
 * surname (VDS-NC pid.n is "primary identifier" then "secondary"). */
void seal_split_name(const char *name, int slash, struct seal_person *p);

/* --- signatures ---------------------------------------------------------------------- */

enum seal_verdict {
	SEAL_UNSIGNED,       /* nothing to verify */
	SEAL_VALID,          /* signature good, signer certificate chains to a trusted CSCA */
	SEAL_UNTRUSTED,      /* signature good, but the certificate chains to no trusted CSCA */
	SEAL_REVOKED,        /* signature good, the certificate is revoked by its CSCA's CRL */
	SEAL_SIGNER_UNKNOWN, /* no certificate for the signer the seal names */
	SEAL_INVALID,        /* the signature does not verify: altered, or not this signer's */
	SEAL_UNSUPPORTED,    /* an algorithm or key this workstation cannot check */
};

struct seal_check {
	enum seal_verdict verdict;
	enum chip_check signature; /* the ECDSA signature over the data */
	enum chip_check trusted;   /* the signer certificate against the anchors */
	char signer_subject[256];  /* RFC 2253 */
	char signer_serial[40];    /* hex, upper case */
	char anchor_subject[256];  /* the CSCA the chain ended in; "" */
	char reason[256];          /* the first thing that failed, in English; "" */
};

/* Verifies s's signature with the signer certificate cert (DER; NULL to use the one
 * the seal carries) and that certificate against trust (NULL or empty: the chain is
 * not checked and the verdict is at best SEAL_UNTRUSTED). The hash is the one alg
 * names, or for VDS the one 9303-13 pairs with the key (SHA-256 up to P-256,
 * SHA-384 for 384-bit keys, SHA-512 above). Never fails: the outcome is in out. */
void seal_verify(const struct seal *s, const unsigned char *cert, size_t cert_len,
		 const struct chip_trust *trust, struct seal_check *out);
/* "unsigned", "valid", "untrusted", "revoked", "signer_unknown", "invalid",
 * "unsupported" */
const char *seal_verdict_name(enum seal_verdict v);
/* A certificate's serial as seal_signature.cert_ref compares it: upper-case hex
 * without leading zeros. 0, or -1 when cert is not a certificate. */
int seal_cert_serial(const unsigned char *cert, size_t len, char *out, size_t out_len);
/* 1 when a certificate reference from a seal header names this serial (hex, case and
 * leading zeros ignored). */
int seal_cert_ref_matches(const char *cert_ref, const char *serial);

#endif
