// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-props.c - the property registry, "get" and "set" plans as vnetctl prints them
 *
 * Text: aligned tables whose first columns hold no spaces (the completions
 * read "get --list" with awk), free text last.  JSON: one object a setting
 * or a change; unknown values (the library's "") are null.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "internal.h"
#include "props.h"

static const char *str_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static const char *const type_names[] = {
	[VNET_TT_INT] = "int",
	[VNET_TT_BOOL] = "bool",
	[VNET_TT_ENUM] = "enum",
	[VNET_TT_MAC] = "mac",
	[VNET_TT_CPULIST] = "cpulist",
};

static const char *type_name(enum vnet_tunable_type type)
{
	return (size_t)type < sizeof(type_names) / sizeof(type_names[0]) && type_names[type] ?
		       type_names[type] : "?";
}

/*
 * The values a setting takes, with no spaces: "1..256", "on|off",
 * "off|err|debug", "MAC", "spread|CPULIST".  Upper-case words are
 * placeholders, not values to type.
 */
static void values_text(const struct vnet_tunable_info *t, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	switch (t->type) {
	case VNET_TT_INT:
		snprintf(buf, size, "%" PRId64 "..%" PRId64, t->min, t->max);
		return;
	case VNET_TT_BOOL:
		snprintf(buf, size, "on|off");
		return;
	case VNET_TT_MAC:
		snprintf(buf, size, "MAC");
		return;
	case VNET_TT_ENUM:
	case VNET_TT_CPULIST:
		for (const char *const *v = t->values; v && *v && o < size; v++)
			o += snprintf(buf + o, size - o, "%s%s", o ? "|" : "", *v);
		if (t->type == VNET_TT_CPULIST && o < size)
			snprintf(buf + o, size - o, "%sCPULIST", o ? "|" : "");
		return;
	}
}

static void aliases(struct vnet_printer *p, const struct vnet_tunable_info *t)
{
	if (!t->aliases || !*t->aliases)
		return;
	vnet_print_open_array(p, "aliases");
	for (const char *const *a = t->aliases; *a; a++)
		vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, *a);
	vnet_print_close(p);
}

/* ---- get --list: the registry itself ---------------------------------------- */

/* A signed number (the printer's are unsigned): JSON only. */
static void json_int(struct vnet_printer *p, const char *key, int64_t v)
{
	struct json_object *o = json_object_new_int64(v);

	vnet_print_json(p, key, o);	/* takes its own reference */
	json_object_put(o);
}

/*
 * A NetKVM keyword: as the INF spells it, and what the driver itself does
 * with an absent or out-of-range value (it may differ from the INF's default).
 */
static void netkvm_keyword(struct vnet_printer *p, const struct vnet_tunable_info *t)
{
	struct vnet_netkvm_keyword k;

	if (!vnet_tunable_netkvm(t, &k)) {
		vnet_print_null(p, VNET_PRINT_JSON, "netkvm", "");
		return;
	}
	vnet_print_open_object(p, "netkvm");
	vnet_print_str(p, VNET_PRINT_JSON, "keyword", NULL, k.keyword);
	vnet_print_bool(p, VNET_PRINT_JSON, "in_inf", NULL, k.in_inf);
	if (k.numeric) {
		json_int(p, "driver_default", k.drv_def);
		json_int(p, "driver_min", k.drv_min);
		json_int(p, "driver_max", k.drv_max);
		vnet_print_fp(p, " (NetKVM %s%s; the driver: default %" PRId64 ", %" PRId64 "..%"
			      PRId64 ")", k.keyword, k.in_inf ? "" : ", not in the INF",
			      k.drv_def, k.drv_min, k.drv_max);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "driver_default", "");
		vnet_print_null(p, VNET_PRINT_JSON, "driver_min", "");
		vnet_print_null(p, VNET_PRINT_JSON, "driver_max", "");
		vnet_print_fp(p, " (NetKVM %s)", k.keyword);
	}
	vnet_print_close(p);
}

