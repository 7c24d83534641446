// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-top-batch.c - vnettop --batch frames (text and JSON Lines) from a
 * model fed with recorded sample pairs, and from a captured tree
 *
 * The JSON is parsed back with json-c and every key is held to the lead's
 * spec (TOP-SPEC section 1): exactly these keys, these types, null for
 * unknown, rates over the samples' measured interval.
 */
#include "config.h"

#include <math.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "../../tui/model.h"
#include "../../tui/view.h"
#include "top-samples.h"


/* ---- recorded samples ----------------------------------------------------- */

static struct vnet_dev *fake_dev(const char *ifname, const char *virtio, uint32_t ifindex,
				 unsigned int nq)
{
	struct vnet_dev *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	snprintf(d->ifname, sizeof(d->ifname), "%s", ifname);
	snprintf(d->virtio_name, sizeof(d->virtio_name), "%s", virtio);
	snprintf(d->bus, sizeof(d->bus), "pci");
	d->ifindex = ifindex;
	d->filled = VNET_FILL_LINK | VNET_FILL_CHANNELS | VNET_FILL_QUEUES | VNET_FILL_PCI;
	d->pci.mode = VNET_MODE_MODERN;
	d->link.carrier = VNET_TRI_YES;
	d->link.speed_mbps = VNET_UNKNOWN;
	d->mtu.current = 1500;
	d->channels.combined = nq;
	d->channels.max_combined = nq;
	d->n_queues = nq;
	d->queues = calloc(nq, sizeof(*d->queues));
	assert_non_null(d->queues);
	for (uint32_t q = 0; q < nq; q++) {
		d->queues[q].index = q;
		d->queues[q].active = true;
		snprintf(d->queues[q].xps_cpus, sizeof(d->queues[q].xps_cpus), "%x", 1u << q);
		/* rps_cpus "": steering not read, so null */
	}
	return d;
}

static void free_dev(struct vnet_dev *d)
{
	free(d->queues);
	free(d);
}

/* ---- frames as a script sees them ---------------------------------------- */

static char *json_frame_text(struct top_model *m, unsigned long frame, double when)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(top_batch_json_frame(f, m, frame, when), 0);
	fclose(f);
	return buf;
}

/* The frame parsed back; one line, ending in a newline (JSON Lines). */
static struct json_object *json_frame(struct top_model *m, unsigned long frame, double when)
{
	char *text = json_frame_text(m, frame, when);
	size_t len = strlen(text);
	struct json_object *o;

	assert_true(len > 2);
	assert_int_equal(text[len - 1], '\n');
	assert_null(memchr(text, '\n', len - 1));
	o = json_tokener_parse(text);
	if (!o)
		fail_msg("not JSON: %s", text);
	free(text);
	return o;
}

static char *text_frame(const struct top_model *m, unsigned long frame, double when, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(top_batch_text_frame(f, m, frame, when, 0.5, width, false), 0);
	fclose(f);
	return buf;
}

/* @o has exactly the keys of @keys (NULL-terminated) */
static void assert_keys(struct json_object *o, const char *what, const char *const *keys)
{
	size_t n = 0;

	assert_true(json_object_is_type(o, json_type_object));
	for (; keys[n]; n++)
		if (!json_object_object_get_ex(o, keys[n], NULL))
			fail_msg("%s: no key \"%s\" in %s", what, keys[n],
				 json_object_to_json_string(o));
	if ((size_t)json_object_object_length(o) != n)
		fail_msg("%s: %d keys, expected %zu: %s", what, json_object_object_length(o), n,
			 json_object_to_json_string(o));
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no key \"%s\"", key);
	return v;
}

