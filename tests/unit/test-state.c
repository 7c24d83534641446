// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-state.c - the state document round trip, and its reader's strictness
 *
 * The oracle: every captured tree under tests/fixtures is read live by the
 * Linux backend (context A), written as a state document, read back by the
 * bundle backend (context B), and every read command's JSON must be the same
 * bytes on both: show, features, list, check, explain, get and stats.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "../../lib/state.h"

/* ---- a bundle backend without an archive --------------------------------- */

#define BUNDLE "b.tgz"

static const char *served;	/* the document the test backend serves */

static int text_init(struct vnet_ctx *ctx)
{
	return vnet_state_attach_bundle(ctx, BUNDLE, served, strlen(served));
}

static struct vnet_backend_ops text_bundle;

static struct vnet_ctx *offline_ctx(const char *text)
{
	struct vnet_ctx *ctx = vnet_ctx_new();

	assert_non_null(ctx);
	text_bundle = vnet_backend_bundle;
	text_bundle.init = text_init;
	served = text;
	assert_int_equal(vnet_ctx_set_backend_ops(ctx, &text_bundle), 0);
	assert_int_equal(vnet_ctx_set_param(ctx, "bundle.file", BUNDLE), 0);
	return ctx;
}

/* ---- printing ---------------------------------------------------------------- */

static char *json_text(struct json_object *o)
{
	char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));

	assert_non_null(s);
	json_object_put(o);
	return s;
}

/* What a command prints with -j, then without. */
static char *printed(void (*describe)(struct vnet_printer *p, const void *arg), const void *arg)
{
	struct json_object *o = vnet_print_json_of(describe, arg);
	struct vnet_printer *p;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	assert_non_null(o);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	fprintf(out, "%s\n---- text\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	p = vnet_printer_new_text(out);
	assert_non_null(p);
	describe(p, arg);
	vnet_printer_free(p);
	assert_int_equal(fclose(out), 0);
	/* the text printer wrote something: a comparison of nothing proves nothing */
	assert_true(strstr(text, "\n---- text\n")[sizeof("\n---- text\n") - 1] != '\0');
	return text;
}

/* Byte for byte; on a difference, where it starts. */
static void same(const char *fixture, const char *what, char *live, char *offline)
{
	size_t i = 0;

	while (live[i] && live[i] == offline[i])
		i++;
	if (live[i] || offline[i]) {
		size_t from = i > 200 ? i - 200 : 0;

		print_error("%s: %s differs at byte %zu\n--- live\n%.600s\n--- offline\n%.600s\n",
			    fixture, what, i, live + from, offline + from);
		fail();
	}
	free(live);
	free(offline);
}

struct show_arg {
	const struct vnet_dev *dev;
	const struct vnet_system *sys;
	bool all;
};

static void describe_show(struct vnet_printer *p, const void *arg)
{
	const struct show_arg *a = arg;

	vnet_dev_print_system(p, a->dev, a->sys);
}

static void describe_features(struct vnet_printer *p, const void *arg)
{
	const struct show_arg *a = arg;

	vnet_dev_features_print(p, a->dev, a->all);
}

static void describe_list(struct vnet_printer *p, const void *arg)
{
	vnet_dev_list_print(p, arg, false);
}

static void describe_findings(struct vnet_printer *p, const void *arg)
{
	vnet_findings_print(p, arg, VNET_SEV_INFO, 0);
}

static void describe_explanation(struct vnet_printer *p, const void *arg)
{
	vnet_explanation_print(p, arg);
}

static void describe_get(struct vnet_printer *p, const void *arg)
{
	vnet_tunable_states_print(p, arg);
}

struct stats_arg {
	const struct vnet_dev *dev;
	const struct vnet_sample *s;
	const struct vnet_rates *rates;
};

static void describe_stats(struct vnet_printer *p, const void *arg)
{
	const struct stats_arg *a = arg;

	vnet_sample_print(p, a->dev, a->s, a->rates, true);
}

/* ---- one side of the round trip -------------------------------------------- */

#define N_SAMPLES 2

struct side {
	struct vnet_ctx *ctx;
	struct vnet_dev_list list;
	struct vnet_system *sys;
	struct vnet_sample **samples[64];
	size_t n_samples[64];
};

static void side_read(struct side *s)
{
	assert_int_equal(vnet_dev_list(s->ctx, &s->list), 0);
	assert_true(s->list.n <= ARRAY_SIZE(s->samples));
	/* a failed group is recorded in the device, as the commands show it */
	for (size_t i = 0; i < s->list.n; i++)
		vnet_dev_fill(s->ctx, s->list.devs[i], VNET_FILL_ALL);
	if (vnet_system_get(s->ctx, &s->sys))
		s->sys = NULL;
	for (size_t i = 0; i < s->list.n; i++) {
		struct vnet_stats *st;

		s->samples[i] = NULL;
		s->n_samples[i] = 0;
		if (vnet_stats_open(s->ctx, s->list.devs[i], &st))
			continue;
		s->samples[i] = calloc(N_SAMPLES, sizeof(*s->samples[i]));
		assert_non_null(s->samples[i]);
		while (s->n_samples[i] < N_SAMPLES &&
		       !vnet_stats_sample(st, &s->samples[i][s->n_samples[i]]))
			s->n_samples[i]++;
		vnet_stats_close(st);
	}
}

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->list.n; i++) {
		for (size_t k = 0; k < s->n_samples[i]; k++)
			vnet_sample_free(s->samples[i][k]);
		free(s->samples[i]);
	}
	vnet_system_free(s->sys);
	vnet_dev_list_free(&s->list);
	vnet_ctx_free(s->ctx);
}

