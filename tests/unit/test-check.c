// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-check.c - every rule of the catalogue, firing and quiet, on models
 *
 * The models are tests/unit/models/modern.json (a healthy QEMU 8.2 q35
 * guest: 4 vCPUs, virtio-net-pci mq=on with 4 queue pairs, QEMU's default
 * vectors=10, speed=10000; no rule fires on it) with one change per test.
 * Expected values come from the sources named next to them: the virtio
 * specification (1.2), QEMU's virtio-net-pci and the Linux virtio_net and
 * virtio_pci drivers, never from lib/check.c's own tables.  The last test
 * fails when a rule of the catalogue was not seen both firing and quiet.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model-backend.h"

/* ---- running the rules ------------------------------------------------------ */

struct run {
	struct vnet_ctx *ctx;
	struct vnet_dev_list devs;
	struct vnet_findings *fs;
	struct json_object *doc;
};

static struct run R;

/* Which catalogue ids were seen firing and seen quiet, for the last test. */
#define MAX_RULES 64
static const char *fired[MAX_RULES], *quieted[MAX_RULES];

static void note(const char **seen, const char *id)
{
	for (size_t i = 0; i < MAX_RULES; i++) {
		if (seen[i] && !strcmp(seen[i], id))
			return;
		if (!seen[i]) {
			seen[i] = id;
			return;
		}
	}
	fail_msg("more than %d rule ids", MAX_RULES);
}

static bool in_catalogue(const char *id)
{
	const struct vnet_rule_info *r;

	for (size_t i = 0; (r = vnet_rule_at(i)); i++)
		if (!strcmp(r->id, id))
			return true;
	return false;
}

static int teardown(void **state)
{
	(void)state;
	vnet_findings_free(R.fs);
	vnet_dev_list_free(&R.devs);
	vnet_ctx_free(R.ctx);
	json_object_put(R.doc);
	memset(&R, 0, sizeof(R));
	return 0;
}

/*
 * The healthy model with @patch merged in (see model_patch()); NULL: as is.
 * Its DMI ("QEMU", Q35) names QEMU, docs/vmms.md 2.5.
 */
static struct json_object *model(const char *patch)
{
	struct json_object *doc = model_load("modern.json");

	model_patch(doc, "{'system': {'dmi': true}}");

	if (patch)
		model_patch(doc, patch);
	json_object_put(R.doc);
	R.doc = doc;
	return doc;
}

/* Run every rule on R.doc; @window > 0 takes two samples @window apart. */
static const struct vnet_findings *check(double window)
{
	struct vnet_check_opts opts = { .size = sizeof(opts), .sample_seconds = window };

	R.ctx = model_ctx_new_doc(R.doc);
	assert_non_null(R.ctx);
	if (vnet_dev_list(R.ctx, &R.devs))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	if (vnet_check(R.ctx, &R.devs, &opts, &R.fs))
		fail_msg("vnet_check: %s", vnet_ctx_error(R.ctx));
	return R.fs;
}

static void dump(const struct vnet_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		print_message("  finding %s (%s) on '%s': %s\n", fs->items[i].id,
			      vnet_severity_name(fs->items[i].severity), fs->items[i].device,
			      fs->items[i].summary);
}

static const char *const side_names[] = { "guest", "vmm", "libvirt" };

/*
 * What vnet.h promises of every finding: text never NULL, and each action's
 * strings never NULL, on the side its kind belongs to (a note on any side),
 * with a scope exactly when it changes the VMM's configuration.
 */
static void well_formed(const struct vnet_finding *f)
{
	assert_non_null(f->summary);
	assert_non_null(f->remedy.guest);
	assert_non_null(f->remedy.qemu);
	assert_non_null(f->remedy.libvirt);
	assert_true(f->n_actions == 0 || f->actions);
	for (size_t i = 0; i < f->n_actions; i++) {
		const struct vnet_action *a = &f->actions[i];
		bool vmm = a->kind == VNET_ACT_VMM_SET || a->kind == VNET_ACT_VMM_UNSET;

		assert_non_null(a->key);
		assert_non_null(a->value);
		assert_non_null(a->text);
		assert_non_null(a->note);
		assert_true(a->side <= VNET_SIDE_LIBVIRT);
		if (a->kind == VNET_ACT_GUEST_PROP || a->kind == VNET_ACT_GUEST_CMD)
			assert_string_equal(side_names[a->side], "guest");
		else if (vmm)
			assert_string_equal(side_names[a->side], "vmm");
		else if (a->kind == VNET_ACT_LIBVIRT)
			assert_string_equal(side_names[a->side], "libvirt");
		if (vmm != (a->scope != VNET_SCOPE_NONE))
			fail_msg("%s: action %zu (%s) has scope %d", f->id, i, a->key, a->scope);
		if (vmm || a->kind == VNET_ACT_GUEST_PROP)
			assert_true(*a->key && *a->value);
		else
			assert_true(*a->text);
	}
}

/* The one action of @f of @kind and @scope that sets @key; its value must be @value. */
static const struct vnet_action *action(const struct vnet_finding *f, enum vnet_action_kind kind,
					enum vnet_vmm_scope scope, const char *key,
					const char *value)
{
	const struct vnet_action *hit = NULL;

	for (size_t i = 0; i < f->n_actions; i++) {
		const struct vnet_action *a = &f->actions[i];

		if (a->kind != kind || a->scope != scope || strcmp(a->key, key))
			continue;
		if (hit)
			fail_msg("%s: %s set twice", f->id, key);
		hit = a;
	}
	if (!hit)
		fail_msg("%s: no action for %s (kind %d, scope %d) among %zu", f->id, key, kind,
			 scope, f->n_actions);
	assert_string_equal(hit->value, value);
	return hit;
}

static size_t count_actions(const struct vnet_finding *f, enum vnet_action_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_actions; i++)
		n += f->actions[i].kind == kind;
	return n;
}

/* The one finding @id; its severity and device must be as given. */
static const struct vnet_finding *fires(const struct vnet_findings *fs, const char *id,
					enum vnet_severity sev, const char *device)
{
	const struct vnet_finding *hit = NULL;

	assert_true(in_catalogue(id));
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->items[i].id, id))
			continue;
		if (hit)
			fail_msg("%s reported twice", id);
		hit = &fs->items[i];
	}
	if (!hit) {
		dump(fs);
		fail_msg("%s did not fire", id);
	}
	assert_string_equal(vnet_severity_name(hit->severity), vnet_severity_name(sev));
	assert_string_equal(hit->device, device);
	well_formed(hit);
	note(fired, id);
	return hit;
}

static void quiet(const struct vnet_findings *fs, const char *id)
{
	assert_true(in_catalogue(id));
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->items[i].id, id)) {
			dump(fs);
			fail_msg("%s fired", id);
		}
	note(quieted, id);
}

static struct json_object *ev(const struct vnet_finding *f, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(f->evidence, key, &v))
		fail_msg("%s: no evidence \"%s\" in %s", f->id, key,
			 json_object_to_json_string(f->evidence));
	return v;
}

static uint64_t ev_u64(const struct vnet_finding *f, const char *key)
{
	struct json_object *v = ev(f, key);

	assert_true(json_object_is_type(v, json_type_int));
	return json_object_get_uint64(v);
}

static double ev_double(const struct vnet_finding *f, const char *key)
{
	struct json_object *v = ev(f, key);

	assert_true(json_object_is_type(v, json_type_double) ||
		    json_object_is_type(v, json_type_int));
	return json_object_get_double(v);
}

static bool ev_bool(const struct vnet_finding *f, const char *key)
{
	struct json_object *v = ev(f, key);

	assert_true(json_object_is_type(v, json_type_boolean));
	return json_object_get_boolean(v);
}

static const char *ev_str(const struct vnet_finding *f, const char *key)
{
	struct json_object *v = ev(f, key);

	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static void ev_null(const struct vnet_finding *f, const char *key)
{
	assert_null(ev(f, key));
}

/* The evidence sub-object @key as compact JSON, to compare with a literal. */
static const char *ev_json(const struct vnet_finding *f, const char *key)
{
	return json_object_to_json_string_ext(ev(f, key), JSON_C_TO_STRING_PLAIN);
}

#define assert_contains(haystack, needle) \
	do { \
		if (!strstr((haystack), (needle))) \
			fail_msg("\"%s\" does not contain \"%s\"", (haystack), (needle)); \
	} while (0)
#define assert_lacks(haystack, needle) \
	do { \
		if (strstr((haystack), (needle))) \
			fail_msg("\"%s\" contains \"%s\"", (haystack), (needle)); \
	} while (0)

/* @f follows from @cause: information naming it, in the model, JSON and text. */
static void follows_from(const struct vnet_finding *f, const char *cause)
{
	struct vnet_printer *p;
	struct json_object *j = vnet_finding_to_json(f), *v;
	char *text = NULL;
	size_t len;
	FILE *out;

	assert_non_null(f->cause);
	assert_string_equal(f->cause, cause);
	assert_string_equal(vnet_severity_name(f->severity), "info");
	assert_true(json_object_object_get_ex(j, "cause", &v));
	assert_string_equal(json_object_get_string(v), cause);
	json_object_put(j);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	p = vnet_printer_new_text(out);
	assert_non_null(p);
	vnet_finding_print(p, f);
	vnet_printer_free(p);
	fclose(out);
	assert_contains(text, "\n    cause    ");
	assert_contains(text, cause);
	free(text);
}

/* @f stands on its own: no cause, and JSON says so with null. */
static void no_cause(const struct vnet_finding *f)
{
	struct json_object *j = vnet_finding_to_json(f), *v;

	assert_null(f->cause);
	assert_true(json_object_object_get_ex(j, "cause", &v));
	assert_null(v);
	json_object_put(j);
}

/* ---- the healthy model ---------------------------------------------------- */

/* Not counted as "seen quiet": each rule needs a test at its own edge. */
static void test_healthy_model_is_quiet(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	model(NULL);
	fs = check(0.001);
	dump(fs);
	assert_int_equal(fs->n, 0);
}

/* ---- driver and device status ----------------------------------------------- */

static void test_driver_not_bound(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* no netdev: the kernel has the virtio device but virtio_net did not bind */
	model("{'devices': [{'ifname': null, 'ifindex': null, 'driver': null, 'link': null,"
	      " 'channels': null, 'rings': null, 'offloads': null, 'coalesce': null,"
	      " 'interrupts': null, 'queues': null, 'samples': null}]}");
	fs = check(0);
	f = fires(fs, "driver-not-bound", VNET_SEV_ERROR, "virtio0");
	ev_null(f, "driver");
	assert_contains(f->remedy.guest, "modprobe virtio_net");
	assert_contains(f->remedy.guest, "echo virtio0 > /sys/bus/virtio/drivers/virtio_net/bind");
	/* the other rules need the interface: nothing else is reported for it */
	assert_int_equal(fs->n, 1);
}

static void test_driver_bound_elsewhere(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* a second device without driver: only it is reported */
	model("{'devices': [{}, {'virtio': 'virtio1', 'ifname': null, 'driver': null,"
	      " 'pci': null, 'features': null, 'status': null, 'link': null, 'mtu': null,"
	      " 'channels': null, 'rings': null, 'offloads': null, 'coalesce': null,"
	      " 'interrupts': null, 'queues': null}]}");
	fs = check(0);
	f = fires(fs, "driver-not-bound", VNET_SEV_ERROR, "virtio1");
	assert_contains(f->remedy.guest, "echo virtio1 >");
	assert_int_equal(fs->n, 1);
}

static void test_driver_bound(void **state)
{
	(void)state;
	model(NULL);
	quiet(check(0), "driver-not-bound");
}

static void test_device_failed(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* virtio 1.2 2.1: ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8, FAILED 128 */
	model("{'devices': [{'status': ['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK', 'FEATURES_OK',"
	      " 'FAILED']}]}");
	f = fires(check(0), "device-failed", VNET_SEV_ERROR, "eth0");
	assert_int_equal(ev_u64(f, "status"), 1 + 2 + 4 + 8 + 128);
	assert_contains(f->remedy.guest,
			"echo virtio0 > /sys/bus/virtio/drivers/virtio_net/unbind; "
			"echo virtio0 > /sys/bus/virtio/drivers/virtio_net/bind");
}

static void test_device_needs_reset(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* DEVICE_NEEDS_RESET is 64 */
	model("{'devices': [{'status': ['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK', 'FEATURES_OK',"
	      " 'DEVICE_NEEDS_RESET']}]}");
	f = fires(check(0), "device-failed", VNET_SEV_ERROR, "eth0");
	assert_int_equal(ev_u64(f, "status"), 1 + 2 + 4 + 8 + 64);
}

static void test_device_suspended_is_not_failed(void **state)
{
	(void)state;
	/* SUSPEND (16) is the highest bit below the two error bits */
	model("{'devices': [{'status': ['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK', 'FEATURES_OK',"
	      " 'SUSPEND']}]}");
	quiet(check(0), "device-failed");
}

/* ---- interrupts ------------------------------------------------------------- */

/*
 * Linux virtio_pci (vp_find_vqs_msix) first asks for one vector for config
 * changes plus one per virtqueue with a callback: 2N for N rx/tx pairs (the
 * control queue has none), 2N + 1 in all; otherwise it falls back to two
 * (config + one shared by every queue), then to INTx.  QEMU's virtio-net-pci
 * gives vectors = 2N + 2 by default (hw/virtio/virtio-net-pci.c).
 */
static void test_irq_shared_vector(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* 8 entries < 2 * 4 + 1: one cause, the table; the sharing follows from it */
	model("{'devices': [{'pci': {'msix': {'table_size': 8}},"
	      " 'interrupts': {'mode': 'msix-shared', 'vectors_used': 2, 'shared_irq': 25}}]}");
	fs = check(0);
	no_cause(fires(fs, "msix-table-small", VNET_SEV_WARNING, "eth0"));
	f = fires(fs, "irq-shared-vector", VNET_SEV_INFO, "eth0");
	follows_from(f, "msix-table-small");
	assert_string_equal(ev_str(f, "mode"), "msix-shared");
	assert_int_equal(ev_u64(f, "msix_table_size"), 8);
	assert_int_equal(ev_u64(f, "max_queue_pairs"), 4);
	assert_int_equal(ev_u64(f, "vectors_needed"), 2 * 4 + 1);
	assert_contains(f->remedy.qemu, "vectors=10");
	assert_lacks(f->remedy.qemu, "vectors=9");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "10");
	quiet(R.fs, "irq-intx");
}

