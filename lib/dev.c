// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dev.c - the device model: allocation, lookup, lazy filling
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"

static const char *const fill_names[VNET_FILL_GROUPS] = {
	"pci", "features", "link", "channels", "rings",
	"offloads", "coalesce", "irqs", "queues",
};

VNET_EXPORT const char *vnet_fill_name(unsigned int group_bit)
{
	for (unsigned int i = 0; i < VNET_FILL_GROUPS; i++)
		if (group_bit == 1u << i)
			return fill_names[i];
	return NULL;
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
	case VNET_IRQ_MMIO:
		return "mmio-line";
	case VNET_IRQ_UNKNOWN:
		break;
	}
	return "unknown";
}

static void irq_init(struct vnet_irq *irq)
{
	memset(irq, 0, sizeof(*irq));
	irq->irq = VNET_UNKNOWN;
	irq->count = VNET_UNKNOWN64;
}

static void reset_pci(struct vnet_pci *pci)
{
	char slot[sizeof(pci->slot)];

	/* the slot is identity, read by the scan */
	memcpy(slot, pci->slot, sizeof(slot));
	memset(pci, 0, sizeof(*pci));
	memcpy(pci->slot, slot, sizeof(slot));
	pci->vendor_id = pci->device_id = VNET_UNKNOWN;
	pci->subsystem_vendor_id = pci->subsystem_id = VNET_UNKNOWN;
	pci->revision = pci->class_code = VNET_UNKNOWN;
	pci->msix_present = pci->msix_enabled = VNET_TRI_UNKNOWN;
	pci->msix_table_size = VNET_UNKNOWN;
	pci->legacy_io_bar = VNET_TRI_UNKNOWN;
}

static void reset_mmio(struct vnet_mmio *mmio)
{
	char name[sizeof(mmio->name)];

	/* the platform device's name is identity, read by the scan */
	memcpy(name, mmio->name, sizeof(name));
	memset(mmio, 0, sizeof(*mmio));
	memcpy(mmio->name, name, sizeof(name));
	mmio->base = mmio->size = VNET_UNKNOWN64;
	mmio->irq = mmio->vendor_id = mmio->version = VNET_UNKNOWN;
}

VNET_EXPORT bool vnet_dev_is_mmio(const struct vnet_dev *dev)
{
	return !strcmp(dev->bus, "mmio");
}

static void reset_queue_irqs(struct vnet_queue *q)
{
	irq_init(&q->rx_irq);
	irq_init(&q->tx_irq);
}

static void reset_queue_attrs(struct vnet_queue *q)
{
	q->rps_cpus[0] = q->xps_cpus[0] = '\0';
	q->bql_limit = q->bql_inflight = VNET_UNKNOWN64;
	q->tx_timeouts = VNET_UNKNOWN64;
}

/* Every fact of the groups in @groups back to unknown. */
static void reset_groups(struct vnet_dev *dev, unsigned int groups)
{
	if (groups & VNET_FILL_PCI) {
		reset_pci(&dev->pci);
		reset_mmio(&dev->mmio);
	}
	if (groups & VNET_FILL_FEATURES) {
		memset(&dev->features, 0, sizeof(dev->features));
		dev->status = VNET_UNKNOWN;
	}
	if (groups & VNET_FILL_LINK) {
		memset(&dev->link, 0, sizeof(dev->link));
		dev->link.carrier = dev->link.admin_up = VNET_TRI_UNKNOWN;
		dev->link.speed_mbps = VNET_UNKNOWN;
		dev->link.tx_queue_len = VNET_UNKNOWN;
		dev->link.num_tx_queues = dev->link.num_rx_queues = VNET_UNKNOWN;
		dev->mtu.current = dev->mtu.min = dev->mtu.max = VNET_UNKNOWN;
	}
	if (groups & VNET_FILL_CHANNELS)
		memset(&dev->channels, 0xff, sizeof(dev->channels));
	if (groups & VNET_FILL_RINGS)
		memset(&dev->rings, 0xff, sizeof(dev->rings));
	if (groups & VNET_FILL_OFFLOADS) {
		free(dev->offloads);
		dev->offloads = NULL;
		dev->n_offloads = 0;
	}
	if (groups & VNET_FILL_COALESCE) {
		dev->coalesce.rx_usecs = dev->coalesce.rx_frames = VNET_UNKNOWN;
		dev->coalesce.tx_usecs = dev->coalesce.tx_frames = VNET_UNKNOWN;
		dev->coalesce.adaptive_rx = dev->coalesce.adaptive_tx = VNET_TRI_UNKNOWN;
	}
	if (groups & VNET_FILL_IRQS) {
		memset(&dev->irqs, 0, sizeof(dev->irqs));
		dev->irqs.vectors_used = VNET_UNKNOWN;
		irq_init(&dev->irqs.config);
		irq_init(&dev->irqs.shared);
	}
	/* the queue table is sized again when both of its groups are read again */
	if ((groups & (VNET_FILL_IRQS | VNET_FILL_QUEUES)) == (VNET_FILL_IRQS | VNET_FILL_QUEUES)) {
		free(dev->queues);
		dev->queues = NULL;
		dev->n_queues = 0;
	}
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		if (groups & VNET_FILL_IRQS)
			reset_queue_irqs(&dev->queues[i]);
		if (groups & VNET_FILL_QUEUES)
			reset_queue_attrs(&dev->queues[i]);
	}
	dev->filled &= ~groups;
	dev->failed &= ~groups;
	for (unsigned int i = 0; i < VNET_FILL_GROUPS; i++)
		if (groups & (1u << i))
			dev->fill_error[i][0] = '\0';
}

