// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-dev.c - the device model as "show", "list" and "features" print it
 *
 * JSON: groups that were not asked for are left out, groups that could not
 * be read are null (with the reason under "errors"), unknown facts are null.
 * Text: groups under headings, one aligned label a line.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"
#include "state.h"

#define LABEL_WIDTH 15
#define VALUE_COLUMN (4 + LABEL_WIDTH)

static const char *str_or_null(const char *s)
{
	return *s ? s : NULL;
}

static const char *dev_label(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

static void label(struct vnet_printer *p, const char *name)
{
	vnet_print_fp(p, "    %-*s", LABEL_WIDTH, name);
}

/* A group that was not filled: text says why; JSON says null if it failed. */
static void missing(struct vnet_printer *p, const struct vnet_dev *dev, unsigned int bit,
		    const char *what, const char *key, const char *key2)
{
	const char *why = vnet_dev_fill_error(dev, bit);

	label(p, what);
	vnet_print_fp(p, "unavailable: %s\n", why ? why : "not read");
	if (!(dev->failed & bit))
		return;
	vnet_print_null(p, VNET_PRINT_JSON, key, "");
	if (key2)
		vnet_print_null(p, VNET_PRINT_JSON, key2, "");
}

/* Names of the set bits: "MQ", "BIT_<n>" for bits the table does not know. */
static void feature_words(struct vnet_printer *p, enum vnet_print_to to, const uint64_t bits[2],
			  unsigned int nbits)
{
	for (unsigned int b = 0; b < nbits && b < VNET_FEATURE_BITS; b++) {
		char name[VNET_FEATURE_NAME_LEN];

		if (vnet_bit_test(bits, b))
			vnet_print_word(p, to, vnet_feature_name(b, name));
	}
}

/*
 * The feature bits the transport negotiates, which is what a count is out of:
 * the legacy interface (VERSION_1 not negotiated on a device that has one)
 * has a 32-bit feature register, whatever width the kernel prints.
 */
static unsigned int negotiable_bits(const struct vnet_dev *dev)
{
	const struct vnet_features *f = &dev->features;
	bool modern_only = dev->filled & VNET_FILL_PCI && dev->pci.mode == VNET_MODE_MODERN;

	if (vnet_dev_has_feature(dev, VNET_F_VERSION_1) == VNET_TRI_NO && !modern_only &&
	    f->nbits > VNET_LEGACY_FEATURE_BITS)
		return VNET_LEGACY_FEATURE_BITS;
	return f->nbits;
}

static unsigned int negotiated_count(const struct vnet_dev *dev)
{
	unsigned int count = 0, width = negotiable_bits(dev);

	for (unsigned int b = 0; b < width; b++)
		count += vnet_bit_test(dev->features.negotiated, b);
	return count;
}

struct bitmap {
	const uint64_t *bits;
	unsigned int nbits;
};

static void bitmap_words(struct vnet_printer *p, const void *arg)
{
	const struct bitmap *b = arg;

	vnet_print_open_array(p, NULL);
	feature_words(p, VNET_PRINT_JSON, b->bits, b->nbits);
	vnet_print_close(p);
}

VNET_EXPORT struct json_object *vnet_features_to_json(const uint64_t bits[2], unsigned int nbits)
{
	struct bitmap b = { bits, nbits };

	return vnet_print_json_of(bitmap_words, &b);
}

/* ---- show ----------------------------------------------------------------- */

static void dev_identity(struct vnet_printer *p, const struct vnet_dev *dev)
{
	vnet_print_str(p, VNET_PRINT_JSON, "ifname", NULL, str_or_null(dev->ifname));
	vnet_print_u32(p, VNET_PRINT_JSON, "ifindex", NULL, dev->ifindex);
	/* the host does not know the guest's virtio index: its name is under "host" */
	vnet_print_str(p, VNET_PRINT_JSON, "virtio", NULL, dev->host ? NULL : dev->virtio_name);
	vnet_print_str(p, VNET_PRINT_JSON, "driver", NULL, str_or_null(dev->driver));
	vnet_print_str(p, VNET_PRINT_JSON, "bus", NULL, str_or_null(dev->bus));
}

/*
 * Members that are plain numbers, in JSON order: each a JSON member and, with
 * a text format, a piece of the text line.
 */
struct u32_field {
	const char *key;
	const char *fmt;	/* NULL: JSON only */
	size_t offset;
	const char *fmt_one;	/* the text of a count of 1, when its noun differs */
};

#define FIELD(type, member, key, fmt) { key, fmt, offsetof(type, member), NULL }
#define COUNT(type, member, key, fmt, fmt_one) { key, fmt, offsetof(type, member), fmt_one }

static void u32_fields(struct vnet_printer *p, const void *base, const struct u32_field *f,
		       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t v = *(const uint32_t *)((const char *)base + f[i].offset);

		vnet_print_u32(p, f[i].fmt ? VNET_PRINT_ANY : VNET_PRINT_JSON, f[i].key,
			       v == 1 && f[i].fmt_one ? f[i].fmt_one : f[i].fmt, v);
	}
}

/* A group of such members: a JSON object @key, a text line labelled @what. */
static void u32_group(struct vnet_printer *p, const char *key, const char *what,
		      const void *base, const struct u32_field *f, size_t n)
{
	vnet_print_open_object(p, key);
	label(p, what);
	u32_fields(p, base, f, n);
	vnet_print_close(p);
}

static void dev_cap(struct vnet_printer *p, enum vnet_print_to to, const struct vnet_virtio_cap *c)
{
	const char *name = vnet_virtio_cap_name(c->cfg_type);
	char type[24];
	bool notify = c->cfg_type == VNET_CAP_NOTIFY;

	snprintf(type, sizeof(type), "type-%u", c->cfg_type);
	vnet_print_u32(p, to, "position", "[%02x] ", c->position);
	vnet_print_u32(p, to & VNET_PRINT_JSON, "cfg_type", NULL, c->cfg_type);
	vnet_print_str(p, to & VNET_PRINT_JSON, "name", NULL, name);
	vnet_print_str(p, to & VNET_PRINT_FP, NULL, "%-13s", name ? name : type);
	vnet_print_u32(p, to, "bar", " bar %u", c->bar);
	vnet_print_u32(p, to & VNET_PRINT_JSON, "id", NULL, c->id);
	vnet_print_u64(p, to, "offset", "  offset 0x%-6" PRIx64, c->offset);
	vnet_print_u64(p, to, "length", " length 0x%" PRIx64, c->length);
	if (notify)
		vnet_print_u32(p, to & VNET_PRINT_JSON, "notify_off_multiplier", NULL,
			       c->notify_off_multiplier);
	if (notify && c->notify_off_multiplier != VNET_UNKNOWN)
		vnet_print_u32(p, to & VNET_PRINT_FP, NULL, "  multiplier %u",
			       c->notify_off_multiplier);
	vnet_print_fp(p, "\n");
}

/* JSON has the list only when it was walked to its end; text shows what was read. */
#define NO_CONFIG_SPACE "unknown (Windows shows no PCI config space)\n"

static void dev_caps(struct vnet_printer *p, const struct vnet_pci *pci, bool windows)
{
	bool walked = pci->caps_state == VNET_CAPS_OK || pci->caps_state == VNET_CAPS_NONE;
	enum vnet_print_to to = walked ? VNET_PRINT_ANY : VNET_PRINT_FP;

	label(p, "virtio caps");
	if (walked)
		vnet_print_open_array(p, "virtio_caps");
	else
		vnet_print_null(p, VNET_PRINT_JSON, "virtio_caps", "");
	if (windows && !walked) {
		vnet_print_fp(p, NO_CONFIG_SPACE);
		return;
	}
	switch (pci->caps_state) {
	case VNET_CAPS_NEED_ROOT:
		vnet_print_fp(p, "need root (config space beyond 64 bytes is readable by root only)\n");
		return;
	case VNET_CAPS_LOOP:
		vnet_print_fp(p, "capability list loops back on itself; showing what was read\n");
		label(p, "");
		break;
	case VNET_CAPS_TRUNCATED:
		vnet_print_fp(p, "capability list is truncated or corrupt; showing what was read\n");
		label(p, "");
		break;
	default:
		break;
	}
	if (!pci->n_virtio_caps)
		vnet_print_fp(p, "none\n");
	for (unsigned int i = 0; i < pci->n_virtio_caps; i++) {
		if (i)
			label(p, "");
		if (walked)
			vnet_print_open_object(p, NULL);
		dev_cap(p, to, &pci->virtio_caps[i]);
		if (walked)
			vnet_print_close(p);
	}
	if (walked)
		vnet_print_close(p);
}

