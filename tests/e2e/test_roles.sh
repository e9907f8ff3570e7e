#!/bin/bash
# Each role logs in and sees exactly its menu; an officer cannot reach the post's audit
# trail or the accounts, and logging out returns to the login screen.
. "$(dirname "$0")/lib.sh"
demo_db

expect_menu() { # role, then "+item" present or "-item" absent
	local role=$1
	shift
	start
	login "$role" demo
	wait_for "Main menu"
	for item in "$@"; do
		case $item in
		+*) has "${item#+}" || fail "$role should see '${item#+}'" ;;
		-*) ! has "${item#-}" || fail "$role should not see '${item#-}'" ;;
		esac
	done
	# the status bar names post, workstation, officer and role; the banner says DEMO
	local label=${role^}
	[ "$role" != admin ] || label=Administrator
	row 0 | grep -q "DEMO-POST · WS-DEMO · $role $label" || fail "status bar: $(row 0)"
	row 0 | grep -Eq '[0-2][0-9]:[0-5][0-9] *$' || fail "no clock in the status bar"
	row 0 | grep -q "sync" || fail "no sync state in the status bar"
	row 1 | grep -q "DEMO DATABASE" || fail "no DEMO banner"
	keys l
	wait_for "User name"
	ok "$role sees its menu and logs out"
	keys F10
	wait_for "EXIT=0"
	stop
}

expect_menu officer "+My activity" "+Change my password" "+Language" "+Log out" \
	"-Accounts" "-Audit trail of the post"
expect_menu trainer "+My activity" "+Language" "-Accounts" "-Audit trail of the post"
expect_menu supervisor "+Audit trail of the post" "+My activity" "-Accounts"
expect_menu admin "+Accounts" "+Audit trail of the post" "+My activity"

# the supervisor opens the post's trail and verifies it on screen
start
login supervisor demo
wait_for "Main menu"
keys t
wait_for "Audit trail of the post"
wait_for "login"
keys v
wait_for "Audit chain intact"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
ok "supervisor views and verifies the audit trail"

# the views and logins above are in the trail, attributed
csv=$(audit_csv)
for role in officer trainer supervisor admin; do
	echo "$csv" | grep -q ",$role,$role,DEMO-POST,WS-DEMO,login,officer,$role,ok," ||
		fail "no audited login for $role"
	echo "$csv" | grep -q ",$role,$role,DEMO-POST,WS-DEMO,logout,officer,$role,ok,logout" ||
		fail "no audited logout for $role"
done
echo "$csv" | grep -q ",supervisor,supervisor,.*,audit.view,audit,post,ok," ||
	fail "the supervisor's view of the trail is not audited"
ok "logins, logouts and views are audited"
