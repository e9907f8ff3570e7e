/* UN/EDIFACT as PAXLST uses it (ISO 9735, syntax versions 3 and 4): the service string
 * advice, segments cut into data elements and components, and the envelope
 * UNB [UNG] UNH ... UNT [UNE] UNZ. What a message says is read in paxlst_segments.c.
 *
 * A segment is read once, left to right, into spans of the input (no copy, no
 * allocation); a value is copied out only when a field wants it, which is where the
 * release character is taken away. Line breaks may stand between segments (CRLF, LF,
 * none at all) and inside them, where telex-style senders wrap at 80 columns: they are
 * never data. Every other control character is refused, so nothing a terminal would
 * obey can reach a screen through a name. */
#include "scanners/paxlst.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/clock.h"
#include "scanners/country.h"
#include "scanners/error.h"
#include "scanners/paxlst_internal.h"

/* ISO 9735's defaults when there is no UNA */
static const struct paxlst_separators default_separators = { ':', '+', '.', '?', ' ', '\'', 0 };

/* --- reasons and warnings ------------------------------------------------------------- */

/* Up to n bytes of s for a message: printable ASCII as it is, anything else as \xNN. */
static void shown(const char *s, size_t n, char *dst, size_t dn)
{
	size_t o = 0;
	dst[0] = '\0';
	for (size_t i = 0; i < n && o + 5 < dn; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			dst[o++] = (char)c;
		else
			o += (size_t)snprintf(dst + o, dn - o, "\\x%02X", c);
	}
	dst[o] = '\0';
}

void px_warn(struct px *p, int pos, const char *fmt, ...)
{
	struct paxlst *o = p->out;
	if (o->n_warnings >= PAXLST_MAX_WARNINGS) {
		o->warnings_dropped++;
		return;
	}
	if (!o->warnings) {
		o->warnings = calloc(PAXLST_MAX_WARNINGS, sizeof(*o->warnings));
		if (!o->warnings) {
			o->warnings_dropped++;
			return;
		}
	}
	struct paxlst_warning *w = &o->warnings[o->n_warnings++];
	va_list ap;
	va_start(ap, fmt);
	w->segment = pos;
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
}

int px_refuse(struct px *p, int pos, const char *fmt, ...)
{
	char reason[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (pos > 0)
		return error_why(p->why, p->why_len, "segment %d: %s", pos, reason);
	return error_why(p->why, p->why_len, "%s", reason);
}

/* --- values --------------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (n bytes left); 0 when it is not one (overlong,
 * surrogate, past U+10FFFF, cut). */
static int utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp, min;
	int k;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < (size_t)k)
		return 0;
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

size_t px_get(struct px *p, const struct px_segment *s, int e, int c, char *dst, size_t n)
{
	if (!n)
		return 0;
	dst[0] = '\0';
	if (e < 1 || e > s->n || c < 1 || c > s->el[e - 1].n)
		return 0;
	const struct px_span *sp = &s->el[e - 1].comp[c - 1];
	const unsigned char *b = (const unsigned char *)p->buf + sp->off;
	size_t len = sp->len, i = 0, o = 0;
	int full = 0;
	while (i < len) {
		if (b[i] == (unsigned char)p->sep.release && p->sep.release != ' ') {
			size_t k = i + 1;
			while (k < len && (b[k] == '\r' || b[k] == '\n'))
				k++;
			if (k < len)
				i = k;
		}
		unsigned char ch = b[i];
		int k = 1;
		if (ch == '\r' || ch == '\n') {
			i++;
			continue;
		}
		if (ch >= 0x80) {
			k = utf8_len(b + i, len - i);
			if (!k) {
				ch = '?';
				k = 1;
				p->bad_text = 1;
			}
		} else if (ch < 0x20 || ch == 0x7f) {
			ch = '?';
			p->bad_text = 1;
		}
		if (o == 0 && ch == ' ') {
			i += (size_t)k;
			continue;
		}
		if (full || o + (size_t)k >= n) {
			/* blanks past the end are padding, not a lost part of the value */
			if (ch != ' ')
				p->cut = full = 1;
			i += (size_t)k;
			continue;
		}
		if (k > 1)
			memcpy(dst + o, b + i, (size_t)k);
		else
			dst[o] = (char)ch;
		o += (size_t)k;
		i += (size_t)k;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
	return o;
}

void px_join(struct px *p, const struct px_segment *s, int e, int from, char *dst, size_t n)
{
	size_t o = 0;
	dst[0] = '\0';
	if (e < 1 || e > s->n)
		return;
	for (int c = from; c <= s->el[e - 1].n; c++) {
		char part[144];
		size_t k = px_get(p, s, e, c, part, sizeof(part));
		if (!k)
			continue;
		if (o + (o ? 1 : 0) + k >= n) {
			p->cut = 1;
			return;
		}
		if (o)
			dst[o++] = ' ';
		memcpy(dst + o, part, k + 1);
		o += k;
	}
}

int px_country_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 3 && country_find(s, n) != NULL;
}

