/* Face images from a chip, decoded with libjpeg and openjpeg under caps (see image.h).
 * Both libraries report failures their own way: libjpeg calls error_exit (which must
 * not return: here a longjmp back to image_decode) and prints warnings on stderr
 * unless told otherwise; openjpeg calls message handlers and returns false. Neither
 * is allowed to write to the terminal or to end the program. */
#include "scanners/image.h"

#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE and size_t */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <openjpeg.h>

#include "i18n/i18n.h"

/* A progressive JPEG may repeat scans without end, each pass over the whole image: a
 * few kilobytes that keep a decoder busy for minutes (the attack libjpeg-turbo's own
 * TurboJPEG API caps at 500 scans). A real progressive JPEG has about ten. */
enum { JPEG_MAX_SCANS = 100 };
/* JPEG 2000 tiles each cost a decoder structure: a tiny tile size over a large image
 * asks for millions of them. Face images are one tile, or a handful. */
enum { J2K_MAX_TILES = 4096 };

enum image_format image_sniff(const unsigned char *data, size_t len)
{
	static const unsigned char jp2[12] = { 0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50,
					       0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a };
	if (!data)
		return IMAGE_UNKNOWN;
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return IMAGE_JPEG;
	if (len >= sizeof(jp2) && memcmp(data, jp2, sizeof(jp2)) == 0)
		return IMAGE_JP2;
	if (len >= 4 && data[0] == 0xff && data[1] == 0x4f && data[2] == 0xff && data[3] == 0x51)
		return IMAGE_J2K;
	return IMAGE_UNKNOWN;
}

const char *image_format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_JPEG:
		return "JPEG";
	case IMAGE_JP2:
		return "JPEG 2000";
	case IMAGE_J2K:
		return "JPEG 2000 codestream";
	case IMAGE_UNKNOWN:
		break;
	}
	return "unknown";
}

void image_free(struct image *img)
{
	if (!img)
		return;
	free(img->rgb);
	memset(img, 0, sizeof(*img));
}

/* The caps every decoder checks before it allocates: 0, or -1 with err. */
static int check_size(long width, long height, long max_pixels, struct error *err)
{
	if (width <= 0 || height <= 0)
		return error_set(err, ERR_USAGE, "%s", _("the image has no pixels"));
	if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE || width * height > max_pixels)
		return error_set(err, ERR_USAGE,
				 _("the image is too large (%ld×%ld pixels); refused unread"),
				 width, height);
	return 0;
}

static int alloc_pixels(struct image *img, int width, int height, struct error *err)
{
	img->width = width;
	img->height = height;
	img->stride = (size_t)width * 3;
	img->rgb = malloc(img->stride * (size_t)height);
	if (!img->rgb)
		return error_set(err, ERR_IO, "%s", _("out of memory decoding the image"));
	return 0;
}

/* --- JPEG ------------------------------------------------------------------------- */

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr c)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;
	c->err->format_message(c, f->msg);
	longjmp(f->jump, 1);
}

/* Warnings (level -1) end the decode: a premature end or corrupt data would otherwise
 * be shown as grey or smeared blocks, and the officer would compare a face with that.
 * Trace messages (level > 0) are dropped. */
static void jpeg_fail_emit(j_common_ptr c, int level)
{
	if (level < 0)
		jpeg_fail_exit(c);
}

static void jpeg_fail_output(j_common_ptr c)
{
	(void)c; /* never to stderr */
}

static void jpeg_count_scans(j_common_ptr c)
{
	if (!c->is_decompressor)
		return;
	j_decompress_ptr d = (j_decompress_ptr)c;
	if (d->input_scan_number > JPEG_MAX_SCANS) {
		struct jpeg_fail *f = (struct jpeg_fail *)c->err;
		snprintf(f->msg, sizeof(f->msg), "more than %d scans", JPEG_MAX_SCANS);
		longjmp(f->jump, 1);
	}
}

