#include "app/chip.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/csca.h"
#include "i18n/i18n.h"
#include "scanners/bac.h"
#include "scanners/mrz.h"

static const struct {
	const char *name, *label;
} fields[CHIP_FIELD_COUNT] = {
	[CHIP_FIELD_DOC_CODE] = { "doc_code", N_("document code") },
	[CHIP_FIELD_ISSUER] = { "issuer", N_("issuing state") },
	[CHIP_FIELD_NUMBER] = { "number", N_("number") },
	[CHIP_FIELD_SURNAME] = { "surname", N_("surname") },
	[CHIP_FIELD_GIVEN_NAMES] = { "given_names", N_("given names") },
	[CHIP_FIELD_NATIONALITY] = { "nationality", N_("nationality") },
	[CHIP_FIELD_BIRTH] = { "birth", N_("birth date") },
	[CHIP_FIELD_SEX] = { "sex", N_("sex") },
	[CHIP_FIELD_EXPIRY] = { "expiry", N_("expiry") },
	[CHIP_FIELD_OPTIONAL] = { "optional_data", N_("optional data") },
};

const char *chip_check_field_name(enum chip_field f)
{
	return (unsigned)f < CHIP_FIELD_COUNT ? fields[f].name : "?";
}

const char *chip_check_field_label(enum chip_field f)
{
	return (unsigned)f < CHIP_FIELD_COUNT ? _(fields[f].label) : "?";
}

const char *chip_check_step_name(enum chip_check c)
{
	return c == CHIP_PASSED ? "passed" : c == CHIP_FAILED ? "failed" : "not_performed";
}

/* ---- DG1 against the printed MRZ ---- */

/* Dates as printed: two-digit year, month, day (0 for an unknown part). */
static int same_date(const struct doc_date *a, const struct doc_date *b)
{
	return a->year % 100 == b->year % 100 && (a->year == 0) == (b->year == 0) &&
	       a->month == b->month && a->day == b->day;
}

unsigned chip_check_differs(const struct document *printed, const struct document *dg1,
			    unsigned compare)
{
	const char *const text[][2] = {
		[CHIP_FIELD_DOC_CODE] = { printed->doc_code, dg1->doc_code },
		[CHIP_FIELD_ISSUER] = { printed->issuer, dg1->issuer },
		[CHIP_FIELD_NUMBER] = { printed->number, dg1->number },
		[CHIP_FIELD_SURNAME] = { printed->surname, dg1->surname },
		[CHIP_FIELD_GIVEN_NAMES] = { printed->given_names, dg1->given_names },
		[CHIP_FIELD_NATIONALITY] = { printed->nationality, dg1->nationality },
	};
	unsigned differs = 0;
	for (int f = 0; f <= CHIP_FIELD_NATIONALITY; f++)
		if (strcmp(text[f][0], text[f][1]) != 0)
			differs |= 1u << f;
	if (!same_date(&printed->birth, &dg1->birth))
		differs |= 1u << CHIP_FIELD_BIRTH;
	if (printed->sex != dg1->sex)
		differs |= 1u << CHIP_FIELD_SEX;
	if (!same_date(&printed->expiry, &dg1->expiry))
		differs |= 1u << CHIP_FIELD_EXPIRY;
	if (strcmp(printed->optional1, dg1->optional1) != 0 ||
	    strcmp(printed->optional2, dg1->optional2) != 0)
		differs |= 1u << CHIP_FIELD_OPTIONAL;
	return differs & compare;
}

/* ---- the verdict ---- */

/* A GENUINE verdict stands only if every step it rests on passed: a reader that said
 * more than it proved is taken at its weakest step. */
static enum chip_verdict settle(const struct chip_result *c)
{
	if (c->verdict != CHIP_GENUINE)
		return c->verdict;
	if (c->sod_signature != CHIP_PASSED)
		return CHIP_BAD_SIGNATURE;
	if (c->hashes != CHIP_PASSED)
		return CHIP_HASH_MISMATCH;
	if (c->ds_trusted != CHIP_PASSED)
		return CHIP_UNKNOWN_ISSUER;
	return CHIP_GENUINE;
}

