#!/bin/bash
# ePassport chips through the real PC/SC stack: pcscd with the vsmartcard-vpcd reader
# and the project's virtual passport (tests/chip/vpassport.py), whose crypto is checked
# first against ICAO 9303-11 Appendix D. `shekara chip read` must call each chip by its
# right name: genuine, unknown issuer, altered data group, bad signature, a chip MRZ
# that differs from the printed one, a wrong MRZ; it must read without extended
# length, and a card pulled out or hanging mid-read must end the read (exit 3), never
# hang it (every read runs under `timeout`).
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/chip/harness.sh"
. "$ROOT/tests/e2e/mrz.sh"
trap 'chip_cleanup; cleanup' EXIT
trap 'exit 130' INT TERM

"$CHIP_PY" "$ROOT/tests/chip/selftest.py" >"$TMP/selftest.out" 2>&1 ||
	fail "the virtual passport's self-test: $(cat "$TMP/selftest.out")"
ok "the test passport's BAC and secure messaging reproduce 9303-11 Appendix D"

chip_setup
card_start
"$CHIP_PY" "$CHIP_HERE/pcsc.py" read --reader "$CHIP_READER" --mrz-file "$CHIP_MRZ" \
	--csca "$CHIP_PKI/csca.pem" >"$TMP/ref.json" 2>&1 ||
	fail "the reference reader cannot read the virtual passport: $(cat "$TMP/ref.json")"
ok "pcscd, vpcd and the virtual passport work ('$CHIP_READER', reference reader)"

"$SHEKARA" chip --help >/dev/null 2>&1 || fail "./shekara has no 'chip' command"
demo_db
printf 'demo\n' >"$TMP/pw"
ADMIN=(--db "$DB" --as admin --password-file "$TMP/pw")
OFFICER=(--db "$DB" --as officer --password-file "$TMP/pw")

# jget FILE KEY.PATH: a value of the JSON in FILE; lists joined with spaces
jget() {
	"$CHIP_PY" -c '
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
if isinstance(v, list):
    v = " ".join(x if isinstance(x, str) else json.dumps(x) for x in v)
print("" if v is None else str(v).lower() if isinstance(v, bool) else v)' "$1" "$2"
}
files_read() { # the files of the last read's JSON, as "COM DG1 ..."
	"$CHIP_PY" -c 'import json,sys; print(" ".join(f["file"] for f in json.load(open(sys.argv[1]))["files"]))' "$1"
}

# read_chip STATUS [ARGS...]: `shekara chip read --json` on the test's reader, bounded
# in time, its JSON in $TMP/out; sets ELAPSED_MS
read_chip() {
	local want=$1 t0
	shift
	t0=$(date +%s%N)
	expect_exit "$want" timeout 60 "$SHEKARA" chip read "${OFFICER[@]}" --reader "$CHIP_READER" \
		--json "$@"
	ELAPSED_MS=$((($(date +%s%N) - t0) / 1000000))
}
verdict_is() { # verdict_is NAME WHAT: the last read's verdict
	local v
	v=$(jget "$TMP/out" verdict)
	[ "$v" = "$1" ] || fail "$2: verdict '$v', expected '$1': $(cat "$TMP/out" "$TMP/err")"
}

# --- trust store ---------------------------------------------------------------------
expect_exit 0 "$SHEKARA" csca import "$CHIP_PKI/masterlist.ml" "${ADMIN[@]}"
grep -q "CSCA Utopia Test" "$TMP/out" || fail "master list import: $(cat "$TMP/out")"
expect_exit 0 "$SHEKARA" csca list --json --db "$DB"
grep -q "CSCA Utopia Test" "$TMP/out" || fail "csca list after the import: $(cat "$TMP/out")"
grep -q "CSCA Nowhere Test" "$TMP/out" && fail "an unrelated CSCA is in the store"
ok "an ICAO master list imports its CSCA into the trust store"

