// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * out-vmm.c - the VMM fingerprint as "show" prints it (the "vmm" object)
 *
 * The evidence text was escaped when it was made (lib/vmm.c): it goes out
 * as it is, in text and JSON alike.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"

/* the label column of "show" (out-dev.c) */
#define LABEL_WIDTH 15
#define VALUE_COLUMN (4 + LABEL_WIDTH)

static void label(struct vnet_printer *p, const char *name)
{
	vnet_print_fp(p, "    %-*s", LABEL_WIDTH, name);
}

/* JSON: an array of names; text: "a, b or c" into @text */
static void vmm_set(struct vnet_printer *p, const char *key, unsigned int set, char *text,
		    size_t size)
{
	unsigned int left = (unsigned int)__builtin_popcount(set);
	size_t len = 0;

	*text = '\0';
	vnet_print_open_array(p, key);
	for (unsigned int n = 0; n < VNET_VMM_NAMES; n++) {
		if (!(set & (1u << n)))
			continue;
		left--;
		vnet_print_str(p, VNET_PRINT_JSON, NULL, NULL, vnet_vmm_name_str(n));
		if (len < size)
			len += snprintf(text + len, size - len, "%s%s", vnet_vmm_name_str(n),
					left > 1 ? ", " : left ? " or " : "");
	}
	vnet_print_close(p);
}

VNET_EXPORT void vnet_vmm_print(struct vnet_printer *p, const struct vnet_vmm *vmm)
{
	const char *machine = vnet_vmm_machine_str(vmm->machine);
	char names[128];

	vnet_print_fp(p, "  VMM\n");
	vnet_print_open_object(p, "vmm");
	label(p, "name");
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%s", vnet_vmm_name_str(vmm->name));
	if (machine)
		vnet_print_str(p, VNET_PRINT_ANY, "machine", ", machine %s", machine);
	else
		vnet_print_null(p, VNET_PRINT_JSON, "machine", NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "confidence", " (%s confidence",
		       vnet_confidence_str(vmm->confidence));
	vmm_set(p, "candidates", vmm->candidates, names, sizeof(names));
	if (vmm->candidates)
		vnet_print_fp(p, ": %s", names);
	if (vmm->confidence == VNET_CONFIDENCE_NONE)
		vnet_print_fp(p, ": nothing seen names one");
	vnet_print_fp(p, ")\n");
	label(p, "evidence");
	vnet_print_open_array(p, "evidence");
	for (unsigned int i = 0; i < vmm->n_evidence && i < VNET_VMM_EVIDENCE; i++) {
		const struct vnet_vmm_evidence *e = &vmm->evidence[i];

		if (i)
			vnet_print_fp(p, "%*s", VALUE_COLUMN, "");
		vnet_print_open_object(p, NULL);
		vnet_print_str(p, VNET_PRINT_ANY, "source", "%s: ", e->source);
		vnet_print_str(p, VNET_PRINT_ANY, "seen", "%s", e->seen);
		vmm_set(p, "allows", e->allows, names, sizeof(names));
		/* what it allows on a line of its own when the line would be long */
		if (e->allows && VALUE_COLUMN + strlen(e->source) + 2 + strlen(e->seen) + 4 +
				 strlen(names) > VNET_PRINT_WIDTH)
			vnet_print_fp(p, "\n%*s", VALUE_COLUMN + 2, "");
		else if (e->allows)
			vnet_print_fp(p, " ");
		if (e->allows)
			vnet_print_fp(p, "-> %s", names);
		vnet_print_bool(p, VNET_PRINT_JSON, "ignored", NULL, e->ignored);
		vnet_print_fp(p, "%s\n", e->ignored ? " (ignored: stronger evidence disagrees)" : "");
		vnet_print_close(p);
	}
	if (!vmm->n_evidence)
		vnet_print_fp(p, "none\n");
	vnet_print_close(p);
	vnet_print_close(p);
}
