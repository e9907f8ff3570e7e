#!/bin/bash
# The officer's loop and the supervisor's desk, in the real terminal: a shift opened at
# login; a clean traveller admitted; a listed person under a variant spelling shown as a
# HIT with the explanation; admitting them refused without an override, then accepted
# with a supervisor's credentials typed on the same screen (audited); a referral; the
# supervisor finds the case in the queue and resolves it; the shift report shows it all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mrz.sh"
demo_db
crossings() { sqlite3 "$DB" "SELECT count(*) FROM crossings"; }

# scan LINE1 LINE2: a reader burst on the scan screen, then F2 to screen the document
scan() {
	wait_for "Scan a document"
	keys "$1" Enter "$2" Enter
	wait_for "Document read"
	keys F2
}

start
login_try officer demo
wait_for "Start of shift"
keys x
text 3
keys Enter
wait_for "Shift opened: EXIT, lane 3"
wait_for "Main menu"
[ "$(sqlite3 "$DB" "SELECT direction || ' ' || lane FROM shifts WHERE closed_at IS NULL")" = "exit 3" ] ||
	fail "the shift was not stored as opened"
ok "the officer opens a shift at login: direction and lane"

# a clean traveller: CLEAR, naming the lists checked, admitted with one key
mapfile -t clean < <(td3 SERIKBAYEV NURLAN KAZ N55501234 880214 M 340101)
keys s
scan "${clean[0]}" "${clean[1]}"
wait_for "CLEAR · checked: DEMO-NAT demo-1, DEMO-SLTD demo-1"
wait_for "SERIKBAYEV"
keys F2
wait_for "Saved: ADMITTED — crossing 1"
wait_for "Scan a document"
[ "$(crossings)" = 1 ] || fail "the admission is not in the database"
ok "a clean traveller is CLEAR and admitted with one key"

# the listed person under a variant spelling: a HIT that cannot be missed, explained
mapfile -t listed < <(td3 HALIMOV GULMUROD TJK 401234567 750514 M 340101)
scan "${listed[0]}" "${listed[1]}"
wait_for "▶ HIT  DENY ENTRY"
wait_for "DEMO-001"
wait_for "KHALIMOV"
has "admit only with a supervisor" || fail "the HIT banner does not say what admitting needs"
ok "a listed person under a variant spelling is a HIT with its explanation"

# F5: the entry's details, audited (who looked at whom)
keys F5
wait_for "Watchlist entry"
wait_for "ХАЛИМОВ Гулмурод"
keys Escape
wait_gone "Watchlist entry"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'watchlist.entry.view' AND officer = 'officer' AND object_id = 'DEMO-NAT DEMO-001'")" = 1 ] ||
	fail "opening the entry's details was not audited"
ok "opening a watchlist entry's details is audited"

# admitting without an override: the panel asks for it and nothing is saved
keys F2
wait_for "Admit over a HIT"
wait_for "Nothing is saved yet"
keys Enter Enter Enter
wait_for "override reason"
[ "$(crossings)" = 1 ] || fail "a HIT was admitted without an override"
ok "admitting a HIT without an override is refused"

# a wrong supervisor password: refused, counted, audited; then the right one
text "namesake: father's name differs, embassy confirmed"
keys Enter
text supervisor
keys Enter
text wrongpassword
keys Enter
wait_for "wrong supervisor name or password"
[ "$(crossings)" = 1 ] || fail "a wrong supervisor password saved the admission"
[ "$(sqlite3 "$DB" "SELECT failed_logins FROM officers WHERE username = 'supervisor'")" = 1 ] ||
	fail "the wrong supervisor password was not counted"
text demo
keys Enter
wait_for "Saved: ADMITTED over a HIT, authorised by supervisor — crossing 2"
[ "$(sqlite3 "$DB" "SELECT override_by FROM crossings WHERE id = 2")" = supervisor ] ||
	fail "the override's authoriser is not stored"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'override' AND object_id = '2'")" = 1 ] ||
	fail "the override is not audited"
ok "a HIT is admitted only with a supervisor's credentials on the same screen, audited"

