/* What the benchmarks that play travellers share: a listed person read back from the
 * synthetic list, as a document or a manifest would carry them. */
#ifndef SHEKARA_BENCH_PEOPLE_H
#define SHEKARA_BENCH_PEOPLE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "db/watchlist.h"
#include "bench_util.h"

struct bench_person {
	char surname[64], given[64], nat[4], birth[8]; /* birth as YYMMDD */
};

/* A listed person as the list has them: primary name "SURNAME GIVEN", the first birth
 * date (a day picked when the list gives a year or nothing), the first nationality.
 * 0, or -1 when twenty random entries gave no such name. */
__attribute__((unused)) static int bench_listed(struct app *app, long entries,
						struct bench_person *p, struct error *err)
{
	struct wl_view *v = malloc(sizeof(*v));
	int found = 0;
	for (int tries = 0; v && !found && tries < 20; tries++) {
		found = wl_entry_load(app->db, 1 + (int64_t)(rnd() % (uint64_t)entries), v, err);
		if (found < 0)
			break;
		found = found && v->n_names > 0 && strchr(v->names[0].full_name, ' ');
	}
	if (found > 0) {
		const char *name = v->names[0].full_name, *sp = strrchr(name, ' ');
		snprintf(p->surname, sizeof(p->surname), "%.*s", (int)(sp - name), name);
		snprintf(p->given, sizeof(p->given), "%s", sp + 1);
		snprintf(p->nat, sizeof(p->nat), "%s", v->n_nats ? v->nats[0] : "KAZ");
		const char *d = v->n_dobs ? v->dobs[0].date : "";
		if (strlen(d) == 10)
			snprintf(p->birth, sizeof(p->birth), "%.2s%.2s%.2s", d + 2, d + 5, d + 8);
		else if (strlen(d) == 4)
			snprintf(p->birth, sizeof(p->birth), "%.2s0615", d + 2);
		else
			snprintf(p->birth, sizeof(p->birth), "%02d0615", (int)(50 + rnd() % 50));
	}
	free(v);
	return found > 0 ? 0 : -1;
}

#endif
