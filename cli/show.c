// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show.c - "vnetctl show": everything known about a device, grouped
 */
#include "config.h"

#include <getopt.h>

#include "cli.h"

static int show_describe(struct cli *cli, struct vnet_printer *p, struct vnet_dev *dev, void *data)
{
	vnet_dev_print_system(p, dev, data);
	return EXIT_OK;
}

static int show_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_show = {
	.name = "show",
	.fn = show_main,
	.synopsis = "[DEV]",
	.summary = "everything known about a device",
	.about = "Everything known about a virtio-net device: PCI identity, mode and\n"
		 "virtio capabilities, MSI-X, negotiated features and status, link, MTU,\n"
		 "channels, rings, coalescing, interrupts per queue and offloads, and the\n"
		 "VMM behind them with the evidence that names it.\n"
		 "DEV is an interface (eth0), a virtio device (virtio1) or a PCI slot\n"
		 "(0000:00:03.0); without DEV every virtio-net device is shown.\n",
	.dev = CLI_DEV_OPTIONAL,
};

static int show_main(struct cli *cli, int argc, char **argv)
{
	struct vnet_system *sys = NULL;
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, NULL, NULL, VNET_FILL_ALL, &dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	/* the VMM is the machine's: without it each device is still shown */
	if (vnet_system_get(cli->ctx, &sys))
		sys = NULL;
	ret = cli_report_devices(cli, &list, show_describe, sys);
	vnet_system_free(sys);
	return ret;
}
