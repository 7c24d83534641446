// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-vmm.c - naming the VMM from what a guest reads (vnet_vmm_identify())
 *
 * Each case is one VMM's evidence as docs/vmms.md gives it (the section is
 * named in the case).  [O]: observed on the development machine (a
 * Firecracker microVM, docs/vmms.md 1); [DOC]: built from the VMM's
 * documentation and source as cited there, not captured from a real guest.
 * Expected answers are written out here, never taken from lib/vmm.c's table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include <vnet/vnet.h>

#define BIT(v) (1u << (v))

/* Nothing read: every id unknown, as vnet_system_read() starts. */
static void blank(struct vnet_vmm_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->pci = f->hypervisor_flag = VNET_TRI_UNKNOWN;
	f->host_bridge_vendor = f->host_bridge_device = VNET_UNKNOWN;
	f->net_vendor = f->net_device = VNET_UNKNOWN;
	f->net_subsystem_vendor = f->net_subsystem_device = f->net_class = VNET_UNKNOWN;
	f->mmio_vendor = VNET_UNKNOWN;
}

static void table(struct vnet_vmm_facts *f, const char *sig, const char *oem, const char *id)
{
	struct vnet_acpi_header *h = &f->acpi_header[f->n_acpi++];

	f->acpi = VNET_ACPI_READ;
	f->acpi_tables++;
	memcpy(h->signature, sig, 4);
	memcpy(h->oem_id, oem, 6);
	memcpy(h->oem_table_id, id, 8);
	memcpy(h->creator_id, "TEST", 4);
}

static void host_bridge(struct vnet_vmm_facts *f, uint32_t vendor, uint32_t device)
{
	f->pci = VNET_TRI_YES;
	f->host_bridge_vendor = vendor;
	f->host_bridge_device = device;
}

static void net(struct vnet_vmm_facts *f, uint32_t device, uint32_t subsystem, uint32_t class)
{
	f->pci = VNET_TRI_YES;
	f->net_vendor = f->net_subsystem_vendor = 0x1af4;
	f->net_device = device;
	f->net_subsystem_device = subsystem;
	f->net_class = class;
}

/* The evidence line of @source that mentions @text, or NULL. */
static const struct vnet_vmm_evidence *seen(const struct vnet_vmm *vmm, const char *source,
					    const char *text)
{
	for (unsigned int i = 0; i < vmm->n_evidence; i++)
		if (!strcmp(vmm->evidence[i].source, source) &&
		    strstr(vmm->evidence[i].seen, text))
			return &vmm->evidence[i];
	return NULL;
}

/* [O] docs/vmms.md 1: this machine as root: FIRECK tables, no DMI, 8086:0d57, 1af4:1041. */
static void firecracker_observed(struct vnet_vmm_facts *f)
{
	blank(f);
	table(f, "APIC", "FIRECK", "FCVMMADT");
	table(f, "DSDT", "FIRECK", "FCVMDSDT");
	table(f, "FACP", "FIRECK", "FCVMFADT");
	table(f, "MCFG", "FIRECK", "FCMVMCFG");
	host_bridge(f, 0x8086, 0x0d57);
	net(f, 0x1041, 0x1041, 0x020000);
	f->hypervisor_flag = VNET_TRI_YES;
}

static void test_firecracker_pci(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;
	const struct vnet_vmm_evidence *e;

	(void)state;
	firecracker_observed(&f);
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_FIRECRACKER);
	assert_string_equal(vnet_vmm_name_str(vmm.name), "firecracker");
	assert_int_equal(vmm.machine, VNET_MACHINE_NONE);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	assert_int_equal(vmm.candidates, 0);
	/* the four tables share one OEM id: one line naming each table */
	e = seen(&vmm, "acpi", "\"FIRECK\"");
	assert_non_null(e);
	assert_true(e && strstr(e->seen, "MCFG FCMVMCFG"));
	assert_int_equal(e->allows, BIT(VNET_VMM_FIRECRACKER));
	/* docs/vmms.md 2.1 row 4: the bridge alone is Cloud Hypervisor or Firecracker */
	e = seen(&vmm, "pci-host-bridge", "8086:0d57");
	assert_non_null(e);
	assert_int_equal(e->allows, BIT(VNET_VMM_CLOUD_HYPERVISOR) | BIT(VNET_VMM_FIRECRACKER));
	assert_false(e->ignored);
	assert_non_null(seen(&vmm, "dmi", "no SMBIOS"));
	assert_non_null(seen(&vmm, "virtio-net-pci", "1af4:1041 subsystem 1af4:1041"));
	/* docs/vmms.md 2.1 row 10: recorded, decides nothing */
	e = seen(&vmm, "cpu", "hypervisor");
	assert_non_null(e);
	assert_int_equal(e->allows, 0);
}

