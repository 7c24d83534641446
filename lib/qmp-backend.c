// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * qmp-backend.c - the "qmp" backend: a VM's virtio-net devices as its QEMU sees them
 *
 * Run on the host, against the VM's QMP socket (vnetctl --qmp SOCKET,
 * "qmp.socket", VNET_QMP).  QEMU 7.2's x-query-virtio* commands say what no
 * guest tool can see: whether vhost runs, what the device offered and the
 * driver refused, and every virtqueue's indices (qapi/virtio.json,
 * hw/virtio/virtio.c).  The model's groups are filled with the device's own
 * facts where they are the same fact (negotiated and offered features, the
 * status byte, the MAC, ring sizes, queue pairs); the guest's facts
 * (interfaces, offloads, interrupts, counters) are failed groups with the
 * reason, never guessed.  Everything else is struct vnet_host.
 *
 * Every value from the peer is checked: types, ranges (indices are 16-bit,
 * rings at most 32768, at most VIRTIO_QUEUE_MAX virtqueues), and strings
 * against the characters QEMU uses in them.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "internal.h"
#include "qmp.h"

/* QEMU's VIRTIO_QUEUE_MAX: no virtio device has more virtqueues */
#define HOST_MAX_VQS		1024u
/* the virtio spec's largest split ring (Queue Size is 16 bits, at most 32768) */
#define HOST_MAX_RING		32768u
#define HOST_MAX_IDX		0xffffu
/* MAC_TABLE_ENTRIES (64) in QEMU's virtio-net; VLANs: 4096 ids */
#define HOST_MAX_MACS		64u
#define HOST_MAX_VLANS		4096u

struct qmp_backend {
	struct vnet_qmp *q;
	struct json_object *network;	/* "info network" of the last scan */
};


static struct qmp_backend *backend(struct vnet_ctx *ctx)
{
	return ctx->backend_priv;
}

VNET_EXPORT const char *vnet_host_vq_kind_name(enum vnet_host_vq_kind kind)
{
	switch (kind) {
	case VNET_HOST_VQ_RX:
		return "rx";
	case VNET_HOST_VQ_TX:
		return "tx";
	case VNET_HOST_VQ_CTRL:
		return "ctrl";
	}
	return "?";
}

void vnet_host_vq_label(enum vnet_host_vq_kind kind, uint32_t pair, char label[16])
{
	if (kind == VNET_HOST_VQ_CTRL)
		snprintf(label, 16, "ctrl");
	else
		snprintf(label, 16, "%s%u", vnet_host_vq_kind_name(kind), pair);
}

void vnet_host_free(struct vnet_host *host)
{
	if (!host)
		return;
	free(host->queues);
	free(host->rx_filter.unicast_table);
	free(host->rx_filter.multicast_table);
	free(host->rx_filter.vlan_table);
	free(host);
}

/* ---- typed reads of the peer's objects ------------------------------------------- */

/* Where a value came from, for messages: "x-query-virtio-status net0". */
struct where {
	struct vnet_ctx *ctx;
	const char *what;
};

static int bad(const struct where *w, const char *key, const char *expected)
{
	return vnet_set_error(w->ctx, -EPROTO, "qmp: %s: %s is not %s", w->what, key, expected);
}

/* A member that must be there (@opt false) or may be absent (then *@out keeps its value). */
static int get_u64(const struct where *w, struct json_object *o, const char *key, uint64_t max,
		   bool opt, uint64_t *out)
{
	struct json_object *v;
	char expected[64];

	/*
	 * json-c saturates a larger number to 2^64-1 without a trace: that
	 * value cannot be told from an overflow, so it is out of range too
	 * (no QEMU member is all ones: a bitmap's named bits are not in its
	 * "unknown" part).
	 */
	if (max == UINT64_MAX)
		max = UINT64_MAX - 1;
	snprintf(expected, sizeof(expected), "a number from 0 to %llu", (unsigned long long)max);
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return opt ? 0 : bad(w, key, expected);
	if (!json_object_is_type(v, json_type_int))
		return bad(w, key, expected);
	/* json-c keeps an integer above INT64_MAX as unsigned; below 0 as signed */
	if (json_object_get_int64(v) < 0 || json_object_get_uint64(v) > max)
		return bad(w, key, expected);
	*out = json_object_get_uint64(v);
	return 0;
}

static int get_u32(const struct where *w, struct json_object *o, const char *key, uint32_t max,
		   bool opt, uint32_t *out)
{
	uint64_t v = *out;
	int err = get_u64(w, o, key, max, opt, &v);

	if (!err)
		*out = (uint32_t)v;
	return err;
}

static int get_tri(const struct where *w, struct json_object *o, const char *key,
		   enum vnet_tri *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;	/* absent: unknown */
	if (!json_object_is_type(v, json_type_boolean))
		return bad(w, key, "true or false");
	*out = json_object_get_boolean(v) ? VNET_TRI_YES : VNET_TRI_NO;
	return 0;
}