/* --- dates ---------------------------------------------------------------------------- */

static int digits(const char *s, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

int px_when(const struct px *p, const char *v, const char *fmt, enum px_century century,
	    int unknown_ok, struct px_when *w)
{
	size_t n = strlen(v);
	memset(w, 0, sizeof(*w));
	if (!fmt[0])
		fmt = n == 6 ? "101" : n == 8 ? "102" : n == 10 ? "201" : n == 12 ? "203" : "";
	int cc = 0, yy, has_cc;
	size_t want;
	if (!strcmp(fmt, "101"))
		want = 6, has_cc = 0, w->has_time = 0;
	else if (!strcmp(fmt, "102"))
		want = 8, has_cc = 1, w->has_time = 0;
	else if (!strcmp(fmt, "201"))
		want = 10, has_cc = 0, w->has_time = 1;
	else if (!strcmp(fmt, "203"))
		want = 12, has_cc = 1, w->has_time = 1;
	else if (!strcmp(fmt, "602") && n == 4)
		return digits(v, 4, &w->y) < 0 || w->y == 0 || !unknown_ok ? -1 : 0;
	else
		return -1;
	if (n != want)
		return -1;
	const char *q = v;
	if (has_cc && digits(q, 2, &cc) < 0)
		return -1;
	q += has_cc ? 2 : 0;
	if (digits(q, 2, &yy) < 0 || digits(q + 2, 2, &w->m) < 0 || digits(q + 4, 2, &w->d) < 0)
		return -1;
	if (w->has_time && (digits(q + 6, 2, &w->hh) < 0 || digits(q + 8, 2, &w->mi) < 0))
		return -1;
	if (has_cc) {
		w->y = cc * 100 + yy;
	} else {
		w->y = p->today_y / 100 * 100 + yy;
		long ymd = (long)w->y * 10000 + w->m * 100 + w->d;
		if (century == PX_PAST &&
		    ymd > (long)p->today_y * 10000 + p->today_m * 100 + p->today_d)
			w->y -= 100;
		else if (century == PX_NEAR && w->y > p->today_y + 50)
			w->y -= 100;
		else if (century == PX_NEAR && w->y <= p->today_y - 50)
			w->y += 100;
	}
	if (w->y < 1 || w->m > 12 || w->hh > 23 || w->mi > 59)
		return -1;
	if ((w->m == 0 || w->d == 0) && (!unknown_ok || w->has_time))
		return -1;
	if (w->m == 0 && w->d != 0)
		return -1;
	if (w->d > (w->m ? clock_month_days(w->y, w->m) : 31))
		return -1;
	return 0;
}

void px_when_iso(const struct px_when *w, char buf[17])
{
	if (w->has_time)
		snprintf(buf, 17, "%04u-%02u-%02uT%02u:%02u", (unsigned)w->y % 10000u,
			 (unsigned)w->m % 100u, (unsigned)w->d % 100u, (unsigned)w->hh % 100u,
			 (unsigned)w->mi % 100u);
	else
		snprintf(buf, 17, "%04u-%02u-%02u", (unsigned)w->y % 10000u, (unsigned)w->m % 100u,
			 (unsigned)w->d % 100u);
}

static int number(const char *s, int *v)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 9 ? digits(s, n, v) : -1;
}

/* --- service string advice and segments ----------------------------------------------- */

static int punct(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
	       !(c >= 'a' && c <= 'z');
}

