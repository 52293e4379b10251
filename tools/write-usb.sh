#!/bin/sh
# Writes build/hotmem.iso to a whole USB device (not a partition), after
# showing what the device is and asking for confirmation.
set -e
dev="$1"
iso="${2:-build/hotmem.iso}"
if [ -z "$dev" ] || [ ! -b "$dev" ]; then
	echo "usage: $0 /dev/sdX [image]   (a whole block device; see lsblk)" >&2
	exit 2
fi
case "$dev" in
*[0-9]) case "$dev" in /dev/nvme*n[0-9] | /dev/mmcblk[0-9] | /dev/loop[0-9]*) ;; *)
	echo "$dev looks like a partition; give the whole device" >&2
	exit 2
	;;
	esac ;;
esac
[ -f "$iso" ] || { echo "no image $iso (run make iso)" >&2; exit 2; }
lsblk -o NAME,SIZE,MODEL,TRAN,MOUNTPOINT "$dev"
if lsblk -no MOUNTPOINT "$dev" | grep -q .; then
	echo "$dev has mounted partitions; unmount them first" >&2
	exit 2
fi
printf 'Overwrite ALL data on %s with %s? Type yes: ' "$dev" "$iso"
read -r answer
[ "$answer" = yes ] || { echo "not written"; exit 1; }
dd if="$iso" of="$dev" bs=4M conv=fsync status=progress
sync
echo "done: $dev"
