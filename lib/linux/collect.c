// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * collect.c - the raw sources of the Linux backend, for support bundles
 *
 * The members below "raw/" are laid out as a captured fixture tree
 * (tests/vm/guest/capture.sh, whose file list this follows), so that a
 * bundle's raw/ directory, once unpacked, replays with
 *	vnetctl -O linux.root=DIR/raw ...
 * Everything is read through the backend's confined readers (sysfs.c):
 * collecting from a captured tree reads that tree and nothing else.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <netpacket/packet.h>

#include "linux.h"
#include "../bundle.h"

/* the biggest file read whole: /proc/interrupts on a large machine */
#define RAW_FILE_MAX VNET_IRQ_FILE_MAX
/* files of a recorded netlink directory copied at most */
#define RECORDINGS_MAX 4096
/* the kernel log read at most (its ring is usually far smaller) */
#define KLOG_MAX (16u << 20)

enum raw_root { RAW_SYS, RAW_PROC, RAW_DEBUG };

struct raw {
	struct vnet_ctx *ctx;
	struct lx *lx;
	struct vnet_bundle_writer *w;
	char *buf;		/* RAW_FILE_MAX + 1 bytes */
	char sys_real[PATH_MAX];	/* realpath of the sysfs root */
};

/* sysfs entries that are not facts: device memory, or actions on write */
static const char *const skipped_names[] = {
	"rom", "reset", "remove", "rescan", "uevent", "new_id", "remove_id", "bind", "unbind",
	"driver_override", "reset_method", "d3cold_allowed", "enable", "broken_parity_status",
};

static bool skipped(const char *name)
{
	if (!strncmp(name, "resource", 8) && name[8] >= '0' && name[8] <= '9')
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(skipped_names); i++)
		if (!strcmp(name, skipped_names[i]))
			return true;
	return false;
}

static const char *root_path(const struct raw *raw, enum raw_root root)
{
	return root == RAW_SYS ? raw->lx->sysfs : root == RAW_PROC ? raw->lx->procfs :
	       raw->lx->debugfs;
}

/* the member of @rel below @root: debugfs where the replay looks for it */
static int member_name(enum raw_root root, const char *rel, char *name, size_t len)
{
	static const char *const prefix[] = { "raw/sys/", "raw/proc/", "raw/sys/kernel/debug/" };

	return vnet_path(name, len, "%s%s", prefix[root], rel);
}

/*
 * Adding what is already there (a PCI function reached twice) is no
 * failure, nor is a name the writer will not store (a captured tree's
 * oddity): only running out of memory or of the bundle's bounds is.
 */
static int add_result(int err)
{
	return err == -EEXIST || err == -EINVAL ? 0 : err;
}

/* One regular file, whole; unreadable or missing ones are left out, as capture.sh does. */
static int copy_file_cap(struct raw *raw, enum raw_root root, const char *rel, size_t cap)
{
	char path[PATH_MAX], name[PATH_MAX];
	ssize_t n;

	if (vnet_path(path, sizeof(path), "%s/%s", root_path(raw, root), rel) ||
	    member_name(root, rel, name, sizeof(name)))
		return 0;
	n = cap ? lx_read_file(raw->lx, path, raw->buf, cap + 1) :
		  lx_read_whole(raw->lx, path, raw->buf, RAW_FILE_MAX + 1);
	if (n < 0)
		return 0;
	return add_result(vnet_bundle_add(raw->w, name, raw->buf, n));
}

static int copy_file(struct raw *raw, enum raw_root root, const char *rel)
{
	return copy_file_cap(raw, root, rel, 0);
}

