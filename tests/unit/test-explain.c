// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-explain.c - the QEMU options reconstructed from synthetic guests
 *
 * Each model is tests/unit/models/modern.json (QEMU 8.2, q35, virtio-net-pci
 * behind pcie.0 slot 3 with disable-legacy=on, mq=on on a 4-queue netdev,
 * vectors=10, speed=10000,duplex=full, mac=52:54:00:12:34:56) with one
 * change.  Expected values and defaults are QEMU's (hw/net/virtio-net.c,
 * hw/virtio/virtio-pci.c, hw/core/machine.c compat tables) and the virtio
 * specification's, written out here, not lib/explain.c's tables.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model-backend.h"

struct run {
	struct vnet_ctx *ctx;
	struct vnet_dev_list devs;
	struct vnet_explanation *e;
	struct json_object *doc;
};

static struct run R;

static int teardown(void **state)
{
	(void)state;
	vnet_explanation_free(R.e);
	vnet_dev_list_free(&R.devs);
	vnet_ctx_free(R.ctx);
	json_object_put(R.doc);
	memset(&R, 0, sizeof(R));
	return 0;
}

static struct json_object *model(const char *patch)
{
	R.doc = model_load("modern.json");
	if (patch)
		model_patch(R.doc, patch);
	return R.doc;
}

/* vnet_explain() of the first device; @expect_err: the error it must return. */
static const struct vnet_explanation *explain_err(int expect_err)
{
	int err;

	R.ctx = model_ctx_new_doc(R.doc);
	assert_non_null(R.ctx);
	if (vnet_dev_list(R.ctx, &R.devs))
		fail_msg("%s", vnet_ctx_error(R.ctx));
	assert_true(R.devs.n >= 1);
	err = vnet_explain(R.ctx, R.devs.devs[0], &R.e);
	if (err != expect_err)
		fail_msg("vnet_explain: %d (%s), expected %d", err, vnet_ctx_error(R.ctx),
			 expect_err);
	/* an object exactly when it succeeded */
	assert_true((R.e != NULL) == (err == 0));
	return R.e;
}

static const struct vnet_explanation *explain(void)
{
	return explain_err(0);
}

static const struct vnet_prop *find(const char *name)
{
	for (size_t i = 0; i < R.e->n; i++)
		if (!strcmp(R.e->props[i].name, name))
			return &R.e->props[i];
	return NULL;
}

static const struct vnet_prop *prop(const char *name)
{
	/* never NULL: GCC would warn of a NULL ->reason (-Wstringop-overread) */
	static const struct vnet_prop none = { .name = "", .scope = "" };
	const struct vnet_prop *p = find(name);

	if (!p) {
		fail_msg("no property %s", name);
		return &none;
	}
	return p;
}

/* @name is @value with certainty @c; @def: whether QEMU has that without the option */
static const struct vnet_prop *expect(const char *name, enum vnet_certainty c, const char *value,
				      bool def)
{
	const struct vnet_prop *p = prop(name);

	if (p->certainty != c)
		fail_msg("%s is %s (%s), expected %s", name, vnet_certainty_name(p->certainty),
			 p->reason, vnet_certainty_name(c));
	assert_string_equal(p->value, value);
	if (p->is_default != def)
		fail_msg("%s=%s: default is %d, expected %d", name, p->value, p->is_default, def);
	return p;
}

