#include "app/setup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "app/accounts.h"
#include "app/session.h"
#include "app/watchlist.h"
#include "app/lang.h"
#include "app/password.h"
#include "app/paths.h"
#include "db/audit.h"
#include "db/db.h"
#include "db/officer.h"
#include "db/watchlist.h"
#include "scanners/clock.h"
#include "i18n/i18n.h"

static int label_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

static int put_station(struct db *db, const char *post, const char *ws, int demo, int training,
		       struct error *err)
{
	unsigned char id[16];
	char hex[33], now[32];
	if (RAND_bytes(id, sizeof(id)) != 1)
		return error_set(err, ERR_IO, _("no random numbers for the database id"));
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	clock_utc_iso(now, sizeof(now));
	if (db_setting_set(db, "post", post, err) < 0 ||
	    db_setting_set(db, "workstation", ws, err) < 0 ||
	    db_setting_set(db, "demo", demo ? "1" : "0", err) < 0 ||
	    db_setting_set(db, "realm", training ? "training" : "live", err) < 0 ||
	    db_setting_set(db, "database_id", hex, err) < 0 ||
	    db_setting_set(db, "created_at", now, err) < 0)
		return -ERR_IO;
	return 0;
}

static int add_officer(struct db *db, const struct audit_actor *who, const char *username,
		       const char *full_name, enum officer_role role, const char *lang,
		       const char *password, struct error *err)
{
	struct officer o = { .role = role };
	snprintf(o.username, sizeof(o.username), "%s", username);
	snprintf(o.full_name, sizeof(o.full_name), "%s", full_name);
	snprintf(o.language, sizeof(o.language), "%s", lang);
	clock_utc_iso(o.created_at, sizeof(o.created_at));
	if (password_hash(password, o.password_hash, sizeof(o.password_hash), err) < 0 ||
	    officer_insert(db, &o, err) < 0)
		return -ERR_IO;
	struct audit_event ev = { .action = "officer.add",
				  .object_type = "officer",
				  .object_id = username,
				  .outcome = "ok",
				  .detail = officer_role_name(role) };
	return audit_append(db, who, &ev, err);
}

const char *setup_path(const struct config *cfg)
{
	return cfg->training ? cfg->training_database : cfg->database;
}

/* Creates the file, then runs fill in one transaction; any failure removes the file.
 * With cfg->training the file is the training database (realm "training"). */
static int create(const struct config *cfg, const char *post, const char *ws, int demo,
		  int (*fill)(struct db *, const struct audit_actor *, const void *,
			      struct error *),
		  const void *arg, struct error *err)
{
	if (!label_ok(post) || !label_ok(ws))
		return error_set(err, ERR_USAGE,
				 _("post and workstation names need 1-32 printable characters"));
	const char *path = setup_path(cfg);
	if (cfg->training && strcmp(cfg->training_database, cfg->database) == 0)
		return error_set(err, ERR_USAGE,
				 _("training.database and general.database are the same "
				   "file '%s'; training never opens the live database"),
				 path);
	if (paths_make_parent(path, err) < 0)
		return -ERR_IO;
	struct db *db;
	if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	struct audit_actor who = { "-", "system", post, ws };
	struct audit_event ev = { .action = "database.init",
				  .object_type = "database",
				  .object_id = ws,
				  .outcome = "ok",
				  .detail = cfg->training ? (demo ? "demo training" : "training")
							  : (demo ? "demo" : "live") };
	int rc = db_begin(db, err);
	if (rc == 0)
		rc = put_station(db, post, ws, demo, cfg->training, err);
	if (rc == 0)
		rc = audit_append(db, &who, &ev, err);
	if (rc == 0)
		rc = fill(db, &who, arg, err);
	if (rc == 0)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	db_close(&db);
	if (rc < 0) {
		unlink(path);
		return rc;
	}
	return 0;
}

static int fill_admin(struct db *db, const struct audit_actor *who, const void *arg,
		      struct error *err)
{
	const struct setup_params *p = arg;
	return add_officer(db, who, p->admin_username, p->admin_full_name ? p->admin_full_name : "",
			   ROLE_ADMIN, p->language ? p->language : "en", p->admin_password, err);
}

int setup_create(const struct config *cfg, const struct setup_params *p, struct error *err)
{
	if (!accounts_username_ok(p->admin_username))
		return error_set(err, ERR_USAGE, _("'%s' is not a valid user name"),
				 p->admin_username);
	if (p->language && !lang_find(p->language))
		return error_set(err, ERR_USAGE, _("unknown language '%s' (known: %s)"),
				 p->language, lang_codes());
	if (password_policy_check(cfg, p->admin_password, NULL, err) < 0)
		return -ERR_USAGE;
	return create(cfg, p->post, p->workstation, 0, fill_admin, p, err);
}

