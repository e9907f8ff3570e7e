/* The Logical Data Structure of an eMRTD chip (ICAO 9303-10): EF.COM, the data groups
 * the workstation shows (DG1 MRZ, DG2 face, DG11 personal details), and EF.CardAccess
 * (9303-11 9.2: what access protocols the chip offers). Every parser takes the file as
 * read from the chip, untrusted, with its length, and never reads past it; pointers
 * returned point into the buffer given. */
#ifndef SHEKARA_LDS_H
#define SHEKARA_LDS_H

#include <stddef.h>
#include <time.h>

#include "scanners/document.h"
#include "scanners/error.h"

enum { LDS_MAX_DG = 16 };

/* Data group n (1-16) <-> its tag in EF.COM and at the start of the file (9303-10
 * 4.6.2: DG1 '61', DG2 '75' ... DG16 '70'), and its file identifier ('0101'-'0110'). */
int lds_dg_of_tag(unsigned tag); /* 0 when the tag is no data group's */
unsigned lds_tag_of_dg(int dg);  /* 0 when dg is outside 1-16 */
unsigned lds_fid_of_dg(int dg);

/* EF.COM, tag '60' */
struct lds_com {
	char lds_version[8];     /* "1.7" from '5F01' "0107" */
	char unicode_version[9]; /* "4.0.0" from '5F36' "040000" */
	unsigned dgs;            /* bit n set: the chip holds data group n */
};
/* 0, or -1 when the file is not an EF.COM or is malformed. */
int lds_com_parse(const unsigned char *buf, size_t len, struct lds_com *out);

/* DG1, tag '61': the MRZ ('5F1F', 88, 90 or 72 characters without line breaks) parsed
 * by scanners/mrz.h as if printed. 0 when it is an MRZ (its checks may still fail),
 * -ERR_USAGE with err filled when DG1 is malformed or holds no MRZ. */
int lds_dg1_parse(const unsigned char *buf, size_t len, time_t now, struct document *out,
		  struct error *err);

enum lds_image_format { LDS_IMAGE_NONE, LDS_IMAGE_JPEG, LDS_IMAGE_JPEG2000 };

/* The first face of DG2 (tag '75' > '7F61' > '7F60' > '5F2E' or '7F2E': an ISO/IEC
 * 19794-5 facial record, "FAC\0"). */
struct lds_face {
	const unsigned char *image; /* JPEG (FFD8) or JPEG 2000 (JP2 box or FF4FFF51) */
	size_t len;
	enum lds_image_format format;
	int width, height; /* from the record's image information; 0 when unknown */
	int faces;         /* biometric information templates in the group */
};
/* 0 and out filled, -1 when DG2 is malformed or holds no image this workstation can
 * find. */
int lds_dg2_parse(const unsigned char *buf, size_t len, struct lds_face *out);

/* DG11, tag '6B': additional personal details, as UTF-8 text with control characters
 * and invalid sequences replaced by '?'; "" when absent. */
struct lds_dg11 {
	char name[128];           /* '5F0E' full name, MRZ style "SURNAME<<GIVEN<NAMES" */
	char personal_number[32]; /* '5F10' */
	char birth_date[9];       /* '5F2B' YYYYMMDD */
	char place_of_birth[128]; /* '5F11' */
};
int lds_dg11_parse(const unsigned char *buf, size_t len, struct lds_dg11 *out);

/* EF.CardAccess (a SET OF SecurityInfo): the PACE protocols offered, as text for the
 * officer's log: "PACE ECDH-GM AES-128 brainpoolP256r1", several joined by "; ".
 * Returns how many PACEInfos were found (out "" for none), or -1 when malformed. */
int lds_card_access_parse(const unsigned char *buf, size_t len, char *out, size_t outlen);

#endif
