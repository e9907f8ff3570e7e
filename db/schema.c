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

	{ 4, "shifts, crossings with their decisions, referral cases, refusal reasons",
	  "CREATE TABLE shifts ("
	  "  id           INTEGER PRIMARY KEY,"
	  "  officer_id   INTEGER NOT NULL REFERENCES officers(id),"
	  "  officer      TEXT NOT NULL,"
	  "  direction    TEXT NOT NULL CHECK (direction IN ('entry','exit')),"
	  "  lane         TEXT NOT NULL,"
	  "  channel      TEXT NOT NULL DEFAULT 'terminal'" /* the booth, or a script */
	  "               CHECK (channel IN ('terminal','cli')),"
	  "  opened_at    TEXT NOT NULL,"
	  "  closed_at    TEXT,"
	  "  close_reason TEXT,"
	  "  head_seq     INTEGER," /* the audit chain head when the shift closed */
	  "  head_hash    TEXT"
	  ");"
	  "CREATE INDEX shifts_officer ON shifts(officer_id, closed_at);"
	  "CREATE INDEX shifts_opened ON shifts(opened_at);"
	  /* a shift is closed once; what it recorded is never rewritten */
	  "CREATE TRIGGER shifts_close_once BEFORE UPDATE ON shifts"
	  " WHEN OLD.closed_at IS NOT NULL"
	  " BEGIN SELECT RAISE(ABORT, 'a closed shift is never changed'); END;"
	  "CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts"
	  " BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;"

	  /* One row per traveller decided: the document as read, the verdict the officer
	   * saw, the decision and who authorised an override. Append-only: a supervisor
	   * adds a resolution to a case, never edits the decision. */
	  "CREATE TABLE crossings ("
	  "  id              INTEGER PRIMARY KEY,"
	  "  shift_id        INTEGER NOT NULL REFERENCES shifts(id),"
	  "  officer         TEXT NOT NULL,"
	  "  direction       TEXT NOT NULL CHECK (direction IN ('entry','exit')),"
	  "  lane            TEXT NOT NULL,"
	  "  decided_at      TEXT NOT NULL,"
	  "  elapsed_ms      INTEGER NOT NULL CHECK (elapsed_ms >= 0),"
	  "  decision        TEXT NOT NULL CHECK (decision IN ('admit','refuse','refer')),"
	  "  reason_code     TEXT NOT NULL DEFAULT '',"
	  "  reason_text     TEXT NOT NULL DEFAULT '',"
	  "  verdict         TEXT NOT NULL CHECK (verdict IN ('clear','check','hit')),"
	  "  override_by     TEXT,"
	  "  override_reason TEXT,"
	  "  doc_key         TEXT NOT NULL," /* issuer + normalised number: the history key */
	  "  doc_format      TEXT NOT NULL,"
	  "  doc_code        TEXT NOT NULL,"
	  "  issuer          TEXT NOT NULL,"
	  "  number          TEXT NOT NULL,"
	  "  surname         TEXT NOT NULL,"
	  "  given_names     TEXT NOT NULL,"
	  "  nationality     TEXT NOT NULL,"
	  "  birth           TEXT NOT NULL,"
	  "  sex             TEXT NOT NULL,"
	  "  expiry          TEXT NOT NULL,"
	  "  source          TEXT NOT NULL,"
	  "  mrz             TEXT NOT NULL,"
	  "  checks_failed   TEXT NOT NULL DEFAULT ''" /* machine names, comma-separated */
	  ");"
	  "CREATE INDEX crossings_doc ON crossings(doc_key, decided_at);"
	  "CREATE INDEX crossings_shift ON crossings(shift_id);"
	  "CREATE TRIGGER crossings_no_update BEFORE UPDATE ON crossings"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never edited'); END;"
	  "CREATE TRIGGER crossings_no_delete BEFORE DELETE ON crossings"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;"

	  /* the matches the officer was shown, as shown (the list may change later) */
	  "CREATE TABLE crossing_hits ("
	  "  crossing_id  INTEGER NOT NULL REFERENCES crossings(id),"
	  "  rank         INTEGER NOT NULL,"
	  "  entry_id     INTEGER NOT NULL,"
	  "  source_code  TEXT NOT NULL,"
	  "  ref          TEXT NOT NULL,"
	  "  band         TEXT NOT NULL,"
	  "  score        INTEGER NOT NULL,"
	  "  action       TEXT NOT NULL,"
	  "  listed_name  TEXT NOT NULL,"
	  "  explanation  TEXT NOT NULL,"
	  "  PRIMARY KEY (crossing_id, rank)"
	  ") WITHOUT ROWID;"
	  /* the watchlist versions in force when the decision was made */
	  "CREATE TABLE crossing_lists ("
	  "  crossing_id INTEGER NOT NULL REFERENCES crossings(id),"
	  "  source_code TEXT NOT NULL,"
	  "  version     TEXT NOT NULL,"
	  "  updated_at  TEXT NOT NULL,"
	  "  PRIMARY KEY (crossing_id, source_code)"
	  ") WITHOUT ROWID;"
	  "CREATE TRIGGER crossing_hits_no_update BEFORE UPDATE ON crossing_hits"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never edited'); END;"
	  "CREATE TRIGGER crossing_hits_no_delete BEFORE DELETE ON crossing_hits"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;"
	  "CREATE TRIGGER crossing_lists_no_update BEFORE UPDATE ON crossing_lists"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never edited'); END;"
	  "CREATE TRIGGER crossing_lists_no_delete BEFORE DELETE ON crossing_lists"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;"

	  /* A referral, or an override for the supervisor to review. Resolved once. */
	  "CREATE TABLE cases ("
	  "  id                INTEGER PRIMARY KEY,"
	  "  crossing_id       INTEGER NOT NULL UNIQUE REFERENCES crossings(id),"
	  "  kind              TEXT NOT NULL CHECK (kind IN ('referral','override')),"
	  "  opened_at         TEXT NOT NULL,"
	  "  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),"
	  "  resolution        TEXT CHECK (resolution IN ('admit','refuse')),"
	  "  resolution_code   TEXT,"
	  "  resolution_reason TEXT,"
	  "  resolved_by       TEXT,"
	  "  resolved_at       TEXT"
	  ");"
	  "CREATE INDEX cases_open ON cases(status, opened_at);"
	  "CREATE TRIGGER cases_resolve_once BEFORE UPDATE ON cases"
	  " WHEN OLD.status = 'closed' OR NEW.crossing_id IS NOT OLD.crossing_id"
	  "   OR NEW.kind IS NOT OLD.kind OR NEW.opened_at IS NOT OLD.opened_at"
	  " BEGIN SELECT RAISE(ABORT, 'a resolved case is never changed'); END;"
	  "CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases"
	  " BEGIN SELECT RAISE(ABORT, 'cases are never deleted'); END;"
	  "CREATE TABLE case_notes ("
	  "  id      INTEGER PRIMARY KEY,"
	  "  case_id INTEGER NOT NULL REFERENCES cases(id),"
	  "  officer TEXT NOT NULL,"
	  "  at      TEXT NOT NULL,"
	  "  text    TEXT NOT NULL CHECK (length(text) > 0)"
	  ");"
	  "CREATE INDEX case_notes_case ON case_notes(case_id);"
	  "CREATE TRIGGER case_notes_no_update BEFORE UPDATE ON case_notes"
	  " BEGIN SELECT RAISE(ABORT, 'notes are never edited'); END;"
	  "CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes"
	  " BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;"

	  /* Refusal grounds offered to the officer: national policy, so a table the
	   * administrator (and later HQ's sync) keeps, not a config line. Retired codes
	   * stay, since old decisions name them. */
	  "CREATE TABLE refusal_reasons ("
	  "  code    TEXT PRIMARY KEY,"
	  "  label   TEXT NOT NULL,"
	  "  active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	  "  ordinal INTEGER NOT NULL"
	  ") WITHOUT ROWID;"
	  /* the Schengen Borders Code Annex V Part B grounds, as a start */
	  "INSERT INTO refusal_reasons(code, label, ordinal) VALUES"
	  " ('A', 'no valid travel document', 1),"
	  " ('B', 'false, counterfeit or forged travel document', 2),"
	  " ('C', 'no valid visa or residence permit', 3),"
	  " ('D', 'false, counterfeit or forged visa or residence permit', 4),"
	  " ('E', 'no documents justifying the purpose and conditions of stay', 5),"
	  " ('F', 'already stayed the maximum period allowed', 6),"
	  " ('G', 'not enough means of subsistence', 7),"
	  " ('H', 'alert for refusal of entry in a watchlist', 8),"
	  " ('I', 'threat to public policy, internal security or public health', 9);"
	  "PRAGMA user_version = 4;" },

	{ 5, "the CSCA trust store and the chip result of a crossing",
	  /* Trust anchors for Passive Authentication (ICAO 9303-11 5.1), each with where it
	   * came from: a file, or a master list and who signed it. Identified by the
	   * SHA-256 of the DER, so the same certificate from two lists is stored once. */
	  "CREATE TABLE csca_certs ("
	  "  id         INTEGER PRIMARY KEY,"
	  "  der        BLOB NOT NULL,"
	  "  sha256     TEXT UNIQUE NOT NULL,"
	  "  subject    TEXT NOT NULL,"
	  "  issuer     TEXT NOT NULL,"
	  "  country    TEXT NOT NULL DEFAULT ''," /* the C of the subject */
	  "  serial     TEXT NOT NULL,"
	  "  not_before TEXT NOT NULL,"
	  "  not_after  TEXT NOT NULL,"
	  "  source     TEXT NOT NULL,"
	  "  added_at   TEXT NOT NULL,"
	  "  added_by   TEXT NOT NULL"
	  ");"
	  "CREATE INDEX csca_certs_country ON csca_certs(country);"
	  "CREATE TABLE csca_crls ("
	  "  id          INTEGER PRIMARY KEY,"
	  "  der         BLOB NOT NULL,"
	  "  sha256      TEXT UNIQUE NOT NULL,"
	  "  issuer      TEXT NOT NULL,"
	  "  this_update TEXT NOT NULL,"
	  "  next_update TEXT,"
	  "  source      TEXT NOT NULL,"
	  "  added_at    TEXT NOT NULL,"
	  "  added_by    TEXT NOT NULL"
	  ");"
	  /* What the chip said when the officer decided: NULL when no chip was read. Adding
	   * columns is not an UPDATE, so the append-only triggers stay as they are. */
	  "ALTER TABLE crossings ADD COLUMN chip_verdict TEXT;"
	  "ALTER TABLE crossings ADD COLUMN chip_detail TEXT;"
	  "PRAGMA user_version = 5;" },

	{ 6, "audit rows found by their object",
	  /* a case's trail is every row about the case or its crossing: without this, each
	   * case screen read the whole chain, which grows by thousands of rows a shift */
	  "CREATE INDEX audit_object ON audit(object_type, object_id);"
	  "PRAGMA user_version = 6;" },

	{ 7, "barcode signer certificates and the barcodes of a crossing",
	  /* Digital seals (ICAO 9303-13) name their signer by identifier and certificate
	   * serial instead of carrying the certificate: the administrator imports them. They
	   * are checked against csca_certs at every use and never become anchors. */
	  "CREATE TABLE seal_signers ("
	  "  id         INTEGER PRIMARY KEY,"
	  "  der        BLOB NOT NULL,"
	  "  sha256     TEXT UNIQUE NOT NULL,"
	  "  subject    TEXT NOT NULL,"
	  "  issuer     TEXT NOT NULL,"
	  "  country    TEXT NOT NULL DEFAULT '',"
	  "  serial     TEXT NOT NULL,"
	  "  not_before TEXT NOT NULL,"
	  "  not_after  TEXT NOT NULL,"
	  "  source     TEXT NOT NULL,"
	  "  added_at   TEXT NOT NULL,"
	  "  added_by   TEXT NOT NULL"
	  ");"
	  /* Every barcode read for the traveller, as the officer saw it when deciding: the
	   * payload as it came, what it was, its signature's verdict and the fields where
	   * it disagreed with the document. Append-only, like the crossing. */
	  "CREATE TABLE crossing_barcodes ("
	  "  crossing_id INTEGER NOT NULL REFERENCES crossings(id),"
	  "  seq         INTEGER NOT NULL,"
	  "  symbology   TEXT NOT NULL,"
	  "  kind        TEXT NOT NULL,"
	  "  type        TEXT NOT NULL,"
	  "  verdict     TEXT NOT NULL,"
	  "  differs     TEXT NOT NULL,"
	  "  detail      TEXT NOT NULL,"
	  "  payload     BLOB NOT NULL,"
	  "  PRIMARY KEY (crossing_id, seq)"
	  ") WITHOUT ROWID;"
	  "CREATE TRIGGER crossing_barcodes_no_update BEFORE UPDATE ON crossing_barcodes"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never edited'); END;"
	  "CREATE TRIGGER crossing_barcodes_no_delete BEFORE DELETE ON crossing_barcodes"
	  " BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;"
	  "PRAGMA user_version = 7;" },

	{ 8, "sync keys, sync positions and the outbox",
	  /* Ed25519 keys for signed bundles (app/bundle.h): this database's own pair (the
	   * private half only here), the authority's public key, and at headquarters the
	   * workstations' public keys. Never deleted and never edited: a key is retired
	   * ('replaced' by a successor it vouched for, or 'revoked'), and a retired key's
	   * private half is erased. At most one active key for 'workstation' and for
	   * 'authority', and one per workstation name for 'peer'. */
	  "CREATE TABLE sync_keys ("
	  "  id          INTEGER PRIMARY KEY,"
	  "  role        TEXT NOT NULL CHECK (role IN ('workstation','authority','peer')),"
	  "  name        TEXT NOT NULL,"
	  "  key_id      TEXT NOT NULL UNIQUE CHECK (length(key_id) = 16),"
	  "  public      BLOB NOT NULL CHECK (length(public) = 32),"
	  "  private     BLOB CHECK (private IS NULL OR"
	  "              (role = 'workstation' AND length(private) = 32)),"
	  "  training    INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0,1)),"
	  "  status      TEXT NOT NULL DEFAULT 'active'"
	  "              CHECK (status IN ('active','replaced','revoked')),"
	  "  added_at    TEXT NOT NULL,"
	  "  added_by    TEXT NOT NULL,"
	  "  replaced_by TEXT CHECK (replaced_by IS NULL OR status = 'replaced')"
	  ");"
	  "CREATE UNIQUE INDEX sync_keys_one_active ON sync_keys(role)"
	  " WHERE status = 'active' AND role IN ('workstation','authority');"
	  "CREATE UNIQUE INDEX sync_keys_one_active_peer ON sync_keys(name)"
	  " WHERE status = 'active' AND role = 'peer';"
	  "CREATE TRIGGER sync_keys_material BEFORE UPDATE ON sync_keys"
	  " WHEN NEW.role IS NOT OLD.role OR NEW.name IS NOT OLD.name"
	  "   OR NEW.key_id IS NOT OLD.key_id OR NEW.public IS NOT OLD.public"
	  "   OR NEW.training IS NOT OLD.training OR NEW.added_at IS NOT OLD.added_at"
	  "   OR NEW.added_by IS NOT OLD.added_by"
	  "   OR (NEW.private IS NOT OLD.private AND NEW.private IS NOT NULL)"
	  " BEGIN SELECT RAISE(ABORT, 'a sync key never changes; retire it instead'); END;"
	  "CREATE TRIGGER sync_keys_retire_once BEFORE UPDATE ON sync_keys"
	  " WHEN OLD.status <> 'active' AND (NEW.status IS NOT OLD.status"
	  "   OR NEW.replaced_by IS NOT OLD.replaced_by)"
	  " BEGIN SELECT RAISE(ABORT, 'a retired sync key stays retired'); END;"
	  "CREATE TRIGGER sync_keys_no_delete BEFORE DELETE ON sync_keys"
	  " BEGIN SELECT RAISE(ABORT, 'sync keys are never deleted'); END;"
	  /* Where this database is in each stream it receives: the last sequence applied of
	   * each kind of bundle from each origin. Kept by app/sync.c. */
	  "CREATE TABLE sync_state ("
	  "  kind       TEXT NOT NULL,"
	  "  origin     TEXT NOT NULL,"
	  "  seq        INTEGER NOT NULL,"
	  "  applied_at TEXT NOT NULL,"
	  "  PRIMARY KEY (kind, origin)"
	  ") WITHOUT ROWID;"
	  /* Bundles made here and kept until headquarters acknowledges them. */
	  "CREATE TABLE sync_outbox ("
	  "  name       TEXT PRIMARY KEY,"
	  "  seq_from   INTEGER NOT NULL,"
	  "  seq_to     INTEGER NOT NULL,"
	  "  size       INTEGER NOT NULL,"
	  "  created_at TEXT NOT NULL,"
	  "  acked_at   TEXT"
	  ");"
	  "PRAGMA user_version = 8;" },
};

const int db_migration_count = sizeof(db_migrations) / sizeof(db_migrations[0]);
