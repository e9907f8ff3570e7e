/* scanners/vds.c: the C40 vectors of TR-03137 Annex B, the worked examples of Annexes C,
 * D, E, F and H byte for byte, version 3 and 4 headers, seals made by tests/barcode/vds.py whose
 * signatures verify over exactly the bytes the parser says were signed, and every way a
 * damaged or forged payload can be malformed. Inputs are parsed from heap copies of
 * exactly their length, so the ASan build catches any read past the end. */
#include "testutil.h"

#include <time.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "scanners/vds.h"

/* TR-03137 Annex C, 144 bytes */
static const char annex_c_hex[] =
	"dc 02 6a bc 6d 32 c8 a5 19 fc 0f 71 34 11 45 f4 fd 02 02 30 a5 62 13 53 d9 a2 75 73 5b d4 "
	"13 4b c5 49 13 3c 13 3c 13 3c 13 3c 13 3c a3 25 19 a5 19 a4 34 4a 5e 68 1a e7 20 4b 20 d5 "
	"32 cf 4b 7c 13 3c 13 3f 03 08 20 d5 20 10 19 a5 1a ea ff 40 4a 1f 21 8c a4 39 26 47 ec ff "
	"6c 8a bf 9e 79 6a 78 ee be 0b 1a c8 cc 25 c4 ee 17 ee d9 61 d1 18 90 91 35 8d 7d 61 6f 1a "
	"51 7a bc 74 7f 6c 44 90 ff 15 9d 4d cf 50 24 8b 00 b1 e3 2e 9e 78 05 e7";
static unsigned char annex_c[144];
/* TR-03137 Annex D, 135 bytes */
static const char annex_d_hex[] =
	"dc 02 6a bc 6d 32 c8 a5 19 fc 0f 71 34 11 6d 04 fc 04 01 08 3f ee 45 6d 2d e0 19 a8 02 0b "
	"50 65 72 73 63 68 77 65 69 c3 9f 03 05 4f 73 63 61 72 04 13 4a c3 a2 63 6f 62 c3 a9 6e 69 "
	"64 69 63 74 75 72 69 75 73 ff 40 58 2e d0 5c b0 50 49 b4 fe 49 74 4d 5e 70 a1 98 2f 8b 7a "
	"fb 1e 90 25 9c e4 7b a9 90 7e fc f5 94 83 f0 a0 b4 21 ec 76 0d 6f d2 28 4b ba c3 7e 13 6f "
	"1e 3b e6 e1 4a 6f 6b c0 12 11 0c ff 91 9d 0f";
static unsigned char annex_d[135];
/* TR-03137 Annex E, 142 bytes */
static const char annex_e_hex[] =
	"dc 03 6a bc 6d 32 c8 a7 27 39 0f 71 34 11 45 f4 fb 06 02 30 5c ba 13 58 75 97 6e c0 66 d4 "
	"17 b5 9e 8c 6a bc 13 3c 13 3c 13 3c 13 3c 3f ef 3a 29 38 ee 43 f1 59 3d 1a e5 2d bb 26 75 "
	"1f e6 4b 7c 13 3c 13 6b 03 06 d7 95 19 a6 53 06 ff 40 15 8c f5 b0 bb 7f bd a0 99 e8 e7 c9 "
	"4a be fc 96 77 b2 e7 1e 98 85 f5 cd 90 57 a8 bf cf 93 0a 60 46 bc f8 97 65 0a f8 f9 b0 34 "
	"3c 03 4d 2f 64 ce 08 1f 95 fb f3 d0 12 92 d1 f8 16 5e ce 27 d3 27";
static unsigned char annex_e[142];
/* TR-03137 Annex F, 135 bytes */
static const char annex_f_hex[] =
	"dc 03 6a bc 6d 32 c8 a7 2c b1 0f 71 34 b7 98 15 5d 01 02 2c dd 52 13 4a 74 da 13 47 c6 fe "
	"d9 5c b8 9f 9f ce 13 3c 13 3c 13 3c 13 3c 20 38 33 73 4a af 47 f0 c3 2f 1a 1e 20 eb 26 25 "
	"39 3a fe 31 04 03 a0 00 00 05 06 33 be 1f ed 20 c6 ff 38 d5 57 32 47 60 8c 9b 64 ca e0 22 "
	"c1 c5 24 96 60 e5 1a e3 16 d6 00 f9 74 aa c2 12 9c 3f 09 3c 35 95 53 14 02 63 04 70 5c d2 "
	"4c 1b 81 00 71 1b d4 41 1f 06 8e 8d 93 e8 b7";
static unsigned char annex_f[135];
/* TR-03137 Annex H, 98 bytes */
static const char annex_h_hex[] =
	"dc 03 6a bc 6d 32 c8 a7 2c b1 0f 71 35 b7 98 15 f8 0a 01 06 b7 7a 38 e5 96 ce 02 06 1a 20 "
	"3a 4d 1f e1 03 04 26 53 20 81 ff 38 14 62 bc fe f5 1a d1 b8 d0 9d e3 28 b1 5c 54 35 e6 48 "
	"29 ce 54 86 47 dd 57 97 87 16 96 24 a0 46 73 8d c5 02 37 08 31 9a 42 94 81 11 31 ea ac 58 "
	"d5 18 cf e9 8b 43 14 37";
static unsigned char annex_h[98];

/* made by tests/barcode/vds.py with keys from `openssl ecparam -genkey`: a version 4 visa
 * A (P-256) and a version 3 residence permit of Annex E's inputs (P-384) */
static const char generated_visa_p256_hex[] =
	"dc 03 d9 c5 d9 c9 58 29 22 3f fe 42 2d f5 b8 2e 1c c8 5d 01 01 30 dd 8b d2 b3 c5 49 cd 1d "
	"a9 3c 5b d4 58 13 5c 6f 57 fc 13 3c 13 3c 13 3c 13 3c 13 3c 13 52 4d 15 51 e7 64 80 d9 c5 "
	"46 05 4b cf 28 7e 26 29 20 b6 03 01 02 04 03 5a 00 00 05 06 9e 2e 4d 0d 28 08 ff 40 b2 04 "
	"63 2f 3b b0 67 6b d3 5b 74 9f b3 94 24 34 67 48 91 e6 6d 36 c1 ce e3 07 80 1e c6 af 0d 60 "
	"0c 60 8a ca 24 8d 9e 17 e6 ba db 01 3d fe f6 6a 73 b4 0f e9 f2 db b0 3c a5 4a 51 68 14 f4 "
	"76 09";
