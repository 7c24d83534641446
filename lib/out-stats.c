// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-stats.c - a counter sample or rates as "stats" prints them
 *
 * JSON: every metric of each direction, per device and per queue, with the
 * source of each.  Text: a table of the columns below, the device total
 * first, then (if asked) one row per queue.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "internal.h"

/* Columns of the text table: direction and metric. */
static const struct {
	enum vnet_dir dir;
	enum vnet_metric m;
	const char *title;
} columns[] = {
	{ VNET_RX, VNET_M_PACKETS, "rx-pkts" },
	{ VNET_RX, VNET_M_BYTES, "rx-bytes" },
	{ VNET_RX, VNET_M_DROPS, "rx-drops" },
	{ VNET_RX, VNET_M_KICKS, "rx-kicks" },
	{ VNET_RX, VNET_M_INTERRUPTS, "rx-irqs" },
	{ VNET_TX, VNET_M_PACKETS, "tx-pkts" },
	{ VNET_TX, VNET_M_BYTES, "tx-bytes" },
	{ VNET_TX, VNET_M_KICKS, "tx-kicks" },
	{ VNET_TX, VNET_M_INTERRUPTS, "tx-irqs" },
	{ VNET_TX, VNET_M_STOP, "tx-stop" },
	{ VNET_TX, VNET_M_WAKE, "tx-wake" },
	{ VNET_TX, VNET_M_TIMEOUTS, "tx-tmo" },
};

static const char *const dir_key[2] = { "rx", "tx" };

static double counter(uint64_t v)
{
	return v == VNET_UNKNOWN64 ? NAN : (double)v;
}

/*
 * One object of @v[dir][metric], counts (@rate false) or per second; in text
 * a table row titled @row, none when @row is NULL.
 */
static void values(struct vnet_printer *p, const char *row, const double v[2][VNET_METRICS],
		   bool rate)
{
	if (row)
		vnet_print_fp(p, "%-6s", row);
	for (size_t c = 0; row && c < ARRAY_SIZE(columns); c++)
		vnet_print_double(p, VNET_PRINT_FP, NULL, rate ? " %12.1f" : " %12.0f",
				  v[columns[c].dir][columns[c].m]);
	if (row)
		vnet_print_fp(p, "\n");
	for (unsigned int d = 0; d < 2; d++) {
		vnet_print_open_object(p, dir_key[d]);
		for (unsigned int m = 0; m < VNET_METRICS; m++) {
			const char *name = vnet_metric_name(d, m);

			if (!name)
				continue;
			if (rate)
				vnet_print_double(p, VNET_PRINT_JSON, name, NULL, v[d][m]);
			else
				vnet_print_u64(p, VNET_PRINT_JSON, name, NULL,
					       isnan(v[d][m]) ? VNET_UNKNOWN64 : (uint64_t)v[d][m]);
		}
		vnet_print_close(p);
	}
}

static void extras(struct vnet_printer *p, const struct vnet_extra_counter *e, unsigned int n)
{
	vnet_print_open_object(p, "extra");
	for (unsigned int i = 0; i < n; i++)
		vnet_print_u64(p, VNET_PRINT_JSON, e[i].name, NULL, e[i].value);
	vnet_print_close(p);
}

static void queue_row(struct vnet_printer *p, const struct vnet_sample *s,
		      const struct vnet_rates *r, unsigned int i, bool text)
{
	const struct vnet_queue_sample *q = &s->queues[i];
	double v[2][VNET_METRICS];
	char row[16];

	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int m = 0; m < VNET_METRICS; m++)
			v[d][m] = r ? r->queues[i].r[d][m] : counter(q->v[d][m]);
	snprintf(row, sizeof(row), "%u%s", q->index,
		 r && r->queues[i].reset ? "*" : r && r->queues[i].is_new ? "+" : "");
	vnet_print_open_object(p, NULL);
	vnet_print_u32(p, VNET_PRINT_JSON, "index", NULL, q->index);
	values(p, text ? row : NULL, v, r);
	if (r) {
		vnet_print_bool(p, VNET_PRINT_JSON, "reset", NULL, r->queues[i].reset);
		vnet_print_bool(p, VNET_PRINT_JSON, "new", NULL, r->queues[i].is_new);
	} else {
		extras(p, q->extra, q->n_extra);
	}
	vnet_print_close(p);
}

/*
 * The host's view (qmp backend): each virtqueue's used index, and with
 * rates its progress per second: buffers the device returned to the driver.
 */