static char *check_json(struct side *s)
{
	struct vnet_findings *f;
	char *out;

	assert_int_equal(vnet_check(s->ctx, &s->list, NULL, &f), 0);
	out = printed(describe_findings, f);
	vnet_findings_free(f);
	return out;
}

static char *explain_json(struct side *s, size_t i)
{
	struct vnet_explanation *e;
	char *out;

	if (vnet_explain(s->ctx, s->list.devs[i], &e)) {
		out = strdup(vnet_ctx_error(s->ctx));
		assert_non_null(out);
		return out;
	}
	out = printed(describe_explanation, e);
	vnet_explanation_free(e);
	return out;
}

/*
 * get: why a setting cannot be changed is the one thing a bundle answers
 * differently on purpose when the reason is the source itself (a captured
 * tree live, a bundle offline: both read-only); any other reason is the
 * device's and must be the same.
 */
static const char *const read_only_reasons[] = {
	"a captured tree (linux.root, linux.sysfs or linux.procfs) is read-only",
	"comes from the support bundle " BUNDLE ": a bundle is read-only; run vnetctl set on "
	"the machine it was taken on",
};

static char *get_json(struct side *s, size_t i, bool offline)
{
	struct vnet_tunable_states *st;
	struct json_object *o, *item, *v;

	assert_int_equal(vnet_get(s->ctx, s->list.devs[i], NULL, 0, &st), 0);
	o = vnet_print_json_of(describe_get, st);
	vnet_tunable_states_free(st);
	assert_true(json_object_is_type(o, json_type_array));
	for (size_t k = 0; k < json_object_array_length(o); k++) {
		item = json_object_array_get_idx(o, k);
		if (!json_object_object_get_ex(item, "why_not", &v) ||
		    !strstr(json_object_get_string(v), read_only_reasons[offline]))
			continue;
		json_object_object_add(item, "why_not", json_object_new_string("<read-only>"));
	}
	return json_text(o);
}

static char *stats_json(struct side *s, size_t i, size_t k)
{
	struct stats_arg a = { s->list.devs[i], s->samples[i][k], NULL };
	struct vnet_rates *rates = NULL;
	char *out;

	if (k && vnet_rates_compute(s->samples[i][k - 1], s->samples[i][k], &rates))
		rates = NULL;
	a.rates = rates;
	out = printed(describe_stats, &a);
	vnet_rates_free(rates);
	return out;
}

/* ---- the round trip ------------------------------------------------------------ */

static void round_trip(void **state)
{
	const char *fixture = *state;
	struct side a = { 0 }, b = { 0 };
	struct json_object *doc;
	char root[1024], *text, *again;

	snprintf(root, sizeof(root), "%s/%s", VNET_FIXTURES, fixture);
	a.ctx = vnet_ctx_new();
	assert_non_null(a.ctx);
	assert_int_equal(vnet_ctx_set_param(a.ctx, "linux.root", root), 0);
	side_read(&a);
	assert_true(a.list.n > 0);
	if (vnet_state_build(a.ctx, &a.list, a.sys,
			     (struct vnet_sample *const *const *)a.samples, a.n_samples, &doc))
		fail_msg("%s: vnet_state_build: %s", fixture, vnet_ctx_error(a.ctx));
	text = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	assert_non_null(text);
	json_object_put(doc);

	b.ctx = offline_ctx(text);
	if (vnet_dev_list(b.ctx, &b.list))
		fail_msg("%s: the document is refused: %s", fixture, vnet_ctx_error(b.ctx));
	vnet_dev_list_free(&b.list);
	side_read(&b);
	assert_true(vnet_ctx_offline(b.ctx));
	assert_int_equal(b.list.n, a.list.n);
	assert_int_equal(!a.sys, !b.sys);

	same(fixture, "list", printed(describe_list, &a.list), printed(describe_list, &b.list));
	for (size_t i = 0; i < a.list.n; i++) {
		struct show_arg sa = { a.list.devs[i], a.sys, false };
		struct show_arg sb = { b.list.devs[i], b.sys, false };

		same(fixture, "show", printed(describe_show, &sa), printed(describe_show, &sb));
		same(fixture, "features", printed(describe_features, &sa),
		     printed(describe_features, &sb));
		sa.all = sb.all = true;
		same(fixture, "features --all", printed(describe_features, &sa),
		     printed(describe_features, &sb));
		same(fixture, "explain", explain_json(&a, i), explain_json(&b, i));
		same(fixture, "get", get_json(&a, i, false), get_json(&b, i, true));
		assert_int_equal(b.n_samples[i], a.n_samples[i]);
		for (size_t k = 0; k < a.n_samples[i]; k++)
			same(fixture, "stats", stats_json(&a, i, k), stats_json(&b, i, k));
	}
	same(fixture, "check", check_json(&a), check_json(&b));
	/* and the document of what was read back is the document */
	if (vnet_state_build(b.ctx, &b.list, b.sys,
			     (struct vnet_sample *const *const *)b.samples, b.n_samples, &doc))
		fail_msg("%s: vnet_state_build offline: %s", fixture, vnet_ctx_error(b.ctx));
	again = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	assert_non_null(again);
	json_object_put(doc);
	same(fixture, "state.json", strdup(text), again);
	side_free(&b);
	side_free(&a);
	free(text);
}

/* ---- strictness ------------------------------------------------------------------ */

/* a small valid document; "%s" is where a test puts its device members */
#define DOC_HEAD "{\"schema\": 1, \"system\": {\"kernel\": \"6.12.0\"}, \"devices\": [" \
		 "{\"virtio\": \"virtio0\", \"ifname\": \"eth0\", \"bus\": \"pci\""

