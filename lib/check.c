// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * check.c - diagnostic rules: what is misconfigured and how to fix it
 *
 * Each rule looks at the model only (never at the OS), so the same rules
 * run on a live system and, later, on a support bundle.  The knowledge comes
 * from QEMU's defaults (vectors = 2 * queues + 2, mq off, queue_reset on),
 * the Linux driver's behaviour (queues = min(vCPUs, max), the fallback from
 * per-queue vectors to one shared vector to INTx) and the virtio spec.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "internal.h"

/* Red Hat's tuning guides: a guest can use about 200 MSI vectors in all. */
#define GUEST_MSI_VECTORS	200
#define MSI_WARN_VECTORS	(GUEST_MSI_VECTORS * 8 / 10)
#define DEFAULT_MTU		1500
/* seconds between the two samples of the host's rings when check is not given a window */
#define HOST_STUCK_WINDOW	1.0
/* device status: the driver is done setting the device up (virtio 1.2 section 2.1) */
#define STATUS_DRIVER_OK	0x04

/* Every finding id; rules emit these, the catalogue below describes each. */
enum rule_id {
	R_DRIVER_NOT_BOUND,
	R_DEVICE_FAILED,
	R_IRQ_SHARED_VECTOR,
	R_IRQ_INTX,
	R_MSIX_TABLE_SMALL,
	R_QUEUES_BELOW_VCPUS,
	R_MQ_MISSING,
	R_MQ_ONE_QUEUE_PAIR,
	R_LEGACY_MODE,
	R_CTRL_VQ_MISSING,
	R_INDIRECT_DESC_OFF,
	R_EVENT_IDX_OFF,
	R_MRG_RXBUF_OFF,
	R_RING_RESET_MISSING,
	R_RINGS_BELOW_MAX,
	R_MTU_WITHOUT_HOST_MTU,
	R_MTU_BELOW_HOST_MTU,
	R_LINK_DOWN,
	R_SPEED_UNKNOWN,
	R_TX_TIMEOUTS,
	R_RX_DROPS_GROWING,
	R_IRQS_ONE_CPU,
	R_AFFINITY_XPS_MISMATCH,
	R_ACCESS_PLATFORM_NO_IOMMU,
	R_OFFLOADS_DISABLED,
	R_OFFLOADS_NOT_OFFERED,
	R_MSI_VECTORS_NEAR_LIMIT,
	R_IRQ_MMIO_LINE,
	/* the host's view (qmp backend): rules only QEMU's facts can decide */
	R_HOST_RING_STUCK,
	R_HOST_VHOST_OFF,
	R_HOST_FEATURE_REFUSED,
	R_HOST_QUEUES_UNUSED,
	R_HOST_VECTORS_FEW,
	R_COUNT
};

struct dev_view {
	struct vnet_dev *dev;
	struct vnet_sample *now;	/* counters, NULL when unreadable */
	bool window;			/* rates below are valid */
	struct vnet_rates rates;
	double seconds;
};

struct check_env {
	struct vnet_ctx *ctx;
	const struct vnet_system *sys;
	struct vnet_findings *out;
	int err;
};

typedef void (*rule_fn)(struct check_env *env, const struct dev_view *dv);

/* A catalogue entry: one finding id and the rule function that emits it. */
struct rule {
	struct vnet_rule_info info;
	rule_fn fn;
	const char *fn_name;
	bool machine;		/* fn looks at the machine once, not at each device */
	bool host;		/* fn reads the host's view (struct vnet_host): qmp backend */
	unsigned int needs;	/* VNET_FILL_* groups and NEED_CPUS fn reads (NEEDS_<fn>) */
};

/*
 * What a rule reads, next to each rule as NEEDS_<function>: a device whose
 * group failed to read (features unreadable, interrupts unavailable), or a
 * machine whose online CPUs are unknown, cannot pass or fail the rule, and
 * check says it skipped the rule instead of letting silence read as "fine".
 */
#define NEED_CPUS (1u << 31)

static const struct rule rules[R_COUNT];

