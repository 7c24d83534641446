// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * model.c - vnettop's rows from device facts and counter samples (no I/O)
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Widths fit 80 columns with a sparkline: numbers are shortened to 6 ("12.3M"). */
static const struct top_col_info cols[TOP_COLS] = {
	[TOP_COL_QUEUE] = { "queue", "Q", "Q", 3, false },
	[TOP_COL_RX_PACKETS] = { "rx-packets", "RXpps", "RXpk", 6, false },
	[TOP_COL_RX_BITS] = { "rx-bits", "RXbps", "RXbit", 6, false },
	[TOP_COL_TX_PACKETS] = { "tx-packets", "TXpps", "TXpk", 6, false },
	[TOP_COL_TX_BITS] = { "tx-bits", "TXbps", "TXbit", 6, false },
	[TOP_COL_DROPS] = { "drops", "Drop/s", "Drops", 6, false },
	[TOP_COL_KICKS] = { "kicks", "Kick/s", "Kicks", 6, false },
	[TOP_COL_IRQS] = { "irqs", "IRQ/s", "IRQs", 6, false },
	[TOP_COL_IRQ_CPU] = { "irq-cpu", "IRQcpu", "IRQcpu", 6, true },
	[TOP_COL_XPS] = { "xps", "XPS", "XPS", 5, true },
	[TOP_COL_RPS] = { "rps", "RPS", "RPS", 5, true },
};

const struct top_col_info *top_col_info(enum top_col col)
{
	return (unsigned int)col < TOP_COLS ? &cols[col] : NULL;
}

/* One queue as the model remembers it between ticks. */
struct queue_state {
	struct top_queue_row row;	/* val[] unused: rate[] or total[] is copied in */
	double rate[TOP_NUM_COLS];
	double total[TOP_NUM_COLS];
};

struct tracked {
	struct top_dev_row row;		/* row.queues is built by rebuild() */
	struct vnet_sample *prev;
	size_t n_states;
	struct queue_state *states;
	double rate_drops, total_drops;
	bool fed;			/* in this tick */
	unsigned int gone_ticks;
};

struct top_model {
	size_t n, cap;
	struct tracked *devs;
	size_t n_visible;
	size_t *visible;
	enum top_col sort_col;
	bool descending;
	bool totals;
	char *filter;
	unsigned long ticks;
};

struct top_model *top_model_new(void)
{
	struct top_model *m = calloc(1, sizeof(*m));

	if (m)
		m->sort_col = TOP_COL_QUEUE;
	return m;
}

static void tracked_release(struct tracked *t)
{
	vnet_sample_free(t->prev);
	free(t->states);
	free(t->row.queues);
}

void top_model_free(struct top_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		tracked_release(&m->devs[i]);
	free(m->devs);
	free(m->visible);
	free(m->filter);
	free(m);
}

void top_model_begin(struct top_model *m)
{
	for (size_t i = 0; i < m->n; i++)
		m->devs[i].fed = false;
}

static struct tracked *find_tracked(struct top_model *m, const struct vnet_dev *dev)
{
	for (size_t i = 0; i < m->n; i++) {
		struct tracked *t = &m->devs[i];

		/* a gone device seen again with its ifindex is the same netdev, back */
		if (t->row.ifindex == dev->ifindex && !strcmp(t->row.virtio_name, dev->virtio_name))
			return t;
	}
	return NULL;
}

static struct tracked *add_tracked(struct top_model *m, const struct vnet_dev *dev)
{
	struct tracked *t;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		struct tracked *d = realloc(m->devs, cap * sizeof(*d));

		if (!d)
			return NULL;
		m->devs = d;
		m->cap = cap;
	}
	t = &m->devs[m->n++];
	memset(t, 0, sizeof(*t));
	snprintf(t->row.virtio_name, sizeof(t->row.virtio_name), "%s", dev->virtio_name);
	t->row.ifindex = dev->ifindex;
	t->total_drops = NAN;
	return t;
}

/* NAN + NAN is unknown; a known value plus an unknown one is the known one. */
static double add_known(double a, double b)
{
	if (isnan(a))
		return b;
	if (isnan(b))
		return a;
	return a + b;
}

