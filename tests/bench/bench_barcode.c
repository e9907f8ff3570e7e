/* Benchmark: barcode decoding time per picture (scanners/barcode.c), for pictures like
 * the ones a document camera takes: a 640×480 frame and a 1920×1080 photo of a page
 * with lines of print, sensor noise and a little blur, holding a QR code of a 300-byte
 * payload, a DataMatrix seal of 120 binary bytes (0xDC first, as an ICAO VDS), or no
 * symbol at all (where libdmtx searches until its time budget runs out). The symbols
 * are made by qrencode and dmtxwrite at bench time. Files (PNG, and JPEG for the seal)
 * go through barcode_decode_memory; "camera frame" is the same picture as grey pixels
 * with the camera's 80 ms DataMatrix budget. Prints median and p95 over N runs and
 * whether each run found the symbol; asserts nothing (make bench).
 *   build/bench/bench_barcode [RUNS] */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "scanners/barcode.h"
#include "bench_util.h"

extern char **environ;

static char dir[] = "/tmp/shekara-bench-barcode-XXXXXX";
static void die(const char *what)
{
	fprintf(stderr, "bench_barcode: %s\n", what);
	exit(1);
}

/* Runs argv[0] from PATH, no shell; its output to /dev/null. */
static void run(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int status;
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		die(argv[0]);
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(argv[0]);
}

static void write_file(const char *path, const unsigned char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die(path);
}

struct grey {
	int w, h;
	unsigned char *px;
};

static struct grey read_png(const char *path)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		die(path);
	img.format = PNG_FORMAT_GRAY;
	struct grey g = { (int)img.width, (int)img.height, malloc(PNG_IMAGE_SIZE(img)) };
	if (!g.px || !png_image_finish_read(&img, NULL, g.px, 0, NULL))
		die(path);
	return g;
}

/* A page: paper, lines of print (glyph-sized dark marks, as an MRZ or a visa's text
 * has) except where the symbol goes, then the symbol pasted at (sx, sy). */
static struct grey page(int w, int h, const struct grey *sym, int sx, int sy)
{
	struct grey g = { w, h, malloc((size_t)w * (size_t)h) };
	if (!g.px)
		die("out of memory");
	for (int i = 0; i < w * h; i++)
		g.px[i] = (unsigned char)(196 + (i / w) * 30 / h); /* uneven light */
	int glyph = h / 48 > 4 ? h / 48 : 4;
	for (int y = glyph * 2; y + glyph < h - glyph; y += glyph * 2) {
		for (int x = glyph; x + glyph < w - glyph; x += glyph * 3 / 4 + 1) {
			if (rnd() % 7 == 0)
				continue; /* a space */
			int gw = glyph / 2 + (int)(rnd() % (unsigned)(glyph / 3 + 1));
			if (sym && x + gw > sx - glyph && x < sx + sym->w + glyph &&
			    y + glyph > sy - glyph && y < sy + sym->h + glyph)
				continue;
			for (int yy = y; yy < y + glyph; yy++)
				for (int xx = x; xx < x + gw && xx < w; xx++)
					if (rnd() % 3)
						g.px[(size_t)yy * (size_t)w + (size_t)xx] = 40;
		}
	}
	if (sym)
		for (int y = 0; y < sym->h; y++)
			for (int x = 0; x < sym->w; x++)
				g.px[(size_t)(sy + y) * (size_t)w + (size_t)(sx + x)] =
					sym->px[(size_t)y * (size_t)sym->w + (size_t)x] < 128 ? 30
											      : 225;
	/* optics: a 3-tap blur each way, then sensor noise of ±8 */
	unsigned char *row = malloc((size_t)(w > h ? w : h));
	for (int y = 0; y < h; y++) {
		unsigned char *p = g.px + (size_t)y * (size_t)w;
		memcpy(row, p, (size_t)w);
		for (int x = 1; x + 1 < w; x++)
			p[x] = (unsigned char)((row[x - 1] + 2 * row[x] + row[x + 1]) / 4);
	}
	for (int x = 0; x < w; x++) {
		for (int y = 0; y < h; y++)
			row[y] = g.px[(size_t)y * (size_t)w + (size_t)x];
		for (int y = 1; y + 1 < h; y++)
			g.px[(size_t)y * (size_t)w + (size_t)x] =
				(unsigned char)((row[y - 1] + 2 * row[y] + row[y + 1]) / 4);
	}
	free(row);
	for (int i = 0; i < w * h; i++) {
		int v = g.px[i] + (int)(rnd() % 17) - 8;
		g.px[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	return g;
}

static unsigned char *encode_png(const struct grey *g, size_t *len)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)g->w;
	img.height = (png_uint_32)g->h;
	img.format = PNG_FORMAT_GRAY;
	png_alloc_size_t n = 0;
	if (!png_image_write_to_memory(&img, NULL, &n, 0, g->px, 0, NULL))
		die("png size");
	unsigned char *buf = malloc(n);
	if (!buf || !png_image_write_to_memory(&img, buf, &n, 0, g->px, 0, NULL))
		die("png");
	*len = n;
	return buf;
}

