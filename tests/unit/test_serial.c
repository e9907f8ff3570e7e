/* scanners/serial.c: an MRZ reader on a tty, driven through a pseudo-terminal pair. The
 * test writes to the master what a reader would send; the reader opens the slave. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <time.h>

#include "scanners/mrz_lines.h"
#include "scanners/serial.h"

#define TD3_1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
#define TD2_1 "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
#define TD2_2 "D231458907UTO7408122F1204159<<<<<<<6"
#define TD1_1 "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_2 "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_3 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"

/* Long enough for a loaded machine under ASan; the loops end as soon as the awaited
 * thing happens. */
enum { WAIT_MS = 5000 };

struct pty {
	int master;
	int slave; /* the test's own descriptor on the slave, for tcgetattr() */
	char path[128];
};

static void pty_open(struct pty *p)
{
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0)
		fail_msg("posix_openpt: %s", strerror(errno));
	if (grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
	    ptsname_r(p->master, p->path, sizeof(p->path)) != 0)
		fail_msg("cannot set up the pseudo-terminal: %s", strerror(errno));
	p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0)
		fail_msg("cannot open '%s': %s", p->path, strerror(errno));
}

/* The reader is unplugged: both ends go away. */
static void pty_hang_up(struct pty *p)
{
	if (p->slave >= 0)
		close(p->slave);
	if (p->master >= 0)
		close(p->master);
	p->slave = p->master = -1;
}

static void pty_write(struct pty *p, const char *s)
{
	size_t len = strlen(s);
	if (write(p->master, s, len) != (ssize_t)len)
		fail_msg("cannot write to the pseudo-terminal: %s", strerror(errno));
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void config(struct serial_config *cfg, const char *device, const char *baud,
		   const char *format)
{
	struct error err;
	error_clear(&err);
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->device, sizeof(cfg->device), "%s", device);
	TU_OK(serial_parse_settings(baud, format, cfg, &err), &err);
}

static struct serial_reader *open_reader(const char *device)
{
	struct serial_config cfg;
	struct serial_reader *r = NULL;
	struct error err;
	error_clear(&err);
	config(&cfg, device, "9600", "8N1");
	TU_OK(serial_open(&cfg, &r, &err), &err);
	assert_non_null(r);
	return r;
}

/* Waits the way the workstation's loop does: poll() on the reader's descriptor, or a
 * short timeout while it has none, then serial_poll(). Stops at a document (1), at the
 * awaited event, or after WAIT_MS (0). */
static int wait_for(struct serial_reader *r, char *out, enum serial_event want,
		    enum serial_event *seen)
{
	int64_t end = now_ms() + WAIT_MS;
	*seen = SERIAL_EVENT_NONE;
	while (now_ms() < end) {
		struct pollfd p = { .fd = serial_fd(r), .events = POLLIN };
		if (p.fd >= 0)
			poll(&p, 1, 100);
		else
			poll(NULL, 0, 50);
		enum serial_event ev;
		struct error err;
		error_clear(&err);
		int rc = serial_poll(r, out, MRZ_LINES_TEXT_MAX + 1, &ev, &err);
		if (rc < 0)
			fail_msg("serial_poll: %s", err.msg);
		if (ev != SERIAL_EVENT_NONE)
			*seen = ev;
		if (rc == 1)
			return 1;
		if (want != SERIAL_EVENT_NONE && ev == want)
			return 0;
	}
	return 0;
}

static void expect_document(struct serial_reader *r, const char *doc)
{
	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	if (wait_for(r, out, SERIAL_EVENT_NONE, &ev) != 1)
		fail_msg("no document within %d ms", WAIT_MS);
	assert_string_equal(out, doc);
}

