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

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"
#include "qmp.h"

/*
 * The feature-bit properties of virtio-net-pci are the feature table's on/off
 * switches (qemu_default set): their defaults, which Linux versions accept
 * each bit, what backend may withdraw it and its libvirt spelling all come
 * from there.
 */
static bool is_switch(const struct vnet_feature_info *fi)
{
	return fi->qemu_property && fi->qemu_default != VNET_QEMU_DEFAULT_NONE;
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
	return VNET_VER(maj, min);
}

/* "pc-i440fx-7.2" / "pc-q35-8.2" -> 702 / 802 */
static int machine_version(const char *machine)
{
	const char *dash = strrchr(machine, '-');
	unsigned int maj, min;

	if (!dash || sscanf(dash + 1, "%u.%u", &maj, &min) != 2)
		return -1;
	return VNET_VER(maj, min);
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
	/* an unknown value is empty, or a placeholder the user must fill in ("<root port>") */
	vnet_strcpy(p->value, c == VNET_UNKNOWABLE && *value != '<' ? "" : value,
		    sizeof(p->value));
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	return p;
}

static struct vnet_prop *find(const struct vnet_explanation *e, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->props[i].name, name))
			return &e->props[i];
	return NULL;
}

/* QEMU's default for @fi on machine type version @mv (-1: unknown, assume current) */
static bool default_on(const struct vnet_feature_info *fi, int mv)
{
	bool on = fi->qemu_default == VNET_QEMU_DEFAULT_ON;

	/* hw_compat: older machine types have the other default */
	if (fi->qemu_default_since && mv >= 0 && mv < (int)fi->qemu_default_since)
		return !on;
	return on;
}

/* The certain or inferred value of switch @fi from the negotiated bits. */
static void explain_bit(struct builder *b, const struct vnet_feature_info *fi,
			const struct vnet_dev *dev, int kv, int mv, bool legacy, bool no_hdr)
{
	enum vnet_tri has = vnet_dev_has_feature(dev, fi->bit);
	const char *prop_name = fi->qemu_property, *name = fi->name;
	bool def_on = default_on(fi, mv);

	if (has == VNET_TRI_UNKNOWN) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "negotiated features are unknown");
	} else if (legacy && fi->bit >= VNET_LEGACY_FEATURE_BITS) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "the legacy interface negotiates only bits 0-%u (%s is bit %u)",
		     VNET_LEGACY_FEATURE_BITS - 1, name, fi->bit);
	} else if (has == VNET_TRI_YES) {
		prop(b, prop_name, "device", VNET_CERTAIN, def_on, "on",
		     "%s (bit %u) is negotiated", name, fi->bit);
	} else if (fi->linux_accept == VNET_LINUX_NEVER) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "the Linux driver never accepts %s, so its absence says nothing", name);
	} else if (fi->linux_accept == VNET_LINUX_UNRECORDED) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "whether the Linux driver accepts %s is not recorded", name);
	} else if (fi->linux_accept == VNET_LINUX_LEGACY && !legacy) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "only the legacy interface negotiates %s", name);
	} else if (fi->linux_accept == VNET_LINUX_SINCE &&
		   (kv < 0 || kv < (int)fi->linux_since)) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "this kernel's driver does not accept %s (Linux %u.%u and later do)",
		     name, fi->linux_since / 100, fi->linux_since % 100);
	} else if (no_hdr && fi->needs_vnet_hdr) {
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "every checksum and segmentation offload is missing: the backend "
		     "passes no virtio-net header (socket, stream, user, ...) and QEMU "
		     "withdraws them whatever %s is", prop_name);
	} else if (fi->qemu_since) {
		/* absent from older QEMU, so its absence does not say it was set off */
		prop(b, prop_name, "device", VNET_UNKNOWABLE, false, "",
		     "%s is not offered: QEMU before %u.%u has no %s property, later ones "
		     "withdraw it for %s", name, fi->qemu_since / 100, fi->qemu_since % 100,
		     prop_name, fi->withdrawn_by ? fi->withdrawn_by : "some backends");
	} else {
		prop(b, prop_name, "device", VNET_INFERRED, !def_on, "off",
		     "%s (bit %u) is not negotiated although the driver accepts it: the device "
		     "did not offer it%s%s", name, fi->bit, fi->withdrawn_by ? ", or " : "",
		     fi->withdrawn_by ? fi->withdrawn_by : "");
	}
}

