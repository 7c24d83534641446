// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * json.c - the device model as JSON (the contract documented in vnetctl(8))
 *
 * Groups that were not asked for are left out, groups that could not be
 * read are null with the reason under "errors", and unknown facts are null.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <json-c/json.h>

#include "internal.h"

static struct json_object *u32_or_null(uint32_t v)
{
	return v == VNET_UNKNOWN ? NULL : json_object_new_int64(v);
}

static struct json_object *u64_or_null(uint64_t v)
{
	return v == VNET_UNKNOWN64 ? NULL : json_object_new_uint64(v);
}

static struct json_object *str_or_null(const char *s)
{
	return *s ? json_object_new_string(s) : NULL;
}

static struct json_object *tri_or_null(enum vnet_tri t)
{
	return t == VNET_TRI_UNKNOWN ? NULL : json_object_new_boolean(t == VNET_TRI_YES);
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *pci_json(const struct vnet_pci *pci)
{
	struct json_object *o = json_object_new_object(), *caps, *msix = NULL;
	bool walked = pci->caps_state == VNET_CAPS_OK || pci->caps_state == VNET_CAPS_NONE;

	add(o, "slot", str_or_null(pci->slot));
	add(o, "vendor_id", u32_or_null(pci->vendor_id));
	add(o, "device_id", u32_or_null(pci->device_id));
	add(o, "revision", u32_or_null(pci->revision));
	add(o, "subsystem_vendor_id", u32_or_null(pci->subsystem_vendor_id));
	add(o, "subsystem_id", u32_or_null(pci->subsystem_id));
	add(o, "class", u32_or_null(pci->class_code));
	add(o, "mode", pci->mode == VNET_MODE_UNKNOWN ? NULL :
		       json_object_new_string(vnet_pci_mode_name(pci->mode)));
	add(o, "config_size", json_object_new_int(pci->config_size));
	add(o, "caps_state", json_object_new_string(vnet_caps_state_name(pci->caps_state)));
	add(o, "legacy_io_bar", tri_or_null(pci->legacy_io_bar));
	if (pci->msix_present == VNET_TRI_YES) {
		msix = json_object_new_object();
		add(msix, "table_size", u32_or_null(pci->msix_table_size));
		add(msix, "enabled", tri_or_null(pci->msix_enabled));
	}
	/* no MSI-X is "null" once the whole list was walked, unknown otherwise */
	add(o, "msix", msix);
	add(o, "msix_present", tri_or_null(pci->msix_present));
	if (!walked) {
		add(o, "virtio_caps", NULL);
		return o;
	}
	caps = json_object_new_array();
	for (unsigned int i = 0; i < pci->n_virtio_caps; i++) {
		const struct vnet_virtio_cap *c = &pci->virtio_caps[i];
		struct json_object *cj = json_object_new_object();
		const char *name = vnet_virtio_cap_name(c->cfg_type);

		add(cj, "position", json_object_new_int(c->position));
		add(cj, "cfg_type", json_object_new_int(c->cfg_type));
		add(cj, "name", name ? json_object_new_string(name) : NULL);
		add(cj, "bar", json_object_new_int(c->bar));
		add(cj, "id", json_object_new_int(c->id));
		add(cj, "offset", json_object_new_uint64(c->offset));
		add(cj, "length", json_object_new_uint64(c->length));
		if (c->cfg_type == VNET_CAP_NOTIFY)
			add(cj, "notify_off_multiplier", u32_or_null(c->notify_off_multiplier));
		json_object_array_add(caps, cj);
	}
	add(o, "virtio_caps", caps);
	return o;
}

VNET_EXPORT struct json_object *vnet_features_to_json(const uint64_t bits[2], unsigned int nbits)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned int b = 0; b < nbits && b < VNET_FEATURE_BITS; b++) {
		const struct vnet_feature_info *f;
		char name[16];

		if (!vnet_bit_test(bits, b))
			continue;
		f = vnet_feature_lookup(b);
		if (!f)
			snprintf(name, sizeof(name), "BIT_%u", b);
		json_object_array_add(arr, json_object_new_string(f ? f->name : name));
	}
	return arr;
}

static struct json_object *bits_hex(const uint64_t bits[2])
{
	char buf[40];

	if (bits[1])
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "%016" PRIx64, bits[1], bits[0]);
	else
		snprintf(buf, sizeof(buf), "0x%" PRIx64, bits[0]);
	return json_object_new_string(buf);
}

static struct json_object *features_json(const struct vnet_features *f)
{
	struct json_object *o = json_object_new_object();

	add(o, "negotiated", vnet_features_to_json(f->negotiated, f->nbits));
	add(o, "bits", bits_hex(f->negotiated));
	add(o, "nbits", json_object_new_int(f->nbits));
	add(o, "offered", f->offered_known ?
			  vnet_features_to_json(f->offered, VNET_FEATURE_BITS) : NULL);
	return o;
}

