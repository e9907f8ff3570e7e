/* shekara chip read: an ePassport chip read, authenticated and compared with the printed
 * MRZ; shekara csca: the trust store the chip is authenticated against. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <json-c/json.h>

#include "app/chip.h"
#include "app/cli.h"
#include "app/csca.h"
#include "i18n/i18n.h"
#include "scanners/mrz.h"

enum { WAIT_MAX_S = 600 };

struct chip_opts {
	const char *reader, *mrz_file, *doc, *dob, *expiry, *photo, *wait;
	int json, short_reads;
};

static int chip_option(void *ctx, int argc, char **argv, int *i)
{
	struct chip_opts *o = ctx;
	const char *flags[] = { "--json", "--short-reads" };
	int *slots[] = { &o->json, &o->short_reads };
	for (size_t k = 0; k < 2; k++)
		if (strcmp(argv[*i], flags[k]) == 0) {
			*slots[k] = 1;
			(*i)++;
			return 1;
		}
	const char *names[] = { "--reader", "--mrz-file", "--doc", "--dob",
				"--expiry", "--photo",    "--wait" };
	const char **values[] = { &o->reader, &o->mrz_file, &o->doc, &o->dob,
				  &o->expiry, &o->photo,    &o->wait };
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		int rc = cli_option(names[k], argc, argv, i, values[k]);
		if (rc)
			return rc;
	}
	return 0;
}

struct csca_opts {
	int json, crl, signer;
};

static int csca_option(void *ctx, int argc, char **argv, int *i)
{
	(void)argc;
	struct csca_opts *o = ctx;
	int *slot = strcmp(argv[*i], "--json") == 0     ? &o->json
		    : strcmp(argv[*i], "--crl") == 0    ? &o->crl
		    : strcmp(argv[*i], "--signer") == 0 ? &o->signer
							: NULL;
	if (!slot)
		return 0;
	*slot = 1;
	(*i)++;
	return 1;
}

/* "  label" padded to 18 columns, counted in columns (see cmd_mrz.c). */
static void label(const char *text)
{
	wchar_t wide[64];
	size_t n = mbstowcs(wide, text, 63);
	int width = n == (size_t)-1 ? (int)strlen(text) : wcswidth(wide, n);
	printf("  %s%*s ", text, width < 16 ? 16 - width : 0, "");
}

/* TRANSLATORS: the result of one authentication step */
static const char *step_text(enum chip_check c)
{
	return c == CHIP_PASSED ? _("ok") : c == CHIP_FAILED ? _("FAIL") : _("not performed");
}

static const char *face_format_name(int f)
{
	return f == 1 ? "jpeg" : f == 2 ? "jpeg2000" : "none";
}

/* ---- the printed document ---- */

/* A typed YYMMDD; the century only matters for showing it (DG1 is compared by the two
 * printed digits): birth dates are in the past, expiry dates in this century. */
static void date_of(const char *yymmdd, int birth, struct doc_date *d)
{
	int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	d->year = (birth && yy > tm.tm_year % 100 ? 1900 : 2000) + yy;
	d->month = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
	d->day = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
}

/* The key fields typed on the command line: the access key, and a document holding
 * what can be compared with DG1. */
static int key_document(const struct chip_opts *o, struct document *doc, char *info, size_t len,
			struct error *err)
{
	if (!o->doc || !o->dob || !o->expiry ||
	    chip_check_mrz_info(o->doc, o->dob, o->expiry, info, len) < 0)
		return error_set(err, ERR_USAGE,
				 _("give --doc NUMBER, --dob YYMMDD and --expiry YYMMDD as printed "
				   "in the MRZ (letters, digits and '<')"));
	memset(doc, 0, sizeof(*doc));
	/* the number is what precedes its check digit, without fillers */
	size_t n, width = strlen(info) - 15;
	for (n = 0; n < width && info[n] != '<' && n + 1 < sizeof(doc->number); n++)
		doc->number[n] = info[n];
	doc->number[n] = '\0';
	date_of(o->dob, 1, &doc->birth);
	date_of(o->expiry, 0, &doc->expiry);
	return 0;
}

/* ---- text output ---- */

