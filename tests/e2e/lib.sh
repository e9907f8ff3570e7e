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

# login USER PASSWORD: from the login screen
login() {
	wait_for "$(tr_ 'User name')"
	text "$1"
	keys Enter
	text "$2"
	keys Enter
}

# tr_ MSGID [LANG]: the message as the program shows it in LANG (default English),
# looked up in the built catalogue so tests do not hard-code translations
tr_() {
	if [ "${2:-en}" = en ]; then
		printf '%s' "$1"
	else
		LANGUAGE="$2" TEXTDOMAINDIR="$ROOT/build/locale" gettext -d shekara -- "$1"
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
