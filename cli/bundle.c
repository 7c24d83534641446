// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bundle.c - "vnetctl bundle": everything about the NICs in one file
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"

#ifdef _WIN32
/* Winsock's gethostname() needs WSAStartup(): lib/compat.h's does not */
#define gethostname vnet_compat_gethostname
#endif

#define DEFAULT_WINDOW 5.0

enum { OPT_REDACT = CLI_LONG_ONLY };

struct bundle_opts {
	const char *file;
	double window;
	bool redact;
};

struct progress {
	const struct cli *cli;
	struct timespec start;
	bool started;		/* a stage began: the options were accepted */
	bool stages;		/* reported once the collection took over a second */
};

static int bundle_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct bundle_opts *o = data;
	char *end;

	switch (opt) {
	case 'o':
		if (!*arg)
			return cli_usage_error(cli, "-o needs a file name");
		o->file = arg;
		return CLI_OPTS_CONTINUE;
	case 's':
		/* the syntax here; the range is the library's (vnet_bundle_collect()) */
		errno = 0;
		o->window = strtod(arg, &end);
		if (errno || *end || end == arg)
			return cli_usage_error(cli, "sample window '%s' is invalid: expected "
					       "seconds", arg);
		return CLI_OPTS_CONTINUE;
	case OPT_REDACT:
		o->redact = true;
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

static double since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Quiet for a quick collection; one line a stage once it takes a while. */
static void on_progress(void *data, const char *stage)
{
	struct progress *pr = data;

	pr->started = true;
	if (!pr->stages && since(&pr->start) <= 1.0)
		return;
	pr->stages = true;
	cli_error(pr->cli, "%s", stage);
}

/* vnet-bundle-HOST-YYYYmmdd-HHMMSS.tar.gz; "host" when the name is a secret. */
static int default_name(const struct cli *cli, bool redact, char *buf, size_t len)
{
	char host[256] = "host", stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!redact && gethostname(host, sizeof(host) - 1))
		strcpy(host, "host");
	host[sizeof(host) - 1] = '\0';
	/* a file name: no '/', nothing a shell would need quoted */
	for (char *c = host; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '_'))
			*c = '_';
	if (!*host || !gmtime_r(&now, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm)) {
		cli_error(cli, "cannot name the bundle: give -o FILE");
		return EXIT_SYSTEM;
	}
	if (snprintf(buf, len, "vnet-bundle-%s-%s.tar.gz", host, stamp) >= (int)len) {
		cli_error(cli, "host name too long: give -o FILE");
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/*
 * The directory of @file must take a new file: said now rather than after
 * the sample window (the library writes nothing before the end anyway).
 */
static int check_writable(const struct cli *cli, const char *file)
{
	char *copy = strdup(file), *dir;
	const char *why = NULL;
	struct stat st;

	if (!copy) {
		cli_error(cli, "out of memory");
		return EXIT_SYSTEM;
	}
	dir = dirname(copy);
	if (stat(dir, &st))
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = "not a directory";
	else if (access(dir, W_OK | X_OK))
		why = strerror(errno);
	if (why) {
		cli_error(cli, "cannot write %s: %s: %s", file, dir, why);
	} else if (!stat(file, &st) && S_ISDIR(st.st_mode)) {
		cli_error(cli, "cannot write %s: it is a directory", file);
		why = "a directory";
	}
	free(copy);
	return why ? EXIT_SYSTEM : EXIT_OK;
}

/*
 * The devices the DEV arguments name (every device without one), each once,
 * in the order of the scan: a spec that matches nothing is the same error
 * as in the other commands.
 */
static int pick_devices(struct cli *cli, char **specs, int n, struct vnet_dev_list *list)
{
	size_t kept = 0;
	int ret = cli_devices(cli, NULL, 0, list);

	if (ret || !n)
		return ret;
	for (int j = 0; j < n; j++) {
		bool found = false;

		for (size_t i = 0; i < list->n && !found; i++)
			found = vnet_dev_matches(list->devs[i], specs[j]);
		if (!found) {
			struct vnet_dev_list none;

			vnet_dev_list_free(list);
			/* the library's own words for it */
			ret = cli_devices(cli, specs[j], 0, &none);
			if (!ret) {
				vnet_dev_list_free(&none);
				cli_error(cli, "%s: no such virtio-net device", specs[j]);
			}
			return EXIT_SYSTEM;
		}
	}
	for (size_t i = 0; i < list->n; i++) {
		bool wanted = false;

		for (int j = 0; j < n && !wanted; j++)
			wanted = vnet_dev_matches(list->devs[i], specs[j]);
		if (wanted)
			list->devs[kept++] = list->devs[i];
		else
			vnet_dev_free(list->devs[i]);
	}
	list->n = kept;
	return EXIT_OK;
}

static void print_result(const struct cli *cli, const char *file,
			 const struct vnet_bundle_result *res)
{
	if (cli->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "file", json_object_new_string(file));
		json_object_object_add(o, "bytes", json_object_new_uint64(res->bytes));
		json_object_object_add(o, "members", json_object_new_uint64(res->members));
		json_object_object_add(o, "partial", json_object_new_boolean(res->partial));
		json_object_object_add(o, "reason", res->partial ?
					json_object_new_string(res->reason) : NULL);
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE |
			(cli->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
				       JSON_C_TO_STRING_PLAIN)));
		json_object_put(o);
		return;
	}
	printf("%s\n%zu members, %llu bytes, %s\n", file, res->members,
	       (unsigned long long)res->bytes, res->partial ? "partial" : "complete");
}

