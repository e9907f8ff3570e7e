#!/bin/bash
# Screens behind the menu: an administrator locks and unlocks an account, an officer
# changes their password and sees their own activity, and F1 shows the screen's keys.
. "$(dirname "$0")/lib.sh"
demo_db

start
login admin demo
wait_for "Main menu"
keys a
wait_for "Accounts"
wait_for "trainer"
keys Down Down Down   # admin, officer, supervisor, trainer (sorted by name)
keys l
wait_for "Account 'trainer' locked"
screen | grep -E "trainer +Trainer +en +locked" >/dev/null || fail "trainer not shown locked"
keys u
wait_for "Account 'trainer' unlocked"
keys Up Up Up l
wait_for "you cannot lock your own account"
keys Escape
wait_for "Main menu"
keys F1
wait_for "This help"
has "Open" || fail "help does not list the home screen's keys"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "an administrator locks and unlocks an account on screen"

start
login officer demo
wait_for "Main menu"
keys p
wait_for "Current password"
text demo; keys Enter
text "New-Officer-Pw1"; keys Enter
text "New-Officer-Pw2"; keys Enter
wait_for "the two passwords differ"
text demo; keys Enter
text "short"; keys Enter
text "short"; keys Enter
wait_for "a password needs at least 10 characters"
text demo; keys Enter
text "New-Officer-Pw1"; keys Enter
text "New-Officer-Pw1"; keys Enter
wait_for "Password changed"
keys m
wait_for "My activity"
wait_for "password.change"
screen | grep -q "supervisor" && fail "an officer sees someone else's activity"
keys Escape
keys l
login_try officer demo
wait_for "wrong user name or password"
text "New-Officer-Pw1"
keys Enter
open_shift
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "an officer changes their password and sees only their own activity"

# guessing the current password on an unattended terminal locks the account and ends
# the session, as wrong passwords at login do
start
login trainer demo
wait_for "Main menu"
keys p
wait_for "Current password"
for i in 1 2 3 4; do
	text "guess-$i"; keys Enter
	text "Whatever-New-1"; keys Enter
	text "Whatever-New-1"; keys Enter
	wait_for "the current password is wrong"
done
text "guess-5"; keys Enter
text "Whatever-New-1"; keys Enter
text "Whatever-New-1"; keys Enter
wait_for "account 'trainer' is now locked after 5 failed logins"
wait_for "User name"
keys F10
wait_for "EXIT=0"
audit_csv | grep -q ',trainer,trainer,DEMO-POST,WS-DEMO,logout,officer,trainer,ok,locked,' ||
	fail "the forced logout is not audited"
ok "guessing the current password locks the account and logs out"
