// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stats.c - "vnetctl stats": per-device and per-queue counters and rates
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

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

/* Columns of the text table: direction and metric. */
static const struct {
	enum vnet_dir dir;
	enum vnet_metric m;
	const char *title;
} columns[] = {
	{ VNET_RX, VNET_M_PACKETS, "rx-pkts" },
	{ VNET_RX, VNET_M_BYTES, "rx-bytes" },
	{ VNET_RX, VNET_M_DROPS, "rx-drops" },
	{ VNET_RX, VNET_M_KICKS, "rx-kicks" },
	{ VNET_RX, VNET_M_INTERRUPTS, "rx-irqs" },
	{ VNET_TX, VNET_M_PACKETS, "tx-pkts" },
	{ VNET_TX, VNET_M_BYTES, "tx-bytes" },
	{ VNET_TX, VNET_M_KICKS, "tx-kicks" },
	{ VNET_TX, VNET_M_INTERRUPTS, "tx-irqs" },
	{ VNET_TX, VNET_M_STOP, "tx-stop" },
	{ VNET_TX, VNET_M_WAKE, "tx-wake" },
	{ VNET_TX, VNET_M_TIMEOUTS, "tx-tmo" },
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
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

static struct json_object *num_json(double v, bool integer)
{
	if (isnan(v))
		return NULL;
	return integer ? json_object_new_uint64((uint64_t)v) : json_object_new_double(v);
}

static struct json_object *dir_json(enum vnet_dir dir, const double *v, bool integer)
{
	struct json_object *o = json_object_new_object();

	for (unsigned int m = 0; m < VNET_METRICS; m++) {
		const char *name = vnet_metric_name(dir, m);

		if (name)
			json_object_object_add(o, name, num_json(v[m], integer));
	}
	return o;
}

static void sample_values(const uint64_t *in, double *out)
{
	for (unsigned int m = 0; m < VNET_METRICS; m++)
		out[m] = in[m] == VNET_UNKNOWN64 ? NAN : (double)in[m];
}

static struct json_object *extras_json(const struct vnet_extra_counter *e, unsigned int n)
{
	struct json_object *o = json_object_new_object();

	for (unsigned int i = 0; i < n; i++)
		json_object_object_add(o, e[i].name, json_object_new_uint64(e[i].value));
	return o;
}

static struct json_object *report_json(const struct dev_state *ds, const struct vnet_sample *s,
				       const struct vnet_rates *r)
{
	struct json_object *o = json_object_new_object(), *qs, *src, *t;
	double v[VNET_METRICS];

	json_object_object_add(o, "ifname", json_object_new_string(ds->dev->ifname));
	json_object_object_add(o, "virtio", json_object_new_string(ds->dev->virtio_name));
	json_object_object_add(o, "time", json_object_new_double(s->real_ns / 1e9));
	json_object_object_add(o, "kind", json_object_new_string(r ? "rates" : "totals"));
	json_object_object_add(o, "interval", r ? json_object_new_double(r->interval) : NULL);

	t = json_object_new_object();
	for (unsigned int d = 0; d < 2; d++) {
		if (r) {
			json_object_object_add(t, d ? "tx" : "rx", dir_json(d, r->total[d], false));
			continue;
		}
		for (unsigned int m = 0; m < VNET_METRICS; m++) {
			uint64_t tot = vnet_sample_total(s, d, m);

			v[m] = tot == VNET_UNKNOWN64 ? NAN : (double)tot;
		}
		json_object_object_add(t, d ? "tx" : "rx", dir_json(d, v, true));
	}
	json_object_object_add(o, "total", t);

	qs = json_object_new_array();
	for (unsigned int i = 0; i < s->n_queues; i++) {
		const struct vnet_queue_sample *q = &s->queues[i];
		struct json_object *qo = json_object_new_object();

		json_object_object_add(qo, "index", json_object_new_int(q->index));
		for (unsigned int d = 0; d < 2; d++) {
			if (r) {
				json_object_object_add(qo, d ? "tx" : "rx",
						       dir_json(d, r->queues[i].r[d], false));
			} else {
				sample_values(q->v[d], v);
				json_object_object_add(qo, d ? "tx" : "rx", dir_json(d, v, true));
			}
		}
		if (r) {
			json_object_object_add(qo, "reset", json_object_new_boolean(r->queues[i].reset));
			json_object_object_add(qo, "new", json_object_new_boolean(r->queues[i].is_new));
		} else {
			json_object_object_add(qo, "extra", extras_json(q->extra, q->n_extra));
		}
		json_object_array_add(qs, qo);
	}
	json_object_object_add(o, "queues", qs);

	src = json_object_new_object();
	for (unsigned int d = 0; d < 2; d++) {
		struct json_object *so = json_object_new_object();

		for (unsigned int m = 0; m < VNET_METRICS; m++) {
			const char *name = vnet_metric_name(d, m);

			if (name)
				json_object_object_add(so, name, s->source[d][m] ?
						       json_object_new_string(vnet_source_name(s->source[d][m])) :
						       NULL);
		}
		json_object_object_add(src, d ? "tx" : "rx", so);
	}
	json_object_object_add(o, "sources", src);
	if (!r)
		json_object_object_add(o, "extra", extras_json(s->extra, s->n_extra));
	return o;
}

static void cell(double v, bool integer)
{
	if (isnan(v))
		printf(" %12s", "-");
	else if (integer)
		printf(" %12.0f", v);
	else
		printf(" %12.1f", v);
}

static void report_text(const struct dev_state *ds, const struct vnet_sample *s,
			const struct vnet_rates *r, bool queues)
{
	printf("%s (%s)", ds->dev->ifname, ds->dev->virtio_name);
	if (r)
		printf(": per second over %.2f s\n", r->interval);
	else
		printf(": counters\n");
	printf("%-6s", "queue");
	for (size_t c = 0; c < sizeof(columns) / sizeof(columns[0]); c++)
		printf(" %12s", columns[c].title);
	putchar('\n');
	printf("%-6s", "all");
	for (size_t c = 0; c < sizeof(columns) / sizeof(columns[0]); c++) {
		if (r) {
			cell(r->total[columns[c].dir][columns[c].m], false);
		} else {
			uint64_t t = vnet_sample_total(s, columns[c].dir, columns[c].m);

			cell(t == VNET_UNKNOWN64 ? NAN : (double)t, true);
		}
	}
	putchar('\n');
	for (unsigned int i = 0; queues && i < s->n_queues; i++) {
		const struct vnet_queue_sample *q = &s->queues[i];
		char label[16];

		snprintf(label, sizeof(label), "%u%s", q->index,
			 r && r->queues[i].reset ? "*" : r && r->queues[i].is_new ? "+" : "");
		printf("%-6s", label);
		for (size_t c = 0; c < sizeof(columns) / sizeof(columns[0]); c++) {
			uint64_t v = q->v[columns[c].dir][columns[c].m];

			if (r)
				cell(r->queues[i].r[columns[c].dir][columns[c].m], false);
			else
				cell(v == VNET_UNKNOWN64 ? NAN : (double)v, true);
		}
		putchar('\n');
	}
}

/* Sleep until @deadline (monotonic), advanced by @step each call: no drift. */
static void wait_until(struct timespec *deadline, double step)
{
	deadline->tv_sec += (time_t)step;
	deadline->tv_nsec += (long)((step - (time_t)step) * 1e9);
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL) == EINTR)
		;
}

