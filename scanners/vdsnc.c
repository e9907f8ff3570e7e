/* ICAO VDS-NC (TR "Visible Digital Seal for non-constrained environments", v1.1): the
 * JSON payload read strictly, its message flattened into seal fields, the holder taken
 * from the types ICAO defines, and the signed bytes rebuilt with RFC 8785 (the strict
 * reading and the canonical form are scanners/jcs.c's).
 *
 * Why RFC 8785: the TR signs "data" after JSON canonicalization, not the bytes in the
 * barcode, so that an issuer may print members in any order and with any spacing. The
 * worked example of the TR (hdr.t "icao.vacc", issuer "UTO") verifies over exactly
 * {"hdr":{"is":"UTO","t":"icao.vacc","v":1},"msg":{"pid":{"ai":...},...}}: members
 * sorted, no blanks (tests/unit/test_vdsnc.c checks its signature). */
#include "scanners/vdsnc.h"
#include "scanners/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "scanners/jcs.h"

/* every text vdsnc_parse and vdsnc_canonicalize take is one jcs_parse reads */
_Static_assert((long)VDSNC_MAX_INPUT <= (long)JCS_MAX_TEXT &&
		       (long)VDSNC_MAX_TEXT <= (long)JCS_MAX_TEXT,
	       "jcs_parse reads less than vdsnc takes");

int vdsnc_canonicalize(const char *json, size_t len, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (!json || len > VDSNC_MAX_TEXT)
		return -1;
	return jcs_canonicalize_text(json, len, VDSNC_MAX_DEPTH, out, out_len);
}

/* --- base64 and the signature ------------------------------------------------------ */

/* The TR prescribes base64url (RFC 4648 section 5) for "cer" and "sigvl", but issuers
 * in service emit standard base64 too, padded or not (the TR's own example has an
 * unpadded "cer" and a padded "sigvl"). Anything else is refused rather than guessed:
 * mixed alphabets, blanks, '=' before the end, and unused bits that are not zero (two
 * texts for one signature). */
int vdsnc_base64_decode(const char *in, size_t len, unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (!in || len > 4 * (size_t)VDSNC_MAX_TEXT)
		return -1;
	size_t pad = 0;
	while (pad < len && in[len - 1 - pad] == '=')
		pad++;
	size_t body = len - pad;
	if (body % 4 == 1 || pad > 2 || (pad && (body + pad) % 4 != 0))
		return -1;
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
	size_t quads = (body + 3) / 4, fill = quads * 4 - body, v = 0;
	unsigned char *norm = malloc(quads * 4 + 1), *bytes = malloc(quads * 3 + 1);
	int std = 0, url = 0, bad = !norm || !bytes, n = -1;
	for (size_t i = 0; !bad && i < body; i++) {
		const char *q = in[i] ? memchr(alphabet, in[i], sizeof(alphabet) - 1) : NULL;
		v = q ? (size_t)(q - alphabet) : 0;
		bad = !q;
		std |= v == 62 || v == 63;
		url |= v >= 64;
		v = v >= 64 ? v - 2 : v; /* "-_" as "+/" for OpenSSL */
		norm[i] = (unsigned char)alphabet[v];
	}
	/* mixed alphabets; bits of the last character past the last whole byte */
	if (!bad && !(std && url) && !(body % 4 == 2 && (v & 0x0F)) &&
	    !(body % 4 == 3 && (v & 0x03))) {
		memset(norm + body, '=', fill);
		/* it counts the bytes that padding stands for: fill of them */
		n = EVP_DecodeBlock(bytes, norm, (int)(quads * 4));
	}
	free(norm);
	if (n < 0 || (size_t)n != quads * 3) {
		free(bytes);
		return -1;
	}
	*out = bytes;
	*out_len = (size_t)n - fill;
	return 0;
}

/* 1 when v is exactly one DER ECDSA-Sig-Value (RFC 3279 2.2.3): a SEQUENCE of two
 * positive INTEGERs, minimally encoded, nothing after it. Encoded again and compared, so
 * that BER leniency in d2i cannot pass. A raw r‖s of 64, 96 or 132 bytes reads as DER
 * only with odds far below those of guessing the key. */
