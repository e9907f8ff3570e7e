#!/bin/bash
# `shekara barcode` on images made at test time: a test PKI from the openssl command
# (tests/barcode/pki.sh), visa seals (ICAO VDS) signed by it with tests/barcode/vds.py
# and printed as DataMatrix by dmtxwrite, VDS-NC payloads (tests/barcode/vdsnc.py) as QR
# codes by qrencode and zint, a boarding pass, a Code 128 label; then tampered, unsigned,
# wrongly signed and untrusted variants, an image without a barcode, a file that is not
# an image. Every payload goes through the project's own decoding path and each must
# get its right verdict and exit status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mrz.sh"
. "$(dirname "$0")/barcode.sh"
"$PY" "$B/vds.py" selftest >"$TMP/selftest.out" 2>&1 ||
	fail "the seal generator does not reproduce the worked examples: $(cat "$TMP/selftest.out")"
"$PY" "$B/vdsnc.py" --selftest >"$TMP/selftest.out" 2>&1 ||
	fail "the VDS-NC generator does not reproduce the ICAO example: $(cat "$TMP/selftest.out")"
ok "the test generators reproduce the BSI TR-03137 and ICAO worked examples"

# jget FILE EXPR: a value from the JSON in FILE (EXPR in Python over j)
jget() {
	"$PY" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# barcode STATUS FILE... : `shekara barcode --json` as the officer, JSON in $TMP/out
barcode() {
	local want=$1
	shift
	expect_exit "$want" "$SHEKARA" barcode "${OFFICER[@]}" --json "$@"
}
# verdict FILE-INDEX SYMBOL-INDEX: the verdict of a symbol in the last JSON
verdict() { jget "$TMP/out" "j['files'][$1]['symbols'][$2]['verdict']"; }
expect_verdict() { # expect_verdict WANT WHAT
	local v
	v=$(verdict 0 0)
	[ "$v" = "$1" ] || fail "$2: verdict '$v', expected '$1': $(cat "$TMP/out" "$TMP/err")"
}

expect_exit 0 "$SHEKARA" csca import "$P/csca.pem" "${ADMIN[@]}"
expect_exit 0 "$SHEKARA" csca import-signer "$P/signer.pem" "${ADMIN[@]}"
expect_exit 0 "$SHEKARA" csca import-signer "$P/signer-p384.pem" "${ADMIN[@]}"
expect_exit 0 "$SHEKARA" csca signers --db "$DB" --json
[ "$(jget "$TMP/out" "len(j)")" = 2 ] || fail "the two barcode signers are not listed: $(cat "$TMP/out")"
expect_exit 1 "$SHEKARA" csca import-signer "$P/csca.pem" "${ADMIN[@]}"
grep -q "not a barcode signer" "$TMP/out" || fail "a CSCA offered as a signer is not refused: $(cat "$TMP/out")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM csca_certs")" = 1 ] || fail "a signer became a trust anchor"
ok "barcode signers are imported apart from the CSCA anchors"

# --- visa seals (ICAO VDS in DataMatrix) ------------------------------------------------
mapfile -t visa < <(mrv 44 SMITH BILL UTO VX1234567 UTO 900102 M 301231)
mapfile -t passport < <(td3 SMITH BILL UTO L898902C3 900102 M 340101)
printf '%s\n%s\n' "${passport[@]}" >"$TMP/passport.mrz"
mapfile -t other < <(td3 SMITH BILL UTO L898902C3 910102 M 340101)
printf '%s\n%s\n' "${other[@]}" >"$TMP/other.mrz"
seal() { # seal NAME [vds.py options]: a visa seal as a DataMatrix PNG
	local name=$1
	shift
	"$PY" "$B/vds.py" visa --issuer UTO --mrz "${visa[0]}" "${visa[1]}" --passport L898902C3 \
		--duration 90,0,0 --entries 2 --out "$I/$name.bin" "$@" ||
		fail "vds.py cannot make the '$name' seal"
	dmtxwrite -e b -o "$I/$name.png" <"$I/$name.bin" || fail "dmtxwrite cannot print '$name'"
}
seal visa --key "$P/signer.key" --signer UTTS --cert-ref 1F2A
seal visa-v3 --key "$P/signer.key" --signer UTTS --cert-ref 1F2A --version 3
seal visa-p384 --key "$P/signer-p384.key" --signer UTTX --cert-ref 3B
seal visa-tampered --key "$P/signer.key" --signer UTTS --cert-ref 1F2A --tamper
seal visa-unsigned --signer UTTS --cert-ref 1F2A --unsigned
seal visa-rogue --key "$P/rogue.key" --signer UTTS --cert-ref 1F2A
seal visa-nosigner --key "$P/signer.key" --signer UTTS --cert-ref 9999

