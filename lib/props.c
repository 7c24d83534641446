// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * props.c - the property registry: every setting a guest can change, its
 * range and what it needs; "get", plans ("set") and the guest part of the
 * check remedies
 *
 * The registry is the only place a range lives.  Facts used in messages:
 *  - queues: combined channels 1..max_virtqueue_pairs, needs MQ and CTRL_VQ
 *    (VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET goes over the control queue); QEMU
 *    raises the maximum with -netdev ...,queues=N and
 *    -device virtio-net-pci,mq=on,vectors=2N+2.
 *  - rings: resizing resets a queue, so Linux needs RING_RESET; a split
 *    ring's size is a power of two (virtio 1.2 2.7), a packed one's any
 *    number up to the device's 32768 at most.
 *  - mtu: virtio_net allows ETH_MIN_MTU 68 .. ETH_MAX_MTU 65535, capped by
 *    the device's host_mtu when VIRTIO_NET_F_MTU is negotiated.
 *  - offloads: netdev_fix_features() drops TSO without SG and without a
 *    checksum offload for the protocol, and GRO_HW without RXCSUM.
 *  - coalescing: NOTF_COAL (device wide) or VQ_NOTF_COAL (per queue);
 *    adaptive-rx (net_dim) only with VQ_NOTF_COAL.
 *  - mac: without CTRL_MAC_ADDR the device cannot learn a new address
 *    while the link runs, so the link must be down.
 *  - NetKVM (Windows, reference/netkvm.md 1.1, 1.2): a keyword lives in
 *    the adapter's driver key as REG_SZ decimal text, its metadata in the
 *    key's Ndi\Params; the driver reads it once, when the adapter starts,
 *    and keeps its compiled-in default for a value outside its own range
 *    (which may be narrower than the INF's, and whose default may differ).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "props.h"

enum pkind {
	P_QUEUES,
	P_RX_RING,
	P_TX_RING,
	P_MTU,
	P_LINK,
	P_MAC,
	P_OFFLOAD,
	P_COAL,
	P_IRQ,
	P_RPS,
	P_LOGGING,
	P_NETKVM,	/* a NetKVM name: converted to ->target */
	P_REFUSED,	/* no meaning here: ->why_not */
};

enum coal_member { C_RX_USECS, C_RX_FRAMES, C_TX_USECS, C_TX_FRAMES, C_ADAPTIVE_RX };

enum netkvm_conv {
	K_SAME,		/* the value as it is */
	K_JUMBO,	/* frame size: minus the 14-byte Ethernet header */
	K_CSUM,		/* checksum capability mask: 0 off, 27 and 31 on */
	K_LSO,		/* 0 off, 2 on */
	K_LEVEL,	/* 0 off, 1..8 on */
	K_BOOL01,	/* 0 off, 1 on */
	K_MAC,		/* 12 hex digits or the colon form */
};

struct prop {
	struct vnet_tunable_info info;	/* first: the public pointer is a struct prop */
	enum pkind kind;
	const char *const *features;	/* P_OFFLOAD: the kernel features it switches */
	unsigned int coal;		/* P_COAL */
	const char *target;		/* P_NETKVM: the Linux setting; NULL: none */
	enum netkvm_conv conv;		/* P_NETKVM */
	const char *why_not;		/* P_REFUSED; P_NETKVM without a target: why on Linux */
	/*
	 * P_NETKVM: the keyword as the INF spells it, and the driver's own
	 * fallback and accepted range (ParaNdis_Common.cpp defaultConfiguration):
	 * a value outside it is replaced by drv_def silently.  hidden: read by
	 * the driver but not in the INF (reference 1.3).
	 */
	const char *kw;
	int64_t drv_def, drv_min, drv_max;
	bool hidden;
	/* a Linux setting on a Windows (NetKVM) device: the keyword, or why none */
	const char *win_kw;
	const char *win_why;
};

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

#define WIN_NONE(why) .win_why = why
#define OFFLOAD(nm, al, help_, win, ...) \
	{ .info = { nm, al, VNET_TT_BOOL, "", 0, 1, L("on", "off"), NULL, help_ }, \
	  .kind = P_OFFLOAD, .features = L(__VA_ARGS__), win }
#define COAL(nm, m, unit_, help_) \
	{ .info = { nm, NULL, VNET_TT_INT, unit_, 0, UINT32_MAX, NULL, NULL, help_ }, \
	  .kind = P_COAL, .coal = m, WIN_NONE(NO_COAL) }
/*
 * One NetKVM keyword (reference/netkvm.md 1.2): the INF's type and allowed
 * values as ->info (type_, lo..hi or vals, inf_def), the driver's default and
 * range, and the Linux setting it becomes on a Linux device (tgt, cv; NULL
 * tgt: refused there with lwhy).
 */
#define NK(kw_, al, type_, lo, hi, vals, inf_def, ddef, dlo, dhi, tgt, cv, lwhy, help_) \
	{ .info = { kw_, al, type_, "", lo, hi, vals, inf_def, help_ }, .kind = P_NETKVM, \
	  .target = tgt, .conv = cv, .why_not = lwhy, .kw = kw_, .drv_def = ddef, \
	  .drv_min = dlo, .drv_max = dhi }
#define NK01(kw_, al, inf_def, ddef, lwhy, help_) \
	NK(kw_, al, VNET_TT_ENUM, 0, 0, L("0", "1"), inf_def, ddef, 0, 1, NULL, K_SAME, lwhy, \
	   help_)
/* in the driver, not in the INF (reference 1.3): Windows offers no setting for it */
#define HIDDEN(kw_, ddef, dlo, dhi, help_) \
	{ .info = { kw_, NULL, VNET_TT_INT, "", dlo, dhi, NULL, NULL, help_ }, \
	  .kind = P_NETKVM, .why_not = NO_LINUX_HIDDEN, .kw = kw_, .drv_def = ddef, \
	  .drv_min = dlo, .drv_max = dhi, .hidden = true }
#define REFUSED(nm, al, why, help_) \
	{ .info = { nm, al, VNET_TT_INT, "", 0, 0, NULL, NULL, help_ }, .kind = P_REFUSED, \
	  .why_not = why, WIN_NONE(why) }

#define NO_COAL "NetKVM has no interrupt coalescing setting (the host's event index decides)"
#define NO_PLACEMENT "Windows places the queues' interrupts itself: RSS (*RSS, " \
	"*NumRssQueues; Set-NetAdapterRss -BaseProcessorNumber) chooses the CPUs"
#define NO_LINUX_VLAN "no Linux meaning: 802.1p/Q tags are not a per-adapter switch on Linux " \
	"(virtio_net passes tags through); make a VLAN device (ip link add link DEV name " \
	"DEV.N type vlan id N) and map priorities with its egress-qos-map"
#define NO_LINUX_STD "no Linux meaning: a Windows offload state keyword (NDIS); on Linux " \
	"the offloads are tx, rx, tso, rx-gro-hw, tx-udp-segmentation"
#define NO_LINUX_DRV "no Linux meaning: a NetKVM driver internal; virtio_net has no such " \
	"setting"
#define NO_LINUX_HIDDEN "no Linux meaning; and on Windows not in the INF: the NetKVM driver " \
	"reads it but Windows offers no setting for it, and vnetctl writes only keywords the " \
	"adapter's Ndi\\Params declare"

#define CSUM_VALUES L("0", "1", "3", "27", "31")

static const struct prop props[] = {
	{ .info = { "queues", L("combined", "channels"), VNET_TT_INT, "queue pairs", 1, 32768,
		    NULL, NULL, "active queue pairs (ethtool -L combined)" }, .kind = P_QUEUES,
	  WIN_NONE("the queue count is not a NetKVM setting: the driver takes min((MSI-X "
		   "vectors - 1) / 2, the device's queue pairs, CPUs) (NetKvm_Config.NumOfQueues "
		   "shows it); *NumRssQueues caps the RSS queues; the host's -netdev ...,queues=N "
		   "and -device virtio-net-pci,mq=on,vectors=2N+2 raise it") },
	{ .info = { "rx-ring", L("rx-ring-size"), VNET_TT_INT, "descriptors", 1, 32768, NULL, NULL,
	    "receive ring size of every queue (ethtool -G rx)" }, .kind = P_RX_RING,
	  .win_kw = "RxCapacity" },
	{ .info = { "tx-ring", L("tx-ring-size"), VNET_TT_INT, "descriptors", 1, 32768, NULL, NULL,
	    "transmit ring size of every queue (ethtool -G tx)" }, .kind = P_TX_RING,
	  .win_kw = "TxCapacity" },
	{ .info = { "mtu", NULL, VNET_TT_INT, "bytes", 68, 65535, NULL, "1500",
	    "largest IP packet (ip link set mtu)" }, .kind = P_MTU, .win_kw = "*JumboPacket" },
	{ .info = { "link", L("state"), VNET_TT_ENUM, "", 0, 0, L("up", "down"), "up",
	    "administrative state (ip link set up|down)" }, .kind = P_LINK,
	  WIN_NONE("NetKVM has no administrative link switch: disable or enable the adapter "
		   "(Disable-NetAdapter)") },
	{ .info = { "mac", L("address"), VNET_TT_MAC, "", 0, 0, NULL, NULL,
	    "unicast MAC address (ip link set address)" }, .kind = P_MAC,
	  .win_kw = "NetworkAddress" },
	OFFLOAD("tx", L("tx-checksumming"), "transmit checksum offload", .win_kw =
		"OffLoad.TxChecksum",
		"tx-checksum-ip-generic", "tx-checksum-ipv4", "tx-checksum-ipv6"),
	OFFLOAD("rx", L("rx-checksumming", "rx-checksum"), "receive checksum offload",
		.win_kw = "OffLoad.RxCS", "rx-checksum"),
	OFFLOAD("sg", L("scatter-gather", "tx-scatter-gather"), "scatter-gather transmit",
		WIN_NONE("NetKVM always sends scatter-gather lists; there is no switch"),
		"tx-scatter-gather"),
	OFFLOAD("tso", L("tcp-segmentation-offload", "tx-tcp-segmentation",
			 "tx-tcp6-segmentation", "tx-tcp-ecn-segmentation",
			 "tx-tcp-mangleid-segmentation"),
		"TCP segmentation offload (IPv4 and IPv6)", .win_kw = "OffLoad.TxLSO",
		"tx-tcp-segmentation", "tx-tcp6-segmentation", "tx-tcp-ecn-segmentation",
		"tx-tcp-mangleid-segmentation"),
	OFFLOAD("gso", L("generic-segmentation-offload", "tx-generic-segmentation"),
		"generic segmentation offload (in software)",
		WIN_NONE("a Linux stack feature: Windows has no generic segmentation offload"),
		"tx-generic-segmentation"),
	OFFLOAD("gro", L("generic-receive-offload", "rx-gro"),
		"generic receive offload (in software)",
		WIN_NONE("a Linux stack feature: on Windows receive coalescing is RSC "
			 "(*RscIPv4, *RscIPv6)"), "rx-gro"),
	OFFLOAD("rx-gro-hw", NULL, "receive segment coalescing by the device (GUEST_TSO4/6)",
		WIN_NONE("NetKVM's receive segment coalescing is two keywords: *RscIPv4 and "
			 "*RscIPv6"), "rx-gro-hw"),
	OFFLOAD("lro", L("large-receive-offload", "rx-lro"), "large receive offload",
		WIN_NONE("Windows has no LRO: receive coalescing is RSC (*RscIPv4, *RscIPv6)"),
		"rx-lro"),
	OFFLOAD("rxhash", L("receive-hashing", "rx-hashing"), "receive hash from the device",
		WIN_NONE("NetKVM's receive hashing comes with RSS: *RSS"), "rx-hashing"),
	OFFLOAD("rxvlan", L("rx-vlan-offload", "rx-vlan-hw-parse"), "VLAN tag stripping",
		WIN_NONE("NetKVM's VLAN tag handling is *PriorityVLANTag (and Priority, VlanID)"),
		"rx-vlan-hw-parse"),
	OFFLOAD("txvlan", L("tx-vlan-offload", "tx-vlan-hw-insert"), "VLAN tag insertion",
		WIN_NONE("NetKVM's VLAN tag handling is *PriorityVLANTag (and Priority, VlanID)"),
		"tx-vlan-hw-insert"),
	OFFLOAD("ntuple", L("ntuple-filters", "rx-ntuple-filter"), "receive flow steering rules",
		WIN_NONE("NetKVM has no receive flow steering rules"), "rx-ntuple-filter"),
	OFFLOAD("tx-udp-segmentation", L("uso"), "UDP segmentation offload (HOST_USO)",
		WIN_NONE("NetKVM's UDP segmentation offload is two keywords: *UsoIPv4 and "
			 "*UsoIPv6"), "tx-udp-segmentation"),
	COAL("rx-usecs", C_RX_USECS, "us", "receive interrupt delay"),
	COAL("rx-frames", C_RX_FRAMES, "frames", "receive frames per interrupt"),
	COAL("tx-usecs", C_TX_USECS, "us", "transmit completion interrupt delay"),
	COAL("tx-frames", C_TX_FRAMES, "frames", "transmit completions per interrupt"),
	{ .info = { "adaptive-rx", NULL, VNET_TT_BOOL, "", 0, 1, L("on", "off"), "off",
	    "receive coalescing adapted to the load (net_dim)" },
	  .kind = P_COAL, .coal = C_ADAPTIVE_RX, WIN_NONE(NO_COAL) },
	{ .info = { "irq-affinity", L("affinity", "smp_affinity_list"), VNET_TT_CPULIST, "CPUs",
		    0, 0, L("spread"), NULL,
	    "CPUs of every active queue's vectors; spread: queue pair i on CPU i (XPS too)" },
	  .kind = P_IRQ, WIN_NONE(NO_PLACEMENT) },
	{ .info = { "rps", L("rps_cpus", "rps-cpus"), VNET_TT_CPULIST, "CPUs", 0, 0, L("off"),
		    "off", "receive packet steering CPUs of every active receive queue" },
	  .kind = P_RPS, WIN_NONE("RPS is Linux's software steering: on Windows RSS steers "
				  "(*RSS, *NumRssQueues)") },
	{ .info = { "logging", L("debug", "dyndbg"), VNET_TT_ENUM, "", 0, 0, L("off", "on"), "off",
	    "virtio_net, virtio_ring and virtio_pci debug messages (dynamic debug)" },
	  .kind = P_LOGGING, .win_kw = "DebugLevel" },
	REFUSED("msglvl", L("msglevel", "message-level"),
		"virtio_net does not implement get/set_msglevel (ethtool -s msglvl: Operation "
		"not supported): use logging=on (dynamic debug)",
		"netif message level"),
	/*
	 * NetKVM keywords (../shared/reference/netkvm.md 1.2, 1.3), named as the
	 * INF spells them, with the ParamDesc (the Advanced tab's and the seed's
	 * friendly name) as an alias.  Lookup is case-insensitive as the registry
	 * is: the INF says OffLoad.TxChecksum and VlanID, the driver asks for
	 * Offload.TxChecksum and VlanId.
	 */
	NK("Priority", L("Init.Do802.1PQ"), VNET_TT_ENUM, 0, 0, L("0", "1"), "1", 0, 0, 1,
	   NULL, K_SAME, NO_LINUX_VLAN,
	   "NetKVM 802.1p/Q support; 0 forces *PriorityVLANTag to 0"),
	NK("*PriorityVLANTag", L("Priority and VLAN tagging"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_VLAN,
	   "NetKVM tag handling: bit 0 priority, bit 1 VLAN (3 all, 0 none)"),
	NK("VlanID", L("VLan ID"), VNET_TT_INT, 0, 4094, NULL, "0", 0, 0, 4094, NULL, K_SAME,
	   NO_LINUX_VLAN, "NetKVM VLAN id; used only with Priority=1 and *PriorityVLANTag bit 1"),
	NK("DoLog", L("Logging.Enable"), VNET_TT_ENUM, 0, 0, L("0", "1"), "1", 1, 0, 1, "logging",
	   K_BOOL01, NULL, "NetKVM debug printing (only the non-WPP DPrintf path): logging"),
	/* ⚠ the INF says 0, the driver's own default is 2 */
	NK("DebugLevel", L("Logging.Level"), VNET_TT_INT, 0, 8, NULL, "0", 2, 0, 8, "logging",
	   K_LEVEL, NULL, "NetKVM debug level of every NetKVM adapter (live through WMI "
	   "NetKvm_Logging): 0 is logging=off, 1..8 logging=on"),
	/*
	 * The frame size including the 14-byte Ethernet header (the driver's
	 * nMaxDataSize = value - 14).  Not "Init.MTUSize": that ParamDesc (the
	 * seed's table, 500..65500, default 1500) belonged to the older drivers'
	 * keyword MTU, whose value was the MTU itself; aliasing it here would
	 * write an MTU where a frame size is read (14 bytes short).
	 */
	NK("*JumboPacket", L("Jumbo Packet", "JumboPacket"), VNET_TT_INT, 590, 65500, NULL, "1514",
	   1514, 590, 65500, "mtu", K_JUMBO, NULL,
	   "NetKVM frame size incl. the 14-byte header: mtu = value - 14; a host_mtu wins"),
	/*
	 * Its keyword is "MTU", which cannot be a name here ("mtu" is the
	 * shared setting): on a Windows device mtu writes MTU when the INF has
	 * no *JumboPacket.  The seed's range; the old driver's own is unknown.
	 */
	{ .info = { "Init.MTUSize", L("MTUSize"), VNET_TT_INT, "", 500, 65500, NULL, "1500",
		    "older NetKVM drivers' MTU (keyword MTU, 500..65500): mtu" },
	  .kind = P_NETKVM, .target = "mtu", .conv = K_SAME, .kw = "MTU", .drv_def = 1500,
	  .drv_min = 500, .drv_max = 65500 },
	NK("TxCapacity", L("Init.MaxTxBuffers"), VNET_TT_ENUM, 0, 0,
	   L("16", "32", "64", "128", "256", "512", "1024"), "1024", 1024, 16, 1024, "tx-ring",
	   K_SAME, NULL, "NetKVM transmit descriptors (at most the ring size): tx-ring"),
	/* ⚠ the INF says 1024, the driver's own default is 256 */
	NK("RxCapacity", L("Init.MaxRxBuffers"), VNET_TT_ENUM, 0, 0,
	   L("16", "32", "64", "128", "256", "512", "1024", "2048", "4096"), "1024", 256, 16,
	   4096, "rx-ring", K_SAME, NULL,
	   "NetKVM receive buffers per queue (at most the ring size): rx-ring"),
	NK01("SeparateTail", L("Init.SeparateRxTail"), "1", 1, NO_LINUX_DRV,
	     "NetKVM: receive data tail in a separate block"),
	NK01("FastInit", L("Fast Initialization"), "1", 1, NO_LINUX_DRV,
	     "NetKVM: start with 16 receive buffers a queue, allocate the rest later"),
	NK("NetworkAddress", L("Assign MAC", "AssignMAC"), VNET_TT_MAC, 0, 0, NULL, NULL, 0, 0, 0,
	   "mac", K_MAC, NULL, "NetKVM locally administered unicast MAC, 12 hex digits: mac"),
	/* ⚠ the three capability masks: the INF says all, the driver's own default is 0 */
	NK("OffLoad.TxChecksum", L("Offload.Tx.Checksum"), VNET_TT_ENUM, 0, 0, CSUM_VALUES, "31",
	   0, 0, 31, "tx", K_CSUM, NULL, "NetKVM transmit checksum capability mask (1 TCPv4, "
	   "2 UDPv4, 4 IPv4, 8 TCPv6, 16 UDPv6): 0 is tx=off, 27 and 31 are tx=on"),
	NK("OffLoad.TxLSO", L("Offload.Tx.LSO"), VNET_TT_ENUM, 0, 0, L("0", "1", "2"), "2", 0, 0,
	   2, "tso", K_LSO, NULL, "NetKVM large send offload (1 IPv4, 2 IPv4 and IPv6): 0 is "
	   "tso=off, 2 is tso=on"),
	NK("OffLoad.RxCS", L("Offload.Rx.Checksum"), VNET_TT_ENUM, 0, 0, CSUM_VALUES, "31", 0, 0,
	   31, "rx", K_CSUM, NULL, "NetKVM receive checksum capability mask: 0 is rx=off, 27 "
	   "and 31 are rx=on"),
	NK("*IPChecksumOffloadIPv4", L("IPv4 Checksum Offload"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_STD,
	   "initial IPv4 header checksum offload state: 3 Rx&Tx, 2 Rx, 1 Tx, 0 off"),
	NK("*TCPChecksumOffloadIPv4", L("TCP Checksum Offload (IPv4)"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_STD,
	   "initial TCP/IPv4 checksum offload state: 3 Rx&Tx, 2 Rx, 1 Tx, 0 off"),
	NK("*TCPChecksumOffloadIPv6", L("TCP Checksum Offload (IPv6)"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_STD,
	   "initial TCP/IPv6 checksum offload state: 3 Rx&Tx, 2 Rx, 1 Tx, 0 off"),
	NK("*UDPChecksumOffloadIPv4", L("UDP Checksum Offload (IPv4)"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_STD,
	   "initial UDP/IPv4 checksum offload state: 3 Rx&Tx, 2 Rx, 1 Tx, 0 off"),
	NK("*UDPChecksumOffloadIPv6", L("UDP Checksum Offload (IPv6)"), VNET_TT_ENUM, 0, 0,
	   L("0", "1", "2", "3"), "3", 3, 0, 3, NULL, K_SAME, NO_LINUX_STD,
	   "initial UDP/IPv6 checksum offload state: 3 Rx&Tx, 2 Rx, 1 Tx, 0 off"),
	NK01("*LsoV2IPv4", L("Large Send Offload V2 (IPv4)"), "1", 1, NO_LINUX_STD,
	     "initial LSOv2 IPv4 state (within OffLoad.TxLSO)"),
	NK01("*LsoV2IPv6", L("Large Send Offload V2 (IPv6)"), "1", 1, NO_LINUX_STD,
	     "initial LSOv2 IPv6 state (within OffLoad.TxLSO)"),
	NK("MinRxBufferPercent", NULL, VNET_TT_INT, 0, 100, NULL, "0", 0, 0, 100, NULL, K_SAME,
	   NO_LINUX_DRV, "NetKVM receive low-water mark in percent of the buffers (below it "
	   "packets are indicated with the resources flag)"),
	NK01("MergeableBuffers", L("Mergeable Rx Buffers"), "0", 0,
	     "no Linux setting: virtio_net always uses MRG_RXBUF when the host offers it "
	     "(QEMU: mrg_rxbuf=off withdraws it)",
	     "NetKVM: negotiate MRG_RXBUF (mergeable receive buffers)"),
	NK01("*RSS", L("Receive Side Scaling"), "1", 1, "no Linux switch: virtio_net uses RSS "
	     "when the device offers VIRTIO_NET_F_RSS (ethtool -X configures it)",
	     "NetKVM receive side scaling"),
	NK("*NumRssQueues", L("Maximum Number of RSS Queues"), VNET_TT_INT, 1, 32, NULL, "16", 16,
	   1, 32, NULL, K_SAME, "no Linux meaning: the queue count is queues (ethtool -L)",
	   "RSS queues NetKVM reports to NDIS (not the virtqueue count)"),
	NK01("*RscIPv4", L("Recv Segment Coalescing (IPv4)"), "1", 1,
	     "on Linux receive segment coalescing is rx-gro-hw (IPv4 and IPv6 together)",
	     "NetKVM RSC for IPv4 (needs the host's GUEST_TSO4)"),
	NK01("*RscIPv6", L("Recv Segment Coalescing (IPv6)"), "1", 1,
	     "on Linux receive segment coalescing is rx-gro-hw (IPv4 and IPv6 together)",
	     "NetKVM RSC for IPv6 (needs the host's GUEST_TSO6)"),
	NK01("*UsoIPv4", L("UDP Segmentation Offload (IPv4)"), "1", 1,
	     "on Linux UDP segmentation offload is tx-udp-segmentation (IPv4 and IPv6 together)",
	     "NetKVM USO for IPv4 (NDIS 6.83 builds)"),
	NK01("*UsoIPv6", L("UDP Segmentation Offload (IPv6)"), "1", 1,
	     "on Linux UDP segmentation offload is tx-udp-segmentation (IPv4 and IPv6 together)",
	     "NetKVM USO for IPv6 (NDIS 6.83 builds)"),
	/* ⚠ the INF (netkvmpoll.inx only) says 1, the driver's own default is 0 */
	NK("*NdisPoll", L("Ndis Poll Mode"), VNET_TT_ENUM, 0, 0, L("0", "1"), "1", 0, 0, 1, NULL,
	   K_SAME, "no Linux meaning: an NDIS 6.89 (Windows Server 2025) poll mode; Linux "
	   "always polls with NAPI", "NDIS poll mode (Win11 x64/ARM64 builds; with RSS on)"),
	HIDDEN("*PhysicalMediaType", 0, 0, 255, "NDIS physical medium (the INF sets 0)"),
	HIDDEN("NumberOfHandledRXPacketsInDPC", 1000, 1, 10000,
	       "NetKVM receive packets handled per DPC pass"),
	HIDDEN("*LsoV1IPv4", 1, 0, 1, "NetKVM initial LSOv1 state"),
	/*
	 * The seed's Logging.Statistics(sec) is not among the keywords the
	 * current driver reads (ReadNicConfiguration, reference 1.2/1.3).
	 */
	REFUSED("Logging.Statistics(sec)", L("Logging.Statistics"),
		"no Linux meaning, and the current NetKVM driver does not read it (only older "
		"drivers printed statistics periodically): read the counters with vnetctl "
		"stats -i SECONDS (Linux: ethtool -S; Windows: NetKvm_Diag through WMI)",
		"NetKVM statistics print period (older drivers)"),
};

VNET_EXPORT const struct vnet_tunable_info *vnet_tunable_at(size_t index)
{
	return index < ARRAY_SIZE(props) ? &props[index].info : NULL;
}

static const struct prop *prop_of(const struct vnet_tunable_info *t)
{
	return (const struct prop *)t;
}

static const struct prop *prop_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(props); i++)
		if (!strcmp(props[i].info.name, name))
			return &props[i];
	return NULL;
}

VNET_EXPORT const struct vnet_tunable_info *vnet_tunable_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
		const struct vnet_tunable_info *t = &props[i].info;

		if (!strcasecmp(t->name, name))
			return t;
		for (size_t k = 0; t->aliases && t->aliases[k]; k++)
			if (!strcasecmp(t->aliases[k], name))
				return t;
	}
	return NULL;
}

bool vnet_tunable_netkvm(const struct vnet_tunable_info *t, struct vnet_netkvm_keyword *out)
{
	const struct prop *p = t ? prop_of(t) : NULL;

	if (!p || p->kind != P_NETKVM)
		return false;
	*out = (struct vnet_netkvm_keyword){ .keyword = p->kw, .drv_def = p->drv_def,
					     .drv_min = p->drv_min, .drv_max = p->drv_max,
					     .in_inf = !p->hidden,
					     .numeric = p->info.type != VNET_TT_MAC };
	return true;
}

VNET_EXPORT const char *vnet_tunable_why_not(const struct vnet_tunable_info *t)
{
	const struct prop *p = t ? prop_of(t) : NULL;

	/* a NetKVM keyword without a Linux setting: its Linux reason */
	return p && (p->kind == P_REFUSED || (p->kind == P_NETKVM && !p->target)) ? p->why_not :
									      NULL;
}

/* ---- reading values from the model ---------------------------------------------- */

static bool negotiated(const struct vnet_dev *dev, unsigned int bit)
{
	return vnet_dev_has_feature(dev, bit) == VNET_TRI_YES;
}

/*
 * "RING_RESET is not negotiated: ring sizes cannot change (QEMU: queue_reset=on)";
 * @how overrides the feature table's QEMU property.
 */
static void missing_bit(char *buf, size_t len, unsigned int bit, const char *what,
			const char *how)
{
	const struct vnet_feature_info *fi = vnet_feature_entry(bit);

	if (how)
		snprintf(buf, len, "%s is not negotiated: %s (%s)", fi->name, what, how);
	else if (fi->qemu_property && fi->withdrawn_by)
		snprintf(buf, len, "%s is not negotiated: %s (QEMU: %s=on; %s withdraws it)",
			 fi->name, what, fi->qemu_property, fi->withdrawn_by);
	else if (fi->qemu_property)
		snprintf(buf, len, "%s is not negotiated: %s (QEMU: %s=on)", fi->name, what,
			 fi->qemu_property);
	else
		snprintf(buf, len, "%s is not negotiated: %s (QEMU's virtio-net-pci has no "
			 "property for it; vDPA devices may offer it)", fi->name, what);
}

static const struct vnet_offload *offload_find(const struct vnet_dev *dev, const char *name)
{
	for (unsigned int i = 0; i < dev->n_offloads; i++)
		if (!strcmp(dev->offloads[i].name, name))
			return &dev->offloads[i];
	return NULL;
}

/* on/off when every feature of the group the device has agrees; "" otherwise */
static const char *offload_value(const struct vnet_dev *dev, const struct prop *p)
{
	int on = 0, off = 0;

	for (size_t i = 0; p->features[i]; i++) {
		const struct vnet_offload *o = offload_find(dev, p->features[i]);

		if (o && o->active)
			on++;
		else if (o)
			off++;
	}
	if (on && !off)
		return "on";
	if (off && !on)
		return "off";
	return on ? "mixed" : "";
}

static uint32_t coal_get(const struct vnet_coalesce *c, unsigned int m)
{
	switch (m) {
	case C_RX_USECS:
		return c->rx_usecs;
	case C_RX_FRAMES:
		return c->rx_frames;
	case C_TX_USECS:
		return c->tx_usecs;
	case C_TX_FRAMES:
		return c->tx_frames;
	}
	return VNET_UNKNOWN;
}

static void coal_set(struct vnet_coalesce *c, unsigned int m, uint32_t v)
{
	switch (m) {
	case C_RX_USECS:
		c->rx_usecs = v;
		break;
	case C_RX_FRAMES:
		c->rx_frames = v;
		break;
	case C_TX_USECS:
		c->tx_usecs = v;
		break;
	case C_TX_FRAMES:
		c->tx_frames = v;
		break;
	case C_ADAPTIVE_RX:
		c->adaptive_rx = v ? VNET_TRI_YES : VNET_TRI_NO;
		break;
	}
}

static bool cpus_of(const char *list, struct vnet_cpuset *s)
{
	return *list && !vnet_cpulist_parse(list, s);
}

/* Active queues' vectors: one list for all, "spread", or "per-queue". */
static void irq_value(const struct vnet_dev *dev, char *buf, size_t len)
{
	struct vnet_cpuset first, s;
	bool same = true, spread = true, any = false;
	unsigned int n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		const struct vnet_queue *q = &dev->queues[i];
		const struct vnet_irq *irq[2] = { &q->rx_irq, &q->tx_irq };

		if (!q->active)
			continue;
		for (int k = 0; k < 2; k++) {
			if (irq[k]->irq == VNET_UNKNOWN)
				continue;
			if (!cpus_of(irq[k]->affinity, &s))
				return;
			if (!any)
				first = s;
			any = true;
			same = same && vnet_cpuset_equal(&first, &s);
			spread = spread && vnet_cpuset_highest(&s) == (int)n && s.bits[0] ==
				 (n < 64 ? 1ull << n : 0);
		}
		n++;
	}
	if (!any)
		return;
	if (spread && n > 1)
		snprintf(buf, len, "spread");
	else if (same)
		vnet_cpulist_format(&first, buf, len);
	else
		snprintf(buf, len, "per-queue");
}

/* Active receive queues' RPS CPUs: "off", one list, or "per-queue". */
static void rps_value(const struct vnet_dev *dev, char *buf, size_t len)
{
	struct vnet_cpuset first, s;
	bool any = false;

	buf[0] = '\0';
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		if (!dev->queues[i].active)
			continue;
		if (vnet_cpumask_parse(dev->queues[i].rps_cpus, &s)) {
			buf[0] = '\0';
			return;
		}
		if (any && !vnet_cpuset_equal(&first, &s)) {
			snprintf(buf, len, "per-queue");
			return;
		}
		first = s;
		any = true;
	}
	if (!any)
		return;
	if (vnet_cpuset_empty(&first))
		snprintf(buf, len, "off");
	else
		vnet_cpulist_format(&first, buf, len);
}