static double both_dirs(const struct vnet_queue_rates *q, enum vnet_metric metric)
{
	return add_known(q->r[VNET_RX][metric], q->r[VNET_TX][metric]);
}

static void rates_of(const struct vnet_queue_rates *q, double rate[TOP_NUM_COLS])
{
	rate[TOP_COL_QUEUE] = q->index;
	rate[TOP_COL_RX_PACKETS] = q->r[VNET_RX][VNET_M_PACKETS];
	rate[TOP_COL_RX_BITS] = q->r[VNET_RX][VNET_M_BYTES] * 8;
	rate[TOP_COL_TX_PACKETS] = q->r[VNET_TX][VNET_M_PACKETS];
	rate[TOP_COL_TX_BITS] = q->r[VNET_TX][VNET_M_BYTES] * 8;
	rate[TOP_COL_DROPS] = both_dirs(q, VNET_M_DROPS);
	rate[TOP_COL_KICKS] = both_dirs(q, VNET_M_KICKS);
	rate[TOP_COL_IRQS] = both_dirs(q, VNET_M_INTERRUPTS);
}

static const struct queue_state *old_state(const struct tracked *t, uint32_t index)
{
	for (size_t i = 0; i < t->n_states; i++)
		if (t->states[i].row.index == index)
			return &t->states[i];
	return NULL;
}

static const struct vnet_queue *dev_queue(const struct vnet_dev *dev, uint32_t index)
{
	if (!(dev->filled & VNET_FILL_QUEUES) && !(dev->filled & VNET_FILL_IRQS))
		return NULL;
	for (unsigned int i = 0; i < dev->n_queues; i++)
		if (dev->queues[i].index == index)
			return &dev->queues[i];
	return NULL;
}

static void irq_cpus(const struct vnet_irq *irq, char *buf, size_t len)
{
	const char *cpus = irq->effective[0] ? irq->effective : irq->affinity;

	snprintf(buf, len, "%s", irq->irq == VNET_UNKNOWN ? "" : cpus);
}

/* "" unknown, "none" for an empty mask (steering off), else the list */
static void cpu_list(const char *mask, char *buf, size_t len)
{
	if (!mask[0] || vnet_cpumask_to_list(mask, buf, len))
		buf[0] = '\0';
	else if (!buf[0])
		snprintf(buf, len, "none");
}

static void queue_facts(const struct vnet_dev *dev, struct top_queue_row *row)
{
	const struct vnet_queue *q = dev_queue(dev, row->index);
	char rx[64], tx[64];

	row->active = VNET_TRI_UNKNOWN;
	row->irq_cpu[0] = row->xps[0] = row->rps[0] = '\0';
	if (!q)
		return;
	if (dev->filled & VNET_FILL_CHANNELS)
		row->active = q->active ? VNET_TRI_YES : VNET_TRI_NO;
	if (dev->filled & VNET_FILL_IRQS) {
		irq_cpus(&q->rx_irq, rx, sizeof(rx));
		irq_cpus(&q->tx_irq, tx, sizeof(tx));
		if (!strcmp(rx, tx) || !tx[0])
			snprintf(row->irq_cpu, sizeof(row->irq_cpu), "%s", rx);
		else
			snprintf(row->irq_cpu, sizeof(row->irq_cpu), "%s/%s", rx[0] ? rx : "-", tx);
	}
	if (dev->filled & VNET_FILL_QUEUES) {
		cpu_list(q->xps_cpus, row->xps, sizeof(row->xps));
		cpu_list(q->rps_cpus, row->rps, sizeof(row->rps));
	}
}

