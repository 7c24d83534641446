// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-status.c - the virtio status attribute and debugfs device_features
 * (the bits the device offered), read by the Linux backend from a copied
 * fixture tree in which both files hold the input
 */
#include <stdio.h>
#include <stdlib.h>

#include "vnet/vnet.h"
#include "tree.h"

#define DEV "sys/bus/virtio/devices/virtio0"
#define DEBUG "sys/kernel/debug/virtio/virtio0"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = fuzz_tree_init("mq4-6.12");
	char cmd[4200];

	(void)argc;
	(void)argv;
	/* no fixture has debugfs: an empty file, so that each input rewrites it in place */
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/" DEBUG "' && : > '%s/" DEBUG "/device_features'",
		 root, root);
	return system(cmd) ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_tree_put(DEV "/status", data, size);
	fuzz_tree_put(DEBUG "/device_features", data, size);
	fuzz_tree_run(VNET_FILL_FEATURES | VNET_FILL_PCI, 0);
	fuzz_tree_restore();
	return 0;
}