# --- a genuine chip ------------------------------------------------------------------
read_chip 0 --mrz-file "$CHIP_MRZ" --photo "$TMP/photo.jpg"
verdict_is genuine "a genuine chip"
[ "$(jget "$TMP/out" outcome)" = genuine ] || fail "genuine chip: outcome $(jget "$TMP/out" outcome)"
[ "$(jget "$TMP/out" extended_length)" = true ] || fail "extended length announced but not used"
for f in COM DG1 DG2 SOD; do
	files_read "$TMP/out" | grep -qw "$f" || fail "genuine chip: $f not read ($(files_read "$TMP/out"))"
done
for step in sod_signature ds_trusted hashes; do
	[ "$(jget "$TMP/out" "passive_authentication.$step")" = passed ] ||
		fail "genuine chip: $step $(jget "$TMP/out" "passive_authentication.$step")"
done
[ "$(jget "$TMP/out" active_authentication)" != passed ] || fail "active authentication 'passed' without DG15"
[ "$(jget "$TMP/out" dg1.differs)" = "" ] || fail "genuine chip: DG1 differs in $(jget "$TMP/out" dg1.differs)"
cmp -s "$TMP/photo.jpg" "$CHIP_FACE" || fail "--photo did not write the chip's JPEG as it is"
[ "$(jget "$TMP/out" face.format)" = jpeg ] || fail "face format $(jget "$TMP/out" face.format)"
EXT_APDUS=$(jget "$TMP/out" apdus)
EXT_MS=$(jget "$TMP/out" ms)
[ "$EXT_APDUS" -le 25 ] || fail "a full read took $EXT_APDUS APDUs with extended length (target 25)"
ok "genuine chip: exit 0, passive authentication passed, photo written ($EXT_APDUS APDUs, $EXT_MS ms, ${ELAPSED_MS} ms in all)"

expect_exit 0 timeout 60 "$SHEKARA" chip read "${OFFICER[@]}" --reader "$CHIP_READER" \
	--doc L898902C3 --dob 740812 --expiry 340415
grep -q "genuine" "$TMP/out" || fail "text output of a genuine read: $(cat "$TMP/out")"
ok "the access key typed as --doc, --dob, --expiry opens it too; the text says genuine"

# --- faults --------------------------------------------------------------------------
card_start --unknown-csca
read_chip 1 --mrz-file "$CHIP_MRZ"
verdict_is unknown_issuer "a chip signed under an unknown CSCA"
[ "$(jget "$TMP/out" passive_authentication.sod_signature)" = passed ] ||
	fail "unknown CSCA: the SOD signature itself is fine"
[ "$(jget "$TMP/out" passive_authentication.ds_trusted)" = failed ] ||
	fail "unknown CSCA: ds_trusted $(jget "$TMP/out" passive_authentication.ds_trusted)"
ok "a Document Signer under an unknown CSCA: exit 1, unknown_issuer"

card_start --wrong-hash
read_chip 1 --mrz-file "$CHIP_MRZ"
verdict_is hash_mismatch "DG2 changed after signing"
jget "$TMP/out" passive_authentication.hash_mismatch | grep -qw DG2 ||
	fail "the mismatch does not name DG2: $(jget "$TMP/out" passive_authentication.hash_mismatch)"
expect_exit 1 timeout 60 "$SHEKARA" chip read "${OFFICER[@]}" --reader "$CHIP_READER" --mrz-file "$CHIP_MRZ"
grep -q "DG2" "$TMP/out" || fail "the text output does not name DG2: $(cat "$TMP/out")"
ok "DG2 altered after signing: exit 1, hash_mismatch naming DG2"

card_start --bad-signature
read_chip 1 --mrz-file "$CHIP_MRZ"
verdict_is bad_signature "a SOD whose signature was altered"
[ "$(jget "$TMP/out" passive_authentication.sod_signature)" = failed ] ||
	fail "bad signature: sod_signature $(jget "$TMP/out" passive_authentication.sod_signature)"
ok "a bad SOD signature: exit 1, bad_signature"

