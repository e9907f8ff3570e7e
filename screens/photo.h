/* A face image drawn in terminal cells with libchafa: block symbols in the nearest
 * colours the terminal has (xterm-256, 16 or 8 colours, or direct colour), and in
 * monochrome (ui.color=never, or a terminal without colours) symbols alone on a
 * contrast-stretched grey copy, so that the head's shape still shows. Only one photo
 * is meant to be on screen at a time: the colour pairs a photo allocates are freed
 * with it.
 *
 * Where the terminal shows pictures (ui.photo: sixel, kitty, or auto when start-up
 * found them), the face is sent as a picture instead. curses knows nothing of it: the
 * photo's box stays blank cells in curses, and the loop hands the picture to the
 * terminal after curses has written a frame (photo_frame_begin/photo_frame_end). */
#ifndef SHEKARA_PHOTO_H
#define SHEKARA_PHOTO_H

#include <stddef.h>

#include "scanners/image.h"

struct photo;

/* How faces reach the terminal. */
enum photo_graphics {
	PHOTO_SYMBOLS, /* characters through curses: any terminal, tmux, SSH, a console */
	PHOTO_SIXEL,   /* DEC sixel pictures (xterm -ti vt340, mlterm, foot, WezTerm...) */
	PHOTO_KITTY,   /* the kitty graphics protocol (kitty, WezTerm, Ghostty...) */
};

/* Takes the decoded pixels (img is emptied, whatever the outcome); NULL when out of
 * memory or when img holds no pixels. */
struct photo *photo_new(struct image *img);
/* Frees the photo and its colour pairs, and sets *p to NULL. */
void photo_free(struct photo **p);
/* The rows and columns the photo takes when fitted into rows × cols with its aspect
 * kept (terminal cells are about twice as tall as wide). */
void photo_fit(const struct photo *p, int rows, int cols, int *out_rows, int *out_cols);
/* Draws the photo fitted into the rows × cols at (y, x), centred in them. The cells
 * are rendered again only when the size or the terminal's colours change. With
 * pictures, the fitted box is left blank and the picture waits for photo_frame_end. */
void photo_draw(struct photo *p, int y, int x, int rows, int cols);

/* Once, before the first frame: how photos are shown from now on (PHOTO_SYMBOLS until
 * called). cell_w × cell_h: a cell's size in pixels as the terminal answered it, 0 when
 * it did not; the tty's own figure (TIOCGWINSZ) comes first, 10 × 20 last. */
void photo_use_graphics(enum photo_graphics g, int cell_w, int cell_h);
/* Around every frame. begin: before the screen draws. end: after curses has written
 * the frame (refresh), it sends the picture placed by photo_draw when it is new, has
 * changed or moved, or when repainted says the terminal's screen was redrawn (resize,
 * another screen); and it takes away a picture the frame did not place. */
void photo_frame_begin(void);
void photo_frame_end(int repainted);
/* Takes a picture still on the terminal away; before endwin() on the way out. */
void photo_graphics_end(void);
/* The bytes that take a kitty picture away, for a crash handler to write without
 * calling anything unsafe (0 and nothing written outside kitty mode). */
size_t photo_graphics_erase_seq(char *buf, size_t len);

#endif
