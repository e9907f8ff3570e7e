#include "app/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app/secret.h"
#include "scanners/mrz.h"
#include "i18n/i18n.h"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init,
	  "init --post NAME --workstation ID [--admin NAME]\n"
	  "  [--admin-name TEXT] [--admin-password-file F] [--admin-lang LANG]\n"
	  "init --demo",
	  N_("create this workstation's database"),
	  N_("Creates a new database with its first administrator. The password is asked "
	     "twice on the terminal, or read from the first line of --admin-password-file "
	     "(\"-\" for standard input). --demo creates the demo database instead, with one "
	     "account per role (password \"demo\") and fictional watchlist entries.") },
	{ "user", cmd_user,
	  "user add NAME --role ROLE [--full-name TEXT] [--lang LANG]\n"
	  "  [--new-password-file F]\n"
	  "user list\n"
	  "user lock NAME\n"
	  "user unlock NAME\n"
	  "user passwd NAME [--new-password-file F]",
	  N_("manage officer accounts (administrators)"),
	  N_("Roles: officer, supervisor, trainer, admin. The acting officer is named with "
	     "--as NAME; the password is asked on the terminal or read from --password-file. "
	     "Every subcommand needs an administrator, except 'passwd' on your own account, "
	     "which any officer may use to change their password; on another account "
	     "'passwd' resets theirs. An account locks after the configured number of failed "
	     "logins; 'unlock' opens it again.") },
	{ "audit", cmd_audit, "audit verify\naudit export [--since DATE] [--output FILE]",
	  N_("verify or export the audit trail"),
	  N_("'verify' walks the hash chain and exits 0 when it is intact, 1 when a row was "
	     "changed, deleted or reordered, naming the first bad row. 'export' writes rows as "
	     "CSV (RFC 4180) and needs a supervisor or administrator (--as NAME); DATE is "
	     "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, in UTC.") },
	{ "mrz", cmd_mrz, "mrz [--json] < LINES",
	  N_("read MRZs from standard input and check them"),
	  N_("Reads one or more machine-readable zones (2 or 3 lines each, documents separated "
	     "by a blank line) from standard input and prints each document's fields and "
	     "every check: check digits with the expected digit, dates, country codes, and "
	     "OCR corrections to confirm. --json prints the same as JSON. Exit status: 0 all "
	     "valid, 1 a check failed, 2 a text that is not an MRZ.") },
	{ "import", cmd_import,
	  "import un-sc FILE.xml\nimport csv FILE --source CODE\nimport sltd FILE\n"
	  "import paxlst FILE",
	  N_("import a new version of a watchlist (administrators), or a carrier's passenger "
	     "manifest"),
	  N_("Imports the UN Security Council Consolidated List (XML), a national list in the "
	     "CSV layout of docs/import-formats.md, or a lost and stolen documents list. A new "
	     "version updates changed entries, adds new ones and retires those it no longer "
	     "lists (retired entries stay for the audit history). A malformed file is refused "
	     "with the line or element and the reason, and the store is left untouched. Needs "
	     "an administrator (--as NAME).") },
	{ "screen", cmd_screen,
	  "screen [--json] < MRZ\nscreen [--json] --surname S [--given G] [--dob YYYY-MM-DD|YYYY]\n"
	  "  [--nationality ISO3] [--sex M|F|X] [--doc NUMBER] [--doc-state ISO3]",
	  N_("screen a traveller against the watchlists"),
	  N_("Finds every watchlist entry that may be this person or this document and prints "
	     "each with its score (0-100), band (HIT from 85, POSSIBLE from 65) and the reasons. "
	     "The traveller comes as an MRZ on standard input or as options. Needs an officer or "
	     "supervisor (--as NAME); every query is audited. Exit status 1 when anything is at "
	     "HIT level.") },
	{ "decide", cmd_decide,
	  "decide --direction entry|exit [--lane L] --admit|--refuse CODE|--refer REASON\n"
	  "  [--override REASON --supervisor NAME --supervisor-password-file F] < MRZ",
	  N_("decide travellers from a script (back-entry of paper records)"),
	  N_("Opens a shift for the acting officer (--as NAME), then screens every document on "
	     "standard input (MRZs separated by blank lines) and records the same decision for "
	     "each, exactly as at the booth: a refusal needs a ground from 'shekara reasons', a "
	     "referral a reason, and admitting a HIT an override reason and another "
	     "supervisor's name and password. Prints 'saved crossing N' once each decision is "
	     "on disk; a script never ends a shift the officer has open at the booth. Exit "
	     "status, the worst over the documents: 0 all saved, 1 a wrong supervisor "
	     "password, 2 a text that is not an MRZ or a decision without what it needs, 4 "
	     "not allowed.") },
	{ "reasons", cmd_reasons, "reasons [list]\nreasons add CODE LABEL\nreasons retire CODE",
	  N_("list or keep the refusal grounds"),
	  N_("Lists the refusal grounds officers choose from (the Schengen Borders Code grounds "
	     "A-I to begin with). Administrators (--as NAME) add a national ground or retire "
	     "one; retired grounds stay for the decisions that name them. Audited.") },
	{ "report", cmd_report, "report shift [--shift ID|--date YYYY-MM-DD] [--csv]",
	  N_("print a shift report"),
	  N_("Prints the report of one shift (--shift ID) or of the shifts opened on a day "
	     "(--date, in UTC): travellers by direction, decisions, hits, refusals by ground, "
	     "referrals, overrides with who authorised them, time per traveller and the audit "
	     "chain head, with a line to countersign. Without --shift or --date it is your "
	     "open shift, or else today's shifts. A supervisor sees every officer's shifts; an "
	     "officer only their own (--as NAME). --csv prints 'metric,key,value' rows (RFC "
	     "4180) instead.") },
	{ "chip", cmd_chip,
	  "chip read (--mrz-file F | --doc N --dob YYMMDD --expiry YYMMDD)\n"
	  "  [--reader NAME] [--wait SECONDS] [--json] [--photo OUT.jpg] [--short-reads]",
	  N_("read and authenticate an ePassport chip"),
	  N_("Opens the chip in the first reader holding a card (or --reader NAME, waiting up to "
	     "--wait seconds for one) with the key from the printed MRZ: a file with the MRZ "
	     "lines (--mrz-file, \"-\" for standard input), or the document number, birth date "
	     "and expiry as printed. Prints the files read with their sizes, the APDUs and the "
	     "time, what EF.CardAccess offers, every Passive Authentication step (SOD "
	     "signature, the Document Signer and the CSCA it chains to, each data group's "
	     "hash), active and chip authentication, the chip's MRZ (DG1) against the printed "
	     "one field by field, and the verdict. --photo writes the face image as found "
	     "(JPEG or JPEG 2000); --json prints the same as JSON; --short-reads ignores "
	     "extended length. Needs an officer or supervisor (--as NAME); every read is "
	     "audited. Exit status: 0 chip genuine, 1 any warning, 3 no reader, no card or a "
	     "failed read.") },
	{ "barcode", cmd_barcode, "barcode FILE... [--json] [--mrz-file F]",
	  N_("read the barcodes in images and check their signatures"),
	  N_("Decodes every barcode in each PNG or JPEG image (QR, DataMatrix, Code 128 and the "
	     "other linear codes) and says what each holds: an ICAO digital seal (VDS, on visa "
	     "stickers and residence permits), an ICAO VDS-NC (JSON in a QR code: e-visas, "
	     "health proofs), an IATA boarding pass (BCBP), or anything else as read. A seal's "
	     "signature is verified with its signer's certificate (carried in a VDS-NC; for a "
	     "VDS, imported with 'shekara csca import-signer') and that certificate against the "
	     "CSCA trust store. --mrz-file F compares what the barcodes say about their holder "
	     "with the document in F (\"-\" for standard input); --json prints everything as "
	     "JSON. Needs an officer or supervisor (--as NAME); every barcode read is audited. "
	     "Exit status: 0 every payload verified or carries no signature by its nature, 1 a "
	     "signature fails or is untrusted, or a seal is damaged, expired or disagrees with "
	     "--mrz-file, 2 nothing found, 3 a file that cannot be read or is not an image.") },
	{ "csca", cmd_csca,
	  "csca list [--json]\ncsca import FILE [--json]\ncsca signers [--json]\n"
	  "csca import-signer FILE [--json]\ncsca remove ID [--crl|--signer]",
	  N_("keep the CSCA trust store for chip authentication"),
	  N_("Chips are genuine only when their Document Signer chains to a country signing "
	     "CA (CSCA) in this store. 'import' reads PEM or DER certificates, CRLs and ICAO "
	     "CSCA master lists (.ml): a master list's signature must verify and its signer "
	     "must be certified by a CSCA in the list or already in the store, or nothing is "
	     "imported. Only CA certificates are kept; each remembers the file or master list "
	     "it came from; --json prints the list or the import's outcome as JSON. 'remove' "
	     "deletes a certificate, or a CRL with --crl, by the id "
	     "'list' shows. Digital seals (ICAO VDS) name their barcode signer by identifier "
	     "and serial instead of carrying its certificate: 'import-signer' keeps such "
	     "certificates (not CA certificates) apart from the anchors, 'signers' lists them "
	     "and 'remove --signer' deletes one; every seal check verifies them against the "
	     "CSCAs. Import and remove need an administrator (--as NAME) and are "
	     "audited.") },
	{ "keys", cmd_keys,
	  "keys [show] [--json]\nkeys list [--json]\nkeys export-public FILE\n"
	  "keys install-authority FILE\nkeys replace-authority FILE\nkeys add-peer FILE\n"
	  "keys revoke KEY-ID\nkeys sign-rollover NEWFILE --out FILE",
	  N_("keep the keys that sign and check sync bundles"),
	  N_("Sync bundles are signed with Ed25519 keys. 'show' (the default) prints this "
	     "database's own key id and public key, and creates the key the first time, which "
	     "needs an administrator (--as NAME); showing needs no account. 'export-public' "
	     "writes the public key as a small text file (\"-\" for standard output) for the "
	     "other side: 'install-authority' installs the authority's key on a workstation, "
	     "'add-peer' registers a workstation's key at headquarters (a newer key of the "
	     "same workstation replaces the older). A key file of the other realm (training "
	     "or live) is refused. A new authority key is accepted only by "
	     "'replace-authority', from a rollover file the authority made with "
	     "'sign-rollover' on its own database, vouched for by its current key; bundles "
	     "signed by a replaced or revoked key are refused from then on. 'revoke' retires "
	     "any key; revoking this database's own key erases its private half. 'list' shows "
	     "every key with its role, realm and status. Changes need an administrator and "
	     "are audited; the private key is never shown.") },
	{ "publish", cmd_publish, "publish DIR|URL [--expires DAYS] [--json]",
	  N_("publish the watchlist changes as a signed bundle (the authority)"),
	  N_("On the authority's database: turns every change to the watchlists since the last "
	     "publish into the next numbered bundle (a zstd-compressed SQLite changeset signed "
	     "with this database's key, see 'shekara keys'), and writes it with a fresh signed "
	     "manifest (latest version, expiry, every bundle with its size) into a directory "
	     "or, by HTTP PUT, to a URL that any web server serves. Nothing changed: only the "
	     "manifest is renewed. --expires sets the manifest's validity in days (7; 0 makes "
	     "one that has already expired, for tests). A publish stopped half way is finished "
	     "by the next one. Needs an administrator; audited.") },
	{ "sync", cmd_sync, "sync pull [DIR|URL] [--json]\nsync push [DIR|URL] [--json]",
	  N_("fetch the watchlists, send the records (a workstation)"),
	  N_("'pull' fetches the manifest from a directory (a USB stick) or an http(s) URL "
	     "(sync.url when none is given), then the bundles this workstation lacks, in "
	     "order: each is verified (the authority's key, the realm, the signature, its "
	     "hash, its place in the sequence) and applied in one transaction, with the match "
	     "keys rebuilt for the changed entries only. A bad signature, an unknown key, a "
	     "gap, an old bundle or manifest offered again, a truncated or corrupt file and an "
	     "expired manifest are refused with a message, audited, and change nothing: the "
	     "workstation goes on with the lists it has. Interrupted downloads resume where "
	     "they stopped. 'push' seals the crossings, cases, shifts and audit rows since the "
	     "last push into a signed records bundle carrying the audit chain head, keeps it in "
	     "the outbox beside the database, uploads every bundle not yet acknowledged (HTTP "
	     "PUT, idempotent by name, or a directory) and reads headquarters' acknowledgement "
	     "to release them. Needs an administrator; audited. Exit status: 0 done, 1 "
	     "refused, 3 the link or the directory failed (try again later).") },
	{ "ingest", cmd_ingest, "ingest DIR [--json]",
	  N_("merge workstations' records bundles (headquarters)"),
	  N_("Verifies every records bundle in DIR against the workstations' keys registered "
	     "with 'shekara keys add-peer', merges the ones that continue each workstation's "
	     "sequence into that workstation's replica beside this database (DB.d/ORIGIN.db), "
	     "checks that the replica's audit chain is intact and ends at the head the "
	     "workstation sent, and writes an acknowledgement per workstation into DIR for its "
	     "next push. A gap holds the later bundles back; a rewritten history is refused "
	     "and kept for investigation; every refusal is audited.") },
	{ "manifests", cmd_manifests, "manifests [list] [--json]\nmanifests show ID [--json]",
	  N_("see carriers' passenger manifests and their screening"),
	  N_("'import paxlst FILE' reads a UN/EDIFACT PAXLST manifest (advance passenger "
	     "information: D:02B or D:05B, passenger or crew lists, any separators announced by "
	     "UNA) and screens every traveller against the watchlists at once; each later list "
	     "import or sync screens the manifests of the last 7 days again. Counts that do not "
	     "agree and unknown codes are warnings (with the segment number) and every readable "
	     "traveller is kept; a file that cannot be read is refused with the segment and the "
	     "reason. 'manifests' lists them, latest arrival first, with their hits; 'show ID' "
	     "lists a manifest's travellers, hits first (audited). Needs an officer, supervisor "
	     "or administrator (--as NAME). Exit status of the import: 0 no hit, 1 a traveller "
	     "is a HIT, 2 not a manifest.") },
	{ "scenario", cmd_scenario,
	  "scenario check FILE... [--format-only]\nscenario list\n"
	  "scenario results [--trainee NAME] [--run ID] [--csv]",
	  N_("check training scenarios, list them, see trainees' results"),
	  N_("'check' reads each scenario file (docs/scenarios.md) and prints every problem as "
	     "FILE:LINE: message; a sound file is then rehearsed in a temporary database: "
	     "every traveller is screened as in a run (chip and barcode included) and what "
	     "the workstation shows is compared with the traveller's 'shows'. Exit status: 0 "
	     "sound, 1 a traveller shows something else, 2 problems in the file. "
	     "--format-only skips the rehearsal. 'list' shows the scenarios a trainer can "
	     "choose from (training.scenarios). 'results' lists the training runs, newest "
	     "first, of one trainee or of all, one run with its answers (--run), or every "
	     "answer as CSV (--csv, RFC 4180); it needs a trainer (--as NAME) on the training "
	     "database (--training); exporting is audited.") },
	{ "config", cmd_config, "config [show]", N_("show the settings in force"),
	  N_("Prints the settings file that was read, then every setting as "
	     "'section.key = value'. Each can be set in that file or with the flag shown by "
	     "'shekara --help'.") },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cli_exit_code(const struct error *err)
{
	return err->code >= ERR_FINDING && err->code <= ERR_DENIED ? (int)err->code : ERR_IO;
}

