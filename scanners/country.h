/* The three-letter codes of the MRZ issuing-state and nationality fields (ICAO Doc 9303
 * Part 3, section 5): ISO 3166-1 alpha-3 plus the codes ICAO adds for Germany ("D"),
 * the British nationality classes, international organizations and people without a
 * nationality to state. */
#ifndef SHEKARA_COUNTRY_H
#define SHEKARA_COUNTRY_H

#include <stddef.h>

struct country {
	const char *code; /* "KAZ", "D", "XXA" */
	const char *name; /* English name, as in ISO 3166-1 (iso-codes "name") or ICAO */
	int icao;         /* 1 for ICAO-specific codes not in ISO 3166-1 */
};

/* The country for an MRZ code with its fillers removed ("D", "KAZ"), or NULL. n is the
 * length (0..3); no NUL needed. Only upper-case A-Z is a code: "kaz" and "D<" are not. */
const struct country *country_find(const char *code, size_t n);

/* The name in the current language: ISO countries through Debian's iso-codes catalogue
 * (text domain "iso_3166-1", English when it is not installed), ICAO-specific codes
 * through Shekara's own catalogue. */
const char *country_name(const struct country *c);

/* Every entry, for tests and pick lists: ISO 3166-1 ones first, then ICAO's, each part
 * sorted by code. i < country_count(). */
size_t country_count(void);
const struct country *country_at(size_t i);

#endif
