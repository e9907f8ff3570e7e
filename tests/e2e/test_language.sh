#!/bin/bash
# An officer switches to Russian from the home screen without restarting; the choice
# is kept with the account; the login screen's language can be switched before login.
. "$(dirname "$0")/lib.sh"
demo_db

ru() { tr_ "$1" ru; }
[ "$(ru 'Main menu')" != "Main menu" ] || fail "the Russian catalogue has no 'Main menu'"

start
login officer demo
wait_for "Main menu"
keys g
wait_for "Русский"
keys Down Enter
wait_for "$(ru 'Main menu')"
wait_for "$(ru 'Change my password')"
wait_for "$(ru 'Log out')"
! has "Change my password" || fail "English label left after switching"
ok "the home screen switches to Russian at once"

# help is generated from the key table, in the same language
keys F1
wait_for "$(ru 'This help')"
keys Escape
wait_for "$(ru 'Main menu')"

# logging out returns the login screen to the workstation's language; the command
# letter works with the keyboard left in the Russian layout (Д is where L is)
text "д"
wait_for "User name"
login officer demo
wait_for "$(ru 'Main menu')"
ok "the officer's language is kept with the account"
keys q
wait_for "EXIT=0"

# before anyone logs in: F9 on the login screen
start
wait_for "User name"
keys F9
wait_for "Русский"
keys Down Enter
wait_for "$(ru 'User name')"
wait_for "$(ru 'Password')"
ok "the login screen switches language before login"
keys F10
wait_for "EXIT=0"

# the change is audited and machine output stays English
audit_csv | grep -q ",officer,officer,DEMO-POST,WS-DEMO,officer.language,officer,officer,ok,en -> ru," ||
	fail "language change not audited"
ok "the language change is audited"
