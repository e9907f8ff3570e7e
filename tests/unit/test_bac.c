/* scanners/bac.c: every value of the worked example in ICAO 9303-11 Appendix D (key
 * derivation D.1/D.2, mutual authentication D.3, secure messaging D.4), and what the
 * secure messaging layer must refuse. The emulator in tests/chip/ is written
 * independently and checked against the same appendix, so the two cannot agree on the
 * same mistake. */
#include "testutil.h"

#include <time.h>

#include <openssl/evp.h>

#include "scanners/bac.h"
#include "scanners/mrz.h"

/* Hex to bytes; fails the test on a malformed literal. */
static size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = hex; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		unsigned v = 0;
		if (n >= cap || sscanf(p, "%2x", &v) != 1)
			fail_msg("bad hex literal '%s'", hex);
		out[n++] = (unsigned char)v;
		p += 2;
	}
	return n;
}

#define assert_hex(bytes, len, hex)                                                                \
	do {                                                                                       \
		unsigned char want_[512];                                                          \
		size_t want_len_ = unhex((hex), want_, sizeof(want_));                             \
		assert_int_equal((len), want_len_);                                                \
		assert_memory_equal((bytes), want_, want_len_);                                    \
	} while (0)

/* Appendix D.2 and D.3: the document and the terminal's random choices */
#define MRZ_INFO "L898902C<369080619406236"
#define K_ENC    "AB94FDECF2674FDFB9B391F85D7F76F2"
#define K_MAC    "7962D9ECE03D1ACD4C76089DCE131543"
#define RND_ICC  "4608F91988702212"
#define RND_IFD  "781723860C06C226"
#define K_IFD    "0B795240CB7049B01C19B33E32804F0B"
#define EA_CMD                                                                                     \
	"72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"                         \
	"5F1448EEA8AD90A7"
#define EA_RESP                                                                                    \
	"46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"                         \
	"2F2D235D074D7449"
#define KS_ENC "979EC13B1CBFE9DCD01AB0FED307EAE5"
#define KS_MAC "F1CB1F1FB5ADF208806B89DC579DC1F8"
#define SSC    "887022120C06C226"

static void appendix_d_session(struct sm *sm)
{
	unhex(KS_ENC, sm->ks_enc, 16);
	unhex(KS_MAC, sm->ks_mac, 16);
	unhex(SSC, sm->ssc, 8);
}

/* --- D.1/D.2: the document basic access keys ------------------------------------------- */

static void test_mrz_info_of_the_appendix_d_passport(void **state)
{
	(void)state;
	static const char text[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
				   "L898902C<3UTO6908061F9406236ZE184226B<<<<<14\n";
	struct document d;
	struct error err;
	TU_OK(mrz_parse(text, strlen(text), 1795305600, &d, &err), &err);
	char info[48];
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), 0);
	assert_string_equal(info, MRZ_INFO);
}

static void test_mrz_info_from_typed_fields_without_mrz_lines(void **state)
{
	(void)state;
	struct document d;
	memset(&d, 0, sizeof(d));
	snprintf(d.number, sizeof(d.number), "L898902C");
	d.birth = (struct doc_date){ 1969, 8, 6 };
	d.expiry = (struct doc_date){ 1994, 6, 23 };
	char info[48];
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), 0);
	assert_string_equal(info, MRZ_INFO);
}

static void test_mrz_info_uses_a_long_td1_number_whole_with_its_digit(void **state)
{
	(void)state;
	/* 9303-5 note j: D23145890 in the number field, '<' for its digit, 734 and the
	 * digit 9 of the whole number in the optional data */
	static const char text[] = "I<UTOD23145890<7349<<<<<<<<<<<\n"
				   "3407127M9507122UTO<<<<<<<<<<<2\n"
				   "STEVENSON<<PETER<JOHN<<<<<<<<<\n";
	struct document d;
	struct error err;
	TU_OK(mrz_parse(text, strlen(text), 1795305600, &d, &err), &err);
	assert_string_equal(d.number, "D23145890734");
	char info[48];
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), 0);
	assert_string_equal(info, "D23145890734"
				  "9"
				  "340712"
				  "7"
				  "950712"
				  "2");
}