/* A MAC as QEMU prints them; "" (unknown) for anything else. */
static void get_mac(struct json_object *o, const char *key, char out[18])
{
	struct json_object *v;

	*out = '\0';
	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) &&
	    vnet_qmp_is_mac(json_object_get_string(v)))
		memcpy(out, json_object_get_string(v), 18);
}

/* ---- features: QEMU's names back to bits, through the feature table ---------------- */

/*
 * QEMU 7.2 decodes feature bitmaps into "VIRTIO_NET_F_MQ: Multiqueue ..."
 * strings (qmp_decode_features()).  The feature table knows the spec's
 * macros; these are QEMU's other spellings of bits, no second table of
 * features: the bit is named by the table (or "BIT_<n>") when printed.
 */
static const struct {
	const char *qemu;
	unsigned int bit;
} qemu_spellings[] = {
	{ "VIRTIO_F_IOMMU_PLATFORM", VNET_F_ACCESS_PLATFORM },	/* Linux's old name */
	/*
	 * Not here: VHOST_USER_F_PROTOCOL_FEATURES (bit 30, which the table
	 * names BAD_FEATURE, QEMU's other use of it) and VHOST_F_LOG_ALL (26):
	 * vhost's bits, listed as QEMU spells them ("unmapped").
	 */
};

static int feature_bit(const char *macro)
{
	const struct vnet_feature_info *fi = vnet_feature_by_name(macro);

	if (fi && !strcmp(fi->macro, macro))
		return fi->bit;
	for (size_t i = 0; i < ARRAY_SIZE(qemu_spellings); i++)
		if (!strcmp(qemu_spellings[i].qemu, macro))
			return qemu_spellings[i].bit;
	return -1;
}

/* One list of "MACRO: description" strings into @bits; unknown macros to host->unmapped. */
static int decode_names(const struct where *w, struct json_object *list, const char *key,
			uint64_t bits[2], struct vnet_host *host)
{
	if (!list)
		return 0;
	if (!json_object_is_type(list, json_type_array) ||
	    json_object_array_length(list) > VNET_FEATURE_BITS)
		return bad(w, key, "a list of at most 128 feature names");
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *s = json_object_array_get_idx(list, i);
		char macro[48];
		size_t n;
		int bit;

		if (!json_object_is_type(s, json_type_string))
			return bad(w, key, "a list of feature names");
		n = strspn(json_object_get_string(s), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!n || n >= sizeof(macro) || (json_object_get_string(s)[n] != ':' &&
						 json_object_get_string(s)[n] != '\0'))
			return bad(w, key, "a list of feature names (\"VIRTIO_NET_F_MQ: ...\")");
		memcpy(macro, json_object_get_string(s), n);
		macro[n] = '\0';
		bit = feature_bit(macro);
		if (bit >= 0) {
			bits[bit / 64] |= 1ULL << (bit % 64);
			continue;
		}
		/* said once, however many of the three sets name it */
		for (unsigned int u = 0; u < host->n_unmapped; u++)
			if (!strcmp(host->unmapped[u], macro))
				goto next;
		if (host->n_unmapped < ARRAY_SIZE(host->unmapped))
			memcpy(host->unmapped[host->n_unmapped++], macro, n + 1);
next:;
	}
	return 0;
}

/* A VirtioDeviceFeatures object {transports, dev-features?, unknown-dev-features?}. */
static int decode_features(const struct where *w, struct json_object *st, const char *key,
			   uint64_t bits[2], struct vnet_host *host)
{
	struct json_object *f, *t = NULL, *d = NULL;
	uint64_t unknown = 0;
	char k[64];
	int err;

	bits[0] = bits[1] = 0;
	if (!json_object_object_get_ex(st, key, &f) || !json_object_is_type(f, json_type_object))
		return bad(w, key, "an object of feature names");
	json_object_object_get_ex(f, "transports", &t);
	json_object_object_get_ex(f, "dev-features", &d);
	snprintf(k, sizeof(k), "%s.transports", key);
	err = decode_names(w, t, k, bits, host);
	snprintf(k, sizeof(k), "%s.dev-features", key);
	if (!err)
		err = decode_names(w, d, k, bits, host);
	/* the bits QEMU has no name for, as a number */
	if (!err) {
		char what[192];
		struct where in = { w->ctx, what };

		snprintf(what, sizeof(what), "%s: %s", w->what, key);
		err = get_u64(&in, f, "unknown-dev-features", UINT64_MAX, true, &unknown);
	}
	bits[0] |= unknown;
	return err;
}