/* UNA: six characters, no terminator of its own (the sixth is the terminator). */
static int read_una(struct px *p, size_t *at)
{
	static const char *const names[6] = { "component separator",  "data element separator",
					      "decimal mark",         "release character",
					      "repetition separator", "segment terminator" };
	if (p->len - *at < 9)
		return px_refuse(p, 1, "UNA is cut short: it needs 6 service characters");
	const unsigned char *c = (const unsigned char *)p->buf + *at + 3;
	char a[8];
	for (int i = 0; i < 6; i++) {
		/* the release may be a blank (none); the repetition a blank (version 3) */
		int blank_ok = i == 3 || i == 4;
		if (i == 2 ? c[i] != '.' && c[i] != ','
			   : !(punct(c[i]) || (blank_ok && c[i] == ' '))) {
			shown((const char *)c + i, 1, a, sizeof(a));
			return px_refuse(p, 1, "UNA %s '%s' is not %s", names[i], a,
					 i == 2 ? "'.' or ','" : "a punctuation character");
		}
	}
	static const int active[5] = { 0, 1, 3, 4, 5 };
	for (int x = 0; x < 5; x++)
		for (int y = x + 1; y < 5; y++) {
			int i = active[x], j = active[y];
			if (c[i] == c[j] && c[i] != ' ') {
				shown((const char *)c + i, 1, a, sizeof(a));
				return px_refuse(p, 1, "UNA gives '%s' as both %s and %s", a,
						 names[i], names[j]);
			}
		}
	p->sep = (struct paxlst_separators){ (char)c[0], (char)c[1], (char)c[2], (char)c[3],
					     (char)c[4], (char)c[5], 1 };
	*at += 9;
	return 0;
}

/* 1 when the file's last non-blank byte is a terminator its release character escapes */
static int ends_released(const struct px *p)
{
	size_t n = p->len;
	while (n > 0 && (p->buf[n - 1] == ' ' || p->buf[n - 1] == '\r' || p->buf[n - 1] == '\n' ||
			 p->buf[n - 1] == '\t'))
		n--;
	return n >= 2 && p->buf[n - 1] == p->sep.terminator && p->buf[n - 2] == p->sep.release &&
	       p->sep.release != ' ';
}

/* Reads the segment at *at: its tag, then spans for its data elements and components
 * up to the first terminator no release character escapes. */
static int read_segment(struct px *p, size_t *at, int pos, struct px_segment *s)
{
	const unsigned char *b = (const unsigned char *)p->buf;
	const struct paxlst_separators *sp = &p->sep;
	size_t i = *at, len = p->len, t = 0;
	char a[48];
	s->pos = pos;
	s->n = 0;
	char tag[4];
	size_t j = i;
	/* line breaks are never data, not even inside a tag a telex line wrap cut */
	while (t < 4 && j < len) {
		if (b[j] == '\r' || b[j] == '\n') {
			j++;
			continue;
		}
		if (b[j] < 'A' || b[j] > 'Z')
			break;
		tag[t++] = (char)b[j++];
	}
	if (t < 3 && j == len)
		return px_refuse(p, pos, "the file ends inside a segment tag");
	if (t != 3) {
		size_t n = t == 4 ? 4 : 3;
		shown(p->buf + i, i + n <= len ? n : len - i, a, sizeof(a));
		return px_refuse(p, pos, "segment tag '%s' is not 3 upper-case letters", a);
	}
	memcpy(s->tag, tag, 3);
	s->tag[3] = '\0';
	if (!strcmp(s->tag, "UNA"))
		return px_refuse(p, pos, "UNA is allowed only at the start of the file");
	i = j;
	if (i == len)
		return px_refuse(p, pos, "segment '%s' has no terminator: the file is cut short",
				 s->tag);
	if (b[i] != (unsigned char)sp->element && b[i] != (unsigned char)sp->terminator) {
		shown(p->buf + i, 1, a, sizeof(a));
		return px_refuse(p, pos, "segment tag '%s' is followed by '%s', not a separator",
				 s->tag, a);
	}
	int release = sp->release != ' ' ? (unsigned char)sp->release : -1;
	struct px_element *el = NULL;
	size_t start = i + 1;
	for (;; i++) {
		if (i >= len) {
			if (ends_released(p))
				return px_refuse(p, pos,
						 "segment '%s' has no terminator: the last '%c' is "
						 "escaped by the release character '%c'",
						 s->tag, sp->terminator, sp->release);
			return px_refuse(p, pos,
					 "segment '%s' has no terminator: the file is cut short",
					 s->tag);
		}
		unsigned char ch = b[i];
		if ((int)ch == release) {
			/* it releases the next character that is not a line break */
			size_t k = i + 1;
			while (k < len && (b[k] == '\r' || b[k] == '\n'))
				k++;
			if (k >= len)
				return px_refuse(p, pos,
						 "segment '%s': the file ends after the release "
						 "character '%c'",
						 s->tag, sp->release);
			i = k;
			continue;
		}
		if ((ch < 0x20 && ch != '\r' && ch != '\n') || ch == 0x7f)
			return px_refuse(p, pos,
					 "segment '%s': control character 0x%02X in the data",
					 s->tag, ch);
		int ends = ch == (unsigned char)sp->terminator,
		    next_el = ch == (unsigned char)sp->element;
		if (!ends && !next_el && ch != (unsigned char)sp->component)
			continue;
		/* close the component that runs to here */
		if (el && el->n < PX_MAX_COMPONENTS) {
			el->comp[el->n].off = start;
			el->comp[el->n].len = i - start;
			el->n++;
		}
		start = i + 1;
		if (ends)
			break;
		if (next_el)
			el = s->n < PX_MAX_ELEMENTS ? &s->el[s->n++] : NULL;
		if (el && next_el)
			el->n = 0;
	}
	*at = i + 1;
	return 0;
}

