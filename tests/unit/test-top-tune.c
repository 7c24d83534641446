// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-top-tune.c - vnettop's tuning (tui/tune.c) on the model backend and a
 * captured tree: the status texts, refusals in the library's words, the
 * write, and the source showing its effect at once
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tui/model.h"
#include "../../tui/tune.h"
#include "../../tui/view.h"
#include "model-backend.h"

static struct vnet_ctx *modern(const char *param, const char *value)
{
	struct json_object *doc = model_load("modern.json");
	struct vnet_ctx *ctx = model_ctx_new_doc(doc);

	assert_non_null(ctx);
	if (param)
		assert_int_equal(vnet_ctx_set_param(ctx, param, value), 0);
	json_object_put(doc);
	return ctx;
}

/* What vnet_plan_new() itself says of @assign on the model's eth0. */
static void library_says(struct vnet_ctx *ctx, const char *assign, char *buf, size_t size)
{
	struct vnet_dev_list list = { 0 };
	struct vnet_plan *plan = NULL;

	assert_int_equal(vnet_dev_find(ctx, "eth0", &list), 0);
	assert_int_equal(vnet_plan_new(ctx, list.devs[0], &assign, 1, &plan), -EINVAL);
	snprintf(buf, size, "eth0: %s", vnet_ctx_error(ctx));
	vnet_dev_list_free(&list);
}

static void refused(struct vnet_ctx *ctx, const char *line, const char *expected)
{
	struct top_tune *t = (struct top_tune *)1;
	char msg[512];

	assert_int_equal(top_tune_prepare(ctx, "eth0", 0, line, &t, msg, sizeof(msg)), -EINVAL);
	assert_null(t);
	assert_string_equal(msg, expected);
}

static void refusals_in_the_library_words(void **state)
{
	struct vnet_ctx *ctx = modern(NULL, NULL);
	char want[512];

	(void)state;
	library_says(ctx, "queues=9", want, sizeof(want));
	assert_non_null(strstr(want, "queues=9: out of range 1..4"));
	refused(ctx, "queues=9", want);
	library_says(ctx, "mtu=x", want, sizeof(want));
	refused(ctx, "mtu=x", want);
	/* the first bad one among good ones, as set */
	refused(ctx, "queues=2 mtu=x", want);
	/* set's syntax refusals, before the device is read */
	refused(ctx, "queues", "eth0: 'queues': expected PROP=VALUE");
	refused(ctx, "=4", "eth0: '=4': no property name before '='");
	refused(ctx, "queues=", "eth0: 'queues=': empty value for queues (vnetctl get --list "
				"shows the values)");
	refused(ctx, "  ", "eth0: missing PROP=VALUE (vnetctl get --list lists them)");
	assert_string_equal(model_steps(ctx), "");
	vnet_ctx_free(ctx);
}

static void nothing_to_change(void **state)
{
	struct vnet_ctx *ctx = modern(NULL, NULL);
	struct top_tune *t = (struct top_tune *)1;
	char msg[512];

	(void)state;
	assert_int_equal(top_tune_prepare(ctx, "eth0", 2, "queues=4", &t, msg, sizeof(msg)), 0);
	assert_null(t);
	assert_string_equal(msg, "eth0: nothing to change");
	vnet_ctx_free(ctx);
}

static void gone_device(void **state)
{
	struct vnet_ctx *ctx = modern(NULL, NULL);
	struct top_tune *t;
	char msg[512];

	(void)state;
	/* another netdev has the name now */
	assert_int_equal(top_tune_prepare(ctx, "eth0", 99, "queues=2", &t, msg, sizeof(msg)),
			 -ENODEV);
	assert_null(t);
	assert_string_equal(msg, "eth0: gone (another device has the name now)");
	vnet_ctx_free(ctx);
}