# a referral: a reason is required
mapfile -t refer < <(td3 PETROV IVAN RUS 7700112233 790301 M 330101)
scan "${refer[0]}" "${refer[1]}"
wait_for "PETROV"
keys F4
wait_for "Refer to the supervisor"
keys Enter
[ "$(crossings)" = 2 ] || fail "a referral without a reason was saved"
text "purpose of travel unclear"
keys Enter
wait_for "Saved: REFERRED to the supervisor — crossing 3"
ok "a referral needs a reason and is saved"

# a refusal on a ground from the list
mapfile -t refuse < <(td3 SERIKBAYEV NURLAN KAZ N55509999 880214 M 340101)
scan "${refuse[0]}" "${refuse[1]}"
wait_for "CLEAR"
keys F3
wait_for "Refuse: choose the ground"
keys c Enter
wait_for "Saved: REFUSED (C) — crossing 4"
ok "a refusal is saved with its ground"

# log out: the shift closes with the audit chain head
keys Escape
wait_for "Main menu"
keys l
wait_for "User name"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND head_seq > 0")" = 1 ] ||
	fail "logging out did not close the shift with the chain head"

# the supervisor: queue, case, resolution
login_try supervisor demo
wait_for "Start of shift"
keys e Enter
wait_for "Main menu"
keys c
wait_for "PETROV, IVAN"
wait_for "HALIMOV, GULMUROD"
queue=$(screen)
[ "$(printf '%s\n' "$queue" | grep -n 'HALIMOV' | cut -d: -f1)" -lt "$(printf '%s\n' "$queue" | grep -n 'PETROV' | cut -d: -f1)" ] ||
	fail "the queue is not oldest first"
keys Down Enter
wait_for "referral"
wait_for "purpose of travel unclear"
keys r
keys f
wait_for "A"
keys Enter
text "documents do not support the stated purpose"
keys Enter
wait_for "closed: traveller refused on ground A"
wait_gone "PETROV, IVAN"
[ "$(sqlite3 "$DB" "SELECT status || ' ' || resolution || ' ' || resolved_by FROM cases WHERE crossing_id = 3")" = "closed refuse supervisor" ] ||
	fail "the resolution is not stored"
[ "$(sqlite3 "$DB" "SELECT decision FROM crossings WHERE id = 3")" = refer ] ||
	fail "the resolution changed the officer's decision"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'case.resolve' AND officer = 'supervisor'")" = 1 ] ||
	fail "the resolution is not audited"
ok "the supervisor finds the referral in the queue and resolves it, audited"

# the report of the day shows all of it
keys Escape
wait_for "Main menu"
keys r
wait_for "Shift report"
keys d
wait_for "Travellers: 4 (entry 0, exit 4)"
wait_for "Decisions: admitted 2, refused 1, referred 1"
wait_for "Referrals: open 0, closed 1"
ok "the report screen shows the day's figures"

printf 'demo\n' >"$TMP/pw"
expect_exit 0 "$SHEKARA" --db "$DB" report shift --shift 1 --as supervisor --password-file "$TMP/pw"
out=$(cat "$TMP/out")
for want in "Travellers: 4 (entry 0, exit 4)" "Hits: 1" "Decisions: admitted 2, refused 1, referred 1" \
	"  C    1" "Referrals: open 0, closed 1" "authorised by 'supervisor'" \
	"Audit chain head at shift close: row"; do
	printf '%s\n' "$out" | grep -qF -- "$want" || fail "the shift report lacks '$want': $out"
done
expect_exit 0 "$SHEKARA" --db "$DB" report shift --shift 1 --csv --as supervisor --password-file "$TMP/pw"
grep -q '^overrides,,1' "$TMP/out" || fail "the CSV report lacks the override: $(cat "$TMP/out")"
expect_exit 4 "$SHEKARA" --db "$DB" report shift --shift 1 --as trainer --password-file "$TMP/pw"
ok "shekara report shift prints the figures, the override's authoriser and the chain head"
expect_exit 0 "$SHEKARA" --db "$DB" audit verify
ok "the audit chain is intact after the whole flow"
