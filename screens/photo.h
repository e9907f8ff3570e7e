/* A face image drawn in terminal cells with libchafa: block symbols in the nearest
 * colours the terminal has (xterm-256, 16 or 8 colours, or direct colour), and in
 * monochrome (ui.color=never, or a terminal without colours) symbols alone on a
 * contrast-stretched grey copy, so that the head's shape still shows. Only one photo
 * is meant to be on screen at a time: the colour pairs a photo allocates are freed
 * with it. Sixel and kitty graphics are not used: curses cannot place them, and over
 * SSH, tmux or a serial console they cannot be detected safely. */
#ifndef SHEKARA_PHOTO_H
#define SHEKARA_PHOTO_H

#include "scanners/image.h"

struct photo;

/* Takes the decoded pixels (img is emptied, whatever the outcome); NULL when out of
 * memory or when img holds no pixels. */
struct photo *photo_new(struct image *img);
/* Frees the photo and its colour pairs, and sets *p to NULL. */
void photo_free(struct photo **p);
/* The rows and columns the photo takes when fitted into rows × cols with its aspect
 * kept (terminal cells are about twice as tall as wide). */
void photo_fit(const struct photo *p, int rows, int cols, int *out_rows, int *out_cols);
/* Draws the photo fitted into the rows × cols at (y, x), centred in them. The cells
 * are rendered again only when the size or the terminal's colours change. */
void photo_draw(struct photo *p, int y, int x, int rows, int cols);

#endif
