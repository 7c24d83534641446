// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qmp.c - a minimal QEMU Machine Protocol client for the host-side view
 *
 * QMP is newline-delimited JSON over a socket: a greeting, capabilities
 * negotiation, then one reply ("return" or "error") per command, with
 * asynchronous "event" messages in between that we skip.  json-c parses;
 * this file only frames lines, bounds their size and enforces a deadline
 * per exchange so that a wedged or chatty QEMU cannot hang the caller.
 * The peer is not trusted: callers type-check every value they use.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifndef _WIN32
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

#include <json-c/json.h>

#include "internal.h"
#include "qmp.h"

#ifdef _WIN32
/*
 * The host's view speaks to QEMU's monitor over a Unix socket on the host:
 * a Linux host's.  On Windows nothing connects, so the transport below is
 * never reached; these stand in for the calls it makes.
 */
struct pollfd {
	int fd;
	short events, revents;
};
#define POLLIN		1
#define MSG_NOSIGNAL	0
static int poll(struct pollfd *fds, unsigned int n, int ms)
{
	errno = EOPNOTSUPP;
	return -1;
}

static ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	errno = EOPNOTSUPP;
	return -1;
}
#endif

/*
 * The whole of one exchange (a command, the events before its reply, the
 * reply) must end within this, by default; "-O qmp.timeout=SECONDS"
 * changes it.  Per read it would never end with a peer that sends an event
 * every few seconds.
 */
#define QMP_TIMEOUT_MS 10000
#define QMP_TIMEOUT_MAX_MS 3600000
/*
 * One message at most: a qom-list of /machine/peripheral-anon with a few
 * thousand children is some hundred KiB; a peer that sends more is not a
 * QEMU worth waiting for.
 */
#define QMP_MESSAGE_MAX (16u << 20)
#define QMP_BUF_INITIAL 65536

