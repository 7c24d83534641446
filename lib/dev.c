// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dev.c - the device model: allocation, lookup, lazy filling
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static void irq_init(struct vnet_irq *irq)
{
	memset(irq, 0, sizeof(*irq));
	irq->irq = VNET_UNKNOWN;
	irq->count = VNET_UNKNOWN64;
}

struct vnet_dev *vnet_dev_alloc(void)
{
	struct vnet_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	dev->ifindex = VNET_UNKNOWN;
	dev->pci.vendor_id = dev->pci.device_id = VNET_UNKNOWN;
	dev->pci.subsystem_vendor_id = dev->pci.subsystem_id = VNET_UNKNOWN;
	dev->pci.revision = dev->pci.class_code = VNET_UNKNOWN;
	dev->pci.msix_present = dev->pci.msix_enabled = VNET_TRI_UNKNOWN;
	dev->pci.msix_table_size = VNET_UNKNOWN;
	dev->pci.legacy_io_bar = VNET_TRI_UNKNOWN;
	dev->status = VNET_UNKNOWN;
	dev->link.carrier = dev->link.admin_up = VNET_TRI_UNKNOWN;
	dev->link.speed_mbps = VNET_UNKNOWN;
	dev->link.tx_queue_len = VNET_UNKNOWN;
	dev->link.num_tx_queues = dev->link.num_rx_queues = VNET_UNKNOWN;
	dev->mtu.current = dev->mtu.min = dev->mtu.max = VNET_UNKNOWN;
	memset(&dev->channels, 0xff, sizeof(dev->channels));
	memset(&dev->rings, 0xff, sizeof(dev->rings));
	dev->coalesce.rx_usecs = dev->coalesce.rx_frames = VNET_UNKNOWN;
	dev->coalesce.tx_usecs = dev->coalesce.tx_frames = VNET_UNKNOWN;
	dev->coalesce.adaptive_rx = dev->coalesce.adaptive_tx = VNET_TRI_UNKNOWN;
	dev->irqs.vectors_used = VNET_UNKNOWN;
	irq_init(&dev->irqs.config);
	irq_init(&dev->irqs.shared);
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
		irq_init(&q[i].rx_irq);
		irq_init(&q[i].tx_irq);
		q[i].bql_limit = q[i].bql_inflight = VNET_UNKNOWN64;
		q[i].tx_timeouts = VNET_UNKNOWN64;
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
	if (err)
		vnet_dev_list_free(list);
	return err;
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

static bool dev_matches(const struct vnet_dev *dev, const char *spec)
{
	return (*dev->ifname && !strcmp(dev->ifname, spec)) ||
	       !strcmp(dev->virtio_name, spec) || slot_matches(dev->pci.slot, spec);
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
		if (spec && !dev_matches(all.devs[i], spec)) {
			vnet_dev_free(all.devs[i]);
			continue;
		}
		err = vnet_dev_list_append(list, all.devs[i]);
		if (err) {
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

VNET_EXPORT int vnet_dev_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int what)
{
	unsigned int todo = what & VNET_FILL_ALL & ~(dev->filled | dev->failed);
	int err;

	if (!todo)
		return 0;
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	return ctx->ops->fill(ctx, dev, todo);
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

VNET_EXPORT int vnet_system_get(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	int err;

	memset(sys, 0, sizeof(*sys));
	sys->online_cpus = sys->msi_vectors = sys->virtio_msi_vectors = VNET_UNKNOWN;
	sys->iommu = VNET_TRI_UNKNOWN;
	vnet_clear_error(ctx);
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	return ctx->ops->system ? ctx->ops->system(ctx, sys) : 0;
}
