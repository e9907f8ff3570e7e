/* libFuzzer target: IATA bar coded boarding passes (scanners/bcbp.c), whatever a PDF417
 * or Aztec reader or a keyboard wedge hands over. A pass refused is left empty with a
 * reason; a pass parsed has bounded, NUL-terminated fields, every leg's mandatory items,
 * real flight dates, and parses the same whichever side of a new year it is read on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/bcbp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void terminated(const char *s, size_t n)
{
	if (memchr(s, '\0', n) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fixed days so runs repeat: mid-year, and both sides of a year's end */
	static const struct doc_date days[] = { { 2026, 6, 15 }, { 2024, 12, 31 }, { 2025, 1, 1 } };
	const char *text = (const char *)data;
	int accepted = -1;
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		struct seal s;
		char why[160];
		int rc = bcbp_parse(text, size, &days[d], &s, why, sizeof(why));
		if (rc < 0) {
			if (why[0] == '\0' || s.n_fields != 0 || s.person.have != 0)
				abort();
		} else {
			if (!bcbp_looks_like(text, size) || s.kind != SEAL_BCBP || s.sig.present ||
			    s.n_fields < 13 || s.n_fields > SEAL_MAX_FIELDS)
				abort();
			terminated(s.version, sizeof(s.version));
			terminated(s.person.surname, sizeof(s.person.surname));
			terminated(s.person.given_names, sizeof(s.person.given_names));
			for (int i = 0; i < s.n_fields; i++) {
				terminated(s.fields[i].name, sizeof(s.fields[i].name));
				terminated(s.fields[i].value, sizeof(s.fields[i].value));
			}
			int legs = data[1] - '0';
			for (int leg = 1; leg <= legs; leg++) {
				char name[32];
				snprintf(name, sizeof(name), "leg%d.status", leg);
				if (!seal_field(&s, name))
					abort();
				snprintf(name, sizeof(name), "leg%d.date", leg);
				const char *date = seal_field(&s, name);
				if (!date || (date[0] && strlen(date) != 10))
					abort();
			}
			seal_free(&s);
		}
		/* only day 366 may make the year matter, never the pass's shape */
		if (accepted >= 0 && (rc == 0) != accepted && !memmem(data, size, "366", 3))
			abort();
		if (accepted < 0)
			accepted = rc == 0;
	}
	return 0;
}
