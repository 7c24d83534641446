// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stats.c - per-queue counters on Linux: ethtool GSTATS, netdev qstats,
 *           /proc/interrupts
 *
 * Driver statistics values have no ethtool netlink message, so they come
 * from the SIOCETHTOOL ioctl; their names are read once and again only when
 * their number changes (a different queue count after ethtool -L).
 */
#include "config.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "linux.h"
#include "netdev-uapi.h"

struct stat_slot {
	char name[ETH_GSTRING_LEN];
	bool directional;
	enum vnet_dir dir;
	int queue;			/* -1: device-wide total */
	enum vnet_metric metric;	/* VNET_METRICS: kept as an extra */
};

struct lx_stats {
	char ifname[32];
	uint32_t ifindex;
	char virtio_name[32];
	unsigned int n_slots;
	struct stat_slot *slots;
	size_t capacity;		/* u64 values the GSTATS buffer holds */
	struct ethtool_stats *buf;
	bool qstats;			/* the kernel answers QSTATS_GET for us */
	int max_queues;
};

/*
 * The names, as many as GSSET_INFO counts.  GSTRINGS answers with the
 * driver's count of the moment: channels changed in between (ethtool -L), or
 * a recording that says so, gives a different len.  That is "changed, ask
 * again" once, then an error; the strings are never read past what was
 * asked for.
 */
static int read_strings_once(struct vnet_ctx *ctx, struct lx_stats *ls, bool *changed)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t count;
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_STATS } };
	struct ethtool_gstrings *gs;
	struct stat_slot *slots;
	char key[64];
	size_t size;
	int err;

	*changed = false;
	snprintf(key, sizeof(key), "ethtool-gsset-%s", ls->ifname);
	err = lx_ethtool_ioctl(ctx, ls->ifname, key, &sset, sizeof(sset));
	if (err)
		return err;
	if (!(sset.hdr.sset_mask & (1ULL << ETH_SS_STATS)))
		sset.count = 0;
	if (sset.count > 65536)
		return vnet_set_error(ctx, -EOVERFLOW, "%s: implausible %u driver counters",
				      ls->ifname, sset.count);
	/*
	 * The kernel writes its own count of strings whatever len says: room
	 * for twice as many keeps a count that grew meanwhile inside the buffer.
	 */
	size = sizeof(*gs) + (size_t)sset.count * 2 * ETH_GSTRING_LEN;
	gs = calloc(1, size);
	if (!gs)
		return vnet_oom(ctx);
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_STATS;
	gs->len = sset.count;
	snprintf(key, sizeof(key), "ethtool-gstrings-%s", ls->ifname);
	err = sset.count ? lx_ethtool_ioctl(ctx, ls->ifname, key, gs, size) : 0;
	if (err)
		goto out;
	if (gs->len != sset.count) {
		*changed = true;
		err = vnet_set_error(ctx, -EAGAIN,
				     "driver counters changed while being read (GSSET_INFO %u, "
				     "GSTRINGS %u), twice", sset.count, gs->len);
		goto out;
	}
	slots = calloc(sset.count ? sset.count : 1, sizeof(*slots));
	if (!slots) {
		err = vnet_oom(ctx);
		goto out;
	}
	free(ls->slots);
	ls->slots = slots;
	ls->n_slots = sset.count;
	for (unsigned int i = 0; i < sset.count; i++) {
		struct stat_slot *s = &ls->slots[i];

		memcpy(s->name, gs->data + i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		s->name[ETH_GSTRING_LEN - 1] = '\0';
		s->directional = vnet_stat_classify(s->name, &s->dir, &s->queue, &s->metric);
		if (s->queue >= VNET_MAX_QUEUE_PAIRS)
			s->directional = false;	/* kept as a named extra, not a queue row */
	}
out:
	free(gs);
	return err;
}

static int read_strings(struct vnet_ctx *ctx, struct lx_stats *ls)
{
	bool changed;
	int err = read_strings_once(ctx, ls, &changed);

	if (err && changed)
		err = read_strings_once(ctx, ls, &changed);
	return err;
}

