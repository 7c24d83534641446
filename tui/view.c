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
	/* Esc cancels a prompt: the default second of waiting for a sequence is long */
	set_escdelay(50);
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
	char safe[1024];
	wchar_t w[512];
	size_t n;

	if (y < 0 || y >= LINES || x >= COLS)
		return;
	/*
	 * Names and reasons from the system can hold ESC and newlines: escaped
	 * here, on the one way to the screen (escaping twice changes nothing,
	 * so the layout's already escaped cells pass as they are).
	 */
	vnet_escape_text(text, safe, sizeof(safe));
	n = mbstowcs(w, safe, sizeof(w) / sizeof(w[0]) - 1);
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

static attr_t line_attr(unsigned int style)
{
	attr_t a = 0;

	if (style & TOP_LINE_DEV)
		a |= A_BOLD;
	if (style & TOP_LINE_GONE)
		a |= attr_for(PAIR_GONE, A_DIM);
	if (style & TOP_LINE_ALERT)
		a |= attr_for(PAIR_DROPS, 0);
	if (style & TOP_LINE_HEAD)
		a |= A_UNDERLINE | attr_for(PAIR_HEAD, 0);
	if (style & TOP_LINE_HOT)
		a |= attr_for(PAIR_HOT, A_BOLD);
	if (style & TOP_LINE_IDLE)
		a |= A_DIM;
	if (style & TOP_LINE_TOTAL)
		a |= A_BOLD;
	if (style & TOP_LINE_SELECTED)
		a |= A_REVERSE;
	return a;
}

static const char *const help_text[] = {
	"vnettop: per-queue traffic of virtio-net devices",
	"  q          quit",
	"  h ?        this help (any key returns)",
	"  p          pause / resume sampling",
	"  s S        sort by the next column / reverse the order",
	"  f          filter devices by name (empty: all)",
	"  t          rates per second / totals since start",
	"  + -        sample less / more often",
	"  Tab n / BackTab N   select the next / previous device (marked >)",
	"  e =        change the selected device: PROP=VALUE... as vnetctl set",
	"             (queues, rx-ring, mtu, tso, rx-usecs, irq-affinity...; y applies)",
	"  arrows, PgUp PgDn   scroll",
	"Rates divide by the measured time between two samples.",
	"Red: drops.  Yellow: a queue with over twice its share of packets.",
	"Dim: a queue beyond the channels in use.  NO_COLOR turns colour off.",
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
	struct top_lines l = { 0 };
	int rows = LINES - 2;

	erase();
	title_line(m, st);
	if (st->help) {
		draw_help();
	} else {
		top_layout_marked(m, COLS, utf8, top_view_selected(m, st), &l);
		if (st->scroll > l.n - rows)
			st->scroll = l.n - rows;
		if (st->scroll < 0)
			st->scroll = 0;
		for (int i = 0; i < rows && st->scroll + i < l.n; i++) {
			const struct top_line *ln = &l.v[st->scroll + i];

			put_line(1 + i, line_attr(ln->style), ln->text);
			/* the cells before it are ASCII: a byte offset is a column */
			if (ln->hl_len && ln->hl_from >= 0)
				put_at(1 + i, ln->hl_from, attr_for(PAIR_DROPS, A_BOLD),
				       ln->text + ln->hl_from, ln->hl_len);
		}
	}
	put_line(LINES - 1, st->status[0] ? A_BOLD : A_DIM,
		 st->status[0] ? st->status :
				 "q quit  h help  p pause  s/S sort  f filter  t totals  +/- interval"
				 "  Tab e tune");
	top_lines_free(&l);
	refresh();
}

size_t top_view_selected(const struct top_model *m, const struct top_view_state *st)
{
	size_t n = top_model_n_devs(m);

	for (size_t i = 0; i < n; i++) {
		const struct top_dev_row *d = top_model_dev(m, i);

		if (st->sel_virtio[0] && d->ifindex == st->sel_ifindex &&
		    !strcmp(d->virtio_name, st->sel_virtio))
			return i;
	}
	return n == 1 ? 0 : TOP_NO_SELECTION;
}

void top_view_select(const struct top_model *m, struct top_view_state *st, int dir)
{
	size_t n = top_model_n_devs(m), cur = top_view_selected(m, st), next;
	const struct top_dev_row *d;

	if (!n)
		return;
	if (cur == TOP_NO_SELECTION)
		next = dir > 0 ? 0 : n - 1;
	else
		next = (cur + n + (dir > 0 ? 1 : n - 1)) % n;
	d = top_model_dev(m, next);
	snprintf(st->sel_virtio, sizeof(st->sel_virtio), "%s", d->virtio_name);
	st->sel_ifindex = d->ifindex;
}

/* Our own line editor: getnstr() knows no Esc. */
/* Columns @label takes once escaped (the device name in it is the system's). */
static int label_cols(const char *label)
{
	char safe[256];
	int n;

	vnet_escape_text(label, safe, sizeof(safe));
	n = (int)mbstowcs(NULL, safe, 0);
	return n < 0 ? (int)strlen(safe) : n;
}

bool top_view_prompt(const char *label, char *buf, int len)
{
	int n = 0, ch;
	bool ok = true;

	buf[0] = '\0';
	curs_set(1);
	timeout(-1);
	for (;;) {
		move(LINES - 1, 0);
		clrtoeol();
		put_line(LINES - 1, A_NORMAL, label);
		move(LINES - 1, label_cols(label));
		addnstr(buf, COLS - label_cols(label) > 0 ? COLS - label_cols(label) : 0);
		refresh();
		ch = getch();
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			break;
		if (ch == 27) {
			ok = false;
			buf[0] = '\0';
			break;
		}
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == '\b') && n > 0)
			buf[--n] = '\0';
		else if (ch >= ' ' && ch < 127 && n < len - 1) {
			buf[n++] = (char)ch;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	return ok;
}

bool top_view_confirm(const char *question)
{
	int ch;

	move(LINES - 1, 0);
	clrtoeol();
	put_line(LINES - 1, A_BOLD, question);
	refresh();
	timeout(-1);
	do
		ch = getch();
	while (ch == KEY_RESIZE || ch == ERR);
	return ch == 'y' || ch == 'Y';
}
