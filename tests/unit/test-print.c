// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-print.c - the one printer: the same calls give the text and the JSON
 *
 * Expected text and JSON are written out literally here: they are what a
 * reader of vnetctl's output sees, not values taken from the printer.
 */
#include <inttypes.h>
#include <math.h>
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

/* Runs @describe on a text printer and on a JSON printer. */
struct both {
	char *text;
	char *json;	/* plain serialisation, "" when the tree is empty */
};

static void run(void (*describe)(struct vnet_printer *p), struct both *out)
{
	struct vnet_printer *p;
	struct json_object *o;
	size_t len;
	FILE *f;

	f = open_memstream(&out->text, &len);
	assert_non_null(f);
	p = vnet_printer_new_text(f);
	assert_non_null(p);
	assert_false(vnet_printer_is_json(p));
	describe(p);
	assert_null(vnet_printer_take(p));
	vnet_printer_free(p);
	fclose(f);

	p = vnet_printer_new_json();
	assert_non_null(p);
	assert_true(vnet_printer_is_json(p));
	describe(p);
	o = vnet_printer_take(p);
	vnet_printer_free(p);
	out->json = strdup(o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : "");
	json_object_put(o);
}

static void both_free(struct both *b)
{
	free(b->text);
	free(b->json);
}

static void values(struct vnet_printer *p)
{
	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "name", "name %s", "eth0");
	vnet_print_u32(p, VNET_PRINT_ANY, "mtu", " mtu %u", 1500);
	vnet_print_u64(p, VNET_PRINT_ANY, "bytes", " bytes %" PRIu64, 1ULL << 40);
	vnet_print_double(p, VNET_PRINT_ANY, "rate", " rate %.1f", 2.5);
	vnet_print_bool(p, VNET_PRINT_ANY, "up", " up %s", true);
	vnet_print_tri(p, VNET_PRINT_ANY, "carrier", " carrier %s", VNET_TRI_NO);
	vnet_print_fp(p, "\n");
	vnet_print_close(p);
}

static void test_values(void **state)
{
	struct both b;

	(void)state;
	run(values, &b);
	assert_string_equal(b.text, "name eth0 mtu 1500 bytes 1099511627776 rate 2.5 up on "
				    "carrier off\n");
	assert_string_equal(b.json, "{\"name\":\"eth0\",\"mtu\":1500,\"bytes\":1099511627776,"
				    "\"rate\":2.5,\"up\":true,\"carrier\":false}");
	both_free(&b);
}

/* Unknown values: JSON null; text the placeholder in the value's width. */
static void unknowns(struct vnet_printer *p)
{
	vnet_print_open_object(p, NULL);
	vnet_print_u32(p, VNET_PRINT_ANY, "a", "[%-6u]", VNET_UNKNOWN);
	vnet_print_u64(p, VNET_PRINT_ANY, "b", "[%8" PRIu64 "]", VNET_UNKNOWN64);
	vnet_print_double(p, VNET_PRINT_ANY, "c", "[%.3f]", NAN);
	vnet_print_str(p, VNET_PRINT_ANY, "d", "[%s] 100%%", NULL);
	vnet_print_tri(p, VNET_PRINT_ANY, "e", "[%s]", VNET_TRI_UNKNOWN);
	vnet_printer_set_unknown(p, "n/a");
	vnet_print_u32(p, VNET_PRINT_ANY, "f", "[%u]\n", VNET_UNKNOWN);
	vnet_print_close(p);
}

static void test_unknown_values(void **state)
{
	struct both b;

	(void)state;
	run(unknowns, &b);
	/* a precision would cut the placeholder: it is dropped, "%%" is kept */
	assert_string_equal(b.text, "[?     ][       ?][?][?] 100%[?][n/a]\n");
	assert_string_equal(b.json, "{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":null,"
				    "\"f\":null}");
	both_free(&b);
}

/* Each side can be left out where the two layouts differ. */
static void sides(struct vnet_printer *p)
{
	vnet_print_open_object(p, NULL);
	vnet_print_u32(p, VNET_PRINT_JSON, "json_only", "never %u", 1);
	vnet_print_u32(p, VNET_PRINT_FP, "text_only", "text %u", 2);
	vnet_print_null(p, VNET_PRINT_ANY, "gone", " unavailable");
	vnet_print_fp(p, "%s\n", "!");
	vnet_print_close(p);
}