static void test_document_written_in_pieces_with_cr_arrives(void **state)
{
	(void)state;
	struct pty p;
	pty_open(&p);
	struct serial_reader *r = open_reader(p.path);
	assert_true(serial_connected(r));
	assert_true(serial_fd(r) >= 0);

	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	struct error err;
	error_clear(&err);
	/* the open made by serial_open() is reported by the first poll */
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(ev, SERIAL_EVENT_CONNECTED);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(ev, SERIAL_EVENT_NONE);

	const char *pieces[] = { "P<UTOERIK", "SSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r",
				 "L898902C36UTO7408122F12", "04159ZE184226B<<<<<10" };
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		pty_write(&p, pieces[i]);
		struct pollfd pfd = { .fd = serial_fd(r), .events = POLLIN };
		assert_int_equal(poll(&pfd, 1, WAIT_MS), 1);
		assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	}
	pty_write(&p, "\r");
	expect_document(r, TD3_1 "\n" TD3_2);
	serial_close(&r);
	assert_null(r);
	pty_hang_up(&p);
}

static void test_documents_written_together_are_returned_one_by_one(void **state)
{
	(void)state;
	struct pty p;
	pty_open(&p);
	struct serial_reader *r = open_reader(p.path);
	pty_write(&p,
		  "\x02" TD2_1 "\r\n" TD2_2 "\r\n\x03\r\n" TD1_1 "\r\n" TD1_2 "\r\n" TD1_3 "\r\n");
	expect_document(r, TD2_1 "\n" TD2_2);
	expect_document(r, TD1_1 "\n" TD1_2 "\n" TD1_3);
	char out[MRZ_LINES_TEXT_MAX + 1];
	struct error err;
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), NULL, &err), 0);
	serial_close(&r);
	pty_hang_up(&p);
}

static void test_hang_up_reports_lost_once_and_disconnects(void **state)
{
	(void)state;
	struct pty p;
	pty_open(&p);
	struct serial_reader *r = open_reader(p.path);
	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	struct error err;
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(ev, SERIAL_EVENT_CONNECTED);
	/* half a document, then the cable is pulled */
	pty_write(&p, TD3_1 "\r");
	pty_hang_up(&p);
	assert_int_equal(wait_for(r, out, SERIAL_EVENT_LOST, &ev), 0);
	assert_int_equal(ev, SERIAL_EVENT_LOST);
	assert_int_equal(serial_fd(r), -1);
	assert_false(serial_connected(r));
	/* once: later polls are quiet, and the device being gone is no error */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
		assert_int_equal(ev, SERIAL_EVENT_NONE);
	}
	assert_int_equal(err.code, ERR_OK);
	serial_close(&r);
}

static void test_replugged_reader_is_reopened_after_a_second(void **state)
{
	(void)state;
	/* a stable name, as /dev/serial/by-id/... or /dev/ttyUSB0 is for a real reader */
	char link[4096];
	tu_path(link, sizeof(link), "reader");
	struct pty p;
	pty_open(&p);
	if (symlink(p.path, link) < 0)
		fail_msg("symlink: %s", strerror(errno));
	struct serial_reader *r = open_reader(link);
	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	struct error err;
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(ev, SERIAL_EVENT_CONNECTED);

	pty_hang_up(&p);
	unlink(link);
	assert_int_equal(wait_for(r, out, SERIAL_EVENT_LOST, &ev), 0);
	assert_int_equal(ev, SERIAL_EVENT_LOST);
	int64_t lost_at = now_ms();

	/* plugged in again at once; the reader looks at most once a second */
	pty_open(&p);
	if (symlink(p.path, link) < 0)
		fail_msg("symlink: %s", strerror(errno));
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	if (now_ms() - lost_at < 900)
		assert_false(serial_connected(r));
	assert_int_equal(wait_for(r, out, SERIAL_EVENT_CONNECTED, &ev), 0);
	assert_int_equal(ev, SERIAL_EVENT_CONNECTED);
	assert_true(now_ms() - lost_at >= 900);
	assert_true(serial_connected(r));

	pty_write(&p, TD1_1 "\r" TD1_2 "\r" TD1_3 "\r");
	expect_document(r, TD1_1 "\n" TD1_2 "\n" TD1_3);
	serial_close(&r);
	pty_hang_up(&p);
	unlink(link);
}

