// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stats.c - per-queue counter model: names, classification, rates
 *
 * The kernel moved virtio-net's counters around: Linux 6.1 reports
 * "rx_queue_<q>_<metric>" through ethtool -S; 6.10 renamed them
 * "rx<q>_<metric>", added device-wide totals and moved packets/bytes (and
 * tx stop/wake) to the netdev family's per-queue stats.  Everything here is
 * independent of where a number came from.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* [metric] = { rx name, tx name } */
static const char *const metric_names[VNET_METRICS][2] = {
	[VNET_M_PACKETS] = { "packets", "packets" },
	[VNET_M_BYTES] = { "bytes", "bytes" },
	[VNET_M_DROPS] = { "drops", NULL },
	[VNET_M_KICKS] = { "kicks", "kicks" },
	[VNET_M_XDP_PACKETS] = { "xdp_packets", NULL },
	[VNET_M_XDP_TX] = { "xdp_tx", "xdp_tx" },
	[VNET_M_XDP_REDIRECTS] = { "xdp_redirects", NULL },
	[VNET_M_XDP_DROPS] = { "xdp_drops", NULL },
	[VNET_M_XDP_TX_DROPS] = { NULL, "xdp_tx_drops" },
	[VNET_M_TIMEOUTS] = { NULL, "tx_timeouts" },
	[VNET_M_STOP] = { NULL, "stop" },
	[VNET_M_WAKE] = { NULL, "wake" },
	[VNET_M_INTERRUPTS] = { "interrupts", "interrupts" },
};

VNET_EXPORT const char *vnet_metric_name(enum vnet_dir dir, enum vnet_metric m)
{
	if ((unsigned int)m >= VNET_METRICS || (dir != VNET_RX && dir != VNET_TX))
		return NULL;
	return metric_names[m][dir];
}

VNET_EXPORT const char *vnet_source_name(enum vnet_source src)
{
	switch (src) {
	case VNET_SRC_ETHTOOL:
		return "ethtool";
	case VNET_SRC_QSTATS:
		return "qstats";
	case VNET_SRC_INTERRUPTS:
		return "interrupts";
	case VNET_SRC_IFROW:
		return "ifrow";
	case VNET_SRC_WMI:
		return "wmi";
	case VNET_SRC_NONE:
		break;
	}
	return "none";
}

static enum vnet_metric metric_by_name(enum vnet_dir dir, const char *name)
{
	for (unsigned int m = 0; m < VNET_METRICS; m++)
		if (metric_names[m][dir] && !strcmp(metric_names[m][dir], name))
			return m;
	return VNET_METRICS;
}

VNET_EXPORT bool vnet_stat_classify(const char *name, enum vnet_dir *dir, int *queue,
				    enum vnet_metric *metric)
{
	const char *p;
	char *end;

	if (!strncmp(name, "rx", 2))
		*dir = VNET_RX;
	else if (!strncmp(name, "tx", 2))
		*dir = VNET_TX;
	else
		return false;
	p = name + 2;
	*queue = -1;
	if (!strncmp(p, "_queue_", 7) && p[7] >= '0' && p[7] <= '9') {
		/* Linux < 6.10: rx_queue_<q>_<metric> */
		*queue = strtol(p + 7, &end, 10);
		p = end;
	} else if (*p >= '0' && *p <= '9') {
		/* Linux >= 6.10: rx<q>_<metric> */
		*queue = strtol(p, &end, 10);
		p = end;
	}
	if (*p != '_')
		return false;
	*metric = metric_by_name(*dir, p + 1);
	return true;
}

VNET_EXPORT uint64_t vnet_sample_total(const struct vnet_sample *s, enum vnet_dir dir,
				       enum vnet_metric m)
{
	uint64_t sum = 0;
	bool any = false;

	for (unsigned int q = 0; q < s->n_queues; q++) {
		uint64_t v = s->queues[q].v[dir][m];

		if (v == VNET_UNKNOWN64)
			continue;
		sum += v;
		any = true;
	}
	return any ? sum : VNET_UNKNOWN64;
}

