/* UN/EDIFACT PAXLST: the Advance Passenger Information a carrier sends before a coach,
 * train or aircraft reaches the border, as the WCO/IATA/ICAO PAXLST Implementation Guide
 * describes it (directories D:02B and D:05B; later ones are read the same way).
 *
 *   interchange   [UNA] UNB ( [UNG] UNH ... UNT [UNE] )+ UNZ
 *   message       UNH BGM [RFF DTM LOC] NAD+MS [CTA COM]            reporting party
 *                 ( TDT [DTM] ( LOC [DTM] )+ )+                      transport and legs
 *                 ( NAD ATT DTM MEA GEI FTX LOC COM EMP NAT RFF      one traveller
 *                   ( DOC DTM LOC )* )*                              his documents
 *                 CNT UNT
 *
 * The file is hostile: every length is checked, every loop is bounded by the input,
 * and the caps below end the parse with a refusal, never a cut list. What does not
 * agree with itself (counts in CNT, UNT, UNE, UNZ; codes the guide does not know;
 * dates that are no dates; country codes outside ISO 3166-1 and ICAO Doc 9303) is a
 * warning naming the segment: every traveller that can be read is kept, because the
 * officer needs the list more than a perfect one. Segment numbers count every segment
 * of the file from 1, UNA included, so in a file with one segment a line they are line
 * numbers. Messages of refusals and warnings are short English reasons, not translated
 * (the caller decides how to show them). */
#ifndef SHEKARA_PAXLST_H
#define SHEKARA_PAXLST_H

#include <stddef.h>
#include <time.h>

#include "scanners/document.h"

enum {
	PAXLST_MAX_MESSAGES = 100,     /* UNH in one interchange */
	PAXLST_MAX_TRAVELLERS = 10000, /* NAD travellers in the whole interchange */
	PAXLST_MAX_LEGS = 64,          /* legs of one message */
	PAXLST_MAX_DOCS = 4,           /* DOC groups kept per traveller; more is a warning */
	PAXLST_MAX_WARNINGS = 256,     /* warnings kept; the rest only counted */
	PAXLST_MAX_BYTES = 64 << 20,   /* a larger file is refused unread */
};

/* What BGM says the message lists: 745 (passenger list), 266 (flight status update)
 * and 655 (gate pass request) are read as passengers, 250 (crew list) and 336 (master
 * crew list) as crew; any other code is a warning and UNKNOWN. */
enum paxlst_list { PAXLST_LIST_UNKNOWN, PAXLST_LIST_PASSENGERS, PAXLST_LIST_CREW };

enum paxlst_role { PAXLST_PASSENGER, PAXLST_CREW_MEMBER };

/* The service characters in force: from UNA, or ":+.? '" when the file has none. A blank
 * release character means the UNA said there is none. The repetition separator is kept
 * as data (PAXLST repeats no data element). */
struct paxlst_separators {
	char component, element, decimal, release, repetition, terminator;
	int from_una; /* 1 when the file began with UNA */
};

struct paxlst_warning {
	int segment; /* 1-based position in the file */
	char text[128];
};

/* NAD+MS and the CTA/COM of its group: who answers questions about the list. */
struct paxlst_party {
	char id[36];    /* C082 party identification, when a profile is named */
	char name[144]; /* the C080 name components, joined by single spaces */
	char phone[36]; /* COM ...:TE */
	char fax[36];   /* COM ...:FX */
	char email[72]; /* COM ...:EM */
	int segment;    /* the NAD; 0 when the message names no reporting party */
};

/* The first TDT of a message (later TDTs only name their legs' journey). */
struct paxlst_transport {
	char stage[4];         /* 8051: "20" main carriage, "34" overflight */
	char journey[36];      /* 8028: flight, train or coach service number, "KC921" */
	int mode;              /* C220 8067 (1 sea, 2 rail, 3 road, 4 air), 0 when not given */
	char carrier[36];      /* C040 3127, "KC" */
	char carrier_name[72]; /* C040 3128 */
	char vehicle[36];      /* C222 8213: registration of the coach, tail number */
	int segment;           /* the TDT; 0 when the message has none */
};

/* One leg: LOC 125 (or 92) departure and LOC 87 (130, 92) arrival with the DTM 189
 * and 232 after them. Places are as sent (IATA airport, UN/LOCODE, or the location
 * name when no code is given). Times are the carrier's: local at each place, so
 * "YYYY-MM-DDTHH:MM" without a zone ("YYYY-MM-DD" without a time, "" when not sent). */