int cli_fail(const struct error *err)
{
	fprintf(stderr, "shekara: %s\n", err->msg[0] ? err->msg : _("failed"));
	return cli_exit_code(err);
}

int cli_option(const char *name, int argc, char **argv, int *i, const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		(*i)++;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[*i + 1];
	*i += 2;
	return 1;
}

int cli_global_option(struct cli *cli, int argc, char **argv, int *i, struct error *err)
{
	const char *v, *arg = argv[*i];
	int m;
	for (size_t k = 0; k < config_key_count; k++) {
		m = cli_option(config_keys[k].flag, argc, argv, i, &v);
		if (m < 0)
			return error_set(err, ERR_USAGE, _("option '%s' needs a value"), arg);
		if (m > 0)
			return config_set(&cli->cfg, config_keys[k].name, v, err) < 0 ? -ERR_USAGE
										      : 1;
	}
	if (strcmp(arg, "--training") == 0) {
		cli->cfg.training = 1;
		(*i)++;
		return 1;
	}
	static const char *const names[] = { "--config", "--as", "--password-file" };
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		m = cli_option(names[k], argc, argv, i, &v);
		if (m < 0)
			return error_set(err, ERR_USAGE, _("option '%s' needs a value"), arg);
		if (m == 0)
			continue;
		if (k == 1)
			cli->as_user = v;
		else if (k == 2)
			cli->password_file = v;
		return 1; /* --config was read before anything else */
	}
	return 0;
}

