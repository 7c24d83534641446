// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-sample.c - cost of one counter sample, the operation a live view
 *                  repeats every tick
 *
 * usage: bench-sample [DEV] [N]   (default: the first device, 2000 samples)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vnet/vnet.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *spec = argc > 1 ? argv[1] : NULL;
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list list;
	struct vnet_stats *st;
	double t0, t1, t2;
	int err;

	if (!ctx || n <= 0)
		return 2;
	t0 = now();
	err = vnet_dev_find(ctx, spec, &list);
	if (err || !list.n) {
		fprintf(stderr, "bench-sample: %s\n", err ? vnet_ctx_error(ctx) : "no device");
		return 2;
	}
	err = vnet_stats_open(ctx, list.devs[0], &st);
	if (err) {
		fprintf(stderr, "bench-sample: %s\n", vnet_ctx_error(ctx));
		return 2;
	}
	t1 = now();
	for (long i = 0; i < n; i++) {
		struct vnet_sample *s;

		if (vnet_stats_sample(st, &s)) {
			fprintf(stderr, "bench-sample: %s\n", vnet_ctx_error(ctx));
			return 2;
		}
		vnet_sample_free(s);
	}
	t2 = now();
	printf("device %s: open %.0f us, %ld samples, %.1f us per sample\n",
	       list.devs[0]->ifname, (t1 - t0) * 1e6, n, (t2 - t1) * 1e6 / n);
	vnet_stats_close(st);
	vnet_dev_list_free(&list);
	vnet_ctx_free(ctx);
	return 0;
}
