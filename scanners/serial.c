/* An MRZ reader on a serial line (serial.h): termios set-up, reconnection, reading. */
#include "scanners/serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "i18n/i18n.h"
#include "scanners/mrz_lines.h"

enum {
	RETRY_MS = 1000,
	/* Small reads, and none while a document waits to be taken: at most 4 documents
	 * complete per read, well inside the assembler's queue (mrz_lines.h). */
	READ_CHUNK = 256,
	READS_PER_POLL = 16,
};

static const struct {
	int baud;
	speed_t speed;
} speeds[] = {
	{ 1200, B1200 },   { 2400, B2400 },   { 4800, B4800 },   { 9600, B9600 },
	{ 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
};

struct serial_reader {
	struct serial_config cfg;
	speed_t speed;
	int fd;
	int64_t next_try_ms;       /* CLOCK_MONOTONIC */
	enum serial_event pending; /* the open serial_open() made, not reported yet */
	int reported;              /* the failure last reported (an errno), 0 if none */
	struct mrz_lines lines;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int speed_of(int baud, speed_t *out)
{
	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		if (speeds[i].baud == baud) {
			*out = speeds[i].speed;
			return 0;
		}
	}
	return -1;
}

static int bad_speed(const char *text, struct error *err)
{
	return error_set(err, ERR_USAGE,
			 _("unsupported serial speed '%s'; use 1200, 2400, 4800, 9600, 19200, "
			   "38400, 57600 or 115200"),
			 text);
}

static int bad_format(const char *text, struct error *err)
{
	return error_set(err, ERR_USAGE, _("unsupported serial format '%s'; use 8N1, 7E1 or 7O1"),
			 text);
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int serial_parse_settings(const char *baud, const char *format, struct serial_config *cfg,
			  struct error *err)
{
	struct serial_config c = *cfg;
	if (baud) {
		/* digits only: no sign, no spaces, no "9600bps" */
		size_t n = strspn(baud, "0123456789");
		long v = n > 0 && n <= 6 && baud[n] == '\0' ? strtol(baud, NULL, 10) : -1;
		speed_t speed;
		if (v < 0 || speed_of((int)v, &speed) < 0)
			return bad_speed(baud, err);
		c.baud = (int)v;
	}
	if (format) {
		if (strlen(format) != 3 || (format[0] != '7' && format[0] != '8') ||
		    !strchr("NEO", upper(format[1])) || format[2] != '1')
			return bad_format(format, err);
		c.data_bits = format[0] - '0';
		c.parity = upper(format[1]);
	}
	*cfg = c;
	return 0;
}

static int check_config(const struct serial_config *cfg, speed_t *speed, struct error *err)
{
	if (!memchr(cfg->device, '\0', sizeof(cfg->device)))
		return error_set(err, ERR_USAGE, _("the serial device name is too long"));
	if (speed_of(cfg->baud, speed) < 0) {
		char text[16];
		snprintf(text, sizeof(text), "%d", cfg->baud);
		return bad_speed(text, err);
	}
	char p = upper(cfg->parity);
	if ((cfg->data_bits != 7 && cfg->data_bits != 8) || p == '\0' || !strchr("NEO", p)) {
		char text[32];
		snprintf(text, sizeof(text), "%d%c1", cfg->data_bits,
			 cfg->parity > ' ' && cfg->parity < 0x7f ? cfg->parity : '?');
		return bad_format(text, err);
	}
	return 0;
}

/* Raw mode: bytes as they come, no echo, no line editing, no CR/NL translation, no
 * flow control, and read() returning at once (VMIN = VTIME = 0). */
static int configure(const struct serial_reader *r, int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return -1;
	cfmakeraw(&t);
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY | INPCK | IGNPAR | PARMRK | ISTRIP);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CLOCAL | CREAD | (r->cfg.data_bits == 7 ? CS7 : CS8);
	if (r->cfg.parity != 'N') {
		t.c_cflag |= PARENB | (r->cfg.parity == 'O' ? PARODD : 0);
		/* a character with a parity error is dropped: its line is then too short
		 * and the document is discarded rather than read wrong */
		t.c_iflag |= INPCK | IGNPAR;
	}
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (cfsetispeed(&t, r->speed) < 0 || cfsetospeed(&t, r->speed) < 0)
		return -1;
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return -1;
	/* tcsetattr() succeeds when any one change took: check the speed and raw mode.
	 * Not the frame: a driver may force its own (a pseudo-terminal always says CS8
	 * without parity, drivers/tty/pty.c), and the line still works. */
	struct termios got;
	if (tcgetattr(fd, &got) < 0)
		return -1;
	if (cfgetospeed(&got) != r->speed || cfgetispeed(&got) != r->speed ||
	    (got.c_lflag & ICANON)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* Errors that mean the device is not there (yet, or any more): no message. */
static int absent(int e)
{
	return e == ENOENT || e == ENODEV || e == ENXIO || e == EIO || e == EINTR;
}

/* Whether this failure was the last one reported; records it otherwise. */
static int reported_already(struct serial_reader *r, int why)
{
	if (r->reported == why)
		return 1;
	r->reported = why;
	return 0;
}

/* 1 when open, 0 when absent or the failure was reported before, < 0 with err. */
static int try_open(struct serial_reader *r, struct error *err)
{
	const char *dev = r->cfg.device;
	int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (absent(e)) {
			r->reported = 0;
			return 0;
		}
		if (reported_already(r, e))
			return 0;
		if (e == EACCES || e == EPERM)
			return error_set(err, ERR_IO,
					 _("cannot open '%s': %s; the account needs to be in the "
					   "group that owns it (often 'dialout')"),
					 dev, strerror(e));
		return error_set(err, ERR_IO, _("cannot open '%s': %s"), dev, strerror(e));
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISCHR(sb.st_mode) || !isatty(fd)) {
		close(fd);
		if (reported_already(r, ENOTTY))
			return 0;
		return error_set(err, ERR_IO, _("'%s' is not a serial device (see reader.device)"),
				 dev);
	}
	if (configure(r, fd) < 0) {
		int e = errno;
		close(fd);
		if (absent(e)) {
			r->reported = 0;
			return 0;
		}
		if (reported_already(r, e))
			return 0;
		return error_set(err, ERR_IO, _("cannot set up '%s': %s"), dev, strerror(e));
	}
	/* keep other programs (a modem manager probing every ttyACM) off the line; not
	 * every driver allows it, and the reader works without */
	(void)ioctl(fd, TIOCEXCL);
	r->fd = fd;
	r->reported = 0;
	return 1;
}

int serial_open(const struct serial_config *cfg, struct serial_reader **out, struct error *err)
{
	*out = NULL;
	speed_t speed = B9600;
	int rc = check_config(cfg, &speed, err);
	if (rc < 0)
		return rc;
	struct serial_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return error_set(err, ERR_IO, _("out of memory"));
	r->cfg = *cfg;
	r->cfg.parity = upper(cfg->parity);
	r->speed = speed;
	r->fd = -1;
	mrz_lines_reset(&r->lines);
	if (r->cfg.device[0]) {
		struct error ignored;
		rc = try_open(r, &ignored);
		if (rc == 1) {
			r->pending = SERIAL_EVENT_CONNECTED;
			r->next_try_ms = now_ms() + RETRY_MS;
		} else {
			/* the first serial_poll() tries again and reports what is wrong */
			r->reported = 0;
			r->next_try_ms = rc < 0 ? 0 : now_ms() + RETRY_MS;
		}
	}
	*out = r;
	return 0;
}

void serial_close(struct serial_reader **r)
{
	if (!r || !*r)
		return;
	if ((*r)->fd >= 0)
		close((*r)->fd);
	free(*r);
	*r = NULL;
}

int serial_fd(const struct serial_reader *r)
{
	return r ? r->fd : -1;
}

int serial_connected(const struct serial_reader *r)
{
	return r && r->fd >= 0;
}

static void lose(struct serial_reader *r, enum serial_event *event)
{
	close(r->fd);
	r->fd = -1;
	r->pending = SERIAL_EVENT_NONE;
	/* a device on its way out may still be there a moment longer */
	r->next_try_ms = now_ms() + RETRY_MS;
	mrz_lines_discard_partial(&r->lines);
	if (event)
		*event = SERIAL_EVENT_LOST;
}

static int read_some(struct serial_reader *r, char *out, size_t outlen, enum serial_event *event)
{
	for (int i = 0; i < READS_PER_POLL; i++) {
		/* with VMIN = VTIME = 0 read() returns 0 both when nothing is waiting and
		 * when the tty was hung up; poll() tells the two apart */
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		if (poll(&p, 1, 0) < 0)
			return 0;
		if (p.revents & POLLNVAL) {
			lose(r, event);
			return 0;
		}
		char buf[READ_CHUNK];
		ssize_t n = read(r->fd, buf, sizeof(buf));
		if (n > 0) {
			if (mrz_lines_feed(&r->lines, buf, (size_t)n, out, outlen) == 1)
				return 1;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		if (n == 0 && !(p.revents & (POLLHUP | POLLERR)))
			return 0;
		lose(r, event);
		return 0;
	}
	return 0;
}

int serial_poll(struct serial_reader *r, char *out, size_t outlen, enum serial_event *event,
		struct error *err)
{
	if (event)
		*event = r->pending;
	r->pending = SERIAL_EVENT_NONE;
	if (mrz_lines_feed(&r->lines, NULL, 0, out, outlen) == 1)
		return 1;
	if (r->fd < 0) {
		if (!r->cfg.device[0])
			return 0;
		int64_t now = now_ms();
		if (now < r->next_try_ms)
			return 0;
		r->next_try_ms = now + RETRY_MS;
		int rc = try_open(r, err);
		if (rc <= 0)
			return rc;
		if (event)
			*event = SERIAL_EVENT_CONNECTED;
	}
	return read_some(r, out, outlen, event);
}
