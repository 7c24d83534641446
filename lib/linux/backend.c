// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend.c - the Linux backend: discovery through sysfs, facts through
 *             sysfs, libpci, rtnetlink, ethtool netlink and procfs
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux.h"

#define VIRTIO_ID_NET 1

static void linux_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "linux.root", "", "VNET_ROOT",
			  "prefix for a captured tree: sets sysfs=ROOT/sys, procfs=ROOT/proc, "
			  "replay=ROOT/netlink");
	vnet_param_define(ctx, "linux.sysfs", "/sys", "VNET_SYSFS_ROOT", "sysfs mount point");
	vnet_param_define(ctx, "linux.procfs", "/proc", "VNET_PROCFS_ROOT", "procfs mount point");
	vnet_param_define(ctx, "linux.debugfs", "", "VNET_DEBUGFS_ROOT",
			  "debugfs mount point (default SYSFS/kernel/debug)");
	vnet_param_define(ctx, "linux.record", "", "VNET_RECORD_DIR",
			  "directory to save raw netlink and ethtool replies in");
	vnet_param_define(ctx, "linux.replay", "", "VNET_REPLAY_DIR",
			  "directory of recorded replies to use instead of the kernel");
}

static int linux_detect(struct vnet_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* A root below linux.root (when @sub) unless the parameter was given explicitly. */
static int root_path(struct vnet_ctx *ctx, char *dst, const char *key, const char *def,
		     const char *sub)
{
	const char *root = vnet_param_get(ctx, "linux.root");
	const char *value = vnet_param_get(ctx, key);
	int err;

	if (sub && *root && !strcmp(value, def))
		err = vnet_path(dst, PATH_MAX, "%s/%s", root, sub);
	else
		err = vnet_path(dst, PATH_MAX, "%s", value);
	if (err)
		return vnet_set_error(ctx, err, "%s: path too long", key);
	return 0;
}

/* A tree root that is not there is a mistake, not a machine without devices. */
static int check_root(struct vnet_ctx *ctx, const char *key, const char *def)
{
	const char *value = vnet_param_get(ctx, key);
	struct stat st;

	if (!*value || !strcmp(value, def))
		return 0;
	if (stat(value, &st))
		return vnet_set_error(ctx, -ENOENT, "%s=%s: no such directory", key, value);
	if (!S_ISDIR(st.st_mode))
		return vnet_set_error(ctx, -ENOTDIR, "%s=%s: not a directory", key, value);
	return 0;
}

static int linux_init(struct vnet_ctx *ctx)
{
	struct lx *lx;
	int err = check_root(ctx, "linux.root", "");

	if (!err)
		err = check_root(ctx, "linux.sysfs", "/sys");
	if (!err)
		err = check_root(ctx, "linux.procfs", "/proc");
	if (err)
		return err;
	lx = calloc(1, sizeof(*lx));
	if (!lx)
		return vnet_oom(ctx);
	ctx->backend_priv = lx;
	err = root_path(ctx, lx->sysfs, "linux.sysfs", "/sys", "sys");
	if (!err)
		err = root_path(ctx, lx->procfs, "linux.procfs", "/proc", "proc");
	if (!err)
		err = root_path(ctx, lx->replay, "linux.replay", "", "netlink");
	if (!err)
		err = root_path(ctx, lx->record, "linux.record", "", NULL);
	if (!err && *vnet_param_get(ctx, "linux.debugfs"))
		err = root_path(ctx, lx->debugfs, "linux.debugfs", "", NULL);
	else if (!err && vnet_path(lx->debugfs, sizeof(lx->debugfs), "%s/kernel/debug", lx->sysfs))
		err = vnet_set_error(ctx, -ENAMETOOLONG, "linux.debugfs: path too long");
	if (err) {
		free(lx);
		ctx->backend_priv = NULL;
		return err;
	}
	/*
	 * Netlink describes the running kernel.  Joining it with a captured
	 * sysfs tree would silently mix two machines, except while recording:
	 * a capture reads its own freshly copied tree and records the kernel's
	 * replies at the same moment, so both describe one instant.
	 */
	lx->netlink_allowed = !*lx->replay && (!strcmp(lx->sysfs, "/sys") || *lx->record);
	return lx_nl_init(ctx);
}

static void linux_cleanup(struct vnet_ctx *ctx)
{
	struct lx *lx = lx_of(ctx);

	if (!lx)
		return;
	lx_pci_cleanup(lx);
	lx_nl_cleanup(lx);
	lx_roots_close(lx);
	free(lx);
	ctx->backend_priv = NULL;
}

/* virtio2 before virtio10 */
static int virtio_index_cmp(const struct dirent **a, const struct dirent **b)
{
	long ia = strtol((*a)->d_name + 6, NULL, 10);
	long ib = strtol((*b)->d_name + 6, NULL, 10);

	return ia < ib ? -1 : ia > ib;
}

static int virtio_filter(const struct dirent *d)
{
	return !strncmp(d->d_name, "virtio", 6);
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Last component of class/net/@ifname/@link's target, "" when there is none. */
static void netdev_link(struct lx *lx, const char *ifname, const char *link, char *buf,
			size_t len)
{
	char path[PATH_MAX];

	buf[0] = '\0';
	if (vnet_path(path, sizeof(path), "%s/class/net/%s/%s", lx->sysfs, ifname, link) ||
	    lx_link_base(lx, path, buf, len))
		buf[0] = '\0';
}

/* The failover master's other slave, beside the device itself: the primary (a VF). */
static void read_primary(struct lx *lx, struct vnet_dev *dev)
{
	char path[PATH_MAX];
	struct dirent **names;
	int n;

	if (vnet_path(path, sizeof(path), "%s/class/net/%s", lx->sysfs, dev->failover.master))
		return;
	n = lx_scandir(lx, path, &names, not_dot, alphasort);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *lower = names[i]->d_name;

		if (!*dev->failover.primary && !strncmp(lower, "lower_", 6) &&
		    strcmp(lower + 6, dev->ifname))
			vnet_strcpy(dev->failover.primary, lower + 6, sizeof(dev->failover.primary));
		free(names[i]);
	}
	free(names);
}

/*
 * The interface of virtio device @name.  Usually its only netdev; with
 * VIRTIO_NET_F_STANDBY net_failover registers its master on the same parent,
 * so virtioN/net/ holds two, and the virtio_net one is the "standby" slave
 * whose "master" link names the other (the master's tx queue count, driver
 * and missing ethtool operations are not this device's).
 */
static void read_netdevs(struct lx *lx, const char *name, struct vnet_dev *dev)
{
	char path[PATH_MAX], master[sizeof(dev->failover.master)];
	struct dirent **names;
	int n;

	dev->ifname[0] = '\0';
	dev->failover.master[0] = dev->failover.primary[0] = '\0';
	if (vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/net", lx->sysfs, name))
		return;
	n = lx_scandir(lx, path, &names, not_dot, alphasort);
	if (n < 0)
		return;
	if (n > 0)
		vnet_strcpy(dev->ifname, names[0]->d_name, sizeof(dev->ifname));
	for (int i = 0; i < n && n > 1 && !*dev->failover.master; i++) {
		netdev_link(lx, names[i]->d_name, "master", master, sizeof(master));
		for (int j = 0; *master && j < n; j++) {
			if (j == i || strcmp(names[j]->d_name, master))
				continue;
			vnet_strcpy(dev->ifname, names[i]->d_name, sizeof(dev->ifname));
			vnet_strcpy(dev->failover.master, master, sizeof(dev->failover.master));
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (*dev->failover.master)
		read_primary(lx, dev);
}

/* Identity of the virtio device @name; -ENODEV when it is not (or no longer) a network device. */
static int read_identity(struct vnet_ctx *ctx, const char *name, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], parent[64];
	uint32_t id;
	int err;

	err = vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/device", lx->sysfs, name);
	if (err)
		return vnet_set_error(ctx, err, "%s: sysfs path too long", name);
	err = lx_read_u32(lx, path, &id);
	if (err == -ENOENT)
		return vnet_set_error(ctx, -ENODEV, "%s: device vanished", name);
	if (err || id != VIRTIO_ID_NET)
		return vnet_set_error(ctx, -ENODEV, "%s: not a virtio network device", name);
	if (!vnet_strcpy(dev->virtio_name, name, sizeof(dev->virtio_name)))
		return vnet_set_error(ctx, -ENAMETOOLONG, "%s: virtio name too long", name);

	dev->driver[0] = '\0';
	if (!vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/driver", lx->sysfs, name))
		lx_link_base(lx, path, dev->driver, sizeof(dev->driver));

	dev->ifindex = VNET_UNKNOWN;
	read_netdevs(lx, name, dev);
	if (*dev->ifname &&
	    (vnet_path(path, sizeof(path), "%s/class/net/%s/ifindex", lx->sysfs, dev->ifname) ||
	     lx_read_u32(lx, path, &dev->ifindex)))
		dev->ifindex = VNET_UNKNOWN;

	dev->bus[0] = dev->pci.slot[0] = dev->mmio.name[0] = '\0';
	if (vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s", lx->sysfs, name) ||
	    lx_readlink_parent(lx, path, parent, sizeof(parent)))
		return 0;
	if (!vnet_path(path, sizeof(path), "%s/bus/pci/devices/%s", lx->sysfs, parent) &&
	    lx_exists(lx, path)) {
		vnet_strcpy(dev->bus, "pci", sizeof(dev->bus));
		vnet_strcpy(dev->pci.slot, parent, sizeof(dev->pci.slot));
	} else if (!vnet_path(path, sizeof(path), "%s/bus/platform/devices/%s", lx->sysfs,
			      parent) &&
		   lx_exists(lx, path)) {
		/* virtio_mmio's platform devices are the only parents virtio has there */
		vnet_strcpy(dev->bus, "mmio", sizeof(dev->bus));
		vnet_strcpy(dev->mmio.name, parent, sizeof(dev->mmio.name));
	}
	return 0;
}

static int scan_one(struct vnet_ctx *ctx, const char *name, struct vnet_dev_list *list)
{
	struct vnet_dev *dev = vnet_dev_alloc();
	int err;

	if (!dev)
		return vnet_oom(ctx);
	err = read_identity(ctx, name, dev);
	if (err) {
		vnet_dev_free(dev);
		/* other virtio devices (block, console, ...) are not ours */
		if (err == -ENODEV) {
			vnet_clear_error(ctx);
			return 0;
		}
		return err;
	}
	err = vnet_dev_list_append(list, dev);
	if (err) {
		vnet_dev_free(dev);
		return vnet_oom(ctx);
	}
	return 0;
}

/* Gone, or a different device under the same virtio name, is -ENODEV. */
static int linux_identify(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_dev now = { 0 };
	int err = read_identity(ctx, dev->virtio_name, &now);

	if (err)
		return err;
	if (strcmp(now.bus, dev->bus) || strcmp(now.pci.slot, dev->pci.slot) ||
	    strcmp(now.mmio.name, dev->mmio.name))
		return vnet_set_error(ctx, -ENODEV, "%s: device vanished (now a different device)",
				      dev->virtio_name);
	memcpy(dev->ifname, now.ifname, sizeof(dev->ifname));
	dev->ifindex = now.ifindex;
	memcpy(dev->driver, now.driver, sizeof(dev->driver));
	dev->failover = now.failover;
	return 0;
}

static int linux_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct lx *lx = lx_of(ctx);
	char dir[PATH_MAX];
	struct dirent **names;
	int n, err = 0;

	if (vnet_path(dir, sizeof(dir), "%s/bus/virtio/devices", lx->sysfs))
		return vnet_set_error(ctx, -ENAMETOOLONG, "sysfs root too long");
	n = lx_scandir(lx, dir, &names, virtio_filter, virtio_index_cmp);
	if (n < 0) {
		/* no virtio bus at all: not an error, just no devices */
		if (errno == ENOENT)
			return 0;
		return vnet_set_error(ctx, -errno, "%s: %s", dir, strerror(errno));
	}
	for (int i = 0; i < n; i++) {
		if (!err)
			err = scan_one(ctx, names[i]->d_name, list);
		free(names[i]);
	}
	free(names);
	return err;
}

/* debugfs "device_features": one decimal bit number per line (Linux >= 6.10) */
static void read_offered(struct lx *lx, struct vnet_dev *dev)
{
	char path[PATH_MAX], buf[2048];
	char *p, *end;

	if (vnet_path(path, sizeof(path), "%s/virtio/%s/device_features", lx->debugfs,
		      dev->virtio_name) ||
	    lx_read_whole(lx, path, buf, sizeof(buf)) < 0)
		return;
	dev->features.offered[0] = dev->features.offered[1] = 0;
	for (p = buf; *p; p = end) {
		unsigned long bit = strtoul(p, &end, 10);

		if (end == p)
			return;	/* not the format we know: do not half-trust it */
		if (bit < VNET_FEATURE_BITS)
			dev->features.offered[bit / 64] |= 1ULL << (bit % 64);
		while (*end == '\n' || *end == ' ')
			end++;
	}
	dev->features.offered_known = true;
}

static int fill_features(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], buf[256];
	int err;

	err = vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/features", lx->sysfs,
			dev->virtio_name);
	if (err)
		return vnet_set_error(ctx, err, "%s: sysfs path too long", dev->virtio_name);
	err = lx_read_str(lx, path, buf, sizeof(buf));
	if (!err)
		err = vnet_features_parse(buf, dev->features.negotiated, &dev->features.nbits);
	if (err)
		return vnet_set_error(ctx, err, "%s: %s", path,
				      err == -EINVAL ? "unexpected format" : strerror(-err));
	if (vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/status", lx->sysfs,
		      dev->virtio_name) ||
	    lx_read_u32(lx, path, &dev->status))
		dev->status = VNET_UNKNOWN;
	read_offered(lx, dev);
	return 0;
}