static int take(struct cli *cli, struct dev_state *ds, struct vnet_sample **s)
{
	int err = vnet_stats_sample(ds->st, s);

	if (err) {
		cli_error(cli, "%s: %s", ds->dev->ifname,
			  *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) : strerror(-err));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

static int run(struct cli *cli, struct dev_state *devs, size_t n, const struct stats_opts *o)
{
	bool rates = o->mode == 'r' || (!o->mode && o->interval > 0);
	double interval = o->interval > 0 ? o->interval : 1.0;
	unsigned long count = o->count_set ? o->count : (o->interval > 0 ? 0 : 1);
	bool lines = count != 1;	/* JSON lines when repeating */
	struct timespec deadline;
	unsigned long done = 0;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	if (rates) {
		for (size_t i = 0; i < n; i++) {
			ret = take(cli, &devs[i], &devs[i].prev);
			if (ret)
				return ret;
		}
		wait_until(&deadline, interval);
	}
	while (!stop && (!count || done < count)) {
		struct json_object *arr = cli->json ? json_object_new_array() : NULL;

		for (size_t i = 0; i < n; i++) {
			struct vnet_sample *s;
			struct vnet_rates *r = NULL;

			ret = take(cli, &devs[i], &s);
			if (ret) {
				json_object_put(arr);
				return ret;
			}
			if (rates && vnet_rates_compute(devs[i].prev, s, &r)) {
				vnet_sample_free(s);
				json_object_put(arr);
				cli_error(cli, "%s: clock did not advance between samples",
					  devs[i].dev->ifname);
				return EXIT_SYSTEM;
			}
			if (arr)
				json_object_array_add(arr, report_json(&devs[i], s, r));
			else
				report_text(&devs[i], s, r, o->queues);
			vnet_rates_free(r);
			vnet_sample_free(devs[i].prev);
			devs[i].prev = s;
		}
		if (arr) {
			struct cli plain = *cli;

			plain.pretty = cli->pretty && !lines;
			cli_json_print(&plain, arr);
		} else if (lines) {
			putchar('\n');
		}
		fflush(stdout);
		if (++done == count || stop)
			break;
		wait_until(&deadline, interval);
	}
	return EXIT_OK;
}

int stats_main(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
		"Usage: vnetctl [-j] [-p] stats [DEV] [-i SECONDS] [-c COUNT] [-q] [-r|-t]\n"
		"\n"
		"Per-device and per-queue counters: packets, bytes, drops, kicks,\n"
		"interrupts, tx stop/wake and timeouts, whichever the kernel keeps\n"
		"(Linux 6.1 in ethtool -S, 6.10 and later partly in netdev qstats).\n"
		"  -i, --interval SECONDS  repeat every SECONDS (0.1 to 3600)\n"
		"  -c, --count COUNT       stop after COUNT reports (default 1, or endless with -i)\n"
		"  -q, --queues            one row per queue, not only the device total\n"
		"  -r, --rates             per-second rates over the measured interval\n"
		"                          (default with -i; without -i, one 1-second interval)\n"
		"  -t, --totals            counters as they are (default without -i)\n"
		"With -j and more than one report, each report is one line of JSON.\n";
	static const struct option extra[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "queues", no_argument, NULL, 'q' },
		{ "rates", no_argument, NULL, 'r' },
		{ "totals", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct stats_opts o = { 0 };
	struct vnet_dev_list list;
	struct dev_state *devs;
	struct sigaction sa = { .sa_handler = on_signal };
	size_t n = 0;
	const char *dev;
	int ret;

	ret = cli_start(cli, argc, argv, usage, extra, "i:c:qrt", stats_opt, &o, VNET_FILL_CHANNELS,
			&dev, &list);
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

		if (!*list.devs[i]->ifname && !dev)
			continue;	/* no driver bound: nothing counts */
		ds->dev = list.devs[i];
		err = vnet_stats_open(cli->ctx, ds->dev, &ds->st);
		if (err) {
			cli_error(cli, "%s: %s", cli_dev_label(ds->dev),
				  *vnet_ctx_error(cli->ctx) ? vnet_ctx_error(cli->ctx) : strerror(-err));
			ret = EXIT_SYSTEM;
			goto out;
		}
		n++;
	}
	if (!n && !cli->json)
		printf("no virtio-net devices\n");
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = n || cli->json ? run(cli, devs, n, &o) : EXIT_OK;
out:
	for (size_t i = 0; i < n; i++) {
		vnet_sample_free(devs[i].prev);
		vnet_stats_close(devs[i].st);
	}
	free(devs);
	vnet_dev_list_free(&list);
	return ret;
}
