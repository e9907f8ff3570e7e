#!/bin/sh
# Installs the Debian packages Shekara needs to build and run, and with --test also
# what the tests need, and says which. Run by `make deps` (and so by `make run`) and by
# `make check` with --test; uses sudo when not root.
#
# The test packages stay off a live workstation: vsmartcard-vpcd makes pcscd accept
# virtual cards from the network (TCP 35963), which only the tests' virtual passport
# may use.
set -eu
PKGS="make gcc pkg-config libncurses-dev libsqlite3-dev libssl-dev libzbar-dev
libpcsclite-dev libzstd-dev libjson-c-dev libxml2-dev libunistring-dev iso-codes gettext
pcscd libchafa-dev libjpeg-dev libopenjp2-7-dev libpng-dev libdmtx-dev libcurl4-openssl-dev
man-db groff-base"
TEST_PKGS="libcmocka-dev tmux socat sqlite3 clang libclang-rt-14-dev
vsmartcard-vpcd libopenjp2-tools python3 python3-cryptography python3-asn1crypto openssl
qrencode zint dmtx-utils libjpeg-turbo-progs
nginx-light iproute2 nftables"
if [ "${1:-}" = --test ]; then
	PKGS="$PKGS $TEST_PKGS"
fi
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "make deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; fetch them only when an install needs it.
if ! $SUDO apt-get install -y -q --no-install-recommends $missing; then
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi
echo "make deps: installed:$missing"
