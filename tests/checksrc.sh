#!/bin/sh
# Source rules a compiler does not check (after curl's checksrc): no unbounded string
# functions, no shell-outs, no SQL built with printf, and the layering of DESIGN.md
# (curses only in screens/, SQLite only in db/).
set -u
cd "$(dirname "$0")/.."
bad=0
report() {
	echo "checksrc: $1"
	echo "$2" | sed 's/^/    /'
	bad=1
}
src=$(git ls-files 'app/*.c' 'app/*.h' 'db/*.c' 'db/*.h' 'scanners/*.c' 'scanners/*.h' \
	'screens/*.c' 'screens/*.h' 'i18n/*.h' 2>/dev/null)
[ -n "$src" ] || src=$(find app db scanners screens i18n -name '*.[ch]')

hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|system|popen|atoi|tmpnam)\(' $src)
[ -z "$hits" ] || report "unsafe or banned function (use snprintf, explicit lengths, exec without a shell)" "$hits"
hits=$(grep -nE 'sqlite3_(mprintf|vmprintf|snprintf)\(' $src)
[ -z "$hits" ] || report "SQL built with printf; bind parameters instead" "$hits"
hits=$(grep -lE '#include *[<"](n?curses|ncursesw/curses|term)\.h' $(echo "$src" | grep -v '^screens/'))
[ -z "$hits" ] || report "curses outside screens/ (DESIGN.md layering)" "$hits"
hits=$(grep -lE 'sqlite3\.h|sqlite3_' $(echo "$src" | grep -v '^db/'))
[ -z "$hits" ] || report "SQLite outside db/ (DESIGN.md layering)" "$hits"
hits=$(grep -lE '#include *"(app|screens)/' $(echo "$src" | grep -E '^(db|scanners)/'))
[ -z "$hits" ] || report "db/ or scanners/ including a higher layer" "$hits"
hits=$(grep -lE '#include *"screens/' $(echo "$src" | grep '^app/' | grep -v '^app/main.c'))
[ -z "$hits" ] || report "app/ including screens/ (only app/main.c starts the UI)" "$hits"
for f in $src; do
	n=$(wc -l <"$f")
	[ "$n" -le 1000 ] || report "$f has $n lines; split it (STYLE.md 9)" ""
done
if command -v clang-format >/dev/null; then
	hits=$(for f in $src; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
	[ -z "$hits" ] || report "not formatted with .clang-format (run: make format)" "$hits"
fi
if [ "$bad" -eq 0 ]; then
	echo "checksrc: 1 passed, 0 failed"
else
	echo "checksrc: 0 passed, 1 failed"
	exit 1
fi