static int logging_value(struct vnet_ctx *ctx, const struct vnet_dev *dev, char *buf, size_t len,
			 char *why, size_t wlen)
{
	int err;

	buf[0] = '\0';
	if (!ctx->ops->read_setting) {
		snprintf(why, wlen, "the %s backend cannot read debug settings", ctx->ops->name);
		return -EOPNOTSUPP;
	}
	err = ctx->ops->read_setting(ctx, dev, "logging", buf, len);
	if (err) {
		snprintf(why, wlen, "%s", vnet_ctx_error(ctx));
		buf[0] = '\0';
	}
	vnet_clear_error(ctx);
	return err;
}

static void fmt_u32(char *buf, size_t len, uint32_t v)
{
	if (v == VNET_UNKNOWN)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%" PRIu32, v);
}

/* The group a setting is read from, for "cannot read" reasons. */
static unsigned int group_of(const struct prop *p)
{
	switch (p->kind) {
	case P_QUEUES:
		return VNET_FILL_CHANNELS;
	case P_RX_RING:
	case P_TX_RING:
		return VNET_FILL_RINGS;
	case P_MTU:
	case P_LINK:
	case P_MAC:
		return VNET_FILL_LINK;
	case P_OFFLOAD:
		return VNET_FILL_OFFLOADS;
	case P_COAL:
		return VNET_FILL_COALESCE;
	case P_IRQ:
		return VNET_FILL_IRQS;
	case P_RPS:
		return VNET_FILL_QUEUES;
	default:
		return 0;
	}
}