static void test_sides(void **state)
{
	struct both b;

	(void)state;
	run(sides, &b);
	assert_string_equal(b.text, "text 2 unavailable!\n");
	assert_string_equal(b.json, "{\"json_only\":1,\"gone\":null}");
	both_free(&b);
}

/* Nesting: keys inside objects, none inside arrays; text sees no structure. */
static void nested(struct vnet_printer *p)
{
	struct json_object *extra = json_object_new_string("x");

	vnet_print_open_object(p, NULL);
	vnet_print_open_array(p, "queues");
	for (uint32_t q = 0; q < 2; q++) {
		vnet_print_open_object(p, NULL);
		vnet_print_u32(p, VNET_PRINT_ANY, "index", "q%u", q);
		vnet_print_close(p);
	}
	vnet_print_close(p);
	vnet_print_open_object(p, "link");
	vnet_print_str(p, VNET_PRINT_ANY, "state", " %s", "up");
	vnet_print_close(p);
	vnet_print_json(p, "extra", extra);
	json_object_put(extra);
	vnet_print_close(p);
}

static void test_nesting(void **state)
{
	struct both b;

	(void)state;
	run(nested, &b);
	assert_string_equal(b.text, "q0q1 up");
	assert_string_equal(b.json, "{\"queues\":[{\"index\":0},{\"index\":1}],"
				    "\"link\":{\"state\":\"up\"},\"extra\":\"x\"}");
	both_free(&b);
}

/* Words wrap before column 96, under the indent; "none" stands for no word. */
static void words(struct vnet_printer *p)
{
	char word[16];

	vnet_print_open_object(p, NULL);
	vnet_print_open_array(p, "w");
	vnet_print_fp(p, "%-10s", "label");
	vnet_print_wrap_begin(p, 10, -1);
	for (int i = 0; i < 13; i++) {
		snprintf(word, sizeof(word), "word%02d", i);
		vnet_print_word(p, VNET_PRINT_ANY, word);
	}
	vnet_print_wrap_end(p, "none");
	vnet_print_close(p);
	vnet_print_fp(p, "%-10s", "empty");
	vnet_print_wrap_begin(p, 10, -1);
	vnet_print_wrap_end(p, "none");
	vnet_print_close(p);
}

static void test_wrapping(void **state)
{
	struct both b;
	const char *second;

	(void)state;
	run(words, &b);
	/* 10 + 12 words of 6 + 11 spaces = 93 columns: a 13th would end at 100 */
	assert_string_equal(b.text,
			    "label     word00 word01 word02 word03 word04 word05 word06 word07 "
			    "word08 word09 word10 word11\n"
			    "          word12\n"
			    "empty     none\n");
	second = strchr(b.text, '\n');
	assert_true(second - b.text <= 96);
	assert_string_equal(b.json, "{\"w\":[\"word00\",\"word01\",\"word02\",\"word03\","
				    "\"word04\",\"word05\",\"word06\",\"word07\",\"word08\","
				    "\"word09\",\"word10\",\"word11\",\"word12\"]}");
	both_free(&b);
}

static void long_words(struct vnet_printer *p)
{
	vnet_print_fp(p, "%-10s", "label");
	vnet_print_wrap_begin(p, 10, -1);
	for (int i = 0; i < 9; i++)
		vnet_print_word(p, VNET_PRINT_ANY, "abcdefghijklmnopq");
	vnet_print_wrap_end(p, NULL);
}

static void test_wrap_breaks(void **state)
{
	struct both b;
	const char *line, *nl;
	int lines = 0;

	(void)state;
	run(long_words, &b);
	for (line = b.text; (nl = strchr(line, '\n')); line = nl + 1) {
		assert_true(nl - line <= 96);
		if (lines++)
			assert_memory_equal(line, "          abcdefghijklmnopq", 27);
	}
	/* 10 + 4 words of 17 + 3 spaces = 81 columns a line: 4, 4 and 1 */
	assert_int_equal(lines, 3);
	both_free(&b);
}

/* A long text value is printed whole (no fixed buffer cuts it). */
static void long_text(struct vnet_printer *p)
{
	static char big[4000];

	memset(big, 'x', sizeof(big) - 1);
	vnet_print_str(p, VNET_PRINT_FP, NULL, "<%s>", big);
}

static void test_long_text(void **state)
{
	struct both b;

	(void)state;
	run(long_text, &b);
	assert_int_equal(strlen(b.text), 3999 + 2);
	assert_int_equal(b.text[0], '<');
	assert_int_equal(b.text[4000], '>');
	both_free(&b);
}