static void test_irq_intx(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* vectors=0: no MSI-X capability, the driver uses the INTx line */
	model("{'devices': [{'pci': {'msix': null, 'msix_present': false},"
	      " 'interrupts': {'mode': 'intx', 'vectors_used': 1, 'config_irq': null,"
	      " 'shared_irq': 11}}]}");
	fs = check(0);
	f = fires(fs, "irq-intx", VNET_SEV_WARNING, "eth0");
	assert_string_equal(ev_str(f, "mode"), "intx");
	assert_false(ev_bool(f, "msix_present"));
	assert_int_equal(ev_u64(f, "irq"), 11);
	assert_contains(f->remedy.qemu, "vectors=10");
	/* no MSI-X table at all is not a small table: INTx is the root cause itself */
	quiet(fs, "msix-table-small");
	quiet(fs, "irq-shared-vector");
	no_cause(f);
}

/* QEMU microvm: virtio-net-device on virtio-mmio version 2, one line (docs/vmms.md 3, 4.4) */
#define MMIO_DEVICE "'bus': 'mmio', 'pci': null, 'transport': {'type': 'mmio'," \
	" 'name': 'LNRO0005:00', 'base': 4272958976, 'size': 512, 'irq': 49, 'version': 2," \
	" 'vendor_id': 1431127377}, 'interrupts': {'mode': 'mmio-line', 'vectors_used': 0," \
	" 'config_irq': null, 'shared_irq': 49}"

static void test_irq_mmio_line(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model("{'devices': [{" MMIO_DEVICE "}]}");
	fs = check(0);
	f = fires(fs, "irq-mmio-line", VNET_SEV_INFO, "eth0");
	assert_string_equal(ev_str(f, "mode"), "mmio-line");
	assert_int_equal(ev_u64(f, "irq"), 49);
	assert_int_equal(ev_u64(f, "max_queue_pairs"), 4);
	assert_contains(f->remedy.guest, "RPS");
	assert_contains(f->remedy.qemu, "-device virtio-net-pci on a pc or q35 machine");
	/* no PCI or MSI-X rule on a transport without them */
	quiet(fs, "irq-intx");
	quiet(fs, "irq-shared-vector");
	quiet(fs, "msix-table-small");
	quiet(fs, "legacy-mode");
	quiet(fs, "irqs-one-cpu");
	for (size_t i = 0; i < fs->n; i++) {
		if (strstr(fs->items[i].remedy.qemu, "-device virtio-net-pci,"))
			fail_msg("%s sets virtio-net-pci options on mmio: %s", fs->items[i].id,
				 fs->items[i].remedy.qemu);
		assert_null(strstr(fs->items[i].remedy.qemu, "vectors="));
	}
}

static void test_irq_mmio_line_one_queue(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* one queue pair: one line is all it could use; MQ's remedy names the mmio model */
	model("{'devices': [{" MMIO_DEVICE ", 'channels': {'combined': 1, 'max_combined': 1},"
	      " 'queues': [{'index': 0, 'active': true}]}]}");
	fs = check(0);
	quiet(fs, "irq-mmio-line");
	f = fires(fs, "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	assert_contains(f->remedy.qemu, "-netdev tap,...,queues=");
	assert_null(strstr(f->remedy.qemu, "vectors="));
	assert_null(strstr(f->remedy.qemu, "virtio-net-pci"));
}

static void test_irq_intx_from_one_vector(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* vectors=1: the table exists but even config + one shared vector (2) does not fit */
	model("{'devices': [{'pci': {'msix': {'table_size': 1, 'enabled': false}},"
	      " 'interrupts': {'mode': 'intx', 'vectors_used': 1, 'config_irq': null,"
	      " 'shared_irq': 11}}]}");
	fs = check(0);
	f = fires(fs, "msix-table-small", VNET_SEV_WARNING, "eth0");
	no_cause(f);
	assert_int_equal(ev_u64(f, "msix_table_size"), 1);
	f = fires(fs, "irq-intx", VNET_SEV_INFO, "eth0");
	follows_from(f, "msix-table-small");
	/* the remedy stays: what fixes the cause fixes this too */
	assert_contains(f->remedy.qemu, "vectors=10");
}

static void test_irq_shared_with_a_large_table(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* 10 entries are enough, yet one vector is shared: nothing to point to, a warning */
	model("{'devices': [{'interrupts': {'mode': 'msix-shared', 'vectors_used': 2,"
	      " 'shared_irq': 25}}]}");
	fs = check(0);
	quiet(fs, "msix-table-small");
	f = fires(fs, "irq-shared-vector", VNET_SEV_WARNING, "eth0");
	no_cause(f);
}

static void test_irq_shared_out_of_guest_vectors(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	/* the table is large enough but the guest is out of MSI vectors: that is the cause */
	model("{'system': {'virtio_msi_vectors': 170, 'msi_vectors': 176},"
	      " 'devices': [{'interrupts': {'mode': 'msix-shared', 'vectors_used': 2,"
	      " 'shared_irq': 25}}]}");
	fs = check(0);
	no_cause(fires(fs, "msi-vectors-near-limit", VNET_SEV_WARNING, ""));
	follows_from(fires(fs, "irq-shared-vector", VNET_SEV_INFO, "eth0"),
		     "msi-vectors-near-limit");
}

static void test_msix_table_default_size_is_enough(void **state)
{
	(void)state;
	/* 2N + 2 = 10 for 4 pairs: QEMU's default, the edge where nothing is missing */
	model("{'devices': [{'pci': {'msix': {'table_size': 10}}}]}");
	quiet(check(0), "msix-table-small");
}

static void test_msix_table_one_short(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* 2N + 1 = 9: every queue still gets its own vector, but not QEMU's default */
	model("{'devices': [{'pci': {'msix': {'table_size': 9}}}]}");
	fs = check(0);
	f = fires(fs, "msix-table-small", VNET_SEV_INFO, "eth0");
	assert_int_equal(ev_u64(f, "msix_table_size"), 9);
	assert_int_equal(ev_u64(f, "max_queue_pairs"), 4);
	assert_int_equal(ev_u64(f, "recommended"), 10);
	assert_contains(f->remedy.qemu, "vectors=10");
}

static void test_msix_table_too_small_for_per_queue(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* 2N = 8 < 2N + 1: Linux cannot give each queue a vector any more */
	model("{'devices': [{'pci': {'msix': {'table_size': 8}},"
	      " 'interrupts': {'mode': 'msix-shared', 'vectors_used': 2}}]}");
	f = fires(check(0), "msix-table-small", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "msix_table_size"), 8);
	assert_int_equal(ev_u64(f, "recommended"), 10);
}

static void test_msix_table_for_one_pair(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* without MQ: QEMU's default is 2 * 1 + 2 = 4; 3 is one short */
	model("{'devices': [{'pci': {'msix': {'table_size': 3}},"
	      " 'channels': {'combined': 1, 'max_combined': 1}, 'queues': [{}]}],"
	      " 'system': {'online_cpus': 1}}");
	f = fires(check(0), "msix-table-small", VNET_SEV_INFO, "eth0");
	assert_int_equal(ev_u64(f, "max_queue_pairs"), 1);
	assert_int_equal(ev_u64(f, "recommended"), 4);
}

/* ---- queues ----------------------------------------------------------------- */

/* Linux virtnet_probe enables min(online CPUs, max_queue_pairs) pairs. */
static void test_queues_below_vcpus(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'channels': {'combined': 3}}]}");
	f = fires(check(0), "queues-below-vcpus", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "combined"), 3);
	assert_int_equal(ev_u64(f, "max_combined"), 4);
	assert_int_equal(ev_u64(f, "online_cpus"), 4);
	assert_string_equal(f->remedy.guest, "ethtool -L eth0 combined 4");
	/* a guest setting only: the device already has the queues */
	action(f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, "queues", "4");
	assert_int_equal(count_actions(f, VNET_ACT_VMM_SET), 0);
	assert_string_equal(f->remedy.qemu, "");
}

static void test_queues_capped_by_vcpus(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* 2 vCPUs, 4 pairs: the driver's default is 2; 1 is below it */
	model("{'system': {'online_cpus': 2}, 'devices': [{'channels': {'combined': 1}}]}");
	f = fires(check(0), "queues-below-vcpus", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "online_cpus"), 2);
	assert_string_equal(f->remedy.guest, "ethtool -L eth0 combined 2");
	action(f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, "queues", "2");
}

static void test_queues_equal_to_vcpus(void **state)
{
	(void)state;
	/* the edge: 2 of 4 pairs with 2 vCPUs is the driver's default */
	model("{'system': {'online_cpus': 2}, 'devices': [{'channels': {'combined': 2}}]}");
	quiet(check(0), "queues-below-vcpus");
}

static void test_queues_more_vcpus_than_pairs(void **state)
{
	(void)state;
	/* 8 vCPUs, all 4 pairs enabled: nothing more to enable */
	model("{'system': {'online_cpus': 8}}");
	quiet(check(0), "queues-below-vcpus");
}

