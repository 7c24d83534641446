// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * system.c - machine-wide facts the diagnosis needs: CPUs, MSI vectors, IOMMU
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"

#define PCI_VENDOR_REDHAT_QUMRANET 0x1af4

/* "0-3,6,8-9" -> 7; 0 for anything else */
uint32_t lx_cpulist_count(const char *list)
{
	uint32_t n = 0;
	const char *p = list;

	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p)
			return 0;
		if (*end == '-') {
			p = end + 1;
			b = strtoul(p, &end, 10);
			if (end == p || b < a)
				return 0;
		}
		n += b - a + 1;
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return 0;
		else
			break;
	}
	return n;
}

static unsigned int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void count_msi(struct lx *lx, struct vnet_system *sys)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (vnet_path(dir, sizeof(dir), "%s/bus/pci/devices", lx->sysfs))
		return;
	d = opendir(dir);
	if (!d)
		return;
	sys->msi_vectors = sys->virtio_msi_vectors = 0;
	while ((e = readdir(d))) {
		uint32_t vendor;
		unsigned int n;

		if (e->d_name[0] == '.')
			continue;
		if (vnet_path(path, sizeof(path), "%s/%s/msi_irqs", dir, e->d_name))
			continue;
		n = count_entries(path);
		sys->msi_vectors += n;
		if (vnet_path(path, sizeof(path), "%s/%s/vendor", dir, e->d_name) == 0 &&
		    lx_read_u32(path, &vendor) == 0 && vendor == PCI_VENDOR_REDHAT_QUMRANET)
			sys->virtio_msi_vectors += n;
	}
	closedir(d);
}

int lx_system(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], buf[256];

	if (!vnet_path(path, sizeof(path), "%s/sys/kernel/osrelease", lx->procfs))
		lx_read_str(path, sys->kernel, sizeof(sys->kernel));
	if (!vnet_path(path, sizeof(path), "%s/devices/system/cpu/online", lx->sysfs) &&
	    !lx_read_str(path, buf, sizeof(buf)) && lx_cpulist_count(buf))
		sys->online_cpus = lx_cpulist_count(buf);
	count_msi(lx, sys);
	/* SMBIOS: QEMU puts its machine type in product_version */
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/sys_vendor", lx->sysfs))
		lx_read_str(path, sys->vendor, sizeof(sys->vendor));
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/product_name", lx->sysfs))
		lx_read_str(path, sys->product, sizeof(sys->product));
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/product_version", lx->sysfs))
		lx_read_str(path, sys->machine, sizeof(sys->machine));
	/* registered IOMMUs (intel-iommu, amd-iommu, virtio-iommu) appear here */
	if (!vnet_path(path, sizeof(path), "%s/class/iommu", lx->sysfs)) {
		DIR *d = opendir(path);

		if (d) {
			closedir(d);
			sys->iommu = count_entries(path) ? VNET_TRI_YES : VNET_TRI_NO;
		}
	}
	return 0;
}
