// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * system.c - machine-wide facts the diagnosis needs: CPUs, MSI vectors, IOMMU,
 * and what a guest can see of its VMM (lib/vmm.c decides from it)
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static unsigned int count_entries(struct lx *lx, const char *dir)
{
	DIR *d = lx_opendir(lx, dir);
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
	d = lx_opendir(lx, dir);
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
		n = count_entries(lx, path);
		sys->msi_vectors += n;
		if (vnet_path(path, sizeof(path), "%s/%s/vendor", dir, e->d_name) == 0 &&
		    lx_read_u32(lx, path, &vendor) == 0 && vendor == PCI_VENDOR_REDHAT_QUMRANET)
			sys->virtio_msi_vectors += n;
	}
	closedir(d);
}

#define ACPI_HEADER_LEN		36
#define PCI_CLASS_HOST_BRIDGE	0x0600
#define VIRTIO_ID_NET		1
#define MAX_ENTRIES		256	/* of a directory read below an untrusted root */

/* Names of @dir sorted (the same order live and in a fixture), at most MAX_ENTRIES. */
static int sorted_entries(struct lx *lx, const char *dir, struct dirent ***names)
{
	int n = lx_scandir(lx, dir, names, NULL, alphasort);

	if (n < 0)
		return n;
	while (n > MAX_ENTRIES)
		free((*names)[--n]);
	return n;
}

static void free_entries(struct dirent **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * The 36-byte header of each table, nothing more: signature, OEM id and OEM
 * table id.  The files are mode 0400: as non-root, say so.  Only regular
 * files are read; a link is not followed (the root may be a foreign tree).
 */
static void read_acpi(struct lx *lx, struct vnet_vmm_facts *f)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent **names;
	unsigned int denied = 0;
	int n;

	if (vnet_path(dir, sizeof(dir), "%s/firmware/acpi/tables", lx->sysfs))
		return;
	n = sorted_entries(lx, dir, &names);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		struct vnet_acpi_header *h = &f->acpi_header[f->n_acpi];
		unsigned char raw[ACPI_HEADER_LEN];
		size_t got = 0;
		struct stat st;
		int fd;

		if (names[i]->d_name[0] == '.' ||
		    vnet_path(path, sizeof(path), "%s/%s", dir, names[i]->d_name) ||
		    lstat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		f->acpi_tables++;
		fd = lx_open(lx, path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
		if (fd < 0) {
			denied += fd == -EACCES || fd == -EPERM;
			continue;
		}
		while (got < sizeof(raw)) {
			ssize_t r = read(fd, raw + got, sizeof(raw) - got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		close(fd);
		if (got < sizeof(raw) || f->n_acpi >= VNET_ACPI_TABLES)
			continue;
		memcpy(h->signature, raw, sizeof(h->signature));
		memcpy(h->oem_id, raw + 10, sizeof(h->oem_id));
		memcpy(h->oem_table_id, raw + 16, sizeof(h->oem_table_id));
		memcpy(h->creator_id, raw + 28, sizeof(h->creator_id));
		f->n_acpi++;
	}
	free_entries(names, n);
	f->acpi = !f->n_acpi && denied ? VNET_ACPI_NEED_ROOT : VNET_ACPI_READ;
}

/* A PCI function's attribute, or VNET_UNKNOWN. */
static uint32_t pci_attr(struct lx *lx, const char *slot, const char *name)
{
	char path[PATH_MAX];
	uint32_t v;

	if (vnet_path(path, sizeof(path), "%s/bus/pci/devices/%s/%s", lx->sysfs, slot, name) ||
	    lx_read_u32(lx, path, &v))
		return VNET_UNKNOWN;
	return v;
}

static void read_pci(struct lx *lx, struct vnet_vmm_facts *f)
{
	char dir[PATH_MAX];
	struct dirent **names;
	unsigned int functions = 0;
	uint32_t class;
	int n;

	if (vnet_path(dir, sizeof(dir), "%s/bus/pci/devices", lx->sysfs))
		return;
	n = sorted_entries(lx, dir, &names);
	if (n < 0)
		return;		/* no PCI support, or not captured: unknown */
	for (int i = 0; i < n; i++)
		functions += names[i]->d_name[0] != '.';
	free_entries(names, n);
	f->pci = functions ? VNET_TRI_YES : VNET_TRI_NO;
	class = pci_attr(lx, "0000:00:00.0", "class");
	if (class != VNET_UNKNOWN && class >> 8 == PCI_CLASS_HOST_BRIDGE) {
		f->host_bridge_vendor = pci_attr(lx, "0000:00:00.0", "vendor");
		f->host_bridge_device = pci_attr(lx, "0000:00:00.0", "device");
	}
}

/* The parent of a virtio device is a virtio-mmio platform device (any name it has). */
static bool mmio_parent(struct lx *lx, const char *virtio, const char *parent)
{
	static const char *const prefixes[] = { "LNRO0005:", "virtio-mmio." };
	char path[PATH_MAX], base[64];
	size_t len = strlen(parent);

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(parent, prefixes[i], strlen(prefixes[i])))
			return true;
	if (len > 12 && !strcmp(parent + len - 12, ".virtio_mmio"))
		return true;	/* device tree: "a000000.virtio_mmio" */
	return !vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/../driver", lx->sysfs,
			  virtio) &&
	       !lx_link_base(lx, path, base, sizeof(base)) && !strcmp(base, "virtio-mmio");
}

/*
 * The ids of the first virtio-net PCI function, and the VendorID register of
 * the first virtio-mmio device (sysfs "vendor" of the virtio device).
 */
static void read_virtio(struct lx *lx, struct vnet_vmm_facts *f)
{
	char dir[PATH_MAX], path[PATH_MAX], parent[64], pci[PATH_MAX];
	struct dirent **names;
	int n;

	if (vnet_path(dir, sizeof(dir), "%s/bus/virtio/devices", lx->sysfs))
		return;
	n = sorted_entries(lx, dir, &names);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		uint32_t type, vendor;

		if (name[0] == '.' || vnet_path(path, sizeof(path), "%s/%s", dir, name) ||
		    lx_readlink_parent(lx, path, parent, sizeof(parent)))
			continue;
		if (!vnet_path(pci, sizeof(pci), "%s/bus/pci/devices/%s", lx->sysfs, parent) &&
		    lx_is_dir(lx, pci)) {
			if (f->net_vendor != VNET_UNKNOWN ||
			    vnet_path(path, sizeof(path), "%s/%s/device", dir, name) ||
			    lx_read_u32(lx, path, &type) || type != VIRTIO_ID_NET)
				continue;
			f->net_vendor = pci_attr(lx, parent, "vendor");
			f->net_device = pci_attr(lx, parent, "device");
			f->net_subsystem_vendor = pci_attr(lx, parent, "subsystem_vendor");
			f->net_subsystem_device = pci_attr(lx, parent, "subsystem_device");
			f->net_class = pci_attr(lx, parent, "class");
		} else if (f->mmio_vendor == VNET_UNKNOWN && mmio_parent(lx, name, parent) &&
			   !vnet_path(path, sizeof(path), "%s/%s/vendor", dir, name) &&
			   !lx_read_u32(lx, path, &vendor)) {
			f->mmio_vendor = vendor;
		}
	}
	free_entries(names, n);
}

