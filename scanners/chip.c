/* Reading an eMRTD chip (ICAO 9303-10, -11): the public side of scanners/chip.h, and
 * Passive Authentication and the verdict. The APDU traffic (files, BAC, secure
 * messaging, extended length) is scanners/chip_io.c's. */
#include "scanners/chip.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "i18n/i18n.h"
#include "scanners/chip_io.h"
#include "scanners/lds.h"
#include "scanners/sod.h"

static const char *const verdict_names[] = {
	[CHIP_GENUINE] = "genuine",
	[CHIP_UNKNOWN_ISSUER] = "unknown_issuer",
	[CHIP_HASH_MISMATCH] = "hash_mismatch",
	[CHIP_BAD_SIGNATURE] = "bad_signature",
	[CHIP_NO_SOD] = "no_sod",
	[CHIP_ACCESS_DENIED] = "access_denied",
	[CHIP_REMOVED] = "removed",
	[CHIP_READ_FAILED] = "read_failed",
};

const char *chip_verdict_name(enum chip_verdict v)
{
	return (unsigned)v < sizeof(verdict_names) / sizeof(verdict_names[0]) ? verdict_names[v]
									      : "unknown";
}

const char *chip_file_name(enum chip_file_id f)
{
	return (unsigned)f < CHIP_FILE_COUNT ? chip_files[f].name : "?";
}

int chip_file_dg(enum chip_file_id f)
{
	return (unsigned)f < CHIP_FILE_COUNT ? chip_files[f].dg : 0;
}

void chip_result_free(struct chip_result *r)
{
	for (int i = 0; i < CHIP_FILE_COUNT; i++) {
		free(r->files[i].data);
		r->files[i].data = NULL;
		r->files[i].len = 0;
		r->files[i].present = 0;
	}
	r->face = NULL;
	r->face_len = 0;
}

int chip_readers(char names[][128], int max, struct error *err)
{
	struct pcsc *p = NULL;
	if (pcsc_open(&p, 5000, err) < 0)
		return -ERR_IO;
	int n = pcsc_readers(p, names, max, err);
	pcsc_close(&p);
	if (n < 0)
		return -ERR_IO;
	if (n == 0)
		return error_set(err, ERR_IO, _("no smart-card reader is connected; connect one"));
	return n;
}

/* --- what the files say ------------------------------------------------------------- */

static void parse_files(struct chip_result *out)
{
	struct chip_file *f = &out->files[CHIP_DG1];
	struct error e;
	if (f->present && lds_dg1_parse(f->data, f->len, time(NULL), &out->dg1, &e) == 0)
		out->has_dg1 = 1;
	f = &out->files[CHIP_DG2];
	struct lds_face face;
	if (f->present && lds_dg2_parse(f->data, f->len, &face) == 0) {
		out->face = face.image;
		out->face_len = face.len;
		out->face_format = (int)face.format;
		out->face_width = face.width;
		out->face_height = face.height;
	}
	f = &out->files[CHIP_DG11];
	struct lds_dg11 dg11;
	if (f->present && lds_dg11_parse(f->data, f->len, &dg11) == 0) {
		memcpy(out->holder_name, dg11.name, sizeof(out->holder_name));
		memcpy(out->place_of_birth, dg11.place_of_birth, sizeof(out->place_of_birth));
	}
}

/* --- Passive Authentication (9303-11 5.1) ------------------------------------------- */

