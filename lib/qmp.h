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

#endif