static const struct vnet_prop *unknowable(const char *name, const char *why)
{
	const struct vnet_prop *p = expect(name, VNET_UNKNOWABLE, "", false);

	if (why && !strstr(p->reason, why))
		fail_msg("%s: reason \"%s\" does not say \"%s\"", name, p->reason, why);
	return p;
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

/* ---- whole command lines ------------------------------------------------------ */

static void test_modern_default(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	model(NULL);
	e = explain();
	assert_string_equal(e->source, "guest");
	assert_string_equal(e->device, "eth0");
	assert_string_equal(e->model, "virtio-net-pci");
	/* everything at QEMU's default is left out, except vectors (its default hides in queues) */
	assert_string_equal(e->device_args,
			    "-device virtio-net-pci,netdev=<id>,mac=52:54:00:12:34:56,bus=pcie.0,"
			    "addr=0x3,disable-legacy=on,vectors=10,mq=on,speed=10000,duplex=full");
	assert_string_equal(e->netdev_args, "-netdev <type>,id=<id>,queues=4");
	assert_string_equal(e->libvirt,
			    "<interface type='...'>\n"
			    "  <mac address='52:54:00:12:34:56'/>\n"
			    "  <model type='virtio-non-transitional'/>\n"
			    "  <driver queues='4'>\n"
			    "  </driver>\n"
			    "  <address type='pci' domain='0x0000' bus='0x00' slot='0x03' "
			    "function='0x0'/>\n"
			    "</interface>\n"
			    "<!-- libvirt: vectors=10 needs <qemu:override> -->\n"
			    "<!-- libvirt: speed=10000 needs <qemu:override> -->\n"
			    "<!-- libvirt: duplex=full needs <qemu:override> -->\n");
}

/* i440FX's default: a transitional device (0x1000) on pci.0, mq=on with 4 queues. */
static void test_transitional_mq4(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	model("{'system': {'product': 'Standard PC (i440FX + PIIX, 1996)',"
	      " 'machine': 'pc-i440fx-8.2'},"
	      " 'devices': [{'link': {'speed_mbps': null, 'duplex': null},"
	      " 'pci': {'slot': '0000:00:02.0', 'device_id': 4096, 'revision': 0,"
	      " 'subsystem_id': 1, 'legacy_io_bar': true, 'config_size': 256}}]}");
	model_features(R.doc, 0, "-SPEED_DUPLEX");
	e = explain();
	assert_string_equal(e->device_args,
			    "-device virtio-net-pci,netdev=<id>,mac=52:54:00:12:34:56,bus=pci.0,"
			    "addr=0x2,vectors=10,mq=on");
	assert_string_equal(e->netdev_args, "-netdev <type>,id=<id>,queues=4");
	assert_contains(e->libvirt, "<model type='virtio-transitional'/>");
	assert_contains(e->libvirt, "<driver queues='4'>");
	assert_contains(e->libvirt, "slot='0x02'");
}

static void test_intx_vectors_0(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/* vectors=0: QEMU gives the device no MSI-X capability */
	model("{'devices': [{'pci': {'msix': null, 'msix_present': false},"
	      " 'interrupts': {'mode': 'intx', 'config_irq': null, 'shared_irq': 11}}]}");
	e = explain();
	expect("vectors", VNET_CERTAIN, "0", false);
	assert_contains(e->device_args, ",vectors=0,");
	assert_contains(e->libvirt, "<!-- libvirt: vectors=0 needs <qemu:override> -->");
}

static void test_legacy_only(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/* disable-modern=on: id 0x1000 without virtio capabilities, bits 0-31 only */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null},"
	      " 'pci': {'device_id': 4096, 'revision': 0, 'subsystem_id': 1,"
	      " 'legacy_io_bar': true, 'config_size': 256, 'virtio_caps': []}}]}");
	model_features(R.doc, 0, "-VERSION_1 -RING_RESET -SPEED_DUPLEX +GSO +ANY_LAYOUT");
	e = explain();
	expect("disable-modern", VNET_CERTAIN, "on", false);
	expect("disable-legacy", VNET_CERTAIN, "off", true);
	/* the legacy interface says nothing of bits from 32 up */
	unknowable("queue_reset", "bits 0-31");
	unknowable("iommu_platform", "bits 0-31");
	unknowable("packed", "bits 0-31");
	/* legacy-only bits the legacy driver accepts */
	expect("gso", VNET_CERTAIN, "on", true);
	expect("any_layout", VNET_CERTAIN, "on", true);
	assert_string_equal(e->device_args,
			    "-device virtio-net-pci,netdev=<id>,mac=52:54:00:12:34:56,bus=pcie.0,"
			    "addr=0x3,disable-modern=on,vectors=10,mq=on");
	/* libvirt's "virtio" model is transitional or legacy as the machine allows */
	assert_contains(e->libvirt, "<model type='virtio'/>");
	assert_contains(e->libvirt, "<!-- libvirt: disable-modern=on needs <qemu:override> -->");
}

static void test_transitional_forced_legacy(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/* virtio_pci.force_legacy=1 on a transitional device: capabilities, no VERSION_1 */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null},"
	      " 'pci': {'device_id': 4096, 'revision': 0, 'subsystem_id': 1,"
	      " 'legacy_io_bar': true, 'config_size': 256}}]}");
	model_features(R.doc, 0, "-VERSION_1 -RING_RESET -SPEED_DUPLEX +GSO");
	e = explain();
	expect("disable-modern", VNET_CERTAIN, "off", true);
	expect("disable-legacy", VNET_CERTAIN, "off", true);
	unknowable("queue_reset", "bits 0-31");
	expect("gso", VNET_CERTAIN, "on", true);
	assert_lacks(e->device_args, "disable-");
	assert_contains(e->libvirt, "<model type='virtio-transitional'/>");
}

