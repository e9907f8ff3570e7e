#include "app/lang.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n/i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* Names are written in their own language so an officer who reads no English can find
 * theirs. Keep in step with i18n/LINGUAS. */
const struct lang lang_table[] = {
	{ "en", "English" },   { "ru", "Русский" }, { "kk", "Қазақша" },   { "ky", "Кыргызча" },
	{ "uz", "Oʻzbekcha" }, { "tg", "Тоҷикӣ" },  { "tk", "Türkmençe" },
};
const int lang_count = sizeof(lang_table) / sizeof(lang_table[0]);

static char current[16] = "en";
static char localedir[PATH_MAX] = LOCALEDIR;

/* glibc's gettext caches translations; bumping this counter tells it the language
 * changed (documented in the gettext manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

const struct lang *lang_find(const char *code)
{
	for (int i = 0; i < lang_count; i++)
		if (code && strcmp(lang_table[i].code, code) == 0)
			return &lang_table[i];
	return NULL;
}

const char *lang_codes(void)
{
	static char buf[128];
	buf[0] = '\0';
	for (int i = 0; i < lang_count; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "", lang_table[i].code);
	}
	return buf;
}

static int has_catalogue(const char *dir)
{
	char probe[PATH_MAX * 2];
	snprintf(probe, sizeof(probe), "%s/ru/LC_MESSAGES/" SHEKARA_TEXTDOMAIN ".mo", dir);
	return access(probe, R_OK) == 0;
}

static void find_localedir(void)
{
	const char *env = getenv("SHEKARA_LOCALEDIR");
	if (env && *env) {
		snprintf(localedir, sizeof(localedir), "%s", env);
		return;
	}
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	const char *candidates[] = { "build/locale", "../share/locale" };
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s/%s", exe, candidates[i]);
		if (has_catalogue(dir)) {
			snprintf(localedir, sizeof(localedir), "%s", dir);
			return;
		}
	}
}

void lang_init(void)
{
	/* The terminal is UTF-8 (DESIGN.md); when the environment names no UTF-8 locale
	 * (a bare service account, a serial console), use C.UTF-8 rather than ASCII. */
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
	find_localedir();
	bindtextdomain(SHEKARA_TEXTDOMAIN, localedir);
	bind_textdomain_codeset(SHEKARA_TEXTDOMAIN, "UTF-8");
	lang_use("en");
}

const char *lang_use(const char *code)
{
	const struct lang *l = lang_find(code);
	if (!l)
		l = &lang_table[0];
	snprintf(current, sizeof(current), "%s", l->code);
	/* LANGUAGE outranks LC_MESSAGES in gettext and needs no generated locale, so any
	 * catalogue works even where only C.UTF-8 is installed. */
	setenv("LANGUAGE", l->code, 1);
	++_nl_msg_cat_cntr;
	return current;
}

const char *lang_current(void)
{
	return current;
}

const char *lang_localedir(void)
{
	return localedir;
}

/* Writes v as width digits, or width question marks when v is 0 (unknown). */
static size_t put_part(char *out, size_t room, int v, int width)
{
	char part[8];
	if (v > 0)
		snprintf(part, sizeof(part), "%0*d", width, v % (width == 4 ? 10000 : 100));
	else
		snprintf(part, sizeof(part), "%.*s", width, "????");
	size_t n = strlen(part);
	if (n >= room)
		return 0;
	memcpy(out, part, n + 1);
	return n;
}

/* Fills buf from a pattern of YYYY, MM and DD and the separators between them. */
static const char *expand(const char *fmt, int year, int month, int day, char *buf, size_t len)
{
	size_t o = 0;
	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (const char *f = fmt; *f && o + 1 < len;) {
		size_t n = 0;
		if (strncmp(f, "YYYY", 4) == 0) {
			n = put_part(buf + o, len - o, year, 4);
			f += 4;
		} else if (strncmp(f, "MM", 2) == 0) {
			n = put_part(buf + o, len - o, month, 2);
			f += 2;
		} else if (strncmp(f, "DD", 2) == 0) {
			n = put_part(buf + o, len - o, day, 2);
			f += 2;
		} else {
			buf[o] = *f++;
			buf[o + 1] = '\0';
			n = 1;
		}
		o += n;
	}
	return buf;
}

const char *lang_date(int year, int month, int day, char *buf, size_t len)
{
	/* TRANSLATORS: how dates are written: YYYY the year, MM the month, DD the day,
	 * with your language's order and separators (Russian: DD.MM.YYYY). Keep the three
	 * letter groups in Latin capitals exactly as they are. */
	return expand(C_("date format", "YYYY-MM-DD"), year, month, day, buf, len);
}

const char *lang_day_month(int month, int day, char *buf, size_t len)
{
	/* TRANSLATORS: a date without its year, in the order and with the separator of
	 * "YYYY-MM-DD" above (Russian: DD.MM). Keep MM and DD as they are. */
	return expand(C_("date format", "MM-DD"), 0, month, day, buf, len);
}

static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

const char *lang_date_iso(const char *iso, char *buf, size_t len)
{
	int y, m, d;
	if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-' && digits(iso, 4, &y) &&
	    digits(iso + 5, 2, &m) && digits(iso + 8, 2, &d))
		return lang_date(y, m, d, buf, len);
	snprintf(buf, len, "%s", iso);
	return buf;
}