struct vnet_dev *vnet_dev_alloc(void)
{
	struct vnet_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	dev->ifindex = VNET_UNKNOWN;
	reset_groups(dev, VNET_FILL_ALL);
	return dev;
}

int vnet_dev_set_queues(struct vnet_dev *dev, unsigned int n)
{
	struct vnet_queue *q;

	if (n == dev->n_queues)
		return 0;
	q = realloc(dev->queues, n * sizeof(*q));
	if (!q && n)
		return -ENOMEM;
	for (unsigned int i = dev->n_queues; i < n; i++) {
		memset(&q[i], 0, sizeof(q[i]));
		q[i].index = i;
		reset_queue_irqs(&q[i]);
		reset_queue_attrs(&q[i]);
	}
	dev->queues = q;
	dev->n_queues = n;
	return 0;
}

VNET_EXPORT void vnet_dev_free(struct vnet_dev *dev)
{
	if (!dev)
		return;
	free(dev->offloads);
	free(dev->queues);
	free(dev->backend_priv);
	vnet_host_free(dev->host);
	vnet_netkvm_free(dev->netkvm);
	free(dev);
}

int vnet_dev_list_append(struct vnet_dev_list *list, struct vnet_dev *dev)
{
	struct vnet_dev **devs = realloc(list->devs, (list->n + 1) * sizeof(*devs));

	if (!devs)
		return -ENOMEM;
	devs[list->n++] = dev;
	list->devs = devs;
	return 0;
}

VNET_EXPORT void vnet_dev_list_free(struct vnet_dev_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		vnet_dev_free(list->devs[i]);
	free(list->devs);
	list->devs = NULL;
	list->n = 0;
}

VNET_EXPORT int vnet_dev_list(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	int err;

	list->n = 0;
	list->devs = NULL;
	vnet_clear_error(ctx);
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	err = ctx->ops->scan(ctx, list);
	if (err) {
		if (!*vnet_ctx_error(ctx))
			vnet_set_error(ctx, err, "device scan: %s", strerror(-err));
		vnet_dev_list_free(list);
	}
	return err;
}

/* Same device: the virtio name and where it sits on its bus. */
static struct vnet_dev *take_same(struct vnet_dev_list *list, const struct vnet_dev *dev)
{
	for (size_t i = 0; i < list->n; i++) {
		struct vnet_dev *d = list->devs[i];

		if (d && !strcmp(d->virtio_name, dev->virtio_name) && !strcmp(d->bus, dev->bus) &&
		    !strcmp(d->pci.slot, dev->pci.slot) && !strcmp(d->mmio.name, dev->mmio.name)) {
			list->devs[i] = NULL;
			return d;
		}
	}
	return NULL;
}

/* @dst keeps its facts and takes the fresh identity (and backend state) of @src. */
static void take_identity(struct vnet_dev *dst, struct vnet_dev *src)
{
	void *priv = dst->backend_priv;

	memcpy(dst->ifname, src->ifname, sizeof(dst->ifname));
	dst->ifindex = src->ifindex;
	memcpy(dst->driver, src->driver, sizeof(dst->driver));
	dst->failover = src->failover;
	dst->backend_priv = src->backend_priv;
	src->backend_priv = priv;
}