/*
 * GSTATS writes as many values as the driver has now, without looking at
 * the size we pass; a queue count raised by ethtool -L since the names were
 * read would overrun a buffer sized for them.  Size it for every queue the
 * device can have.
 */
static int size_buffer(struct lx_stats *ls)
{
	unsigned int per_queue = 0, queues = 0;
	size_t want;

	for (unsigned int i = 0; i < ls->n_slots; i++) {
		if (ls->slots[i].queue == 0)
			per_queue++;
		if (ls->slots[i].queue >= 0 && (unsigned int)ls->slots[i].queue + 1 > queues)
			queues = ls->slots[i].queue + 1;
	}
	want = ls->n_slots + (size_t)per_queue * (ls->max_queues > (int)queues ?
						  ls->max_queues - queues : 0) + 64;
	if (want <= ls->capacity)
		return 0;
	free(ls->buf);
	ls->buf = calloc(1, sizeof(*ls->buf) + want * sizeof(uint64_t));
	if (!ls->buf)
		return -ENOMEM;
	ls->capacity = want;
	return 0;
}

static int gstats(struct vnet_ctx *ctx, struct lx_stats *ls)
{
	char key[64];

	snprintf(key, sizeof(key), "ethtool-gstats-%s", ls->ifname);
	memset(ls->buf, 0, sizeof(*ls->buf) + ls->capacity * sizeof(uint64_t));
	ls->buf->cmd = ETHTOOL_GSTATS;
	ls->buf->n_stats = ls->n_slots;
	return lx_ethtool_ioctl(ctx, ls->ifname, key, ls->buf,
				sizeof(*ls->buf) + ls->capacity * sizeof(uint64_t));
}

void lx_stats_close(struct vnet_ctx *ctx, void *priv)
{
	struct lx_stats *ls = priv;

	(void)ctx;
	if (!ls)
		return;
	free(ls->slots);
	free(ls->buf);
	free(ls);
}

int lx_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	struct lx *lx = lx_of(ctx);
	struct lx_stats *ls;
	int err;

	if (!*dev->ifname)
		return vnet_set_error(ctx, -ENODEV, "%s: no network interface (virtio_net is not bound)",
				      dev->virtio_name);
	err = vnet_dev_fill(ctx, dev, VNET_FILL_CHANNELS);
	if (err)
		return err;
	ls = calloc(1, sizeof(*ls));
	if (!ls)
		return vnet_oom(ctx);
	vnet_strcpy(ls->ifname, dev->ifname, sizeof(ls->ifname));
	vnet_strcpy(ls->virtio_name, dev->virtio_name, sizeof(ls->virtio_name));
	ls->ifindex = dev->ifindex;
	ls->max_queues = dev->channels.max_combined != VNET_UNKNOWN &&
			 dev->channels.max_combined <= VNET_MAX_QUEUE_PAIRS ?
			 dev->channels.max_combined : 0;
	err = read_strings(ctx, ls);
	if (!err && size_buffer(ls))
		err = vnet_oom(ctx);
	if (err) {
		lx_stats_close(ctx, ls);
		return err;
	}
	/* qstats: netdev family and virtio_net support (Linux 6.10) are optional */
	ls->qstats = lx_genl_family(ctx, VNET_NETDEV_FAMILY_NAME, &lx->netdev_family) > 0;
	vnet_clear_error(ctx);
	*priv = ls;
	return 0;
}

/* ---- building a sample ------------------------------------------------------ */

static struct vnet_queue_sample *queue_at(struct vnet_sample *s, unsigned int q)
{
	struct vnet_queue_sample *qs;

	if (q >= VNET_MAX_QUEUE_PAIRS)
		return NULL;
	if (q >= s->n_queues) {
		qs = realloc(s->queues, (q + 1) * sizeof(*qs));
		if (!qs)
			return NULL;
		s->queues = qs;
		for (unsigned int i = s->n_queues; i <= q; i++) {
			memset(&qs[i], 0, sizeof(qs[i]));
			qs[i].index = i;
			memset(qs[i].v, 0xff, sizeof(qs[i].v));
			qs[i].irq[0] = qs[i].irq[1] = VNET_UNKNOWN;
		}
		s->n_queues = q + 1;
	}
	return &s->queues[q];
}