/* [O] the same machine as non-root: the tables are mode 0400. */
static void test_firecracker_non_root(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	firecracker_observed(&f);
	f.n_acpi = 0;
	f.acpi = VNET_ACPI_NEED_ROOT;
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_non_null(seen(&vmm, "acpi", "4 tables, not readable without root"));
	/* 0d57 (CH or FC) and no SMBIOS (CH always has it, 2.3): medium, not high */
	assert_int_equal(vmm.name, VNET_VMM_FIRECRACKER);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_MEDIUM);
}

/* [DOC] docs/vmms.md 2.2: Firecracker's default virtio-mmio, ACPI (>= 1.8), VendorID 0. */
static void test_firecracker_mmio(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "FIRECK", "FCVMDSDT");
	f.pci = VNET_TRI_NO;
	f.mmio_vendor = 0;
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_FIRECRACKER);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	assert_non_null(seen(&vmm, "virtio-mmio", "VendorID 0x0"));
	assert_non_null(seen(&vmm, "pci-host-bridge", "no PCI bus"));
}

/*
 * [DOC] docs/vmms.md 2.6: VendorID 0 and no ACPI is Firecracker before 1.8 or
 * libkrun: unknown, with both named.
 */
static void test_mmio_vendor_zero_alone(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	f.pci = VNET_TRI_NO;
	f.mmio_vendor = 0;
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_LOW);
	assert_int_equal(vmm.candidates, BIT(VNET_VMM_FIRECRACKER) | BIT(VNET_VMM_OTHER));
}

/* [DOC] docs/vmms.md 2.3: CLOUDH tables, its SMBIOS strings, 0d57, subsystem = device. */
static void test_cloud_hypervisor(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "CLOUDH", "CHDSDT  ");
	table(&f, "APIC", "CLOUDH", "CHMADT  ");
	host_bridge(&f, 0x8086, 0x0d57);
	net(&f, 0x1041, 0x1041, 0x020000);
	vnet_vmm_identify(&f, VNET_TRI_YES, "Cloud Hypervisor", "cloud-hypervisor", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_CLOUD_HYPERVISOR);
	assert_string_equal(vnet_vmm_name_str(vmm.name), "cloud-hypervisor");
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	assert_non_null(seen(&vmm, "acpi", "DSDT CHDSDT, APIC CHMADT"));

	/* [DOC] as non-root: DMI seconded by the host bridge is still high */
	f.n_acpi = 0;
	f.acpi = VNET_ACPI_NEED_ROOT;
	vnet_vmm_identify(&f, VNET_TRI_YES, "Cloud Hypervisor", "cloud-hypervisor", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_CLOUD_HYPERVISOR);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
}

/* [DOC] docs/vmms.md 2.4: CROSVM tables, ChromiumOS/crosvm, 8086:1237, class 028000. */
static void test_crosvm(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "CROSVM", "CROSVMDT");
	host_bridge(&f, 0x8086, 0x1237);
	net(&f, 0x1041, 0x1041, 0x028000);
	vnet_vmm_identify(&f, VNET_TRI_YES, "ChromiumOS", "crosvm", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_CROSVM);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	/* 1237's machine belongs to QEMU only */
	assert_int_equal(vmm.machine, VNET_MACHINE_NONE);
	assert_non_null(seen(&vmm, "virtio-net-pci", "class 028000"));
	assert_int_equal(seen(&vmm, "virtio-net-pci", "")->allows, BIT(VNET_VMM_CROSVM));
}

