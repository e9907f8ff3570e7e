#include "app/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "i18n/i18n.h"

void secret_wipe(char *buf, size_t len)
{
	OPENSSL_cleanse(buf, len);
}

int secret_parse(const char *data, size_t n, char *buf, size_t len, struct error *err)
{
	size_t end = 0;
	while (end < n && data[end] != '\n')
		end++;
	if (end > 0 && data[end - 1] == '\r')
		end--;
	if (memchr(data, '\0', end))
		return error_set(err, ERR_USAGE, _("the password contains a NUL byte"));
	if (end == 0)
		return error_set(err, ERR_USAGE, _("the password is empty"));
	if (end >= len)
		return error_set(err, ERR_USAGE,
				 P_("the password is longer than %zu byte",
				    "the password is longer than %zu bytes", len - 1),
				 len - 1);
	memcpy(buf, data, end);
	buf[end] = '\0';
	return 0;
}

int secret_read_file(const char *path, char *buf, size_t len, struct error *err)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_IO, _("cannot read password file '%s': %s"), path,
				 strerror(errno));
	char raw[SECRET_MAX * 2];
	size_t n = 0;
	ssize_t got;
	while (n < sizeof(raw) && (got = read(fd, raw + n, sizeof(raw) - n)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			if (fd != STDIN_FILENO)
				close(fd);
			secret_wipe(raw, sizeof(raw));
			return error_set(err, ERR_IO, _("cannot read password file '%s': %s"), path,
					 strerror(saved));
		}
		n += (size_t)got;
		if (memchr(raw, '\n', n))
			break;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	struct error why;
	int rc = secret_parse(raw, n, buf, len, &why);
	secret_wipe(raw, sizeof(raw));
	if (rc < 0)
		return error_set(err, ERR_USAGE, "'%s': %s", path, why.msg);
	return 0;
}

int secret_prompt(const char *prompt, char *buf, size_t len, struct error *err)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_USAGE,
				 _("no terminal to ask for the password; give it in a file instead "
				   "(see the command's --help)"));
	struct termios saved, quiet;
	int have_tio = tcgetattr(fd, &saved) == 0;
	if (have_tio) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the read below still works */
	}
	char raw[SECRET_MAX * 2];
	ssize_t n;
	do
		n = read(fd, raw, sizeof(raw));
	while (n < 0 && errno == EINTR);
	if (have_tio)
		tcsetattr(fd, TCSAFLUSH, &saved);
	if (write(fd, "\n", 1) < 0) {
		/* the newline echo is cosmetic */
	}
	close(fd);
	int rc = n < 0 ? error_set(err, ERR_IO, _("cannot read from the terminal"))
		       : secret_parse(raw, (size_t)n, buf, len, err);
	secret_wipe(raw, sizeof(raw));
	return rc;
}

int secret_prompt_twice(const char *prompt, const char *again, char *buf, size_t len,
			struct error *err)
{
	char second[SECRET_MAX];
	if (secret_prompt(prompt, buf, len, err) < 0)
		return -ERR_USAGE;
	if (secret_prompt(again, second, sizeof(second), err) < 0) {
		secret_wipe(buf, len);
		return -ERR_USAGE;
	}
	int same = strcmp(buf, second) == 0;
	secret_wipe(second, sizeof(second));
	if (!same) {
		secret_wipe(buf, len);
		return error_set(err, ERR_USAGE, _("the two passwords differ"));
	}
	return 0;
}
