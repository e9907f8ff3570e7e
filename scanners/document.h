/* struct document: a travel document as read from any source, with where each part
 * came from and every check made on it (DESIGN.md "Core types"). Plain data: no
 * allocation, safe to copy. */
#ifndef SHEKARA_DOCUMENT_H
#define SHEKARA_DOCUMENT_H

#include <stddef.h>

enum doc_format {
	DOC_UNKNOWN,
	DOC_TD1,  /* ID card: 3 lines of 30 */
	DOC_TD2,  /* 2 lines of 36 */
	DOC_TD3,  /* passport: 2 lines of 44 */
	DOC_MRVA, /* visa A: 2 lines of 44 */
	DOC_MRVB, /* visa B: 2 lines of 36 */
};

enum doc_source {
	SRC_MRZ_WEDGE,  /* a reader typing into the keyboard */
	SRC_MRZ_SERIAL, /* a reader on a serial line */
	SRC_MRZ_MANUAL, /* typed by the officer */
	SRC_STDIN,      /* `shekara mrz` */
	SRC_BARCODE,    /* the MRZ a digital seal carries (a visa sticker's VDS) */
};

/* A date as printed: any part may be unknown (0), as in "XX" or "<<" birth days. */
struct doc_date {
	int year;  /* four digits once the century is resolved; 0 unknown */
	int month; /* 1-12, 0 unknown */
	int day;   /* 1-31, 0 unknown */
};

enum check_id {
	CHECK_NUMBER_DIGIT,    /* document number check digit */
	CHECK_BIRTH_DIGIT,     /* birth date check digit */
	CHECK_EXPIRY_DIGIT,    /* expiry date check digit */
	CHECK_OPTIONAL_DIGIT,  /* TD3 personal number check digit */
	CHECK_COMPOSITE_DIGIT, /* the composite check digit */
	CHECK_BIRTH_DATE,      /* a real date, not in the future */
	CHECK_EXPIRY_DATE,     /* a real date */
	CHECK_EXPIRED,         /* the document is past its expiry */
	CHECK_ISSUER,          /* issuing state code known */
	CHECK_NATIONALITY,     /* nationality code known */
	CHECK_SEX,             /* M, F, X or < */
	CHECK_NAME_TRUNCATED,  /* TD3 name field full: the name may be cut */
	CHECK_CHARACTERS,      /* only A-Z, 0-9 and < */
	CHECK_COUNT
};

enum check_status { CHECK_PASS, CHECK_FAIL, CHECK_WARN };

struct doc_check {
	enum check_id id;
	enum check_status status;
	char found;     /* check digits: the digit on the document */
	char expected;  /* check digits: the digit computed */
	char value[16]; /* the code or date concerned, for the message */
};

/* An OCR confusion that would make a failing check digit pass. Offered to the officer,
 * never applied by itself. */
struct doc_suggestion {
	enum check_id check; /* the check it repairs */
	int line, col;       /* 0-based position in the MRZ */
	char from, to;
};

enum { DOC_MAX_CHECKS = 24, DOC_MAX_SUGGESTIONS = 8, MRZ_MAX_LINES = 3, MRZ_MAX_LINE = 44 };

struct document {
	enum doc_format format;
	enum doc_source source;
	char doc_code[3];  /* "P", "PA", "I", "ID", "V", "AC" ... (fillers removed) */
	char issuer[4];    /* "UTO", "D" */
	char number[40];   /* the whole number, long TD1/TD2 numbers included */
	char surname[128]; /* primary identifier, fillers as spaces */
	char given_names[128];
	char nationality[4];
	struct doc_date birth;
	struct doc_date expiry;
	char sex;           /* 'M', 'F', or 'X' (also for '<') */
	char optional1[32]; /* TD1 line 1 / TD3 personal number / TD2 optional */
	char optional2[32]; /* TD1 line 2 optional data */
	int name_truncated;
	int lines; /* 2 or 3 */
	char mrz[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	int n_checks;
	struct doc_check checks[DOC_MAX_CHECKS];
	int n_suggestions;
	struct doc_suggestion suggestions[DOC_MAX_SUGGESTIONS];
};

/* 1 when no check failed (warnings allowed). */
int document_valid(const struct document *doc);
/* The check with this id, or NULL when it was not made for this format. */
const struct doc_check *document_check(const struct document *doc, enum check_id id);
/* "TD3", "MRV-A" ... */
const char *document_format_name(enum doc_format f);
/* A person-readable sentence for a check, in the current language:
 * "birth date check digit is 3, expected 7". */
void document_describe_check(const struct doc_check *c, char *buf, size_t len);
/* "1974-08-12", unknown parts as '?': "1975-??-??". buf holds 11 bytes. Written by
 * hand because it runs for every scan and snprintf would dominate the parse. */
void document_date_text(const struct doc_date *d, char buf[11]);
/* What a check is about, in the current language: "birth date check digit". */
const char *document_check_label(enum check_id id);
/* A word or two for a check, for a row of pass/fail marks: "birth digit". */
const char *document_check_short(enum check_id id);
/* Machine name of a check, for JSON and logs: "birth_digit". */
const char *document_check_name(enum check_id id);

#endif
