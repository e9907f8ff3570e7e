#!/bin/sh
# Runs each cmocka test binary; fails when any fails. Each gets a private temporary
# directory (TEST_TMPDIR) for its SQLite files and XDG directories.
set -u
failed=0
total=0
for t in "$@"; do
	total=$((total + 1))
	dir=$(mktemp -d)
	if ! TEST_TMPDIR="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" "$t"; then
		echo "FAILED: $t"
		failed=$((failed + 1))
	fi
	rm -rf "$dir"
done
echo "unit: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
