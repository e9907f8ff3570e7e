# td3 SURNAME GIVEN ISSUER NUMBER BIRTH SEX EXPIRY: prints a passport's two MRZ lines
# with every check digit computed (ICAO 9303 Part 3, weights 7-3-1), so tests can make
# any traveller they need. Names use '<' for spaces; dates are YYMMDD.
td3() {
	awk -v sn="$1" -v gn="$2" -v st="$3" -v no="$4" -v b="$5" -v sx="$6" -v ex="$7" '
	function val(c) {
		if (c ~ /[0-9]/) return c + 0
		if (c ~ /[A-Z]/) return index("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c) + 9
		return 0
	}
	function cd(s,   i, t, w) {
		t = 0
		for (i = 1; i <= length(s); i++) {
			w = (i - 1) % 3 == 0 ? 7 : (i - 1) % 3 == 1 ? 3 : 1
			t += val(substr(s, i, 1)) * w
		}
		return t % 10
	}
	function pad(s, n) { while (length(s) < n) s = s "<"; return substr(s, 1, n) }
	BEGIN {
		l1 = pad("P<" st sn "<<" gn, 44)
		num = pad(no, 9); opt = pad("", 14)
		l2 = num cd(num) st b cd(b) sx ex cd(ex) opt cd(opt)
		comp = num cd(num) b cd(b) ex cd(ex) opt cd(opt)
		print l1; print l2 cd(comp)
	}'
}

# mrv WIDTH SURNAME GIVEN ISSUER NUMBER NATIONALITY BIRTH SEX EXPIRY: a visa's two MRZ
# lines (ICAO 9303 Part 7), MRV-A with WIDTH 44, MRV-B with 36; no composite digit.
mrv() {
	awk -v w="$1" -v sn="$2" -v gn="$3" -v st="$4" -v no="$5" -v na="$6" -v b="$7" \
		-v sx="$8" -v ex="$9" '
	function val(c) {
		if (c ~ /[0-9]/) return c + 0
		if (c ~ /[A-Z]/) return index("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c) + 9
		return 0
	}
	function cd(s,   i, t, wt) {
		t = 0
		for (i = 1; i <= length(s); i++) {
			wt = (i - 1) % 3 == 0 ? 7 : (i - 1) % 3 == 1 ? 3 : 1
			t += val(substr(s, i, 1)) * wt
		}
		return t % 10
	}
	function pad(s, n) { while (length(s) < n) s = s "<"; return substr(s, 1, n) }
	BEGIN {
		print pad("V<" st sn "<<" gn, w)
		num = pad(no, 9)
		print pad(num cd(num) na b cd(b) sx ex cd(ex), w)
	}'
}
