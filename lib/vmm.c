// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmm.c - which VMM made the devices, from what a guest can read
 *
 * One table of rules, each a documented fingerprint (docs/vmms.md section 2;
 * the row numbers are its decision table 2.1).  A rule that matches an
 * observation says which VMMs the observation allows; the answer is what
 * every piece of evidence allows together, strongest first:
 *
 *   STRONG  ACPI OEM id (row 1): the VMM writes its own tables
 *   DMI     SMBIOS vendor/product (row 3): the VMM's, but users can set them
 *   MEDIUM  PCI host bridge, virtio-net PCI ids, virtio-mmio VendorID,
 *           no PCI at all, no SMBIOS (rows 4-6)
 *
 * Two rules of one strength that allow nothing in common are a conflict: the
 * answer is "unknown" with both sides as candidates.  Weaker evidence that
 * contradicts stronger is kept in the list, marked ignored.  A single VMM
 * is named only when nothing else remains possible; otherwise the answer
 * is "unknown" with the candidates left (0d57 is Cloud Hypervisor or
 * Firecracker, 1237 QEMU pc or crosvm: docs/vmms.md 2.1 row 4).  The CPUID
 * hypervisor flag names the hypervisor, never the VMM: evidence only.
 *
 * Pure: the Linux backend reads the facts (lib/linux/system.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define Q	(1u << VNET_VMM_QEMU)
#define CH	(1u << VNET_VMM_CLOUD_HYPERVISOR)
#define FC	(1u << VNET_VMM_FIRECRACKER)
#define CV	(1u << VNET_VMM_CROSVM)
#define OT	(1u << VNET_VMM_OTHER)

#define PCI_VENDOR_INTEL	0x8086
#define PCI_VENDOR_VIRTIO	0x1af4
#define PCI_CLASS_ETHERNET	0x020000
#define VIRTIO_MMIO_VENDOR_QEMU	0x554d4551	/* "QEMU" little-endian */

enum strength {
	NONE,		/* recorded, decides nothing */
	MEDIUM,
	DMI,
	STRONG,
};

enum source {
	SRC_ACPI,	/* text: OEM id (6 bytes, exact) */
	SRC_DMI,	/* text: sys_vendor (exact, or NULL: any); text2: in product_name */
	SRC_NO_DMI,
	SRC_HOST_BRIDGE, /* id: vendor << 16 | device */
	SRC_NO_PCI,
	SRC_NET_DEVICE,	/* id: vendor << 16 | device */
	SRC_NET_SUBSYSTEM, /* id: subsystem vendor << 16 | subsystem device */
	SRC_NET_SUBSYSTEM_IS_DEVICE,
	SRC_NET_CLASS,	/* id: class code */
	SRC_MMIO_VENDOR, /* id: VendorID */
	SRC_CPU,
};

struct rule {
	enum source source;
	const char *text, *text2;
	uint32_t id;
	unsigned int allows;
	enum vnet_vmm_machine machine;	/* when the VMM is QEMU */
	enum strength strength;
};

/* docs/vmms.md: section 2.1 row, and the per-VMM section with the source */
static const struct rule rules[] = {
	/* row 1; 2.2 FC acpi/mod.rs [S][O]; 2.3 CH acpi.rs [S]; 2.4 CV acpi.rs [S];
	 * 2.5 QEMU aml-build.h ACPI_BUILD_APPNAME6 [S] */
	{ SRC_ACPI, "FIRECK", NULL, 0, FC, VNET_MACHINE_NONE, STRONG },
	{ SRC_ACPI, "CLOUDH", NULL, 0, CH, VNET_MACHINE_NONE, STRONG },
	{ SRC_ACPI, "CROSVM", NULL, 0, CV, VNET_MACHINE_NONE, STRONG },
	{ SRC_ACPI, "BOCHS ", NULL, 0, Q, VNET_MACHINE_NONE, STRONG },
	/* row 3; 2.5 QEMU pc_q35.c / pc_piix.c machine desc [S]; first match wins */
	{ SRC_DMI, "QEMU", "i440FX", 0, Q, VNET_MACHINE_I440FX, DMI },
	{ SRC_DMI, "QEMU", "Q35", 0, Q, VNET_MACHINE_Q35, DMI },
	{ SRC_DMI, "QEMU", NULL, 0, Q, VNET_MACHINE_NONE, DMI },
	/* 2.3 CH arch/src/x86_64/smbios.rs [S] */
	{ SRC_DMI, "Cloud Hypervisor", NULL, 0, CH, VNET_MACHINE_NONE, DMI },
	{ SRC_DMI, NULL, "cloud-hypervisor", 0, CH, VNET_MACHINE_NONE, DMI },
	/* 2.4 CV x86_64/src/smbios.rs [S] */
	{ SRC_DMI, NULL, "crosvm", 0, CV, VNET_MACHINE_NONE, DMI },
	/*
	 * row 3 "none": FC writes no SMBIOS (2.2 [O]), QEMU microvm none of its
	 * own (2.5 [R]); CH and crosvm always do on x86_64 (2.3, 2.4 [S]).
	 */
	{ SRC_NO_DMI, NULL, NULL, 0, FC | Q | OT, VNET_MACHINE_NONE, MEDIUM },
	/* row 4; 2.5 QEMU pci_ids.h [S]; 2.4 CV pci_root.rs [S]; 2.2 FC pci/bus.rs [S] */
	{ SRC_HOST_BRIDGE, NULL, NULL, PCI_VENDOR_INTEL << 16 | 0x29c0, Q, VNET_MACHINE_Q35, MEDIUM },
	{ SRC_HOST_BRIDGE, NULL, NULL, PCI_VENDOR_INTEL << 16 | 0x1237, Q | CV,
	  VNET_MACHINE_I440FX, MEDIUM },
	{ SRC_HOST_BRIDGE, NULL, NULL, PCI_VENDOR_INTEL << 16 | 0x0d57, CH | FC, VNET_MACHINE_NONE,
	  MEDIUM },
	/* row 4 "no PCI": FC default, QEMU microvm, libkrun (2.2, 2.5, 2.6) */
	{ SRC_NO_PCI, NULL, NULL, 0, FC | Q | OT, VNET_MACHINE_MICROVM, MEDIUM },
	/* row 5; 2.5 QEMU virtio-net-pci [R]; 2.2 FC device.rs [S]; 2.4 CV [R] */
	{ SRC_NET_DEVICE, NULL, NULL, PCI_VENDOR_VIRTIO << 16 | 0x1000, Q, VNET_MACHINE_NONE,
	  MEDIUM },
	{ SRC_NET_SUBSYSTEM, NULL, NULL, PCI_VENDOR_VIRTIO << 16 | 0x1100, Q, VNET_MACHINE_NONE,
	  MEDIUM },
	{ SRC_NET_SUBSYSTEM_IS_DEVICE, NULL, NULL, 0, CH | FC | CV, VNET_MACHINE_NONE, MEDIUM },
	{ SRC_NET_CLASS, NULL, NULL, 0x028000, CV, VNET_MACHINE_NONE, MEDIUM },
	/* row 6; 2.5 [R]; 2.2 FC transport/mmio.rs [S], libkrun too (2.6 [R]) */
	{ SRC_MMIO_VENDOR, NULL, NULL, VIRTIO_MMIO_VENDOR_QEMU, Q, VNET_MACHINE_NONE, MEDIUM },
	{ SRC_MMIO_VENDOR, NULL, NULL, 0, FC | OT, VNET_MACHINE_NONE, MEDIUM },
	/* row 10, CPUID: the hypervisor, never the VMM (vnet_vmm_identify()) */
};

static const char *const vmm_names[VNET_VMM_NAMES] = {
	[VNET_VMM_UNKNOWN] = "unknown",
	[VNET_VMM_QEMU] = "qemu",
	[VNET_VMM_CLOUD_HYPERVISOR] = "cloud-hypervisor",
	[VNET_VMM_FIRECRACKER] = "firecracker",
	[VNET_VMM_CROSVM] = "crosvm",
	[VNET_VMM_OTHER] = "other",
};

VNET_EXPORT const char *vnet_vmm_name_str(enum vnet_vmm_name name)
{
	return (unsigned int)name < VNET_VMM_NAMES ? vmm_names[name] : "unknown";
}

VNET_EXPORT const char *vnet_vmm_machine_str(enum vnet_vmm_machine machine)
{
	switch (machine) {
	case VNET_MACHINE_I440FX:
		return "i440fx";
	case VNET_MACHINE_Q35:
		return "q35";
	case VNET_MACHINE_MICROVM:
		return "microvm";
	default:
		return NULL;
	}
}

VNET_EXPORT const char *vnet_confidence_str(enum vnet_confidence c)
{
	static const char *const names[] = { "none", "low", "medium", "high" };

	return (unsigned int)c < ARRAY_SIZE(names) ? names[c] : "none";
}

/* ---- evidence text: every byte read is untrusted -------------------------- */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len + 1 >= o->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->len += (size_t)n;
	if (o->len >= o->size) {
		/* cut: say so rather than end mid-escape */
		o->len = o->size - 1;
		if (o->size > 4)
			memcpy(o->buf + o->size - 4, "...", 4);
	}
}

