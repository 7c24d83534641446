// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ethtool.c - ethtool generic netlink reads: link modes, channels, rings,
 *             coalescing, offloads
 */
#include "config.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "linux.h"

/* Every ETHTOOL_A_<MSG>_HEADER is attribute 1. */
#define ETHTOOL_A_HEADER 1

static int ethnl_get(struct vnet_ctx *ctx, struct vnet_dev *dev, uint8_t cmd,
		     const char *what, uint32_t hdr_flags, lx_nl_cb cb, void *data)
{
	struct lx *lx = lx_of(ctx);
	char buf[MNL_SOCKET_BUFFER_SIZE], key[64];
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int family = lx_genl_family(ctx, "ethtool", &lx->ethtool_family);

	if (family < 0)
		return family;
	nlh = lx_nl_msg(lx, buf, sizeof(buf), family, 0);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ETHTOOL_GENL_VERSION;
	nest = mnl_attr_nest_start(nlh, ETHTOOL_A_HEADER);
	mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, dev->ifname);
	if (hdr_flags)
		mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_FLAGS, hdr_flags);
	mnl_attr_nest_end(nlh, nest);
	snprintf(key, sizeof(key), "ethtool-%s-%s", what, dev->ifname);
	return lx_nl_transact(ctx, NETLINK_GENERIC, key, nlh, cb, data);
}

/*
 * The u32/u8 attributes of a flat reply, copied out by type while the
 * receive buffer still exists.
 */
struct flat_attrs {
	unsigned int max;
	uint8_t len[32];	/* payload length, 0 when absent */
	uint32_t val[32];
};

static int flat_attr_cb(const struct nlattr *attr, void *data)
{
	struct flat_attrs *fa = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type > fa->max || type >= ARRAY_SIZE(fa->val))
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
		fa->val[type] = mnl_attr_get_u32(attr);
		fa->len[type] = 4;
	} else if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0) {
		fa->val[type] = mnl_attr_get_u8(attr);
		fa->len[type] = 1;
	}
	return MNL_CB_OK;
}

static int flat_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), flat_attr_cb, data);
	return 0;
}

static uint32_t attr_u32(const struct flat_attrs *fa, unsigned int type)
{
	return fa->len[type] == 4 ? fa->val[type] : VNET_UNKNOWN;
}

static enum vnet_tri attr_bool8(const struct flat_attrs *fa, unsigned int type)
{
	if (fa->len[type] != 1)
		return VNET_TRI_UNKNOWN;
	return fa->val[type] ? VNET_TRI_YES : VNET_TRI_NO;
}

int lx_ethtool_fill_linkmodes(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct flat_attrs fa = { .max = ETHTOOL_A_LINKMODES_MAX };
	int err;

	err = ethnl_get(ctx, dev, ETHTOOL_MSG_LINKMODES_GET, "linkmodes",
			ETHTOOL_FLAG_COMPACT_BITSETS, flat_cb, &fa);
	if (err)
		return err;
	/* SPEED_UNKNOWN is (u32)-1, which is VNET_UNKNOWN already */
	dev->link.speed_mbps = attr_u32(&fa, ETHTOOL_A_LINKMODES_SPEED);
	if (dev->link.speed_mbps == 0)
		dev->link.speed_mbps = VNET_UNKNOWN;
	dev->link.duplex = VNET_DUPLEX_UNKNOWN;
	if (fa.len[ETHTOOL_A_LINKMODES_DUPLEX] == 1) {
		if (fa.val[ETHTOOL_A_LINKMODES_DUPLEX] == DUPLEX_FULL)
			dev->link.duplex = VNET_DUPLEX_FULL;
		else if (fa.val[ETHTOOL_A_LINKMODES_DUPLEX] == DUPLEX_HALF)
			dev->link.duplex = VNET_DUPLEX_HALF;
	}
	return 0;
}