/* Current value of a Linux setting as text, "" when unknown. */
static void current_value(const struct vnet_dev *dev, const struct prop *p, char *buf, size_t len)
{
	unsigned int g = group_of(p);

	buf[0] = '\0';
	if (g && !(dev->filled & g))
		return;
	switch (p->kind) {
	case P_QUEUES:
		fmt_u32(buf, len, dev->channels.combined);
		break;
	case P_RX_RING:
		fmt_u32(buf, len, dev->rings.rx);
		break;
	case P_TX_RING:
		fmt_u32(buf, len, dev->rings.tx);
		break;
	case P_MTU:
		fmt_u32(buf, len, dev->mtu.current);
		break;
	case P_LINK:
		if (dev->link.admin_up != VNET_TRI_UNKNOWN)
			snprintf(buf, len, "%s",
				 dev->link.admin_up == VNET_TRI_YES ? "up" : "down");
		break;
	case P_MAC:
		snprintf(buf, len, "%s", dev->link.mac);
		break;
	case P_OFFLOAD:
		snprintf(buf, len, "%s", offload_value(dev, p));
		break;
	case P_COAL:
		if (p->coal == C_ADAPTIVE_RX) {
			if (dev->coalesce.adaptive_rx != VNET_TRI_UNKNOWN)
				snprintf(buf, len, "%s", dev->coalesce.adaptive_rx == VNET_TRI_YES ?
					 "on" : "off");
		} else {
			fmt_u32(buf, len, coal_get(&dev->coalesce, p->coal));
		}
		break;
	case P_IRQ:
		irq_value(dev, buf, len);
		break;
	case P_RPS:
		rps_value(dev, buf, len);
		break;
	default:
		break;
	}
}

/* ---- what the device allows ------------------------------------------------------ */

#define WHY 320

static const char QUEUES_HOW[] =
	"QEMU -netdev ...,queues=N and -device virtio-net-pci,mq=on,vectors=2N+2 raise it";

/*
 * Why @p cannot change on @dev at all (a missing bit, an unreadable group),
 * into @why; "" when it can.  @range receives what the device allows.
 */
static void device_limits(struct vnet_ctx *ctx, const struct vnet_dev *dev, const struct prop *p,
			  char *range, size_t rlen, char *why, size_t wlen)
{
	unsigned int g = group_of(p);

	why[0] = '\0';
	range[0] = '\0';
	if (g && !(dev->filled & g)) {
		const char *e = vnet_dev_fill_error(dev, g);

		snprintf(why, wlen, "its current value is unknown (%s: %s)", vnet_fill_name(g),
			 e && *e ? e : "not read");
		return;
	}
	switch (p->kind) {
	case P_QUEUES:
		if (dev->channels.max_combined != VNET_UNKNOWN)
			snprintf(range, rlen, "1..%" PRIu32, dev->channels.max_combined);
		if (!negotiated(dev, VNET_F_MQ))
			missing_bit(why, wlen, VNET_F_MQ, "the device has one queue pair",
				    QUEUES_HOW);
		else if (!negotiated(dev, VNET_F_CTRL_VQ))
			missing_bit(why, wlen, VNET_F_CTRL_VQ, "the queue count is set over the "
				    "control queue", NULL);
		break;
	case P_RX_RING:
	case P_TX_RING: {
		uint32_t max = p->kind == P_RX_RING ? dev->rings.rx_max : dev->rings.tx_max;

		if (max != VNET_UNKNOWN)
			snprintf(range, rlen, negotiated(dev, VNET_F_RING_PACKED) ?
				 "1..%" PRIu32 : "powers of two 1..%" PRIu32, max);
		if (!negotiated(dev, VNET_F_RING_RESET))
			missing_bit(why, wlen, VNET_F_RING_RESET, "ring sizes cannot change", NULL);
		break;
	}
	case P_MTU:
		snprintf(range, rlen, "%" PRIu32 "..%" PRIu32,
			 dev->mtu.min != VNET_UNKNOWN ? dev->mtu.min : (uint32_t)p->info.min,
			 dev->mtu.max != VNET_UNKNOWN ? dev->mtu.max : (uint32_t)p->info.max);
		break;
	case P_LINK:
		snprintf(range, rlen, "up|down");
		break;
	case P_MAC:
		snprintf(range, rlen, "unicast xx:xx:xx:xx:xx:xx");
		break;
	case P_OFFLOAD: {
		bool any = false, changeable = false;

		for (size_t i = 0; p->features[i]; i++) {
			const struct vnet_offload *o = offload_find(dev, p->features[i]);

			any = any || o;
			changeable = changeable || (o && !o->fixed);
		}
		snprintf(range, rlen, "on|off");
		if (!any)
			snprintf(why, wlen, "the driver does not have %s", p->features[0]);
		else if (!changeable)
			snprintf(why, wlen, "%s is fixed on this device", p->features[0]);
		break;
	}
	case P_COAL:
		if (p->coal == C_ADAPTIVE_RX) {
			snprintf(range, rlen, "on|off");
			if (!negotiated(dev, VNET_F_VQ_NOTF_COAL))
				missing_bit(why, wlen, VNET_F_VQ_NOTF_COAL, "adaptive coalescing "
					    "needs per-queue coalescing", NULL);
		} else {
			snprintf(range, rlen, "0..%" PRIu32, UINT32_MAX);
			if (!negotiated(dev, VNET_F_NOTF_COAL) &&
			    !negotiated(dev, VNET_F_VQ_NOTF_COAL))
				missing_bit(why, wlen, VNET_F_NOTF_COAL, "the device cannot "
					    "coalesce notifications (nor VQ_NOTF_COAL)", NULL);
		}
		break;
	case P_IRQ: {
		struct vnet_system sys;
		uint32_t ncpu = VNET_UNKNOWN;

		if (!vnet_system_read(ctx, &sys))
			ncpu = sys.online_cpus;
		vnet_clear_error(ctx);
		if (ncpu != VNET_UNKNOWN && ncpu)
			snprintf(range, rlen, "spread or CPUs 0-%" PRIu32, ncpu - 1);
		else
			snprintf(range, rlen, "spread or a CPU list");
		if (dev->irqs.mode != VNET_IRQ_MSIX_PER_QUEUE)
			snprintf(why, wlen, "the queues have no vectors of their own (interrupts "
				 "are %s): per-queue placement needs MSI-X (QEMU: vectors=2N+2)",
				 vnet_irq_mode_name(dev->irqs.mode));
		break;
	}
	case P_RPS:
		snprintf(range, rlen, "off or a CPU list");
		if (dev->n_queues && !*dev->queues[0].rps_cpus)
			snprintf(why, wlen, "queues/rx-0/rps_cpus is not readable (a kernel "
				 "without CONFIG_RPS?)");
		break;
	case P_LOGGING: {
		char v[16];

		snprintf(range, rlen, "off|on");
		logging_value(ctx, dev, v, sizeof(v), why, wlen);
		break;
	}
	case P_REFUSED:
		snprintf(why, wlen, "%s", p->why_not);
		break;
	case P_NETKVM:
		break;
	}
}