static unsigned char generated_visa_p256[152];
static const char generated_rp_p384_hex[] =
	"dc 02 6a bc 6d 32 c8 a5 19 fc 0f 71 34 11 45 f4 fb 06 02 30 5c ba 13 58 75 97 6e c0 66 d4 "
	"17 b5 9e 8c 6a bc 13 3c 13 3c 13 3c 13 3c 3f ef 3a 29 38 ee 43 f1 59 3d 1a e5 2d bb 26 75 "
	"1f e6 4b 7c 13 3c 13 6b 03 06 d7 95 19 a6 53 06 ff 60 22 a3 df f0 f0 51 a3 d2 36 7a bb 32 "
	"3f 05 81 e3 e0 ba 1e 86 f4 5c 5c 9a 10 40 b6 52 b5 85 41 9e 1b e4 25 5b 40 f5 a3 0f f8 fc "
	"66 6e b7 ca 6c 8a 60 c6 ab 9b 23 92 67 f1 b9 9c c9 ac f8 58 e1 b4 f6 40 c0 62 c8 41 7c 5f "
	"fb 4d a9 b9 cd e8 7a 34 7b 2e f4 5a 9f 8d 1a 39 f6 ef b3 cf 0b b0 d8 d8";
static unsigned char generated_rp_p384[174];
static const char generated_visa_p256_key[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWYZ1Fmz4NDudcJapZ3GN8H2jRWG5\n"
	"qgQTd7ApuE8pLj2rNCtrKiMj8M1Hkw5tBJo7MIG0SXKpwJEOeEW34E6YrQ==\n"
	"-----END PUBLIC KEY-----\n";
static const char generated_rp_p384_key[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEwaoQI5rQ/SvdC9NirSNSwQx90/D5r+hX\n"
	"5rcTj3vGMbviJIQBPMj2QqqRD9q/3FNXexnBYMh/XltJLFhz7s6lYlSmaSV0UMJ2\n"
	"7/TB081tinExIuosKz0Jkvq+PBP2KJ5X\n"
	"-----END PUBLIC KEY-----\n";

/* --- helpers ------------------------------------------------------------------------- */

/* Bytes written as the annexes print them ("dc 02 6a ..."); the whole of out is filled. */
static void unhex(const char *hex, unsigned char *out, size_t len)
{
	size_t n = 0;
	for (const char *p = hex; *p; p++) {
		if (*p == ' ')
			continue;
		unsigned v;
		assert_true(n < len && sscanf(p, "%2x", &v) == 1);
		out[n++] = (unsigned char)v;
		p++;
	}
	assert_int_equal(n, len);
}

static int setup(void **state)
{
	(void)state;
	unhex(annex_c_hex, annex_c, sizeof(annex_c));
	unhex(annex_d_hex, annex_d, sizeof(annex_d));
	unhex(annex_e_hex, annex_e, sizeof(annex_e));
	unhex(annex_f_hex, annex_f, sizeof(annex_f));
	unhex(annex_h_hex, annex_h, sizeof(annex_h));
	unhex(generated_visa_p256_hex, generated_visa_p256, sizeof(generated_visa_p256));
	unhex(generated_rp_p384_hex, generated_rp_p384, sizeof(generated_rp_p384));
	return 0;
}

/* Parses a heap copy of exactly len bytes; on failure checks that out owns nothing and
 * that there is a reason. */
static int parse(const unsigned char *bytes, size_t len, struct seal *s, char *why, size_t n)
{
	unsigned char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, bytes, len);
	int rc = vds_parse(copy, len, s, why, n);
	free(copy);
	if (rc < 0) {
		assert_true(s->n_fields == 0 && !s->sig.value && !s->sig.data && s->mrz_lines == 0);
		assert_true(why[0] != '\0');
	}
	return rc;
}

static void parse_ok(const unsigned char *bytes, size_t len, struct seal *s)
{
	char why[256] = "";
	if (parse(bytes, len, s, why, sizeof(why)) != 0)
		fail_msg("vds_parse refused the seal: %s", why);
}

/* Asserts the seal is refused and the reason contains needle. */
static void refused(const unsigned char *bytes, size_t len, const char *needle)
{
	struct seal s;
	char why[256] = "";
	if (parse(bytes, len, &s, why, sizeof(why)) == 0) {
		seal_free(&s);
		fail_msg("seal accepted, expected a refusal with '%s'", needle);
	}
	TU_CONTAINS(why, needle);
}

static void field_is(const struct seal *s, const char *name, const char *want)
{
	const char *v = seal_field(s, name);
	if (!v)
		fail_msg("no field '%s'", name);
	assert_string_equal(v, want);
}

/* The person as "SURNAME|GIVEN|NAT|YYYY-MM-DD|sex|YYYY-MM-DD", for one line per seal. */
static void person_is(const struct seal *s, const char *want)
{
	char birth[11], expiry[11], got[512];
	document_date_text(&s->person.birth, birth);
	document_date_text(&s->person.expiry, expiry);
	snprintf(got, sizeof(got), "%s|%s|%s|%s|%c|%s", s->person.surname, s->person.given_names,
		 s->person.nationality, birth, s->person.sex, expiry);
	assert_string_equal(got, want);
}

/* A seal under construction, with the test's own C40 encoder (Annex B). */
struct buf {
	unsigned char b[1024];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->b));
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put_byte(struct buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	put(b, &c, 1);
}

static unsigned c40_of(char c)
{
	if (c == ' ' || c == '<')
		return 3;
	if (c >= '0' && c <= '9')
		return 4 + (unsigned)(c - '0');
	assert_true(c >= 'A' && c <= 'Z');
	return 14 + (unsigned)(c - 'A');
}