static void header_facts(const struct vnet_dev *dev, struct top_dev_row *row)
{
	snprintf(row->ifname, sizeof(row->ifname), "%s", dev->ifname);
	row->mode[0] = '\0';
	/* the host's view (vnetctl --qmp): pk/s columns are used-index progress */
	if (dev->host)
		snprintf(row->mode, sizeof(row->mode), "host:qmp");
	else if (vnet_dev_is_mmio(dev))
		snprintf(row->mode, sizeof(row->mode), "mmio");
	else if (dev->filled & VNET_FILL_PCI && dev->pci.mode != VNET_MODE_UNKNOWN)
		snprintf(row->mode, sizeof(row->mode), "%s", vnet_pci_mode_name(dev->pci.mode));
	row->carrier = VNET_TRI_UNKNOWN;
	row->speed_mbps = row->mtu = VNET_UNKNOWN;
	if (dev->filled & VNET_FILL_LINK) {
		row->carrier = dev->link.carrier;
		row->speed_mbps = dev->link.speed_mbps;
		row->mtu = dev->mtu.current;
	}
	row->queues_active = row->queues_max = VNET_UNKNOWN;
	if (dev->filled & VNET_FILL_CHANNELS) {
		row->queues_active = dev->channels.combined;
		row->queues_max = dev->channels.max_combined;
	}
	row->irq_mode[0] = '\0';
	if (dev->filled & VNET_FILL_IRQS && dev->irqs.mode != VNET_IRQ_UNKNOWN)
		snprintf(row->irq_mode, sizeof(row->irq_mode), "%s",
			 vnet_irq_mode_name(dev->irqs.mode));
}

static bool sample_has(const struct vnet_sample *s, uint32_t index)
{
	for (unsigned int i = 0; s && i < s->n_queues; i++)
		if (s->queues[i].index == index)
			return true;
	return false;
}

/*
 * The host's view (qmp backend) has no packet counters: a queue pair's rx
 * and tx packets per second are its virtqueues' used-index progress, the
 * buffers QEMU returned (vnet_rates' host_queues).  False when unknown.
 */
static bool host_rates_of(const struct vnet_rates *rates, uint32_t pair, double *rate)
{
	bool any = false;

	for (unsigned int k = 0; rates && k < rates->n_host_queues; k++) {
		const struct vnet_host_queue_rate *h = &rates->host_queues[k];

		if (h->pair != pair || h->kind == VNET_HOST_VQ_CTRL || isnan(h->used_per_s))
			continue;
		rate[h->kind == VNET_HOST_VQ_RX ? TOP_COL_RX_PACKETS : TOP_COL_TX_PACKETS] =
			h->used_per_s;
		any = true;
	}
	return any;
}

/*
 * The queues of @cur, carrying totals and history over from the queues of
 * the previous tick that continue (present before and not reset to new).
 */
static int update_queues(struct tracked *t, const struct vnet_dev *dev,
			 const struct vnet_sample *cur, const struct vnet_rates *rates)
{
	size_t n_cur = cur ? cur->n_queues : 0, n = n_cur;
	struct queue_state *states = NULL;

	/*
	 * Queues the kernel keeps no counters for (beyond the channels in use)
	 * are rows too, without numbers: the table shows the device's shape and
	 * does not jump when ethtool -L enables them.
	 */
	for (unsigned int i = 0; dev->filled & VNET_FILL_CHANNELS && i < dev->n_queues; i++)
		if (!sample_has(cur, dev->queues[i].index))
			n++;
	if (n) {
		states = calloc(n, sizeof(*states));
		if (!states)
			return -ENOMEM;
	}
	for (size_t i = 0, extra = 0; i < n; i++) {
		struct queue_state *s = &states[i];
		const struct vnet_queue_rates *qr = NULL;
		const struct queue_state *old;

		if (i < n_cur) {
			s->row.index = cur->queues[i].index;
		} else {
			while (sample_has(cur, dev->queues[extra].index))
				extra++;
			s->row.index = dev->queues[extra++].index;
		}
		for (unsigned int k = 0; rates && i < n_cur && k < rates->n_queues; k++)
			if (rates->queues[k].index == s->row.index)
				qr = &rates->queues[k];
		old = qr && !qr->is_new ? old_state(t, s->row.index) : NULL;
		for (int c = 0; c < TOP_NUM_COLS; c++)
			s->rate[c] = s->total[c] = NAN;
		s->rate[TOP_COL_QUEUE] = s->total[TOP_COL_QUEUE] = s->row.index;
		s->row.is_new = !qr || qr->is_new;
		if (old) {
			memcpy(s->total, old->total, sizeof(s->total));
			memcpy(s->row.history, old->row.history, sizeof(s->row.history));
			s->row.n_history = old->row.n_history;
		}
		if (qr) {
			s->row.reset = qr->reset;
			rates_of(qr, s->rate);
		} else if (dev->host && host_rates_of(rates, s->row.index, s->rate)) {
			s->row.is_new = false;
			old = old_state(t, s->row.index);
			if (old) {
				memcpy(s->total, old->total, sizeof(s->total));
				memcpy(s->row.history, old->row.history, sizeof(s->row.history));
				s->row.n_history = old->row.n_history;
			}
		}
		for (int c = TOP_COL_QUEUE + 1; qr && !s->row.is_new && c < TOP_NUM_COLS; c++)
			if (!isnan(s->rate[c]))
				s->total[c] = add_known(s->total[c], s->rate[c] * rates->interval);
		if (!s->row.is_new) {
			double pps = add_known(s->rate[TOP_COL_RX_PACKETS], s->rate[TOP_COL_TX_PACKETS]);

			if (s->row.n_history == TOP_HISTORY)
				memmove(s->row.history, s->row.history + 1,
					(TOP_HISTORY - 1) * sizeof(double));
			else
				s->row.n_history++;
			s->row.history[s->row.n_history - 1] = pps;
		}
		queue_facts(dev, &s->row);
	}
	free(t->states);
	t->states = states;
	t->n_states = n;
	return 0;
}