/* VirtioDeviceStatus {statuses: ["VIRTIO_CONFIG_S_DRIVER_OK: ...", ...], unknown-statuses?} */
static int decode_status(const struct where *w, struct json_object *st, uint32_t *status)
{
	struct json_object *o, *list;
	const struct vnet_status_info *si;
	uint32_t unknown = 0;

	if (!json_object_object_get_ex(st, "status", &o) ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "statuses", &list) ||
	    !json_object_is_type(list, json_type_array) || json_object_array_length(list) > 8)
		return bad(w, "status", "a list of at most 8 status names");
	*status = 0;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *s = json_object_array_get_idx(list, i);
		const char *name = json_object_is_type(s, json_type_string) ?
					   json_object_get_string(s) : "";
		size_t j;

		if (strncmp(name, "VIRTIO_CONFIG_S_", 16))
			return bad(w, "status", "a list of VIRTIO_CONFIG_S_ names");
		name += 16;
		for (j = 0; (si = vnet_status_at(j)); j++) {
			size_t n = strlen(si->name);

			if (!strncmp(name, si->name, n) && (name[n] == ':' || !name[n]))
				break;
		}
		if (!si)
			return bad(w, "status", "a list of the virtio spec's status names");
		*status |= si->mask;
	}
	if (get_u32(w, o, "unknown-statuses", 0xff, true, &unknown))
		return -EPROTO;
	*status |= unknown;
	return 0;
}

/* ---- reading one device ----------------------------------------------------------- */

/* One x-query-virtio-* question about @path (and @queue unless < 0): its reply object. */
static int query(const struct where *w, struct vnet_qmp *q, const char *command,
		 const char *path, int queue, struct json_object **ret)
{
	struct json_object *args = json_object_new_object();
	int err;

	json_object_object_add(args, "path", json_object_new_string(path));
	if (queue >= 0)
		json_object_object_add(args, "queue", json_object_new_int(queue));
	err = vnet_qmp_command(q, command, args, ret);
	if (err || json_object_is_type(*ret, json_type_object))
		return err;
	json_object_put(*ret);
	*ret = NULL;
	return vnet_set_error(w->ctx, -EPROTO, "qmp: %s: the reply is not an object", w->what);
}

static int read_vhost_dev(const struct where *w, struct json_object *st, struct vnet_host *host)
{
	struct json_object *v;
	struct vnet_host_vhost *vh = &host->vhost;
	int err;

	memset(vh, 0, sizeof(*vh));
	if (!json_object_object_get_ex(st, "vhost-dev", &v))
		return 0;
	if (!json_object_is_type(v, json_type_object))
		return bad(w, "vhost-dev", "an object");
	err = get_u32(w, v, "nvqs", HOST_MAX_VQS, false, &vh->nvqs);
	if (!err)
		err = get_u32(w, v, "vq-index", HOST_MAX_VQS, false, &vh->vq_index);
	vh->max_queues = VNET_UNKNOWN;
	if (!err)
		err = get_u32(w, v, "max-queues", VNET_UNKNOWN - 1, true, &vh->max_queues);
	if (!err)
		err = get_u64(w, v, "features", UINT64_MAX, false, &vh->features);
	if (!err)
		err = get_u64(w, v, "acked-features", UINT64_MAX, false, &vh->acked_features);
	vh->known = !err;
	return err;
}

static int read_queue(struct vnet_qmp *q, struct vnet_host *host, unsigned int i)
{
	struct vnet_host_queue *hq = &host->queues[i];
	char what[256];
	struct where w = { vnet_qmp_ctx(q), what };
	struct json_object *st;
	uint32_t index = VNET_UNKNOWN;
	uint64_t ignore;
	int err;

	snprintf(what, sizeof(what), "x-query-virtio-queue-status %s queue %u", host->name, i);
	err = query(&w, q, "x-query-virtio-queue-status", host->virtio_path, i, &st);
	if (err)
		return err;
	hq->last_avail_idx = hq->shadow_avail_idx = VNET_UNKNOWN;
	hq->signalled_used_valid = VNET_TRI_UNKNOWN;
	err = get_u32(&w, st, "queue-index", HOST_MAX_VQS - 1, false, &index);
	if (!err && index != i)
		err = bad(&w, "queue-index", "the queue asked for");
	if (!err)
		err = get_u32(&w, st, "vring-num", HOST_MAX_RING, false, &hq->vring_num);
	if (!err)
		err = get_u32(&w, st, "vring-num-default", HOST_MAX_RING, false,
			      &hq->vring_num_default);
	if (!err)
		err = get_u32(&w, st, "inuse", HOST_MAX_RING, false, &hq->inuse);
	if (!err)
		err = get_u32(&w, st, "last-avail-idx", HOST_MAX_IDX, true, &hq->last_avail_idx);
	if (!err)
		err = get_u32(&w, st, "shadow-avail-idx", HOST_MAX_IDX, true, &hq->shadow_avail_idx);
	if (!err)
		err = get_u32(&w, st, "used-idx", HOST_MAX_IDX, false, &hq->used_idx);
	if (!err)
		err = get_u32(&w, st, "signalled-used", HOST_MAX_IDX, false, &hq->signalled_used);
	if (!err)
		err = get_tri(&w, st, "signalled-used-valid", &hq->signalled_used_valid);
	/* the ring's guest addresses: checked, not kept (nothing to judge them by) */
	if (!err)
		err = get_u64(&w, st, "vring-desc", UINT64_MAX, true, &ignore);
	json_object_put(st);
	if (err || host->vhost_started != VNET_TRI_YES || !host->vhost.known ||
	    i < host->vhost.vq_index || i >= host->vhost.vq_index + host->vhost.nvqs)
		return err;

	snprintf(what, sizeof(what), "x-query-virtio-vhost-queue-status %s queue %u", host->name, i);
	err = query(&w, q, "x-query-virtio-vhost-queue-status", host->virtio_path, i, &st);
	if (err)
		return err;
	err = get_u32(&w, st, "num", HOST_MAX_RING, false, &hq->vhost.num);
	if (!err)
		err = get_u64(&w, st, "desc-phys", UINT64_MAX, false, &hq->vhost.desc_phys);
	if (!err)
		err = get_u64(&w, st, "avail-phys", UINT64_MAX, false, &hq->vhost.avail_phys);
	if (!err)
		err = get_u64(&w, st, "used-phys", UINT64_MAX, false, &hq->vhost.used_phys);
	if (!err)
		err = get_u32(&w, st, "desc-size", UINT32_MAX - 1, false, &hq->vhost.desc_size);
	if (!err)
		err = get_u32(&w, st, "avail-size", UINT32_MAX - 1, false, &hq->vhost.avail_size);
	if (!err)
		err = get_u32(&w, st, "used-size", UINT32_MAX - 1, false, &hq->vhost.used_size);
	hq->vhost_known = !err;
	json_object_put(st);
	return err;
}

