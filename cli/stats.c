// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stats.c - "vnetctl stats": per-device and per-queue counters and rates
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

struct stats_opts {
	double interval;	/* 0: not repeating */
	unsigned long count;	/* 0: until interrupted */
	bool count_set;
	bool queues;
	int mode;		/* 'r' rates, 't' totals, 0 default */
};

struct dev_state {
	struct vnet_dev *dev;
	struct vnet_stats *st;
	struct vnet_sample *prev;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static int stats_opt(struct cli *cli, int opt, const char *arg, void *data)
{
	struct stats_opts *o = data;
	unsigned long n;
	char *end;

	switch (opt) {
	case 'i':
		errno = 0;
		o->interval = strtod(arg, &end);
		if (errno || *end || end == arg || !(o->interval >= 0.1 && o->interval <= 3600))
			return cli_usage_error(cli, "interval '%s' is invalid: expected seconds from 0.1 to 3600",
					       arg);
		return CLI_OPTS_CONTINUE;
	case 'c':
		if (cli_parse_uint(cli, "count", arg, 1, 1000000000, &n))
			return EXIT_USAGE;
		o->count = n;
		o->count_set = true;
		return CLI_OPTS_CONTINUE;
	case 'q':
		o->queues = true;
		return CLI_OPTS_CONTINUE;
	case 'r':
	case 't':
		if (o->mode && o->mode != opt)
			return cli_usage_error(cli, "--rates and --totals exclude each other");
		o->mode = opt;
		return CLI_OPTS_CONTINUE;
	}
	return EXIT_USAGE;
}

/*
 * Sleep until @deadline (monotonic), advanced by @step each call: no drift.
 * Recorded samples (a bundle) are replayed at once: their times are theirs.
 */
static void wait_until(struct timespec *deadline, double step, bool offline)
{
	if (offline)
		return;
	deadline->tv_sec += (time_t)step;
	deadline->tv_nsec += (long)((step - (time_t)step) * 1e9);
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL) == EINTR)
		;
}

/* The end of a replayed recording: not an error once something was shown. */
#define END_OF_RECORDING (-1)

