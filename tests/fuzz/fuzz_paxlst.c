/* libFuzzer target: UN/EDIFACT PAXLST passenger and crew lists (scanners/paxlst.c), as a
 * carrier, a USB stick or a mail attachment hands them over. A list refused is left empty
 * with a reason; a list read stays within every cap, has bounded, NUL-terminated text
 * with no control character a terminal would obey, dates that can be dates, segment
 * numbers inside the file, and is read or refused the same whatever day it is read on
 * (dates only ever make warnings). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/paxlst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT(s) text((s), sizeof(s))

static void text(const char *s, size_t n)
{
	const char *end = memchr(s, '\0', n);
	if (!end)
		abort();
	for (const char *q = s; q < end; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			abort();
}

static void date(const struct doc_date *d)
{
	if (d->year < 0 || d->year > 9999 || d->month < 0 || d->month > 12 || d->day < 0 ||
	    d->day > 31 || (d->day && !d->month))
		abort();
}

static void when(const char *s)
{
	size_t n = strlen(s);
	if (n != 0 && n != 10 && n != 16)
		abort();
}

static void check(const struct paxlst *p)
{
	if (p->n_messages < 1 || p->n_messages > PAXLST_MAX_MESSAGES || !p->messages)
		abort();
	if (p->n_warnings < 0 || p->n_warnings > PAXLST_MAX_WARNINGS || p->warnings_dropped < 0 ||
	    (p->warnings_dropped && p->n_warnings != PAXLST_MAX_WARNINGS) || p->segments < 1)
		abort();
	TEXT(p->syntax);
	TEXT(p->sender);
	TEXT(p->recipient);
	TEXT(p->prepared);
	TEXT(p->control_ref);
	TEXT(p->application);
	when(p->prepared);
	for (int i = 0; i < p->n_warnings; i++) {
		TEXT(p->warnings[i].text);
		if (p->warnings[i].segment < 1 || p->warnings[i].segment > p->segments ||
		    !p->warnings[i].text[0])
			abort();
	}
	int travellers = 0;
	for (int i = 0; i < p->n_messages; i++) {
		const struct paxlst_message *m = &p->messages[i];
		if (m->segment < 1 || m->segment > p->segments || m->n_legs < 0 ||
		    m->n_legs > PAXLST_MAX_LEGS || m->n_travellers < 0 ||
		    (m->n_travellers && !m->travellers) ||
		    (i && m->segment <= p->messages[i - 1].segment))
			abort();
		TEXT(m->ref);
		TEXT(m->version);
		TEXT(m->bgm);
		TEXT(m->bgm_id);
		TEXT(m->transaction_ref);
		TEXT(m->reporter.id);
		TEXT(m->reporter.name);
		TEXT(m->reporter.phone);
		TEXT(m->reporter.fax);
		TEXT(m->reporter.email);
		TEXT(m->transport.stage);
		TEXT(m->transport.journey);
		TEXT(m->transport.carrier);
		TEXT(m->transport.carrier_name);
		TEXT(m->transport.vehicle);
		if (m->transport.mode < 0 || m->transport.mode > 9)
			abort();
		for (int l = 0; l < m->n_legs; l++) {
			TEXT(m->legs[l].journey);
			TEXT(m->legs[l].from);
			TEXT(m->legs[l].to);
			TEXT(m->legs[l].departs);
			TEXT(m->legs[l].arrives);
			when(m->legs[l].departs);
			when(m->legs[l].arrives);
		}
		travellers += m->n_travellers;
		for (int k = 0; k < m->n_travellers; k++) {
			const struct paxlst_traveller *t = &m->travellers[k];
			if (t->segment <= m->segment || t->segment > p->segments ||
			    (k && t->segment <= m->travellers[k - 1].segment) || t->n_docs < 0 ||
			    t->n_docs > PAXLST_MAX_DOCS || (t->sex && !strchr("MFUX", t->sex)))
				abort();
			TEXT(t->party);
			TEXT(t->surname);
			TEXT(t->given_names);
			TEXT(t->birth_place);
			TEXT(t->nationality);
			TEXT(t->residence);
			TEXT(t->embarked);
			TEXT(t->debarks);
			TEXT(t->clearance);
			TEXT(t->seat);
			TEXT(t->booking);
			TEXT(t->reference);
			date(&t->birth);
			for (int d = 0; d < t->n_docs; d++) {
				TEXT(t->docs[d].type);
				TEXT(t->docs[d].number);
				TEXT(t->docs[d].issuer);
				date(&t->docs[d].expiry);
				date(&t->docs[d].issued);
				if (t->docs[d].segment <= t->segment)
					abort();
			}
		}
	}
	if (travellers != p->n_travellers || travellers > PAXLST_MAX_TRAVELLERS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fixed days so runs repeat: the samples' day, and two far apart */
	static const time_t days[] = { 1776211200, /* 2026-04-15 */
				       946598400,  /* 1999-12-31 */
				       4102444800 /* 2100-01-01 */ };
	int accepted = -1;
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		struct paxlst p;
		char why[160];
		int rc = paxlst_parse((const char *)data, size, days[d], &p, why, sizeof(why));
		if (rc < 0) {
			if (why[0] == '\0' || !memchr(why, '\0', sizeof(why)) || p.n_messages ||
			    p.messages || p.n_warnings || p.warnings || p.n_travellers)
				abort();
		} else {
			check(&p);
			paxlst_free(&p);
			if (p.messages || p.warnings || p.n_messages)
				abort();
		}
		if (accepted >= 0 && (rc == 0) != accepted)
			abort();
		accepted = rc == 0;
	}
	return 0;
}