/* ---- the device description: one CPU notation, counts out of the real width ---- */

static struct vnet_queue table_queues[2];
static struct vnet_dev table_dev;

static void describe_table_dev(struct vnet_printer *p)
{
	vnet_dev_print(p, &table_dev);
}

static void describe_table_features(struct vnet_printer *p)
{
	vnet_dev_features_print(p, &table_dev, false);
}

static void table_dev_init(void)
{
	memset(&table_dev, 0, sizeof(table_dev));
	memset(table_queues, 0, sizeof(table_queues));
	strcpy(table_dev.ifname, "eth0");
	strcpy(table_dev.virtio_name, "virtio0");
	table_dev.filled = VNET_FILL_FEATURES | VNET_FILL_QUEUES | VNET_FILL_COALESCE;
	table_dev.status = 0x07;
	table_dev.features.nbits = 64;
	table_dev.features.negotiated[0] = 1u << VNET_F_CSUM | 1u << VNET_F_MAC;
	table_dev.coalesce = (struct vnet_coalesce){ 0, 1, 0, 2, VNET_TRI_NO, VNET_TRI_NO };
	table_queues[0] = (struct vnet_queue){ .index = 0, .active = true, .rps_cpus = "0",
					       .xps_cpus = "3" };
	table_queues[1] = (struct vnet_queue){ .index = 1, .rps_cpus = "ff,00000001" };
	table_dev.n_queues = 2;
	table_dev.queues = table_queues;
}

static void test_queue_table_cpu_lists(void **state)
{
	struct both b;

	(void)state;
	table_dev_init();
	run(describe_table_dev, &b);
	/* XPS/RPS masks become lists like the IRQ columns: 3 is CPUs 0-1, 0 is none */
	assert_non_null(strstr(b.text, "xps-cpus   rps-cpus   bql-limit\n"));
	assert_non_null(strstr(b.text, "    0      active   -       -          -       -          "
				       "0-1        none       0\n"));
	assert_non_null(strstr(b.text, "    1      inactive -       -          -       -          "
				       "-          0,32-39    0\n"));
	assert_non_null(strstr(b.text, "*-cpus: CPU lists as in smp_affinity_list"));
	assert_non_null(strstr(b.text, "rx 0 us/1 frame, tx 0 us/2 frames"));
	/* JSON keeps the kernel's masks */
	assert_non_null(strstr(b.json, "\"rps_cpus\":\"0\",\"xps_cpus\":\"3\""));
	assert_non_null(strstr(b.json, "\"rps_cpus\":\"ff,00000001\",\"xps_cpus\":null"));
	both_free(&b);
}

static void test_feature_count_width(void **state)
{
	struct both b;

	(void)state;
	/* no VERSION_1: legacy negotiation, a 32-bit register whatever the kernel prints */
	table_dev_init();
	run(describe_table_dev, &b);
	assert_non_null(strstr(b.text, "features       2 of 32 bits: CSUM MAC\n"));
	assert_non_null(strstr(b.json, "\"nbits\":64"));
	both_free(&b);
	run(describe_table_features, &b);
	assert_non_null(strstr(b.text, "eth0 (virtio0): 2 of 32 feature bits negotiated\n"));
	assert_non_null(strstr(b.json, "\"nbits\":64"));
	both_free(&b);

	/* a modern-only device (VERSION_1 lost by a failed driver) keeps the kernel's width */
	table_dev.filled |= VNET_FILL_PCI;
	table_dev.pci.mode = VNET_MODE_MODERN;
	run(describe_table_features, &b);
	assert_non_null(strstr(b.text, ": 2 of 64 feature bits negotiated\n"));
	both_free(&b);

	/* VERSION_1 negotiated: the modern interface's 64 bits, or 128 when the kernel says so */
	table_dev.filled &= ~VNET_FILL_PCI;
	table_dev.features.negotiated[0] |= 1ull << VNET_F_VERSION_1;
	run(describe_table_dev, &b);
	assert_non_null(strstr(b.text, "features       3 of 64 bits: CSUM MAC VERSION_1\n"));
	both_free(&b);
	table_dev.features.nbits = 128;
	run(describe_table_features, &b);
	assert_non_null(strstr(b.text, ": 3 of 128 feature bits negotiated\n"));
	both_free(&b);
}

/* ---- escaping what the system names ---------------------------------------- */

static void expect_escape(const char *in, const char *want)
{
	char out[256];
	size_t len = vnet_escape_text(in, out, sizeof(out));

	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(vnet_escape_text(in, NULL, 0), strlen(want));
}

