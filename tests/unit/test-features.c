// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-features.c - feature bit table, sysfs "features" strings, status bits
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "vnet/vnet.h"

#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>

/*
 * Every VIRTIO_NET_F_*, VIRTIO_F_* and VIRTIO_RING_F_* macro of the kernel's
 * own uapi headers (linux-libc-dev), listed by the build with "cc -E -dM":
 * the numbers are the kernel's, not a copy of anything in lib/.  An alias
 * (VIRTIO_F_IOMMU_PLATFORM, defined as VIRTIO_F_ACCESS_PLATFORM) is the old
 * name of a bit that its current name already covers.
 */
static const struct {
	const char *macro;
	unsigned int bit;
	bool alias;
} kernel_bits[] = {
#define KF(m, alias) { #m, m, alias },
#include "kernel-features.h"
#undef KF
};
#define N_KERNEL (sizeof(kernel_bits) / sizeof(kernel_bits[0]))

/*
 * Bits newer than the installed uapi headers (Debian 12: Linux 6.1), by
 * their spec/uapi names; with newer headers they are checked twice, and
 * both lists must agree.
 */
static const struct {
	unsigned int bit;
	const char *name;
} newer_bits[] = {
	{ 30, "BAD_FEATURE" }, { 38, "NOTIFICATION_DATA" }, { 39, "NOTIF_CONFIG_DATA" },
	{ 41, "ADMIN_VQ" }, { 43, "SUSPEND" }, { 50, "DEVICE_STATS" }, { 51, "HASH_TUNNEL" },
	{ 52, "VQ_NOTF_COAL" }, { 54, "GUEST_USO4" }, { 55, "GUEST_USO6" }, { 56, "HOST_USO" },
	{ 59, "GUEST_HDRLEN" }, { 64, "RSS_CONTEXT" }, { 65, "GUEST_UDP_TUNNEL_GSO" },
	{ 66, "GUEST_UDP_TUNNEL_GSO_CSUM" }, { 67, "HOST_UDP_TUNNEL_GSO" },
	{ 68, "HOST_UDP_TUNNEL_GSO_CSUM" }, { 69, "OUT_NET_HEADER" }, { 70, "IPSEC" },
};
#define N_NEWER (sizeof(newer_bits) / sizeof(newer_bits[0]))

/* Every feature macro of the kernel's headers is in the table, with its bit. */
static void test_every_kernel_macro_known(void **state)
{
	size_t checked = 0;

	(void)state;
	for (size_t i = 0; i < N_KERNEL; i++) {
		const struct vnet_feature_info *f = vnet_feature_lookup(kernel_bits[i].bit);

		if (!f)
			fail_msg("%s (bit %u): no table entry", kernel_bits[i].macro,
				 kernel_bits[i].bit);
		assert_int_equal(f->bit, kernel_bits[i].bit);
		if (kernel_bits[i].alias)
			continue;
		f = vnet_feature_by_name(kernel_bits[i].macro);
		if (!f)
			fail_msg("%s: not found by name", kernel_bits[i].macro);
		if (f->bit != kernel_bits[i].bit)
			fail_msg("%s: table says bit %u, the kernel %u", kernel_bits[i].macro, f->bit,
				 kernel_bits[i].bit);
		assert_string_equal(f->macro, kernel_bits[i].macro);
		/* the short name is the macro without its prefix */
		assert_non_null(strstr(kernel_bits[i].macro, f->name));
		assert_string_equal(kernel_bits[i].macro + strlen(kernel_bits[i].macro) -
				    strlen(f->name), f->name);
		checked++;
	}
	/* an empty or broken extraction must not pass: Linux 6.1 has 40 */
	assert_true(checked >= 40);
	/* a few spot checks that the list really is the kernel's numbering */
	assert_int_equal(VIRTIO_NET_F_MQ, 22);
	assert_int_equal(vnet_feature_by_name("VIRTIO_NET_F_MQ")->bit, VIRTIO_NET_F_MQ);
	assert_int_equal(vnet_feature_by_name("VIRTIO_F_VERSION_1")->bit, VIRTIO_F_VERSION_1);
	assert_int_equal(vnet_feature_by_name("VIRTIO_RING_F_EVENT_IDX")->bit,
			 VIRTIO_RING_F_EVENT_IDX);
}

