// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-irq.c - /proc/interrupts parsing
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/linux/linux.h"

/* Debian 6.1 guest, QEMU: INTx device virtio2 and two MSI-X devices. */
static const char guest_61[] =
	"           CPU0       CPU1       \n"
	"  0:         78          0   IO-APIC   2-edge      timer\n"
	"  4:          0         90   IO-APIC   4-edge      ttyS0\n"
	" 11:          5          7   IO-APIC  11-fasteoi   virtio2\n"
	" 24:          0          0   PCI-MSI 32768-edge      virtio0-config\n"
	" 25:         12          3   PCI-MSI 32769-edge      virtio0-input.0\n"
	" 26:          0          4   PCI-MSI 32770-edge      virtio0-output.0\n"
	"NMI:          0          0   Non-maskable interrupts\n"
	"LOC:        365        429   Local timer interrupts\n"
	"ERR:          0\n"
	"MIS:          0\n";

/* Development machine, 6.18 (PCI-MSIX-<slot> chip names). */
static const char host_618[] =
	"           CPU0       CPU1       \n"
	" 37:          0          0 PCI-MSIX-0000:00:03.0   0-edge      virtio2-config\n"
	" 38:          0        292 PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0\n"
	" 39:        223          0 PCI-MSIX-0000:00:03.0   2-edge      virtio2-output.0\n"
	" 41:       1805          0 PCI-MSIX-0000:00:04.0   1-edge      virtio3-rx\n";

static const struct lx_irq_line *find(const struct lx_irq_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->lines[i].name, name))
			return &t->lines[i];
	return NULL;
}

static void test_guest_61(void **state)
{
	struct lx_irq_table t;
	const struct lx_irq_line *l;

	(void)state;
	assert_int_equal(lx_irq_parse(guest_61, &t), 0);
	assert_int_equal(t.ncpus, 2);
	/* NMI/LOC/ERR/MIS are not numbered lines */
	assert_int_equal(t.n, 6);
	l = find(&t, "virtio2");
	assert_non_null(l);
	assert_int_equal(l->irq, 11);
	assert_int_equal(l->count, 12);
	l = find(&t, "virtio0-input.0");
	assert_non_null(l);
	assert_int_equal(l->irq, 25);
	assert_int_equal(l->count, 15);
	assert_non_null(find(&t, "virtio0-config"));
	lx_irq_table_free(&t);
}

static void test_host_618(void **state)
{
	struct lx_irq_table t;
	const struct lx_irq_line *l;

	(void)state;
	assert_int_equal(lx_irq_parse(host_618, &t), 0);
	assert_int_equal(t.n, 4);
	l = find(&t, "virtio2-output.0");
	assert_non_null(l);
	assert_int_equal(l->irq, 39);
	assert_int_equal(l->count, 223);
	lx_irq_table_free(&t);
}

/* A legacy line shared by two devices lists both actions. */
static void test_shared_line_actions(void **state)
{
	static const char text[] =
		"           CPU0       CPU1       CPU2       CPU3\n"
		" 10:          1          2          3          4   IO-APIC  10-fasteoi   virtio1, virtio3\n";
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.ncpus, 4);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.lines[0].name, "virtio1");
	assert_string_equal(t.lines[1].name, "virtio3");
	assert_int_equal(t.lines[0].irq, 10);
	assert_int_equal(t.lines[1].count, 10);
	lx_irq_table_free(&t);
}

static void test_big_counts_and_long_names(void **state)
{
	static const char text[] =
		"           CPU0       CPU1\n"
		" 55: 18446744073709551 1   PCI-MSIX-0000:00:05.0 3-edge virtio12-output.31-with-a-name-longer-than-the-buffer\n";
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.n, 1);
	assert_true(t.lines[0].count == 18446744073709552ULL);
	assert_int_equal(strlen(t.lines[0].name), sizeof(t.lines[0].name) - 1);
	lx_irq_table_free(&t);
}

static void test_malformed(void **state)
{
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse("", &t), -EINVAL);
	assert_int_equal(lx_irq_parse("no header here\n 1: 2 3 x y z\n", &t), -EINVAL);
	/* a line with fewer counts than CPUs is skipped, not misread */
	assert_int_equal(lx_irq_parse("  CPU0 CPU1\n 5: 7 IO-APIC 5-edge virtio0\n", &t), 0);
	assert_int_equal(t.n, 0);
	lx_irq_table_free(&t);
}

