#!/bin/bash
# Barcodes at the booth, in the real terminal: an image path typed on the scan screen
# (a visa seal in a DataMatrix) gives the document from the seal's MRZ and reaches the
# result screen with the seal's verdict; a passport's MRZ from the keyboard reader and
# then a boarding pass and a tampered e-visa from a 2-D scanner typing as a keyboard
# (a fast burst) reach the result screen too; what the officer saw goes into the
# crossing record. Without a camera the scan screen says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mrz.sh"
. "$(dirname "$0")/barcode.sh"
expect_exit 0 "$SHEKARA" csca import "$P/csca.pem" "${ADMIN[@]}"
expect_exit 0 "$SHEKARA" csca import-signer "$P/signer.pem" "${ADMIN[@]}"
q() { sqlite3 "$DB" "$1"; }

mapfile -t visa < <(mrv 44 SMITH BILL UTO VX1234567 UTO 900102 M 301231)
"$PY" "$B/vds.py" visa --key "$P/signer.key" --issuer UTO --signer UTTS --cert-ref 1F2A \
	--mrz "${visa[0]}" "${visa[1]}" --passport L898902C3 --duration 90,0,0 --out "$I/visa.bin"
dmtxwrite -e b -o "$I/visa.png" <"$I/visa.bin"

start
login officer demo
keys s
wait_for "Scan a document"
wait_for "no camera found"
keys F4
wait_for "No camera found (/dev/video*)"
ok "without a camera the scan screen says so, and F4 says what to use instead"

# an image file: F3, its path, Enter
keys F3
wait_for "Image file:"
text "$I/visa.png"
keys Enter
wait_for "Document taken from the seal's MRZ"
wait_for "visa seal (ICAO VDS): Signature valid"
keys F2
wait_for "CLEAR"
wait_for "visa seal (ICAO VDS): Signature valid"
wait_for "SMITH, BILL"
keys b
wait_for "Barcodes"
wait_for "Duration of stay"
keys NPage
wait_for "Passport number"
wait_for "L898902C3"
keys Escape
wait_gone "Passport number"
keys F2
wait_for "Saved: ADMITTED"
wait_for "Scan a document"
[ "$(q "SELECT kind || ' ' || type || ' ' || verdict || ' ' || symbology FROM crossing_barcodes")" = "vds visa valid datamatrix" ] ||
	fail "the seal is not in the crossing record: $(q "SELECT * FROM crossing_barcodes")"
[ "$(q "SELECT source FROM crossings")" = barcode ] || fail "the document's source is not the seal"
[ "$(q "SELECT length(payload) FROM crossing_barcodes")" = "$(stat -c %s "$I/visa.bin")" ] ||
	fail "the seal's payload is not recorded whole"
ok "an image path on the scan screen: the visa from its seal, verified, shown, recorded"

# a passport from the keyboard reader, then a boarding pass from a 2-D scanner
mapfile -t pass < <(td3 SMITH BILL UTO L898902C3 900102 M 340101)
keys "${pass[0]}" Enter "${pass[1]}" Enter
wait_for "Document read"
text "M1SMITH/BILL          EABC123 FRUALAKC 0834 326J001A0025 100"
keys Enter
wait_for "Barcode read: boarding pass (IATA BCBP)"
"$PY" "$B/vdsnc.py" --key "$P/signer.key" --cert "$P/signer.pem" --type icao.vacc --issuer UTO \
	--name "SMITH BILL" --dob 1990-01-02 --doc-number L898902C3 --tamper --out "$I/vacc.json"
text "$(cat "$I/vacc.json")"
keys Enter
wait_for "Barcode read: proof of vaccination (ICAO VDS-NC): SIGNATURE INVALID"
# nothing of either burst is left in the MRZ lines
screen | grep -q "EABC123" && fail "the boarding pass was typed into a field"
keys F2
wait_for "CHECK"
wait_for "boarding pass (IATA BCBP)"
wait_for "SIGNATURE INVALID"
keys F2
wait_for "Saved: ADMITTED"
[ "$(q "SELECT group_concat(kind || ':' || verdict, ' ') FROM (SELECT * FROM crossing_barcodes WHERE crossing_id = 2 ORDER BY seq)")" = "bcbp:unsigned vds-nc:invalid" ] ||
	fail "the wedge barcodes are not in the crossing record: $(q "SELECT * FROM crossing_barcodes")"
[ "$(q "SELECT verdict FROM crossings WHERE id = 2")" = check ] ||
	fail "a tampered seal did not make the verdict CHECK"
ok "keyboard-wedge bursts: a boarding pass and a tampered e-visa reach the result screen and the record"
