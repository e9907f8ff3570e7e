/* The chain check of scanners/pki.h with OpenSSL's X509_verify_cert. */
#include "scanners/pki.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

/* id-icao-mrtd-security-extensions (9303-12 7.1.1): the document type list and the
 * name change extension; a state may mark them critical, OpenSSL does not know them */
static const char ICAO_EXTENSIONS[] = "2.23.136.1.1.6.";

static void set_reason(struct pki_chain *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_reason(struct pki_chain *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

void pki_name_text(const X509_NAME *name, char *out, size_t len)
{
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		char *p = NULL;
		long n = BIO_get_mem_data(b, &p);
		if (n > 0 && p) {
			size_t k = (size_t)n < len ? (size_t)n : len - 1;
			memcpy(out, p, k);
			out[k] = '\0';
		}
	}
	BIO_free(b);
}

/* Whether every critical extension of cert that OpenSSL does not handle is one of
 * ICAO's own. */
static int only_icao_unhandled(X509 *cert)
{
	int n = X509_get_ext_count(cert);
	for (int i = 0; i < n; i++) {
		X509_EXTENSION *ext = X509_get_ext(cert, i);
		if (!X509_EXTENSION_get_critical(ext) || X509_supported_extension(ext))
			continue;
		char oid[64];
		if (OBJ_obj2txt(oid, sizeof(oid), X509_EXTENSION_get_object(ext), 1) <= 0 ||
		    strncmp(oid, ICAO_EXTENSIONS, strlen(ICAO_EXTENSIONS)) != 0)
			return 0;
	}
	return 1;
}

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
	if (ok)
		return ok;
	switch (X509_STORE_CTX_get_error(ctx)) {
	case X509_V_ERR_CRL_HAS_EXPIRED:
		/* an old CRL still says what it revoked: use it, do not fail on its age */
		return 1;
	case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
		return only_icao_unhandled(X509_STORE_CTX_get_current_cert(ctx));
	default:
		return 0;
	}
}

/* Builds the store of anchors and CRLs; sets *crl_for_issuer when a CRL was issued by
 * the DS certificate's issuer. */
static X509_STORE *trust_store(const struct chip_trust *trust, X509 *leaf, int *crl_for_issuer)
{
	X509_STORE *store = X509_STORE_new();
	if (!store)
		return NULL;
	for (int i = 0; i < trust->n_certs; i++) {
		const unsigned char *p = trust->certs[i];
		X509 *c = d2i_X509(NULL, &p, (long)trust->cert_lens[i]);
		if (c)
			X509_STORE_add_cert(store, c); /* a copy is taken; duplicates are fine */
		X509_free(c);
	}
	for (int i = 0; i < trust->n_crls; i++) {
		const unsigned char *p = trust->crls[i];
		X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)trust->crl_lens[i]);
		if (!crl)
			continue;
		if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(leaf)) == 0)
			*crl_for_issuer = 1;
		X509_STORE_add_crl(store, crl);
		X509_CRL_free(crl);
	}
	ERR_clear_error();
	return store;
}

void pki_check_chain(X509 *ds, STACK_OF(X509) * carried, const struct chip_trust *trust,
		     const char *what, struct pki_chain *out)
{
	memset(out, 0, sizeof(*out));
	if (!trust || trust->n_certs <= 0) {
		out->trusted = CHIP_NOT_PERFORMED;
		set_reason(out, "no trusted CSCA to check the %s against", what);
		return;
	}
	int crl = 0;
	X509_STORE *store = trust_store(trust, ds, &crl);
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	out->trusted = CHIP_FAILED;
	if (!store || !ctx || X509_STORE_CTX_init(ctx, store, ds, carried) != 1) {
		set_reason(out, "cannot check the %s", what);
		goto done;
	}
	X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
	if (crl)
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_CRL_CHECK);
	if (X509_verify_cert(ctx) == 1) {
		STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
		int n = chain ? sk_X509_num(chain) : 0;
		if (n > 0)
			pki_name_text(X509_get_subject_name(sk_X509_value(chain, n - 1)),
				      out->anchor_subject, sizeof(out->anchor_subject));
		out->trusted = CHIP_PASSED;
	} else {
		int e = X509_STORE_CTX_get_error(ctx);
		if (e == X509_V_ERR_CERT_REVOKED) {
			out->revoked = 1;
			set_reason(out, "%s revoked by its CSCA's CRL", what);
		} else if (e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
			   e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
			   e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)
			set_reason(out, "%s issued by no trusted CSCA: %s", what,
				   X509_verify_cert_error_string(e));
		else
			set_reason(out, "%s does not verify: %s", what,
				   X509_verify_cert_error_string(e));
	}
done:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	ERR_clear_error();
}
