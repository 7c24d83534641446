// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-props.c - the tuning registry, plans and the write engine, on models
 *
 * Expected messages come from the facts (virtio 1.2, QEMU's property names,
 * the kernel's limits, NetKVM's INF), not from lib/props.c: a fragment
 * names the value, the range or the bit and the QEMU option.  Every bad
 * input is proven to change nothing: no step reaches the backend and the
 * device reads back as before.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model-backend.h"

struct run {
	struct vnet_ctx *ctx;
	struct vnet_dev_list devs;
	struct vnet_dev *dev;
	struct json_object *doc;
	struct vnet_plan *plan;
};

static struct run R;

static int teardown(void **state)
{
	(void)state;
	vnet_plan_free(R.plan);
	vnet_dev_list_free(&R.devs);
	vnet_ctx_free(R.ctx);
	json_object_put(R.doc);
	memset(&R, 0, sizeof(R));
	return 0;
}

/*
 * The healthy 4-queue model, with rings that can grow to 1024 and three
 * fixed offloads as virtio_net shows them on such a device: rx-checksum
 * fixed on (GUEST_CSUM), rx-lro and rx-hashing fixed off.
 */
static const char BASE[] =
	"{'devices': [{'rings': {'rx': 256, 'tx': 256, 'rx_max': 1024, 'tx_max': 1024},"
	" 'offloads': [{}, {}, {}, {}, {}, {},"
	"  {'name': 'rx-checksum', 'active': true, 'fixed': true, 'requested': true},"
	"  {'name': 'rx-lro', 'active': false, 'fixed': true, 'requested': false},"
	"  {'name': 'rx-hashing', 'active': false, 'fixed': true, 'requested': false}]}]}";

static void model(const char *patch, const char *features)
{
	teardown(NULL);
	R.doc = model_load("modern.json");
	model_patch(R.doc, BASE);
	if (patch)
		model_patch(R.doc, patch);
	if (features)
		model_features(R.doc, 0, features);
}

static struct vnet_dev *start(const char *param, const char *value)
{
	R.ctx = model_ctx_new_doc(R.doc);
	assert_non_null(R.ctx);
	if (param)
		assert_int_equal(vnet_ctx_set_param(R.ctx, param, value), 0);
	if (vnet_dev_list(R.ctx, &R.devs))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	R.dev = R.devs.devs[0];
	return R.dev;
}

static char *snapshot(void)
{
	struct json_object *o;
	char *s;

	assert_int_equal(vnet_dev_fill(R.ctx, R.dev, VNET_FILL_ALL), 0);
	assert_int_equal(vnet_dev_refresh(R.ctx, R.dev, VNET_FILL_ALL), 0);
	o = vnet_dev_to_json(R.dev);
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

static int plan(const char *a0, const char *a1, const char *a2)
{
	const char *a[3] = { a0, a1, a2 };
	size_t n = a2 ? 3 : a1 ? 2 : 1;

	vnet_plan_free(R.plan);
	R.plan = NULL;
	return vnet_plan_new(R.ctx, R.dev, a, n, &R.plan);
}

static const struct vnet_change *change_of(const char *name)
{
	for (size_t i = 0; i < vnet_plan_size(R.plan); i++)
		if (!strcmp(vnet_plan_change(R.plan, i)->info->name, name))
			return vnet_plan_change(R.plan, i);
	fail_msg("no change of %s in the plan", name);
	return NULL;
}

/* ---- the registry without a device ------------------------------------------ */

static void test_registry_lookup(void **state)
{
	const struct vnet_tunable_info *t;

	(void)state;
	/* ethtool's short names and the kernel's feature strings name one setting */
	assert_string_equal(vnet_tunable_lookup("tx-tcp-segmentation")->name, "tso");
	assert_string_equal(vnet_tunable_lookup("TSO")->name, "tso");
	assert_string_equal(vnet_tunable_lookup("rx-gro")->name, "gro");
	assert_string_equal(vnet_tunable_lookup("tx-scatter-gather")->name, "sg");
	assert_string_equal(vnet_tunable_lookup("combined")->name, "queues");
	/* NetKVM names, case-insensitive as the Windows registry is */
	t = vnet_tunable_lookup("*jumbopacket");
	assert_non_null(t);
	assert_int_equal(t->min, 590);
	assert_int_equal(t->max, 65500);
	assert_non_null(vnet_tunable_lookup("OffLoad.TxChecksum"));
	assert_ptr_equal(vnet_tunable_lookup("OffLoad.TxLSO"),
			 vnet_tunable_lookup("Offload.Tx.LSO"));
	assert_ptr_equal(vnet_tunable_lookup("TxCapacity"),
			 vnet_tunable_lookup("Init.MaxTxBuffers"));
	assert_ptr_equal(vnet_tunable_lookup("NetworkAddress"), vnet_tunable_lookup("Assign MAC"));
	assert_int_equal(vnet_tunable_lookup("mac")->type, VNET_TT_MAC);
	assert_int_equal(vnet_tunable_lookup("irq-affinity")->type, VNET_TT_CPULIST);
	assert_null(vnet_tunable_lookup("no-such-thing"));
	/* no Linux meaning: found, and explained */
	assert_non_null(strstr(vnet_tunable_why_not(vnet_tunable_lookup("Logging.Statistics(sec)")),
			       "no Linux meaning"));
	assert_non_null(vnet_tunable_why_not(vnet_tunable_lookup("Init.Do802.1PQ")));
	assert_non_null(strstr(vnet_tunable_why_not(vnet_tunable_lookup("msglvl")),
			       "get/set_msglevel"));
	assert_null(vnet_tunable_why_not(vnet_tunable_lookup("mtu")));
}

/* Every name and alias answers to exactly one setting, and each has help. */
static void test_registry_names_unique(void **state)
{
	const struct vnet_tunable_info *t, *u;
	static const char *const issue[] = {
		"queues", "rx-ring", "tx-ring", "mtu", "tso", "gso", "gro", "sg", "rx", "tx",
		"rxhash", "lro", "rx-usecs", "rx-frames", "tx-usecs", "tx-frames", "adaptive-rx",
		"mac", "irq-affinity", "rps", "logging", "Init.MTUSize", "Init.MaxTxBuffers",
		"Init.MaxRxBuffers", "Offload.Tx.Checksum", "Offload.Tx.LSO",
		"Offload.Rx.Checksum", "Logging.Level", "Logging.Enable",
		"Logging.Statistics(sec)", "Init.Do802.1PQ", "Assign MAC", "*JumboPacket",
		"TxCapacity", "RxCapacity", "NetworkAddress", "DebugLevel", "DoLog", "Priority",
		"OffLoad.RxCS",
	};

	(void)state;
	for (size_t i = 0; (t = vnet_tunable_at(i)); i++) {
		assert_non_null(t->help);
		assert_ptr_equal(vnet_tunable_lookup(t->name), t);
		for (size_t k = 0; t->aliases && t->aliases[k]; k++)
			assert_ptr_equal(vnet_tunable_lookup(t->aliases[k]), t);
		for (size_t j = 0; (u = vnet_tunable_at(j)); j++)
			if (u != t)
				assert_true(strcasecmp(u->name, t->name));
	}
	for (size_t i = 0; i < sizeof(issue) / sizeof(issue[0]); i++)
		if (!vnet_tunable_lookup(issue[i]))
			fail_msg("the issue's %s is not in the registry", issue[i]);
}

static void test_cpusets(void **state)
{
	struct vnet_cpuset s;
	char buf[80];

	(void)state;
	assert_int_equal(vnet_cpulist_parse("0-3,6", &s), 0);
	vnet_cpumask_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "4f");
	vnet_cpulist_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "0-3,6");
	/* the kernel's mask of CPUs 0 and 32..39: 32-bit groups, high first */
	assert_int_equal(vnet_cpumask_parse("ff,00000001\n", &s), 0);
	vnet_cpulist_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "0,32-39");
	vnet_cpumask_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "ff,00000001");
	assert_int_equal(vnet_cpulist_parse("3-1", &s), -EINVAL);
	assert_int_equal(vnet_cpulist_parse("1,", &s), -EINVAL);
	assert_int_equal(vnet_cpulist_parse("", &s), -EINVAL);
	assert_int_equal(vnet_cpumask_parse("xyz", &s), -EINVAL);
}

