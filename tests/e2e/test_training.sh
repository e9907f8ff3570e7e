#!/bin/bash
# Training scenarios, in the real terminal: every shipped scenario is sound; a trainer
# on a training database runs 'lost-stolen' with the trainee aibek, who admits the
# clean traveller (right), admits the stolen passport over its HIT with the trainer's
# countersignature (missed hit) and refuses a clean traveller on ground C (wrong
# refusal); the score screen, the exported CSV and 'scenario results --csv' all say
# so; the run's own database exists only while the run is under way; and the live
# database is never opened (no -wal/-shm beside it, no descriptor on it, same sha256
# and mtime before and after). Then the guards: the training database may not be the
# live file (however it is spelt), nor a live database, and a trainer on a live
# database is told that training runs only on a training database.
. "$(dirname "$0")/lib.sh"

LIVE="$DB"     # the live demo database (general.database)
TRN_REL=t/train.db # the training database, relative to $TMP (see start_training)
TRN="$TMP/$TRN_REL"
L2="$TMP/live2.db" # another live demo database
SCN="$ROOT/scenarios"
printf 'demo\n' >"$TMP/pw"

# the state of a database file that must not change: content, mtime, companions
fingerprint() {
	sha256sum <"$1" | cut -d' ' -f1
	stat -c '%y %s' "$1"
	for f in "$1-wal" "$1-shm" "$1-journal"; do
		[ ! -e "$f" ] || echo "$f exists"
	done
}

# no_companions FILE: SQLite has no -wal/-shm/-journal beside FILE (it is not open)
no_companions() {
	for f in "$1-wal" "$1-shm" "$1-journal"; do
		[ ! -e "$f" ] || fail "$f exists: the live database was opened ($2)"
	done
}

