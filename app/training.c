/* The scenario engine: a run's own database, presenting travellers, scoring answers
 * (see training.h). Results and their export are in training_results.c. */
#include "app/training.h"

#include "app/training_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "app/barcode.h"
#include "app/bundle.h"
#include "app/chip.h"
#include "app/chip_job.h"
#include "app/csca.h"
#include "app/paths.h"
#include "app/scan.h"
#include "app/shift.h"
#include "app/training_chip.h"
#include "db/audit.h"
#include "db/csca.h"
#include "db/watchlist.h"
#include "i18n/i18n.h"
#include "scanners/clock.h"

struct training_run {
	struct app *trainers;   /* the trainers' database: accounts and results */
	struct session trainer; /* who runs it */
	struct app run;         /* the run's own database */
	struct session trainee; /* the trainee, in the run's database */
	char path[4096];        /* of the run's database */
	struct scenario sc;
	struct training_pki *pki;  /* the run's CSCA and Document Signer */
	int64_t id;                /* the run in the trainers' database */
	int current;               /* 0-based */
	struct timespec presented; /* when the current traveller's document was presented */
	int clock_running;
};

/* ---- the scenario folder ---------------------------------------------------------- */

static int is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int training_scenario_dir(const struct config *cfg, char *out, size_t len, struct error *err)
{
	if (cfg->scenarios[0]) {
		snprintf(out, len, "%s", cfg->scenarios);
		return 0;
	}
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		const char *candidates[] = { "../share/shekara/scenarios", "scenarios" };
		for (size_t i = 0; slash && i < sizeof(candidates) / sizeof(candidates[0]); i++) {
			char dir[PATH_MAX];
			snprintf(dir, sizeof(dir), "%s/%s", exe, candidates[i]);
			if (is_dir(dir)) {
				snprintf(out, len, "%s", dir);
				return 0;
			}
		}
	}
	return error_set(err, ERR_IO,
			 _("no scenario folder beside the program; set training.scenarios "
			   "(--scenarios DIR)"));
}

static int by_file(const void *a, const void *b)
{
	return strcmp(((const struct training_scenario_info *)a)->file,
		      ((const struct training_scenario_info *)b)->file);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

int training_scenarios(const struct config *cfg, struct training_scenario_info **out, int *n,
		       struct error *err)
{
	*out = NULL;
	*n = 0;
	char dir[4096];
	if (training_scenario_dir(cfg, dir, sizeof(dir), err) < 0)
		return -ERR_IO;
	DIR *d = opendir(dir);
	if (!d)
		return error_set(err, ERR_IO, _("cannot read the scenario folder '%s': %s"), dir,
				 strerror(errno));
	struct training_scenario_info *list = NULL;
	int cap = 0, rc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".scn"))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct training_scenario_info *grown =
				realloc(list, (size_t)cap * sizeof(*list));
			if (!grown) {
				rc = error_set(err, ERR_IO, "%s", _("out of memory"));
				break;
			}
			list = grown;
		}
		struct training_scenario_info *it = &list[(*n)++];
		memset(it, 0, sizeof(*it));
		snprintf(it->file, sizeof(it->file), "%s", de->d_name);
		if (snprintf(it->path, sizeof(it->path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(it->path)) {
			(*n)--; /* a name too long to open is no scenario of ours */
			continue;
		}
		struct scenario sc;
		struct scn_problems *probs = calloc(1, sizeof(*probs));
		struct error e;
		if (!probs) {
			rc = error_set(err, ERR_IO, "%s", _("out of memory"));
			break;
		}
		if (scenario_load(it->path, &sc, probs, &e) == 0) {
			snprintf(it->id, sizeof(it->id), "%s", sc.id);
			snprintf(it->title, sizeof(it->title), "%s", sc.title);
			it->travellers = sc.n_travellers;
			scenario_free(&sc);
		} else {
			it->problems = probs->n > 0 ? probs->n : 1;
			snprintf(it->title, sizeof(it->title), "%s", it->file);
		}
		free(probs);
	}
	closedir(d);
	if (rc < 0) {
		free(list);
		*n = 0;
		return rc;
	}
	if (*n > 1)
		qsort(list, (size_t)*n, sizeof(*list), by_file);
	*out = list;
	return 0;
}