/* ---- vnet_get() ------------------------------------------------------------------- */

VNET_EXPORT void vnet_tunable_states_free(struct vnet_tunable_states *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		if (!s->items[i])
			continue;
		free((char *)s->items[i]->value);
		free((char *)s->items[i]->range);
		free((char *)s->items[i]->why_not);
		free(s->items[i]);
	}
	free(s->items);
	free(s);
}

/* Groups a plan or a get needs read. */
#define TUNING_GROUPS (VNET_FILL_FEATURES | VNET_FILL_LINK | VNET_FILL_CHANNELS | \
		       VNET_FILL_RINGS | VNET_FILL_OFFLOADS | VNET_FILL_COALESCE | \
		       VNET_FILL_IRQS | VNET_FILL_QUEUES)

static int writable(struct vnet_ctx *ctx, const struct vnet_dev *dev, char *why, size_t len)
{
	int err = 0;

	if (!ctx->ops->apply) {
		snprintf(why, len, "the %s backend is read-only", ctx->ops->name);
		return -EROFS;
	}
	if (ctx->ops->writable && (err = ctx->ops->writable(ctx, dev)))
		snprintf(why, len, "%s", vnet_ctx_error(ctx));
	vnet_clear_error(ctx);
	return err;
}

static bool on_windows(const struct vnet_dev *dev);
static const char *netkvm_unread(const struct vnet_dev *dev);
static int win_state(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct prop *p,
		     const char *ro, struct vnet_tunable_state *st);
static bool win_listed(const struct vnet_dev *dev, const struct prop *p);

static int state_of(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct prop *p,
		    const char *ro, struct vnet_tunable_state **out)
{
	struct vnet_tunable_state *st = calloc(1, sizeof(*st));
	char value[128] = "", range[160], why[WHY];
	const struct prop *lp = p;

	if (!st)
		return vnet_oom(ctx);
	st->info = &p->info;
	*out = st;
	if (on_windows(dev) || netkvm_unread(dev))
		return win_state(ctx, dev, p, ro, st);
	if (p->kind == P_NETKVM && !p->target) {
		/* a NetKVM keyword with no Linux setting */
		st->value = strdup("");
		st->range = strdup("");
		st->why_not = strdup(p->why_not);
		return st->value && st->range && st->why_not ? 0 : vnet_oom(ctx);
	}
	if (p->kind == P_NETKVM)
		lp = prop_named(p->target);
	device_limits(ctx, dev, lp, range, sizeof(range), why, sizeof(why));
	if (lp->kind == P_LOGGING)
		logging_value(ctx, dev, value, sizeof(value), why + strlen(why),
			      *why ? 0 : sizeof(why));
	else
		current_value(dev, lp, value, sizeof(value));
	if (p->kind == P_NETKVM) {
		/* in the Linux setting's terms: the NetKVM value has no one reading */
		size_t len = strlen(range);

		snprintf(range + len, sizeof(range) - len, " (as %s)", lp->info.name);
	}
	if (!*why && ro && p->kind != P_REFUSED)
		snprintf(why, sizeof(why), "%s", ro);
	st->settable = !*why;
	st->value = strdup(value);
	st->range = strdup(range);
	st->why_not = strdup(why);
	if (!st->value || !st->range || !st->why_not)
		return vnet_oom(ctx);
	return 0;
}

VNET_EXPORT int vnet_get(struct vnet_ctx *ctx, struct vnet_dev *dev, const char *const *names,
			 size_t n, struct vnet_tunable_states **out)
{
	struct vnet_tunable_states *s;
	char ro[WHY];
	size_t count = names ? n : ARRAY_SIZE(props);
	int err;

	*out = NULL;
	for (size_t i = 0; names && i < n; i++)
		if (!vnet_tunable_lookup(names[i]))
			return vnet_set_error(ctx, -ENOENT, "%s: no such setting", names[i]);
	err = vnet_dev_fill(ctx, dev, TUNING_GROUPS);
	if (err)
		return err;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->items = calloc(count ? count : 1, sizeof(*s->items)))) {
		free(s);
		return vnet_oom(ctx);
	}
	if (!writable(ctx, dev, ro, sizeof(ro)))
		ro[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const struct prop *p = names ? prop_of(vnet_tunable_lookup(names[i])) : &props[i];

		/* every setting on Windows: the ones with a meaning there */
		if (!names && on_windows(dev) && !win_listed(dev, p))
			continue;
		err = state_of(ctx, dev, p, *ro ? ro : NULL, &s->items[s->n]);
		if (s->items[s->n])
			s->n++;
		if (err) {
			vnet_tunable_states_free(s);
			return err;
		}
	}
	vnet_clear_error(ctx);
	*out = s;
	return 0;
}

/* ---- plans ------------------------------------------------------------------------- */

/* What one Linux setting becomes. */
struct target {
	const struct prop *p;
	const char *given;		/* points into the change */
	char value[72];			/* normalised */
	bool asked, implied;
	size_t change;			/* index in plan->changes */
};

struct vnet_plan {
	struct vnet_ctx *ctx;
	struct vnet_dev *dev;
	size_t n;
	struct vnet_change *changes;
	struct target *targets;		/* one per registry entry, by index */
	/* the machine is read once per plan: it carries the VMM's evidence too */
	bool system_read;
	uint32_t online_cpus;		/* VNET_UNKNOWN */
	bool restart;			/* NetKVM: restart the adapter after the writes */
	bool applied;			/* vnet_plan_apply() made every change */
	bool live_level;		/* NetKVM DebugLevel set through WMI too */
	char reboot[160];		/* NetKVM: why the restart waits for a reboot; "" */
};

/* Online CPUs, read at the first setting of the plan that needs them. */
static uint32_t plan_online_cpus(struct vnet_plan *plan)
{
	struct vnet_system sys;

	if (!plan->system_read) {
		plan->online_cpus = vnet_system_read(plan->ctx, &sys) ? VNET_UNKNOWN :
				    sys.online_cpus;
		vnet_clear_error(plan->ctx);
		plan->system_read = true;
	}
	return plan->online_cpus;
}

VNET_EXPORT size_t vnet_plan_size(const struct vnet_plan *plan)
{
	return plan ? plan->n : 0;
}

VNET_EXPORT const struct vnet_change *vnet_plan_change(const struct vnet_plan *plan, size_t i)
{
	return plan && i < plan->n ? &plan->changes[i] : NULL;
}

VNET_EXPORT void vnet_plan_free(struct vnet_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n; i++) {
		free((char *)plan->changes[i].given);
		free((char *)plan->changes[i].old_value);
		free((char *)plan->changes[i].new_value);
		free((char *)plan->changes[i].note);
	}
	free(plan->changes);
	free(plan->targets);
	free(plan);
}

static size_t index_of(const struct prop *p)
{
	return p - props;
}

/* -EINVAL: "@given: <why>" */
__attribute__((format(printf, 3, 4)))
static int bad(struct vnet_ctx *ctx, const char *given, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vnet_set_error(ctx, -EINVAL, "%s: %s", given, msg);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
						    tolower((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(prev));
	}
	return prev[lb];
}

static int unknown_setting(struct vnet_ctx *ctx, const char *name)
{
	const char *best = NULL;
	size_t bestd = 99;

	for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
		const struct vnet_tunable_info *t = &props[i].info;
		size_t d = edit_distance(name, t->name);

		if (d < bestd) {
			bestd = d;
			best = t->name;
		}
		for (size_t k = 0; t->aliases && t->aliases[k]; k++) {
			d = edit_distance(name, t->aliases[k]);
			if (d < bestd) {
				bestd = d;
				best = t->aliases[k];
			}
		}
	}
	if (best && bestd <= 3)
		return vnet_set_error(ctx, -EINVAL, "%s: no such setting (did you mean %s?)", name,
				      best);
	return vnet_set_error(ctx, -EINVAL, "%s: no such setting (vnetctl get DEV lists them)",
			      name);
}

/*
 * A kernel feature of the device that no setting switches on its own: say
 * what it is rather than "no such setting".  0 when @name is not one.
 */
static int unknown_feature(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *given,
			   const char *name)
{
	for (unsigned int i = 0; dev->filled & VNET_FILL_OFFLOADS && i < dev->n_offloads; i++) {
		const struct vnet_offload *o = &dev->offloads[i];

		if (strcmp(o->name, name))
			continue;
		if (o->fixed)
			return bad(ctx, given, "%s is fixed on this device (it stays %s)", name,
				   o->active ? "on" : "off");
		return bad(ctx, given, "%s is a kernel feature that no vnetctl setting switches "
			   "alone; ethtool -K %s %s on|off does", name, *dev->ifname ?
			   dev->ifname : "DEV", name);
	}
	return 0;
}

static int parse_int(const char *v, int64_t *out)
{
	char *end;
	long long x;

	if (!*v || (!isdigit((unsigned char)*v) && *v != '-'))
		return -EINVAL;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = x;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "1", "true", "yes", "enabled", NULL };
	static const char *const no[] = { "off", "0", "false", "no", "disabled", NULL };

	for (size_t i = 0; yes[i]; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* "52:54:00:12:34:56", "52-54-00-12-34-56" or "525400123456" */
static int parse_mac(const char *v, uint8_t mac[6])
{
	size_t len = strlen(v);

	if (len == 12) {
		for (int i = 0; i < 12; i++)
			if (!isxdigit((unsigned char)v[i]))
				return -EINVAL;
		for (int i = 0; i < 6; i++) {
			char h[3] = { v[2 * i], v[2 * i + 1], 0 };

			mac[i] = strtoul(h, NULL, 16);
		}
		return 0;
	}
	if (len != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		const char *q = v + 3 * i;
		char h[3] = { q[0], q[1], 0 };

		if (!isxdigit((unsigned char)q[0]) || !isxdigit((unsigned char)q[1]) ||
		    (i < 5 && q[2] != ':' && q[2] != '-') || (i > 0 && q[-1] != v[2]))
			return -EINVAL;
		mac[i] = strtoul(h, NULL, 16);
	}
	return 0;
}

static bool in_values(const struct vnet_tunable_info *t, const char *v)
{
	for (size_t i = 0; t->values && t->values[i]; i++)
		if (!strcasecmp(t->values[i], v))
			return true;
	return false;
}

static void values_text(const struct vnet_tunable_info *t, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; t->values && t->values[i] && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "|" : "", t->values[i]);
}

/*
 * A NetKVM value in its own terms (type, allowed values), then in the
 * Linux setting's: @out receives the Linux value.
 */
static int netkvm_convert(struct vnet_ctx *ctx, const struct prop *p, const char *given,
			  const char *v, char *out, size_t len)
{
	const struct vnet_tunable_info *t = &p->info;
	char vals[160];
	int64_t x = 0;
	uint8_t mac[6];

	values_text(t, vals, sizeof(vals));
	switch (t->type) {
	case VNET_TT_INT:
		if (parse_int(v, &x))
			return bad(ctx, given, "not a number: %s takes an integer %" PRId64
				   "..%" PRId64, t->name, t->min, t->max);
		if (x < t->min || x > t->max)
			return bad(ctx, given, "out of range %" PRId64 "..%" PRId64
				   " (NetKVM's %s)", t->min, t->max, t->name);
		break;
	case VNET_TT_ENUM:
		if (!in_values(t, v))
			return bad(ctx, given, "not one of %s (NetKVM's %s)", vals, t->name);
		x = strtoll(v, NULL, 10);
		break;
	case VNET_TT_MAC:
		if (parse_mac(v, mac))
			return bad(ctx, given, "not a MAC address: 12 hex digits (NetKVM) or "
				   "xx:xx:xx:xx:xx:xx");
		break;
	default:
		break;
	}
	switch (p->conv) {
	case K_SAME:
		snprintf(out, len, "%" PRId64, x);
		break;
	case K_JUMBO:
		snprintf(out, len, "%" PRId64, x - 14);
		break;
	case K_CSUM:
		/* 1 TCPv4, 2 UDPv4, 4 IPv4 header, 8 TCPv6, 16 UDPv6 */
		if (x == 1 || x == 3)
			return bad(ctx, given, "Linux has no IPv4-only checksum offload: %s covers "
				   "TCP and UDP over IPv4 and IPv6 together (use 0 or 27/31)",
				   p->target);
		snprintf(out, len, "%s", x ? "on" : "off");
		break;
	case K_LSO:
		if (x == 1)
			return bad(ctx, given, "Linux has no IPv4-only switch here: tso covers "
				   "IPv4 and IPv6 (use 0 or 2)");
		snprintf(out, len, "%s", x ? "on" : "off");
		break;
	case K_LEVEL:
	case K_BOOL01:
		snprintf(out, len, "%s", x ? "on" : "off");
		break;
	case K_MAC: {
		char text[18];

		vnet_mac_format(mac, text);
		snprintf(out, len, "%s", text);
		break;
	}
	}
	return 0;
}

