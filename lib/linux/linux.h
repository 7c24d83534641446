/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * linux.h - internals of the Linux backend
 */
#ifndef VNET_LINUX_H
#define VNET_LINUX_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../internal.h"

struct mnl_socket;
struct nlmsghdr;
struct pci_access;

struct lx {
	char sysfs[PATH_MAX];
	char procfs[PATH_MAX];
	char debugfs[PATH_MAX];
	char record[PATH_MAX];	/* save every netlink/ioctl reply here */
	char replay[PATH_MAX];	/* serve netlink/ioctl replies from here */
	bool netlink_allowed;	/* false: fixture sysfs without recordings */
	struct mnl_socket *nl[2]; /* NETLINK_ROUTE, NETLINK_GENERIC */
	unsigned int seq;
	int ethtool_family;	/* 0 not resolved yet, <0 -errno */
	int netdev_family;
	int ioctl_fd;
	struct pci_access *pacc;
	int root_fd[3];		/* sysfs, procfs, debugfs opened for openat2; 0 not yet */
};

#define LX_ROOTS 3
/* lx_open()/lx_read_*() of something that is not a regular file (FIFO, device) */
#define LX_ENOTREG EMEDIUMTYPE

static inline struct lx *lx_of(struct vnet_ctx *ctx)
{
	return ctx->backend_priv;
}

/* sysfs.c: readers confined to the configurable roots */
const char *lx_strerror(int err);
void lx_roots_close(struct lx *lx);
int lx_open(struct lx *lx, const char *path, int flags);
int lx_open_file(struct lx *lx, const char *path, uint64_t cap);
ssize_t lx_read_file(struct lx *lx, const char *path, char *buf, size_t len);
ssize_t lx_read_whole(struct lx *lx, const char *path, char *buf, size_t len);
int lx_read_str(struct lx *lx, const char *path, char *buf, size_t len);
int lx_read_u64(struct lx *lx, const char *path, uint64_t *val);
int lx_read_u32(struct lx *lx, const char *path, uint32_t *val);
bool lx_exists(struct lx *lx, const char *path);
bool lx_is_dir(struct lx *lx, const char *path);
DIR *lx_opendir(struct lx *lx, const char *path);
int lx_scandir(struct lx *lx, const char *path, struct dirent ***names,
	       int (*filter)(const struct dirent *),
	       int (*cmp)(const struct dirent **, const struct dirent **));
int lx_link_base(struct lx *lx, const char *path, char *buf, size_t len);
int lx_realpath(struct lx *lx, const char *path, char *real);
int lx_readlink_parent(struct lx *lx, const char *path, char *buf, size_t len);

/* nlio.c: netlink transport with record/replay */
typedef int (*lx_nl_cb)(const struct nlmsghdr *nlh, void *data);
int lx_nl_init(struct vnet_ctx *ctx);
void lx_nl_cleanup(struct lx *lx);
struct nlmsghdr *lx_nl_msg(struct lx *lx, void *buf, size_t size, uint16_t type,
			   uint16_t flags);
int lx_nl_transact(struct vnet_ctx *ctx, int proto, const char *key,
		   struct nlmsghdr *req, lx_nl_cb cb, void *data);
int lx_genl_family(struct vnet_ctx *ctx, const char *name, int *cache);
int lx_ethtool_ioctl(struct vnet_ctx *ctx, const char *ifname, const char *key,
		     void *data, size_t len);

/* pci.c */
int lx_pci_init(struct vnet_ctx *ctx);
void lx_pci_cleanup(struct lx *lx);
int lx_pci_fill(struct vnet_ctx *ctx, struct vnet_dev *dev);

/* mmio.c */
int lx_mmio_parse_iomem(const char *text, const char *name, uint64_t *base, uint64_t *size);
int lx_mmio_fill(struct vnet_ctx *ctx, struct vnet_dev *dev);

/* rtnl.c */
int lx_rtnl_fill_link(struct vnet_ctx *ctx, struct vnet_dev *dev);

/* ethtool.c */
int lx_ethtool_fill_linkmodes(struct vnet_ctx *ctx, struct vnet_dev *dev);
int lx_ethtool_fill_channels(struct vnet_ctx *ctx, struct vnet_dev *dev);
int lx_ethtool_fill_rings(struct vnet_ctx *ctx, struct vnet_dev *dev);
int lx_ethtool_fill_coalesce(struct vnet_ctx *ctx, struct vnet_dev *dev);
int lx_ethtool_fill_offloads(struct vnet_ctx *ctx, struct vnet_dev *dev);

/* irq.c */
struct lx_irq_line {
	uint32_t irq;
	uint64_t count;
	char name[48];		/* one action name; shared lines repeat the irq */
};

struct lx_irq_table {
	unsigned int ncpus;
	size_t n, capacity;
	struct lx_irq_line *lines;
};

int lx_irq_parse(const char *text, struct lx_irq_table *tab);
int lx_irq_read(struct vnet_ctx *ctx, struct lx_irq_table *tab);
void lx_irq_table_free(struct lx_irq_table *tab);
int lx_irq_fill(struct vnet_ctx *ctx, struct vnet_dev *dev);

/* system.c */
uint32_t lx_cpulist_count(const char *list);
int lx_system(struct vnet_ctx *ctx, struct vnet_system *sys);

/* stats.c */
int lx_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv);
int lx_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *sample);
void lx_stats_close(struct vnet_ctx *ctx, void *priv);

/* write.c */
int lx_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev);
int lx_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w);
int lx_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
		    char *buf, size_t len);

/* watch.c: link events */
/* support bundles: the raw sources read (collect.c) */
int lx_collect(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
	       struct vnet_bundle_writer *w, struct vnet_redactor *r);

int lx_watch_open(struct vnet_ctx *ctx, void **priv);
int lx_watch_fd(const void *priv);
int lx_watch_changed(struct vnet_ctx *ctx, void *priv);
void lx_watch_close(struct vnet_ctx *ctx, void *priv);

#endif /* VNET_LINUX_H */
