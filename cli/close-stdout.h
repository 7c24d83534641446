/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * close-stdout.h - the exit status of a program whose output was lost
 *
 * "vnetctl show > /dev/full" must not exit 0: stdio reports a failed write
 * only at the final flush, after the command itself has returned.  Shared
 * by vnetctl and vnettop (two programs, one rule).
 */
#ifndef VNET_CLOSE_STDOUT_H
#define VNET_CLOSE_STDOUT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* @status, or 2 with a line on stderr when stdout could not be written */
static inline int close_stdout(const char *prog, int status)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error on standard output: %s\n", prog,
			errno ? strerror(errno) : "unknown error");
		return status ? status : 2;
	}
	return status;
}

#endif
