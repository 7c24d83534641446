/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qmp.h - QEMU Machine Protocol client (host-side explain)
 */
#ifndef VNET_QMP_H
#define VNET_QMP_H

#include <stdbool.h>
#include <stddef.h>

#include "vnet/vnet.h"

struct json_object;
struct vnet_ctx;
struct vnet_qmp;

/* Connect to a QMP UNIX socket and negotiate capabilities. */
int vnet_qmp_open(struct vnet_ctx *ctx, const char *path, struct vnet_qmp **out);
/*
 * Run @command; @args is consumed; *@ret gets a reference to "return",
 * of whatever JSON type the peer sent: callers check it.  The whole
 * exchange ends within qmp.timeout (-ETIMEDOUT); events are skipped.
 */
int vnet_qmp_command(struct vnet_qmp *q, const char *command, struct json_object *args,
		     struct json_object **ret);
void vnet_qmp_close(struct vnet_qmp *q);
/* The context errors about @q's replies are reported in. */
struct vnet_ctx *vnet_qmp_ctx(const struct vnet_qmp *q);
/* The class of the last command's error reply ("CommandNotFound"), "" if none. */
const char *vnet_qmp_error_class(const struct vnet_qmp *q);
/*
 * 0 when the VM runs and is not migrating; else -EAGAIN (paused, stopped)
 * or -EBUSY (migrating) with the one-line reason (query-status, query-migrate).
 */
int vnet_qmp_check_running(struct vnet_qmp *q);


/* ---- QOM, shared by explain --qmp and the qmp backend ---- */

/* The QOM types of virtio-net this client knows: index, type name, fixed mode. */
const char *vnet_qmp_model_type(int model);
enum vnet_pci_mode vnet_qmp_model_mode(int model);	/* VNET_MODE_UNKNOWN: from disable-* */
bool vnet_qmp_model_mmio(int model);

/*
 * qom-get as the text QEMU's command line would use ("on", "10", an id);
 * -ENOENT when the property is absent, -EPROTO (explained) for a value with
 * characters QEMU does not put there (a "mac" is the caller's to check).
 */
int vnet_qmp_qom_get(struct vnet_qmp *q, const char *path, const char *name, char *out,
		     size_t size);
/* QEMU prints a MAC property as xx:xx:xx:xx:xx:xx (qdev_prop_macaddr). */
bool vnet_qmp_is_mac(const char *s);

/* "info network" (HMP) as a JSON string in *@text; -EPROTO when not a string. */
int vnet_qmp_info_network(struct vnet_qmp *q, struct json_object **text);
/* A netdev's type ("" unknown) and queue count (its lines) in "info network" @text. */
void vnet_qmp_netdev_info(const char *text, const char *id, char *type, size_t size,
			  unsigned int *queues);

/* A virtio-net device found in QOM. */
struct vnet_qmp_nic {
	char path[160];		/* "/machine/peripheral/net0" */
	char name[64];		/* QOM id, or "device[N]" under peripheral-anon */
	int model;		/* vnet_qmp_model_*() index */
	bool anonymous;		/* no id: under /machine/peripheral-anon */
};
/* More is not a VM: QEMU's PCI topology and memory stop far earlier. */
#define VNET_QMP_MAX_NICS 256u

/* The virtio-net devices under /machine/peripheral{,-anon}, in QOM order. */
int vnet_qmp_nics(struct vnet_qmp *q, struct vnet_qmp_nic **out, size_t *n);

#endif