static void dev_pci(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct u32_field ids[] = {
		FIELD(struct vnet_pci, vendor_id, "vendor_id", "%04x"),
		FIELD(struct vnet_pci, device_id, "device_id", ":%04x"),
		FIELD(struct vnet_pci, revision, "revision", " rev %u"),
		FIELD(struct vnet_pci, subsystem_vendor_id, "subsystem_vendor_id", ", subsystem %04x"),
		FIELD(struct vnet_pci, subsystem_id, "subsystem_id", ":%04x"),
		FIELD(struct vnet_pci, class_code, "class", ", class %06x\n"),
	};
	const struct vnet_pci *pci = &dev->pci;

	vnet_print_fp(p, "  PCI\n");
	if (!(dev->filled & VNET_FILL_PCI)) {
		missing(p, dev, VNET_FILL_PCI, "pci", "pci", NULL);
		return;
	}
	vnet_print_open_object(p, "pci");
	vnet_print_str(p, VNET_PRINT_JSON, "slot", NULL, str_or_null(pci->slot));
	label(p, "ids");
	u32_fields(p, pci, ids, ARRAY_SIZE(ids));
	label(p, "mode");
	if (pci->mode != VNET_MODE_UNKNOWN && dev->netkvm) {
		/* no config space on Windows: the hardware id says it */
		vnet_print_str(p, VNET_PRINT_ANY, "mode", "%s (from the hardware id",
			       vnet_pci_mode_name(pci->mode));
		vnet_print_fp(p, "%s)\n", pci->mode == VNET_MODE_MODERN ? "" :
			      "; NetKVM cannot tell a legacy-only device from a transitional one");
	} else if (pci->mode != VNET_MODE_UNKNOWN)
		vnet_print_str(p, VNET_PRINT_ANY, "mode", "%s\n", vnet_pci_mode_name(pci->mode));
	else
		vnet_print_null(p, VNET_PRINT_ANY, "mode",
				pci->caps_state == VNET_CAPS_NEED_ROOT ?
				"unknown (need root to read the capabilities)\n" : "unknown\n");
	vnet_print_u32(p, VNET_PRINT_JSON, "config_size", NULL, pci->config_size);
	vnet_print_str(p, VNET_PRINT_JSON, "caps_state", NULL,
		       vnet_caps_state_name(pci->caps_state));
	vnet_print_tri(p, VNET_PRINT_JSON, "legacy_io_bar", NULL, pci->legacy_io_bar);
	label(p, "MSI-X");
	if (pci->msix_present == VNET_TRI_YES) {
		vnet_print_open_object(p, "msix");
		vnet_print_u32(p, VNET_PRINT_ANY, "table_size", pci->msix_table_size == 1 ?
			       "%u vector, " : "%u vectors, ", pci->msix_table_size);
		vnet_print_tri(p, VNET_PRINT_JSON, "enabled", NULL, pci->msix_enabled);
		vnet_print_fp(p, "%s\n", pci->msix_enabled == VNET_TRI_YES ? "enabled" : "disabled");
		vnet_print_close(p);
	} else {
		/* no MSI-X is "null" once the whole list was walked, unknown otherwise */
		vnet_print_null(p, VNET_PRINT_ANY, "msix", pci->msix_present == VNET_TRI_NO ?
				"none\n" : dev->netkvm ? NO_CONFIG_SPACE : "unknown (need root)\n");
	}
	vnet_print_tri(p, VNET_PRINT_JSON, "msix_present", NULL, pci->msix_present);
	dev_caps(p, pci, dev->netkvm != NULL);
	vnet_print_close(p);
}

/* VendorID as text when it is four printable bytes, little-endian: 0x554d4551 is "QEMU" */
static void vendor_text(uint32_t id, char out[5])
{
	for (int i = 0; i < 4; i++) {
		unsigned char c = id >> (8 * i);

		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '\0';
		if (!out[i]) {
			out[0] = '\0';
			return;
		}
	}
	out[4] = '\0';
}

static void dev_mmio(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_mmio *m = &dev->mmio;
	char vendor[5];

	vnet_print_fp(p, "  MMIO\n");
	if (!(dev->filled & VNET_FILL_PCI)) {
		missing(p, dev, VNET_FILL_PCI, "mmio", "transport", NULL);
		return;
	}
	vnet_print_open_object(p, "transport");
	vnet_print_str(p, VNET_PRINT_JSON, "type", NULL, "mmio");
	label(p, "device");
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%s\n", str_or_null(m->name));
	label(p, "window");
	if (m->base != VNET_UNKNOWN64) {
		vnet_print_fp(p, "0x%" PRIx64 ", %" PRIu64 " bytes\n", m->base, m->size);
		vnet_print_u64(p, VNET_PRINT_JSON, "base", NULL, m->base);
		vnet_print_u64(p, VNET_PRINT_JSON, "size", NULL, m->size);
	} else {
		vnet_print_fp(p, "unknown (need root to read /proc/iomem)\n");
		vnet_print_null(p, VNET_PRINT_JSON, "base", NULL);
		vnet_print_null(p, VNET_PRINT_JSON, "size", NULL);
	}
	label(p, "irq");
	vnet_print_u32(p, VNET_PRINT_ANY, "irq", "%u", m->irq);
	vnet_print_fp(p, m->irq == VNET_UNKNOWN ? "\n" :
		      " (one line for every queue and configuration change)\n");
	label(p, "version");
	vnet_print_u32(p, VNET_PRINT_ANY, "version", "%u", m->version);
	vnet_print_fp(p, "%s\n", m->version == 2 ? " (modern, VERSION_1)" :
		      m->version == 1 ? " (legacy)" : "");
	label(p, "vendor");
	vnet_print_u32(p, VNET_PRINT_ANY, "vendor_id", "0x%08x", m->vendor_id);
	vendor_text(m->vendor_id, vendor);
	vnet_print_fp(p, *vendor && m->vendor_id != VNET_UNKNOWN ? " \"%s\"\n" : "\n", vendor);
	vnet_print_close(p);
}

/* JSON only: {"type": "pci", "slot", "mode"}; the PCI facts stay under "pci". */
static void dev_transport_pci(struct vnet_printer *p, const struct vnet_dev *dev)
{
	vnet_print_open_object(p, "transport");
	vnet_print_str(p, VNET_PRINT_JSON, "type", NULL, str_or_null(dev->bus));
	vnet_print_str(p, VNET_PRINT_JSON, "slot", NULL, str_or_null(dev->pci.slot));
	vnet_print_close(p);
}

#define NETKVM_NO_FEATURES "NetKVM does not report the negotiated feature bits to user mode"

/* NetKVM (Windows): the feature bits stay unknown (nbits 0), never "none negotiated". */
static bool netkvm_features_unknown(const struct vnet_dev *dev)
{
	return dev->netkvm && !dev->features.nbits;
}

static void dev_virtio(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_features *f = &dev->features;
	const struct vnet_status_info *s;
	char hex[40];

	vnet_print_fp(p, "  Virtio\n");
	if (!(dev->filled & VNET_FILL_FEATURES)) {
		missing(p, dev, VNET_FILL_FEATURES, "features", "features", "status");
		return;
	}
	label(p, "status");
	if (dev->status == VNET_UNKNOWN) {
		vnet_print_null(p, VNET_PRINT_ANY, "status", "unknown\n");
	} else {
		vnet_print_fp(p, "0x%02x", dev->status);
		vnet_print_open_array(p, "status");
		for (size_t i = 0; (s = vnet_status_at(i)); i++)
			if (dev->status & s->mask)
				vnet_print_str(p, VNET_PRINT_ANY, NULL, " %s", s->name);
		vnet_print_close(p);
		vnet_print_fp(p, "\n");
	}
	vnet_print_open_object(p, "features");
	label(p, "features");
	if (netkvm_features_unknown(dev)) {
		vnet_print_u32(p, VNET_PRINT_JSON, "nbits", NULL, 0);
		vnet_print_null(p, VNET_PRINT_JSON, "bits", "");
		vnet_print_null(p, VNET_PRINT_ANY, "negotiated",
				"unknown: " NETKVM_NO_FEATURES "\n");
		vnet_print_null(p, VNET_PRINT_JSON, "offered", "");
		vnet_print_close(p);
		return;
	}
	/* JSON: the width the kernel reports; text: the count out of what can be negotiated */
	vnet_print_u32(p, VNET_PRINT_JSON, "nbits", NULL, f->nbits);
	vnet_print_fp(p, "%u of %u bits:", negotiated_count(dev), negotiable_bits(dev));
	if (f->negotiated[1])
		snprintf(hex, sizeof(hex), "0x%" PRIx64 "%016" PRIx64, f->negotiated[1],
			 f->negotiated[0]);
	else
		snprintf(hex, sizeof(hex), "0x%" PRIx64, f->negotiated[0]);
	vnet_print_str(p, VNET_PRINT_JSON, "bits", NULL, hex);
	vnet_print_open_array(p, "negotiated");
	/* the count is taken as 20 columns wide, whatever its length */
	vnet_print_wrap_begin(p, VALUE_COLUMN, VALUE_COLUMN + 20);
	feature_words(p, VNET_PRINT_ANY, f->negotiated, f->nbits);
	vnet_print_wrap_end(p, NULL);
	vnet_print_close(p);
	if (f->offered_known) {
		label(p, "offered");
		vnet_print_open_array(p, "offered");
		vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
		feature_words(p, VNET_PRINT_ANY, f->offered, VNET_FEATURE_BITS);
		vnet_print_wrap_end(p, "none");
		vnet_print_close(p);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "offered", "");
	}
	vnet_print_close(p);
}

