#include "app/config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lang.h"
#include "app/paths.h"
#include "i18n/i18n.h"

#define STR(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)
#define INT(field) offsetof(struct config, field), sizeof(int)

const struct config_key config_keys[] = {
	{ "general.database", "--db", "PATH", CONFIG_PATH, STR(database), 0, 0, NULL,
	  N_("database file of this workstation") },
	{ "general.language", "--lang", "LANG", CONFIG_LANGUAGE, STR(language), 0, 0, NULL,
	  N_("language of the login screen; officers then get their own") },
	{ "ui.color", "--color", "WHEN", CONFIG_CHOICE, STR(color), 0, 0, "auto|always|never",
	  N_("colours: auto, always, or never (monochrome)") },
	{ "ui.photo", "--photo-mode", "MODE", CONFIG_CHOICE, STR(photo), 0, 0,
	  "auto|symbols|sixel|kitty",
	  N_("the chip's face: auto, symbols (any terminal), sixel or kitty graphics") },
	{ "ui.idle_logout", "--idle-logout", "SECONDS", CONFIG_INT, INT(idle_logout), 0, 86400,
	  NULL, N_("log an idle officer out after this many seconds; 0 never") },
	{ "security.max_failed_logins", "--max-failed-logins", "N", CONFIG_INT,
	  INT(max_failed_logins), 1, 100, NULL, N_("failed logins in a row that lock an account") },
	{ "security.min_password_length", "--min-password-length", "N", CONFIG_INT,
	  INT(min_password_length), 8, 64, NULL, N_("shortest password accepted") },
	{ "lists.stale_after_days", "--stale-after-days", "DAYS", CONFIG_INT, INT(list_stale_days),
	  1, 365, NULL, N_("watchlist age shown in red past this many days") },
	{ "reader.device", "--reader-device", "PATH", CONFIG_OPTIONAL_PATH, STR(reader_device), 0,
	  0, NULL,
	  N_("serial MRZ reader, e.g. /dev/ttyUSB0; empty for none (keyboard readers need no "
	     "setting)") },
	{ "reader.baud", "--reader-baud", "RATE", CONFIG_CHOICE, STR(reader_baud_text), 0, 0,
	  "1200|2400|4800|9600|19200|38400|57600|115200", N_("serial reader speed in baud") },
	{ "reader.format", "--reader-format", "BITS", CONFIG_CHOICE, STR(reader_format), 0, 0,
	  "8N1|7E1|7O1", N_("serial reader data bits, parity and stop bits") },
	{ "sync.url", "--sync-url", "URL", CONFIG_OPTIONAL_PATH, STR(sync_url), 0, 0, NULL,
	  N_("where 'shekara sync pull' and 'sync push' go when none is given: an http(s) URL "
	     "or a directory (a USB stick); empty for none") },
	{ "sync.interval", "--sync-interval", "MINUTES", CONFIG_INT, INT(sync_interval), 0, 10080,
	  NULL,
	  N_("the terminal pulls the lists and pushes the records to sync.url in the background "
	     "every so many minutes (and once at start); 0 never") },
	{ "training.database", "--training-db", "PATH", CONFIG_PATH, STR(training_database), 0, 0,
	  NULL,
	  N_("the trainers' database (accounts, training results), opened instead of the live "
	     "one with --training") },
	{ "training.scenarios", "--scenarios", "DIR", CONFIG_OPTIONAL_PATH, STR(scenarios), 0, 0,
	  NULL,
	  N_("the folder of training scenarios the trainer chooses from; empty for the ones "
	     "installed with the program") },
};
const size_t config_key_count = sizeof(config_keys) / sizeof(config_keys[0]);

static const struct config_key *key_by_name(const char *name)
{
	for (size_t i = 0; i < config_key_count; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

const struct config_key *config_key_by_flag(const char *flag)
{
	for (size_t i = 0; i < config_key_count; i++)
		if (strcmp(config_keys[i].flag, flag) == 0)
			return &config_keys[i];
	return NULL;
}

int config_default_path(char *buf, size_t len, struct error *err)
{
	char dir[4096];
	if (paths_config_dir(dir, sizeof(dir), err) < 0)
		return -ERR_IO;
	if (snprintf(buf, len, "%s/shekara.conf", dir) >= (int)len)
		return error_set(err, ERR_IO, _("path '%s' is too long"), dir);
	return 0;
}

int config_defaults(struct config *cfg, struct error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	char dir[4096];
	if (paths_data_dir(dir, sizeof(dir), err) < 0)
		return -ERR_IO;
	if (snprintf(cfg->database, sizeof(cfg->database), "%s/shekara.db", dir) >=
	    (int)sizeof(cfg->database))
		return error_set(err, ERR_IO, _("path '%s' is too long"), dir);
	if (snprintf(cfg->training_database, sizeof(cfg->training_database), "%s/training.db",
		     dir) >= (int)sizeof(cfg->training_database))
		return error_set(err, ERR_IO, _("path '%s' is too long"), dir);
	snprintf(cfg->language, sizeof(cfg->language), "en");
	snprintf(cfg->color, sizeof(cfg->color), "auto");
	snprintf(cfg->photo, sizeof(cfg->photo), "auto");
	cfg->idle_logout = 300;
	cfg->max_failed_logins = 5;
	cfg->min_password_length = 10;
	cfg->list_stale_days = 7;
	snprintf(cfg->reader_baud_text, sizeof(cfg->reader_baud_text), "9600");
	snprintf(cfg->reader_format, sizeof(cfg->reader_format), "8N1");
	return 0;
}

static int choice_ok(const char *choices, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, value, n) == 0)
			return 1;
		p += len + (bar ? 1 : 0);
	}
	return 0;
}

