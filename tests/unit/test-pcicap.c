// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-pcicap.c - virtio PCI capability walker and mode classification
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vnet/vnet.h"
#include "pci-configs.h"

static struct vnet_pci parse(const uint8_t *cfg, size_t len)
{
	struct vnet_pci pci;

	memset(&pci, 0, sizeof(pci));
	assert_int_equal(vnet_pci_parse_config(cfg, len, &pci), 0);
	return pci;
}

static void expect_cap(const struct vnet_virtio_cap *c, unsigned int pos, unsigned int type,
		       unsigned int bar, uint64_t offset, uint64_t length)
{
	assert_int_equal(c->position, pos);
	assert_int_equal(c->cfg_type, type);
	assert_int_equal(c->bar, bar);
	assert_int_equal(c->offset, offset);
	assert_int_equal(c->length, length);
}

static void test_qemu_transitional(void **state)
{
	struct vnet_pci pci = parse(cfg_qemu_transitional, 256);

	(void)state;
	assert_int_equal(pci.vendor_id, 0x1af4);
	assert_int_equal(pci.device_id, 0x1000);
	assert_int_equal(pci.revision, 0);
	assert_int_equal(pci.subsystem_vendor_id, 0x1af4);
	assert_int_equal(pci.subsystem_id, 0x0001);
	assert_int_equal(pci.class_code, 0x020000);
	assert_int_equal(pci.caps_state, VNET_CAPS_OK);
	assert_int_equal(pci.legacy_io_bar, VNET_TRI_YES);
	assert_int_equal(pci.msix_present, VNET_TRI_YES);
	assert_int_equal(pci.msix_table_size, 4);
	assert_int_equal(pci.msix_enabled, VNET_TRI_YES);
	/* list order as the chain runs: 0x98 MSI-X is skipped, then 84 70 60 50 40 */
	assert_int_equal(pci.n_virtio_caps, 5);
	expect_cap(&pci.virtio_caps[0], 0x84, VNET_CAP_PCI_CFG, 0, 0, 0);
	expect_cap(&pci.virtio_caps[1], 0x70, VNET_CAP_NOTIFY, 4, 0x3000, 0x1000);
	assert_int_equal(pci.virtio_caps[1].notify_off_multiplier, 4);
	expect_cap(&pci.virtio_caps[2], 0x60, VNET_CAP_DEVICE, 4, 0x2000, 0x1000);
	expect_cap(&pci.virtio_caps[3], 0x50, VNET_CAP_ISR, 4, 0x1000, 0x1000);
	expect_cap(&pci.virtio_caps[4], 0x40, VNET_CAP_COMMON, 4, 0, 0x1000);
	assert_int_equal(pci.virtio_caps[4].notify_off_multiplier, VNET_UNKNOWN);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_YES), VNET_MODE_TRANSITIONAL);
	/* a transitional device driven through its legacy interface is still transitional */
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_NO), VNET_MODE_TRANSITIONAL);
}

static void test_qemu_legacy(void **state)
{
	struct vnet_pci pci = parse(cfg_qemu_legacy, 256);

	(void)state;
	assert_int_equal(pci.device_id, 0x1000);
	assert_int_equal(pci.caps_state, VNET_CAPS_OK);
	assert_int_equal(pci.n_virtio_caps, 0);
	assert_int_equal(pci.msix_present, VNET_TRI_YES);
	assert_int_equal(pci.msix_table_size, 4);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_NO), VNET_MODE_LEGACY);
}

static void test_qemu_modern_without_msix(void **state)
{
	struct vnet_pci pci = parse(cfg_qemu_modern_novectors, 256);

	(void)state;
	assert_int_equal(pci.device_id, 0x1041);
	assert_int_equal(pci.revision, 1);
	assert_int_equal(pci.subsystem_id, 0x1100);
	assert_int_equal(pci.legacy_io_bar, VNET_TRI_NO);
	assert_int_equal(pci.caps_state, VNET_CAPS_OK);
	assert_int_equal(pci.n_virtio_caps, 5);
	assert_int_equal(pci.msix_present, VNET_TRI_NO);
	assert_int_equal(pci.msix_enabled, VNET_TRI_NO);
	assert_int_equal(pci.msix_table_size, VNET_UNKNOWN);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_UNKNOWN), VNET_MODE_MODERN);
}

