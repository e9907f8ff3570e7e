#!/bin/bash
# The command line: init of a live database (password from a file and asked twice on a
# terminal), help and version, user management, config and its audit, and bad input
# refused with a clear message and nothing lost.
. "$(dirname "$0")/lib.sh"
LIVE="$TMP/live.db"

expect_exit 0 "$SHEKARA" --help
grep -q "Usage: shekara" "$TMP/out" || fail "--help"
expect_exit 0 "$SHEKARA" --version
grep -Eq '^shekara [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "--version: $(cat "$TMP/out")"
for c in init user audit config; do
	expect_exit 0 "$SHEKARA" $c --help
	grep -q "^  shekara \[OPTIONS\] $c" "$TMP/out" || fail "$c --help"
	! awk 'length > 80' "$TMP/out" | grep -q . || fail "$c --help has lines over 80 columns"
done
expect_exit 2 "$SHEKARA" frobnicate
grep -q "unknown command 'frobnicate'" "$TMP/err" || fail "unknown command message"
expect_exit 2 "$SHEKARA" --frobnicate
ok "help, version and unknown commands"

# a live database, provisioned by script
printf 'Correct-Horse-9\n' >"$TMP/admin.pw"
expect_exit 0 "$SHEKARA" --db "$LIVE" init --post KHORGOS-1 --workstation WS03 \
	--admin chief --admin-name "A. Nurlanov" --admin-password-file "$TMP/admin.pw"
[ "$(stat -c %a "$LIVE")" = 600 ] || fail "database mode is $(stat -c %a "$LIVE")"
[ "$(sqlite3 "$LIVE" 'PRAGMA journal_mode')" = wal ] || fail "not in WAL mode"
[ "$(sqlite3 "$LIVE" "SELECT value FROM settings WHERE key = 'demo'")" = 0 ] || fail "live db marked demo"
before=$(sha256sum "$LIVE")
expect_exit 2 "$SHEKARA" --db "$LIVE" init --post X --workstation Y --admin-password-file "$TMP/admin.pw"
grep -q "already exists" "$TMP/err" || fail "re-init message: $(cat "$TMP/err")"
[ "$(sha256sum "$LIVE")" = "$before" ] || fail "re-init changed the database"
printf 'short\n' >"$TMP/short.pw"
expect_exit 2 "$SHEKARA" --db "$TMP/other.db" init --post X --workstation Y --admin-password-file "$TMP/short.pw"
[ ! -e "$TMP/other.db" ] || fail "a refused init left a file behind"
expect_exit 2 "$SHEKARA" --db "$TMP/other.db" init --post X --workstation Y --admin-password Secret123456
ok "init makes a private WAL database and refuses to overwrite or to take a password on argv"

# init asks twice on the terminal when no file is given
start_cmd "'$SHEKARA' --db '$TMP/tty.db' init --post P --workstation W"
wait_for "Administrator password:"
text "Tty-Password-1"
keys Enter
wait_for "Repeat the password:"
text "Tty-Password-1"
keys Enter
wait_for "EXIT=0"
has "Tty-Password-1" && fail "the password was echoed"
printf 'Tty-Password-1\n' >"$TMP/tty.pw"
expect_exit 0 "$SHEKARA" --db "$TMP/tty.db" user list --as admin --password-file "$TMP/tty.pw"
ok "init asks for the password twice on the terminal without echo"
stop

