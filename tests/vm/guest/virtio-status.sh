#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# virtio-status.sh IFNAME [HEX]: read, or write, the device_status byte of a
# modern virtio-net device through its VIRTIO_PCI_CAP_PCI_CFG window (the
# spec's config-space door into BAR memory).  Test helper: it makes the
# device report FAILED, as a driver that gave up would, without MMIO access.
set -e
sp=/usr/bin/setpci
s=$(basename "$(readlink -f "/sys/class/net/$1/device/..")")
at() { # config-space offset (decimal) -> setpci's hex
	printf %x "$1"
}
common=
window=
ptr=$($sp -s "$s" 34.b)
while [ "$ptr" != 00 ]; do
	p=$((0x$ptr & 0xfc))
	if [ "$($sp -s "$s" "$(at $p).b")" = 09 ]; then
		case $($sp -s "$s" "$(at $((p + 3))).b") in
		01) common=$p ;;
		05) window=$p ;;
		esac
	fi
	ptr=$($sp -s "$s" "$(at $((p + 1))).b")
done
if [ -z "$common" ] || [ -z "$window" ]; then
	echo "virtio-status.sh: $1 ($s) has no common or pci-cfg capability" >&2
	exit 1
fi
# device_status is byte 20 of the common configuration structure
bar=$($sp -s "$s" "$(at $((common + 4))).b")
off=$((0x$($sp -s "$s" "$(at $((common + 8))).l") + 20))
$sp -s "$s" "$(at $((window + 4))).b=$bar"
$sp -s "$s" "$(at $((window + 8))).l=$(at $off)"
$sp -s "$s" "$(at $((window + 12))).l=1"
if [ -n "$2" ]; then
	$sp -s "$s" "$(at $((window + 16))).b=$2"
else
	$sp -s "$s" "$(at $((window + 16))).b"
fi
