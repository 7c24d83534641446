// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check.c - "vnetctl check": misconfigurations and how to fix them
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

struct check_opts {
	double sample;
	bool list;
	enum vnet_severity min;
};

static int check_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct check_opts *o = data;
	char *end;

	switch (opt) {
	case 's':
		errno = 0;
		o->sample = strtod(arg, &end);
		if (errno || *end || end == arg || !(o->sample >= 0.1 && o->sample <= 3600))
			return cli_usage_error(cli, "sample window '%s' is invalid: expected seconds "
					       "from 0.1 to 3600", arg);
		return CLI_OPTS_CONTINUE;
	case 'l':
		o->list = true;
		return CLI_OPTS_CONTINUE;
	case 'm':
		if (!strcmp(arg, "info"))
			o->min = VNET_SEV_INFO;
		else if (!strcmp(arg, "warning"))
			o->min = VNET_SEV_WARNING;
		else if (!strcmp(arg, "error"))
			o->min = VNET_SEV_ERROR;
		else
			return cli_usage_error(cli, "severity '%s' is invalid: expected info, warning "
					       "or error", arg);
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

static void print_evidence(const struct json_object *ev)
{
	bool first = true;

	printf("    %-9s", "evidence");
	json_object_object_foreach((struct json_object *)ev, key, val) {
		printf("%s%s=%s", first ? "" : " ", key,
		       val ? json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN) : "null");
		first = false;
	}
	if (first)
		printf("-");
	putchar('\n');
}

static void print_text(const struct vnet_findings *f, enum vnet_severity min)
{
	unsigned int count[3] = { 0 };

	for (size_t i = 0; i < f->n; i++) {
		const struct vnet_finding *x = &f->items[i];

		count[x->severity]++;
		if (x->severity < min)
			continue;
		printf("%s: %s %s: %s\n", *x->device ? x->device : "system",
		       vnet_severity_name(x->severity), x->id, x->summary);
		print_evidence(x->evidence);
		if (*x->remedy.guest)
			printf("    %-9s%s\n", "guest", x->remedy.guest);
		if (*x->remedy.qemu)
			printf("    %-9s%s\n", "qemu", x->remedy.qemu);
		if (*x->remedy.libvirt)
			printf("    %-9s%s\n", "libvirt", x->remedy.libvirt);
	}
	if (!f->n)
		printf("no findings\n");
	else
		printf("%u error%s, %u warning%s, %u info\n", count[VNET_SEV_ERROR],
		       count[VNET_SEV_ERROR] == 1 ? "" : "s", count[VNET_SEV_WARNING],
		       count[VNET_SEV_WARNING] == 1 ? "" : "s", count[VNET_SEV_INFO]);
}

static struct json_object *findings_json(const struct vnet_findings *f, enum vnet_severity min,
					 double sample)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct json_object *sum = json_object_new_object();
	unsigned int count[3] = { 0 };

	for (size_t i = 0; i < f->n; i++) {
		count[f->items[i].severity]++;
		if (f->items[i].severity >= min)
			json_object_array_add(arr, vnet_finding_to_json(&f->items[i]));
	}
	json_object_object_add(o, "findings", arr);
	json_object_object_add(sum, "error", json_object_new_int(count[VNET_SEV_ERROR]));
	json_object_object_add(sum, "warning", json_object_new_int(count[VNET_SEV_WARNING]));
	json_object_object_add(sum, "info", json_object_new_int(count[VNET_SEV_INFO]));
	json_object_object_add(o, "summary", sum);
	json_object_object_add(o, "sample_seconds", sample > 0 ? json_object_new_double(sample) : NULL);
	return o;
}

static int list_rules(const struct cli *cli)
{
	const struct vnet_rule_info *r;

	if (cli->json) {
		struct json_object *arr = json_object_new_array();

		for (size_t i = 0; (r = vnet_rule_at(i)); i++) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "id", json_object_new_string(r->id));
			json_object_object_add(o, "title", json_object_new_string(r->title));
			json_object_object_add(o, "needs_sample", json_object_new_boolean(r->needs_sample));
			json_object_array_add(arr, o);
		}
		cli_json_print(cli, arr);
		return EXIT_OK;
	}
	for (size_t i = 0; (r = vnet_rule_at(i)); i++)
		printf("%-26s %s%s\n", r->id, r->title, r->needs_sample ? " (needs --sample)" : "");
	return EXIT_OK;
}

int check_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] check [DEV] [-s SECONDS] [-m SEVERITY] [-l]\n"
		"\n"
		"Look for misconfigurations of virtio-net devices and say how to fix them,\n"
		"in the guest and on the host (QEMU options, libvirt XML).\n"
		"  -s, --sample SECONDS    also watch the counters this long (drops growing)\n"
		"  -m, --min-severity SEV  print findings of at least SEV: info, warning, error\n"
		"  -l, --list              list the rules\n"
		"Exit status: 0 nothing at warning level or above, 3 a warning or an error\n"
		"was found, 1 usage error, 2 system error.\n";
	static const struct option extra[] = {
		{ "sample", required_argument, NULL, 's' },
		{ "min-severity", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_opts o = { 0, false, VNET_SEV_INFO };
	struct vnet_check_opts copts = { .size = sizeof(copts) };
	struct vnet_findings *findings;
	struct vnet_dev_list list;
	const char *dev;
	int ret, err;

	/* not cli_start(): --list needs no device */
	ret = cli_parse_opts(cli, argc, argv, usage, extra, "s:m:l", check_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	if (o.list)
		return list_rules(cli);
	ret = cli_devices(cli, dev, VNET_FILL_ALL, &list);
	if (ret)
		return ret;
	copts.sample_seconds = o.sample;
	err = vnet_check(cli->ctx, &list, &copts, &findings);
	vnet_dev_list_free(&list);
	if (err) {
		cli_error(cli, "%s", *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) :
								 strerror(-err));
		return EXIT_SYSTEM;
	}
	if (cli->json)
		cli_json_print(cli, findings_json(findings, o.min, o.sample));
	else
		print_text(findings, o.min);
	ret = EXIT_OK;
	for (size_t i = 0; i < findings->n; i++)
		if (findings->items[i].severity >= VNET_SEV_WARNING)
			ret = EXIT_FINDINGS;
	vnet_findings_free(findings);
	return ret;
}
