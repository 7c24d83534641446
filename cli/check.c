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
	bool fix;
	bool dry_run;
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
	case 'f':
		o->fix = true;
		return CLI_OPTS_CONTINUE;
	case 'n':
		o->dry_run = true;
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

/*
 * Exit status of the findings: 3 when one is a warning or worse; else 4 when
 * a rule could not read what it needs (a clean result it cannot vouch for
 * must not look like 0); else 0.
 */
static int findings_status(const struct vnet_findings *findings)
{
	for (size_t i = 0; i < findings->n; i++)
		if (findings->items[i].severity >= VNET_SEV_WARNING)
			return EXIT_FINDINGS;
	return findings->n_skipped ? EXIT_SKIPPED : EXIT_OK;
}

/*
 * The guest part of the remedies through the same plans as "set": every
 * device's plan is validated before any is applied; then what remains for
 * the host.  A device whose apply fails is rolled back by the library and
 * ends the run: the report shows the devices changed before it.
 */
static int check_fix(struct cli *cli, const struct check_opts *o, struct vnet_dev_list *list,
		     const struct vnet_findings *findings)
{
	struct vnet_plan **plans = calloc(list->n ? list->n : 1, sizeof(*plans));
	struct vnet_printer *p;
	bool applied = false;
	int ret = EXIT_OK;
	size_t i;

	if (!plans) {
		cli_error(cli, "out of memory");
		return EXIT_SYSTEM;
	}
	for (i = 0; i < list->n && !ret; i++) {
		char **assign;
		size_t n;

		if (vnet_findings_assignments(findings, list->devs[i], &assign, &n)) {
			cli_error(cli, "out of memory");
			ret = EXIT_SYSTEM;
			break;
		}
		if (n)
			ret = cli_plan(cli, cli_dev_label(list->devs[i]), list->devs[i],
				       (const char *const *)assign, n, &plans[i]);
		free(assign);
	}
	for (i = 0; i < list->n && !ret && !o->dry_run; i++) {
		if (!plans[i] || !cli_plan_changes(plans[i]))
			continue;
		ret = cli_apply(cli, cli_dev_label(list->devs[i]), plans[i]);
		if (ret)
			break;
		applied = true;
	}
	/* after a failure, only the devices changed before it are reported */
	for (size_t j = ret ? i : list->n; j < list->n; j++) {
		vnet_plan_free(plans[j]);
		plans[j] = NULL;
	}
	if (!ret || applied) {
		p = cli_printer(cli);
		vnet_fix_print(p, findings, list, (const struct vnet_plan *const *)plans,
			       !o->dry_run);
		cli_printer_done(cli, p, false);
	}
	for (i = 0; i < list->n; i++)
		vnet_plan_free(plans[i]);
	free(plans);
	if (ret)
		return ret;
	return applied ? EXIT_OK : findings_status(findings);
}

static int check_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_check = {
	.name = "check",
	.fn = check_main,
	.synopsis = "[DEV] [-s SECONDS] [-m SEVERITY] [-l]\n--fix [--dry-run] [DEV] [-s SECONDS]",
	.summary = "misconfigurations and how to fix them",
	.about = "Look for misconfigurations of virtio-net devices and say how to fix them,\n"
		 "in the guest and on the host, in the VMM's own terms (QEMU options and\n"
		 "libvirt XML, the keys of Cloud Hypervisor's and crosvm's net option,\n"
		 "Firecracker's network-interface fields).\n",
	.opts = (const struct cli_opt[]){
		{ 's', "sample", "SECONDS", "also watch the counters this long (drops growing)" },
		{ 'm', "min-severity", "SEV",
		  "print findings of at least SEV: info, warning, error" },
		{ 'l', "list", NULL, "list the rules" },
		{ 'f', "fix", NULL, "apply the guest part of the remedies (as \"set\"\n"
				    "does, all or nothing) and print the host part" },
		{ 'n', "dry-run", NULL, "with --fix: print what would change, change nothing" },
		{ 0 },
	},
	.after = "Exit status: 0 nothing at warning level or above, 3 a warning or an error\n"
		 "was found, 4 nothing worse than info but rules were skipped (what they\n"
		 "read was unreadable), 1 usage error, 2 system error.  With --fix: 0 when\n"
		 "changes were applied, 1 a remedy that cannot be applied, 2 a system error\n"
		 "(after rolling back), else as without it.\n",
	.dev = CLI_DEV_OPTIONAL,
};

static int check_main(struct cli *cli, int argc, char **argv)
{
	struct check_opts o = { .min = VNET_SEV_INFO };
	struct vnet_check_opts copts = { .size = sizeof(copts) };
	struct vnet_findings *findings;
	struct vnet_dev_list list;
	struct vnet_printer *p;
	const char *dev;
	int ret, err;

	/* not cli_start(): --list needs no device */
	ret = cli_parse_opts(cli, argc, argv, check_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &dev);
	if (ret)
		return ret;
	if (o.dry_run && !o.fix)
		return cli_usage_error(cli, "--dry-run goes with --fix");
	if (o.list && o.fix)
		return cli_usage_error(cli, "--list and --fix do not go together");
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
	if (err) {
		vnet_dev_list_free(&list);
		cli_error(cli, "%s", *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) :
								 strerror(-err));
		return EXIT_SYSTEM;
	}
	if (o.fix) {
		ret = check_fix(cli, &o, &list, findings);
	} else {
		p = cli_printer(cli);
		vnet_findings_print(p, findings, o.min, o.sample);
		cli_printer_done(cli, p, false);
		ret = findings_status(findings);
	}
	vnet_dev_list_free(&list);
	vnet_findings_free(findings);
	return ret;
}
