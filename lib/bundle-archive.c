// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bundle-archive.c - write and read support bundles (libarchive, sha256)
 *
 * The writer keeps members in memory and writes them in one go at commit:
 * manifest.json first (so a reader learns what to expect before any data),
 * then the members in the order added, as a pax (restricted) tar, gzip'd,
 * into a 0600 temporary file beside the final path that is renamed over it
 * once complete: a bundle describes a machine, and a half one is never seen.
 *
 * The reader trusts nothing in the file.  It reads the whole archive into
 * memory through libarchive (nothing is ever extracted, no link followed),
 * counts bytes as they decompress (header sizes are claims, not facts) and
 * stops at the first bound:
 *   VNET_BUNDLE_TOTAL_MAX     256 MiB  all members together, uncompressed
 *   VNET_BUNDLE_MEMBER_MAX     64 MiB  one member
 *   VNET_BUNDLE_MEMBERS_MAX    20000   members (in the archive and listed)
 *   VNET_BUNDLE_MANIFEST_MAX    4 MiB  manifest.json
 *   GZIP_VERIFY_MAX           ~285 MiB the whole gzip stream (the total, 1536
 *                                      bytes of tar headers a member, 10 KiB)
 *   names and link targets: 255 bytes a component, 1024 in all
 * so a decompression bomb costs at most one member's worth of memory and of
 * inflating (members accepted before it are kept: 256 MiB at most).  A member is accepted only when manifest.json lists it with
 * the same type, size and sha256 (or link target), every listed member is
 * present, its name is one the writer would accept, and it is a regular
 * file or a symbolic link whose target stays inside the bundle lexically.
 * Directory entries (which tar tools add when a bundle is repacked) carry no
 * facts and are skipped; one with content is refused.  Hard links, devices,
 * FIFOs and sparse files are refused.
 *
 * The file must be a regular one: it is read twice, by libarchive and then
 * by zlib for the gzip trailer (see gzip_verify()).
 *
 * Errors (one line naming the file, the member or value, the bound):
 *   -ENOEXEC     not a support bundle: not gzip, not tar, empty, first
 *                member not manifest.json, no "format"
 *   -EOPNOTSUPP  a manifest "format" other than VNET_BUNDLE_FORMAT
 *   -EFBIG       a bound above exceeded
 *   -EBADMSG     damaged: truncated or corrupt archive, a gzip CRC-32 or
 *                length that does not match, a manifest that is
 *                not the documented JSON, a member missing, unlisted, or of
 *                another size or sha256 than listed
 *   -EINVAL      a member refused as such: its name, its type, a duplicate,
 *                a link target outside the bundle; a file that is not a
 *                regular one (-EISDIR: a directory)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include "bundle.h"

#define VNET_BUNDLE_TOTAL_MAX		(256u << 20)
#define VNET_BUNDLE_MEMBER_MAX		(64u << 20)
#define VNET_BUNDLE_MEMBERS_MAX		20000
#define VNET_BUNDLE_MANIFEST_MAX	(4u << 20)

/* tar's and most file systems' limits, and far above any sysfs path */
#define NAME_COMPONENT_MAX	255
#define NAME_MAX_LEN		1024

/* libarchive's errno for "Unrecognized archive format" (archive_platform.h, private) */
#ifdef EFTYPE
#define BUNDLE_ERRNO_FILE_FORMAT	EFTYPE
#else
#define BUNDLE_ERRNO_FILE_FORMAT	EILSEQ
#endif

#define MANIFEST_NAME		"manifest.json"
#define SHA256_HEX_LEN		(2 * SHA256_DIGEST_SIZE)

/* ---- names ---------------------------------------------------------------- */

/*
 * Why @name cannot be a member's name (NULL: it can): the rules keep every
 * name a plain relative path that means the same on every system.
 */
static const char *name_refusal(const char *name)
{
	size_t len = strlen(name), comp = 0;
	const char *start = name;

	if (!len)
		return "empty name";
	if (len > NAME_MAX_LEN)
		return "name longer than 1024 bytes";
	if (name[0] == '/')
		return "absolute name";
	for (const char *p = name;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/' || !c) {
			if (!comp)
				return "empty path component";
			if ((comp == 1 && start[0] == '.') ||
			    (comp == 2 && start[0] == '.' && start[1] == '.'))
				return "\".\" or \"..\" path component";
			if (!c)
				break;
			comp = 0;
			start = p + 1;
			continue;
		}
		if (c == '\\')
			return "backslash in name";
		if (c < 0x20 || c == 0x7f)
			return "control character in name";
		if (++comp > NAME_COMPONENT_MAX)
			return "path component longer than 255 bytes";
	}
	return NULL;
}

/*
 * Why the symbolic link @name -> @target is refused (NULL: it is not):
 * resolved lexically from the link's directory, the target must stay below
 * the bundle's root.
 */