static const char *const frame_keys[] = { "schema", "frame", "time", "devices", NULL };
static const char *const dev_keys[] = {
	"ifname", "virtio_name", "ifindex", "state", "mode", "carrier", "speed_mbps", "mtu",
	"queues_active", "queues_max", "irq_mode", "interval", "error", "rates", "totals",
	"queues", NULL,
};
static const char *const queue_keys[] = {
	"index", "active", "rates", "totals", "irq_cpu", "xps", "rps", NULL,
};
static const char *const col_keys[] = {
	"rx-packets", "rx-bits", "tx-packets", "tx-bits", "drops", "kicks", "irqs", NULL,
};

static void assert_type_or_null(struct json_object *o, const char *key, enum json_type type)
{
	struct json_object *v = get(o, key);

	if (v && !json_object_is_type(v, type) &&
	    !(type == json_type_double && json_object_is_type(v, json_type_int)))
		fail_msg("\"%s\" is %s: %s", key, json_type_to_name(json_object_get_type(v)),
			 json_object_to_json_string(o));
}

/* COLS: exactly the seven keys, each a number (never negative) or null */
static void check_cols(struct json_object *cols, const char *what)
{
	assert_keys(cols, what, col_keys);
	for (int i = 0; col_keys[i]; i++) {
		struct json_object *v = get(cols, col_keys[i]);

		assert_type_or_null(cols, col_keys[i], json_type_double);
		if (v && json_object_get_double(v) < 0)
			fail_msg("%s: %s negative", what, col_keys[i]);
	}
}

/* Every key and type of TOP-SPEC section 1, throughout a frame. */
static void check_frame_shape(struct json_object *f, unsigned long frame)
{
	struct json_object *devs = get(f, "devices");

	assert_keys(f, "frame", frame_keys);
	assert_int_equal(json_object_get_int(get(f, "schema")), 1);
	assert_int_equal(json_object_get_int64(get(f, "frame")), frame);
	assert_true(json_object_is_type(get(f, "time"), json_type_double));
	assert_true(json_object_is_type(devs, json_type_array));
	for (size_t i = 0; i < json_object_array_length(devs); i++) {
		struct json_object *d = json_object_array_get_idx(devs, i), *qs;
		const char *state, *mode;
		int64_t last = -1;

		assert_keys(d, "device", dev_keys);
		/* null only for a virtio device without a netdev */
		assert_type_or_null(d, "ifname", json_type_string);
		assert_true(json_object_is_type(get(d, "virtio_name"), json_type_string));
		assert_true(json_object_is_type(get(d, "ifindex"), json_type_int));
		state = json_object_get_string(get(d, "state"));
		assert_true(!strcmp(state, "present") || !strcmp(state, "gone"));
		mode = get(d, "mode") ? json_object_get_string(get(d, "mode")) : NULL;
		/* what vnetctl calls the transport (vnet_pci_mode_name()), "mmio" or null */
		assert_true(!mode || !strcmp(mode, "modern") || !strcmp(mode, "legacy") ||
			    !strcmp(mode, "transitional") || !strcmp(mode, "mmio"));
		assert_type_or_null(d, "carrier", json_type_boolean);
		assert_type_or_null(d, "speed_mbps", json_type_int);
		assert_type_or_null(d, "mtu", json_type_int);
		assert_type_or_null(d, "queues_active", json_type_int);
		assert_type_or_null(d, "queues_max", json_type_int);
		assert_type_or_null(d, "irq_mode", json_type_string);
		assert_type_or_null(d, "interval", json_type_double);
		assert_type_or_null(d, "error", json_type_string);
		check_cols(get(d, "rates"), "device rates");
		check_cols(get(d, "totals"), "device totals");
		qs = get(d, "queues");
		assert_true(json_object_is_type(qs, json_type_array));
		for (size_t k = 0; k < json_object_array_length(qs); k++) {
			struct json_object *q = json_object_array_get_idx(qs, k);

			assert_keys(q, "queue", queue_keys);
			assert_true(json_object_is_type(get(q, "index"), json_type_int));
			/* index order, not the sort order */
			assert_true(json_object_get_int64(get(q, "index")) > last);
			last = json_object_get_int64(get(q, "index"));
			assert_type_or_null(q, "active", json_type_boolean);
			check_cols(get(q, "rates"), "queue rates");
			check_cols(get(q, "totals"), "queue totals");
			assert_type_or_null(q, "irq_cpu", json_type_string);
			assert_type_or_null(q, "xps", json_type_string);
			assert_type_or_null(q, "rps", json_type_string);
		}
	}
}