/* A device without MQ: one queue pair (virtio 1.2 5.1.5: only receiveq1/transmitq1). */
static const char no_mq[] =
	"{'devices': [{'channels': {'combined': 1, 'max_combined': 1}, 'queues': [{}],"
	" 'pci': {'msix': {'table_size': 4}}}]}";

static void test_mq_missing(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(no_mq);
	model_features(R.doc, 0, "-MQ");
	fs = check(0);
	f = fires(fs, "mq-missing", VNET_SEV_WARNING, "eth0");
	no_cause(f);
	assert_int_equal(ev_u64(f, "online_cpus"), 4);
	assert_false(ev_bool(f, "mq"));
	assert_true(ev_bool(f, "ctrl_vq"));
	assert_false(ev_bool(f, "backend_without_vnet_hdr"));
	/* one pair enabled of one: nothing left to enable in the guest, one finding */
	quiet(fs, "queues-below-vcpus");
	quiet(fs, "mq-one-queue-pair");
	/* netdev queues = vCPUs, mq=on, and QEMU's vectors for 4 pairs: 2 * 4 + 2 */
	assert_contains(f->remedy.qemu, "queues=4");
	assert_contains(f->remedy.qemu, "mq=on");
	assert_contains(f->remedy.qemu, "vectors=10");
	assert_lacks(f->remedy.qemu, "ctrl_vq");
	/* the same as data: the netdev's queues, the device's mq and vectors */
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_NETDEV, "queues", "4");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "mq", "on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "10");
	assert_int_equal(count_actions(f, VNET_ACT_VMM_SET), 3);
}

static void test_mq_missing_without_ctrl_vq(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* virtio 1.2 5.1.3.1: MQ requires CTRL_VQ, so the remedy turns both on */
	model(no_mq);
	model_features(R.doc, 0, "-MQ -CTRL_VQ -CTRL_RX -CTRL_VLAN -GUEST_ANNOUNCE "
		       "-CTRL_MAC_ADDR -CTRL_GUEST_OFFLOADS");
	fs = check(0);
	no_cause(fires(fs, "ctrl-vq-missing", VNET_SEV_WARNING, "eth0"));
	f = fires(fs, "mq-missing", VNET_SEV_INFO, "eth0");
	follows_from(f, "ctrl-vq-missing");
	assert_false(ev_bool(f, "ctrl_vq"));
	/* its own remedy stays complete: MQ needs more than the control queue */
	assert_contains(f->remedy.qemu, "ctrl_vq=on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "ctrl_vq", "on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "mq", "on");
}

static void test_mq_missing_one_vcpu(void **state)
{
	(void)state;
	/* the edge: a single vCPU has no use for a second queue */
	model(no_mq);
	model_patch(R.doc, "{'system': {'online_cpus': 1}}");
	model_features(R.doc, 0, "-MQ");
	quiet(check(0), "mq-missing");
}

static void test_mq_missing_two_vcpus(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(no_mq);
	model_patch(R.doc, "{'system': {'online_cpus': 2}}");
	model_features(R.doc, 0, "-MQ");
	f = fires(check(0), "mq-missing", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "online_cpus"), 2);
	assert_contains(f->remedy.qemu, "vectors=6");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_NETDEV, "queues", "2");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "6");
}

/*
 * Every offload bit QEMU withdraws from a backend without virtio-net headers
 * (hw/net/virtio-net.c virtio_net_get_features(), !peer_has_vnet_hdr()).
 */
static const char no_vnet_hdr[] = "-CSUM -GUEST_CSUM -GUEST_TSO4 -GUEST_TSO6 -GUEST_ECN "
				  "-GUEST_UFO -HOST_TSO4 -HOST_TSO6 -HOST_ECN -HOST_UFO";

static void test_mq_missing_user_backend(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* -netdev user: no headers, one queue; tap queues=4 would not apply to it */
	model(no_mq);
	model_features(R.doc, 0, "-MQ");
	model_features(R.doc, 0, no_vnet_hdr);
	f = fires(check(0), "mq-missing", VNET_SEV_WARNING, "eth0");
	assert_true(ev_bool(f, "backend_without_vnet_hdr"));
	assert_contains(f->summary, "backend");
	assert_contains(f->remedy.qemu, "cannot do multiqueue");
	assert_contains(f->remedy.qemu, "tap");
	assert_contains(f->remedy.libvirt, "type='user'");
	/* no netdev property: the backend itself has to change */
	for (size_t i = 0; i < f->n_actions; i++)
		assert_int_not_equal(f->actions[i].scope, VNET_SCOPE_NETDEV);
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "mq", "on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "10");
}

/*
 * mq=on with a one-queue netdev: QEMU offers MQ with max_virtqueue_pairs = the
 * netdev's queues = 1, so ethtool -l shows "Combined: 1" as the maximum.
 */
static const char one_pair[] =
	"{'devices': [{'channels': {'combined': 1, 'max_combined': 1}, 'queues': [{}],"
	" 'pci': {'msix': {'table_size': 4}}}]}";

static void test_mq_one_queue_pair(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(one_pair);
	fs = check(0);
	f = fires(fs, "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	no_cause(f);
	assert_int_equal(ev_u64(f, "max_queue_pairs"), 1);
	assert_int_equal(ev_u64(f, "online_cpus"), 4);
	assert_true(ev_bool(f, "mq"));
	assert_false(ev_bool(f, "backend_without_vnet_hdr"));
	/* the host side: netdev queues = vCPUs and QEMU's vectors for them, 2 * 4 + 2 */
	assert_string_equal(f->remedy.qemu,
			    "-netdev tap,...,queues=4 -device virtio-net-pci,...,vectors=10");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_NETDEV, "queues", "4");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "10");
	assert_int_equal(count_actions(f, VNET_ACT_VMM_SET), 2);
	assert_string_equal(f->remedy.libvirt, "<driver queues='4'/>");
	assert_string_equal(f->remedy.guest, "");
	/* mq is on already; one of one is enabled; 4 vectors suit one pair */
	quiet(fs, "mq-missing");
	quiet(fs, "queues-below-vcpus");
	quiet(fs, "msix-table-small");
}

static void test_mq_one_queue_pair_two_vcpus(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(one_pair);
	model_patch(R.doc, "{'system': {'online_cpus': 2}}");
	f = fires(check(0), "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_NETDEV, "queues", "2");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "6");
}

static void test_mq_one_queue_pair_one_vcpu(void **state)
{
	(void)state;
	/* the edge: one vCPU, one pair is all it would use */
	model(one_pair);
	model_patch(R.doc, "{'system': {'online_cpus': 1}}");
	quiet(check(0), "mq-one-queue-pair");
}

static void test_mq_two_queue_pairs(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	/* the other edge: two pairs is multiqueue, even below 4 vCPUs */
	model("{'devices': [{'channels': {'combined': 2, 'max_combined': 2}, 'queues': [{}, {}],"
	      " 'pci': {'msix': {'table_size': 6}}}]}");
	fs = check(0);
	quiet(fs, "mq-one-queue-pair");
	quiet(fs, "mq-missing");
}

static void test_mq_one_queue_pair_user_backend(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* -netdev user with mq=on: the backend, not its queues, is what to change */
	model(one_pair);
	model_features(R.doc, 0, no_vnet_hdr);
	f = fires(check(0), "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	assert_true(ev_bool(f, "backend_without_vnet_hdr"));
	assert_contains(f->remedy.qemu, "cannot do multiqueue");
	assert_lacks(f->remedy.qemu, "-netdev tap,...,queues=4 -device");
	for (size_t i = 0; i < f->n_actions; i++)
		assert_int_not_equal(f->actions[i].scope, VNET_SCOPE_NETDEV);
	assert_int_equal(count_actions(f, VNET_ACT_NOTE), 1);
	assert_contains(f->remedy.libvirt, "type='user'");
}

/* ---- legacy ----------------------------------------------------------------- */

/*
 * virtio 1.2 4.1.2: 0x1040 + type (0x1041) is modern only; a transitional
 * device has the legacy id 0x1000 and the virtio vendor capabilities; a
 * legacy-only device (disable-modern=on) has 0x1000 and none.  The legacy
 * interface carries feature bits 0-31 only.
 */
static const char legacy_pci[] =
	"{'devices': [{'pci': {'device_id': 4096, 'revision': 0, 'subsystem_id': 1,"
	" 'legacy_io_bar': true, 'config_size': 256, 'virtio_caps': []}}]}";
static const char transitional_pci[] =
	"{'devices': [{'pci': {'device_id': 4096, 'revision': 0, 'subsystem_id': 1,"
	" 'legacy_io_bar': true, 'config_size': 256}}]}";
static const char legacy_bits[] = "-VERSION_1 -RING_RESET -SPEED_DUPLEX";

static void test_legacy_only_device(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(legacy_pci);
	model_features(R.doc, 0, legacy_bits);
	model_patch(R.doc, "{'devices': [{'link': {'speed_mbps': null, 'duplex': null}}]}");
	fs = check(0);
	f = fires(fs, "legacy-mode", VNET_SEV_WARNING, "eth0");
	assert_string_equal(ev_str(f, "mode"), "legacy");
	assert_int_equal(ev_u64(f, "device_id"), 0x1000);
	assert_false(ev_bool(f, "version_1"));
	assert_contains(f->remedy.qemu, "disable-modern");
	/* bits from 32 up cannot exist here: legacy-mode says it once */
	quiet(fs, "ring-reset-missing");
	quiet(fs, "speed-unknown");
}

static void test_transitional_forced_legacy(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* virtio_pci.force_legacy=1: a transitional device driven through 0x1000's I/O BAR */
	model(transitional_pci);
	model_features(R.doc, 0, legacy_bits);
	f = fires(check(0), "legacy-mode", VNET_SEV_WARNING, "eth0");
	assert_string_equal(ev_str(f, "mode"), "transitional");
	assert_false(ev_bool(f, "version_1"));
	assert_contains(f->remedy.guest, "virtio_pci.force_legacy=1");
	assert_contains(f->remedy.qemu, "disable-legacy=on");
}

static void test_transitional_modern_driver(void **state)
{
	(void)state;
	/* the same device with VERSION_1 negotiated is used through its modern interface */
	model(transitional_pci);
	quiet(check(0), "legacy-mode");
}

/* ---- feature bits ------------------------------------------------------------- */

/* QEMU virtio-net-pci property of each bit (hw/net/virtio-net.c, virtio.h). */
static void feature_off(const char *id, const char *name, const char *qemu_prop)
{
	const struct vnet_finding *f;
	char edit[64], prop[64];

	model(NULL);
	snprintf(edit, sizeof(edit), "-%s", name);
	model_features(R.doc, 0, edit);
	f = fires(check(0), id, VNET_SEV_WARNING, "eth0");
	assert_string_equal(ev_str(f, "feature"), name);
	assert_false(ev_bool(f, "negotiated"));
	snprintf(prop, sizeof(prop), "%s=on", qemu_prop);
	assert_contains(f->remedy.qemu, prop);
}

static void test_ctrl_vq_missing(void **state)
{
	(void)state;
	feature_off("ctrl-vq-missing", "CTRL_VQ", "ctrl_vq");
}

static void test_indirect_desc_off(void **state)
{
	(void)state;
	feature_off("indirect-desc-off", "INDIRECT_DESC", "indirect_desc");
}

static void test_event_idx_off(void **state)
{
	(void)state;
	feature_off("event-idx-off", "EVENT_IDX", "event_idx");
}

static void test_mrg_rxbuf_off(void **state)
{
	(void)state;
	feature_off("mrg-rxbuf-off", "MRG_RXBUF", "mrg_rxbuf");
}

static void test_unknown_features_say_nothing(void **state)
{
	const struct vnet_findings *fs;
	static const char *const ids[] = {
		"ctrl-vq-missing", "indirect-desc-off", "event-idx-off", "mrg-rxbuf-off",
		"ring-reset-missing", "speed-unknown", "mq-missing", "legacy-mode",
		"mtu-without-host-mtu", "mq-one-queue-pair", "offloads-not-offered",
	};

	(void)state;
	/* unreadable feature bits are unknown, not absent; 9000 would need host_mtu */
	model("{'devices': [{'features': null, 'status': null,"
	      " 'errors': {'features': 'permission denied'}, 'mtu': {'current': 9000}}]}");
	fs = check(0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		quiet(fs, ids[i]);
}

static void test_ring_reset_missing(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* QEMU before machine type 7.2: queue_reset=off (hw_compat_7_1) */
	model(NULL);
	model_features(R.doc, 0, "-RING_RESET");
	f = fires(check(0), "ring-reset-missing", VNET_SEV_INFO, "eth0");
	assert_false(ev_bool(f, "ring_reset"));
	assert_contains(f->remedy.qemu, "queue_reset=on");
}

/* ---- rings and MTU -------------------------------------------------------------- */

static void test_rings_below_max(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'rings': {'rx': 256, 'rx_max': 1024, 'tx': 256, 'tx_max': 256}}]}");
	f = fires(check(0), "rings-below-max", VNET_SEV_INFO, "eth0");
	assert_int_equal(ev_u64(f, "rx"), 256);
	assert_int_equal(ev_u64(f, "rx_max"), 1024);
	assert_int_equal(ev_u64(f, "tx"), 256);
	assert_int_equal(ev_u64(f, "tx_max"), 256);
	assert_string_equal(f->remedy.guest, "ethtool -G eth0 rx 1024 tx 256");
	action(f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, "rx-ring", "1024");
}

