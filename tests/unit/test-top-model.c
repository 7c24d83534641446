// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-top-model.c - vnettop's model on synthetic samples, and its source on
 * the model backend
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tui/model.h"
#include "../../tui/view.h"
#include "top-samples.h"
#include "model-backend.h"


static struct vnet_dev *fake_dev(const char *ifname, const char *virtio, uint32_t ifindex)
{
	struct vnet_dev *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	snprintf(d->ifname, sizeof(d->ifname), "%s", ifname);
	snprintf(d->virtio_name, sizeof(d->virtio_name), "%s", virtio);
	d->ifindex = ifindex;
	return d;
}

static const struct top_queue_row *queue(const struct top_dev_row *d, uint32_t index)
{
	for (size_t i = 0; i < d->n_queues; i++)
		if (d->queues[i].index == index)
			return &d->queues[i];
	fail_msg("queue %u not shown", index);
	return NULL;
}

static void rates_use_measured_interval(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("eth0", "virtio0", 2);
	const struct top_dev_row *row;

	tick(m, &d, (struct vnet_sample *[]){ fake_sample(1 * NS, 2, 1000) }, 1);
	row = top_model_dev(m, 0);
	assert_non_null(row);
	assert_int_equal(row->n_queues, 2);
	assert_true(row->queues[0].is_new);
	assert_true(isnan(row->queues[0].val[TOP_COL_RX_PACKETS]));
	/* asked for 1 s, the tick came 2.5 s later: 2000 more packets is 800/s */
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(3 * NS + NS / 2, 2, 2000) }, 1);
	row = top_model_dev(m, 0);
	assert_double_equal(row->interval, 2.5, 1e-9);
	assert_false(queue(row, 1)->is_new);
	assert_double_equal(queue(row, 0)->val[TOP_COL_RX_PACKETS], 400, 1e-9);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_PACKETS], 800, 1e-9);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_BITS], 800 * 100 * 8, 1e-6);
	assert_double_equal(queue(row, 1)->val[TOP_COL_DROPS], 40, 1e-9);
	assert_true(isnan(queue(row, 1)->val[TOP_COL_KICKS]));
	/* device totals and the header's drops */
	assert_double_equal(row->total[TOP_COL_RX_PACKETS], 1200, 1e-9);
	assert_double_equal(row->total[TOP_COL_TX_PACKETS], 800, 1e-9);
	assert_double_equal(row->drops, 40, 1e-9);
	assert_int_equal(queue(row, 1)->n_history, 1);
	assert_double_equal(queue(row, 1)->history[0], 800 + 400, 1e-9);

	/* totals since start: the deltas summed */
	top_model_set_totals(m, true);
	row = top_model_dev(m, 0);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_PACKETS], 2000, 1e-6);
	assert_double_equal(row->total[TOP_COL_RX_PACKETS], 3000, 1e-6);
	top_model_set_totals(m, false);

	top_model_free(m);
	free(d);
}

static void sort_by_column(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("eth0", "virtio0", 2);
	const struct top_dev_row *row;

	tick(m, &d, (struct vnet_sample *[]){ fake_sample(NS, 4, 0) }, 1);
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(2 * NS, 4, 10) }, 1);
	row = top_model_dev(m, 0);
	for (uint32_t q = 0; q < 4; q++)
		assert_int_equal(row->queues[q].index, q);
	top_model_set_sort(m, TOP_COL_RX_PACKETS, true);
	row = top_model_dev(m, 0);
	assert_int_equal(top_model_sort_col(m), TOP_COL_RX_PACKETS);
	for (uint32_t q = 0; q < 4; q++)
		assert_int_equal(row->queues[q].index, 3 - q);
	/* equal rates keep queue order */
	top_model_set_sort(m, TOP_COL_TX_PACKETS, true);
	row = top_model_dev(m, 0);
	for (uint32_t q = 0; q < 4; q++)
		assert_int_equal(row->queues[q].index, q);
	/* unknown values sort last in both directions */
	top_model_set_sort(m, TOP_COL_DROPS, false);
	row = top_model_dev(m, 0);
	assert_int_equal(row->queues[3].index, 1);
	top_model_set_sort(m, TOP_COL_KICKS, true);
	row = top_model_dev(m, 0);
	assert_int_equal(row->queues[0].index, 0);
	top_model_set_sort(m, TOP_COL_QUEUE, true);
	assert_int_equal(top_model_dev(m, 0)->queues[0].index, 3);
	/* rx 10, 20, 30, 40 plus tx 10 each: 50 > 2 * 35 is not, so nothing is hot... */
	assert_false(queue(top_model_dev(m, 0), 3)->hot);
	top_model_free(m);
	free(d);
}

