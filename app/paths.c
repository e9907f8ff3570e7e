#include "app/paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n/i18n.h"

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (home && *home)
		return home;
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_dir : NULL;
}

/* XDG says a relative value must be ignored, as if unset. */
static int xdg_dir(const char *var, const char *fallback, char *buf, size_t len, struct error *err)
{
	const char *base = getenv(var);
	int n;
	if (base && base[0] == '/') {
		n = snprintf(buf, len, "%s/shekara", base);
	} else {
		const char *home = home_dir();
		if (!home)
			return error_set(err, ERR_IO,
					 _("cannot find the home directory; set %s or HOME"), var);
		n = snprintf(buf, len, "%s/%s/shekara", home, fallback);
	}
	if (n < 0 || (size_t)n >= len)
		return error_set(err, ERR_IO, _("path for %s is too long"), var);
	return 0;
}

int paths_data_dir(char *buf, size_t len, struct error *err)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share", buf, len, err);
}

int paths_config_dir(char *buf, size_t len, struct error *err)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config", buf, len, err);
}

int paths_make_parent(const char *file, struct error *err)
{
	char dir[4096];
	if (snprintf(dir, sizeof(dir), "%s", file) >= (int)sizeof(dir))
		return error_set(err, ERR_IO, _("path '%s' is too long"), file);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return error_set(err, ERR_IO, _("cannot create directory '%s': %s"), dir,
					 strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error_set(err, ERR_IO, _("cannot create directory '%s': %s"), dir,
				 strerror(errno));
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return error_set(err, ERR_IO, _("'%s' is not a directory"), dir);
	return 0;
}