/* ---- bad input: refused before any step, nothing changes ------------------------ */

struct bad {
	const char *a[3];
	const char *patch;	/* merged into the model first, or NULL */
	const char *features;	/* model_features() edits, or NULL */
	const char *param, *value;
	const char *want;	/* a fragment of the one-line message */
};

static const struct bad bad_inputs[] = {
	/* queues: 1..max_virtqueue_pairs, MQ and CTRL_VQ */
	{ { "queues=9" }, NULL, NULL, NULL, NULL,
	  "queues=9: out of range 1..4 (the device has 4 queue pairs; QEMU -netdev ...,queues=N "
	  "and -device virtio-net-pci,mq=on,vectors=2N+2 raise it)" },
	{ { "queues=0" }, NULL, NULL, NULL, NULL, "queues=0: out of range 1.." },
	{ { "queues=-1" }, NULL, NULL, NULL, NULL, "queues=-1: out of range 1.." },
	{ { "queues=two" }, NULL, NULL, NULL, NULL, "queues=two: not a number" },
	{ { "queues=2" }, "{'devices': [{'channels': {'combined': 1, 'max_combined': 1}}]}",
	  "-MQ", NULL, NULL, "queues=2: MQ is not negotiated" },
	{ { "queues=2" }, "{'devices': [{'channels': {'combined': 1}}]}", "-CTRL_VQ", NULL, NULL,
	  "queues=2: CTRL_VQ is not negotiated" },
	/* rings: RING_RESET, the device maximum, split rings are powers of two */
	{ { "rx-ring=512" }, NULL, "-RING_RESET", NULL, NULL,
	  "rx-ring=512: RING_RESET is not negotiated: ring sizes cannot change (QEMU: "
	  "queue_reset=on" },
	{ { "rx-ring=2048" }, NULL, NULL, NULL, NULL, "rx-ring=2048: out of range" },
	{ { "rx-ring=2048" }, NULL, NULL, NULL, NULL, "rx_queue_size=N" },
	{ { "tx-ring=4096" }, NULL, NULL, NULL, NULL, "tx_queue_size=N" },
	{ { "rx-ring=300" }, NULL, NULL, NULL, NULL, "rx-ring=300: not a power of two" },
	{ { "tx-ring=abc" }, NULL, NULL, NULL, NULL, "tx-ring=abc: not a number" },
	{ { "rx-ring=0" }, NULL, NULL, NULL, NULL, "rx-ring=0: out of range" },
	/* MTU: 68..65535, host_mtu caps it */
	{ { "mtu=70000" }, NULL, NULL, NULL, NULL, "mtu=70000: out of range 68..65535" },
	{ { "mtu=67" }, NULL, NULL, NULL, NULL, "mtu=67: out of range 68.." },
	{ { "mtu=1500.5" }, NULL, NULL, NULL, NULL, "mtu=1500.5: not a number" },
	{ { "mtu=9000" }, "{'devices': [{'mtu': {'max': 1500}}]}", "+MTU", NULL, NULL,
	  "mtu=9000: out of range 68..1500 (the device's host_mtu is 1500" },
	{ { "mtu=9000" }, "{'devices': [{'mtu': {'max': 1500}}]}", "+MTU", NULL, NULL,
	  "host_mtu=N raises it" },
	/* offloads: type, fixed ones, dependencies */
	{ { "tso=maybe" }, NULL, NULL, NULL, NULL, "tso=maybe: not a switch: tso takes on or off" },
	{ { "rx=off" }, NULL, NULL, NULL, NULL,
	  "rx=off: rx-checksum is fixed on this device (it stays on)" },
	{ { "lro=on" }, NULL, NULL, NULL, NULL,
	  "lro=on: rx-lro is fixed on this device (it stays off)" },
	{ { "rx-hashing=on" }, NULL, NULL, NULL, NULL,
	  "rx-hashing=on: rx-hashing is fixed on this device (it stays off)" },
	{ { "ntuple=on" }, NULL, NULL, NULL, NULL, "ntuple=on: the driver does not have "
	  "rx-ntuple-filter" },
	{ { "tso=on", "sg=off" }, NULL, NULL, NULL, NULL, "tso=on: needs sg on" },
	{ { "tso=on" }, "{'devices': [{'offloads': [{}, {'active': false, 'fixed': true}, "
	  "{'active': false}, {'active': false}]}]}", NULL, NULL, NULL,
	  "tso=on: needs sg on (the kernel drops TSO without scatter-gather), which cannot be" },
	/* coalescing: NOTF_COAL / VQ_NOTF_COAL */
	{ { "rx-usecs=64" }, NULL, NULL, NULL, NULL, "rx-usecs=64: NOTF_COAL is not negotiated" },
	{ { "adaptive-rx=on" }, NULL, NULL, NULL, NULL,
	  "adaptive-rx=on: VQ_NOTF_COAL is not negotiated" },
	{ { "adaptive-rx=on" }, NULL, "+NOTF_COAL", NULL, NULL,
	  "adaptive-rx=on: VQ_NOTF_COAL is not negotiated" },
	{ { "rx-usecs=-5" }, NULL, "+NOTF_COAL", NULL, NULL, "rx-usecs=-5: out of range 0.." },
	{ { "tx-frames=lots" }, NULL, "+NOTF_COAL", NULL, NULL, "tx-frames=lots: not a number" },
	{ { "rx-frames=4294967296" }, NULL, "+NOTF_COAL", NULL, NULL,
	  "rx-frames=4294967296: out of range 0..4294967295" },
	/* MAC: unicast, CTRL_MAC_ADDR or a down link */
	{ { "mac=01:00:5e:00:00:01" }, NULL, NULL, NULL, NULL,
	  "mac=01:00:5e:00:00:01: a multicast" },
	{ { "mac=00:00:00:00:00:00" }, NULL, NULL, NULL, NULL, "all-zero" },
	{ { "mac=52:54:00:12:34" }, NULL, NULL, NULL, NULL,
	  "mac=52:54:00:12:34: not a MAC address" },
	{ { "mac=52:54:00:12:34:zz" }, NULL, NULL, NULL, NULL, "not a MAC address" },
	{ { "mac=02:00:00:00:00:01" }, NULL, "-CTRL_MAC_ADDR", NULL, NULL,
	  "mac=02:00:00:00:00:01: CTRL_MAC_ADDR is not negotiated: the MAC can only change while "
	  "the link is down" },
	{ { "link=sideways" }, NULL, NULL, NULL, NULL, "link=sideways: not one of up|down" },
	/* IRQ placement and RPS */
	{ { "irq-affinity=9" }, NULL, NULL, NULL, NULL, "irq-affinity=9: CPU 9 is not online" },
	{ { "irq-affinity=banana" }, NULL, NULL, NULL, NULL,
	  "irq-affinity=banana: not a CPU list" },
	{ { "irq-affinity=0" }, "{'devices': [{'interrupts': {'mode': 'msix-shared'}}]}", NULL,
	  NULL, NULL, "irq-affinity=0: the queues have no vectors of their own" },
	{ { "rps=0-99" }, NULL, NULL, NULL, NULL, "rps=0-99: CPU 99 is not online" },
	{ { "rps=x" }, NULL, NULL, NULL, NULL, "rps=x: not a CPU list" },
	/* logging and the message level */
	{ { "logging=verbose" }, NULL, NULL, NULL, NULL, "logging=verbose: not one of off|on" },
	{ { "logging=on" }, NULL, NULL, "model.logging", "", "logging=on: model: logging is not "
	  "readable" },
	{ { "msglvl=1" }, NULL, NULL, NULL, NULL, "msglvl=1: virtio_net does not implement "
	  "get/set_msglevel" },
	/* names */
	{ { "bogus=1" }, NULL, NULL, NULL, NULL, "bogus: no such setting" },
	{ { "quues=2" }, NULL, NULL, NULL, NULL, "quues: no such setting (did you mean queues?)" },
	{ { "mtu" }, NULL, NULL, NULL, NULL, "mtu: not an assignment" },
	{ { "mtu=" }, NULL, NULL, NULL, NULL, "mtu=: no value" },
	{ { "mtu=9000", "mtu=1400" }, NULL, NULL, NULL, NULL, "mtu is set twice (mtu=9000 and "
	  "mtu=1400)" },
	{ { "mtu=9000", "*JumboPacket=1514" }, NULL, NULL, NULL, NULL, "mtu is set twice" },
	{ { "tso=on", "tx-tcp-segmentation=off" }, NULL, NULL, NULL, NULL, "tso is set twice" },
	/* one bad among good ones */
	{ { "mtu=9000", "queues=9", "gro=off" }, NULL, NULL, NULL, NULL, "queues=9: out of range" },
	/* NetKVM names, in their own terms first */
	{ { "*JumboPacket=100" }, NULL, NULL, NULL, NULL,
	  "*JumboPacket=100: out of range 590..65500" },
	{ { "*JumboPacket=big" }, NULL, NULL, NULL, NULL, "*JumboPacket=big: not a number" },
	{ { "*JumboPacket=9014" }, "{'devices': [{'mtu': {'max': 1500}}]}", "+MTU", NULL, NULL,
	  "*JumboPacket=9014 (mtu=9000): out of range 68..1500" },
	{ { "Init.MTUSize=499" }, NULL, NULL, NULL, NULL,
	  "Init.MTUSize=499: out of range 500..65500" },
	{ { "Init.MaxTxBuffers=100" }, NULL, NULL, NULL, NULL,
	  "Init.MaxTxBuffers=100: not one of 16|32|64|128|256|512|1024" },
	{ { "RxCapacity=8192" }, NULL, NULL, NULL, NULL, "RxCapacity=8192: not one of 16|" },
	{ { "TxCapacity=2048" }, NULL, NULL, NULL, NULL, "TxCapacity=2048: not one of" },
	{ { "Offload.Tx.Checksum=3" }, NULL, NULL, NULL, NULL,
	  "Offload.Tx.Checksum=3: Linux has no IPv4-only checksum offload" },
	{ { "OffLoad.TxChecksum=1" }, NULL, NULL, NULL, NULL, "IPv4-only" },
	{ { "Offload.Tx.LSO=1" }, NULL, NULL, NULL, NULL,
	  "Offload.Tx.LSO=1: Linux has no IPv4-only" },
	{ { "OffLoad.RxCS=7" }, NULL, NULL, NULL, NULL, "OffLoad.RxCS=7: not one of 0|1|3|27|31" },
	{ { "Offload.Rx.Checksum=0" }, NULL, NULL, NULL, NULL,
	  "Offload.Rx.Checksum=0 (rx=off): rx-checksum is fixed on this device" },
	{ { "Logging.Level=9" }, NULL, NULL, NULL, NULL, "Logging.Level=9: out of range 0..8" },
	{ { "DoLog=yes" }, NULL, NULL, NULL, NULL, "DoLog=yes: not one of 0|1" },
	{ { "Logging.Statistics(sec)=10" }, NULL, NULL, NULL, NULL,
	  "Logging.Statistics(sec)=10: no Linux meaning" },
	{ { "Init.Do802.1PQ=1" }, NULL, NULL, NULL, NULL, "Init.Do802.1PQ=1: no Linux meaning" },
	{ { "Priority=0" }, NULL, NULL, NULL, NULL, "type vlan" },
	{ { "NetworkAddress=12345" }, NULL, NULL, NULL, NULL,
	  "NetworkAddress=12345: not a MAC address: 12 hex digits" },
	{ { "Assign MAC=030000000001" }, NULL, NULL, NULL, NULL, "a multicast address" },
};