/* Adobe writes CMYK inverted; everyone else as is. */
static void cmyk_row(const unsigned char *in, unsigned char *out, int width, int inverted)
{
	for (int x = 0; x < width; x++, in += 4, out += 3) {
		unsigned c = in[0], m = in[1], y = in[2], k = in[3];
		if (!inverted) {
			c = 255 - c;
			m = 255 - m;
			y = 255 - y;
			k = 255 - k;
		}
		out[0] = (unsigned char)(c * k / 255);
		out[1] = (unsigned char)(m * k / 255);
		out[2] = (unsigned char)(y * k / 255);
	}
}

static int decode_jpeg(const unsigned char *data, size_t len, long max_pixels, struct image *out,
		       struct error *err)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail fail;
	struct jpeg_progress_mgr progress = { .progress_monitor = jpeg_count_scans };
	/* changed after setjmp and used after a longjmp: volatile (C11 7.13.2.1) */
	unsigned char *volatile row = NULL;
	volatile int rc = -1;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.emit_message = jpeg_fail_emit;
	fail.mgr.output_message = jpeg_fail_output;
	fail.msg[0] = '\0';
	if (setjmp(fail.jump)) {
		error_set(err, ERR_USAGE, _("the JPEG image is damaged: %s"), fail.msg);
		goto done;
	}
	jpeg_create_decompress(&cinfo);
	/* no temporary files: what does not fit the budget is an error */
	cinfo.mem->max_memory_to_use = IMAGE_MAX_WORK;
	cinfo.progress = &progress;
	if (len > ULONG_MAX) {
		error_set(err, ERR_USAGE, "%s", _("the image is too large"));
		goto done;
	}
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (check_size((long)cinfo.image_width, (long)cinfo.image_height, max_pixels, err) < 0)
		goto done;
	int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
	cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_components != (cmyk ? 4 : 3)) {
		error_set(err, ERR_USAGE, "%s",
			  _("the JPEG image has an unsupported colour space"));
		goto done;
	}
	if (alloc_pixels(out, (int)cinfo.output_width, (int)cinfo.output_height, err) < 0)
		goto done;
	if (cmyk && !(row = malloc((size_t)cinfo.output_width * 4))) {
		error_set(err, ERR_IO, "%s", _("out of memory decoding the image"));
		goto done;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		unsigned char *dst = out->rgb + out->stride * cinfo.output_scanline;
		JSAMPROW rows[1] = { row ? row : dst };
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
			error_set(err, ERR_USAGE, "%s", _("the JPEG image is truncated"));
			goto done;
		}
		if (row)
			cmyk_row(row, dst, out->width, cinfo.saw_Adobe_marker);
	}
	jpeg_finish_decompress(&cinfo);
	rc = 0;
done:
	jpeg_destroy_decompress(&cinfo);
	free(row);
	return rc;
}

/* --- JPEG 2000 -------------------------------------------------------------------- */

struct mem_stream {
	const unsigned char *data;
	size_t len, pos;
};

static OPJ_SIZE_T mem_read(void *buf, OPJ_SIZE_T n, void *user)
{
	struct mem_stream *m = user;
	size_t left = m->len - m->pos;
	if (left == 0)
		return (OPJ_SIZE_T)-1; /* openjpeg's end of stream */
	n = n < left ? n : left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return n;
}

static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user)
{
	struct mem_stream *m = user;
	if (n < 0) {
		if ((uint64_t)-n > m->pos)
			return -1;
		m->pos -= (size_t)-n;
		return n;
	}
	size_t left = m->len - m->pos;
	size_t step = (uint64_t)n < left ? (size_t)n : left;
	m->pos += step;
	return (OPJ_OFF_T)step;
}

static OPJ_BOOL mem_seek(OPJ_OFF_T to, void *user)
{
	struct mem_stream *m = user;
	if (to < 0 || (uint64_t)to > m->len)
		return OPJ_FALSE;
	m->pos = (size_t)to;
	return OPJ_TRUE;
}