static void dev_mtu(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct u32_field fields[] = {
		FIELD(struct vnet_mtu, current, "current", "%u"),
		FIELD(struct vnet_mtu, min, "min", " (min %u"),
		FIELD(struct vnet_mtu, max, "max", ", max %u)\n"),
	};

	u32_group(p, "mtu", "mtu", &dev->mtu, fields, ARRAY_SIZE(fields));
}

static void dev_link(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_link *l = &dev->link;
	const char *duplex = l->duplex == VNET_DUPLEX_FULL ? "full" :
			     l->duplex == VNET_DUPLEX_HALF ? "half" : NULL;
	const char *unknown;

	vnet_print_fp(p, "  Link\n");
	if (!(dev->filled & VNET_FILL_LINK)) {
		missing(p, dev, VNET_FILL_LINK, "link", "link", "mtu");
		return;
	}
	unknown = vnet_printer_set_unknown(p, "unknown");
	vnet_print_open_object(p, "link");
	vnet_print_tri(p, VNET_PRINT_JSON, "admin_up", NULL, l->admin_up);
	label(p, "state");
	vnet_print_str(p, VNET_PRINT_ANY, "operstate", "%s", str_or_null(l->operstate));
	vnet_print_tri(p, VNET_PRINT_ANY, "carrier", ", carrier %s\n", l->carrier);
	label(p, "speed");
	if (l->speed_mbps != VNET_UNKNOWN) {
		vnet_print_u32(p, VNET_PRINT_ANY, "speed_mbps", "%u Mb/s, ", l->speed_mbps);
		vnet_print_str(p, VNET_PRINT_ANY, "duplex", "%s duplex\n", duplex);
	} else {
		vnet_print_null(p, VNET_PRINT_ANY, "speed_mbps", "unknown");
		if (vnet_dev_has_feature(dev, VNET_F_SPEED_DUPLEX) == VNET_TRI_NO)
			vnet_print_fp(p, " (%s not negotiated)",
				      vnet_feature_entry(VNET_F_SPEED_DUPLEX)->name);
		vnet_print_fp(p, "\n");
		vnet_print_str(p, VNET_PRINT_JSON, "duplex", NULL, duplex);
	}
	label(p, "mac");
	vnet_print_str(p, VNET_PRINT_ANY, "mac", "%s", str_or_null(l->mac));
	vnet_print_str(p, VNET_PRINT_JSON, "permanent_mac", NULL, str_or_null(l->permanent_mac));
	if (*l->permanent_mac && strcmp(l->permanent_mac, l->mac))
		vnet_print_fp(p, " (permanent %s)", l->permanent_mac);
	vnet_print_fp(p, "\n");
	vnet_printer_set_unknown(p, unknown);
	vnet_print_u32(p, VNET_PRINT_JSON, "tx_queue_len", NULL, l->tx_queue_len);
	vnet_print_u32(p, VNET_PRINT_JSON, "num_tx_queues", NULL, l->num_tx_queues);
	vnet_print_u32(p, VNET_PRINT_JSON, "num_rx_queues", NULL, l->num_rx_queues);
	vnet_print_close(p);
	dev_mtu(p, dev);
	label(p, "tx queue len");
	vnet_print_u32(p, VNET_PRINT_FP, NULL, "%u\n", l->tx_queue_len);
}

static void dev_channels(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct u32_field fields[] = {
		FIELD(struct vnet_channels, combined, "combined", "%u combined"),
		FIELD(struct vnet_channels, max_combined, "max_combined", " of %u maximum\n"),
		FIELD(struct vnet_channels, rx, "rx", NULL),
		FIELD(struct vnet_channels, tx, "tx", NULL),
		FIELD(struct vnet_channels, other, "other", NULL),
		FIELD(struct vnet_channels, max_rx, "max_rx", NULL),
		FIELD(struct vnet_channels, max_tx, "max_tx", NULL),
		FIELD(struct vnet_channels, max_other, "max_other", NULL),
	};

	u32_group(p, "channels", "channels", &dev->channels, fields, ARRAY_SIZE(fields));
}

static void dev_rings(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct u32_field fields[] = {
		FIELD(struct vnet_rings, rx, "rx", "rx %u"),
		FIELD(struct vnet_rings, rx_max, "rx_max", " of %u"),
		FIELD(struct vnet_rings, tx, "tx", ", tx %u"),
		FIELD(struct vnet_rings, tx_max, "tx_max", " of %u\n"),
	};

	u32_group(p, "rings", "rings", &dev->rings, fields, ARRAY_SIZE(fields));
}

static void dev_coalesce(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct u32_field fields[] = {
		FIELD(struct vnet_coalesce, rx_usecs, "rx_usecs", "rx %u us"),
		COUNT(struct vnet_coalesce, rx_frames, "rx_frames", "/%u frames", "/%u frame"),
		FIELD(struct vnet_coalesce, tx_usecs, "tx_usecs", ", tx %u us"),
		COUNT(struct vnet_coalesce, tx_frames, "tx_frames", "/%u frames", "/%u frame"),
	};
	const struct vnet_coalesce *c = &dev->coalesce;
	const char *unknown;

	vnet_print_open_object(p, "coalesce");
	label(p, "coalescing");
	u32_fields(p, c, fields, ARRAY_SIZE(fields));
	unknown = vnet_printer_set_unknown(p, "n/a");
	vnet_print_tri(p, VNET_PRINT_ANY, "adaptive_rx", ", adaptive rx %s\n", c->adaptive_rx);
	vnet_printer_set_unknown(p, unknown);
	vnet_print_tri(p, VNET_PRINT_JSON, "adaptive_tx", NULL, c->adaptive_tx);
	vnet_print_close(p);
}

static void dev_interrupts(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_irqs *i = &dev->irqs;

	vnet_print_open_object(p, "interrupts");
	label(p, "interrupts");
	vnet_print_str(p, VNET_PRINT_JSON, "mode", NULL,
		       i->mode == VNET_IRQ_UNKNOWN ? NULL : vnet_irq_mode_name(i->mode));
	vnet_print_fp(p, "%s", vnet_irq_mode_name(i->mode));
	/* virtio-mmio has no MSI-X: its one line is said below */
	vnet_print_u32(p, i->mode == VNET_IRQ_MMIO ? VNET_PRINT_JSON : VNET_PRINT_ANY,
		       "vectors_used", i->vectors_used == 1 ?
		       ", %u MSI-X vector in use" : ", %u MSI-X vectors in use", i->vectors_used);
	vnet_print_u32(p, VNET_PRINT_JSON, "config_irq", NULL, i->config.irq);
	if (i->config.irq != VNET_UNKNOWN)
		vnet_print_fp(p, ", config irq %u", i->config.irq);
	vnet_print_u32(p, VNET_PRINT_JSON, "shared_irq", NULL, i->shared.irq);
	if (i->shared.irq != VNET_UNKNOWN)
		vnet_print_fp(p, ", %s irq %u", i->mode == VNET_IRQ_INTX ? "line" : "shared",
			      i->shared.irq);
	if (i->mode == VNET_IRQ_MMIO && dev->n_queues > 1)
		vnet_print_fp(p, " for all %u queue pairs: no per-queue vectors or affinity",
			      dev->n_queues);
	vnet_print_fp(p, "\n");
	vnet_print_close(p);
}

/* One direction's interrupt of a queue: JSON "<dir>_*" members, text two columns. */
static void queue_irq(struct vnet_printer *p, enum vnet_print_to to, const char *dir,
		      const struct vnet_irq *irq)
{
	char key[32], cpus[140];

	snprintf(key, sizeof(key), "%s_irq", dir);
	vnet_print_u32(p, to, key, " %-7u", irq->irq);
	snprintf(key, sizeof(key), "%s_irq_name", dir);
	vnet_print_str(p, to & VNET_PRINT_JSON, key, NULL, str_or_null(irq->name));
	snprintf(key, sizeof(key), "%s_affinity", dir);
	vnet_print_str(p, to & VNET_PRINT_JSON, key, NULL, str_or_null(irq->affinity));
	snprintf(key, sizeof(key), "%s_effective_cpus", dir);
	vnet_print_str(p, to & VNET_PRINT_JSON, key, NULL, str_or_null(irq->effective));
	snprintf(key, sizeof(key), "%s_interrupts", dir);
	vnet_print_u64(p, to & VNET_PRINT_JSON, key, NULL, irq->count);
	if (!*irq->affinity)
		snprintf(cpus, sizeof(cpus), "-");
	else if (*irq->effective && strcmp(irq->effective, irq->affinity))
		snprintf(cpus, sizeof(cpus), "%s>%s", irq->affinity, irq->effective);
	else
		snprintf(cpus, sizeof(cpus), "%s", irq->affinity);
	vnet_print_fp(p, " %-10s", cpus);
}

