// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show.c - "vnetctl show": everything known about a device, grouped
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_GUEST = CLI_LONG_ONLY };

static int show_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	(void)cli;
	if (opt == OPT_GUEST)
		*(const char **)data = arg;
	return CLI_OPTS_CONTINUE;
}

/*
 * The host's view (--qmp) beside the guest's, read from FILE (a guest's
 * "vnetctl -j show" or a support bundle): each host device with the guest
 * device that has its MAC, then the guest devices no host device matched.
 */
static int show_guest(struct cli *cli, struct vnet_dev_list *host, const char *file)
{
	struct vnet_ctx *gctx = vnet_ctx_new();
	struct vnet_dev_list guest = { 0 };
	struct vnet_printer *p;
	bool *used;
	int ret = EXIT_OK;

	if (!gctx || vnet_ctx_set_param(gctx, "bundle.file", file) ||
	    vnet_dev_list(gctx, &guest)) {
		cli_error(cli, "--guest %s: %s", file, gctx ? vnet_ctx_error(gctx) : "out of memory");
		vnet_ctx_free(gctx);
		vnet_dev_list_free(host);
		return EXIT_SYSTEM;
	}
	used = calloc(guest.n ? guest.n : 1, sizeof(*used));
	if (!used) {
		cli_error(cli, "out of memory");
		ret = EXIT_SYSTEM;
		goto out;
	}
	for (size_t g = 0; g < guest.n; g++)
		vnet_dev_fill(gctx, guest.devs[g], VNET_FILL_ALL);
	p = cli_printer(cli);
	vnet_print_open_array(p, NULL);
	for (size_t h = 0; h < host->n; h++) {
		const struct vnet_dev *match = NULL;

		for (size_t g = 0; g < guest.n && !match; g++)
			if (!used[g] && vnet_dev_pair_join(host->devs[h], guest.devs[g])) {
				match = guest.devs[g];
				used[g] = true;
			}
		if (h)
			vnet_print_fp(p, "\n");
		vnet_dev_pair_print(p, host->devs[h], match);
	}
	for (size_t g = 0; g < guest.n; g++) {
		if (used[g])
			continue;
		if (host->n || g)
			vnet_print_fp(p, "\n");
		vnet_dev_pair_print(p, NULL, guest.devs[g]);
	}
	vnet_print_close(p);
	cli_printer_done(cli, p, false);
out:
	free(used);
	vnet_dev_list_free(&guest);
	vnet_ctx_free(gctx);
	vnet_dev_list_free(host);
	return ret;
}

static int show_describe(struct cli *cli, struct vnet_printer *p, struct vnet_dev *dev, void *data)
{
	vnet_dev_print_system(p, dev, data);
	return EXIT_OK;
}

static int show_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_show = {
	.name = "show",
	.fn = show_main,
	.synopsis = "[DEV]\n[DEV] --guest FILE",
	.summary = "everything known about a device",
	.about = "Everything known about a virtio-net device: PCI identity, mode and\n"
		 "virtio capabilities, MSI-X, negotiated features and status, link, MTU,\n"
		 "channels, rings, coalescing, interrupts per queue and offloads, and the\n"
		 "VMM behind them with the evidence that names it.\n"
		 "DEV is an interface (eth0), a virtio device (virtio1) or a PCI slot\n"
		 "(0000:00:03.0); without DEV every virtio-net device is shown.\n"
		 "On the host, over a VM's QMP socket (the global option), DEV is the QOM\n"
		 "id (net0), an anonymous device's QOM name (device[1]) or the MAC, and\n"
		 "QEMU's view is shown: virtqueue indices, vhost, offered and refused\n"
		 "features, the rx filter.\n",
	.opts = (const struct cli_opt[]){
		{ OPT_GUEST, "guest", "FILE",
		  "over QMP: beside the host's view, the guest's from FILE (its\n"
		  "vnetctl -j show output, or a support bundle), joined by MAC,\n"
		  "every fact where they disagree marked" },
		{ 0 },
	},
	.dev = CLI_DEV_OPTIONAL,
};

static int show_main(struct cli *cli, int argc, char **argv)
{
	struct vnet_system *sys = NULL;
	struct vnet_dev_list list;
	const char *dev, *guest = NULL;
	int ret;

	ret = cli_start(cli, argc, argv, show_opt, &guest, VNET_FILL_ALL, &dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	if (guest) {
		if (strcmp(vnet_ctx_backend(cli->ctx), "qmp")) {
			vnet_dev_list_free(&list);
			return cli_usage_error(cli, "--guest FILE goes with --qmp SOCKET (the host's "
					       "view to set beside the guest's)");
		}
		return show_guest(cli, &list, guest);
	}
	/* the VMM is the machine's: without it each device is still shown */
	if (vnet_system_get(cli->ctx, &sys))
		sys = NULL;
	ret = cli_report_devices(cli, &list, show_describe, sys);
	vnet_system_free(sys);
	return ret;
}