/* @no_hdr: vnet_backend_without_vnet_hdr(), decided once for bits and backend type */
static void explain_bits(struct builder *b, const struct vnet_dev *dev, int kv, int mv,
			 bool legacy, bool no_hdr)
{
	const struct vnet_feature_info *fi;

	for (size_t i = 0; (fi = vnet_feature_at(i)); i++)
		if (is_switch(fi))
			explain_bit(b, fi, dev, kv, mv, legacy, no_hdr);
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
		/* disable-legacy=auto turns legacy off behind a PCIe port */
		prop(b, "disable-legacy", "device", VNET_CERTAIN, pci->express != VNET_TRI_YES,
		     "off", "device id 0x%04x, revision %u: transitional%s", pci->device_id,
		     pci->revision, pci->express == VNET_TRI_YES ?
		     " although behind a PCI Express port, where the default is on" : "");
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

/*
 * QEMU's bus id.  Only a root bus has a name the guest can know; behind a
 * bridge the addr is relative to a bus whose id the guest cannot see, so the
 * line carries a placeholder rather than an addr QEMU would put on the root
 * bus (where slot 0 is the host bridge's).
 */
static void explain_bus(struct builder *b, const struct vnet_pci *pci,
			const struct vnet_system *sys, unsigned int dom, unsigned int bus)
{
	/* a PCIe function whose bridge sits on bus 0 hangs off a root port */
	bool root_port = pci->express == VNET_TRI_YES && !strncmp(pci->parent, "0000:00:", 8);

	if (dom == 0 && bus == 0 && strstr(sys->product, "Q35"))
		prop(b, "bus", "device", VNET_CERTAIN, false, "pcie.0", "bus 0 of a Q35 machine");
	else if (dom == 0 && bus == 0 && strstr(sys->product, "i440FX"))
		prop(b, "bus", "device", VNET_CERTAIN, false, "pci.0",
		     "bus 0 of an i440FX machine");
	else if (dom == 0 && bus == 0)
		prop(b, "bus", "device", VNET_UNKNOWABLE, false, "",
		     "bus 0, of a machine type the guest does not recognise: QEMU's default bus");
	else if (*pci->parent)
		prop(b, "bus", "device", VNET_UNKNOWABLE, false,
		     root_port ? "<root port>" : "<bridge>",
		     "required: the id of the %s at %s, which the guest cannot see (addr is "
		     "on its bus)", root_port ? "PCIe root port" : "bridge", pci->parent);
	else
		prop(b, "bus", "device", VNET_UNKNOWABLE, false, "<bus>",
		     "required: the id of the bus of %s, which the guest cannot see", pci->slot);
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
		prop(b, "vectors", "device", VNET_CERTAIN, false, v,
		     "the MSI-X table has %u entr%s", pci->msix_table_size,
		     pci->msix_table_size == 1 ? "y" : "ies");
	} else if (pci->msix_present == VNET_TRI_NO) {
		prop(b, "vectors", "device", VNET_CERTAIN, false, "0",
		     "the device has no MSI-X capability");
	} else {
		prop(b, "vectors", "device", VNET_UNKNOWABLE, false, "",
		     dev->netkvm ? "Windows shows no PCI config space (NetKVM)" :
				   "the MSI-X capability is unreadable without root");
	}

	for (unsigned int i = 0; i < pci->n_virtio_caps; i++)
		notify += pci->virtio_caps[i].cfg_type == VNET_CAP_NOTIFY;
	if (vnet_pci_notify_cap(pci))
		mult = vnet_pci_notify_cap(pci)->notify_off_multiplier;
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
		if (pci->multifunction != VNET_TRI_UNKNOWN)
			prop(b, "multifunction", "device", VNET_CERTAIN,
			     pci->multifunction == VNET_TRI_NO,
			     pci->multifunction == VNET_TRI_YES ? "on" : "off",
			     "the header type of %s has the multifunction bit %s", pci->slot,
			     pci->multifunction == VNET_TRI_YES ? "set" : "clear");
		explain_bus(b, pci, sys, dom, bus);
	}
}

/*
 * virtio-mmio (QEMU microvm): the transport is the virtio-mmio proxy, whose
 * only choice is its register layout, "force-legacy" (default on: version 1;
 * off: version 2 with VERSION_1; hw/virtio/virtio-mmio.c, docs/vmms.md
 * section 4.4).  It is set for every proxy of the machine with
 * "-global virtio-mmio.force-legacy=off"; the proxy has no vectors, addr,
 * bus or disable-* properties.
 */
static void explain_mmio(struct builder *b, const struct vnet_dev *dev)
{
	const struct vnet_mmio *m = &dev->mmio;

	if (m->version == 1 || m->version == 2)
		prop(b, "force-legacy", "global", VNET_CERTAIN, m->version == 1,
		     m->version == 1 ? "on" : "off",
		     "virtio-mmio version %u (%s negotiated): -global "
		     "virtio-mmio.force-legacy applies to every virtio-mmio device",
		     m->version, m->version == 1 ? "VERSION_1 not" : "VERSION_1");
	else
		prop(b, "force-legacy", "global", VNET_UNKNOWABLE, false, "",
		     "the driver has not agreed on features: the version is unknown");
}

/* An explained property that the virtio-mmio transport hides from the guest. */
static void mmio_hides(struct vnet_explanation *e, const char *name, const char *why)
{
	struct vnet_prop *p = find(e, name);

	if (!p)
		return;
	p->certainty = VNET_UNKNOWABLE;
	p->is_default = false;
	p->value[0] = '\0';
	vnet_strcpy(p->reason, why, sizeof(p->reason));
}

/*
 * What the guest cannot learn over virtio-mmio: QEMU's QueueNumMax is
 * VIRTQUEUE_MAX_SIZE (1024) whatever rx_queue_size/tx_queue_size say
 * (hw/virtio/virtio-mmio.c), and Linux negotiates RING_RESET only over
 * virtio-pci (vp_transport_features()), so its absence says nothing.
 */
static void explain_mmio_hidden(struct vnet_explanation *e)
{
	static const char sizes[] = "QEMU's virtio-mmio offers 1024 entries per queue "
				    "(QueueNumMax) whatever the queue size property is";

	mmio_hides(e, "rx_queue_size", sizes);
	mmio_hides(e, "tx_queue_size", sizes);
	mmio_hides(e, vnet_feature_entry(VNET_F_RING_RESET)->qemu_property,
		   "Linux negotiates RING_RESET only over virtio-pci: on virtio-mmio its absence "
		   "says nothing");
}

/* The transport's options after the -device line, as QEMU takes them. */
static void build_mmio_args(struct vnet_explanation *e)
{
	const struct vnet_prop *p = find(e, "force-legacy");
	size_t len = strlen(e->device_args);

	if (p && p->certainty != VNET_UNKNOWABLE && !p->is_default)
		snprintf(e->device_args + len, sizeof(e->device_args) - len,
			 " -global virtio-mmio.force-legacy=%s", p->value);
}

/* libvirt's virtio-mmio address (Arm virt, RISC-V virt); it has no force-legacy knob. */
static void build_mmio_libvirt(struct vnet_explanation *e)
{
	const struct vnet_prop *p = find(e, "force-legacy");
	char *end = strstr(e->libvirt, "</interface>\n");
	size_t len;

	if (!end)
		return;
	len = end - e->libvirt;
	snprintf(end, sizeof(e->libvirt) - len, "  <address type='virtio-mmio'/>\n"
		 "</interface>\n%s%s%s", p && p->certainty != VNET_UNKNOWABLE && !p->is_default ?
		 "<!-- libvirt: -global virtio-mmio.force-legacy=" : "",
		 p && p->certainty != VNET_UNKNOWABLE && !p->is_default ? p->value : "",
		 p && p->certainty != VNET_UNKNOWABLE && !p->is_default ?
		 " needs <qemu:commandline> -->\n" : "");
}

