// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * state.c - the state document's reader and the "bundle" backend
 *
 * The state document ("state.json" of a support bundle, schema 1) is the
 * model of every device and the machine's raw facts, written by
 * vnet_state_build() (state-write.c) and read back here.  Every read
 * command run offline on it prints what it printed live: the facts are
 * served to lib/dev.c exactly as a live backend reads them, and everything
 * derived (a PCI device's "mode", a capability's "name", the queues'
 * "active", the machine's "vmm") is recomputed there, never trusted.
 *
 *   { "schema": 1,                        required, VNET_STATE_SCHEMA
 *     "system": {                         optional: absent, the machine is unknown
 *       "kernel": str, "vendor": str, "product": str, "machine": str,
 *       "online_cpus": u32, "msi_vectors": u32, "virtio_msi_vectors": u32,
 *       "iommu": bool, "dmi": bool, "pci": bool, "hypervisor_flag": bool,
 *       "acpi": "unknown" | "read" | "need_root",
 *       "acpi_tables": u32,               table files seen, readable or not
 *       "acpi_headers": [                 at most VNET_ACPI_TABLES, raw bytes in
 *         { "signature": hex8,            lowercase hex (exactly 2 digits a byte)
 *           "oem_id": hex12, "oem_table_id": hex16, "creator_id": hex8 } ],
 *       "host_bridge_vendor": u32, "host_bridge_device": u32,
 *       "net_vendor": u32, "net_device": u32, "net_subsystem_vendor": u32,
 *       "net_subsystem_device": u32, "net_class": u32, "mmio_vendor": u32 },
 *     "devices": [                        at most VNET_STATE_MAX_DEVICES (256)
 *       { <the object "vnetctl -j show" prints for the device: vnetctl(8)
 *          "JSON OUTPUT"; its "vmm", "schema", "mode" and "active" are
 *          derived, accepted and recomputed; "offloads" at most 256>,
 *         "samples": [                    absent or null: counters unreadable;
 *           { "mono_ns": u64,             at most VNET_STATE_MAX_SAMPLES (100000),
 *             "real_ns": u64,             replayed in order, one a vnet_stats_sample()
 *             "queues": [                 at most VNET_MAX_QUEUE_PAIRS (1024)
 *               { "index": u32, "rx_irq": u32, "tx_irq": u32,
 *                 "rx": { <vnet_metric_name(RX, m)>: u64, ... },
 *                 "tx": { <vnet_metric_name(TX, m)>: u64, ... },
 *                 "extra": [ { "name": str, "value": u64, "source": src } ] } ],
 *             "sources": { "rx": { <metric>: src }, "tx": { <metric>: src } },
 *             "extra": [ { "name": str, "value": u64, "source": src } ] } ],
 *         "interrupt_lines": {            the device-wide lines (VNET_FILL_IRQS), whole
 *           "config": <line>, "shared": <line> },
 *             line: { "irq": u32, "name": str, "affinity": str,
 *                     "effective_cpus": str, "interrupts": u64 }
 *         "netkvm": {                     a NetKVM device (windows backend), read with
 *           <identity strings>,             the features group; absent: not one
 *           "wmi": { "generation": "statistics" | "diag" | "ctrl" | "uso" | null,
 *                    "error": str, <NetKvm_Config/Diag facts: u32, tri>,
 *                    "init_time_ms": s32, "lazy_alloc_time_ms": s32 },
 *           "netkvmd": { <bool>..., "vf_ifindex": u32 } | null, "netkvmd_error": str,
 *           "params": [                   at most VNET_STATE_MAX_NETKVM_PARAMS (256)
 *             { "keyword": str, "desc": str, "type": "enum" | "int" | "edit" | null,
 *               "min": s64, "max": s64, "step": s64, "inf_default": str,
 *               "values": [ { "value": str, "desc": str } ],   at most 16
 *               "optional": bool, "present": bool, "value": str (null: !present) } ] },
 *                                         a device with "netkvm" may have "virtio": ""
 *         "settings": { "logging": "on" | "off" | "partial" | null,
 *                       "errors": { "logging": str } } } ] }
 *                                         why an unreadable setting was (get shows it)
 *
 * u32 and u64 are JSON integers below VNET_UNKNOWN and VNET_UNKNOWN64; a
 * missing or null number, boolean or string is unknown (a counter or a
 * source missing: not reported); src is a vnet_source_name() ("ethtool",
 * "qstats", "interrupts"); "extra" lists hold at most VNET_STATE_MAX_EXTRA
 * (1024) and a name fits 39 bytes; the text is at most VNET_STATE_MAX_BYTES
 * (64 MiB).  In a device object, a group that is missing
 * or null, or named under "errors", is a failed group (its reason from
 * "errors").  Strings must fit the members they fill.  An unknown member,
 * a wrong type, a value out of range or past a bound is an error naming
 * its path ("devices[1].queues[3].rx_irq"); the whole document is checked
 * when it is attached, so nothing fails later but memory.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "state.h"

/* dev->backend_priv: which entry of "devices" the device came from */
struct state_dev {
	size_t index;
};

/* copied at open: the device may be freed by a rescan while the stream is open */
struct state_stats {
	struct json_object *samples;
	size_t next;
	size_t index;
	char name[sizeof(((struct vnet_dev *)0)->virtio_name)];
	char source[sizeof(((struct vnet_state *)0)->source)];
};

struct vnet_state *vnet_state_of(struct vnet_ctx *ctx)
{
	return ctx->backend_priv;
}

/* A key of the document in a message: quoted and escaped, so it stays one line. */
struct quoted {
	char s[96];
};

static struct quoted quoted(const char *key)
{
	struct json_object *o = json_object_new_string(key);
	struct quoted q;

	if (!o)
		memcpy(q.s, "\"?\"", 4);
	else if (!vnet_strcpy(q.s, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE),
			      sizeof(q.s)))
		memcpy(q.s + sizeof(q.s) - 5, "...\"", 5);
	json_object_put(o);
	return q;
}