static void test_missing_device_starts_disconnected_without_error(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "ttyUSB9");
	struct serial_reader *r = open_reader(path);
	assert_false(serial_connected(r));
	assert_int_equal(serial_fd(r), -1);
	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	struct error err;
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(ev, SERIAL_EVENT_NONE);
	assert_int_equal(err.code, ERR_OK);
	serial_close(&r);
	/* no device configured at all: never connects, never complains */
	r = open_reader("");
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(serial_fd(r), -1);
	assert_int_equal(err.code, ERR_OK);
	serial_close(&r);
	serial_close(&r); /* NULL is fine */
}

static void not_a_serial_device(const char *path)
{
	int64_t start = now_ms();
	struct serial_reader *r = open_reader(path);
	assert_false(serial_connected(r));
	assert_int_equal(serial_fd(r), -1);
	char out[MRZ_LINES_TEXT_MAX + 1];
	enum serial_event ev;
	struct error err;
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), -ERR_IO);
	assert_int_equal(ev, SERIAL_EVENT_NONE);
	TU_CONTAINS(err.msg, path);
	TU_CONTAINS(err.msg, "not a serial device");
	/* said once, not every second */
	error_clear(&err);
	assert_int_equal(serial_poll(r, out, sizeof(out), &ev, &err), 0);
	assert_int_equal(err.code, ERR_OK);
	assert_false(serial_connected(r));
	serial_close(&r);
	assert_true(now_ms() - start < 2000);
}

static void test_regular_file_or_dev_null_is_refused_without_hanging(void **state)
{
	(void)state;
	char path[4096];
	tu_path(path, sizeof(path), "not-a-tty");
	tu_write_file(path, "P<UTO\n", 6);
	not_a_serial_device(path);
	not_a_serial_device("/dev/null");
}

static void test_bad_configuration_is_refused(void **state)
{
	(void)state;
	struct serial_config good, cfg;
	struct serial_reader *r = (struct serial_reader *)&good;
	struct error err;
	config(&good, "/dev/ttyUSB0", "9600", "8N1");

	cfg = good;
	cfg.baud = 12345;
	assert_int_equal(serial_open(&cfg, &r, &err), -ERR_USAGE);
	assert_null(r);
	TU_CONTAINS(err.msg, "12345");
	cfg = good;
	cfg.parity = 'X';
	assert_int_equal(serial_open(&cfg, &r, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "8X1");
	cfg = good;
	cfg.data_bits = 9;
	assert_int_equal(serial_open(&cfg, &r, &err), -ERR_USAGE);
	cfg = good;
	memset(cfg.device, 'x', sizeof(cfg.device));
	assert_int_equal(serial_open(&cfg, &r, &err), -ERR_USAGE);
	assert_null(r);
}

static void test_parse_settings_accepts_standard_formats(void **state)
{
	(void)state;
	struct serial_config cfg = { .baud = 1200, .parity = 'E', .data_bits = 7 };
	struct error err;
	error_clear(&err);
	TU_OK(serial_parse_settings("9600", "8N1", &cfg, &err), &err);
	assert_int_equal(cfg.baud, 9600);
	assert_int_equal(cfg.parity, 'N');
	assert_int_equal(cfg.data_bits, 8);
	TU_OK(serial_parse_settings("19200", "7E1", &cfg, &err), &err);
	assert_int_equal(cfg.baud, 19200);
	assert_int_equal(cfg.parity, 'E');
	assert_int_equal(cfg.data_bits, 7);
	TU_OK(serial_parse_settings("115200", "7o1", &cfg, &err), &err);
	assert_int_equal(cfg.baud, 115200);
	assert_int_equal(cfg.parity, 'O');
	/* NULL leaves that part alone */
	TU_OK(serial_parse_settings(NULL, "8N1", &cfg, &err), &err);
	assert_int_equal(cfg.baud, 115200);
	TU_OK(serial_parse_settings("1200", NULL, &cfg, &err), &err);
	assert_int_equal(cfg.baud, 1200);
	assert_int_equal(cfg.parity, 'N');
}

static void test_parse_settings_refuses_odd_ones(void **state)
{
	(void)state;
	const char *speeds[] = { "12345", "",      "9600 ", " 9600",   "-9600",
				 "+9600", "96OO",  "0",     "0009600", "96000000000000000000",
				 "110",   "230400" };
	const char *formats[] = { "9N1", "8X1", "8N2", "8N", "8N1 ", "", "8n1x", "6N1" };
	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		struct serial_config cfg = { .baud = 4800, .parity = 'N', .data_bits = 8 };
		struct error err;
		error_clear(&err);
		if (serial_parse_settings(speeds[i], "8N1", &cfg, &err) != -ERR_USAGE)
			fail_msg("speed '%s' was accepted", speeds[i]);
		assert_int_equal(cfg.baud, 4800);
		TU_CONTAINS(err.msg, "9600");
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct serial_config cfg = { .baud = 4800, .parity = 'N', .data_bits = 8 };
		struct error err;
		error_clear(&err);
		if (serial_parse_settings("9600", formats[i], &cfg, &err) != -ERR_USAGE)
			fail_msg("format '%s' was accepted", formats[i]);
		assert_int_equal(cfg.baud, 4800);
		TU_CONTAINS(err.msg, "8N1");
	}
}

