#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# (absolute paths: busybox sh prefers its own applets of the same name)
# What vnetctl says, and what the oracles (ethtool, ip, lspci, procfs,
# sysfs) say, about every virtio-net device of the guest.  $1: output dir.
R=$1
run() { # file command...: stdout to file, exit status to file.rc
	f=$1
	shift
	"$@" > "$R/$f" 2> "$R/$f.err"
	echo $? > "$R/$f.rc"
}
nobody() { # file command...: the same as an unprivileged user
	f=$1
	shift
	su nobody -s /bin/sh -c "LD_LIBRARY_PATH=/usr/local/lib $*" > "$R/$f" 2> "$R/$f.err"
	echo $? > "$R/$f.rc"
}

uname -r > $R/uname
cat /sys/class/dmi/id/product_version > $R/machine 2>/dev/null
cat /proc/interrupts > $R/interrupts
cat /proc/iomem > $R/iomem
run lspci /usr/bin/lspci -vvv -nn
nobody lspci-nobody /usr/bin/lspci -vvv -nn
run show.json vnetctl -j show
run show.txt vnetctl show
nobody show-nobody.json vnetctl -j show
nobody show-nobody.txt vnetctl show
run list.json vnetctl -j list
run list.txt vnetctl list
run features.json vnetctl -j features --all
run check.json vnetctl -j check
run explain.json vnetctl -j explain
run stats.json vnetctl -j stats -q
for d in /sys/bus/virtio/devices/*; do
	[ -d "$d/net" ] || continue
	v=${d##*/}
	for n in "$d"/net/*; do
		n=${n##*/}
		o=$R/dev/$n
		mkdir -p "$o"
		echo "$v" > "$o/virtio"
		cat "$d/features" > "$o/features"
		cat "$d/vendor" > "$o/vendor"
		/usr/bin/ethtool -i "$n" > "$o/ethtool_i" 2>&1
		/usr/bin/ethtool -l "$n" > "$o/ethtool_l" 2>&1
		/usr/bin/ethtool -g "$n" > "$o/ethtool_g" 2>&1
		/usr/bin/ethtool -k "$n" > "$o/ethtool_k" 2>&1
		/usr/bin/ethtool -S "$n" > "$o/ethtool_S" 2>&1
		/usr/bin/ethtool "$n" > "$o/ethtool" 2>&1
		/usr/bin/ip -d -j link show "$n" > "$o/ip_link" 2>&1
		for s in /sys/class/net/$n/statistics/*; do
			echo "${s##*/} $(cat "$s")"
		done > "$o/statistics"
	done
done
# a fixture tree of this guest when the host asked for one
[ -e /capture ] && /capture.sh $R/fixture
exit 0
