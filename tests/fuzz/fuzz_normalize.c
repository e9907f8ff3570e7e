/* libFuzzer target: name normalisation and similarity (app/normalize.c). Watchlist
 * imports and typed queries give any bytes: norm_name must refuse what is not UTF-8
 * and otherwise give non-empty A-Z tokens within bounds; the canonical form must be
 * its own canonical form and the key must depend on it alone; similarity must be 1
 * for a token with itself, symmetric, and within [0, 1]. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_az(const char *s, size_t cap, int may_be_empty)
{
	const char *end = memchr(s, '\0', cap);
	if (!end || (!may_be_empty && end == s))
		abort();
	for (; s < end; s++)
		if (*s < 'A' || *s > 'Z')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct norm_name n;
	char c[NORM_TOKEN_MAX], cc[NORM_TOKEN_MAX], k[NORM_KEY_MAX], kc[NORM_KEY_MAX], why[64];
	if (norm_name((const char *)data, size, &n) < 0) {
		if (n.n != 0)
			abort();
		return 0;
	}
	if (n.n < 0 || n.n > NORM_MAX_TOKENS)
		abort();
	for (int i = 0; i < n.n; i++) {
		const char *t = n.token[i];
		check_az(t, NORM_TOKEN_MAX, 0);
		if (n.particle[i] != norm_is_particle(t) || (n.rules[i] & ~n.translit) != 0)
			abort();

		norm_canonical(t, c, sizeof(c));
		check_az(c, sizeof(c), 1);
		norm_canonical(c, cc, sizeof(cc));
		if (strcmp(c, cc) != 0)
			abort(); /* not idempotent */

		norm_skeleton(t, k, sizeof(k));
		check_az(k, sizeof(k), 1);
		if (n.particle[i] && k[0])
			abort();
		/* equal canonical forms must meet in the index */
		norm_skeleton(c, kc, sizeof(kc));
		if (!n.particle[i] && !norm_is_particle(c) && strcmp(k, kc) != 0)
			abort();

		double self = norm_similarity(t, t);
		if (self != 1.0)
			abort();
		for (int j = 0; j < n.n; j++) {
			double a = norm_similarity(t, n.token[j]),
			       b = norm_similarity(n.token[j], t);
			if (!(a >= 0.0 && a <= 1.0) || fabs(a - b) > 1e-9)
				abort();
		}
		norm_explain(&n, i, why, sizeof(why));
		if (!memchr(why, '\0', sizeof(why)))
			abort();
	}
	/* the raw bytes as one token: any string is accepted */
	char raw[80];
	size_t m = size < sizeof(raw) - 1 ? size : sizeof(raw) - 1;
	memcpy(raw, data, m);
	raw[m] = '\0';
	norm_canonical(raw, c, sizeof(c));
	check_az(c, sizeof(c), 1);
	norm_canonical(c, cc, sizeof(cc));
	if (strcmp(c, cc) != 0)
		abort();
	norm_skeleton(raw, k, sizeof(k));
	check_az(k, sizeof(k), 1);
	double s = norm_similarity(raw, n.n ? n.token[0] : "");
	if (!(s >= 0.0 && s <= 1.0))
		abort();
	return 0;
}
