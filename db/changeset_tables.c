/* The tables a changeset may touch (db/changeset_internal.h). */
#include "db/changeset_internal.h"

/* Children first: see changeset_watchlist_diff in the header. */
const struct table_def WATCHLIST[] = {
	{ "wl_names", "SELECT * FROM main.wl_names ORDER BY id", "entry_id",
	  "SELECT entry_id FROM main.wl_names WHERE id = ?1" },
	{ "wl_birth_dates", "SELECT * FROM main.wl_birth_dates ORDER BY id", "entry_id",
	  "SELECT entry_id FROM main.wl_birth_dates WHERE id = ?1" },
	{ "wl_nationalities", "SELECT * FROM main.wl_nationalities ORDER BY entry_id, country",
	  "entry_id" },
	{ "wl_documents", "SELECT * FROM main.wl_documents ORDER BY id", "entry_id",
	  "SELECT entry_id FROM main.wl_documents WHERE id = ?1" },
	{ "wl_entries",
	  "SELECT id, source_id, ref, subject, category, action, listed_on, sex, remarks, "
	  "retired_at, content_hash FROM main.wl_entries ORDER BY id", /* as it travels */
	  "id" },
	{ "wl_sources", "SELECT * FROM main.wl_sources ORDER BY id", NULL },
};
const size_t N_WATCHLIST = sizeof(WATCHLIST) / sizeof(WATCHLIST[0]);

const struct table_def RECORDS[] = {
	{ .name = "shifts",
	  .copy = "INSERT INTO main.shifts SELECT * FROM src.shifts WHERE id > ?1",
	  .mark = MARK(shift_id),
	  .open_col = "closed_at",
	  .next = "SELECT max(?1, coalesce((SELECT min(id) - 1 FROM src.shifts WHERE id > ?1 AND "
		  "closed_at IS NULL), (SELECT max(id) FROM src.shifts), 0))" },
	{ .name = "crossings",
	  .copy = "INSERT INTO main.crossings SELECT * FROM src.crossings WHERE id > ?1",
	  .mark = MARK(crossing_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.crossings), 0))" },
	{ .name = "crossing_hits",
	  .copy = "INSERT INTO main.crossing_hits SELECT * FROM src.crossing_hits "
		  "WHERE crossing_id > ?1",
	  .mark = MARK(crossing_id) },
	{ .name = "crossing_lists",
	  .copy = "INSERT INTO main.crossing_lists SELECT * FROM src.crossing_lists "
		  "WHERE crossing_id > ?1",
	  .mark = MARK(crossing_id) },
	{ .name = "crossing_barcodes",
	  .copy = "INSERT INTO main.crossing_barcodes SELECT * FROM src.crossing_barcodes "
		  "WHERE crossing_id > ?1",
	  .mark = MARK(crossing_id) },
	{ .name = "cases",
	  .copy = "INSERT INTO main.cases SELECT * FROM src.cases WHERE id > ?1",
	  .mark = MARK(case_id),
	  .open_col = "status",
	  .open_is = "open",
	  .next = "SELECT max(?1, coalesce((SELECT min(id) - 1 FROM src.cases WHERE id > ?1 AND "
		  "status = 'open'), (SELECT max(id) FROM src.cases), 0))" },
	{ .name = "case_notes",
	  .copy = "INSERT INTO main.case_notes SELECT * FROM src.case_notes WHERE id > ?1",
	  .mark = MARK(note_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.case_notes), 0))" },
	/* advance passenger information: the manifests, their travellers and every
	 * screening of them, the arrivals, and which crossing belonged to which manifest */
	{ .name = "manifests",
	  .copy = "INSERT INTO main.manifests SELECT * FROM src.manifests WHERE id > ?1",
	  .mark = MARK(manifest_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.manifests), 0))" },
	{ .name = "manifest_travellers",
	  .copy = "INSERT INTO main.manifest_travellers SELECT * FROM src.manifest_travellers "
		  "WHERE id > ?1",
	  .mark = MARK(manifest_traveller_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.manifest_travellers), 0))" },
	{ .name = "manifest_screenings",
	  .copy = "INSERT INTO main.manifest_screenings SELECT * FROM src.manifest_screenings "
		  "WHERE id > ?1",
	  .mark = MARK(manifest_screening_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.manifest_screenings), 0))" },
	{ .name = "manifest_arrivals",
	  .copy = "INSERT INTO main.manifest_arrivals SELECT * FROM src.manifest_arrivals "
		  "WHERE id > ?1",
	  .mark = MARK(manifest_arrival_id),
	  .next = "SELECT max(?1, coalesce((SELECT max(id) FROM src.manifest_arrivals), 0))" },
	{ .name = "crossing_manifest",
	  .copy = "INSERT INTO main.crossing_manifest SELECT * FROM src.crossing_manifest "
		  "WHERE crossing_id > ?1",
	  .mark = MARK(crossing_id) },
	{ .name = "audit",
	  .copy = "INSERT INTO main.audit SELECT * FROM src.audit WHERE seq > ?1",
	  .mark = MARK(audit_seq),
	  .next = "SELECT max(?1, coalesce((SELECT max(seq) FROM src.audit), 0))" },
};
const size_t N_RECORDS = sizeof(RECORDS) / sizeof(RECORDS[0]);
