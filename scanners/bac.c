/* Basic Access Control and 3DES secure messaging, ICAO 9303-11 sections 4.3 (BAC),
 * 9.7 (key derivation) and 9.8 (secure messaging), with the worked example of
 * Appendix D as the test oracle (tests/unit/test_bac.c).
 *
 * Single DES is needed for the retail MAC, and OpenSSL 3 keeps it in the legacy
 * provider, which a workstation may not have installed. Two-key 3DES (EDE) with both
 * halves equal is single DES by construction (E_K(D_K(E_K(x))) = E_K(x)), so every DES
 * step here runs through DES-EDE of the default provider. */
#include "scanners/bac.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "scanners/mrz.h"
#include "scanners/tlv.h"

/* --- the document basic access keys (9303-11 4.3.2, 9.7.1) --------------------------- */

static int mrz_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '<'))
			return 0;
	return 1;
}

/* YYMMDD of a date as the MRZ prints it, unknown parts as fillers. */
static int date_chars(const struct doc_date *d, int unknown_ok, char out[7])
{
	int parts[3] = { d->year, d->month, d->day };
	for (int i = 0; i < 3; i++) {
		if (parts[i] == 0 && !unknown_ok)
			return -1;
		if (parts[i] == 0) {
			out[2 * i] = out[2 * i + 1] = '<';
		} else {
			int v = i == 0 ? parts[i] % 100 : parts[i];
			if (v < 0 || v > 99)
				return -1;
			out[2 * i] = (char)('0' + v / 10);
			out[2 * i + 1] = (char)('0' + v % 10);
		}
	}
	out[6] = '\0';
	return 0;
}

/* The birth and expiry dates as printed: from the MRZ lines when the document was read
 * from one (exactly the characters the chip's key was made from), else from the fields
 * (a document number and dates typed by the officer). */
static int dates_of(const struct document *doc, char birth[7], char expiry[7])
{
	int line = 1, bcol = -1, ecol = -1;
	switch (doc->format) {
	case DOC_TD1:
		bcol = 0, ecol = 8;
		break;
	case DOC_TD2:
	case DOC_TD3:
	case DOC_MRVA:
	case DOC_MRVB:
		bcol = 13, ecol = 21;
		break;
	default:
		break;
	}
	if (bcol >= 0 && doc->lines >= 2 && strnlen(doc->mrz[line], MRZ_MAX_LINE) >= 28) {
		memcpy(birth, doc->mrz[line] + bcol, 6);
		memcpy(expiry, doc->mrz[line] + ecol, 6);
		birth[6] = expiry[6] = '\0';
		return mrz_chars(birth, 6) && mrz_chars(expiry, 6) ? 0 : -1;
	}
	if (date_chars(&doc->birth, 1, birth) < 0 || date_chars(&doc->expiry, 0, expiry) < 0)
		return -1;
	return 0;
}

int bac_mrz_info(const struct document *doc, char *out, size_t len)
{
	char birth[7], expiry[7];
	size_t n = strnlen(doc->number, sizeof(doc->number));
	if (n == 0 || n == sizeof(doc->number) || !mrz_chars(doc->number, n))
		return -1;
	if (dates_of(doc, birth, expiry) < 0)
		return -1;
	/* 9303-11 4.3.2: the number with fillers to 9 characters; a longer number (TD1 and
	 * TD2, continued in the optional data) is used whole, followed by its own digit */
	size_t width = n < 9 ? 9 : n;
	if (width + 1 + 7 + 7 + 1 > len)
		return -1;
	memcpy(out, doc->number, n);
	memset(out + n, '<', width - n);
	int d = mrz_check_digit(out, width);
	int b = mrz_check_digit(birth, 6), e = mrz_check_digit(expiry, 6);
	if (d < 0 || b < 0 || e < 0)
		return -1;
	size_t pos = width;
	out[pos++] = (char)d;
	memcpy(out + pos, birth, 6);
	pos += 6;
	out[pos++] = (char)b;
	memcpy(out + pos, expiry, 6);
	pos += 6;
	out[pos++] = (char)e;
	out[pos] = '\0';
	return 0;
}