static const char *link_refusal(const char *name, const char *target)
{
	long depth = 0;
	size_t comp;

	if (!*target)
		return "empty link target";
	if (strlen(target) > NAME_MAX_LEN)
		return "link target longer than 1024 bytes";
	if (target[0] == '/')
		return "absolute link target";
	for (const char *p = target; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\\')
			return "backslash in link target";
		if (c < 0x20 || c == 0x7f)
			return "control character in link target";
	}
	for (const char *p = name; *p; p++)
		depth += *p == '/';
	for (const char *p = target; *p; p += comp + (p[comp] == '/')) {
		comp = strcspn(p, "/");
		if (comp == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return "link target outside the bundle";
		} else if (comp && !(comp == 1 && p[0] == '.')) {
			depth++;
		}
	}
	return NULL;
}

/* @s made safe for a one-line message (names come from untrusted files). */
static const char *shown(const char *s, char *buf, size_t size)
{
	vnet_escape_text(s, buf, size);
	return buf;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx sha;

	sha256_init(&sha);
	sha256_update(&sha, len, data);
	sha256_digest(&sha, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
}

static void member_release(struct vnet_bundle_member *m)
{
	free(m->name);
	free(m->data);
	free(m->link);
}

/* ---- the writer ------------------------------------------------------------- */

struct vnet_bundle_writer {
	struct vnet_ctx *ctx;
	char *path;
	size_t n, cap;
	struct vnet_bundle_member *members;
	/* open addressing over members by name: a collection adds thousands */
	size_t *slots;		/* member index + 1, 0: free */
	size_t n_slots;		/* a power of two, at least twice n */
	char *partial_reason;	/* NULL: complete */
	bool partial;
};

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037ull;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* The slot holding @name, or the free one where it goes. */
static size_t *name_slot(const struct vnet_bundle_writer *w, const char *name)
{
	size_t i = name_hash(name) & (w->n_slots - 1);

	while (w->slots[i] && strcmp(w->members[w->slots[i] - 1].name, name))
		i = (i + 1) & (w->n_slots - 1);
	return &w->slots[i];
}

/* Room for one more name in the table. */
static int slots_grow(struct vnet_bundle_writer *w)
{
	size_t *old = w->slots, n_old = w->n_slots;

	if (w->n_slots && 2 * (w->n + 1) <= w->n_slots)
		return 0;
	w->n_slots = n_old ? 2 * n_old : 64;
	w->slots = calloc(w->n_slots, sizeof(*w->slots));
	if (!w->slots) {
		w->slots = old;
		w->n_slots = n_old;
		return -ENOMEM;
	}
	for (size_t i = 0; i < n_old; i++)
		if (old[i])
			*name_slot(w, w->members[old[i] - 1].name) = old[i];
	free(old);
	return 0;
}

int vnet_bundle_writer_new(struct vnet_ctx *ctx, const char *path,
			   struct vnet_bundle_writer **out)
{
	struct vnet_bundle_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w || !(w->path = strdup(path))) {
		free(w);
		return vnet_oom(ctx);
	}
	w->ctx = ctx;
	*out = w;
	return 0;
}

void vnet_bundle_writer_free(struct vnet_bundle_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		member_release(&w->members[i]);
	free(w->members);
	free(w->slots);
	free(w->partial_reason);
	free(w->path);
	free(w);
}

/* A new member @name, checked; NULL with the reason in the context. */
static struct vnet_bundle_member *writer_member(struct vnet_bundle_writer *w, const char *name,
						int *err)
{
	const char *why = name_refusal(name);
	struct vnet_bundle_member *m;
	char buf[256];

	if (!why && !strcmp(name, MANIFEST_NAME))
		why = "reserved for the manifest";
	if (why) {
		*err = vnet_set_error(w->ctx, -EINVAL, "%s: member %s: %s", w->path,
				      shown(name, buf, sizeof(buf)), why);
		return NULL;
	}
	if (w->n_slots && *name_slot(w, name)) {
		*err = vnet_set_error(w->ctx, -EEXIST, "%s: member %s added twice", w->path,
				      shown(name, buf, sizeof(buf)));
		return NULL;
	}
	if (w->n == VNET_BUNDLE_MEMBERS_MAX) {
		*err = vnet_set_error(w->ctx, -EFBIG, "%s: more than %d members", w->path,
				      VNET_BUNDLE_MEMBERS_MAX);
		return NULL;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 32;
		void *p = realloc(w->members, cap * sizeof(*w->members));

		if (!p) {
			*err = vnet_oom(w->ctx);
			return NULL;
		}
		w->members = p;
		w->cap = cap;
	}
	if (slots_grow(w)) {
		*err = vnet_oom(w->ctx);
		return NULL;
	}
	m = &w->members[w->n];
	memset(m, 0, sizeof(*m));
	m->name = strdup(name);
	if (!m->name) {
		*err = vnet_oom(w->ctx);
		return NULL;
	}
	return m;
}

int vnet_bundle_add(struct vnet_bundle_writer *w, const char *name, const void *data, size_t len)
{
	struct vnet_bundle_member *m;
	char buf[256];
	int err;

	if (len > VNET_BUNDLE_MEMBER_MAX)
		return vnet_set_error(w->ctx, -EFBIG, "%s: member %s: %zu bytes, above the bound "
				      "of one member (%u)", w->path, shown(name, buf, sizeof(buf)),
				      len, VNET_BUNDLE_MEMBER_MAX);
	m = writer_member(w, name, &err);
	if (!m)
		return err;
	m->data = malloc(len + 1);
	if (!m->data) {
		free(m->name);
		return vnet_oom(w->ctx);
	}
	if (len)
		memcpy(m->data, data, len);
	m->data[len] = '\0';
	m->len = len;
	*name_slot(w, name) = ++w->n;
	return 0;
}

