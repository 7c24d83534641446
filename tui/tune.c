// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tune.c - vnettop's tuning through the property registry, as "vnetctl set"
 *
 * The device is looked up and read anew for each change, not taken from
 * the sampler: validation compares with what the device has now, and the
 * sampler's device stays the sampler's.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vnet/vnet.h>

#include "tune.h"

/* "vnetctl set DEV a b c" takes this many assignments in one line: ample */
#define MAX_ASSIGN 32

struct top_tune {
	struct vnet_ctx *ctx;
	char dev[64];
	struct vnet_dev_list list;
	struct vnet_plan *plan;
	char line[512];		/* the assignments point into it */
	char why[128];		/* a refusal of ours, not the library's */
};

/* The context's explanation, without the device name the status line starts with. */
static const char *reason(const struct top_tune *t, int err)
{
	const char *why = *t->why ? t->why : vnet_ctx_error(t->ctx);
	size_t n = strlen(t->dev);

	if (!*why)
		return strerror(-err);
	if (!strncmp(why, t->dev, n) && !strncmp(why + n, ": ", 2))
		return why + n + 2;
	return why;
}

static int refuse(struct top_tune *t, int err, char *msg, size_t size)
{
	snprintf(msg, size, "%s: %s", t->dev, reason(t, err));
	return err;
}

static int find_dev(struct top_tune *t, uint32_t ifindex, struct vnet_dev **dev)
{
	int err = vnet_dev_find(t->ctx, t->dev, &t->list);

	if (err)
		return err;
	for (size_t i = 0; i < t->list.n; i++)
		if (!ifindex || t->list.devs[i]->ifindex == ifindex) {
			*dev = t->list.devs[i];
			return 0;
		}
	snprintf(t->why, sizeof(t->why), "gone (another device has the name now)");
	return -ENODEV;
}

static bool plan_changes(const struct vnet_plan *plan)
{
	for (size_t i = 0; i < vnet_plan_size(plan); i++)
		if (vnet_plan_change(plan, i)->changes)
			return true;
	return false;
}

int top_tune_prepare(struct vnet_ctx *ctx, const char *dev, uint32_t ifindex, const char *line,
		     struct top_tune **out, char *msg, size_t size)
{
	struct top_tune *t = calloc(1, sizeof(*t));
	const char *assign[MAX_ASSIGN];
	struct vnet_dev *d = NULL;
	char summary[400], *save, *a;
	size_t n = 0;
	int err;

	*out = NULL;
	if (!t) {
		snprintf(msg, size, "%s: out of memory", dev);
		return -ENOMEM;
	}
	t->ctx = ctx;
	snprintf(t->dev, sizeof(t->dev), "%s", dev);
	snprintf(t->line, sizeof(t->line), "%s", line);
	/* set's order: the syntax of every assignment before the device */
	for (a = strtok_r(t->line, " \t", &save); a; a = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_ASSIGN) {
			snprintf(t->why, sizeof(t->why), "more than %d assignments at once",
				 MAX_ASSIGN);
			err = -EINVAL;
			goto refused;
		}
		err = vnet_assignment_check(ctx, a);
		if (err)
			goto refused;
		assign[n++] = a;
	}
	if (!n) {
		/* set's words for a command line without one */
		snprintf(t->why, sizeof(t->why), "missing PROP=VALUE (vnetctl get --list lists them)");
		err = -EINVAL;
		goto refused;
	}
	err = find_dev(t, ifindex, &d);
	if (!err)
		err = vnet_plan_new(ctx, d, assign, n, &t->plan);
	if (err)
		goto refused;
	vnet_plan_summary(t->plan, summary, sizeof(summary));
	if (!plan_changes(t->plan)) {
		snprintf(msg, size, "%s: %s", t->dev, summary);
		top_tune_free(t);
		return 0;
	}
	snprintf(msg, size, "%s: %s? [y/N]", t->dev, summary);
	*out = t;
	return 0;
refused:
	refuse(t, err, msg, size);
	top_tune_free(t);
	return err;
}

int top_tune_apply(struct top_tune *t, char *msg, size_t size)
{
	char summary[400];
	int err;

	vnet_plan_summary(t->plan, summary, sizeof(summary));
	err = vnet_plan_apply(t->ctx, t->plan);
	if (err) {
		/* the reason says whether the rollback restored everything */
		snprintf(msg, size, "%s: failed: %s", t->dev, reason(t, err));
		return err;
	}
	snprintf(msg, size, "%s: applied: %s", t->dev, summary);
	return 0;
}

void top_tune_free(struct top_tune *t)
{
	if (!t)
		return;
	vnet_plan_free(t->plan);
	vnet_dev_list_free(&t->list);
	free(t);
}