/* rx/tx/ctrl of virtqueue @i of @n: pairs first (rx0, tx0, rx1, ...), the odd one last */
static void queue_kind(struct vnet_host_queue *hq, unsigned int i, unsigned int n)
{
	hq->index = i;
	if (n % 2 && i == n - 1) {
		hq->kind = VNET_HOST_VQ_CTRL;
		hq->pair = VNET_UNKNOWN;
	} else {
		hq->kind = i % 2 ? VNET_HOST_VQ_TX : VNET_HOST_VQ_RX;
		hq->pair = i / 2;
	}
}

static int mac_table(const struct where *w, struct json_object *f, const char *key,
		     char (**table)[18], unsigned int *n)
{
	struct json_object *list;

	*n = 0;
	if (!json_object_object_get_ex(f, key, &list))
		return 0;
	if (!json_object_is_type(list, json_type_array) ||
	    json_object_array_length(list) > HOST_MAX_MACS)
		return bad(w, key, "a list of at most 64 MACs");
	*table = calloc(json_object_array_length(list) + 1, sizeof(**table));
	if (!*table)
		return vnet_oom(w->ctx);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *s = json_object_array_get_idx(list, i);

		if (!json_object_is_type(s, json_type_string) ||
		    !vnet_qmp_is_mac(json_object_get_string(s)))
			return bad(w, key, "a list of MACs");
		memcpy((*table)[(*n)++], json_object_get_string(s), 18);
	}
	return 0;
}

static int rx_mode(const struct where *w, struct json_object *f, const char *key, char out[8])
{
	static const char *const modes[] = { "normal", "none", "all" };
	struct json_object *v;

	*out = '\0';
	if (!json_object_object_get_ex(f, key, &v))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (json_object_is_type(v, json_type_string) &&
		    !strcmp(json_object_get_string(v), modes[i])) {
			strcpy(out, modes[i]);
			return 0;
		}
	return bad(w, key, "\"normal\", \"none\" or \"all\"");
}

static int read_rx_filter_entry(const struct where *w, struct json_object *f,
				struct vnet_host_rx_filter *rf)
{
	struct json_object *vl;
	int err;

	rf->promiscuous = rf->broadcast_allowed = VNET_TRI_UNKNOWN;
	rf->multicast_overflow = rf->unicast_overflow = VNET_TRI_UNKNOWN;
	err = get_tri(w, f, "promiscuous", &rf->promiscuous);
	if (!err)
		err = get_tri(w, f, "broadcast-allowed", &rf->broadcast_allowed);
	if (!err)
		err = get_tri(w, f, "multicast-overflow", &rf->multicast_overflow);
	if (!err)
		err = get_tri(w, f, "unicast-overflow", &rf->unicast_overflow);
	if (!err)
		err = rx_mode(w, f, "multicast", rf->multicast);
	if (!err)
		err = rx_mode(w, f, "unicast", rf->unicast);
	get_mac(f, "main-mac", rf->main_mac);
	if (!err)
		err = mac_table(w, f, "unicast-table", &rf->unicast_table, &rf->n_unicast);
	if (!err)
		err = mac_table(w, f, "multicast-table", &rf->multicast_table, &rf->n_multicast);
	if (!err && json_object_object_get_ex(f, "vlan-table", &vl)) {
		size_t n = json_object_is_type(vl, json_type_array) ?
				   json_object_array_length(vl) : HOST_MAX_VLANS + 1;

		if (n > HOST_MAX_VLANS)
			return bad(w, "vlan-table", "a list of at most 4096 VLAN ids");
		rf->vlan_table = calloc(n + 1, sizeof(*rf->vlan_table));
		if (!rf->vlan_table)
			return vnet_oom(w->ctx);
		for (size_t i = 0; !err && i < n; i++) {
			struct json_object *id = json_object_array_get_idx(vl, i);

			if (!json_object_is_type(id, json_type_int) || json_object_get_int64(id) < 0 ||
			    json_object_get_int64(id) > 4095)
				err = bad(w, "vlan-table", "a list of VLAN ids (0 to 4095)");
			else
				rf->vlan_table[rf->n_vlan++] = (uint16_t)json_object_get_int64(id);
		}
	}
	rf->known = !err;
	return err;
}

