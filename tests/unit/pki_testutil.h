/* Test certificates made with OpenSSL at test time (the SOD and CSCA store tests). */
#ifndef SHEKARA_PKI_TESTUTIL_H
#define SHEKARA_PKI_TESTUTIL_H

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

#endif
