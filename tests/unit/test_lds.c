/* scanners/lds.c: EF.COM, DG1, DG2, DG11 and EF.CardAccess from hand-built bytes, and
 * every truncation of them refused without reading past the end (the ASan build of
 * this test holds each input in a buffer of exactly its length). */
#include "testutil.h"

#include "scanners/lds.h"
#include "scanners/tlv.h"

static const time_t NOW = 1795305600; /* 2026-11-22 */

/* tag, length and value at out; returns the bytes written */
static size_t put(unsigned char *out, unsigned tag, const void *value, size_t len)
{
	size_t h = tlv_header(tag, len, out);
	memmove(out + h, value, len);
	return h + len;
}

/* A copy in a buffer of exactly len bytes, so a read past it trips ASan. */
static unsigned char *exact(const unsigned char *buf, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);
	assert_non_null(p);
	memcpy(p, buf, len);
	return p;
}

/* --- tags and files ------------------------------------------------------------------ */

static void test_data_group_tags_and_file_ids(void **state)
{
	(void)state;
	assert_int_equal(lds_dg_of_tag(0x61), 1);
	assert_int_equal(lds_dg_of_tag(0x75), 2);
	assert_int_equal(lds_dg_of_tag(0x6B), 11);
	assert_int_equal(lds_dg_of_tag(0x6F), 15);
	assert_int_equal(lds_dg_of_tag(0x70), 16);
	assert_int_equal(lds_dg_of_tag(0x77), 0);
	assert_int_equal(lds_dg_of_tag(0x5F1F), 0);
	assert_int_equal(lds_tag_of_dg(2), 0x75);
	assert_int_equal(lds_tag_of_dg(0), 0);
	assert_int_equal(lds_tag_of_dg(17), 0);
	assert_int_equal(lds_fid_of_dg(1), 0x0101);
	assert_int_equal(lds_fid_of_dg(15), 0x010F);
	assert_int_equal(lds_fid_of_dg(-1), 0);
}

/* --- EF.COM ---------------------------------------------------------------------------- */

/* Appendix D.4 of 9303-11 reads this EF.COM */
static const unsigned char appendix_d_com[] = { 0x60, 0x14, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30,
						0x36, 0x5F, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30,
						0x30, 0x30, 0x5C, 0x02, 0x61, 0x75 };

static void test_com_of_appendix_d(void **state)
{
	(void)state;
	struct lds_com com;
	unsigned char *buf = exact(appendix_d_com, sizeof(appendix_d_com));
	assert_int_equal(lds_com_parse(buf, sizeof(appendix_d_com), &com), 0);
	assert_string_equal(com.lds_version, "1.6");
	assert_string_equal(com.unicode_version, "4.0.0");
	assert_int_equal(com.dgs, (1u << 1) | (1u << 2));
	free(buf);
}

static void test_com_truncated_or_mistagged_is_refused(void **state)
{
	(void)state;
	struct lds_com com;
	for (size_t n = 0; n < sizeof(appendix_d_com); n++) {
		unsigned char *buf = exact(appendix_d_com, n);
		assert_int_equal(lds_com_parse(buf, n, &com), -1);
		free(buf);
	}
	unsigned char other[sizeof(appendix_d_com)];
	memcpy(other, appendix_d_com, sizeof(other));
	other[0] = 0x61;
	assert_int_equal(lds_com_parse(other, sizeof(other), &com), -1);
	/* no tag list */
	static const unsigned char bare[] = { 0x60, 0x06, 0x5F, 0x01, 0x02, 0x30, 0x31, 0x00 };
	assert_int_equal(lds_com_parse(bare, 8, &com), -1);
	/* an indefinite length */
	static const unsigned char indef[] = { 0x60, 0x80, 0x5C, 0x01, 0x61, 0x00, 0x00 };
	assert_int_equal(lds_com_parse(indef, sizeof(indef), &com), -1);
}

/* --- DG1 ------------------------------------------------------------------------------- */