/*
 * A text column of the queue table from a kernel hex mask (xps_cpus,
 * rps_cpus): written as a CPU list like the IRQ columns beside it, so that
 * "1" is CPU 1 in every column; an empty mask is "none".
 */
static void mask_column(struct vnet_printer *p, const char *mask)
{
	struct vnet_cpuset set;
	char cpus[512];

	if (!*mask)
		snprintf(cpus, sizeof(cpus), "-");
	else if (vnet_cpumask_parse(mask, &set))
		snprintf(cpus, sizeof(cpus), "?");
	else if (vnet_cpuset_empty(&set))
		snprintf(cpus, sizeof(cpus), "none");
	else
		vnet_cpulist_format(&set, cpus, sizeof(cpus));
	vnet_print_fp(p, " %-10s", cpus);
}

/*
 * The queue table; JSON has the queues once interrupts or queue details were
 * read, text whenever the driver has queues.  JSON keeps each file's own
 * notation (affinity lists, XPS/RPS hex masks); text has CPU lists throughout.
 */
static void dev_queue_table(struct vnet_printer *p, const struct vnet_dev *dev)
{
	bool irqs = dev->filled & VNET_FILL_IRQS, qs = dev->filled & VNET_FILL_QUEUES;
	enum vnet_print_to to = irqs || qs ? VNET_PRINT_ANY : VNET_PRINT_FP;
	const char *unknown;

	if (irqs || qs)
		vnet_print_open_array(p, "queues");
	else if (dev->failed & (VNET_FILL_IRQS | VNET_FILL_QUEUES))
		vnet_print_null(p, VNET_PRINT_JSON, "queues", "");
	if (dev->n_queues)
		vnet_print_fp(p, "    %-6s %-8s %-7s %-10s %-7s %-10s %-10s %-10s %s\n", "queue",
			      "state", "rx-irq", "rx-cpus", "tx-irq", "tx-cpus", "xps-cpus",
			      "rps-cpus", "bql-limit");
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		const struct vnet_queue *q = &dev->queues[i];

		if (to & VNET_PRINT_JSON)
			vnet_print_open_object(p, NULL);
		vnet_print_u32(p, to, "index", "    %-6u", q->index);
		vnet_print_bool(p, to & VNET_PRINT_JSON, "active", NULL, q->active);
		vnet_print_fp(p, " %-8s", q->active ? "active" : "inactive");
		if (irqs) {
			queue_irq(p, to, "rx", &q->rx_irq);
			queue_irq(p, to, "tx", &q->tx_irq);
		} else {
			vnet_print_fp(p, " %-7s %-10s %-7s %-10s", "-", "-", "-", "-");
		}
		unknown = vnet_printer_set_unknown(p, "-");
		if (qs) {
			vnet_print_str(p, to & VNET_PRINT_JSON, "rps_cpus", NULL,
				       str_or_null(q->rps_cpus));
			vnet_print_str(p, to & VNET_PRINT_JSON, "xps_cpus", NULL,
				       str_or_null(q->xps_cpus));
			mask_column(p, q->xps_cpus);
			mask_column(p, q->rps_cpus);
			vnet_print_u64(p, to, "bql_limit", " %" PRIu64 "\n", q->bql_limit);
			vnet_print_u64(p, to & VNET_PRINT_JSON, "bql_inflight", NULL,
				       q->bql_inflight);
			vnet_print_u64(p, to & VNET_PRINT_JSON, "tx_timeouts", NULL,
				       q->tx_timeouts);
		} else {
			vnet_print_fp(p, " %-10s %-10s %s\n", "-", "-", "-");
		}
		vnet_printer_set_unknown(p, unknown);
		if (to & VNET_PRINT_JSON)
			vnet_print_close(p);
	}
	if (dev->n_queues)
		vnet_print_fp(p, "    *-cpus: CPU lists as in smp_affinity_list; A>E: affinity A, "
			      "effective E\n");
	if (irqs || qs)
		vnet_print_close(p);
}

static void dev_queues(struct vnet_printer *p, const struct vnet_dev *dev)
{
	vnet_print_fp(p, "  Queues\n");
	if (dev->filled & VNET_FILL_CHANNELS)
		dev_channels(p, dev);
	else
		missing(p, dev, VNET_FILL_CHANNELS, "channels", "channels", NULL);
	if (dev->filled & VNET_FILL_RINGS)
		dev_rings(p, dev);
	else
		missing(p, dev, VNET_FILL_RINGS, "rings", "rings", NULL);
	if (dev->filled & VNET_FILL_COALESCE)
		dev_coalesce(p, dev);
	else
		missing(p, dev, VNET_FILL_COALESCE, "coalescing", "coalesce", NULL);
	if (dev->filled & VNET_FILL_IRQS)
		dev_interrupts(p, dev);
	else
		missing(p, dev, VNET_FILL_IRQS, "interrupts", "interrupts", NULL);
	if (!(dev->filled & VNET_FILL_QUEUES) && dev->failed & VNET_FILL_QUEUES) {
		label(p, "queue details");
		vnet_print_fp(p, "unavailable: %s\n",
			      vnet_dev_fill_error(dev, VNET_FILL_QUEUES));
	}
	/* the host sees virtqueues (under Host), not the guest's queues and their states */
	if (!dev->host)
		dev_queue_table(p, dev);
	else if (dev->failed & VNET_FILL_QUEUES)
		vnet_print_null(p, VNET_PRINT_JSON, "queues", "");
}

static void dev_offloads(struct vnet_printer *p, const struct vnet_dev *dev)
{
	static const struct {
		const char *label;
		bool active, fixed;
	} rows[] = {
		{ "on", true, false },
		{ "on, fixed", true, true },
		{ "off", false, false },
	};

	vnet_print_fp(p, "  Offloads\n");
	if (!(dev->filled & VNET_FILL_OFFLOADS)) {
		missing(p, dev, VNET_FILL_OFFLOADS, "offloads", "offloads", NULL);
		return;
	}
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		label(p, rows[r].label);
		vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
		for (unsigned int i = 0; i < dev->n_offloads; i++) {
			const struct vnet_offload *o = &dev->offloads[i];

			if (o->active == rows[r].active && (o->fixed == rows[r].fixed || !o->active))
				vnet_print_word(p, VNET_PRINT_FP, o->name);
		}
		vnet_print_wrap_end(p, "none");
	}
	vnet_print_open_array(p, "offloads");
	for (unsigned int i = 0; i < dev->n_offloads; i++) {
		const struct vnet_offload *o = &dev->offloads[i];

		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, o->name);
		vnet_print_bool(p, VNET_PRINT_JSON, "active", NULL, o->active);
		vnet_print_bool(p, VNET_PRINT_JSON, "fixed", NULL, o->fixed);
		vnet_print_bool(p, VNET_PRINT_JSON, "requested", NULL, o->requested);
		vnet_print_close(p);
	}
	vnet_print_close(p);
}

/*
 * The failover group of a standby (VIRTIO_NET_F_STANDBY): only such devices
 * have the "failover" member, so every other device's JSON stays as it was.
 */
static void dev_failover(struct vnet_printer *p, const struct vnet_dev *dev)
{
	if (!*dev->failover.master)
		return;
	vnet_print_open_object(p, "failover");
	vnet_print_fp(p, "  Failover (this device is the standby)\n");
	label(p, "master");
	vnet_print_str(p, VNET_PRINT_ANY, "master", "%s (net_failover)\n", dev->failover.master);
	label(p, "primary");
	vnet_print_str(p, VNET_PRINT_JSON, "primary", NULL, str_or_null(dev->failover.primary));
	vnet_print_fp(p, "%s\n", *dev->failover.primary ? dev->failover.primary : "none");
	vnet_print_close(p);
}

/* ---- the host's view (qmp backend) ---------------------------------------- */

static void host_feature_set(struct vnet_printer *p, const char *key, const char *what,
			     const uint64_t bits[2], enum vnet_print_to to)
{
	if (to & VNET_PRINT_FP)
		label(p, what);
	vnet_print_open_array(p, key);
	if (to & VNET_PRINT_FP)
		vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
	feature_words(p, to, bits, VNET_FEATURE_BITS);
	if (to & VNET_PRINT_FP)
		vnet_print_wrap_end(p, "none");
	vnet_print_close(p);
}