/* The "hypervisor" word of the first "flags" line; unknown without one (not x86). */
static void read_cpu_flag(struct lx *lx, struct vnet_vmm_facts *f)
{
	char path[PATH_MAX], buf[8192];
	const char *line, *end;

	if (vnet_path(path, sizeof(path), "%s/cpuinfo", lx->procfs) ||
	    lx_read_file(lx, path, buf, sizeof(buf)) < 0)
		return;
	for (line = buf; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "flags", 5))
			continue;
		end = strchr(line, '\n');
		if (!end)
			return;		/* cut by the buffer: do not guess */
		f->hypervisor_flag = VNET_TRI_NO;
		for (const char *w = strstr(line, " hypervisor"); w && w < end;
		     w = strstr(w + 1, " hypervisor"))
			if (w[11] == ' ' || w[11] == '\n')
				f->hypervisor_flag = VNET_TRI_YES;
		return;
	}
}

int lx_system(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], buf[256];

	if (!vnet_path(path, sizeof(path), "%s/sys/kernel/osrelease", lx->procfs))
		lx_read_str(lx, path, sys->kernel, sizeof(sys->kernel));
	if (!vnet_path(path, sizeof(path), "%s/devices/system/cpu/online", lx->sysfs) &&
	    !lx_read_str(lx, path, buf, sizeof(buf)) && lx_cpulist_count(buf))
		sys->online_cpus = lx_cpulist_count(buf);
	count_msi(lx, sys);
	/* SMBIOS: QEMU puts its machine type in product_version */
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/sys_vendor", lx->sysfs))
		lx_read_str(lx, path, sys->vendor, sizeof(sys->vendor));
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/product_name", lx->sysfs))
		lx_read_str(lx, path, sys->product, sizeof(sys->product));
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id/product_version", lx->sysfs))
		lx_read_str(lx, path, sys->machine, sizeof(sys->machine));
	if (!vnet_path(path, sizeof(path), "%s/class/dmi/id", lx->sysfs) &&
	    !vnet_path(buf, sizeof(buf), "%s/class", lx->sysfs) && lx_is_dir(lx, buf))
		sys->dmi = lx_is_dir(lx, path) ? VNET_TRI_YES : VNET_TRI_NO;
	read_acpi(lx, &sys->vmm_facts);
	read_pci(lx, &sys->vmm_facts);
	read_virtio(lx, &sys->vmm_facts);
	read_cpu_flag(lx, &sys->vmm_facts);
	/* registered IOMMUs (intel-iommu, amd-iommu, virtio-iommu) appear here */
	if (!vnet_path(path, sizeof(path), "%s/class/iommu", lx->sysfs)) {
		DIR *d = lx_opendir(lx, path);

		if (d) {
			closedir(d);
			sys->iommu = count_entries(lx, path) ? VNET_TRI_YES : VNET_TRI_NO;
		}
	}
	return 0;
}