/* ---- the run's database ----------------------------------------------------------- */

/* The people and documents the scenario lists, as the store keeps entries. */
static int put_entry(struct db *db, int64_t source, const struct scn_entry *e, struct error *err)
{
	struct wl_name names[SCN_MAX_NAMES];
	struct wl_birth_date dobs[SCN_MAX_LIST];
	const char *nats[SCN_MAX_LIST];
	struct wl_document docs[SCN_MAX_LIST];
	for (int i = 0; i < e->n_names; i++)
		names[i] =
			(struct wl_name){ e->names[i].type, e->names[i].quality, e->names[i].text };
	for (int i = 0; i < e->n_births; i++)
		dobs[i] = (struct wl_birth_date){ e->births[i].kind,
						  e->births[i].date[0] ? e->births[i].date : NULL,
						  e->births[i].from, e->births[i].to };
	for (int i = 0; i < e->n_nationalities; i++)
		nats[i] = e->nationalities[i];
	for (int i = 0; i < e->n_documents; i++)
		docs[i] = (struct wl_document){ e->documents[i].number, e->documents[i].issuer,
						e->documents[i].type };
	struct wl_entry w = { .ref = e->id,
			      .subject = e->subject,
			      .category = e->category,
			      .action = e->action,
			      .listed_on = e->listed[0] ? e->listed : NULL,
			      .sex = e->sex[0] ? e->sex : NULL,
			      .remarks = e->remarks[0] ? e->remarks : NULL,
			      .names = names,
			      .n_names = (size_t)e->n_names,
			      .dobs = dobs,
			      .n_dobs = (size_t)e->n_births,
			      .nationalities = nats,
			      .n_nationalities = (size_t)e->n_nationalities,
			      .documents = docs,
			      .n_documents = (size_t)e->n_documents };
	return wl_entry_add(db, source, &w, NULL, err);
}

static int put_lists(struct db *db, const struct scenario *sc, const char *version,
		     struct error *err)
{
	struct wl_source people = { .kind = "national" }, sltd = { .kind = "lost_stolen" };
	snprintf(people.code, sizeof(people.code), "TRAINING");
	snprintf(sltd.code, sizeof(sltd.code), "TRAINING-SLTD");
	snprintf(people.name, sizeof(people.name), "%s", _("Scenario list (training)"));
	snprintf(sltd.name, sizeof(sltd.name), "%s",
		 _("Scenario lost and stolen documents (training)"));
	snprintf(people.authority, sizeof(people.authority), "scenario %s", sc->id);
	snprintf(sltd.authority, sizeof(sltd.authority), "scenario %s", sc->id);
	snprintf(people.version, sizeof(people.version), "%.16s", version);
	snprintf(sltd.version, sizeof(sltd.version), "%.16s", version);
	clock_utc_iso(people.updated_at, sizeof(people.updated_at));
	snprintf(sltd.updated_at, sizeof(sltd.updated_at), "%s", people.updated_at);
	if (wl_source_put(db, &people, err) < 0 || wl_source_put(db, &sltd, err) < 0)
		return -ERR_IO;
	for (int i = 0; i < sc->n_entries; i++) {
		const struct scn_entry *e = &sc->entries[i];
		int doc = strcmp(e->subject, "document") == 0;
		if (put_entry(db, doc ? sltd.id : people.id, e, err) < 0)
			return -ERR_IO;
	}
	return 0;
}