static void test_bad_inputs(void **state)
{
	(void)state;
	assert_true(sizeof(bad_inputs) / sizeof(bad_inputs[0]) >= 40);
	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		const struct bad *b = &bad_inputs[i];
		char *before, *after;
		int err;

		model(b->patch, b->features);
		start(b->param, b->value);
		before = snapshot();
		err = plan(b->a[0], b->a[1], b->a[2]);
		if (err != -EINVAL || !strstr(vnet_ctx_error(R.ctx), b->want))
			fail_msg("case %zu (%s): got %d \"%s\", wanted -EINVAL \"%s\"", i, b->a[0],
				 err, vnet_ctx_error(R.ctx), b->want);
		assert_null(R.plan);
		/* one line */
		assert_null(strchr(vnet_ctx_error(R.ctx), '\n'));
		assert_string_equal(model_steps(R.ctx), "");
		after = snapshot();
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	teardown(NULL);
}

/* ---- good plans ------------------------------------------------------------------- */

static void test_nothing_to_do(void **state)
{
	(void)state;
	model(NULL, "-RING_RESET -MQ");
	start(NULL, NULL);
	/* as it is: valid whatever the device could change */
	assert_int_equal(plan("mtu=1500", "rx-ring=256", "queues=4"), 0);
	assert_int_equal(vnet_plan_size(R.plan), 3);
	for (size_t i = 0; i < 3; i++)
		assert_false(vnet_plan_change(R.plan, i)->changes);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "");
	teardown(NULL);
}

static void test_apply_in_safe_order(void **state)
{
	const char *a[] = { "rx-ring=1024", "queues=2", "mtu=9000", "gro=off", "tx-ring=512" };
	const struct vnet_change *c;

	(void)state;
	model(NULL, NULL);
	start(NULL, NULL);
	assert_int_equal(vnet_plan_new(R.ctx, R.dev, a, 5, &R.plan), 0);
	c = change_of("queues");
	assert_string_equal(c->old_value, "4");
	assert_string_equal(c->new_value, "2");
	assert_true(c->changes);
	assert_false(c->implied);
	assert_string_equal(change_of("mtu")->given, "mtu=9000");
	if (vnet_plan_apply(R.ctx, R.plan))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	/* MTU before queues before rings before offloads; both rings in one step */
	assert_string_equal(model_steps(R.ctx), "mtu 9000\nqueues 2\nrings rx=1024 tx=512\n"
			    "offloads rx-gro=off\n");
	assert_int_equal(R.dev->mtu.current, 9000);
	assert_int_equal(R.dev->channels.combined, 2);
	assert_int_equal(R.dev->rings.rx, 1024);
	assert_int_equal(R.dev->rings.tx, 512);
	/* the queue table followed: two queues left active */
	assert_true(R.dev->queues[1].active);
	assert_false(R.dev->queues[2].active);
	teardown(NULL);
}

static void test_implied_dependencies(void **state)
{
	const struct vnet_change *c;

	(void)state;
	/* sg and tx off: tso on needs both, as netdev_fix_features() would drop it */
	model("{'devices': [{'offloads': [{'active': false}, {'active': false}, "
	      "{'active': false}, {'active': false}]}]}", NULL);
	start(NULL, NULL);
	assert_int_equal(plan("tso=on", NULL, NULL), 0);
	c = change_of("sg");
	assert_true(c->implied);
	assert_string_equal(c->new_value, "on");
	assert_string_equal(c->given, "sg=on");
	assert_true(change_of("tx")->implied);
	assert_false(change_of("tso")->implied);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_non_null(strstr(model_steps(R.ctx), "tx-tcp-segmentation=on"));
	assert_non_null(strstr(model_steps(R.ctx), "tx-scatter-gather=on"));
	assert_non_null(strstr(model_steps(R.ctx), "tx-checksum-ip-generic=on"));

	/* the other way: sg off takes tso with it */
	model(NULL, NULL);
	start(NULL, NULL);
	assert_int_equal(plan("sg=off", NULL, NULL), 0);
	c = change_of("tso");
	assert_true(c->implied);
	assert_string_equal(c->new_value, "off");
	assert_string_equal(c->old_value, "on");
	teardown(NULL);
}

