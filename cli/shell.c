// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * shell.c - "vnetctl shell" and "vnetctl -b FILE": command lines read from a
 * terminal (readline), a pipe or a file, each run by cli_dispatch() as the
 * command line runs it.
 *
 * A line is split into words as a shell would split simple arguments: blanks
 * separate, '...' and "..." quote, a backslash escapes the next character, an
 * unquoted '#' at the start of a word starts a comment.  Nothing is expanded.
 * The shell's own words: "use [DEV]" (the device the following commands
 * apply to; none to forget it), "exit"/"quit" [STATUS].
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef VNET_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "cli.h"

#define MAX_WORDS 256

struct shell {
	const struct cli *base;
	char dev[128];		/* "use DEV": "" for none */
	bool interactive;
	bool quit;
	int quit_status;
};

/*
 * ^C: the running command's (stats installs its own handler for its loop and
 * puts this one back); at the prompt it discards the line.  Only a flag:
 * readline and the commands look at it.
 */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * Split @line in place into @words.  Returns the number of words, or -1 with
 * *@why set for an unterminated quote.
 */
static int split_words(char *line, char **words, int max, const char **why)
{
	char *in = line, *out = line;
	int n = 0;

	for (;;) {
		while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r')
			in++;
		if (!*in || *in == '#')
			return n;
		if (n == max) {
			*why = "too many words";
			return -1;
		}
		words[n++] = out;
		while (*in && *in != ' ' && *in != '\t' && *in != '\n' && *in != '\r') {
			char q = *in;

			if (q == '\'' || q == '"') {
				in++;
				while (*in && *in != q) {
					bool esc = in[1] == '"' || in[1] == '\\';

					if (q == '"' && *in == '\\' && esc)
						in++;
					*out++ = *in++;
				}
				if (!*in) {
					*why = "unterminated quote";
					return -1;
				}
				in++;
			} else if (q == '\\' && in[1]) {
				*out++ = in[1];
				in += 2;
			} else {
				*out++ = *in++;
			}
		}
		if (*in)
			in++;
		*out++ = '\0';
	}
}

/*
 * Whether @opt of @sc takes a value ("stats -i 1 eth0" has one positional
 * word), from its table.  "top" has none: its options are vnettop's, so a
 * value there counts as a word and "use" adds no DEV to "top -d 1".
 */
static bool takes_value(const struct subcommand *sc, const char *opt)
{
	for (const struct cli_opt *o = sc->opts; o && o->name; o++) {
		if (!o->arg)
			continue;
		if (opt[1] == '-' ? !strcmp(opt + 2, o->name) :
				    o->val < CLI_LONG_ONLY && opt[1] == o->val && !opt[2])
			return true;
	}
	return false;
}

static int positionals(const struct subcommand *sc, int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return n + argc - i - 1;
		if (argv[i][0] == '-' && argv[i][1]) {
			if (!strchr(argv[i], '=') && takes_value(sc, argv[i]))
				i++;
			continue;
		}
		n++;
	}
	return n;
}