/* DES keys carry odd parity in the low bit of each byte (9303-11 9.7.1). */
static void set_parity(unsigned char *key, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b = key[i] & 0xFE;
		int ones = 0;
		for (int bit = 1; bit < 8; bit++)
			ones += (b >> bit) & 1;
		key[i] = (unsigned char)(b | ((ones & 1) ? 0 : 1));
	}
}

void bac_derive(const unsigned char *seed, size_t seed_len, unsigned counter, unsigned char key[16])
{
	unsigned char c[4] = { (unsigned char)(counter >> 24), (unsigned char)(counter >> 16),
			       (unsigned char)(counter >> 8), (unsigned char)counter };
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		 EVP_DigestUpdate(ctx, seed, seed_len) == 1 && EVP_DigestUpdate(ctx, c, 4) == 1 &&
		 EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len >= 16;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		memset(md, 0, 16); /* a key nobody holds: authentication then fails */
	memcpy(key, md, 16);
	set_parity(key, 16);
	OPENSSL_cleanse(md, sizeof(md));
}

void bac_keys(const char *mrz_info, unsigned char k_enc[16], unsigned char k_mac[16])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (EVP_Digest(mrz_info, strlen(mrz_info), md, &md_len, EVP_sha1(), NULL) != 1 ||
	    md_len < 16)
		memset(md, 0, 16);
	bac_derive(md, 16, 1, k_enc);
	bac_derive(md, 16, 2, k_mac);
	OPENSSL_cleanse(md, sizeof(md));
}

/* --- DES building blocks ---------------------------------------------------------------- */

/* Two-key 3DES over whole blocks, CBC with a zero IV (9303-11 9.8.6.1: the IV for 3DES
 * secure messaging and for BAC is zero) or ECB. */
static int des3(const unsigned char key[16], int cbc, int enc, const unsigned char *in, size_t len,
		unsigned char *out)
{
	static const unsigned char zero_iv[8];
	if (len % 8 || len > INT_MAX)
		return -1;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, f = 0;
	int ok = c &&
		 EVP_CipherInit_ex(c, cbc ? EVP_des_ede_cbc() : EVP_des_ede_ecb(), NULL, key,
				   cbc ? zero_iv : NULL, enc) == 1 &&
		 EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
		 EVP_CipherUpdate(c, out, &n, in, (int)len) == 1 &&
		 EVP_CipherFinal_ex(c, out + n, &f) == 1;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

/* The retail MAC (ISO/IEC 9797-1 MAC algorithm 3, padding method 2) over a message given
 * in pieces, so that secure messaging never copies an APDU to MAC it: single DES with
 * K_a chained over every block, then D with K_b and E with K_a on the last. */
struct mac {
	EVP_CIPHER_CTX *ka;
	unsigned char h[8], block[8];
	size_t n;
	int ok;
};

static void mac_block(struct mac *m)
{
	unsigned char x[8];
	int len = 0;
	for (int i = 0; i < 8; i++)
		x[i] = m->h[i] ^ m->block[i];
	if (m->ok && EVP_EncryptUpdate(m->ka, m->h, &len, x, 8) != 1)
		m->ok = 0;
	m->n = 0;
}

static void mac_init(struct mac *m, const unsigned char key[16])
{
	unsigned char ka[16];
	memcpy(ka, key, 8);
	memcpy(ka + 8, key, 8);
	memset(m, 0, sizeof(*m));
	m->ka = EVP_CIPHER_CTX_new();
	m->ok = m->ka && EVP_EncryptInit_ex(m->ka, EVP_des_ede_ecb(), NULL, ka, NULL) == 1 &&
		EVP_CIPHER_CTX_set_padding(m->ka, 0) == 1;
	OPENSSL_cleanse(ka, sizeof(ka));
}

static void mac_update(struct mac *m, const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		m->block[m->n++] = data[i];
		if (m->n == 8)
			mac_block(m);
	}
}

