/* app/pax.c and db/pax.c: advance passenger information on real demo database files:
 * import and screening of PAXLST manifests, screening again with a newer list, the
 * booth's link to the manifest, the supervisor's exceptions, append-only tables and the
 * rows that travel up to headquarters. */
#include "pax_testutil.h"

#include "app/importers.h"
#include "db/changeset.h"

/* --- import ------------------------------------------------------------------------ */

static void test_doc_key_is_issuer_and_number_letters_and_digits(void **state)
{
	(void)state;
	char key[48];
	pax_doc_key("KAZ", "N01234567", key, sizeof(key));
	assert_string_equal(key, "KAZN01234567");
	pax_doc_key("tjk", "40 123-4567", key, sizeof(key));
	assert_string_equal(key, "TJK401234567");
	pax_doc_key("KAZ", "", key, sizeof(key));
	assert_string_equal(key, ""); /* an issuer alone files nothing */
	pax_doc_key("KAZ", "N01234567", key, 6);
	assert_string_equal(key, "KAZN0");
}

static void test_officer_import_stores_manifest_travellers_and_screenings(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	assert_int_equal(res.already, 0);
	assert_int_equal(res.first_id, 1);
	assert_int_equal(res.manifests, 1);
	assert_int_equal(res.travellers, 13);
	assert_int_equal(res.hits, 2);
	assert_int_equal(res.checks, 0);
	assert_int_equal(res.warnings, 0);
	assert_int_equal(res.n_shown, 0);

	struct error err;
	error_clear(&err);
	struct pax_manifest_row m;
	assert_int_equal(pax_manifest_get(app.db, 1, &m, &err), 1);
	assert_string_equal(m.file_name, "bus-d02b.edi");
	assert_int_equal(m.message, 1);
	assert_string_equal(m.message_ref, "AEX0416");
	assert_string_equal(m.list_kind, "passengers");
	assert_string_equal(m.sender, "ALMATY EXPRESS DISPATCH");
	assert_string_equal(m.transport_mode, "road");
	assert_string_equal(m.vehicle, "KZ 123 ABC (AE0715)");
	assert_string_equal(m.carrier, "ALMATY EXPRESS");
	assert_string_equal(m.departure, "KZALA");
	assert_string_equal(m.arrival, "KGFRU");
	/* the carrier's local times, without a zone (scanners/paxlst.h) */
	assert_string_equal(m.departs_at, "2026-04-16T07:00");
	assert_string_equal(m.arrives_at, "2026-04-16T13:00");
	assert_int_equal(m.travellers, 13);
	assert_int_equal(m.warnings, 0);
	assert_string_equal(m.imported_by, "officer");
	assert_int_equal(strlen(m.sha256), 64);
	assert_int_equal(m.hits, 2);
	assert_int_equal(m.checks, 0);
	assert_int_equal(m.unscreened, 0);

	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers"), 13);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings"), 13);
	assert_int_equal(dt_count("SELECT count(DISTINCT traveller_id) FROM manifest_screenings"),
			 13);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers WHERE doc_key = ''"),
			 0);
	char text[160];
	pt_text("SELECT surname FROM manifest_travellers WHERE doc_key = ?1", "KAZN01234567", text,
		sizeof(text));
	assert_string_equal(text, "SADYKOVA");
	pt_text("SELECT seat || ' ' || birth || ' ' || doc_issuer || doc_number || ' ' ||"
		" doc_expiry FROM manifest_travellers WHERE surname = ?1",
		"KHALIMOV", text, sizeof(text));
	assert_string_equal(text, "07 1975-05-14 TJK401234567 2031-02-03");
	/* a three-part name and released apostrophes are kept as sent */
	pt_text("SELECT given_names FROM manifest_travellers WHERE surname = ?1", "ABDRAKHMANOVA",
		text, sizeof(text));
	assert_string_equal(text, "DINARA SERIKOVNA");
	pt_text("SELECT given_names FROM manifest_travellers WHERE surname = ?1", "G'ULOMOV", text,
		sizeof(text));
	assert_string_equal(text, "ULUG'BEK");

	struct pt_screening sc;
	pt_in_force(pt_traveller("KHALIMOV"), &sc);
	assert_string_equal(sc.verdict, "hit");
	assert_string_equal(sc.entry_ref, "DEMO-001");
	TU_CONTAINS(sc.lists, "DEMO-NAT demo-1");
	TU_CONTAINS(sc.lists, "DEMO-SLTD demo-1");
	pt_in_force(pt_traveller("SADYKOVA"), &sc);
	assert_string_equal(sc.verdict, "hit");
	assert_string_equal(sc.entry_ref, "DEMO-SLTD-1");
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings WHERE verdict = 'clear'"
				  " AND traveller_id NOT IN (SELECT id FROM manifest_travellers"
				  " WHERE surname IN ('KHALIMOV', 'SADYKOVA'))"),
			 11);

	assert_int_equal(tu_count_audit(app.db, "manifest.import", "ok"), 1);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "manifest.import");
	assert_string_equal(last.officer, "officer");
	assert_string_equal(last.object_type, "manifest");
	assert_string_equal(last.object_id, "1");
	TU_CONTAINS(last.detail, "bus-d02b.edi");
	TU_CONTAINS(last.detail, "13 travellers, 2 hits");
}

