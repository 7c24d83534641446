// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c - numbers and sparklines as vnettop prints them (no curses, so
 *            the unit tests and a future batch mode share them)
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

void top_format_number(double v, char *buf, int len)
{
	static const char units[] = " kMGTPE";
	int u = 0;

	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (v < 999.5) {
		/* a rate below one per second still moves: show it, not "0" */
		snprintf(buf, len, v > 0 && v < 9.95 && v != floor(v) ? "%.1f" : "%.0f", v);
		return;
	}
	while (v >= 999.5 && u < (int)sizeof(units) - 2) {
		v /= 1000;
		u++;
	}
	if (v >= 999.5)
		snprintf(buf, len, ">999%c", units[u]);
	else
		snprintf(buf, len, v < 9.95 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

void top_format_sparkline(const double *v, unsigned int n, bool utf8, char *buf, int len)
{
	static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*#%";
	double max = 0;
	int off = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > max)
			max = v[i];
	for (unsigned int i = 0; i < n; i++) {
		/* anything above zero shows at least the lowest block */
		int level = isnan(v[i]) || v[i] <= 0 || max <= 0 ? 0 :
			    1 + (int)((v[i] / max) * 7.999);
		int w = utf8 ? snprintf(buf + off, len - off, "%s", blocks[level]) :
			       snprintf(buf + off, len - off, "%c", ascii[level]);

		if (w < 0 || w >= len - off) {
			buf[off] = '\0';
			return;
		}
		off += w;
	}
}

void top_print_error(const char *msg)
{
	char safe[1024];

	/* the library's reasons quote names from the system: no raw ESC to the terminal */
	vnet_escape_text(msg, safe, sizeof(safe));
	fprintf(stderr, "vnettop: %s\n", safe);
}
