// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * irq.c - virtio interrupt lines from /proc/interrupts and /proc/irq/N
 *
 * virtio-pci names its vectors "<virtioN>-config", "<virtioN>-input.<q>",
 * "<virtioN>-output.<q>" when every virtqueue has its own MSI-X vector,
 * "<virtioN>-virtqueues" when they share one (too few vectors), and plain
 * "<virtioN>" for a legacy INTx line; virtio-mmio names its one line the
 * same.  The names, not the PCI device, are what ties a line to a queue.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"

#define IRQ_FILE_MAX (4u << 20)

static int add_line(struct lx_irq_table *tab, uint32_t irq, uint64_t count,
		    const char *name, size_t len)
{
	struct lx_irq_line *l;

	if (!len)
		return 0;
	l = realloc(tab->lines, (tab->n + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	tab->lines = l;
	l = &tab->lines[tab->n++];
	l->irq = irq;
	l->count = count;
	if (len >= sizeof(l->name))
		len = sizeof(l->name) - 1;
	memcpy(l->name, name, len);
	l->name[len] = '\0';
	return 0;
}

/*
 * After the per-CPU counts a line has the chip name, the hardware irq (with
 * "-edge"/"-fasteoi" appended on most kernels) and the action names joined
 * by ", ".  Chip and hwirq contain no blanks, so the names are the tokens
 * after the second one.
 */
static int parse_line(struct lx_irq_table *tab, const char *p)
{
	char *end;
	unsigned long irq = strtoul(p, &end, 10);
	uint64_t sum = 0;
	int err;

	if (end == p || *end != ':')
		return 0;	/* NMI:, LOC:, ERR: ... */
	p = end + 1;
	for (unsigned int c = 0; c < tab->ncpus; c++) {
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;	/* not a per-CPU line we understand */
		sum += strtoull(p, &end, 10);
		p = end;
	}
	for (int skip = 0; skip < 2; skip++) {
		while (*p == ' ')
			p++;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	while (*p && *p != '\n') {
		const char *name;

		while (*p == ' ' || *p == ',')
			p++;
		name = p;
		while (*p && *p != ',' && *p != '\n')
			p++;
		end = (char *)p;
		while (end > name && end[-1] == ' ')
			end--;
		err = add_line(tab, irq, sum, name, end - name);
		if (err)
			return err;
	}
	return 0;
}

int lx_irq_parse(const char *text, struct lx_irq_table *tab)
{
	const char *p = text;
	int err = 0;

	memset(tab, 0, sizeof(*tab));
	/* header: "           CPU0       CPU1" */
	while (*p && *p != '\n') {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "CPU", 3)) {
			tab->ncpus++;
			p += 3;
		}
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	if (!tab->ncpus)
		return -EINVAL;
	while (*p && !err) {
		p++;	/* the newline */
		err = parse_line(tab, p);
		while (*p && *p != '\n')
			p++;
	}
	if (err)
		lx_irq_table_free(tab);
	return err;
}

void lx_irq_table_free(struct lx_irq_table *tab)
{
	free(tab->lines);
	tab->lines = NULL;
	tab->n = 0;
}

static void read_affinity(struct lx *lx, struct vnet_irq *irq)
{
	char path[PATH_MAX];

	if (vnet_path(path, sizeof(path), "%s/irq/%u/smp_affinity_list", lx->procfs, irq->irq) ||
	    lx_read_str(path, irq->affinity, sizeof(irq->affinity)))
		irq->affinity[0] = '\0';
	if (vnet_path(path, sizeof(path), "%s/irq/%u/effective_affinity_list", lx->procfs,
		      irq->irq) ||
	    lx_read_str(path, irq->effective, sizeof(irq->effective)))
		irq->effective[0] = '\0';
}

static void set_irq(struct lx *lx, struct vnet_irq *irq, const struct lx_irq_line *l)
{
	irq->irq = l->irq;
	irq->count = l->count;
	vnet_strcpy(irq->name, l->name, sizeof(irq->name));
	read_affinity(lx, irq);
}

/* "input.3" -> 3; -1 when @s is not "<prefix><number>" */
static long queue_suffix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long q;

	if (strncmp(s, prefix, n) || !isdigit((unsigned char)s[n]))
		return -1;
	q = strtol(s + n, &end, 10);
	return *end ? -1 : q;
}

int lx_irq_read(struct vnet_ctx *ctx, struct lx_irq_table *tab)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], *text;
	ssize_t n;
	int err;

	if (vnet_path(path, sizeof(path), "%s/interrupts", lx->procfs))
		return vnet_set_error(ctx, -ENAMETOOLONG, "procfs root too long");
	text = malloc(IRQ_FILE_MAX);
	if (!text)
		return vnet_oom(ctx);
	n = lx_read_file(path, text, IRQ_FILE_MAX);
	if (n < 0) {
		free(text);
		return vnet_set_error(ctx, n, "%s: %s", path, strerror(-n));
	}
	err = lx_irq_parse(text, tab);
	free(text);
	if (err)
		return vnet_set_error(ctx, err, "%s: %s", path,
				      err == -ENOMEM ? "out of memory" : "cannot parse");
	return 0;
}

