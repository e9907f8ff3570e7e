#include "app/csca.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "i18n/i18n.h"
#include "scanners/clock.h"

/* A national master list runs to a few MB; anything far bigger is not one. */
enum { CSCA_MAX_FILE = 64 * 1024 * 1024 };

/* id-icao-cscaMasterList (ICAO 9303-12, 8.2) */
#define OID_CSCA_MASTER_LIST "2.23.136.1.1.2"

/* Everything read from the file, before anything is stored. */
struct import {
	struct app *app;
	const struct session *s;
	const char *name; /* the file's base name, for messages and the source */
	STACK_OF(X509) * certs;
	STACK_OF(X509_CRL) * crls;
	STACK_OF(X509) * from_list; /* the certificates that came from a master list */
	STACK_OF(X509) * store;     /* what the store holds already */
	struct csca_import_result *out;
	int cap;
	char list_source[512];
	char refusal[256]; /* why, in English, for the audit row */
	int signers;       /* importing barcode signer certificates, not CSCAs */
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "C=UTO, O=Utopia, CN=CSCA": the name in its own order, UTF-8 kept, control
 * characters escaped (a certificate is untrusted input shown on a terminal). */
static void name_text(const X509_NAME *name, char *buf, size_t len)
{
	buf[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	unsigned long flags = (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) |
			      XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN;
	if (X509_NAME_print_ex(b, name, 0, flags) >= 0) {
		char *data;
		long n = BIO_get_mem_data(b, &data);
		if (n > 0)
			snprintf(buf, len, "%.*s", (int)(n < (long)len ? n : (long)len - 1), data);
	}
	BIO_free(b);
}

static void name_country(const X509_NAME *name, char out[4])
{
	out[0] = '\0';
	int i = X509_NAME_get_index_by_NID(name, NID_countryName, -1);
	const ASN1_STRING *v =
		i < 0 ? NULL : X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if (!v)
		return;
	const unsigned char *p = ASN1_STRING_get0_data(v);
	int n = ASN1_STRING_length(v), o = 0;
	for (int k = 0; k < n && o < 3; k++)
		if ((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z'))
			out[o++] = (char)p[k];
	out[o] = '\0';
}

void csca_subject_country(const char *subject, char out[4])
{
	out[0] = '\0';
	for (const char *p = subject ? subject : ""; *p; p++) {
		if (p != subject && p[-1] != ' ' && p[-1] != ',' && p[-1] != '/' && p[-1] != '+')
			continue;
		if (p[0] != 'C')
			continue;
		const char *q = p + 1;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ')
			q++;
		int o = 0;
		while (o < 3 && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')))
			out[o++] = *q++;
		out[o] = '\0';
		return;
	}
}

static void time_text(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;
	buf[0] = '\0';
	if (t && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void sha256_hex(const unsigned char *der, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	out[0] = '\0';
	if (EVP_Digest(der, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return;
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int is_ca(X509 *x)
{
	uint32_t flags = X509_get_extension_flags(x);
	return (flags & EXFLAG_BCONS) && (flags & EXFLAG_CA);
}

/* Refuses the file: audits why (in English) and fills err (translated). */
static int refuse(struct import *im, enum error_code code, const char *why, struct error *err)
{
	snprintf(im->refusal, sizeof(im->refusal), "%s", why);
	if (im->app) /* csca_parse reads without a store: nothing to audit */
		app_audit_refusal(im->app, im->s, "csca.import", "file", im->name, "refused", why);
	return -(int)(err ? err->code : code);
}

static struct csca_item *new_item(struct import *im, enum csca_kind kind)
{
	struct csca_import_result *r = im->out;
	if (r->n_items == im->cap) {
		int next = im->cap ? im->cap * 2 : 16;
		struct csca_item *grown = realloc(r->items, (size_t)next * sizeof(*grown));
		if (!grown)
			return NULL;
		r->items = grown;
		im->cap = next;
	}
	struct csca_item *it = &r->items[r->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

/* ---- reading the file ---- */

static int read_file(const char *path, unsigned char **buf, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	size_t cap = 65536, n = 0, got;
	unsigned char *data = malloc(cap);
	while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *grown = cap < CSCA_MAX_FILE ? realloc(data, cap * 2) : NULL;
			if (!grown) {
				free(data);
				data = NULL;
				break;
			}
			data = grown;
			cap *= 2;
		}
	}
	int failed = ferror(f);
	fclose(f);
	if (!data || failed) {
		free(data);
		return failed ? error_set(err, ERR_IO, _("cannot read '%s'"), path)
			      : error_set(err, ERR_USAGE,
					  _("'%s' is too large for a certificate file or master "
					    "list"),
					  path);
	}
	*buf = data;
	*len = n;
	return 0;
}

/* The encoded length of the DER element at buf (header and content); -1 when the header
 * itself is malformed. */
static long der_total(const unsigned char *buf, size_t len)
{
	if (len < 2)
		return -1;
	size_t hdr = 2, body = buf[1];
	if (buf[1] & 0x80) {
		size_t n = buf[1] & 0x7F;
		if (n == 0 || n > 4 || len < 2 + n)
			return -1;
		body = 0;
		for (size_t i = 0; i < n; i++)
			body = body << 8 | buf[2 + i];
		hdr += n;
	}
	return (long)(hdr + body);
}

/* CscaMasterList ::= SEQUENCE { version CscaMasterListVersion, certList SET OF
 * Certificate }, parsed with explicit bounds: every certificate must fill its element. */
static int parse_list_content(const unsigned char *buf, long len, STACK_OF(X509) * out)
{
	const unsigned char *p = buf;
	long n;
	int tag, cls;
	int r = ASN1_get_object(&p, &n, &tag, &cls, len);
	if ((r & 0x80) || r != V_ASN1_CONSTRUCTED || tag != V_ASN1_SEQUENCE)
		return -1;
	const unsigned char *end = p + n;
	r = ASN1_get_object(&p, &n, &tag, &cls, end - p);
	if ((r & 0x80) || r != 0 || tag != V_ASN1_INTEGER || cls != V_ASN1_UNIVERSAL)
		return -1;
	p += n;
	r = ASN1_get_object(&p, &n, &tag, &cls, end - p);
	if ((r & 0x80) || r != V_ASN1_CONSTRUCTED || tag != V_ASN1_SET || p + n != end)
		return -1;
	while (p < end) {
		X509 *x = d2i_X509(NULL, &p, end - p);
		if (!x)
			return -1;
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			return -1;
		}
	}
	return p == end ? 0 : -1;
}

/* The CSCA among candidates (CA certificates only) that issued and signed x. */
static X509 *issuer_in(X509 *x, STACK_OF(X509) * candidates)
{
	for (int i = 0; i < sk_X509_num(candidates); i++) {
		X509 *c = sk_X509_value(candidates, i);
		if (!is_ca(c) || X509_check_issued(c, x) != X509_V_OK)
			continue;
		EVP_PKEY *key = X509_get0_pubkey(c);
		if (key && X509_verify(x, key) == 1)
			return c;
	}
	return NULL;
}

static int master_list(struct import *im, const unsigned char *der, long len, struct error *err)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, len);
	if (!cms || p != der + len) {
		CMS_ContentInfo_free(cms);
		error_set(err, ERR_USAGE, _("'%s' is not a CSCA master list (damaged CMS data)"),
			  im->name);
		return refuse(im, ERR_USAGE, "damaged CMS data", err);
	}
	char oid[80] = "";
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms);
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || !type ||
	    OBJ_obj2txt(oid, sizeof(oid), type, 1) <= 0 || strcmp(oid, OID_CSCA_MASTER_LIST) != 0) {
		CMS_ContentInfo_free(cms);
		error_set(err, ERR_USAGE,
			  _("'%s' is signed data but not a CSCA master list (content type %s)"),
			  im->name, oid[0] ? oid : "?");
		return refuse(im, ERR_USAGE, "CMS content is not a CSCA master list", err);
	}
	BIO *content = BIO_new(BIO_s_mem());
	int ok = content && CMS_verify(cms, NULL, NULL, NULL, content,
				       CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
	STACK_OF(X509) *signers = ok ? CMS_get0_signers(cms) : NULL;
	X509 *signer = signers && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : NULL;
	ERR_clear_error();
	if (!ok || !signer) {
		BIO_free(content);
		sk_X509_free(signers);
		CMS_ContentInfo_free(cms);
		error_set(err, ERR_FINDING,
			  _("the signature of master list '%s' does not verify: it was altered "
			    "or damaged; nothing was imported"),
			  im->name);
		return refuse(im, ERR_FINDING, "master list signature does not verify", err);
	}
	char *data;
	long n = BIO_get_mem_data(content, &data);
	int parsed = parse_list_content((const unsigned char *)data, n, im->from_list);
	name_text(X509_get_subject_name(signer), im->out->signer, sizeof(im->out->signer));
	X509 *anchor = issuer_in(signer, im->store);
	im->out->anchor_in_list = 0;
	if (!anchor && parsed == 0) {
		anchor = issuer_in(signer, im->from_list);
		im->out->anchor_in_list = 1;
	}
	if (anchor)
		name_text(X509_get_subject_name(anchor), im->out->anchor, sizeof(im->out->anchor));
	BIO_free(content);
	sk_X509_free(signers);
	CMS_ContentInfo_free(cms);
	if (parsed < 0) {
		error_set(err, ERR_USAGE,
			  _("master list '%s' is signed but its content is not a list of "
			    "certificates"),
			  im->name);
		return refuse(im, ERR_USAGE, "master list content is malformed", err);
	}
	if (!anchor) {
		error_set(err, ERR_FINDING,
			  _("master list '%s' is signed by '%s', which no CSCA in the list or in "
			    "the store certifies; import that country's CSCA first"),
			  im->name, im->out->signer);
		return refuse(im, ERR_FINDING, "master list signer not certified by a known CSCA",
			      err);
	}
	im->out->master_list = 1;
	snprintf(im->list_source, sizeof(im->list_source), "master list %s signed by %s", im->name,
		 im->out->signer);
	return 0;
}

/* One DER object: a certificate, a CRL or a master list, filling its whole length. */
static int one_der(struct import *im, const unsigned char *der, long len, struct error *err)
{
	long total = der_total(der, (size_t)len);
	if (len > 0 && der[0] == 0x30 && total > len) {
		error_set(err, ERR_USAGE,
			  _("'%s' is truncated: it announces %ld bytes and has %ld; get the file "
			    "again"),
			  im->name, total, len);
		return refuse(im, ERR_USAGE, "truncated DER", err);
	}
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, len);
	if (x && p == der + len)
		return sk_X509_push(im->certs, x) ? 0 : error_set(err, ERR_IO, _("out of memory"));
	X509_free(x);
	p = der;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, len);
	if (crl && p == der + len)
		return sk_X509_CRL_push(im->crls, crl) ? 0
						       : error_set(err, ERR_IO, _("out of memory"));
	X509_CRL_free(crl);
	ERR_clear_error();
	p = der;
	CMS_ContentInfo *probe = d2i_CMS_ContentInfo(NULL, &p, len);
	int is_cms = probe != NULL;
	CMS_ContentInfo_free(probe);
	ERR_clear_error();
	if (is_cms)
		return master_list(im, der, len, err);
	error_set(err, ERR_USAGE,
		  _("'%s' is not a certificate, a CRL or a CSCA master list (PEM or DER)"),
		  im->name);
	return refuse(im, ERR_USAGE, "not a certificate, CRL or master list", err);
}

static int pem_block(struct import *im, const char *label, const unsigned char *data, long len,
		     int index, struct error *err)
{
	const unsigned char *p = data;
	if (strcmp(label, PEM_STRING_X509) == 0 || strcmp(label, PEM_STRING_X509_OLD) == 0 ||
	    strcmp(label, PEM_STRING_X509_TRUSTED) == 0) {
		int trusted = strcmp(label, PEM_STRING_X509_TRUSTED) == 0;
		X509 *x = trusted ? d2i_X509_AUX(NULL, &p, len) : d2i_X509(NULL, &p, len);
		if (x && (trusted || p == data + len))
			return sk_X509_push(im->certs, x)
				       ? 0
				       : error_set(err, ERR_IO, _("out of memory"));
		X509_free(x);
	} else if (strcmp(label, PEM_STRING_X509_CRL) == 0) {
		X509_CRL *crl = d2i_X509_CRL(NULL, &p, len);
		if (crl && p == data + len)
			return sk_X509_CRL_push(im->crls, crl)
				       ? 0
				       : error_set(err, ERR_IO, _("out of memory"));
		X509_CRL_free(crl);
	} else if (strcmp(label, PEM_STRING_CMS) == 0 || strcmp(label, PEM_STRING_PKCS7) == 0) {
		return master_list(im, data, len, err);
	} else {
		struct csca_item *it = new_item(im, CSCA_OTHER);
		if (!it)
			return error_set(err, ERR_IO, _("out of memory"));
		it->outcome = CSCA_SKIPPED;
		it->note = CSCA_NOTE_NOT_CERT;
		snprintf(it->subject, sizeof(it->subject), "%s", label);
		return 0;
	}
	error_set(err, ERR_USAGE, _("'%s': PEM block %d (%s) is damaged"), im->name, index, label);
	return refuse(im, ERR_USAGE, "damaged PEM block", err);
}

static int pem_file(struct import *im, const unsigned char *buf, size_t len, struct error *err)
{
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	if (!b)
		return error_set(err, ERR_IO, _("out of memory"));
	int blocks = 0, rc = 0;
	for (;;) {
		char *label = NULL, *header = NULL;
		unsigned char *data = NULL;
		long n = 0;
		ERR_clear_error();
		if (!PEM_read_bio(b, &label, &header, &data, &n)) {
			unsigned long e = ERR_peek_last_error();
			ERR_clear_error();
			if (ERR_GET_REASON(e) == PEM_R_NO_START_LINE && blocks > 0)
				break;
			error_set(err, ERR_USAGE,
				  blocks ? _("'%s': the PEM data after block %d is truncated or "
					     "damaged; get the file again")
					 : _("'%s' has no readable PEM block: it is truncated or "
					     "not a certificate file"),
				  im->name, blocks);
			rc = refuse(im, ERR_USAGE, "truncated or damaged PEM", err);
			break;
		}
		blocks++;
		rc = pem_block(im, label, data, n, blocks, err);
		OPENSSL_free(label);
		OPENSSL_free(header);
		OPENSSL_free(data);
		if (rc < 0)
			break;
	}
	BIO_free(b);
	return rc;
}

static int parse_file(struct import *im, const unsigned char *buf, size_t len, struct error *err)
{
	if (len == 0) {
		error_set(err, ERR_USAGE, _("'%s' is empty"), im->name);
		return refuse(im, ERR_USAGE, "empty file", err);
	}
	if (len > (size_t)CSCA_MAX_FILE) {
		error_set(err, ERR_USAGE,
			  _("'%s' is too large for a certificate file or master list"), im->name);
		return refuse(im, ERR_USAGE, "file too large", err);
	}
	if (buf[0] != 0x30 && memmem(buf, len, "-----BEGIN ", 11))
		return pem_file(im, buf, len, err);
	return one_der(im, buf, (long)len, err);
}

/* ---- deciding what to store ---- */

static int load_store(struct import *im, struct error *err)
{
	struct csca_blobs b;
	if (csca_store_blobs(im->app->db, CSCA_TABLE_CERTS, &b, err) < 0)
		return -ERR_IO;
	for (int i = 0; i < b.n; i++) {
		const unsigned char *p = b.der[i];
		X509 *x = d2i_X509(NULL, &p, (long)b.len[i]);
		if (x && !sk_X509_push(im->store, x))
			X509_free(x);
	}
	ERR_clear_error();
	csca_blobs_free(&b);
	return 0;
}

/* Already stored, or earlier in this file: the item says which. */
static int seen(struct import *im, struct csca_item *it, enum csca_table t, struct error *err)
{
	for (int i = 0; i < im->out->n_items - 1; i++) {
		const struct csca_item *o = &im->out->items[i];
		if (o->kind == it->kind && strcmp(o->sha256, it->sha256) == 0) {
			it->outcome = CSCA_SKIPPED;
			it->note = CSCA_NOTE_REPEATED;
			return 1;
		}
	}
	int found = csca_store_has(im->app->db, t, it->sha256, &it->id, err);
	if (found < 0)
		return -ERR_IO;
	if (found)
		it->outcome = CSCA_PRESENT;
	return found;
}

/* The stored row of certificate x (der its encoding), added now by added_by. */
static void cert_row(X509 *x, const unsigned char *der, size_t len, const char *source,
		     const char *added_by, struct csca_cert_row *row)
{
	memset(row, 0, sizeof(*row));
	sha256_hex(der, len, row->sha256);
	name_text(X509_get_subject_name(x), row->subject, sizeof(row->subject));
	name_country(X509_get_subject_name(x), row->country);
	name_text(X509_get_issuer_name(x), row->issuer, sizeof(row->issuer));
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	snprintf(row->serial, sizeof(row->serial), "%s", hex ? hex : "");
	OPENSSL_free(hex);
	BN_free(bn);
	time_text(X509_get0_notBefore(x), row->not_before, sizeof(row->not_before));
	time_text(X509_get0_notAfter(x), row->not_after, sizeof(row->not_after));
	snprintf(row->source, sizeof(row->source), "%s", source);
	clock_utc_iso(row->added_at, sizeof(row->added_at));
	snprintf(row->added_by, sizeof(row->added_by), "%s", added_by);
}

int csca_cert_row_of(const unsigned char *der, size_t len, const char *source, const char *added_by,
		     struct csca_cert_row *row)
{
	const unsigned char *p = der;
	X509 *x = len <= 0x7fffffff ? d2i_X509(NULL, &p, (long)len) : NULL;
	if (!x)
		return -1;
	cert_row(x, der, len, source, added_by, row);
	X509_free(x);
	return 0;
}

static int add_cert(struct import *im, X509 *x, const char *source, struct error *err)
{
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	struct csca_item *it = len > 0 ? new_item(im, CSCA_CERT) : NULL;
	if (!it) {
		OPENSSL_free(der);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	sha256_hex(der, (size_t)len, it->sha256);
	name_text(X509_get_subject_name(x), it->subject, sizeof(it->subject));
	name_country(X509_get_subject_name(x), it->country);
	int rc = seen(im, it, im->signers ? CSCA_TABLE_SIGNERS : CSCA_TABLE_CERTS, err);
	if (rc == 0 && is_ca(x) != !im->signers) {
		/* anchors and signers never mix: a signer is checked against the anchors */
		it->outcome = CSCA_SKIPPED;
		it->note = im->signers ? CSCA_NOTE_IS_CA : CSCA_NOTE_NOT_CA;
	} else if (rc == 0) {
		struct csca_cert_row row = { 0 };
		cert_row(x, der, (size_t)len, source, im->s->username, &row);
		rc = im->signers ? csca_store_add_signer(im->app->db, &row, der, (size_t)len, err)
				 : csca_store_add_cert(im->app->db, &row, der, (size_t)len, err);
		it->outcome = CSCA_ADDED;
		it->id = row.id;
	}
	OPENSSL_free(der);
	return rc < 0 ? -ERR_IO : 0;
}

/* Whether a CSCA known here (stored, or a CA certificate in the file) has the CRL's
 * issuer name: 0 none, 1 one does and its key verifies the CRL, -1 none of them does. */
static int crl_issuer(struct import *im, X509_CRL *crl)
{
	STACK_OF(X509) * sets[] = { im->store, im->certs, im->from_list };
	int known = 0;
	for (int s = 0; s < 3; s++)
		for (int k = 0; k < sk_X509_num(sets[s]); k++) {
			X509 *c = sk_X509_value(sets[s], k);
			if (!is_ca(c) ||
			    X509_NAME_cmp(X509_get_subject_name(c), X509_CRL_get_issuer(crl)) != 0)
				continue;
			known = 1;
			EVP_PKEY *key = X509_get0_pubkey(c);
			if (key && X509_CRL_verify(crl, key) == 1)
				return 1;
		}
	ERR_clear_error();
	return known ? -1 : 0;
}

/* A CRL whose issuer is known must verify with that issuer's key: a forged CRL would
 * revoke a genuine Document Signer and make honest passports look altered. */
static int add_crl(struct import *im, X509_CRL *crl, const char *source, struct error *err)
{
	unsigned char *der = NULL;
	int len = i2d_X509_CRL(crl, &der);
	struct csca_item *it = len > 0 ? new_item(im, CSCA_CRL) : NULL;
	if (!it) {
		OPENSSL_free(der);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	sha256_hex(der, (size_t)len, it->sha256);
	name_text(X509_CRL_get_issuer(crl), it->subject, sizeof(it->subject));
	name_country(X509_CRL_get_issuer(crl), it->country);
	int rc = seen(im, it, CSCA_TABLE_CRLS, err);
	if (rc == 0) {
		struct csca_crl_row row = { 0 };
		snprintf(row.sha256, sizeof(row.sha256), "%s", it->sha256);
		snprintf(row.issuer, sizeof(row.issuer), "%s", it->subject);
		time_text(X509_CRL_get0_lastUpdate(crl), row.this_update, sizeof(row.this_update));
		time_text(X509_CRL_get0_nextUpdate(crl), row.next_update, sizeof(row.next_update));
		snprintf(row.source, sizeof(row.source), "%s", source);
		clock_utc_iso(row.added_at, sizeof(row.added_at));
		snprintf(row.added_by, sizeof(row.added_by), "%s", im->s->username);
		rc = csca_store_add_crl(im->app->db, &row, der, (size_t)len, err);
		it->outcome = CSCA_ADDED;
		it->id = row.id;
		/* a CRL nobody here can check yet: stored, and said so */
		if (crl_issuer(im, crl) == 0)
			it->note = CSCA_NOTE_ISSUER_UNKNOWN;
	}
	OPENSSL_free(der);
	return rc < 0 ? -ERR_IO : 0;
}

/* Checks every CRL before anything is written. */
static int check_crls(struct import *im, struct error *err)
{
	for (int i = 0; i < sk_X509_CRL_num(im->crls); i++) {
		X509_CRL *crl = sk_X509_CRL_value(im->crls, i);
		if (crl_issuer(im, crl) < 0) {
			char issuer[256];
			name_text(X509_CRL_get_issuer(crl), issuer, sizeof(issuer));
			error_set(err, ERR_FINDING,
				  _("the CRL of '%s' in '%s' does not verify with that CSCA's key; "
				    "nothing was imported"),
				  issuer, im->name);
			return refuse(im, ERR_FINDING, "CRL signature does not verify", err);
		}
	}
	return 0;
}

static void count(struct import *im)
{
	struct csca_import_result *r = im->out;
	r->added = r->present = r->skipped = 0;
	for (int i = 0; i < r->n_items; i++) {
		struct csca_item *it = &r->items[i];
		r->added += it->outcome == CSCA_ADDED;
		r->present += it->outcome == CSCA_PRESENT;
		r->skipped += it->outcome == CSCA_SKIPPED;
	}
}

static int audit_import(struct import *im, struct error *err)
{
	const struct csca_import_result *r = im->out;
	int not_ca = 0, repeated = 0, other = 0;
	for (int i = 0; i < r->n_items; i++) {
		not_ca += r->items[i].note == CSCA_NOTE_NOT_CA;
		repeated += r->items[i].note == CSCA_NOTE_REPEATED;
		other += r->items[i].note == CSCA_NOTE_NOT_CERT;
	}
	char detail[1024];
	int n = snprintf(detail, sizeof(detail),
			 "added %d, present %d, skipped %d (not CA %d, repeated %d, other %d)",
			 r->added, r->present, r->skipped, not_ca, repeated, other);
	if (r->master_list && n > 0 && (size_t)n < sizeof(detail))
		snprintf(detail + n, sizeof(detail) - (size_t)n,
			 "; master list signed by %s, certified by %s (%s)", r->signer, r->anchor,
			 r->anchor_in_list ? "CSCA in the list" : "CSCA in the store");
	struct audit_actor who;
	app_actor(im->app, im->s, &who);
	struct audit_event ev = { .action = im->signers ? "seal_signer.import" : "csca.import",
				  .object_type = "file",
				  .object_id = im->name,
				  .outcome = "ok",
				  .detail = detail };
	return audit_append(im->app->db, &who, &ev, err) < 0 ? -ERR_IO : 0;
}

/* Everything in one transaction: the rows and the audit row commit together. */
static int store(struct import *im, struct error *err)
{
	if (db_begin(im->app->db, err) < 0)
		return -ERR_IO;
	int rc = 0;
	const char *file_source = im->out->source;
	for (int i = 0; i < sk_X509_num(im->certs) && rc == 0; i++)
		rc = add_cert(im, sk_X509_value(im->certs, i), file_source, err);
	for (int i = 0; i < sk_X509_num(im->from_list) && rc == 0; i++)
		rc = add_cert(im, sk_X509_value(im->from_list, i), im->list_source, err);
	for (int i = 0; i < sk_X509_CRL_num(im->crls) && rc == 0; i++)
		rc = add_crl(im, sk_X509_CRL_value(im->crls, i), file_source, err);
	if (rc == 0) {
		count(im);
		rc = audit_import(im, err);
	}
	if (rc < 0) {
		db_rollback(im->app->db);
		return rc;
	}
	return db_commit(im->app->db, err);
}

static int import_open(struct import *im, struct error *err)
{
	im->certs = sk_X509_new_null();
	im->crls = sk_X509_CRL_new_null();
	im->from_list = sk_X509_new_null();
	im->store = sk_X509_new_null();
	if (!im->certs || !im->crls || !im->from_list || !im->store)
		return error_set(err, ERR_IO, _("out of memory"));
	return 0;
}

static void import_close(struct import *im)
{
	sk_X509_pop_free(im->certs, X509_free);
	sk_X509_CRL_pop_free(im->crls, X509_CRL_free);
	sk_X509_pop_free(im->from_list, X509_free);
	sk_X509_pop_free(im->store, X509_free);
	ERR_clear_error();
}

int csca_parse(const unsigned char *buf, size_t len, const char *name,
	       struct csca_import_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	struct import im = { .name = name, .out = out };
	snprintf(out->source, sizeof(out->source), "%s", name);
	int rc = import_open(&im, err);
	if (rc == 0)
		rc = parse_file(&im, buf, len, err);
	if (rc == 0)
		rc = check_crls(&im, err);
	import_close(&im);
	if (rc < 0)
		csca_import_result_free(out);
	return rc;
}

static int import_as(struct app *app, const struct session *s, const char *path, int signers,
		     struct csca_import_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
		return -ERR_DENIED;
	unsigned char *buf = NULL;
	size_t len = 0;
	if (read_file(path, &buf, &len, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	struct import im = {
		.app = app, .s = s, .name = base_name(path), .out = out, .signers = signers
	};
	snprintf(out->source, sizeof(out->source), "%s", im.name);
	int rc = import_open(&im, err);
	if (rc == 0)
		rc = load_store(&im, err);
	if (rc == 0)
		rc = parse_file(&im, buf, len, err);
	if (rc == 0)
		rc = check_crls(&im, err);
	if (rc == 0 && out->master_list)
		snprintf(out->source, sizeof(out->source), "%s", im.list_source);
	if (rc == 0)
		rc = store(&im, err);
	import_close(&im);
	free(buf);
	if (rc < 0) {
		csca_import_result_free(out);
		return rc;
	}
	return 0;
}

int csca_import(struct app *app, const struct session *s, const char *path,
		struct csca_import_result *out, struct error *err)
{
	return import_as(app, s, path, 0, out, err);
}

int csca_import_signers(struct app *app, const struct session *s, const char *path,
			struct csca_import_result *out, struct error *err)
{
	return import_as(app, s, path, 1, out, err);
}

void csca_import_result_free(struct csca_import_result *r)
{
	free(r->items);
	r->items = NULL;
	r->n_items = 0;
}

static const struct {
	const char *name, *text;
} notes[] = {
	[CSCA_NOTE_NONE] = { "", "" },
	[CSCA_NOTE_NOT_CA] = { "not_ca", N_("not a CA certificate (a Document Signer or a "
					    "list signer): not a trust anchor") },
	[CSCA_NOTE_REPEATED] = { "repeated", N_("the same certificate again in this file") },
	[CSCA_NOTE_NOT_CERT] = { "not_certificate", N_("not a certificate or CRL") },
	[CSCA_NOTE_ISSUER_UNKNOWN] = { "issuer_unknown",
				       N_("its issuer is not in the store yet, so its signature "
					  "was not checked") },
	[CSCA_NOTE_IS_CA] = { "is_ca", N_("a CA certificate, not a barcode signer: import it "
					  "with 'shekara csca import'") },
};

const char *csca_note_name(enum csca_note n)
{
	return (unsigned)n <= CSCA_NOTE_IS_CA ? notes[n].name : "?";
}

const char *csca_note_text(enum csca_note n)
{
	if (n == CSCA_NOTE_NONE || (unsigned)n > CSCA_NOTE_IS_CA)
		return "";
	return _(notes[n].text);
}

/* ---- listing, removing, loading ---- */

int csca_list(struct app *app, struct csca_cert_row **certs, size_t *n_certs,
	      struct csca_crl_row **crls, size_t *n_crls, struct error *err)
{
	if (csca_store_certs(app->db, certs, n_certs, err) < 0)
		return -ERR_IO;
	if (csca_store_crls(app->db, crls, n_crls, err) < 0) {
		free(*certs);
		*certs = NULL;
		*n_certs = 0;
		return -ERR_IO;
	}
	return 0;
}

int csca_list_signers(struct app *app, struct csca_cert_row **rows, size_t *n, struct error *err)
{
	return csca_store_signers(app->db, rows, n, err) < 0 ? -ERR_IO : 0;
}

int csca_remove(struct app *app, const struct session *s, enum csca_kind kind, int64_t id,
		struct error *err)
{
	if (session_require(app, s, PERM_MANAGE_TRUST, err) < 0)
		return -ERR_DENIED;
	int crl = kind == CSCA_CRL, signer = kind == CSCA_SIGNER;
	char detail[1024], object[24];
	int found;
	if (signer) {
		struct csca_cert_row r;
		found = csca_store_get_signer(app->db, id, &r, err);
		snprintf(detail, sizeof(detail), "barcode signer %s; sha256 %s; from %s", r.subject,
			 r.sha256, r.source);
	} else if (crl) {
		struct csca_crl_row r;
		found = csca_store_get_crl(app->db, id, &r, err);
		snprintf(detail, sizeof(detail), "CRL of %s; sha256 %s; from %s", r.issuer,
			 r.sha256, r.source);
	} else {
		struct csca_cert_row r;
		found = csca_store_get_cert(app->db, id, &r, err);
		snprintf(detail, sizeof(detail), "%s; sha256 %s; from %s", r.subject, r.sha256,
			 r.source);
	}
	if (found < 0)
		return -ERR_IO;
	if (!found)
		return error_set(err, ERR_USAGE,
				 signer ? _("there is no barcode signer %lld in the trust store; "
					    "see 'shekara csca signers'")
				 : crl  ? _("there is no CRL %lld in the trust store; see 'shekara "
					     "csca list'")
					: _("there is no certificate %lld in the trust store; see "
					     "'shekara csca list'"),
				 (long long)id);
	snprintf(object, sizeof(object), "%lld", (long long)id);
	struct audit_actor who;
	app_actor(app, s, &who);
	struct audit_event ev = { .action = "csca.remove",
				  .object_type = signer ? "seal_signer"
						 : crl  ? "csca_crl"
							: "csca_cert",
				  .object_id = object,
				  .outcome = "ok",
				  .detail = detail };
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	enum csca_table t = signer ? CSCA_TABLE_SIGNERS : crl ? CSCA_TABLE_CRLS : CSCA_TABLE_CERTS;
	if (csca_store_delete(app->db, t, id, err) < 0 ||
	    audit_append(app->db, &who, &ev, err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

int csca_trust_load(struct app *app, struct csca_trust *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (csca_store_blobs(app->db, CSCA_TABLE_CERTS, &out->certs, err) < 0)
		return -ERR_IO;
	if (csca_store_blobs(app->db, CSCA_TABLE_CRLS, &out->crls, err) < 0) {
		csca_blobs_free(&out->certs);
		return -ERR_IO;
	}
	out->trust.certs = (const unsigned char *const *)out->certs.der;
	out->trust.cert_lens = out->certs.len;
	out->trust.n_certs = out->certs.n;
	out->trust.crls = (const unsigned char *const *)out->crls.der;
	out->trust.crl_lens = out->crls.len;
	out->trust.n_crls = out->crls.n;
	return 0;
}

void csca_trust_free(struct csca_trust *t)
{
	csca_blobs_free(&t->certs);
	csca_blobs_free(&t->crls);
	memset(&t->trust, 0, sizeof(t->trust));
}
