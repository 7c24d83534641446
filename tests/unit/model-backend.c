// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * model-backend.c - serve devices, the machine and counters from JSON
 *
 * The format is described in model-backend.h.  Every document is checked
 * completely when the backend starts (each device filled once, each sample
 * decoded once, into scratch objects), so scan, fill and sample later only
 * fail when memory does.
 *
 * The fill serves the raw facts of one group, as a live backend reads
 * them; lib/dev.c does the rest (group order, the PCI mode, the queue
 * table's size and which queues are active), so the document's "mode" and
 * the queues' "active" are not copied: "active" only answers
 * count_rx_queues(), as the rx-N directories do on Linux.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-backend.h"

struct model {
	struct json_object *root;
	struct json_object *system;	/* NULL when the document has none */
	struct json_object *devices;	/* array */
	char logging[16];		/* what read_setting("logging") answers, "" unreadable */
	size_t calls;			/* apply() calls so far, refused ones too */
	char *steps;			/* the applied steps, one a line */
	size_t steps_len;
};

/* dev->backend_priv: which entry of "devices" the device came from */
struct model_dev {
	size_t index;
};

/* copied at open: the device may be freed by a rescan while the stream is open */
struct model_stats {
	struct json_object *samples;
	size_t next;
	size_t index;
	char name[sizeof(((struct vnet_dev *)0)->virtio_name)];
};

static struct model *model_of(struct vnet_ctx *ctx)
{
	return ctx->backend_priv;
}

/* ---- typed members ---------------------------------------------------------- */

enum ftype {
	T_U32,		/* number, null: VNET_UNKNOWN */
	T_U64,		/* number, null: VNET_UNKNOWN64 */
	T_TRI,		/* boolean, null: VNET_TRI_UNKNOWN */
	T_BOOL,		/* boolean, never null */
	T_STR,		/* string, null: "" */
	T_SKIP,		/* derived: accepted, checked elsewhere or ignored */
};

struct field {
	const char *key;
	enum ftype type;
	size_t off, size;
};

#define FLD(key, type, st, member) { key, type, offsetof(st, member), sizeof(((st *)0)->member) }

/* The path of a member in messages ("devices[0].channels"); cut, never overflowing. */
__attribute__((format(printf, 3, 4)))
static void sub(char *w, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w, size, fmt, ap);
	va_end(ap);
}

static const char *type_name(struct json_object *v)
{
	return v ? json_type_to_name(json_object_get_type(v)) : "null";
}

/* A number that fits @max; false (with the reason set) otherwise. */
static bool get_number(struct vnet_ctx *ctx, const char *where, const char *key,
		       struct json_object *v, uint64_t max, uint64_t *out, int *err)
{
	int64_t s;

	if (!json_object_is_type(v, json_type_int)) {
		*err = vnet_set_error(ctx, -EINVAL, "model: %s.%s: expected a number, got %s",
				      where, key, type_name(v));
		return false;
	}
	s = json_object_get_int64(v);
	*out = json_object_get_uint64(v);
	if (s < 0 || *out > max) {
		*err = vnet_set_error(ctx, -ERANGE, "model: %s.%s: %s is out of range", where, key,
				      json_object_get_string(v));
		return false;
	}
	return true;
}

static int set_field(struct vnet_ctx *ctx, const char *where, const struct field *f,
		     struct json_object *v, void *base)
{
	char *p = (char *)base + f->off;
	uint64_t n;
	int err = 0;

	switch (f->type) {
	case T_U32:
		if (!v)
			*(uint32_t *)p = VNET_UNKNOWN;
		else if (get_number(ctx, where, f->key, v, VNET_UNKNOWN - 1, &n, &err))
			*(uint32_t *)p = n;
		return err;
	case T_U64:
		if (!v)
			*(uint64_t *)p = VNET_UNKNOWN64;
		else if (get_number(ctx, where, f->key, v, VNET_UNKNOWN64 - 1, &n, &err))
			*(uint64_t *)p = n;
		return err;
	case T_TRI:
		if (v && !json_object_is_type(v, json_type_boolean))
			break;
		*(enum vnet_tri *)p = !v ? VNET_TRI_UNKNOWN :
				      json_object_get_boolean(v) ? VNET_TRI_YES : VNET_TRI_NO;
		return 0;
	case T_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			break;
		*(bool *)p = json_object_get_boolean(v);
		return 0;
	case T_STR:
		if (v && !json_object_is_type(v, json_type_string))
			break;
		if (!vnet_strcpy(p, v ? json_object_get_string(v) : "", f->size))
			return vnet_set_error(ctx, -ENAMETOOLONG,
					      "model: %s.%s: longer than %zu characters", where,
					      f->key, f->size - 1);
		return 0;
	case T_SKIP:
		return 0;
	}
	return vnet_set_error(ctx, -EINVAL, "model: %s.%s: expected a %s, got %s", where, f->key,
			      f->type == T_STR ? "string" : "boolean", type_name(v));
}

static const struct field *field_find(const struct field *fields, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fields[i].key, key))
			return &fields[i];
	return NULL;
}

static int need_object(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	if (json_object_is_type(o, json_type_object))
		return 0;
	return vnet_set_error(ctx, -EINVAL, "model: %s: expected an object, got %s", where,
			      type_name(o));
}

static int need_array(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	if (json_object_is_type(o, json_type_array))
		return 0;
	return vnet_set_error(ctx, -EINVAL, "model: %s: expected an array, got %s", where,
			      type_name(o));
}

/*
 * Set the members of @base that @o names.  Members @fields does not know
 * are an error unless @also lists them (handled by the caller).
 */
static int parse_fields(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			const struct field *fields, size_t n, const char *const *also, void *base)
{
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		const struct field *f = field_find(fields, n, key);
		bool known = false;

		for (size_t i = 0; also && also[i] && !known; i++)
			known = !strcmp(also[i], key);
		if (known)
			continue;
		if (!f)
			return vnet_set_error(ctx, -EINVAL, "model: %s: unknown member \"%s\"",
					      where, key);
		err = set_field(ctx, where, f, v, base);
		if (err)
			return err;
	}
	return 0;
}

/* A string member that must be one of @names[0..n) (index returned), or null. */
static int parse_enum(struct vnet_ctx *ctx, const char *where, const char *key,
		      struct json_object *v, const char *(*name)(unsigned int), unsigned int n,
		      unsigned int *out)
{
	if (!v)
		return 0;
	if (json_object_is_type(v, json_type_string))
		for (unsigned int i = 0; i < n; i++)
			if (!strcmp(name(i), json_object_get_string(v))) {
				*out = i;
				return 0;
			}
	return vnet_set_error(ctx, -EINVAL, "model: %s.%s: unexpected value %s", where, key,
			      json_object_to_json_string(v));
}

/* ---- the groups ----------------------------------------------------------- */

static const struct field pci_fields[] = {
	FLD("slot", T_STR, struct vnet_pci, slot),
	FLD("vendor_id", T_U32, struct vnet_pci, vendor_id),
	FLD("device_id", T_U32, struct vnet_pci, device_id),
	FLD("revision", T_U32, struct vnet_pci, revision),
	FLD("subsystem_vendor_id", T_U32, struct vnet_pci, subsystem_vendor_id),
	FLD("subsystem_id", T_U32, struct vnet_pci, subsystem_id),
	FLD("class", T_U32, struct vnet_pci, class_code),
	FLD("config_size", T_U32, struct vnet_pci, config_size),
	FLD("legacy_io_bar", T_TRI, struct vnet_pci, legacy_io_bar),
	FLD("msix_present", T_TRI, struct vnet_pci, msix_present),
	FLD("multifunction", T_TRI, struct vnet_pci, multifunction),
	FLD("express", T_TRI, struct vnet_pci, express),
	FLD("parent", T_STR, struct vnet_pci, parent),
	/* derived by vnet_pci_classify() from the ids and capabilities */
	FLD("mode", T_SKIP, struct vnet_pci, mode),
};

