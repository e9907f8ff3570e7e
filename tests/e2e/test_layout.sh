#!/bin/bash
# Layout survives translation: every screen and panel is rendered at 80×24 in English
# and in every language of i18n/LINGUAS (read now: languages are being added), with
# SHEKARA_LAYOUT_LOG set; the program itself logs each text that is cut short, drawn
# over another text, or runs off the screen, and each key-bar label that found no room
# (screens/layout.c; widths are wcwidth columns, never bytes). Any logged line fails the
# test, after every language has run, and is printed grouped by kind and screen; the
# test adds "datacut" lines of its own for the catalogue's words in lines the program
# draws as data (see uncut). Names read from documents must appear on the result screen
# exactly as in the MRZ, in every language. A language listed in LINGUAS whose
# i18n/LL.po does not exist yet is skipped with a message. LAYOUT_LANGS="en ru"
# restricts the run (for debugging).
#
# Paths shown on screen (the scenarios' folder, the export) are kept short by running
# from the test's temporary folder, and the typed reasons are short, so that data the
# same in every language does not make the English run log anything. The catalogues
# are compiled from i18n/*.po by the test itself. Before the languages, a self-test
# shows that the check measures columns (wide characters 2, combining marks 0) and
# catches a cut, an overlap and a dropped key-bar label injected by a catalogue.
#
# Screens and panels, per language: login (its help, a failed login), language (from
# the login and the home screens), start of shift (its help; a shift left open by a
# crash), home of the officer, supervisor, trainer and administrator (help), password
# (errors, help), my activity, scan (empty, help, a line half typed, a wrong check
# digit, the image-file line, the camera message, the key-fields form empty and
# filled, typed lines), result CLEAR (help, barcodes, refuse, refer panels, no entry
# to show, admitted), result with an earlier crossing (refused on a ground with
# details), result HIT (entry details, override panel, referred), HIT admitted over a
# supervisor's password (a wrong one first), vehicles and manifests (help; A: the
# coach arrived, the vehicle at the booth; D: none at the booth any more), a manifest
# as the officer sees it (help), result of a passenger on the coach's manifest
# (pre-screened HIT, its seat) and of a stranger NOT on the manifest of the vehicle
# being processed (admitted), shift report (shift, day, day before; help), referred
# cases (help), a case (help, note, resolution with a ground), the override case, the
# post's audit trail (verified), the manifest as the supervisor sees it (who never
# crossed, who crossed not on it), the trainer on a live database, accounts (lock
# refused, lock, unlock; help); training: picker (help), results (empty), briefing
# (help), scan and result of three travellers, the override panel, teaching screens
# (right, missed hit, wrong refusal), score (help, export), results. Each language's
# live database has the coach's PAXLST manifest (tests/fixtures/paxlst/bus-d02b.edi,
# 13 travellers, 2 hits) imported before the workstation starts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mrz.sh"

PW=Layout-Test-Pw1 # the accounts' password (the policy wants 10 characters or more)
LL=en              # the language being rendered
LOG=               # its layout log
DIR=               # its own folder: live and training databases, run from here
printf 'demo\n' >"$TMP/demo-pw"
printf '%s\n' "$PW" >"$TMP/pw"
mkdir -p "$TMP/s"
cp "$ROOT"/scenarios/*.scn "$TMP/s/"
SCN_TITLE=$(sed -n 's/^title *= *//p' "$TMP/s/lost-stolen.scn")
[ -n "$SCN_TITLE" ] || fail "scenarios/lost-stolen.scn has no title"

# the catalogues as the translators have them now, compiled by the test (so a stale
# or missing build/locale does not hide a change); the program and tr_ read these
LOCALE="$TMP/locale"
E2E_LOCALEDIR=$LOCALE # what lib.sh's tr_ reads

# a failure shows, besides the screen, what the layout log holds so far; each language
# runs in a subshell, so a failure ends that language's run only
fail() {
	echo "FAIL $TEST: [$LL] $*" >&2
	if tmux -L "$SOCK" has-session 2>/dev/null; then
		echo "--- screen ---" >&2
		screen >&2 || true
		echo "--------------" >&2
	fi
	if [ -n "$LOG" ] && [ -s "$LOG" ]; then
		echo "--- layout log of '$LL' so far ---" >&2
		report_log >&2
	fi
	[ "$BASH_SUBSHELL" -gt 1 ] || stop # (not from a command substitution)
	exit 1
}

