// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * list.c - "vnetctl list": one line per virtio-net device
 */
#include "config.h"

#include <getopt.h>

#include "cli.h"

#define LIST_FILL (VNET_FILL_PCI | VNET_FILL_FEATURES | VNET_FILL_LINK | VNET_FILL_CHANNELS)

static int list_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (opt != 'n')
		return EXIT_USAGE;
	*(bool *)data = true;
	return CLI_OPTS_CONTINUE;
}

static int list_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_list = {
	.name = "list",
	.fn = list_main,
	.synopsis = "[-n|--names]",
	.summary = "one line per virtio-net device",
	.about = "One line per virtio-net device: interface, virtio device, PCI slot,\n"
		 "mode (legacy/transitional/modern), queues enabled/maximum, MTU and\n"
		 "link; the standby of a failover pair names its failover master.\n",
	.opts = (const struct cli_opt[]){
		{ 'n', "names", NULL, "only the names each device answers to, one per line" },
		{ 0 },
	},
	.dev = CLI_DEV_NONE,
};

static int list_main(struct cli *cli, int argc, char **argv)
{
	struct vnet_dev_list list;
	struct vnet_printer *p;
	const char *dev;
	bool names = false;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, list_opt, &names);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	if (dev)
		return cli_usage_error(cli, "list takes no device (use 'vnetctl show %s')", dev);
	/* --names is for completion: identity only, nothing slow */
	ret = cli_devices(cli, NULL, names ? 0 : LIST_FILL, &list);
	if (ret)
		return ret;
	p = cli_printer(cli);
	vnet_dev_list_print(p, &list, names);
	cli_printer_done(cli, p, false);
	vnet_dev_list_free(&list);
	return EXIT_OK;
}
