// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vnettop.c - options, then the interactive loop or batch frames
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/close-stdout.h"
#include "model.h"
#include "view.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vnettop [OPTIONS] [DEV]\n"
		"       vnettop --batch [-n N] [-d S] [-j] [--totals] [-O K=V] [DEV]\n"
		"\n"
		"Live per-queue traffic of virtio-net devices: packets, bits, drops, kicks and\n"
		"interrupts per second, the CPUs the interrupts land on, XPS and RPS.\n"
		"DEV (eth0, virtio1, 0000:00:03.0) limits the view to one device.\n"
		"\n"
		"Options:\n"
		"  -d, --delay S       seconds between samples (default 1)\n"
		"  -b, --batch         print frames on stdout, no terminal (until -n or SIGINT)\n"
		"  -n, --iterations N  batch: stop after N frames\n"
		"  -j, --json          batch: one JSON object per frame and line (JSON Lines)\n"
		"      --totals        show counts since start instead of rates per second\n"
		"  -O, --option K=V    set a backend parameter (as vnetctl -O)\n"
		"      --from FILE     replay a support bundle (vnetctl bundle): --batch at\n"
		"                      full speed to its last sample; interactive, a sample a\n"
		"                      tick, then \"end of recording\" (also VNET_FROM=FILE)\n"
		"  -V, --version       print the version\n"
		"  -h, --help          this help\n"
		"\n"
		"Keys: q quit, h or ? help, p pause, s/S sort column/order, f filter,\n"
		"t rates/totals, +/- interval, arrows and PgUp/PgDn scroll, Tab/n and\n"
		"Shift-Tab/N select a device, e or = change its settings (as vnetctl set).\n"
		"\n"
		"Batch mode prints a frame at once, then one every S seconds, until N\n"
		"frames or SIGINT/SIGTERM (exit 0); rates are over the measured interval.\n"
		"See vnettop(8) for the columns and the JSON keys.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "totals", no_argument, NULL, 'T' },
		{ "option", required_argument, NULL, 'O' },
		{ "from", required_argument, NULL, 'F' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct top_source *src = NULL;
	struct top_model *m = top_model_new();
	struct top_batch_opts batch = { .interval = 1 };
	bool batch_mode = false;
	const char *batch_only = NULL;
	int opt, err, status = 2;

	vnet_compat_stdio_init();
	if (!ctx || !m) {
		fprintf(stderr, "vnettop: out of memory\n");
		return 2;
	}
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "d:bn:jO:Vh", opts, NULL)) != -1) {
		unsigned long long n;
		char *end, *eq;

		switch (opt) {
		case 'd':
			batch.interval = strtod(optarg, &end);
			if (!*optarg || *end || !(batch.interval >= 0.1 && batch.interval <= 3600)) {
				fprintf(stderr, "vnettop: -d %s: seconds from 0.1 to 3600\n", optarg);
				status = 1;
				goto out;
			}
			break;
		case 'b':
			batch_mode = true;
			break;
		case 'n':
			errno = 0;
			n = strtoull(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-' || errno || n < 1 || n > 1000000000) {
				fprintf(stderr, "vnettop: -n %s: frames from 1 to 1000000000\n",
					optarg);
				status = 1;
				goto out;
			}
			batch.iterations = n;
			batch_only = "-n";
			break;
		case 'j':
			batch.json = true;
			batch_only = "-j";
			break;
		case 'T':
			batch.totals = true;
			break;
		case 'O':
			eq = strchr(optarg, '=');
			if (eq)
				*eq = '\0';
			if (!eq || vnet_ctx_set_param(ctx, optarg, eq + 1)) {
				fprintf(stderr, "vnettop: -O %s: not KEY=VALUE of a known parameter\n",
					optarg);
				status = 1;
				goto out;
			}
			break;
		case 'F':
			if (!*optarg || vnet_ctx_set_param(ctx, "bundle.file", optarg)) {
				fprintf(stderr, "vnettop: --from '%s': expected a bundle file\n",
					optarg);
				status = 1;
				goto out;
			}
			break;
		case 'V':
			printf("vnettop %s\n", vnet_version());
			status = 0;
			goto out;
		case 'h':
			usage(stdout);
			status = 0;
			goto out;
		default:
			/* one line, like every usage error here, naming what was wrong */
			fprintf(stderr, "vnettop: %s: unknown option or missing value (see vnettop --help)\n",
				argv[optind - 1]);
			status = 1;
			goto out;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "vnettop: %s: one DEV at most (see vnettop --help)\n",
			argv[optind + 1]);
		status = 1;
		goto out;
	}
	if (batch_only && !batch_mode) {
		fprintf(stderr, "vnettop: %s: only with --batch (see vnettop --help)\n", batch_only);
		status = 1;
		goto out;
	}
	err = top_source_open(ctx, optind < argc ? argv[optind] : NULL, &src);
	if (err) {
		top_print_error(vnet_ctx_error(ctx));
		status = err == -ENODEV ? 1 : 2;
		goto out;
	}
	if (batch_mode) {
		status = top_batch(ctx, src, m, &batch);
		goto out;
	}
	top_model_set_totals(m, batch.totals);
	err = top_source_tick(src, m);
	if (err) {
		top_print_error(vnet_ctx_error(ctx));
		goto out;
	}
	status = top_interactive(ctx, src, m, batch.interval);
out:
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	return close_stdout("vnettop", status);
}