int vnet_bundle_add_link(struct vnet_bundle_writer *w, const char *name, const char *target)
{
	struct vnet_bundle_member *m;
	const char *why = link_refusal(name, target);
	char buf[256], tbuf[256];
	int err;

	if (why)
		return vnet_set_error(w->ctx, -EINVAL, "%s: member %s -> %s: %s", w->path,
				      shown(name, buf, sizeof(buf)),
				      shown(target, tbuf, sizeof(tbuf)), why);
	m = writer_member(w, name, &err);
	if (!m)
		return err;
	m->link = strdup(target);
	if (!m->link) {
		free(m->name);
		return vnet_oom(w->ctx);
	}
	*name_slot(w, name) = ++w->n;
	return 0;
}

void vnet_bundle_partial(struct vnet_bundle_writer *w, const char *reason)
{
	if (w->partial)
		return;
	w->partial = true;
	w->partial_reason = reason ? strdup(reason) : NULL;
}

bool vnet_bundle_is_partial(const struct vnet_bundle_writer *w, const char **reason)
{
	*reason = w->partial_reason;
	return w->partial;
}

static const char *const manifest_keys[] = {
	"format", "tool", "created", "partial", "partial_reason", "redacted", "members",
};

static int json_add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

/* manifest.json's object for the (already redacted) members of @w. */
static int manifest_build(struct vnet_bundle_writer *w, bool redacted, struct json_object *info,
			  time_t now, struct json_object **out)
{
	struct json_object *m = json_object_new_object(), *list = json_object_new_array();
	char created[32];
	struct tm tm;
	int err = 0;

	*out = NULL;
	if (!m || !list) {
		json_object_put(m);
		json_object_put(list);
		return vnet_oom(w->ctx);
	}
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	err |= json_add(m, "format", json_object_new_int(VNET_BUNDLE_FORMAT));
	err |= json_add(m, "tool", json_object_new_string("vnetctl " PACKAGE_VERSION));
	err |= json_add(m, "created", json_object_new_string(created));
	err |= json_add(m, "partial", json_object_new_boolean(w->partial));
	if (w->partial_reason)
		err |= json_add(m, "partial_reason", json_object_new_string(w->partial_reason));
	else
		err |= json_object_object_add(m, "partial_reason", NULL) ? -ENOMEM : 0;
	err |= json_add(m, "redacted", json_object_new_boolean(redacted));
	if (info && json_object_is_type(info, json_type_object)) {
		json_object_object_foreach(info, key, val) {
			for (size_t i = 0; i < ARRAY_SIZE(manifest_keys); i++)
				if (!strcmp(key, manifest_keys[i])) {
					json_object_put(list);
					json_object_put(m);
					return vnet_set_error(w->ctx, -EINVAL,
							      "%s: manifest member \"%s\" is the "
							      "writer's own", w->path, key);
				}
			err |= json_add(m, key, json_object_get(val));
		}
	}
	for (size_t i = 0; i < w->n && !err; i++) {
		const struct vnet_bundle_member *mb = &w->members[i];
		struct json_object *e = json_object_new_object();
		char hex[SHA256_HEX_LEN + 1];

		if (!e || json_object_array_add(list, e)) {
			json_object_put(e);
			err = -ENOMEM;
			break;
		}
		err |= json_add(e, "name", json_object_new_string(mb->name));
		if (mb->link) {
			err |= json_add(e, "type", json_object_new_string("link"));
			err |= json_add(e, "target", json_object_new_string(mb->link));
		} else {
			sha256_hex(mb->data, mb->len, hex);
			err |= json_add(e, "type", json_object_new_string("file"));
			err |= json_add(e, "size", json_object_new_int64((int64_t)mb->len));
			err |= json_add(e, "sha256", json_object_new_string(hex));
		}
	}
	err |= json_add(m, "members", list);
	if (err) {
		json_object_put(m);
		return vnet_oom(w->ctx);
	}
	*out = m;
	return 0;
}

static int entry_write(struct vnet_bundle_writer *w, struct archive *a, const char *name,
		       const unsigned char *data, size_t len, const char *link, time_t now)
{
	struct archive_entry *e = archive_entry_new();
	char buf[256];
	int r;

	if (!e)
		return vnet_oom(w->ctx);
	archive_entry_set_pathname(e, name);
	archive_entry_set_mtime(e, now, 0);
	if (link) {
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_perm(e, 0777);
		archive_entry_set_symlink(e, link);
		archive_entry_set_size(e, 0);
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
	}
	r = archive_write_header(a, e);
	archive_entry_free(e);
	if (r >= ARCHIVE_WARN && !link && len &&
	    archive_write_data(a, data, len) != (la_ssize_t)len)
		r = ARCHIVE_FATAL;
	if (r < ARCHIVE_WARN)
		return vnet_set_error(w->ctx, -EIO, "%s: writing member %s: %s", w->path,
				      shown(name, buf, sizeof(buf)),
				      archive_error_string(a) ? archive_error_string(a) : "failed");
	return 0;
}

