/* What a PAXLST message says (WCO/IATA/ICAO PAXLST Implementation Guide): the segment
 * groups between UNH and UNT, read in the order they come. Where a segment belongs is
 * told by what came before it (the zone): a DTM after TDT or LOC times a leg, after NAD
 * it is a birth date, after DOC an expiry. Out-of-place and unknown segments are
 * warnings and skipped; nothing here refuses a file except the caps of paxlst.h.
 *
 * Legs. The guide writes a leg as a departure LOC and an arrival LOC, each with its
 * DTM: 125 then 87 (several pairs make a multi-leg journey), or 92 then 92 for each
 * sector of a progressive flight, 130 for the final destination. A 92 that ends a leg
 * also starts the next one from the same place (a border crossing on a coach route, a
 * transit airport); if nothing ends that next leg before the TDT group closes, it was
 * only the end of the last sector and is dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanners/paxlst.h"
#include "scanners/paxlst_internal.h"

static struct paxlst_traveller *traveller(struct px *p)
{
	struct paxlst_message *m = p->msg;
	return m->n_travellers ? &m->travellers[m->n_travellers - 1] : NULL;
}

static int in_traveller(const struct px *p)
{
	return p->zone == PX_PERSON || p->zone == PX_DOC;
}

/* --- legs ------------------------------------------------------------------------------ */

static int new_leg(struct px *p, int pos, const char *from)
{
	struct paxlst_message *m = p->msg;
	if (m->n_legs >= PAXLST_MAX_LEGS)
		return px_refuse(p, pos, "more than %d legs in message '%s'", PAXLST_MAX_LEGS,
				 m->ref);
	struct paxlst_leg *l = &m->legs[m->n_legs];
	memset(l, 0, sizeof(*l));
	snprintf(l->journey, sizeof(l->journey), "%s", p->journey);
	snprintf(l->from, sizeof(l->from), "%s", from);
	return m->n_legs++;
}

/* the end of a TDT group: a leg still waiting for its arrival */
static void legs_close(struct px *p)
{
	struct paxlst_message *m = p->msg;
	if (p->open_leg >= 0) {
		if (p->open_implied && p->open_leg == m->n_legs - 1)
			m->n_legs--;
		else if (!p->open_implied)
			px_warn(p, p->open_pos, "the leg from '%s' has no arrival place",
				m->legs[p->open_leg].from);
	}
	p->open_leg = p->dep_leg = p->arr_leg = -1;
	p->open_implied = 0;
}

static int leg_place(struct px *p, const struct px_segment *s, const char *q, const char *place)
{
	struct paxlst_message *m = p->msg;
	int arrival = !strcmp(q, "87") || !strcmp(q, "130"), routing = !strcmp(q, "92");
	if (!strcmp(q, "125") || (routing && p->open_leg < 0)) {
		int i = p->open_leg;
		if (i >= 0 && p->open_implied) {
			snprintf(m->legs[i].from, sizeof(m->legs[i].from), "%s", place);
		} else {
			if (i >= 0)
				px_warn(p, p->open_pos, "the leg from '%s' has no arrival place",
					m->legs[i].from);
			if ((i = new_leg(p, s->pos, place)) < 0)
				return -1;
		}
		p->open_leg = p->dep_leg = i;
		p->open_implied = 0;
		p->open_pos = s->pos;
		p->arr_leg = -1;
		return 0;
	}
	if (!arrival && !routing)
		return 0;
	int i = p->open_leg;
	if (i < 0) {
		px_warn(p, s->pos, "arrival place '%s' without a departure place", place);
		if ((i = new_leg(p, s->pos, "")) < 0)
			return -1;
	}
	snprintf(m->legs[i].to, sizeof(m->legs[i].to), "%s", place);
	p->arr_leg = i;
	p->open_leg = p->dep_leg = -1;
	p->open_implied = 0;
	if (routing) {
		if ((i = new_leg(p, s->pos, place)) < 0)
			return -1;
		p->open_leg = p->dep_leg = i;
		p->open_implied = 1;
		p->open_pos = s->pos;
	}
	return 0;
}