/*
 * Validate @v for Linux setting @p on @dev: @norm receives the normalised
 * value, @note a warning.  Messages start with @given.
 */
/*
 * A CPU list names online CPUs only; @keyword ("spread", "off") is no list,
 * and "spread" needs the CPU count.
 */
static int cpus_online(struct vnet_plan *plan, const char *given, const char *norm,
		       const char *keyword)
{
	struct vnet_ctx *ctx = plan->ctx;
	uint32_t online = plan_online_cpus(plan);
	struct vnet_cpuset s;

	if (!strcmp(norm, keyword)) {
		if (!strcmp(keyword, "spread") && (online == VNET_UNKNOWN || !online))
			return bad(ctx, given, "the number of online CPUs is unknown");
		return 0;
	}
	vnet_cpulist_parse(norm, &s);
	if (online != VNET_UNKNOWN && vnet_cpuset_highest(&s) >= (int)online)
		return bad(ctx, given, "CPU %d is not online (CPUs 0-%" PRIu32 ")",
			   vnet_cpuset_highest(&s), online - 1);
	return 0;
}

static int validate(struct vnet_plan *plan, const struct prop *p, const char *given,
		    const char *v, char *norm, size_t nlen, char *note, size_t notelen)
{
	struct vnet_ctx *ctx = plan->ctx;
	struct vnet_dev *dev = plan->dev;
	const struct vnet_tunable_info *t = &p->info;
	char cur[128], range[128], why[WHY], vals[64];
	int64_t x = 0;
	bool b;

	current_value(dev, p, cur, sizeof(cur));
	values_text(t, vals, sizeof(vals));
	/* the type first: a malformed value is wrong on every device */
	switch (t->type) {
	case VNET_TT_INT:
		if (parse_int(v, &x))
			return bad(ctx, given, "not a number: %s takes an integer (%s)", t->name,
				   t->unit);
		if (x < t->min || x > t->max)
			return bad(ctx, given, "out of range %" PRId64 "..%" PRId64 " (%s)", t->min,
				   t->max, t->help);
		snprintf(norm, nlen, "%" PRId64, x);
		break;
	case VNET_TT_BOOL:
		if (parse_bool(v, &b))
			return bad(ctx, given, "not a switch: %s takes on or off (also 1/0, "
				   "true/false, yes/no)", t->name);
		snprintf(norm, nlen, "%s", b ? "on" : "off");
		break;
	case VNET_TT_ENUM:
		if (!in_values(t, v))
			return bad(ctx, given, "not one of %s", vals);
		snprintf(norm, nlen, "%s", v);
		for (char *q = norm; *q; q++)
			*q = tolower((unsigned char)*q);
		break;
	case VNET_TT_MAC: {
		uint8_t mac[6];
		char text[18];

		if (parse_mac(v, mac))
			return bad(ctx, given, "not a MAC address: xx:xx:xx:xx:xx:xx or 12 hex "
				   "digits");
		if (mac[0] & 1)
			return bad(ctx, given, "a multicast address (the low bit of the first "
				   "octet is set): a MAC address must be unicast");
		if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
			return bad(ctx, given, "the all-zero address is not a valid MAC");
		vnet_mac_format(mac, text);
		snprintf(norm, nlen, "%s", text);
		if (!(mac[0] & 2))
			snprintf(note, notelen, "not locally administered (bit 0x02 of the first "
				 "octet is clear): it may clash with a vendor's address");
		break;
	}
	case VNET_TT_CPULIST: {
		struct vnet_cpuset s;

		if (in_values(t, v)) {
			snprintf(norm, nlen, "%s", v);
			for (char *q = norm; *q; q++)
				*q = tolower((unsigned char)*q);
			break;
		}
		if (vnet_cpulist_parse(v, &s) &&
		    (strncasecmp(v, "0x", 2) || vnet_cpumask_parse(v, &s)))
			return bad(ctx, given, "not a CPU list (\"0-3,6\", a 0x mask) or %s", vals);
		if (vnet_cpuset_empty(&s))
			return bad(ctx, given, "no CPU in it%s", p->kind == P_RPS ?
				   " (rps=off switches RPS off)" : "");
		vnet_cpulist_format(&s, norm, nlen);
		break;
	}
	}
	if (!strcmp(norm, cur))
		return 0;	/* as it is: nothing to do, whatever the device allows */
	device_limits(ctx, dev, p, range, sizeof(range), why, sizeof(why));
	/* an offload's own reasons name the fixed feature below */
	if (*why && (p->kind != P_OFFLOAD || !(dev->filled & VNET_FILL_OFFLOADS)))
		return bad(ctx, given, "%s", why);
	switch (p->kind) {
	case P_QUEUES:
		if (dev->channels.max_combined != VNET_UNKNOWN && x > dev->channels.max_combined)
			return bad(ctx, given, "out of range 1..%" PRIu32 " (the device has %"
				   PRIu32 " queue pair%s; %s)", dev->channels.max_combined,
				   dev->channels.max_combined,
				   dev->channels.max_combined == 1 ? "" : "s", QUEUES_HOW);
		break;
	case P_RX_RING:
	case P_TX_RING: {
		uint32_t max = p->kind == P_RX_RING ? dev->rings.rx_max : dev->rings.tx_max;
		bool packed = negotiated(dev, VNET_F_RING_PACKED);

		if (max != VNET_UNKNOWN && x > max)
			return bad(ctx, given, "out of range %s (the device's maximum; QEMU "
				   "-device virtio-net-pci,%s=N raises it)", range,
				   p->kind == P_RX_RING ? "rx_queue_size" : "tx_queue_size");
		if (!packed && (x & (x - 1)))
			return bad(ctx, given, "not a power of two: a split virtqueue's size is a "
				   "power of two (allowed: %s)", range);
		break;
	}
	case P_MTU: {
		uint32_t lo = dev->mtu.min != VNET_UNKNOWN ? dev->mtu.min : (uint32_t)t->min;
		uint32_t hi = dev->mtu.max != VNET_UNKNOWN ? dev->mtu.max : (uint32_t)t->max;

		/*
		 * net_failover sets the master's MTU on every slave; one slave's
		 * own MTU would differ from the group's until the next change.
		 */
		if (*dev->failover.master)
			return bad(ctx, given, "%s is the failover standby of %s, whose MTU its "
				   "slaves follow: set it on the group (ip link set %s mtu %s)",
				   dev->ifname, dev->failover.master, dev->failover.master, v);
		if (x >= lo && x <= hi)
			break;
		if (x > hi && negotiated(dev, VNET_F_MTU))
			return bad(ctx, given, "out of range %" PRIu32 "..%" PRIu32
				   " (the device's host_mtu is %" PRIu32 ": VIRTIO_NET_F_MTU caps "
				   "the MTU; QEMU "
				   "-device virtio-net-pci,host_mtu=N raises it)", lo, hi, hi);
		return bad(ctx, given, "out of range %" PRIu32 "..%" PRIu32 " (the driver's "
			   "limits for this device)", lo, hi);
	}
	case P_MAC:
		/* the MAC is what pairs the standby with its master and primary VF */
		if (*dev->failover.master)
			return bad(ctx, given, "%s is the failover standby of %s: the group shares "
				   "one MAC, by which the primary VF is paired; change it on the host "
				   "(QEMU -device virtio-net-pci,mac=..., and the VF's)",
				   dev->ifname, dev->failover.master);
		if (!negotiated(dev, VNET_F_CTRL_MAC_ADDR) && dev->link.admin_up != VNET_TRI_NO &&
		    !(plan->targets[index_of(prop_named("link"))].asked &&
		      !strcmp(plan->targets[index_of(prop_named("link"))].value, "down"))) {
			missing_bit(why, sizeof(why), VNET_F_CTRL_MAC_ADDR, "the MAC can only "
				    "change while the link is down (add link=down)", NULL);
			return bad(ctx, given, "%s", why);
		}
		break;
	case P_OFFLOAD: {
		bool on = !strcmp(norm, "on"), any = false;

		for (size_t i = 0; p->features[i]; i++) {
			const struct vnet_offload *o = offload_find(dev, p->features[i]);

			if (!o)
				continue;
			any = true;
			if (o->fixed && o->active != on)
				return bad(ctx, given, "%s is fixed on this device (it stays %s)",
					   o->name, o->active ? "on" : "off");
		}
		if (!any)
			return bad(ctx, given, "%s", why);
		break;
	}
	case P_IRQ:
	case P_RPS:
		return cpus_online(plan, given, norm, p->kind == P_IRQ ? "spread" : "off");
	default:
		break;
	}
	return 0;
}

/* ---- NetKVM (Windows) devices ------------------------------------------------------ */

/*
 * On a device of the windows backend (dev->netkvm) a NetKVM keyword is a
 * setting of its own: its value lives in the adapter's driver key, its
 * metadata (type, values, range) in the key's Ndi\Params, and the driver
 * reads it only when the adapter starts.  The shared settings that have a
 * keyword (->win_kw) become that keyword; the others are refused there with
 * ->win_why.
 */
static bool on_windows(const struct vnet_dev *dev)
{
	return dev->netkvm != NULL;
}

/*
 * A NetKVM adapter whose facts could not be read (VNET_FILL_FEATURES
 * failed): its settings are neither Linux's nor known; the reason, else NULL.
 */
static const char *netkvm_unread(const struct vnet_dev *dev)
{
	const char *e;

	if (dev->netkvm || strcmp(dev->driver, "netkvm"))
		return NULL;
	e = vnet_dev_fill_error(dev, VNET_FILL_FEATURES);
	return e && *e ? e : "not read";
}

static const struct vnet_netkvm_param *nk_param(const struct vnet_dev *dev, const char *kw)
{
	const struct vnet_netkvm *nk = dev->netkvm;

	for (unsigned int i = 0; nk && nk->params && i < nk->n_params; i++)
		if (!strcasecmp(nk->params[i].keyword, kw))
			return &nk->params[i];
	return NULL;
}

/* The keyword row a setting is on @dev: itself, its ->win_kw, or NULL. */
static const struct prop *win_row(const struct vnet_dev *dev, const struct prop *p)
{
	if (p->kind == P_NETKVM)
		return p;
	if (!p->win_kw)
		return NULL;
	/* the older drivers' INF has MTU (the MTU itself) instead of *JumboPacket */
	if (p->kind == P_MTU && !nk_param(dev, "*JumboPacket") && nk_param(dev, "MTU"))
		return prop_named("Init.MTUSize");
	return prop_named(p->win_kw);
}

static bool nk_numeric(const struct prop *k)
{
	return k->info.type != VNET_TT_MAC;
}

/* The driver key's value, else "" (then the driver uses ->drv_def). */
static const char *nk_stored(const struct vnet_dev *dev, const struct prop *k)
{
	const struct vnet_netkvm_param *pa = nk_param(dev, k->kw);

	return pa && pa->present ? pa->value : "";
}

/*
 * What the driver works with (reference 1.1): the stored value when it is
 * within the driver's range, else the driver's own default; "" for an
 * absent NetworkAddress (the permanent MAC).
 */
static void nk_effective(const struct vnet_dev *dev, const struct prop *k, char *buf, size_t len)
{
	const char *v = nk_stored(dev, k);
	int64_t x;

	buf[0] = '\0';
	if (!nk_numeric(k)) {
		snprintf(buf, len, "%s", v);
		return;
	}
	if (*v && !parse_int(v, &x) && x >= k->drv_min && x <= k->drv_max)
		snprintf(buf, len, "%" PRId64, x);
	else
		snprintf(buf, len, "%" PRId64, k->drv_def);
}

/* "16|32|64" or "590..65500" (step N) as this adapter's Ndi\Params allow */
static void nk_allowed(const struct vnet_netkvm_param *pa, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	switch (pa->type) {
	case VNET_NKP_ENUM:
		for (unsigned int i = 0; i < pa->n_values && i < ARRAY_SIZE(pa->values) &&
		     off < len; i++)
			off += snprintf(buf + off, len - off, "%s%.16s", i ? "|" : "",
					pa->values[i].value);
		break;
	case VNET_NKP_INT:
		off = snprintf(buf, len, "%" PRId64 "..%" PRId64, pa->min, pa->max);
		if (pa->step > 1 && off < len)
			snprintf(buf + off, len - off, " step %" PRId64, pa->step);
		break;
	case VNET_NKP_EDIT:
		snprintf(buf, len, "text");
		break;
	default:
		snprintf(buf, len, "?");
		break;
	}
}

