#!/bin/bash
# A serial MRZ reader, played by a pseudo-terminal pair (socat): the test writes an MRZ
# to the master side and sees it parsed on the scan screen; unplugging the "reader"
# (socat ends, the pty goes away) and plugging it back recovers without a restart.
. "$(dirname "$0")/lib.sh"
command -v socat >/dev/null || fail "socat missing (make deps-test)"
demo_db
READER="$TMP/reader"
FEED="$TMP/feed"
mkfifo "$FEED"
SOCAT_PID=""

plug() { # a new pty appears at $READER, fed from $FEED
	socat -u "PIPE:$FEED,ignoreeof" "PTY,link=$READER,rawer" 2>"$TMP/socat.log" &
	SOCAT_PID=$!
	# socat opens the pipe first, which waits for a writer; this one stays open so the
	# pipe lasts between documents
	exec 7>"$FEED"
	end=$(($(date +%s) + WAIT))
	until [ -e "$READER" ]; do
		[ "$(date +%s)" -lt "$end" ] || fail "socat made no pty"
		sleep 0.05
	done
}
unplug() {
	exec 7>&-
	kill "$SOCAT_PID" 2>/dev/null || true
	wait "$SOCAT_PID" 2>/dev/null || true
}
trap 'unplug; cleanup' EXIT

plug
start --reader-device "$READER" --reader-baud 9600 --reader-format 8N1
login officer demo
wait_for "Main menu"
keys s
wait_for "serial reader connected"
# CR line ends, as many readers send them, in two writes
printf 'I<UTOD231458907<<<<<<<<<<<<<<<\r7408122F1204159UTO<<<<<<<<<<<6\r' >&7
printf 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<\r' >&7
wait_for "Document read: some checks failed"
wait_for "TD1 I · UTO"
wait_for "ERIKSSON, ANNA MARIA"
ok "an MRZ written to the serial line is parsed on the scan screen"

unplug
wait_for "Serial reader disconnected; plug it in again"
wait_for "serial reader not connected"
ok "unplugging the reader is noticed"

plug
wait_for "Serial reader connected"
keys F7
printf 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F3404159ZE184226B<<<<<16\r\n' >&7
wait_for "Document read: every check passed"
wait_for "TD3 P · UTO"
ok "plugging it back in recovers without a restart"
keys F2
wait_for "Accepted: UTO L898902C3"
keys Escape
wait_for "Not decided, nothing saved: UTO L898902C3"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
audit_csv | grep -q ",document.accept,document,UTO L898902C3,valid,TD3 P; serial reader; failed checks: 0," ||
	fail "the serial scan's acceptance is not audited with its source"
ok "the serial scan is audited with its source"