card_start --dg1-differs
read_chip 1 --mrz-file "$CHIP_MRZ"
verdict_is mrz_mismatch "DG1 with another number and surname"
differs=$(jget "$TMP/out" dg1.differs)
for f in number surname; do
	echo "$differs" | grep -qw "$f" || fail "DG1 differs, but '$f' is not named: '$differs'"
done
echo "$differs" | grep -qw birth && fail "DG1: the birth date is the same but named: '$differs'"
ok "a chip MRZ unlike the printed one: exit 1, the fields named ($differs)"

card_start --no-extended
read_chip 0 --mrz-file "$CHIP_MRZ"
verdict_is genuine "a chip without extended length"
[ "$(jget "$TMP/out" extended_length)" = false ] || fail "extended length used on a chip without it"
SHORT_APDUS=$(jget "$TMP/out" apdus)
[ "$SHORT_APDUS" -gt "$EXT_APDUS" ] || fail "short reads took $SHORT_APDUS APDUs, extended $EXT_APDUS"
ok "no extended length: still genuine, in short reads ($SHORT_APDUS APDUs, $(jget "$TMP/out" ms) ms)"

card_start --lie-extended
read_chip 0 --mrz-file "$CHIP_MRZ"
verdict_is genuine "a chip that announces extended length and refuses a large Le"
ok "extended length announced but refused (6700): falls back to short reads ($(jget "$TMP/out" apdus) APDUs)"

card_start
read_chip 0 --mrz-file "$CHIP_MRZ" --short-reads
[ "$(jget "$TMP/out" extended_length)" = false ] || fail "--short-reads still used extended length"
ok "--short-reads ignores extended length ($(jget "$TMP/out" apdus) APDUs)"

# another document number, its check digits right: the chip must refuse the key
td3 ERIKSSON ANNA\<MARIA UTO L898902C4 740812 F 340415 >"$TMP/other-mrz.txt"
read_chip 1 --mrz-file "$TMP/other-mrz.txt"
verdict_is access_denied "a wrong MRZ"
ok "a wrong MRZ: BAC refused, exit 1, access_denied"

card_start --remove-after 10
read_chip 3 --mrz-file "$CHIP_MRZ"
[ "$(jget "$TMP/out" chip_verdict)" = removed ] || fail "card pulled out: chip_verdict $(jget "$TMP/out" chip_verdict)"
[ "$ELAPSED_MS" -lt 15000 ] || fail "noticing the removal took $ELAPSED_MS ms"
card_wait_gone
expect_exit 3 timeout 60 "$SHEKARA" chip read "${OFFICER[@]}" --reader "$CHIP_READER" --mrz-file "$CHIP_MRZ"
grep -qi "reader\|card" "$TMP/out" "$TMP/err" || fail "no card: no message: $(cat "$TMP/out" "$TMP/err")"
ok "a card pulled out after 10 APDUs: exit 3 in ${ELAPSED_MS} ms; no card then: exit 3"

card_start --no-extended --remove-after 40
read_chip 3 --mrz-file "$CHIP_MRZ"
[ "$(jget "$TMP/out" chip_verdict)" = removed ] || fail "card pulled out mid-DG2: chip_verdict $(jget "$TMP/out" chip_verdict)"
card_wait_gone
ok "a card pulled out in the middle of DG2's short reads: exit 3, removed"

card_start --loop --remove-after 12 --reinsert-ms 300
read_chip 3 --mrz-file "$CHIP_MRZ"
read_chip 0 --mrz-file "$CHIP_MRZ" --wait 10
verdict_is genuine "the same card put back"
ok "put back after being pulled out, the card reads again: genuine"

card_start --delay-ms 150
read_chip 0 --mrz-file "$CHIP_MRZ"
verdict_is genuine "a slow chip (150 ms per APDU)"
ok "a slow chip (150 ms per APDU) completes: genuine in ${ELAPSED_MS} ms"

card_start --stall-after 8
read_chip 3 --mrz-file "$CHIP_MRZ"
case $(jget "$TMP/out" chip_verdict) in
removed | read_failed) ;;
*) fail "a hanging chip: chip_verdict $(jget "$TMP/out" chip_verdict)" ;;
esac
[ "$ELAPSED_MS" -lt 30000 ] || fail "giving up on a hanging chip took $ELAPSED_MS ms"
ok "a chip that stops answering: exit 3 in ${ELAPSED_MS} ms, no hang"

