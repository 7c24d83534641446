// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show.c - "vnetctl show": everything known about a device, grouped
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

#define LABEL_WIDTH 15
#define WRAP_COLUMN 96

static void label(const char *name)
{
	printf("    %-*s", LABEL_WIDTH, name);
}

static void unavailable(const struct vnet_dev *dev, unsigned int group, const char *what)
{
	const char *why = vnet_dev_fill_error(dev, group);

	label(what);
	printf("unavailable: %s\n", why ? why : "not read");
}

/* Words after a label, wrapped under the label's value column. */
struct wrap {
	int col;
	bool any;
};

static void wrap_word(struct wrap *w, const char *word)
{
	int len = strlen(word);
	int indent = 4 + LABEL_WIDTH;

	if (w->any && w->col + 1 + len > WRAP_COLUMN) {
		printf("\n%*s", indent, "");
		w->col = indent;
	} else if (w->any) {
		putchar(' ');
		w->col++;
	} else {
		w->col = indent;
	}
	fputs(word, stdout);
	w->col += len;
	w->any = true;
}

static void wrap_end(struct wrap *w)
{
	if (!w->any)
		fputs("none", stdout);
	putchar('\n');
}

static void show_caps(const struct vnet_pci *pci)
{
	label("virtio caps");
	switch (pci->caps_state) {
	case VNET_CAPS_NEED_ROOT:
		printf("need root (config space beyond 64 bytes is readable by root only)\n");
		return;
	case VNET_CAPS_LOOP:
		printf("capability list loops back on itself; showing what was read\n");
		label("");
		break;
	case VNET_CAPS_TRUNCATED:
		printf("capability list is truncated or corrupt; showing what was read\n");
		label("");
		break;
	default:
		break;
	}
	if (!pci->n_virtio_caps) {
		printf("none\n");
		return;
	}
	for (unsigned int i = 0; i < pci->n_virtio_caps; i++) {
		const struct vnet_virtio_cap *c = &pci->virtio_caps[i];
		const char *name = vnet_virtio_cap_name(c->cfg_type);
		char type[24];

		if (name)
			snprintf(type, sizeof(type), "%s", name);
		else
			snprintf(type, sizeof(type), "type-%u", c->cfg_type);
		if (i)
			label("");
		printf("[%02x] %-13s bar %u  offset 0x%-6" PRIx64 " length 0x%" PRIx64,
		       c->position, type, c->bar, c->offset, c->length);
		if (c->cfg_type == VNET_CAP_NOTIFY && c->notify_off_multiplier != VNET_UNKNOWN)
			printf("  multiplier %u", c->notify_off_multiplier);
		putchar('\n');
	}
}

static void show_pci(const struct vnet_dev *dev)
{
	const struct vnet_pci *pci = &dev->pci;

	printf("  PCI\n");
	if (!(dev->filled & VNET_FILL_PCI)) {
		unavailable(dev, VNET_FILL_PCI, "pci");
		return;
	}
	label("ids");
	printf("%04x:%04x rev %u, subsystem %04x:%04x, class %06x\n", pci->vendor_id,
	       pci->device_id, pci->revision, pci->subsystem_vendor_id, pci->subsystem_id,
	       pci->class_code);
	label("mode");
	if (pci->mode != VNET_MODE_UNKNOWN)
		printf("%s\n", vnet_pci_mode_name(pci->mode));
	else if (pci->caps_state == VNET_CAPS_NEED_ROOT)
		printf("unknown (need root to read the capabilities)\n");
	else
		printf("unknown\n");
	label("MSI-X");
	if (pci->msix_present == VNET_TRI_YES)
		printf("%u vectors, %s\n", pci->msix_table_size,
		       pci->msix_enabled == VNET_TRI_YES ? "enabled" : "disabled");
	else if (pci->msix_present == VNET_TRI_NO)
		printf("none\n");
	else
		printf("unknown (need root)\n");
	show_caps(pci);
}

