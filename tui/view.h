/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view.h - vnettop's screen: draws a top_model, reads nothing else
 */
#ifndef VNETTOP_VIEW_H
#define VNETTOP_VIEW_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "model.h"

/* What the main loop knows that the model does not. */
struct top_view_state {
	double interval;	/* asked for, seconds */
	bool paused;
	bool help;
	int scroll;		/* first table line shown; clamped by the view */
	char status[320];	/* one line at the bottom, "" for the key hint */
	/* the device tuning keys act on: followed across sorts, filters and rescans */
	char sel_virtio[32];	/* "" none */
	uint32_t sel_ifindex;
};

/* Start curses: colour unless NO_COLOR is set (https://no-color.org) or the terminal has none. */
void top_view_start(void);
void top_view_stop(void);
/* Draw everything anew (also after KEY_RESIZE); clamps @st->scroll. */
void top_view_draw(const struct top_model *m, struct top_view_state *st);
/* Ask for a line on the status row; false (and "") when cancelled with Esc.  Blocks. */
bool top_view_prompt(const char *label, char *buf, int len);
/* Show @question on the status row and wait for a key; true for y or Y. */
bool top_view_confirm(const char *question);
/* The index (top_model_dev()) of the selected device, TOP_NO_SELECTION when none
 * is visible; a sole device is always the selected one. */
size_t top_view_selected(const struct top_model *m, const struct top_view_state *st);
/* Select the next (@dir 1) or previous (-1) visible device. */
void top_view_select(const struct top_model *m, struct top_view_state *st, int dir);

/* The curses main loop (interactive.c) until "q"; returns the exit status. */
struct vnet_ctx;
int top_interactive(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
		    double interval);

/* ---- batch mode (batch.c): frames on stdout until N or SIGINT/SIGTERM ---------- */

struct top_batch_opts {
	double interval;		/* seconds between samples */
	unsigned long iterations;	/* frames; 0 until a signal */
	bool json;			/* JSON Lines instead of text */
	bool totals;			/* text shows totals since start, not rates */
};

/* Samples (the first at once), prints; returns the exit status. */
int top_batch(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
	      const struct top_batch_opts *o);
/* One frame of the model; 0 or -ENOMEM.  The JSON frame toggles totals and restores them. */
int top_batch_text_frame(FILE *out, const struct top_model *m, unsigned long frame,
			 double wall_time, double every, int width, bool utf8);
int top_batch_json_frame(FILE *out, struct top_model *m, unsigned long frame, double wall_time);

/* ---- layout: the table as lines (layout.c, no curses) ---------------------- */

enum top_line_style {
	TOP_LINE_DEV = 1 << 0,		/* a device's header */
	TOP_LINE_GONE = 1 << 1,		/* ... of a device that vanished */
	TOP_LINE_ALERT = 1 << 2,	/* ... that drops or cannot be read */
	TOP_LINE_HEAD = 1 << 3,		/* column headings */
	TOP_LINE_HOT = 1 << 4,		/* a queue with over twice its share */
	TOP_LINE_IDLE = 1 << 5,		/* a queue beyond the channels in use */
	TOP_LINE_TOTAL = 1 << 6,	/* a device's "all" row */
	TOP_LINE_SELECTED = 1 << 7,	/* the device header keys act on */
};

struct top_line {
	char text[512];			/* UTF-8 (the sparkline), ASCII before it */
	unsigned int style;		/* top_line_style bits */
	int hl_from, hl_len;		/* the drops cell when it is not 0: bytes */
};

struct top_lines {
	int n, cap;
	struct top_line *v;
};

/* Every visible device's lines into @l (reused: n restarts at 0); the
 * sparkline takes what is left of @width columns. */
void top_layout(const struct top_model *m, int width, bool utf8, struct top_lines *l);
/* The same with a column before each device's name: ">" for device
 * @selected (an index of top_model_dev()), " " for the others;
 * TOP_NO_MARK: no column (top_layout()), TOP_NO_SELECTION: column, none ">". */
#define TOP_NO_MARK ((size_t)-1)
#define TOP_NO_SELECTION ((size_t)-2)
void top_layout_marked(const struct top_model *m, int width, bool utf8, size_t selected,
		       struct top_lines *l);
void top_lines_free(struct top_lines *l);

/* "vnettop: MSG" on stderr, MSG escaped as vnet_escape_text() does. */
void top_print_error(const char *msg);

/* "12.3k", "999", "1.5G": at most 6 characters; "-" for unknown. */
void top_format_number(double v, char *buf, int len);
/* Sparkline of @n values scaled to their maximum, UTF-8 blocks or ASCII. */
void top_format_sparkline(const double *v, unsigned int n, bool utf8, char *buf, int len);

#endif /* VNETTOP_VIEW_H */