static struct json_object *status_json(uint32_t status)
{
	struct json_object *arr;
	const struct vnet_status_info *s;

	if (status == VNET_UNKNOWN)
		return NULL;
	arr = json_object_new_array();
	for (size_t i = 0; (s = vnet_status_at(i)); i++)
		if (status & s->mask)
			json_object_array_add(arr, json_object_new_string(s->name));
	return arr;
}

static struct json_object *link_json(const struct vnet_link *l)
{
	struct json_object *o = json_object_new_object();
	const char *duplex = l->duplex == VNET_DUPLEX_FULL ? "full" :
			     l->duplex == VNET_DUPLEX_HALF ? "half" : NULL;

	add(o, "admin_up", tri_or_null(l->admin_up));
	add(o, "carrier", tri_or_null(l->carrier));
	add(o, "operstate", str_or_null(l->operstate));
	add(o, "speed_mbps", u32_or_null(l->speed_mbps));
	add(o, "duplex", duplex ? json_object_new_string(duplex) : NULL);
	add(o, "mac", str_or_null(l->mac));
	add(o, "permanent_mac", str_or_null(l->permanent_mac));
	add(o, "tx_queue_len", u32_or_null(l->tx_queue_len));
	add(o, "num_tx_queues", u32_or_null(l->num_tx_queues));
	add(o, "num_rx_queues", u32_or_null(l->num_rx_queues));
	return o;
}

static struct json_object *mtu_json(const struct vnet_mtu *m)
{
	struct json_object *o = json_object_new_object();

	add(o, "current", u32_or_null(m->current));
	add(o, "min", u32_or_null(m->min));
	add(o, "max", u32_or_null(m->max));
	return o;
}

static struct json_object *channels_json(const struct vnet_channels *c)
{
	struct json_object *o = json_object_new_object();

	add(o, "combined", u32_or_null(c->combined));
	add(o, "max_combined", u32_or_null(c->max_combined));
	add(o, "rx", u32_or_null(c->rx));
	add(o, "tx", u32_or_null(c->tx));
	add(o, "other", u32_or_null(c->other));
	add(o, "max_rx", u32_or_null(c->max_rx));
	add(o, "max_tx", u32_or_null(c->max_tx));
	add(o, "max_other", u32_or_null(c->max_other));
	return o;
}

static struct json_object *rings_json(const struct vnet_rings *r)
{
	struct json_object *o = json_object_new_object();

	add(o, "rx", u32_or_null(r->rx));
	add(o, "tx", u32_or_null(r->tx));
	add(o, "rx_max", u32_or_null(r->rx_max));
	add(o, "tx_max", u32_or_null(r->tx_max));
	return o;
}

static struct json_object *coalesce_json(const struct vnet_coalesce *c)
{
	struct json_object *o = json_object_new_object();

	add(o, "rx_usecs", u32_or_null(c->rx_usecs));
	add(o, "rx_frames", u32_or_null(c->rx_frames));
	add(o, "tx_usecs", u32_or_null(c->tx_usecs));
	add(o, "tx_frames", u32_or_null(c->tx_frames));
	add(o, "adaptive_rx", tri_or_null(c->adaptive_rx));
	add(o, "adaptive_tx", tri_or_null(c->adaptive_tx));
	return o;
}

static struct json_object *offloads_json(const struct vnet_dev *dev)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned int i = 0; i < dev->n_offloads; i++) {
		const struct vnet_offload *f = &dev->offloads[i];
		struct json_object *o = json_object_new_object();

		add(o, "name", json_object_new_string(f->name));
		add(o, "active", json_object_new_boolean(f->active));
		add(o, "fixed", json_object_new_boolean(f->fixed));
		add(o, "requested", json_object_new_boolean(f->requested));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *irq_number(const struct vnet_irq *irq)
{
	return u32_or_null(irq->irq);
}

static struct json_object *interrupts_json(const struct vnet_irqs *i)
{
	struct json_object *o = json_object_new_object();

