// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * state.c - the state document's reader and the "bundle" backend
 *
 * STUB until the state work lands.
 */
#include "config.h"

#include <errno.h>

#include "bundle.h"

int vnet_state_attach(struct vnet_ctx *ctx, const char *text, size_t len, const char *origin)
{
	(void)text, (void)len;
	return vnet_set_error(ctx, -ENOSYS, "%s: not implemented yet", origin);
}

static void bundle_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "bundle.file", "", "VNET_FROM",
			  "read this support bundle instead of the live system (vnetctl --from)");
}

static int bundle_detect(struct vnet_ctx *ctx)
{
	return *vnet_param_get(ctx, "bundle.file") ? 0 : -ENODEV;
}

static int bundle_init(struct vnet_ctx *ctx)
{
	return vnet_set_error(ctx, -ENOSYS, "%s: reading bundles is not implemented yet",
			      vnet_param_get(ctx, "bundle.file"));
}

const struct vnet_backend_ops vnet_backend_bundle = {
	.name = "bundle",
	.help = "a support bundle (vnetctl bundle), read offline",
	.config = bundle_config,
	.detect = bundle_detect,
	.init = bundle_init,
	.offline = true,
};
