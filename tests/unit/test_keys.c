/* app/keys.c, db/keys.c and migration 8: the sync keys. Each test has its own demo
 * databases: "ws" is a workstation; "hq" and "hq2" are authorities (Shekara databases
 * whose own key signs what they publish). Key files go through real files, as they
 * would on a USB stick. */
#include "testutil.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "app/bundle.h"
#include "app/keys.h"

struct station {
	struct app app;
	struct session admin, officer;
};

static struct station *station_new(const char *realm)
{
	struct station *st = calloc(1, sizeof(*st));
	assert_non_null(st);
	tu_demo_app(&st->app);
	tu_login(&st->app, "admin", &st->admin);
	tu_login(&st->app, "officer", &st->officer);
	if (realm) {
		struct error err;
		error_clear(&err);
		TU_OK(db_setting_set(st->app.db, "realm", realm, &err), &err);
	}
	return st;
}

static void station_free(struct station *st)
{
	app_close(&st->app);
	free(st);
}

/* Creates st's own key and exports it; returns the file's path in path. */
static const char *own_key_file(struct station *st, const char *name, char *path, size_t len,
				char key_id[17])
{
	struct error err;
	error_clear(&err);
	TU_OK(keys_own_create(&st->app, &st->admin, NULL, key_id, NULL, &err), &err);
	tu_path(path, len, name);
	TU_OK(keys_export_public(&st->app, path, &err), &err);
	return path;
}

static int count_keys(struct station *st, const char *where)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sync_keys WHERE %s", where);
	return (int)tu_query_int(st->app.db, sql);
}

/* A bundle signed with st's own key, read with the ring of role on other. */
static int bundle_from(struct station *st, struct station *other, const char *role,
		       enum bundle_refusal *why)
{
	struct error err;
	error_clear(&err);
	EVP_PKEY *key;
	char id[17];
	TU_OK(keys_own(&st->app, &key, id, &err), &err);
	struct bundle_header h = { .kind = BUNDLE_WATCHLIST, .seq_from = 1, .seq_to = 1 };
	snprintf(h.origin, sizeof(h.origin), "HQ");
	snprintf(h.realm, sizeof(h.realm), "%s",
		 keys_realm_training(&st->app) ? "training" : "live");
	unsigned char *file, *cs;
	size_t len, cs_len;
	TU_OK(bundle_write(&h, (const unsigned char *)"rows", 4, key, &file, &len, &err), &err);
	EVP_PKEY_free(key);
	struct bundle_key *keys;
	int n;
	TU_OK(keys_ring(&other->app, role, &keys, &n, &err), &err);
	struct bundle_keyring ring = { keys, n, keys_realm_training(&other->app) };
	struct bundle_header back;
	int rc = bundle_read(file, len, &ring, 1024, &back, &cs, &cs_len, &err);
	*why = back.refusal;
	free(cs);
	free(keys);
	free(file);
	return rc;
}

/* ---- this database's own key ---- */

static void test_own_key_is_created_once_and_audited(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char id[17], again[17];
	int created;
	EVP_PKEY *key;
	TU_OK(keys_own_create(&ws->app, &ws->admin, &key, id, &created, &err), &err);
	assert_int_equal(created, 1);
	assert_int_equal(strlen(id), 16);
	EVP_PKEY_free(key);
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, again, &created, &err), &err);
	assert_int_equal(created, 0);
	assert_string_equal(again, id);
	/* an officer may use an existing key (show it, sign with it) */
	TU_OK(keys_own_create(&ws->app, &ws->officer, NULL, again, &created, &err), &err);
	assert_int_equal(count_keys(ws, "role = 'workstation'"), 1);
	assert_int_equal(tu_count_audit(ws->app.db, "keys.create", "ok"), 1);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.action, "keys.create");
	assert_string_equal(a.object_type, "sync_key");
	assert_string_equal(a.object_id, id);
	assert_string_equal(a.officer, "admin");
	TU_CONTAINS(a.detail, "realm live");

	struct key_row row;
	assert_int_equal(keys_own_row(&ws->app, &row, &err), 1);
	assert_string_equal(row.name, "WS-DEMO");
	assert_int_equal(row.has_private, 1);
	assert_int_equal(row.training, 0);
	/* the key signs, and its public half verifies */
	TU_OK(keys_own(&ws->app, &key, again, &err), &err);
	unsigned char sig[64];
	assert_int_equal(bundle_sign(key, "hello", 5, sig), 0);
	assert_true(bundle_verify(row.pub, "hello", 5, sig));
	EVP_PKEY_free(key);
	station_free(ws);
}