/*
 * query-rx-filter names a NIC by its net client: the QOM id for a named
 * device.  An anonymous one has a generated name, so it is found by the MAC
 * the device filters on; none found leaves the filter unknown.
 */
static int read_rx_filter(struct vnet_qmp *q, struct vnet_host *host)
{
	char what[128];
	struct where w = { vnet_qmp_ctx(q), what };
	struct json_object *list, *pick = NULL;
	size_t matches = 0;
	int err;

	snprintf(what, sizeof(what), "query-rx-filter %s", host->name);
	err = vnet_qmp_command(q, "query-rx-filter", NULL, &list);
	/* refused (no NIC that filters): the filter stays unknown */
	if (err == -EREMOTEIO) {
		vnet_clear_error(w.ctx);
		return 0;
	}
	if (err)
		return err;
	if (!json_object_is_type(list, json_type_array)) {
		json_object_put(list);
		return vnet_set_error(w.ctx, -EPROTO, "qmp: %s: the reply is not a list", what);
	}
	for (size_t i = 0; i < json_object_array_length(list) && i < VNET_QMP_MAX_NICS * 4; i++) {
		struct json_object *f = json_object_array_get_idx(list, i), *nm;
		char mac[18];

		if (!json_object_is_type(f, json_type_object) ||
		    !json_object_object_get_ex(f, "name", &nm) ||
		    !json_object_is_type(nm, json_type_string))
			continue;
		if (!strcmp(json_object_get_string(nm), host->name)) {
			pick = f;
			matches = 1;
			break;
		}
		get_mac(f, "main-mac", mac);
		if (*host->mac && !strcasecmp(mac, host->mac)) {
			pick = f;
			matches++;
		}
	}
	/* two NICs on one MAC: neither is known to be this one */
	if (pick && matches == 1)
		err = read_rx_filter_entry(&w, pick, &host->rx_filter);
	json_object_put(list);
	return err;
}

static void rx_filter_release(struct vnet_host_rx_filter *rf)
{
	free(rf->unicast_table);
	free(rf->multicast_table);
	free(rf->vlan_table);
	memset(rf, 0, sizeof(*rf));
}

/* What read_host() reads, unknown again: a reply that failed leaves nothing half-read. */
static void host_forget(struct vnet_host *host)
{
	host->features_known = false;
	memset(host->host_features, 0, sizeof(host->host_features));
	memset(host->guest_features, 0, sizeof(host->guest_features));
	memset(host->backend_features, 0, sizeof(host->backend_features));
	host->n_unmapped = 0;
	host->vhost_started = host->vm_running = host->broken = host->started = VNET_TRI_UNKNOWN;
	host->status = host->num_vqs = host->queue_pairs = VNET_UNKNOWN;
	host->n_queues = 0;
	memset(&host->vhost, 0, sizeof(host->vhost));
	rx_filter_release(&host->rx_filter);
}

static int read_host_once(struct vnet_ctx *ctx, struct vnet_dev *dev, bool full);

/*
 * Everything x-query-virtio-status, the queues and the rx filter say, fresh;
 * on failure all of it unknown, with the reason.
 */
static int read_host(struct vnet_ctx *ctx, struct vnet_dev *dev, bool full)
{
	int err = read_host_once(ctx, dev, full);

	if (err)
		host_forget(dev->host);
	return err;
}

static int read_host_once(struct vnet_ctx *ctx, struct vnet_dev *dev, bool full)
{
	struct vnet_qmp *q = backend(ctx)->q;
	struct vnet_host *host = dev->host;
	char what[128];
	struct where w = { ctx, what };
	struct json_object *st;
	uint64_t ignore = 0;
	unsigned int n;
	int err;

	snprintf(what, sizeof(what), "x-query-virtio-status %s", host->name);
	err = query(&w, q, "x-query-virtio-status", host->virtio_path, -1, &st);
	if (err)
		return err;
	host->features_known = false;
	host->n_unmapped = 0;
	host->vhost_started = host->vm_running = host->broken = host->started = VNET_TRI_UNKNOWN;
	err = get_tri(&w, st, "vhost-started", &host->vhost_started);
	if (!err)
		err = get_tri(&w, st, "vm-running", &host->vm_running);
	if (!err)
		err = get_tri(&w, st, "broken", &host->broken);
	if (!err)
		err = get_tri(&w, st, "started", &host->started);
	if (!err)
		err = get_u32(&w, st, "num-vqs", HOST_MAX_VQS, false, &host->num_vqs);
	if (!err)
		err = get_u64(&w, st, "device-id", 0xffff, true, &ignore);
	/* a virtio-net device is type 1 (virtio spec 5.1) */
	if (!err && ignore != 1 && json_object_object_get_ex(st, "device-id", NULL))
		err = bad(&w, "device-id", "1 (a network device)");
	if (!err)
		err = decode_features(&w, st, "host-features", host->host_features, host);
	if (!err)
		err = decode_features(&w, st, "guest-features", host->guest_features, host);
	if (!err)
		err = decode_features(&w, st, "backend-features", host->backend_features, host);
	if (!err)
		err = decode_status(&w, st, &host->status);
	if (!err)
		err = read_vhost_dev(&w, st, host);
	json_object_put(st);
	if (err)
		return err;
	host->features_known = true;

	n = host->num_vqs;
	host->queue_pairs = n / 2;
	if (n != host->n_queues) {
		struct vnet_host_queue *qs = realloc(host->queues, (n ? n : 1) * sizeof(*qs));

		if (!qs)
			return vnet_oom(ctx);
		host->queues = qs;
		host->n_queues = n;
	}
	memset(host->queues, 0, n * sizeof(*host->queues));
	for (unsigned int i = 0; i < n; i++) {
		queue_kind(&host->queues[i], i, n);
		err = read_queue(q, host, i);
		if (err) {
			host->n_queues = i;
			return err;
		}
	}
	rx_filter_release(&host->rx_filter);
	return full ? read_rx_filter(q, host) : 0;
}

