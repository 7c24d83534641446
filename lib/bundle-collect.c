// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bundle-collect.c - vnet_bundle_collect(): everything about some devices
 *
 * STUB until the collection work lands.
 */
#include "config.h"

#include <errno.h>

#include "bundle.h"

VNET_EXPORT int vnet_bundle_collect(struct vnet_ctx *ctx, struct vnet_dev_list *list,
				    const char *path, const struct vnet_bundle_opts *opts,
				    struct vnet_bundle_result *res)
{
	(void)list, (void)opts, (void)res;
	return vnet_set_error(ctx, -ENOSYS, "%s: collecting bundles is not implemented yet", path);
}
