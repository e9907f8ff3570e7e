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
	{ "en", "English" },
	{ "ru", "Русский" },
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