static void test_netkvm_aliases(void **state)
{
	const struct vnet_change *c;

	(void)state;
	model("{'devices': [{'link': {'mac': '52:54:00:12:34:56'}}]}", NULL);
	start(NULL, NULL);
	/* the frame size includes the 14-byte Ethernet header */
	assert_int_equal(plan("*JumboPacket=9014", "Init.MaxRxBuffers=512", "TxCapacity=1024"),
			 0);
	c = change_of("mtu");
	assert_string_equal(c->new_value, "9000");
	assert_string_equal(c->given, "*JumboPacket=9014");
	assert_string_equal(change_of("rx-ring")->new_value, "512");
	assert_string_equal(change_of("tx-ring")->new_value, "1024");
	assert_int_equal(plan("Init.MTUSize=1500", NULL, NULL), 0);
	assert_false(change_of("mtu")->changes);
	/* 12 hex digits, locally administered: no warning */
	assert_int_equal(plan("NetworkAddress=02AABBCCDDEE", NULL, NULL), 0);
	assert_string_equal(change_of("mac")->new_value, "02:aa:bb:cc:dd:ee");
	assert_string_equal(change_of("mac")->note, "");
	/* a vendor's OUI (00:16:3e, Xen's): allowed, with a warning */
	assert_int_equal(plan("mac=00:16:3e:aa:bb:cc", NULL, NULL), 0);
	assert_non_null(strstr(change_of("mac")->note, "not locally administered"));
	/* the checksum masks: 0 is off, 27 (TCP/UDP v4+v6) on; tx off takes tso along */
	assert_int_equal(plan("Offload.Tx.Checksum=0", NULL, NULL), 0);
	assert_string_equal(change_of("tx")->new_value, "off");
	assert_true(change_of("tso")->implied);
	assert_int_equal(plan("OffLoad.TxChecksum=27", "Offload.Tx.LSO=2", NULL), 0);
	assert_false(change_of("tx")->changes);
	assert_false(change_of("tso")->changes);
	assert_int_equal(plan("Offload.Tx.LSO=0", NULL, NULL), 0);
	assert_string_equal(change_of("tso")->new_value, "off");
	/* receive checksum is fixed on here: 31 asks for what is */
	assert_int_equal(plan("Offload.Rx.Checksum=31", NULL, NULL), 0);
	assert_false(change_of("rx")->changes);
	assert_int_equal(plan("Logging.Level=3", NULL, NULL), 0);
	assert_string_equal(change_of("logging")->new_value, "on");
	assert_int_equal(plan("DoLog=0", NULL, NULL), 0);
	assert_false(change_of("logging")->changes);
	assert_int_equal(plan("Logging.Enable=1", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "logging on\n");
	teardown(NULL);
}

static void test_mac_with_link_down(void **state)
{
	(void)state;
	model(NULL, "-CTRL_MAC_ADDR");
	start(NULL, NULL);
	assert_int_equal(plan("mac=02:00:00:00:00:01", "link=down", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "link down\nmac 02:00:00:00:00:01\n");
	assert_string_equal(R.dev->link.mac, "02:00:00:00:00:01");
	teardown(NULL);
}

static void test_coalescing_and_placement(void **state)
{
	(void)state;
	model(NULL, "+NOTF_COAL +VQ_NOTF_COAL");
	start(NULL, NULL);
	assert_int_equal(plan("rx-usecs=64", "adaptive-rx=on", "rps=0-1"), 0);
	if (vnet_plan_apply(R.ctx, R.plan))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	assert_string_equal(model_steps(R.ctx), "coalescing rx_usecs=64 adaptive_rx=on\n"
			    "rps 0:3 1:3 2:3 3:3\n");
	assert_int_equal(R.dev->coalesce.rx_usecs, 64);
	assert_int_equal(R.dev->coalesce.adaptive_rx, VNET_TRI_YES);
	assert_string_equal(R.dev->queues[3].rps_cpus, "3");

	/* every vector on CPUs 0-1, then spread: queue pair i on CPU i, XPS aligned */
	assert_int_equal(plan("irq-affinity=0-1", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(R.dev->queues[2].tx_irq.affinity, "0-1");
	assert_int_equal(plan("irq-affinity=spread", NULL, NULL), 0);
	assert_string_equal(change_of("irq-affinity")->old_value, "0-1");
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(R.dev->queues[2].rx_irq.affinity, "2");
	assert_string_equal(R.dev->queues[2].xps_cpus, "4");
	assert_int_equal(plan("irq-affinity=spread", NULL, NULL), 0);
	assert_false(change_of("irq-affinity")->changes);

	/* with fewer queues in the same plan, only the queues left active are placed */
	assert_int_equal(plan("queues=2", "rps=3", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_non_null(strstr(model_steps(R.ctx), "queues 2\nrps 0:8 1:8\n"));
	teardown(NULL);
}

/* ---- failures: rollback, read-only, privilege ------------------------------------- */

static void test_failure_rolls_back(void **state)
{
	char *before, *after;
	int err;

	(void)state;
	model(NULL, NULL);
	start("model.fail_step", "2");
	before = snapshot();
	assert_int_equal(plan("mtu=9000", "rx-ring=512", NULL), 0);
	err = vnet_plan_apply(R.ctx, R.plan);
	assert_int_equal(err, -EINVAL);
	/* step 1 (mtu) applied, step 2 (rings) refused and unchanged: mtu undone */
	assert_string_equal(model_steps(R.ctx), "mtu 9000\nmtu 1500\n");
	assert_non_null(strstr(vnet_ctx_error(R.ctx),
			       "rings failed: model: step 2 (rings) refused"));
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "rolled back"));
	assert_int_equal(R.dev->mtu.current, 1500);
	after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	teardown(NULL);
}

static void test_failure_of_first_step(void **state)
{
	(void)state;
	model(NULL, NULL);
	start("model.fail_step", "1");
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EINVAL);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "nothing was changed"));
	assert_string_equal(model_steps(R.ctx), "");
	teardown(NULL);
}

/* A device that accepts a request and keeps its value is caught by the read-back. */
static void test_read_back_mismatch(void **state)
{
	(void)state;
	model(NULL, NULL);
	start("model.ignore_step", "2");
	assert_int_equal(plan("mtu=9000", "queues=1", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EIO);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "queues: asked combined 1, reads back 4"));
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "rolled back"));
	assert_int_equal(R.dev->mtu.current, 1500);
	teardown(NULL);
}

/* A read-only source with nothing to change is no write: nothing to do. */
static void test_no_change_on_read_only(void **state)
{
	(void)state;
	model(NULL, NULL);
	start("model.user", "user");
	assert_int_equal(plan("mtu=1500", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	teardown(NULL);
}

static void test_undo_failure_is_reported(void **state)
{
	(void)state;
	model(NULL, NULL);
	/* call 2 (rings) is refused, call 3 undoes the MTU: refused too */
	start("model.fail_step", "2,3");
	assert_int_equal(plan("mtu=9000", "rx-ring=512", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EINVAL);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "rollback incomplete: mtu not restored"));
	assert_string_equal(model_steps(R.ctx), "mtu 9000\n");
	assert_int_equal(R.dev->mtu.current, 9000);
	teardown(NULL);
}

static void test_read_only_backend(void **state)
{
	struct vnet_backend_ops ro = model_backend;
	struct vnet_ctx *ctx = vnet_ctx_new();
	struct vnet_dev_list devs = { 0 };
	struct vnet_plan *p = NULL;
	const char *a[] = { "mtu=9000" }, *names[] = { "mtu" };
	struct vnet_tunable_states *st = NULL;

	(void)state;
	ro.apply = NULL;
	ro.writable = NULL;
	model(NULL, NULL);
	assert_int_equal(vnet_ctx_set_backend_ops(ctx, &ro), 0);
	assert_int_equal(vnet_ctx_set_param(ctx, "model.json",
					    json_object_to_json_string_ext(R.doc,
									   JSON_C_TO_STRING_PLAIN)),
			 0);
	assert_int_equal(vnet_dev_list(ctx, &devs), 0);
	/* a plan is still checked: the dry run works on a read-only source */
	assert_int_equal(vnet_plan_new(ctx, devs.devs[0], a, 1, &p), 0);
	assert_int_equal(vnet_plan_apply(ctx, p), -EROFS);
	assert_non_null(strstr(vnet_ctx_error(ctx), "nothing was changed"));
	assert_int_equal(vnet_get(ctx, devs.devs[0], names, 1, &st), 0);
	assert_false(st->items[0]->settable);
	assert_non_null(strstr(st->items[0]->why_not, "read-only"));
	vnet_tunable_states_free(st);
	vnet_plan_free(p);
	vnet_dev_list_free(&devs);
	vnet_ctx_free(ctx);
	teardown(NULL);
}

static void test_not_root(void **state)
{
	(void)state;
	model(NULL, NULL);
	start("model.user", "user");
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EPERM);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "needs root"));
	assert_string_equal(model_steps(R.ctx), "");
	assert_int_equal(R.dev->mtu.current, 1500);
	teardown(NULL);
}

