// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * write.c - the Linux backend's writes: ethtool netlink (channels, rings,
 *           coalescing, features), rtnetlink (MTU, MAC, up/down), sysfs
 *           and procfs (IRQ affinity, XPS, RPS), debugfs dynamic debug
 *
 * Only the live system is written: a captured tree, a recording or a
 * replay is refused before any step (a write must never "succeed" from a
 * recording), so the transport below never records or replays a write.
 * The kernel's extended ACK message is what the context explains.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "linux.h"

#define ETHTOOL_A_HEADER 1

static const char *const debug_modules[] = { "virtio_net", "virtio_ring", "virtio_pci" };

int lx_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);

	(void)dev;
	if (*vnet_param_get(ctx, "linux.root") || strcmp(lx->sysfs, "/sys") ||
	    strcmp(lx->procfs, "/proc"))
		return vnet_set_error(ctx, -EROFS, "a captured tree (linux.root, linux.sysfs or "
				      "linux.procfs) is read-only");
	if (*lx->replay)
		return vnet_set_error(ctx, -EROFS, "a replayed recording (linux.replay) is "
				      "read-only");
	if (*lx->record)
		return vnet_set_error(ctx, -EROFS, "writes are not recorded (unset linux.record)");
	if (geteuid() != 0)
		return vnet_set_error(ctx, -EPERM, "changing settings needs root (CAP_NET_ADMIN "
				      "and write access to /proc/irq and sysfs)");
	return 0;
}

static int ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return 0;
}

static struct nlmsghdr *ethnl_req(struct vnet_ctx *ctx, const struct vnet_dev *dev, char *buf,
				  size_t size, uint8_t cmd, int *err)
{
	struct lx *lx = lx_of(ctx);
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int family = lx_genl_family(ctx, "ethtool", &lx->ethtool_family);

	if (family < 0) {
		*err = family;
		return NULL;
	}
	nlh = lx_nl_msg(lx, buf, size, family, 0);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ETHTOOL_GENL_VERSION;
	nest = mnl_attr_nest_start(nlh, ETHTOOL_A_HEADER);
	mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, dev->ifname);
	mnl_attr_nest_end(nlh, nest);
	*err = 0;
	return nlh;
}

static int nl_send(struct vnet_ctx *ctx, int proto, const char *what, struct nlmsghdr *nlh)
{
	char key[64];
	int err;

	snprintf(key, sizeof(key), "write-%s", what);
	err = lx_nl_transact(ctx, proto, key, nlh, ack_cb, NULL);
	if (err) {
		char why[400];

		/* the context holds the kernel's extended ACK text or strerror() */
		snprintf(why, sizeof(why), "%s", vnet_ctx_error(ctx));
		return vnet_set_error(ctx, err, "the kernel refused (%s)", why);
	}
	return 0;
}

static int ethtool_write(struct vnet_ctx *ctx, const struct vnet_dev *dev,
			 const struct vnet_write *w)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	switch (w->kind) {
	case VNET_W_CHANNELS:
		nlh = ethnl_req(ctx, dev, buf, sizeof(buf), ETHTOOL_MSG_CHANNELS_SET, &err);
		if (!nlh)
			return err;
		mnl_attr_put_u32(nlh, ETHTOOL_A_CHANNELS_COMBINED_COUNT, w->value);
		return nl_send(ctx, NETLINK_GENERIC, "channels", nlh);
	case VNET_W_RINGS:
		nlh = ethnl_req(ctx, dev, buf, sizeof(buf), ETHTOOL_MSG_RINGS_SET, &err);
		if (!nlh)
			return err;
		if (w->rx != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_RINGS_RX, w->rx);
		if (w->tx != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_RINGS_TX, w->tx);
		return nl_send(ctx, NETLINK_GENERIC, "rings", nlh);
	case VNET_W_COALESCE:
		nlh = ethnl_req(ctx, dev, buf, sizeof(buf), ETHTOOL_MSG_COALESCE_SET, &err);
		if (!nlh)
			return err;
		if (w->coal.rx_usecs != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_COALESCE_RX_USECS, w->coal.rx_usecs);
		if (w->coal.rx_frames != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_COALESCE_RX_MAX_FRAMES, w->coal.rx_frames);
		if (w->coal.tx_usecs != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_COALESCE_TX_USECS, w->coal.tx_usecs);
		if (w->coal.tx_frames != VNET_UNKNOWN)
			mnl_attr_put_u32(nlh, ETHTOOL_A_COALESCE_TX_MAX_FRAMES, w->coal.tx_frames);
		if (w->coal.adaptive_rx != VNET_TRI_UNKNOWN)
			mnl_attr_put_u8(nlh, ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX,
					w->coal.adaptive_rx == VNET_TRI_YES);
		return nl_send(ctx, NETLINK_GENERIC, "coalesce", nlh);
	case VNET_W_FEATURES: {
		struct nlattr *wanted, *bits;

		nlh = ethnl_req(ctx, dev, buf, sizeof(buf), ETHTOOL_MSG_FEATURES_SET, &err);
		if (!nlh)
			return err;
		/* a verbose bitset without NOMASK: the listed bits are the mask */
		wanted = mnl_attr_nest_start(nlh, ETHTOOL_A_FEATURES_WANTED);
		bits = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS);
		for (size_t i = 0; i < w->n; i++) {
			struct nlattr *bit = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS_BIT);

			mnl_attr_put_strz(nlh, ETHTOOL_A_BITSET_BIT_NAME, w->feats[i].name);
			if (w->feats[i].on)
				mnl_attr_put(nlh, ETHTOOL_A_BITSET_BIT_VALUE, 0, NULL);
			mnl_attr_nest_end(nlh, bit);
		}
		mnl_attr_nest_end(nlh, bits);
		mnl_attr_nest_end(nlh, wanted);
		return nl_send(ctx, NETLINK_GENERIC, "features", nlh);
	}
	default:
		return vnet_set_error(ctx, -EINVAL, "not an ethtool step");
	}
}