static void test_creating_the_key_needs_an_administrator(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	struct key_row row;
	EVP_PKEY *key;
	char id[17];
	assert_int_equal(keys_own_row(&ws->app, &row, &err), 0);
	assert_int_equal(keys_own(&ws->app, &key, id, &err), -ERR_USAGE);
	assert_null(key);
	TU_CONTAINS(err.msg, "shekara keys --as NAME");
	assert_int_equal(keys_own_create(&ws->app, &ws->officer, NULL, id, NULL, &err),
			 -ERR_DENIED);
	assert_int_equal(count_keys(ws, "1"), 0);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.action, "access.denied");
	assert_string_equal(a.object_id, "manage_trust");
	assert_string_equal(a.officer, "officer");
	char path[4096];
	assert_int_equal(keys_export_public(&ws->app, tu_path(path, sizeof(path), "x.pub"), &err),
			 -ERR_USAGE);
	station_free(ws);
}

static void test_realm_comes_from_the_database_setting(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	assert_int_equal(keys_realm_training(&ws->app), 0);
	TU_OK(db_setting_set(ws->app.db, "realm", "live", &err), &err);
	assert_int_equal(keys_realm_training(&ws->app), 0);
	TU_OK(db_setting_set(ws->app.db, "realm", "training", &err), &err);
	assert_int_equal(keys_realm_training(&ws->app), 1);
	char id[17];
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, id, NULL, &err), &err);
	assert_int_equal(count_keys(ws, "training = 1"), 1);
	/* a key of one realm never signs for the other */
	TU_OK(db_setting_set(ws->app.db, "realm", "live", &err), &err);
	EVP_PKEY *key;
	assert_int_equal(keys_own(&ws->app, &key, id, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "training realm");
	TU_OK(db_setting_set(ws->app.db, "realm", "Training", &err), &err);
	assert_true(keys_realm_training(&ws->app) < 0);
	assert_true(keys_own(&ws->app, &key, id, &err) < 0);
	station_free(ws);
}

/* ---- the authority's key ---- */

static void test_export_and_install_the_authority_key(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], hq_id[17];
	own_key_file(hq, "auth.pub", path, sizeof(path), hq_id);
	char *text = tu_read_file(path, NULL);
	assert_non_null(text);
	assert_int_equal(strncmp(text, "SHEKARA-KEY 1\nname: WS-DEMO\nkey-id: ", 36), 0);
	TU_CONTAINS(text, "realm: live\npublic: ");
	free(text);
	struct key_row row;
	TU_OK(keys_install_authority(&ws->app, &ws->admin, path, &row, &err), &err);
	assert_string_equal(row.key_id, hq_id);
	assert_string_equal(row.role, "authority");
	assert_int_equal(row.has_private, 0);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.action, "keys.install");
	assert_string_equal(a.object_id, hq_id);
	TU_CONTAINS(a.detail, "auth.pub");
	/* what the authority signs, the workstation accepts */
	enum bundle_refusal why;
	assert_int_equal(bundle_from(hq, ws, "authority", &why), 0);
	/* installing it again changes nothing */
	assert_int_equal(keys_install_authority(&ws->app, &ws->admin, path, &row, &err), 1);
	assert_int_equal(tu_count_audit(ws->app.db, "keys.install", "ok"), 1);
	assert_int_equal(count_keys(ws, "role = 'authority'"), 1);
	station_free(hq);
	station_free(ws);
}

