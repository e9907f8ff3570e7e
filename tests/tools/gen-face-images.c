/* Writes synthetic face images, made by the same encoders the unit tests use
 * (tests/unit/image_testutil.h):
 *
 *   gen-face-images corpus DIR         seeds for tests/fuzz/corpus/fuzz_image (small:
 *                                      the fuzz run caps inputs at 4096 bytes)
 *   gen-face-images face W H OUT       one face, JPEG or JP2 by OUT's extension, for
 *                                      a virtual passport's DG2
 *
 * Build: cc -I. -Itests/unit $(pkg-config --cflags libjpeg libopenjp2) \
 *          -o build/gen-face-images tests/tools/gen-face-images.c \
 *          $(pkg-config --libs libjpeg libopenjp2)
 * The outputs are committed; run this only to change them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_testutil.h"

static int save(const char *dir, const char *name, unsigned char *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] ? "/" : "", name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "gen-face-images: cannot write '%s'\n", path);
		return 1;
	}
	free(data);
	printf("%s: %zu bytes\n", path, len);
	return 0;
}

static int corpus(const char *dir)
{
	enum { W = 36, H = 48 };
	unsigned char *face = it_face(W, H), grey[W * H];
	for (int i = 0; i < W * H; i++)
		grey[i] = face[i * 3 + 1];
	size_t len = 0;
	int bad = 0;
	unsigned char *data;
	/* the length is known only after the call: one statement each */
	data = it_jpeg(face, W, H, 3, 60, 0, &len);
	bad |= save(dir, "face.jpg", data, len);
	data = it_jpeg(face, W, H, 3, 60, 1, &len);
	bad |= save(dir, "face-progressive.jpg", data, len);
	data = it_jpeg(grey, W, H, 1, 60, 0, &len);
	bad |= save(dir, "face-grey.jpg", data, len);
	data = it_j2k(face, W, H, 1, 8, &len);
	bad |= save(dir, "face.jp2", data, len);
	data = it_j2k(face, W, H, 0, 8, &len);
	bad |= save(dir, "face.j2k", data, len);
	free(face);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "corpus") == 0)
		return corpus(argv[2]);
	if (argc == 5 && strcmp(argv[1], "face") == 0) {
		long w = strtol(argv[2], NULL, 10), h = strtol(argv[3], NULL, 10);
		if (w < 8 || h < 8 || w > 2000 || h > 2000)
			return 2;
		const char *dot = strrchr(argv[4], '.');
		unsigned char *face = it_face((int)w, (int)h);
		size_t len;
		unsigned char *data = dot && strcmp(dot, ".jp2") == 0
					      ? it_j2k(face, (int)w, (int)h, 1, 12, &len)
					      : it_jpeg(face, (int)w, (int)h, 3, 85, 0, &len);
		free(face);
		return save("", argv[4], data, len);
	}
	fprintf(stderr, "usage: gen-face-images corpus DIR | face W H OUT.jpg|OUT.jp2\n");
	return 2;
}