/* An error in the document: its origin first ("bundle b.tgz: state.json: ..."). */
__attribute__((format(printf, 3, 4)))
static int fail(struct vnet_ctx *ctx, int err, const char *fmt, ...)
{
	const struct vnet_state *st = vnet_state_of(ctx);
	char msg[sizeof(ctx->error)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vnet_set_error(ctx, err, "%s: %s", st ? st->origin : "state document", msg);
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
		*err = fail(ctx, -EINVAL, "%s.%s: expected a number, got %s",
			    where, key, type_name(v));
		return false;
	}
	s = json_object_get_int64(v);
	*out = json_object_get_uint64(v);
	if (s < 0 || *out > max) {
		*err = fail(ctx, -ERANGE, "%s.%s: %s is out of range 0..%" PRIu64, where, key,
			    json_object_get_string(v), max);
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
			return fail(ctx, -ENAMETOOLONG,
				    "%s.%s: longer than %zu characters", where,
				    f->key, f->size - 1);
		return 0;
	case T_SKIP:
		return 0;
	}
	return fail(ctx, -EINVAL, "%s.%s: expected a %s, got %s", where, f->key,
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
	return fail(ctx, -EINVAL, "%s: expected an object, got %s", where,
		    type_name(o));
}

static int need_array(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	if (json_object_is_type(o, json_type_array))
		return 0;
	return fail(ctx, -EINVAL, "%s: expected an array, got %s", where,
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
			return fail(ctx, -EINVAL, "%s: unknown member %s",
				    where, quoted(key).s);
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
	return fail(ctx, -EINVAL, "%s.%s: unexpected value %s", where, key,
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
		return fail(ctx, -E2BIG, "%s: more than %d capabilities", where,
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
			return fail(ctx, -ERANGE, "%s: a byte member is above 255",
				    w);
		*vc = (struct vnet_virtio_cap){ c.position, c.cfg_type, c.bar, c.id, c.cap_len,
						c.offset, c.length,
						c.cfg_type == VNET_CAP_NOTIFY ? c.mult :
										VNET_UNKNOWN };
	}
	pci->n_virtio_caps = n;
	return 0;
}

static const char *pci_mode_at(unsigned int i)
{
	return vnet_pci_mode_name(i);
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
	/*
	 * Windows shows no config space to classify: NetKVM's mode comes from
	 * the hardware id, and is kept as written (lib/dev.c keeps a mode the
	 * config space cannot tell).
	 */
	if (dev->netkvm && json_object_object_get_ex(o, "mode", &v) && v) {
		unsigned int mode = VNET_MODE_UNKNOWN;

		err = parse_enum(ctx, where, "mode", v, pci_mode_at, VNET_MODE_MODERN + 1, &mode);
		if (err)
			return err;
		dev->pci.mode = mode;
	}
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
			return fail(ctx, -EINVAL,
				    "%s[%zu]: not a feature name: %s", w, i,
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
		return fail(ctx, -EINVAL, "%s.bits: expected \"0x\" and up to 32 "
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
			return fail(ctx, -EINVAL, "%s: unknown member %s",
				    where, quoted(key).s);
	}
	if (nbits && !get_number(ctx, where, "nbits", nbits, VNET_FEATURE_BITS, &n, &err))
		return err;
	/* NetKVM does not report them: 0 bits, null, nothing offered */
	if (dev->netkvm && !n) {
		if (neg || hex || offered)
			return fail(ctx, -EINVAL, "%s: \"nbits\" 0 (unknown) with feature "
				    "bits", where);
		memset(f, 0, sizeof(*f));
		return 0;
	}
	if (n != 64 && n != 128)
		return fail(ctx, -EINVAL, "%s.nbits: the kernel reports 64 or "
			    "128 bits, not %" PRIu64, where, n);
	f->nbits = n;
	if (!neg && !hex)
		return fail(ctx, -EINVAL, "%s: needs \"negotiated\" or \"bits\"",
			    where);
	if (neg && (err = parse_names(ctx, where, "negotiated", neg, f->negotiated)))
		return err;
	if (hex && (err = parse_hex_bits(ctx, where, hex, from_hex)))
		return err;
	if (!neg)
		memcpy(f->negotiated, from_hex, sizeof(from_hex));
	else if (hex && memcmp(from_hex, f->negotiated, sizeof(from_hex)))
		return fail(ctx, -EINVAL, "%s: \"bits\" %s disagrees with "
			    "\"negotiated\"", where, json_object_get_string(hex));
	if (n == 64 && f->negotiated[1])
		return fail(ctx, -EINVAL, "%s: a bit above 63 with \"nbits\" 64",
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
			return fail(ctx, -EINVAL, "%s[%zu]: not a status bit: %s",
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
	if (n > VNET_STATE_MAX_OFFLOADS)
		return fail(ctx, -E2BIG, "%s: %zu offloads are beyond %d", where, n,
			    VNET_STATE_MAX_OFFLOADS);
	free(dev->offloads);
	dev->n_offloads = 0;
	dev->offloads = calloc(n ? n : 1, sizeof(*dev->offloads));
	if (!dev->offloads)
		return fail(ctx, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		char w[80];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		err = parse_fields(ctx, w, o, offload_fields, ARRAY_SIZE(offload_fields), NULL,
				   &dev->offloads[i]);
		if (!err && !*dev->offloads[i].name)
			err = fail(ctx, -EINVAL, "%s: no name", w);
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

/*
 * "interrupt_lines": the device-wide lines, whole (show prints only their
 * numbers, check names the line too).  Not show's: the document's own.
 */
static const struct field irq_line_fields[] = {
	FLD("irq", T_U32, struct vnet_irq, irq),
	FLD("name", T_STR, struct vnet_irq, name),
	FLD("affinity", T_STR, struct vnet_irq, affinity),
	FLD("effective_cpus", T_STR, struct vnet_irq, effective),
	FLD("interrupts", T_U64, struct vnet_irq, count),
};

static const struct {
	const char *key;
	size_t off;
} irq_lines[] = {
	{ "config", offsetof(struct vnet_irqs, config) },
	{ "shared", offsetof(struct vnet_irqs, shared) },
};

static int parse_irq_lines(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			   struct vnet_dev *dev)
{
	int err = need_object(ctx, where, o);
	char w[96];

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(irq_lines); i++)
			if (!strcmp(irq_lines[i].key, key))
				break;
		if (i == ARRAY_SIZE(irq_lines))
			return fail(ctx, -EINVAL, "%s: unknown member %s", where, quoted(key).s);
		sub(w, sizeof(w), "%s.%s", where, key);
		if (v && (err = parse_fields(ctx, w, v, irq_line_fields,
					     ARRAY_SIZE(irq_line_fields), NULL,
					     (char *)&dev->irqs + irq_lines[i].off)))
			return err;
	}
	return 0;
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
			return fail(ctx, -EINVAL, "%s: unknown member %s", w,
				    quoted(key).s);
		}
		if (json_object_object_get_ex(o, "index", &v) &&
		    (!json_object_is_type(v, json_type_int) ||
		     json_object_get_int64(v) != (int64_t)i))
			return fail(ctx, -EINVAL, "%s.index: expected %zu, got %s",
				    w, i, json_object_to_json_string(v));
		if (json_object_object_get_ex(o, "active", &v) &&
		    !json_object_is_type(v, json_type_boolean))
			return fail(ctx, -EINVAL, "%s.active: expected a boolean, "
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

static int metric_of(enum vnet_dir dir, const char *key, unsigned int *m)
{
	for (*m = 0; *m < VNET_METRICS; (*m)++)
		if (vnet_metric_name(dir, *m) && !strcmp(vnet_metric_name(dir, *m), key))
			return 0;
	return -ENOENT;
}

static const char *dir_key(enum vnet_dir dir)
{
	return dir == VNET_RX ? "rx" : "tx";
}

static int parse_counters(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			  enum vnet_dir dir, struct vnet_queue_sample *qs)
{
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		unsigned int m;
		uint64_t n;

		if (metric_of(dir, key, &m))
			return fail(ctx, -EINVAL, "%s: no %s counter %s", where, dir_key(dir),
				    quoted(key).s);
		if (!v)
			continue;
		if (!get_number(ctx, where, key, v, VNET_UNKNOWN64 - 1, &n, &err))
			return err;
		qs->v[dir][m] = n;
	}
	return 0;
}

/* A vnet_source_name(), or null (none). */
static int parse_source(struct vnet_ctx *ctx, const char *where, const char *key,
			struct json_object *v, enum vnet_source *out)
{
	*out = VNET_SRC_NONE;
	if (!v)
		return 0;
	/* every source the model names ("none" past the last): the Windows ones too */
	for (unsigned int i = VNET_SRC_NONE + 1; json_object_is_type(v, json_type_string) &&
						 i < 64 && strcmp(vnet_source_name(i), "none"); i++)
		if (!strcmp(vnet_source_name(i), json_object_get_string(v))) {
			*out = i;
			return 0;
		}
	return fail(ctx, -EINVAL, "%s.%s: not a counter source: %s", where, key,
		    json_object_to_json_string(v));
}

static int parse_sources(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			 struct vnet_sample *s)
{
	int err = need_object(ctx, where, o);
	char w[128];

	if (err)
		return err;
	json_object_object_foreach(o, key, per_metric) {
		enum vnet_dir dir;

		if (!strcmp(key, "rx"))
			dir = VNET_RX;
		else if (!strcmp(key, "tx"))
			dir = VNET_TX;
		else
			return fail(ctx, -EINVAL, "%s: unknown member %s", where, quoted(key).s);
		sub(w, sizeof(w), "%s.%s", where, key);
		if ((err = need_object(ctx, w, per_metric)))
			return err;
		json_object_object_foreach(per_metric, name, v) {
			unsigned int m;

			if (metric_of(dir, name, &m))
				return fail(ctx, -EINVAL, "%s: no %s counter %s", w,
					    dir_key(dir), quoted(name).s);
			if ((err = parse_source(ctx, w, name, v, &s->source[dir][m])))
				return err;
		}
	}
	return 0;
}

static const struct field extra_fields[] = {
	FLD("name", T_STR, struct vnet_extra_counter, name),
	FLD("value", T_U64, struct vnet_extra_counter, value),
};

/* "extra": counters vnet_metric does not cover, into a new array. */
static int parse_extra(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
		       unsigned int *n_out, struct vnet_extra_counter **out)
{
	static const char *const also[] = { "source", NULL };
	size_t n;
	int err = need_array(ctx, where, arr);

	if (err)
		return err;
	n = json_object_array_length(arr);
	if (n > VNET_STATE_MAX_EXTRA)
		return fail(ctx, -E2BIG, "%s: %zu counters are beyond %d", where, n,
			    VNET_STATE_MAX_EXTRA);
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		return fail(ctx, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		struct vnet_extra_counter *x = &(*out)[i];
		char w[128];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		err = parse_fields(ctx, w, o, extra_fields, ARRAY_SIZE(extra_fields), also, x);
		if (!err && (!json_object_object_get_ex(o, "value", &v) || !v))
			err = fail(ctx, -EINVAL, "%s: needs \"value\"", w);
		if (!err && !*x->name)
			err = fail(ctx, -EINVAL, "%s: needs \"name\"", w);
		if (!err && json_object_object_get_ex(o, "source", &v))
			err = parse_source(ctx, w, "source", v, &x->source);
		if (err)
			return err;
		(*n_out)++;
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

static int parse_sample_queue(struct vnet_ctx *ctx, const char *where, struct json_object *q,
			      struct vnet_queue_sample *qs)
{
	static const char *const also[] = { "rx", "tx", "extra", NULL };
	struct json_object *v;
	int err;

	err = parse_fields(ctx, where, q, sample_queue_fields, ARRAY_SIZE(sample_queue_fields),
			   also, qs);
	if (!err && json_object_object_get_ex(q, "rx", &v))
		err = parse_counters(ctx, where, v, VNET_RX, qs);
	if (!err && json_object_object_get_ex(q, "tx", &v))
		err = parse_counters(ctx, where, v, VNET_TX, qs);
	if (!err && json_object_object_get_ex(q, "extra", &v) && v) {
		char w[128];

		sub(w, sizeof(w), "%s.extra", where);
		err = parse_extra(ctx, w, v, &qs->n_extra, &qs->extra);
	}
	return err;
}

static int parse_sample(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			struct vnet_sample *s)
{
	static const char *const also[] = { "queues", "sources", "extra", NULL };
	struct json_object *arr, *v;
	size_t n;
	char w[96];
	int err;

	err = parse_fields(ctx, where, o, sample_fields, ARRAY_SIZE(sample_fields), also, s);
	if (err)
		return err;
	if (!json_object_object_get_ex(o, "mono_ns", &v) || !v)
		return fail(ctx, -EINVAL, "%s: needs \"mono_ns\"", where);
	if (s->real_ns == VNET_UNKNOWN64)
		s->real_ns = 0;
	sub(w, sizeof(w), "%s.queues", where);
	if (!json_object_object_get_ex(o, "queues", &arr) || (err = need_array(ctx, w, arr)))
		return err ? err : fail(ctx, -EINVAL, "%s: needs \"queues\"", where);
	n = json_object_array_length(arr);
	if (n > VNET_MAX_QUEUE_PAIRS)
		return fail(ctx, -E2BIG, "%s: %zu queues are beyond %d", w, n,
			    VNET_MAX_QUEUE_PAIRS);
	s->queues = calloc(n ? n : 1, sizeof(*s->queues));
	if (!s->queues)
		return fail(ctx, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct vnet_queue_sample *qs = &s->queues[i];

		s->n_queues++;
		memset(qs->v, 0xff, sizeof(qs->v));
		qs->index = i;
		qs->irq[VNET_RX] = qs->irq[VNET_TX] = VNET_UNKNOWN;
		sub(w, sizeof(w), "%s.queues[%zu]", where, i);
		err = parse_sample_queue(ctx, w, json_object_array_get_idx(arr, i), qs);
		if (err)
			return err;
	}
	sub(w, sizeof(w), "%s.sources", where);
	if (json_object_object_get_ex(o, "sources", &v) && v &&
	    (err = parse_sources(ctx, w, v, s)))
		return err;
	sub(w, sizeof(w), "%s.extra", where);
	if (json_object_object_get_ex(o, "extra", &v) && v)
		return parse_extra(ctx, w, v, &s->n_extra, &s->extra);
	return 0;
}

/* ---- NetKVM (a bundle made by the windows backend) -------------------------- */

static const struct field netkvm_fields[] = {
	FLD("instance_id", T_STR, struct vnet_netkvm, instance_id),
	FLD("driver_key", T_STR, struct vnet_netkvm, driver_key),
	FLD("netcfg_instance_id", T_STR, struct vnet_netkvm, netcfg_instance_id),
	FLD("driver_desc", T_STR, struct vnet_netkvm, driver_desc),
	FLD("driver_version", T_STR, struct vnet_netkvm, driver_version),
	FLD("driver_date", T_STR, struct vnet_netkvm, driver_date),
	FLD("description", T_STR, struct vnet_netkvm, description),
	FLD("service", T_STR, struct vnet_netkvm, service),
	FLD("netkvmd_error", T_STR, struct vnet_netkvm, netkvmd_error),
};

static const struct field netkvm_wmi_fields[] = {
	FLD("error", T_STR, struct vnet_netkvm, wmi_error),
	FLD("num_queues", T_U32, struct vnet_netkvm, num_queues),
	FLD("rx_buffers_posted", T_U32, struct vnet_netkvm, rx_buffers_posted),
	FLD("tx_queue_size", T_U32, struct vnet_netkvm, tx_queue_size),
	FLD("memory_kb", T_U32, struct vnet_netkvm, memory_kb),
	FLD("rsc_v4", T_TRI, struct vnet_netkvm, rsc_v4),
	FLD("rsc_v6", T_TRI, struct vnet_netkvm, rsc_v6),
	FLD("uso_v4", T_TRI, struct vnet_netkvm, uso_v4),
	FLD("uso_v6", T_TRI, struct vnet_netkvm, uso_v6),
	FLD("standby", T_TRI, struct vnet_netkvm, standby),
	FLD("debug_level", T_U32, struct vnet_netkvm, debug_level),
	FLD("rss_supported", T_TRI, struct vnet_netkvm, rss_supported),
	FLD("hash_supported", T_TRI, struct vnet_netkvm, hash_supported),
	FLD("rss_on", T_TRI, struct vnet_netkvm, rss_on),
};

static const struct field netkvmd_fields[] = {
	FLD("virtio", T_BOOL, struct vnet_netkvmd_entry, virtio),
	FLD("standby", T_BOOL, struct vnet_netkvmd_entry, standby),
	FLD("virtio_link", T_BOOL, struct vnet_netkvmd_entry, virtio_link),
	FLD("suppress_link", T_BOOL, struct vnet_netkvmd_entry, suppress_link),
	FLD("started", T_BOOL, struct vnet_netkvmd_entry, started),
	FLD("has_vf", T_BOOL, struct vnet_netkvmd_entry, has_vf),
	FLD("vf_link", T_BOOL, struct vnet_netkvmd_entry, vf_link),
	FLD("vf_ifindex", T_U32, struct vnet_netkvmd_entry, vf_ifindex),
};

static const struct field netkvm_param_fields[] = {
	FLD("keyword", T_STR, struct vnet_netkvm_param, keyword),
	FLD("desc", T_STR, struct vnet_netkvm_param, desc),
	FLD("inf_default", T_STR, struct vnet_netkvm_param, inf_default),
	FLD("optional", T_BOOL, struct vnet_netkvm_param, optional),
	FLD("present", T_BOOL, struct vnet_netkvm_param, present),
	FLD("value", T_STR, struct vnet_netkvm_param, value),
};

static const struct field netkvm_enum_fields[] = {
	FLD("value", T_STR, struct vnet_netkvm_enum_value, value),
	FLD("desc", T_STR, struct vnet_netkvm_enum_value, desc),
};

/* A member that must be there, of type @type. */
static int need_member(struct vnet_ctx *ctx, const char *where, struct json_object *o,
		       const char *key, enum json_type type, struct json_object **v)
{
	if (!json_object_object_get_ex(o, key, v))
		return fail(ctx, -EINVAL, "%s: needs %s", where, quoted(key).s);
	if (!json_object_is_type(*v, type))
		return fail(ctx, -EINVAL, "%s.%s: expected %s, got %s", where, key,
			    type == json_type_int ? "a number" : type == json_type_array ?
			    "an array" : "an object", type_name(*v));
	return 0;
}

/* One of @name(1..), null for 0 (unknown). */
static int parse_name(struct vnet_ctx *ctx, const char *where, const char *key,
		      struct json_object *v, const char *(*name)(unsigned int), unsigned int *out)
{
	*out = 0;
	if (!v)
		return 0;
	if (json_object_is_type(v, json_type_string))
		for (unsigned int i = 1; name(i); i++)
			if (!strcmp(name(i), json_object_get_string(v))) {
				*out = i;
				return 0;
			}
	return fail(ctx, -EINVAL, "%s.%s: unexpected value %s", where, key,
		    json_object_to_json_string(v));
}

static int parse_netkvm_wmi(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			    struct vnet_netkvm *nk)
{
	static const char *const also[] = { "generation", "init_time_ms", "lazy_alloc_time_ms",
					    NULL };
	int32_t *ms[] = { &nk->init_time_ms, &nk->lazy_alloc_time_ms };
	struct json_object *v;
	unsigned int gen;
	int err = parse_fields(ctx, where, o, netkvm_wmi_fields, ARRAY_SIZE(netkvm_wmi_fields),
			       also, nk);

	if (err)
		return err;
	if (json_object_object_get_ex(o, "generation", &v) &&
	    (err = parse_name(ctx, where, "generation", v, vnet_state_netkvm_gen_name, &gen)))
		return err;
	nk->wmi_gen = v ? gen : VNET_NKW_UNKNOWN;
	for (size_t i = 0; i < ARRAY_SIZE(ms); i++) {
		int64_t n;

		if (!json_object_object_get_ex(o, also[i + 1], &v) || !v)
			continue;
		if (!json_object_is_type(v, json_type_int))
			return fail(ctx, -EINVAL, "%s.%s: expected a number, got %s", where,
				    also[i + 1], type_name(v));
		n = json_object_get_int64(v);
		/* INT32_MIN is the model's "unknown": null says that */
		if (n <= INT32_MIN || n > INT32_MAX)
			return fail(ctx, -ERANGE, "%s.%s: %s is out of range %d..%d", where,
				    also[i + 1], json_object_get_string(v), INT32_MIN + 1,
				    INT32_MAX);
		*ms[i] = n;
	}
	return 0;
}

static int parse_netkvm_param(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			      struct vnet_netkvm_param *pa)
{
	static const char *const also[] = { "type", "min", "max", "step", "values", NULL };
	int64_t *range[] = { &pa->min, &pa->max, &pa->step };
	struct json_object *v;
	unsigned int type;
	char w[112];
	size_t n;
	int err = parse_fields(ctx, where, o, netkvm_param_fields,
			       ARRAY_SIZE(netkvm_param_fields), also, pa);

	if (err)
		return err;
	if (!*pa->keyword)
		return fail(ctx, -EINVAL, "%s: needs a \"keyword\"", where);
	/* "value" is null exactly when the driver key lacks the keyword */
	if (!json_object_object_get_ex(o, "present", &v) ||
	    !json_object_object_get_ex(o, "value", &v) || !v != !pa->present)
		return fail(ctx, -EINVAL, "%s: \"value\" must be a string when \"present\" is "
			    "true, null otherwise", where);
	if (json_object_object_get_ex(o, "type", &v) &&
	    (err = parse_name(ctx, where, "type", v, vnet_state_netkvm_type_name, &type)))
		return err;
	pa->type = v ? type : VNET_NKP_UNKNOWN;
	for (size_t i = 0; i < ARRAY_SIZE(range); i++) {
		if ((err = need_member(ctx, where, o, also[i + 1], json_type_int, &v)))
			return err;
		*range[i] = json_object_get_int64(v);
	}
	if ((err = need_member(ctx, where, o, "values", json_type_array, &v)))
		return err;
	n = json_object_array_length(v);
	if (n > ARRAY_SIZE(pa->values))
		return fail(ctx, -E2BIG, "%s.values: %zu values are beyond %zu", where, n,
			    ARRAY_SIZE(pa->values));
	for (size_t i = 0; i < n; i++) {
		sub(w, sizeof(w), "%s.values[%zu]", where, i);
		err = parse_fields(ctx, w, json_object_array_get_idx(v, i), netkvm_enum_fields,
				   ARRAY_SIZE(netkvm_enum_fields), NULL, &pa->values[i]);
		if (err)
			return err;
	}
	pa->n_values = n;
	return 0;
}

static int parse_netkvm_into(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			     struct vnet_netkvm *nk)
{
	static const char *const also[] = { "wmi", "netkvmd", "params", NULL };
	struct json_object *v;
	char w[96];
	size_t n;
	int err = parse_fields(ctx, where, o, netkvm_fields, ARRAY_SIZE(netkvm_fields), also, nk);

	if (err)
		return err;
	sub(w, sizeof(w), "%s.wmi", where);
	if ((err = need_member(ctx, where, o, "wmi", json_type_object, &v)) ||
	    (err = parse_netkvm_wmi(ctx, w, v, nk)))
		return err;
	/* null: the control device did not answer (why: "netkvmd_error") */
	if (!json_object_object_get_ex(o, "netkvmd", &v))
		return fail(ctx, -EINVAL, "%s: needs \"netkvmd\"", where);
	sub(w, sizeof(w), "%s.netkvmd", where);
	if (v && (err = parse_fields(ctx, w, v, netkvmd_fields, ARRAY_SIZE(netkvmd_fields), NULL,
				     &nk->netkvmd)))
		return err;
	nk->netkvmd.known = v != NULL;
	if ((err = need_member(ctx, where, o, "params", json_type_array, &v)))
		return err;
	n = json_object_array_length(v);
	if (n > VNET_STATE_MAX_NETKVM_PARAMS)
		return fail(ctx, -E2BIG, "%s.params: %zu parameters are beyond %d", where, n,
			    VNET_STATE_MAX_NETKVM_PARAMS);
	nk->params = calloc(n ? n : 1, sizeof(*nk->params));
	if (!nk->params)
		return fail(ctx, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		sub(w, sizeof(w), "%s.params[%zu]", where, i);
		err = parse_netkvm_param(ctx, w, json_object_array_get_idx(v, i), &nk->params[i]);
		if (err)
			return err;
		nk->n_params = i + 1;
	}
	return 0;
}

/* "netkvm" (absent or null: not a NetKVM device) into dev->netkvm, replaced whole. */
static int parse_netkvm(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			struct vnet_dev *dev)
{
	struct vnet_netkvm *nk;
	int err;

	if (!o)
		return 0;
	nk = calloc(1, sizeof(*nk));
	if (!nk)
		return fail(ctx, -ENOMEM, "out of memory");
	nk->num_queues = nk->rx_buffers_posted = nk->tx_queue_size = VNET_UNKNOWN;
	nk->memory_kb = nk->debug_level = VNET_UNKNOWN;
	nk->init_time_ms = nk->lazy_alloc_time_ms = INT32_MIN;
	nk->rsc_v4 = nk->rsc_v6 = nk->uso_v4 = nk->uso_v6 = VNET_TRI_UNKNOWN;
	nk->standby = nk->rss_supported = nk->hash_supported = nk->rss_on = VNET_TRI_UNKNOWN;
	err = parse_netkvm_into(ctx, where, o, nk);
	if (err) {
		vnet_netkvm_free(nk);
		return err;
	}
	vnet_netkvm_free(dev->netkvm);
	dev->netkvm = nk;
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
	"transport", "settings", "interrupt_lines", "netkvm", NULL,
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

/*
 * A reason recorded in the document ("errors"), shown as the live backend
 * gave it: one line of printable text, as every reason is.
 */
static int check_reason(struct vnet_ctx *ctx, const char *where, const char *key,
			struct json_object *v, size_t max)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return fail(ctx, -EINVAL, "%s.%s: expected a string, got %s", where, key,
			    type_name(v));
	s = json_object_get_string(v);
	if ((size_t)json_object_get_string_len(v) >= max)
		return fail(ctx, -ENAMETOOLONG, "%s.%s: longer than %zu characters", where, key,
			    max - 1);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return fail(ctx, -EINVAL, "%s.%s: a control character (0x%02x) in the "
				    "reason", where, key, (unsigned char)*s);
	return 0;
}

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
			return fail(ctx, -EINVAL, "%s: not a fill group: %s",
				    where, quoted(key).s);
		err = check_reason(ctx, where, key, v, sizeof(((struct vnet_dev *)0)->fill_error[0]));
		if (err)
			return err;
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
	/* NetKVM shows no virtio index: such a device is named by its interface */
	if (!*dev->virtio_name && !(*dev->ifname && json_object_object_get_ex(o, "netkvm", &v) &&
				    v))
		return fail(ctx, -EINVAL, "%s: needs \"virtio\" (\"virtio0\")",
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
	/* NetKVM's identity (instance id, NetCfgInstanceId) names the device too */
	sub(w, sizeof(w), "%s.netkvm", where);
	if (json_object_object_get_ex(o, "netkvm", &v) && (err = parse_netkvm(ctx, w, v, dev)))
		return err;
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
	return vnet_set_error(ctx, -ENODATA, "not in the %s", vnet_state_of(ctx)->source);
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
static int hold_listed_queues(struct vnet_ctx *ctx, const char *where, struct vnet_dev *dev,
			      struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	if (n <= dev->n_queues)
		return 0;
	if (n > VNET_MAX_QUEUE_PAIRS)
		return fail(ctx, -E2BIG, "%s: %zu queues are beyond %d", where, n,
			    VNET_MAX_QUEUE_PAIRS);
	if (vnet_dev_set_queues(dev, n))
		return fail(ctx, -ENOMEM, "out of memory");
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
	err = hold_listed_queues(ctx, w, dev, arr);
	if (!err && bit == VNET_FILL_IRQS) {
		struct json_object *lines;

		sub(w, sizeof(w), "%s.interrupts", where);
		err = parse_interrupts(ctx, w, irqs, dev);
		sub(w, sizeof(w), "%s.interrupt_lines", where);
		if (!err && json_object_object_get_ex(o, "interrupt_lines", &lines) && lines)
			err = parse_irq_lines(ctx, w, lines, dev);
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
		if (!err || err == -ENODATA) {
			/* checked even when the group failed: it is in the document */
			uint32_t status = dev->status;
			int bad = parse_status(ctx, w, json_object_object_get_ex(o, "status", &v) ?
					       v : NULL, dev);

			if (err)
				dev->status = status;
			err = bad ? bad : err;
		}
		/* the NetKVM facts belong to this group (the windows backend) */
		sub(w, sizeof(w), "%s.netkvm", where);
		if ((!err || err == -ENODATA) && !dev->netkvm) {
			int bad = parse_netkvm(ctx, w, json_object_object_get_ex(o, "netkvm", &v) ?
					       v : NULL, dev);

			err = bad ? bad : err;
		}
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
		if ((!err || err == -ENODATA) && json_object_object_get_ex(o, "mtu", &v) && v) {
			/* checked even when the group failed: it is in the document */
			struct vnet_mtu scratch = dev->mtu;
			int bad = parse_fields(ctx, w, v, mtu_fields, ARRAY_SIZE(mtu_fields), NULL,
					       err ? &scratch : &dev->mtu);

			err = bad ? bad : err;
		}
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
	return fail(ctx, -EINVAL, "%s: no fill group %#x", where, bit);
}

/* ---- the backend operations ------------------------------------------------ */
/* ---- the machine ------------------------------------------------------------- */

const char *vnet_state_acpi_name(unsigned int state)
{
	static const char *const names[] = {
		[VNET_ACPI_UNKNOWN] = "unknown",
		[VNET_ACPI_READ] = "read",
		[VNET_ACPI_NEED_ROOT] = "need_root",
	};

	return state < ARRAY_SIZE(names) ? names[state] : NULL;
}

static const char *acpi_at(unsigned int i)
{
	return vnet_state_acpi_name(i);
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
	FLD("acpi_tables", T_U32, struct vnet_system, vmm_facts.acpi_tables),
	FLD("pci", T_TRI, struct vnet_system, vmm_facts.pci),
	FLD("host_bridge_vendor", T_U32, struct vnet_system, vmm_facts.host_bridge_vendor),
	FLD("host_bridge_device", T_U32, struct vnet_system, vmm_facts.host_bridge_device),
	FLD("net_vendor", T_U32, struct vnet_system, vmm_facts.net_vendor),
	FLD("net_device", T_U32, struct vnet_system, vmm_facts.net_device),
	FLD("net_subsystem_vendor", T_U32, struct vnet_system, vmm_facts.net_subsystem_vendor),
	FLD("net_subsystem_device", T_U32, struct vnet_system, vmm_facts.net_subsystem_device),
	FLD("net_class", T_U32, struct vnet_system, vmm_facts.net_class),
	FLD("mmio_vendor", T_U32, struct vnet_system, vmm_facts.mmio_vendor),
	FLD("hypervisor_flag", T_TRI, struct vnet_system, vmm_facts.hypervisor_flag),
};

static unsigned int hex_digit(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Raw firmware bytes as lowercase hex, exactly 2 digits a byte. */
static int parse_hex_bytes(struct vnet_ctx *ctx, const char *where, const char *key,
			   struct json_object *v, char *out, size_t n)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) :
								    NULL;

	if (!s || strlen(s) != 2 * n || strspn(s, "0123456789abcdef") != 2 * n)
		return fail(ctx, -EINVAL, "%s.%s: expected %zu lowercase hex digits, got %s",
			    where, key, 2 * n, json_object_to_json_string(v));
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(hex_digit(s[2 * i]) << 4 | hex_digit(s[2 * i + 1]));
	return 0;
}

#define ACPI_FIELD(key, member) \
	{ key, offsetof(struct vnet_acpi_header, member), \
	  sizeof(((struct vnet_acpi_header *)0)->member) }

static const struct {
	const char *key;
	size_t off, size;
} acpi_fields[] = {
	ACPI_FIELD("signature", signature),
	ACPI_FIELD("oem_id", oem_id),
	ACPI_FIELD("oem_table_id", oem_table_id),
	ACPI_FIELD("creator_id", creator_id),
};

static int parse_acpi_headers(struct vnet_ctx *ctx, const char *where, struct json_object *arr,
			      struct vnet_vmm_facts *f)
{
	size_t n;
	int err = need_array(ctx, where, arr);

	if (err)
		return err;
	n = json_object_array_length(arr);
	if (n > VNET_ACPI_TABLES)
		return fail(ctx, -E2BIG, "%s: %zu tables are beyond %d", where, n,
			    VNET_ACPI_TABLES);
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		char *h = (char *)&f->acpi_header[i];
		char w[64];

		sub(w, sizeof(w), "%s[%zu]", where, i);
		if ((err = need_object(ctx, w, o)))
			return err;
		json_object_object_foreach(o, key, v) {
			size_t k;

			for (k = 0; k < ARRAY_SIZE(acpi_fields); k++)
				if (!strcmp(acpi_fields[k].key, key))
					break;
			if (k == ARRAY_SIZE(acpi_fields))
				return fail(ctx, -EINVAL, "%s: unknown member %s", w, quoted(key).s);
			err = parse_hex_bytes(ctx, w, key, v, h + acpi_fields[k].off,
					      acpi_fields[k].size);
			if (err)
				return err;
		}
	}
	f->n_acpi = n;
	return 0;
}

static int parse_system(struct vnet_ctx *ctx, struct json_object *o, struct vnet_system *sys)
{
	static const char *const also[] = { "acpi", "acpi_headers", NULL };
	struct json_object *v;
	unsigned int acpi = VNET_ACPI_UNKNOWN;
	int err;

	err = parse_fields(ctx, "system", o, system_fields, ARRAY_SIZE(system_fields), also, sys);
	if (!err && json_object_object_get_ex(o, "acpi", &v))
		err = parse_enum(ctx, "system", "acpi", v, acpi_at, VNET_ACPI_NEED_ROOT + 1, &acpi);
	sys->vmm_facts.acpi = acpi;
	if (!err && json_object_object_get_ex(o, "acpi_headers", &v) && v)
		err = parse_acpi_headers(ctx, "system.acpi_headers", v, &sys->vmm_facts);
	return err;
}

int vnet_state_system(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	struct vnet_state *st = vnet_state_of(ctx);

	return st->system ? parse_system(ctx, st->system, sys) : 0;
}

/* ---- settings ------------------------------------------------------------------ */

const char *vnet_state_setting_name(size_t i)
{
	static const char *const names[] = { "logging" };

	return i < ARRAY_SIZE(names) ? names[i] : NULL;
}

/* What read_setting("logging") answers: the debug logging states. */
static bool logging_value(const char *v)
{
	return !strcmp(v, "on") || !strcmp(v, "off") || !strcmp(v, "partial");
}

/* "errors": why a setting was unreadable, as the live backend said it */
static int check_setting_errors(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	int err = need_object(ctx, where, o);

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		size_t i;

		for (i = 0; vnet_state_setting_name(i); i++)
			if (!strcmp(vnet_state_setting_name(i), key))
				break;
		if (!vnet_state_setting_name(i))
			return fail(ctx, -EINVAL, "%s: not a setting: %s", where, quoted(key).s);
		err = check_reason(ctx, where, key, v, sizeof(ctx->error));
		if (err)
			return err;
	}
	return 0;
}

static int check_settings(struct vnet_ctx *ctx, const char *where, struct json_object *o)
{
	int err = need_object(ctx, where, o);
	char w[96];

	if (err)
		return err;
	json_object_object_foreach(o, key, v) {
		size_t i;

		if (!strcmp(key, "errors")) {
			sub(w, sizeof(w), "%s.errors", where);
			if (v && (err = check_setting_errors(ctx, w, v)))
				return err;
			continue;
		}
		for (i = 0; vnet_state_setting_name(i); i++)
			if (!strcmp(vnet_state_setting_name(i), key))
				break;
		if (!vnet_state_setting_name(i))
			return fail(ctx, -EINVAL, "%s: unknown member %s", where, quoted(key).s);
		if (v && (!json_object_is_type(v, json_type_string) ||
			  !logging_value(json_object_get_string(v))))
			return fail(ctx, -EINVAL, "%s.%s: expected \"on\", \"off\", \"partial\" "
				    "or null, got %s", where, key, json_object_to_json_string(v));
	}
	return 0;
}

/*
 * The setting as recorded; unreadable there: -ENOENT with the reason the
 * live backend gave (settings.errors), which "get" shows.
 */
int vnet_state_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
			    char *buf, size_t len)
{
	struct json_object *settings = NULL, *v = NULL, *errors, *why;

	json_object_object_get_ex(vnet_state_device(ctx, dev), "settings", &settings);
	if (json_object_object_get_ex(settings, name, &v) && v) {
		if (!vnet_strcpy(buf, json_object_get_string(v), len))
			return vnet_set_error(ctx, -ENAMETOOLONG, "%s: %s: longer than %zu "
					      "characters", vnet_state_of(ctx)->source, name,
					      len - 1);
		return 0;
	}
	if (json_object_object_get_ex(settings, "errors", &errors) &&
	    json_object_object_get_ex(errors, name, &why) && why)
		return vnet_set_error(ctx, -ENOENT, "%s", json_object_get_string(why));
	return vnet_set_error(ctx, -ENOENT, "%s: %s of %s was not recorded",
			      vnet_state_of(ctx)->source, name, dev->virtio_name);
}

/* ---- the document ---------------------------------------------------------------- */

/*
 * Every member a device object holds, whether or not its group counts as
 * failed ("errors", a missing "interrupts"): into the scratch @dev, so that
 * nothing in a document goes unchecked.
 */
static int check_every_member(struct vnet_ctx *ctx, const char *where, struct json_object *o,
			      struct vnet_dev *dev)
{
	struct json_object *bare = json_object_new_object(), *v;
	char w[80];
	int err = 0;

	if (!bare)
		return fail(ctx, -ENOMEM, "out of memory");
	json_object_object_foreach(o, key, val)
		if (strcmp(key, "errors") &&
		    json_object_object_add(bare, key, json_object_get(val))) {
			json_object_put(val);
			err = fail(ctx, -ENOMEM, "out of memory");
			break;
		}
	for (unsigned int g = 0; !err && g < VNET_FILL_GROUPS; g++)
		if ((err = fill_group(ctx, where, bare, dev, 1u << g)) == -ENODATA)
			err = 0;
	json_object_put(bare);
	/* a queue's vectors without "interrupts" */
	sub(w, sizeof(w), "%s.queues", where);
	if (!err && json_object_object_get_ex(o, "queues", &v) && v &&
	    !(err = need_array(ctx, w, v)) && !(err = hold_listed_queues(ctx, w, dev, v)))
		err = parse_queues(ctx, w, v, dev, VNET_FILL_IRQS);
	return err;
}

/* Everything once, into scratch objects: the errors come out here. */
static int validate(struct vnet_ctx *ctx, struct vnet_state *m)
{
	struct vnet_system sys;
	size_t n_devs = json_object_array_length(m->devices);
	int err = 0;

	if (n_devs > VNET_STATE_MAX_DEVICES)
		return fail(ctx, -E2BIG, "devices: %zu devices are beyond %d", n_devs,
			    VNET_STATE_MAX_DEVICES);
	memset(&sys, 0, sizeof(sys));
	if (m->system && (err = parse_system(ctx, m->system, &sys)))
		return err;
	for (size_t i = 0; !err && i < n_devs; i++) {
		struct json_object *o = json_object_array_get_idx(m->devices, i), *samples, *v;
		struct vnet_dev *dev = vnet_dev_alloc();
		size_t n;
		char w[64];

		if (!dev)
			return fail(ctx, -ENOMEM, "out of memory");
		sub(w, sizeof(w), "devices[%zu]", i);
		err = need_object(ctx, w, o);
		if (!err)
			err = parse_identity(ctx, w, o, dev);
		/* a group the document lacks is no error in it: the model records it */
		for (unsigned int g = 0; !err && g < VNET_FILL_GROUPS; g++)
			if ((err = fill_group(ctx, w, o, dev, 1u << g)) == -ENODATA)
				err = 0;
		if (!err)
			err = check_every_member(ctx, w, o, dev);
		vnet_dev_free(dev);
		if (!err && json_object_object_get_ex(o, "settings", &v) && v) {
			char ws[80];

			sub(ws, sizeof(ws), "%s.settings", w);
			err = check_settings(ctx, ws, v);
		}
		if (err || !json_object_object_get_ex(o, "samples", &samples) || !samples)
			continue;
		n = json_object_array_length(samples);
		if (n > VNET_STATE_MAX_SAMPLES)
			return fail(ctx, -E2BIG, "%s.samples: %zu samples are beyond %d", w, n,
				    VNET_STATE_MAX_SAMPLES);
		for (size_t k = 0; !err && k < n; k++) {
			struct vnet_sample *s = calloc(1, sizeof(*s));
			char ws[80];

			if (!s)
				return fail(ctx, -ENOMEM, "out of memory");
			sub(ws, sizeof(ws), "%s.samples[%zu]", w, k);
			err = parse_sample(ctx, ws, json_object_array_get_idx(samples, k), s);
			vnet_sample_free(s);
		}
	}
	return err;
}

static int check_schema(struct vnet_ctx *ctx, struct json_object *v)
{
	if (!v)
		return fail(ctx, -EINVAL, "no \"schema\": not a state document (this vnetctl "
			    "reads schema %d)", VNET_STATE_SCHEMA);
	if (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != VNET_STATE_SCHEMA)
		return vnet_set_error(ctx, -EPROTONOSUPPORT, "%s schema %s is not supported (this "
				      "vnetctl reads schema %d)", vnet_state_of(ctx)->origin,
				      json_object_to_json_string(v), VNET_STATE_SCHEMA);
	return 0;
}

static int parse_document(struct vnet_ctx *ctx, struct vnet_state *m, const char *text,
			  size_t len)
{
	struct json_tokener *tok;
	struct json_object *schema = NULL;
	enum json_tokener_error jerr;
	int err = 0;

	if (len > VNET_STATE_MAX_BYTES)
		return fail(ctx, -EFBIG, "%zu bytes are beyond %u", len, VNET_STATE_MAX_BYTES);
	if (memchr(text, '\0', len))
		return fail(ctx, -EINVAL, "not JSON: a NUL byte");
	tok = json_tokener_new();
	if (!tok)
		return fail(ctx, -ENOMEM, "out of memory");
	m->root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (m->root && json_tokener_get_parse_end(tok) < len &&
	    text[json_tokener_get_parse_end(tok) + strspn(text + json_tokener_get_parse_end(tok),
							  " \t\r\n")] != '\0')
		jerr = json_tokener_error_parse_unexpected;
	if (!m->root && jerr == json_tokener_continue)
		jerr = json_tokener_error_parse_eof;
	json_tokener_free(tok);
	if (jerr != json_tokener_success)
		return fail(ctx, -EINVAL, "not JSON: %s", json_tokener_error_desc(jerr));
	if (!json_object_is_type(m->root, json_type_object))
		return fail(ctx, -EINVAL, "expected an object, got %s", type_name(m->root));
	json_object_object_foreach(m->root, key, v) {
		if (!strcmp(key, "schema"))
			schema = v;
		else if (!strcmp(key, "devices"))
			m->devices = v;
		else if (!strcmp(key, "system"))
			m->system = v;
		else
			return fail(ctx, -EINVAL, "unknown member %s", quoted(key).s);
	}
	if (!json_object_object_get_ex(m->root, "schema", NULL))
		return check_schema(ctx, NULL);
	if ((err = check_schema(ctx, schema)))
		return err;
	if (!m->devices)
		return fail(ctx, -EINVAL, "needs \"devices\"");
	if ((err = need_array(ctx, "devices", m->devices)))
		return err;
	/* null: the machine was not readable */
	if (m->system && (err = need_object(ctx, "system", m->system)))
		return err;
	return validate(ctx, m);
}

static int attach(struct vnet_ctx *ctx, const char *text, size_t len, const char *origin,
		  const char *source)
{
	struct vnet_state *m = calloc(1, sizeof(*m));
	int err;

	if (!m)
		return vnet_oom(ctx);
	vnet_strcpy(m->origin, origin, sizeof(m->origin));
	vnet_strcpy(m->source, source, sizeof(m->source));
	ctx->backend_priv = m;
	err = parse_document(ctx, m, text, len);
	if (err) {
		vnet_state_detach(ctx);
		return err;
	}
	vnet_clear_error(ctx);
	return 0;
}

int vnet_state_attach(struct vnet_ctx *ctx, const char *text, size_t len, const char *origin)
{
	return attach(ctx, text, len, origin, origin);
}

int vnet_state_attach_bundle(struct vnet_ctx *ctx, const char *file, const char *text,
			     size_t len)
{
	char origin[sizeof(((struct vnet_state *)0)->origin)];
	char source[sizeof(((struct vnet_state *)0)->source)];

	snprintf(origin, sizeof(origin), "bundle %s: state.json", file);
	snprintf(source, sizeof(source), "bundle %s", file);
	return attach(ctx, text, len, origin, source);
}

void vnet_state_detach(struct vnet_ctx *ctx)
{
	struct vnet_state *m = vnet_state_of(ctx);

	if (!m)
		return;
	if (m->owner_free)
		m->owner_free(m->owner);
	json_object_put(m->root);
	free(m);
	ctx->backend_priv = NULL;
}

/* ---- the backend operations ------------------------------------------------ */

int vnet_state_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct vnet_state *m = vnet_state_of(ctx);

	for (size_t i = 0; i < json_object_array_length(m->devices); i++) {
		struct vnet_dev *dev = vnet_dev_alloc();
		struct state_dev *md = malloc(sizeof(*md));
		char w[32];
		int err;

		sub(w, sizeof(w), "devices[%zu]", i);
		if (!dev || !md) {
			vnet_dev_free(dev);
			free(md);
			return vnet_oom(ctx);
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

struct json_object *vnet_state_device(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	const struct state_dev *md = dev->backend_priv;

	return json_object_array_get_idx(vnet_state_of(ctx)->devices, md->index);
}

/* The document never changes: a device is gone only past the end of "devices". */
int vnet_state_identify(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	const struct state_dev *md = dev->backend_priv;
	char w[32];

	if (md->index >= json_object_array_length(vnet_state_of(ctx)->devices))
		return vnet_set_error(ctx, -ENODEV, "%s: %s is gone", vnet_state_of(ctx)->source,
				      dev->virtio_name);
	sub(w, sizeof(w), "devices[%zu]", md->index);
	return parse_identity(ctx, w, vnet_state_device(ctx, dev), dev);
}

int vnet_state_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	const struct state_dev *md = dev->backend_priv;
	char w[32];

	sub(w, sizeof(w), "devices[%zu]", md->index);
	return fill_group(ctx, w, vnet_state_device(ctx, dev), dev, group);
}

/* What a count of rx-N directories is: the listed queues marked "active". */
unsigned int vnet_state_count_rx_queues(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct json_object *arr, *v;
	unsigned int n = 0;

	if (!json_object_object_get_ex(vnet_state_device(ctx, dev), "queues", &arr) || !arr)
		return 0;
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(arr, i), "active", &v) &&
		    json_object_get_boolean(v))
			n++;
	return n;
}

int vnet_state_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	const struct state_dev *md = dev->backend_priv;
	struct vnet_state *m = vnet_state_of(ctx);
	struct state_stats *st;
	struct json_object *samples;

	if (!json_object_object_get_ex(vnet_state_device(ctx, dev), "samples", &samples) ||
	    !samples)
		return vnet_set_error(ctx, -ENODATA, "%s: %s has no samples", m->source,
				      dev->virtio_name);
	st = calloc(1, sizeof(*st));
	if (!st)
		return vnet_oom(ctx);
	st->samples = json_object_get(samples);
	st->index = md->index;
	memcpy(st->name, dev->virtio_name, sizeof(st->name));
	memcpy(st->source, m->source, sizeof(st->source));
	*priv = st;
	return 0;
}

int vnet_state_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *s)
{
	struct state_stats *st = priv;
	char w[64];

	if (st->next >= json_object_array_length(st->samples))
		return vnet_set_error(ctx, -ENODATA, "%s: all %zu samples of %s were replayed",
				      st->source, st->next, st->name);
	sub(w, sizeof(w), "devices[%zu].samples[%zu]", st->index, st->next);
	return parse_sample(ctx, w, json_object_array_get_idx(st->samples, st->next++), s);
}

void vnet_state_stats_close(struct vnet_ctx *ctx, void *priv)
{
	struct state_stats *st = priv;

	(void)ctx;
	json_object_put(st->samples);
	free(st);
}

/* ---- the writer's half: the same tables, the other way ------------------------ */

static struct json_object *field_to_json(const struct field *f, const void *base)
{
	const char *p = (const char *)base + f->off;

	switch (f->type) {
	case T_U32:
		return *(const uint32_t *)p == VNET_UNKNOWN ? NULL :
		       json_object_new_int64(*(const uint32_t *)p);
	case T_U64:
		return *(const uint64_t *)p == VNET_UNKNOWN64 ? NULL :
		       json_object_new_uint64(*(const uint64_t *)p);
	case T_TRI:
		return *(const enum vnet_tri *)p == VNET_TRI_UNKNOWN ? NULL :
		       json_object_new_boolean(*(const enum vnet_tri *)p == VNET_TRI_YES);
	case T_BOOL:
		return json_object_new_boolean(*(const bool *)p);
	case T_STR:
		return json_object_new_string_len(p, strnlen(p, f->size));
	case T_SKIP:
		break;
	}
	return NULL;
}

/* Every member of @fields: unknown values as null. */
static int fields_to_json(struct json_object *o, const struct field *fields, size_t n,
			  const void *base)
{
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = field_to_json(&fields[i], base);

		if (fields[i].type == T_SKIP)
			continue;
		if ((fields[i].type != T_U32 && fields[i].type != T_U64 &&
		     fields[i].type != T_TRI && !v) ||
		    json_object_object_add(o, fields[i].key, v)) {
			json_object_put(v);
			return -ENOMEM;
		}
	}
	return 0;
}

static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static struct json_object *hex_to_json(const char *bytes, size_t n)
{
	char hex[2 * 16 + 1];

	for (size_t i = 0; i < n && i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)bytes[i]);
	return json_object_new_string_len(hex, 2 * n);
}

struct json_object *vnet_state_irq_lines_to_json(const struct vnet_irqs *irqs)
{
	struct json_object *o = json_object_new_object();
	int err = o ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < ARRAY_SIZE(irq_lines); i++) {
		struct json_object *line = json_object_new_object();

		err = add(o, irq_lines[i].key, line);
		if (!err)
			err = fields_to_json(line, irq_line_fields, ARRAY_SIZE(irq_line_fields),
					     (const char *)irqs + irq_lines[i].off);
	}
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *vnet_state_system_to_json(const struct vnet_system *sys)
{
	const struct vnet_vmm_facts *f = &sys->vmm_facts;
	struct json_object *o = json_object_new_object(), *headers = json_object_new_array();
	int err = !o || !headers ? -ENOMEM : 0;

	if (!err)
		err = fields_to_json(o, system_fields, ARRAY_SIZE(system_fields), sys);
	if (!err)
		err = add(o, "acpi", vnet_state_acpi_name(f->acpi) ?
			  json_object_new_string(vnet_state_acpi_name(f->acpi)) : NULL);
	for (unsigned int i = 0; !err && i < f->n_acpi && i < VNET_ACPI_TABLES; i++) {
		struct json_object *h = json_object_new_object();

		err = h ? json_object_array_add(headers, h) : -ENOMEM;
		for (size_t k = 0; !err && k < ARRAY_SIZE(acpi_fields); k++)
			err = add(h, acpi_fields[k].key,
				  hex_to_json((const char *)&f->acpi_header[i] + acpi_fields[k].off,
					      acpi_fields[k].size));
	}
	if (!err) {
		err = add(o, "acpi_headers", headers);
		headers = NULL;
	}
	json_object_put(headers);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *source_to_json(enum vnet_source src)
{
	return json_object_new_string(vnet_source_name(src));
}

static struct json_object *extra_to_json(const struct vnet_extra_counter *x, unsigned int n)
{
	struct json_object *arr = json_object_new_array();
	int err = arr ? 0 : -ENOMEM;

	for (unsigned int i = 0; !err && i < n; i++) {
		struct json_object *o = json_object_new_object();

		err = o ? json_object_array_add(arr, o) : -ENOMEM;
		if (!err)
			err = fields_to_json(o, extra_fields, ARRAY_SIZE(extra_fields), &x[i]);
		if (!err && x[i].source != VNET_SRC_NONE)
			err = add(o, "source", source_to_json(x[i].source));
	}
	if (err) {
		json_object_put(arr);
		return NULL;
	}
	return arr;
}

static struct json_object *sample_queue_to_json(const struct vnet_queue_sample *qs)
{
	struct json_object *o = json_object_new_object();
	int err = o ? fields_to_json(o, sample_queue_fields, ARRAY_SIZE(sample_queue_fields), qs) :
		      -ENOMEM;

	for (int dir = VNET_RX; !err && dir <= VNET_TX; dir++) {
		struct json_object *c = json_object_new_object();

		err = add(o, dir_key(dir), c);
		for (unsigned int m = 0; !err && m < VNET_METRICS; m++)
			if (vnet_metric_name(dir, m) && qs->v[dir][m] != VNET_UNKNOWN64)
				err = add(c, vnet_metric_name(dir, m),
					  json_object_new_uint64(qs->v[dir][m]));
	}
	if (!err && qs->n_extra)
		err = add(o, "extra", extra_to_json(qs->extra, qs->n_extra));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *vnet_state_sample_to_json(const struct vnet_sample *s)
{
	struct json_object *o = json_object_new_object(), *queues = json_object_new_array();
	struct json_object *sources = json_object_new_object();
	int err = o && queues && sources ? 0 : -ENOMEM;

	if (!err)
		err = fields_to_json(o, sample_fields, ARRAY_SIZE(sample_fields), s);
	for (unsigned int q = 0; !err && q < s->n_queues; q++) {
		struct json_object *qo = sample_queue_to_json(&s->queues[q]);

		err = qo ? json_object_array_add(queues, qo) : -ENOMEM;
	}
	for (int dir = VNET_RX; !err && dir <= VNET_TX; dir++) {
		struct json_object *c = json_object_new_object();

		err = add(sources, dir_key(dir), c);
		for (unsigned int m = 0; !err && m < VNET_METRICS; m++)
			if (vnet_metric_name(dir, m) && s->source[dir][m] != VNET_SRC_NONE)
				err = add(c, vnet_metric_name(dir, m),
					  source_to_json(s->source[dir][m]));
	}
	if (!err) {
		err = add(o, "queues", queues);
		queues = NULL;
	}
	if (!err) {
		err = add(o, "sources", sources);
		sources = NULL;
	}
	if (!err && s->n_extra)
		err = add(o, "extra", extra_to_json(s->extra, s->n_extra));
	json_object_put(queues);
	json_object_put(sources);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* ---- the "bundle" backend ------------------------------------------------------ */

static void bundle_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "bundle.file", "", "VNET_FROM",
			  "read this support bundle instead of the live system (vnetctl --from)");
}

static int bundle_detect(struct vnet_ctx *ctx)
{
	return *vnet_param_get(ctx, "bundle.file") ? 0 : -ENODEV;
}

/*
 * A guest's "vnetctl -j show" saved to a file (an array of device objects,
 * or one) is a state document without the machine: what "show --guest"
 * sets beside the host's view, and what --from reads as well.  @text is
 * JSON; 1 when it is not such a file (a bundle then), 0 or -errno.
 */
static int attach_show_output(struct vnet_ctx *ctx, const char *file, const char *text,
			      size_t len)
{
	struct json_tokener *tok;
	struct json_object *o, *doc = NULL, *devices;
	const char *serialized;
	char origin[sizeof(((struct vnet_state *)0)->origin)];
	int err;

	tok = json_tokener_new();
	if (!tok)
		return vnet_oom(ctx);
	o = json_tokener_parse_ex(tok, text, (int)len);
	err = json_tokener_get_error(tok) != json_tokener_success;
	json_tokener_free(tok);
	if (err) {
		json_object_put(o);
		return vnet_set_error(ctx, -EINVAL, "%s: not JSON (a vnetctl -j show output) and "
				      "not a support bundle", file);
	}
	if (json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "devices", NULL)) {
		doc = o;	/* a state document already */
	} else {
		devices = o;
		if (json_object_is_type(o, json_type_object)) {
			devices = json_object_new_array();
			if (devices)
				json_object_array_add(devices, o);
		}
		doc = json_object_new_object();
		if (doc && devices) {
			json_object_object_add(doc, "schema", json_object_new_int(VNET_STATE_SCHEMA));
			json_object_object_add(doc, "devices", devices);
		} else {
			json_object_put(devices);
		}
	}
	serialized = doc ? json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN) : NULL;
	if (!serialized) {
		json_object_put(doc);
		return vnet_oom(ctx);
	}
	snprintf(origin, sizeof(origin), "%s", file);
	err = vnet_state_attach(ctx, serialized, strlen(serialized), origin);
	json_object_put(doc);
	return err;
}