static void test_same_file_imported_again_adds_nothing(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	int64_t audit = dt_count("SELECT count(*) FROM audit");
	pt_import("bus-d02b.edi", &res);
	assert_int_equal(res.already, 1);
	assert_int_equal(res.first_id, 1);
	assert_int_equal(res.manifests, 0);
	assert_int_equal(res.travellers, 0);
	assert_int_equal(dt_count("SELECT count(*) FROM manifests"), 1);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers"), 13);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings"), 13);
	assert_int_equal(tu_count_audit(app.db, "manifest.import", "ok"), 1);
	assert_true(dt_count("SELECT count(*) FROM audit") >= audit);
}

static void test_trainer_cannot_import_or_see_manifests(void **state)
{
	(void)state;
	struct session trainer;
	tu_login(&app, "trainer", &trainer);
	struct pax_import_result res;
	struct error err;
	assert_int_equal(pt_import_as(&trainer, "bus-d02b.edi", &res, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	TU_CONTAINS(err.msg, "manifests");
	assert_int_equal(dt_count("SELECT count(*) FROM manifests"), 0);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers"), 0);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "access.denied");
	assert_string_equal(last.officer, "trainer");
	assert_string_equal(last.object_id, "manifests");
	assert_string_equal(last.outcome, "denied");

	struct pax_manifest_row *list;
	size_t n;
	error_clear(&err);
	assert_int_equal(pax_list(&app, &trainer, &list, &n, &err), -ERR_DENIED);
	assert_null(list);
	assert_int_equal(tu_count_audit(app.db, "access.denied", "denied"), 2);
}

static void test_malformed_file_is_refused_naming_the_segment(void **state)
{
	(void)state;
	static const struct {
		const char *file, *segment;
	} cases[] = { { "truncated.edi", "segment 18" }, { "junk.edi", "segment 1:" } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pax_import_result res;
		struct error err;
		assert_int_equal(pt_import_as(&officer, cases[i].file, &res, &err), -ERR_USAGE);
		assert_int_equal(err.code, ERR_USAGE);
		TU_CONTAINS(err.msg, cases[i].file);
		TU_CONTAINS(err.msg, cases[i].segment);
		assert_int_equal(res.manifests, 0);
		assert_int_equal(dt_count("SELECT count(*) FROM manifests"), 0);
		assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers"), 0);
		assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings"), 0);
		assert_int_equal(tu_count_audit(app.db, "manifest.import", "refused"), (int)i + 1);
		struct tu_audit last;
		tu_last_audit(app.db, &last);
		assert_string_equal(last.action, "manifest.import");
		assert_string_equal(last.object_type, "file");
		assert_string_equal(last.object_id, cases[i].file);
		TU_CONTAINS(last.detail, cases[i].segment);
	}
	assert_int_equal(tu_count_audit(app.db, "manifest.import", "ok"), 0);
}

/* A file of len NUL bytes, sparse: nothing is written to disk. */
static void zeros_file(char *path, size_t plen, const char *name, off_t len)
{
	tu_path(path, plen, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(ftruncate(fileno(f), len), 0);
	fclose(f);
}

static void test_file_of_the_largest_size_is_read_and_a_larger_one_is_not(void **state)
{
	(void)state;
	char path[4096];
	struct pax_import_result res;
	struct error err;
	error_clear(&err);
	/* exactly PAXLST_MAX_BYTES is a size the parser takes: it is read and the parser
	 * says what is wrong with it */
	zeros_file(path, sizeof(path), "largest.edi", (off_t)PAXLST_MAX_BYTES);
	assert_int_equal(pax_import(&app, &officer, path, &res, &err), -ERR_USAGE);
	TU_NOT_CONTAINS(err.msg, "refused unread");
	TU_CONTAINS(err.msg, "segment 1");
	error_clear(&err);
	zeros_file(path, sizeof(path), "larger.edi", (off_t)PAXLST_MAX_BYTES + 1);
	assert_int_equal(pax_import(&app, &officer, path, &res, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "is larger than 64 MB; refused unread");
	assert_int_equal(dt_count("SELECT count(*) FROM manifests"), 0);
}

static void test_wrong_counts_are_warnings_and_every_traveller_is_stored(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("counts-wrong.edi", &res);
	assert_int_equal(res.manifests, 1);
	assert_int_equal(res.travellers, 4);
	assert_int_equal(res.warnings, 3);
	assert_int_equal(res.n_shown, 3);
	assert_int_equal(res.shown[0].segment, 38);
	TU_CONTAINS(res.shown[0].text, "CNT says 5 travellers");
	assert_int_equal(res.shown[1].segment, 39);
	TU_CONTAINS(res.shown[1].text, "UNT counts 35 segments");
	assert_int_equal(res.shown[2].segment, 40);
	TU_CONTAINS(res.shown[2].text, "UNZ counts 2 messages");
	assert_int_equal(dt_count("SELECT warnings FROM manifests WHERE id = 1"), 3);
	assert_int_equal(dt_count("SELECT travellers FROM manifests WHERE id = 1"), 4);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers"), 4);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings"), 4);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	TU_CONTAINS(last.detail, "3 warnings");
}

static void test_crew_list_and_legs_of_a_flight(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("train-d05b-crew.edi", &res);
	assert_int_equal(res.travellers, 4);
	assert_int_equal(res.warnings, 0);
	struct pax_manifest_row m;
	struct error err;
	error_clear(&err);
	assert_int_equal(pax_manifest_get(app.db, res.first_id, &m, &err), 1);
	assert_string_equal(m.list_kind, "crew");
	assert_string_equal(m.transport_mode, "rail");
	assert_string_equal(m.departure, "KZALA");
	assert_string_equal(m.arrival, "UZTAS");
	/* the crew member in transit (NAD+DDT) is crew too */
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers WHERE crew = 1"), 4);

	pt_import("flight-multileg.edi", &res);
	assert_int_equal(res.travellers, 5);
	assert_int_equal(pax_manifest_get(app.db, res.first_id, &m, &err), 1);
	assert_string_equal(m.transport_mode, ""); /* the TDT gives no mode */
	assert_string_equal(m.list_kind, "passengers");
	assert_string_equal(m.departure, "IST"); /* the first leg's start, */
	assert_string_equal(m.arrival, "FRU");   /* the last one's end */
	TU_CONTAINS(m.vehicle, "KC921");
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_travellers WHERE crew = 0"), 5);
}

/* --- list and show ------------------------------------------------------------------ */

static void test_list_counts_hits_and_show_puts_them_first(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("counts-wrong.edi", &res);
	pt_import("bus-d02b.edi", &res);
	int64_t bus = res.first_id;
	struct pax_manifest_row *list;
	size_t n;
	struct error err;
	error_clear(&err);
	TU_OK(pax_list(&app, &supervisor, &list, &n, &err), &err);
	assert_int_equal(n, 2);
	int seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (list[i].id == bus) {
			seen++;
			assert_int_equal(list[i].hits, 2);
			assert_int_equal(list[i].checks, 0);
			assert_int_equal(list[i].travellers, 13);
		} else {
			assert_int_equal(list[i].hits, 0);
			assert_int_equal(list[i].travellers, 4);
		}
	}
	assert_int_equal(seen, 1);
	free(list);

	struct pax_manifest_row m;
	struct pax_traveller_row *t;
	TU_OK(pax_show(&app, &officer, bus, &m, &t, &n, &err), &err);
	assert_int_equal(n, 13);
	assert_string_equal(m.vehicle, "KZ 123 ABC (AE0715)");
	assert_int_equal(m.hits, 2);
	assert_string_equal(t[0].surname, "KHALIMOV");
	assert_string_equal(t[0].verdict, "hit");
	assert_string_equal(t[0].entry_ref, "DEMO-001");
	assert_string_equal(t[0].seat, "07");
	assert_string_equal(t[1].surname, "SADYKOVA");
	assert_string_equal(t[1].verdict, "hit");
	assert_string_equal(t[1].entry_ref, "DEMO-SLTD-1");
	for (size_t i = 2; i < n; i++) {
		assert_string_equal(t[i].verdict, "clear");
		assert_true(t[i].seq > t[i - 1].seq || i == 2);
	}
	free(t);
	assert_int_equal(tu_count_audit(app.db, "manifest.view", "ok"), 1);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "manifest.view");
	assert_string_equal(last.officer, "officer");
	assert_int_equal(strtoll(last.object_id, NULL, 10), bus);

	assert_int_equal(pax_show(&app, &officer, 999, &m, &t, &n, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "no manifest 999");
	assert_null(t);
	assert_int_equal(tu_count_audit(app.db, "manifest.view", "ok"), 1);
}

/* --- screening again ---------------------------------------------------------------- */

/* A national list that names PETROV SERGEI IVANOVICH (seat 16 of the coach), in the
 * layout of docs/import-formats.md. */
static void import_list_naming_petrov(void)
{
	static const char csv[] =
		"#version: 2026-11-01\n"
		"ref,subject,category,action,name,aliases,alias_quality,original_script,dob,"
		"nationalities,sex,documents,listed_on,remarks\n"
		"T-1,person,wanted,arrest,PETROV Sergei Ivanovich,,,,1970-09-09,RUS,M,"
		"751234567:RUS:P,2026-11-01,test entry\n";
	char path[4096];
	tu_path(path, sizeof(path), "national.csv");
	tu_write_file(path, csv, strlen(csv));
	struct session admin;
	tu_login(&app, "admin", &admin);
	struct import_result res;
	struct error err;
	error_clear(&err);
	TU_OK(import_national_csv(&app, &admin, path, "TEST-NAT", NULL, NULL, &res, &err), &err);
	assert_int_equal(res.added, 1);
}

static void test_new_list_screens_recent_manifests_again(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	int64_t petrov = pt_traveller("PETROV");
	struct pt_screening sc;
	pt_in_force(petrov, &sc);
	assert_string_equal(sc.verdict, "clear");
	assert_int_equal(sc.rows, 1);

	import_list_naming_petrov();

	pt_in_force(petrov, &sc);
	assert_int_equal(sc.rows, 2); /* a newer row; the first one stays */
	assert_string_equal(sc.verdict, "hit");
	assert_string_equal(sc.entry_ref, "T-1");
	TU_CONTAINS(sc.lists, "TEST-NAT 2026-11-01");
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_screenings"), 26);
	pt_in_force(pt_traveller("KHALIMOV"), &sc);
	assert_string_equal(sc.verdict, "hit");
	assert_string_equal(sc.entry_ref, "DEMO-001");

	struct pax_manifest_row m;
	struct pax_traveller_row *t;
	size_t n;
	struct error err;
	error_clear(&err);
	TU_OK(pax_show(&app, &officer, 1, &m, &t, &n, &err), &err);
	assert_int_equal(m.hits, 3);
	assert_int_equal(n, 13);
	int found = 0;
	for (size_t i = 0; i < 3; i++)
		if (strcmp(t[i].surname, "PETROV") == 0) {
			found = 1;
			assert_string_equal(t[i].verdict, "hit");
			assert_string_equal(t[i].entry_ref, "T-1");
		}
	assert_true(found);
	free(t);

	assert_int_equal(tu_count_audit(app.db, "manifest.rescreen", "ok"), 1);
	assert_int_equal(
		dt_count("SELECT count(*) FROM audit WHERE action = 'manifest.rescreen'"
			 " AND officer = 'admin' AND detail LIKE '13 travellers, 3 hits%'"),
		1);
}

static void test_manifests_older_than_a_week_are_not_screened_again(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	pt_planted(2, 100, PAX_RESCREEN_DAYS + 1, "PETROV", "751234567", "");
	pt_planted(3, 101, PAX_RESCREEN_DAYS - 1, "PETROV", "751234567", "");

	import_list_naming_petrov();

	struct pt_screening sc;
	pt_in_force(100, &sc);
	assert_int_equal(sc.rows, 1);
	assert_string_equal(sc.verdict, "clear");
	pt_in_force(101, &sc);
	assert_int_equal(sc.rows, 2);
	assert_string_equal(sc.verdict, "hit");
	assert_int_equal(dt_count("SELECT count(*) FROM audit WHERE action = 'manifest.rescreen'"
				  " AND detail LIKE '14 travellers, 4 hits%'"),
			 1);

	/* called by the system again (a sync pull that brought nothing new): every recent
	 * traveller was screened against these very lists, so nothing is screened twice */
	int screened = -1, hits = -1;
	struct error err;
	error_clear(&err);
	TU_OK(pax_rescreen(&app, NULL, &screened, &hits, &err), &err);
	assert_int_equal(screened, 0);
	assert_int_equal(hits, 0);
	pt_in_force(100, &sc);
	assert_int_equal(sc.rows, 1);
	pt_in_force(101, &sc);
	assert_int_equal(sc.rows, 2);
	assert_int_equal(tu_count_audit(app.db, "manifest.rescreen", "ok"), 1);
}

/* --- the booth ---------------------------------------------------------------------- */

static void test_booth_links_by_document_then_by_name_and_birth(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	struct document d;

	pt_khalimov(&d, "401234567");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 1);
	assert_int_equal(sc->manifest.traveller_id, pt_traveller("KHALIMOV"));
	assert_string_equal(sc->manifest.matched_by, "document");
	assert_string_equal(sc->manifest.seat, "07");
	assert_string_equal(sc->manifest.verdict, "hit");
	assert_string_equal(sc->manifest.entry_ref, "DEMO-001");
	assert_string_equal(sc->manifest.vehicle, "KZ 123 ABC (AE0715)");
	assert_string_equal(sc->manifest.list_kind, "passengers");
	assert_int_equal(sc->manifest.crew, 0);

	/* a new passport since the manifest was sent: the person is still known */
	pt_khalimov(&d, "409999999");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 1);
	assert_int_equal(sc->manifest.traveller_id, pt_traveller("KHALIMOV"));
	assert_string_equal(sc->manifest.matched_by, "name_birth");
	assert_string_equal(sc->manifest.seat, "07");

	pt_nurlanov(&d);
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.traveller_id, pt_traveller("NURLANOV"));
	assert_string_equal(sc->manifest.matched_by, "document");
	assert_string_equal(sc->manifest.verdict, "clear");
	assert_string_equal(sc->manifest.seat, "09");
	free(sc);
}