static int rtnl_write(struct vnet_ctx *ctx, const struct vnet_dev *dev, const struct vnet_write *w)
{
	struct lx *lx = lx_of(ctx);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = lx_nl_msg(lx, buf, sizeof(buf), RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = dev->ifindex;
	switch (w->kind) {
	case VNET_W_LINK_DOWN:
	case VNET_W_LINK_UP:
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = w->value ? IFF_UP : 0;
		return nl_send(ctx, NETLINK_ROUTE, "link", nlh);
	case VNET_W_MTU:
		mnl_attr_put_u32(nlh, IFLA_MTU, w->value);
		return nl_send(ctx, NETLINK_ROUTE, "mtu", nlh);
	case VNET_W_MAC: {
		unsigned int b[6];
		uint8_t mac[6];

		if (sscanf(w->mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
			   &b[5]) != 6)
			return vnet_set_error(ctx, -EINVAL, "%s: not a MAC address", w->mac);
		for (int i = 0; i < 6; i++)
			mac[i] = b[i];
		mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
		return nl_send(ctx, NETLINK_ROUTE, "address", nlh);
	}
	default:
		return vnet_set_error(ctx, -EINVAL, "not an rtnetlink step");
	}
}

static int write_file(struct vnet_ctx *ctx, const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return vnet_set_error(ctx, -errno, "%s: %s", path, strerror(errno));
	n = write(fd, text, strlen(text));
	err = n < 0 ? -errno : (size_t)n != strlen(text) ? -EIO : 0;
	if (close(fd) && !err)
		err = -errno;
	if (err)
		return vnet_set_error(ctx, err, "writing \"%s\" to %s: %s", text, path,
				      strerror(-err));
	return 0;
}

static int files_write(struct vnet_ctx *ctx, const struct vnet_dev *dev,
		       const struct vnet_write *w)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX];
	int err;

	for (size_t i = 0; i < w->n; i++) {
		const struct vnet_write_cpus *c = &w->cpus[i];

		if (w->kind == VNET_W_IRQ_AFFINITY)
			err = vnet_path(path, sizeof(path), "%s/irq/%u/smp_affinity_list",
					lx->procfs, c->index);
		else
			err = vnet_path(path, sizeof(path), "%s/class/net/%s/queues/%s-%u/%s",
					lx->sysfs, dev->ifname,
					w->kind == VNET_W_XPS ? "tx" : "rx", c->index,
					w->kind == VNET_W_XPS ? "xps_cpus" : "rps_cpus");
		if (err)
			return vnet_set_error(ctx, err, "path too long");
		err = write_file(ctx, path, c->cpus);
		if (err)
			return err;
	}
	return 0;
}