int top_model_feed(struct top_model *m, const struct vnet_dev *dev, struct vnet_sample *sample,
		   const char *error)
{
	struct tracked *t = find_tracked(m, dev);
	struct vnet_rates *rates = NULL;
	int err;

	if (!t)
		t = add_tracked(m, dev);
	if (!t) {
		vnet_sample_free(sample);
		return -ENOMEM;
	}
	t->fed = true;
	t->row.gone = false;
	header_facts(dev, &t->row);
	snprintf(t->row.error, sizeof(t->row.error), "%s", error ? error : "");
	/*
	 * A tick without counters keeps the previous sample: the next rates
	 * span the gap, divided by its measured length.
	 */
	if (!sample) {
		t->row.interval = 0;
		return update_queues(t, dev, NULL, NULL);
	}
	/* a sample not later than the one before (a stuck clock) is skipped */
	if (t->prev && vnet_rates_compute(t->prev, sample, &rates) == -EINVAL) {
		vnet_sample_free(sample);
		return 0;
	}
	if (t->prev && !rates) {
		vnet_sample_free(sample);
		return -ENOMEM;
	}
	t->row.interval = rates ? rates->interval : 0;
	err = update_queues(t, dev, sample, rates);
	vnet_rates_free(rates);
	vnet_sample_free(t->prev);
	t->prev = sample;
	return err;
}

static double col_value(const struct top_model *m, const struct queue_state *s, int c)
{
	return m->totals ? s->total[c] : s->rate[c];
}

static int compare_rows(const struct top_model *m, const struct top_queue_row *a,
			const struct top_queue_row *b)
{
	enum top_col c = m->sort_col;
	int r = 0;

	if (c == TOP_COL_QUEUE) {
		r = a->index < b->index ? -1 : a->index > b->index;
		return m->descending ? -r : r;
	}
	if (c < TOP_NUM_COLS) {
		double x = a->val[c], y = b->val[c];

		/* unknown sorts last whichever the direction */
		if (isnan(x) || isnan(y))
			r = isnan(x) - isnan(y);
		else
			r = m->descending ? (x < y) - (x > y) : (x > y) - (x < y);
	} else {
		const char *x = c == TOP_COL_IRQ_CPU ? a->irq_cpu : c == TOP_COL_XPS ? a->xps : a->rps;
		const char *y = c == TOP_COL_IRQ_CPU ? b->irq_cpu : c == TOP_COL_XPS ? b->xps : b->rps;

		if (!*x || !*y)
			r = !*x - !*y;
		else
			r = m->descending ? strverscmp(y, x) : strverscmp(x, y);
	}
	/* ties keep queue order, so the screen does not shuffle */
	return r ? r : (a->index > b->index) - (a->index < b->index);
}

static double row_packets(const struct top_queue_row *r)
{
	return add_known(r->val[TOP_COL_RX_PACKETS], r->val[TOP_COL_TX_PACKETS]);
}

/* RSS or XPS steering most traffic onto one queue while others idle */
static void mark_hot(struct top_queue_row *rows, size_t n)
{
	size_t known = 0;
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(row_packets(&rows[i]))) {
			sum += row_packets(&rows[i]);
			known++;
		}
	for (size_t i = 0; i < n; i++)
		rows[i].hot = known > 1 && sum > 0 && row_packets(&rows[i]) > 2 * sum / known;
}