static void expect_refused(const char *text, int err, const char *message)
{
	struct vnet_ctx *ctx = offline_ctx(text);
	struct vnet_dev_list list;
	int got = vnet_dev_list(ctx, &list);

	if (got != err || strcmp(vnet_ctx_error(ctx), message))
		fail_msg("got %d \"%s\", want %d \"%s\"", got, vnet_ctx_error(ctx), err, message);
	vnet_ctx_free(ctx);
}

static void test_refuses_bad_documents(void **state)
{
	char *big;
	size_t len;

	(void)state;
	expect_refused("{\"schema\": 1, \"devices\": [], \"extra\": 1}", -EINVAL,
		       "bundle b.tgz: state.json: unknown member \"extra\"");
	/* untrusted text stays one line in messages and reasons */
	expect_refused("{\"schema\": 1, \"devices\": [], \"a\\nb\": 1}", -EINVAL,
		       "bundle b.tgz: state.json: unknown member \"a\\nb\"");
	expect_refused(DOC_HEAD ", \"errors\": {\"rings\": \"gone\\u001b[2J\"}}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].errors.rings: a control character "
		       "(0x1b) in the reason");
	expect_refused(DOC_HEAD ", \"mtu\": {\"current\": 1500, \"now\": 1}}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].mtu: unknown member \"now\"");
	expect_refused(DOC_HEAD ", \"rings\": {\"rx\": \"256\"}}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].rings.rx: expected a number, "
		       "got string");
	expect_refused(DOC_HEAD ", \"queues\": [{\"index\": 0}, {\"index\": 1, "
		       "\"rx_irq\": 4294967295}]}]}", -ERANGE,
		       "bundle b.tgz: state.json: devices[0].queues[1].rx_irq: 4294967295 is "
		       "out of range 0..4294967294");
	expect_refused(DOC_HEAD ", \"link\": {\"carrier\": 1}}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].link.carrier: expected a boolean, "
		       "got int");
	expect_refused("{\"schema\": 2, \"devices\": []}", -EPROTONOSUPPORT,
		       "bundle b.tgz: state.json schema 2 is not supported (this vnetctl reads "
		       "schema 1)");
	expect_refused("{\"schema\": \"1\", \"devices\": []}", -EPROTONOSUPPORT,
		       "bundle b.tgz: state.json schema \"1\" is not supported (this vnetctl "
		       "reads schema 1)");
	expect_refused("{\"devices\": []}", -EINVAL,
		       "bundle b.tgz: state.json: no \"schema\": not a state document (this "
		       "vnetctl reads schema 1)");
	expect_refused("[]", -EINVAL, "bundle b.tgz: state.json: expected an object, got array");
	expect_refused("{\"schema\": 1, \"devices\": []} x", -EINVAL,
		       "bundle b.tgz: state.json: not JSON: unexpected character");
	expect_refused("{\"schema\": 1, \"devices\": [", -EINVAL,
		       "bundle b.tgz: state.json: not JSON: unexpected end of data");
	expect_refused(DOC_HEAD ", \"link\": {\"operstate\": \"01234567890123456789x\"}}]}",
		       -ENAMETOOLONG, "bundle b.tgz: state.json: devices[0].link.operstate: "
		       "longer than 15 characters");
	expect_refused(DOC_HEAD ", \"settings\": {\"logging\": \"maybe\"}}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].settings.logging: expected \"on\", "
		       "\"off\", \"partial\" or null, got \"maybe\"");
	expect_refused("{\"schema\": 1, \"system\": {\"acpi_headers\": [{\"oem_id\": \"BOCHS \"}]},"
		       " \"devices\": []}", -EINVAL,
		       "bundle b.tgz: state.json: system.acpi_headers[0].oem_id: expected 12 "
		       "lowercase hex digits, got \"BOCHS \"");
	expect_refused(DOC_HEAD ", \"samples\": [{\"mono_ns\": 1, \"queues\": [], "
		       "\"sources\": {\"rx\": {\"packets\": \"sysfs\"}}}]}]}", -EINVAL,
		       "bundle b.tgz: state.json: devices[0].samples[0].sources.rx.packets: not a "
		       "counter source: \"sysfs\"");

	/* bounds: more queues than virtio allows, more samples than the cap */
	big = malloc(64 << 20);
	assert_non_null(big);
	len = (size_t)sprintf(big, DOC_HEAD ", \"queues\": [");
	for (int i = 0; i <= VNET_MAX_QUEUE_PAIRS; i++)
		len += (size_t)sprintf(big + len, "%s{\"index\": %d}", i ? ", " : "", i);
	strcpy(big + len, "]}]}");
	expect_refused(big, -E2BIG, "bundle b.tgz: state.json: devices[0].queues: 1025 queues "
		       "are beyond 1024");
	len = (size_t)sprintf(big, DOC_HEAD ", \"samples\": [");
	for (int i = 0; i <= VNET_STATE_MAX_SAMPLES; i++)
		len += (size_t)sprintf(big + len, "%s{\"mono_ns\": %d, \"queues\": []}",
				       i ? ", " : "", i);
	strcpy(big + len, "]}]}");
	expect_refused(big, -E2BIG, "bundle b.tgz: state.json: devices[0].samples: 100001 "
		       "samples are beyond 100000");
	free(big);
}

