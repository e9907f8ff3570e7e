/* Images made at test time, so the decoder is tested on the encoders' own output and
 * no binary fixture has to be trusted: JPEG with libjpeg, JPEG 2000 (JP2 file or J2K
 * codestream) with openjpeg, and a synthetic face to encode (a head, hair, eyes, a
 * mouth and shoulders on a pale background: enough shape to recognise in a terminal).
 * Used by tests/unit/test_image.c and tests/tools/gen-face-images.c. */
#ifndef SHEKARA_IMAGE_TESTUTIL_H
#define SHEKARA_IMAGE_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <openjpeg.h>

#define IT_UNUSED __attribute__((unused))

/* RGB pixels of a w×h synthetic passport face. */
IT_UNUSED static unsigned char *it_face(int w, int h)
{
	unsigned char *p = malloc((size_t)w * (size_t)h * 3);
	if (!p)
		abort();
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double fx = (x - w / 2.0) / (w * 0.30), fy = (y - h * 0.42) / (h * 0.30);
			double d = fx * fx + fy * fy;
			unsigned char r = 205, g = 215, b = 228; /* background */
			double sx = (x - w / 2.0) / (w * 0.55), sy = (y - h * 1.05) / (h * 0.35);
			if (sx * sx + sy * sy < 1.0) { /* shoulders, a dark jacket */
				r = 40;
				g = 50;
				b = 90;
			}
			if (d < 1.0) { /* the face */
				r = 222;
				g = 176;
				b = 140;
				if (fy < -0.55 || (fy < -0.2 && (fx < -0.85 || fx > 0.85))) {
					r = 60; /* hair */
					g = 40;
					b = 25;
				}
				double ex = (fx < 0 ? fx + 0.38 : fx - 0.38) / 0.14,
				       ey = (fy + 0.12) / 0.08;
				if (ex * ex + ey * ey < 1.0)
					r = g = b = 30; /* eyes */
				double mx = fx / 0.35, my = (fy - 0.5) / 0.07;
				if (mx * mx + my * my < 1.0) {
					r = 170; /* mouth */
					g = 50;
					b = 60;
				}
			}
			unsigned char *q = p + ((size_t)y * (size_t)w + (size_t)x) * 3;
			q[0] = r;
			q[1] = g;
			q[2] = b;
		}
	}
	return p;
}

/* Encodes RGB (components 3) or grey (1) pixels as a JPEG; *len set. malloc'd. */
IT_UNUSED static unsigned char *it_jpeg(const unsigned char *px, int w, int h, int components,
					int quality, int progressive, size_t *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *buf = NULL;
	unsigned long n = 0;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &buf, &n);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = components;
	c.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row =
			(JSAMPROW)(px + (size_t)c.next_scanline * (size_t)w * (size_t)components);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*len = n;
	return buf;
}

struct it_buf {
	unsigned char *data;
	size_t len, cap, pos;
};

static OPJ_SIZE_T it_write(void *src, OPJ_SIZE_T n, void *user)
{
	struct it_buf *b = user;
	if (b->pos + n > b->cap) {
		size_t cap = (b->pos + n) * 2;
		unsigned char *d = realloc(b->data, cap);
		if (!d)
			return (OPJ_SIZE_T)-1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->pos, src, n);
	b->pos += n;
	b->len = b->pos > b->len ? b->pos : b->len;
	return n;
}

static OPJ_OFF_T it_skip(OPJ_OFF_T n, void *user)
{
	struct it_buf *b = user;
	unsigned char zero[256] = { 0 };
	for (OPJ_OFF_T left = n; left > 0;) {
		OPJ_SIZE_T step = left > 256 ? 256 : (OPJ_SIZE_T)left;
		if (it_write(zero, step, b) != step)
			return -1;
		left -= (OPJ_OFF_T)step;
	}
	return n;
}

static OPJ_BOOL it_seek(OPJ_OFF_T to, void *user)
{
	struct it_buf *b = user;
	if (to < 0 || (size_t)to > b->len)
		return OPJ_FALSE;
	b->pos = (size_t)to;
	return OPJ_TRUE;
}

/* Encodes RGB pixels as JPEG 2000: a JP2 file (jp2 1) or a bare codestream; lossless
 * when rate is 0, else compressed rate:1. malloc'd, *len set. */
IT_UNUSED static unsigned char *it_j2k(const unsigned char *px, int w, int h, int jp2, float rate,
				       size_t *len)
{
	opj_image_cmptparm_t cp[3];
	memset(cp, 0, sizeof(cp));
	for (int i = 0; i < 3; i++) {
		cp[i].dx = cp[i].dy = 1;
		cp[i].w = (OPJ_UINT32)w;
		cp[i].h = (OPJ_UINT32)h;
		cp[i].prec = 8;
	}
	opj_image_t *img = opj_image_create(3, cp, OPJ_CLRSPC_SRGB);
	if (!img)
		abort();
	img->x1 = (OPJ_UINT32)w;
	img->y1 = (OPJ_UINT32)h;
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		for (int c = 0; c < 3; c++)
			img->comps[c].data[i] = px[i * 3 + (size_t)c];
	opj_cparameters_t params;
	opj_set_default_encoder_parameters(&params);
	params.tcp_numlayers = 1;
	params.tcp_rates[0] = rate;
	params.cp_disto_alloc = 1;
	params.irreversible = rate > 0;
	params.numresolution = 4;
	opj_codec_t *codec = opj_create_compress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
	struct it_buf b = { 0 };
	opj_stream_t *st = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE);
	opj_stream_set_user_data(st, &b, NULL);
	opj_stream_set_write_function(st, it_write);
	opj_stream_set_skip_function(st, it_skip);
	opj_stream_set_seek_function(st, it_seek);
	if (!opj_setup_encoder(codec, &params, img) || !opj_start_compress(codec, img, st) ||
	    !opj_encode(codec, st) || !opj_end_compress(codec, st))
		abort();
	opj_stream_destroy(st);
	opj_destroy_codec(codec);
	opj_image_destroy(img);
	*len = b.len;
	return b.data;
}

#endif
