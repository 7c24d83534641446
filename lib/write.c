// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * write.c - the write engine: apply steps through the backend, read each
 * back, and undo what was applied when a step fails
 *
 * The model as it was before the first step is the snapshot: props.c
 * builds each step's undo from it.  A step counts as done only when the
 * groups it touched, read again, show what was asked: a kernel that
 * accepts a request and quietly keeps the old value (a feature it drops
 * in netdev_fix_features()) is a failure like a refusal.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *vnet_write_kind_name(enum vnet_write_kind kind)
{
	static const char *const names[VNET_W_KINDS] = {
		[VNET_W_LINK_DOWN] = "link down", [VNET_W_MAC] = "mac", [VNET_W_MTU] = "mtu",
		[VNET_W_CHANNELS] = "queues", [VNET_W_RINGS] = "rings",
		[VNET_W_FEATURES] = "offloads", [VNET_W_COALESCE] = "coalescing",
		[VNET_W_IRQ_AFFINITY] = "irq-affinity", [VNET_W_XPS] = "xps",
		[VNET_W_RPS] = "rps", [VNET_W_LOGGING] = "logging", [VNET_W_LINK_UP] = "link up",
		[VNET_W_NETKVM_PARAM] = "NetKVM keyword",
		[VNET_W_NETKVM_LOGGING] = "NetKVM debug level",
		[VNET_W_NETKVM_RESTART] = "adapter restart",
	};

	return kind < VNET_W_KINDS ? names[kind] : "?";
}

void vnet_write_release(struct vnet_write *w)
{
	free(w->feats);
	free(w->cpus);
	w->feats = NULL;
	w->cpus = NULL;
	w->n = 0;
}

static const struct vnet_queue *queue_of_irq(const struct vnet_dev *dev, uint32_t irq,
					     const struct vnet_irq **which)
{
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		if (dev->queues[i].rx_irq.irq == irq) {
			*which = &dev->queues[i].rx_irq;
			return &dev->queues[i];
		}
		if (dev->queues[i].tx_irq.irq == irq) {
			*which = &dev->queues[i].tx_irq;
			return &dev->queues[i];
		}
	}
	return NULL;
}

#define DIFF(fmt, ...) vnet_set_error(ctx, -EIO, "%s: asked " fmt, \
				      vnet_write_kind_name(w->kind), __VA_ARGS__)

static int verify_u32(struct vnet_ctx *ctx, const struct vnet_write *w, const char *what,
		      uint32_t asked, uint32_t now)
{
	if (asked == VNET_UNKNOWN || asked == now)
		return 0;
	if (now == VNET_UNKNOWN)
		return DIFF("%s %" PRIu32 ", reads back unknown", what, asked);
	return DIFF("%s %" PRIu32 ", reads back %" PRIu32, what, asked, now);
}

