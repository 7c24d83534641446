// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * features.c - "vnetctl features": negotiated feature bits with meanings
 */
#include "config.h"

#include <getopt.h>

#include "cli.h"

struct features_opts {
	bool all;
};

static int features_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct features_opts *o = data;

	(void)cli;
	(void)arg;
	if (opt == 'a') {
		o->all = true;
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

/* The features group is all this command shows: without it, fail. */
static int features_describe(struct cli *cli, struct vnet_printer *p, struct vnet_dev *dev,
			     void *data)
{
	const char *why = vnet_dev_fill_error(dev, VNET_FILL_FEATURES);

	if (why) {
		cli_error(cli, "%s: %s", cli_dev_label(dev), why);
		return EXIT_SYSTEM;
	}
	vnet_dev_features_print(p, dev, ((struct features_opts *)data)->all);
	return EXIT_OK;
}

static int features_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_features = {
	.name = "features",
	.fn = features_main,
	.synopsis = "[DEV] [-a|--all]",
	.summary = "negotiated virtio feature bits, explained",
	.about = "The virtio feature bits the driver negotiated with the device, each with\n"
		 "its meaning and the QEMU -device virtio-net-pci property that controls it.\n",
	.opts = (const struct cli_opt[]){
		{ 'a', "all", NULL,
		  "list every known bit with on/off, not only the negotiated ones" },
		{ 0 },
	},
	.dev = CLI_DEV_OPTIONAL,
};

static int features_main(struct cli *cli, int argc, char **argv)
{
	struct features_opts o = { false };
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, features_opt, &o, VNET_FILL_FEATURES,
			&dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	return cli_report_devices(cli, &list, features_describe, &o);
}
