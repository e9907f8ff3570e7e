#!/bin/bash
# Prints Shekara's figures: binary size, start-up time to the login screen, resident
# memory at the home screen, login (scrypt) time, audit append and verify rates.
# Run with `make bench`; nothing here passes or fails on a threshold.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
TMP=$(mktemp -d)
SOCK="shekara-bench-$$-0"
trap 'tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
export XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" LC_ALL=C.UTF-8
DB="$TMP/demo.db"
./shekara --db "$DB" init --demo >/dev/null

size=$(stat -c %s shekara)
text=$(size shekara | awk 'NR==2 {print $1}')
echo "binary: ./shekara $size bytes on disk, $text bytes of code (text), $(cc --version | head -n1)"

ms() { date +%s%N | cut -b1-13; }
runs=7
times=()
for i in $(seq $runs); do
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
	SOCK="shekara-bench-$$-$i" # a new server each run: a dying one may still hold the old socket
	t0=$(ms)
	tmux -L "$SOCK" -f /dev/null new-session -d -s b -x 80 -y 24 "$ROOT/shekara --db $DB; sleep 60"
	until tmux -L "$SOCK" capture-pane -p -t b 2>/dev/null | grep -q "User name"; do sleep 0.002; done
	times+=($(($(ms) - t0)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
echo "start-up to the login screen (tmux, $runs runs): median ${median} ms (all: ${sorted% })"

t0=$(ms)
tmux -L "$SOCK" send-keys -t b officer Enter demo Enter
until tmux -L "$SOCK" capture-pane -p -t b | grep -q "Main menu"; do sleep 0.002; done
echo "login to the home screen (scrypt N=2^15, r=8): $(($(ms) - t0)) ms"
pid=$(pgrep -f "^$ROOT/shekara --db $DB" | head -n1)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "resident memory at the home screen: ${rss} KiB (peak ${hwm} KiB, the peak is scrypt's 32 MiB at login)"
tmux -L "$SOCK" send-keys -t b q

mkdir -p build/bench
make -s build/bench/bench_audit >/dev/null
build/bench/bench_audit "$TMP/audit.db" 2000

make -s build/bench/bench_mrz >/dev/null
taskset -c 0 build/bench/bench_mrz 2000000

# a million synthetic watchlist entries through the real import path, then 10,000
# screening queries (about 3 minutes on the 2-core machine)
make -s build/bench/bench_screen >/dev/null
build/bench/bench_screen "${BENCH_ENTRIES:-1000000}" 10000 "$TMP"
