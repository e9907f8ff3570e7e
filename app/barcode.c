/* The booth's barcode check (app/barcode.h): recognise, verify, compare, audit. */
#include "app/barcode.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>

#include "app/app.h"
#include "app/csca.h"
#include "app/normalize.h"
#include "app/scan.h"
#include "app/screening.h"
#include "db/csca.h"
#include "i18n/i18n.h"
#include "scanners/bcbp.h"
#include "scanners/clock.h"
#include "scanners/pki.h"
#include "scanners/vds.h"
#include "scanners/vdsnc.h"

/* --- recognising ------------------------------------------------------------------- */

/* A payload nobody here reads: kept as text when it is printable, else as hex. */
static void keep_raw(struct seal *s, const unsigned char *data, size_t len)
{
	seal_free(s);
	s->kind = SEAL_RAW;
	int text = 1;
	for (size_t i = 0; i < len && text; i++)
		text = data[i] >= 0x20 || data[i] == '\t' || data[i] == '\n' || data[i] == '\r';
	if (text) {
		seal_add_field(s, "text", (const char *)data, len);
		return;
	}
	char hex[SEAL_VALUE];
	size_t o = 0;
	for (size_t i = 0; i < len && o + 3 < sizeof(hex); i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%02X", data[i]);
	seal_add_field(s, "bytes", hex, o);
}

static void recognise(struct barcode_check *c)
{
	const unsigned char *data = c->payload;
	size_t len = c->payload_len;
	char why[160] = "";
	int rc = 1; /* 1: no parser wanted it */
	c->looked_like = SEAL_RAW;
	if (vds_looks_like(data, len)) {
		c->looked_like = SEAL_VDS;
		rc = vds_parse(data, len, &c->seal, why, sizeof(why));
	} else if (vdsnc_looks_like((const char *)data, len)) {
		c->looked_like = SEAL_VDSNC;
		rc = vdsnc_parse((const char *)data, len, &c->seal, why, sizeof(why));
	} else if (bcbp_looks_like((const char *)data, len)) {
		struct doc_date d;
		clock_today(&d);
		c->looked_like = SEAL_BCBP;
		rc = bcbp_parse((const char *)data, len, &d, &c->seal, why, sizeof(why));
	}
	if (rc < 0)
		snprintf(c->malformed, sizeof(c->malformed), "%s", why[0] ? why : "malformed");
	if (rc != 0)
		keep_raw(&c->seal, data, len);
}

/* --- the signature ------------------------------------------------------------------ */

/* A text attribute of a certificate's subject ("" when absent). */
static void subject_text(X509 *x, int nid, char *out, size_t len)
{
	out[0] = '\0';
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(x), nid, out, (int)len) <= 0)
		out[0] = '\0';
}

/* Whether a certificate is the signer a VDS header names. TR-03137 (5.3.1, 8.5.1) makes
 * the signer identifier the subject's country (alpha-2) followed by its 2-character
 * CN; some issuers put all four characters in the CN. */
static int names_signer(X509 *x, const char *signer)
{
	char c[8], cn[64], both[72];
	subject_text(x, NID_countryName, c, sizeof(c));
	subject_text(x, NID_commonName, cn, sizeof(cn));
	snprintf(both, sizeof(both), "%s%s", c, cn);
	return strcasecmp(cn, signer) == 0 || strcasecmp(both, signer) == 0;
}

/* The barcode signer certificate a VDS names (signer identifier, and the certificate
 * reference = its serial in hex), from the store. 1 with a malloc'd copy, 0 when none
 * matches. */
static int find_signer(struct app *app, const struct seal *s, unsigned char **der, size_t *len,
		       struct error *err)
{
	struct csca_blobs b;
	if (csca_store_blobs(app->db, CSCA_TABLE_SIGNERS, &b, err) < 0)
		return -ERR_IO;
	int found = 0;
	for (int i = 0; i < b.n && !found; i++) {
		const unsigned char *p = b.der[i];
		X509 *x = d2i_X509(NULL, &p, (long)b.len[i]);
		char serial[64];
		if (x && names_signer(x, s->sig.signer) &&
		    seal_cert_serial(b.der[i], b.len[i], serial, sizeof(serial)) == 0 &&
		    seal_cert_ref_matches(s->sig.cert_ref, serial)) {
			*der = b.der[i];
			*len = b.len[i];
			b.der[i] = NULL;
			b.len[i] = 0;
			found = 1;
		}
		X509_free(x);
	}
	csca_blobs_free(&b);
	return found;
}

