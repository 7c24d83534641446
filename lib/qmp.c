// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qmp.c - a minimal QEMU Machine Protocol client for the host-side view
 *
 * QMP is newline-delimited JSON over a socket: a greeting, capabilities
 * negotiation, then one reply ("return" or "error") per command, with
 * asynchronous "event" messages in between that we skip.  json-c parses;
 * this file only frames lines and enforces a timeout so that a wedged
 * QEMU cannot hang the caller.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "internal.h"
#include "qmp.h"

#define QMP_TIMEOUT_MS 5000

struct vnet_qmp {
	struct vnet_ctx *ctx;
	int fd;
	char buf[65536];
	size_t len;
};

/* Next complete line as a JSON object in @out; 0 or -errno. */
static int read_message(struct vnet_qmp *q, struct json_object **out)
{
	*out = NULL;
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		ssize_t n;

		if (nl) {
			struct json_object *o;

			*nl = '\0';
			o = json_tokener_parse(q->buf);
			q->len -= nl + 1 - q->buf;
			memmove(q->buf, nl + 1, q->len);
			if (o && json_object_is_type(o, json_type_object)) {
				*out = o;
				return 0;
			}
			json_object_put(o);
			return vnet_set_error(q->ctx, -EPROTO,
					      "qmp: a message that is not a JSON object");
		}
		if (q->len == sizeof(q->buf))
			return vnet_set_error(q->ctx, -EMSGSIZE, "qmp: a reply longer than %zu bytes",
					      sizeof(q->buf));
		n = poll(&pfd, 1, QMP_TIMEOUT_MS);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return vnet_set_error(q->ctx, -ETIMEDOUT, "qmp: no reply within %d ms",
					      QMP_TIMEOUT_MS);
		n = n < 0 ? -1 : read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vnet_set_error(q->ctx, -errno, "qmp: %s", strerror(errno));
		if (n == 0)
			return vnet_set_error(q->ctx, -ECONNRESET, "qmp: QEMU closed the connection");
		q->len += n;
	}
}

int vnet_qmp_command(struct vnet_qmp *q, const char *command, struct json_object *args,
		     struct json_object **ret)
{
	struct json_object *req = json_object_new_object();
	char *line;
	size_t len, off = 0;

	*ret = NULL;
	json_object_object_add(req, "execute", json_object_new_string(command));
	if (args)
		json_object_object_add(req, "arguments", args);
	/*
	 * One send of the whole line: a peer that answers and closes after
	 * the first part would otherwise make the newline's write fail.
	 * MSG_NOSIGNAL because a library must not kill its caller with
	 * SIGPIPE when QEMU goes away.
	 */
	if (asprintf(&line, "%s\n", json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN)) < 0)
		line = NULL;
	json_object_put(req);
	if (!line)
		return vnet_set_error(q->ctx, -ENOMEM, "qmp: out of memory");
	len = strlen(line);
	while (off < len) {
		ssize_t n = send(q->fd, line + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno != EINTR) {
			int err = vnet_set_error(q->ctx, -errno, "qmp: %s: %s", command,
						 strerror(errno));

			free(line);
			return err;
		}
		off += n > 0 ? n : 0;
	}
	free(line);
	for (;;) {
		struct json_object *m, *v;
		int err = read_message(q, &m);

		if (err)
			return err;
		if (json_object_object_get_ex(m, "return", &v)) {
			*ret = json_object_get(v);
			json_object_put(m);
			return 0;
		}
		if (json_object_object_get_ex(m, "error", &v)) {
			struct json_object *desc = NULL;

			json_object_object_get_ex(v, "desc", &desc);
			err = vnet_set_error(q->ctx, -EREMOTEIO, "qmp: %s: %s", command,
					     desc ? json_object_get_string(desc) : "error");
			json_object_put(m);
			return err;
		}
		json_object_put(m);	/* an event */
	}
}

int vnet_qmp_open(struct vnet_ctx *ctx, const char *path, struct vnet_qmp **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vnet_qmp *q;
	struct json_object *greeting, *ret;
	int err;

	*out = NULL;
	if (strlen(path) >= sizeof(sa.sun_path))
		return vnet_set_error(ctx, -ENAMETOOLONG, "qmp: %s: path too long for a socket",
				      path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	q = calloc(1, sizeof(*q));
	if (!q)
		return vnet_set_error(ctx, -ENOMEM, "qmp: out of memory");
	q->ctx = ctx;
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = vnet_set_error(ctx, -errno, "qmp: %s: %s", path, strerror(errno));
		vnet_qmp_close(q);
		return err;
	}
	err = read_message(q, &greeting);
	if (!err && !json_object_object_get_ex(greeting, "QMP", NULL))
		err = vnet_set_error(ctx, -EPROTO, "qmp: %s: not a QMP socket", path);
	json_object_put(greeting);
	if (err) {
		vnet_qmp_close(q);
		return err;
	}
	err = vnet_qmp_command(q, "qmp_capabilities", NULL, &ret);
	json_object_put(ret);
	if (err) {
		vnet_qmp_close(q);
		return err;
	}
	*out = q;
	return 0;
}

void vnet_qmp_close(struct vnet_qmp *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	free(q);
}