static void add_line(struct chip_check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_line(struct chip_check_result *r, const char *fmt, ...)
{
	if (r->n_lines >= CHIP_CHECK_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->n_lines++], CHIP_CHECK_LINE, fmt, ap);
	va_end(ap);
}

/* "UTO", or the whole subject when it names no country. */
static void csca_name(const struct chip_result *c, char *out, size_t len)
{
	char country[4];
	csca_subject_country(c->csca_subject, country);
	snprintf(out, len, "%s", country[0] ? country : c->csca_subject);
}

/* The fields that differ, joined with ", ": labels (translated) or machine names. */
static void join_fields(unsigned differs, int labels, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int f = 0; f < CHIP_FIELD_COUNT && used < len; f++)
		if (differs & (1u << f)) {
			int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "",
					 labels ? chip_check_field_label((enum chip_field)f)
						: chip_check_field_name((enum chip_field)f));
			used += n > 0 ? (size_t)n : 0;
		}
}

static int data_was_read(enum chip_verdict v)
{
	return v == CHIP_GENUINE || v == CHIP_UNKNOWN_ISSUER || v == CHIP_HASH_MISMATCH ||
	       v == CHIP_BAD_SIGNATURE || v == CHIP_NO_SOD;
}

static void verdict_line(struct chip_check_result *r, const char *csca)
{
	const struct chip_result *c = &r->chip;
	switch (r->verdict) {
	case CHIP_GENUINE:
		if (r->differs || !c->has_dg1)
			/* TRANSLATORS: the chip itself is authentic, but see the line above */
			add_line(r, _("chip data signed by CSCA %s"), csca);
		else
			add_line(r, _("chip genuine (CSCA %s)"), csca);
		break;
	case CHIP_UNKNOWN_ISSUER:
		if (c->ds_revoked)
			add_line(r, "%s",
				 _("the document signer's certificate is revoked: the chip data is "
				   "not to be trusted"));
		else
			add_line(r, "%s", _("chip data signed by unknown issuer"));
		break;
	case CHIP_HASH_MISMATCH:
		add_line(r, _("hash mismatch on %s: the chip was altered or cloned"),
			 c->hash_mismatch[0] ? c->hash_mismatch : _("a data group"));
		break;
	case CHIP_BAD_SIGNATURE:
		add_line(r, "%s",
			 _("the chip's signature does not verify: the chip was altered or cloned"));
		break;
	case CHIP_NO_SOD:
		add_line(r, "%s",
			 _("the chip has no security object (EF.SOD): its data cannot be "
			   "authenticated"));
		break;
	case CHIP_ACCESS_DENIED:
		add_line(r, "%s",
			 _("the chip does not open with the printed MRZ: the MRZ was misread, or "
			   "the chip belongs to another document"));
		break;
	case CHIP_REMOVED:
		add_line(r, "%s",
			 _("the document left the reader during the chip read: put it back and "
			   "read again"));
		break;
	case CHIP_READ_FAILED:
	default:
		add_line(r, "%s", _("the chip could not be read: read it again"));
		break;
	}
}

static void auth_lines(struct chip_check_result *r)
{
	const struct chip_result *c = &r->chip;
	/* TRANSLATORS: Active Authentication (ICAO 9303-11 6.1), a challenge signed by
	 * the chip's own key; "not performed" must never read as "passed" */
	add_line(r, "%s",
		 c->active_auth == CHIP_PASSED   ? _("active authentication: passed")
		 : c->active_auth == CHIP_FAILED ? _("active authentication: FAILED, the chip may "
						     "be a clone")
						 : _("active authentication: not performed"));
	add_line(r, "%s",
		 c->chip_auth == CHIP_PASSED   ? _("chip authentication: passed")
		 : c->chip_auth == CHIP_FAILED ? _("chip authentication: FAILED, the chip may be a "
						   "clone")
					       : _("chip authentication: not performed"));
}

