// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-netlink.c - rtnetlink, ethtool netlink, netdev netlink and ethtool
 * ioctl replies through the real callbacks
 *
 * The first byte of the input picks a recording of a copied fixture tree;
 * the rest replaces it.  The Linux backend replays it (lib/linux/nlio.c:
 * the recording's framing, mnl_cb_run2 and the control callbacks) into the
 * parsers of rtnl.c, ethtool.c, nlio.c's family lookup and stats.c, by
 * filling every group of the model and sampling the counters twice.
 */
#include "vnet/vnet.h"
#include "tree.h"

static const char *const recordings[] = {
	"netlink/rtnl-link-eth0.nl",
	"netlink/ethtool-channels-eth0.nl",
	"netlink/ethtool-rings-eth0.nl",
	"netlink/ethtool-coalesce-eth0.nl",
	"netlink/ethtool-features-eth0.nl",
	"netlink/ethtool-linkmodes-eth0.nl",
	"netlink/netdev-qstats-eth0.nl",
	"netlink/genl-family-ethtool.nl",
	"netlink/genl-family-netdev.nl",
	"netlink/ethtool-gsset-eth0.bin",
	"netlink/ethtool-gstrings-eth0.bin",
	"netlink/ethtool-gstats-eth0.bin",
};
#define N_RECORDINGS (sizeof(recordings) / sizeof(recordings[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tree_init("mq4-6.12");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_tree_put(recordings[data[0] % N_RECORDINGS], data + 1, size - 1);
	fuzz_tree_run(VNET_FILL_ALL & ~(VNET_FILL_PCI | VNET_FILL_QUEUES), 1);
	fuzz_tree_restore();
	return 0;
}