static void test_legacy_hides_speed(void **state)
{
	(void)state;
	/* SPEED_DUPLEX is bit 63: a legacy driver cannot see whether speed= was set */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null},"
	      " 'pci': {'device_id': 4096, 'revision': 0, 'subsystem_id': 1,"
	      " 'legacy_io_bar': true, 'config_size': 256}}]}");
	model_features(R.doc, 0, "-VERSION_1 -RING_RESET -SPEED_DUPLEX");
	explain();
	unknowable("speed", "legacy interface");
	unknowable("duplex", "legacy interface");
}

static void test_host_mtu(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/* host_mtu=9000 offers MTU (bit 3); Linux makes 9000 the interface's max_mtu */
	model("{'devices': [{'mtu': {'current': 9000, 'max': 9000}}]}");
	model_features(R.doc, 0, "+MTU");
	e = explain();
	expect("host_mtu", VNET_CERTAIN, "9000", false);
	assert_contains(e->device_args, ",mq=on,host_mtu=9000,speed=10000,");
	assert_contains(e->libvirt, "  <mtu size='9000'/>\n");
}

static void test_host_mtu_unset(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/*
	 * No MTU bit, offered bits unknown (before Linux 6.10): host_mtu is 0,
	 * or below 68, where QEMU still offers MTU and virtnet_validate() drops it
	 */
	model(NULL);
	e = explain();
	unknowable("host_mtu", "below Linux's minimum MTU of 68");
	assert_lacks(e->device_args, "host_mtu");
	assert_lacks(e->libvirt, "<mtu");
}

/* The device's offered bits (debugfs device_features, Linux 6.10+) settle it. */
static const char offered_without_mtu[] =
	"{'devices': [{'features': {'offered': ['CSUM', 'MAC', 'VERSION_1', 'MQ']}}]}";
static const char offered_with_mtu[] =
	"{'devices': [{'features': {'offered': ['CSUM', 'MAC', 'VERSION_1', 'MQ', 'MTU']}}]}";

static void test_host_mtu_not_offered(void **state)
{
	(void)state;
	model(offered_without_mtu);
	explain();
	expect("host_mtu", VNET_CERTAIN, "0", true);
	assert_lacks(R.e->device_args, "host_mtu");
}

static void test_host_mtu_below_linux_minimum(void **state)
{
	(void)state;
	/* host_mtu=60: offered, refused by the driver; the value is not visible */
	model(offered_with_mtu);
	explain();
	unknowable("host_mtu", "set below Linux's minimum MTU of 68");
	assert_lacks(R.e->device_args, "host_mtu");
	assert_lacks(R.e->libvirt, "<mtu");
}

/* The bits QEMU withdraws when its peer has no virtio-net header (peer_has_vnet_hdr()). */
static const char vnet_hdr_bits[] =
	"-CSUM -GUEST_CSUM -GUEST_TSO4 -GUEST_TSO6 -GUEST_ECN -GUEST_UFO -HOST_TSO4 "
	"-HOST_TSO6 -HOST_ECN -HOST_UFO";

static void test_backend_without_vnet_hdr(void **state)
{
	const struct vnet_explanation *e;
	static const char *const props[] = {
		"csum", "guest_csum", "guest_tso4", "guest_tso6", "guest_ecn", "guest_ufo",
		"host_tso4", "host_tso6", "host_ecn", "host_ufo",
	};

	(void)state;
	/* -netdev user/socket/stream: all ten missing together, whatever the properties say */
	model(NULL);
	model_features(R.doc, 0, vnet_hdr_bits);
	e = explain();
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		unknowable(props[i], "virtio-net header");
	unknowable("type", "not tap");
	assert_lacks(e->device_args, "csum");
	assert_lacks(e->device_args, "tso");
	assert_lacks(e->libvirt, "<host");
	assert_lacks(e->libvirt, "<guest");
}

static void test_one_offload_off(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	/* csum=off alone: a property, not a backend without headers */
	model(NULL);
	model_features(R.doc, 0, "-CSUM");
	e = explain();
	expect("csum", VNET_INFERRED, "off", false);
	assert_contains(e->device_args, ",csum=off");
	assert_contains(e->libvirt, "    <host csum='off'/>\n");
	unknowable("type", "tap, vhost-user");
}

static void test_speed(void **state)
{
	(void)state;
	model("{'devices': [{'link': {'speed_mbps': 25000, 'duplex': 'half'}}]}");
	explain();
	expect("speed", VNET_CERTAIN, "25000", false);
	expect("duplex", VNET_CERTAIN, "half", false);
	assert_contains(R.e->device_args, ",speed=25000,duplex=half");
}