static void test_stranger_is_linked_only_to_the_vehicle_being_processed(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	struct document d;
	dt_clean(&d, "N77777777");

	app.pax_current = 0;
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 0);
	assert_int_equal(sc->manifest.traveller_id, 0);
	assert_string_equal(sc->manifest.matched_by, "");

	app.pax_current = 1;
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 1);
	assert_int_equal(sc->manifest.traveller_id, 0);
	assert_string_equal(sc->manifest.matched_by, "none");
	assert_string_equal(sc->manifest.vehicle, "KZ 123 ABC (AE0715)");
	assert_string_equal(sc->manifest.verdict, "");

	/* a traveller on the manifest is linked to it whatever vehicle is current */
	app.pax_current = 999;
	pt_khalimov(&d, "401234567");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 1);
	assert_string_equal(sc->manifest.matched_by, "document");
	free(sc);
}

static void test_booth_ignores_manifests_older_than_a_week(void **state)
{
	(void)state;
	pt_planted(1, 100, PAX_RESCREEN_DAYS + 1, "OLDTIMER", "N55500011", "");
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	struct document d;
	dt_doc(&d, "RUS", "N55500011", "OLDTIMER", "SERGEI IVANOVICH", "700909", "M");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 0);
	pt_planted(2, 101, 1, "OLDTIMER", "N55500011", "");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 2);
	assert_int_equal(sc->manifest.traveller_id, 101);
	free(sc);
}