static void test_mrz_info_refuses_a_document_without_number_or_expiry(void **state)
{
	(void)state;
	struct document d;
	char info[48];
	memset(&d, 0, sizeof(d));
	d.birth = (struct doc_date){ 1969, 8, 6 };
	d.expiry = (struct doc_date){ 1994, 6, 23 };
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), -1);
	snprintf(d.number, sizeof(d.number), "L898902C");
	d.expiry.day = 0;
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), -1);
	d.expiry.day = 23;
	assert_int_equal(bac_mrz_info(&d, info, 10), -1); /* too small a buffer */
	snprintf(d.number, sizeof(d.number), "l898902c");
	assert_int_equal(bac_mrz_info(&d, info, sizeof(info)), -1);
}

static void test_key_seed_and_keys_of_appendix_d(void **state)
{
	(void)state;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len;
	assert_int_equal(EVP_Digest(MRZ_INFO, strlen(MRZ_INFO), md, &md_len, EVP_sha1(), NULL), 1);
	assert_hex(md, 16, "239AB9CB282DAF66231DC5A4DF6BFBAE");
	unsigned char k_enc[16], k_mac[16];
	bac_keys(MRZ_INFO, k_enc, k_mac);
	assert_hex(k_enc, 16, K_ENC);
	assert_hex(k_mac, 16, K_MAC);
}

static void test_derive_adjusts_des_parity(void **state)
{
	(void)state;
	/* D.1: SHA-1 gives Ka = AB94FCEDF2664EDF, Kb = B9B291F85D7F77F2 before the
	 * parity bits are set */
	unsigned char seed[16], raw[EVP_MAX_MD_SIZE], key[16];
	unsigned char input[20];
	unsigned int n;
	unhex("239AB9CB282DAF66231DC5A4DF6BFBAE", seed, 16);
	memcpy(input, seed, 16);
	memcpy(input + 16, "\x00\x00\x00\x01", 4);
	assert_int_equal(EVP_Digest(input, 20, raw, &n, EVP_sha1(), NULL), 1);
	assert_hex(raw, 16, "AB94FCEDF2664EDFB9B291F85D7F77F2");
	bac_derive(seed, 16, 1, key);
	assert_hex(key, 16, K_ENC);
	for (int i = 0; i < 16; i++)
		assert_int_equal(__builtin_popcount(key[i]) % 2, 1);
}

/* --- D.3: mutual authentication ------------------------------------------------------- */

static void test_external_authenticate_data_of_appendix_d(void **state)
{
	(void)state;
	unsigned char k_enc[16], k_mac[16], rnd_icc[8], rnd_ifd[8], k_ifd[16], cmd[40];
	unhex(K_ENC, k_enc, 16);
	unhex(K_MAC, k_mac, 16);
	unhex(RND_ICC, rnd_icc, 8);
	unhex(RND_IFD, rnd_ifd, 8);
	unhex(K_IFD, k_ifd, 16);
	bac_authenticate(k_enc, k_mac, rnd_icc, rnd_ifd, k_ifd, cmd);
	assert_hex(cmd, 40, EA_CMD);
}

static void test_session_keys_and_ssc_of_appendix_d(void **state)
{
	(void)state;
	unsigned char k_enc[16], k_mac[16], rnd_icc[8], rnd_ifd[8], k_ifd[16], resp[40];
	unhex(K_ENC, k_enc, 16);
	unhex(K_MAC, k_mac, 16);
	unhex(RND_ICC, rnd_icc, 8);
	unhex(RND_IFD, rnd_ifd, 8);
	unhex(K_IFD, k_ifd, 16);
	unhex(EA_RESP, resp, 40);
	struct sm sm;
	assert_int_equal(bac_session(k_enc, k_mac, resp, rnd_icc, rnd_ifd, k_ifd, &sm), 0);
	assert_hex(sm.ks_enc, 16, KS_ENC);
	assert_hex(sm.ks_mac, 16, KS_MAC);
	assert_hex(sm.ssc, 8, SSC);
	/* K_seed = K.IFD xor K.ICC (K.ICC 0B4F80323EB3191CB04970CB4052790B) */
	unsigned char seed[16], ks[16];
	unhex("0036D272F5C350ACAC50C3F572D23600", seed, 16);
	bac_derive(seed, 16, 1, ks);
	assert_hex(ks, 16, KS_ENC);
	bac_derive(seed, 16, 2, ks);
	assert_hex(ks, 16, KS_MAC);
}

