// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * explain.c - "vnetctl explain": how the host probably started this device
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "cli.h"

static void print_props(const struct vnet_explanation *e, enum vnet_certainty c,
			const char *title)
{
	bool any = false;

	for (size_t i = 0; i < e->n; i++) {
		const struct vnet_prop *p = &e->props[i];

		if (p->certainty != c)
			continue;
		if (!any)
			printf("  %s\n", title);
		any = true;
		if (c == VNET_UNKNOWABLE)
			printf("    %-20s %s\n", p->name, p->reason);
		else
			printf("    %-20s %-10s %s%s\n", p->name, p->value, p->reason,
			       p->is_default ? " (default)" : "");
	}
}

static void print_explanation(const struct vnet_explanation *e)
{
	bool qmp = !strcmp(e->source, "qmp");

	if (qmp)
		printf("%s (%s):\n  %s\n  %s\n", e->device, e->qom_path, e->netdev_args,
		       e->device_args);
	else
		printf("%s:\n  %s\n  %s\n", e->device, e->netdev_args, e->device_args);
	print_props(e, VNET_CERTAIN, qmp ? "certain (read from QEMU):" : "certain (seen by the guest):");
	print_props(e, VNET_INFERRED, "inferred (deduced, with the reason):");
	print_props(e, VNET_UNKNOWABLE, qmp ? "unknown to this QEMU:" : "unknown from inside the guest:");
	printf("  libvirt:\n");
	for (const char *p = e->libvirt; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
}

static int explain(struct cli *cli, struct vnet_dev *dev, struct vnet_explanation **e)
{
	if (vnet_explain(cli->ctx, dev, e)) {
		cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

static struct json_object *explain_json(struct cli *cli, struct vnet_dev *dev, void *data)
{
	struct vnet_explanation *e;
	struct json_object *o;

	(void)data;
	if (explain(cli, dev, &e))
		return NULL;
	o = vnet_explanation_to_json(e);
	vnet_explanation_free(e);
	return o;
}

static int explain_text(struct cli *cli, struct vnet_dev *dev, void *data)
{
	struct vnet_explanation *e;

	(void)data;
	if (explain(cli, dev, &e))
		return EXIT_SYSTEM;
	print_explanation(e);
	vnet_explanation_free(e);
	return EXIT_OK;
}

struct explain_opts {
	const char *qmp;
	const char *from;
};

static int explain_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct explain_opts *o = data;
	struct stat st;

	switch (opt) {
	case 'Q':
		o->qmp = arg;
		return CLI_OPTS_CONTINUE;
	case 'F':
		if (stat(arg, &st)) {
			cli_error(cli, "--from %s: %s", arg, strerror(errno));
			return EXIT_USAGE;
		}
		/* a captured tree is what a bundle unpacks to */
		if (!S_ISDIR(st.st_mode))
			return cli_usage_error(cli, "--from %s: not a directory: bundle archives are "
					       "not read yet; unpack it and pass the directory", arg);
		if (vnet_ctx_set_param(cli->ctx, "linux.root", arg)) {
			cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
			return EXIT_SYSTEM;
		}
		o->from = arg;
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

/* Host side: every virtio-net-pci device of the VM behind a QMP socket. */
static int explain_qmp(struct cli *cli, const char *socket, const char *dev)
{
	struct vnet_explanation **e;
	struct json_object *arr;
	size_t n, shown = 0;

	if (vnet_explain_qmp(cli->ctx, socket, &e, &n)) {
		cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
		return EXIT_SYSTEM;
	}
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		if (dev && strcmp(dev, e[i]->device) && strcmp(dev, e[i]->qom_path))
			continue;
		if (cli->json) {
			json_object_array_add(arr, vnet_explanation_to_json(e[i]));
		} else {
			if (shown)
				putchar('\n');
			print_explanation(e[i]);
		}
		shown++;
	}
	vnet_explanations_free(e, n);
	if (cli->json)
		cli_json_print(cli, arr);
	else
		json_object_put(arr);
	if (dev && !shown) {
		cli_error(cli, "%s: no virtio-net-pci device of that QOM id or path", dev);
		return EXIT_USAGE;
	}
	if (!cli->json && !n)
		printf("no virtio-net-pci devices\n");
	return EXIT_OK;
}

int explain_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] explain [DEV] [--from DIR]\n"
		"       vnetctl [-j] [-p] explain --qmp SOCKET [ID]\n"
		"\n"
		"Reconstruct the QEMU -device virtio-net-pci and -netdev options, and the\n"
		"libvirt <interface> element, that give what this guest sees.  Each\n"
		"property is marked certain (seen directly), inferred (with the reason)\n"
		"or unknown (vhost, the backend type, ...).\n"
		"  --from DIR     explain a captured tree (sysfs/procfs/netlink) instead\n"
		"                 of this system\n"
		"  --qmp SOCKET   on the host: ask the VM's QEMU over its QMP socket\n"
		"                 (-qmp unix:SOCKET,server=on,wait=off); everything certain\n";
	static const struct option extra[] = {
		{ "qmp", required_argument, NULL, 'Q' },
		{ "from", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_report report = { explain_json, explain_text };
	struct explain_opts o = { NULL, NULL };
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, usage, extra, "", explain_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	if (o.qmp && o.from)
		return cli_usage_error(cli, "--qmp and --from exclude each other: one asks the "
				       "host, the other reads a captured guest");
	if (o.qmp)
		return explain_qmp(cli, o.qmp, dev);
	ret = cli_devices(cli, dev, VNET_FILL_ALL, &list);
	if (ret)
		return ret;
	return cli_report_devices(cli, &list, &report, NULL);
}
