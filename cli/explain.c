// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * explain.c - "vnetctl explain": how the host probably started this device
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

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
	printf("%s:\n  %s\n  %s\n", e->device, e->netdev_args, e->device_args);
	print_props(e, VNET_CERTAIN, "certain (seen by the guest):");
	print_props(e, VNET_INFERRED, "inferred (deduced, with the reason):");
	print_props(e, VNET_UNKNOWABLE, "unknown from inside the guest:");
	printf("  libvirt:\n");
	for (const char *p = e->libvirt; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
}

static int explain(struct cli *cli, struct vnet_dev *dev, struct vnet_explanation *e)
{
	if (vnet_explain(cli->ctx, dev, e)) {
		cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

static struct json_object *explain_json(struct cli *cli, struct vnet_dev *dev, void *data)
{
	struct vnet_explanation e;
	struct json_object *o;

	(void)data;
	if (explain(cli, dev, &e))
		return NULL;
	o = vnet_explanation_to_json(&e);
	vnet_explanation_free(&e);
	return o;
}

static int explain_text(struct cli *cli, struct vnet_dev *dev, void *data)
{
	struct vnet_explanation e;

	(void)data;
	if (explain(cli, dev, &e))
		return EXIT_SYSTEM;
	print_explanation(&e);
	vnet_explanation_free(&e);
	return EXIT_OK;
}

int explain_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] explain [DEV]\n"
		"\n"
		"Reconstruct the QEMU -device virtio-net-pci and -netdev options, and the\n"
		"libvirt <interface> element, that give what this guest sees.  Each\n"
		"property is marked certain (seen directly), inferred (with the reason)\n"
		"or unknown (vhost, the backend type, ...).\n";
	static const struct cli_report report = { explain_json, explain_text };
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, usage, NULL, "", NULL, NULL, VNET_FILL_ALL, &dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	return cli_report_devices(cli, &list, &report, NULL);
}
