// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * set.c - "vnetctl set": change a device's settings, all or nothing
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void reason(const struct cli *cli, const char *label, int err)
{
	const char *why = vnet_ctx_error(cli->ctx);

	cli_error(cli, "%s%s%s", label ? label : "", label ? ": " : "", *why ? why : strerror(-err));
}

int cli_plan(struct cli *cli, const char *label, struct vnet_dev *dev, const char *const *assign,
	     size_t n, struct vnet_plan **out)
{
	int err = vnet_plan_new(cli->ctx, dev, assign, n, out);

	if (!err)
		return EXIT_OK;
	reason(cli, label, err);
	/* -EINVAL: the assignment cannot be made; anything else is the system's */
	return err == -EINVAL ? EXIT_USAGE : EXIT_SYSTEM;
}

bool cli_plan_changes(const struct vnet_plan *plan)
{
	for (size_t i = 0; i < vnet_plan_size(plan); i++)
		if (vnet_plan_change(plan, i)->changes)
			return true;
	return false;
}

int cli_apply(struct cli *cli, const char *label, struct vnet_plan *plan)
{
	int err;

	/* nothing to do needs neither the privilege nor a writable backend */
	if (!cli_plan_changes(plan))
		return EXIT_OK;
	err = vnet_plan_apply(cli->ctx, plan);
	if (!err)
		return EXIT_OK;
	reason(cli, label, err);
	return EXIT_SYSTEM;
}

struct set_opts {
	bool dry_run;
	bool restart;
};

static int set_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct set_opts *o = data;

	(void)cli;
	(void)arg;
	if (opt == 'n')
		o->dry_run = true;
	else if (opt == 'r')
		o->restart = true;
	else
		return EXIT_USAGE;
	return CLI_OPTS_CONTINUE;
}

/* Before the device is looked for: the words are the library's, shared with vnettop. */
static int check_syntax(const struct cli *cli, const char *a)
{
	if (!vnet_assignment_check(cli->ctx, a))
		return EXIT_OK;
	return cli_usage_error(cli, "%s", vnet_ctx_error(cli->ctx));
}

static int set_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_set = {
	.name = "set",
	.fn = set_main,
	.synopsis = "[--dry-run] [--restart] DEV PROP=VALUE...",
	.summary = "change settings, all or nothing (--dry-run)",
	.about = "Change settings of a virtio-net device, all or nothing: every assignment\n"
		 "is checked first (range, type, feature bits, fixed offloads), then the\n"
		 "changes are made in a safe order, read back, and undone if a step fails.\n"
		 "PROP is a setting's name or alias; \"vnetctl get -l\" lists them all.\n"
		 "On Windows the NetKVM driver reads its keywords (TxCapacity, *JumboPacket,\n"
		 "...) only when the adapter starts: --restart restarts it after the writes;\n"
		 "without it the new values wait for the next restart (DebugLevel excepted:\n"
		 "it applies at once).\n",
	.opts = (const struct cli_opt[]){
		{ 'n', "dry-run", NULL, "print what would change, change nothing" },
		{ 'r', "restart", NULL, "NetKVM (Windows): restart the adapter after the writes "
			"so the driver reads them" },
		{ 0 },
	},
	.after = "Exit status: 0 applied (or nothing to change), 1 usage error or an\n"
		 "assignment that cannot be made, 2 system error (after rolling back).\n",
	.dev = CLI_DEV_FIRST,
};

static int set_main(struct cli *cli, int argc, char **argv)
{
	struct vnet_dev_list list;
	struct vnet_plan *plan;
	struct vnet_printer *p;
	struct set_opts o = { false, false };
	const char *dev;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, set_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	if (optind >= argc)
		return cli_usage_error(cli, "missing DEV and PROP=VALUE");
	dev = argv[optind++];
	if (strchr(dev, '='))
		return cli_usage_error(cli, "missing DEV before '%s'", dev);
	if (optind >= argc)
		return cli_usage_error(cli, "missing PROP=VALUE (vnetctl get --list lists them)");
	for (int i = optind; i < argc; i++) {
		ret = check_syntax(cli, argv[i]);
		if (ret)
			return ret;
	}
	ret = cli_one_device(cli, dev, VNET_FILL_ALL, &list);
	if (ret)
		return ret;
	ret = cli_plan(cli, NULL, list.devs[0], (const char *const *)argv + optind, argc - optind,
		       &plan);
	if (ret)
		goto out;
	vnet_plan_set_restart(plan, o.restart);
	if (!o.dry_run)
		ret = cli_apply(cli, NULL, plan);
	if (!ret) {
		p = cli_printer(cli);
		vnet_plan_print(p, plan, !o.dry_run);
		cli_printer_done(cli, p, false);
	}
	vnet_plan_free(plan);
out:
	vnet_dev_list_free(&list);
	return ret;
}
