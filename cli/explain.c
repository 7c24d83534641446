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

static void print_text(const struct vnet_explanation *e)
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

int explain_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] explain [DEV]\n"
		"\n"
		"Reconstruct the QEMU -device virtio-net-pci and -netdev options, and the\n"
		"libvirt <interface> element, that give what this guest sees.  Each\n"
		"property is marked certain (seen directly), inferred (with the reason)\n"
		"or unknown (vhost, the backend type, ...).\n";
	struct vnet_dev_list list;
	struct json_object *arr = NULL;
	const char *dev;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, usage, NULL, "", NULL, NULL);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	ret = cli_devices(cli, dev, VNET_FILL_ALL, &list);
	if (ret)
		return ret;
	if (cli->json)
		arr = json_object_new_array();
	for (size_t i = 0; i < list.n; i++) {
		struct vnet_explanation e;
		int err = vnet_explain(cli->ctx, list.devs[i], &e);

		if (err) {
			cli_error(cli, "%s", vnet_ctx_error(cli->ctx));
			ret = EXIT_SYSTEM;
			break;
		}
		if (arr) {
			json_object_array_add(arr, vnet_explanation_to_json(&e));
		} else {
			if (i)
				putchar('\n');
			print_text(&e);
		}
		vnet_explanation_free(&e);
	}
	if (arr && !ret)
		cli_json_print(cli, arr);
	else
		json_object_put(arr);
	if (!list.n && !cli->json)
		printf("no virtio-net devices\n");
	vnet_dev_list_free(&list);
	return ret;
}
