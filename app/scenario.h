/* Training scenarios (docs/scenarios.md): a text file a trainer writes and reads, with a
 * title, a briefing, the scenario's own watchlist entries and a sequence of travellers,
 * each with a document, what they say, the expected decision and the teaching point.
 *
 * The format, in short (docs/scenarios.md is the reference):
 *
 *   # a comment; blank lines are ignored
 *   [scenario]
 *   id = lost-stolen                  a-z 0-9 '-', 1-40 characters
 *   title = A passport reported stolen
 *   language = en                     the language the texts are written in
 *   briefing = First line ...         a key given again adds a line
 *
 *   [entry]                           this scenario's watchlist, one section per entry
 *   id = TRN-SLTD-1
 *   subject = document                person | document
 *   category = lost_stolen            terrorism sanctions wanted lost_stolen
 *                                     missing_person other
 *   action = refer                    deny_entry refer notify arrest
 *   name = KHALIMOV Gulmurod          (person) the primary name, once
 *   original = ХАЛИМОВ Гулмурод       (person) the name in its own script, repeatable
 *   alias = HALIMOV Gulom             (person) repeatable; weak-alias for low quality
 *   birth = 1975-05-14                (person) or 1975, or 1980..1984; repeatable
 *   nationality = TJK                 repeatable
 *   sex = M                           M F X
 *   document = P UTO L898902C3        type issuer number; repeatable (required for a
 *                                     document entry)
 *   listed = 2025-03-01               optional
 *   remarks = Reported stolen         optional
 *
 *   [traveller]                       in the order they reach the booth
 *   mrz = P<UTOERIKSSON<<ANNA<...     two or three lines, as printed
 *   says = I visit my sister.         what the traveller says; repeatable
 *   chip = genuine                    none (default) genuine bad-signature
 *                                     hash-mismatch unknown-issuer no-sod
 *   chip-mrz = ...                    the chip's DG1 when it differs from the print
 *   barcode = M1ERIKSSON/ANNA ...     a barcode payload read with the document
 *   shows = hit                       optional: what screening must show (hit check
 *                                     clear); 'scenario check' proves it
 *   expect = refuse                   admit | refuse | refer, or several with 'or'
 *   ground = C                        with refuse: the refusal ground expected
 *   reason = The passport is stolen.  why that is the answer (one line, required)
 *   teach = ...                       the teaching point shown after the answer
 *                                     (required; repeatable)
 *
 * Parsing never stops at the first problem: every line that is wrong is reported with
 * its number, and a section that lacks a required key is reported at its header. */
#ifndef SHEKARA_SCENARIO_H
#define SHEKARA_SCENARIO_H

#include <stddef.h>

#include "scanners/error.h"

enum {
	SCN_MAX_BYTES = 1 << 20, /* a scenario file larger than this is refused */
	SCN_MAX_ENTRIES = 200,
	SCN_MAX_TRAVELLERS = 50,
	SCN_MAX_NAMES = 8, /* per entry, all kinds together */
	SCN_MAX_LIST = 4,  /* births, nationalities, documents per entry */
	SCN_MAX_PROBLEMS = 100,
	SCN_TEXT = 2048,  /* briefing, says, teach (lines joined with '\n') */
	SCN_LINE = 512,   /* one-line values: title, reason, remarks */
	SCN_NAME = 160,   /* a name */
	SCN_MRZ_LINE = 48 /* the longest MRZ line is 44 */
};

/* The decisions a traveller may expect, as bits. */
enum {
	SCN_ADMIT = 1 << 0,
	SCN_REFUSE = 1 << 1,
	SCN_REFER = 1 << 2,
};

enum scn_chip {
	SCN_CHIP_NONE,           /* the document has no chip (or none is read) */
	SCN_CHIP_GENUINE,        /* signed by the scenario's CSCA, every hash right */
	SCN_CHIP_BAD_SIGNATURE,  /* EF.SOD's signature does not verify */
	SCN_CHIP_HASH_MISMATCH,  /* DG1 altered after signing */
	SCN_CHIP_UNKNOWN_ISSUER, /* signed under a CSCA the trust store does not hold */
	SCN_CHIP_NO_SOD,         /* nothing signed on the chip */
};

