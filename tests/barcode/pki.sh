#!/bin/sh
# pki.sh DIR: a test PKI for digital seals, made with the openssl command at test time.
#   csca.pem/.key         Utopia's CSCA (C=UT), EC P-256: the trust anchor tests import
#   signer.pem/.key       a barcode signer it certifies: C=UT, CN=TS (signer identifier
#                         "UTTS", TR-03137 5.3.1), serial 0x1F2A (certificate reference
#                         "1F2A")
#   rogue-csca.pem/.key   a CSCA nobody imports
#   rogue.pem/.key        a signer with the same name and serial, certified by the rogue
#   signer-p384.pem/.key  a barcode signer on P-384 (CN=TX, serial 0x3B), certified by
#                         Utopia's CSCA: the hash follows the key (9303-13)
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"
leaf_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
authorityKeyIdentifier=keyid"
printf '%s\n' "$ca_ext" >ca.ext
printf '%s\n' "$leaf_ext" >leaf.ext

# csca NAME SUBJECT
csca() {
	openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" 2>/dev/null
	openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
	openssl x509 -req -in "$1.csr" -signkey "$1.key" -days 3650 -extfile ca.ext \
		-set_serial 1 -out "$1.pem" 2>/dev/null
}
# signer NAME CURVE SUBJECT SERIAL CA
signer() {
	openssl ecparam -name "$2" -genkey -noout -out "$1.key" 2>/dev/null
	openssl req -new -key "$1.key" -subj "$3" -out "$1.csr" 2>/dev/null
	openssl x509 -req -in "$1.csr" -CA "$5.pem" -CAkey "$5.key" -set_serial "$4" \
		-days 730 -extfile leaf.ext -out "$1.pem" 2>/dev/null
}

csca csca "/C=UT/O=Utopia/CN=Utopia CSCA"
signer signer prime256v1 "/C=UT/O=Utopia/CN=TS" 0x1F2A csca
signer signer-p384 secp384r1 "/C=UT/O=Utopia/CN=TX" 0x3B csca
csca rogue-csca "/C=UT/O=Not Utopia/CN=Utopia CSCA"
signer rogue prime256v1 "/C=UT/O=Utopia/CN=TS" 0x1F2A rogue-csca
rm -f ./*.csr ca.ext leaf.ext