static int mac_final(struct mac *m, const unsigned char key[16], unsigned char out[8])
{
	unsigned char kb[16], t[8];
	m->block[m->n++] = 0x80;
	while (m->n < 8)
		m->block[m->n++] = 0x00;
	mac_block(m);
	memcpy(kb, key + 8, 8);
	memcpy(kb + 8, key + 8, 8);
	int ok = m->ok && des3(kb, 0, 0, m->h, 8, t) == 0;
	memcpy(kb, key, 8);
	memcpy(kb + 8, key, 8);
	ok = ok && des3(kb, 0, 1, t, 8, out) == 0;
	EVP_CIPHER_CTX_free(m->ka);
	OPENSSL_cleanse(kb, sizeof(kb));
	OPENSSL_cleanse(m, sizeof(*m));
	if (!ok)
		memset(out, 0, 8);
	return ok ? 0 : -1;
}

void sm_mac(const unsigned char key[16], const unsigned char *data, size_t len,
	    unsigned char mac[8])
{
	struct mac m;
	mac_init(&m, key);
	mac_update(&m, data, len);
	mac_final(&m, key, mac);
}

/* --- mutual authentication (9303-11 4.3.3, Appendix D.3) ------------------------------ */

void bac_authenticate(const unsigned char k_enc[16], const unsigned char k_mac[16],
		      const unsigned char rnd_icc[8], const unsigned char rnd_ifd[8],
		      const unsigned char k_ifd[16], unsigned char cmd[40])
{
	unsigned char s[32];
	memcpy(s, rnd_ifd, 8);
	memcpy(s + 8, rnd_icc, 8);
	memcpy(s + 16, k_ifd, 16);
	if (des3(k_enc, 1, 1, s, 32, cmd) < 0)
		memset(cmd, 0, 32);
	sm_mac(k_mac, cmd, 32, cmd + 32);
	OPENSSL_cleanse(s, sizeof(s));
}

int bac_session(const unsigned char k_enc[16], const unsigned char k_mac[16],
		const unsigned char resp[40], const unsigned char rnd_icc[8],
		const unsigned char rnd_ifd[8], const unsigned char k_ifd[16], struct sm *sm)
{
	unsigned char mac[8], r[32], seed[16];
	int rc = -1;
	sm_mac(k_mac, resp, 32, mac);
	/* the MAC first: nothing unauthenticated is decrypted */
	if (CRYPTO_memcmp(mac, resp + 32, 8) != 0)
		goto out;
	if (des3(k_enc, 1, 0, resp, 32, r) < 0)
		goto out;
	/* R = RND.ICC || RND.IFD || K.ICC: both challenges must come back */
	if (CRYPTO_memcmp(r, rnd_icc, 8) != 0 || CRYPTO_memcmp(r + 8, rnd_ifd, 8) != 0)
		goto out;
	for (int i = 0; i < 16; i++)
		seed[i] = k_ifd[i] ^ r[16 + i];
	bac_derive(seed, 16, 1, sm->ks_enc);
	bac_derive(seed, 16, 2, sm->ks_mac);
	memcpy(sm->ssc, rnd_icc + 4, 4);
	memcpy(sm->ssc + 4, rnd_ifd + 4, 4);
	rc = 0;
out:
	OPENSSL_cleanse(r, sizeof(r));
	OPENSSL_cleanse(seed, sizeof(seed));
	return rc;
}

/* --- secure messaging (9303-11 9.8, Appendix D.4) ------------------------------------- */

static void ssc_increment(unsigned char ssc[8])
{
	for (int i = 7; i >= 0; i--)
		if (++ssc[i] != 0)
			break;
}

