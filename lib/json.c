// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * json.c - the device model as JSON (the contract documented in vnetctl(8))
 *
 * The JSON is the printer's JSON mode of the one description of "show" in
 * out-dev.c, so the text and the JSON cannot drift apart.
 */
#include "config.h"

#include <json-c/json.h>

#include "internal.h"

static void describe(struct vnet_printer *p, const void *dev)
{
	vnet_dev_print(p, dev);
}

VNET_EXPORT struct json_object *vnet_dev_to_json(const struct vnet_dev *dev)
{
	return vnet_print_json_of(describe, dev);
}

VNET_EXPORT const char *vnet_irq_mode_name(enum vnet_irq_mode mode)
{
	switch (mode) {
	case VNET_IRQ_MSIX_PER_QUEUE:
		return "msix-per-queue";
	case VNET_IRQ_MSIX_SHARED:
		return "msix-shared";
	case VNET_IRQ_INTX:
		return "intx";
	case VNET_IRQ_NONE:
		return "none";
	case VNET_IRQ_UNKNOWN:
		break;
	}
	return "unknown";
}