/* [DOC] docs/vmms.md 2.5: q35 with a modern device behind a root port. */
static void test_qemu_q35(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "FACP", "BOCHS ", "BXPC    ");
	table(&f, "DSDT", "BOCHS ", "BXPC    ");
	host_bridge(&f, 0x8086, 0x29c0);
	net(&f, 0x1041, 0x1100, 0x020000);
	f.hypervisor_flag = VNET_TRI_YES;
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU", "Standard PC (Q35 + ICH9, 2009)", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_Q35);
	assert_string_equal(vnet_vmm_machine_str(vmm.machine), "q35");
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	/* the padding of the OEM id is part of it; the table id's is dropped */
	assert_non_null(seen(&vmm, "acpi", "OEM id \"BOCHS \" in FACP BXPC, DSDT BXPC"));
}

/* [DOC] docs/vmms.md 2.5: i440FX with the default transitional device. */
static void test_qemu_pc(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "FACP", "BOCHS ", "BXPC    ");
	/* seen in a real pc guest: the FACS has no OEM id, its bytes are not one */
	table(&f, "FACS", "\0\0\0\0\0\0", "\0\0\0\0\0\0\0\0");
	host_bridge(&f, 0x8086, 0x1237);
	net(&f, 0x1000, 0x0001, 0x020000);
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU", "Standard PC (i440FX + PIIX, 1996)", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_I440FX);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	assert_null(seen(&vmm, "acpi", "FACS"));
}

/*
 * The guest fixtures as captured (tests/fixtures/<scenario>-6.x): DMI and
 * the device, no ACPI headers, host bridge id not captured.
 */
static void test_qemu_pc_dmi_and_device(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	net(&f, 0x1000, 0x0001, 0x020000);
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU", "Standard PC (i440FX + PIIX, 1996)", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_I440FX);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);

	/* DMI alone: users set it (-smbios), so it is not high */
	blank(&f);
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU", "Standard PC (i440FX + PIIX, 1996)", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_MEDIUM);
}

/* [DOC] docs/vmms.md 2.5 microvm: BOCHS tables, no DMI, no PCI, VendorID "QEMU". */
static void test_qemu_microvm(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "BOCHS ", "BXPC    ");
	f.pci = VNET_TRI_NO;
	f.mmio_vendor = 0x554d4551;
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_MICROVM);
	assert_string_equal(vnet_vmm_machine_str(vmm.machine), "microvm");
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	assert_non_null(seen(&vmm, "virtio-mmio", "VendorID 0x554d4551 \"QEMU\""));

	/* acpi=off: no tables, the rest still says QEMU microvm, less surely */
	f.n_acpi = 0;
	f.acpi = VNET_ACPI_UNKNOWN;
	vnet_vmm_identify(&f, VNET_TRI_NO, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_MICROVM);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_MEDIUM);
}

/* docs/vmms.md 2.1 row 4: the ambiguous bridges alone name no VMM. */
static void test_ambiguous_bridges(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	host_bridge(&f, 0x8086, 0x0d57);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_LOW);
	assert_int_equal(vmm.candidates,
			 BIT(VNET_VMM_CLOUD_HYPERVISOR) | BIT(VNET_VMM_FIRECRACKER));

	blank(&f);
	host_bridge(&f, 0x8086, 0x1237);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_LOW);
	assert_int_equal(vmm.candidates, BIT(VNET_VMM_QEMU) | BIT(VNET_VMM_CROSVM));
	assert_int_equal(vmm.machine, VNET_MACHINE_NONE);

	/* 2.1 "separate QEMU pc from crosvm with 5": a second piece settles it */
	net(&f, 0x1000, 0x0001, 0x020000);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_I440FX);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_MEDIUM);

	/* 0d57 and subsystem = device: still Cloud Hypervisor or Firecracker */
	blank(&f);
	host_bridge(&f, 0x8086, 0x0d57);
	net(&f, 0x1041, 0x1041, 0x020000);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.candidates,
			 BIT(VNET_VMM_CLOUD_HYPERVISOR) | BIT(VNET_VMM_FIRECRACKER));
}

