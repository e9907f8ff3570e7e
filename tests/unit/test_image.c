/* scanners/image.c: face images from a chip decoded to RGB, and refused cleanly when
 * damaged, truncated or too large. The images are encoded here, at test time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "image_testutil.h"
#include "scanners/image.h"

enum { W = 60, H = 80 };

static const unsigned char *pixel(const struct image *img, int x, int y)
{
	return img->rgb + img->stride * (size_t)y + (size_t)x * 3;
}

/* within tol of the colour (JPEG is lossy) */
static int near(const unsigned char *p, int r, int g, int b, int tol)
{
	return abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
}

static void assert_face(const struct image *img, int tol)
{
	assert_int_equal(img->width, W);
	assert_int_equal(img->height, H);
	assert_int_equal(img->stride, W * 3);
	assert_true(near(pixel(img, 2, 2), 205, 215, 228, tol));         /* background */
	assert_true(near(pixel(img, W / 2, H / 2), 222, 176, 140, tol)); /* cheek */
	assert_true(near(pixel(img, W / 2, H - 2), 40, 50, 90, tol));    /* jacket */
}

static void test_jpeg_decodes_to_rgb_of_its_size(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jpg = it_jpeg(face, W, H, 3, 95, 0, &len);
	assert_int_equal(image_sniff(jpg, len), IMAGE_JPEG);
	struct image img;
	struct error err;
	assert_int_equal(image_decode(jpg, len, 0, &img, &err), 0);
	assert_int_equal(img.format, IMAGE_JPEG);
	assert_face(&img, 12);
	image_free(&img);
	free(jpg);
	free(face);
}

static void test_progressive_and_grey_jpegs_decode(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jpg = it_jpeg(face, W, H, 3, 90, 1, &len);
	struct image img;
	struct error err;
	assert_int_equal(image_decode(jpg, len, 0, &img, &err), 0);
	assert_face(&img, 14);
	image_free(&img);
	free(jpg);

	unsigned char grey[W * H];
	for (int i = 0; i < W * H; i++)
		grey[i] = (unsigned char)(i % W < W / 2 ? 30 : 220);
	jpg = it_jpeg(grey, W, H, 1, 95, 0, &len);
	assert_int_equal(image_decode(jpg, len, 0, &img, &err), 0);
	assert_true(near(pixel(&img, 5, 40), 30, 30, 30, 8));
	assert_true(near(pixel(&img, W - 5, 40), 220, 220, 220, 8));
	image_free(&img);
	free(jpg);
	free(face);
}

static void test_jp2_file_decodes_losslessly(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jp2 = it_j2k(face, W, H, 1, 0, &len);
	assert_int_equal(image_sniff(jp2, len), IMAGE_JP2);
	struct image img;
	struct error err;
	assert_int_equal(image_decode(jp2, len, 0, &img, &err), 0);
	assert_int_equal(img.format, IMAGE_JP2);
	assert_face(&img, 0);
	assert_memory_equal(img.rgb, face, (size_t)W * H * 3);
	image_free(&img);
	free(jp2);
	free(face);
}

static void test_j2k_codestream_decodes(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *j2k = it_j2k(face, W, H, 0, 6, &len);
	assert_int_equal(image_sniff(j2k, len), IMAGE_J2K);
	struct image img;
	struct error err;
	assert_int_equal(image_decode(j2k, len, 0, &img, &err), 0);
	assert_int_equal(img.format, IMAGE_J2K);
	assert_face(&img, 20);
	image_free(&img);
	free(j2k);
	free(face);
}

/* Every prefix of the file: refused with a message, nothing left allocated (ASan). */
static void assert_prefixes_refused(const unsigned char *data, size_t len, size_t step)
{
	for (size_t n = 0; n < len; n += step) {
		struct image img;
		struct error err;
		error_clear(&err);
		if (image_decode(data, n, 0, &img, &err) == 0)
			fail_msg("a file cut to %zu of %zu bytes was decoded", n, len);
		assert_int_equal(err.code, ERR_USAGE);
		assert_true(err.msg[0] != '\0');
		assert_null(img.rgb);
		assert_int_equal(img.width, 0);
	}
}

