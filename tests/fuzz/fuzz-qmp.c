// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-qmp.c - QMP replies: line framing and JSON (lib/qmp.c) and what
 * vnet_explain_qmp() makes of the greeting, "info network", qom-list,
 * qom-get and x-query-virtio-status answers
 *
 * The input is everything QEMU says on the socket, in order: a peer thread
 * sends it all, then half-closes, so the client reads exactly the input
 * (answers to the commands it sends in between) and never waits for more.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_explanation **ex;
	size_t n;

	if (!ctx)
		abort();
	fuzz_qmp_serve(data, size);
	if (!vnet_explain_qmp(ctx, sock_path, &ex, &n)) {
		for (size_t i = 0; i < n; i++)
			json_object_put(vnet_explanation_to_json(ex[i]));
		vnet_explanations_free(ex, n);
	}
	fuzz_qmp_join();
	vnet_ctx_free(ctx);
	return 0;
}