int cli_parse(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
	      const char **pos, int maxpos, int *npos,
	      int (*own)(void *ctx, int argc, char **argv, int *i), void *ctx, struct error *err)
{
	*npos = 0;
	for (int i = 1; i < argc;) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_print_command_help(cmd);
			return 1;
		}
		if (arg[0] == '-' && arg[1] != '\0') {
			int m = own ? own(ctx, argc, argv, &i) : 0;
			if (m < 0)
				return error_set(err, ERR_USAGE, _("option '%s' needs a value"),
						 arg);
			if (m > 0)
				continue;
			m = cli_global_option(cli, argc, argv, &i, err);
			if (m < 0)
				return -ERR_USAGE;
			if (m > 0)
				continue;
			return error_set(err, ERR_USAGE,
					 _("unknown option '%s'; see 'shekara %s --help'"), arg,
					 cmd->name);
		}
		if (*npos >= maxpos)
			return error_set(err, ERR_USAGE,
					 _("unexpected argument '%s'; see 'shekara %s --help'"),
					 arg, cmd->name);
		pos[(*npos)++] = arg;
		i++;
	}
	return 0;
}

int cli_open_as(struct cli *cli, struct app *app, struct session *s, struct error *err)
{
	if (!cli->as_user)
		return error_set(err, ERR_USAGE,
				 _("this command needs an authorised officer: add --as NAME"));
	char password[SECRET_MAX];
	int rc = cli->password_file
			 ? secret_read_file(cli->password_file, password, sizeof(password), err)
			 : secret_prompt(_("Password: "), password, sizeof(password), err);
	if (rc < 0)
		return rc;
	rc = app_open(app, &cli->cfg, err);
	if (rc == 0) {
		rc = session_login(app, cli->as_user, password, "cli", s, err);
		if (rc < 0)
			app_close(app);
	}
	secret_wipe(password, sizeof(password));
	return rc;
}