static void test_rings_tx_below_max(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'rings': {'rx': 1024, 'rx_max': 1024, 'tx': 512, 'tx_max': 1024}}]}");
	f = fires(check(0), "rings-below-max", VNET_SEV_INFO, "eth0");
	assert_int_equal(ev_u64(f, "tx"), 512);
}

static void test_rings_at_max(void **state)
{
	(void)state;
	model("{'devices': [{'rings': {'rx': 1024, 'rx_max': 1024, 'tx': 1024, 'tx_max': 1024}}]}");
	quiet(check(0), "rings-below-max");
}

/* 1500 is Ethernet's default MTU; above it, QEMU's host_mtu (MTU bit 3) says what fits. */
static void test_mtu_without_host_mtu(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'mtu': {'current': 9000}}]}");
	f = fires(check(0), "mtu-without-host-mtu", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "mtu"), 9000);
	assert_false(ev_bool(f, "mtu_feature"));
	assert_contains(f->remedy.qemu, "host_mtu=9000");
	assert_contains(f->remedy.libvirt, "<mtu size='9000'/>");
}

static void test_mtu_one_above_default(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'mtu': {'current': 1501}}]}");
	f = fires(check(0), "mtu-without-host-mtu", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "mtu"), 1501);
}

static void test_mtu_default(void **state)
{
	(void)state;
	model("{'devices': [{'mtu': {'current': 1500}}]}");
	quiet(check(0), "mtu-without-host-mtu");
}

static void test_mtu_below_host_mtu(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	/* with MTU negotiated, Linux sets the interface's max_mtu to host_mtu */
	model("{'devices': [{'mtu': {'current': 1500, 'max': 9000}}]}");
	model_features(R.doc, 0, "+MTU");
	fs = check(0);
	f = fires(fs, "mtu-below-host-mtu", VNET_SEV_INFO, "eth0");
	assert_int_equal(ev_u64(f, "mtu"), 1500);
	assert_int_equal(ev_u64(f, "host_mtu"), 9000);
	assert_string_equal(f->remedy.guest, "ip link set eth0 mtu 9000");
	action(f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, "mtu", "9000");
	quiet(fs, "mtu-without-host-mtu");
}

static void test_mtu_at_host_mtu(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	model("{'devices': [{'mtu': {'current': 9000, 'max': 9000}}]}");
	model_features(R.doc, 0, "+MTU");
	fs = check(0);
	quiet(fs, "mtu-below-host-mtu");
	quiet(fs, "mtu-without-host-mtu");
}

/* ---- link ------------------------------------------------------------------ */

static void test_link_admin_down(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'link': {'admin_up': false, 'carrier': null, 'operstate': 'down'}}]}");
	f = fires(check(0), "link-down", VNET_SEV_WARNING, "eth0");
	assert_false(ev_bool(f, "admin_up"));
	ev_null(f, "carrier");
	assert_string_equal(ev_str(f, "operstate"), "down");
	assert_string_equal(f->remedy.guest, "ip link set eth0 up");
	action(f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, "link", "up");
}

static void test_link_no_carrier(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* QEMU "set_link <id> off" clears VIRTIO_NET_S_LINK_UP (STATUS feature) */
	model("{'devices': [{'link': {'carrier': false, 'operstate': 'down'}}]}");
	f = fires(check(0), "link-down", VNET_SEV_WARNING, "eth0");
	assert_true(ev_bool(f, "admin_up"));
	assert_false(ev_bool(f, "carrier"));
	assert_true(ev_bool(f, "status_feature"));
	assert_contains(f->remedy.qemu, "set_link");
	assert_string_equal(f->remedy.guest, "");
}

static void test_link_carrier_unknown(void **state)
{
	(void)state;
	/* an unknown carrier is not a missing one */
	model("{'devices': [{'link': {'carrier': null, 'operstate': 'unknown'}}]}");
	quiet(check(0), "link-down");
}

static void test_speed_unknown(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* QEMU offers SPEED_DUPLEX only with speed= or duplex= set */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null}}]}");
	model_features(R.doc, 0, "-SPEED_DUPLEX");
	f = fires(check(0), "speed-unknown", VNET_SEV_INFO, "eth0");
	assert_false(ev_bool(f, "speed_duplex"));
	ev_null(f, "speed_mbps");
	assert_contains(f->remedy.qemu, "speed=");
}

/* ---- counters ------------------------------------------------------------------- */

static void test_tx_timeouts_from_counters(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'samples': [{'mono_ns': 1000000000, 'queues': ["
	      " {'tx': {'tx_timeouts': 0}}, {'tx': {'tx_timeouts': 2}},"
	      " {'tx': {'tx_timeouts': 0}}, {'tx': {'tx_timeouts': 0}}]}]}]}");
	f = fires(check(0), "tx-timeouts", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "total"), 2);
	assert_string_equal(ev_json(f, "per_queue"), "{\"1\":2}");
}

static void test_tx_timeouts_from_sysfs(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* counters unreadable: queues/tx-N/tx_timeout from sysfs */
	model("{'devices': [{'samples': null, 'queues': [{}, {}, {'tx_timeouts': 3}, {}]}]}");
	f = fires(check(0), "tx-timeouts", VNET_SEV_WARNING, "eth0");
	assert_int_equal(ev_u64(f, "total"), 3);
	assert_string_equal(ev_json(f, "per_queue"), "{\"2\":3}");
}

static void test_tx_timeouts_counters_win(void **state)
{
	(void)state;
	/* readable counters are the driver's own: a sysfs value does not add to them */
	model("{'devices': [{'queues': [{}, {}, {'tx_timeouts': 3}, {}]}]}");
	quiet(check(0), "tx-timeouts");
}

/* Receive drops over a 2 s window: queue 0 counts @drops and @xdp more. */
static void drops_model(unsigned int drops, unsigned int xdp)
{
	char patch[512];

	snprintf(patch, sizeof(patch),
		 "{'devices': [{'samples': ["
		 "{'mono_ns': 1000000000, 'queues': [{'rx': {'drops': 100, 'xdp_drops': 10}}]},"
		 "{'mono_ns': 3000000000, 'queues': [{'rx': {'drops': %u, 'xdp_drops': %u}}]}]}]}",
		 100 + drops, 10 + xdp);
	model(patch);
}

static void test_rx_drops_growing(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	drops_model(200, 0);
	f = fires(check(0.001), "rx-drops-growing", VNET_SEV_WARNING, "eth0");
	assert_true(fabs(ev_double(f, "drops_per_second") - 100.0) < 1e-9);
	assert_true(fabs(ev_double(f, "window_seconds") - 2.0) < 1e-9);
	assert_true(fabs(ev_double(f, "xdp_drops_per_second")) < 1e-9);
	assert_string_equal(ev_json(f, "per_queue"), "{\"0\":100.0}");
	/* rings at their maximum already: the driver's own reasons remain */
	assert_contains(f->remedy.guest, "dmesg");
	assert_contains(f->remedy.qemu, "rx_queue_size=1024");
}

static void test_rx_drops_small_ring(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	drops_model(200, 0);
	model_patch(R.doc, "{'devices': [{'rings': {'rx': 256, 'rx_max': 1024}}]}");
	f = fires(check(0.001), "rx-drops-growing", VNET_SEV_WARNING, "eth0");
	assert_string_equal(f->remedy.guest, "ethtool -G eth0 rx 1024");
}

static void test_rx_drops_need_a_window(void **state)
{
	(void)state;
	drops_model(200, 0);
	quiet(check(0), "rx-drops-growing");
}

static void test_rx_drops_steady(void **state)
{
	(void)state;
	drops_model(0, 0);
	quiet(check(0.001), "rx-drops-growing");
}

/*
 * Linux virtio_net counts an XDP_DROP in both drops and xdp_drops; the rule
 * blames the XDP program when it accounts for at least 90% of the drops.
 */
static void test_rx_drops_by_xdp_just_above(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	drops_model(200, 182);	/* 91 of 100 per second */
	f = fires(check(0.001), "rx-drops-growing", VNET_SEV_WARNING, "eth0");
	assert_true(fabs(ev_double(f, "xdp_drops_per_second") - 91.0) < 1e-9);
	assert_contains(f->remedy.guest, "xdp off");
	assert_string_equal(f->remedy.qemu, "");
}

static void test_rx_drops_by_xdp_just_below(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	drops_model(200, 178);	/* 89 of 100 per second */
	f = fires(check(0.001), "rx-drops-growing", VNET_SEV_WARNING, "eth0");
	assert_true(fabs(ev_double(f, "xdp_drops_per_second") - 89.0) < 1e-9);
	assert_lacks(f->remedy.guest, "xdp");
	assert_contains(f->remedy.qemu, "rx_queue_size=1024");
}

/* ---- CPUs ------------------------------------------------------------------------ */

static void test_irqs_one_cpu(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* the kernel's effective affinity is where an interrupt lands, whatever the mask */
	model("{'devices': [{'queues': ["
	      "{'rx_affinity': '0-3', 'rx_effective_cpus': '0', 'tx_affinity': '0-3',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0-3', 'rx_effective_cpus': '0', 'tx_affinity': '0-3',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0-3', 'rx_effective_cpus': '0', 'tx_affinity': '0-3',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0-3', 'rx_effective_cpus': '0', 'tx_affinity': '0-3',"
	      " 'tx_effective_cpus': '0'}]}]}");
	f = fires(check(0), "irqs-one-cpu", VNET_SEV_WARNING, "eth0");
	no_cause(f);
	assert_int_equal(ev_u64(f, "cpu"), 0);
	assert_int_equal(ev_u64(f, "active_queues"), 4);
	assert_int_equal(ev_u64(f, "irqs"), 8);
	assert_int_equal(ev_u64(f, "online_cpus"), 4);
	/* spread: queue q to CPU q, by the IRQ numbers of the model */
	assert_contains(f->remedy.guest, "echo 1 > /proc/irq/27/smp_affinity_list");
}

static void test_irqs_one_cpu_remedy_complete(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'queues': ["
	      "{'rx_effective_cpus': '0', 'tx_effective_cpus': '0'},"
	      "{'rx_effective_cpus': '0', 'tx_effective_cpus': '0'},"
	      "{'rx_effective_cpus': '0', 'tx_effective_cpus': '0'},"
	      "{'rx_effective_cpus': '0', 'tx_effective_cpus': '0'}]}]}");
	f = fires(check(0), "irqs-one-cpu", VNET_SEV_WARNING, "eth0");
	/* every vector of the four pairs (IRQs 25-32 in the model), none cut off */
	for (unsigned int q = 0; q < 4; q++)
		for (unsigned int k = 0; k < 2; k++) {
			char cmd[64];

			snprintf(cmd, sizeof(cmd), "echo %u > /proc/irq/%u/smp_affinity_list", q,
				 25 + 2 * q + k);
			assert_contains(f->remedy.guest, cmd);
		}
	assert_int_equal(count_actions(f, VNET_ACT_GUEST_CMD), 8);
}

static void test_irqs_one_cpu_but_one(void **state)
{
	(void)state;
	/* one vector elsewhere is enough to make it not "all on one CPU" */
	model("{'devices': [{'queues': ["
	      "{'rx_effective_cpus': '1', 'tx_effective_cpus': '1', 'rx_affinity': '1',"
	      " 'tx_affinity': '1'},"
	      "{'rx_effective_cpus': '1', 'tx_effective_cpus': '1', 'tx_affinity': '1'},"
	      "{'rx_effective_cpus': '1', 'tx_effective_cpus': '1', 'rx_affinity': '1',"
	      " 'tx_affinity': '1'},"
	      "{'rx_effective_cpus': '1', 'tx_effective_cpus': '2', 'rx_affinity': '1',"
	      " 'tx_affinity': '2'}]}]}");
	quiet(check(0), "irqs-one-cpu");
}

static void test_irqs_one_cpu_single_active_queue(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	/* one active pair on one CPU is no imbalance (queues 1-3 are disabled) */
	model("{'system': {'online_cpus': 1}, 'devices': [{'channels': {'combined': 1}}]}");
	fs = check(0);
	quiet(fs, "irqs-one-cpu");
	quiet(fs, "queues-below-vcpus");
}

static void test_xps_mismatch(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* xps_cpus is a hex mask (CPU 0 = 1), the affinity a list */
	model("{'devices': [{'queues': [{}, {'xps_cpus': '1', 'tx_affinity': '1'}]}]}");
	f = fires(check(0), "affinity-xps-mismatch", VNET_SEV_INFO, "eth0");
	no_cause(f);
	assert_string_equal(ev_json(f, "queues"),
			    "{\"1\":{\"xps_cpus\":\"1\",\"tx_irq_affinity\":\"1\"}}");
}

static void test_xps_mismatch_after_irqs_moved(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	/* every IRQ moved to CPU 0 (smp_affinity 1): XPS stays where the driver put it */
	model("{'devices': [{'queues': ["
	      "{'rx_affinity': '0', 'rx_effective_cpus': '0', 'tx_affinity': '0',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0', 'rx_effective_cpus': '0', 'tx_affinity': '0',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0', 'rx_effective_cpus': '0', 'tx_affinity': '0',"
	      " 'tx_effective_cpus': '0'},"
	      "{'rx_affinity': '0', 'rx_effective_cpus': '0', 'tx_affinity': '0',"
	      " 'tx_effective_cpus': '0'}]}]}");
	fs = check(0);
	no_cause(fires(fs, "irqs-one-cpu", VNET_SEV_WARNING, "eth0"));
	follows_from(fires(fs, "affinity-xps-mismatch", VNET_SEV_INFO, "eth0"), "irqs-one-cpu");
}

static void test_xps_matching_masks(void **state)
{
	(void)state;
	/* 0x6 = CPUs 1 and 2 = "1-2"; the kernel pads masks into 32-bit words */
	model("{'devices': [{'queues': [{'xps_cpus': '00000000,00000001'},"
	      " {'xps_cpus': '6', 'tx_affinity': '1-2'}]}]}");
	quiet(check(0), "affinity-xps-mismatch");
}

static void test_xps_mismatch_on_inactive_queue(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	model("{'system': {'online_cpus': 2}, 'devices': [{'channels': {'combined': 2},"
	      " 'queues': [{}, {}, {}, {'xps_cpus': '1'}]}]}");
	fs = check(0);
	quiet(fs, "affinity-xps-mismatch");
}

/* ---- platform ------------------------------------------------------------------- */

static void test_access_platform_no_iommu(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* iommu_platform=on without a vIOMMU (right for SEV/TDX) */
	model(NULL);
	model_features(R.doc, 0, "+ACCESS_PLATFORM");
	f = fires(check(0), "access-platform-no-iommu", VNET_SEV_INFO, "eth0");
	assert_true(ev_bool(f, "access_platform"));
	assert_false(ev_bool(f, "iommu"));
	assert_contains(f->remedy.qemu, "intel-iommu");
}

static void test_access_platform_with_iommu(void **state)
{
	(void)state;
	model("{'system': {'iommu': true}}");
	model_features(R.doc, 0, "+ACCESS_PLATFORM");
	quiet(check(0), "access-platform-no-iommu");
}

static void test_access_platform_iommu_unknown(void **state)
{
	(void)state;
	model("{'system': {'iommu': null}}");
	model_features(R.doc, 0, "+ACCESS_PLATFORM");
	quiet(check(0), "access-platform-no-iommu");
}

/* virtio 1.2 5.1.3: HOST_TSO4 (11) lets the driver send TSO frames: tx-tcp-segmentation */
static void test_offloads_disabled(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'offloads': [{}, {}, {'active': false, 'requested': false}]}]}");
	f = fires(check(0), "offloads-disabled", VNET_SEV_INFO, "eth0");
	assert_string_equal(ev_json(f, "off"), "[\"tx-tcp-segmentation\"]");
	assert_string_equal(f->remedy.guest, "ethtool -K eth0 tso on");
}

