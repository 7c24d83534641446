/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * props.h - what the property registry (lib/props.c) tells its printer
 * (lib/out-props.c) beyond the public struct vnet_tunable_info
 */
#ifndef VNET_PROPS_H
#define VNET_PROPS_H

#include <stdbool.h>
#include <stdint.h>

#include <vnet/vnet.h>

/* A NetKVM keyword's own facts (reference/netkvm.md 1.2, 1.3). */
struct vnet_netkvm_keyword {
	const char *keyword;		/* as the INF spells it: "*JumboPacket", "MTU" */
	int64_t drv_def, drv_min, drv_max;	/* the driver's fallback and accepted range */
	bool in_inf;			/* false: read by the driver, not in the INF (1.3) */
	bool numeric;			/* false: NetworkAddress (text) */
};

/* true and @out filled when @t is a NetKVM keyword */
bool vnet_tunable_netkvm(const struct vnet_tunable_info *t, struct vnet_netkvm_keyword *out);

/*
 * After vnet_plan_apply() of a plan with vnet_plan_set_restart(): true when
 * the adapter was restarted (or Windows defers it: @reboot, when not NULL,
 * then points to the reason, else to "").
 */
bool vnet_plan_restarted(const struct vnet_plan *plan, const char **reboot);

#endif
