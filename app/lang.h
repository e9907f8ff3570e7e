/* Which language the program speaks, switchable at run time without a restart.
 * Messages are looked up with gettext (i18n/i18n.h); this module finds the catalogues
 * and selects one. */
#ifndef SHEKARA_LANG_H
#define SHEKARA_LANG_H

#include <stddef.h>

struct lang {
	const char *code;   /* "ru": the catalogue's name and what is stored per officer */
	const char *native; /* "Русский": shown as itself, never translated */
};

extern const struct lang lang_table[];
extern const int lang_count;

/* Sets the UTF-8 character type and binds the catalogues. They are looked for in
 * $SHEKARA_LOCALEDIR when set, then beside the executable (build/locale when run from
 * the source tree, ../share/locale when installed), then in LOCALEDIR. */
void lang_init(void);
const struct lang *lang_find(const char *code);
/* "en, ru", for messages */
const char *lang_codes(void);
/* Switches every later _() to code; returns the code now in use. */
const char *lang_use(const char *code);
const char *lang_current(void);
/* A date as the current language writes it: the order and separators come from the
 * catalogue ("YYYY-MM-DD" in English, ISO 8601; "DD.MM.YYYY" in Russian). A part that
 * is 0 is unknown and shown as question marks, as documents print it. Returns buf. */
const char *lang_date(int year, int month, int day, char *buf, size_t len);
/* The day and month alone ("11-22", "22.11"), for columns that have no room. */
const char *lang_day_month(int month, int day, char *buf, size_t len);
/* The same for the date at the start of a stored timestamp or date ("2026-11-22...");
 * text that is no date is copied as it is. */
const char *lang_date_iso(const char *iso, char *buf, size_t len);
/* The directory the catalogues were found in. */
const char *lang_localedir(void);

#endif
