/* scanners/paxlst.c: the samples of tests/fixtures/paxlst field by field, service
 * characters and release characters, line ends, legs, two-digit years, the warnings a
 * list that disagrees with itself gets (with their segment numbers), the refusals, and
 * the caps. Inputs are parsed from heap copies of exactly their length (no NUL), so the
 * ASan build catches any read past the end. "Today" is 2026-04-15 unless a test says. */
#include "testutil.h"

#include <time.h>

#include "scanners/paxlst.h"

#define FIXTURES "tests/fixtures/paxlst/"
#define UNB      "UNB+UNOA:4+A+B+260415:1200+1'"
#define UNH      "UNH+1+PAXLST:D:05B:UN:IATA'"
/* a message's header with one leg, ALA to FRU */
#define HEAD(ref, dir, bgm)                                                                        \
	"UNH+" ref "+PAXLST:D:" dir ":UN:IATA'BGM+" bgm "'NAD+MS+++D'TDT+20+X1'LOC+125+ALA'"       \
	"LOC+87+FRU'"

static time_t day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
	return timegm(&tm);
}

#define today() day(2026, 4, 15)

static int parse_at(const char *text, size_t len, time_t now, struct paxlst *out, char *why,
		    size_t n)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	int rc = paxlst_parse(copy, len, now, out, why, n);
	free(copy);
	if (rc < 0) {
		assert_int_equal(out->n_messages, 0);
		assert_null(out->messages);
		assert_int_equal(out->n_warnings, 0);
		assert_null(out->warnings);
		assert_true(why[0] != '\0');
	}
	return rc;
}

static void parse_ok_n(const char *text, size_t len, struct paxlst *out)
{
	char why[256] = "";
	if (parse_at(text, len, today(), out, why, sizeof(why)) != 0)
		fail_msg("paxlst_parse refused: %s", why);
}

#define parse_ok(text, out) parse_ok_n((text), strlen(text), (out))

static void refused_n(const char *text, size_t len, const char *needle)
{
	struct paxlst out;
	char why[256] = "";
	if (parse_at(text, len, today(), &out, why, sizeof(why)) == 0) {
		paxlst_free(&out);
		fail_msg("accepted, expected a refusal with '%s'", needle);
	}
	TU_CONTAINS(why, needle);
}

#define refused(text, needle) refused_n((text), strlen(text), (needle))

static char *fixture(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	char *text = tu_read_file(path, len);
	if (!text)
		fail_msg("cannot read '%s'", path);
	return text;
}

static void load(const char *name, struct paxlst *out)
{
	size_t len;
	char *text = fixture(name, &len);
	parse_ok_n(text, len, out);
	free(text);
}

struct want_warning {
	int segment;
	const char *text;
};

static void warnings_are(const struct paxlst *p, const struct want_warning *w, int n)
{
	for (int i = 0; i < p->n_warnings && i < n; i++) {
		if (p->warnings[i].segment != w[i].segment ||
		    !strstr(p->warnings[i].text, w[i].text))
			fail_msg("warning %d is (%d) '%s', expected (%d) '%s'", i,
				 p->warnings[i].segment, p->warnings[i].text, w[i].segment,
				 w[i].text);
	}
	if (p->n_warnings != n)
		fail_msg("%d warnings, expected %d (first: %s)", p->n_warnings, n,
			 p->n_warnings ? p->warnings[0].text : "none");
}

#define no_warnings(p) warnings_are((p), NULL, 0)

static void date_is(const struct doc_date *d, int y, int m, int dd)
{
	if (d->year != y || d->month != m || d->day != dd)
		fail_msg("date %04d-%02d-%02d, expected %04d-%02d-%02d", d->year, d->month, d->day,
			 y, m, dd);
}

static const char *dash(const char *s)
{
	return s[0] ? s : "-";
}

/* "1975-05-14", "1975-00-00" with unknown parts, "-" when nothing is known */
static const char *ymd(const struct doc_date *d, char buf[16])
{
	if (!d->year && !d->month && !d->day)
		return "-";
	snprintf(buf, 16, "%04d-%02d-%02d", d->year % 10000, d->month % 100, d->day % 100);
	return buf;
}

/* Everything read about a traveller on one line, "-" for an empty text or date:
 *   @NAD party role surname/given-names sex birth nationality
 *   | embarked>debarks clearance residence birth-place | booking seat reference
 *   | and per DOC: type number issuer expiry issued @DOC */
static void traveller_is(const struct paxlst_traveller *t, const char *want)
{
	char got[1024], birth[16], exp[16], iss[16];
	int o = snprintf(got, sizeof(got), "@%d %s %s%s %s/%s %c %s %s | %s>%s %s %s %s | %s %s %s",
			 t->segment, t->party, t->role == PAXLST_PASSENGER ? "pax" : "crew",
			 t->in_transit ? "-transit" : "", dash(t->surname), dash(t->given_names),
			 t->sex ? t->sex : '-', ymd(&t->birth, birth), dash(t->nationality),
			 dash(t->embarked), dash(t->debarks), dash(t->clearance),
			 dash(t->residence), dash(t->birth_place), dash(t->booking), dash(t->seat),
			 dash(t->reference));
	for (int i = 0; i < t->n_docs && o > 0 && (size_t)o < sizeof(got); i++) {
		const struct paxlst_doc *d = &t->docs[i];
		o += snprintf(got + o, sizeof(got) - (size_t)o, " | %s %s %s %s %s @%d",
			      dash(d->type), dash(d->number), dash(d->issuer), ymd(&d->expiry, exp),
			      ymd(&d->issued, iss), d->segment);
	}
	assert_string_equal(got, want);
}

static void travellers_are(const struct paxlst_message *m, const char *const *want, int n)
{
	assert_int_equal(m->n_travellers, n);
	for (int i = 0; i < n; i++)
		traveller_is(&m->travellers[i], want[i]);
}

/* "journey from>to departs/arrives", "-" for an empty text */
static void leg_is(const struct paxlst_leg *l, const char *want)
{
	char got[200];
	snprintf(got, sizeof(got), "%s %s>%s %s/%s", dash(l->journey), dash(l->from), dash(l->to),
		 dash(l->departs), dash(l->arrives));
	assert_string_equal(got, want);
}

/* A message around body: reporting party, one leg ALA-FRU, then body, CNT with the
 * number of NAD in body, and UNT/UNZ with the right counts. Free the result. */
