/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model-backend.h - a backend that serves devices from a JSON document
 *
 * Linked into the unit tests only.  It shows what a new backend has to
 * provide: a scan (and identify), the raw facts of one group per fill, the
 * receive queues the OS shows, the machine, plus counter samples.
 *
 * The document is a state document of support bundles, read by libvnet's
 * own reader (lib/state.c, where the schema is described), with three
 * shorthands for tests: "schema" may be left out, a bare array is taken as
 * "devices" (the output of vnetctl -j show as is), and "system" may give
 * "acpi_oem_id": "BOCHS " for one DSDT with that OEM id.  Small example:
 *
 *   { "system": { "kernel": "6.12.0", "online_cpus": 4, "msi_vectors": 12,
 *                 "virtio_msi_vectors": 10, "iommu": false, "vendor": "QEMU",
 *                 "product": "Standard PC (Q35 + ICH9, 2009)",
 *                 "machine": "pc-q35-8.2" },
 *     "devices": [ { <a vnetctl -j show object>,
 *                    "samples": [ { "mono_ns": 1000000000,
 *                                   "queues": [ { "index": 0,
 *                                                 "rx": { "drops": 5 },
 *                                                 "tx": { "tx_timeouts": 0 } } ] },
 *                                 ... ] } ] }
 *
 * An unknown member, a wrong type or a value out of range is an error at
 * the first device operation, so a typo in a test model cannot pass
 * unnoticed.  A missing or null value is unknown; a group that is missing
 * or null, or named under "errors", is a failed group (its reason from
 * "errors", else "not in the model").  Derived members ("mode", a
 * capability's "name", "bits" when "negotiated" is given) are checked or
 * ignored, never trusted, and a queue's "active" only counts the queues the
 * OS shows.  Samples are handed out in order, one per vnet_stats_sample();
 * a device without "samples" has no readable counters.  The document's
 * "settings" are not used: model.logging is what read_setting() answers.
 */
#ifndef VNET_TEST_MODEL_BACKEND_H
#define VNET_TEST_MODEL_BACKEND_H

#include <json-c/json.h>

#include "../../lib/internal.h"

extern const struct vnet_backend_ops model_backend;

/*
 * Writes: apply() records each step as a line ("mtu 9000\n", "rings rx=1024\n")
 * and changes the served document, so a refresh reads the new value.
 * Parameters: model.fail_step=N[,M...] refuses the Nth apply() call (undo
 * steps count too), model.ignore_step=N accepts it but changes nothing,
 * model.user=user refuses writes with -EPERM, model.logging the debug
 * state read_setting() answers ("" unreadable).
 */
/* The steps applied so far, one a line; "" before any. */
const char *model_steps(struct vnet_ctx *ctx);

/*
 * A context served by the model backend from @json (a document as above).
 * Errors in the document surface at the first device operation, explained
 * in vnet_ctx_error().  Returns NULL only when out of memory.
 */
struct vnet_ctx *model_ctx_new(const char *json);
struct vnet_ctx *model_ctx_new_file(const char *path);

/* ---- editing documents in tests ------------------------------------------- */

/*
 * Parse @text, in which ' stands for " so that C strings stay readable:
 * "{'channels': {'combined': 1}}".  Aborts the test program on a syntax error.
 */
struct json_object *model_parse(const char *text);

/* Load @name from the models directory (MODEL_DIR); aborts when unreadable. */
struct json_object *model_load(const char *name);

/*
 * Merge @patch (text as for model_parse()) into @doc: objects merge member
 * by member, an array merges element by element and takes the patch's
 * length, anything else (null included) replaces.
 */
void model_patch(struct json_object *doc, const char *patch);

/*
 * Edit device @dev's negotiated feature names: "+MQ -EVENT_IDX".  Keeps the
 * document's "bits" consistent.
 */
void model_features(struct json_object *doc, size_t dev, const char *edits);

/* A context for @doc (serialized; @doc stays the caller's). */
struct vnet_ctx *model_ctx_new_doc(struct json_object *doc);

#endif /* VNET_TEST_MODEL_BACKEND_H */
