/* scanners/barcode.c and barcode_camera.c: every symbol in a PNG or JPEG read with its
 * bytes intact, DataMatrix seals included, and bad files refused with a reason. The
 * pictures are made here, at test time, by qrencode, zint, dmtxwrite and cjpeg (run
 * without a shell) and by libdmtx's and libpng's own encoders. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <dmtx.h>
#include <png.h>

#include "scanners/barcode.h"

extern char **environ;

static char tmpdir[512];
static int own_tmpdir; /* made by mkdtemp here: removed at the end */

/* --- helpers ---------------------------------------------------------------------- */

static const char *tmp_path(const char *name)
{
	static char path[4][600];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

/* Runs a tool from PATH, no shell, with its output discarded; stdin from a file when
 * in is not NULL. Fails the test unless it exits 0. */
static void run_tool(const char *in, const char *out_file, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_file ? out_file : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		fail_msg("cannot run %s: %s", argv[0], strerror(rc));
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s failed", argv[0]);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
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
	assert_true(png_image_begin_read_from_file(&img, path));
	img.format = PNG_FORMAT_GRAY;
	struct grey g = { (int)img.width, (int)img.height, malloc(PNG_IMAGE_SIZE(img)) };
	assert_non_null(g.px);
	assert_true(png_image_finish_read(&img, NULL, g.px, 0, NULL));
	return g;
}

static void write_png(const char *path, png_uint_32 format, int w, int h, const void *px,
		      const void *colormap, int colormap_entries)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = format;
	img.colormap_entries = (png_uint_32)colormap_entries;
	assert_true(png_image_write_to_file(&img, path, 0, px, 0, colormap));
}

/* A white canvas with pictures pasted on it. */
static struct grey canvas(int w, int h)
{
	struct grey g = { w, h, malloc((size_t)w * (size_t)h) };
	assert_non_null(g.px);
	memset(g.px, 255, (size_t)w * (size_t)h);
	return g;
}

static void paste(struct grey *dst, const struct grey *src, int x0, int y0)
{
	assert_true(x0 + src->w <= dst->w && y0 + src->h <= dst->h);
	for (int y = 0; y < src->h; y++)
		memcpy(dst->px + (size_t)(y0 + y) * (size_t)dst->w + (size_t)x0,
		       src->px + (size_t)y * (size_t)src->w, (size_t)src->w);
}

static const char *qrencode_png(const char *name, const void *payload, size_t len, int binary)
{
	const char *in = tmp_path("qr-payload"), *out = tmp_path(name);
	write_file(in, payload, len);
	char *argv[] = { "qrencode",
			 binary ? "-8" : "-l",
			 binary ? "-lM" : "M",
			 "-s",
			 "4",
			 "-r",
			 (char *)in,
			 "-o",
			 (char *)out,
			 NULL };
	run_tool(NULL, NULL, argv);
	return out;
}

static const char *dmtxwrite_png(const char *name, const void *payload, size_t len,
				 const char *encoding)
{
	const char *in = tmp_path("dm-payload"), *out = tmp_path(name);
	write_file(in, payload, len);
	char *argv[] = { "dmtxwrite", "-e", (char *)encoding, "-o", (char *)out, (char *)in, NULL };
	run_tool(NULL, NULL, argv);
	return out;
}

/* Decodes the file and expects exactly one symbol of that kind and those bytes. */
static void assert_file_holds(const char *path, enum barcode_symbology s, const void *data,
			      size_t len)
{
	struct barcode_list l;
	struct error err;
	error_clear(&err);
	if (barcode_decode_file(path, &l, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].symbology, s);
	assert_int_equal(l.items[0].len, len);
	assert_memory_equal(l.items[0].data, data, len);
	assert_int_equal(l.items[0].data[len], '\0');
	assert_true(l.width > 0 && l.height > 0);
	barcode_list_free(&l);
}

static int holds(const struct barcode_list *l, enum barcode_symbology s, const void *data,
		 size_t len)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].symbology == s && l->items[i].len == len &&
		    memcmp(l->items[i].data, data, len) == 0)
			return 1;
	return 0;
}

/* --- symbols ---------------------------------------------------------------------- */

static void test_text_qr_decodes(void **state)
{
	(void)state;
	const char *text = "https://visa.example/check?n=AB1234567";
	assert_file_holds(qrencode_png("text-qr.png", text, strlen(text), 0), BARCODE_QR, text,
			  strlen(text));
}

