/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - shared pieces of the vnetctl front end
 */
#ifndef VNETCTL_CLI_H
#define VNETCTL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <vnet/vnet.h>

/* Exit status, documented in vnetctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_SYSTEM = 2,
	EXIT_FINDINGS = 3,	/* check: a warning or worse */
	EXIT_SKIPPED = 4,	/* check: nothing worse than info, but rules were skipped */
};

/*
 * What a command runs with.  cli_dispatch() hands each command its own copy
 * of the caller's: options a command sets (-j, -p) end with it, so the next
 * command of a shell or a script starts from the global options alone.
 */
struct cli {
	struct vnet_ctx *ctx;
	bool json;
	bool pretty;
	bool shell;		/* run by "vnetctl shell": "top" must come back */
	const char *cmd;	/* subcommand being run, for messages */
};

/* Where a command takes DEV: how the shell's "use DEV" adds it. */
enum cli_dev_kind {
	CLI_DEV_NONE,		/* list, help: no device */
	CLI_DEV_OPTIONAL,	/* [DEV] (or [DEV...]): added when none is given */
	CLI_DEV_FIRST,		/* DEV first (get, set): always added first */
};

/*
 * One option of a command.  Its getopt table, its --help lines and "help
 * CMD" are all made from this (tests/synopsis.test holds the man page and
 * the bash and zsh completions to what --help prints).
 */
struct cli_opt {
	int val;		/* getopt's value: the short option, or CLI_LONG_ONLY + n */
	const char *name;	/* the long option */
	const char *arg;	/* the value's placeholder ("SECONDS"); NULL: a flag */
	const char *help;	/* '\n' starts a continuation line */
};
#define CLI_LONG_ONLY 256

/*
 * A command: the one source of its synopsis, description and options for
 * "vnetctl --help", "vnetctl help CMD", "vnetctl CMD --help" and the shell.
 */
struct subcommand {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *synopsis;	/* after "vnetctl [-j] [-p] NAME"; '\n' between forms */
	const char *summary;	/* one line for "vnetctl --help" */
	const char *about;	/* --help's text between the synopsis and the options */
	const struct cli_opt *opts;	/* ends with { 0 }; NULL: none of its own */
	const char *after;	/* --help's text after the options, or NULL */
	enum cli_dev_kind dev;
};

/* every command, NULL-terminated, in --help's order */
extern const struct subcommand *const subcommands[];
extern const struct subcommand cmd_list, cmd_show, cmd_features, cmd_stats, cmd_check,
	cmd_get, cmd_set, cmd_explain, cmd_top, cmd_bundle, cmd_shell;


/*
 * Run one command line, @argv[0] the command (@argc 0: "list"), with a copy
 * of @base: what main() runs and what the shell runs for each line.
 * Returns the command's exit status.
 */
int cli_dispatch(const struct cli *base, int argc, char **argv);

/*
 * Run a script or an interactive shell (cli/shell.c): @file NULL reads
 * standard input (readline when it is a terminal).  @force goes on after a
 * failing line.  Returns the exit status.
 */
int cli_shell(const struct cli *base, const char *file, bool force);

/* "vnetctl: <cmd>: <message>" on stderr */
void cli_error(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Usage error: message plus a pointer to --help; returns EXIT_USAGE.
 */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Devices named by @spec (NULL: all) with @fill read.  Prints the error and
 * returns an exit status on failure.
 */
int cli_devices(struct cli *cli, const char *spec, unsigned int fill, struct vnet_dev_list *list);

/*
 * The one device @spec names ("get", "set" read or change one device; a spec
 * matching several is a usage error).  Prints the error, returns an exit status.
 */
int cli_one_device(struct cli *cli, const char *spec, unsigned int fill,
		   struct vnet_dev_list *list);

/*
 * "set" and "check --fix" share these (cli/set.c).  cli_plan(): validate
 * the "PROP=VALUE" @assign for @dev (nothing is touched); cli_apply(): make
 * the changes, unless there are none.  Both print the library's reason and
 * return an exit status: 0, 1 an assignment that cannot be made, 2 a system
 * error (the library rolled back what it had applied).  @label (NULL for
 * none) prefixes the reason: the device, when several are at stake.
 */
int cli_plan(struct cli *cli, const char *label, struct vnet_dev *dev, const char *const *assign,
	     size_t n, struct vnet_plan **out);
bool cli_plan_changes(const struct vnet_plan *plan);
int cli_apply(struct cli *cli, const char *label, struct vnet_plan *plan);

/*
 * The library's printer for this command: JSON (-j) or text on stdout.
 * Exits when out of memory.
 */
struct vnet_printer *cli_printer(const struct cli *cli);

/* Print the JSON @p built as -p asked (nothing when @discard), free @p. */
void cli_printer_done(const struct cli *cli, struct vnet_printer *p, bool discard);

/* At most one positional DEV argument after options. */
int cli_dev_arg(const struct cli *cli, int argc, char **argv, int optind, const char **dev);

/*
 * Parse the options of the running command (cli->cmd; its table's opts):
 * -h/--help, -j/--json and -p/--pretty for every command, its own handed to
 * @fn.  Returns CLI_OPTS_CONTINUE, or the exit status to return (help, error).
 */
#define CLI_OPTS_CONTINUE (-1)
typedef int (*cli_opt_fn)(struct cli *cli, int opt, const char *arg, void *data);
int cli_parse_opts(struct cli *cli, int argc, char **argv, cli_opt_fn fn, void *data);

/*
 * The start every device command shares: parse the options, take at most
 * one DEV argument, find the devices and read the groups in @fill.
 * Returns CLI_OPTS_CONTINUE with @list filled, or the exit status to return.
 */
int cli_start(struct cli *cli, int argc, char **argv, cli_opt_fn fn, void *data,
	      unsigned int fill, const char **dev, struct vnet_dev_list *list);

/* How one command prints a device through @p; an exit status (errors reported). */
typedef int (*cli_describe_fn)(struct cli *cli, struct vnet_printer *p, struct vnet_dev *dev,
			       void *data);

/*
 * A JSON array of every device, or their text blocks separated by blank
 * lines ("no virtio-net devices" when there are none).  Frees @list.
 */
int cli_report_devices(struct cli *cli, struct vnet_dev_list *list, cli_describe_fn describe,
		       void *data);

/* Strictly parse an unsigned number in [min, max]; prints the error. */
int cli_parse_uint(const struct cli *cli, const char *what, const char *arg,
		   unsigned long min, unsigned long max, unsigned long *out);

/* The help of one command ("CMD --help", "help CMD") to @out. */
void cli_subcommand_usage(const struct subcommand *sc, FILE *out);
const struct subcommand *cli_subcommand(const char *name);

const char *cli_dev_label(const struct vnet_dev *dev);
/* The library's reason for @err about @dev, the device named once. */
void cli_dev_error(struct cli *cli, const struct vnet_dev *dev, int err);

#endif /* VNETCTL_CLI_H */