/* ---- the backend ---------------------------------------------------------------- */

static void qmp_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "qmp.socket", "", "VNET_QMP",
			  "on the host: the VM's devices as its QEMU sees them, over this QMP "
			  "socket (vnetctl --qmp)");
}

static int qmp_detect(struct vnet_ctx *ctx)
{
	return *vnet_param_get(ctx, "qmp.socket") ? 0 : -ENODEV;
}

static void qmp_cleanup(struct vnet_ctx *ctx)
{
	struct qmp_backend *b = backend(ctx);

	if (!b)
		return;
	vnet_qmp_close(b->q);
	json_object_put(b->network);
	free(b);
	ctx->backend_priv = NULL;
}

static int qmp_init(struct vnet_ctx *ctx)
{
	const char *socket = vnet_param_get(ctx, "qmp.socket");
	struct qmp_backend *b;
	struct json_object *ret;
	int err;

	if (!*socket)
		return vnet_set_error(ctx, -EINVAL, "qmp: no qmp.socket (vnetctl --qmp SOCKET)");
	b = calloc(1, sizeof(*b));
	if (!b)
		return vnet_oom(ctx);
	ctx->backend_priv = b;
	err = vnet_qmp_open(ctx, socket, &b->q);
	if (!err)
		err = vnet_qmp_check_running(b->q);
	if (err) {
		qmp_cleanup(ctx);
		return err;
	}
	/* the host view needs QEMU's x- commands (7.2 and later) */
	err = vnet_qmp_command(b->q, "x-query-virtio", NULL, &ret);
	json_object_put(ret);
	if (err == -EREMOTEIO && !strcmp(vnet_qmp_error_class(b->q), "CommandNotFound"))
		err = vnet_set_error(ctx, -EOPNOTSUPP, "qmp: %s: this QEMU has no x-query-virtio "
				     "(QEMU 7.2 or later answers the host view)", socket);
	if (err)
		qmp_cleanup(ctx);
	return err;
}

/*
 * The interface QEMU gives a virtio-net-pci: the two fixed-mode types say it;
 * otherwise disable-modern=on is legacy, disable-legacy=on modern, both off
 * transitional.  disable-legacy=auto is decided by the bus at realize
 * (modern on a PCI Express port): unknown here.
 */
static int scan_mode(struct vnet_qmp *q, const struct vnet_qmp_nic *nic, struct vnet_host *host)
{
	char legacy[8], modern[8];
	int err;

	host->mode = vnet_qmp_model_mode(nic->model);
	if (host->mode != VNET_MODE_UNKNOWN)
		return 0;
	err = vnet_qmp_qom_get(q, nic->path, "disable-modern", modern, sizeof(modern));
	if (!err)
		err = vnet_qmp_qom_get(q, nic->path, "disable-legacy", legacy, sizeof(legacy));
	if (err == -ENOENT) {
		vnet_clear_error(vnet_qmp_ctx(q));
		return 0;
	}
	if (err)
		return err;
	if (!strcmp(modern, "on"))
		host->mode = VNET_MODE_LEGACY;
	else if (!strcmp(legacy, "on"))
		host->mode = VNET_MODE_MODERN;
	else if (!strcmp(modern, "off") && !strcmp(legacy, "off"))
		host->mode = VNET_MODE_TRANSITIONAL;
	return 0;
}

static int scan_one(struct vnet_ctx *ctx, const struct vnet_qmp_nic *nic, size_t index,
		    struct vnet_dev **out)
{
	struct qmp_backend *b = backend(ctx);
	struct vnet_dev *dev = vnet_dev_alloc();
	struct vnet_host *host = calloc(1, sizeof(*host));
	char v[64];
	unsigned int queues;
	int err;