/* Fictional people and documents, so the demo can show screening without real data. */
static int fill_demo_watchlists(struct db *db, struct error *err)
{
	char now[32];
	clock_utc_iso(now, sizeof(now));
	struct wl_source national = { .code = "DEMO-NAT",
				      .kind = "national",
				      .name = "Demo national list",
				      .authority = "Demo authority",
				      .version = "demo-1" };
	struct wl_source sltd = { .code = "DEMO-SLTD",
				  .kind = "lost_stolen",
				  .name = "Demo lost and stolen documents",
				  .authority = "Demo authority",
				  .version = "demo-1" };
	snprintf(national.updated_at, sizeof(national.updated_at), "%s", now);
	snprintf(sltd.updated_at, sizeof(sltd.updated_at), "%s", now);
	if (wl_source_put(db, &national, err) < 0 || wl_source_put(db, &sltd, err) < 0)
		return -ERR_IO;

	static const struct wl_name n1[] = { { "primary", "good", "KHALIMOV Gulmurod" },
					     { "original_script", "good", "ХАЛИМОВ Гулмурод" },
					     { "alias", "low", "HALIMOV Gulom" } };
	static const struct wl_birth_date d1[] = { { "exact", "1975-05-14", 0, 0 } };
	static const char *const tjk[] = { "TJK" };
	static const struct wl_name n2[] = { { "primary", "good", "YUSUPOVA Dilnoza" },
					     { "original_script", "good", "ЮСУПОВА Дилноза" } };
	static const struct wl_birth_date d2[] = { { "range", NULL, 1980, 1984 } };
	static const char *const uzb[] = { "UZB" };
	static const struct wl_name n3[] = { { "primary", "good", "BEKOV Aslan Ruslanovich" } };
	static const struct wl_birth_date d3[] = { { "year", "1969", 0, 0 } };
	static const char *const kaz_rus[] = { "KAZ", "RUS" };
	static const struct wl_name n4[] = { { "primary", "good", "ORMONOVA Aizada" } };
	static const struct wl_birth_date d4[] = { { "exact", "2011-03-02", 0, 0 } };
	static const char *const kgz[] = { "KGZ" };
	static const struct wl_document doc5[] = { { "N01234567", "KAZ", "P" } };
	static const struct wl_document doc6[] = { { "AB7654321", "UZB", "P" } };
	const struct wl_entry people[] = {
		{ "DEMO-001", "person", "terrorism", "deny_entry", "2015-09-29", "M",
		  "Fictional demo entry", n1, 3, d1, 1, tjk, 1, NULL, 0 },
		{ "DEMO-002", "person", "wanted", "arrest", "2021-04-11", "F",
		  "Fictional demo entry", n2, 2, d2, 1, uzb, 1, NULL, 0 },
		{ "DEMO-003", "person", "sanctions", "refer", "2019-12-01", "M",
		  "Fictional demo entry", n3, 1, d3, 1, kaz_rus, 2, NULL, 0 },
		{ "DEMO-004", "person", "missing_person", "notify", "2024-06-20", "F",
		  "Fictional demo entry: missing minor", n4, 1, d4, 1, kgz, 1, NULL, 0 },
	};
	const struct wl_entry docs[] = {
		{ "DEMO-SLTD-1", "document", "lost_stolen", "refer", "2025-01-15", NULL,
		  "Fictional demo entry: reported stolen", NULL, 0, NULL, 0, NULL, 0, doc5, 1 },
		{ "DEMO-SLTD-2", "document", "lost_stolen", "refer", "2026-02-03", NULL,
		  "Fictional demo entry: reported lost", NULL, 0, NULL, 0, NULL, 0, doc6, 1 },
	};
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
		if (wl_entry_add(db, national.id, &people[i], NULL, err) < 0)
			return -ERR_IO;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (wl_entry_add(db, sltd.id, &docs[i], NULL, err) < 0)
			return -ERR_IO;
	return 0;
}

static int fill_demo(struct db *db, const struct audit_actor *who, const void *arg,
		     struct error *err)
{
	static const struct {
		const char *username, *full_name;
		enum officer_role role;
		const char *lang;
	} accounts[] = {
		{ "officer", "Demo Officer", ROLE_OFFICER, "en" },
		{ "supervisor", "Demo Supervisor", ROLE_SUPERVISOR, "en" },
		{ "trainer", "Demo Trainer", ROLE_TRAINER, "en" },
		{ "admin", "Demo Administrator", ROLE_ADMIN, "en" },
	};
	/* a training database has trainees instead of lists: each run brings its own */
	static const struct {
		const char *username, *full_name;
		enum officer_role role;
		const char *lang;
	} trainees[] = {
		{ "aibek", "Aibek Demo-Trainee", ROLE_OFFICER, "en" },
		{ "madina", "Madina Demo-Trainee", ROLE_OFFICER, "ru" },
	};
	const int training = *(const int *)arg;
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
		if (add_officer(db, who, accounts[i].username, accounts[i].full_name,
				accounts[i].role, accounts[i].lang, DEMO_PASSWORD, err) < 0)
			return -ERR_IO;
	for (size_t i = 0; training && i < sizeof(trainees) / sizeof(trainees[0]); i++)
		if (add_officer(db, who, trainees[i].username, trainees[i].full_name,
				trainees[i].role, trainees[i].lang, DEMO_PASSWORD, err) < 0)
			return -ERR_IO;
	return training ? 0 : fill_demo_watchlists(db, err);
}

int setup_create_demo(const struct config *cfg, struct error *err)
{
	if (create(cfg, "DEMO-POST", cfg->training ? "WS-TRAINING" : "WS-DEMO", 1, fill_demo,
		   &cfg->training, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	/* the demo entries went in as plain rows: opening the database makes their match
	 * keys (app_open rebuilds a missing index) */
	struct app app;
	if (app_open(&app, cfg, err) < 0)
		return -ERR_IO;
	app_close(&app);
	return 0;
}
