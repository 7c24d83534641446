// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * top.c - "vnetctl top": runs vnettop
 *
 * An exec rather than a link, so that vnetctl itself needs no curses (it
 * runs in minimal guests and initramfs images where vnettop may be absent).
 * Looked for in $VNETTOP, beside the vnetctl binary, then in PATH.  Backend
 * parameters given to vnetctl (-O) are passed on, and so is -j ("vnetctl -j
 * top --batch" is "vnettop --batch -j"); the command's own arguments
 * (--batch, -n, -d, --totals, DEV) go to vnettop as they are.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#ifdef _WIN32
#include <process.h>
#include <windows.h>
#else
#include <sys/wait.h>
#endif

#include "cli.h"

struct params {
	struct vnet_ctx *fresh;
	char **argv;
	int argc;
};

struct fresh_value {
	const char *key;
	const char *value;
};

static int find_fresh(const char *key, const char *value, const char *help, void *data)
{
	struct fresh_value *f = data;

	if (strcmp(key, f->key))
		return 0;
	f->value = value;
	return 1;
}

/* "-O key=value" for each parameter vnetctl was given: it differs from a new context's. */
static int add_param(const char *key, const char *value, const char *help, void *data)
{
	struct params *p = data;
	struct fresh_value f = { .key = key };
	char *opt;

	if (!value || !*value)
		return 0;
	vnet_ctx_param_walk(p->fresh, find_fresh, &f);
	if (f.value && !strcmp(f.value, value))
		return 0;
	if (asprintf(&opt, "%s=%s", key, value) < 0)
		return 1;
	p->argv[p->argc++] = "-O";
	p->argv[p->argc++] = opt;
	return 0;
}

static int count_param(const char *key, const char *value, const char *help, void *data)
{
	++*(size_t *)data;
	return 0;
}

static void exec_vnettop(struct cli *cli, char **argv);
static int top_main(struct cli *cli, int argc, char **argv);

/* Its options are vnettop's: "vnetctl top --help" is vnettop's help. */
const struct subcommand cmd_top = {
	.name = "top",
	.fn = top_main,
	.synopsis = "[-b [-n FRAMES] [-j]] [-d SECONDS] [DEV]",
	.summary = "live per-queue traffic (runs vnettop)",
	.about = "Runs vnettop(8) with these arguments: see \"vnettop --help\".\n",
	.dev = CLI_DEV_OPTIONAL,
};

#ifdef _WIN32
/*
 * Windows has no exec: vnettop runs as a child (_spawnv), in the shell as
 * outside it, and its status is ours.  Its command line is one string that
 * the child splits again: each argument quoted as the C runtime unquotes
 * ("Ethernet 2", -O k=v with blanks or quotes).  Without curses (none for
 * mingw-w64) that vnettop shows batch frames.
 */
static char *win_quote(const char *arg)
{
	size_t len = strlen(arg);
	char *q = malloc(2 * len + 3), *o = q;

	if (!q)
		return NULL;
	*o++ = '"';
	for (const char *p = arg;; p++) {
		size_t bs = 0;

		while (*p == '\\') {
			p++;
			bs++;
		}
		/* backslashes before a quote or the closing quote are doubled */
		if (!*p || *p == '"')
			bs *= 2;
		memset(o, '\\', bs);
		o += bs;
		if (!*p)
			break;
		if (*p == '"')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	return q;
}

static int spawn_vnettop(struct cli *cli, char **argv)
{
	const char *env = getenv("VNETTOP");
	char self[PATH_MAX], path[PATH_MAX + 16], **q;
	int n = 0, ret = -1;
	DWORD len;

	while (argv[n])
		n++;
	q = calloc(n + 1, sizeof(*q));
	for (int i = 0; q && i < n; i++)
		if (!(q[i] = win_quote(argv[i])))
			goto out;
	if (!q) {
		cli_error(cli, "out of memory");
		return EXIT_SYSTEM;
	}
	fflush(stdout);
	fflush(stderr);
	if (env && *env) {
		ret = (int)_spawnv(_P_WAIT, env, (const char *const *)q);
		if (ret < 0)
			cli_error(cli, "VNETTOP=%s: %s", env, strerror(errno));
		goto out;
	}
	len = GetModuleFileNameA(NULL, self, sizeof(self));
	if (len > 0 && len < sizeof(self)) {
		char *sep = strrchr(self, '\\');

		if (sep) {
			*sep = '\0';
			snprintf(path, sizeof(path), "%s\\vnettop.exe", self);
			ret = (int)_spawnv(_P_WAIT, path, (const char *const *)q);
		}
	}
	if (ret < 0)
		ret = (int)_spawnvp(_P_WAIT, "vnettop", (const char *const *)q);
	if (ret < 0)
		cli_error(cli, "cannot run vnettop: %s", strerror(errno));
out:
	for (int i = 0; q && i < n; i++)
		free(q[i]);
	free(q);
	return ret < 0 ? EXIT_SYSTEM : ret;
}

static int run_child(struct cli *cli, char **argv)
{
	return spawn_vnettop(cli, argv);
}

static void exec_vnettop(struct cli *cli, char **argv)
{
	int ret = spawn_vnettop(cli, argv);

	if (ret != EXIT_SYSTEM)
		exit(ret);
}
#else
/*
 * In the shell, vnettop runs as a child: the shell must come back.  ^C is
 * vnettop's then (the terminal sends it to both): the shell waits it out.
 */
static int run_child(struct cli *cli, char **argv)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		cli_error(cli, "cannot run vnettop: %s", strerror(errno));
		return EXIT_SYSTEM;
	}
	if (!pid) {
		signal(SIGINT, SIG_DFL);
		exec_vnettop(cli, argv);
		_exit(EXIT_SYSTEM);
	}
	sigaction(SIGINT, &ign, &old);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old, NULL);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