static int put_officer(struct db *db, const struct officer *from, enum officer_role role,
		       int64_t *id, struct error *err)
{
	struct officer o = *from;
	o.role = role;
	o.failed_logins = 0;
	o.locked = 0;
	o.last_login_at[0] = '\0';
	if (officer_insert(db, &o, err) < 0)
		return -ERR_IO;
	struct officer back;
	int rc = officer_get(db, o.username, &back, err);
	if (rc <= 0)
		return rc < 0 ? rc : error_set(err, ERR_IO, "%s", _("the account was not stored"));
	*id = back.id;
	return 0;
}

struct run_seed {
	const struct scenario *sc;
	const char *version; /* the scenario file's SHA-256 */
	const char *post, *workstation;
	const struct officer *trainee, *trainer; /* trainer NULL: nobody countersigns */
	const struct training_pki *pki;
};

static int seed(struct db *db, const struct run_seed *p, struct error *err)
{
	unsigned char rnd[16];
	char id[33], now[32];
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return error_set(err, ERR_IO, "%s", _("no random numbers for the database id"));
	for (int i = 0; i < 16; i++)
		snprintf(id + 2 * i, 3, "%02x", rnd[i]);
	clock_utc_iso(now, sizeof(now));
	if (db_setting_set(db, "post", p->post, err) < 0 ||
	    db_setting_set(db, "workstation", p->workstation, err) < 0 ||
	    db_setting_set(db, "demo", "0", err) < 0 ||
	    db_setting_set(db, "realm", "training", err) < 0 ||
	    db_setting_set(db, "database_id", id, err) < 0 ||
	    db_setting_set(db, "created_at", now, err) < 0)
		return -ERR_IO;
	struct audit_actor who = { "-", "system", p->post, p->workstation };
	struct audit_event ev = { .action = "database.init",
				  .object_type = "scenario",
				  .object_id = p->sc->id,
				  .outcome = "ok",
				  .detail = "training run" };
	int64_t ignored;
	if (audit_append(db, &who, &ev, err) < 0 ||
	    put_officer(db, p->trainee, ROLE_OFFICER, &ignored, err) < 0 ||
	    (p->trainer && put_officer(db, p->trainer, ROLE_SUPERVISOR, &ignored, err) < 0) ||
	    put_lists(db, p->sc, p->version, err) < 0)
		return -ERR_IO;
	size_t len = 0;
	const unsigned char *der = training_pki_csca(p->pki, &len);
	struct csca_cert_row row;
	if (csca_cert_row_of(der, len, "training run", "-", &row) < 0)
		return error_set(err, ERR_IO, "%s", _("the run's CSCA certificate is unreadable"));
	return csca_store_add_cert(db, &row, der, len, err) < 0 ? -ERR_IO : 0;
}

/* Makes the run's database at path and opens it as app, with the trainee's session. */
static int run_db(const char *path, const struct run_seed *p, const struct config *cfg,
		  struct app *app, struct session *trainee, struct error *err)
{
	if (paths_make_parent(path, err) < 0)
		return -ERR_IO;
	struct db *db;
	if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
		return err ? -(int)err->code : -ERR_IO;
	int rc = db_begin(db, err);
	if (rc == 0)
		rc = seed(db, p, err);
	if (rc == 0)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	db_close(&db);
	if (rc == 0) {
		/* the run's own settings: its file, no sync, never the training flag (which
		 * would send app_open to the trainers' database) */
		struct config c = *cfg;
		snprintf(c.database, sizeof(c.database), "%s", path);
		c.training = 0;
		c.sync_url[0] = '\0';
		c.sync_interval = 0;
		c.reader_device[0] = '\0';
		rc = app_open(app, &c, err); /* makes the entries' match keys */
	}
	if (rc == 0) {
		struct officer o;
		rc = officer_get(app->db, p->trainee->username, &o, err);
		if (rc == 1) {
			memset(trainee, 0, sizeof(*trainee));
			trainee->officer_id = o.id;
			trainee->role = o.role;
			snprintf(trainee->username, sizeof(trainee->username), "%s", o.username);
			snprintf(trainee->full_name, sizeof(trainee->full_name), "%s", o.full_name);
			snprintf(trainee->language, sizeof(trainee->language), "%s", o.language);
			rc = 0;
		} else if (rc == 0) {
			rc = error_set(err, ERR_IO, "%s", _("the account was not stored"));
		}
		if (rc < 0)
			app_close(app);
	}
	if (rc < 0)
		unlink(path);
	return rc;
}