static void test_host_modern(void **state)
{
	struct vnet_pci pci = parse(cfg_host_modern, 256);

	(void)state;
	assert_int_equal(pci.n_virtio_caps, 5);
	expect_cap(&pci.virtio_caps[0], 0x40, VNET_CAP_COMMON, 0, 0, 0x38);
	expect_cap(&pci.virtio_caps[1], 0x50, VNET_CAP_ISR, 0, 0x2000, 1);
	expect_cap(&pci.virtio_caps[2], 0x60, VNET_CAP_DEVICE, 0, 0x4000, 0x1000);
	expect_cap(&pci.virtio_caps[3], 0x70, VNET_CAP_NOTIFY, 0, 0x6000, 0x1000);
	expect_cap(&pci.virtio_caps[4], 0x84, VNET_CAP_PCI_CFG, 0, 0, 0);
	assert_int_equal(pci.virtio_caps[4].cap_len, 0x14);
	assert_int_equal(pci.msix_table_size, 3);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_YES), VNET_MODE_MODERN);
}

/* What an unprivileged reader gets on Linux: the 64-byte header only. */
static void test_nonroot_header_only(void **state)
{
	struct vnet_pci pci = parse(cfg_qemu_transitional, 64);

	(void)state;
	assert_int_equal(pci.config_size, 64);
	assert_int_equal(pci.device_id, 0x1000);
	assert_int_equal(pci.caps_state, VNET_CAPS_NEED_ROOT);
	assert_int_equal(pci.n_virtio_caps, 0);
	assert_int_equal(pci.msix_present, VNET_TRI_UNKNOWN);
	assert_int_equal(pci.msix_table_size, VNET_UNKNOWN);
	/* VERSION_1 proves the modern interface exists; otherwise unknown */
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_YES), VNET_MODE_TRANSITIONAL);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_NO), VNET_MODE_UNKNOWN);
	/* the modern device id alone is enough */
	pci = parse(cfg_host_modern, 64);
	assert_int_equal(pci.caps_state, VNET_CAPS_NEED_ROOT);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_UNKNOWN), VNET_MODE_MODERN);
}

static void test_looped_chain(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci;

	(void)state;
	memcpy(cfg, cfg_qemu_transitional, sizeof(cfg));
	cfg[0x50 + 1] = 0x70;	/* isr -> notify, which leads back to 0x50 */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_LOOP);
	/* what was read before the loop is kept */
	assert_int_equal(pci.n_virtio_caps, 4);

	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0x40 + 1] = 0x40;	/* points at itself */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_LOOP);
	assert_int_equal(pci.n_virtio_caps, 1);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_YES), VNET_MODE_MODERN);
}

static void test_truncated(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci;

	(void)state;
	/* the buffer ends inside the chain */
	pci = parse(cfg_qemu_transitional, 0x90);
	assert_int_equal(pci.caps_state, VNET_CAPS_TRUNCATED);
	/* a vendor capability longer than the data */
	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0x98 - 0x98 + 0x84 + 2] = 0xf0;
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_TRUNCATED);
	/* a vendor capability shorter than struct virtio_pci_cap */
	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0x40 + 2] = 8;
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_TRUNCATED);
	/* a pointer into the standard header */
	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0x34] = 0x20;
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_TRUNCATED);
	assert_int_equal(pci.msix_present, VNET_TRI_UNKNOWN);
}

static void test_no_cap_list(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci;

	(void)state;
	memcpy(cfg, cfg_qemu_legacy, sizeof(cfg));
	cfg[0x06] &= ~0x10;	/* status: no capability list */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_NONE);
	assert_int_equal(pci.msix_present, VNET_TRI_NO);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_NO), VNET_MODE_LEGACY);
}