static int verify(struct app *app, struct barcode_check *c, struct error *err)
{
	if (!c->seal.sig.present) {
		seal_verify(&c->seal, NULL, 0, NULL, &c->sig);
		return 0;
	}
	struct csca_trust t;
	if (csca_trust_load(app, &t, err) < 0)
		return -ERR_IO;
	unsigned char *der = NULL;
	size_t len = 0;
	int rc = 0;
	if (c->seal.kind == SEAL_VDS && !c->seal.sig.cert)
		rc = find_signer(app, &c->seal, &der, &len, err);
	if (rc >= 0) {
		seal_verify(&c->seal, der, len, &t.trust, &c->sig);
		rc = 0;
	}
	free(der);
	csca_trust_free(&t);
	return rc;
}

/* --- comparing with the document ---------------------------------------------------- */

/* A name as comparable text: normalised tokens (any script, MRZ fillers) joined by
 * single spaces. */
static void name_key(const char *surname, const char *given, char *out, size_t len)
{
	char both[300];
	snprintf(both, sizeof(both), "%s %s", surname, given);
	struct norm_name n;
	size_t o = 0;
	out[0] = '\0';
	if (norm_name(both, strlen(both), &n) < 0)
		return;
	for (int i = 0; i < n.n && o + 1 < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? " " : "", n.token[i]);
}

/* Names agree when equal, or when one is the other cut short (a BCBP name has 20
 * characters, an MRZ's name field may be full) and the shorter still holds the whole
 * surname. */
static int names_agree(const struct seal_person *p, const struct document *d)
{
	char a[300], b[300], sur[160];
	name_key(p->surname, p->given_names, a, sizeof(a));
	name_key(d->surname, d->given_names, b, sizeof(b));
	name_key(d->surname, "", sur, sizeof(sur));
	if (strcmp(a, b) == 0)
		return 1;
	size_t la = strlen(a), lb = strlen(b);
	const char *shorter = la < lb ? a : b, *longer = la < lb ? b : a;
	size_t ls = la < lb ? la : lb;
	return ls >= strlen(sur) && ls > 0 && strncmp(shorter, longer, ls) == 0;
}

static void alnum_upper(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (; *in && o + 1 < len; in++)
		if (isalnum((unsigned char)*in))
			out[o++] = (char)toupper((unsigned char)*in);
	out[o] = '\0';
}

/* Dates agree on every part both know; 0 when they cannot be compared (no year). */
static int dates_agree(const struct doc_date *a, const struct doc_date *b, int *compared)
{
	*compared = a->year && b->year;
	if (!*compared)
		return 1;
	if (a->year != b->year)
		return 0;
	if (a->month && b->month && a->month != b->month)
		return 0;
	return !(a->day && b->day && a->day != b->day);
}

/* The seal's MRZ against the printed one: every position the seal fills must match. */
static int mrz_agrees(const struct seal *s, const struct document *d)
{
	for (int i = 0; i < s->mrz_lines; i++) {
		const char *a = s->mrz[i], *b = d->mrz[i];
		if (strlen(a) != strlen(b))
			return 0;
		for (size_t k = 0; a[k]; k++)
			if (a[k] != '<' && a[k] != b[k])
				return 0;
	}
	return 1;
}

/* Whether doc is the very document the seal is printed on: the same kind of document
 * (a visa's MRZ starts with V, a passport's with P: both are 2 lines of 44) and the
 * same MRZ shape. */
static int same_document(const struct seal *s, const struct document *d)
{
	return s->mrz_lines > 0 && s->mrz_lines == d->lines && s->mrz[0][0] == d->mrz[0][0] &&
	       strlen(s->mrz[0]) == strlen(d->mrz[0]);
}