void cli_print_json(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cli_json_opt_parse(void *ctx, int argc, char **argv, int *i)
{
	struct cli_json_opt *o = ctx;
	if (strcmp(argv[*i], "--json") == 0) {
		o->json = 1;
		(*i)++;
		return 1;
	}
	return cli_option(o->name, argc, argv, i, &o->value);
}

int cli_read_mrz(const char *path, struct document *doc, struct error *err)
{
	/* a few MRZ lines; anything much longer is not one */
	enum { MRZ_FILE_MAX = 4096 };
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot read '%s': %s"), path, strerror(errno));
	char text[MRZ_FILE_MAX + 1];
	size_t n = fread(text, 1, sizeof(text), f);
	if (f != stdin)
		fclose(f);
	if (n > MRZ_FILE_MAX)
		return error_set(err, ERR_USAGE, _("'%s' is too long for an MRZ"), path);
	if (mrz_parse(text, n, time(NULL), doc, err) < 0)
		return -ERR_USAGE;
	doc->source = SRC_STDIN;
	return 0;
}

int cli_new_password(const char *file, char *buf, size_t len, struct error *err)
{
	if (file)
		return secret_read_file(file, buf, len, err);
	return secret_prompt_twice(_("New password: "), _("Repeat the new password: "), buf, len,
				   err);
}

/* Prints text word-wrapped to 79 columns, continuation lines indented by indent;
 * the first line starts at column start. Widths count characters, not bytes, so
 * Cyrillic help wraps where English does. */
static void wrap(const char *text, int start, int indent)
{
	enum { WIDTH = 79 };
	int col = start;
	const char *p = text;
	while (*p) {
		const char *w = p;
		int chars = 0;
		while (*w && *w != ' ' && *w != '\n') {
			chars += ((unsigned char)*w & 0xC0) != 0x80;
			w++;
		}
		if (col > indent && col + 1 + chars > WIDTH) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent || (col > start && col == indent)) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, (size_t)(w - p), stdout);
		col += chars;
		p = w;
		while (*p == ' ')
			p++;
		if (*p == '\n') {
			printf("\n%*s", indent, "");
			col = indent;
			p++;
		}
	}
	putchar('\n');
}

