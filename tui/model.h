/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model.h - what vnettop shows, computed without a terminal
 *
 * Two halves, so that drawing never samples and tests need no terminal:
 *
 *  - the model (top_model_*) is pure: each tick it is fed, per device
 *    present, the device's facts and one counter sample, and told which
 *    devices are gone; it keeps the previous sample, divides by the measured
 *    interval (vnet_rates_compute()), accumulates totals since start, keeps a
 *    short rate history per queue, and builds sorted, filtered rows.
 *  - the source (top_source_*) is the only part that reads the system,
 *    through the public libvnet API: it rescans, refreshes and samples, and
 *    feeds the model.
 *
 * Devices are told apart by virtio name and ifindex: a netdev created
 * anew (hot-unplug then hot-plug reusing "virtio1") gets a new ifindex, so
 * its counters never mix with the old device's.
 */
#ifndef VNETTOP_MODEL_H
#define VNETTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vnet/vnet.h>

/* Columns of the queue table, in display order. */
enum top_col {
	TOP_COL_QUEUE,
	TOP_COL_RX_PACKETS,
	TOP_COL_RX_BITS,
	TOP_COL_TX_PACKETS,
	TOP_COL_TX_BITS,
	TOP_COL_DROPS,
	TOP_COL_KICKS,
	TOP_COL_IRQS,
	TOP_COL_IRQ_CPU,
	TOP_COL_XPS,
	TOP_COL_RPS,
	TOP_COLS,
};

/* Columns up to here carry a number in top_queue_row.val[]. */
#define TOP_NUM_COLS (TOP_COL_IRQS + 1)

struct top_col_info {
	const char *name;	/* for the help screen and status line: "rx-packets" */
	const char *rate_head;	/* header in rates mode: "RXpk/s" */
	const char *total_head;	/* header in totals mode: "RXpk" */
	int width;		/* characters, header included */
	bool text;		/* a CPU list, not a number */
};

const struct top_col_info *top_col_info(enum top_col col);

/* Samples of rate history kept per queue (sparkline). */
#define TOP_HISTORY 16
/* Ticks a vanished device stays on screen marked gone. */
#define TOP_GONE_TICKS 10

struct top_queue_row {
	uint32_t index;
	enum vnet_tri active;		/* within the channels in use; UNKNOWN: not read */
	bool is_new;			/* no previous sample: rates unknown this tick */
	bool reset;			/* a counter went backwards */
	/* imbalance: over twice the mean packets of the queues with counters */
	bool hot;
	double val[TOP_NUM_COLS];	/* per second, or totals since start; NAN unknown */
	char irq_cpu[132];		/* effective CPUs of the rx[/tx] vector, "" unknown */
	char xps[64], rps[64];		/* CPU lists, "none" for an empty mask, "" unknown */
	unsigned int n_history;		/* valid entries of history, oldest first */
	double history[TOP_HISTORY];	/* rx + tx packets per second */
};

struct top_dev_row {
	char ifname[32];
	char virtio_name[32];
	uint32_t ifindex;
	char mode[16];			/* "modern", "legacy", "mmio", "" */
	enum vnet_tri carrier;
	uint32_t speed_mbps;		/* VNET_UNKNOWN */
	uint32_t mtu;			/* VNET_UNKNOWN */
	uint32_t queues_active;		/* combined channels, VNET_UNKNOWN */
	uint32_t queues_max;
	char irq_mode[24];		/* vnet_irq_mode_name() */
	double drops;			/* per second (or total) over queues; NAN unknown */
	double interval;		/* seconds the rates are over; 0 before two samples */
	bool gone;			/* vanished; kept TOP_GONE_TICKS ticks */
	char error[128];		/* why the counters are missing, "" when fine */
	size_t n_queues;
	struct top_queue_row *queues;	/* in the model's sort order */
	double total[TOP_NUM_COLS];	/* over the queues; QUEUE column NAN */
};

struct top_model;

struct top_model *top_model_new(void);
void top_model_free(struct top_model *m);

/*
 * One tick: top_model_begin(), top_model_feed() for each device present,
 * top_model_end().  A device not fed between begin and end is gone.
 */
void top_model_begin(struct top_model *m);
/*
 * @dev: identity and whatever groups are filled (header, IRQ CPU, XPS/RPS)
 * @sample: taken by the model (freed by it), or NULL with @error saying why
 *	    the counters could not be read ("" or NULL: none)
 * Return: 0 or -ENOMEM.
 */
int top_model_feed(struct top_model *m, const struct vnet_dev *dev, struct vnet_sample *sample,
		   const char *error);
int top_model_end(struct top_model *m);

/* View settings; each rebuilds the rows (no new sample needed). */
void top_model_set_sort(struct top_model *m, enum top_col col, bool descending);
enum top_col top_model_sort_col(const struct top_model *m);
bool top_model_sort_descending(const struct top_model *m);
/* Devices whose ifname or virtio name contains @text; NULL or "" for all. */
int top_model_set_filter(struct top_model *m, const char *text);
const char *top_model_filter(const struct top_model *m);
/* false: per second; true: counted since the device was first seen. */
void top_model_set_totals(struct top_model *m, bool totals);
bool top_model_totals(const struct top_model *m);

/* The visible devices, in scan order, and their rows. */
size_t top_model_n_devs(const struct top_model *m);
const struct top_dev_row *top_model_dev(const struct top_model *m, size_t i);
/* Ticks completed (begin/end pairs). */
unsigned long top_model_ticks(const struct top_model *m);

/* ---- the source: the system, through libvnet ------------------------------ */

struct top_source;

/*
 * @spec: devices as vnet_dev_find() takes them, NULL for all; new devices
 *	  appear as the rescans find them
 * Return: 0 or -errno, explained in vnet_ctx_error(@ctx).
 */
int top_source_open(struct vnet_ctx *ctx, const char *spec, struct top_source **out);
void top_source_close(struct top_source *src);
/* Rescan before the next tick (link events, a failed sample). */
void top_source_rescan(struct top_source *src);
/*
 * Sample every device once and feed @m (one begin/end).  Devices are
 * rescanned when asked, when link events say a netdev came, went or
 * changed (then every header is re-read too), or every few ticks where
 * the backend has no events; header groups are re-read every few ticks or
 * when the queue count changed.
 * Return: 0 or -errno (explained in the context) when no tick could be made;
 * -ENODATA after the last sample of a recording (a bundle), @m unchanged.
 */
int top_source_tick(struct top_source *src, struct top_model *m);
/* Whether link events drive the rescans (else they are periodic). */
bool top_source_has_events(const struct top_source *src);
/* Rescans of the device list since open (the first scan not counted), for tests. */
unsigned long top_source_rescans(const struct top_source *src);
/* Re-read the header groups of the device @ifindex now (after a change made
 * to it), not at the next HEADER_TICKS; the next tick shows them. */
void top_source_refresh(struct top_source *src, uint32_t ifindex);

#endif /* VNETTOP_MODEL_H */
