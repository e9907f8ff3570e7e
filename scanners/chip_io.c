/* APDUs to and from an eMRTD chip (ICAO 9303-10 section 3, 9303-11 sections 4.3 and
 * 9.8): SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, READ BINARY, wrapped in secure
 * messaging after BAC.
 *
 * Extended length is used when the chip announces it: in EF.ATR/INFO ('2F01' under the
 * MF: DO'7F66' with a maximum response length above 256, or the card capabilities DO'47')
 * or in the card capabilities of the ATR's historical bytes (a contactless reader builds
 * the ATR from the chip's ATS). A file is then read in as few APDUs as the chip's
 * maximum allows; otherwise in 0xDF-byte chunks, the most whose protected answer still
 * fits a short response. A 6700 makes the read fall back: from extended to short, then
 * to halves. A chip that answers an extended APDU with a bare 6700 has dropped secure
 * messaging (9303-11 9.8.5: an unprotected answer ends the session), so BAC is done
 * again and the file selected again before the read goes on. Offsets above 0x7FFF use
 * READ BINARY with odd INS (B1) and DO'54'. */
#include "scanners/chip_io.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "scanners/lds.h"
#include "scanners/tlv.h"

enum {
	SHORT_CHUNK = 0xDF, /* data per short READ BINARY under SM */
	EXT_CHUNK = 0xFF00, /* per extended READ BINARY unless the chip says less */
	SM_OVERHEAD = 32,   /* DO'87' header, padding indicator and block, DO'99', DO'8E', SW */
	MAX_FILE = 1 << 20, /* no LDS1 file a workstation reads comes near */
	MAX_REAUTH = 3,     /* BAC again after a lost session, at most */
	MAX_RETRIES = 24,   /* shorter reads of one chunk before giving up */
	FID_ATR_INFO = 0x2F01,
};

enum { XFER_OK = 0, XFER_FAILED = -1, XFER_RETRY = 1 };

static const unsigned char AID_LDS1[] = { 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01 };

const struct chip_file_info chip_files[CHIP_FILE_COUNT] = {
	[CHIP_COM] = { 0x011E, 0, "COM" },    [CHIP_CARD_ACCESS] = { 0x011C, 0, "CardAccess" },
	[CHIP_DG1] = { 0x0101, 1, "DG1" },    [CHIP_DG2] = { 0x0102, 2, "DG2" },
	[CHIP_DG11] = { 0x010B, 11, "DG11" }, [CHIP_DG12] = { 0x010C, 12, "DG12" },
	[CHIP_DG14] = { 0x010E, 14, "DG14" }, [CHIP_DG15] = { 0x010F, 15, "DG15" },
	[CHIP_SOD] = { 0x011D, 0, "SOD" },
};

static int fail(struct chip_session *s, enum chip_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records why the read stops (the first reason wins); returns XFER_FAILED. */
static int fail(struct chip_session *s, enum chip_verdict v, const char *fmt, ...)
{
	if (!s->failed) {
		s->failed = v;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->why, sizeof(s->why), fmt, ap);
		va_end(ap);
	}
	return XFER_FAILED;
}

/* An APDU with CLA 00: short form unless ext, data longer than 255 or Le above 256. */
static size_t apdu(unsigned char *out, unsigned char ins, unsigned char p1, unsigned char p2,
		   const unsigned char *data, size_t lc, size_t le, int ext)
{
	size_t n = 0;
	out[n++] = 0x00, out[n++] = ins, out[n++] = p1, out[n++] = p2;
	ext = ext || lc > 255 || le > 256;
	if (lc) {
		if (ext) {
			out[n++] = 0;
			out[n++] = (unsigned char)(lc >> 8);
		}
		out[n++] = (unsigned char)lc;
		memcpy(out + n, data, lc);
		n += lc;
	}
	if (le) {
		if (ext) {
			if (!lc)
				out[n++] = 0;
			out[n++] = (unsigned char)(le >> 8); /* 65536 is 00 00 */
		}
		out[n++] = (unsigned char)le; /* 256 is 00 */
	}
	return n;
}