/* ---- get ---------------------------------------------------------------------------- */

static const struct vnet_tunable_state *state_of(const struct vnet_tunable_states *s,
						 const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->items[i]->info->name, name))
			return s->items[i];
	fail_msg("get lacks %s", name);
	return NULL;
}

static void test_get(void **state)
{
	struct vnet_tunable_states *s = NULL;
	const struct vnet_tunable_state *st;
	const char *names[] = { "combined", "tx-tcp-segmentation" };

	(void)state;
	model(NULL, "-RING_RESET");
	start(NULL, NULL);
	assert_int_equal(vnet_get(R.ctx, R.dev, NULL, 0, &s), 0);
	st = state_of(s, "queues");
	assert_string_equal(st->value, "4");
	assert_string_equal(st->range, "1..4");
	assert_true(st->settable);
	st = state_of(s, "rx-ring");
	assert_string_equal(st->value, "256");
	assert_false(st->settable);
	assert_non_null(strstr(st->why_not, "RING_RESET is not negotiated"));
	assert_non_null(strstr(st->why_not, "queue_reset=on"));
	st = state_of(s, "mtu");
	assert_string_equal(st->value, "1500");
	assert_string_equal(st->range, "68..65535");
	st = state_of(s, "rx");
	assert_string_equal(st->value, "on");
	assert_false(st->settable);
	assert_non_null(strstr(st->why_not, "fixed"));
	st = state_of(s, "rx-usecs");
	assert_false(st->settable);
	assert_non_null(strstr(st->why_not, "NOTF_COAL"));
	st = state_of(s, "logging");
	assert_string_equal(st->value, "off");
	st = state_of(s, "irq-affinity");
	assert_string_equal(st->value, "spread");
	assert_string_equal(st->range, "spread or CPUs 0-3");
	st = state_of(s, "rps");
	assert_string_equal(st->value, "off");
	st = state_of(s, "mac");
	assert_string_equal(st->value, "52:54:00:12:34:56");
	st = state_of(s, "Logging.Statistics(sec)");
	assert_false(st->settable);
	st = state_of(s, "*JumboPacket");
	assert_string_equal(st->value, "1500");
	assert_non_null(strstr(st->range, "as mtu"));
	vnet_tunable_states_free(s);

	assert_int_equal(vnet_get(R.ctx, R.dev, names, 2, &s), 0);
	assert_int_equal(s->n, 2);
	assert_string_equal(s->items[0]->info->name, "queues");
	assert_string_equal(s->items[1]->info->name, "tso");
	assert_string_equal(s->items[1]->value, "on");
	vnet_tunable_states_free(s);
	names[0] = "nope";
	assert_int_equal(vnet_get(R.ctx, R.dev, names, 1, &s), -ENOENT);
	assert_null(s);
	teardown(NULL);

	model(NULL, NULL);
	start("model.user", "user");
	assert_int_equal(vnet_get(R.ctx, R.dev, NULL, 0, &s), 0);
	st = state_of(s, "queues");
	assert_false(st->settable);
	assert_non_null(strstr(st->why_not, "needs root"));
	vnet_tunable_states_free(s);
	teardown(NULL);
}

/* ---- check --fix: the remedies' guest part -------------------------------------------- */

static void test_findings_assignments(void **state)
{
	struct vnet_findings *fs = NULL;
	char **as = NULL;
	size_t n = 0;
	bool queues = false, ring = false;

	(void)state;
	model("{'devices': [{'channels': {'combined': 1}, 'rings': {'rx': 256, 'rx_max': 1024}}]}",
	      NULL);
	start(NULL, NULL);
	assert_int_equal(vnet_check(R.ctx, &R.devs, NULL, &fs), 0);
	assert_int_equal(vnet_findings_assignments(fs, R.dev, &as, &n), 0);
	for (size_t i = 0; i < n; i++) {
		queues = queues || !strcmp(as[i], "queues=4");
		ring = ring || !strcmp(as[i], "rx-ring=1024");
	}
	assert_true(queues);
	assert_true(ring);
	/* and they make a valid plan that applies */
	assert_int_equal(vnet_plan_new(R.ctx, R.dev, (const char *const *)as, n, &R.plan), 0);
	if (vnet_plan_apply(R.ctx, R.plan))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	assert_int_equal(R.dev->channels.combined, 4);
	free(as);
	vnet_findings_free(fs);
	teardown(NULL);
}

#ifdef VNET_FIXTURES
/*
 * The Linux backend on a copy of a captured tree: "get" reads, debug
 * logging comes from the tree's dynamic_debug/control, and a write is
 * refused before any step: a capture never "succeeds" as a write.
 */
static void test_linux_captured_tree(void **state)
{
	char dir[] = "/tmp/vnet-test-props.XXXXXX", cmd[600], path[300];
	struct vnet_tunable_states *s = NULL;
	struct vnet_dev_list devs = { 0 };
	struct vnet_plan *p = NULL;
	const char *a[] = { "mtu=1400" }, *names[] = { "logging", "mtu" };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -a '%s/modern-6.12/.' '%s' && mkdir -p "
		 "'%s/sys/kernel/debug/dynamic_debug'", VNET_FIXTURES, dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/dynamic_debug/control", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# filename:lineno [module]function flags format\n"
	      "drivers/net/virtio_net.c:4242 [virtio_net]virtnet_probe =p \"x\"\n"
	      "drivers/virtio/virtio_ring.c:99 [virtio_ring]vring_new =_ \"y\"\n"
	      "fs/ext4/super.c:10 [ext4]ext4_fill_super =_ \"z\"\n", f);
	assert_int_equal(fclose(f), 0);
	R.ctx = vnet_ctx_new();
	assert_int_equal(vnet_ctx_set_param(R.ctx, "linux.root", dir), 0);
	assert_int_equal(vnet_dev_list(R.ctx, &devs), 0);
	assert_true(devs.n > 0);
	assert_int_equal(vnet_get(R.ctx, devs.devs[0], names, 2, &s), 0);
	assert_string_equal(s->items[0]->value, "partial");
	assert_false(s->items[1]->settable);
	assert_non_null(strstr(s->items[1]->why_not, "captured tree"));
	vnet_tunable_states_free(s);
	assert_int_equal(vnet_plan_new(R.ctx, devs.devs[0], a, 1, &p), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, p), -EROFS);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "nothing was changed"));
	vnet_plan_free(p);
	vnet_dev_list_free(&devs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	teardown(NULL);
}
#endif

/* ---- NetKVM (Windows) devices ----------------------------------------------------- */

/*
 * models/netkvm.json on modern.json's device: a NetKVM adapter whose
 * Ndi\Params are reference/netkvm.md 1.2's (netkvm.inx: no *NdisPoll), every
 * value in the driver key but RxCapacity and NetworkAddress.  The expected
 * ranges, defaults and masks below are the reference's, written out here.
 */