static void queue_count_changes(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("eth0", "virtio0", 2);
	const struct top_dev_row *row;

	tick(m, &d, (struct vnet_sample *[]){ fake_sample(NS, 2, 100) }, 1);
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(2 * NS, 2, 200) }, 1);
	/* ethtool -L combined 4: two queues appear, unknown for a tick */
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(3 * NS, 4, 300) }, 1);
	row = top_model_dev(m, 0);
	assert_int_equal(row->n_queues, 4);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_PACKETS], 200, 1e-9);
	assert_int_equal(queue(row, 1)->n_history, 2);
	assert_true(queue(row, 3)->is_new);
	assert_true(isnan(queue(row, 3)->val[TOP_COL_RX_PACKETS]));
	assert_int_equal(queue(row, 3)->n_history, 0);
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(4 * NS, 4, 400) }, 1);
	row = top_model_dev(m, 0);
	assert_double_equal(queue(row, 3)->val[TOP_COL_RX_PACKETS], 400, 1e-9);
	/* 400/s on queue 3 against 100..300 (+300 tx each): 700 < 2 * 550 */
	assert_false(queue(row, 3)->hot);
	/* back to 1: the others leave the table */
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(5 * NS, 1, 500) }, 1);
	row = top_model_dev(m, 0);
	assert_int_equal(row->n_queues, 1);
	assert_double_equal(row->total[TOP_COL_RX_PACKETS], 100, 1e-9);
	/* a counter reset (driver reload) is not a negative rate */
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(6 * NS, 1, 50) }, 1);
	row = top_model_dev(m, 0);
	assert_true(queue(row, 0)->reset);
	assert_true(queue(row, 0)->val[TOP_COL_RX_PACKETS] >= 0);
	top_model_free(m);
	free(d);
}

