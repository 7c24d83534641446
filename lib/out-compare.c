// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-compare.c - one NIC as the host (QMP) and the guest see it, side by side
 *
 * "vnetctl --qmp SOCKET show --guest FILE": the two views are joined by MAC
 * and each fact both sides can know is compared.  Both sides fill the same
 * members of struct vnet_dev (the qmp backend puts QEMU's negotiated and
 * offered features, status, queue pairs and ring sizes where the guest puts
 * its own), so one reader per fact serves both.  A fact one side does not
 * know is neither agreement nor disagreement: null.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "internal.h"

enum fact_kind {
	FACT_MAC,
	FACT_BITS,
	FACT_STATUS,
	FACT_U32,
};

struct fact {
	const char *name;	/* JSON and text: "features.negotiated" */
	enum fact_kind kind;
	unsigned int group;	/* the VNET_FILL_* group it belongs to */
	size_t offset;		/* of the member in struct vnet_dev */
};

#define DEV_FACT(name, kind, group, member) { name, kind, group, offsetof(struct vnet_dev, member) }

/* The facts both views hold, in the order they are shown. */
static const struct fact facts[] = {
	DEV_FACT("mac", FACT_MAC, VNET_FILL_LINK, link.mac),
	DEV_FACT("features.negotiated", FACT_BITS, VNET_FILL_FEATURES, features.negotiated),
	DEV_FACT("features.offered", FACT_BITS, VNET_FILL_FEATURES, features.offered),
	DEV_FACT("status", FACT_STATUS, VNET_FILL_FEATURES, status),
	DEV_FACT("channels.max_combined", FACT_U32, VNET_FILL_CHANNELS, channels.max_combined),
	DEV_FACT("rings.rx", FACT_U32, VNET_FILL_RINGS, rings.rx),
	DEV_FACT("rings.tx", FACT_U32, VNET_FILL_RINGS, rings.tx),
	DEV_FACT("rings.rx_max", FACT_U32, VNET_FILL_RINGS, rings.rx_max),
	DEV_FACT("rings.tx_max", FACT_U32, VNET_FILL_RINGS, rings.tx_max),
};

static const void *member(const struct vnet_dev *dev, const struct fact *f)
{
	return (const char *)dev + f->offset;
}

/* Whether @dev knows fact @f. */
static bool knows(const struct vnet_dev *dev, const struct fact *f)
{
	if (!dev || !(dev->filled & f->group))
		return false;
	switch (f->kind) {
	case FACT_MAC:
		return *(const char *)member(dev, f);
	case FACT_BITS:
		return f->offset != offsetof(struct vnet_dev, features.offered) ||
		       dev->features.offered_known;
	case FACT_STATUS:
	case FACT_U32:
		return *(const uint32_t *)member(dev, f) != VNET_UNKNOWN;
	}
	return false;
}

static bool agree(const struct vnet_dev *a, const struct vnet_dev *b, const struct fact *f)
{
	const void *x = member(a, f), *y = member(b, f);

	switch (f->kind) {
	case FACT_MAC:
		return !strcasecmp(x, y);
	case FACT_BITS:
		return !memcmp(x, y, 2 * sizeof(uint64_t));
	case FACT_STATUS:
	case FACT_U32:
		return *(const uint32_t *)x == *(const uint32_t *)y;
	}
	return false;
}

static void words_of_bits(struct vnet_printer *p, const uint64_t *bits, const uint64_t *not_in,
			  enum vnet_print_to to)
{
	for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++) {
		char name[VNET_FEATURE_NAME_LEN];

		if (vnet_bit_test(bits, b) && (!not_in || !vnet_bit_test(not_in, b)))
			vnet_print_word(p, to, vnet_feature_name(b, name));
	}
}

/* One side's value: JSON under @key, text in a column of @width (0: the rest of the line). */
static void value(struct vnet_printer *p, const char *key, const struct vnet_dev *dev,
		  const struct fact *f, int width)
{
	const struct vnet_status_info *s;
	char text[64];
	unsigned int n = 0;

	if (!knows(dev, f)) {
		vnet_print_null(p, VNET_PRINT_JSON, key, "");
		vnet_print_fp(p, " %-*s", width, "?");
		return;
	}
	switch (f->kind) {
	case FACT_MAC:
		vnet_print_str(p, VNET_PRINT_JSON, key, NULL, member(dev, f));
		snprintf(text, sizeof(text), "%s", (const char *)member(dev, f));
		break;
	case FACT_U32:
		vnet_print_u32(p, VNET_PRINT_JSON, key, NULL, *(const uint32_t *)member(dev, f));
		snprintf(text, sizeof(text), "%u", *(const uint32_t *)member(dev, f));
		break;
	case FACT_STATUS:
		vnet_print_open_array(p, key);
		for (size_t i = 0; (s = vnet_status_at(i)); i++)
			if (*(const uint32_t *)member(dev, f) & s->mask)
				vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, s->name);
		vnet_print_close(p);
		snprintf(text, sizeof(text), "0x%02x", *(const uint32_t *)member(dev, f));
		break;
	case FACT_BITS:
		vnet_print_open_array(p, key);
		words_of_bits(p, member(dev, f), NULL, VNET_PRINT_JSON);
		vnet_print_close(p);
		for (unsigned int b = 0; b < VNET_FEATURE_BITS; b++)
			n += vnet_bit_test(member(dev, f), b);
		snprintf(text, sizeof(text), "%u feature%s", n, n == 1 ? "" : "s");
		break;
	}
	vnet_print_fp(p, " %-*s", width, text);
}

