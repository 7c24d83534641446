// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * interactive.c - the curses main loop: tick on time, redraw on keys
 *
 * Sampling happens only here, at the interval's deadline; keys and resizes
 * redraw from the model without reading the system.  Rates never depend on
 * when the loop woke: the model divides by the samples' own timestamps.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "model.h"
#include "tune.h"
#include "view.h"

static const double intervals[] = { 0.25, 0.5, 1, 2, 5, 10, 30, 60 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double step_interval(double cur, int dir)
{
	size_t n = sizeof(intervals) / sizeof(intervals[0]);

	if (dir > 0) {
		for (size_t i = 0; i < n; i++)
			if (intervals[i] > cur + 1e-9)
				return intervals[i];
		return intervals[n - 1];
	}
	for (size_t i = n; i-- > 0;)
		if (intervals[i] < cur - 1e-9)
			return intervals[i];
	return intervals[0];
}

static void tick(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		 struct top_view_state *st)
{
	int err = top_source_tick(src, m);

	if (err == -ENODATA)
		snprintf(st->status, sizeof(st->status), "end of recording: the last sample stays");
	else if (err)
		snprintf(st->status, sizeof(st->status), "sampling failed: %s", vnet_ctx_error(ctx));
	else if (!strncmp(st->status, "sampling failed", 15))
		st->status[0] = '\0';
}

/* e: ask, validate, confirm, apply, and show the effect at once. */
static void tune(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		 struct top_view_state *st)
{
	size_t sel = top_view_selected(m, st);
	const struct top_dev_row *d;
	struct top_tune *t;
	char label[80], line[256];
	const char *name;

	if (sel == TOP_NO_SELECTION) {
		snprintf(st->status, sizeof(st->status), "select a device first (Tab)");
		return;
	}
	d = top_model_dev(m, sel);
	name = d->ifname[0] ? d->ifname : d->virtio_name;
	snprintf(label, sizeof(label), "set %s: ", name);
	if (!top_view_prompt(label, line, sizeof(line)) || !line[strspn(line, " \t")]) {
		snprintf(st->status, sizeof(st->status), "cancelled");
		return;
	}
	if (top_tune_prepare(ctx, name, d->ifindex, line, &t, st->status, sizeof(st->status)) ||
	    !t)
		return;
	if (!top_view_confirm(st->status)) {
		snprintf(st->status, sizeof(st->status), "cancelled");
	} else {
		uint32_t ifindex = d->ifindex;

		/* @d goes with the next tick: keep what is needed */
		top_tune_apply(t, st->status, sizeof(st->status));
		top_source_refresh(src, ifindex);
		tick(ctx, src, m, st);
	}
	top_tune_free(t);
}

/* Returns false to quit. */
static bool key(int ch, struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		struct top_view_state *st)
{
	char filter[64];

	if (st->help && ch != ERR && ch != KEY_RESIZE) {
		st->help = false;
		return ch != 'q';
	}
	switch (ch) {
	case 'q':
		return false;
	case 'h':
	case '?':
		st->help = true;
		break;
	case 'p':
		st->paused = !st->paused;
		break;
	case 's':
		top_model_set_sort(m, (top_model_sort_col(m) + 1) % TOP_COLS,
				   top_model_sort_descending(m));
		snprintf(st->status, sizeof(st->status), "sorted by %s",
			 top_col_info(top_model_sort_col(m))->name);
		break;
	case 'S':
		top_model_set_sort(m, top_model_sort_col(m), !top_model_sort_descending(m));
		break;
	case 't':
		top_model_set_totals(m, !top_model_totals(m));
		break;
	case 'f':
		if (!top_view_prompt("filter (empty for all): ", filter, sizeof(filter)))
			break;
		if (top_model_set_filter(m, filter))
			snprintf(st->status, sizeof(st->status), "out of memory");
		else
			st->status[0] = '\0';
		st->scroll = 0;
		break;
	case '+':
		st->interval = step_interval(st->interval, +1);
		snprintf(st->status, sizeof(st->status), "every %.2g s", st->interval);
		break;
	case '-':
		st->interval = step_interval(st->interval, -1);
		snprintf(st->status, sizeof(st->status), "every %.2g s", st->interval);
		break;
	case '\t':
	case 'n':
		top_view_select(m, st, +1);
		break;
	case KEY_BTAB:
	case 'N':
		top_view_select(m, st, -1);
		break;
	case 'e':
	case '=':
		tune(ctx, src, m, st);
		break;
	case KEY_DOWN:
	case 'j':
		st->scroll++;
		break;
	case KEY_UP:
	case 'k':
		st->scroll--;
		break;
	case KEY_NPAGE:
	case ' ':
		st->scroll += LINES - 3;
		break;
	case KEY_PPAGE:
		st->scroll -= LINES - 3;
		break;
	case KEY_HOME:
		st->scroll = 0;
		break;
	default:
		break;
	}
	return true;
}

int top_interactive(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		    double interval)
{
	struct top_view_state st = { .interval = interval };
	double next = now() + interval;

	top_view_start();
	for (;;) {
		double left;
		int ch;

		top_view_draw(m, &st);
		left = next - now();
		timeout(left <= 0 ? 0 : (int)ceil(left * 1000));
		ch = getch();
		if (ch != ERR) {
			/* a key answers the last message, except that sampling still fails */
			if (ch != KEY_RESIZE && strncmp(st.status, "sampling failed", 15) &&
			    strncmp(st.status, "end of recording", 16))
				st.status[0] = '\0';
			if (!key(ch, ctx, src, m, &st))
				break;
		}
		if (now() >= next) {
			if (!st.paused)
				tick(ctx, src, m, &st);
			/* a late wake-up does not make the next sample come early */
			next = now() + st.interval;
		}
	}
	top_view_stop();
	return 0;
}

