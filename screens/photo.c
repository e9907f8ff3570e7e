/* Rendering a face into terminal cells: chafa picks a symbol and two colours for each
 * cell from the pixels under it; the cells are read back and drawn with curses, so the
 * photo sits in the screen's layout like any other text and survives a redraw, a
 * resize and a screen over SSH.
 *
 * Where the terminal shows pictures, chafa encodes the face as a sixel or kitty
 * picture instead, written straight to the terminal after curses has drawn the frame
 * (photo_frame_end): curses cannot place a picture, so it is given blank cells to keep
 * and the picture is sent again whenever the terminal may have lost it. */
#include "screens/photo.h"

#include <chafa.h>
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "screens/theme.h"

enum {
	/* kitty keeps pictures by number; there is one photo at a time ("SHKA") */
	KITTY_ID = 0x53484b41,
	/* a cell's pixels when the terminal does not say: the usual 1:2 of terminal fonts */
	CELL_W = 10,
	CELL_H = 20,
	/* a face on a canvas of its box's shape, in pixels; past this it is stretched */
	PAD_MAX_PIXELS = 8 * 1024 * 1024,
};

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
	/* the picture's escape data (g_malloc'd), made for pix_rows × pix_cols cells of
	 * pix_cw × pix_ch pixels in pix_mode; pix_serial tells one picture from the next */
	char *pix;
	size_t pix_len;
	enum photo_graphics pix_mode;
	int pix_rows, pix_cols, pix_cw, pix_ch;
	unsigned long pix_serial;
};

/* The terminal's pictures: one terminal, one photo on it at a time, and the frame hook
 * is called by the loop between draws, so this lives here and not in a photo. */
static struct {
	enum photo_graphics mode;
	int cell_w, cell_h;    /* as the terminal answered at start-up; 0: it did not */
	unsigned long serials; /* pictures made so far */
	/* what this frame placed: the photo's picture at (y, x), rows × cols cells */
	struct photo *want;
	int y, x, rows, cols;
	/* what the terminal shows: the picture's serial (0: none) and its box */
	unsigned long shown;
	int shown_y, shown_x, shown_rows, shown_cols;
} gfx;

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

/* A cell's size in pixels for a picture: the tty's when it knows the window's pixels,
 * else what the terminal answered at start-up, else the usual 10 × 20. */
static void cell_size(int *w, int *h)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_xpixel > 0 && ws.ws_ypixel > 0 &&
	    ws.ws_col > 0 && ws.ws_row > 0) {
		int cw = ws.ws_xpixel / ws.ws_col, ch = ws.ws_ypixel / ws.ws_row;
		if (cw >= 2 && ch >= 2 && cw <= 256 && ch <= 256) {
			*w = cw;
			*h = ch;
			return;
		}
	}
	*w = gfx.cell_w > 0 && gfx.cell_h > 0 ? gfx.cell_w : CELL_W;
	*h = gfx.cell_w > 0 && gfx.cell_h > 0 ? gfx.cell_h : CELL_H;
}

/* Width over height of one cell: from the terminal when it says its size in pixels,
 * else the usual 1:2 of terminal fonts. A picture's box is fitted with the cell size
 * its pixels are made for. */
