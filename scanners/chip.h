/* Reading an ePassport chip over PC/SC (ICAO 9303-10/-11): waiting for a card in a
 * reader, SELECT of the LDS1 application, Basic Access Control with secure messaging,
 * reading EF.COM, EF.CardAccess, the data groups and EF.SOD with extended-length or
 * short reads, and Passive Authentication against the trust anchors given. Everything
 * the chip returns is untrusted; every wait has a timeout, and a card pulled out
 * mid-read ends the read with CHIP_REMOVED, never a hang.
 *
 * Extended length is used when the chip announces it: EF.ATR/INFO (2F01: DO'7F66'
 * maximum response length above 256, or the card capabilities DO'47') or the card
 * capabilities in the ATR's historical bytes (third byte, b7 "extended Lc and Le");
 * a 6700 answer falls back to short reads of 0xDF bytes (scanners/chip_io.c). */
#ifndef SHEKARA_CHIP_H
#define SHEKARA_CHIP_H

#include <stddef.h>

#include "scanners/document.h"
#include "scanners/error.h"

/* The LDS1 elementary files read, by short file id. */
enum chip_file_id {
	CHIP_COM,         /* EF.COM 011E */
	CHIP_CARD_ACCESS, /* EF.CardAccess 011C, outside the application: what the chip offers */
	CHIP_DG1,         /* the MRZ */
	CHIP_DG2,         /* the face */
	CHIP_DG11,        /* additional personal details */
	CHIP_DG12,        /* additional document details */
	CHIP_DG14,        /* chip authentication keys */
	CHIP_DG15,        /* active authentication key */
	CHIP_SOD,         /* EF.SOD: the signed hashes */
	CHIP_FILE_COUNT
};

enum chip_check {
	CHIP_NOT_PERFORMED, /* never reported as passed */
	CHIP_PASSED,
	CHIP_FAILED,
};

struct chip_file {
	int present;         /* read from the chip */
	unsigned char *data; /* malloc'd, len bytes */
	size_t len;
	int dg;               /* data group number (0 for COM, SOD, CardAccess) */
	enum chip_check hash; /* against EF.SOD: NOT_PERFORMED when the SOD has no hash for it */
};

/* The outcome. Where more than one applies, the later in this list is reported (a bad
 * signature outweighs a hash mismatch, which outweighs an unknown issuer); the last
 * three mean the read did not complete and Passive Authentication was not done. */
enum chip_verdict {
	CHIP_GENUINE,        /* PA passed with a trusted CSCA, every hash equal */
	CHIP_UNKNOWN_ISSUER, /* the SOD verifies with its DS certificate, no trusted CSCA */
	CHIP_HASH_MISMATCH,  /* a data group differs from its signed hash: cloned or altered */
	CHIP_BAD_SIGNATURE,  /* the SOD signature does not verify */
	CHIP_NO_SOD,         /* nothing signed to check */
	CHIP_ACCESS_DENIED,  /* BAC failed: the MRZ does not open this chip */
	CHIP_REMOVED,        /* the card left the reader mid-read */
	CHIP_READ_FAILED,    /* any other I/O or protocol failure */
};

/* Trust anchors as DER, owned by the caller (the CSCA store). */
struct chip_trust {
	const unsigned char *const *certs;
	const size_t *cert_lens;
	int n_certs;
	const unsigned char *const *crls;
	const size_t *crl_lens;
	int n_crls;
};

struct chip_request {
	const char *reader;   /* NULL: the first reader holding a card */
	const char *mrz_info; /* bac_mrz_info() of the printed MRZ; NULL: no BAC (old chips) */
	int wait_ms;          /* for a card to be present; 0: it must be there now */
	int apdu_timeout_ms;  /* a chip slower than this is given up on (0: 5000) */
	int short_reads_only; /* ignore extended length (for tests and benchmarks) */
	const struct chip_trust *trust;
	/* progress, may be NULL: called after each file with its id */
	void (*progress)(enum chip_file_id f, void *ctx);
	void *ctx;
};

struct chip_result {
	char reader[128];
	int apdus;             /* command APDUs sent */
	long ms;               /* wall time from connect to the last byte */
	int extended_length;   /* the chip announced it and it was used */
	char card_access[256]; /* what EF.CardAccess offers, as "PACE ECDH-GM AES-128 ..."; "" none
				*/
	struct chip_file files[CHIP_FILE_COUNT];
	struct document dg1; /* parsed from DG1 when present */
	int has_dg1;
	const unsigned char *face; /* the image inside DG2 (points into files[CHIP_DG2]) */
	size_t face_len;
	int face_format;             /* 0 none, 1 JPEG, 2 JPEG 2000 */
	int face_width, face_height; /* from DG2's image information; 0 when not given */
	char lds_version[8];         /* from EF.COM: "1.7"; "" when unreadable */
	char hash_alg[16];           /* of EF.SOD: "SHA-256" */
	char holder_name[128];       /* DG11 full name, "SURNAME<<GIVEN<NAMES"; "" */
	char place_of_birth[128];    /* DG11; "" */
	/* Passive Authentication, step by step */
	enum chip_check sod_signature; /* CMS signature with the DS certificate */
	enum chip_check ds_trusted;    /* the DS certificate chains to a trusted CSCA (and no CRL
					  revokes it) */
	int ds_revoked;                /* it chains, but a CRL of that CSCA revokes it */
	enum chip_check hashes;        /* every read data group equals its signed hash */
	char ds_subject[256];
	char csca_subject[256];      /* the trust anchor used, "" when none */
	char hash_mismatch[64];      /* "DG2" or "DG1 DG2" */
	enum chip_check active_auth; /* NOT_PERFORMED in this version */
	enum chip_check chip_auth;   /* NOT_PERFORMED in this version */
	enum chip_verdict verdict;
	char reason[256]; /* why, in English, for logs and JSON */
};

/* Names of the readers present; returns the count (at most max), or negative with err
 * (ERR_IO: no PC/SC service or no reader). */
int chip_readers(char names[][128], int max, struct error *err);
/* Reads the chip. Returns 0 when a result was produced (even a failed verdict: see
 * out->verdict), negative with err when nothing could be read at all (ERR_IO: no
 * reader, no card within wait_ms, the PC/SC service is down). */
int chip_read(const struct chip_request *req, struct chip_result *out, struct error *err);
/* Parses and authenticates files already in out, as chip_read does after reading them:
 * out->files[i].present/data/len set (dg as chip_read sets it), the rest of out zeroed.
 * Fills dg1/has_dg1, the face, DG11, every Passive Authentication step, verdict and
 * reason against trust. No card, no I/O. */
void chip_verify_files(const struct chip_trust *trust, struct chip_result *out);
void chip_result_free(struct chip_result *r);
/* "genuine", "unknown_issuer", ... (machine names) */
const char *chip_verdict_name(enum chip_verdict v);
const char *chip_file_name(enum chip_file_id f); /* "COM", "DG1", "SOD" ... */
/* The data group number chip_read gives a file: 1 for CHIP_DG1, 0 for COM, SOD and
 * CardAccess (and for an id out of range). */
int chip_file_dg(enum chip_file_id f);

#endif
