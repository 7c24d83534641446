// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-pcicap.c - PCI configuration space: header, BARs, the capability list
 * walk and the virtio vendor capabilities (vnet_pci_parse_config), then what
 * the model derives from them (mode, notify capability)
 */
#include <stdlib.h>
#include <string.h>

#include "vnet/vnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy: ASan sees any read past what sysfs gave */
	uint8_t *cfg = malloc(size ? size : 1);
	struct vnet_pci pci;

	if (!cfg)
		abort();
	memcpy(cfg, data, size);
	memset(&pci, 0, sizeof(pci));
	if (!vnet_pci_parse_config(cfg, size, &pci)) {
		vnet_pci_classify(&pci, VNET_TRI_UNKNOWN);
		vnet_pci_classify(&pci, VNET_TRI_YES);
		vnet_pci_classify(&pci, VNET_TRI_NO);
		vnet_pci_notify_cap(&pci);
		vnet_caps_state_name(pci.caps_state);
	}
	free(cfg);
	return 0;
}