static void host_features(struct vnet_printer *p, const struct vnet_host *h)
{
	uint64_t refused[2] = { h->host_features[0] & ~h->guest_features[0],
				h->host_features[1] & ~h->guest_features[1] };

	vnet_print_open_object(p, "features");
	/* text: the Virtio section shows offered and negotiated already */
	host_feature_set(p, "host", NULL, h->host_features, VNET_PRINT_JSON);
	host_feature_set(p, "guest", NULL, h->guest_features, VNET_PRINT_JSON);
	host_feature_set(p, "backend", "backend offers", h->backend_features, VNET_PRINT_ANY);
	host_feature_set(p, "offered_not_negotiated", "refused", refused, VNET_PRINT_ANY);
	if (h->n_unmapped) {
		label(p, "unnamed");
		vnet_print_open_array(p, "unmapped");
		vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
		for (unsigned int i = 0; i < h->n_unmapped; i++)
			vnet_print_word(p, VNET_PRINT_ANY, h->unmapped[i]);
		vnet_print_wrap_end(p, NULL);
		vnet_print_close(p);
	}
	vnet_print_close(p);
}

static void host_queue(struct vnet_printer *p, const struct vnet_host_queue *q)
{
	char name[16];

	vnet_print_open_object(p, NULL);
	vnet_host_vq_label(q->kind, q->pair, name);
	vnet_print_u32(p, VNET_PRINT_ANY, "index", "    %5u", q->index);
	vnet_print_fp(p, " %-6s", name);
	vnet_print_str(p, VNET_PRINT_JSON, "kind", NULL, vnet_host_vq_kind_name(q->kind));
	vnet_print_u32(p, VNET_PRINT_JSON, "pair", NULL, q->pair);
	vnet_print_u32(p, VNET_PRINT_ANY, "vring_num", " %5u", q->vring_num);
	vnet_print_u32(p, VNET_PRINT_ANY, "vring_num_default", "/%-5u", q->vring_num_default);
	vnet_print_u32(p, VNET_PRINT_ANY, "inuse", " %6u", q->inuse);
	vnet_print_u32(p, VNET_PRINT_ANY, "last_avail_idx", " %10u", q->last_avail_idx);
	vnet_print_u32(p, VNET_PRINT_ANY, "shadow_avail_idx", " %12u", q->shadow_avail_idx);
	vnet_print_u32(p, VNET_PRINT_ANY, "used_idx", " %8u", q->used_idx);
	vnet_print_u32(p, VNET_PRINT_ANY, "signalled_used", " %10u", q->signalled_used);
	vnet_print_tri(p, VNET_PRINT_JSON, "signalled_used_valid", NULL, q->signalled_used_valid);
	if (q->vhost_known) {
		vnet_print_open_object(p, "vhost");
		vnet_print_u32(p, VNET_PRINT_ANY, "num", "  vhost num %u", q->vhost.num);
		vnet_print_u64(p, VNET_PRINT_JSON, "desc_phys", NULL, q->vhost.desc_phys);
		vnet_print_u64(p, VNET_PRINT_JSON, "avail_phys", NULL, q->vhost.avail_phys);
		vnet_print_u64(p, VNET_PRINT_JSON, "used_phys", NULL, q->vhost.used_phys);
		vnet_print_u32(p, VNET_PRINT_JSON, "desc_size", NULL, q->vhost.desc_size);
		vnet_print_u32(p, VNET_PRINT_JSON, "avail_size", NULL, q->vhost.avail_size);
		vnet_print_u32(p, VNET_PRINT_JSON, "used_size", NULL, q->vhost.used_size);
		vnet_print_close(p);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "vhost", "");
	}
	vnet_print_fp(p, "\n");
	vnet_print_close(p);
}

static void host_mac_table(struct vnet_printer *p, const char *key, const char *what,
			   const char (*table)[18], unsigned int n)
{
	label(p, what);
	vnet_print_open_array(p, key);
	vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
	for (unsigned int i = 0; i < n; i++)
		vnet_print_word(p, VNET_PRINT_ANY, table[i]);
	vnet_print_wrap_end(p, "none");
	vnet_print_close(p);
}

static void host_rx_filter(struct vnet_printer *p, const struct vnet_host_rx_filter *f)
{
	if (!f->known) {
		label(p, "rx filter");
		vnet_print_null(p, VNET_PRINT_ANY, "rx_filter", "unknown\n");
		return;
	}
	vnet_print_open_object(p, "rx_filter");
	label(p, "rx filter");
	vnet_print_tri(p, VNET_PRINT_ANY, "promiscuous", "promiscuous %s", f->promiscuous);
	vnet_print_str(p, VNET_PRINT_ANY, "unicast", ", unicast %s", str_or_null(f->unicast));
	vnet_print_str(p, VNET_PRINT_ANY, "multicast", ", multicast %s",
		       str_or_null(f->multicast));
	vnet_print_tri(p, VNET_PRINT_ANY, "broadcast_allowed", ", broadcast %s",
		       f->broadcast_allowed);
	vnet_print_tri(p, VNET_PRINT_ANY, "unicast_overflow", ", unicast overflow %s",
		       f->unicast_overflow);
	vnet_print_tri(p, VNET_PRINT_ANY, "multicast_overflow", ", multicast overflow %s\n",
		       f->multicast_overflow);
	label(p, "filter mac");
	vnet_print_str(p, VNET_PRINT_ANY, "main_mac", "%s\n", str_or_null(f->main_mac));
	host_mac_table(p, "unicast_table", "unicast", (const char (*)[18])f->unicast_table,
		       f->n_unicast);
	host_mac_table(p, "multicast_table", "multicast", (const char (*)[18])f->multicast_table,
		       f->n_multicast);
	label(p, "vlans");
	vnet_print_open_array(p, "vlan_table");
	vnet_print_wrap_begin(p, VALUE_COLUMN, -1);
	for (unsigned int i = 0; i < f->n_vlan; i++) {
		char id[8];

		snprintf(id, sizeof(id), "%u", f->vlan_table[i]);
		vnet_print_word(p, VNET_PRINT_FP, id);
		vnet_print_u32(p, VNET_PRINT_JSON, NULL, NULL, f->vlan_table[i]);
	}
	vnet_print_wrap_end(p, "none");
	vnet_print_close(p);
	vnet_print_close(p);
}

/* The host's facts of a device (vnetctl --qmp show): one printer for text and JSON. */
static void dev_host(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_host *h = dev->host;
	const struct vnet_status_info *s;

	vnet_print_open_object(p, "host");
	vnet_print_fp(p, "  Host (QEMU, over QMP)\n");
	label(p, "device");
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%s", h->name);
	vnet_print_str(p, VNET_PRINT_ANY, "model", " (%s", h->model);
	vnet_print_str(p, VNET_PRINT_ANY, "qom_path", " at %s)\n", h->qom_path);
	vnet_print_str(p, VNET_PRINT_JSON, "virtio_path", NULL, h->virtio_path);
	if (!vnet_dev_is_mmio(dev)) {
		label(p, "interface");
		vnet_print_str(p, VNET_PRINT_ANY, "mode", "%s\n", h->mode == VNET_MODE_UNKNOWN ?
			       NULL : vnet_pci_mode_name(h->mode));
	}
	label(p, "mac");
	vnet_print_str(p, VNET_PRINT_ANY, "mac", "%s\n", str_or_null(h->mac));
	vnet_print_open_object(p, "netdev");
	label(p, "netdev");
	vnet_print_str(p, VNET_PRINT_ANY, "id", "%s", str_or_null(h->netdev_id));
	vnet_print_str(p, VNET_PRINT_ANY, "type", ": %s", str_or_null(h->netdev_type));
	vnet_print_u32(p, VNET_PRINT_ANY, "queues", ", %u queues\n", h->netdev_queues);
	vnet_print_close(p);
	label(p, "vhost");
	vnet_print_tri(p, VNET_PRINT_JSON, "vhost_started", NULL, h->vhost_started);
	vnet_print_fp(p, "%s\n", h->vhost_started == VNET_TRI_YES ? "started" :
		      h->vhost_started == VNET_TRI_NO ? "not started (QEMU moves the packets)" :
		      "?");
	label(p, "vectors");
	vnet_print_u32(p, VNET_PRINT_ANY, "vectors", "%u\n", h->vectors);
	vnet_print_open_object(p, "device_status");
	label(p, "device status");
	if (h->status == VNET_UNKNOWN) {
		vnet_print_null(p, VNET_PRINT_ANY, "value", "?\n");
	} else {
		vnet_print_u32(p, VNET_PRINT_ANY, "value", "0x%02x", h->status);
		vnet_print_open_array(p, "names");
		for (size_t i = 0; (s = vnet_status_at(i)); i++)
			if (h->status & s->mask)
				vnet_print_str(p, VNET_PRINT_ANY, NULL, " %s", s->name);
		vnet_print_close(p);
		vnet_print_fp(p, "\n");
	}
	vnet_print_close(p);
	label(p, "state");
	vnet_print_tri(p, VNET_PRINT_ANY, "vm_running", "vm running %s", h->vm_running);
	vnet_print_tri(p, VNET_PRINT_ANY, "started", ", device started %s", h->started);
	vnet_print_tri(p, VNET_PRINT_ANY, "broken", ", broken %s\n", h->broken);
	if (h->features_known)
		host_features(p, h);
	else
		vnet_print_null(p, VNET_PRINT_JSON, "features", "");
	label(p, "virtqueues");
	vnet_print_u32(p, VNET_PRINT_ANY, "num_vqs", "%u", h->num_vqs);
	vnet_print_u32(p, VNET_PRINT_ANY, "queue_pairs", " (%u queue pairs)\n", h->queue_pairs);
	if (h->vhost.known) {
		vnet_print_open_object(p, "vhost");
		label(p, "vhost device");
		vnet_print_u32(p, VNET_PRINT_ANY, "nvqs", "nvqs %u", h->vhost.nvqs);
		vnet_print_u32(p, VNET_PRINT_ANY, "vq_index", ", vq_index %u", h->vhost.vq_index);
		vnet_print_u32(p, VNET_PRINT_ANY, "max_queues", ", max_queues %u\n",
			       h->vhost.max_queues);
		host_feature_set(p, "features", "vhost offers", (uint64_t[2]){ h->vhost.features, 0 },
				 VNET_PRINT_ANY);
		host_feature_set(p, "acked_features", "vhost acked",
				 (uint64_t[2]){ h->vhost.acked_features, 0 }, VNET_PRINT_ANY);
		vnet_print_close(p);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "vhost", "");
	}
	host_rx_filter(p, &h->rx_filter);
	vnet_print_open_array(p, "queues");
	if (h->n_queues)
		vnet_print_fp(p, "    %5s %-6s %11s %6s %10s %12s %8s %10s\n", "vq", "queue",
			      "num/max", "inuse", "last_avail", "shadow_avail", "used", "signalled");
	for (unsigned int i = 0; i < h->n_queues; i++)
		host_queue(p, &h->queues[i]);
	vnet_print_close(p);
	vnet_print_close(p);
}

