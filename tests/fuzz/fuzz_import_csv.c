/* libFuzzer target: the national watchlist CSV parser (app/import_csv.c). A watchlist
 * file comes from outside: whatever it holds, parsing must not crash, every entry
 * handed out must be complete, and a refused file must say why and where. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const struct wl_entry *e, struct error *err)
{
	(void)err;
	if (!e->ref || !e->ref[0] || !e->subject || !e->category || !e->action)
		abort();
	if (strcmp(e->subject, "person") == 0 && e->n_names == 0)
		abort(); /* a person with no name to match on */
	if (strcmp(e->subject, "document") == 0 && e->n_documents == 0)
		abort();
	for (size_t i = 0; i < e->n_names; i++)
		if (!e->names[i].kind || !e->names[i].full_name || !e->names[i].full_name[0])
			abort();
	for (size_t i = 0; i < e->n_nationalities; i++)
		if (strlen(e->nationalities[i]) > 3)
			abort();
	for (size_t i = 0; i < e->n_documents; i++)
		if (!e->documents[i].number || !e->documents[i].number[0])
			abort();
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_source src;
	struct error err;
	long entries = 0;
	err.msg[0] = '\0';
	int rc = national_csv_parse((const char *)data, size, "FUZZ-NAT", &src, count, &entries,
				    &err);
	if (rc < 0 && (err.msg[0] == '\0' || strncmp(err.msg, "line ", 5) != 0))
		abort(); /* refused without saying where */
	if (rc == 0 && (entries == 0 || src.version[0] == '\0'))
		abort(); /* accepted an empty list or one without a version */
	return 0;
}
