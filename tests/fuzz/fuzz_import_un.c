/* libFuzzer target: the UN Security Council Consolidated List parser (app/import_un.c).
 * The list is a file from outside: whatever it holds, parsing must return, every entry
 * handed on must be one the store can take, and a refusal must say why. Seeds in
 * tests/fuzz/corpus/fuzz_import_un are small lists with every element the parser
 * reads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/importers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return 1;
	return 0;
}

static int count_entry(void *ctx, const struct wl_entry *e, struct error *err)
{
	static const char *const kinds[] = { "primary", "alias", "original_script" };
	static const char *const qualities[] = { "good", "low" };
	static const char *const precisions[] = { "exact", "year", "range", "approximate" };
	static const char *const categories[] = { "terrorism", "sanctions" };
	(void)err;
	long *n = ctx;
	(*n)++;
	if (!e->ref || !*e->ref || e->n_names == 0 || !e->remarks || strlen(e->remarks) > 250)
		abort();
	if (!is_one_of(e->category, categories, 2) || strcmp(e->subject, "person") != 0)
		abort();
	if (e->sex && strcmp(e->sex, "M") != 0 && strcmp(e->sex, "F") != 0)
		abort();
	if (e->listed_on && strlen(e->listed_on) != 10)
		abort();
	for (size_t i = 0; i < e->n_names; i++)
		if (!is_one_of(e->names[i].kind, kinds, 3) ||
		    !is_one_of(e->names[i].quality, qualities, 2) || !*e->names[i].full_name)
			abort();
	for (size_t i = 0; i < e->n_dobs; i++) {
		const struct wl_birth_date *d = &e->dobs[i];
		if (!is_one_of(d->precision, precisions, 4))
			abort();
		if (strcmp(d->precision, "range") == 0
			    ? d->date || d->year_from <= 0 || d->year_from > d->year_to
			    : !d->date || (strlen(d->date) != 4 && strlen(d->date) != 10))
			abort();
	}
	for (size_t i = 0; i < e->n_nationalities; i++)
		if (strlen(e->nationalities[i]) != 3)
			abort();
	for (size_t i = 0; i < e->n_documents; i++)
		if (!*e->documents[i].number || strlen(e->documents[i].number) > 63 ||
		    (e->documents[i].issuing_state && strlen(e->documents[i].issuing_state) != 3))
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_source src;
	struct error err;
	long n = 0;
	int rc = un_sc_parse((const char *)data, size, &src, count_entry, &n, &err);
	if (rc < 0 && err.msg[0] == '\0')
		abort(); /* refused without saying why */
	if (rc == 0 && (strcmp(src.code, "UN-SC") != 0 || !src.version[0]))
		abort(); /* accepted without knowing its version */
	return 0;
}