static void test_msix_disabled_and_64bit_shm(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci;

	(void)state;
	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0x98 + 3] &= ~0x80;	/* MSI-X enable bit */
	/* splice a 24-byte shared memory cap at 0xb0 between 0x84 and MSI-X at 0x98 */
	cfg[0x84 + 1] = 0xb0;
	cfg[0xb0] = 0x09;
	cfg[0xb0 + 1] = 0x98;
	cfg[0xb0 + 2] = 24;
	cfg[0xb0 + 3] = VNET_CAP_SHARED_MEMORY;
	cfg[0xb0 + 4] = 2;			/* bar */
	cfg[0xb0 + 5] = 7;			/* shmid */
	cfg[0xb0 + 9] = 0x10;			/* offset lo 0x1000 */
	cfg[0xb0 + 13] = 0x20;			/* length lo 0x2000 */
	cfg[0xb0 + 16] = 0x01;			/* offset hi 1 */
	cfg[0xb0 + 20] = 0x02;			/* length hi 2 */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.caps_state, VNET_CAPS_OK);
	assert_int_equal(pci.msix_enabled, VNET_TRI_NO);
	assert_int_equal(pci.n_virtio_caps, 6);
	assert_int_equal(pci.virtio_caps[5].cfg_type, VNET_CAP_SHARED_MEMORY);
	assert_int_equal(pci.virtio_caps[5].bar, 2);
	assert_int_equal(pci.virtio_caps[5].id, 7);
	assert_true(pci.virtio_caps[5].offset == 0x100001000ULL);
	assert_true(pci.virtio_caps[5].length == 0x200002000ULL);
	assert_int_equal(pci.msix_table_size, 3);
}

static void test_vendor_caps_of_other_vendors_ignored(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci;

	(void)state;
	memcpy(cfg, cfg_host_modern, sizeof(cfg));
	cfg[0] = 0x86;
	cfg[1] = 0x80;	/* Intel */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.n_virtio_caps, 0);
	assert_int_equal(pci.msix_table_size, 3);
	assert_int_equal(vnet_pci_classify(&pci, VNET_TRI_YES), VNET_MODE_UNKNOWN);
}

/*
 * Two notify caps with different multipliers: page-per-vq is told by the one
 * on the memory BAR, neither the first in the list (PIO, multiplier 0) nor
 * whichever comes last.
 */
static void test_two_notify_caps(void **state)
{
	uint8_t cfg[256];
	struct vnet_pci pci = parse(cfg_qemu_pio_notify, 256);
	const struct vnet_virtio_cap *n;

	(void)state;
	assert_int_equal(pci.caps_state, VNET_CAPS_OK);
	assert_int_equal(pci.n_virtio_caps, 6);
	expect_cap(&pci.virtio_caps[1], 0x84, VNET_CAP_NOTIFY, 2, 0, 4);
	assert_int_equal(pci.virtio_caps[1].notify_off_multiplier, 0);
	expect_cap(&pci.virtio_caps[2], 0x70, VNET_CAP_NOTIFY, 4, 0x3000, 0x400000);
	assert_int_equal(pci.virtio_caps[2].notify_off_multiplier, 0x1000);
	assert_int_equal(pci.io_bars, 1u << 0 | 1u << 2);
	assert_int_equal(pci.mem_bars, 1u << 4);
	n = vnet_pci_notify_cap(&pci);
	assert_non_null(n);
	assert_int_equal(n->position, 0x70);
	assert_int_equal(n->notify_off_multiplier, 0x1000);

	/* a model without config space (BAR types unknown): the common config's BAR */
	pci.mem_bars = pci.io_bars = 0;
	n = vnet_pci_notify_cap(&pci);
	assert_non_null(n);
	assert_int_equal(n->position, 0x70);

	/* both on memory BARs: the first in list order, not the last */
	memcpy(cfg, cfg_qemu_pio_notify, sizeof(cfg));
	cfg[0x18] = 0x08;	/* BAR2: 32-bit prefetchable memory */
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.mem_bars, 1u << 2 | 1u << 4);
	n = vnet_pci_notify_cap(&pci);
	assert_non_null(n);
	assert_int_equal(n->position, 0x84);
	assert_int_equal(n->notify_off_multiplier, 0);

	/* the other order: memory notify first, the I/O one last */
	memcpy(cfg, cfg_qemu_pio_notify, sizeof(cfg));
	cfg[0x98 + 1] = 0x70;	/* pci-cfg -> 70 -> 84 -> 60 */
	cfg[0x70 + 1] = 0x84;
	cfg[0x84 + 1] = 0x60;
	pci = parse(cfg, sizeof(cfg));
	assert_int_equal(pci.virtio_caps[2].position, 0x84);
	n = vnet_pci_notify_cap(&pci);
	assert_non_null(n);
	assert_int_equal(n->position, 0x70);

	/* a legacy device has none */
	pci = parse(cfg_qemu_legacy, 256);
	assert_null(vnet_pci_notify_cap(&pci));
}

