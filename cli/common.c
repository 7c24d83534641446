// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common.c - error reporting, device selection and output for vnetctl
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

/*
 * Messages carry names from the system (through the library's reasons) and
 * from the command line: escaped as the printer escapes values.
 */
static void verror(const struct cli *cli, const char *fmt, va_list ap)
{
	char *msg = NULL, *safe = NULL;
	size_t len;

	fputs("vnetctl: ", stderr);
	if (cli->cmd)
		fprintf(stderr, "%s: ", cli->cmd);
	if (vasprintf(&msg, fmt, ap) >= 0) {
		len = vnet_escape_text(msg, NULL, 0);
		safe = malloc(len + 1);
		if (safe)
			vnet_escape_text(msg, safe, len + 1);
	}
	fputs(safe ? safe : "out of memory", stderr);
	free(safe);
	free(msg);
	fputc('\n', stderr);
}

void cli_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(cli, fmt, ap);
	va_end(ap);
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(cli, fmt, ap);
	va_end(ap);
	if (cli->cmd)
		fprintf(stderr, "Try 'vnetctl %s --help' for more information.\n", cli->cmd);
	else
		fprintf(stderr, "Try 'vnetctl --help' for more information.\n");
	return EXIT_USAGE;
}

/* "-i, --interval SECONDS" or "    --redact" */
static int opt_label(const struct cli_opt *o, char *buf, size_t size)
{
	return snprintf(buf, size, "%c%c%c --%s%s%s", o->val < CLI_LONG_ONLY ? '-' : ' ',
			o->val < CLI_LONG_ONLY ? o->val : ' ', o->val < CLI_LONG_ONLY ? ',' : ' ',
			o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

void cli_subcommand_usage(const struct subcommand *sc, FILE *out)
{
	const char *form = sc->synopsis, *nl;
	char label[80];
	int width = 0;

	/* one "Usage:" line per form of the command */
	for (bool first = true; form; first = false) {
		nl = strchr(form, '\n');
		fprintf(out, "%s vnetctl [-j] [-p] %s%s%.*s\n", first ? "Usage:" : "      ",
			sc->name, *form ? " " : "", nl ? (int)(nl - form) : (int)strlen(form),
			form);
		form = nl ? nl + 1 : NULL;
	}
	fprintf(out, "\n%s", sc->about);
	for (const struct cli_opt *o = sc->opts; o && o->name; o++) {
		int n = opt_label(o, label, sizeof(label));

		if (n > width)
			width = n;
	}
	for (const struct cli_opt *o = sc->opts; o && o->name; o++) {
		const char *line = o->help;

		opt_label(o, label, sizeof(label));
		fprintf(out, "  %-*s  ", width, label);
		while ((nl = strchr(line, '\n'))) {
			fprintf(out, "%.*s\n  %-*s  ", (int)(nl - line), line, width, "");
			line = nl + 1;
		}
		fprintf(out, "%s\n", line);
	}
	if (sc->after)
		fputs(sc->after, out);
}

int cli_devices(struct cli *cli, const char *spec, unsigned int fill, struct vnet_dev_list *list)
{
	int err = vnet_dev_find(cli->ctx, spec, list);

	if (err) {
		const char *why = vnet_ctx_error(cli->ctx);

		cli_error(cli, "%s", *why ? why : strerror(-err));
		return EXIT_SYSTEM;
	}
	for (size_t i = 0; i < list->n; i++) {
		err = vnet_dev_fill(cli->ctx, list->devs[i], fill);
		if (err) {
			cli_dev_error(cli, list->devs[i], err);
			vnet_dev_list_free(list);
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

int cli_one_device(struct cli *cli, const char *spec, unsigned int fill,
		   struct vnet_dev_list *list)
{
	int ret = cli_devices(cli, spec, fill, list);
	size_t n = list->n;

	if (ret || n == 1)
		return ret;
	vnet_dev_list_free(list);
	return cli_usage_error(cli, "%s names %zu devices: name one", spec, n);
}

struct vnet_printer *cli_printer(const struct cli *cli)
{
	struct vnet_printer *p = cli->json ? vnet_printer_new_json() : vnet_printer_new_text(stdout);

	if (!p) {
		cli_error(cli, "out of memory");
		exit(EXIT_SYSTEM);
	}
	return p;
}

void cli_printer_done(const struct cli *cli, struct vnet_printer *p, bool discard)
{
	struct json_object *obj = vnet_printer_take(p);
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	flags |= cli->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			     : JSON_C_TO_STRING_PLAIN;
	if (obj && !discard)
		puts(json_object_to_json_string_ext(obj, flags));
	json_object_put(obj);
	vnet_printer_free(p);
}

int cli_dev_arg(const struct cli *cli, int argc, char **argv, int first, const char **dev)
{
	*dev = NULL;
	if (first < argc)
		*dev = argv[first++];
	if (first < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[first]);
	return EXIT_OK;
}

const char *cli_dev_label(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

void cli_dev_error(struct cli *cli, const struct vnet_dev *dev, int err)
{
	const char *why = vnet_ctx_error(cli->ctx);
	const char *label = cli_dev_label(dev);
	size_t n = strlen(label);

	if (!*why)
		why = strerror(-err);
	/* the library's reasons mostly name the device already: once is enough */
	if (!strncmp(why, label, n) && !strncmp(why + n, ": ", 2))
		cli_error(cli, "%s", why);
	else
		cli_error(cli, "%s: %s", label, why);
}

int cli_parse_opts(struct cli *cli, int argc, char **argv, cli_opt_fn fn, void *data)
{
	static const struct option base[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
	};
	const struct subcommand *sc = cli_subcommand(cli->cmd);
	struct option opts[32];
	/* ':' first: a missing value told apart from a bad option */
	char shorts[64] = ":hjp";
	size_t n = 0, ns = strlen(shorts);
	int c, ret;

	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		opts[n++] = base[i];
	for (const struct cli_opt *o = sc->opts; o && o->name; o++) {
		if (n == sizeof(opts) / sizeof(opts[0]) - 1 || ns + 3 > sizeof(shorts))
			break;	/* tests/synopsis.test sees an option that is not parsed */
		opts[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					     NULL, o->val };
		if (o->val < CLI_LONG_ONLY) {
			shorts[ns++] = (char)o->val;
			if (o->arg)
				shorts[ns++] = ':';
		}
	}
	memset(&opts[n], 0, sizeof(opts[n]));
	shorts[ns] = '\0';

	optind = 0;	/* 0, not 1: glibc then also resets its permutation state */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_subcommand_usage(sc, stdout);
			return EXIT_OK;
		case 'j':
			cli->json = true;
			break;
		case 'p':
			cli->pretty = true;
			break;
		case '?':
			if (optopt)
				return cli_usage_error(cli, "unknown option '-%c'", optopt);
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		case ':':
			return cli_usage_error(cli, "option '%s' needs a value", argv[optind - 1]);
		default:
			ret = fn ? fn(cli, c, optarg, data) : EXIT_USAGE;
			if (ret != CLI_OPTS_CONTINUE)
				return ret;
		}
	}
	return CLI_OPTS_CONTINUE;
}

int cli_parse_uint(const struct cli *cli, const char *what, const char *arg,
		   unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' || v < min || v > max) {
		cli_usage_error(cli, "%s '%s' is invalid: expected an integer from %lu to %lu",
				what, arg, min, max);
		return EXIT_USAGE;
	}
	*out = v;
	return EXIT_OK;
}

int cli_start(struct cli *cli, int argc, char **argv, cli_opt_fn fn, void *data,
	      unsigned int fill, const char **dev, struct vnet_dev_list *list)
{
	int ret = cli_parse_opts(cli, argc, argv, fn, data);

	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, dev);
	if (ret)
		return ret;
	ret = cli_devices(cli, *dev, fill, list);
	return ret ? ret : CLI_OPTS_CONTINUE;
}

int cli_report_devices(struct cli *cli, struct vnet_dev_list *list, cli_describe_fn describe,
		       void *data)
{
	struct vnet_printer *p = cli_printer(cli);
	int ret = EXIT_OK;

	vnet_print_open_array(p, NULL);
	for (size_t i = 0; i < list->n && !ret; i++) {
		if (i)
			vnet_print_fp(p, "\n");
		ret = describe(cli, p, list->devs[i], data);
	}
	vnet_print_close(p);
	if (!list->n)
		vnet_print_fp(p, "no virtio-net devices\n");
	cli_printer_done(cli, p, ret != EXIT_OK);
	vnet_dev_list_free(list);
	return ret;
}