static void test_session_refuses_an_answer_that_does_not_authenticate(void **state)
{
	(void)state;
	unsigned char k_enc[16], k_mac[16], rnd_icc[8], rnd_ifd[8], k_ifd[16], resp[40];
	unhex(K_ENC, k_enc, 16);
	unhex(K_MAC, k_mac, 16);
	unhex(RND_ICC, rnd_icc, 8);
	unhex(RND_IFD, rnd_ifd, 8);
	unhex(K_IFD, k_ifd, 16);
	struct sm sm;
	/* a flipped bit anywhere: the MAC no longer matches */
	for (int i = 0; i < 40; i++) {
		unhex(EA_RESP, resp, 40);
		resp[i] ^= 0x01;
		assert_int_equal(bac_session(k_enc, k_mac, resp, rnd_icc, rnd_ifd, k_ifd, &sm), -1);
	}
	/* an answer to another challenge (a replay), and keys from another MRZ */
	unhex(EA_RESP, resp, 40);
	rnd_ifd[7] ^= 1;
	assert_int_equal(bac_session(k_enc, k_mac, resp, rnd_icc, rnd_ifd, k_ifd, &sm), -1);
	rnd_ifd[7] ^= 1;
	rnd_icc[0] ^= 1;
	assert_int_equal(bac_session(k_enc, k_mac, resp, rnd_icc, rnd_ifd, k_ifd, &sm), -1);
	rnd_icc[0] ^= 1;
	bac_keys("L898902C<369080619406237", k_enc, k_mac);
	assert_int_equal(bac_session(k_enc, k_mac, resp, rnd_icc, rnd_ifd, k_ifd, &sm), -1);
}

static void test_retail_mac_of_appendix_d(void **state)
{
	(void)state;
	unsigned char key[16], data[64], mac[8];
	size_t n;
	unhex(K_MAC, key, 16);
	n = unhex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2", data,
		  sizeof(data));
	sm_mac(key, data, n, mac);
	assert_hex(mac, 8, "5F1448EEA8AD90A7");
	n = unhex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F", data,
		  sizeof(data));
	sm_mac(key, data, n, mac);
	assert_hex(mac, 8, "2F2D235D074D7449");
	/* D.4: N for SELECT EF.COM (SSC + 1, masked and padded header, DO'87') */
	unhex(KS_MAC, key, 16);
	n = unhex("887022120C06C2270CA4020C800000008709016375432908C044F6", data, sizeof(data));
	sm_mac(key, data, n, mac);
	assert_hex(mac, 8, "BF8B92D635FF24F8");
	n = unhex("887022120C06C22899029000", data, sizeof(data));
	sm_mac(key, data, n, mac);
	assert_hex(mac, 8, "FA855A5D4C50A8ED");
}

/* --- D.4: secure messaging --------------------------------------------------------------- */

static void wrap_hex(struct sm *sm, const char *plain, const char *protected)
{
	unsigned char apdu[300], out[400];
	size_t n = unhex(plain, apdu, sizeof(apdu)), out_len = 0;
	assert_int_equal(sm_wrap(sm, apdu, n, out, sizeof(out), &out_len), 0);
	assert_hex(out, out_len, protected);
}

static void unwrap_hex(struct sm *sm, const char *protected, const char *plain)
{
	unsigned char resp[300], out[400];
	size_t n = unhex(protected, resp, sizeof(resp)), out_len = 0;
	assert_int_equal(sm_unwrap(sm, resp, n, out, sizeof(out), &out_len), 0);
	assert_hex(out, out_len, plain);
}

