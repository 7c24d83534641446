// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysfs.c - small readers for sysfs/procfs/debugfs files
 *
 * Callers build paths below the backend's configurable roots, so a captured
 * fixture tree is read by exactly the same code as the live system.  A
 * captured tree is untrusted input: every open here resolves beneath the
 * root the path was built from (no symlink, absolute or "..", leaves it),
 * opens regular files only (a FIFO would block, a device never ends) and
 * reads a bounded number of bytes.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux.h"

const char *lx_strerror(int err)
{
	switch (err) {
	case -EXDEV:
		return "leads outside the tree root";
	case -LX_ENOTREG:
		return "not a regular file";
	case -EFBIG:
		return "file too large";
	}
	return strerror(-err);
}

/* The root @path was built from (the longest that prefixes it), -1 for none. */
static int root_of(const struct lx *lx, const char *path, size_t *len)
{
	const char *roots[LX_ROOTS] = { lx->sysfs, lx->procfs, lx->debugfs };
	int best = -1;

	*len = 0;
	for (int i = 0; i < LX_ROOTS; i++) {
		size_t n = strlen(roots[i]);

		while (n > 1 && roots[i][n - 1] == '/')
			n--;
		if (!n || strncmp(path, roots[i], n) || (path[n] != '/' && path[n]))
			continue;
		if (best < 0 || n > *len) {
			best = i;
			*len = n;
		}
	}
	return best;
}