static int bundle_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_bundle = {
	.name = "bundle",
	.fn = bundle_main,
	.synopsis = "[-o FILE] [-s SECONDS] [--redact] [DEV...]",
	.summary = "everything about the NICs in one file",
	.about = "Collect everything about the virtio-net devices in one .tar.gz (a support\n"
		 "bundle, vnetctl-bundle(5)): the model of every device, counter samples,\n"
		 "the check findings, explain, and the raw sources read.  Every command\n"
		 "reads it back on any machine: VNET_FROM=FILE vnetctl COMMAND.\n",
	.opts = (const struct cli_opt[]){
		{ 'o', "output", "FILE", "write FILE (default vnet-bundle-HOST-DATE.tar.gz\n"
					 "in the current directory, HOST \"host\" with --redact)" },
		{ 's', "sample", "SECONDS", "counter samples over SECONDS, one a second\n"
					    "(0 to 600, default 5; 0: one sample)" },
		{ OPT_REDACT, "redact", NULL, "replace MAC addresses (keeping their class), IP\n"
					      "addresses and host names by tokens, everywhere" },
		{ 0 },
	},
	.after = "Progress goes to stderr once the collection takes more than a second.\n"
		 "Exit status: 0 written, 2 written but partial (a device vanished; the\n"
		 "warning says which) or not written at all, 1 usage error.\n",
	.dev = CLI_DEV_OPTIONAL,
};

static int bundle_main(struct cli *cli, int argc, char **argv)
{
	struct bundle_opts o = { .window = DEFAULT_WINDOW };
	struct progress pr = { .cli = cli };
	struct vnet_bundle_opts bo = { .size = sizeof(bo) };
	struct vnet_bundle_result res;
	struct vnet_dev_list list;
	char name[PATH_MAX];
	int ret, err;

	ret = cli_parse_opts(cli, argc, argv, bundle_opt, &o);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	if (!o.file) {
		ret = default_name(cli, o.redact, name, sizeof(name));
		if (ret)
			return ret;
		o.file = name;
	}
	ret = check_writable(cli, o.file);
	if (ret)
		return ret;
	bo.window = o.window;
	bo.redact = o.redact;
	bo.progress = on_progress;
	bo.data = &pr;
	clock_gettime(CLOCK_MONOTONIC, &pr.start);
	ret = pick_devices(cli, argv + optind, argc - optind, &list);
	if (ret)
		return ret;
	err = vnet_bundle_collect(cli->ctx, &list, o.file, &bo, &res);
	vnet_dev_list_free(&list);
	/* the library checks the options before it reads anything */
	if (err == -EINVAL && !pr.started)
		return cli_usage_error(cli, "%s", vnet_ctx_error(cli->ctx));
	if (err) {
		cli_error(cli, "%s", *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) :
								 strerror(-err));
		return EXIT_SYSTEM;
	}
	print_result(cli, o.file, &res);
	if (res.partial) {
		cli_error(cli, "warning: the bundle is partial: %s", res.reason);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}
