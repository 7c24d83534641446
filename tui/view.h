/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view.h - vnettop's screen: draws a top_model, reads nothing else
 */
#ifndef VNETTOP_VIEW_H
#define VNETTOP_VIEW_H

#include <stdbool.h>

#include "model.h"

/* What the main loop knows that the model does not. */
struct top_view_state {
	double interval;	/* asked for, seconds */
	bool paused;
	bool help;
	int scroll;		/* first table line shown; clamped by the view */
	char status[160];	/* one line at the bottom, "" for the key hint */
};

/* Start curses: colour unless NO_COLOR is set (https://no-color.org) or the terminal has none. */
void top_view_start(void);
void top_view_stop(void);
/* Draw everything anew (also after KEY_RESIZE); clamps @st->scroll. */
void top_view_draw(const struct top_model *m, struct top_view_state *st);
/* Ask for a line on the status row; "" when cancelled.  Blocks. */
void top_view_prompt(const char *label, char *buf, int len);

/* "12.3k", "999", "1.5G": at most 6 characters; "-" for unknown. */
void top_format_number(double v, char *buf, int len);
/* Sparkline of @n values scaled to their maximum, UTF-8 blocks or ASCII. */
void top_format_sparkline(const double *v, unsigned int n, bool utf8, char *buf, int len);

#endif /* VNETTOP_VIEW_H */