	*out = dev;
	if (!dev || !host) {
		free(host);
		return vnet_oom(ctx);
	}
	dev->host = host;
	vnet_strcpy(host->name, nic->name, sizeof(host->name));
	vnet_strcpy(host->qom_path, nic->path, sizeof(host->qom_path));
	vnet_strcpy(host->model, vnet_qmp_model_type(nic->model), sizeof(host->model));
	/* a virtio-net-device is itself the VirtIODevice; a PCI proxy holds one */
	snprintf(host->virtio_path, sizeof(host->virtio_path),
		 vnet_qmp_model_mmio(nic->model) ? "%s" : "%s/virtio-backend", nic->path);
	host->vectors = host->netdev_queues = host->status = host->num_vqs = VNET_UNKNOWN;
	host->queue_pairs = VNET_UNKNOWN;
	host->vhost_started = host->vm_running = host->broken = host->started = VNET_TRI_UNKNOWN;
	/* the device's name is its label; one too long for it gets a numbered one */
	if (!vnet_strcpy(dev->virtio_name, host->name, sizeof(dev->virtio_name)))
		snprintf(dev->virtio_name, sizeof(dev->virtio_name), "qmp%zu", index);
	vnet_strcpy(dev->bus, vnet_qmp_model_mmio(nic->model) ? "mmio" : "pci", sizeof(dev->bus));

	err = vnet_qmp_qom_get(b->q, nic->path, "mac", v, sizeof(v));
	if (!err && vnet_qmp_is_mac(v))
		memcpy(host->mac, v, sizeof(host->mac));
	if (err == -ENOENT)
		err = 0;
	if (!err)
		err = vnet_qmp_qom_get(b->q, nic->path, "netdev", host->netdev_id,
				       sizeof(host->netdev_id));
	if (err == -ENOENT)
		err = 0;
	if (!err && *host->netdev_id) {
		vnet_qmp_netdev_info(json_object_get_string(b->network), host->netdev_id,
				     host->netdev_type, sizeof(host->netdev_type), &queues);
		if (queues)
			host->netdev_queues = queues;
	}
	if (!err && !vnet_qmp_model_mmio(nic->model))
		err = scan_mode(b->q, nic, host);
	if (!err && !vnet_qmp_model_mmio(nic->model)) {
		err = vnet_qmp_qom_get(b->q, nic->path, "vectors", v, sizeof(v));
		if (!err) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			/* MSI-X has at most 2048 vectors */
			if (*v && !*end && n <= 2048)
				host->vectors = (uint32_t)n;
		} else if (err == -ENOENT) {
			err = 0;
		}
	}
	return err;
}

static int qmp_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct qmp_backend *b = backend(ctx);
	struct vnet_qmp_nic *nics;
	size_t n;
	int err;

	json_object_put(b->network);
	b->network = NULL;
	err = vnet_qmp_info_network(b->q, &b->network);
	if (!err)
		err = vnet_qmp_nics(b->q, &nics, &n);
	if (err)
		return err;
	for (size_t i = 0; !err && i < n; i++) {
		struct vnet_dev *dev;

		err = scan_one(ctx, &nics[i], i, &dev);
		if (!err && vnet_dev_list_append(list, dev))
			err = vnet_oom(ctx);
		if (err)
			vnet_dev_free(dev);
	}
	free(nics);
	return err;
}

/* Still there: its QOM path answers. */
static int qmp_identify(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	char type[64];
	int err;

	if (!dev->host)
		return vnet_set_error(ctx, -ENODEV, "%s: not a device of the qmp backend",
				      dev->virtio_name);
	err = vnet_qmp_qom_get(backend(ctx)->q, dev->host->qom_path, "type", type, sizeof(type));
	if (err == -ENOENT)
		return vnet_set_error(ctx, -ENODEV, "%s: the device is gone (%s)", dev->host->name,
				      dev->host->qom_path);
	return err;
}

/*
 * dev->backend_priv: why the last read of the host's facts failed, so that
 * the groups after the features group say it again instead of asking again.
 */
struct qmp_dev {
	char failed[256];
};

static const char *host_read_failed(const struct vnet_dev *dev)
{
	const struct qmp_dev *d = dev->backend_priv;

	return d && *d->failed ? d->failed : NULL;
}

static void host_read_result(struct vnet_dev *dev, int err, const char *why)
{
	struct qmp_dev *d = dev->backend_priv;

	if (!d)
		d = dev->backend_priv = calloc(1, sizeof(*d));
	if (d)
		vnet_strcpy(d->failed, err ? why : "", sizeof(d->failed));
}

static int guest_only(struct vnet_ctx *ctx, unsigned int group)
{
	return vnet_set_error(ctx, -EOPNOTSUPP, "the guest's %s: QEMU does not see them (run "
			      "vnetctl in the guest, or show --guest)", vnet_fill_name(group));
}