static int fill_link(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	int err = lx_rtnl_fill_link(ctx, dev);

	if (err)
		return err;
	/* speed/duplex are optional: without them the link is still known */
	if (lx_ethtool_fill_linkmodes(ctx, dev)) {
		dev->link.speed_mbps = VNET_UNKNOWN;
		dev->link.duplex = VNET_DUPLEX_UNKNOWN;
	}
	return 0;
}

static unsigned int linux_count_rx_queues(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX];
	unsigned int n = 0;

	if (!*dev->ifname)
		return 0;
	/* the kernel numbers them without gaps */
	while (n < VNET_MAX_QUEUE_PAIRS &&
	       !vnet_path(path, sizeof(path), "%s/class/net/%s/queues/rx-%u", lx->sysfs,
			  dev->ifname, n) &&
	       lx_exists(lx, path))
		n++;
	return n;
}

/* queues/<dir>-<q>/<attr>, "" when absent */
static void read_queue_attr(struct lx *lx, struct vnet_dev *dev, const char *dir,
			    unsigned int q, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (vnet_path(path, sizeof(path), "%s/class/net/%s/queues/%s-%u/%s", lx->sysfs,
		      dev->ifname, dir, q, attr) ||
	    lx_read_str(lx, path, buf, len))
		buf[0] = '\0';
}