/* The archive into @fd: manifest first, then the members as added. */
static int archive_fd_write(struct vnet_bundle_writer *w, int fd, const char *manifest,
			    time_t now)
{
	struct archive *a = archive_write_new();
	int err = 0;

	if (!a)
		return vnet_oom(w->ctx);
	if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		err = vnet_set_error(w->ctx, -EIO, "%s: %s", w->path, archive_error_string(a));
		archive_write_free(a);
		return err;
	}
	err = entry_write(w, a, MANIFEST_NAME, (const unsigned char *)manifest, strlen(manifest),
			  NULL, now);
	for (size_t i = 0; i < w->n && !err; i++)
		err = entry_write(w, a, w->members[i].name, w->members[i].data, w->members[i].len,
				  w->members[i].link, now);
	if (!err && archive_write_close(a) != ARCHIVE_OK)
		err = vnet_set_error(w->ctx, -EIO, "%s: %s", w->path,
				     archive_error_string(a) ? archive_error_string(a) :
				     "write failed");
	archive_write_free(a);
	return err;
}

/* "DIR/.NAME.XXXXXX" beside @path, for mkstemp() */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *t = malloc(strlen(path) + sizeof(".") + sizeof(".XXXXXX"));

	if (t)
		sprintf(t, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	return t;
}

static int commit_file(struct vnet_bundle_writer *w, const char *manifest, time_t now)
{
	char *tmp = temp_name(w->path);
	int fd, err;

	if (!tmp)
		return vnet_oom(w->ctx);
	/* mkstemp(): O_EXCL and mode 0600, what a machine's description needs */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = vnet_set_error(w->ctx, -errno, "%s: cannot create a temporary file "
				     "beside it: %s", w->path, strerror(errno));
		free(tmp);
		return err;
	}
	err = archive_fd_write(w, fd, manifest, now);
	if (!err && fsync(fd))
		err = vnet_set_error(w->ctx, -errno, "%s: %s", tmp, strerror(errno));
	if (close(fd) && !err)
		err = vnet_set_error(w->ctx, -errno, "%s: %s", tmp, strerror(errno));
	if (!err && rename(tmp, w->path))
		err = vnet_set_error(w->ctx, -errno, "%s: cannot rename %s over it: %s", w->path,
				     tmp, strerror(errno));
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

/* What a reader would refuse is not written (redaction may lengthen members). */
static int sizes_check(struct vnet_bundle_writer *w)
{
	size_t total = 0;
	char buf[256];

	for (size_t i = 0; i < w->n; i++) {
		if (w->members[i].len > VNET_BUNDLE_MEMBER_MAX)
			return vnet_set_error(w->ctx, -EFBIG, "%s: member %s: %zu bytes, above the "
					      "bound of one member (%u)", w->path,
					      shown(w->members[i].name, buf, sizeof(buf)),
					      w->members[i].len, VNET_BUNDLE_MEMBER_MAX);
		total += w->members[i].len;
	}
	if (total > VNET_BUNDLE_TOTAL_MAX - VNET_BUNDLE_MANIFEST_MAX)
		return vnet_set_error(w->ctx, -EFBIG, "%s: %zu bytes of members, above the bound "
				      "of a bundle (%u with the manifest)", w->path, total,
				      VNET_BUNDLE_TOTAL_MAX);
	return 0;
}

int vnet_bundle_commit(struct vnet_bundle_writer *w, struct vnet_redactor *r,
		       struct json_object *info)
{
	struct json_object *manifest = NULL;
	time_t now = time(NULL);
	char *text = NULL;
	int err = 0;