static const struct field msix_fields[] = {
	FLD("table_size", T_U32, struct vnet_pci, msix_table_size),
	FLD("enabled", T_TRI, struct vnet_pci, msix_enabled),
};

/* the capability as numbers first, then narrowed with range checks */
struct cap_numbers {
	uint32_t position, cfg_type, bar, id, cap_len;
	uint64_t offset, length;
	uint32_t mult;
};

static const struct field cap_number_fields[] = {
	FLD("position", T_U32, struct cap_numbers, position),
	FLD("cfg_type", T_U32, struct cap_numbers, cfg_type),
	FLD("bar", T_U32, struct cap_numbers, bar),
	FLD("id", T_U32, struct cap_numbers, id),
	FLD("cap_len", T_U32, struct cap_numbers, cap_len),
	FLD("offset", T_U64, struct cap_numbers, offset),
	FLD("length", T_U64, struct cap_numbers, length),
	FLD("notify_off_multiplier", T_U32, struct cap_numbers, mult),
	/* derived from cfg_type */
	FLD("name", T_SKIP, struct cap_numbers, position),
};

static const char *caps_state_at(unsigned int i)
{
	return vnet_caps_state_name(i);
}

static int parse_caps(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
		      struct vnet_pci *pci)
{
	size_t n;
	int err;

	if (!arr)
		return 0;
	err = need_array(ctx, where, arr);
	if (err)
		return err;
	n = json_object_array_length(arr);
	if (n > VNET_MAX_VIRTIO_CAPS)
		return vnet_set_error(ctx, -E2BIG, "model: %s: more than %d capabilities", where,
				      VNET_MAX_VIRTIO_CAPS);
	for (size_t i = 0; i < n; i++) {
		struct cap_numbers c = { 0, 0, 0, 0, 0, 0, 0, VNET_UNKNOWN };
		struct vnet_virtio_cap *vc = &pci->virtio_caps[i];
		char w[96];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		err = parse_fields(ctx, w, json_object_array_get_idx(arr, i), cap_number_fields,
				   ARRAY_SIZE(cap_number_fields), NULL, &c);
		if (err)
			return err;
		if (c.position > 0xff || c.cfg_type > 0xff || c.bar > 0xff || c.id > 0xff ||
		    c.cap_len > 0xff)
			return vnet_set_error(ctx, -ERANGE, "model: %s: a byte member is above 255",
					      w);
		*vc = (struct vnet_virtio_cap){ c.position, c.cfg_type, c.bar, c.id, c.cap_len,
						c.offset, c.length,
						c.cfg_type == VNET_CAP_NOTIFY ? c.mult :
										VNET_UNKNOWN };
	}
	pci->n_virtio_caps = n;
	return 0;
}

static int parse_pci(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		     struct vnet_dev *dev)
{
	static const char *const also[] = { "msix", "virtio_caps", "caps_state", NULL };
	struct json_object *v;
	unsigned int state = VNET_CAPS_UNKNOWN;
	char w[80];
	int err;

	err = parse_fields(ctx, where, o, pci_fields, ARRAY_SIZE(pci_fields), also, &dev->pci);
	if (err)
		return err;
	if (json_object_object_get_ex(o, "caps_state", &v)) {
		err = parse_enum(ctx, where, "caps_state", v, caps_state_at,
				 VNET_CAPS_TRUNCATED + 1, &state);
		if (err)
			return err;
		dev->pci.caps_state = state;
	}
	if (json_object_object_get_ex(o, "msix", &v) && v) {
		sub(w, sizeof(w), "%s.msix", where);
		err = parse_fields(ctx, w, v, msix_fields, ARRAY_SIZE(msix_fields), NULL,
				   &dev->pci);
		if (err)
			return err;
		/* an MSI-X object is only printed for a device that has the capability */
		if (dev->pci.msix_present == VNET_TRI_UNKNOWN)
			dev->pci.msix_present = VNET_TRI_YES;
	}
	sub(w, sizeof(w), "%s.virtio_caps", where);
	return parse_caps(ctx, w, json_object_object_get_ex(o, "virtio_caps", &v) ? v : NULL,
			  &dev->pci);
}

/* A feature name as vnetctl prints it: a table name or "BIT_<n>". */
static int feature_bit(const char *name, unsigned int *bit)
{
	const struct vnet_feature_info *fi = vnet_feature_by_name(name);
	char *end;

	if (fi) {
		*bit = fi->bit;
		return 0;
	}
	if (strncmp(name, "BIT_", 4))
		return -EINVAL;
	*bit = strtoul(name + 4, &end, 10);
	return *end || end == name + 4 || *bit >= VNET_FEATURE_BITS ? -EINVAL : 0;
}

static int parse_names(struct vnet_ctx *ctx, const char *where, const char *key,
		       struct json_object *arr, uint64_t bits[2])
{
	int err = 0;
	char w[80];

	sub(w, sizeof(w), "%s.%s", where, key);
	err = need_array(ctx, w, arr);
	bits[0] = bits[1] = 0;
	for (size_t i = 0; !err && i < json_object_array_length(arr); i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		unsigned int bit;

		if (!json_object_is_type(v, json_type_string) ||
		    feature_bit(json_object_get_string(v), &bit))
			return vnet_set_error(ctx, -EINVAL,
					      "model: %s[%zu]: not a feature name: %s", w, i,
					      json_object_to_json_string(v));
		bits[bit / 64] |= 1ULL << (bit % 64);
	}
	return err;
}

static int parse_hex_bits(struct vnet_ctx *ctx, const char *where, struct json_object *v,
			  uint64_t bits[2])
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
	size_t len;

	bits[0] = bits[1] = 0;
	if (strncmp(s, "0x", 2) || !(len = strlen(s + 2)) || len > 32 ||
	    strspn(s + 2, "0123456789abcdefABCDEF") != len)
		return vnet_set_error(ctx, -EINVAL, "model: %s.bits: expected \"0x\" and up to 32 "
				      "hex digits, got %s", where, json_object_to_json_string(v));
	for (s += 2; *s; s++) {
		unsigned int d = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;

		bits[1] = bits[1] << 4 | bits[0] >> 60;
		bits[0] = bits[0] << 4 | d;
	}
	return 0;
}

static int parse_features(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			  struct vnet_dev *dev)
{
	struct vnet_features *f = &dev->features;
	struct json_object *neg = NULL, *hex = NULL, *nbits = NULL, *offered = NULL;
	uint64_t from_hex[2];
	uint64_t n = 64;
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		if (!strcmp(key, "negotiated"))
			neg = v;
		else if (!strcmp(key, "bits"))
			hex = v;
		else if (!strcmp(key, "nbits"))
			nbits = v;
		else if (!strcmp(key, "offered"))
			offered = v;
		else
			return vnet_set_error(ctx, -EINVAL, "model: %s: unknown member \"%s\"",
					      where, key);
	}
	if (nbits && !get_number(ctx, where, "nbits", nbits, VNET_FEATURE_BITS, &n, &err))
		return err;
	if (n != 64 && n != 128)
		return vnet_set_error(ctx, -EINVAL, "model: %s.nbits: the kernel reports 64 or "
				      "128 bits, not %" PRIu64, where, n);
	f->nbits = n;
	if (!neg && !hex)
		return vnet_set_error(ctx, -EINVAL, "model: %s: needs \"negotiated\" or \"bits\"",
				      where);
	if (neg && (err = parse_names(ctx, where, "negotiated", neg, f->negotiated)))
		return err;
	if (hex && (err = parse_hex_bits(ctx, where, hex, from_hex)))
		return err;
	if (!neg)
		memcpy(f->negotiated, from_hex, sizeof(from_hex));
	else if (hex && memcmp(from_hex, f->negotiated, sizeof(from_hex)))
		return vnet_set_error(ctx, -EINVAL, "model: %s: \"bits\" %s disagrees with "
				      "\"negotiated\"", where, json_object_get_string(hex));
	if (n == 64 && f->negotiated[1])
		return vnet_set_error(ctx, -EINVAL, "model: %s: a bit above 63 with \"nbits\" 64",
				      where);
	f->offered_known = offered != NULL;
	if (offered)
		return parse_names(ctx, where, "offered", offered, f->offered);
	return 0;
}