/*
 * @n bytes, trailing NULs dropped, \xNN for anything not printable; @quoted:
 * in quotes, else trailing blanks dropped too (padding of a table id).
 */
static void put_bytes(struct out *o, const char *s, size_t n, bool quoted)
{
	while (n && (s[n - 1] == '\0' || (!quoted && s[n - 1] == ' ')))
		n--;
	if (quoted)
		put(o, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c > 0x20 - quoted && c < 0x7f && c != '"' && c != '\\')
			put(o, "%c", c);
		else
			put(o, "\\x%02x", c);
	}
	if (quoted)
		put(o, "\"");
}

static void put_str(struct out *o, const char *s)
{
	put_bytes(o, s, strlen(s), true);
}

/* ---- matching -------------------------------------------------------------- */

struct finding {
	enum source source;		/* of the first rule matched, or the observation */
	unsigned int allows;		/* 0: nothing matched */
	enum vnet_vmm_machine machine;
	enum strength strength;
	bool matched;
};

static bool rule_matches(const struct rule *r, const struct vnet_vmm_facts *f, const char *oem,
			 const char *vendor, const char *product)
{
	switch (r->source) {
	case SRC_ACPI:
		return oem && !memcmp(oem, r->text, 6);
	case SRC_DMI:
		return vendor && (!r->text || !strcmp(vendor, r->text)) &&
		       (!r->text2 || strstr(product, r->text2));
	case SRC_HOST_BRIDGE:
		return f->host_bridge_vendor != VNET_UNKNOWN && f->host_bridge_device != VNET_UNKNOWN &&
		       (f->host_bridge_vendor << 16 | f->host_bridge_device) == r->id;
	case SRC_NET_DEVICE:
		return f->net_vendor != VNET_UNKNOWN && f->net_device != VNET_UNKNOWN &&
		       (f->net_vendor << 16 | f->net_device) == r->id;
	case SRC_NET_SUBSYSTEM:
		return f->net_subsystem_vendor != VNET_UNKNOWN &&
		       f->net_subsystem_device != VNET_UNKNOWN &&
		       (f->net_subsystem_vendor << 16 | f->net_subsystem_device) == r->id;
	case SRC_NET_SUBSYSTEM_IS_DEVICE:
		/* modern-only ids (0x1040 + type) repeated as the subsystem */
		return f->net_vendor == PCI_VENDOR_VIRTIO && f->net_device >= 0x1040 &&
		       f->net_device != VNET_UNKNOWN &&
		       f->net_subsystem_vendor == PCI_VENDOR_VIRTIO &&
		       f->net_subsystem_device == f->net_device;
	case SRC_NET_CLASS:
		return f->net_class == r->id;
	case SRC_MMIO_VENDOR:
		return f->mmio_vendor == r->id;
	case SRC_NO_DMI:
	case SRC_NO_PCI:
	case SRC_CPU:
		return true;	/* the caller asks only when the observation was made */
	}
	return false;
}

