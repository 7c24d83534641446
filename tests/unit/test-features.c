// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-features.c - feature bit table, sysfs "features" strings, status bits
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "vnet/vnet.h"

/* Independent list of the spec/uapi numbers the table must carry. */
static const struct {
	unsigned int bit;
	const char *name;
} spec_bits[] = {
	{ 0, "CSUM" }, { 1, "GUEST_CSUM" }, { 2, "CTRL_GUEST_OFFLOADS" }, { 3, "MTU" },
	{ 5, "MAC" }, { 6, "GSO" }, { 7, "GUEST_TSO4" }, { 8, "GUEST_TSO6" }, { 9, "GUEST_ECN" },
	{ 10, "GUEST_UFO" }, { 11, "HOST_TSO4" }, { 12, "HOST_TSO6" }, { 13, "HOST_ECN" },
	{ 14, "HOST_UFO" }, { 15, "MRG_RXBUF" }, { 16, "STATUS" }, { 17, "CTRL_VQ" },
	{ 18, "CTRL_RX" }, { 19, "CTRL_VLAN" }, { 20, "CTRL_RX_EXTRA" }, { 21, "GUEST_ANNOUNCE" },
	{ 22, "MQ" }, { 23, "CTRL_MAC_ADDR" }, { 24, "NOTIFY_ON_EMPTY" }, { 27, "ANY_LAYOUT" },
	{ 28, "INDIRECT_DESC" }, { 29, "EVENT_IDX" }, { 30, "BAD_FEATURE" }, { 32, "VERSION_1" },
	{ 33, "ACCESS_PLATFORM" }, { 34, "RING_PACKED" }, { 35, "IN_ORDER" },
	{ 36, "ORDER_PLATFORM" }, { 37, "SR_IOV" }, { 38, "NOTIFICATION_DATA" },
	{ 39, "NOTIF_CONFIG_DATA" }, { 40, "RING_RESET" }, { 41, "ADMIN_VQ" }, { 43, "SUSPEND" },
	{ 50, "DEVICE_STATS" }, { 51, "HASH_TUNNEL" }, { 52, "VQ_NOTF_COAL" },
	{ 53, "NOTF_COAL" }, { 54, "GUEST_USO4" }, { 55, "GUEST_USO6" }, { 56, "HOST_USO" },
	{ 57, "HASH_REPORT" }, { 59, "GUEST_HDRLEN" }, { 60, "RSS" }, { 61, "RSC_EXT" },
	{ 62, "STANDBY" }, { 63, "SPEED_DUPLEX" }, { 64, "RSS_CONTEXT" },
	{ 65, "GUEST_UDP_TUNNEL_GSO" }, { 66, "GUEST_UDP_TUNNEL_GSO_CSUM" },
	{ 67, "HOST_UDP_TUNNEL_GSO" }, { 68, "HOST_UDP_TUNNEL_GSO_CSUM" },
	{ 69, "OUT_NET_HEADER" }, { 70, "IPSEC" },
};

static void test_every_spec_bit_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spec_bits) / sizeof(spec_bits[0]); i++) {
		const struct vnet_feature_info *f = vnet_feature_lookup(spec_bits[i].bit);

		assert_non_null(f);
		assert_int_equal(f->bit, spec_bits[i].bit);
		assert_string_equal(f->name, spec_bits[i].name);
		assert_ptr_equal(vnet_feature_by_name(spec_bits[i].name), f);
	}
}

static bool in_spec_list(unsigned int bit)
{
	for (size_t i = 0; i < sizeof(spec_bits) / sizeof(spec_bits[0]); i++)
		if (spec_bits[i].bit == bit)
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
		cmocka_unit_test(test_every_spec_bit_named),
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
