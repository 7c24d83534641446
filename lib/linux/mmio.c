// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mmio.c - the virtio-mmio transport: register window, interrupt line, VendorID
 *
 * virtio_mmio exposes nothing of its registers in sysfs: the window is the
 * platform device's resource as /proc/iomem names it (addresses read as 0
 * without root), the line is the /proc/interrupts entry the driver names
 * after the virtio device (vm_find_vqs(): request_irq(..., dev_name(vdev))),
 * and VendorID is the virtio device's "vendor" attribute.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"


/*
 * "feb02e00-feb02fff : LNRO0005:00": the first line naming @name exactly (a
 * nested copy, "LNRO0005:00 LNRO0005:00" on 6.x, is the driver's request).
 */
int lx_mmio_parse_iomem(const char *text, const char *name, uint64_t *base, uint64_t *size)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *sep = strstr(p, " : ");
		const char *eol = strchr(p, '\n');
		uint64_t start, end;
		char *e;

		if (!sep || (eol && sep > eol))
			continue;
		if (strncmp(sep + 3, name, len) || (sep[3 + len] != '\n' && sep[3 + len] != '\0'))
			continue;
		while (*p == ' ')
			p++;
		start = strtoull(p, &e, 16);
		if (*e != '-')
			return -EINVAL;
		end = strtoull(e + 1, &e, 16);
		if (e != sep || end < start)
			return -EINVAL;
		/* unprivileged readers see every range as 00000000-00000000 */
		if (!start && !end)
			return -EPERM;
		*base = start;
		*size = end - start + 1;
		return 0;
	}
	return -ENOENT;
}

static void read_window(struct lx *lx, struct vnet_dev *dev)
{
	char path[PATH_MAX], *text;

	if (vnet_path(path, sizeof(path), "%s/iomem", lx->procfs))
		return;
	text = malloc(VNET_FILE_MAX);
	if (!text)
		return;
	if (lx_read_whole(lx, path, text, VNET_FILE_MAX) >= 0 &&
	    lx_mmio_parse_iomem(text, dev->mmio.name, &dev->mmio.base, &dev->mmio.size)) {
		dev->mmio.base = dev->mmio.size = VNET_UNKNOWN64;
	}
	free(text);
}

int lx_mmio_fill(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	struct lx_irq_table tab;
	char path[PATH_MAX];

	if (!vnet_dev_is_mmio(dev))
		return vnet_set_error(ctx, -ENODEV, "not a virtio-mmio device (bus %s)",
				      *dev->bus ? dev->bus : "unknown");
	if (vnet_path(path, sizeof(path), "%s/bus/virtio/devices/%s/vendor", lx->sysfs,
		      dev->virtio_name) ||
	    lx_read_u32(lx, path, &dev->mmio.vendor_id))
		dev->mmio.vendor_id = VNET_UNKNOWN;
	read_window(lx, dev);
	/* the line exists while the driver holds it: none when unbound */
	if (!lx_irq_read(ctx, &tab)) {
		for (size_t i = 0; i < tab.n; i++)
			if (!strcmp(tab.lines[i].name, dev->virtio_name))
				dev->mmio.irq = tab.lines[i].irq;
		lx_irq_table_free(&tab);
	}
	vnet_clear_error(ctx);
	return 0;
}
