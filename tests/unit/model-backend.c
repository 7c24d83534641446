// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * model-backend.c - serve devices, the machine and counters from JSON
 *
 * The reader is libvnet's own (lib/state.c, the state document of support
 * bundles): this file only makes test documents into state documents
 * (model-backend.h: a bare array, no "schema", the "acpi_oem_id" shorthand)
 * and adds what a bundle cannot do: writes that are recorded and change the
 * served document, and the parameters that steer them.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model-backend.h"
#include "../../lib/state.h"

/* beside the document (struct vnet_state's owner) */
struct model {
	char logging[16];		/* what read_setting("logging") answers, "" unreadable */
	size_t calls;			/* apply() calls so far, refused ones too */
	char *steps;			/* the applied steps, one a line */
	size_t steps_len;
	/* the devices' "netkvm" objects (null: none), by index, kept beside the document */
	struct json_object *netkvm;
};

static struct model *model_of(struct vnet_ctx *ctx)
{
	return vnet_state_of(ctx)->owner;
}

static struct json_object *dev_json(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	return vnet_state_device(ctx, dev);
}

/* ---- test documents into state documents ---------------------------------- */

static void model_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "model.json", "", NULL, "the model document itself");
	vnet_param_define(ctx, "model.file", "", NULL, "a file holding the model document");
	vnet_param_define(ctx, "model.fail_step", "0", NULL,
			  "apply() calls N,M,... (from 1, undo steps count) are refused");
	vnet_param_define(ctx, "model.ignore_step", "0", NULL,
			  "apply() call N succeeds but changes nothing");
	vnet_param_define(ctx, "model.user", "root", NULL, "root, or user: writes need root");
	vnet_param_define(ctx, "model.logging", "off", NULL,
			  "the debug logging state; empty: unreadable");
}

static struct json_object *hex_string(const char *bytes, size_t n)
{
	char hex[2 * 8 + 1];

	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)bytes[i]);
	return json_object_new_string(hex);
}

/* "acpi_oem_id": one table (DSDT) with that OEM id, for the VMM's fingerprint */
static int acpi_shorthand(struct vnet_ctx *ctx, struct json_object *system)
{
	struct json_object *oem, *header, *headers;
	const char *id;

	if (!json_object_is_type(system, json_type_object) ||
	    !json_object_object_get_ex(system, "acpi_oem_id", &oem))
		return 0;
	id = json_object_get_string(oem);
	if (!json_object_is_type(oem, json_type_string) || strlen(id) != 6)
		return vnet_set_error(ctx, -EINVAL, "model: system.acpi_oem_id: 6 characters");
	header = json_object_new_object();
	json_object_object_add(header, "signature", hex_string("DSDT", 4));
	json_object_object_add(header, "oem_id", hex_string(id, 6));
	headers = json_object_new_array();
	json_object_array_add(headers, header);
	json_object_object_add(system, "acpi", json_object_new_string("read"));
	json_object_object_add(system, "acpi_tables", json_object_new_int(1));
	json_object_object_add(system, "acpi_headers", headers);
	json_object_object_del(system, "acpi_oem_id");
	return 0;
}

/* @text as a state document: "schema" added, a bare array taken as "devices". */
static int state_document(struct vnet_ctx *ctx, const char *text, struct json_object **out)
{
	enum json_tokener_error jerr;
	struct json_object *doc = json_tokener_parse_verbose(text, &jerr), *system;
	int err = 0;

	*out = NULL;
	if (!doc)
		return vnet_set_error(ctx, -EINVAL, "model: not JSON: %s",
				      json_tokener_error_desc(jerr));
	if (json_object_is_type(doc, json_type_array)) {
		struct json_object *devices = doc;

		doc = json_object_new_object();
		json_object_object_add(doc, "devices", devices);
	}
	if (!json_object_is_type(doc, json_type_object)) {
		err = vnet_set_error(ctx, -EINVAL, "model: expected an object or an array, got %s",
				     json_type_to_name(json_object_get_type(doc)));
		json_object_put(doc);
		return err;
	}
	if (!json_object_object_get_ex(doc, "schema", NULL))
		json_object_object_add(doc, "schema", json_object_new_int(VNET_STATE_SCHEMA));
	if (json_object_object_get_ex(doc, "system", &system))
		err = acpi_shorthand(ctx, system);
	if (err)
		json_object_put(doc);
	else
		*out = doc;
	return err;
}

