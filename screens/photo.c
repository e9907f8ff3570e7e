/* Rendering a face into terminal cells: chafa picks a symbol and two colours for each
 * cell from the pixels under it; the cells are read back and drawn with curses, so the
 * photo sits in the screen's layout like any other text and survives a redraw, a
 * resize and a screen over SSH. */
#include "screens/photo.h"

#include <chafa.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "screens/theme.h"

enum photo_mode { MODE_MONO = 1, MODE_8, MODE_16, MODE_240, MODE_DIRECT };

struct photo_cell {
	wchar_t ch;
	int pair; /* 0: the terminal's default colours */
};

struct photo {
	struct image img;
	unsigned char *grey; /* the monochrome rendering's input, made when first needed */
	/* what cells[] holds: rendered for this size and mode (mode 0: nothing yet) */
	int rows, cols;
	enum photo_mode mode;
	struct photo_cell *cells;
	int *pairs; /* the pairs this photo allocated, freed with it */
	int n_pairs;
};

/* Pairs allocated by photos and not yet freed: alloc_pair() recycles the oldest pair
 * when every one is taken, which could be a theme's; photos stop short of that. */
static int pairs_in_use;

static enum photo_mode terminal_mode(void)
{
	if (theme_is_mono() || !has_colors() || COLORS < 8)
		return MODE_MONO;
	if (COLORS >= 0x1000000)
		return MODE_DIRECT; /* ncurses' direct colour: a colour number is 0xRRGGBB */
	if (COLORS >= 256)
		return MODE_240; /* 16-255 only: terminals let users redefine 0-15 */
	return COLORS >= 16 ? MODE_16 : MODE_8;
}

/* Width over height of one cell: from the terminal when it says its size in pixels,
 * else the usual 1:2 of terminal fonts. */
static float cell_ratio(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_xpixel > 0 && ws.ws_ypixel > 0 &&
	    ws.ws_col > 0 && ws.ws_row > 0) {
		float r = ((float)ws.ws_xpixel / ws.ws_col) / ((float)ws.ws_ypixel / ws.ws_row);
		if (r > 0.2f && r < 2.0f)
			return r;
	}
	return 0.5f;
}

struct photo *photo_new(struct image *img)
{
	if (!img || !img->rgb || img->width < 1 || img->height < 1) {
		image_free(img);
		return NULL;
	}
	struct photo *p = calloc(1, sizeof(*p));
	if (!p) {
		image_free(img);
		return NULL;
	}
	p->img = *img;
	memset(img, 0, sizeof(*img));
	return p;
}

static void release_pairs(struct photo *p)
{
	for (int i = 0; i < p->n_pairs; i++)
		free_pair(p->pairs[i]);
	pairs_in_use -= p->n_pairs;
	free(p->pairs);
	p->pairs = NULL;
	p->n_pairs = 0;
}

void photo_free(struct photo **pp)
{
	if (!pp || !*pp)
		return;
	struct photo *p = *pp;
	release_pairs(p);
	free(p->cells);
	free(p->grey);
	image_free(&p->img);
	free(p);
	*pp = NULL;
}

void photo_fit(const struct photo *p, int rows, int cols, int *out_rows, int *out_cols)
{
	*out_rows = *out_cols = 0;
	if (!p || rows < 1 || cols < 1)
		return;
	gint w = cols, h = rows;
	chafa_calc_canvas_geometry(p->img.width, p->img.height, &w, &h, cell_ratio(), FALSE, FALSE);
	*out_rows = h < 1 ? 1 : h > rows ? rows : h;
	*out_cols = w < 1 ? 1 : w > cols ? cols : w;
}

/* Monochrome shows light against dark with one symbol per cell: stretch the grey
 * levels over the whole range first (histogram equalisation), or a pale face on a pale
 * background would be one block of light. */
static const unsigned char *grey_pixels(struct photo *p)
{
	if (p->grey)
		return p->grey;
	size_t n = (size_t)p->img.width * (size_t)p->img.height;
	unsigned char *g = malloc(n * 3);
	if (!g)
		return p->img.rgb;
	unsigned long hist[256] = { 0 }, cdf[256], sum = 0;
	for (int y = 0; y < p->img.height; y++) {
		const unsigned char *s = p->img.rgb + p->img.stride * (size_t)y;
		for (int x = 0; x < p->img.width; x++, s += 3)
			hist[(s[0] * 299u + s[1] * 587u + s[2] * 114u) / 1000u]++;
	}
	for (int i = 0; i < 256; i++)
		cdf[i] = sum += hist[i];
	unsigned char *d = g;
	for (int y = 0; y < p->img.height; y++) {
		const unsigned char *s = p->img.rgb + p->img.stride * (size_t)y;
		for (int x = 0; x < p->img.width; x++, s += 3, d += 3) {
			unsigned l = (s[0] * 299u + s[1] * 587u + s[2] * 114u) / 1000u;
			d[0] = d[1] = d[2] = (unsigned char)(cdf[l] * 255u / sum);
		}
	}
	p->grey = g;
	return g;
}

