/* RFC 8785, the JSON Canonicalization Scheme, and the strict reading it rests on.
 *
 * Some signatures over JSON are not over the bytes carried but over the canonical form
 * of a value (ICAO VDS-NC signs its "data" member so, letting an issuer print members in
 * any order and with any spacing): members sorted by name as arrays of UTF-16 code
 * units, no blanks, strings escaped one way only, numbers written as ECMAScript writes a
 * double. The signed bytes are then not in the input: this module computes them.
 *
 * A canonical form vouches for one content only if every reader sees the same value in
 * the text, which is why RFC 8785 (section 3.1) takes I-JSON (RFC 7493) only. json-c,
 * which builds the tree, is lenient where a signature must not be, even with
 * JSON_TOKENER_STRICT (0.16): it takes 'single quoted' strings, NaN and Infinity, "1.",
 * raw control characters and lone surrogates in strings, keeps the last of two members
 * with one name, and clamps integers past 64 bits. Each would let two readers see
 * different contents under one signature, so jcs_parse checks the text against the
 * RFC 8259 grammar itself and hands json-c only texts known to be strict.
 *
 * Numbers are read and written in the "C" locale whatever the caller's. */
#ifndef SHEKARA_JCS_H
#define SHEKARA_JCS_H

#include <stddef.h>

struct json_object;

enum {
	/* the longest text jcs_parse reads; a canonical form may grow to a few times its
	 * text (a control character in a string becomes "\u001f") */
	JCS_MAX_TEXT = 1024 * 1024,
};

/* Reads a JSON text of len bytes (not NUL-terminated; blanks around the value allowed)
 * strictly: the RFC 8259 grammar, UTF-8 without overlong forms or surrogates, escapes
 * without lone surrogates, no two members of an object with one name, no \u0000 in a
 * member name, every number a finite IEEE 754 double, at most max_depth (1 or more)
 * nested objects and arrays, the outer one included, at most JCS_MAX_TEXT bytes.
 * Returns the json-c tree (json_object_put() it), or NULL with a short English reason
 * in why. The reader recurses max_depth deep: keep it small. */
struct json_object *jcs_parse(const char *json, size_t len, int max_depth, char *why,
			      size_t why_len);

/* The text a number in a tree from jcs_parse was written with ("1.50", "1e2", or an
 * integer past 64 bits, which json-c's own value clamps); json-c's rendering of a number
 * made otherwise. Owned by the number. */
const char *jcs_number_text(struct json_object *number);

/* The RFC 8785 form of value (a tree from jcs_parse or any value in one): 0 with *out
 * malloc'd (NUL-terminated, *out_len without the NUL; free() it), -1 when memory ran
 * out or a number is not a finite double. */
int jcs_canonicalize(struct json_object *value, char **out, size_t *out_len);

/* jcs_parse then jcs_canonicalize for a whole text: 0 with *out as there, -1 when the
 * text is refused or memory ran out. */
int jcs_canonicalize_text(const char *json, size_t len, int max_depth, char **out, size_t *out_len);

#endif