static void test_booth_prefers_the_manifest_marked_arrived(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res); /* arrives 2026-04-16 */
	/* the same passport on a later vehicle, not yet arrived */
	pt_planted(2, 100, 0.5, "PETROV", "751234567", "2026-12-01T10:00Z");
	assert_int_equal(tu_exec(app.db, "INSERT INTO manifest_travellers(id, manifest_id, seq,"
					 " crew, surname, doc_key) VALUES (102, 2, 2, 0,"
					 " 'KHALIMOV', 'TJK401234567')"),
			 SQLITE_OK);
	struct screening *sc = malloc(sizeof(*sc));
	assert_non_null(sc);
	struct document d;
	pt_khalimov(&d, "401234567");
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 2); /* the latest arrival */
	struct error err;
	error_clear(&err);
	TU_OK(pax_arrive(&app, &officer, 1, &err), &err);
	pt_screen(&d, sc);
	assert_int_equal(sc->manifest.manifest_id, 1); /* the one at the post */
	assert_int_equal(sc->manifest.traveller_id, pt_traveller("KHALIMOV"));
	free(sc);
}

static void test_decision_records_the_crossing_manifest(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	dt_shift(&app, &officer, "entry");
	struct document d;
	int64_t nurlanov, khalimov, sadykova, stranger, elsewhere;

	pt_nurlanov(&d);
	dt_admit(&app, &officer, &d, &nurlanov);
	pt_khalimov(&d, "401234567");
	khalimov = pt_refuse(&d);
	/* her passport was reported stolen: she travels on a new one */
	dt_doc(&d, "KAZ", "N07777777", "SADYKOVA", "AIGERIM", "880923", "F");
	dt_admit(&app, &officer, &d, &sadykova);
	dt_clean(&d, "N77777777");
	dt_admit(&app, &officer, &d, &elsewhere); /* no vehicle being processed */
	app.pax_current = 1;
	dt_clean(&d, "N88888888");
	dt_admit(&app, &officer, &d, &stranger);

	assert_int_equal(dt_count("SELECT count(*) FROM crossings"), 5);
	assert_int_equal(dt_count("SELECT count(*) FROM crossing_manifest"), 4);
	char sql[256], text[64];
	const struct {
		int64_t crossing;
		const char *surname, *how;
	} want[] = { { nurlanov, "NURLANOV", "document" },
		     { khalimov, "KHALIMOV", "document" },
		     { sadykova, "SADYKOVA", "name_birth" } };
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT manifest_id * 1000 + traveller_id FROM crossing_manifest"
			 " WHERE crossing_id = %lld",
			 (long long)want[i].crossing);
		assert_int_equal(dt_count(sql), 1000 + pt_traveller(want[i].surname));
		snprintf(sql, sizeof(sql),
			 "SELECT matched_by FROM crossing_manifest WHERE crossing_id = %lld",
			 (long long)want[i].crossing);
		pt_text(sql, NULL, text, sizeof(text));
		assert_string_equal(text, want[i].how);
	}
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM crossing_manifest WHERE crossing_id = %lld"
		 " AND manifest_id = 1 AND traveller_id IS NULL AND matched_by = 'none'",
		 (long long)stranger);
	assert_int_equal(dt_count(sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM crossing_manifest WHERE crossing_id = %lld",
		 (long long)elsewhere);
	assert_int_equal(dt_count(sql), 0);
}

