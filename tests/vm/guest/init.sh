#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the test guests: bring the virtio-net devices up, run the
# scenario, collect what vnetctl and the oracles say, send it to the host on
# the second serial port, power off.
export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin
export LD_LIBRARY_PATH=/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# module.param=value from the kernel command line, as modprobe would pass
# them (insmod does not read /proc/cmdline)
for m in $(cat /etc/vnet-modules); do
	params=
	for a in $(cat /proc/cmdline); do
		case $a in "$m".*=*) params="$params ${a#"$m".}" ;; esac
	done
	insmod "/lib/modules/$m.ko" $params || echo "vnet-init: insmod $m failed"
done
# fixed test addresses are usable at once, without duplicate address detection
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad
ip link set lo up
# wait (up to 60 s: a loaded host slows a TCG guest down) until every
# virtio-net device has an interface
i=0
while [ $i -lt 600 ]; do
	want=0
	have=0
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$d/device")" = 0x0001 ] || continue
		want=$((want + 1))
		[ -d "$d/net" ] && have=$((have + 1))
	done
	[ $have -ge $want ] && break
	usleep 100000
	i=$((i + 1))
done
for n in /sys/class/net/*; do
	n=${n##*/}
	[ "$n" = lo ] || ip link set "$n" up
done
R=/results
mkdir -p $R
check_step() { # NAME [check options]: what "vnetctl check" says at this step
	n=$1
	shift
	vnetctl -j check "$@" > $R/check-$n.json 2> $R/check-$n.json.err
	echo $? > $R/check-$n.json.rc
}
host_action() { # NAME: ask the host to run the scenario's host action NAME
	# (QMP: device_del, device_add...; see README.md).  The host cannot
	# answer: wait for the effect with wait_until.
	echo "VNET-HOST-ACTION $1" > /dev/ttyS1
}
wait_until() { # SECONDS 'CONDITION': until the shell CONDITION (evaluated
	# anew each time: quote it) holds; 1 if it never did
	n=$(($1 * 10))
	shift
	while ! eval "$*"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		usleep 100000
	done
}
send_file() { # NAME FILE: FILE to the host as one line on the results port
	# (vmlib._guest_file takes it, for a host action)
	echo "VNET-GUEST-FILE $1 $(base64 -w 0 "$2")" > /dev/ttyS1
}
# the scenario's own steps (traffic, reconfiguration)
. /scenario.sh
# the final state: the host reads QEMU's view of it now (vmlib._host_view_at_ready)
echo VNET-GUEST-READY > /dev/ttyS1
/collect.sh $R
{
	echo VNET-RESULTS-BEGIN
	cd $R && tar cf - . | base64
	echo VNET-RESULTS-END
} > /dev/ttyS1
sync
poweroff -f