static void opj_keep_error(const char *msg, void *user)
{
	char *buf = user;
	if (buf[0] == '\0') /* the first is the cause; the rest follow from it */
		snprintf(buf, 256, "%.*s", (int)strcspn(msg, "\n"), msg);
}

static void opj_quiet(const char *msg, void *user)
{
	(void)msg;
	(void)user;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The codestream inside a JP2 file: the contents of its top-level 'jp2c' box. */
static const unsigned char *jp2_codestream(const unsigned char *data, size_t len, size_t *cs_len)
{
	size_t pos = 0;
	while (len - pos >= 8) {
		uint64_t box = be32(data + pos), head = 8;
		if (box == 1) { /* the length follows in 64 bits */
			if (len - pos < 16)
				return NULL;
			box = (uint64_t)be32(data + pos + 8) << 32 | be32(data + pos + 12);
			head = 16;
		} else if (box == 0) { /* to the end of the file */
			box = len - pos;
		}
		if (box < head || box > len - pos)
			return NULL;
		if (memcmp(data + pos + 4, "jp2c", 4) == 0) {
			*cs_len = (size_t)(box - head);
			return data + pos + head;
		}
		pos += (size_t)box;
	}
	return NULL;
}

/* SIZ, read here before openjpeg sees the file: openjpeg allocates a structure per
 * tile while it reads the header, so 87 bytes that claim a 262180×2686981 image in
 * 48-row tiles cost 300 MB before opj_read_header returns (found by fuzz_image). */
static int check_siz(const unsigned char *data, size_t len, enum image_format fmt, long max_pixels,
		     struct error *err)
{
	const unsigned char *cs = data;
	size_t n = len;
	if (fmt == IMAGE_JP2 && !(cs = jp2_codestream(data, len, &n)))
		return error_set(err, ERR_USAGE, _("the JPEG 2000 image is damaged: %s"),
				 _("no codestream"));
	/* SOC, SIZ, Lsiz, Rsiz, then Xsiz ... YTOsiz (4 bytes each) and Csiz */
	if (n < 4 + 38 + 2 || cs[0] != 0xff || cs[1] != 0x4f || cs[2] != 0xff || cs[3] != 0x51)
		return error_set(err, ERR_USAGE, _("the JPEG 2000 image is damaged: %s"),
				 _("no header"));
	const unsigned char *p = cs + 8;
	uint32_t x1 = be32(p), y1 = be32(p + 4), x0 = be32(p + 8), y0 = be32(p + 12);
	uint32_t tw = be32(p + 16), th = be32(p + 20), tx0 = be32(p + 24), ty0 = be32(p + 28);
	unsigned comps = (unsigned)p[32] << 8 | p[33];
	if (x1 <= x0 || y1 <= y0)
		return error_set(err, ERR_USAGE, "%s", _("the image has no pixels"));
	if (check_size((long)(x1 - x0), (long)(y1 - y0), max_pixels, err) < 0)
		return -1;
	if (comps < 1 || comps > 4)
		return error_set(err, ERR_USAGE,
				 _("the JPEG 2000 image has %u components; 1 to 4 are supported"),
				 comps);
	if (tw == 0 || th == 0 || tx0 > x0 || ty0 > y0)
		return error_set(err, ERR_USAGE, _("the JPEG 2000 image is damaged: %s"),
				 _("no tiles"));
	unsigned long long tiles = ((unsigned long long)(x1 - tx0) + tw - 1) / tw *
				   (((unsigned long long)(y1 - ty0) + th - 1) / th);
	if (tiles > J2K_MAX_TILES)
		return error_set(err, ERR_USAGE, _("the JPEG 2000 image has %llu tiles; refused"),
				 tiles);
	return 0;
}

/* Checks what the header promises before a tile is decoded. */
static int check_j2k_header(opj_codec_t *codec, const opj_image_t *img, long max_pixels,
			    struct error *err)
{
	if (img->x1 <= img->x0 || img->y1 <= img->y0)
		return error_set(err, ERR_USAGE, "%s", _("the image has no pixels"));
	long w = (long)(img->x1 - img->x0), h = (long)(img->y1 - img->y0);
	if (check_size(w, h, max_pixels, err) < 0)
		return -1;
	if (img->numcomps < 1 || img->numcomps > 4 || !img->comps)
		return error_set(err, ERR_USAGE,
				 _("the JPEG 2000 image has %u components; 1 to 4 are supported"),
				 img->numcomps);
	for (OPJ_UINT32 i = 0; i < img->numcomps; i++)
		if (img->comps[i].prec < 1 || img->comps[i].prec > 16 || img->comps[i].dx < 1 ||
		    img->comps[i].dy < 1)
			return error_set(err, ERR_USAGE, "%s",
					 _("the JPEG 2000 image has a component it cannot be "
					   "shown with"));
	if ((unsigned long long)w * (unsigned long long)h * img->numcomps * sizeof(OPJ_INT32) >
	    IMAGE_MAX_WORK)
		return error_set(err, ERR_USAGE,
				 _("the image is too large (%ld×%ld pixels); refused unread"), w,
				 h);
	opj_codestream_info_v2_t *info = opj_get_cstr_info(codec);
	unsigned long long tiles = info ? (unsigned long long)info->tw * info->th : 0;
	opj_destroy_cstr_info(&info);
	if (tiles < 1 || tiles > J2K_MAX_TILES)
		return error_set(err, ERR_USAGE, _("the JPEG 2000 image has %llu tiles; refused"),
				 tiles);
	return 0;
}

/* One component's sample nearest to (x, y) of the full image, as 0..255: components
 * may be subsampled, signed, and of any precision up to 16 bits. */
static int sample(const opj_image_comp_t *c, long x, long y, long w, long h)
{
	long cx = (long)((unsigned long long)x * c->w / (unsigned long long)w);
	long cy = (long)((unsigned long long)y * c->h / (unsigned long long)h);
	long v = c->data[(size_t)cy * c->w + (size_t)cx];
	if (c->sgnd)
		v += 1L << (c->prec - 1);
	if (c->prec > 8)
		v >>= c->prec - 8;
	else if (c->prec < 8)
		v = v * 255 / ((1L << c->prec) - 1);
	return v < 0 ? 0 : v > 255 ? 255 : (int)v;
}

static unsigned char clamp8(double v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (unsigned char)(v + 0.5);
}

static int j2k_to_rgb(const opj_image_t *img, struct image *out, struct error *err)
{
	int w = (int)(img->x1 - img->x0), h = (int)(img->y1 - img->y0);
	for (OPJ_UINT32 i = 0; i < img->numcomps; i++)
		if (!img->comps[i].data || img->comps[i].w < 1 || img->comps[i].h < 1)
			return error_set(err, ERR_USAGE, "%s", _("the JPEG 2000 image is damaged"));
	if (alloc_pixels(out, w, h, err) < 0)
		return -1;
	/* one or two components: grey (and alpha, which a face does not need) */
	int colour = img->numcomps >= 3;
	int ycc = img->color_space == OPJ_CLRSPC_SYCC || img->color_space == OPJ_CLRSPC_EYCC;
	int cmyk = img->color_space == OPJ_CLRSPC_CMYK && img->numcomps == 4;
	for (int y = 0; y < h; y++) {
		unsigned char *p = out->rgb + out->stride * (size_t)y;
		for (int x = 0; x < w; x++, p += 3) {
			int a = sample(&img->comps[0], x, y, w, h);
			if (!colour) {
				p[0] = p[1] = p[2] = (unsigned char)a;
				continue;
			}
			int b = sample(&img->comps[1], x, y, w, h);
			int c = sample(&img->comps[2], x, y, w, h);
			if (ycc) {
				p[0] = clamp8(a + 1.402 * (c - 128));
				p[1] = clamp8(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
				p[2] = clamp8(a + 1.772 * (b - 128));
			} else if (cmyk) {
				unsigned k = 255u - (unsigned)sample(&img->comps[3], x, y, w, h);
				p[0] = (unsigned char)((255u - (unsigned)a) * k / 255);
				p[1] = (unsigned char)((255u - (unsigned)b) * k / 255);
				p[2] = (unsigned char)((255u - (unsigned)c) * k / 255);
			} else {
				p[0] = (unsigned char)a;
				p[1] = (unsigned char)b;
				p[2] = (unsigned char)c;
			}
		}
	}
	return 0;
}

static int decode_j2k(const unsigned char *data, size_t len, enum image_format fmt, long max_pixels,
		      struct image *out, struct error *err)
{
	if (check_siz(data, len, fmt, max_pixels, err) < 0)
		return -1;
	struct mem_stream m = { data, len, 0 };
	char why[256] = "";
	opj_image_t *img = NULL;
	int rc = -1;
	opj_codec_t *codec =
		opj_create_decompress(fmt == IMAGE_JP2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
	opj_stream_t *st = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
	if (!codec || !st) {
		error_set(err, ERR_IO, "%s", _("out of memory decoding the image"));
		goto done;
	}
	opj_stream_set_user_data(st, &m, NULL);
	opj_stream_set_user_data_length(st, len);
	opj_stream_set_read_function(st, mem_read);
	opj_stream_set_skip_function(st, mem_skip);
	opj_stream_set_seek_function(st, mem_seek);
	opj_set_error_handler(codec, opj_keep_error, why);
	opj_set_warning_handler(codec, opj_quiet, NULL);
	opj_set_info_handler(codec, opj_quiet, NULL);
	opj_dparameters_t params;
	opj_set_default_decoder_parameters(&params);
	/* strict: a truncated codestream is an error, not a blurred face */
	if (!opj_setup_decoder(codec, &params) || !opj_decoder_set_strict_mode(codec, OPJ_TRUE) ||
	    !opj_read_header(st, codec, &img) || !img) {
		error_set(err, ERR_USAGE, _("the JPEG 2000 image is damaged: %s"),
			  why[0] ? why : _("no header"));
		goto done;
	}
	if (check_j2k_header(codec, img, max_pixels, err) < 0)
		goto done;
	if (!opj_decode(codec, st, img) || !opj_end_decompress(codec, st)) {
		error_set(err, ERR_USAGE, _("the JPEG 2000 image is damaged: %s"),
			  why[0] ? why : _("it does not decode"));
		goto done;
	}
	rc = j2k_to_rgb(img, out, err);
done:
	if (img)
		opj_image_destroy(img);
	if (st)
		opj_stream_destroy(st);
	if (codec)
		opj_destroy_codec(codec);
	return rc;
}

int image_decode(const unsigned char *data, size_t len, long max_pixels, struct image *out,
		 struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (max_pixels <= 0 || max_pixels > IMAGE_MAX_PIXELS)
		max_pixels = IMAGE_MAX_PIXELS;
	enum image_format fmt = image_sniff(data, len);
	int rc;
	switch (fmt) {
	case IMAGE_JPEG:
		rc = decode_jpeg(data, len, max_pixels, out, err);
		break;
	case IMAGE_JP2:
	case IMAGE_J2K:
		rc = decode_j2k(data, len, fmt, max_pixels, out, err);
		break;
	default:
		return error_set(err, ERR_USAGE, "%s",
				 _("the face image is neither JPEG nor JPEG 2000"));
	}
	if (rc < 0) {
		image_free(out);
		return rc;
	}
	out->format = fmt;
	return 0;
}