/* A symbolic link as it is (sysfs links are relative), never followed. */
static int copy_link(struct raw *raw, enum raw_root root, const char *rel)
{
	char path[PATH_MAX], name[PATH_MAX], target[PATH_MAX];
	const char *slash;
	ssize_t n;
	int fd;

	if (vnet_path(path, sizeof(path), "%s/%s", root_path(raw, root), rel) ||
	    member_name(root, rel, name, sizeof(name)))
		return 0;
	slash = strrchr(path, '/');
	path[slash - path] = '\0';
	fd = lx_open(raw->lx, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return 0;
	n = readlinkat(fd, slash + 1, target, sizeof(target) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	return add_result(vnet_bundle_add_link(raw->w, name, target));
}

/* find DIR -maxdepth DEPTH \( -type f -o -type l \), less the skipped names */
static int copy_dir(struct raw *raw, enum raw_root root, const char *rel, int depth)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct dirent **names;
	int n, err = 0;

	if (depth < 1 || vnet_path(path, sizeof(path), "%s/%s", root_path(raw, root), rel))
		return 0;
	n = lx_scandir(raw->lx, path, &names, NULL, alphasort);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		unsigned char type = names[i]->d_type;
		struct stat st;
		int fd;

		if (err || !strcmp(e, ".") || !strcmp(e, "..") || skipped(e) ||
		    vnet_path(sub, sizeof(sub), "%s/%s", rel, e))
			continue;
		if (type == DT_UNKNOWN) {
			fd = lx_open(raw->lx, path, O_PATH | O_DIRECTORY);
			if (fd < 0 || fstatat(fd, e, &st, AT_SYMLINK_NOFOLLOW)) {
				if (fd >= 0)
					close(fd);
				continue;
			}
			close(fd);
			type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_LNK)
			err = copy_link(raw, root, sub);
		else if (type == DT_REG)
			err = copy_file(raw, root, sub);
		else if (type == DT_DIR)
			err = copy_dir(raw, root, sub, depth - 1);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

/* Where a sysfs link leads, relative to the sysfs root; -errno (-ENOENT: gone). */
static int sys_real(struct raw *raw, const char *rel, char *out, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	size_t n = strlen(raw->sys_real);
	int err;

	if (vnet_path(path, sizeof(path), "%s/%s", raw->lx->sysfs, rel))
		return -ENAMETOOLONG;
	err = lx_realpath(raw->lx, path, real);
	if (err)
		return err;
	if (strncmp(real, raw->sys_real, n) || real[n] != '/')
		return -EXDEV;
	return vnet_strcpy(out, real + n + 1, len) ? 0 : -ENAMETOOLONG;
}

static bool in_list(const struct vnet_dev_list *list, const char *virtio_name)
{
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->devs[i]->virtio_name, virtio_name))
			return true;
	return false;
}

static int copy_files(struct raw *raw, const char *dir, const char *const *files, size_t n)
{
	char rel[PATH_MAX];
	int err = 0;

	for (size_t i = 0; i < n && !err; i++)
		if (!vnet_path(rel, sizeof(rel), "%s/%s", dir, files[i]))
			err = copy_file(raw, RAW_SYS, rel);
	return err;
}

/* Entries of a directory below sysfs, each handed to @fn. */
static int each_entry(struct raw *raw, const char *dir,
		      int (*fn)(struct raw *raw, const char *dir, const char *name, void *data),
		      void *data)
{
	char path[PATH_MAX];
	struct dirent **names;
	int n, err = 0;

	if (vnet_path(path, sizeof(path), "%s/%s", raw->lx->sysfs, dir))
		return 0;
	n = lx_scandir(raw->lx, path, &names, NULL, alphasort);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		if (!err && names[i]->d_name[0] != '.')
			err = fn(raw, dir, names[i]->d_name, data);
		free(names[i]);
	}
	free(names);
	return err;
}