static void tunable_info(struct vnet_printer *p, const struct vnet_tunable_info *t)
{
	const char *why = vnet_tunable_why_not(t);
	char values[256];

	values_text(t, values, sizeof(values));
	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%-24s", t->name);
	vnet_print_str(p, VNET_PRINT_ANY, "type", " %-8s", type_name(t->type));
	vnet_print_str(p, VNET_PRINT_FP, NULL, " %-20s", values);
	vnet_print_str(p, VNET_PRINT_JSON, "unit", NULL, str_or_null(t->unit));
	if (t->type == VNET_TT_INT) {
		json_int(p, "min", t->min);
		json_int(p, "max", t->max);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "min", "");
		vnet_print_null(p, VNET_PRINT_JSON, "max", "");
	}
	if (t->values) {
		vnet_print_open_array(p, "values");
		for (const char *const *v = t->values; *v; v++)
			vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, *v);
		vnet_print_close(p);
	} else if (t->type == VNET_TT_BOOL) {
		vnet_print_open_array(p, "values");
		vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, "on");
		vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, "off");
		vnet_print_close(p);
	} else {
		vnet_print_null(p, VNET_PRINT_JSON, "values", "");
	}
	vnet_print_str(p, VNET_PRINT_JSON, "default", NULL, t->def);
	vnet_print_str(p, VNET_PRINT_FP, NULL, " %-8s", t->def ? t->def : "-");
	vnet_print_str(p, VNET_PRINT_ANY, "help", " %s", t->help ? t->help : "");
	if (t->unit && *t->unit)
		vnet_print_fp(p, " (%s)", t->unit);
	netkvm_keyword(p, t);
	vnet_print_str(p, VNET_PRINT_JSON, "why_not", NULL, why);
	if (why)
		vnet_print_fp(p, " [%s]", why);
	aliases(p, t);
	if (t->aliases && *t->aliases) {
		vnet_print_fp(p, "; aliases:");
		for (const char *const *a = t->aliases; *a; a++)
			vnet_print_fp(p, "%s %s", a == t->aliases ? "" : ",", *a);
	}
	vnet_print_fp(p, "\n");
	vnet_print_close(p);
}

VNET_EXPORT void vnet_tunables_print(struct vnet_printer *p)
{
	const struct vnet_tunable_info *t;

	vnet_print_open_array(p, NULL);
	vnet_print_fp(p, "%-24s %-8s %-20s %-8s %s\n", "NAME", "TYPE", "VALUES", "DEFAULT",
		      "DESCRIPTION");
	for (size_t i = 0; (t = vnet_tunable_at(i)); i++)
		tunable_info(p, t);
	vnet_print_close(p);
}

/* ---- get: one device's settings --------------------------------------------- */

struct widths {
	int name, value, range, def;
};

static int max_int(int a, size_t b)
{
	return (size_t)a > b ? a : (int)b;
}

static const char *text_or(const char *s, const char *none)
{
	return s && *s ? s : none;
}

VNET_EXPORT void vnet_tunable_states_print(struct vnet_printer *p,
					   const struct vnet_tunable_states *s)
{
	struct widths w = { 4, 5, 5, 7 };

	for (size_t i = 0; i < s->n; i++) {
		const struct vnet_tunable_state *st = s->items[i];

		w.name = max_int(w.name, strlen(st->info->name));
		w.value = max_int(w.value, strlen(text_or(st->value, "?")));
		w.range = max_int(w.range, strlen(text_or(st->range, "-")));
		w.def = max_int(w.def, strlen(text_or(st->info->def, "-")));
	}
	vnet_print_open_array(p, NULL);
	vnet_print_fp(p, "%-*s %-*s %-*s %-*s %s\n", w.name, "NAME", w.value, "VALUE", w.range,
		      "RANGE", w.def, "DEFAULT", "SETTABLE");
	for (size_t i = 0; i < s->n; i++) {
		const struct vnet_tunable_state *st = s->items[i];
		const struct vnet_tunable_info *t = st->info;

		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, t->name);
		vnet_print_fp(p, "%-*s", w.name, t->name);
		vnet_print_str(p, VNET_PRINT_JSON, "value", NULL, str_or_null(st->value));
		vnet_print_fp(p, " %-*s", w.value, text_or(st->value, "?"));
		vnet_print_str(p, VNET_PRINT_JSON, "range", NULL, str_or_null(st->range));
		vnet_print_fp(p, " %-*s", w.range, text_or(st->range, "-"));
		vnet_print_str(p, VNET_PRINT_JSON, "default", NULL, t->def);
		vnet_print_fp(p, " %-*s", w.def, text_or(t->def, "-"));
		vnet_print_str(p, VNET_PRINT_JSON, "unit", NULL, str_or_null(t->unit));
		vnet_print_bool(p, VNET_PRINT_JSON, "settable", NULL, st->settable);
		vnet_print_str(p, VNET_PRINT_JSON, "why_not", NULL, str_or_null(st->why_not));
		if (st->settable)
			vnet_print_fp(p, " yes\n");
		else
			vnet_print_fp(p, " no: %s\n", text_or(st->why_not, "not here"));
		aliases(p, t);
		vnet_print_close(p);
	}
	vnet_print_close(p);
}

