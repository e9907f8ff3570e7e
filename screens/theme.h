/* Colours as semantic roles mapped through a scheme; the monochrome scheme uses only
 * bold, reverse and underline, so every state also reads without colour (STYLE.md,
 * htop's approach). */
#ifndef SHEKARA_THEME_H
#define SHEKARA_THEME_H

#include <curses.h>

enum theme_role {
	TH_NORMAL,
	TH_STATUS,   /* the top bar */
	TH_STALE,    /* a stale figure inside the top bar */
	TH_KEYBAR,   /* the bottom bar */
	TH_KEYNAME,  /* "F10" in the bottom bar */
	TH_BANNER,   /* DEMO / TRAINING */
	TH_TITLE,    /* section rules */
	TH_SELECTED, /* the highlighted line */
	TH_FIELD,    /* an input field */
	TH_ERROR,
	TH_OK,
	TH_DIM,
	TH_COUNT
};

/* when: "auto", "always" or "never" (ui.color). Call after initscr(). */
void theme_init(const char *when);
attr_t theme(enum theme_role role);
int theme_is_mono(void);

#endif