static bool in_kernel_list(unsigned int bit)
{
	for (size_t i = 0; i < N_KERNEL; i++)
		if (kernel_bits[i].bit == bit)
			return true;
	return false;
}

static void test_newer_bits_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_NEWER; i++) {
		const struct vnet_feature_info *f = vnet_feature_lookup(newer_bits[i].bit);

		if (!f)
			fail_msg("bit %u (%s): no table entry", newer_bits[i].bit, newer_bits[i].name);
		assert_int_equal(f->bit, newer_bits[i].bit);
		assert_string_equal(f->name, newer_bits[i].name);
		assert_ptr_equal(vnet_feature_by_name(newer_bits[i].name), f);
	}
}

/* Nothing in the table that neither the kernel nor the newer list knows. */
static bool in_spec_list(unsigned int bit)
{
	if (in_kernel_list(bit))
		return true;
	for (size_t i = 0; i < N_NEWER; i++)
		if (newer_bits[i].bit == bit)
			return true;
	return false;
}

/* Each of the 128 bits decodes alone, to its table name or BIT_<n>. */
static void test_every_bit_decodes(void **state)
{
	(void)state;
	for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
		char text[VNET_FEATURE_BITS + 2], want[16];
		uint64_t bits[2];
		unsigned int nbits;
		struct json_object *arr;
		const struct vnet_feature_info *f = vnet_feature_lookup(b);

		memset(text, '0', VNET_FEATURE_BITS);
		text[b] = '1';
		text[VNET_FEATURE_BITS] = '\n';
		text[VNET_FEATURE_BITS + 1] = '\0';
		assert_int_equal(vnet_features_parse(text, bits, &nbits), 0);
		assert_int_equal(nbits, 128);
		for (unsigned int o = 0; o < VNET_FEATURE_BITS; o++)
			assert_int_equal(vnet_bit_test(bits, o), o == b);
		assert_int_equal(f != NULL, in_spec_list(b));
		arr = vnet_features_to_json(bits, nbits);
		assert_int_equal(json_object_array_length(arr), 1);
		snprintf(want, sizeof(want), "BIT_%u", b);
		assert_string_equal(json_object_get_string(json_object_array_get_idx(arr, 0)),
				    f ? f->name : want);
		json_object_put(arr);
	}
}

static void test_table_entries_complete(void **state)
{
	const struct vnet_feature_info *f, *prev = NULL;

	(void)state;
	for (size_t i = 0; (f = vnet_feature_at(i)); i++) {
		assert_non_null(f->name);
		assert_non_null(f->macro);
		assert_non_null(f->meaning);
		assert_true(strlen(f->meaning) > 10);
		assert_non_null(strstr(f->macro, f->name));
		assert_true(!strncmp(f->macro, "VIRTIO_", 7));
		assert_true(f->bit < VNET_FEATURE_BITS);
		if (prev)
			assert_true(f->bit > prev->bit);	/* in bit order, no duplicates */
		prev = f;
	}
	assert_non_null(prev);
}

static void test_by_name_forms(void **state)
{
	(void)state;
	assert_int_equal(vnet_feature_by_name("mq")->bit, 22);
	assert_int_equal(vnet_feature_by_name("VIRTIO_NET_F_MQ")->bit, 22);
	assert_int_equal(vnet_feature_by_name("VIRTIO_F_VERSION_1")->bit, 32);
	assert_int_equal(vnet_feature_by_name("VIRTIO_RING_F_INDIRECT_DESC")->bit, 28);
	assert_null(vnet_feature_by_name("NO_SUCH_FEATURE"));
	/* the QEMU property column names what a user would change */
	assert_string_equal(vnet_feature_by_name("MQ")->qemu_property, "mq");
	assert_string_equal(vnet_feature_by_name("RING_PACKED")->qemu_property, "packed");
	assert_string_equal(vnet_feature_by_name("MTU")->qemu_property, "host_mtu");
	assert_string_equal(vnet_feature_by_name("ACCESS_PLATFORM")->qemu_property,
			    "iommu_platform");
}

