/* Barcodes in a picture (see barcode.h): PNG through libpng's simplified API, JPEG
 * through scanners/image.c, then grey pixels to zbar for everything it reads and to
 * libdmtx for DataMatrix. The camera is in barcode_camera.c. */
#include "scanners/barcode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dmtx.h>
#include <png.h>
#include <zbar.h>

#include "i18n/i18n.h"
#include "scanners/file.h"
#include "scanners/image.h"

/* --- symbologies ------------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *label;
	int words; /* the label has words to translate; the rest are names */
} symbologies[] = {
	[BARCODE_QR] = { "qr", N_("QR code"), 1 },
	[BARCODE_DATAMATRIX] = { "datamatrix", "DataMatrix", 0 },
	[BARCODE_CODE128] = { "code128", "Code 128", 0 },
	[BARCODE_CODE39] = { "code39", "Code 39", 0 },
	[BARCODE_CODE93] = { "code93", "Code 93", 0 },
	[BARCODE_EAN13] = { "ean13", "EAN-13", 0 },
	[BARCODE_EAN8] = { "ean8", "EAN-8", 0 },
	[BARCODE_UPCA] = { "upca", "UPC-A", 0 },
	[BARCODE_UPCE] = { "upce", "UPC-E", 0 },
	[BARCODE_I25] = { "i25", N_("Interleaved 2 of 5"), 1 },
	[BARCODE_CODABAR] = { "codabar", "Codabar", 0 },
	[BARCODE_DATABAR] = { "databar", "GS1 DataBar", 0 },
	[BARCODE_DATABAR_EXP] = { "databar_exp", N_("GS1 DataBar Expanded"), 1 },
	[BARCODE_PDF417] = { "pdf417", "PDF417", 0 },
	/* TRANSLATORS: a barcode typed in by a keyboard-wedge scanner, whose kind of
	   symbol is not known */
	[BARCODE_WEDGE] = { "wedge", N_("barcode from a scanner"), 1 },
	[BARCODE_OTHER] = { "other", N_("other barcode"), 1 },
};

const char *barcode_symbology_name(enum barcode_symbology s)
{
	if ((unsigned)s >= sizeof(symbologies) / sizeof(symbologies[0]))
		s = BARCODE_OTHER;
	return symbologies[s].name;
}

const char *barcode_symbology_label(enum barcode_symbology s)
{
	if ((unsigned)s >= sizeof(symbologies) / sizeof(symbologies[0]))
		s = BARCODE_OTHER;
	return symbologies[s].words ? _(symbologies[s].label) : symbologies[s].label;
}

static enum barcode_symbology from_zbar(zbar_symbol_type_t t)
{
	switch (t) {
	case ZBAR_QRCODE:
		return BARCODE_QR;
	case ZBAR_CODE128:
		return BARCODE_CODE128;
	case ZBAR_CODE39:
		return BARCODE_CODE39;
	case ZBAR_CODE93:
		return BARCODE_CODE93;
	case ZBAR_EAN13:
	case ZBAR_ISBN13: /* not enabled (see new_scanner); the same digits if it were */
		return BARCODE_EAN13;
	case ZBAR_EAN8:
		return BARCODE_EAN8;
	case ZBAR_UPCA:
		return BARCODE_UPCA;
	case ZBAR_UPCE:
		return BARCODE_UPCE;
	case ZBAR_I25:
		return BARCODE_I25;
	case ZBAR_CODABAR:
		return BARCODE_CODABAR;
	case ZBAR_DATABAR:
		return BARCODE_DATABAR;
	case ZBAR_DATABAR_EXP:
		return BARCODE_DATABAR_EXP;
	case ZBAR_PDF417:
		return BARCODE_PDF417;
	default: /* EAN-2/-5 add-ons, composites and SQ code are not enabled */
		return BARCODE_OTHER;
	}
}

/* --- the list --------------------------------------------------------------------- */