static void explain_queues(struct builder *b, const struct vnet_dev *dev)
{
	const struct vnet_prop *mq = find(b->e, "mq");
	char v[48];

	if (mq && !strcmp(mq->value, "on") && dev->channels.max_combined != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->channels.max_combined);
		prop(b, "queues", "netdev", VNET_CERTAIN, dev->channels.max_combined == 1, v,
		     "MQ: the device reports %u queue pair%s (max combined channels)",
		     dev->channels.max_combined, dev->channels.max_combined == 1 ? "" : "s");
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

static void explain_link(struct builder *b, const struct vnet_dev *dev, bool legacy, bool no_hdr)
{
	const struct vnet_feature_info *fm = vnet_feature_entry(VNET_F_MTU);
	const struct vnet_feature_info *fs = vnet_feature_entry(VNET_F_SPEED_DUPLEX);
	const struct vnet_feature_info *fmac = vnet_feature_entry(VNET_F_MAC);
	enum vnet_tri mtu = vnet_dev_has_feature(dev, VNET_F_MTU);
	enum vnet_tri sd = vnet_dev_has_feature(dev, VNET_F_SPEED_DUPLEX);
	/* Linux's ETH_MIN_MTU, from the table "set mtu=" validates with */
	int64_t min_mtu = vnet_tunable_lookup("mtu")->min;
	char v[48];

	if (!fm->qemu_property) {
		/* no property to name */
	} else if (mtu == VNET_TRI_YES && dev->mtu.max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->mtu.max);
		prop(b, fm->qemu_property, "device", VNET_CERTAIN, false, v,
		     "%s (bit %u) is negotiated and the device's maximum is %u", fm->name, fm->bit,
		     dev->mtu.max);
	} else if (mtu == VNET_TRI_NO && !dev->features.offered_known) {
		/* QEMU offers MTU for any host_mtu; Linux drops it below its minimum */
		prop(b, fm->qemu_property, "device", VNET_UNKNOWABLE, false, "",
		     "%s (bit %u) is not negotiated: %s is unset (0), or below Linux's minimum "
		     "MTU of %u, which the driver refuses (the bits offered are not visible: "
		     "debugfs device_features, Linux 6.10+)", fm->name, fm->bit,
		     fm->qemu_property, (unsigned int)min_mtu);
	} else if (mtu == VNET_TRI_NO && vnet_bit_test(dev->features.offered, fm->bit)) {
		prop(b, fm->qemu_property, "device", VNET_UNKNOWABLE, false, "",
		     "%s (bit %u) is offered but not negotiated: %s is set below Linux's "
		     "minimum MTU of %u, which the driver refuses", fm->name, fm->bit,
		     fm->qemu_property, (unsigned int)min_mtu);
	} else if (mtu == VNET_TRI_NO) {
		prop(b, fm->qemu_property, "device", VNET_CERTAIN, true, "0",
		     "%s (bit %u) is not offered: %s is unset (0)", fm->name, fm->bit,
		     fm->qemu_property);
	}
	/* QEMU's speed and duplex properties together set SPEED_DUPLEX */
	if (sd == VNET_TRI_YES) {
		if (dev->link.speed_mbps != VNET_UNKNOWN) {
			snprintf(v, sizeof(v), "%u", dev->link.speed_mbps);
			prop(b, "speed", "device", VNET_CERTAIN, false, v,
			     "%s (bit %u) is negotiated, the device reports %u Mb/s", fs->name,
			     fs->bit, dev->link.speed_mbps);
		} else {
			prop(b, "speed", "device", VNET_CERTAIN, true, "-1",
			     "%s is negotiated but the speed is unknown: only duplex was set",
			     fs->name);
		}
		if (dev->link.duplex != VNET_DUPLEX_UNKNOWN)
			prop(b, "duplex", "device", VNET_CERTAIN, false,
			     dev->link.duplex == VNET_DUPLEX_FULL ? "full" : "half",
			     "%s is negotiated, the device reports %s duplex", fs->name,
			     dev->link.duplex == VNET_DUPLEX_FULL ? "full" : "half");
	} else if (sd == VNET_TRI_NO && legacy) {
		/* the absent bit is the interface's limit, not the configuration */
		prop(b, "speed", "device", VNET_UNKNOWABLE, false, "",
		     "the legacy interface negotiates only bits 0-%u (%s is bit %u)",
		     VNET_LEGACY_FEATURE_BITS - 1, fs->name, fs->bit);
		prop(b, "duplex", "device", VNET_UNKNOWABLE, false, "",
		     "the legacy interface negotiates only bits 0-%u (%s is bit %u)",
		     VNET_LEGACY_FEATURE_BITS - 1, fs->name, fs->bit);
	} else if (sd == VNET_TRI_NO) {
		prop(b, "speed", "device", VNET_INFERRED, true, "-1",
		     "%s (bit %u) is not negotiated: neither speed nor duplex was set", fs->name,
		     fs->bit);
		prop(b, "duplex", "device", VNET_INFERRED, true, "",
		     "%s (bit %u) is not negotiated: neither speed nor duplex was set", fs->name,
		     fs->bit);
	}
	if (*dev->link.permanent_mac && fmac->qemu_property &&
	    vnet_dev_has_feature(dev, VNET_F_MAC) == VNET_TRI_YES)
		prop(b, fmac->qemu_property, "device", VNET_CERTAIN, false, dev->link.permanent_mac,
		     "the device's MAC (config space, %s feature)", fmac->name);
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

/*
 * One escaper per language the fragments are written in.  The values come
 * from the guest (numbers and on/off we format ourselves, a MAC) or, with
 * --qmp, from whatever the QMP peer answered (ids, MACs, types): a value
 * must stay a value when the fragment is pasted.  The placeholders we write
 * for the user to fill ("<id>", "<root port>") are ours and stay as they are.
 */
static void sb_putc(struct sbuf *s, char c)
{
	if (s->len + 1 < s->size) {
		s->p[s->len++] = c;
		s->p[s->len] = '\0';
	} else {
		s->len = s->size;	/* full: sb_add() adds nothing more either */
	}
}

static void sb_puts(struct sbuf *s, const char *str)
{
	while (*str)
		sb_putc(s, *str++);
}

/*
 * A QEMU option value (QemuOpts: "," doubled) as POSIX shell text: as it is
 * when every byte is one the shell takes literally, else in single quotes
 * with each ' as '\''.  Control bytes stay inside the quotes (the shell
 * needs them so); the text printer shows them escaped.
 */
static void sb_shell(struct sbuf *s, const char *v, bool qemu_opts)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_@%+=:,./-";
	bool quote = !*v || v[strspn(v, plain)];

	if (quote)
		sb_putc(s, '\'');
	for (; *v; v++) {
		if (*v == '\'' )
			sb_puts(s, "'\\''");
		else if (*v == ',' && qemu_opts)
			sb_puts(s, ",,");
		else
			sb_putc(s, *v);
	}
	if (quote)
		sb_putc(s, '\'');
}

