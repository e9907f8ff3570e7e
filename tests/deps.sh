#!/bin/sh
# Installs the Debian packages Shekara needs to build, run and test, and says which.
# Run by `make deps` (and so by `make run` and `make check`); uses sudo when not root.
set -eu
PKGS="make gcc pkg-config libncurses-dev libsqlite3-dev libssl-dev libzbar-dev
libpcsclite-dev libcmocka-dev libzstd-dev libjson-c-dev libxml2-dev libunistring-dev iso-codes gettext tmux socat sqlite3 clang
libclang-rt-14-dev
pcscd vsmartcard-vpcd libchafa-dev libjpeg-dev libopenjp2-7-dev libopenjp2-tools
python3 python3-cryptography python3-asn1crypto openssl
man-db groff-base"
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