static char *read_text(struct vnet_ctx *ctx, const char *path, int *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		*err = vnet_set_error(ctx, -errno, "model: %s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		char *grown;

		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				*err = vnet_set_error(ctx, -ENOMEM, "model: out of memory");
				return NULL;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n == 4096);
	buf[len] = '\0';
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		*err = vnet_set_error(ctx, -EIO, "model: %s: read error", path);
	}
	fclose(f);
	return buf;
}

static void model_free(void *owner)
{
	struct model *m = owner;

	free(m->steps);
	json_object_put(m->netkvm);
	free(m);
}

/*
 * Each device's "netkvm" taken out of @doc (the state reader does not know
 * it yet): an array by device index, null for a device without.
 */
static struct json_object *netkvm_aside(struct json_object *doc)
{
	struct json_object *devices, *out = json_object_new_array();

	if (!json_object_object_get_ex(doc, "devices", &devices) ||
	    !json_object_is_type(devices, json_type_array))
		return out;
	for (size_t i = 0; i < json_object_array_length(devices); i++) {
		struct json_object *d = json_object_array_get_idx(devices, i), *nk = NULL;

		if (json_object_is_type(d, json_type_object) &&
		    json_object_object_get_ex(d, "netkvm", &nk)) {
			json_object_get(nk);
			json_object_object_del(d, "netkvm");
		}
		json_object_array_add(out, nk);
	}
	return out;
}

static int model_init(struct vnet_ctx *ctx)
{
	const char *file = vnet_param_get(ctx, "model.file");
	const char *text = vnet_param_get(ctx, "model.json");
	struct json_object *doc;
	const char *serialized;
	char *owned = NULL;
	struct model *m;
	int err = 0;

	if (*file && !(text = owned = read_text(ctx, file, &err)))
		return err;
	if (!*text) {
		free(owned);
		return vnet_set_error(ctx, -EINVAL, "model: set model.json or model.file");
	}
	err = state_document(ctx, text, &doc);
	free(owned);
	if (err)
		return err;
	m = calloc(1, sizeof(*m));
	if (!m) {
		json_object_put(doc);
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	}
	snprintf(m->logging, sizeof(m->logging), "%s", vnet_param_get(ctx, "model.logging"));
	m->netkvm = netkvm_aside(doc);
	serialized = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	err = vnet_state_attach(ctx, serialized, strlen(serialized), "model");
	json_object_put(doc);
	if (err) {
		json_object_put(m->netkvm);
		free(m);
		return err;
	}
	vnet_state_of(ctx)->owner = m;
	vnet_state_of(ctx)->owner_free = model_free;
	return 0;
}

static void model_cleanup(struct vnet_ctx *ctx)
{
	vnet_state_detach(ctx);
}

/* ---- NetKVM facts ("netkvm", the shape show prints) ---------------------------- */

static struct json_object *netkvm_of(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct vnet_state *st = vnet_state_of(ctx);
	struct json_object *d = dev_json(ctx, dev);

	for (size_t i = 0; d && i < json_object_array_length(st->devices); i++)
		if (json_object_array_get_idx(st->devices, i) == d)
			return json_object_array_get_idx(model_of(ctx)->netkvm, i);
	return NULL;
}

static const char *str_member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : "";
}

static int64_t int_member(struct json_object *o, const char *key, int64_t def)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int) ?
	       json_object_get_int64(v) : def;
}

static bool bool_member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

/*
 * The device's "netkvm" object into dev->netkvm, when libvnet's state reader
 * has not (it learns "netkvm" with the Windows backend's bundles): the
 * tuning tests need NetKVM devices now.  Trusted test input, loosely read.
 */