	for (size_t i = 0; i < w->n && r && !err; i++) {
		struct vnet_bundle_member *m = &w->members[i];

		if (m->link) {
			/* a target naming a host must not keep it; still inside after */
			size_t len = strlen(m->link);

			err = vnet_redactor_apply(r, (unsigned char **)&m->link, &len);
		} else {
			err = vnet_redactor_apply(r, &m->data, &m->len);
		}
	}
	if (!err)
		err = sizes_check(w);
	if (!err)
		err = manifest_build(w, r != NULL, info, now, &manifest);
	if (!err) {
		const char *json = json_object_to_json_string_ext(manifest,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

		/* a text file for people too: one newline at the end */
		if (!json || asprintf(&text, "%s\n", json) < 0) {
			text = NULL;
			err = vnet_oom(w->ctx);
		} else if (strlen(text) > VNET_BUNDLE_MANIFEST_MAX) {
			err = vnet_set_error(w->ctx, -EFBIG, "%s: manifest.json of %zu bytes, "
					     "above the bound of %u", w->path, strlen(text),
					     VNET_BUNDLE_MANIFEST_MAX);
		} else {
			err = commit_file(w, text, now);
		}
	}
	free(text);
	json_object_put(manifest);
	vnet_bundle_writer_free(w);
	return err;
}

/* ---- the reader --------------------------------------------------------------- */

struct listed {
	const char *name;
	const char *sha256;	/* files */
	const char *target;	/* links */
	int64_t size;
	bool seen;
};

#define READ_CHUNK 65536

struct reader {
	struct vnet_ctx *ctx;
	const char *path;
	struct archive *a;
	unsigned char *chunk;	/* READ_CHUNK bytes */
	size_t total;		/* uncompressed bytes so far */
	struct listed *listed;	/* sorted by name */
	size_t n_listed;
	struct vnet_bundle_contents *c;
	size_t cap;
};

static int listed_cmp(const void *a, const void *b)
{
	return strcmp(((const struct listed *)a)->name, ((const struct listed *)b)->name);
}

/* libarchive's reason, for a damaged archive */
static const char *archive_reason(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s ? s : "unreadable data (libarchive gave no reason)";
}

/*
 * The data of the current entry, counted as it decompresses against @max
 * (and the total bound); *out is NUL-terminated past *len.
 */
static int entry_read(struct reader *rd, const char *name, size_t max, const char *bound,
		      unsigned char **out, size_t *len)
{
	unsigned char *buf = NULL, *p;
	size_t size = 0, used = 0;
	char nbuf[256];
	int err = 0;

	*out = NULL;
	*len = 0;
	for (;;) {
		/* into the reader's chunk first: a member costs what it holds */
		la_ssize_t got = archive_read_data(rd->a, rd->chunk, READ_CHUNK);

		if (got < 0) {
			err = vnet_set_error(rd->ctx, -EBADMSG,
					     "%s: member %s: damaged archive: %s", rd->path,
					     shown(name, nbuf, sizeof(nbuf)),
					     archive_reason(rd->a));
			break;
		}
		if (!got)
			break;
		rd->total += (size_t)got;
		if (used + (size_t)got > max) {
			err = vnet_set_error(rd->ctx, -EFBIG, "%s: member %s: more than %zu bytes "
					     "uncompressed (the bound of %s)", rd->path,
					     shown(name, nbuf, sizeof(nbuf)), max, bound);
			break;
		}
		if (rd->total > VNET_BUNDLE_TOTAL_MAX) {
			err = vnet_set_error(rd->ctx, -EFBIG, "%s: member %s: the bundle holds "
					     "more than %u bytes uncompressed (the bound of a "
					     "bundle)", rd->path, shown(name, nbuf, sizeof(nbuf)),
					     VNET_BUNDLE_TOTAL_MAX);
			break;
		}
		if (used + (size_t)got + 1 > size) {
			size = size ? 2 * size : (size_t)got + 1;
			if (size < used + (size_t)got + 1)
				size = used + (size_t)got + 1;
			if (size > max + 1)
				size = max + 1;
			p = realloc(buf, size);
			if (!p) {
				err = vnet_oom(rd->ctx);
				break;
			}
			buf = p;
		}
		memcpy(buf + used, rd->chunk, (size_t)got);
		used += (size_t)got;
	}
	if (!err && used + 1 != size) {
		/* exactly what it holds (and an empty member its NUL) */
		p = realloc(buf, used + 1);
		if (p)
			buf = p;
		else if (!buf)
			err = vnet_oom(rd->ctx);
	}
	if (err) {
		free(buf);
		return err;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

static bool is_sha256_hex(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == SHA256_HEX_LEN;
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The manifest's member list into rd->listed, every entry checked. */
static int manifest_check(struct reader *rd, struct json_object *m)
{
	struct json_object *format, *list;
	char nbuf[256];
	size_t n;

	if (!json_object_is_type(m, json_type_object))
		return vnet_set_error(rd->ctx, -EBADMSG, "%s: manifest.json is not a JSON object: "
				      "the bundle is damaged", rd->path);
	if (!json_object_object_get_ex(m, "format", &format))
		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle "
				      "(manifest.json has no \"format\")", rd->path);
	if (!json_object_is_type(format, json_type_int) ||
	    json_object_get_int64(format) != VNET_BUNDLE_FORMAT) {
		const char *f = json_object_to_json_string_ext(format, JSON_C_TO_STRING_PLAIN);

		return vnet_set_error(rd->ctx, -EOPNOTSUPP, "%s: bundle format %s is not supported "
				      "(this vnetctl reads format %d)", rd->path,
				      shown(f ? f : "?", nbuf, 64), VNET_BUNDLE_FORMAT);
	}
	if (!json_object_object_get_ex(m, "members", &list) ||
	    !json_object_is_type(list, json_type_array))
		return vnet_set_error(rd->ctx, -EBADMSG, "%s: manifest.json has no \"members\" "
				      "array: the bundle is damaged", rd->path);
	n = json_object_array_length(list);
	if (n > VNET_BUNDLE_MEMBERS_MAX)
		return vnet_set_error(rd->ctx, -EFBIG, "%s: manifest.json lists %zu members, "
				      "above the bound of %d", rd->path, n,
				      VNET_BUNDLE_MEMBERS_MAX);
	rd->listed = calloc(n ? n : 1, sizeof(*rd->listed));
	if (!rd->listed)
		return vnet_oom(rd->ctx);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(list, i), *size;
		struct listed *l = &rd->listed[i];
		const char *type, *why;

		l->name = json_object_is_type(e, json_type_object) ? json_str(e, "name") : NULL;
		type = l->name ? json_str(e, "type") : NULL;
		if (!l->name || !type)
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: manifest.json: member %zu "
					      "has no \"name\" or \"type\": the bundle is damaged",
					      rd->path, i);
		why = name_refusal(l->name);
		if (!why && !strcmp(l->name, MANIFEST_NAME))
			why = "reserved for the manifest";
		if (why)
			return vnet_set_error(rd->ctx, -EINVAL, "%s: manifest.json: member %s: %s",
					      rd->path, shown(l->name, nbuf, sizeof(nbuf)), why);
		if (!strcmp(type, "link")) {
			l->target = json_str(e, "target");
			why = l->target ? link_refusal(l->name, l->target) : "no \"target\"";
			if (why)
				return vnet_set_error(rd->ctx, -EINVAL, "%s: manifest.json: member "
						      "%s: %s", rd->path,
						      shown(l->name, nbuf, sizeof(nbuf)), why);
		} else if (!strcmp(type, "file")) {
			l->sha256 = json_str(e, "sha256");
			if (!json_object_object_get_ex(e, "size", &size) ||
			    !json_object_is_type(size, json_type_int) ||
			    (l->size = json_object_get_int64(size)) < 0 || !l->sha256 ||
			    !is_sha256_hex(l->sha256))
				return vnet_set_error(rd->ctx, -EBADMSG,
						      "%s: manifest.json: member %s: no valid "
						      "\"size\" or \"sha256\": the bundle is "
						      "damaged", rd->path,
						      shown(l->name, nbuf, sizeof(nbuf)));
		} else {
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: manifest.json: member %s: "
					      "unknown type \"%s\"", rd->path,
					      shown(l->name, nbuf, sizeof(nbuf)),
					      shown(type, nbuf + 128, 128));
		}
	}
	rd->n_listed = n;
	qsort(rd->listed, n, sizeof(*rd->listed), listed_cmp);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(rd->listed[i - 1].name, rd->listed[i].name))
			return vnet_set_error(rd->ctx, -EINVAL, "%s: manifest.json: member %s "
					      "listed twice", rd->path,
					      shown(rd->listed[i].name, nbuf, sizeof(nbuf)));
	return 0;
}

