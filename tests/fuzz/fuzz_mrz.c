/* libFuzzer target: the MRZ parser and validator (scanners/mrz.c). Anything a reader,
 * a keyboard or a forger can produce must parse or be refused with a message, and what
 * is parsed must be consistent: NUL-terminated fields, bounded counts, and a parsed
 * document that reads back the same when composed again from its own lines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct document d;
	struct error err;
	const time_t now = 1795305600; /* 2026-11-22, fixed so runs repeat */
	if (mrz_parse((const char *)data, size, now, &d, &err) < 0) {
		if (err.msg[0] == '\0' || d.n_checks != 0)
			abort(); /* refused without a reason, or half-filled */
		return 0;
	}
	if (d.lines < 2 || d.lines > 3 || d.n_checks > DOC_MAX_CHECKS ||
	    d.n_suggestions > DOC_MAX_SUGGESTIONS || d.format == DOC_UNKNOWN)
		abort();
	if (memchr(d.number, 0, sizeof(d.number)) == NULL ||
	    memchr(d.surname, 0, sizeof(d.surname)) == NULL ||
	    memchr(d.given_names, 0, sizeof(d.given_names)) == NULL)
		abort();
	/* parsing the same lines again gives the same document */
	char text[3 * (MRZ_MAX_LINE + 1) + 1] = "";
	for (int i = 0; i < d.lines; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "%s\n", d.mrz[i]);
	}
	struct document again;
	if (mrz_parse(text, strlen(text), now, &again, &err) < 0)
		abort();
	/* the stored lines hold '?' for bytes that are not printable ASCII, and the
	 * characters check names the original byte: compare everything else */
	for (int i = 0; i < d.n_checks; i++) {
		if (d.checks[i].id == CHECK_CHARACTERS && d.checks[i].status == CHECK_FAIL) {
			memset(d.checks[i].value, 0, sizeof(d.checks[i].value));
			memset(again.checks[i].value, 0, sizeof(again.checks[i].value));
		}
	}
	if (memcmp(&again, &d, sizeof(d)) != 0)
		abort();
	for (int i = 0; i < d.n_checks; i++) {
		char buf[256];
		document_describe_check(&d.checks[i], buf, sizeof(buf));
	}
	return 0;
}
