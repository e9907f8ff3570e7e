/* libFuzzer target: certificate, CRL and CSCA master list files (app/csca.c), which come
 * from outside (a USB stick, HQ). Whatever the bytes, reading them must return, and
 * every item handed back must be a kind the store knows with a SHA-256 fingerprint.
 * Seeds in tests/fuzz/corpus/fuzz_csca are a PEM and a DER CSCA, a CRL and a master
 * list made by tests/chip/pki.py. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/csca.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csca_import_result r;
	struct error err;
	error_clear(&err);
	if (csca_parse(data, size, "fuzz", &r, &err) < 0) {
		if (!err.msg[0])
			abort(); /* a refusal always says why */
		return 0;
	}
	for (int i = 0; i < r.n_items; i++)
		if (r.items[i].kind > CSCA_OTHER)
			abort();
	csca_import_result_free(&r);
	return 0;
}