static int parse_status(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
			struct vnet_dev *dev)
{
	const struct vnet_status_info *s;
	int err;

	dev->status = VNET_UNKNOWN;
	if (!arr)
		return 0;
	err = need_array(ctx, where, arr);
	if (err)
		return err;
	dev->status = 0;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		size_t k;

		for (k = 0; (s = vnet_status_at(k)); k++)
			if (json_object_is_type(v, json_type_string) &&
			    !strcmp(s->name, json_object_get_string(v)))
				break;
		if (!s)
			return vnet_set_error(ctx, -EINVAL, "model: %s[%zu]: not a status bit: %s",
					      where, i, json_object_to_json_string(v));
		dev->status |= s->mask;
	}
	return 0;
}

static const struct field link_fields[] = {
	FLD("admin_up", T_TRI, struct vnet_link, admin_up),
	FLD("carrier", T_TRI, struct vnet_link, carrier),
	FLD("operstate", T_STR, struct vnet_link, operstate),
	FLD("speed_mbps", T_U32, struct vnet_link, speed_mbps),
	FLD("mac", T_STR, struct vnet_link, mac),
	FLD("permanent_mac", T_STR, struct vnet_link, permanent_mac),
	FLD("tx_queue_len", T_U32, struct vnet_link, tx_queue_len),
	FLD("num_tx_queues", T_U32, struct vnet_link, num_tx_queues),
	FLD("num_rx_queues", T_U32, struct vnet_link, num_rx_queues),
};

static const char *duplex_at(unsigned int i)
{
	static const char *const names[] = { "", "half", "full" };

	return names[i];
}

static int parse_link(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		      struct vnet_dev *dev)
{
	static const char *const also[] = { "duplex", NULL };
	struct json_object *v;
	unsigned int d = VNET_DUPLEX_UNKNOWN;
	int err;

	err = parse_fields(ctx, where, o, link_fields, ARRAY_SIZE(link_fields), also, &dev->link);
	if (!err && json_object_object_get_ex(o, "duplex", &v))
		err = parse_enum(ctx, where, "duplex", v, duplex_at, 3, &d);
	dev->link.duplex = d;
	return err;
}

static const struct field mtu_fields[] = {
	FLD("current", T_U32, struct vnet_mtu, current),
	FLD("min", T_U32, struct vnet_mtu, min),
	FLD("max", T_U32, struct vnet_mtu, max),
};

static const struct field channel_fields[] = {
	FLD("combined", T_U32, struct vnet_channels, combined),
	FLD("max_combined", T_U32, struct vnet_channels, max_combined),
	FLD("rx", T_U32, struct vnet_channels, rx),
	FLD("tx", T_U32, struct vnet_channels, tx),
	FLD("other", T_U32, struct vnet_channels, other),
	FLD("max_rx", T_U32, struct vnet_channels, max_rx),
	FLD("max_tx", T_U32, struct vnet_channels, max_tx),
	FLD("max_other", T_U32, struct vnet_channels, max_other),
};

static const struct field ring_fields[] = {
	FLD("rx", T_U32, struct vnet_rings, rx),
	FLD("tx", T_U32, struct vnet_rings, tx),
	FLD("rx_max", T_U32, struct vnet_rings, rx_max),
	FLD("tx_max", T_U32, struct vnet_rings, tx_max),
};

static const struct field coalesce_fields[] = {
	FLD("rx_usecs", T_U32, struct vnet_coalesce, rx_usecs),
	FLD("rx_frames", T_U32, struct vnet_coalesce, rx_frames),
	FLD("tx_usecs", T_U32, struct vnet_coalesce, tx_usecs),
	FLD("tx_frames", T_U32, struct vnet_coalesce, tx_frames),
	FLD("adaptive_rx", T_TRI, struct vnet_coalesce, adaptive_rx),
	FLD("adaptive_tx", T_TRI, struct vnet_coalesce, adaptive_tx),
};

static const struct field offload_fields[] = {
	FLD("name", T_STR, struct vnet_offload, name),
	FLD("active", T_BOOL, struct vnet_offload, active),
	FLD("fixed", T_BOOL, struct vnet_offload, fixed),
	FLD("requested", T_BOOL, struct vnet_offload, requested),
};

static int parse_offloads(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
			  struct vnet_dev *dev)
{
	size_t n;
	int err = need_array(ctx, where, arr);

	if (err)
		return err;
	n = json_object_array_length(arr);
	free(dev->offloads);
	dev->n_offloads = 0;
	dev->offloads = calloc(n ? n : 1, sizeof(*dev->offloads));
	if (!dev->offloads)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		char w[80];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		err = parse_fields(ctx, w, o, offload_fields, ARRAY_SIZE(offload_fields), NULL,
				   &dev->offloads[i]);
		if (!err && !*dev->offloads[i].name)
			err = vnet_set_error(ctx, -EINVAL, "model: %s: no name", w);
		if (err)
			return err;
		dev->n_offloads++;
	}
	return 0;
}

static const char *irq_mode_at(unsigned int i)
{
	return vnet_irq_mode_name(i);
}

static const struct field interrupt_fields[] = {
	FLD("vectors_used", T_U32, struct vnet_irqs, vectors_used),
	FLD("config_irq", T_U32, struct vnet_irqs, config.irq),
	FLD("shared_irq", T_U32, struct vnet_irqs, shared.irq),
};

static int parse_interrupts(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			    struct vnet_dev *dev)
{
	static const char *const also[] = { "mode", NULL };
	struct json_object *v;
	unsigned int mode = VNET_IRQ_UNKNOWN;
	int err;

	err = parse_fields(ctx, where, o, interrupt_fields, ARRAY_SIZE(interrupt_fields), also,
			   &dev->irqs);
	if (!err && json_object_object_get_ex(o, "mode", &v))
		err = parse_enum(ctx, where, "mode", v, irq_mode_at, VNET_IRQ_MMIO + 1, &mode);
	dev->irqs.mode = mode;
	return err;
}

/* Per-queue members by group: index and active belong to both. */
static const struct field queue_irq_fields[] = {
	FLD("rx_irq", T_U32, struct vnet_queue, rx_irq.irq),
	FLD("rx_irq_name", T_STR, struct vnet_queue, rx_irq.name),
	FLD("rx_affinity", T_STR, struct vnet_queue, rx_irq.affinity),
	FLD("rx_effective_cpus", T_STR, struct vnet_queue, rx_irq.effective),
	FLD("rx_interrupts", T_U64, struct vnet_queue, rx_irq.count),
	FLD("tx_irq", T_U32, struct vnet_queue, tx_irq.irq),
	FLD("tx_irq_name", T_STR, struct vnet_queue, tx_irq.name),
	FLD("tx_affinity", T_STR, struct vnet_queue, tx_irq.affinity),
	FLD("tx_effective_cpus", T_STR, struct vnet_queue, tx_irq.effective),
	FLD("tx_interrupts", T_U64, struct vnet_queue, tx_irq.count),
};

static const struct field queue_sysfs_fields[] = {
	FLD("rps_cpus", T_STR, struct vnet_queue, rps_cpus),
	FLD("xps_cpus", T_STR, struct vnet_queue, xps_cpus),
	FLD("bql_limit", T_U64, struct vnet_queue, bql_limit),
	FLD("bql_inflight", T_U64, struct vnet_queue, bql_inflight),
	FLD("tx_timeouts", T_U64, struct vnet_queue, tx_timeouts),
};