/* A value the user fills in, which we wrote ourselves: never escaped. */
static bool placeholder(const char *v)
{
	return *v == '<';
}

/* A QEMU option value on a command line: the placeholder, or escaped. */
static void sb_qemu_value(struct sbuf *s, const char *v)
{
	if (placeholder(v))
		sb_puts(s, v);
	else
		sb_shell(s, v, true);
}

/*
 * XML character data and attribute values (either quote); in a comment, no
 * "--" and no "-" before the closing "-->".
 */
static void sb_xml(struct sbuf *s, const char *v, bool comment)
{
	for (; *v; v++) {
		switch (*v) {
		case '&':
			sb_puts(s, "&amp;");
			break;
		case '<':
			sb_puts(s, "&lt;");
			break;
		case '>':
			sb_puts(s, "&gt;");
			break;
		case '\'':
			sb_puts(s, "&apos;");
			break;
		case '"':
			sb_puts(s, "&quot;");
			break;
		case '-':
			sb_puts(s, comment && (v[1] == '-' || !v[1]) ? "&#45;" : "-");
			break;
		case '\t':
		case '\n':
		case '\r':
			/* a parser would turn them into spaces in an attribute */
			sb_add(s, "&#%d;", *v);
			break;
		default:
			/* XML 1.0 has no way to write other C0 controls: U+FFFD */
			if ((unsigned char)*v < 0x20)
				sb_puts(s, "\xef\xbf\xbd");
			else
				sb_putc(s, *v);
		}
	}
}

/* A JSON string, quotes included (json-c's escaping). */
static void sb_json(struct sbuf *s, const char *v)
{
	struct json_object *o = json_object_new_string(v);

	vnet_json_make_utf8(o);
	sb_puts(s, o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE) : "\"\"");
	json_object_put(o);
}

/* Order of the -device options: identity first, as people write them. */
static const char *const arg_order[] = {
	"mac", "bus", "addr", "multifunction", "disable-legacy", "disable-modern", "vectors", "mq",
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
	if (!p || strcmp(p->scope, "device") || !strcmp(p->name, "netdev") || !*p->value)
		return;
	/* an unknown value only as a placeholder QEMU needs filled ("bus=<root port>") */
	if (p->certainty == VNET_UNKNOWABLE && *p->value != '<')
		return;
	/* the vectors value is always worth stating: its default depends on hidden queues */
	if (p->certainty != VNET_UNKNOWABLE && p->is_default && strcmp(p->name, "vectors"))
		return;
	sb_add(s, ",%s=", p->name);
	sb_qemu_value(s, p->value);
}

static void build_args(struct vnet_explanation *e)
{
	struct sbuf s = { e->device_args, sizeof(e->device_args), 0 };
	const struct vnet_prop *q = find(e, "queues"), *id = find(e, "netdev");
	const struct vnet_prop *type = find(e, "type"), *vhost = find(e, "vhost");
	const char *netdev = id && id->certainty == VNET_CERTAIN ? id->value : "<id>";

	sb_add(&s, "-device %s,netdev=", e->model);
	sb_qemu_value(&s, netdev);
	for (size_t i = 0; i < ARRAY_SIZE(arg_order); i++)
		add_arg(&s, find(e, arg_order[i]));
	for (size_t i = 0; i < e->n; i++)
		if (!in_order_list(e->props[i].name))
			add_arg(&s, &e->props[i]);

	s = (struct sbuf){ e->netdev_args, sizeof(e->netdev_args), 0 };
	sb_add(&s, "-netdev ");
	sb_qemu_value(&s, type && type->certainty == VNET_CERTAIN ? type->value : "<type>");
	sb_add(&s, ",id=");
	sb_qemu_value(&s, netdev);
	if (q && q->certainty != VNET_UNKNOWABLE && !q->is_default) {
		sb_add(&s, ",queues=");
		sb_qemu_value(&s, q->value);
	}
	if (vhost && vhost->certainty == VNET_CERTAIN && !vhost->is_default) {
		sb_add(&s, ",vhost=");
		sb_qemu_value(&s, vhost->value);
	}
}

/*
 * The attributes of libvirt's <@elem> for the switches set otherwise than
 * QEMU's default; @element: open and close the element here (<host .../>).
 */
static void libvirt_attrs(struct sbuf *s, const struct vnet_explanation *e, const char *elem,
			  bool element)
{
	const struct vnet_feature_info *fi;
	bool any = false;

	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		const struct vnet_prop *p;

		if (!is_switch(fi) || !fi->libvirt_element || strcmp(fi->libvirt_element, elem))
			continue;
		p = find(e, fi->qemu_property);
		if (!p || p->certainty == VNET_UNKNOWABLE || p->is_default)
			continue;
		if (!any && element)
			sb_add(s, "    <%s", elem);
		any = true;
		sb_add(s, " %s='", fi->libvirt_attr);
		sb_xml(s, p->value, false);
		sb_add(s, "'");
	}
	if (any && element)
		sb_add(s, "/>\n");
}

/*
 * Whether libvirt's <interface> can say @p: the switches with a libvirt
 * attribute (the feature table), mq (libvirt derives it from queues) and
 * the element's own facts (mac, address, model, mtu, queue sizes).
 */
static bool libvirt_expresses(const struct vnet_prop *p)
{
	static const char *const expressed[] = {
		"mac", "bus", "addr", "multifunction", "disable-legacy", "host_mtu", "mq",
		"rx_queue_size", "tx_queue_size",
	};
	const struct vnet_feature_info *fi;

	if (strcmp(p->scope, "device") || !strcmp(p->name, "netdev"))
		return true;
	for (size_t k = 0; k < ARRAY_SIZE(expressed); k++)
		if (!strcmp(p->name, expressed[k]))
			return true;
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++)
		if (is_switch(fi) && !strcmp(fi->qemu_property, p->name))
			return fi->libvirt_element != NULL;
	return false;
}

