// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmm-lang.c - each VMM's own words for the settings a remedy asks for
 *
 * Remedies are typed actions whose keys are QEMU's property names (vnet.h,
 * struct vnet_action): QEMU is the one VMM that can switch nearly every
 * virtio-net feature.  This table says, for each such key and each other
 * VMM, whether that VMM has the setting and how it spells it, or that it
 * has none (the value is fixed in its code) and what to do instead.  Rows
 * are the feature table's bits where the key is a feature switch
 * (lib/features.c), so a bit is described once; the other keys (queues,
 * vectors, ring sizes...) have rows of their own.
 *
 * Sources: docs/vmms.md section 3 (what each VMM offers), 4 (configuration
 * vocabulary) and 5 (knobs not to suggest).  A VMM column left empty is
 * "not recorded": the remedy then names the virtio feature, not a guess.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SET(spell, ...)	{ VNET_KNOB_SETTING, spell, __VA_ARGS__ }
#define ELSEWHERE(why)	{ VNET_KNOB_ELSEWHERE, NULL, why }
#define NEVER(why)	{ VNET_KNOB_IMPOSSIBLE, NULL, why }

#define CHV	[VNET_VMM_CLOUD_HYPERVISOR]
#define FCV	[VNET_VMM_FIRECRACKER]
#define CVV	[VNET_VMM_CROSVM]

/* reasons used by several rows: docs/vmms.md 3, FC row (avail_features) */
#define FC_ONE_PAIR	"one rx and one tx queue, fixed: spread the load with RPS/XPS in " \
			"the guest"
#define FC_NO_CTRL_VQ	"no control queue: no runtime offload toggles, no " \
			"promiscuous/VLAN/MAC filtering through the device, no multiqueue"
#define FC_OFFLOADS	"offered always; nothing to set"
#define FC_RING		"rings are fixed at 256 descriptors"
#define CV_RING		"rings are fixed at 256 descriptors"
#define MODERN_ONLY	"modern (virtio 1.0) only"

struct row {
	unsigned int bit;		/* the feature whose qemu_property is the key ... */
	const char *key;		/* ... unless this, a key of no feature bit */
	const char *virtio;		/* key rows: the virtio words, %s the value */
	const char *name;		/* key rows: what it is, in a few words */
	struct vnet_vmm_knob vmm[VNET_VMM_NAMES];
};

