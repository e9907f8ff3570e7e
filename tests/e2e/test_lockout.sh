#!/bin/bash
# Five wrong passwords lock the account; the right one is then refused until an
# administrator unlocks it. Every attempt is audited and the chain stays intact.
. "$(dirname "$0")/lib.sh"
demo_db

start
login_try officer wrong-1
wait_for "wrong user name or password"
# after a failure the user name stays and the cursor waits in the emptied password field
for i in 2 3 4 5; do
	text "wrong-$i"
	keys Enter
	[ $i = 5 ] || wait_for "wrong user name or password"
done
wait_for "account 'officer' is now locked after 5 failed logins"
ok "the fifth wrong password locks the account"

text demo
keys Enter
wait_for "account 'officer' is locked; ask an administrator to unlock it"
ok "a locked account refuses the right password"
keys F10
wait_for "EXIT=0"

printf 'demo\n' >"$TMP/pw"
"$SHEKARA" --db "$DB" user list --as admin --password-file "$TMP/pw" |
	grep -q "^officer	officer	en	locked	5	" || fail "user list does not show the lock"
"$SHEKARA" --db "$DB" user unlock officer --as admin --password-file "$TMP/pw" >/dev/null ||
	fail "unlock failed"

start
login officer demo
wait_for "Main menu"
ok "after an administrator unlocks it, the officer logs in"
keys q
wait_for "EXIT=0"

csv=$(audit_csv)
[ "$(echo "$csv" | grep -c ',officer,officer,DEMO-POST,WS-DEMO,login,officer,officer,failure,')" -eq 5 ] ||
	fail "five failures not audited"
echo "$csv" | grep -q ',account.lock,officer,officer,ok,5 failed logins,' || fail "lock not audited"
echo "$csv" | grep -q ',admin,admin,DEMO-POST,WS-DEMO,account.unlock,officer,officer,ok,' ||
	fail "unlock not audited"
echo "$csv" | grep -q 'wrong-' && fail "a typed password reached the audit trail"
"$SHEKARA" --db "$DB" audit verify >/dev/null || fail "audit chain broken"
ok "attempts, lock and unlock are audited; no password in the trail"