# report_log: the log's lines, each once, grouped by kind and screen
report_log() {
	sort -u "$LOG" | sort -t$'\t' -k1,1 -k3,3 -s |
		awk -F'\t' '{ printf "  %-7s %-9s %s%s\n", $1, $3, $5, ($6 != "" ? "   [over: " $6 "]" : "") }'
}

# T MSGID: the message in the language being rendered
T() { tr_ "$1" "$LL"; }

# lead MSGID [N]: how the message begins on screen: the text before any printf
# directive, at most N (16) characters (a label cut short still begins so). Plural
# messages are looked up by their singular.
lead() {
	local s
	s=$(T "$1")
	s=${s%%\%*}
	s=${s:0:${2:-16}}
	printf '%s' "$s"
	[ -n "${s// /}" ] # (fails when the translation begins with a directive)
}

# part MSGID [N]: a piece of the message as it shows on screen whatever the word order
# of the language: its first run of text between printf directives with 3 characters
# or more besides blanks, without its leading blanks, at most N (16) characters
part() {
	local p q
	while IFS= read -r p; do
		p=${p#"${p%%[! ]*}"}
		q=${p// /}
		if [ "${#q}" -ge 3 ]; then
			printf '%s' "${p:0:${2:-16}}"
			return 0
		fi
	done < <(T "$1" | sed -E 's/%([0-9]+\$)?[-+ #0]*[0-9]*(\.[0-9]*)?(hh|h|ll|l|z|j|t)?[a-zA-Z%]/\n/g'; echo)
	return 1
}

# see_part MSGID: waits for that piece of the message on the screen (for a message that
# may begin with data in some language, as a vehicle)
see_part() {
	local m
	m=$(part "$@") || fail "no marker can be taken from '$1' in '$LL'"
	wait_for "$m"
}

# uncut MSGID SCREEN: the screen's line that holds the message's piece must not end
# cut short ('…'). The program draws the vehicle's lines (at the booth, on or NOT on its
# manifest) as data (put_cell), whose cuts it does not log, though their words are the
# catalogue's: the same data fits in English, so a cut here is the translation's, and
# the test logs it itself, as "datacut" on SCREEN, failing the language at the end.
uncut() {
	local m l
	m=$(part "$1") || fail "no marker can be taken from '$1' in '$LL'"
	l=$(screen | grep -F -- "$m" | head -n 1 | sed 's/ *$//')
	case $l in
	*…) printf 'datacut\t%s\t%s\t80x24\t%s\t\n' "$LL" "$2" "${l#"${l%%[! ]*}"}" >>"$LOG" ;;
	esac
}

# see MSGID: waits for the message (its beginning) on the screen
see() {
	local m
	m=$(lead "$@") || fail "no marker can be taken from '$1' in '$LL'"
	wait_for "$m"
}

# see_any MSGID...: waits for any of the messages (those that begin with a directive
# are left out); SEEN is the one seen
see_any() {
	local end=$(($(date +%s) + WAIT)) m shown mark
	while :; do
		shown=$(screen)
		for m in "$@"; do
			mark=$(lead "$m") || continue
			if printf '%s\n' "$shown" | grep -qF -- "$mark"; then
				SEEN=$m
				return 0
			fi
		done
		[ "$(date +%s)" -lt "$end" ] || fail "none of '$*' appeared within ${WAIT}s"
		sleep 0.05
	done
}

# the title rule of a screen or a panel: "── Title ──"; a title with a number in it is
# matched on the part before it
rule_mark() {
	local s
	s=$(T "$1")
	case $s in
	%*) return 1 ;;
	*%*) printf '─ %s' "${s%%\%*}" ;;
	*) printf '─ %s ─' "$s" ;;
	esac
}
rule() {
	local m
	m=$(rule_mark "$1") || fail "no marker can be taken from the title '$1' in '$LL'"
	wait_for "$m"
}
# rule_n TITLE N: the rule of a title with a number in it (%lld), with the number N
rule_n() {
	local s
	s=$(T "$1" | sed -E "s/%([0-9]+\\\$)?ll?d/$2/")
	case $s in
	*%*) fail "no marker can be taken from the title '$1' in '$LL'" ;;
	esac
	wait_for "─ $s ─"
}
rule_gone() {
	local m
	m=$(rule_mark "$1") || fail "no marker can be taken from the title '$1' in '$LL'"
	wait_gone "$m"
}

# wait_change TEXT: polls until the screen is no longer TEXT (for a view whose title
# holds data only, as a report's day)
wait_change() {
	local end=$(($(date +%s) + WAIT))
	while [ "$(screen)" = "$1" ]; do
		[ "$(date +%s)" -lt "$end" ] || fail "the screen did not change within ${WAIT}s"
		sleep 0.05
	done
}