/* --- arrival and the supervisor's exceptions ---------------------------------------- */

static void test_arrival_is_marked_once(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	struct error err;
	error_clear(&err);
	TU_OK(pax_arrive(&app, &officer, 1, &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_arrivals"), 1);
	assert_int_equal(tu_count_audit(app.db, "manifest.arrive", "ok"), 1);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.action, "manifest.arrive");
	assert_string_equal(last.object_id, "1");
	char by[64];
	pt_text("SELECT marked_by FROM manifest_arrivals WHERE manifest_id = 1", NULL, by,
		sizeof(by));
	assert_string_equal(by, "officer");

	TU_OK(pax_arrive(&app, &supervisor, 1, &err), &err);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_arrivals"), 1);
	assert_int_equal(tu_count_audit(app.db, "manifest.arrive", "ok"), 1);

	assert_int_equal(pax_arrive(&app, &officer, 42, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "no manifest 42");
	struct session trainer;
	tu_login(&app, "trainer", &trainer);
	assert_int_equal(pax_arrive(&app, &trainer, 1, &err), -ERR_DENIED);
	assert_int_equal(dt_count("SELECT count(*) FROM manifest_arrivals"), 1);
}

static void test_exceptions_list_no_shows_after_arrival_and_the_unlisted(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	dt_shift(&app, &officer, "entry");
	app.pax_current = 1;
	struct document d;
	int64_t nurlanov, stranger;
	pt_nurlanov(&d);
	dt_admit(&app, &officer, &d, &nurlanov);
	dt_clean(&d, "N88888888");
	dt_admit(&app, &officer, &d, &stranger);

	struct pax_traveller_row *no_shows;
	struct pax_unlisted_row *unlisted;
	size_t n_no, n_un;
	int arrived = -1;
	struct error err;
	error_clear(&err);
	assert_int_equal(pax_exceptions(&app, &officer, 1, &no_shows, &n_no, &unlisted, &n_un,
					&arrived, &err),
			 -ERR_DENIED);
	TU_CONTAINS(err.msg, "review_cases");
	assert_null(no_shows);
	assert_null(unlisted);
	assert_int_equal(tu_count_audit(app.db, "manifest.exceptions", NULL), 0);

	/* before the vehicle is at the post everyone is still to come */
	TU_OK(pax_exceptions(&app, &supervisor, 1, &no_shows, &n_no, &unlisted, &n_un, &arrived,
			     &err),
	      &err);
	assert_int_equal(arrived, 0);
	assert_int_equal(n_no, 0);
	assert_int_equal(n_un, 1);
	assert_int_equal(unlisted[0].crossing_id, stranger);
	assert_string_equal(unlisted[0].surname, "SERIKBAYEV");
	assert_string_equal(unlisted[0].doc_number, "N88888888");
	assert_string_equal(unlisted[0].decision, "admit");
	assert_string_equal(unlisted[0].officer, "officer");
	free(no_shows);
	free(unlisted);
	assert_int_equal(tu_count_audit(app.db, "manifest.exceptions", "ok"), 1);

	TU_OK(pax_arrive(&app, &officer, 1, &err), &err);
	TU_OK(pax_exceptions(&app, &supervisor, 1, &no_shows, &n_no, &unlisted, &n_un, &arrived,
			     &err),
	      &err);
	assert_int_equal(arrived, 1);
	assert_int_equal(n_no, 12);
	for (size_t i = 0; i < n_no; i++) {
		assert_string_not_equal(no_shows[i].surname, "NURLANOV");
		assert_int_equal(no_shows[i].manifest_id, 1);
		if (i > 0)
			assert_true(no_shows[i].seq > no_shows[i - 1].seq);
	}
	assert_string_equal(no_shows[0].surname, "KHALIMOV");
	assert_int_equal(n_un, 1);
	free(no_shows);
	free(unlisted);
	assert_int_equal(tu_count_audit(app.db, "manifest.exceptions", "ok"), 2);
	struct tu_audit last;
	tu_last_audit(app.db, &last);
	assert_string_equal(last.officer, "supervisor");
	TU_CONTAINS(last.detail, "12 never crossed, 1 not on it");
}

/* --- records ------------------------------------------------------------------------ */

static void test_manifest_tables_are_append_only(void **state)
{
	(void)state;
	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	dt_shift(&app, &officer, "entry");
	struct document d;
	pt_nurlanov(&d);
	dt_admit(&app, &officer, &d, NULL);
	struct error err;
	error_clear(&err);
	TU_OK(pax_arrive(&app, &officer, 1, &err), &err);

	/* a connection of its own on the file, as anyone with the file could open */
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(app.cfg.database, &h, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	sqlite3_busy_timeout(h, 2000);
	static const char *const tables[] = { "manifests", "manifest_travellers",
					      "manifest_screenings", "manifest_arrivals",
					      "crossing_manifest" };
	static const char *const columns[] = { "vehicle = 'X'", "surname = 'X'",
					       "verdict = 'clear'", "marked_by = 'X'",
					       "matched_by = 'none'" };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[200], count[100];
		snprintf(count, sizeof(count), "SELECT count(*) FROM %s", tables[i]);
		int64_t before = dt_count(count);
		assert_true(before > 0);
		snprintf(sql, sizeof(sql), "UPDATE %s SET %s", tables[i], columns[i]);
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK)
			fail_msg("'%s' was allowed", sql);
		TU_CONTAINS(sqlite3_errmsg(h), "append-only");
		snprintf(sql, sizeof(sql), "DELETE FROM %s", tables[i]);
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK)
			fail_msg("'%s' was allowed", sql);
		TU_CONTAINS(sqlite3_errmsg(h), "append-only");
		assert_int_equal(dt_count(count), before);
	}
	sqlite3_close(h);
	char vehicle[96];
	pt_text("SELECT vehicle FROM manifests", NULL, vehicle, sizeof(vehicle));
	assert_string_equal(vehicle, "KZ 123 ABC (AE0715)");
}

