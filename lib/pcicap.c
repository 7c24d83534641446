// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcicap.c - decode virtio-pci configuration space from raw bytes
 *
 * Pure functions over a byte buffer so that they can be unit tested and
 * fuzzed with arbitrary input: the walker never reads past the bytes it was
 * given and stops on loops, like pciutils' been_there[] guard.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "internal.h"

#define PCI_VENDOR_REDHAT_QUMRANET	0x1af4
#define PCI_STATUS_CAP_LIST		0x10
#define PCI_HEADER_END			0x40	/* capabilities start here */
#define PCI_BASE_ADDRESS_0		0x10
#define PCI_STD_NUM_BARS		6
#define PCI_BASE_ADDRESS_SPACE_IO	0x01
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_64	0x04
#define PCI_CAP_ID_VNDR			0x09
#define PCI_CAP_ID_MSIX			0x11
#define PCI_CAP_ID_EXP			0x10
#define PCI_HEADER_TYPE_MULTI_FUNCTION	0x80
#define PCI_MSIX_TABLE_SIZE_MASK	0x07ff
#define PCI_MSIX_ENABLE			0x8000

#define VIRTIO_PCI_CAP_LEN		16	/* struct virtio_pci_cap */
#define VIRTIO_PCI_NOTIFY_CAP_LEN	20	/* + notify_off_multiplier */
#define VIRTIO_PCI_CAP64_LEN		24	/* + offset_hi, length_hi */

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *const cap_names[] = {
	[VNET_CAP_COMMON] = "common",
	[VNET_CAP_NOTIFY] = "notify",
	[VNET_CAP_ISR] = "isr",
	[VNET_CAP_DEVICE] = "device",
	[VNET_CAP_PCI_CFG] = "pci-cfg",
	[VNET_CAP_SHARED_MEMORY] = "shared-memory",
	[VNET_CAP_VENDOR] = "vendor",
};

VNET_EXPORT const char *vnet_virtio_cap_name(unsigned int cfg_type)
{
	return cfg_type < ARRAY_SIZE(cap_names) ? cap_names[cfg_type] : NULL;
}

VNET_EXPORT const char *vnet_caps_state_name(enum vnet_caps_state state)
{
	switch (state) {
	case VNET_CAPS_OK:
		return "ok";
	case VNET_CAPS_NONE:
		return "none";
	case VNET_CAPS_NEED_ROOT:
		return "need-root";
	case VNET_CAPS_LOOP:
		return "loop";
	case VNET_CAPS_TRUNCATED:
		return "truncated";
	case VNET_CAPS_UNKNOWN:
		break;
	}
	return "unknown";
}

VNET_EXPORT const char *vnet_pci_mode_name(enum vnet_pci_mode mode)
{
	switch (mode) {
	case VNET_MODE_LEGACY:
		return "legacy";
	case VNET_MODE_TRANSITIONAL:
		return "transitional";
	case VNET_MODE_MODERN:
		return "modern";
	case VNET_MODE_UNKNOWN:
		break;
	}
	return "unknown";
}

/*
 * The BARs of a type 0 header by address space.  A register reading 0 is taken
 * as unimplemented (no size, so Linux maps nothing there); the upper half of a
 * 64-bit memory BAR is no BAR of its own.
 */
