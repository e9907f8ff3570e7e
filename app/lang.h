/* Which language the program speaks, switchable at run time without a restart.
 * Messages are looked up with gettext (i18n/i18n.h); this module finds the catalogues
 * and selects one. */
#ifndef SHEKARA_LANG_H
#define SHEKARA_LANG_H

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
/* The directory the catalogues were found in. */
const char *lang_localedir(void);

#endif