static void test_truncated_jpeg_is_refused(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jpg = it_jpeg(face, W, H, 3, 90, 0, &len);
	assert_prefixes_refused(jpg, len, 7);
	/* the last byte too: the end-of-image marker is half there */
	struct image img;
	struct error err;
	assert_true(image_decode(jpg, len - 1, 0, &img, &err) < 0);
	free(jpg);
	jpg = it_jpeg(face, W, H, 3, 90, 1, &len);
	assert_prefixes_refused(jpg, len, 11);
	free(jpg);
	free(face);
}

static void test_truncated_jpeg2000_is_refused(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jp2 = it_j2k(face, W, H, 1, 0, &len);
	assert_prefixes_refused(jp2, len, 13);
	free(jp2);
	unsigned char *j2k = it_j2k(face, W, H, 0, 10, &len);
	assert_prefixes_refused(j2k, len, 5);
	free(j2k);
	free(face);
}

/* The size is read from SOF0 (FFC0: length, precision, height, width). */
static void set_jpeg_size(unsigned char *jpg, size_t len, unsigned w, unsigned h)
{
	for (size_t i = 0; i + 8 < len; i++) {
		if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) {
			jpg[i + 5] = (unsigned char)(h >> 8);
			jpg[i + 6] = (unsigned char)h;
			jpg[i + 7] = (unsigned char)(w >> 8);
			jpg[i + 8] = (unsigned char)w;
			return;
		}
	}
	fail_msg("no SOF0 in the JPEG");
}

static void test_oversized_jpeg_is_refused_unread(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *jpg = it_jpeg(face, W, H, 3, 90, 0, &len);
	struct image img;
	struct error err;
	set_jpeg_size(jpg, len, 5000, 40);
	assert_true(image_decode(jpg, len, 0, &img, &err) < 0);
	assert_non_null(strstr(err.msg, "too large (5000×40"));
	assert_null(img.rgb);
	/* within each side's cap but over the pixel count asked for */
	set_jpeg_size(jpg, len, 4000, 4000);
	assert_true(image_decode(jpg, len, 1000000, &img, &err) < 0);
	assert_non_null(strstr(err.msg, "too large"));
	/* and over the default cap when both sides are at the limit + 1 */
	set_jpeg_size(jpg, len, 4097, 4097);
	assert_true(image_decode(jpg, len, 0, &img, &err) < 0);
	/* a lower cap applies to images that fit the default one */
	free(jpg);
	jpg = it_jpeg(face, W, H, 3, 90, 0, &len);
	assert_true(image_decode(jpg, len, W * H - 1, &img, &err) < 0);
	assert_int_equal(image_decode(jpg, len, W * H, &img, &err), 0);
	image_free(&img);
	free(jpg);
	free(face);
}

/* SIZ (FF51) right after SOC in a codestream: Lsiz, Rsiz (2 bytes), then Xsiz, Ysiz,
 * XOsiz, YOsiz, XTsiz, YTsiz (4 bytes each). */
static void test_oversized_jpeg2000_is_refused_unread(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t len;
	unsigned char *j2k = it_j2k(face, W, H, 0, 0, &len);
	assert_int_equal(j2k[2], 0xff);
	assert_int_equal(j2k[3], 0x51);
	unsigned char *xsiz = j2k + 8, *ysiz = j2k + 12;
	/* also the tile size (XTsiz, YTsiz at 24 and 28), so the header stays valid */
	const unsigned char big[4] = { 0x00, 0x00, 0x13, 0x88 }; /* 5000 */
	memcpy(xsiz, big, 4);
	memcpy(j2k + 24, big, 4);
	struct image img;
	struct error err;
	error_clear(&err);
	assert_true(image_decode(j2k, len, 0, &img, &err) < 0);
	assert_non_null(strstr(err.msg, "too large (5000×80"));
	memcpy(ysiz, big, 4);
	memcpy(j2k + 28, big, 4);
	memcpy(xsiz, (const unsigned char[4]){ 0, 0, 0x0f, 0xa0 }, 4); /* 4000 */
	assert_true(image_decode(j2k, len, 0, &img, &err) < 0);
	assert_null(img.rgb);
	free(j2k);
	free(face);
}

