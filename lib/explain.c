// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * explain.c - reconstruct QEMU's -device/-netdev options from the guest's view
 *
 * The principle: what the guest sees directly is certain (a negotiated
 * feature bit means the device offered it, so its property was on; ids and
 * the MSI-X table size are the device's own).  An absent bit is only
 * inferred: the device did not offer it, or the backend withdrew it (tap
 * without virtio-net headers, vhost without packed rings).  Bits this
 * kernel's driver never accepts, and everything about the backend, cannot be
 * known from inside.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"
#include "qmp.h"

#define KV(maj, min) ((maj) * 100 + (min))

enum {
	ACCEPT_ALWAYS = 0,	/* the Linux driver takes it wherever it exists */
	ACCEPT_NEVER = 1,	/* not in the driver's feature table */
	ACCEPT_LEGACY = 2,	/* only in the legacy driver's table */
};

/*
 * Feature-bit properties of virtio-net-pci (QEMU hw/net/virtio-net.c
 * virtio_net_properties[] and DEFINE_VIRTIO_COMMON_FEATURES), their QEMU
 * defaults, and from which Linux version its virtio_net accepts the bit.
 */
static const struct bitprop {
	const char *prop;
	unsigned int bit;
	bool def_on;
	unsigned int accept;		/* ACCEPT_* or a kernel version KV() */
	const char *libvirt;		/* "host csum" -> <host csum='off'/> */
	const char *withdrawn;		/* why a backend may hide it, or NULL */
} bitprops[] = {
	{ "csum", 0, true, ACCEPT_ALWAYS, "host csum", "a backend without virtio-net headers" },
	{ "guest_csum", 1, true, ACCEPT_ALWAYS, "guest csum",
	  "a backend without virtio-net headers" },
	{ "ctrl_guest_offloads", 2, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "gso", 6, true, ACCEPT_LEGACY, "host gso", "a backend without virtio-net headers" },
	{ "guest_tso4", 7, true, ACCEPT_ALWAYS, "guest tso4", "a backend without virtio-net headers" },
	{ "guest_tso6", 8, true, ACCEPT_ALWAYS, "guest tso6", "a backend without virtio-net headers" },
	{ "guest_ecn", 9, true, ACCEPT_ALWAYS, "guest ecn", "a backend without virtio-net headers" },
	{ "guest_ufo", 10, true, ACCEPT_ALWAYS, "guest ufo", "a tap without UFO" },
	{ "host_tso4", 11, true, ACCEPT_ALWAYS, "host tso4", "a backend without virtio-net headers" },
	{ "host_tso6", 12, true, ACCEPT_ALWAYS, "host tso6", "a backend without virtio-net headers" },
	{ "host_ecn", 13, true, ACCEPT_ALWAYS, "host ecn", "a backend without virtio-net headers" },
	{ "host_ufo", 14, true, ACCEPT_ALWAYS, "host ufo", "a tap without UFO" },
	{ "mrg_rxbuf", 15, true, ACCEPT_ALWAYS, "host mrg_rxbuf", "a vhost backend" },
	{ "status", 16, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "ctrl_vq", 17, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "ctrl_rx", 18, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "ctrl_vlan", 19, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "ctrl_rx_extra", 20, true, ACCEPT_NEVER, NULL, NULL },
	{ "guest_announce", 21, true, ACCEPT_ALWAYS, NULL, "a vhost-user backend without a control queue" },
	{ "mq", 22, false, ACCEPT_ALWAYS, NULL, NULL },
	{ "ctrl_mac_addr", 23, true, ACCEPT_ALWAYS, NULL, NULL },
	{ "notify_on_empty", 24, true, ACCEPT_NEVER, NULL, NULL },
	{ "any_layout", 27, true, ACCEPT_LEGACY, NULL, NULL },
	{ "indirect_desc", 28, true, ACCEPT_ALWAYS, NULL, "a vhost backend" },
	{ "event_idx", 29, true, ACCEPT_ALWAYS, "driver event_idx", "a vhost backend" },
	{ "iommu_platform", 33, false, ACCEPT_ALWAYS, "driver iommu", NULL },
	{ "packed", 34, false, ACCEPT_ALWAYS, "driver packed", "vhost-net, which has no packed ring" },
	{ "queue_reset", 40, true, KV(6, 0), NULL, "a vhost backend" },
	{ "guest_uso4", 54, true, KV(6, 2), NULL, "a tap without USO" },
	{ "guest_uso6", 55, true, KV(6, 2), NULL, "a tap without USO" },
	{ "host_uso", 56, true, KV(6, 2), NULL, "a tap without USO" },
	{ "hash", 57, false, KV(5, 17), NULL, "a vhost backend" },
	{ "rss", 60, false, KV(5, 17), NULL, "a vhost backend without eBPF RSS" },
	{ "guest_rsc_ext", 61, false, ACCEPT_NEVER, NULL, NULL },
	{ "failover", 62, false, ACCEPT_ALWAYS, NULL, NULL },
};

/* Properties QEMU gained after 7.2: absent from older QEMU, whatever we see. */
static bool newer_than_72(const char *prop)
{
	return !strncmp(prop, "guest_uso", 9) || !strcmp(prop, "host_uso");
}

VNET_EXPORT const char *vnet_certainty_name(enum vnet_certainty c)
{
	switch (c) {
	case VNET_CERTAIN:
		return "certain";
	case VNET_INFERRED:
		return "inferred";
	case VNET_UNKNOWABLE:
		break;
	}
	return "unknown";
}

static int kernel_version(const char *release)
{
	unsigned int maj, min;

	if (sscanf(release, "%u.%u", &maj, &min) != 2)
		return -1;
	return KV(maj, min);
}

/* "pc-i440fx-7.2" / "pc-q35-8.2" -> 702 / 802 */
static int machine_version(const char *machine)
{
	const char *dash = strrchr(machine, '-');
	unsigned int maj, min;

	if (!dash || sscanf(dash + 1, "%u.%u", &maj, &min) != 2)
		return -1;
	return KV(maj, min);
}

struct builder {
	struct vnet_explanation *e;
	int err;
};

__attribute__((format(printf, 7, 8)))
static struct vnet_prop *prop(struct builder *b, const char *name, const char *scope,
			      enum vnet_certainty c, bool is_default, const char *value,
			      const char *fmt, ...)
{
	struct vnet_prop *p = realloc(b->e->props, (b->e->n + 1) * sizeof(*p));
	va_list ap;

	if (!p) {
		b->err = -ENOMEM;
		return NULL;
	}
	b->e->props = p;
	p = &p[b->e->n++];
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->scope = scope;
	p->certainty = c;
	p->is_default = is_default;
	vnet_strcpy(p->value, c == VNET_UNKNOWABLE ? "" : value, sizeof(p->value));
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	return p;
}

static struct vnet_prop *find(const struct vnet_explanation *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->props[i].name, name))
			return &e->props[i];
	return NULL;
}

