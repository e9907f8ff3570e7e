/* libFuzzer target: the training-scenario parser (app/scenario.c). A scenario file is
 * written by hand and passed between trainers, so whatever the bytes, parsing must
 * return; a refusal must give its problems and leave the scenario empty, and an
 * accepted scenario must hold what the format promises (NUL-terminated fields within
 * their limits, at least one traveller with an expected decision and 2 or 3 MRZ lines). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void check_accepted(const struct scenario *s)
{
	if (!s->id[0] || !s->title[0] || !s->briefing[0] || !TERMINATED(s->language))
		abort();
	if (s->n_travellers < 1 || s->n_travellers > SCN_MAX_TRAVELLERS || !s->travellers)
		abort();
	if (s->n_entries < 0 || s->n_entries > SCN_MAX_ENTRIES || (s->n_entries && !s->entries))
		abort();
	for (int i = 0; i < s->n_entries; i++) {
		const struct scn_entry *e = &s->entries[i];
		if (!e->id[0] || e->n_names > SCN_MAX_NAMES || e->n_births > SCN_MAX_LIST ||
		    e->n_nationalities > SCN_MAX_LIST || e->n_documents > SCN_MAX_LIST)
			abort();
		if (strcmp(e->subject, "person") == 0 &&
		    (e->n_names < 1 || strcmp(e->names[0].type, "primary") != 0))
			abort();
		if (strcmp(e->subject, "document") == 0 && e->n_documents < 1)
			abort();
		for (int j = 0; j < e->n_names; j++)
			if (!TERMINATED(e->names[j].text) || !e->names[j].text[0])
				abort();
	}
	for (int i = 0; i < s->n_travellers; i++) {
		const struct scn_traveller *t = &s->travellers[i];
		if (t->mrz_lines < 2 || t->mrz_lines > 3 || !t->expect ||
		    (t->expect & ~(unsigned)(SCN_ADMIT | SCN_REFUSE | SCN_REFER)))
			abort();
		if (t->chip_mrz_lines && (t->chip_mrz_lines < 2 || t->chip == SCN_CHIP_NONE))
			abort();
		if (t->ground[0] && !(t->expect & SCN_REFUSE))
			abort();
		if (!t->reason[0] || !t->teach[0] || !TERMINATED(t->says) ||
		    !TERMINATED(t->barcode))
			abort();
		for (int j = 0; j < t->mrz_lines; j++)
			if (strlen(t->mrz[j]) != strlen(t->mrz[0]))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so reading past the end is caught */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	static const struct scenario empty;
	struct scenario s;
	struct scn_problems probs;
	int rc = scenario_parse(text, size, &s, &probs);
	if (rc == 0) {
		if (probs.n || probs.more)
			abort();
		check_accepted(&s);
	} else {
		if (rc != -ERR_USAGE || probs.n < 1 || probs.n > SCN_MAX_PROBLEMS)
			abort(); /* refused without saying why */
		if (memcmp(&s, &empty, sizeof(s)) != 0)
			abort(); /* a refused scenario left something behind */
		for (int i = 0; i < probs.n; i++)
			if (!probs.items[i].msg[0] ||
			    (i && probs.items[i].line < probs.items[i - 1].line))
				abort(); /* problems without words, or out of line order */
	}
	scenario_free(&s);
	free(text);
	return 0;
}
