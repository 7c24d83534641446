// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * features.c - virtio-net, transport and ring feature bits; device status
 *
 * Sources: OASIS virtio spec (device-types/net/description.tex, content.tex
 * "Reserved Feature Bits"), Linux uapi virtio_net.h / virtio_config.h /
 * virtio_ring.h, QEMU hw/net/virtio-net.c virtio_net_properties[] and
 * hw/virtio/virtio.h DEFINE_VIRTIO_COMMON_FEATURES.  The QEMU column names
 * the -device virtio-net-pci property that offers or withdraws the bit.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define NET(b, n, m, q) { b, #n, "VIRTIO_NET_F_" #n, m, q, VNET_FEATURE_NET }
#define TRN(b, n, m, q) { b, #n, "VIRTIO_F_" #n, m, q, VNET_FEATURE_TRANSPORT }
#define RING(b, n, m, q) { b, #n, "VIRTIO_RING_F_" #n, m, q, VNET_FEATURE_TRANSPORT }

/*
 * In bit order.  The legacy-only VIRTIO_NET_F_GUEST_RSC4/6 (41, 42; Windows
 * drivers on the legacy interface) are left out on purpose: the same numbers
 * are transport bits (ADMIN_VQ) on every modern device, and naming a modern
 * device's bit after a legacy meaning would mislead.
 */
static const struct vnet_feature_info features[] = {
	NET(0, CSUM, "device checksums packets with partial checksum (guest TX checksum offload)",
	    "csum"),
	NET(1, GUEST_CSUM, "driver accepts packets with partial checksum (RX checksum offload)",
	    "guest_csum"),
	NET(2, CTRL_GUEST_OFFLOADS, "guest offloads can be reconfigured through the control queue",
	    "ctrl_guest_offloads"),
	NET(3, MTU, "device reports its maximum MTU in config space", "host_mtu"),
	NET(5, MAC, "device has a MAC address in config space", "mac"),
	{ 6, "GSO", "VIRTIO_NET_F_GSO", "device handles any GSO type (legacy interface only)",
	  "gso", VNET_FEATURE_LEGACY },
	NET(7, GUEST_TSO4, "driver can receive TSOv4 (large IPv4 TCP segments)", "guest_tso4"),
	NET(8, GUEST_TSO6, "driver can receive TSOv6", "guest_tso6"),
	NET(9, GUEST_ECN, "driver can receive TSO with ECN", "guest_ecn"),
	NET(10, GUEST_UFO, "driver can receive UFO (large UDP fragments)", "guest_ufo"),
	NET(11, HOST_TSO4, "device can receive TSOv4 (guest TX TSO)", "host_tso4"),
	NET(12, HOST_TSO6, "device can receive TSOv6", "host_tso6"),
	NET(13, HOST_ECN, "device can receive TSO with ECN", "host_ecn"),
	NET(14, HOST_UFO, "device can receive UFO", "host_ufo"),
	NET(15, MRG_RXBUF, "driver can merge receive buffers", "mrg_rxbuf"),
	NET(16, STATUS, "link status is reported in config space", "status"),
	NET(17, CTRL_VQ, "control virtqueue is available", "ctrl_vq"),
	NET(18, CTRL_RX, "RX mode (promiscuous, all-multicast) via the control queue", "ctrl_rx"),
	NET(19, CTRL_VLAN, "VLAN filtering via the control queue", "ctrl_vlan"),
	NET(20, CTRL_RX_EXTRA, "extra RX modes (all-unicast, no-multicast, ...) via the control queue",
	    "ctrl_rx_extra"),
	NET(21, GUEST_ANNOUNCE, "driver can send gratuitous packets after migration",
	    "guest_announce"),
	NET(22, MQ, "multiqueue with automatic receive steering", "mq"),
	NET(23, CTRL_MAC_ADDR, "MAC address can be set through the control queue", "ctrl_mac_addr"),
	{ 24, "NOTIFY_ON_EMPTY", "VIRTIO_F_NOTIFY_ON_EMPTY",
	  "device notifies when a queue runs empty (legacy interface only)", "notify_on_empty",
	  VNET_FEATURE_LEGACY },
	{ 27, "ANY_LAYOUT", "VIRTIO_F_ANY_LAYOUT",
	  "device accepts any descriptor layout (legacy; implied by VERSION_1)", "any_layout",
	  VNET_FEATURE_LEGACY },
	RING(28, INDIRECT_DESC, "indirect descriptor tables", "indirect_desc"),
	RING(29, EVENT_IDX, "used_event/avail_event notification suppression", "event_idx"),
	{ 30, "BAD_FEATURE", "VIRTIO_F_BAD_FEATURE",
	  "QEMU marker for broken legacy negotiation, never accepted", NULL,
	  VNET_FEATURE_TRANSPORT },
	TRN(32, VERSION_1, "device follows virtio 1.0 or later (modern interface)",
	    "disable-modern"),
	TRN(33, ACCESS_PLATFORM, "device DMA goes through the platform IOMMU", "iommu_platform"),
	TRN(34, RING_PACKED, "packed virtqueue layout", "packed"),
	TRN(35, IN_ORDER, "buffers are used in the order they were made available", "in_order"),
	TRN(36, ORDER_PLATFORM, "memory accesses are ordered as by a real hardware device", NULL),
	TRN(37, SR_IOV, "device supports single root I/O virtualization", NULL),
	TRN(38, NOTIFICATION_DATA, "driver passes extra data in queue notifications", NULL),
	TRN(39, NOTIF_CONFIG_DATA, "driver uses a device-provided value in notifications", NULL),
	TRN(40, RING_RESET, "individual queues can be reset (needed to resize rings)",
	    "queue_reset"),
	TRN(41, ADMIN_VQ, "administration virtqueue", NULL),
	TRN(43, SUSPEND, "device can be suspended through the status register", NULL),
	NET(50, DEVICE_STATS, "device statistics through the control queue", NULL),
	NET(51, HASH_TUNNEL, "receive hash over the inner headers of tunnelled packets", NULL),
	NET(52, VQ_NOTF_COAL, "per-virtqueue notification coalescing", NULL),
	NET(53, NOTF_COAL, "device-wide notification coalescing", NULL),
	NET(54, GUEST_USO4, "driver can receive USOv4 (large UDP segments)", "guest_uso4"),
	NET(55, GUEST_USO6, "driver can receive USOv6", "guest_uso6"),
	NET(56, HOST_USO, "device can receive USO (guest TX UDP segmentation)", "host_uso"),
	NET(57, HASH_REPORT, "device reports a packet hash", "hash"),
	NET(59, GUEST_HDRLEN, "driver provides the exact header length", NULL),
	NET(60, RSS, "receive side scaling with a driver-set indirection table", "rss"),
	NET(61, RSC_EXT, "extended coalescing info (RSC) in the header", "guest_rsc_ext"),
	NET(62, STANDBY, "standby for a primary device with the same MAC (failover)", "failover"),
	NET(63, SPEED_DUPLEX, "device reports link speed and duplex", "speed/duplex"),
	NET(64, RSS_CONTEXT, "multiple RSS contexts", NULL),
	NET(65, GUEST_UDP_TUNNEL_GSO, "driver can receive GSO over UDP tunnels", NULL),
	NET(66, GUEST_UDP_TUNNEL_GSO_CSUM, "driver can receive UDP-tunnel GSO with outer checksum",
	    NULL),
	NET(67, HOST_UDP_TUNNEL_GSO, "device can receive GSO over UDP tunnels", NULL),
	NET(68, HOST_UDP_TUNNEL_GSO_CSUM, "device can receive UDP-tunnel GSO with outer checksum",
	    NULL),
	NET(69, OUT_NET_HEADER, "device reports outer network header info", NULL),
	NET(70, IPSEC, "IPsec offload", NULL),
};

VNET_EXPORT const struct vnet_feature_info *vnet_feature_lookup(unsigned int bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].bit == bit)
			return &features[i];
	return NULL;
}