/*
 * Every rule of @source that matches, combined: what all of them allow
 * (crosvm's class 028000 narrows its subsystem rule), the first machine.
 */
static struct finding match(enum source first, enum source last, const struct vnet_vmm_facts *f,
			    const char *oem, const char *vendor, const char *product)
{
	struct finding m = { .source = first };

	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *r = &rules[i];

		if (r->source < first || r->source > last || !rule_matches(r, f, oem, vendor, product))
			continue;
		if (r->source == SRC_DMI && m.matched)
			continue;	/* first DMI match wins: "QEMU" + Q35 before "QEMU" */
		if (!m.matched || (m.allows & r->allows)) {
			m.allows = m.matched ? m.allows & r->allows : r->allows;
			if (!m.machine)
				m.machine = r->machine;
			if (r->strength > m.strength)
				m.strength = r->strength;
			m.matched = true;
		}
	}
	return m;
}

static const char *const source_names[] = {
	[SRC_ACPI] = "acpi",
	[SRC_DMI] = "dmi",
	[SRC_NO_DMI] = "dmi",
	[SRC_HOST_BRIDGE] = "pci-host-bridge",
	[SRC_NO_PCI] = "pci-host-bridge",
	[SRC_NET_DEVICE] = "virtio-net-pci",
	[SRC_NET_SUBSYSTEM] = "virtio-net-pci",
	[SRC_NET_SUBSYSTEM_IS_DEVICE] = "virtio-net-pci",
	[SRC_NET_CLASS] = "virtio-net-pci",
	[SRC_MMIO_VENDOR] = "virtio-mmio",
	[SRC_CPU] = "cpu",
};

