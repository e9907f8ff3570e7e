/* For selftest.py: face.py writes its JPEGs with a small encoder of its own, so this
 * decodes one with libjpeg, the decoder the reader uses, and prints its PSNR in dB
 * against the drawing it came from (a binary PPM). Usage: jpegcheck FACE.jpg FACE.ppm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	FILE *f = fopen(argv[1], "rb"), *p = fopen(argv[2], "rb");
	if (!f || !p)
		return 2;
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr e;
	d.err = jpeg_std_error(&e);
	jpeg_create_decompress(&d);
	jpeg_stdio_src(&d, f);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	int w, h, mx;
	if (fscanf(p, "P6 %d %d %d", &w, &h, &mx) != 3)
		return 2;
	fgetc(p);
	if (w != (int)d.output_width || h != (int)d.output_height)
		return 3;
	unsigned char *row = malloc(w * 3), *ref = malloc(w * 3);
	double se = 0;
	while (d.output_scanline < d.output_height) {
		jpeg_read_scanlines(&d, &row, 1);
		if (fread(ref, 1, w * 3, p) != (size_t)w * 3)
			return 2;
		for (int i = 0; i < w * 3; i++)
			se += (row[i] - ref[i]) * (double)(row[i] - ref[i]);
	}
	jpeg_finish_decompress(&d);
	printf("%.1f\n", 10 * log10(255.0 * 255.0 / (se / (w * h * 3.0))));
	return 0;
}