void barcode_list_free(struct barcode_list *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->n; i++)
		free(l->items[i].data);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Adds a copy of the symbol unless the list has the same one already (a symbol seen
 * twice: by two of zbar's scan passes, or printed twice on the page). 0, or -1 out of
 * memory. */
static int list_add(struct barcode_list *l, enum barcode_symbology s, const unsigned char *data,
		    size_t len)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].symbology == s && l->items[i].len == len &&
		    (len == 0 || memcmp(l->items[i].data, data, len) == 0))
			return 0;
	if (len == SIZE_MAX || l->n == INT32_MAX)
		return -1;
	struct barcode_symbol *items = realloc(l->items, sizeof(*items) * ((size_t)l->n + 1));
	if (!items)
		return -1;
	l->items = items;
	unsigned char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	items[l->n++] = (struct barcode_symbol){ s, copy, len };
	return 0;
}

static int out_of_memory(struct error *err)
{
	return error_set(err, ERR_IO, "%s", _("out of memory reading barcodes"));
}

/* --- zbar ------------------------------------------------------------------------- */

enum { ZBAR_DENSE_SIDE = 800 };

static zbar_image_scanner_t *new_scanner(int width, int height)
{
	zbar_image_scanner_t *s = zbar_image_scanner_create();
	if (!s)
		return NULL;
	zbar_image_scanner_set_config(s, 0, ZBAR_CFG_ENABLE, 1);
	/* ISBN is a reading of an EAN-13, not a symbology: enabled, zbar reports a 978
	 * EAN-13 as an ISBN-10 with other digits than the ones printed */
	zbar_image_scanner_set_config(s, ZBAR_ISBN10, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(s, ZBAR_ISBN13, ZBAR_CFG_ENABLE, 0);
	/* EAN-2 and EAN-5 are add-ons to an EAN-13 (a price on a book); enabled, zbar also
	 * reports them alone, and finds two-digit "symbols" in any page of print */
	zbar_image_scanner_set_config(s, ZBAR_EAN2, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(s, ZBAR_EAN5, ZBAR_CFG_ENABLE, 0);
	/* SQ code, zbar's own format that no document carries, leaks memory inside
	 * zbar_scan_image on some pictures (zbar 0.23.92; found by fuzz_barcode_image, the
	 * input is in its corpus as zbar_sqcode_leak.jpg) */
	zbar_image_scanner_set_config(s, ZBAR_SQCODE, ZBAR_CFG_ENABLE, 0);
	/* the bytes as encoded: without this zbar guesses a character set (Shift-JIS,
	 * ISO 8859-1 ...) and converts binary content to UTF-8 text */
	zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	/* zbar reads every row and column by default: in a 1920×1080 photo of print that
	 * is 200 to 400 ms; every other one halves it, and a symbol in a picture that
	 * large is tens of lines high */
	if ((width < height ? width : height) > ZBAR_DENSE_SIDE) {
		zbar_image_scanner_set_config(s, 0, ZBAR_CFG_X_DENSITY, 2);
		zbar_image_scanner_set_config(s, 0, ZBAR_CFG_Y_DENSITY, 2);
	}
	return s;
}

/* Packed grey pixels (stride == width) through zbar; the box (x0, y0, x1, y1) around
 * each symbol read goes to *boxes (malloc'd, *n_boxes of them) for libdmtx to skip. */
static int scan_zbar(const unsigned char *grey, int width, int height, struct barcode_list *out,
		     int (**boxes)[4], int *n_boxes)
{
	zbar_image_scanner_t *s = new_scanner(width, height);
	zbar_image_t *img = zbar_image_create();
	int rc = -1;
	*boxes = NULL;
	*n_boxes = 0;
	if (!s || !img)
		goto done;
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)width, (unsigned)height);
	zbar_image_set_data(img, grey, (unsigned long)width * (unsigned long)height, NULL);
	if (zbar_scan_image(s, img) < 0)
		goto done;
	rc = 0;
	for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym && rc == 0;
	     sym = zbar_symbol_next(sym)) {
		zbar_symbol_type_t t = zbar_symbol_get_type(sym);
		if (t <= ZBAR_PARTIAL)
			continue;
		rc = list_add(out, from_zbar(t), (const unsigned char *)zbar_symbol_get_data(sym),
			      zbar_symbol_get_data_length(sym));
		unsigned points = zbar_symbol_get_loc_size(sym);
		int(*more)[4] = rc == 0 && points > 0
					? realloc(*boxes, sizeof(**boxes) * ((size_t)*n_boxes + 1))
					: NULL;
		if (!more)
			continue; /* no box: libdmtx searches there too, nothing is lost */
		*boxes = more;
		int *box = more[(*n_boxes)++];
		box[0] = box[1] = INT32_MAX;
		box[2] = box[3] = -1;
		for (unsigned i = 0; i < points; i++) {
			int x = zbar_symbol_get_loc_x(sym, i), y = zbar_symbol_get_loc_y(sym, i);
			box[0] = x < box[0] ? x : box[0];
			box[1] = y < box[1] ? y : box[1];
			box[2] = x > box[2] ? x : box[2];
			box[3] = y > box[3] ? y : box[3];
		}
	}