static const struct row rows[] = {
	/* docs/vmms.md 5 "one queue pair, several vCPUs"; 4.1 num_queues counts queues */
	{ .key = "queues", .name = "queue pairs",
	  .virtio = "%s queue pairs (VIRTIO_NET_F_MQ, max_virtqueue_pairs)",
	  .vmm = { CHV = SET("num_queues", NULL, 2),
		   FCV = NEVER(FC_ONE_PAIR),
		   CVV = SET("vq-pairs", "not with vhost-net", 1) } },
	{ .bit = VNET_F_MQ,
	  .vmm = { CHV = ELSEWHERE("offered with any num_queues"),
		   FCV = NEVER(FC_ONE_PAIR),
		   CVV = ELSEWHERE("offered when vq-pairs is above 1") } },
	/* 2.2 FC: 3 vectors for rx, tx, config; 2.3 CH: num_queues + 2 [R] */
	{ .key = "vectors", .name = "MSI-X vectors",
	  .virtio = "an MSI-X table of %s entries",
	  .vmm = { CHV = ELSEWHERE("gives every queue and the configuration a vector of its own"),
		   FCV = NEVER("3 MSI-X vectors, fixed: rx, tx and configuration") } },
	/* 5 "no control queue" */
	{ .bit = VNET_F_CTRL_VQ,
	  .vmm = { CHV = ELSEWHERE("offered always"),
		   FCV = NEVER(FC_NO_CTRL_VQ),
		   CVV = ELSEWHERE("offered always") } },
	/* 5 "no indirect descriptors" */
	{ .bit = VNET_F_INDIRECT_DESC,
	  .vmm = { CHV = NEVER("never offered"), FCV = NEVER("never offered"),
		   CVV = NEVER("never offered") } },
	{ .bit = VNET_F_EVENT_IDX,
	  .vmm = { CHV = ELSEWHERE("offered always"), FCV = ELSEWHERE("offered always"),
		   CVV = ELSEWHERE("offered always") } },
	/* 5 "mergeable rx buffers absent" */
	{ .bit = VNET_F_MRG_RXBUF,
	  .vmm = { CHV = NEVER("the built-in tap backend never offers it (a vhost-user backend "
			       "may: vhost_user=on)"),
		   FCV = ELSEWHERE("offered since Firecracker 1.10: upgrade Firecracker"),
		   CVV = SET("mrg-rxbuf", NULL, 1, "true") } },
	/* 3: absent from every non-QEMU VMM's offered set */
	{ .bit = VNET_F_RING_RESET,
	  .vmm = { CHV = NEVER("never offered, rings cannot be resized"),
		   FCV = NEVER("never offered, rings cannot be resized") } },
	/* 5 "ring size below the wanted size" */
	{ .key = "rx_queue_size", .name = "rx ring size",
	  .virtio = "receive queues of %s descriptors",
	  .vmm = { CHV = SET("queue_size", NULL, 1), FCV = NEVER(FC_RING), CVV = NEVER(CV_RING) } },
	{ .key = "tx_queue_size", .name = "tx ring size",
	  .virtio = "transmit queues of %s descriptors",
	  .vmm = { CHV = SET("queue_size", NULL, 1), FCV = NEVER(FC_RING), CVV = NEVER(CV_RING) } },
	/* 5 "MTU not advertised"; 4.2 mtu is a newer field [R] */
	{ .bit = VNET_F_MTU,
	  .vmm = { CHV = SET("mtu", NULL, 1),
		   FCV = SET("mtu", "if this Firecracker has the field (1.16 and later); else "
			     "set the MTU in the guest and on the tap", 1),
		   CVV = ELSEWHERE("offers the tap's MTU: set it on the host's tap") } },
	/* 5 "link status", "speed/duplex" */
	{ .bit = VNET_F_STATUS,
	  .vmm = { CHV = ELSEWHERE("offered always"),
		   FCV = NEVER("no link status: the link is always up"),
		   CVV = NEVER("no link status") } },
	{ .key = "speed", .name = "link speed",
	  .virtio = "a link speed (VIRTIO_NET_F_SPEED_DUPLEX) of %s Mb/s",
	  .vmm = { CHV = NEVER("no speed or duplex"), FCV = NEVER("no speed or duplex"),
		   CVV = NEVER("no speed or duplex") } },
	{ .key = "duplex", .name = "duplex",
	  .virtio = "%s duplex (VIRTIO_NET_F_SPEED_DUPLEX)",
	  .vmm = { CHV = NEVER("no speed or duplex"), FCV = NEVER("no speed or duplex"),
		   CVV = NEVER("no speed or duplex") } },
	/* 2.2-2.4: the other VMMs' devices are modern-only */
	{ .bit = VNET_F_VERSION_1,
	  .vmm = { CHV = ELSEWHERE(MODERN_ONLY), FCV = ELSEWHERE(MODERN_ONLY),
		   CVV = ELSEWHERE(MODERN_ONLY) } },
	{ .key = "disable-legacy", .name = "legacy interface",
	  .virtio = "no legacy interface (modern only)",
	  .vmm = { CHV = ELSEWHERE(MODERN_ONLY), FCV = ELSEWHERE(MODERN_ONLY),
		   CVV = ELSEWHERE(MODERN_ONLY) } },
	/* 5 "TSO/checksum offload off"; 3 CH offload_* and crosvm's fixed set */
	{ .bit = VNET_F_CSUM,
	  .vmm = { CHV = SET("offload_csum", NULL, 1), FCV = ELSEWHERE(FC_OFFLOADS),
		   CVV = ELSEWHERE("offered always with a tap") } },
	{ .bit = VNET_F_GUEST_CSUM,
	  .vmm = { CHV = SET("offload_csum", NULL, 1), FCV = ELSEWHERE(FC_OFFLOADS),
		   CVV = ELSEWHERE("offered always with a tap") } },
	{ .bit = VNET_F_HOST_TSO4,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = ELSEWHERE("offered always with a tap") } },
	{ .bit = VNET_F_GUEST_TSO4,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = ELSEWHERE("offered always with a tap") } },
	{ .bit = VNET_F_HOST_TSO6,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = NEVER("never offered") } },
	{ .bit = VNET_F_GUEST_TSO6,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = NEVER("never offered") } },
	{ .bit = VNET_F_HOST_ECN,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = NEVER("never offered"), CVV = NEVER("never offered") } },
	{ .bit = VNET_F_GUEST_ECN,
	  .vmm = { CHV = SET("offload_tso", "with offload_csum=on", 1),
		   FCV = NEVER("never offered"), CVV = NEVER("never offered") } },
	{ .bit = VNET_F_HOST_UFO,
	  .vmm = { CHV = SET("offload_ufo", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = ELSEWHERE("offered always with a tap") } },
	{ .bit = VNET_F_GUEST_UFO,
	  .vmm = { CHV = SET("offload_ufo", "with offload_csum=on", 1),
		   FCV = ELSEWHERE(FC_OFFLOADS), CVV = ELSEWHERE("offered always with a tap") } },
	/* 5 "RSS / hash report / packed ring" */
	{ .bit = VNET_F_RING_PACKED,
	  .vmm = { CHV = NEVER("never offered"), FCV = NEVER("never offered"),
		   CVV = SET("packed-queue", NULL, 1, "true") } },
	{ .bit = VNET_F_GUEST_ANNOUNCE,
	  .vmm = { CHV = ELSEWHERE("offered always"), FCV = NEVER("never offered"),
		   CVV = NEVER("never offered") } },
};