/* Sends one command, protected when a session is on. XFER_OK with the answer's data
 * (*data, *len) and status word; XFER_RETRY when the reader could not carry an extended
 * APDU (nothing reached the chip: the caller reads shorter); XFER_FAILED. */
static int xfer(struct chip_session *s, const unsigned char *cmd, size_t len, int ext,
		const unsigned char **data, size_t *dlen, unsigned *sw)
{
	const unsigned char *send = cmd;
	size_t send_len = len, n = 0;
	unsigned char ssc[8] = { 0 };
	if (s->sm_on) {
		memcpy(ssc, s->sm.ssc, 8);
		if (sm_wrap(&s->sm, cmd, len, s->wrapped, sizeof(s->wrapped), &send_len) < 0)
			return fail(s, CHIP_READ_FAILED, "cannot protect a command for %s",
				    s->current);
		send = s->wrapped;
	}
	s->out->apdus++;
	struct error err;
	int rc = pcsc_transmit(s->pc, send, send_len, s->raw, sizeof(s->raw), &n, s->timeout_ms,
			       &err);
	if (rc < 0)
		s->transport = 1;
	if (rc == PCSC_REMOVED)
		return fail(s, CHIP_REMOVED, "card removed after %d APDUs, reading %s",
			    s->out->apdus, s->current);
	if (rc == PCSC_TIMEOUT)
		return fail(s, CHIP_READ_FAILED, "no answer within %d ms, reading %s",
			    s->timeout_ms, s->current);
	if (rc == PCSC_ERROR && ext && s->ext) {
		/* the reader or its driver cannot carry extended APDUs */
		if (s->sm_on)
			memcpy(s->sm.ssc, ssc, 8);
		s->ext = 0;
		s->transport = 0;
		return XFER_RETRY;
	}
	if (rc < 0)
		return fail(s, CHIP_READ_FAILED, "reader error, reading %s", s->current);
	*sw = (unsigned)s->raw[n - 2] << 8 | s->raw[n - 1];
	if (!s->sm_on) {
		*data = s->raw;
		*dlen = n - 2;
		return XFER_OK;
	}
	size_t m = 0;
	if (sm_unwrap(&s->sm, s->raw, n, s->plain, sizeof(s->plain), &m) < 0)
		return fail(s, CHIP_READ_FAILED,
			    "secure messaging broken, reading %s: the answer does not authenticate "
			    "(SW %04X)",
			    s->current, *sw);
	if (n == 2) {
		/* an unprotected status: the chip has ended secure messaging */
		s->sm_on = 0;
		s->sm_lost = 1;
	}
	*data = s->plain;
	*dlen = m - 2;
	return XFER_OK;
}

/* Sends cmd and returns its status word, or -1 on failure. */
static long command(struct chip_session *s, const unsigned char *cmd, size_t len,
		    const unsigned char **data, size_t *dlen)
{
	unsigned sw;
	const unsigned char *d;
	size_t n;
	if (xfer(s, cmd, len, 0, data ? data : &d, dlen ? dlen : &n, &sw) != XFER_OK)
		return -1;
	return (long)sw;
}

static long select_ef(struct chip_session *s, unsigned fid)
{
	unsigned char cmd[16], id[2] = { (unsigned char)(fid >> 8), (unsigned char)fid };
	return command(s, cmd, apdu(cmd, 0xA4, 0x02, 0x0C, id, 2, 0, 0), NULL, NULL);
}

/* --- BAC (9303-11 4.3) ------------------------------------------------------------------ */