static void test_offloads_fixed_off(void **state)
{
	(void)state;
	/* "[fixed]": nothing the guest can switch on */
	model("{'devices': [{'offloads': [{}, {}, {'active': false, 'fixed': true}]}]}");
	quiet(check(0), "offloads-disabled");
}

static void test_offloads_device_cannot(void **state)
{
	(void)state;
	/* without HOST_TSO4 the device cannot take TSO frames: off is right */
	model("{'devices': [{'offloads': [{}, {}, {'active': false}]}]}");
	model_features(R.doc, 0, "-HOST_TSO4");
	quiet(check(0), "offloads-disabled");
}

/*
 * Offloads the host did not offer (QEMU properties csum, guest_csum,
 * host_tso4, ... = off): the driver leaves them "off [fixed]".  Checksum and
 * TSO cost CPU on every packet (a warning); ECN and UFO are rarer (info).
 */
static void test_offloads_not_offered_csum(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(NULL);
	model_features(R.doc, 0, "-CSUM -GUEST_CSUM");
	fs = check(0);
	f = fires(fs, "offloads-not-offered", VNET_SEV_WARNING, "eth0");
	no_cause(f);
	assert_string_equal(ev_json(f, "missing"), "[\"CSUM\",\"GUEST_CSUM\"]");
	assert_false(ev_bool(f, "backend_without_vnet_hdr"));
	assert_contains(f->summary, "CSUM GUEST_CSUM");
	assert_string_equal(f->remedy.qemu, "-device virtio-net-pci,...,csum=on,guest_csum=on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "csum", "on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "guest_csum", "on");
	assert_string_equal(f->remedy.libvirt, "<host csum='on'/>; <guest csum='on'/>");
	assert_string_equal(f->remedy.guest, "");
	/* fixed off in the guest is not the guest's offloads-disabled */
	quiet(fs, "offloads-disabled");
}

static void test_offloads_not_offered_tso(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(NULL);
	model_features(R.doc, 0, "-HOST_TSO4");
	f = fires(check(0), "offloads-not-offered", VNET_SEV_WARNING, "eth0");
	assert_string_equal(ev_json(f, "missing"), "[\"HOST_TSO4\"]");
	assert_string_equal(f->remedy.qemu, "-device virtio-net-pci,...,host_tso4=on");
	assert_string_equal(f->remedy.libvirt, "<host tso4='on'/>");
}

static void test_offloads_not_offered_ecn(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(NULL);
	model_features(R.doc, 0, "-GUEST_ECN -HOST_ECN");
	f = fires(check(0), "offloads-not-offered", VNET_SEV_INFO, "eth0");
	assert_string_equal(ev_json(f, "missing"), "[\"GUEST_ECN\",\"HOST_ECN\"]");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "guest_ecn", "on");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "host_ecn", "on");
}

static void test_offloads_not_offered_ufo(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* QEMU also withdraws UFO for a tap without it (peer_has_ufo()): said once */
	model(NULL);
	model_features(R.doc, 0, "-GUEST_UFO -HOST_UFO");
	f = fires(check(0), "offloads-not-offered", VNET_SEV_INFO, "eth0");
	assert_contains(f->remedy.qemu, "guest_ufo=on,host_ufo=on");
	assert_int_equal(count_actions(f, VNET_ACT_NOTE), 1);
	assert_contains(f->remedy.qemu, "UFO");
}

static void test_offloads_not_offered_uso(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* USO (QEMU 8.2, Linux 6.2): GUEST_USO4/6 negotiated prove it, HOST_USO was set off */
	model(NULL);
	model_features(R.doc, 0, "+GUEST_USO4 +GUEST_USO6");
	f = fires(check(0), "offloads-not-offered", VNET_SEV_INFO, "eth0");
	assert_string_equal(ev_json(f, "missing"), "[\"HOST_USO\"]");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "host_uso", "on");
}

static void test_offloads_uso_absent_everywhere(void **state)
{
	(void)state;
	/* no USO bit at all: QEMU before 8.2 or Linux before 6.2, nothing was set off */
	model(NULL);
	quiet(check(0), "offloads-not-offered");
}

static void test_offloads_not_offered_user_backend(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* -netdev user: every header offload missing at once is the backend, expected of it */
	model(NULL);
	model_features(R.doc, 0, no_vnet_hdr);
	f = fires(check(0), "offloads-not-offered", VNET_SEV_INFO, "eth0");
	assert_true(ev_bool(f, "backend_without_vnet_hdr"));
	assert_string_equal(ev_json(f, "missing"),
			    "[\"CSUM\",\"GUEST_CSUM\",\"GUEST_TSO4\",\"GUEST_TSO6\",\"GUEST_ECN\","
			    "\"GUEST_UFO\",\"HOST_TSO4\",\"HOST_TSO6\",\"HOST_ECN\",\"HOST_UFO\"]");
	/* no property brings them back: the remedy is the backend */
	assert_int_equal(count_actions(f, VNET_ACT_VMM_SET), 0);
	assert_contains(f->remedy.qemu, "-netdev tap");
	assert_lacks(f->remedy.qemu, "csum=on");
	assert_contains(f->remedy.libvirt, "type='user'");
}

static void test_offloads_all_but_one_missing(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	/* the edge: one header offload left proves headers; the nine others were set off */
	model(NULL);
	model_features(R.doc, 0, no_vnet_hdr);
	model_features(R.doc, 0, "+HOST_UFO");
	f = fires(check(0), "offloads-not-offered", VNET_SEV_WARNING, "eth0");
	assert_false(ev_bool(f, "backend_without_vnet_hdr"));
	assert_int_equal(count_actions(f, VNET_ACT_VMM_SET), 9);
}

/*
 * A guest can use about 200 MSI vectors (Red Hat's virtualization tuning
 * guide); the rule warns from 80% of that, 160.
 */
static void test_msi_vectors_at_limit(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'system': {'virtio_msi_vectors': 160, 'msi_vectors': 166}}");
	f = fires(check(0), "msi-vectors-near-limit", VNET_SEV_WARNING, "");
	assert_int_equal(ev_u64(f, "virtio_msi_vectors"), 160);
	assert_int_equal(ev_u64(f, "msi_vectors"), 166);
	assert_int_equal(ev_u64(f, "guest_limit"), 200);
}