static void nk_model(void)
{
	struct json_object *nk = model_load("netkvm.json");

	teardown(NULL);
	R.doc = model_load("modern.json");
	model_patch(R.doc, json_object_to_json_string_ext(nk, JSON_C_TO_STRING_PLAIN));
	json_object_put(nk);
}

static struct json_object *nk_params(void)
{
	struct json_object *devs, *nk, *params;

	if (!json_object_object_get_ex(R.doc, "devices", &devs) ||
	    !json_object_object_get_ex(json_object_array_get_idx(devs, 0), "netkvm", &nk) ||
	    !json_object_object_get_ex(nk, "params", &params))
		fail_msg("the model has no netkvm.params");
	return params;
}

/* the Ndi\Params entry of @kw in the document (the test's own edits) */
static struct json_object *nk_param(const char *kw)
{
	struct json_object *params = nk_params(), *v;

	for (size_t i = 0; i < json_object_array_length(params); i++) {
		struct json_object *x = json_object_array_get_idx(params, i);

		if (json_object_object_get_ex(x, "keyword", &v) &&
		    !strcmp(json_object_get_string(v), kw))
			return x;
	}
	fail_msg("the model lacks %s", kw);
	return NULL;
}

static void nk_drop(const char *kw)
{
	struct json_object *params = nk_params(), *x = nk_param(kw);

	for (size_t i = 0; i < json_object_array_length(params); i++)
		if (json_object_array_get_idx(params, i) == x)
			json_object_array_del_idx(params, i, 1);
}

static void refused(const char *a0, const char *a1, const char *want)
{
	int err = plan(a0, a1, NULL);

	if (err != -EINVAL || !strstr(vnet_ctx_error(R.ctx), want))
		fail_msg("%s: got %d \"%s\", wanted -EINVAL \"%s\"", a0, err,
			 vnet_ctx_error(R.ctx), want);
	assert_null(strchr(vnet_ctx_error(R.ctx), '\n'));
	assert_null(R.plan);
}

static void test_netkvm_keywords(void **state)
{
	const struct vnet_change *c;

	(void)state;
	nk_model();
	start(NULL, NULL);
	assert_int_equal(vnet_dev_fill(R.ctx, R.dev, VNET_FILL_FEATURES), 0);
	assert_non_null(R.dev->netkvm);
	/* the keyword, its ParamDesc, any case: one setting named as the INF spells it */
	assert_int_equal(plan("Init.MaxTxBuffers=256", NULL, NULL), 0);
	c = change_of("TxCapacity");
	assert_string_equal(c->old_value, "1024");
	assert_string_equal(c->new_value, "256");
	assert_string_equal(c->given, "Init.MaxTxBuffers=256");
	assert_int_equal(plan("offload.txchecksum=27", NULL, NULL), 0);
	assert_string_equal(change_of("OffLoad.TxChecksum")->new_value, "27");
	assert_int_equal(plan("Logging.Level=3", "vlanid=12", NULL), 0);
	assert_string_equal(change_of("DebugLevel")->new_value, "3");
	assert_string_equal(change_of("VlanID")->new_value, "12");
	/* keywords with no Linux meaning are settings here */
	assert_int_equal(plan("*PriorityVLANTag=1", "Priority=0", NULL), 0);
	assert_int_equal(plan("*NumRssQueues=8", "MergeableBuffers=1", NULL), 0);
	/* the enum values the INF offers */
	refused("TxCapacity=100", NULL, "TxCapacity=100: not one of 16|32|64|128|256|512|1024");
	refused("*RSS=2", NULL, "*RSS=2: not one of 0|1");
	/* the INF's ranges */
	refused("*JumboPacket=589", NULL, "*JumboPacket=589: out of range 590..65500");
	refused("DebugLevel=9", NULL, "DebugLevel=9: out of range 0..8");
	refused("VlanID=4095", NULL, "VlanID=4095: out of range 0..4094");
	refused("MinRxBufferPercent=x", NULL, "MinRxBufferPercent=x: not a number");
	/* 1.3: read by the driver, not in the INF */
	refused("NumberOfHandledRXPacketsInDPC=500", NULL, "not in the INF");
	/* the current driver does not read the seed's statistics period */
	refused("Logging.Statistics=10", NULL, "does not read it");
	/* netkvm.inx has no *NdisPoll (netkvmpoll.inx has) */
	refused("*NdisPoll=0", NULL, "*NdisPoll=0: *NdisPoll is not in this adapter's Ndi\\Params");
	/* the older drivers' MTU keyword is not this driver's */
	refused("Init.MTUSize=1500", NULL, "*JumboPacket");
	refused("TxCapacity=256", "Init.MaxTxBuffers=512", "set twice");
	teardown(NULL);
}

/* What the INF offers and the driver does not take is refused, saying why. */
static void test_netkvm_driver_range(void **state)
{
	struct json_object *x;

	(void)state;
	nk_model();
	/* an INF that offers 2048 transmit buffers and 64 RSS queues */
	x = nk_param("TxCapacity");
	json_object_object_get_ex(x, "values", &x);
	json_object_array_add(x, model_parse("{'value': '2048', 'desc': '2048'}"));
	json_object_object_add(nk_param("*NumRssQueues"), "max", json_object_new_int64(64));
	/* and steps of 10 for the receive low-water mark */
	json_object_object_add(nk_param("MinRxBufferPercent"), "step", json_object_new_int64(10));
	start(NULL, NULL);
	/* reference 1.2: the driver takes 16..1024 (default 1024), 1..32 (default 16) */
	refused("TxCapacity=2048", NULL, "TxCapacity=2048: the driver accepts 16..1024 and "
		"silently uses its default 1024 otherwise");
	refused("*NumRssQueues=33", NULL, "the driver accepts 1..32 and silently uses its "
		"default 16 otherwise");
	assert_int_equal(plan("*NumRssQueues=32", NULL, NULL), 0);
	refused("MinRxBufferPercent=15", NULL, "MinRxBufferPercent=15: not a step of 10");
	assert_int_equal(plan("MinRxBufferPercent=20", NULL, NULL), 0);
	teardown(NULL);
}

/*
 * The ⚠ rows: where the INF's default and the driver's differ, an absent
 * value is the driver's default, not the INF's.
 */
static void test_netkvm_driver_defaults(void **state)
{
	struct vnet_tunable_states *s = NULL;
	const char *names[] = { "RxCapacity", "rx-ring" };

	(void)state;
	nk_model();
	nk_drop("NetworkAddress");
	json_object_object_add(nk_param("OffLoad.TxLSO"), "present", json_object_new_boolean(0));
	json_object_object_add(nk_param("OffLoad.TxLSO"), "value", NULL);
	json_object_object_add(nk_param("DebugLevel"), "present", json_object_new_boolean(0));
	json_object_object_add(nk_param("DebugLevel"), "value", NULL);
	start(NULL, NULL);
	/* RxCapacity: INF 1024, the driver's own 256 */
	assert_int_equal(plan("RxCapacity=1024", NULL, NULL), 0);
	assert_string_equal(change_of("RxCapacity")->old_value, "256");
	assert_true(change_of("RxCapacity")->changes);
	assert_int_equal(plan("rx-ring=256", NULL, NULL), 0);
	assert_false(change_of("RxCapacity")->changes);
	/* OffLoad.TxLSO: INF 2, the driver's own 0 (off) */
	assert_int_equal(plan("tso=off", NULL, NULL), 0);
	assert_false(change_of("OffLoad.TxLSO")->changes);
	assert_int_equal(plan("OffLoad.TxLSO=2", NULL, NULL), 0);
	assert_string_equal(change_of("OffLoad.TxLSO")->old_value, "0");
	/* DebugLevel: INF 0, the driver's own 2 */
	assert_int_equal(plan("DebugLevel=0", NULL, NULL), 0);
	assert_string_equal(change_of("DebugLevel")->old_value, "2");
	/* get: the INF default shown, and what the driver uses */
	assert_int_equal(vnet_get(R.ctx, R.dev, names, 2, &s), 0);
	assert_string_equal(s->items[0]->value, "1024");
	assert_non_null(strstr(s->items[0]->range, "the driver uses its default 256"));
	assert_string_equal(s->items[1]->value, "256");
	assert_true(s->items[0]->settable);
	vnet_tunable_states_free(s);
	/* absent from this INF: refused with the reason */
	refused("NetworkAddress=021122334455", NULL, "not in this adapter's Ndi\\Params");
	refused("mac=02:11:22:33:44:55", NULL, "NetworkAddress is not in this adapter's");
	teardown(NULL);
}