static uint64_t read_queue_u64(struct lx *lx, struct vnet_dev *dev, const char *dir,
			       unsigned int q, const char *attr)
{
	char buf[32], *end;
	uint64_t v;

	read_queue_attr(lx, dev, dir, q, attr, buf, sizeof(buf));
	if (!*buf)
		return VNET_UNKNOWN64;
	v = strtoull(buf, &end, 10);
	return *end ? VNET_UNKNOWN64 : v;
}

static int fill_queues(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);

	for (unsigned int i = 0; i < dev->n_queues; i++) {
		struct vnet_queue *q = &dev->queues[i];

		read_queue_attr(lx, dev, "rx", i, "rps_cpus", q->rps_cpus, sizeof(q->rps_cpus));
		read_queue_attr(lx, dev, "tx", i, "xps_cpus", q->xps_cpus, sizeof(q->xps_cpus));
		q->bql_limit = read_queue_u64(lx, dev, "tx", i, "byte_queue_limits/limit");
		q->bql_inflight = read_queue_u64(lx, dev, "tx", i, "byte_queue_limits/inflight");
		q->tx_timeouts = read_queue_u64(lx, dev, "tx", i, "tx_timeout");
	}
	return 0;
}

static int linux_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	switch (group) {
	case VNET_FILL_FEATURES:
		return fill_features(ctx, dev);
	case VNET_FILL_PCI:
		/* the transport's group: PCI configuration space, or the mmio window */
		return vnet_dev_is_mmio(dev) ? lx_mmio_fill(ctx, dev) : lx_pci_fill(ctx, dev);
	case VNET_FILL_LINK:
		return fill_link(ctx, dev);
	case VNET_FILL_CHANNELS:
		return lx_ethtool_fill_channels(ctx, dev);
	case VNET_FILL_RINGS:
		return lx_ethtool_fill_rings(ctx, dev);
	case VNET_FILL_COALESCE:
		return lx_ethtool_fill_coalesce(ctx, dev);
	case VNET_FILL_OFFLOADS:
		return lx_ethtool_fill_offloads(ctx, dev);
	case VNET_FILL_IRQS:
		return lx_irq_fill(ctx, dev);
	case VNET_FILL_QUEUES:
		return fill_queues(ctx, dev);
	}
	return vnet_set_error(ctx, -EINVAL, "unknown fill group %#x", group);
}

const struct vnet_backend_ops vnet_backend_linux = {
	.name = "linux",
	.help = "live Linux system: sysfs, procfs, libpci, rtnetlink, ethtool netlink",
	.config = linux_config,
	.detect = linux_detect,
	.init = linux_init,
	.cleanup = linux_cleanup,
	.scan = linux_scan,
	.identify = linux_identify,
	.fill = linux_fill,
	.count_rx_queues = linux_count_rx_queues,
	.system = lx_system,
	.stats_open = lx_stats_open,
	.stats_sample = lx_stats_sample,
	.stats_close = lx_stats_close,
	.writable = lx_writable,
	.apply = lx_apply,
	.read_setting = lx_read_setting,
	.watch_open = lx_watch_open,
	.watch_fd = lx_watch_fd,
	.watch_changed = lx_watch_changed,
	.watch_close = lx_watch_close,
	.collect = lx_collect,
};