static void test_secure_messaging_reads_ef_com_as_appendix_d(void **state)
{
	(void)state;
	struct sm sm;
	appendix_d_session(&sm);
	/* SELECT EF.COM */
	wrap_hex(&sm, "00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800");
	assert_hex(sm.ssc, 8, "887022120C06C227");
	unwrap_hex(&sm, "990290008E08FA855A5D4C50A8ED9000", "9000");
	assert_hex(sm.ssc, 8, "887022120C06C228");
	/* READ BINARY of the first four bytes */
	wrap_hex(&sm, "00B0000004", "0CB000000D9701048E08ED6705417E96BA5500");
	assert_hex(sm.ssc, 8, "887022120C06C229");
	unwrap_hex(&sm, "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", "60145F01 9000");
	assert_hex(sm.ssc, 8, "887022120C06C22A");
	/* READ BINARY of the remaining 18 bytes from offset 4 */
	wrap_hex(&sm, "00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500");
	assert_hex(sm.ssc, 8, "887022120C06C22B");
	unwrap_hex(&sm,
		   "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A"
		   "990290008E08C8B2787EAEA07D749000",
		   "04303130365F36063034303030305C026175 9000");
	assert_hex(sm.ssc, 8, "887022120C06C22C");
}

static const char select_resp[] = "990290008E08FA855A5D4C50A8ED9000";

/* Appendix D's SELECT answer with one change; the session is at SSC+1 for it. */
static int unwrap_changed(const char *hex)
{
	struct sm sm;
	appendix_d_session(&sm);
	sm.ssc[7]++; /* the SELECT went out */
	unsigned char resp[300], out[400];
	size_t n = unhex(hex, resp, sizeof(resp)), out_len;
	return sm_unwrap(&sm, resp, n, out, sizeof(out), &out_len);
}

static void test_unwrap_refuses_wrong_mac_and_malformed_objects(void **state)
{
	(void)state;
	assert_int_equal(unwrap_changed(select_resp), 0);
	assert_int_equal(unwrap_changed("990290008E08FA855A5D4C50A8EE9000"), -1); /* MAC */
	assert_int_equal(unwrap_changed("990262828E08FA855A5D4C50A8ED9000"), -1); /* status */
	/* the trailer disagrees with the authenticated status */
	assert_int_equal(unwrap_changed("990290008E08FA855A5D4C50A8ED6282"), -1);
	/* no MAC, no status, something after the MAC, an unknown object, a short MAC */
	assert_int_equal(unwrap_changed("990290009000"), -1);
	assert_int_equal(unwrap_changed("8E08FA855A5D4C50A8ED9000"), -1);
	assert_int_equal(unwrap_changed("990290008E08FA855A5D4C50A8ED99029000 9000"), -1);
	assert_int_equal(unwrap_changed("8101FF990290008E08FA855A5D4C50A8ED9000"), -1);
	assert_int_equal(unwrap_changed("990290008E07FA855A5D4C50A89000"), -1);
	/* truncated anywhere */
	unsigned char resp[64];
	size_t n = unhex(select_resp, resp, sizeof(resp));
	for (size_t cut = 3; cut < n - 2; cut++) {
		struct sm sm;
		appendix_d_session(&sm);
		sm.ssc[7]++;
		unsigned char t[64], out[64];
		size_t out_len;
		memcpy(t, resp, cut);
		memcpy(t + cut, "\x90\x00", 2);
		assert_int_equal(sm_unwrap(&sm, t, cut + 2, out, sizeof(out), &out_len), -1);
	}
	/* replayed at the wrong counter */
	struct sm sm;
	appendix_d_session(&sm);
	unsigned char out[64];
	size_t out_len;
	assert_int_equal(sm_unwrap(&sm, resp, n, out, sizeof(out), &out_len), -1);
}

static void test_unwrap_passes_bare_errors_on_but_never_bare_success(void **state)
{
	(void)state;
	struct sm sm;
	appendix_d_session(&sm);
	unsigned char out[8];
	size_t out_len = 0;
	assert_int_equal(
		sm_unwrap(&sm, (const unsigned char *)"\x6A\x82", 2, out, sizeof(out), &out_len),
		0);
	assert_hex(out, out_len, "6A82");
	assert_int_equal(
		sm_unwrap(&sm, (const unsigned char *)"\x90\x00", 2, out, sizeof(out), &out_len),
		-1);
}