static void remove_db_files(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char f[4200];
		snprintf(f, sizeof(f), "%s%s", path, suffixes[i]);
		unlink(f);
	}
}

void training_folder(struct app *app, char *out, size_t len)
{
	snprintf(out, len, "%s", db_path(app->db));
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(out, len, ".");
}

/* ---- a run ------------------------------------------------------------------------- */

/* Only on a training database, only for trainers. */
static int may_train(struct app *app, const struct session *s, struct error *err)
{
	if (session_require(app, s, PERM_RUN_TRAINING, err) < 0)
		return -ERR_DENIED;
	if (!app->training) {
		app_audit_refusal(app, s, "training.start", "database", app->workstation, "refused",
				  "not a training database");
		return error_set(
			err, ERR_DENIED, "%s",
			_("training runs only on a training database (shekara --training); "
			  "this one is live"));
	}
	return 0;
}

int training_trainees(struct app *app, const struct session *trainer, struct officer **out,
		      size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	if (may_train(app, trainer, err) < 0)
		return -ERR_DENIED;
	struct officer *all;
	size_t count;
	if (officer_list(app->db, &all, &count, err) < 0)
		return -ERR_IO;
	size_t kept = 0;
	for (size_t i = 0; i < count; i++)
		if (!all[i].locked &&
		    (all[i].role == ROLE_OFFICER || all[i].role == ROLE_SUPERVISOR))
			all[kept++] = all[i];
	for (size_t i = 0; i < kept; i++)
		OPENSSL_cleanse(all[i].password_hash, sizeof(all[i].password_hash));
	*out = all;
	*n = kept;
	return 0;
}

static int read_scenario(const char *path, struct scenario *sc, char sha[65], struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	char *buf = malloc(SCN_MAX_BYTES + 1);
	size_t len = buf ? fread(buf, 1, SCN_MAX_BYTES + 1, f) : 0;
	int bad = !buf || ferror(f);
	fclose(f);
	if (bad || len > SCN_MAX_BYTES) {
		free(buf);
		return error_set(err, ERR_IO, _("cannot read '%s' as a scenario"), path);
	}
	bundle_sha256_hex(buf, len, sha);
	struct scn_problems *probs = calloc(1, sizeof(*probs));
	int rc = probs ? scenario_parse(buf, len, sc, probs) : -ERR_IO;
	free(buf);
	if (rc < 0)
		error_set(err, ERR_USAGE,
			  _("'%s' is not a sound scenario (%s); see 'shekara scenario check'"),
			  path, probs && probs->n ? probs->items[0].msg : _("out of memory"));
	free(probs);
	return rc < 0 ? -ERR_USAGE : 0;
}

static int start_audit(struct training_run *r, const char *sha, struct error *err)
{
	char detail[600], id[32];
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(detail, sizeof(detail), "scenario %s (sha256 %.16s), trainee %s", r->sc.id, sha,
		 r->trainee.username);
	struct audit_event ev = { .action = "training.start",
				  .object_type = "training_run",
				  .object_id = id,
				  .outcome = "ok",
				  .detail = detail };
	struct audit_actor who;
	app_actor(r->trainers, &r->trainer, &who);
	return audit_append(r->trainers->db, &who, &ev, err);
}