static void compare(struct barcode_check *c, const struct document *d)
{
	c->compared = c->differs = 0;
	if (!d)
		return;
	const struct seal_person *p = &c->seal.person;
	int own = same_document(&c->seal, d);
	unsigned bit;
#define COMPARE(field, agree)                                                                      \
	do {                                                                                       \
		bit = 1u << (field);                                                               \
		c->compared |= bit;                                                                \
		if (!(agree))                                                                      \
			c->differs |= bit;                                                         \
	} while (0)
	if (own)
		COMPARE(BARCODE_FIELD_MRZ, mrz_agrees(&c->seal, d));
	if (p->have & SEAL_HAVE_NAME)
		COMPARE(BARCODE_FIELD_NAME, names_agree(p, d));
	/* a visa's own number is the visa's; the seal's number is the passport's */
	if ((p->have & SEAL_HAVE_NUMBER) && !own) {
		char a[48], b[48];
		alnum_upper(p->number, a, sizeof(a));
		alnum_upper(d->number, b, sizeof(b));
		COMPARE(BARCODE_FIELD_NUMBER, strcmp(a, b) == 0);
	}
	if ((p->have & SEAL_HAVE_NATIONALITY) && d->nationality[0])
		COMPARE(BARCODE_FIELD_NATIONALITY, strcmp(p->nationality, d->nationality) == 0);
	if (p->have & SEAL_HAVE_BIRTH) {
		int compared;
		int agree = dates_agree(&p->birth, &d->birth, &compared);
		if (compared)
			COMPARE(BARCODE_FIELD_BIRTH, agree);
	}
	if ((p->have & SEAL_HAVE_SEX) && (p->sex == 'M' || p->sex == 'F') &&
	    (d->sex == 'M' || d->sex == 'F'))
		COMPARE(BARCODE_FIELD_SEX, p->sex == d->sex);
	if ((p->have & SEAL_HAVE_EXPIRY) && own) {
		int compared;
		int agree = dates_agree(&p->expiry, &d->expiry, &compared);
		if (compared)
			COMPARE(BARCODE_FIELD_EXPIRY, agree);
	}
#undef COMPARE
}

/* --- the outcome ---------------------------------------------------------------------- */

static const char *const field_names[BARCODE_FIELD_COUNT] = {
	"name", "number", "nationality", "birth", "sex", "expiry", "mrz",
};

const char *barcode_field_name(enum barcode_field f)
{
	return (unsigned)f < BARCODE_FIELD_COUNT ? field_names[f] : "?";
}

const char *barcode_field_label(enum barcode_field f)
{
	static const char *const labels[BARCODE_FIELD_COUNT] = {
		N_("name"), N_("document number"), N_("nationality"), N_("date of birth"),
		N_("sex"),  N_("valid until"),     N_("MRZ"),
	};
	return (unsigned)f < BARCODE_FIELD_COUNT ? _(labels[f]) : "?";
}