done:
	if (img)
		zbar_image_destroy(img);
	if (s)
		zbar_image_scanner_destroy(s);
	return rc;
}

/* --- libdmtx ---------------------------------------------------------------------- */

/* libdmtx walks scan lines coarse to fine and, at every pixel on an edge, follows the
 * edge looking for the L of a finder pattern: about 80 µs a pixel, so a page of print
 * keeps it busy for seconds (a 1920×1080 photo of a visa page: 17 s). It also finds
 * a symbol only from a few start pixels once edges are soft: in a blurred, noisy
 * 640×480 frame with 3-pixel modules one pixel in the whole symbol worked. Hence:
 *  - the search runs on a binarized copy (darker than the local mean, or not): clean
 *    edges make every pixel of the finder a start (133 of them in that frame) and
 *    sensor noise on paper stops being edges at all;
 *  - photos are halved (2×2 means) until their smaller side is at most DMTX_SIDE: a
 *    seal photographed to be read has modules of 4 pixels or more there;
 *  - scan lines stop at a gap of a 32nd of the smaller side (4 to 16 pixels): a
 *    symbol smaller than that is not readable from such a picture anyway;
 *  - edges shorter than a 24th of the smaller side (DmtxPropEdgeMin; 10 pixels at
 *    least, a 10×10 symbol of 2-pixel modules being 20) are not followed: that halves
 *    the time spent on print, whose letters are smaller;
 *  - symbols zbar has read are masked out of the search;
 *  - and the search stops after a time budget, symbols found or not.
 * Measured in tests/bench/bench_barcode.c. */
enum { DMTX_SIDE = 1000 };

/* The 2×2 mean of grey (packed), rounded down to even sides. malloc'd, or NULL. */
static unsigned char *halve(const unsigned char *grey, int width, int height)
{
	int w = width / 2, h = height / 2;
	unsigned char *half = malloc((size_t)w * (size_t)h);
	if (!half)
		return NULL;
	for (int y = 0; y < h; y++) {
		const unsigned char *a = grey + (size_t)(2 * y) * (size_t)width;
		const unsigned char *b = a + width;
		unsigned char *o = half + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++)
			o[x] = (unsigned char)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] +
						2) /
					       4);
	}
	return half;
}

/* Black (0) where a pixel is darker by 10 than the mean of the square around it, of a
 * 16th of the smaller side a half-width (modules are smaller than that, so no module's
 * inside is compared with itself alone), white (255) elsewhere. Sums over an integral
 * image; sides are at most DMTX_SIDE × BARCODE_MAX_SIDE here, so 32 bits hold them.
 * malloc'd, or NULL. */
