// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * state-write.c - the state document of a live model
 *
 * Each device is the very object "vnetctl -j show" prints, so what show
 * says is what the bundle holds; the machine's raw facts and the counter
 * samples come from the reader's own tables (lib/state.c, where the schema
 * is described), so the reader takes back exactly what is written here.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "state.h"

struct show_arg {
	const struct vnet_dev *dev;
	const struct vnet_system *sys;
};

static void describe_show(struct vnet_printer *p, const void *arg)
{
	const struct show_arg *a = arg;

	vnet_dev_print_system(p, a->dev, a->sys);
}

/*
 * What read_setting() answers now, null when it cannot tell, and then why
 * (under "errors": "get" prints the reason).
 */
static struct json_object *settings_of(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct json_object *o = json_object_new_object(), *errors = json_object_new_object();
	int err = o && errors ? 0 : -ENOMEM;

	for (size_t i = 0; !err && vnet_state_setting_name(i); i++) {
		const char *name = vnet_state_setting_name(i);
		char buf[32];
		int ret = -EOPNOTSUPP;

		vnet_clear_error(ctx);
		if (ctx->ops->read_setting)
			ret = ctx->ops->read_setting(ctx, dev, name, buf, sizeof(buf));
		if (!ret) {
			err = json_object_object_add(o, name, json_object_new_string(buf));
			continue;
		}
		err = json_object_object_add(o, name, NULL);
		if (!err && ctx->ops->read_setting)
			err = json_object_object_add(errors, name, json_object_new_string(
				*vnet_ctx_error(ctx) ? vnet_ctx_error(ctx) : strerror(-ret)));
	}
	/* an unreadable setting is recorded as such, not an error of the document */
	vnet_clear_error(ctx);
	if (!err && json_object_object_length(errors)) {
		err = json_object_object_add(o, "errors", errors);
		errors = err ? errors : NULL;
	}
	json_object_put(errors);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *samples_of(struct vnet_sample *const *samples, size_t n)
{
	struct json_object *arr;

	if (!samples)
		return NULL;
	arr = json_object_new_array();
	for (size_t i = 0; arr && i < n; i++) {
		struct json_object *s = vnet_state_sample_to_json(samples[i]);

		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

static int device_of(struct vnet_ctx *ctx, const struct vnet_dev *dev,
		     const struct vnet_system *sys, struct vnet_sample *const *samples,
		     size_t n_samples, struct json_object **out)
{
	struct show_arg arg = { dev, sys };
	struct json_object *o = vnet_print_json_of(describe_show, &arg), *v;

	*out = NULL;
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -ENOMEM;
	}
	v = samples_of(samples, n_samples);
	if ((samples && !v) || json_object_object_add(o, "samples", v)) {
		json_object_put(o);
		return -ENOMEM;
	}
	/* what show leaves out and the rules use: the device-wide lines' names */
	if (dev->filled & VNET_FILL_IRQS) {
		v = vnet_state_irq_lines_to_json(&dev->irqs);
		if (!v || json_object_object_add(o, "interrupt_lines", v)) {
			json_object_put(v);
			json_object_put(o);
			return -ENOMEM;
		}
	}
	v = settings_of(ctx, dev);
	if (!v || json_object_object_add(o, "settings", v)) {
		json_object_put(v);
		json_object_put(o);
		return -ENOMEM;
	}
	*out = o;
	return 0;
}

int vnet_state_build(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
		     const struct vnet_system *sys, struct vnet_sample *const *const *samples,
		     const size_t *n_samples, struct json_object **doc)
{
	struct json_object *o = json_object_new_object(), *devices = json_object_new_array();
	int err = o && devices ? 0 : -ENOMEM;

	*doc = NULL;
	if (!err)
		err = vnet_ctx_start(ctx);
	if (err)
		goto out;
	if (json_object_object_add(o, "schema", json_object_new_int(VNET_STATE_SCHEMA)) ||
	    json_object_object_add(o, "system", NULL)) {
		err = -ENOMEM;
		goto out;
	}
	if (sys) {
		struct json_object *s = vnet_state_system_to_json(sys);

		if (!s || json_object_object_add(o, "system", s)) {
			json_object_put(s);
			err = -ENOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < list->n; i++) {
		struct json_object *d;

		err = device_of(ctx, list->devs[i], sys, samples ? samples[i] : NULL,
				n_samples ? n_samples[i] : 0, &d);
		if (!err && json_object_array_add(devices, d)) {
			json_object_put(d);
			err = -ENOMEM;
		}
		if (err)
			goto out;
	}
	if (json_object_object_add(o, "devices", devices)) {
		err = -ENOMEM;
		goto out;
	}
	*doc = o;
	return 0;
out:
	json_object_put(devices);
	json_object_put(o);
	return err == -ENOMEM ? vnet_oom(ctx) : err;
}