/* sysfs "features" of Linux <= 6.16: 64 characters. From a Debian 6.1 guest. */
static void test_parse_64(void **state)
{
	const char *text = "1111010111111111111101110000110010000000100000000000000000000001\n";
	uint64_t bits[2];
	unsigned int nbits;

	(void)state;
	assert_int_equal(vnet_features_parse(text, bits, &nbits), 0);
	assert_int_equal(nbits, 64);
	assert_true(vnet_bit_test(bits, 0));	/* CSUM */
	assert_true(vnet_bit_test(bits, 22));	/* MQ */
	assert_false(vnet_bit_test(bits, 20));	/* CTRL_RX_EXTRA: Linux does not take it */
	assert_true(vnet_bit_test(bits, 32));	/* VERSION_1 */
	assert_true(vnet_bit_test(bits, 63));	/* SPEED_DUPLEX */
	assert_int_equal(bits[1], 0);
}

/* Linux >= 6.17: 128 characters.  The development machine's eth0 on 6.18. */
static void test_parse_128(void **state)
{
	const char *text = "11000101101110110000000000000100100000000000000000000000000000000"
			   "000000000000000000000000000000000000000000000000000000000000000\n";
	uint64_t bits[2];
	unsigned int nbits;
	const unsigned int set[] = { 0, 1, 5, 7, 8, 10, 11, 12, 14, 15, 29, 32 };
	unsigned int count = 0;

	(void)state;
	assert_int_equal(vnet_features_parse(text, bits, &nbits), 0);
	assert_int_equal(nbits, 128);
	for (unsigned int b = 0; b < 128; b++)
		count += vnet_bit_test(bits, b);
	assert_int_equal(count, sizeof(set) / sizeof(set[0]));
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		assert_true(vnet_bit_test(bits, set[i]));
	/* bits past 64 land in the second word */
	assert_int_equal(vnet_features_parse(
		"0000000000000000000000000000000000000000000000000000000000000000"
		"01", bits, &nbits), 0);
	assert_int_equal(nbits, 66);
	assert_true(vnet_bit_test(bits, 65));
	assert_int_equal(bits[0], 0);
	assert_int_equal(bits[1], 2);
}

static void test_parse_rejects(void **state)
{
	char text[200];
	uint64_t bits[2];
	unsigned int nbits;

	(void)state;
	assert_int_equal(vnet_features_parse("0102", bits, &nbits), -EINVAL);
	assert_int_equal(vnet_features_parse("01 1", bits, &nbits), -EINVAL);
	assert_int_equal(vnet_features_parse("01\n1", bits, &nbits), -EINVAL);
	memset(text, '0', 129);
	text[129] = '\0';
	assert_int_equal(vnet_features_parse(text, bits, &nbits), -EINVAL);
	assert_int_equal(vnet_features_parse("", bits, &nbits), 0);
	assert_int_equal(nbits, 0);
}

static void test_status_bits(void **state)
{
	const struct vnet_status_info *s;
	uint8_t seen = 0;

	(void)state;
	for (size_t i = 0; (s = vnet_status_at(i)); i++) {
		assert_int_equal(seen & s->mask, 0);
		seen |= s->mask;
		assert_non_null(s->meaning);
	}
	/* ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8, SUSPEND 0x10, NEEDS_RESET 0x40, FAILED 0x80 */
	assert_int_equal(seen, 0xdf);
	assert_string_equal(vnet_status_at(0)->name, "ACKNOWLEDGE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kernel_macro_known),
		cmocka_unit_test(test_newer_bits_named),
		cmocka_unit_test(test_every_bit_decodes),
		cmocka_unit_test(test_table_entries_complete),
		cmocka_unit_test(test_by_name_forms),
		cmocka_unit_test(test_parse_64),
		cmocka_unit_test(test_parse_128),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_status_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