static int set_key(struct config *cfg, const struct config_key *k, const char *value,
		   struct error *err)
{
	char *field = (char *)cfg + k->offset;
	switch (k->type) {
	case CONFIG_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < k->min || v > k->max)
			return error_set(err, ERR_USAGE,
					 _("'%s' must be a whole number from %d to %d, not '%s'"),
					 k->name, k->min, k->max, value);
		*(int *)field = (int)v;
		return 0;
	}
	case CONFIG_CHOICE:
		if (!choice_ok(k->choices, value))
			return error_set(err, ERR_USAGE, _("'%s' must be one of %s, not '%s'"),
					 k->name, k->choices, value);
		break;
	case CONFIG_LANGUAGE:
		if (!lang_find(value))
			return error_set(err, ERR_USAGE,
					 _("'%s': unknown language '%s' (known: %s)"), k->name,
					 value, lang_codes());
		break;
	case CONFIG_PATH:
		if (!*value)
			return error_set(err, ERR_USAGE, _("'%s' must not be empty"), k->name);
		break;
	case CONFIG_OPTIONAL_PATH:
		break;
	}
	if (strlen(value) >= k->size)
		return error_set(err, ERR_USAGE, _("'%s' is too long"), k->name);
	memcpy(field, value, strlen(value) + 1);
	return 0;
}

int config_set(struct config *cfg, const char *name, const char *value, struct error *err)
{
	const struct config_key *k = key_by_name(name);
	if (!k)
		return error_set(err, ERR_USAGE, _("unknown setting '%s'"), name);
	return set_key(cfg, k, value, err);
}

void config_value(const struct config *cfg, const struct config_key *key, char *buf, size_t len)
{
	const char *field = (const char *)cfg + key->offset;
	if (key->type == CONFIG_INT)
		snprintf(buf, len, "%d", *(const int *)field);
	else
		snprintf(buf, len, "%s", field);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* One line: "[section]", "key = value", a comment (# or ;) or blank. Values may be in
 * double quotes to keep leading or trailing spaces. */
static int parse_line(struct config *cfg, char *line, char *section, size_t seclen,
		      const char *origin, int lineno, struct error *err)
{
	char *s = trim(line);
	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *close = strchr(s, ']');
		if (!close || *trim(close + 1))
			return error_set(err, ERR_USAGE, _("%s:%d: malformed section header"),
					 origin, lineno);
		*close = '\0';
		char *name = trim(s + 1);
		if (!*name || strlen(name) >= seclen)
			return error_set(err, ERR_USAGE, _("%s:%d: malformed section header"),
					 origin, lineno);
		memcpy(section, name, strlen(name) + 1);
		return 0;
	}
	char *eq = strchr(s, '=');
	if (!eq)
		return error_set(err, ERR_USAGE, _("%s:%d: expected 'key = value'"), origin,
				 lineno);
	*eq = '\0';
	char *key = trim(s), *value = trim(eq + 1);
	size_t vlen = strlen(value);
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		value[vlen - 1] = '\0';
		value++;
	}
	if (!*section)
		return error_set(err, ERR_USAGE, _("%s:%d: '%s' is outside any [section]"), origin,
				 lineno, key);
	char name[128];
	if (snprintf(name, sizeof(name), "%s.%s", section, key) >= (int)sizeof(name) ||
	    !key_by_name(name))
		return error_set(err, ERR_USAGE, _("%s:%d: unknown setting '%s.%s'"), origin,
				 lineno, section, key);
	struct error inner;
	if (config_set(cfg, name, value, &inner) < 0)
		return error_set(err, inner.code, "%s:%d: %s", origin, lineno, inner.msg);
	return 0;
}

int config_parse(struct config *cfg, const char *text, size_t len, const char *origin,
		 struct error *err)
{
	struct config next = *cfg; /* all or nothing: a bad file changes no setting */
	char section[64] = "";
	char line[1024];
	int lineno = 0;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n')
			i++;
		size_t n = i - start;
		lineno++;
		if (i < len)
			i++;
		if (n >= sizeof(line))
			return error_set(err, ERR_USAGE, _("%s:%d: line is too long"), origin,
					 lineno);
		if (memchr(text + start, '\0', n))
			return error_set(err, ERR_USAGE, _("%s:%d: line contains a NUL byte"),
					 origin, lineno);
		memcpy(line, text + start, n);
		line[n] = '\0';
		if (parse_line(&next, line, section, sizeof(section), origin, lineno, err) < 0)
			return -ERR_USAGE;
	}
	snprintf(next.file, sizeof(next.file), "%s", origin);
	*cfg = next;
	return 0;
}

int config_load_file(struct config *cfg, const char *path, struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	}
	enum { MAX_CONFIG = 64 * 1024 };
	char *buf = malloc(MAX_CONFIG + 1);
	if (!buf) {
		fclose(f);
		return error_set(err, ERR_IO, _("out of memory"));
	}
	size_t n = fread(buf, 1, MAX_CONFIG + 1, f);
	int failed = ferror(f);
	fclose(f);
	int rc;
	if (failed)
		rc = error_set(err, ERR_IO, _("cannot read '%s'"), path);
	else if (n > MAX_CONFIG)
		rc = error_set(err, ERR_USAGE, _("'%s' is larger than 64 KiB"), path);
	else
		rc = config_parse(cfg, buf, n, path, err);
	free(buf);
	return rc;
}
