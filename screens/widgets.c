#include "screens/widgets.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/text.h"
#include "screens/layout.h"
#include "i18n/i18n.h"

/* Decodes UTF-8 into wide characters; invalid bytes become U+FFFD so that a broken
 * name never stops the screen from drawing. */
static size_t decode(const char *s, wchar_t *out, size_t cap)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = 0, len = strlen(s);
	while (len > 0 && n + 1 < cap) {
		wchar_t wc;
		size_t used = mbrtowc(&wc, s, len, &st);
		if (used == (size_t)-1 || used == (size_t)-2) {
			wc = 0xFFFD;
			used = 1;
			memset(&st, 0, sizeof(st));
		} else if (used == 0) {
			break;
		}
		out[n++] = wc;
		s += used;
		len -= used;
	}
	out[n] = L'\0';
	return n;
}

static int char_width(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w; /* control characters are shown as one cell */
}

int text_width(const char *utf8)
{
	wchar_t buf[1024];
	size_t n = decode(utf8, buf, sizeof(buf) / sizeof(buf[0]));
	int w = 0;
	for (size_t i = 0; i < n; i++)
		w += char_width(buf[i]);
	return w;
}

static int put_wide(int y, int x, int maxw, attr_t attr, const wchar_t *ws, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += char_width(ws[i]);
	int cut = total > maxw;
	int room = cut ? maxw - 1 : maxw, used = 0;
	move(y, x);
	for (size_t i = 0; i < n; i++) {
		int w = char_width(ws[i]);
		if (used + w > room)
			break;
		cchar_t cc;
		wchar_t one[2] = { ws[i] < 0x20 || ws[i] == 0x7f ? L'?' : ws[i], L'\0' };
		setcchar(&cc, one, attr, PAIR_NUMBER(attr), NULL);
		add_wch(&cc);
		used += w;
	}
	if (cut && maxw > 0) {
		cchar_t cc;
		setcchar(&cc, L"…", attr, PAIR_NUMBER(attr), NULL);
		add_wch(&cc);
		used++;
	}
	return used;
}

static int put_checked(int y, int x, int maxw, attr_t attr, const char *utf8, int data);

int put_text(int y, int x, int maxw, attr_t attr, const char *utf8)
{
	return put_checked(y, x, maxw, attr, utf8, 0);
}

int put_cell(int y, int x, int maxw, attr_t attr, const char *utf8)
{
	return put_checked(y, x, maxw, attr, utf8, 1);
}

static int put_checked(int y, int x, int maxw, attr_t attr, const char *utf8, int data)
{
	wchar_t buf[1024];
	size_t n = decode(utf8, buf, sizeof(buf) / sizeof(buf[0]));
	size_t shown = n;
	while (shown > 0 && buf[shown - 1] == L' ')
		shown--;
	int width = 0;
	for (size_t i = 0; i < shown; i++)
		width += char_width(buf[i]);
	int drawn = maxw > 0 ? put_wide(y, x, maxw, attr, buf, n) : 0;
	if (shown > 0)
		layout_text(y, x, maxw, data ? drawn : width, drawn, utf8); /* data may be cut */
	return drawn;
}

void put_fill(int y, int x, int w, attr_t attr)
{
	attr_t saved;
	short pair;
	attr_get(&saved, &pair, NULL);
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(saved);
}

void put_centred(int y, const struct area *a, attr_t attr, const char *utf8)
{
	int w = text_width(utf8);
	int x = a->left + (w < a->cols ? (a->cols - w) / 2 : 0);
	put_text(y, x, a->cols, attr, utf8);
}

int put_wrapped(int y, int x, int w, int max_rows, attr_t attr, const char *utf8)
{
	int rows = 0;
	const char *p = utf8;
	while (*p && rows < max_rows) {
		/* a paragraph ends at an empty line; the lines inside it run on */
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char buf[2048];
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1),
			 p);
		for (char *c = buf; *c; c++)
			*c = *c == '\n' ? ' ' : *c;
		const char *q = buf;
		while (*q && rows < max_rows) {
			const char *next;
			size_t n = text_wrap(q, w, &next);
			char piece[2048];
			snprintf(piece, sizeof(piece), "%.*s", (int)n, q);
			put_text(y + rows++, x, w, attr, piece);
			q = next;
		}
		if (*q) /* more text than rows: the layout check hears of it */
			layout_text(y + rows - 1, x, w, w + text_width(q), 0, q);
		p += len;
		while (*p == '\n')
			p++;
		if (*p && rows < max_rows)
			rows++; /* an empty row between paragraphs */
	}
	return rows;
}