static void test_nothing_seen(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, NULL, NULL, &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_string_equal(vnet_vmm_name_str(vmm.name), "unknown");
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_NONE);
	assert_int_equal(vmm.candidates, 0);
	/* what was looked for is still listed */
	assert_non_null(seen(&vmm, "acpi", "no /sys/firmware/acpi/tables"));

	/* an unknown bridge and an unknown DMI vendor: seen, naming nothing */
	host_bridge(&f, 0x1022, 0x1450);
	vnet_vmm_identify(&f, VNET_TRI_YES, "Acme", "Box", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_NONE);
	assert_int_equal(seen(&vmm, "pci-host-bridge", "1022:1450")->allows, 0);
	assert_int_equal(seen(&vmm, "dmi", "\"Acme\"")->allows, 0);
}

/* Two tables' OEM ids disagree: unknown, both named. */
static void test_strong_conflict(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "FIRECK", "FCVMDSDT");
	table(&f, "SSDT", "BOCHS ", "BXPC    ");
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, "", "", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_LOW);
	assert_int_equal(vmm.candidates, BIT(VNET_VMM_QEMU) | BIT(VNET_VMM_FIRECRACKER));
}

/* docs/vmms.md 2.1: DMI can be changed; the tables win and the DMI line says so. */
static void test_dmi_overridden(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;
	const struct vnet_vmm_evidence *e;

	(void)state;
	blank(&f);
	table(&f, "DSDT", "BOCHS ", "BXPC    ");
	host_bridge(&f, 0x8086, 0x29c0);
	vnet_vmm_identify(&f, VNET_TRI_YES, "Cloud Hypervisor", "cloud-hypervisor", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_Q35);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_HIGH);
	e = seen(&vmm, "dmi", "Cloud Hypervisor");
	assert_non_null(e);
	assert_true(e->ignored);

	/* the machine from DMI and from the bridge disagree: neither is said */
	blank(&f);
	host_bridge(&f, 0x8086, 0x1237);
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU", "Standard PC (Q35 + ICH9, 2009)", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_QEMU);
	assert_int_equal(vmm.machine, VNET_MACHINE_NONE);
}

static void assert_printable(const char *s)
{
	for (; *s; s++)
		assert_true(*s >= 0x20 && *s < 0x7f);
}

/* Bytes from a hostile tree leave escaped, and match nothing. */
static void test_hostile_strings(void **state)
{
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;
	const struct vnet_vmm_evidence *e;

	(void)state;
	blank(&f);
	table(&f, "\x1b[2J", "FIRE\nK", "\x01\x02\"\\\x7f\xff  ");
	vnet_vmm_identify(&f, VNET_TRI_YES, "QEMU\n", "\x1b]0;owned\x07", &vmm);
	assert_int_equal(vmm.name, VNET_VMM_UNKNOWN);
	assert_int_equal(vmm.confidence, VNET_CONFIDENCE_NONE);
	for (unsigned int i = 0; i < vmm.n_evidence; i++)
		assert_printable(vmm.evidence[i].seen);
	e = seen(&vmm, "acpi", "OEM id");
	assert_non_null(e);
	assert_string_equal(e ? e->seen : "",
			    "OEM id \"FIRE\\x0aK\" in \\x1b[2J \\x01\\x02\\x22\\x5c\\x7f\\xff");
	e = seen(&vmm, "dmi", "vendor");
	assert_string_equal(e ? e->seen : "", "vendor \"QEMU\\x0a\", product \"\\x1b]0;owned\\x07\"");

	/* as long as the buffer allows, then cut with "..." */
	blank(&f);
	for (int i = 0; i < VNET_ACPI_TABLES; i++)
		table(&f, "SSDT", "\x01\x01\x01\x01\x01\x01", "\x01\x01\x01\x01\x01\x01\x01\x01");
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, NULL, NULL, &vmm);
	e = seen(&vmm, "acpi", "OEM id");
	assert_non_null(e);
	assert_true(e && strlen(e->seen) < VNET_VMM_EVIDENCE_LEN && strstr(e->seen, "..."));
	assert_printable(e ? e->seen : "");
}