static int is_der_signature(const unsigned char *v, size_t n)
{
	const unsigned char *p = v;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)n);
	int ok = 0;
	if (es && p == v + n) {
		const BIGNUM *r, *s;
		ECDSA_SIG_get0(es, &r, &s);
		unsigned char *der = NULL;
		int len = i2d_ECDSA_SIG(es, &der);
		ok = !BN_is_negative(r) && !BN_is_zero(r) && !BN_is_negative(s) && !BN_is_zero(s) &&
		     len > 0 && (size_t)len == n && memcmp(der, v, n) == 0;
		OPENSSL_free(der);
	}
	ECDSA_SIG_free(es);
	ERR_clear_error();
	return ok;
}

/* --- the message as fields --------------------------------------------------------- */

/* A leaf's path, kept only as far as a field name holds; len counts what did not fit so
 * that a name too long can say so ("..."). Member names are shown in printable ASCII:
 * anything else (a control, an ESC, a C1 character, any non-ASCII) becomes '?'. */
struct flat {
	struct seal *s;
	char path[SEAL_NAME];
	size_t len;
	long leaves;
};

static size_t path_push(struct flat *f, const char *text, size_t n)
{
	size_t old = f->len;
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = t[i];
		if (c >= 0x80 && c < 0xC0)
			continue; /* a continuation byte: its character is one '?' already */
		if (f->len < sizeof(f->path) - 1)
			f->path[f->len] = (char)(c >= 0x20 && c < 0x7F ? c : '?');
		f->len++;
	}
	f->path[f->len < sizeof(f->path) - 1 ? f->len : sizeof(f->path) - 1] = '\0';
	return old;
}

static void path_pop(struct flat *f, size_t old)
{
	f->len = old;
	f->path[old < sizeof(f->path) - 1 ? old : sizeof(f->path) - 1] = '\0';
}

static void leaf(struct flat *f, const char *value, size_t len)
{
	if (f->leaves++ >= SEAL_MAX_FIELDS)
		return;
	char name[SEAL_NAME];
	int fits = f->len < sizeof(name);
	snprintf(name, sizeof(name), "%.*s%s", fits ? (int)f->len : (int)sizeof(name) - 4, f->path,
		 fits ? "" : "...");
	seal_add_field(f->s, name, value, len);
}

/* Leaves in document order (json-c keeps members in the order read): strings decoded,
 * numbers as written, literals, and "{}" or "[]" for an empty object or array. */
static void flatten(struct flat *f, struct json_object *o)
{
	json_type t = json_object_get_type(o);
	if (t == json_type_object && json_object_object_length(o) > 0) {
		struct json_object_iterator it = json_object_iter_begin(o);
		struct json_object_iterator end = json_object_iter_end(o);
		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
			const char *name = json_object_iter_peek_name(&it);
			size_t old = path_push(f, ".", 1);
			path_push(f, name, strlen(name));
			flatten(f, json_object_iter_peek_value(&it));
			path_pop(f, old);
		}
	} else if (t == json_type_array && json_object_array_length(o) > 0) {
		for (size_t i = 0; i < json_object_array_length(o); i++) {
			char idx[32];
			int k = snprintf(idx, sizeof(idx), "[%zu]", i);
			size_t old = path_push(f, idx, (size_t)k);
			flatten(f, json_object_array_get_idx(o, i));
			path_pop(f, old);
		}
	} else if (t == json_type_string) {
		leaf(f, json_object_get_string(o), (size_t)json_object_get_string_len(o));
	} else {
		const char *v = t == json_type_object  ? "{}"
				: t == json_type_array ? "[]"
				: t == json_type_null  ? "null"
				: t == json_type_boolean
					? (json_object_get_boolean(o) ? "true" : "false")
					: jcs_number_text(o);
		leaf(f, v, strlen(v));
	}
}