static int model_netkvm(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct json_object *o, *params, *wmi;
	struct vnet_netkvm *nk;
	size_t n;

	if (!(o = netkvm_of(ctx, dev)))
		return 0;
	nk = calloc(1, sizeof(*nk));
	if (!nk)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	snprintf(nk->driver_desc, sizeof(nk->driver_desc), "%s", str_member(o, "driver_desc"));
	snprintf(nk->driver_version, sizeof(nk->driver_version), "%s",
		 str_member(o, "driver_version"));
	snprintf(nk->service, sizeof(nk->service), "netkvm");
	nk->debug_level = VNET_UNKNOWN;
	if (json_object_object_get_ex(o, "wmi", &wmi) && wmi)
		nk->debug_level = int_member(wmi, "debug_level", VNET_UNKNOWN);
	n = json_object_object_get_ex(o, "params", &params) ? json_object_array_length(params) : 0;
	nk->params = calloc(n ? n : 1, sizeof(*nk->params));
	if (!nk->params) {
		free(nk);
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(params, i), *vals;
		struct vnet_netkvm_param *pa = &nk->params[i];
		const char *type = str_member(x, "type");

		snprintf(pa->keyword, sizeof(pa->keyword), "%s", str_member(x, "keyword"));
		snprintf(pa->desc, sizeof(pa->desc), "%s", str_member(x, "desc"));
		pa->type = !strcmp(type, "enum") ? VNET_NKP_ENUM : !strcmp(type, "int") ?
			   VNET_NKP_INT : !strcmp(type, "edit") ? VNET_NKP_EDIT : VNET_NKP_UNKNOWN;
		pa->min = int_member(x, "min", 0);
		pa->max = int_member(x, "max", -1);
		pa->step = int_member(x, "step", 1);
		snprintf(pa->inf_default, sizeof(pa->inf_default), "%s",
			 str_member(x, "inf_default"));
		pa->optional = bool_member(x, "optional");
		pa->present = bool_member(x, "present");
		snprintf(pa->value, sizeof(pa->value), "%s", str_member(x, "value"));
		if (json_object_object_get_ex(x, "values", &vals) && vals)
			for (size_t k = 0; k < json_object_array_length(vals) &&
			     k < ARRAY_SIZE(pa->values); k++) {
				struct json_object *e = json_object_array_get_idx(vals, k);

				snprintf(pa->values[k].value, sizeof(pa->values[k].value), "%s",
					 str_member(e, "value"));
				snprintf(pa->values[k].desc, sizeof(pa->values[k].desc), "%s",
					 str_member(e, "desc"));
				pa->n_values = k + 1;
			}
		nk->n_params = i + 1;
	}
	vnet_netkvm_free(dev->netkvm);
	dev->netkvm = nk;
	return 0;
}

static int model_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	int err;

	/* a refresh reads the NetKVM facts again: the state reader keeps none of its own */
	if (group == VNET_FILL_FEATURES && dev->netkvm) {
		vnet_netkvm_free(dev->netkvm);
		dev->netkvm = NULL;
	}
	err = vnet_state_fill(ctx, dev, group);
	if (!err && group == VNET_FILL_FEATURES && !dev->netkvm)
		err = model_netkvm(ctx, dev);
	return err;
}

/* the "netkvm" params entry of @keyword (case-insensitive, as the registry) */
static struct json_object *netkvm_param_json(struct vnet_ctx *ctx, const struct vnet_dev *dev,
					     const char *keyword)
{
	struct json_object *o, *params;

	if (!(o = netkvm_of(ctx, dev)) || !json_object_object_get_ex(o, "params", &params))
		return NULL;
	for (size_t i = 0; i < json_object_array_length(params); i++) {
		struct json_object *x = json_object_array_get_idx(params, i);

		if (!strcasecmp(str_member(x, "keyword"), keyword))
			return x;
	}
	return NULL;
}

/* ---- writes ------------------------------------------------------------------ */

static struct json_object *member_obj(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		v = json_object_new_object();
		json_object_object_add(o, key, v);
	}
	return v;
}

static void put_u32(struct json_object *o, const char *key, uint32_t v)
{
	if (v != VNET_UNKNOWN)
		json_object_object_add(o, key, json_object_new_int64(v));
}

static struct json_object *queues_of(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	struct json_object *arr = NULL;

	json_object_object_get_ex(dev_json(ctx, dev), "queues", &arr);
	return arr;
}

/* A queue's rx or tx vector @irq now on @cpus (and effectively there). */
static void set_irq_cpus(struct json_object *q, uint32_t irq, const char *cpus)
{
	static const char *const dir[] = { "rx", "tx" };

	for (int d = 0; d < 2; d++) {
		struct json_object *v;
		char key[32];

		snprintf(key, sizeof(key), "%s_irq", dir[d]);
		if (!json_object_object_get_ex(q, key, &v) || !v || json_object_get_int64(v) != irq)
			continue;
		snprintf(key, sizeof(key), "%s_affinity", dir[d]);
		json_object_object_add(q, key, json_object_new_string(cpus));
		snprintf(key, sizeof(key), "%s_effective_cpus", dir[d]);
		json_object_object_add(q, key, json_object_new_string(cpus));
	}
}

