#include "app/scan.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "scanners/serial.h"

long long scan_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int scan_text(const char *text, size_t len, enum doc_source src, struct document *out,
	      struct error *err)
{
	int rc = mrz_parse(text, len, time(NULL), out, err);
	out->source = src;
	return rc;
}

int scan_fields(const struct mrz_fields *f, struct document *out, struct error *err)
{
	char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	int n = mrz_compose(f, lines, err);
	if (n < 0)
		return n;
	char text[MRZ_MAX_LINES * (MRZ_MAX_LINE + 1) + 1];
	size_t used = 0;
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n", lines[i]);
	return scan_text(text, used, SRC_MRZ_MANUAL, out, err);
}

void scan_line_state(const char *line, const char *first_line, int index,
		     struct scan_line_state *out)
{
	out->length = (int)strlen(line);
	out->bad_col = -1;
	for (int i = 0; i < out->length; i++) {
		char c = line[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) {
			out->bad_col = i;
			break;
		}
	}
	/* the first line's document code and length say what the rest must be */
	int first = (int)strlen(first_line);
	out->expected = 0;
	if (first == 30 || first == 36 || first == 44)
		out->expected = first;
	else if (index == 0 && first_line[0] == 'P')
		out->expected = 44;
	else if (index == 0 &&
		 (first_line[0] == 'I' || first_line[0] == 'A' || first_line[0] == 'C'))
		out->expected = 0; /* TD1 or TD2: the length decides */
}

int scan_apply_suggestion(struct app *app, const struct session *s, struct document *doc, int i,
			  struct error *err)
{
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	if (i < 0 || i >= doc->n_suggestions)
		return error_set(err, ERR_USAGE, _("no such suggestion"));
	struct doc_suggestion sg = doc->suggestions[i];
	char text[MRZ_MAX_LINES * (MRZ_MAX_LINE + 1) + 1];
	size_t used = 0;
	doc->mrz[sg.line][sg.col] = sg.to;
	for (int l = 0; l < doc->lines; l++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n", doc->mrz[l]);
	enum doc_source src = doc->source;
	struct document fixed;
	if (scan_text(text, used, src, &fixed, err) < 0) {
		doc->mrz[sg.line][sg.col] = sg.from;
		return -ERR_USAGE;
	}
	char detail[96];
	snprintf(detail, sizeof(detail), "line %d column %d '%c' -> '%c' (%s)", sg.line + 1,
		 sg.col + 1, sg.from, sg.to, document_check_name(sg.check));
	char object[48];
	snprintf(object, sizeof(object), "%s %s", fixed.issuer, fixed.number);
	struct audit_event ev = { .action = "mrz.correction",
				  .object_type = "document",
				  .object_id = object,
				  .outcome = document_valid(&fixed) ? "valid" : "invalid",
				  .detail = detail };
	if (app_audit(app, s, &ev, err) < 0) {
		doc->mrz[sg.line][sg.col] = sg.from;
		return -ERR_IO;
	}
	*doc = fixed;
	return 0;
}

static const char *source_name(enum doc_source s)
{
	switch (s) {
	case SRC_MRZ_WEDGE:
		return "keyboard reader";
	case SRC_MRZ_SERIAL:
		return "serial reader";
	case SRC_MRZ_MANUAL:
		return "typed";
	case SRC_STDIN:
		return "stdin";
	case SRC_BARCODE:
		return "barcode";
	}
	return "?";
}

int scan_accept(struct app *app, const struct session *s, const struct document *doc,
		struct error *err)
{
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	char object[48], detail[160];
	snprintf(object, sizeof(object), "%s %s", doc->issuer, doc->number);
	int failed = 0;
	for (int i = 0; i < doc->n_checks; i++)
		failed += doc->checks[i].status == CHECK_FAIL;
	snprintf(detail, sizeof(detail), "%s %s; %s; failed checks: %d",
		 document_format_name(doc->format), doc->doc_code, source_name(doc->source),
		 failed);
	struct audit_event ev = { .action = "document.accept",
				  .object_type = "document",
				  .object_id = object,
				  .outcome = failed ? "invalid" : "valid",
				  .detail = detail };
	return app_audit(app, s, &ev, err);
}

void scan_wedge_reset(struct scan_wedge *w)
{
	memset(w, 0, sizeof(*w));
	mrz_lines_reset(&w->lines);
}

int scan_wedge_key(struct scan_wedge *w, int ch, long long ms, char *text, size_t len, int *event)
{
	*event = SCAN_WEDGE_NONE;
	int fast = w->last_ms && ms - w->last_ms <= SCAN_WEDGE_GAP_MS;
	w->last_ms = ms;
	w->payload_len = 0;
	if (!fast && ch != '\n') {
		w->burst_len = 0;
		w->overflow = 0;
	}
	if (ch == '\n') {
		/* A line ends. It is a reader's if it came fast and its last 44, 36 or 30
		 * characters have the shape of an MRZ line; what came before (an officer's
		 * half-typed word) is left alone. */
		static const int widths[3] = { 44, 36, 30 };
		int taken = 0;
		for (int k = 0; fast && !taken && k < 3; k++) {
			int n = widths[k];
			const char *tail = w->burst + w->burst_len - n;
			if (w->burst_len >= n && mrz_line_shaped(tail, (size_t)n))
				taken = n;
		}
		if (taken) {
			char line[MRZ_LINES_MAX_RAW + 2];
			memcpy(line, w->burst + w->burst_len - taken, (size_t)taken);
			line[taken] = '\n';
			if (mrz_lines_feed(&w->lines, line, (size_t)taken + 1, text, len) == 1)
				*event = SCAN_WEDGE_MRZ;
		} else if (fast && !w->overflow && w->burst_len >= SCAN_WEDGE_MIN_BARCODE) {
			/* no person types this many characters this fast: a barcode */
			taken = w->burst_len;
			w->payload_len = w->burst_len;
			*event = SCAN_WEDGE_BARCODE;
		}
		w->burst_len = 0;
		w->overflow = 0;
		return taken;
	}
	if (w->burst_len == SCAN_WEDGE_MAX) { /* keep the newest characters */
		memmove(w->burst, w->burst + 1, SCAN_WEDGE_MAX - 1);
		w->burst_len--;
		w->overflow = 1;
	}
	w->burst[w->burst_len++] = (char)ch;
	w->burst[w->burst_len] = '\0';
	return 0;
}

int scan_reader_open(const struct app *app, struct serial_reader **out, struct error *err)
{
	*out = NULL;
	if (!app->cfg.reader_device[0])
		return 0;
	struct serial_config sc;
	memset(&sc, 0, sizeof(sc));
	if (serial_parse_settings(app->cfg.reader_baud_text, app->cfg.reader_format, &sc, err) < 0)
		return -ERR_USAGE;
	snprintf(sc.device, sizeof(sc.device), "%s", app->cfg.reader_device);
	return serial_open(&sc, out, err);
}

int scan_reader_poll(struct serial_reader *r, char *text, size_t len, int *state, int *changed,
		     struct error *err)
{
	enum serial_event ev = SERIAL_EVENT_NONE;
	int rc = serial_poll(r, text, len, &ev, err);
	*state = serial_connected(r);
	*changed = ev != SERIAL_EVENT_NONE;
	return rc;
}

void scan_reader_close(struct serial_reader **r)
{
	serial_close(r);
}
