/* BER-TLV (ISO/IEC 7816-4 section 5.2, as ICAO 9303-10 uses it). Strict where a lax
 * parser would be unsafe (indefinite lengths, lengths past the buffer, tags or lengths
 * longer than the data objects of the LDS ever need), lenient where real chips differ
 * without harm: a length in more bytes than it needs is accepted, because what is hashed
 * for Passive Authentication is the bytes as read, never a re-encoding. */
#include "scanners/tlv.h"

int tlv_parse(const unsigned char *buf, size_t len, struct tlv *out)
{
	size_t pos = 0;
	if (!buf || len < 2)
		return -1;
	unsigned char first = buf[pos++];
	/* 00 ends an indefinite value (refused) and FF is not a tag (7816-4: padding) */
	if (first == 0x00 || first == 0xFF)
		return -1;
	unsigned tag = first;
	if ((first & 0x1F) == 0x1F) {
		/* subsequent bytes: bit 8 set means one more follows; at most 3 in all */
		for (int n = 1;; n++) {
			if (pos >= len || n > 2)
				return -1;
			unsigned char b = buf[pos++];
			if (n == 1 && b == 0x80)
				return -1; /* X.690 8.1.2.4.2 c: no leading zero bits */
			tag = tag << 8 | b;
			if (!(b & 0x80))
				break;
		}
	}
	if (pos >= len)
		return -1;
	unsigned char l0 = buf[pos++];
	size_t vlen;
	if (l0 < 0x80) {
		vlen = l0;
	} else {
		size_t n = l0 & 0x7F;
		if (n == 0 || n > 4)
			return -1; /* 80: indefinite; 85 and up: never in an LDS */
		if (len - pos < n)
			return -1;
		vlen = 0;
		for (size_t i = 0; i < n; i++)
			vlen = vlen << 8 | buf[pos++];
	}
	if (vlen > len - pos)
		return -1;
	out->tag = tag;
	out->constructed = (first & 0x20) != 0;
	out->value = buf + pos;
	out->len = vlen;
	out->size = pos + vlen;
	return 0;
}

int tlv_find(const unsigned char *buf, size_t len, unsigned tag, struct tlv *out)
{
	size_t pos = 0;
	while (pos < len) {
		struct tlv t;
		if (tlv_parse(buf + pos, len - pos, &t) < 0)
			return -1;
		if (t.tag == tag) {
			*out = t;
			return 1;
		}
		pos += t.size;
	}
	return 0;
}

size_t tlv_header(unsigned tag, size_t len, unsigned char *out)
{
	size_t n = 0;
	if (tag > 0xFFFF)
		out[n++] = (unsigned char)(tag >> 16);
	if (tag > 0xFF)
		out[n++] = (unsigned char)(tag >> 8);
	out[n++] = (unsigned char)tag;
	if (len < 0x80) {
		out[n++] = (unsigned char)len;
	} else {
		int bytes = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
		out[n++] = (unsigned char)(0x80 | bytes);
		for (int i = bytes - 1; i >= 0; i--)
			out[n++] = (unsigned char)(len >> (8 * i));
	}
	return n;
}