static void test_unwrap_refuses_a_tampered_cryptogram(void **state)
{
	(void)state;
	static const char read4[] = "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000";
	unsigned char resp[64], out[64];
	size_t n = unhex(read4, resp, sizeof(resp)), out_len;
	for (size_t i = 0; i < n - 2; i++) {
		struct sm sm;
		appendix_d_session(&sm);
		unhex("887022120C06C229", sm.ssc, 8);
		resp[i] ^= 0x40;
		assert_int_equal(sm_unwrap(&sm, resp, n, out, sizeof(out), &out_len), -1);
		resp[i] ^= 0x40;
	}
}

/* The chip's side, built here with EVP directly: DO'87' (padded, encrypted), DO'99',
 * DO'8E' over SSC+1. */
static size_t chip_answer(struct sm *chip, const unsigned char *data, size_t len, unsigned char sw1,
			  unsigned char sw2, unsigned char *out)
{
	size_t pos = 0;
	for (int i = 7; i >= 0 && ++chip->ssc[i] == 0; i--)
		;
	if (len) {
		size_t padded = (len / 8 + 1) * 8;
		unsigned char plain[70000];
		memcpy(plain, data, len);
		plain[len] = 0x80;
		memset(plain + len + 1, 0, padded - len - 1);
		size_t vlen = padded + 1;
		out[pos++] = 0x87;
		if (vlen < 0x80) {
			out[pos++] = (unsigned char)vlen;
		} else if (vlen < 0x100) {
			out[pos++] = 0x81;
			out[pos++] = (unsigned char)vlen;
		} else {
			out[pos++] = 0x82;
			out[pos++] = (unsigned char)(vlen >> 8);
			out[pos++] = (unsigned char)vlen;
		}
		out[pos++] = 0x01;
		static const unsigned char iv[8];
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		int n1 = 0, n2 = 0;
		assert_int_equal(EVP_EncryptInit_ex(c, EVP_des_ede_cbc(), NULL, chip->ks_enc, iv),
				 1);
		EVP_CIPHER_CTX_set_padding(c, 0);
		assert_int_equal(EVP_EncryptUpdate(c, out + pos, &n1, plain, (int)padded), 1);
		assert_int_equal(EVP_EncryptFinal_ex(c, out + pos + n1, &n2), 1);
		EVP_CIPHER_CTX_free(c);
		pos += padded;
	}
	out[pos++] = 0x99;
	out[pos++] = 2;
	out[pos++] = sw1;
	out[pos++] = sw2;
	unsigned char *n = malloc(pos + 8);
	memcpy(n, chip->ssc, 8);
	memcpy(n + 8, out, pos);
	out[pos] = 0x8E;
	out[pos + 1] = 8;
	sm_mac(chip->ks_mac, n, pos + 8, out + pos + 2);
	free(n);
	pos += 10;
	out[pos++] = sw1;
	out[pos++] = sw2;
	return pos;
}

static void test_extended_length_read_wraps_and_unwraps(void **state)
{
	(void)state;
	struct sm sm, chip;
	appendix_d_session(&sm);
	appendix_d_session(&chip);
	/* READ BINARY of 0x1000 bytes from offset 4: extended Le, DO'97' of two bytes */
	static const unsigned char apdu[] = { 0x00, 0xB0, 0x00, 0x04, 0x00, 0x10, 0x00 };
	unsigned char out[64];
	size_t out_len;
	assert_int_equal(sm_wrap(&sm, apdu, sizeof(apdu), out, sizeof(out), &out_len), 0);
	assert_int_equal(out_len, 4 + 3 + 14 + 2);
	assert_memory_equal(out, "\x0C\xB0\x00\x04\x00\x00\x0E\x97\x02\x10\x00\x8E\x08", 13);
	assert_memory_equal(out + out_len - 2, "\x00\x00", 2);
	chip.ssc[7]++; /* the chip counts the command */
	static unsigned char data[0x1000], resp[0x1100], plain[0x1100];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7);
	size_t n = chip_answer(&chip, data, sizeof(data), 0x90, 0x00, resp);
	size_t plain_len;
	assert_int_equal(sm_unwrap(&sm, resp, n, plain, sizeof(plain), &plain_len), 0);
	assert_int_equal(plain_len, sizeof(data) + 2);
	assert_memory_equal(plain, data, sizeof(data));
	assert_memory_equal(plain + sizeof(data), "\x90\x00", 2);
	/* too small an output buffer is refused, not overrun */
	chip.ssc[7]++;
	n = chip_answer(&chip, data, 100, 0x90, 0x00, resp);
	assert_int_equal(sm_unwrap(&sm, resp, n, plain, 50, &plain_len), -1);
}

