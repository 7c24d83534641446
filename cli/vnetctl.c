// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vnetctl.c - command table, global options, dispatch
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "close-stdout.h"

static int help_main(struct cli *cli, int argc, char **argv);

static const struct subcommand cmd_help = {
	.name = "help",
	.fn = help_main,
	.synopsis = "[COMMAND]",
	.summary = "help on a command",
	.about = "This help, or a command's (as \"vnetctl COMMAND --help\").\n",
};

const struct subcommand *const subcommands[] = {
	&cmd_list, &cmd_show, &cmd_features, &cmd_stats, &cmd_check, &cmd_get, &cmd_set,
	&cmd_explain, &cmd_top, &cmd_bundle, &cmd_shell, &cmd_help, NULL,
};

const struct subcommand *cli_subcommand(const char *name)
{
	for (const struct subcommand *const *sc = subcommands; name && *sc; sc++)
		if (!strcmp((*sc)->name, name))
			return *sc;
	return NULL;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vnetctl [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Inspect virtio-net network adapters from inside a virtual machine.\n"
		"DEV is an interface name (eth0), a virtio device (virtio1) or a PCI slot\n"
		"(0000:00:03.0); without DEV a command covers every virtio-net device.\n"
		"\n"
		"Commands:\n");
	/* each command's synopsis as its --help has it (the first form), then what it does */
	for (const struct subcommand *const *sc = subcommands; *sc; sc++)
		fprintf(out, "  %s %.*s\n      %s\n", (*sc)->name,
			(int)strcspn((*sc)->synopsis, "\n"), (*sc)->synopsis, (*sc)->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json          JSON output (see vnetctl(8) for the format)\n"
		"  -p, --pretty        indent JSON output\n"
		"  -O, --option K=V    set a backend parameter (-O help lists them)\n"
		"      --from FILE     read a support bundle (vnetctl bundle) instead of\n"
		"                      this system (also VNET_FROM=FILE)\n"
		"      --qmp SOCKET    on the host: the VM's devices as its QEMU sees them,\n"
		"                      over its QMP socket (also VNET_QMP=SOCKET)\n"
		"  -b, --batch FILE    run the commands in FILE (as \"vnetctl shell FILE\")\n"
		"  -f, --force         with -b: go on after a failing line\n"
		"  -V, --version       print the version\n"
		"  -h, --help          this help\n"
		"\n"
		"Exit status: 0 success, 1 usage error, 2 system or device error (bundle:\n"
		"also a partial bundle, written);\n"
		"check exits 3 when it finds a warning or an error, else 4 when it\n"
		"skipped rules that could not read what they need.\n");
}

static int print_param(const char *key, const char *value, const char *help, void *data)
{
	(void)data;
	printf("  %-15s %s\n  %-15s (now: %s)\n", key, help, "", *value ? value : "unset");
	return 0;
}

struct param_query {
	const char *key, *value;
};

static int find_param(const char *key, const char *value, const char *help, void *data)
{
	struct param_query *q = data;

	(void)help;
	if (strcmp(key, q->key))
		return 0;
	q->value = value ? value : "";
	return 1;
}

/* A backend parameter's value now, "" when unset. */
static const char *param_value(struct vnet_ctx *ctx, const char *key)
{
	struct param_query q = { key, "" };

	vnet_ctx_param_walk(ctx, find_param, &q);
	return q.value;
}

/* set_option(): "-O help" answered, nothing more to do (not an error) */
#define OPTION_DONE (-1)

static int set_option(struct cli *cli, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char key[64];
	int err;

	if (!strcmp(arg, "help")) {
		printf("Backend parameters (-O KEY=VALUE):\n");
		vnet_ctx_param_walk(cli->ctx, print_param, NULL);
		return OPTION_DONE;
	}
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key))
		return cli_usage_error(cli, "-O %s: expected KEY=VALUE (-O help lists the keys)",
				       arg);
	memcpy(key, arg, eq - arg);
	key[eq - arg] = '\0';
	err = vnet_ctx_set_param(cli->ctx, key, eq + 1);
	if (err)
		return cli_usage_error(cli, "-O %s: %s (-O help lists the keys)", arg,
				       vnet_ctx_error(cli->ctx));
	return EXIT_OK;
}