VNET_EXPORT const char *vnet_severity_name(enum vnet_severity sev)
{
	switch (sev) {
	case VNET_SEV_INFO:
		return "info";
	case VNET_SEV_WARNING:
		return "warning";
	case VNET_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

static const char *dev_name(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

/* A formatted heap string, or NULL with env->err set. */
__attribute__((format(printf, 2, 0)))
static char *vformat(struct check_env *env, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) >= 0)
		return s;
	env->err = -ENOMEM;
	return NULL;
}

static struct vnet_finding *emit(struct check_env *env, enum rule_id id, enum vnet_severity sev,
				 const struct vnet_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct vnet_finding *emit(struct check_env *env, enum rule_id id, enum vnet_severity sev,
				 const struct vnet_dev *dev, const char *fmt, ...)
{
	struct vnet_findings *out = env->out;
	struct vnet_finding *f;
	char *summary;
	va_list ap;

	va_start(ap, fmt);
	summary = vformat(env, fmt, ap);
	va_end(ap);
	if (!summary)
		return NULL;
	f = realloc(out->items, (out->n + 1) * sizeof(*f));
	if (!f) {
		free(summary);
		env->err = -ENOMEM;
		return NULL;
	}
	out->items = f;
	f = &out->items[out->n++];
	memset(f, 0, sizeof(*f));
	f->id = rules[id].info.id;
	f->severity = sev;
	if (dev)
		vnet_strcpy(f->device, dev_name(dev), sizeof(f->device));
	f->summary = summary;
	f->evidence = json_object_new_object();
	return f;
}

static void ev_int(struct vnet_finding *f, const char *key, uint64_t v)
{
	if (f)
		json_object_object_add(f->evidence, key,
				       v == VNET_UNKNOWN || v == VNET_UNKNOWN64 ? NULL :
				       json_object_new_uint64(v));
}

static void ev_str(struct vnet_finding *f, const char *key, const char *v)
{
	if (f)
		json_object_object_add(f->evidence, key, v && *v ? json_object_new_string(v) : NULL);
}

static void ev_bool(struct vnet_finding *f, const char *key, enum vnet_tri v)
{
	if (f)
		json_object_object_add(f->evidence, key, v == VNET_TRI_UNKNOWN ? NULL :
				       json_object_new_boolean(v == VNET_TRI_YES));
}

/* ---- remedies as actions ----------------------------------------------------- */

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* Append an action to @f (NULL: emit failed); @fmt makes its value, or its text. */
__attribute__((format(printf, 6, 7)))
static struct vnet_action *action(struct check_env *env, struct vnet_finding *f,
				  enum vnet_action_kind kind, enum vnet_vmm_scope scope,
				  const char *key, const char *fmt, ...)
{
	static const enum vnet_action_side side[] = {
		[VNET_ACT_GUEST_PROP] = VNET_SIDE_GUEST, [VNET_ACT_GUEST_CMD] = VNET_SIDE_GUEST,
		[VNET_ACT_VMM_SET] = VNET_SIDE_VMM, [VNET_ACT_VMM_UNSET] = VNET_SIDE_VMM,
		[VNET_ACT_LIBVIRT] = VNET_SIDE_LIBVIRT, [VNET_ACT_NOTE] = VNET_SIDE_VMM,
	};
	bool has_value = kind == VNET_ACT_GUEST_PROP || kind == VNET_ACT_VMM_SET ||
			 kind == VNET_ACT_VMM_UNSET;
	struct vnet_action *a;
	char *made;
	va_list ap;

	if (!f)
		return NULL;
	a = realloc(f->actions, (f->n_actions + 1) * sizeof(*a));
	if (!a) {
		env->err = -ENOMEM;
		return NULL;
	}
	f->actions = a;
	va_start(ap, fmt);
	made = vformat(env, fmt, ap);
	va_end(ap);
	if (!made)
		return NULL;
	a = &f->actions[f->n_actions++];
	a->kind = kind;
	a->side = side[kind];
	a->scope = scope;
	a->key = dup_or_empty(key);
	a->value = has_value ? made : dup_or_empty(NULL);
	a->text = has_value ? dup_or_empty(NULL) : made;
	a->note = dup_or_empty(NULL);
	/* libvirt's domain XML drives QEMU here */
	a->vmms = kind == VNET_ACT_LIBVIRT ? 1u << VNET_VMM_QEMU : 0;
	if (!a->key || !a->value || !a->text || !a->note)
		env->err = -ENOMEM;
	return a;
}

#define guest_prop(env, f, key, ...) \
	action(env, f, VNET_ACT_GUEST_PROP, VNET_SCOPE_NONE, key, __VA_ARGS__)
#define guest_cmd(env, f, ...) \
	action(env, f, VNET_ACT_GUEST_CMD, VNET_SCOPE_NONE, NULL, __VA_ARGS__)
#define vmm_set(env, f, scope, key, ...) \
	action(env, f, VNET_ACT_VMM_SET, VNET_SCOPE_##scope, key, __VA_ARGS__)
#define vmm_unset(env, f, scope, key, ...) \
	action(env, f, VNET_ACT_VMM_UNSET, VNET_SCOPE_##scope, key, __VA_ARGS__)
#define libvirt(env, f, ...) \
	action(env, f, VNET_ACT_LIBVIRT, VNET_SCOPE_NONE, NULL, __VA_ARGS__)
/* a note is the VMM's unless moved to another side */
#define note(env, f, ...) \
	action(env, f, VNET_ACT_NOTE, VNET_SCOPE_NONE, NULL, __VA_ARGS__)
/* a note in QEMU's words (options, monitor commands): left out for other VMMs */
#define qemu_note(env, f, ...) \
	only_qemu(action(env, f, VNET_ACT_NOTE, VNET_SCOPE_NONE, NULL, __VA_ARGS__))

static struct vnet_action *only_qemu(struct vnet_action *a)
{
	if (a)
		a->vmms = 1u << VNET_VMM_QEMU;
	return a;
}

static struct vnet_action *on_side(struct vnet_action *a, enum vnet_action_side side)
{
	if (a)
		a->side = side;
	return a;
}

/* Add a caveat to @a (NULL: the action failed). */
__attribute__((format(printf, 3, 4)))
static void annotate(struct check_env *env, struct vnet_action *a, const char *fmt, ...)
{
	char *made;
	va_list ap;

	if (!a)
		return;
	va_start(ap, fmt);
	made = vformat(env, fmt, ap);
	va_end(ap);
	if (made) {
		free((char *)a->note);
		a->note = made;
	}
}

/* The QEMU property of feature @bit, "" if it has none. */
static const char *qemu_prop(unsigned int bit)
{
	const char *p = vnet_feature_entry(bit)->qemu_property;

	return p ? p : "";
}

/*
 * How Linux sets a guest property today, until "vnetctl set" does: the
 * command, then the interface, then "arg value" ("": none).  Consecutive
 * properties of one command share it: "ethtool -G eth0 rx 1024 tx 1024".
 */
static const struct {
	const char *key;	/* the registry's name (lib/props.c) */
	const char *cmd, *arg;
} guest_syntax[] = {
	{ "queues", "ethtool -L", "combined" },
	{ "rx-ring", "ethtool -G", "rx" },
	{ "tx-ring", "ethtool -G", "tx" },
	{ "mtu", "ip link set", "mtu" },
	{ "link", "ip link set", "" },
	{ "tx", "ethtool -K", "tx" },
	{ "sg", "ethtool -K", "sg" },
	{ "tso", "ethtool -K", "tso" },
	{ "gso", "ethtool -K", "gso" },
	{ "gro", "ethtool -K", "gro" },
};

/* Command for guest property @key, and in @arg its word; NULL when unknown. */
static const char *guest_command(const char *key, const char **arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(guest_syntax); i++) {
		if (!strcmp(key, guest_syntax[i].key)) {
			*arg = guest_syntax[i].arg;
			return guest_syntax[i].cmd;
		}
	}
	return NULL;
}

static bool vmm_config(const struct vnet_action *a)
{
	return a && (a->kind == VNET_ACT_VMM_SET || a->kind == VNET_ACT_VMM_UNSET);
}

/* -device/-netdev/-machine options of QEMU for one VMM action */
static void render_qemu_config(FILE *out, const struct vnet_action *a,
			       const struct vnet_action *prev, bool mmio)
{
	static const char *const opt[] = {
		[VNET_SCOPE_NONE] = "", [VNET_SCOPE_DEVICE] = "-device virtio-net-pci,...",
		[VNET_SCOPE_NETDEV] = "-netdev tap,...", [VNET_SCOPE_MACHINE] = "-machine ...",
	};
	const char *scope = mmio && a->scope == VNET_SCOPE_DEVICE ?
			    "-device virtio-net-device,..." : opt[a->scope];

	/* one option continues while the scope stays and nothing was annotated */
	if (!vmm_config(prev) || prev->scope != a->scope || *prev->note)
		fprintf(out, "%s%s", prev ? vmm_config(prev) ? " " : "; " : "", scope);
	fprintf(out, a->kind == VNET_ACT_VMM_SET ? ",%s=%s" : " without %s=%s", a->key, a->value);
}

static void render_guest_prop(FILE *out, const struct vnet_finding *f,
			      const struct vnet_action *a, const struct vnet_action *prev)
{
	const char *arg, *prev_arg, *cmd = guest_command(a->key, &arg);

	if (!cmd) {
		fprintf(out, "%s%s=%s", prev ? "; " : "", a->key, a->value);
		return;
	}
	if (!prev || prev->kind != VNET_ACT_GUEST_PROP || *prev->note ||
	    guest_command(prev->key, &prev_arg) != cmd)
		fprintf(out, "%s%s %s", prev ? "; " : "", cmd, f->device);
	fprintf(out, " %s%s%s", arg, *arg ? " " : "", a->value);
}

/* Whether @a is written for @vmm (notes and libvirt carry their language). */
static bool speaks(const struct vnet_action *a, enum vnet_vmm_name vmm)
{
	return !a->vmms || a->vmms & 1u << vmm;
}

/* The remedy text of one side, rendered from the actions of that side. */
static char *render_side(const struct vnet_finding *f, enum vnet_action_side side, bool mmio)
{
	const struct vnet_action *prev = NULL;
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return NULL;
	for (size_t i = 0; i < f->n_actions; i++) {
		const struct vnet_action *a = &f->actions[i];

		if (a->side != side || !speaks(a, VNET_VMM_QEMU))
			continue;
		if (a->kind == VNET_ACT_GUEST_PROP)
			render_guest_prop(out, f, a, prev);
		else if (vmm_config(a))
			render_qemu_config(out, a, prev, mmio);
		else
			fprintf(out, "%s%s", prev ? "; " : "", a->text);
		if (*a->note)
			fprintf(out, " (%s)", a->note);
		prev = a;
	}
	if (fclose(out)) {
		free(text);
		return NULL;
	}
	return text;
}

/*
 * How each VMM's configuration is written (docs/vmms.md 4): one option whose
 * keys accumulate, and how the change is made.
 */
static const struct {
	const char *open;	/* before the first key */
	const char *sep;	/* before each key */
	bool json;		/* "key": value, else key=value */
	const char *apply;	/* after the option, or NULL */
} dialects[VNET_VMM_NAMES] = {
	/* 4.1: no in-place change of a NIC */
	[VNET_VMM_CLOUD_HYPERVISOR] = { "--net ...", ",", false,
		"ch-remote remove-device <id>, then ch-remote add-net with it" },
	/* 4.2: fields of the network-interface object, set before boot */
	[VNET_VMM_FIRECRACKER] = { "network-interfaces: {\"iface_id\": ...", ", ", true,
		"PUT /network-interfaces/<iface_id> before boot, or the config file" },
	/* 4.3 */
	[VNET_VMM_CROSVM] = { "crosvm run --net ...", ",", false, NULL },
};

static bool has_dialect(enum vnet_vmm_name vmm)
{
	return (unsigned int)vmm < VNET_VMM_NAMES && dialects[vmm].open;
}

/* The value in @vmm's words: "on" as it spells it, queue counts scaled. */
static void vmm_value(char *buf, size_t size, const struct vnet_vmm_knob *k, const char *value)
{
	char *end;
	unsigned long n = strtoul(value, &end, 10);

	if (!strcmp(value, "on") && k->on_word)
		snprintf(buf, size, "%s", k->on_word);
	else if (*value && !*end && k->per_pair > 1)
		snprintf(buf, size, "%lu", n * k->per_pair);
	else
		snprintf(buf, size, "%s", value);
}

/* The virtio words of a VMM action: what the device should (not) offer. */
static void virtio_words(FILE *out, const struct vnet_action *a)
{
	char buf[160];
	const char *w = vnet_vmm_virtio_words(a->key, buf, sizeof(buf), a->value);
	/* disable-* switches say the opposite of their feature (disable-modern) */
	bool negated = !strncmp(a->key, "disable-", 8);
	bool offer = ((a->kind == VNET_ACT_VMM_SET) == !!strcmp(a->value, "off")) != negated;

	if (!w) {
		/* no virtio words: a key the table lacks */
		fprintf(out, "%s=%s", a->key, a->value);
		return;
	}
	if (strchr(w, ' ')) {
		fprintf(out, "%s", w);	/* a phrase of its own, with the value */
		return;
	}
	fprintf(out, "%s%s", offer ? "" : "no ", w);
	if (offer && strcmp(a->value, "on") && strcmp(a->value, "off"))
		fprintf(out, " (%s)", a->value);
}

/* The knob of an earlier VMM action of @f than @i whose @same() holds. */
static bool earlier(const struct vnet_finding *f, size_t i, enum vnet_vmm_name vmm,
		    bool (*same)(const struct vnet_vmm_knob *, const struct vnet_vmm_knob *))
{
	const struct vnet_vmm_knob *k = vnet_vmm_knob(vmm, f->actions[i].key);

	for (size_t j = 0; j < i; j++) {
		const struct vnet_action *b = &f->actions[j];

		if (b->side == VNET_SIDE_VMM && vmm_config(b) &&
		    same(vnet_vmm_knob(vmm, b->key), k))
			return true;
	}
	return false;
}

static bool same_setting(const struct vnet_vmm_knob *a, const struct vnet_vmm_knob *b)
{
	return a->support == VNET_KNOB_SETTING && b->support == VNET_KNOB_SETTING &&
	       !strcmp(a->spelling, b->spelling);
}

static bool same_reason(const struct vnet_vmm_knob *a, const struct vnet_vmm_knob *b)
{
	return a->support == b->support && a->why && b->why && !strcmp(a->why, b->why);
}

/*
 * The host part in @vmm's language: its option with the keys it has, a
 * sentence for each reason it has no setting (fixed in its code) or needs
 * none, the virtio features for what is not recorded, and the notes written
 * for it.  *@impossible: every VMM action asks for a setting @vmm lacks.
 */
static char *render_vmm(const struct vnet_finding *f, enum vnet_vmm_name vmm, bool *impossible)
{
	const char *label = vnet_vmm_label(vmm);
	bool known = has_dialect(vmm);
	unsigned int settings = 0, parts, configs = 0, fixed = 0;
	char *text = NULL, val[64];
	size_t len;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return NULL;
	for (size_t i = 0; known && i < f->n_actions; i++) {
		const struct vnet_action *a = &f->actions[i];
		const struct vnet_vmm_knob *k;

		if (a->side != VNET_SIDE_VMM || !vmm_config(a))
			continue;
		k = vnet_vmm_knob(vmm, a->key);
		if (k->support != VNET_KNOB_SETTING || earlier(f, i, vmm, same_setting))
			continue;
		vmm_value(val, sizeof(val), k, a->value);
		if (!settings++)
			fprintf(out, "%s", dialects[vmm].open);
		if (a->kind == VNET_ACT_VMM_UNSET)
			fprintf(out, " without %s=%s", k->spelling, val);
		else
			fprintf(out, dialects[vmm].json ? "%s\"%s\": %s" : "%s%s=%s",
				dialects[vmm].sep, k->spelling, val);
		if (k->why && !dialects[vmm].json)
			fprintf(out, " (%s)", k->why);
	}
	if (settings && dialects[vmm].json) {
		fprintf(out, "}");	/* an object closes before its caveats */
		for (size_t i = 0; i < f->n_actions; i++) {
			const struct vnet_action *a = &f->actions[i];
			const struct vnet_vmm_knob *k;

			if (a->side != VNET_SIDE_VMM || !vmm_config(a))
				continue;
			k = vnet_vmm_knob(vmm, a->key);
			if (k->support == VNET_KNOB_SETTING && k->why &&
			    !earlier(f, i, vmm, same_setting))
				fprintf(out, " (%s)", k->why);
		}
	}
	if (settings && dialects[vmm].apply)
		fprintf(out, "; %s", dialects[vmm].apply);
	parts = settings ? 1 : 0;
	/* then what it fixes in code, decides elsewhere, has no record of; notes last */
	for (int pass = 0; pass < 4; pass++) {
		static const enum vnet_knob_support order[] = {
			VNET_KNOB_IMPOSSIBLE, VNET_KNOB_ELSEWHERE, VNET_KNOB_UNRECORDED,
		};
		unsigned int said = 0;

		for (size_t i = 0; i < f->n_actions; i++) {
			const struct vnet_action *a = &f->actions[i];
			const struct vnet_vmm_knob *k;

			if (a->side != VNET_SIDE_VMM || vmm_config(a) != (pass < 3))
				continue;
			if (pass == 3) {
				if (!speaks(a, vmm))
					continue;
				fprintf(out, "%s%s", parts++ ? "; " : "", a->text);
				if (*a->note)
					fprintf(out, " (%s)", a->note);
				continue;
			}
			k = vnet_vmm_knob(known ? vmm : VNET_VMM_UNKNOWN, a->key);
			if (k->support != order[pass])
				continue;
			configs += pass == 0 || pass == 1 || pass == 2;
			fixed += pass == 0;
			if (pass == 2) {
				if (!said++)
					fprintf(out, "%s%s%sthe device should offer ",
						parts++ ? "; " : "", known ? label : "",
						known ? " (no setting recorded): " : "");
				else
					fprintf(out, ", ");
				virtio_words(out, a);
				continue;
			}
			/* one clause per reason, naming everything it covers */
			if (earlier(f, i, vmm, same_reason))
				continue;
			if (!said++)
				fprintf(out, "%s%s %s: ", parts++ ? "; " : "", label,
					pass ? "needs no setting" : "has no such setting");
			else
				fprintf(out, "; ");
			fprintf(out, "%s", vnet_vmm_knob_name(a->key));
			for (size_t j = i + 1; j < f->n_actions; j++) {
				const struct vnet_action *c = &f->actions[j];
				const char *name = vnet_vmm_knob_name(c->key);
				bool named = false;

				if (c->side != VNET_SIDE_VMM || !vmm_config(c) ||
				    !same_reason(vnet_vmm_knob(vmm, c->key), k))
					continue;
				for (size_t m = i; m < j && !named; m++) {
					const char *key = f->actions[m].key;

					named = vmm_config(&f->actions[m]) &&
						!strcmp(vnet_vmm_knob_name(key), name);
				}
				if (!named)
					fprintf(out, ", %s", name);
			}
			fprintf(out, " (%s)", k->why);
		}
	}
	*impossible = known && configs && fixed == configs;
	if (fclose(out)) {
		free(text);
		return NULL;
	}
	return text;
}

static int render_remedy(struct vnet_finding *f, enum vnet_vmm_name vmm, bool mmio)
{
	bool impossible = false;

	/* an unnamed VMM is not assumed to be QEMU: virtio words only */
	if (vmm == VNET_VMM_OTHER)
		vmm = VNET_VMM_UNKNOWN;
	f->remedy.vmm_name = vmm;
	f->remedy.guest = render_side(f, VNET_SIDE_GUEST, mmio);
	if (vmm == VNET_VMM_QEMU) {
		f->remedy.qemu = render_side(f, VNET_SIDE_VMM, mmio);
		f->remedy.libvirt = render_side(f, VNET_SIDE_LIBVIRT, mmio);
		f->remedy.vmm = f->remedy.qemu ? strdup(f->remedy.qemu) : NULL;
	} else {
		f->remedy.qemu = strdup("");
		f->remedy.libvirt = strdup("");
		f->remedy.vmm = render_vmm(f, vmm, &impossible);
		f->remedy.vmm_impossible = impossible;
	}
	if (!f->remedy.guest || !f->remedy.qemu || !f->remedy.libvirt || !f->remedy.vmm)
		return -ENOMEM;
	/*
	 * docs/vmms.md 5: a finding whose only remedy is a setting this VMM does
	 * not have is information, and says so; a guest-side step keeps it.
	 */
	if (impossible && !*f->remedy.guest && f->severity > VNET_SEV_INFO) {
		char *summary;

		if (asprintf(&summary, "%s (%s has no such setting)", f->summary,
			     vnet_vmm_label(vmm)) < 0)
			return -ENOMEM;
		free((char *)f->summary);
		f->summary = summary;
		f->severity = VNET_SEV_INFO;
	}
	return 0;
}

static bool negotiated(const struct vnet_dev *dev, unsigned int bit)
{
	return vnet_dev_has_feature(dev, bit) == VNET_TRI_YES;
}

static bool not_negotiated(const struct vnet_dev *dev, unsigned int bit)
{
	return vnet_dev_has_feature(dev, bit) == VNET_TRI_NO;
}

/* Queue pairs the device has; 0 when unknown. */
static uint32_t max_pairs(const struct vnet_dev *dev)
{
	if (dev->filled & VNET_FILL_CHANNELS && dev->channels.max_combined != VNET_UNKNOWN)
		return dev->channels.max_combined;
	return dev->n_queues;
}

/* The VMM's own key for QEMU key @key ("host_mtu" -> Cloud Hypervisor's "mtu"), or NULL. */
static const char *vmm_key(const struct check_env *env, const char *key)
{
	const struct vnet_vmm_knob *k = vnet_vmm_knob(env->sys->vmm.name, key);

	if (k->support != VNET_KNOB_SETTING)
		return NULL;
	return k->spelling ? k->spelling : key;
}

/* "QEMU", "Firecracker", ... or "VMM": "the %s log" */
static const char *vmm_word(const struct check_env *env)
{
	const char *label = vnet_vmm_label(env->sys->vmm.name);

	return strncmp(label, "the ", 4) ? label : label + 4;
}

static uint32_t cpus(const struct check_env *env)
{
	return env->sys->online_cpus;
}

/* ---- rules ----------------------------------------------------------------- */

#define NEEDS_rule_driver 0
static void rule_driver(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!*dev->ifname) {
		f = emit(env, R_DRIVER_NOT_BOUND, VNET_SEV_ERROR, dev,
			 "%s has no network interface: virtio_net is not bound to it",
			 dev->virtio_name);
		ev_str(f, "driver", dev->driver);
		/* modprobe is a no-op when loaded; bind covers a manual unbind */
		guest_cmd(env, f,
			  "modprobe virtio_net && echo %s > /sys/bus/virtio/drivers/virtio_net/bind",
			  dev->virtio_name);
		return;
	}
	if (dev->status != VNET_UNKNOWN && dev->status & 0xc0) {
		f = emit(env, R_DEVICE_FAILED, VNET_SEV_ERROR, dev,
			 "device status 0x%02x: %s", dev->status,
			 dev->status & 0x80 ? "the driver gave up on the device (FAILED)"
					    : "the device needs a reset (DEVICE_NEEDS_RESET)");
		ev_int(f, "status", dev->status);
		guest_cmd(env, f, "echo %s > /sys/bus/virtio/drivers/virtio_net/unbind",
			  dev->virtio_name);
		guest_cmd(env, f, "echo %s > /sys/bus/virtio/drivers/virtio_net/bind",
			  dev->virtio_name);
		note(env, f, "see the %s log for the device error; reset the guest if rebinding "
			     "fails", vmm_word(env));
	}
}

#define NEEDS_rule_irq_mode VNET_FILL_IRQS
static void rule_irq_mode(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t n = max_pairs(dev);
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_IRQS))
		return;
	if (dev->irqs.mode == VNET_IRQ_MSIX_SHARED) {
		f = emit(env, R_IRQ_SHARED_VECTOR, VNET_SEV_WARNING, dev,
			 n == 1 ? "%u queue pair shares one interrupt vector (%s): the MSI-X "
				  "table has %u entries, a vector per queue needs %u" :
				  "all %u queue pairs share one interrupt vector (%s): the MSI-X "
				  "table has %u entries, a vector per queue needs %u",
			 n, dev->irqs.shared.name, dev->pci.msix_table_size, 2 * n + 1);
		ev_str(f, "mode", vnet_irq_mode_name(dev->irqs.mode));
		ev_int(f, "msix_table_size", dev->pci.msix_table_size);
		ev_int(f, "max_queue_pairs", n);
		ev_int(f, "vectors_needed", 2 * n + 1);
		vmm_set(env, f, DEVICE, "vectors", "%u", 2 * n + 2);
		annotate(env, libvirt(env, f, "<driver queues='%u'/>", n),
			 "libvirt then sets vectors=%u", 2 * n + 2);
	} else if (dev->irqs.mode == VNET_IRQ_MMIO && n > 1) {
		/* docs/vmms.md section 3, "virtio-mmio and multiqueue" */
		f = emit(env, R_IRQ_MMIO_LINE, VNET_SEV_INFO, dev,
			 "virtio-mmio has one interrupt line (%s irq %u) for all %u queue pairs: "
			 "no per-queue vectors or affinity, every completion is handled on the "
			 "CPU that takes that line",
			 dev->irqs.shared.name, dev->irqs.shared.irq, n);
		ev_str(f, "mode", vnet_irq_mode_name(dev->irqs.mode));
		ev_int(f, "irq", dev->irqs.shared.irq);
		ev_int(f, "max_queue_pairs", n);
		on_side(note(env, f, "spread receive processing with RPS (rps=...) and set the one "
				     "line's affinity (irq-affinity=...)"), VNET_SIDE_GUEST);
		note(env, f, "per-queue interrupts need virtio-pci (-device virtio-net-pci on a "
			     "pc or q35 machine)");
	} else if (dev->irqs.mode == VNET_IRQ_INTX) {
		f = emit(env, R_IRQ_INTX, VNET_SEV_WARNING, dev,
			 "the device uses a legacy INTx line interrupt (%s irq %u), no MSI-X",
			 dev->irqs.shared.name, dev->irqs.shared.irq);
		ev_str(f, "mode", vnet_irq_mode_name(dev->irqs.mode));
		ev_bool(f, "msix_present", dev->pci.msix_present);
		ev_int(f, "irq", dev->irqs.shared.irq);
		annotate(env, vmm_set(env, f, DEVICE, "vectors", "%u", 2 * (n ? n : 1) + 2),
			 "not vectors=0");
		libvirt(env, f, "remove vectors overrides (qemu:commandline) from the domain");
	}
}

