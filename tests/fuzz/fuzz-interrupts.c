// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-interrupts.c - /proc/interrupts and CPU lists and masks
 *
 * The input is parsed directly (lx_irq_parse, the cpulist/cpumask parsers
 * that affinity, XPS/RPS and cpu/online go through), then put in place of
 * /proc/interrupts of a copied fixture tree for the Linux backend's own
 * path: the interrupt group of the model and the counters' per-queue
 * interrupt counts.
 */
#include <stdlib.h>
#include <string.h>

#include "../../lib/linux/linux.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tree_init("mq4-6.12");
	return 0;
}

static void cpusets(const char *text)
{
	struct vnet_cpuset set;
	char buf[256];

	if (!vnet_cpulist_parse(text, &set)) {
		vnet_cpulist_format(&set, buf, sizeof(buf));
		vnet_cpumask_format(&set, buf, sizeof(buf));
		vnet_cpuset_highest(&set);
	}
	if (!vnet_cpumask_parse(text, &set))
		vnet_cpulist_format(&set, buf, sizeof(buf));
	vnet_cpumask_to_list(text, buf, sizeof(buf));
	vnet_cpumask_to_list(text, buf, 8);
	lx_cpulist_count(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct lx_irq_table tab = { 0 };

	if (!lx_irq_parse(text, &tab))
		lx_irq_table_free(&tab);
	cpusets(text);
	free(text);

	fuzz_tree_put("proc/interrupts", data, size);
	fuzz_tree_run(VNET_FILL_IRQS, 1);
	fuzz_tree_restore();
	return 0;
}
