# Shared by the barcode end-to-end tests (after lib.sh): the generators in
# tests/barcode, a test PKI made at test time in $P, an image folder $I, the demo
# database with an officer's and an administrator's credentials.
PY=/usr/bin/python3
B="$ROOT/tests/barcode"
P="$TMP/pki"
I="$TMP/img"
mkdir -p "$I"
sh "$B/pki.sh" "$P"
demo_db
printf 'demo\n' >"$TMP/pw"
ADMIN=(--db "$DB" --as admin --password-file "$TMP/pw")
OFFICER=(--db "$DB" --as officer --password-file "$TMP/pw")