struct paxlst_leg {
	char journey[36]; /* the journey identifier of the leg's TDT */
	char from[36];
	char to[36];
	char departs[17];
	char arrives[17];
};

/* DOC and the DTM/LOC of its group. Dates: unknown or unreadable parts are 0. */
struct paxlst_doc {
	char type[4];           /* 1001 as sent: "P", "V", "I", "ID", "IP", "AC", "ACR" ... */
	char number[36];        /* 1004 */
	char issuer[4];         /* LOC 91: issuing state, only when a known country code */
	struct doc_date expiry; /* DTM 36 */
	struct doc_date issued; /* DTM 182 */
	int segment;            /* the DOC */
};

struct paxlst_traveller {
	enum paxlst_role role; /* FL, DDU: passenger; FM, DDT: crew; else from the list */
	int in_transit;        /* DDU, DDT */
	char party[4];         /* the NAD qualifier as sent */
	char surname[72];      /* first C080 component, as sent (release characters removed) */
	char given_names[144]; /* the other components, joined by single spaces */
	char sex;              /* ATT+2: 'M', 'F', 'U', 'X'; '\0' when absent or unknown */
	struct doc_date birth; /* DTM 329; unknown parts 0 */
	char birth_place[72];  /* LOC 180: the code, else the location name */
	char nationality[4];   /* NAT+2, only when a known country code */
	char residence[4];     /* LOC 174, only when a known country code */
	char embarked[36];     /* LOC 178 */
	char debarks[36];      /* LOC 179 */
	char clearance[36];    /* LOC 22: where the traveller is cleared */
	char seat[16];         /* RFF SEA */
	char booking[36];      /* RFF AVF: the reservation (PNR) locator */
	char reference[36];    /* RFF ABO: the carrier's unique passenger reference */
	int n_docs;
	struct paxlst_doc docs[PAXLST_MAX_DOCS]; /* in the order sent; docs[0] is the main one */
	int segment;                             /* the NAD */
};

struct paxlst_message {
	char ref[16];    /* UNH 0062 */
	char version[8]; /* "D:02B", "D:05B" */
	char bgm[4];     /* BGM 1001 as sent: "745" */
	char bgm_id[36]; /* BGM 1004 ("CP", "G", ...) when sent */
	enum paxlst_list list;
	char transaction_ref[36]; /* RFF+TN at message level */
	struct paxlst_party reporter;
	struct paxlst_transport transport;
	int n_legs;
	struct paxlst_leg legs[PAXLST_MAX_LEGS];
	int n_travellers;
	struct paxlst_traveller *travellers;
	int declared_travellers; /* CNT 41/42, -1 without CNT */
	int declared_segments;   /* UNT, -1 when not a number */
	int segment;             /* the UNH */
};

struct paxlst {
	struct paxlst_separators separators;
	char syntax[8];       /* UNB syntax identifier and version, "UNOA:4"; "" without UNB */
	char sender[36];      /* UNB interchange sender */
	char recipient[36];   /* UNB interchange recipient */
	char prepared[17];    /* UNB date and time, "YYYY-MM-DDTHH:MM"; "" when unreadable */
	char control_ref[16]; /* UNB 0020 */
	char application[16]; /* UNB 0026, "APIS" */
	int test;             /* UNB test indicator 1 */
	int n_groups;         /* UNG */
	int n_messages;
	struct paxlst_message *messages;
	int n_travellers; /* in all messages */
	int n_warnings;
	struct paxlst_warning *warnings;
	int warnings_dropped; /* warnings past PAXLST_MAX_WARNINGS, not kept */
	int segments;         /* segments read, UNA included */
};

/* Parses an interchange of len bytes (not NUL-terminated). now resolves two-digit
 * years: birth and issue dates to the latest century not after now, other dates to
 * the century within 50 years of it; it also tells a birth date in the future. Returns
 * 0 with out filled (free it with paxlst_free), warnings included. Returns -1 when the
 * file cannot be read as PAXLST at all, with "segment N: reason" in why: no PAXLST
 * message, a segment cut short or left open by a release character, a tag that is not
 * three upper-case letters, a malformed UNA, control characters, segments outside a
 * message, anything but blanks after UNZ, or more than a cap allows. out is then empty
 * and owns nothing. */
int paxlst_parse(const char *buf, size_t len, time_t now, struct paxlst *out, char *why,
		 size_t why_len);

/* Frees what out owns and empties it; safe on an empty or freed struct. */
void paxlst_free(struct paxlst *out);

/* "passengers", "crew", "unknown": for logs and JSON, not translated. */
const char *paxlst_list_name(enum paxlst_list list);

#endif