static void show_virtio(const struct vnet_dev *dev)
{
	const struct vnet_features *f = &dev->features;
	const struct vnet_status_info *s;
	struct wrap w = { 0, false };
	unsigned int count = 0;

	printf("  Virtio\n");
	if (!(dev->filled & VNET_FILL_FEATURES)) {
		unavailable(dev, VNET_FILL_FEATURES, "features");
		return;
	}
	label("status");
	if (dev->status == VNET_UNKNOWN) {
		printf("unknown\n");
	} else {
		printf("0x%02x", dev->status);
		for (size_t i = 0; (s = vnet_status_at(i)); i++)
			if (dev->status & s->mask)
				printf(" %s", s->name);
		putchar('\n');
	}
	for (unsigned int b = 0; b < f->nbits; b++)
		count += vnet_bit_test(f->negotiated, b);
	label("features");
	printf("%u of %u bits:", count, f->nbits);
	w.col = 4 + LABEL_WIDTH + 20;
	w.any = true;
	for (unsigned int b = 0; b < f->nbits; b++) {
		const struct vnet_feature_info *fi;
		char name[16];

		if (!vnet_bit_test(f->negotiated, b))
			continue;
		fi = vnet_feature_lookup(b);
		snprintf(name, sizeof(name), "BIT_%u", b);
		wrap_word(&w, fi ? fi->name : name);
	}
	putchar('\n');
	if (f->offered_known) {
		label("offered");
		w.any = false;
		for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
			const struct vnet_feature_info *fi;
			char name[16];

			if (!vnet_bit_test(f->offered, b))
				continue;
			fi = vnet_feature_lookup(b);
			snprintf(name, sizeof(name), "BIT_%u", b);
			wrap_word(&w, fi ? fi->name : name);
		}
		wrap_end(&w);
	}
}

static void show_link(const struct vnet_dev *dev)
{
	const struct vnet_link *l = &dev->link;
	char buf[16];

	printf("  Link\n");
	if (!(dev->filled & VNET_FILL_LINK)) {
		unavailable(dev, VNET_FILL_LINK, "link");
		return;
	}
	label("state");
	printf("%s, carrier %s\n", *l->operstate ? l->operstate : "unknown",
	       l->carrier == VNET_TRI_YES ? "on" : l->carrier == VNET_TRI_NO ? "off" : "unknown");
	label("speed");
	if (l->speed_mbps != VNET_UNKNOWN)
		printf("%u Mb/s, %s duplex\n", l->speed_mbps,
		       l->duplex == VNET_DUPLEX_FULL ? "full" :
		       l->duplex == VNET_DUPLEX_HALF ? "half" : "unknown");
	else
		printf("unknown%s\n", vnet_dev_has_feature(dev, 63) == VNET_TRI_NO ?
				      " (SPEED_DUPLEX not negotiated)" : "");
	label("mac");
	printf("%s", *l->mac ? l->mac : "unknown");
	if (*l->permanent_mac && strcmp(l->permanent_mac, l->mac))
		printf(" (permanent %s)", l->permanent_mac);
	putchar('\n');
	label("mtu");
	printf("%s", cli_u32(buf, sizeof(buf), dev->mtu.current));
	printf(" (min %s", cli_u32(buf, sizeof(buf), dev->mtu.min));
	printf(", max %s)\n", cli_u32(buf, sizeof(buf), dev->mtu.max));
	label("tx queue len");
	printf("%s\n", cli_u32(buf, sizeof(buf), l->tx_queue_len));
}

static void show_irq_cpus(const struct vnet_irq *irq, char *buf, size_t len)
{
	if (!*irq->affinity) {
		snprintf(buf, len, "-");
		return;
	}
	if (*irq->effective && strcmp(irq->effective, irq->affinity))
		snprintf(buf, len, "%s>%s", irq->affinity, irq->effective);
	else
		snprintf(buf, len, "%s", irq->affinity);
}

static void show_queue_table(const struct vnet_dev *dev)
{
	bool irqs = dev->filled & VNET_FILL_IRQS, qs = dev->filled & VNET_FILL_QUEUES;

	if (!dev->n_queues)
		return;
	printf("    %-6s %-8s %-7s %-10s %-7s %-10s %-10s %-10s %s\n", "queue", "state", "rx-irq",
	       "rx-cpus", "tx-irq", "tx-cpus", "xps", "rps", "bql-limit");
	for (unsigned int i = 0; i < dev->n_queues; i++) {
		const struct vnet_queue *q = &dev->queues[i];
		char rxi[16] = "-", txi[16] = "-", rxc[140] = "-", txc[140] = "-", bql[24] = "-";

		if (irqs) {
			cli_u32(rxi, sizeof(rxi), q->rx_irq.irq);
			cli_u32(txi, sizeof(txi), q->tx_irq.irq);
			show_irq_cpus(&q->rx_irq, rxc, sizeof(rxc));
			show_irq_cpus(&q->tx_irq, txc, sizeof(txc));
		}
		if (qs && q->bql_limit != VNET_UNKNOWN64)
			snprintf(bql, sizeof(bql), "%" PRIu64, q->bql_limit);
		printf("    %-6u %-8s %-7s %-10s %-7s %-10s %-10s %-10s %s\n", q->index,
		       q->active ? "active" : "inactive", rxi, rxc, txi, txc,
		       qs && *q->xps_cpus ? q->xps_cpus : "-",
		       qs && *q->rps_cpus ? q->rps_cpus : "-", bql);
	}
}

