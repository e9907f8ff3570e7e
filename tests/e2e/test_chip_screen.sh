#!/bin/bash
# The officer's screens with a chip, through the real PC/SC stack (pcscd, vsmartcard-vpcd
# and the project's virtual passport, tests/chip/harness.sh): the scan screen starts the
# chip read by itself once the MRZ is known and the document is on the reader, shows its
# progress and stays usable meanwhile; the result screen shows the face beside the
# traveller's data with the chip's verdict, in colour and in monochrome; warnings are
# named; a document pulled out mid-read gives a message and F9 reads it again; the
# verdict goes into the crossing record and the read into the audit trail.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/chip/harness.sh"
trap 'chip_cleanup; cleanup' EXIT
trap 'exit 130' INT TERM

chip_setup
demo_db
printf 'demo\n' >"$TMP/pw"
expect_exit 0 "$SHEKARA" csca import "$CHIP_PKI/masterlist.ml" --db "$DB" --as admin \
	--password-file "$TMP/pw"
mapfile -t MRZ <"$CHIP_MRZ"

# scan_mrz: the printed MRZ as a keyboard-wedge burst on the scan screen
scan_mrz() {
	wait_for "Scan a document"
	keys "${MRZ[0]}" Enter "${MRZ[1]}" Enter
	wait_for "Document read"
}

# photo_cells: non-blank cells where the photo's box is at 80×24 (with the DEMO banner,
# the traveller's rule is row 2: the photo takes rows 3-7 from column 2, about 10 wide)
photo_cells() {
	cells 4 8 3 12
}

# cells FIRST LAST FROM TO: non-blank characters in rows FIRST-LAST (1-based) between
# columns FROM and TO (1-based; sed counts characters in a UTF-8 locale, cut bytes)
cells() {
	screen | sed -n "$1,$2p" | sed "s/^.\{$(($3 - 1))\}\(.\{0,$(($4 - $3 + 1))\}\).*/\1/" |
		tr -d ' \n' | wc -m
}

# --- the document first, then the chip: waits, reads by itself, shows the face ------
start
login officer demo
wait_for "Main menu"
keys s
scan_mrz
wait_for "chip: place the document on the card reader"
card_start
wait_for "chip genuine (CSCA UT" 30
ok "the scan screen reads the chip by itself once the MRZ is known and a card is there"

keys F2
wait_for "Traveller"
wait_for "chip genuine (CSCA UT"
wait_for "active authentication: not performed"
has "chip not read" && fail "the result says 'chip not read' after a read"
n=$(photo_cells)
[ "$n" -ge 3 ] || fail "the photo's box has $n drawn cells"
tmux -L "$SOCK" capture-pane -p -e -t e2e | sed -n '4,8p' | grep -q $'\e\\[[0-9;]*48;5;' ||
	fail "the photo is drawn without background colours on a 256-colour terminal"
ok "the result shows the face ($n symbol cells, 256 colours) and 'chip genuine (CSCA UT'"

keys F6
wait_for "Files read"
has "DG2" || fail "the chip panel does not list DG2"
keys Escape
wait_gone "Files read"
tmux -L "$SOCK" resize-window -t e2e -x 110 -y 40
wait_for "chip authentication: not performed"
n=$(cells 4 14 3 30)
[ "$n" -ge 10 ] || fail "after a resize to 110×40 the photo has $n drawn cells"
tmux -L "$SOCK" resize-window -t e2e -x 80 -y 24
wait_for "active authentication: not performed"
ok "the chip panel lists the files; the photo grows with the terminal and shrinks back"

keys F2
wait_for "Saved: ADMITTED"
[ "$(sqlite3 "$DB" "SELECT chip_verdict FROM crossings ORDER BY id DESC LIMIT 1")" = genuine ] ||
	fail "the crossing does not record the chip's verdict"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'chip.read' AND outcome = 'genuine' AND officer = 'officer'")" -ge 1 ] ||
	fail "the chip read is not audited"
ok "the crossing records 'genuine'; the read is audited"

# --- pulled out mid-read: a message, then F9 reads it again ---------------------------
card_start --remove-after 10
scan_mrz
wait_for "Chip not read to the end: put the document back and press F9" 30
has "left the reader" || has "could not be read" || fail "no reason for the unfinished read"
unread=$(sqlite3 "$DB" "SELECT outcome || ': ' || detail FROM audit WHERE action = 'chip.read' ORDER BY seq DESC LIMIT 1")
card_wait_gone
card_start
keys F9
wait_for "chip genuine (CSCA UT" 30
ok "a document pulled out mid-read is said so ($unread); F9 reads it again"

# --- the screen stays usable during a slow read ---------------------------------------
keys F7
wait_gone "chip genuine"
card_start --delay-ms 250
scan_mrz
wait_for "reading chip:" 30
t0=$(date +%s%N)
keys F6
wait_for "Given names"
ms=$((($(date +%s%N) - t0) / 1000000))
has "reading chip:" || has "chip genuine" || fail "the read stopped when the officer typed"
[ "$ms" -lt 2000 ] || fail "the screen took $ms ms to answer a key during the chip read"
keys F6
wait_for "chip genuine (CSCA UT" 60
ok "keys are answered in $ms ms while a slow chip is read"

# --- warnings, named on both screens ---------------------------------------------------
keys F7
card_start --unknown-csca
scan_mrz
wait_for "chip data signed by unknown issuer" 30
keys F2
wait_for "Traveller"
wait_for "chip data signed by unknown issuer"
wait_for "CHECK · chip warning"
keys F7
wait_for "Not decided"
ok "a chip under an unknown CSCA: named on the result, the verdict CHECK"

card_start --dg1-differs
scan_mrz
wait_for "chip MRZ differs from printed MRZ" 30
keys F2
wait_for "Traveller"
screen | grep "chip MRZ differs from printed MRZ" | grep -q "number" ||
	fail "the result does not name the number as differing"
keys F7
wait_for "Not decided"
ok "a chip whose MRZ differs from the printed one: the fields are named"

# --- going on without the chip ----------------------------------------------------------
card_stop
scan_mrz
wait_for "chip: place the document on the card reader"
keys F2
wait_for "Traveller"
wait_for "chip not read"
keys F7
wait_for "Not decided"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "without a chip on the reader the officer goes on: 'chip not read'"

# --- monochrome: the face still has a shape -------------------------------------------
card_start
start --color never
login officer demo
wait_for "Main menu"
keys s
scan_mrz
wait_for "chip genuine (CSCA UT" 30
keys F2
wait_for "active authentication: not performed"
n=$(photo_cells)
[ "$n" -ge 10 ] || fail "the monochrome photo has $n symbol cells"
tmux -L "$SOCK" capture-pane -p -e -t e2e | sed -n '4,8p' | grep -q $'\e\\[[0-9;]*[34]8;5;' &&
	fail "colours used although ui.color is never"
keys F7
wait_for "Not decided"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "with ui.color=never the face is drawn in symbols alone ($n cells)"