static void add_line(struct barcode_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_line(struct barcode_check *c, const char *fmt, ...)
{
	if (c->n_lines >= BARCODE_CHECK_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->lines[c->n_lines++], BARCODE_CHECK_LINE, fmt, ap);
	va_end(ap);
}

static void field_list(unsigned mask, int labels, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (int f = 0; f < BARCODE_FIELD_COUNT && o < len; f++)
		if (mask & (1u << f))
			o += (size_t)snprintf(out + o, len - o, "%s%s", o ? ", " : "",
					      labels ? barcode_field_label(f)
						     : barcode_field_name(f));
}

/* The line that says what the signature check found, in the officer's language. */
static void signature_line(struct barcode_check *c)
{
	const struct seal *s = &c->seal;
	switch (c->sig.verdict) {
	case SEAL_VALID:
		add_line(c, _("Signature valid; signer certified by %s"),
			 c->sig.anchor_subject[0] ? c->sig.anchor_subject : "?");
		break;
	case SEAL_UNTRUSTED:
		add_line(c, _("Signature verifies, but no trusted CSCA certified the signer: "
			      "treat the seal as unverified"));
		break;
	case SEAL_REVOKED:
		add_line(c, _("Signer certificate revoked by its CSCA: the seal is not valid"));
		break;
	case SEAL_SIGNER_UNKNOWN:
		add_line(c,
			 _("Signer %s (certificate %s) is not in the trust store: the seal cannot "
			   "be verified"),
			 s->sig.signer, s->sig.cert_ref);
		break;
	case SEAL_INVALID:
		add_line(c, _("SIGNATURE INVALID: the data was altered or not signed by this "
			      "signer"));
		break;
	case SEAL_UNSUPPORTED:
		add_line(c, _("Signature uses an algorithm this workstation cannot check"));
		break;
	case SEAL_UNSIGNED:
		if (s->kind == SEAL_VDS || s->kind == SEAL_VDSNC)
			add_line(c, _("UNSIGNED: a digital seal must carry a signature"));
		else if (seal_field(s, "security_data"))
			add_line(c, _("Carries an airline signature; airline keys are not held "
				      "here"));
		break;
	}
}

static void holder_line(struct barcode_check *c)
{
	const struct seal_person *p = &c->seal.person;
	if (!(p->have & SEAL_HAVE_NAME))
		return;
	char birth[11] = "";
	if (p->have & SEAL_HAVE_BIRTH)
		document_date_text(&p->birth, birth);
	if (birth[0] && (p->have & SEAL_HAVE_NUMBER))
		add_line(c, _("Holder: %s %s, born %s, document %s"), p->surname, p->given_names,
			 birth, p->number);
	else if (birth[0])
		add_line(c, _("Holder: %s %s, born %s"), p->surname, p->given_names, birth);
	else
		add_line(c, _("Holder: %s %s"), p->surname, p->given_names);
}

static int seal_expired(const struct seal *s)
{
	if (!(s->person.have & SEAL_HAVE_EXPIRY) || !s->person.expiry.year)
		return 0;
	struct doc_date t;
	clock_today(&t);
	const struct doc_date *e = &s->person.expiry;
	long end = e->year * 10000L + (e->month ? e->month : 12) * 100L + (e->day ? e->day : 31);
	return end < t.year * 10000L + t.month * 100L + t.day;
}

static void compose(struct barcode_check *c)
{
	const struct seal *s = &c->seal;
	c->n_lines = 0;
	c->expired = seal_expired(s);
	int signed_kind = s->kind == SEAL_VDS || s->kind == SEAL_VDSNC;
	if (c->malformed[0]) {
		c->outcome = BARCODE_OUTCOME_WARNING;
		snprintf(c->name, sizeof(c->name), "malformed");
	} else if (s->kind == SEAL_RAW) {
		c->outcome = BARCODE_OUTCOME_PLAIN;
		snprintf(c->name, sizeof(c->name), "raw");
	} else if (!signed_kind) {
		/* a boarding pass: what it says is shown, it proves nothing by itself */
		c->outcome = c->differs ? BARCODE_OUTCOME_WARNING : BARCODE_OUTCOME_PLAIN;
		snprintf(c->name, sizeof(c->name), "%s",
			 c->differs                       ? "mismatch"
			 : seal_field(s, "security_data") ? "unchecked"
							  : "unsigned");
	} else if (c->sig.verdict != SEAL_VALID) {
		c->outcome = BARCODE_OUTCOME_WARNING;
		snprintf(c->name, sizeof(c->name), "%s", seal_verdict_name(c->sig.verdict));
	} else if (c->differs || c->expired) {
		c->outcome = BARCODE_OUTCOME_WARNING;
		snprintf(c->name, sizeof(c->name), "%s", c->differs ? "mismatch" : "expired");
	} else {
		c->outcome = BARCODE_OUTCOME_GOOD;
		snprintf(c->name, sizeof(c->name), "valid");
	}
	if (c->malformed[0]) {
		add_line(c, _("Damaged or forged %s: %s"), barcode_type_label(c->looked_like, ""),
			 c->malformed);
		return;
	}
	if (s->kind == SEAL_RAW) {
		add_line(c, _("%s: not a document format this workstation reads; recorded as read"),
			 barcode_symbology_label(c->symbology));
		return;
	}
	signature_line(c);
	if (c->differs) {
		char list[200];
		field_list(c->differs, 1, list, sizeof(list));
		add_line(c, _("DIFFERS FROM THE DOCUMENT: %s"), list);
	}
	if (c->expired) {
		char end[11];
		document_date_text(&s->person.expiry, end);
		add_line(c, _("Expired on %s"), end);
	}
	holder_line(c);
	if (c->compared && !c->differs) {
		char list[200];
		field_list(c->compared, 1, list, sizeof(list));
		add_line(c, _("Agrees with the document: %s"), list);
	}
}

/* The English account for the audit row and the crossing record. */
static void describe(struct barcode_check *c)
{
	const struct seal *s = &c->seal;
	size_t o = 0;
	char *d = c->detail;
	size_t len = sizeof(c->detail);
	o += (size_t)snprintf(d + o, len - o, "%s %s%s%s; %s", barcode_symbology_name(c->symbology),
			      seal_kind_name(s->kind), s->type[0] ? " " : "", s->type, c->name);
	if (o < len && s->issuer[0])
		o += (size_t)snprintf(d + o, len - o, "; issuer %s", s->issuer);
	if (o < len && c->malformed[0])
		o += (size_t)snprintf(d + o, len - o, "; %s", c->malformed);
	if (o < len && s->sig.present)
		o += (size_t)snprintf(
			d + o, len - o, "; signature %s, signer %s serial %s%s%s",
			seal_verdict_name(c->sig.verdict),
			c->sig.signer_subject[0] ? c->sig.signer_subject : s->sig.signer,
			c->sig.signer_serial[0] ? c->sig.signer_serial : s->sig.cert_ref,
			c->sig.reason[0] ? ": " : "", c->sig.reason);
	if (o < len && c->differs) {
		char list[128];
		field_list(c->differs, 0, list, sizeof(list));
		o += (size_t)snprintf(d + o, len - o, "; differs: %s", list);
	}
	if (o < len && c->expired)
		snprintf(d + o, len - o, "; expired");
}

void barcode_check_compare(struct barcode_check *c, const struct document *doc)
{
	compare(c, doc);
	compose(c);
	describe(c);
}

void barcode_check_free(struct barcode_check *c)
{
	if (!c)
		return;
	free(c->payload);
	seal_free(&c->seal);
	memset(c, 0, sizeof(*c));
}

int barcode_check(struct app *app, const struct session *s, enum barcode_symbology sym,
		  const unsigned char *data, size_t len, const struct document *doc,
		  struct barcode_check *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	out->symbology = sym;
	out->payload = malloc(len + 1);
	if (!out->payload)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	if (len)
		memcpy(out->payload, data, len);
	out->payload[len] = '\0';
	out->payload_len = len;
	recognise(out);
	if (verify(app, out, err) < 0)
		return -ERR_IO;
	barcode_check_compare(out, doc);
	char key[48] = "-";
	if (doc)
		screening_doc_key(doc, key, sizeof(key));
	struct audit_event ev = { .action = "barcode.read",
				  .object_type = "document",
				  .object_id = key,
				  .outcome = out->name,
				  .detail = out->detail };
	return app_audit(app, s, &ev, err);
}

int barcode_check_document(const struct barcode_check *c, struct document *out)
{
	if (c->seal.mrz_lines <= 0 || c->malformed[0])
		return -1;
	char text[2 * (MRZ_MAX_LINE + 1) + 1];
	snprintf(text, sizeof(text), "%s\n%s", c->seal.mrz[0],
		 c->seal.mrz_lines > 1 ? c->seal.mrz[1] : "");
	struct error err;
	return scan_text(text, strlen(text), SRC_BARCODE, out, &err) < 0 ? -1 : 0;
}

void barcode_checks_free(struct barcode_check **c, int n)
{
	if (!*c)
		return;
	for (int i = 0; i < n; i++)
		barcode_check_free(&(*c)[i]);
	free(*c);
	*c = NULL;
}

int barcode_check_file(struct app *app, const struct session *s, const char *path,
		       const struct document *doc, struct barcode_check **out, int *n,
		       struct error *err)
{
	*out = NULL;
	*n = 0;
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	struct barcode_list l = { 0 };
	int rc = barcode_decode_file(path, &l, err);
	if (rc < 0)
		return rc;
	if (l.n > 0) {
		*out = calloc((size_t)l.n, sizeof(**out));
		if (!*out) {
			barcode_list_free(&l);
			return error_set(err, ERR_IO, "%s", _("out of memory"));
		}
	}
	for (int i = 0; i < l.n; i++) {
		rc = barcode_check(app, s, l.items[i].symbology, l.items[i].data, l.items[i].len,
				   doc, &(*out)[i], err);
		*n = i + 1;
		if (rc < 0) {
			barcode_checks_free(out, *n);
			*n = 0;
			break;
		}
	}
	barcode_list_free(&l);
	return rc < 0 ? rc : 0;
}

void barcode_check_record(const struct barcode_check *c, struct crossing_barcode *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->symbology, sizeof(out->symbology), "%s",
		 barcode_symbology_name(c->symbology));
	snprintf(out->kind, sizeof(out->kind), "%s", seal_kind_name(c->seal.kind));
	snprintf(out->type, sizeof(out->type), "%s", c->seal.type);
	snprintf(out->verdict, sizeof(out->verdict), "%s", c->name);
	field_list(c->differs, 0, out->differs, sizeof(out->differs));
	snprintf(out->detail, sizeof(out->detail), "%s", c->detail);
	out->payload_len =
		c->payload_len < sizeof(out->payload) ? c->payload_len : sizeof(out->payload);
	memcpy(out->payload, c->payload, out->payload_len);
}

