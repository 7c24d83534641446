// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * features.c - "vnetctl features": negotiated feature bits with meanings
 */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include <json-c/json.h>

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

/*
 * The bits to list: every negotiated bit, plus with --all every known bit
 * (so that "off" is visible) and every offered one.
 */
static bool listed(const struct vnet_dev *dev, unsigned int bit, bool all)
{
	const struct vnet_features *f = &dev->features;

	if (bit < f->nbits && vnet_bit_test(f->negotiated, bit))
		return true;
	if (!all)
		return false;
	return vnet_feature_lookup(bit) || (f->offered_known && vnet_bit_test(f->offered, bit));
}

/* The features group is all this command shows: without it, fail. */
static bool readable(struct cli *cli, const struct vnet_dev *dev)
{
	const char *why = vnet_dev_fill_error(dev, VNET_FILL_FEATURES);

	if (why)
		cli_error(cli, "%s: %s", cli_dev_label(dev), why);
	return !why;
}

static struct json_object *dev_json(struct cli *cli, struct vnet_dev *dev, void *data)
{
	const struct vnet_features *f = &dev->features;
	bool all = ((struct features_opts *)data)->all;
	struct json_object *o, *arr;

	if (!readable(cli, dev))
		return NULL;
	o = json_object_new_object();
	arr = json_object_new_array();
	json_object_object_add(o, "ifname", *dev->ifname ? json_object_new_string(dev->ifname)
							  : NULL);
	json_object_object_add(o, "virtio", json_object_new_string(dev->virtio_name));
	json_object_object_add(o, "nbits", json_object_new_int(f->nbits));
	for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
		const struct vnet_feature_info *fi = vnet_feature_lookup(b);
		struct json_object *e;
		char name[16];

		if (!listed(dev, b, all))
			continue;
		snprintf(name, sizeof(name), "BIT_%u", b);
		e = json_object_new_object();
		json_object_object_add(e, "bit", json_object_new_int(b));
		json_object_object_add(e, "name", json_object_new_string(fi ? fi->name : name));
		json_object_object_add(e, "negotiated",
				       json_object_new_boolean(b < f->nbits &&
							       vnet_bit_test(f->negotiated, b)));
		json_object_object_add(e, "offered", f->offered_known ?
				       json_object_new_boolean(vnet_bit_test(f->offered, b)) : NULL);
		json_object_object_add(e, "meaning",
				       fi ? json_object_new_string(fi->meaning) : NULL);
		json_object_object_add(e, "qemu_property", fi && fi->qemu_property ?
				       json_object_new_string(fi->qemu_property) : NULL);
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "features", arr);
	return o;
}

static int dev_text(struct cli *cli, struct vnet_dev *dev, void *data)
{
	const struct vnet_features *f = &dev->features;
	bool all = ((struct features_opts *)data)->all;
	unsigned int count = 0;

	if (!readable(cli, dev))
		return EXIT_SYSTEM;
	for (unsigned int b = 0; b < f->nbits; b++)
		count += vnet_bit_test(f->negotiated, b);
	printf("%s (%s): %u of %u feature bits negotiated\n", cli_dev_label(dev),
	       dev->virtio_name, count, f->nbits);
	for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
		const struct vnet_feature_info *fi = vnet_feature_lookup(b);
		bool on = b < f->nbits && vnet_bit_test(f->negotiated, b);
		char name[16];

		if (!listed(dev, b, all))
			continue;
		snprintf(name, sizeof(name), "BIT_%u", b);
		if (all)
			printf("  %-3s", on ? "on" : "off");
		printf("  %3u  %-26s %s", b, fi ? fi->name : name,
		       fi ? fi->meaning : "not defined by the virtio specification");
		if (fi && fi->qemu_property)
			printf(" [%s]", fi->qemu_property);
		if (f->offered_known && !on && vnet_bit_test(f->offered, b))
			printf(" (offered, not accepted)");
		putchar('\n');
	}
	return EXIT_OK;
}

int features_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] features [DEV] [-a|--all]\n"
		"\n"
		"The virtio feature bits the driver negotiated with the device, each with\n"
		"its meaning and the QEMU -device virtio-net-pci property that controls it.\n"
		"  -a, --all   list every known bit with on/off, not only the negotiated ones\n";
	static const struct option extra[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_report report = { dev_json, dev_text };
	struct features_opts o = { false };
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, usage, extra, "a", features_opt, &o, VNET_FILL_FEATURES,
			&dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	return cli_report_devices(cli, &list, &report, &o);
}