static int authenticate(struct chip_session *s)
{
	unsigned char cmd[64], rnd_ifd[8], k_ifd[16], rnd_icc[8], ea[40];
	const unsigned char *data;
	size_t dlen;
	s->sm_on = s->sm_lost = 0;
	const char *was = s->current;
	s->current = "the LDS1 application";
	long sw = command(s, cmd, apdu(cmd, 0xA4, 0x04, 0x0C, AID_LDS1, sizeof(AID_LDS1), 0, 0),
			  NULL, NULL);
	if (sw < 0)
		return -1;
	if (sw != 0x9000)
		return fail(s, CHIP_READ_FAILED,
			    "no ICAO LDS1 application (SW %04lX): not an ePassport", sw);
	s->current = "BAC";
	if (!s->req->mrz_info) {
		s->current = was;
		return 0; /* a chip without access control, or none asked for */
	}
	sw = command(s, cmd, apdu(cmd, 0x84, 0x00, 0x00, NULL, 0, 8, 0), &data, &dlen);
	if (sw < 0)
		return -1;
	if (sw != 0x9000 || dlen != 8)
		return fail(s, CHIP_READ_FAILED, "GET CHALLENGE refused (SW %04lX)%s", sw,
			    s->out->card_access[0] ? ": the chip may offer PACE only" : "");
	memcpy(rnd_icc, data, 8);
	if (RAND_bytes(rnd_ifd, sizeof(rnd_ifd)) != 1 || RAND_bytes(k_ifd, sizeof(k_ifd)) != 1)
		return fail(s, CHIP_READ_FAILED, "no random numbers for BAC");
	bac_authenticate(s->k_enc, s->k_mac, rnd_icc, rnd_ifd, k_ifd, ea);
	sw = command(s, cmd, apdu(cmd, 0x82, 0x00, 0x00, ea, sizeof(ea), sizeof(ea), 0), &data,
		     &dlen);
	int rc = -1;
	if (sw < 0)
		goto out;
	if (sw == 0x6300 || sw == 0x6982) {
		fail(s, CHIP_ACCESS_DENIED,
		     "BAC refused (SW %04lX): the MRZ does not open this chip", sw);
		goto out;
	}
	if (sw != 0x9000 || dlen != 40) {
		fail(s, CHIP_READ_FAILED, "EXTERNAL AUTHENTICATE failed (SW %04lX)", sw);
		goto out;
	}
	if (bac_session(s->k_enc, s->k_mac, data, rnd_icc, rnd_ifd, k_ifd, &s->sm) < 0) {
		fail(s, CHIP_ACCESS_DENIED, "the chip's BAC answer does not authenticate");
		goto out;
	}
	s->sm_on = 1;
	s->current = was;
	rc = 0;
out:
	OPENSSL_cleanse(rnd_ifd, sizeof(rnd_ifd));
	OPENSSL_cleanse(k_ifd, sizeof(k_ifd));
	OPENSSL_cleanse(ea, sizeof(ea));
	return rc;
}

/* After the chip dropped secure messaging: BAC again. */
static int reauthenticate(struct chip_session *s)
{
	if (s->reauths++ >= MAX_REAUTH)
		return fail(s, CHIP_READ_FAILED, "secure messaging lost too often, reading %s",
			    s->current);
	return authenticate(s);
}

/* ... and the file selected again, to go on reading it. */
static int recover(struct chip_session *s, unsigned fid)
{
	if (reauthenticate(s) < 0)
		return -1;
	long sw = select_ef(s, fid);
	if (sw < 0)
		return -1;
	if (sw != 0x9000)
		return fail(s, CHIP_READ_FAILED, "cannot select %s again (SW %04lX)", s->current,
			    sw);
	return 0;
}

/* --- READ BINARY --------------------------------------------------------------------- */

enum { CHUNK_OK, CHUNK_RETRY, CHUNK_RECOVER, CHUNK_FAILED };