static void device_vanishes_and_returns(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2);
	struct vnet_dev *b = fake_dev("eth1", "virtio1", 3);
	struct vnet_dev *b2 = fake_dev("eth1", "virtio1", 4);
	const struct top_dev_row *row;

	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(NS, 1, 1), fake_sample(NS, 2, 1) }, 2);
	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(2 * NS, 1, 2), fake_sample(2 * NS, 2, 2) }, 2);
	assert_int_equal(top_model_n_devs(m), 2);
	/* virtio1 hot-unplugged: shown gone, without numbers */
	tick(m, &a, (struct vnet_sample *[]){ fake_sample(3 * NS, 1, 3) }, 1);
	assert_int_equal(top_model_n_devs(m), 2);
	row = top_model_dev(m, 1);
	assert_string_equal(row->virtio_name, "virtio1");
	assert_true(row->gone);
	assert_int_equal(row->n_queues, 0);
	/* a new netdev under the same virtio name is another device */
	tick(m, (struct vnet_dev *[]){ a, b2 },
	     (struct vnet_sample *[]){ fake_sample(4 * NS, 1, 4), fake_sample(4 * NS, 2, 9) }, 2);
	assert_int_equal(top_model_n_devs(m), 3);
	assert_true(top_model_dev(m, 1)->gone);
	row = top_model_dev(m, 2);
	assert_false(row->gone);
	assert_int_equal(row->ifindex, 4);
	assert_true(row->queues[0].is_new);
	/* the gone one leaves after TOP_GONE_TICKS */
	for (int i = 0; i < TOP_GONE_TICKS; i++)
		tick(m, (struct vnet_dev *[]){ a, b2 },
		     (struct vnet_sample *[]){ fake_sample((5 + i) * NS, 1, 5 + i),
					       fake_sample((5 + i) * NS, 2, 10 + i) }, 2);
	assert_int_equal(top_model_n_devs(m), 2);
	assert_int_equal(top_model_dev(m, 1)->ifindex, 4);
	/* a device whose counters cannot be read still has its header */
	top_model_begin(m);
	assert_int_equal(top_model_feed(m, a, NULL, "no counters"), 0);
	assert_int_equal(top_model_end(m), 0);
	row = top_model_dev(m, 0);
	assert_string_equal(row->error, "no counters");
	assert_false(row->gone);
	assert_int_equal(row->n_queues, 0);
	/* counters back: rates at once, over the whole gap since the last sample */
	tick(m, &a, (struct vnet_sample *[]){ fake_sample((4 + TOP_GONE_TICKS + 2) * NS, 1,
						       4 + TOP_GONE_TICKS + 2 + 20) }, 1);
	row = top_model_dev(m, 0);
	assert_string_equal(row->error, "");
	assert_double_equal(row->interval, 2, 1e-9);
	assert_double_equal(queue(row, 0)->val[TOP_COL_TX_PACKETS], 11, 1e-9);
	top_model_free(m);
	free(a);
	free(b);
	free(b2);
}

/* Queues beyond the channels in use have no counters but are rows. */
static void idle_queues_are_rows(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("eth0", "virtio0", 2);
	const struct top_dev_row *row;

	d->filled = VNET_FILL_CHANNELS | VNET_FILL_QUEUES;
	d->channels.combined = 2;
	d->channels.max_combined = 4;
	d->n_queues = 4;
	d->queues = calloc(4, sizeof(*d->queues));
	assert_non_null(d->queues);
	for (uint32_t q = 0; q < 4; q++) {
		d->queues[q].index = q;
		d->queues[q].active = q < 2;
		snprintf(d->queues[q].xps_cpus, sizeof(d->queues[q].xps_cpus), q == 3 ? "0" : "%x",
			 1u << q);
	}
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(NS, 2, 10) }, 1);
	tick(m, &d, (struct vnet_sample *[]){ fake_sample(2 * NS, 2, 20) }, 1);
	row = top_model_dev(m, 0);
	assert_int_equal(row->queues_active, 2);
	assert_int_equal(row->queues_max, 4);
	assert_int_equal(row->n_queues, 4);
	for (uint32_t q = 0; q < 4; q++)
		assert_int_equal(row->queues[q].index, q);
	assert_int_equal(queue(row, 1)->active, VNET_TRI_YES);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_PACKETS], 20, 1e-9);
	assert_int_equal(queue(row, 2)->active, VNET_TRI_NO);
	assert_true(isnan(queue(row, 2)->val[TOP_COL_RX_PACKETS]));
	assert_string_equal(queue(row, 2)->xps, "2");
	assert_string_equal(queue(row, 3)->xps, "none");
	assert_string_equal(queue(row, 0)->rps, "");
	assert_double_equal(row->total[TOP_COL_RX_PACKETS], 30, 1e-9);
	/* 30 and 20 packets/s: no queue has twice the mean (inactive ones do not count) */
	assert_false(queue(row, 0)->hot);
	assert_false(queue(row, 1)->hot);
	top_model_free(m);
	free(d->queues);
	free(d);
}

