// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtnl.c - link facts from rtnetlink (RTM_GETLINK)
 *
 * libnl-route-3 parses the link object; libnl 3.7 has no accessors for
 * IFLA_MIN_MTU, IFLA_MAX_MTU and IFLA_PERM_ADDRESS, so those attributes are
 * taken from the same message with libmnl.
 */
#include "config.h"

#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>

#include "linux.h"

struct link_reply {
	struct vnet_dev *dev;
	bool seen;
};

static void format_mac(const uint8_t *addr, size_t len, char *out, size_t outlen)
{
	char text[18];

	out[0] = '\0';
	if (len != 6)
		return;
	vnet_mac_format(addr, text);
	snprintf(out, outlen, "%s", text);
}

static void link_obj_cb(struct nl_object *obj, void *arg)
{
	struct link_reply *r = arg;
	struct rtnl_link *link = (struct rtnl_link *)obj;
	struct vnet_dev *dev = r->dev;
	struct nl_addr *addr = rtnl_link_get_addr(link);
	char buf[32];

	r->seen = true;
	dev->mtu.current = rtnl_link_get_mtu(link);
	dev->link.carrier = rtnl_link_get_carrier(link) ? VNET_TRI_YES : VNET_TRI_NO;
	dev->link.admin_up = rtnl_link_get_flags(link) & IFF_UP ? VNET_TRI_YES : VNET_TRI_NO;
	rtnl_link_operstate2str(rtnl_link_get_operstate(link), buf, sizeof(buf));
	vnet_strcpy(dev->link.operstate, buf, sizeof(dev->link.operstate));
	dev->link.tx_queue_len = rtnl_link_get_txqlen(link);
	dev->link.num_tx_queues = rtnl_link_get_num_tx_queues(link);
	dev->link.num_rx_queues = rtnl_link_get_num_rx_queues(link);
	if (addr)
		format_mac(nl_addr_get_binary_addr(addr), nl_addr_get_len(addr),
			   dev->link.mac, sizeof(dev->link.mac));
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct vnet_dev *dev = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_MIN_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			dev->mtu.min = mnl_attr_get_u32(attr);
		break;
	case IFLA_MAX_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			dev->mtu.max = mnl_attr_get_u32(attr);
		break;
	case IFLA_PERM_ADDRESS:
		format_mac(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr),
			   dev->link.permanent_mac, sizeof(dev->link.permanent_mac));
		break;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_reply *r = data;
	struct nl_msg *msg;
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	msg = nlmsg_convert((struct nlmsghdr *)nlh);
	if (!msg)
		return -ENOMEM;
	nlmsg_set_proto(msg, NETLINK_ROUTE);
	err = nl_msg_parse(msg, link_obj_cb, r);
	nlmsg_free(msg);
	if (err < 0)
		return -EINVAL;
	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, r->dev);
	return 0;
}

int lx_rtnl_fill_link(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], key[64];
	struct link_reply r = { dev, false };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int err;

	nlh = lx_nl_msg(lx_of(ctx), buf, sizeof(buf), RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, dev->ifname);
	snprintf(key, sizeof(key), "rtnl-link-%s", dev->ifname);
	err = lx_nl_transact(ctx, NETLINK_ROUTE, key, nlh, link_cb, &r);
	if (!err && !r.seen)
		err = vnet_set_error(ctx, -ENODEV, "%s: no link in the rtnetlink reply", dev->ifname);
	return err;
}
