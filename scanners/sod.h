/* EF.SOD and Passive Authentication (ICAO 9303-10 4.6.2, 9303-11 5.1): the Document
 * Security Object is a CMS SignedData (RFC 5652) whose content, the
 * LDSSecurityObject, lists a hash of each data group; it is signed by a Document
 * Signer whose certificate rides in the SignedData and must chain to a CSCA the
 * workstation trusts. Three separate results, so that an officer is told which one
 * failed: the signature, the certificate chain, and each data group's hash. */
#ifndef SHEKARA_SOD_H
#define SHEKARA_SOD_H

#include <stddef.h>

#include "scanners/chip.h"
#include "scanners/lds.h"

enum { SOD_MAX_HASH = 64 };

struct sod_dg_hash {
	int dg; /* 1-16 */
	size_t len;
	unsigned char value[SOD_MAX_HASH];
};

struct sod {
	int version;        /* of the LDSSecurityObject: 0, or 1 with the LDS version */
	char hash_name[16]; /* "SHA-256" */
	int hash_nid;       /* the same as an OpenSSL NID */
	int n_hashes;
	struct sod_dg_hash hashes[LDS_MAX_DG];
	enum chip_check signature;  /* the CMS signature, with the DS certificate inside */
	enum chip_check ds_trusted; /* the DS certificate chains to a trust anchor, unrevoked */
	int ds_revoked;             /* it chains, but the CSCA's CRL revokes it */
	char ds_subject[256];       /* RFC 2253: "CN=Document Signer,O=Utopia,C=UT" */
	char csca_subject[256];     /* the anchor the chain ended in; "" when none */
	char reason[256];           /* the first thing that failed, in English; "" */
};

/* The LDSSecurityObject alone (DER, as signed): version, hash algorithm (SHA-1, -224,
 * -256, -384, -512) and the data group hashes. 0, or -1 when it is malformed, names
 * another hash algorithm, or lists a data group twice. */
int sod_parse_lso(const unsigned char *der, size_t len, struct sod *out);

/* Parses EF.SOD ('77' around a CMS ContentInfo with eContentType 2.23.136.1.1.1) and
 * its LDSSecurityObject, verifies the CMS signature with the DS certificate it carries
 * and that certificate against trust (the CSCAs, which must be trust anchors: no
 * partial chains; with a CRL of the DS's issuer, revocation is checked, and a CRL past
 * its next update still counts, since a remote post may not have a fresh one). trust
 * NULL or empty: ds_trusted NOT_PERFORMED. Returns 0 when the file is an EF.SOD (see
 * out->signature, ds_trusted and reason), -1 when it is malformed (out->reason). */
int sod_verify(const unsigned char *buf, size_t len, const struct chip_trust *trust,
	       struct sod *out);

/* Whether the SOD has a hash for data group dg. */
int sod_has(const struct sod *s, int dg);
/* Compares data (a whole data group file as read) with the SOD's hash of data group
 * dg: 1 equal, 0 different, -1 when the SOD has no hash for dg. */
int sod_check(const struct sod *s, int dg, const unsigned char *data, size_t len);

#endif
