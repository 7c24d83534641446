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
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* the numbers are vnet.h's VNET_F_<name>, written once */
#define BIT(pfx, n, m, q, k) \
	.bit = VNET_F_##n, .name = #n, .macro = pfx #n, .meaning = m, .qemu_property = q, .kind = k
#define NET(n, m, q) BIT("VIRTIO_NET_F_", n, m, q, VNET_FEATURE_NET)
#define TRN(n, m, q) BIT("VIRTIO_F_", n, m, q, VNET_FEATURE_TRANSPORT)
#define RING(n, m, q) BIT("VIRTIO_RING_F_", n, m, q, VNET_FEATURE_TRANSPORT)

/* the other columns, in the order of struct vnet_feature_info */
#define ON .qemu_default = VNET_QEMU_DEFAULT_ON
#define OFF .qemu_default = VNET_QEMU_DEFAULT_OFF
#define ON_FROM(maj, min) ON, .qemu_default_since = VNET_VER(maj, min)
#define QEMU_SINCE(maj, min) .qemu_since = VNET_VER(maj, min)
#define LINUX(a) .linux_accept = VNET_LINUX_##a
#define LINUX_SINCE(maj, min) .linux_accept = VNET_LINUX_SINCE, .linux_since = VNET_VER(maj, min)
#define LIBVIRT(e, a) .libvirt_element = e, .libvirt_attr = a
#define WITHDRAWN(by) .withdrawn_by = by
#define NO_HDR "a backend without virtio-net headers"
/* QEMU's virtio_net_get_features() without peer_has_vnet_hdr()/peer_has_ufo() */
#define VNET_HDR(by) WITHDRAWN(by), .needs_vnet_hdr = true

/*
 * In bit order.  The legacy-only VIRTIO_NET_F_GUEST_RSC4/6 (41, 42; Windows
 * drivers on the legacy interface) are left out on purpose: the same numbers
 * are transport bits (ADMIN_VQ) on every modern device, and naming a modern
 * device's bit after a legacy meaning would mislead.
 *
 * QEMU defaults are those of virtio_net_properties[] (hw_compat_7_1 turns
 * queue_reset off for older machine types); Linux acceptance is the bit's
 * presence in virtio_net's features[] / features_legacy[] tables; libvirt
 * spellings are the <driver>, <host> and <guest> attributes of <interface>.
 * IN_ORDER's property (QEMU 9.1) is not recorded as a switch yet.
 */
