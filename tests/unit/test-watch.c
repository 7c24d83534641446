// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-watch.c - link events (vnet_watch_*) and the vnettop source that
 *                rescans on them
 *
 * Captured trees and the model backend have no events.  The source is held
 * to "no event, no rescan" on the model backend given a fake watch (an
 * eventfd).  The live Linux watch is opened on this machine, then driven
 * for real in a network namespace of the test's own (unshare; inside a user
 * namespace of its own when not root): only that namespace's loopback and a
 * veth pair made there change, never a link of the machine.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tui/model.h"
#include "model-backend.h"

#define NS 1000000000ull
/* more than the source's periodic RESCAN_TICKS, several times over */
#define TICKS 16

/* ---- backends without events ---------------------------------------------- */

#ifdef VNET_FIXTURES
static void captured_tree_has_no_events(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_watch *w = (struct vnet_watch *)&w;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", VNET_FIXTURES "/modern-6.12"), 0);
	assert_int_equal(vnet_watch_open(ctx, &w), -EOPNOTSUPP);
	assert_null(w);
	assert_non_null(strstr(vnet_ctx_error(ctx), "captured tree has no link events"));
	assert_non_null(strstr(vnet_ctx_error(ctx), "modern-6.12"));
	vnet_ctx_free(ctx);
}

/* A copied sysfs without linux.root is not the running kernel's either. */
static void other_sysfs_has_no_events(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_watch *w;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.sysfs", VNET_FIXTURES "/modern-6.12/sys"),
			 0);
	assert_int_equal(vnet_watch_open(ctx, &w), -EOPNOTSUPP);
	assert_non_null(strstr(vnet_ctx_error(ctx), "not the running kernel's"));
	vnet_ctx_free(ctx);
}
#endif

static void model_backend_has_no_events(void **state)
{
	struct json_object *doc = model_load("modern.json");
	struct vnet_ctx *ctx = model_ctx_new_doc(doc);
	struct vnet_watch *w;

	(void)state;
	json_object_put(doc);
	assert_non_null(ctx);
	assert_int_equal(vnet_watch_open(ctx, &w), -EOPNOTSUPP);
	assert_null(w);
	assert_non_null(strstr(vnet_ctx_error(ctx), "no link events"));
	vnet_ctx_free(ctx);
}

/* ---- the source on the model backend, with and without a (fake) watch ----- */

/* One device (modern.json) with @n samples a second apart: no sample fails. */
static char *model_with_samples(unsigned int n)
{
	struct json_object *doc = model_load("modern.json"), *devs, *samples;
	char text[256];
	char *json;

	json_object_object_get_ex(doc, "devices", &devs);
	samples = json_object_new_array();
	for (unsigned int i = 0; i < n; i++) {
		snprintf(text, sizeof(text),
			 "{'mono_ns': %llu, 'queues': [{'index': 0, 'rx': {'packets': %u}}]}",
			 (unsigned long long)(i + 1) * NS, 100 * i);
		json_object_array_add(samples, model_parse(text));
	}
	json_object_object_add(json_object_array_get_idx(devs, 0), "samples", samples);
	json = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	assert_non_null(json);
	json_object_put(doc);
	return json;
}

/* The fake watch: an eventfd the test writes to for "a link changed". */
static int fake_efd = -1;
static int fake_opens, fake_calls;

static int fake_watch_open(struct vnet_ctx *ctx, void **priv)
{
	(void)ctx;
	fake_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	assert_true(fake_efd >= 0);
	fake_opens++;
	*priv = &fake_efd;
	return 0;
}

static int fake_watch_fd(const void *priv)
{
	return *(const int *)priv;
}

static int fake_watch_changed(struct vnet_ctx *ctx, void *priv)
{
	eventfd_t n;

	(void)ctx;
	fake_calls++;
	return eventfd_read(*(int *)priv, &n) == 0;
}

static void fake_watch_close(struct vnet_ctx *ctx, void *priv)
{
	(void)ctx;
	close(*(int *)priv);
	fake_efd = -1;
}

static struct vnet_backend_ops evented_model;

static struct vnet_ctx *evented_ctx(const char *json)
{
	struct vnet_ctx *ctx = vnet_ctx_new();