/* --- envelope ------------------------------------------------------------------------- */

struct envelope {
	int unb, done;           /* UNB seen, UNZ seen */
	int in_group, group_pos; /* inside UNG ... UNE */
	int group_msgs;
	char group_ref[16];
	int in_msg;
};

static void read_unb(struct px *p, const struct px_segment *s)
{
	struct paxlst *o = p->out;
	char id[5], ver[2], date[9], hm[5], test[2];
	px_get(p, s, 1, 1, id, sizeof(id));
	px_get(p, s, 1, 2, ver, sizeof(ver));
	snprintf(o->syntax, sizeof(o->syntax), "%s%s%s", id, ver[0] ? ":" : "", ver);
	px_get(p, s, 2, 1, o->sender, sizeof(o->sender));
	px_get(p, s, 3, 1, o->recipient, sizeof(o->recipient));
	px_get(p, s, 4, 1, date, sizeof(date));
	px_get(p, s, 4, 2, hm, sizeof(hm));
	px_get(p, s, 5, 1, o->control_ref, sizeof(o->control_ref));
	px_get(p, s, 7, 1, o->application, sizeof(o->application));
	px_get(p, s, 11, 1, test, sizeof(test));
	o->test = test[0] == '1';
	char both[16];
	struct px_when w;
	snprintf(both, sizeof(both), "%s%s", date, hm);
	if (px_when(p, both, "", PX_NEAR, 0, &w) == 0)
		px_when_iso(&w, o->prepared);
	else
		px_warn(p, s->pos, "UNB date and time '%s:%s' are not a date", date, hm);
	if (!o->sender[0] || !o->recipient[0])
		px_warn(p, s->pos, "UNB names no %s", o->sender[0] ? "recipient" : "sender");
}

static int read_unh(struct px *p, const struct px_segment *s)
{
	struct paxlst *o = p->out;
	char type[8], dir[4], rel[4], shown_type[40];
	px_get(p, s, 2, 1, type, sizeof(type));
	if (strcmp(type, "PAXLST") != 0) {
		shown(type, strlen(type), shown_type, sizeof(shown_type));
		return px_refuse(p, s->pos, "message type '%s' is not PAXLST", shown_type);
	}
	if (o->n_messages >= PAXLST_MAX_MESSAGES)
		return px_refuse(p, s->pos, "more than %d messages in one interchange",
				 PAXLST_MAX_MESSAGES);
	if (o->n_messages % 8 == 0) {
		size_t want = (size_t)o->n_messages + 8;
		struct paxlst_message *grown = realloc(o->messages, want * sizeof(*grown));
		if (!grown)
			return px_refuse(p, s->pos, "out of memory");
		o->messages = grown;
	}
	struct paxlst_message *m = &o->messages[o->n_messages++];
	memset(m, 0, sizeof(*m));
	m->segment = s->pos;
	px_get(p, s, 1, 1, m->ref, sizeof(m->ref));
	px_get(p, s, 2, 2, dir, sizeof(dir));
	px_get(p, s, 2, 3, rel, sizeof(rel));
	snprintf(m->version, sizeof(m->version), "%s:%s", dir, rel);
	if (strcmp(m->version, "D:02B") != 0 && strcmp(m->version, "D:05B") != 0)
		px_warn(p, s->pos, "directory '%s' is neither D:02B nor D:05B; read as D:05B",
			m->version);
	if (!m->ref[0])
		px_warn(p, s->pos, "UNH has no message reference");
	px_message_begin(p, m, s);
	return 0;
}