static const struct vnet_feature_info features[] = {
	{ NET(CSUM, "device checksums packets with partial checksum (guest TX checksum offload)",
	      "csum"), ON, LINUX(ALWAYS), LIBVIRT("host", "csum"), VNET_HDR(NO_HDR) },
	{ NET(GUEST_CSUM, "driver accepts packets with partial checksum (RX checksum offload)",
	      "guest_csum"), ON, LINUX(ALWAYS), LIBVIRT("guest", "csum"), VNET_HDR(NO_HDR) },
	{ NET(CTRL_GUEST_OFFLOADS, "guest offloads can be reconfigured through the control queue",
	      "ctrl_guest_offloads"), ON, LINUX(ALWAYS) },
	{ NET(MTU, "device reports its maximum MTU in config space", "host_mtu"),
	  LIBVIRT("mtu", "size") },
	{ NET(MAC, "device has a MAC address in config space", "mac") },
	{ BIT("VIRTIO_NET_F_", GSO, "device handles any GSO type (legacy interface only)", "gso",
	      VNET_FEATURE_LEGACY), ON, LINUX(LEGACY), LIBVIRT("host", "gso"), WITHDRAWN(NO_HDR) },
	{ NET(GUEST_TSO4, "driver can receive TSOv4 (large IPv4 TCP segments)", "guest_tso4"),
	  ON, LINUX(ALWAYS), LIBVIRT("guest", "tso4"), VNET_HDR(NO_HDR) },
	{ NET(GUEST_TSO6, "driver can receive TSOv6", "guest_tso6"),
	  ON, LINUX(ALWAYS), LIBVIRT("guest", "tso6"), VNET_HDR(NO_HDR) },
	{ NET(GUEST_ECN, "driver can receive TSO with ECN", "guest_ecn"),
	  ON, LINUX(ALWAYS), LIBVIRT("guest", "ecn"), VNET_HDR(NO_HDR) },
	{ NET(GUEST_UFO, "driver can receive UFO (large UDP fragments)", "guest_ufo"),
	  ON, LINUX(ALWAYS), LIBVIRT("guest", "ufo"), VNET_HDR("a tap without UFO") },
	{ NET(HOST_TSO4, "device can receive TSOv4 (guest TX TSO)", "host_tso4"),
	  ON, LINUX(ALWAYS), LIBVIRT("host", "tso4"), VNET_HDR(NO_HDR) },
	{ NET(HOST_TSO6, "device can receive TSOv6", "host_tso6"),
	  ON, LINUX(ALWAYS), LIBVIRT("host", "tso6"), VNET_HDR(NO_HDR) },
	{ NET(HOST_ECN, "device can receive TSO with ECN", "host_ecn"),
	  ON, LINUX(ALWAYS), LIBVIRT("host", "ecn"), VNET_HDR(NO_HDR) },
	{ NET(HOST_UFO, "device can receive UFO", "host_ufo"),
	  ON, LINUX(ALWAYS), LIBVIRT("host", "ufo"), VNET_HDR("a tap without UFO") },
	{ NET(MRG_RXBUF, "driver can merge receive buffers", "mrg_rxbuf"),
	  ON, LINUX(ALWAYS), LIBVIRT("host", "mrg_rxbuf"), WITHDRAWN("a vhost backend") },
	{ NET(STATUS, "link status is reported in config space", "status"), ON, LINUX(ALWAYS) },
	{ NET(CTRL_VQ, "control virtqueue is available", "ctrl_vq"), ON, LINUX(ALWAYS) },
	{ NET(CTRL_RX, "RX mode (promiscuous, all-multicast) via the control queue", "ctrl_rx"),
	  ON, LINUX(ALWAYS) },
	{ NET(CTRL_VLAN, "VLAN filtering via the control queue", "ctrl_vlan"),
	  ON, LINUX(ALWAYS) },
	{ NET(CTRL_RX_EXTRA,
	      "extra RX modes (all-unicast, no-multicast, ...) via the control queue",
	      "ctrl_rx_extra"), ON, LINUX(NEVER) },
	{ NET(GUEST_ANNOUNCE, "driver can send gratuitous packets after migration",
	      "guest_announce"), ON, LINUX(ALWAYS),
	  WITHDRAWN("a vhost-user backend without a control queue") },
	{ NET(MQ, "multiqueue with automatic receive steering", "mq"), OFF, LINUX(ALWAYS) },
	{ NET(CTRL_MAC_ADDR, "MAC address can be set through the control queue",
	      "ctrl_mac_addr"), ON, LINUX(ALWAYS) },
	{ BIT("VIRTIO_F_", NOTIFY_ON_EMPTY,
	      "device notifies when a queue runs empty (legacy interface only)", "notify_on_empty",
	      VNET_FEATURE_LEGACY), ON, LINUX(NEVER) },
	{ BIT("VIRTIO_F_", ANY_LAYOUT,
	      "device accepts any descriptor layout (legacy; implied by VERSION_1)", "any_layout",
	      VNET_FEATURE_LEGACY), ON, LINUX(LEGACY) },
	{ RING(INDIRECT_DESC, "indirect descriptor tables", "indirect_desc"),
	  ON, LINUX(ALWAYS), WITHDRAWN("a vhost backend") },
	{ RING(EVENT_IDX, "used_event/avail_event notification suppression", "event_idx"),
	  ON, LINUX(ALWAYS), LIBVIRT("driver", "event_idx"), WITHDRAWN("a vhost backend") },
	{ TRN(BAD_FEATURE, "QEMU marker for broken legacy negotiation, never accepted", NULL) },
	{ TRN(VERSION_1, "device follows virtio 1.0 or later (modern interface)",
	      "disable-modern") },
	{ TRN(ACCESS_PLATFORM, "device DMA goes through the platform IOMMU", "iommu_platform"),
	  OFF, LINUX(ALWAYS), LIBVIRT("driver", "iommu") },
	{ TRN(RING_PACKED, "packed virtqueue layout", "packed"),
	  OFF, LINUX(ALWAYS), LIBVIRT("driver", "packed"),
	  WITHDRAWN("vhost-net, which has no packed ring") },
	{ TRN(IN_ORDER, "buffers are used in the order they were made available", "in_order") },
	{ TRN(ORDER_PLATFORM, "memory accesses are ordered as by a real hardware device", NULL) },
	{ TRN(SR_IOV, "device supports single root I/O virtualization", NULL) },
	{ TRN(NOTIFICATION_DATA, "driver passes extra data in queue notifications", NULL) },
	{ TRN(NOTIF_CONFIG_DATA, "driver uses a device-provided value in notifications", NULL) },
	{ TRN(RING_RESET, "individual queues can be reset (needed to resize rings)",
	      "queue_reset"), ON_FROM(7, 2), LINUX_SINCE(6, 0), WITHDRAWN("a vhost backend") },
	{ TRN(ADMIN_VQ, "administration virtqueue", NULL) },
	{ TRN(SUSPEND, "device can be suspended through the status register", NULL) },
	{ NET(DEVICE_STATS, "device statistics through the control queue", NULL) },
	{ NET(HASH_TUNNEL, "receive hash over the inner headers of tunnelled packets", NULL) },
	{ NET(VQ_NOTF_COAL, "per-virtqueue notification coalescing", NULL) },
	{ NET(NOTF_COAL, "device-wide notification coalescing", NULL) },
	{ NET(GUEST_USO4, "driver can receive USOv4 (large UDP segments)", "guest_uso4"),
	  ON, QEMU_SINCE(8, 2), LINUX_SINCE(6, 2), WITHDRAWN("a tap without USO") },
	{ NET(GUEST_USO6, "driver can receive USOv6", "guest_uso6"),
	  ON, QEMU_SINCE(8, 2), LINUX_SINCE(6, 2), WITHDRAWN("a tap without USO") },
	{ NET(HOST_USO, "device can receive USO (guest TX UDP segmentation)", "host_uso"),
	  ON, QEMU_SINCE(8, 2), LINUX_SINCE(6, 2), WITHDRAWN("a tap without USO") },
	{ NET(HASH_REPORT, "device reports a packet hash", "hash"),
	  OFF, LINUX_SINCE(5, 17), WITHDRAWN("a vhost backend") },
	{ NET(GUEST_HDRLEN, "driver provides the exact header length", NULL) },
	{ NET(RSS, "receive side scaling with a driver-set indirection table", "rss"),
	  OFF, LINUX_SINCE(5, 17), WITHDRAWN("a vhost backend without eBPF RSS") },
	{ NET(RSC_EXT, "extended coalescing info (RSC) in the header", "guest_rsc_ext"),
	  OFF, LINUX(NEVER) },
	{ NET(STANDBY, "standby for a primary device with the same MAC (failover)", "failover"),
	  OFF, LINUX(ALWAYS) },
	{ NET(SPEED_DUPLEX, "device reports link speed and duplex", "speed/duplex") },
	{ NET(RSS_CONTEXT, "multiple RSS contexts", NULL) },
	{ NET(GUEST_UDP_TUNNEL_GSO, "driver can receive GSO over UDP tunnels", NULL) },
	{ NET(GUEST_UDP_TUNNEL_GSO_CSUM, "driver can receive UDP-tunnel GSO with outer checksum",
	      NULL) },
	{ NET(HOST_UDP_TUNNEL_GSO, "device can receive GSO over UDP tunnels", NULL) },
	{ NET(HOST_UDP_TUNNEL_GSO_CSUM, "device can receive UDP-tunnel GSO with outer checksum",
	      NULL) },
	{ NET(OUT_NET_HEADER, "device reports outer network header info", NULL) },
	{ NET(IPSEC, "IPsec offload", NULL) },
};