/* One netdev of a virtio device: its class link, attributes, counters and queues. */
static int copy_netdev(struct raw *raw, const char *netdir, const char *name, void *data)
{
	static const char *const attrs[] = {
		"ifindex", "address", "mtu", "carrier", "operstate", "speed", "duplex", "flags",
		"tx_queue_len",
	};
	char rel[PATH_MAX], dir[PATH_MAX];
	int err;

	(void)data;
	if (vnet_path(dir, sizeof(dir), "%s/%s", netdir, name) ||
	    vnet_path(rel, sizeof(rel), "class/net/%s", name))
		return 0;
	err = copy_link(raw, RAW_SYS, rel);
	if (!err)
		err = copy_files(raw, dir, attrs, ARRAY_SIZE(attrs));
	if (!err && !vnet_path(rel, sizeof(rel), "%s/statistics", dir))
		err = copy_dir(raw, RAW_SYS, rel, 1);
	if (!err && !vnet_path(rel, sizeof(rel), "%s/queues", dir))
		err = copy_dir(raw, RAW_SYS, rel, 3);
	return err;
}

static int copy_virtio_device(struct raw *raw, const char *name)
{
	static const char *const parent_files[] = {
		"config", "vendor", "device", "class", "revision", "subsystem_vendor",
		"subsystem_device", "irq", "resource",
	};
	static const char *const virtio_files[] = {
		"device", "vendor", "features", "status", "modalias",
	};
	char rel[PATH_MAX], real[PATH_MAX], parent[PATH_MAX], path[PATH_MAX];
	const char *bdf;
	char *slash;
	int err;

	if (vnet_path(rel, sizeof(rel), "bus/virtio/devices/%s", name))
		return 0;
	err = sys_real(raw, rel, real, sizeof(real));
	if (err == -ENOENT) {
		char reason[128];

		snprintf(reason, sizeof(reason), "%s vanished while its raw sources were read",
			 name);
		vnet_bundle_partial(raw->w, reason);
		return 0;
	}
	if (err)
		return 0;
	err = copy_link(raw, RAW_SYS, rel);
	if (err)
		return err;
	vnet_strcpy(parent, real, sizeof(parent));
	slash = strrchr(parent, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	slash = strrchr(parent, '/');
	bdf = slash ? slash + 1 : parent;
	/* the parent: a virtio-mmio platform device, or a PCI function */
	if (!vnet_path(path, sizeof(path), "%s/bus/platform/devices/%s", raw->lx->sysfs, bdf) &&
	    lx_exists(raw->lx, path))
		vnet_path(rel, sizeof(rel), "bus/platform/devices/%s", bdf);
	else
		vnet_path(rel, sizeof(rel), "bus/pci/devices/%s", bdf);
	err = copy_link(raw, RAW_SYS, rel);
	if (!err)
		err = copy_files(raw, parent, parent_files, ARRAY_SIZE(parent_files));
	if (!err && !vnet_path(rel, sizeof(rel), "%s/driver", parent))
		err = copy_link(raw, RAW_SYS, rel);
	if (!err && !vnet_path(rel, sizeof(rel), "%s/msi_irqs", parent))
		err = copy_dir(raw, RAW_SYS, rel, 1);
	if (!err)
		err = copy_files(raw, real, virtio_files, ARRAY_SIZE(virtio_files));
	if (!err && !vnet_path(rel, sizeof(rel), "%s/driver", real))
		err = copy_link(raw, RAW_SYS, rel);
	if (!err && !vnet_path(rel, sizeof(rel), "%s/net", real))
		err = each_entry(raw, rel, copy_netdev, NULL);
	if (!err && !vnet_path(rel, sizeof(rel), "virtio/%s", name))
		err = copy_dir(raw, RAW_DEBUG, rel, 1);
	return err;
}

static const char keep_note[] =
	"git keeps no empty directory: this one says the guest had it, empty\n";

/* An empty directory is a fact (no PCI bus, no IOMMU): a member keeps it. */
static int keep_dir(struct raw *raw, const char *rel)
{
	char path[PATH_MAX], name[PATH_MAX];

	if (vnet_path(path, sizeof(path), "%s/%s", raw->lx->sysfs, rel) ||
	    !lx_is_dir(raw->lx, path) || vnet_path(name, sizeof(name), "raw/sys/%s/.keep", rel))
		return 0;
	return add_result(vnet_bundle_add(raw->w, name, keep_note, sizeof(keep_note) - 1));
}

/* One PCI function: vendor, ids and class (the host bridge), and MSI vectors. */
static int copy_pci_function(struct raw *raw, const char *dir, const char *name, void *data)
{
	static const char *const files[] = { "vendor", "device", "class" };
	char rel[PATH_MAX], real[PATH_MAX];
	int err;

	(void)data;
	if (vnet_path(rel, sizeof(rel), "%s/%s", dir, name))
		return 0;
	err = copy_link(raw, RAW_SYS, rel);
	if (err || sys_real(raw, rel, real, sizeof(real)))
		return err;
	err = copy_files(raw, real, files, ARRAY_SIZE(files));
	if (!err && !vnet_path(rel, sizeof(rel), "%s/msi_irqs", real))
		err = copy_dir(raw, RAW_SYS, rel, 1);
	return err;
}

/* Every PCI function; the directory kept even when empty (no PCI bus). */
static int copy_pci_functions(struct raw *raw)
{
	int err = keep_dir(raw, "bus/pci/devices");

	return err ? err : each_entry(raw, "bus/pci/devices", copy_pci_function, NULL);
}

/* ACPI tables: the 36-byte header only (signature, OEM id, OEM table id). */
static int acpi_header(struct raw *raw, const char *dir, const char *name, void *data)
{
	char rel[PATH_MAX], path[PATH_MAX];
	struct stat st;
	int fd;

	(void)data;
	if (vnet_path(rel, sizeof(rel), "%s/%s", dir, name) ||
	    vnet_path(path, sizeof(path), "%s/%s", raw->lx->sysfs, rel))
		return 0;
	fd = lx_open(raw->lx, path, O_PATH);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	close(fd);
	return copy_file_cap(raw, RAW_SYS, rel, 36);
}

static int iommu_link(struct raw *raw, const char *dir, const char *name, void *data)
{
	char rel[PATH_MAX];

	(void)data;
	if (vnet_path(rel, sizeof(rel), "%s/%s", dir, name))
		return 0;
	return copy_link(raw, RAW_SYS, rel);
}

/* /proc/interrupts, then the affinity of every IRQ it lists. */
static int copy_interrupts(struct raw *raw)
{
	static const char *const files[] = {
		"smp_affinity_list", "effective_affinity_list", "affinity_hint",
	};
	char path[PATH_MAX], rel[64];
	char *text, *line, *save = NULL;
	ssize_t n;
	int err;

	err = copy_file(raw, RAW_PROC, "interrupts");
	if (err || vnet_path(path, sizeof(path), "%s/interrupts", raw->lx->procfs))
		return err;
	n = lx_read_whole(raw->lx, path, raw->buf, RAW_FILE_MAX + 1);
	if (n < 0)
		return 0;
	/* raw->buf is reused by copy_file() below */
	text = strdup(raw->buf);
	if (!text)
		return vnet_oom(raw->ctx);
	for (line = strtok_r(text, "\n", &save); line && !err; line = strtok_r(NULL, "\n", &save)) {
		char *end;
		unsigned long irq;

		line += strspn(line, " ");
		irq = strtoul(line, &end, 10);
		if (end == line || *end != ':')
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(files) && !err; i++)
			if (!vnet_path(rel, sizeof(rel), "irq/%lu/%s", irq, files[i]))
				err = copy_file(raw, RAW_PROC, rel);
	}
	free(text);
	return err;
}