/* The facts of the machine come back exactly, firmware bytes included. */
static void test_system_round_trip(void **state)
{
	struct vnet_system sys, *back;
	struct json_object *o;
	struct vnet_ctx *ctx;
	char *text;

	(void)state;
	memset(&sys, 0, sizeof(sys));
	strcpy(sys.kernel, "6.12.0-\"quoted\"\\");
	sys.online_cpus = 4;
	sys.msi_vectors = VNET_UNKNOWN;
	sys.virtio_msi_vectors = 10;
	sys.iommu = VNET_TRI_NO;
	strcpy(sys.vendor, "QEMU");
	sys.dmi = VNET_TRI_YES;
	sys.vmm_facts.acpi = VNET_ACPI_READ;
	sys.vmm_facts.acpi_tables = 9;
	sys.vmm_facts.n_acpi = 2;
	memcpy(sys.vmm_facts.acpi_header[0].signature, "DSDT", 4);
	memcpy(sys.vmm_facts.acpi_header[0].oem_id, "BOCHS\0", 6);
	memcpy(sys.vmm_facts.acpi_header[1].oem_table_id, "\xff\x01\"\\ab\n\0", 8);
	memcpy(sys.vmm_facts.acpi_header[1].creator_id, "\x80\x7f\x00\x20", 4);
	sys.vmm_facts.pci = VNET_TRI_YES;
	sys.vmm_facts.host_bridge_vendor = 0x8086;
	sys.vmm_facts.host_bridge_device = 0x29c0;
	sys.vmm_facts.net_vendor = 0x1af4;
	sys.vmm_facts.net_device = 0x1041;
	sys.vmm_facts.net_subsystem_vendor = 0x1af4;
	sys.vmm_facts.net_subsystem_device = 1;
	sys.vmm_facts.net_class = 0x020000;
	sys.vmm_facts.mmio_vendor = VNET_UNKNOWN;
	sys.vmm_facts.hypervisor_flag = VNET_TRI_UNKNOWN;
	vnet_vmm_identify(&sys.vmm_facts, sys.dmi, sys.vendor, sys.product, &sys.vmm);

	o = json_object_new_object();
	json_object_object_add(o, "schema", json_object_new_int(1));
	json_object_object_add(o, "system", vnet_state_system_to_json(&sys));
	json_object_object_add(o, "devices", json_object_new_array());
	text = strdup(json_object_to_json_string(o));
	json_object_put(o);
	ctx = offline_ctx(text);
	assert_int_equal(vnet_system_get(ctx, &back), 0);
	assert_memory_equal(back, &sys, sizeof(sys));
	vnet_system_free(back);
	vnet_ctx_free(ctx);
	free(text);
}

/* Samples are handed out in order, then the replay says it is over. */
static void test_samples_replay_then_end(void **state)
{
	struct vnet_ctx *ctx = offline_ctx(DOC_HEAD ", \"samples\": ["
		"{\"mono_ns\": 1000, \"real_ns\": 5, \"queues\": [{\"index\": 0, \"rx_irq\": 30, "
		"\"rx\": {\"packets\": 7}, \"tx\": {\"bytes\": 18446744073709551614}, "
		"\"extra\": [{\"name\": \"rx_hw_drops\", \"value\": 3, \"source\": \"qstats\"}]}], "
		"\"sources\": {\"rx\": {\"packets\": \"ethtool\"}}, "
		"\"extra\": [{\"name\": \"cq_hw_x\", \"value\": 9}]}, "
		"{\"mono_ns\": 2000, \"queues\": []}]}]}");
	struct vnet_dev_list list;
	struct vnet_stats *st;
	struct vnet_sample *s;

	(void)state;
	assert_int_equal(vnet_dev_list(ctx, &list), 0);
	assert_int_equal(vnet_stats_open(ctx, list.devs[0], &st), 0);
	assert_int_equal(vnet_stats_sample(st, &s), 0);
	assert_int_equal(s->mono_ns, 1000);
	assert_int_equal(s->real_ns, 5);
	assert_int_equal(s->n_queues, 1);
	assert_int_equal(s->queues[0].irq[VNET_RX], 30);
	assert_int_equal(s->queues[0].irq[VNET_TX], VNET_UNKNOWN);
	assert_int_equal(s->queues[0].v[VNET_RX][VNET_M_PACKETS], 7);
	assert_int_equal(s->queues[0].v[VNET_RX][VNET_M_BYTES], VNET_UNKNOWN64);
	assert_true(s->queues[0].v[VNET_TX][VNET_M_BYTES] == 18446744073709551614ULL);
	assert_int_equal(s->queues[0].n_extra, 1);
	assert_string_equal(s->queues[0].extra[0].name, "rx_hw_drops");
	assert_int_equal(s->queues[0].extra[0].source, VNET_SRC_QSTATS);
	assert_int_equal(s->source[VNET_RX][VNET_M_PACKETS], VNET_SRC_ETHTOOL);
	assert_int_equal(s->source[VNET_TX][VNET_M_PACKETS], VNET_SRC_NONE);
	assert_int_equal(s->n_extra, 1);
	assert_int_equal(s->extra[0].value, 9);
	assert_int_equal(s->extra[0].source, VNET_SRC_NONE);
	vnet_sample_free(s);
	assert_int_equal(vnet_stats_sample(st, &s), 0);
	assert_int_equal(s->mono_ns, 2000);
	vnet_sample_free(s);
	assert_int_equal(vnet_stats_sample(st, &s), -ENODATA);
	assert_string_equal(vnet_ctx_error(ctx), "bundle b.tgz: all 2 samples of virtio0 were "
			    "replayed");
	vnet_stats_close(st);
	vnet_dev_list_free(&list);
	vnet_ctx_free(ctx);
}

