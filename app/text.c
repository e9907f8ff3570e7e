#include "app/text.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "app/lang.h"

/* The code point at p (UTF-8, len bytes left) and its length; a broken sequence is one
 * byte of U+FFFD. Independent of the locale: names come from documents, not from it. */
static size_t next_char(const unsigned char *p, size_t len, unsigned *cp)
{
	size_t n = p[0] < 0x80             ? 1
		   : (p[0] & 0xE0) == 0xC0 ? 2
		   : (p[0] & 0xF0) == 0xE0 ? 3
		   : (p[0] & 0xF8) == 0xF0 ? 4
					   : 0;
	if (n == 0 || n > len) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = n == 1 ? p[0] : p[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		*cp = (*cp << 6) | (p[i] & 0x3F);
	}
	return n;
}

size_t text_wrap(const char *p, int room, const char **next)
{
	const char *end = p, *cut = NULL;
	int cols = 0;
	size_t left = strlen(p);
	while (*end) {
		unsigned cp;
		size_t used = next_char((const unsigned char *)end, left, &cp);
		int w = wcwidth((wchar_t)cp);
		w = w < 0 ? 1 : w; /* unknown to the locale: one column, as it is shown */
		if (cols + w > room && end > p)
			break;
		if (cp == ' ')
			cut = end;
		cols += w;
		end += used;
		left -= used;
	}
	if (*end && *end != ' ' && cut && cut > p)
		end = cut;
	size_t len = (size_t)(end - p);
	while (*end == ' ')
		end++;
	*next = end;
	return len;
}

size_t text_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

const char *text_minute(const char *iso, char *buf, size_t len)
{
	char date[32];
	lang_date_iso(iso, date, sizeof(date));
	if (strlen(iso) >= 10 && strcmp(date, iso) == 0) /* no date: as it is, cut */
		snprintf(date, sizeof(date), "%.10s", iso);
	snprintf(buf, len, "%s %.5s", date, strlen(iso) >= 16 ? iso + 11 : "");
	return buf;
}

void text_csv_field(FILE *out, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputs(last ? "\r\n" : ",", out);
}