down() {
	local i
	for ((i = 0; i < $1; i++)); do
		keys Down
	done
}

# line_of EXTENDED-REGEX: the 1-based screen line of the first line that matches
line_of() {
	local n
	n=$(screen | grep -nE -- "$1" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || fail "no line on the screen matches '$1'"
	echo "$n"
}

# help_here: F1 on the current screen, the help screen in LL, back with Esc
help_here() {
	keys F1
	rule 'Help'
	see 'This help'
	keys Escape
	rule_gone 'Help'
}

# choose_lang: on the language screen (codes are not translated), picks LL
choose_lang() {
	wait_for "     en   "
	local en_line ll_line
	en_line=$(line_of '^     en   ')
	ll_line=$(screen | grep -nE -- "^     $LL +" | head -n 1 | cut -d: -f1)
	[ -n "$ll_line" ] || fail "the language screen does not list '$LL' (app/lang.c lang_table)"
	keys Home
	down $((ll_line - en_line))
	keys Enter
	wait_gone "     en   "
}

# login_lang: on the login screen (in the workstation's language, English), switches
# the screen to LL; login_as USER [PASSWORD] then logs in
login_lang() {
	wait_for "User name"
	keys F9
	choose_lang
	see 'User name'
	see 'Password'
}
login_as() {
	login_lang
	text "$1"
	keys Enter
	text "${2:-$PW}"
	keys Enter
}

# start_live / start_training: the workstation on this language's databases, run from
# its folder, logging its layout
RUN_ENV="TERM=tmux-256color SHEKARA_LOCALEDIR='$LOCALE'"
start_live() {
	start_cmd "cd '$DIR' && env $RUN_ENV SHEKARA_LAYOUT_LOG='$LOG' '$SHEKARA' --db d.db"
}
start_training() {
	start_cmd "cd '$DIR' && env $RUN_ENV SHEKARA_LAYOUT_LOG='$LOG' '$SHEKARA' --db d.db --training-db t.db --training --scenarios ../s"
}

# the shekara process in the tmux pane (a child of the pane's shell)
pane_shekara() {
	pgrep -P "$(pane '#{pane_pid}')" -x shekara | head -n 1
}

# reader LINE1 LINE2: a document reader's burst on the scan screen
reader() {
	keys "$1" Enter "$2" Enter
	see 'Document read: every check passed'
}

# names_as_printed TEXT: the names from the document are on the result screen as the
# MRZ has them, whatever the language
names_as_printed() {
	has "$1" || fail "the result screen does not show the document's names '$1' as printed"
}

# the travellers: a clean one, the listed KHALIMOV Gulmurod (born 1975-05-14, TJK) and
# the same person under a variant spelling
mapfile -t CLEAN < <(td3 SERIKBAYEV NURLAN KAZ N55501234 880214 M 340101)
mapfile -t LISTED < <(td3 KHALIMOV GULMUROD TJK 401234560 750514 M 340101)
mapfile -t VARIANT < <(td3 HALIMOV GULMUROD TJK 401234567 750514 M 340101)
# the coach's listed passenger as his passport is on its manifest, and a stranger on
# none (tests/e2e/test_manifests.sh)
COACH="KZ 123 ABC (AE0715)"
mapfile -t ONBOARD < <(td3 KHALIMOV GULMUROD TJK 401234567 750514 M 320101)
mapfile -t STRANGER < <(td3 BEKOV ARMAN KAZ N77700123 900707 M 330303)
# the clean passport with a wrong check digit after the document number
BAD2="${CLEAN[1]:0:9}$(((${CLEAN[1]:9:1} + 1) % 10))${CLEAN[1]:10}"

# ---------------------------------------------------------------------------------
# the live workstation: every screen of the four roles
live_screens() {
	start_live
	# the login screen in LL, its help, a failed login's message
	login_lang
	help_here
	see 'User name'
	keys F9
	rule 'Language'
	keys Escape
	rule_gone 'Language'
	text "o_$LL"
	keys Enter
	text wrong-password-1
	keys Enter
	see 'wrong user name or password'

	# the officer: start of shift, home, help, language, password, own activity
	text "$PW"
	keys Enter
	rule 'Start of shift'
	see 'Every decision you record is filed under this shift.'
	help_here
	rule 'Start of shift'
	keys e Enter
	rule 'Main menu'
	see 'Shift opened: %s, lane %s'
	see 'Scan a document'
	help_here
	rule 'Main menu'
	keys g
	rule 'Language'
	see '(in use)'
	keys Escape
	rule 'Main menu'
	keys p
	rule 'Change my password'
	text "$PW"; keys Enter
	text short; keys Enter
	text short; keys Enter
	see 'a password needs at least %d character'
	text "$PW"; keys Enter
	text Layout-Test-Pw2; keys Enter
	text Layout-Test-Pw3; keys Enter
	see 'the two passwords differ'
	help_here
	keys Escape
	rule 'Main menu'
	keys m
	rule 'My activity'
	see 'Time (UTC)'
	help_here
	keys Escape
	rule 'Main menu'

	# the scan screen: empty, its help, a line half typed, a wrong check digit, the
	# image path line, the key-fields form empty and filled
	keys s
	rule 'Scan a document'
	see 'keyboard reader ready'
	help_here
	rule 'Scan a document'
	text "${CLEAN[0]}"
	keys Tab
	text "${BAD2:0:20}"
	wait_for "${BAD2:0:20}"
	keys F7
	wait_gone "${BAD2:0:20}"
	text "${CLEAN[0]}"
	keys Tab
	text "$BAD2"
	rule 'Checks'
	keys F7
	rule_gone 'Checks'
	keys F3
	see 'Image file:'
	text no-such-image.png
	keys Enter
	wait_gone "$(lead 'Image file:')"
	keys F4
	see_any 'No camera found (/dev/video*): read barcodes with the desk scanner or from an image file (F3)' \
		'Camera %s on: hold the barcode in front of it'
	case $SEEN in
	Camera*) keys F4 ;; # a camera here: stop it again
	esac
	keys F6
	see 'Given names'
	text P; keys Tab
	text KAZ; keys Tab
	text N55501234; keys Tab
	text KAZ; keys Tab
	text SERIKBAYEV; keys Tab
	text NURLAN; keys Tab
	text 880214; keys Tab
	text M; keys Tab
	text 340101
	rule 'Document'
	wait_for "SERIKBAYEV, NURLAN"
	keys F7
	rule_gone 'Document'
	keys F6
	wait_gone "$(lead 'Given names')"

	# a clean traveller, typed: CLEAR, its panels, admitted
	text "${CLEAN[0]}"
	keys Tab
	text "${CLEAN[1]}"
	rule 'Document'
	keys F2
	rule 'Traveller'
	see 'CLEAR · checked:'
	names_as_printed "SERIKBAYEV, NURLAN"
	keys F1
	rule 'Help'
	see 'Choose a match'
	keys Escape
	rule_gone 'Help'
	keys F8
	rule 'Barcodes'
	keys Escape
	rule_gone 'Barcodes'
	keys F3
	rule 'Refuse: choose the ground'
	see 'Details (optional)'
	keys Escape
	rule_gone 'Refuse: choose the ground'
	keys F4
	rule 'Refer to the supervisor'
	keys Escape
	rule_gone 'Refer to the supervisor'
	keys F5
	see 'No watchlist entry to show: nothing matched'
	keys F2
	rule 'Scan a document'
	see 'Saved: ADMITTED — crossing %lld'

	# the same traveller again (an earlier crossing), refused on a ground with details
	reader "${CLEAN[0]}" "${CLEAN[1]}"
	rule 'Document'
	keys F2
	rule 'Traveller'
	see 'CLEAR · checked:'
	names_as_printed "SERIKBAYEV, NURLAN"
	see 'last: %s %.10s %s'
	keys F3
	rule 'Refuse: choose the ground'
	keys c Tab
	text "papers do not match the purpose"
	keys Enter
	rule 'Scan a document'
	see 'Saved: REFUSED (%s) — crossing %lld'

	# the listed person: a HIT, the entry's details, the override panel, referred
	reader "${LISTED[0]}" "${LISTED[1]}"
	keys F2
	rule 'Traveller'
	see 'admit only with a supervisor'
	names_as_printed "KHALIMOV, GULMUROD"
	keys F5
	rule 'Watchlist entry'
	see 'Names'
	keys NPage
	keys Escape
	rule_gone 'Watchlist entry'
	keys F2
	rule 'Admit over a HIT'
	see 'Override reason'
	keys Escape
	rule_gone 'Admit over a HIT'
	keys F4
	rule 'Refer to the supervisor'
	text "trip unclear"
	keys Enter
	rule 'Scan a document'
	see 'Saved: REFERRED to the supervisor — crossing %lld'

	# the variant spelling: admitted over the HIT with the supervisor's password, a
	# wrong one first
	reader "${VARIANT[0]}" "${VARIANT[1]}"
	keys F2
	rule 'Traveller'
	see 'admit only with a supervisor'
	names_as_printed "HALIMOV, GULMUROD"
	keys F2
	rule 'Admit over a HIT'
	text "namesake"
	keys Enter
	text "s_$LL"
	keys Enter
	text wrong-password-1
	keys Enter
	see 'wrong supervisor name or password'
	text "$PW"
	keys Enter
	rule 'Scan a document'
	see 'Saved: ADMITTED over a HIT, authorised by %s — crossing %lld'
	keys Escape
	rule 'Main menu'

	# the vehicles: the list and its help, the coach arrived, its manifest (help); its
	# listed passenger at the booth (on the manifest, pre-screened HIT), a stranger
	# (NOT on the manifest of the vehicle being processed) admitted; then none at the
	# booth
	keys v
	rule 'Vehicles and manifests'
	wait_for "$COACH"
	help_here
	rule 'Vehicles and manifests'
	keys a
	see_part '%s has arrived: travellers scanned now who are not on its manifest are listed for the supervisor'
	see_part 'At the booth now: %s'
	uncut 'At the booth now: %s' manifests
	keys Enter
	rule_n 'Manifest %lld' 1
	see 'Passengers, hits first'
	wait_for "KHALIMOV, GULMUROD"
	help_here
	rule_n 'Manifest %lld' 1
	keys End
	wait_for "TOKTOGULOVA, ELMIRA"
	keys Escape
	rule 'Vehicles and manifests'
	keys Escape
	rule 'Main menu'
	keys s
	rule 'Scan a document'
	reader "${ONBOARD[0]}" "${ONBOARD[1]}"
	keys F2
	rule 'Traveller'
	names_as_printed "KHALIMOV, GULMUROD"
	see 'admit only with a supervisor'
	see_part 'on manifest of %s%s%s, %s'
	uncut 'on manifest of %s%s%s, %s' result
	keys Escape
	rule_gone 'Traveller'
	reader "${STRANGER[0]}" "${STRANGER[1]}"
	keys F2
	rule 'Traveller'
	names_as_printed "BEKOV, ARMAN"
	see 'CLEAR · checked:'
	see_part 'NOT on the manifest of %s being processed'
	uncut 'NOT on the manifest of %s being processed' result
	keys F2
	rule 'Scan a document'
	see 'Saved: ADMITTED — crossing %lld'
	keys Escape
	rule 'Main menu'
	keys v
	rule 'Vehicles and manifests'
	see_part 'At the booth now: %s'
	keys d
	see 'No vehicle at the booth'
	keys Escape
	rule 'Main menu'

	# the officer's shift report, then the day's
	keys r
	rule 'Shift report, shift %lld'
	help_here
	before=$(screen)
	keys d
	wait_change "$before"
	before=$(screen)
	keys Left
	wait_change "$before"
	keys Escape
	rule 'Main menu'

	# the power goes: the shift stays open, and the next login says so
	pid=$(pane_shekara)
	[ -n "$pid" ] || fail "cannot find the shekara process"
	kill -KILL "$pid"
	wait_for "EXIT="
	start_live
	login_as "o_$LL"
	rule 'Start of shift'
	see 'Opening this shift closes it as interrupted.'
	keys Enter
	rule 'Main menu'
	keys l
	wait_for "User name"

	# the supervisor: the queue, a case, a note, a resolution, the post's trail, the
	# day report
	login_as "s_$LL"
	rule 'Start of shift'
	keys x Enter
	rule 'Main menu'
	keys c
	rule 'Referred cases'
	wait_for "KHALIMOV"
	wait_for " HALIMOV"
	help_here
	rule 'Referred cases'
	keys Enter
	rule 'Case %ld, %s, %s, opened %.10s %.5s UTC'
	help_here
	keys NPage
	keys n
	see 'Type the note, Enter to save, Esc to cancel'
	text "called the embassy"
	keys Enter
	see 'Note added'
	keys r
	see '[A] Admit the traveller   [F] Refuse entry'
	keys f
	see 'Pick the refusal ground (↑↓, Enter); Esc to go back'
	keys Enter
	see 'Type the reason, Enter to save, Esc to go back'
	text "documents do not support the stated purpose"
	keys Enter
	rule 'Referred cases'
	see 'Case %ld closed: traveller refused on ground %s'
	keys Enter
	rule 'Case %ld, %s, %s, opened %.10s %.5s UTC'
	keys NPage
	keys Escape
	rule 'Referred cases'
	keys Escape
	rule 'Main menu'
	keys t
	rule 'Audit trail of the post'
	keys v
	see 'Audit chain intact: %ld row checked'
	keys Escape
	rule 'Main menu'
	# the coach's manifest with who never crossed and who crossed not on it (the
	# stranger)
	keys v
	rule 'Vehicles and manifests'
	wait_for "$COACH"
	keys Enter
	rule_n 'Manifest %lld' 1
	see 'Passengers, hits first'
	keys End
	see 'Crossed with the vehicle, not on its manifest'
	wait_for "BEKOV, ARMAN"
	see 'On the manifest, never crossed'
	keys Escape
	rule 'Vehicles and manifests'
	keys Escape
	rule 'Main menu'
	keys r
	rule 'Shift report, shift %lld'
	before=$(screen)
	keys d
	wait_change "$before"
	keys Escape
	rule 'Main menu'
	keys l
	wait_for "User name"

	# the trainer on a live database
	login_as "t_$LL"
	rule 'Main menu'
	see 'Training scenarios'
	keys n
	see 'training runs only on a training database (shekara --training); this one is live'
	keys l
	wait_for "User name"

	# the administrator: accounts (locking oneself refused, another locked and
	# unlocked), the post's trail
	login_as "a_$LL"
	rule 'Main menu'
	keys a
	rule 'Accounts'
	wait_for "o_$LL"
	help_here
	keys Home l
	see 'you cannot lock your own account'
	keys Down l
	see "Account '%s' locked"
	keys u
	see "Account '%s' unlocked"
	keys Escape
	rule 'Main menu'
	keys t
	rule 'Audit trail of the post'
	keys Escape
	rule 'Main menu'
	keys q
	wait_for "EXIT=0"
}