static void one_queue_carries_all(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *d = fake_dev("eth0", "virtio0", 2);
	struct vnet_sample *a = fake_sample(NS, 4, 0), *b = fake_sample(2 * NS, 4, 0);
	const struct top_dev_row *row;

	b->queues[2].v[VNET_RX][VNET_M_PACKETS] = 1000;
	tick(m, &d, &a, 1);
	tick(m, &d, &b, 1);
	row = top_model_dev(m, 0);
	for (uint32_t q = 0; q < 4; q++)
		assert_int_equal(queue(row, q)->hot, q == 2);
	/* so it is over totals */
	top_model_set_totals(m, true);
	assert_true(queue(top_model_dev(m, 0), 2)->hot);
	top_model_free(m);
	free(d);
}

static void filter_devices(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2);
	struct vnet_dev *b = fake_dev("ens5", "virtio1", 3);

	tick(m, (struct vnet_dev *[]){ a, b },
	     (struct vnet_sample *[]){ fake_sample(NS, 1, 1), fake_sample(NS, 1, 1) }, 2);
	assert_int_equal(top_model_set_filter(m, "ens"), 0);
	assert_int_equal(top_model_n_devs(m), 1);
	assert_string_equal(top_model_dev(m, 0)->ifname, "ens5");
	assert_int_equal(top_model_set_filter(m, "virtio0"), 0);
	assert_string_equal(top_model_dev(m, 0)->ifname, "eth0");
	assert_int_equal(top_model_set_filter(m, "nomatch"), 0);
	assert_int_equal(top_model_n_devs(m), 0);
	assert_null(top_model_dev(m, 0));
	assert_int_equal(top_model_set_filter(m, ""), 0);
	assert_int_equal(top_model_n_devs(m), 2);
	top_model_free(m);
	free(a);
	free(b);
}