static void test_speed_not_set(void **state)
{
	(void)state;
	/* QEMU offers SPEED_DUPLEX (bit 63) only with speed= or duplex=; speed defaults to -1 */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null}}]}");
	model_features(R.doc, 0, "-SPEED_DUPLEX");
	explain();
	expect("speed", VNET_INFERRED, "-1", true);
	expect("duplex", VNET_INFERRED, "", true);
	assert_lacks(R.e->device_args, "speed");
}

static void test_duplex_only(void **state)
{
	(void)state;
	/* duplex=full alone also offers the bit: speed stays unknown (-1) */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': 'full'}}]}");
	explain();
	expect("speed", VNET_CERTAIN, "-1", true);
	expect("duplex", VNET_CERTAIN, "full", false);
	assert_lacks(R.e->device_args, "speed");
	assert_contains(R.e->device_args, "duplex=full");
}

/* ---- the steps one by one ------------------------------------------------------- */

static void test_mode_unknown_without_root(void **state)
{
	(void)state;
	/* 64 bytes of config space: no capability list, no VERSION_1 to prove modern */
	model("{'devices': [{'link': {'speed_mbps': null, 'duplex': null},"
	      " 'pci': {'device_id': 4096, 'config_size': 64, 'caps_state': 'need-root',"
	      " 'virtio_caps': null, 'msix': null, 'msix_present': null}}]}");
	model_features(R.doc, 0, "-VERSION_1 -RING_RESET -SPEED_DUPLEX");
	explain();
	unknowable("disable-modern", "needs root");
	unknowable("disable-legacy", "needs root");
	unknowable("vectors", "without root");
	assert_null(find("page-per-vq"));
}

static void test_version_1_proves_transitional(void **state)
{
	(void)state;
	/* unreadable capabilities, but VERSION_1 can only be negotiated through them */
	model("{'devices': [{'pci': {'device_id': 4096, 'config_size': 64,"
	      " 'caps_state': 'need-root', 'virtio_caps': null}}]}");
	explain();
	expect("disable-modern", VNET_CERTAIN, "off", true);
	expect("disable-legacy", VNET_CERTAIN, "off", true);
}

static void test_notify_capabilities(void **state)
{
	(void)state;
	model(NULL);
	explain();
	/* QEMU's notify_off_multiplier: 4 with page-per-vq=off (QEMU_VIRTIO_PCI_QUEUE_MEM_MULT) */
	expect("page-per-vq", VNET_CERTAIN, "off", true);
	expect("modern-pio-notify", VNET_CERTAIN, "off", true);
}

static void test_page_per_vq_and_pio_notify(void **state)
{
	(void)state;
	/*
	 * page-per-vq=on: the memory notify capability's multiplier is 4096;
	 * modern-pio-notify=on adds a second notify capability on an I/O BAR,
	 * multiplier 0.  QEMU adds it after the memory one and each capability
	 * goes to the head of the list, so a walk meets it first.
	 */
	model("{'devices': [{'pci': {'virtio_caps': ["
	      " {'position': 148, 'cfg_type': 5, 'bar': 0, 'id': 0, 'offset': 0, 'length': 0},"
	      " {'position': 132, 'cfg_type': 2, 'bar': 2, 'id': 0, 'offset': 0, 'length': 4,"
	      "  'notify_off_multiplier': 0},"
	      " {'position': 112, 'cfg_type': 2, 'bar': 4, 'id': 0, 'offset': 12288,"
	      "  'length': 16384, 'notify_off_multiplier': 4096},"
	      " {'position': 96, 'cfg_type': 4, 'bar': 4, 'id': 0, 'offset': 8192, 'length': 4096},"
	      " {'position': 80, 'cfg_type': 3, 'bar': 4, 'id': 0, 'offset': 4096, 'length': 4096},"
	      " {'position': 64, 'cfg_type': 1, 'bar': 4, 'id': 0, 'offset': 0, 'length': 4096}"
	      "]}}]}");
	explain();
	expect("modern-pio-notify", VNET_CERTAIN, "on", false);
	expect("page-per-vq", VNET_CERTAIN, "on", false);
	assert_contains(R.e->device_args, ",page-per-vq=on,modern-pio-notify=on");
}

static void test_page_per_vq(void **state)
{
	(void)state;
	model("{'devices': [{'pci': {'virtio_caps': [{}, {'notify_off_multiplier': 4096}]}}]}");
	explain();
	expect("page-per-vq", VNET_CERTAIN, "on", false);
	assert_contains(R.e->device_args, ",page-per-vq=on");
}