static int take(struct cli *cli, struct dev_state *ds, struct vnet_sample **s)
{
	int err = vnet_stats_sample(ds->st, s);

	if (err == -ENODATA)
		return END_OF_RECORDING;
	if (err) {
		cli_dev_error(cli, ds->dev, err);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* A recording that ends before the first report is an error: nothing to show. */
static int no_samples(struct cli *cli, const struct dev_state *ds, int ret)
{
	if (ret != END_OF_RECORDING)
		return ret;
	cli_error(cli, "%s: the recording holds too few samples for this report",
		  cli_dev_label(ds->dev));
	return EXIT_SYSTEM;
}

static int run(struct cli *cli, struct dev_state *devs, size_t n, const struct stats_opts *o)
{
	bool rates = o->mode == 'r' || (!o->mode && o->interval > 0);
	double interval = o->interval > 0 ? o->interval : 1.0;
	unsigned long count = o->count_set ? o->count : (o->interval > 0 ? 0 : 1);
	bool lines = count != 1;	/* JSON lines when repeating */
	bool offline = vnet_ctx_offline(cli->ctx);
	struct cli plain = *cli;
	struct timespec deadline;
	unsigned long done = 0;
	int ret;

	/* a recording without devices has no end to reach: one report */
	if (offline && !n)
		count = 1;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	if (rates) {
		for (size_t i = 0; i < n; i++) {
			ret = take(cli, &devs[i], &devs[i].prev);
			if (ret)
				return no_samples(cli, &devs[i], ret);
		}
		wait_until(&deadline, interval, offline);
	}
	/* JSON lines: one report a line, never pretty */
	plain.pretty = cli->pretty && !lines;
	while (!stop && (!count || done < count)) {
		struct vnet_printer *p = cli_printer(cli);

		vnet_print_open_array(p, NULL);
		for (size_t i = 0; i < n; i++) {
			struct vnet_sample *s;
			struct vnet_rates *r = NULL;

			ret = take(cli, &devs[i], &s);
			if (ret) {
				cli_printer_done(cli, p, true);
				return done ? (ret == END_OF_RECORDING ? EXIT_OK : ret) :
					      no_samples(cli, &devs[i], ret);
			}
			if (rates && vnet_rates_compute(devs[i].prev, s, &r)) {
				vnet_sample_free(s);
				cli_printer_done(cli, p, true);
				cli_error(cli, "%s: clock did not advance between samples",
					  cli_dev_label(devs[i].dev));
				return EXIT_SYSTEM;
			}
			vnet_sample_print(p, devs[i].dev, s, r, o->queues);
			vnet_rates_free(r);
			vnet_sample_free(devs[i].prev);
			devs[i].prev = s;
		}
		vnet_print_close(p);
		if (lines)
			vnet_print_fp(p, "\n");
		cli_printer_done(&plain, p, false);
		fflush(stdout);
		if (++done == count || stop)
			break;
		wait_until(&deadline, interval, offline);
	}
	return EXIT_OK;
}

static int stats_main(struct cli *cli, int argc, char **argv);

const struct subcommand cmd_stats = {
	.name = "stats",
	.fn = stats_main,
	.synopsis = "[DEV] [-i SECONDS] [-c COUNT] [-q] [-r|-t]",
	.summary = "per-queue counters and rates",
	.about = "Per-device and per-queue counters: packets, bytes, drops, kicks,\n"
		 "interrupts, tx stop/wake and timeouts, whichever the kernel keeps\n"
		 "(Linux 6.1 in ethtool -S, 6.10 and later partly in netdev qstats).\n",
	.opts = (const struct cli_opt[]){
		{ 'i', "interval", "SECONDS", "repeat every SECONDS (0.1 to 3600)" },
		{ 'c', "count", "COUNT", "stop after COUNT reports (default 1, or endless with -i)" },
		{ 'q', "queues", NULL, "one row per queue, not only the device total" },
		{ 'r', "rates", NULL, "per-second rates over the measured interval\n"
				      "(default with -i; without -i, one 1-second interval)" },
		{ 't', "totals", NULL, "counters as they are (default without -i)" },
		{ 0 },
	},
	.after = "From a support bundle (VNET_FROM=FILE) the recorded samples are replayed\n"
		 "at once, each report the next sample with its recorded interval; with -i\n"
		 "and no -c, until the last.\n"
		 "With -j and more than one report, each report is one line of JSON.\n",
	.dev = CLI_DEV_OPTIONAL,
};

static int stats_main(struct cli *cli, int argc, char **argv)
{
	struct stats_opts o = { 0 };
	struct vnet_dev_list list;
	struct dev_state *devs;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	size_t n = 0;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, stats_opt, &o, VNET_FILL_CHANNELS, &dev, &list);
	if (ret != CLI_OPTS_CONTINUE)
		return ret;
	devs = calloc(list.n ? list.n : 1, sizeof(*devs));
	if (!devs) {
		vnet_dev_list_free(&list);
		cli_error(cli, "out of memory");
		return EXIT_SYSTEM;
	}
	for (size_t i = 0; i < list.n; i++) {
		struct dev_state *ds = &devs[n];
		int err;

		if (!*list.devs[i]->ifname && !list.devs[i]->host && !dev)
			continue;	/* no driver bound: nothing counts */
		ds->dev = list.devs[i];
		err = vnet_stats_open(cli->ctx, ds->dev, &ds->st);
		if (err) {
			cli_dev_error(cli, ds->dev, err);
			ret = EXIT_SYSTEM;
			goto out;
		}
		n++;
	}
	if (!n && !cli->json)
		printf("no virtio-net devices\n");
	/*
	 * ^C ends this command's loop, and only this one: the shell runs more
	 * commands in this process, so the flag starts clear and the handlers
	 * the caller had (the shell's, or the default) come back.
	 */
	stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	ret = n || cli->json ? run(cli, devs, n, &o) : EXIT_OK;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	/*
	 * A caller with a handler of its own (the shell) is told of the signal
	 * that ended the loop: a script stops there.  Alone, ^C is the normal
	 * end of "stats -i" (exit 0), as before.
	 */
	if (stop) {
		const struct sigaction *old = stop == SIGINT ? &old_int : &old_term;

		if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL &&
		    old->sa_handler != SIG_IGN)
			raise(stop);
	}
out:
	for (size_t i = 0; i < n; i++) {
		vnet_sample_free(devs[i].prev);
		vnet_stats_close(devs[i].st);
	}
	free(devs);
	vnet_dev_list_free(&list);
	return ret;
}
