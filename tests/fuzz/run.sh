#!/bin/sh
# Runs each libFuzzer target over its seed corpus (tests/fuzz/corpus/NAME) and then on
# FUZZ_RUNS generated inputs (default 20000): a bounded, repeatable smoke run for
# `make check`. For a long hunt: build/fuzz/NAME -max_total_time=3600 CORPUS_DIR
set -u
runs=${FUZZ_RUNS:-20000}
failed=0
passed=0
for bin in "$@"; do
	name=$(basename "$bin")
	seeds="tests/fuzz/corpus/$name"
	work="build/fuzz/corpus-$name"
	mkdir -p "$work"
	if "$bin" -runs="$runs" -max_len=4096 -seed=1 -artifact_prefix="build/fuzz/$name-" "$work" "$seeds" >"build/fuzz/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "fuzz $name: $runs runs, no crash"
	else
		failed=$((failed + 1))
		echo "FAILED: fuzz $name (see build/fuzz/$name.log)"
		tail -n 30 "build/fuzz/$name.log"
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
