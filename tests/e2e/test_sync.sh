#!/bin/bash
# Sync with signed bundles between an authority (the headquarters' database, holding
# the demo watchlists and its own signing key) and a workstation made from scratch:
# publish into a directory (a USB stick) and over real HTTP on loopback
# (tests/e2e/http_server.py), pull, an update travelling as a second bundle, every
# refusal the issue names leaving the store unchanged (checksum of the watchlist tables
# before and after), then crossings pushed up, ingested per workstation with the audit
# chain checked, and acknowledged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mrz.sh"
PY=/usr/bin/python3
HQ="$TMP/hq.db"
WS="$TMP/ws.db"
USB="$TMP/usb"
WEB="$TMP/web"
UP="$TMP/up"
mkdir -p "$USB" "$WEB" "$UP"
printf 'demo\n' >"$TMP/pw"
printf 'ws-admin-password\n' >"$TMP/wspw"
HQA=(--db "$HQ" --as admin --password-file "$TMP/pw")
WSA=(--db "$WS" --as admin --password-file "$TMP/wspw")

"$SHEKARA" --db "$HQ" init --demo >/dev/null
"$SHEKARA" --db "$WS" init --post POST-7 --workstation WS-7 --admin admin \
	--admin-password-file "$TMP/wspw" >/dev/null
expect_exit 0 "$SHEKARA" keys "${HQA[@]}"
expect_exit 0 "$SHEKARA" keys export-public "$TMP/hq.pub" "${HQA[@]}"
expect_exit 0 "$SHEKARA" keys "${WSA[@]}"
expect_exit 0 "$SHEKARA" keys export-public "$TMP/ws.pub" "${WSA[@]}"
expect_exit 0 "$SHEKARA" keys install-authority "$TMP/hq.pub" "${WSA[@]}"
expect_exit 0 "$SHEKARA" keys add-peer "$TMP/ws.pub" "${HQA[@]}"
ok "keys: each side makes its own, the workstation trusts the authority, HQ knows the workstation"

