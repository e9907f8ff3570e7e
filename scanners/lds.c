/* LDS parsers (ICAO 9303-10 section 4.6, 9303-11 section 9.2), over scanners/tlv.c. A
 * chip is untrusted input: each parser checks the tag it expects, walks only inside the
 * lengths tlv_parse has checked, and refuses rather than guesses. */
#include "scanners/lds.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "scanners/mrz.h"
#include "scanners/tlv.h"

static const unsigned char dg_tags[LDS_MAX_DG + 1] = {
	0,    0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68,
	0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
};

int lds_dg_of_tag(unsigned tag)
{
	for (int dg = 1; dg <= LDS_MAX_DG; dg++)
		if (dg_tags[dg] == tag)
			return dg;
	return 0;
}

unsigned lds_tag_of_dg(int dg)
{
	return dg >= 1 && dg <= LDS_MAX_DG ? dg_tags[dg] : 0;
}

unsigned lds_fid_of_dg(int dg)
{
	return dg >= 1 && dg <= LDS_MAX_DG ? 0x0100u + (unsigned)dg : 0;
}

/* The outer TLV of a file, which must carry tag; what follows it (some chips pad their
 * files) is not looked at. */
static int outer(const unsigned char *buf, size_t len, unsigned tag, struct tlv *t)
{
	if (tlv_parse(buf, len, t) < 0 || t->tag != tag)
		return -1;
	return 0;
}