static size_t make_dg1(const char *mrz, unsigned char *out)
{
	unsigned char inner[128];
	size_t n = put(inner, 0x5F1F, mrz, strlen(mrz));
	return put(out, 0x61, inner, n);
}

static void test_dg1_td3_gives_the_document(void **state)
{
	(void)state;
	unsigned char dg1[256];
	size_t n = make_dg1("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
			    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
			    dg1);
	unsigned char *buf = exact(dg1, n);
	struct document d;
	struct error err;
	TU_OK(lds_dg1_parse(buf, n, NOW, &d, &err), &err);
	assert_int_equal(d.format, DOC_TD3);
	assert_string_equal(d.surname, "ERIKSSON");
	assert_string_equal(d.given_names, "ANNA MARIA");
	assert_string_equal(d.number, "L898902C3");
	assert_int_equal(d.birth.year, 1974);
	assert_string_equal(d.mrz[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
	free(buf);
}

static void test_dg1_td1_and_td2_are_split_into_their_lines(void **state)
{
	(void)state;
	unsigned char dg1[256];
	struct document d;
	struct error err;
	size_t n = make_dg1("I<UTOD231458907<<<<<<<<<<<<<<<"
			    "7408122F1204159UTO<<<<<<<<<<<6"
			    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
			    dg1);
	TU_OK(lds_dg1_parse(dg1, n, NOW, &d, &err), &err);
	assert_int_equal(d.format, DOC_TD1);
	assert_int_equal(d.lines, 3);
	assert_string_equal(d.number, "D23145890");
	n = make_dg1("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
		     "D231458907UTO7408122F1204159<<<<<<<6",
		     dg1);
	TU_OK(lds_dg1_parse(dg1, n, NOW, &d, &err), &err);
	assert_int_equal(d.format, DOC_TD2);
}

static void test_dg1_of_the_wrong_size_or_truncated_is_refused(void **state)
{
	(void)state;
	unsigned char dg1[256];
	struct document d;
	struct error err;
	size_t n = make_dg1("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<"
			    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
			    dg1);
	assert_int_equal(lds_dg1_parse(dg1, n, NOW, &d, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "87");
	n = make_dg1("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
		     "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
		     dg1);
	for (size_t cut = 0; cut < n; cut++) {
		unsigned char *buf = exact(dg1, cut);
		assert_int_equal(lds_dg1_parse(buf, cut, NOW, &d, &err), -ERR_USAGE);
		assert_true(err.msg[0] != '\0');
		free(buf);
	}
	/* a DG1 without '5F1F' */
	static const unsigned char empty[] = { 0x61, 0x03, 0x5F, 0x20, 0x00 };
	assert_int_equal(lds_dg1_parse(empty, sizeof(empty), NOW, &d, &err), -ERR_USAGE);
}

/* --- DG2 ------------------------------------------------------------------------------- */

static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',
				      'I',  'F',  0x00, 0x01, 0x01, 0x00, 0xFF, 0xD9 };
static const unsigned char jp2[] = { 0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20,
				     0x0D, 0x0A, 0x87, 0x0A, 0x00, 0x00, 0x00, 0x14 };

/* An ISO/IEC 19794-5 record: header, facial information, feature points, image info. */
static size_t face_record(const char *version, int points, int data_type, int w, int h,
			  const unsigned char *img, size_t img_len, unsigned char *out)
{
	size_t face = 20 + 8 * (size_t)points + 12 + img_len, rec = 14 + face, n = 0;
	memcpy(out, "FAC\0", 4);
	memcpy(out + 4, version, 4);
	n = 8;
	for (int i = 3; i >= 0; i--)
		out[n++] = (unsigned char)(rec >> (8 * i));
	out[n++] = 0, out[n++] = 1;
	for (int i = 3; i >= 0; i--)
		out[n++] = (unsigned char)(face >> (8 * i));
	out[n++] = 0, out[n++] = (unsigned char)points;
	memset(out + n, 0, 14);
	n += 14;
	memset(out + n, 0x55, 8 * (size_t)points);
	n += 8 * (size_t)points;
	out[n++] = 1; /* full frontal */
	out[n++] = (unsigned char)data_type;
	out[n++] = (unsigned char)(w >> 8), out[n++] = (unsigned char)w;
	out[n++] = (unsigned char)(h >> 8), out[n++] = (unsigned char)h;
	memset(out + n, 0, 6);
	n += 6;
	memcpy(out + n, img, img_len);
	return n + img_len;
}

/* 75 { 7F61 { 02 01 n, 7F60 { A1 {...}, bdb_tag bdb } x n } } */
static size_t make_dg2(unsigned bdb_tag, const unsigned char *bdb, size_t bdb_len, int copies,
		       unsigned char *out)
{
	static unsigned char bit[8192], group[20000], tmp[20000];
	static const unsigned char bht[] = { 0x80, 0x02, 0x01, 0x01, 0x87, 0x02, 0x01, 0x01 };
	size_t n = put(bit, 0xA1, bht, sizeof(bht));
	n += put(bit + n, bdb_tag, bdb, bdb_len);
	size_t g = 0;
	group[g++] = 0x02, group[g++] = 0x01, group[g++] = (unsigned char)copies;
	for (int i = 0; i < copies; i++)
		g += put(group + g, 0x7F60, bit, n);
	size_t t = put(tmp, 0x7F61, group, g);
	return put(out, 0x75, tmp, t);
}

static void test_dg2_jpeg_face_with_its_size(void **state)
{
	(void)state;
	unsigned char bdb[512], dg2[1024];
	size_t b = face_record("010\0", 2, 0, 240, 320, jpeg, sizeof(jpeg), bdb);
	size_t n = make_dg2(0x5F2E, bdb, b, 1, dg2);
	unsigned char *buf = exact(dg2, n);
	struct lds_face face;
	assert_int_equal(lds_dg2_parse(buf, n, &face), 0);
	assert_int_equal(face.format, LDS_IMAGE_JPEG);
	assert_int_equal(face.len, sizeof(jpeg));
	assert_memory_equal(face.image, jpeg, sizeof(jpeg));
	assert_true(face.image >= buf && face.image + face.len <= buf + n);
	assert_int_equal(face.width, 240);
	assert_int_equal(face.height, 320);
	assert_int_equal(face.faces, 1);
	free(buf);
}

static void test_dg2_jpeg2000_face_in_an_enciphered_style_block(void **state)
{
	(void)state;
	unsigned char bdb[512], dg2[1024];
	size_t b = face_record("010\0", 0, 1, 413, 531, jp2, sizeof(jp2), bdb);
	size_t n = make_dg2(0x7F2E, bdb, b, 2, dg2);
	struct lds_face face;
	assert_int_equal(lds_dg2_parse(dg2, n, &face), 0);
	assert_int_equal(face.format, LDS_IMAGE_JPEG2000);
	assert_int_equal(face.width, 413);
	assert_int_equal(face.faces, 2);
	/* a raw codestream */
	static const unsigned char j2k[] = { 0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x2F };
	b = face_record("010\0", 0, 1, 10, 10, j2k, sizeof(j2k), bdb);
	n = make_dg2(0x5F2E, bdb, b, 1, dg2);
	assert_int_equal(lds_dg2_parse(dg2, n, &face), 0);
	assert_int_equal(face.format, LDS_IMAGE_JPEG2000);
	assert_int_equal(face.len, sizeof(j2k));
}

static void test_dg2_other_record_versions_are_searched_by_signature(void **state)
{
	(void)state;
	unsigned char bdb[512], dg2[1024];
	size_t b = face_record("030\0", 0, 0, 240, 320, jpeg, sizeof(jpeg), bdb);
	size_t n = make_dg2(0x5F2E, bdb, b, 1, dg2);
	struct lds_face face;
	assert_int_equal(lds_dg2_parse(dg2, n, &face), 0);
	assert_int_equal(face.format, LDS_IMAGE_JPEG);
	assert_int_equal(face.width, 0);
	assert_memory_equal(face.image, jpeg, sizeof(jpeg));
}

static void test_dg2_lying_lengths_and_truncation_are_refused(void **state)
{
	(void)state;
	unsigned char bdb[512], dg2[1024];
	size_t b = face_record("010\0", 1, 0, 240, 320, jpeg, sizeof(jpeg), bdb);
	size_t n = make_dg2(0x5F2E, bdb, b, 1, dg2);
	struct lds_face face;
	for (size_t cut = 0; cut < n; cut++) {
		unsigned char *buf = exact(dg2, cut);
		assert_int_equal(lds_dg2_parse(buf, cut, &face), -1);
		assert_null(face.image);
		free(buf);
	}
	/* a face block that claims more than there is: the image still ends in the block */
	bdb[14] = 0x7F;
	n = make_dg2(0x5F2E, bdb, b, 1, dg2);
	assert_int_equal(lds_dg2_parse(dg2, n, &face), 0);
	assert_true(face.image + face.len <= dg2 + n);
	assert_int_equal(face.width, 0);
	/* no image anywhere */
	static const unsigned char noise[] = { 'F', 'A', 'C', 0, '0', '1', '0', 0, 1, 2, 3 };
	n = make_dg2(0x5F2E, noise, sizeof(noise), 1, dg2);
	assert_int_equal(lds_dg2_parse(dg2, n, &face), -1);
	/* no biometric data block, no 7F60 */
	n = make_dg2(0x5F2F, bdb, b, 1, dg2);
	assert_int_equal(lds_dg2_parse(dg2, n, &face), -1);
	n = make_dg2(0x5F2E, bdb, b, 0, dg2);
	assert_int_equal(lds_dg2_parse(dg2, n, &face), -1);
}

/* --- DG11 ------------------------------------------------------------------------------ */

static void test_dg11_name_and_place_of_birth(void **state)
{
	(void)state;
	unsigned char inner[256], dg11[300];
	static const unsigned char list[] = { 0x5F, 0x0E, 0x5F, 0x11 };
	size_t n = put(inner, 0x5C, list, sizeof(list));
	n += put(inner + n, 0x5F0E, "ERIKSSON<<ANNA<MARIA", 20);
	n += put(inner + n, 0x5F11, "ZENITH,UTOPIA\x01\xC3\xA9\xFF", 17);
	n += put(inner + n, 0x5F2B, "19740812", 8);
	size_t len = put(dg11, 0x6B, inner, n);
	unsigned char *buf = exact(dg11, len);
	struct lds_dg11 d;
	assert_int_equal(lds_dg11_parse(buf, len, &d), 0);
	assert_string_equal(d.name, "ERIKSSON<<ANNA<MARIA");
	assert_string_equal(d.place_of_birth, "ZENITH,UTOPIA?\xC3\xA9?");
	assert_string_equal(d.birth_date, "19740812");
	assert_string_equal(d.personal_number, "");
	free(buf);
	for (size_t cut = 0; cut < len; cut++) {
		buf = exact(dg11, cut);
		assert_int_equal(lds_dg11_parse(buf, cut, &d), -1);
		free(buf);
	}
}

/* --- EF.CardAccess -------------------------------------------------------------------- */

static size_t pace_info(unsigned char mapping, unsigned char cipher, int param, unsigned char *out)
{
	unsigned char seq[64],
		oid[] = { 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, mapping, cipher };
	size_t n = put(seq, 0x06, oid, sizeof(oid));
	n += put(seq + n, 0x02, "\x02", 1);
	if (param >= 0) {
		unsigned char p = (unsigned char)param;
		n += put(seq + n, 0x02, &p, 1);
	}
	return put(out, 0x30, seq, n);
}

static void test_card_access_names_the_pace_protocols(void **state)
{
	(void)state;
	unsigned char set[256], file[300], other[64];
	size_t n = pace_info(2, 2, 13, set);
	/* a PACEDomainParameterInfo and a ChipAuthenticationInfo: not PACE offers */
	static const unsigned char dp_oid[] = {
		0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02
	};
	size_t o = put(other, 0x06, dp_oid, sizeof(dp_oid));
	o += put(other + o, 0x30, "\x06\x01\x00", 3);
	n += put(set + n, 0x30, other, o);
	static const unsigned char ca_oid[] = { 0x04, 0x00, 0x7F, 0x00, 0x07,
						0x02, 0x02, 0x03, 0x02, 0x01 };
	o = put(other, 0x06, ca_oid, sizeof(ca_oid));
	o += put(other + o, 0x02, "\x01", 1);
	n += put(set + n, 0x30, other, o);
	n += pace_info(1, 1, -1, set + n);
	size_t len = put(file, 0x31, set, n);
	unsigned char *buf = exact(file, len);
	char text[256];
	assert_int_equal(lds_card_access_parse(buf, len, text, sizeof(text)), 2);
	assert_string_equal(text, "PACE ECDH-GM AES-128 brainpoolP256r1; PACE DH-GM 3DES");
	/* a short buffer truncates the text, never the count */
	assert_int_equal(lds_card_access_parse(buf, len, text, 12), 2);
	assert_string_equal(text, "PACE ECDH-G");
	for (size_t cut = 0; cut < len; cut++) {
		free(buf);
		buf = exact(file, cut);
		assert_int_equal(lds_card_access_parse(buf, cut, text, sizeof(text)), -1);
	}
	free(buf);
}

static void test_card_access_without_pace_and_malformed(void **state)
{
	(void)state;
	char text[64];
	static const unsigned char empty[] = { 0x31, 0x00 };
	assert_int_equal(lds_card_access_parse(empty, sizeof(empty), text, sizeof(text)), 0);
	assert_string_equal(text, "");
	/* a SecurityInfo that is no SEQUENCE, one without OID, a negative version */
	static const unsigned char notseq[] = { 0x31, 0x03, 0x04, 0x01, 0x00 };
	assert_int_equal(lds_card_access_parse(notseq, sizeof(notseq), text, sizeof(text)), -1);
	static const unsigned char nooid[] = { 0x31, 0x05, 0x30, 0x03, 0x02, 0x01, 0x01 };
	assert_int_equal(lds_card_access_parse(nooid, sizeof(nooid), text, sizeof(text)), -1);
	unsigned char set[64], file[64];
	size_t n = pace_info(4, 4, 18, set);
	set[n - 4] = 0xFF; /* version -1 */
	size_t len = put(file, 0x31, set, n);
	assert_int_equal(lds_card_access_parse(file, len, text, sizeof(text)), -1);
	/* ECDH-IM AES-256 with P-521, accepted */
	n = pace_info(4, 4, 18, set);
	len = put(file, 0x31, set, n);
	assert_int_equal(lds_card_access_parse(file, len, text, sizeof(text)), 1);
	assert_string_equal(text, "PACE ECDH-IM AES-256 P-521");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_group_tags_and_file_ids),
		cmocka_unit_test(test_com_of_appendix_d),
		cmocka_unit_test(test_com_truncated_or_mistagged_is_refused),
		cmocka_unit_test(test_dg1_td3_gives_the_document),
		cmocka_unit_test(test_dg1_td1_and_td2_are_split_into_their_lines),
		cmocka_unit_test(test_dg1_of_the_wrong_size_or_truncated_is_refused),
		cmocka_unit_test(test_dg2_jpeg_face_with_its_size),
		cmocka_unit_test(test_dg2_jpeg2000_face_in_an_enciphered_style_block),
		cmocka_unit_test(test_dg2_other_record_versions_are_searched_by_signature),
		cmocka_unit_test(test_dg2_lying_lengths_and_truncation_are_refused),
		cmocka_unit_test(test_dg11_name_and_place_of_birth),
		cmocka_unit_test(test_card_access_names_the_pace_protocols),
		cmocka_unit_test(test_card_access_without_pace_and_malformed),
	};
	return cmocka_run_group_tests_name("lds", tests, NULL, NULL);
}