/* Run one line's words: the shell's own words, else the command with "use"'s device. */
static int run_words(struct shell *sh, int argc, char **argv)
{
	const struct subcommand *sc;
	char *with_dev[MAX_WORDS + 2];
	struct cli line = *sh->base;

	/*
	 * The output options before a command, as on the command line
	 * ("-j show"), for this line only; -O and --from chose the context
	 * the shell was started with and cannot change in it.
	 */
	for (; argc > 1 && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json"))
			line.json = true;
		else if (!strcmp(argv[0], "-p") || !strcmp(argv[0], "--pretty"))
			line.pretty = true;
		else if (!strcmp(argv[0], "-jp") || !strcmp(argv[0], "-pj"))
			line.json = line.pretty = true;
		else
			break;
	}
	if (argv[0][0] == '-') {
		fprintf(stderr, "vnetctl: %s: only -j and -p may come before a command in the "
			"shell (-O, --from and -b belong to \"vnetctl\" itself)\n", argv[0]);
		return EXIT_USAGE;
	}

	if (!strcmp(argv[0], "use")) {
		if (argc > 2) {
			fprintf(stderr, "vnetctl: use: expected at most one DEV\n");
			return EXIT_USAGE;
		}
		if (argc == 2 && strlen(argv[1]) >= sizeof(sh->dev)) {
			fprintf(stderr, "vnetctl: use: device name too long\n");
			return EXIT_USAGE;
		}
		if (argc == 2) {
			/* a device that is there: as "show DEV" would find it */
			struct cli use = line;
			struct vnet_dev_list list;
			int ret;

			use.cmd = "use";
			ret = cli_devices(&use, argv[1], 0, &list);
			if (ret)
				return ret;
			vnet_dev_list_free(&list);
		}
		snprintf(sh->dev, sizeof(sh->dev), "%s", argc == 2 ? argv[1] : "");
		return EXIT_OK;
	}
	if (!strcmp(argv[0], "exit") || !strcmp(argv[0], "quit")) {
		unsigned long st = 0;

		if (argc > 1 && cli_parse_uint(sh->base, "exit status", argv[1], 0, 255, &st))
			return EXIT_USAGE;
		sh->quit = true;
		sh->quit_status = (int)st;
		return (int)st;
	}
	if (!strcmp(argv[0], "help") && argc == 1) {
		int ret = cli_dispatch(&line, argc, argv);

		printf("\nIn the shell, commands without \"vnetctl\", and:\n"
		       "  use [DEV]       later commands apply to DEV when they name none\n"
		       "                  (get and set then take no DEV); alone: forget it\n"
		       "  exit [STATUS]   end the shell (also quit, or end of input)\n");
		return ret;
	}
	if (!strcmp(argv[0], "shell")) {
		fprintf(stderr, "vnetctl: shell: already in the shell\n");
		return EXIT_USAGE;
	}
	sc = cli_subcommand(argv[0]);
	if (sc && *sh->dev && sc->dev != CLI_DEV_NONE) {
		int n = 0;

		if (sc->dev == CLI_DEV_FIRST) {
			with_dev[n++] = argv[0];
			with_dev[n++] = sh->dev;
			for (int i = 1; i < argc; i++)
				with_dev[n++] = argv[i];
		} else if (!positionals(sc, argc, argv)) {
			for (int i = 0; i < argc; i++)
				with_dev[n++] = argv[i];
			with_dev[n++] = sh->dev;
		}
		if (n) {
			with_dev[n] = NULL;
			argc = n;
			argv = with_dev;
		}
	}
	return cli_dispatch(&line, argc, argv);
}

/* One line: its exit status (blank and comment lines: 0). */
static int run_line(struct shell *sh, char *line, const char *where)
{
	char *words[MAX_WORDS + 1];
	const char *why = NULL;
	int n = split_words(line, words, MAX_WORDS, &why);
	int ret;

	if (n < 0) {
		fprintf(stderr, "vnetctl: %s%s\n", where, why);
		return EXIT_USAGE;
	}
	if (!n)
		return EXIT_OK;
	words[n] = NULL;
	ret = run_words(sh, n, words);
	fflush(stdout);
	return ret;
}

/* ---- the interactive shell ------------------------------------------------------ */

#ifdef VNET_HAVE_READLINE
static char history_path[PATH_MAX];

/* $XDG_STATE_HOME/vnetctl/history, else ~/.local/state/vnetctl/history; 0600 */
static void history_open(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[PATH_MAX];
	int fd;

	if (state && *state == '/')
		snprintf(dir, sizeof(dir), "%s/vnetctl", state);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.local/state/vnetctl", home);
	else
		return;
	/* each level, as mkdir -p: ~/.local/state may not exist yet */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return;
	if ((size_t)snprintf(history_path, sizeof(history_path), "%s/history", dir) >=
	    sizeof(history_path)) {
		*history_path = '\0';
		return;
	}
	fd = open(history_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		*history_path = '\0';
		return;
	}
	close(fd);
	read_history(history_path);
}

static void history_add(const char *line)
{
	add_history(line);
	/* each line as it is run: a second shell, or a killed one, keeps it */
	if (*history_path) {
		append_history(1, history_path);
		history_truncate_file(history_path, 1000);
	}
}

/* ---- completion: commands, options, devices, settings and their values ---- */

static const char *const shell_words[] = { "use", "exit", "quit", NULL };