# line_of EXTENDED-REGEX: the 0-based screen row of the first line that matches
line_of() {
	local n
	n=$(screen | grep -nE -- "$1" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || fail "no line on the screen matches '$1'"
	echo $((n - 1))
}

# down N: N presses of the Down arrow
down() {
	local i
	for ((i = 0; i < $1; i++)); do
		keys Down
	done
}

# start_training: the workstation in training mode, run from $TMP so that the
# training database's directory is short enough for the 80-column message line
start_training() {
	start_cmd "cd '$TMP' && env TERM=tmux-256color '$SHEKARA' --db '$LIVE' --training-db $TRN_REL --training"
}

# the shekara process in the tmux pane (a child of the pane's shell)
pane_shekara() {
	pgrep -P "$(pane '#{pane_pid}')" -x shekara | head -n 1
}

# ---------------------------------------------------------------------------------
# 1. every shipped scenario is sound
scn_files=("$SCN"/*.scn)
n_scn=${#scn_files[@]}
[ -e "${scn_files[0]}" ] || fail "no scenarios in $SCN"
expect_exit 0 "$SHEKARA" scenario check "$SCN"/*.scn
for f in "$SCN"/*.scn; do
	grep -qxF -- "$f: sound" "$TMP/out" || fail "'scenario check' does not call $f sound: $(cat "$TMP/out" "$TMP/err")"
done
ok "scenario check: all $n_scn shipped scenarios are sound"

# ---------------------------------------------------------------------------------
# 2. a live demo database, then a training database; the live one is fingerprinted
#    before the training database is even made
demo_db
no_companions "$LIVE" "after init"
before=$(fingerprint "$LIVE")
mkdir -p "$TMP/t"
"$SHEKARA" --db "$LIVE" --training-db "$TRN" --training init --demo >"$TMP/out" 2>&1 ||
	fail "training init --demo failed: $(cat "$TMP/out")"
grep -q "aibek and madina" "$TMP/out" || fail "training init does not name the trainees: $(cat "$TMP/out")"
[ "$(fingerprint "$LIVE")" = "$before" ] || fail "making the training database changed the live one"
ok "a live demo database and a separate training database"

# ---------------------------------------------------------------------------------
# 3. the run: trainer logs in, picks lost-stolen and aibek
start_training
wait_for "TRAINING · DEMO DATABASE"
login trainer demo
wait_for "Main menu"
has "no live data here" || fail "the training banner is missing"
has "[N]  Training scenarios" || fail "the trainer has no Training scenarios item"
pid=$(pane_shekara)
[ -n "$pid" ] || fail "cannot find the shekara process"
keys n
wait_for "── Training ──"
wait_for "A passport reported stolen (3)"
wait_for "aibek  Aibek Demo-Trainee"

# the row of the scenario by its title (read from the file), the trainee by name
title=$(sed -n 's/^title *= *//p' "$SCN/lost-stolen.scn")
[ "$title" = "A passport reported stolen" ] || fail "unexpected title of lost-stolen.scn: '$title'"
header=$(line_of '^ Scenario +Trainee')
scn_down=$(($(line_of "^ $title \\(3\\)") - header - 1))
trainee_down=$(($(line_of ' aibek  Aibek Demo-Trainee') - header - 1))
if [ "$scn_down" -lt 0 ] || [ "$trainee_down" -lt 0 ]; then
	fail "the lists are not where expected"
fi
# the scenarios are listed by file name: the title's row agrees with the sorted files
by_name=$(printf '%s\n' "${scn_files[@]}" | LC_ALL=C sort | grep -n '/lost-stolen\.scn$' | cut -d: -f1)
[ "$scn_down" -eq $((by_name - 1)) ] || fail "the scenarios are not sorted by file name"
down "$scn_down"
# the selected scenario's file is shown under the lists (when the path fits the line)
fileline="File: $(readlink -f "$SCN")/lost-stolen.scn"
if [ ${#fileline} -le 78 ]; then
	wait_for "/scenarios/lost-stolen.scn"
fi
keys Tab
down "$trainee_down"
keys Enter

# the briefing
wait_for "── Training scenario ──"
wait_for "Trainee: Aibek Demo-Trainee (aibek)"
has "  $title" || fail "the briefing is not of '$title'"
has "The lost and stolen documents list was updated this morning." || fail "no briefing text"
[ -f "$TMP/t/training-runs/run-1.db" ] || fail "the run's database training-runs/run-1.db does not exist"
no_companions "$LIVE" "the run has started"
ok "the trainer picks lost-stolen and aibek; the run has its own database"

# traveller 1 (CLEAR, expected admit): admit — right
keys Enter
wait_for "TRAINING · traveller 1 of 3 says:"
wait_for "SULAIMANOVA, GULNARA"
wait_for "Document read"
keys F2
wait_for "CLEAR · checked:"
keys F2
wait_for "── Traveller 1 of 3 ──"
wait_for "Your decision: admit · expected: admit"
has "  RIGHT" || fail "traveller 1 is not marked RIGHT"
ok "traveller 1: admitted, right"

# traveller 2 (HIT, stolen passport, expected refuse A or refer): admit over the HIT,
# countersigned by the trainer — a missed hit
keys Enter
wait_for "TRAINING · traveller 2 of 3 says:"
wait_for "MAMYTOV, BAKYT"
wait_for "Document read"
[ -f "$TMP/t/training-runs/run-1.db" ] || fail "the run's database vanished during the run"
no_companions "$LIVE" "during the run"
if [ -d "/proc/$pid/fd" ]; then
	run_open=no
	live_real=$(readlink -f "$LIVE")
	run_real=$(readlink -f "$TMP/t/training-runs/run-1.db")
	for fd in /proc/"$pid"/fd/*; do
		case $(readlink "$fd" || true) in
		"$live_real" | "$live_real"-*) fail "shekara --training has the live database open ($fd)" ;;
		"$run_real") run_open=yes ;;
		esac
	done
	# (the descriptors are those of the right process: it has the run's database open)
	[ "$run_open" = yes ] || fail "process $pid does not have run-1.db open: $(ls -l /proc/"$pid"/fd/)"
fi
ok "during the run: run-1.db exists; the live database is not open (no -wal/-shm, no descriptor)"
keys F2
wait_for "▶ HIT"
wait_for "TRN-SLTD-1"
keys F2
wait_for "Admit over a HIT"
text "holder says it was never lost"
keys Enter
text trainer
keys Enter
text demo
keys Enter
wait_for "── Traveller 2 of 3 ──"
wait_for "NOT THE EXPECTED DECISION"
wait_for "Your decision: admit · expected: refuse (A) or refer"
has "Missed hit:" || fail "traveller 2 is not called a missed hit"
has "Saved: ADMITTED over a HIT, authorised by trainer" || fail "the override is not authorised by the trainer"
ok "traveller 2: admitted over the HIT with the trainer's countersignature, a missed hit"

# traveller 3 (CLEAR, expected admit): refuse on ground C — a wrong refusal
keys Enter
wait_for "TRAINING · traveller 3 of 3 says:"
wait_for "IBRAYEVA, DANA"
wait_for "Document read"
keys F2
wait_for "CLEAR · checked:"
keys F3
wait_for "Refuse: choose the ground"
keys c Enter
wait_for "── Traveller 3 of 3 ──"
wait_for "Your decision: refuse (C) · expected: admit"
has "Wrong refusal:" || fail "traveller 3 is not called a wrong refusal"
ok "traveller 3: refused on ground C, a wrong refusal"

# ---------------------------------------------------------------------------------
# 4. the score
keys Enter
wait_for "── Score of run 1 ──"
wait_for "Teaching points missed"
for want in "Right decisions: 1 of 3" "Missed hits: 1" "Wrong refusals: 1" "MISSED HIT" "WRONG REFUSAL" \
	"Trainee: Aibek Demo-Trainee (aibek) · trainer: trainer · finished"; do
	has "$want" || fail "the score screen lacks '$want'"
done
screen | grep -Eq '^ Time per traveller: [0-9]+\.[0-9] s on average' || fail "no average time per traveller"
screen | grep -Eq '^ +1\. CLEAR +admit +admit +[0-9]+\.[0-9] s +right *$' || fail "traveller 1's row"
screen | grep -Eq '^ +2\. HIT +admit +refuse \(A\) or refer +[0-9]+\.[0-9] s +MISSED HIT *$' ||
	fail "traveller 2's row"
screen | grep -Eq '^ +3\. CLEAR +refuse \(C\) +admit +[0-9]+\.[0-9] s +WRONG REFUSAL *$' ||
	fail "traveller 3's row"
missed=$(screen | sed -n '/Teaching points missed/,$p')
printf '%s\n' "$missed" | grep -q '^  2\. A listed document is a HIT' || fail "teaching point 2 is not listed as missed"
printf '%s\n' "$missed" | grep -q '^  3\. All checks green and CLEAR: admit\.' || fail "teaching point 3 is not listed as missed"
! printf '%s\n' "$missed" | grep -q '^  1\. ' || fail "teaching point 1 is listed as missed"
[ ! -e "$TMP/t/training-runs/run-1.db" ] || fail "the run's database is still there after the run"
ok "the score screen: 1 of 3 right, 1 missed hit, 1 wrong refusal, teaching points 2 and 3"

# export: the file's name, then its folder, on the message line
keys E
wait_for "Results exported: "
line=$(screen | sed -n 's/^ *Results exported: //p' | sed 's/ *$//')
name=${line%% in *}
dir=${line#* in }
path="$dir/$name"
case $line in
*…) fail "the exported path is cut on the message line: '$line'" ;;
training-results-[0-9]*-[0-9]*-aibek.csv\ in\ t) ;;
*) fail "unexpected export '$line' (expected NAME in the training database's folder)" ;;
esac
printf '%s\n' "$path" | grep -Eq '^t/training-results-[0-9]{8}-[0-9]{6}-aibek\.csv$' ||
	fail "the export's name is not training-results-YYYYMMDD-HHMMSS-aibek.csv: '$path'"
csv="$TMP/$path"
[ -s "$csv" ] || fail "the exported file '$csv' does not exist"
header_line="run,trainee,trainee_name,trainer,scenario,title,started_at,status,travellers,right,missed_hits,wrong_refusals,avg_seconds,traveller,shown,expected,expected_ground,given,given_ground,correct,missed_hit,wrong_refusal,seconds,teaching_point_missed"
# (records may end in CRLF, as RFC 4180 has it)
[ "$(head -n 1 "$csv" | tr -d '\r')" = "$header_line" ] || fail "the CSV header is '$(head -n 1 "$csv")'"

# the CLI gives the same rows
expect_exit 0 "$SHEKARA" --db "$LIVE" --training-db "$TRN" --training scenario results \
	--as trainer --password-file "$TMP/pw" --csv
cp "$TMP/out" "$TMP/cli.csv"
expect_exit 0 "$SHEKARA" --db "$LIVE" --training-db "$TRN" --training scenario results \
	--as trainer --password-file "$TMP/pw"
grep -q '^run 1 .* aibek  lost-stolen: 1 of 3 right, 1 missed hits, 1 wrong refusals, .* per traveller (finished)' "$TMP/out" ||
	fail "'scenario results' does not summarise run 1: $(cat "$TMP/out")"

python3 - "$csv" "$TMP/cli.csv" "$header_line" <<'EOF' || fail "the exported CSV is wrong (above)"
import csv, sys

def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

exported, cli, header = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3].split(",")
errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

check(exported and exported[0] == header, "export header %r" % (exported[:1],))
check(cli and cli[0] == header, "CLI header %r" % (cli[:1],))
rows = [dict(zip(header, r)) for r in exported[1:]]
check(all(len(r) == len(header) for r in exported[1:]), "a row has the wrong number of fields")
check(len(rows) == 3, "%d data rows, expected 3" % len(rows))
for i, r in enumerate(rows, 1):
    for k, v in (("run", "1"), ("trainee", "aibek"), ("trainee_name", "Aibek Demo-Trainee"),
                 ("trainer", "trainer"), ("scenario", "lost-stolen"),
                 ("title", "A passport reported stolen"), ("status", "finished"),
                 ("travellers", "3"), ("right", "1"), ("missed_hits", "1"),
                 ("wrong_refusals", "1"), ("traveller", str(i))):
        check(r.get(k) == v, "row %d: %s is %r, expected %r" % (i, k, r.get(k), v))
    try:
        check(float(r["seconds"]) >= 0, "row %d: negative seconds" % i)
        float(r["avg_seconds"])
    except (KeyError, ValueError):
        errors.append("row %d: seconds %r / avg_seconds %r" % (i, r.get("seconds"), r.get("avg_seconds")))
want = {
    1: dict(shown="CLEAR", expected="admit", expected_ground="", given="admit", given_ground="",
            correct="1", missed_hit="0", wrong_refusal="0"),
    2: dict(shown="HIT", expected="refuse or refer", expected_ground="A", given="admit",
            given_ground="", correct="0", missed_hit="1", wrong_refusal="0"),
    3: dict(shown="CLEAR", expected="admit", expected_ground="", given="refuse", given_ground="C",
            correct="0", missed_hit="0", wrong_refusal="1"),
}
for i, fields in want.items():
    if i > len(rows):
        break
    for k, v in fields.items():
        check(rows[i - 1].get(k) == v, "row %d: %s is %r, expected %r" % (i, k, rows[i - 1].get(k), v))
if len(rows) == 3:
    check(rows[0]["teaching_point_missed"] == "", "row 1 has a teaching point missed")
    check(rows[1]["teaching_point_missed"].startswith("A listed document is a HIT whatever the holder says."),
          "row 2: teaching point %r" % rows[1]["teaching_point_missed"])
    check("refuse on ground A" in rows[1]["teaching_point_missed"].replace("\n", " "),
          "row 2: the teaching point is not whole")
    check(rows[2]["teaching_point_missed"] == "All checks green and CLEAR: admit.",
          "row 3: teaching point %r" % rows[2]["teaching_point_missed"])
check([r for r in cli[1:] if r and r[0] == "1"] == exported[1:],
      "'scenario results --csv' differs from the export:\n%r\n%r" % (cli[1:], exported[1:]))
for e in errors:
    print("  " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
ok "the exported CSV ($path) and 'scenario results --csv' hold the 3 scored answers"

# ---------------------------------------------------------------------------------
# 5. back to the menu, quit: the live database is untouched
keys Escape
wait_for "── Training ──"
keys Escape
wait_for "Main menu"
keys q
wait_for "EXIT=0"
stop
[ ! -e "$TMP/t/training-runs/run-1.db" ] || fail "training-runs/run-1.db is left behind"
for f in "$TMP"/t/training-runs/run-1.db-*; do
	[ ! -e "$f" ] || fail "$f is left behind"
done
no_companions "$LIVE" "after the session"
after=$(fingerprint "$LIVE")
[ "$after" = "$before" ] || fail "the live database changed: before '$before', after '$after'"
ok "after the session: the live database's sha256 and mtime are unchanged, run-1.db is gone"

# ---------------------------------------------------------------------------------
# 6. the guards
# the training database may not be the live file, however it is named
ln -s "$(basename "$LIVE")" "$TMP/live-link.db"
for same in "$LIVE" "./$(basename "$LIVE")" live-link.db; do
	start_cmd "cd '$TMP' && env TERM=tmux-256color '$SHEKARA' --db '$LIVE' --training-db '$same' --training 2>'$TMP/err'"
	wait_for "EXIT=2"
	grep -q "never opens the live database" "$TMP/err" ||
		fail "--training-db $same (the live file): $(cat "$TMP/err")"
	stop
done
[ "$(fingerprint "$LIVE")" = "$before" ] || fail "the refused start changed the live database"
ok "--training refuses a training database that is the live file (path, ./path, symlink): exit 2"

# nor a live database
"$SHEKARA" --db "$L2" init --demo >/dev/null
l2_before=$(fingerprint "$L2")
start_cmd "cd '$TMP' && env TERM=tmux-256color '$SHEKARA' --db '$LIVE' --training-db '$L2' --training 2>'$TMP/err'"
wait_for "EXIT=2"
grep -q "is not a training database" "$TMP/err" || fail "--training-db on a live database: $(cat "$TMP/err")"
stop
[ "$(fingerprint "$L2")" = "$l2_before" ] || fail "the refused start changed the live database it refused"
ok "--training refuses a live database as the training database: exit 2"

# a trainer on a live database sees the item but cannot train there
start_cmd "env TERM=tmux-256color '$SHEKARA' --db '$L2'"
login trainer demo
wait_for "Main menu"
has "[N]  Training scenarios" || fail "the trainer's menu lacks Training scenarios on a live database"
keys n
wait_for "training runs only on a training database"
has "Main menu" || fail "the refused item left the main menu"
keys q
wait_for "EXIT=0"
ok "a trainer on a live database is told that training runs only on a training database"