static char *wrap(const char *body)
{
	static const char head[] = "UNB+UNOA:4+SENDER+RECIPIENT+260415:1200+REF1'"
				   "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+MS+++DESK'"
				   "TDT+20+XX1'LOC+125+ALA'LOC+87+FRU'";
	int nads = 0, segs = 6; /* UNH to LOC+87 */
	for (const char *q = body; (q = strstr(q, "NAD+")) != NULL; q++)
		nads += strncmp(q, "NAD+MS", 6) != 0;
	for (size_t i = 0; body[i]; i++) {
		if (body[i] == '?' && body[i + 1])
			i++;
		else if (body[i] == '\'')
			segs++;
	}
	size_t n = sizeof(head) + strlen(body) + 96;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s%sCNT+42:%d'UNT+%d+M1'UNZ+1+REF1'", head, body, nads, segs + 2);
	return s;
}

static void wrap_ok(const char *body, struct paxlst *out)
{
	char *s = wrap(body);
	parse_ok(s, out);
	free(s);
}

static void separators_are(const struct paxlst_separators *s, const char six[7], int una)
{
	const char got[7] = { s->component,  s->element,    s->decimal, s->release,
			      s->repetition, s->terminator, 0 };
	assert_string_equal(got, six);
	assert_int_equal(s->from_una, una);
}

/* "id|name|phone|fax|email" */
static void reporter_is(const struct paxlst_party *r, const char *want)
{
	char got[400];
	snprintf(got, sizeof(got), "%s|%s|%s|%s|%s", r->id, r->name, r->phone, r->fax, r->email);
	assert_string_equal(got, want);
}

/* "stage journey mode carrier|carrier name|vehicle" */
static void transport_is(const struct paxlst_transport *t, const char *want)
{
	char got[300];
	snprintf(got, sizeof(got), "%s %s %d %s|%s|%s", t->stage, t->journey, t->mode, t->carrier,
		 t->carrier_name, t->vehicle);
	assert_string_equal(got, want);
}

/* --- the samples -------------------------------------------------------------------------- */

static void test_bus_d02b_header_transport_and_legs_via_the_crossing(void **state)
{
	(void)state;
	struct paxlst p;
	load("bus-d02b.edi", &p);
	no_warnings(&p);
	separators_are(&p.separators, ":+.? '", 1);
	assert_string_equal(p.syntax, "UNOA:4");
	assert_string_equal(p.sender, "ALMATYEXPRESS");
	assert_string_equal(p.recipient, "KGZBORDER");
	assert_string_equal(p.prepared, "2026-04-15T21:30");
	assert_string_equal(p.control_ref, "AEX260416001");
	assert_string_equal(p.application, "APIS");
	assert_int_equal(p.test, 0);
	assert_int_equal(p.n_groups, 0);
	assert_int_equal(p.n_messages, 1);
	assert_int_equal(p.n_travellers, 13);
	assert_int_equal(p.segments, 161);

	const struct paxlst_message *m = &p.messages[0];
	assert_string_equal(m->ref, "AEX0416");
	assert_string_equal(m->version, "D:02B");
	assert_string_equal(m->bgm, "745");
	assert_int_equal(m->list, PAXLST_LIST_PASSENGERS);
	assert_string_equal(paxlst_list_name(m->list), "passengers");
	assert_string_equal(m->transaction_ref, "AEX20260416-0715");
	assert_int_equal(m->segment, 3);
	reporter_is(&m->reporter, "|ALMATY EXPRESS DISPATCH|7 727 250 1234|7 727 250 1235|"
				  "DISPATCH@ALMATY-EXPRESS.EXAMPLE");
	assert_int_equal(m->reporter.segment, 6);
	transport_is(&m->transport, "20 AE0715 3 AEX|ALMATY EXPRESS|KZ 123 ABC");
	assert_int_equal(m->transport.segment, 8);
	assert_int_equal(m->n_legs, 2);
	leg_is(&m->legs[0], "AE0715 KZALA>KORDAY 2026-04-16T07:00/2026-04-16T10:30");
	leg_is(&m->legs[1], "AE0715 KORDAY>KGFRU 2026-04-16T11:30/2026-04-16T13:00");
	assert_int_equal(m->declared_travellers, 13);
	assert_int_equal(m->declared_segments, 158);
	paxlst_free(&p);
	assert_int_equal(p.n_messages, 0);
	assert_null(p.messages);
	paxlst_free(&p); /* twice is harmless */
}

static void test_bus_d02b_every_traveller_field_by_field(void **state)
{
	(void)state;
	static const char *const want[] = {
		/* the demo national list's KHALIMOV Gulmurod */
		"@16 FL pax KHALIMOV/GULMUROD M 1975-05-14 TJK | KZALA>KGFRU - - - | AEX7K2 07 - "
		"| P 401234567 TJK 2031-02-03 - @24",
		/* the demo lost and stolen list's passport N01234567 KAZ */
		"@27 FL pax SADYKOVA/AIGERIM F 1988-09-23 KAZ | KZALA>KGFRU - - - | AEX3M9 08 - "
		"| P N01234567 KAZ 2029-06-11 - @35",
		"@38 FL pax NURLANOV/ASKAR M 1991-03-02 KAZ | KZALA>KGFRU - - - | AEX3M9 09 - "
		"| I 045612378 KAZ 2030-01-15 - @46",
		"@49 FL pax ABDRAKHMANOVA/DINARA SERIKOVNA F 1985-01-27 KAZ | KZALA>KGFRU - - - "
		"| AEX5P1 10 - | P N09876543 KAZ 2032-08-08 - @57",
		"@60 FL pax ORMONOV/BAKYT M 1979-06-16 KGZ | KZALA>KGFRU - - - | AEX8Q4 11 - "
		"| P AC1234567 KGZ 2028-09-30 - @68",
		"@71 FL pax ISAKOVA/NURGUL F 2002-04-11 KGZ | KZALA>KGFRU - - - | AEX8Q4 12 - "
		"| ID ID1234567 KGZ 2031-04-11 - @79",
		/* G?'ULOMOV:ULUG?'BEK: the release character goes, the apostrophe stays */
		"@82 FL pax G'ULOMOV/ULUG'BEK M 1983-01-05 UZB | KZALA>KGFRU - - - | AEX2R7 14 - "
		"| P FA1234567 UZB 2029-03-02 - @90",
		"@93 FL pax KARIMOVA/MALIKA F 1996-07-18 UZB | KZALA>KGFRU - - - | AEX2R7 15 - "
		"| P FA7654321 UZB 2030-02-28 - @101",
		"@104 FL pax PETROV/SERGEI IVANOVICH M 1970-09-09 RUS | KZALA>KGFRU - - - "
		"| AEX9T3 16 - | P 751234567 RUS 2027-05-15 - @112",
		"@115 FL pax ZHUMABEKOV/TIMUR M 2012-11-20 KAZ | KZALA>KGFRU - - - | AEX5P1 17 - "
		"| P N11223344 KAZ 2027-11-20 - @123",
		"@126 FL pax SULTANOVA/AIDA F 1969-03-30 KGZ | KZALA>KGFRU - - - | AEX4W6 18 - "
		"| P AC7654321 KGZ 2028-12-12 - @134",
		"@137 FL pax RAKHIMOV/FARRUKH M 1994-08-14 TJK | KZALA>KGFRU - - - | AEX6Y8 19 - "
		"| P 409876543 TJK 2030-06-19 - @145",
		"@148 FL pax TOKTOGULOVA/ELMIRA F 1977-02-28 KGZ | KZALA>KGFRU - - - | AEX4W6 20 - "
		"| P AC5558881 KGZ 2029-01-01 - @156",
	};
	struct paxlst p;
	load("bus-d02b.edi", &p);
	travellers_are(&p.messages[0], want, 13);
	paxlst_free(&p);
}