static struct json_object *device(struct json_object *f, const char *virtio)
{
	struct json_object *devs = get(f, "devices");

	for (size_t i = 0; i < json_object_array_length(devs); i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);

		if (!strcmp(json_object_get_string(get(d, "virtio_name")), virtio))
			return d;
	}
	fail_msg("no %s in %s", virtio, json_object_to_json_string(f));
	return NULL;
}

static struct json_object *queue(struct json_object *d, int64_t index)
{
	struct json_object *qs = get(d, "queues");

	for (size_t i = 0; i < json_object_array_length(qs); i++) {
		struct json_object *q = json_object_array_get_idx(qs, i);

		if (json_object_get_int64(get(q, "index")) == index)
			return q;
	}
	fail_msg("no queue %lld", (long long)index);
	return NULL;
}

/* @o[@group][@col] as a number, NAN for null */
static double num(struct json_object *o, const char *group, const char *col)
{
	struct json_object *v = get(group ? get(o, group) : o, col);

	return v ? json_object_get_double(v) : NAN;
}

static void assert_all_null(struct json_object *cols)
{
	for (int i = 0; col_keys[i]; i++)
		if (get(cols, col_keys[i]))
			fail_msg("%s is not null", col_keys[i]);
}

/* ---- tests ---------------------------------------------------------------- */

/*
 * Recorded pairs: eth0 (2 queues) and eth1 (1 queue) sampled at 1 s and
 * 3.5 s (the loop asked for 1 s and woke late), then eth0 at 4.5 s with its
 * counters zeroed in between; eth1 is unplugged after the second sample.
 */
