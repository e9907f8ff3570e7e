/* libFuzzer target: the lost/stolen documents CSV parser (app/import_csv.c). The file
 * comes from outside: whatever it holds, parsing must not crash, every entry must be
 * one document with a reference "STATE:NUMBER", and a refusal must say where. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const struct wl_entry *e, struct error *err)
{
	(void)err;
	if (!e->ref || strcmp(e->subject, "document") != 0 ||
	    strcmp(e->category, "lost_stolen") != 0 || strcmp(e->action, "refer") != 0)
		abort();
	if (e->n_documents != 1 || e->n_names != 0 || !e->documents[0].issuing_state)
		abort();
	const char *colon = strchr(e->ref, ':');
	size_t state = strlen(e->documents[0].issuing_state);
	if (!colon || (size_t)(colon - e->ref) != state ||
	    strncmp(e->ref, e->documents[0].issuing_state, state) != 0 || !colon[1])
		abort();
	for (const char *c = colon + 1; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			abort(); /* the reference carries the normalised number */
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_source src;
	struct error err;
	long entries = 0;
	err.msg[0] = '\0';
	int rc = sltd_parse((const char *)data, size, &src, count, &entries, &err);
	if (rc < 0 && (err.msg[0] == '\0' || strncmp(err.msg, "line ", 5) != 0))
		abort();
	if (rc == 0 && (entries == 0 || src.version[0] == '\0' || strcmp(src.code, "SLTD") != 0))
		abort();
	return 0;
}