static int help_main(struct cli *cli, int argc, char **argv)
{
	const struct subcommand *sc;
	int ret = cli_parse_opts(cli, argc, argv, NULL, NULL);

	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	if (optind >= argc) {
		usage(stdout);
		return EXIT_OK;
	}
	if (optind + 1 < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind + 1]);
	sc = cli_subcommand(argv[optind]);
	if (!sc)
		return cli_usage_error(cli, "unknown command '%s'", argv[optind]);
	cli_subcommand_usage(sc, stdout);
	return EXIT_OK;
}

int cli_dispatch(const struct cli *base, int argc, char **argv)
{
	/* each command its own copy: what it sets does not outlive it */
	struct cli cli = *base;
	const struct subcommand *sc;
	char *list_argv[] = { "list", NULL };

	cli.cmd = NULL;
	if (argc < 1) {
		/* like "ip", a bare invocation lists what there is */
		argc = 1;
		argv = list_argv;
	}
	sc = cli_subcommand(argv[0]);
	if (!sc)
		return cli_usage_error(&cli, "unknown command '%s'", argv[0]);
	cli.cmd = sc->name;
	/* cli_parse_opts() resets getopt's state: no optind survives a command */
	return sc->fn(&cli, argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "option", required_argument, NULL, 'O' },
		{ "from", required_argument, NULL, 'F' },
		{ "qmp", required_argument, NULL, 'Q' },
		{ "batch", required_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'f' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { .cmd = NULL };
	const char *batch = NULL;
	bool force = false;
	int c, ret;

	vnet_compat_stdio_init();
	cli.ctx = vnet_ctx_new();
	if (!cli.ctx) {
		fprintf(stderr, "vnetctl: cannot create a context: out of memory\n");
		return EXIT_SYSTEM;
	}
	/* "+": options after the command belong to the command */
	while ((c = getopt_long(argc, argv, "+jpO:b:fVh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli.json = true;
			break;
		case 'p':
			cli.pretty = true;
			break;
		case 'O':
			ret = set_option(&cli, optarg);
			if (ret == OPTION_DONE) {
				ret = EXIT_OK;
				goto out;
			}
			if (ret)
				goto out;
			break;
		case 'F':
			/* the bundle backend's parameter, as VNET_FROM sets it */
			ret = *optarg ? vnet_ctx_set_param(cli.ctx, "bundle.file", optarg)
				      : -EINVAL;
			if (ret)
				ret = cli_usage_error(&cli, "--from '%s': %s", optarg,
						      *optarg ? vnet_ctx_error(cli.ctx) :
								"expected a bundle file");
			if (ret)
				goto out;
			break;
		case 'Q':
			/* the qmp backend's parameter, as VNET_QMP sets it */
			ret = *optarg ? vnet_ctx_set_param(cli.ctx, "qmp.socket", optarg) : -EINVAL;
			if (ret)
				ret = cli_usage_error(&cli, "--qmp '%s': %s", optarg,
						      *optarg ? vnet_ctx_error(cli.ctx) :
								"expected a QMP socket");
			if (ret)
				goto out;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'V':
			printf("vnetctl %s (libvnet %s)\n", PACKAGE_VERSION, vnet_version());
			ret = EXIT_OK;
			goto out;
		case 'h':
			usage(stdout);
			ret = EXIT_OK;
			goto out;
		default:
			fprintf(stderr, "Try 'vnetctl --help' for more information.\n");
			ret = EXIT_USAGE;
			goto out;
		}
	}
	/* one source of devices: a bundle, or the VM behind a QMP socket (also from the environment) */
	if (*param_value(cli.ctx, "qmp.socket") && *param_value(cli.ctx, "bundle.file")) {
		ret = cli_usage_error(&cli, "--qmp and --from exclude each other (VNET_QMP, VNET_FROM): "
				      "one asks QEMU on the host, the other reads a bundle");
		goto out;
	}
	if (batch) {
		ret = optind < argc ? cli_usage_error(&cli, "-b FILE takes no command ('%s')",
						      argv[optind])
				    : cli_shell(&cli, batch, force);
		goto out;
	}
	if (force) {
		ret = cli_usage_error(&cli, "-f goes with -b FILE");
		goto out;
	}
	ret = cli_dispatch(&cli, argc - optind, argv + optind);
out:
	vnet_ctx_free(cli.ctx);
	return close_stdout("vnetctl", ret);
}