static void name_of(struct chip_check_result *r)
{
	const struct chip_result *c = &r->chip;
	const char *name = chip_verdict_name(r->verdict);
	if (r->verdict == CHIP_GENUINE) {
		if (c->active_auth == CHIP_FAILED)
			name = "active_auth_failed";
		else if (c->chip_auth == CHIP_FAILED)
			name = "chip_auth_failed";
		else if (!c->has_dg1 && r->compared)
			name = "no_dg1";
		else if (r->differs)
			name = "mrz_mismatch";
	}
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "read_failed");
	r->outcome = strcmp(r->name, "genuine") == 0 ? CHIP_OUTCOME_GENUINE
		     : r->verdict == CHIP_REMOVED || r->verdict == CHIP_READ_FAILED
			     ? CHIP_OUTCOME_UNREAD
			     : CHIP_OUTCOME_WARNING;
}

static void compose_detail(struct chip_check_result *r)
{
	const struct chip_result *c = &r->chip;
	char diff[160], country[4];
	join_fields(r->differs, 0, diff, sizeof(diff));
	csca_subject_country(c->csca_subject, country);
	const char *dg1 = !c->has_dg1   ? "absent"
			  : r->differs  ? "differs: "
			  : r->compared ? "equal"
					: "not compared";
	const char *csca = country[0] ? country : c->csca_subject[0] ? c->csca_subject : "-";
	const char *parts[] = { r->name,
				"; dg1 ",
				dg1,
				diff,
				"; sod ",
				chip_check_step_name(c->sod_signature),
				", ds ",
				chip_check_step_name(c->ds_trusted),
				", hashes ",
				chip_check_step_name(c->hashes),
				c->hash_mismatch[0] ? " mismatch " : "",
				c->hash_mismatch,
				"; csca ",
				csca,
				"; aa ",
				chip_check_step_name(c->active_auth),
				", ca ",
				chip_check_step_name(c->chip_auth),
				c->reason[0] ? "; " : "",
				c->reason };
	size_t used = 0;
	r->detail[0] = '\0';
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		size_t n = strlen(parts[i]);
		if (used + n >= sizeof(r->detail))
			n = sizeof(r->detail) - 1 - used;
		memcpy(r->detail + used, parts[i], n);
		used += n;
		r->detail[used] = '\0';
	}
}

void chip_check_compose(const struct document *printed, unsigned compare,
			struct chip_check_result *r)
{
	const struct chip_result *c = &r->chip;
	r->n_lines = 0;
	r->verdict = settle(c);
	r->compared = printed ? compare & CHIP_FIELDS_ALL : 0;
	r->differs =
		r->compared && c->has_dg1 ? chip_check_differs(printed, &c->dg1, r->compared) : 0;
	name_of(r);
	char csca[256], diff[200];
	csca_name(c, csca, sizeof(csca));
	int read = data_was_read(r->verdict);
	/* a genuine chip with another MRZ: the mismatch is the news, so it comes first */
	if (r->verdict == CHIP_GENUINE && read && r->differs) {
		join_fields(r->differs, 1, diff, sizeof(diff));
		add_line(r, _("chip MRZ differs from printed MRZ: %s"), diff);
	}
	if (r->verdict == CHIP_GENUINE && read && !c->has_dg1 && r->compared)
		add_line(r, "%s",
			 _("the chip has no DG1: its MRZ cannot be compared with the printed "
			   "one"));
	verdict_line(r, csca);
	if (r->verdict != CHIP_GENUINE && read && r->differs) {
		join_fields(r->differs, 1, diff, sizeof(diff));
		add_line(r, _("chip MRZ differs from printed MRZ: %s"), diff);
	}
	if (read)
		auth_lines(r);
	compose_detail(r);
}

/* ---- reading ---- */