static void test_address_and_bus(void **state)
{
	(void)state;
	model("{'devices': [{'pci': {'slot': '0000:00:05.2'}}]}");
	explain();
	expect("addr", VNET_CERTAIN, "0x5.0x2", false);
	expect("bus", VNET_CERTAIN, "pcie.0", false);
	assert_contains(R.e->libvirt, "slot='0x05' function='0x2'");
}

static void test_bus_behind_a_bridge(void **state)
{
	(void)state;
	/* a conventional PCI bridge (i440FX, pci-bridge): its QEMU id is invisible */
	model("{'devices': [{'pci': {'slot': '0000:01:01.0', 'express': false,"
	      " 'parent': '0000:00:05.0'}}]}");
	explain();
	expect("addr", VNET_CERTAIN, "0x1", false);
	expect("bus", VNET_UNKNOWABLE, "<bridge>", false);
	assert_contains(prop("bus")->reason, "bridge at 0000:00:05.0");
	/* a line QEMU accepts once filled in, never addr=0x1 alone on the root bus */
	assert_contains(R.e->device_args, ",bus=<bridge>,addr=0x1,");
}

static void test_bus_behind_a_root_port(void **state)
{
	(void)state;
	/*
	 * q35: -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1
	 *      -device virtio-net-pci,bus=rp1: function 01:00.0 with a PCIe
	 * capability (QEMU adds one below a PCIe port only)
	 */
	model("{'devices': [{'pci': {'slot': '0000:01:00.0', 'express': true,"
	      " 'parent': '0000:00:01.0'}}]}");
	explain();
	expect("addr", VNET_CERTAIN, "0x0", false);
	expect("bus", VNET_UNKNOWABLE, "<root port>", false);
	assert_contains(prop("bus")->reason, "root port at 0000:00:01.0");
	assert_contains(R.e->device_args, ",bus=<root port>,addr=0x0,");
}

static void test_transitional_behind_a_pcie_port(void **state)
{
	(void)state;
	/* virtio-net-pci-transitional there: disable-legacy=auto would have said on */
	model("{'devices': [{'pci': {'slot': '0000:01:00.0', 'express': true,"
	      " 'parent': '0000:00:01.0', 'device_id': 4096, 'revision': 0,"
	      " 'legacy_io_bar': true}}]}");
	explain();
	expect("disable-legacy", VNET_CERTAIN, "off", false);
	assert_contains(R.e->device_args, ",disable-legacy=off");
	assert_contains(R.e->libvirt, "<model type='virtio-transitional'/>");
}

static void test_multifunction(void **state)
{
	(void)state;
	/* function 0 of a multifunction slot: QEMU refuses 0x5.0x1 without it */
	model("{'devices': [{'pci': {'slot': '0000:00:05.0', 'multifunction': true}}]}");
	explain();
	expect("multifunction", VNET_CERTAIN, "on", false);
	assert_contains(R.e->device_args, ",addr=0x5,multifunction=on,");
	assert_contains(R.e->libvirt, "function='0x0' multifunction='on'/>");
}

static void test_single_function(void **state)
{
	(void)state;
	model("{'devices': [{'pci': {'slot': '0000:00:05.1', 'multifunction': false}}]}");
	explain();
	expect("multifunction", VNET_CERTAIN, "off", true);
	assert_lacks(R.e->device_args, "multifunction");
	assert_lacks(R.e->libvirt, "multifunction");
}

static void test_libvirt_overrides(void **state)
{
	(void)state;
	/* every property libvirt has no attribute for is named, modern-pio-notify too */
	model("{'devices': [{'pci': {'virtio_caps': ["
	      " {'position': 148, 'cfg_type': 5, 'bar': 0, 'id': 0, 'offset': 0, 'length': 0},"
	      " {'position': 132, 'cfg_type': 2, 'bar': 2, 'id': 0, 'offset': 0, 'length': 4,"
	      "  'notify_off_multiplier': 0},"
	      " {'position': 112, 'cfg_type': 2, 'bar': 4, 'id': 0, 'offset': 12288,"
	      "  'length': 16384, 'notify_off_multiplier': 4},"
	      " {'position': 96, 'cfg_type': 4, 'bar': 4, 'id': 0, 'offset': 8192, 'length': 4096},"
	      " {'position': 80, 'cfg_type': 3, 'bar': 4, 'id': 0, 'offset': 4096, 'length': 4096},"
	      " {'position': 64, 'cfg_type': 1, 'bar': 4, 'id': 0, 'offset': 0, 'length': 4096}"
	      "]}}]}");
	model_features(R.doc, 0, "-CTRL_MAC_ADDR -GUEST_ANNOUNCE");
	explain();
	assert_contains(R.e->libvirt, "modern-pio-notify=on needs <qemu:override>");
	assert_contains(R.e->libvirt, "ctrl_mac_addr=off needs <qemu:override>");
	assert_contains(R.e->libvirt, "guest_announce=off needs <qemu:override>");
	assert_contains(R.e->libvirt, "vectors=10 needs <qemu:override>");
	assert_contains(R.e->libvirt, "speed=10000 needs <qemu:override>");
	/* what libvirt says itself is no override */
	assert_lacks(R.e->libvirt, "mq=on needs");
	assert_lacks(R.e->libvirt, "mac=");
	assert_lacks(R.e->libvirt, "disable-legacy=on needs");
}

