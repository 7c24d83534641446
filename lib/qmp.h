/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qmp.h - QEMU Machine Protocol client (host-side explain)
 */
#ifndef VNET_QMP_H
#define VNET_QMP_H

struct json_object;
struct vnet_ctx;
struct vnet_qmp;

/* Connect to a QMP UNIX socket and negotiate capabilities. */
int vnet_qmp_open(struct vnet_ctx *ctx, const char *path, struct vnet_qmp **out);
/* Run @command; @args is consumed; *@ret gets a reference to "return". */
int vnet_qmp_command(struct vnet_qmp *q, const char *command, struct json_object *args,
		     struct json_object **ret);
void vnet_qmp_close(struct vnet_qmp *q);

#endif