# ---------------------------------------------------------------------------------
# the training workstation: the trainer's picker, a whole run of lost-stolen by a
# trainee in LL, the score, the results
training_screens() {
	start_training
	login_as "t_$LL"
	rule 'Main menu'
	keys n
	rule 'Training'
	wait_for "$SCN_TITLE ("
	wait_for " r_$LL  "
	help_here
	rule 'Training'
	keys r
	rule 'Training results'
	see 'No training runs yet'
	keys Escape
	rule 'Training'
	local header scn trainee
	header=$(line_of "^ $(lead 'Scenario')")
	scn=$(line_of "^ $SCN_TITLE \\(")
	trainee=$(line_of " r_$LL  ")
	keys Home
	down $((scn - header - 1))
	keys Tab Home
	down $((trainee - header - 1))
	keys Enter

	rule 'Training scenario'
	see 'Trainee: %s (%s) · trainer: %s'
	has "$SCN_TITLE" || fail "the briefing is not of '$SCN_TITLE'"
	help_here
	rule 'Training scenario'
	# traveller 1: admitted (right)
	keys Enter
	rule 'Scan a document'
	see 'Document read: every check passed'
	keys F2
	see 'CLEAR · checked:'
	keys F2
	see 'Your decision: %s · expected: %s · %ld.%ld s'
	see 'RIGHT'
	# traveller 2: the stolen passport admitted over its HIT (a missed hit)
	keys Enter
	rule 'Scan a document'
	see 'Document read: every check passed' 14
	keys F2
	see 'admit only with a supervisor'
	keys F2
	rule 'Admit over a HIT'
	text "holder says it was never lost"
	keys Enter
	text "t_$LL"
	keys Enter
	text "$PW"
	keys Enter
	see 'Missed hit: this traveller should not have been admitted.'
	# traveller 3: refused on ground C (a wrong refusal)
	keys Enter
	rule 'Scan a document'
	see 'Document read: every check passed'
	keys F2
	see 'CLEAR · checked:'
	keys F3
	rule 'Refuse: choose the ground'
	keys c Enter
	see 'Wrong refusal: this traveller should not have been refused.'
	# the score, its export, the results
	keys Enter
	rule 'Score of run %lld'
	see 'Teaching points missed'
	help_here
	keys E
	see 'Results exported: %s in %s'
	keys NPage
	keys R
	rule 'Training results'
	wait_for "lost-stolen"
	keys E
	see 'Results exported: %s in %s'
	keys Escape
	rule 'Training'
	keys Escape
	rule 'Main menu'
	keys q
	wait_for "EXIT=0"
}