static void test_bits_certain_and_inferred(void **state)
{
	(void)state;
	model(NULL);
	explain();
	/* negotiated: offered by the device, so the property was on (QEMU's default) */
	expect("ctrl_vq", VNET_CERTAIN, "on", true);
	expect("event_idx", VNET_CERTAIN, "on", true);
	/* mq defaults to off in QEMU */
	expect("mq", VNET_CERTAIN, "on", false);
	/* absent and accepted by Linux: not offered, off is QEMU's default for these */
	expect("iommu_platform", VNET_INFERRED, "off", true);
	expect("packed", VNET_INFERRED, "off", true);
	expect("rss", VNET_INFERRED, "off", true);
	expect("failover", VNET_INFERRED, "off", true);
}

static void test_bits_the_driver_never_takes(void **state)
{
	(void)state;
	model(NULL);
	explain();
	/* Linux virtio_net's feature table has neither: absence says nothing */
	unknowable("ctrl_rx_extra", "never accepts");
	unknowable("notify_on_empty", "never accepts");
	unknowable("guest_rsc_ext", "never accepts");
	/* GSO and ANY_LAYOUT are in the legacy table only */
	unknowable("gso", "legacy interface");
	unknowable("any_layout", "legacy interface");
}

static void test_bit_off_not_default(void **state)
{
	(void)state;
	model(NULL);
	model_features(R.doc, 0, "-EVENT_IDX");
	explain();
	expect("event_idx", VNET_INFERRED, "off", false);
	assert_contains(R.e->device_args, ",event_idx=off");
	assert_contains(R.e->libvirt, " event_idx='off'");
}

static void test_queue_reset_old_kernel(void **state)
{
	(void)state;
	/* Linux accepts RING_RESET from 6.0: on 5.15 its absence says nothing */
	model("{'system': {'kernel': '5.15.0-91-generic'}}");
	model_features(R.doc, 0, "-RING_RESET");
	explain();
	unknowable("queue_reset", "6.0");
}

static void test_queue_reset_machine_default(void **state)
{
	(void)state;
	/* hw_compat_7_1: queue_reset=off for machine types before 7.2 */
	model("{'system': {'machine': 'pc-q35-7.1'}}");
	model_features(R.doc, 0, "-RING_RESET");
	explain();
	expect("queue_reset", VNET_INFERRED, "off", true);
	assert_lacks(R.e->device_args, "queue_reset");
}

static void test_queue_reset_off_on_new_machine(void **state)
{
	(void)state;
	model("{'system': {'machine': 'pc-q35-7.2'}}");
	model_features(R.doc, 0, "-RING_RESET");
	explain();
	expect("queue_reset", VNET_INFERRED, "off", false);
	assert_contains(R.e->device_args, ",queue_reset=off");
}

static void test_uso_not_offered(void **state)
{
	(void)state;
	/* guest_uso4 and friends exist from QEMU 8.2 only: absence is no setting */
	model(NULL);
	explain();
	unknowable("guest_uso4", "8.2");
	unknowable("host_uso", "8.2");
}

static void test_queues_without_mq(void **state)
{
	(void)state;
	/* one queue pair: the netdev's queue count is invisible */
	model("{'devices': [{'channels': {'combined': 1, 'max_combined': 1}, 'queues': [{}]}]}");
	model_features(R.doc, 0, "-MQ");
	explain();
	expect("mq", VNET_INFERRED, "off", true);
	unknowable("queues", "without MQ");
	assert_string_equal(R.e->netdev_args, "-netdev <type>,id=<id>");
	assert_lacks(R.e->libvirt, "queues=");
}

static void test_ring_sizes(void **state)
{
	(void)state;
	/* rx_queue_size default 256; tx_queue_size is capped at 256 except vhost-user/vDPA */
	model("{'devices': [{'rings': {'rx': 1024, 'rx_max': 1024, 'tx': 256, 'tx_max': 256}}]}");
	explain();
	expect("rx_queue_size", VNET_CERTAIN, "1024", false);
	expect("tx_queue_size", VNET_INFERRED, "256", true);
	assert_contains(R.e->device_args, ",rx_queue_size=1024");
	assert_contains(R.e->libvirt, " rx_queue_size='1024'");
}