static void test_key_of_the_other_realm_is_refused(void **state)
{
	(void)state;
	struct station *trainer = station_new("training"), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], id[17];
	own_key_file(trainer, "train.pub", path, sizeof(path), id);
	assert_int_equal(keys_install_authority(&ws->app, &ws->admin, path, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "live database never takes training keys");
	assert_int_equal(keys_add_peer(&ws->app, &ws->admin, path, NULL, &err), -ERR_FINDING);
	assert_int_equal(count_keys(ws, "1"), 0);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.outcome, "refused");
	assert_string_equal(a.action, "keys.add_peer");
	TU_CONTAINS(a.detail, "other realm");
	/* and a live key is refused by a training database */
	char live[4096];
	own_key_file(ws, "live.pub", live, sizeof(live), id);
	assert_int_equal(keys_install_authority(&trainer->app, &trainer->admin, live, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "only takes training keys");
	/* the training pair works among training databases */
	struct station *trainee = station_new("training");
	TU_OK(keys_install_authority(&trainee->app, &trainee->admin, path, NULL, &err), &err);
	enum bundle_refusal why;
	assert_int_equal(bundle_from(trainer, trainee, "authority", &why), 0);
	station_free(trainer);
	station_free(trainee);
	station_free(ws);
}

static void test_a_second_authority_key_needs_a_rollover(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *hq2 = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char p1[4096], p2[4096], id1[17], id2[17];
	own_key_file(hq, "auth.pub", p1, sizeof(p1), id1);
	own_key_file(hq2, "auth2.pub", p2, sizeof(p2), id2);
	TU_OK(keys_install_authority(&ws->app, &ws->admin, p1, NULL, &err), &err);
	assert_int_equal(keys_install_authority(&ws->app, &ws->admin, p2, NULL, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "replace-authority");
	assert_int_equal(count_keys(ws, "status = 'active'"), 1);
	station_free(hq);
	station_free(hq2);
	station_free(ws);
}

static void test_rollover_vouched_for_by_the_old_key_is_accepted(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *hq2 = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char p1[4096], p2[4096], vouched[4096], id1[17], id2[17];
	own_key_file(hq, "auth.pub", p1, sizeof(p1), id1);
	own_key_file(hq2, "auth2.pub", p2, sizeof(p2), id2);
	TU_OK(keys_install_authority(&ws->app, &ws->admin, p1, NULL, &err), &err);
	tu_path(vouched, sizeof(vouched), "auth2-vouched.pub");
	TU_OK(keys_sign_rollover(&hq->app, &hq->admin, p2, vouched, &err), &err);
	struct tu_audit a;
	tu_last_audit(hq->app.db, &a);
	assert_string_equal(a.action, "keys.vouch");
	assert_string_equal(a.object_id, id2);
	char *text = tu_read_file(vouched, NULL);
	TU_CONTAINS(text, "vouched-by: ");
	TU_CONTAINS(text, id1);
	free(text);

	struct key_row row;
	TU_OK(keys_replace_authority(&ws->app, &ws->admin, vouched, &row, &err), &err);
	assert_string_equal(row.key_id, id2);
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.action, "keys.replace");
	TU_CONTAINS(a.detail, id1);
	TU_OK(keys_store_get(ws->app.db, id1, &row, &err), &err);
	assert_string_equal(row.status, "replaced");
	assert_string_equal(row.replaced_by, id2);
	/* from now on only the new key is trusted */
	enum bundle_refusal why;
	assert_int_equal(bundle_from(hq2, ws, "authority", &why), 0);
	assert_int_equal(bundle_from(hq, ws, "authority", &why), -ERR_FINDING);
	assert_int_equal(why, BUNDLE_UNKNOWN_KEY);
	station_free(hq);
	station_free(hq2);
	station_free(ws);
}