/* " name='value'" */
static void xml_attr(struct sbuf *s, const char *name, const char *value)
{
	sb_add(s, " %s='", name);
	sb_xml(s, value, false);
	sb_add(s, "'");
}

static void build_libvirt(struct vnet_explanation *e, enum vnet_pci_mode mode, const char *pci_slot)
{
	struct sbuf s = { e->libvirt, sizeof(e->libvirt), 0 };
	const struct vnet_prop *p, *q = find(e, "queues"), *type = find(e, "type");
	const struct vnet_prop *mf = find(e, "multifunction");
	const struct vnet_feature_info *mtu = vnet_feature_entry(VNET_F_MTU);
	const char *model = "virtio";
	unsigned int dom, bus, slot, fn;

	if (mode == VNET_MODE_MODERN)
		model = "virtio-non-transitional";
	else if (mode == VNET_MODE_TRANSITIONAL)
		model = "virtio-transitional";
	if (type && type->certainty == VNET_CERTAIN && !strcmp(type->value, "tap"))
		sb_add(&s, "<interface type='ethernet'>\n");
	else
		sb_add(&s, "<interface type='...'>\n");
	p = find(e, vnet_feature_entry(VNET_F_MAC)->qemu_property);
	if (p && p->certainty != VNET_UNKNOWABLE) {
		sb_add(&s, "  <mac");
		xml_attr(&s, "address", p->value);
		sb_add(&s, "/>\n");
	}
	sb_add(&s, "  <model type='%s'/>\n", model);
	sb_add(&s, "  <driver");
	if ((p = find(e, "vhost")) && p->certainty == VNET_CERTAIN)
		sb_add(&s, " name='%s'", strcmp(p->value, "on") ? "qemu" : "vhost");
	if (q && q->certainty != VNET_UNKNOWABLE && !q->is_default)
		xml_attr(&s, "queues", q->value);
	if ((p = find(e, "rx_queue_size")) && !p->is_default && p->certainty != VNET_UNKNOWABLE)
		xml_attr(&s, "rx_queue_size", p->value);
	if ((p = find(e, "tx_queue_size")) && !p->is_default && p->certainty != VNET_UNKNOWABLE)
		xml_attr(&s, "tx_queue_size", p->value);
	libvirt_attrs(&s, e, "driver", false);
	sb_add(&s, ">\n");
	libvirt_attrs(&s, e, "host", true);
	libvirt_attrs(&s, e, "guest", true);
	sb_add(&s, "  </driver>\n");
	if (mtu->libvirt_element && (p = find(e, mtu->qemu_property)) &&
	    p->certainty == VNET_CERTAIN && !p->is_default) {
		sb_add(&s, "  <%s", mtu->libvirt_element);
		xml_attr(&s, mtu->libvirt_attr, p->value);
		sb_add(&s, "/>\n");
	}
	if (pci_slot && sscanf(pci_slot, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) == 4)
		sb_add(&s, "  <address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' "
			   "function='0x%x'%s/>\n", dom, bus, slot, fn,
		       mf && !strcmp(mf->value, "on") ? " multifunction='on'" : "");
	sb_add(&s, "</interface>\n");
	/* what libvirt has no attribute for goes through <qemu:override> */
	for (size_t i = 0; i < e->n; i++) {
		p = &e->props[i];
		if (p->certainty == VNET_UNKNOWABLE || (p->is_default && strcmp(p->name, "vectors")))
			continue;
		if (libvirt_expresses(p))
			continue;
		sb_add(&s, "<!-- libvirt: ");
		sb_xml(&s, p->name, true);
		sb_add(&s, "=");
		sb_xml(&s, p->value, true);
		sb_add(&s, " needs <qemu:override> -->\n");
	}
}

/* ---- other VMMs' dialects (docs/vmms.md 3 and 4) ------------------------- */

/*
 * Whether the explanation is QEMU's: named QEMU, or unknown with QEMU still
 * possible (an explanation in QEMU's terms is then the best there is).
 */
static bool speaks_qemu(const struct vnet_vmm *vmm)
{
	return vmm->name == VNET_VMM_QEMU ||
	       ((vmm->name == VNET_VMM_UNKNOWN || vmm->name == VNET_VMM_OTHER) &&
		(!vmm->candidates || vmm->candidates & 1u << VNET_VMM_QEMU));
}

/* An on/off key that follows feature @bit: certain when negotiated, else inferred off. */
static void follows_bit(struct builder *b, const char *name, const char *scope,
			const struct vnet_dev *dev, unsigned int bit, bool default_on,
			const char *on, const char *off, const char *why_off)
{
	const struct vnet_feature_info *fi = vnet_feature_entry(bit);

	switch (vnet_dev_has_feature(dev, bit)) {
	case VNET_TRI_YES:
		prop(b, name, scope, VNET_CERTAIN, default_on, on, "%s (bit %u) is negotiated",
		     fi->name, bit);
		break;
	case VNET_TRI_NO:
		prop(b, name, scope, VNET_INFERRED, !default_on, off, "%s (bit %u) is not "
		     "negotiated: %s", fi->name, bit, why_off);
		break;
	default:
		prop(b, name, scope, VNET_UNKNOWABLE, false, "", "negotiated features are unknown");
	}
}

static void explain_mac(struct builder *b, const char *name, const char *scope,
			const struct vnet_dev *dev)
{
	enum vnet_tri mac = vnet_dev_has_feature(dev, VNET_F_MAC);

	if (mac == VNET_TRI_YES && *dev->link.permanent_mac)
		prop(b, name, scope, VNET_CERTAIN, false, dev->link.permanent_mac,
		     "the device's MAC (config space, MAC feature)");
	else if (mac == VNET_TRI_NO)
		prop(b, name, scope, VNET_CERTAIN, true, "unset",
		     "MAC is not offered: unset, the driver made a random MAC");
}

