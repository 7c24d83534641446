// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * view.c - vnettop's screen, drawn whole from the model each time
 *
 * Redrawing everything (erase(), then the lines that fit) is what makes a
 * resize or a shrinking table leave no garbage; curses sends only what
 * changed.  Lines wider than the screen are cut, never wrapped.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "view.h"

enum {
	PAIR_DROPS = 1,		/* a queue or device dropping */
	PAIR_HOT,		/* a queue carrying far more than its share */
	PAIR_GONE,
	PAIR_HEAD,
};

static bool use_color;
static bool utf8;

void top_view_start(void)
{
	const char *no_color = getenv("NO_COLOR");

	setlocale(LC_ALL, "");
	utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	use_color = !(no_color && *no_color) && has_colors();
	if (use_color) {
		start_color();
		use_default_colors();
		init_pair(PAIR_DROPS, COLOR_RED, -1);
		init_pair(PAIR_HOT, COLOR_YELLOW, -1);
		init_pair(PAIR_GONE, COLOR_BLUE, -1);
		init_pair(PAIR_HEAD, COLOR_CYAN, -1);
	}
}

void top_view_stop(void)
{
	endwin();
}

/* Colour when allowed; without, drops and hot queues still stand out. */
static attr_t attr_for(int pair, attr_t fallback)
{
	return use_color ? COLOR_PAIR(pair) : fallback;
}

/* Text at @x on line @y, cut at the right edge: counted in characters, not bytes. */
static void put_at(int y, int x, attr_t attr, const char *text, int max)
{
	wchar_t w[512];
	size_t n;

	if (y < 0 || y >= LINES || x >= COLS)
		return;
	n = mbstowcs(w, text, sizeof(w) / sizeof(w[0]) - 1);
	if (n == (size_t)-1)
		return;
	w[n] = L'\0';
	if (max > COLS - x)
		max = COLS - x;
	attron(attr);
	mvaddnwstr(y, x, w, max);
	attroff(attr);
}

static void put_line(int y, attr_t attr, const char *text)
{
	put_at(y, 0, attr, text, COLS);
}

static void title_line(const struct top_model *m, const struct top_view_state *st)
{
	const struct top_col_info *c = top_col_info(top_model_sort_col(m));
	char line[256];

	snprintf(line, sizeof(line), "vnettop  every %.2gs  %s  sort %s%s%s%s%s",
		 st->interval, top_model_totals(m) ? "totals since start" : "rates per second",
		 c->name, top_model_sort_descending(m) ? " desc" : "",
		 *top_model_filter(m) ? "  filter " : "", top_model_filter(m),
		 st->paused ? "  PAUSED" : "");
	put_line(0, A_REVERSE, line);
	move(0, (int)strlen(line) < COLS ? (int)strlen(line) : COLS);
	attron(A_REVERSE);
	for (int x = (int)strlen(line); x < COLS; x++)
		addch(' ');
	attroff(A_REVERSE);
}

/* The table as lines, collected first so that scrolling is a window onto it. */
struct line {
	char text[512];
	attr_t attr;
	/* a second attribute for one field (drops in red inside a plain row) */
	int hl_from, hl_len;
	attr_t hl_attr;
};

struct lines {
	int n, cap;
	struct line *v;
};

static struct line *add_line(struct lines *l)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		struct line *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

