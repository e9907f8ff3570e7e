#!/bin/sh
# Runs every end-to-end test (tests/e2e/test_*.sh) and prints a summary line.
set -u
dir=$(dirname "$0")
command -v tmux >/dev/null || { echo "e2e: tmux is missing (make deps-test)"; exit 1; }
passed=0
failed=0
for t in "$dir"/test_*.sh; do
	if bash "$t"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $t"
		failed=$((failed + 1))
	fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
