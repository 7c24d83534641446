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
	snprintf(dir, sizeof(dir), "%s/vnet-qmp-XXXXXX",
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct peer p = { data, size };
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_explanation **ex;
	pthread_t t;
	size_t n;

	if (!ctx || pthread_create(&t, NULL, serve, &p))
		abort();
	if (!vnet_explain_qmp(ctx, sock_path, &ex, &n)) {
		for (size_t i = 0; i < n; i++)
			json_object_put(vnet_explanation_to_json(ex[i]));
		vnet_explanations_free(ex, n);
	}
	pthread_join(t, NULL);
	vnet_ctx_free(ctx);
	return 0;
}
