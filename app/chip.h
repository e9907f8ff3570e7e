/* Checking a traveller's chip at the booth: the chip is opened with the key from the
 * printed MRZ, read and authenticated against the CSCA trust store (scanners/chip.h),
 * and its copy of the MRZ (DG1) compared field by field with the printed one. The
 * officer gets an honest verdict: "chip genuine" only when Passive Authentication
 * passed with a trusted CSCA and DG1 equals the printed MRZ; anything else is a warning
 * that says what is wrong. Every read is audited ("chip.read"). */
#ifndef SHEKARA_APP_CHIP_H
#define SHEKARA_APP_CHIP_H

#include "app/session.h"
#include "scanners/chip.h"
#include "scanners/document.h"

/* The MRZ fields compared between DG1 and the printed MRZ, as bits of a mask. */
enum chip_field {
	CHIP_FIELD_DOC_CODE,
	CHIP_FIELD_ISSUER,
	CHIP_FIELD_NUMBER,
	CHIP_FIELD_SURNAME,
	CHIP_FIELD_GIVEN_NAMES,
	CHIP_FIELD_NATIONALITY,
	CHIP_FIELD_BIRTH,
	CHIP_FIELD_SEX,
	CHIP_FIELD_EXPIRY,
	CHIP_FIELD_OPTIONAL,
	CHIP_FIELD_COUNT
};
#define CHIP_FIELDS_ALL ((1u << CHIP_FIELD_COUNT) - 1)
/* What the access key is made of: all a --doc/--dob/--expiry read knows. */
#define CHIP_FIELDS_KEY                                                                            \
	((1u << CHIP_FIELD_NUMBER) | (1u << CHIP_FIELD_BIRTH) | (1u << CHIP_FIELD_EXPIRY))

enum chip_outcome {
	CHIP_OUTCOME_GENUINE, /* PA passed with a trusted CSCA and DG1 equals the printed MRZ */
	CHIP_OUTCOME_WARNING, /* anything else the chip said: the officer must look */
	CHIP_OUTCOME_UNREAD,  /* no verdict on the document: pulled out mid-read, I/O failure */
};

enum { CHIP_CHECK_LINES = 8, CHIP_CHECK_LINE = 256 };

struct chip_check_result {
	int read;                  /* chip_read produced a result: chip is valid */
	struct chip_result chip;   /* everything read; the face image is chip.face/face_len */
	enum chip_verdict verdict; /* chip.verdict, demoted if its own steps disagree with it */
	unsigned compared;         /* fields compared with DG1 (bits of enum chip_field) */
	unsigned differs;          /* those that differ */
	enum chip_outcome outcome;
	/* machine name: chip_verdict_name(verdict), or "mrz_mismatch" (genuine chip, other
	 * MRZ), "no_dg1", "active_auth_failed", "chip_auth_failed" */
	char name[24];
	int n_lines;
	char lines[CHIP_CHECK_LINES]
		  [CHIP_CHECK_LINE]; /* for the officer, translated, worst first */
	char detail[512];            /* in English, for the audit row and the crossing record */
};

struct chip_check_request {
	const struct document *printed; /* the document as printed */
	unsigned compare;               /* fields of printed to compare (CHIP_FIELDS_ALL) */
	const char *mrz_info;           /* the access key text; NULL: bac_mrz_info(printed) */
	const char *reader;             /* NULL: the first reader holding a card */
	int wait_ms;                    /* for a card to be presented */
	int short_reads_only;
	void (*progress)(enum chip_file_id f, void *ctx); /* may be NULL */
	void *ctx;
};

/* Reads and checks the chip of the printed document (every field compared). Needs
 * PERM_SCAN_DOCUMENTS. Returns 0 with out filled whenever the chip gave a result, even
 * a bad one (see out->outcome); negative with err when nothing could be read (ERR_IO:
 * no reader, no card within wait_ms, no PC/SC service; ERR_USAGE: the printed MRZ
 * lacks the access key fields). Call chip_check_free(out) after either. */
int chip_check(struct app *app, const struct session *s, const struct document *printed,
	       const char *reader, int wait_ms, struct chip_check_result *out, struct error *err);
/* Audits a composed read as "chip.read" (object: the printed document, outcome: the
 * verdict's machine name, detail in English). For reads made off the main thread
 * (app/chip_job.c), which must not touch the database. */
int chip_check_record(struct app *app, const struct session *s, const struct document *printed,
		      const struct chip_check_result *r, struct error *err);
/* The same with every option. */
int chip_check_run(struct app *app, const struct session *s, const struct chip_check_request *req,
		   struct chip_check_result *out, struct error *err);
void chip_check_free(struct chip_check_result *r);

/* The fields among compare where DG1 differs from the printed document. Names compare
 * as the MRZ has them; dates by their printed digits (YYMMDD), so no century guess can
 * make them differ. */
unsigned chip_check_differs(const struct document *printed, const struct document *dg1,
			    unsigned compare);
/* Fills verdict, compared, differs, outcome, name, lines and detail from r->chip (read
 * must be set): no card, no database. printed may be NULL when nothing is compared. */
void chip_check_compose(const struct document *printed, unsigned compare,
			struct chip_check_result *r);

/* "number", "surname" ... (machine names) and the same in the officer's language. */
const char *chip_check_field_name(enum chip_field f);
const char *chip_check_field_label(enum chip_field f);
/* "passed", "failed", "not_performed" */
const char *chip_check_step_name(enum chip_check c);
/* The access key text from key fields typed by hand: number (filled to 9 with '<'),
 * birth and expiry as YYMMDD, each followed by its check digit. 0 ok, -1 when a field
 * cannot be in an MRZ. len at least 48. */
int chip_check_mrz_info(const char *number, const char *birth, const char *expiry, char *out,
			size_t len);

#endif