int vnet_write_verify(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	int err = 0;

	if (w->groups & dev->failed) {
		unsigned int g = w->groups & dev->failed;

		g &= -g;
		return vnet_set_error(ctx, -EIO, "%s: cannot read it back: %s",
				      vnet_write_kind_name(w->kind), vnet_dev_fill_error(dev, g));
	}
	switch (w->kind) {
	case VNET_W_LINK_DOWN:
	case VNET_W_LINK_UP:
		if (dev->link.admin_up != (w->value ? VNET_TRI_YES : VNET_TRI_NO))
			return DIFF("%s, reads back otherwise", w->value ? "up" : "down");
		return 0;
	case VNET_W_MAC:
		if (strcasecmp(dev->link.mac, w->mac))
			return DIFF("%s, reads back %s", w->mac, dev->link.mac);
		return 0;
	case VNET_W_MTU:
		return verify_u32(ctx, w, "mtu", w->value, dev->mtu.current);
	case VNET_W_CHANNELS:
		return verify_u32(ctx, w, "combined", w->value, dev->channels.combined);
	case VNET_W_RINGS:
		err = verify_u32(ctx, w, "rx", w->rx, dev->rings.rx);
		return err ? err : verify_u32(ctx, w, "tx", w->tx, dev->rings.tx);
	case VNET_W_COALESCE:
		err = verify_u32(ctx, w, "rx-usecs", w->coal.rx_usecs, dev->coalesce.rx_usecs);
		if (!err)
			err = verify_u32(ctx, w, "rx-frames", w->coal.rx_frames,
					 dev->coalesce.rx_frames);
		if (!err)
			err = verify_u32(ctx, w, "tx-usecs", w->coal.tx_usecs,
					 dev->coalesce.tx_usecs);
		if (!err)
			err = verify_u32(ctx, w, "tx-frames", w->coal.tx_frames,
					 dev->coalesce.tx_frames);
		if (!err && w->coal.adaptive_rx != VNET_TRI_UNKNOWN &&
		    w->coal.adaptive_rx != dev->coalesce.adaptive_rx)
			err = DIFF("adaptive-rx %s, reads back otherwise",
				   w->coal.adaptive_rx == VNET_TRI_YES ? "on" : "off");
		return err;
	case VNET_W_FEATURES:
		for (size_t i = 0; i < w->n; i++) {
			unsigned int k;

			for (k = 0; k < dev->n_offloads; k++)
				if (!strcmp(dev->offloads[k].name, w->feats[i].name))
					break;
			if (k == dev->n_offloads)
				return DIFF("%s %s, the feature is gone", w->feats[i].name,
					    w->feats[i].on ? "on" : "off");
			if (dev->offloads[k].active != w->feats[i].on)
				return DIFF("%s %s, the kernel kept it %s", w->feats[i].name,
					    w->feats[i].on ? "on" : "off",
					    w->feats[i].on ? "off" : "on");
		}
		return 0;
	case VNET_W_IRQ_AFFINITY:
		for (size_t i = 0; i < w->n; i++) {
			const struct vnet_irq *irq = NULL;
			struct vnet_cpuset want, now;

			if (!queue_of_irq(dev, w->cpus[i].index, &irq))
				return DIFF("IRQ %" PRIu32 " on CPUs %s, the IRQ is gone",
					    w->cpus[i].index, w->cpus[i].cpus);
			if (vnet_cpulist_parse(w->cpus[i].cpus, &want) ||
			    vnet_cpulist_parse(irq->affinity, &now) ||
			    !vnet_cpuset_equal(&want, &now))
				return DIFF("IRQ %" PRIu32 " on CPUs %s, reads back %s",
					    w->cpus[i].index, w->cpus[i].cpus, irq->affinity);
		}
		return 0;
	case VNET_W_XPS:
	case VNET_W_RPS:
		for (size_t i = 0; i < w->n; i++) {
			uint32_t q = w->cpus[i].index;
			const char *now = q < dev->n_queues ? w->kind == VNET_W_XPS ?
					  dev->queues[q].xps_cpus : dev->queues[q].rps_cpus : "";
			struct vnet_cpuset a, b;

			if (vnet_cpumask_parse(w->cpus[i].cpus, &a) ||
			    vnet_cpumask_parse(now, &b) || !vnet_cpuset_equal(&a, &b))
				return DIFF("queue %" PRIu32 " mask %s, reads back %s", q,
					    w->cpus[i].cpus, *now ? now : "nothing");
		}
		return 0;
	case VNET_W_LOGGING: {
		char buf[16] = "";

		if (!ctx->ops->read_setting)
			return 0;
		err = ctx->ops->read_setting(ctx, dev, "logging", buf, sizeof(buf));
		if (err)
			return vnet_set_error(ctx, -EIO, "logging: cannot read it back: %s",
					      vnet_ctx_error(ctx));
		if (strcmp(buf, w->value ? "on" : "off"))
			return DIFF("%s, reads back %s", w->value ? "on" : "off", buf);
		return 0;
	}
	case VNET_W_NETKVM_PARAM: {
		const struct vnet_netkvm *nk = dev->netkvm;
		const struct vnet_netkvm_param *pa = NULL;

		for (unsigned int i = 0; nk && nk->params && i < nk->n_params; i++)
			if (!strcasecmp(nk->params[i].keyword, w->keyword))
				pa = &nk->params[i];
		if (!pa)
			return DIFF("%s %s, the keyword is gone from Ndi\\Params", w->keyword,
				    w->remove ? "removed" : w->data);
		if (w->remove && pa->present)
			return DIFF("%s removed, the driver key still holds %s", w->keyword,
				    pa->value);
		/* REG_SZ text as written; a MAC's hex digits in either case */
		if (!w->remove && (!pa->present || strcasecmp(pa->value, w->data)))
			return DIFF("%s=%s, the driver key holds %s", w->keyword, w->data,
				    pa->present ? pa->value : "nothing");
		return 0;
	}
	case VNET_W_NETKVM_LOGGING:
		if (!dev->netkvm)
			return DIFF("level %" PRIu32 ", the NetKVM facts are gone", w->value);
		return verify_u32(ctx, w, "level", w->value, dev->netkvm->debug_level);
	case VNET_W_NETKVM_RESTART:
		/* the backend says whether the restart took (or needs a reboot) */
		return 0;
	case VNET_W_KINDS:
		break;
	}
	return 0;
}

