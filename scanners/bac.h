/* Basic Access Control and 3DES secure messaging (ICAO 9303-11 sections 4.3 and 9.8):
 * the document basic access keys from the MRZ, mutual authentication, and wrapping and
 * unwrapping APDUs with the session keys and the send sequence counter. Pure
 * computation over byte buffers (OpenSSL for SHA-1, 3DES and the retail MAC); the card
 * I/O is scanners/chip.c's. Checked against Part 11 Appendix D's worked example. */
#ifndef SHEKARA_BAC_H
#define SHEKARA_BAC_H

#include <stddef.h>

#include "scanners/document.h"
#include "scanners/error.h"

/* "L898902C<369080619406236": document number with filler to 9 and its check digit,
 * birth date and its digit, expiry and its digit. Long TD1 numbers (in the optional
 * data) are used whole. out holds at least 48 bytes. -1 when the document lacks them. */
int bac_mrz_info(const struct document *doc, char *out, size_t len);

/* K_seed = first 16 bytes of SHA-1(mrz_info); K_enc, K_mac from it (counter 1 and 2,
 * DES parity adjusted). */
void bac_keys(const char *mrz_info, unsigned char k_enc[16], unsigned char k_mac[16]);
/* K = SHA-1(seed || counter) with parity: counter 1 gives an encryption key, 2 a MAC key. */
void bac_derive(const unsigned char *seed, size_t seed_len, unsigned counter,
		unsigned char key[16]);

/* Secure messaging state after BAC. */
struct sm {
	unsigned char ks_enc[16], ks_mac[16];
	unsigned char ssc[8];
};

/* EXTERNAL AUTHENTICATE data (E_IFD || M_IFD, 40 bytes) from the chip's challenge and
 * the terminal's random RND.IFD and K.IFD. */
void bac_authenticate(const unsigned char k_enc[16], const unsigned char k_mac[16],
		      const unsigned char rnd_icc[8], const unsigned char rnd_ifd[8],
		      const unsigned char k_ifd[16], unsigned char cmd[40]);
/* Checks the chip's 40-byte answer (its MAC, RND.IFD echoed, RND.ICC) and derives the
 * session keys and SSC into sm. 0 ok; -1 when the answer does not authenticate (a
 * wrong MRZ, or not the chip it claims). */
int bac_session(const unsigned char k_enc[16], const unsigned char k_mac[16],
		const unsigned char resp[40], const unsigned char rnd_icc[8],
		const unsigned char rnd_ifd[8], const unsigned char k_ifd[16], struct sm *sm);

/* The retail MAC (ISO 9797-1 algorithm 3, padding method 2, DES), 8 bytes. data is
 * padded here. */
void sm_mac(const unsigned char key[16], const unsigned char *data, size_t len,
	    unsigned char mac[8]);

enum { SM_MAX_APDU = 65536 + 64 };

/* Wraps a plain command APDU (short or extended, cases 1-4) into a protected one
 * (DO'87' for data, DO'97' for Le, DO'8E' for the MAC); increments
 * the SSC. -1 when the APDU is malformed or does not fit cap. */
int sm_wrap(struct sm *sm, const unsigned char *apdu, size_t len, unsigned char *out, size_t cap,
	    size_t *out_len);
/* Unwraps a protected response (its DOs and SW1SW2): checks the MAC over SSC+1, then
 * decrypts DO'87' (DO'85' for an odd INS) into out followed by the status word from
 * DO'99'. -1 when the MAC is wrong, a DO is malformed or the status words disagree: the
 * session must end. A bare status word without any DO is passed on as it is when it is
 * an error (chips answer "file not found" or "wrong length" unprotected), never when it
 * is 9000. out needs room for the cryptogram and 2 bytes. */
int sm_unwrap(struct sm *sm, const unsigned char *resp, size_t len, unsigned char *out, size_t cap,
	      size_t *out_len);

#endif