static void put_c40(struct buf *b, const char *t)
{
	size_t n = strlen(t), i = 0;
	for (; n - i >= 2; i += 3) {
		unsigned u3 = n - i >= 3 ? c40_of(t[i + 2]) : 0;
		unsigned v = 1600 * c40_of(t[i]) + 40 * c40_of(t[i + 1]) + u3 + 1;
		put_byte(b, v >> 8);
		put_byte(b, v & 0xFF);
		if (n - i < 3) {
			i = n;
			break;
		}
	}
	if (i < n) {
		put_byte(b, 0xFE);
		put_byte(b, (unsigned)(t[i] == '<' ? ' ' : t[i]) + 1);
	}
}

static size_t c40_len(const char *t)
{
	return (strlen(t) + 2) / 3 * 2;
}

static void put_length(struct buf *b, size_t n)
{
	if (n >= 0x100) {
		put_byte(b, 0x82);
		put_byte(b, (unsigned)(n >> 8));
	} else if (n >= 0x80) {
		put_byte(b, 0x81);
	}
	put_byte(b, (unsigned)(n & 0xFF));
}

static void put_feature(struct buf *b, unsigned tag, const void *v, size_t n)
{
	put_byte(b, tag);
	put_length(b, n);
	put(b, v, n);
}

static void put_c40_feature(struct buf *b, unsigned tag, const char *t)
{
	put_byte(b, tag);
	put_length(b, c40_len(t));
	put_c40(b, t);
}

static void put_date(struct buf *b, unsigned long mmddyyyy)
{
	put_byte(b, (unsigned)(mmddyyyy >> 16));
	put_byte(b, (unsigned)(mmddyyyy >> 8 & 0xFF));
	put_byte(b, (unsigned)(mmddyyyy & 0xFF));
}

/* Header: version 3 or 4, issuer "UTO", signer, cert ref, dates, profile. */
static void put_header(struct buf *b, int version, const char *signer, const char *ref,
		       unsigned feature_ref, unsigned category)
{
	b->n = 0;
	put_byte(b, 0xDC);
	put_byte(b, version == 3 ? 0x02 : 0x03);
	put_c40(b, "UTO");
	char text[64];
	if (version == 3) {
		snprintf(text, sizeof(text), "%s%s", signer, ref);
		put_c40(b, text);
	} else {
		snprintf(text, sizeof(text), "%s%02zX", signer, strlen(ref));
		put_c40(b, text);
		put_c40(b, ref);
	}
	put_date(b, 3012024);
	put_date(b, 3022024);
	put_byte(b, feature_ref);
	put_byte(b, category);
}

static void put_signature(struct buf *b, size_t n)
{
	put_byte(b, 0xFF);
	put_length(b, n);
	for (size_t i = 0; i < n; i++)
		put_byte(b, (unsigned)(0x11 + i));
}

#define VISA_B_L1 "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<"
#define VISA_B_L2 "1234567XY7GBR5203116M2005250"

/* A visa header and an MRZ feature (tag 1 for 72 characters, else 2), unsigned. */
static void visa_mrz(struct buf *b, const char *mrz)
{
	put_header(b, 4, "UTSA", "1F2A", 0x5D, 0x01);
	put_c40_feature(b, strlen(mrz) == 72 ? 0x01 : 0x02, mrz);
}

/* An unsigned visa B with the MRZ and passport number. */
static void visa_b(struct buf *b)
{
	visa_mrz(b, VISA_B_L1 VISA_B_L2);
	put_c40_feature(b, 0x05, "47110815P");
}

/* --- C40 ----------------------------------------------------------------------------- */

static void test_c40_annex_b_tables_6_and_7(void **state)
{
	(void)state;
	static const struct {
		unsigned char b[4];
		size_t n;
		const char *want;
	} good[] = {
		/* table 6: "XK<SPACE>CD", two characters left completed with Shift 1 */
		{ { 0xEB, 0x04, 0x66, 0xA9 }, 4, "XK CD" },
		/* table 7: "XKCD", one left after the unlatch 0xFE, in DataMatrix ASCII */
		{ { 0xEB, 0x11, 0xFE, 0x45 }, 4, "XKCD" },
		{ { 0x62, 0xD7, 0x19, 0xC9 }, 4, "BSI01" }, /* 3.2.3 */
		{ { 0xFA, 0x00 }, 2, "ZZZ" },               /* the largest triple, 64000 */
		{ { 0 }, 0, "" },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char out[16];
		assert_int_equal(vds_c40_decode(good[i].b, good[i].n, out, sizeof(out)),
				 strlen(good[i].want));
		assert_string_equal(out, good[i].want);
	}
}

