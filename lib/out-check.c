// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-check.c - findings and the rule catalogue as "check" prints them
 */
#include "config.h"

#include <math.h>

#include <json-c/json.h>

#include <string.h>

#include "internal.h"

/* Text: "evidence key=value ..." with the values as plain JSON. */
static void evidence(struct vnet_printer *p, struct json_object *ev)
{
	bool first = true;

	vnet_print_json(p, "evidence", ev);
	vnet_print_fp(p, "    %-9s", "evidence");
	if (!ev)
		goto out;
	json_object_object_foreach(ev, key, val) {
		vnet_print_fp(p, "%s%s=%s", first ? "" : " ", key,
			      val ? json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN) :
				    "null");
		first = false;
	}
out:
	vnet_print_fp(p, "%s\n", first ? "-" : "");
}

/* One side of the remedy: a line in text when there is something to do. */
static void remedy(struct vnet_printer *p, const char *side, const char *what)
{
	if (*what)
		vnet_print_fp(p, "    %-9s", side);
	vnet_print_str(p, *what ? VNET_PRINT_ANY : VNET_PRINT_JSON, side, "%s\n",
		       *what ? what : NULL);
}

VNET_EXPORT void vnet_finding_print(struct vnet_printer *p, const struct vnet_finding *f)
{
	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_JSON, "id", NULL, f->id);
	vnet_print_str(p, VNET_PRINT_JSON, "severity", NULL, vnet_severity_name(f->severity));
	vnet_print_str(p, VNET_PRINT_JSON, "device", NULL, *f->device ? f->device : NULL);
	vnet_print_fp(p, "%s: %s %s: ", *f->device ? f->device : "system",
		      vnet_severity_name(f->severity), f->id);
	vnet_print_str(p, VNET_PRINT_ANY, "summary", "%s\n", f->summary);
	if (f->cause)
		vnet_print_fp(p, "    %-9s", "cause");
	vnet_print_str(p, f->cause ? VNET_PRINT_ANY : VNET_PRINT_JSON, "cause",
		       "%s (this finding follows from it)\n", f->cause);
	evidence(p, f->evidence);
	vnet_print_open_object(p, "remedy");
	remedy(p, "guest", f->remedy.guest);
	remedy(p, "qemu", f->remedy.qemu);
	remedy(p, "libvirt", f->remedy.libvirt);
	/* JSON: the host part in the VMM's language, for QEMU too; text: QEMU's line above */
	vnet_print_open_object(p, "vmm");
	vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, vnet_vmm_name_str(f->remedy.vmm_name));
	if (f->remedy.vmm_name != VNET_VMM_QEMU && *f->remedy.vmm)
		vnet_print_fp(p, "    %-9s", "vmm");
	vnet_print_str(p, f->remedy.vmm_name == VNET_VMM_QEMU || !*f->remedy.vmm ?
		       VNET_PRINT_JSON : VNET_PRINT_ANY, "text", "%s\n",
		       *f->remedy.vmm ? f->remedy.vmm : NULL);
	vnet_print_close(p);
	vnet_print_close(p);
	vnet_print_close(p);
}

static void finding_json(struct vnet_printer *p, const void *f)
{
	vnet_finding_print(p, f);
}

VNET_EXPORT struct json_object *vnet_finding_to_json(const struct vnet_finding *f)
{
	return vnet_print_json_of(finding_json, f);
}

static bool same_skip(const struct vnet_skipped_rule *a, const struct vnet_skipped_rule *b)
{
	return !strcmp(a->device, b->device) && !strcmp(a->what, b->what) &&
	       !strcmp(a->reason, b->reason);
}

/*
 * The rules that could not run: in JSON each (rule, device); in text one
 * line per device and cause, "9 rules skipped: features unreadable (eth0:
 * why)", so that "no findings" never stands for rules that did not look.
 */
static void skipped_print(struct vnet_printer *p, const struct vnet_findings *f)
{
	vnet_print_open_array(p, "skipped");
	for (size_t i = 0; i < f->n_skipped; i++) {
		const struct vnet_skipped_rule *sk = &f->skipped[i];
		size_t count = 0;
		bool first = true;

		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "rule", NULL, sk->id);
		vnet_print_str(p, VNET_PRINT_JSON, "device", NULL, *sk->device ? sk->device : NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "unreadable", NULL, sk->what);
		vnet_print_str(p, VNET_PRINT_JSON, "reason", NULL, *sk->reason ? sk->reason : NULL);
		vnet_print_close(p);
		for (size_t k = 0; k < i && first; k++)
			first = !same_skip(&f->skipped[k], sk);
		if (!first)
			continue;
		for (size_t k = i; k < f->n_skipped; k++)
			count += same_skip(&f->skipped[k], sk);
		vnet_print_fp(p, "%zu rule%s skipped: %s unreadable (%s%s%s)\n", count,
			      count == 1 ? "" : "s", sk->what, *sk->device ? sk->device : "system",
			      *sk->reason ? ": " : "", sk->reason);
	}
	vnet_print_close(p);
}

VNET_EXPORT void vnet_findings_print(struct vnet_printer *p, const struct vnet_findings *f,
				     enum vnet_severity min, double sample_seconds)
{
	unsigned int count[3] = { 0 };
	enum vnet_print_to to = f->n ? VNET_PRINT_ANY : VNET_PRINT_JSON;

	vnet_print_open_object(p, NULL);
	vnet_print_open_array(p, "findings");
	for (size_t i = 0; i < f->n; i++) {
		count[f->items[i].severity]++;
		if (f->items[i].severity >= min)
			vnet_finding_print(p, &f->items[i]);
	}
	vnet_print_close(p);
	if (!f->n)
		vnet_print_fp(p, f->n_skipped ? "no findings from the rules that ran\n" :
						"no findings\n");
	vnet_print_open_object(p, "summary");
	vnet_print_u32(p, to, "error", "%u error", count[VNET_SEV_ERROR]);
	vnet_print_fp(p, "%s", !f->n || count[VNET_SEV_ERROR] == 1 ? "" : "s");
	vnet_print_u32(p, to, "warning", ", %u warning", count[VNET_SEV_WARNING]);
	vnet_print_fp(p, "%s", !f->n || count[VNET_SEV_WARNING] == 1 ? "" : "s");
	vnet_print_u32(p, to, "info", ", %u info\n", count[VNET_SEV_INFO]);
	vnet_print_close(p);
	skipped_print(p, f);
	vnet_print_double(p, VNET_PRINT_JSON, "sample_seconds", NULL,
			  sample_seconds > 0 ? sample_seconds : NAN);
	vnet_print_close(p);
}

VNET_EXPORT void vnet_rules_print(struct vnet_printer *p)
{
	const struct vnet_rule_info *r;

	vnet_print_open_array(p, NULL);
	for (size_t i = 0; (r = vnet_rule_at(i)); i++) {
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_ANY, "id", "%-26s", r->id);
		vnet_print_str(p, VNET_PRINT_ANY, "title", " %s", r->title);
		vnet_print_bool(p, VNET_PRINT_JSON, "needs_sample", NULL, r->needs_sample);
		vnet_print_fp(p, "%s\n", r->needs_sample ? " (needs --sample)" : "");
		vnet_print_close(p);
	}
	vnet_print_close(p);
}