/* Why @k cannot be written on @dev at all, into @why ("" when it can). */
static void nk_why_not(const struct vnet_dev *dev, const struct prop *k, char *why, size_t len)
{
	const struct vnet_netkvm *nk = dev->netkvm;
	const struct vnet_netkvm_param *pa;

	why[0] = '\0';
	if (k->kind == P_REFUSED) {
		snprintf(why, len, "%s", k->why_not);
		return;
	}
	if (k->hidden) {
		snprintf(why, len, "%s is not in the INF: the driver reads it (default %" PRId64
			 ", %" PRId64 "..%" PRId64 ") but Windows offers no setting for it, and "
			 "vnetctl writes only keywords the adapter's Ndi\\Params declare", k->kw,
			 k->drv_def, k->drv_min, k->drv_max);
		return;
	}
	pa = nk_param(dev, k->kw);
	if (!pa) {
		int off = snprintf(why, len, "%s is not in this adapter's Ndi\\Params (an older "
				   "driver or another INF: %.64s %.32s): there is no such setting "
				   "here", k->kw, *nk->driver_desc ? nk->driver_desc : "NetKVM",
				   nk->driver_version);

		if (!strcmp(k->kw, "MTU") && nk_param(dev, "*JumboPacket") && off > 0 &&
		    (size_t)off < len)
			snprintf(why + off, len - off, "; this driver's is *JumboPacket, the frame "
				 "size (mtu + 14)");
		return;
	}
	if (pa->type == VNET_NKP_UNKNOWN)
		snprintf(why, len, "%s: its Ndi\\Params type is not one vnetctl knows", k->kw);
	else if ((pa->type == VNET_NKP_EDIT) != !nk_numeric(k))
		snprintf(why, len, "%s: this adapter's Ndi\\Params declare it as %s, not as the "
			 "NetKVM driver reads it", k->kw, pa->type == VNET_NKP_EDIT ? "text" :
			 "a number");
}

/*
 * Check @v for keyword @k against the adapter's Ndi\Params and the driver's
 * own range; @norm receives the REG_SZ text.  Messages start with @given.
 */
static int nk_check(struct vnet_plan *plan, const struct prop *k, const char *given,
		    const char *v, char *norm, size_t nlen)
{
	struct vnet_ctx *ctx = plan->ctx;
	const struct vnet_netkvm_param *pa = nk_param(plan->dev, k->kw);
	char why[WHY], allowed[200];
	int64_t x = 0;

	nk_why_not(plan->dev, k, why, sizeof(why));
	if (*why)
		return bad(ctx, given, "%s", why);
	nk_allowed(pa, allowed, sizeof(allowed));
	switch (pa->type) {
	case VNET_NKP_ENUM: {
		bool found = false;

		for (unsigned int i = 0; i < pa->n_values && i < ARRAY_SIZE(pa->values); i++)
			found = found || !strcmp(pa->values[i].value, v);
		if (!found)
			return bad(ctx, given, "not one of %s (NetKVM's %s, as this adapter's INF "
				   "offers it)", allowed, k->kw);
		if (parse_int(v, &x))
			return bad(ctx, given, "the INF value %s of %s is not a number", v, k->kw);
		break;
	}
	case VNET_NKP_INT:
		if (parse_int(v, &x))
			return bad(ctx, given, "not a number: %s takes an integer %s", k->kw,
				   allowed);
		if (x < pa->min || x > pa->max)
			return bad(ctx, given, "out of range %s (NetKVM's %s, as this adapter's "
				   "INF allows it)", allowed, k->kw);
		if (pa->step > 1 && (x - pa->min) % pa->step)
			return bad(ctx, given, "not a step of %" PRId64 " from %" PRId64
				   " (NetKVM's %s: %s)", pa->step, pa->min, k->kw, allowed);
		break;
	case VNET_NKP_EDIT: {
		uint8_t mac[6];

		/* the value deleted: the driver takes the device's permanent MAC again */
		if (!strcasecmp(v, "none")) {
			snprintf(norm, nlen, "none");
			return 0;
		}
		/* reference 1.2: 12 hex digits, a valid locally administered unicast */
		if (parse_mac(v, mac))
			return bad(ctx, given, "not a MAC address: 12 hex digits, "
				   "xx:xx:xx:xx:xx:xx, or none (NetKVM's %s)", k->kw);
		if (mac[0] & 1)
			return bad(ctx, given, "a multicast address (the low bit of the first "
				   "octet is set): NetKVM ignores %s unless it is a locally "
				   "administered unicast address", k->kw);
		if (!(mac[0] & 2))
			return bad(ctx, given, "not locally administered (bit 0x02 of the first "
				   "octet is clear): NetKVM ignores %s unless it is a locally "
				   "administered unicast address (e.g. 02:...)", k->kw);
		snprintf(norm, nlen, "%02X%02X%02X%02X%02X%02X", mac[0], mac[1], mac[2], mac[3],
			 mac[4], mac[5]);
		return 0;
	}
	default:
		return bad(ctx, given, "%s: its Ndi\\Params type is not one vnetctl knows", k->kw);
	}
	/* the INF may offer what the driver refuses: it would keep its default quietly */
	if (x < k->drv_min || x > k->drv_max)
		return bad(ctx, given, "the driver accepts %" PRId64 "..%" PRId64 " and silently "
			   "uses its default %" PRId64 " otherwise (NetKVM's %s)", k->drv_min,
			   k->drv_max, k->drv_def, k->kw);
	snprintf(norm, nlen, "%" PRId64, x);
	return 0;
}

/* mtu's range on @dev: the frame sizes both the INF and the driver accept, minus the header */
static void win_mtu_range(const struct vnet_dev *dev, const struct prop *k, int64_t *lo,
			  int64_t *hi)
{
	const struct vnet_netkvm_param *pa = nk_param(dev, k->kw);
	int64_t hdr = k->conv == K_JUMBO ? 14 : 0;

	*lo = k->drv_min;
	*hi = k->drv_max;
	if (pa && pa->type == VNET_NKP_INT) {
		*lo = pa->min > *lo ? pa->min : *lo;
		*hi = pa->max < *hi ? pa->max : *hi;
	}
	*lo -= hdr;
	*hi -= hdr;
}

