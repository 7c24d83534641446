/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bundle.h - support bundles inside libvnet: the archive, redaction, the
 * state document, and the offline backend that serves a bundle
 *
 * A bundle (vnetctl-bundle(5)) is a gzip'd tar written with libarchive:
 *   manifest.json   format version, tool, time, partial/redacted marks and
 *                   the size and sha256 of every other member (first member)
 *   state.json      the model of every device (schema VNET_STATE_SCHEMA):
 *                   what the offline backend serves
 *   samples.json, show.json, check.json, explain.json (+ .txt): what the
 *                   collecting machine printed, for humans
 *   raw/...         the sources read (sysfs/procfs files, netlink replies,
 *                   kernel log lines, versions), as a tree below raw/
 *
 * Pieces: bundle-archive.c (writer and reader, bounds, checksums),
 * redact.c (consistent tokens), state.c (the state document's reader and
 * the "bundle" backend), state-write.c (the document from a live model),
 * bundle-collect.c (vnet_bundle_collect()), linux/collect.c (raw sources).
 */
#ifndef VNET_BUNDLE_H
#define VNET_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct json_object;

/* manifest.json "format"; a reader refuses any other */
#define VNET_BUNDLE_FORMAT 1
/* state.json "schema"; a reader refuses any other */
#define VNET_STATE_SCHEMA 1

/* ---- members in memory (bundle-archive.c) ----------------------------------- */

struct vnet_bundle_member {
	char *name;		/* relative, '/'-separated, no "..", no leading '/' */
	unsigned char *data;	/* a regular file's bytes (NUL-terminated past len) */
	size_t len;
	char *link;		/* a symbolic link's target (never followed), else NULL */
};

struct vnet_bundle_contents {
	struct json_object *manifest;
	size_t n;
	struct vnet_bundle_member *members;	/* manifest.json not among them */
};

/*
 * Read @path: a gzip'd tar whose first member is manifest.json of format
 * VNET_BUNDLE_FORMAT listing every other member with its size and sha256.
 * Everything is checked (bounds, names, types, checksums) before this
 * returns; nothing is written anywhere.  Return: 0, or -errno with a
 * one-line reason naming @path in the context.
 */
int vnet_bundle_read(struct vnet_ctx *ctx, const char *path, struct vnet_bundle_contents **out);
const struct vnet_bundle_member *vnet_bundle_find(const struct vnet_bundle_contents *c,
						  const char *name);
void vnet_bundle_contents_free(struct vnet_bundle_contents *c);

/* ---- redaction (redact.c) ----------------------------------------------------- */

struct vnet_redactor;

int vnet_redactor_new(struct vnet_ctx *ctx, struct vnet_redactor **out);
/* Secrets to replace everywhere; the same secret always gets the same token. */
int vnet_redactor_add_mac(struct vnet_redactor *r, const uint8_t mac[6]);
/* @family AF_INET (4 bytes at @addr) or AF_INET6 (16 bytes) */
int vnet_redactor_add_ip(struct vnet_redactor *r, int family, const void *addr);
int vnet_redactor_add_name(struct vnet_redactor *r, const char *hostname);
/* Replace every form of every secret in @data (may reallocate it). */
int vnet_redactor_apply(struct vnet_redactor *r, unsigned char **data, size_t *len);
void vnet_redactor_free(struct vnet_redactor *r);

/* ---- the writer (bundle-archive.c) ---------------------------------------- */

struct vnet_bundle_writer;

/*
 * Collect members in memory for @path; nothing is created until commit.
 */
int vnet_bundle_writer_new(struct vnet_ctx *ctx, const char *path,
			   struct vnet_bundle_writer **out);
/* A copy of @data as member @name (a name given twice is -EEXIST). */
int vnet_bundle_add(struct vnet_bundle_writer *w, const char *name, const void *data,
		    size_t len);
int vnet_bundle_add_link(struct vnet_bundle_writer *w, const char *name, const char *target);
/* Mark the bundle partial with a reason (the first reason is kept). */
void vnet_bundle_partial(struct vnet_bundle_writer *w, const char *reason);
bool vnet_bundle_is_partial(const struct vnet_bundle_writer *w, const char **reason);
/*
 * Redact every member with @r (NULL: none), add the manifest, write a
 * temporary file beside @path and rename it over @path: never a half file
 * under the final name.  @info: manifest members of the caller ("window_s",
 * ...), merged in; may be NULL.  The writer is freed either way.
 */
int vnet_bundle_commit(struct vnet_bundle_writer *w, struct vnet_redactor *r,
		       struct json_object *info);
void vnet_bundle_writer_free(struct vnet_bundle_writer *w);

/* ---- the state document (state-write.c, state.c) --------------------------- */

/*
 * The state document of @list (filled) and @sys: { "schema": 1, "system":
 * {raw machine facts}, "devices": [ show's object + "samples": [...] +
 * "settings": {...} ] }.  @samples[i] holds @n_samples[i] samples of
 * device i (NULL/0: counters unreadable).
 */
int vnet_state_build(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
		     const struct vnet_system *sys, struct vnet_sample *const *const *samples,
		     const size_t *n_samples, struct json_object **doc);

/*
 * Serve @ctx from the state document @text (@origin names it in errors,
 * "bundle b.tar.gz: state.json").  The whole document is checked here.
 */
int vnet_state_attach(struct vnet_ctx *ctx, const char *text, size_t len, const char *origin);

/* The offline backend: "bundle.file" (VNET_FROM) names the bundle. */
extern const struct vnet_backend_ops vnet_backend_bundle;

#endif /* VNET_BUNDLE_H */