/* The rows after marks, with the marks moved on; every operation an INSERT. */
static void push(struct changeset_marks *marks, unsigned char **cs, size_t *len, int64_t *rows)
{
	struct error err;
	error_clear(&err);
	struct changeset_marks next;
	TU_OK(changeset_records_since(app.db, marks, &next, cs, len, rows, &err), &err);
	assert_int_equal(pt_count_ops(*cs, *len, NULL, 0), *rows);
	assert_int_equal(pt_count_ops(*cs, *len, NULL, SQLITE_INSERT), *rows);
	*marks = next;
}

static int64_t replica_int(struct db *central, const char *sql)
{
	struct error err;
	error_clear(&err);
	char path[4200];
	TU_OK(changeset_replica_path(central, "WS-DEMO", path, sizeof(path), &err), &err);
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("'%s': %s", sql, sqlite3_errmsg(h));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void test_manifest_rows_travel_up_and_marks_advance(void **state)
{
	(void)state;
	struct error err;
	error_clear(&err);
	char path[4096];
	struct db *central = NULL;
	tu_path(path, sizeof(path), "central.db");
	TU_OK(db_open(path, DB_OPEN_CREATE, &central, &err), &err);

	struct changeset_marks marks = { 0 };
	unsigned char *cs;
	size_t len;
	int64_t rows;
	push(&marks, &cs, &len, &rows); /* what the demo database already holds */
	free(cs);
	assert_int_equal(marks.manifest_id, 0);

	struct pax_import_result res;
	pt_import("bus-d02b.edi", &res);
	push(&marks, &cs, &len, &rows);
	assert_int_equal(pt_count_ops(cs, len, "manifests", SQLITE_INSERT), 1);
	assert_int_equal(pt_count_ops(cs, len, "manifest_travellers", SQLITE_INSERT), 13);
	assert_int_equal(pt_count_ops(cs, len, "manifest_screenings", SQLITE_INSERT), 13);
	assert_int_equal(pt_count_ops(cs, len, "audit", SQLITE_INSERT), 1);
	assert_int_equal(rows, 28);
	assert_int_equal(marks.manifest_id, 1);
	assert_int_equal(marks.manifest_traveller_id, 13);
	assert_int_equal(marks.manifest_screening_id, 13);
	assert_int_equal(marks.manifest_arrival_id, 0);
	TU_OK(changeset_records_ingest(central, "WS-DEMO", cs, len, &err), &err);
	free(cs);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifests"), 1);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifest_travellers"), 13);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifest_screenings"), 13);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifest_screenings"
					      " WHERE verdict = 'hit'"),
			 2);

	/* screened again (a newer list), arrived, one traveller crossed: only the new rows */
	import_list_naming_petrov();
	TU_OK(pax_arrive(&app, &officer, 1, &err), &err);
	dt_shift(&app, &officer, "entry");
	struct document d;
	pt_nurlanov(&d);
	int64_t crossing;
	dt_admit(&app, &officer, &d, &crossing);
	push(&marks, &cs, &len, &rows);
	assert_int_equal(pt_count_ops(cs, len, "manifests", 0), 0);
	assert_int_equal(pt_count_ops(cs, len, "manifest_travellers", 0), 0);
	assert_int_equal(pt_count_ops(cs, len, "manifest_screenings", SQLITE_INSERT), 13);
	assert_int_equal(pt_count_ops(cs, len, "manifest_arrivals", SQLITE_INSERT), 1);
	assert_int_equal(pt_count_ops(cs, len, "crossing_manifest", SQLITE_INSERT), 1);
	assert_int_equal(pt_count_ops(cs, len, "crossings", SQLITE_INSERT), 1);
	assert_int_equal(marks.manifest_screening_id, 26);
	assert_int_equal(marks.manifest_arrival_id, 1);
	assert_int_equal(marks.crossing_id, crossing);
	TU_OK(changeset_records_ingest(central, "WS-DEMO", cs, len, &err), &err);
	free(cs);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifest_screenings"), 26);
	assert_int_equal(replica_int(central, "SELECT count(*) FROM manifest_arrivals"), 1);
	char sql[200];
	snprintf(sql, sizeof(sql),
		 "SELECT traveller_id FROM crossing_manifest WHERE crossing_id = %lld"
		 " AND matched_by = 'document'",
		 (long long)crossing);
	assert_int_equal(replica_int(central, sql), pt_traveller("NURLANOV"));

	/* nothing new: no manifest row is sent twice */
	int64_t audit_mark = marks.audit_seq;
	push(&marks, &cs, &len, &rows);
	assert_int_equal(pt_count_ops(cs, len, "manifests", 0) +
				 pt_count_ops(cs, len, "manifest_travellers", 0) +
				 pt_count_ops(cs, len, "manifest_screenings", 0) +
				 pt_count_ops(cs, len, "manifest_arrivals", 0) +
				 pt_count_ops(cs, len, "crossing_manifest", 0),
			 0);
	assert_true(marks.audit_seq >= audit_mark);
	free(cs);
	db_close(&central);
}