/*
 * The first header could not be read: a gzip stream holding something else
 * is not a bundle; one cut short or corrupt is a damaged one.
 */
static int not_tar_or_damaged(struct reader *rd)
{
	if (archive_errno(rd->a) == BUNDLE_ERRNO_FILE_FORMAT)
		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle (%s)",
				      rd->path, archive_reason(rd->a));
	return vnet_set_error(rd->ctx, -EBADMSG, "%s: damaged archive: %s",
			      rd->path, archive_reason(rd->a));
}

static int manifest_read(struct reader *rd)
{
	struct archive_entry *e;
	struct json_tokener *tok;
	struct json_object *m;
	unsigned char *text;
	const char *name;
	size_t len;
	int r, err;

	r = archive_read_next_header(rd->a, &e);
	if (r == ARCHIVE_EOF)
		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle (an "
				      "empty archive)", rd->path);
	if (r < ARCHIVE_WARN)
		return not_tar_or_damaged(rd);
	name = archive_entry_pathname(e);
	if (!name || strcmp(name, MANIFEST_NAME) || archive_entry_filetype(e) != AE_IFREG ||
	    archive_entry_hardlink(e)) {
		char nbuf[256];

		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle (first "
				      "member %s, not a file manifest.json)", rd->path,
				      shown(name ? name : "without a name", nbuf, sizeof(nbuf)));
	}
	err = entry_read(rd, MANIFEST_NAME, VNET_BUNDLE_MANIFEST_MAX, MANIFEST_NAME, &text,
			 &len);
	if (err)
		return err;
	tok = json_tokener_new();
	if (!tok) {
		free(text);
		return vnet_oom(rd->ctx);
	}
	m = json_tokener_parse_ex(tok, (const char *)text, (int)len);
	if (!m || json_tokener_get_error(tok) != json_tokener_success ||
	    strspn((const char *)text + json_tokener_get_parse_end(tok), " \t\r\n") !=
	    len - json_tokener_get_parse_end(tok)) {
		json_object_put(m);
		err = vnet_set_error(rd->ctx, -EBADMSG, "%s: manifest.json is not valid JSON (%s): "
				     "the bundle is damaged", rd->path,
				     json_tokener_get_error(tok) == json_tokener_continue ?
				     "cut short" :
				     json_tokener_get_error(tok) != json_tokener_success ?
				     json_tokener_error_desc(json_tokener_get_error(tok)) :
				     "text after the document");
		m = NULL;
	}
	json_tokener_free(tok);
	free(text);
	if (err)
		return err;
	rd->c->manifest = m;
	return manifest_check(rd, m);
}

static int member_add(struct reader *rd, struct vnet_bundle_member *m)
{
	struct vnet_bundle_contents *c = rd->c;

	if (c->n == rd->cap) {
		size_t cap = rd->cap ? 2 * rd->cap : 32;
		void *p = realloc(c->members, cap * sizeof(*c->members));

		if (!p)
			return vnet_oom(rd->ctx);
		c->members = p;
		rd->cap = cap;
	}
	c->members[c->n++] = *m;
	return 0;
}