#define NEEDS_rule_msix_size (VNET_FILL_PCI | VNET_FILL_CHANNELS)
static void rule_msix_size(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t n = max_pairs(dev), size = dev->pci.msix_table_size;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_PCI) || dev->pci.msix_present != VNET_TRI_YES || !n ||
	    size == VNET_UNKNOWN || size >= 2 * n + 2)
		return;
	f = emit(env, R_MSIX_TABLE_SMALL, size < 2 * n + 1 ? VNET_SEV_WARNING : VNET_SEV_INFO,
		 dev, "the MSI-X table has %u vector%s, less than 2 * %u queue pair%s + 2 = %u",
		 size, size == 1 ? "" : "s", n, n == 1 ? "" : "s", 2 * n + 2);
	ev_int(f, "msix_table_size", size);
	ev_int(f, "max_queue_pairs", n);
	ev_int(f, "recommended", 2 * n + 2);
	vmm_set(env, f, DEVICE, "vectors", "%u", 2 * n + 2);
	libvirt(env, f, "<driver queues='%u'/>", n);
}

#define NEEDS_rule_queues (VNET_FILL_CHANNELS | NEED_CPUS)
static void rule_queues(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_channels *ch = &dev->channels;
	uint32_t ncpu = cpus(env), want;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_CHANNELS) || ncpu == VNET_UNKNOWN ||
	    ch->combined == VNET_UNKNOWN || ch->max_combined == VNET_UNKNOWN)
		return;
	want = ncpu < ch->max_combined ? ncpu : ch->max_combined;
	if (ch->combined >= want)
		return;
	f = emit(env, R_QUEUES_BELOW_VCPUS, VNET_SEV_WARNING, dev,
		 "%u of %u queue pairs %s enabled with %u vCPUs: enable %u",
		 ch->combined, ch->max_combined, ch->combined == 1 ? "is" : "are", ncpu, want);
	ev_int(f, "combined", ch->combined);
	ev_int(f, "max_combined", ch->max_combined);
	ev_int(f, "online_cpus", ncpu);
	guest_prop(env, f, "queues", "%u", want);
}

/*
 * The backend part of a multiqueue remedy: @n queues on the netdev.  A
 * backend without virtio-net headers (user, socket, stream, dgram) has one
 * queue whatever is asked, so the remedy is another backend, not a property.
 */
static void netdev_queues(struct check_env *env, struct vnet_finding *f, bool no_hdr, uint32_t n)
{
	if (!no_hdr) {
		vmm_set(env, f, NETDEV, "queues", "%u", n);
		return;
	}
	qemu_note(env, f, "a backend without virtio-net headers (user, socket, stream, dgram) has "
			  "one queue and cannot do multiqueue: replace it with -netdev "
			  "tap,...,queues=%u (vhost=on) or a vhost-user backend with %u queues",
		  n, n);
}

#define NEEDS_rule_mq (VNET_FILL_FEATURES | VNET_FILL_CHANNELS | NEED_CPUS)
static void rule_mq(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t ncpu = cpus(env);
	bool no_hdr = vnet_backend_without_vnet_hdr(dev);
	struct vnet_finding *f;

	if (ncpu == VNET_UNKNOWN || ncpu < 2)
		return;
	if (not_negotiated(dev, VNET_F_MQ)) {
		f = emit(env, R_MQ_MISSING, VNET_SEV_WARNING, dev,
			 "multiqueue (%s) is not negotiated: one queue pair serves %u vCPUs%s",
			 vnet_feature_entry(VNET_F_MQ)->name, ncpu,
			 no_hdr ? ", and the backend (no virtio-net headers) has only one queue"
				: "");
		ev_int(f, "online_cpus", ncpu);
		ev_bool(f, "mq", VNET_TRI_NO);
		ev_bool(f, "ctrl_vq", vnet_dev_has_feature(dev, VNET_F_CTRL_VQ));
		ev_bool(f, "backend_without_vnet_hdr", no_hdr ? VNET_TRI_YES : VNET_TRI_NO);
		netdev_queues(env, f, no_hdr, ncpu);
		vmm_set(env, f, DEVICE, qemu_prop(VNET_F_MQ), "on");
		if (!vnet_dev_is_mmio(dev))	/* virtio-mmio has no vectors */
			vmm_set(env, f, DEVICE, "vectors", "%u", 2 * ncpu + 2);
		if (not_negotiated(dev, VNET_F_CTRL_VQ))
			vmm_set(env, f, DEVICE, qemu_prop(VNET_F_CTRL_VQ), "on");
	} else if (negotiated(dev, VNET_F_MQ) && max_pairs(dev) == 1) {
		/* QEMU offers MQ with max_virtqueue_pairs = the netdev's queues */
		f = emit(env, R_MQ_ONE_QUEUE_PAIR, VNET_SEV_WARNING, dev,
			 "multiqueue (%s) is negotiated but the device has 1 queue pair for %u "
			 "vCPUs: %s", vnet_feature_entry(VNET_F_MQ)->name, ncpu,
			 no_hdr ? "the backend (no virtio-net headers) has only one queue"
				: "its netdev has one queue");
		ev_int(f, "max_queue_pairs", 1);
		ev_int(f, "online_cpus", ncpu);
		ev_bool(f, "mq", VNET_TRI_YES);
		ev_bool(f, "backend_without_vnet_hdr", no_hdr ? VNET_TRI_YES : VNET_TRI_NO);
		netdev_queues(env, f, no_hdr, ncpu);
		if (!vnet_dev_is_mmio(dev))
			vmm_set(env, f, DEVICE, "vectors", "%u", 2 * ncpu + 2);
	} else {
		return;
	}
	if (no_hdr)
		libvirt(env, f, "<interface type='network'> or 'bridge' (a tap) instead of "
				"type='user' or a socket type, with <driver queues='%u'/>", ncpu);
	else
		libvirt(env, f, "<driver queues='%u'/>", ncpu);
}