struct vnet_qmp {
	struct vnet_ctx *ctx;
	int fd;
	int timeout_ms;
	int64_t deadline_ms;	/* CLOCK_MONOTONIC: end of the current exchange */
	char *buf;
	size_t len, size;
	size_t scanned;		/* bytes of buf known to hold no newline */
	/*
	 * A failed read leaves the stream mid-message (or QEMU gone): every
	 * later command fails at once with this, rather than waiting again.
	 */
	int dead;
	char dead_why[256];
	char error_class[32];	/* of the last "error" reply: "CommandNotFound" */
	const char *path;	/* the socket, for messages */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void exchange_start(struct vnet_qmp *q)
{
	q->deadline_ms = now_ms() + q->timeout_ms;
}

/* Make room to read into; -EMSGSIZE (explained) past QMP_MESSAGE_MAX. */
static int grow(struct vnet_qmp *q)
{
	size_t size;
	char *buf;

	if (q->len < q->size)
		return 0;
	if (q->size >= QMP_MESSAGE_MAX)
		return vnet_set_error(q->ctx, -EMSGSIZE,
				      "qmp: a message longer than %u bytes (the limit)",
				      QMP_MESSAGE_MAX);
	size = q->size ? q->size * 2 : QMP_BUF_INITIAL;
	if (size > QMP_MESSAGE_MAX)
		size = QMP_MESSAGE_MAX;
	buf = realloc(q->buf, size);
	if (!buf)
		return vnet_oom(q->ctx);
	q->buf = buf;
	q->size = size;
	return 0;
}

/* @line (@len bytes, no newline) as a JSON object, or NULL */
static struct json_object *parse_object(const char *line, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;

	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, line, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/* Next complete line as a JSON object in @out, by the exchange's deadline; 0 or -errno. */
static int read_message_once(struct vnet_qmp *q, const char *what, struct json_object **out)
{
	*out = NULL;
	for (;;) {
		char *nl = q->len ? memchr(q->buf + q->scanned, '\n', q->len - q->scanned) : NULL;
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		int64_t left;
		ssize_t n;
		int err;

		if (nl) {
			size_t used = nl + 1 - q->buf;
			struct json_object *o = parse_object(q->buf, nl - q->buf);

			q->len -= used;
			memmove(q->buf, nl + 1, q->len);
			q->scanned = 0;
			if (o) {
				*out = o;
				return 0;
			}
			return vnet_set_error(q->ctx, -EPROTO,
					      "qmp: %s: a message that is not a JSON object", what);
		}
		q->scanned = q->len;
		err = grow(q);
		if (err)
			return err;
		left = q->deadline_ms - now_ms();
		if (left <= 0)
			return vnet_set_error(q->ctx, -ETIMEDOUT,
					      "qmp: %s: no reply within %d ms (qmp.timeout)", what,
					      q->timeout_ms);
		n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			continue;	/* the deadline, checked above */
		n = n < 0 ? -1 : read(q->fd, q->buf + q->len, q->size - q->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vnet_set_error(q->ctx, -errno, "qmp: %s: %s", what, strerror(errno));
		if (n == 0)
			return vnet_set_error(q->ctx, -ECONNRESET,
					      "qmp: %s: QEMU closed the connection", what);
		q->len += n;
	}
}

static int read_message(struct vnet_qmp *q, const char *what, struct json_object **out)
{
	int err = read_message_once(q, what, out);

	if (err) {
		q->dead = err;
		vnet_strcpy(q->dead_why, vnet_ctx_error(q->ctx), sizeof(q->dead_why));
	}
	return err;
}

int vnet_qmp_command(struct vnet_qmp *q, const char *command, struct json_object *args,
		     struct json_object **ret)
{
	struct json_object *req = json_object_new_object();
	char *line;
	size_t len, off = 0;

	*ret = NULL;
	q->error_class[0] = '\0';
	if (q->dead) {
		json_object_put(req);
		json_object_put(args);
		return vnet_set_error(q->ctx, q->dead, "%s", q->dead_why);
	}
	exchange_start(q);
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
		int err = read_message(q, command, &m);

		if (err)
			return err;
		if (json_object_object_get_ex(m, "return", &v)) {
			*ret = json_object_get(v);
			json_object_put(m);
			return 0;
		}
		if (json_object_object_get_ex(m, "error", &v)) {
			struct json_object *desc = NULL, *cls = NULL;

			/* a QAPI class is a short name: anything else is no class */
			if (json_object_object_get_ex(v, "class", &cls) &&
			    json_object_is_type(cls, json_type_string) &&
			    strlen(json_object_get_string(cls)) < sizeof(q->error_class) &&
			    strspn(json_object_get_string(cls), "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz") == strlen(json_object_get_string(cls)))
				strcpy(q->error_class, json_object_get_string(cls));

			/* only a string is a description; anything else says nothing */
			if (!json_object_object_get_ex(v, "desc", &desc) ||
			    !json_object_is_type(desc, json_type_string))
				desc = NULL;
			err = vnet_set_error(q->ctx, -EREMOTEIO, "qmp: %s: %s", command,
					     desc ? json_object_get_string(desc) : "error");
			json_object_put(m);
			return err;
		}
		json_object_put(m);	/* an event: the deadline still runs */
	}
}

/* "-O qmp.timeout=SECONDS" in milliseconds; -EINVAL (explained) when not a duration */
static int qmp_timeout(struct vnet_ctx *ctx, int *ms)
{
	const char *v = vnet_param_get(ctx, "qmp.timeout");
	char *end;
	double s;

	*ms = QMP_TIMEOUT_MS;
	if (!*v)
		return 0;
	errno = 0;
	s = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(s) || s * 1000 < 1 ||
	    s * 1000 > QMP_TIMEOUT_MAX_MS)
		return vnet_set_error(ctx, -EINVAL,
				      "qmp.timeout: '%s' is not a number of seconds from 0.001 to %d",
				      v, QMP_TIMEOUT_MAX_MS / 1000);
	*ms = (int)(s * 1000);
	return 0;
}

#ifdef _WIN32
static int qmp_connect(struct vnet_ctx *ctx, const char *path, int *fd)
{
	return vnet_set_error(ctx, -EOPNOTSUPP, "qmp: %s: the host's view (QEMU's monitor "
			      "over a Unix socket) is for Linux hosts: not on Windows", path);
}
#else
/* A connected socket in @fd; 0 or -errno with the reason. */
static int qmp_connect(struct vnet_ctx *ctx, const char *path, int *fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path))
		return vnet_set_error(ctx, -ENAMETOOLONG, "qmp: %s: path too long for a socket",
				      path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*fd < 0 || connect(*fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return vnet_set_error(ctx, -errno, "qmp: %s: %s", path, strerror(errno));
	return 0;
}
#endif

int vnet_qmp_open(struct vnet_ctx *ctx, const char *path, struct vnet_qmp **out)
{
	struct vnet_qmp *q;
	struct json_object *greeting, *ret;
	int err;

	*out = NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return vnet_set_error(ctx, -ENOMEM, "qmp: out of memory");
	q->ctx = ctx;
	q->fd = -1;
	err = qmp_timeout(ctx, &q->timeout_ms);
	if (err) {
		vnet_qmp_close(q);
		return err;
	}
	err = qmp_connect(ctx, path, &q->fd);
	if (err) {
		vnet_qmp_close(q);
		return err;
	}
	q->path = path;
	exchange_start(q);
	err = read_message(q, "greeting", &greeting);
	/*
	 * QEMU serves one client a monitor: a second one is accepted by the
	 * kernel's backlog and hears nothing until the first leaves.
	 */
	if (err == -ETIMEDOUT)
		err = vnet_set_error(ctx, err, "qmp: %s: no QMP greeting within %d ms: another "
				     "client (libvirt, a QMP shell) may hold this monitor; QEMU "
				     "serves one at a time", path, q->timeout_ms);
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
	free(q->buf);
	free(q);
}

struct vnet_ctx *vnet_qmp_ctx(const struct vnet_qmp *q)
{
	return q->ctx;
}

const char *vnet_qmp_error_class(const struct vnet_qmp *q)
{
	return q->error_class;
}

/* A QAPI enum value from the peer, for a message: printable or "?". */
static const char *qapi_word(struct json_object *o)
{
	const char *s = json_object_is_type(o, json_type_string) ? json_object_get_string(o) : "";

	if (!*s || strlen(s) > 24 || strspn(s, "abcdefghijklmnopqrstuvwxyz-") != strlen(s))
		return NULL;
	return s;
}

/*
 * Run states (qapi/run-state.json RunState) and migration states
 * (qapi/migration.json MigrationStatus) in which devices are in flux.
 */
static const char *const migrating_run_states[] = {
	"inmigrate", "postmigrate", "finish-migrate",
};
static const char *const migrating_states[] = {
	"setup", "active", "pre-switchover", "device", "postcopy-active", "postcopy-paused",
	"postcopy-recover", "wait-unplug", "cancelling",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

int vnet_qmp_check_running(struct vnet_qmp *q)
{
	struct json_object *ret, *v;
	const char *status;
	int err = vnet_qmp_command(q, "query-status", NULL, &ret);

	if (err)
		return err;
	if (!json_object_is_type(ret, json_type_object) ||
	    !json_object_object_get_ex(ret, "status", &v) || !(status = qapi_word(v))) {
		json_object_put(ret);
		return vnet_set_error(q->ctx, -EPROTO, "qmp: %s: query-status: no run state in "
				      "the reply", q->path);
	}
	if (in_list(status, migrating_run_states, ARRAY_SIZE(migrating_run_states)))
		err = vnet_set_error(q->ctx, -EBUSY, "qmp: %s: the VM is migrating (query-status "
				     "\"%s\"): its devices are in flux; try again after the "
				     "migration", q->path, status);
	else if (strcmp(status, "running"))
		err = vnet_set_error(q->ctx, -EAGAIN, "qmp: %s: the VM is %s (query-status "
				     "\"%s\"): its queues do not move; resume it (\"cont\") and "
				     "try again", q->path, strcmp(status, "paused") ? "not running" :
				     "paused", status);
	json_object_put(ret);
	if (err)
		return err;
	err = vnet_qmp_command(q, "query-migrate", NULL, &ret);
	/* a QEMU built without migration: query-status said all there is */
	if (err == -EREMOTEIO && !strcmp(q->error_class, "CommandNotFound")) {
		vnet_clear_error(q->ctx);
		return 0;
	}
	if (err)
		return err;
	/* {} when the VM never migrated */
	if (json_object_is_type(ret, json_type_object) &&
	    json_object_object_get_ex(ret, "status", &v)) {
		status = qapi_word(v);
		if (!status)
			err = vnet_set_error(q->ctx, -EPROTO, "qmp: %s: query-migrate: a status that "
					     "is not a QAPI name", q->path);
		else if (in_list(status, migrating_states, ARRAY_SIZE(migrating_states)))
			err = vnet_set_error(q->ctx, -EBUSY, "qmp: %s: the VM is migrating "
					     "(query-migrate \"%s\"): its devices are in flux; try "
					     "again after the migration", q->path, status);
	}
	json_object_put(ret);
	return err;
}

/* ---- what both the explainer and the qmp backend read ------------------------ */

/*
 * The QOM types of virtio-net: the two fixed-mode PCI ones have no
 * disable-legacy/disable-modern properties (virtio_pci_types_register()),
 * so their type name is what says the mode.
 */
static const struct {
	const char *type;
	enum vnet_pci_mode mode;	/* VNET_MODE_UNKNOWN: from disable-* */
} qom_models[] = {
	{ "virtio-net-pci", VNET_MODE_UNKNOWN },
	{ "virtio-net-pci-transitional", VNET_MODE_TRANSITIONAL },
	{ "virtio-net-pci-non-transitional", VNET_MODE_MODERN },
	/* on a virtio-mmio proxy (microvm): the transport's options are the proxy's */
	{ "virtio-net-device", VNET_MODE_UNKNOWN },
};

const char *vnet_qmp_model_type(int model)
{
	return qom_models[model].type;
}

enum vnet_pci_mode vnet_qmp_model_mode(int model)
{
	return qom_models[model].mode;
}

bool vnet_qmp_model_mmio(int model)
{
	return !strcmp(qom_models[model].type, "virtio-net-device");
}

/* "child<virtio-net-pci-transitional>" -> its qom_models[] index, or -1 */
static int qom_model(const char *child)
{
	for (size_t i = 0; i < ARRAY_SIZE(qom_models); i++) {
		size_t n = strlen(qom_models[i].type);

		if (!strncmp(child, "child<", 6) && !strncmp(child + 6, qom_models[i].type, n) &&
		    !strcmp(child + 6 + n, ">"))
			return i;
	}
	return -1;
}

/*
 * The properties read here are bools, numbers, ids, QOM paths and MACs:
 * QEMU puts none of these characters in them, and each would break the
 * command line, the shell or the XML built from the value.
 */
static bool qom_text_ok(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || strchr("'\"<>&\\`$,;", *s))
			return false;
	return true;
}

int vnet_qmp_qom_get(struct vnet_qmp *q, const char *path, const char *name, char *out,
		     size_t size)
{
	struct json_object *args = json_object_new_object(), *ret;
	int err;

	*out = '\0';
	json_object_object_add(args, "path", json_object_new_string(path));
	json_object_object_add(args, "property", json_object_new_string(name));
	err = vnet_qmp_command(q, "qom-get", args, &ret);
	if (err)
		return err == -EREMOTEIO ? -ENOENT : err;
	if (json_object_is_type(ret, json_type_boolean))
		vnet_strcpy(out, json_object_get_boolean(ret) ? "on" : "off", size);
	else if (json_object_is_type(ret, json_type_int))
		snprintf(out, size, "%lld", (long long)json_object_get_int64(ret));
	else if (json_object_is_type(ret, json_type_string) &&
		 !vnet_strcpy(out, json_object_get_string(ret), size)) {
		json_object_put(ret);
		/* cut, an id would name another netdev; a QEMU id is short */
		return vnet_set_error(q->ctx, -EPROTO, "qmp: qom-get %s %s: a value longer than "
				      "%zu bytes", path, name, size - 1);
	}
	json_object_put(ret);
	/* a mac is checked as a MAC by the caller, and reported unknown if not one */
	if (strcmp(name, "mac") && !qom_text_ok(out))
		return vnet_set_error(q->ctx, -EPROTO,
				      "qmp: qom-get %s %s: a value with characters QEMU does not use there",
				      path, name);
	return 0;
}

bool vnet_qmp_is_mac(const char *s)
{
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return false;
	return !s[17];
}

/*
 * A QOM child's name as QEMU makes them: an id (letters, digits, '-', '.',
 * '_', id_wellformed()) or "device[N]" under peripheral-anon.  Anything else
 * did not come from QEMU and must not reach paths, XML or a terminal.
 */
static bool is_qom_name(const char *s, size_t size)
{
	size_t n = strlen(s);

	if (!n || n >= size)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-._[]", s[i]))
			return false;
	return true;
}

void vnet_qmp_netdev_info(const char *text, const char *id, char *type, size_t size,
			  unsigned int *queues)
{
	size_t idlen = strlen(id);

	*queues = 0;
	*type = '\0';
	for (const char *line = text; idlen && line && *line;) {
		const char *p = line + strspn(line, " \\\t"), *t;
		const char *nl = strchr(line, '\n');

		if (!strncmp(p, id, idlen) && p[idlen] == ':') {
			(*queues)++;
			t = strstr(p, "type=");
			if (t && (!nl || t < nl)) {
				size_t n = strcspn(t + 5, ",\r\n");

				snprintf(type, size, "%.*s", (int)n, t + 5);
				/* a netdev type is a QAPI name; anything else stays unknown */
				if (strspn(type, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(type))
					*type = '\0';
			}
		}
		line = nl ? nl + 1 : NULL;
	}
}

int vnet_qmp_info_network(struct vnet_qmp *q, struct json_object **text)
{
	struct json_object *args = json_object_new_object();
	int err;

	json_object_object_add(args, "command-line", json_object_new_string("info network"));
	err = vnet_qmp_command(q, "human-monitor-command", args, text);
	if (!err && !json_object_is_type(*text, json_type_string)) {
		json_object_put(*text);
		*text = NULL;
		err = vnet_set_error(q->ctx, -EPROTO, "qmp: info network: the reply is not a string");
	}
	return err;
}

int vnet_qmp_nics(struct vnet_qmp *q, struct vnet_qmp_nic **out, size_t *n)
{
	static const char *const dirs[] = { "/machine/peripheral", "/machine/peripheral-anon" };
	struct vnet_qmp_nic *list = NULL;
	size_t count = 0;
	int err = 0;

	*out = NULL;
	*n = 0;
	for (size_t d = 0; !err && d < ARRAY_SIZE(dirs); d++) {
		struct json_object *args = json_object_new_object(), *children;

		json_object_object_add(args, "path", json_object_new_string(dirs[d]));
		err = vnet_qmp_command(q, "qom-list", args, &children);
		/* json-c asserts on array calls with anything else */
		if (!err && !json_object_is_type(children, json_type_array))
			err = vnet_set_error(q->ctx, -EPROTO,
					     "qmp: qom-list %s: the reply is not an array", dirs[d]);
		for (size_t i = 0; !err && i < json_object_array_length(children); i++) {
			struct json_object *c = json_object_array_get_idx(children, i), *t, *nm;
			struct vnet_qmp_nic *grown;
			int model;

			if (!json_object_object_get_ex(c, "type", &t) ||
			    !json_object_object_get_ex(c, "name", &nm) ||
			    !json_object_is_type(t, json_type_string) ||
			    !json_object_is_type(nm, json_type_string)) {
				err = vnet_set_error(q->ctx, -EPROTO,
						     "qmp: qom-list %s: entry %zu has no string name and type",
						     dirs[d], i);
				break;
			}
			model = qom_model(json_object_get_string(t));
			if (model < 0)
				continue;
			if (!is_qom_name(json_object_get_string(nm), sizeof(list->name))) {
				err = vnet_set_error(q->ctx, -EPROTO,
						     "qmp: qom-list %s: entry %zu: a name that is not a QOM id",
						     dirs[d], i);
				break;
			}
			if (count >= VNET_QMP_MAX_NICS) {
				err = vnet_set_error(q->ctx, -EPROTO,
						     "qmp: qom-list %s: more than %u virtio-net devices",
						     dirs[d], VNET_QMP_MAX_NICS);
				break;
			}
			grown = realloc(list, (count + 1) * sizeof(*list));
			if (!grown) {
				err = vnet_oom(q->ctx);
				break;
			}
			list = grown;
			memset(&list[count], 0, sizeof(list[count]));
			vnet_strcpy(list[count].name, json_object_get_string(nm),
				    sizeof(list[count].name));
			snprintf(list[count].path, sizeof(list[count].path), "%s/%s", dirs[d],
				 list[count].name);
			list[count].model = model;
			list[count].anonymous = d == 1;
			count++;
		}
		json_object_put(children);
	}
	if (err) {
		free(list);
		return err;
	}
	*out = list;
	*n = count;
	return 0;
}
