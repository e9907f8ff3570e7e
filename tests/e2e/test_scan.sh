#!/bin/bash
# The scan screen: a keyboard-wedge burst (tmux sends the lines at machine speed)
# whatever field has focus, MRZ lines typed by hand with live validation, the key-field
# form, an OCR correction confirmed by the officer, and acceptance, all audited.
. "$(dirname "$0")/lib.sh"
demo_db
TD3_1='P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'
TD3_2='L898902C36UTO7408122F1204159ZE184226B<<<<<10'

start
login officer demo
wait_for "Main menu"
keys s
wait_for "Scan a document"
wait_for "keyboard reader ready"

# a reader burst, arriving while the officer had typed into line 2
keys Down
text "ABC"
keys "$TD3_1" Enter "$TD3_2" Enter
wait_for "Document read: some checks failed"
wait_for "ERIKSSON, ANNA MARIA"
wait_for "TD3 P · UTO"
wait_for "the document expired on 2012-04-15"
has "$TD3_2" || fail "the reader's second line is not shown"
has "ABC" && fail "the officer's half-typed text was not replaced by the scan"
ok "a keyboard-wedge burst is taken as a scan whatever field has focus"

# an OCR confusion: offered, applied only when the officer presses F5, and audited
keys F7
wait_gone "ERIKSSON, ANNA MARIA"
keys "$TD3_1" Enter "L898902C36UTO74O8122F1204159ZE184226B<<<<<10" Enter
wait_for "birth date check digit is 2, expected 6"
wait_for "F5: line 2 column 16 'O' may be '0' (birth date check digit)"
has "74O812" || fail "the suggestion was applied without the officer"
keys F5
wait_for "Correction applied and recorded"
wait_gone "birth date check digit is 2"
wait_for "born 1974-08-12"
ok "an OCR correction is offered and applied only on F5"

keys F2
wait_for "Accepted: UTO L898902C3, ERIKSSON ANNA MARIA"
wait_for "CHECK · 1 document check failed"
keys F7
wait_for "Not decided, nothing saved: UTO L898902C3"
wait_gone "born 1974-08-12"
ok "the officer accepts the document for screening"

# typed by hand: lower case becomes upper case, and live validation points at a
# character that cannot be in an MRZ
keys F7
text "p<utoe"
wait_for "1  P<UTOE"
text "R/K"
wait_for "✗ column 8"
ok "typed lines are validated as they are typed"

# the key-field form computes the MRZ and its check digits
keys F7 F6
wait_for "Given names"
text P; keys Tab; text UTO; keys Tab; text L898902C3; keys Tab; text UTO; keys Tab
text ERIKSSON; keys Tab; text "ANNA MARIA"; keys Tab; text 740812; keys Tab; text F; keys Tab
text 340415
wait_for "ERIKSSON, ANNA MARIA"
wait_for "born 1974-08-12 · F · UTO"
wait_for "✓ characters"
! has "✗" || fail "a form-composed document has failing checks"
ok "the key-field form computes a valid MRZ"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"

csv=$(audit_csv)
echo "$csv" | grep -q ",officer,officer,DEMO-POST,WS-DEMO,mrz.correction,document,UTO L898902C3,invalid,line 2 column 16 'O' -> '0' (birth_digit)," ||
	fail "the correction is not audited"
echo "$csv" | grep -q ",document.accept,document,UTO L898902C3,invalid,TD3 P; keyboard reader; failed checks: 1," ||
	fail "the acceptance is not audited"
ok "corrections and acceptances are audited"

# an administrator has no scan screen, and the menu letter does nothing
start
login admin demo
wait_for "Main menu"
! has "Scan a document" || fail "an administrator is offered scanning"
keys q
wait_for "EXIT=0"
ok "scanning is offered by role"