static unsigned char *binarize(const unsigned char *grey, int width, int height)
{
	size_t iw = (size_t)width + 1;
	uint32_t *sum = calloc(iw * ((size_t)height + 1), sizeof(*sum));
	unsigned char *bin = malloc((size_t)width * (size_t)height);
	if (!sum || !bin) {
		free(sum);
		free(bin);
		return NULL;
	}
	for (int y = 0; y < height; y++) {
		uint32_t row = 0;
		for (int x = 0; x < width; x++) {
			row += grey[(size_t)y * (size_t)width + (size_t)x];
			sum[((size_t)y + 1) * iw + (size_t)x + 1] =
				sum[(size_t)y * iw + (size_t)x + 1] + row;
		}
	}
	int r = (width < height ? width : height) / 16;
	if (r < 4)
		r = 4;
	for (int y = 0; y < height; y++) {
		size_t y0 = (size_t)(y > r ? y - r : 0);
		size_t y1 = (size_t)(y + r + 1 < height ? y + r + 1 : height);
		for (int x = 0; x < width; x++) {
			size_t x0 = (size_t)(x > r ? x - r : 0);
			size_t x1 = (size_t)(x + r + 1 < width ? x + r + 1 : width);
			uint64_t s = (uint64_t)sum[y1 * iw + x1] - sum[y0 * iw + x1] -
				     sum[y1 * iw + x0] + sum[y0 * iw + x0];
			uint64_t n = (uint64_t)(x1 - x0) * (y1 - y0);
			size_t i = (size_t)y * (size_t)width + (size_t)x;
			bin[i] = ((uint64_t)grey[i] + 10) * n < s ? 0 : 255;
		}
	}
	free(sum);
	return bin;
}

/* Marks the box around each symbol zbar read (in pixels of the full picture, shrunk by
 * scale) as searched already. libdmtx's y axis points up (DmtxFlipNone): row 0 of the
 * picture is its y = height - 1. */
static void mask_found(DmtxDecode *dec, const int (*box)[4], int n_boxes, int scale, int width,
		       int height)
{
	for (int i = 0; i < n_boxes; i++) {
		int x0 = box[i][0] / scale - 4, y0 = box[i][1] / scale - 4;
		int x1 = box[i][2] / scale + 4, y1 = box[i][3] / scale + 4;
		for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < height; y++)
			for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < width; x++) {
				unsigned char *c = dmtxDecodeGetCache(dec, x, height - 1 - y);
				if (c)
					*c |= 0x80; /* libdmtx's "already visited" */
			}
	}
}

/* dmtxDecodeMatrixRegion first marks the symbol's quadrilateral (its corners pushed out
 * by a tenth) as searched, with a scanline buffer as tall as that quadrilateral, and
 * only then decodes: a region fitted to noise can put a corner anywhere, FLT_MAX when
 * the fit is degenerate, and the buffer at gigabytes (past INT_MAX libdmtx asserts).
 * A fuzz run of 4 KB inputs on 160×160 pixels once jumped 770 MB of memory at once;
 * regions whose corners are not near the picture are skipped without decoding. */
static int region_near_picture(DmtxRegion *reg, int width, int height)
{
	static const double corners[4][2] = {
		{ -0.1, -0.1 }, { 1.1, -0.1 }, { -0.1, 1.1 }, { 1.1, 1.1 }
	};
	for (int i = 0; i < 4; i++) {
		DmtxVector2 in = { corners[i][0], corners[i][1] }, at;
		if (dmtxMatrix3VMultiply(&at, &in, reg->fit2raw) != DmtxPass)
			return 0;
		/* false for NaN too */
		if (!(at.X >= -width / 2.0 && at.X <= width * 1.5 && at.Y >= -height / 2.0 &&
		      at.Y <= height * 1.5))
			return 0;
	}
	return 1;
}

