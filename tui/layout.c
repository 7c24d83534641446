// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout.c - the table as lines of text with a style each, no curses
 *
 * The curses view draws these lines (a window of them, for scrolling) and a
 * batch mode can print them: both show the same table, and the unit tests
 * hold its width to the terminal's.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

static struct top_line *add_line(struct top_lines *l)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		struct top_line *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

/*
 * A device's strings come from the system (an interface name may hold ESC
 * or BEL): the terminal and a batch log see them as libvnet's text printer
 * shows them, with vnet_escape_text().
 */
#define SAFE(s, buf) (vnet_escape_text((s), (buf), sizeof(buf)), (const char *)(buf))

/* @mark: "" (batch), " " or ">" (the selected device) before the name */
static void dev_header(struct top_lines *l, const struct top_model *m, const struct top_dev_row *d,
		       const char *mark)
{
	struct top_line *ln = add_line(l);
	char speed[24], mtu[16], q[32], drops[16];
	/* IFNAMSIZ - 1 bytes, 4 each escaped; the reason may be cut, never an escape */
	char name[64], virtio[64], error[160];

	if (!ln)
		return;
	if (*mark == '>')
		ln->style |= TOP_LINE_SELECTED;
	if (d->gone) {
		snprintf(ln->text, sizeof(ln->text), "%s%s %s  gone", mark,
			 d->ifname[0] ? SAFE(d->ifname, name) : "-", SAFE(d->virtio_name, virtio));
		ln->style |= TOP_LINE_DEV | TOP_LINE_GONE;
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
	snprintf(ln->text, sizeof(ln->text), "%s%s %s %s  %s%s  mtu %s  queues %s  %s  %s %s%s%s",
		 mark, d->ifname[0] ? SAFE(d->ifname, name) : "-", SAFE(d->virtio_name, virtio),
		 d->mode[0] ? d->mode : "?",
		 d->carrier == VNET_TRI_YES ? "up" : d->carrier == VNET_TRI_NO ? "DOWN" : "link ?",
		 speed, mtu, q, d->irq_mode[0] ? d->irq_mode : "irq ?",
		 top_model_totals(m) ? "drops" : "drops/s", drops,
		 d->error[0] ? "  " : "", SAFE(d->error, error));
	ln->style |= TOP_LINE_DEV | (d->drops > 0 || d->error[0] ? TOP_LINE_ALERT : 0);
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
			vnet_escape_text(!q ? "" : c == TOP_COL_IRQ_CPU ? q->irq_cpu :
					 c == TOP_COL_XPS ? q->xps : q->rps, v, sizeof(v));
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

static void dev_table(struct top_lines *l, const struct top_model *m, const struct top_dev_row *d,
		      int width, bool utf8)
{
	struct top_line *ln;
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
	ln->style = TOP_LINE_HEAD;
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
		if (!(q->val[TOP_COL_DROPS] > 0))
			ln->hl_len = 0;
		if (q->hot)
			ln->style |= TOP_LINE_HOT;
		if (q->active == VNET_TRI_NO)
			ln->style |= TOP_LINE_IDLE;
		len = strlen(ln->text);
		/* the newest values that fit */
		room = width - (int)len - 1;
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
		ln->style = TOP_LINE_TOTAL;
		if (!(d->total[TOP_COL_DROPS] > 0))
			ln->hl_len = 0;
	}
}

void top_layout(const struct top_model *m, int width, bool utf8, struct top_lines *l)
{
	top_layout_marked(m, width, utf8, TOP_NO_MARK, l);
}

void top_layout_marked(const struct top_model *m, int width, bool utf8, size_t selected,
		       struct top_lines *l)
{
	l->n = 0;
	for (size_t i = 0; i < top_model_n_devs(m); i++) {
		const struct top_dev_row *d = top_model_dev(m, i);

		dev_header(l, m, d, selected == TOP_NO_MARK ? "" : i == selected ? ">" : " ");
		dev_table(l, m, d, width, utf8);
	}
	if (!top_model_n_devs(m)) {
		struct top_line *ln = add_line(l);

		if (ln)
			snprintf(ln->text, sizeof(ln->text), "%s",
				 *top_model_filter(m) ? "no device matches the filter" :
							"no virtio-net device");
	}
}

void top_lines_free(struct top_lines *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