VNET_EXPORT int vnet_dev_list_rescan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct vnet_dev_list now;
	struct vnet_dev **devs;
	size_t n = 0;
	int err = vnet_dev_list(ctx, &now);

	if (err)
		return err;
	/* worst case every old device stays and every scanned one is new */
	devs = malloc((list->n + now.n ? list->n + now.n : 1) * sizeof(*devs));
	if (!devs) {
		vnet_dev_list_free(&now);
		return vnet_oom(ctx);
	}
	for (size_t i = 0; i < list->n; i++) {
		struct vnet_dev *fresh = take_same(&now, list->devs[i]);

		if (!fresh) {
			vnet_dev_free(list->devs[i]);
			continue;
		}
		take_identity(list->devs[i], fresh);
		vnet_dev_free(fresh);
		devs[n++] = list->devs[i];
	}
	for (size_t i = 0; i < now.n; i++)
		if (now.devs[i])
			devs[n++] = now.devs[i];
	free(now.devs);
	free(list->devs);
	list->devs = devs;
	list->n = n;
	return 0;
}

/* "00:03.0" names the same function as "0000:00:03.0" (domain 0). */
static bool slot_matches(const char *slot, const char *spec)
{
	if (!*slot)
		return false;
	if (!strcasecmp(slot, spec))
		return true;
	return !strncmp(slot, "0000:", 5) && !strcasecmp(slot + 5, spec);
}

VNET_EXPORT bool vnet_dev_matches(const struct vnet_dev *dev, const char *spec)
{
	/* a failover master is the standby's group: its name leads to the device */
	return (*dev->ifname && !strcmp(dev->ifname, spec)) ||
	       (*dev->failover.master && !strcmp(dev->failover.master, spec)) ||
	       !strcmp(dev->virtio_name, spec) || slot_matches(dev->pci.slot, spec) ||
	       (*dev->mmio.name && !strcmp(dev->mmio.name, spec)) ||
	       (dev->host && (!strcmp(dev->host->name, spec) ||
			      !strcmp(dev->host->qom_path, spec) ||
			      (*dev->host->mac && !strcasecmp(dev->host->mac, spec)))) ||
	       /* Windows spells GUIDs, instance ids and MACs in either case */
	       (dev->netkvm && ((*dev->netkvm->netcfg_instance_id &&
				 !strcasecmp(dev->netkvm->netcfg_instance_id, spec)) ||
				(*dev->netkvm->instance_id &&
				 !strcasecmp(dev->netkvm->instance_id, spec)) ||
				(*dev->link.mac && !strcasecmp(dev->link.mac, spec))));
}

VNET_EXPORT int vnet_dev_find(struct vnet_ctx *ctx, const char *spec, struct vnet_dev_list *list)
{
	struct vnet_dev_list all;
	int err = vnet_dev_list(ctx, &all);

	list->n = 0;
	list->devs = NULL;
	if (err)
		return err;
	for (size_t i = 0; i < all.n; i++) {
		if (spec && !vnet_dev_matches(all.devs[i], spec)) {
			vnet_dev_free(all.devs[i]);
			continue;
		}
		err = vnet_dev_list_append(list, all.devs[i]);
		if (err) {
			vnet_oom(ctx);
			/* the remaining devices are still owned by @all */
			for (size_t j = i; j < all.n; j++)
				vnet_dev_free(all.devs[j]);
			break;
		}
	}
	free(all.devs);
	if (err) {
		vnet_dev_list_free(list);
		return err;
	}
	if (spec && !list->n)
		return vnet_set_error(ctx, -ENODEV, "%s: no such virtio-net device", spec);
	return 0;
}

/* Groups that describe a network interface: nothing to read without one. */
#define NETDEV_GROUPS (VNET_FILL_LINK | VNET_FILL_CHANNELS | VNET_FILL_RINGS | \
		       VNET_FILL_OFFLOADS | VNET_FILL_COALESCE | VNET_FILL_QUEUES)

/* The order groups are read in: each after the groups it depends on. */
static const unsigned int fill_order[] = {
	VNET_FILL_FEATURES, VNET_FILL_PCI, VNET_FILL_LINK, VNET_FILL_CHANNELS,
	VNET_FILL_RINGS, VNET_FILL_COALESCE, VNET_FILL_OFFLOADS, VNET_FILL_IRQS,
	VNET_FILL_QUEUES,
};

