// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * watch.c - link events: which backend can tell that a netdev appeared,
 *           vanished or changed, so that front ends rescan only then
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "internal.h"

struct vnet_watch {
	struct vnet_ctx *ctx;
	const struct vnet_backend_ops *ops;
	void *priv;
};

VNET_EXPORT int vnet_watch_open(struct vnet_ctx *ctx, struct vnet_watch **out)
{
	struct vnet_watch *w;
	int err;

	*out = NULL;
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	if (!ctx->ops->watch_open)
		return vnet_set_error(ctx, -EOPNOTSUPP, "the %s backend has no link events",
				      ctx->ops->name);
	w = calloc(1, sizeof(*w));
	if (!w)
		return vnet_oom(ctx);
	err = ctx->ops->watch_open(ctx, &w->priv);
	if (err) {
		free(w);
		return err;
	}
	w->ctx = ctx;
	w->ops = ctx->ops;
	*out = w;
	return 0;
}

VNET_EXPORT int vnet_watch_fd(const struct vnet_watch *w)
{
	return w->ops->watch_fd(w->priv);
}

VNET_EXPORT int vnet_watch_changed(struct vnet_watch *w)
{
	return w->ops->watch_changed(w->ctx, w->priv);
}

VNET_EXPORT void vnet_watch_close(struct vnet_watch *w)
{
	if (!w)
		return;
	w->ops->watch_close(w->ctx, w->priv);
	free(w);
}
