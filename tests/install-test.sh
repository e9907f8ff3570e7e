#!/bin/sh
# `make install` puts the binary, the man page and the catalogues under DESTDIR/PREFIX,
# the installed program finds its translations there, and `make uninstall` removes them.
set -eu
cd "$(dirname "$0")/.."
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() {
	echo "FAILED: install: $*"
	echo "install: 0 passed, 1 failed"
	exit 1
}
make -s install DESTDIR="$dest" PREFIX=/opt/shekara >/dev/null
for f in bin/shekara share/man/man1/shekara.1; do
	[ -f "$dest/opt/shekara/$f" ] || fail "$f not installed"
done
for l in $(cat i18n/LINGUAS); do
	[ -f "$dest/opt/shekara/share/locale/$l/LC_MESSAGES/shekara.mo" ] || fail "$l catalogue not installed"
done
"$dest/opt/shekara/bin/shekara" --version | grep -q '^shekara ' || fail "installed binary does not run"
# the trainer's scenarios are installed and found beside the program
n=$(ls scenarios/*.scn | wc -l)
listed=$("$dest/opt/shekara/bin/shekara" scenario list | grep -c '(.* travellers\?)$' || true)
[ "$listed" -eq "$n" ] || fail "the installed binary lists $listed of the $n scenarios"
# relocated: the installed binary finds ../share/locale beside itself
out=$(LC_ALL=C.UTF-8 LANGUAGE=ru "$dest/opt/shekara/bin/shekara" frobnicate 2>&1 || true)
en=$(LC_ALL=C.UTF-8 LANGUAGE=en "$dest/opt/shekara/bin/shekara" frobnicate 2>&1 || true)
[ "$out" != "$en" ] || fail "the installed binary does not find its Russian catalogue"
# the man page renders without warnings
warnings=$(groff -man -ww -z "$dest/opt/shekara/share/man/man1/shekara.1" 2>&1)
[ -z "$warnings" ] || fail "man page warnings: $warnings"
MANWIDTH=80 man -l "$dest/opt/shekara/share/man/man1/shekara.1" 2>/dev/null | grep -q "SYNOPSIS" ||
	fail "man page does not render"
make -s uninstall DESTDIR="$dest" PREFIX=/opt/shekara >/dev/null
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "uninstall left: $left"
echo "install: 1 passed, 0 failed"