static void test_wrap_uses_extended_form_when_the_data_needs_it(void **state)
{
	(void)state;
	struct sm sm;
	appendix_d_session(&sm);
	unsigned char apdu[5 + 250], out[400];
	size_t out_len;
	memcpy(apdu, "\x00\xD6\x00\x00\xFA", 5); /* 250 bytes of data: DO'87' alone is 256 */
	memset(apdu + 5, 0x11, 250);
	assert_int_equal(sm_wrap(&sm, apdu, sizeof(apdu), out, sizeof(out), &out_len), 0);
	assert_int_equal(out[4], 0x00);
	size_t lc = (size_t)out[5] << 8 | out[6];
	assert_int_equal(out_len, 7 + lc + 2);
	assert_int_equal(out[7], 0x87);
	/* odd INS: DO'85' without the padding indicator */
	static const unsigned char b1[] = { 0x00, 0xB1, 0x00, 0x00, 0x04,
					    0x54, 0x02, 0x80, 0x00, 0xDF };
	assert_int_equal(sm_wrap(&sm, b1, sizeof(b1), out, sizeof(out), &out_len), 0);
	assert_memory_equal(out, "\x0C\xB1\x00\x00\x17\x85\x08", 7);
	assert_memory_equal(out + 15, "\x97\x01\xDF\x8E\x08", 5);
}

static void test_wrap_refuses_malformed_apdus_and_small_buffers(void **state)
{
	(void)state;
	struct sm sm;
	appendix_d_session(&sm);
	unsigned char out[400];
	size_t out_len;
	static const char *bad[] = {
		"00A402",             /* no P2 */
		"00A4020C03011E",     /* Lc says 3, 2 bytes follow */
		"00A4020C02011E0000", /* two bytes after the data in short form */
		"00B00000000000FF",   /* extended Lc of 0 */
		"00B000000010",       /* extended with one length byte */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char apdu[32];
		size_t n = unhex(bad[i], apdu, sizeof(apdu));
		assert_int_equal(sm_wrap(&sm, apdu, n, out, sizeof(out), &out_len), -1);
	}
	unsigned char apdu[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1E };
	assert_int_equal(sm_wrap(&sm, apdu, sizeof(apdu), out, 20, &out_len), -1);
	/* case 1: only DO'8E' */
	assert_int_equal(sm_wrap(&sm, apdu, 4, out, sizeof(out), &out_len), 0);
	assert_int_equal(out_len, 4 + 1 + 10 + 1);
	assert_int_equal(out[4], 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mrz_info_of_the_appendix_d_passport),
		cmocka_unit_test(test_mrz_info_from_typed_fields_without_mrz_lines),
		cmocka_unit_test(test_mrz_info_uses_a_long_td1_number_whole_with_its_digit),
		cmocka_unit_test(test_mrz_info_refuses_a_document_without_number_or_expiry),
		cmocka_unit_test(test_key_seed_and_keys_of_appendix_d),
		cmocka_unit_test(test_derive_adjusts_des_parity),
		cmocka_unit_test(test_external_authenticate_data_of_appendix_d),
		cmocka_unit_test(test_session_keys_and_ssc_of_appendix_d),
		cmocka_unit_test(test_session_refuses_an_answer_that_does_not_authenticate),
		cmocka_unit_test(test_retail_mac_of_appendix_d),
		cmocka_unit_test(test_secure_messaging_reads_ef_com_as_appendix_d),
		cmocka_unit_test(test_unwrap_refuses_wrong_mac_and_malformed_objects),
		cmocka_unit_test(test_unwrap_passes_bare_errors_on_but_never_bare_success),
		cmocka_unit_test(test_unwrap_refuses_a_tampered_cryptogram),
		cmocka_unit_test(test_extended_length_read_wraps_and_unwraps),
		cmocka_unit_test(test_wrap_uses_extended_form_when_the_data_needs_it),
		cmocka_unit_test(test_wrap_refuses_malformed_apdus_and_small_buffers),
	};
	return cmocka_run_group_tests_name("bac", tests, NULL, NULL);
}