static void json_frames_from_recorded_pairs(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2, 2), *b = fake_dev("eth1", "virtio1", 3, 1);
	struct json_object *f, *d, *q;

	/* frame 1: at once, rates unknown */
	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(1 * NS, 2, 1000), fake_sample(1 * NS, 1, 7) }, 2);
	f = json_frame(m, 1, 1796000000.25);
	check_frame_shape(f, 1);
	assert_double_equal(json_object_get_double(get(f, "time")), 1796000000.25, 1e-3);
	assert_int_equal(json_object_array_length(get(f, "devices")), 2);
	d = device(f, "virtio0");
	assert_string_equal(json_object_get_string(get(d, "ifname")), "eth0");
	assert_int_equal(json_object_get_int(get(d, "ifindex")), 2);
	assert_string_equal(json_object_get_string(get(d, "state")), "present");
	assert_string_equal(json_object_get_string(get(d, "mode")), "modern");
	assert_true(json_object_get_boolean(get(d, "carrier")));
	assert_null(get(d, "speed_mbps"));
	assert_int_equal(json_object_get_int(get(d, "mtu")), 1500);
	assert_int_equal(json_object_get_int(get(d, "queues_active")), 2);
	assert_int_equal(json_object_get_int(get(d, "queues_max")), 2);
	assert_null(get(d, "irq_mode"));
	assert_null(get(d, "interval"));
	assert_null(get(d, "error"));
	assert_all_null(get(d, "rates"));
	assert_int_equal(json_object_array_length(get(d, "queues")), 2);
	q = queue(d, 1);
	assert_true(json_object_get_boolean(get(q, "active")));
	assert_all_null(get(q, "rates"));
	assert_all_null(get(q, "totals"));
	assert_string_equal(json_object_get_string(get(q, "xps")), "1");
	assert_null(get(q, "rps"));
	assert_null(get(q, "irq_cpu"));
	json_object_put(f);

	/* frame 2: 2.5 s measured, so 1000 more rx packets on queue 0 is 400/s */
	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(3 * NS + NS / 2, 2, 2000),
				       fake_sample(3 * NS + NS / 2, 1, 17) }, 2);
	f = json_frame(m, 2, 1796000002.75);
	check_frame_shape(f, 2);
	d = device(f, "virtio0");
	assert_double_equal(json_object_get_double(get(d, "interval")), 2.5, 1e-9);
	q = queue(d, 0);
	assert_double_equal(num(q, "rates", "rx-packets"), 400, 1e-9);
	assert_double_equal(num(q, "rates", "rx-bits"), 400 * 100 * 8, 1e-6);
	assert_double_equal(num(q, "rates", "tx-packets"), 400, 1e-9);
	assert_true(isnan(num(q, "rates", "tx-bits")));
	assert_double_equal(num(q, "rates", "drops"), 0, 1e-9);
	assert_true(isnan(num(q, "rates", "kicks")));
	assert_true(isnan(num(q, "rates", "irqs")));
	assert_double_equal(num(q, "totals", "rx-packets"), 1000, 1e-6);
	q = queue(d, 1);
	assert_double_equal(num(q, "rates", "rx-packets"), 800, 1e-9);
	assert_double_equal(num(q, "rates", "drops"), 40, 1e-9);
	assert_double_equal(num(q, "totals", "rx-packets"), 2000, 1e-6);
	assert_double_equal(num(q, "totals", "drops"), 100, 1e-6);
	/* the device's columns are over its queues */
	assert_double_equal(num(d, "rates", "rx-packets"), 1200, 1e-9);
	assert_double_equal(num(d, "rates", "tx-packets"), 800, 1e-9);
	assert_double_equal(num(d, "rates", "drops"), 40, 1e-9);
	assert_double_equal(num(d, "totals", "rx-packets"), 3000, 1e-6);
	assert_double_equal(num(d, "totals", "drops"), 100, 1e-6);
	d = device(f, "virtio1");
	assert_double_equal(num(queue(d, 0), "rates", "rx-packets"), 4, 1e-9);
	json_object_put(f);

	/* frame 3: eth0's counters zeroed (driver reload) 1 s later, eth1 unplugged */
	tick(m, &a, (struct vnet_sample *[]){ fake_sample(4 * NS + NS / 2, 2, 500) }, 1);
	f = json_frame(m, 3, 1796000003.75);
	check_frame_shape(f, 3);
	d = device(f, "virtio0");
	assert_double_equal(json_object_get_double(get(d, "interval")), 1, 1e-9);
	/* counted since the reset, not a negative rate (check_frame_shape: none negative) */
	q = queue(d, 0);
	assert_double_equal(num(q, "rates", "rx-packets"), 500, 1e-9);
	assert_double_equal(num(q, "totals", "rx-packets"), 1500, 1e-6);
	d = device(f, "virtio1");
	assert_string_equal(json_object_get_string(get(d, "state")), "gone");
	assert_string_equal(json_object_get_string(get(d, "ifname")), "eth1");
	assert_null(get(d, "interval"));
	assert_int_equal(json_object_array_length(get(d, "queues")), 0);
	assert_all_null(get(d, "rates"));
	assert_all_null(get(d, "totals"));
	json_object_put(f);

	/*
	 * A gone device stays listed TOP_GONE_TICKS frames, then leaves.  (The
	 * model keeps it one tick more than that: the frame it vanished in
	 * plus TOP_GONE_TICKS; either is what a script waiting for it to
	 * leave needs.)
	 */
	for (int i = 1; i <= TOP_GONE_TICKS + 1; i++) {
		size_t n;

		tick(m, &a, (struct vnet_sample *[]){ fake_sample((5 + i) * NS, 2, 500 + i) }, 1);
		f = json_frame(m, 3 + i, 1796000004.0 + i);
		check_frame_shape(f, 3 + i);
		n = json_object_array_length(get(f, "devices"));
		if (i < TOP_GONE_TICKS)
			assert_int_equal(n, 2);
		if (i == TOP_GONE_TICKS + 1)
			assert_int_equal(n, 1);
		if (n == 2)
			assert_string_equal(
				json_object_get_string(get(device(f, "virtio1"), "state")), "gone");
		json_object_put(f);
	}
	top_model_free(m);
	free_dev(a);
	free_dev(b);
}