static void reason(struct chip_result *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reason(struct chip_result *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
}

static void append(char *buf, size_t len, const char *word)
{
	size_t n = strlen(buf);
	snprintf(buf + n, len - n, "%s%s", n ? " " : "", word);
}

static void passive_authentication(const struct chip_trust *trust, struct chip_result *out)
{
	struct chip_file *sodf = &out->files[CHIP_SOD];
	if (!sodf->present) {
		out->verdict = CHIP_NO_SOD;
		reason(out, "the chip has no EF.SOD: nothing on it is signed");
		return;
	}
	struct sod sod;
	int rc = sod_verify(sodf->data, sodf->len, trust, &sod);
	memcpy(out->ds_subject, sod.ds_subject, sizeof(out->ds_subject));
	memcpy(out->csca_subject, sod.csca_subject, sizeof(out->csca_subject));
	memcpy(out->hash_alg, sod.hash_name, sizeof(out->hash_alg));
	out->sod_signature = rc < 0 ? CHIP_FAILED : sod.signature;
	out->ds_trusted = rc < 0 ? CHIP_NOT_PERFORMED : sod.ds_trusted;
	out->ds_revoked = rc < 0 ? 0 : sod.ds_revoked;

	/* every data group read must equal its signed hash; one the SOD does not cover is
	 * unsigned data, which a genuine chip never carries */
	char differ[64] = "", uncovered[64] = "", missing[16] = "";
	int checked = 0;
	for (int i = 0; i < CHIP_FILE_COUNT; i++) {
		struct chip_file *f = &out->files[i];
		if (!f->present || f->dg <= 0)
			continue;
		int r = rc < 0 ? -1 : sod_check(&sod, f->dg, f->data, f->len);
		f->hash = r == 1 ? CHIP_PASSED : r == 0 ? CHIP_FAILED : CHIP_NOT_PERFORMED;
		checked++;
		if (r == 0)
			append(differ, sizeof(differ), chip_files[i].name);
		else if (r < 0)
			append(uncovered, sizeof(uncovered), chip_files[i].name);
	}
	/* DG1 and DG2 are mandatory (9303-10 4.6): one the SOD signs but that could not be
	 * read is missing data, not a smaller genuine chip */
	for (int dg = 1; rc == 0 && dg <= 2; dg++) {
		enum chip_file_id id = dg == 1 ? CHIP_DG1 : CHIP_DG2;
		if (!out->files[id].present && sod_has(&sod, dg))
			append(missing, sizeof(missing), chip_files[id].name);
	}
	if (rc < 0 || checked == 0)
		out->hashes = CHIP_NOT_PERFORMED;
	else
		out->hashes = differ[0] || uncovered[0] || missing[0] ? CHIP_FAILED : CHIP_PASSED;
	if (rc == 0) {
		snprintf(out->hash_mismatch, sizeof(out->hash_mismatch), "%s", differ);
		if (uncovered[0])
			append(out->hash_mismatch, sizeof(out->hash_mismatch), uncovered);
		if (missing[0])
			append(out->hash_mismatch, sizeof(out->hash_mismatch), missing);
	}

	if (out->sod_signature != CHIP_PASSED) {
		out->verdict = CHIP_BAD_SIGNATURE;
		reason(out, "%s", sod.reason[0] ? sod.reason : "EF.SOD signature does not verify");
	} else if (out->hashes != CHIP_PASSED) {
		out->verdict = CHIP_HASH_MISMATCH;
		if (differ[0])
			reason(out, "hash mismatch on %s%s%s", differ,
			       uncovered[0] ? "; not in EF.SOD: " : "", uncovered);
		else if (uncovered[0])
			reason(out, "not in EF.SOD: %s", uncovered);
		else if (missing[0])
			reason(out, "signed in EF.SOD but not read: %s", missing);
		else
			reason(out, "no data group to check against EF.SOD");
	} else if (out->ds_trusted != CHIP_PASSED) {
		out->verdict = CHIP_UNKNOWN_ISSUER;
		reason(out, "%s", sod.reason[0] ? sod.reason : "DS certificate not trusted");
	} else {
		out->verdict = CHIP_GENUINE;
		reason(out,
		       "passive authentication passed: %d data groups signed by '%s' under '%s'",
		       checked, out->ds_subject, out->csca_subject);
	}
}

void chip_verify_files(const struct chip_trust *trust, struct chip_result *out)
{
	parse_files(out);
	passive_authentication(trust, out);
}

/* --- the read ----------------------------------------------------------------------- */

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int chip_read(const struct chip_request *req, struct chip_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CHIP_FILE_COUNT; i++)
		out->files[i].dg = chip_file_dg((enum chip_file_id)i);
	out->verdict = CHIP_READ_FAILED;
	struct chip_session *s = calloc(1, sizeof(*s));
	if (!s)
		return error_set(err, ERR_IO, _("out of memory"));
	s->req = req;
	s->out = out;
	s->timeout_ms = req->apdu_timeout_ms > 0 ? req->apdu_timeout_ms : 5000;
	char reader[PCSC_READER_NAME];
	int rc = pcsc_open(&s->pc, s->timeout_ms, err);
	if (rc == 0)
		rc = pcsc_wait_card(s->pc, req->reader, req->wait_ms, reader, err);
	long start = now_ms();
	if (rc == 0) {
		snprintf(out->reader, sizeof(out->reader), "%s", reader);
		rc = pcsc_connect(s->pc, reader, s->timeout_ms, s->atr, &s->atr_len, err);
	}
	if (rc < 0) {
		pcsc_close(&s->pc);
		free(s);
		return -ERR_IO;
	}
	chip_io_read_all(s);
	out->ms = now_ms() - start;
	/* the card is reset and released before the (slower) signature checks */
	pcsc_close(&s->pc);
	if (s->failed) {
		/* what was read is still shown; there is nothing complete to authenticate */
		parse_files(out);
		out->verdict = s->failed;
		snprintf(out->reason, sizeof(out->reason), "%s", s->why);
	} else {
		chip_verify_files(req->trust, out);
	}
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
	return 0;
}