static int scan_dmtx(const unsigned char *grey, int width, int height, int budget_ms,
		     const int (*boxes)[4], int n_boxes, struct barcode_list *out)
{
	DmtxTime deadline = dmtxTimeAdd(dmtxTimeNow(), budget_ms);
	unsigned char *small = NULL, *bin = NULL;
	int scale = 1, rc = -1;
	while ((width < height ? width : height) > DMTX_SIDE) {
		unsigned char *half = halve(grey, width, height);
		free(small);
		if (!half)
			return -1;
		grey = small = half;
		width /= 2;
		height /= 2;
		scale *= 2;
	}
	bin = binarize(grey, width, height);
	free(small);
	if (!bin)
		return -1;
	DmtxImage *img = dmtxImageCreate(bin, width, height, DmtxPack8bppK);
	DmtxDecode *dec = NULL;
	if (!img)
		goto done;
	/* rows as they are in memory, in libdmtx's y-up coordinates: DmtxFlipY would show
	 * it the picture mirrored, and a mirrored DataMatrix does not decode */
	dmtxImageSetProp(img, DmtxPropImageFlip, DmtxFlipNone);
	if (!(dec = dmtxDecodeCreate(img, 1)))
		goto done;
	int side = width < height ? width : height;
	dmtxDecodeSetProp(dec, DmtxPropScanGap,
			  side / 32 < 4    ? 4
			  : side / 32 > 16 ? 16
					   : side / 32);
	dmtxDecodeSetProp(dec, DmtxPropEdgeMin, side / 24 < 10 ? 10 : side / 24);
	/* FNC1 (GS1 element separators) as GS, the way zbar returns it in Code 128 */
	dmtxDecodeSetProp(dec, DmtxPropFnc1, 0x1d);
	mask_found(dec, boxes, n_boxes, scale, width, height);
	/* libdmtx reads the wall clock (gettimeofday) and only between scan pixels;
	 * decoding a region found is quick */
	DmtxRegion *reg;
	rc = 0;
	while (rc == 0 && (reg = dmtxRegionFindNext(dec, &deadline)) != NULL) {
		DmtxMessage *msg = region_near_picture(reg, width, height)
					   ? dmtxDecodeMatrixRegion(dec, reg, DmtxUndefined)
					   : NULL;
		if (msg && msg->outputIdx >= 0 && (size_t)msg->outputIdx <= msg->outputSize) {
			const unsigned char *p = msg->output;
			size_t n = (size_t)msg->outputIdx;
			if (n > 0 && p[0] == 0x1d) { /* leading FNC1: the GS1 flag, not data */
				p++;
				n--;
			}
			rc = list_add(out, BARCODE_DATAMATRIX, p, n);
		}
		dmtxMessageDestroy(&msg);
		dmtxRegionDestroy(&reg);
	}
done:
	if (dec)
		dmtxDecodeDestroy(&dec);
	if (img)
		dmtxImageDestroy(&img);
	free(bin);
	return rc;
}

/* --- grey pixels ------------------------------------------------------------------ */

static int check_size(long width, long height, long max_pixels, struct error *err)
{
	if (width <= 0 || height <= 0)
		return error_set(err, ERR_USAGE, "%s", _("the image has no pixels"));
	if (width > BARCODE_MAX_SIDE || height > BARCODE_MAX_SIDE || width * height > max_pixels)
		return error_set(err, ERR_USAGE,
				 _("the image is too large (%ld×%ld pixels); refused unread"),
				 width, height);
	return 0;
}

/* Scans packed grey pixels into out, which is emptied first. */
static int scan(const unsigned char *grey, int width, int height, int budget_ms,
		struct barcode_list *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	int(*boxes)[4] = NULL;
	int n_boxes = 0;
	int rc = scan_zbar(grey, width, height, out, &boxes, &n_boxes);
	if (rc == 0 && budget_ms > 0)
		rc = scan_dmtx(grey, width, height, budget_ms, (const int(*)[4])boxes, n_boxes,
			       out);
	free(boxes);
	if (rc < 0) {
		barcode_list_free(out);
		return out_of_memory(err);
	}
	out->width = width;
	out->height = height;
	return 0;
}

int barcode_decode_grey_budget(const unsigned char *grey, int width, int height, size_t stride,
			       int datamatrix_ms, struct barcode_list *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (check_size(width, height, BARCODE_MAX_PIXELS, err) < 0)
		return -ERR_USAGE;
	if (!grey || stride < (size_t)width)
		return error_set(err, ERR_USAGE, "%s", _("the image has no pixels"));
	if (stride == (size_t)width)
		return scan(grey, width, height, datamatrix_ms, out, err);
	unsigned char *packed = malloc((size_t)width * (size_t)height);
	if (!packed)
		return out_of_memory(err);
	for (int y = 0; y < height; y++)
		memcpy(packed + (size_t)y * (size_t)width, grey + (size_t)y * stride,
		       (size_t)width);
	int rc = scan(packed, width, height, datamatrix_ms, out, err);
	free(packed);
	return rc;
}

int barcode_decode_grey(const unsigned char *grey, int width, int height, size_t stride,
			struct barcode_list *out, struct error *err)
{
	return barcode_decode_grey_budget(grey, width, height, stride, BARCODE_DATAMATRIX_BUDGET_MS,
					  out, err);
}