/* The step as a line of the log, and its effect on the document. */
static void model_write(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w,
			FILE *log, bool effect)
{
	struct model *m = model_of(ctx);
	struct json_object *o = dev_json(ctx, dev), *arr;

	fprintf(log, "%s", vnet_write_kind_name(w->kind));
	switch (w->kind) {
	case VNET_W_LINK_DOWN:
	case VNET_W_LINK_UP:
		if (effect)
			json_object_object_add(member_obj(o, "link"), "admin_up",
					       json_object_new_boolean(w->value));
		break;
	case VNET_W_MAC:
		fprintf(log, " %s", w->mac);
		if (effect)
			json_object_object_add(member_obj(o, "link"), "mac",
					       json_object_new_string(w->mac));
		break;
	case VNET_W_MTU:
		fprintf(log, " %" PRIu32, w->value);
		if (effect)
			put_u32(member_obj(o, "mtu"), "current", w->value);
		break;
	case VNET_W_CHANNELS:
		fprintf(log, " %" PRIu32, w->value);
		if (!effect)
			break;
		put_u32(member_obj(o, "channels"), "combined", w->value);
		arr = queues_of(ctx, dev);
		for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
			json_object_object_add(json_object_array_get_idx(arr, i), "active",
					       json_object_new_boolean(i < w->value));
		break;
	case VNET_W_RINGS:
		if (w->rx != VNET_UNKNOWN)
			fprintf(log, " rx=%" PRIu32, w->rx);
		if (w->tx != VNET_UNKNOWN)
			fprintf(log, " tx=%" PRIu32, w->tx);
		if (effect) {
			put_u32(member_obj(o, "rings"), "rx", w->rx);
			put_u32(member_obj(o, "rings"), "tx", w->tx);
		}
		break;
	case VNET_W_COALESCE: {
		static const char *const keys[] = { "rx_usecs", "rx_frames", "tx_usecs",
						    "tx_frames" };
		const uint32_t v[] = { w->coal.rx_usecs, w->coal.rx_frames, w->coal.tx_usecs,
				       w->coal.tx_frames };

		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			if (v[i] == VNET_UNKNOWN)
				continue;
			fprintf(log, " %s=%" PRIu32, keys[i], v[i]);
			if (effect)
				put_u32(member_obj(o, "coalesce"), keys[i], v[i]);
		}
		if (w->coal.adaptive_rx != VNET_TRI_UNKNOWN) {
			fprintf(log, " adaptive_rx=%s",
				w->coal.adaptive_rx == VNET_TRI_YES ? "on" : "off");
			bool on = w->coal.adaptive_rx == VNET_TRI_YES;

			if (effect)
				json_object_object_add(member_obj(o, "coalesce"), "adaptive_rx",
						       json_object_new_boolean(on));
		}
		break;
	}
	case VNET_W_FEATURES:
		arr = NULL;
		json_object_object_get_ex(o, "offloads", &arr);
		for (size_t i = 0; i < w->n; i++) {
			size_t nk = effect && arr ? json_object_array_length(arr) : 0;
			bool on = w->feats[i].on;

			fprintf(log, " %s=%s", w->feats[i].name, on ? "on" : "off");
			for (size_t k = 0; k < nk; k++) {
				struct json_object *x = json_object_array_get_idx(arr, k), *nm;

				if (!json_object_object_get_ex(x, "name", &nm) ||
				    strcmp(json_object_get_string(nm), w->feats[i].name))
					continue;
				json_object_object_add(x, "active", json_object_new_boolean(on));
				json_object_object_add(x, "requested", json_object_new_boolean(on));
			}
		}
		break;
	case VNET_W_IRQ_AFFINITY:
		arr = queues_of(ctx, dev);
		for (size_t i = 0; i < w->n; i++) {
			size_t nk = effect && arr ? json_object_array_length(arr) : 0;
			const char *cpus = w->cpus[i].cpus;

			fprintf(log, " %" PRIu32 ":%s", w->cpus[i].index, cpus);
			for (size_t k = 0; k < nk; k++)
				set_irq_cpus(json_object_array_get_idx(arr, k), w->cpus[i].index,
					     cpus);
		}
		break;
	case VNET_W_XPS:
	case VNET_W_RPS:
		arr = queues_of(ctx, dev);
		for (size_t i = 0; i < w->n; i++) {
			struct json_object *q;

			fprintf(log, " %" PRIu32 ":%s", w->cpus[i].index, w->cpus[i].cpus);
			if (effect && arr && (q = json_object_array_get_idx(arr, w->cpus[i].index)))
				json_object_object_add(q, w->kind == VNET_W_XPS ? "xps_cpus" :
							  "rps_cpus",
						       json_object_new_string(w->cpus[i].cpus));
		}
		break;
	case VNET_W_LOGGING:
		fprintf(log, " %s", w->value ? "on" : "off");
		if (effect)
			snprintf(m->logging, sizeof(m->logging), "%s", w->value ? "on" : "off");
		break;
	case VNET_W_NETKVM_PARAM: {
		struct json_object *x = netkvm_param_json(ctx, dev, w->keyword);

		if (w->remove)
			fprintf(log, " %s removed", w->keyword);
		else
			fprintf(log, " %s=%s", w->keyword, w->data);
		if (!effect || !x)
			break;
		json_object_object_add(x, "present", json_object_new_boolean(!w->remove));
		json_object_object_add(x, "value", w->remove ? NULL :
				       json_object_new_string(w->data));
		break;
	}
	case VNET_W_NETKVM_LOGGING:
		fprintf(log, " %" PRIu32, w->value);
		if (effect)
			json_object_object_add(member_obj(netkvm_of(ctx, dev), "wmi"),
					       "debug_level", json_object_new_int64(w->value));
		break;
	case VNET_W_NETKVM_RESTART:
		break;
	case VNET_W_KINDS:
		break;
	}
	fputc('\n', log);
}

