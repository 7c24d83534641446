// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bundle-collect.c - vnet_bundle_collect(): everything about some devices
 *
 * The rendered members (show, check, explain, samples) come from the very
 * printers the commands use, so that what a bundle holds is byte for byte
 * what vnetctl printed on the collecting machine at that moment.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bundle.h"

#define WINDOW_MAX 600.0
#define STEP_MIN 0.1
#define STEP_MAX 60.0
#define STEP_DEFAULT 1.0

struct collect {
	struct vnet_ctx *ctx;
	struct vnet_dev_list *list;
	struct vnet_bundle_opts opts;
	struct vnet_bundle_writer *w;
	struct vnet_redactor *r;
	struct vnet_system sys;
	bool sys_ok;
	/* per device: the samples taken */
	struct vnet_sample ***samples;
	size_t *n_samples;
	size_t n_planned;
	size_t jobs_done;	/* of window_jobs[] */
};

static void progress(const struct collect *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress(const struct collect *c, const char *fmt, ...)
{
	char stage[PATH_MAX + 16];
	va_list ap;

	if (!c->opts.progress)
		return;
	va_start(ap, fmt);
	vsnprintf(stage, sizeof(stage), fmt, ap);
	va_end(ap);
	c->opts.progress(c->opts.data, stage);
}

static const char *label(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

/* What the caller asked, members beyond its size at their defaults; -EINVAL explained. */
static int take_opts(struct vnet_ctx *ctx, const struct vnet_bundle_opts *in,
		     struct vnet_bundle_opts *o)
{
	memset(o, 0, sizeof(*o));
	if (in) {
		if (in->size < sizeof(in->size))
			return vnet_set_error(ctx, -EINVAL, "bundle options: size %zu is too small "
					      "(set it to sizeof(struct vnet_bundle_opts))",
					      in->size);
		memcpy(o, in, in->size < sizeof(*o) ? in->size : sizeof(*o));
	}
	if (!(o->window >= 0 && o->window <= WINDOW_MAX))
		return vnet_set_error(ctx, -EINVAL, "sample window %g s is out of range: 0 to %g s",
				      o->window, WINDOW_MAX);
	if (o->step == 0)
		o->step = STEP_DEFAULT;
	if (!(o->step >= STEP_MIN && o->step <= STEP_MAX))
		return vnet_set_error(ctx, -EINVAL, "sample step %g s is out of range: %g to %g s",
				      o->step, STEP_MIN, STEP_MAX);
	return 0;
}

/* A member of text: the writer copies it. */
static int add_text(struct collect *c, const char *name, const char *text, size_t len)
{
	return vnet_bundle_add(c->w, name, text, len);
}

/* @obj as "vnetctl -j" prints it (one line), as member @name; takes @obj. */
static int add_json(struct collect *c, const char *name, struct json_object *obj)
{
	const char *s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
							    JSON_C_TO_STRING_NOSLASHESCAPE);
	char *line = s ? malloc(strlen(s) + 2) : NULL;
	int err;

	if (!line) {
		json_object_put(obj);
		return vnet_oom(c->ctx);
	}
	strcpy(line, s);
	strcat(line, "\n");
	json_object_put(obj);
	err = add_text(c, name, line, strlen(line));
	free(line);
	return err;
}

/*
 * One command's output in both forms: @render describes it through a
 * printer once for "NAME.json" and once for "NAME.txt".  A render that
 * fails leaves the reason in the text member and no JSON, as the command
 * would print nothing on stdout.
 */
typedef int (*render_fn)(struct collect *c, struct vnet_printer *p);

static int add_rendered(struct collect *c, const char *name, render_fn render)
{
	char member[64];
	struct vnet_printer *p;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	int err, ret;

	fp = open_memstream(&text, &len);
	if (!fp)
		return vnet_oom(c->ctx);
	p = vnet_printer_new_text(fp);
	if (!p) {
		fclose(fp);
		free(text);
		return vnet_oom(c->ctx);
	}
	ret = render(c, p);
	vnet_printer_free(p);
	if (ret) {
		/* the reason instead of the output, as vnetctl would have said it */
		fseek(fp, 0, SEEK_SET);
		fprintf(fp, "vnetctl %s: %s\n", name, vnet_ctx_error(c->ctx));
	}
	if (fclose(fp)) {
		free(text);
		return vnet_oom(c->ctx);
	}
	snprintf(member, sizeof(member), "%s.txt", name);
	err = add_text(c, member, text, len);
	free(text);
	if (err || ret)
		return err;

	p = vnet_printer_new_json();
	if (!p)
		return vnet_oom(c->ctx);
	ret = render(c, p);
	if (ret) {
		vnet_printer_free(p);
		return 0;
	}
	snprintf(member, sizeof(member), "%s.json", name);
	err = add_json(c, member, vnet_printer_take(p));
	vnet_printer_free(p);
	return err;
}

/* cli_report_devices(): a JSON array, or text blocks separated by blank lines */
static void devices_begin(struct vnet_printer *p)
{
	vnet_print_open_array(p, NULL);
}

static void devices_end(const struct collect *c, struct vnet_printer *p)
{
	vnet_print_close(p);
	if (!c->list->n)
		vnet_print_fp(p, "no virtio-net devices\n");
}

static int render_show(struct collect *c, struct vnet_printer *p)
{
	devices_begin(p);
	for (size_t i = 0; i < c->list->n; i++) {
		if (i)
			vnet_print_fp(p, "\n");
		vnet_dev_print_system(p, c->list->devs[i], c->sys_ok ? &c->sys : NULL);
	}
	devices_end(c, p);
	return 0;
}

static int render_explain(struct collect *c, struct vnet_printer *p)
{
	int err = 0;

	devices_begin(p);
	for (size_t i = 0; i < c->list->n && !err; i++) {
		struct vnet_explanation *e;

		if (i)
			vnet_print_fp(p, "\n");
		err = vnet_explain(c->ctx, c->list->devs[i], &e);
		if (!err) {
			vnet_explanation_print(p, e);
			vnet_explanation_free(e);
		}
	}
	devices_end(c, p);
	return err;
}

static int render_check(struct collect *c, struct vnet_printer *p)
{
	struct vnet_check_opts o = { .size = sizeof(o) };
	struct vnet_findings *f;
	int err = vnet_check(c->ctx, c->list, &o, &f);

	if (err)
		return err;
	vnet_findings_print(p, f, VNET_SEV_INFO, 0);
	vnet_findings_free(f);
	return 0;
}

/* "vnetctl -j stats -q -t DEV" of every sample, in time order: JSON Lines. */
static int add_samples(struct collect *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int err = 0;

	if (!fp)
		return vnet_oom(c->ctx);
	for (size_t k = 0; k < c->n_planned && !err; k++) {
		for (size_t i = 0; i < c->list->n && !err; i++) {
			struct vnet_printer *p;
			struct json_object *obj;

			if (k >= c->n_samples[i])
				continue;
			p = vnet_printer_new_json();
			if (!p) {
				err = vnet_oom(c->ctx);
				break;
			}
			vnet_print_open_array(p, NULL);
			vnet_sample_print(p, c->list->devs[i], c->samples[i][k], NULL, true);
			vnet_print_close(p);
			obj = vnet_printer_take(p);
			vnet_printer_free(p);
			fprintf(fp, "%s\n", json_object_to_json_string_ext(obj,
					JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(obj);
		}
	}
	if (fclose(fp)) {
		free(text);
		return vnet_oom(c->ctx);
	}
	if (!err)
		err = add_text(c, "samples.json", text, len);
	free(text);
	return err;
}

static int job_show(struct collect *c)
{
	progress(c, "rendering show");
	return add_rendered(c, "show", render_show);
}

static int job_check(struct collect *c)
{
	progress(c, "running checks");
	return add_rendered(c, "check", render_check);
}

static int job_explain(struct collect *c)
{
	progress(c, "explaining");
	return add_rendered(c, "explain", render_explain);
}

static int job_raw(struct collect *c)
{
	if (!c->ctx->ops->collect)
		return 0;
	progress(c, "reading raw sources");
	return c->ctx->ops->collect(c->ctx, c->list, c->w, c->r);
}

/*
 * What needs no counters: run one by one between the samples, where the
 * window would otherwise sleep, so that a bundle costs little more than its
 * window (measured in a TCG guest: 7.2 s for a 5 s window when these ran
 * after it).  Each must take well under a step, or the next sample is late
 * (its interval is measured, so rates stay right).
 */
static int (*const window_jobs[])(struct collect *c) = {
	job_show, job_check, job_explain, job_raw,
};

/* The next job not yet run; 0 when none is left. */
static int run_window_job(struct collect *c)
{
	if (c->jobs_done >= ARRAY_SIZE(window_jobs))
		return 0;
	return window_jobs[c->jobs_done++](c);
}

static void deadline_add(struct timespec *t, double s)
{
	t->tv_sec += (time_t)s;
	t->tv_nsec += (long)((s - (time_t)s) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/*
 * window / step + 1 samples of every device at fixed monotonic deadlines
 * (the first at once), so that the intervals do not drift with the cost of
 * sampling.  A device that vanishes keeps what it gave and marks the bundle
 * partial; one without counters has none.
 */
static int sample_devices(struct collect *c)
{
	size_t n = c->list->n;
	struct vnet_stats **st = calloc(n ? n : 1, sizeof(*st));
	bool offline = vnet_ctx_offline(c->ctx);
	struct timespec deadline;
	int err = 0;

	c->n_planned = (size_t)floor(c->opts.window / c->opts.step + 1e-9) + 1;
	c->samples = calloc(n ? n : 1, sizeof(*c->samples));
	c->n_samples = calloc(n ? n : 1, sizeof(*c->n_samples));
	if (!st || !c->samples || !c->n_samples) {
		free(st);
		return vnet_oom(c->ctx);
	}
	for (size_t i = 0; i < n; i++) {
		struct vnet_dev *dev = c->list->devs[i];

		c->samples[i] = calloc(c->n_planned, sizeof(**c->samples));
		if (!c->samples[i]) {
			err = vnet_oom(c->ctx);
			goto out;
		}
		/* no driver bound: nothing counts (as "vnetctl stats" skips it) */
		if (!*dev->ifname)
			continue;
		if (vnet_stats_open(c->ctx, dev, &st[i])) {
			/* counters are facts like any other: unreadable ones are absent */
			st[i] = NULL;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	for (size_t k = 0; k < c->n_planned; k++) {
		/* the window would only wait: do the next job meanwhile */
		if (k && (err = run_window_job(c)))
			goto out;
		if (k) {
			deadline_add(&deadline, c->opts.step);
			if (!offline && (err = vnet_sleep_until(c->ctx, &deadline)))
				goto out;
		}
		progress(c, "sampling counters %zu/%zu", k + 1, c->n_planned);
		for (size_t i = 0; i < n; i++) {
			struct vnet_sample *s;
			int ret;

			if (!st[i])
				continue;
			ret = vnet_stats_sample(st[i], &s);
			if (!ret) {
				c->samples[i][c->n_samples[i]++] = s;
				continue;
			}
			if (ret == -ENOMEM) {
				err = ret;
				goto out;
			}
			/* a recording ran out: what it held is what there is */
			if (ret != -ENODATA) {
				char reason[256];

				if (ret == -ENODEV)
					snprintf(reason, sizeof(reason),
						 "%s vanished during the %g s sample window: "
						 "%zu of %zu samples", label(c->list->devs[i]),
						 c->opts.window, c->n_samples[i], c->n_planned);
				else
					snprintf(reason, sizeof(reason),
						 "%s: counters stopped after %zu of %zu "
						 "samples: %s", label(c->list->devs[i]),
						 c->n_samples[i], c->n_planned,
						 vnet_ctx_error(c->ctx));
				vnet_bundle_partial(c->w, reason);
			}
			vnet_stats_close(st[i]);
			st[i] = NULL;
		}
	}
out:
	for (size_t i = 0; i < n; i++)
		vnet_stats_close(st[i]);
	free(st);
	return err;
}

static void free_samples(struct collect *c)
{
	for (size_t i = 0; c->samples && i < c->list->n; i++) {
		for (size_t k = 0; k < c->n_samples[i]; k++)
			vnet_sample_free(c->samples[i][k]);
		free(c->samples[i]);
	}
	free(c->samples);
	free(c->n_samples);
}

static int parse_mac(const char *text, uint8_t mac[6])
{
	unsigned int b[6];
	char end;

	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* The model's own MACs, whatever the backend's collect() finds besides. */
static int redactor_start(struct collect *c)
{
	int err = vnet_redactor_new(c->ctx, &c->r);

	for (size_t i = 0; i < c->list->n && !err; i++) {
		const struct vnet_dev *dev = c->list->devs[i];
		const char *macs[] = { dev->link.mac, dev->link.permanent_mac };
		uint8_t mac[6];

		for (size_t j = 0; j < ARRAY_SIZE(macs) && !err; j++)
			if (!parse_mac(macs[j], mac))
				err = vnet_redactor_add_mac(c->r, mac);
	}
	return err;
}

static int add_state(struct collect *c)
{
	struct json_object *doc;
	int err = vnet_state_build(c->ctx, c->list, &c->sys,
				   (struct vnet_sample *const *const *)c->samples, c->n_samples,
				   &doc);

	return err ? err : add_json(c, "state.json", doc);
}

static struct json_object *manifest_info(const struct collect *c)
{
	struct json_object *info = json_object_new_object();
	struct json_object *devs = json_object_new_array();

	if (!info || !devs) {
		json_object_put(info);
		json_object_put(devs);
		return NULL;
	}
	for (size_t i = 0; i < c->list->n; i++)
		json_object_array_add(devs, json_object_new_string(label(c->list->devs[i])));
	json_object_object_add(info, "window_s", json_object_new_double(c->opts.window));
	json_object_object_add(info, "step_s", json_object_new_double(c->opts.step));
	json_object_object_add(info, "devices", devs);
	/* absent when unknown: the writer takes no JSON null from its caller */
	if (*c->sys.kernel)
		json_object_object_add(info, "kernel", json_object_new_string(c->sys.kernel));
	return info;
}

/* The written file read back: its member count, and proof that it reads. */
static int written(struct collect *c, const char *path, struct vnet_bundle_result *res)
{
	struct vnet_bundle_contents *contents;
	struct stat st;
	int err;

	if (stat(path, &st))
		return vnet_set_error(c->ctx, -errno, "%s: %s", path, strerror(errno));
	err = vnet_bundle_read(c->ctx, path, &contents);
	if (err)
		return err;
	res->bytes = st.st_size;
	res->members = contents->n + 1;
	vnet_bundle_contents_free(contents);
	return 0;
}

static int collect_members(struct collect *c)
{
	int err = 0;

	progress(c, "reading devices");
	for (size_t i = 0; i < c->list->n && !err; i++) {
		err = vnet_dev_fill(c->ctx, c->list->devs[i], VNET_FILL_ALL);
		if (err == -ENODEV) {
			char reason[256];

			snprintf(reason, sizeof(reason),
				 "%s vanished while its facts were read: %s",
				 label(c->list->devs[i]), vnet_ctx_error(c->ctx));
			vnet_bundle_partial(c->w, reason);
			err = 0;
		}
	}
	if (err)
		return err;
	/* unknown machine facts are facts too; show then goes without them */
	c->sys_ok = !vnet_system_read(c->ctx, &c->sys);

	/* before the raw sources, which run inside the window */
	if (c->opts.redact)
		err = redactor_start(c);
	if (!err)
		err = sample_devices(c);
	/* a short window leaves jobs over */
	while (!err && c->jobs_done < ARRAY_SIZE(window_jobs))
		err = run_window_job(c);
	if (!err)
		err = add_state(c);
	if (!err)
		err = add_samples(c);
	return err;
}

VNET_EXPORT int vnet_bundle_collect(struct vnet_ctx *ctx, struct vnet_dev_list *list,
				    const char *path, const struct vnet_bundle_opts *opts,
				    struct vnet_bundle_result *res)
{
	struct collect c = { .ctx = ctx, .list = list };
	struct vnet_bundle_result dummy;
	struct json_object *info;
	const char *reason;
	int err;

	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	vnet_clear_error(ctx);
	err = take_opts(ctx, opts, &c.opts);
	if (err)
		return err;
	err = vnet_ctx_start(ctx);
	if (err)
		return err;
	err = vnet_bundle_writer_new(ctx, path, &c.w);
	if (err)
		return err;
	err = collect_members(&c);
	if (err)
		goto fail;
	info = manifest_info(&c);
	if (!info) {
		err = vnet_oom(ctx);
		goto fail;
	}
	if (vnet_bundle_is_partial(c.w, &reason)) {
		res->partial = true;
		vnet_strcpy(res->reason, reason, sizeof(res->reason));
	}
	progress(&c, "writing %s", path);
	err = vnet_bundle_commit(c.w, c.r, info);
	c.w = NULL;
	json_object_put(info);
	if (!err) {
		err = written(&c, path, res);
		if (err)
			unlink(path);
	}
fail:
	if (c.w)
		vnet_bundle_writer_free(c.w);
	if (c.r)
		vnet_redactor_free(c.r);
	free_samples(&c);
	if (err)
		memset(res, 0, sizeof(*res));
	return err;
}
