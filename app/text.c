#include "app/text.h"

#include <stdio.h>
#include <string.h>

#include "app/lang.h"

size_t text_wrap(const char *p, int room, const char **next)
{
	const char *end = p, *cut = NULL;
	for (int chars = 0; *end && chars < room; chars++) {
		if (*end == ' ')
			cut = end;
		end++;
		while (((unsigned char)*end & 0xC0) == 0x80)
			end++;
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