static bool key_in(const struct field *fields, size_t n, const char *key)
{
	return field_find(fields, n, key) != NULL;
}

/*
 * The queue table of group @bit (VNET_FILL_IRQS or VNET_FILL_QUEUES).  Its
 * size and the "active" flags are derived below, not read.
 */
static int parse_queues(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
			struct vnet_dev *dev, unsigned int bit)
{
	const struct field *mine = bit == VNET_FILL_IRQS ? queue_irq_fields : queue_sysfs_fields;
	size_t nmine = bit == VNET_FILL_IRQS ? ARRAY_SIZE(queue_irq_fields) :
					       ARRAY_SIZE(queue_sysfs_fields);
	size_t n = json_object_array_length(arr);
	int err;

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		char w[80];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		err = need_object(ctx, w, o);
		if (err)
			return err;
		json_object_object_foreach(o, key, val) {
			if (!strcmp(key, "index") || !strcmp(key, "active") ||
			    key_in(queue_irq_fields, ARRAY_SIZE(queue_irq_fields), key) ||
			    key_in(queue_sysfs_fields, ARRAY_SIZE(queue_sysfs_fields), key))
				continue;
			(void)val;
			return vnet_set_error(ctx, -EINVAL, "model: %s: unknown member \"%s\"", w,
					      key);
		}
		if (json_object_object_get_ex(o, "index", &v) &&
		    (!json_object_is_type(v, json_type_int) ||
		     json_object_get_int64(v) != (int64_t)i))
			return vnet_set_error(ctx, -EINVAL, "model: %s.index: expected %zu, got %s",
					      w, i, json_object_to_json_string(v));
		if (json_object_object_get_ex(o, "active", &v) &&
		    !json_object_is_type(v, json_type_boolean))
			return vnet_set_error(ctx, -EINVAL, "model: %s.active: expected a boolean, "
					      "got %s", w, type_name(v));
		json_object_object_foreach(o, k2, v2) {
			const struct field *f = field_find(mine, nmine, k2);

			if (f && (err = set_field(ctx, w, f, v2, &dev->queues[i])))
				return err;
		}
	}
	return 0;
}

/* ---- samples --------------------------------------------------------------- */

static int parse_counters(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			  enum vnet_dir dir, struct vnet_queue_sample *qs)
{
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		unsigned int m;
		uint64_t n;

		for (m = 0; m < VNET_METRICS; m++)
			if (vnet_metric_name(dir, m) && !strcmp(vnet_metric_name(dir, m), key))
				break;
		if (m == VNET_METRICS)
			return vnet_set_error(ctx, -EINVAL, "model: %s: no %s counter \"%s\"",
					      where, dir == VNET_RX ? "rx" : "tx", key);
		if (!v)
			continue;
		if (!get_number(ctx, where, key, v, VNET_UNKNOWN64 - 1, &n, &err))
			return err;
		qs->v[dir][m] = n;
	}
	return 0;
}

static const struct field sample_queue_fields[] = {
	FLD("index", T_U32, struct vnet_queue_sample, index),
	FLD("rx_irq", T_U32, struct vnet_queue_sample, irq[VNET_RX]),
	FLD("tx_irq", T_U32, struct vnet_queue_sample, irq[VNET_TX]),
};

static const struct field sample_fields[] = {
	FLD("mono_ns", T_U64, struct vnet_sample, mono_ns),
	FLD("real_ns", T_U64, struct vnet_sample, real_ns),
};

static int parse_sample(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			struct vnet_sample *s)
{
	static const char *const also[] = { "queues", NULL };
	static const char *const qalso[] = { "rx", "tx", NULL };
	struct json_object *arr, *v;
	size_t n;
	char w[96];
	int err;

	err = parse_fields(ctx, where, o, sample_fields, ARRAY_SIZE(sample_fields), also, s);
	if (err)
		return err;
	if (!json_object_object_get_ex(o, "mono_ns", &v) || !v)
		return vnet_set_error(ctx, -EINVAL, "model: %s: needs \"mono_ns\"", where);
	if (s->real_ns == VNET_UNKNOWN64)
		s->real_ns = 0;
	sub(w, sizeof(w), "%s.queues", where);
	if (!json_object_object_get_ex(o, "queues", &arr) || (err = need_array(ctx, w, arr)))
		return err ? err : vnet_set_error(ctx, -EINVAL, "model: %s: needs \"queues\"",
						  where);
	n = json_object_array_length(arr);
	s->queues = calloc(n ? n : 1, sizeof(*s->queues));
	if (!s->queues)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	for (size_t i = 0; i < n; i++) {
		struct vnet_queue_sample *qs = &s->queues[i];
		struct json_object *q = json_object_array_get_idx(arr, i);

		s->n_queues++;
		memset(qs->v, 0xff, sizeof(qs->v));
		qs->index = i;
		qs->irq[VNET_RX] = qs->irq[VNET_TX] = VNET_UNKNOWN;
		sub(w, sizeof(w), "%s.queues[%zu]", where, i);
		err = parse_fields(ctx, w, q, sample_queue_fields, ARRAY_SIZE(sample_queue_fields),
				   qalso, qs);
		if (!err && json_object_object_get_ex(q, "rx", &v))
			err = parse_counters(ctx, w, v, VNET_RX, qs);
		if (!err && json_object_object_get_ex(q, "tx", &v))
			err = parse_counters(ctx, w, v, VNET_TX, qs);
		if (err)
			return err;
	}
	return 0;
}

/* ---- devices ---------------------------------------------------------------- */

static const struct field ident_fields[] = {
	FLD("ifname", T_STR, struct vnet_dev, ifname),
	FLD("ifindex", T_U32, struct vnet_dev, ifindex),
	FLD("virtio", T_STR, struct vnet_dev, virtio_name),
	FLD("driver", T_STR, struct vnet_dev, driver),
	FLD("bus", T_STR, struct vnet_dev, bus),
};

/*
 * "vmm" is the machine's, decided from its facts ("system"), not read per
 * device; "schema" is show's version; "transport" of a PCI device repeats
 * pci.slot, of a virtio-mmio device it is the transport group.
 */
static const char *const group_members[] = {
	"pci", "features", "status", "link", "mtu", "channels", "rings", "coalesce",
	"offloads", "interrupts", "queues", "errors", "samples", "failover", "vmm", "schema",
	"transport", NULL,
};

static const struct field mmio_fields[] = {
	FLD("name", T_STR, struct vnet_mmio, name),
	FLD("base", T_U64, struct vnet_mmio, base),
	FLD("size", T_U64, struct vnet_mmio, size),
	FLD("irq", T_U32, struct vnet_mmio, irq),
	FLD("vendor_id", T_U32, struct vnet_mmio, vendor_id),
	/* derived from the features, as the library does */
	FLD("version", T_SKIP, struct vnet_mmio, version),
	FLD("type", T_SKIP, struct vnet_mmio, name),
	FLD("slot", T_SKIP, struct vnet_mmio, name),
};

/* "failover": the standby's group, identity as the scan reads it */
static const struct field failover_fields[] = {
	FLD("master", T_STR, struct vnet_failover, master),
	FLD("primary", T_STR, struct vnet_failover, primary),
};

/* "errors": the reason of each failed group, by its fill name ("irqs", not "interrupts"). */
static int check_errors(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		unsigned int g;

		for (g = 0; g < VNET_FILL_GROUPS; g++)
			if (!strcmp(vnet_fill_name(1u << g), key))
				break;
		if (g == VNET_FILL_GROUPS)
			return vnet_set_error(ctx, -EINVAL, "model: %s: not a fill group: \"%s\"",
					      where, key);
		if (!json_object_is_type(v, json_type_string))
			return vnet_set_error(ctx, -EINVAL,
					      "model: %s.%s: expected a string, got %s", where, key,
					      type_name(v));
	}
	return 0;
}

