// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctx.c - library context, named parameters, error text, backend registry
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "internal.h"

/*
 * Live backends in probe order; the first whose detect() succeeds serves a
 * context unless the "backend" parameter names one.  Every platform #ifdef
 * of the library lives here.
 */
static const struct vnet_backend_ops *const backends[] = {
	/* first: it detects only when "bundle.file" (VNET_FROM) names a bundle */
	&vnet_backend_bundle,
	/* it detects only when "qmp.socket" (vnetctl --qmp, VNET_QMP) names a socket */
	&vnet_backend_qmp,
#ifdef VNET_HAVE_BACKEND_LINUX
	&vnet_backend_linux,
#endif
#ifdef VNET_HAVE_BACKEND_WINDOWS
	/* the live backend on Windows; "windows.fixture" serves it from a directory */
	&vnet_backend_windows,
#endif
};

static const struct vnet_backend_ops *backend_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

VNET_EXPORT const char *vnet_version(void)
{
	return PACKAGE_VERSION;
}

VNET_EXPORT struct vnet_ctx *vnet_ctx_new(void)
{
	struct vnet_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	vnet_param_define(ctx, "backend", "", "VNET_BACKEND",
			  "backend to use (default: the live backend of this system)");
	vnet_param_define(ctx, "qmp.timeout", "", NULL,
			  "seconds one QMP exchange may take, events included (default 10)");
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->config)
			backends[i]->config(ctx);
	return ctx;
}

VNET_EXPORT void vnet_ctx_free(struct vnet_ctx *ctx)
{
	struct vnet_param *p, *next;

	if (!ctx)
		return;
	if (ctx->started && ctx->ops->cleanup)
		ctx->ops->cleanup(ctx);
	for (p = ctx->params; p; p = next) {
		next = p->next;
		free(p->key);
		free(p->value);
		free(p);
	}
	free(ctx);
}

static struct vnet_param *param_find(const struct vnet_ctx *ctx, const char *key)
{
	for (struct vnet_param *p = ctx->params; p; p = p->next)
		if (!strcmp(p->key, key))
			return p;
	return NULL;
}

void vnet_param_define(struct vnet_ctx *ctx, const char *key, const char *def,
		       const char *env, const char *help)
{
	struct vnet_param *p = calloc(1, sizeof(*p)), **tail;
	const char *value = env ? getenv(env) : NULL;

	if (!p)
		return;
	p->key = strdup(key);
	p->value = strdup(value && *value ? value : def);
	p->help = help;
	if (!p->key || !p->value) {
		free(p->key);
		free(p->value);
		free(p);
		return;
	}
	/* keep definition order so that help listings read naturally */
	for (tail = &ctx->params; *tail; tail = &(*tail)->next)
		;
	*tail = p;
}

const char *vnet_param_get(const struct vnet_ctx *ctx, const char *key)
{
	struct vnet_param *p = param_find(ctx, key);

	return p ? p->value : "";
}

VNET_EXPORT int vnet_ctx_set_param(struct vnet_ctx *ctx, const char *key, const char *value)
{
	struct vnet_param *p = param_find(ctx, key);
	char *copy;

	if (!p)
		return vnet_set_error(ctx, -ENOENT, "unknown parameter '%s'", key);
	if (ctx->started)
		return vnet_set_error(ctx, -EBUSY,
				      "parameter '%s' must be set before the first device operation",
				      key);
	copy = strdup(value);
	if (!copy)
		return vnet_oom(ctx);
	free(p->value);
	p->value = copy;
	return 0;
}

VNET_EXPORT void vnet_ctx_param_walk(struct vnet_ctx *ctx,
				     int (*fn)(const char *, const char *, const char *, void *),
				     void *data)
{
	for (struct vnet_param *p = ctx->params; p; p = p->next)
		if (fn(p->key, p->value, p->help, data))
			break;
}

VNET_EXPORT const char *vnet_ctx_error(const struct vnet_ctx *ctx)
{
	return ctx->error;
}

int vnet_set_error(struct vnet_ctx *ctx, int err, const char *fmt, ...)
{
	char msg[sizeof(ctx->error)];
	va_list ap;

	/* through a copy: the arguments may quote the previous error */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(ctx->error, msg, sizeof(msg));
	return err;
}

void vnet_clear_error(struct vnet_ctx *ctx)
{
	ctx->error[0] = '\0';
}

int vnet_oom(struct vnet_ctx *ctx)
{
	return vnet_set_error(ctx, -ENOMEM, "out of memory");
}

/* Select and start the backend on first use. */
int vnet_ctx_start(struct vnet_ctx *ctx)
{
	const char *want = vnet_param_get(ctx, "backend");
	int err;

	if (ctx->started)
		return 0;
	if (ctx->ops_given) {
		/* vnet_ctx_set_backend_ops() chose */
	} else if (*want) {
		ctx->ops = backend_by_name(want);
		if (!ctx->ops)
			return vnet_set_error(ctx, -ENOENT, "unknown backend '%s'", want);
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(backends) && !ctx->ops; i++)
			if (!backends[i]->detect || backends[i]->detect(ctx) == 0)
				ctx->ops = backends[i];
		if (!ctx->ops)
			return vnet_set_error(ctx, -ENOTSUP,
					      "no backend can read virtio-net devices on this system");
	}
	err = ctx->ops->init ? ctx->ops->init(ctx) : 0;
	if (err) {
		if (!*ctx->error)
			vnet_set_error(ctx, err, "%s backend: %s", ctx->ops->name, strerror(-err));
		return err;
	}
	ctx->started = true;
	return 0;
}

int vnet_ctx_set_backend_ops(struct vnet_ctx *ctx, const struct vnet_backend_ops *ops)
{
	if (ctx->started)
		return vnet_set_error(ctx, -EBUSY,
				      "the backend must be set before the first device operation");
	if (ctx->ops_given && ctx->ops == ops)
		return 0;
	ctx->ops = ops;
	ctx->ops_given = true;
	if (ops->config)
		ops->config(ctx);
	return 0;
}

VNET_EXPORT const char *vnet_ctx_backend(struct vnet_ctx *ctx)
{
	if (vnet_ctx_start(ctx))
		return "";
	return ctx->ops->name;
}

VNET_EXPORT bool vnet_ctx_offline(struct vnet_ctx *ctx)
{
	return !vnet_ctx_start(ctx) && ctx->ops->offline;
}

VNET_EXPORT void vnet_ctx_set_interrupt(struct vnet_ctx *ctx, const volatile sig_atomic_t *flag)
{
	ctx->interrupt = flag;
}

#ifdef _WIN32
/*
 * winpthreads' clock_nanosleep() knows CLOCK_REALTIME only (and answers -1,
 * not the error): sleep what remains on the monotonic clock instead.
 */
int vnet_sleep_until(struct vnet_ctx *ctx, const struct timespec *deadline)
{
	for (;;) {
		struct timespec now, left;

		if (ctx->interrupt && *ctx->interrupt)
			return vnet_set_error(ctx, -EINTR, "interrupted");
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > deadline->tv_sec ||
		    (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
			return 0;
		left.tv_sec = deadline->tv_sec - now.tv_sec;
		left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		nanosleep(&left, NULL);
	}
}
#else
int vnet_sleep_until(struct vnet_ctx *ctx, const struct timespec *deadline)
{
	int ret;

	while ((ret = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL)) == EINTR)
		if (ctx->interrupt && *ctx->interrupt)
			return vnet_set_error(ctx, -EINTR, "interrupted");
	return -ret;
}
#endif
