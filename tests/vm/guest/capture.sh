#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Save what libvnet's Linux backend reads, as a tree that
#   vnetctl -O linux.root=DIR ...
# replays offline: the sysfs and procfs files, the relative sysfs links, and
# the raw netlink/ethtool replies recorded by vnetctl itself.  $1: output dir.
D=$1
mkdir -p "$D"

copy_file() { # copy one readable attribute file; silently skip the others
	[ -f "$1" ] || return 0
	mkdir -p "$D$(dirname "$1")"
	cat "$1" > "$D$1" 2>/dev/null || rm -f "$D$1"
}

copy_link() { # recreate a symlink as it is (sysfs links are relative)
	mkdir -p "$D$(dirname "$1")"
	ln -sfn "$(readlink "$1")" "$D$1"
}

copy_dir() { # $1 dir, $2 depth: regular files (and links) below it
	find "$1" -maxdepth "$2" \( -type f -o -type l \) 2>/dev/null | while read -r f; do
		case "${f##*/}" in
		resource[0-9]* | rom | reset | remove | rescan | uevent | new_id | remove_id | \
		bind | unbind | driver_override | reset_method | d3cold_allowed | \
		enable | broken_parity_status)
			continue ;;
		esac
		if [ -L "$f" ]; then
			copy_link "$f"
		else
			copy_file "$f"
		fi
	done
}

for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device")" = 0x0001 ] || continue
	copy_link "$d"
	real=$(realpath "$d")
	parent=${real%/*}
	bdf=${parent##*/}
	# the parent: a PCI function, or a virtio-mmio platform device
	if [ -e "/sys/bus/platform/devices/$bdf" ]; then
		copy_link "/sys/bus/platform/devices/$bdf"
	else
		copy_link "/sys/bus/pci/devices/$bdf"
	fi
	for f in config vendor device class revision subsystem_vendor subsystem_device irq \
		 resource; do
		copy_file "$parent/$f"
	done
	copy_link "$parent/driver"
	copy_dir "$parent/msi_irqs" 1
	for f in device vendor features status modalias; do
		copy_file "$real/$f"
	done
	copy_link "$real/driver"
	for n in "$real"/net/*; do
		[ -d "$n" ] || continue
		copy_link "/sys/class/net/${n##*/}"
		for f in ifindex address mtu carrier operstate speed duplex flags tx_queue_len; do
			copy_file "$n/$f"
		done
		copy_dir "$n/statistics" 1
		copy_dir "$n/queues" 3
	done
	copy_dir "/sys/kernel/debug/virtio/${d##*/}" 1
done
# the other PCI functions: vendor and MSI vectors (machine-wide counts); ids
# and class too, for the host bridge the VMM fingerprint reads.  The
# directory exists even when empty: no PCI bus is a fact (virtio-mmio VMMs).
mkdir -p "$D/sys/bus/pci/devices"
# git keeps no empty directory (dot entries are skipped by every reader)
echo "git keeps no empty directory: this one says the guest had no PCI bus" \
	> "$D/sys/bus/pci/devices/.keep"
for p in /sys/bus/pci/devices/*; do
	[ -e "$p" ] || continue
	copy_link "$p"
	real=$(realpath "$p")
	for f in vendor device class; do
		copy_file "$real/$f"
	done
	copy_dir "$real/msi_irqs" 1
done
# ACPI tables: the 36-byte header only (signature, OEM id, OEM table id);
# the whole tables are firmware, not needed, and readable by root only.
for t in /sys/firmware/acpi/tables/*; do
	[ -f "$t" ] || continue
	mkdir -p "$D${t%/*}"
	head -c 36 "$t" > "$D$t" 2>/dev/null || rm -f "$D$t"
done
copy_file /proc/cpuinfo
copy_file /sys/devices/system/cpu/online
copy_file /sys/devices/system/cpu/possible
for f in sys_vendor product_name product_version; do
	copy_file "/sys/class/dmi/id/$f"
done
mkdir -p "$D/sys/class/iommu"
for i in /sys/class/iommu/*; do
	[ -e "$i" ] && copy_link "$i"
done
copy_file /proc/interrupts
copy_file /proc/iomem
copy_file /proc/sys/kernel/osrelease
grep -o '^ *[0-9]*:' /proc/interrupts | tr -d ' :' | while read -r irq; do
	for f in smp_affinity_list effective_affinity_list affinity_hint; do
		copy_file "/proc/irq/$irq/$f"
	done
done
# The kernel's own replies, recorded for replay, by a vnetctl that reads the
# copied files: counters in them keep moving, so the expected output must
# come from the same copy the replay will read.
mkdir -p "$D/netlink"
set -- -O "linux.sysfs=$D/sys" -O "linux.procfs=$D/proc" -O "linux.record=$D/netlink"
vnetctl "$@" -j show > "$D/expected-show.json"
vnetctl "$@" -j stats -q > "$D/expected-stats.json"
exit 0
