// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-dev.c - the device model over a changing fixture tree: lazy fill and
 *              its dependencies, refresh, rescan, a sampler outliving its device
 *
 * Each test copies a captured tree (tests/fixtures) to a temporary directory,
 * points a context at it and then changes the copy the way the kernel would:
 * a device vanishes or appears, an interface is renamed, an attribute changes.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "vnet/vnet.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct tree {
	char dir[64];
	struct vnet_ctx *ctx;
};

static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void path_of(const struct tree *t, char *buf, size_t len, const char *rel)
{
	assert_true((size_t)snprintf(buf, len, "%s/%s", t->dir, rel) < len);
}

static void write_file(const struct tree *t, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	path_of(t, path, sizeof(path), rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void tree_open(struct tree *t, const char *fixture)
{
	strcpy(t->dir, "/tmp/vnet-test-dev.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	assert_int_equal(run("cp -a '%s/%s/.' '%s'", VNET_FIXTURES, fixture, t->dir), 0);
	t->ctx = vnet_ctx_new();
	assert_non_null(t->ctx);
	assert_int_equal(vnet_ctx_set_param(t->ctx, "linux.root", t->dir), 0);
}

static void tree_close(struct tree *t)
{
	vnet_ctx_free(t->ctx);
	assert_int_equal(run("rm -rf '%s'", t->dir), 0);
}

static struct vnet_dev *by_virtio(const struct vnet_dev_list *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->devs[i]->virtio_name, name))
			return list->devs[i];
	return NULL;
}

/* twonics: virtio0/eth0 at 00:02.0, virtio1/eth1 at 00:03.0 */
static void test_rescan_vanish_appear(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d0, *d1;

	(void)state;
	tree_open(&t, "twonics-6.12");
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(list.n, 2);
	d0 = by_virtio(&list, "virtio0");
	d1 = by_virtio(&list, "virtio1");
	assert_non_null(d0);
	assert_non_null(d1);
	assert_int_equal(vnet_dev_fill(t.ctx, d0, VNET_FILL_FEATURES), 0);

	/* nothing changed: same objects, facts kept */
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 2);
	assert_ptr_equal(list.devs[0], d0);
	assert_ptr_equal(list.devs[1], d1);
	assert_true(d0->filled & VNET_FILL_FEATURES);

	/* hot-unplug of virtio1 */
	assert_int_equal(run("mv '%s/sys/bus/virtio/devices/virtio1' '%s/virtio1.gone'", t.dir, t.dir),
			 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 1);
	assert_ptr_equal(list.devs[0], d0);
	assert_true(d0->filled & VNET_FILL_FEATURES);
	assert_string_equal(d0->ifname, "eth0");

	/* it comes back: a new object, appended, identity only */
	assert_int_equal(run("mv '%s/virtio1.gone' '%s/sys/bus/virtio/devices/virtio1'", t.dir, t.dir),
			 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 2);
	assert_ptr_equal(list.devs[0], d0);
	assert_string_equal(list.devs[1]->virtio_name, "virtio1");
	assert_string_equal(list.devs[1]->ifname, "eth1");
	assert_string_equal(list.devs[1]->pci.slot, "0000:00:03.0");
	assert_int_equal(list.devs[1]->filled, 0);

	/* every device gone */
	assert_int_equal(run("rm -f '%s'/sys/bus/virtio/devices/virtio*", t.dir), 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 0);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

static void test_rescan_rename(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d0;

	(void)state;
	tree_open(&t, "twonics-6.12");
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	d0 = by_virtio(&list, "virtio0");
	assert_non_null(d0);
	assert_string_equal(d0->ifname, "eth0");
	assert_int_equal(vnet_dev_fill(t.ctx, d0, VNET_FILL_LINK), 0);
	assert_true(d0->filled & VNET_FILL_LINK);

	/* ip link set eth0 name wan0 */
	assert_int_equal(run("cd '%s/sys' && mv devices/pci0000:00/0000:00:02.0/virtio0/net/eth0 "
			     "devices/pci0000:00/0000:00:02.0/virtio0/net/wan0 && rm class/net/eth0 && "
			     "ln -s ../../devices/pci0000:00/0000:00:02.0/virtio0/net/wan0 class/net/wan0",
			     t.dir), 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 2);
	assert_ptr_equal(by_virtio(&list, "virtio0"), d0);
	assert_string_equal(d0->ifname, "wan0");
	assert_string_equal(by_virtio(&list, "virtio1")->ifname, "eth1");

	/* facts stay until a refresh, which asks under the new name (the capture has only eth0) */
	assert_true(d0->filled & VNET_FILL_LINK);
	assert_int_equal(vnet_dev_refresh(t.ctx, d0, VNET_FILL_LINK), 0);
	assert_true(d0->failed & VNET_FILL_LINK);
	assert_false(d0->filled & VNET_FILL_LINK);
	assert_int_equal(d0->mtu.current, VNET_UNKNOWN);
	assert_non_null(strstr(vnet_dev_fill_error(d0, VNET_FILL_LINK), "wan0"));
	vnet_dev_list_free(&list);
	tree_close(&t);
}

static void test_fill_dependencies(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d;

	(void)state;
	tree_open(&t, "mq4-6.12");
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(list.n, 1);
	d = list.devs[0];
	assert_int_equal(d->filled | d->failed, 0);

	/* the mode needs VERSION_1 */
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_PCI), 0);
	assert_true(d->filled & VNET_FILL_FEATURES);
	assert_int_equal(d->filled & ~(VNET_FILL_PCI | VNET_FILL_FEATURES), 0);
	assert_int_not_equal(d->pci.mode, VNET_MODE_UNKNOWN);

	/* queue tables need the channel counts; the rest of the queues are inactive */
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_IRQS), 0);
	assert_true(d->filled & VNET_FILL_CHANNELS);
	assert_true(d->filled & VNET_FILL_IRQS);
	assert_int_equal(d->filled & (VNET_FILL_LINK | VNET_FILL_QUEUES), 0);
	assert_int_not_equal(d->channels.max_combined, VNET_UNKNOWN);
	assert_int_equal(d->n_queues, d->channels.max_combined);
	for (unsigned int q = 0; q < d->n_queues; q++)
		assert_int_equal(d->queues[q].active, q < d->channels.combined);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

