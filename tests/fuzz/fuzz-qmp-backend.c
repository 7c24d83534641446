// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-qmp-backend.c - the "qmp" backend (lib/qmp-backend.c) on what QEMU says
 *
 * The input is everything QEMU says on the socket, in order (seeds: what
 * tests/qmp-peer.py --log sent while replaying the real QEMU 7.2 recordings
 * to vnetctl --qmp show and stats): a peer thread sends it all, then
 * half-closes.  The client lists the devices, reads every group, prints the
 * JSON (the host facts' printer included), and takes two counter samples
 * and their rates, as show, stats and top do.
 */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "vnet/vnet.h"
#include "tree.h"

static const char *sock_path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sock_path = fuzz_qmp_listen();
	return sock_path ? 0 : -1;
}

static void sample_twice(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_sample *a = NULL, *b = NULL;
	struct vnet_rates *r = NULL;
	struct vnet_stats *st;

	if (vnet_stats_open(ctx, dev, &st))
		return;
	if (!vnet_stats_sample(st, &a) && !vnet_stats_sample(st, &b) &&
	    !vnet_rates_compute(a, b, &r))
		vnet_rates_free(r);
	vnet_sample_free(a);
	vnet_sample_free(b);
	vnet_stats_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list list;

	if (!ctx)
		abort();
	fuzz_qmp_serve(data, size);
	/* the peer half-closes after the input: nothing waits for the deadline */
	if (vnet_ctx_set_param(ctx, "qmp.socket", sock_path) ||
	    vnet_ctx_set_param(ctx, "qmp.timeout", "2"))
		abort();
	if (!vnet_dev_list(ctx, &list)) {
		for (size_t i = 0; i < list.n; i++) {
			vnet_dev_fill(ctx, list.devs[i], VNET_FILL_ALL);
			json_object_put(vnet_dev_to_json(list.devs[i]));
			sample_twice(ctx, list.devs[i]);
		}
		vnet_dev_list_free(&list);
	}
	/* the context holds the socket: closing it ends the peer's reading */
	vnet_ctx_free(ctx);
	fuzz_qmp_join();
	return 0;
}