/* The current entry, checked against its listing, into rd->c. */
static int member_read(struct reader *rd, struct archive_entry *e, size_t *entries)
{
	const char *name = archive_entry_pathname(e), *why = NULL;
	struct vnet_bundle_member m = { 0 };
	char nbuf[256], hex[SHA256_HEX_LEN + 1];
	struct listed key, *l;
	unsigned int type;
	int err;

	if (++*entries > VNET_BUNDLE_MEMBERS_MAX)
		return vnet_set_error(rd->ctx, -EFBIG, "%s: more than %d members (the bound of a "
				      "bundle)", rd->path, VNET_BUNDLE_MEMBERS_MAX);
	if (!name)
		return vnet_set_error(rd->ctx, -EINVAL, "%s: a member without a name", rd->path);
	type = archive_entry_filetype(e);
	if (type == AE_IFDIR) {
		/* "raw/" as a repacking tar adds it: no facts, but a name to check */
		char *dir = strdup(name);
		size_t len;

		if (!dir)
			return vnet_oom(rd->ctx);
		len = strlen(dir);
		while (len > 1 && dir[len - 1] == '/')
			dir[--len] = '\0';
		why = name_refusal(dir);
		free(dir);
	} else {
		why = name_refusal(name);
	}
	if (!why && !strcmp(name, MANIFEST_NAME))
		why = "a second manifest.json";
	if (!why && archive_entry_hardlink(e))
		why = "a hard link";
	if (!why && archive_entry_sparse_count(e) > 0)
		why = "a sparse file";
	if (!why && type != AE_IFREG && type != AE_IFLNK && type != AE_IFDIR)
		why = "not a regular file, symbolic link or directory";
	if (!why && type == AE_IFLNK)
		why = archive_entry_symlink(e) ? link_refusal(name, archive_entry_symlink(e)) :
		      "a link without a target";
	if (why)
		return vnet_set_error(rd->ctx, -EINVAL, "%s: member %s: %s", rd->path,
				      shown(name, nbuf, sizeof(nbuf)), why);
	err = entry_read(rd, name, VNET_BUNDLE_MEMBER_MAX, "one member", &m.data, &m.len);
	if (err)
		return err;
	if (type == AE_IFDIR) {
		free(m.data);
		if (m.len)
			return vnet_set_error(rd->ctx, -EINVAL, "%s: member %s: a directory with "
					      "content", rd->path, shown(name, nbuf, sizeof(nbuf)));
		return 0;
	}
	key.name = name;
	l = bsearch(&key, rd->listed, rd->n_listed, sizeof(*rd->listed), listed_cmp);
	if (!l)
		why = "not listed in manifest.json: the bundle was altered";
	else if (l->seen)
		why = "present twice";
	else if ((type == AE_IFLNK) != (l->target != NULL))
		why = "of another type than manifest.json lists: the bundle was altered";
	if (why) {
		free(m.data);
		return vnet_set_error(rd->ctx, l && l->seen ? -EINVAL : -EBADMSG,
				      "%s: member %s: %s", rd->path,
				      shown(name, nbuf, sizeof(nbuf)), why);
	}
	l->seen = true;
	if (type == AE_IFLNK) {
		const char *target = archive_entry_symlink(e);

		free(m.data);
		m.data = NULL;
		m.len = 0;
		if (strcmp(target, l->target))
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: member %s: link target "
					      "differs from manifest.json: the bundle was altered",
					      rd->path, shown(name, nbuf, sizeof(nbuf)));
		m.link = strdup(target);
		if (!m.link)
			return vnet_oom(rd->ctx);
	} else {
		if ((int64_t)m.len != l->size) {
			free(m.data);
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: member %s: %zu bytes, "
					      "manifest.json says %lld: the bundle is damaged or "
					      "was altered", rd->path,
					      shown(name, nbuf, sizeof(nbuf)), m.len,
					      (long long)l->size);
		}
		sha256_hex(m.data, m.len, hex);
		if (strcmp(hex, l->sha256)) {
			free(m.data);
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: member %s: sha256 "
					      "mismatch: the bundle is damaged or was altered",
					      rd->path, shown(name, nbuf, sizeof(nbuf)));
		}
	}
	m.name = strdup(name);
	if (!m.name || (err = member_add(rd, &m))) {
		member_release(&m);
		return m.name ? err : vnet_oom(rd->ctx);
	}
	return 0;
}

static int archive_walk(struct reader *rd)
{
	struct archive_entry *e;
	size_t entries = 0;
	char nbuf[256];
	int err, r;

	/* gzip over the raw file: nothing else, and not gzip in gzip */
	if (archive_filter_count(rd->a) != 2 ||
	    archive_filter_code(rd->a, 0) != ARCHIVE_FILTER_GZIP)
		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle (not "
				      "gzip-compressed)", rd->path);
	err = manifest_read(rd);
	if (err)
		return err;
	if ((archive_format(rd->a) & ARCHIVE_FORMAT_BASE_MASK) != ARCHIVE_FORMAT_TAR)
		return vnet_set_error(rd->ctx, -ENOEXEC, "%s: not a vnetctl support bundle (not a "
				      "tar archive)", rd->path);
	while ((r = archive_read_next_header(rd->a, &e)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN)
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: damaged archive after %s: %s",
					      rd->path,
					      rd->c->n ? shown(rd->c->members[rd->c->n - 1].name,
							       nbuf, sizeof(nbuf)) : MANIFEST_NAME,
					      archive_reason(rd->a));
		err = member_read(rd, e, &entries);
		if (err)
			return err;
	}
	for (size_t i = 0; i < rd->n_listed; i++)
		if (!rd->listed[i].seen)
			return vnet_set_error(rd->ctx, -EBADMSG, "%s: member %s: listed in "
					      "manifest.json but missing: the bundle is damaged or "
					      "was altered", rd->path,
					      shown(rd->listed[i].name, nbuf, sizeof(nbuf)));
	return 0;
}