static void test_msi_vectors_below_limit(void **state)
{
	(void)state;
	model("{'system': {'virtio_msi_vectors': 159, 'msi_vectors': 165}}");
	quiet(check(0), "msi-vectors-near-limit");
}


/* ---- the host's view (qmp backend) ------------------------------------------------ */

/*
 * A host-side backend serving one device as QEMU would describe it: a
 * virtio-net-pci net0 on a tap netdev with queues=4, QEMU's default
 * vectors=10 (2 * 4 + 2), vhost started, every feature that matters
 * negotiated, and two samples of its 9 virtqueues a second apart in which
 * every ring moved and none holds buffers.  Expected values come from
 * QEMU's virtio-net (vectors, the virtqueue order rx0 tx0 ... ctrl) and the
 * virtio spec (used index, 16 bits), never from lib/check.c.
 */
#define HOST_VQS 9
static struct {
	struct vnet_host host;
	struct vnet_host_queue_sample s[2][HOST_VQS];
	unsigned int taken;
} H;

static void host_bit(uint64_t bits[2], unsigned int bit, bool on)
{
	if (on)
		bits[bit / 64] |= 1ULL << (bit % 64);
	else
		bits[bit / 64] &= ~(1ULL << (bit % 64));
}

static void host_model(void)
{
	static const unsigned int offered[] = {
		VNET_F_CSUM, VNET_F_GUEST_CSUM, VNET_F_MAC, VNET_F_MRG_RXBUF, VNET_F_STATUS,
		VNET_F_CTRL_VQ, VNET_F_CTRL_RX, VNET_F_MQ, VNET_F_INDIRECT_DESC, VNET_F_EVENT_IDX,
		VNET_F_VERSION_1, VNET_F_RING_RESET,
	};

	memset(&H, 0, sizeof(H));
	strcpy(H.host.name, "net0");
	strcpy(H.host.qom_path, "/machine/peripheral/net0");
	strcpy(H.host.virtio_path, "/machine/peripheral/net0/virtio-backend");
	strcpy(H.host.model, "virtio-net-pci");
	strcpy(H.host.mac, "52:54:00:12:34:56");
	strcpy(H.host.netdev_id, "hn0");
	strcpy(H.host.netdev_type, "tap");
	H.host.netdev_queues = 4;
	H.host.vectors = 10;
	H.host.vhost_started = VNET_TRI_YES;
	H.host.status = 0x0f;	/* ACKNOWLEDGE DRIVER DRIVER_OK FEATURES_OK */
	H.host.num_vqs = HOST_VQS;
	H.host.queue_pairs = 4;
	H.host.features_known = true;
	for (size_t i = 0; i < ARRAY_SIZE(offered); i++) {
		host_bit(H.host.host_features, offered[i], true);
		host_bit(H.host.guest_features, offered[i], true);
	}
	/* offered and never accepted by Linux: not a finding (QEMU 7.2 recordings) */
	host_bit(H.host.host_features, VNET_F_GSO, true);
	host_bit(H.host.host_features, VNET_F_ANY_LAYOUT, true);
	for (unsigned int s = 0; s < 2; s++)
		for (unsigned int i = 0; i < HOST_VQS; i++) {
			struct vnet_host_queue_sample *q = &H.s[s][i];

			q->index = i;
			q->kind = i == HOST_VQS - 1 ? VNET_HOST_VQ_CTRL :
						      i % 2 ? VNET_HOST_VQ_TX : VNET_HOST_VQ_RX;
			q->pair = i == HOST_VQS - 1 ? VNET_UNKNOWN : i / 2;
			q->used_idx = 100 + 50 * s;
			q->avail_idx = 120 + 50 * s;
			q->vhost = VNET_TRI_NO;
		}
	/* QEMU reads the rings itself in these tests unless one says vhost */
	H.host.vhost_started = VNET_TRI_NO;
	strcpy(H.host.netdev_type, "user");
}

static int host_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct vnet_dev *dev = vnet_dev_alloc();

	(void)ctx;
	assert_non_null(dev);
	dev->host = calloc(1, sizeof(*dev->host));
	assert_non_null(dev->host);
	*dev->host = H.host;
	strcpy(dev->virtio_name, H.host.name);
	strcpy(dev->bus, "pci");
	assert_int_equal(vnet_dev_list_append(list, dev), 0);
	return 0;
}

static int host_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	if (group != VNET_FILL_FEATURES)
		return vnet_set_error(ctx, -EOPNOTSUPP, "the guest's view");
	dev->features.nbits = 64;
	memcpy(dev->features.negotiated, dev->host->guest_features, 16);
	memcpy(dev->features.offered, dev->host->host_features, 16);
	dev->features.offered_known = true;
	dev->status = dev->host->status;
	return 0;
}

static int host_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	(void)ctx;
	(void)dev;
	*priv = NULL;
	H.taken = 0;
	return 0;
}

static int host_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *s)
{
	unsigned int n = H.taken < 2 ? H.taken : 1;

	(void)ctx;
	(void)priv;
	s->mono_ns = (uint64_t)(++H.taken) * 1000000000ULL;
	s->host_queues = calloc(HOST_VQS, sizeof(*s->host_queues));
	assert_non_null(s->host_queues);
	memcpy(s->host_queues, H.s[n], sizeof(H.s[n]));
	s->n_host_queues = HOST_VQS;
	return 0;
}

static void host_stats_close(struct vnet_ctx *ctx, void *priv)
{
	(void)ctx;
	(void)priv;
}

static const struct vnet_backend_ops host_backend = {
	.name = "test-host",
	.scan = host_scan,
	.fill = host_fill,
	.stats_open = host_stats_open,
	.stats_sample = host_stats_sample,
	.stats_close = host_stats_close,
	/* samples are the table's: nothing to wait for */
	.offline = true,
	.host_side = true,
};

static const struct vnet_findings *host_check(void)
{
	struct vnet_check_opts opts = { .size = sizeof(opts) };

	R.ctx = vnet_ctx_new();
	assert_non_null(R.ctx);
	assert_int_equal(vnet_ctx_set_backend_ops(R.ctx, &host_backend), 0);
	if (vnet_dev_list(R.ctx, &R.devs))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	if (vnet_check(R.ctx, &R.devs, &opts, &R.fs))
		fail_msg("vnet_check: %s", vnet_ctx_error(R.ctx));
	return R.fs;
}

/* Nothing fires on the healthy device: no guest rule either (it has no interface). */
static void test_host_healthy_is_quiet(void **state)
{
	const struct vnet_findings *fs;

	(void)state;
	host_model();
	fs = host_check();
	if (fs->n)
		dump(fs);
	assert_int_equal(fs->n, 0);
	assert_int_equal(fs->n_skipped, 0);
}

static void test_host_ring_stuck(void **state)
{
	const struct vnet_findings *fs;
	const struct vnet_finding *f;

	(void)state;
	host_model();
	/* tx0 holds one buffer at both samples and returned none */
	H.s[0][1].inuse = H.s[1][1].inuse = 1;
	H.s[1][1].used_idx = H.s[0][1].used_idx;
	fs = host_check();
	f = fires(fs, "host-ring-stuck", VNET_SEV_ERROR, "net0");
	assert_int_equal(json_object_get_int(ev(f, "queue")), 1);
	assert_string_equal(json_object_get_string(ev(f, "kind")), "tx");
	assert_int_equal(json_object_get_int(ev(f, "used_idx")), 100);
	assert_int_equal(json_object_get_int(ev(f, "inuse")), 1);
	assert_non_null(strstr(f->summary, "tx0"));
	assert_non_null(strstr(f->remedy.qemu, "-netdev user,id=hn0"));
}

static void test_host_ring_moving_is_not_stuck(void **state)
{
	(void)state;
	host_model();
	/* in use at both samples, but one buffer came back */
	H.s[0][1].inuse = H.s[1][1].inuse = 1;
	H.s[1][1].used_idx = H.s[0][1].used_idx + 1;
	quiet(host_check(), "host-ring-stuck");
}

static void test_host_ring_moving_across_the_wrap(void **state)
{
	(void)state;
	host_model();
	/* the used index is 16 bits: 65535 -> 0 is one buffer returned */
	H.s[0][1].inuse = H.s[1][1].inuse = 1;
	H.s[0][1].used_idx = 65535;
	H.s[1][1].used_idx = 0;
	quiet(host_check(), "host-ring-stuck");
}

static void test_host_ring_idle_is_not_stuck(void **state)
{
	(void)state;
	host_model();
	/* nothing moved, nothing held: an idle queue */
	H.s[1][1].used_idx = H.s[0][1].used_idx;
	H.s[1][1].inuse = 1;	/* held only at the end: not across the samples */
	quiet(host_check(), "host-ring-stuck");
}

static void test_host_ring_under_vhost_is_not_judged(void **state)
{
	(void)state;
	host_model();
	/* vhost moves the ring: QEMU's used index is stale, nothing to conclude */
	for (unsigned int s = 0; s < 2; s++) {
		H.s[s][1].inuse = 1;
		H.s[s][1].used_idx = 100;
		H.s[s][1].vhost = VNET_TRI_YES;
	}
	quiet(host_check(), "host-ring-stuck");
}

static void test_host_vhost_off(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	host_model();
	strcpy(H.host.netdev_type, "tap");
	f = fires(host_check(), "host-vhost-off", VNET_SEV_WARNING, "net0");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_NETDEV, "vhost", "on");
	assert_non_null(strstr(f->remedy.qemu, "vhost=on"));
}

static void test_host_vhost_on_or_not_tap(void **state)
{
	(void)state;
	host_model();
	/* a user netdev has no vhost to turn on */
	quiet(host_check(), "host-vhost-off");
	teardown(NULL);
	host_model();
	strcpy(H.host.netdev_type, "tap");
	H.host.vhost_started = VNET_TRI_YES;
	quiet(host_check(), "host-vhost-off");
}

static void test_host_feature_refused(void **state)
{
	const struct vnet_finding *f;
	struct json_object *list;

	(void)state;
	host_model();
	host_bit(H.host.guest_features, VNET_F_MQ, false);
	host_bit(H.host.guest_features, VNET_F_EVENT_IDX, false);
	f = fires(host_check(), "host-feature-refused", VNET_SEV_WARNING, "net0");
	list = ev(f, "features");
	assert_int_equal(json_object_array_length(list), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(list, 0)), "MQ");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(list, 1)),
			    "EVENT_IDX");
}

static void test_host_feature_refused_quiet(void **state)
{
	(void)state;
	host_model();
	/* the driver is not done yet: nothing accepted is not something refused */
	H.host.status = 0x03;
	memset(H.host.guest_features, 0, sizeof(H.host.guest_features));
	quiet(host_check(), "host-feature-refused");
	teardown(NULL);
	/* a legacy driver cannot accept bits 32 and up (RING_RESET is 40) */
	host_model();
	host_bit(H.host.guest_features, VNET_F_VERSION_1, false);
	host_bit(H.host.host_features, VNET_F_VERSION_1, false);
	host_bit(H.host.guest_features, VNET_F_RING_RESET, false);
	quiet(host_check(), "host-feature-refused");
}

static void test_host_queues_unused(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	host_model();
	host_bit(H.host.guest_features, VNET_F_MQ, false);
	f = fires(host_check(), "host-queues-unused", VNET_SEV_WARNING, "net0");
	assert_int_equal(json_object_get_int(ev(f, "netdev_queues")), 4);
	assert_int_equal(json_object_get_int(ev(f, "guest_queue_pairs")), 1);
	teardown(NULL);
	/* mq=off: the device does not offer it, the host can */
	host_model();
	host_bit(H.host.guest_features, VNET_F_MQ, false);
	host_bit(H.host.host_features, VNET_F_MQ, false);
	f = fires(host_check(), "host-queues-unused", VNET_SEV_WARNING, "net0");
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "mq", "on");
}