static void print_read(const struct chip_result *c)
{
	label(_("reader"));
	printf("%s\n", c->reader);
	label(_("read"));
	int first = 1;
	for (int f = 0; f < CHIP_FILE_COUNT; f++)
		if (c->files[f].present) {
			printf("%s%s", first ? "" : " ", chip_file_name((enum chip_file_id)f));
			first = 0;
		}
	printf("\n");
	label("");
	printf(_("%d APDUs in %ld ms, %s\n"), c->apdus, c->ms,
	       c->extended_length ? _("extended length") : _("short reads"));
	/* TRANSLATORS: what EF.CardAccess says the chip supports, e.g. PACE */
	label(_("card access"));
	printf("%s\n", c->card_access[0] ? c->card_access : _("nothing offered (BAC only)"));
	for (int f = 0; f < CHIP_FILE_COUNT; f++) {
		const struct chip_file *cf = &c->files[f];
		if (!cf->present)
			continue;
		label(chip_file_name((enum chip_file_id)f));
		printf(_("%6zu bytes"), cf->len);
		if (cf->dg)
			printf(_("  hash %s"), step_text(cf->hash));
		if (f == CHIP_DG2 && c->face_len)
			printf(_("  face image %s, %zu bytes"),
			       c->face_format == 2 ? "JPEG 2000" : "JPEG", c->face_len);
		printf("\n");
	}
}

static void print_auth(const struct chip_result *c)
{
	printf("%s\n", _("Passive authentication"));
	label(_("SOD signature"));
	printf("%s\n", step_text(c->sod_signature));
	label(_("document signer"));
	printf("%s\n", c->ds_subject[0] ? c->ds_subject : "-");
	label(_("signer trusted"));
	if (c->ds_trusted == CHIP_PASSED)
		printf(_("%s by CSCA %s\n"), step_text(c->ds_trusted), c->csca_subject);
	else
		printf("%s\n", step_text(c->ds_trusted));
	label(_("DG hashes"));
	if (c->hash_mismatch[0])
		printf(_("%s: %s\n"), step_text(c->hashes), c->hash_mismatch);
	else
		printf("%s\n", step_text(c->hashes));
	label(_("active auth."));
	printf("%s\n", step_text(c->active_auth));
	label(_("chip auth."));
	printf("%s\n", step_text(c->chip_auth));
}

static void field_text(const struct document *d, enum chip_field f, char *buf, size_t len)
{
	char date[16];
	switch (f) {
	case CHIP_FIELD_DOC_CODE:
		snprintf(buf, len, "%s", d->doc_code);
		break;
	case CHIP_FIELD_ISSUER:
		snprintf(buf, len, "%s", d->issuer);
		break;
	case CHIP_FIELD_NUMBER:
		snprintf(buf, len, "%s", d->number);
		break;
	case CHIP_FIELD_SURNAME:
		snprintf(buf, len, "%s", d->surname);
		break;
	case CHIP_FIELD_GIVEN_NAMES:
		snprintf(buf, len, "%s", d->given_names);
		break;
	case CHIP_FIELD_NATIONALITY:
		snprintf(buf, len, "%s", d->nationality);
		break;
	case CHIP_FIELD_BIRTH:
	case CHIP_FIELD_EXPIRY:
		document_date_text(f == CHIP_FIELD_BIRTH ? &d->birth : &d->expiry, date);
		snprintf(buf, len, "%s", date);
		break;
	case CHIP_FIELD_SEX:
		snprintf(buf, len, "%c", d->sex ? d->sex : '-');
		break;
	default:
		snprintf(buf, len, "%s%s%s", d->optional1,
			 d->optional1[0] && d->optional2[0] ? " " : "", d->optional2);
		break;
	}
}

static void print_dg1(const struct chip_check_result *r, const struct document *printed)
{
	const struct chip_result *c = &r->chip;
	printf("%s\n", _("Chip MRZ (DG1) and the printed MRZ"));
	if (!c->has_dg1) {
		label("DG1");
		printf("%s\n", _("not read"));
		return;
	}
	char chip[160], paper[160];
	for (int f = 0; f < CHIP_FIELD_COUNT; f++) {
		enum chip_field cf = (enum chip_field)f;
		field_text(&c->dg1, cf, chip, sizeof(chip));
		label(chip_check_field_label(cf));
		if (!(r->compared & (1u << f))) {
			/* TRANSLATORS: a DG1 field not compared (not given on the command line) */
			printf(_("%s  (not compared)\n"), chip);
			continue;
		}
		if (!(r->differs & (1u << f))) {
			printf(_("%s  same\n"), chip);
			continue;
		}
		field_text(printed, cf, paper, sizeof(paper));
		/* TRANSLATORS: the chip's value, then the printed one */
		printf(_("%s  DIFFERS, printed: %s\n"), chip, paper);
	}
}

