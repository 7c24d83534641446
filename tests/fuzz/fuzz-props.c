// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-props.c - "PROP=VALUE" assignments from the command line (vnetctl set,
 * check --fix, vnettop's tuning prompt): vnet_assignment_check() and
 * vnet_plan_new()'s name, alias and value parsing and validation against a
 * device of a captured fixture tree
 *
 * The input holds up to 16 assignments, one per line.
 */
#include <stdlib.h>
#include <string.h>

#include "vnet/vnet.h"
#include "tree.h"

#define MAX_ASSIGN 16

static struct vnet_ctx *ctx;
static struct vnet_dev_list list;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ctx = vnet_ctx_new();
	if (!ctx || vnet_ctx_set_param(ctx, "linux.root", VNET_FIXTURES "/mq4-6.12") ||
	    vnet_dev_list(ctx, &list) || !list.n)
		return -1;
	/* everything a plan may look at, read once: plans only read the device */
	vnet_dev_fill(ctx, list.devs[0], VNET_FILL_ALL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size), *p = text;
	const char *assign[MAX_ASSIGN];
	struct vnet_plan *plan;
	size_t n = 0;

	while (n < MAX_ASSIGN && p) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		assign[n++] = p;
		vnet_assignment_check(ctx, p);
		p = nl ? nl + 1 : NULL;
	}
	if (!vnet_plan_new(ctx, list.devs[0], assign, n, &plan)) {
		for (size_t i = 0; i < vnet_plan_size(plan); i++)
			vnet_plan_change(plan, i);
		vnet_plan_free(plan);
	}
	free(text);
	return 0;
}