static int record_run(struct training_run *r, const char *sha, const struct officer *trainee,
		      struct error *err)
{
	struct training_run_row row = { .trainee_id = trainee->id,
					.trainer_id = r->trainer.officer_id,
					.travellers = r->sc.n_travellers };
	snprintf(row.scenario_id, sizeof(row.scenario_id), "%s", r->sc.id);
	snprintf(row.scenario_title, sizeof(row.scenario_title), "%s", r->sc.title);
	snprintf(row.scenario_sha256, sizeof(row.scenario_sha256), "%s", sha);
	clock_utc_iso(row.started_at, sizeof(row.started_at));
	if (db_begin(r->trainers->db, err) < 0)
		return -ERR_IO;
	if (training_run_insert(r->trainers->db, &row, err) < 0 ||
	    (r->id = row.id, start_audit(r, sha, err)) < 0) {
		db_rollback(r->trainers->db);
		return -ERR_IO;
	}
	return db_commit(r->trainers->db, err);
}

static void run_free(struct training_run *r)
{
	scenario_free(&r->sc);
	training_pki_free(&r->pki);
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
}

/* The runs this trainer left running (the program was killed, the power failed): one
 * terminal runs one scenario at a time, so they are over. Each is recorded as abandoned,
 * with the answers it has, and its database removed. Best effort. */
static void end_stale_runs(struct app *app, const struct training_run *r)
{
	struct training_run_row *runs;
	size_t n;
	struct error ignored;
	if (training_runs_list(app->db, 0, &runs, &n, &ignored) < 0)
		return;
	char now[32], stale[4200];
	clock_utc_iso(now, sizeof(now));
	for (size_t i = 0; i < n; i++) {
		if (runs[i].id == r->id || runs[i].trainer_id != r->trainer.officer_id ||
		    strcmp(runs[i].status, "running") != 0)
			continue;
		snprintf(stale, sizeof(stale), "%s", r->path);
		char *name = strrchr(stale, '/');
		if (name)
			snprintf(name + 1, sizeof(stale) - (size_t)(name + 1 - stale),
				 "run-%lld.db", (long long)runs[i].id);
		remove_db_files(stale);
		if (training_run_end(app->db, runs[i].id, "abandoned", now, &ignored) < 0)
			continue;
		char id[32];
		snprintf(id, sizeof(id), "%lld", (long long)runs[i].id);
		struct audit_event ev = { .action = "training.end",
					  .object_type = "training_run",
					  .object_id = id,
					  .outcome = "abandoned",
					  .detail = "left running when the program stopped" };
		app_audit(app, &r->trainer, &ev, &ignored);
	}
	free(runs);
	remove_db_files(r->path);
}

/* A run that could not begin: recorded as abandoned (best effort) and freed. */
static void abandon(struct app *app, struct training_run *r)
{
	struct error ignored;
	char now[32];
	clock_utc_iso(now, sizeof(now));
	training_run_end(app->db, r->id, "abandoned", now, &ignored);
	run_free(r);
}