static void print_text(const struct chip_check_result *r, const struct document *printed)
{
	print_read(&r->chip);
	if (r->verdict != CHIP_REMOVED && r->verdict != CHIP_READ_FAILED &&
	    r->verdict != CHIP_ACCESS_DENIED) {
		print_auth(&r->chip);
		print_dg1(r, printed);
	}
	printf("%s\n", _("Verdict"));
	for (int i = 0; i < r->n_lines; i++)
		printf("  %s\n", r->lines[i]);
}

/* ---- JSON output (keys and values untranslated) ---- */

static json_object *doc_json(const struct document *d)
{
	json_object *o = json_object_new_object();
	char text[160];
	for (int f = 0; f < CHIP_FIELD_COUNT; f++) {
		field_text(d, (enum chip_field)f, text, sizeof(text));
		json_object_object_add(o, chip_check_field_name((enum chip_field)f),
				       json_object_new_string(text));
	}
	return o;
}

static json_object *field_list(unsigned mask)
{
	json_object *a = json_object_new_array();
	for (int f = 0; f < CHIP_FIELD_COUNT; f++)
		if (mask & (1u << f))
			json_object_array_add(a, json_object_new_string(chip_check_field_name(
							 (enum chip_field)f)));
	return a;
}

static void add_str(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, json_object_new_string(value));
}

static json_object *to_json(const struct chip_check_result *r, const struct document *printed,
			    const char *photo)
{
	const struct chip_result *c = &r->chip;
	json_object *o = json_object_new_object();
	add_str(o, "reader", c->reader);
	json_object_object_add(o, "apdus", json_object_new_int(c->apdus));
	json_object_object_add(o, "ms", json_object_new_int64(c->ms));
	json_object_object_add(o, "extended_length", json_object_new_boolean(c->extended_length));
	add_str(o, "card_access", c->card_access);
	json_object *files = json_object_new_array();
	for (int f = 0; f < CHIP_FILE_COUNT; f++) {
		const struct chip_file *cf = &c->files[f];
		if (!cf->present)
			continue;
		json_object *j = json_object_new_object();
		add_str(j, "file", chip_file_name((enum chip_file_id)f));
		json_object_object_add(j, "dg", json_object_new_int(cf->dg));
		json_object_object_add(j, "size", json_object_new_int64((int64_t)cf->len));
		if (cf->dg)
			add_str(j, "hash", chip_check_step_name(cf->hash));
		json_object_array_add(files, j);
	}
	json_object_object_add(o, "files", files);
	json_object *face = json_object_new_object();
	add_str(face, "format", face_format_name(c->face_len ? c->face_format : 0));
	json_object_object_add(face, "size", json_object_new_int64((int64_t)c->face_len));
	if (photo)
		add_str(face, "written_to", photo);
	json_object_object_add(o, "face", face);
	json_object *pa = json_object_new_object();
	add_str(pa, "sod_signature", chip_check_step_name(c->sod_signature));
	add_str(pa, "ds_trusted", chip_check_step_name(c->ds_trusted));
	add_str(pa, "hashes", chip_check_step_name(c->hashes));
	add_str(pa, "ds_subject", c->ds_subject);
	add_str(pa, "csca_subject", c->csca_subject);
	add_str(pa, "hash_mismatch", c->hash_mismatch);
	json_object_object_add(o, "passive_authentication", pa);
	add_str(o, "active_authentication", chip_check_step_name(c->active_auth));
	add_str(o, "chip_authentication", chip_check_step_name(c->chip_auth));
	json_object *dg1 = json_object_new_object();
	json_object_object_add(dg1, "present", json_object_new_boolean(c->has_dg1));
	json_object_object_add(dg1, "compared", field_list(r->compared));
	json_object_object_add(dg1, "differs", field_list(r->differs));
	json_object_object_add(dg1, "chip", c->has_dg1 ? doc_json(&c->dg1) : NULL);
	json_object_object_add(dg1, "printed", doc_json(printed));
	json_object_object_add(o, "dg1", dg1);
	add_str(o, "chip_verdict", chip_verdict_name(r->verdict));
	add_str(o, "verdict", r->name);
	add_str(o, "outcome",
		r->outcome == CHIP_OUTCOME_GENUINE   ? "genuine"
		: r->outcome == CHIP_OUTCOME_WARNING ? "warning"
						     : "unread");
	add_str(o, "reason", c->reason);
	add_str(o, "detail", r->detail);
	return o;
}

/* ---- shekara chip read ---- */