static void test_c40_refuses_what_annex_b_does_not_allow(void **state)
{
	(void)state;
	char out[16];
	static const struct {
		unsigned char b[6];
		size_t n;
		const char *what;
	} bad[] = {
		{ { 0xEB, 0x04, 0x66 }, 3, "odd length" },
		{ { 0xFE, 0x45, 0xEB, 0x11 }, 4, "unlatch before the last pair" },
		{ { 0xEB, 0x11, 0xFE, 0x3D }, 4, "'<' after the unlatch (it is a space)" },
		{ { 0xEB, 0x11, 0xFE, 0x62 }, 4, "lower case after the unlatch" },
		{ { 0xEB, 0x11, 0xFE, 0x00 }, 4, "NUL after the unlatch" },
		{ { 0x00, 0x00 }, 2, "a pair of zero" },
		{ { 0xFA, 0x01 }, 2, "a pair above 64000" },
		{ { 0x66, 0xA9, 0xEB, 0x04 }, 4, "Shift 1 padding before the last pair" },
		{ { 0x00, 0x01 }, 2, "Shift 1 as the first value" },
		{ { 0x06, 0x41 }, 2, "Shift 1 as the second value (U1=1)" },
		{ { 0x13, 0x3B }, 2, "Shift 3 as the third value" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vds_c40_decode(bad[i].b, bad[i].n, out, sizeof(out)) != -1)
			fail_msg("accepted %s", bad[i].what);
	/* an output buffer too small for the characters and the NUL */
	static const unsigned char xk_cd[] = { 0xEB, 0x04, 0x66, 0xA9 };
	assert_int_equal(vds_c40_decode(xk_cd, sizeof(xk_cd), out, 5), -1);
	assert_int_equal(vds_c40_decode(xk_cd, sizeof(xk_cd), out, 6), 5);
	assert_int_equal(vds_c40_decode(xk_cd, sizeof(xk_cd), NULL, 6), -1);
}

/* --- the worked examples --------------------------------------------------------------- */

static void test_annex_c_arrival_attestation_version_3(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(annex_c, sizeof(annex_c), &s);
	assert_int_equal(s.kind, SEAL_VDS);
	assert_string_equal(s.type, "arrival_attestation");
	assert_string_equal(s.version, "3");
	assert_string_equal(s.issuer, "D");
	field_is(&s, "issue_date", "2020-01-01");
	field_is(&s, "signature_date", "2020-01-13");
	field_is(&s, "signer", "DETS");
	field_is(&s, "cert_ref", "00027");
	field_is(&s, "feature_ref", "FD");
	field_is(&s, "type_category", "02");
	field_is(&s, "mrz",
		 "MED<<MUSTERMANN<<ERIK<<<<<<<<<<<<<<< M0000000<4ALB0308212M1604128<<<<<<<2");
	field_is(&s, "azr_number", "160113000085");
	assert_int_equal(s.mrz_lines, 2);
	/* the person, from the MRZ: no passport number in this profile */
	person_is(&s, "MUSTERMANN|ERIK|ALB|2003-08-21|M|2016-04-12");
	assert_int_equal(s.person.have, SEAL_HAVE_NAME | SEAL_HAVE_NATIONALITY | SEAL_HAVE_BIRTH |
						SEAL_HAVE_SEX | SEAL_HAVE_EXPIRY);
	/* header 18, MRZ 2 + 48, AZR 2 + 8: 78 bytes signed; then FF 40 and r‖s */
	assert_true(s.sig.present);
	assert_int_equal(s.sig.format, SEAL_SIG_RAW);
	assert_int_equal(s.sig.data_len, 78);
	assert_memory_equal(s.sig.data, annex_c, 78);
	assert_int_equal(s.sig.value_len, 64);
	assert_memory_equal(s.sig.value, annex_c + 80, 64);
	assert_string_equal(s.sig.country, "D");
	assert_string_equal(s.sig.signer, "DETS");
	assert_string_equal(s.sig.cert_ref, "00027");
	assert_string_equal(s.sig.alg, "");
	seal_free(&s);
	assert_null(s.sig.value);
}

static void test_annex_e_residence_permit_version_4(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(annex_e, sizeof(annex_e), &s);
	assert_string_equal(s.type, "residence_permit");
	assert_string_equal(s.version, "4");
	field_is(&s, "signer", "DETS");
	/* version 4: "02" says two reference characters follow, "27" */
	field_is(&s, "cert_ref", "27");
	field_is(&s, "issue_date", "2020-01-01");
	field_is(&s, "signature_date", "2020-01-13");
	field_is(&s, "feature_ref", "FB");
	field_is(&s, "type_category", "06");
	field_is(&s, "passport_number", "UFO001979");
	/* the annex's text says "ARD"; its bytes 5C BA are "ATD" (AT: residence title) */
	assert_string_equal(s.mrz[0], "ATD<<RESIDORCE<<ROLAND<<<<<<<<<<<<<<");
	assert_string_equal(s.mrz[1], "6525845096USA7008038M2201018<<<<<<06");
	person_is(&s, "RESIDORCE|ROLAND|USA|1970-08-03|M|2022-01-01");
	assert_string_equal(s.person.number, "UFO001979");
	assert_true(s.person.have & SEAL_HAVE_NUMBER);
	/* header 18, MRZ 2 + 48, passport number 2 + 6 */
	assert_int_equal(s.sig.data_len, 76);
	assert_memory_equal(s.sig.data, annex_e, 76);
	assert_int_equal(s.sig.value_len, 64);
	assert_memory_equal(s.sig.value, annex_e + 78, 64);
	seal_free(&s);
}

static void test_annex_f_visa_mrv_b_filled_back_to_the_printed_width_signed_or_not(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(annex_f, sizeof(annex_f), &s);
	assert_string_equal(s.type, "visa");
	assert_string_equal(s.version, "4");
	field_is(&s, "cert_ref", "32");
	field_is(&s, "signature_date", "2021-12-03");
	field_is(&s, "feature_ref", "5D");
	field_is(&s, "type_category", "01");
	/* 44 bytes hold 36 + 28 characters; the 8 left out are fillers again */
	assert_string_equal(s.mrz[0], "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<");
	assert_string_equal(s.mrz[1], "1234567XY7GBR5203116M2005250<<<<<<<<");
	field_is(&s, "duration_of_stay", "160 days, 0 months, 0 years");
	field_is(&s, "passport_number", "47110815P");
	assert_null(seal_field(&s, "number_of_entries"));
	person_is(&s, "DENT|ARTHUR PHILIP|GBR|1952-03-11|M|2020-05-25");
	assert_string_equal(s.person.number, "47110815P");
	/* header 18, MRZ 2 + 44, duration 2 + 3, passport number 2 + 6; 56 bytes of
	 * brainpoolP224r1 r‖s */
	assert_int_equal(s.sig.data_len, 77);
	assert_memory_equal(s.sig.data, annex_f, 77);
	assert_int_equal(s.sig.value_len, 56);
	assert_memory_equal(s.sig.value, annex_f + 79, 56);
	seal_free(&s);
	/* without its signature zone: unsigned, the header still names the signer */
	parse_ok(annex_f, 77, &s);
	assert_false(s.sig.present);
	assert_true(!s.sig.value && !s.sig.data && strcmp(s.sig.cert_ref, "32") == 0);
	seal_free(&s);
}

static void test_annexes_d_and_h_are_kept_as_seals_of_unknown_profiles(void **state)
{
	(void)state;
	struct seal s;
	/* D: social insurance card, version 3; surnames in UTF-8 kept in hex */
	parse_ok(annex_d, sizeof(annex_d), &s);
	assert_string_equal(s.type, "vds");
	assert_string_equal(s.version, "3");
	field_is(&s, "signature_date", "2020-01-14");
	field_is(&s, "feature_ref", "FC");
	field_is(&s, "type_category", "04");
	field_is(&s, "tag_01", "3FEE456D2DE019A8");
	field_is(&s, "tag_02", "506572736368776569C39F");
	field_is(&s, "tag_03", "4F73636172");
	assert_true(s.mrz_lines == 0 && s.person.have == 0);
	assert_true(s.sig.data_len == 135 - 66 && s.sig.value_len == 64);
	seal_free(&s);
	/* H: residence sticker, version 4 (G, the address sticker, is alike) */
	parse_ok(annex_h, sizeof(annex_h), &s);
	field_is(&s, "feature_ref", "F8");
	field_is(&s, "type_category", "0A");
	field_is(&s, "tag_02", "1A203A4D1FE1");
	field_is(&s, "tag_03", "26532081");
	assert_int_equal(s.sig.data_len, 98 - 58);
	seal_free(&s);
}

/* --- headers and features -------------------------------------------------------------- */

static void test_version_4_reference_of_any_length_and_version_3_of_five(void **state)
{
	(void)state;
	static const char *const refs[] = { "A", "1F", "1F2", "1F2A", "1F2A3", "00FF00FF00FF" };
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		struct buf b;
		put_header(&b, 4, "UTSA", refs[i], 0x5D, 0x01);
		put_c40_feature(&b, 0x02, VISA_B_L1 VISA_B_L2);
		size_t header = 2 + 2 + 4 + c40_len(refs[i]) + 8;
		put_signature(&b, 64);
		struct seal s;
		parse_ok(b.b, b.n, &s);
		assert_string_equal(s.sig.cert_ref, refs[i]);
		assert_string_equal(s.sig.signer, "UTSA");
		assert_string_equal(s.issuer, "UTO");
		assert_int_equal(s.sig.data_len, header + 2 + 44);
		seal_free(&s);
	}
	/* version 3: always 9 characters in 6 bytes, header of 18 */
	struct buf b;
	put_header(&b, 3, "UTSA", "01F2A", 0x5D, 0x01);
	put_c40_feature(&b, 0x02, VISA_B_L1 VISA_B_L2);
	put_signature(&b, 64);
	struct seal s;
	parse_ok(b.b, b.n, &s);
	assert_string_equal(s.version, "3");
	assert_string_equal(s.sig.cert_ref, "01F2A");
	assert_int_equal(s.sig.data_len, 18 + 46);
	seal_free(&s);
}