int lx_ethtool_fill_channels(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct flat_attrs fa = { .max = ETHTOOL_A_CHANNELS_MAX };
	struct vnet_channels *ch = &dev->channels;
	int err;

	err = ethnl_get(ctx, dev, ETHTOOL_MSG_CHANNELS_GET, "channels", 0, flat_cb, &fa);
	if (err)
		return err;
	ch->max_rx = attr_u32(&fa, ETHTOOL_A_CHANNELS_RX_MAX);
	ch->max_tx = attr_u32(&fa, ETHTOOL_A_CHANNELS_TX_MAX);
	ch->max_other = attr_u32(&fa, ETHTOOL_A_CHANNELS_OTHER_MAX);
	ch->max_combined = attr_u32(&fa, ETHTOOL_A_CHANNELS_COMBINED_MAX);
	ch->rx = attr_u32(&fa, ETHTOOL_A_CHANNELS_RX_COUNT);
	ch->tx = attr_u32(&fa, ETHTOOL_A_CHANNELS_TX_COUNT);
	ch->other = attr_u32(&fa, ETHTOOL_A_CHANNELS_OTHER_COUNT);
	ch->combined = attr_u32(&fa, ETHTOOL_A_CHANNELS_COMBINED_COUNT);
	/* each channel becomes a queue row: a count no device can have is refused */
	if (ch->max_combined != VNET_UNKNOWN && ch->max_combined > VNET_MAX_QUEUE_PAIRS) {
		uint32_t bad = ch->max_combined;

		ch->max_rx = ch->max_tx = ch->max_other = ch->max_combined = VNET_UNKNOWN;
		ch->rx = ch->tx = ch->other = ch->combined = VNET_UNKNOWN;
		return vnet_set_error(ctx, -ERANGE, "%s: max_combined=%u channels, above %u "
				      "queue pairs", dev->ifname, bad, VNET_MAX_QUEUE_PAIRS);
	}
	if (ch->combined != VNET_UNKNOWN && ch->combined > VNET_MAX_QUEUE_PAIRS)
		ch->combined = VNET_UNKNOWN;
	return 0;
}

int lx_ethtool_fill_rings(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct flat_attrs fa = { .max = ETHTOOL_A_RINGS_MAX };
	int err;

	err = ethnl_get(ctx, dev, ETHTOOL_MSG_RINGS_GET, "rings", 0, flat_cb, &fa);
	if (err)
		return err;
	dev->rings.rx = attr_u32(&fa, ETHTOOL_A_RINGS_RX);
	dev->rings.tx = attr_u32(&fa, ETHTOOL_A_RINGS_TX);
	dev->rings.rx_max = attr_u32(&fa, ETHTOOL_A_RINGS_RX_MAX);
	dev->rings.tx_max = attr_u32(&fa, ETHTOOL_A_RINGS_TX_MAX);
	return 0;
}

int lx_ethtool_fill_coalesce(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct flat_attrs fa = { .max = ETHTOOL_A_COALESCE_MAX };
	int err;

	err = ethnl_get(ctx, dev, ETHTOOL_MSG_COALESCE_GET, "coalesce", 0, flat_cb, &fa);
	if (err)
		return err;
	dev->coalesce.rx_usecs = attr_u32(&fa, ETHTOOL_A_COALESCE_RX_USECS);
	dev->coalesce.rx_frames = attr_u32(&fa, ETHTOOL_A_COALESCE_RX_MAX_FRAMES);
	dev->coalesce.tx_usecs = attr_u32(&fa, ETHTOOL_A_COALESCE_TX_USECS);
	dev->coalesce.tx_frames = attr_u32(&fa, ETHTOOL_A_COALESCE_TX_MAX_FRAMES);
	dev->coalesce.adaptive_rx = attr_bool8(&fa, ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX);
	dev->coalesce.adaptive_tx = attr_bool8(&fa, ETHTOOL_A_COALESCE_USE_ADAPTIVE_TX);
	return 0;
}

/* ---- offloads: verbose bitsets carry the feature names ---------------- */

enum { FEAT_HW, FEAT_WANTED, FEAT_ACTIVE, FEAT_NOCHANGE, FEAT_SETS };

struct feat_entry {
	char name[40];
	bool in[FEAT_SETS];
};

struct feat_reply {
	size_t n;
	struct feat_entry *e;
	int set;
	int err;
};

/*
 * netdev_features_t is 64 bits, so the kernel names at most 64 features;
 * twice that leaves room for growth.  Without a bound a recording naming
 * hundreds of thousands makes the lookup below quadratic.
 */
#define FEAT_NAMES_MAX 128

/* NULL with errno: ENOMEM, or E2BIG past FEAT_NAMES_MAX names */
static struct feat_entry *feat_get(struct feat_reply *fr, const char *name)
{
	struct feat_entry *e;

