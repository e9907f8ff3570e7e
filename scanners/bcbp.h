/* IATA Bar Coded Boarding Pass, format M (Resolution 792, Attachment A): the PDF417,
 * Aztec or QR code on a paper or mobile boarding pass. Plain ASCII of fixed-width items,
 * with conditional items inside sections whose sizes are given in hex, and an optional
 * security data section at the end. The workstation holds no airline keys: the security
 * data is kept as it came and never verified (sig.present stays 0). */
#ifndef SHEKARA_BCBP_H
#define SHEKARA_BCBP_H

#include <stddef.h>

#include "scanners/document.h"
#include "scanners/seal.h"

/* Parses one boarding pass of len bytes (not NUL-terminated; one trailing line end from
 * a keyboard-wedge scanner is ignored). today resolves the day-of-year flight dates to
 * the date with that day nearest to it (NULL or incomplete: the clock, UTC). 0 with out
 * filled: kind SEAL_BCBP, type "boarding_pass", version the BCBP version number ("" when
 * the pass has no conditional items); fields in the pass's order:
 *   "passenger_name", "eticket", "legs";
 *   per leg "legN.pnr", "legN.from", "legN.to", "legN.carrier", "legN.flight",
 *   "legN.date" (YYYY-MM-DD, "" when blank), "legN.compartment", "legN.seat",
 *   "legN.sequence", "legN.status";
 *   after leg 1's, the items that appear once, when said: "version",
 *   "passenger_description", "checkin_source", "issuance_source", "issue_date",
 *   "document_type", "issuer_airline", "baggage_tags", "baggage_tags_2", "baggage_tags_3";
 *   after each leg's, its conditional items when said: "legN.ticket", "legN.selectee",
 *   "legN.doc_verification", "legN.marketing_carrier", "legN.frequent_flyer",
 *   "legN.id_ad", "legN.baggage_allowance", "legN.fast_track", "legN.airline_use";
 *   last "security_type", "security_data".
 * Mandatory items always have their field; conditional ones give way to them when four
 * legs fill the seal's fields. person.surname and given_names come from the passenger
 * name without its title. -1 with an English reason in why when it is not a well-formed
 * M-format pass; out is then empty and owns nothing. */
int bcbp_parse(const char *text, size_t len, const struct doc_date *today, struct seal *out,
	       char *why, size_t why_len);

/* 1 when text starts like an M-format pass ('M', a leg count of 1 to 4) and is long
 * enough for that many legs' mandatory items; 0 otherwise. */
int bcbp_looks_like(const char *text, size_t len);

#endif