/* The queue pairs the device has, certain from ethtool -l's maximum. */
static void explain_pairs(struct builder *b, const char *name, const char *scope,
			  const struct vnet_dev *dev, unsigned int per_pair, unsigned int def)
{
	uint32_t pairs = dev->channels.max_combined;
	char v[48];

	if (pairs == VNET_UNKNOWN) {
		prop(b, name, scope, VNET_UNKNOWABLE, false, "", "the channel count is unknown");
		return;
	}
	snprintf(v, sizeof(v), "%u", pairs * per_pair);
	prop(b, name, scope, VNET_CERTAIN, pairs * per_pair == def, v,
	     "the device has %u queue pair%s (max combined channels)", pairs,
	     pairs == 1 ? "" : "s");
}

/* docs/vmms.md 3 (CH built-in tap row) and 4.1 (--net keys and defaults) */
static void explain_cloud_hypervisor(struct builder *b, const struct vnet_dev *dev)
{
	enum vnet_tri mtu = vnet_dev_has_feature(dev, VNET_F_MTU);
	char v[48];

	prop(b, "tap", "net", VNET_UNKNOWABLE, false, "<tap>",
	     "the host's tap name is invisible to the guest");
	explain_mac(b, "mac", "net", dev);
	explain_pairs(b, "num_queues", "net", dev, 2, 2);
	if (dev->rings.rx_max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->rings.rx_max);
		prop(b, "queue_size", "net", VNET_CERTAIN, dev->rings.rx_max == 256, v,
		     "the queues hold at most %u descriptors", dev->rings.rx_max);
	}
	if (mtu == VNET_TRI_YES && dev->mtu.max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->mtu.max);
		prop(b, "mtu", "net", VNET_INFERRED, false, v,
		     "MTU is negotiated with %u: mtu=%u, or the tap's own MTU, which Cloud "
		     "Hypervisor offers when mtu is unset", dev->mtu.max, dev->mtu.max);
	} else if (mtu == VNET_TRI_NO) {
		prop(b, "mtu", "net", VNET_UNKNOWABLE, false, "",
		     "MTU is not negotiated: unset, and the tap's MTU could not be read");
	}
	follows_bit(b, "offload_csum", "net", dev, VNET_F_CSUM, true, "on", "off",
		    "offload_csum=off");
	follows_bit(b, "offload_tso", "net", dev, VNET_F_HOST_TSO4, true, "on", "off",
		    "offload_tso=off, or offload_csum=off");
	follows_bit(b, "offload_ufo", "net", dev, VNET_F_HOST_UFO, true, "on", "off",
		    "offload_ufo=off, or offload_csum=off");
	/* the built-in tap backend never offers MRG_RXBUF, vhost-user's VMM side does */
	if (vnet_dev_has_feature(dev, VNET_F_MRG_RXBUF) == VNET_TRI_YES)
		prop(b, "vhost_user", "net", VNET_INFERRED, false, "true",
		     "MRG_RXBUF is negotiated, which the built-in tap backend never offers");
	else
		follows_bit(b, "vhost_user", "net", dev, VNET_F_MRG_RXBUF, false, "true", "false",
			    "the built-in tap backend, which never offers it");
	follows_bit(b, "iommu", "net", dev, VNET_F_ACCESS_PLATFORM, false, "on", "off",
		    "no IOMMU for the device");
}

/* docs/vmms.md 3 (FC row) and 4.2 (the network-interface object) */
static void explain_firecracker(struct builder *b, const struct vnet_dev *dev)
{
	enum vnet_tri mtu = vnet_dev_has_feature(dev, VNET_F_MTU);
	char v[48];

	prop(b, "iface_id", "network-interface", VNET_UNKNOWABLE, false, "<iface_id>",
	     "Firecracker's name of the interface is invisible to the guest");
	prop(b, "host_dev_name", "network-interface", VNET_UNKNOWABLE, false, "<tap>",
	     "the host's tap name is invisible to the guest");
	explain_mac(b, "guest_mac", "network-interface", dev);
	if (mtu == VNET_TRI_YES && dev->mtu.max != VNET_UNKNOWN) {
		snprintf(v, sizeof(v), "%u", dev->mtu.max);
		prop(b, "mtu", "network-interface", VNET_CERTAIN, false, v,
		     "MTU is negotiated and the device's maximum is %u", dev->mtu.max);
	} else if (mtu == VNET_TRI_NO) {
		prop(b, "mtu", "network-interface", VNET_INFERRED, true, "unset",
		     "MTU is not offered: unset (or this Firecracker has no mtu field); the "
		     "guest's MTU is its own");
	}
	prop(b, "rx_rate_limiter", "network-interface", VNET_UNKNOWABLE, false, "",
	     "a rate limit is invisible to the guest");
	prop(b, "tx_rate_limiter", "network-interface", VNET_UNKNOWABLE, false, "",
	     "a rate limit is invisible to the guest");
}

/* docs/vmms.md 3 (crosvm tap row) and 4.3 (--net keys) */
static void explain_crosvm(struct builder *b, const struct vnet_dev *dev)
{
	prop(b, "tap-name", "net", VNET_UNKNOWABLE, false, "<tap>",
	     "the host's tap name is invisible to the guest");
	explain_mac(b, "mac", "net", dev);
	explain_pairs(b, "vq-pairs", "net", dev, 1, 1);
	follows_bit(b, "packed-queue", "net", dev, VNET_F_RING_PACKED, false, "true", "false",
		    "packed-queue is not set");
	follows_bit(b, "mrg-rxbuf", "net", dev, VNET_F_MRG_RXBUF, false, "true", "false",
		    "mrg-rxbuf is not set");
	prop(b, "vhost-net", "net", VNET_UNKNOWABLE, false, "",
	     "vhost-net moves the data path into the host kernel invisibly to the guest");
}

/*
 * A VMM nothing names, QEMU excluded: no configuration language to guess, so
 * the virtio features, offered (negotiated) or not (the driver takes them).
 */
static void explain_virtio(struct builder *b, const struct vnet_dev *dev)
{
	const struct vnet_feature_info *fi;

	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		enum vnet_tri has = vnet_dev_has_feature(dev, fi->bit);

		if (has == VNET_TRI_YES)
			prop(b, fi->macro, "virtio", VNET_CERTAIN, false, "offered",
			     "bit %u is negotiated", fi->bit);
		else if (has == VNET_TRI_NO && fi->linux_accept == VNET_LINUX_ALWAYS)
			prop(b, fi->macro, "virtio", VNET_INFERRED, true, "not offered",
			     "bit %u is not negotiated although the driver accepts it", fi->bit);
	}
}