/* @call in the comma-separated list @list */
static bool listed(const char *list, size_t call)
{
	for (const char *p = list; *p;) {
		char *end;

		if (strtoul(p, &end, 10) == call)
			return true;
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
	return false;
}

static int model_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	(void)dev;
	if (strcmp(vnet_param_get(ctx, "model.user"), "root"))
		return vnet_set_error(ctx, -EPERM, "model: changing settings needs root");
	return 0;
}

static int model_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	struct model *m = model_of(ctx);
	size_t call = ++m->calls;
	char *line = NULL;
	size_t len = 0;
	FILE *log;
	int err = model_writable(ctx, dev);

	if (err)
		return err;
	if (listed(vnet_param_get(ctx, "model.fail_step"), call))
		return vnet_set_error(ctx, -EINVAL, "model: step %zu (%s) refused as told", call,
				      vnet_write_kind_name(w->kind));
	log = open_memstream(&line, &len);
	if (!log)
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	model_write(ctx, dev, w, log,
		    call != strtoul(vnet_param_get(ctx, "model.ignore_step"), NULL, 10));
	if (fclose(log)) {
		free(line);
		return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
	}
	{
		char *grown = realloc(m->steps, m->steps_len + len + 1);

		if (!grown) {
			free(line);
			return vnet_set_error(ctx, -ENOMEM, "model: out of memory");
		}
		m->steps = grown;
		memcpy(m->steps + m->steps_len, line, len + 1);
		m->steps_len += len;
	}
	free(line);
	return 0;
}

static int model_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
			      char *buf, size_t len)
{
	struct model *m = model_of(ctx);

	(void)dev;
	if (strcmp(name, "logging") || !*m->logging)
		return vnet_set_error(ctx, -ENOENT, "model: %s is not readable", name);
	snprintf(buf, len, "%s", m->logging);
	return 0;
}

const char *model_steps(struct vnet_ctx *ctx)
{
	struct model *m = ctx->started && vnet_state_of(ctx) ? model_of(ctx) : NULL;

	return m && m->steps ? m->steps : "";
}

const struct vnet_backend_ops model_backend = {
	.name = "model",
	.help = "devices from a JSON model (unit tests)",
	.config = model_config,
	.init = model_init,
	.cleanup = model_cleanup,
	.scan = vnet_state_scan,
	.identify = vnet_state_identify,
	.fill = model_fill,
	.count_rx_queues = vnet_state_count_rx_queues,
	.system = vnet_state_system,
	.stats_open = vnet_state_stats_open,
	.stats_sample = vnet_state_stats_sample,
	.stats_close = vnet_state_stats_close,
	.writable = model_writable,
	.apply = model_apply,
	.read_setting = model_read_setting,
};

static struct vnet_ctx *ctx_with(const char *key, const char *value)
{
	struct vnet_ctx *ctx = vnet_ctx_new();

