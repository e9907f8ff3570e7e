/* libFuzzer target: a watchlist bundle's changeset applied on a workstation
 * (db/changeset.c changeset_watchlist_apply). The payload is signed, but it is still
 * bytes from outside: whatever they hold must not crash, hang or leak, a refusal must
 * say why and hand out nothing, and what is accepted must name its entries in order.
 * Applied to an in-memory database with the schema and a few entries (the seeds in
 * tests/fuzz/corpus/fuzz_changeset were made against the same rows), inside a
 * transaction that is rolled back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/changeset.h"
#include "db/db.h"
#include "db/watchlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

/* Source 1 with entries 1 to 3, each with two names, a birth date, a nationality and a
 * document: what the seeds' "update" and "delete" changesets were made against. */
static void add_base_rows(void)
{
	struct error err;
	struct wl_source src = { .code = "FUZZ",
				 .kind = "national",
				 .name = "Fuzz list",
				 .authority = "Fuzz",
				 .version = "v1",
				 .updated_at = "2026-03-01T00:00:00.000Z" };
	if (db_begin(db, &err) < 0 || wl_source_put(db, &src, &err) < 0)
		abort();
	for (int i = 1; i <= 3; i++) {
		char ref[16], primary[64], alias[64], number[16];
		snprintf(ref, sizeof(ref), "F-%d", i);
		snprintf(primary, sizeof(primary), "KHALIMOV%d Gulmurod", i);
		snprintf(alias, sizeof(alias), "HALIMOV%d Gulom", i);
		snprintf(number, sizeof(number), "40123456%d", i);
		struct wl_name names[] = { { "primary", "good", primary },
					   { "alias", "low", alias } };
		struct wl_birth_date dob = { "exact", "1975-05-14", 0, 0 };
		const char *nat[] = { "TJK" };
		struct wl_document doc = { number, "TJK", "P" };
		struct wl_entry e = { .ref = ref,
				      .subject = "person",
				      .category = "terrorism",
				      .action = "deny_entry",
				      .names = names,
				      .n_names = 2,
				      .dobs = &dob,
				      .n_dobs = 1,
				      .nationalities = nat,
				      .n_nationalities = 1,
				      .documents = &doc,
				      .n_documents = 1 };
		if (wl_entry_add(db, src.id, &e, NULL, &err) < 0)
			abort();
	}
	if (db_commit(db, &err) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err;
	if (!db) {
		if (db_open(":memory:", DB_OPEN_CREATE, &db, &err) < 0)
			abort();
		add_base_rows();
	}
	memset(&err, 0, sizeof(err));
	int64_t *ids = NULL;
	size_t n = 0;
	if (db_begin(db, &err) < 0)
		abort();
	int rc = changeset_watchlist_apply(db, data, size, &ids, &n, &err);
	if (rc < 0 && (err.msg[0] == '\0' || ids || n))
		abort(); /* refused without saying why, or handed something out */
	if (rc < 0 && err.code != ERR_FINDING && err.code != ERR_USAGE)
		abort(); /* outside bytes are a finding or unusable, never an I/O failure */
	for (size_t i = 1; i < n; i++)
		if (ids[i - 1] >= ids[i])
			abort();
	free(ids);
	db_rollback(db);
	if (db_in_transaction(db))
		abort();
	return 0;
}