/* show's text and JSON of one answer, written out. */
static void test_print(void **state)
{
	struct {
		char *text;
		size_t len;
	} t = { 0 };
	struct vnet_vmm_facts f;
	struct vnet_vmm vmm;
	struct vnet_printer *p;
	struct json_object *o, *ev;
	FILE *fp;

	(void)state;
	blank(&f);
	host_bridge(&f, 0x8086, 0x0d57);
	vnet_vmm_identify(&f, VNET_TRI_UNKNOWN, NULL, NULL, &vmm);

	fp = open_memstream(&t.text, &t.len);
	assert_non_null(fp);
	p = vnet_printer_new_text(fp);
	vnet_vmm_print(p, &vmm);
	vnet_printer_free(p);
	fclose(fp);
	assert_string_equal(t.text,
		"  VMM\n"
		"    name           unknown (low confidence: cloud-hypervisor or firecracker)\n"
		"    evidence       acpi: no /sys/firmware/acpi/tables\n"
		"                   pci-host-bridge: 8086:0d57 -> cloud-hypervisor or firecracker\n");
	free(t.text);

	p = vnet_printer_new_json();
	vnet_print_open_object(p, NULL);
	vnet_vmm_print(p, &vmm);
	vnet_print_close(p);
	o = vnet_printer_take(p);
	vnet_printer_free(p);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							   JSON_C_TO_STRING_NOSLASHESCAPE),
		"{\"vmm\":{\"name\":\"unknown\",\"machine\":null,\"confidence\":\"low\","
		"\"candidates\":[\"cloud-hypervisor\",\"firecracker\"],\"evidence\":["
		"{\"source\":\"acpi\",\"seen\":\"no /sys/firmware/acpi/tables\",\"allows\":[],"
		"\"ignored\":false},"
		"{\"source\":\"pci-host-bridge\",\"seen\":\"8086:0d57\","
		"\"allows\":[\"cloud-hypervisor\",\"firecracker\"],\"ignored\":false}]}}");
	assert_true(json_object_object_get_ex(json_object_object_get(o, "vmm"), "evidence", &ev));
	json_object_put(o);
}

/* ---- each VMM's words for a remedy (vnet_vmm_knob(), docs/vmms.md 4 and 5) -- */

static void knob_is(enum vnet_vmm_name vmm, const char *key, enum vnet_knob_support support,
		    const char *spelling)
{
	const struct vnet_vmm_knob *k = vnet_vmm_knob(vmm, key);

	assert_non_null(k);
	if (k->support != support)
		fail_msg("%s %s: support %d, expected %d", vnet_vmm_name_str(vmm), key,
			 k->support, support);
	if (spelling)
		assert_string_equal(k->spelling, spelling);
	/* what the VMM fixes or decides elsewhere always says why */
	if (support == VNET_KNOB_IMPOSSIBLE || support == VNET_KNOB_ELSEWHERE)
		assert_non_null(k->why);
}

/* 5, Firecracker column: "impossible" cells, and the one field it has (4.2) */
static void test_knobs_firecracker(void **state)
{
	static const char *const fixed[] = {
		"queues", "mq", "ctrl_vq", "indirect_desc", "rx_queue_size", "tx_queue_size",
		"status", "speed", "duplex", "queue_reset", "host_ecn", "guest_ecn", "packed",
		"vectors",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		knob_is(VNET_VMM_FIRECRACKER, fixed[i], VNET_KNOB_IMPOSSIBLE, NULL);
	knob_is(VNET_VMM_FIRECRACKER, "host_mtu", VNET_KNOB_SETTING, "mtu");
	/* always offered (3): nothing to set */
	knob_is(VNET_VMM_FIRECRACKER, "csum", VNET_KNOB_ELSEWHERE, NULL);
	knob_is(VNET_VMM_FIRECRACKER, "mrg_rxbuf", VNET_KNOB_ELSEWHERE, NULL);
	knob_is(VNET_VMM_FIRECRACKER, "event_idx", VNET_KNOB_ELSEWHERE, NULL);
}

/* 4.1: --net keys; num_queues counts queues, two per pair */
static void test_knobs_cloud_hypervisor(void **state)
{
	(void)state;
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "queues", VNET_KNOB_SETTING, "num_queues");
	assert_int_equal(vnet_vmm_knob(VNET_VMM_CLOUD_HYPERVISOR, "queues")->per_pair, 2);
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "rx_queue_size", VNET_KNOB_SETTING, "queue_size");
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "host_mtu", VNET_KNOB_SETTING, "mtu");
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "csum", VNET_KNOB_SETTING, "offload_csum");
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "host_tso4", VNET_KNOB_SETTING, "offload_tso");
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "guest_ufo", VNET_KNOB_SETTING, "offload_ufo");
	/* 3: never offered by the built-in tap */
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "indirect_desc", VNET_KNOB_IMPOSSIBLE, NULL);
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "mrg_rxbuf", VNET_KNOB_IMPOSSIBLE, NULL);
	knob_is(VNET_VMM_CLOUD_HYPERVISOR, "ctrl_vq", VNET_KNOB_ELSEWHERE, NULL);
}