/* Nothing can be written to a bundle, and it says where to do it instead. */
static void test_writes_refused(void **state)
{
	struct vnet_ctx *ctx = offline_ctx(DOC_HEAD ", \"link\": {\"admin_up\": true}, "
					   "\"mtu\": {\"current\": 1500, \"min\": 68, "
					   "\"max\": 65535}, \"settings\": {\"logging\": null, "
					   "\"errors\": {\"logging\": \"no debugfs\"}}}]}");
	const char *a[] = { "mtu=9000" };
	struct vnet_dev_list list;
	struct vnet_plan *p = NULL;
	char buf[16];

	(void)state;
	assert_int_equal(vnet_dev_list(ctx, &list), 0);
	if (vnet_dev_fill(ctx, list.devs[0], VNET_FILL_LINK))
		fail_msg("%s", vnet_ctx_error(ctx));
	if (vnet_plan_new(ctx, list.devs[0], a, 1, &p))
		fail_msg("%s", vnet_ctx_error(ctx));
	assert_int_equal(vnet_plan_apply(ctx, p), -EROFS);
	assert_non_null(strstr(vnet_ctx_error(ctx), "eth0 comes from the support bundle b.tgz: "
				"a bundle is read-only; run vnetctl set on the machine it was "
				"taken on"));
	assert_int_equal(list.devs[0]->mtu.current, 1500);
	assert_int_equal(text_bundle.writable(ctx, list.devs[0]), -EROFS);
	/* unreadable where it was taken: the reason given there */
	assert_int_equal(text_bundle.read_setting(ctx, list.devs[0], "logging", buf,
						  sizeof(buf)), -ENOENT);
	assert_string_equal(vnet_ctx_error(ctx), "no debugfs");
	/* a group the document lacks failed, and says where it looked */
	vnet_dev_fill(ctx, list.devs[0], VNET_FILL_RINGS);
	assert_string_equal(vnet_dev_fill_error(list.devs[0], VNET_FILL_RINGS),
			    "not in the bundle b.tgz");
	assert_true(vnet_ctx_offline(ctx));
	vnet_plan_free(p);
	vnet_dev_list_free(&list);
	vnet_ctx_free(ctx);
}

/* Without a bundle file the backend stays out of the way. */
static void test_detect_needs_a_file(void **state)
{
	struct vnet_ctx *ctx = vnet_ctx_new();

	(void)state;
	assert_int_equal(vnet_ctx_set_backend_ops(ctx, &vnet_backend_bundle), 0);
	assert_int_equal(vnet_backend_bundle.detect(ctx), -ENODEV);
	assert_int_equal(vnet_ctx_set_param(ctx, "bundle.file", "x.tgz"), 0);
	assert_int_equal(vnet_backend_bundle.detect(ctx), 0);
	vnet_ctx_free(ctx);
}

/*
 * Hostile documents: a real one with bytes changed, over and over.  Each is
 * refused with a one-line reason or read whole (show, check, explain, stats)
 * without a crash; the sanitizers and valgrind runs of this program watch
 * the memory.
 */
static void test_mutated_documents(void **state)
{
	static const char subst[] = "0123456789-+.eE\"{}[],:tfn\\ x";
	const char *rounds_env = getenv("VNET_STATE_MUTATIONS");
	unsigned long rounds = rounds_env ? strtoul(rounds_env, NULL, 10) : 200;
	struct side a = { 0 };
	struct json_object *doc;
	char root[1024], *text, *copy;
	unsigned int seed = 15;
	size_t len, accepted = 0;

	(void)state;
	snprintf(root, sizeof(root), "%s/%s", VNET_FIXTURES, "mq4-6.12");
	a.ctx = vnet_ctx_new();
	assert_int_equal(vnet_ctx_set_param(a.ctx, "linux.root", root), 0);
	side_read(&a);
	assert_int_equal(vnet_state_build(a.ctx, &a.list, a.sys,
					  (struct vnet_sample *const *const *)a.samples,
					  a.n_samples, &doc), 0);
	text = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	side_free(&a);
	assert_non_null(text);
	len = strlen(text);
	copy = malloc(len + 1);
	assert_non_null(copy);
	for (unsigned long r = 0; r < rounds; r++) {
		struct side b = { 0 };
		struct vnet_dev_list list;
		unsigned int edits = 1 + rand_r(&seed) % 4;

		memcpy(copy, text, len + 1);
		for (unsigned int k = 0; k < edits; k++)
			copy[rand_r(&seed) % len] = subst[rand_r(&seed) % (sizeof(subst) - 1)];
		b.ctx = offline_ctx(copy);
		if (vnet_dev_list(b.ctx, &list)) {
			const char *why = vnet_ctx_error(b.ctx);

			if (!*why || strchr(why, '\n'))
				fail_msg("refused without a one-line reason: \"%s\"", why);
			vnet_ctx_free(b.ctx);
			continue;
		}
		vnet_dev_list_free(&list);
		accepted++;
		side_read(&b);
		for (size_t i = 0; i < b.list.n; i++) {
			struct show_arg sa = { b.list.devs[i], b.sys, true };

			free(printed(describe_show, &sa));
			free(printed(describe_features, &sa));
			free(explain_json(&b, i));
			for (size_t k = 0; k < b.n_samples[i]; k++)
				free(stats_json(&b, i, k));
		}
		free(check_json(&b));
		side_free(&b);
	}
	/* some edits land in strings and numbers that stay valid */
	assert_true(accepted > 0);
	free(copy);
	free(text);
}

/* ---- NetKVM facts (a bundle made by the windows backend) ---------------------- */

static void put_param(struct vnet_netkvm_param *pa, const char *kw, const char *desc,
		      enum vnet_netkvm_param_type type, const char *inf_default, const char *value)
{
	strcpy(pa->keyword, kw);
	strcpy(pa->desc, desc);
	pa->type = type;
	pa->min = 0;
	pa->max = -1;
	pa->step = 1;
	strcpy(pa->inf_default, inf_default);
	pa->present = value != NULL;
	strcpy(pa->value, value ? value : "");
}