# --- contents ------------------------------------------------------------------------
card_start --pace --dg11 --dg12 --dg14 --dg15
read_chip 0 --mrz-file "$CHIP_MRZ"
verdict_is genuine "a chip with DG11, DG12, DG14, DG15 and PACE"
for f in DG11 DG12 DG14 DG15; do
	files_read "$TMP/out" | grep -qw "$f" || fail "$f not read ($(files_read "$TMP/out"))"
done
jget "$TMP/out" card_access | grep -q PACE || fail "EF.CardAccess offers PACE: '$(jget "$TMP/out" card_access)'"
for a in active_authentication chip_authentication; do
	[ "$(jget "$TMP/out" $a)" != passed ] || fail "$a 'passed' although the chip cannot do it"
done
ok "DG11, DG12, DG14, DG15 read and hashed; CardAccess shows PACE; AA and CA not 'passed'"

"$CHIP_PY" "$CHIP_HERE/face.py" "$CHIP_DIR/face.jp2" 2>/dev/null
card_start --face "$CHIP_DIR/face.jp2"
read_chip 0 --mrz-file "$CHIP_MRZ" --photo "$TMP/photo.jp2"
verdict_is genuine "a chip with a JPEG 2000 face"
[ "$(jget "$TMP/out" face.format)" = jpeg2000 ] || fail "face format $(jget "$TMP/out" face.format)"
cmp -s "$TMP/photo.jp2" "$CHIP_DIR/face.jp2" || fail "--photo did not write the JPEG 2000 as it is"
ok "a JPEG 2000 face image is found and written as it is"

"$CHIP_PY" -B -c '
import sys; sys.path.insert(0, sys.argv[1]); from icao import check_digit as cd
num, birth, exp, opt2 = "D23145890", "740812", "340415", "<" * 11
l1 = "I<UTO" + num + cd(num) + "<" * 15
l2 = birth + cd(birth) + "F" + exp + cd(exp) + "UTO" + opt2
l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
print(l1); print(l2); print("ERIKSSON<<ANNA<MARIA<<<<<<<<<<")' "$CHIP_HERE" >"$TMP/td1.txt"
card_start --mrz-file "$TMP/td1.txt"
read_chip 0 --mrz-file "$TMP/td1.txt"
verdict_is genuine "an identity card (TD1)"
ok "a TD1 identity card's chip opens with its three-line MRZ"

# --- revocation ----------------------------------------------------------------------
expect_exit 0 "$SHEKARA" csca import "$CHIP_PKI/crl-revoked.der" "${ADMIN[@]}"
card_start
read_chip 1 --mrz-file "$CHIP_MRZ"
[ "$(jget "$TMP/out" passive_authentication.ds_trusted)" = failed ] ||
	fail "revoked Document Signer: ds_trusted $(jget "$TMP/out" passive_authentication.ds_trusted)"
verdict=$(jget "$TMP/out" verdict)
card_start
expect_exit 1 timeout 60 "$SHEKARA" chip read "${OFFICER[@]}" --reader "$CHIP_READER" \
	--mrz-file "$CHIP_MRZ"
grep -qF "document signer's certificate is revoked" "$TMP/out" ||
	fail "a revoked Document Signer is not said so to the officer: $(cat "$TMP/out")"
ok "a CRL revoking the Document Signer: exit 1, $verdict, and the officer is told it is revoked"

# --- audit ---------------------------------------------------------------------------
audit_csv >"$TMP/audit.csv"
for v in genuine unknown_issuer hash_mismatch bad_signature mrz_mismatch access_denied removed; do
	grep -Eq ",chip\.read,document,[^,]*,$v," "$TMP/audit.csv" ||
		fail "no audited chip read with the result $v: $(grep chip "$TMP/audit.csv")"
done
ok "every chip read is in the audit trail with its verdict"
