#include "screens/theme.h"

#include <string.h>

struct scheme_entry {
	short fg, bg;
	attr_t attrs;
};

static const struct scheme_entry color_scheme[TH_COUNT] = {
	[TH_NORMAL] = { -1, -1, A_NORMAL },
	[TH_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[TH_STALE] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[TH_KEYBAR] = { -1, -1, A_NORMAL },
	[TH_KEYNAME] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[TH_BANNER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[TH_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[TH_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[TH_FIELD] = { -1, -1, A_UNDERLINE },
	[TH_ERROR] = { COLOR_RED, -1, A_BOLD },
	[TH_OK] = { COLOR_GREEN, -1, A_BOLD },
	[TH_DIM] = { -1, -1, A_DIM },
};

static const attr_t mono_scheme[TH_COUNT] = {
	[TH_NORMAL] = A_NORMAL, [TH_STATUS] = A_REVERSE,   [TH_STALE] = A_BOLD,
	[TH_KEYBAR] = A_NORMAL, [TH_KEYNAME] = A_REVERSE,  [TH_BANNER] = A_REVERSE | A_BOLD,
	[TH_TITLE] = A_BOLD,    [TH_SELECTED] = A_REVERSE, [TH_FIELD] = A_UNDERLINE,
	[TH_ERROR] = A_BOLD,    [TH_OK] = A_BOLD,          [TH_DIM] = A_DIM,
};

static attr_t current[TH_COUNT];
static int mono = 1;

void theme_init(const char *when)
{
	mono = strcmp(when, "never") == 0 || (strcmp(when, "always") != 0 && !has_colors());
	if (!mono && start_color() == OK) {
		use_default_colors();
		for (int r = 0; r < TH_COUNT; r++) {
			init_pair((short)(r + 1), color_scheme[r].fg, color_scheme[r].bg);
			current[r] = COLOR_PAIR(r + 1) | color_scheme[r].attrs;
		}
		return;
	}
	mono = 1;
	memcpy(current, mono_scheme, sizeof(current));
}

attr_t theme(enum theme_role role)
{
	return (unsigned)role < TH_COUNT ? current[role] : A_NORMAL;
}

int theme_is_mono(void)
{
	return mono;
}
