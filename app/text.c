#include "app/text.h"

#include <string.h>

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