int lx_irq_fill(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	struct lx_irq_table tab;
	size_t vlen = strlen(dev->virtio_name);
	unsigned int used = 0;
	long max_q = -1;
	int err = lx_irq_read(ctx, &tab);

	if (err)
		return err;
	dev->irqs.mode = VNET_IRQ_NONE;
	/* first pass: how many queue vectors exist (the driver names every pair) */
	for (size_t i = 0; i < tab.n; i++) {
		const char *name = tab.lines[i].name;
		long q;

		if (strncmp(name, dev->virtio_name, vlen) || name[vlen] != '-')
			continue;
		q = queue_suffix(name + vlen + 1, "input.");
		if (q < 0)
			q = queue_suffix(name + vlen + 1, "output.");
		if (q > max_q)
			max_q = q;
	}
	if (max_q >= 0 && (unsigned long)max_q + 1 > dev->n_queues) {
		err = vnet_dev_set_queues(dev, max_q + 1);
		if (err) {
			vnet_oom(ctx);
			goto out;
		}
	}
	for (size_t i = 0; i < tab.n; i++) {
		const struct lx_irq_line *l = &tab.lines[i];
		const char *rest = l->name + vlen + 1;
		long q;

		if (strncmp(l->name, dev->virtio_name, vlen))
			continue;
		if (l->name[vlen] == '\0') {
			/* a line interrupt, possibly shared with other devices; on
			 * virtio-mmio the transport's only one (no MSI-X to miss) */
			dev->irqs.mode = vnet_dev_is_mmio(dev) ? VNET_IRQ_MMIO : VNET_IRQ_INTX;
			set_irq(lx, &dev->irqs.shared, l);
			continue;
		}
		if (l->name[vlen] != '-')
			continue;	/* "virtio10" is not "virtio1" */
		used++;
		if (!strcmp(rest, "config")) {
			set_irq(lx, &dev->irqs.config, l);
		} else if (!strcmp(rest, "virtqueues")) {
			dev->irqs.mode = VNET_IRQ_MSIX_SHARED;
			set_irq(lx, &dev->irqs.shared, l);
		} else if ((q = queue_suffix(rest, "input.")) >= 0) {
			dev->irqs.mode = VNET_IRQ_MSIX_PER_QUEUE;
			set_irq(lx, &dev->queues[q].rx_irq, l);
		} else if ((q = queue_suffix(rest, "output.")) >= 0) {
			dev->irqs.mode = VNET_IRQ_MSIX_PER_QUEUE;
			set_irq(lx, &dev->queues[q].tx_irq, l);
		}
	}
	/* with one shared line every queue is served by it */
	if (dev->irqs.mode == VNET_IRQ_MSIX_SHARED || dev->irqs.mode == VNET_IRQ_INTX ||
	    dev->irqs.mode == VNET_IRQ_MMIO) {
		for (unsigned int q = 0; q < dev->n_queues; q++) {
			dev->queues[q].rx_irq = dev->irqs.shared;
			dev->queues[q].tx_irq = dev->irqs.shared;
		}
	}
	/* MSI-X vectors only: an INTx line is not a vector */
	dev->irqs.vectors_used = used;
out:
	lx_irq_table_free(&tab);
	return err;
}