static void numbers_and_sparklines(void **state)
{
	const double hist[] = { 0, 1, 4, 8, NAN };
	char buf[80];

	top_format_number(NAN, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	top_format_number(0, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	top_format_number(0.5, buf, sizeof(buf));
	assert_string_equal(buf, "0.5");
	top_format_number(999, buf, sizeof(buf));
	assert_string_equal(buf, "999");
	top_format_number(1234, buf, sizeof(buf));
	assert_string_equal(buf, "1.2k");
	top_format_number(12345678, buf, sizeof(buf));
	assert_string_equal(buf, "12M");
	top_format_number(9.99e9, buf, sizeof(buf));
	assert_string_equal(buf, "10G");
	top_format_number(1e30, buf, sizeof(buf));
	assert_true(strlen(buf) <= 6);
	top_format_sparkline(hist, 5, false, buf, sizeof(buf));
	assert_string_equal(buf, " .=% ");
	top_format_sparkline(hist, 5, true, buf, sizeof(buf));
	assert_string_equal(buf, " \u2581\u2584\u2588 ");
	/* too small a buffer ends at a whole character */
	top_format_sparkline(hist, 5, true, buf, 5);
	assert_string_equal(buf, " \u2581");
}

static size_t columns(const char *utf8)
{
	size_t n = 0;

	for (; *utf8; utf8++)
		n += ((unsigned char)*utf8 & 0xc0) != 0x80;
	return n;
}

/* 80 columns hold a full table with its sparklines; a gone device is one line. */
static void layout_fits_80_columns(void **state)
{
	struct top_model *m = top_model_new();
	struct vnet_dev *a = fake_dev("eth0", "virtio0", 2);
	struct vnet_dev *b = fake_dev("eth1", "virtio1", 3);
	struct top_lines l = { 0 };
	int hot = 0, alert = 0, total = 0;

	for (int i = 0; i < TOP_HISTORY + 3; i++)
		tick(m, (struct vnet_dev *[]){ a, b },
		     (struct vnet_sample *[]){ fake_sample((1 + i) * NS, 4, 1000000ull * i * i),
					       fake_sample((1 + i) * NS, 1, 10 * i) }, 2);
	tick(m, &a, (struct vnet_sample *[]){ fake_sample(40 * NS, 4, 1000000ull * 400) }, 1);
	for (int width = 80; width <= 200; width += 120) {
		top_layout(m, width, true, &l);
		/* header, headings, 4 queues, "all"; then eth1 gone */
		assert_int_equal(l.n, 8);
		for (int i = 0; i < l.n; i++) {
			if (l.v[i].style & TOP_LINE_DEV)
				continue;	/* cut by the view if need be */
			if (columns(l.v[i].text) > (size_t)width)
				fail_msg("%zu columns > %d: '%s'", columns(l.v[i].text), width,
					 l.v[i].text);
			hot += !!(l.v[i].style & TOP_LINE_HOT);
			alert += l.v[i].hl_len > 0;
			total += !!(l.v[i].style & TOP_LINE_TOTAL);
		}
		assert_true(columns(l.v[0].text) <= 80);
		assert_true(l.v[7].style & TOP_LINE_GONE);
		assert_non_null(strstr(l.v[7].text, "gone"));
		assert_non_null(strstr(l.v[2].text, "\u2588"));
	}
	/* queue 1 drops (its row and "all" show it), queue 3 carries most but not twice the mean */
	assert_int_equal(alert, 4);
	assert_int_equal(total, 2);
	assert_int_equal(hot, 0);
	top_lines_free(&l);
	top_model_free(m);
	free(a);
	free(b);
}

/* The source on the model backend: header facts and samples from a JSON model. */
static void source_on_model(void **state)
{
	struct json_object *doc = model_load("modern.json"), *dev;
	struct vnet_ctx *ctx;
	struct top_model *m = top_model_new();
	struct top_source *src;
	const struct top_dev_row *row;

	json_object_object_get_ex(doc, "devices", &dev);
	dev = json_object_array_get_idx(dev, 0);
	json_object_object_add(dev, "samples", model_parse(
		"[{'mono_ns': 1000000000, 'queues': ["
		"  {'index': 0, 'rx': {'packets': 100, 'bytes': 6400, 'drops': 1}},"
		"  {'index': 1, 'rx': {'packets': 5, 'bytes': 320, 'drops': 0}}]},"
		" {'mono_ns': 3000000000, 'queues': ["
		"  {'index': 0, 'rx': {'packets': 700, 'bytes': 44800, 'drops': 2}},"
		"  {'index': 1, 'rx': {'packets': 5, 'bytes': 320, 'drops': 0}}]}]"));
	ctx = model_ctx_new_doc(doc);
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_n_devs(m), 1);
	row = top_model_dev(m, 0);
	assert_string_equal(row->ifname, "eth0");
	assert_string_equal(row->virtio_name, "virtio0");
	assert_string_equal(row->mode, "modern");
	assert_int_not_equal(row->mtu, VNET_UNKNOWN);
	assert_int_not_equal(row->queues_active, VNET_UNKNOWN);
	assert_true(row->n_queues > 0);
	assert_string_equal(row->error, "");
	assert_double_equal(row->interval, 0, 0);
	/* the second sample, 2 s later: rates over the samples' own clock */
	assert_int_equal(top_source_tick(src, m), 0);
	row = top_model_dev(m, 0);
	assert_double_equal(row->interval, 2, 1e-9);
	assert_double_equal(queue(row, 0)->val[TOP_COL_RX_PACKETS], 300, 1e-9);
	assert_double_equal(queue(row, 0)->val[TOP_COL_RX_BITS], 300 * 8 * 64, 1e-6);
	assert_double_equal(queue(row, 1)->val[TOP_COL_RX_PACKETS], 0, 1e-9);
	assert_double_equal(row->drops, 0.5, 1e-9);
	/* no sample left: the device keeps its header and says why numbers are missing */
	assert_int_equal(top_source_tick(src, m), 0);
	row = top_model_dev(m, 0);
	assert_false(row->gone);
	assert_string_not_equal(row->error, "");
	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	json_object_put(doc);
}

#ifdef VNET_FIXTURES
static void __attribute__((format(printf, 1, 2))) run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* The source on a captured two-NIC tree: virtio1 hot-unplugged, then back. */
static void source_survives_unplug(void **state)
{
	char dir[] = "/tmp/vnet-test-top.XXXXXX";
	struct top_model *m = top_model_new();
	struct top_source *src;
	struct vnet_ctx *ctx;
	const struct top_dev_row *row;

	assert_non_null(mkdtemp(dir));
	run("cp -a '%s/twonics-6.12/.' '%s'", VNET_FIXTURES, dir);
	ctx = vnet_ctx_new();
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", dir), 0);
	assert_int_equal(top_source_open(ctx, NULL, &src), 0);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_n_devs(m), 2);
	row = top_model_dev(m, 1);
	assert_string_equal(row->ifname, "eth1");
	assert_true(row->n_queues > 0);
	assert_string_equal(row->irq_mode, "msix-per-queue");
	assert_string_not_equal(row->queues[0].irq_cpu, "");

	run("mv '%s/sys/bus/virtio/devices/virtio1' '%s/virtio1.gone'", dir, dir);
	top_source_rescan(src);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_n_devs(m), 2);
	assert_false(top_model_dev(m, 0)->gone);
	assert_true(top_model_dev(m, 1)->gone);

	run("mv '%s/virtio1.gone' '%s/sys/bus/virtio/devices/virtio1'", dir, dir);
	top_source_rescan(src);
	assert_int_equal(top_source_tick(src, m), 0);
	/* same ifindex in the tree: the device is known again, not a third one */
	assert_int_equal(top_model_n_devs(m), 2);
	row = top_model_dev(m, 1);
	assert_false(row->gone);
	assert_string_equal(row->ifname, "eth1");
	assert_true(row->n_queues > 0);

	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	run("rm -rf '%s'", dir);
}