/* One READ BINARY of up to want bytes at offset into dst (*got received). */
static int read_chunk(struct chip_session *s, size_t offset, size_t want, unsigned char *dst,
		      size_t *got)
{
	unsigned char cmd[32];
	size_t n;
	int odd = offset > 0x7FFF;
	if (odd && !s->ext && want + 4 > s->short_chunk)
		want = s->short_chunk - 4; /* DO'53' counts in Le */
	int ext = want > SHORT_CHUNK;
	if (odd) {
		/* B1: the offset in DO'54', the data back in DO'53' (its header within Le) */
		unsigned char off[5] = { 0x54, 0x03, (unsigned char)(offset >> 16),
					 (unsigned char)(offset >> 8), (unsigned char)offset };
		size_t le = want + (want < 0x80 ? 2 : want < 0x100 ? 3 : 4);
		n = apdu(cmd, 0xB1, 0x00, 0x00, off, sizeof(off), le, ext);
	} else {
		n = apdu(cmd, 0xB0, (unsigned char)(offset >> 8), (unsigned char)offset, NULL, 0,
			 want, ext);
	}
	const unsigned char *data;
	size_t dlen;
	unsigned sw;
	int rc = xfer(s, cmd, n, ext, &data, &dlen, &sw);
	if (rc == XFER_RETRY)
		return CHUNK_RETRY;
	if (rc != XFER_OK)
		return CHUNK_FAILED;
	if (s->sm_lost) {
		if (sw == 0x6700 && ext)
			s->ext = 0;
		return CHUNK_RECOVER;
	}
	if (sw == 0x6700 || (sw & 0xFF00) == 0x6C00) {
		size_t exact = sw & 0xFF;
		if ((sw & 0xFF00) == 0x6C00 && exact > 0 && exact < want)
			s->limit_once = exact;
		else if (ext)
			s->ext = 0;
		else if (s->short_chunk > 16)
			s->short_chunk /= 2;
		else {
			fail(s, CHIP_READ_FAILED, "the chip refuses every read length for %s",
			     s->current);
			return CHUNK_FAILED;
		}
		return CHUNK_RETRY;
	}
	if (sw == 0x6982 && !s->sm_on && !s->req->mrz_info) {
		fail(s, CHIP_ACCESS_DENIED, "the chip needs BAC and no MRZ was given");
		return CHUNK_FAILED;
	}
	/* 6282: end of file before Le bytes, with what there was */
	if (sw != 0x9000 && sw != 0x6282) {
		fail(s, CHIP_READ_FAILED, "READ BINARY of %s at %zu refused (SW %04X)", s->current,
		     offset, sw);
		return CHUNK_FAILED;
	}
	if (odd && dlen > 0) {
		struct tlv t;
		if (tlv_parse(data, dlen, &t) < 0 || t.tag != 0x53) {
			fail(s, CHIP_READ_FAILED, "READ BINARY of %s: no DO'53' in the answer",
			     s->current);
			return CHUNK_FAILED;
		}
		data = t.value;
		dlen = t.len;
	}
	if (dlen > want) {
		fail(s, CHIP_READ_FAILED, "READ BINARY of %s: more data than asked for",
		     s->current);
		return CHUNK_FAILED;
	}
	memcpy(dst, data, dlen);
	*got = dlen;
	return CHUNK_OK;
}

/* How many header bytes a TLV needs, from the first have bytes of it; the value length
 * in *vlen once known (return value <= have). 0 when it is no TLV. */
static size_t header_need(const unsigned char *h, size_t have, size_t *vlen)
{
	size_t t = 1;
	if (h[0] == 0x00 || h[0] == 0xFF)
		return 0;
	if ((h[0] & 0x1F) == 0x1F) {
		/* subsequent tag bytes go on while b8 is set; three bytes in all at most */
		while (t < have && (h[t] & 0x80) && t < 3)
			t++;
		if (t >= 3)
			return 0;
		t++;
	}
	if (have < t + 1)
		return t + 1;
	unsigned char l = h[t];
	if (l == 0x80 || l > 0x84)
		return 0;
	size_t need = t + 1 + (l < 0x80 ? 0 : (size_t)(l & 0x7F));
	if (have < need)
		return need;
	*vlen = l < 0x80 ? l : 0;
	for (size_t i = t + 1; l >= 0x80 && i < need; i++)
		*vlen = *vlen << 8 | h[i];
	return need;
}

