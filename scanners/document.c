#include "scanners/document.h"

#include <stdio.h>

#include "i18n/i18n.h"

int document_valid(const struct document *doc)
{
	for (int i = 0; i < doc->n_checks; i++)
		if (doc->checks[i].status == CHECK_FAIL)
			return 0;
	return 1;
}

const struct doc_check *document_check(const struct document *doc, enum check_id id)
{
	for (int i = 0; i < doc->n_checks; i++)
		if (doc->checks[i].id == id)
			return &doc->checks[i];
	return NULL;
}

void document_date_text(const struct doc_date *d, char buf[11])
{
	const int parts[3] = { d->year, d->month, d->day }, widths[3] = { 4, 2, 2 };
	char *o = buf;
	for (int p = 0; p < 3; p++) {
		if (p)
			*o++ = '-';
		int v = parts[p];
		for (int i = widths[p] - 1; i >= 0; i--) {
			o[i] = parts[p] > 0 ? (char)('0' + v % 10) : '?';
			v /= 10;
		}
		o += widths[p];
	}
	*o = '\0';
}

const char *document_format_name(enum doc_format f)
{
	static const char *const names[] = { "unknown", "TD1", "TD2", "TD3", "MRV-A", "MRV-B" };
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "unknown";
}

const char *document_check_short(enum check_id id)
{
	/* TRANSLATORS: short names of document checks, shown as a row of marks on the
	 * scan screen ("✓ number ✓ birth ✗ expiry ..."); keep each to a word or two */
	static const char *const shorts[CHECK_COUNT] = {
		[CHECK_NUMBER_DIGIT] = N_("number"),
		[CHECK_BIRTH_DIGIT] = N_("birth digit"),
		[CHECK_EXPIRY_DIGIT] = N_("expiry digit"),
		[CHECK_OPTIONAL_DIGIT] = N_("personal no."),
		[CHECK_COMPOSITE_DIGIT] = N_("composite"),
		[CHECK_BIRTH_DATE] = N_("birth date"),
		[CHECK_EXPIRY_DATE] = N_("expiry date"),
		[CHECK_EXPIRED] = N_("not expired"),
		[CHECK_ISSUER] = N_("state"),
		[CHECK_NATIONALITY] = N_("nationality"),
		[CHECK_SEX] = N_("sex"),
		[CHECK_NAME_TRUNCATED] = N_("name"),
		[CHECK_CHARACTERS] = N_("characters"),
	};
	return (unsigned)id < CHECK_COUNT && shorts[id] ? _(shorts[id]) : "?";
}

const char *document_check_name(enum check_id id)
{
	static const char *const names[CHECK_COUNT] = {
		[CHECK_NUMBER_DIGIT] = "number_digit",
		[CHECK_BIRTH_DIGIT] = "birth_digit",
		[CHECK_EXPIRY_DIGIT] = "expiry_digit",
		[CHECK_OPTIONAL_DIGIT] = "optional_digit",
		[CHECK_COMPOSITE_DIGIT] = "composite_digit",
		[CHECK_BIRTH_DATE] = "birth_date",
		[CHECK_EXPIRY_DATE] = "expiry_date",
		[CHECK_EXPIRED] = "expired",
		[CHECK_ISSUER] = "issuer",
		[CHECK_NATIONALITY] = "nationality",
		[CHECK_SEX] = "sex",
		[CHECK_NAME_TRUNCATED] = "name_truncated",
		[CHECK_CHARACTERS] = "characters",
	};
	return (unsigned)id < CHECK_COUNT && names[id] ? names[id] : "unknown";
}

const char *document_check_label(enum check_id id)
{
	switch (id) {
	case CHECK_NUMBER_DIGIT:
		return _("document number check digit");
	case CHECK_BIRTH_DIGIT:
		return _("birth date check digit");
	case CHECK_EXPIRY_DIGIT:
		return _("expiry date check digit");
	case CHECK_OPTIONAL_DIGIT:
		return _("personal number check digit");
	case CHECK_COMPOSITE_DIGIT:
		return _("composite check digit");
	case CHECK_BIRTH_DATE:
		return _("birth date");
	case CHECK_EXPIRY_DATE:
		return _("expiry date");
	case CHECK_EXPIRED:
		return _("expiry");
	case CHECK_ISSUER:
		return _("issuing state");
	case CHECK_NATIONALITY:
		return _("nationality");
	case CHECK_SEX:
		return _("sex");
	case CHECK_NAME_TRUNCATED:
		return _("name length");
	case CHECK_CHARACTERS:
		return _("characters");
	case CHECK_COUNT:
		break;
	}
	return "?";
}

static void describe_digit(const struct doc_check *c, char *buf, size_t len)
{
	if (c->status == CHECK_PASS) {
		/* TRANSLATORS: %s is e.g. "birth date check digit" */
		snprintf(buf, len, _("%s is correct"), document_check_label(c->id));
	} else if (c->expected == '?') {
		/* TRANSLATORS: the field has characters no check digit can be computed for */
		snprintf(buf, len, _("%s cannot be computed: the field has invalid characters"),
			 document_check_label(c->id));
	} else {
		/* TRANSLATORS: "birth date check digit is 3, expected 7" */
		snprintf(buf, len, _("%s is %c, expected %c"), document_check_label(c->id),
			 c->found, c->expected);
	}
}

void document_describe_check(const struct doc_check *c, char *buf, size_t len)
{
	int ok = c->status == CHECK_PASS;
	switch (c->id) {
	case CHECK_NUMBER_DIGIT:
	case CHECK_BIRTH_DIGIT:
	case CHECK_EXPIRY_DIGIT:
	case CHECK_OPTIONAL_DIGIT:
	case CHECK_COMPOSITE_DIGIT:
		describe_digit(c, buf, len);
		break;
	case CHECK_BIRTH_DATE:
		snprintf(buf, len,
			 ok ? _("birth date %s is a real date")
			    : _("birth date %s is impossible (no such day)"),
			 c->value);
		break;
	case CHECK_EXPIRY_DATE:
		snprintf(buf, len,
			 ok ? _("expiry date %s is a real date")
			    : _("expiry date %s is impossible (no such day)"),
			 c->value);
		break;
	case CHECK_EXPIRED:
		snprintf(buf, len,
			 ok ? _("the document is valid until %s") : _("the document expired on %s"),
			 c->value);
		break;
	case CHECK_ISSUER:
		snprintf(buf, len,
			 ok ? _("issuing state '%s' is known")
			    : _("issuing state '%s' is not a known country code"),
			 c->value);
		break;
	case CHECK_NATIONALITY:
		snprintf(buf, len,
			 ok ? _("nationality '%s' is known")
			    : _("nationality '%s' is not a known country code"),
			 c->value);
		break;
	case CHECK_SEX:
		snprintf(buf, len, ok ? _("sex '%s' is valid") : _("sex '%s' is not M, F, X or <"),
			 c->value);
		break;
	case CHECK_NAME_TRUNCATED:
		snprintf(buf, len, "%s",
			 ok ? _("the name fits its field")
			    : _("the name fills its whole field and may be truncated"));
		break;
	case CHECK_CHARACTERS:
		snprintf(buf, len,
			 ok ? _("only MRZ characters")
			    : _("character '%s' is not allowed in an MRZ (only A-Z, 0-9 and <)"),
			 c->value);
		break;
	case CHECK_COUNT:
		snprintf(buf, len, "?");
		break;
	}
}
