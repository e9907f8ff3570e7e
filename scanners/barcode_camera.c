/* Barcodes from a camera (see barcode.h): a V4L2 capture device read through zbar's
 * video layer, each frame converted to grey and decoded as a picture is. The camera is
 * polled: barcode_camera_poll waits on the device's descriptor with a timeout, so the
 * caller's loop (the UI's) never blocks in the driver. */
#include "scanners/barcode.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>
#include <zbar.h>

#include "i18n/i18n.h"

enum {
	/* libdmtx's search per frame: the next frame is a new chance, and a frame that
	 * takes long makes the picture on screen lag behind the hand holding the page */
	CAMERA_DATAMATRIX_MS = 80,
	/* a symbol reported once is not reported again while it stays in view (seen in a
	 * frame less than this long ago): a page held up for two seconds is one scan */
	CAMERA_HOLD_MS = 2000,
	CAMERA_SEEN = 16,
};

struct seen {
	enum barcode_symbology symbology;
	unsigned char *data;
	size_t len;
	long long at_ms;
};

struct barcode_camera {
	zbar_video_t *video;
	int fd;
	char dev[128];
	int n_seen;
	struct seen seen[CAMERA_SEEN];
};

/* 1 when path is a V4L2 video capture device, 0 when it is not, -errno when it cannot
 * be opened. */
static int probe(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	struct v4l2_capability cap;
	memset(&cap, 0, sizeof(cap));
	int ok =
		fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && ioctl(fd, VIDIOC_QUERYCAP, &cap) == 0;
	close(fd);
	if (!ok)
		return 0;
	/* a device node's own capabilities; capabilities is the whole device's, which may
	 * have a capture node besides this one (a metadata node of a UVC camera does) */
	unsigned caps =
		cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps : cap.capabilities;
	return (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0;
}

int barcode_camera_find(char *dev, size_t len)
{
	DIR *d = opendir("/dev");
	if (!d)
		return 0;
	long best = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "video", 5) != 0 || e->d_name[5] < '0' || e->d_name[5] > '9')
			continue;
		char *end;
		long n = strtol(e->d_name + 5, &end, 10);
		if (*end != '\0' || n < 0 || n > 4096 || (best >= 0 && n >= best))
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/dev/video%ld", n);
		if (probe(path) == 1)
			best = n;
	}
	closedir(d);
	if (best < 0)
		return 0;
	int n = snprintf(dev, len, "/dev/video%ld", best);
	return n > 0 && (size_t)n < len;
}

/* zbar's last error on one line (it formats several, indented). */
static void zbar_reason(const zbar_video_t *video, char *buf, size_t len)
{
	const char *s = zbar_video_error_string(video, 0);
	size_t n = 0;
	int space = 0;
	for (; s && *s && n + 1 < len; s++) {
		if (*s == '\n' || *s == ' ' || *s == '\t') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < len)
			buf[n++] = ' ';
		space = 0;
		buf[n++] = *s;
	}
	buf[n] = '\0';
}