VNET_EXPORT const struct vnet_feature_info *vnet_feature_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		if (!strcasecmp(features[i].name, name) || !strcasecmp(features[i].macro, name))
			return &features[i];
	return NULL;
}

VNET_EXPORT const struct vnet_feature_info *vnet_feature_at(size_t index)
{
	return index < ARRAY_SIZE(features) ? &features[index] : NULL;
}

VNET_EXPORT int vnet_features_parse(const char *text, uint64_t bits[2], unsigned int *nbits)
{
	unsigned int n = 0;

	bits[0] = bits[1] = 0;
	for (; *text && *text != '\n'; text++, n++) {
		if (n >= VNET_FEATURE_BITS || (*text != '0' && *text != '1'))
			return -EINVAL;
		if (*text == '1')
			bits[n / 64] |= 1ULL << (n % 64);
	}
	if (*text == '\n' && text[1])
		return -EINVAL;
	*nbits = n;
	return 0;
}

static const struct vnet_status_info status_bits[] = {
	{ 0x01, "ACKNOWLEDGE", "guest found the device" },
	{ 0x02, "DRIVER", "guest has a driver for it" },
	{ 0x04, "DRIVER_OK", "driver is set up and running" },
	{ 0x08, "FEATURES_OK", "feature negotiation finished" },
	{ 0x10, "SUSPEND", "device is suspended" },
	{ 0x40, "DEVICE_NEEDS_RESET", "device hit an error and needs a reset" },
	{ 0x80, "FAILED", "driver gave up on the device" },
};

VNET_EXPORT const struct vnet_status_info *vnet_status_at(size_t index)
{
	return index < ARRAY_SIZE(status_bits) ? &status_bits[index] : NULL;
}
