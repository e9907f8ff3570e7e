/* ICAO Visible Digital Seal, binary encoding: Doc 9303-13 as BSI TR-03137 Part 1 v2.5
 * carries it (section 3 encoding, 5 visa, 6 arrival attestation, 8 residence permit,
 * Annex B C40, Annexes C to H worked examples).
 *
 *   header     DC | version | issuer (C40, 2) | signer and certificate reference (C40)
 *              | issue date (3) | signature date (3) | feature ref (1) | type category (1)
 *   message    tag (00-FE) | length (BER) | value, at least one
 *   signature  FF | length (BER) | r‖s
 *
 * Strict where leniency would let a forged or damaged payload pass for something else
 * (lengths, C40, dates, trailing bytes), because the signature covers only what the
 * parser is told to check; lenient where issuers differ without harm: a length written
 * in more bytes than it needs is read, since the signature covers the bytes as they
 * came and never a re-encoding. */
#include "scanners/vds.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/clock.h"
#include "scanners/error.h"

enum {
	VDS_MAGIC = 0xDC,
	VDS_V3 = 0x02, /* 9303-13 "version 3": certificate reference of 5 characters */
	VDS_V4 = 0x03, /* "version 4": its length in two hex characters, then the reference */
	SIG_TAG = 0xFF,
	/* the seal keeps line 1 whole and only the first 28 characters of line 2 (number to
	 * expiry check digit): the optional data of a visa's MRZ is left out (9303-13 visa
	 * profile; Annex F: 36 + 28 characters in 44 bytes) */
	MRZ_LINE2_KEPT = 28,
	/* r‖s: 56 bytes for brainpoolP224r1 (Annex F), 64 for P-256, 132 for P-521, the
	 * largest curve 9303-12 allows; below 32 no curve in use is that small */
	SIG_MIN = 32,
	SIG_MAX = 132,
	CERT_REF_MAX = 39,   /* sig.cert_ref holds 40 bytes */
	HEX_BYTES_MAX = 125, /* hex of 125 bytes and "..." fit a field's value */
};

enum feature_kind {
	F_MRZ_MRVA, /* C40, MRZ of a visa A: 2 x 44 */
	F_MRZ_MRVB, /* C40, MRZ of a visa B: 2 x 36 */
	F_MRZ_TD2,  /* C40, MRZ of a TD2 document: 2 x 36 */
	F_NUMBER,   /* C40, the number of the passport the document belongs to */
	F_TEXT,     /* C40, kept as text */
	F_COUNT,    /* one byte, as a decimal number */
	F_DURATION, /* days, months, years: one byte each */
	F_HEX,      /* binary, kept in hex */
};

struct feature_def {
	unsigned char tag;
	enum feature_kind kind;
	const char *name;
	unsigned min, max; /* length of the value in bytes */
};

struct profile {
	unsigned char feature_ref, type_category; /* header bytes that name the profile */
	const char *type;
	const struct feature_def *features;
	size_t n_features;
};

/* 9303-13 visa profile (feature definition 0x5D, category 0x01; TR-03137 5.2 and
 * Annex F). The MRZ is of a visa A or B, not both; the passport number is 9 characters
 * in 6 bytes, read here up to what sig and person hold. */
static const struct feature_def visa_features[] = {
	{ 0x01, F_MRZ_MRVA, "mrz", 48, 48 },
	{ 0x02, F_MRZ_MRVB, "mrz", 44, 44 },
	{ 0x03, F_COUNT, "number_of_entries", 1, 1 },
	{ 0x04, F_DURATION, "duration_of_stay", 3, 3 },
	{ 0x05, F_NUMBER, "passport_number", 2, 26 },
	{ 0x06, F_HEX, "visa_type", 1, 4 },
	{ 0x07, F_HEX, "additional_feature", 0, 254 },
};

/* TR-03137 8.2 (0xFB, 0x06) and Annex E */
static const struct feature_def residence_permit_features[] = {
	{ 0x02, F_MRZ_TD2, "mrz", 48, 48 },
	{ 0x03, F_NUMBER, "passport_number", 2, 26 },
};

