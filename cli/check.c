// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check.c - "vnetctl check": misconfigurations and how to fix them
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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
	struct vnet_printer *p;
	const char *dev;
	int ret, err;

	/* not cli_start(): --list needs no device */
	ret = cli_parse_opts(cli, argc, argv, usage, extra, "s:m:l", check_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	if (o.list) {
		p = cli_printer(cli);
		vnet_rules_print(p);
		cli_printer_done(cli, p, false);
		return EXIT_OK;
	}
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
	p = cli_printer(cli);
	vnet_findings_print(p, findings, o.min, o.sample);
	cli_printer_done(cli, p, false);
	ret = EXIT_OK;
	for (size_t i = 0; i < findings->n; i++)
		if (findings->items[i].severity >= VNET_SEV_WARNING)
			ret = EXIT_FINDINGS;
	vnet_findings_free(findings);
	return ret;
}