enum scn_shows { SCN_SHOWS_ANY, SCN_SHOWS_HIT, SCN_SHOWS_CHECK, SCN_SHOWS_CLEAR };

struct scn_name {
	char type[20];   /* "primary", "original_script", "alias" */
	char quality[8]; /* "good", "low" */
	char text[SCN_NAME];
};

struct scn_document {
	char type[4];   /* "P", "ID" ... */
	char issuer[4]; /* ISO 3166-1 alpha-3 (or an ICAO code) */
	char number[24];
};

struct scn_birth {
	char kind[8];  /* "exact", "year", "range" */
	char date[11]; /* exact: YYYY-MM-DD; year: YYYY; range: "" */
	int from, to;  /* range: years */
};

struct scn_entry {
	int line; /* of its [entry] header */
	char id[64];
	char subject[12]; /* "person", "document" */
	char category[20];
	char action[16];
	char sex[2]; /* "" when not given */
	char listed[11];
	char remarks[SCN_LINE];
	struct scn_name names[SCN_MAX_NAMES];
	int n_names;
	struct scn_birth births[SCN_MAX_LIST];
	int n_births;
	char nationalities[SCN_MAX_LIST][4];
	int n_nationalities;
	struct scn_document documents[SCN_MAX_LIST];
	int n_documents;
};

struct scn_traveller {
	int line; /* of its [traveller] header */
	char mrz[3][SCN_MRZ_LINE];
	int mrz_lines;
	char says[SCN_TEXT];
	enum scn_chip chip;
	char chip_mrz[3][SCN_MRZ_LINE]; /* DG1 when it differs from mrz */
	int chip_mrz_lines;             /* 0: DG1 is the printed MRZ */
	char barcode[SCN_TEXT];         /* "" when none */
	enum scn_shows shows;
	unsigned expect; /* SCN_ADMIT | SCN_REFUSE | SCN_REFER */
	char ground[8];  /* with SCN_REFUSE: the expected ground; "" any */
	char reason[SCN_LINE];
	char teach[SCN_TEXT];
};

struct scenario {
	char id[48];
	char title[SCN_LINE];
	char language[8];
	char briefing[SCN_TEXT];
	struct scn_entry *entries;
	int n_entries;
	struct scn_traveller *travellers;
	int n_travellers;
};

struct scn_problem {
	int line; /* 0: the file as a whole */
	char msg[256];
};

struct scn_problems {
	struct scn_problem items[SCN_MAX_PROBLEMS];
	int n;
	int more; /* problems beyond SCN_MAX_PROBLEMS, not kept */
};

/* Parses and validates text (len bytes, not NUL-terminated). 0 when the scenario is
 * sound; otherwise -ERR_USAGE with every problem in probs (line by line, in order) and
 * *out emptied. Never reads past len; any byte sequence is safe. The MRZ lines of a
 * traveller must make a document (scanners/mrz.h) but may fail its checks: a forged
 * check digit is what a scenario may teach. */
int scenario_parse(const char *text, size_t len, struct scenario *out, struct scn_problems *probs);
/* Reads path (at most SCN_MAX_BYTES) and parses it. -ERR_IO with err when the file
 * cannot be read; -ERR_USAGE with probs as scenario_parse. */
int scenario_load(const char *path, struct scenario *out, struct scn_problems *probs,
		  struct error *err);
void scenario_free(struct scenario *s);

/* "admit", "refuse or refer" ... from SCN_* bits, in the order admit, refuse, refer. */
void scenario_expect_text(unsigned expect, char *out, size_t len);
/* "none", "genuine", "bad-signature" ... as the file spells them. */
const char *scenario_chip_name(enum scn_chip c);

#endif