static void test_refresh(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d;
	struct vnet_queue *q0;

	(void)state;
	tree_open(&t, "twonics-6.12");
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	d = by_virtio(&list, "virtio0");
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_FEATURES | VNET_FILL_QUEUES), 0);
	assert_true(d->filled & VNET_FILL_QUEUES);
	assert_true(d->n_queues > 0);
	assert_int_equal(vnet_dev_has_feature(d, 0), VNET_TRI_YES);	/* CSUM */

	/* the driver renegotiated without CSUM; a watchdog fired on tx-0 */
	write_file(&t, "sys/bus/virtio/devices/virtio0/features",
		   "0110010111111111111101110000110010000000100000000000000000000000\n");
	write_file(&t, "sys/class/net/eth0/queues/tx-0/tx_timeout", "7\n");

	/* nothing is read again without a refresh */
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_FEATURES), 0);
	assert_int_equal(vnet_dev_has_feature(d, 0), VNET_TRI_YES);

	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_FEATURES), 0);
	assert_int_equal(vnet_dev_has_feature(d, 0), VNET_TRI_NO);
	assert_int_equal(vnet_dev_has_feature(d, 1), VNET_TRI_YES);
	assert_int_equal(d->features.nbits, 64);
	q0 = &d->queues[0];
	assert_int_not_equal(q0->tx_timeouts, 7);

	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_QUEUES), 0);
	assert_int_equal(d->queues[0].tx_timeouts, 7);
	assert_true(d->filled & VNET_FILL_QUEUES);

	/* groups never read stay unread */
	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_RINGS), 0);
	assert_false((d->filled | d->failed) & VNET_FILL_RINGS);

	/* a failure is forgotten by a refresh that succeeds */
	write_file(&t, "sys/bus/virtio/devices/virtio0/features", "garbage\n");
	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_FEATURES), 0);
	assert_true(d->failed & VNET_FILL_FEATURES);
	assert_false(d->filled & VNET_FILL_FEATURES);
	assert_non_null(vnet_dev_fill_error(d, VNET_FILL_FEATURES));
	assert_int_equal(vnet_dev_has_feature(d, 1), VNET_TRI_UNKNOWN);
	write_file(&t, "sys/bus/virtio/devices/virtio0/features",
		   "1110010111111111111101110000110010000000100000000000000000000000\n");
	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_FEATURES), 0);
	assert_true(d->filled & VNET_FILL_FEATURES);
	assert_false(d->failed & VNET_FILL_FEATURES);
	assert_null(vnet_dev_fill_error(d, VNET_FILL_FEATURES));
	assert_int_equal(vnet_dev_has_feature(d, 0), VNET_TRI_YES);

	/* the device vanished: -ENODEV with a reason, the object stays intact */
	assert_int_equal(run("rm '%s/sys/bus/virtio/devices/virtio0'", t.dir), 0);
	assert_int_equal(vnet_dev_refresh(t.ctx, d, VNET_FILL_FEATURES), -ENODEV);
	assert_non_null(strstr(vnet_ctx_error(t.ctx), "virtio0"));
	assert_true(d->filled & VNET_FILL_FEATURES);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* The sampler copies the identity it needs: a rescan may free the device. */