static void test_mac_and_backend(void **state)
{
	(void)state;
	model(NULL);
	explain();
	expect("mac", VNET_CERTAIN, "52:54:00:12:34:56", false);
	unknowable("vhost", "vhost-net");
	unknowable("type", NULL);
}

static void test_mac_without_feature(void **state)
{
	(void)state;
	/* without the MAC feature the driver makes up an address: not QEMU's */
	model(NULL);
	model_features(R.doc, 0, "-MAC");
	explain();
	assert_null(find("mac"));
}

static void test_features_unreadable(void **state)
{
	(void)state;
	model("{'devices': [{'features': null, 'status': null,"
	      " 'errors': {'features': 'permission denied'}}]}");
	explain_err(-ENODATA);
	assert_contains(vnet_ctx_error(R.ctx), "permission denied");
}

#define T(fn) cmocka_unit_test_teardown(fn, teardown)

/* ---- other VMMs: their own keys, no QEMU line (docs/vmms.md 4) -------------- */

/* The model on the VMM whose ACPI OEM id is @oem_id, without DMI (docs/vmms.md 2.1 row 1). */
static void on_vmm(const char *oem_id)
{
	char patch[160];

	snprintf(patch, sizeof(patch), "{'system': {'dmi': null, 'vendor': '', 'product': '', "
		 "'acpi_oem_id': '%s'}}", oem_id);
	model_patch(R.doc, patch);
}

/* The text "explain" prints for R.e. */
static char *printed(void)
{
	struct vnet_printer *p;
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	p = vnet_printer_new_text(out);
	assert_non_null(p);
	vnet_explanation_print(p, R.e);
	vnet_printer_free(p);
	fclose(out);
	return text;
}

/* Nothing of QEMU's or libvirt's language, neither in the object nor in its text. */
static void no_qemu_words(const struct vnet_explanation *e)
{
	static const char *const qemu[] = {
		"-device", "-netdev", "virtio-net-pci", "<interface", "<driver", "libvirt",
		"disable-legacy", "vectors", "host_mtu", "rx_queue_size",
	};
	char *text = printed();

	assert_string_equal(e->device_args, "");
	assert_string_equal(e->netdev_args, "");
	assert_string_equal(e->libvirt, "");
	for (size_t i = 0; i < sizeof(qemu) / sizeof(*qemu); i++) {
		if (strstr(text, qemu[i]) || strstr(e->vmm_config, qemu[i]))
			fail_msg("explain on %s says \"%s\":\n%s", vnet_vmm_name_str(e->vmm.name),
				 qemu[i], text);
		for (size_t k = 0; k < e->n; k++)
			assert_null(strstr(e->props[k].name, qemu[i]));
	}
	free(text);
}

/* Firecracker: the network-interface object; only guest_mac and mtu are visible (4.2). */
static void test_firecracker_network_interface(void **state)
{
	const struct vnet_explanation *e;
	const struct vnet_prop *p;
	char *text;

	(void)state;
	model(NULL);
	on_vmm("FIRECK");
	e = explain();
	assert_int_equal(e->vmm.name, VNET_VMM_FIRECRACKER);
	no_qemu_words(e);
	assert_string_equal(e->vmm_config, "{\"iface_id\": \"<iface_id>\", \"host_dev_name\": "
			    "\"<tap>\", \"guest_mac\": \"52:54:00:12:34:56\"}");
	p = find("guest_mac");
	assert_non_null(p);
	assert_int_equal(p->certainty, VNET_CERTAIN);
	/* MTU not negotiated in the model: unset, or a Firecracker without the field */
	p = find("mtu");
	assert_non_null(p);
	assert_int_equal(p->certainty, VNET_INFERRED);
	assert_int_equal(find("host_dev_name")->certainty, VNET_UNKNOWABLE);
	assert_null(find("mq"));
	text = printed();
	assert_non_null(strstr(text, "on Firecracker (high confidence)"));
	assert_non_null(strstr(text, "\"FIRECK\""));
	free(text);
}

static void test_firecracker_mtu(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	model("{'devices': [{'mtu': {'max': 9000}}]}");
	model_features(R.doc, 0, "+MTU -MAC");
	on_vmm("FIRECK");
	e = explain();
	no_qemu_words(e);
	assert_string_equal(e->vmm_config, "{\"iface_id\": \"<iface_id>\", \"host_dev_name\": "
			    "\"<tap>\", \"mtu\": 9000}");
	assert_int_equal(find("mtu")->certainty, VNET_CERTAIN);
	assert_string_equal(find("guest_mac")->value, "unset");
}

