#!/bin/bash
# Chip read figures for `make bench`: APDUs and wall time of a full read (EF.COM, DG1,
# DG2 of about 20 KB, EF.SOD) from the virtual passport through pcscd, with extended
# length and with short reads. Uses ./shekara chip read; with --reference, the Python
# reference reader instead (tests/chip/pcsc.py), to tell the stack's cost from the
# reader's. Prints figures only; the issue's target is 25 APDUs with extended length.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
TMP=$(mktemp -d)
export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" LC_ALL=C.UTF-8
. "$ROOT/tests/chip/harness.sh"
trap 'chip_cleanup; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
REF=0
[ "${1:-}" = --reference ] && REF=1
RUNS=${CHIP_BENCH_RUNS:-7}

chip_setup
if [ "$REF" = 0 ]; then
	DB="$TMP/demo.db"
	./shekara --db "$DB" init --demo >/dev/null
	printf 'demo\n' >"$TMP/pw"
	./shekara --db "$DB" csca import "$CHIP_PKI/masterlist.ml" --as admin --password-file "$TMP/pw" >/dev/null
fi

one_read() { # prints "APDUS MS" of one read
	if [ "$REF" = 1 ]; then
		"$CHIP_PY" "$CHIP_HERE/pcsc.py" read --reader "$CHIP_READER" --mrz-file "$CHIP_MRZ" \
			--csca "$CHIP_PKI/csca.pem" >"$TMP/r.json"
	else
		./shekara chip read --db "$DB" --as officer --password-file "$TMP/pw" \
			--reader "$CHIP_READER" --mrz-file "$CHIP_MRZ" --json >"$TMP/r.json"
	fi
	"$CHIP_PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["apdus"], j["ms"])' "$TMP/r.json"
}

for mode in extended short; do
	if [ $mode = extended ]; then card_start; else card_start --no-extended; fi
	apdus=0
	times=()
	for _ in $(seq "$RUNS"); do
		read -r apdus ms < <(one_read)
		times+=("$ms")
	done
	sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
	median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	echo "chip read ($([ "$REF" = 1 ] && echo reference || echo shekara), $mode length, $(grep -o "DG2 [0-9]* bytes" "$CHIP_LOG" | head -n1)): $apdus APDUs, median ${median} ms (all: ${sorted% })"
done
card_stop