int training_start(struct app *app, const struct session *trainer, const char *path,
		   const char *trainee, struct training_run **out, struct error *err)
{
	*out = NULL;
	if (may_train(app, trainer, err) < 0)
		return -ERR_DENIED;
	struct officer t, k;
	int rc = officer_get(app->db, trainee, &t, err);
	if (rc == 0 ||
	    (rc == 1 && (t.locked || (t.role != ROLE_OFFICER && t.role != ROLE_SUPERVISOR))))
		return error_set(err, ERR_USAGE, _("'%s' is no trainee of this database"), trainee);
	if (rc < 0 || officer_get(app->db, trainer->username, &k, err) != 1)
		return -ERR_IO;
	if (strcmp(t.username, k.username) == 0)
		return error_set(err, ERR_USAGE, "%s", _("a trainer does not train themself"));
	struct training_run *r = calloc(1, sizeof(*r));
	if (!r)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	r->trainers = app;
	r->trainer = *trainer;
	char sha[65];
	rc = read_scenario(path, &r->sc, sha, err);
	if (rc == 0)
		rc = training_pki_new("UTO", &r->pki, err);
	if (rc == 0)
		rc = record_run(r, sha, &t, err);
	if (rc < 0) {
		run_free(r);
		return rc;
	}
	/* next to the trainers' database, named after the run: never anywhere near the
	 * live database */
	char dir[4096];
	training_folder(app, dir, sizeof(dir));
	if (snprintf(r->path, sizeof(r->path), "%s/training-runs/run-%lld.db", dir,
		     (long long)r->id) >= (int)sizeof(r->path)) {
		error_set(err, ERR_IO, _("path '%s' is too long"), dir);
		abandon(app, r);
		return -ERR_IO;
	}
	end_stale_runs(app, r);
	char ws[64];
	snprintf(ws, sizeof(ws), "%.40s/run-%lld", app->workstation, (long long)r->id);
	struct run_seed seed_args = { &r->sc, sha, app->post, ws, &t, &k, r->pki };
	rc = run_db(r->path, &seed_args, &app->cfg, &r->run, &r->trainee, err);
	OPENSSL_cleanse(&t, sizeof(t));
	OPENSSL_cleanse(&k, sizeof(k));
	if (rc < 0) {
		abandon(app, r);
		return rc;
	}
	struct shift_row sh;
	if (shift_start(&r->run, &r->trainee, "entry", "training", &sh, err) < 0) {
		int64_t id;
		training_end(&r, &id, NULL);
		return -ERR_IO;
	}
	*out = r;
	return 0;
}

struct app *training_run_app(struct training_run *r)
{
	return &r->run;
}

const struct session *training_run_trainee(const struct training_run *r)
{
	return &r->trainee;
}

const struct scenario *training_run_scenario(const struct training_run *r)
{
	return &r->sc;
}

int64_t training_run_id(const struct training_run *r)
{
	return r->id;
}

int training_run_current(const struct training_run *r)
{
	return r->current;
}

static const struct scn_traveller *current(const struct training_run *r)
{
	return r->current < r->sc.n_travellers ? &r->sc.travellers[r->current] : NULL;
}

static void join_lines(const char (*lines)[SCN_MRZ_LINE], int n, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s\n", lines[i]);
}

int training_present(struct training_run *r, struct training_presented *out)
{
	memset(out, 0, sizeof(*out));
	const struct scn_traveller *t = current(r);
	if (!t)
		return -1;
	out->number = r->current + 1;
	out->of = r->sc.n_travellers;
	join_lines(t->mrz, t->mrz_lines, out->mrz, sizeof(out->mrz));
	out->says = t->says;
	out->barcode = t->barcode;
	out->has_chip = t->chip != SCN_CHIP_NONE;
	if (!r->clock_running) {
		clock_gettime(CLOCK_MONOTONIC, &r->presented);
		r->clock_running = 1;
	}
	return 0;
}

int training_chip_of(const struct rehearsal *rh, const struct scn_traveller *t,
		     const struct document *printed, struct chip_job_result **out,
		     struct error *err)
{
	*out = NULL;
	const char *lines[3];
	int n = t->chip_mrz_lines ? t->chip_mrz_lines : t->mrz_lines;
	for (int i = 0; i < n && i < 3; i++)
		lines[i] = t->chip_mrz_lines ? t->chip_mrz[i] : t->mrz[i];
	struct chip_job_result *res = calloc(1, sizeof(*res));
	if (!res)
		return error_set(err, ERR_IO, "%s", _("out of memory"));
	struct csca_trust trust;
	int rc = csca_trust_load(rh->app, &trust, err);
	if (rc == 0) {
		rc = training_chip_make(rh->pki, lines, n, t->chip, &trust.trust, &res->check.chip,
					err);
		csca_trust_free(&trust);
	}
	if (rc == 0) {
		res->check.read = 1;
		chip_check_compose(printed, CHIP_FIELDS_ALL, &res->check);
		rc = chip_check_record(rh->app, rh->s, printed, &res->check, err);
	}
	if (rc < 0) {
		chip_job_result_free(&res);
		return rc;
	}
	*out = res;
	return 0;
}