static void test_train_d05b_crew_list_without_una_or_line_breaks(void **state)
{
	(void)state;
	static const char *const want[] = {
		"@12 FM crew SERIKBAYEV/MARAT M 1971-04-19 KAZ | ->- - KAZ - | - - - "
		"| P N22334455 KAZ 2030-04-19 - @18",
		"@21 FM crew OSPANOVA/GULNARA F 1983-07-11 KAZ | ->- - KAZ - | - - - "
		"| P N33445566 KAZ 2029-12-01 - @27",
		"@30 FM crew TURSUNOV/BAKHTIYOR M 1988-02-03 UZB | ->- - UZB - | - - - "
		"| P FA2345678 UZB 2031-05-22 - @36",
		"@39 DDT crew-transit KIM/VLADIMIR M 1965-09-25 KAZ | ->- - KAZ - | - - - "
		"| P N44556677 KAZ 2028-03-14 - @45",
	};
	struct paxlst p;
	size_t len;
	char *text = fixture("train-d05b-crew.edi", &len);
	assert_null(memchr(text, '\n', len));
	parse_ok_n(text, len, &p);
	free(text);
	no_warnings(&p);
	separators_are(&p.separators, ":+.? '", 0);
	assert_string_equal(p.prepared, "2026-04-15T18:00"); /* CCYYMMDD in UNB */
	assert_int_equal(p.n_groups, 1);
	const struct paxlst_message *m = &p.messages[0];
	assert_string_equal(m->version, "D:05B");
	assert_string_equal(m->bgm, "250");
	assert_int_equal(m->list, PAXLST_LIST_CREW);
	assert_string_equal(paxlst_list_name(m->list), "crew");
	reporter_is(&m->reporter, "KTZPAX01||7 717 260 0017||");
	transport_is(&m->transport, "20 0017 2 KTZ|KAZAKHSTAN TEMIR ZHOLY|TALGO 09");
	assert_int_equal(m->n_legs, 1);
	leg_is(&m->legs[0], "0017 KZALA>UZTAS 2026-04-16T18:05/2026-04-17T09:40");
	assert_int_equal(m->declared_travellers, 4);
	travellers_are(m, want, 4);
	paxlst_free(&p);
}

static void test_flight_multileg_two_legs_and_where_each_boards(void **state)
{
	(void)state;
	static const char *const want[] = {
		"@17 FL pax O'CONNOR/MAEVE F 1985-03-12 IRL | IST>FRU - IRL CORK IRL "
		"| QW4E7R 14C KC921IST001 | P PX1234567 IRL 2030-01-01 2020-01-02 @28 "
		"| V KGZ0042731 KGZ 2026-07-15 - @32",
		"@35 FL pax YILMAZ/MEHMET ALI M 1978-01-01 TUR | IST>ALA - - - | ZX9C2V 22A - "
		"| P U12345678 TUR 2029-06-15 - @43",
		"@46 DDU pax-transit ALIYEV/RUSTAM M 1990-05-05 AZE | IST>FRU FRU - - "
		"| LK8J5H 30F - | P C01234567 AZE 2028-10-01 - @55",
		"@58 FL pax ESENGELDIEVA/AIZHAN F 1995-02-10 KGZ | ALA>FRU - - - | PO3I6U 03D - "
		"| ID ID0123456 KGZ 2033-02-10 - @66",
		/* born on 29 February 2000; D is ICAO's code for Germany */
		"@69 FL pax WEBER/ANNA F 2000-02-29 DEU | IST>FRU - DEU - | MN1B4V 14D - "
		"| P C4X7Y2Z91 D 2034-02-28 - @78",
	};
	struct paxlst p;
	load("flight-multileg.edi", &p);
	no_warnings(&p);
	const struct paxlst_message *m = &p.messages[0];
	reporter_is(&m->reporter, "|API DESK KC OPERATIONS|7 727 258 4136||API.DESK@KC.EXAMPLE");
	transport_is(&m->transport, "20 KC921 0 KC||");
	assert_int_equal(m->n_legs, 2);
	leg_is(&m->legs[0], "KC921 IST>ALA 2026-04-16T01:30/2026-04-16T08:45");
	leg_is(&m->legs[1], "KC921 ALA>FRU 2026-04-16T10:00/2026-04-16T11:10");
	travellers_are(m, want, 5);
	paxlst_free(&p);
}

static void test_una_custom_separators_and_release_characters(void **state)
{
	(void)state;
	static const char *const want[] = {
		"@12 FL pax O'BRIEN/SEAN PATRICK M 1981-03-17 IRL | ->- - - - | SRT+44A 1A - "
		"| P PB7654321 IRL 2031-01-01 - @18",
		"@21 FL pax AL|HASHIMI/NOOR F 1992-08-08 JOR | ->- - - - | NH!7:B 1B - "
		"| P N123~456 JOR 2030-05-05 - @27",
		"@30 FL pax KIM/MIN^JI F 1999-01-01 KOR | ->- - - - | K?M'01 2A - "
		"| P M12345678 KOR 2029-09-09 - @36",
	};
	struct paxlst p;
	load("una-custom.edi", &p);
	no_warnings(&p);
	separators_are(&p.separators, "^|,!*~", 1);
	assert_string_equal(p.syntax, "UNOC:4");
	const struct paxlst_message *m = &p.messages[0];
	reporter_is(&m->reporter,
		    "|SILK ROAD|TOURS|+7 701 555 0101||BOOKINGS+API@SILKROAD.EXAMPLE");
	transport_is(&m->transport, "20 SRT44 3 SRT|SILK ROAD TOURS|KG 07 777 AB");
	leg_is(&m->legs[0], "SRT44 KGFRU>KZALA 2026-04-17T08:00/2026-04-17T14:00");
	travellers_are(m, want, 3);
	paxlst_free(&p);
}