/* TR-03137 6.2 (0xFD, 0x02) and Annex C: the AZR number is the holder's entry in the
 * German central register of foreigners, 12 characters in 8 bytes */
static const struct feature_def arrival_attestation_features[] = {
	{ 0x02, F_MRZ_TD2, "mrz", 48, 48 },
	{ 0x03, F_TEXT, "azr_number", 2, 26 },
};

#define FEATURES(a) a, sizeof(a) / sizeof(a[0])
static const struct profile profiles[] = {
	{ 0x5D, 0x01, "visa", FEATURES(visa_features) },
	{ 0xFB, 0x06, "residence_permit", FEATURES(residence_permit_features) },
	{ 0xFD, 0x02, "arrival_attestation", FEATURES(arrival_attestation_features) },
};
static const struct profile unknown_profile = { 0, 0, "vds", NULL, 0 };

struct parse {
	const unsigned char *data;
	size_t len, pos;
	struct seal *out;
	char *why;
	size_t why_len;
	const struct profile *profile;
	unsigned char seen[256];
	struct doc_date today;
};

/* --- C40 (Annex B) ---------------------------------------------------------------------- */

static char c40_char(unsigned v)
{
	if (v == 3)
		return ' ';
	if (v >= 4 && v <= 13)
		return (char)('0' + (v - 4));
	if (v >= 14 && v <= 39)
		return (char)('A' + (v - 14));
	return 0; /* 0-2 are the shifts: Annex B rule 1 forbids any other symbol */
}