static ChafaCanvas *new_canvas(enum photo_mode mode, int rows, int cols)
{
	static const ChafaCanvasMode modes[] = {
		[MODE_MONO] = CHAFA_CANVAS_MODE_FGBG,
		[MODE_8] = CHAFA_CANVAS_MODE_INDEXED_8,
		[MODE_16] = CHAFA_CANVAS_MODE_INDEXED_16,
		[MODE_240] = CHAFA_CANVAS_MODE_INDEXED_240,
		[MODE_DIRECT] = CHAFA_CANVAS_MODE_TRUECOLOR,
	};
	/* a face of a few hundred cells needs no thread pool: chafa's would be threads the
	 * terminal's signals (resize, Ctrl-C) could land on instead of the main loop's */
	chafa_set_n_threads(1);
	ChafaSymbolMap *map = chafa_symbol_map_new();
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	/* block elements draw a face better than line art at ten cells wide; outside
	 * UTF-8 only ASCII can be shown at all */
	chafa_symbol_map_add_by_tags(map, MB_CUR_MAX > 1 ? CHAFA_SYMBOL_TAG_BLOCK |
								   CHAFA_SYMBOL_TAG_SOLID |
								   CHAFA_SYMBOL_TAG_SPACE
							 : CHAFA_SYMBOL_TAG_ASCII);
	/* Symbols for Legacy Computing (sextants, wedges) are missing from most fonts;
	 * removing the SEXTANT tag would take the full block with them. In colour a
	 * cell's two colours can be swapped instead of inverting a symbol; in monochrome
	 * the full and inverted blocks are the only way to light a whole cell. */
	chafa_symbol_map_remove_by_tags(
		map, CHAFA_SYMBOL_TAG_WIDE | CHAFA_SYMBOL_TAG_LEGACY |
			     (mode == MODE_MONO ? 0 : CHAFA_SYMBOL_TAG_INVERTED));
	chafa_canvas_config_set_geometry(cfg, cols, rows);
	chafa_canvas_config_set_canvas_mode(cfg, modes[mode]);
	chafa_canvas_config_set_symbol_map(cfg, map);
	if (mode == MODE_MONO) { /* light on dark, as most terminals are */
		chafa_canvas_config_set_fg_color(cfg, 0xffffff);
		chafa_canvas_config_set_bg_color(cfg, 0x000000);
		/* a small photo reads best as a clean silhouette; from a dozen rows up,
		 * diffusion brings out the eyes and the mouth */
		chafa_canvas_config_set_dither_mode(cfg, rows >= 12 ? CHAFA_DITHER_MODE_DIFFUSION
								    : CHAFA_DITHER_MODE_NONE);
	}
	ChafaCanvas *canvas = chafa_canvas_new(cfg);
	chafa_canvas_config_unref(cfg);
	chafa_symbol_map_unref(map);
	return canvas;
}

/* A colour pair for (fg, bg), allocated when the terminal has one to spare; 0 when not
 * (the cell is then drawn in the default colours: its symbol still shapes the face). */
static int pair_for(struct photo *p, int fg, int bg)
{
	int pair = find_pair(fg, bg);
	if (pair > 0)
		return pair;
	/* keep the theme's pairs, and a margin, out of alloc_pair's reach */
	if (pairs_in_use >= COLOR_PAIRS - TH_COUNT - 2)
		return 0;
	pair = alloc_pair(fg, bg);
	if (pair <= 0)
		return 0;
	p->pairs[p->n_pairs++] = pair;
	pairs_in_use++;
	return pair;
}

static int curses_colour(enum photo_mode mode, int c)
{
	if (c < 0)
		return -1; /* chafa's transparent: the terminal's own */
	if (mode == MODE_DIRECT)
		return (c & 0xffffff) < 8 ? 8 : c & 0xffffff; /* 0-7 are still the ANSI eight */
	return c;
}

static int render(struct photo *p, enum photo_mode mode, int rows, int cols)
{
	release_pairs(p);
	free(p->cells);
	p->cells = calloc((size_t)rows * (size_t)cols, sizeof(*p->cells));
	p->pairs = calloc((size_t)rows * (size_t)cols, sizeof(*p->pairs));
	p->mode = 0;
	if (!p->cells || !p->pairs)
		return -1;
	ChafaCanvas *canvas = new_canvas(mode, rows, cols);
	if (!canvas)
		return -1;
	const unsigned char *px = mode == MODE_MONO ? grey_pixels(p) : p->img.rgb;
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGB8, px, p->img.width, p->img.height,
				     (gint)p->img.stride);
	for (int y = 0; y < rows; y++) {
		for (int x = 0; x < cols; x++) {
			struct photo_cell *c = &p->cells[y * cols + x];
			gunichar u = chafa_canvas_get_char_at(canvas, x, y);
			c->ch = wcwidth((wchar_t)u) == 1 ? (wchar_t)u : L' ';
			if (mode == MODE_MONO)
				continue;
			gint fg, bg;
			if (mode == MODE_DIRECT)
				chafa_canvas_get_colors_at(canvas, x, y, &fg, &bg);
			else
				chafa_canvas_get_raw_colors_at(canvas, x, y, &fg, &bg);
			c->pair = pair_for(p, curses_colour(mode, fg), curses_colour(mode, bg));
		}
	}
	chafa_canvas_unref(canvas);
	p->rows = rows;
	p->cols = cols;
	p->mode = mode;
	return 0;
}

void photo_draw(struct photo *p, int y, int x, int rows, int cols)
{
	int h, w;
	photo_fit(p, rows, cols, &h, &w);
	if (h < 1 || w < 1)
		return;
	enum photo_mode mode = terminal_mode();
	if ((p->mode != mode || p->rows != h || p->cols != w) && render(p, mode, h, w) < 0)
		return;
	y += (rows - h) / 2;
	x += (cols - w) / 2;
	for (int r = 0; r < h; r++) {
		for (int c = 0; c < w; c++) {
			const struct photo_cell *cell = &p->cells[r * w + c];
			wchar_t one[2] = { cell->ch, L'\0' };
			int pair = cell->pair;
			cchar_t cc;
			/* the pair through opts: pair numbers past 255 do not fit an attr_t */
			setcchar(&cc, one, A_NORMAL, 0, &pair);
			mvadd_wch(y + r, x + c, &cc);
		}
	}
}
