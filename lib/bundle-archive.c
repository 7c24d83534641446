// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bundle-archive.c - write and read support bundles (libarchive, sha256)
 *
 * STUB until the bundle-archive work lands: every call fails with -ENOSYS.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "bundle.h"

int vnet_bundle_read(struct vnet_ctx *ctx, const char *path, struct vnet_bundle_contents **out)
{
	*out = NULL;
	return vnet_set_error(ctx, -ENOSYS, "%s: reading bundles is not implemented yet", path);
}

const struct vnet_bundle_member *vnet_bundle_find(const struct vnet_bundle_contents *c,
						  const char *name)
{
	(void)c;
	(void)name;
	return NULL;
}

void vnet_bundle_contents_free(struct vnet_bundle_contents *c)
{
	free(c);
}

int vnet_bundle_writer_new(struct vnet_ctx *ctx, const char *path,
			   struct vnet_bundle_writer **out)
{
	*out = NULL;
	return vnet_set_error(ctx, -ENOSYS, "%s: writing bundles is not implemented yet", path);
}

int vnet_bundle_add(struct vnet_bundle_writer *w, const char *name, const void *data, size_t len)
{
	(void)w, (void)name, (void)data, (void)len;
	return -ENOSYS;
}

int vnet_bundle_add_link(struct vnet_bundle_writer *w, const char *name, const char *target)
{
	(void)w, (void)name, (void)target;
	return -ENOSYS;
}

void vnet_bundle_partial(struct vnet_bundle_writer *w, const char *reason)
{
	(void)w, (void)reason;
}

bool vnet_bundle_is_partial(const struct vnet_bundle_writer *w, const char **reason)
{
	(void)w;
	*reason = NULL;
	return false;
}

int vnet_bundle_commit(struct vnet_bundle_writer *w, struct vnet_redactor *r,
		       struct json_object *info)
{
	(void)w, (void)r, (void)info;
	return -ENOSYS;
}

void vnet_bundle_writer_free(struct vnet_bundle_writer *w)
{
	(void)w;
}