static void host_queue_rows(struct vnet_printer *p, const struct vnet_sample *s,
			    const struct vnet_rates *r)
{
	vnet_print_open_array(p, "host_queues");
	vnet_print_fp(p, "%-6s %-6s %8s %10s %10s %12s\n", "vq", "queue", "inuse", "avail-idx",
		      "used-idx", r ? "used/s" : "");
	for (unsigned int i = 0; i < s->n_host_queues; i++) {
		const struct vnet_host_queue_sample *q = &s->host_queues[i];
		const struct vnet_host_queue_rate *qr = NULL;
		char name[16];

		for (unsigned int j = 0; r && j < r->n_host_queues; j++)
			if (r->host_queues[j].index == q->index)
				qr = &r->host_queues[j];
		vnet_host_vq_label(q->kind, q->pair, name);
		vnet_print_open_object(p, NULL);
		vnet_print_u32(p, VNET_PRINT_ANY, "index", "%-6u", q->index);
		vnet_print_fp(p, " %-6s", name);
		vnet_print_str(p, VNET_PRINT_JSON, "kind", NULL, vnet_host_vq_kind_name(q->kind));
		vnet_print_u32(p, VNET_PRINT_JSON, "pair", NULL, q->pair);
		vnet_print_u32(p, VNET_PRINT_ANY, "inuse", " %8u", q->inuse);
		vnet_print_u32(p, VNET_PRINT_ANY, "avail_idx", " %10u", q->avail_idx);
		vnet_print_u32(p, VNET_PRINT_ANY, "used_idx", " %10u", q->used_idx);
		if (r)
			vnet_print_double(p, VNET_PRINT_ANY, "used_per_s", " %12.1f",
					  qr ? qr->used_per_s : NAN);
		vnet_print_fp(p, "\n");
		vnet_print_close(p);
	}
	vnet_print_close(p);
}

VNET_EXPORT void vnet_sample_print(struct vnet_printer *p, const struct vnet_dev *dev,
				   const struct vnet_sample *s, const struct vnet_rates *r,
				   bool queues)
{
	double total[2][VNET_METRICS];
	const char *unknown = vnet_printer_set_unknown(p, "-");

	vnet_print_open_object(p, NULL);
	if (dev->host) {
		/* no guest interface: the host's name of the device */
		vnet_print_null(p, VNET_PRINT_JSON, "ifname", "");
		vnet_print_null(p, VNET_PRINT_JSON, "virtio", "");
		vnet_print_str(p, VNET_PRINT_ANY, "device", "%s", dev->host->name);
	} else {
		vnet_print_str(p, VNET_PRINT_ANY, "ifname", "%s", dev->ifname);
		/* a NetKVM adapter has no virtio name: no empty "()" */
		vnet_print_str(p, *dev->virtio_name ? VNET_PRINT_ANY : VNET_PRINT_JSON, "virtio",
			       " (%s)", dev->virtio_name);
	}
	vnet_print_double(p, VNET_PRINT_JSON, "time", NULL, s->real_ns / 1e9);
	vnet_print_str(p, VNET_PRINT_JSON, "kind", NULL, r ? "rates" : "totals");
	if (r)
		vnet_print_double(p, VNET_PRINT_ANY, "interval", ": per second over %.2f s\n",
				  r->interval);
	else
		vnet_print_null(p, VNET_PRINT_ANY, "interval", ": counters\n");
	if (dev->host) {
		/* the guest's counters are the guest's: null here, and no text table */
		vnet_print_fp(p, "the host's view: each virtqueue's indices%s\n",
			      r ? " and used-index progress" : "");
		host_queue_rows(p, s, r);
		vnet_print_null(p, VNET_PRINT_JSON, "total", "");
		vnet_print_open_array(p, "queues");
		vnet_print_close(p);
		vnet_print_close(p);
		vnet_printer_set_unknown(p, unknown);
		return;
	}
	vnet_print_fp(p, "%-6s", "queue");
	for (size_t c = 0; c < ARRAY_SIZE(columns); c++)
		vnet_print_fp(p, " %12s", columns[c].title);
	vnet_print_fp(p, "\n");
	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int m = 0; m < VNET_METRICS; m++)
			total[d][m] = r ? r->total[d][m] : counter(vnet_sample_total(s, d, m));
	vnet_print_open_object(p, "total");
	values(p, "all", total, r);
	vnet_print_close(p);

	vnet_print_open_array(p, "queues");
	for (unsigned int i = 0; i < s->n_queues; i++)
		queue_row(p, s, r, i, queues);
	vnet_print_close(p);

	vnet_print_open_object(p, "sources");
	for (unsigned int d = 0; d < 2; d++) {
		vnet_print_open_object(p, dir_key[d]);
		for (unsigned int m = 0; m < VNET_METRICS; m++) {
			const char *name = vnet_metric_name(d, m);

			if (name)
				vnet_print_str(p, VNET_PRINT_JSON, name, NULL, s->source[d][m] ?
					       vnet_source_name(s->source[d][m]) : NULL);
		}
		vnet_print_close(p);
	}
	vnet_print_close(p);
	if (!r)
		extras(p, s->extra, s->n_extra);
	vnet_print_close(p);
	vnet_printer_set_unknown(p, unknown);
}