barcode 0 "$I/visa.png"
[ "$(jget "$TMP/out" "j['files'][0]['symbols'][0]['symbology']")" = datamatrix ] ||
	fail "the seal was not read as DataMatrix: $(cat "$TMP/out")"
[ "$(jget "$TMP/out" "j['files'][0]['symbols'][0]['payload_type']")" = vds ] ||
	fail "the seal was not recognised as a VDS: $(cat "$TMP/out")"
expect_verdict valid "a visa seal signed by a certified signer"
jget "$TMP/out" "j['files'][0]['symbols'][0]['mrz']" | grep -q "SMITH<<BILL" ||
	fail "the seal's MRZ is not shown: $(cat "$TMP/out")"
jget "$TMP/out" "[f['value'] for f in j['files'][0]['symbols'][0]['fields'] if f['name'] == 'passport_number']" |
	grep -q L898902C3 || fail "the seal's passport number is not shown: $(cat "$TMP/out")"
ok "a visa seal in a DataMatrix: read, recognised, signature valid and trusted"

barcode 0 "$I/visa-v3.png"
expect_verdict valid "a version 3 seal"
barcode 0 "$I/visa-p384.png"
expect_verdict valid "a seal signed on P-384 (SHA-384)"
ok "9303-13 header versions 3 and 4, P-256 and P-384 signers"

barcode 1 "$I/visa-tampered.png"
expect_verdict invalid "a seal altered after signing"
barcode 1 "$I/visa-unsigned.png"
expect_verdict unsigned "a seal without a signature"
barcode 1 "$I/visa-rogue.png"
expect_verdict invalid "a seal signed by another key under the same signer name"
barcode 1 "$I/visa-nosigner.png"
expect_verdict signer_unknown "a seal naming a certificate the store lacks"
ok "tampered, unsigned, wrongly signed and unknown-signer seals: exit 1, each named"

barcode 0 "$I/visa.png" --mrz-file "$TMP/passport.mrz"
[ "$(jget "$TMP/out" "' '.join(j['files'][0]['symbols'][0]['compared'])")" = "name number nationality birth sex" ] ||
	fail "the seal was not compared with the passport: $(cat "$TMP/out")"
barcode 1 "$I/visa.png" --mrz-file "$TMP/other.mrz"
expect_verdict mismatch "a seal for another birth date"
[ "$(jget "$TMP/out" "' '.join(j['files'][0]['symbols'][0]['differs'])")" = birth ] ||
	fail "the difference is not named: $(cat "$TMP/out")"
printf '%s\n%s\n' "${visa[@]}" >"$TMP/visa.mrz"
barcode 0 "$I/visa.png" --mrz-file "$TMP/visa.mrz"
jget "$TMP/out" "j['files'][0]['symbols'][0]['compared']" | grep -q mrz ||
	fail "the seal's MRZ was not compared with the printed visa MRZ: $(cat "$TMP/out")"
ok "the seal against the passport (name, number, birth ...) and the printed visa MRZ"

# --- VDS-NC (JSON in a QR code) -----------------------------------------------------------
nc() { # nc NAME [vdsnc.py options]
	local name=$1
	shift
	"$PY" "$B/vdsnc.py" --type icao.vacc --issuer UTO --name "SMITH BILL" --dob 1990-01-02 \
		--doc-number L898902C3 --out "$I/$name.json" "$@" || fail "vdsnc.py cannot make '$name'"
	qrencode -8 -o "$I/$name.png" -r "$I/$name.json" || fail "qrencode cannot print '$name'"
}
nc vacc --key "$P/signer.key" --cert "$P/signer.pem"
nc vacc-std --key "$P/signer.key" --cert "$P/signer.pem" --b64 std --sig-format der
nc vacc-tampered --key "$P/signer.key" --cert "$P/signer.pem" --tamper
nc vacc-untrusted --key "$P/rogue.key" --cert "$P/rogue.pem"
nc vacc-unsigned --unsigned
barcode 0 "$I/vacc.png"
[ "$(jget "$TMP/out" "j['files'][0]['symbols'][0]['payload_type']")" = vds-nc ] ||
	fail "the QR was not recognised as a VDS-NC: $(cat "$TMP/out")"