static int logging_write(struct vnet_ctx *ctx, bool on)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], cmd[64];
	int err = vnet_path(path, sizeof(path), "%s/dynamic_debug/control", lx->debugfs);

	if (err)
		return vnet_set_error(ctx, err, "path too long");
	for (size_t i = 0; i < ARRAY_SIZE(debug_modules); i++) {
		snprintf(cmd, sizeof(cmd), "module %s %cp", debug_modules[i], on ? '+' : '-');
		err = write_file(ctx, path, cmd);
		/* a module without any pr_debug() site: "no matches" is -ENOENT */
		if (err == -ENOENT && i)
			err = 0;
		if (err)
			return err;
	}
	vnet_clear_error(ctx);
	return 0;
}

int lx_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	int err = lx_writable(ctx, dev);

	if (err)
		return err;
	if (!*dev->ifname && w->kind != VNET_W_LOGGING && w->kind != VNET_W_IRQ_AFFINITY)
		return vnet_set_error(ctx, -ENODEV, "%s has no network interface",
				      dev->virtio_name);
	switch (w->kind) {
	case VNET_W_LINK_DOWN:
	case VNET_W_LINK_UP:
	case VNET_W_MTU:
	case VNET_W_MAC:
		return rtnl_write(ctx, dev, w);
	case VNET_W_CHANNELS:
	case VNET_W_RINGS:
	case VNET_W_COALESCE:
	case VNET_W_FEATURES:
		return ethtool_write(ctx, dev, w);
	case VNET_W_IRQ_AFFINITY:
	case VNET_W_XPS:
	case VNET_W_RPS:
		return files_write(ctx, dev, w);
	case VNET_W_LOGGING:
		return logging_write(ctx, w->value);
	case VNET_W_NETKVM_PARAM:
	case VNET_W_NETKVM_LOGGING:
	case VNET_W_NETKVM_RESTART:
		/* the plan never makes them for a Linux device (props.c): a bug if here */
		return vnet_set_error(ctx, -EOPNOTSUPP, "%s: a NetKVM (Windows) step on Linux",
				      *dev->ifname ? dev->ifname : dev->virtio_name);
	case VNET_W_KINDS:
		break;
	}
	return vnet_set_error(ctx, -EINVAL, "unknown write step %d", w->kind);
}

/*
 * "logging": the dynamic debug call sites of the virtio modules, from the
 * control file's lines "file:line [module]function =flags \"format\"".
 */
int lx_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
		    char *buf, size_t len)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], line[1024];
	size_t on = 0, off = 0, total = 0;
	bool cut = false;
	FILE *f;
	int fd;

	(void)dev;
	if (strcmp(name, "logging"))
		return vnet_set_error(ctx, -ENOENT, "%s: no such setting", name);
	if (vnet_path(path, sizeof(path), "%s/dynamic_debug/control", lx->debugfs))
		return vnet_set_error(ctx, -ENAMETOOLONG, "debugfs path too long");
	fd = lx_open_file(lx, path, VNET_DEBUG_CONTROL_MAX);
	if (fd == -EFBIG)
		return vnet_set_error(ctx, fd, "%s: larger than %u MiB", path,
				      VNET_DEBUG_CONTROL_MAX >> 20);
	if (fd < 0)
		return vnet_set_error(ctx, fd, "%s: %s (debugfs mounted, kernel with "
				      "CONFIG_DYNAMIC_DEBUG, root?)", path, lx_strerror(fd));
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return vnet_oom(ctx);
	}
	/* debugfs reports no size: the bound is counted while reading */
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		char *flags;
		bool ours = false;

		total += n;
		if (total > VNET_DEBUG_CONTROL_MAX) {
			fclose(f);
			return vnet_set_error(ctx, -EFBIG, "%s: larger than %u MiB", path,
					      VNET_DEBUG_CONTROL_MAX >> 20);
		}
		/* a call site line is short: the rest of a longer one is skipped */
		if (cut || (n && line[n - 1] != '\n' && !feof(f))) {
			cut = !n || line[n - 1] != '\n';
			continue;
		}
		for (size_t i = 0; i < ARRAY_SIZE(debug_modules); i++) {
			char tag[32];

			snprintf(tag, sizeof(tag), "[%s]", debug_modules[i]);
			ours = ours || strstr(line, tag);
		}
		if (!ours || !(flags = strstr(line, " =")))
			continue;
		flags += 2;
		if (strcspn(flags, " ") > strcspn(flags, "p"))
			on++;
		else
			off++;
	}
	fclose(f);
	if (!on && !off)
		return vnet_set_error(ctx, -ENOENT, "%s lists no virtio_net/virtio_ring/"
				      "virtio_pci call site (modules not loaded, or built without "
				      "pr_debug)", path);
	snprintf(buf, len, "%s", !on ? "off" : !off ? "on" : "partial");
	return 0;
}