static void test_unvouched_or_badly_vouched_rollover_is_refused(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *hq2 = station_new(NULL),
		       *rogue = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char p1[4096], p2[4096], pr[4096], out[4096], id1[17], id2[17], idr[17];
	own_key_file(hq, "auth.pub", p1, sizeof(p1), id1);
	own_key_file(hq2, "auth2.pub", p2, sizeof(p2), id2);
	own_key_file(rogue, "rogue.pub", pr, sizeof(pr), idr);
	/* a proper rollover, but nothing to replace yet */
	char good[4096];
	tu_path(good, sizeof(good), "good.pub");
	TU_OK(keys_sign_rollover(&hq->app, &hq->admin, p2, good, &err), &err);
	assert_int_equal(keys_replace_authority(&ws->app, &ws->admin, good, NULL, &err),
			 -ERR_USAGE);
	TU_CONTAINS(err.msg, "no authority key is installed yet");
	/* a plain key file */
	TU_OK(keys_install_authority(&ws->app, &ws->admin, p1, NULL, &err), &err);
	assert_int_equal(keys_replace_authority(&ws->app, &ws->admin, p2, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "not a rollover file");
	/* vouched for by some other key */
	tu_path(out, sizeof(out), "by-rogue.pub");
	TU_OK(keys_sign_rollover(&rogue->app, &rogue->admin, p2, out, &err), &err);
	assert_int_equal(keys_replace_authority(&ws->app, &ws->admin, out, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "not by the active authority key");
	/* vouched for by the right key, then altered: another name */
	tu_path(out, sizeof(out), "altered.pub");
	TU_OK(keys_sign_rollover(&hq->app, &hq->admin, p2, out, &err), &err);
	size_t len;
	char *text = tu_read_file(out, &len);
	char *name = strstr(text, "name: WS-DEMO");
	memcpy(name + 6, "WS-EVIL", 7);
	tu_write_file(out, text, len);
	free(text);
	assert_int_equal(keys_replace_authority(&ws->app, &ws->admin, out, NULL, &err),
			 -ERR_FINDING);
	TU_CONTAINS(err.msg, "does not verify");
	/* nothing changed, and every refusal is on record */
	assert_int_equal(count_keys(ws, "role = 'authority' AND status = 'active'"), 1);
	assert_int_equal(tu_count_audit(ws->app.db, "keys.replace", "refused"), 4);
	assert_int_equal(tu_count_audit(ws->app.db, "keys.replace", "ok"), 0);
	enum bundle_refusal why;
	assert_int_equal(bundle_from(hq, ws, "authority", &why), 0);
	station_free(hq);
	station_free(hq2);
	station_free(rogue);
	station_free(ws);
}

static void test_sign_rollover_needs_a_new_key(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL);
	struct error err;
	error_clear(&err);
	char p1[4096], out[4096], id1[17];
	own_key_file(hq, "auth.pub", p1, sizeof(p1), id1);
	tu_path(out, sizeof(out), "self.pub");
	assert_int_equal(keys_sign_rollover(&hq->app, &hq->admin, p1, out, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "own key");
	assert_int_equal(keys_sign_rollover(&hq->app, &hq->officer, p1, out, &err), -ERR_DENIED);
	assert_false(tu_exists(out));
	station_free(hq);
}

/* ---- peers, revocation, roles ---- */

static void test_add_peer_registers_and_replaces_a_workstation_key(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], id[17];
	own_key_file(ws, "ws.pub", path, sizeof(path), id);
	struct key_row row;
	TU_OK(keys_add_peer(&hq->app, &hq->admin, path, &row, &err), &err);
	assert_string_equal(row.role, "peer");
	assert_string_equal(row.name, "WS-DEMO");
	assert_int_equal(tu_count_audit(hq->app.db, "keys.add_peer", "ok"), 1);
	enum bundle_refusal why;
	assert_int_equal(bundle_from(ws, hq, "peer", &why), 0);
	assert_int_equal(keys_add_peer(&hq->app, &hq->admin, path, &row, &err), 1);
	/* the workstation is reinstalled: a new key of the same name replaces the old */
	TU_OK(keys_revoke(&ws->app, &ws->admin, id, &err), &err);
	char again[4096], id2[17];
	own_key_file(ws, "ws-new.pub", again, sizeof(again), id2);
	assert_string_not_equal(id2, id);
	TU_OK(keys_add_peer(&hq->app, &hq->admin, again, &row, &err), &err);
	struct tu_audit a;
	tu_last_audit(hq->app.db, &a);
	TU_CONTAINS(a.detail, "replaces");
	TU_CONTAINS(a.detail, id);
	assert_int_equal(count_keys(hq, "role = 'peer' AND status = 'active'"), 1);
	assert_int_equal(bundle_from(ws, hq, "peer", &why), 0);
	station_free(hq);
	station_free(ws);
}

static void test_revoke_retires_a_key_and_erases_the_private_half(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char id[17], id2[17];
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, id, NULL, &err), &err);
	assert_int_equal(keys_revoke(&ws->app, &ws->officer, id, &err), -ERR_DENIED);
	TU_OK(keys_revoke(&ws->app, &ws->admin, id, &err), &err);
	assert_int_equal(count_keys(ws, "private IS NOT NULL"), 0);
	assert_int_equal(count_keys(ws, "status = 'revoked'"), 1);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.action, "keys.revoke");
	TU_CONTAINS(a.detail, "private half erased");
	assert_int_equal(keys_revoke(&ws->app, &ws->admin, id, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "revoked already");
	assert_int_equal(keys_revoke(&ws->app, &ws->admin, "0000000000000000", &err), -ERR_USAGE);
	assert_int_equal(keys_revoke(&ws->app, &ws->admin, "'; DROP", &err), -ERR_USAGE);
	EVP_PKEY *key;
	assert_int_equal(keys_own(&ws->app, &key, id2, &err), -ERR_USAGE);
	int created;
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, id2, &created, &err), &err);
	assert_int_equal(created, 1);
	assert_string_not_equal(id, id2);
	station_free(ws);
}