static int build_rows(struct top_model *m, struct tracked *t)
{
	struct top_queue_row *rows = NULL;

	if (t->n_states) {
		rows = calloc(t->n_states, sizeof(*rows));
		if (!rows)
			return -ENOMEM;
	}
	for (int c = 0; c < TOP_NUM_COLS; c++)
		t->row.total[c] = NAN;
	for (size_t i = 0; i < t->n_states; i++) {
		struct top_queue_row r = t->states[i].row;
		size_t k = i;

		for (int c = 0; c < TOP_NUM_COLS; c++) {
			r.val[c] = col_value(m, &t->states[i], c);
			if (c != TOP_COL_QUEUE)
				t->row.total[c] = add_known(t->row.total[c], r.val[c]);
		}
		/* insertion sort: stable, and a device has few queues */
		while (k > 0 && compare_rows(m, &rows[k - 1], &r) > 0) {
			rows[k] = rows[k - 1];
			k--;
		}
		rows[k] = r;
	}
	mark_hot(rows, t->n_states);
	free(t->row.queues);
	t->row.queues = rows;
	t->row.n_queues = t->n_states;
	t->row.drops = t->row.total[TOP_COL_DROPS];
	return 0;
}

static bool matches(const struct top_model *m, const struct tracked *t)
{
	return !m->filter || strstr(t->row.ifname, m->filter) ||
	       strstr(t->row.virtio_name, m->filter);
}

static int rebuild(struct top_model *m)
{
	size_t *visible = m->n ? calloc(m->n, sizeof(*visible)) : NULL;
	int err = 0;

	if (m->n && !visible)
		return -ENOMEM;
	m->n_visible = 0;
	for (size_t i = 0; i < m->n; i++) {
		int e = build_rows(m, &m->devs[i]);

		err = err ? err : e;
		if (matches(m, &m->devs[i]))
			visible[m->n_visible++] = i;
	}
	free(m->visible);
	m->visible = visible;
	return err;
}

int top_model_end(struct top_model *m)
{
	size_t keep = 0;

	for (size_t i = 0; i < m->n; i++) {
		struct tracked *t = &m->devs[i];

		if (!t->fed && !t->row.gone) {
			/* what it showed last is of no use: the counters went with it */
			t->row.gone = true;
			t->gone_ticks = 0;
			t->row.interval = 0;
			vnet_sample_free(t->prev);
			t->prev = NULL;
			free(t->states);
			t->states = NULL;
			t->n_states = 0;
		} else if (!t->fed && ++t->gone_ticks > TOP_GONE_TICKS) {
			tracked_release(t);
			continue;
		}
		m->devs[keep++] = *t;
	}
	m->n = keep;
	m->ticks++;
	return rebuild(m);
}

void top_model_set_sort(struct top_model *m, enum top_col col, bool descending)
{
	if ((unsigned int)col >= TOP_COLS)
		return;
	m->sort_col = col;
	m->descending = descending;
	rebuild(m);
}

enum top_col top_model_sort_col(const struct top_model *m)
{
	return m->sort_col;
}

bool top_model_sort_descending(const struct top_model *m)
{
	return m->descending;
}

int top_model_set_filter(struct top_model *m, const char *text)
{
	char *copy = text && *text ? strdup(text) : NULL;

	if (text && *text && !copy)
		return -ENOMEM;
	free(m->filter);
	m->filter = copy;
	return rebuild(m);
}

const char *top_model_filter(const struct top_model *m)
{
	return m->filter ? m->filter : "";
}

void top_model_set_totals(struct top_model *m, bool totals)
{
	m->totals = totals;
	rebuild(m);
}

bool top_model_totals(const struct top_model *m)
{
	return m->totals;
}

size_t top_model_n_devs(const struct top_model *m)
{
	return m->n_visible;
}

const struct top_dev_row *top_model_dev(const struct top_model *m, size_t i)
{
	return i < m->n_visible ? &m->devs[m->visible[i]].row : NULL;
}

unsigned long top_model_ticks(const struct top_model *m)
{
	return m->ticks;
}