expect_verdict valid "a VDS-NC with its signer certificate from a trusted CSCA"
barcode 0 "$I/vacc-std.png"
expect_verdict valid "a VDS-NC in standard base64 with a DER signature"
barcode 1 "$I/vacc-tampered.png"
expect_verdict invalid "a VDS-NC altered after signing"
barcode 1 "$I/vacc-untrusted.png"
expect_verdict untrusted "a VDS-NC whose certificate no trusted CSCA issued"
barcode 1 "$I/vacc-unsigned.png"
expect_verdict unsigned "a VDS-NC without a signature"
ok "VDS-NC: valid (base64url + r‖s, base64 + DER), tampered, untrusted, unsigned"

# the same payload as a JPEG photo: zint prints a GIF, cjpeg compresses it
zint -b 58 --scale=4 --input="$I/vacc.json" --filetype=gif -o "$I/vacc.gif" >/dev/null ||
	fail "zint cannot print the QR code"
cjpeg -quality 90 "$I/vacc.gif" >"$I/vacc.jpg" || fail "cjpeg cannot make a JPEG"
barcode 0 "$I/vacc.jpg"
expect_verdict valid "the VDS-NC from a JPEG"
ok "a JPEG image decodes to the same verdict"

# --- boarding pass, other codes, several files ------------------------------------------
printf '%s' "M1SMITH/BILL          EABC123 FRUALAKC 0834 326J001A0025 100" >"$I/pass.txt"
qrencode -o "$I/pass.png" -r "$I/pass.txt"
zint -b 20 -d "CARGO-MANIFEST-0042" -o "$I/cargo.png" >/dev/null || fail "zint cannot print Code 128"
barcode 0 "$I/pass.png" --mrz-file "$TMP/passport.mrz"
[ "$(jget "$TMP/out" "j['files'][0]['symbols'][0]['payload_type']")" = bcbp ] ||
	fail "the boarding pass was not recognised: $(cat "$TMP/out")"
jget "$TMP/out" "[f['value'] for f in j['files'][0]['symbols'][0]['fields'] if f['name'] == 'leg1.from']" |
	grep -q FRU || fail "the boarding pass's origin is not shown: $(cat "$TMP/out")"
jget "$TMP/out" "j['files'][0]['symbols'][0]['compared']" | grep -q name ||
	fail "the passenger's name was not compared with the passport: $(cat "$TMP/out")"
barcode 0 "$I/cargo.png"
[ "$(jget "$TMP/out" "j['files'][0]['symbols'][0]['symbology']")" = code128 ] ||
	fail "the Code 128 label was not read: $(cat "$TMP/out")"
expect_verdict raw "a label that is no document"
ok "a boarding pass compared with the passport; other codes recorded raw"

# an image with nothing in it, a text file, a missing file
printf 'P5\n64 48\n255\n' >"$I/blank.pgm"
head -c 3072 /dev/zero | tr '\0' '\310' >>"$I/blank.pgm"
cjpeg -grayscale "$I/blank.pgm" >"$I/blank.jpg"
barcode 2 "$I/blank.jpg"
[ "$(jget "$TMP/out" "len(j['files'][0]['symbols'])")" = 0 ] || fail "symbols in a blank image"
printf 'not an image\n' >"$I/note.txt"
barcode 3 "$I/note.txt"
expect_exit 3 "$SHEKARA" barcode "${OFFICER[@]}" "$I/missing.png"
grep -q "missing.png" "$TMP/err" || fail "the unreadable file is not named: $(cat "$TMP/err")"
barcode 1 "$I/visa.png" "$I/visa-tampered.png" "$I/blank.jpg"
barcode 3 "$I/visa.png" "$I/note.txt"
ok "exit 2 when nothing is found, 3 for files that are no image, the worst of several"

# text output, and every read audited
expect_exit 0 "$SHEKARA" barcode "${OFFICER[@]}" "$I/visa.png"
grep -q "SMITH" "$TMP/out" || fail "the text output does not show the holder: $(cat "$TMP/out")"
grep -q "verdict: valid" "$TMP/out" || fail "the text output has no verdict: $(cat "$TMP/out")"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'barcode.read'")
[ "$n" -ge 20 ] || fail "only $n barcode reads were audited"
expect_exit 4 "$SHEKARA" barcode --db "$DB" --as admin --password-file "$TMP/pw" "$I/visa.png"
ok "text output; every read audited ($n rows); an administrator may not read barcodes"