/* virtio-mmio version 1 (QEMU's default, force-legacy=on; docs/vmms.md section 4.4) */
static void rule_legacy_mmio(struct check_env *env, const struct vnet_dev *dev)
{
	struct vnet_finding *f;

	if (dev->mmio.version != 1)
		return;
	f = emit(env, R_LEGACY_MODE, VNET_SEV_WARNING, dev,
		 "legacy virtio-mmio device (version 1): no feature from bit %u up (%s, %s, %s)",
		 VNET_LEGACY_FEATURE_BITS, vnet_feature_entry(VNET_F_RING_RESET)->name,
		 vnet_feature_entry(VNET_F_SPEED_DUPLEX)->name,
		 vnet_feature_entry(VNET_F_RING_PACKED)->name);
	ev_str(f, "mode", "legacy");
	ev_int(f, "mmio_version", dev->mmio.version);
	ev_bool(f, "version_1", vnet_dev_has_feature(dev, VNET_F_VERSION_1));
	note(env, f, "-global virtio-mmio.force-legacy=off (every virtio-mmio device of the "
		     "machine becomes version 2)");
}

#define NEEDS_rule_legacy (VNET_FILL_PCI | VNET_FILL_FEATURES)
static void rule_legacy(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_PCI))
		return;
	if (vnet_dev_is_mmio(dev)) {
		rule_legacy_mmio(env, dev);
		return;
	}
	if (dev->pci.mode == VNET_MODE_LEGACY) {
		f = emit(env, R_LEGACY_MODE, VNET_SEV_WARNING, dev,
			 "legacy-only virtio device (no virtio 1.0 interface): I/O port access, "
			 "and no feature from bit %u up (%s, %s, %s)", VNET_LEGACY_FEATURE_BITS,
			 vnet_feature_entry(VNET_F_RING_RESET)->name,
			 vnet_feature_entry(VNET_F_SPEED_DUPLEX)->name,
			 vnet_feature_entry(VNET_F_RING_PACKED)->name);
		ev_str(f, "mode", "legacy");
		ev_int(f, "device_id", dev->pci.device_id);
		ev_bool(f, "version_1", vnet_dev_has_feature(dev, VNET_F_VERSION_1));
		/* VERSION_1's property turns the modern interface off */
		annotate(env, vmm_unset(env, f, DEVICE, qemu_prop(VNET_F_VERSION_1), "on"),
			 "disable-legacy=on,%s=off for modern-only", qemu_prop(VNET_F_VERSION_1));
		annotate(env, libvirt(env, f, "<model type='virtio'/>"),
			 "not virtio-transitional with a legacy-only machine");
	} else if (dev->pci.mode == VNET_MODE_TRANSITIONAL &&
		   not_negotiated(dev, VNET_F_VERSION_1)) {
		f = emit(env, R_LEGACY_MODE, VNET_SEV_WARNING, dev,
			 "transitional device driven through its legacy interface (%s not "
			 "negotiated): no feature from bit %u up",
			 vnet_feature_entry(VNET_F_VERSION_1)->name, VNET_LEGACY_FEATURE_BITS);
		ev_str(f, "mode", "transitional");
		ev_bool(f, "version_1", VNET_TRI_NO);
		on_side(note(env, f, "remove virtio_pci.force_legacy=1 from the kernel command line"),
			VNET_SIDE_GUEST);
		vmm_set(env, f, DEVICE, "disable-legacy", "on");
		libvirt(env, f, "<model type='virtio-non-transitional'/>");
	}
}

#define NEEDS_rule_features VNET_FILL_FEATURES
static void rule_features(struct check_env *env, const struct dev_view *dv)
{
	static const struct {
		unsigned int bit;
		enum rule_id id;
		const char *why;
	} perf[] = {
		{ VNET_F_CTRL_VQ, R_CTRL_VQ_MISSING,
		  "no control queue: no multiqueue, no MAC or RX-mode changes, no offload toggling" },
		{ VNET_F_INDIRECT_DESC, R_INDIRECT_DESC_OFF,
		  "without indirect descriptors a multi-fragment packet takes several ring slots" },
		{ VNET_F_EVENT_IDX, R_EVENT_IDX_OFF,
		  "without EVENT_IDX every buffer can cost a notification and an interrupt" },
		{ VNET_F_MRG_RXBUF, R_MRG_RXBUF_OFF,
		  "without mergeable buffers large receives need big preallocated buffers" },
	};
	const struct vnet_dev *dev = dv->dev;

	for (size_t i = 0; i < ARRAY_SIZE(perf); i++) {
		const struct vnet_feature_info *fi = vnet_feature_entry(perf[i].bit);
		struct vnet_finding *f;

		if (!not_negotiated(dev, perf[i].bit))
			continue;
		f = emit(env, perf[i].id, VNET_SEV_WARNING, dev, "%s is not negotiated: %s",
			 fi->name, perf[i].why);
		ev_str(f, "feature", fi->name);
		ev_bool(f, "negotiated", VNET_TRI_NO);
		vmm_set(env, f, DEVICE, qemu_prop(fi->bit), "on");
		if (fi->libvirt_element)
			libvirt(env, f, "<%s %s='on'/>", fi->libvirt_element, fi->libvirt_attr);
	}
}

/*
 * Bits from VERSION_1 up exist only on the modern interface: on a legacy device
 * their absence is legacy-mode's finding, and their own remedies would not
 * work.
 */
static bool modern_bit_missing(const struct vnet_dev *dev, unsigned int bit)
{
	return negotiated(dev, VNET_F_VERSION_1) && not_negotiated(dev, bit);
}

#define NEEDS_rule_ring_reset VNET_FILL_FEATURES
static void rule_ring_reset(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_feature_info *fi = vnet_feature_entry(VNET_F_RING_RESET);
	unsigned int since = fi->qemu_default_since;
	struct vnet_action *a;
	struct vnet_finding *f;

	/* Linux negotiates RING_RESET only over virtio-pci (vp_transport_features()) */
	if (!modern_bit_missing(dev, VNET_F_RING_RESET) || vnet_dev_is_mmio(dev))
		return;
	f = emit(env, R_RING_RESET_MISSING, VNET_SEV_INFO, dev,
		 "%s is not negotiated: ring sizes cannot be changed (ethtool -G fails)", fi->name);
	ev_bool(f, "ring_reset", VNET_TRI_NO);
	a = vmm_set(env, f, DEVICE, qemu_prop(fi->bit), "on");
	if (since) {
		annotate(env, a, "default from machine type %u.%u", since / 100, since % 100);
		libvirt(env, f, "a machine type of QEMU %u.%u or later", since / 100, since % 100);
	}
}

#define NEEDS_rule_rings VNET_FILL_RINGS
static void rule_rings(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_rings *r = &dv->dev->rings;
	struct vnet_finding *f;

	if (!(dv->dev->filled & VNET_FILL_RINGS) || r->rx == VNET_UNKNOWN || r->tx == VNET_UNKNOWN ||
	    r->rx_max == VNET_UNKNOWN || r->tx_max == VNET_UNKNOWN ||
	    (r->rx >= r->rx_max && r->tx >= r->tx_max))
		return;
	f = emit(env, R_RINGS_BELOW_MAX, VNET_SEV_INFO, dv->dev,
		 "rings are smaller than the device allows: rx %u of %u, tx %u of %u",
		 r->rx, r->rx_max, r->tx, r->tx_max);
	ev_int(f, "rx", r->rx);
	ev_int(f, "rx_max", r->rx_max);
	ev_int(f, "tx", r->tx);
	ev_int(f, "tx_max", r->tx_max);
	guest_prop(env, f, "rx-ring", "%u", r->rx_max);
	guest_prop(env, f, "tx-ring", "%u", r->tx_max);
}

#define NEEDS_rule_mtu (VNET_FILL_LINK | VNET_FILL_FEATURES)
static void rule_mtu(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_mtu *m = &dev->mtu;
	const struct vnet_feature_info *fi = vnet_feature_entry(VNET_F_MTU);
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_LINK) || m->current == VNET_UNKNOWN)
		return;
	if (not_negotiated(dev, VNET_F_MTU) && m->current > DEFAULT_MTU) {
		f = emit(env, R_MTU_WITHOUT_HOST_MTU, VNET_SEV_WARNING, dev,
			 "MTU %u is above %u but the device does not report a maximum (no %s "
			 "feature): larger frames may be dropped on the host side",
			 m->current, DEFAULT_MTU, fi->name);
		ev_int(f, "mtu", m->current);
		ev_bool(f, "mtu_feature", VNET_TRI_NO);
		vmm_set(env, f, DEVICE, qemu_prop(fi->bit), "%u", m->current);
		if (fi->libvirt_element)
			libvirt(env, f, "<%s %s='%u'/>", fi->libvirt_element, fi->libvirt_attr,
				m->current);
	} else if (negotiated(dev, VNET_F_MTU) && m->max != VNET_UNKNOWN && m->current < m->max) {
		const char *key = vmm_key(env, qemu_prop(fi->bit));

		f = emit(env, R_MTU_BELOW_HOST_MTU, VNET_SEV_INFO, dev,
			 "MTU %u is below the %u the host configured%s%s%s", m->current,
			 m->max, key ? " (" : "", key ? key : "", key ? ")" : "");
		ev_int(f, "mtu", m->current);
		ev_int(f, "host_mtu", m->max);
		guest_prop(env, f, "mtu", "%u", m->max);
	}
}

#define NEEDS_rule_link VNET_FILL_LINK
static void rule_link(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_link *l = &dev->link;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_LINK))
		return;
	if (l->admin_up == VNET_TRI_NO) {
		f = emit(env, R_LINK_DOWN, VNET_SEV_WARNING, dev,
			 "the interface is administratively down");
		ev_bool(f, "admin_up", l->admin_up);
		ev_bool(f, "carrier", l->carrier);
		ev_str(f, "operstate", l->operstate);
		guest_prop(env, f, "link", "up");
	} else if (l->carrier == VNET_TRI_NO) {
		f = emit(env, R_LINK_DOWN, VNET_SEV_WARNING, dev,
			 "no carrier: the device reports its link down");
		ev_bool(f, "admin_up", l->admin_up);
		ev_bool(f, "carrier", l->carrier);
		ev_str(f, "operstate", l->operstate);
		ev_bool(f, "status_feature", vnet_dev_has_feature(dev, VNET_F_STATUS));
		qemu_note(env, f, "monitor: set_link <netdev-or-device-id> on");
		libvirt(env, f, "<link state='up'/>");
	}
}

