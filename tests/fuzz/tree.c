// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tree.c - the fuzz targets' shared helpers: a private copy of a captured
 * fixture tree, and a fake QEMU for the QMP targets
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "vnet/vnet.h"
#include "tree.h"

#ifndef VNET_FIXTURES
#error "VNET_FIXTURES: the tests/fixtures directory"
#endif

static char root[PATH_MAX];

/* Files put in place by the current input, with what they held before. */
static struct saved {
	char rel[256];
	uint8_t *data;
	size_t size;
	int existed;
} saved[4];
static size_t n_saved;

static void die(const char *what)
{
	perror(what);
	abort();
}

static void remove_tree(void)
{
	char cmd[PATH_MAX + 16];

	if (!*root)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "fuzz: could not remove %s\n", root);
}

const char *fuzz_tree_init(const char *fixture)
{
	/* tests/fuzz/run points this to tmpfs: every input writes files */
	const char *tmp = getenv("VNET_FUZZ_TREE_DIR");
	char cmd[3 * PATH_MAX];

	if (!tmp || !*tmp)
		tmp = getenv("TMPDIR");
	if (*root)
		return root;
	snprintf(root, sizeof(root), "%s/vnet-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		die("mkdtemp");
	snprintf(cmd, sizeof(cmd), "cp -a '%s/%s/.' '%s/'", VNET_FIXTURES, fixture, root);
	if (system(cmd))
		die(cmd);
	atexit(remove_tree);
	return root;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		die(path);
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(path);
		data += n;
		size -= n;
	}
	close(fd);
}

static uint8_t *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0;

	*size = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*size == cap) {
			cap = cap ? 2 * cap : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				die("realloc");
		}
		size_t n = fread(buf + *size, 1, cap - *size, f);

		if (!n)
			break;
		*size += n;
	}
	fclose(f);
	return buf;
}

void fuzz_tree_put(const char *rel, const uint8_t *data, size_t size)
{
	struct saved *s = &saved[n_saved++];
	char path[PATH_MAX];

	if (n_saved > sizeof(saved) / sizeof(saved[0]))
		abort();
	snprintf(s->rel, sizeof(s->rel), "%s", rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	s->data = read_all(path, &s->size);
	s->existed = s->data != NULL || access(path, F_OK) == 0;
	write_file(path, data, size);
}

void fuzz_tree_restore(void)
{
	while (n_saved) {
		struct saved *s = &saved[--n_saved];
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", root, s->rel);
		if (s->existed)
			write_file(path, s->data ? s->data : (const uint8_t *)"", s->size);
		else
			unlink(path);
		free(s->data);
		s->data = NULL;
	}
}

void fuzz_tree_run(unsigned int groups, int stats)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list list = { 0 };

	if (!ctx)
		abort();
	if (vnet_ctx_set_param(ctx, "linux.root", root) || vnet_dev_list(ctx, &list))
		goto out;
	for (size_t i = 0; i < list.n; i++) {
		struct vnet_dev *dev = list.devs[i];
		struct json_object *j;
		struct vnet_stats *st;
		struct vnet_sample *a = NULL, *b = NULL;

		vnet_dev_fill(ctx, dev, groups);
		j = vnet_dev_to_json(dev);
		json_object_put(j);
		if (!stats || vnet_stats_open(ctx, dev, &st))
			continue;
		if (!vnet_stats_sample(st, &a) && !vnet_stats_sample(st, &b)) {
			struct vnet_rates *r;

			if (!vnet_rates_compute(a, b, &r))
				vnet_rates_free(r);
		}
		vnet_sample_free(a);
		vnet_sample_free(b);
		vnet_stats_close(st);
	}
out:
	vnet_dev_list_free(&list);
	vnet_ctx_free(ctx);
}

char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* ---- a fake QEMU for the QMP targets ------------------------------------------- */

static char qmp_dir[64], qmp_sock[108];
static int qmp_listen_fd = -1;
static struct {
	const uint8_t *data;
	size_t size;
	pthread_t thread;
} qmp_peer;

static void qmp_remove_socket(void)
{
	unlink(qmp_sock);
	rmdir(qmp_dir);
}

const char *fuzz_qmp_listen(void)
{
	const char *tmp = getenv("TMPDIR");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	/* socket paths are short: keep long TMPDIRs out of it */
	snprintf(qmp_dir, sizeof(qmp_dir), "%s/vnet-qmp-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(qmp_dir))
		return NULL;
	snprintf(qmp_sock, sizeof(qmp_sock), "%s/qmp.sock", qmp_dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", qmp_sock);
	qmp_listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (qmp_listen_fd < 0 || bind(qmp_listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(qmp_listen_fd, 4))
		return NULL;
	atexit(qmp_remove_socket);
	return qmp_sock;
}

static void *qmp_serve(void *arg)
{
	int fd = accept(qmp_listen_fd, NULL, NULL);
	size_t off = 0;
	char sink[4096];

	(void)arg;
	if (fd < 0)
		abort();
	while (off < qmp_peer.size) {
		ssize_t n = send(fd, qmp_peer.data + off, qmp_peer.size - off, MSG_NOSIGNAL);

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

void fuzz_qmp_serve(const uint8_t *data, size_t size)
{
	qmp_peer.data = data;
	qmp_peer.size = size;
	if (pthread_create(&qmp_peer.thread, NULL, qmp_serve, NULL))
		abort();
}

void fuzz_qmp_join(void)
{
	pthread_join(qmp_peer.thread, NULL);
}
