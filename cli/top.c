// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * top.c - "vnetctl top": runs vnettop
 *
 * An exec rather than a link, so that vnetctl itself needs no curses (it
 * runs in minimal guests and initramfs images where vnettop may be absent).
 * Looked for in $VNETTOP, beside the vnetctl binary, then in PATH.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int top_main(struct cli *cli, int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 16];
	const char *env = getenv("VNETTOP");
	ssize_t n;

	argv[0] = "vnettop";
	if (env && *env) {
		execv(env, argv);
		cli_error(cli, "VNETTOP=%s: %s", env, strerror(errno));
		return EXIT_SYSTEM;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		snprintf(path, sizeof(path), "%s/vnettop", dirname(self));
		execv(path, argv);
	}
	execvp("vnettop", argv);
	cli_error(cli, "cannot run vnettop: %s", strerror(errno));
	return EXIT_SYSTEM;
}
