/* ICAO Visible Digital Seal for non-constrained environments (VDS-NC, ICAO TR v1.1,
 * 2021): a JSON text in a QR code,
 *   {"data":{"hdr":{"t":TYPE,"v":VERSION,"is":ISSUER},"msg":{...}},
 *    "sig":{"alg":"ES256","cer":BASE64URL(DER certificate),"sigvl":BASE64URL(signature)}}
 * signed over the RFC 8785 (JSON Canonicalization Scheme) form of the "data" value, so
 * the bytes that were signed are not in the barcode: they are computed here.
 *
 * The text comes from paper held up to a scanner and is hostile. It is read strictly
 * (RFC 8259 grammar, UTF-8 without overlong forms or lone surrogates, no duplicate
 * member names, at most VDSNC_MAX_DEPTH levels), because two readers that disagree on
 * what a text means would let one signature vouch for two different contents. */
#ifndef SHEKARA_VDSNC_H
#define SHEKARA_VDSNC_H

#include <stddef.h>

#include "scanners/seal.h"

enum {
	/* a QR code of version 40 carries at most 2953 bytes; four times that is room for
	 * any real seal and keeps a hostile payload cheap to refuse */
	VDSNC_MAX_INPUT = 16 * 1024,
	/* nested objects and arrays, the outer object included (a vaccination seal uses 7) */
	VDSNC_MAX_DEPTH = 16,
	/* what vdsnc_canonicalize accepts (a tool's input, not a barcode's) */
	VDSNC_MAX_TEXT = 1024 * 1024,
};

/* Parses a VDS-NC payload of len bytes (not NUL-terminated; trailing blanks allowed).
 * 0 with out filled:
 *   kind SEAL_VDSNC; type = hdr.t as carried; version = hdr.v; issuer = hdr.is;
 *   fields: every leaf of data.msg in document order, named by its path ("msg.uvci",
 *     "msg.pid.n", "msg.ve[0].vd[1].dvc"), strings decoded, numbers and literals as
 *     written, an empty object or array as "{}" or "[]"; names longer than a field
 *     name holds end in "..."; past SEAL_MAX_FIELDS the last field is "truncated"
 *     with the number of leaves left out;
 *   person: for the types ICAO defines (icao.vacc, icao.test) the holder's name, birth
 *     date, sex and travel document number; nothing for other types;
 *   sig (when "sig" is there): alg as carried, cert and value decoded from base64url
 *     or base64 (padded or not), format SEAL_SIG_DER when value is exactly one DER
 *     ECDSA-Sig-Value, else SEAL_SIG_RAW (r‖s); data = the RFC 8785 form of "data".
 * -1 with a short English reason in why when the payload is not such a seal: out is
 * then empty and owns nothing. Free a parsed seal with seal_free(). */
int vdsnc_parse(const char *json, size_t len, struct seal *out, char *why, size_t why_len);

/* 1 when the first byte that is not a blank is '{' (a payload for vdsnc_parse). */
int vdsnc_looks_like(const char *text, size_t len);

/* The RFC 8785 canonical form of a whole JSON text of len bytes (read as strictly as
 * vdsnc_parse reads, at most VDSNC_MAX_TEXT bytes): 0 with *out malloc'd (NUL-terminated,
 * *out_len without the NUL; free() it), -1 when the text is not JSON or holds a number
 * that is not a finite IEEE 754 double. For tests and tools. */
int vdsnc_canonicalize(const char *json, size_t len, char **out, size_t *out_len);

/* Decodes base64 in either alphabet (RFC 4648 sections 4 and 5, not mixed), with or
 * without its '=' padding: 0 with *out malloc'd (*out_len bytes, may be 0; free() it),
 * -1 on any other character, misplaced padding, an impossible length or unused bits
 * that are not zero. */
int vdsnc_base64_decode(const char *in, size_t len, unsigned char **out, size_t *out_len);

#endif