static void test_visa_mrv_a_with_every_feature_and_an_unknown_tag(void **state)
{
	(void)state;
	struct buf b;
	visa_mrz(&b, "VDUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
		     "L898902C<3UTO7408122F1204159");
	put_feature(&b, 0x03, "\x02", 1);
	put_feature(&b, 0x04, "\x00\x03\x01", 3);
	put_c40_feature(&b, 0x05, "L898902C3");
	put_feature(&b, 0x06, "\x01\xAB", 2);
	put_feature(&b, 0x07, "", 0);
	put_feature(&b, 0x42, "\x00\xFF", 2);
	put_signature(&b, 96);
	struct seal s;
	parse_ok(b.b, b.n, &s);
	assert_string_equal(s.type, "visa");
	assert_string_equal(s.mrz[0], "VDUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
	assert_string_equal(s.mrz[1], "L898902C<3UTO7408122F1204159<<<<<<<<<<<<<<<<");
	field_is(&s, "number_of_entries", "2");
	field_is(&s, "duration_of_stay", "0 days, 3 months, 1 years");
	field_is(&s, "passport_number", "L898902C3");
	field_is(&s, "visa_type", "01AB");
	field_is(&s, "additional_feature", "");
	/* TR-03137 3.2.3: unknown tags do not make a seal invalid; kept in hex */
	field_is(&s, "tag_42", "00FF");
	person_is(&s, "ERIKSSON|ANNA MARIA|UTO|1974-08-12|F|2012-04-15");
	assert_int_equal(s.sig.value_len, 96);
	/* the fields keep the order of the seal */
	assert_string_equal(s.fields[6].name, "mrz");
	assert_string_equal(s.fields[s.n_fields - 1].name, "tag_42");
	seal_free(&s);
}

static void test_lengths_in_81_and_82_form(void **state)
{
	(void)state;
	struct buf b;
	visa_b(&b);
	unsigned char big[300];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)i;
	put_feature(&b, 0x07, big, 200); /* 81 C8 */
	put_feature(&b, 0x43, big, 300); /* 82 01 2C */
	size_t signed_len = b.n;
	put_signature(&b, 132); /* P-521: 81 84 */
	struct seal s;
	parse_ok(b.b, b.n, &s);
	const char *v = seal_field(&s, "additional_feature");
	assert_non_null(v);
	/* 125 bytes in hex and a mark that there is more; the signature covers it all */
	assert_int_equal(strlen(v), 253);
	assert_memory_equal(v, "000102030405", 12);
	assert_string_equal(v + 250, "...");
	assert_int_equal(s.sig.data_len, signed_len);
	assert_int_equal(s.sig.value_len, 132);
	assert_int_equal(s.sig.value[0], 0x11);
	seal_free(&s);
	/* a length written in more bytes than it needs is read as written */
	visa_b(&b);
	put(&b, "\x07\x81\x02\xAA\xBB", 5);
	parse_ok(b.b, b.n, &s);
	field_is(&s, "additional_feature", "AABB");
	assert_false(s.sig.present);
	seal_free(&s);
}

/* r‖s over sig.data with the public key, as seal_verify does it, to prove the parser
 * hands over exactly the bytes the generator signed */