static void show_queues(const struct vnet_dev *dev)
{
	char a[16], b[16], c[16], d[16];

	printf("  Queues\n");
	if (dev->filled & VNET_FILL_CHANNELS) {
		label("channels");
		printf("%s combined of %s maximum\n",
		       cli_u32(a, sizeof(a), dev->channels.combined),
		       cli_u32(b, sizeof(b), dev->channels.max_combined));
	} else {
		unavailable(dev, VNET_FILL_CHANNELS, "channels");
	}
	if (dev->filled & VNET_FILL_RINGS) {
		label("rings");
		printf("rx %s of %s, tx %s of %s\n", cli_u32(a, sizeof(a), dev->rings.rx),
		       cli_u32(b, sizeof(b), dev->rings.rx_max), cli_u32(c, sizeof(c), dev->rings.tx),
		       cli_u32(d, sizeof(d), dev->rings.tx_max));
	} else {
		unavailable(dev, VNET_FILL_RINGS, "rings");
	}
	if (dev->filled & VNET_FILL_COALESCE) {
		const struct vnet_coalesce *co = &dev->coalesce;

		label("coalescing");
		printf("rx %s us/%s frames, tx %s us/%s frames, adaptive rx %s\n",
		       cli_u32(a, sizeof(a), co->rx_usecs), cli_u32(b, sizeof(b), co->rx_frames),
		       cli_u32(c, sizeof(c), co->tx_usecs), cli_u32(d, sizeof(d), co->tx_frames),
		       co->adaptive_rx == VNET_TRI_YES ? "on" :
		       co->adaptive_rx == VNET_TRI_NO ? "off" : "n/a");
	} else {
		unavailable(dev, VNET_FILL_COALESCE, "coalescing");
	}
	if (dev->filled & VNET_FILL_IRQS) {
		const struct vnet_irqs *irq = &dev->irqs;

		label("interrupts");
		printf("%s, %s MSI-X vectors in use", vnet_irq_mode_name(irq->mode),
		       cli_u32(a, sizeof(a), irq->vectors_used));
		if (irq->config.irq != VNET_UNKNOWN)
			printf(", config irq %u", irq->config.irq);
		if (irq->shared.irq != VNET_UNKNOWN)
			printf(", %s irq %u",
			       irq->mode == VNET_IRQ_INTX ? "line" : "shared", irq->shared.irq);
		putchar('\n');
	} else {
		unavailable(dev, VNET_FILL_IRQS, "interrupts");
	}
	if (!(dev->filled & VNET_FILL_QUEUES) && dev->failed & VNET_FILL_QUEUES)
		unavailable(dev, VNET_FILL_QUEUES, "queue details");
	show_queue_table(dev);
}

static void show_offloads(const struct vnet_dev *dev)
{
	static const struct {
		const char *label;
		bool active, fixed;
	} rows[] = {
		{ "on", true, false },
		{ "on, fixed", true, true },
		{ "off", false, false },
	};

	printf("  Offloads\n");
	if (!(dev->filled & VNET_FILL_OFFLOADS)) {
		unavailable(dev, VNET_FILL_OFFLOADS, "offloads");
		return;
	}
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct wrap w = { 0, false };

		label(rows[r].label);
		for (unsigned int i = 0; i < dev->n_offloads; i++) {
			const struct vnet_offload *o = &dev->offloads[i];

			if (o->active == rows[r].active && (o->fixed == rows[r].fixed || !o->active))
				wrap_word(&w, o->name);
		}
		wrap_end(&w);
	}
}

static int show_text(struct cli *cli, struct vnet_dev *dev, void *data)
{
	(void)cli;
	(void)data;
	printf("%s: %s", cli_dev_label(dev), dev->virtio_name);
	if (*dev->pci.slot)
		printf(" at %s", dev->pci.slot);
	else if (*dev->bus)
		printf(" on %s", dev->bus);
	printf(", driver %s\n", *dev->driver ? dev->driver : "none");
	show_pci(dev);
	show_virtio(dev);
	show_link(dev);
	show_queues(dev);
	show_offloads(dev);
	return EXIT_OK;
}

static struct json_object *show_json(struct cli *cli, struct vnet_dev *dev, void *data)
{
	(void)cli;
	(void)data;
	return vnet_dev_to_json(dev);
}

int show_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] show [DEV]\n"
		"\n"
		"Everything known about a virtio-net device: PCI identity, mode and\n"
		"virtio capabilities, MSI-X, negotiated features and status, link, MTU,\n"
		"channels, rings, coalescing, interrupts per queue and offloads.\n"
		"DEV is an interface (eth0), a virtio device (virtio1) or a PCI slot\n"
		"(0000:00:03.0); without DEV every virtio-net device is shown.\n";
	static const struct cli_report report = { show_json, show_text };
	struct vnet_dev_list list;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, usage, NULL, "", NULL, NULL, VNET_FILL_ALL, &dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	return cli_report_devices(cli, &list, &report, NULL);
}
