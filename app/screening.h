/* Screening one traveller: the document's own checks, the watchlist matches, the lists
 * and versions they were checked against, and the document's earlier crossings here,
 * folded into a verdict (DESIGN.md "Core types": struct verdict). What the result
 * screen shows and what a decision records. */
#ifndef SHEKARA_SCREENING_H
#define SHEKARA_SCREENING_H

#include "app/match.h"
#include "db/crossing.h"
#include "scanners/document.h"

enum verdict { VERDICT_CLEAR, VERDICT_CHECK, VERDICT_HIT };

enum { SCREENING_HISTORY = 8 };

struct chip_check_result;
struct barcode_check;

/* What the document's chip said, when it was read (app/chip.h), as the crossing
 * records it. */
struct screening_chip {
	int read;         /* a chip read ended with a verdict for this document */
	int warning;      /* anything short of genuine: the verdict is at least CHECK */
	char verdict[24]; /* machine name: "genuine", "unknown_issuer", "mrz_mismatch" ... */
	char detail[512]; /* in English, for the crossing record */
};

/* The passenger manifest the traveller is on (app/pax.h), when one says anything. */
struct screening_manifest {
	int64_t manifest_id;  /* 0: no manifest says anything about this traveller */
	int64_t traveller_id; /* 0: not on the manifest of the vehicle being processed */
	char matched_by[12];  /* "document", "name_birth", "none" */
	char vehicle[96], list_kind[12], seat[16];
	int crew;
	char verdict[8];    /* the pre-arrival screening in force: "clear", "check", "hit", "" */
	char entry_ref[64]; /* its best match */
};

struct screened_list {
	char code[32], name[128], version[64], updated_at[32];
	int age_days; /* whole days since updated_at */
	int stale;    /* older than lists.stale_after_days */
};

struct screening {
	struct document doc;
	char doc_key[48];
	struct match_result matches;
	enum verdict verdict;
	char action[16]; /* the strongest action a HIT asks for ("" without one) */
	int failed_checks;
	int n_lists;
	struct screened_list lists[CROSSING_MAX_LISTS];
	int n_history;
	struct crossing_brief history[SCREENING_HISTORY];
	long long shown_ms; /* monotonic clock when the result was ready */
	struct screening_chip chip;
	/* the barcodes read for this traveller (app/barcode.h), as the crossing records
	 * them, and how many of them warn */
	int n_barcodes, barcode_warnings;
	struct crossing_barcode barcodes[CROSSING_MAX_BARCODES];
	struct screening_manifest manifest;
};

/* Screens doc for the officer: needs PERM_SCREEN, audited like match_screen. */
int screening_run(struct app *app, const struct session *s, const struct document *doc,
		  struct screening *out, struct error *err);
/* Adds a chip read to a screening made by screening_run (which starts without one): a
 * chip warning (not genuine, or its MRZ differs from the printed one) makes a CLEAR
 * verdict CHECK; a HIT stays a HIT. A read that produced no verdict (no card, card
 * pulled out) leaves the screening as it was. */
void screening_attach_chip(struct screening *sc, const struct chip_check_result *r);
/* Adds a checked barcode: one that warns (bad or missing signature, disagrees with
 * the document, expired, damaged) makes a CLEAR verdict CHECK; a HIT stays a HIT. 0,
 * or -1 when the traveller already has CROSSING_MAX_BARCODES. */
int screening_attach_barcode(struct screening *sc, const struct barcode_check *c);
/* "clear", "check", "hit" (machine names) */
const char *verdict_name(enum verdict v);
/* The key a document's crossings are filed under: issuer and number, letters and
 * digits only ("TJK401234567"). */
void screening_doc_key(const struct document *doc, char *out, size_t len);
/* What a list asks for, in the officer's language: "deny entry", or "DENY ENTRY" for
 * the HIT banner when capitals; unknown actions as stored. */
const char *screening_action_word(const char *action, int capitals);
/* Milliseconds on a monotonic clock. */
long long screening_now_ms(void);

#endif