/* --- words ----------------------------------------------------------------------------- */

const char *barcode_seal_field_label(const char *name)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{ "mrz", N_("MRZ") },
		{ "passport_number", N_("Passport number") },
		{ "duration_of_stay", N_("Duration of stay") },
		{ "number_of_entries", N_("Number of entries") },
		{ "visa_type", N_("Visa type") },
		{ "issue_date", N_("Issued") },
		{ "signature_date", N_("Signed") },
		{ "signer", N_("Signer") },
		{ "cert_ref", N_("Certificate") },
		{ "passenger_name", N_("Passenger") },
		{ "leg1.from", N_("From") },
		{ "leg1.to", N_("To") },
		{ "leg1.carrier", N_("Carrier") },
		{ "leg1.flight", N_("Flight") },
		{ "leg1.date", N_("Date") },
		{ "leg1.seat", N_("Seat") },
		{ "leg1.pnr", N_("Booking reference") },
		{ "msg.pid.n", N_("Name") },
		{ "msg.pid.dob", N_("Date of birth") },
		{ "msg.pid.i", N_("Travel document") },
		{ "text", N_("Text") },
		{ "bytes", N_("Bytes") },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].name, name) == 0)
			return _(labels[i].label);
	return name;
}

const char *barcode_type_label(enum seal_kind kind, const char *type)
{
	switch (kind) {
	case SEAL_VDS:
		if (strcmp(type, "visa") == 0)
			return _("visa seal (ICAO VDS)");
		if (strcmp(type, "residence_permit") == 0)
			return _("residence permit seal (ICAO VDS)");
		if (strcmp(type, "arrival_attestation") == 0)
			return _("arrival attestation seal (ICAO VDS)");
		return _("digital seal (ICAO VDS)");
	case SEAL_VDSNC:
		if (strncmp(type, "icao.vacc", 9) == 0)
			return _("proof of vaccination (ICAO VDS-NC)");
		if (strncmp(type, "icao.test", 9) == 0)
			return _("proof of testing (ICAO VDS-NC)");
		if (strstr(type, "visa"))
			return _("e-visa (ICAO VDS-NC)");
		return _("digital seal (ICAO VDS-NC)");
	case SEAL_BCBP:
		return _("boarding pass (IATA BCBP)");
	case SEAL_RAW:
		break;
	}
	return _("barcode");
}

enum seal_kind barcode_check_kind(const struct barcode_check *c)
{
	return c->malformed[0] ? c->looked_like : c->seal.kind;
}

const char *barcode_check_label(const struct barcode_check *c)
{
	enum seal_kind k = barcode_check_kind(c);
	return k != SEAL_RAW ? barcode_type_label(k, c->seal.type)
			     : barcode_symbology_label(c->symbology);
}