static void read_unt(struct px *p, const struct px_segment *s)
{
	struct paxlst_message *m = p->msg;
	char n[12], ref[16];
	int v, have = m->segment > 0 ? s->pos - m->segment + 1 : 0;
	px_message_end(p, s);
	px_get(p, s, 1, 1, n, sizeof(n));
	px_get(p, s, 2, 1, ref, sizeof(ref));
	m->declared_segments = number(n, &v) == 0 ? v : -1;
	if (m->declared_segments < 0)
		px_warn(p, s->pos, "UNT segment count '%s' is not a number", n);
	else if (v != have)
		px_warn(p, s->pos, "UNT counts %d segments, the message has %d (UNH to UNT)", v,
			have);
	if (strcmp(ref, m->ref) != 0)
		px_warn(p, s->pos, "UNT reference '%s' is not the UNH's '%s'", ref, m->ref);
}

/* a count and a reference that should repeat those of the header (UNE, UNZ) */
static void trailer(struct px *p, const struct px_segment *s, int have, const char *what,
		    const char *ref_want)
{
	char n[12], ref[16];
	int v;
	px_get(p, s, 1, 1, n, sizeof(n));
	px_get(p, s, 2, 1, ref, sizeof(ref));
	if (number(n, &v) < 0)
		px_warn(p, s->pos, "%s count '%s' is not a number", s->tag, n);
	else if (v != have)
		px_warn(p, s->pos, "%s counts %d %s, the file has %d", s->tag, v, what, have);
	if (strcmp(ref, ref_want) != 0)
		px_warn(p, s->pos, "%s reference '%s' is not the header's '%s'", s->tag, ref,
			ref_want);
}

