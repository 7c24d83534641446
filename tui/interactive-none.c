// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * interactive-none.c - vnettop without curses (the Windows build: no curses
 * is packaged for mingw-w64): the interactive view is batch frames.
 */
#include "config.h"

#include <stdio.h>

#include "model.h"
#include "view.h"

int top_interactive(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		    double interval)
{
	const struct top_batch_opts o = { .interval = interval };

	fprintf(stderr, "vnettop: no interactive view in this build (no curses): "
		"batch frames until ^C (see --batch)\n");
	return top_batch(ctx, src, m, &o);
}