static void test_an_officer_cannot_change_keys(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], id[17];
	own_key_file(hq, "auth.pub", path, sizeof(path), id);
	int denied = tu_count_audit(ws->app.db, "access.denied", "denied");
	assert_int_equal(keys_install_authority(&ws->app, &ws->officer, path, NULL, &err),
			 -ERR_DENIED);
	TU_CONTAINS(err.msg, "manage_trust");
	assert_int_equal(keys_replace_authority(&ws->app, &ws->officer, path, NULL, &err),
			 -ERR_DENIED);
	assert_int_equal(keys_add_peer(&ws->app, &ws->officer, path, NULL, &err), -ERR_DENIED);
	assert_int_equal(count_keys(ws, "1"), 0);
	assert_int_equal(tu_count_audit(ws->app.db, "access.denied", "denied"), denied + 3);
	struct tu_audit a;
	tu_last_audit(ws->app.db, &a);
	assert_string_equal(a.officer, "officer");
	assert_string_equal(a.object_id, "manage_trust");
	station_free(hq);
	station_free(ws);
}

static void test_private_key_never_appears_in_the_audit_trail(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL), *hq = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], id[17], out[4096];
	own_key_file(ws, "ws.pub", path, sizeof(path), id);
	TU_OK(keys_add_peer(&hq->app, &hq->admin, path, NULL, &err), &err);
	char other[4096], id2[17];
	own_key_file(hq, "hq.pub", other, sizeof(other), id2);
	TU_OK(keys_sign_rollover(&ws->app, &ws->admin, other, tu_path(out, sizeof(out), "r.pub"),
				 &err),
	      &err);
	/* the private half, as hex and base64, as the database holds it */
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(ws->app.db->h,
				   "SELECT private FROM sync_keys WHERE private IS NOT NULL", -1,
				   &st, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), 32);
	unsigned char priv[32];
	memcpy(priv, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
	char hex[65], b64[64], part[17];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", priv[i]);
	keys_base64(priv, 32, b64, sizeof(b64));
	memcpy(part, hex, 16);
	part[16] = '\0';
	struct station *dbs[] = { ws, hq };
	for (int d = 0; d < 2; d++) {
		struct tu_audit *rows;
		size_t n = tu_all_audit(dbs[d]->app.db, &rows);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			TU_NOT_CONTAINS(rows[i].detail, part);
			TU_NOT_CONTAINS(rows[i].detail, b64);
			TU_NOT_CONTAINS(rows[i].object_id, part);
		}
		free(rows);
	}
	const char *files[] = { path, out };
	for (int f = 0; f < 2; f++) {
		char *text = tu_read_file(files[f], NULL);
		TU_NOT_CONTAINS(text, part);
		TU_NOT_CONTAINS(text, b64);
		free(text);
	}
	OPENSSL_cleanse(priv, sizeof(priv));
	station_free(ws);
	station_free(hq);
}