# ---------------------------------------------------------------------------------
# one language: its own databases and accounts, every screen, then the log
add_user() { # DB-ARGS... NAME ROLE FULL-NAME
	local n=$# name role full
	name=${*:n-2:1}
	role=${*:n-1:1}
	full=${*:n:1}
	"$SHEKARA" "${@:1:n-3}" user add "$name" --role "$role" --lang "$LL" --full-name "$full" \
		--as admin --password-file "$TMP/demo-pw" --new-password-file "$TMP/pw" >"$TMP/out" 2>&1 ||
		fail "cannot add '$name' in '$LL': $(cat "$TMP/out")"
}

# render_language LL (in a subshell): 0 when every screen fits, 1 otherwise
render_language() {
	LL=$1
	DIR="$TMP/$LL"
	LOG="$DIR/layout.log"
	mkdir -p "$DIR"
	: >"$LOG"
	local t0=$SECONDS
	"$SHEKARA" --db "$DIR/d.db" init --demo >/dev/null
	"$SHEKARA" --db "$DIR/d.db" --training-db "$DIR/t.db" --training init --demo >/dev/null
	# the coach's manifest, screened on import: exit 1 for its hits
	local rc=0
	"$SHEKARA" --db "$DIR/d.db" import paxlst "$ROOT/tests/fixtures/paxlst/bus-d02b.edi" \
		--as officer --password-file "$TMP/demo-pw" >"$TMP/out" 2>&1 || rc=$?
	[ "$rc" = 1 ] || fail "importing the coach's manifest in '$LL' ended $rc, not 1 (hits): $(cat "$TMP/out")"
	add_user --db "$DIR/d.db" "o_$LL" officer "Layout Officer"
	add_user --db "$DIR/d.db" "s_$LL" supervisor "Layout Supervisor"
	add_user --db "$DIR/d.db" "t_$LL" trainer "Layout Trainer"
	add_user --db "$DIR/d.db" "a_$LL" admin "Layout Administrator"
	add_user --db "$DIR/d.db" --training-db "$DIR/t.db" --training "t_$LL" trainer "Layout Trainer"
	add_user --db "$DIR/d.db" --training-db "$DIR/t.db" --training "r_$LL" officer "Layout Trainee"
	live_screens
	training_screens
	stop
	local n
	n=$(sort -u "$LOG" | grep -c . || true)
	if [ "$n" -eq 0 ]; then
		ok "$LL: every screen and panel fits 80×24 ($((SECONDS - t0)) s)"
		return 0
	fi
	echo "FAIL $TEST: $LL: $n layout problems at 80×24 ($((SECONDS - t0)) s); kind, screen, text [over: other]:" >&2
	report_log >&2
	return 1
}

