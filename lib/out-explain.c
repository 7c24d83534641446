// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-explain.c - an explanation as "explain" prints it
 *
 * JSON: the command line, the libvirt element and every property.  Text:
 * the command line, then the properties grouped by how certain they are,
 * then the libvirt element indented.
 */
#include "config.h"

#include <string.h>

#include "internal.h"

static void props(struct vnet_printer *p, const struct vnet_explanation *e,
		  enum vnet_certainty c, const char *title)
{
	bool any = false;

	for (size_t i = 0; i < e->n; i++) {
		const struct vnet_prop *x = &e->props[i];

		if (x->certainty != c)
			continue;
		if (!any)
			vnet_print_fp(p, "  %s\n", title);
		any = true;
		if (c == VNET_UNKNOWABLE)
			vnet_print_fp(p, "    %-20s %s\n", x->name, x->reason);
		else
			vnet_print_fp(p, "    %-20s %-10s %s%s\n", x->name, x->value, x->reason,
				      x->is_default ? " (default)" : "");
	}
}

static void props_json(struct vnet_printer *p, const struct vnet_explanation *e)
{
	vnet_print_open_array(p, "properties");
	for (size_t i = 0; i < e->n; i++) {
		const struct vnet_prop *x = &e->props[i];

		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, x->name);
		vnet_print_str(p, VNET_PRINT_JSON, "scope", NULL, x->scope);
		vnet_print_str(p, VNET_PRINT_JSON, "value", NULL,
			       x->certainty == VNET_UNKNOWABLE ? NULL : x->value);
		vnet_print_str(p, VNET_PRINT_JSON, "certainty", NULL,
			       vnet_certainty_name(x->certainty));
		vnet_print_bool(p, VNET_PRINT_JSON, "default", NULL, x->is_default);
		vnet_print_str(p, VNET_PRINT_JSON, "reason", NULL, x->reason);
		vnet_print_close(p);
	}
	vnet_print_close(p);
}

/* Which VMM, how sure, and what showed it (the evidence that was not overruled). */
static void vmm_text(struct vnet_printer *p, const struct vnet_explanation *e)
{
	const struct vnet_vmm *v = &e->vmm;

	vnet_print_fp(p, " on %s (%s confidence):\n  %s\n", vnet_vmm_label(v->name),
		      vnet_confidence_str(v->confidence), e->vmm_config);
	vnet_print_fp(p, "  identified by:\n");
	for (unsigned int i = 0; i < v->n_evidence; i++)
		if (v->evidence[i].allows && !v->evidence[i].ignored)
			vnet_print_fp(p, "    %-20s %s\n", v->evidence[i].source,
				      v->evidence[i].seen);
}

/* JSON "vmm": {name, confidence, config (null for QEMU's dialect), evidence}. */
static void vmm_json(struct vnet_printer *p, const struct vnet_explanation *e)
{
	const struct vnet_vmm *v = &e->vmm;

	vnet_print_open_object(p, "vmm");
	vnet_print_str(p, VNET_PRINT_JSON, "name", NULL, vnet_vmm_name_str(v->name));
	vnet_print_str(p, VNET_PRINT_JSON, "confidence", NULL, vnet_confidence_str(v->confidence));
	vnet_print_str(p, VNET_PRINT_JSON, "config", NULL, *e->vmm_config ? e->vmm_config : NULL);
	vnet_print_open_array(p, "evidence");
	for (unsigned int i = 0; i < v->n_evidence; i++) {
		if (!v->evidence[i].allows || v->evidence[i].ignored)
			continue;
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_JSON, "source", NULL, v->evidence[i].source);
		vnet_print_str(p, VNET_PRINT_JSON, "seen", NULL, v->evidence[i].seen);
		vnet_print_close(p);
	}
	vnet_print_close(p);
	vnet_print_close(p);
}

VNET_EXPORT void vnet_explanation_print(struct vnet_printer *p, const struct vnet_explanation *e)
{
	bool qmp = !strcmp(e->source, "qmp");
	bool qemu = !*e->vmm_config;	/* QEMU's dialect, or a VMM that may be QEMU */

	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "device", "%s", e->device);
	vnet_print_str(p, VNET_PRINT_JSON, "source", NULL, e->source);
	vnet_print_str(p, VNET_PRINT_JSON, "qom_path", NULL, *e->qom_path ? e->qom_path : NULL);
	if (qmp)
		vnet_print_fp(p, " (%s)", e->qom_path);
	vnet_print_str(p, VNET_PRINT_JSON, "model", NULL, e->model);
	vnet_print_open_object(p, "command_line");
	vnet_print_str(p, VNET_PRINT_JSON, "device", NULL, qemu ? e->device_args : NULL);
	vnet_print_str(p, VNET_PRINT_JSON, "netdev", NULL, qemu ? e->netdev_args : NULL);
	vnet_print_close(p);
	if (qemu)
		vnet_print_fp(p, ":\n  %s\n  %s\n", e->netdev_args, e->device_args);
	else
		vmm_text(p, e);
	vnet_print_str(p, VNET_PRINT_JSON, "libvirt", NULL, qemu ? e->libvirt : NULL);
	vmm_json(p, e);
	props_json(p, e);
	props(p, e, VNET_CERTAIN, qmp ? "certain (read from QEMU):" : "certain (seen by the guest):");
	props(p, e, VNET_INFERRED, "inferred (deduced, with the reason):");
	props(p, e, VNET_UNKNOWABLE, qmp ? "unknown to this QEMU:" : "unknown from inside the guest:");
	if (qemu)
		vnet_print_fp(p, "  libvirt:\n");
	for (const char *s = qemu ? e->libvirt : ""; *s;) {
		const char *nl = strchr(s, '\n');
		int len = nl ? (int)(nl - s) : (int)strlen(s);

		vnet_print_fp(p, "    %.*s\n", len, s);
		s += len + (nl ? 1 : 0);
	}
	vnet_print_close(p);
}

static void explanation_json(struct vnet_printer *p, const void *e)
{
	vnet_explanation_print(p, e);
}

VNET_EXPORT struct json_object *vnet_explanation_to_json(const struct vnet_explanation *e)
{
	return vnet_print_json_of(explanation_json, e);
}