#define NEEDS_rule_speed VNET_FILL_FEATURES
static void rule_speed(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!modern_bit_missing(dev, VNET_F_SPEED_DUPLEX))
		return;
	f = emit(env, R_SPEED_UNKNOWN, VNET_SEV_INFO, dev,
		 "link speed is unknown (no %s): utilization in sar, nicstat or "
		 "monitoring cannot be computed", vnet_feature_entry(VNET_F_SPEED_DUPLEX)->name);
	ev_bool(f, "speed_duplex", VNET_TRI_NO);
	ev_int(f, "speed_mbps", dev->link.speed_mbps);
	/* QEMU's speed and duplex properties together offer SPEED_DUPLEX */
	vmm_set(env, f, DEVICE, "speed", "10000");
	annotate(env, vmm_set(env, f, DEVICE, "duplex", "full"), "the real uplink speed");
}

/* Add @v for queue @q to the evidence object and the total, when it counts. */
static void count_queue(json_object **per_queue, uint64_t *total, unsigned int q, uint64_t v)
{
	char key[16];

	if (v == VNET_UNKNOWN64 || !v)
		return;
	*total += v;
	if (!*per_queue)
		*per_queue = json_object_new_object();
	snprintf(key, sizeof(key), "%u", q);
	json_object_object_add(*per_queue, key, json_object_new_uint64(v));
}

#define NEEDS_rule_tx_timeouts 0	/* counters, else the queues' own */
static void rule_tx_timeouts(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;
	json_object *per_queue = NULL;
	uint64_t total = 0;

	/* the driver's counter when counters are readable, else sysfs tx_timeout */
	if (dv->now)
		for (unsigned int q = 0; q < dv->now->n_queues; q++)
			count_queue(&per_queue, &total, dv->now->queues[q].index,
				    dv->now->queues[q].v[VNET_TX][VNET_M_TIMEOUTS]);
	else if (dev->filled & VNET_FILL_QUEUES)
		for (unsigned int q = 0; q < dev->n_queues; q++)
			count_queue(&per_queue, &total, q, dev->queues[q].tx_timeouts);
	if (!total)
		return;
	f = emit(env, R_TX_TIMEOUTS, VNET_SEV_WARNING, dev,
		 "%llu transmit timeout%s: a transmit queue stalled for seconds (the host stopped "
		 "consuming it)", (unsigned long long)total, total == 1 ? "" : "s");
	if (f)
		json_object_object_add(f->evidence, "per_queue", per_queue);
	else
		json_object_put(per_queue);
	ev_int(f, "total", total);
	note(env, f, "check the backend: the tap/vhost side stopped reading (host load, "
		     "vhost thread, a full socket)");
}

#define NEEDS_rule_drops 0	/* the sample window, which --sample asks for */
static void rule_drops(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;
	double rate, xdp;
	bool by_xdp;
	json_object *per_queue;

	if (!dv->window)
		return;
	rate = dv->rates.total[VNET_RX][VNET_M_DROPS];
	if (isnan(rate) || rate <= 0)
		return;
	f = emit(env, R_RX_DROPS_GROWING, VNET_SEV_WARNING, dev,
		 "receive drops are growing: %.1f per second over %.1f s", rate,
		 dv->rates.interval);
	if (!f)
		return;
	per_queue = json_object_new_object();
	for (unsigned int q = 0; q < dv->rates.n_queues; q++) {
		double r = dv->rates.queues[q].r[VNET_RX][VNET_M_DROPS];
		char key[16];

		if (isnan(r) || r <= 0)
			continue;
		snprintf(key, sizeof(key), "%u", dv->rates.queues[q].index);
		json_object_object_add(per_queue, key, json_object_new_double(r));
	}
	json_object_object_add(f->evidence, "drops_per_second", json_object_new_double(rate));
	json_object_object_add(f->evidence, "window_seconds",
			       json_object_new_double(dv->rates.interval));
	json_object_object_add(f->evidence, "per_queue", per_queue);
	xdp = dv->rates.total[VNET_RX][VNET_M_XDP_DROPS];
	if (!isnan(xdp))
		json_object_object_add(f->evidence, "xdp_drops_per_second",
				       json_object_new_double(xdp));
	/* XDP_DROP counts in both: then the program, not the device, drops */
	by_xdp = !isnan(xdp) && xdp >= 0.9 * rate;
	if (by_xdp)
		on_side(note(env, f, "an XDP program drops them: ip -d link show dev %s (prog/xdp); "
				     "ip link set dev %s xdp off if that is not intended",
			     dev->ifname, dev->ifname), VNET_SIDE_GUEST);
	else if (dev->rings.rx != VNET_UNKNOWN && dev->rings.rx_max != VNET_UNKNOWN &&
		 dev->rings.rx < dev->rings.rx_max)
		guest_prop(env, f, "rx-ring", "%u", dev->rings.rx_max);
	else
		/* QEMU itself drops what does not fit the buffers without telling the
		 * guest; what the driver counts are bad lengths and failed buffer
		 * allocations */
		on_side(note(env, f, "dmesg | grep virtio_net (length errors, buffer allocation "
				     "failures); free memory"), VNET_SIDE_GUEST);
	if (!by_xdp) {
		vmm_set(env, f, DEVICE, "rx_queue_size", "1024");
		vmm_set(env, f, DEVICE, qemu_prop(VNET_F_MRG_RXBUF), "on");
	}
}

/* "0-3,5" -> bits in @set (up to 1024 CPUs); false when unparsable */
static bool cpulist_bits(const char *list, uint64_t set[16])
{
	const char *p = list;

	memset(set, 0, 16 * sizeof(uint64_t));
	if (!*p)
		return false;
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p)
			return false;
		if (*end == '-') {
			b = strtoul(end + 1, &end, 10);
			if (b < a)
				return false;
		}
		for (unsigned long c = a; c <= b && c < 1024; c++)
			set[c / 64] |= 1ULL << (c % 64);
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return false;
	}
	return true;
}

/* "00000000,00000003" (32-bit words, most significant first) -> bits */
static bool hexmask_bits(const char *mask, uint64_t set[16])
{
	size_t len = strlen(mask);
	unsigned int bit = 0;

	memset(set, 0, 16 * sizeof(uint64_t));
	if (!len)
		return false;
	for (size_t i = len; i-- > 0;) {
		char c = mask[i];
		unsigned int v;

		if (c == ',')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return false;
		for (unsigned int k = 0; k < 4; k++, bit++)
			if (v & (1u << k) && bit < 1024)
				set[bit / 64] |= 1ULL << (bit % 64);
	}
	return true;
}

static int single_cpu(const uint64_t set[16])
{
	int cpu = -1;

	for (int w = 0; w < 16; w++) {
		if (!set[w])
			continue;
		if (cpu >= 0 || (set[w] & (set[w] - 1)))
			return -1;
		cpu = w * 64 + __builtin_ctzll(set[w]);
	}
	return cpu;
}

#define NEEDS_rule_irq_cpus (VNET_FILL_IRQS | NEED_CPUS)
static void rule_irq_cpus(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t ncpu = cpus(env);
	unsigned int active = 0, irqs = 0;
	int cpu = -2;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_IRQS) || dev->irqs.mode != VNET_IRQ_MSIX_PER_QUEUE ||
	    ncpu == VNET_UNKNOWN || ncpu < 2)
		return;
	for (unsigned int q = 0; q < dev->n_queues; q++) {
		const struct vnet_irq *v[2] = { &dev->queues[q].rx_irq, &dev->queues[q].tx_irq };

		if (!dev->queues[q].active)
			continue;
		active++;
		for (int d = 0; d < 2; d++) {
			uint64_t set[16];
			int c;

			if (!cpulist_bits(*v[d]->effective ? v[d]->effective : v[d]->affinity, set))
				return;
			c = single_cpu(set);
			if (c < 0 || (cpu != -2 && c != cpu))
				return;
			cpu = c;
			irqs++;
		}
	}
	if (active < 2)
		return;
	f = emit(env, R_IRQS_ONE_CPU, VNET_SEV_WARNING, dev,
		 "the interrupts of all %u active queues are handled by CPU %d alone", active, cpu);
	ev_int(f, "cpu", cpu);
	ev_int(f, "active_queues", active);
	ev_int(f, "irqs", irqs);
	ev_int(f, "online_cpus", ncpu);
	/* spread them: queue q's vectors to CPU q */
	for (unsigned int q = 0; q < dev->n_queues; q++) {
		const struct vnet_queue *qu = &dev->queues[q];

		if (!qu->active)
			continue;
		guest_cmd(env, f, "echo %u > /proc/irq/%u/smp_affinity_list", q % ncpu,
			  qu->rx_irq.irq);
		guest_cmd(env, f, "echo %u > /proc/irq/%u/smp_affinity_list", q % ncpu,
			  qu->tx_irq.irq);
	}
}

#define NEEDS_rule_xps (VNET_FILL_IRQS | VNET_FILL_QUEUES)
static void rule_xps(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f = NULL;
	json_object *queues = NULL;

	if (!(dev->filled & VNET_FILL_IRQS) || !(dev->filled & VNET_FILL_QUEUES) ||
	    dev->irqs.mode != VNET_IRQ_MSIX_PER_QUEUE)
		return;
	for (unsigned int q = 0; q < dev->n_queues; q++) {
		const struct vnet_queue *qu = &dev->queues[q];
		uint64_t xps[16], aff[16];
		json_object *o;
		char key[16];

		if (!qu->active || !hexmask_bits(qu->xps_cpus, xps) ||
		    !cpulist_bits(qu->tx_irq.affinity, aff))
			continue;
		if (!memcmp(xps, aff, sizeof(xps)))
			continue;
		if (!queues)
			queues = json_object_new_object();
		snprintf(key, sizeof(key), "%u", q);
		o = json_object_new_object();
		json_object_object_add(o, "xps_cpus", json_object_new_string(qu->xps_cpus));
		json_object_object_add(o, "tx_irq_affinity", json_object_new_string(qu->tx_irq.affinity));
		json_object_object_add(queues, key, o);
	}
	if (!queues)
		return;
	f = emit(env, R_AFFINITY_XPS_MISMATCH, VNET_SEV_INFO, dev,
		 "transmit queues are chosen on other CPUs (XPS) than the ones their interrupts "
		 "go to: completions cross CPUs");
	if (f)
		json_object_object_add(f->evidence, "queues", queues);
	else
		json_object_put(queues);
	on_side(note(env, f, "give tx-N/xps_cpus and the output.N IRQ's smp_affinity the same "
			     "CPUs (the driver does so itself until someone changes one of them)"),
		VNET_SIDE_GUEST);
}

#define NEEDS_rule_access_platform VNET_FILL_FEATURES
static void rule_access_platform(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_feature_info *fi = vnet_feature_entry(VNET_F_ACCESS_PLATFORM);
	struct vnet_finding *f;

	if (!negotiated(dev, VNET_F_ACCESS_PLATFORM) || env->sys->iommu != VNET_TRI_NO)
		return;
	f = emit(env, R_ACCESS_PLATFORM_NO_IOMMU, VNET_SEV_INFO, dev,
		 "%s%s%s%s is negotiated but the guest has no IOMMU: DMA is not translated (right "
		 "for SEV/TDX guests, otherwise an IOMMU was forgotten)", fi->name,
		 vmm_key(env, qemu_prop(fi->bit)) ? " (" : "",
		 vmm_key(env, qemu_prop(fi->bit)) ? vmm_key(env, qemu_prop(fi->bit)) : "",
		 vmm_key(env, qemu_prop(fi->bit)) ? ")" : "");
	ev_bool(f, "access_platform", VNET_TRI_YES);
	ev_bool(f, "iommu", env->sys->iommu);
	qemu_note(env, f, "-device intel-iommu,intremap=on,device-iotlb=on (before the NIC), or "
			  "drop %s=on", qemu_prop(fi->bit));
	if (fi->libvirt_element)
		libvirt(env, f, "<iommu model='intel'/> and <%s %s='on' ats='on'/>",
			fi->libvirt_element, fi->libvirt_attr);
}