/* Text: what only one side has of a feature list. */
static void bits_difference(struct vnet_printer *p, const struct vnet_dev *host,
			    const struct vnet_dev *guest, const struct fact *f)
{
	static const char *const label[2] = { "host only:", "guest only:" };
	const uint64_t *h = member(host, f), *g = member(guest, f);

	for (int side = 0; side < 2; side++) {
		const uint64_t *a = side ? g : h, *b = side ? h : g;

		if (!((a[0] & ~b[0]) | (a[1] & ~b[1])))
			continue;
		vnet_print_fp(p, "    %-24s%-12s", "", label[side]);
		vnet_print_wrap_begin(p, 40, -1);
		words_of_bits(p, a, b, VNET_PRINT_FP);
		vnet_print_wrap_end(p, NULL);
	}
}

VNET_EXPORT const char *vnet_dev_pair_join(const struct vnet_dev *host,
					   const struct vnet_dev *guest)
{
	const char *mac = host && host->host ? host->host->mac : "";

	if (!*mac || !guest)
		return NULL;
	/* the device's own address first: a guest may have set another one */
	if (*guest->link.permanent_mac && !strcasecmp(guest->link.permanent_mac, mac))
		return "permanent_mac";
	if (*guest->link.mac && !strcasecmp(guest->link.mac, mac))
		return "mac";
	return NULL;
}

/* A side's whole device object (JSON only), null when there is none. */
static void side_json(struct vnet_printer *p, const char *key, const struct vnet_dev *dev)
{
	struct json_object *j = dev && vnet_printer_is_json(p) ? vnet_dev_to_json(dev) : NULL;

	if (j)
		vnet_print_json(p, key, j);
	else
		vnet_print_null(p, VNET_PRINT_JSON, key, "");
	json_object_put(j);
}

static const char *guest_label(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

VNET_EXPORT void vnet_dev_pair_print(struct vnet_printer *p, const struct vnet_dev *host,
				     const struct vnet_dev *guest)
{
	const char *joined = vnet_dev_pair_join(host, guest);
	unsigned int differ = 0;

	vnet_print_open_object(p, NULL);
	if (host && guest)
		vnet_print_fp(p, "%s (host, QMP) and %s (guest), joined by MAC %s\n",
			      host->host ? host->host->name : host->virtio_name, guest_label(guest),
			      host->host ? host->host->mac : "?");
	else if (host)
		vnet_print_fp(p, "%s (host, QMP): no guest device with MAC %s\n",
			      host->host ? host->host->name : host->virtio_name,
			      host->host && *host->host->mac ? host->host->mac : "?");
	else
		vnet_print_fp(p, "%s (guest): no host device with MAC %s\n", guest_label(guest),
			      *guest->link.mac ? guest->link.mac : "?");
	vnet_print_str(p, VNET_PRINT_JSON, "mac", NULL,
		       host && host->host && *host->host->mac ? host->host->mac :
		       guest && *guest->link.mac ? guest->link.mac : NULL);
	vnet_print_str(p, VNET_PRINT_JSON, "joined_by", NULL, joined);
	side_json(p, "host", host);
	side_json(p, "guest", guest);
	vnet_print_open_array(p, "facts");
	if (host && guest)
		vnet_print_fp(p, "    %-24s %-20s %-20s\n", "fact", "host", "guest");
	for (size_t i = 0; host && guest && i < ARRAY_SIZE(facts); i++) {
		const struct fact *f = &facts[i];
		bool both = knows(host, f) && knows(guest, f);
		bool same = both && agree(host, guest, f);

		vnet_print_open_object(p, NULL);
		vnet_print_fp(p, " %2s ", both && !same ? "!=" : "");
		vnet_print_str(p, VNET_PRINT_ANY, "fact", "%-24s", f->name);
		value(p, "host", host, f, 20);
		value(p, "guest", guest, f, 0);
		vnet_print_fp(p, "\n");
		if (both)
			vnet_print_bool(p, VNET_PRINT_JSON, "agree", NULL, same);
		else
			vnet_print_null(p, VNET_PRINT_JSON, "agree", "");
		if (both && !same && f->kind == FACT_BITS)
			bits_difference(p, host, guest, f);
		differ += both && !same;
		vnet_print_close(p);
	}
	vnet_print_close(p);
	vnet_print_open_array(p, "disagreements");
	for (size_t i = 0; host && guest && i < ARRAY_SIZE(facts); i++)
		if (knows(host, &facts[i]) && knows(guest, &facts[i]) &&
		    !agree(host, guest, &facts[i]))
			vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, facts[i].name);
	vnet_print_close(p);
	if (host && guest)
		vnet_print_fp(p, "    %u of %zu facts disagree\n", differ, ARRAY_SIZE(facts));
	vnet_print_close(p);
}
