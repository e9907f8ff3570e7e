/* Test certificates made with OpenSSL at test time (the SOD and CSCA store tests). */
#ifndef SHEKARA_PKI_TESTUTIL_H
#define SHEKARA_PKI_TESTUTIL_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "testutil.h"

/* Adds an extension in openssl.cnf syntax ("critical,CA:TRUE"), issued by issuer. */
TU_UNUSED static void pki_add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(cert, ext, -1), 1);
	X509_EXTENSION_free(ext);
}

struct pki_party {
	EVP_PKEY *key;
	X509 *cert;
};

/* A certificate for cn in country with this serial, signed by issuer (self-signed when
 * NULL): a CA, or a signer (digitalSignature) when ca is 0. EC P-256 keys. */
TU_UNUSED static struct pki_party pki_party_serial(const char *country, const char *cn,
						   const struct pki_party *issuer, int ca,
						   long serial)
{
	struct pki_party p = { EVP_EC_gen("P-256"), X509_new() };
	assert_non_null(p.key);
	X509 *x = p.cert;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365 * 10);
	X509_set_pubkey(x, p.key);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)country, -1, -1,
				   0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509 *signer = issuer ? issuer->cert : x;
	X509_set_issuer_name(x, X509_get_subject_name(signer));
	pki_add_ext(x, signer, NID_basic_constraints,
		    ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	pki_add_ext(x, signer, NID_key_usage,
		    ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
	pki_add_ext(x, signer, NID_subject_key_identifier, "hash");
	if (issuer)
		pki_add_ext(x, signer, NID_authority_key_identifier, "keyid:always");
	assert_true(X509_sign(x, issuer ? issuer->key : p.key, EVP_sha256()) > 0);
	return p;
}

/* The same with the next serial of a counter. */
TU_UNUSED static struct pki_party pki_party_new(const char *country, const char *cn,
						const struct pki_party *issuer, int ca)
{
	static long serial = 1000;
	return pki_party_serial(country, cn, issuer, ca, ++serial);
}

TU_UNUSED static void pki_party_free(struct pki_party *p)
{
	EVP_PKEY_free(p->key);
	X509_free(p->cert);
}

#endif