static int add_extra(struct vnet_extra_counter **arr, unsigned int *n, const char *name,
		     uint64_t value, enum vnet_source src)
{
	struct vnet_extra_counter *e;

	for (unsigned int i = 0; i < *n; i++) {
		if (!strcmp((*arr)[i].name, name)) {
			/* the netdev family is where the kernel now keeps them */
			if (src == VNET_SRC_QSTATS || (*arr)[i].source != VNET_SRC_QSTATS) {
				(*arr)[i].value = value;
				(*arr)[i].source = src;
			}
			return 0;
		}
	}
	e = realloc(*arr, (*n + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	*arr = e;
	e = &e[(*n)++];
	vnet_strcpy(e->name, name, sizeof(e->name));
	e->value = value;
	e->source = src;
	return 0;
}

static void set_metric(struct vnet_sample *s, struct vnet_queue_sample *q, enum vnet_dir dir,
		       enum vnet_metric m, uint64_t v, enum vnet_source src)
{
	/* qstats wins over ethtool for a counter both report */
	if (q->v[dir][m] != VNET_UNKNOWN64 && s->source[dir][m] == VNET_SRC_QSTATS &&
	    src != VNET_SRC_QSTATS)
		return;
	q->v[dir][m] = v;
	s->source[dir][m] = src;
}

static int apply_ethtool(struct lx_stats *ls, struct vnet_sample *s)
{
	for (unsigned int i = 0; i < ls->n_slots; i++) {
		const struct stat_slot *slot = &ls->slots[i];
		uint64_t v = ls->buf->data[i];
		struct vnet_queue_sample *q;
		char name[48];
		int err;

		if (!slot->directional) {
			err = add_extra(&s->extra, &s->n_extra, slot->name, v, VNET_SRC_ETHTOOL);
			if (err)
				return err;
			continue;
		}
		if (slot->queue < 0)
			continue;	/* device totals are the sum of the queues */
		q = queue_at(s, slot->queue);
		if (!q)
			return -ENOMEM;
		if (slot->metric != VNET_METRICS) {
			set_metric(s, q, slot->dir, slot->metric, v, VNET_SRC_ETHTOOL);
			continue;
		}
		/* "rx3_hw_packets" -> "rx_hw_packets" */
		snprintf(name, sizeof(name), "%s_%s", slot->dir == VNET_RX ? "rx" : "tx",
			 strchr(slot->name + 2, '_') + 1);
		err = add_extra(&q->extra, &q->n_extra, name, v, VNET_SRC_ETHTOOL);
		if (err)
			return err;
	}
	return 0;
}

static const struct {
	unsigned int attr;
	enum vnet_dir dir;
	enum vnet_metric metric;	/* VNET_METRICS: an extra named below */
	const char *name;
} qstat_attrs[] = {
	{ VNET_NETDEV_A_QSTATS_RX_PACKETS, VNET_RX, VNET_M_PACKETS, NULL },
	{ VNET_NETDEV_A_QSTATS_RX_BYTES, VNET_RX, VNET_M_BYTES, NULL },
	{ VNET_NETDEV_A_QSTATS_TX_PACKETS, VNET_TX, VNET_M_PACKETS, NULL },
	{ VNET_NETDEV_A_QSTATS_TX_BYTES, VNET_TX, VNET_M_BYTES, NULL },
	{ VNET_NETDEV_A_QSTATS_TX_STOP, VNET_TX, VNET_M_STOP, NULL },
	{ VNET_NETDEV_A_QSTATS_TX_WAKE, VNET_TX, VNET_M_WAKE, NULL },
	{ VNET_NETDEV_A_QSTATS_RX_ALLOC_FAIL, VNET_RX, VNET_METRICS, "rx_alloc_fail" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_DROPS, VNET_RX, VNET_METRICS, "rx_hw_drops" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS, VNET_RX, VNET_METRICS, "rx_hw_drop_overruns" },
	{ VNET_NETDEV_A_QSTATS_RX_CSUM_COMPLETE, VNET_RX, VNET_METRICS, "rx_csum_complete" },
	{ VNET_NETDEV_A_QSTATS_RX_CSUM_UNNECESSARY, VNET_RX, VNET_METRICS, "rx_csum_unnecessary" },
	{ VNET_NETDEV_A_QSTATS_RX_CSUM_NONE, VNET_RX, VNET_METRICS, "rx_csum_none" },
	{ VNET_NETDEV_A_QSTATS_RX_CSUM_BAD, VNET_RX, VNET_METRICS, "rx_csum_bad" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_GRO_PACKETS, VNET_RX, VNET_METRICS, "rx_hw_gro_packets" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_GRO_BYTES, VNET_RX, VNET_METRICS, "rx_hw_gro_bytes" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_GRO_WIRE_PACKETS, VNET_RX, VNET_METRICS,
	  "rx_hw_gro_wire_packets" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_GRO_WIRE_BYTES, VNET_RX, VNET_METRICS, "rx_hw_gro_wire_bytes" },
	{ VNET_NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS, VNET_RX, VNET_METRICS,
	  "rx_hw_drop_ratelimits" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_DROPS, VNET_TX, VNET_METRICS, "tx_hw_drops" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_DROP_ERRORS, VNET_TX, VNET_METRICS, "tx_hw_drop_errors" },
	{ VNET_NETDEV_A_QSTATS_TX_CSUM_NONE, VNET_TX, VNET_METRICS, "tx_csum_none" },
	{ VNET_NETDEV_A_QSTATS_TX_NEEDS_CSUM, VNET_TX, VNET_METRICS, "tx_needs_csum" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_GSO_PACKETS, VNET_TX, VNET_METRICS, "tx_hw_gso_packets" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_GSO_BYTES, VNET_TX, VNET_METRICS, "tx_hw_gso_bytes" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_GSO_WIRE_PACKETS, VNET_TX, VNET_METRICS,
	  "tx_hw_gso_wire_packets" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_GSO_WIRE_BYTES, VNET_TX, VNET_METRICS, "tx_hw_gso_wire_bytes" },
	{ VNET_NETDEV_A_QSTATS_TX_HW_DROP_RATELIMITS, VNET_TX, VNET_METRICS,
	  "tx_hw_drop_ratelimits" },
};

struct qstats_msg {
	const struct nlattr *tb[VNET_NETDEV_A_QSTATS_MAX + 1];
};

static int qstats_attr_cb(const struct nlattr *attr, void *data)
{
	struct qstats_msg *m = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= VNET_NETDEV_A_QSTATS_MAX)
		m->tb[type] = attr;
	return MNL_CB_OK;
}

/* netlink "uint": 4 or 8 bytes */
static bool attr_uint(const struct nlattr *a, uint64_t *v)
{
	if (!a)
		return false;
	if (mnl_attr_get_payload_len(a) == sizeof(uint32_t))
		*v = mnl_attr_get_u32(a);
	else if (mnl_attr_get_payload_len(a) == sizeof(uint64_t))
		*v = mnl_attr_get_u64(a);
	else
		return false;
	return true;
}

struct qstats_ctx {
	struct lx_stats *ls;
	struct vnet_sample *s;
};

static int qstats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct qstats_ctx *qc = data;
	struct qstats_msg m = { { NULL } };
	struct vnet_queue_sample *q;
	uint64_t ifindex, type, id, v;
	int err;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), qstats_attr_cb, &m);
	if (!attr_uint(m.tb[VNET_NETDEV_A_QSTATS_IFINDEX], &ifindex) ||
	    ifindex != qc->ls->ifindex || !attr_uint(m.tb[VNET_NETDEV_A_QSTATS_QUEUE_TYPE], &type) ||
	    !attr_uint(m.tb[VNET_NETDEV_A_QSTATS_QUEUE_ID], &id))
		return 0;
	if ((type != VNET_NETDEV_QUEUE_TYPE_RX && type != VNET_NETDEV_QUEUE_TYPE_TX) ||
	    id >= VNET_MAX_QUEUE_PAIRS)
		return 0;
	q = queue_at(qc->s, id);
	if (!q)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(qstat_attrs); i++) {
		if (!attr_uint(m.tb[qstat_attrs[i].attr], &v))
			continue;
		if (qstat_attrs[i].metric != VNET_METRICS) {
			set_metric(qc->s, q, qstat_attrs[i].dir, qstat_attrs[i].metric, v,
				   VNET_SRC_QSTATS);
			continue;
		}
		err = add_extra(&q->extra, &q->n_extra, qstat_attrs[i].name, v, VNET_SRC_QSTATS);
		if (err)
			return err;
	}
	return 0;
}

