// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysfs.c - small readers for sysfs/procfs attribute files
 *
 * Callers build paths below the backend's configurable roots, so a captured
 * fixture tree is read by exactly the same code as the live system.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux.h"

/* Read up to @len - 1 bytes and terminate; returns the length or -errno. */
ssize_t lx_read_file(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
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
	close(fd);
	buf[got] = '\0';
	return got;
}

/* One-line attribute without its trailing newline. */
int lx_read_str(const char *path, char *buf, size_t len)
{
	ssize_t n = lx_read_file(path, buf, len);

	if (n < 0)
		return n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* Decimal, or hex with 0x, as sysfs prints them. */
int lx_read_u64(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int err = lx_read_str(path, buf, sizeof(buf));

	if (err)
		return err;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int lx_read_u32(const char *path, uint32_t *val)
{
	uint64_t v;
	int err = lx_read_u64(path, &v);

	if (err)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

/* Last component of a symlink's target: ".../drivers/virtio_net" -> "virtio_net". */
int lx_link_base(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *base;

	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	return vnet_strcpy(buf, base, len) ? 0 : -ENAMETOOLONG;
}

/*
 * Name of the directory that contains what @path resolves to, e.g. the PCI
 * function "0000:00:03.0" for /sys/bus/virtio/devices/virtio0.  realpath()
 * resolves the relative sysfs links inside a fixture tree as well.
 */
int lx_readlink_parent(const char *path, char *buf, size_t len)
{
	char *real = realpath(path, NULL), *slash;
	int err = 0;

	if (!real)
		return -errno;
	slash = strrchr(real, '/');
	if (!slash || slash == real) {
		err = -ENOENT;
		goto out;
	}
	*slash = '\0';
	slash = strrchr(real, '/');
	if (!vnet_strcpy(buf, slash ? slash + 1 : real, len))
		err = -ENAMETOOLONG;
out:
	free(real);
	return err;
}