struct decision {
	struct vnet_vmm *vmm;
	struct finding found[VNET_VMM_EVIDENCE];
};

/* Room for one more line of evidence, or NULL (the list is bounded). */
static struct vnet_vmm_evidence *add(struct decision *d, const struct finding *m, struct out *o)
{
	struct vnet_vmm_evidence *e;

	if (d->vmm->n_evidence >= VNET_VMM_EVIDENCE)
		return NULL;
	d->found[d->vmm->n_evidence] = *m;
	e = &d->vmm->evidence[d->vmm->n_evidence++];
	e->source = source_names[m->source];
	e->allows = m->allows;
	o->buf = e->seen;
	o->size = sizeof(e->seen);
	o->len = 0;
	e->seen[0] = '\0';
	return e;
}

/* One line per distinct OEM id: "OEM id "FIRECK" (APIC FCVMMADT, DSDT FCVMDSDT)". */
static void acpi_evidence(struct decision *d, const struct vnet_vmm_facts *f)
{
	unsigned int n = f->n_acpi < VNET_ACPI_TABLES ? f->n_acpi : VNET_ACPI_TABLES;
	bool done[VNET_ACPI_TABLES] = { false };
	struct finding m = { .source = SRC_ACPI };
	struct out o;

	if (f->acpi == VNET_ACPI_NEED_ROOT) {
		if (add(d, &m, &o))
			put(&o, "%u tables, not readable without root", f->acpi_tables);
		return;
	}
	if (f->acpi == VNET_ACPI_UNKNOWN) {
		if (add(d, &m, &o))
			put(&o, "no /sys/firmware/acpi/tables");
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		const char *oem = f->acpi_header[i].oem_id;

		/* the FACS has no common header: bytes 10-23 are no OEM id (ACPI 5.2.10) */
		if (!memcmp(f->acpi_header[i].signature, "FACS", 4))
			done[i] = true;
		if (done[i])
			continue;
		m = match(SRC_ACPI, SRC_ACPI, f, oem, NULL, NULL);
		if (!add(d, &m, &o))
			return;
		put(&o, "OEM id ");
		put_bytes(&o, oem, 6, true);
		put(&o, " in");
		for (unsigned int j = i; j < n; j++) {
			const struct vnet_acpi_header *h = &f->acpi_header[j];

			if (memcmp(h->oem_id, oem, 6))
				continue;
			done[j] = true;
			put(&o, "%s ", j == i ? "" : ",");
			put_bytes(&o, h->signature, 4, false);
			put(&o, " ");
			put_bytes(&o, h->oem_table_id, 8, false);
		}
	}
	if (!n && add(d, &m, &o))
		put(&o, "no tables");
}

static void dmi_evidence(struct decision *d, enum vnet_tri dmi, const char *vendor,
			 const char *product)
{
	struct finding m = { .source = SRC_DMI };
	struct out o;

	if (dmi == VNET_TRI_UNKNOWN)
		return;
	if (dmi == VNET_TRI_NO) {
		m = match(SRC_NO_DMI, SRC_NO_DMI, NULL, NULL, NULL, NULL);
		if (add(d, &m, &o))
			put(&o, "no SMBIOS tables");
		return;
	}
	m = match(SRC_DMI, SRC_DMI, NULL, NULL, vendor, product);
	if (!add(d, &m, &o))
		return;
	put(&o, "vendor ");
	put_str(&o, vendor);
	put(&o, ", product ");
	put_str(&o, product);
}