/*
 * libarchive's gzip reader checks neither the gzip trailer (CRC-32 and
 * length) nor anything past the tar's end, and a bit flipped in a literal of
 * the deflate stream changes one byte without breaking it: the manifest and
 * the tar headers have no checksum of their own.  So once the walk accepted
 * everything, the file is inflated once more with zlib, output discarded,
 * to the end of its last gzip member, bounded like the walk (the members,
 * their tar headers and padding).
 */
#define GZIP_VERIFY_MAX ((size_t)VNET_BUNDLE_TOTAL_MAX + \
			 ((size_t)VNET_BUNDLE_MEMBERS_MAX + 2) * 3 * 512 + 10240)

static int gzip_verify(struct reader *rd, int fd)
{
	unsigned char *in = malloc(READ_CHUNK);
	z_stream z = { 0 };
	size_t inflated = 0;
	off_t off = 0;
	int zr = Z_OK, err = 0;

	if (!in || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(in);
		return vnet_oom(rd->ctx);
	}
	while (!err) {
		ssize_t got = pread(fd, in, READ_CHUNK, off);

		if (got < 0) {
			err = vnet_set_error(rd->ctx, -errno, "%s: %s", rd->path, strerror(errno));
			break;
		}
		if (!got)
			break;
		off += got;
		z.next_in = in;
		z.avail_in = (uInt)got;
		while (z.avail_in && !err) {
			if (zr == Z_STREAM_END)
				inflateReset(&z);	/* gzip members may follow each other */
			z.next_out = rd->chunk;
			z.avail_out = READ_CHUNK;
			zr = inflate(&z, Z_NO_FLUSH);
			inflated += READ_CHUNK - z.avail_out;
			if (zr != Z_OK && zr != Z_STREAM_END)
				err = vnet_set_error(rd->ctx, -EBADMSG,
						     "%s: damaged archive: gzip: %s", rd->path,
						     z.msg ? z.msg : "corrupt stream");
			else if (inflated > GZIP_VERIFY_MAX)
				err = vnet_set_error(rd->ctx, -EFBIG, "%s: more than %zu bytes "
						     "uncompressed in all (the bound of a bundle "
						     "with its tar headers)", rd->path,
						     GZIP_VERIFY_MAX);
		}
	}
	if (!err && zr != Z_STREAM_END)
		err = vnet_set_error(rd->ctx, -EBADMSG, "%s: damaged archive: gzip: truncated "
				     "stream", rd->path);
	inflateEnd(&z);
	free(in);
	return err;
}

int vnet_bundle_read(struct vnet_ctx *ctx, const char *path, struct vnet_bundle_contents **out)
{
	struct reader rd = { .ctx = ctx, .path = path };
	struct stat st;
	int fd, err;

	*out = NULL;
	/* O_NONBLOCK: a FIFO without a writer is refused below, not waited for */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return vnet_set_error(ctx, -errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		close(fd);
		return vnet_set_error(ctx, -EISDIR, "%s: not a vnetctl support bundle (a "
				      "directory)", path);
	}
	/* read twice (gzip_verify()): a pipe or a device cannot be */
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return vnet_set_error(ctx, -EINVAL, "%s: not a regular file", path);
	}
	if (!st.st_size) {
		close(fd);
		return vnet_set_error(ctx, -ENOEXEC, "%s: not a vnetctl support bundle (an empty "
				      "file)", path);
	}
	rd.c = calloc(1, sizeof(*rd.c));
	rd.chunk = malloc(READ_CHUNK);
	rd.a = archive_read_new();
	if (!rd.c || !rd.chunk || !rd.a) {
		err = vnet_oom(ctx);
		goto out;
	}
	if (archive_read_support_filter_gzip(rd.a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(rd.a) != ARCHIVE_OK) {
		err = vnet_set_error(ctx, -ENOTSUP, "%s: %s", path, archive_reason(rd.a));
		goto out;
	}
	if (archive_read_open_fd(rd.a, fd, 65536) != ARCHIVE_OK) {
		err = not_tar_or_damaged(&rd);
		goto out;
	}
	err = archive_walk(&rd);
	if (!err)
		err = gzip_verify(&rd, fd);
out:
	if (rd.a)
		archive_read_free(rd.a);
	close(fd);
	free(rd.chunk);
	free(rd.listed);
	if (err)
		vnet_bundle_contents_free(rd.c);
	else
		*out = rd.c;
	return err;
}

const struct vnet_bundle_member *vnet_bundle_find(const struct vnet_bundle_contents *c,
						  const char *name)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (!strcmp(c->members[i].name, name))
			return &c->members[i];
	return NULL;
}

void vnet_bundle_contents_free(struct vnet_bundle_contents *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		member_release(&c->members[i]);
	free(c->members);
	json_object_put(c->manifest);
	free(c);
}
