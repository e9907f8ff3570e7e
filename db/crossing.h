/* Shifts and crossings as stored: one shift per officer at a time, one crossing row per
 * traveller decided, with the matches shown and the watchlist versions in force. Rows
 * are append-only (triggers refuse edits); policy is app/'s. */
#ifndef SHEKARA_DB_CROSSING_H
#define SHEKARA_DB_CROSSING_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct shift_row {
	int64_t id;
	int64_t officer_id;
	char officer[64];
	char direction[8]; /* entry, exit */
	char lane[16];
	char channel[12]; /* terminal (the booth), cli (shekara decide) */
	char opened_at[32];
	char closed_at[32]; /* "" while open */
	char close_reason[16];
	int64_t head_seq; /* audit chain head at close; 0 while open */
	char head_hash[65];
};

int shift_insert(struct db *db, struct shift_row *s, struct error *err); /* fills s->id */
/* Closes an open shift with the chain head as it is now (call inside the transaction
 * that appended the closing audit row, after appending it). */
int shift_close(struct db *db, int64_t id, const char *now, const char *reason, struct error *err);
/* 1 and out filled when found, 0 when not. */
int shift_get(struct db *db, int64_t id, struct shift_row *out, struct error *err);
/* The officer's open shift, if any (1 found, 0 none). */
int shift_find_open(struct db *db, int64_t officer_id, struct shift_row *out, struct error *err);
/* Shifts opened on a day (YYYY-MM-DD, UTC), oldest first, at most max; returns the
 * count. officer_id 0: every officer's. */
int shift_list_day(struct db *db, const char *day, int64_t officer_id, struct shift_row *out,
		   int max, struct error *err);

enum {
	CROSSING_MAX_HITS = 20,
	CROSSING_MAX_LISTS = 16,
	CROSSING_MAX_BARCODES = 4,
	/* the most one 2-D symbol holds: a QR code of version 40 in binary mode (2953) */
	CROSSING_BARCODE_PAYLOAD = 3072,
};

struct crossing_hit {
	int64_t entry_id;
	char source_code[32], ref[64], band[12], action[16];
	int score;
	char listed_name[192];
	char explanation[600];
};

struct crossing_list {
	char source_code[32], version[64], updated_at[32];
};

/* A barcode read for the traveller, as the officer saw it (app/barcode.h). */
struct crossing_barcode {
	char symbology[16]; /* "qr", "datamatrix", "wedge" ... */
	char kind[8];       /* "vds", "vds-nc", "bcbp", "raw" */
	char type[48];      /* "visa", "icao.vacc", "boarding_pass" ... ("" for raw) */
	char verdict[24];   /* the outcome's machine name: "valid", "invalid", "mismatch" ... */
	char differs[96];   /* fields that disagree with the document, comma-separated */
	char detail[512];   /* in English */
	size_t payload_len;
	unsigned char payload[CROSSING_BARCODE_PAYLOAD];
};

struct crossing_row {
	int64_t id, shift_id;
	char officer[64];
	char direction[8], lane[16];
	char decided_at[32];
	long elapsed_ms;
	char decision[8];     /* admit, refuse, refer */
	char reason_code[16]; /* refusal ground */
	char reason_text[256];
	char verdict[8]; /* clear, check, hit */
	char override_by[64];
	char override_reason[256];
	char doc_key[48];
	char doc_format[8], doc_code[3], issuer[4], number[40];
	char surname[128], given_names[128], nationality[4];
	char birth[11], sex[2], expiry[11];
	char source[12];
	char mrz[3 * 45];
	char checks_failed[256];
	char chip_verdict[24]; /* "" when no chip was read (NULL in the row) */
	char chip_detail[512];
	int n_hits;
	struct crossing_hit hits[CROSSING_MAX_HITS];
	int n_lists;
	struct crossing_list lists[CROSSING_MAX_LISTS];
	int n_barcodes;
	struct crossing_barcode barcodes[CROSSING_MAX_BARCODES];
};

/* Inserts the crossing with its hits, lists and barcodes; fills c->id. Inside a
 * transaction. */
int crossing_insert(struct db *db, struct crossing_row *c, struct error *err);
/* The whole record (1 found, 0 not). */
int crossing_get(struct db *db, int64_t id, struct crossing_row *out, struct error *err);

/* A line of a document's history. */
struct crossing_brief {
	int64_t id;
	char decided_at[32];
	char direction[8], decision[8], verdict[8];
	char officer[64];
	char lane[16];
};
/* Earlier crossings of the document with this key, newest first, at most max; returns
 * the count. */
int crossing_history(struct db *db, const char *doc_key, struct crossing_brief *out, int max,
		     struct error *err);
/* The crossings of a shift, oldest first; returns the count (at most max). */
int crossing_ids_of_shift(struct db *db, int64_t shift_id, int64_t *ids, int max,
			  struct error *err);

/* Refusal grounds (code, label as stored, in English for the built-in ones). */
struct refusal_reason {
	char code[16];
	char label[604]; /* up to 150 characters of UTF-8 */
	int active;
};
/* Every reason (active ones only when active_only), in their order; returns count. */
int reason_list(struct db *db, int active_only, struct refusal_reason *out, int max,
		struct error *err);
/* 1 and out filled when the code exists. */
int reason_get(struct db *db, const char *code, struct refusal_reason *out, struct error *err);
/* Adds a code, or reactivates and relabels it. */
int reason_put(struct db *db, const char *code, const char *label, struct error *err);
int reason_retire(struct db *db, const char *code, struct error *err);

#endif