void put_rule(int y, const struct area *a, const char *title)
{
	attr_t attr = theme(TH_TITLE);
	attron(attr);
	mvhline(y, a->left, ACS_HLINE, a->cols);
	attroff(attr);
	if (title && *title) {
		int w = put_text(y, a->left + 2, a->cols - 4, attr, " ");
		w += put_text(y, a->left + 2 + w, a->cols - 4 - w, attr, title);
		put_text(y, a->left + 2 + w, a->cols - 4 - w, attr, " ");
	}
}

const char *role_label(enum officer_role role)
{
	switch (role) {
	case ROLE_OFFICER:
		return C_("role", "Officer");
	case ROLE_SUPERVISOR:
		return C_("role", "Supervisor");
	case ROLE_TRAINER:
		return C_("role", "Trainer");
	case ROLE_ADMIN:
		return C_("role", "Administrator");
	}
	return "?";
}

const char *verdict_label(const char *verdict)
{
	if (strcmp(verdict, "hit") == 0)
		/* TRANSLATORS: screening verdicts, short and loud */
		return _("HIT");
	if (strcmp(verdict, "check") == 0)
		return _("CHECK");
	return _("CLEAR");
}

int field_key(struct field *f, wint_t ch, int is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (f->cursor < f->len) {
				memmove(&f->buf[f->cursor], &f->buf[f->cursor + 1],
					(size_t)(f->len - f->cursor) * sizeof(wchar_t));
				f->len--;
			}
			return 1;
		case KEY_LEFT:
			if (f->cursor > 0)
				f->cursor--;
			return 1;
		case KEY_RIGHT:
			if (f->cursor < f->len)
				f->cursor++;
			return 1;
		case KEY_HOME:
			f->cursor = 0;
			return 1;
		case KEY_END:
			f->cursor = f->len;
			return 1;
		}
		return 0;
	}
	if (ch == 0x7f || ch == 0x08) {
	backspace:
		if (f->cursor > 0) {
			memmove(&f->buf[f->cursor - 1], &f->buf[f->cursor],
				(size_t)(f->len - f->cursor + 1) * sizeof(wchar_t));
			f->cursor--;
			f->len--;
		}
		return 1;
	}
	if (ch == 0x15) { /* Ctrl-U, as in a shell */
		field_clear(f);
		return 1;
	}
	if (ch < 0x20 || ch == 0x7f || wcwidth((wchar_t)ch) < 0)
		return 0;
	if (f->len + 1 >= FIELD_MAX)
		return 1;
	memmove(&f->buf[f->cursor + 1], &f->buf[f->cursor],
		(size_t)(f->len - f->cursor + 1) * sizeof(wchar_t));
	f->buf[f->cursor++] = (wchar_t)ch;
	f->len++;
	return 1;
}

void field_draw(const struct field *f, int y, int x, int w, int focused)
{
	attr_t attr = focused ? theme(TH_SELECTED) : theme(TH_FIELD);
	put_fill(y, x, w, attr);
	wchar_t shown[FIELD_MAX];
	int n = f->len;
	for (int i = 0; i < n; i++)
		shown[i] = f->secret ? L'*' : f->buf[i];
	shown[n] = L'\0';
	/* keep the cursor in view: show the tail of a long value */
	int start = 0, width = 0;
	for (int i = 0; i < f->cursor; i++)
		width += char_width(shown[i]);
	while (width > w - 1 && start < f->cursor)
		width -= char_width(shown[start++]);
	put_wide(y, x, w, attr, shown + start, (size_t)(n - start));
	if (focused) {
		int cx = x;
		for (int i = start; i < f->cursor; i++)
			cx += char_width(shown[i]);
		move(y, cx < x + w ? cx : x + w - 1);
	}
}