VNET_EXPORT void vnet_sample_free(struct vnet_sample *s)
{
	if (!s)
		return;
	for (unsigned int q = 0; q < s->n_queues; q++)
		free(s->queues[q].extra);
	free(s->queues);
	free(s->extra);
	free(s->host_queues);
	free(s);
}

static const struct vnet_queue_sample *find_queue(const struct vnet_sample *s, uint32_t index)
{
	for (unsigned int q = 0; q < s->n_queues; q++)
		if (s->queues[q].index == index)
			return &s->queues[q];
	return NULL;
}

/*
 * Counted events between two readings, or NAN.  @reset is set when a
 * counter went backwards, i.e. was zeroed in between: what it shows now was
 * counted since.
 */
static double delta(const struct vnet_queue_sample *a, const struct vnet_queue_sample *b,
		    unsigned int dir, unsigned int m, bool *reset)
{
	uint64_t va = a->v[dir][m], vb = b->v[dir][m];

	if (va == VNET_UNKNOWN64 || vb == VNET_UNKNOWN64)
		return NAN;
	if (m == VNET_M_INTERRUPTS) {
		/* a different vector is a different counter */
		if (a->irq[dir] != b->irq[dir])
			return NAN;
		/* per-CPU counts are 32-bit; the sum wraps modulo 2^32 */
		return (double)((vb - va) & 0xffffffffULL);
	}
	if (vb >= va)
		return (double)(vb - va);
	*reset = true;
	return (double)vb;
}

static int host_rates_fill(const struct vnet_sample *prev, const struct vnet_sample *cur,
			   double dt, struct vnet_rates *rates);

int vnet_rates_fill(const struct vnet_sample *prev, const struct vnet_sample *cur,
		    struct vnet_rates *rates)
{
	double dt;

	memset(rates, 0, sizeof(*rates));
	if (cur->mono_ns <= prev->mono_ns)
		return -EINVAL;
	dt = (cur->mono_ns - prev->mono_ns) / 1e9;
	rates->interval = dt;
	rates->queues = calloc(cur->n_queues ? cur->n_queues : 1, sizeof(*rates->queues));
	if (!rates->queues)
		return -ENOMEM;
	rates->n_queues = cur->n_queues;
	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int m = 0; m < VNET_METRICS; m++)
			rates->total[d][m] = NAN;

	for (unsigned int q = 0; q < cur->n_queues; q++) {
		const struct vnet_queue_sample *b = &cur->queues[q];
		const struct vnet_queue_sample *a = find_queue(prev, b->index);
		struct vnet_queue_rates *r = &rates->queues[q];

		r->index = b->index;
		r->is_new = !a;
		for (unsigned int d = 0; d < 2; d++) {
			for (unsigned int m = 0; m < VNET_METRICS; m++) {
				double dv = a ? delta(a, b, d, m, &r->reset) : NAN;

				r->r[d][m] = dv / dt;
				if (isnan(r->r[d][m]))
					continue;
				/* totals over the queues seen in both samples */
				if (isnan(rates->total[d][m]))
					rates->total[d][m] = 0;
				rates->total[d][m] += r->r[d][m];
			}
		}
	}
	if (host_rates_fill(prev, cur, dt, rates)) {
		vnet_rates_release(rates);
		return -ENOMEM;
	}
	return 0;
}

void vnet_rates_release(struct vnet_rates *rates)
{
	free(rates->queues);
	rates->queues = NULL;
	rates->n_queues = 0;
	free(rates->host_queues);
	rates->host_queues = NULL;
	rates->n_host_queues = 0;
}

static const struct vnet_host_queue_sample *find_host_queue(const struct vnet_sample *s,
							    uint32_t index)
{
	for (unsigned int q = 0; q < s->n_host_queues; q++)
		if (s->host_queues[q].index == index)
			return &s->host_queues[q];
	return NULL;
}

/*
 * Used-index progress per virtqueue: the index is 16 bits and wraps, so
 * the difference is taken modulo 65536.  While vhost runs the ring, QEMU's
 * copy of the index does not move: unknown, not zero.
 */