/*
 * The shapes the four WMI layout generations leave (reference/netkvm.md
 * 2.2), and a device whose WMI and control device did not answer.
 */
static struct vnet_netkvm *netkvm_of_generation(enum vnet_netkvm_wmi_gen gen)
{
	struct vnet_netkvm *nk = calloc(1, sizeof(*nk));
	struct vnet_netkvm_param *pa;

	assert_non_null(nk);
	nk->n_params = 4;
	nk->params = pa = calloc(nk->n_params, sizeof(*nk->params));
	assert_non_null(pa);
	strcpy(nk->instance_id, "PCI\\VEN_1AF4&DEV_1041&SUBSYS_11001AF4&REV_01\\3&267A616A&0&18");
	strcpy(nk->driver_key, "SYSTEM\\CurrentControlSet\\Control\\Class\\"
	       "{4d36e972-e325-11ce-bfc1-08002be10318}\\0007");
	strcpy(nk->netcfg_instance_id, "{6B3A6C2E-4F7E-4E8B-9C55-0123456789AB}");
	/* untrusted text: quotes, a backslash, an escape, UTF-8, the member's full length */
	strcpy(nk->driver_desc, "Red Hat \"VirtIO\" \\ Ethernet\x1b[2J Adapter \xc3\xa9");
	memset(nk->driver_version, '9', sizeof(nk->driver_version) - 1);
	strcpy(nk->driver_date, "7-22-2026");
	strcpy(nk->description, "Red Hat VirtIO Ethernet Adapter #2");
	strcpy(nk->service, "netkvm");
	nk->wmi_gen = gen;
	nk->num_queues = nk->rx_buffers_posted = nk->tx_queue_size = VNET_UNKNOWN;
	nk->memory_kb = VNET_UNKNOWN;
	nk->init_time_ms = nk->lazy_alloc_time_ms = INT32_MIN;
	nk->rsc_v4 = nk->rsc_v6 = nk->uso_v4 = nk->uso_v6 = VNET_TRI_UNKNOWN;
	nk->standby = nk->rss_supported = nk->hash_supported = nk->rss_on = VNET_TRI_UNKNOWN;
	nk->debug_level = VNET_UNKNOWN;
	switch (gen) {
	case VNET_NKW_USO:
		nk->uso_v4 = VNET_TRI_YES;
		nk->uso_v6 = VNET_TRI_NO;
		/* fall through */
	case VNET_NKW_CTRL:
		nk->init_time_ms = 112;
		nk->lazy_alloc_time_ms = -1;	/* still allocating */
		/* fall through */
	case VNET_NKW_DIAG:
		nk->num_queues = 4;
		nk->rx_buffers_posted = 1023;
		nk->tx_queue_size = 256;
		nk->memory_kb = 9216;
		nk->rsc_v4 = VNET_TRI_YES;
		nk->rsc_v6 = VNET_TRI_NO;
		nk->hash_supported = VNET_TRI_NO;
		nk->rss_on = VNET_TRI_YES;
		/* fall through */
	case VNET_NKW_STATISTICS:
		nk->standby = VNET_TRI_YES;
		nk->rss_supported = VNET_TRI_YES;
		nk->debug_level = 0;
		nk->netkvmd = (struct vnet_netkvmd_entry){ true, true, true, true, false, true,
							   true, true, 14 };
		break;
	case VNET_NKW_UNKNOWN:
		strcpy(nk->wmi_error, "NetKvm_Config: not registered (\"old\" driver?)");
		strcpy(nk->netkvmd_error, "\\\\.\\NETKVMD: not found");
		break;
	}
	put_param(&pa[0], "*JumboPacket", "Jumbo Packet", VNET_NKP_INT, "1514", "9014");
	pa[0].min = 590;
	pa[0].max = 65500;
	put_param(&pa[1], "OffLoad.TxChecksum", "Offload.Tx.Checksum", VNET_NKP_ENUM, "31", NULL);
	pa[1].n_values = ARRAY_SIZE(pa[1].values);
	for (unsigned int i = 0; i < pa[1].n_values; i++) {
		sprintf(pa[1].values[i].value, "%u", 31 - i);
		sprintf(pa[1].values[i].desc, "choice \"%u\"", i);
	}
	put_param(&pa[2], "NetworkAddress", "Assign MAC", VNET_NKP_EDIT, "", NULL);
	pa[2].optional = true;
	put_param(&pa[3], "", "", VNET_NKP_UNKNOWN, "", "");
	memset(pa[3].keyword, 'k', sizeof(pa[3].keyword) - 1);
	memset(pa[3].value, 'v', sizeof(pa[3].value) - 1);
	pa[3].min = INT64_MIN;
	pa[3].max = INT64_MAX;
	pa[3].step = 0;
	return nk;
}

/* The part of show's output from @key on: the NetKVM facts in JSON, then in text. */
static char *netkvm_printed(const struct vnet_dev *dev)
{
	struct show_arg arg = { dev, NULL, false };
	char *all = printed(describe_show, &arg), *json, *text, *out;
	struct json_object *o, *nk;

	text = strstr(all, "\n---- text\n");
	assert_non_null(text);
	*text = '\0';
	o = json_tokener_parse(all);
	assert_true(json_object_object_get_ex(o, "netkvm", &nk));
	json = strdup(json_object_to_json_string_ext(nk, JSON_C_TO_STRING_PRETTY));
	text = strstr(text + 1, "  NetKVM (Windows driver)\n");
	assert_non_null(text);
	assert_non_null(json);
	out = malloc(strlen(json) + strlen(text) + 1);
	assert_non_null(out);
	strcpy(out, json);
	strcat(out, text);
	free(json);
	free(all);
	json_object_put(o);
	return out;
}