void field_text(const struct field *f, char *out, size_t len)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t used = 0;
	for (int i = 0; i < f->len; i++) {
		char mb[MB_LEN_MAX];
		size_t n = wcrtomb(mb, f->buf[i], &st);
		if (n == (size_t)-1 || used + n + 1 > len)
			break;
		memcpy(out + used, mb, n);
		used += n;
	}
	if (len)
		out[used] = '\0';
}

void field_clear(struct field *f)
{
	volatile wchar_t *p = f->buf;
	for (int i = 0; i < FIELD_MAX; i++)
		p[i] = 0;
	f->len = f->cursor = 0;
}

int list_key(int *selected, int *top, int n, int visible, wint_t ch, int is_key)
{
	if (!is_key || n <= 0)
		return 0;
	int s = *selected;
	switch (ch) {
	case KEY_UP:
		s--;
		break;
	case KEY_DOWN:
		s++;
		break;
	case KEY_PPAGE:
		s -= visible;
		break;
	case KEY_NPAGE:
		s += visible;
		break;
	case KEY_HOME:
		s = 0;
		break;
	case KEY_END:
		s = n - 1;
		break;
	default:
		return 0;
	}
	s = s < 0 ? 0 : s >= n ? n - 1 : s;
	*selected = s;
	if (s < *top)
		*top = s;
	if (visible > 0 && s >= *top + visible)
		*top = s - visible + 1;
	return 1;
}

void page_push(struct page *p, enum theme_role role, int rule, const char *text)
{
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 128;
		struct page_line *grown = realloc(p->lines, (size_t)cap * sizeof(*grown));
		if (!grown)
			return; /* the page is shorter; nothing else is lost */
		p->lines = grown;
		p->cap = cap;
	}
	struct page_line *l = &p->lines[p->n++];
	snprintf(l->text, sizeof(l->text), "%s", text);
	l->role = role;
	l->rule = rule;
}

void page_vadd(struct page *p, enum theme_role role, int indent, int width, const char *fmt,
	       va_list ap)
{
	char text[2400], out[400];
	vsnprintf(text, sizeof(text), fmt, ap);
	const char *q = text;
	int lead = indent;
	do {
		const char *next;
		size_t n = text_wrap(q, width - lead, &next);
		snprintf(out, sizeof(out), "%*s%.*s", lead, "", (int)n, q);
		page_push(p, role, 0, out);
		q = next;
		lead = indent + 2;
	} while (*q);
}

void page_add(struct page *p, enum theme_role role, int indent, int width, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	page_vadd(p, role, indent, width, fmt, ap);
	va_end(ap);
}

void page_draw(struct page *p, const struct area *a, int y, int rows)
{
	p->visible = rows;
	if (p->top > p->n - p->visible) /* no empty page after the last line */
		p->top = p->n > p->visible ? p->n - p->visible : 0;
	for (int i = 0; i < p->visible && p->top + i < p->n; i++) {
		const struct page_line *l = &p->lines[p->top + i];
		if (l->rule) {
			struct area row = { y + i, a->left, 1, a->cols };
			put_rule(y + i, &row, l->text);
		} else {
			put_text(y + i, a->left + 1, a->cols - 2, theme(l->role), l->text);
		}
	}
}

void page_scroll(struct page *p, int by)
{
	int max = p->n - p->visible;
	p->top += by;
	if (p->top > max)
		p->top = max;
	if (p->top < 0)
		p->top = 0;
}

int page_key(struct page *p, wint_t ch, int is_key)
{
	if (!is_key)
		return 0;
	int step = p->visible > 1 ? p->visible - 1 : 1;
	switch (ch) {
	case KEY_UP:
		page_scroll(p, -1);
		return 1;
	case KEY_DOWN:
		page_scroll(p, 1);
		return 1;
	case KEY_PPAGE:
		page_scroll(p, -step);
		return 1;
	case KEY_NPAGE:
		page_scroll(p, step);
		return 1;
	case KEY_HOME:
		p->top = 0;
		return 1;
	case KEY_END:
		page_scroll(p, p->n);
		return 1;
	}
	return 0;
}

void page_free(struct page *p)
{
	free(p->lines);
	memset(p, 0, sizeof(*p));
}
