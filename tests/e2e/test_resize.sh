#!/bin/bash
# The layout is recomputed on resize: 100×30 uses the whole width, below 80×24 a
# "terminal too small" screen appears, and 80×24 again restores the normal screen.
. "$(dirname "$0")/lib.sh"
demo_db

start
login admin demo
wait_for "Main menu"

tmux -L "$SOCK" resize-window -t e2e -x 100 -y 30
# the clock is right-aligned on the status bar's 100th column
end=$(($(date +%s) + WAIT))
until row 0 | grep -Eq '^.{94}[0-2][0-9]:[0-5][0-9]$'; do
	[ "$(date +%s)" -lt "$end" ] || fail "status bar not laid out for 100 columns: '$(row 0)'"
	sleep 0.05
done
row 29 | grep -q "F10" || fail "key bar not on the last line of 30"
ok "100×30 lays out the whole terminal"

tmux -L "$SOCK" resize-window -t e2e -x 70 -y 20
wait_for "Terminal too small: 70×20"
ok "below 80×24 says the terminal is too small"

tmux -L "$SOCK" resize-window -t e2e -x 80 -y 24
wait_gone "Terminal too small"
wait_for "Main menu"
row 23 | grep -q "F10" || fail "key bar not on the last line of 24"
end=$(($(date +%s) + WAIT))
until row 0 | grep -Eq '^.{74}[0-2][0-9]:[0-5][0-9]$'; do
	[ "$(date +%s)" -lt "$end" ] || fail "status bar not laid out for 80 columns: '$(row 0)'"
	sleep 0.05
done
ok "back at 80×24 the screen is whole again"

# nothing on screen is wider than the terminal (a cut label ends in …, never wraps)
screen | while IFS= read -r line; do
	[ "$(printf '%s' "$line" | wc -m)" -le 80 ] || fail "line wider than 80: $line"
done
keys q
wait_for "EXIT=0"

# monochrome: still every state readable, same layout
start --color never
login officer demo
wait_for "Main menu"
sgr=$(tmux -L "$SOCK" capture-pane -p -e -t e2e)
printf '%s' "$sgr" | grep -q $'\e\[[0-9;]*7m' || fail "monochrome: no reverse video for the bars"
if printf '%s' "$sgr" | grep -Eq $'\e\[([0-9;]*;)?(3[0-7]|4[0-7]|38;|48;)'; then
	fail "monochrome: colour codes on screen"
fi
keys q
wait_for "EXIT=0"
ok "monochrome mode works"