/* Cloud Hypervisor: --net keys; num_queues counts queues (2 per pair), 4.1. */
static void test_cloud_hypervisor_net(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	model(NULL);
	on_vmm("CLOUDH");
	e = explain();
	assert_int_equal(e->vmm.name, VNET_VMM_CLOUD_HYPERVISOR);
	no_qemu_words(e);
	assert_string_equal(find("num_queues")->value, "8");
	assert_int_equal(find("num_queues")->certainty, VNET_CERTAIN);
	/* MRG_RXBUF, which the built-in tap backend never offers: vhost-user */
	assert_string_equal(find("vhost_user")->value, "true");
	assert_int_equal(find("vhost_user")->certainty, VNET_INFERRED);
	assert_non_null(strstr(e->vmm_config, "--net tap=<tap>,mac=52:54:00:12:34:56,"));
	assert_non_null(strstr(e->vmm_config, "num_queues=8"));
	assert_null(strstr(e->vmm_config, "offload_csum"));	/* on: the default */
}

/* crosvm: --net vq-pairs counts pairs (4.3). */
static void test_crosvm_net(void **state)
{
	const struct vnet_explanation *e;

	(void)state;
	model(NULL);
	on_vmm("CROSVM");
	e = explain();
	assert_int_equal(e->vmm.name, VNET_VMM_CROSVM);
	no_qemu_words(e);
	assert_string_equal(find("vq-pairs")->value, "4");
	assert_non_null(strstr(e->vmm_config, "crosvm run --net tap-name=<tap>,"));
	assert_non_null(strstr(e->vmm_config, "vq-pairs=4"));
}

/*
 * Host bridge 8086:0d57 and nothing else: Cloud Hypervisor or Firecracker
 * (docs/vmms.md 2.1 row 4), QEMU excluded.  No language to guess: the virtio
 * features, and no command line of any VMM.
 */
static void test_unknown_vmm_not_qemu(void **state)
{
	const struct vnet_explanation *e;
	const struct vnet_prop *p;

	(void)state;
	model("{'system': {'dmi': null, 'vendor': '', 'product': '', "
	      "'host_bridge_vendor': 32902, 'host_bridge_device': 3415}}");
	e = explain();
	assert_int_equal(e->vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(e->vmm.candidates, 1u << VNET_VMM_CLOUD_HYPERVISOR |
			 1u << VNET_VMM_FIRECRACKER);
	no_qemu_words(e);
	assert_null(strstr(e->vmm_config, "--net"));
	assert_null(strstr(e->vmm_config, "iface_id"));
	assert_non_null(strstr(e->vmm_config, "VIRTIO_NET_F_MQ"));
	p = find("VIRTIO_NET_F_MQ");
	assert_non_null(p);
	assert_int_equal(p->certainty, VNET_CERTAIN);
	assert_string_equal(p->value, "offered");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_modern_default),
		T(test_transitional_mq4),
		T(test_intx_vectors_0),
		T(test_legacy_only),
		T(test_transitional_forced_legacy),
		T(test_legacy_hides_speed),
		T(test_host_mtu),
		T(test_host_mtu_unset),
		T(test_host_mtu_not_offered),
		T(test_host_mtu_below_linux_minimum),
		T(test_backend_without_vnet_hdr),
		T(test_one_offload_off),
		T(test_speed),
		T(test_speed_not_set),
		T(test_duplex_only),
		T(test_mode_unknown_without_root),
		T(test_version_1_proves_transitional),
		T(test_notify_capabilities),
		T(test_page_per_vq_and_pio_notify),
		T(test_page_per_vq),
		T(test_address_and_bus),
		T(test_bus_behind_a_bridge),
		T(test_bus_behind_a_root_port),
		T(test_transitional_behind_a_pcie_port),
		T(test_multifunction),
		T(test_single_function),
		T(test_libvirt_overrides),
		T(test_bits_certain_and_inferred),
		T(test_bits_the_driver_never_takes),
		T(test_bit_off_not_default),
		T(test_queue_reset_old_kernel),
		T(test_queue_reset_machine_default),
		T(test_queue_reset_off_on_new_machine),
		T(test_uso_not_offered),
		T(test_queues_without_mq),
		T(test_ring_sizes),
		T(test_mac_and_backend),
		T(test_mac_without_feature),
		T(test_features_unreadable),
		T(test_firecracker_network_interface),
		T(test_firecracker_mtu),
		T(test_cloud_hypervisor_net),
		T(test_crosvm_net),
		T(test_unknown_vmm_not_qemu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