/* A device whose counters cannot be read says why; unknown facts are null. */
static void json_error_and_unknowns(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("", "virtio4", 9, 1);
	struct json_object *f, *j;

	d->filled = 0;
	top_model_begin(m);
	assert_int_equal(top_model_feed(m, d, NULL, "qstats: no such \"thing\""), 0);
	assert_int_equal(top_model_end(m), 0);
	f = json_frame(m, 1, 1.5);
	check_frame_shape(f, 1);
	j = device(f, "virtio4");
	assert_null(get(j, "ifname"));
	assert_string_equal(json_object_get_string(get(j, "error")), "qstats: no such \"thing\"");
	assert_null(get(j, "mode"));
	assert_null(get(j, "carrier"));
	assert_null(get(j, "mtu"));
	assert_null(get(j, "queues_active"));
	assert_null(get(j, "queues_max"));
	assert_null(get(j, "interval"));
	json_object_put(f);
	top_model_free(m);
	free_dev(d);
}

/* The interactive sort or totals mode never leaks into the JSON. */
static void json_ignores_view_settings(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2, 4);
	struct json_object *f, *d;

	tick(m, &a, (struct vnet_sample *[]){ fake_sample(1 * NS, 4, 100) }, 1);
	tick(m, &a, (struct vnet_sample *[]){ fake_sample(2 * NS, 4, 300) }, 1);
	top_model_set_sort(m, TOP_COL_RX_PACKETS, true);
	top_model_set_totals(m, true);
	f = json_frame(m, 2, 2);
	check_frame_shape(f, 2);
	d = device(f, "virtio0");
	for (int64_t q = 0; q < 4; q++) {
		assert_double_equal(num(queue(d, q), "rates", "rx-packets"), 200 * (q + 1), 1e-9);
		assert_double_equal(num(queue(d, q), "totals", "rx-packets"), 200 * (q + 1), 1e-6);
	}
	json_object_put(f);
	/* the model is left as it was */
	assert_true(top_model_totals(m));
	assert_int_equal(top_model_dev(m, 0)->queues[0].index, 3);
	top_model_free(m);
	free_dev(a);
}

static size_t columns(const char *utf8)
{
	size_t n = 0;

	for (; *utf8 && *utf8 != '\n'; utf8++)
		n += ((unsigned char)*utf8 & 0xc0) != 0x80;
	return n;
}