/* 4.3: vq-pairs counts pairs; mrg-rxbuf is a boolean */
static void test_knobs_crosvm(void **state)
{
	const struct vnet_vmm_knob *k;

	(void)state;
	knob_is(VNET_VMM_CROSVM, "queues", VNET_KNOB_SETTING, "vq-pairs");
	assert_int_equal(vnet_vmm_knob(VNET_VMM_CROSVM, "queues")->per_pair, 1);
	k = vnet_vmm_knob(VNET_VMM_CROSVM, "mrg_rxbuf");
	assert_int_equal(k->support, VNET_KNOB_SETTING);
	assert_string_equal(k->on_word, "true");
	knob_is(VNET_VMM_CROSVM, "rx_queue_size", VNET_KNOB_IMPOSSIBLE, NULL);
	knob_is(VNET_VMM_CROSVM, "host_tso6", VNET_KNOB_IMPOSSIBLE, NULL);
}

/* QEMU's own keys; an unknown VMM and unknown keys are not recorded; virtio words */
static void test_knobs_qemu_and_unknown(void **state)
{
	char buf[160];

	(void)state;
	knob_is(VNET_VMM_QEMU, "mq", VNET_KNOB_SETTING, NULL);
	assert_null(vnet_vmm_knob(VNET_VMM_QEMU, "mq")->spelling);
	knob_is(VNET_VMM_UNKNOWN, "mq", VNET_KNOB_UNRECORDED, NULL);
	knob_is(VNET_VMM_FIRECRACKER, "no-such-key", VNET_KNOB_UNRECORDED, NULL);
	knob_is(VNET_VMM_NAMES, "mq", VNET_KNOB_UNRECORDED, NULL);
	assert_string_equal(vnet_vmm_virtio_words("mq", buf, sizeof(buf), "on"),
			    "VIRTIO_NET_F_MQ");
	assert_string_equal(vnet_vmm_virtio_words("queues", buf, sizeof(buf), "4"),
			    "4 queue pairs (VIRTIO_NET_F_MQ, max_virtqueue_pairs)");
	assert_null(vnet_vmm_virtio_words("no-such-key", buf, sizeof(buf), "1"));
	assert_string_equal(vnet_vmm_knob_name("ctrl_vq"), "CTRL_VQ");
	assert_string_equal(vnet_vmm_label(VNET_VMM_FIRECRACKER), "Firecracker");
	assert_string_equal(vnet_vmm_label(VNET_VMM_UNKNOWN), "the VMM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firecracker_pci),
		cmocka_unit_test(test_firecracker_non_root),
		cmocka_unit_test(test_firecracker_mmio),
		cmocka_unit_test(test_mmio_vendor_zero_alone),
		cmocka_unit_test(test_cloud_hypervisor),
		cmocka_unit_test(test_crosvm),
		cmocka_unit_test(test_qemu_q35),
		cmocka_unit_test(test_qemu_pc),
		cmocka_unit_test(test_qemu_pc_dmi_and_device),
		cmocka_unit_test(test_qemu_microvm),
		cmocka_unit_test(test_ambiguous_bridges),
		cmocka_unit_test(test_nothing_seen),
		cmocka_unit_test(test_strong_conflict),
		cmocka_unit_test(test_dmi_overridden),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_knobs_firecracker),
		cmocka_unit_test(test_knobs_cloud_hypervisor),
		cmocka_unit_test(test_knobs_crosvm),
		cmocka_unit_test(test_knobs_qemu_and_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