/* @file's first byte that is not white space is a JSON array's or object's */
static int json_file(struct vnet_ctx *ctx, const char *file, char **text, size_t *len)
{
	/* never waits on a FIFO or a device: anything but a file is the bundle reader's to refuse */
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t n = 0, cap = 0;
	struct stat st;
	char *buf = NULL;
	FILE *f;
	int c;

	*text = NULL;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return 1;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return vnet_oom(ctx);
	}
	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	if (c != '[' && c != '{') {
		fclose(f);
		return 1;
	}
	for (; c != EOF; c = getc(f)) {
		if (n + 1 >= cap) {
			char *grown;

			if (cap >= VNET_STATE_MAX_BYTES) {
				free(buf);
				fclose(f);
				return vnet_set_error(ctx, -EFBIG, "%s: more than %u bytes", file,
						      VNET_STATE_MAX_BYTES);
			}
			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				return vnet_oom(ctx);
			}
			buf = grown;
		}
		buf[n++] = (char)c;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static int bundle_init(struct vnet_ctx *ctx)
{
	const char *file = vnet_param_get(ctx, "bundle.file");
	struct vnet_bundle_contents *c = NULL;
	const struct vnet_bundle_member *state;
	char *text;
	size_t len = 0;
	int err;

	if (!*file)
		return vnet_set_error(ctx, -EINVAL, "bundle: no bundle.file (vnetctl --from FILE)");
	err = json_file(ctx, file, &text, &len);
	if (err <= 0) {
		if (!err)
			err = attach_show_output(ctx, file, text, len);
		free(text);
		return err;
	}
	err = vnet_bundle_read(ctx, file, &c);
	if (err)
		return err;
	state = vnet_bundle_find(c, "state.json");
	if (!state || state->link)
		err = vnet_set_error(ctx, -EINVAL, "bundle %s: no state.json: not a support "
				     "bundle", file);
	else
		err = vnet_state_attach_bundle(ctx, file, (const char *)state->data, state->len);
	vnet_bundle_contents_free(c);
	return err;
}

