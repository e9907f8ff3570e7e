#!/bin/bash
# `make run` creates the demo database under $XDG_DATA_HOME/shekara/ on first use and
# starts the workstation on it, bannered DEMO; the second run reuses it.
. "$(dirname "$0")/lib.sh"
DEMO="$XDG_DATA_HOME/shekara/demo.db"
[ ! -e "$DEMO" ] || fail "demo database exists before the test"

run_make() {
	start_cmd "cd '$ROOT' && make --no-print-directory run"
}

run_make
wait_for "DEMO DATABASE" 120
[ -f "$DEMO" ] || fail "make run did not create $DEMO"
login supervisor demo
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "make run creates the demo database and starts on it"

before=$(sqlite3 "$DEMO" "SELECT value FROM settings WHERE key = 'database_id'")
run_make
wait_for "DEMO DATABASE" 120
keys F10
wait_for "EXIT=0"
[ "$(sqlite3 "$DEMO" "SELECT value FROM settings WHERE key = 'database_id'")" = "$before" ] ||
	fail "the second make run made a new demo database"
ok "a second make run reuses the demo database"