/* Without ZBAR_CFG_BINARY zbar would guess a character set and return UTF-8 text. */
static void test_binary_qr_comes_back_as_the_raw_bytes(void **state)
{
	(void)state;
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	assert_file_holds(qrencode_png("binary-qr.png", all, sizeof(all), 1), BARCODE_QR, all,
			  sizeof(all));
}

static void test_code128_from_zint_decodes(void **state)
{
	(void)state;
	const char *out = tmp_path("code128.png");
	char *argv[] = { "zint", "-b", "20", "-d", "SHK-2024-0042", "-o", (char *)out, NULL };
	run_tool(NULL, NULL, argv);
	assert_file_holds(out, BARCODE_CODE128, "SHK-2024-0042", 13);
}

static void test_ean13_comes_back_with_its_check_digit(void **state)
{
	(void)state;
	const char *out = tmp_path("ean13.png");
	char *argv[] = { "zint", "-b", "13", "-d", "978014300723", "-o", (char *)out, NULL };
	run_tool(NULL, NULL, argv);
	/* 978: an ISBN, still the 13 digits printed (zbar's ISBN reading is off) */
	assert_file_holds(out, BARCODE_EAN13, "9780143007234", 13);
}

static void test_datamatrix_text_from_dmtxwrite_decodes(void **state)
{
	(void)state;
	const char *text = "VISA UTO 2024 ERIKSSON";
	assert_file_holds(dmtxwrite_png("dm-text.png", text, strlen(text), "a"), BARCODE_DATAMATRIX,
			  text, strlen(text));
}

/* An ICAO VDS: magic 0xDC, then binary header, message and signature, NULs included. */
static void test_datamatrix_seal_with_binary_bytes_decodes(void **state)
{
	(void)state;
	unsigned char seal[140];
	for (size_t i = 0; i < sizeof(seal); i++)
		seal[i] = (unsigned char)(i * 37 + 11);
	seal[0] = 0xdc;
	seal[1] = 0x03;
	seal[7] = 0x00;
	assert_file_holds(dmtxwrite_png("dm-seal.png", seal, sizeof(seal), "8"), BARCODE_DATAMATRIX,
			  seal, sizeof(seal));
}

