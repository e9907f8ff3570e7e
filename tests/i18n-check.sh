#!/bin/sh
# Translations: the committed template must match the sources (run `make pot` after
# changing a message), and every catalogue in i18n/LINGUAS must be complete, with no
# fuzzy entry, and pass `msgfmt --check` (format strings agree with the English).
set -u
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
passed=0

srcs=$(ls app/*.c db/*.c scanners/*.c screens/*.c | sort)
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=C_:1c,2 \
	--add-comments=TRANSLATORS: -o "$tmp/fresh.pot" $srcs
msgcat --no-location --sort-output -o "$tmp/a" "$tmp/fresh.pot"
msgcat --no-location --sort-output --use-first -o "$tmp/b" i18n/shekara.pot 2>/dev/null
# compare message ids only; the header (the first entry) and comments may differ
for f in a b; do
	awk 'h { print } /^$/ { h = 1 }' "$tmp/$f" | grep -E '^(msgid|msgid_plural|msgctxt|")' >"$tmp/$f.ids"
done
if diff -q "$tmp/a.ids" "$tmp/b.ids" >/dev/null; then
	passed=$((passed + 1))
else
	echo "i18n: i18n/shekara.pot is out of date with the sources; run 'make pot'"
	diff "$tmp/b.ids" "$tmp/a.ids" | head -20
	failed=$((failed + 1))
fi

for lang in $(cat i18n/LINGUAS); do
	po="i18n/$lang.po"
	if ! stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
		echo "i18n: $po fails msgfmt --check:"
		echo "$stats"
		failed=$((failed + 1))
		continue
	fi
	# every message of the fresh template must be in the catalogue
	missing=$(msgcmp --use-untranslated "$po" "$tmp/fresh.pot" 2>&1) || true
	case $stats in
	*fuzzy* | *untranslated*)
		echo "i18n: $po is incomplete: $stats"
		failed=$((failed + 1))
		;;
	*)
		if [ -n "$missing" ]; then
			echo "i18n: $po lacks messages of the sources:"
			echo "$missing" | head -10
			failed=$((failed + 1))
		else
			echo "i18n: $po complete: $stats"
			passed=$((passed + 1))
		fi
		;;
	esac
done
# the officer's own language: every state language of the region, and Russian
required="ru kk ky uz tg tk"
for lang in $required; do
	if ! grep -qx "$lang" i18n/LINGUAS; then
		echo "i18n: i18n/LINGUAS lacks '$lang' (required: $required)"
		failed=$((failed + 1))
	fi
done
# what the program offers is what is built, and each catalogue says it needs review
for lang in $(cat i18n/LINGUAS); do
	if ! grep -q "{ \"$lang\", " app/lang.c; then
		echo "i18n: '$lang' is in i18n/LINGUAS but not in app/lang.c's lang_table"
		failed=$((failed + 1))
	fi
	if ! head -n 3 "i18n/$lang.po" | grep -q "needs review by a native-speaking"; then
		echo "i18n: i18n/$lang.po's header does not say it needs a native speaker's review"
		failed=$((failed + 1))
	fi
done
# the glossary: every term has a word in every language's column
gaps=$(awk -F'|' -v langs="$(cat i18n/LINGUAS | tr '\n' ' ')" '
	/^\| English \|/ { for (i = 2; i < NF; i++) { gsub(/ /, "", $i); col[$i] = i }; table = 1; next }
	table && /^\|---/ { next }
	table && /^\|/ {
		n = split(langs, L, " ")
		for (k = 1; k <= n; k++) {
			c = col[L[k]]
			if (!c) { print "no column for " L[k]; continue }
			v = $c; gsub(/^ +| +$/, "", v)
			if (v == "") print L[k] ": " $2
		}
		next
	}
	table && !/^\|/ { table = 0 }' i18n/GLOSSARY.md)
if [ -n "$gaps" ]; then
	echo "i18n: i18n/GLOSSARY.md has terms without a translation:"
	echo "$gaps" | head -10
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi
echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