/* ---- the file format and the table ---- */

static void test_malformed_key_files_are_refused(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char path[4096], id[17];
	own_key_file(ws, "ws.pub", path, sizeof(path), id);
	size_t len;
	char *good = tu_read_file(path, &len);
	struct keys_file kf;
	TU_OK(keys_file_parse(good, len, &kf, &err), &err);
	assert_string_equal(kf.key_id, id);
	assert_int_equal(kf.vouched, 0);
	static const struct {
		const char *from, *to, *says;
	} cases[] = {
		{ "key-id: ", "key-id: 0", "'key-id'" },
		{ "realm: live", "realm: both", "'realm'" },
		{ "name: WS-DEMO", "name: WS DEMO", "'name'" },
		{ "public: ", "public: A", "'public'" },
		{ "\n\n", "\ncolour: red\n\n", "unknown key 'colour'" },
		{ "\n\n", "\nvouched-by: 0123456789abcdef\n\n", "'vouch' is missing" },
		{ "\n\n", "\n\nextra", "follow its end" },
		{ "\n\n", "\n", "truncated" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char bad[1024];
		char *at = strstr(good, cases[i].from);
		assert_non_null(at);
		int n = snprintf(bad, sizeof(bad), "%.*s%s%s", (int)(at - good), good, cases[i].to,
				 at + strlen(cases[i].from));
		assert_int_equal(keys_file_parse(bad, (size_t)n, &kf, &err), -ERR_USAGE);
		TU_CONTAINS(err.msg, cases[i].says);
	}
	/* a key id that is not its key's */
	char *id_at = strstr(good, "key-id: ") + 8;
	id_at[0] = id_at[0] == '0' ? '1' : '0';
	assert_int_equal(keys_file_parse(good, len, &kf, &err), -ERR_USAGE);
	TU_CONTAINS(err.msg, "not the id of its public key");
	free(good);
	tu_write_file(path, "", 0);
	assert_int_equal(keys_install_authority(&ws->app, &ws->admin, path, NULL, &err),
			 -ERR_USAGE);
	station_free(ws);
}

static void test_key_rows_never_change_and_never_go_away(void **state)
{
	(void)state;
	struct station *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	char id[17];
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, id, NULL, &err), &err);
	struct db *db = ws->app.db;
	assert_int_not_equal(tu_exec(db, "UPDATE sync_keys SET public = zeroblob(32)"), SQLITE_OK);
	assert_int_not_equal(tu_exec(db, "UPDATE sync_keys SET private = zeroblob(32)"), SQLITE_OK);
	assert_int_not_equal(tu_exec(db, "UPDATE sync_keys SET role = 'authority'"), SQLITE_OK);
	assert_int_not_equal(tu_exec(db, "DELETE FROM sync_keys"), SQLITE_OK);
	/* one active own key at a time */
	assert_int_not_equal(tu_exec(db, "INSERT INTO sync_keys(role, name, key_id, public, "
					 "added_at, added_by) VALUES ('workstation', 'x', "
					 "'0123456789abcdef', zeroblob(32), 'now', 'me')"),
			     SQLITE_OK);
	/* a private half only for the own key */
	assert_int_not_equal(tu_exec(db, "INSERT INTO sync_keys(role, name, key_id, public, "
					 "private, added_at, added_by) VALUES ('peer', 'x', "
					 "'0123456789abcdef', zeroblob(32), zeroblob(32), 'now', "
					 "'me')"),
			     SQLITE_OK);
	TU_OK(keys_revoke(&ws->app, &ws->admin, id, &err), &err);
	/* once retired, never active again */
	assert_int_not_equal(tu_exec(db, "UPDATE sync_keys SET status = 'active'"), SQLITE_OK);
	assert_int_equal(count_keys(ws, "status = 'revoked'"), 1);
	/* the tables app/sync.c keeps */
	assert_int_equal(tu_exec(db, "INSERT INTO sync_state VALUES ('watchlist', 'HQ', 3, 'now');"
				     "INSERT INTO sync_outbox(name, seq_from, seq_to, size, "
				     "created_at) VALUES ('x.bundle', 1, 2, 300, 'now')"),
			 SQLITE_OK);
	assert_true(db_schema_latest() >= 8);
	station_free(ws);
}