	if (ctx && (vnet_ctx_set_backend_ops(ctx, &model_backend) ||
		    vnet_ctx_set_param(ctx, key, value))) {
		vnet_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

struct vnet_ctx *model_ctx_new(const char *json)
{
	return ctx_with("model.json", json);
}

struct vnet_ctx *model_ctx_new_file(const char *path)
{
	return ctx_with("model.file", path);
}

/* ---- editing documents in tests -------------------------------------------- */

struct json_object *model_parse(const char *text)
{
	char *copy = strdup(text);
	struct json_object *o;
	enum json_tokener_error jerr;

	if (!copy)
		abort();
	for (char *p = copy; *p; p++)
		if (*p == '\'')
			*p = '"';
	o = json_tokener_parse_verbose(copy, &jerr);
	if (!o && strcmp(copy, "null")) {
		fprintf(stderr, "model_parse: %s: %s\n", json_tokener_error_desc(jerr), copy);
		abort();
	}
	free(copy);
	return o;
}

struct json_object *model_load(const char *name)
{
	char path[1024];
	struct json_object *o;

	snprintf(path, sizeof(path), "%s/%s", MODEL_DIR, name);
	o = json_object_from_file(path);
	if (!o) {
		fprintf(stderr, "model_load: %s: %s\n", path, json_util_get_last_err());
		abort();
	}
	return o;
}

static struct json_object *merge(struct json_object *base, struct json_object *patch)
{
	if (json_object_is_type(base, json_type_object) &&
	    json_object_is_type(patch, json_type_object)) {
		json_object_object_foreach(patch, key, v) {
			struct json_object *old = NULL;

			struct json_object *merged;

			json_object_object_get_ex(base, key, &old);
			merged = merge(json_object_get(old), json_object_get(v));
			if (merged == old)
				json_object_put(merged);	/* merged in place */
			else
				json_object_object_add(base, key, merged);
		}
		json_object_put(patch);
		return base;
	}
	if (json_object_is_type(base, json_type_array) &&
	    json_object_is_type(patch, json_type_array)) {
		struct json_object *out = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(patch); i++) {
			struct json_object *b = i < json_object_array_length(base) ?
						json_object_array_get_idx(base, i) : NULL;
			struct json_object *p = json_object_array_get_idx(patch, i);

			json_object_array_add(out, merge(json_object_get(b), json_object_get(p)));
		}
		json_object_put(base);
		json_object_put(patch);
		return out;
	}
	json_object_put(base);
	return patch;
}

void model_patch(struct json_object *doc, const char *patch)
{
	struct json_object *p = model_parse(patch);

	if (!json_object_is_type(doc, json_type_object) ||
	    !json_object_is_type(p, json_type_object)) {
		fprintf(stderr, "model_patch: the document and the patch must be objects\n");
		abort();
	}
	/* an object merges in place: @doc stays the caller's pointer */
	merge(json_object_get(doc), p);
	json_object_put(doc);
}

void model_features(struct json_object *doc, size_t dev, const char *edits)
{
	struct json_object *devs, *d, *f, *neg, *out;
	char *copy = strdup(edits), *save = NULL;

	if (!copy || !json_object_object_get_ex(doc, "devices", &devs) ||
	    !(d = json_object_array_get_idx(devs, dev)) ||
	    !json_object_object_get_ex(d, "features", &f) ||
	    !json_object_object_get_ex(f, "negotiated", &neg)) {
		fprintf(stderr, "model_features: device %zu has no features.negotiated\n", dev);
		abort();
	}
	json_object_object_del(f, "bits");
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		bool add = *tok == '+';
		bool found = false;

		if (*tok != '+' && *tok != '-') {
			fprintf(stderr, "model_features: \"%s\" needs + or -\n", tok);
			abort();
		}
		out = json_object_new_array();
		for (size_t i = 0; i < json_object_array_length(neg); i++) {
			struct json_object *v = json_object_array_get_idx(neg, i);

			if (!strcmp(json_object_get_string(v), tok + 1)) {
				found = true;
				if (!add)
					continue;
			}
			json_object_array_add(out, json_object_get(v));
		}
		if (add && !found)
			json_object_array_add(out, json_object_new_string(tok + 1));
		if (!add && !found) {
			fprintf(stderr, "model_features: %s is not negotiated\n", tok + 1);
			abort();
		}
		json_object_object_add(f, "negotiated", out);
		neg = out;
	}
	free(copy);
}

struct vnet_ctx *model_ctx_new_doc(struct json_object *doc)
{
	return model_ctx_new(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
}