static int read_qstats(struct vnet_ctx *ctx, struct lx_stats *ls, struct vnet_sample *s)
{
	struct lx *lx = lx_of(ctx);
	char buf[MNL_SOCKET_BUFFER_SIZE], key[64];
	struct qstats_ctx qc = { ls, s };
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	int err;

	nlh = lx_nl_msg(lx, buf, sizeof(buf), lx->netdev_family, NLM_F_DUMP);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = VNET_NETDEV_CMD_QSTATS_GET;
	genl->version = 1;
	mnl_attr_put_u32(nlh, VNET_NETDEV_A_QSTATS_IFINDEX, ls->ifindex);
	mnl_attr_put_u32(nlh, VNET_NETDEV_A_QSTATS_SCOPE, VNET_NETDEV_QSTATS_SCOPE_QUEUE);
	snprintf(key, sizeof(key), "netdev-qstats-%s", ls->ifname);
	err = lx_nl_transact(ctx, NETLINK_GENERIC, key, nlh, qstats_cb, &qc);
	/*
	 * Kernels with the family but without QSTATS_GET (6.3-6.8) or without
	 * virtio_net support for it (6.9) refuse; then ethtool is all there is.
	 */
	if (err == -EOPNOTSUPP || err == -EINVAL || err == -ENOENT) {
		ls->qstats = false;
		vnet_clear_error(ctx);
		return 0;
	}
	return err;
}