static float cell_ratio(void)
{
	if (gfx.mode != PHOTO_SYMBOLS) {
		int cw, ch;
		cell_size(&cw, &ch);
		float r = (float)cw / (float)ch;
		return r > 0.2f && r < 2.0f ? r : 0.5f;
	}
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
	if (gfx.want == p)
		gfx.want = NULL;
	release_pairs(p);
	g_free(p->pix);
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

/* The face centred on a transparent canvas of its box's shape: chafa stretches what it
 * is given over the whole box, and a box of whole cells is seldom the face's shape.
 * NULL when that canvas would be too big (then the face is stretched by less than a
 * cell) or memory is short. */
static unsigned char *on_box_shape(const struct image *img, int box_w, int box_h, int *out_w,
				   int *out_h)
{
	long long w = img->width, h = img->height;
	if (w * box_h < h * box_w)
		w = (h * box_w + box_h / 2) / box_h;
	else
		h = (w * box_h + box_w / 2) / box_w;
	w = w < img->width ? img->width : w;
	h = h < img->height ? img->height : h;
	if (w * h > PAD_MAX_PIXELS)
		return NULL;
	unsigned char *px = calloc((size_t)(w * h), 4);
	if (!px)
		return NULL;
	long long ox = (w - img->width) / 2, oy = (h - img->height) / 2;
	for (int y = 0; y < img->height; y++) {
		const unsigned char *s = img->rgb + img->stride * (size_t)y;
		unsigned char *d = px + (size_t)(((oy + y) * w + ox) * 4);
		for (int x = 0; x < img->width; x++, s += 3, d += 4) {
			memcpy(d, s, 3);
			d[3] = 0xff;
		}
	}
	*out_w = (int)w;
	*out_h = (int)h;
	return px;
}

/* Encodes the face as a sixel or kitty picture of rows × cols cells of cw × ch pixels
 * into p->pix. Kitty's picture gets this program's number, to be taken away by it, and
 * q=2: without it the terminal would answer into the keyboard input. */
static int render_picture(struct photo *p, int rows, int cols, int cw, int ch)
{
	g_free(p->pix);
	p->pix = NULL;
	int w = 0, h = 0;
	unsigned char *rgba = on_box_shape(&p->img, cols * cw, rows * ch, &w, &h);
	chafa_set_n_threads(1); /* see new_canvas */
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, cols, rows);
	chafa_canvas_config_set_cell_geometry(cfg, cw, ch);
	chafa_canvas_config_set_pixel_mode(cfg, gfx.mode == PHOTO_KITTY ? CHAFA_PIXEL_MODE_KITTY
									: CHAFA_PIXEL_MODE_SIXELS);
	chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_TRUECOLOR);
	ChafaCanvas *canvas = chafa_canvas_new(cfg);
	chafa_canvas_config_unref(cfg);
	if (!canvas) {
		free(rgba);
		return -1;
	}
	if (rgba)
		chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, rgba, w, h,
					     w * 4);
	else
		chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGB8, p->img.rgb, p->img.width,
					     p->img.height, (gint)p->img.stride);
	free(rgba);
	GString *out = chafa_canvas_print(canvas, NULL);
	chafa_canvas_unref(canvas);
	if (!out)
		return -1;
	if (gfx.mode == PHOTO_KITTY) {
		if (out->len < 3 || memcmp(out->str, "\033_G", 3) != 0) {
			g_string_free(out, TRUE);
			return -1;
		}
		char id[40];
		snprintf(id, sizeof(id), "i=%u,q=2,", (unsigned)KITTY_ID);
		g_string_insert(out, 3, id);
	}
	p->pix_len = out->len;
	p->pix = g_string_free(out, FALSE);
	p->pix_mode = gfx.mode;
	p->pix_rows = rows;
	p->pix_cols = cols;
	p->pix_cw = cw;
	p->pix_ch = ch;
	p->pix_serial = ++gfx.serials;
	return 0;
}

/* The picture's part of a frame: its cells blank in curses, the picture for
 * photo_frame_end. -1 when it cannot be a picture (then the symbols are drawn). */
static int place_picture(struct photo *p, int y, int x, int rows, int cols)
{
	/* a picture reaching the last line would scroll the terminal */
	if (y < 0 || x < 0 || y + rows >= LINES || x + cols > COLS)
		return -1;
	int cw, ch;
	cell_size(&cw, &ch);
	if ((!p->pix || p->pix_mode != gfx.mode || p->pix_rows != rows || p->pix_cols != cols ||
	     p->pix_cw != cw || p->pix_ch != ch) &&
	    render_picture(p, rows, cols, cw, ch) < 0)
		return -1;
	/* Blanks in a look of their own: curses never takes them for the blanks around
	 * them, so it neither moves the cursor across them by printing them again nor
	 * clears them with the rest of a line, either of which would cut into a sixel
	 * picture. */
	cchar_t blank;
	setcchar(&blank, L" ", A_INVIS, 0, NULL);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			mvadd_wch(y + r, x + c, &blank);
	gfx.want = p;
	gfx.y = y;
	gfx.x = x;
	gfx.rows = rows;
	gfx.cols = cols;
	return 0;
}

