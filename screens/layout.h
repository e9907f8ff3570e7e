/* The layout check: with SHEKARA_LAYOUT_LOG=FILE set, every text the screens draw that
 * is cut short, drawn over another text, or runs past the edge of the terminal is
 * written to FILE with the screen's name and the language, one line each, and so is
 * every key-bar label that found no room. A test renders every screen in every language
 * and fails on any line (tests/e2e/test_layout.sh). Without the variable nothing is
 * recorded. Widths are terminal columns (wcwidth), never bytes. */
#ifndef SHEKARA_LAYOUT_H
#define SHEKARA_LAYOUT_H

/* A new frame of screen (its name): what was drawn before is forgotten. */
void layout_frame(const char *screen);
/* A text drawn at (y, x) in at most maxw columns: width is its width without trailing
 * spaces (padding that does not fit is no loss), drawn the columns it took. */
void layout_text(int y, int x, int maxw, int width, int drawn, const char *utf8);
/* A key-bar label that was left out for want of room. */
void layout_dropped(const char *key, const char *label);

#endif