int barcode_camera_open(const char *dev, struct barcode_camera **out, struct error *err)
{
	*out = NULL;
	int p = probe(dev);
	if (p < 0)
		return error_set(err, ERR_IO, _("cannot open the camera '%s': %s"), dev,
				 strerror(-p));
	if (p == 0)
		return error_set(err, ERR_IO,
				 _("'%s' is not a camera; choose a /dev/video device that captures "
				   "video"),
				 dev);
	struct barcode_camera *c = calloc(1, sizeof(*c));
	if (!c)
		return error_set(err, ERR_IO, "%s", _("out of memory reading barcodes"));
	snprintf(c->dev, sizeof(c->dev), "%s", dev);
	c->fd = -1;
	char why[256] = "";
	if (!(c->video = zbar_video_create())) {
		free(c);
		return error_set(err, ERR_IO, "%s", _("out of memory reading barcodes"));
	}
	if (zbar_video_open(c->video, dev) < 0)
		goto fail;
	/* grey as it comes, when the camera has it; else the format zbar converts best */
	if (zbar_video_init(c->video, zbar_fourcc('G', 'R', 'E', 'Y')) < 0 &&
	    zbar_negotiate_format(c->video, NULL) < 0)
		goto fail;
	if (zbar_video_enable(c->video, 1) < 0)
		goto fail;
	c->fd = zbar_video_get_fd(c->video);
	*out = c;
	return 0;
fail:
	zbar_reason(c->video, why, sizeof(why));
	barcode_camera_close(&c);
	return error_set(err, ERR_IO,
			 _("cannot start the camera '%s' (%s); is another program using it?"), dev,
			 why[0] ? why : "zbar");
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Drops from l the symbols reported less than CAMERA_HOLD_MS ago and remembers the
 * rest. 0, or -1 out of memory. */
static int drop_seen(struct barcode_camera *c, struct barcode_list *l)
{
	long long now = now_ms();
	int kept = 0;
	for (int i = 0; i < l->n; i++) {
		struct barcode_symbol *s = &l->items[i];
		struct seen *hit = NULL, *oldest = &c->seen[0];
		for (int k = 0; k < c->n_seen; k++) {
			struct seen *e = &c->seen[k];
			if (e->symbology == s->symbology && e->len == s->len &&
			    memcmp(e->data, s->data, s->len) == 0)
				hit = e;
			if (e->at_ms < oldest->at_ms)
				oldest = e;
		}
		int fresh = !hit || now - hit->at_ms >= CAMERA_HOLD_MS;
		if (!hit) {
			hit = c->n_seen < CAMERA_SEEN ? &c->seen[c->n_seen++] : oldest;
			free(hit->data);
			hit->data = malloc(s->len + 1);
			if (!hit->data) {
				hit->len = 0;
				hit->at_ms = 0;
				return -1;
			}
			memcpy(hit->data, s->data, s->len + 1);
			hit->symbology = s->symbology;
			hit->len = s->len;
		}
		hit->at_ms = now;
		if (fresh)
			l->items[kept++] = *s;
		else
			free(s->data);
	}
	l->n = kept;
	if (kept == 0) { /* "nothing yet" owns nothing */
		free(l->items);
		l->items = NULL;
	}
	return 0;
}

int barcode_camera_poll(struct barcode_camera *c, int timeout_ms, struct barcode_list *out,
			struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (!c)
		return error_set(err, ERR_USAGE, "%s", _("the camera is not open"));
	if (c->fd >= 0) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int r = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
		if (r < 0 && errno != EINTR)
			return error_set(err, ERR_IO, _("the camera '%s' stopped: %s"), c->dev,
					 strerror(errno));
		if (r <= 0)
			return 0;
		if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
			return error_set(err, ERR_IO, _("the camera '%s' stopped: %s"), c->dev,
					 _("it was unplugged or failed"));
	}
	/* without a descriptor (a driver zbar reads with read()) this waits for a frame */
	zbar_image_t *frame = zbar_video_next_image(c->video);
	if (!frame) {
		char why[256] = "";
		zbar_reason(c->video, why, sizeof(why));
		return error_set(err, ERR_IO, _("the camera '%s' stopped: %s"), c->dev,
				 why[0] ? why : _("it was unplugged or failed"));
	}
	zbar_image_t *grey = zbar_image_convert(frame, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_destroy(frame); /* gives the buffer back to the driver */
	if (!grey)
		return error_set(err, ERR_IO, "%s", _("out of memory reading barcodes"));
	unsigned w = zbar_image_get_width(grey), h = zbar_image_get_height(grey);
	const unsigned char *px = zbar_image_get_data(grey);
	int rc = px && w > 0 && h > 0 && zbar_image_get_data_length(grey) >= (unsigned long)w * h
			 ? barcode_decode_grey_budget(px, (int)w, (int)h, w, CAMERA_DATAMATRIX_MS,
						      out, err)
			 : error_set(err, ERR_IO, _("the camera '%s' stopped: %s"), c->dev,
				     _("it sent an empty frame"));
	zbar_image_destroy(grey);
	if (rc < 0)
		return rc;
	if (drop_seen(c, out) < 0) {
		barcode_list_free(out);
		return error_set(err, ERR_IO, "%s", _("out of memory reading barcodes"));
	}
	return out->n > 0;
}

void barcode_camera_close(struct barcode_camera **c)
{
	if (!c || !*c)
		return;
	if ((*c)->video) {
		zbar_video_enable((*c)->video, 0);
		zbar_video_destroy((*c)->video); /* closes the device */
	}
	for (int i = 0; i < (*c)->n_seen; i++)
		free((*c)->seen[i].data);
	free(*c);
	*c = NULL;
}