#endif

static int top_main(struct cli *cli, int argc, char **argv)
{
	struct params p = { .argc = 1 };
	size_t n_params = 0;
	int params_end;

	vnet_ctx_param_walk(cli->ctx, count_param, &n_params);
	/* room for every parameter twice ("-O", "k=v"), -j and the arguments */
	p.argv = calloc(argc + 2 * n_params + 2, sizeof(*p.argv));
	p.fresh = vnet_ctx_new();
	if (!p.argv || !p.fresh) {
		cli_error(cli, "out of memory");
		return EXIT_SYSTEM;
	}
	p.argv[0] = "vnettop";
	vnet_ctx_param_walk(cli->ctx, add_param, &p);
	vnet_ctx_free(p.fresh);
	params_end = p.argc;
	if (cli->json)
		p.argv[p.argc++] = "-j";
	for (int i = 1; i < argc; i++)
		p.argv[p.argc++] = argv[i];
	if (cli->shell) {
		int ret = run_child(cli, p.argv);

		/* the "k=v" words add_param() made: "-O" "k=v" pairs from index 1 */
		for (int i = 2; i < params_end; i += 2)
			free(p.argv[i]);
		free(p.argv);
		return ret;
	}
	exec_vnettop(cli, p.argv);
	return EXIT_SYSTEM;
}

#ifndef _WIN32
/* $VNETTOP, beside vnetctl, then PATH; returns (with the error told) when none runs */
static void exec_vnettop(struct cli *cli, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 16];
	const char *env = getenv("VNETTOP");
	ssize_t n;

	if (env && *env) {
		execv(env, argv);
		cli_error(cli, "VNETTOP=%s: %s", env, strerror(errno));
		return;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		snprintf(path, sizeof(path), "%s/vnettop", dirname(self));
		execv(path, argv);
	}
	execvp("vnettop", argv);
	cli_error(cli, "cannot run vnettop: %s", strerror(errno));
}
#endif