/* QEMU's default for @bp on machine type version @mv (-1: unknown, assume current) */
static bool default_on(const struct bitprop *bp, int mv)
{
	/* hw_compat_7_1: queue_reset=off for machine types before 7.2 */
	if (!strcmp(bp->prop, "queue_reset") && mv >= 0 && mv < KV(7, 2))
		return false;
	return bp->def_on;
}

/*
 * The offload bits QEMU withdraws, all together, when its backend passes no
 * virtio-net header (socket, stream, dgram, user, ...): virtio_net_get_features()
 * without peer_has_vnet_hdr()/peer_has_ufo().
 */
static const unsigned int vnet_hdr_bits[] = { 0, 1, 7, 8, 9, 10, 11, 12, 13, 14 };

static bool is_vnet_hdr_bit(unsigned int bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(vnet_hdr_bits); i++)
		if (vnet_hdr_bits[i] == bit)
			return true;
	return false;
}

/* All of them missing: a backend without headers, not ten properties set off. */
static bool backend_without_vnet_hdr(const struct vnet_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(vnet_hdr_bits); i++)
		if (vnet_dev_has_feature(dev, vnet_hdr_bits[i]) != VNET_TRI_NO)
			return false;
	return true;
}

/* @no_hdr: backend_without_vnet_hdr(), decided once for bits and backend type */
static void explain_bits(struct builder *b, const struct vnet_dev *dev, int kv, int mv,
			 bool legacy, bool no_hdr)
{
	for (size_t i = 0; i < ARRAY_SIZE(bitprops); i++) {
		const struct bitprop *bp = &bitprops[i];
		enum vnet_tri has = vnet_dev_has_feature(dev, bp->bit);
		const char *name = vnet_feature_lookup(bp->bit)->name;
		bool def_on = default_on(bp, mv);

		if (has == VNET_TRI_UNKNOWN) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "negotiated features are unknown");
			continue;
		}
		if (legacy && bp->bit >= 32) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "the legacy interface negotiates only bits 0-31 (%s is bit %u)", name,
			     bp->bit);
			continue;
		}
		if (has == VNET_TRI_YES) {
			prop(b, bp->prop, "device", VNET_CERTAIN, def_on, "on",
			     "%s (bit %u) is negotiated", name, bp->bit);
			continue;
		}
		if (bp->accept == ACCEPT_NEVER) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "the Linux driver never accepts %s, so its absence says nothing", name);
			continue;
		}
		if (bp->accept == ACCEPT_LEGACY && !legacy) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "only the legacy interface negotiates %s", name);
			continue;
		}
		if (bp->accept >= 100 && (kv < 0 || kv < (int)bp->accept)) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "this kernel's driver does not accept %s (Linux %u.%u and later do)",
			     name, bp->accept / 100, bp->accept % 100);
			continue;
		}
		if (no_hdr && is_vnet_hdr_bit(bp->bit)) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "every checksum and segmentation offload is missing: the backend "
			     "passes no virtio-net header (socket, stream, user, ...) and QEMU "
			     "withdraws them whatever %s is", bp->prop);
			continue;
		}
		if (newer_than_72(bp->prop)) {
			prop(b, bp->prop, "device", VNET_UNKNOWABLE, false, "",
			     "%s is not offered: QEMU before 8.2 has no %s property, later ones "
			     "withdraw it for %s", name, bp->prop, bp->withdrawn);
			continue;
		}
		prop(b, bp->prop, "device", VNET_INFERRED, !def_on, "off",
		     "%s (bit %u) is not negotiated although the driver accepts it: the device "
		     "did not offer it%s%s", name, bp->bit, bp->withdrawn ? ", or " : "",
		     bp->withdrawn ? bp->withdrawn : "");
	}
}