struct apdu {
	unsigned char cla, ins, p1, p2;
	const unsigned char *data;
	size_t lc;
	size_t le; /* Ne: 1-65536, 0 when absent */
	int extended;
};

/* ISO/IEC 7816-3 12.1.3: the four cases in short and extended form. */
static int apdu_parse(const unsigned char *a, size_t len, struct apdu *p)
{
	memset(p, 0, sizeof(*p));
	if (len < 4)
		return -1;
	p->cla = a[0], p->ins = a[1], p->p1 = a[2], p->p2 = a[3];
	if (len == 4)
		return 0; /* case 1 */
	if (len == 5) {
		p->le = a[4] ? a[4] : 256; /* case 2S */
		return 0;
	}
	if (a[4] != 0) {
		p->lc = a[4];
		p->data = a + 5;
		if (len == 5 + p->lc)
			return 0; /* case 3S */
		if (len == 6 + p->lc) {
			p->le = a[5 + p->lc] ? a[5 + p->lc] : 256; /* case 4S */
			return 0;
		}
		return -1;
	}
	p->extended = 1;
	if (len < 7)
		return -1;
	if (len == 7) {
		size_t le = (size_t)a[5] << 8 | a[6];
		p->le = le ? le : 65536; /* case 2E */
		return 0;
	}
	p->lc = (size_t)a[5] << 8 | a[6];
	p->data = a + 7;
	if (p->lc == 0)
		return -1;
	if (len == 7 + p->lc)
		return 0; /* case 3E */
	if (len == 9 + p->lc) {
		size_t le = (size_t)a[7 + p->lc] << 8 | a[8 + p->lc];
		p->le = le ? le : 65536; /* case 4E */
		return 0;
	}
	return -1;
}

int sm_wrap(struct sm *sm, const unsigned char *apdu, size_t len, unsigned char *out, size_t cap,
	    size_t *out_len)
{
	struct apdu p;
	if (apdu_parse(apdu, len, &p) < 0)
		return -1;
	/* an odd INS carries BER-TLV data (DO'54' offsets): DO'85', no padding indicator */
	int odd = p.ins & 1;
	unsigned tag = odd ? 0x85 : 0x87;
	size_t padded = p.lc ? (p.lc / 8 + 1) * 8 : 0;
	size_t crypt_len = p.lc ? padded + (odd ? 0 : 1) : 0;
	unsigned char h87[8], h97[2] = { 0x97, 0 };
	size_t h87_len = p.lc ? tlv_header(tag, crypt_len, h87) : 0;
	size_t do97 = p.le ? (p.le <= 256 ? 3 : 4) : 0;
	size_t body = h87_len + crypt_len + do97 + 10;
	int ext = p.extended || body > 255;
	size_t total = 4 + (ext ? 3 : 1) + body + (ext ? 2 : 1);
	if (total > cap || body > 65535)
		return -1;

	unsigned char header[8] = {
		(unsigned char)(p.cla | 0x0C), p.ins, p.p1, p.p2, 0x80, 0, 0, 0
	};
	size_t pos = 0;
	memcpy(out, header, 4);
	pos = 4;
	if (ext) {
		out[pos++] = 0;
		out[pos++] = (unsigned char)(body >> 8);
	}
	out[pos++] = (unsigned char)body;
	size_t dos = pos; /* where the data objects start: what the MAC covers */
	if (p.lc) {
		memcpy(out + pos, h87, h87_len);
		pos += h87_len;
		if (!odd)
			out[pos++] = 0x01; /* padding indicator: ISO/IEC 9797-1 method 2 */
		memcpy(out + pos, p.data, p.lc);
		out[pos + p.lc] = 0x80;
		memset(out + pos + p.lc + 1, 0, padded - p.lc - 1);
		if (des3(sm->ks_enc, 1, 1, out + pos, padded, out + pos) < 0)
			return -1;
		pos += padded;
	}
	if (p.le) {
		h97[1] = p.le <= 256 ? 1 : 2;
		memcpy(out + pos, h97, 2);
		pos += 2;
		if (p.le > 256)
			out[pos++] = (unsigned char)((p.le >> 8) & 0xFF);
		out[pos++] = (unsigned char)(p.le & 0xFF);
	}
	ssc_increment(sm->ssc);
	struct mac m;
	mac_init(&m, sm->ks_mac);
	mac_update(&m, sm->ssc, 8);
	mac_update(&m, header, 8);
	mac_update(&m, out + dos, pos - dos);
	out[pos++] = 0x8E;
	out[pos++] = 8;
	if (mac_final(&m, sm->ks_mac, out + pos) < 0)
		return -1;
	pos += 8;
	out[pos++] = 0;
	if (ext)
		out[pos++] = 0;
	*out_len = pos;
	return 0;
}