# ---------------------------------------------------------------------------------
# the check itself, first: widths are columns (wcwidth), and a translation too long
# for its place is caught as a cut, an overlap or a dropped key-bar label
self_test() {
	LL=en
	DIR="$TMP/self"
	LOG="$DIR/layout.log"
	mkdir -p "$DIR"
	: >"$LOG"
	"$SHEKARA" --db "$DIR/d.db" init --demo >/dev/null
	# the home screen's title is "NAME — Trainer" in 72 columns: a name may take 62
	local wide31 wide32 comb62 i
	wide31=$(printf '漢%.0s' $(seq 31)) # 62 columns, 93 bytes: fits
	wide32=$(printf '漢%.0s' $(seq 32)) # 64 columns in 32 characters: cut
	comb62=$(printf 'e\xcc\x81%.0s' $(seq 62)) # 62 columns in 124 code points: fits
	add_user --db "$DIR/d.db" w_fit trainer "$wide31"
	add_user --db "$DIR/d.db" w_cut trainer "$wide32"
	add_user --db "$DIR/d.db" c_fit trainer "$comb62"
	start_live
	for i in w_fit w_cut c_fit; do
		wait_for "User name"
		text "$i"
		keys Enter
		text "$PW"
		keys Enter
		rule 'Main menu'
		wait_for " $i "
		keys l
	done
	wait_for "User name"
	keys F10
	wait_for "EXIT=0"
	local want
	want=$(printf 'cut\ten\thome\t80x24\t%s — Trainer\t' "$wide32")
	grep -qxF -- "$want" "$LOG" || fail "a name of 32 wide characters (64 columns) in 62 is not logged as cut: $(cat "$LOG")"
	! awk -F'\t' -v t="$wide31 — Trainer" '$5 == t' "$LOG" | grep -q . ||
		fail "a name of 31 wide characters (62 columns) is logged although it fits: $(cat "$LOG")"
	! awk -F'\t' -v t="$comb62 — Trainer" '$5 == t' "$LOG" | grep -q . ||
		fail "a name with combining accents that fits in columns is logged: $(cat "$LOG")"
	[ "$(sort -u "$LOG" | grep -c .)" = 1 ] || fail "the self-test logged more than the one cut: $(cat "$LOG")"
	ok "the check measures columns: wide characters count 2, combining marks 0"

	# a catalogue with labels too long for their places, as a translator might write
	: >"$LOG"
	local long_menu long_scan long_open long_lang long_out xlocale="$TMP/self-locale"
	long_menu=$(printf 'Главное меню%.0s' $(seq 8))    # 96 columns for a rule's 76
	long_scan=$(printf 'Сканировать документ %.0s' $(seq 3)) # 63: over the reader's state
	long_open=$(printf 'Открыть%.0s' $(seq 6))             # key-bar labels of 42 columns:
	long_lang=$(printf 'Языковой%.0s' $(seq 5))            # two fill the two rows,
	long_out=$(printf 'Выйти%.0s' $(seq 8))                # the third finds no room
	mkdir -p "$xlocale/ru/LC_MESSAGES"
	cat >"$DIR/x.po" <<PO
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Main menu"
msgstr "$long_menu"

msgid "Scan a document"
msgstr "$long_scan"

msgid "Open"
msgstr "$long_open"

msgid "Language"
msgstr "$long_lang"

msgid "Log out"
msgstr "$long_out"
PO
	msgfmt --check -o "$xlocale/ru/LC_MESSAGES/shekara.mo" "$DIR/x.po" 2>"$TMP/err" ||
		fail "the injected catalogue does not compile: $(cat "$TMP/err")"
	LL=ru
	add_user --db "$DIR/d.db" x_ru officer "Injected"
	start_cmd "cd '$DIR' && env TERM=tmux-256color SHEKARA_LOCALEDIR='$xlocale' SHEKARA_LAYOUT_LOG='$LOG' '$SHEKARA' --db d.db"
	wait_for "User name"
	text x_ru
	keys Enter
	text "$PW"
	keys Enter
	wait_for "Start of shift"
	keys e Enter
	wait_for "─ ${long_menu:0:20}"
	keys s
	wait_for "keyboard reader ready"
	keys Escape
	wait_for "─ ${long_menu:0:20}"
	keys q
	wait_for "EXIT=0"
	stop
	awk -F'\t' -v t="$long_menu" '$1 == "cut" && $2 == "ru" && $3 == "home" && $5 == t' "$LOG" | grep -q . ||
		fail "a title too long for its rule is not logged as cut: $(cat "$LOG")"
	awk -F'\t' -v t="${long_scan:0:20}" '$1 == "overlap" && $3 == "scan" && (index($5, t) == 1 || index($6, t) == 1)' "$LOG" | grep -q . ||
		fail "a title drawn under the reader's state is not logged as an overlap: $(cat "$LOG")"
	awk -F'\t' -v t="L $long_out" '$1 == "keybar" && $3 == "home" && $5 == t' "$LOG" | grep -q . ||
		fail "a key-bar label with no room is not logged: $(cat "$LOG")"
	ok "the check catches an injected cut, overlap and dropped key-bar label"
	LL=en
	LOG=
}
(self_test) || fail "the layout check itself does not work (above)"

# English, then every language of i18n/LINGUAS as the file is now
langs=${LAYOUT_LANGS:-"en $(sed 's/#.*//' "$ROOT/i18n/LINGUAS" | tr -s ' \t' '\n')"}
rendered=
failed=
for l in $langs; do
	if [ "$l" != en ]; then
		if [ ! -f "$ROOT/i18n/$l.po" ]; then
			echo "skip $TEST: '$l' is in i18n/LINGUAS but i18n/$l.po does not exist yet"
			continue
		fi
		mkdir -p "$LOCALE/$l/LC_MESSAGES"
		if ! msgfmt --check -o "$LOCALE/$l/LC_MESSAGES/shekara.mo" "$ROOT/i18n/$l.po" 2>"$TMP/err"; then
			echo "FAIL $TEST: [$l] i18n/$l.po does not compile: $(cat "$TMP/err")" >&2
			failed="$failed $l"
			continue
		fi
	fi
	rendered="$rendered $l"
	(render_language "$l") || failed="$failed $l"
done
LL=all
[ -z "$failed" ] || fail "layout problems (above) in:$failed (rendered:$rendered)"
ok "every screen and panel fits 80×24 in:$rendered"
