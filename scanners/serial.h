/* An MRZ reader on a serial or USB-serial line (/dev/ttyUSB0, /dev/ttyACM0).
 *
 * The reader may be unplugged and plugged in again at any time, or be missing when the
 * workstation starts: the device is then simply disconnected, and serial_poll() tries
 * to open it again (at most once a second) until it is back. The text it sends is
 * assembled into documents by scanners/mrz_lines.h.
 *
 * Use: serial_open() once; wait with poll() on serial_fd() when it is not -1, and wake
 * at least once a second while it is -1; call serial_poll() after every wake-up until it
 * returns 0 (several documents may arrive together); serial_close() at the end. */
#ifndef SHEKARA_SERIAL_H
#define SHEKARA_SERIAL_H

#include <stddef.h>

#include "scanners/error.h"

struct serial_config {
	char device[256]; /* "/dev/ttyUSB0"; empty: no serial reader configured */
	int baud;         /* 1200..115200, standard rates only */
	char parity;      /* 'N', 'E' or 'O' */
	int data_bits;    /* 7 or 8 */
};

struct serial_reader;

/* Never fails because the device is absent: a missing or unplugged reader just leaves
 * the reader disconnected, and serial_poll() tries again until it appears. With an
 * empty device the reader stays disconnected and never tries. Fails (-ERR_USAGE) only
 * for a bad configuration (unsupported baud, parity, data bits), or -ERR_IO when out of
 * memory. One stop bit, no flow control. */
int serial_open(const struct serial_config *cfg, struct serial_reader **out, struct error *err);
/* Closes the device, frees *r and sets it to NULL; *r may be NULL. */
void serial_close(struct serial_reader **r);

/* File descriptor to wait on with poll() (POLLIN), or -1 while disconnected. */
int serial_fd(const struct serial_reader *r);
int serial_connected(const struct serial_reader *r);

enum serial_event { SERIAL_EVENT_NONE, SERIAL_EVENT_CONNECTED, SERIAL_EVENT_LOST };

/* Non-blocking: reopens the device if due, reads what is available, and returns 1 with
 * a complete MRZ text in out (as mrz_lines_feed: out needs MRZ_LINES_TEXT_MAX + 1
 * bytes), 0 when nothing is complete yet. A read error or hang-up (EIO, ENXIO, ENODEV,
 * POLLHUP) closes the device and returns to the disconnected state, reported once
 * through *event (which may be NULL) as SERIAL_EVENT_LOST; a successful (re)open
 * reports SERIAL_EVENT_CONNECTED (the first poll after serial_open() reports the open
 * that serial_open() made). A partial document is discarded when the line is lost.
 *
 * Returns -ERR_IO with a message when the device exists but cannot be used (not a
 * serial device, permission denied, in use by another program, settings refused),
 * once for each such failure in a row; it keeps trying once a second all the same. */
int serial_poll(struct serial_reader *r, char *out, size_t outlen, enum serial_event *event,
		struct error *err);

/* Parses "9600"-style speeds and "8N1"-style formats ("8N1", "7E1", "7O1"; data bits 7
 * or 8, parity N, E or O, one stop bit) into cfg, for the configuration file and the
 * command line. Either string may be NULL to leave that part of cfg as it is. Returns 0
 * or -ERR_USAGE; cfg is changed only on success. */
int serial_parse_settings(const char *baud, const char *format, struct serial_config *cfg,
			  struct error *err);

#endif