int training_chip(struct training_run *r, const struct document *printed,
		  struct chip_job_result **out, struct error *err)
{
	*out = NULL;
	const struct scn_traveller *t = current(r);
	if (!t || t->chip == SCN_CHIP_NONE)
		return 1;
	struct rehearsal view = { .app = &r->run, .s = &r->trainee, .pki = r->pki };
	return training_chip_of(&view, t, printed, out, err);
}

/* ---- the rehearsal of 'scenario check' --------------------------------------------- */

int training_rehearsal_open(const struct config *cfg, const struct scenario *sc,
			    struct rehearsal *rh, struct error *err)
{
	memset(rh, 0, sizeof(*rh));
	const char *tmp = getenv("TMPDIR");
	snprintf(rh->dir, sizeof(rh->dir), "%s/shekara-rehearsal-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(rh->dir))
		return error_set(err, ERR_IO, _("cannot make a temporary folder in '%s': %s"),
				 tmp && *tmp ? tmp : "/tmp", strerror(errno));
	snprintf(rh->path, sizeof(rh->path), "%s/rehearsal.db", rh->dir);
	struct officer trainee = { .role = ROLE_OFFICER };
	snprintf(trainee.username, sizeof(trainee.username), "rehearsal");
	snprintf(trainee.full_name, sizeof(trainee.full_name), "Scenario rehearsal");
	snprintf(trainee.language, sizeof(trainee.language), "en");
	snprintf(trainee.password_hash, sizeof(trainee.password_hash), "!"); /* no login */
	clock_utc_iso(trainee.created_at, sizeof(trainee.created_at));
	snprintf(trainee.password_changed_at, sizeof(trainee.password_changed_at), "%s",
		 trainee.created_at);
	int rc = training_pki_new("UTO", &rh->pki, err);
	struct run_seed p = { sc, "rehearsal", "TRAINING", "REHEARSAL", &trainee, NULL, rh->pki };
	if (rc == 0)
		rc = run_db(rh->path, &p, cfg, &rh->own_app, &rh->own_s, err);
	if (rc < 0) {
		training_pki_free(&rh->pki);
		rmdir(rh->dir);
		return rc;
	}
	rh->app = &rh->own_app;
	rh->s = &rh->own_s;
	return 0;
}

void training_rehearsal_close(struct rehearsal *rh)
{
	if (rh->app)
		app_close(rh->app);
	rh->app = NULL;
	remove_db_files(rh->path);
	rmdir(rh->dir);
	training_pki_free(&rh->pki);
}

static unsigned decision_bit(enum decision_kind k)
{
	return k == DECISION_ADMIT ? SCN_ADMIT : k == DECISION_REFUSE ? SCN_REFUSE : SCN_REFER;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}

static int answer_audit(struct training_run *r, const struct training_answer_row *a,
			struct error *err)
{
	char id[48], detail[256];
	snprintf(id, sizeof(id), "%lld/%d", (long long)r->id, a->traveller);
	snprintf(detail, sizeof(detail), "trainee %s: %s%s%s, expected %s%s%s (%s), %ld ms",
		 r->trainee.username, a->given, a->given_ground[0] ? " " : "", a->given_ground,
		 a->expected, a->expected_ground[0] ? " " : "", a->expected_ground,
		 a->correct ? "right" : "wrong", a->ms);
	struct audit_event ev = { .action = "training.answer",
				  .object_type = "training_run",
				  .object_id = id,
				  .outcome = a->correct ? "right" : "wrong",
				  .detail = detail };
	struct audit_actor who;
	app_actor(r->trainers, &r->trainer, &who);
	return audit_append(r->trainers->db, &who, &ev, err);
}

int training_answer(struct training_run *r, const struct decision *d, enum verdict shown,
		    struct training_feedback *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	const struct scn_traveller *t = current(r);
	if (!t)
		return error_set(err, ERR_USAGE, "%s", _("every traveller has been answered"));
	struct training_answer_row a = { .run_id = r->id, .traveller = r->current + 1 };
	unsigned given = decision_bit(d->kind);
	scenario_expect_text(t->expect, a.expected, sizeof(a.expected));
	snprintf(a.expected_ground, sizeof(a.expected_ground), "%s", t->ground);
	snprintf(a.given, sizeof(a.given), "%s", decision_name(d->kind));
	if (d->kind == DECISION_REFUSE && d->reason_code)
		snprintf(a.given_ground, sizeof(a.given_ground), "%s", d->reason_code);
	snprintf(a.shown, sizeof(a.shown), "%s",
		 shown == VERDICT_HIT     ? "HIT"
		 : shown == VERDICT_CHECK ? "CHECK"
					  : "CLEAR");
	a.correct = (t->expect & given) && (given != SCN_REFUSE || !t->ground[0] ||
					    strcmp(t->ground, a.given_ground) == 0);
	a.missed_hit = given == SCN_ADMIT && !(t->expect & SCN_ADMIT);
	a.wrong_refusal = given == SCN_REFUSE && !(t->expect & SCN_REFUSE);
	a.ms = r->clock_running ? ms_since(&r->presented) : 0;
	snprintf(a.teach, sizeof(a.teach), "%s", t->teach);
	clock_utc_iso(a.answered_at, sizeof(a.answered_at));
	struct db *db = r->trainers->db;
	if (db_begin(db, err) < 0)
		return -ERR_IO;
	if (training_answer_insert(db, &a, err) < 0 || answer_audit(r, &a, err) < 0) {
		db_rollback(db);
		return -ERR_IO;
	}
	if (db_commit(db, err) < 0)
		return -ERR_IO;
	out->traveller = a.traveller;
	out->of = r->sc.n_travellers;
	out->correct = a.correct;
	out->missed_hit = a.missed_hit;
	out->wrong_refusal = a.wrong_refusal;
	memcpy(out->expected, a.expected, sizeof(out->expected));
	memcpy(out->expected_ground, a.expected_ground, sizeof(out->expected_ground));
	memcpy(out->given, a.given, sizeof(out->given));
	memcpy(out->given_ground, a.given_ground, sizeof(out->given_ground));
	out->reason = t->reason;
	out->teach = t->teach;
	out->ms = a.ms;
	r->current++;
	r->clock_running = 0;
	out->last = r->current >= r->sc.n_travellers;
	return 0;
}

int training_end(struct training_run **rp, int64_t *run_id, struct error *err)
{
	if (run_id)
		*run_id = 0;
	if (!rp || !*rp)
		return 0;
	struct training_run *r = *rp;
	*rp = NULL;
	if (run_id)
		*run_id = r->id;
	int finished = r->current >= r->sc.n_travellers;
	struct error local;
	shift_end(&r->run, &r->trainee, finished ? "logout" : "interrupted", &local);
	app_close(&r->run);
	remove_db_files(r->path);
	char now[32], detail[128], id[32];
	clock_utc_iso(now, sizeof(now));
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(detail, sizeof(detail), "scenario %s, %d of %d answered", r->sc.id, r->current,
		 r->sc.n_travellers);
	struct audit_event ev = { .action = "training.end",
				  .object_type = "training_run",
				  .object_id = id,
				  .outcome = finished ? "finished" : "abandoned",
				  .detail = detail };
	struct audit_actor who;
	app_actor(r->trainers, &r->trainer, &who);
	struct db *db = r->trainers->db;
	int rc = db_begin(db, err);
	if (rc == 0 && (training_run_end(db, r->id, ev.outcome, now, err) < 0 ||
			audit_append(db, &who, &ev, err) < 0)) {
		db_rollback(db);
		rc = -ERR_IO;
	} else if (rc == 0) {
		rc = db_commit(db, err);
	}
	run_free(r);
	return rc;
}