static void test_host_queues_used(void **state)
{
	(void)state;
	host_model();
	quiet(host_check(), "host-queues-unused");
	teardown(NULL);
	host_model();
	/* one queue: nothing unused without MQ */
	host_bit(H.host.guest_features, VNET_F_MQ, false);
	H.host.netdev_queues = 1;
	H.host.queue_pairs = 1;
	H.host.vectors = 4;
	quiet(host_check(), "host-queues-unused");
}

static void test_host_vectors_few(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	host_model();
	H.host.vectors = 9;
	f = fires(host_check(), "host-vectors-few", VNET_SEV_WARNING, "net0");
	assert_int_equal(json_object_get_int(ev(f, "needed")), 10);
	action(f, VNET_ACT_VMM_SET, VNET_SCOPE_DEVICE, "vectors", "10");
}

static void test_host_vectors_enough(void **state)
{
	(void)state;
	host_model();
	/* QEMU's default for 4 queue pairs */
	H.host.vectors = 10;
	quiet(host_check(), "host-vectors-few");
}

/* ---- the catalogue ---------------------------------------------------------------- */

static bool seen(const char *const *list, const char *id)
{
	for (size_t i = 0; i < MAX_RULES && list[i]; i++)
		if (!strcmp(list[i], id))
			return true;
	return false;
}