/* One key of a --net option or network-interface object, when worth writing. */
static bool worth_writing(const struct vnet_prop *p)
{
	if (p->certainty == VNET_UNKNOWABLE)
		return *p->value == '<';	/* a placeholder the user fills in */
	return *p->value && !p->is_default;
}

/* The VMM's configuration: "--net k=v,..." or a network-interface JSON object. */
static void build_vmm_config(struct vnet_explanation *e)
{
	struct sbuf s = { e->vmm_config, sizeof(e->vmm_config), 0 };
	bool fc = e->vmm.name == VNET_VMM_FIRECRACKER, first = true;

	if (e->vmm.name != VNET_VMM_CLOUD_HYPERVISOR && !fc && e->vmm.name != VNET_VMM_CROSVM) {
		/* no VMM to speak for: the features the device offers, in virtio's words */
		sb_add(&s, "a virtio-net device offering");
		for (size_t i = 0; i < e->n; i++)
			if (e->props[i].certainty == VNET_CERTAIN)
				sb_add(&s, " %s", e->props[i].name);
		return;
	}
	sb_add(&s, fc ? "{" : e->vmm.name == VNET_VMM_CROSVM ? "crosvm run --net " : "--net ");
	for (size_t i = 0; i < e->n; i++) {
		const struct vnet_prop *p = &e->props[i];
		bool number = p->value[0] >= '0' && p->value[0] <= '9' && !strchr(p->value, ':');

		if (!worth_writing(p))
			continue;
		if (fc && number && p->value[strspn(p->value, "0123456789")] == '\0') {
			sb_add(&s, "%s\"%s\": %s", first ? "" : ", ", p->name, p->value);
		} else if (fc) {
			sb_add(&s, "%s", first ? "" : ", ");
			sb_json(&s, p->name);
			sb_add(&s, ": ");
			sb_json(&s, p->value);
		} else {
			sb_add(&s, "%s%s=", first ? "" : ",", p->name);
			if (placeholder(p->value))
				sb_puts(&s, p->value);
			else
				sb_shell(&s, p->value, false);
		}
		first = false;
	}
	if (fc)
		sb_add(&s, "}");
}

/* The props and configuration in the words of @e->vmm, a VMM other than QEMU. */
static void explain_other_vmm(struct builder *b, const struct vnet_dev *dev)
{
	switch (b->e->vmm.name) {
	case VNET_VMM_CLOUD_HYPERVISOR:
		explain_cloud_hypervisor(b, dev);
		break;
	case VNET_VMM_FIRECRACKER:
		explain_firecracker(b, dev);
		break;
	case VNET_VMM_CROSVM:
		explain_crosvm(b, dev);
		break;
	default:
		explain_virtio(b, dev);
		break;
	}
}

static void explanation_release(struct vnet_explanation *e)
{
	free(e->props);
	e->props = NULL;
	e->n = 0;
}

static int explain_into(struct vnet_ctx *ctx, struct vnet_dev *dev, struct vnet_explanation *e)
{
	struct builder b = { e, 0 };
	struct vnet_system sys;
	bool legacy, no_hdr;
	int kv, mv, err;

	memset(e, 0, sizeof(*e));
	err = vnet_dev_fill(ctx, dev, VNET_FILL_ALL);
	if (!err)
		err = vnet_system_read(ctx, &sys);
	if (err)
		return err;
	if (!(dev->filled & VNET_FILL_FEATURES))
		return vnet_set_error(ctx, -ENODATA, "%s: feature bits unavailable: %s",
				      dev->virtio_name, vnet_dev_fill_error(dev, VNET_FILL_FEATURES));
	vnet_strcpy(e->device, *dev->ifname ? dev->ifname : dev->virtio_name, sizeof(e->device));
	e->model = !strcmp(dev->bus, "pci") ? "virtio-net-pci" : "virtio-net-device";
	kv = kernel_version(sys.kernel);
	mv = machine_version(sys.machine);
	legacy = vnet_dev_has_feature(dev, VNET_F_VERSION_1) == VNET_TRI_NO;
	no_hdr = vnet_backend_without_vnet_hdr(dev);

	e->vmm = sys.vmm;
	e->source = "guest";
	if (!speaks_qemu(&sys.vmm)) {
		e->model = "virtio-net";	/* virtio-net-pci and -device are QEMU's words */
		explain_other_vmm(&b, dev);
		if (b.err) {
			explanation_release(e);
			return vnet_oom(ctx);
		}
		build_vmm_config(e);
		return 0;
	}
	if (dev->filled & VNET_FILL_PCI && vnet_dev_is_mmio(dev)) {
		explain_mmio(&b, dev);
	} else if (dev->filled & VNET_FILL_PCI) {
		explain_mode(&b, dev);
		explain_pci(&b, dev, &sys);
	}
	explain_bits(&b, dev, kv, mv, legacy, no_hdr);
	explain_queues(&b, dev);
	explain_link(&b, dev, legacy, no_hdr);
	if (b.err) {
		explanation_release(e);
		return vnet_oom(ctx);
	}
	if (vnet_dev_is_mmio(dev))
		explain_mmio_hidden(e);
	build_args(e);
	build_libvirt(e, dev->pci.mode, dev->pci.slot);
	if (vnet_dev_is_mmio(dev)) {
		build_mmio_args(e);
		build_mmio_libvirt(e);
	}
	return 0;
}

VNET_EXPORT int vnet_explain(struct vnet_ctx *ctx, struct vnet_dev *dev,
			     struct vnet_explanation **out)
{
	struct vnet_explanation *e = malloc(sizeof(*e));
	int err;

	*out = NULL;
	if (!e)
		return vnet_oom(ctx);
	err = explain_into(ctx, dev, e);
	if (err) {
		free(e);
		return err;
	}
	*out = e;
	return 0;
}

VNET_EXPORT void vnet_explanation_free(struct vnet_explanation *e)
{
	if (!e)
		return;
	explanation_release(e);
	free(e);
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
	{ "multifunction", "off" },
};

/*
 * The virtio-mmio proxy is the parent of the device's bus
 * (".../device[N]/virtio-mmio-bus.M"); its force-legacy is what the guest
 * sees as the version.  No bus=: which of microvm's transports a device
 * takes does not change what the guest sees of it.
 */