	evented_model = model_backend;
	evented_model.name = "model-with-events";
	evented_model.watch_open = fake_watch_open;
	evented_model.watch_fd = fake_watch_fd;
	evented_model.watch_changed = fake_watch_changed;
	evented_model.watch_close = fake_watch_close;
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_backend_ops(ctx, &evented_model), 0);
	assert_int_equal(vnet_ctx_set_param(ctx, "model.json", json), 0);
	return ctx;
}

/* With events: no rescan without one, exactly one per event, the watch checked every tick. */
static void source_rescans_on_events_only(void **state)
{
	char *json = model_with_samples(TICKS + 4);
	struct vnet_ctx *ctx = evented_ctx(json);
	struct top_model *m = top_model_new();
	struct top_source *src;

	(void)state;
	fake_opens = fake_calls = 0;
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_int_equal(fake_opens, 1);
	assert_true(top_source_has_events(src));
	for (int i = 0; i < TICKS; i++)
		assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(fake_calls, TICKS);
	assert_int_equal(top_source_rescans(src), 0);
	assert_int_equal(top_model_n_devs(m), 1);
	assert_string_equal(top_model_dev(m, 0)->error, "");

	assert_int_equal(eventfd_write(fake_efd, 1), 0);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_source_rescans(src), 1);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_source_rescans(src), 1);
	/* the same device after the rescan: counters continue, no error */
	assert_int_equal(top_model_n_devs(m), 1);
	assert_false(top_model_dev(m, 0)->gone);
	assert_string_equal(top_model_dev(m, 0)->error, "");

	/* asked for (a failed sample elsewhere, a write): rescanned although no event */
	top_source_rescan(src);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_source_rescans(src), 2);

	top_source_close(src);
	assert_int_equal(fake_efd, -1);
	top_model_free(m);
	vnet_ctx_free(ctx);
	free(json);
}

/*
 * A virtio device without a netdev (an unplug half done, a driver unbound):
 * no link event tells when it goes, so it is looked for again every tick.
 */
static void source_rescans_while_a_netdev_is_missing(void **state)
{
	struct json_object *doc = model_load("modern.json");
	struct vnet_ctx *ctx;
	struct top_model *m = top_model_new();
	struct top_source *src;

	(void)state;
	model_patch(doc, "{'devices': [{'ifname': ''}]}");
	ctx = evented_ctx(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_true(top_source_has_events(src));
	for (int i = 0; i < 3; i++)
		assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_source_rescans(src), 3);
	assert_int_equal(top_model_n_devs(m), 1);
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	json_object_put(doc);
}

/* Without events (the model backend as is): the list is read every few ticks. */
static void source_rescans_periodically_without_events(void **state)
{
	char *json = model_with_samples(TICKS + 4);
	struct vnet_ctx *ctx = model_ctx_new(json);
	struct top_model *m = top_model_new();
	struct top_source *src;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_false(top_source_has_events(src));
	for (int i = 0; i < TICKS; i++)
		assert_int_equal(top_source_tick(src, m), 0);
	assert_true(top_source_rescans(src) >= 2);
	assert_true(top_source_rescans(src) < TICKS);
	assert_string_equal(top_model_dev(m, 0)->error, "");
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	free(json);
}

/* ---- the live Linux watch --------------------------------------------------- */

#ifdef VNET_HAVE_BACKEND_LINUX
/* A watch on this machine, or the test skipped when it cannot have one. */
static struct vnet_watch *live_watch(struct vnet_ctx *ctx)
{
	struct vnet_watch *w = NULL;
	int err = vnet_watch_open(ctx, &w);

	if (err == -EPERM || err == -EACCES || err == -EAFNOSUPPORT ||
	    err == -EPROTONOSUPPORT) {
		print_message("no rtnetlink here: %s\n", vnet_ctx_error(ctx));
		skip();
	}
	if (err)
		fail_msg("vnet_watch_open: %s", vnet_ctx_error(ctx));
	return w;
}

static void live_watch_opens(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_watch *w;
	int fd;

	(void)state;
	assert_non_null(ctx);
	w = live_watch(ctx);
	fd = vnet_watch_fd(w);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	/* links of this machine may change meanwhile (other programs): 0 or 1 */
	assert_true(vnet_watch_changed(w) >= 0);
	vnet_watch_close(w);
	vnet_ctx_free(ctx);
}