/* Written as show prints it, read back by the bundle backend: the same facts, bit for bit. */
static void test_netkvm_round_trip(void **state)
{
	(void)state;
	for (unsigned int gen = VNET_NKW_UNKNOWN; gen <= VNET_NKW_USO; gen++) {
		struct vnet_dev *dev = vnet_dev_alloc();
		struct vnet_netkvm a, b;
		struct vnet_dev_list list;
		struct json_object *doc, *devs, *d;
		struct show_arg arg;
		struct vnet_ctx *ctx;
		char *text;

		assert_non_null(dev);
		strcpy(dev->ifname, "Ethernet 2");
		strcpy(dev->driver, "netkvm");
		strcpy(dev->bus, "pci");
		dev->netkvm = netkvm_of_generation(gen);
		/* the feature bits NetKVM does not report: unknown, not none */
		dev->filled = VNET_FILL_FEATURES;
		dev->status = VNET_UNKNOWN;
		arg = (struct show_arg){ dev, NULL, false };
		d = vnet_print_json_of(describe_show, &arg);
		assert_non_null(d);
		doc = json_object_new_object();
		devs = json_object_new_array();
		json_object_object_add(doc, "schema", json_object_new_int(VNET_STATE_SCHEMA));
		json_object_array_add(devs, d);
		json_object_object_add(doc, "devices", devs);
		text = strdup(json_object_to_json_string(doc));
		json_object_put(doc);

		ctx = offline_ctx(text);
		assert_int_equal(vnet_dev_list(ctx, &list), 0);
		assert_int_equal(list.n, 1);
		/* identity: the scan names the device by its instance id and GUID too */
		assert_non_null(list.devs[0]->netkvm);
		assert_string_equal(list.devs[0]->netkvm->instance_id, dev->netkvm->instance_id);
		assert_string_equal(list.devs[0]->netkvm->netcfg_instance_id,
				    dev->netkvm->netcfg_instance_id);
		assert_int_equal(vnet_dev_fill(ctx, list.devs[0], VNET_FILL_FEATURES), 0);
		assert_non_null(list.devs[0]->netkvm);
		a = *dev->netkvm;
		b = *list.devs[0]->netkvm;
		assert_int_equal(b.n_params, a.n_params);
		assert_memory_equal(b.params, a.params, a.n_params * sizeof(*a.params));
		a.params = b.params = NULL;
		assert_memory_equal(&b, &a, sizeof(a));
		same("netkvm", vnet_state_netkvm_gen_name(gen) ? vnet_state_netkvm_gen_name(gen) :
		     "unknown", netkvm_printed(dev), netkvm_printed(list.devs[0]));
		same("netkvm show", "whole", printed(describe_show, &arg),
		     printed(describe_show, &(struct show_arg){ list.devs[0], NULL, false }));
		same("netkvm features", "whole", printed(describe_features, &arg),
		     printed(describe_features, &(struct show_arg){ list.devs[0], NULL, true }));
		assert_int_equal(list.devs[0]->features.nbits, 0);
		vnet_dev_list_free(&list);
		vnet_ctx_free(ctx);
		vnet_dev_free(dev);
		free(text);
	}
}

/* a NetKVM device: no virtio index, its interface alias names it */
#define NK_HEAD "{\"schema\": 1, \"devices\": [{\"virtio\": \"\", \"ifname\": \"Ethernet 2\", " \
		"\"bus\": \"pci\", \"netkvm\": {\"instance_id\": \"PCI\\\\VEN_1AF4\", "
#define NK_PARAM(kw, rest) "{\"keyword\": " kw ", \"desc\": null, \"type\": \"int\", " \
		"\"min\": 0, \"max\": -1, \"step\": 1, \"values\": [], \"inf_default\": null, " \
		"\"optional\": false, \"present\": false, \"value\": null" rest "}"
#define NK_REFUSED(members, err, msg) \
	expect_refused(NK_HEAD members "}}]}", err, \
		       "bundle b.tgz: state.json: devices[0].netkvm" msg)