/* --- codes ----------------------------------------------------------------------------- */

static int one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

static const char *const dtm_known[] = { "36", "182", "189", "232", "329", "554", NULL };
static const char *const loc_transport[] = { "125", "87", "92", "130", "22", "188", "172", NULL };
static const char *const loc_traveller[] = { "22", "174", "178", "179", "180", NULL };

/* ICAO Doc 9303 document codes (P, I, A, C, V and a second letter at the issuing
 * state's choice), and the other codes of the guide's list for 1001 */
static int doc_type_known(const char *t)
{
	static const char *const extra[] = { "F", "G", "L", "M", "T", "IN", "ACR", NULL };
	size_t n = strlen(t);
	if (n >= 1 && n <= 2 && strchr("PIACV", t[0]) && (n == 1 || (t[1] >= 'A' && t[1] <= 'Z')))
		return 1;
	return one_of(t, extra);
}

/* src cut to fit dst, never inside a UTF-8 sequence (codes read wider than they are kept,
 * so that a warning can show all of a wrong one) */
static void keep(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);
	if (k >= n) {
		k = n - 1;
		while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static void country(struct px *p, int pos, const char *what, const char *v, char dst[4])
{
	if (!v[0])
		return;
	if (px_country_ok(v))
		keep(dst, 4, v);
	else
		px_warn(p, pos, "%s '%s' is not an ISO 3166 or ICAO country code", what, v);
}

/* --- segments -------------------------------------------------------------------------- */

static int seg_bgm(struct px *p, const struct px_segment *s)
{
	struct paxlst_message *m = p->msg;
	static const char *const passengers[] = { "745", "266", "655", NULL };
	static const char *const crew[] = { "250", "336", NULL };
	char code[16];
	if (p->zone != PX_HEAD || m->bgm[0])
		px_warn(p, s->pos, "BGM is not the first segment after UNH");
	px_get(p, s, 1, 1, code, sizeof(code));
	keep(m->bgm, sizeof(m->bgm), code);
	px_get(p, s, 2, 1, m->bgm_id, sizeof(m->bgm_id));
	if (one_of(code, passengers)) {
		m->list = PAXLST_LIST_PASSENGERS;
	} else if (one_of(code, crew)) {
		m->list = PAXLST_LIST_CREW;
	} else {
		m->list = PAXLST_LIST_UNKNOWN;
		px_warn(p, s->pos, "unknown BGM document code '%s' (745 passengers, 250 crew)",
			code);
	}
	if (p->zone == PX_HEAD)
		p->zone = PX_HEADER;
	return 0;
}

static int seg_tdt(struct px *p, const struct px_segment *s)
{
	struct paxlst_message *m = p->msg;
	struct paxlst_transport t;
	char mode[16];
	memset(&t, 0, sizeof(t));
	t.segment = s->pos;
	if (p->zone == PX_TRANSPORT)
		legs_close(p);
	else if (in_traveller(p))
		px_warn(p, s->pos, "TDT after the travellers");
	px_get(p, s, 1, 1, t.stage, sizeof(t.stage));
	px_get(p, s, 2, 1, t.journey, sizeof(t.journey));
	px_get(p, s, 3, 1, mode, sizeof(mode));
	px_get(p, s, 5, 1, t.carrier, sizeof(t.carrier));
	px_get(p, s, 5, 4, t.carrier_name, sizeof(t.carrier_name));
	px_get(p, s, 8, 1, t.vehicle, sizeof(t.vehicle));
	if (mode[0] >= '1' && mode[0] <= '9' && !mode[1])
		t.mode = mode[0] - '0';
	else if (mode[0])
		px_warn(p, s->pos, "mode of transport '%s' is not a code 1-9", mode);
	if (!t.journey[0] && !t.vehicle[0])
		px_warn(p, s->pos, "TDT names neither a journey nor a vehicle");
	if (!m->transport.segment)
		m->transport = t;
	snprintf(p->journey, sizeof(p->journey), "%s", t.journey);
	p->zone = PX_TRANSPORT;
	return 0;
}

static int seg_nad(struct px *p, const struct px_segment *s)
{
	struct paxlst_message *m = p->msg;
	char q[16];
	px_get(p, s, 1, 1, q, sizeof(q));
	if (p->zone == PX_TRANSPORT)
		legs_close(p);
	if (!strcmp(q, "MS")) {
		if (!m->reporter.segment) {
			m->reporter.segment = s->pos;
			px_get(p, s, 2, 1, m->reporter.id, sizeof(m->reporter.id));
			px_join(p, s, 4, 1, m->reporter.name, sizeof(m->reporter.name));
			if (!m->reporter.name[0])
				px_join(p, s, 3, 1, m->reporter.name, sizeof(m->reporter.name));
		}
		if (in_traveller(p))
			px_warn(p, s->pos, "reporting party (NAD+MS) after the travellers");
		p->zone = PX_PARTY;
		return 0;
	}
	if (p->out->n_travellers >= PAXLST_MAX_TRAVELLERS)
		return px_refuse(p, s->pos, "more than %d travellers", PAXLST_MAX_TRAVELLERS);
	if ((size_t)m->n_travellers >= p->trav_cap) {
		size_t cap = p->trav_cap ? p->trav_cap * 2 : 16;
		struct paxlst_traveller *grown = realloc(m->travellers, cap * sizeof(*grown));
		if (!grown)
			return px_refuse(p, s->pos, "out of memory");
		m->travellers = grown;
		p->trav_cap = cap;
	}
	struct paxlst_traveller *t = &m->travellers[m->n_travellers++];
	p->out->n_travellers++;
	memset(t, 0, sizeof(*t));
	t->segment = s->pos;
	keep(t->party, sizeof(t->party), q);
	int crew_list = m->list == PAXLST_LIST_CREW;
	if (!strcmp(q, "FL") || !strcmp(q, "DDU")) {
		t->role = PAXLST_PASSENGER;
	} else if (!strcmp(q, "FM") || !strcmp(q, "DDT")) {
		t->role = PAXLST_CREW_MEMBER;
	} else {
		t->role = crew_list ? PAXLST_CREW_MEMBER : PAXLST_PASSENGER;
		px_warn(p, s->pos, "unknown NAD party qualifier '%s'; read as a %s", q,
			crew_list ? "crew member" : "passenger");
	}
	t->in_transit = !strcmp(q, "DDU") || !strcmp(q, "DDT");
	if (m->list == PAXLST_LIST_PASSENGERS && t->role == PAXLST_CREW_MEMBER)
		px_warn(p, s->pos, "crew member (NAD+%s) in a passenger list", t->party);
	else if (crew_list && t->role == PAXLST_PASSENGER)
		px_warn(p, s->pos, "passenger (NAD+%s) in a crew list", t->party);
	px_get(p, s, 4, 1, t->surname, sizeof(t->surname));
	px_join(p, s, 4, 2, t->given_names, sizeof(t->given_names));
	if (!t->surname[0])
		px_warn(p, s->pos, "traveller has no surname");
	p->zone = PX_PERSON;
	p->doc_skip = 0;
	return 0;
}

static int seg_att(struct px *p, const struct px_segment *s)
{
	char q[16], sex[16];
	if (!in_traveller(p)) {
		px_warn(p, s->pos, "ATT outside a traveller; skipped");
		return 0;
	}
	px_get(p, s, 1, 1, q, sizeof(q));
	if (strcmp(q, "2") != 0)
		return 0;
	px_get(p, s, 3, 1, sex, sizeof(sex));
	if (sex[0] && !sex[1] && strchr("MFUX", sex[0]))
		traveller(p)->sex = sex[0];
	else
		px_warn(p, s->pos, "sex code '%s' is not M, F, U or X", sex);
	return 0;
}

static void to_doc_date(const struct px_when *w, struct doc_date *d)
{
	d->year = w->y;
	d->month = w->m;
	d->day = w->d;
}

static int seg_dtm(struct px *p, const struct px_segment *s)
{
	struct paxlst_message *m = p->msg;
	char q[16], v[24], fmt[8];
	struct px_when w;
	px_get(p, s, 1, 1, q, sizeof(q));
	px_get(p, s, 1, 2, v, sizeof(v));
	px_get(p, s, 1, 3, fmt, sizeof(fmt));
	if (!one_of(q, dtm_known)) {
		px_warn(p, s->pos, "unknown DTM qualifier '%s'; skipped", q);
		return 0;
	}
	/* dates of the whole list, and master crew list validity: nothing to keep */
	if (!strcmp(q, "554") || p->zone == PX_HEAD || p->zone == PX_HEADER || p->zone == PX_PARTY)
		return 0;
	int birth = !strcmp(q, "329"), leg = !strcmp(q, "189") || !strcmp(q, "232");
	int expiry = !strcmp(q, "36"), issued = !strcmp(q, "182");
	if (leg != (p->zone == PX_TRANSPORT)) {
		px_warn(p, s->pos, "DTM %s does not belong %s; skipped", q,
			leg ? "to a traveller" : "to a leg");
		return 0;
	}
	if ((expiry || issued) && (p->zone != PX_DOC || p->doc_skip)) {
		if (!p->doc_skip)
			px_warn(p, s->pos, "DTM %s outside a DOC group; skipped", q);
		return 0;
	}
	if (fmt[0] && strcmp(fmt, "101") && strcmp(fmt, "102") && strcmp(fmt, "201") &&
	    strcmp(fmt, "203") && strcmp(fmt, "602")) {
		px_warn(p, s->pos, "unknown date format '%s'; read by its length", fmt);
		fmt[0] = '\0';
	}
	if (px_when(p, v, fmt, birth || issued ? PX_PAST : PX_NEAR, birth, &w) < 0) {
		const char *what = birth ? "birth date" : expiry ? "expiry date" : "date";
		px_warn(p, s->pos, "%s '%s' is not a date", what, v);
		return 0;
	}
	if (leg) {
		int dep = !strcmp(q, "189"), i = dep ? p->dep_leg : p->arr_leg;
		if (i < 0)
			px_warn(p, s->pos, "DTM %s without a place to %s", q,
				dep ? "leave" : "reach");
		else
			px_when_iso(&w, dep ? m->legs[i].departs : m->legs[i].arrives);
		return 0;
	}
	struct paxlst_traveller *t = traveller(p);
	if (birth) {
		to_doc_date(&w, &t->birth);
		long ymd = (long)w.y * 10000 + w.m * 100 + w.d;
		if (ymd > (long)p->today_y * 10000 + p->today_m * 100 + p->today_d)
			px_warn(p, s->pos, "birth date '%s' is in the future", v);
		return 0;
	}
	struct paxlst_doc *d = &t->docs[t->n_docs - 1];
	to_doc_date(&w, expiry ? &d->expiry : &d->issued);
	return 0;
}

/* the location's code, else its name (LOC+180+:::AMBER HILL) */
static void loc_place(struct px *p, const struct px_segment *s, char *dst, size_t n)
{
	if (!px_get(p, s, 2, 1, dst, n))
		px_get(p, s, 2, 4, dst, n);
}

static int seg_loc(struct px *p, const struct px_segment *s)
{
	char q[16], code[16];
	px_get(p, s, 1, 1, q, sizeof(q));
	if (p->zone == PX_HEAD || p->zone == PX_HEADER || p->zone == PX_PARTY)
		return 0; /* locations of the whole list: nothing to keep */
	if (p->zone == PX_TRANSPORT) {
		char place[36];
		if (!one_of(q, loc_transport)) {
			px_warn(p, s->pos, "unknown LOC qualifier '%s' for a leg; skipped", q);
			return 0;
		}
		loc_place(p, s, place, sizeof(place));
		if (!place[0])
			px_warn(p, s->pos, "LOC %s names no place", q);
		return leg_place(p, s, q, place);
	}
	struct paxlst_traveller *t = traveller(p);
	if (!strcmp(q, "91")) {
		if (p->zone != PX_DOC) {
			px_warn(p, s->pos, "LOC 91 outside a DOC group; skipped");
		} else if (!p->doc_skip) {
			loc_place(p, s, code, sizeof(code));
			country(p, s->pos, "document issuing country", code,
				t->docs[t->n_docs - 1].issuer);
		}
		return 0;
	}
	if (!one_of(q, loc_traveller)) {
		px_warn(p, s->pos, "unknown LOC qualifier '%s' for a traveller; skipped", q);
		return 0;
	}
	if (!strcmp(q, "174")) {
		loc_place(p, s, code, sizeof(code));
		country(p, s->pos, "country of residence", code, t->residence);
	} else if (!strcmp(q, "180")) {
		loc_place(p, s, t->birth_place, sizeof(t->birth_place));
	} else {
		char *dst = !strcmp(q, "22")    ? t->clearance
			    : !strcmp(q, "178") ? t->embarked
						: t->debarks;
		loc_place(p, s, dst, sizeof(t->embarked));
	}
	return 0;
}

static int seg_nat(struct px *p, const struct px_segment *s)
{
	char v[16];
	if (!in_traveller(p)) {
		px_warn(p, s->pos, "NAT outside a traveller; skipped");
		return 0;
	}
	px_get(p, s, 2, 1, v, sizeof(v));
	struct paxlst_traveller *t = traveller(p);
	if (!v[0])
		px_warn(p, s->pos, "NAT names no nationality");
	else if (!t->nationality[0])
		country(p, s->pos, "nationality", v, t->nationality);
	return 0;
}

static int seg_rff(struct px *p, const struct px_segment *s)
{
	char q[16];
	px_get(p, s, 1, 1, q, sizeof(q));
	if (!in_traveller(p)) {
		if (!strcmp(q, "TN") && !p->msg->transaction_ref[0])
			px_get(p, s, 1, 2, p->msg->transaction_ref,
			       sizeof(p->msg->transaction_ref));
		return 0;
	}
	struct paxlst_traveller *t = traveller(p);
	if (!strcmp(q, "AVF"))
		px_get(p, s, 1, 2, t->booking, sizeof(t->booking));
	else if (!strcmp(q, "ABO"))
		px_get(p, s, 1, 2, t->reference, sizeof(t->reference));
	else if (!strcmp(q, "SEA"))
		px_get(p, s, 1, 2, t->seat, sizeof(t->seat));
	return 0;
}

static int seg_doc(struct px *p, const struct px_segment *s)
{
	char type[16];
	if (!in_traveller(p)) {
		px_warn(p, s->pos, "DOC outside a traveller; skipped");
		return 0;
	}
	struct paxlst_traveller *t = traveller(p);
	p->zone = PX_DOC;
	if (t->n_docs >= PAXLST_MAX_DOCS) {
		px_warn(p, s->pos, "more than %d documents for one traveller; skipped",
			PAXLST_MAX_DOCS);
		p->doc_skip = 1;
		return 0;
	}
	p->doc_skip = 0;
	struct paxlst_doc *d = &t->docs[t->n_docs++];
	memset(d, 0, sizeof(*d));
	d->segment = s->pos;
	px_get(p, s, 1, 1, type, sizeof(type));
	keep(d->type, sizeof(d->type), type);
	px_get(p, s, 2, 1, d->number, sizeof(d->number));
	if (!doc_type_known(type))
		px_warn(p, s->pos, "unknown document type '%s'", type);
	if (!d->number[0])
		px_warn(p, s->pos, "DOC has no document number");
	return 0;
}

static int seg_com(struct px *p, const struct px_segment *s)
{
	struct paxlst_party *r = &p->msg->reporter;
	if (p->zone != PX_PARTY)
		return 0; /* a traveller's own phone: not kept */
	for (int e = 1; e <= s->n; e++) {
		char v[72], kind[8];
		px_get(p, s, e, 1, v, sizeof(v));
		px_get(p, s, e, 2, kind, sizeof(kind));
		char *dst = !strcmp(kind, "TE")   ? r->phone
			    : !strcmp(kind, "FX") ? r->fax
			    : !strcmp(kind, "EM") ? r->email
						  : NULL;
		size_t n = dst == r->email ? sizeof(r->email) : sizeof(r->phone);
		if (dst && !dst[0]) {
			if (strlen(v) >= n)
				p->cut = 1;
			keep(dst, n, v);
		}
	}
	return 0;
}

static int seg_cnt(struct px *p, const struct px_segment *s)
{
	char q[16], v[16];
	int n = 0;
	if (p->zone == PX_TRANSPORT)
		legs_close(p);
	px_get(p, s, 1, 1, q, sizeof(q));
	px_get(p, s, 1, 2, v, sizeof(v));
	if (strcmp(q, "41") != 0 && strcmp(q, "42") != 0)
		px_warn(p, s->pos, "unknown CNT qualifier '%s' (41 crew, 42 passengers)", q);
	size_t len = strlen(v);
	for (size_t i = 0; i < len && n >= 0; i++)
		n = v[i] >= '0' && v[i] <= '9' && n < 100000000 ? n * 10 + (v[i] - '0') : -1;
	if (!len || n < 0) {
		px_warn(p, s->pos, "CNT total '%s' is not a number", v);
		return 0;
	}
	p->msg->declared_travellers = n;
	p->cnt_pos = s->pos;
	return 0;
}

/* segments the guide allows that Shekara does not keep */
static int seg_skip(struct px *p, const struct px_segment *s)
{
	(void)p;
	(void)s;
	return 0;
}

static const struct {
	const char *tag;
	int (*read)(struct px *p, const struct px_segment *s);
} segments[] = {
	{ "BGM", seg_bgm },  { "RFF", seg_rff },  { "DTM", seg_dtm },  { "LOC", seg_loc },
	{ "NAD", seg_nad },  { "CTA", seg_skip }, { "COM", seg_com },  { "TDT", seg_tdt },
	{ "ATT", seg_att },  { "MEA", seg_skip }, { "GEI", seg_skip }, { "FTX", seg_skip },
	{ "EMP", seg_skip }, { "NAT", seg_nat },  { "DOC", seg_doc },  { "CNT", seg_cnt },
	{ "QTY", seg_skip }, { "CPI", seg_skip },
};

void px_message_begin(struct px *p, struct paxlst_message *m, const struct px_segment *unh)
{
	(void)unh;
	p->msg = m;
	p->trav_cap = 0;
	p->zone = PX_HEAD;
	p->journey[0] = '\0';
	p->open_leg = p->dep_leg = p->arr_leg = -1;
	p->open_implied = p->open_pos = 0;
	p->cnt_pos = p->doc_skip = p->no_bgm = 0;
	m->declared_travellers = -1;
	m->declared_segments = -1;
}

int px_message_segment(struct px *p, const struct px_segment *s)
{
	if (p->zone == PX_HEAD && strcmp(s->tag, "BGM") != 0) {
		px_warn(p, s->pos, "message '%s' has no BGM after UNH", p->msg->ref);
		p->zone = PX_HEADER;
	}
	for (size_t i = 0; i < sizeof(segments) / sizeof(segments[0]); i++)
		if (!strcmp(s->tag, segments[i].tag))
			return segments[i].read(p, s);
	px_warn(p, s->pos, "segment '%s' is not part of PAXLST; skipped", s->tag);
	return 0;
}

void px_message_end(struct px *p, const struct px_segment *unt)
{
	struct paxlst_message *m = p->msg;
	if (p->zone == PX_TRANSPORT)
		legs_close(p);
	if (p->zone == PX_HEAD)
		px_warn(p, unt->pos, "message '%s' is empty", m->ref);
	if (!m->reporter.segment && p->zone != PX_HEAD)
		px_warn(p, unt->pos, "message '%s' names no reporting party (NAD+MS)", m->ref);
	if (!m->transport.segment && p->zone != PX_HEAD)
		px_warn(p, unt->pos, "message '%s' has no TDT", m->ref);
	if (!p->cnt_pos)
		px_warn(p, unt->pos, "message '%s' has no CNT", m->ref);
	else if (m->declared_travellers != m->n_travellers)
		px_warn(p, p->cnt_pos, "CNT says %d travellers, the message lists %d",
			m->declared_travellers, m->n_travellers);
}