#define T(f) cmocka_unit_test_setup_teardown(f, pt_setup, dt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_key_is_issuer_and_number_letters_and_digits),
		T(test_officer_import_stores_manifest_travellers_and_screenings),
		T(test_same_file_imported_again_adds_nothing),
		T(test_trainer_cannot_import_or_see_manifests),
		T(test_malformed_file_is_refused_naming_the_segment),
		T(test_file_of_the_largest_size_is_read_and_a_larger_one_is_not),
		T(test_wrong_counts_are_warnings_and_every_traveller_is_stored),
		T(test_crew_list_and_legs_of_a_flight),
		T(test_list_counts_hits_and_show_puts_them_first),
		T(test_new_list_screens_recent_manifests_again),
		T(test_manifests_older_than_a_week_are_not_screened_again),
		T(test_booth_links_by_document_then_by_name_and_birth),
		T(test_stranger_is_linked_only_to_the_vehicle_being_processed),
		T(test_booth_ignores_manifests_older_than_a_week),
		T(test_booth_prefers_the_manifest_marked_arrived),
		T(test_decision_records_the_crossing_manifest),
		T(test_arrival_is_marked_once),
		T(test_exceptions_list_no_shows_after_arrival_and_the_unlisted),
		T(test_manifest_tables_are_append_only),
		T(test_manifest_rows_travel_up_and_marks_advance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
