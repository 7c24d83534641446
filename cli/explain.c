// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * explain.c - "vnetctl explain": how the host probably started this device
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int explain_describe(struct cli *cli, struct vnet_printer *p, struct vnet_dev *dev,
			    void *data)
{
	struct vnet_explanation *e;

	if (vnet_explain(cli->ctx, dev, &e)) {
		cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
		return EXIT_SYSTEM;
	}
	vnet_explanation_print(p, e);
	vnet_explanation_free(e);
	return EXIT_OK;
}

enum { OPT_QMP = CLI_LONG_ONLY, OPT_FROM };

struct explain_opts {
	const char *qmp;
	const char *from;
};

static int explain_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct explain_opts *o = data;
	struct stat st;

	switch (opt) {
	case OPT_QMP:
		o->qmp = arg;
		return CLI_OPTS_CONTINUE;
	case OPT_FROM:
		if (stat(arg, &st)) {
			cli_error(cli, "--from %s: %s", arg, strerror(errno));
			return EXIT_USAGE;
		}
		/* a captured tree is what a bundle unpacks to */
		if (!S_ISDIR(st.st_mode))
			return cli_usage_error(cli, "--from %s: not a directory: a support bundle is "
					       "read with the global option (vnetctl --from %s explain)",
					       arg, arg);
		o->from = arg;
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

/* Host side: every virtio-net-pci device of the VM behind a QMP socket. */
static int explain_qmp(struct cli *cli, const char *socket, const char *dev)
{
	struct vnet_explanation **e;
	struct vnet_printer *p;
	size_t n, shown = 0;

	if (vnet_explain_qmp(cli->ctx, socket, &e, &n)) {
		cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
		return EXIT_SYSTEM;
	}
	p = cli_printer(cli);
	vnet_print_open_array(p, NULL);
	for (size_t i = 0; i < n; i++) {
		if (dev && strcmp(dev, e[i]->device) && strcmp(dev, e[i]->qom_path))
			continue;
		if (shown)
			vnet_print_fp(p, "\n");
		vnet_explanation_print(p, e[i]);
		shown++;
	}
	vnet_print_close(p);
	vnet_explanations_free(e, n);
	if (!n && !dev)
		vnet_print_fp(p, "no virtio-net-pci devices\n");
	cli_printer_done(cli, p, false);
	if (dev && !shown) {
		cli_error(cli, "%s: no virtio-net-pci device of that QOM id or path", dev);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int explain_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_explain = {
	.name = "explain",
	.fn = explain_main,
	.synopsis = "[DEV] [--from DIR]\n--qmp SOCKET [ID]",
	.summary = "the QEMU options this device was started with",
	.about = "Reconstruct the QEMU -device virtio-net-pci and -netdev options, and the\n"
		 "libvirt <interface> element, that give what this guest sees; on Cloud\n"
		 "Hypervisor, Firecracker or crosvm their own configuration instead (a net\n"
		 "option line, the network-interface object).  Each property is marked\n"
		 "certain (seen directly), inferred (with the reason) or unknown (vhost,\n"
		 "the backend, ...).\n",
	.opts = (const struct cli_opt[]){
		{ OPT_FROM, "from", "DIR",
		  "explain a captured tree (sysfs/procfs/netlink) instead\n"
		  "of this system" },
		{ OPT_QMP, "qmp", "SOCKET",
		  "on the host: ask the VM's QEMU over its QMP socket\n"
		  "(-qmp unix:SOCKET,server=on,wait=off); everything certain" },
		{ 0 },
	},
	.dev = CLI_DEV_OPTIONAL,
};

/* the caller's -O parameters, for the context --from makes */
static int copy_param(const char *key, const char *value, const char *help, void *data)
{
	(void)help;
	if (value && *value)
		vnet_ctx_set_param(data, key, value);
	return 0;
}

/* the global --qmp's socket (qmp.socket, VNET_QMP), for explain's own --qmp */
static int find_qmp_socket(const char *key, const char *value, const char *help, void *data)
{
	(void)help;
	if (strcmp(key, "qmp.socket") || !value || !*value)
		return 0;
	*(const char **)data = value;
	return 1;
}

static int explain_main(struct cli *cli, int argc, char **argv)
{
	struct explain_opts o = { NULL, NULL };
	struct vnet_ctx *fresh = NULL;
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, explain_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	/* on the host (vnetctl --qmp SOCKET explain): QEMU's answer, not a guest's inference */
	if (!o.qmp)
		vnet_ctx_param_walk(cli->ctx, find_qmp_socket, &o.qmp);
	if (o.qmp && o.from)
		return cli_usage_error(cli, "--qmp and --from exclude each other: one asks the "
				       "host, the other reads a captured guest");
	if (o.qmp)
		return explain_qmp(cli, o.qmp, dev);
	if (o.from) {
		/*
		 * The tree is this command's: a context of its own, so that the
		 * shell's next command reads what it read before (and so that it
		 * works after a command has started the shared one).
		 */
		fresh = vnet_ctx_new();
		if (!fresh) {
			cli_error(cli, "out of memory");
			return EXIT_SYSTEM;
		}
		vnet_ctx_param_walk(cli->ctx, copy_param, fresh);
		if (vnet_ctx_set_param(fresh, "linux.root", o.from)) {
			cli_error(cli, "%s", vnet_ctx_error(fresh));
			vnet_ctx_free(fresh);
			return EXIT_SYSTEM;
		}
		cli->ctx = fresh;
	}
	ret = cli_devices(cli, dev, VNET_FILL_ALL, &list);
	if (!ret)
		ret = cli_report_devices(cli, &list, explain_describe, NULL);
	vnet_ctx_free(fresh);
	return ret;
}