/* A 64-bit memory BAR takes the next register as its upper half. */
static void test_bar_types(void **state)
{
	struct vnet_pci pci = parse(cfg_host_modern, 256);

	(void)state;
	assert_int_equal(pci.mem_bars, 1u << 0);
	assert_int_equal(pci.io_bars, 0);
	assert_int_equal(vnet_pci_notify_cap(&pci)->position, 0x70);
	pci = parse(cfg_qemu_transitional, 64);	/* the header is enough */
	assert_int_equal(pci.io_bars, 1u << 0);
	assert_int_equal(pci.mem_bars, 1u << 1 | 1u << 4);
}

static void test_short_input_rejected(void **state)
{
	struct vnet_pci pci;

	(void)state;
	assert_int_equal(vnet_pci_parse_config(cfg_host_modern, 63, &pci), -22);
}

/* Every prefix length of every capture must be handled without overrun (ASan checks). */
static void test_every_length(void **state)
{
	const uint8_t *cfgs[] = { cfg_qemu_transitional, cfg_qemu_legacy, cfg_qemu_modern_novectors,
				  cfg_host_modern, cfg_qemu_pio_notify };

	(void)state;
	for (size_t c = 0; c < sizeof(cfgs) / sizeof(cfgs[0]); c++) {
		for (size_t len = 64; len <= 256; len++) {
			struct vnet_pci pci;

			memset(&pci, 0, sizeof(pci));
			assert_int_equal(vnet_pci_parse_config(cfgs[c], len, &pci), 0);
			assert_true(pci.caps_state != VNET_CAPS_UNKNOWN);
			assert_true(pci.n_virtio_caps <= VNET_MAX_VIRTIO_CAPS);
		}
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vnet_virtio_cap_name(1), "common");
	assert_string_equal(vnet_virtio_cap_name(2), "notify");
	assert_string_equal(vnet_virtio_cap_name(3), "isr");
	assert_string_equal(vnet_virtio_cap_name(4), "device");
	/* the two lspci prints as <unknown> */
	assert_string_equal(vnet_virtio_cap_name(5), "pci-cfg");
	assert_string_equal(vnet_virtio_cap_name(9), "vendor");
	assert_string_equal(vnet_virtio_cap_name(8), "shared-memory");
	assert_null(vnet_virtio_cap_name(6));
	assert_null(vnet_virtio_cap_name(0));
	assert_null(vnet_virtio_cap_name(200));
	assert_string_equal(vnet_pci_mode_name(VNET_MODE_LEGACY), "legacy");
	assert_string_equal(vnet_pci_mode_name(VNET_MODE_TRANSITIONAL), "transitional");
	assert_string_equal(vnet_pci_mode_name(VNET_MODE_MODERN), "modern");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_transitional),
		cmocka_unit_test(test_qemu_legacy),
		cmocka_unit_test(test_qemu_modern_without_msix),
		cmocka_unit_test(test_host_modern),
		cmocka_unit_test(test_nonroot_header_only),
		cmocka_unit_test(test_looped_chain),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_no_cap_list),
		cmocka_unit_test(test_msix_disabled_and_64bit_shm),
		cmocka_unit_test(test_vendor_caps_of_other_vendors_ignored),
		cmocka_unit_test(test_two_notify_caps),
		cmocka_unit_test(test_bar_types),
		cmocka_unit_test(test_short_input_rejected),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
