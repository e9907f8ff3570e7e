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

#endif
