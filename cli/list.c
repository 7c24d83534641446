// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * list.c - "vnetctl list": one line per virtio-net device
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

#define LIST_FILL (VNET_FILL_PCI | VNET_FILL_FEATURES | VNET_FILL_LINK | VNET_FILL_CHANNELS)

static void queues_text(const struct vnet_dev *dev, char *buf, size_t len)
{
	char a[16], b[16];

	if (!(dev->filled & VNET_FILL_CHANNELS)) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%s/%s", cli_u32(a, sizeof(a), dev->channels.combined),
		 cli_u32(b, sizeof(b), dev->channels.max_combined));
}

static const char *link_text(const struct vnet_dev *dev)
{
	if (!(dev->filled & VNET_FILL_LINK))
		return "?";
	if (dev->link.carrier == VNET_TRI_UNKNOWN)
		return *dev->link.operstate ? dev->link.operstate : "?";
	return dev->link.carrier == VNET_TRI_YES ? "up" : "down";
}

static const char *mode_text(const struct vnet_dev *dev)
{
	if (!(dev->filled & VNET_FILL_PCI))
		return *dev->bus ? dev->bus : "?";
	if (dev->pci.mode == VNET_MODE_UNKNOWN)
		return dev->pci.caps_state == VNET_CAPS_NEED_ROOT ? "?(need root)" : "?";
	return vnet_pci_mode_name(dev->pci.mode);
}

static void print_table(const struct vnet_dev_list *list)
{
	printf("%-15s %-9s %-13s %-13s %-7s %-6s %s\n", "IFNAME", "VIRTIO", "PCI", "MODE",
	       "QUEUES", "MTU", "LINK");
	for (size_t i = 0; i < list->n; i++) {
		const struct vnet_dev *dev = list->devs[i];
		char queues[32], mtu[16];

		queues_text(dev, queues, sizeof(queues));
		printf("%-15s %-9s %-13s %-13s %-7s %-6s %s\n",
		       *dev->ifname ? dev->ifname : "-", dev->virtio_name,
		       *dev->pci.slot ? dev->pci.slot : "-", mode_text(dev), queues,
		       dev->filled & VNET_FILL_LINK ? cli_u32(mtu, sizeof(mtu), dev->mtu.current) : "?",
		       link_text(dev));
	}
}

/* The list object is a subset of "show": identity, mode, queues, MTU, link. */
static struct json_object *list_json(const struct vnet_dev *dev)
{
	struct json_object *full = vnet_dev_to_json(dev), *o = json_object_new_object(), *v;
	static const char *const keys[] = {
		"ifname", "ifindex", "virtio", "driver", "bus", "channels", "mtu", "errors",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(full, keys[i], &v))
			json_object_object_add(o, keys[i], json_object_get(v));
	if (json_object_object_get_ex(full, "pci", &v) && v) {
		struct json_object *slot = NULL, *mode = NULL;

		json_object_object_get_ex(v, "slot", &slot);
		json_object_object_get_ex(v, "mode", &mode);
		json_object_object_add(o, "pci_slot", json_object_get(slot));
		json_object_object_add(o, "mode", json_object_get(mode));
	}
	if (json_object_object_get_ex(full, "link", &v) && v) {
		struct json_object *carrier = NULL;

		json_object_object_get_ex(v, "carrier", &carrier);
		json_object_object_add(o, "carrier", json_object_get(carrier));
	}
	json_object_put(full);
	return o;
}

/* Every name a device answers to, one per line: what completions offer. */
static void print_names(const struct vnet_dev_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct vnet_dev *dev = list->devs[i];

		if (*dev->ifname)
			printf("%s\n", dev->ifname);
		printf("%s\n", dev->virtio_name);
		if (*dev->pci.slot)
			printf("%s\n", dev->pci.slot);
	}
}

static int list_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (opt != 'n')
		return EXIT_USAGE;
	*(bool *)data = true;
	return CLI_OPTS_CONTINUE;
}

int list_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "Usage: vnetctl [-j] [-p] list [-n|--names]\n"
				    "\n"
				    "One line per virtio-net device: interface, virtio device, PCI slot,\n"
				    "mode (legacy/transitional/modern), queues enabled/maximum, MTU and\n"
				    "link.\n"
				    "  -n, --names   only the names each device answers to, one per line\n";
	static const struct option extra[] = {
		{ "names", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct vnet_dev_list list;
	const char *dev;
	bool names = false;
	int ret;

	ret = cli_parse_opts(cli, argc, argv, usage, extra, "n", list_opt, &names);
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
	if (names && !cli->json) {
		print_names(&list);
	} else if (cli->json) {
		struct json_object *arr = json_object_new_array();

		for (size_t i = 0; i < list.n; i++)
			json_object_array_add(arr, list_json(list.devs[i]));
		cli_json_print(cli, arr);
	} else if (list.n) {
		print_table(&list);
	} else {
		printf("no virtio-net devices\n");
	}
	vnet_dev_list_free(&list);
	return EXIT_OK;
}