static void dev_header(struct lines *l, const struct top_model *m, const struct top_dev_row *d)
{
	struct line *ln = add_line(l);
	char speed[24], mtu[16], q[32], drops[16];

	if (!ln)
		return;
	if (d->gone) {
		snprintf(ln->text, sizeof(ln->text), "%s %s  gone", d->ifname[0] ? d->ifname : "-",
			 d->virtio_name);
		ln->attr = A_BOLD | attr_for(PAIR_GONE, A_DIM);
		return;
	}
	/* most virtio devices report no speed (no SPEED_DUPLEX): say nothing then */
	speed[0] = '\0';
	if (d->speed_mbps != VNET_UNKNOWN && d->speed_mbps >= 1000 && d->speed_mbps % 1000 == 0)
		snprintf(speed, sizeof(speed), " %uG", d->speed_mbps / 1000);
	else if (d->speed_mbps != VNET_UNKNOWN)
		snprintf(speed, sizeof(speed), " %uM", d->speed_mbps);
	if (d->mtu == VNET_UNKNOWN)
		snprintf(mtu, sizeof(mtu), "?");
	else
		snprintf(mtu, sizeof(mtu), "%u", d->mtu);
	if (d->queues_active == VNET_UNKNOWN)
		snprintf(q, sizeof(q), "?");
	else
		snprintf(q, sizeof(q), "%u/%u", d->queues_active, d->queues_max);
	top_format_number(d->drops, drops, sizeof(drops));
	snprintf(ln->text, sizeof(ln->text), "%s %s %s  %s%s  mtu %s  queues %s  %s  %s %s%s%s",
		 d->ifname[0] ? d->ifname : "-", d->virtio_name, d->mode[0] ? d->mode : "?",
		 d->carrier == VNET_TRI_YES ? "up" : d->carrier == VNET_TRI_NO ? "DOWN" : "link ?",
		 speed, mtu, q, d->irq_mode[0] ? d->irq_mode : "irq ?",
		 top_model_totals(m) ? "drops" : "drops/s", drops,
		 d->error[0] ? "  " : "", d->error);
	ln->attr = A_BOLD | (d->drops > 0 || d->error[0] ? attr_for(PAIR_DROPS, 0) : 0);
}

/* Column cells of one row into @out; returns where the drops cell starts. */
static int cells(char *out, size_t size, const double *val, const struct top_queue_row *q,
		 const char *label, int *drops_len)
{
	size_t off = 0;
	int drops_at = -1;

	for (int c = 0; c < TOP_COLS; c++) {
		const struct top_col_info *ci = top_col_info(c);
		char v[160];
		int n;

		if (c == TOP_COL_QUEUE && label)
			snprintf(v, sizeof(v), "%s", label);
		else if (c == TOP_COL_QUEUE)
			snprintf(v, sizeof(v), "%u", q->index);
		else if (!ci->text)
			top_format_number(val[c], v, sizeof(v));
		else
			snprintf(v, sizeof(v), "%s", !q ? "" : c == TOP_COL_IRQ_CPU ? q->irq_cpu :
						     c == TOP_COL_XPS ? q->xps : q->rps);
		if (q && ci->text && !v[0])
			snprintf(v, sizeof(v), "-");
		/* a CPU list too long for its column shows that it goes on */
		if ((int)strlen(v) > ci->width) {
			v[ci->width - 1] = '+';
			v[ci->width] = '\0';
		}
		if (c == TOP_COL_DROPS)
			drops_at = off + 1;
		n = snprintf(out + off, size - off, ci->text ? " %-*s" : " %*s", ci->width, v);
		if (n < 0 || (size_t)n >= size - off)
			break;
		off += n;
	}
	*drops_len = top_col_info(TOP_COL_DROPS)->width;
	return drops_at;
}

static void dev_table(struct lines *l, const struct top_model *m, const struct top_dev_row *d)
{
	struct line *ln;
	char head[512];
	size_t off = 0;

	if (d->gone)
		return;
	for (int c = 0; c < TOP_COLS; c++) {
		const struct top_col_info *ci = top_col_info(c);
		const char *h = top_model_totals(m) ? ci->total_head : ci->rate_head;

		off += snprintf(head + off, sizeof(head) - off, ci->text ? " %-*s" : " %*s",
				ci->width, h);
	}
	snprintf(head + off, sizeof(head) - off, " history");
	ln = add_line(l);
	if (!ln)
		return;
	snprintf(ln->text, sizeof(ln->text), "%s", head);
	ln->attr = A_UNDERLINE | attr_for(PAIR_HEAD, 0);
	for (size_t i = 0; i < d->n_queues; i++) {
		const struct top_queue_row *q = &d->queues[i];
		char spark[TOP_HISTORY * 4 + 1];
		unsigned int shown;
		size_t len;
		int room;

		ln = add_line(l);
		if (!ln)
			return;
		ln->hl_from = cells(ln->text, sizeof(ln->text), q->val, q, NULL, &ln->hl_len);
		if (q->val[TOP_COL_DROPS] > 0)
			ln->hl_attr = attr_for(PAIR_DROPS, A_BOLD);
		else
			ln->hl_len = 0;
		if (q->hot)
			ln->attr = attr_for(PAIR_HOT, A_BOLD);
		if (q->active == VNET_TRI_NO)
			ln->attr |= A_DIM;
		len = strlen(ln->text);
		/* the newest values that fit */
		room = COLS - (int)len - 1;
		shown = room <= 0 ? 0 : (unsigned int)room < q->n_history ? (unsigned int)room :
									    q->n_history;
		top_format_sparkline(q->history + q->n_history - shown, shown, utf8, spark,
				     sizeof(spark));
		snprintf(ln->text + len, sizeof(ln->text) - len, " %s", spark);
	}
	if (d->n_queues > 1) {
		ln = add_line(l);
		if (!ln)
			return;
		ln->hl_from = cells(ln->text, sizeof(ln->text), d->total, NULL, "all", &ln->hl_len);
		ln->attr = A_BOLD;
		if (d->total[TOP_COL_DROPS] > 0)
			ln->hl_attr = attr_for(PAIR_DROPS, A_BOLD);
		else
			ln->hl_len = 0;
	}
}

