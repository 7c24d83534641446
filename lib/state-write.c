// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * state-write.c - the state document of a live model
 *
 * STUB until the state work lands.
 */
#include "config.h"

#include <errno.h>

#include "bundle.h"

int vnet_state_build(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
		     const struct vnet_system *sys, struct vnet_sample *const *const *samples,
		     const size_t *n_samples, struct json_object **doc)
{
	(void)list, (void)sys, (void)samples, (void)n_samples;
	*doc = NULL;
	return vnet_set_error(ctx, -ENOSYS, "state documents are not implemented yet");
}