static bool has_guest_prop(const struct vnet_finding *f, const char *key)
{
	for (size_t i = 0; f && i < f->n_actions; i++)
		if (f->actions[i].kind == VNET_ACT_GUEST_PROP && !strcmp(f->actions[i].key, key))
			return true;
	return false;
}

#define NEEDS_rule_offloads VNET_FILL_OFFLOADS
static void rule_offloads(struct check_env *env, const struct dev_view *dv)
{
	static const struct {
		unsigned int bit;
		const char *feature, *key;
	} offs[] = {
		{ VNET_F_CSUM, "tx-checksum-ip-generic", "tx" },
		{ VNET_F_CSUM, "tx-scatter-gather", "sg" },
		{ VNET_F_HOST_TSO4, "tx-tcp-segmentation", "tso" },
		{ VNET_F_HOST_TSO6, "tx-tcp6-segmentation", "tso" },
		{ VNET_F_CSUM, "tx-generic-segmentation", "gso" },
		{ VNET_F_GUEST_CSUM, "rx-gro", "gro" },
	};
	const struct vnet_dev *dev = dv->dev;
	bool off[ARRAY_SIZE(offs)] = { false };
	struct vnet_finding *f;
	json_object *names = NULL;
	char *list = NULL;
	size_t len;
	FILE *out;

	if (!(dev->filled & VNET_FILL_OFFLOADS))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		if (!negotiated(dev, offs[i].bit))
			continue;
		for (unsigned int k = 0; k < dev->n_offloads; k++) {
			const struct vnet_offload *x = &dev->offloads[k];

			if (strcmp(x->name, offs[i].feature) || x->active || x->fixed)
				continue;
			if (!names)
				names = json_object_new_array();
			json_object_array_add(names, json_object_new_string(x->name));
			off[i] = true;
		}
	}
	if (!names)
		return;
	out = open_memstream(&list, &len);
	if (!out) {
		json_object_put(names);
		env->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < json_object_array_length(names); i++)
		fprintf(out, "%s%s", i ? " " : "",
			json_object_get_string(json_object_array_get_idx(names, i)));
	if (fclose(out))
		env->err = -ENOMEM;
	f = env->err ? NULL : emit(env, R_OFFLOADS_DISABLED, VNET_SEV_INFO, dev,
				   "offloads the device supports are switched off: %s", list);
	free(list);
	if (f)
		json_object_object_add(f->evidence, "off", names);
	else
		json_object_put(names);
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++)
		if (off[i] && !has_guest_prop(f, offs[i].key))
			guest_prop(env, f, offs[i].key, "on");
}

/*
 * Whether the absence of offload bit @fi says the host switched it off: the
 * bits QEMU offers every backend with virtio-net headers, and a later family
 * (USO, QEMU 8.2) only when one of its bits is negotiated, which proves this
 * QEMU, backend and driver have it.
 */
static bool offload_expected(const struct vnet_dev *dev, const struct vnet_feature_info *fi)
{
	const struct vnet_feature_info *o;

	if (fi->needs_vnet_hdr)
		return fi->linux_accept == VNET_LINUX_ALWAYS;
	if (!fi->qemu_since || !fi->withdrawn_by)
		return false;
	for (size_t i = 0; (o = vnet_feature_at(i)); i++)
		if (o != fi && o->qemu_since == fi->qemu_since && o->withdrawn_by &&
		    !strcmp(o->withdrawn_by, fi->withdrawn_by) && negotiated(dev, o->bit))
			return true;
	return false;
}

/*
 * Checksum and TSO: without them the guest checksums and segments every
 * packet in software.  ECN, UFO and USO concern rarer traffic.
 */
static bool offload_costly(unsigned int bit)
{
	return bit == VNET_F_CSUM || bit == VNET_F_GUEST_CSUM || bit == VNET_F_HOST_TSO4 ||
	       bit == VNET_F_HOST_TSO6 || bit == VNET_F_GUEST_TSO4 || bit == VNET_F_GUEST_TSO6;
}

/*
 * The names of the bits set in @missing (only those @by withdraws, unless
 * NULL), space-separated, in table order; NULL with env->err when out of
 * memory.
 */
static char *bit_names(struct check_env *env, const bool missing[VNET_FEATURE_BITS],
		       const char *by)
{
	const struct vnet_feature_info *fi;
	bool first = true;
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		env->err = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		if (!missing[fi->bit] ||
		    (by && (!fi->withdrawn_by || strcmp(fi->withdrawn_by, by))))
			continue;
		fprintf(out, "%s%s", first ? "" : " ", fi->name);
		first = false;
	}
	if (!fclose(out))
		return text;
	free(text);
	env->err = -ENOMEM;
	return NULL;
}

/* "<host csum='on' tso4='on'/>" for the missing bits libvirt spells in @element. */
static void libvirt_offloads(struct check_env *env, struct vnet_finding *f, const char *element,
			     const bool missing[VNET_FEATURE_BITS])
{
	const struct vnet_feature_info *fi;
	bool first = true;
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		env->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		if (!missing[fi->bit] || !fi->libvirt_element ||
		    strcmp(fi->libvirt_element, element))
			continue;
		fprintf(out, "%s%s='on'", first ? "" : " ", fi->libvirt_attr);
		first = false;
	}
	if (fclose(out))
		env->err = -ENOMEM;
	else if (!first)
		libvirt(env, f, "<%s %s/>", element, text);
	free(text);
}

#define NEEDS_rule_offers (VNET_FILL_FEATURES | VNET_FILL_OFFLOADS)
/* Offload bits the host did not offer: device properties set off, or the backend. */
static void rule_offers(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	/* why QEMU withdraws them all at once (the table's words) */
	const char *no_hdr_reason = vnet_feature_entry(VNET_F_CSUM)->withdrawn_by;
	bool no_hdr = vnet_backend_without_vnet_hdr(dev), costly = false, any = false;
	bool missing[VNET_FEATURE_BITS] = { false };
	const struct vnet_feature_info *fi;
	json_object *names;
	struct vnet_finding *f;
	char *list;

	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		if (!not_negotiated(dev, fi->bit) || !offload_expected(dev, fi))
			continue;
		missing[fi->bit] = any = true;
		costly |= offload_costly(fi->bit);
	}
	if (!any || !(list = bit_names(env, missing, NULL)))
		return;
	if (no_hdr)
		f = emit(env, R_OFFLOADS_NOT_OFFERED, VNET_SEV_INFO, dev,
			 "no checksum or segmentation offload is offered (%s): the backend passes "
			 "no virtio-net headers (-netdev user, socket, stream, dgram), expected of "
			 "such a backend", list);
	else
		f = emit(env, R_OFFLOADS_NOT_OFFERED,
			 costly ? VNET_SEV_WARNING : VNET_SEV_INFO, dev,
			 "the host does not offer %s: the guest does their work in software "
			 "(ethtool -k shows transmit ones \"off [fixed]\")", list);
	free(list);
	if (!f)
		return;
	names = json_object_new_array();
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++)
		if (missing[fi->bit])
			json_object_array_add(names, json_object_new_string(fi->name));
	json_object_object_add(f->evidence, "missing", names);
	ev_bool(f, "backend_without_vnet_hdr", no_hdr ? VNET_TRI_YES : VNET_TRI_NO);
	if (no_hdr) {
		qemu_note(env, f, "offloads need a backend with virtio-net headers: -netdev "
				  "tap,... (vhost=on) or vhost-user instead");
		libvirt(env, f, "<interface type='network'> or 'bridge' (a tap) instead of "
				"type='user' or a socket type");
		return;
	}
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++)
		if (missing[fi->bit])
			vmm_set(env, f, DEVICE, qemu_prop(fi->bit), "on");
	/* what else withdraws some of them (a tap without UFO), once per reason */
	for (size_t i = 0; (fi = vnet_feature_at(i)); i++) {
		bool first = missing[fi->bit] && fi->withdrawn_by &&
			     !(no_hdr_reason && !strcmp(fi->withdrawn_by, no_hdr_reason));
		char *which;

		for (size_t k = 0; k < i && first; k++) {
			const struct vnet_feature_info *o = vnet_feature_at(k);

			first = !(missing[o->bit] && o->withdrawn_by &&
				  !strcmp(o->withdrawn_by, fi->withdrawn_by));
		}
		if (!first || !(which = bit_names(env, missing, fi->withdrawn_by)))
			continue;
		qemu_note(env, f, "%s withdraws %s too", fi->withdrawn_by, which);
		free(which);
	}
	libvirt_offloads(env, f, "host", missing);
	libvirt_offloads(env, f, "guest", missing);
}

#define NEEDS_rule_msi_vectors 0	/* machine-wide; no PCI (virtio-mmio) leaves it unknown */
/* machine-wide */
static void rule_msi_vectors(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_system *sys = env->sys;
	struct vnet_finding *f;

	(void)dv;
	if (sys->virtio_msi_vectors == VNET_UNKNOWN || sys->virtio_msi_vectors < MSI_WARN_VECTORS)
		return;
	f = emit(env, R_MSI_VECTORS_NEAR_LIMIT, VNET_SEV_WARNING, NULL,
		 "virtio devices hold %u MSI vectors, near the ~%u a guest can use: more queues "
		 "or devices will fall back to shared vectors",
		 sys->virtio_msi_vectors, GUEST_MSI_VECTORS);
	ev_int(f, "virtio_msi_vectors", sys->virtio_msi_vectors);
	ev_int(f, "msi_vectors", sys->msi_vectors);
	ev_int(f, "guest_limit", GUEST_MSI_VECTORS);
	qemu_note(env, f, "fewer queues per device (-netdev tap,queues=N with N <= vCPUs) or fewer "
		     "devices");
}

/* ---- the host's view (qmp backend) ----------------------------------------------- */

/* The device's queue pairs as the netdev and the device have them (the larger). */
static uint32_t host_pairs(const struct vnet_host *h)
{
	uint32_t n = h->netdev_queues != VNET_UNKNOWN ? h->netdev_queues : 0;

	if (h->queue_pairs != VNET_UNKNOWN && h->queue_pairs > n)
		n = h->queue_pairs;
	return n;
}

static bool host_negotiated(const struct vnet_host *h, unsigned int bit)
{
	return vnet_bit_test(h->guest_features, bit);
}

/*
 * A ring the device stopped serving: QEMU holds buffers (inuse) at both
 * samples and has returned none (used-idx, mod 65536, did not move).  The
 * guest sees only a tx watchdog, later; QEMU alone knows which ring and
 * where it stands.  Not decided while vhost runs the rings: QEMU's copy of
 * the used index does not move then.
 */
#define NEEDS_rule_host_ring_stuck VNET_FILL_FEATURES
static void rule_host_ring_stuck(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_host *h = dev->host;

	if (!dv->window)
		return;
	for (unsigned int i = 0; i < dv->rates.n_host_queues; i++) {
		const struct vnet_host_queue_rate *q = &dv->rates.host_queues[i];
		struct vnet_finding *f;
		char name[16];

		if (isnan(q->used_per_s) || q->used_per_s != 0 || !q->inuse ||
		    !q->inuse_before || q->inuse_before == VNET_UNKNOWN)
			continue;
		vnet_host_vq_label(q->kind, q->pair, name);
		f = emit(env, R_HOST_RING_STUCK, VNET_SEV_ERROR, dev,
			 "virtqueue %u (%s) is stuck: QEMU holds %u buffer%s and its used index "
			 "stayed at %u for %.1f s (the guest's avail index is at %u)", q->index, name,
			 q->inuse, q->inuse == 1 ? "" : "s", q->used_idx, dv->rates.interval,
			 q->avail_idx);
		ev_int(f, "queue", q->index);
		ev_str(f, "kind", vnet_host_vq_kind_name(q->kind));
		ev_int(f, "pair", q->pair);
		ev_int(f, "inuse", q->inuse);
		ev_int(f, "used_idx", q->used_idx);
		ev_int(f, "avail_idx", q->avail_idx);
		if (f)
			json_object_object_add(f->evidence, "seconds",
					       json_object_new_double(dv->rates.interval));
		ev_str(f, "netdev", h->netdev_id);
		ev_str(f, "netdev_type", h->netdev_type);
		if (q->kind == VNET_HOST_VQ_TX)
			qemu_note(env, f, "the backend takes no packets: look at what is behind "
				  "-netdev %s,id=%s (a socket's far end that does not read, a tap "
				  "nobody reads, a full vhost-user peer)",
				  *h->netdev_type ? h->netdev_type : "...",
				  *h->netdev_id ? h->netdev_id : "...");
		else
			qemu_note(env, f, "the device does not return %s buffers: QEMU's log, "
				  "\"info virtio-queue-status %s %u\" in the monitor",
				  vnet_host_vq_kind_name(q->kind), h->virtio_path, q->index);
	}
}

