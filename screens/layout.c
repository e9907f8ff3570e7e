#include "screens/layout.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lang.h"

enum { MAX_ROWS = 200, MAX_COLS = 400, MAX_TEXTS = 1024, TEXT_KEEP = 120 };

static int enabled = -1; /* -1 not yet looked at */
static FILE *out;
static char screen_name[32];
static short owner[MAX_ROWS][MAX_COLS]; /* 1 + the index of the text in texts */
static char texts[MAX_TEXTS][TEXT_KEEP];
static int n_texts;

static int on(void)
{
	if (enabled < 0) {
		const char *path = getenv("SHEKARA_LAYOUT_LOG");
		out = path && *path ? fopen(path, "a") : NULL;
		enabled = out != NULL;
		if (out)
			setvbuf(out, NULL, _IOLBF, 0);
	}
	return enabled;
}

static void note(const char *what, const char *text, const char *other)
{
	/* tab-separated: kind, language, screen, size, text, the other text */
	fprintf(out, "%s\t%s\t%s\t%dx%d\t%s\t%s\n", what, lang_current(), screen_name, COLS, LINES,
		text, other ? other : "");
}

void layout_frame(const char *screen)
{
	if (!on())
		return;
	snprintf(screen_name, sizeof(screen_name), "%s", screen ? screen : "-");
	memset(owner, 0, sizeof(owner));
	n_texts = 0;
}

void layout_text(int y, int x, int maxw, int width, int drawn, const char *utf8)
{
	if (!on())
		return;
	if (width > maxw)
		note("cut", utf8, NULL);
	if (y < 0 || y >= LINES || x < 0 || x + drawn > COLS)
		note("off", utf8, NULL);
	if (y < 0 || y >= LINES || y >= MAX_ROWS || n_texts >= MAX_TEXTS)
		return;
	int id = ++n_texts;
	snprintf(texts[id - 1], TEXT_KEEP, "%s", utf8);
	/* cells taken by visible characters: a space written over text is a clearing */
	const unsigned char *p = (const unsigned char *)utf8;
	for (int c = x; c < x + drawn && c < COLS && c < MAX_COLS && *p; c++) {
		int blank = *p == ' ';
		do
			p++;
		while ((*p & 0xC0) == 0x80);
		if (c < 0 || blank)
			continue;
		int was = owner[y][c];
		if (was && was != id) {
			note("overlap", utf8, texts[was - 1]);
			owner[y][c] = (short)id;
			return; /* once per text */
		}
		owner[y][c] = (short)id;
	}
}

void layout_dropped(const char *key, const char *label)
{
	if (!on())
		return;
	char both[256];
	snprintf(both, sizeof(both), "%s %s", key, label);
	note("keybar", both, NULL);
}