static void explain_mode(struct builder *b, const struct vnet_dev *dev)
{
	const struct vnet_pci *pci = &dev->pci;

	switch (pci->mode) {
	case VNET_MODE_LEGACY:
		prop(b, "disable-modern", "device", VNET_CERTAIN, false, "on",
		     "device id 0x%04x without virtio capabilities: legacy only", pci->device_id);
		prop(b, "disable-legacy", "device", VNET_CERTAIN, true, "off",
		     "a legacy device keeps its legacy interface");
		break;
	case VNET_MODE_TRANSITIONAL:
		prop(b, "disable-modern", "device", VNET_CERTAIN, true, "off",
		     "virtio capabilities present (modern interface)");
		prop(b, "disable-legacy", "device", VNET_CERTAIN, true, "off",
		     "device id 0x%04x, revision %u: transitional", pci->device_id, pci->revision);
		break;
	case VNET_MODE_MODERN:
		prop(b, "disable-modern", "device", VNET_CERTAIN, true, "off",
		     "device id 0x%04x is modern", pci->device_id);
		prop(b, "disable-legacy", "device", VNET_CERTAIN, false, "on",
		     "device id 0x%04x (0x1040 + type): no legacy interface; also what "
		     "disable-legacy=auto gives behind a PCI Express port", pci->device_id);
		break;
	case VNET_MODE_UNKNOWN:
		prop(b, "disable-modern", "device", VNET_UNKNOWABLE, false, "",
		     "the mode is unknown (the capability list needs root)");
		prop(b, "disable-legacy", "device", VNET_UNKNOWABLE, false, "",
		     "the mode is unknown (the capability list needs root)");
		break;
	}
}

static void explain_pci(struct builder *b, const struct vnet_dev *dev, const struct vnet_system *sys)
{
	const struct vnet_pci *pci = &dev->pci;
	unsigned int dom, bus, slot, fn;
	char v[48];
	bool walked = pci->caps_state == VNET_CAPS_OK || pci->caps_state == VNET_CAPS_NONE;
	unsigned int notify = 0;
	uint32_t mult = VNET_UNKNOWN;

	if (pci->msix_present == VNET_TRI_YES) {
		snprintf(v, sizeof(v), "%u", pci->msix_table_size);
		prop(b, "vectors", "device", VNET_CERTAIN, false, v, "the MSI-X table has %u entries",
		     pci->msix_table_size);
	} else if (pci->msix_present == VNET_TRI_NO) {
		prop(b, "vectors", "device", VNET_CERTAIN, false, "0",
		     "the device has no MSI-X capability");
	} else {
		prop(b, "vectors", "device", VNET_UNKNOWABLE, false, "",
		     "the MSI-X capability is unreadable without root");
	}

	for (unsigned int i = 0; i < pci->n_virtio_caps; i++) {
		if (pci->virtio_caps[i].cfg_type != VNET_CAP_NOTIFY)
			continue;
		notify++;
		mult = pci->virtio_caps[i].notify_off_multiplier;
	}
	if (walked && notify && mult != VNET_UNKNOWN) {
		prop(b, "page-per-vq", "device", VNET_CERTAIN, mult != 0x1000,
		     mult == 0x1000 ? "on" : "off", "notify_off_multiplier is %u", mult);
		/* QEMU adds a second notify capability on an I/O BAR for PIO notify */
		prop(b, "modern-pio-notify", "device", VNET_CERTAIN, notify < 2,
		     notify >= 2 ? "on" : "off", "%u notify capabilit%s", notify,
		     notify == 1 ? "y" : "ies");
	}

	if (sscanf(pci->slot, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) == 4) {
		if (fn)
			snprintf(v, sizeof(v), "0x%x.0x%x", slot, fn);
		else
			snprintf(v, sizeof(v), "0x%x", slot);
		prop(b, "addr", "device", VNET_CERTAIN, false, v, "PCI function %s", pci->slot);
		if (dom == 0 && bus == 0 && strstr(sys->product, "Q35"))
			prop(b, "bus", "device", VNET_CERTAIN, false, "pcie.0",
			     "bus 0 of a Q35 machine");
		else if (dom == 0 && bus == 0 && strstr(sys->product, "i440FX"))
			prop(b, "bus", "device", VNET_CERTAIN, false, "pci.0",
			     "bus 0 of an i440FX machine");
		else
			prop(b, "bus", "device", VNET_UNKNOWABLE, false, "",
			     "the guest sees bus numbers, not QEMU's bus ids");
	}
}