static int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok = f && fputs(text, f) >= 0;

	if (f && fclose(f))
		ok = 0;
	return ok ? 0 : -1;
}

/*
 * A network namespace of our own: as root directly, else inside a user
 * namespace of our own where we are root (so that ip(8) keeps the right to
 * change links after exec), where the kernel allows it.
 */
static int own_netns(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(CLONE_NEWNET) == 0)
		return 0;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)uid);
	if (write_file("/proc/self/uid_map", map) || write_file("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)gid);
	return write_file("/proc/self/gid_map", map);
}

/*
 * Moves this process into a network namespace of its own, for good: run
 * last.  Notifications are queued before ip(8) returns, so no waiting.
 */
static void live_events_in_own_netns(void **state)
{
	struct vnet_ctx *ctx;
	struct vnet_watch *w;
	int calls, small = 1;

	(void)state;
	if (own_netns()) {
		print_message("cannot make a network namespace: %s\n", strerror(errno));
		skip();
	}
	if (sh("ip -V >/dev/null 2>&1")) {
		print_message("no ip(8)\n");
		skip();
	}
	ctx = vnet_ctx_new();
	assert_non_null(ctx);
	w = live_watch(ctx);
	/* a fresh namespace has only lo, and it is quiet */
	assert_int_equal(vnet_watch_changed(w), 0);

	assert_int_equal(sh("ip link set lo up"), 0);
	assert_int_equal(vnet_watch_changed(w), 1);
	assert_int_equal(vnet_watch_changed(w), 0);
	assert_int_equal(sh("ip link set lo mtu 1500"), 0);
	assert_int_equal(vnet_watch_changed(w), 1);
	assert_int_equal(vnet_watch_changed(w), 0);

	/* appear, vanish */
	if (sh("ip link add vnw0 type veth peer name vnw1 2>/dev/null") == 0) {
		assert_int_equal(vnet_watch_changed(w), 1);
		assert_int_equal(vnet_watch_changed(w), 0);
		assert_int_equal(sh("ip link set vnw0 name vnw2"), 0);
		assert_int_equal(vnet_watch_changed(w), 1);
		assert_int_equal(sh("ip link del vnw2"), 0);
		assert_int_equal(vnet_watch_changed(w), 1);
		assert_int_equal(vnet_watch_changed(w), 0);
	} else {
		print_message("no veth: appear/vanish not exercised\n");
	}

	/* a burst longer than one call drains: 1 until empty, then 0, never an error */
	assert_int_equal(sh("for i in $(seq 200); do echo link set lo mtu $((1400 + i)); done | "
			    "ip -batch -"), 0);
	for (calls = 0; calls < 20 && vnet_watch_changed(w) == 1; calls++)
		;
	assert_true(calls >= 1 && calls < 20);
	assert_int_equal(vnet_watch_changed(w), 0);

	/* overrun: a tiny receive buffer drops notifications, which counts as a change */
	assert_int_equal(setsockopt(vnet_watch_fd(w), SOL_SOCKET, SO_RCVBUF, &small,
				    sizeof(small)), 0);
	assert_int_equal(sh("for i in $(seq 50); do echo link set lo mtu $((1500 + i)); done | "
			    "ip -batch -"), 0);
	assert_int_equal(vnet_watch_changed(w), 1);
	for (calls = 0; calls < 20 && vnet_watch_changed(w) == 1; calls++)
		;
	assert_int_equal(vnet_watch_changed(w), 0);

	vnet_watch_close(w);
	vnet_ctx_free(ctx);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef VNET_FIXTURES
		cmocka_unit_test(captured_tree_has_no_events),
		cmocka_unit_test(other_sysfs_has_no_events),
#endif
		cmocka_unit_test(model_backend_has_no_events),
		cmocka_unit_test(source_rescans_on_events_only),
		cmocka_unit_test(source_rescans_while_a_netdev_is_missing),
		cmocka_unit_test(source_rescans_periodically_without_events),
#ifdef VNET_HAVE_BACKEND_LINUX
		cmocka_unit_test(live_watch_opens),
		/* last: it leaves the machine's network namespace */
		cmocka_unit_test(live_events_in_own_netns),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
