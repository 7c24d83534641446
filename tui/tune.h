/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tune.h - vnettop's tuning: validate, then apply after confirmation; no curses
 *
 * Everything goes through the property registry (vnet_plan_new()), as
 * "vnetctl set" does, so a refusal reads the same in both.  Every result is
 * the status line's text, which is what the tests look at.
 */
#ifndef VNETTOP_TUNE_H
#define VNETTOP_TUNE_H

#include <stddef.h>
#include <stdint.h>

struct vnet_ctx;
struct top_tune;

/*
 * @dev: the device as vnet_dev_find() takes it (its ifname, or its virtio
 *	 name without one); @ifindex tells it from a netdev that took the name
 *	 since (0: any)
 * @line: "PROP=VALUE ..." as "vnetctl set DEV" takes them, space separated
 * @msg: receives "<dev>: <reason>" (refused), "<dev>: nothing to change", or
 *	 "<dev>: <change summary>? [y/N]"
 * Return: 0 with *@out the change to confirm (NULL: nothing to change), or
 *	   -errno (-EINVAL: the assignment cannot be made) with *@out NULL.
 */
int top_tune_prepare(struct vnet_ctx *ctx, const char *dev, uint32_t ifindex, const char *line,
		     struct top_tune **out, char *msg, size_t size);
/*
 * Apply, all or nothing (vnet_plan_apply()); @msg receives
 * "<dev>: applied: <summary>" or "<dev>: failed: <reason>".
 * Return: 0 or -errno.
 */
int top_tune_apply(struct top_tune *t, char *msg, size_t size);
void top_tune_free(struct top_tune *t);

#endif /* VNETTOP_TUNE_H */