static void test_sampler_outlives_device(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_stats *st;
	struct vnet_sample *s;

	(void)state;
	tree_open(&t, "twonics-6.12");
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(vnet_stats_open(t.ctx, by_virtio(&list, "virtio1"), &st), 0);
	assert_int_equal(run("rm '%s/sys/bus/virtio/devices/virtio1'", t.dir), 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_int_equal(list.n, 1);
	/* replayed counters of eth1: under ASan/valgrind a freed device would show */
	assert_int_equal(vnet_stats_sample(st, &s), 0);
	assert_true(s->n_queues > 0);
	vnet_sample_free(s);
	vnet_stats_close(st);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* Text of list (@list_text) or show of @dev, as vnetctl prints it; free() it. */
static char *print_text(const struct vnet_dev_list *list, const struct vnet_dev *dev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct vnet_printer *p;

	assert_non_null(f);
	p = vnet_printer_new_text(f);
	assert_non_null(p);
	if (list)
		vnet_dev_list_print(p, list, false);
	else
		vnet_dev_print(p, dev);
	vnet_printer_free(p);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* "failover" of the device's JSON: NULL when absent. */
static const char *failover_json(const struct vnet_dev *dev, const char *key, bool *present)
{
	static char value[32];
	struct json_object *o = vnet_dev_to_json(dev), *fo, *v;

	assert_non_null(o);
	*present = json_object_object_get_ex(o, "failover", &fo);
	value[0] = '\0';
	if (*present && json_object_object_get_ex(fo, key, &v) && v)
		snprintf(value, sizeof(value), "%s", json_object_get_string(v));
	json_object_put(o);
	return value;
}

/*
 * failover=on (VIRTIO_NET_F_STANDBY), laid out as the 6.1 and 6.12 guests
 * show it: net_failover's master eth0 and virtio_net's eth1 both under
 * virtio0/net, eth1 with "master" and "upper_eth0" links, eth0 with
 * "lower_eth1".  The master sorts first: the relation, not the order, picks.
 */
#define NET "devices/pci0000:00/0000:00:02.0/virtio0/net"

static void make_failover(struct tree *t)
{
	assert_int_equal(run("cd '%s/sys' && mv " NET "/eth0 " NET "/eth1 && rm class/net/eth0 && "
			     "ln -s ../../" NET "/eth1 class/net/eth1 && mkdir " NET "/eth0 && "
			     "echo 3 > " NET "/eth0/ifindex && ln -s ../../" NET "/eth0 class/net/eth0 && "
			     "ln -s ../eth1 " NET "/eth0/lower_eth1 && ln -s ../eth0 " NET "/eth1/master && "
			     "ln -s ../eth0 " NET "/eth1/upper_eth0", t->dir), 0);
}

static void test_failover_group(void **state)
{
	struct tree t;
	struct vnet_dev_list list, found;
	struct vnet_dev *d;
	bool present;
	char *text;

	(void)state;
	tree_open(&t, "transitional-6.12");
	make_failover(&t);
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(list.n, 1);
	d = list.devs[0];
	assert_string_equal(d->ifname, "eth1");
	assert_int_equal(d->ifindex, 2);
	assert_string_equal(d->failover.master, "eth0");
	assert_string_equal(d->failover.primary, "");

	/* the master's name is the standby's device; so is the standby's own */
	assert_int_equal(vnet_dev_find(t.ctx, "eth0", &found), 0);
	assert_int_equal(found.n, 1);
	assert_string_equal(found.devs[0]->ifname, "eth1");
	vnet_dev_list_free(&found);
	assert_int_equal(vnet_dev_find(t.ctx, "eth1", &found), 0);
	assert_int_equal(found.n, 1);
	vnet_dev_list_free(&found);

	/* printed: show's section and JSON member, list's suffix */
	assert_string_equal(failover_json(d, "master", &present), "eth0");
	assert_true(present);
	assert_string_equal(failover_json(d, "primary", &present), "");
	text = print_text(NULL, d);
	assert_non_null(strstr(text, "eth1: virtio0 at 0000:00:02.0"));
	assert_non_null(strstr(text, "    master         eth0 (net_failover)\n"));
	assert_non_null(strstr(text, "    primary        none\n"));
	free(text);
	text = print_text(&list, NULL);
	assert_non_null(strstr(text, "\neth1 "));
	assert_non_null(strstr(text, "  failover eth0\n"));
	free(text);

	/* a VF with the same MAC joins as the primary: a rescan sees it */
	assert_int_equal(run("cd '%s/sys' && ln -s ../../../../0000:00:04.0/net/ens4 "
			     NET "/eth0/lower_ens4", t.dir), 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_ptr_equal(list.devs[0], d);
	assert_string_equal(d->failover.primary, "ens4");
	assert_string_equal(failover_json(d, "primary", &present), "ens4");
	text = print_text(&list, NULL);
	assert_non_null(strstr(text, "  failover eth0 primary ens4\n"));
	free(text);

	/* net_failover gone: no group, the device and its name stay */
	assert_int_equal(run("cd '%s/sys' && rm -r " NET "/eth0 class/net/eth0 " NET "/eth1/master "
			     NET "/eth1/upper_eth0", t.dir), 0);
	assert_int_equal(vnet_dev_list_rescan(t.ctx, &list), 0);
	assert_string_equal(d->ifname, "eth1");
	assert_string_equal(d->failover.master, "");
	assert_string_equal(d->failover.primary, "");
	failover_json(d, "master", &present);
	assert_false(present);
	assert_int_equal(vnet_dev_find(t.ctx, "eth0", &found), -ENODEV);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* A bond (or bridge) over a plain virtio-net device is no failover group. */
static void test_failover_not_a_bond(void **state)
{
	struct tree t;
	struct vnet_dev_list list;

	(void)state;
	tree_open(&t, "transitional-6.12");
	assert_int_equal(run("cd '%s/sys' && mkdir -p devices/virtual/net/bond0 && "
			     "ln -s ../../devices/virtual/net/bond0 class/net/bond0 && "
			     "ln -s ../eth0 devices/virtual/net/bond0/lower_eth0 && "
			     "ln -s ../../../../../virtual/net/bond0 " NET "/eth0/master", t.dir), 0);
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.devs[0]->ifname, "eth0");
	assert_string_equal(list.devs[0]->failover.master, "");
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* Library-allocated results. */
/* mmio-mq: virtio0/eth0 on virtio-mmio LNRO0005:00 (microvm), version 2, 2 queue pairs */
static void test_mmio_transport(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d;

	(void)state;
	tree_open(&t, "mmio-mq-6.12");
	/* DEV: the platform device's name selects it */
	assert_int_equal(vnet_dev_find(t.ctx, "LNRO0005:00", &list), 0);
	assert_int_equal(list.n, 1);
	d = list.devs[0];
	assert_true(vnet_dev_is_mmio(d));
	assert_string_equal(d->bus, "mmio");
	assert_string_equal(d->mmio.name, "LNRO0005:00");
	assert_string_equal(d->pci.slot, "");
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_ALL), 0);
	assert_true(d->filled & VNET_FILL_PCI);
	assert_int_equal(d->mmio.base, 0xfeb02e00);
	assert_int_equal(d->mmio.size, 0x200);
	assert_int_equal(d->mmio.irq, 49);
	assert_int_equal(d->mmio.version, 2);
	assert_int_equal(d->mmio.vendor_id, 0x554d4551);
	/* no PCI facts on an mmio device, and its one line serves every queue */
	assert_int_equal(d->pci.mode, VNET_MODE_UNKNOWN);
	assert_int_equal(d->irqs.mode, VNET_IRQ_MMIO);
	assert_int_equal(d->irqs.shared.irq, 49);
	assert_int_equal(d->n_queues, 2);
	assert_int_equal(d->queues[1].rx_irq.irq, 49);
	assert_int_equal(d->queues[1].tx_irq.irq, 49);
	vnet_dev_list_free(&list);

	/* an unprivileged reader sees every range of /proc/iomem as zeros */
	write_file(&t, "proc/iomem", "00000000-00000000 : LNRO0005:00\n"
		   "  00000000-00000000 : LNRO0005:00 LNRO0005:00\n");
	assert_int_equal(vnet_dev_find(t.ctx, "virtio0", &list), 0);
	d = list.devs[0];
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_PCI), 0);
	assert_true(d->filled & VNET_FILL_PCI);
	assert_true(d->mmio.base == VNET_UNKNOWN64);
	assert_true(d->mmio.size == VNET_UNKNOWN64);
	assert_int_equal(d->mmio.irq, 49);

	/* the name exactly: LNRO0005:0 is no prefix match, a PCI slot spec finds nothing */
	vnet_dev_list_free(&list);
	assert_int_equal(vnet_dev_find(t.ctx, "LNRO0005:0", &list), -ENODEV);
	assert_int_equal(vnet_dev_find(t.ctx, "00:02.0", &list), -ENODEV);
	tree_close(&t);
}

static void test_allocated_results(void **state)
{
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_system *sys;
	struct vnet_explanation *e;
	struct vnet_findings *f;
	struct vnet_check_opts bad = { 0 };
	struct vnet_check_opts opts = { .size = sizeof(opts) };

	(void)state;
	tree_open(&t, "twonics-6.12");
	assert_int_equal(vnet_system_get(t.ctx, &sys), 0);
	assert_non_null(sys);
	assert_int_not_equal(sys->kernel[0], '\0');
	vnet_system_free(sys);

	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(vnet_explain(t.ctx, list.devs[0], &e), 0);
	assert_non_null(e);
	assert_string_equal(e->device, "eth0");
	vnet_explanation_free(e);

	assert_int_equal(vnet_check(t.ctx, &list, &bad, &f), -EINVAL);
	assert_null(f);
	assert_int_not_equal(vnet_ctx_error(t.ctx)[0], '\0');
	assert_int_equal(vnet_check(t.ctx, &list, &opts, &f), 0);
	assert_non_null(f);
	vnet_findings_free(f);
	assert_int_equal(vnet_check(t.ctx, &list, NULL, &f), 0);
	vnet_findings_free(f);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* ---- hostile trees (issue 19): a captured tree is untrusted input ---- */

/* Overwrite the first @len bytes equal to @old in @rel with @new. */
static void patch_bytes(const struct tree *t, const char *rel, const void *old,
			const void *new, size_t len)
{
	char path[512], buf[65536];
	size_t n;
	FILE *f;
	char *at = NULL;

	path_of(t, path, sizeof(path), rel);
	f = fopen(path, "r+b");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	for (size_t i = 0; i + len <= n && !at; i++)
		if (!memcmp(buf + i, old, len))
			at = buf + i;
	assert_non_null(at);
	assert_int_equal(fseek(f, at - buf, SEEK_SET), 0);
	assert_int_equal(fwrite(new, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* "virtio0-input.4294967295" once truncated max_q + 1 to 0 and wrote queues[q]. */
static void test_irq_index_out_of_range(void **state)
{
	static const char *const names[] = { "4294967295", "1000000", "4" };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct tree t;
		struct vnet_dev_list list;
		struct vnet_dev *d;

		tree_open(&t, "mq4-6.12");
		assert_int_equal(run("sed -i 's/virtio0-input\\.3$/virtio0-input.%s/' "
				     "'%s/proc/interrupts'", names[i], t.dir), 0);
		assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
		d = list.devs[0];
		assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_IRQS), 0);
		assert_true(d->filled & VNET_FILL_IRQS);
		assert_int_equal(d->n_queues, 4);
		assert_int_equal(d->queues[3].rx_irq.irq, VNET_UNKNOWN);
		assert_int_equal(d->queues[3].tx_irq.irq, 32);
		vnet_dev_list_free(&list);
		tree_close(&t);
	}
}

/* A recorded max_combined=1000000 once made a million queue rows. */
static void test_channels_above_bound(void **state)
{
	const uint16_t old[4] = { 8, 5, 4, 0 }, new[4] = { 8, 5, 0x4240, 0x000f };
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d;

	(void)state;
	tree_open(&t, "mq4-6.12");
	patch_bytes(&t, "netlink/ethtool-channels-eth0.nl", old, new, sizeof(old));
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	d = list.devs[0];
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_ALL), 0);
	assert_true(d->failed & VNET_FILL_CHANNELS);
	assert_non_null(strstr(vnet_dev_fill_error(d, VNET_FILL_CHANNELS), "max_combined=1000000"));
	assert_true(d->n_queues <= 1024);
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* A GSTRINGS len above the GSSET count once read past the buffer. */
static void test_gstrings_len_above_count(void **state)
{
	const uint32_t old[3] = { 0x1b, 1, 30 }, new[3] = { 0x1b, 1, 0x7fffffff };
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_stats *st;

	(void)state;
	tree_open(&t, "mq4-6.12");
	patch_bytes(&t, "netlink/ethtool-gstrings-eth0.bin", old, new, sizeof(old));
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	assert_int_equal(vnet_stats_open(t.ctx, list.devs[0], &st), -EAGAIN);
	assert_non_null(strstr(vnet_ctx_error(t.ctx), "changed while being read"));
	vnet_dev_list_free(&list);
	tree_close(&t);
}

/* Symlinks out of the root are not followed; FIFOs are not opened. */
static void test_confined_to_root(void **state)
{
	char outside[] = "/tmp/vnet-test-outside.XXXXXX", path[512];
	struct tree t;
	struct vnet_dev_list list;
	struct vnet_dev *d;
	time_t start;

	(void)state;
	assert_non_null(mkdtemp(outside));
	assert_int_equal(run("echo 0-1 >'%s/affinity'", outside), 0);
	tree_open(&t, "mq4-6.12");
	assert_int_equal(run("ln -sf '%s/affinity' '%s/proc/irq/25/smp_affinity_list'",
			     outside, t.dir), 0);
	assert_int_equal(run("ln -sf ../../../../../../../../../../../..%s/affinity "
			     "'%s/proc/irq/27/smp_affinity_list'", outside, t.dir), 0);
	path_of(&t, path, sizeof(path), "sys/bus/virtio/devices/virtio0/status");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0644), 0);
	start = time(NULL);
	assert_int_equal(vnet_dev_list(t.ctx, &list), 0);
	d = list.devs[0];
	assert_int_equal(vnet_dev_fill(t.ctx, d, VNET_FILL_ALL), 0);
	assert_true(time(NULL) - start < 5);
	assert_int_equal(d->status, VNET_UNKNOWN);
	assert_string_equal(d->queues[0].rx_irq.affinity, "");
	assert_string_equal(d->queues[1].rx_irq.affinity, "");
	/* the tree's own relative links (class/net/eth0 -> ../../devices/...) still work */
	assert_string_equal(d->ifname, "eth0");
	assert_string_equal(d->queues[0].tx_irq.affinity, "0");
	vnet_dev_list_free(&list);
	tree_close(&t);
	assert_int_equal(run("rm -rf '%s'", outside), 0);
}