/* --- PNG and JPEG ----------------------------------------------------------------- */

static int is_png(const unsigned char *data, size_t len)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	return len >= sizeof(sig) && memcmp(data, sig, sizeof(sig)) == 0;
}

/* libpng's simplified API converts every PNG (1 to 16 bits, palette, alpha, tRNS,
 * interlaced) to 8-bit grey, composites alpha on the background given and reports
 * errors in image.message instead of stderr. */
static int decode_png(const unsigned char *data, size_t len, long max_pixels, unsigned char **grey,
		      int *width, int *height, struct error *err)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		error_set(err, ERR_USAGE, _("the PNG image is damaged: %s"), img.message);
		png_image_free(&img);
		return -ERR_USAGE;
	}
	if (check_size((long)img.width, (long)img.height, max_pixels, err) < 0) {
		png_image_free(&img);
		return -ERR_USAGE;
	}
	img.format = PNG_FORMAT_GRAY;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	if (!px) {
		png_image_free(&img);
		return out_of_memory(err);
	}
	/* paper is white: a transparent background is too */
	const png_color white = { 255, 255, 255 };
	if (!png_image_finish_read(&img, &white, px, 0, NULL)) {
		error_set(err, ERR_USAGE, _("the PNG image is damaged: %s"), img.message);
		png_image_free(&img);
		free(px);
		return -ERR_USAGE;
	}
	*grey = px;
	*width = (int)img.width;
	*height = (int)img.height;
	return 0;
}

static int decode_jpeg(const unsigned char *data, size_t len, long max_pixels, unsigned char **grey,
		       int *width, int *height, struct error *err)
{
	struct image img;
	int rc = image_decode(data, len, max_pixels, &img, err);
	if (rc < 0)
		return rc;
	unsigned char *px = malloc((size_t)img.width * (size_t)img.height);
	if (!px) {
		image_free(&img);
		return out_of_memory(err);
	}
	/* ITU-R BT.601 luma, the Y a camera's own JPEG encoder started from */
	for (int y = 0; y < img.height; y++) {
		const unsigned char *p = img.rgb + img.stride * (size_t)y;
		unsigned char *o = px + (size_t)y * (size_t)img.width;
		for (int x = 0; x < img.width; x++, p += 3)
			o[x] = (unsigned char)((77u * p[0] + 150u * p[1] + 29u * p[2] + 128) >> 8);
	}
	*grey = px;
	*width = img.width;
	*height = img.height;
	image_free(&img);
	return 0;
}

int barcode_decode_memory_limits(const unsigned char *data, size_t len, long max_pixels,
				 int datamatrix_ms, struct barcode_list *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (max_pixels <= 0 || max_pixels > BARCODE_MAX_PIXELS)
		max_pixels = BARCODE_MAX_PIXELS;
	unsigned char *grey = NULL;
	int width = 0, height = 0, rc;
	if (data && is_png(data, len))
		rc = decode_png(data, len, max_pixels, &grey, &width, &height, err);
	else if (image_sniff(data, len) == IMAGE_JPEG)
		rc = decode_jpeg(data, len, max_pixels, &grey, &width, &height, err);
	else
		return error_set(err, ERR_USAGE, "%s",
				 _("the file is neither a PNG nor a JPEG image; save the scan in "
				   "one of these formats"));
	if (rc < 0)
		return rc;
	rc = scan(grey, width, height, datamatrix_ms, out, err);
	free(grey);
	return rc;
}

int barcode_decode_memory(const unsigned char *data, size_t len, struct barcode_list *out,
			  struct error *err)
{
	return barcode_decode_memory_limits(data, len, 0, BARCODE_DATAMATRIX_BUDGET_MS, out, err);
}

int barcode_decode_file(const char *path, struct barcode_list *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = file_read_all(path, BARCODE_MAX_FILE, &data, &len, err);
	if (rc < 0)
		return rc;
	struct error why;
	error_clear(&why);
	rc = barcode_decode_memory(data, len, out, &why);
	free(data);
	if (rc < 0)
		return error_set(err, why.code, _("cannot read barcodes in '%s': %s"), path,
				 why.msg);
	return 0;
}
