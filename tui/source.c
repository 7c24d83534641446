// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * source.c - vnettop's only reader of the system: rescan, refresh, sample
 *
 * Uses nothing but the public libvnet API.  A tick costs one counter sample
 * per device; header groups (link, channels, IRQs, XPS/RPS) are read again
 * every HEADER_TICKS ticks or at once when the queue count changed.
 *
 * The device list is read again when link events (vnet_watch_*) say a
 * netdev appeared, vanished or changed, checked once per tick before
 * sampling; the header groups of every device are then re-read at once.
 * Also when a sample failed, or while a listed device has no netdev (an
 * unplug half done, a driver unbound): no link event tells when its virtio
 * node goes.  Without events (-EOPNOTSUPP: a captured tree, a recording, a
 * test backend; or the watch failed) the list is read every RESCAN_TICKS
 * ticks instead, since nothing else would show a device coming or going.
 *
 * From a bundle the samples are a recording: a tick takes the next one, and
 * after the last the tick fails with -ENODATA, leaving the model as it was.
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
	/* named by the DEV asked for (a rescan's list holds every device) */
	bool chosen;
	char error[128];
};

struct top_source {
	struct vnet_ctx *ctx;
	char *spec;
	struct vnet_dev_list list;
	size_t n;
	struct src_dev *devs;
	bool rescan;
	unsigned long ticks;
	struct vnet_watch *watch;	/* NULL: rescan periodically */
	bool refresh_all;		/* re-read every device's header groups this tick */
	unsigned long rescans;
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

/* A device without a netdev is between states; see the comment at the top. */
static bool netdev_missing(const struct top_source *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (!*src->devs[i].dev->ifname)
			return true;
	return false;
}

int top_source_open(struct vnet_ctx *ctx, const char *spec, struct top_source **out)
{
	struct top_source *src = calloc(1, sizeof(*src));
	int err;

	if (!src)
		return -ENOMEM;
	src->ctx = ctx;
	if (spec && !(src->spec = strdup(spec))) {
		free(src);
		return -ENOMEM;
	}
	/* before the scan, so that nothing happening in between goes unseen */
	if (vnet_watch_open(ctx, &src->watch))
		src->watch = NULL;
	err = vnet_dev_find(ctx, spec, &src->list);
	if (!err)
		err = reconcile(src);
	if (err) {
		top_source_close(src);
		return err;
	}
	src->rescan = src->watch && netdev_missing(src);
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
	vnet_watch_close(src->watch);
	free(src->spec);
	free(src);
}

void top_source_rescan(struct top_source *src)
{
	src->rescan = true;
}

unsigned long top_source_rescans(const struct top_source *src)
{
	return src->rescans;
}

bool top_source_has_events(const struct top_source *src)
{
	return src->watch != NULL;
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

/* This tick's sample of @s into @sample (NULL with s->error when none);
 * -ENODEV when the device went away since the last scan. */
static int sample_dev(struct top_source *src, struct src_dev *s, struct vnet_sample **sample)
{
	int err = 0;

	*sample = NULL;
	if (!s->filled || src->refresh_all || src->ticks % HEADER_TICKS == 0)
		read_header(src, s);
	if (!s->stats) {
		err = vnet_stats_open(src->ctx, s->dev, &s->stats);
		if (err)
			snprintf(s->error, sizeof(s->error), "%s", vnet_ctx_error(src->ctx));
	}
	if (s->stats) {
		err = vnet_stats_sample(s->stats, sample);
		if (err) {
			snprintf(s->error, sizeof(s->error), "%s", vnet_ctx_error(src->ctx));
			src->rescan = true;
		} else {
			s->error[0] = '\0';
		}
	}
	/* ethtool -L: which queues are active and their vectors changed too */
	if (*sample && s->last_queues && (*sample)->n_queues != s->last_queues)
		read_header(src, s);
	if (*sample)
		s->last_queues = (*sample)->n_queues;
	return err;
}

/* Whether the device list is to be read again before this tick's samples. */
static bool want_rescan(struct top_source *src)
{
	int changed;

	if (!src->watch)
		return src->rescan || (src->ticks && src->ticks % RESCAN_TICKS == 0);
	changed = vnet_watch_changed(src->watch);
	if (changed < 0) {
		/* a broken watch would hide every change from now on */
		vnet_watch_close(src->watch);
		src->watch = NULL;
	}
	if (changed)
		src->refresh_all = true;
	return src->rescan || changed;
}

static int rescan(struct top_source *src)
{
	int err;

	/* the event is consumed: a failed rescan is tried again next tick */
	src->rescan = true;
	err = vnet_dev_list_rescan(src->ctx, &src->list);
	if (!err)
		err = reconcile(src);
	if (err)
		return err;
	src->rescans++;
	src->rescan = src->watch && netdev_missing(src);
	return 0;
}

static void free_samples(struct vnet_sample **samples, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vnet_sample_free(samples[i]);
	free(samples);
}

/*
 * A device unplugged between the link event's check and its sample would
 * be shown one tick as present-but-unreadable: the samples are taken
 * first, and when one says the device is gone the list is read again and
 * the tick sampled anew, once, so the device is shown gone at once.
 */
int top_source_tick(struct top_source *src, struct top_model *m)
{
	struct vnet_sample **samples = NULL;
	bool vanished = false, ended = false, sampled = false;
	int err;

	for (int attempt = 0; attempt < 2; attempt++) {
		if (attempt || want_rescan(src)) {
			err = rescan(src);
			if (err)
				return err;
		}
		samples = src->n ? calloc(src->n, sizeof(*samples)) : NULL;
		if (src->n && !samples)
			return -ENOMEM;
		vanished = false;
		for (size_t i = 0; i < src->n; i++) {
			struct src_dev *s = &src->devs[i];

			/* once named, a device stays ours whatever it is called later */
			if (!s->chosen)
				s->chosen = !src->spec || vnet_dev_matches(s->dev, src->spec);
			if (!s->chosen)
				continue;
			err = sample_dev(src, s, &samples[i]);
			vanished |= err == -ENODEV;
			ended |= err == -ENODATA;
		}
		if (!vanished)
			break;
		if (!attempt)
			free_samples(samples, src->n);
	}
	/*
	 * A replayed recording (a bundle) ran out, or never had a sample (no
	 * device with counters) after the first frame: the last frame stays.
	 */
	for (size_t i = 0; i < src->n; i++)
		sampled |= samples[i] != NULL;
	if ((ended || (src->ticks && !sampled)) && vnet_ctx_offline(src->ctx)) {
		free_samples(samples, src->n);
		return -ENODATA;
	}
	top_model_begin(m);
	for (size_t i = 0; i < src->n; i++) {
		struct src_dev *s = &src->devs[i];

		if (!s->chosen)
			continue;
		err = top_model_feed(m, s->dev, samples[i], samples[i] ? NULL : s->error);
		samples[i] = NULL;	/* the model took it, even on failure */
		if (err) {
			free_samples(samples, src->n);
			return err;
		}
	}
	free_samples(samples, src->n);
	src->refresh_all = false;
	src->ticks++;
	return top_model_end(m);
}

void top_source_refresh(struct top_source *src, uint32_t ifindex)
{
	for (size_t i = 0; i < src->n; i++)
		if (src->devs[i].dev && src->devs[i].ifindex == ifindex)
			read_header(src, &src->devs[i]);
}