static void test_counts_that_disagree_are_warnings_and_every_traveller_loads(void **state)
{
	(void)state;
	static const char *const want[] = {
		"@10 FL pax BAITURSYNOV/ERLAN M 1987-04-12 KAZ | ->- - - - | - - - "
		"| P N55667788 KAZ 2030-04-12 - @14",
		"@17 FL pax ASANOVA/ZHYLDYZ F 1993-06-19 KGZ | ->- - - - | - - - "
		"| P AC3344556 KGZ 2029-06-19 - @21",
		"@24 FL pax MAMYTOV/ADILET M 2001-08-05 KGZ | ->- - - - | - - - "
		"| ID ID7788990 KGZ 2031-08-05 - @28",
		"@31 FL pax SMAGULOVA/KAMILA F 1999-01-22 KAZ | ->- - - - | - - - "
		"| P N99887766 KAZ 2032-01-22 - @35",
	};
	static const struct want_warning warned[] = {
		{ 38, "CNT says 5 travellers, the message lists 4" },
		{ 39, "UNT counts 35 segments, the message has 38" },
		{ 40, "UNZ counts 2 messages, the file has 1" },
	};
	struct paxlst p;
	load("counts-wrong.edi", &p);
	warnings_are(&p, warned, 3);
	assert_int_equal(p.messages[0].declared_travellers, 5);
	assert_int_equal(p.messages[0].declared_segments, 35);
	travellers_are(&p.messages[0], want, 4);
	paxlst_free(&p);
}

static void test_bogus_codes_are_warnings_with_their_segment(void **state)
{
	(void)state;
	static const char *const want[] = {
		"@11 ZZ pax DOSMAGAMBETOV/NURSULTAN - - - | ->- - - - | - - - "
		"| QQ N10203040 KAZ - - @15",
		"@18 FL pax ZHOLDOSHEVA/CHOLPON F 1983-07-04 KGZ | ->- - - - | - - - "
		"| P AC9080706 - 2030-07-04 - @25",
		"@28 FL pax YUSUPOV/DAVRON M - UZB | ->- - - - | - - - | P FA5554443 UZB - - @32",
	};
	static const struct want_warning warned[] = {
		{ 3, "unknown BGM document code '999'" },
		{ 5, "mode of transport 'X'" },
		{ 8, "unknown LOC qualifier '555' for a leg" },
		{ 11, "unknown NAD party qualifier 'ZZ'; read as a passenger" },
		{ 12, "sex code 'Q' is not M, F, U or X" },
		{ 13, "birth date '750231' is not a date" },
		{ 14, "nationality 'KZ' is not an ISO 3166 or ICAO country code" },
		{ 15, "unknown document type 'QQ'" },
		{ 16, "expiry date 'ABCDEF' is not a date" },
		{ 21, "unknown DTM qualifier '999'" },
		{ 22, "country of residence 'QQQ'" },
		{ 24, "segment 'XYZ' is not part of PAXLST" },
		{ 27, "document issuing country 'XYZ'" },
		{ 30, "birth date '301299' is not a date" },
		{ 33, "expiry date '291130' is not a date" }, /* format 102 wants 8 digits */
	};
	struct paxlst p;
	load("bogus-codes.edi", &p);
	warnings_are(&p, warned, 15);
	const struct paxlst_message *m = &p.messages[0];
	assert_int_equal(m->list, PAXLST_LIST_UNKNOWN);
	assert_string_equal(m->bgm, "999");
	assert_int_equal(m->n_legs, 1);
	travellers_are(m, want, 3);
	paxlst_free(&p);
}

