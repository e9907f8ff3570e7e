# The real PC/SC stack for chip tests, sourced by bash tests after tests/e2e/lib.sh (or
# alone: it needs only TMP, made here when missing):
#
#   chip_setup            pcscd (started here only when none runs), a free vpcd slot,
#                         test PKI, face image and MRZ files under $CHIP_DIR
#   card_start [OPTS...]  inserts a virtual passport (tests/chip/vpassport.py OPTS) and
#                         returns once pcscd reports the card in $CHIP_READER
#   card_stop             pulls it out and waits until pcscd has noticed
#   card_wait_gone        for a card that leaves by itself (--remove-after)
#   chip_cleanup          for the EXIT trap: ends the card, pcscd if chip_setup started
#                         it, and the lock; nothing else
#
# Waits are for conditions (a listening port, the card's log, the reader's state through
# libpcsclite), never fixed sleeps. Works without a terminal and under
# `env -i PATH=/usr/bin:/bin` (pcscd is looked for in /usr/sbin too). One test stack at a
# time uses the virtual readers (chip_lock), so parallel runs queue instead of inserting
# cards into each other's reader.

CHIP_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHIP_PY=/usr/bin/python3 # Debian's, with python3-cryptography and python3-asn1crypto
export PYTHONDONTWRITEBYTECODE=1 # tests/chip stays free of __pycache__
CHIP_WAIT=${CHIP_WAIT:-20}
CHIP_PCSCD_PID=""
CHIP_CARD_PID=""
CHIP_CARDS=0
CHIP_LOCK_PID=""

chip_die() {
	if declare -F fail >/dev/null; then
		fail "$*"
	fi
	echo "FAIL chip harness: $*" >&2
	exit 1
}