/* The row of QEMU key @key: a feature's switch, or a key row. */
static const struct row *row_of(const char *key, const struct vnet_feature_info **feature)
{
	const struct vnet_feature_info *fi, *found = NULL;

	for (size_t i = 0; (fi = vnet_feature_at(i)) && !found; i++)
		if (fi->qemu_property && !strcmp(fi->qemu_property, key))
			found = fi;
	*feature = found;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (rows[i].key ? !strcmp(rows[i].key, key) : found && rows[i].bit == found->bit)
			return &rows[i];
	}
	return NULL;
}

VNET_EXPORT const struct vnet_vmm_knob *vnet_vmm_knob(enum vnet_vmm_name vmm, const char *key)
{
	static const struct vnet_vmm_knob qemu = { VNET_KNOB_SETTING, NULL, NULL, 1, NULL };
	static const struct vnet_vmm_knob unrecorded = { VNET_KNOB_UNRECORDED };
	const struct vnet_feature_info *fi;
	const struct row *r;

	if (vmm == VNET_VMM_QEMU)
		return &qemu;	/* the keys are QEMU's own */
	if ((unsigned int)vmm >= VNET_VMM_NAMES || !key || !(r = row_of(key, &fi)))
		return &unrecorded;
	return &r->vmm[vmm];
}

VNET_EXPORT const char *vnet_vmm_virtio_words(const char *key, char *buf, size_t size,
					      const char *value)
{
	const struct vnet_feature_info *fi = NULL;
	const struct row *r = key ? row_of(key, &fi) : NULL;

	if (r && r->key) {
		/* the table's words with the value in place of their one %s */
		const char *at = strstr(r->virtio, "%s");

		snprintf(buf, size, "%.*s%s%s", (int)(at - r->virtio), r->virtio, value, at + 2);
	}
	else if (fi)
		snprintf(buf, size, "%s", fi->macro);
	else
		return NULL;
	return buf;
}

VNET_EXPORT const char *vnet_vmm_knob_name(const char *key)
{
	const struct vnet_feature_info *fi = NULL;
	const struct row *r = key ? row_of(key, &fi) : NULL;

	if (r && r->key)
		return r->name;
	return fi ? fi->name : key;
}

VNET_EXPORT const char *vnet_vmm_label(enum vnet_vmm_name vmm)
{
	static const char *const labels[VNET_VMM_NAMES] = {
		[VNET_VMM_UNKNOWN] = "the VMM",
		[VNET_VMM_QEMU] = "QEMU",
		[VNET_VMM_CLOUD_HYPERVISOR] = "Cloud Hypervisor",
		[VNET_VMM_FIRECRACKER] = "Firecracker",
		[VNET_VMM_CROSVM] = "crosvm",
		[VNET_VMM_OTHER] = "the VMM",
	};

	return (unsigned int)vmm < VNET_VMM_NAMES ? labels[vmm] : labels[VNET_VMM_UNKNOWN];
}
