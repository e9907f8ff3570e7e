/* Drawing helpers shared by the screens: text measured in terminal columns (wcwidth,
 * never bytes), section rules, input fields and selectable lists. */
#ifndef SHEKARA_WIDGETS_H
#define SHEKARA_WIDGETS_H

#include <stdarg.h>
#include <stddef.h>
#include <wchar.h>

#include "screens/screen.h"
#include "screens/theme.h"

/* Columns the UTF-8 text takes on screen. */
int text_width(const char *utf8);
/* Writes text at (y, x) in at most maxw columns, cutting with '…' when it does not
 * fit; returns the columns written. */
int put_text(int y, int x, int maxw, attr_t attr, const char *utf8);
/* The same for data in a room of fixed width (a name, a list code, a reason an officer
 * typed, an audit detail, a scenario's text): cut with '…' when it does not fit, which
 * the layout check accepts. Labels and messages of the program use put_text, so a
 * translation that does not fit is found. */
int put_cell(int y, int x, int maxw, attr_t attr, const char *utf8);
/* Fills w columns from (y, x) with spaces in attr. */
void put_fill(int y, int x, int w, attr_t attr);
/* Writes text centred in the area's row y. */
void put_centred(int y, const struct area *a, attr_t attr, const char *utf8);
/* Writes text from (y, x) wrapped at spaces to w columns in at most max_rows rows: its
 * lines run on, and an empty line starts a new paragraph. Returns the rows used. */
int put_wrapped(int y, int x, int w, int max_rows, attr_t attr, const char *utf8);
/* "─ Title ─────────" across the area at row y. */
void put_rule(int y, const struct area *a, const char *title);

enum { FIELD_MAX = 128 };

struct field {
	wchar_t buf[FIELD_MAX];
	int len, cursor;
	int secret;
};

/* Edits the field for a key: printable characters, Backspace, Delete, arrows, Home,
 * End, Ctrl-U. Returns 1 when the key was used. */
int field_key(struct field *f, wint_t ch, int is_key);
void field_draw(const struct field *f, int y, int x, int w, int focused);
/* The field's text as UTF-8. */
void field_text(const struct field *f, char *out, size_t len);
/* Overwrites the field's memory (passwords). */
void field_clear(struct field *f);

/* A role as people read it, in the current language ("Supervisor"). */
const char *role_label(enum officer_role role);
/* A stored screening verdict ("hit", "check", "clear") as a loud word: "HIT". */
const char *verdict_label(const char *verdict);

/* A page of lines longer than the screen, scrolled with the arrows and PgUp/PgDn: a
 * case's record, a training score. */
struct page_line {
	char text[400];
	enum theme_role role;
	int rule; /* a section rule with text as its title */
};
struct page {
	struct page_line *lines;
	int n, cap, top, visible;
};
void page_push(struct page *p, enum theme_role role, int rule, const char *text);
/* Adds text indented by indent, wrapped at spaces to width characters (the lines after
 * the first indented two more). */
void page_add(struct page *p, enum theme_role role, int indent, int width, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void page_vadd(struct page *p, enum theme_role role, int indent, int width, const char *fmt,
	       va_list ap) __attribute__((format(printf, 5, 0)));
/* Draws the rows of a from row y down (rows of them), keeping no empty page after the
 * last line. */
void page_draw(struct page *p, const struct area *a, int y, int rows);
void page_scroll(struct page *p, int by);
/* Up, Down, PgUp, PgDn, Home, End: 1 when used. */
int page_key(struct page *p, wint_t ch, int is_key);
void page_free(struct page *p);

/* Moves a selection in a list of n rows for Up, Down, PgUp, PgDn, Home, End; keeps
 * *top so the selection stays within a window of visible rows. Returns 1 when used. */
int list_key(int *selected, int *top, int n, int visible, wint_t ch, int is_key);

#endif