static int verifies(const struct seal *s, const char *pem, const EVP_MD *md)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	assert_non_null(key);
	size_t half = s->sig.value_len / 2;
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(s->sig.value, (int)half, NULL);
	BIGNUM *sv = BN_bin2bn(s->sig.value + half, (int)half, NULL);
	assert_int_equal(ECDSA_SIG_set0(es, r, sv), 1);
	unsigned char *der = NULL;
	int der_len = i2d_ECDSA_SIG(es, &der);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
		 EVP_DigestVerify(ctx, der, (size_t)der_len, s->sig.data, s->sig.data_len) == 1;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	EVP_PKEY_free(key);
	return ok;
}

static void test_seals_from_the_generator_parse_and_verify(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(generated_visa_p256, sizeof(generated_visa_p256), &s);
	assert_string_equal(s.type, "visa");
	assert_string_equal(s.version, "4");
	assert_string_equal(s.issuer, "UTO");
	assert_string_equal(s.sig.signer, "UTSA");
	assert_string_equal(s.sig.cert_ref, "1F2A");
	field_is(&s, "issue_date", "2024-03-01");
	field_is(&s, "signature_date", "2024-03-02");
	field_is(&s, "number_of_entries", "2");
	field_is(&s, "duration_of_stay", "90 days, 0 months, 0 years");
	assert_string_equal(s.person.number, "L898902C3");
	assert_string_equal(s.mrz[0], "VDUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
	assert_int_equal(s.sig.value_len, 64);
	assert_true(verifies(&s, generated_visa_p256_key, EVP_sha256()));
	/* one byte more or less and it no longer does */
	s.sig.data_len--;
	assert_false(verifies(&s, generated_visa_p256_key, EVP_sha256()));
	seal_free(&s);

	parse_ok(generated_rp_p384, sizeof(generated_rp_p384), &s);
	assert_string_equal(s.type, "residence_permit");
	assert_string_equal(s.version, "3");
	assert_string_equal(s.sig.cert_ref, "00027");
	assert_int_equal(s.sig.value_len, 96);
	/* Annex C's version 3 header (DETS00027, same dates), Annex E's message */
	assert_int_equal(s.sig.data_len, 76);
	assert_memory_equal(s.sig.data, annex_c, 16);
	assert_memory_equal(s.sig.data + 16, annex_e + 16, 60);
	assert_true(verifies(&s, generated_rp_p384_key, EVP_sha384()));
	seal_free(&s);
}

static void test_birth_century_is_the_latest_not_in_the_future(void **state)
{
	(void)state;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	/* last year's two digits are this century's; next year's the last one */
	static const struct {
		int offset, century;
	} cases[] = { { -1, 2000 }, { 1, 1900 } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y = year + cases[i].offset;
		char mrz[80]; /* sex '<': unknown, kept as X */
		snprintf(mrz, sizeof(mrz), VISA_B_L1 "1234567XY7GBR%02d01016<3001011", y % 100);
		struct buf b;
		visa_mrz(&b, mrz);
		struct seal s;
		parse_ok(b.b, b.n, &s);
		assert_int_equal(s.person.birth.year, cases[i].century + y % 100);
		assert_int_equal(s.person.expiry.year, 2030);
		assert_int_equal(s.person.sex, 'X');
		seal_free(&s);
	}
	/* unknown parts stay unknown: day "<<" */
	struct buf b;
	visa_mrz(&b, VISA_B_L1 "1234567XY7GBR5203<<6M2005250");
	struct seal s;
	parse_ok(b.b, b.n, &s);
	person_is(&s, "DENT|ARTHUR PHILIP|GBR|1952-03-??|M|2020-05-25");
	seal_free(&s);
}

/* --- malformed ------------------------------------------------------------------------- */

static void test_bad_magic_and_version_are_refused_with_a_reason(void **state)
{
	(void)state;
	unsigned char b[sizeof(annex_f)];
	memcpy(b, annex_f, sizeof(b));
	b[0] = 0xDD;
	refused(b, sizeof(b), "magic");
	b[0] = 0xDC;
	static const unsigned char versions[] = { 0x00, 0x01, 0x04, 0xFF };
	for (size_t i = 0; i < sizeof(versions); i++) {
		b[1] = versions[i];
		refused(b, sizeof(b), "version");
	}
	refused(annex_f, 0, "too short");
	refused(annex_f, 1, "too short");
	/* the reason is cut to fit, or not written at all */
	struct seal s;
	char why[8];
	assert_int_equal(vds_parse(annex_f, 18, &s, why, sizeof(why)), -1);
	assert_int_equal(strlen(why), 7);
	assert_int_equal(vds_parse(annex_f, 18, &s, NULL, 0), -1);
	assert_int_equal(vds_parse(annex_f, sizeof(annex_f), &s, NULL, 0), 0);
	seal_free(&s);
}

static void test_every_truncation_is_refused_or_an_unsigned_seal(void **state)
{
	(void)state;
	const unsigned char *seals[] = { annex_c, annex_e, annex_f, generated_visa_p256 };
	const size_t lens[] = { sizeof(annex_c), sizeof(annex_e), sizeof(annex_f),
				sizeof(generated_visa_p256) };
	for (size_t k = 0; k < 4; k++) {
		struct seal full;
		parse_ok(seals[k], lens[k], &full);
		size_t message_end = full.sig.data_len;
		seal_free(&full);
		for (size_t n = 0; n < lens[k]; n++) {
			struct seal s;
			char why[256] = "";
			int rc = parse(seals[k], n, &s, why, sizeof(why));
			if (rc == 0) {
				/* only a cut at a feature's end leaves a well-formed, unsigned
				 * seal, and the whole message zone is not it unless at its end */
				assert_false(s.sig.present);
				assert_true(n <= message_end);
				seal_free(&s);
			}
		}
	}
}

/* Asserts that visa_b() followed by these bytes is refused with needle. */
static void refused_after_visa(const char *tail, size_t n, const char *needle)
{
	struct buf b;
	visa_b(&b);
	put(&b, tail, n);
	refused(b.b, b.n, needle);
}

/* Asserts that a visa with this MRZ is refused with needle. */
static void refused_mrz(const char *mrz, const char *needle)
{
	struct buf b;
	visa_mrz(&b, mrz);
	refused(b.b, b.n, needle);
}

static void test_lengths_past_the_end_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *tail;
		size_t n;
		const char *why;
	} bad[] = {
		{ "\x07\x05\x01\x02", 4, "are left" },          /* five bytes said, two there */
		{ "\x07\x83\x00\x00\x01\x00", 6, "malformed" }, /* three length bytes */
		{ "\x07\x80\x00\x00", 4, "malformed" },         /* indefinite */
		{ "\x07\x82\x01", 3, "malformed" },             /* length cut */
		{ "\x07", 1, "malformed" },                     /* tag without length */
		{ "\xFF\x40\x01\x02", 4, "are left" },          /* the signature zone */
		{ "\xFF", 1, "signature zone length" },
		{ "\xFF\x81", 2, "signature zone length" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused_after_visa(bad[i].tail, bad[i].n, bad[i].why);
	/* the header itself, cut in each part */
	for (size_t n = 2; n < 18; n++)
		refused(annex_f, n, "ends inside");
}

static void test_bad_c40_in_header_or_features_is_refused(void **state)
{
	(void)state;
	unsigned char b[sizeof(annex_f)];
	memcpy(b, annex_f, sizeof(b));
	b[2] = 0xFB; /* issuing country above 64000 */
	refused(b, sizeof(b), "issuing country is not valid C40");
	memcpy(b, annex_f, sizeof(b));
	b[4] = 0x00, b[5] = 0x01; /* signer starts with Shift 1 */
	refused(b, sizeof(b), "signer identifier is not valid C40");
	memcpy(b, annex_f, sizeof(b));
	b[8] = 0xFE, b[9] = 0x34; /* reference "3" alone, but the header says 2 */
	refused(b, sizeof(b), "has 1 characters");
	memcpy(b, annex_f, sizeof(b));
	b[20] = 0xFE; /* unlatch in the MRZ's first pair */
	refused(b, sizeof(b), "mrz feature (tag 0x02) is not valid C40");
	memcpy(b, annex_f, sizeof(b));
	b[73] = 0x00, b[74] = 0x00; /* passport number */
	refused(b, sizeof(b), "passport_number feature (tag 0x05) is not valid C40");

	/* issuer with a digit, signer that is no country, reference with a blank */
	struct buf h;
	put_header(&h, 4, "UTSA", "1F2A", 0x5D, 0x01);
	h.n = 2;
	put_c40(&h, "U1O");
	put(&h, annex_f + 4, sizeof(annex_f) - 4);
	refused(h.b, h.n, "not a country code");
	put_header(&h, 4, "1TSA", "1F", 0x5D, 0x01);
	put_c40_feature(&h, 0x02, VISA_B_L1 VISA_B_L2);
	refused(h.b, h.n, "not a country and two characters");
	put_header(&h, 3, "UTSA", "1 2A3", 0x5D, 0x01);
	put_c40_feature(&h, 0x02, VISA_B_L1 VISA_B_L2);
	refused(h.b, h.n, "has a blank");
}

static void test_version_4_reference_length_is_checked(void **state)
{
	(void)state;
	static const struct {
		const char *len, *want;
	} cases[] = { { "00", "out of range" }, { "G1", "hex length" }, { "28", "out of range" } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		visa_mrz(&b, VISA_B_L1 VISA_B_L2);
		char t[8];
		snprintf(t, sizeof(t), "UTSA%s", cases[i].len);
		size_t n = b.n;
		b.n = 4; /* the signer and the length, in place of "UTSA04" */
		put_c40(&b, t);
		b.n = n;
		refused(b.b, b.n, cases[i].want);
	}
}

static void test_impossible_dates_are_refused(void **state)
{
	(void)state;
	/* 30 February, month 13, month 0, day 0, 29 February 2021, day 32, year 0 */
	static const unsigned long dates[] = { 2302020, 13012020, 12020,  1002020,
					       2292021, 1322020,  1010000 };
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		for (int which = 0; which < 2; which++) {
			unsigned char b[sizeof(annex_f)];
			memcpy(b, annex_f, sizeof(b));
			unsigned char *d = b + 10 + 3 * which;
			d[0] = (unsigned char)(dates[i] >> 16);
			d[1] = (unsigned char)(dates[i] >> 8);
			d[2] = (unsigned char)dates[i];
			refused(b, sizeof(b), which ? "signature date" : "issue date");
		}
	}
	/* 29 February of a leap year is a date */
	unsigned char b[sizeof(annex_f)];
	memcpy(b, annex_f, sizeof(b));
	b[10] = 0x22, b[11] = 0xF9, b[12] = 0x38; /* 02292024 */
	struct seal s;
	parse_ok(b, sizeof(b), &s);
	field_is(&s, "issue_date", "2024-02-29");
	seal_free(&s);
	/* the MRZ's dates */
	refused_mrz(VISA_B_L1 "1234567XY7GBR5213116M2005250", "birth date '521311'");
	refused_mrz(VISA_B_L1 "1234567XY7GBR5202306M2005250", "not a real date");
	refused_mrz(VISA_B_L1 "1234567XY7GBR5203116M20A5250", "expiry date");
	refused_mrz(VISA_B_L1 "1234567XY7GBR5203116Q2005250", "sex 'Q'");
}