static void test_malformed_samples_are_refused_with_their_segment(void **state)
{
	(void)state;
	static const struct {
		const char *file, *reason;
	} cases[] = {
		{ "truncated.edi",
		  "segment 18: segment 'NAD' has no terminator: the file is cut short" },
		{ "not-paxlst.edi", "segment 3: message type 'CUSCAR' is not PAXLST" },
		{ "bad-una.edi", "segment 1: UNA gives '+' as both component separator and data "
				 "element separator" },
		{ "unterminated-release.edi",
		  "segment 20: segment 'UNZ' has no terminator: the last "
		  "''' is escaped by the release character '?'" },
		{ "junk.edi", "segment 1: segment tag '\\x89PN' is not 3 upper-case letters" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		char *text = fixture(cases[i].file, &len);
		struct paxlst p;
		char why[256] = "";
		if (parse_at(text, len, today(), &p, why, sizeof(why)) == 0)
			fail_msg("'%s' accepted", cases[i].file);
		assert_string_equal(why, cases[i].reason);
		free(text);
	}
}

/* --- line ends, service characters, envelope ---------------------------------------------- */

static void same_lists(const struct paxlst *a, const struct paxlst *b)
{
	assert_true(a->n_messages == b->n_messages && a->n_travellers == b->n_travellers);
	assert_true(a->segments == b->segments && a->n_warnings == b->n_warnings);
	for (int i = 0; i < a->n_messages; i++) {
		const struct paxlst_message *x = &a->messages[i], *y = &b->messages[i];
		assert_int_equal(x->n_legs, y->n_legs);
		assert_memory_equal(x->legs, y->legs, sizeof(x->legs[0]) * (size_t)x->n_legs);
		assert_memory_equal(&x->reporter, &y->reporter, sizeof(x->reporter));
		assert_memory_equal(&x->transport, &y->transport, sizeof(x->transport));
		assert_int_equal(x->n_travellers, y->n_travellers);
		assert_memory_equal(x->travellers, y->travellers,
				    sizeof(x->travellers[0]) * (size_t)x->n_travellers);
	}
}

/* copy of text without the bytes in drop */
static char *without(const char *text, size_t len, const char *drop, size_t *out_len)
{
	char *s = malloc(len + 1);
	size_t o = 0;
	assert_non_null(s);
	for (size_t i = 0; i < len; i++)
		if (!strchr(drop, text[i]))
			s[o++] = text[i];
	s[o] = '\0';
	*out_len = o;
	return s;
}

static void test_line_ends_byte_order_mark_and_default_una_read_the_same(void **state)
{
	(void)state;
	size_t len, lf_len, flat_len;
	char *crlf = fixture("bus-d02b.edi", &len);
	char *lf = without(crlf, len, "\r", &lf_len);
	char *flat = without(crlf, len, "\r\n", &flat_len);
	assert_true(lf_len < len && flat_len < lf_len);
	/* telex-style: a byte order mark, wrapped every 64 bytes (inside segments and tags
	 * too), blanks between segments and after UNZ */
	char *wrapped = malloc(flat_len * 2 + 16);
	size_t w = 5;
	assert_non_null(wrapped);
	memcpy(wrapped, "\xEF\xBB\xBF\r\n", 5);
	for (size_t i = 0; i < flat_len; i++) {
		if (i && i % 64 == 0)
			wrapped[w++] = '\n';
		wrapped[w++] = flat[i];
		if (flat[i] == '\'' && flat[i - 1] != '?')
			wrapped[w++] = ' ';
	}
	memcpy(wrapped + w, "\r\n \t\n", 5);
	w += 5;
	struct paxlst a, b, c, d, e;
	parse_ok_n(crlf, len, &a);
	parse_ok_n(lf, lf_len, &b);
	parse_ok_n(flat, flat_len, &c);
	parse_ok_n(wrapped, w, &d);
	same_lists(&a, &b);
	same_lists(&a, &c);
	same_lists(&a, &d);
	/* without its UNA the file reads the same, one segment earlier */
	assert_memory_equal(crlf, "UNA:+.? '\r\n", 11);
	parse_ok_n(crlf + 11, len - 11, &e);
	separators_are(&e.separators, ":+.? '", 0);
	assert_int_equal(e.segments, a.segments - 1);
	assert_int_equal(e.messages[0].travellers[0].segment, 15);
	assert_string_equal(e.messages[0].travellers[6].surname, "G'ULOMOV");
	struct paxlst *all[] = { &a, &b, &c, &d, &e };
	char *texts[] = { crlf, lf, flat, wrapped };
	for (int i = 0; i < 5; i++) {
		paxlst_free(all[i]);
		if (i < 4)
			free(texts[i]);
	}
}

static void test_release_character_escapes_separators_and_itself(void **state)
{
	(void)state;
	struct paxlst p;
	wrap_ok("NAD+FL+++D?'ARCY?+SMITH:ANNE?:MARIE:JO?"
		"?'ATT+2++F'",
		&p);
	no_warnings(&p);
	const struct paxlst_traveller *t = &p.messages[0].travellers[0];
	traveller_is(t, "@8 FL pax D'ARCY+SMITH/ANNE:MARIE JO? F - - | ->- - - - | - - -");
	paxlst_free(&p);

	/* a UNA with a blank release position has no release character */
	parse_ok("UNA:+. *'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++WHO?:X'UNT+4+1'", &p);
	separators_are(&p.separators, ":+. *'", 1);
	traveller_is(p.messages[0].travellers, "@4 FL pax WHO?/X - - - | ->- - - - | - - -");
	paxlst_free(&p);

	refused(UNH "BGM+745?", "segment 2: segment 'BGM': the file ends after the release");
	refused(UNH "BGM+745?'", "segment 2: segment 'BGM' has no terminator: the last ''' is");
}

static void test_malformed_una_is_refused(void **state)
{
	(void)state;
	refused("UNA:+", "segment 1: UNA is cut short");
	refused("UNA:+.? ", "segment 1: UNA is cut short");
	refused("UNA:a.? 'UNH+1'", "segment 1: UNA data element separator 'a' is not a "
				   "punctuation character");
	refused("UNA:+x? 'UNH+1'", "segment 1: UNA decimal mark 'x' is not '.' or ','");
	refused("UNA:+.?\n'UNH+1'", "UNA repetition separator '\\x0A'");
	refused("UNA:+.? \nUNH+1'", "UNA segment terminator '\\x0A'");
	refused("UNA:+.?:'UNH+1'", "UNA gives ':' as both component separator and repetition");
	refused("UNA:+.+ 'UNH+1'", "UNA gives '+' as both data element separator and release");
	refused(UNB "UNA:+.? '", "segment 2: UNA is allowed only at the start of the file");
}

static void test_structure_errors_are_refused_with_their_segment(void **state)
{
	(void)state;
	static const char nul[] = UNH "NAD+FL+++A\0B'";
	refused_n("", 0, "the file is empty");
	refused(" \r\n\t\r\n", "the file is empty");
	refused("Unb+UNOA:4'", "segment 1: segment tag 'Unb' is not 3 upper-case letters");
	refused(UNH "BGMX+745'", "segment 2: segment tag 'BGMX' is not 3");
	refused(UNH "BG", "segment 2: the file ends inside a segment tag");
	refused(UNH "BGM", "segment 2: segment 'BGM' has no terminator");
	refused(UNH "BGM:745'", "segment 2: segment tag 'BGM' is followed by ':', not a separator");
	refused_n(nul, sizeof(nul) - 1, "segment 2: segment 'NAD': control character 0x00 in the");
	refused(UNH "NAD+FL+++A\x1b[2JB'", "segment 2: segment 'NAD': control character 0x1B");
	refused("BGM+745'", "segment 1: segment 'BGM' outside a message");
	refused(UNH "BGM+745'UNT+3+1'NAD+FL+++X'", "segment 4: segment 'NAD' outside a message");
	refused(UNH "BGM+745'", "segment 2: message '1' of segment 1 has no UNT: the file is cut");
	refused(UNH UNH, "segment 2: UNH inside message '1': its UNT is missing");
	refused(UNB UNH "BGM+745'UNZ+1+1'", "segment 4: UNZ inside message '1'");
	refused("UNT+3+1'", "segment 1: UNT without UNH");
	refused(UNB UNB, "segment 2: UNB is allowed only at the start");
	refused(UNB "UNE+1+1'", "segment 2: UNE without UNG");
	refused(UNB "UNG+PAXLST+A+B+260415:1200+7+UN+D:05B'UNG+PAXLST+A+B+260415:1200+8+UN+D:05B'",
		"segment 3: UNG inside a group");
	refused(UNB "UNZ+0+1'", "segment 2: no PAXLST message");
	refused(UNB UNH "BGM+745'UNT+3+1'",
		"segment 4: no UNZ after the last segment: the file is");
	refused(UNB UNH "BGM+745'UNT+3+1'UNZ+1+1'UNH+2'", "segment 6: segment 'UNH' after UNZ");
	refused(UNB UNH "BGM+745'UNT+3+1'UNZ+1+1'xx", "segment 6: segment tag 'xx'");
}

static void test_groups_and_messages_are_counted_in_une_and_unz(void **state)
{
	(void)state;
	struct paxlst p;
	static const char m1[] = HEAD("M1", "05B", "745") "NAD+FL+++ONE'CNT+42:1'UNT+9+M1'";
	static const char m2[] =
		HEAD("M2", "05B", "250") "NAD+FM+++TWO'NAD+FM+++3'CNT+41:2'UNT+10+M2'";
	static const char m3[] = HEAD("M3", "05B", "745") "NAD+FL+++FOUR'CNT+42:1'UNT+9+M3'";
	char text[1024];
	snprintf(text, sizeof(text),
		 "UNB+UNOA:4+A+B+260415:1200+IC1++++++1'UNG+PAXLST+A+B+260415:1200+G1+UN+D:05B'%s%s"
		 "UNE+2+G1'UNG+PAXLST+A+B+260415:1200+G2+UN+D:05B'%sUNE+3+G9'UNZ+1+IC2'",
		 m1, m2, m3);
	parse_ok(text, &p);
	assert_int_equal(p.test, 1);
	assert_int_equal(p.n_groups, 2);
	assert_int_equal(p.n_messages, 3);
	assert_int_equal(p.n_travellers, 4);
	assert_int_equal(p.messages[1].list, PAXLST_LIST_CREW);
	assert_string_equal(p.messages[1].travellers[1].surname, "3");
	assert_int_equal(p.messages[2].segment, 24);
	static const struct want_warning want[] = {
		{ 33, "UNE counts 3 messages, the file has 1" },
		{ 33, "UNE reference 'G9' is not the header's 'G2'" },
		{ 34, "UNZ counts 1 groups, the file has 2" },
		{ 34, "UNZ reference 'IC2' is not the header's 'IC1'" },
	};
	warnings_are(&p, want, 4);
	paxlst_free(&p);
}

static void test_a_message_without_unb_or_with_odd_headers_warns(void **state)
{
	(void)state;
	struct paxlst p;
	parse_ok(HEAD("M1", "15B", "745") "NAD+FL+++ONE'CNT+42:1'UNT+9+M9'", &p);
	static const struct want_warning want[] = {
		{ 1, "no UNB interchange header" },
		{ 1, "directory 'D:15B' is neither D:02B nor D:05B" },
		{ 9, "UNT reference 'M9' is not the UNH's 'M1'" },
	};
	warnings_are(&p, want, 3);
	assert_string_equal(p.messages[0].version, "D:15B");
	assert_string_equal(p.syntax, "");
	assert_int_equal(p.messages[0].n_travellers, 1);
	paxlst_free(&p);

	parse_ok("UNH+M1+PAXLST:D:05B:UN:IATA'NAD+FL+++ONE'UNT+x+M1'", &p);
	static const struct want_warning bare[] = {
		{ 1, "no UNB interchange header" },
		{ 2, "message 'M1' has no BGM after UNH" },
		{ 3, "message 'M1' names no reporting party" },
		{ 3, "message 'M1' has no TDT" },
		{ 3, "message 'M1' has no CNT" },
		{ 3, "UNT segment count 'x' is not a number" },
	};
	warnings_are(&p, bare, 6);
	assert_int_equal(p.messages[0].declared_segments, -1);
	assert_int_equal(p.messages[0].declared_travellers, -1);
	paxlst_free(&p);
}

/* --- legs and dates ----------------------------------------------------------------------- */

static void test_progressive_flight_with_loc_92_sectors(void **state)
{
	(void)state;
	struct paxlst p;
	/* the guide's example of a progressive flight, BCN-IAD-SFO in two TDTs */
	parse_ok("UNH+123+PAXLST:D:05B:UN:IATA'BGM+745'NAD+MS+++XYZ PSGR SYSTEMS'"
		 "TDT+20+XZ877+++XZ'LOC+92+BCN'DTM+189:1407081100:201'LOC+92+IAD'"
		 "DTM+232:1407081700:201'TDT+20+ZX877+++XZ'LOC+92+IAD'DTM+189:1407081930:201'"
		 "LOC+92+SFO'DTM+232:1407082330:201'NAD+FL+++MARTINEZ:JULIO:XAVIER'"
		 "CNT+42:1'UNT+16+123'",
		 &p);
	warnings_are(&p, (const struct want_warning[]){ { 1, "no UNB" } }, 1);
	const struct paxlst_message *m = &p.messages[0];
	assert_int_equal(m->n_legs, 2);
	leg_is(&m->legs[0], "XZ877 BCN>IAD 2014-07-08T11:00/2014-07-08T17:00");
	leg_is(&m->legs[1], "ZX877 IAD>SFO 2014-07-08T19:30/2014-07-08T23:30");
	assert_string_equal(m->transport.journey, "XZ877");
	paxlst_free(&p);
}

static void test_legs_without_an_end_or_a_start_warn(void **state)
{
	(void)state;
	struct paxlst p;
	wrap_ok("TDT+20+XX2'LOC+125+AAA'DTM+189:2604160700:201'LOC+125+BBB'LOC+87+CCC'"
		"TDT+20+XX3'LOC+87+DDD'DTM+232:2604161000:201'DTM+189:2604161000:201'LOC+125+EEE'",
		&p);
	static const struct want_warning want[] = {
		{ 9, "the leg from 'AAA' has no arrival place" },
		{ 14, "arrival place 'DDD' without a departure place" },
		{ 16, "DTM 189 without a place to leave" },
		{ 17, "the leg from 'EEE' has no arrival place" },
	};
	warnings_are(&p, want, 4);
	const struct paxlst_message *m = &p.messages[0];
	assert_int_equal(m->n_legs, 5);
	leg_is(&m->legs[0], "XX1 ALA>FRU -/-");
	leg_is(&m->legs[1], "XX2 AAA>- 2026-04-16T07:00/-");
	leg_is(&m->legs[2], "XX2 BBB>CCC -/-");
	leg_is(&m->legs[3], "XX3 ->DDD -/2026-04-16T10:00");
	leg_is(&m->legs[4], "XX3 EEE>- -/-");
	paxlst_free(&p);
}

static void test_two_digit_years_take_their_century_from_now(void **state)
{
	(void)state;
	struct paxlst p;
	char why[200];
	/* births never after today; expiry and travel within 50 years of it */
	char *s = wrap("NAD+FL+++A'DTM+329:260415'DOC+P+1'DTM+36:760101'"
		       "NAD+FL+++B'DTM+329:260416'DOC+P+2'DTM+36:770101'");
	if (parse_at(s, strlen(s), today(), &p, why, sizeof(why)) < 0)
		fail_msg("%s", why);
	const struct paxlst_traveller *t = p.messages[0].travellers;
	traveller_is(&t[0],
		     "@8 FL pax A/- - 2026-04-15 - | ->- - - - | - - - | P 1 - 2076-01-01 - @10");
	traveller_is(&t[1],
		     "@12 FL pax B/- - 1926-04-16 - | ->- - - - | - - - | P 2 - 1977-01-01 - @14");
	no_warnings(&p);
	paxlst_free(&p);
	/* read in 1999 the same file means other centuries */
	if (parse_at(s, strlen(s), day(1999, 12, 31), &p, why, sizeof(why)) < 0)
		fail_msg("%s", why);
	t = p.messages[0].travellers;
	traveller_is(&t[0],
		     "@8 FL pax A/- - 1926-04-15 - | ->- - - - | - - - | P 1 - 1976-01-01 - @10");
	traveller_is(&t[1],
		     "@12 FL pax B/- - 1926-04-16 - | ->- - - - | - - - | P 2 - 1977-01-01 - @14");
	assert_string_equal(p.prepared, "2026-04-15T12:00");
	paxlst_free(&p);
	free(s);
}

static void test_dates_in_every_format_and_unknown_birth_parts(void **state)
{
	(void)state;
	struct paxlst p;
	wrap_ok("NAD+FL+++A'DTM+329:750000'"
		"NAD+FL+++B'DTM+329:19750500:102'NAD+FL+++C'DTM+329:1975:602'"
		"NAD+FL+++D'DTM+329:20300101:102'"
		"NAD+FL+++E'DTM+329:750514:999'DOC+P+1'DTM+36:000000'DTM+182:20200229:102'"
		"NAD+FL+++F'DTM+329:7505'DOC+P+2'DTM+36:20290230:102'DTM+182:210229'",
		&p);
	const struct paxlst_traveller *t = p.messages[0].travellers;
	date_is(&t[0].birth, 1975, 0, 0);
	date_is(&t[1].birth, 1975, 5, 0);
	date_is(&t[2].birth, 1975, 0, 0);
	date_is(&t[3].birth, 2030, 1, 1);
	date_is(&t[4].birth, 1975, 5, 14);
	date_is(&t[4].docs[0].expiry, 0, 0, 0);
	date_is(&t[4].docs[0].issued, 2020, 2, 29);
	date_is(&t[5].birth, 0, 0, 0);
	static const struct want_warning want[] = {
		{ 15, "birth date '20300101' is in the future" },
		{ 17, "unknown date format '999'" },
		{ 19, "expiry date '000000' is not a date" },
		{ 22, "birth date '7505' is not a date" },
		{ 24, "expiry date '20290230' is not a date" },
		{ 25, "date '210229' is not a date" },
	};
	warnings_are(&p, want, 6);
	paxlst_free(&p);
}

/* --- out of place, text, caps ------------------------------------------------------------- */

static void test_segments_out_of_place_are_skipped_with_a_warning(void **state)
{
	(void)state;
	struct paxlst p;
	wrap_ok("ATT+2++M'NAT+2+KAZ'DOC+P+1'DTM+329:800101'"
		"NAD+FL+++A'DTM+36:300101'LOC+91+KAZ'DTM+189:2604160700:201'LOC+999+X'"
		"DOC+P+1'DOC+V+2'DOC+V+3'DOC+V+4'DOC+V+5'DTM+36:300101'LOC+91+KAZ'"
		"NAD+MS+++LATE'NAD+FM+++CREW'NAT+2+KAZ'NAT+2+UZB'",
		&p);
	static const struct want_warning want[] = {
		{ 8, "ATT outside a traveller; skipped" },
		{ 9, "NAT outside a traveller; skipped" },
		{ 10, "DOC outside a traveller; skipped" },
		{ 11, "DTM 329 does not belong to a leg; skipped" },
		{ 13, "DTM 36 outside a DOC group; skipped" },
		{ 14, "LOC 91 outside a DOC group; skipped" },
		{ 15, "DTM 189 does not belong to a traveller; skipped" },
		{ 16, "unknown LOC qualifier '999' for a traveller" },
		{ 21, "more than 4 documents for one traveller; skipped" },
		{ 24, "reporting party (NAD+MS) after the travellers" },
		{ 25, "crew member (NAD+FM) in a passenger list" },
	};
	warnings_are(&p, want, 11);
	const struct paxlst_message *m = &p.messages[0];
	assert_string_equal(m->reporter.name, "DESK");
	assert_int_equal(m->n_travellers, 2);
	assert_int_equal(m->travellers[0].n_docs, 4);
	assert_string_equal(m->travellers[0].docs[3].number, "4");
	date_is(&m->travellers[0].docs[3].expiry, 0, 0, 0);
	assert_int_equal(m->travellers[1].role, PAXLST_CREW_MEMBER);
	assert_string_equal(m->travellers[1].nationality, "KAZ"); /* the first NAT counts */
	paxlst_free(&p);
}

static void test_utf8_is_kept_and_other_bytes_become_question_marks(void **state)
{
	(void)state;
	struct paxlst p;
	wrap_ok("NAD+FL+++M\xC3\x9CLLER:J\xC3\x96RG'NAD+FL+++M\xDCLLER:\xC0\xAF\xED\xA0\x80X'", &p);
	const struct paxlst_traveller *t = p.messages[0].travellers;
	assert_string_equal(t[0].surname, "M\xC3\x9CLLER");
	assert_string_equal(t[0].given_names, "J\xC3\x96RG");
	assert_string_equal(t[1].surname, "M?LLER");
	assert_string_equal(t[1].given_names, "?????X"); /* overlong and surrogate */
	warnings_are(&p, (const struct want_warning[]){ { 9, "not UTF-8 was replaced by '?'" } },
		     1);
	paxlst_free(&p);
}

static void test_long_values_are_cut_with_a_warning_and_padding_is_not(void **state)
{
	(void)state;
	struct paxlst p;
	char body[512];
	/* a surname of 100 digits, then one padded with blanks past any field */
	snprintf(body, sizeof(body), "NAD+FL+++%0100d:B'NAD+FL+++  SMITH%90s:  JOHN  '", 7, "");
	wrap_ok(body, &p);
	const struct paxlst_traveller *t = p.messages[0].travellers;
	assert_int_equal(strlen(t[0].surname), sizeof(t[0].surname) - 1);
	assert_string_equal(t[1].surname, "SMITH");
	assert_string_equal(t[1].given_names, "JOHN");
	warnings_are(&p, (const struct want_warning[]){ { 8, "longer than Shekara keeps" } }, 1);
	paxlst_free(&p);

	/* a multi-byte character is never split when a value is cut */
	char name[200] = "NAD+FL+++";
	size_t o = strlen(name);
	for (int i = 0; i < 40; i++)
		o += (size_t)snprintf(name + o, sizeof(name) - o, "\xD0\x96");
	snprintf(name + o, sizeof(name) - o, "'");
	wrap_ok(name, &p);
	const char *s = p.messages[0].travellers[0].surname;
	assert_int_equal(strlen(s), 70);
	assert_int_equal((unsigned char)s[68], 0xD0);
	paxlst_free(&p);
}

/* head, unit n times, tail; free() it */
static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
	size_t len = strlen(head) + strlen(unit) * (size_t)n + strlen(tail) + 1, o = 0;
	char *s = malloc(len);
	assert_non_null(s);
	o += (size_t)snprintf(s + o, len - o, "%s", head);
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, len - o, "%s", unit);
	snprintf(s + o, len - o, "%s", tail);
	return s;
}