static int write_photo(const struct chip_result *c, const char *path, struct error *err)
{
	if (!c->face || c->face_len == 0)
		return error_set(err, ERR_FINDING, _("the chip has no face image to write to '%s'"),
				 path);
	FILE *f = fopen(path, "wb");
	if (!f)
		return error_set(err, ERR_IO, _("cannot write '%s': %s"), path, strerror(errno));
	int ok = fwrite(c->face, 1, c->face_len, f) == c->face_len;
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : error_set(err, ERR_IO, _("cannot write '%s'"), path);
}

static int chip_request_of(const struct chip_opts *o, struct document *doc, char *info, size_t len,
			   struct chip_check_request *req, struct error *err)
{
	memset(req, 0, sizeof(*req));
	if (!!o->mrz_file == !!(o->doc || o->dob || o->expiry))
		return error_set(err, ERR_USAGE,
				 _("give either --mrz-file F or --doc, --dob and --expiry"));
	if (o->mrz_file) {
		if (cli_read_mrz(o->mrz_file, doc, err) < 0)
			return -(int)err->code;
		req->compare = CHIP_FIELDS_ALL;
	} else {
		if (key_document(o, doc, info, len, err) < 0)
			return -ERR_USAGE;
		req->mrz_info = info;
		req->compare = CHIP_FIELDS_KEY;
	}
	req->printed = doc;
	req->reader = o->reader;
	req->short_reads_only = o->short_reads;
	if (o->wait) {
		char *end;
		errno = 0;
		long s = strtol(o->wait, &end, 10);
		if (errno || *end || end == o->wait || s < 0 || s > WAIT_MAX_S)
			return error_set(err, ERR_USAGE,
					 _("--wait takes whole seconds from 0 to %d"), WAIT_MAX_S);
		req->wait_ms = (int)s * 1000;
	}
	return 0;
}