VNET_EXPORT const struct vnet_feature_info *vnet_feature_lookup(unsigned int bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].bit == bit)
			return &features[i];
	return NULL;
}

/*
 * All the offload bits QEMU withdraws together, when its backend passes no
 * virtio-net header (socket, stream, dgram, user, ...), missing: a backend
 * without headers, not ten properties set off.
 */
bool vnet_backend_without_vnet_hdr(const struct vnet_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].needs_vnet_hdr &&
		    vnet_dev_has_feature(dev, features[i].bit) != VNET_TRI_NO)
			return false;
	return true;
}

VNET_EXPORT const char *vnet_feature_name(unsigned int bit, char buf[VNET_FEATURE_NAME_LEN])
{
	const struct vnet_feature_info *f = vnet_feature_lookup(bit);

	if (f)
		return f->name;
	snprintf(buf, VNET_FEATURE_NAME_LEN, "BIT_%u", bit);
	return buf;
}

const struct vnet_feature_info *vnet_feature_entry(unsigned int bit)
{
	static const struct vnet_feature_info none = {
		.bit = VNET_FEATURE_BITS, .name = "", .macro = "", .meaning = "", .qemu_property = "",
	};
	const struct vnet_feature_info *f = vnet_feature_lookup(bit);

	return f ? f : &none;
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