static void test_caps_refuse_instead_of_cutting_the_list(void **state)
{
	(void)state;
	static const char one[] = UNH "BGM+745'UNT+3+1'";
	static const char msg[] = UNH "BGM+745'NAD+MS+++D'TDT+20+X'";
	static const char nad[] = "NAD+FL+++SURNAME:GIVEN'", leg[] = "LOC+125+A'LOC+87+B'";
	static const struct {
		const char *head, *unit;
		int n;
		const char *tail, *refusal;
	} cases[] = {
		{ UNB, one, PAXLST_MAX_MESSAGES, "UNZ+100+1'", NULL },
		{ UNB, one, PAXLST_MAX_MESSAGES + 1, "UNZ+101+1'",
		  "segment 302: more than 100 messages" },
		{ msg, nad, PAXLST_MAX_TRAVELLERS, "UNT+3+1'", NULL },
		{ msg, nad, PAXLST_MAX_TRAVELLERS + 1, "",
		  "segment 10005: more than 10000 travellers" },
		{ msg, leg, PAXLST_MAX_LEGS, "UNT+3+1'", NULL },
		{ msg, leg, PAXLST_MAX_LEGS + 1, "",
		  "segment 133: more than 64 legs in message '1'" },
		/* warnings past their cap are counted, not kept */
		{ msg, "NAD+FL+++A'ATT+2++Q'", 300, "CNT+42:300'UNT+606+1'", NULL },
	};
	struct paxlst p;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = repeat(cases[i].head, cases[i].unit, cases[i].n, cases[i].tail);
		if (cases[i].refusal) {
			refused(s, cases[i].refusal);
			free(s);
			continue;
		}
		parse_ok(s, &p);
		free(s);
		const struct paxlst_message *m = &p.messages[p.n_messages - 1];
		int n = cases[i].n;
		assert_true(p.n_messages == n || m->n_travellers == n || m->n_legs == n);
		if (n == 300) {
			assert_int_equal(p.n_warnings, PAXLST_MAX_WARNINGS);
			assert_int_equal(p.warnings_dropped, 300 + 1 - PAXLST_MAX_WARNINGS);
		}
		paxlst_free(&p);
	}
	/* a file larger than the cap is refused unread */
	char tiny[1] = { 'U' }, why[200] = "";
	assert_int_equal(
		paxlst_parse(tiny, (size_t)PAXLST_MAX_BYTES + 1, today(), &p, why, sizeof(why)),
		-1);
	TU_CONTAINS(why, "more than the 67108864");
	assert_int_equal(p.n_messages, 0);
}