# chip_listening PORT: true when something listens on 0.0.0.0/:: PORT (read from /proc,
# since connecting to vpcd would itself look like a card insertion)
chip_listening() {
	local hex
	hex=$(printf '%04X' "$1")
	awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" { found = 1 } END { exit !found }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# chip_slot_busy PORT: true when a card (anyone's) is connected to that vpcd slot
chip_slot_busy() {
	local hex
	hex=$(printf '%04X' "$1")
	awk -v p=":$hex" '$2 ~ p"$" && $4 == "01" { found = 1 } END { exit !found }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# chip_lock: one test stack at a time on the virtual readers. The flock is held by a
# small watcher, not by this shell, so that no child (pcscd, a tmux pane) inherits it,
# and it goes when this shell goes, even killed with SIGKILL.
chip_lock() {
	local lock=${CHIP_LOCK:-/tmp/shekara-vpcd.lock} parent=$$ end=$(($(date +%s) + 600)) said=""
	(
		exec 9>"$lock" </dev/null >/dev/null 2>&1
		/usr/bin/flock 9 || exit 1
		: >"$CHIP_DIR/locked"
		while kill -0 "$parent" 2>/dev/null; do sleep 0.5 9>&-; done
	) &
	CHIP_LOCK_PID=$!
	until [ -e "$CHIP_DIR/locked" ]; do
		kill -0 "$CHIP_LOCK_PID" 2>/dev/null || chip_die "cannot lock '$lock'"
		[ "$(date +%s)" -lt "$end" ] || chip_die "another test has held the virtual readers for 10 minutes"
		if [ -z "$said" ] && [ "$(date +%s)" -gt $((end - 598)) ]; then
			echo "chip harness: waiting for another test's virtual readers ($lock)" >&2
			said=1
		fi
		sleep 0.05
	done
}

chip_setup() {
	[ -n "${TMP:-}" ] || TMP=$(mktemp -d "${TMPDIR:-/tmp}/shekara-chip.XXXXXX")
	CHIP_DIR="$TMP/chip"
	mkdir -p "$CHIP_DIR"
	[ -x "$CHIP_PY" ] || chip_die "$CHIP_PY missing (make deps)"
	"$CHIP_PY" -c 'import cryptography, asn1crypto' 2>/dev/null ||
		chip_die "python3-cryptography or python3-asn1crypto missing (make deps)"
	local pcscd
	pcscd=$(command -v pcscd || echo /usr/sbin/pcscd)
	[ -x "$pcscd" ] || chip_die "pcscd missing (make deps)"
	ls /usr/lib/pcsc/drivers/serial/libifdvpcd.so >/dev/null 2>&1 ||
		ls /usr/lib/*/pcsc/drivers/serial/libifdvpcd.so >/dev/null 2>&1 ||
		chip_die "vsmartcard-vpcd missing (make deps)"

	chip_lock

	local end=$(($(date +%s) + CHIP_WAIT))
	until chip_listening 35963; do
		if [ -n "$CHIP_PCSCD_PID" ] && ! kill -0 "$CHIP_PCSCD_PID" 2>/dev/null; then
			# lost a race with a pcscd started meanwhile (ours found its socket taken)
			wait "$CHIP_PCSCD_PID" 2>/dev/null || true
			CHIP_PCSCD_PID=""
			sleep 0.2
		fi
		# a live pcscd (not a zombie) is left to come up; otherwise we start one
		if [ -z "$CHIP_PCSCD_PID" ] && ! /usr/bin/pgrep -x -r R,S,D pcscd >/dev/null; then
			"$pcscd" --foreground >"$CHIP_DIR/pcscd.log" 2>&1 &
			CHIP_PCSCD_PID=$!
		fi
		[ "$(date +%s)" -lt "$end" ] ||
			chip_die "vpcd is not listening on 35963 (pcscd with vsmartcard-vpcd): $(cat "$CHIP_DIR/pcscd.log" 2>/dev/null)"
		sleep 0.05
	done
	# the first slot nobody else's card sits in
	CHIP_PORT=35963
	chip_slot_busy 35963 && CHIP_PORT=35964
	chip_slot_busy "$CHIP_PORT" && chip_die "both virtual readers hold someone else's card"
	CHIP_READER="Virtual PCD 00 0$((CHIP_PORT - 35963))"
	"$CHIP_PY" "$CHIP_HERE/pcsc.py" wait "$CHIP_READER" absent --timeout "$CHIP_WAIT" ||
		chip_die "reader '$CHIP_READER' not there or not empty"

	CHIP_PKI="$CHIP_DIR/pki"
	"$CHIP_PY" "$CHIP_HERE/pki.py" "$CHIP_PKI" || chip_die "pki.py failed"
	CHIP_FACE="$CHIP_DIR/face.jpg"
	"$CHIP_PY" "$CHIP_HERE/face.py" "$CHIP_FACE" 2>/dev/null || chip_die "face.py failed"
	CHIP_MRZ="$CHIP_DIR/mrz.txt"
	printf '%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
		'L898902C36UTO7408122F3404159ZE184226B<<<<<16' >"$CHIP_MRZ"
}

# card_start [VPASSPORT OPTIONS...]: the card's log is $CHIP_LOG
card_start() {
	card_stop
	CHIP_CARDS=$((CHIP_CARDS + 1))
	CHIP_LOG="$CHIP_DIR/card-$CHIP_CARDS.log"
	: >"$CHIP_LOG"
	# --lifetime: a card orphaned by a killed test leaves the reader by itself
	"$CHIP_PY" "$CHIP_HERE/vpassport.py" --port "$CHIP_PORT" --pki "$CHIP_PKI" \
		--face "$CHIP_FACE" --mrz-file "$CHIP_MRZ" --log "$CHIP_LOG" --lifetime 900 "$@" \
		</dev/null >>"$CHIP_LOG" 2>&1 &
	CHIP_CARD_PID=$!
	local end=$(($(date +%s) + CHIP_WAIT))
	# our card's own word that pcscd powered it: a card of someone else's in the slot
	# would satisfy the reader-state check alone
	until grep -q "atr sent" "$CHIP_LOG"; do
		kill -0 "$CHIP_CARD_PID" 2>/dev/null || chip_die "the virtual passport exited: $(cat "$CHIP_LOG")"
		[ "$(date +%s)" -lt "$end" ] || chip_die "pcscd did not power the virtual passport: $(cat "$CHIP_LOG")"
		sleep 0.05
	done
	"$CHIP_PY" "$CHIP_HERE/pcsc.py" wait "$CHIP_READER" present --timeout "$CHIP_WAIT" ||
		chip_die "'$CHIP_READER' shows no card"
}

card_stop() {
	[ -n "$CHIP_CARD_PID" ] || return 0
	kill "$CHIP_CARD_PID" 2>/dev/null || true
	wait "$CHIP_CARD_PID" 2>/dev/null || true
	CHIP_CARD_PID=""
	"$CHIP_PY" "$CHIP_HERE/pcsc.py" wait "$CHIP_READER" absent --timeout "$CHIP_WAIT" ||
		chip_die "pcscd still shows a card in '$CHIP_READER'"
}

# card_wait_gone: waits for the card's own exit, then for pcscd to see the reader empty
card_wait_gone() {
	local end=$(($(date +%s) + CHIP_WAIT))
	while kill -0 "$CHIP_CARD_PID" 2>/dev/null; do
		[ "$(date +%s)" -lt "$end" ] || chip_die "the virtual passport did not leave"
		sleep 0.05
	done
	card_stop
}

# chip_cleanup: for the EXIT trap, so it never fails: only ends what the harness started
chip_cleanup() {
	if [ -n "$CHIP_CARD_PID" ]; then
		kill "$CHIP_CARD_PID" 2>/dev/null || true
		wait "$CHIP_CARD_PID" 2>/dev/null || true
		CHIP_CARD_PID=""
	fi
	if [ -n "$CHIP_PCSCD_PID" ]; then
		kill "$CHIP_PCSCD_PID" 2>/dev/null || true
		wait "$CHIP_PCSCD_PID" 2>/dev/null || true
		CHIP_PCSCD_PID=""
	fi
	if [ -n "$CHIP_LOCK_PID" ]; then
		kill "$CHIP_LOCK_PID" 2>/dev/null || true
		wait "$CHIP_LOCK_PID" 2>/dev/null || true
		CHIP_LOCK_PID=""
	fi
}