/* ---- NetKVM (windows backend) --------------------------------------------- */

/* One table each, shared with the state document's reader (lib/state.c). */
static const char *const netkvm_gens[] = {
	[VNET_NKW_STATISTICS] = "statistics",
	[VNET_NKW_DIAG] = "diag",
	[VNET_NKW_CTRL] = "ctrl",
	[VNET_NKW_USO] = "uso",
};

static const char *const netkvm_gen_texts[] = {
	[VNET_NKW_STATISTICS] = "NetKvm_Statistics, NetKvm_RssDiagnostics (before mm268)",
	[VNET_NKW_DIAG] = "NetKvm_Config, NetKvm_Diag without ctrl (mm268 to mm311)",
	[VNET_NKW_CTRL] = "NetKvm_Config with init times, NetKvm_Diag with ctrl (mm312 to mm319)",
	[VNET_NKW_USO] = "NetKvm_Config with USO, NetKvm_Tx.UdpOffload (mm320 on)",
};

static const char *const netkvm_types[] = {
	[VNET_NKP_ENUM] = "enum",
	[VNET_NKP_INT] = "int",
	[VNET_NKP_EDIT] = "edit",
};

const char *vnet_state_netkvm_gen_name(unsigned int gen)
{
	return gen < ARRAY_SIZE(netkvm_gens) ? netkvm_gens[gen] : NULL;
}

const char *vnet_state_netkvm_type_name(unsigned int type)
{
	return type < ARRAY_SIZE(netkvm_types) ? netkvm_types[type] : NULL;
}

static void netkvm_i64(struct vnet_printer *p, const char *key, int64_t v)
{
	struct json_object *o = json_object_new_int64(v);

	vnet_print_json(p, key, o);
	json_object_put(o);
}

/* A NetKvm_Config time: INT32_MIN is unknown (the generation lacks it). */
static void netkvm_ms(struct vnet_printer *p, const char *key, int32_t v)
{
	if (v == INT32_MIN) {
		vnet_print_null(p, VNET_PRINT_ANY, key, "?");
		return;
	}
	netkvm_i64(p, key, v);
	vnet_print_fp(p, "%" PRId32 " ms", v);
}

static void netkvm_wmi(struct vnet_printer *p, const struct vnet_netkvm *nk)
{
	const char *gen = vnet_state_netkvm_gen_name(nk->wmi_gen);

	vnet_print_open_object(p, "wmi");
	label(p, "WMI");
	vnet_print_str(p, VNET_PRINT_JSON, "generation", NULL, gen);
	vnet_print_str(p, VNET_PRINT_JSON, "error", NULL, str_or_null(nk->wmi_error));
	if (gen)
		vnet_print_fp(p, "layout %s: %s\n", gen, netkvm_gen_texts[nk->wmi_gen]);
	else
		vnet_print_fp(p, "unavailable: %s\n", *nk->wmi_error ? nk->wmi_error : "not read");
	if (gen && *nk->wmi_error) {
		label(p, "");
		vnet_print_fp(p, "partly: %s\n", nk->wmi_error);
	}
	label(p, "config");
	vnet_print_u32(p, VNET_PRINT_ANY, "num_queues", "%u queues", nk->num_queues);
	vnet_print_u32(p, VNET_PRINT_ANY, "rx_buffers_posted", ", %u rx buffers posted",
		       nk->rx_buffers_posted);
	vnet_print_u32(p, VNET_PRINT_ANY, "tx_queue_size", ", tx queue size %u",
		       nk->tx_queue_size);
	vnet_print_u32(p, VNET_PRINT_ANY, "memory_kb", ", %u KiB\n", nk->memory_kb);
	label(p, "init times");
	vnet_print_fp(p, "init ");
	netkvm_ms(p, "init_time_ms", nk->init_time_ms);
	vnet_print_fp(p, ", lazy rx allocation ");
	netkvm_ms(p, "lazy_alloc_time_ms", nk->lazy_alloc_time_ms);
	vnet_print_fp(p, "\n");
	label(p, "rsc");
	vnet_print_tri(p, VNET_PRINT_ANY, "rsc_v4", "ipv4 %s", nk->rsc_v4);
	vnet_print_tri(p, VNET_PRINT_ANY, "rsc_v6", ", ipv6 %s\n", nk->rsc_v6);
	label(p, "uso");
	vnet_print_tri(p, VNET_PRINT_ANY, "uso_v4", "ipv4 %s", nk->uso_v4);
	vnet_print_tri(p, VNET_PRINT_ANY, "uso_v6", ", ipv6 %s\n", nk->uso_v6);
	label(p, "standby");
	vnet_print_tri(p, VNET_PRINT_ANY, "standby", "%s\n", nk->standby);
	label(p, "rss");
	vnet_print_tri(p, VNET_PRINT_ANY, "rss_supported", "device rss %s", nk->rss_supported);
	vnet_print_tri(p, VNET_PRINT_ANY, "hash_supported", ", hash report %s",
		       nk->hash_supported);
	vnet_print_tri(p, VNET_PRINT_ANY, "rss_on", ", device rss in use %s\n", nk->rss_on);
	label(p, "debug level");
	vnet_print_u32(p, VNET_PRINT_ANY, "debug_level", "%u (global, NetKvm_Logging)\n",
		       nk->debug_level);
	vnet_print_close(p);
	if (gen && gen != netkvm_gens[VNET_NKW_USO])
		vnet_print_fp(p, "    ?: not reported by this layout generation\n");
}

static void netkvm_netkvmd(struct vnet_printer *p, const struct vnet_netkvm *nk)
{
	const struct vnet_netkvmd_entry *e = &nk->netkvmd;

	label(p, "NETKVMD");
	vnet_print_str(p, VNET_PRINT_JSON, "netkvmd_error", NULL, str_or_null(nk->netkvmd_error));
	if (!e->known) {
		vnet_print_null(p, VNET_PRINT_JSON, "netkvmd", "");
		vnet_print_fp(p, "unavailable: %s\n",
			      *nk->netkvmd_error ? nk->netkvmd_error : "not read");
		return;
	}
	vnet_print_open_object(p, "netkvmd");
	vnet_print_bool(p, VNET_PRINT_ANY, "virtio", "virtio %s", e->virtio);
	vnet_print_bool(p, VNET_PRINT_ANY, "standby", ", standby %s", e->standby);
	vnet_print_bool(p, VNET_PRINT_ANY, "virtio_link", ", virtio link %s", e->virtio_link);
	vnet_print_bool(p, VNET_PRINT_ANY, "suppress_link", ", link suppressed %s\n",
			e->suppress_link);
	label(p, "failover vf");
	vnet_print_bool(p, VNET_PRINT_JSON, "has_vf", NULL, e->has_vf);
	vnet_print_bool(p, VNET_PRINT_JSON, "started", NULL, e->started);
	vnet_print_bool(p, VNET_PRINT_JSON, "vf_link", NULL, e->vf_link);
	vnet_print_u32(p, VNET_PRINT_JSON, "vf_ifindex", NULL, e->vf_ifindex);
	if (e->has_vf)
		vnet_print_fp(p, "ifindex %" PRIu32 ", link %s, binding started %s\n",
			      e->vf_ifindex, e->vf_link ? "on" : "off", e->started ? "on" : "off");
	else
		vnet_print_fp(p, "none\n");
	vnet_print_close(p);
}