	for (size_t i = 0; i < fr->n; i++)
		if (!strcmp(fr->e[i].name, name))
			return &fr->e[i];
	if (fr->n >= FEAT_NAMES_MAX) {
		errno = E2BIG;
		return NULL;
	}
	e = realloc(fr->e, (fr->n + 1) * sizeof(*e));
	if (!e)
		return NULL;
	fr->e = e;
	e = &fr->e[fr->n++];
	memset(e, 0, sizeof(*e));
	vnet_strcpy(e->name, name, sizeof(e->name));
	return e;
}

struct bit_attrs {
	const char *name;
	bool value;
};

static int bit_attr_cb(const struct nlattr *attr, void *data)
{
	struct bit_attrs *b = data;

	switch (mnl_attr_get_type(attr)) {
	case ETHTOOL_A_BITSET_BIT_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			b->name = mnl_attr_get_str(attr);
		break;
	case ETHTOOL_A_BITSET_BIT_VALUE:
		b->value = true;
		break;
	}
	return MNL_CB_OK;
}

/* @nomask: the set is a plain list, every listed bit is set */
static int parse_bits(const struct nlattr *bits, bool nomask, struct feat_reply *fr)
{
	const struct nlattr *bit;

	mnl_attr_for_each_nested(bit, bits) {
		struct bit_attrs b = { NULL, false };
		struct feat_entry *e;

		if (mnl_attr_get_type(bit) != ETHTOOL_A_BITSET_BITS_BIT)
			continue;
		mnl_attr_parse_nested(bit, bit_attr_cb, &b);
		if (!b.name)
			continue;
		if (!nomask && !b.value)
			continue;
		e = feat_get(fr, b.name);
		if (!e)
			return errno == E2BIG ? -E2BIG : -ENOMEM;
		e->in[fr->set] = true;
	}
	return 0;
}

static int bitset_cb(const struct nlattr *attr, void *data)
{
	struct feat_reply *fr = data;
	const struct nlattr *a, *bits = NULL;
	bool nomask = false;
	int set;

	switch (mnl_attr_get_type(attr)) {
	case ETHTOOL_A_FEATURES_HW:
		set = FEAT_HW;
		break;
	case ETHTOOL_A_FEATURES_WANTED:
		set = FEAT_WANTED;
		break;
	case ETHTOOL_A_FEATURES_ACTIVE:
		set = FEAT_ACTIVE;
		break;
	case ETHTOOL_A_FEATURES_NOCHANGE:
		set = FEAT_NOCHANGE;
		break;
	default:
		return MNL_CB_OK;
	}
	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == ETHTOOL_A_BITSET_NOMASK)
			nomask = true;
		else if (mnl_attr_get_type(a) == ETHTOOL_A_BITSET_BITS)
			bits = a;
	}
	fr->set = set;
	if (bits && !fr->err)
		fr->err = parse_bits(bits, nomask, fr);
	return MNL_CB_OK;
}

static int features_cb(const struct nlmsghdr *nlh, void *data)
{
	struct feat_reply *fr = data;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), bitset_cb, fr);
	return fr->err;
}

int lx_ethtool_fill_offloads(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct feat_reply fr = { 0 };
	struct vnet_offload *off;
	size_t n = 0;
	int err;

	/* no ETHTOOL_FLAG_COMPACT_BITSETS: the verbose form names each bit */
	err = ethnl_get(ctx, dev, ETHTOOL_MSG_FEATURES_GET, "features", 0, features_cb, &fr);
	if (err) {
		free(fr.e);
		return err;
	}
	/* Features that are off and cannot be turned on are noise, as in ethtool -k. */
	off = calloc(fr.n ? fr.n : 1, sizeof(*off));
	if (!off) {
		free(fr.e);
		return vnet_oom(ctx);
	}
	for (size_t i = 0; i < fr.n; i++) {
		struct feat_entry *e = &fr.e[i];

		if (!e->in[FEAT_HW] && !e->in[FEAT_ACTIVE] && !e->in[FEAT_WANTED])
			continue;
		vnet_strcpy(off[n].name, e->name, sizeof(off[n].name));
		off[n].active = e->in[FEAT_ACTIVE];
		off[n].requested = e->in[FEAT_WANTED];
		off[n].fixed = !e->in[FEAT_HW] || e->in[FEAT_NOCHANGE];
		n++;
	}
	free(fr.e);
	free(dev->offloads);
	dev->offloads = off;
	dev->n_offloads = n;
	return 0;
}