/* ---- set: a plan, before or after ------------------------------------------- */

/* The name the user wrote when it is not the setting's own ("Init.MTUSize"). */
static bool given_as_alias(const struct vnet_change *c, char *buf, size_t size)
{
	const char *eq;
	size_t len;

	if (!c->given || !*c->given)
		return false;
	eq = strchr(c->given, '=');
	len = eq ? (size_t)(eq - c->given) : strlen(c->given);
	if (len == strlen(c->info->name) && !strncasecmp(c->given, c->info->name, len))
		return false;
	snprintf(buf, size, "%.*s", (int)len, c->given);
	return true;
}

static void change_print(struct vnet_printer *p, const struct vnet_change *c, int indent)
{
	char alias[128];

	vnet_print_open_object(p, NULL);
	vnet_print_fp(p, "%*s", indent, "");
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%s", c->info->name);
	if (c->implied)
		vnet_print_fp(p, " (implied)");
	else if (given_as_alias(c, alias, sizeof(alias)))
		vnet_print_fp(p, " (as %s)", alias);
	vnet_print_fp(p, ": ");
	/* an implied change was not written by the user: nothing to quote */
	vnet_print_str(p, VNET_PRINT_JSON, "given", NULL,
		       c->implied ? NULL : str_or_null(c->given));
	vnet_print_str(p, VNET_PRINT_JSON, "old", NULL, str_or_null(c->old_value));
	vnet_print_str(p, VNET_PRINT_JSON, "new", NULL, str_or_null(c->new_value));
	if (c->changes)
		vnet_print_fp(p, "%s -> %s", text_or(c->old_value, "?"),
			      text_or(c->new_value, "?"));
	else
		vnet_print_fp(p, "%s (unchanged)", text_or(c->new_value, "?"));
	vnet_print_bool(p, VNET_PRINT_JSON, "changes", NULL, c->changes);
	vnet_print_bool(p, VNET_PRINT_JSON, "implied", NULL, c->implied);
	vnet_print_str(p, VNET_PRINT_JSON, "note", NULL, str_or_null(c->note));
	if (c->note && *c->note)
		vnet_print_fp(p, "; note: %s", c->note);
	vnet_print_fp(p, "\n");
	vnet_print_close(p);
}

/* The "changes" array; returns how many of them change something. */
static size_t changes_print(struct vnet_printer *p, const struct vnet_plan *plan, int indent)
{
	size_t n = plan ? vnet_plan_size(plan) : 0, changing = 0;

	vnet_print_open_array(p, "changes");
	for (size_t i = 0; i < n; i++) {
		const struct vnet_change *c = vnet_plan_change(plan, i);

		change_print(p, c, indent);
		changing += c->changes;
	}
	vnet_print_close(p);
	return changing;
}

VNET_EXPORT void vnet_plan_print(struct vnet_printer *p, const struct vnet_plan *plan, bool applied)
{
	size_t changing;

	bool restart = applied && vnet_plan_needs_restart(plan), restarted;
	const char *reboot;

	vnet_print_open_object(p, NULL);
	vnet_print_bool(p, VNET_PRINT_JSON, "applied", NULL, applied);
	changing = changes_print(p, plan, 0);
	if (!changing)
		vnet_print_fp(p, "nothing to change\n");
	else if (!applied)
		vnet_print_fp(p, "dry run: nothing was changed\n");
	/* NetKVM reads its keywords when the adapter starts: written is not in effect */
	vnet_print_bool(p, VNET_PRINT_JSON, "restart_needed", NULL, restart);
	restarted = vnet_plan_restarted(plan, &reboot);
	vnet_print_bool(p, VNET_PRINT_JSON, "restarted", NULL, restarted && !*reboot);
	if (restarted && *reboot)
		vnet_print_str(p, VNET_PRINT_ANY, "reboot_needed",
			       "the keywords are written; %s\n", reboot);
	else
		vnet_print_null(p, VNET_PRINT_JSON, "reboot_needed", NULL);
	if (restarted && !*reboot)
		vnet_print_fp(p, "the adapter restarted: the driver reads the new values\n");
	if (restart)
		vnet_print_fp(p, "the adapter must restart for the driver to read the new values: "
			      "vnetctl set --restart with the same settings, or disable and enable "
			      "the adapter (Restart-NetAdapter)\n");
	vnet_print_close(p);
}

