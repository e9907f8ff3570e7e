#!/bin/bash
# The chip's face as a terminal picture (ui.photo): with --photo-mode sixel the program
# writes a sixel picture (DCS ... q) at the photo's box, with kitty a kitty graphics
# command (APC G) it deletes again when the result screen is left, and with symbols
# neither; auto means symbols inside tmux (even when the environment says kitty), asks
# the terminal otherwise, and takes sixel only from a terminal whose device attributes
# include 4. tmux cannot show pictures, so the bytes the program writes are read from
# `tmux pipe-pane -O`, before tmux interprets them; a small pty relay plays a sixel
# terminal for the detection.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/chip/harness.sh"
trap 'chip_cleanup; cleanup' EXIT
trap 'exit 130' INT TERM

chip_setup
demo_db
printf 'demo\n' >"$TMP/pw"
expect_exit 0 "$SHEKARA" csca import "$CHIP_PKI/masterlist.ml" --db "$DB" --as admin \
	--password-file "$TMP/pw"
mapfile -t MRZ <"$CHIP_MRZ"

# A terminal between tmux and the program: it answers the program's device attributes
# query itself with $DA (default: class 62, sixel 4) and its cell size query with 7×14
# pixels, $DELAY_MS after the query (default at once), and passes everything else. It
# notes each query and each answer in $ASKED.
cat >"$TMP/sixel_term.py" <<'EOF'
import fcntl, os, pty, select, struct, sys, termios, time, tty
answer = b"\x1b[6;14;7t\x1b[" + os.environ.get("DA", "?62;4;22c").encode()
delay = int(os.environ.get("DELAY_MS", "0")) / 1000
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
rows, cols = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))[:2]
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
tty.setraw(0)
due = None
while True:
    r, _, _ = select.select([0, fd], [], [], 0.01)
    if due is not None and time.monotonic() >= due:
        os.write(fd, answer)
        due = None
        with open(os.environ["ASKED"], "a") as f:
            f.write("answered\n")
    if fd in r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        if b"\x1b[c" in data:
            data = data.replace(b"\x1b[16t", b"").replace(b"\x1b[c", b"")
            due = time.monotonic() + delay
            with open(os.environ["ASKED"], "a") as f:
                f.write("asked\n")
        os.write(1, data)
    if 0 in r:
        os.write(fd, os.read(0, 4096))
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
EOF

# run NAME COMMAND: starts COMMAND (shekara on the test's database) in tmux once the
# pane's output is piped to $TMP/NAME.raw, so that not a byte of it is missed
run() {
	RAW="$TMP/$1.raw"
	: >"$RAW"
	rm -f "$TMP/go"
	start_cmd "while [ ! -e '$TMP/go' ]; do sleep 0.05; done; $2"
	tmux -L "$SOCK" pipe-pane -O -t e2e "cat >>'$RAW'"
	: >"$TMP/go"
}