	add(o, "mode", i->mode == VNET_IRQ_UNKNOWN ? NULL :
		       json_object_new_string(vnet_irq_mode_name(i->mode)));
	add(o, "vectors_used", u32_or_null(i->vectors_used));
	add(o, "config_irq", irq_number(&i->config));
	add(o, "shared_irq", irq_number(&i->shared));
	return o;
}

static void irq_fields(struct json_object *o, const char *dir, const struct vnet_irq *irq)
{
	char key[32];

	snprintf(key, sizeof(key), "%s_irq", dir);
	add(o, key, irq_number(irq));
	snprintf(key, sizeof(key), "%s_irq_name", dir);
	add(o, key, str_or_null(irq->name));
	snprintf(key, sizeof(key), "%s_affinity", dir);
	add(o, key, str_or_null(irq->affinity));
	snprintf(key, sizeof(key), "%s_effective_cpus", dir);
	add(o, key, str_or_null(irq->effective));
	snprintf(key, sizeof(key), "%s_interrupts", dir);
	add(o, key, u64_or_null(irq->count));
}

static struct json_object *queues_json(const struct vnet_dev *dev)
{
	struct json_object *arr = json_object_new_array();
	bool irqs = dev->filled & VNET_FILL_IRQS, qs = dev->filled & VNET_FILL_QUEUES;

	for (unsigned int i = 0; i < dev->n_queues; i++) {
		const struct vnet_queue *q = &dev->queues[i];
		struct json_object *o = json_object_new_object();

		add(o, "index", json_object_new_int(q->index));
		add(o, "active", json_object_new_boolean(q->active));
		if (irqs) {
			irq_fields(o, "rx", &q->rx_irq);
			irq_fields(o, "tx", &q->tx_irq);
		}
		if (qs) {
			add(o, "rps_cpus", str_or_null(q->rps_cpus));
			add(o, "xps_cpus", str_or_null(q->xps_cpus));
			add(o, "bql_limit", u64_or_null(q->bql_limit));
			add(o, "bql_inflight", u64_or_null(q->bql_inflight));
			add(o, "tx_timeouts", u64_or_null(q->tx_timeouts));
		}
		json_object_array_add(arr, o);
	}
	return arr;
}

/*
 * Emit @key for group @bit: @value when the group was filled, null when it
 * failed, nothing when it was not asked for.  @value is built by the caller
 * either way and dropped when unused.
 */
static void group(struct json_object *o, const struct vnet_dev *dev, unsigned int bit,
		  const char *key, struct json_object *value)
{
	if (dev->filled & bit)
		add(o, key, value);
	else if (dev->failed & bit)
		add(o, key, NULL);
	if (!(dev->filled & bit))
		json_object_put(value);
}

VNET_EXPORT struct json_object *vnet_dev_to_json(const struct vnet_dev *dev)
{
	struct json_object *o = json_object_new_object(), *errors;

	if (!o)
		return NULL;
	add(o, "ifname", str_or_null(dev->ifname));
	add(o, "ifindex", u32_or_null(dev->ifindex));
	add(o, "virtio", json_object_new_string(dev->virtio_name));
	add(o, "driver", str_or_null(dev->driver));
	add(o, "bus", str_or_null(dev->bus));
	group(o, dev, VNET_FILL_PCI, "pci", pci_json(&dev->pci));
	group(o, dev, VNET_FILL_FEATURES, "features", features_json(&dev->features));
	group(o, dev, VNET_FILL_FEATURES, "status", status_json(dev->status));
	group(o, dev, VNET_FILL_LINK, "link", link_json(&dev->link));
	group(o, dev, VNET_FILL_LINK, "mtu", mtu_json(&dev->mtu));
	group(o, dev, VNET_FILL_CHANNELS, "channels", channels_json(&dev->channels));
	group(o, dev, VNET_FILL_RINGS, "rings", rings_json(&dev->rings));
	group(o, dev, VNET_FILL_COALESCE, "coalesce", coalesce_json(&dev->coalesce));
	group(o, dev, VNET_FILL_OFFLOADS, "offloads", offloads_json(dev));
	group(o, dev, VNET_FILL_IRQS, "interrupts", interrupts_json(&dev->irqs));
	if (dev->filled & (VNET_FILL_IRQS | VNET_FILL_QUEUES))
		add(o, "queues", queues_json(dev));
	else if (dev->failed & (VNET_FILL_IRQS | VNET_FILL_QUEUES))
		add(o, "queues", NULL);
	if (dev->failed) {
		errors = json_object_new_object();
		for (unsigned int i = 0; i < VNET_FILL_GROUPS; i++)
			if (dev->failed & (1u << i))
				add(errors, vnet_fill_name(1u << i),
				    json_object_new_string(dev->fill_error[i]));
		add(o, "errors", errors);
	}
	return o;
}

VNET_EXPORT const char *vnet_irq_mode_name(enum vnet_irq_mode mode)
{
	switch (mode) {
	case VNET_IRQ_MSIX_PER_QUEUE:
		return "msix-per-queue";
	case VNET_IRQ_MSIX_SHARED:
		return "msix-shared";
	case VNET_IRQ_INTX:
		return "intx";
	case VNET_IRQ_NONE:
		return "none";
	case VNET_IRQ_UNKNOWN:
		break;
	}
	return "unknown";
}
