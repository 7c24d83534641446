// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * batch.c - vnettop --batch: frames of the model as text or JSON lines
 *
 * Prints the model and nothing else: the source samples (top_source_tick),
 * the model divides by the measured interval.  The loop only decides when.
 */
#include "config.h"

#include <errno.h>
#ifndef _WIN32
#include <langinfo.h>	/* lib/compat.h has the Windows one */
#endif
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "model.h"
#include "view.h"

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int top_batch_text_frame(FILE *out, const struct top_model *m, unsigned long frame,
			 double wall_time, double every, int width, bool utf8)
{
	struct top_lines lines = { 0 };
	time_t secs = (time_t)wall_time;
	struct tm tm;
	char when[40];

	if (!localtime_r(&secs, &tm) || !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm))
		snprintf(when, sizeof(when), "%.0f", wall_time);
	top_layout(m, width, utf8, &lines);
	fprintf(out, "vnettop %s  frame %lu  every %g s\n", when, frame, every);
	for (int i = 0; i < lines.n; i++)
		fprintf(out, "%s\n", lines.v[i].text);
	fputc('\n', out);
	top_lines_free(&lines);
	return 0;
}

/* NULL (JSON null) for unknown; %.15g so that 0.1 + 0.2 reads as 0.3, not 0.30000000000000004 */
static struct json_object *json_number(double v)
{
	char buf[40];

	if (!isfinite(v))
		return NULL;
	snprintf(buf, sizeof(buf), "%.15g", v);
	return json_object_new_double_s(v, buf);
}

static struct json_object *json_u32(uint32_t v)
{
	return v == VNET_UNKNOWN ? NULL : json_object_new_int64(v);
}

static struct json_object *json_text(const char *s)
{
	return *s ? json_object_new_string(s) : NULL;
}

static struct json_object *json_tri(enum vnet_tri t)
{
	return t == VNET_TRI_UNKNOWN ? NULL : json_object_new_boolean(t == VNET_TRI_YES);
}

/* {"rx-packets":X,...}: the numeric columns but the queue number, keyed by their names */
static struct json_object *json_cols(const double *val)
{
	struct json_object *o = json_object_new_object();

	for (int c = TOP_COL_QUEUE + 1; o && c < TOP_NUM_COLS; c++)
		json_object_object_add(o, top_col_info(c)->name, json_number(val[c]));
	return o;
}

/* One device's values in the model's current mode: the device's, then each queue's. */
static double *snapshot(const struct top_dev_row *d)
{
	double *v = malloc((d->n_queues + 1) * TOP_NUM_COLS * sizeof(*v));

	if (!v)
		return NULL;
	memcpy(v, d->total, TOP_NUM_COLS * sizeof(*v));
	for (size_t q = 0; q < d->n_queues; q++)
		memcpy(v + (q + 1) * TOP_NUM_COLS, d->queues[q].val, TOP_NUM_COLS * sizeof(*v));
	return v;
}

static int queue_index_order(const void *a, const void *b)
{
	const struct top_queue_row *x = *(const struct top_queue_row *const *)a;
	const struct top_queue_row *y = *(const struct top_queue_row *const *)b;

	return (x->index > y->index) - (x->index < y->index);
}

/* The totals of queue @index in a snapshot (its QUEUE column holds the index in both modes). */
static const double *snapshot_queue(const double *totals, size_t n_queues, uint32_t index)
{
	static double unknown[TOP_NUM_COLS];

	for (int c = 0; c < TOP_NUM_COLS; c++)
		unknown[c] = NAN;
	for (size_t q = 0; q < n_queues; q++)
		if (totals[(q + 1) * TOP_NUM_COLS + TOP_COL_QUEUE] == index)
			return totals + (q + 1) * TOP_NUM_COLS;
	return unknown;
}

static struct json_object *json_device(const struct top_dev_row *d, const double *totals)
{
	struct json_object *o = json_object_new_object(), *queues = json_object_new_array();
	const struct top_queue_row **order = calloc(d->n_queues + 1, sizeof(*order));

	if (!o || !queues || !order) {
		json_object_put(o);
		json_object_put(queues);
		free(order);
		return NULL;
	}
	json_object_object_add(o, "ifname", json_text(d->ifname));
	json_object_object_add(o, "virtio_name", json_text(d->virtio_name));
	json_object_object_add(o, "ifindex", json_u32(d->ifindex));
	json_object_object_add(o, "state", json_object_new_string(d->gone ? "gone" : "present"));
	json_object_object_add(o, "mode", json_text(d->mode));
	json_object_object_add(o, "carrier", json_tri(d->carrier));
	json_object_object_add(o, "speed_mbps", json_u32(d->speed_mbps));
	json_object_object_add(o, "mtu", json_u32(d->mtu));
	json_object_object_add(o, "queues_active", json_u32(d->queues_active));
	json_object_object_add(o, "queues_max", json_u32(d->queues_max));
	json_object_object_add(o, "irq_mode", json_text(d->irq_mode));
	json_object_object_add(o, "interval", d->interval > 0 ? json_number(d->interval) : NULL);
	json_object_object_add(o, "error", json_text(d->error));
	json_object_object_add(o, "rates", json_cols(d->total));
	json_object_object_add(o, "totals", json_cols(totals));
	/* index order, whatever the model's sort */
	for (size_t q = 0; q < d->n_queues; q++)
		order[q] = &d->queues[q];
	qsort(order, d->n_queues, sizeof(*order), queue_index_order);
	for (size_t k = 0; k < d->n_queues; k++) {
		const struct top_queue_row *q = order[k];
		struct json_object *jq = json_object_new_object();

		if (!jq)
			break;
		json_object_object_add(jq, "index", json_object_new_int64(q->index));
		json_object_object_add(jq, "active", json_tri(q->active));
		json_object_object_add(jq, "rates", json_cols(q->val));
		json_object_object_add(jq, "totals",
				       json_cols(snapshot_queue(totals, d->n_queues, q->index)));
		json_object_object_add(jq, "irq_cpu", json_text(q->irq_cpu));
		json_object_object_add(jq, "xps", json_text(q->xps));
		json_object_object_add(jq, "rps", json_text(q->rps));
		json_object_array_add(queues, jq);
	}
	json_object_object_add(o, "queues", queues);
	free(order);
	return o;
}