static int apply_interrupts(struct vnet_ctx *ctx, struct lx_stats *ls, struct vnet_sample *s)
{
	struct lx_irq_table tab;
	size_t vlen = strlen(ls->virtio_name);
	int err = lx_irq_read(ctx, &tab);

	if (err)
		return err;
	for (size_t i = 0; i < tab.n; i++) {
		const struct lx_irq_line *l = &tab.lines[i];
		const char *rest = l->name + vlen + 1;
		enum vnet_dir dir;
		unsigned long q;
		char *end;

		if (strncmp(l->name, ls->virtio_name, vlen) || l->name[vlen] != '-')
			continue;
		if (!strncmp(rest, "input.", 6))
			dir = VNET_RX;
		else if (!strncmp(rest, "output.", 7))
			dir = VNET_TX;
		else
			continue;
		q = strtoul(strchr(rest, '.') + 1, &end, 10);
		/* counters only for queues the driver reports as active */
		if (*end || q >= s->n_queues)
			continue;
		s->queues[q].v[dir][VNET_M_INTERRUPTS] = l->count;
		s->queues[q].irq[dir] = l->irq;
		s->source[dir][VNET_M_INTERRUPTS] = VNET_SRC_INTERRUPTS;
	}
	lx_irq_table_free(&tab);
	return 0;
}

int lx_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *s)
{
	struct lx_stats *ls = priv;
	struct timespec ts;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->mono_ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	clock_gettime(CLOCK_REALTIME, &ts);
	s->real_ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;

	err = gstats(ctx, ls);
	if (!err && ls->buf->n_stats != ls->n_slots) {
		/* the queue count changed: learn the new names, read again */
		err = read_strings(ctx, ls);
		if (!err && size_buffer(ls))
			err = vnet_oom(ctx);
		if (!err)
			err = gstats(ctx, ls);
		if (!err && ls->buf->n_stats != ls->n_slots)
			err = vnet_set_error(ctx, -EAGAIN,
					     "%s: counters changed while being read, try again",
					     ls->ifname);
	}
	if (!err && apply_ethtool(ls, s))
		err = vnet_oom(ctx);
	if (!err && ls->qstats)
		err = read_qstats(ctx, ls, s);
	if (!err)
		err = apply_interrupts(ctx, ls, s);
	return err;
}

