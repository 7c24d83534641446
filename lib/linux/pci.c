// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pci.c - PCI identity and configuration space through libpci
 *
 * libpci's sysfs method is pointed at <linux.sysfs>/bus/pci, so a fixture
 * tree (captured "config", "vendor", ... files) is read like the live bus.
 * The decoding itself is the pure vnet_pci_parse_config().
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pci/pci.h>

#include "linux.h"

#define PCI_CONFIG_HEADER	64
#define PCI_CONFIG_SIZE		256
#define PCI_CONFIG_SPACE_MAX	4096	/* PCI Express extended configuration space */

/*
 * libpci reports fatal errors through a callback that must not return, and
 * its default one exits the process.  A library must do neither, so the
 * callback jumps back to the guarded call and the message becomes the
 * context's error.  The callback has no user pointer: thread-local state.
 */
static _Thread_local jmp_buf *pci_guard;
static _Thread_local char pci_msg[256];

static _Noreturn void pci_error_cb(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(pci_msg, sizeof(pci_msg), msg, ap);
	va_end(ap);
	if (pci_guard)
		longjmp(*pci_guard, 1);
	/* unreachable in practice: every libpci call below is guarded */
	abort();
}

static void pci_quiet_cb(char *msg, ...)
{
	(void)msg;
}

int lx_pci_init(struct vnet_ctx *ctx)
{
	struct lx *lx = lx_of(ctx);
	struct pci_access *pacc;
	char path[PATH_MAX];
	jmp_buf env;

	if (vnet_path(path, sizeof(path), "%s/bus/pci", lx->sysfs))
		return vnet_set_error(ctx, -ENAMETOOLONG, "sysfs root too long");
	pacc = pci_alloc();
	if (!pacc)
		return vnet_oom(ctx);
	pacc->error = pci_error_cb;
	pacc->warning = pci_quiet_cb;
	pacc->debug = pci_quiet_cb;
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	pci_guard = &env;
	if (setjmp(env)) {
		pci_guard = NULL;
		/* pci_cleanup() could hit the same failure; leak the half-made handle */
		return vnet_set_error(ctx, -EIO, "libpci: %s", pci_msg);
	}
	pci_set_param(pacc, "sysfs.path", path);
	pci_init(pacc);
	pci_guard = NULL;
	lx->pacc = pacc;
	return 0;
}

void lx_pci_cleanup(struct lx *lx)
{
	jmp_buf env;

	if (!lx->pacc)
		return;
	pci_guard = &env;
	if (!setjmp(env))
		pci_cleanup(lx->pacc);
	pci_guard = NULL;
	lx->pacc = NULL;
}

static int parse_slot(const char *slot, int *dom, int *bus, int *dev, int *fn)
{
	char tail;

	if (sscanf(slot, "%x:%x:%x.%x%c", dom, bus, dev, fn, &tail) != 4)
		return -EINVAL;
	return 0;
}

/*
 * The bridge above @slot: sysfs places each function in the directory of
 * the bridge it sits behind (devices/pci0000:00/0000:00:1c.0/0000:01:00.0);
 * a root bus's directory (pci0000:00) is no PCI function.
 */
static void parent_bridge(struct lx *lx, const char *slot, char *out, size_t size)
{
	char path[PATH_MAX], real[PATH_MAX], *base;
	int dom, bus, dev, fn;

	*out = '\0';
	if (vnet_path(path, sizeof(path), "%s/bus/pci/devices/%s", lx->sysfs, slot) ||
	    lx_realpath(lx, path, real))
		return;
	base = strrchr(real, '/');
	if (!base)
		return;
	*base = '\0';
	base = strrchr(real, '/');
	if (base && !parse_slot(base + 1, &dom, &bus, &dev, &fn))
		vnet_strcpy(out, base + 1, size);
}

/*
 * Read as much configuration space as we are allowed to: Linux truncates
 * reads by unprivileged users to the 64-byte header.
 */
static size_t read_config(struct pci_dev *pd, uint8_t *cfg)
{
	if (!pci_read_block(pd, 0, cfg, PCI_CONFIG_HEADER))
		return 0;
	if (!pci_read_block(pd, PCI_CONFIG_HEADER, cfg + PCI_CONFIG_HEADER,
			    PCI_CONFIG_SIZE - PCI_CONFIG_HEADER))
		return PCI_CONFIG_HEADER;
	return PCI_CONFIG_SIZE;
}

int lx_pci_fill(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX];
	uint8_t cfg[PCI_CONFIG_SIZE];
	volatile size_t len = 0;
	struct pci_dev *volatile pd = NULL;
	int dom, bus, slot, fn;
	jmp_buf env;

	if (strcmp(dev->bus, "pci"))
		return vnet_set_error(ctx, -ENODEV, "not a PCI device (bus %s)",
				      *dev->bus ? dev->bus : "unknown");
	if (parse_slot(dev->pci.slot, &dom, &bus, &slot, &fn))
		return vnet_set_error(ctx, -EINVAL, "bad PCI slot name '%s'", dev->pci.slot);
	/*
	 * libpci opens "config" itself, following any link and blocking on a
	 * FIFO: it only gets a regular file beneath the root.
	 */
	if (!vnet_path(path, sizeof(path), "%s/bus/pci/devices/%s/config", lx->sysfs,
		       dev->pci.slot)) {
		int fd = lx_open_file(lx, path, PCI_CONFIG_SPACE_MAX);

		if (fd >= 0)
			close(fd);
		else if (fd != -ENOENT)	/* libpci says it the usual way */
			return vnet_set_error(ctx, fd, "%s: %s", path, lx_strerror(fd));
	}
	if (!lx->pacc) {
		int err = lx_pci_init(ctx);

		if (err)
			return err;
	}
	pci_guard = &env;
	if (setjmp(env)) {
		pci_guard = NULL;
		return vnet_set_error(ctx, -EIO, "libpci: %s", pci_msg);
	}
	pd = pci_get_dev(lx->pacc, dom, bus, slot, fn);
	if (pd)
		len = read_config(pd, cfg);
	pci_guard = NULL;

	if (!pd || !len) {
		if (pd)
			pci_free_dev(pd);
		return vnet_set_error(ctx, -EIO, "cannot read PCI configuration space of %s",
				      dev->pci.slot);
	}
	vnet_pci_parse_config(cfg, len, &dev->pci);
	pci_free_dev(pd);
	parent_bridge(lx, dev->pci.slot, dev->pci.parent, sizeof(dev->pci.parent));
	return 0;
}