static int parse_identity(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			  struct vnet_dev *dev)
{
	struct json_object *pci, *slot, *v;
	char w[80];
	int err;

	err = parse_fields(ctx, where, o, ident_fields, ARRAY_SIZE(ident_fields), group_members,
			   dev);
	if (err)
		return err;
	if (!*dev->virtio_name)
		return vnet_set_error(ctx, -EINVAL, "model: %s: needs \"virtio\" (\"virtio0\")",
				      where);
	/* the slot is identity: "vnetctl show 00:03.0" finds the device by it */
	if (json_object_object_get_ex(o, "pci", &pci) &&
	    json_object_is_type(pci, json_type_object) &&
	    json_object_object_get_ex(pci, "slot", &slot) &&
	    json_object_is_type(slot, json_type_string))
		vnet_strcpy(dev->pci.slot, json_object_get_string(slot), sizeof(dev->pci.slot));
	/* a virtio-mmio device's platform device name is identity too */
	if (!strcmp(dev->bus, "mmio") && json_object_object_get_ex(o, "transport", &v) &&
	    json_object_is_type(v, json_type_object) &&
	    json_object_object_get_ex(v, "name", &slot) &&
	    json_object_is_type(slot, json_type_string))
		vnet_strcpy(dev->mmio.name, json_object_get_string(slot), sizeof(dev->mmio.name));
	sub(w, sizeof(w), "%s.failover", where);
	if (json_object_object_get_ex(o, "failover", &v) &&
	    (err = parse_fields(ctx, w, v, failover_fields, ARRAY_SIZE(failover_fields), NULL,
				&dev->failover)))
		return err;
	sub(w, sizeof(w), "%s.errors", where);
	if (json_object_object_get_ex(o, "errors", &v) && v && (err = check_errors(ctx, w, v)))
		return err;
	/* null or no "samples": the counters are unreadable */
	sub(w, sizeof(w), "%s.samples", where);
	if (json_object_object_get_ex(o, "samples", &v) && v)
		return need_array(ctx, w, v);
	return 0;
}

/*
 * A group the document does not give, or gives a reason for under
 * "errors": -ENODATA with that reason, which the model records.
 */
static int group_missing(struct vnet_ctx *ctx, struct json_object *o, unsigned int bit)
{
	struct json_object *errors, *why;

	if (json_object_object_get_ex(o, "errors", &errors) &&
	    json_object_object_get_ex(errors, vnet_fill_name(bit), &why) &&
	    json_object_is_type(why, json_type_string))
		return vnet_set_error(ctx, -ENODATA, "%s", json_object_get_string(why));
	return vnet_set_error(ctx, -ENODATA, "not in the model");
}

static bool listed_as_error(struct json_object *o, unsigned int bit)
{
	struct json_object *errors;

	return json_object_object_get_ex(o, "errors", &errors) &&
	       json_object_object_get_ex(errors, vnet_fill_name(bit), NULL);
}

/* The group's object in @g, or -ENODATA when the document lacks it. */
static int group_json(struct vnet_ctx *ctx, struct json_object *o, unsigned int bit,
		      const char *key, struct json_object **g)
{
	if (!json_object_object_get_ex(o, key, g) || !*g || listed_as_error(o, bit))
		return group_missing(ctx, o, bit);
	return 0;
}

typedef int (*group_fn)(struct vnet_ctx *, const char *, struct json_object *, struct vnet_dev *);

static int fill_simple(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		       unsigned int bit, const char *key, const struct field *fields, size_t n,
		       void *base)
{
	struct json_object *g;
	char w[80];
	int err = group_json(ctx, o, bit, key, &g);

	if (err)
		return err;
	sub(w, sizeof(w), "%s.%s", where, key);
	return parse_fields(ctx, w, g, fields, n, NULL, base);
}

static int fill_custom(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		       struct vnet_dev *dev, unsigned int bit, const char *key, group_fn fn)
{
	struct json_object *g;
	char w[80];
	int err = group_json(ctx, o, bit, key, &g);

	if (err)
		return err;
	sub(w, sizeof(w), "%s.%s", where, key);
	return fn(ctx, w, g, dev);
}

/*
 * The model sized the queue table before this group; a document may list
 * more queues than that (channel counts unknown), which it then holds too.
 */
static int hold_listed_queues(struct vnet_ctx *ctx, struct vnet_dev *dev, struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	if (n <= dev->n_queues)
		return 0;
	if (vnet_dev_set_queues(dev, n))
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	return 0;
}

static int fill_queue_group(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			    struct vnet_dev *dev, unsigned int bit)
{
	struct json_object *arr = NULL, *irqs = NULL;
	char w[80];
	int err;

	if (bit == VNET_FILL_IRQS && (err = group_json(ctx, o, bit, "interrupts", &irqs)))
		return err;
	json_object_object_get_ex(o, "queues", &arr);
	/* "queues" holds both groups: a failed one shows up under "errors" only */
	if (bit == VNET_FILL_QUEUES && (!arr || listed_as_error(o, bit)))
		return group_missing(ctx, o, bit);
	sub(w, sizeof(w), "%s.queues", where);
	if (arr && (err = need_array(ctx, w, arr)))
		return err;
	err = hold_listed_queues(ctx, dev, arr);
	if (!err && bit == VNET_FILL_IRQS) {
		sub(w, sizeof(w), "%s.interrupts", where);
		err = parse_interrupts(ctx, w, irqs, dev);
		sub(w, sizeof(w), "%s.queues", where);
	}
	if (!err && arr)
		err = parse_queues(ctx, w, arr, dev, bit);
	return err;
}

/* The raw facts of group @bit (one VNET_FILL_* bit) from device object @o. */
static int fill_group(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		      struct vnet_dev *dev, unsigned int bit)
{
	struct json_object *v;
	char w[80];
	int err;

	switch (bit) {
	case VNET_FILL_FEATURES:
		err = fill_custom(ctx, where, o, dev, bit, "features", parse_features);
		sub(w, sizeof(w), "%s.status", where);
		if (!err)
			err = parse_status(ctx, w, json_object_object_get_ex(o, "status", &v) ?
					   v : NULL, dev);
		return err;
	case VNET_FILL_PCI:
		/* the transport's group: "transport" of a virtio-mmio device */
		if (!strcmp(dev->bus, "mmio"))
			return fill_simple(ctx, where, o, bit, "transport", mmio_fields,
					   ARRAY_SIZE(mmio_fields), &dev->mmio);
		/* "mode" is ignored: the model classifies the device itself */
		return fill_custom(ctx, where, o, dev, bit, "pci", parse_pci);
	case VNET_FILL_LINK:
		err = fill_custom(ctx, where, o, dev, bit, "link", parse_link);
		sub(w, sizeof(w), "%s.mtu", where);
		if (!err && json_object_object_get_ex(o, "mtu", &v) && v)
			err = parse_fields(ctx, w, v, mtu_fields, ARRAY_SIZE(mtu_fields), NULL,
					   &dev->mtu);
		return err;
	case VNET_FILL_CHANNELS:
		return fill_simple(ctx, where, o, bit, "channels", channel_fields,
				   ARRAY_SIZE(channel_fields), &dev->channels);
	case VNET_FILL_RINGS:
		return fill_simple(ctx, where, o, bit, "rings", ring_fields,
				   ARRAY_SIZE(ring_fields), &dev->rings);
	case VNET_FILL_COALESCE:
		return fill_simple(ctx, where, o, bit, "coalesce", coalesce_fields,
				   ARRAY_SIZE(coalesce_fields), &dev->coalesce);
	case VNET_FILL_OFFLOADS:
		return fill_custom(ctx, where, o, dev, bit, "offloads", parse_offloads);
	case VNET_FILL_IRQS:
	case VNET_FILL_QUEUES:
		return fill_queue_group(ctx, where, o, dev, bit);
	}
	return vnet_set_error(ctx, -EINVAL, "model: %s: no fill group %#x", where, bit);
}