/* Reads the selected file: its TLV header from the first 4 bytes, then the rest. */
static int read_selected(struct chip_session *s, unsigned fid, unsigned char **buf, size_t *len)
{
	unsigned char head[8];
	size_t have = 0, total = 0, vlen = 0;
	unsigned char *data = NULL;
	int retries = 0;
	while (!data || have < total) {
		size_t want;
		unsigned char *dst;
		if (!data) {
			size_t need = have ? header_need(head, have, &vlen) : 4;
			if (need == 0) {
				fail(s, CHIP_READ_FAILED, "%s does not start with a TLV",
				     s->current);
				return -1;
			}
			if (have && need <= have) {
				total = need + vlen;
				if (total > MAX_FILE) {
					fail(s, CHIP_READ_FAILED, "%s claims %zu bytes", s->current,
					     total);
					return -1;
				}
				data = malloc(total);
				if (!data) {
					fail(s, CHIP_READ_FAILED, "out of memory for %s",
					     s->current);
					return -1;
				}
				have = have < total ? have : total;
				memcpy(data, head, have);
				continue;
			}
			want = need - have;
			dst = head + have;
		} else {
			want = total - have;
			size_t chunk = s->ext ? s->ext_chunk : s->short_chunk;
			if (s->limit_once)
				chunk = s->limit_once;
			s->limit_once = 0;
			want = want < chunk ? want : chunk;
			dst = data + have;
		}
		size_t got = 0;
		int rc = read_chunk(s, have, want, dst, &got);
		if (rc == CHUNK_RETRY || rc == CHUNK_RECOVER) {
			if (++retries > MAX_RETRIES) {
				fail(s, CHIP_READ_FAILED, "%s: too many retries", s->current);
				break;
			}
			if (rc == CHUNK_RECOVER && recover(s, fid) < 0)
				break;
			continue;
		}
		if (rc != CHUNK_OK)
			break;
		if (got == 0) {
			fail(s, CHIP_READ_FAILED, "%s ends before its length", s->current);
			break;
		}
		have += got;
	}
	if (s->failed) {
		free(data);
		return -1;
	}
	*buf = data;
	*len = total;
	return 0;
}

/* Selects and reads one file into out->files[id]; an absent file is no failure. */
static int read_file(struct chip_session *s, enum chip_file_id id, unsigned fid)
{
	struct chip_file *f = &s->out->files[id];
	s->current = chip_files[id].name;
	if (s->sm_lost && reauthenticate(s) < 0)
		return -1;
	long sw = select_ef(s, fid);
	if (sw >= 0 && s->sm_lost) {
		/* an unprotected answer proves nothing (anyone on the air can send "not
		 * found"): ask again in a new session, whose answer is authenticated */
		if (reauthenticate(s) < 0)
			return -1;
		sw = select_ef(s, fid);
	}
	if (sw < 0)
		return -1;
	if (sw == 0x6982 && !s->sm_on && s->req->mrz_info == NULL && id != CHIP_CARD_ACCESS)
		return fail(s, CHIP_ACCESS_DENIED, "the chip needs BAC and no MRZ was given");
	if (sw != 0x9000)
		return 0; /* 6A82 not found; 6982 not for us (EAC-protected) */
	if (read_selected(s, fid, &f->data, &f->len) < 0) {
		if (id != CHIP_CARD_ACCESS || s->failed != CHIP_READ_FAILED || s->transport)
			return -1;
		/* only a help: a chip that will not let it be read is read without it */
		s->failed = 0;
		s->why[0] = '\0';
		return 0;
	}
	f->present = 1;
	return 0;
}

/* --- extended length -------------------------------------------------------------------- */

int chip_io_atr_extended(const unsigned char *atr, size_t len)
{
	if (len < 2)
		return 0;
	size_t k = atr[1] & 0x0F, i = 2;
	unsigned y = atr[1] >> 4;
	for (;;) {
		i += (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1);
		if (!(y & 8))
			break;
		if (i >= len)
			return 0;
		y = atr[i++] >> 4;
	}
	if (i + k > len || k < 2)
		return 0;
	const unsigned char *h = atr + i;
	/* category 80: compact-TLV objects; 00: the same followed by a 3-byte status */
	size_t end = h[0] == 0x80 ? k : h[0] == 0x00 && k > 4 ? k - 3 : 0;
	for (size_t p = 1; p < end;) {
		unsigned tag = h[p] >> 4, l = h[p] & 0x0F;
		if (p + 1 + l > end)
			return 0;
		if (tag == 7 && l >= 3)
			return (h[p + 3] & 0x40) != 0;
		p += 1 + l;
	}
	return 0;
}

/* EF.ATR/INFO: DO'7F66' { INTEGER max command length, INTEGER max response length }
 * and DO'47' card capabilities. Read plain, before the application is selected. */
