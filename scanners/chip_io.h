/* The APDU side of a chip read, shared by scanners/chip.c and scanners/chip_io.c only:
 * one read's session (the PC/SC connection, BAC and secure messaging state, how much
 * one READ BINARY may ask for) and the walk over the LDS files. */
#ifndef SHEKARA_CHIP_IO_H
#define SHEKARA_CHIP_IO_H

#include <stddef.h>

#include "scanners/bac.h"
#include "scanners/chip.h"
#include "scanners/pcsc.h"

struct chip_file_info {
	unsigned fid;     /* file identifier */
	int dg;           /* data group number, 0 for the others */
	const char *name; /* "DG2", as in reasons and JSON */
};

extern const struct chip_file_info chip_files[CHIP_FILE_COUNT];

struct chip_session {
	struct pcsc *pc;
	const struct chip_request *req;
	struct chip_result *out;
	int timeout_ms;
	unsigned char atr[PCSC_MAX_ATR];
	size_t atr_len;
	/* Basic Access Control and secure messaging */
	unsigned char k_enc[16], k_mac[16];
	struct sm sm;
	int sm_on;   /* commands go out protected */
	int sm_lost; /* the chip answered unprotected: its session is over, BAC again */
	int reauths;
	/* READ BINARY sizes: extended length when the chip announces it */
	int ext;
	size_t ext_chunk, short_chunk, limit_once;
	const char *current;      /* the file being read, for the reason */
	int transport;            /* the reader failed (not the chip refusing) */
	enum chip_verdict failed; /* 0, or ACCESS_DENIED, REMOVED, READ_FAILED */
	char why[256];            /* in English */
	unsigned char wrapped[SM_MAX_APDU];
	unsigned char raw[PCSC_MAX_RESPONSE];
	unsigned char plain[PCSC_MAX_RESPONSE];
};

/* Reads EF.CardAccess, EF.ATR/INFO, does BAC and reads EF.COM, the data groups and
 * EF.SOD into s->out->files, stopping at the first failure (s->failed, s->why). */
void chip_io_read_all(struct chip_session *s);

/* Whether an ATR's historical bytes announce extended Lc/Le (ISO/IEC 7816-4 12.1.1.9:
 * the card capabilities, third software function byte, b7). */
int chip_io_atr_extended(const unsigned char *atr, size_t len);

#endif
