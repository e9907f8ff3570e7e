/* MRZ text as a document reader delivers it, assembled into whole documents.
 *
 * Full-page and handheld OCR readers send the machine-readable zone as text, over a
 * serial line or as keystrokes (keyboard wedge): one line after another, each ended by
 * CR, LF or CRLF, sometimes framed by STX (0x02) ... ETX (0x03), with stray spaces, in
 * whatever pieces the line or the terminal hands over. This module turns that stream
 * into documents: 3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A).
 * It knows the layout of an MRZ only as far as it needs to find where a document
 * starts; mrz_parse() in scanners/mrz.h reads the fields and checks.
 *
 * Plain state, no allocation: an arbitrary byte stream cannot make it grow. */
#ifndef SHEKARA_MRZ_LINES_H
#define SHEKARA_MRZ_LINES_H

#include <stddef.h>

enum {
	/* Longest line kept while it arrives; a longer one is discarded whole. */
	MRZ_LINES_MAX_RAW = 64,
	/* Longest document text: 3 lines of 30 and 2 newlines (2 × 44 + 1 is 89). An out
	 * buffer needs MRZ_LINES_TEXT_MAX + 1 bytes. */
	MRZ_LINES_TEXT_MAX = 92,
	/* Complete documents held until they are taken. A 256-byte read can complete at
	 * most 4, so a caller that drains before reading again never loses one. */
	MRZ_LINES_QUEUE = 8,
};

struct mrz_lines {
	/* the line arriving: leading spaces and control bytes already dropped */
	char line[MRZ_LINES_MAX_RAW];
	size_t line_len;
	size_t spaces; /* spaces after the last character: trimmed unless more follows */
	int overlong;  /* more than MRZ_LINES_MAX_RAW bytes: the line is discarded */
	int last_end;  /* what ended the previous line: '\r', '\n', ETX (3) or 0 */
	/* the document being collected */
	char doc[3][44];
	size_t doc_width; /* 30, 36 or 44 */
	int doc_lines;
	/* complete documents, oldest first, each NUL-terminated */
	char queue[MRZ_LINES_QUEUE][MRZ_LINES_TEXT_MAX + 1];
	unsigned head, count;
	/* documents discarded because the queue was full (the oldest goes first) */
	unsigned long dropped;
};

void mrz_lines_reset(struct mrz_lines *a);

/* Feeds raw bytes as they arrive: any chunking, any line endings (CR, LF, CRLF, LFCR);
 * STX/ETX and other control bytes are dropped (STX and ETX end a line in progress, and
 * a line end right after ETX is part of the same ending); spaces and tabs are trimmed
 * around a line. A blank line, a line that is not MRZ-shaped (30, 36 or 44 characters
 * of A-Z, 0-9, <), or one whose length does not match the lines before it discards
 * the partial document; the new line is kept if it could start one.
 *
 * Where a document starts is told by the layout of Doc 9303, so that one stray line
 * (a reader that sent half a document) does not pair every later document with the
 * wrong partner: the first line starts with a letter (the document code); in 36 and
 * 44 character documents position 10 is a digit only on the second line (the document
 * number's check digit; the first line is name there); in TD1 the second line starts
 * with the birth date (digit or <) and has its check digit at position 7, which on the
 * third line (name) is not a digit.
 *
 * Returns 1 and copies the oldest complete document into out, lines joined with '\n'
 * and NUL-terminated (no final newline); 0 when none is complete. Call again with len
 * 0 (data may be NULL) until it returns 0: several documents can complete in one
 * chunk. An out smaller than MRZ_LINES_TEXT_MAX + 1 bytes gets nothing (the document
 * stays queued, never truncated). */
int mrz_lines_feed(struct mrz_lines *a, const char *data, size_t len, char *out, size_t outlen);

/* Forgets the line in progress and the partial document, but keeps the complete
 * documents not yet taken: for a source that went away in the middle of a document
 * (an unplugged reader), so that its remains do not join the next one's lines. */
void mrz_lines_discard_partial(struct mrz_lines *a);

#endif
