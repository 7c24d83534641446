// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * get.c - "vnetctl get": the settings of a device, their ranges and whether they can change
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int get_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (opt != 'l')
		return EXIT_USAGE;
	*(bool *)data = true;
	return CLI_OPTS_CONTINUE;
}

static int get_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_get = {
	.name = "get",
	.fn = get_main,
	.synopsis = "DEV [PROP...]\n--list",
	.summary = "settings, their ranges and why one cannot change",
	.about = "The settings of a virtio-net device that \"set\" can change: current value,\n"
		 "the range this device allows, the default, and whether it can be set here\n"
		 "(and if not, why: the missing feature bit and the QEMU option that gives it).\n"
		 "PROP is a setting's name or alias (Init.MTUSize, tx-tcp-segmentation, ...);\n"
		 "without PROP every setting is shown.  On a NetKVM (Windows) adapter the\n"
		 "settings are its INF keywords (TxCapacity, *JumboPacket, ...: the driver\n"
		 "key's value, else the INF default and what the driver itself uses) and the\n"
		 "shared settings that have a NetKVM meaning (mtu, rings, tx, rx, tso, mac).\n",
	.opts = (const struct cli_opt[]){
		{ 'l', "list", NULL, "every setting with its type and allowed values (no device)" },
		{ 0 },
	},
	.dev = CLI_DEV_FIRST,
};

static int get_main(struct cli *cli, int argc, char **argv)
{
	struct vnet_tunable_states *states;
	struct vnet_dev_list list;
	struct vnet_printer *p;
	bool list_only = false;
	const char *dev;
	int ret, err;

	ret = cli_parse_opts(cli, argc, argv, get_opt, &list_only);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	if (list_only) {
		if (optind < argc)
			return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		p = cli_printer(cli);
		vnet_tunables_print(p);
		cli_printer_done(cli, p, false);
		return EXIT_OK;
	}
	if (optind >= argc)
		return cli_usage_error(cli, "missing DEV (vnetctl list --names lists them)");
	dev = argv[optind++];
	ret = cli_one_device(cli, dev, VNET_FILL_ALL, &list);
	if (ret)
		return ret;
	err = vnet_get(cli->ctx, list.devs[0], (const char *const *)(argc > optind ?
								     argv + optind : NULL),
		       argc - optind, &states);
	if (err) {
		cli_error(cli, "%s", *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) :
								 strerror(-err));
		vnet_dev_list_free(&list);
		/* an unknown name is the user's mistake, the rest the system's */
		return err == -ENOENT ? EXIT_USAGE : EXIT_SYSTEM;
	}
	p = cli_printer(cli);
	vnet_tunable_states_print(p, states);
	cli_printer_done(cli, p, false);
	vnet_tunable_states_free(states);
	vnet_dev_list_free(&list);
	return EXIT_OK;
}