static int envelope_segment(struct px *p, struct envelope *env, const struct px_segment *s)
{
	struct paxlst *o = p->out;
	const char *t = s->tag;
	if (env->done)
		return px_refuse(p, s->pos, "segment '%s' after UNZ", t);
	if (!strcmp(t, "UNB")) {
		if (env->unb || o->n_messages || env->in_group)
			return px_refuse(p, s->pos, "UNB is allowed only at the start");
		env->unb = 1;
		read_unb(p, s);
		return 0;
	}
	if (!strcmp(t, "UNH")) {
		if (env->in_msg)
			return px_refuse(p, s->pos, "UNH inside message '%s': its UNT is missing",
					 p->msg->ref);
		if (!env->unb && !o->n_messages)
			px_warn(p, s->pos, "no UNB interchange header");
		if (read_unh(p, s) < 0)
			return -1;
		env->in_msg = 1;
		env->group_msgs += env->in_group;
		return 0;
	}
	if (env->in_msg) {
		if (!strcmp(t, "UNT")) {
			read_unt(p, s);
			env->in_msg = 0;
			return 0;
		}
		if (!strcmp(t, "UNG") || !strcmp(t, "UNE") || !strcmp(t, "UNZ"))
			return px_refuse(p, s->pos, "%s inside message '%s': its UNT is missing", t,
					 p->msg->ref);
		return px_message_segment(p, s);
	}
	if (!strcmp(t, "UNG")) {
		if (env->in_group)
			return px_refuse(p, s->pos, "UNG inside a group: its UNE is missing");
		char id[8];
		px_get(p, s, 1, 1, id, sizeof(id));
		if (strcmp(id, "PAXLST") != 0)
			px_warn(p, s->pos, "UNG groups '%s', not PAXLST", id);
		env->in_group = 1;
		env->group_pos = s->pos;
		env->group_msgs = 0;
		px_get(p, s, 5, 1, env->group_ref, sizeof(env->group_ref));
		o->n_groups++;
		return 0;
	}
	if (!strcmp(t, "UNE")) {
		if (!env->in_group)
			return px_refuse(p, s->pos, "UNE without UNG");
		trailer(p, s, env->group_msgs, "messages", env->group_ref);
		env->in_group = 0;
		return 0;
	}
	if (!strcmp(t, "UNZ")) {
		if (env->in_group)
			px_warn(p, s->pos, "the group of segment %d has no UNE", env->group_pos);
		if (!env->unb)
			px_warn(p, s->pos, "UNZ without UNB");
		/* ISO 9735: UNZ counts the groups when there are groups, else the messages */
		trailer(p, s, o->n_groups ? o->n_groups : o->n_messages,
			o->n_groups ? "groups" : "messages", o->control_ref);
		env->done = 1;
		return 0;
	}
	if (!strcmp(t, "UNT"))
		return px_refuse(p, s->pos, "UNT without UNH");
	return px_refuse(p, s->pos, "segment '%s' outside a message (no UNH before it)", t);
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int read_interchange(struct px *p)
{
	struct envelope env = { 0 };
	struct px_segment seg;
	size_t at = 0;
	int pos = 0;
	if (p->len >= 3 && !memcmp(p->buf, "\xEF\xBB\xBF", 3))
		at = 3; /* a UTF-8 byte order mark some editors add */
	while (at < p->len && blank(p->buf[at]))
		at++;
	if (p->len - at >= 3 && !memcmp(p->buf + at, "UNA", 3)) {
		pos = 1;
		if (read_una(p, &at) < 0)
			return -1;
	}
	for (;;) {
		while (at < p->len && blank(p->buf[at]))
			at++;
		if (at >= p->len)
			break;
		pos++;
		p->cut = p->bad_text = 0;
		if (read_segment(p, &at, pos, &seg) < 0)
			return -1;
		if (envelope_segment(p, &env, &seg) < 0)
			return -1;
		if (p->cut)
			px_warn(p, pos, "a value in '%s' is longer than Shekara keeps; it was cut",
				seg.tag);
		if (p->bad_text)
			px_warn(p, pos, "text in '%s' that is not UTF-8 was replaced by '?'",
				seg.tag);
	}
	p->out->segments = pos;
	if (pos == 0)
		return px_refuse(p, 0, "the file is empty");
	if (env.in_msg)
		return px_refuse(p, pos,
				 "message '%s' of segment %d has no UNT: the file is cut short",
				 p->msg->ref, p->msg->segment);
	if (!p->out->n_messages)
		return px_refuse(p, pos, "no PAXLST message (no UNH) in the file");
	if (env.unb && !env.done)
		return px_refuse(p, pos, "no UNZ after the last segment: the file is cut short");
	if (env.in_group)
		px_warn(p, env.group_pos, "the group has no UNE");
	return 0;
}

int paxlst_parse(const char *buf, size_t len, time_t now, struct paxlst *out, char *why,
		 size_t why_len)
{
	if (why && why_len)
		why[0] = '\0';
	memset(out, 0, sizeof(*out));
	out->separators = default_separators;
	struct px p = { .buf = buf,
			.len = len,
			.sep = default_separators,
			.out = out,
			.why = why,
			.why_len = why_len };
	if (!buf && len)
		return px_refuse(&p, 0, "no input");
	if (len > (size_t)PAXLST_MAX_BYTES)
		return px_refuse(&p, 0, "the file has %zu bytes, more than the %d a list may have",
				 len, PAXLST_MAX_BYTES);
	struct tm tm;
	if (gmtime_r(&now, &tm) && tm.tm_year >= 0 && tm.tm_year < 8000) {
		p.today_y = tm.tm_year + 1900;
		p.today_m = tm.tm_mon + 1;
		p.today_d = tm.tm_mday;
	} else {
		p.today_y = 2000, p.today_m = 1, p.today_d = 1;
	}
	if (read_interchange(&p) < 0) {
		paxlst_free(out);
		if (why && why_len && !why[0])
			error_why(why, why_len, "not a PAXLST interchange");
		return -1;
	}
	out->separators = p.sep;
	return 0;
}

void paxlst_free(struct paxlst *out)
{
	if (!out)
		return;
	for (int i = 0; i < out->n_messages && out->messages; i++)
		free(out->messages[i].travellers);
	free(out->messages);
	free(out->warnings);
	memset(out, 0, sizeof(*out));
}

const char *paxlst_list_name(enum paxlst_list list)
{
	switch (list) {
	case PAXLST_LIST_PASSENGERS:
		return "passengers";
	case PAXLST_LIST_CREW:
		return "crew";
	default:
		return "unknown";
	}
}
