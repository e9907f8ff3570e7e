/* Checking a signer's certificate against the CSCA trust anchors: shared by Passive
 * Authentication (a chip's Document Signer, scanners/sod.c) and digital seals (a
 * barcode signer, scanners/seal.c), so both follow one rule set: anchors only (no
 * partial chains), a CRL of the issuer is checked when the store has one and still
 * counts past its next update (a remote post may not have a fresh one), and ICAO's own
 * critical extensions do not fail a chain. */
#ifndef SHEKARA_PKI_H
#define SHEKARA_PKI_H

#include <stddef.h>

#include <openssl/x509.h>

#include "scanners/chip.h"

struct pki_chain {
	enum chip_check trusted;  /* NOT_PERFORMED when trust is NULL or empty */
	int revoked;              /* it chains, but the issuer's CRL revokes it */
	char anchor_subject[256]; /* the anchor the chain ended in (RFC 2253); "" */
	char reason[256];         /* in English; "" when trusted */
};

/* Verifies leaf (with the intermediate certificates carried, which may be NULL)
 * against trust. what names the certificate in reason: "DS certificate". */
void pki_check_chain(X509 *leaf, STACK_OF(X509) * carried, const struct chip_trust *trust,
		     const char *what, struct pki_chain *out);
/* A name as RFC 2253 text, UTF-8 kept: "CN=Document Signer,O=Utopia,C=UT". */
void pki_name_text(const X509_NAME *name, char *out, size_t len);

#endif