static void explain_queues(struct builder *b, const struct vnet_dev *dev)
{
	const struct vnet_prop *mq = find(b->e, "mq");
	char v[48];

	if (mq && !strcmp(mq->value, "on") && dev->channels.max_combined != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->channels.max_combined);
		prop(b, "queues", "netdev", VNET_CERTAIN, dev->channels.max_combined == 1, v,
		     "MQ: the device reports %u queue pairs (max combined channels)",
		     dev->channels.max_combined);
	} else {
		prop(b, "queues", "netdev", VNET_UNKNOWABLE, false, "",
		     "without MQ the guest cannot see how many queues the netdev has");
	}
	if (dev->rings.rx_max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->rings.rx_max);
		prop(b, "rx_queue_size", "device", VNET_CERTAIN, dev->rings.rx_max == 256, v,
		     "the receive queues hold at most %u descriptors", dev->rings.rx_max);
	}
	if (dev->rings.tx_max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->rings.tx_max);
		prop(b, "tx_queue_size", "device", VNET_INFERRED, dev->rings.tx_max == 256, v,
		     "the transmit queues hold at most %u descriptors; QEMU caps tx_queue_size "
		     "at 256 unless the backend is vhost-user or vDPA", dev->rings.tx_max);
	}
}

static void explain_link(struct builder *b, const struct vnet_dev *dev, bool no_hdr)
{
	enum vnet_tri mtu = vnet_dev_has_feature(dev, 3);
	enum vnet_tri sd = vnet_dev_has_feature(dev, 63);
	char v[48];

	if (mtu == VNET_TRI_YES && dev->mtu.max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->mtu.max);
		prop(b, "host_mtu", "device", VNET_CERTAIN, false, v,
		     "MTU (bit 3) is negotiated and the device's maximum is %u", dev->mtu.max);
	} else if (mtu == VNET_TRI_NO) {
		prop(b, "host_mtu", "device", VNET_INFERRED, true, "0",
		     "MTU (bit 3) is not negotiated: host_mtu is unset (0)");
	}
	if (sd == VNET_TRI_YES) {
		if (dev->link.speed_mbps != VNET_UNKNOWN) {
			snprintf(v, sizeof(v), "%u", dev->link.speed_mbps);
			prop(b, "speed", "device", VNET_CERTAIN, false, v,
			     "SPEED_DUPLEX (bit 63) is negotiated, the device reports %u Mb/s",
			     dev->link.speed_mbps);
		} else {
			prop(b, "speed", "device", VNET_CERTAIN, true, "-1",
			     "SPEED_DUPLEX is negotiated but the speed is unknown: only duplex was set");
		}
		if (dev->link.duplex != VNET_DUPLEX_UNKNOWN)
			prop(b, "duplex", "device", VNET_CERTAIN, false,
			     dev->link.duplex == VNET_DUPLEX_FULL ? "full" : "half",
			     "SPEED_DUPLEX is negotiated, the device reports %s duplex",
			     dev->link.duplex == VNET_DUPLEX_FULL ? "full" : "half");
	} else if (sd == VNET_TRI_NO) {
		prop(b, "speed", "device", VNET_INFERRED, true, "-1",
		     "SPEED_DUPLEX (bit 63) is not negotiated: neither speed nor duplex was set");
		prop(b, "duplex", "device", VNET_INFERRED, true, "",
		     "SPEED_DUPLEX (bit 63) is not negotiated: neither speed nor duplex was set");
	}
	if (*dev->link.permanent_mac && vnet_dev_has_feature(dev, 5) == VNET_TRI_YES)
		prop(b, "mac", "device", VNET_CERTAIN, false, dev->link.permanent_mac,
		     "the device's MAC (config space, MAC feature)");
	prop(b, "vhost", "netdev", VNET_UNKNOWABLE, false, "",
	     "vhost-net moves the data path into the host kernel invisibly to the guest");
	prop(b, "type", "netdev", VNET_UNKNOWABLE, false, "", "%s",
	     no_hdr ? "a backend without virtio-net headers: not tap or vhost (socket, stream, "
		      "dgram, user, ...)"
		    : "tap, vhost-user, vDPA and others look the same from the guest");
}