/* ---- the backend operations ------------------------------------------------ */

static void model_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "model.json", "", NULL, "the model document itself");
	vnet_param_define(ctx, "model.file", "", NULL, "a file holding the model document");
	vnet_param_define(ctx, "model.fail_step", "0", NULL,
			  "apply() calls N,M,... (from 1, undo steps count) are refused");
	vnet_param_define(ctx, "model.ignore_step", "0", NULL,
			  "apply() call N succeeds but changes nothing");
	vnet_param_define(ctx, "model.user", "root", NULL, "root, or user: writes need root");
	vnet_param_define(ctx, "model.logging", "off", NULL,
			  "the debug logging state; empty: unreadable");
}

static const struct field system_fields[] = {
	FLD("kernel", T_STR, struct vnet_system, kernel),
	FLD("online_cpus", T_U32, struct vnet_system, online_cpus),
	FLD("msi_vectors", T_U32, struct vnet_system, msi_vectors),
	FLD("virtio_msi_vectors", T_U32, struct vnet_system, virtio_msi_vectors),
	FLD("iommu", T_TRI, struct vnet_system, iommu),
	FLD("vendor", T_STR, struct vnet_system, vendor),
	FLD("product", T_STR, struct vnet_system, product),
	FLD("machine", T_STR, struct vnet_system, machine),
	FLD("dmi", T_TRI, struct vnet_system, dmi),
	FLD("host_bridge_vendor", T_U32, struct vnet_system, vmm_facts.host_bridge_vendor),
	FLD("host_bridge_device", T_U32, struct vnet_system, vmm_facts.host_bridge_device),
};

/* "acpi_oem_id": one table (DSDT) with that OEM id, for the VMM's fingerprint */
static const char *const system_also[] = { "acpi_oem_id", NULL };

static int model_system(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	struct model *m = model_of(ctx);
	struct json_object *oem;
	int err;

	if (!m->system)
		return 0;
	err = parse_fields(ctx, "system", m->system, system_fields, ARRAY_SIZE(system_fields),
			   system_also, sys);
	if (!err && json_object_object_get_ex(m->system, "acpi_oem_id", &oem)) {
		const char *id = json_object_get_string(oem);

		if (!id || strlen(id) != 6)
			return vnet_set_error(ctx, -EINVAL,
					      "model: system.acpi_oem_id: 6 characters");
		sys->vmm_facts.acpi = VNET_ACPI_READ;
		sys->vmm_facts.acpi_tables = sys->vmm_facts.n_acpi = 1;
		memcpy(sys->vmm_facts.acpi_header[0].signature, "DSDT", 4);
		memcpy(sys->vmm_facts.acpi_header[0].oem_id, id, 6);
	}
	return err;
}

static char *read_text(struct vnet_ctx *ctx, const char *path, int *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		*err = vnet_set_error(ctx, -errno, "model: %s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		char *grown;

		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				*err = vnet_set_error(ctx, -ENOMEM, "model: out of memory");
				return NULL;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n == 4096);
	buf[len] = '\0';
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		*err = vnet_set_error(ctx, -EIO, "model: %s: read error", path);
	}
	fclose(f);
	return buf;
}

/* Everything once, into scratch objects: the errors come out here. */
static int validate(struct vnet_ctx *ctx, struct model *m)
{
	struct vnet_system sys;
	int err = 0;

	if (m->system && (err = model_system(ctx, &sys)))
		return err;
	for (size_t i = 0; !err && i < json_object_array_length(m->devices); i++) {
		struct json_object *o = json_object_array_get_idx(m->devices, i), *samples;
		struct vnet_dev *dev = vnet_dev_alloc();
		char w[32];

		if (!dev)
			return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
		sub(w, sizeof(w), "devices[%zu]", i);
		err = need_object(ctx, w, o);
		if (!err)
			err = parse_identity(ctx, w, o, dev);
		/* a group the document lacks is no error in it: the model records it */
		for (unsigned int g = 0; !err && g < VNET_FILL_GROUPS; g++)
			if ((err = fill_group(ctx, w, o, dev, 1u << g)) == -ENODATA)
				err = 0;
		vnet_dev_free(dev);
		if (err || !json_object_object_get_ex(o, "samples", &samples) || !samples)
			continue;
		for (size_t k = 0; !err && k < json_object_array_length(samples); k++) {
			struct vnet_sample *s = calloc(1, sizeof(*s));
			char ws[48];

			if (!s)
				return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
			sub(ws, sizeof(ws), "%s.samples[%zu]", w, k);
			err = parse_sample(ctx, ws, json_object_array_get_idx(samples, k), s);
			vnet_sample_free(s);
		}
	}
	return err;
}

static int model_init(struct vnet_ctx *ctx)
{
	const char *file = vnet_param_get(ctx, "model.file");
	const char *text = vnet_param_get(ctx, "model.json");
	char *owned = NULL;
	struct model *m;
	enum json_tokener_error jerr;
	int err = 0;

	if (*file && !(text = owned = read_text(ctx, file, &err)))
		return err;
	if (!*text) {
		free(owned);
		return vnet_set_error(ctx, -EINVAL, "model: set model.json or model.file");
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		free(owned);
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	}
	m->root = json_tokener_parse_verbose(text, &jerr);
	free(owned);
	if (!m->root) {
		free(m);
		return vnet_set_error(ctx, -EINVAL, "model: not JSON: %s",
				      json_tokener_error_desc(jerr));
	}
	if (json_object_is_type(m->root, json_type_array)) {
		m->devices = m->root;
	} else if (json_object_is_type(m->root, json_type_object)) {
		json_object_object_foreach(m->root, key, v) {
			if (!strcmp(key, "devices"))
				m->devices = v;
			else if (!strcmp(key, "system"))
				m->system = v;
			else
				err = vnet_set_error(ctx, -EINVAL, "model: unknown member \"%s\"",
						     key);
		}
		if (!err && !m->devices)
			err = vnet_set_error(ctx, -EINVAL, "model: needs \"devices\"");
		if (!err)
			err = need_array(ctx, "devices", m->devices);
		if (!err && m->system)
			err = need_object(ctx, "system", m->system);
	} else {
		err = vnet_set_error(ctx, -EINVAL, "model: expected an object or an array, got %s",
				     type_name(m->root));
	}
	ctx->backend_priv = m;
	snprintf(m->logging, sizeof(m->logging), "%s", vnet_param_get(ctx, "model.logging"));
	if (!err)
		err = validate(ctx, m);
	if (err) {
		json_object_put(m->root);
		free(m);
		ctx->backend_priv = NULL;
		return err;
	}
	vnet_clear_error(ctx);
	return 0;
}

static void model_cleanup(struct vnet_ctx *ctx)
{
	struct model *m = model_of(ctx);

	if (!m)
		return;
	json_object_put(m->root);
	free(m->steps);
	free(m);
	ctx->backend_priv = NULL;
}

static int model_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct model *m = model_of(ctx);

	for (size_t i = 0; i < json_object_array_length(m->devices); i++) {
		struct vnet_dev *dev = vnet_dev_alloc();
		struct model_dev *md = malloc(sizeof(*md));
		char w[32];
		int err;

		sub(w, sizeof(w), "devices[%zu]", i);
		if (!dev || !md) {
			vnet_dev_free(dev);
			free(md);
			return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
		}
		md->index = i;
		dev->backend_priv = md;
		err = parse_identity(ctx, w, json_object_array_get_idx(m->devices, i), dev);
		if (!err)
			err = vnet_dev_list_append(list, dev);
		if (err) {
			vnet_dev_free(dev);
			return err;
		}
	}
	return 0;
}

static struct json_object *dev_json(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	const struct model_dev *md = dev->backend_priv;

	return json_object_array_get_idx(model_of(ctx)->devices, md->index);
}