/* The pseudo-terminal driver forces CS8 without parity whatever is asked
 * (drivers/tty/pty.c), so the frame is checked where it shows: the size and parity the
 * reader asked for cannot be read back, the input parity check (INPCK) can. */
static void expect_settings(const char *baud, const char *format, speed_t speed, int parity)
{
	struct pty p;
	pty_open(&p);
	struct serial_config cfg;
	struct serial_reader *r = NULL;
	struct error err;
	error_clear(&err);
	config(&cfg, p.path, baud, format);
	TU_OK(serial_open(&cfg, &r, &err), &err);
	assert_true(serial_connected(r));

	struct termios t;
	assert_int_equal(tcgetattr(p.slave, &t), 0);
	assert_int_equal(cfgetospeed(&t), speed);
	assert_int_equal(cfgetispeed(&t), speed);
	assert_int_equal(!!(t.c_iflag & INPCK), parity);
	assert_int_equal(t.c_cflag & CSTOPB, 0);
	assert_int_equal(t.c_cflag & (CLOCAL | CREAD), CLOCAL | CREAD);
	assert_int_equal(t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0);
	assert_int_equal(t.c_iflag & (ICRNL | INLCR | IGNCR | IXON | ISTRIP), 0);
	assert_int_equal(t.c_oflag & OPOST, 0);
	assert_int_equal(t.c_cc[VMIN], 0);
	assert_int_equal(t.c_cc[VTIME], 0);
	serial_close(&r);
	pty_hang_up(&p);
}

static void test_settings_are_applied_to_the_tty(void **state)
{
	(void)state;
	expect_settings("19200", "7E1", B19200, 1);
	expect_settings("9600", "8N1", B9600, 0);
	expect_settings("1200", "7O1", B1200, 1);
	expect_settings("115200", "8E1", B115200, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_written_in_pieces_with_cr_arrives),
		cmocka_unit_test(test_documents_written_together_are_returned_one_by_one),
		cmocka_unit_test(test_hang_up_reports_lost_once_and_disconnects),
		cmocka_unit_test(test_replugged_reader_is_reopened_after_a_second),
		cmocka_unit_test(test_missing_device_starts_disconnected_without_error),
		cmocka_unit_test(test_regular_file_or_dev_null_is_refused_without_hanging),
		cmocka_unit_test(test_bad_configuration_is_refused),
		cmocka_unit_test(test_parse_settings_accepts_standard_formats),
		cmocka_unit_test(test_parse_settings_refuses_odd_ones),
		cmocka_unit_test(test_settings_are_applied_to_the_tty),
	};
	return cmocka_run_group_tests_name("serial", tests, NULL, NULL);
}