static int c40_ascii_ok(int c)
{
	return c == ' ' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

int vds_c40_decode(const unsigned char *in, size_t len, char *out, size_t out_len)
{
	size_t n = 0;
	/* the count is returned as an int: out_len is held below INT_MAX */
	if (!out || out_len == 0 || out_len > (size_t)2147483647 || (len && !in) || len % 2)
		return -1;
	for (size_t i = 0; i < len; i += 2) {
		int last = i + 2 == len;
		char c[3];
		size_t k = 0;
		if (in[i] == 0xFE) {
			/* Annex B padding rule 2: one character left is written as the
			 * DataMatrix unlatch 254 and the character in DataMatrix ASCII
			 * (its code plus one); only the last pair can be that */
			int a = in[i + 1] - 1;
			if (!last || !c40_ascii_ok(a))
				return -1;
			c[k++] = (char)a;
		} else {
			unsigned v = (unsigned)in[i] << 8 | in[i + 1];
			if (v == 0 || v > 64000)
				return -1; /* I16 = 1600 U1 + 40 U2 + U3 + 1 is 1 to 64000 */
			v--;
			const unsigned u[3] = { v / 1600, v / 40 % 40, v % 40 };
			for (int j = 0; j < 3; j++) {
				char ch = c40_char(u[j]);
				if (!ch) {
					/* padding rule 1: two characters left are completed with
					 * Shift 1 (0), in the last pair and nowhere else */
					if (j == 2 && u[j] == 0 && last)
						break;
					return -1;
				}
				c[k++] = ch;
			}
		}
		if (n + k >= out_len)
			return -1;
		memcpy(out + n, c, k);
		n += k;
	}
	out[n] = '\0';
	return (int)n;
}

/* --- small readers ------------------------------------------------------------------ */

static int need(struct parse *p, size_t n, const char *what)
{
	if (p->len - p->pos < n)
		return error_why(p->why, p->why_len,
				 "seal ends inside the %s (%zu bytes, %zu needed)", what,
				 p->len - p->pos, n);
	return 0;
}

/* 9303-13: header dates are three bytes, the integer MMDDYYYY (TR-03137 3.2.3:
 * 25 March 1957 is 03251957, 31 9E F5). */
static int read_date(struct parse *p, const char *what, struct doc_date *d)
{
	if (need(p, 3, what) < 0)
		return -1;
	const unsigned char *b = p->data + p->pos;
	unsigned long v = (unsigned long)b[0] << 16 | (unsigned long)b[1] << 8 | b[2];
	p->pos += 3;
	d->month = (int)(v / 1000000);
	d->day = (int)(v / 10000 % 100);
	d->year = (int)(v % 10000);
	if (d->year == 0 || d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > clock_month_days(d->year, d->month))
		return error_why(p->why, p->why_len, "%s %08lu is not a real date (MMDDYYYY)", what,
				 v);
	return 0;
}

/* Lengths of features and of the signature: BER definite form as 9303-13 writes them,
 * one byte below 0x80, else 0x81 or 0x82 and that many bytes. */
static int read_length(struct parse *p, size_t *out)
{
	if (p->pos >= p->len)
		return -1;
	unsigned char b = p->data[p->pos++];
	if (b < 0x80) {
		*out = b;
		return 0;
	}
	size_t k = b & 0x7F;
	if (k == 0 || k > 2 || p->len - p->pos < k)
		return -1; /* 80 is indefinite; no seal holds 64 KiB */
	size_t v = 0;
	for (size_t i = 0; i < k; i++)
		v = v << 8 | p->data[p->pos++];
	*out = v;
	return 0;
}

static int add_field(struct parse *p, const char *name, const char *value, size_t len)
{
	if (seal_add_field(p->out, name, value, len) < 0)
		return error_why(p->why, p->why_len,
				 "seal has more features than the %d fields kept", SEAL_MAX_FIELDS);
	return 0;
}

static int add_text(struct parse *p, const char *name, const char *value)
{
	return add_field(p, name, value, strlen(value));
}

static int add_hex(struct parse *p, const char *name, const unsigned char *v, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	char hex[2 * HEX_BYTES_MAX + 4];
	size_t shown = n > HEX_BYTES_MAX ? HEX_BYTES_MAX : n, o = 0;
	for (size_t i = 0; i < shown; i++) {
		hex[o++] = digits[v[i] >> 4];
		hex[o++] = digits[v[i] & 15];
	}
	if (shown < n) { /* cut for the screen; sig.data still holds all of it */
		memcpy(hex + o, "...", 3);
		o += 3;
	}
	return add_field(p, name, hex, o);
}

static int add_date(struct parse *p, const char *name, const struct doc_date *d)
{
	char buf[11];
	document_date_text(d, buf);
	return add_text(p, name, buf);
}

/* C40 text without the fillers at its end */
static int decode_text(struct parse *p, const struct feature_def *f, const unsigned char *v,
		       size_t n, char *out, size_t out_len)
{
	int k = vds_c40_decode(v, n, out, out_len);
	if (k < 0)
		return error_why(p->why, p->why_len, "%s feature (tag 0x%02X) is not valid C40",
				 f->name, f->tag);
	while (k > 0 && out[k - 1] == ' ')
		out[--k] = '\0';
	return k;
}

/* --- header ------------------------------------------------------------------------- */

static int alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_c40(struct parse *p, size_t bytes, const char *what, char *out, size_t out_len)
{
	if (need(p, bytes, what) < 0)
		return -1;
	int k = vds_c40_decode(p->data + p->pos, bytes, out, out_len);
	if (k < 0)
		return error_why(p->why, p->why_len, "%s is not valid C40", what);
	p->pos += bytes;
	return k;
}

/* 9303-13 header: the signer is the signer certificate's country (alpha-2) and two
 * characters; the reference is its serial number in hex. Version 3 has five reference
 * characters; version 4 two hex characters with the reference's length, then the
 * reference, encoded as C40 on its own (Annex E: "DETS" "02" "27"). */
static int read_signer(struct parse *p, int v4)
{
	struct seal_signature *sig = &p->out->sig;
	char text[16];
	if (!v4) {
		if (read_c40(p, 6, "signer and certificate reference", text, sizeof(text)) < 0)
			return -1;
		if (strlen(text) != 9)
			return error_why(p->why, p->why_len,
					 "signer and certificate reference are %zu characters, "
					 "expected 9",
					 strlen(text));
		memcpy(sig->signer, text, 4);
		memcpy(sig->cert_ref, text + 4, 5);
	} else {
		if (read_c40(p, 4, "signer identifier", text, sizeof(text)) < 0)
			return -1;
		int hi = strlen(text) == 6 ? hexval(text[4]) : -1;
		int lo = hi >= 0 ? hexval(text[5]) : -1;
		if (hi < 0 || lo < 0)
			return error_why(p->why, p->why_len,
					 "signer identifier '%s' does not end in a hex length",
					 text);
		int n = hi * 16 + lo;
		if (n < 1 || n > CERT_REF_MAX)
			return error_why(p->why, p->why_len,
					 "certificate reference length %d is out of range 1-%d", n,
					 CERT_REF_MAX);
		memcpy(sig->signer, text, 4);
		char ref[CERT_REF_MAX + 2];
		size_t bytes = (size_t)(n + 2) / 3 * 2;
		int got = read_c40(p, bytes, "certificate reference", ref, sizeof(ref));
		if (got < 0)
			return -1;
		if (got != n)
			return error_why(p->why, p->why_len,
					 "certificate reference has %d characters, header says %d",
					 got, n);
		memcpy(sig->cert_ref, ref, (size_t)n + 1);
	}
	for (int i = 0; i < 4; i++)
		if (!alnum(sig->signer[i]) || (i < 2 && sig->signer[i] <= '9'))
			return error_why(p->why, p->why_len,
					 "signer identifier '%s' is not a country and two "
					 "characters",
					 sig->signer);
	for (const char *c = sig->cert_ref; *c; c++)
		if (!alnum(*c))
			return error_why(p->why, p->why_len,
					 "certificate reference '%s' has a blank", sig->cert_ref);
	return 0;
}

static int read_header(struct parse *p)
{
	struct seal *s = p->out;
	if (p->len < 2)
		return error_why(p->why, p->why_len, "seal is %zu bytes, too short for a header",
				 p->len);
	if (p->data[0] != VDS_MAGIC)
		return error_why(p->why, p->why_len,
				 "first byte is 0x%02X, not the seal's magic 0xDC", p->data[0]);
	int v4 = p->data[1] == VDS_V4;
	if (p->data[1] != VDS_V3 && !v4)
		return error_why(p->why, p->why_len,
				 "seal version byte 0x%02X is not 0x02 (3) or 0x03 (4)",
				 p->data[1]);
	snprintf(s->version, sizeof(s->version), "%s", v4 ? "4" : "3");
	p->pos = 2;

	/* issuing state: three characters, the filler '<' written as a space (Annex C:
	 * "D<<" is 6A BC); kept without fillers, as struct document keeps "D" */
	char c[8];
	if (read_c40(p, 2, "issuing country", c, sizeof(c)) < 0)
		return -1;
	size_t n = strlen(c);
	while (n > 0 && c[n - 1] == ' ')
		c[--n] = '\0';
	if (n == 0 || strchr(c, ' ') || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n)
		return error_why(p->why, p->why_len, "issuing country '%s' is not a country code",
				 c);
	memcpy(s->issuer, c, n + 1);
	memcpy(s->sig.country, c, n + 1);

	if (read_signer(p, v4) < 0)
		return -1;
	struct doc_date issued, signed_on;
	if (read_date(p, "issue date", &issued) < 0 ||
	    read_date(p, "signature date", &signed_on) < 0)
		return -1;
	if (need(p, 2, "document feature reference and type category") < 0)
		return -1;
	unsigned char ref = p->data[p->pos], cat = p->data[p->pos + 1];
	p->pos += 2;

	p->profile = &unknown_profile;
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (profiles[i].feature_ref == ref && profiles[i].type_category == cat)
			p->profile = &profiles[i];
	snprintf(s->type, sizeof(s->type), "%s", p->profile->type);

	char hex[8];
	if (add_date(p, "issue_date", &issued) < 0 ||
	    add_date(p, "signature_date", &signed_on) < 0 ||
	    add_text(p, "signer", s->sig.signer) < 0 ||
	    add_text(p, "cert_ref", s->sig.cert_ref) < 0)
		return -1;
	snprintf(hex, sizeof(hex), "%02X", ref);
	if (add_text(p, "feature_ref", hex) < 0)
		return -1;
	snprintf(hex, sizeof(hex), "%02X", cat);
	return add_text(p, "type_category", hex);
}

/* --- the MRZ in the seal -------------------------------------------------------------- */

/* YYMMDD with '<' for unknown parts (9303-3). 0 with d filled (zeros where unknown), 1
 * when all of it is unknown, -1 when it is not a date. */
static int mrz_date(const char *s, struct doc_date *d)
{
	int v[3];
	int known = 0;
	for (int i = 0; i < 3; i++) {
		char a = s[2 * i], b = s[2 * i + 1];
		if (a == '<' && b == '<') {
			v[i] = 0;
		} else if (a >= '0' && a <= '9' && b >= '0' && b <= '9') {
			v[i] = (a - '0') * 10 + (b - '0');
			known = 1;
		} else {
			return -1;
		}
	}
	d->year = s[0] == '<' ? -1 : v[0];
	d->month = v[1];
	d->day = v[2];
	if (d->month > 12 || (s[2] != '<' && d->month == 0) || (s[4] != '<' && d->day == 0))
		return -1;
	return known ? 0 : 1;
}

static int check_day(const struct doc_date *d)
{
	if (d->day == 0 || d->month == 0)
		return 0;
	return d->day <= clock_month_days(d->year, d->month) ? 0 : -1;
}

/* Birth: the latest century that does not put the date after today. */
static void birth_century(struct doc_date *d, const struct doc_date *today)
{
	int y = 2000 + d->year;
	int later =
		y > today->year || (y == today->year && d->month &&
				    (d->month > today->month ||
				     (d->month == today->month && d->day && d->day > today->day)));
	d->year = later ? y - 100 : y;
}

static int person_from_mrz(struct parse *p, int width)
{
	struct seal *s = p->out;
	struct seal_person *who = &s->person;
	const char *l1 = s->mrz[0], *l2 = s->mrz[1];

	/* 9303-3: the first "<<" of the name field separates primary and secondary
	 * identifiers; seal_split_name takes it as a '/' */
	char name[MRZ_MAX_LINE + 2];
	size_t o = 0;
	int cut = 0;
	for (int i = 5; i < width; i++) {
		if (!cut && l1[i] == '<' && i + 1 < width && l1[i + 1] == '<') {
			name[o++] = '/';
			cut = 1;
			i++;
			continue;
		}
		name[o++] = l1[i];
	}
	name[o] = '\0';
	seal_split_name(name, 1, who);

	char nat[4];
	memcpy(nat, l2 + 10, 3);
	nat[3] = '\0';
	for (int i = 2; i >= 0 && nat[i] == '<'; i--)
		nat[i] = '\0';
	if (nat[0]) {
		memcpy(who->nationality, nat, sizeof(nat));
		who->have |= SEAL_HAVE_NATIONALITY;
	}

	struct doc_date birth, expiry;
	int rb = mrz_date(l2 + 13, &birth), re = mrz_date(l2 + 21, &expiry);
	if (rb < 0)
		return error_why(p->why, p->why_len,
				 "birth date '%.6s' in the seal's mrz is not a date", l2 + 13);
	if (re < 0)
		return error_why(p->why, p->why_len,
				 "expiry date '%.6s' in the seal's mrz is not a date", l2 + 21);
	if (rb == 0) {
		if (birth.year >= 0)
			birth_century(&birth, &p->today);
		else
			birth.year = 0;
		if (check_day(&birth) < 0)
			return error_why(p->why, p->why_len,
					 "birth date '%.6s' in the seal's mrz is not a real date",
					 l2 + 13);
		who->birth = birth;
		who->have |= SEAL_HAVE_BIRTH;
	}
	if (re == 0) {
		expiry.year = expiry.year >= 0 ? 2000 + expiry.year : 0;
		if (check_day(&expiry) < 0)
			return error_why(p->why, p->why_len,
					 "expiry date '%.6s' in the seal's mrz is not a real date",
					 l2 + 21);
		who->expiry = expiry;
		who->have |= SEAL_HAVE_EXPIRY;
	}
	char sex = l2[20];
	if (sex != 'M' && sex != 'F' && sex != 'X' && sex != '<')
		return error_why(p->why, p->why_len,
				 "sex '%c' in the seal's mrz is not M, F, X or <", sex);
	who->sex = sex == '<' ? 'X' : sex;
	who->have |= SEAL_HAVE_SEX;
	return 0;
}

static int read_mrz(struct parse *p, const struct feature_def *f, const unsigned char *v, size_t n)
{
	struct seal *s = p->out;
	const int width = f->kind == F_MRZ_MRVA ? 44 : 36;
	char text[2 * MRZ_MAX_LINE + 1];
	int k = vds_c40_decode(v, n, text, sizeof(text));
	if (k < 0)
		return error_why(p->why, p->why_len, "mrz feature (tag 0x%02X) is not valid C40",
				 f->tag);
	if (k < width + MRZ_LINE2_KEPT || k > 2 * width)
		return error_why(p->why, p->why_len,
				 "mrz feature holds %d characters, expected %d to %d", k,
				 width + MRZ_LINE2_KEPT, 2 * width);
	if (s->mrz_lines)
		return error_why(p->why, p->why_len, "seal carries more than one mrz");
	/* Annex B: the filler '<' was written as a space; what the seal left out of line 2
	 * is filled back as the printed MRZ has it */
	for (int i = 0; i < 2 * width; i++) {
		char c = i < k && text[i] != ' ' ? text[i] : '<';
		s->mrz[i / width][i % width] = c;
	}
	s->mrz[0][width] = s->mrz[1][width] = '\0';
	s->mrz_lines = 2;
	char both[2 * MRZ_MAX_LINE + 2];
	snprintf(both, sizeof(both), "%s %s", s->mrz[0], s->mrz[1]);
	if (add_text(p, f->name, both) < 0)
		return -1;
	return person_from_mrz(p, width);
}

/* --- message zone --------------------------------------------------------------------- */

static int read_feature(struct parse *p, unsigned tag, const unsigned char *v, size_t n)
{
	struct seal *s = p->out;
	const struct feature_def *f = NULL;
	for (size_t i = 0; i < p->profile->n_features; i++)
		if (p->profile->features[i].tag == tag)
			f = &p->profile->features[i];
	if (p->seen[tag])
		return error_why(p->why, p->why_len, "feature tag 0x%02X appears twice", tag);
	p->seen[tag] = 1;

	char name[16];
	if (!f) {
		/* TR-03137 3.2.3: features with unknown tags may be present and do not
		 * affect validity; kept so the officer and the audit see them */
		snprintf(name, sizeof(name), "tag_%02x", tag);
		return add_hex(p, name, v, n);
	}
	if (n < f->min || n > f->max) {
		if (f->min == f->max)
			return error_why(p->why, p->why_len, "%s feature is %zu bytes, expected %u",
					 f->name, n, f->min);
		return error_why(p->why, p->why_len, "%s feature is %zu bytes, expected %u to %u",
				 f->name, n, f->min, f->max);
	}
	/* 26 bytes of C40 are 39 characters: what person.number holds */
	char text[sizeof(s->person.number)];
	int k;
	switch (f->kind) {
	case F_MRZ_MRVA:
	case F_MRZ_MRVB:
	case F_MRZ_TD2:
		return read_mrz(p, f, v, n);
	case F_NUMBER:
	case F_TEXT:
		if ((k = decode_text(p, f, v, n, text, sizeof(text))) < 0)
			return -1;
		if (k == 0)
			return error_why(p->why, p->why_len, "%s feature is blank", f->name);
		if (f->kind == F_NUMBER) {
			memcpy(s->person.number, text, (size_t)k + 1);
			s->person.have |= SEAL_HAVE_NUMBER;
		}
		return add_text(p, f->name, text);
	case F_COUNT:
		snprintf(text, sizeof(text), "%u", v[0]);
		return add_text(p, f->name, text);
	case F_DURATION:
		/* 9303-13 visa: days, months, years the holder may stay (Annex F: A0 00 00
		 * is 160 days) */
		snprintf(text, sizeof(text), "%u days, %u months, %u years", v[0], v[1], v[2]);
		return add_text(p, f->name, text);
	case F_HEX:
		break;
	}
	return add_hex(p, f->name, v, n);
}

static int read_signature(struct parse *p)
{
	struct seal_signature *sig = &p->out->sig;
	size_t signed_len = p->pos, n;
	p->pos++;
	if (read_length(p, &n) < 0)
		return error_why(p->why, p->why_len,
				 "signature zone length is malformed or cut off");
	if (n > p->len - p->pos)
		return error_why(p->why, p->why_len, "signature zone says %zu bytes, %zu are left",
				 n, p->len - p->pos);
	/* 9303-13: r‖s, each half as long as the curve's order */
	if (n % 2 || n < SIG_MIN || n > SIG_MAX)
		return error_why(p->why, p->why_len,
				 "signature of %zu bytes is not r and s of one curve", n);
	if (p->len - p->pos != n)
		return error_why(p->why, p->why_len, "%zu bytes after the signature zone",
				 p->len - p->pos - n);
	sig->value = malloc(n);
	sig->data = malloc(signed_len);
	if (!sig->value || !sig->data)
		return error_why(p->why, p->why_len, "out of memory");
	memcpy(sig->value, p->data + p->pos, n);
	memcpy(sig->data, p->data, signed_len);
	sig->value_len = n;
	sig->data_len = signed_len;
	sig->format = SEAL_SIG_RAW;
	sig->present = 1;
	p->pos += n;
	return 0;
}

static int parse_seal(struct parse *p)
{
	if (read_header(p) < 0)
		return -1;
	int features = 0;
	while (p->pos < p->len && p->data[p->pos] != SIG_TAG) {
		unsigned tag = p->data[p->pos++];
		size_t n;
		if (read_length(p, &n) < 0)
			return error_why(p->why, p->why_len,
					 "length of feature 0x%02X is malformed or cut off", tag);
		if (n > p->len - p->pos)
			return error_why(p->why, p->why_len,
					 "feature 0x%02X says %zu bytes, %zu are left", tag, n,
					 p->len - p->pos);
		const unsigned char *v = p->data + p->pos;
		p->pos += n;
		if (read_feature(p, tag, v, n) < 0)
			return -1;
		features++;
	}
	/* TR-03137 3.2: the message zone holds at least one feature */
	if (features == 0)
		return error_why(p->why, p->why_len, "seal has no feature in its message zone");
	if (p->out->mrz_lines == 0 && p->profile->n_features > 0)
		return error_why(p->why, p->why_len, "%s seal carries no mrz", p->profile->type);
	if (p->pos < p->len)
		return read_signature(p);
	return 0; /* a seal without a signature zone: unsigned, for the app to say so */
}

int vds_parse(const unsigned char *data, size_t len, struct seal *out, char *why, size_t why_len)
{
	struct parse p;
	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	if (why && why_len)
		why[0] = '\0';
	p.data = data;
	p.len = data ? len : 0;
	p.out = out;
	p.why = why;
	p.why_len = why_len;
	clock_today(&p.today);
	out->kind = SEAL_VDS;
	if (parse_seal(&p) < 0) {
		seal_free(out);
		return -1;
	}
	return 0;
}

int vds_looks_like(const unsigned char *data, size_t len)
{
	return data && len >= 2 && data[0] == VDS_MAGIC && (data[1] == VDS_V3 || data[1] == VDS_V4);
}
