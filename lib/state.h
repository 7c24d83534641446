/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * state.h - the state document's reader, shared by the "bundle" backend and
 * the unit tests' model backend (tests/unit/model-backend.c)
 *
 * vnet_state_attach() (lib/bundle.h) parses and checks a whole document and
 * makes it @ctx->backend_priv; the operations below then serve the devices,
 * the machine and the counter samples from it.  A backend built on them
 * sets .scan = vnet_state_scan and so on, and frees the document in its
 * cleanup() with vnet_state_detach().  The schema is described at the top
 * of lib/state.c.
 */
#ifndef VNET_STATE_H
#define VNET_STATE_H

#include <stddef.h>

#include "bundle.h"

struct json_object;

/* Bounds on what a document may claim (all of it is untrusted). */
#define VNET_STATE_MAX_BYTES	(64u << 20)	/* the document's text */
#define VNET_STATE_MAX_DEVICES	256
#define VNET_STATE_MAX_SAMPLES	100000		/* per device */
#define VNET_STATE_MAX_OFFLOADS	256		/* per device */
#define VNET_STATE_MAX_EXTRA	1024		/* extra counters per queue, per device */
#define VNET_STATE_MAX_NETKVM_PARAMS 256	/* Ndi\\Params keywords per device */

struct vnet_state {
	struct json_object *root;
	struct json_object *system;	/* NULL: the machine is unknown */
	struct json_object *devices;	/* array */
	char origin[512];		/* "bundle b.tgz: state.json": prefixes errors in it */
	char source[512];		/* "bundle b.tgz": prefixes errors about what it lacks */
	/* the backend's own data beside the document (the test model's write log) */
	void *owner;
	void (*owner_free)(void *owner);
};

/* The document served to @ctx (NULL before vnet_state_attach()). */
struct vnet_state *vnet_state_of(struct vnet_ctx *ctx);
/* What a bundle backend serves: @text is state.json of bundle @file. */
int vnet_state_attach_bundle(struct vnet_ctx *ctx, const char *file, const char *text,
			     size_t len);
/* Free the document (and its owner's data); @ctx serves nothing after. */
void vnet_state_detach(struct vnet_ctx *ctx);
/* The object of @dev in "devices" (a scan of this document made @dev). */
struct json_object *vnet_state_device(struct vnet_ctx *ctx, const struct vnet_dev *dev);

/* Backend operations served from the document (struct vnet_backend_ops). */
int vnet_state_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list);
int vnet_state_identify(struct vnet_ctx *ctx, struct vnet_dev *dev);
int vnet_state_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group);
unsigned int vnet_state_count_rx_queues(struct vnet_ctx *ctx, const struct vnet_dev *dev);
int vnet_state_system(struct vnet_ctx *ctx, struct vnet_system *sys);
int vnet_state_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv);
int vnet_state_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *sample);
void vnet_state_stats_close(struct vnet_ctx *ctx, void *priv);
/* "logging": the device's "settings" as recorded; -ENOENT when it was unreadable */
int vnet_state_read_setting(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
			    char *buf, size_t len);

/*
 * The writer's half (state-write.c), from the reader's own tables: the
 * document's "system" object, one element of a device's "samples", its
 * "interrupt_lines".
 * NULL when out of memory.
 */
struct json_object *vnet_state_system_to_json(const struct vnet_system *sys);
struct json_object *vnet_state_sample_to_json(const struct vnet_sample *s);
/* A device's "interrupt_lines" (show prints only the lines' numbers). */
struct json_object *vnet_state_irq_lines_to_json(const struct vnet_irqs *irqs);

/*
 * Names shared by the writer and the reader (one table each):
 * "unknown", "read", "need_root" for enum vnet_acpi_state, NULL past the end;
 * the settings a document records ("logging"), NULL past the end.
 */
const char *vnet_state_acpi_name(unsigned int state);
const char *vnet_state_setting_name(size_t i);

/*
 * The names of a device's "netkvm" object, from show's printer (out-dev.c),
 * which writes that object: enum vnet_netkvm_wmi_gen ("statistics", "diag",
 * "ctrl", "uso") and enum vnet_netkvm_param_type ("enum", "int", "edit");
 * NULL for the unknown value (0) and past the end.
 */
const char *vnet_state_netkvm_gen_name(unsigned int gen);
const char *vnet_state_netkvm_type_name(unsigned int type);

#endif /* VNET_STATE_H */
