/* gettext, wired in one header (STYLE.md 10).
 *
 * _() translates now; N_() marks a string in a static table for xgettext and leaves it
 * to be translated where it is shown. Every layer may include this header: it pulls in
 * nothing but libintl. Choosing the language at run time is app/lang.h's job. */
#ifndef SHEKARA_I18N_H
#define SHEKARA_I18N_H

#include <libintl.h>

#define SHEKARA_TEXTDOMAIN "shekara"
#define _(s)               dgettext(SHEKARA_TEXTDOMAIN, s)
#define N_(s)              s
#define P_(s, p, n)        dngettext(SHEKARA_TEXTDOMAIN, s, p, n)
/* C_("role", "Officer"): the same English word may need different translations in
 * different places; the context tells them apart (gettext's pgettext). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

static inline const char *i18n_pgettext(const char *keyed, const char *msgid)
{
	const char *t = dgettext(SHEKARA_TEXTDOMAIN, keyed);
	return t == keyed ? msgid : t;
}

#endif