/* A text frame: the title line, top_layout()'s lines, a blank line. */
static void text_frames(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2, 2), *b = fake_dev("eth1", "virtio1", 3, 1);
	struct top_lines l = { 0 };
	regex_t title;
	char *text, *line, *save;
	int n = 0;

	assert_int_equal(regcomp(&title,
				 "^vnettop [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
				 "[+-][0-9]{4}  frame 7  every 0\\.5 s$",
				 REG_EXTENDED | REG_NOSUB), 0);
	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(1 * NS, 2, 1000), fake_sample(1 * NS, 1, 7) }, 2);
	/* rates unknown in the first frame: "-" */
	text = text_frame(m, 1, 1796000000, 80);
	assert_non_null(strstr(text, "\n   0      -      -"));
	free(text);
	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(3 * NS + NS / 2, 2, 2000),
				       fake_sample(3 * NS + NS / 2, 1, 17) }, 2);
	tick(m, &a, (struct vnet_sample *[]){ fake_sample(4 * NS + NS / 2, 2, 3000) }, 1);
	text = text_frame(m, 7, 1796000004.5, 80);
	top_layout(m, 80, false, &l);
	/* eth0: header, headings, 2 queues, all; eth1 gone: one line */
	assert_int_equal(l.n, 6);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n == 0) {
			if (regexec(&title, line, 0, NULL, 0))
				fail_msg("title '%s'", line);
			continue;
		}
		assert_true(n - 1 < l.n);
		assert_string_equal(line, l.v[n - 1].text);
		if (!(l.v[n - 1].style & TOP_LINE_DEV) && columns(line) > 80)
			fail_msg("wider than 80: '%s'", line);
	}
	assert_int_equal(n, 1 + l.n);
	free(text);
	text = text_frame(m, 7, 1796000004.5, 80);
	/* ends in one blank line; the measured rate is there (1000 pkts over 1 s, queue 1: 2000) */
	assert_int_equal(strcmp(text + strlen(text) - 2, "\n\n"), 0);
	assert_non_null(strstr(text, "\n   1   2.0k"));
	assert_non_null(strstr(text, "\neth1 virtio1  gone\n"));
	assert_non_null(strstr(text, "drops/s 100"));
	free(text);
	/* in totals mode the headings say so */
	top_model_set_totals(m, true);
	text = text_frame(m, 8, 1796000004.5, 80);
	assert_non_null(strstr(text, "RXpk"));
	assert_null(strstr(text, "RXpps"));
	free(text);
	regfree(&title);
	top_lines_free(&l);
	top_model_free(m);
	free_dev(a);
	free_dev(b);
}

#ifdef VNET_FIXTURES
static int read_uint(const char *tree, const char *ifname, const char *attr)
{
	char path[512];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "%s/sys/class/net/%s/%s", tree, ifname, attr);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &v), 1);
	fclose(f);
	return v;
}

/* The source on a captured tree, framed: devices as the tree names them. */
static void frames_from_fixture(void **state)
{
	const char *tree = VNET_FIXTURES "/twonics-6.12";
	struct top_model *m = top_model_new();
	struct top_source *src;
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct json_object *f, *d;
	char *text;

	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", tree), 0);
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	for (unsigned long frame = 1; frame <= 2; frame++) {
		assert_int_equal(top_source_tick(src, m), 0);
		f = json_frame(m, frame, 1796000000.0 + frame);
		check_frame_shape(f, frame);
		assert_int_equal(json_object_array_length(get(f, "devices")), 2);
		for (int i = 0; i < 2; i++) {
			const char *ifname = i ? "eth1" : "eth0";

			d = device(f, i ? "virtio1" : "virtio0");
			assert_string_equal(json_object_get_string(get(d, "ifname")), ifname);
			assert_int_equal(json_object_get_int(get(d, "ifindex")),
					 read_uint(tree, ifname, "ifindex"));
			assert_int_equal(json_object_get_int(get(d, "mtu")),
					 read_uint(tree, ifname, "mtu"));
			assert_string_equal(json_object_get_string(get(d, "state")), "present");
			/* a captured tree does not count: zero after the first frame */
			if (frame == 1)
				assert_null(get(d, "interval"));
			else
				assert_double_equal(num(d, "rates", "rx-packets"), 0, 0);
		}
		json_object_put(f);
	}
	text = text_frame(m, 2, 1796000002, 80);
	assert_non_null(strstr(text, "\neth0 virtio0 "));
	assert_non_null(strstr(text, "\neth1 virtio1 "));
	free(text);
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_frames_from_recorded_pairs),
		cmocka_unit_test(json_error_and_unknowns),
		cmocka_unit_test(json_ignores_view_settings),
		cmocka_unit_test(text_frames),
#ifdef VNET_FIXTURES
		cmocka_unit_test(frames_from_fixture),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
