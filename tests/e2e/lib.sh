# Shared by the end-to-end tests: each test runs the real ./shekara in its own tmux
# server at 80×24, with its own XDG directories and demo database, and waits for text
# on the screen (polling capture-pane), never for a fixed time.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHEKARA="$ROOT/shekara"
TEST=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/shekara-e2e.XXXXXX")
SOCK="shekara-e2e-$$-0"
RUNS=0
export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" HOME="$TMP/home"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE LC_MESSAGES
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$HOME"
DB="$TMP/demo.db"
WAIT=${E2E_WAIT:-15}

cleanup() {
	stop
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL $TEST: $*" >&2
	if tmux -L "$SOCK" has-session 2>/dev/null; then
		echo "--- screen ---" >&2
		screen >&2 || true
		echo "--------------" >&2
	fi
	exit 1
}

ok() {
	echo "ok   $TEST: $*"
}

demo_db() {
	"$SHEKARA" --db "$DB" init --demo >/dev/null
}

# start_cmd COMMAND: runs COMMAND in a fresh 80×24 tmux window. When it exits the pane
# prints EXIT=<status> and stays, so tests can check the status and the terminal state.
# The shell survives Ctrl-C itself (trap) to report how the command ended; the command
# gets default signal handling after exec.
start_cmd() {
	stop
	RUNS=$((RUNS + 1))
	SOCK="shekara-e2e-$$-$RUNS"
	tmux -L "$SOCK" -f /dev/null new-session -d -s e2e -x 80 -y 24 \
		"trap : INT; $1; echo EXIT=\$?; sleep 600"
}

# start [ARGS...]: runs shekara on the test's database
start() {
	start_cmd "env TERM=tmux-256color '$SHEKARA' --db '$DB' $*"
}

screen() {
	tmux -L "$SOCK" capture-pane -p -t e2e 2>/dev/null
}

keys() {
	tmux -L "$SOCK" send-keys -t e2e "$@"
}

# type text literally (no key-name lookup)
text() {
	tmux -L "$SOCK" send-keys -t e2e -l "$1"
}

# wait_for TEXT [SECONDS]: polls the screen until TEXT appears
wait_for() {
	want=$1
	limit=${2:-$WAIT}
	end=$(($(date +%s) + limit))
	while :; do
		if screen | grep -qF -- "$want"; then
			return 0
		fi
		tmux -L "$SOCK" has-session 2>/dev/null || fail "the terminal closed before '$want' appeared"
		[ "$(date +%s)" -lt "$end" ] || fail "'$want' did not appear within ${limit}s"
		sleep 0.05
	done
}

# wait_gone TEXT [SECONDS]: polls until TEXT is no longer on the screen
wait_gone() {
	gone=$1
	limit=${2:-$WAIT}
	end=$(($(date +%s) + limit))
	while screen | grep -qF -- "$gone"; do
		[ "$(date +%s)" -lt "$end" ] || fail "'$gone' still on screen after ${limit}s"
		sleep 0.05
	done
}

has() {
	screen | grep -qF -- "$1"
}

# login_try USER PASSWORD: types the credentials on the login screen, nothing more
# (for logins that are meant to fail)
login_try() {
	wait_for "$(tr_ 'User name')"
	text "$1"
	keys Enter
	text "$2"
	keys Enter
}

# in_any_language MSGID: the message in English and in every catalogue, one a line
in_any_language() {
	printf '%s\n' "$1"
	for l in $(cat "$ROOT/i18n/LINGUAS"); do
		tr_ "$1" "$l"
		echo
	done
}

# login USER PASSWORD: a login that succeeds; those who decide on travellers (officers,
# supervisors) meet the start-of-shift screen next, and open_shift gets them through it,
# whatever the account's language
login() {
	login_try "$1" "$2"
	local shift_title menu end
	shift_title=$(in_any_language 'Start of shift')
	menu=$(in_any_language 'Main menu')
	end=$(($(date +%s) + WAIT))
	while :; do
		if screen | grep -qF -- "$shift_title"; then
			open_shift
			return 0
		fi
		screen | grep -qF -- "$menu" && return 0
		tmux -L "$SOCK" has-session 2>/dev/null || fail "the terminal closed during the login of '$1'"
		[ "$(date +%s)" -lt "$end" ] || fail "'$1' did not get past the login screen within ${WAIT}s"
		sleep 0.05
	done
}

# open_shift [e|x] [LANE]: on the start-of-shift screen, chooses the direction (entry by
# default) and the lane (the proposed 1 by default) and opens the shift
open_shift() {
	local shift_title
	shift_title=$(in_any_language 'Start of shift')
	wait_for "$shift_title"
	keys "${1:-e}"
	[ -z "${2:-}" ] || text "$2"
	keys Enter
	wait_gone "$shift_title"
}

# tr_ MSGID [LANG]: the message as the program shows it in LANG (default English),
# looked up in the built catalogue so tests do not hard-code translations
tr_() {
	if [ "${2:-en}" = en ]; then
		printf '%s' "$1"
	else
		LANGUAGE="$2" TEXTDOMAINDIR="${E2E_LOCALEDIR:-$ROOT/build/locale}" gettext -d shekara -- "$1"
	fi
}

# row N: line N (0-based) of the screen
row() {
	screen | sed -n "$(($1 + 1))p"
}

pane() {
	tmux -L "$SOCK" display-message -p -t e2e "$1"
}

shekara_pid() {
	pgrep -f "^$SHEKARA --db $DB" | head -n 1
}

audit_csv() {
	printf 'demo\n' >"$TMP/pw"
	"$SHEKARA" --db "$DB" audit export --as admin --password-file "$TMP/pw"
}

# stop: ends the tmux server of this test (the program must have exited already)
stop() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
}

# expect_exit STATUS COMMAND...: runs a command, its output in $TMP/out and $TMP/err,
# and fails the test unless it exits with STATUS
expect_exit() {
	local want=$1
	shift
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	set -e
	[ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(cat "$TMP/out" "$TMP/err")"
}