/* A whole regular file of a plain directory (a recording): bounded, never a FIFO. */
static int copy_recording(struct raw *raw, int dirfd, const char *file)
{
	char name[PATH_MAX];
	struct stat st;
	size_t got = 0;
	int fd = openat(dirfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), err;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > RAW_FILE_MAX ||
	    vnet_path(name, sizeof(name), "raw/netlink/%s", file)) {
		close(fd);
		return 0;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, raw->buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	err = vnet_bundle_add(raw->w, name, raw->buf, got);
	return add_result(err);
}

static bool recording_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 3 &&
	       (!strcmp(name + n - 3, ".nl") || (n > 4 && !strcmp(name + n - 4, ".bin")));
}

/* Every recording of @dir as raw/netlink/<file>; with @remove, emptied and removed. */
static int copy_recordings(struct raw *raw, const char *dir, bool remove)
{
	struct dirent **names;
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n, err = 0;

	if (dirfd < 0)
		return 0;
	n = scandirat(dirfd, ".", &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;

		if (!err && i < RECORDINGS_MAX && recording_name(e))
			err = copy_recording(raw, dirfd, e);
		if (remove && strcmp(e, ".") && strcmp(e, ".."))
			unlinkat(dirfd, e, 0);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	close(dirfd);
	if (remove)
		rmdir(dir);
	return err;
}

/*
 * The kernel's netlink and ethtool answers about the devices: recorded by a
 * second context reading the same roots (what "vnetctl show" and "stats"
 * ask), or, from a captured tree, the recordings it replays.
 */
static int copy_netlink(struct raw *raw, const struct vnet_dev_list *list)
{
	const char *tmp = getenv("TMPDIR");
	struct vnet_dev_list found = { 0 };
	struct vnet_system *sys;
	struct vnet_ctx *rec;
	char dir[PATH_MAX];
	int err;

	if (*raw->lx->replay)
		return copy_recordings(raw, raw->lx->replay, false);
	if (!raw->lx->netlink_allowed)
		return 0;
	if (vnet_path(dir, sizeof(dir), "%s/vnet-bundle-XXXXXX", tmp && *tmp ? tmp : "/tmp"))
		return vnet_set_error(raw->ctx, -ENAMETOOLONG, "TMPDIR: path too long");
	if (!mkdtemp(dir))
		return vnet_set_error(raw->ctx, -errno, "%s: cannot create a directory for the "
				      "netlink recordings: %s", dir, strerror(errno));
	rec = vnet_ctx_new();
	if (!rec) {
		rmdir(dir);
		return vnet_oom(raw->ctx);
	}
	err = vnet_ctx_set_param(rec, "linux.sysfs", raw->lx->sysfs);
	if (!err)
		err = vnet_ctx_set_param(rec, "linux.procfs", raw->lx->procfs);
	if (!err)
		err = vnet_ctx_set_param(rec, "linux.debugfs", raw->lx->debugfs);
	if (!err)
		err = vnet_ctx_set_param(rec, "linux.record", dir);
	if (!err)
		err = vnet_dev_list(rec, &found);
	if (err) {
		vnet_set_error(raw->ctx, err, "recording the netlink replies: %s",
			       vnet_ctx_error(rec));
		vnet_ctx_free(rec);
		copy_recordings(raw, dir, true);
		return err;
	}
	/* what the facts and one sample ask the kernel; failures are the model's */
	for (size_t i = 0; i < found.n; i++) {
		struct vnet_stats *st;
		struct vnet_sample *s;

		if (!in_list(list, found.devs[i]->virtio_name))
			continue;
		vnet_dev_fill(rec, found.devs[i], VNET_FILL_ALL);
		if (*found.devs[i]->ifname && !vnet_stats_open(rec, found.devs[i], &st)) {
			if (!vnet_stats_sample(st, &s))
				vnet_sample_free(s);
			vnet_stats_close(st);
		}
	}
	if (!vnet_system_get(rec, &sys))
		vnet_system_free(sys);
	vnet_dev_list_free(&found);
	vnet_ctx_free(rec);
	return copy_recordings(raw, dir, true);
}

static bool mentions(const char *line, const char *word)
{
	return *word && strstr(line, word);
}

/* Whether a kernel log line is about virtio or one of the devices. */
static bool relevant(const char *line, const struct vnet_dev_list *list)
{
	if (strstr(line, "virtio"))
		return true;
	for (size_t i = 0; i < list->n; i++) {
		const struct vnet_dev *dev = list->devs[i];

		if (mentions(line, dev->ifname) || mentions(line, dev->pci.slot) ||
		    mentions(line, dev->mmio.name))
			return true;
	}
	return false;
}

static int kernel_log(struct raw *raw, const struct vnet_dev_list *list)
{
	char *text = NULL, *log = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp;
	int size, n, err;

	fp = open_memstream(&text, &len);
	if (!fp)
		return vnet_oom(raw->ctx);
	if (strcmp(raw->lx->sysfs, "/sys")) {
		/* this machine's log says nothing about a captured tree */
		fprintf(fp, "kernel log not read: the sources are a captured tree (%s), not this "
			"machine\n", raw->lx->sysfs);
		goto done;
	}
	size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	if (size <= 0 || (unsigned int)size > KLOG_MAX)
		size = KLOG_MAX;
	log = malloc(size + 1);
	if (!log) {
		fclose(fp);
		free(text);
		return vnet_oom(raw->ctx);
	}
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, size);
	if (n < 0) {
		fprintf(fp, "kernel log unreadable: %s%s\n", strerror(errno),
			errno == EPERM ? " (kernel.dmesg_restrict: needs CAP_SYSLOG)" : "");
		goto done;
	}
	log[n] = '\0';
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (relevant(line, list))
			fprintf(fp, "%s\n", line);
done:
	free(log);
	if (fclose(fp)) {
		free(text);
		return vnet_oom(raw->ctx);
	}
	err = vnet_bundle_add(raw->w, "raw/kernel-log.txt", text, len);
	free(text);
	return err;
}

