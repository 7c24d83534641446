// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * collect.c - the raw sources of the Linux backend, for support bundles
 *
 * STUB until the collection work lands.
 */
#include "config.h"

#include <errno.h>

#include "linux.h"
#include "../bundle.h"

int lx_collect(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
	       struct vnet_bundle_writer *w, struct vnet_redactor *r)
{
	(void)list, (void)w, (void)r;
	return vnet_set_error(ctx, -ENOSYS, "raw sources are not collected yet");
}