/* ---- the command line and libvirt fragment ------------------------------ */

struct sbuf {
	char *p;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void sb_add(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->len >= s->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->p + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->len += n;
}

/* Order of the -device options: identity first, as people write them. */
static const char *const arg_order[] = {
	"mac", "bus", "addr", "disable-legacy", "disable-modern", "vectors", "mq",
	"host_mtu", "speed", "duplex", "rx_queue_size", "tx_queue_size", "page-per-vq",
	"modern-pio-notify",
};

static bool in_order_list(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(arg_order); i++)
		if (!strcmp(arg_order[i], name))
			return true;
	return false;
}

static void add_arg(struct sbuf *s, const struct vnet_prop *p)
{
	/* the vectors value is always worth stating: its default depends on hidden queues */
	if (!p || strcmp(p->scope, "device") || !strcmp(p->name, "netdev") ||
	    p->certainty == VNET_UNKNOWABLE ||
	    (p->is_default && strcmp(p->name, "vectors")) || !*p->value)
		return;
	sb_add(s, ",%s=%s", p->name, p->value);
}

static void build_args(struct vnet_explanation *e)
{
	struct sbuf s = { e->device_args, sizeof(e->device_args), 0 };
	const struct vnet_prop *q = find(e, "queues"), *id = find(e, "netdev");
	const struct vnet_prop *type = find(e, "type"), *vhost = find(e, "vhost");
	const char *netdev = id && id->certainty == VNET_CERTAIN ? id->value : "<id>";

	sb_add(&s, "-device %s,netdev=%s", e->model, netdev);
	for (size_t i = 0; i < ARRAY_SIZE(arg_order); i++)
		add_arg(&s, find(e, arg_order[i]));
	for (size_t i = 0; i < e->n; i++)
		if (!in_order_list(e->props[i].name))
			add_arg(&s, &e->props[i]);

	s = (struct sbuf){ e->netdev_args, sizeof(e->netdev_args), 0 };
	sb_add(&s, "-netdev %s,id=%s",
	       type && type->certainty == VNET_CERTAIN ? type->value : "<type>", netdev);
	if (q && q->certainty != VNET_UNKNOWABLE && !q->is_default)
		sb_add(&s, ",queues=%s", q->value);
	if (vhost && vhost->certainty == VNET_CERTAIN && !vhost->is_default)
		sb_add(&s, ",vhost=%s", vhost->value);
}