static int atr_info(struct chip_session *s)
{
	unsigned char cmd[16];
	s->current = "EF.ATR/INFO";
	long sw = select_ef(s, FID_ATR_INFO);
	if (sw != 0x9000)
		return sw < 0 ? -1 : 0;
	const unsigned char *data;
	size_t dlen;
	sw = command(s, cmd, apdu(cmd, 0xB0, 0x00, 0x00, NULL, 0, SHORT_CHUNK, 0), &data, &dlen);
	if (sw < 0)
		return -1;
	if (sw != 0x9000 && sw != 0x6282)
		return 0;
	struct tlv t, num;
	/* what follows a malformed object is ignored: this file only helps */
	if (tlv_find(data, dlen, 0x47, &t) == 1 && t.len >= 3 && (t.value[2] & 0x40))
		s->ext = 1;
	if (tlv_find(data, dlen, 0x7F66, &t) == 1 && tlv_parse(t.value, t.len, &num) == 0 &&
	    tlv_parse(t.value + num.size, t.len - num.size, &num) == 0 && num.tag == 0x02 &&
	    num.len >= 1 && num.len <= 3) {
		size_t max = 0;
		for (size_t i = 0; i < num.len; i++)
			max = max << 8 | num.value[i];
		if (max > 256 + SM_OVERHEAD) {
			s->ext = 1;
			s->ext_chunk =
				max - SM_OVERHEAD < EXT_CHUNK ? max - SM_OVERHEAD : EXT_CHUNK;
		} else if (max) {
			s->ext = 0;
		}
	}
	return 0;
}

/* --- the whole read ------------------------------------------------------------------- */

static void progress(struct chip_session *s, enum chip_file_id f)
{
	if (s->req->progress)
		s->req->progress(f, s->req->ctx);
}

void chip_io_read_all(struct chip_session *s)
{
	struct chip_result *out = s->out;
	s->short_chunk = SHORT_CHUNK;
	s->ext_chunk = EXT_CHUNK;
	if (s->req->mrz_info)
		bac_keys(s->req->mrz_info, s->k_enc, s->k_mac);
	/* under the MF, unprotected: what the chip offers and how much it reads at once */
	if (read_file(s, CHIP_CARD_ACCESS, chip_files[CHIP_CARD_ACCESS].fid) < 0)
		return;
	progress(s, CHIP_CARD_ACCESS);
	if (!s->req->short_reads_only) {
		s->ext = chip_io_atr_extended(s->atr, s->atr_len);
		if (atr_info(s) < 0)
			return;
	}
	if (out->files[CHIP_CARD_ACCESS].present &&
	    lds_card_access_parse(out->files[CHIP_CARD_ACCESS].data,
				  out->files[CHIP_CARD_ACCESS].len, out->card_access,
				  sizeof(out->card_access)) < 0)
		out->card_access[0] = '\0';
	if (authenticate(s) < 0)
		return;
	out->extended_length = s->ext;

	struct lds_com com;
	int have_com = 0;
	if (read_file(s, CHIP_COM, chip_files[CHIP_COM].fid) < 0)
		return;
	if (out->files[CHIP_COM].present &&
	    lds_com_parse(out->files[CHIP_COM].data, out->files[CHIP_COM].len, &com) == 0) {
		have_com = 1;
		memcpy(out->lds_version, com.lds_version, sizeof(out->lds_version));
	}
	progress(s, CHIP_COM);
	static const enum chip_file_id groups[] = { CHIP_DG1,  CHIP_DG2,  CHIP_DG11,
						    CHIP_DG12, CHIP_DG14, CHIP_DG15 };
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		enum chip_file_id id = groups[i];
		int dg = chip_files[id].dg;
		/* DG1 and DG2 are mandatory; the others only when EF.COM lists them (all
		 * when EF.COM cannot be read) */
		if (dg > 2 && have_com && !(com.dgs & (1u << dg)))
			continue;
		if (read_file(s, id, chip_files[id].fid) < 0)
			return;
		progress(s, id);
	}
	if (read_file(s, CHIP_SOD, chip_files[CHIP_SOD].fid) < 0)
		return;
	progress(s, CHIP_SOD);
	/* extended length counts as used only when it still was at the end */
	out->extended_length = s->ext;
}