/* Confirmed: applied, and the source shows the new queue count at the next tick. */
static void apply_and_show(void **state)
{
	struct vnet_ctx *ctx = modern(NULL, NULL);
	struct top_model *m = top_model_new();
	struct top_source *src;
	struct top_tune *t;
	char msg[512];

	(void)state;
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_dev(m, 0)->queues_active, 4);
	assert_int_equal(top_tune_prepare(ctx, "eth0", 2, "queues=2  mtu=9000", &t, msg,
					  sizeof(msg)), 0);
	assert_non_null(t);
	assert_string_equal(msg, "eth0: queues 4 -> 2, mtu 1500 -> 9000? [y/N]");
	assert_int_equal(top_tune_apply(t, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "eth0: applied: queues 4 -> 2, mtu 1500 -> 9000");
	top_tune_free(t);
	assert_string_not_equal(model_steps(ctx), "");
	/* the header groups were read two ticks ago: without the refresh they would wait */
	top_source_refresh(src, 2);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_dev(m, 0)->queues_active, 2);
	assert_int_equal(top_model_dev(m, 0)->mtu, 9000);
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
}

/* An alias is named as written; a refused step is rolled back and said so. */
static void alias_and_failure(void **state)
{
	struct vnet_ctx *ctx = modern("model.fail_step", "1");
	struct top_tune *t;
	char msg[512];

	(void)state;
	assert_int_equal(top_tune_prepare(ctx, "eth0", 2, "combined=1", &t, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "eth0: queues (as combined) 4 -> 1? [y/N]");
	assert_true(top_tune_apply(t, msg, sizeof(msg)) < 0);
	assert_int_equal(strncmp(msg, "eth0: failed: ", 14), 0);
	/* the library's "eth0: " is not said twice */
	assert_null(strstr(msg + 6, "eth0: "));
	top_tune_free(t);
	vnet_ctx_free(ctx);
}

/* The selected device's header: ">" in the marker column, and a style the view reverses. */
static void selection_marker(void **state)
{
	struct vnet_ctx *ctx = modern(NULL, NULL);
	struct top_model *m = top_model_new();
	struct top_lines l = { 0 };
	struct top_source *src;

	(void)state;
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_int_equal(top_source_tick(src, m), 0);
	top_layout_marked(m, 80, false, 0, &l);
	assert_int_equal(strncmp(l.v[0].text, ">eth0 virtio0 ", 14), 0);
	assert_true(l.v[0].style & TOP_LINE_SELECTED);
	assert_true(l.v[0].style & TOP_LINE_DEV);
	top_layout_marked(m, 80, false, TOP_NO_SELECTION, &l);
	assert_int_equal(strncmp(l.v[0].text, " eth0 virtio0 ", 14), 0);
	assert_false(l.v[0].style & TOP_LINE_SELECTED);
	/* batch output has no marker column */
	top_layout(m, 80, false, &l);
	assert_int_equal(strncmp(l.v[0].text, "eth0 virtio0 ", 13), 0);
	for (int i = 1; i < l.n; i++)
		assert_false(l.v[i].style & TOP_LINE_SELECTED);
	top_lines_free(&l);
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
}

#ifdef VNET_FIXTURES
/* A captured tree: the change is validated, and the write refused as set refuses it. */
static void captured_tree_refuses_the_write(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct top_tune *t;
	char msg[512];

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", VNET_FIXTURES "/mq4-6.12"), 0);
	refused(ctx, "queues=999", "eth0: queues=999: out of range 1..4 (the device has 4 queue "
				   "pairs; QEMU -netdev ...,queues=N and -device virtio-net-pci,"
				   "mq=on,vectors=2N+2 raise it)");
	assert_int_equal(top_tune_prepare(ctx, "eth0", 0, "queues=1", &t, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "eth0: queues 2 -> 1? [y/N]");
	assert_int_equal(top_tune_apply(t, msg, sizeof(msg)), -EROFS);
	assert_string_equal(msg, "eth0: failed: nothing was changed: a captured tree (linux.root, "
				 "linux.sysfs or linux.procfs) is read-only");
	top_tune_free(t);
	vnet_ctx_free(ctx);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals_in_the_library_words),
		cmocka_unit_test(nothing_to_change),
		cmocka_unit_test(gone_device),
		cmocka_unit_test(apply_and_show),
		cmocka_unit_test(alias_and_failure),
		cmocka_unit_test(selection_marker),
#ifdef VNET_FIXTURES
		cmocka_unit_test(captured_tree_refuses_the_write),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