static int chip_read_cmd(struct cli *cli, const struct chip_opts *o)
{
	struct error err;
	error_clear(&err);
	struct document doc;
	char info[64];
	struct chip_check_request req;
	if (chip_request_of(o, &doc, info, sizeof(info), &req, &err) < 0)
		return cli_fail(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	struct chip_check_result *r = calloc(1, sizeof(*r));
	if (!r) {
		app_close(&app);
		error_set(&err, ERR_IO, _("out of memory"));
		return cli_fail(&err);
	}
	int rc = chip_check_run(&app, &s, &req, r, &err);
	app_close(&app);
	if (rc < 0) {
		free(r);
		return cli_fail(&err);
	}
	int status = r->outcome == CHIP_OUTCOME_GENUINE   ? 0
		     : r->outcome == CHIP_OUTCOME_WARNING ? 1
							  : 3;
	const char *photo = NULL;
	if (o->photo) {
		struct error perr;
		error_clear(&perr);
		if (write_photo(&r->chip, o->photo, &perr) < 0) {
			int code = cli_fail(&perr);
			status = code > status ? code : status;
		} else {
			photo = o->photo;
		}
	}
	if (o->json) {
		json_object *j = to_json(r, &doc, photo);
		cli_print_json(j);
	} else {
		print_text(r, &doc);
	}
	chip_check_free(r);
	free(r);
	return status;
}

int cmd_chip(struct cli *cli, int argc, char **argv)
{
	struct chip_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[1] = { NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("chip"), argc, argv, pos, 1, &npos, chip_option, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	if (npos != 1 || strcmp(pos[0], "read") != 0) {
		error_set(&err, ERR_USAGE,
			  _("use: chip read (--mrz-file F | --doc N --dob YYMMDD "
			    "--expiry YYMMDD); see 'shekara chip --help'"));
		return cli_fail(&err);
	}
	return chip_read_cmd(cli, &o);
}

/* ---- shekara csca ---- */

static json_object *cert_json(const struct csca_cert_row *r)
{
	json_object *j = json_object_new_object();
	json_object_object_add(j, "id", json_object_new_int64(r->id));
	add_str(j, "country", r->country);
	add_str(j, "subject", r->subject);
	add_str(j, "issuer", r->issuer);
	add_str(j, "serial", r->serial);
	add_str(j, "not_before", r->not_before);
	add_str(j, "not_after", r->not_after);
	add_str(j, "sha256", r->sha256);
	add_str(j, "source", r->source);
	add_str(j, "added_at", r->added_at);
	add_str(j, "added_by", r->added_by);
	return j;
}

static int csca_list_cmd(struct cli *cli, int json)
{
	struct error err;
	error_clear(&err);
	struct app app;
	if (app_open(&app, &cli->cfg, &err) < 0)
		return cli_fail(&err);
	struct csca_cert_row *certs;
	struct csca_crl_row *crls;
	size_t nc, nl;
	int rc = csca_list(&app, &certs, &nc, &crls, &nl, &err);
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		json_object *o = json_object_new_object(), *a = json_object_new_array();
		for (size_t i = 0; i < nc; i++)
			json_object_array_add(a, cert_json(&certs[i]));
		json_object_object_add(o, "certificates", a);
		a = json_object_new_array();
		for (size_t i = 0; i < nl; i++) {
			json_object *j = json_object_new_object();
			json_object_object_add(j, "id", json_object_new_int64(crls[i].id));
			add_str(j, "issuer", crls[i].issuer);
			add_str(j, "this_update", crls[i].this_update);
			add_str(j, "next_update", crls[i].next_update);
			add_str(j, "sha256", crls[i].sha256);
			add_str(j, "source", crls[i].source);
			add_str(j, "added_at", crls[i].added_at);
			add_str(j, "added_by", crls[i].added_by);
			json_object_array_add(a, j);
		}
		json_object_object_add(o, "crls", a);
		cli_print_json(o);
	} else if (nc == 0 && nl == 0) {
		printf("%s\n", _("The trust store is empty: import CSCA certificates or a master "
				 "list with 'shekara csca import FILE'."));
	} else {
		/* TRANSLATORS: column heads of 'shekara csca list' */
		printf(_("%5s  %-3s  %-10s  %s\n"), _("ID"), _("C"), _("EXPIRES"), _("SUBJECT"));
		for (size_t i = 0; i < nc; i++) {
			printf("%5lld  %-3s  %.10s  %s\n", (long long)certs[i].id, certs[i].country,
			       certs[i].not_after, certs[i].subject);
			printf(_("%5s  sha256 %.16s  from %s\n"), "", certs[i].sha256,
			       certs[i].source);
		}
		for (size_t i = 0; i < nl; i++) {
			printf(_("%5lld  CRL  next update %.10s  %s\n"), (long long)crls[i].id,
			       crls[i].next_update[0] ? crls[i].next_update : "-", crls[i].issuer);
			printf(_("%5s  sha256 %.16s  from %s\n"), "", crls[i].sha256,
			       crls[i].source);
		}
	}
	free(certs);
	free(crls);
	return 0;
}

static int signers_cmd(struct cli *cli, int json)
{
	struct error err;
	error_clear(&err);
	struct app app;
	if (app_open(&app, &cli->cfg, &err) < 0)
		return cli_fail(&err);
	struct csca_cert_row *rows;
	size_t n;
	int rc = csca_list_signers(&app, &rows, &n, &err);
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (json) {
		json_object *a = json_object_new_array();
		for (size_t i = 0; i < n; i++)
			json_object_array_add(a, cert_json(&rows[i]));
		cli_print_json(a);
	} else if (n == 0) {
		printf("%s\n", _("No barcode signer certificates: import them with 'shekara csca "
				 "import-signer FILE'."));
	} else {
		printf(_("%5s  %-3s  %-10s  %s\n"), _("ID"), _("C"), _("EXPIRES"), _("SUBJECT"));
		for (size_t i = 0; i < n; i++)
			printf(_("%5lld  %-3s  %.10s  %s, serial %s\n"), (long long)rows[i].id,
			       rows[i].country, rows[i].not_after, rows[i].subject, rows[i].serial);
	}
	free(rows);
	return 0;
}

static void print_import(const struct csca_import_result *r)
{
	if (r->master_list) {
		printf(_("master list signed by %s\n"), r->signer);
		printf(r->anchor_in_list ? _("  certified by %s, a CSCA inside the list itself\n")
					 : _("  certified by %s, a CSCA already in the store\n"),
		       r->anchor);
	}
	for (int i = 0; i < r->n_items; i++) {
		const struct csca_item *it = &r->items[i];
		/* TRANSLATORS: what happened to each certificate, padded to 8 columns */
		const char *what = it->outcome == CSCA_ADDED     ? _("added   ")
				   : it->outcome == CSCA_PRESENT ? _("present ")
								 : _("skipped ");
		printf("  %s %s%s%s", what, it->kind == CSCA_CRL ? "CRL " : "", it->subject,
		       it->note ? ": " : "");
		printf("%s\n", csca_note_text(it->note));
	}
	printf(_("added %d, already present %d, skipped %d\n"), r->added, r->present, r->skipped);
}

static json_object *import_json(const struct csca_import_result *r)
{
	static const char *const kinds[] = { "certificate", "crl", "other", "signer" };
	static const char *const outcomes[] = { "added", "present", "skipped" };
	json_object *o = json_object_new_object();
	add_str(o, "source", r->source);
	json_object_object_add(o, "master_list", json_object_new_boolean(r->master_list));
	if (r->master_list) {
		add_str(o, "signer", r->signer);
		add_str(o, "anchor", r->anchor);
		add_str(o, "anchor_in", r->anchor_in_list ? "list" : "store");
	}
	json_object_object_add(o, "added", json_object_new_int(r->added));
	json_object_object_add(o, "present", json_object_new_int(r->present));
	json_object_object_add(o, "skipped", json_object_new_int(r->skipped));
	json_object *items = json_object_new_array();
	for (int i = 0; i < r->n_items; i++) {
		const struct csca_item *it = &r->items[i];
		json_object *j = json_object_new_object();
		add_str(j, "kind", kinds[it->kind]);
		add_str(j, "outcome", outcomes[it->outcome]);
		add_str(j, "note", csca_note_name(it->note));
		add_str(j, "subject", it->subject);
		add_str(j, "country", it->country);
		add_str(j, "sha256", it->sha256);
		json_object_object_add(j, "id", json_object_new_int64(it->id));
		json_object_array_add(items, j);
	}
	json_object_object_add(o, "items", items);
	return o;
}

static int parse_id(const char *text, int64_t *id, struct error *err)
{
	char *end;
	errno = 0;
	long long v = strtoll(text ? text : "", &end, 10);
	if (!text || errno || *end || end == text || v <= 0)
		return error_set(err, ERR_USAGE, _("'%s' is not an id from 'shekara csca list'"),
				 text ? text : "");
	*id = v;
	return 0;
}

int cmd_csca(struct cli *cli, int argc, char **argv)
{
	struct csca_opts o = { 0 };
	struct error err;
	error_clear(&err);
	const char *pos[2] = { NULL, NULL };
	int npos;
	int rc = cli_parse(cli, cli_find("csca"), argc, argv, pos, 2, &npos, csca_option, &o, &err);
	if (rc)
		return rc > 0 ? 0 : cli_fail(&err);
	const char *verb = npos ? pos[0] : "list";
	int list = strcmp(verb, "list") == 0, import = strcmp(verb, "import") == 0,
	    remove = strcmp(verb, "remove") == 0, signers = strcmp(verb, "signers") == 0,
	    import_signer = strcmp(verb, "import-signer") == 0;
	int lists = list || signers;
	if ((!lists && !import && !remove && !import_signer) || (lists && npos > 1) ||
	    (!lists && npos != 2)) {
		error_set(&err, ERR_USAGE,
			  _("use: csca list | csca import FILE | csca signers | csca import-signer "
			    "FILE | csca remove ID [--crl|--signer]"));
		return cli_fail(&err);
	}
	if (list)
		return csca_list_cmd(cli, o.json);
	if (signers)
		return signers_cmd(cli, o.json);
	int64_t id = 0;
	if (remove && parse_id(pos[1], &id, &err) < 0)
		return cli_fail(&err);
	struct app app;
	struct session s;
	if (cli_open_as(cli, &app, &s, &err) < 0)
		return cli_fail(&err);
	if (remove) {
		rc = csca_remove(&app, &s,
				 o.signer ? CSCA_SIGNER
				 : o.crl  ? CSCA_CRL
					  : CSCA_CERT,
				 id, &err);
		app_close(&app);
		if (rc < 0)
			return cli_fail(&err);
		printf(o.signer ? _("removed barcode signer %lld\n")
		       : o.crl  ? _("removed CRL %lld\n")
				: _("removed certificate %lld\n"),
		       (long long)id);
		return 0;
	}
	struct csca_import_result r;
	rc = import_signer ? csca_import_signers(&app, &s, pos[1], &r, &err)
			   : csca_import(&app, &s, pos[1], &r, &err);
	app_close(&app);
	if (rc < 0)
		return cli_fail(&err);
	if (o.json) {
		json_object *j = import_json(&r);
		cli_print_json(j);
	} else {
		print_import(&r);
	}
	/* a file that gave the store nothing to trust is a finding */
	int status = r.added + r.present > 0 ? 0 : 1;
	csca_import_result_free(&r);
	return status;
}
