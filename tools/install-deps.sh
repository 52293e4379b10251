#!/bin/sh
# Installs the Debian packages hotmem needs to build and boot, when missing.
# Run as root on Debian 12 (make run / make test call it). As non-root it
# only lists what is missing.
set -e
PKGS="nasm qemu-system-x86 grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf python3 console-setup-linux gcc make binutils git clang-format clang util-linux ipxe-qemu lava-common"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends keeps grub-pc/grub-efi (which touch the host's own boot loader) out.
apt-get install -y -qq --no-install-recommends $missing