/* The groups @what needs read first: the mode needs VERSION_1, queue tables the channel counts. */
static unsigned int fill_closure(unsigned int what)
{
	if (what & VNET_FILL_PCI)
		what |= VNET_FILL_FEATURES;
	if (what & (VNET_FILL_IRQS | VNET_FILL_QUEUES))
		what |= VNET_FILL_CHANNELS;
	return what & VNET_FILL_ALL;
}

static bool channels_known(const struct vnet_dev *dev, uint32_t value)
{
	return dev->filled & VNET_FILL_CHANNELS && value != VNET_UNKNOWN;
}

static unsigned int os_rx_queues(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	return ctx->ops->count_rx_queues ? ctx->ops->count_rx_queues(ctx, dev) : 0;
}

/* Queue pairs the driver has: max channels, else the queues the OS shows. */
static int ensure_queues(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	unsigned int n;

	if (channels_known(dev, dev->channels.max_combined))
		n = dev->channels.max_combined;
	else
		n = os_rx_queues(ctx, dev);
	if (n < dev->n_queues)
		n = dev->n_queues;
	if (vnet_dev_set_queues(dev, n))
		return vnet_oom(ctx);
	return 0;
}

/* A queue is active when the driver uses it: below the combined count. */
static void mark_active(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	unsigned int n = channels_known(dev, dev->channels.combined) ? dev->channels.combined :
								       os_rx_queues(ctx, dev);

	for (unsigned int q = 0; q < dev->n_queues; q++)
		dev->queues[q].active = q < n;
}

/*
 * The virtio-mmio Version register, from the features the driver agreed
 * (FEATURES_OK): Linux refuses a version 2 device without VERSION_1
 * (drivers/virtio/virtio_mmio.c vm_finalize_features()), and QEMU offers
 * VERSION_1 only on its modern transport (hw/virtio/virtio-mmio.c:
 * force-legacy=off; docs/vmms.md section 4.4).
 */
/* virtio 1.2 section 2.1 (lib/features.c's table) */
#define STATUS_DRIVER_OK	0x04
#define STATUS_FEATURES_OK	0x08

static uint32_t mmio_version(const struct vnet_dev *dev)
{
	enum vnet_tri v1 = vnet_dev_has_feature(dev, VNET_F_VERSION_1);

	/* a legacy driver never sets FEATURES_OK: DRIVER_OK says it is done too */
	if (dev->status == VNET_UNKNOWN ||
	    !(dev->status & (STATUS_FEATURES_OK | STATUS_DRIVER_OK)) || v1 == VNET_TRI_UNKNOWN)
		return VNET_UNKNOWN;
	return v1 == VNET_TRI_YES ? 2 : 1;
}

/*
 * The mode from config space and VERSION_1; when they cannot tell (no
 * capability list: Windows shows none), the backend's own answer stays.
 */
static void classify(struct vnet_dev *dev)
{
	enum vnet_pci_mode mode = vnet_pci_classify(&dev->pci,
						    vnet_dev_has_feature(dev, VNET_F_VERSION_1));

	if (mode != VNET_MODE_UNKNOWN)
		dev->pci.mode = mode;
}

/* One group through the backend; a failure only marks the group. */
static void fill_one(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int bit)
{
	int err;

	/* a host-side backend reads the device's own facts, interface or not */
	if (bit & NETDEV_GROUPS && !*dev->ifname && !ctx->ops->host_side) {
		vnet_dev_group_failed(dev, bit, "no network interface (%s%s)",
				      !dev->netkvm ? "virtio_net is not bound" :
				      !*dev->netkvm->netcfg_instance_id ?
				      "the driver key has no NetCfgInstanceId" :
				      "IP Helper knows no interface ",
				      dev->netkvm ? dev->netkvm->netcfg_instance_id : "");
		return;
	}
	vnet_clear_error(ctx);
	err = bit & (VNET_FILL_IRQS | VNET_FILL_QUEUES) ? ensure_queues(ctx, dev) : 0;
	if (!err)
		err = ctx->ops->fill(ctx, dev, bit);
	if (err) {
		vnet_dev_group_failed(dev, bit, "%s", *vnet_ctx_error(ctx) ? vnet_ctx_error(ctx) :
						       strerror(-err));
		return;
	}
	dev->filled |= bit;
	if (bit == VNET_FILL_PCI && vnet_dev_is_mmio(dev))
		dev->mmio.version = mmio_version(dev);
	else if (bit == VNET_FILL_PCI)
		classify(dev);
}