/* a command's options from its table, as its --help lists them, and -j/-p/-h */
static char **cmd_options(const struct subcommand *sc)
{
	static const char *const base[] = { "-h", "--help", "-j", "--json", "-p", "--pretty" };
	size_t n = 0, k = 0;
	char **v;

	for (const struct cli_opt *o = sc->opts; o && o->name; o++)
		n++;
	v = calloc(2 * n + 7, sizeof(*v));
	for (const struct cli_opt *o = sc->opts; v && o && o->name; o++) {
		if (o->val < CLI_LONG_ONLY && asprintf(&v[k], "-%c", o->val) > 0)
			k++;
		if (asprintf(&v[k], "--%s", o->name) > 0)
			k++;
	}
	for (size_t i = 0; v && i < sizeof(base) / sizeof(base[0]); i++)
		v[k++] = strdup(base[i]);
	return v;
}

static char **devices;		/* "list --names", read once */

static void read_devices(struct shell *sh)
{
	struct vnet_dev_list list;
	size_t n = 0;

	if (devices || vnet_dev_find(sh->base->ctx, NULL, &list))
		return;
	devices = calloc(3 * list.n + 1, sizeof(*devices));
	for (size_t i = 0; devices && i < list.n; i++) {
		const struct vnet_dev *d = list.devs[i];

		if (*d->ifname)
			devices[n++] = strdup(d->ifname);
		if (*d->virtio_name)
			devices[n++] = strdup(d->virtio_name);
	}
	vnet_dev_list_free(&list);
}

static struct shell *completing;
static const char *const *cand;		/* the candidates of this completion */
static char **cand_owned;
static const char *cand_prefix;		/* "mtu=": prepended to each value */

static char *generator(const char *text, int state)
{
	static size_t i, len, plen;
	const char *c;

	if (!state) {
		i = 0;
		plen = cand_prefix ? strlen(cand_prefix) : 0;
		len = strlen(text);
	}
	while (cand && (c = cand[i++])) {
		char *m;

		if (plen && (len < plen || strncasecmp(text, cand_prefix, plen)))
			continue;
		if (strncmp(c, text + plen, len - plen))
			continue;
		m = malloc(plen + strlen(c) + 1);
		if (m) {
			memcpy(m, text, plen);
			strcpy(m + plen, c);
		}
		return m;
	}
	return NULL;
}

static void cand_set(const char *const *c, char **owned)
{
	for (char **o = cand_owned; o && *o; o++)
		free(*o);
	free(cand_owned);
	cand_owned = owned;
	cand = c;
	cand_prefix = NULL;
}

static char **names_of_commands(void)
{
	size_t n = 0, k = 0;
	char **v;

	for (const struct subcommand *const *sc = subcommands; *sc; sc++)
		n++;
	v = calloc(n + 4, sizeof(*v));
	for (const struct subcommand *const *sc = subcommands; v && *sc; sc++)
		if (strcmp((*sc)->name, "shell"))
			v[k++] = strdup((*sc)->name);
	for (const char *const *w = shell_words; v && *w; w++)
		v[k++] = strdup(*w);
	return v;
}

static char **names_of_settings(bool assign)
{
	const struct vnet_tunable_info *t;
	size_t n = 0;
	char **v;

	while (vnet_tunable_at(n))
		n++;
	v = calloc(n + 1, sizeof(*v));
	for (size_t i = 0; v && (t = vnet_tunable_at(i)); i++) {
		v[i] = malloc(strlen(t->name) + 2);
		if (v[i])
			sprintf(v[i], "%s%s", t->name, assign ? "=" : "");
	}
	return v;
}

/* the values a setting takes that one can type: bool words, enum keywords */
static char **values_of_setting(const char *name)
{
	static const char *const bools[] = { "on", "off", NULL };
	const struct vnet_tunable_info *t = vnet_tunable_lookup(name);
	const char *const *vals;
	size_t n = 0;
	char **v;

	if (!t)
		return NULL;
	vals = t->type == VNET_TT_BOOL ? bools : t->values;
	for (const char *const *w = vals; w && *w; w++)
		n++;
	v = calloc(n + 1, sizeof(*v));
	for (size_t i = 0; v && i < n; i++)
		v[i] = strdup(vals[i]);
	return v;
}