/* "label: first line of @rel below @root", or "unknown" */
static void version_line(struct raw *raw, FILE *fp, const char *label, enum raw_root root,
			 const char *rel)
{
	char path[PATH_MAX], buf[512];

	if (vnet_path(path, sizeof(path), "%s/%s", root_path(raw, root), rel) ||
	    lx_read_str(raw->lx, path, buf, sizeof(buf)))
		vnet_strcpy(buf, "unknown", sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	fprintf(fp, "%-23s %s\n", label, buf);
}

static int versions(struct raw *raw)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int err;

	if (!fp)
		return vnet_oom(raw->ctx);
	version_line(raw, fp, "kernel:", RAW_PROC, "version");
	version_line(raw, fp, "osrelease:", RAW_PROC, "sys/kernel/osrelease");
	version_line(raw, fp, "virtio_net version:", RAW_SYS, "module/virtio_net/version");
	version_line(raw, fp, "virtio_net srcversion:", RAW_SYS, "module/virtio_net/srcversion");
	fprintf(fp, "%-23s %s\n", "libvnet:", vnet_version());
	fprintf(fp, "%-23s %s\n", "vnetctl:", PACKAGE_VERSION);
	if (fclose(fp)) {
		free(text);
		return vnet_oom(raw->ctx);
	}
	err = vnet_bundle_add(raw->w, "raw/versions.txt", text, len);
	free(text);
	return err;
}