static void test_netkvm_refused(void **state)
{
	char *big;
	size_t len;

	(void)state;
	/* the smallest accepted: a scan finds it by its interface alias */
	{
		struct vnet_ctx *ctx = offline_ctx(NK_HEAD "\"wmi\": {}, \"netkvmd\": null, "
						   "\"params\": [" NK_PARAM("\"VlanID\"", "")
						   "]}}]}");
		struct vnet_dev_list list;

		assert_int_equal(vnet_dev_list(ctx, &list), 0);
		assert_int_equal(list.n, 1);
		assert_string_equal(list.devs[0]->ifname, "Ethernet 2");
		vnet_dev_list_free(&list);
		vnet_ctx_free(ctx);
	}
	expect_refused("{\"schema\": 1, \"devices\": [{\"virtio\": \"\", \"ifname\": \"e\"}]}",
		       -EINVAL, "bundle b.tgz: state.json: devices[0]: needs \"virtio\" "
		       "(\"virtio0\")");
	NK_REFUSED("\"netkvmd\": null, \"params\": []", -EINVAL, ": needs \"wmi\"");
	NK_REFUSED("\"wmi\": {}, \"params\": []", -EINVAL, ": needs \"netkvmd\"");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null", -EINVAL, ": needs \"params\"");
	NK_REFUSED("\"wmi\": [], \"netkvmd\": null, \"params\": []", -EINVAL,
		   ".wmi: expected an object, got array");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": {}", -EINVAL,
		   ".params: expected an array, got object");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [], \"registry\": 1", -EINVAL,
		   ": unknown member \"registry\"");
	NK_REFUSED("\"wmi\": {\"generation\": \"mm999\"}, \"netkvmd\": null, \"params\": []",
		   -EINVAL, ".wmi.generation: unexpected value \"mm999\"");
	NK_REFUSED("\"wmi\": {\"num_queues\": \"4\"}, \"netkvmd\": null, \"params\": []",
		   -EINVAL, ".wmi.num_queues: expected a number, got string");
	NK_REFUSED("\"wmi\": {\"init_time_ms\": -2147483648}, \"netkvmd\": null, \"params\": []",
		   -ERANGE, ".wmi.init_time_ms: -2147483648 is out of range -2147483647.."
		   "2147483647");
	NK_REFUSED("\"wmi\": {\"rss_on\": 1}, \"netkvmd\": null, \"params\": []", -EINVAL,
		   ".wmi.rss_on: expected a boolean, got int");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": {\"virtio\": 1}, \"params\": []", -EINVAL,
		   ".netkvmd.virtio: expected a boolean, got int");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": {\"vf_ifindex\": -1}, \"params\": []", -ERANGE,
		   ".netkvmd.vf_ifindex: -1 is out of range 0..4294967294");
	NK_REFUSED("\"service\": \"netkvm-netkvm-net\", \"wmi\": {}, \"netkvmd\": null, "
		   "\"params\": []", -ENAMETOOLONG, ".service: longer than 15 characters");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [" NK_PARAM(
		   "\"0123456789012345678901234567890123456789012345678\"", "") "]",
		   -ENAMETOOLONG, ".params[0].keyword: longer than 47 characters");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [" NK_PARAM("\"\"", "") "]",
		   -EINVAL, ".params[0]: needs a \"keyword\"");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [" NK_PARAM("7", "") "]",
		   -EINVAL, ".params[0].keyword: expected a string, got int");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [{\"keyword\": \"a\", "
		   "\"present\": true, \"value\": null}]", -EINVAL, ".params[0]: \"value\" must "
		   "be a string when \"present\" is true, null otherwise");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [{\"keyword\": \"a\", "
		   "\"present\": false, \"value\": \"1\", \"type\": \"dword\"}]", -EINVAL,
		   ".params[0]: \"value\" must be a string when \"present\" is true, null "
		   "otherwise");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [{\"keyword\": \"a\", "
		   "\"present\": false, \"value\": null, \"type\": \"dword\"}]", -EINVAL,
		   ".params[0].type: unexpected value \"dword\"");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [{\"keyword\": \"a\", "
		   "\"present\": false, \"value\": null, \"min\": 1.5}]", -EINVAL,
		   ".params[0].min: expected a number, got double");
	NK_REFUSED("\"wmi\": {}, \"netkvmd\": null, \"params\": [" NK_PARAM("\"a\"", "") "]"
		   ", \"driver_key\": [\"SYSTEM\"]", -EINVAL,
		   ".driver_key: expected a string, got array");

	/* bounds: 17 enum values, 257 parameters */
	big = malloc(1 << 20);
	assert_non_null(big);
	len = (size_t)sprintf(big, NK_HEAD "\"wmi\": {}, \"netkvmd\": null, \"params\": [{"
			      "\"keyword\": \"a\", \"present\": false, \"value\": null, "
			      "\"min\": 0, \"max\": 1, \"step\": 1, \"values\": [");
	for (int i = 0; i <= 16; i++)
		len += (size_t)sprintf(big + len, "%s{\"value\": \"%d\", \"desc\": \"x\"}",
				       i ? ", " : "", i);
	strcpy(big + len, "]}]}}]}");
	expect_refused(big, -E2BIG, "bundle b.tgz: state.json: devices[0].netkvm.params[0]."
		       "values: 17 values are beyond 16");
	len = (size_t)sprintf(big, NK_HEAD "\"wmi\": {}, \"netkvmd\": null, \"params\": [");
	for (int i = 0; i <= VNET_STATE_MAX_NETKVM_PARAMS; i++)
		len += (size_t)sprintf(big + len, "%s" NK_PARAM("\"k%d\"", ""), i ? ", " : "", i);
	strcpy(big + len, "]}}]}");
	expect_refused(big, -E2BIG, "bundle b.tgz: state.json: devices[0].netkvm.params: 257 "
		       "parameters are beyond 256");
	free(big);
}

/* ---- every captured tree ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_refuses_bad_documents),
		cmocka_unit_test(test_system_round_trip),
		cmocka_unit_test(test_samples_replay_then_end),
		cmocka_unit_test(test_writes_refused),
		cmocka_unit_test(test_detect_needs_a_file),
		cmocka_unit_test(test_mutated_documents),
		cmocka_unit_test(test_netkvm_round_trip),
		cmocka_unit_test(test_netkvm_refused),
	};
	struct CMUnitTest *tests;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(VNET_FIXTURES);
	int ret;

	if (!d) {
		perror(VNET_FIXTURES);
		return 1;
	}
	/* a captured tree is a directory with sys/ in it, as tests/lib.sh has it */
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s/sys", VNET_FIXTURES, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, cap * sizeof(*names));
		}
		if (!names || !(names[n++] = strdup(e->d_name)))
			return 1;
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "no captured trees in %s\n", VNET_FIXTURES);
		return 1;
	}
	qsort(names, n, sizeof(*names), by_name);
	tests = calloc(n + ARRAY_SIZE(fixed), sizeof(*tests));
	if (!tests)
		return 1;
	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < n; i++) {
		struct CMUnitTest *t = &tests[ARRAY_SIZE(fixed) + i];

		t->name = names[i];
		t->test_func = round_trip;
		t->initial_state = names[i];
	}
	ret = _cmocka_run_group_tests("state", tests, n + ARRAY_SIZE(fixed), NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return ret;
}