/* A shared setting's value on @dev from its keyword's; "" when unknown. */
static void win_shared_value(const struct vnet_dev *dev, const struct prop *p, char *buf,
			     size_t len)
{
	const struct prop *k = win_row(dev, p);
	char v[72];
	int64_t x = 0;

	buf[0] = '\0';
	if (!k || !nk_param(dev, k->kw))
		return;
	nk_effective(dev, k, v, sizeof(v));
	if (nk_numeric(k) && parse_int(v, &x))
		return;
	switch (p->kind) {
	case P_MTU:
		snprintf(buf, len, "%" PRId64, k->conv == K_JUMBO ? x - 14 : x);
		break;
	case P_RX_RING:
	case P_TX_RING:
		snprintf(buf, len, "%" PRId64, x);
		break;
	case P_OFFLOAD:
	case P_LOGGING:
		snprintf(buf, len, "%s", x ? "on" : "off");
		break;
	case P_MAC: {
		uint8_t mac[6];
		char text[18];

		if (!parse_mac(v, mac)) {
			vnet_mac_format(mac, text);
			snprintf(buf, len, "%s", text);
		} else {
			snprintf(buf, len, "%s", dev->link.mac);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * A shared setting's value @v as its keyword's on @dev into @kv; Linux's
 * type words first, then mtu's range in mtu's terms.
 */
static int win_shared_convert(struct vnet_plan *plan, const struct prop *p,
			      const struct prop *k, const char *given, const char *v, char *kv,
			      size_t len)
{
	struct vnet_ctx *ctx = plan->ctx;
	const struct vnet_tunable_info *t = &p->info;
	char cur[72];
	int64_t x = 0, lo, hi;
	bool b;

	nk_effective(plan->dev, k, cur, sizeof(cur));
	switch (p->kind) {
	case P_MTU:
		if (parse_int(v, &x))
			return bad(ctx, given, "not a number: %s takes an integer (%s)", t->name,
				   t->unit);
		win_mtu_range(plan->dev, k, &lo, &hi);
		if (k->conv == K_JUMBO && (x < lo || x > hi))
			return bad(ctx, given, "out of range %" PRId64 "..%" PRId64 " (NetKVM's "
				   "*JumboPacket is the frame size, mtu + 14: the driver accepts "
				   "%" PRId64 "..%" PRId64 ")", lo, hi, lo + 14, hi + 14);
		if (x < lo || x > hi)
			return bad(ctx, given, "out of range %" PRId64 "..%" PRId64 " (NetKVM's "
				   "MTU on this older driver)", lo, hi);
		snprintf(kv, len, "%" PRId64, k->conv == K_JUMBO ? x + 14 : x);
		return 0;
	case P_RX_RING:
	case P_TX_RING:
		if (parse_int(v, &x))
			return bad(ctx, given, "not a number: %s takes an integer (%s)", t->name,
				   t->unit);
		snprintf(kv, len, "%" PRId64, x);
		return 0;
	case P_OFFLOAD:
	case P_LOGGING:
		if (p->kind == P_LOGGING && !in_values(t, v))
			return bad(ctx, given, "not one of off|on");
		if (p->kind == P_OFFLOAD && parse_bool(v, &b))
			return bad(ctx, given, "not a switch: %s takes on or off (also 1/0, "
				   "true/false, yes/no)", t->name);
		if (p->kind == P_LOGGING)
			b = !strcasecmp(v, "on");
		/* on keeps a mask or level already on; else all (31, 2), or level 2 */
		if (b && strcmp(cur, "0"))
			snprintf(kv, len, "%s", cur);
		else if (b)
			snprintf(kv, len, "%s", k->conv == K_CSUM ? "31" : "2");
		else
			snprintf(kv, len, "0");
		return 0;
	case P_MAC:
		snprintf(kv, len, "%s", v);
		return 0;
	default:
		return bad(ctx, given, "%s", p->win_why ? p->win_why : "no meaning on Windows");
	}
}

/* One assignment on a Windows device: the keyword row and its REG_SZ text. */
static int win_assign(struct vnet_plan *plan, const struct prop *p, const char *a, const char *v,
		      const struct prop **row, char *norm, size_t nlen)
{
	const struct prop *k = win_row(plan->dev, p);
	char kv[80], why[WHY];
	int err;

	if (p->kind == P_REFUSED)
		return bad(plan->ctx, a, "%s", p->why_not);
	if (!k)
		return bad(plan->ctx, a, "%s", p->win_why ? p->win_why : "no meaning on Windows");
	*row = k;
	if (k == p)
		return nk_check(plan, k, a, v, norm, nlen);
	/* the keyword must be there before a shared value is put in its terms */
	nk_why_not(plan->dev, k, why, sizeof(why));
	if (*why)
		return bad(plan->ctx, a, "%s", why);
	err = win_shared_convert(plan, p, k, a, v, kv, sizeof(kv));
	return err ? err : nk_check(plan, k, a, kv, norm, nlen);
}

/* get on a Windows device */
static int win_state(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct prop *p,
		     const char *ro, struct vnet_tunable_state *st)
{
	const struct prop *k = win_row(dev, p);
	const struct vnet_netkvm_param *pa = k ? nk_param(dev, k->kw) : NULL;
	char value[128] = "", range[240] = "", why[WHY] = "", eff[72];
	size_t off;

	if (netkvm_unread(dev))
		snprintf(why, sizeof(why), "the NetKVM facts of this adapter are unknown "
			 "(features: %s)", netkvm_unread(dev));
	else if (p->kind == P_REFUSED || !k)
		snprintf(why, sizeof(why), "%s", p->kind == P_REFUSED ? p->why_not :
			 p->win_why ? p->win_why : "no meaning on Windows");
	else
		nk_why_not(dev, k, why, sizeof(why));
	if (k && pa && !*why) {
		if (k != p) {
			win_shared_value(dev, p, value, sizeof(value));
			if (p->kind == P_MTU) {
				int64_t lo, hi;

				win_mtu_range(dev, k, &lo, &hi);
				snprintf(range, sizeof(range), "%" PRId64 "..%" PRId64, lo, hi);
			} else if (p->kind == P_MAC) {
				snprintf(range, sizeof(range), "locally administered unicast");
			} else if (p->kind == P_OFFLOAD || p->kind == P_LOGGING) {
				snprintf(range, sizeof(range), "on|off");
			} else {
				nk_allowed(pa, range, sizeof(range));
			}
			off = strlen(range);
			snprintf(range + off, sizeof(range) - off, " (as %s)", k->kw);
		} else {
			/* reference 1.1: the driver key's value, else the INF's default */
			snprintf(value, sizeof(value), "%s", pa->present ? pa->value :
				 pa->inf_default);
			nk_allowed(pa, range, sizeof(range));
			nk_effective(dev, k, eff, sizeof(eff));
			off = strlen(range);
			if (!pa->present && nk_numeric(k))
				snprintf(range + off, sizeof(range) - off,
					 " (not in the driver key: the driver uses its default %s)",
					 eff);
			else if (pa->present && nk_numeric(k) && strcmp(eff, pa->value))
				snprintf(range + off, sizeof(range) - off, " (the driver accepts %"
					 PRId64 "..%" PRId64 " and uses %s instead)", k->drv_min,
					 k->drv_max, eff);
			else if (!pa->present)
				snprintf(range + off, sizeof(range) - off, " (not set: the "
					 "permanent MAC)");
		}
	}
	if (!*why && ro)
		snprintf(why, sizeof(why), "%s", ro);
	(void)ctx;
	st->settable = !*why;
	st->value = strdup(value);
	st->range = strdup(range);
	st->why_not = strdup(why);
	if (!st->value || !st->range || !st->why_not)
		return vnet_oom(ctx);
	return 0;
}

/* Listed by "get" without names on a Windows device: the keywords it has and their shared names */
static bool win_listed(const struct vnet_dev *dev, const struct prop *p)
{
	const struct prop *k = win_row(dev, p);

	return k && !k->hidden && nk_param(dev, k->kw);
}

static int add_change(struct vnet_plan *plan, const struct prop *p, const char *given,
		      const char *value, bool implied, const char *note)
{
	struct target *tg = &plan->targets[index_of(p)];
	struct vnet_change *c = &plan->changes[plan->n];
	char cur[128];

	if (on_windows(plan->dev)) {
		/* what the driver uses now: a change is a write even to the INF default */
		nk_effective(plan->dev, p, cur, sizeof(cur));
		if (*nk_stored(plan->dev, p))
			snprintf(cur, sizeof(cur), "%s", nk_stored(plan->dev, p));
		else if (!nk_numeric(p))
			snprintf(cur, sizeof(cur), "none");	/* the permanent MAC */
	} else {
		current_value(plan->dev, p, cur, sizeof(cur));
	}
	if (p->kind == P_LOGGING) {
		char why[WHY];

		logging_value(plan->ctx, plan->dev, cur, sizeof(cur), why, sizeof(why));
	}
	c->info = &p->info;
	c->given = strdup(given);
	c->old_value = strdup(cur);
	c->new_value = strdup(value);
	c->note = strdup(note ? note : "");
	/* the registry's text: "02aabbccddee" is "02AABBCCDDEE" */
	c->changes = (on_windows(plan->dev) ? strcasecmp(cur, value) : strcmp(cur, value)) != 0;
	c->implied = implied;
	tg->p = p;
	tg->asked = true;
	tg->implied = implied;
	tg->change = plan->n;
	snprintf(tg->value, sizeof(tg->value), "%s", value);
	plan->n++;
	if (!c->given || !c->old_value || !c->new_value || !c->note)
		return vnet_oom(plan->ctx);
	return 0;
}

/* The value an offload will have after the plan: asked, else as it is. */
static bool offload_will_be_on(const struct vnet_plan *plan, const char *name)
{
	const struct prop *p = prop_named(name);
	const struct target *tg = &plan->targets[index_of(p)];
	char cur[16];

	if (tg->asked)
		return !strcmp(tg->value, "on");
	current_value(plan->dev, p, cur, sizeof(cur));
	return !strcmp(cur, "on");
}

/*
 * Add the implied change @p=@value that @cause (an assignment) brings with
 * it, validated like one the user wrote; @verb words the refusal ("needs
 * sg on", "switches tso off too").
 */
static int imply(struct vnet_plan *plan, const struct prop *p, const char *value,
		 const char *cause, const char *verb, const char *why)
{
	char given[96], norm[16];
	int err;

	snprintf(given, sizeof(given), "%s=%s", p->info.name, value);
	err = validate(plan, p, given, value, norm, sizeof(norm), NULL, 0);
	if (err)
		return bad(plan->ctx, cause, "%s %s %s%s (%s), which cannot be: %s", verb,
			   p->info.name, value, !strcmp(verb, "switches") ? " too" : "", why,
			   vnet_ctx_error(plan->ctx));
	return add_change(plan, p, given, value, true, why);
}

/*
 * Offload dependencies as netdev_fix_features() applies them: TSO needs SG
 * and a checksum offload, GRO_HW needs RXCSUM.  Switching a feature on
 * switches its needs on; switching a need off switches the dependants off.
 */
static int resolve_offloads(struct vnet_plan *plan)
{
	static const struct {
		const char *dep, *need, *why;
	} deps[] = {
		{ "tso", "sg", "the kernel drops TSO without scatter-gather" },
		{ "tso", "tx", "the kernel drops TSO without transmit checksumming" },
		{ "rx-gro-hw", "rx", "the kernel drops GRO_HW without receive checksumming" },
	};
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < ARRAY_SIZE(deps); i++) {
			const struct prop *dp = prop_named(deps[i].dep);
			const struct prop *np = prop_named(deps[i].need);
			struct target *dt = &plan->targets[index_of(dp)];
			struct target *nt = &plan->targets[index_of(np)];
			char cur[16];
			int err;

			if (dt->asked && !strcmp(dt->value, "on") &&
			    !offload_will_be_on(plan, deps[i].need)) {
				if (nt->asked)
					return bad(plan->ctx, plan->changes[dt->change].given,
						   "needs %s on (%s), but %s asks for it off",
						   deps[i].need, deps[i].why,
						   plan->changes[nt->change].given);
				err = imply(plan, np, "on", plan->changes[dt->change].given,
					    "needs", deps[i].why);
				if (err)
					return err;
				again = true;
			}
			current_value(plan->dev, dp, cur, sizeof(cur));
			if (nt->asked && !strcmp(nt->value, "off") && !dt->asked &&
			    (!strcmp(cur, "on") || !strcmp(cur, "mixed"))) {
				err = imply(plan, dp, "off", plan->changes[nt->change].given,
					    "switches", deps[i].why);
				if (err)
					return err;
				again = true;
			}
		}
	}
	return 0;
}

/* One "SETTING=VALUE" into @plan; @pass 0 takes only the link, 1 the rest. */
static int assign_one(struct vnet_plan *plan, const char *a, int pass)
{
	struct vnet_ctx *ctx = plan->ctx;
	const char *eq = strchr(a, '='), *v;
	const struct vnet_tunable_info *t;
	const struct prop *p, *lp;
	const struct target *tg;
	char name[96], conv[80], norm[80], note[200] = "", given[160];
	int err;

	if (!eq || eq == a)
		return vnet_set_error(ctx, -EINVAL, "%s: not an assignment: write SETTING=VALUE",
				      a);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
	v = eq + 1;
	t = vnet_tunable_lookup(name);
	if (!t)
		return unknown_feature(ctx, plan->dev, a, name) ?: unknown_setting(ctx, name);
	p = lp = prop_of(t);
	if (netkvm_unread(plan->dev))
		return pass ? bad(ctx, a, "the NetKVM facts of this adapter are unknown "
				  "(features: %s)", netkvm_unread(plan->dev)) : 0;
	if (on_windows(plan->dev)) {
		const struct prop *k = NULL;

		/* no link setting on Windows: one pass */
		if (pass == 0)
			return 0;
		if (!*v)
			return bad(ctx, a, "no value");
		err = win_assign(plan, p, a, v, &k, norm, sizeof(norm));
		if (err)
			return err;
		tg = &plan->targets[index_of(k)];
		if (tg->asked)
			return vnet_set_error(ctx, -EINVAL, "%s: %s is set twice (%s and %s)", a,
					      k->kw, plan->changes[tg->change].given, a);
		if (k->conv == K_JUMBO)
			snprintf(note, sizeof(note), "a host_mtu (VIRTIO_NET_F_MTU) wins over "
				 "*JumboPacket when the host sets one");
		return add_change(plan, k, a, norm, false, note);
	}
	if (p->kind == P_NETKVM && !p->target)
		return pass ? bad(ctx, a, "%s", p->why_not) : 0;
	if (p->kind == P_NETKVM)
		lp = prop_named(p->target);
	if ((lp->kind == P_LINK) != (pass == 0))
		return 0;
	if (p->kind == P_REFUSED)
		return bad(ctx, a, "%s", p->why_not);
	tg = &plan->targets[index_of(lp)];
	if (tg->asked)
		return vnet_set_error(ctx, -EINVAL, "%s: %s is set twice (%s and %s)", a,
				      lp->info.name, plan->changes[tg->change].given, a);
	if (!*v)
		return bad(ctx, a, "no value");
	if (p->kind == P_NETKVM) {
		err = netkvm_convert(ctx, p, a, v, conv, sizeof(conv));
		if (err)
			return err;
		snprintf(given, sizeof(given), "%s (%s=%s)", a, lp->info.name, conv);
		err = validate(plan, lp, given, conv, norm, sizeof(norm), note, sizeof(note));
	} else {
		err = validate(plan, lp, a, v, norm, sizeof(norm), note, sizeof(note));
	}
	return err ? err : add_change(plan, lp, a, norm, false, note);
}

/* The words are set's since before this moved here: scripts may match them. */
VNET_EXPORT int vnet_assignment_check(struct vnet_ctx *ctx, const char *a)
{
	const char *eq = strchr(a, '=');

	if (!eq)
		return vnet_set_error(ctx, -EINVAL, "'%s': expected PROP=VALUE", a);
	if (eq == a)
		return vnet_set_error(ctx, -EINVAL, "'%s': no property name before '='", a);
	if (!eq[1])
		return vnet_set_error(ctx, -EINVAL, "'%s': empty value for %.*s (vnetctl get --list "
				      "shows the values)", a, (int)(eq - a), a);
	return 0;
}

VNET_EXPORT int vnet_plan_new(struct vnet_ctx *ctx, struct vnet_dev *dev, const char *const *assign,
			      size_t n, struct vnet_plan **out)
{
	struct vnet_plan *plan;
	int err;

	*out = NULL;
	err = vnet_dev_fill(ctx, dev, TUNING_GROUPS);
	if (err)
		return err;
	plan = calloc(1, sizeof(*plan));
	if (!plan)
		return vnet_oom(ctx);
	plan->ctx = ctx;
	plan->dev = dev;
	/* each setting once, plus implied offloads: never more than the registry */
	plan->changes = calloc(n + ARRAY_SIZE(props), sizeof(*plan->changes));
	plan->targets = calloc(ARRAY_SIZE(props), sizeof(*plan->targets));
	if (!plan->changes || !plan->targets) {
		vnet_plan_free(plan);
		return vnet_oom(ctx);
	}
	/* the link first: whether it goes down decides whether a MAC can change */
	for (int pass = 0; !err && pass < 2; pass++)
		for (size_t i = 0; !err && i < n; i++)
			err = assign_one(plan, assign[i], pass);
	if (!err)
		err = resolve_offloads(plan);
	if (err) {
		vnet_plan_free(plan);
		return err;
	}
	vnet_clear_error(ctx);
	*out = plan;
	return 0;
}

/* ---- steps of a plan ---------------------------------------------------------------- */

static struct vnet_write *step_for(struct vnet_write *steps, size_t *n, enum vnet_write_kind kind,
				   unsigned int groups)
{
	for (size_t i = 0; i < *n; i++)
		if (steps[i].kind == kind)
			return &steps[i];
	memset(&steps[*n], 0, sizeof(steps[*n]));
	steps[*n].kind = kind;
	steps[*n].groups = groups;
	steps[*n].rx = steps[*n].tx = VNET_UNKNOWN;
	steps[*n].coal = (struct vnet_coalesce){ VNET_UNKNOWN, VNET_UNKNOWN, VNET_UNKNOWN,
						 VNET_UNKNOWN, VNET_TRI_UNKNOWN, VNET_TRI_UNKNOWN };
	return &steps[(*n)++];
}

static int add_feat(struct vnet_write *w, const char *name, bool on)
{
	struct vnet_write_feature *f = realloc(w->feats, (w->n + 1) * sizeof(*f));

	if (!f)
		return -ENOMEM;
	w->feats = f;
	snprintf(f[w->n].name, sizeof(f[w->n].name), "%s", name);
	f[w->n++].on = on;
	return 0;
}

static int add_cpus(struct vnet_write *w, uint32_t index, const char *cpus)
{
	struct vnet_write_cpus *c = realloc(w->cpus, (w->n + 1) * sizeof(*c));

	if (!c)
		return -ENOMEM;
	w->cpus = c;
	c[w->n].index = index;
	snprintf(c[w->n++].cpus, sizeof(c->cpus), "%s", cpus);
	return 0;
}

static void one_cpu(unsigned int cpu, struct vnet_cpuset *s)
{
	memset(s, 0, sizeof(*s));
	vnet_cpuset_add(s, cpu);
}

/*
 * The steps of @plan and their undo steps, in the order to apply them
 * (the kinds' order is the safe order); @n receives their number.
 */
static int build_steps(struct vnet_plan *plan, struct vnet_write *steps, struct vnet_write *undo,
		       size_t *n)
{
	struct vnet_dev *dev = plan->dev;
	const struct target *queues = &plan->targets[index_of(prop_named("queues"))];
	unsigned int active = VNET_UNKNOWN;
	size_t ns = 0, nu = 0;
	int err = 0;

	/* placement is for the queues active after the plan */
	if (queues->asked)
		active = strtoul(queues->value, NULL, 10);
	for (size_t i = 0; !err && i < plan->n; i++) {
		const struct vnet_change *c = &plan->changes[i];
		const struct prop *p = prop_of(c->info);
		struct vnet_write *w, *u;
		uint32_t v = strtoul(c->new_value, NULL, 10);

		if (!c->changes)
			continue;
		switch (p->kind) {
		case P_LINK: {
			bool up = !strcmp(c->new_value, "up");

			w = step_for(steps, &ns, up ? VNET_W_LINK_UP : VNET_W_LINK_DOWN,
				     VNET_FILL_LINK);
			u = step_for(undo, &nu, up ? VNET_W_LINK_DOWN : VNET_W_LINK_UP,
				     VNET_FILL_LINK);
			w->value = up;
			u->value = !up;
			break;
		}
		case P_MAC:
			w = step_for(steps, &ns, VNET_W_MAC, VNET_FILL_LINK);
			u = step_for(undo, &nu, VNET_W_MAC, VNET_FILL_LINK);
			snprintf(w->mac, sizeof(w->mac), "%s", c->new_value);
			snprintf(u->mac, sizeof(u->mac), "%s", dev->link.mac);
			break;
		case P_MTU:
			w = step_for(steps, &ns, VNET_W_MTU, VNET_FILL_LINK);
			u = step_for(undo, &nu, VNET_W_MTU, VNET_FILL_LINK);
			w->value = v;
			u->value = dev->mtu.current;
			break;
		case P_QUEUES:
			w = step_for(steps, &ns, VNET_W_CHANNELS,
				     VNET_FILL_CHANNELS | VNET_FILL_IRQS | VNET_FILL_QUEUES);
			u = step_for(undo, &nu, VNET_W_CHANNELS,
				     VNET_FILL_CHANNELS | VNET_FILL_IRQS | VNET_FILL_QUEUES);
			w->value = v;
			u->value = dev->channels.combined;
			break;
		case P_RX_RING:
		case P_TX_RING:
			w = step_for(steps, &ns, VNET_W_RINGS, VNET_FILL_RINGS);
			u = step_for(undo, &nu, VNET_W_RINGS, VNET_FILL_RINGS);
			if (p->kind == P_RX_RING) {
				w->rx = v;
				u->rx = dev->rings.rx;
			} else {
				w->tx = v;
				u->tx = dev->rings.tx;
			}
			break;
		case P_OFFLOAD: {
			bool on = !strcmp(c->new_value, "on");

			w = step_for(steps, &ns, VNET_W_FEATURES, VNET_FILL_OFFLOADS);
			u = step_for(undo, &nu, VNET_W_FEATURES, VNET_FILL_OFFLOADS);
			for (size_t k = 0; !err && p->features[k]; k++) {
				const struct vnet_offload *o = offload_find(dev, p->features[k]);

				if (!o || o->fixed || o->active == on)
					continue;
				err = add_feat(w, o->name, on);
				if (!err)
					err = add_feat(u, o->name, o->active);
			}
			break;
		}
		case P_COAL:
			w = step_for(steps, &ns, VNET_W_COALESCE, VNET_FILL_COALESCE);
			u = step_for(undo, &nu, VNET_W_COALESCE, VNET_FILL_COALESCE);
			if (p->coal == C_ADAPTIVE_RX) {
				coal_set(&w->coal, p->coal, !strcmp(c->new_value, "on"));
				coal_set(&u->coal, p->coal,
					 dev->coalesce.adaptive_rx == VNET_TRI_YES);
			} else {
				coal_set(&w->coal, p->coal, v);
				coal_set(&u->coal, p->coal, coal_get(&dev->coalesce, p->coal));
			}
			break;
		case P_IRQ: {
			bool spread = !strcmp(c->new_value, "spread");
			struct vnet_write *x = NULL, *xu = NULL;
			unsigned int qi = 0;

			w = step_for(steps, &ns, VNET_W_IRQ_AFFINITY, VNET_FILL_IRQS);
			u = step_for(undo, &nu, VNET_W_IRQ_AFFINITY, VNET_FILL_IRQS);
			if (spread) {
				x = step_for(steps, &ns, VNET_W_XPS, VNET_FILL_QUEUES);
				xu = step_for(undo, &nu, VNET_W_XPS, VNET_FILL_QUEUES);
			}
			for (unsigned int q = 0; !err && q < dev->n_queues; q++) {
				const struct vnet_queue *qq = &dev->queues[q];
				struct vnet_cpuset s;
				char list[72];

				if (active != VNET_UNKNOWN ? q >= active : !qq->active)
					continue;
				if (spread) {
					one_cpu(qi % plan_online_cpus(plan), &s);
					vnet_cpulist_format(&s, list, sizeof(list));
				} else {
					snprintf(list, sizeof(list), "%s", c->new_value);
				}
				qi++;
				if (qq->rx_irq.irq != VNET_UNKNOWN &&
				    !(err = add_cpus(w, qq->rx_irq.irq, list)))
					err = add_cpus(u, qq->rx_irq.irq, qq->rx_irq.affinity);
				if (!err && qq->tx_irq.irq != VNET_UNKNOWN &&
				    qq->tx_irq.irq != qq->rx_irq.irq &&
				    !(err = add_cpus(w, qq->tx_irq.irq, list)))
					err = add_cpus(u, qq->tx_irq.irq, qq->tx_irq.affinity);
				if (!err && spread) {
					char mask[72];

					vnet_cpumask_format(&s, mask, sizeof(mask));
					err = add_cpus(x, q, mask);
					if (!err)
						err = add_cpus(xu, q, *qq->xps_cpus ? qq->xps_cpus :
							       "0");
				}
			}
			break;
		}
		case P_RPS: {
			struct vnet_cpuset s = { { 0 } };
			char mask[72];

			if (strcmp(c->new_value, "off"))
				vnet_cpulist_parse(c->new_value, &s);
			vnet_cpumask_format(&s, mask, sizeof(mask));
			w = step_for(steps, &ns, VNET_W_RPS, VNET_FILL_QUEUES);
			u = step_for(undo, &nu, VNET_W_RPS, VNET_FILL_QUEUES);
			for (unsigned int q = 0; !err && q < dev->n_queues; q++) {
				if (active != VNET_UNKNOWN ? q >= active : !dev->queues[q].active)
					continue;
				err = add_cpus(w, q, mask);
				if (!err)
					err = add_cpus(u, q, dev->queues[q].rps_cpus);
			}
			break;
		}
		case P_NETKVM: {
			const struct vnet_netkvm_param *pa = nk_param(dev, p->kw);
			const char *kw = pa ? pa->keyword : p->kw;

			/* one step a keyword: not step_for()'s one a kind */
			w = &steps[ns++];
			u = &undo[nu++];
			*w = *u = (struct vnet_write){ .kind = VNET_W_NETKVM_PARAM,
						       .groups = VNET_FILL_FEATURES };
			snprintf(w->keyword, sizeof(w->keyword), "%s", kw);
			snprintf(u->keyword, sizeof(u->keyword), "%s", kw);
			if (!nk_numeric(p) && !strcmp(c->new_value, "none"))
				w->remove = true;
			else
				snprintf(w->data, sizeof(w->data), "%s", c->new_value);
			if (pa && pa->present)
				snprintf(u->data, sizeof(u->data), "%s", pa->value);
			else
				u->remove = true;	/* the undo of a first write */
			/*
			 * The level is global and live through WMI: no restart for it,
			 * when WMI answers (else the driver reads it at its start).
			 */
			if (strcmp(p->kw, "DebugLevel") || dev->netkvm->debug_level == VNET_UNKNOWN)
				break;
			w = step_for(steps, &ns, VNET_W_NETKVM_LOGGING, VNET_FILL_FEATURES);
			u = step_for(undo, &nu, VNET_W_NETKVM_LOGGING, VNET_FILL_FEATURES);
			w->value = v;
			u->value = dev->netkvm->debug_level;
			plan->live_level = true;
			break;
		}
		case P_LOGGING:
			w = step_for(steps, &ns, VNET_W_LOGGING, 0);
			u = step_for(undo, &nu, VNET_W_LOGGING, 0);
			w->value = !strcmp(c->new_value, "on");
			u->value = !w->value;
			break;
		default:
			break;
		}
	}
	if (err)
		return vnet_oom(plan->ctx);
	if (dev->netkvm && plan->restart && ns) {
		/* last: the driver reads its keywords when the adapter starts */
		step_for(steps, &ns, VNET_W_NETKVM_RESTART, 0)->value = 1;
		/* nothing to undo: the keywords' undo steps restore the values */
		step_for(undo, &nu, VNET_W_NETKVM_RESTART, 0)->value = 0;
	}
	/* the safe order is the kinds' order, stable; undo keeps the pairing by index */
	for (size_t i = 1; i < ns; i++)
		for (size_t k = i; k > 0 && steps[k].kind < steps[k - 1].kind; k--) {
			struct vnet_write t = steps[k];

			steps[k] = steps[k - 1];
			steps[k - 1] = t;
		}
	for (size_t i = 0; i < ns; i++)
		for (size_t k = i; k < nu; k++)
			if ((undo[k].kind == steps[i].kind &&
			     (steps[i].kind != VNET_W_NETKVM_PARAM ||
			      !strcmp(undo[k].keyword, steps[i].keyword))) ||
			    (steps[i].kind == VNET_W_LINK_DOWN && undo[k].kind == VNET_W_LINK_UP) ||
			    (steps[i].kind == VNET_W_LINK_UP && undo[k].kind == VNET_W_LINK_DOWN)) {
				struct vnet_write t = undo[i];

				undo[i] = undo[k];
				undo[k] = t;
				break;
			}
	*n = ns;
	return 0;
}

bool vnet_plan_restarted(const struct vnet_plan *plan, const char **reboot)
{
	bool keyword = false;

	if (reboot)
		*reboot = "";
	if (!plan || !plan->applied || !plan->dev->netkvm || !plan->restart)
		return false;
	/* the restart step is built only when a keyword changes */
	for (size_t i = 0; i < plan->n; i++)
		keyword |= plan->changes[i].changes && prop_of(plan->changes[i].info)->kind == P_NETKVM;
	if (keyword && reboot)
		*reboot = plan->reboot;
	return keyword;
}

VNET_EXPORT void vnet_plan_set_restart(struct vnet_plan *plan, bool restart)
{
	if (plan)
		plan->restart = restart;
}

/*
 * A NetKVM keyword written and no restart asked: the driver reads it when
 * the adapter starts.  DebugLevel alone is live (through WMI).
 */
VNET_EXPORT bool vnet_plan_needs_restart(const struct vnet_plan *plan)
{
	if (!plan || !plan->applied || !plan->dev->netkvm || plan->restart)
		return false;
	for (size_t i = 0; i < plan->n; i++) {
		const struct prop *p = prop_of(plan->changes[i].info);

		if (plan->changes[i].changes && p->kind == P_NETKVM &&
		    (strcmp(p->kw, "DebugLevel") || !plan->live_level))
			return true;
	}
	return false;
}

VNET_EXPORT int vnet_plan_apply(struct vnet_ctx *ctx, struct vnet_plan *plan)
{
	struct vnet_write *steps, *undo;
	char why[WHY];
	size_t n = 0, cap;
	int err;

	vnet_clear_error(ctx);
	if (!plan)
		return vnet_set_error(ctx, -EINVAL, "no plan");
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	for (size_t i = 0; i < plan->n; i++)
		n += plan->changes[i].changes;
	if (!n)
		return 0;	/* nothing to do is no write, even where writes are refused */
	n = 0;
	err = writable(ctx, plan->dev, why, sizeof(why));
	if (err)
		return vnet_set_error(ctx, err, "%s: nothing was changed: %s",
				      plan->dev->ifname[0] ? plan->dev->ifname :
							     plan->dev->virtio_name, why);
	/* a step a kind, and a NetKVM keyword a step of its own */
	cap = VNET_W_KINDS + plan->n;
	steps = calloc(cap, sizeof(*steps));
	undo = calloc(cap, sizeof(*undo));
	if (!steps || !undo) {
		free(steps);
		free(undo);
		return vnet_oom(ctx);
	}
	err = build_steps(plan, steps, undo, &n);
	if (!err)
		err = vnet_write_run(ctx, plan->dev, steps, undo, n, plan->reboot,
				     sizeof(plan->reboot));
	plan->applied = !err;
	for (size_t i = 0; i < cap; i++) {
		vnet_write_release(&steps[i]);
		vnet_write_release(&undo[i]);
	}
	free(steps);
	free(undo);
	return err;
}

/* ---- the guest part of the check remedies -------------------------------------------- */

VNET_EXPORT int vnet_findings_assignments(const struct vnet_findings *f, const struct vnet_dev *dev,
					  char ***out, size_t *n)
{
	const struct vnet_action **pick = NULL;
	size_t count = 0, bytes = 0;
	char **list, *text;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; f && i < f->n; i++) {
		const struct vnet_finding *fi = &f->items[i];

		if (dev && strcmp(fi->device, dev->ifname) && strcmp(fi->device, dev->virtio_name))
			continue;
		for (size_t k = 0; k < fi->n_actions; k++) {
			const struct vnet_action *a = &fi->actions[k], **grown;
			const struct vnet_tunable_info *t;
			bool dup = false;

			if (a->kind != VNET_ACT_GUEST_PROP || !(t = vnet_tunable_lookup(a->key)) ||
			    vnet_tunable_why_not(t))
				continue;
			/* one assignment a setting: the first finding's (most severe first) */
			for (size_t j = 0; j < count; j++)
				dup = dup || vnet_tunable_lookup(pick[j]->key) == t;
			if (dup)
				continue;
			grown = realloc(pick, (count + 1) * sizeof(*pick));
			if (!grown) {
				free(pick);
				return -ENOMEM;
			}
			pick = grown;
			pick[count++] = a;
			bytes += strlen(t->name) + strlen(a->value) + 2;
		}
	}
	if (!count)
		return 0;
	/* one block: the pointers, then the strings, so one free() releases it */
	list = malloc(count * sizeof(*list) + bytes);
	if (!list) {
		free(pick);
		return -ENOMEM;
	}
	text = (char *)(list + count);
	for (size_t j = 0; j < count; j++) {
		int len = sprintf(text, "%s=%s", vnet_tunable_lookup(pick[j]->key)->name,
				  pick[j]->value);

		list[j] = text;
		text += len + 1;
	}
	free(pick);
	*out = list;
	*n = count;
	return 0;
}