/* The document never changes: a device is gone only past the end of "devices". */
static int model_identify(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	const struct model_dev *md = dev->backend_priv;
	char w[32];

	if (md->index >= json_object_array_length(model_of(ctx)->devices))
		return vnet_set_error(ctx, -ENODEV, "model: %s is gone", dev->virtio_name);
	sub(w, sizeof(w), "devices[%zu]", md->index);
	return parse_identity(ctx, w, dev_json(ctx, dev), dev);
}

static int model_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	const struct model_dev *md = dev->backend_priv;
	char w[32];

	sub(w, sizeof(w), "devices[%zu]", md->index);
	return fill_group(ctx, w, dev_json(ctx, dev), dev, group);
}

/* What a count of rx-N directories is: the listed queues marked "active". */
static unsigned int model_count_rx_queues(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct json_object *arr, *v;
	unsigned int n = 0;

	if (!json_object_object_get_ex(dev_json(ctx, dev), "queues", &arr) || !arr)
		return 0;
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(arr, i), "active", &v) &&
		    json_object_get_boolean(v))
			n++;
	return n;
}

static int model_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	const struct model_dev *md = dev->backend_priv;
	struct model_stats *st;
	struct json_object *samples;

	if (!json_object_object_get_ex(dev_json(ctx, dev), "samples", &samples) || !samples)
		return vnet_set_error(ctx, -ENODATA, "model: %s has no samples", dev->virtio_name);
	st = calloc(1, sizeof(*st));
	if (!st)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	st->samples = samples;
	st->index = md->index;
	memcpy(st->name, dev->virtio_name, sizeof(st->name));
	*priv = st;
	return 0;
}

static int model_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *s)
{
	struct model_stats *st = priv;
	char w[48];

	if (st->next >= json_object_array_length(st->samples))
		return vnet_set_error(ctx, -ENODATA, "model: %s: all %zu samples were taken",
				      st->name, st->next);
	sub(w, sizeof(w), "devices[%zu].samples[%zu]", st->index, st->next);
	return parse_sample(ctx, w, json_object_array_get_idx(st->samples, st->next++), s);
}

static void model_stats_close(struct vnet_ctx *ctx, void *priv)
{
	(void)ctx;
	free(priv);
}

/* ---- writes ------------------------------------------------------------------ */

static struct json_object *member_obj(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		v = json_object_new_object();
		json_object_object_add(o, key, v);
	}
	return v;
}

static void put_u32(struct json_object *o, const char *key, uint32_t v)
{
	if (v != VNET_UNKNOWN)
		json_object_object_add(o, key, json_object_new_int64(v));
}

static struct json_object *queues_of(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct json_object *arr = NULL;

	json_object_object_get_ex(dev_json(ctx, dev), "queues", &arr);
	return arr;
}

/* A queue's rx or tx vector @irq now on @cpus (and effectively there). */
static void set_irq_cpus(struct json_object *q, uint32_t irq, const char *cpus)
{
	static const char *const dir[] = { "rx", "tx" };

	for (int d = 0; d < 2; d++) {
		struct json_object *v;
		char key[32];

		snprintf(key, sizeof(key), "%s_irq", dir[d]);
		if (!json_object_object_get_ex(q, key, &v) || !v || json_object_get_int64(v) != irq)
			continue;
		snprintf(key, sizeof(key), "%s_affinity", dir[d]);
		json_object_object_add(q, key, json_object_new_string(cpus));
		snprintf(key, sizeof(key), "%s_effective_cpus", dir[d]);
		json_object_object_add(q, key, json_object_new_string(cpus));
	}
}

/* The step as a line of the log, and its effect on the document. */
static void model_write(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w,
			FILE *log, bool effect)
{
	struct model *m = model_of(ctx);
	struct json_object *o = dev_json(ctx, dev), *arr;

	fprintf(log, "%s", vnet_write_kind_name(w->kind));
	switch (w->kind) {
	case VNET_W_LINK_DOWN:
	case VNET_W_LINK_UP:
		if (effect)
			json_object_object_add(member_obj(o, "link"), "admin_up",
					       json_object_new_boolean(w->value));
		break;
	case VNET_W_MAC:
		fprintf(log, " %s", w->mac);
		if (effect)
			json_object_object_add(member_obj(o, "link"), "mac",
					       json_object_new_string(w->mac));
		break;
	case VNET_W_MTU:
		fprintf(log, " %" PRIu32, w->value);
		if (effect)
			put_u32(member_obj(o, "mtu"), "current", w->value);
		break;
	case VNET_W_CHANNELS:
		fprintf(log, " %" PRIu32, w->value);
		if (!effect)
			break;
		put_u32(member_obj(o, "channels"), "combined", w->value);
		arr = queues_of(ctx, dev);
		for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
			json_object_object_add(json_object_array_get_idx(arr, i), "active",
					       json_object_new_boolean(i < w->value));
		break;
	case VNET_W_RINGS:
		if (w->rx != VNET_UNKNOWN)
			fprintf(log, " rx=%" PRIu32, w->rx);
		if (w->tx != VNET_UNKNOWN)
			fprintf(log, " tx=%" PRIu32, w->tx);
		if (effect) {
			put_u32(member_obj(o, "rings"), "rx", w->rx);
			put_u32(member_obj(o, "rings"), "tx", w->tx);
		}
		break;
	case VNET_W_COALESCE: {
		static const char *const keys[] = { "rx_usecs", "rx_frames", "tx_usecs",
						    "tx_frames" };
		const uint32_t v[] = { w->coal.rx_usecs, w->coal.rx_frames, w->coal.tx_usecs,
				       w->coal.tx_frames };

		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			if (v[i] == VNET_UNKNOWN)
				continue;
			fprintf(log, " %s=%" PRIu32, keys[i], v[i]);
			if (effect)
				put_u32(member_obj(o, "coalesce"), keys[i], v[i]);
		}
		if (w->coal.adaptive_rx != VNET_TRI_UNKNOWN) {
			fprintf(log, " adaptive_rx=%s",
				w->coal.adaptive_rx == VNET_TRI_YES ? "on" : "off");
			bool on = w->coal.adaptive_rx == VNET_TRI_YES;

			if (effect)
				json_object_object_add(member_obj(o, "coalesce"), "adaptive_rx",
						       json_object_new_boolean(on));
		}
		break;
	}
	case VNET_W_FEATURES:
		arr = NULL;
		json_object_object_get_ex(o, "offloads", &arr);
		for (size_t i = 0; i < w->n; i++) {
			size_t nk = effect && arr ? json_object_array_length(arr) : 0;
			bool on = w->feats[i].on;

			fprintf(log, " %s=%s", w->feats[i].name, on ? "on" : "off");
			for (size_t k = 0; k < nk; k++) {
				struct json_object *x = json_object_array_get_idx(arr, k), *nm;

				if (!json_object_object_get_ex(x, "name", &nm) ||
				    strcmp(json_object_get_string(nm), w->feats[i].name))
					continue;
				json_object_object_add(x, "active", json_object_new_boolean(on));
				json_object_object_add(x, "requested", json_object_new_boolean(on));
			}
		}
		break;
	case VNET_W_IRQ_AFFINITY:
		arr = queues_of(ctx, dev);
		for (size_t i = 0; i < w->n; i++) {
			size_t nk = effect && arr ? json_object_array_length(arr) : 0;
			const char *cpus = w->cpus[i].cpus;

			fprintf(log, " %" PRIu32 ":%s", w->cpus[i].index, cpus);
			for (size_t k = 0; k < nk; k++)
				set_irq_cpus(json_object_array_get_idx(arr, k), w->cpus[i].index,
					     cpus);
		}
		break;
	case VNET_W_XPS:
	case VNET_W_RPS:
		arr = queues_of(ctx, dev);
		for (size_t i = 0; i < w->n; i++) {
			struct json_object *q;

			fprintf(log, " %" PRIu32 ":%s", w->cpus[i].index, w->cpus[i].cpus);
			if (effect && arr && (q = json_object_array_get_idx(arr, w->cpus[i].index)))
				json_object_object_add(q, w->kind == VNET_W_XPS ? "xps_cpus" :
							  "rps_cpus",
						       json_object_new_string(w->cpus[i].cpus));
		}
		break;
	case VNET_W_LOGGING:
		fprintf(log, " %s", w->value ? "on" : "off");
		if (effect)
			snprintf(m->logging, sizeof(m->logging), "%s", w->value ? "on" : "off");
		break;
	case VNET_W_KINDS:
		break;
	}
	fputc('\n', log);
}