int chip_check_mrz_info(const char *number, const char *birth, const char *expiry, char *out,
			size_t len)
{
	char num[40];
	size_t n = 0;
	for (const char *p = number ? number : ""; *p; p++) {
		char ch = (char)toupper((unsigned char)*p);
		if (ch == ' ' || ch == '-')
			continue;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '<') ||
		    n + 1 >= sizeof(num))
			return -1;
		num[n++] = ch;
	}
	while (n > 0 && num[n - 1] == '<')
		n--;
	const char *dates[] = { birth ? birth : "", expiry ? expiry : "" };
	for (int i = 0; i < 2; i++) {
		if (strlen(dates[i]) != 6)
			return -1;
		for (int k = 0; k < 6; k++)
			if (!isdigit((unsigned char)dates[i][k]))
				return -1;
	}
	size_t width = n < 9 ? 9 : n;
	if (n == 0 || width + 15 + 1 > len)
		return -1;
	memcpy(out, num, n);
	memset(out + n, '<', width - n);
	int d = mrz_check_digit(out, width);
	int b = mrz_check_digit(dates[0], 6), e = mrz_check_digit(dates[1], 6);
	if (d < 0 || b < 0 || e < 0)
		return -1;
	snprintf(out + width, len - width, "%c%s%c%s%c", d, dates[0], b, dates[1], e);
	return 0;
}

static void object_of(const struct document *printed, char *out, size_t len)
{
	if (!printed)
		snprintf(out, len, "-");
	else if (printed->issuer[0])
		snprintf(out, len, "%s %s", printed->issuer, printed->number);
	else
		snprintf(out, len, "%s", printed->number);
}

int chip_check_record(struct app *app, const struct session *s, const struct document *printed,
		      const struct chip_check_result *r, struct error *err)
{
	char object[64];
	object_of(printed, object, sizeof(object));
	struct audit_event ev = { .action = "chip.read",
				  .object_type = "document",
				  .object_id = object,
				  .outcome = r->name,
				  .detail = r->detail };
	return app_audit(app, s, &ev, err);
}

int chip_check_run(struct app *app, const struct session *s, const struct chip_check_request *req,
		   struct chip_check_result *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (session_require(app, s, PERM_SCAN_DOCUMENTS, err) < 0)
		return -ERR_DENIED;
	char info[64];
	if (req->mrz_info)
		snprintf(info, sizeof(info), "%s", req->mrz_info);
	else if (!req->printed || bac_mrz_info(req->printed, info, sizeof(info)) < 0)
		return error_set(err, ERR_USAGE,
				 _("the MRZ lacks the document number, birth date or expiry that "
				   "open the chip: scan or type the MRZ again"));
	struct csca_trust trust;
	if (csca_trust_load(app, &trust, err) < 0)
		return -ERR_IO;
	struct chip_request cr = { .reader = req->reader,
				   .mrz_info = info,
				   .wait_ms = req->wait_ms,
				   .short_reads_only = req->short_reads_only,
				   .trust = &trust.trust,
				   .progress = req->progress,
				   .ctx = req->ctx };
	int rc = chip_read(&cr, &out->chip, err);
	csca_trust_free(&trust);
	char object[64];
	object_of(req->printed, object, sizeof(object));
	if (rc < 0) {
		chip_result_free(&out->chip);
		memset(&out->chip, 0, sizeof(out->chip));
		app_audit_refusal(app, s, "chip.read", "document", object, "no_result",
				  "no reader, no card or no PC/SC service");
		return rc;
	}
	out->read = 1;
	chip_check_compose(req->printed, req->printed ? req->compare : 0, out);
	if (chip_check_record(app, s, req->printed, out, err) < 0) {
		/* a read that cannot be audited is not shown */
		chip_check_free(out);
		return -ERR_IO;
	}
	return 0;
}

int chip_check(struct app *app, const struct session *s, const struct document *printed,
	       const char *reader, int wait_ms, struct chip_check_result *out, struct error *err)
{
	struct chip_check_request req = {
		.printed = printed, .compare = CHIP_FIELDS_ALL, .reader = reader, .wait_ms = wait_ms
	};
	return chip_check_run(app, s, &req, out, err);
}

void chip_check_free(struct chip_check_result *r)
{
	if (r->read)
		chip_result_free(&r->chip);
	r->read = 0;
}
