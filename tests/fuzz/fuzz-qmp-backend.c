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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "vnet/vnet.h"

static char dir[64], sock_path[108];
static int listen_fd = -1;

struct peer {
	const uint8_t *data;
	size_t size;
};

static void remove_socket(void)
{
	unlink(sock_path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	(void)argc;
	(void)argv;
	/* socket paths are short: keep long TMPDIRs out of it */
	snprintf(dir, sizeof(dir), "%s/vnet-qmpb-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock_path, sizeof(sock_path), "%s/qmp.sock", dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(listen_fd, 4))
		return -1;
	atexit(remove_socket);
	return 0;
}

static void *serve(void *arg)
{
	const struct peer *p = arg;
	int fd = accept(listen_fd, NULL, NULL);
	size_t off = 0;
	char sink[4096];

	if (fd < 0)
		abort();
	while (off < p->size) {
		ssize_t n = send(fd, p->data + off, p->size - off, MSG_NOSIGNAL);

		if (n <= 0)
			break;	/* the client gave up and closed */
		off += n;
	}
	shutdown(fd, SHUT_WR);
	/* the client's commands, until it closes */
	while (read(fd, sink, sizeof(sink)) > 0)
		;
	close(fd);
	return NULL;
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
	struct peer p = { data, size };
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list list;
	pthread_t t;

	if (!ctx || pthread_create(&t, NULL, serve, &p))
		abort();
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
	pthread_join(t, NULL);
	return 0;
}