/* A camera's JPEG (quality 85), for the photo-sized frames. */
static unsigned char *encode_jpeg(const struct grey *g, size_t *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *buf = NULL;
	unsigned long n = 0;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &buf, &n);
	c.image_width = (JDIMENSION)g->w;
	c.image_height = (JDIMENSION)g->h;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 85, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW r = g->px + (size_t)c.next_scanline * (size_t)g->w;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*len = n;
	return buf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void bench(const char *label, const unsigned char *file, size_t len,
		  enum barcode_symbology want, const unsigned char *payload, size_t payload_len,
		  int runs)
{
	double *t = malloc(sizeof(*t) * (size_t)runs);
	int found = 0;
	for (int i = 0; i < runs; i++) {
		struct barcode_list l;
		struct error err;
		double t0 = now_ms();
		if (barcode_decode_memory(file, len, &l, &err) < 0)
			die(err.msg);
		t[i] = now_ms() - t0;
		for (int k = 0; k < l.n; k++)
			if (l.items[k].symbology == want && l.items[k].len == payload_len &&
			    memcmp(l.items[k].data, payload, payload_len) == 0)
				found++;
		if (!payload && l.n == 0)
			found++;
		barcode_list_free(&l);
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("barcode decode %s: median %.1f ms, p95 %.1f ms (%d runs, %s %d/%d, %zu bytes)\n",
	       label, t[(runs - 1) / 2], t[(runs * 95 + 99) / 100 - 1], runs,
	       payload ? "decoded" : "nothing found", found, runs, len);
	free(t);
}

/* A camera frame: grey pixels in, the camera's shorter DataMatrix budget
 * (barcode_camera.c: 80 ms). */
static void bench_frame(const char *label, const struct grey *g, enum barcode_symbology want,
			const unsigned char *payload, size_t payload_len, int runs)
{
	double *t = malloc(sizeof(*t) * (size_t)runs);
	int found = 0;
	for (int i = 0; i < runs; i++) {
		struct barcode_list l;
		struct error err;
		double t0 = now_ms();
		if (barcode_decode_grey_budget(g->px, g->w, g->h, (size_t)g->w, 80, &l, &err) < 0)
			die(err.msg);
		t[i] = now_ms() - t0;
		for (int k = 0; k < l.n; k++)
			if (l.items[k].symbology == want && l.items[k].len == payload_len &&
			    memcmp(l.items[k].data, payload, payload_len) == 0)
				found++;
		barcode_list_free(&l);
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("barcode decode %s: median %.1f ms, p95 %.1f ms (%d runs, decoded %d/%d)\n", label,
	       t[(runs - 1) / 2], t[(runs * 95 + 99) / 100 - 1], runs, found, runs);
	free(t);
}

static void bench_size(int w, int h, const struct grey *qr, const unsigned char *qr_payload,
		       size_t qr_len, const struct grey *dm, const unsigned char *dm_payload,
		       size_t dm_len, int runs)
{
	char label[64];
	size_t len;
	/* the QR left of the middle, the seal in the lower right, as on a visa sticker */
	struct grey g = page(w, h, qr, w / 6, h / 2 - qr->h / 2);
	unsigned char *file = encode_png(&g, &len);
	snprintf(label, sizeof(label), "%dx%d QR", w, h);
	bench(label, file, len, BARCODE_QR, qr_payload, qr_len, runs);
	snprintf(label, sizeof(label), "%dx%d QR, camera frame", w, h);
	bench_frame(label, &g, BARCODE_QR, qr_payload, qr_len, runs);
	free(file);
	free(g.px);

	g = page(w, h, dm, w - dm->w - w / 8, h - dm->h - h / 8);
	file = encode_png(&g, &len);
	snprintf(label, sizeof(label), "%dx%d DataMatrix", w, h);
	bench(label, file, len, BARCODE_DATAMATRIX, dm_payload, dm_len, runs);
	free(file);
	file = encode_jpeg(&g, &len);
	snprintf(label, sizeof(label), "%dx%d DataMatrix (JPEG)", w, h);
	bench(label, file, len, BARCODE_DATAMATRIX, dm_payload, dm_len, runs);
	free(file);
	snprintf(label, sizeof(label), "%dx%d DataMatrix, camera frame", w, h);
	bench_frame(label, &g, BARCODE_DATAMATRIX, dm_payload, dm_len, runs);
	free(g.px);

	g = page(w, h, NULL, 0, 0);
	file = encode_png(&g, &len);
	snprintf(label, sizeof(label), "%dx%d no symbol", w, h);
	bench(label, file, len, BARCODE_OTHER, NULL, 0, runs);
	free(file);
	free(g.px);
}

/* The symbol of payload with a module of px pixels, by qrencode or dmtxwrite. */
static struct grey symbol(int datamatrix, const unsigned char *payload, size_t len, int px)
{
	char in[64], out[64], size[16];
	snprintf(in, sizeof(in), "%s/payload", dir);
	snprintf(out, sizeof(out), "%s/symbol.png", dir);
	snprintf(size, sizeof(size), "%d", px);
	write_file(in, payload, len);
	if (datamatrix) {
		char *argv[] = {
			"dmtxwrite", "-e", "8", "-d", size, "-m", size, "-o", out, in, NULL
		};
		run(argv);
	} else {
		char *argv[] = { "qrencode", "-8", "-l", "M",  "-s", size, "-m",
				 "1",        "-r", in,   "-o", out,  NULL };
		run(argv);
	}
	struct grey g = read_png(out);
	unlink(in);
	unlink(out);
	return g;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 30;
	if (runs < 1 || !mkdtemp(dir))
		die("usage: bench_barcode [RUNS]");
	/* a URL with a signed token, as a QR on a visa or a boarding pass carries */
	unsigned char qr_payload[300];
	for (size_t i = 0; i < sizeof(qr_payload); i++)
		qr_payload[i] = (unsigned char)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy"
					       "z0123456789-_"[rnd() % 64];
	memcpy(qr_payload, "https://visa.example/v?t=", 25);
	/* an ICAO VDS: magic 0xDC, header, message, signature: binary */
	unsigned char dm_payload[120];
	for (size_t i = 0; i < sizeof(dm_payload); i++)
		dm_payload[i] = (unsigned char)rnd();
	dm_payload[0] = 0xdc;

	/* 640×480: a document camera over a visa page, modules of 3 pixels; 1920×1080: a
	 * photo of the page, modules of 5 (QR) and 6 (seal) pixels */
	struct grey qr = symbol(0, qr_payload, sizeof(qr_payload), 3);
	struct grey dm = symbol(1, dm_payload, sizeof(dm_payload), 3);
	bench_size(640, 480, &qr, qr_payload, sizeof(qr_payload), &dm, dm_payload,
		   sizeof(dm_payload), runs);
	free(qr.px);
	free(dm.px);
	qr = symbol(0, qr_payload, sizeof(qr_payload), 5);
	dm = symbol(1, dm_payload, sizeof(dm_payload), 6);
	bench_size(1920, 1080, &qr, qr_payload, sizeof(qr_payload), &dm, dm_payload,
		   sizeof(dm_payload), runs);
	free(qr.px);
	free(dm.px);
	rmdir(dir);
	return 0;
}