# --- down, by USB stick ---------------------------------------------------------------
expect_exit 0 "$SHEKARA" publish "$USB" --json "${HQA[@]}"
ls "$USB"/*.bundle >/dev/null 2>&1 || fail "no bundle was published: $(ls "$USB")"
[ -f "$USB/manifest.shekara" ] || fail "no manifest was published"
want=$(sqlite3 "$HQ" "SELECT count(*) FROM wl_entries")
expect_exit 0 "$SHEKARA" sync pull "$USB" --json "${WSA[@]}"
[ "$(sqlite3 "$WS" "SELECT count(*) FROM wl_entries")" = "$want" ] ||
	fail "the workstation did not get the $want entries: $(cat "$TMP/out")"
for t in wl_sources wl_entries wl_names wl_birth_dates wl_nationalities wl_documents; do
	a=$(sqlite3 "$HQ" "SELECT * FROM $t ORDER BY 1, 2" | sha256sum)
	b=$(sqlite3 "$WS" "SELECT * FROM $t ORDER BY 1, 2" | sha256sum)
	[ "$a" = "$b" ] || fail "table $t differs after the pull"
done
[ "$(sqlite3 "$WS" "SELECT count(*) FROM wl_keys")" -gt 0 ] || fail "no match keys were built"
expect_exit 0 "$SHEKARA" sync pull "$USB" --json "${WSA[@]}"
grep -q '"bundles":0' "$TMP/out" || fail "a second pull applied something: $(cat "$TMP/out")"
ok "publish into a directory, pull from it: the six tables equal, match keys built; again: nothing"

# the screening works on what arrived
mapfile -t listed < <(td3 HALIMOV GULMUROD TJK 401234567 750514 M 340101)
expect_exit 0 "$SHEKARA" user add officer --role officer --new-password-file "$TMP/wspw" "${WSA[@]}"
printf '%s\n%s\n' "${listed[@]}" >"$TMP/listed.mrz"
expect_exit 1 "$SHEKARA" screen --db "$WS" --as officer --password-file "$TMP/wspw" <"$TMP/listed.mrz"
ok "the pulled lists screen a listed traveller as a hit"

# a workstation fed by bundles does not import lists of its own (their ids would clash)
before=$(sqlite3 "$WS" "SELECT count(*) FROM wl_entries")
expect_exit 2 "$SHEKARA" import csv "$ROOT/tests/fixtures/csv/national_v1.csv" --source KZ-NAT "${WSA[@]}"
grep -q "takes its lists from the authority" "$TMP/err" || fail "the local import was not refused clearly: $(cat "$TMP/err")"
[ "$(sqlite3 "$WS" "SELECT count(*) FROM wl_entries")" = "$before" ] || fail "the refused import changed the lists"
ok "a local import on a bundle-fed workstation is refused, the lists untouched"

# --- an update as a second bundle, over HTTP ---------------------------------------------
"$PY" "$ROOT/tests/e2e/http_server.py" --dir "$WEB" --port 0 >"$TMP/http.out" 2>"$TMP/http.err" &
HTTP_PID=$!
trap 'kill $HTTP_PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -s "$TMP/http.out" ] && break; sleep 0.05; done
PORT=$(head -n1 "$TMP/http.out")
URL="http://127.0.0.1:$PORT"
cp "$USB"/* "$WEB"/
sqlite3 "$HQ" "UPDATE wl_names SET full_name = full_name || ' JR' WHERE id = (SELECT min(id) FROM wl_names)"
expect_exit 0 "$SHEKARA" publish "$URL" --json "${HQA[@]}"
grep -q '"to_seq":2' "$TMP/out" || fail "the update was not published as version 2: $(cat "$TMP/out")"
expect_exit 0 "$SHEKARA" sync pull "$URL" --json "${WSA[@]}"
grep -q '"to_seq":2' "$TMP/out" || fail "the update was not pulled over HTTP: $(cat "$TMP/out")"
grep -q '"rows":1,' "$TMP/out" || fail "the changed entry's match keys were not rebuilt: $(cat "$TMP/out")"
[ "$(sqlite3 "$WS" "SELECT count(*) FROM wl_keys WHERE key = 'JR'")" -ge 1 ] ||
	fail "the new name has no match key on the workstation"
[ "$(sqlite3 "$WS" "SELECT full_name FROM wl_names ORDER BY id LIMIT 1")" = \
	"$(sqlite3 "$HQ" "SELECT full_name FROM wl_names ORDER BY id LIMIT 1")" ] ||
	fail "the changed name did not arrive"
ok "publish over HTTP PUT, pull over HTTP GET: only the change travels (version 2)"

# --- refusals: each leaves the store unchanged ---------------------------------------------
state() {
	for t in wl_sources wl_entries wl_names wl_birth_dates wl_nationalities wl_documents \
		wl_keys sync_state; do
		sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
	done | sha256sum
}
# refused DB DIR REASON WHAT: a pull from DIR must be refused as REASON, audited, and
# leave DB's lists and sync state exactly as they were
refused() {
	local before
	before=$(state "$1")
	expect_exit 1 "$SHEKARA" sync pull "$2" --json --db "$1" --as admin --password-file "$TMP/wspw"
	grep -q "\"refusal\":\"$3\"" "$TMP/out" || fail "$4: not refused as $3: $(cat "$TMP/out" "$TMP/err")"
	[ "$(state "$1")" = "$before" ] || fail "$4: the store changed"
	[ "$(sqlite3 "$1" "SELECT count(*) FROM audit WHERE action = 'sync.pull' AND outcome = '$3'")" -ge 1 ] ||
		fail "$4: the refusal was not audited"
	grep -q . "$TMP/err" || fail "$4: no message for the officer"
}
copy() { rm -rf "$TMP/bad" && cp -r "$1" "$TMP/bad"; }
newest() { ls -t "$TMP/bad"/*.bundle | head -n1; }
flip() { "$PY" -c 'import sys; p=sys.argv[1]; d=bytearray(open(p,"rb").read()); d[int(sys.argv[2])]^=1; open(p,"wb").write(d)' "$1" "$2"; }

# a second workstation at version 0, for bundles it has not applied yet
WS2="$TMP/ws2.db"
"$SHEKARA" --db "$WS2" init --post POST-8 --workstation WS-8 --admin admin \
	--admin-password-file "$TMP/wspw" >/dev/null
expect_exit 0 "$SHEKARA" keys install-authority "$TMP/hq.pub" --db "$WS2" --as admin --password-file "$TMP/wspw"

copy "$USB"
flip "$(ls "$TMP/bad"/*.bundle | head -n1)" 200
refused "$WS2" "$TMP/bad" corrupt "a bundle changed in transit (not the file the manifest lists)"
copy "$USB"
for b in "$TMP/bad"/*.bundle; do head -c 300 "$b" >"$b.cut" && mv "$b.cut" "$b"; done
refused "$WS2" "$TMP/bad" truncated "a bundle cut short"
copy "$USB"
flip "$TMP/bad/manifest.shekara" -3
refused "$WS2" "$TMP/bad" bad_signature "a manifest whose signature was damaged"

ROGUE="$TMP/rogue.db"
"$SHEKARA" --db "$ROGUE" init --demo >/dev/null
expect_exit 0 "$SHEKARA" keys --db "$ROGUE" --as admin --password-file "$TMP/pw"
mkdir -p "$TMP/roguepub"
expect_exit 0 "$SHEKARA" publish "$TMP/roguepub" --db "$ROGUE" --as admin --password-file "$TMP/pw"
refused "$WS2" "$TMP/roguepub" unknown_key "a manifest signed by a key nobody installed"

# a gap: a place where the series goes on at version 3 while WS2 has nothing
mkdir -p "$TMP/later"
sqlite3 "$HQ" "UPDATE wl_names SET full_name = full_name || ' III' WHERE id = (SELECT max(id) FROM wl_names)"
expect_exit 0 "$SHEKARA" publish "$TMP/later" --json "${HQA[@]}"
refused "$WS2" "$TMP/later" gap "versions 1 and 2 missing before 3"

# a replay: the manifest of version 2 offered to a workstation at version 3
cp "$TMP/later"/* "$USB"/
expect_exit 0 "$SHEKARA" sync pull "$USB" --json "${WSA[@]}"
grep -q '"to_seq":3' "$TMP/out" || fail "the workstation did not reach version 3: $(cat "$TMP/out")"
refused "$WS" "$WEB" replay "an older manifest offered again"

# an expired manifest: the lists stay, the status bar will show their age
cp -r "$USB" "$TMP/expired"
expect_exit 0 "$SHEKARA" publish "$TMP/expired" --expires 0 --json "${HQA[@]}"
sleep 1.1
refused "$WS" "$TMP/expired" expired "a manifest past its expiry"
ok "refused and audited, store unchanged: corrupt, truncated, bad signature, unknown key, gap, replay, expired"

# a training key is never installed on a live workstation
TRAIN="$TMP/train.db"
"$SHEKARA" --db "$TRAIN" init --demo >/dev/null
sqlite3 "$TRAIN" "INSERT OR REPLACE INTO settings(key, value) VALUES ('realm', 'training')"
expect_exit 0 "$SHEKARA" keys --db "$TRAIN" --as admin --password-file "$TMP/pw"
expect_exit 0 "$SHEKARA" keys export-public "$TMP/train.pub" --db "$TRAIN" --as admin --password-file "$TMP/pw"
set +e
"$SHEKARA" keys install-authority "$TMP/train.pub" "${WSA[@]}" >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a live workstation installed a training key"
ok "a live workstation refuses a training key (exit $rc)"

# --- up: records pushed, ingested, acknowledged ------------------------------------------
mapfile -t clean < <(td3 SERIKBAYEV NURLAN KAZ N55501234 880214 M 340101)
printf '%s\n%s\n' "${clean[@]}" | "$SHEKARA" decide --db "$WS" --as officer --password-file "$TMP/wspw" \
	--direction entry --admit >"$TMP/out" 2>&1 || fail "decide: $(cat "$TMP/out")"
sqlite3 "$WS" ".backup $TMP/ws.bak"
expect_exit 0 "$SHEKARA" sync push "$UP" --json "${WSA[@]}"
grep -q '"bundles":1' "$TMP/out" || fail "no records bundle went up: $(cat "$TMP/out")"
grep -q '"pending":1' "$TMP/out" || fail "the bundle is not kept until acknowledged: $(cat "$TMP/out")"
expect_exit 0 "$SHEKARA" ingest "$UP" --json "${HQA[@]}"
grep -q '"bundles":1' "$TMP/out" || fail "HQ did not merge the bundle: $(cat "$TMP/out")"
replica=$(ls "$HQ.d"/*.db | head -n1)
[ "$(sqlite3 "$replica" "SELECT count(*) FROM crossings")" = 1 ] || fail "the crossing is not at HQ"
expect_exit 0 "$SHEKARA" ingest "$UP" --json "${HQA[@]}"
grep -q '"bundles":0' "$TMP/out" || fail "a bundle delivered twice was merged twice: $(cat "$TMP/out")"
first=$(sqlite3 "$WS" "SELECT name FROM sync_outbox WHERE seq_to = 1")
[ -f "$WS.outbox/$first" ] || fail "the sealed bundle is not kept in the outbox"
expect_exit 0 "$SHEKARA" sync push "$UP" --json "${WSA[@]}"
grep -q '"acked":1' "$TMP/out" || fail "the acknowledgement was not read: $(cat "$TMP/out")"
[ -z "$(sqlite3 "$WS" "SELECT name FROM sync_outbox WHERE seq_to = 1 AND acked_at IS NULL")" ] ||
	fail "the acknowledged bundle is still waiting"
[ ! -f "$WS.outbox/$first" ] || fail "the acknowledged bundle was not released from the outbox"
# the push's own audit rows go up with the next bundle, which waits for its own ack
grep -q '"pending":1' "$TMP/out" || fail "the newer bundle is not kept: $(cat "$TMP/out")"
ok "a crossing pushed, ingested into the workstation's replica once, acknowledged, released"

# a rewritten history: the workstation restored from a backup taken before its first
# push, then new work under the sequence numbers headquarters already has
sqlite3 "$WS" ".restore $TMP/ws.bak"
printf '%s\n%s\n' "${clean[@]}" | "$SHEKARA" decide --db "$WS" --as officer --password-file "$TMP/wspw" \
	--direction exit --admit >/dev/null 2>&1 || fail "decide after the restore"
expect_exit 0 "$SHEKARA" sync push "$UP" --json "${WSA[@]}"
before=$(sqlite3 "$replica" "SELECT count(*) FROM crossings")
set +e
"$SHEKARA" ingest "$UP" --json "${HQA[@]}" >"$TMP/out" 2>"$TMP/err"
set -e
[ "$(sqlite3 "$HQ" "SELECT count(*) FROM audit WHERE action = 'sync.ingest' AND outcome = 'conflict'")" -ge 1 ] ||
	fail "a rewritten history was not caught: $(cat "$TMP/out" "$TMP/err")"
[ "$(sqlite3 "$replica" "SELECT count(*) FROM crossings")" = "$before" ] ||
	fail "the rewritten records reached the replica"
ok "headquarters refuses a workstation whose history was rewritten (restored from a backup)"

# --- in the background of the terminal ------------------------------------------------------
# a new version waits behind a link that stalls for 8 s; the officer logs in meanwhile
sqlite3 "$HQ" "UPDATE wl_names SET full_name = full_name || ' IV' WHERE id = (SELECT min(id) FROM wl_names)"
expect_exit 0 "$SHEKARA" publish "$USB" --json "${HQA[@]}"
latest=$(sqlite3 "$HQ" "SELECT seq FROM sync_state WHERE kind = 'publish'")
SLOW="$TMP/slow"
cp -r "$USB" "$SLOW"
"$PY" "$ROOT/tests/e2e/http_server.py" --dir "$SLOW" --port 0 --stall-after 100 8 >"$TMP/slow.out" 2>/dev/null &
SLOW_PID=$!
trap 'kill $HTTP_PID $SLOW_PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -s "$TMP/slow.out" ] && break; sleep 0.05; done
SLOW_URL="http://127.0.0.1:$(head -n1 "$TMP/slow.out")"
before=$(sqlite3 "$WS" "SELECT seq FROM sync_state WHERE kind = 'watchlist'")
start_cmd "env TERM=tmux-256color '$SHEKARA' --db '$WS' --sync-url '$SLOW_URL' --sync-interval 60"
t0=$(date +%s)
login officer ws-admin-password
[ $(($(date +%s) - t0)) -lt 8 ] || fail "the officer waited for the sync to log in"
[ "$(sqlite3 "$WS" "SELECT seq FROM sync_state WHERE kind = 'watchlist'")" = "$before" ] ||
	fail "the stalled sync finished before the officer was in"
end=$(($(date +%s) + 30))
until [ "$(sqlite3 "$WS" "SELECT seq FROM sync_state WHERE kind = 'watchlist'")" = "$latest" ]; do
	[ "$(date +%s)" -lt "$end" ] || fail "the background sync did not bring version $latest (had $before)"
	sleep 0.2
done
until screen | head -n1 | grep -qE "sync [0-9]{2}:[0-9]{2}"; do
	[ "$(date +%s)" -lt "$end" ] || fail "the status bar does not show the sync"
	sleep 0.2
done
screen | head -n1 | grep -q "✗" && fail "the status bar shows a failed sync"
[ "$(sqlite3 "$WS" "SELECT count(*) FROM audit WHERE action = 'sync.pull' AND outcome = 'ok' AND officer = '-'")" -ge 1 ] ||
	fail "the background pull is not audited as the system's"
ok "the terminal syncs in the background: login not delayed by a stalled link, version $latest applied, status bar updated"
