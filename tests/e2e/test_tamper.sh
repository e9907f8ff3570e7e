#!/bin/bash
# `shekara audit verify` exits 0 on an intact chain and 1, naming the first bad row,
# after rows are altered, deleted or reordered with the sqlite3 shell (triggers dropped).
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing (make deps-test)"
demo_db
printf 'demo\n' >"$TMP/pw"
for u in officer supervisor trainer; do # a few more rows: logins by CLI
	"$SHEKARA" --db "$DB" audit export --as admin --password-file "$TMP/pw" >/dev/null
done
"$SHEKARA" --db "$DB" audit verify >"$TMP/out" || fail "fresh chain not intact: $(cat "$TMP/out")"
grep -q "audit chain intact: 1[0-9] rows" "$TMP/out" || fail "unexpected: $(cat "$TMP/out")"
ok "an intact chain verifies (exit 0)"

# the triggers keep the table append-only
if sqlite3 "$DB" "UPDATE audit SET outcome = 'x' WHERE seq = 3" 2>"$TMP/err"; then
	fail "UPDATE of an audit row was allowed"
fi
grep -q "append-only" "$TMP/err" || fail "no append-only message: $(cat "$TMP/err")"
if sqlite3 "$DB" "DELETE FROM audit WHERE seq = 3" 2>/dev/null; then
	fail "DELETE of an audit row was allowed"
fi
ok "UPDATE and DELETE are refused by the triggers"

cp "$DB" "$TMP/clean.db"
tamper() { # name, SQL
	cp "$TMP/clean.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	sqlite3 "$DB" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $2" ||
		fail "$1: sqlite3 failed"
	set +e
	"$SHEKARA" --db "$DB" audit verify >"$TMP/out" 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$1: exit $rc, expected 1: $(cat "$TMP/out")"
}

tamper "altered" "UPDATE audit SET officer = 'nobody' WHERE seq = 4"
grep -q "audit chain broken at row 4 " "$TMP/out" || fail "altered: $(cat "$TMP/out")"
ok "an altered row is found and named (row 4)"

tamper "deleted" "DELETE FROM audit WHERE seq = 5"
grep -q "audit chain broken at row 6 .*rows were deleted" "$TMP/out" || fail "deleted: $(cat "$TMP/out")"
ok "a deleted row is found (the chain breaks at row 6)"

tamper "reordered" "UPDATE audit SET seq = -7 WHERE seq = 7; UPDATE audit SET seq = 7 WHERE seq = 8;
	UPDATE audit SET seq = 8 WHERE seq = -7"
grep -q "audit chain broken at row 7 " "$TMP/out" || fail "reordered: $(cat "$TMP/out")"
ok "reordered rows are found (row 7)"

tamper "rehashed" "UPDATE audit SET detail = 'forged' WHERE seq = 2;
	UPDATE audit SET hash = randomblob(32) WHERE seq = 2"
grep -q "audit chain broken at row 2 " "$TMP/out" || fail "rehashed: $(cat "$TMP/out")"
ok "a row with a replaced hash is found (row 2)"

last=$(sqlite3 "$TMP/clean.db" "SELECT max(seq) FROM audit")
tamper "truncated" "DELETE FROM audit WHERE seq = $last"
grep -q "rows were removed from the end" "$TMP/out" || fail "truncated: $(cat "$TMP/out")"
ok "rows cut off the end are found through the chain head"

# the database survives the check and the clean copy still verifies
cp "$TMP/clean.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
"$SHEKARA" --db "$DB" audit verify >/dev/null || fail "clean copy does not verify"