/* Which offered-but-refused features cost something (the rest are legacy or vhost bits). */
static const unsigned int host_features_that_matter[] = {
	VNET_F_MQ, VNET_F_CTRL_VQ, VNET_F_EVENT_IDX, VNET_F_MRG_RXBUF, VNET_F_INDIRECT_DESC,
	VNET_F_VERSION_1, VNET_F_RING_RESET, VNET_F_CSUM, VNET_F_GUEST_CSUM,
};

#define NEEDS_rule_host_features VNET_FILL_FEATURES
static void rule_host_features(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_host *h = dev->host;
	struct vnet_finding *f = NULL;
	struct json_object *list;
	char names[256] = "";

	/* before the driver is done, nothing was refused yet */
	if (!h->features_known || h->status == VNET_UNKNOWN || !(h->status & STATUS_DRIVER_OK))
		return;
	list = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(host_features_that_matter); i++) {
		unsigned int bit = host_features_that_matter[i];
		size_t len = strlen(names);

		if (!vnet_bit_test(h->host_features, bit) || host_negotiated(h, bit))
			continue;
		/* a legacy driver's feature register has 32 bits: the rest it cannot accept */
		if (bit >= VNET_LEGACY_FEATURE_BITS && !host_negotiated(h, VNET_F_VERSION_1))
			continue;
		snprintf(names + len, sizeof(names) - len, "%s%s", len ? " " : "",
			 vnet_feature_entry(bit)->name);
		json_object_array_add(list, json_object_new_string(vnet_feature_entry(bit)->name));
	}
	if (*names)
		f = emit(env, R_HOST_FEATURE_REFUSED, VNET_SEV_WARNING, dev,
			 "the device offers %s and the guest's driver did not accept %s", names,
			 strchr(names, ' ') ? "them" : "it");
	if (!f) {
		json_object_put(list);
		return;
	}
	json_object_object_add(f->evidence, "features", list);
	on_side(note(env, f, "the guest's driver refused: an old or limited guest kernel, or "
		     "a driver option; run vnetctl check in the guest"), VNET_SIDE_GUEST);
}

/* The netdev behind the device: vhost, its queues, the vectors they need. */
#define NEEDS_rule_host_backend VNET_FILL_FEATURES
static void rule_host_backend(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_host *h = dev->host;
	uint32_t n = host_pairs(h);
	struct vnet_finding *f;

	if (!strcmp(h->netdev_type, "tap") && h->vhost_started == VNET_TRI_NO) {
		f = emit(env, R_HOST_VHOST_OFF, VNET_SEV_WARNING, dev,
			 "the tap netdev %s runs without vhost: every packet crosses QEMU's main "
			 "loop", h->netdev_id);
		ev_str(f, "netdev", h->netdev_id);
		ev_str(f, "type", h->netdev_type);
		ev_bool(f, "vhost_started", h->vhost_started);
		annotate(env, vmm_set(env, f, NETDEV, "vhost", "on"),
			 "needs /dev/vhost-net on the host: modprobe vhost_net");
		libvirt(env, f, "<driver name='vhost'/>");
	}
	/* without MQ the driver uses one pair, whatever the netdev has */
	if (h->features_known && h->netdev_queues != VNET_UNKNOWN && h->netdev_queues > 1 &&
	    h->status != VNET_UNKNOWN && h->status & STATUS_DRIVER_OK &&
	    !host_negotiated(h, VNET_F_MQ)) {
		bool offered = vnet_bit_test(h->host_features, VNET_F_MQ);

		f = emit(env, R_HOST_QUEUES_UNUSED, VNET_SEV_WARNING, dev,
			 "the netdev %s has %u queues and the guest uses 1: multiqueue (MQ) was %s",
			 h->netdev_id, h->netdev_queues,
			 offered ? "offered and not accepted" : "not offered (mq=off)");
		ev_int(f, "netdev_queues", h->netdev_queues);
		ev_int(f, "guest_queue_pairs", 1);
		ev_str(f, "how", "mq-not-negotiated");
		ev_bool(f, "mq_offered", offered ? VNET_TRI_YES : VNET_TRI_NO);
		if (!offered)
			vmm_set(env, f, DEVICE, "mq", "on");
		else
			on_side(note(env, f, "the guest's driver refused MQ: run vnetctl check in "
				     "the guest"), VNET_SIDE_GUEST);
		annotate(env, vmm_set(env, f, NETDEV, "queues", "1"),
			 "or fewer queues, if the guest is not to use them");
	}
	if (h->vectors != VNET_UNKNOWN && n && h->vectors < 2 * n + 2) {
		f = emit(env, R_HOST_VECTORS_FEW, VNET_SEV_WARNING, dev,
			 "vectors=%u for %u queue pair%s: a vector per queue, one for the control "
			 "queue and one for configuration changes need %u", h->vectors, n,
			 n == 1 ? "" : "s", 2 * n + 2);
		ev_int(f, "vectors", h->vectors);
		ev_int(f, "queue_pairs", n);
		ev_int(f, "needed", 2 * n + 2);
		vmm_set(env, f, DEVICE, "vectors", "%u", 2 * n + 2);
		annotate(env, libvirt(env, f, "<driver queues='%u'/>", n),
			 "libvirt then sets vectors=%u", 2 * n + 2);
	}
}

/*
 * The catalogue: every id has its own entry naming the rule that emits it,
 * so entries can be listed in any order (vnetctl check --list shows this
 * one).  A rule that emits several ids is named by each of them and runs
 * once.
 */
#define EMITTER(fn, machine) fn, #fn, machine, false, NEEDS_##fn
#define HOST_EMITTER(fn) fn, #fn, false, true, NEEDS_##fn
static const struct rule rules[R_COUNT] = {
	[R_DRIVER_NOT_BOUND] = { { "driver-not-bound",
		"virtio_net is not bound to a virtio-net device", false },
		EMITTER(rule_driver, false) },
	[R_DEVICE_FAILED] = { { "device-failed",
		"device status shows FAILED or DEVICE_NEEDS_RESET", false },
		EMITTER(rule_driver, false) },
	[R_IRQ_SHARED_VECTOR] = { { "irq-shared-vector",
		"all queues share one MSI-X vector", false },
		EMITTER(rule_irq_mode, false) },
	[R_IRQ_INTX] = { { "irq-intx",
		"legacy INTx interrupt instead of MSI-X", false },
		EMITTER(rule_irq_mode, false) },
	[R_MSIX_TABLE_SMALL] = { { "msix-table-small",
		"MSI-X table smaller than 2 * queue pairs + 2", false },
		EMITTER(rule_msix_size, false) },
	[R_QUEUES_BELOW_VCPUS] = { { "queues-below-vcpus",
		"fewer queue pairs enabled than min(vCPUs, maximum)", false },
		EMITTER(rule_queues, false) },
	[R_MQ_MISSING] = { { "mq-missing",
		"multiqueue not negotiated on a guest with several vCPUs", false },
		EMITTER(rule_mq, false) },
	[R_MQ_ONE_QUEUE_PAIR] = { { "mq-one-queue-pair",
		"multiqueue negotiated but one queue pair on a guest with several vCPUs", false },
		EMITTER(rule_mq, false) },
	[R_LEGACY_MODE] = { { "legacy-mode",
		"legacy device, or transitional device used through its legacy interface", false },
		EMITTER(rule_legacy, false) },
	[R_CTRL_VQ_MISSING] = { { "ctrl-vq-missing",
		"no control virtqueue", false },
		EMITTER(rule_features, false) },
	[R_INDIRECT_DESC_OFF] = { { "indirect-desc-off",
		"INDIRECT_DESC not negotiated", false },
		EMITTER(rule_features, false) },
	[R_EVENT_IDX_OFF] = { { "event-idx-off",
		"EVENT_IDX not negotiated", false },
		EMITTER(rule_features, false) },
	[R_MRG_RXBUF_OFF] = { { "mrg-rxbuf-off",
		"MRG_RXBUF not negotiated", false },
		EMITTER(rule_features, false) },
	[R_RING_RESET_MISSING] = { { "ring-reset-missing",
		"RING_RESET not negotiated: rings cannot be resized", false },
		EMITTER(rule_ring_reset, false) },
	[R_RINGS_BELOW_MAX] = { { "rings-below-max",
		"rings smaller than the device maximum", false },
		EMITTER(rule_rings, false) },
	[R_MTU_WITHOUT_HOST_MTU] = { { "mtu-without-host-mtu",
		"MTU above 1500 without the MTU feature", false },
		EMITTER(rule_mtu, false) },
	[R_MTU_BELOW_HOST_MTU] = { { "mtu-below-host-mtu",
		"MTU below the host_mtu the device reports", false },
		EMITTER(rule_mtu, false) },
	[R_LINK_DOWN] = { { "link-down",
		"interface down or no carrier", false },
		EMITTER(rule_link, false) },
	[R_SPEED_UNKNOWN] = { { "speed-unknown",
		"no SPEED_DUPLEX: speed unknown", false },
		EMITTER(rule_speed, false) },
	[R_TX_TIMEOUTS] = { { "tx-timeouts",
		"transmit timeouts were counted", false },
		EMITTER(rule_tx_timeouts, false) },
	[R_RX_DROPS_GROWING] = { { "rx-drops-growing",
		"receive drops grow during the sample window", true },
		EMITTER(rule_drops, false) },
	[R_IRQS_ONE_CPU] = { { "irqs-one-cpu",
		"every queue interrupt lands on the same CPU", false },
		EMITTER(rule_irq_cpus, false) },
	[R_AFFINITY_XPS_MISMATCH] = { { "affinity-xps-mismatch",
		"XPS CPUs differ from the tx interrupt affinity", false },
		EMITTER(rule_xps, false) },
	[R_ACCESS_PLATFORM_NO_IOMMU] = { { "access-platform-no-iommu",
		"ACCESS_PLATFORM negotiated without an IOMMU", false },
		EMITTER(rule_access_platform, false) },
	[R_OFFLOADS_DISABLED] = { { "offloads-disabled",
		"offloads the device supports are off", false },
		EMITTER(rule_offloads, false) },
	[R_OFFLOADS_NOT_OFFERED] = { { "offloads-not-offered",
		"checksum or segmentation offloads the host does not offer", false },
		EMITTER(rule_offers, false) },
	[R_MSI_VECTORS_NEAR_LIMIT] = { { "msi-vectors-near-limit",
		"virtio MSI vectors near the guest's limit", false },
		EMITTER(rule_msi_vectors, true) },
	[R_IRQ_MMIO_LINE] = { { "irq-mmio-line",
		"virtio-mmio: one interrupt line serves every queue pair", false },
		EMITTER(rule_irq_mode, false) },
	[R_HOST_RING_STUCK] = { { "host-ring-stuck",
		"host: a virtqueue holds buffers and its used index does not move", true },
		HOST_EMITTER(rule_host_ring_stuck) },
	[R_HOST_VHOST_OFF] = { { "host-vhost-off",
		"host: a tap netdev without vhost (QEMU's main loop moves every packet)", false },
		HOST_EMITTER(rule_host_backend) },
	[R_HOST_FEATURE_REFUSED] = { { "host-feature-refused",
		"host: the device offers a feature that matters and the driver refused it", false },
		HOST_EMITTER(rule_host_features) },
	[R_HOST_QUEUES_UNUSED] = { { "host-queues-unused",
		"host: the netdev has more queues than the guest can use", false },
		HOST_EMITTER(rule_host_backend) },
	[R_HOST_VECTORS_FEW] = { { "host-vectors-few",
		"host: vectors fewer than 2 * queue pairs + 2", false },
		HOST_EMITTER(rule_host_backend) },
};