/* Blank lines anywhere change nothing: no line is read twice, none is missed. */
static void test_blank_lines(void **state)
{
	static const char text[] =
		"           CPU0       CPU1       \n"
		"\n"
		"  0:         78          0   IO-APIC   2-edge      timer\n"
		"\n\n\n"
		" 11:          5          7   IO-APIC  11-fasteoi   virtio2\n"
		"\n"
		" 24:          0          0   PCI-MSI 32768-edge      virtio0-config\n"
		" 25:         12          3   PCI-MSI 32769-edge      virtio0-input.0\n"
		"\n"
		" 26:          0          4   PCI-MSI 32770-edge      virtio0-output.0\n"
		"\n"
		"NMI:          0          0   Non-maskable interrupts\n";
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.n, 5);
	assert_int_equal(find(&t, "virtio2")->count, 12);
	assert_int_equal(find(&t, "virtio0-input.0")->irq, 25);
	assert_int_equal(find(&t, "virtio0-output.0")->count, 4);
	lx_irq_table_free(&t);
}

/* A line ends at its newline: too few counts do not borrow the next line's. */
static void test_counts_stay_on_their_line(void **state)
{
	static const char text[] =
		"  CPU0 CPU1\n"
		" 5: 7\n"
		"9 8 IO-APIC 5-edge virtio0\n"
		" 6: 1 2 IO-APIC 6-edge virtio1\n";
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.lines[0].name, "virtio1");
	assert_int_equal(t.lines[0].count, 3);
	lx_irq_table_free(&t);
}

/* 200000 blank lines: linear, one pass (quadratic before: each re-read the rest). */
static void test_many_blank_lines(void **state)
{
	static const char head[] = "  CPU0\n";
	static const char tail[] = " 7: 3 chip 7-edge virtio0-input.0\n";
	size_t blanks = 200000;
	char *text = malloc(sizeof(head) + blanks + sizeof(tail));
	struct lx_irq_table t;

	(void)state;
	assert_non_null(text);
	strcpy(text, head);
	memset(text + strlen(head), '\n', blanks);
	strcpy(text + strlen(head) + blanks, tail);
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.lines[0].count, 3);
	lx_irq_table_free(&t);
	free(text);
}

/* Numbers too large for their fields: an irq above u32 is no line, counts saturate. */
static void test_number_overflow(void **state)
{
	static const char text[] =
		"  CPU0 CPU1\n"
		" 4294967296: 1 1 chip 1-edge virtio0-config\n"
		" 8: 99999999999999999999999 18446744073709551615 chip 2-edge "
		"virtio0-input.4294967295\n";
	struct lx_irq_table t;

	(void)state;
	assert_int_equal(lx_irq_parse(text, &t), 0);
	assert_int_equal(t.n, 1);
	assert_true(t.lines[0].count == UINT64_MAX);
	assert_string_equal(t.lines[0].name, "virtio0-input.4294967295");
	lx_irq_table_free(&t);
}

/* One line naming more actions than any machine has: refused, not allocated. */
static void test_too_many_names(void **state)
{
	static const char head[] = "  CPU0\n 9: 1 chip 9-edge ";
	size_t names = 70000;
	char *text = malloc(sizeof(head) + names * 3 + 2);
	struct lx_irq_table t;
	char *p;

	(void)state;
	assert_non_null(text);
	p = text + sprintf(text, "%s", head);
	for (size_t i = 0; i < names; i++)
		p += sprintf(p, "a, ");
	strcpy(p, "\n");
	assert_int_equal(lx_irq_parse(text, &t), -E2BIG);
	assert_null(t.lines);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_61),
		cmocka_unit_test(test_host_618),
		cmocka_unit_test(test_shared_line_actions),
		cmocka_unit_test(test_big_counts_and_long_names),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_counts_stay_on_their_line),
		cmocka_unit_test(test_many_blank_lines),
		cmocka_unit_test(test_number_overflow),
		cmocka_unit_test(test_too_many_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