static const char *const help_text[] = {
	"vnettop: per-queue traffic of virtio-net devices",
	"",
	"  q          quit",
	"  h ?        this help (any key returns)",
	"  p          pause / resume sampling",
	"  s S        sort by the next column / reverse the order",
	"  f          filter devices by name (empty: all)",
	"  t          rates per second / totals since start",
	"  + -        sample less / more often",
	"  arrows, PgUp PgDn   scroll",
	"",
	"Rates divide by the measured time between two samples.",
	"Red: drops.  Yellow: a queue with over twice its share of packets.",
	"Dim: a queue beyond the channels in use.  NO_COLOR turns colour off.",
	"",
	"Columns (rates / totals):",
};

static void draw_help(void)
{
	int y = 1;

	for (size_t i = 0; i < sizeof(help_text) / sizeof(help_text[0]); i++)
		put_line(y++, 0, help_text[i]);
	/* two columns a line: the help fits 80x24 */
	for (int c = 0; c < TOP_COLS; c += 2) {
		char line[128];
		int off = 0;

		for (int k = c; k < c + 2 && k < TOP_COLS; k++) {
			const struct top_col_info *ci = top_col_info(k);

			off += snprintf(line + off, sizeof(line) - off, "  %-6s %-6s %-14s",
					ci->rate_head, ci->total_head, ci->name);
		}
		put_line(y++, 0, line);
	}
}

void top_view_draw(const struct top_model *m, struct top_view_state *st)
{
	struct lines l = { 0 };
	int rows = LINES - 2;

	erase();
	title_line(m, st);
	if (st->help) {
		draw_help();
	} else {
		for (size_t i = 0; i < top_model_n_devs(m); i++) {
			const struct top_dev_row *d = top_model_dev(m, i);

			dev_header(&l, m, d);
			dev_table(&l, m, d);
		}
		if (!top_model_n_devs(m)) {
			struct line *ln = add_line(&l);

			if (ln)
				snprintf(ln->text, sizeof(ln->text), "%s",
					 *top_model_filter(m) ? "no device matches the filter" :
								"no virtio-net device");
		}
		if (st->scroll > l.n - rows)
			st->scroll = l.n - rows;
		if (st->scroll < 0)
			st->scroll = 0;
		for (int i = 0; i < rows && st->scroll + i < l.n; i++) {
			const struct line *ln = &l.v[st->scroll + i];

			put_line(1 + i, ln->attr, ln->text);
			/* the cells before it are ASCII: a byte offset is a column */
			if (ln->hl_len && ln->hl_from >= 0)
				put_at(1 + i, ln->hl_from, ln->hl_attr, ln->text + ln->hl_from,
				       ln->hl_len);
		}
	}
	put_line(LINES - 1, st->status[0] ? A_BOLD : A_DIM,
		 st->status[0] ? st->status :
				 "q quit  h help  p pause  s/S sort  f filter  t totals  +/- interval");
	free(l.v);
	refresh();
}

void top_view_prompt(const char *label, char *buf, int len)
{
	move(LINES - 1, 0);
	clrtoeol();
	mvaddnstr(LINES - 1, 0, label, COLS);
	echo();
	curs_set(1);
	timeout(-1);
	if (getnstr(buf, len - 1) != OK)
		buf[0] = '\0';
	noecho();
	curs_set(0);
}