/* DEV picks one device, and rescans (which list every device) keep it so. */
static void source_keeps_to_dev(void **state)
{
	char dir[] = "/tmp/vnet-test-top.XXXXXX";
	struct top_model *m = top_model_new();
	struct top_source *src;
	struct vnet_ctx *ctx;

	assert_non_null(mkdtemp(dir));
	run("cp -a '%s/twonics-6.12/.' '%s'", VNET_FIXTURES, dir);
	ctx = vnet_ctx_new();
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", dir), 0);
	assert_int_equal(top_source_open(ctx, "eth1", &src), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(top_source_tick(src, m), 0);
		assert_int_equal(top_model_n_devs(m), 1);
		assert_string_equal(top_model_dev(m, 0)->ifname, "eth1");
		top_source_rescan(src);
	}
	/* eth1 unplugged and back: still the one shown, eth0 never */
	run("mv '%s/sys/bus/virtio/devices/virtio1' '%s/virtio1.gone'", dir, dir);
	top_source_rescan(src);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_n_devs(m), 1);
	assert_true(top_model_dev(m, 0)->gone);
	run("mv '%s/virtio1.gone' '%s/sys/bus/virtio/devices/virtio1'", dir, dir);
	top_source_rescan(src);
	assert_int_equal(top_source_tick(src, m), 0);
	assert_int_equal(top_model_n_devs(m), 1);
	assert_false(top_model_dev(m, 0)->gone);
	assert_string_equal(top_model_dev(m, 0)->ifname, "eth1");

	top_source_close(src);
	top_model_free(m);
	vnet_ctx_free(ctx);
	run("rm -rf '%s'", dir);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rates_use_measured_interval),
		cmocka_unit_test(sort_by_column),
		cmocka_unit_test(queue_count_changes),
		cmocka_unit_test(device_vanishes_and_returns),
		cmocka_unit_test(idle_queues_are_rows),
		cmocka_unit_test(one_queue_carries_all),
		cmocka_unit_test(filter_devices),
		cmocka_unit_test(layout_fits_80_columns),
		cmocka_unit_test(numbers_and_sparklines),
		cmocka_unit_test(source_on_model),
#ifdef VNET_FIXTURES
		cmocka_unit_test(source_survives_unplug),
		cmocka_unit_test(source_keeps_to_dev),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