static void pci_evidence(struct decision *d, const struct vnet_vmm_facts *f)
{
	struct finding m = { .source = SRC_HOST_BRIDGE };
	struct out o;

	if (f->pci == VNET_TRI_NO) {
		m = match(SRC_NO_PCI, SRC_NO_PCI, f, NULL, NULL, NULL);
		if (add(d, &m, &o))
			put(&o, "no PCI bus");
	} else if (f->host_bridge_vendor != VNET_UNKNOWN && f->host_bridge_device != VNET_UNKNOWN) {
		m = match(SRC_HOST_BRIDGE, SRC_HOST_BRIDGE, f, NULL, NULL, NULL);
		if (add(d, &m, &o))
			put(&o, "%04x:%04x", f->host_bridge_vendor & 0xffff,
			    f->host_bridge_device & 0xffff);
	}
	if (f->net_vendor != VNET_UNKNOWN) {
		m = match(SRC_NET_DEVICE, SRC_NET_CLASS, f, NULL, NULL, NULL);
		if (!add(d, &m, &o))
			return;
		put(&o, "%04x:%04x", f->net_vendor & 0xffff, f->net_device & 0xffff);
		if (f->net_subsystem_vendor != VNET_UNKNOWN)
			put(&o, " subsystem %04x:%04x", f->net_subsystem_vendor & 0xffff,
			    f->net_subsystem_device & 0xffff);
		if (f->net_class != VNET_UNKNOWN && f->net_class != PCI_CLASS_ETHERNET)
			put(&o, " class %06x", f->net_class & 0xffffff);
	}
	if (f->mmio_vendor != VNET_UNKNOWN) {
		char id[4];

		m = match(SRC_MMIO_VENDOR, SRC_MMIO_VENDOR, f, NULL, NULL, NULL);
		if (!add(d, &m, &o))
			return;
		put(&o, "VendorID 0x%x", f->mmio_vendor);
		for (int i = 0; i < 4; i++)
			id[i] = (char)(f->mmio_vendor >> (8 * i));
		if (f->mmio_vendor) {
			put(&o, " ");
			put_bytes(&o, id, 4, true);
		}
	}
}

static unsigned int popcount(unsigned int x)
{
	return (unsigned int)__builtin_popcount(x);
}

/*
 * The strongest level that has evidence decides what is possible: what all
 * of its findings allow together, or, if they contradict each other, their
 * union, unresolved.  Each weaker finding then narrows that set, or, if it
 * allows none of it, is marked ignored.
 */
static void decide(struct decision *d)
{
	struct vnet_vmm *vmm = d->vmm;
	unsigned int cand = 0, any = 0;
	enum strength top = NONE;
	bool conflict = false, support = false;

	for (int s = STRONG; s > NONE; s--) {
		for (unsigned int i = 0; i < vmm->n_evidence; i++) {
			const struct finding *m = &d->found[i];

			if (!m->matched || m->strength != (enum strength)s)
				continue;
			if (top == NONE || top == (enum strength)s) {
				/* the deciding level: every finding counts alike */
				any |= m->allows;
				cand = top == NONE ? m->allows : cand & m->allows;
				conflict = !cand;
				top = (enum strength)s;
			} else if (conflict) {
				continue;
			} else if (cand & m->allows) {
				cand &= m->allows;
				support = true;
			} else {
				vmm->evidence[i].ignored = true;
			}
		}
	}
	if (conflict)
		cand = any;
	vmm->name = VNET_VMM_UNKNOWN;
	vmm->confidence = VNET_CONFIDENCE_NONE;
	vmm->candidates = 0;
	if (top == NONE)
		return;
	if (conflict || popcount(cand) != 1 || cand == OT) {
		vmm->confidence = VNET_CONFIDENCE_LOW;
		vmm->candidates = cand;
		return;
	}
	vmm->name = (enum vnet_vmm_name)__builtin_ctz(cand);
	/* DMI alone can be set by the user (-smbios): high only when seconded */
	if (top == STRONG || (top == DMI && support))
		vmm->confidence = VNET_CONFIDENCE_HIGH;
	else
		vmm->confidence = VNET_CONFIDENCE_MEDIUM;
	if (vmm->name != VNET_VMM_QEMU)
		return;
	for (unsigned int i = 0; i < vmm->n_evidence; i++) {
		enum vnet_vmm_machine m = d->found[i].machine;

		if (!d->found[i].matched || vmm->evidence[i].ignored || !m)
			continue;
		if (vmm->machine && vmm->machine != m) {
			vmm->machine = VNET_MACHINE_NONE;	/* they disagree: say neither */
			return;
		}
		vmm->machine = m;
	}
}

VNET_EXPORT void vnet_vmm_identify(const struct vnet_vmm_facts *facts, enum vnet_tri dmi,
				   const char *dmi_vendor, const char *dmi_product,
				   struct vnet_vmm *vmm)
{
	struct decision d = { .vmm = vmm };
	struct finding cpu = { .source = SRC_CPU };
	struct out o;

	memset(vmm, 0, sizeof(*vmm));
	acpi_evidence(&d, facts);
	dmi_evidence(&d, dmi, dmi_vendor ? dmi_vendor : "", dmi_product ? dmi_product : "");
	pci_evidence(&d, facts);
	if (facts->hypervisor_flag == VNET_TRI_YES && add(&d, &cpu, &o))
		put(&o, "hypervisor flag set (names the hypervisor, not the VMM)");
	decide(&d);
}