static void parse_bars(const uint8_t *cfg, struct vnet_pci *pci)
{
	for (unsigned int n = 0; n < PCI_STD_NUM_BARS; n++) {
		uint32_t reg = le32(cfg + PCI_BASE_ADDRESS_0 + 4 * n);

		if (!reg)
			continue;
		if (reg & PCI_BASE_ADDRESS_SPACE_IO) {
			pci->io_bars |= 1u << n;
			continue;
		}
		pci->mem_bars |= 1u << n;
		if ((reg & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64)
			n++;
	}
}

static void parse_virtio_cap(const uint8_t *cap, unsigned int pos, struct vnet_pci *pci)
{
	struct vnet_virtio_cap *vc;

	if (pci->n_virtio_caps >= VNET_MAX_VIRTIO_CAPS)
		return;
	vc = &pci->virtio_caps[pci->n_virtio_caps++];
	vc->position = pos;
	vc->cap_len = cap[2];
	vc->cfg_type = cap[3];
	vc->bar = cap[4];
	vc->id = cap[5];
	vc->offset = le32(cap + 8);
	vc->length = le32(cap + 12);
	vc->notify_off_multiplier = VNET_UNKNOWN;
	if (vc->cfg_type == VNET_CAP_NOTIFY && vc->cap_len >= VIRTIO_PCI_NOTIFY_CAP_LEN)
		vc->notify_off_multiplier = le32(cap + 16);
	if (vc->cfg_type == VNET_CAP_SHARED_MEMORY && vc->cap_len >= VIRTIO_PCI_CAP64_LEN) {
		vc->offset |= (uint64_t)le32(cap + 16) << 32;
		vc->length |= (uint64_t)le32(cap + 20) << 32;
	}
}

/*
 * Walk the standard capability list.  Anything that does not fit in @len is
 * either "need root" (Linux hands unprivileged readers the first 64 bytes
 * only, so every capability lies beyond reach) or a truncated/corrupt list.
 */
static enum vnet_caps_state walk_caps(const uint8_t *cfg, size_t len, struct vnet_pci *pci)
{
	bool been_there[256] = { false };
	bool virtio = le16(cfg) == PCI_VENDOR_REDHAT_QUMRANET;
	unsigned int pos;

	if (!(le16(cfg + 0x06) & PCI_STATUS_CAP_LIST))
		return VNET_CAPS_NONE;
	pos = cfg[0x34] & 0xfc;
	while (pos) {
		const uint8_t *cap = cfg + pos;
		unsigned int need;

		if (pos < PCI_HEADER_END)
			return VNET_CAPS_TRUNCATED;
		if (pos + 2 > len)
			return len <= PCI_HEADER_END ? VNET_CAPS_NEED_ROOT : VNET_CAPS_TRUNCATED;
		if (been_there[pos])
			return VNET_CAPS_LOOP;
		been_there[pos] = true;

		switch (cap[0]) {
		case PCI_CAP_ID_VNDR:
			if (!virtio)
				break;
			need = pos + 3 <= len ? cap[2] : VIRTIO_PCI_CAP_LEN;
			if (need < VIRTIO_PCI_CAP_LEN || pos + need > len)
				return VNET_CAPS_TRUNCATED;
			parse_virtio_cap(cap, pos, pci);
			break;
		case PCI_CAP_ID_MSIX:
			if (pos + 4 > len)
				return VNET_CAPS_TRUNCATED;
			pci->msix_present = VNET_TRI_YES;
			pci->msix_table_size = (le16(cap + 2) & PCI_MSIX_TABLE_SIZE_MASK) + 1;
			pci->msix_enabled = le16(cap + 2) & PCI_MSIX_ENABLE ? VNET_TRI_YES : VNET_TRI_NO;
			break;
		case PCI_CAP_ID_EXP:
			/* QEMU gives virtio-pci one only below a PCIe port, not on a root bus */
			pci->express = VNET_TRI_YES;
			break;
		}
		pos = cap[1] & 0xfc;
	}
	return VNET_CAPS_OK;
}

VNET_EXPORT int vnet_pci_parse_config(const uint8_t *cfg, size_t len, struct vnet_pci *pci)
{
	if (len < PCI_HEADER_END)
		return -EINVAL;
	pci->vendor_id = le16(cfg);
	pci->device_id = le16(cfg + 0x02);
	pci->revision = cfg[0x08];
	pci->class_code = cfg[0x0b] << 16 | cfg[0x0a] << 8 | cfg[0x09];
	pci->mem_bars = pci->io_bars = 0;
	if ((cfg[0x0e] & 0x7f) == 0) {	/* type 0 header: endpoint */
		pci->subsystem_vendor_id = le16(cfg + 0x2c);
		pci->subsystem_id = le16(cfg + 0x2e);
		pci->legacy_io_bar = cfg[0x10] & 1 ? VNET_TRI_YES : VNET_TRI_NO;
		parse_bars(cfg, pci);
	}
	pci->multifunction = cfg[0x0e] & PCI_HEADER_TYPE_MULTI_FUNCTION ?
			     VNET_TRI_YES : VNET_TRI_NO;
	pci->express = VNET_TRI_UNKNOWN;
	pci->config_size = len;
	pci->n_virtio_caps = 0;
	pci->msix_present = pci->msix_enabled = VNET_TRI_UNKNOWN;
	pci->msix_table_size = VNET_UNKNOWN;
	pci->caps_state = walk_caps(cfg, len, pci);
	if (pci->caps_state == VNET_CAPS_OK || pci->caps_state == VNET_CAPS_NONE) {
		if (pci->msix_present != VNET_TRI_YES) {
			pci->msix_present = VNET_TRI_NO;
			pci->msix_enabled = VNET_TRI_NO;
		}
		if (pci->express != VNET_TRI_YES)
			pci->express = VNET_TRI_NO;
	}
	return 0;
}

static bool has_cap(const struct vnet_pci *pci, unsigned int cfg_type)
{
	for (unsigned int i = 0; i < pci->n_virtio_caps; i++)
		if (pci->virtio_caps[i].cfg_type == cfg_type)
			return true;
	return false;
}

VNET_EXPORT enum vnet_pci_mode vnet_pci_classify(const struct vnet_pci *pci,
						 enum vnet_tri version_1)
{
	if (pci->vendor_id != PCI_VENDOR_REDHAT_QUMRANET)
		return VNET_MODE_UNKNOWN;
	if (pci->device_id >= 0x1040 && pci->device_id <= 0x107f)
		return VNET_MODE_MODERN;
	if (pci->device_id < 0x1000 || pci->device_id > 0x103f)
		return VNET_MODE_UNKNOWN;
	if (pci->caps_state == VNET_CAPS_OK || pci->caps_state == VNET_CAPS_NONE)
		return has_cap(pci, VNET_CAP_COMMON) ? VNET_MODE_TRANSITIONAL : VNET_MODE_LEGACY;
	/* A driver can only negotiate VERSION_1 through the modern interface. */
	if (version_1 == VNET_TRI_YES)
		return VNET_MODE_TRANSITIONAL;
	return VNET_MODE_UNKNOWN;
}

/*
 * The spec has the driver use the first capability of a type that it can use;
 * page-per-vq sets the multiplier of QEMU's memory notify region only (its PIO
 * notify capability always says 0), so the memory BAR decides.
 */
VNET_EXPORT const struct vnet_virtio_cap *vnet_pci_notify_cap(const struct vnet_pci *pci)
{
	const struct vnet_virtio_cap *common = NULL;
	bool types_known = pci->mem_bars | pci->io_bars;

	for (unsigned int i = 0; i < pci->n_virtio_caps && !common; i++)
		if (pci->virtio_caps[i].cfg_type == VNET_CAP_COMMON)
			common = &pci->virtio_caps[i];
	for (unsigned int i = 0; i < pci->n_virtio_caps; i++) {
		const struct vnet_virtio_cap *c = &pci->virtio_caps[i];

		if (c->cfg_type != VNET_CAP_NOTIFY || c->bar >= PCI_STD_NUM_BARS)
			continue;
		if (types_known ? pci->mem_bars >> c->bar & 1 : !common || c->bar == common->bar)
			return c;
	}
	return NULL;
}