/* The shared settings on Windows: their keyword, in their own words. */
static void test_netkvm_shared(void **state)
{
	const struct vnet_change *c;

	(void)state;
	nk_model();
	start(NULL, NULL);
	/* *JumboPacket is the frame: 590..65500 less the 14-byte header */
	refused("mtu=70000", NULL, "mtu=70000: out of range 576..65486");
	refused("mtu=575", NULL, "out of range 576..65486");
	refused("mtu=big", NULL, "mtu=big: not a number");
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	c = change_of("*JumboPacket");
	assert_string_equal(c->given, "mtu=9000");
	assert_string_equal(c->old_value, "1514");
	assert_string_equal(c->new_value, "9014");
	refused("mtu=9000", "*JumboPacket=9014", "set twice");
	/* rings: the capacities' values */
	refused("rx-ring=100", NULL, "rx-ring=100: not one of 16|32|64|128|256|512|1024|2048|4096");
	refused("tx-ring=2048", NULL, "tx-ring=2048: not one of 16|32|64|128|256|512|1024");
	assert_int_equal(plan("rx-ring=4096", "tx-ring=64", NULL), 0);
	assert_string_equal(change_of("RxCapacity")->new_value, "4096");
	assert_string_equal(change_of("TxCapacity")->new_value, "64");
	/* offloads: the capability masks, 0 off; on keeps a mask already on */
	assert_int_equal(plan("tx=off", "tso=off", NULL), 0);
	assert_string_equal(change_of("OffLoad.TxChecksum")->new_value, "0");
	assert_string_equal(change_of("OffLoad.TxLSO")->new_value, "0");
	assert_int_equal(plan("rx=off", NULL, NULL), 0);
	assert_string_equal(change_of("OffLoad.RxCS")->new_value, "0");
	assert_int_equal(plan("tx=on", "tso=on", NULL), 0);
	assert_false(change_of("OffLoad.TxChecksum")->changes);
	assert_false(change_of("OffLoad.TxLSO")->changes);
	refused("tso=maybe", NULL, "tso=maybe: not a switch");
	/* mac: NetworkAddress, 12 upper-case hex digits, locally administered unicast */
	assert_int_equal(plan("mac=02:aa:bb:cc:dd:ee", NULL, NULL), 0);
	assert_string_equal(change_of("NetworkAddress")->new_value, "02AABBCCDDEE");
	assert_int_equal(plan("NetworkAddress=06-11-22-33-44-55", NULL, NULL), 0);
	assert_string_equal(change_of("NetworkAddress")->new_value, "061122334455");
	/* Xen's OUI: a vendor's, not locally administered (QEMU's 52:54:00 is) */
	refused("mac=00:16:3e:aa:bb:cc", NULL, "not locally administered");
	refused("NetworkAddress=03AABBCCDDEE", NULL, "a multicast address");
	refused("Assign MAC=12345", NULL, "not a MAC address");
	/* logging: the debug level */
	assert_int_equal(plan("logging=on", NULL, NULL), 0);
	assert_string_equal(change_of("DebugLevel")->new_value, "2");
	/* the queue count is no NetKVM setting: the driver's formula and the host's options */
	refused("queues=2", NULL, "MSI-X");
	refused("queues=2", NULL, "queues=N");
	refused("combined=2", NULL, "*NumRssQueues");
	/* Linux-only settings, each with its reason */
	refused("rx-usecs=10", NULL, "coalescing");
	refused("irq-affinity=spread", NULL, "RSS");
	refused("rps=0", NULL, "RSS");
	refused("link=down", NULL, "Disable-NetAdapter");
	refused("gro=off", NULL, "*RscIPv4");
	refused("uso=off", NULL, "*UsoIPv4");
	teardown(NULL);
}

static void test_netkvm_get(void **state)
{
	struct vnet_tunable_states *s = NULL;
	const struct vnet_tunable_state *st;
	const char *names[] = { "queues", "Jumbo Packet", "NumberOfHandledRXPacketsInDPC" };

	(void)state;
	nk_model();
	start(NULL, NULL);
	assert_int_equal(vnet_get(R.ctx, R.dev, NULL, 0, &s), 0);
	st = state_of(s, "TxCapacity");
	assert_string_equal(st->value, "1024");
	assert_true(st->settable);
	assert_non_null(strstr(st->range, "16|32|64|128|256|512|1024"));
	st = state_of(s, "mtu");
	assert_string_equal(st->value, "1500");
	assert_non_null(strstr(st->range, "576..65486"));
	assert_string_equal(state_of(s, "tso")->value, "on");
	assert_string_equal(state_of(s, "rx-ring")->value, "256");
	assert_string_equal(state_of(s, "*NumRssQueues")->value, "16");
	assert_string_equal(state_of(s, "NetworkAddress")->value, "");
	/* what has no meaning here is not listed */
	for (size_t i = 0; i < s->n; i++) {
		const char *n = s->items[i]->info->name;

		if (!strcmp(n, "queues") || !strcmp(n, "sg") || !strcmp(n, "rps") ||
		    !strcmp(n, "*NdisPoll") || !strcmp(n, "Init.MTUSize") ||
		    !strcmp(n, "NumberOfHandledRXPacketsInDPC"))
			fail_msg("get lists %s on a NetKVM device", n);
	}
	vnet_tunable_states_free(s);
	/* asked by name: the reason */
	assert_int_equal(vnet_get(R.ctx, R.dev, names, 3, &s), 0);
	assert_false(s->items[0]->settable);
	assert_non_null(strstr(s->items[0]->why_not, "NumOfQueues"));
	assert_string_equal(s->items[1]->info->name, "*JumboPacket");
	assert_string_equal(s->items[1]->value, "1514");
	assert_false(s->items[2]->settable);
	assert_non_null(strstr(s->items[2]->why_not, "not in the INF"));
	vnet_tunable_states_free(s);
	teardown(NULL);
}