static int qmp_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	struct vnet_host *host = dev->host;
	int err;

	if (!host)
		return vnet_set_error(ctx, -ENODEV, "%s: not a device of the qmp backend",
				      dev->virtio_name);
	/* the MAC is the scan's; the features group reads everything fresh, the others once */
	if (group == VNET_FILL_LINK) {
		memcpy(dev->link.mac, host->mac, sizeof(dev->link.mac));
		return 0;
	}
	if (group == VNET_FILL_FEATURES || (!host->features_known && !host_read_failed(dev))) {
		err = read_host(ctx, dev, true);
		host_read_result(dev, err, vnet_ctx_error(ctx));
		if (err)
			return err;
	}
	if (!host->features_known)
		return vnet_set_error(ctx, -EPROTO, "%s", host_read_failed(dev) ?
				      host_read_failed(dev) : "the host's facts were not read");
	switch (group) {
	case VNET_FILL_FEATURES:
		dev->features.nbits = 64;
		memcpy(dev->features.negotiated, host->guest_features,
		       sizeof(dev->features.negotiated));
		memcpy(dev->features.offered, host->host_features, sizeof(dev->features.offered));
		dev->features.offered_known = true;
		dev->status = host->status;
		return 0;
	case VNET_FILL_CHANNELS:
		dev->channels.max_combined = host->queue_pairs;
		return 0;
	case VNET_FILL_RINGS:
		for (unsigned int i = 0; i < host->n_queues && i < 2; i++) {
			const struct vnet_host_queue *hq = &host->queues[i];

			if (hq->kind == VNET_HOST_VQ_RX) {
				dev->rings.rx = hq->vring_num;
				dev->rings.rx_max = hq->vring_num_default;
			} else if (hq->kind == VNET_HOST_VQ_TX) {
				dev->rings.tx = hq->vring_num;
				dev->rings.tx_max = hq->vring_num_default;
			}
		}
		return 0;
	case VNET_FILL_PCI:
		return vnet_set_error(ctx, -EOPNOTSUPP, "the guest's PCI view: QEMU's is under "
				      "\"host\" (model, vectors)");
	default:
		return guest_only(ctx, group);
	}
}

/* ---- samples: each virtqueue's indices ----------------------------------------------- */

struct qmp_stats {
	char name[64];
	char virtio_path[192];
};

static int qmp_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	struct qmp_stats *s;

	if (!dev->host)
		return vnet_set_error(ctx, -ENODEV, "%s: not a device of the qmp backend",
				      dev->virtio_name);
	s = calloc(1, sizeof(*s));
	if (!s)
		return vnet_oom(ctx);
	memcpy(s->name, dev->host->name, sizeof(s->name));
	memcpy(s->virtio_path, dev->host->virtio_path, sizeof(s->virtio_path));
	*priv = s;
	return 0;
}

static int qmp_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *sample)
{
	const struct qmp_stats *s = priv;
	struct vnet_host *host = calloc(1, sizeof(*host));
	struct vnet_dev dev = { .host = host };
	struct timespec ts;
	int err;

	if (!host)
		return vnet_oom(ctx);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	sample->mono_ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	clock_gettime(CLOCK_REALTIME, &ts);
	sample->real_ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	memcpy(host->name, s->name, sizeof(host->name));
	memcpy(host->virtio_path, s->virtio_path, sizeof(host->virtio_path));
	err = read_host(ctx, &dev, false);
	if (!err && host->n_queues) {
		sample->host_queues = calloc(host->n_queues, sizeof(*sample->host_queues));
		if (!sample->host_queues)
			err = vnet_oom(ctx);
	}
	for (unsigned int i = 0; !err && i < host->n_queues; i++) {
		const struct vnet_host_queue *hq = &host->queues[i];
		struct vnet_host_queue_sample *qs = &sample->host_queues[i];

		qs->index = hq->index;
		qs->kind = hq->kind;
		qs->pair = hq->pair;
		qs->used_idx = hq->used_idx;
		qs->inuse = hq->inuse;
		qs->avail_idx = hq->shadow_avail_idx != VNET_UNKNOWN ? hq->shadow_avail_idx :
								       hq->last_avail_idx;
		qs->vhost = host->vhost_started;
		sample->n_host_queues = i + 1;
	}
	vnet_host_free(host);
	return err;
}

static void qmp_stats_close(struct vnet_ctx *ctx, void *priv)
{
	(void)ctx;
	free(priv);
}

static int qmp_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	return vnet_set_error(ctx, -EROFS, "%s: the qmp backend reads the host's view only; "
			      "run vnetctl set in the guest", dev->virtio_name);
}

static int qmp_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	(void)w;
	return qmp_writable(ctx, dev);
}

const struct vnet_backend_ops vnet_backend_qmp = {
	.name = "qmp",
	.help = "on the host: a VM's devices as its QEMU sees them, over QMP",
	.config = qmp_config,
	.detect = qmp_detect,
	.init = qmp_init,
	.cleanup = qmp_cleanup,
	.scan = qmp_scan,
	.identify = qmp_identify,
	.fill = qmp_fill,
	.stats_open = qmp_stats_open,
	.stats_sample = qmp_stats_sample,
	.stats_close = qmp_stats_close,
	.writable = qmp_writable,
	.apply = qmp_apply,
	.host_side = true,
};
