/* libFuzzer target: EF.SOD and its LDSSecurityObject (scanners/sod.c), parsed by
 * OpenSSL's CMS and by scanners/tlv.c. Whatever comes in, a malformed SOD says why, a
 * parsed one holds bounded hashes of real data groups, nothing passes that was not
 * checked (there are no trust anchors here), and the strings are terminated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/sod.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct sod *s)
{
	if (s->n_hashes < 1 || s->n_hashes > LDS_MAX_DG || s->hash_nid == 0)
		abort();
	for (int i = 0; i < s->n_hashes; i++) {
		if (s->hashes[i].dg < 1 || s->hashes[i].dg > LDS_MAX_DG ||
		    s->hashes[i].len > SOD_MAX_HASH || s->hashes[i].len < 20)
			abort();
		if (sod_check(s, s->hashes[i].dg, (const unsigned char *)"", 0) < 0)
			abort();
	}
	if (!memchr(s->hash_name, 0, sizeof(s->hash_name)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sod s;
	if (sod_parse_lso(data, size, &s) == 0)
		check(&s);
	int rc = sod_verify(data, size, NULL, &s);
	if (!memchr(s.reason, 0, sizeof(s.reason)) ||
	    !memchr(s.ds_subject, 0, sizeof(s.ds_subject)))
		abort();
	if (rc < 0) {
		if (s.reason[0] == '\0' || s.signature == CHIP_PASSED)
			abort();
	} else {
		check(&s);
		if (s.ds_trusted != CHIP_NOT_PERFORMED || s.csca_subject[0] != '\0')
			abort();
	}
	return 0;
}