static void bundle_cleanup(struct vnet_ctx *ctx)
{
	vnet_state_detach(ctx);
}

static int bundle_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	return vnet_set_error(ctx, -EROFS, "%s comes from the support bundle %s: a bundle is "
			      "read-only; run vnetctl set on the machine it was taken on",
			      *dev->ifname ? dev->ifname : dev->virtio_name,
			      vnet_param_get(ctx, "bundle.file"));
}

static int bundle_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	(void)w;
	return bundle_writable(ctx, dev);
}

const struct vnet_backend_ops vnet_backend_bundle = {
	.name = "bundle",
	.help = "a support bundle (vnetctl bundle), read offline",
	.config = bundle_config,
	.detect = bundle_detect,
	.init = bundle_init,
	.cleanup = bundle_cleanup,
	.scan = vnet_state_scan,
	.identify = vnet_state_identify,
	.fill = vnet_state_fill,
	.count_rx_queues = vnet_state_count_rx_queues,
	.system = vnet_state_system,
	.stats_open = vnet_state_stats_open,
	.stats_sample = vnet_state_stats_sample,
	.stats_close = vnet_state_stats_close,
	.writable = bundle_writable,
	.apply = bundle_apply,
	.read_setting = vnet_state_read_setting,
	.offline = true,
};