/* @call in the comma-separated list @list */
static bool listed(const char *list, size_t call)
{
	for (const char *p = list; *p;) {
		char *end;

		if (strtoul(p, &end, 10) == call)
			return true;
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
	return false;
}

static int model_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	(void)dev;
	if (strcmp(vnet_param_get(ctx, "model.user"), "root"))
		return vnet_set_error(ctx, -EPERM, "model: changing settings needs root");
	return 0;
}

static int model_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	struct model *m = model_of(ctx);
	size_t call = ++m->calls;
	char *line = NULL;
	size_t len = 0;
	FILE *log;
	int err = model_writable(ctx, dev);

	if (err)
		return err;
	if (listed(vnet_param_get(ctx, "model.fail_step"), call))
		return vnet_set_error(ctx, -EINVAL, "model: step %zu (%s) refused as told", call,
				      vnet_write_kind_name(w->kind));
	log = open_memstream(&line, &len);
	if (!log)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	model_write(ctx, dev, w, log,
		    call != strtoul(vnet_param_get(ctx, "model.ignore_step"), NULL, 10));
	if (fclose(log)) {
		free(line);
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	}
	{
		char *grown = realloc(m->steps, m->steps_len + len + 1);

		if (!grown) {
			free(line);
			return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
		}
		m->steps = grown;
		memcpy(m->steps + m->steps_len, line, len + 1);
		m->steps_len += len;
	}
	free(line);
	return 0;
}

static int model_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
			      char *buf, size_t len)
{
	struct model *m = model_of(ctx);

	(void)dev;
	if (strcmp(name, "logging") || !*m->logging)
		return vnet_set_error(ctx, -ENOENT, "model: %s is not readable", name);
	snprintf(buf, len, "%s", m->logging);
	return 0;
}

const char *model_steps(struct vnet_ctx *ctx)
{
	struct model *m = ctx->started ? model_of(ctx) : NULL;

	return m && m->steps ? m->steps : "";
}

const struct vnet_backend_ops model_backend = {
	.name = "model",
	.help = "devices from a JSON model (unit tests)",
	.config = model_config,
	.init = model_init,
	.cleanup = model_cleanup,
	.scan = model_scan,
	.identify = model_identify,
	.fill = model_fill,
	.count_rx_queues = model_count_rx_queues,
	.system = model_system,
	.stats_open = model_stats_open,
	.stats_sample = model_stats_sample,
	.stats_close = model_stats_close,
	.writable = model_writable,
	.apply = model_apply,
	.read_setting = model_read_setting,
};

static struct vnet_ctx *ctx_with(const char *key, const char *value)
{
	struct vnet_ctx *ctx = vnet_ctx_new();

	if (ctx && (vnet_ctx_set_backend_ops(ctx, &model_backend) ||
		    vnet_ctx_set_param(ctx, key, value))) {
		vnet_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

struct vnet_ctx *model_ctx_new(const char *json)
{
	return ctx_with("model.json", json);
}

struct vnet_ctx *model_ctx_new_file(const char *path)
{
	return ctx_with("model.file", path);
}

/* ---- editing documents in tests -------------------------------------------- */

struct json_object *model_parse(const char *text)
{
	char *copy = strdup(text);
	struct json_object *o;
	enum json_tokener_error jerr;

	if (!copy)
		abort();
	for (char *p = copy; *p; p++)
		if (*p == '\'')
			*p = '"';
	o = json_tokener_parse_verbose(copy, &jerr);
	if (!o && strcmp(copy, "null")) {
		fprintf(stderr, "model_parse: %s: %s\n", json_tokener_error_desc(jerr), copy);
		abort();
	}
	free(copy);
	return o;
}

struct json_object *model_load(const char *name)
{
	char path[1024];
	struct json_object *o;

	snprintf(path, sizeof(path), "%s/%s", MODEL_DIR, name);
	o = json_object_from_file(path);
	if (!o) {
		fprintf(stderr, "model_load: %s: %s\n", path, json_util_get_last_err());
		abort();
	}
	return o;
}

static struct json_object *merge(struct json_object *base, struct json_object *patch)
{
	if (json_object_is_type(base, json_type_object) &&
	    json_object_is_type(patch, json_type_object)) {
		json_object_object_foreach(patch, key, v) {
			struct json_object *old = NULL;

			struct json_object *merged;

			json_object_object_get_ex(base, key, &old);
			merged = merge(json_object_get(old), json_object_get(v));
			if (merged == old)
				json_object_put(merged);	/* merged in place */
			else
				json_object_object_add(base, key, merged);
		}
		json_object_put(patch);
		return base;
	}
	if (json_object_is_type(base, json_type_array) &&
	    json_object_is_type(patch, json_type_array)) {
		struct json_object *out = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(patch); i++) {
			struct json_object *b = i < json_object_array_length(base) ?
						json_object_array_get_idx(base, i) : NULL;
			struct json_object *p = json_object_array_get_idx(patch, i);

			json_object_array_add(out, merge(json_object_get(b), json_object_get(p)));
		}
		json_object_put(base);
		json_object_put(patch);
		return out;
	}
	json_object_put(base);
	return patch;
}

void model_patch(struct json_object *doc, const char *patch)
{
	struct json_object *p = model_parse(patch);

	if (!json_object_is_type(doc, json_type_object) ||
	    !json_object_is_type(p, json_type_object)) {
		fprintf(stderr, "model_patch: the document and the patch must be objects\n");
		abort();
	}
	/* an object merges in place: @doc stays the caller's pointer */
	merge(json_object_get(doc), p);
	json_object_put(doc);
}

void model_features(struct json_object *doc, size_t dev, const char *edits)
{
	struct json_object *devs, *d, *f, *neg, *out;
	char *copy = strdup(edits), *save = NULL;

	if (!copy || !json_object_object_get_ex(doc, "devices", &devs) ||
	    !(d = json_object_array_get_idx(devs, dev)) ||
	    !json_object_object_get_ex(d, "features", &f) ||
	    !json_object_object_get_ex(f, "negotiated", &neg)) {
		fprintf(stderr, "model_features: device %zu has no features.negotiated\n", dev);
		abort();
	}
	json_object_object_del(f, "bits");
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		bool add = *tok == '+';
		bool found = false;

		if (*tok != '+' && *tok != '-') {
			fprintf(stderr, "model_features: \"%s\" needs + or -\n", tok);
			abort();
		}
		out = json_object_new_array();
		for (size_t i = 0; i < json_object_array_length(neg); i++) {
			struct json_object *v = json_object_array_get_idx(neg, i);

			if (!strcmp(json_object_get_string(v), tok + 1)) {
				found = true;
				if (!add)
					continue;
			}
			json_object_array_add(out, json_object_get(v));
		}
		if (add && !found)
			json_object_array_add(out, json_object_new_string(tok + 1));
		if (!add && !found) {
			fprintf(stderr, "model_features: %s is not negotiated\n", tok + 1);
			abort();
		}
		json_object_object_add(f, "negotiated", out);
		neg = out;
	}
	free(copy);
}

struct vnet_ctx *model_ctx_new_doc(struct json_object *doc)
{
	return model_ctx_new(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
}