static void add_fields(struct seal *s, struct json_object *msg)
{
	struct flat f = { .s = s };
	path_push(&f, "msg", 3);
	flatten(&f, msg);
	if (f.leaves > SEAL_MAX_FIELDS) {
		/* the last leaf that fitted gives way to the count of those left out */
		char more[32];
		int k = snprintf(more, sizeof(more), "%ld", f.leaves - (SEAL_MAX_FIELDS - 1));
		s->n_fields = SEAL_MAX_FIELDS - 1;
		seal_add_field(s, "truncated", more, (size_t)k);
	}
}

/* --- the holder -------------------------------------------------------------------- */

/* Where each type ICAO defines keeps its holder (TR VDS-NC v1.1 and its guidelines for
 * travel-related public health proofs): pid.n is "the name of the holder as specified
 * in Doc 9303-3", pid.dob a full date (RFC 3339), pid.i the travel document number
 * (proof of vaccination); a proof of testing names its identity document by type
 * (pid.dt) and number (pid.dn). Neither carries a nationality. Other types are listed
 * field by field only: guessing at a schema could claim a match that is not one. */
static const struct profile {
	const char *type;
	const char *name, *birth, *sex, *number;
	const char *number_type; /* the number counts only for these document types */
} profiles[] = {
	/* members of msg.pid */
	{ "icao.vacc", "n", "dob", "sex", "i", NULL },
	{ "icao.test", "n", "dob", "sex", "dn", "dt" },
};