# shekara [ENV...] -- [ARGS...]: the command line for run
shekara() {
	local envs=""
	while [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	shift
	echo "env -u STY -u KITTY_WINDOW_ID TERM=tmux-256color$envs '$SHEKARA' --db '$DB' $*"
}

# count PATTERN: how often the Perl regex PATTERN occurs in the raw output
count() {
	grep -aoP -- "$1" "$RAW" | wc -l
}

# wait_raw PATTERN [N]: until PATTERN has been written N (default 1) times
wait_raw() {
	local end=$(($(date +%s) + WAIT))
	until [ "$(count "$1")" -ge "${2:-1}" ]; do
		[ "$(date +%s)" -lt "$end" ] || fail "'$1' not written ${2:-1} times within ${WAIT}s ($(count "$1"))"
		sleep 0.05
	done
}

# result: logs in, scans the MRZ with the chip on the reader, opens the result screen
result() {
	login officer demo
	wait_for "Main menu"
	keys s
	wait_for "Scan a document"
	keys "${MRZ[0]}" Enter "${MRZ[1]}" Enter
	wait_for "Document read"
	wait_for "chip genuine (CSCA UT" 30
	keys F2
	wait_for "Traveller"
	wait_for "active authentication: not performed"
}

# leave: from the result screen back to the menu, and quit
leave() {
	keys F7
	wait_for "Not decided"
	keys Escape
	wait_for "Main menu"
	keys q
	wait_for "EXIT=0"
}

# photo_cells: non-blank cells where the face's symbols are at 80×24 (rows 4-8, columns
# 3-10; the traveller's text starts two columns after the box)
photo_cells() {
	screen | sed -n '4,8p' | sed 's/^..\(.\{0,8\}\).*/\1/' | tr -d ' \n' | wc -m
}

# picture_box: "ROWS COLS" of the blank box curses keeps for a picture: its cells are
# spaces in a look of their own (invisible, SGR 8), and nothing else is
picture_box() {
	tmux -L "$SOCK" capture-pane -p -e -t e2e | grep -oP '\x1b\[8m\K +' |
		awk '{ n++; if (!w) w = length($0); else if (length($0) != w) w = -1 } END { print n + 0, w + 0 }'
}

# expect_box: the picture's box is blank and whole; sets BOX_COLS
expect_box() {
	local rows
	read -r rows BOX_COLS <<<"$(picture_box)"
	[ "$rows" -ge 3 ] && [ "$BOX_COLS" -ge 3 ] ||
		fail "no blank box of at least 3×3 cells for the picture (rows $rows, columns $BOX_COLS)"
}

SIXEL='\x1bP[0-9;]*q'
KITTY='\x1b_G'
KITTY_PUT='\x1b_Ga=T,|\x1b_Gi=[0-9]+,q=2,a=T,'
KITTY_DEL='\x1b_Ga=d,d=I,i=[0-9]+,q=2\x1b\\'

card_start

# --- sixel ------------------------------------------------------------------------------
run sixel "$(shekara -- --photo-mode sixel)"
result
wait_raw "$SIXEL"
expect_box
grep -aqP '\x1b7\x1b\[4;3H\x1bP[0-9;]*q' "$RAW" ||
	fail "the sixel picture is not placed at the photo's box (4;3) after a cursor save"
grep -aqP '\x1b\\\x1b8' "$RAW" || fail "the cursor is not restored after the picture"
# tmux says its cells are 16×32 pixels (TIOCGWINSZ)
w=$(grep -aoP '\x1bP[0-9;]*q"1;1;\K[0-9]+' "$RAW" | head -n 1)
[ "$w" -eq $((BOX_COLS * 16)) ] ||
	fail "the picture is $w pixels wide for $BOX_COLS cells of 16 pixels (TIOCGWINSZ)"
ok "--photo-mode sixel writes a sixel picture ($w pixels wide) into a blank box of $BOX_COLS columns"

keys F6
wait_for "Files read"
keys Escape
wait_gone "Files read"
[ "$(count "$SIXEL")" -eq 1 ] || fail "the picture was sent again although nothing moved it"
tmux -L "$SOCK" resize-window -t e2e -x 110 -y 40
wait_raw "$SIXEL" 2
tmux -L "$SOCK" resize-window -t e2e -x 80 -y 24
wait_raw "$SIXEL" 3
leave
ok "the sixel picture is sent once, and again only when a resize moves its box"

# --- kitty ------------------------------------------------------------------------------
card_start
run kitty "$(shekara -- --photo-mode kitty)"
result
wait_raw "$KITTY_PUT"
[ "$(count "$SIXEL")" -eq 0 ] || fail "kitty mode wrote a sixel picture"
expect_box
[ "$(count "$KITTY_DEL")" -eq 0 ] || fail "the kitty picture was deleted while shown"
leave
wait_raw "$KITTY_DEL"
ok "--photo-mode kitty writes a kitty picture (APC G, numbered, quiet) and deletes it on leaving"

# restored: the alternate screen is left and the cursor is visible again
restored() {
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "$1: still on the alternate screen"
	[ "$(pane '#{cursor_flag}')" = 1 ] || fail "$1: cursor left hidden"
}

card_start
run kitty-int "$(shekara -- --photo-mode kitty)"
result
wait_raw "$KITTY_PUT"
keys C-c
wait_for "EXIT=130"
restored "Ctrl-C with a kitty picture"
wait_raw "$KITTY_DEL"
card_start
run kitty-segv "$(shekara -- --photo-mode kitty)"
result
wait_raw "$KITTY_PUT"
kill -SEGV "$(shekara_pid)"
wait_for "EXIT=139"
restored "a crash with a kitty picture"
wait_raw "$KITTY_DEL"
ok "Ctrl-C and a crash take the kitty picture away and restore the terminal"

# --- symbols ----------------------------------------------------------------------------
card_start
run symbols "$(shekara -- --photo-mode symbols)"
result
n=$(photo_cells)
[ "$n" -ge 3 ] || fail "symbols mode drew $n cells of the face"
leave
[ "$(count "$SIXEL")" -eq 0 ] || fail "symbols mode wrote a sixel picture"
[ "$(count "$KITTY")" -eq 0 ] || fail "symbols mode wrote a kitty graphics command"
ok "--photo-mode symbols draws the face in $n symbol cells and writes no picture"

# --- auto inside tmux: symbols, and the terminal is not even asked ----------------------
card_start
run auto-tmux "$(shekara KITTY_WINDOW_ID=1 --)"
result
n=$(photo_cells)
[ "$n" -ge 3 ] || fail "auto inside tmux drew $n cells of the face"
leave
[ "$(count "$SIXEL")" -eq 0 ] || fail "auto inside tmux wrote a sixel picture"
[ "$(count "$KITTY")" -eq 0 ] || fail "auto inside tmux wrote a kitty graphics command"
[ "$(count '\x1b\[c')" -eq 0 ] || fail "auto inside tmux asked the terminal for its attributes"
ok "auto inside tmux (KITTY_WINDOW_ID set too) draws symbols and asks nothing"

# --- auto, asking a terminal without sixels (tmux itself answers ?1;2c) -----------------
card_start
run auto-ask "env -u TMUX $(shekara --)"
wait_for "User name"
[ "$(count '\x1b\[c')" -eq 1 ] || fail "auto outside a multiplexer did not ask the terminal"
has "1;2c" && fail "the terminal's answer reached the login screen as keys"
# a byte of the answer left in the input would be in the user name, and the login fail
login officer demo
wait_for "Main menu"
keys q
wait_for "EXIT=0"
[ "$(count "$SIXEL")" -eq 0 ] || fail "auto wrote sixels to a terminal that did not offer them"
ok "auto asks the terminal once (ESC [ c); its answer without 4 means symbols, and none of it is typed"

# --- auto, a terminal that says sixel ---------------------------------------------------
card_start
rm -f "$TMP/asked"
run auto-sixel "env -u TMUX ASKED='$TMP/asked' /usr/bin/python3 '$TMP/sixel_term.py' $(shekara --)"
result
wait_raw "$SIXEL"
expect_box
w=$(grep -aoP '\x1bP[0-9;]*q"1;1;\K[0-9]+' "$RAW" | head -n 1)
[ "$w" -eq $((BOX_COLS * 7)) ] ||
	fail "the picture is $w pixels wide for $BOX_COLS cells the terminal says are 7 pixels"
leave
ok "auto takes sixel from device attributes ?62;4;22 and the cell size from CSI 16 t ($w pixels)"

# --- auto over a slow line: the answer comes after the wait, and is not typed ----------
rm -f "$TMP/asked"
run auto-late "env -u TMUX ASKED='$TMP/asked' DA='?62;4;22c' DELAY_MS=600 /usr/bin/python3 '$TMP/sixel_term.py' $(shekara --)"
wait_for "User name"
grep -qx asked "$TMP/asked" || fail "auto did not ask the terminal"
end=$(($(date +%s) + WAIT))
until grep -qx answered "$TMP/asked"; do
	[ "$(date +%s)" -lt "$end" ] || fail "the relay did not answer"
	sleep 0.05
done
# the answer came 600 ms after the question, with the login screen up: a byte of it
# taken for a key would be in the user name, and the login fail
login officer demo
wait_for "Main menu"
keys q
wait_for "EXIT=0"
[ "$(count "$SIXEL")" -eq 0 ] || fail "a late answer switched to sixels"
ok "an answer later than the wait is dropped from the keys; the face stays in symbols"