static void test_trailing_bytes_after_the_signature_are_refused(void **state)
{
	(void)state;
	unsigned char b[sizeof(annex_f) + 2];
	memcpy(b, annex_f, sizeof(annex_f));
	b[sizeof(annex_f)] = 0x00;
	b[sizeof(annex_f) + 1] = 0x81; /* DataMatrix padding left in by a reader */
	refused(b, sizeof(annex_f) + 1, "1 bytes after the signature zone");
	refused(b, sizeof(b), "2 bytes after the signature zone");
	/* a second signature zone is trailing bytes too */
	struct buf t;
	visa_b(&t);
	put_signature(&t, 64);
	put_signature(&t, 64);
	refused(t.b, t.n, "after the signature zone");
}

static void test_message_zone_without_feature_is_refused(void **state)
{
	(void)state;
	refused(annex_f, 18, "no feature");
	struct buf b;
	put_header(&b, 4, "UTSA", "1F2A", 0x5D, 0x01);
	put_signature(&b, 64);
	refused(b.b, b.n, "no feature");
	/* a profile not known here needs no MRZ, but a feature */
	put_header(&b, 4, "UTSA", "1F2A", 0x01, 0x02);
	put_signature(&b, 64);
	refused(b.b, b.n, "no feature");
}

static void test_duplicates_missing_mrz_and_wrong_lengths_are_refused(void **state)
{
	(void)state;
	struct buf b;
	refused_after_visa("\x05\x06\x33\xbe\x1f\xed\x20\xc6", 8, "tag 0x05 appears twice");
	visa_b(&b);
	put_c40_feature(&b, 0x01,
			"VDUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
			"L898902C<3UTO7408122F1204159");
	refused(b.b, b.n, "more than one mrz");
	put_header(&b, 4, "UTSA", "1F2A", 0x5D, 0x01);
	put_c40_feature(&b, 0x05, "47110815P");
	put_signature(&b, 64);
	refused(b.b, b.n, "visa seal carries no mrz");
	put_header(&b, 4, "UTSA", "1F2A", 0xFB, 0x06);
	put_c40_feature(&b, 0x03, "UFO001979");
	refused(b.b, b.n, "residence_permit seal carries no mrz");

	refused_after_visa("\x04\x02\xA0\x00", 4,
			   "duration_of_stay feature is 2 bytes, expected 3");
	refused_after_visa("\x06\x05\x01\x02\x03\x04\x05", 7,
			   "visa_type feature is 5 bytes, expected 1 to 4");
	refused_mrz(VISA_B_L1 "1234567XY7GBR5203116M20052", "mrz feature is 42 bytes, expected 44");
	/* 44 bytes may hold 66 characters: two of the optional data are kept */
	visa_mrz(&b, VISA_B_L1 VISA_B_L2 "AB");
	struct seal s;
	parse_ok(b.b, b.n, &s);
	assert_string_equal(s.mrz[1], VISA_B_L2 "AB<<<<<<");
	seal_free(&s);
	visa_mrz(&b, VISA_B_L1 VISA_B_L2);
	put_c40_feature(&b, 0x05, "   ");
	refused(b.b, b.n, "passport_number feature is blank");
}