static void build_libvirt(struct vnet_explanation *e, enum vnet_pci_mode mode, const char *pci_slot)
{
	struct sbuf s = { e->libvirt, sizeof(e->libvirt), 0 };
	const struct vnet_prop *p, *q = find(e, "queues"), *type = find(e, "type");
	const char *model = "virtio";
	unsigned int dom, bus, slot, fn;
	bool host = false, guest = false;

	if (mode == VNET_MODE_MODERN)
		model = "virtio-non-transitional";
	else if (mode == VNET_MODE_TRANSITIONAL)
		model = "virtio-transitional";
	if (type && type->certainty == VNET_CERTAIN && !strcmp(type->value, "tap"))
		sb_add(&s, "<interface type='ethernet'>\n");
	else
		sb_add(&s, "<interface type='...'>\n");
	if ((p = find(e, "mac")))
		sb_add(&s, "  <mac address='%s'/>\n", p->value);
	sb_add(&s, "  <model type='%s'/>\n", model);
	sb_add(&s, "  <driver");
	if ((p = find(e, "vhost")) && p->certainty == VNET_CERTAIN)
		sb_add(&s, " name='%s'", strcmp(p->value, "on") ? "qemu" : "vhost");
	if (q && q->certainty != VNET_UNKNOWABLE && !q->is_default)
		sb_add(&s, " queues='%s'", q->value);
	if ((p = find(e, "rx_queue_size")) && !p->is_default)
		sb_add(&s, " rx_queue_size='%s'", p->value);
	if ((p = find(e, "tx_queue_size")) && !p->is_default)
		sb_add(&s, " tx_queue_size='%s'", p->value);
	for (size_t i = 0; i < ARRAY_SIZE(bitprops); i++) {
		const char *lv = bitprops[i].libvirt;

		p = find(e, bitprops[i].prop);
		if (!lv || !p || p->certainty == VNET_UNKNOWABLE || p->is_default ||
		    strncmp(lv, "driver ", 7))
			continue;
		sb_add(&s, " %s='%s'", lv + 7, p->value);
	}
	sb_add(&s, ">\n");
	for (int pass = 0; pass < 2; pass++) {
		const char *prefix = pass ? "guest " : "host ";
		bool *open = pass ? &guest : &host;

		for (size_t i = 0; i < ARRAY_SIZE(bitprops); i++) {
			const char *lv = bitprops[i].libvirt;

			p = find(e, bitprops[i].prop);
			if (!lv || !p || p->certainty == VNET_UNKNOWABLE || p->is_default ||
			    strncmp(lv, prefix, strlen(prefix)))
				continue;
			if (!*open)
				sb_add(&s, "    <%.*s", (int)strlen(prefix) - 1, prefix);
			*open = true;
			sb_add(&s, " %s='%s'", lv + strlen(prefix), p->value);
		}
		if (*open)
			sb_add(&s, "/>\n");
	}
	sb_add(&s, "  </driver>\n");
	if ((p = find(e, "host_mtu")) && p->certainty == VNET_CERTAIN && !p->is_default)
		sb_add(&s, "  <mtu size='%s'/>\n", p->value);
	if (pci_slot && sscanf(pci_slot, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) == 4)
		sb_add(&s, "  <address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' "
			   "function='0x%x'/>\n", dom, bus, slot, fn);
	sb_add(&s, "</interface>\n");
	/* what libvirt has no attribute for goes through <qemu:override> */
	for (size_t i = 0; i < e->n; i++) {
		static const char *const overridable[] = {
			"vectors", "speed", "duplex", "disable-modern", "indirect_desc",
			"ctrl_vq", "ctrl_rx", "ctrl_vlan", "status", "page-per-vq",
		};

		p = &e->props[i];
		if (p->certainty == VNET_UNKNOWABLE || (p->is_default && strcmp(p->name, "vectors")))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(overridable); k++)
			if (!strcmp(p->name, overridable[k]))
				sb_add(&s, "<!-- libvirt: %s=%s needs <qemu:override> -->\n",
				       p->name, p->value);
	}
}

VNET_EXPORT int vnet_explain(struct vnet_ctx *ctx, struct vnet_dev *dev,
			     struct vnet_explanation *e)
{
	struct builder b = { e, 0 };
	struct vnet_system sys;
	bool legacy, no_hdr;
	int kv, mv, err;

	memset(e, 0, sizeof(*e));
	err = vnet_dev_fill(ctx, dev, VNET_FILL_ALL);
	if (!err)
		err = vnet_system_get(ctx, &sys);
	if (err)
		return err;
	if (!(dev->filled & VNET_FILL_FEATURES))
		return vnet_set_error(ctx, -ENODATA, "%s: feature bits unavailable: %s",
				      dev->virtio_name, vnet_dev_fill_error(dev, VNET_FILL_FEATURES));
	vnet_strcpy(e->device, *dev->ifname ? dev->ifname : dev->virtio_name, sizeof(e->device));
	e->model = !strcmp(dev->bus, "pci") ? "virtio-net-pci" : "virtio-net-device";
	kv = kernel_version(sys.kernel);
	mv = machine_version(sys.machine);
	legacy = vnet_dev_has_feature(dev, 32) == VNET_TRI_NO;
	no_hdr = backend_without_vnet_hdr(dev);

	if (dev->filled & VNET_FILL_PCI) {
		explain_mode(&b, dev);
		explain_pci(&b, dev, &sys);
	}
	explain_bits(&b, dev, kv, mv, legacy, no_hdr);
	explain_queues(&b, dev);
	explain_link(&b, dev, no_hdr);
	if (b.err) {
		vnet_explanation_free(e);
		return b.err;
	}
	build_args(e);
	build_libvirt(e, dev->pci.mode, dev->pci.slot);
	e->source = "guest";
	return 0;
}

VNET_EXPORT void vnet_explanation_free(struct vnet_explanation *e)
{
	free(e->props);
	e->props = NULL;
	e->n = 0;
}

/* ---- the host's view over QMP --------------------------------------------- */

/*
 * Non-feature properties read from QOM, with QEMU 7.2's defaults (NULL: none
 * or not fixed).  Realize resolves disable-legacy=auto, to off on a
 * conventional PCI bus.
 */
