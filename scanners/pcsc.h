/* A thin PC/SC (pcsc-lite) wrapper for scanners/chip.c: readers, waiting for a card,
 * connecting, and transmitting APDUs with a deadline.
 *
 * pcsc-lite has no per-APDU timeout (SCardCancel only interrupts SCardGetStatusChange,
 * and every call on a context holds that context's lock for its whole duration), and a
 * card or driver that stops answering blocks SCardTransmit for as long as the driver
 * likes. So every PC/SC call runs on a worker thread that owns the context, while the
 * caller waits with a deadline. When a deadline passes the connection is given up:
 * the call returns PCSC_TIMEOUT at once, every later call on this handle returns
 * PCSC_TIMEOUT, and pcsc_close() leaves the stuck worker to release the card and the
 * context itself (and free the handle) whenever the driver lets go. A read therefore
 * never waits longer than its timeout, whatever the reader does.
 *
 * Removal is recognised from SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD and
 * SCARD_E_READER_UNAVAILABLE, and after any other transmit failure by asking the
 * reader whether the card is still there. */
#ifndef SHEKARA_PCSC_H
#define SHEKARA_PCSC_H

#include <stddef.h>

#include "scanners/error.h"

enum pcsc_status {
	PCSC_OK = 0,
	PCSC_ERROR = -1,      /* any other PC/SC failure */
	PCSC_NO_SERVICE = -2, /* pcscd is not running */
	PCSC_NO_READER = -3,  /* no reader, or not the one asked for */
	PCSC_NO_CARD = -4,    /* no card within the wait */
	PCSC_REMOVED = -5,    /* the card left the reader (or the reader was unplugged) */
	PCSC_TIMEOUT = -6,    /* no answer in time: this handle is unusable from now on */
	PCSC_BUSY = -7,       /* another program holds the reader */
};

enum { PCSC_READER_NAME = 128, PCSC_MAX_ATR = 33, PCSC_MAX_RESPONSE = 65536 + 2 };

struct pcsc;

/* Connects to the PC/SC service within timeout_ms. 0, or a negative status with err
 * filled (translated, saying what to do). */
int pcsc_open(struct pcsc **out, int timeout_ms, struct error *err);
/* Disconnects (resetting the card, so no session outlives the read) and releases
 * everything; *p becomes NULL. Returns at once even when the worker is stuck. */
void pcsc_close(struct pcsc **p);

/* The readers' names; the count (at most max), or a negative status. */
int pcsc_readers(struct pcsc *p, char names[][PCSC_READER_NAME], int max, struct error *err);

/* Waits up to wait_ms (0: only now) for a card in reader, or in any reader when reader
 * is NULL (readers plugged in meanwhile are watched too); its name goes to found. */
int pcsc_wait_card(struct pcsc *p, const char *reader, int wait_ms, char found[PCSC_READER_NAME],
		   struct error *err);

/* Connects to the card in reader (T=1 or T=0) for this program alone, within
 * timeout_ms; the ATR goes to atr (PCSC_MAX_ATR bytes). */
int pcsc_connect(struct pcsc *p, const char *reader, int timeout_ms, unsigned char *atr,
		 size_t *atr_len, struct error *err);

/* Sends one command APDU and receives the response (data and SW1 SW2) into resp; waits
 * at most timeout_ms. T=0 GET RESPONSE chaining (61xx) is done here. */
int pcsc_transmit(struct pcsc *p, const unsigned char *cmd, size_t len, unsigned char *resp,
		  size_t cap, size_t *resp_len, int timeout_ms, struct error *err);

#endif