/* Runs last: every rule was seen firing and seen quiet on a model that should be. */
static void test_every_rule_is_tested(void **state)
{
	const struct vnet_rule_info *r;
	size_t missing = 0;

	(void)state;
	for (size_t i = 0; (r = vnet_rule_at(i)); i++) {
		if (!seen(fired, r->id)) {
			print_error("rule %s is never seen firing\n", r->id);
			missing++;
		}
		/* the healthy model counts only with a test of the rule's own edge */
		if (!seen(quieted, r->id)) {
			print_error("rule %s is never seen quiet\n", r->id);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* ---- the model backend itself ----------------------------------------------------- */

static void expect_model_error(const char *json, const char *message)
{
	struct vnet_ctx *ctx = model_ctx_new(json);
	struct vnet_dev_list devs;

	assert_non_null(ctx);
	assert_int_not_equal(vnet_dev_list(ctx, &devs), 0);
	if (!strstr(vnet_ctx_error(ctx), message))
		fail_msg("error \"%s\" does not contain \"%s\"", vnet_ctx_error(ctx), message);
	vnet_ctx_free(ctx);
}

static void test_model_rejects_bad_documents(void **state)
{
	(void)state;
	expect_model_error("{", "not JSON");
	expect_model_error("42", "expected an object or an array");
	expect_model_error("{\"device\": []}", "unknown member \"device\"");
	expect_model_error("[{\"ifname\": \"eth0\"}]", "needs \"virtio\"");
	expect_model_error("[{\"virtio\": \"virtio0\", \"channels\": {\"combined\": \"4\"}}]",
			   "devices[0].channels.combined: expected a number, got string");
	expect_model_error("[{\"virtio\": \"virtio0\", \"channels\": {\"combined\": -1}}]",
			   "out of range");
	expect_model_error("[{\"virtio\": \"virtio0\", \"channels\": {\"combined_max\": 4}}]",
			   "unknown member \"combined_max\"");
	expect_model_error("[{\"virtio\": \"virtio0\", \"features\": {\"negotiated\": [\"MQQ\"]}}]",
			   "not a feature name");
	expect_model_error("[{\"virtio\": \"virtio0\", \"features\": {\"negotiated\": [\"MQ\"],"
			   " \"bits\": \"0x1\"}}]", "disagrees");
	expect_model_error("[{\"virtio\": \"virtio0\", \"link\": {\"duplex\": \"fast\"}}]",
			   "unexpected value");
	expect_model_error("[{\"virtio\": \"virtio0\", \"queues\": [{\"index\": 1}]}]",
			   "index: expected 0");
	expect_model_error("[{\"virtio\": \"virtio0\", \"samples\": [{\"queues\": []}]}]",
			   "needs \"mono_ns\"");
	expect_model_error("[{\"virtio\": \"virtio0\", \"samples\": [{\"mono_ns\": 1,"
			   " \"queues\": [{\"rx\": {\"drop\": 1}}]}]}]", "no rx counter \"drop\"");
	expect_model_error("{\"system\": {\"online_cpus\": true}, \"devices\": []}",
			   "system.online_cpus: expected a number");
	expect_model_error("[{\"virtio\": \"virtio0\", \"errors\": {\"interrupts\": \"EPERM\"}}]",
			   "devices[0].errors: not a fill group: \"interrupts\"");
	expect_model_error("[{\"virtio\": \"virtio0\", \"errors\": {\"rings\": 95}}]",
			   "devices[0].errors.rings: expected a string");
}

static void test_model_hook_is_refused_after_start(void **state)
{
	struct vnet_ctx *ctx = model_ctx_new("[]");
	struct vnet_dev_list devs;

	(void)state;
	assert_int_equal(vnet_dev_list(ctx, &devs), 0);
	assert_int_equal(devs.n, 0);
	assert_int_equal(vnet_ctx_set_backend_ops(ctx, &model_backend), -EBUSY);
	assert_string_equal(vnet_ctx_backend(ctx), "model");
	vnet_dev_list_free(&devs);
	vnet_ctx_free(ctx);
}

static void test_model_derives_mode_and_active_queues(void **state)
{
	struct vnet_dev *dev;

	(void)state;
	/* "mode" and "active" in the document are ignored: the model derives them */
	model("{'devices': [{'pci': {'mode': 'legacy'}, 'channels': {'combined': 2},"
	      " 'queues': [{}, {}, {'active': true}, {'active': true}]}]}");
	check(0);
	dev = R.devs.devs[0];
	assert_int_equal(dev->pci.mode, VNET_MODE_MODERN);
	assert_int_equal(dev->n_queues, 4);
	assert_true(dev->queues[1].active);
	assert_false(dev->queues[2].active);
	assert_string_equal(vnet_dev_fill_error(dev, VNET_FILL_PCI) ? "failed" : "", "");
}

/*
 * Without channel counts the model sizes the queue table and marks the
 * active queues from what the OS shows (the listed "active" flags, as the
 * rx-N directories on Linux); a group the document lacks or names under
 * "errors" fails with that reason and the others are filled.
 */
static void test_model_failed_groups_and_os_queues(void **state)
{
	struct vnet_dev *dev;

	(void)state;
	model("{'devices': [{'channels': null, 'rings': {'rx': 256},"
	      " 'errors': {'rings': 'Operation not supported'},"
	      " 'queues': [{'active': true}, {'active': true}, {'active': false},"
	      " {'active': false}, {'active': false}]}]}");
	R.ctx = model_ctx_new_doc(R.doc);
	assert_non_null(R.ctx);
	if (vnet_dev_list(R.ctx, &R.devs))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	dev = R.devs.devs[0];
	assert_int_equal(vnet_dev_fill(R.ctx, dev, VNET_FILL_ALL), 0);
	assert_string_equal(vnet_dev_fill_error(dev, VNET_FILL_CHANNELS), "not in the model");
	assert_string_equal(vnet_dev_fill_error(dev, VNET_FILL_RINGS), "Operation not supported");
	assert_int_equal(dev->rings.rx, VNET_UNKNOWN);
	assert_int_equal(dev->failed, VNET_FILL_CHANNELS | VNET_FILL_RINGS);
	assert_int_equal(dev->filled, VNET_FILL_ALL & ~(VNET_FILL_CHANNELS | VNET_FILL_RINGS));
	assert_int_equal(dev->n_queues, 5);
	for (unsigned int q = 0; q < dev->n_queues; q++)
		assert_int_equal(dev->queues[q].active, q < 2);
	assert_int_equal(dev->queues[4].rx_irq.irq, VNET_UNKNOWN);
	assert_int_equal(dev->queues[1].rx_irq.irq, 27);
	/* identify and fill again: the same facts, the same failures */
	assert_int_equal(vnet_dev_refresh(R.ctx, dev, VNET_FILL_ALL), 0);
	assert_string_equal(dev->ifname, "eth0");
	assert_string_equal(vnet_dev_fill_error(dev, VNET_FILL_RINGS), "Operation not supported");
	assert_int_equal(dev->n_queues, 5);
	assert_true(dev->queues[1].active);
	assert_false(dev->queues[2].active);
}

/* Every fixture's "vnetctl -j show" served back by the model prints the same. */
static void test_model_round_trips_vnetctl_show(void **state)
{
	const char *dir = MODEL_DIR "/../../fixtures";
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned int n = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		struct json_object *want, *got;
		struct vnet_dev_list devs;
		struct vnet_ctx *ctx;
		char path[1024];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/expected-show.json", dir, de->d_name);
		want = json_object_from_file(path);
		if (!want)
			continue;
		ctx = model_ctx_new_file(path);
		if (vnet_dev_list(ctx, &devs))
			fail_msg("%s: %s", de->d_name, vnet_ctx_error(ctx));
		assert_int_equal(devs.n, json_object_array_length(want));
		got = json_object_new_array();
		for (size_t i = 0; i < devs.n; i++) {
			assert_int_equal(vnet_dev_fill(ctx, devs.devs[i], VNET_FILL_ALL), 0);
			json_object_array_add(got, vnet_dev_to_json(devs.devs[i]));
			/* the machine's VMM, not the device's (vnet_dev_print_system()) */
			json_object_object_del(json_object_array_get_idx(want, i), "vmm");
			/* "schema" and "transport" are newer than most captures */
			if (!json_object_object_get_ex(json_object_array_get_idx(want, i),
						       "transport", NULL)) {
				json_object_object_del(json_object_array_get_idx(got, i),
						       "schema");
				json_object_object_del(json_object_array_get_idx(got, i),
						       "transport");
			}
		}
		if (!json_object_equal(want, got))
			fail_msg("%s: the model prints\n%s", de->d_name,
				 json_object_to_json_string(got));
		json_object_put(got);
		json_object_put(want);
		vnet_dev_list_free(&devs);
		vnet_ctx_free(ctx);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

/* ---- remedies in the VMM's own language (docs/vmms.md 4, 5) --------------- */

/* The model on another VMM: its ACPI OEM id, no DMI (docs/vmms.md 2.1 row 1). */
static void on_vmm(const char *oem_id)
{
	char patch[160];

	if (oem_id)
		snprintf(patch, sizeof(patch), "{'system': {'dmi': null, 'vendor': '', "
			 "'product': '', 'acpi_oem_id': '%s'}}", oem_id);
	else
		snprintf(patch, sizeof(patch), "{'system': {'dmi': null, 'vendor': '', "
			 "'product': ''}}");
	model_patch(R.doc, patch);
}

/* QEMU's and libvirt's words, which no other VMM's remedy may contain. */
static void no_qemu_words(const struct vnet_finding *f)
{
	static const char *const qemu[] = {
		"-device virtio", "-netdev ", "virtio-net-pci", "<driver", "<host", "<guest",
		"libvirt",
		"host_mtu", "ctrl_vq=", "mq=on", "vectors=", "rx_queue_size",
	};

	assert_string_equal(f->remedy.qemu, "");
	assert_string_equal(f->remedy.libvirt, "");
	for (size_t i = 0; i < sizeof(qemu) / sizeof(*qemu); i++)
		assert_lacks(f->remedy.vmm, qemu[i]);
}

static void remedy_json_names(const struct vnet_finding *f, const char *vmm)
{
	struct json_object *j = vnet_finding_to_json(f), *r, *v, *x;

	assert_true(json_object_object_get_ex(j, "remedy", &r));
	assert_true(json_object_object_get_ex(r, "vmm", &v));
	assert_true(json_object_object_get_ex(v, "name", &x));
	assert_string_equal(json_object_get_string(x), vmm);
	assert_true(json_object_object_get_ex(v, "text", &x));
	if (*f->remedy.vmm)
		assert_string_equal(json_object_get_string(x), f->remedy.vmm);
	json_object_put(j);
}

/* QEMU: remedy.vmm is the QEMU line, remedy.qemu kept for compatibility. */
static void test_vmm_qemu(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(one_pair);
	f = fires(check(0), "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	assert_int_equal(f->remedy.vmm_name, VNET_VMM_QEMU);
	assert_string_equal(f->remedy.vmm, f->remedy.qemu);
	remedy_json_names(f, "qemu");
}

/*
 * Firecracker: one rx + one tx queue, no control queue, no indirect
 * descriptors, rings fixed at 256 (docs/vmms.md 3, FC row; 5).  What asks
 * only for those is information, says so, and gives no remedy to apply.
 */
static void test_vmm_firecracker_impossible(void **state)
{
	const struct vnet_findings *fs;
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'channels': {'combined': 1, 'max_combined': 1}, 'queues': [{}],"
	      " 'pci': {'msix': {'table_size': 3}}}]}");
	model_features(R.doc, 0, "-MQ -CTRL_VQ -INDIRECT_DESC -RING_RESET");
	on_vmm("FIRECK");
	fs = check(0);
	for (size_t i = 0; i < fs->n; i++) {
		f = &fs->items[i];
		assert_int_equal(f->remedy.vmm_name, VNET_VMM_FIRECRACKER);
		no_qemu_words(f);
		remedy_json_names(f, "firecracker");
		/* every one of these asks for something Firecracker fixes in code */
		assert_int_equal(f->severity, VNET_SEV_INFO);
		assert_contains(f->remedy.vmm, "Firecracker has no such setting");
	}
	f = fires(fs, "ctrl-vq-missing", VNET_SEV_INFO, "eth0");
	assert_contains(f->summary, "Firecracker has no such setting");
	assert_contains(f->remedy.vmm, "CTRL_VQ");
	f = fires(fs, "indirect-desc-off", VNET_SEV_INFO, "eth0");
	assert_contains(f->summary, "Firecracker has no such setting");
	f = fires(fs, "mq-missing", VNET_SEV_INFO, "eth0");
	assert_contains(f->remedy.vmm, "RPS/XPS");
	fires(fs, "msix-table-small", VNET_SEV_INFO, "eth0");
	fires(fs, "ring-reset-missing", VNET_SEV_INFO, "eth0");
}

/* Firecracker has an mtu field on its network interface (docs/vmms.md 4.2). */
static void test_vmm_firecracker_mtu(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model("{'devices': [{'mtu': {'current': 9000}}]}");
	on_vmm("FIRECK");
	f = fires(check(0), "mtu-without-host-mtu", VNET_SEV_WARNING, "eth0");
	no_qemu_words(f);
	assert_contains(f->remedy.vmm, "{\"iface_id\": ..., \"mtu\": 9000} (if this Firecracker");
	assert_contains(f->remedy.vmm, "network-interfaces");
}

/*
 * Cloud Hypervisor: --net keys; num_queues counts queues, not pairs, and
 * offload_csum covers CSUM and GUEST_CSUM (docs/vmms.md 4.1).
 */
static void test_vmm_cloud_hypervisor(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(one_pair);
	on_vmm("CLOUDH");
	f = fires(check(0), "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	assert_int_equal(f->remedy.vmm_name, VNET_VMM_CLOUD_HYPERVISOR);
	no_qemu_words(f);
	remedy_json_names(f, "cloud-hypervisor");
	assert_contains(f->remedy.vmm, "--net ...,num_queues=8");
	assert_contains(f->remedy.vmm, "ch-remote");
	assert_lacks(f->remedy.vmm, "vq-pairs");
	teardown(NULL);

	model("{'devices': [{'mtu': {'current': 9000}}]}");
	model_features(R.doc, 0, "-CSUM -GUEST_CSUM");
	on_vmm("CLOUDH");
	fs = check(0);
	f = fires(fs, "mtu-without-host-mtu", VNET_SEV_WARNING, "eth0");
	no_qemu_words(f);
	assert_contains(f->remedy.vmm, "--net ...,mtu=9000");
	f = fires(fs, "offloads-not-offered", VNET_SEV_WARNING, "eth0");
	no_qemu_words(f);
	/* one key for both bits */
	assert_contains(f->remedy.vmm, "--net ...,offload_csum=on;");
	assert_lacks(f->remedy.vmm, "offload_csum=on,offload_csum");
	teardown(NULL);

	/* never offered by its built-in backend: information, no remedy */
	model(NULL);
	model_features(R.doc, 0, "-INDIRECT_DESC");
	on_vmm("CLOUDH");
	f = fires(check(0), "indirect-desc-off", VNET_SEV_INFO, "eth0");
	assert_contains(f->remedy.vmm, "Cloud Hypervisor has no such setting");
	no_qemu_words(f);
}

/* crosvm: --net vq-pairs counts pairs (docs/vmms.md 4.3). */
static void test_vmm_crosvm(void **state)
{
	const struct vnet_finding *f;

	(void)state;
	model(one_pair);
	on_vmm("CROSVM");
	f = fires(check(0), "mq-one-queue-pair", VNET_SEV_WARNING, "eth0");
	no_qemu_words(f);
	remedy_json_names(f, "crosvm");
	assert_contains(f->remedy.vmm, "--net ...,vq-pairs=4");
	assert_lacks(f->remedy.vmm, "num_queues");
}

/* A VMM nothing names: the virtio features the device should offer, no command line. */
static void test_vmm_unknown(void **state)
{
	const struct vnet_finding *f;
	const struct vnet_findings *fs;

	(void)state;
	model(NULL);
	model_features(R.doc, 0, "-MQ -INDIRECT_DESC");
	on_vmm(NULL);
	fs = check(0);
	f = fires(fs, "mq-missing", VNET_SEV_WARNING, "eth0");
	assert_int_equal(f->remedy.vmm_name, VNET_VMM_UNKNOWN);
	no_qemu_words(f);
	remedy_json_names(f, "unknown");
	assert_contains(f->remedy.vmm, "the device should offer 4 queue pairs");
	assert_contains(f->remedy.vmm, "VIRTIO_NET_F_MQ");
	assert_lacks(f->remedy.vmm, "--net");
	assert_lacks(f->remedy.vmm, "network-interfaces");
	/* nothing is known to be impossible: the warning stays */
	f = fires(fs, "indirect-desc-off", VNET_SEV_WARNING, "eth0");
	assert_string_equal(f->remedy.vmm, "the device should offer VIRTIO_RING_F_INDIRECT_DESC");
}

#define T(fn) cmocka_unit_test_teardown(fn, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_healthy_model_is_quiet),
		T(test_irq_mmio_line),
		T(test_irq_mmio_line_one_queue),
		T(test_driver_not_bound),
		T(test_driver_bound_elsewhere),
		T(test_driver_bound),
		T(test_device_failed),
		T(test_device_needs_reset),
		T(test_device_suspended_is_not_failed),
		T(test_irq_shared_vector),
		T(test_irq_intx),
		T(test_irq_intx_from_one_vector),
		T(test_irq_shared_with_a_large_table),
		T(test_irq_shared_out_of_guest_vectors),
		T(test_msix_table_default_size_is_enough),
		T(test_msix_table_one_short),
		T(test_msix_table_too_small_for_per_queue),
		T(test_msix_table_for_one_pair),
		T(test_queues_below_vcpus),
		T(test_queues_capped_by_vcpus),
		T(test_queues_equal_to_vcpus),
		T(test_queues_more_vcpus_than_pairs),
		T(test_mq_missing),
		T(test_mq_missing_without_ctrl_vq),
		T(test_mq_missing_one_vcpu),
		T(test_mq_missing_two_vcpus),
		T(test_mq_missing_user_backend),
		T(test_mq_one_queue_pair),
		T(test_mq_one_queue_pair_two_vcpus),
		T(test_mq_one_queue_pair_one_vcpu),
		T(test_mq_two_queue_pairs),
		T(test_mq_one_queue_pair_user_backend),
		T(test_legacy_only_device),
		T(test_transitional_forced_legacy),
		T(test_transitional_modern_driver),
		T(test_ctrl_vq_missing),
		T(test_indirect_desc_off),
		T(test_event_idx_off),
		T(test_mrg_rxbuf_off),
		T(test_unknown_features_say_nothing),
		T(test_ring_reset_missing),
		T(test_rings_below_max),
		T(test_rings_tx_below_max),
		T(test_rings_at_max),
		T(test_mtu_without_host_mtu),
		T(test_mtu_one_above_default),
		T(test_mtu_default),
		T(test_mtu_below_host_mtu),
		T(test_mtu_at_host_mtu),
		T(test_link_admin_down),
		T(test_link_no_carrier),
		T(test_link_carrier_unknown),
		T(test_speed_unknown),
		T(test_tx_timeouts_from_counters),
		T(test_tx_timeouts_from_sysfs),
		T(test_tx_timeouts_counters_win),
		T(test_rx_drops_growing),
		T(test_rx_drops_small_ring),
		T(test_rx_drops_need_a_window),
		T(test_rx_drops_steady),
		T(test_rx_drops_by_xdp_just_above),
		T(test_rx_drops_by_xdp_just_below),
		T(test_irqs_one_cpu),
		T(test_irqs_one_cpu_remedy_complete),
		T(test_irqs_one_cpu_but_one),
		T(test_irqs_one_cpu_single_active_queue),
		T(test_xps_mismatch),
		T(test_xps_mismatch_after_irqs_moved),
		T(test_xps_matching_masks),
		T(test_xps_mismatch_on_inactive_queue),
		T(test_access_platform_no_iommu),
		T(test_access_platform_with_iommu),
		T(test_access_platform_iommu_unknown),
		T(test_offloads_disabled),
		T(test_offloads_fixed_off),
		T(test_offloads_device_cannot),
		T(test_offloads_not_offered_csum),
		T(test_offloads_not_offered_tso),
		T(test_offloads_not_offered_ecn),
		T(test_offloads_not_offered_ufo),
		T(test_offloads_not_offered_uso),
		T(test_offloads_uso_absent_everywhere),
		T(test_offloads_not_offered_user_backend),
		T(test_offloads_all_but_one_missing),
		T(test_msi_vectors_at_limit),
		T(test_msi_vectors_below_limit),
		T(test_host_healthy_is_quiet),
		T(test_host_ring_stuck),
		T(test_host_ring_moving_is_not_stuck),
		T(test_host_ring_moving_across_the_wrap),
		T(test_host_ring_idle_is_not_stuck),
		T(test_host_ring_under_vhost_is_not_judged),
		T(test_host_vhost_off),
		T(test_host_vhost_on_or_not_tap),
		T(test_host_feature_refused),
		T(test_host_feature_refused_quiet),
		T(test_host_queues_unused),
		T(test_host_queues_used),
		T(test_host_vectors_few),
		T(test_host_vectors_enough),
		T(test_model_rejects_bad_documents),
		T(test_model_hook_is_refused_after_start),
		T(test_model_derives_mode_and_active_queues),
		T(test_model_failed_groups_and_os_queues),
		T(test_model_round_trips_vnetctl_show),
		/* last: needs the record of every test above */
		T(test_vmm_qemu),
		T(test_vmm_firecracker_impossible),
		T(test_vmm_firecracker_mtu),
		T(test_vmm_cloud_hypervisor),
		T(test_vmm_crosvm),
		T(test_vmm_unknown),
		T(test_every_rule_is_tested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