static int explain_qom_mmio(struct vnet_qmp *q, const char *path, struct builder *b)
{
	char bus[128], v[16], *slash;
	int err = vnet_qmp_qom_get(q, path, "parent_bus", bus, sizeof(bus));

	if (err)
		return err == -ENOENT ? 0 : err;
	slash = strrchr(bus, '/');
	if (!slash || slash == bus)
		return 0;
	*slash = '\0';
	err = vnet_qmp_qom_get(q, bus, "force-legacy", v, sizeof(v));
	if (err)
		return err == -ENOENT ? 0 : err;
	prop(b, "force-legacy", "global", VNET_CERTAIN, !strcmp(v, "on"), v,
	     "QOM force-legacy of the virtio-mmio proxy %s", bus);
	return 0;
}

static int explain_qom_device(struct vnet_ctx *ctx, struct vnet_qmp *q, const char *path,
			      const char *id, int model, const char *network,
			      struct vnet_explanation *e)
{
	struct builder b = { e, 0 };
	char v[128], type[32], bus[128] = "", slot[32] = "", backend[192];
	const struct vnet_feature_info *fi;
	const struct vnet_prop *p;
	struct vnet_prop *vectors;
	unsigned int queues;
	struct json_object *args, *ret;
	enum vnet_pci_mode mode;
	int err;

	memset(e, 0, sizeof(*e));
	e->source = "qmp";
	e->vmm.name = VNET_VMM_QEMU;	/* it answered QMP */
	e->vmm.confidence = VNET_CONFIDENCE_HIGH;
	e->model = vnet_qmp_model_type(model);
	vnet_strcpy(e->device, id, sizeof(e->device));
	vnet_strcpy(e->qom_path, path, sizeof(e->qom_path));

	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		if (!is_switch(fi))
			continue;
		err = vnet_qmp_qom_get(q, path, fi->qemu_property, v, sizeof(v));
		if (err == -ENOENT)
			continue;	/* not a property of this QEMU */
		if (err)
			goto fail;
		prop(&b, fi->qemu_property, "device", VNET_CERTAIN,
		     !strcmp(v, fi->qemu_default == VNET_QEMU_DEFAULT_ON ? "on" : "off"), v,
		     "QOM %s", fi->qemu_property);
	}
	for (size_t i = 0; i < ARRAY_SIZE(qom_device_props); i++) {
		const char *name = qom_device_props[i].name;

		err = vnet_qmp_qom_get(q, path, name, v, sizeof(v));
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
		if (!strcmp(name, "mac") && !vnet_qmp_is_mac(v)) {
			/* the peer's word only: never raw into the command line or XML */
			prop(&b, name, "device", VNET_UNKNOWABLE, false, "",
			     "QOM mac is not a MAC address (xx:xx:xx:xx:xx:xx)");
			continue;
		}
		prop(&b, name, "device", VNET_CERTAIN,
		     qom_device_props[i].def && !strcmp(v, qom_device_props[i].def), v, "QOM %s",
		     name);
	}
	if (vnet_qmp_model_mmio(model)) {
		err = explain_qom_mmio(q, path, &b);
		if (err)
			goto fail;
	} else if (!vnet_qmp_qom_get(q, path, "parent_bus", bus, sizeof(bus))) {
		const char *base = strrchr(bus, '/');

		base = base ? base + 1 : bus;
		prop(&b, "bus", "device", VNET_CERTAIN, false, base, "QOM parent_bus %s", bus);
		/* the guest's domain:bus numbers are only obvious on the root bus */
		if (strcmp(base, "pci.0") && strcmp(base, "pcie.0"))
			*slot = '\0';
	}

	p = find(e, "netdev");
	vnet_qmp_netdev_info(network, p ? p->value : "", type, sizeof(type), &queues);
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
	/* a virtio-net-device is itself the VirtIODevice; a PCI proxy holds one */
	snprintf(backend, sizeof(backend), vnet_qmp_model_mmio(model) ? "%s" : "%s/virtio-backend",
		 path);
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
		err = vnet_oom(ctx);
		goto fail;
	}

	p = find(e, "disable-modern");
	mode = VNET_MODE_TRANSITIONAL;
	if (vnet_qmp_model_mode(model) != VNET_MODE_UNKNOWN)
		mode = vnet_qmp_model_mode(model);
	else if (p && !strcmp(p->value, "on"))
		mode = VNET_MODE_LEGACY;
	else if ((p = find(e, "disable-legacy")) && !strcmp(p->value, "on"))
		mode = VNET_MODE_MODERN;
	build_args(e);
	build_libvirt(e, vnet_qmp_model_mmio(model) ? VNET_MODE_UNKNOWN : mode, *slot ? slot : NULL);
	if (vnet_qmp_model_mmio(model)) {
		build_mmio_args(e);
		build_mmio_libvirt(e);
	}
	return 0;
fail:
	explanation_release(e);
	return err;
}

VNET_EXPORT int vnet_explain_qmp(struct vnet_ctx *ctx, const char *socket,
				 struct vnet_explanation ***out, size_t *n)
{
	struct vnet_explanation **list = NULL;
	struct vnet_qmp_nic *nics = NULL;
	struct json_object *network = NULL;
	struct vnet_qmp *q;
	size_t count = 0, n_nics = 0;
	int err;

	*out = NULL;
	*n = 0;
	err = vnet_qmp_open(ctx, socket, &q);
	if (err)
		return err;
	err = vnet_qmp_info_network(q, &network);
	if (!err)
		err = vnet_qmp_nics(q, &nics, &n_nics);
	if (!err && n_nics) {
		list = calloc(n_nics, sizeof(*list));
		if (!list)
			err = vnet_oom(ctx);
	}
	for (size_t i = 0; !err && i < n_nics; i++) {
		list[count] = malloc(sizeof(**list));
		if (!list[count]) {
			err = vnet_oom(ctx);
			break;
		}
		err = explain_qom_device(ctx, q, nics[i].path, nics[i].name, nics[i].model,
					 json_object_get_string(network), list[count]);
		if (err)
			free(list[count]);
		else
			count++;
	}
	free(nics);
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

VNET_EXPORT void vnet_explanations_free(struct vnet_explanation **e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vnet_explanation_free(e[i]);
	free(e);
}