/* The string member name of o, or NULL. */
static const char *string_at(struct json_object *o, const char *name)
{
	struct json_object *v;
	if (!name || !json_object_object_get_ex(o, name, &v))
		return NULL;
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Two digits, or "XX" for a part not known (0). */
static int two_digits(const char *s, int *v)
{
	int unknown = (s[0] == 'X' || s[0] == 'x') && (s[1] == 'X' || s[1] == 'x');
	if (!unknown && (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9'))
		return -1;
	*v = unknown ? 0 : (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* "YYYY-MM-DD", or with the parts not known left out ("YYYY-MM", "YYYY") or written
 * "XX" or "00", as Doc 9303 lets a birth date be. */
static int parse_date(const char *s, struct doc_date *d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t n = strlen(s);
	int cc = 0, yy = 0;
	memset(d, 0, sizeof(*d));
	if ((n != 4 && n != 7 && n != 10) || two_digits(s, &cc) < 0 || two_digits(s + 2, &yy) < 0 ||
	    s[0] == 'X' || s[2] == 'X' || s[0] == 'x' || s[2] == 'x' ||
	    (n >= 7 && (s[4] != '-' || two_digits(s + 5, &d->month) < 0)) ||
	    (n == 10 && (s[7] != '-' || two_digits(s + 8, &d->day) < 0)) || d->month > 12 ||
	    (d->month && d->day > days[d->month - 1]))
		return -1;
	d->year = cc * 100 + yy;
	int leap = d->year % 4 == 0 && (d->year % 100 != 0 || d->year % 400 == 0);
	if ((d->month == 2 && d->day == 29 && d->year && !leap) || d->day > 31)
		return -1;
	return d->year || d->month || d->day ? 0 : -1;
}

/* 9303-3 writes a name with its primary identifier first. A double blank between the
 * parts (the VIZ's rendering of the MRZ's "<<", as Australia's seals have it:
 * "CITIZEN  JANE SUE") marks where a surname of several words ends; without one (the
 * TR's example "Smith Bill") the first word is the surname. */
static void person_name(const char *n, struct seal_person *p)
{
	char buf[2 * sizeof(p->surname)];
	size_t len = 0;
	int split = 0;
	for (const char *c = n; *c && len + 1 < sizeof(buf); c++) {
		unsigned char ch = (unsigned char)*c;
		if (ch == '/' || ch < 0x20 || ch == 0x7F)
			ch = ' ';
		if (!split && ch == ' ' && c[1] == ' ' && len > 0) {
			ch = '/';
			split = 1;
			while (c[1] == ' ')
				c++;
		}
		buf[len++] = (char)ch;
	}
	buf[len] = '\0';
	seal_split_name(buf, split, p);
}

/* A travel document number: 9303's characters only, in upper case. */
static void person_number(const char *v, struct seal_person *p)
{
	size_t n = strlen(v);
	if (n == 0 || n >= sizeof(p->number) ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789<") != n)
		return;
	for (size_t i = 0; i <= n; i++)
		p->number[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 'a' + 'A' : v[i]);
	p->have |= SEAL_HAVE_NUMBER;
}

static void add_person(struct seal *s, struct json_object *msg)
{
	const struct profile *pr = NULL;
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(s->type, profiles[i].type) == 0)
			pr = &profiles[i];
	struct json_object *pid;
	if (!pr || !json_object_object_get_ex(msg, "pid", &pid) ||
	    !json_object_is_type(pid, json_type_object))
		return;
	struct seal_person *p = &s->person;
	const char *v;
	if ((v = string_at(pid, pr->name)))
		person_name(v, p);
	if ((v = string_at(pid, pr->birth)) && parse_date(v, &p->birth) == 0)
		p->have |= SEAL_HAVE_BIRTH;
	v = string_at(pid, pr->sex);
	if (v && v[0] && !v[1] && strchr("MFXmfx<", v[0])) {
		p->sex = v[0] == '<' ? 'X' : (char)(v[0] & ~0x20);
		p->have |= SEAL_HAVE_SEX;
	}
	/* a proof of testing may name a driving licence (pid.dt "D", ISO 18013-1), which
	 * the app would compare with the travel document and call a mismatch */
	const char *dt = string_at(pid, pr->number_type);
	char key[8];
	snprintf(key, sizeof(key), "|%.4s|", dt ? dt : "");
	if ((!dt || (strlen(dt) <= 2 && strstr("|P|A|C|I|AC|V|", key))) &&
	    (v = string_at(pid, pr->number)))
		person_number(v, p);
}

/* --- the seal ---------------------------------------------------------------------- */

/* A member of o that must be there and be of type t, or NULL with why. */
static struct json_object *need(struct json_object *o, const char *name, const char *path,
				enum json_type t, char *why, size_t why_len)
{
	struct json_object *v = NULL;
	if (!json_object_object_get_ex(o, name, &v)) {
		error_why(why, why_len, "'%s' is missing", path);
		return NULL;
	}
	if (!json_object_is_type(v, t)) {
		error_why(why, why_len, "'%s' is not %s", path,
			  t == json_type_object   ? "an object"
			  : t == json_type_string ? "a string"
						  : "an integer");
		return NULL;
	}
	return v;
}

static int read_header(struct seal *s, struct json_object *hdr, char *why, size_t why_len)
{
	struct json_object *t, *v, *is;
	if (!(t = need(hdr, "t", "data.hdr.t", json_type_string, why, why_len)) ||
	    !(v = need(hdr, "v", "data.hdr.v", json_type_int, why, why_len)) ||
	    !(is = need(hdr, "is", "data.hdr.is", json_type_string, why, why_len)))
		return -1;
	/* a type is a machine name ("icao.vacc"): the app routes on it and logs it */
	const char *type = json_object_get_string(t);
	size_t n = (size_t)json_object_get_string_len(t);
	for (size_t i = 0; i < n; i++)
		if (type[i] <= 0x20 || type[i] >= 0x7F)
			n = 0;
	if (n == 0 || n >= sizeof(s->type))
		return error_why(why, why_len, "'data.hdr.t' is not a type name");
	memcpy(s->type, type, n + 1);
	/* "v": an integer version of the type's structure */
	const char *ver = jcs_number_text(v);
	n = strlen(ver);
	if (n == 0 || n >= sizeof(s->version) || strspn(ver, "0123456789") != n)
		return error_why(why, why_len, "'data.hdr.v' is not a version number");
	memcpy(s->version, ver, n + 1);
	/* "is": the issuing state or organisation, a code of Doc 9303-3 ("UTO", "D") */
	const char *iss = json_object_get_string(is);
	n = (size_t)json_object_get_string_len(is);
	if (n == 0 || n >= sizeof(s->issuer) || strspn(iss, "ABCDEFGHIJKLMNOPQRSTUVWXYZ<") != n)
		return error_why(why, why_len, "'data.hdr.is' is not a state code");
	memcpy(s->issuer, iss, n + 1);
	return 0;
}

/* A base64 member, decoded: at least one byte. */
static int decode(struct json_object *v, const char *path, unsigned char **out, size_t *len,
		  char *why, size_t why_len)
{
	if (vdsnc_base64_decode(json_object_get_string(v), (size_t)json_object_get_string_len(v),
				out, len) < 0)
		return error_why(why, why_len, "'%s' is not base64", path);
	return *len ? 0 : error_why(why, why_len, "'%s' is empty", path);
}

static int read_signature(struct seal *s, struct json_object *sig, struct json_object *data,
			  char *why, size_t why_len)
{
	if (!json_object_is_type(sig, json_type_object))
		return error_why(why, why_len, "'sig' is not an object");
	struct json_object *alg, *cer = NULL, *val;
	if (!(alg = need(sig, "alg", "sig.alg", json_type_string, why, why_len)) ||
	    !(val = need(sig, "sigvl", "sig.sigvl", json_type_string, why, why_len)))
		return -1;
	/* copied as carried (seal_verify says which it cannot check), shown printable */
	const char *a = json_object_get_string(alg);
	if (!a[0])
		return error_why(why, why_len, "'sig.alg' is empty");
	size_t i = 0;
	for (; a[i] && i + 1 < sizeof(s->sig.alg); i++)
		s->sig.alg[i] = a[i] > 0x20 && a[i] < 0x7F ? a[i] : '?';
	s->sig.alg[i] = '\0';
	/* the TR has "cer" in every seal; without one seal_verify says whose key is missing */
	if ((json_object_object_get_ex(sig, "cer", &cer) &&
	     (!need(sig, "cer", "sig.cer", json_type_string, why, why_len) ||
	      decode(cer, "sig.cer", &s->sig.cert, &s->sig.cert_len, why, why_len) < 0)) ||
	    decode(val, "sig.sigvl", &s->sig.value, &s->sig.value_len, why, why_len) < 0)
		return -1;
	s->sig.format =
		is_der_signature(s->sig.value, s->sig.value_len) ? SEAL_SIG_DER : SEAL_SIG_RAW;
	char *signed_text;
	if (jcs_canonicalize(data, &signed_text, &s->sig.data_len) < 0)
		return error_why(why, why_len, "out of memory");
	s->sig.data = (unsigned char *)signed_text;
	s->sig.present = 1;
	return 0;
}

static int read_seal(struct seal *s, struct json_object *root, char *why, size_t why_len)
{
	if (!json_object_is_type(root, json_type_object))
		return error_why(why, why_len,
				 "not a VDS-NC seal: the JSON value is not an object");
	struct json_object *data, *hdr, *msg, *sig;
	if (!(data = need(root, "data", "data", json_type_object, why, why_len)) ||
	    !(hdr = need(data, "hdr", "data.hdr", json_type_object, why, why_len)) ||
	    !(msg = need(data, "msg", "data.msg", json_type_object, why, why_len)))
		return -1;
	s->kind = SEAL_VDSNC;
	if (read_header(s, hdr, why, why_len) < 0)
		return -1;
	if (json_object_object_get_ex(root, "sig", &sig) &&
	    read_signature(s, sig, data, why, why_len) < 0)
		return -1;
	add_fields(s, msg);
	add_person(s, msg);
	return 0;
}

int vdsnc_parse(const char *json, size_t len, struct seal *out, char *why, size_t why_len)
{
	memset(out, 0, sizeof(*out));
	if (why && why_len)
		why[0] = '\0';
	if (!json || len == 0)
		return error_why(why, why_len, "empty payload");
	if (len > VDSNC_MAX_INPUT)
		return error_why(why, why_len,
				 "payload of %zu bytes is over the %d a seal may have", len,
				 VDSNC_MAX_INPUT);
	struct json_object *root = jcs_parse(json, len, VDSNC_MAX_DEPTH, why, why_len);
	int rc = root ? read_seal(out, root, why, why_len) : -1;
	json_object_put(root);
	if (rc < 0)
		seal_free(out);
	return rc;
}

int vdsnc_looks_like(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && text[i] && strchr(" \t\r\n", text[i]))
		i++;
	return i < len && text[i] == '{';
}