/* Apply @w and read it back; 0 or -errno explained in the context. */
static int step(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w,
		char *pending, size_t len)
{
	int err;

	if (w->kind == VNET_W_FEATURES && !w->n)
		return 0;	/* every feature of the change was fixed in that state */
	if (w->kind == VNET_W_NETKVM_RESTART && !w->value)
		return 0;	/* a restart's undo: the keywords' undo steps restore the values */
	vnet_clear_error(ctx);
	err = ctx->ops->apply(ctx, dev, w);
	/*
	 * Windows restarts the adapter at the next reboot (DI_NEEDRESTART):
	 * the keywords are written and stay, as netkvmco leaves them; the
	 * caller says the reboot is pending.
	 */
	if (err == -EINPROGRESS && w->kind == VNET_W_NETKVM_RESTART && pending) {
		snprintf(pending, len, "%s", vnet_ctx_error(ctx));
		return 0;
	}
	if (err) {
		if (!*vnet_ctx_error(ctx))
			vnet_set_error(ctx, err, "%s", strerror(-err));
		return err;
	}
	if (w->groups) {
		err = vnet_dev_refresh(ctx, dev, w->groups);
		if (err)
			return err;
		/* a group read for the first time by the refresh is read now */
		err = vnet_dev_fill(ctx, dev, w->groups);
		if (err)
			return err;
	}
	return vnet_write_verify(ctx, dev, w);
}

int vnet_write_run(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *steps,
		   const struct vnet_write *undo, size_t n, char *pending, size_t len)
{
	char failure[512], undone[768] = "";
	size_t off = 0;
	bool complete = true;
	int err = 0;

	size_t i;

	if (pending && len)
		*pending = '\0';
	if (!ctx->ops->apply)
		return vnet_set_error(ctx, -EROFS, "the %s backend cannot write",
				      ctx->ops->name);
	for (i = 0; i < n; i++) {
		err = step(ctx, dev, &steps[i], pending, len);
		if (err)
			break;
	}
	if (!err) {
		vnet_clear_error(ctx);
		return 0;
	}
	snprintf(failure, sizeof(failure), "%s", vnet_ctx_error(ctx));
	/*
	 * Undo what was applied, newest first.  The failed step may have half
	 * happened (virtio_net resizes rx rings, then fails on tx): it is
	 * undone too unless it reads back as the snapshot had it.
	 */
	for (size_t k = i + 1; k-- > 0;) {
		int uerr;

		if (k == i) {
			if (undo[k].groups)
				vnet_dev_refresh(ctx, dev, undo[k].groups);
			if (!vnet_write_verify(ctx, dev, &undo[k]))
				continue;
		}
		uerr = step(ctx, dev, &undo[k], NULL, 0);
		if (uerr) {
			int m = snprintf(undone + off, sizeof(undone) - off,
					 "%s%s not restored (%s)", off ? ", " : "",
					 vnet_write_kind_name(undo[k].kind), vnet_ctx_error(ctx));

			complete = false;
			if (m > 0 && (size_t)m < sizeof(undone) - off)
				off += m;
		}
	}
	if (complete && !i)
		return vnet_set_error(ctx, err, "%s failed: %s; nothing was changed",
				      vnet_write_kind_name(steps[i].kind), failure);
	if (complete)
		return vnet_set_error(ctx, err, "%s failed: %s; rolled back: the %zu step%s "
				      "applied before (%s%s) restored as they were",
				      vnet_write_kind_name(steps[i].kind), failure, i,
				      i == 1 ? "" : "s", vnet_write_kind_name(steps[0].kind),
				      i > 1 ? ", ..." : "");
	return vnet_set_error(ctx, err, "%s failed: %s; rollback incomplete: %s",
			      vnet_write_kind_name(steps[i].kind), failure, undone);
}
