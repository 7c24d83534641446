// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * watch.c - link events from rtnetlink (RTNLGRP_LINK)
 *
 * A NETLINK_ROUTE socket of its own, subscribed to the link group: the
 * request socket of nlio.c must not have notifications mixed into its dump
 * replies.  libmnl rather than libnl-route-3's cache manager: the watch only
 * answers "did a netdev appear, vanish or change", the model then reads the
 * facts again through its usual paths (sysfs, RTM_GETLINK), so a second,
 * libnl-side copy of every link kept up to date would be work and memory
 * for nothing; and with libmnl the descriptor stays ours, non-blocking and
 * close-on-exec like nlio.c's sockets.
 *
 * Events describe the running kernel only: a captured tree or a recording
 * has none (-EOPNOTSUPP), and front ends rescan it periodically instead.
 */
#include "config.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "linux.h"

/* a link notification with every attribute of a device with many VFs fits */
#define WATCH_RECV_SIZE 32768
/* datagrams drained per call: a link storm must not keep the caller here */
#define WATCH_MAX_DATAGRAMS 64

struct lx_watch {
	struct mnl_socket *nl;
	char buf[WATCH_RECV_SIZE];
};

static int no_events(struct vnet_ctx *ctx)
{
	struct lx *lx = lx_of(ctx);
	const char *root = vnet_param_get(ctx, "linux.root");

	if (*root)
		return vnet_set_error(ctx, -EOPNOTSUPP,
				      "linux.root=%s: a captured tree has no link events", root);
	if (*lx->replay)
		return vnet_set_error(ctx, -EOPNOTSUPP,
				      "linux.replay=%s: a recording has no link events", lx->replay);
	/* events would come from the running kernel, not from that tree */
	if (strcmp(lx->sysfs, "/sys"))
		return vnet_set_error(ctx, -EOPNOTSUPP,
				      "linux.sysfs=%s: not the running kernel's, no link events",
				      lx->sysfs);
	return 0;
}

int lx_watch_open(struct vnet_ctx *ctx, void **priv)
{
	unsigned int group = RTNLGRP_LINK;
	struct lx_watch *w;
	int err = no_events(ctx);

	if (err)
		return err;
	w = malloc(sizeof(*w));
	if (!w)
		return vnet_oom(ctx);
	w->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!w->nl) {
		err = vnet_set_error(ctx, -errno, "cannot open rtnetlink socket: %s",
				     strerror(errno));
		free(w);
		return err;
	}
	if (mnl_socket_bind(w->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		err = vnet_set_error(ctx, -errno, "cannot bind rtnetlink socket: %s",
				     strerror(errno));
	else if (mnl_socket_setsockopt(w->nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		err = vnet_set_error(ctx, -errno, "cannot join the rtnetlink link group: %s",
				     strerror(errno));
	if (err) {
		mnl_socket_close(w->nl);
		free(w);
		return err;
	}
	*priv = w;
	return 0;
}

int lx_watch_fd(const void *priv)
{
	const struct lx_watch *w = priv;

	return mnl_socket_get_fd(w->nl);
}

/* Whether the datagram of @len bytes holds a well-formed RTM_NEWLINK or RTM_DELLINK. */
static bool has_link_message(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;
	bool link = false;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if ((nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK) &&
		    nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct ifinfomsg)))
			link = true;
	return link;
}

int lx_watch_changed(struct vnet_ctx *ctx, void *priv)
{
	struct lx_watch *w = priv;
	int fd = mnl_socket_get_fd(w->nl);
	bool changed = false;

	for (int i = 0; i < WATCH_MAX_DATAGRAMS; i++) {
		struct sockaddr_nl from;
		struct iovec iov = { w->buf, sizeof(w->buf) };
		struct msghdr msg = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return changed;
			/* the kernel dropped notifications: anything may have changed */
			if (errno == ENOBUFS || errno == EINTR) {
				changed |= errno == ENOBUFS;
				continue;
			}
			return vnet_set_error(ctx, -errno, "rtnetlink link events: %s",
					      strerror(errno));
		}
		/* any local process may send to our port; only the kernel speaks for links */
		if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
		    from.nl_pid != 0)
			continue;
		/* too long to check, but the kernel sends us nothing but link messages */
		if (msg.msg_flags & MSG_TRUNC)
			changed = true;
		else if (has_link_message(w->buf, n))
			changed = true;
	}
	/* more may be pending: say so rather than loop on */
	return 1;
}

void lx_watch_close(struct vnet_ctx *ctx, void *priv)
{
	struct lx_watch *w = priv;

	(void)ctx;
	mnl_socket_close(w->nl);
	free(w);
}