void photo_draw(struct photo *p, int y, int x, int rows, int cols)
{
	int h, w;
	photo_fit(p, rows, cols, &h, &w);
	if (h < 1 || w < 1)
		return;
	y += (rows - h) / 2;
	x += (cols - w) / 2;
	if (gfx.mode != PHOTO_SYMBOLS && place_picture(p, y, x, h, w) == 0)
		return;
	enum photo_mode mode = terminal_mode();
	if ((p->mode != mode || p->rows != h || p->cols != w) && render(p, mode, h, w) < 0)
		return;
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

void photo_use_graphics(enum photo_graphics g, int cell_w, int cell_h)
{
	gfx.mode = g;
	gfx.cell_w = cell_w > 0 && cell_w <= 256 ? cell_w : 0;
	gfx.cell_h = cell_h > 0 && cell_h <= 256 ? cell_h : 0;
}

static void write_all(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the terminal is gone: nothing left to show anything on */
		s += w;
		n -= (size_t)w;
	}
}

size_t photo_graphics_erase_seq(char *buf, size_t len)
{
	if (gfx.mode != PHOTO_KITTY || len == 0)
		return 0;
	/* d=I: the placements and the pixels the terminal holds for them */
	int n = snprintf(buf, len, "\033_Ga=d,d=I,i=%u,q=2\033\\", (unsigned)KITTY_ID);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* Takes the shown picture away. Kitty forgets it by its number. A sixel picture is
 * pixels on the screen until text is written over them: curses writes every cell of
 * its rows again, twice its height in case the cells are smaller than assumed. */
static void take_off(void)
{
	if (gfx.mode == PHOTO_KITTY) {
		char seq[64];
		write_all(seq, photo_graphics_erase_seq(seq, sizeof(seq)));
	} else if (!isendwin()) {
		int rows = gfx.shown_rows * 2;
		if (gfx.shown_y + rows > LINES)
			rows = LINES - gfx.shown_y;
		if (rows > 0) {
			wredrawln(stdscr, gfx.shown_y, rows);
			refresh();
		}
	}
	gfx.shown = 0;
}

/* The picture at its box, the cursor put back where curses left it (DECSC, DECRC). */
static void put_on(const struct photo *p)
{
	char head[32];
	int n = snprintf(head, sizeof(head), "\0337\033[%d;%dH", gfx.y + 1, gfx.x + 1);
	write_all(head, (size_t)n);
	write_all(p->pix, p->pix_len);
	write_all("\0338", 2);
	gfx.shown = p->pix_serial;
	gfx.shown_y = gfx.y;
	gfx.shown_x = gfx.x;
	gfx.shown_rows = gfx.rows;
	gfx.shown_cols = gfx.cols;
}

void photo_frame_begin(void)
{
	gfx.want = NULL;
}

void photo_frame_end(int repainted)
{
	if (gfx.mode == PHOTO_SYMBOLS)
		return;
	const struct photo *p = gfx.want;
	gfx.want = NULL;
	int same = p && gfx.shown == p->pix_serial && gfx.shown_y == gfx.y &&
		   gfx.shown_x == gfx.x && gfx.shown_rows == gfx.rows && gfx.shown_cols == gfx.cols;
	/* Sent again in place, a sixel picture covers itself; kitty's is deleted first so
	 * that the terminal never holds two of them. */
	if (gfx.shown && (!same || (repainted && gfx.mode == PHOTO_KITTY)))
		take_off();
	if (p && (!same || repainted))
		put_on(p);
}

void photo_graphics_end(void)
{
	gfx.want = NULL;
	if (gfx.shown)
		take_off();
}