/* class/net/NAME/address of every interface, virtio or not */
static int netdev_mac(struct raw *raw, const char *dir, const char *name, void *r)
{
	char path[PATH_MAX], text[64];
	unsigned int b[6];
	uint8_t mac[6];
	char end;

	if (vnet_path(path, sizeof(path), "%s/%s/%s/address", raw->lx->sysfs, dir, name) ||
	    lx_read_str(raw->lx, path, text, sizeof(text)) ||
	    sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return vnet_redactor_add_mac(r, mac);
}

/* A host name and, when it has one, its domain. */
static int add_host_name(struct vnet_redactor *r, const char *name)
{
	const char *dot = strchr(name, '.');
	int err;

	if (!*name || !strcmp(name, "(none)") || !strcmp(name, "localhost"))
		return 0;
	err = vnet_redactor_add_name(r, name);
	if (!err && dot && dot[1])
		err = vnet_redactor_add_name(r, dot + 1);
	return err;
}

/* Every MAC, IP address and host name of the machine, for the redactor. */
static int secrets(struct raw *raw, struct vnet_redactor *r)
{
	struct ifaddrs *ifa, *i;
	struct utsname uts;
	char path[PATH_MAX], host[256];
	int err;

	err = each_entry(raw, "class/net", netdev_mac, r);
	if (err)
		return err;
	if (!getifaddrs(&ifa)) {
		for (i = ifa; i && !err; i = i->ifa_next) {
			const void *sa = i->ifa_addr;
			const struct sockaddr_in *in = sa;
			const struct sockaddr_in6 *in6 = sa;
			const struct sockaddr_ll *ll = sa;

			if (!sa)
				continue;
			if (in->sin_family == AF_INET)
				err = vnet_redactor_add_ip(r, AF_INET, &in->sin_addr);
			else if (in->sin_family == AF_INET6)
				err = vnet_redactor_add_ip(r, AF_INET6, &in6->sin6_addr);
			else if (in->sin_family == AF_PACKET && ll->sll_halen == 6)
				err = vnet_redactor_add_mac(r, ll->sll_addr);
		}
		freeifaddrs(ifa);
	}
	if (!err && !uname(&uts))
		err = add_host_name(r, uts.nodename);
	if (!err && !vnet_path(path, sizeof(path), "%s/sys/kernel/hostname", raw->lx->procfs) &&
	    !lx_read_str(raw->lx, path, host, sizeof(host)))
		err = add_host_name(r, host);
	return err;
}

int lx_collect(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
	       struct vnet_bundle_writer *w, struct vnet_redactor *r)
{
	static const char *const dmi[] = {
		"class/dmi/id/sys_vendor", "class/dmi/id/product_name",
		"class/dmi/id/product_version",
	};
	struct raw raw = { .ctx = ctx, .lx = lx_of(ctx), .w = w };
	int err = 0;

	if (!realpath(raw.lx->sysfs, raw.sys_real))
		return vnet_set_error(ctx, -errno, "%s: %s", raw.lx->sysfs, strerror(errno));
	raw.buf = malloc(RAW_FILE_MAX + 1);
	if (!raw.buf)
		return vnet_oom(ctx);
	if (r)
		err = secrets(&raw, r);
	for (size_t i = 0; i < list->n && !err; i++)
		if (*list->devs[i]->virtio_name)
			err = copy_virtio_device(&raw, list->devs[i]->virtio_name);
	if (!err)
		err = copy_pci_functions(&raw);
	if (!err)
		err = each_entry(&raw, "firmware/acpi/tables", acpi_header, NULL);
	if (!err)
		err = copy_file(&raw, RAW_PROC, "cpuinfo");
	if (!err)
		err = copy_file(&raw, RAW_SYS, "devices/system/cpu/online");
	if (!err)
		err = copy_file(&raw, RAW_SYS, "devices/system/cpu/possible");
	for (size_t i = 0; i < ARRAY_SIZE(dmi) && !err; i++)
		err = copy_file(&raw, RAW_SYS, dmi[i]);
	if (!err)
		err = keep_dir(&raw, "class/iommu");
	if (!err)
		err = each_entry(&raw, "class/iommu", iommu_link, NULL);
	if (!err)
		err = copy_interrupts(&raw);
	if (!err)
		err = copy_file(&raw, RAW_PROC, "iomem");
	if (!err)
		err = copy_file(&raw, RAW_PROC, "sys/kernel/osrelease");
	if (!err)
		err = copy_netlink(&raw, list);
	if (!err)
		err = kernel_log(&raw, list);
	if (!err)
		err = versions(&raw);
	free(raw.buf);
	return err;
}