static void test_signature_lengths_that_fit_no_curve_are_refused(void **state)
{
	(void)state;
	/* P-224 to P-521 and the brainpool curves give 56 to 132 bytes */
	static const size_t sizes[] = { 0, 2, 31, 63, 65, 134, 300, 56, 64, 80, 96, 128, 132 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf b;
		visa_b(&b);
		put_signature(&b, sizes[i]);
		if (i < 7) {
			refused(b.b, b.n, "not r and s");
			continue;
		}
		struct seal s;
		parse_ok(b.b, b.n, &s);
		assert_int_equal(s.sig.value_len, sizes[i]);
		seal_free(&s);
	}
}

static void test_too_many_unknown_features_are_refused_not_dropped(void **state)
{
	(void)state;
	struct buf b;
	put_header(&b, 4, "UTSA", "1F2A", 0x01, 0x02);
	for (unsigned t = 0; t < SEAL_MAX_FIELDS; t++)
		put_feature(&b, t, "\x01", 1);
	refused(b.b, b.n, "more features than");
}

static void test_looks_like_routes_by_magic_and_version(void **state)
{
	(void)state;
	assert_true(vds_looks_like(annex_c, sizeof(annex_c)));
	assert_true(vds_looks_like(annex_f, 2));
	assert_false(vds_looks_like(annex_f, 1));
	assert_false(vds_looks_like(NULL, 10));
	static const unsigned char v5[] = { 0xDC, 0x04 }, qr[] = { 'M', '1' };
	assert_false(vds_looks_like(v5, 2));
	assert_false(vds_looks_like(qr, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c40_annex_b_tables_6_and_7),
		cmocka_unit_test(test_c40_refuses_what_annex_b_does_not_allow),
		cmocka_unit_test(test_annex_c_arrival_attestation_version_3),
		cmocka_unit_test(test_annex_e_residence_permit_version_4),
		cmocka_unit_test(
			test_annex_f_visa_mrv_b_filled_back_to_the_printed_width_signed_or_not),
		cmocka_unit_test(test_annexes_d_and_h_are_kept_as_seals_of_unknown_profiles),
		cmocka_unit_test(test_version_4_reference_of_any_length_and_version_3_of_five),
		cmocka_unit_test(test_visa_mrv_a_with_every_feature_and_an_unknown_tag),
		cmocka_unit_test(test_lengths_in_81_and_82_form),
		cmocka_unit_test(test_seals_from_the_generator_parse_and_verify),
		cmocka_unit_test(test_birth_century_is_the_latest_not_in_the_future),
		cmocka_unit_test(test_bad_magic_and_version_are_refused_with_a_reason),
		cmocka_unit_test(test_every_truncation_is_refused_or_an_unsigned_seal),
		cmocka_unit_test(test_lengths_past_the_end_are_refused),
		cmocka_unit_test(test_bad_c40_in_header_or_features_is_refused),
		cmocka_unit_test(test_version_4_reference_length_is_checked),
		cmocka_unit_test(test_impossible_dates_are_refused),
		cmocka_unit_test(test_trailing_bytes_after_the_signature_are_refused),
		cmocka_unit_test(test_message_zone_without_feature_is_refused),
		cmocka_unit_test(test_duplicates_missing_mrz_and_wrong_lengths_are_refused),
		cmocka_unit_test(test_signature_lengths_that_fit_no_curve_are_refused),
		cmocka_unit_test(test_too_many_unknown_features_are_refused_not_dropped),
		cmocka_unit_test(test_looks_like_routes_by_magic_and_version),
	};
	return cmocka_run_group_tests_name("vds", tests, setup, NULL);
}