static void test_netkvm_writes(void **state)
{
	struct vnet_tunable_states *s = NULL;
	const char *names[] = { "TxCapacity", "RxCapacity" };

	(void)state;
	nk_model();
	start(NULL, NULL);
	/* one step a keyword, as the INF spells it, REG_SZ decimal text */
	assert_int_equal(plan("txcapacity=256", "Init.MaxRxBuffers=512", NULL), 0);
	assert_false(vnet_plan_needs_restart(R.plan));
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword TxCapacity=256\n"
			    "NetKVM keyword RxCapacity=512\n");
	/* the driver reads them when the adapter starts */
	assert_true(vnet_plan_needs_restart(R.plan));
	assert_int_equal(vnet_get(R.ctx, R.dev, names, 2, &s), 0);
	assert_string_equal(s->items[0]->value, "256");
	assert_string_equal(s->items[1]->value, "512");
	vnet_tunable_states_free(s);
	teardown(NULL);

	/* the debug level is live through WMI too: no restart for it */
	nk_model();
	start(NULL, NULL);
	assert_int_equal(plan("Logging.Level=3", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword DebugLevel=3\n"
			    "NetKVM debug level 3\n");
	assert_int_equal(R.dev->netkvm->debug_level, 3);
	assert_false(vnet_plan_needs_restart(R.plan));
	teardown(NULL);

	/* WMI unreadable: the registry only, and the level waits for the restart */
	nk_model();
	model_patch(R.doc, "{'devices': [{'netkvm': {'wmi': {'debug_level': null}}}]}");
	start(NULL, NULL);
	assert_int_equal(plan("DebugLevel=3", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword DebugLevel=3\n");
	assert_true(vnet_plan_needs_restart(R.plan));
	teardown(NULL);

	/* NetworkAddress=none deletes the value: the permanent MAC again */
	nk_model();
	json_object_object_add(nk_param("NetworkAddress"), "present", json_object_new_boolean(1));
	json_object_object_add(nk_param("NetworkAddress"), "value",
			       json_object_new_string("02AABBCCDDEE"));
	start(NULL, NULL);
	assert_int_equal(plan("NetworkAddress=NONE", NULL, NULL), 0);
	assert_string_equal(change_of("NetworkAddress")->old_value, "02AABBCCDDEE");
	assert_string_equal(change_of("NetworkAddress")->new_value, "none");
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword NetworkAddress removed\n");
	assert_int_equal(plan("mac=02:aa:bb:cc:dd:ee", NULL, NULL), 0);
	assert_string_equal(change_of("NetworkAddress")->old_value, "none");
	teardown(NULL);

	/* with the restart: one step after the writes */
	nk_model();
	start(NULL, NULL);
	assert_int_equal(plan("mtu=9000", "mac=02:11:22:33:44:55", NULL), 0);
	vnet_plan_set_restart(R.plan, true);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword *JumboPacket=9014\n"
			    "NetKVM keyword NetworkAddress=021122334455\n"
			    "adapter restart\n");
	assert_false(vnet_plan_needs_restart(R.plan));
	teardown(NULL);

	/* an INF that spells it VlanId (as the driver asks): written as this INF spells it */
	nk_model();
	json_object_object_add(nk_param("VlanID"), "keyword", json_object_new_string("VlanId"));
	start(NULL, NULL);
	assert_int_equal(plan("VLANID=5", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword VlanId=5\n");
	teardown(NULL);

	/* an older driver: MTU (the MTU itself, 500..65500: the seed's table), no *JumboPacket */
	nk_model();
	nk_drop("*JumboPacket");
	json_object_array_add(nk_params(), model_parse(
		"{'keyword': 'MTU', 'desc': 'Init.MTUSize', 'type': 'int', 'min': 500,"
		" 'max': 65500, 'step': 1, 'inf_default': '1500', 'values': [],"
		" 'optional': false, 'present': true, 'value': '1500'}"));
	start(NULL, NULL);
	refused("mtu=499", NULL, "mtu=499: out of range 500..65500");
	refused("*JumboPacket=9014", NULL, "not in this adapter's Ndi\\Params");
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	assert_string_equal(change_of("Init.MTUSize")->new_value, "9000");
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword MTU=9000\n");
	teardown(NULL);

	/* nothing to change: no step, no restart */
	nk_model();
	start(NULL, NULL);
	assert_int_equal(plan("TxCapacity=1024", NULL, NULL), 0);
	vnet_plan_set_restart(R.plan, true);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "");
	teardown(NULL);
}

static void test_netkvm_rollback(void **state)
{
	(void)state;
	/* call 2 refused: the first keyword, absent before, is removed again */
	nk_model();
	start("model.fail_step", "2");
	assert_int_equal(plan("RxCapacity=512", "TxCapacity=256", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EINVAL);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword RxCapacity=512\n"
			    "NetKVM keyword RxCapacity removed\n");
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "rolled back"));
	teardown(NULL);
	/* the old value written back */
	nk_model();
	start("model.fail_step", "2");
	assert_int_equal(plan("TxCapacity=256", "VlanID=7", NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EINVAL);
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword TxCapacity=256\n"
			    "NetKVM keyword TxCapacity=1024\n");
	teardown(NULL);
	/* a failed restart undoes the keywords */
	nk_model();
	start("model.fail_step", "2");
	assert_int_equal(plan("TxCapacity=256", NULL, NULL), 0);
	vnet_plan_set_restart(R.plan, true);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EINVAL);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "adapter restart failed"));
	assert_string_equal(model_steps(R.ctx), "NetKVM keyword TxCapacity=256\n"
			    "NetKVM keyword TxCapacity=1024\n");
	teardown(NULL);
	/* the driver key read back: a value the write did not leave is a failure */
	nk_model();
	start("model.ignore_step", "1");
	assert_int_equal(plan("TxCapacity=256", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), -EIO);
	assert_non_null(strstr(vnet_ctx_error(R.ctx), "TxCapacity=256, the driver key holds "
			       "1024"));
	teardown(NULL);
	/* Linux devices need no restart */
	model(NULL, NULL);
	start(NULL, NULL);
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	vnet_plan_set_restart(R.plan, true);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	assert_string_equal(model_steps(R.ctx), "mtu 9000\n");
	assert_false(vnet_plan_needs_restart(R.plan));
	teardown(NULL);
}

/* A NetKVM adapter whose facts were not read is not taken for a Linux device. */
static void test_netkvm_unread(void **state)
{
	struct vnet_tunable_states *s = NULL;
	const char *names[] = { "mtu" };

	(void)state;
	model("{'devices': [{'driver': 'netkvm', 'features': null}]}", NULL);
	start(NULL, NULL);
	refused("mtu=9000", NULL, "mtu=9000: the NetKVM facts of this adapter are unknown");
	refused("TxCapacity=256", NULL, "are unknown");
	assert_int_equal(vnet_get(R.ctx, R.dev, names, 1, &s), 0);
	assert_false(s->items[0]->settable);
	assert_non_null(strstr(s->items[0]->why_not, "are unknown"));
	vnet_tunable_states_free(s);
	teardown(NULL);
}

/* set's output on a NetKVM device: the restart it waits for, in text and JSON */
static void test_netkvm_set_output(void **state)
{
	struct vnet_printer *pr;
	struct json_object *o, *v;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	nk_model();
	start(NULL, NULL);
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	pr = vnet_printer_new_text(f);
	vnet_plan_print(pr, R.plan, true);
	vnet_printer_free(pr);
	fclose(f);
	assert_non_null(strstr(text, "*JumboPacket (as mtu): 1514 -> 9014"));
	assert_non_null(strstr(text, "must restart"));
	assert_non_null(strstr(text, "--restart"));
	free(text);
	pr = vnet_printer_new_json();
	vnet_plan_print(pr, R.plan, true);
	o = vnet_printer_take(pr);
	vnet_printer_free(pr);
	assert_true(json_object_object_get_ex(o, "restart_needed", &v));
	assert_true(json_object_get_boolean(v));
	json_object_put(o);
	teardown(NULL);
	/* a Linux device: false */
	model(NULL, NULL);
	start(NULL, NULL);
	assert_int_equal(plan("mtu=9000", NULL, NULL), 0);
	assert_int_equal(vnet_plan_apply(R.ctx, R.plan), 0);
	pr = vnet_printer_new_json();
	vnet_plan_print(pr, R.plan, true);
	o = vnet_printer_take(pr);
	vnet_printer_free(pr);
	assert_true(json_object_object_get_ex(o, "restart_needed", &v));
	assert_false(json_object_get_boolean(v));
	json_object_put(o);
	teardown(NULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(test_registry_lookup),
		T(test_registry_names_unique),
		T(test_cpusets),
		T(test_bad_inputs),
		T(test_nothing_to_do),
		T(test_apply_in_safe_order),
		T(test_implied_dependencies),
		T(test_netkvm_aliases),
		T(test_mac_with_link_down),
		T(test_coalescing_and_placement),
		T(test_failure_rolls_back),
		T(test_failure_of_first_step),
		T(test_read_back_mismatch),
		T(test_undo_failure_is_reported),
		T(test_no_change_on_read_only),
		T(test_read_only_backend),
		T(test_not_root),
		T(test_get),
		T(test_findings_assignments),
		T(test_netkvm_keywords),
		T(test_netkvm_driver_range),
		T(test_netkvm_driver_defaults),
		T(test_netkvm_shared),
		T(test_netkvm_get),
		T(test_netkvm_writes),
		T(test_netkvm_rollback),
		T(test_netkvm_set_output),
		T(test_netkvm_unread),
#ifdef VNET_FIXTURES
		T(test_linux_captured_tree),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