static char **complete(const char *text, int start, int end)
{
	char *words[MAX_WORDS + 1];
	char *line = strndup(rl_line_buffer, start);
	const char *why;
	const struct subcommand *sc;
	int n, pos;
	char **m;

	(void)end;
	rl_attempted_completion_over = 1;	/* never file names */
	rl_completion_append_character = ' ';
	if (!line)
		return NULL;
	n = split_words(line, words, MAX_WORDS, &why);
	if (n < 0) {
		free(line);
		return NULL;
	}
	words[n] = NULL;
	sc = n ? cli_subcommand(words[0]) : NULL;
	if (!n) {
		cand_set(NULL, names_of_commands());
	} else if (!strcmp(words[0], "help")) {
		cand_set(NULL, n == 1 ? names_of_commands() : NULL);
	} else if (!strcmp(words[0], "use")) {
		read_devices(completing);
		cand_set((const char *const *)devices, NULL);
	} else if (!sc) {
		cand_set(NULL, NULL);
	} else if (*text == '-') {
		cand_set(NULL, cmd_options(sc));
	} else {
		/* DEV first unless "use" gave it, then the settings */
		pos = positionals(sc, n, words);
		if (sc->dev == CLI_DEV_FIRST && *completing->dev)
			pos++;
		if (sc->dev == CLI_DEV_NONE) {
			cand_set(NULL, NULL);
		} else if (sc->dev != CLI_DEV_FIRST || pos == 0) {
			read_devices(completing);
			cand_set((const char *const *)devices, NULL);
		} else if (!strcmp(sc->name, "set") && strchr(text, '=')) {
			char *name = strndup(text, strchr(text, '=') - text);

			cand_set(NULL, name ? values_of_setting(name) : NULL);
			if (name) {
				/* the prefix "name=" as typed */
				static char prefix[128];

				snprintf(prefix, sizeof(prefix), "%s=", name);
				cand_prefix = prefix;
			}
			free(name);
		} else {
			bool assign = !strcmp(sc->name, "set");

			cand_set(NULL, names_of_settings(assign));
			if (assign)
				rl_completion_append_character = '\0';
		}
	}
	if (cand_owned)
		cand = (const char *const *)cand_owned;
	free(line);
	m = rl_completion_matches(text, generator);
	return m;
}