/* Found by fuzz_image: 87 bytes whose SIZ claims 262180×2686981 pixels in 48-row tiles;
 * openjpeg's header reader alone allocated 300 MB for the tiles. Refused before it. */
static void test_jpeg2000_size_is_checked_before_openjpeg_reads_the_header(void **state)
{
	(void)state;
	static const unsigned char siz[] = {
		0xff, 0x4f, 0xff, 0x51, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x04, 0x00, 0x24, 0x00,
		0x29, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		0x00, 0x24, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x03, 0x07, 0x01, 0x01, 0x17, 0x01, 0x01, 0x07, 0x01, 0x01, 0xff,
		0x52, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0x04, 0x04, 0x00, 0x00,
		0xff, 0x5c, 0x00, 0x17, 0x42, 0x67, 0x30, 0x67, 0x50, 0x67, 0x50, 0x67, 0x68,
		0x50, 0x05, 0x00, 0x0a, 0x00, 0xff, 0xb0, 0xff, 0xd9
	};
	struct image img;
	struct error err;
	error_clear(&err);
	assert_true(image_decode(siz, sizeof(siz), 0, &img, &err) < 0);
	assert_non_null(strstr(err.msg, "too large (262180×2686981"));
	assert_null(img.rgb);
}

static void test_damaged_bytes_never_crash(void **state)
{
	(void)state;
	unsigned char *face = it_face(W, H);
	size_t lens[2];
	unsigned char *files[2] = { it_jpeg(face, W, H, 3, 80, 1, &lens[0]),
				    it_j2k(face, W, H, 1, 10, &lens[1]) };
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < lens[f]; i += 3) {
			unsigned char saved = files[f][i];
			files[f][i] ^= (unsigned char)(0x5a + i);
			struct image img;
			struct error err;
			error_clear(&err);
			if (image_decode(files[f], lens[f], 0, &img, &err) == 0) {
				assert_int_equal(img.width, W); /* harmless damage */
				image_free(&img);
			} else {
				assert_true(err.msg[0] != '\0');
			}
			files[f][i] = saved;
		}
		free(files[f]);
	}
	free(face);
}

static void test_other_bytes_are_not_an_image(void **state)
{
	(void)state;
	struct image img;
	struct error err;
	const unsigned char png[] = "\x89PNG\r\n\x1a\n";
	assert_int_equal(image_sniff(png, sizeof(png) - 1), IMAGE_UNKNOWN);
	assert_true(image_decode(png, sizeof(png) - 1, 0, &img, &err) < 0);
	assert_non_null(strstr(err.msg, "neither JPEG nor JPEG 2000"));
	assert_true(image_decode(NULL, 0, 0, &img, &err) < 0);
	assert_int_equal(image_sniff((const unsigned char *)"\xff\xd8", 2), IMAGE_UNKNOWN);
	assert_string_equal(image_format_name(IMAGE_JP2), "JPEG 2000");
	image_free(&img);
	image_free(&img);
	image_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_decodes_to_rgb_of_its_size),
		cmocka_unit_test(test_progressive_and_grey_jpegs_decode),
		cmocka_unit_test(test_jp2_file_decodes_losslessly),
		cmocka_unit_test(test_j2k_codestream_decodes),
		cmocka_unit_test(test_truncated_jpeg_is_refused),
		cmocka_unit_test(test_truncated_jpeg2000_is_refused),
		cmocka_unit_test(test_oversized_jpeg_is_refused_unread),
		cmocka_unit_test(test_oversized_jpeg2000_is_refused_unread),
		cmocka_unit_test(test_jpeg2000_size_is_checked_before_openjpeg_reads_the_header),
		cmocka_unit_test(test_damaged_bytes_never_crash),
		cmocka_unit_test(test_other_bytes_are_not_an_image),
	};
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
