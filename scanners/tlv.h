/* BER-TLV as ICAO 9303-10 uses it (tags of 1-3 bytes, definite lengths of up to 4
 * bytes). Everything a chip returns is untrusted input: every length is checked against
 * the bytes that are really there, and nothing is ever read past them. */
#ifndef SHEKARA_TLV_H
#define SHEKARA_TLV_H

#include <stddef.h>

struct tlv {
	unsigned tag;               /* the tag bytes as one number: 0x5F1F, 0x7F61 */
	int constructed;            /* bit 6 of the first tag byte */
	const unsigned char *value; /* points into the parsed buffer */
	size_t len;                 /* of value */
	size_t size;                /* header and value: where the next TLV starts */
};

/* Parses the TLV at the start of buf (len bytes available). 0 and out filled, -1 when
 * it is malformed or runs past len (indefinite lengths are refused). */
int tlv_parse(const unsigned char *buf, size_t len, struct tlv *out);
/* The first TLV with tag among the TLVs that fill buf (one level, in order): 1 found,
 * 0 not there, -1 malformed. */
int tlv_find(const unsigned char *buf, size_t len, unsigned tag, struct tlv *out);
/* Writes tag and length in front of a value of len bytes into out (at least 8 bytes);
 * returns the header's size. */
size_t tlv_header(unsigned tag, size_t len, unsigned char *out);

#endif