static void netkvm_param(struct vnet_printer *p, const struct vnet_netkvm_param *pa)
{
	const char *type = vnet_state_netkvm_type_name(pa->type);

	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "keyword", "      %-25s", pa->keyword);
	vnet_print_str(p, VNET_PRINT_JSON, "value", NULL, pa->present ? pa->value : NULL);
	vnet_print_fp(p, " %-10s", pa->present ? pa->value : "-");
	vnet_print_str(p, VNET_PRINT_ANY, "inf_default", " %-12s", str_or_null(pa->inf_default));
	vnet_print_bool(p, VNET_PRINT_JSON, "present", NULL, pa->present);
	vnet_print_bool(p, VNET_PRINT_JSON, "optional", NULL, pa->optional);
	vnet_print_str(p, VNET_PRINT_ANY, "desc", " %s", str_or_null(pa->desc));
	vnet_print_str(p, VNET_PRINT_JSON, "type", NULL, type);
	vnet_print_fp(p, " (%s", type ? type : "?");
	netkvm_i64(p, "min", pa->min);
	netkvm_i64(p, "max", pa->max);
	netkvm_i64(p, "step", pa->step);
	if (pa->type == VNET_NKP_INT)
		vnet_print_fp(p, " %" PRId64 "..%" PRId64 " step %" PRId64, pa->min, pa->max,
			      pa->step);
	vnet_print_open_array(p, "values");
	for (unsigned int i = 0; i < pa->n_values && i < ARRAY_SIZE(pa->values); i++) {
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_ANY, "value", " %s", pa->values[i].value);
		vnet_print_str(p, VNET_PRINT_ANY, "desc", "=%s", pa->values[i].desc);
		vnet_print_close(p);
	}
	vnet_print_close(p);
	vnet_print_fp(p, "%s)\n", pa->optional ? ", optional" : "");
	vnet_print_close(p);
}

/* The NetKVM driver's facts of a device (windows backend): one printer for text and JSON. */
static void dev_netkvm(struct vnet_printer *p, const struct vnet_dev *dev)
{
	const struct vnet_netkvm *nk = dev->netkvm;

	vnet_print_open_object(p, "netkvm");
	vnet_print_fp(p, "  NetKVM (Windows driver)\n");
	label(p, "instance");
	vnet_print_str(p, VNET_PRINT_ANY, "instance_id", "%s\n", str_or_null(nk->instance_id));
	label(p, "driver key");
	vnet_print_str(p, VNET_PRINT_ANY, "driver_key", "HKLM\\%s\n", str_or_null(nk->driver_key));
	label(p, "interface");
	vnet_print_str(p, VNET_PRINT_ANY, "netcfg_instance_id", "%s",
		       str_or_null(nk->netcfg_instance_id));
	vnet_print_str(p, VNET_PRINT_ANY, "description", " \"%s\"\n", str_or_null(nk->description));
	label(p, "driver");
	vnet_print_str(p, VNET_PRINT_ANY, "driver_desc", "%s", str_or_null(nk->driver_desc));
	vnet_print_str(p, VNET_PRINT_ANY, "driver_version", ", version %s",
		       str_or_null(nk->driver_version));
	vnet_print_str(p, VNET_PRINT_ANY, "driver_date", " of %s",
		       str_or_null(nk->driver_date));
	vnet_print_str(p, VNET_PRINT_ANY, "service", ", service %s\n", str_or_null(nk->service));
	netkvm_wmi(p, nk);
	netkvm_netkvmd(p, nk);
	label(p, "parameters");
	vnet_print_u32(p, VNET_PRINT_FP, NULL, "%u in Ndi\\Params (-: not in the driver key)\n",
		       nk->n_params);
	vnet_print_open_array(p, "params");
	if (nk->n_params)
		vnet_print_fp(p, "      %-25s %-10s %-12s %s\n", "keyword", "value", "INF default",
			      "description (type allowed)");
	for (unsigned int i = 0; i < nk->n_params; i++)
		netkvm_param(p, &nk->params[i]);
	vnet_print_close(p);
	vnet_print_close(p);
}

static void dev_errors(struct vnet_printer *p, const struct vnet_dev *dev)
{
	if (!dev->failed)
		return;
	vnet_print_open_object(p, "errors");
	for (unsigned int i = 0; i < VNET_FILL_GROUPS; i++)
		if (dev->failed & (1u << i))
			vnet_print_str(p, VNET_PRINT_JSON, vnet_fill_name(1u << i), NULL,
				       dev->fill_error[i]);
	vnet_print_close(p);
}

VNET_EXPORT void vnet_dev_print(struct vnet_printer *p, const struct vnet_dev *dev)
{
	vnet_dev_print_system(p, dev, NULL);
}

VNET_EXPORT void vnet_dev_print_system(struct vnet_printer *p, const struct vnet_dev *dev,
				       const struct vnet_system *sys)
{
	vnet_print_open_object(p, NULL);
	vnet_print_u32(p, VNET_PRINT_JSON, "schema", NULL, VNET_JSON_VERSION);
	dev_identity(p, dev);
	if (dev->host)
		vnet_print_fp(p, "%s: %s at %s, as its QEMU sees it (QMP)\n", dev_label(dev),
			      dev->host->model, dev->host->qom_path);
	else if (dev->netkvm)
		/* no virtio index on Windows: the adapter's description */
		vnet_print_fp(p, "%s: %s", dev_label(dev), dev->netkvm->description);
	else
		vnet_print_fp(p, "%s: %s", dev_label(dev), dev->virtio_name);
	if (dev->host)
		;	/* no guest transport, slot or driver to name */
	else if (*dev->pci.slot)
		vnet_print_fp(p, " at %s", dev->pci.slot);
	else if (*dev->mmio.name)
		vnet_print_fp(p, " on %s %s", dev->bus, dev->mmio.name);
	else if (*dev->bus)
		vnet_print_fp(p, " on %s", dev->bus);
	if (!dev->host)
		vnet_print_fp(p, ", driver %s\n", *dev->driver ? dev->driver : "none");
	dev_failover(p, dev);
	if (vnet_dev_is_mmio(dev)) {
		dev_mmio(p, dev);
	} else {
		dev_transport_pci(p, dev);
		dev_pci(p, dev);
	}
	dev_virtio(p, dev);
	dev_link(p, dev);
	dev_queues(p, dev);
	dev_offloads(p, dev);
	if (dev->host)
		dev_host(p, dev);
	if (dev->netkvm)
		dev_netkvm(p, dev);
	dev_errors(p, dev);
	/* the machine's VMM as a guest identifies it; QMP is QEMU itself */
	if (sys && !dev->host)
		vnet_vmm_print(p, &sys->vmm);
	vnet_print_close(p);
}

/* ---- list ----------------------------------------------------------------- */

static const char *list_mode(const struct vnet_dev *dev);

/* The list object is a subset of "show": identity, mode, queues, MTU, link. */
static void list_json(struct vnet_printer *p, const struct vnet_dev *dev)
{
	vnet_print_open_object(p, NULL);
	dev_identity(p, dev);
	/* the host's view: what names the device there */
	if (dev->host) {
		vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, dev->host->name);
		vnet_print_str(p, VNET_PRINT_JSON, "qom_path", NULL, dev->host->qom_path);
		vnet_print_str(p, VNET_PRINT_JSON, "mac", NULL, str_or_null(dev->host->mac));
	}
	if (dev->filled & VNET_FILL_CHANNELS)
		dev_channels(p, dev);
	else if (dev->failed & VNET_FILL_CHANNELS)
		vnet_print_null(p, VNET_PRINT_JSON, "channels", "");
	if (dev->filled & VNET_FILL_LINK)
		dev_mtu(p, dev);
	else if (dev->failed & VNET_FILL_LINK)
		vnet_print_null(p, VNET_PRINT_JSON, "mtu", "");
	dev_errors(p, dev);
	if (dev->host && !(dev->filled & VNET_FILL_PCI) && !vnet_dev_is_mmio(dev)) {
		vnet_print_str(p, VNET_PRINT_JSON, "mode", NULL, dev->host->mode == VNET_MODE_UNKNOWN ?
			       NULL : vnet_pci_mode_name(dev->host->mode));
	} else if (dev->filled & VNET_FILL_PCI) {
		vnet_print_str(p, VNET_PRINT_JSON, "pci_slot", NULL, str_or_null(dev->pci.slot));
		if (vnet_dev_is_mmio(dev))
			vnet_print_str(p, VNET_PRINT_JSON, "mode", NULL, str_or_null(list_mode(dev)));
		else
			vnet_print_str(p, VNET_PRINT_JSON, "mode", NULL,
				       dev->pci.mode == VNET_MODE_UNKNOWN ?
				       NULL : vnet_pci_mode_name(dev->pci.mode));
	}
	if (*dev->mmio.name)
		vnet_print_str(p, VNET_PRINT_JSON, "mmio_device", NULL, dev->mmio.name);
	if (dev->filled & VNET_FILL_LINK)
		vnet_print_tri(p, VNET_PRINT_JSON, "carrier", NULL, dev->link.carrier);
	dev_failover(p, dev);
	vnet_print_close(p);
}

