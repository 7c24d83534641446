// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * source.c - vnettop's only reader of the system: rescan, refresh, sample
 *
 * Uses nothing but the public libvnet API.  A tick costs one counter sample
 * per device; header groups (link, channels, IRQs, XPS/RPS) are read again
 * every HEADER_TICKS ticks or at once when the queue count changed, and the
 * device list every RESCAN_TICKS ticks or when a sample failed (until link
 * events tell us, see issue 14).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define HEADER_TICKS 5
#define RESCAN_TICKS 5
#define HEADER_GROUPS (VNET_FILL_LINK | VNET_FILL_CHANNELS | VNET_FILL_IRQS | VNET_FILL_QUEUES)

struct src_dev {
	struct vnet_dev *dev;
	char virtio_name[32];
	uint32_t ifindex;
	struct vnet_stats *stats;
	unsigned int last_queues;
	bool filled;
	char error[128];
};

struct top_source {
	struct vnet_ctx *ctx;
	struct vnet_dev_list list;
	size_t n;
	struct src_dev *devs;
	bool rescan;
	unsigned long ticks;
};

static bool same_dev(const struct src_dev *s, const struct vnet_dev *dev)
{
	return s->ifindex == dev->ifindex && !strcmp(s->virtio_name, dev->virtio_name);
}

/* Pair the list's devices with their samplers again after a scan. */
static int reconcile(struct top_source *src)
{
	struct src_dev *devs = src->list.n ? calloc(src->list.n, sizeof(*devs)) : NULL;

	if (src->list.n && !devs)
		return -ENOMEM;
	for (size_t i = 0; i < src->list.n; i++) {
		struct vnet_dev *dev = src->list.devs[i];

		devs[i].dev = dev;
		snprintf(devs[i].virtio_name, sizeof(devs[i].virtio_name), "%s", dev->virtio_name);
		devs[i].ifindex = dev->ifindex;
		for (size_t k = 0; k < src->n; k++)
			if (src->devs[k].dev && same_dev(&src->devs[k], dev)) {
				devs[i] = src->devs[k];
				devs[i].dev = dev;
				src->devs[k].dev = NULL;
				src->devs[k].stats = NULL;
			}
	}
	for (size_t k = 0; k < src->n; k++)
		vnet_stats_close(src->devs[k].stats);
	free(src->devs);
	src->devs = devs;
	src->n = src->list.n;
	return 0;
}

int top_source_open(struct vnet_ctx *ctx, const char *spec, struct top_source **out)
{
	struct top_source *src = calloc(1, sizeof(*src));
	int err;

	if (!src)
		return -ENOMEM;
	src->ctx = ctx;
	err = vnet_dev_find(ctx, spec, &src->list);
	if (!err)
		err = reconcile(src);
	if (err) {
		top_source_close(src);
		return err;
	}
	*out = src;
	return 0;
}

void top_source_close(struct top_source *src)
{
	if (!src)
		return;
	for (size_t i = 0; i < src->n; i++)
		vnet_stats_close(src->devs[i].stats);
	free(src->devs);
	vnet_dev_list_free(&src->list);
	free(src);
}

void top_source_rescan(struct top_source *src)
{
	src->rescan = true;
}

static void read_header(struct top_source *src, struct src_dev *s)
{
	int err;

	if (!s->filled) {
		err = vnet_dev_fill(src->ctx, s->dev, HEADER_GROUPS | VNET_FILL_PCI);
		s->filled = !err;
	} else {
		err = vnet_dev_refresh(src->ctx, s->dev, HEADER_GROUPS);
	}
	if (err == -ENODEV)
		src->rescan = true;
}

static int tick_dev(struct top_source *src, struct src_dev *s, struct top_model *m)
{
	struct vnet_sample *sample = NULL;
	int err = 0;

	if (!s->filled || src->ticks % HEADER_TICKS == 0)
		read_header(src, s);
	if (!s->stats) {
		err = vnet_stats_open(src->ctx, s->dev, &s->stats);
		if (err)
			snprintf(s->error, sizeof(s->error), "%s", vnet_ctx_error(src->ctx));
	}
	if (s->stats) {
		err = vnet_stats_sample(s->stats, &sample);
		if (err) {
			snprintf(s->error, sizeof(s->error), "%s", vnet_ctx_error(src->ctx));
			src->rescan = true;
		} else {
			s->error[0] = '\0';
		}
	}
	/* ethtool -L: which queues are active and their vectors changed too */
	if (sample && s->last_queues && sample->n_queues != s->last_queues)
		read_header(src, s);
	if (sample)
		s->last_queues = sample->n_queues;
	return top_model_feed(m, s->dev, sample, err ? s->error : NULL);
}

int top_source_tick(struct top_source *src, struct top_model *m)
{
	int err;

	if (src->rescan || (src->ticks && src->ticks % RESCAN_TICKS == 0)) {
		err = vnet_dev_list_rescan(src->ctx, &src->list);
		if (err)
			return err;
		err = reconcile(src);
		if (err)
			return err;
		src->rescan = false;
	}
	top_model_begin(m);
	for (size_t i = 0; i < src->n; i++) {
		err = tick_dev(src, &src->devs[i], m);
		if (err)
			return err;
	}
	src->ticks++;
	return top_model_end(m);
}

void top_source_refresh(struct top_source *src, uint32_t ifindex)
{
	for (size_t i = 0; i < src->n; i++)
		if (src->devs[i].dev && src->devs[i].ifindex == ifindex)
			read_header(src, &src->devs[i]);
}