static void test_every_cut_of_a_sample_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("flight-multileg.edi", &len);
	const char *end = strstr(text, "UNZ+1+KC921260416'");
	assert_non_null(end);
	size_t complete = (size_t)(end - text) + strlen("UNZ+1+KC921260416'");
	for (size_t n = 0; n < len; n++) {
		struct paxlst p;
		char why[256] = "";
		int rc = parse_at(text, n, today(), &p, why, sizeof(why));
		if ((n < complete) != (rc != 0))
			fail_msg("the first %zu bytes were %s: %s", n, rc ? "refused" : "read",
				 why);
		if (rc == 0)
			paxlst_free(&p);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bus_d02b_header_transport_and_legs_via_the_crossing),
		cmocka_unit_test(test_bus_d02b_every_traveller_field_by_field),
		cmocka_unit_test(test_train_d05b_crew_list_without_una_or_line_breaks),
		cmocka_unit_test(test_flight_multileg_two_legs_and_where_each_boards),
		cmocka_unit_test(test_una_custom_separators_and_release_characters),
		cmocka_unit_test(test_counts_that_disagree_are_warnings_and_every_traveller_loads),
		cmocka_unit_test(test_bogus_codes_are_warnings_with_their_segment),
		cmocka_unit_test(test_malformed_samples_are_refused_with_their_segment),
		cmocka_unit_test(test_line_ends_byte_order_mark_and_default_una_read_the_same),
		cmocka_unit_test(test_release_character_escapes_separators_and_itself),
		cmocka_unit_test(test_malformed_una_is_refused),
		cmocka_unit_test(test_structure_errors_are_refused_with_their_segment),
		cmocka_unit_test(test_groups_and_messages_are_counted_in_une_and_unz),
		cmocka_unit_test(test_a_message_without_unb_or_with_odd_headers_warns),
		cmocka_unit_test(test_progressive_flight_with_loc_92_sectors),
		cmocka_unit_test(test_legs_without_an_end_or_a_start_warn),
		cmocka_unit_test(test_two_digit_years_take_their_century_from_now),
		cmocka_unit_test(test_dates_in_every_format_and_unknown_birth_parts),
		cmocka_unit_test(test_segments_out_of_place_are_skipped_with_a_warning),
		cmocka_unit_test(test_utf8_is_kept_and_other_bytes_become_question_marks),
		cmocka_unit_test(test_long_values_are_cut_with_a_warning_and_padding_is_not),
		cmocka_unit_test(test_caps_refuse_instead_of_cutting_the_list),
		cmocka_unit_test(test_every_cut_of_a_sample_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