static const struct {
	const char *name, *def;
} qom_device_props[] = {
	{ "disable-legacy", "off" }, { "disable-modern", "off" }, { "vectors", NULL },
	{ "page-per-vq", "off" }, { "modern-pio-notify", "off" }, { "host_mtu", "0" },
	{ "speed", "-1" }, { "duplex", "" }, { "rx_queue_size", "256" },
	{ "tx_queue_size", "256" }, { "mac", NULL }, { "addr", NULL }, { "netdev", NULL },
};

/* qom-get as the text QEMU's command line would use; -ENOENT when absent. */
static int qom_get(struct vnet_qmp *q, const char *path, const char *name, char *out,
		   size_t size)
{
	struct json_object *args = json_object_new_object(), *ret;
	int err;

	json_object_object_add(args, "path", json_object_new_string(path));
	json_object_object_add(args, "property", json_object_new_string(name));
	err = vnet_qmp_command(q, "qom-get", args, &ret);
	if (err)
		return err == -EREMOTEIO ? -ENOENT : err;
	if (json_object_is_type(ret, json_type_boolean))
		vnet_strcpy(out, json_object_get_boolean(ret) ? "on" : "off", size);
	else if (json_object_is_type(ret, json_type_int))
		snprintf(out, size, "%lld", (long long)json_object_get_int64(ret));
	else if (json_object_is_type(ret, json_type_string))
		vnet_strcpy(out, json_object_get_string(ret), size);
	else
		*out = '\0';
	json_object_put(ret);
	return 0;
}

/* "info network": the netdev's type and queue count (one line per queue). */
static void netdev_info(const char *text, const char *id, char *type, size_t size,
			unsigned int *queues)
{
	size_t idlen = strlen(id);

	*queues = 0;
	*type = '\0';
	for (const char *line = text; line && *line;) {
		const char *p = line + strspn(line, " \\\t"), *t;
		const char *nl = strchr(line, '\n');

		if (!strncmp(p, id, idlen) && p[idlen] == ':') {
			(*queues)++;
			t = strstr(p, "type=");
			if (t && (!nl || t < nl)) {
				size_t n = strcspn(t + 5, ",\r\n");

				snprintf(type, size, "%.*s", (int)n, t + 5);
			}
		}
		line = nl ? nl + 1 : NULL;
	}
}

static int explain_qom_device(struct vnet_ctx *ctx, struct vnet_qmp *q, const char *path,
			      const char *id, const char *network, struct vnet_explanation *e)
{
	struct builder b = { e, 0 };
	char v[128], type[32], bus[128] = "", slot[32] = "", backend[192];
	const struct vnet_prop *p;
	struct vnet_prop *vectors;
	unsigned int queues;
	struct json_object *args, *ret;
	enum vnet_pci_mode mode;
	int err;

	memset(e, 0, sizeof(*e));
	e->source = "qmp";
	e->model = "virtio-net-pci";
	vnet_strcpy(e->device, id, sizeof(e->device));
	vnet_strcpy(e->qom_path, path, sizeof(e->qom_path));

	for (size_t i = 0; i < ARRAY_SIZE(bitprops); i++) {
		err = qom_get(q, path, bitprops[i].prop, v, sizeof(v));
		if (err == -ENOENT)
			continue;	/* not a property of this QEMU */
		if (err)
			goto fail;
		prop(&b, bitprops[i].prop, "device", VNET_CERTAIN,
		     !strcmp(v, bitprops[i].def_on ? "on" : "off"), v, "QOM %s", bitprops[i].prop);
	}
	for (size_t i = 0; i < ARRAY_SIZE(qom_device_props); i++) {
		const char *name = qom_device_props[i].name;

		err = qom_get(q, path, name, v, sizeof(v));
		if (err == -ENOENT)
			continue;
		if (err)
			goto fail;
		if (!strcmp(name, "addr")) {
			/* QOM holds devfn */
			unsigned int devfn = strtoul(v, NULL, 10);

			if (devfn & 7)
				snprintf(v, sizeof(v), "0x%x.0x%x", devfn >> 3, devfn & 7);
			else
				snprintf(v, sizeof(v), "0x%x", devfn >> 3);
			snprintf(slot, sizeof(slot), "0000:00:%02x.%x", devfn >> 3, devfn & 7);
		}
		prop(&b, name, "device", VNET_CERTAIN,
		     qom_device_props[i].def && !strcmp(v, qom_device_props[i].def), v, "QOM %s",
		     name);
	}
	if (!qom_get(q, path, "parent_bus", bus, sizeof(bus))) {
		const char *base = strrchr(bus, '/');

		base = base ? base + 1 : bus;
		prop(&b, "bus", "device", VNET_CERTAIN, false, base, "QOM parent_bus %s", bus);
		/* the guest's domain:bus numbers are only obvious on the root bus */
		if (strcmp(base, "pci.0") && strcmp(base, "pcie.0"))
			*slot = '\0';
	}

	p = find(e, "netdev");
	netdev_info(network, p ? p->value : "", type, sizeof(type), &queues);
	if (*type) {
		snprintf(v, sizeof(v), "%u", queues);
		prop(&b, "queues", "netdev", VNET_CERTAIN, queues == 1, v,
		     "\"info network\" lists %u queue%s", queues, queues == 1 ? "" : "s");
		prop(&b, "type", "netdev", VNET_CERTAIN, false, type, "\"info network\"");
		/* QEMU's default vectors follow the netdev's queues */
		vectors = find(e, "vectors");
		if (vectors)
			vectors->is_default = strtoul(vectors->value, NULL, 10) == 2 * queues + 2;
	}
	snprintf(backend, sizeof(backend), "%s/virtio-backend", path);
	args = json_object_new_object();
	json_object_object_add(args, "path", json_object_new_string(backend));
	err = vnet_qmp_command(q, "x-query-virtio-status", args, &ret);
	if (!err) {
		bool vhost = json_object_object_get_ex(ret, "vhost-dev", NULL);

		prop(&b, "vhost", "netdev", VNET_CERTAIN, !vhost, vhost ? "on" : "off",
		     "x-query-virtio-status shows %s vhost device", vhost ? "a" : "no");
		json_object_put(ret);
	} else if (err == -EREMOTEIO) {
		prop(&b, "vhost", "netdev", VNET_UNKNOWABLE, false, "",
		     "this QEMU has no x-query-virtio-status (QEMU 7.2 and later do)");
	} else {
		goto fail;
	}
	vnet_clear_error(ctx);
	if (b.err) {
		err = b.err;
		goto fail;
	}

	p = find(e, "disable-modern");
	mode = VNET_MODE_TRANSITIONAL;
	if (p && !strcmp(p->value, "on"))
		mode = VNET_MODE_LEGACY;
	else if ((p = find(e, "disable-legacy")) && !strcmp(p->value, "on"))
		mode = VNET_MODE_MODERN;
	build_args(e);
	build_libvirt(e, mode, *slot ? slot : NULL);
	return 0;
fail:
	vnet_explanation_free(e);
	return err;
}

