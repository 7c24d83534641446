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

static int add_line(struct lx_irq_table *tab, uint32_t irq, uint64_t count,
		    const char *name, size_t len)
{
	struct lx_irq_line *l;

	if (!len)
		return 0;
	if (tab->n >= VNET_IRQ_NAMES_MAX)
		return -E2BIG;
	if (tab->n == tab->capacity) {
		size_t cap = tab->capacity ? tab->capacity * 2 : 64;

		l = realloc(tab->lines, cap * sizeof(*l));
		if (!l)
			return -ENOMEM;
		tab->lines = l;
		tab->capacity = cap;
	}
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
 * Digits at *@p before @eol as a number (saturated); false when there are
 * none.  strtoul() is not used: it skips newlines, and a blank line would
 * make it read the next one.
 */
static bool take_number(const char **p, const char *eol, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s == eol || !isdigit((unsigned char)*s))
		return false;
	for (; s < eol && isdigit((unsigned char)*s); s++)
		v = v > (UINT64_MAX - 9) / 10 ? UINT64_MAX : v * 10 + (uint64_t)(*s - '0');
	*p = s;
	*val = v;
	return true;
}

static const char *skip_blanks(const char *p, const char *eol)
{
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * After the per-CPU counts a line has the chip name, the hardware irq (with
 * "-edge"/"-fasteoi" appended on most kernels) and the action names joined
 * by ", ".  Chip and hwirq contain no blanks, so the names are the tokens
 * after the second one.  Only [@p, @eol) is looked at.
 */
static int parse_line(struct lx_irq_table *tab, const char *p, const char *eol)
{
	uint64_t irq, sum = 0, v;
	int err;

	p = skip_blanks(p, eol);
	if (!take_number(&p, eol, &irq) || p == eol || *p != ':' || irq > UINT32_MAX)
		return 0;	/* NMI:, LOC:, ERR:, blank ... */
	p++;
	for (unsigned int c = 0; c < tab->ncpus; c++) {
		p = skip_blanks(p, eol);
		if (!take_number(&p, eol, &v))
			return 0;	/* not a per-CPU line we understand */
		sum = sum + v < sum ? UINT64_MAX : sum + v;
	}
	for (int skip = 0; skip < 2; skip++) {
		p = skip_blanks(p, eol);
		while (p < eol && *p != ' ' && *p != '\t')
			p++;
	}
	while (p < eol) {
		const char *name, *end;

		while (p < eol && (*p == ' ' || *p == ','))
			p++;
		name = p;
		while (p < eol && *p != ',')
			p++;
		end = p;
		while (end > name && end[-1] == ' ')
			end--;
		err = add_line(tab, (uint32_t)irq, sum, name, end - name);
		if (err)
			return err;
	}
	return 0;
}

int lx_irq_parse(const char *text, struct lx_irq_table *tab)
{
	const char *p = text, *eol = text + strcspn(text, "\n");
	int err = 0;

	memset(tab, 0, sizeof(*tab));
	/* header: "           CPU0       CPU1" */
	while (p < eol) {
		p = skip_blanks(p, eol);
		if (!strncmp(p, "CPU", 3)) {
			tab->ncpus++;
			p += 3;
		}
		while (p < eol && *p != ' ' && *p != '\t')
			p++;
	}
	if (!tab->ncpus)
		return -EINVAL;
	while (*eol && !err) {
		p = eol + 1;
		eol = p + strcspn(p, "\n");
		err = parse_line(tab, p, eol);
	}
	if (err)
		lx_irq_table_free(tab);
	return err;
}

void lx_irq_table_free(struct lx_irq_table *tab)
{
	free(tab->lines);
	tab->lines = NULL;
	tab->n = tab->capacity = 0;
}

static void read_affinity(struct lx *lx, struct vnet_irq *irq)
{
	char path[PATH_MAX];

	if (vnet_path(path, sizeof(path), "%s/irq/%u/smp_affinity_list", lx->procfs, irq->irq) ||
	    lx_read_str(lx, path, irq->affinity, sizeof(irq->affinity)))
		irq->affinity[0] = '\0';
	if (vnet_path(path, sizeof(path), "%s/irq/%u/effective_affinity_list", lx->procfs,
		      irq->irq) ||
	    lx_read_str(lx, path, irq->effective, sizeof(irq->effective)))
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
	errno = 0;
	q = strtol(s + n, &end, 10);
	return *end || errno ? -1 : q;
}

int lx_irq_read(struct vnet_ctx *ctx, struct lx_irq_table *tab)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX], *text;
	ssize_t n;
	int err;

	if (vnet_path(path, sizeof(path), "%s/interrupts", lx->procfs))
		return vnet_set_error(ctx, -ENAMETOOLONG, "procfs root too long");
	text = malloc(VNET_IRQ_FILE_MAX);
	if (!text)
		return vnet_oom(ctx);
	n = lx_read_whole(lx, path, text, VNET_IRQ_FILE_MAX);
	if (n < 0) {
		free(text);
		if (n == -EFBIG)
			return vnet_set_error(ctx, -EFBIG, "%s: larger than %u MiB", path,
					      VNET_IRQ_FILE_MAX >> 20);
		return vnet_set_error(ctx, n, "%s: %s", path, lx_strerror(n));
	}
	err = lx_irq_parse(text, tab);
	free(text);
	if (err == -E2BIG)
		return vnet_set_error(ctx, err, "%s: more than %u interrupt names", path,
				      VNET_IRQ_NAMES_MAX);
	if (err)
		return vnet_set_error(ctx, err, "%s: %s", path,
				      err == -ENOMEM ? "out of memory" :
				      "cannot parse (no \"CPU0\" header line)");
	return 0;
}

int lx_irq_fill(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct lx *lx = lx_of(ctx);
	struct lx_irq_table tab;
	size_t vlen = strlen(dev->virtio_name);
	unsigned int used = 0, limit;
	long max_q = -1;
	int err = lx_irq_read(ctx, &tab);

	if (err)
		return err;
	/*
	 * A queue index is bounded by the device's maximum when the channels
	 * say it (ensure_queues() made that many rows), else by what virtio
	 * allows; the names are outside data and may claim anything.
	 */
	limit = dev->filled & VNET_FILL_CHANNELS && dev->channels.max_combined != VNET_UNKNOWN ?
		dev->n_queues : VNET_MAX_QUEUE_PAIRS;
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
		if (q > max_q && q < (long)limit)
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
			if (q < (long)dev->n_queues)
				set_irq(lx, &dev->queues[q].rx_irq, l);
		} else if ((q = queue_suffix(rest, "output.")) >= 0) {
			dev->irqs.mode = VNET_IRQ_MSIX_PER_QUEUE;
			if (q < (long)dev->n_queues)
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