static void option_line(const char *left, const char *help)
{
	printf("  %-26s ", left);
	wrap(help, 29, 29);
}

void cli_print_command_help(const struct cli_command *cmd)
{
	/* one usage form a line; a line starting with spaces continues the one before */
	printf("%s\n", _("Usage:"));
	for (const char *u = cmd->usage; *u;) {
		const char *nl = strchr(u, '\n');
		int len = nl ? (int)(nl - u) : (int)strlen(u);
		if (*u == ' ')
			printf("          %.*s\n", len, u);
		else
			printf("  shekara [OPTIONS] %.*s\n", len, u);
		u += len + (nl ? 1 : 0);
	}
	putchar('\n');
	wrap(_(cmd->help), 0, 0);
	printf(_("\nGlobal options are accepted too; see 'shekara --help'.\n"));
}

void cli_print_help(const struct cli *cli)
{
	(void)cli;
	printf(_("Usage: shekara [OPTIONS]             start the terminal workstation\n"
		 "       shekara [OPTIONS] COMMAND ...  run an administrative command\n\n"));
	printf(_("Commands:\n"));
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		printf("  %-10s ", c->name);
		wrap(_(c->summary), 13, 13);
	}
	printf(_("\nOptions (each is also a setting in shekara.conf):\n"));
	for (size_t k = 0; k < config_key_count; k++) {
		char left[64], help[512];
		snprintf(left, sizeof(left), "%s %s", config_keys[k].flag, config_keys[k].arg);
		snprintf(help, sizeof(help), "%s [%s]", _(config_keys[k].help),
			 config_keys[k].name);
		option_line(left, help);
	}
	option_line("--training",
		    _("use the training database (training.database), never the live one"));
	option_line("--config FILE", _("read settings from FILE"));
	option_line("--as NAME", _("the officer running an administrative command"));
	option_line("--password-file F",
		    _("read that officer's password from F (\"-\": standard input)"));
	option_line("--help", _("show this help, or a command's with COMMAND --help"));
	option_line("--version", _("show the version"));
	putchar('\n');
	wrap(_("Exit status: 0 ok, 1 a finding (failed check or verification, wrong "
	       "password), 2 usage or unreadable input, 3 file, device or database error, "
	       "4 not allowed."),
	     0, 0);
	printf(_("See shekara(1) for more.\n"));
}