static const char *list_link(const struct vnet_dev *dev)
{
	if (!(dev->filled & VNET_FILL_LINK))
		return "?";
	if (dev->link.carrier == VNET_TRI_UNKNOWN)
		return *dev->link.operstate ? dev->link.operstate : "?";
	return dev->link.carrier == VNET_TRI_YES ? "up" : "down";
}

static const char *list_mode(const struct vnet_dev *dev)
{
	/* the host's view: the interface QEMU gives the device */
	if (dev->host && dev->host->mode != VNET_MODE_UNKNOWN)
		return vnet_pci_mode_name(dev->host->mode);
	if (!(dev->filled & VNET_FILL_PCI))
		return *dev->bus ? dev->bus : "?";
	if (vnet_dev_is_mmio(dev))
		return dev->mmio.version == 2 ? "modern" : dev->mmio.version == 1 ? "legacy" : "";
	if (dev->pci.mode == VNET_MODE_UNKNOWN)
		return dev->pci.caps_state == VNET_CAPS_NEED_ROOT ? "?(need root)" : "?";
	return vnet_pci_mode_name(dev->pci.mode);
}

static void list_text(struct vnet_printer *p, const struct vnet_dev *dev)
{
	char queues[32] = "?", a[16] = "?", b[16] = "?";
	const struct vnet_channels *c = &dev->channels;

	if (dev->filled & VNET_FILL_CHANNELS) {
		if (c->combined != VNET_UNKNOWN)
			snprintf(a, sizeof(a), "%u", c->combined);
		if (c->max_combined != VNET_UNKNOWN)
			snprintf(b, sizeof(b), "%u", c->max_combined);
		snprintf(queues, sizeof(queues), "%s/%s", a, b);
	}
	vnet_print_fp(p, "%-15s %-9s %-13s %-13s %-7s ", *dev->ifname ? dev->ifname : "-",
		      dev->virtio_name, *dev->pci.slot ? dev->pci.slot : *dev->mmio.name ?
		      dev->mmio.name : "-", *list_mode(dev) ? list_mode(dev) : "?",
		      queues);
	vnet_print_u32(p, VNET_PRINT_FP, NULL, "%-6u",
		       dev->filled & VNET_FILL_LINK ? dev->mtu.current : VNET_UNKNOWN);
	vnet_print_fp(p, " %s", list_link(dev));
	if (*dev->failover.master)
		vnet_print_fp(p, "  failover %s%s%s", dev->failover.master,
			      *dev->failover.primary ? " primary " : "", dev->failover.primary);
	vnet_print_fp(p, "\n");
}

VNET_EXPORT void vnet_dev_list_print(struct vnet_printer *p, const struct vnet_dev_list *list,
				     bool names_only)
{
	vnet_print_open_array(p, NULL);
	if (!names_only && list->n)
		vnet_print_fp(p, "%-15s %-9s %-13s %-13s %-7s %-6s %s\n", "IFNAME", "VIRTIO",
			      "PCI", "MODE", "QUEUES", "MTU", "LINK");
	else if (!names_only)
		vnet_print_fp(p, "no virtio-net devices\n");
	for (size_t i = 0; i < list->n; i++) {
		const struct vnet_dev *dev = list->devs[i];

		if (vnet_printer_is_json(p)) {
			list_json(p, dev);
		} else if (names_only) {
			/* every name a device answers to: what completions offer */
			if (*dev->ifname)
				vnet_print_fp(p, "%s\n", dev->ifname);
			if (*dev->failover.master)
				vnet_print_fp(p, "%s\n", dev->failover.master);
			vnet_print_fp(p, "%s\n", dev->virtio_name);
			if (*dev->pci.slot)
				vnet_print_fp(p, "%s\n", dev->pci.slot);
			if (*dev->mmio.name)
				vnet_print_fp(p, "%s\n", dev->mmio.name);
			if (dev->host && *dev->host->mac)
				vnet_print_fp(p, "%s\n", dev->host->mac);
		} else {
			list_text(p, dev);
		}
	}
	vnet_print_close(p);
}

/* ---- features ------------------------------------------------------------- */

/*
 * The bits to list: every negotiated bit, plus with @all every known bit
 * (so that "off" is visible) and every offered one.
 */
static bool listed(const struct vnet_dev *dev, unsigned int bit, bool all)
{
	const struct vnet_features *f = &dev->features;

	if (bit < f->nbits && vnet_bit_test(f->negotiated, bit))
		return true;
	if (!all)
		return false;
	return vnet_feature_lookup(bit) || (f->offered_known && vnet_bit_test(f->offered, bit));
}

VNET_EXPORT void vnet_dev_features_print(struct vnet_printer *p, const struct vnet_dev *dev,
					 bool all)
{
	const struct vnet_features *f = &dev->features;
	const char *unknown;

	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_JSON, "ifname", NULL, str_or_null(dev->ifname));
	vnet_print_fp(p, "%s", dev_label(dev));
	if (dev->host) {
		/* the guest's virtio index is unknown on the host */
		vnet_print_null(p, VNET_PRINT_JSON, "virtio", "");
		vnet_print_str(p, VNET_PRINT_ANY, "device", " (%s, as QEMU sees it)", dev->host->name);
	} else if (dev->netkvm) {
		/* NetKVM shows no virtio index */
		vnet_print_str(p, VNET_PRINT_JSON, "virtio", NULL, dev->virtio_name);
	} else {
		vnet_print_str(p, VNET_PRINT_ANY, "virtio", " (%s)", dev->virtio_name);
	}
	if (netkvm_features_unknown(dev)) {
		vnet_print_u32(p, VNET_PRINT_JSON, "nbits", NULL, 0);
		vnet_print_null(p, VNET_PRINT_JSON, "features", "");
		vnet_print_str(p, VNET_PRINT_ANY, "reason", ": feature bits unknown: %s\n",
			       NETKVM_NO_FEATURES);
		vnet_print_close(p);
		return;
	}
	vnet_print_u32(p, VNET_PRINT_JSON, "nbits", NULL, f->nbits);
	vnet_print_fp(p, ": %u of %u feature bits negotiated\n", negotiated_count(dev),
		      negotiable_bits(dev));
	vnet_print_open_array(p, "features");
	unknown = vnet_printer_set_unknown(p, "not defined by the virtio specification");
	for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
		const struct vnet_feature_info *fi = vnet_feature_lookup(b);
		bool on = b < f->nbits && vnet_bit_test(f->negotiated, b);
		char name[VNET_FEATURE_NAME_LEN];

		if (!listed(dev, b, all))
			continue;
		vnet_print_open_object(p, NULL);
		if (all)
			vnet_print_fp(p, "  %-3s", on ? "on" : "off");
		vnet_print_u32(p, VNET_PRINT_ANY, "bit", "  %3u", b);
		vnet_print_str(p, VNET_PRINT_ANY, "name", "  %-26s", vnet_feature_name(b, name));
		vnet_print_bool(p, VNET_PRINT_JSON, "negotiated", NULL, on);
		vnet_print_tri(p, VNET_PRINT_JSON, "offered", NULL, !f->offered_known ?
			       VNET_TRI_UNKNOWN : vnet_bit_test(f->offered, b));
		vnet_print_str(p, VNET_PRINT_ANY, "meaning", " %s", fi ? fi->meaning : NULL);
		vnet_print_str(p, fi && fi->qemu_property ? VNET_PRINT_ANY : VNET_PRINT_JSON,
			       "qemu_property", " [%s]", fi ? fi->qemu_property : NULL);
		if (f->offered_known && !on && vnet_bit_test(f->offered, b))
			vnet_print_fp(p, " (offered, not accepted)");
		vnet_print_fp(p, "\n");
		vnet_print_close(p);
	}
	vnet_printer_set_unknown(p, unknown);
	vnet_print_close(p);
	vnet_print_close(p);
}

/* The device JSON (the contract in vnetctl(8)) is this description's JSON mode. */
static void describe_dev(struct vnet_printer *p, const void *dev)
{
	vnet_dev_print(p, dev);
}

VNET_EXPORT struct json_object *vnet_dev_to_json(const struct vnet_dev *dev)
{
	return vnet_print_json_of(describe_dev, dev);
}