static int root_fd(struct lx *lx, int i)
{
	const char *roots[LX_ROOTS] = { lx->sysfs, lx->procfs, lx->debugfs };

	if (lx->root_fd[i] <= 0) {
		int fd = open(roots[i], O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			return -errno;
		lx->root_fd[i] = fd;
	}
	return lx->root_fd[i];
}

void lx_roots_close(struct lx *lx)
{
	for (int i = 0; i < LX_ROOTS; i++) {
		if (lx->root_fd[i] > 0)
			close(lx->root_fd[i]);
		lx->root_fd[i] = 0;
	}
}

/* realpath() of @path, -EXDEV unless it is the root @root_path or below it. */
static int real_beneath(const char *root_path, const char *path, char *real)
{
	char root[PATH_MAX];
	size_t n;

	if (!realpath(root_path, root) || !realpath(path, real))
		return -errno;
	n = strlen(root);
	if (n == 1)
		return 0;	/* "/" */
	if (strncmp(real, root, n) || (real[n] != '/' && real[n]))
		return -EXDEV;
	return 0;
}

/*
 * @path opened with @flags, resolved beneath its root: openat2() with
 * RESOLVE_BENEATH (Linux 5.6), else the same promise from realpath().
 */
int lx_open(struct lx *lx, const char *path, int flags)
{
	static bool no_openat2;
	const char *roots[LX_ROOTS] = { lx->sysfs, lx->procfs, lx->debugfs };
	size_t len;
	int i = root_of(lx, path, &len), dir, fd;

	if (i < 0)
		return -EXDEV;
	if (!no_openat2) {
		struct open_how how = {
			.flags = (uint64_t)flags | O_CLOEXEC,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};
		const char *rel = path + len;

		while (*rel == '/')
			rel++;
		dir = root_fd(lx, i);
		if (dir < 0)
			return dir;
		fd = syscall(SYS_openat2, dir, *rel ? rel : ".", &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS && errno != EPERM)	/* EPERM: a seccomp filter */
			return -errno;
		no_openat2 = true;
	}
	{
		char real[PATH_MAX];
		int err = real_beneath(roots[i], path, real);

		if (err)
			return err;
		fd = open(real, flags | O_CLOEXEC | O_NOFOLLOW);
		return fd < 0 ? -errno : fd;
	}
}

/* A regular file beneath its root, for reading; never blocks on a FIFO. */
static int open_regular(struct lx *lx, const char *path, struct stat *st)
{
	int fd = lx_open(lx, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return fd;
	if (fstat(fd, st)) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return -LX_ENOTREG;
	}
	return fd;
}

/*
 * Up to @len - 1 bytes, terminated; with @whole, -EFBIG when the file holds
 * more (procfs and sysfs report no size: the extra byte is what tells).
 */
static ssize_t read_bounded(struct lx *lx, const char *path, char *buf, size_t len, bool whole)
{
	size_t got = 0;
	struct stat st;
	char extra;
	int fd = open_regular(lx, path, &st);

	if (fd < 0)
		return fd;
	if (whole && (uint64_t)st.st_size >= len) {
		close(fd);
		return -EFBIG;
	}
	while (got < len - 1) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		got += n;
	}
	if (whole && got == len - 1 && read(fd, &extra, 1) == 1) {
		close(fd);
		return -EFBIG;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* The first @len - 1 bytes (an attribute, the head of a file); returns the length or -errno. */
ssize_t lx_read_file(struct lx *lx, const char *path, char *buf, size_t len)
{
	return read_bounded(lx, path, buf, len, false);
}

/* The whole file into @buf, -EFBIG when it does not fit. */
ssize_t lx_read_whole(struct lx *lx, const char *path, char *buf, size_t len)
{
	return read_bounded(lx, path, buf, len, true);
}

/* A regular file beneath its root for streaming, at most @cap bytes by its size. */
int lx_open_file(struct lx *lx, const char *path, uint64_t cap)
{
	struct stat st;
	int fd = open_regular(lx, path, &st);

	if (fd >= 0 && (uint64_t)st.st_size > cap) {
		close(fd);
		return -EFBIG;
	}
	return fd;
}

bool lx_exists(struct lx *lx, const char *path)
{
	int fd = lx_open(lx, path, O_PATH);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool lx_is_dir(struct lx *lx, const char *path)
{
	int fd = lx_open(lx, path, O_PATH | O_DIRECTORY);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* opendir() beneath the root. */
DIR *lx_opendir(struct lx *lx, const char *path)
{
	int fd = lx_open(lx, path, O_RDONLY | O_DIRECTORY);
	DIR *d;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		int err = errno;

		close(fd);
		errno = err;
	}
	return d;
}

/* scandir() beneath the root; sets errno like it. */
int lx_scandir(struct lx *lx, const char *path, struct dirent ***names,
	       int (*filter)(const struct dirent *),
	       int (*cmp)(const struct dirent **, const struct dirent **))
{
	int fd = lx_open(lx, path, O_RDONLY | O_DIRECTORY), n, err;

	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	n = scandirat(fd, ".", names, filter, cmp);
	err = errno;
	close(fd);
	errno = err;
	return n;
}

/* One-line attribute without its trailing newline. */
int lx_read_str(struct lx *lx, const char *path, char *buf, size_t len)
{
	ssize_t n = lx_read_file(lx, path, buf, len);

	if (n < 0)
		return n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* Decimal, or hex with 0x, as sysfs prints them. */
int lx_read_u64(struct lx *lx, const char *path, uint64_t *val)
{
	char buf[64], *end;
	int err = lx_read_str(lx, path, buf, sizeof(buf));

	if (err)
		return err;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int lx_read_u32(struct lx *lx, const char *path, uint32_t *val)
{
	uint64_t v;
	int err = lx_read_u64(lx, path, &v);

	if (err)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

/*
 * Last component of a symlink's target: ".../drivers/virtio_net" ->
 * "virtio_net".  The link is read in its directory opened beneath the root,
 * and a target that resolves outside the root is no answer.
 */
int lx_link_base(struct lx *lx, const char *path, char *buf, size_t len)
{
	char target[PATH_MAX], dir[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base;
	ssize_t n;
	int fd;

	if (!slash || !vnet_strcpy(dir, path, sizeof(dir)))
		return -EINVAL;
	dir[slash - path] = '\0';
	fd = lx_open(lx, dir, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	n = readlinkat(fd, slash + 1, target, sizeof(target) - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	fd = lx_open(lx, path, O_PATH);
	if (fd >= 0)
		close(fd);
	else if (fd != -ENOENT)
		return fd;	/* out of the root, or a loop; a dangling link is fine */
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	return vnet_strcpy(buf, base, len) ? 0 : -ENAMETOOLONG;
}

/* realpath() of @path, -EXDEV when that is outside the root it was built from. */
int lx_realpath(struct lx *lx, const char *path, char *real)
{
	const char *roots[LX_ROOTS] = { lx->sysfs, lx->procfs, lx->debugfs };
	size_t len;
	int i = root_of(lx, path, &len);

	return i < 0 ? -EXDEV : real_beneath(roots[i], path, real);
}

/*
 * Name of the directory that contains what @path resolves to, e.g. the PCI
 * function "0000:00:03.0" for /sys/bus/virtio/devices/virtio0.  realpath()
 * resolves the relative sysfs links inside a fixture tree as well.
 */
int lx_readlink_parent(struct lx *lx, const char *path, char *buf, size_t len)
{
	char real[PATH_MAX], *slash;
	int err = lx_realpath(lx, path, real);

	if (err)
		return err;
	slash = strrchr(real, '/');
	if (!slash || slash == real)
		return -ENOENT;
	*slash = '\0';
	slash = strrchr(real, '/');
	if (!vnet_strcpy(buf, slash ? slash + 1 : real, len))
		return -ENAMETOOLONG;
	return 0;
}
