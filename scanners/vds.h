/* ICAO Visible Digital Seal, binary encoding (Doc 9303-13; BSI TR-03137 Part 1 v2.5,
 * which carries the same encoding and the worked examples): the DataMatrix on visa
 * stickers, residence permits and arrival attestations, whose payload starts with the
 * magic byte 0xDC.
 *
 * A seal is a header (issuer, signer, certificate reference, dates, which profile), a
 * message zone of tag-length-value features and, last, a signature zone (tag 0xFF) with
 * an ECDSA signature as r‖s over the header and the message zone. The payload comes off
 * paper held up to a scanner: every length is checked against the bytes that are really
 * there, and everything kept is copied. */
#ifndef SHEKARA_VDS_H
#define SHEKARA_VDS_H

#include <stddef.h>

#include "scanners/seal.h"

/* Parses one seal of len bytes. 0 with out filled: kind SEAL_VDS; type "visa",
 * "residence_permit", "arrival_attestation", or "vds" for a profile not known here (its
 * features kept as fields "tag_xx" with the value in hex); version "3" or "4"; fields
 * in order: issue_date, signature_date (YYYY-MM-DD), signer, cert_ref, feature_ref,
 * type_category, then the features ("mrz", "passport_number", "duration_of_stay" ...);
 * person from the seal's MRZ and passport number; mrz filled back to the printed width;
 * sig with the r‖s value and the exact bytes signed (sig.present 0 for a seal without a
 * signature zone). -1 with an English reason in why when the payload is not a
 * well-formed seal; out is then empty and owns nothing. Either way seal_free(out)
 * releases it. Two-digit MRZ years: a birth is in the latest century that does not put
 * it in the future (by the clock), an expiry is 20YY. */
int vds_parse(const unsigned char *data, size_t len, struct seal *out, char *why, size_t why_len);

/* 1 when data starts like a seal this parser reads (magic 0xDC, version byte 0x02 or
 * 0x03), so the app can route a payload; 0 otherwise. */
int vds_looks_like(const unsigned char *data, size_t len);

/* Decodes len bytes of C40 (TR-03137 Annex B, with its padding rules) into out as a
 * NUL-terminated string of A-Z, 0-9 and spaces (the MRZ filler '<' is encoded as a
 * space). Returns the number of characters, or -1 when the bytes are not C40 as Annex B
 * allows or out (out_len bytes) cannot hold them. */
int vds_c40_decode(const unsigned char *in, size_t len, char *out, size_t out_len);

#endif