# officers
A=(--db "$LIVE" --as chief --password-file "$TMP/admin.pw")
printf 'Officer-Pass-1\n' >"$TMP/o.pw"
expect_exit 0 "$SHEKARA" user add aliya --role officer --full-name "Aliya B." --lang ru --new-password-file "$TMP/o.pw" "${A[@]}"
expect_exit 0 "$SHEKARA" user add bek --role supervisor --new-password-file "$TMP/o.pw" "${A[@]}"
expect_exit 2 "$SHEKARA" user add aliya --role officer --new-password-file "$TMP/o.pw" "${A[@]}"
grep -q "already exists" "$TMP/err" || fail "duplicate user message"
expect_exit 2 "$SHEKARA" user add Bad.Name --role officer --new-password-file "$TMP/o.pw" "${A[@]}"
expect_exit 2 "$SHEKARA" user add x --role captain --new-password-file "$TMP/o.pw" "${A[@]}"
expect_exit 4 "$SHEKARA" --db "$LIVE" user list --as aliya --password-file "$TMP/o.pw"
grep -q "your role does not allow this" "$TMP/err" || fail "officer not refused"
expect_exit 1 "$SHEKARA" --db "$LIVE" user list --as chief --password-file "$TMP/o.pw"
expect_exit 0 "$SHEKARA" user list "${A[@]}"
grep -q "^aliya	officer	ru	active	0	20..-..-..T.*	Aliya B.$" "$TMP/out" || fail "user list: $(cat "$TMP/out")"
expect_exit 0 "$SHEKARA" user lock aliya "${A[@]}"
expect_exit 4 "$SHEKARA" --db "$LIVE" audit export --as aliya --password-file "$TMP/o.pw"
grep -q "is locked" "$TMP/err" || fail "locked officer not refused"
expect_exit 0 "$SHEKARA" user unlock aliya "${A[@]}"
printf 'Officer-Pass-2\n' >"$TMP/o2.pw"
expect_exit 0 "$SHEKARA" user passwd aliya --new-password-file "$TMP/o2.pw" "${A[@]}"
expect_exit 1 "$SHEKARA" --db "$LIVE" audit export --as bek --password-file "$TMP/o2.pw"
printf 'Officer-Pass-3\n' >"$TMP/o3.pw"
expect_exit 0 "$SHEKARA" --db "$LIVE" user passwd bek --as bek --password-file "$TMP/o.pw" --new-password-file "$TMP/o3.pw"
expect_exit 0 "$SHEKARA" --db "$LIVE" audit export --as bek --password-file "$TMP/o3.pw" --since 2000-01-01
for a in officer.add account.lock account.unlock password.reset password.change audit.export; do
	grep -q ",$a," "$TMP/out" || fail "$a not in the exported trail"
done
grep -q '^seq,ts_utc,officer,role,post,workstation,action,object_type,object_id,outcome,detail,hash' "$TMP/out" ||
	fail "CSV header"
expect_exit 2 "$SHEKARA" --db "$LIVE" audit export --as bek --password-file "$TMP/o3.pw" --since 2026-02-30
ok "user add, list, lock, unlock and passwd work, are role-checked and audited"

# settings: file, flags over file, bad file refused with its line, changes audited
mkdir -p "$XDG_CONFIG_HOME/shekara"
printf '[general]\ndatabase = %s\n\n[ui]\n# comment\nidle_logout = 120\n' "$LIVE" >"$XDG_CONFIG_HOME/shekara/shekara.conf"
expect_exit 0 "$SHEKARA" config show --idle-logout 60
grep -q "^general.database = $LIVE$" "$TMP/out" || fail "config file not read"
grep -q "^ui.idle_logout = 60$" "$TMP/out" || fail "flag does not override the file"
printf '[ui]\ncolour = never\n' >"$TMP/bad.conf"
expect_exit 2 "$SHEKARA" --config "$TMP/bad.conf" config show
grep -q "bad.conf:2: unknown setting 'ui.colour'" "$TMP/err" || fail "bad config message: $(cat "$TMP/err")"
printf '[security]\nmax_failed_logins = many\n' >"$TMP/bad.conf"
expect_exit 2 "$SHEKARA" --config "$TMP/bad.conf" config show
grep -q "bad.conf:2: 'security.max_failed_logins' must be a whole number" "$TMP/err" || fail "$(cat "$TMP/err")"
ok "settings come from the file, flags override, bad files are refused with the line"

# a newer schema and a file that is not a database are refused, and left alone
cp "$LIVE" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" "PRAGMA user_version = 999"
before=$(sha256sum "$TMP/newer.db")
expect_exit 3 "$SHEKARA" --db "$TMP/newer.db" audit verify
grep -q "has schema version 999 but this program knows only up to" "$TMP/err" || fail "$(cat "$TMP/err")"
[ "$(sha256sum "$TMP/newer.db")" = "$before" ] || fail "the newer database was changed"
head -c 4096 /dev/urandom >"$TMP/junk.db"
expect_exit 3 "$SHEKARA" --db "$TMP/junk.db" audit verify
expect_exit 3 "$SHEKARA" --db "$TMP/missing.db" audit verify
grep -q "does not exist; create it with 'shekara init'" "$TMP/err" || fail "$(cat "$TMP/err")"
ok "newer schemas, junk files and missing databases are refused clearly"

# the example settings file in the README is valid
sed -n '/^```ini$/,/^```$/p' "$ROOT/README.md" | sed '1d;$d' >"$TMP/readme.conf"
expect_exit 0 "$SHEKARA" --config "$TMP/readme.conf" config show
grep -q "^ui.idle_logout = 300$" "$TMP/out" || fail "README example not read: $(cat "$TMP/out")"
ok "the README's example settings file is valid"