/* libdmtx's own encoder, in process: every byte value, 0x00 and 0xFF included. */
static void test_datamatrix_of_every_byte_value_from_libdmtx_decodes(void **state)
{
	(void)state;
	unsigned char bytes[257];
	bytes[0] = 0xdc;
	for (int i = 0; i < 256; i++)
		bytes[i + 1] = (unsigned char)i;
	DmtxEncode *enc = dmtxEncodeCreate();
	assert_non_null(enc);
	dmtxEncodeSetProp(enc, DmtxPropScheme, DmtxSchemeBase256);
	dmtxEncodeSetProp(enc, DmtxPropModuleSize, 4);
	dmtxEncodeSetProp(enc, DmtxPropMarginSize, 16);
	assert_int_equal(dmtxEncodeDataMatrix(enc, sizeof(bytes), bytes), DmtxPass);
	DmtxImage *img = enc->image;
	struct grey g = canvas(img->width, img->height);
	for (int y = 0; y < img->height; y++)
		for (int x = 0; x < img->width; x++)
			g.px[(size_t)y * (size_t)g.w + (size_t)x] =
				img->pxl[(size_t)y * (size_t)img->rowSizeBytes +
					 (size_t)x * (size_t)img->bytesPerPixel];
	dmtxEncodeDestroy(&enc);
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_grey(g.px, g.w, g.h, (size_t)g.w, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_true(holds(&l, BARCODE_DATAMATRIX, bytes, sizeof(bytes)));
	barcode_list_free(&l);
	free(g.px);
}

/* cjpeg reads a PGM: the QR's pixels, scaled up to modules of 6, written here. */
static void test_jpeg_of_a_qr_decodes(void **state)
{
	(void)state;
	const char *text = "JPEG QR 0123456789";
	struct grey qr = read_png(qrencode_png("for-jpeg.png", text, strlen(text), 0));
	int w = qr.w * 3 / 2, h = qr.h * 3 / 2;
	const char *pgm = tmp_path("qr.pgm");
	FILE *f = fopen(pgm, "wb");
	assert_non_null(f);
	fprintf(f, "P5\n%d %d\n255\n", w, h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			fputc(qr.px[(size_t)(y * 2 / 3) * (size_t)qr.w + (size_t)(x * 2 / 3)], f);
	assert_int_equal(fclose(f), 0);
	const char *jpg = tmp_path("qr.jpg");
	char *argv[] = { "cjpeg", "-quality", "85", NULL };
	run_tool(pgm, jpg, argv);
	assert_file_holds(jpg, BARCODE_QR, text, strlen(text));
	free(qr.px);
}

/* A QR and a DataMatrix side by side, handed over as grey rows with padding. */
static void test_two_different_symbols_in_one_picture_both_decode(void **state)
{
	(void)state;
	const char *text = "BOARDING M1ERIKSSON/ANNA";
	unsigned char seal[60];
	for (size_t i = 0; i < sizeof(seal); i++)
		seal[i] = (unsigned char)(255 - i * 3);
	seal[0] = 0xdc;
	struct grey qr = read_png(qrencode_png("pair-qr.png", text, strlen(text), 0));
	struct grey dm = read_png(dmtxwrite_png("pair-dm.png", seal, sizeof(seal), "8"));
	struct grey g = canvas(qr.w + dm.w + 40, (qr.h > dm.h ? qr.h : dm.h) + 20);
	paste(&g, &qr, 10, 10);
	paste(&g, &dm, qr.w + 30, 10);
	size_t stride = (size_t)g.w + 13;
	unsigned char *rows = malloc(stride * (size_t)g.h);
	assert_non_null(rows);
	memset(rows, 0, stride * (size_t)g.h);
	for (int y = 0; y < g.h; y++)
		memcpy(rows + stride * (size_t)y, g.px + (size_t)y * (size_t)g.w, (size_t)g.w);
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_grey(rows, g.w, g.h, stride, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.width, g.w);
	assert_int_equal(l.height, g.h);
	assert_true(holds(&l, BARCODE_QR, text, strlen(text)));
	assert_true(holds(&l, BARCODE_DATAMATRIX, seal, sizeof(seal)));
	barcode_list_free(&l);
	free(rows);
	free(g.px);
	free(qr.px);
	free(dm.px);
}

static void test_two_datamatrix_seals_in_one_picture_both_decode(void **state)
{
	(void)state;
	struct grey a = read_png(dmtxwrite_png("dm-a.png", "FIRST SEAL 1", 12, "a"));
	struct grey b = read_png(dmtxwrite_png("dm-b.png", "SECOND SEAL 22", 14, "a"));
	struct grey g = canvas(a.w + b.w + 60, (a.h > b.h ? a.h : b.h) + 40);
	paste(&g, &a, 20, 20);
	paste(&g, &b, a.w + 40, 20);
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_grey(g.px, g.w, g.h, (size_t)g.w, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_true(holds(&l, BARCODE_DATAMATRIX, "FIRST SEAL 1", 12));
	assert_true(holds(&l, BARCODE_DATAMATRIX, "SECOND SEAL 22", 14));
	barcode_list_free(&l);
	free(g.px);
	free(a.px);
	free(b.px);
}

static void test_same_symbol_printed_twice_is_reported_once(void **state)
{
	(void)state;
	struct grey qr = read_png(qrencode_png("twice.png", "SAME", 4, 0));
	struct grey g = canvas(qr.w * 2 + 30, qr.h + 20);
	paste(&g, &qr, 10, 10);
	paste(&g, &qr, qr.w + 20, 10);
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_grey(g.px, g.w, g.h, (size_t)g.w, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_true(holds(&l, BARCODE_QR, "SAME", 4));
	barcode_list_free(&l);
	free(g.px);
	free(qr.px);
}

/* Paper with lines of print and sensor noise, as a page without a symbol looks. */
static struct grey page_of_print(int w, int h)
{
	struct grey g = canvas(w, h);
	uint32_t r = 12345;
	for (int i = 0; i < w * h; i++) {
		r = r * 1103515245u + 12345u;
		int y = i / w, x = i % w;
		int ink = (y % 24) < 12 && (x % 9) < 6 && ((r >> 16) % 5) != 0;
		g.px[i] = (unsigned char)((ink ? 50 : 210) + (int)((r >> 8) % 13) - 6);
	}
	return g;
}

static void test_picture_without_symbols_finds_nothing(void **state)
{
	(void)state;
	struct grey g = page_of_print(320, 240);
	const char *path = tmp_path("nothing.png");
	write_png(path, PNG_FORMAT_GRAY, g.w, g.h, g.px, NULL, 0);
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_file(path, &l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(l.width, 320);
	assert_int_equal(l.height, 240);
	barcode_list_free(&l);
	free(g.px);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* libdmtx alone would search this for seconds; the budget stops it (zbar's time and
 * the sanitizers' come on top, hence the margin). */
static void test_datamatrix_search_stops_at_its_budget(void **state)
{
	(void)state;
	struct grey g = page_of_print(1280, 960);
	struct barcode_list l;
	struct error err;
	double t0 = now_ms();
	assert_int_equal(barcode_decode_grey_budget(g.px, g.w, g.h, (size_t)g.w, 50, &l, &err), 0);
	double took = now_ms() - t0;
	assert_int_equal(l.n, 0);
	if (took > 2500)
		fail_msg("decoding took %.0f ms with a 50 ms DataMatrix budget", took);
	free(g.px);
}

/* --- PNG variants ----------------------------------------------------------------- */

static void test_16bit_png_decodes(void **state)
{
	(void)state;
	struct grey qr = read_png(qrencode_png("for-16.png", "SIXTEEN BITS", 12, 0));
	uint16_t *px = malloc(sizeof(*px) * (size_t)qr.w * (size_t)qr.h);
	assert_non_null(px);
	for (int i = 0; i < qr.w * qr.h; i++)
		px[i] = qr.px[i] < 128 ? 0 : 65535;
	const char *path = tmp_path("16bit.png");
	write_png(path, PNG_FORMAT_LINEAR_Y, qr.w, qr.h, px, NULL, 0);
	size_t len;
	unsigned char *data = read_all(path, &len);
	assert_int_equal(data[24], 16); /* IHDR bit depth */
	free(data);
	assert_file_holds(path, BARCODE_QR, "SIXTEEN BITS", 12);
	free(px);
	free(qr.px);
}

static void test_palette_png_decodes(void **state)
{
	(void)state;
	struct grey qr = read_png(qrencode_png("for-palette.png", "PALETTE", 7, 0));
	unsigned char *idx = malloc((size_t)qr.w * (size_t)qr.h);
	assert_non_null(idx);
	for (int i = 0; i < qr.w * qr.h; i++)
		idx[i] = qr.px[i] < 128 ? 1 : 0;
	/* navy ink on cream paper */
	const unsigned char colours[] = { 250, 240, 210, 20, 30, 90 };
	const char *path = tmp_path("palette.png");
	write_png(path, PNG_FORMAT_RGB_COLORMAP, qr.w, qr.h, idx, colours, 2);
	size_t len;
	unsigned char *data = read_all(path, &len);
	assert_int_equal(data[25], 3); /* IHDR colour type: palette */
	free(data);
	assert_file_holds(path, BARCODE_QR, "PALETTE", 7);
	free(idx);
	free(qr.px);
}

/* Ink on a transparent background: composited on black it would be all black. */
static void test_transparent_png_is_read_on_white(void **state)
{
	(void)state;
	struct grey qr = read_png(qrencode_png("for-alpha.png", "ALPHA", 5, 0));
	unsigned char *rgba = calloc((size_t)qr.w * (size_t)qr.h, 4);
	assert_non_null(rgba);
	for (int i = 0; i < qr.w * qr.h; i++)
		rgba[i * 4 + 3] = qr.px[i] < 128 ? 255 : 0;
	const char *path = tmp_path("alpha.png");
	write_png(path, PNG_FORMAT_RGBA, qr.w, qr.h, rgba, NULL, 0);
	assert_file_holds(path, BARCODE_QR, "ALPHA", 5);
	free(rgba);
	free(qr.px);
}

static void test_format_is_told_by_signature_not_name(void **state)
{
	(void)state;
	const char *png = qrencode_png("real-png.png", "SNIFFED", 7, 0);
	const char *named = tmp_path("looks-like.jpg");
	size_t len;
	unsigned char *data = read_all(png, &len);
	write_file(named, data, len);
	free(data);
	assert_file_holds(named, BARCODE_QR, "SNIFFED", 7);
}

/* --- refusals --------------------------------------------------------------------- */

static void assert_refused(const char *path, enum error_code code, const char *needle)
{
	struct barcode_list l;
	struct error err;
	error_clear(&err);
	assert_int_equal(barcode_decode_file(path, &l, &err), -(int)code);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' lacks '%s'", err.msg, needle);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_truncated_png_is_refused(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = read_all(qrencode_png("whole.png", "CUT SHORT", 9, 0), &len);
	const char *cut = tmp_path("cut.png");
	for (size_t n = 8; n < len; n += len / 7 + 1) {
		write_file(cut, data, n);
		assert_refused(cut, ERR_USAGE, "cut.png");
	}
	free(data);
}

static void test_text_file_is_refused_as_not_an_image(void **state)
{
	(void)state;
	const char *path = tmp_path("notes.png");
	write_file(path, "P<UTOERIKSSON<<ANNA\n", 20);
	assert_refused(path, ERR_USAGE, "neither a PNG nor a JPEG");
	assert_refused(path, ERR_USAGE, "'");
}

static void test_missing_file_is_an_io_error_that_names_it(void **state)
{
	(void)state;
	const char *path = tmp_path("no-such-scan.png");
	char want[700];
	snprintf(want, sizeof(want), "cannot read '%s': %s", path, strerror(ENOENT));
	assert_refused(path, ERR_IO, want);
	assert_refused(tmpdir, ERR_IO, "cannot read '");
}

/* PNG's chunk CRC (ISO 3309, as zlib's crc32) */
static uint32_t png_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

/* IHDR says 100000×100000 (10 gigapixels): refused from the header, before a byte of
 * pixels is allocated (under ASan an attempt would abort the test). */
static void test_png_claiming_huge_size_is_refused_unread(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = read_all(qrencode_png("small.png", "SMALL", 5, 0), &len);
	unsigned char *ihdr = data + 8; /* length, "IHDR", width, height, ..., CRC */
	assert_memory_equal(ihdr + 4, "IHDR", 4);
	const unsigned char side[4] = { 0x00, 0x01, 0x86, 0xa0 }; /* 100000 */
	memcpy(ihdr + 8, side, 4);
	memcpy(ihdr + 12, side, 4);
	uint32_t c = png_crc(ihdr + 4, 17);
	ihdr[21] = (unsigned char)(c >> 24);
	ihdr[22] = (unsigned char)(c >> 16);
	ihdr[23] = (unsigned char)(c >> 8);
	ihdr[24] = (unsigned char)c;
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_memory(data, len, &l, &err), -ERR_USAGE);
	assert_non_null(strstr(err.msg, "too large (100000×100000"));
	/* and a lower cap applies to a picture that fits the default one */
	free(data);
	data = read_all(qrencode_png("small.png", "SMALL", 5, 0), &len);
	assert_int_equal(barcode_decode_memory_limits(data, len, 100, 0, &l, &err), -ERR_USAGE);
	assert_non_null(strstr(err.msg, "too large"));
	assert_int_equal(barcode_decode_memory_limits(data, len, 0, 0, &l, &err), 0);
	assert_true(holds(&l, BARCODE_QR, "SMALL", 5));
	barcode_list_free(&l);
	free(data);
}

static void test_grey_pixels_without_a_size_are_refused(void **state)
{
	(void)state;
	unsigned char px[16] = { 0 };
	struct barcode_list l;
	struct error err;
	assert_int_equal(barcode_decode_grey(px, 0, 4, 4, &l, &err), -ERR_USAGE);
	assert_int_equal(barcode_decode_grey(px, 4, 4, 3, &l, &err), -ERR_USAGE);
	assert_int_equal(barcode_decode_grey(NULL, 4, 4, 4, &l, &err), -ERR_USAGE);
	assert_int_equal(barcode_decode_grey(px, 9000, 1, 9000, &l, &err), -ERR_USAGE);
	assert_int_equal(barcode_decode_grey(px, 4, 4, 4, &l, &err), 0);
	assert_int_equal(l.n, 0);
	barcode_list_free(&l);
	barcode_list_free(&l); /* twice is safe */
	barcode_list_free(NULL);
}

/* --- names ------------------------------------------------------------------------ */

static void test_symbologies_have_machine_names_and_labels(void **state)
{
	(void)state;
	assert_string_equal(barcode_symbology_name(BARCODE_QR), "qr");
	assert_string_equal(barcode_symbology_name(BARCODE_DATAMATRIX), "datamatrix");
	assert_string_equal(barcode_symbology_name(BARCODE_CODE128), "code128");
	assert_string_equal(barcode_symbology_name(BARCODE_EAN13), "ean13");
	assert_string_equal(barcode_symbology_name(BARCODE_WEDGE), "wedge");
	assert_string_equal(barcode_symbology_name((enum barcode_symbology)999), "other");
	assert_string_equal(barcode_symbology_label(BARCODE_QR), "QR code");
	assert_string_equal(barcode_symbology_label(BARCODE_DATAMATRIX), "DataMatrix");
	assert_string_equal(barcode_symbology_label(BARCODE_CODE128), "Code 128");
	for (int s = BARCODE_QR; s <= BARCODE_OTHER; s++) {
		const char *name = barcode_symbology_name((enum barcode_symbology)s);
		assert_true(name[0] != '\0' && strlen(name) < 16);
		assert_true(barcode_symbology_label((enum barcode_symbology)s)[0] != '\0');
		for (const char *p = name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
				    *p == '_');
	}
}

/* --- camera ----------------------------------------------------------------------- */

static void test_no_camera_is_found_on_a_machine_without_one(void **state)
{
	(void)state;
	struct stat st;
	if (stat("/dev/video0", &st) == 0)
		skip(); /* this machine has a camera */
	char dev[64] = "unchanged";
	assert_int_equal(barcode_camera_find(dev, sizeof(dev)), 0);
}

static void test_camera_open_refuses_what_is_not_a_camera(void **state)
{
	(void)state;
	struct barcode_camera *c = (struct barcode_camera *)&c;
	struct error err;
	assert_int_equal(barcode_camera_open("/dev/null", &c, &err), -ERR_IO);
	assert_null(c);
	assert_non_null(strstr(err.msg, "'/dev/null' is not a camera"));
	assert_int_equal(barcode_camera_open(tmp_path("video9"), &c, &err), -ERR_IO);
	assert_null(c);
	assert_non_null(strstr(err.msg, "cannot open the camera '"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	barcode_camera_close(&c); /* safe on NULL */
	barcode_camera_close(NULL);
	struct barcode_list l;
	assert_true(barcode_camera_poll(NULL, 0, &l, &err) < 0);
	assert_int_equal(l.n, 0);
}

static int setup(void **state)
{
	(void)state;
	const char *t = getenv("TEST_TMPDIR");
	if (t && *t) {
		snprintf(tmpdir, sizeof(tmpdir), "%s/barcode", t);
		if (mkdir(tmpdir, 0700) < 0 && errno != EEXIST)
			return -1;
	} else {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_barcode-XXXXXX");
		if (!mkdtemp(tmpdir))
			return -1;
		own_tmpdir = 1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = own_tmpdir ? opendir(tmpdir) : NULL;
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(tmp_path(e->d_name));
	closedir(d);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_qr_decodes),
		cmocka_unit_test(test_binary_qr_comes_back_as_the_raw_bytes),
		cmocka_unit_test(test_code128_from_zint_decodes),
		cmocka_unit_test(test_ean13_comes_back_with_its_check_digit),
		cmocka_unit_test(test_datamatrix_text_from_dmtxwrite_decodes),
		cmocka_unit_test(test_datamatrix_seal_with_binary_bytes_decodes),
		cmocka_unit_test(test_datamatrix_of_every_byte_value_from_libdmtx_decodes),
		cmocka_unit_test(test_jpeg_of_a_qr_decodes),
		cmocka_unit_test(test_two_different_symbols_in_one_picture_both_decode),
		cmocka_unit_test(test_two_datamatrix_seals_in_one_picture_both_decode),
		cmocka_unit_test(test_same_symbol_printed_twice_is_reported_once),
		cmocka_unit_test(test_picture_without_symbols_finds_nothing),
		cmocka_unit_test(test_datamatrix_search_stops_at_its_budget),
		cmocka_unit_test(test_16bit_png_decodes),
		cmocka_unit_test(test_palette_png_decodes),
		cmocka_unit_test(test_transparent_png_is_read_on_white),
		cmocka_unit_test(test_format_is_told_by_signature_not_name),
		cmocka_unit_test(test_truncated_png_is_refused),
		cmocka_unit_test(test_text_file_is_refused_as_not_an_image),
		cmocka_unit_test(test_missing_file_is_an_io_error_that_names_it),
		cmocka_unit_test(test_png_claiming_huge_size_is_refused_unread),
		cmocka_unit_test(test_grey_pixels_without_a_size_are_refused),
		cmocka_unit_test(test_symbologies_have_machine_names_and_labels),
		cmocka_unit_test(test_no_camera_is_found_on_a_machine_without_one),
		cmocka_unit_test(test_camera_open_refuses_what_is_not_a_camera),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