static int digits(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "010600" -> "1.6.0": pairs of digits, leading zeros dropped; out holds 3 * parts. */
static void version_text(const unsigned char *v, int parts, char *out)
{
	size_t n = 0;
	for (int i = 0; i < parts; i++) {
		if (i)
			out[n++] = '.';
		if (v[2 * i] != '0')
			out[n++] = (char)v[2 * i];
		out[n++] = (char)v[2 * i + 1];
	}
	out[n] = '\0';
}

int lds_com_parse(const unsigned char *buf, size_t len, struct lds_com *out)
{
	struct tlv com, t;
	memset(out, 0, sizeof(*out));
	if (outer(buf, len, 0x60, &com) < 0)
		return -1;
	/* '5F01' "aabb": LDS version aa.bb; '5F36' "aabbcc": Unicode aa.bb.cc */
	if (tlv_find(com.value, com.len, 0x5F01, &t) == 1 && t.len == 4 && digits(t.value, 4))
		version_text(t.value, 2, out->lds_version);
	if (tlv_find(com.value, com.len, 0x5F36, &t) == 1 && t.len == 6 && digits(t.value, 6))
		version_text(t.value, 3, out->unicode_version);
	if (tlv_find(com.value, com.len, 0x5C, &t) != 1)
		return -1;
	for (size_t i = 0; i < t.len; i++) {
		int dg = lds_dg_of_tag(t.value[i]);
		if (dg)
			out->dgs |= 1u << dg;
	}
	return 0;
}

int lds_dg1_parse(const unsigned char *buf, size_t len, time_t now, struct document *out,
		  struct error *err)
{
	struct tlv dg1, mrz;
	memset(out, 0, sizeof(*out));
	if (outer(buf, len, 0x61, &dg1) < 0 || tlv_find(dg1.value, dg1.len, 0x5F1F, &mrz) != 1)
		return error_set(err, ERR_USAGE, _("the chip's DG1 is malformed"));
	/* 9303-10 4.7.1: the lines one after the other, without separators */
	int lines, width;
	switch (mrz.len) {
	case 88:
		lines = 2, width = 44;
		break;
	case 90:
		lines = 3, width = 30;
		break;
	case 72:
		lines = 2, width = 36;
		break;
	default:
		return error_set(
			err, ERR_USAGE,
			_("the chip's DG1 holds %zu characters, not an MRZ of 72, 88 or 90"),
			mrz.len);
	}
	char text[3 * (MRZ_MAX_LINE + 1) + 1];
	size_t n = 0;
	for (int l = 0; l < lines; l++) {
		memcpy(text + n, mrz.value + (size_t)l * (size_t)width, (size_t)width);
		n += (size_t)width;
		text[n++] = '\n';
	}
	return mrz_parse(text, n, now, out, err);
}

/* --- DG2: the face ------------------------------------------------------------------ */

static unsigned long be(const unsigned char *p, int n)
{
	unsigned long v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static enum lds_image_format image_kind(const unsigned char *p, size_t len)
{
	static const unsigned char jp2[] = { 0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20 };
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return LDS_IMAGE_JPEG;
	if (len >= sizeof(jp2) && memcmp(p, jp2, sizeof(jp2)) == 0)
		return LDS_IMAGE_JPEG2000;
	if (len >= 4 && p[0] == 0xFF && p[1] == 0x4F && p[2] == 0xFF && p[3] == 0x51)
		return LDS_IMAGE_JPEG2000;
	return LDS_IMAGE_NONE;
}

/* ISO/IEC 19794-5:2005: a 14-byte record header ("FAC\0", "010\0", record length,
 * number of faces), then per face a 20-byte facial information block (its first four
 * bytes the face's length), 8 bytes per feature point, 12 bytes of image information
 * (type, data type, width, height, ...) and the image. Other versions of the format lay
 * the record out differently: for them the image is found by its signature. */
static int face_record(const unsigned char *bdb, size_t len, struct lds_face *out)
{
	if (len >= 14 + 20 + 12 && memcmp(bdb, "FAC\0", 4) == 0 &&
	    memcmp(bdb + 4, "010\0", 4) == 0) {
		const unsigned char *face = bdb + 14;
		size_t room = len - 14;
		unsigned long block = be(face, 4);
		unsigned long points = be(face + 4, 2);
		size_t info = 20 + 8 * (size_t)points;
		if (block <= room && info + 12 <= block) {
			const unsigned char *img = face + info + 12;
			size_t img_len = block - info - 12;
			enum lds_image_format f = image_kind(img, img_len);
			if (f != LDS_IMAGE_NONE) {
				out->image = img;
				out->len = img_len;
				out->format = f;
				out->width = (int)be(face + info + 2, 2);
				out->height = (int)be(face + info + 4, 2);
				return 0;
			}
		}
	}
	for (size_t i = 0; i < len; i++) {
		enum lds_image_format f = image_kind(bdb + i, len - i);
		if (f != LDS_IMAGE_NONE) {
			out->image = bdb + i;
			out->len = len - i;
			out->format = f;
			return 0;
		}
	}
	return -1;
}

int lds_dg2_parse(const unsigned char *buf, size_t len, struct lds_face *out)
{
	struct tlv dg2, group, t;
	memset(out, 0, sizeof(*out));
	if (outer(buf, len, 0x75, &dg2) < 0 || tlv_find(dg2.value, dg2.len, 0x7F61, &group) != 1)
		return -1;
	/* '02' the number of instances, then one '7F60' per face: the first is shown */
	const unsigned char *first = NULL;
	size_t first_len = 0;
	for (size_t pos = 0; pos < group.len; pos += t.size) {
		if (tlv_parse(group.value + pos, group.len - pos, &t) < 0)
			return -1;
		if (t.tag != 0x7F60)
			continue;
		if (!first) {
			first = t.value;
			first_len = t.len;
		}
		out->faces++;
	}
	if (!first)
		return -1;
	struct tlv bdb;
	int found = tlv_find(first, first_len, 0x5F2E, &bdb);
	if (found == 0)
		found = tlv_find(first, first_len, 0x7F2E, &bdb);
	if (found != 1 || face_record(bdb.value, bdb.len, out) < 0) {
		int faces = out->faces;
		memset(out, 0, sizeof(*out));
		out->faces = faces;
		return -1;
	}
	return 0;
}

/* --- DG11 ---------------------------------------------------------------------------- */

/* Copies UTF-8 text, replacing control characters and invalid sequences by '?'. */
static void copy_text(const unsigned char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap;) {
		unsigned char c = s[i];
		size_t need = c < 0x80             ? 1
			      : (c & 0xE0) == 0xC0 ? 2
			      : (c & 0xF0) == 0xE0 ? 3
			      : (c & 0xF8) == 0xF0 ? 4
						   : 0;
		int ok = need > 0 && i + need <= n && !(c >= 0xC0 && c < 0xC2) && c < 0xF5;
		for (size_t k = 1; ok && k < need; k++)
			ok = (s[i + k] & 0xC0) == 0x80;
		if (ok && need == 1 && (c < 0x20 || c == 0x7F))
			ok = 0;
		if (!ok) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (o + need >= cap)
			break;
		memcpy(out + o, s + i, need);
		o += need;
		i += need;
	}
	out[o] = '\0';
}

int lds_dg11_parse(const unsigned char *buf, size_t len, struct lds_dg11 *out)
{
	struct tlv dg11, t;
	memset(out, 0, sizeof(*out));
	if (outer(buf, len, 0x6B, &dg11) < 0)
		return -1;
	static const struct {
		unsigned tag;
		size_t off, cap;
	} fields[] = {
		{ 0x5F0E, offsetof(struct lds_dg11, name), sizeof(out->name) },
		{ 0x5F10, offsetof(struct lds_dg11, personal_number),
		  sizeof(out->personal_number) },
		{ 0x5F2B, offsetof(struct lds_dg11, birth_date), sizeof(out->birth_date) },
		{ 0x5F11, offsetof(struct lds_dg11, place_of_birth), sizeof(out->place_of_birth) },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		int rc = tlv_find(dg11.value, dg11.len, fields[i].tag, &t);
		if (rc < 0)
			return -1;
		if (rc == 1)
			copy_text(t.value, t.len, (char *)out + fields[i].off, fields[i].cap);
	}
	return 0;
}

/* --- EF.CardAccess ------------------------------------------------------------------- */

/* A small non-negative INTEGER; -1 otherwise. */
static long small_int(const struct tlv *t)
{
	if (t->tag != 0x02 || t->len == 0 || t->len > 4 || (t->value[0] & 0x80))
		return -1;
	return (long)be(t->value, (int)t->len);
}

/* 9303-11 9.5.1: domain parameters known by number */
static const char *domain_name(long id)
{
	static const char *const names[] = {
		[0] = "MODP-1024/160",    [1] = "MODP-2048/224",
		[2] = "MODP-2048/256",    [8] = "P-192",
		[9] = "brainpoolP192r1",  [10] = "P-224",
		[11] = "brainpoolP224r1", [12] = "P-256",
		[13] = "brainpoolP256r1", [14] = "brainpoolP320r1",
		[15] = "P-384",           [16] = "brainpoolP384r1",
		[17] = "brainpoolP512r1", [18] = "P-521",
	};
	if (id < 0 || (size_t)id >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[id];
}

int lds_card_access_parse(const unsigned char *buf, size_t len, char *out, size_t outlen)
{
	/* id-PACE: 0.4.0.127.0.7.2.2.4, then the mapping and the cipher */
	static const unsigned char id_pace[] = { 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04 };
	static const char *const mappings[] = { NULL,      "DH-GM", "ECDH-GM", "DH-IM",
						"ECDH-IM", NULL,    "ECDH-CAM" };
	static const char *const ciphers[] = { NULL, "3DES", "AES-128", "AES-192", "AES-256" };
	struct tlv set, info;
	int found = 0;
	size_t used = 0;
	if (outlen)
		out[0] = '\0';
	if (outer(buf, len, 0x31, &set) < 0)
		return -1;
	for (size_t pos = 0; pos < set.len; pos += info.size) {
		struct tlv oid, version, param;
		if (tlv_parse(set.value + pos, set.len - pos, &info) < 0 || info.tag != 0x30)
			return -1;
		if (tlv_parse(info.value, info.len, &oid) < 0 || oid.tag != 0x06)
			return -1;
		/* PACEDomainParameterInfo has one arc less and other SecurityInfos other
		 * OIDs: only PACEInfo says what the chip offers */
		if (oid.len != sizeof(id_pace) + 2 || memcmp(oid.value, id_pace, sizeof(id_pace)))
			continue;
		unsigned m = oid.value[8], c = oid.value[9];
		const char *mapping = m < 7 ? mappings[m] : NULL;
		const char *cipher = c < 5 ? ciphers[c] : NULL;
		if (!mapping || !cipher)
			continue;
		size_t rest = info.len - oid.size;
		if (tlv_parse(info.value + oid.size, rest, &version) < 0 || small_int(&version) < 0)
			return -1;
		const char *domain = NULL;
		if (rest > version.size) {
			if (tlv_parse(info.value + oid.size + version.size, rest - version.size,
				      &param) < 0)
				return -1;
			domain = domain_name(small_int(&param));
		}
		if (used < outlen) {
			int n = snprintf(out + used, outlen - used, "%sPACE %s %s%s%s",
					 found ? "; " : "", mapping, cipher, domain ? " " : "",
					 domain ? domain : "");
			used = n < 0 ? outlen : used + (size_t)n;
		}
		found++;
	}
	return found;
}
