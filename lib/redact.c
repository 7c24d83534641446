// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * redact.c - replace MACs, IP addresses and host names by consistent tokens
 *
 * STUB until the redaction work lands: every call fails with -ENOSYS.
 */
#include "config.h"

#include <errno.h>

#include "bundle.h"

int vnet_redactor_new(struct vnet_ctx *ctx, struct vnet_redactor **out)
{
	*out = NULL;
	return vnet_set_error(ctx, -ENOSYS, "redaction is not implemented yet");
}

int vnet_redactor_add_mac(struct vnet_redactor *r, const uint8_t mac[6])
{
	(void)r, (void)mac;
	return -ENOSYS;
}

int vnet_redactor_add_ip(struct vnet_redactor *r, int family, const void *addr)
{
	(void)r, (void)family, (void)addr;
	return -ENOSYS;
}

int vnet_redactor_add_name(struct vnet_redactor *r, const char *hostname)
{
	(void)r, (void)hostname;
	return -ENOSYS;
}

int vnet_redactor_apply(struct vnet_redactor *r, unsigned char **data, size_t *len)
{
	(void)r, (void)data, (void)len;
	return -ENOSYS;
}

void vnet_redactor_free(struct vnet_redactor *r)
{
	(void)r;
}