static int host_rates_fill(const struct vnet_sample *prev, const struct vnet_sample *cur,
			   double dt, struct vnet_rates *rates)
{
	if (!cur->n_host_queues)
		return 0;
	rates->host_queues = calloc(cur->n_host_queues, sizeof(*rates->host_queues));
	if (!rates->host_queues)
		return -ENOMEM;
	rates->n_host_queues = cur->n_host_queues;
	for (unsigned int q = 0; q < cur->n_host_queues; q++) {
		const struct vnet_host_queue_sample *b = &cur->host_queues[q];
		const struct vnet_host_queue_sample *a = find_host_queue(prev, b->index);
		struct vnet_host_queue_rate *r = &rates->host_queues[q];

		r->index = b->index;
		r->kind = b->kind;
		r->pair = b->pair;
		r->inuse = b->inuse;
		r->inuse_before = a ? a->inuse : VNET_UNKNOWN;
		r->used_idx = b->used_idx;
		r->avail_idx = b->avail_idx;
		r->used_per_s = NAN;
		if (a && a->kind == b->kind && b->vhost != VNET_TRI_YES &&
		    a->vhost != VNET_TRI_YES && a->used_idx <= 0xffff && b->used_idx <= 0xffff)
			r->used_per_s = ((b->used_idx - a->used_idx) & 0xffff) / dt;
	}
	return 0;
}

VNET_EXPORT int vnet_rates_compute(const struct vnet_sample *prev, const struct vnet_sample *cur,
				   struct vnet_rates **out)
{
	struct vnet_rates *rates = malloc(sizeof(*rates));
	int err;

	*out = NULL;
	if (!rates)
		return -ENOMEM;
	err = vnet_rates_fill(prev, cur, rates);
	if (err) {
		free(rates);
		return err;
	}
	*out = rates;
	return 0;
}

VNET_EXPORT void vnet_rates_free(struct vnet_rates *rates)
{
	if (!rates)
		return;
	vnet_rates_release(rates);
	free(rates);
}

/* ---- sampler: dispatch to the backend ------------------------------------- */

/* No pointer to the device: a rescan may free it while the sampler lives on. */
struct vnet_stats {
	struct vnet_ctx *ctx;
	void *priv;
};

VNET_EXPORT int vnet_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev,
				struct vnet_stats **out)
{
	struct vnet_stats *st;
	int err;

	*out = NULL;
	vnet_clear_error(ctx);
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	if (!ctx->ops->stats_open)
		return vnet_set_error(ctx, -EOPNOTSUPP, "the %s backend has no counters",
				      ctx->ops->name);
	st = calloc(1, sizeof(*st));
	if (!st)
		return vnet_oom(ctx);
	st->ctx = ctx;
	err = ctx->ops->stats_open(ctx, dev, &st->priv);
	if (err) {
		if (!*vnet_ctx_error(ctx))
			vnet_set_error(ctx, err, "%s: counters: %s", dev->virtio_name,
				       strerror(-err));
		free(st);
		return err;
	}
	*out = st;
	return 0;
}

VNET_EXPORT int vnet_stats_sample(struct vnet_stats *st, struct vnet_sample **out)
{
	struct vnet_sample *s = calloc(1, sizeof(*s));
	int err;

	*out = NULL;
	if (!s)
		return vnet_oom(st->ctx);
	vnet_clear_error(st->ctx);
	err = st->ctx->ops->stats_sample(st->ctx, st->priv, s);
	if (err) {
		if (!*vnet_ctx_error(st->ctx))
			vnet_set_error(st->ctx, err, "counters: %s", strerror(-err));
		vnet_sample_free(s);
		return err;
	}
	*out = s;
	return 0;
}

VNET_EXPORT void vnet_stats_close(struct vnet_stats *st)
{
	if (!st)
		return;
	if (st->ctx->ops->stats_close)
		st->ctx->ops->stats_close(st->ctx, st->priv);
	free(st);
}