VNET_EXPORT int vnet_dev_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int what)
{
	unsigned int todo = fill_closure(what) & ~(dev->filled | dev->failed);
	int err;

	if (!todo)
		return 0;
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(fill_order); i++)
		if (todo & fill_order[i])
			fill_one(ctx, dev, fill_order[i]);
	if (todo & (VNET_FILL_CHANNELS | VNET_FILL_IRQS | VNET_FILL_QUEUES) &&
	    dev->filled & (VNET_FILL_IRQS | VNET_FILL_QUEUES))
		mark_active(ctx, dev);
	vnet_clear_error(ctx);
	return 0;
}

VNET_EXPORT int vnet_dev_refresh(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int what)
{
	unsigned int groups = what & VNET_FILL_ALL & (dev->filled | dev->failed);
	int err;

	vnet_clear_error(ctx);
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	if (ctx->ops->identify) {
		err = ctx->ops->identify(ctx, dev);
		if (err) {
			if (!*vnet_ctx_error(ctx))
				vnet_set_error(ctx, err, "%s: %s", dev->virtio_name, strerror(-err));
			return err;
		}
	}
	reset_groups(dev, groups);
	return vnet_dev_fill(ctx, dev, groups);
}

void vnet_dev_group_failed(struct vnet_dev *dev, unsigned int bit, const char *fmt, ...)
{
	unsigned int i = __builtin_ctz(bit);
	va_list ap;

	dev->failed |= bit;
	va_start(ap, fmt);
	vsnprintf(dev->fill_error[i], sizeof(dev->fill_error[i]), fmt, ap);
	va_end(ap);
}

VNET_EXPORT const char *vnet_dev_fill_error(const struct vnet_dev *dev, unsigned int group_bit)
{
	if (!(dev->failed & group_bit) || !group_bit || (group_bit & (group_bit - 1)))
		return NULL;
	return dev->fill_error[__builtin_ctz(group_bit)];
}

VNET_EXPORT enum vnet_tri vnet_dev_has_feature(const struct vnet_dev *dev, unsigned int bit)
{
	if (!(dev->filled & VNET_FILL_FEATURES) || bit >= dev->features.nbits)
		return VNET_TRI_UNKNOWN;
	return vnet_bit_test(dev->features.negotiated, bit) ? VNET_TRI_YES : VNET_TRI_NO;
}

int vnet_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void vnet_mac_format(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
}

bool vnet_strcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

int vnet_buf_add(struct vnet_buf *b, const void *src, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *grown;

		while (cap < b->len + n + 1)
			cap *= 2;
		grown = realloc(b->data, cap);
		if (!grown)
			return -ENOMEM;
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, src, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int vnet_system_read(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	int err;

	memset(sys, 0, sizeof(*sys));
	sys->online_cpus = sys->msi_vectors = sys->virtio_msi_vectors = VNET_UNKNOWN;
	sys->iommu = VNET_TRI_UNKNOWN;
	sys->dmi = VNET_TRI_UNKNOWN;
	sys->vmm_facts.pci = sys->vmm_facts.hypervisor_flag = VNET_TRI_UNKNOWN;
	sys->vmm_facts.host_bridge_vendor = sys->vmm_facts.host_bridge_device = VNET_UNKNOWN;
	sys->vmm_facts.net_vendor = sys->vmm_facts.net_device = VNET_UNKNOWN;
	sys->vmm_facts.net_subsystem_vendor = sys->vmm_facts.net_subsystem_device = VNET_UNKNOWN;
	sys->vmm_facts.net_class = sys->vmm_facts.mmio_vendor = VNET_UNKNOWN;
	vnet_clear_error(ctx);
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	err = ctx->ops->system ? ctx->ops->system(ctx, sys) : 0;
	if (err && !*vnet_ctx_error(ctx))
		vnet_set_error(ctx, err, "machine facts: %s", strerror(-err));
	vnet_vmm_identify(&sys->vmm_facts, sys->dmi, sys->vendor, sys->product, &sys->vmm);
	return err;
}

VNET_EXPORT int vnet_system_get(struct vnet_ctx *ctx, struct vnet_system **out)
{
	struct vnet_system *sys = malloc(sizeof(*sys));
	int err;

	*out = NULL;
	if (!sys)
		return vnet_oom(ctx);
	err = vnet_system_read(ctx, sys);
	if (err) {
		free(sys);
		return err;
	}
	*out = sys;
	return 0;
}

VNET_EXPORT void vnet_system_free(struct vnet_system *sys)
{
	free(sys);
}

void vnet_netkvm_free(struct vnet_netkvm *nk)
{
	if (!nk)
		return;
	free(nk->params);
	free(nk);
}
