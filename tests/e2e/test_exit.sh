#!/bin/bash
# The terminal is restored on every way out: quit, SIGTERM, SIGINT (Ctrl-C), SIGHUP;
# an officer still logged in is logged out in the audit trail with the reason.
. "$(dirname "$0")/lib.sh"
demo_db

restored() { # the alternate screen is left and the cursor is visible again
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "$1: still on the alternate screen"
	[ "$(pane '#{cursor_flag}')" = 1 ] || fail "$1: cursor left hidden"
}

start
login officer demo
wait_for "Main menu"
keys q
wait_for "EXIT=0"
restored "quit"
ok "quit restores the terminal, exit status 0"

start
login officer demo
wait_for "Main menu"
kill -TERM "$(shekara_pid)"
wait_for "EXIT=143"
restored "SIGTERM"
ok "SIGTERM restores the terminal and ends with status 143"

start
login supervisor demo
wait_for "Main menu"
keys C-c
wait_for "EXIT=130"
restored "SIGINT"
ok "Ctrl-C restores the terminal and ends with status 130"

start
wait_for "User name"
kill -HUP "$(shekara_pid)"
wait_for "EXIT=129"
restored "SIGHUP"
ok "SIGHUP at the login screen restores the terminal"

# a crash (SIGSEGV) still gives the terminal back before the process dies
start
login trainer demo
wait_for "Main menu"
kill -SEGV "$(shekara_pid)"
wait_for "EXIT=139"
restored "SIGSEGV"
ok "a crash restores the terminal"

csv=$(audit_csv)
echo "$csv" | grep -q ',officer,officer,DEMO-POST,WS-DEMO,logout,officer,officer,ok,quit,' ||
	fail "quit not audited"
echo "$csv" | grep -q ',officer,officer,DEMO-POST,WS-DEMO,logout,officer,officer,ok,signal,' ||
	fail "SIGTERM logout not audited"
echo "$csv" | grep -q ',supervisor,supervisor,DEMO-POST,WS-DEMO,logout,officer,supervisor,ok,signal,' ||
	fail "SIGINT logout not audited"
"$SHEKARA" --db "$DB" audit verify >/dev/null || fail "audit chain broken"
ok "sessions ended by signals are logged out in the audit trail"

# idle officers are logged out automatically
start --idle-logout 1
login officer demo
wait_for "Main menu"
wait_for "You were logged out after 1 minute without activity" 10
wait_for "User name"
keys F10
wait_for "EXIT=0"
csv=$(audit_csv)
echo "$csv" | grep -q ',logout,officer,officer,ok,idle,' || fail "idle logout not audited"
ok "an idle officer is logged out"
echo "$csv" | grep -q ',-,system,DEMO-POST,WS-DEMO,config.change,setting,ui.idle_logout,ok,300 -> 1,' ||
	fail "the changed setting is not audited"
ok "a changed setting is audited at start"