/* A root that is not there is an error, not a machine without virtio-net devices. */
static void test_missing_root(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list list;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", "/nonexistent/tree"), 0);
	assert_int_equal(vnet_dev_list(ctx, &list), -ENOENT);
	assert_string_equal(vnet_ctx_error(ctx), "linux.root=/nonexistent/tree: no such directory");
	vnet_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rescan_vanish_appear),
		cmocka_unit_test(test_rescan_rename),
		cmocka_unit_test(test_fill_dependencies),
		cmocka_unit_test(test_refresh),
		cmocka_unit_test(test_sampler_outlives_device),
		cmocka_unit_test(test_allocated_results),
		cmocka_unit_test(test_mmio_transport),
		cmocka_unit_test(test_failover_group),
		cmocka_unit_test(test_failover_not_a_bond),
		cmocka_unit_test(test_irq_index_out_of_range),
		cmocka_unit_test(test_channels_above_bound),
		cmocka_unit_test(test_gstrings_len_above_count),
		cmocka_unit_test(test_confined_to_root),
		cmocka_unit_test(test_missing_root),
	};

	/* a context reads these before the parameter: keep the caller's out */
	unsetenv("VNET_ROOT");
	unsetenv("VNET_SYSFS_ROOT");
	unsetenv("VNET_PROCFS_ROOT");
	unsetenv("VNET_REPLAY_DIR");
	unsetenv("VNET_RECORD_DIR");
	unsetenv("VNET_DEBUGFS_ROOT");
	unsetenv("VNET_BACKEND");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