static void test_ring_holds_the_active_keys_of_a_role(void **state)
{
	(void)state;
	struct station *hq = station_new(NULL), *ws = station_new(NULL);
	struct error err;
	error_clear(&err);
	struct bundle_key *keys;
	int n;
	TU_OK(keys_ring(&ws->app, "authority", &keys, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_null(keys);
	char path[4096], id[17], own[17];
	own_key_file(hq, "auth.pub", path, sizeof(path), id);
	TU_OK(keys_own_create(&ws->app, &ws->admin, NULL, own, NULL, &err), &err);
	TU_OK(keys_install_authority(&ws->app, &ws->admin, path, NULL, &err), &err);
	TU_OK(keys_ring(&ws->app, "authority", &keys, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(keys[0].key_id, id);
	assert_string_equal(keys[0].name, "WS-DEMO");
	assert_int_equal(keys[0].training, 0);
	free(keys);
	struct key_row *rows;
	size_t count;
	TU_OK(keys_list(&ws->app, &rows, &count, &err), &err);
	assert_int_equal(count, 2);
	free(rows);
	station_free(hq);
	station_free(ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_key_is_created_once_and_audited),
		cmocka_unit_test(test_creating_the_key_needs_an_administrator),
		cmocka_unit_test(test_realm_comes_from_the_database_setting),
		cmocka_unit_test(test_export_and_install_the_authority_key),
		cmocka_unit_test(test_key_of_the_other_realm_is_refused),
		cmocka_unit_test(test_a_second_authority_key_needs_a_rollover),
		cmocka_unit_test(test_rollover_vouched_for_by_the_old_key_is_accepted),
		cmocka_unit_test(test_unvouched_or_badly_vouched_rollover_is_refused),
		cmocka_unit_test(test_sign_rollover_needs_a_new_key),
		cmocka_unit_test(test_add_peer_registers_and_replaces_a_workstation_key),
		cmocka_unit_test(test_revoke_retires_a_key_and_erases_the_private_half),
		cmocka_unit_test(test_an_officer_cannot_change_keys),
		cmocka_unit_test(test_private_key_never_appears_in_the_audit_trail),
		cmocka_unit_test(test_malformed_key_files_are_refused),
		cmocka_unit_test(test_key_rows_never_change_and_never_go_away),
		cmocka_unit_test(test_ring_holds_the_active_keys_of_a_role),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