static int on_signal_event(void)
{
	/* ^C at the prompt: drop the line, a new prompt */
	if (interrupted) {
		interrupted = 0;
		rl_replace_line("", 0);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

static int interactive(struct shell *sh)
{
	char prompt[sizeof(sh->dev) + 16];
	int ret = EXIT_OK;
	char *line;

	rl_readline_name = "vnetctl";
	rl_attempted_completion_function = complete;
	/* '=' splits no word: "mtu=9000" is one, completed whole */
	rl_completer_word_break_characters = " \t\n";
	/* ^C is ours (a flag), not readline's: it must not end the shell */
	rl_catch_signals = 0;
	rl_signal_event_hook = on_signal_event;
	completing = sh;
	history_open();
	while (!sh->quit) {
		snprintf(prompt, sizeof(prompt), "vnetctl%s%s> ", *sh->dev ? " " : "", sh->dev);
		interrupted = 0;
		line = readline(prompt);
		if (!line) {
			putchar('\n');
			break;
		}
		if (*line)
			history_add(line);
		interrupted = 0;
		ret = run_line(sh, line, "");
		free(line);
		if (interrupted)
			putchar('\n');	/* the prompt on a line of its own, not after "^C" */
	}
	cand_set(NULL, NULL);
	for (char **d = devices; d && *d; d++)
		free(*d);
	free(devices);
	devices = NULL;
	return sh->quit ? sh->quit_status : ret;
}
#else
/*
 * Without readline (the Windows build: none is packaged for mingw-w64) a
 * terminal gets the prompt and plain lines: no editing, history or completion.
 */
static int interactive(struct shell *sh)
{
	char *line = NULL;
	size_t cap = 0;
	int ret = EXIT_OK;

	while (!sh->quit) {
		printf("vnetctl%s%s> ", *sh->dev ? " " : "", sh->dev);
		fflush(stdout);
		interrupted = 0;
		if (getline(&line, &cap, stdin) < 0) {
			putchar('\n');
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		ret = run_line(sh, line, "");
	}
	free(line);
	return sh->quit ? sh->quit_status : ret;
}
#endif

/* ---- scripts ----------------------------------------------------------------------- */

/*
 * Stop at the first failing line with "FILE:LINE: ..." and its status, or
 * with @force go on and exit with the last failing line's status: a script
 * with a failure never exits 0.
 */
static int script(struct shell *sh, FILE *in, const char *name, bool force)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int failed = EXIT_OK;
	char where[PATH_MAX + 32];

	while (!sh->quit && getline(&line, &cap, in) >= 0) {
		int ret;

		lineno++;
		snprintf(where, sizeof(where), "%s:%lu: ", name, lineno);
		interrupted = 0;
		ret = run_line(sh, line, where);
		if (interrupted) {
			/* ^C ends the line as a failure: 128 + SIGINT, as a shell says */
			fprintf(stderr, "vnetctl: %sinterrupted\n", where);
			failed = 128 + SIGINT;
			if (!force)
				break;
			continue;
		}
		if (sh->quit) {
			if (!ret && failed)
				ret = failed;
			failed = ret;
			break;
		}
		if (!ret)
			continue;
		fprintf(stderr, "vnetctl: %sexit status %d\n", where, ret);
		failed = ret;
		if (!force)
			break;
	}
	free(line);
	return failed;
}

int cli_shell(const struct cli *base, const char *file, bool force)
{
	struct cli run = *base;
	struct shell sh = { .base = &run };
	struct sigaction sa = { .sa_handler = on_sigint }, old_int;
	FILE *in = stdin;
	int ret;

	run.shell = true;
	run.cmd = NULL;
	if (file && strcmp(file, "-")) {
		in = fopen(file, "re");
		if (!in) {
			fprintf(stderr, "vnetctl: %s: %s\n", file, strerror(errno));
			return EXIT_SYSTEM;
		}
	}
	sigaction(SIGINT, &sa, &old_int);
	/* ^C ends check's and bundle's sample windows too, not only stats */
	vnet_ctx_set_interrupt(run.ctx, &interrupted);
	sh.interactive = !file && isatty(STDIN_FILENO);
	if (sh.interactive)
		ret = interactive(&sh);
	else
		ret = script(&sh, in, file && strcmp(file, "-") ? file : "<stdin>", force);
	vnet_ctx_set_interrupt(run.ctx, NULL);
	sigaction(SIGINT, &old_int, NULL);
	if (in != stdin)
		fclose(in);
	return ret;
}

static int shell_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (opt != 'f')
		return EXIT_USAGE;
	*(bool *)data = true;
	return CLI_OPTS_CONTINUE;
}

static int shell_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_shell = {
	.name = "shell",
	.fn = shell_main,
	.synopsis = "[-f] [FILE]",
	.summary = "interactive shell, or run a script (also vnetctl -b FILE)",
	.about = "Read commands, one a line, from a terminal (with line editing, history\n"
		 "and completion), from standard input or from FILE (also vnetctl -b FILE).\n"
		 "A line is a command and its arguments without \"vnetctl\"; # starts a\n"
		 "comment.  \"use DEV\" selects the device later commands apply to when\n"
		 "they name none (\"use\" alone forgets it); \"exit [STATUS]\" ends.\n"
		 "A script stops at the first failing line (FILE:LINE: on stderr) with\n"
		 "its exit status.\n"
#ifndef VNET_HAVE_READLINE
		 "This build has no readline: a terminal gets plain lines, without\n"
		 "editing, history or completion.\n"
#endif
		 ,
	.opts = (const struct cli_opt[]){
		{ 'f', "force", NULL, "go on after a failing line; exit with the last failure's\n"
				      "status (0 only when every line succeeded)" },
		{ 0 },
	},
	.dev = CLI_DEV_NONE,
};

static int shell_main(struct cli *cli, int argc, char **argv)
{
	bool force = false;
	const char *file;
	int ret;

	if (cli->shell)
		return cli_usage_error(cli, "already in the shell");
	ret = cli_parse_opts(cli, argc, argv, shell_opt, &force);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	ret = cli_dev_arg(cli, argc, argv, optind, &file);
	if (ret)
		return ret;
	return cli_shell(cli, file, force);
}