int top_batch_json_frame(FILE *out, struct top_model *m, unsigned long frame, double wall_time)
{
	bool was_totals = top_model_totals(m);
	size_t n = top_model_n_devs(m);
	double **totals = calloc(n + 1, sizeof(*totals));
	struct json_object *root = json_object_new_object(), *devs = json_object_new_array();
	int err = 0;

	if (!totals || !root || !devs) {
		err = -ENOMEM;
		goto out;
	}
	/* the model holds one mode at a time: take the totals, then build from the rates */
	top_model_set_totals(m, true);
	for (size_t i = 0; i < n && !err; i++) {
		totals[i] = snapshot(top_model_dev(m, i));
		if (!totals[i])
			err = -ENOMEM;
	}
	top_model_set_totals(m, false);
	for (size_t i = 0; i < n && !err; i++) {
		struct json_object *d = json_device(top_model_dev(m, i), totals[i]);

		if (!d)
			err = -ENOMEM;
		else
			json_object_array_add(devs, d);
	}
	if (err)
		goto out;
	json_object_object_add(root, "schema", json_object_new_int(1));
	json_object_object_add(root, "frame", json_object_new_int64(frame));
	{
		char t[32];

		snprintf(t, sizeof(t), "%.3f", wall_time);
		json_object_object_add(root, "time", json_object_new_double_s(wall_time, t));
	}
	json_object_object_add(root, "devices", devs);
	devs = NULL;
	vnet_json_make_utf8(root);	/* device names are the system's bytes */
	fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	top_model_set_totals(m, was_totals);
	for (size_t i = 0; totals && i < n; i++)
		free(totals[i]);
	free(totals);
	json_object_put(devs);
	json_object_put(root);
	return err;
}

/* $COLUMNS when it is a width, else 80 (a pipe has none) */
static int batch_width(void)
{
	const char *cols = getenv("COLUMNS");
	char *end;
	long w = cols ? strtol(cols, &end, 10) : 0;

	return cols && *cols && !*end && w >= 20 && w <= 500 ? (int)w : 80;
}

static bool locale_utf8(void)
{
	/* LC_CTYPE only: LC_NUMERIC would put commas into the JSON numbers */
	setlocale(LC_CTYPE, "");
	return !strcmp(nl_langinfo(CODESET), "UTF-8");
}

/* Until @deadline (monotonic); false when SIGINT or SIGTERM came. */
static bool wait_until(double deadline, const sigset_t *stop)
{
	for (;;) {
		double left = deadline - mono_now();
		struct timespec ts;
		int sig;

		if (left <= 0)
			return true;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
		sig = sigtimedwait(stop, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			return false;
	}
}

int top_batch(struct vnet_ctx *ctx, struct top_source *src, struct top_model *m,
	      const struct top_batch_opts *o)
{
	int width = batch_width();
	bool utf8 = locale_utf8();
	/* a recording (a bundle) is replayed at full speed, to its end */
	bool offline = vnet_ctx_offline(ctx);
	double next;
	sigset_t stop;

	/*
	 * Blocked, the signals wait for sigtimedwait(): a frame being sampled
	 * or printed is always finished, and no signal is lost between the
	 * check and the sleep.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	top_model_set_totals(m, o->totals);
	next = mono_now();
	for (unsigned long frame = 1; !o->iterations || frame <= o->iterations; frame++) {
		int err;

		if (frame > 1 && !offline && !wait_until(next, &stop))
			break;
		err = top_source_tick(src, m);
		if (err == -ENODATA)
			break;
		if (err) {
			top_print_error(vnet_ctx_error(ctx));
			return 2;
		}
		/* a late wake-up does not make the next sample come early */
		next += o->interval;
		if (next < mono_now())
			next = mono_now() + o->interval;
		if (o->json)
			err = top_batch_json_frame(stdout, m, frame, wall_now());
		else
			err = top_batch_text_frame(stdout, m, frame, wall_now(), o->interval, width,
						   utf8);
		if (err) {
			fprintf(stderr, "vnettop: out of memory\n");
			return 2;
		}
		if (fflush(stdout) || ferror(stdout)) {
			fprintf(stderr, "vnettop: writing the frames: %s\n", strerror(errno));
			return 2;
		}
	}
	return 0;
}