static void test_escape_text(void **state)
{
	(void)state;
	expect_escape("eth0", "eth0");
	expect_escape("e\x1b[31mx", "e\\x1b[31mx");			/* ESC */
	expect_escape("bell\a", "bell\\x07");				/* BEL */
	expect_escape("a\nb\tc\rd", "a\\x0ab\\x09c\\x0dd");		/* lines, columns */
	expect_escape("del\x7f", "del\\x7f");				/* DEL */
	expect_escape("c1\xc2\x9b" "2J", "c1\\xc2\\x9b2J");		/* U+009B CSI */
	expect_escape("u\xff", "u\\xff");				/* never UTF-8 */
	expect_escape("\x80x", "\\x80x");				/* stray continuation */
	expect_escape("\xc0\xaf", "\\xc0\\xaf");			/* overlong '/' */
	expect_escape("\xed\xa0\x80", "\\xed\\xa0\\x80");		/* surrogate */
	expect_escape("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");	/* > U+10FFFF */
	expect_escape("cut\xe2\x82", "cut\\xe2\\x82");			/* cut sequence */
	/* valid multi-byte UTF-8 and a backslash stay as they are */
	expect_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7 \xc2\xa0",
		      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7 \xc2\xa0");
	expect_escape("a\\b 'q'", "a\\b 'q'");
	expect_escape(NULL, "");
}

/* Cut to the buffer, never inside an escape or a character: the length says how long. */
static void test_escape_text_cut(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(vnet_escape_text("abcd\x1b", out, sizeof(out)), 8);
	assert_string_equal(out, "abcd");
	assert_int_equal(vnet_escape_text("abcdef\xc3\xa9", out, sizeof(out)), 8);
	assert_string_equal(out, "abcdef");
	assert_int_equal(vnet_escape_text("abc", out, 1), 3);
	assert_string_equal(out, "");
}

/* The printer: every string value, word and %s argument escaped in text; JSON valid UTF-8. */
static void hostile(struct vnet_printer *p)
{
	vnet_print_open_object(p, NULL);
	vnet_print_str(p, VNET_PRINT_ANY, "name", "%-12s|", "e\x1b[31mx\a\ny");
	vnet_print_fp(p, " %s %.4s", "fp\x1b", "ab\ncd");
	vnet_print_str(p, VNET_PRINT_ANY, "bad", " %s", "u\xff\xc3\xa9");
	vnet_print_open_array(p, "words");
	vnet_print_wrap_begin(p, 0, -1);
	vnet_print_word(p, VNET_PRINT_ANY, " w\x9b");
	vnet_print_wrap_end(p, NULL);
	vnet_print_close(p);
	vnet_print_close(p);
}

static void test_print_escapes(void **state)
{
	struct both b;

	(void)state;
	run(hostile, &b);
	assert_string_equal(b.text, "e\\x1b[31mx\\x07\\x0ay| fp\\x1b ab\\x0ac u\\xff\xc3\xa9 "
				    " w\\x9b\n");
	/* json-c escapes the controls; the invalid byte becomes U+FFFD */
	assert_string_equal(b.json, "{\"name\":\"e\\u001b[31mx\\u0007\\ny\","
				    "\"bad\":\"u\xef\xbf\xbd\xc3\xa9\",\"words\":[\" w\xef\xbf\xbd\"]}");
	both_free(&b);
}

/* Keys and trees added whole (vnet_print_json()) are made valid too. */
static void foreign(struct vnet_printer *p)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "k\xfe", json_object_new_string("v\xc3"));
	json_object_object_add(o, "ok", json_object_new_string("\xe2\x82\xac"));
	vnet_print_open_object(p, NULL);
	vnet_print_json(p, "evidence", o);
	vnet_print_close(p);
	json_object_put(o);
}

static void test_print_json_utf8(void **state)
{
	struct both b;

	(void)state;
	run(foreign, &b);
	assert_string_equal(b.json, "{\"evidence\":{\"ok\":\"\xe2\x82\xac\","
				    "\"k\xef\xbf\xbd\":\"v\xef\xbf\xbd\"}}");
	both_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_unknown_values),
		cmocka_unit_test(test_sides),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_wrapping),
		cmocka_unit_test(test_wrap_breaks),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_queue_table_cpu_lists),
		cmocka_unit_test(test_feature_count_width),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_escape_text_cut),
		cmocka_unit_test(test_print_escapes),
		cmocka_unit_test(test_print_json_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
