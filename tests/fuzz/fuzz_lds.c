/* libFuzzer target: the LDS parsers (scanners/lds.c) and the ATR's card capabilities
 * (scanners/chip_io.c), on anything a chip could send. Every pointer returned lies in
 * the input, every string is terminated, and a parsed DG1 is a bounded document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/chip_io.h"
#include "scanners/lds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lds_com com;
	if (lds_com_parse(data, size, &com) == 0) {
		if (!memchr(com.lds_version, 0, sizeof(com.lds_version)) ||
		    !memchr(com.unicode_version, 0, sizeof(com.unicode_version)) || (com.dgs & 1))
			abort();
	}
	struct document d;
	struct error err;
	int rc = lds_dg1_parse(data, size, 1795305600, &d, &err);
	if (rc < 0 && err.msg[0] == '\0')
		abort();
	if (rc == 0 && (d.lines < 2 || d.lines > 3 || d.n_checks > DOC_MAX_CHECKS ||
			!memchr(d.surname, 0, sizeof(d.surname))))
		abort();
	struct lds_face face;
	if (lds_dg2_parse(data, size, &face) == 0) {
		if (!face.image || face.image < data || face.image + face.len > data + size ||
		    face.len == 0 || face.format == LDS_IMAGE_NONE || face.faces < 1)
			abort();
	} else if (face.image) {
		abort();
	}
	struct lds_dg11 dg11;
	if (lds_dg11_parse(data, size, &dg11) == 0) {
		if (!memchr(dg11.name, 0, sizeof(dg11.name)) ||
		    !memchr(dg11.place_of_birth, 0, sizeof(dg11.place_of_birth)) ||
		    !memchr(dg11.birth_date, 0, sizeof(dg11.birth_date)))
			abort();
	}
	char text[64];
	memset(text, 'x', sizeof(text));
	int n = lds_card_access_parse(data, size, text, sizeof(text));
	if (n >= 0 && !memchr(text, 0, sizeof(text)))
		abort();
	if (n == 0 && text[0] != '\0')
		abort();
	(void)chip_io_atr_extended(data, size);
	return 0;
}