/* Removes ISO/IEC 9797-1 padding method 2 in place; -1 when there is none. */
static int unpad(const unsigned char *buf, size_t *len)
{
	size_t n = *len;
	while (n > 0 && buf[n - 1] == 0x00)
		n--;
	if (n == 0 || buf[n - 1] != 0x80 || *len - n >= 8)
		return -1;
	*len = n - 1;
	return 0;
}

int sm_unwrap(struct sm *sm, const unsigned char *resp, size_t len, unsigned char *out, size_t cap,
	      size_t *out_len)
{
	if (len < 2 || cap < 2)
		return -1;
	size_t blen = len - 2;
	const unsigned char *sw = resp + blen;
	ssc_increment(sm->ssc);
	if (blen == 0) {
		/* A bare status word carries no MAC. An error is passed on (a chip may answer
		 * "file not found" or "wrong length" unprotected), success never is: an
		 * attacker could forge it. */
		if (sw[0] == 0x90 && sw[1] == 0x00)
			return -1;
		out[0] = sw[0], out[1] = sw[1];
		*out_len = 2;
		return 0;
	}
	struct tlv crypt = { 0 }, status = { 0 }, cc = { 0 };
	int have_crypt = 0, have_status = 0, have_cc = 0;
	size_t pos = 0, mac_end = 0;
	while (pos < blen) {
		struct tlv t;
		if (have_cc || tlv_parse(resp + pos, blen - pos, &t) < 0)
			return -1; /* nothing may follow DO'8E' */
		if ((t.tag == 0x87 || t.tag == 0x85) && !have_crypt && !have_status) {
			crypt = t;
			have_crypt = 1;
		} else if (t.tag == 0x99 && !have_status && t.len == 2) {
			status = t;
			have_status = 1;
		} else if (t.tag == 0x8E && t.len == 8) {
			cc = t;
			have_cc = 1;
			mac_end = pos;
		} else {
			return -1;
		}
		pos += t.size;
	}
	if (!have_cc || !have_status)
		return -1;
	unsigned char mac[8];
	struct mac m;
	mac_init(&m, sm->ks_mac);
	mac_update(&m, sm->ssc, 8);
	mac_update(&m, resp, mac_end);
	if (mac_final(&m, sm->ks_mac, mac) < 0 || CRYPTO_memcmp(mac, cc.value, 8) != 0)
		return -1;
	if (status.value[0] != sw[0] || status.value[1] != sw[1])
		return -1;
	size_t n = 0;
	if (have_crypt) {
		const unsigned char *c = crypt.value;
		size_t clen = crypt.len;
		if (crypt.tag == 0x87) {
			if (clen < 1 || c[0] != 0x01)
				return -1;
			c++, clen--;
		}
		if (clen == 0 || clen % 8 || clen + 2 > cap)
			return -1;
		if (des3(sm->ks_enc, 1, 0, c, clen, out) < 0)
			return -1;
		n = clen;
		if (unpad(out, &n) < 0)
			return -1;
	}
	out[n] = status.value[0];
	out[n + 1] = status.value[1];
	*out_len = n + 2;
	return 0;
}
