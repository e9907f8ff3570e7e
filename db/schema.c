/* Numbered schema migrations (CONTRIBUTING.md "Adding a migration").
 *
 * Append only: a migration that has shipped is never edited, because workstations in
 * the field have already run it. Each one ends by setting user_version to its number;
 * db_open() runs the pending ones in a single transaction. */
#include "db/db_internal.h"

const struct db_migration db_migrations[] = {
	{ 1, "settings, officers and the audit chain",
	  "CREATE TABLE settings ("
	  "  key   TEXT PRIMARY KEY,"
	  "  value TEXT NOT NULL"
	  ") WITHOUT ROWID;"

	  "CREATE TABLE officers ("
	  "  id                  INTEGER PRIMARY KEY,"
	  "  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	  "  full_name           TEXT NOT NULL DEFAULT '',"
	  "  role                TEXT NOT NULL"
	  "                      CHECK (role IN ('officer','supervisor','trainer','admin')),"
	  "  language            TEXT NOT NULL DEFAULT 'en',"
	  "  password_hash       TEXT NOT NULL,"
	  "  failed_logins       INTEGER NOT NULL DEFAULT 0,"
	  "  locked              INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),"
	  "  created_at          TEXT NOT NULL,"
	  "  password_changed_at TEXT NOT NULL,"
	  "  last_login_at       TEXT"
	  ");"

	  /* seq is the monotonic counter: gapless, never reused, independent of the wall
	   * clock an officer could set back. The hash chains each row to the one before. */
	  "CREATE TABLE audit ("
	  "  seq         INTEGER PRIMARY KEY,"
	  "  ts_utc      TEXT NOT NULL,"
	  "  officer     TEXT NOT NULL,"
	  "  role        TEXT NOT NULL,"
	  "  post        TEXT NOT NULL,"
	  "  workstation TEXT NOT NULL,"
	  "  action      TEXT NOT NULL,"
	  "  object_type TEXT NOT NULL,"
	  "  object_id   TEXT NOT NULL,"
	  "  outcome     TEXT NOT NULL,"
	  "  detail      TEXT NOT NULL DEFAULT '',"
	  "  hash        BLOB NOT NULL CHECK (length(hash) = 32)"
	  ");"
	  "CREATE INDEX audit_ts ON audit(ts_utc);"
	  "CREATE INDEX audit_officer ON audit(officer, seq);"
	  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	  " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	  " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	  /* The head remembers the last row, so cutting rows off the end of the chain is
	   * noticed too; the sync issue sends the head to HQ, where it cannot be edited. */
	  "CREATE TABLE audit_head ("
	  "  id   INTEGER PRIMARY KEY CHECK (id = 1),"
	  "  seq  INTEGER NOT NULL,"
	  "  hash BLOB NOT NULL"
	  ");"
	  "CREATE TRIGGER audit_head_follow AFTER INSERT ON audit BEGIN"
	  " INSERT INTO audit_head(id, seq, hash) VALUES (1, NEW.seq, NEW.hash)"
	  " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;"
	  " END;"
	  "PRAGMA user_version = 1;" },

	{ 2, "watchlist sources and entries",
	  /* Only source rows live here; everything derived for matching is computed locally
	   * from them, so only these rows ever travel between machines. */
	  "CREATE TABLE wl_sources ("
	  "  id         INTEGER PRIMARY KEY,"
	  "  code       TEXT NOT NULL UNIQUE,"
	  "  kind       TEXT NOT NULL"
	  "             CHECK (kind IN ('national','lost_stolen','un_sc','custom')),"
	  "  name       TEXT NOT NULL,"
	  "  authority  TEXT NOT NULL,"
	  "  version    TEXT NOT NULL,"
	  "  updated_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE wl_entries ("
	  "  id        INTEGER PRIMARY KEY,"
	  "  source_id INTEGER NOT NULL REFERENCES wl_sources(id) ON DELETE CASCADE,"
	  "  ref       TEXT NOT NULL,"
	  "  subject   TEXT NOT NULL CHECK (subject IN ('person','document')),"
	  "  category  TEXT NOT NULL CHECK (category IN ('terrorism','sanctions','wanted',"
	  "            'lost_stolen','missing_person','other')),"
	  "  action    TEXT NOT NULL CHECK (action IN ('deny_entry','refer','notify','arrest')),"
	  "  listed_on TEXT,"
	  "  sex       TEXT CHECK (sex IN ('M','F','X')),"
	  "  remarks   TEXT NOT NULL DEFAULT '',"
	  "  UNIQUE (source_id, ref)"
	  ");"
	  "CREATE TABLE wl_names ("
	  "  id          INTEGER PRIMARY KEY,"
	  "  entry_id    INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  kind        TEXT NOT NULL CHECK (kind IN ('primary','alias','original_script')),"
	  "  quality     TEXT NOT NULL DEFAULT 'good' CHECK (quality IN ('good','low')),"
	  "  full_name   TEXT NOT NULL"
	  ");"
	  "CREATE INDEX wl_names_entry ON wl_names(entry_id);"
	  "CREATE TABLE wl_birth_dates ("
	  "  id        INTEGER PRIMARY KEY,"
	  "  entry_id  INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  precision TEXT NOT NULL CHECK (precision IN ('exact','year','range','approximate')),"
	  "  date      TEXT,"
	  "  year_from INTEGER,"
	  "  year_to   INTEGER"
	  ");"
	  "CREATE INDEX wl_birth_dates_entry ON wl_birth_dates(entry_id);"
	  "CREATE TABLE wl_nationalities ("
	  "  entry_id INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  country  TEXT NOT NULL,"
	  "  PRIMARY KEY (entry_id, country)"
	  ") WITHOUT ROWID;"
	  "CREATE TABLE wl_documents ("
	  "  id            INTEGER PRIMARY KEY,"
	  "  entry_id      INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  number        TEXT NOT NULL,"
	  "  issuing_state TEXT,"
	  "  doc_type      TEXT,"
	  "  note          TEXT NOT NULL DEFAULT ''"
	  ");"
	  "CREATE INDEX wl_documents_entry ON wl_documents(entry_id);"
	  "PRAGMA user_version = 2;" },

	{ 3, "watchlist updates, retirement and the local match index",
	  /* Entries are replaced by a newer import of their source, and retired (never
	   * deleted: the audit history may point at them) when it no longer lists them. */
	  "ALTER TABLE wl_entries ADD COLUMN seen_version TEXT;"
	  "ALTER TABLE wl_entries ADD COLUMN retired_at TEXT;"
	  "ALTER TABLE wl_entries ADD COLUMN content_hash TEXT;"
	  "CREATE INDEX wl_entries_active ON wl_entries(source_id, retired_at);"
	  /* Derived, computed on this machine from the rows above and never synced:
	   * name keys with a birth date as YYYYMMDD (YYYY0000 when only the year is
	   * known, 0 when nothing is) and normalised document numbers
	   * for candidate lookup, and how often each name token occurs. */
	  "CREATE TABLE wl_keys ("
	  "  key        TEXT NOT NULL,"
	  "  birth_year INTEGER NOT NULL,"
	  "  entry_id   INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  PRIMARY KEY (key, birth_year, entry_id)"
	  ") WITHOUT ROWID;"
	  "CREATE INDEX wl_keys_entry ON wl_keys(entry_id);"
	  "CREATE TABLE wl_doc_keys ("
	  "  number   TEXT NOT NULL,"
	  "  entry_id INTEGER NOT NULL REFERENCES wl_entries(id) ON DELETE CASCADE,"
	  "  PRIMARY KEY (number, entry_id)"
	  ") WITHOUT ROWID;"
	  "CREATE INDEX wl_doc_keys_entry ON wl_doc_keys(entry_id);"
	  "CREATE TABLE wl_token_freq ("
	  "  token TEXT PRIMARY KEY,"
	  "  n     INTEGER NOT NULL"
	  ") WITHOUT ROWID;"
	  /* kept by the database itself, so no path that adds or drops keys can forget */
	  "CREATE TRIGGER wl_keys_count AFTER INSERT ON wl_keys BEGIN"
	  " INSERT INTO wl_token_freq(token, n) VALUES (NEW.key, 1)"
	  " ON CONFLICT(token) DO UPDATE SET n = n + 1;"
	  " END;"
	  "CREATE TRIGGER wl_keys_uncount AFTER DELETE ON wl_keys BEGIN"
	  " UPDATE wl_token_freq SET n = n - 1 WHERE token = OLD.key;"
	  " END;"
	  "PRAGMA user_version = 3;" },
};

const int db_migration_count = sizeof(db_migrations) / sizeof(db_migrations[0]);