VNET_EXPORT int vnet_explain_qmp(struct vnet_ctx *ctx, const char *socket,
				 struct vnet_explanation **out, size_t *n)
{
	static const char *const dirs[] = { "/machine/peripheral", "/machine/peripheral-anon" };
	struct vnet_explanation *list = NULL;
	struct json_object *args, *network = NULL;
	struct vnet_qmp *q;
	size_t count = 0;
	int err;

	*out = NULL;
	*n = 0;
	err = vnet_qmp_open(ctx, socket, &q);
	if (err)
		return err;
	args = json_object_new_object();
	json_object_object_add(args, "command-line", json_object_new_string("info network"));
	err = vnet_qmp_command(q, "human-monitor-command", args, &network);
	for (size_t d = 0; !err && d < ARRAY_SIZE(dirs); d++) {
		struct json_object *children;

		args = json_object_new_object();
		json_object_object_add(args, "path", json_object_new_string(dirs[d]));
		err = vnet_qmp_command(q, "qom-list", args, &children);
		for (size_t i = 0; !err && i < json_object_array_length(children); i++) {
			struct json_object *c = json_object_array_get_idx(children, i), *t, *nm;
			struct vnet_explanation *grown;
			char path[160];	/* fits backend[] in explain_qom_device() */

			if (!json_object_object_get_ex(c, "type", &t) ||
			    !json_object_object_get_ex(c, "name", &nm) ||
			    strncmp(json_object_get_string(t), "child<virtio-net-pci", 20))
				continue;
			grown = realloc(list, (count + 1) * sizeof(*list));
			if (!grown) {
				err = vnet_set_error(ctx, -ENOMEM, "qmp: out of memory");
				break;
			}
			list = grown;
			snprintf(path, sizeof(path), "%s/%s", dirs[d], json_object_get_string(nm));
			err = explain_qom_device(ctx, q, path, json_object_get_string(nm),
						 json_object_get_string(network), &list[count]);
			if (!err)
				count++;
		}
		json_object_put(children);
	}
	json_object_put(network);
	vnet_qmp_close(q);
	if (err) {
		vnet_explanations_free(list, count);
		return err;
	}
	*out = list;
	*n = count;
	return 0;
}

VNET_EXPORT void vnet_explanations_free(struct vnet_explanation *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vnet_explanation_free(&e[i]);
	free(e);
}