VNET_EXPORT int vnet_plan_summary(const struct vnet_plan *plan, char *buf, size_t size)
{
	size_t n = plan ? vnet_plan_size(plan) : 0;
	int len = 0, w;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct vnet_change *c = vnet_plan_change(plan, i);
		char alias[128], as[140] = "";

		if (!c->changes)
			continue;
		if (c->implied)
			snprintf(as, sizeof(as), " (implied)");
		else if (given_as_alias(c, alias, sizeof(alias)))
			snprintf(as, sizeof(as), " (as %s)", alias);
		w = snprintf((size_t)len < size ? buf + len : NULL,
			     (size_t)len < size ? size - len : 0, "%s%s%s %s -> %s", len ? ", " : "",
			     c->info->name, as, text_or(c->old_value, "?"), text_or(c->new_value, "?"));
		if (w < 0)
			return w;
		len += w;
	}
	if (!len)
		len = snprintf(buf, size, "nothing to change");
	return len;
}

/* ---- check --fix: the guest part applied, the host part to do ---------------- */

/* the VMM's remedy where it is not QEMU's (QEMU's is the "qemu" one) and can be done */
static const char *other_vmm(const struct vnet_finding *f)
{
	return f->remedy.vmm_name != VNET_VMM_QEMU && !f->remedy.vmm_impossible ? f->remedy.vmm
										: "";
}

static bool host_part(const struct vnet_finding *f)
{
	return *f->remedy.qemu || *f->remedy.libvirt || *other_vmm(f);
}

static void host_remedy(struct vnet_printer *p, const char *side, const char *what)
{
	if (*what)
		vnet_print_fp(p, "    %-9s", side);
	vnet_print_str(p, *what ? VNET_PRINT_ANY : VNET_PRINT_JSON, side, "%s\n",
		       str_or_null(what));
}

VNET_EXPORT void vnet_fix_print(struct vnet_printer *p, const struct vnet_findings *f,
				const struct vnet_dev_list *devs,
				const struct vnet_plan *const *plans, bool applied)
{
	size_t changing = 0, host = 0;

	vnet_print_open_object(p, NULL);
	vnet_print_bool(p, VNET_PRINT_JSON, "applied", NULL, applied);
	vnet_print_open_array(p, "devices");
	for (size_t i = 0; i < devs->n; i++) {
		const struct vnet_dev *dev = devs->devs[i];

		if (!plans[i] || !vnet_plan_size(plans[i]))
			continue;
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_ANY, "device", "%s:\n",
			       *dev->ifname ? dev->ifname : dev->virtio_name);
		changing += changes_print(p, plans[i], 2);
		vnet_print_close(p);
	}
	vnet_print_close(p);
	if (!changing)
		vnet_print_fp(p, "nothing to change in the guest\n");
	else if (!applied)
		vnet_print_fp(p, "dry run: nothing was changed\n");

	vnet_print_open_array(p, "host");
	for (size_t i = 0; i < f->n; i++) {
		const struct vnet_finding *fi = &f->items[i];

		if (!host_part(fi))
			continue;
		if (!host++)
			vnet_print_fp(p, "to change on the host:\n");
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "id", NULL, fi->id);
		vnet_print_str(p, VNET_PRINT_JSON, "severity", NULL,
			       vnet_severity_name(fi->severity));
		vnet_print_str(p, VNET_PRINT_JSON, "device", NULL, str_or_null(fi->device));
		vnet_print_fp(p, "  %s: %s %s: ", *fi->device ? fi->device : "system",
			      vnet_severity_name(fi->severity), fi->id);
		vnet_print_str(p, VNET_PRINT_ANY, "summary", "%s\n", fi->summary);
		host_remedy(p, "qemu", fi->remedy.qemu);
		host_remedy(p, "libvirt", fi->remedy.libvirt);
		host_remedy(p, "vmm", other_vmm(fi));
		vnet_print_close(p);
	}
	vnet_print_close(p);
	if (!host)
		vnet_print_fp(p, "nothing to change on the host\n");
	vnet_print_close(p);
}