VNET_EXPORT const struct vnet_rule_info *vnet_rule_at(size_t index)
{
	return index < ARRAY_SIZE(rules) ? &rules[index].info : NULL;
}

const char *vnet_rule_emitter(size_t index, bool *machine)
{
	if (index >= ARRAY_SIZE(rules))
		return NULL;
	if (machine)
		*machine = rules[index].machine;
	return rules[index].fn_name;
}

/*
 * One root cause, one warning: where a finding follows from another one of
 * the same device (or of the machine), the cause keeps its severity and the
 * consequence becomes information naming it.  In order: the first cause
 * found wins.
 */
static const struct {
	enum rule_id effect, cause;
} follows[] = {
	/* Linux shares one vector below 2N + 1 entries and falls back to INTx below 2 */
	{ R_IRQ_SHARED_VECTOR, R_MSIX_TABLE_SMALL },
	{ R_IRQ_INTX, R_MSIX_TABLE_SMALL },
	/* with a table large enough, the guest ran out of vectors */
	{ R_IRQ_SHARED_VECTOR, R_MSI_VECTORS_NEAR_LIMIT },
	{ R_IRQ_INTX, R_MSI_VECTORS_NEAR_LIMIT },
	/* MQ needs the control queue (virtio 1.2 5.1.3.1) */
	{ R_MQ_MISSING, R_CTRL_VQ_MISSING },
	/* moving every interrupt to one CPU leaves XPS where the driver put it */
	{ R_AFFINITY_XPS_MISMATCH, R_IRQS_ONE_CPU },
};

static const struct vnet_finding *find_cause(const struct vnet_findings *out,
					     const struct vnet_finding *effect, enum rule_id cause)
{
	for (size_t i = 0; i < out->n; i++) {
		const struct vnet_finding *c = &out->items[i];

		if (c->id == rules[cause].info.id && c->severity >= VNET_SEV_WARNING &&
		    (rules[cause].machine || !strcmp(c->device, effect->device)))
			return c;
	}
	return NULL;
}

static void link_causes(struct vnet_findings *out)
{
	for (size_t i = 0; i < out->n; i++) {
		struct vnet_finding *f = &out->items[i];

		for (size_t k = 0; k < ARRAY_SIZE(follows) && !f->cause; k++) {
			if (f->id != rules[follows[k].effect].info.id ||
			    !find_cause(out, f, follows[k].cause))
				continue;
			f->cause = rules[follows[k].cause].info.id;
			f->severity = VNET_SEV_INFO;
		}
	}
}

/* Whether finding @f is about a virtio-mmio device (QEMU: -device virtio-net-device). */
static bool on_mmio(const struct vnet_finding *f, const struct dev_view *views, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vnet_dev_is_mmio(views[i].dev) && *f->device &&
		    !strcmp(dev_name(views[i].dev), f->device))
			return true;
	return false;
}

/* The first thing of @missing (VNET_FILL_* and NEED_CPUS bits) that was not read. */
static void skip_reason(const struct vnet_dev *dev, unsigned int missing, const char **what,
			const char **why)
{
	unsigned int bit = missing & -missing;

	if (bit == NEED_CPUS) {
		*what = "online CPUs";
		*why = "";
		return;
	}
	*what = vnet_fill_name(bit);
	*why = vnet_dev_fill_error(dev, bit);
	if (!*why)
		*why = "";
}

/* Every rule id of function rules[@r].fn, skipped on @dev for want of @missing. */
static void skip_rules(struct check_env *env, size_t r, const struct vnet_dev *dev,
		       unsigned int missing)
{
	struct vnet_findings *out = env->out;
	const char *what, *why;

	skip_reason(dev, missing, &what, &why);
	for (size_t k = r; k < ARRAY_SIZE(rules); k++) {
		struct vnet_skipped_rule *grown, *sk;

		if (rules[k].fn != rules[r].fn)
			continue;
		grown = realloc(out->skipped, (out->n_skipped + 1) * sizeof(*grown));
		if (!grown) {
			env->err = -ENOMEM;
			return;
		}
		out->skipped = grown;
		sk = &out->skipped[out->n_skipped++];
		memset(sk, 0, sizeof(*sk));
		sk->id = rules[k].info.id;
		vnet_strcpy(sk->device, dev_name(dev), sizeof(sk->device));
		sk->what = what;
		vnet_strcpy(sk->reason, why, sizeof(sk->reason));
	}
}

/* Run every rule once, on each device or on the machine, and render the remedies. */
static void run_rules(struct check_env *env, struct dev_view *views, size_t n)
{
	for (size_t r = 0; r < ARRAY_SIZE(rules) && !env->err; r++) {
		bool ran = false;

		for (size_t k = 0; k < r && !ran; k++)
			ran = rules[k].fn == rules[r].fn;
		if (ran)
			continue;
		if (rules[r].machine) {
			/* the guest's machine: unknown to the host's view */
			if (!env->ctx->ops->host_side)
				rules[r].fn(env, NULL);
			continue;
		}
		for (size_t i = 0; i < n && !env->err; i++) {
			const struct vnet_dev *dev = views[i].dev;
			unsigned int missing = rules[r].needs & dev->failed;

			/* the host's view decides the host's rules, the guest's the rest */
			if (!dev->host != !rules[r].host)
				continue;
			/* a device without a driver can only fail the first rule */
			if (!dev->host && !*dev->ifname && rules[r].fn != rule_driver)
				continue;
			if (rules[r].needs & NEED_CPUS && cpus(env) == VNET_UNKNOWN)
				missing |= NEED_CPUS;
			if (missing)
				skip_rules(env, r, dev, missing);
			else
				rules[r].fn(env, &views[i]);
		}
	}
	if (!env->err)
		link_causes(env->out);
	for (size_t i = 0; i < env->out->n && !env->err; i++)
		env->err = render_remedy(&env->out->items[i], env->sys->vmm.name,
					 on_mmio(&env->out->items[i], views, n));
}

static int severity_cmp(const void *a, const void *b)
{
	const struct vnet_finding *fa = a, *fb = b;
	int c;

	if (fa->severity != fb->severity)
		return fa->severity > fb->severity ? -1 : 1;
	c = strcmp(fa->device, fb->device);
	return c ? c : strcmp(fa->id, fb->id);
}

static int sleep_seconds(struct vnet_ctx *ctx, double s)
{
	struct timespec deadline;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)s;
	deadline.tv_nsec += (long)((s - (time_t)s) * 1e9);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	return vnet_sleep_until(ctx, &deadline);
}

/* Counters now and, with a window, again after it. */
static int sample_devices(struct vnet_ctx *ctx, struct dev_view *views, size_t n, double window)
{
	struct vnet_stats **st = calloc(n ? n : 1, sizeof(*st));
	int err = 0;

	if (!st)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!*views[i].dev->ifname && !views[i].dev->host)
			continue;
		/* counters are evidence, not a requirement: a failure leaves them out */
		if (vnet_stats_open(ctx, views[i].dev, &st[i]) ||
		    vnet_stats_sample(st[i], &views[i].now)) {
			vnet_stats_close(st[i]);
			st[i] = NULL;
		}
	}
	if (window > 0) {
		/* recorded samples (a bundle): the next one is the window's end */
		if (!vnet_ctx_offline(ctx))
			err = sleep_seconds(ctx, window);
		for (size_t i = 0; i < n && !err; i++) {
			struct vnet_sample *after;
			int ret;

			if (!st[i])
				continue;
			ret = vnet_stats_sample(st[i], &after);
			/*
			 * Gone during the window: findings for a device that is not
			 * there any more would be about nothing; say so instead.
			 */
			if (ret == -ENODEV) {
				err = vnet_set_error(ctx, ret, "%s: gone during the %g s sample window",
						     dev_name(views[i].dev), window);
				break;
			}
			if (ret)
				continue;
			if (!vnet_rates_fill(views[i].now, after, &views[i].rates))
				views[i].window = true;
			vnet_sample_free(views[i].now);
			views[i].now = after;
		}
	}
	for (size_t i = 0; i < n; i++)
		vnet_stats_close(st[i]);
	free(st);
	if (!err)
		vnet_clear_error(ctx);
	return err;
}

VNET_EXPORT int vnet_check(struct vnet_ctx *ctx, struct vnet_dev_list *devs,
			   const struct vnet_check_opts *opts, struct vnet_findings **outp)
{
	struct vnet_system sys;
	struct vnet_findings *out = calloc(1, sizeof(*out));
	struct check_env env = { ctx, &sys, out, 0 };
	struct dev_view *views;
	/* a caller built against an older header may not have the member */
	double window = opts && opts->size >= offsetof(struct vnet_check_opts, sample_seconds) +
			sizeof(opts->sample_seconds) ? opts->sample_seconds : 0;
	int err;

	*outp = NULL;
	if (!out)
		return vnet_oom(ctx);
	if (opts && opts->size < sizeof(opts->size)) {
		free(out);
		return vnet_set_error(ctx, -EINVAL, "vnet_check: options without their size");
	}
	err = vnet_system_read(ctx, &sys);
	if (err) {
		free(out);
		return err;
	}
	if (ctx->ops->host_side) {
		/* it answered QMP: the remedies are in QEMU's words */
		sys.vmm.name = VNET_VMM_QEMU;
		sys.vmm.confidence = VNET_CONFIDENCE_HIGH;
		/* a stuck ring is two samples apart: one second unless asked for more */
		if (window <= 0)
			window = HOST_STUCK_WINDOW;
	}
	views = calloc(devs->n ? devs->n : 1, sizeof(*views));
	if (!views) {
		free(out);
		return vnet_oom(ctx);
	}
	for (size_t i = 0; i < devs->n; i++) {
		views[i].dev = devs->devs[i];
		err = vnet_dev_fill(ctx, devs->devs[i], VNET_FILL_ALL);
		if (err)
			goto out;
	}
	err = sample_devices(ctx, views, devs->n, window);
	if (err)
		goto out;
	run_rules(&env, views, devs->n);
	err = env.err;
	/* qsort() wants a real array even for zero items */
	if (!err && out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), severity_cmp);
out:
	for (size_t i = 0; i < devs->n; i++) {
		vnet_sample_free(views[i].now);
		if (views[i].window)
			vnet_rates_release(&views[i].rates);
	}
	free(views);
	if (err) {
		if (!*vnet_ctx_error(ctx))
			vnet_set_error(ctx, err, "check: %s", strerror(-err));
		vnet_findings_free(out);
		return err;
	}
	*outp = out;
	return 0;
}

VNET_EXPORT void vnet_findings_free(struct vnet_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		struct vnet_finding *x = &f->items[i];

		json_object_put(x->evidence);
		free((char *)x->summary);
		free((char *)x->remedy.guest);
		free((char *)x->remedy.qemu);
		free((char *)x->remedy.libvirt);
		free((char *)x->remedy.vmm);
		for (size_t k = 0; k < x->n_actions; k++) {
			free((char *)x->actions[k].key);
			free((char *)x->actions[k].value);
			free((char *)x->actions[k].text);
			free((char *)x->actions[k].note);
		}
		free(x->actions);
	}
	free(f->items);
	free(f->skipped);
	free(f);
}
