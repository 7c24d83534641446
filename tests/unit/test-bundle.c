// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-bundle.c - support bundles: the writer (manifest, order, modes,
 * atomic replacement) and the reader against hostile archives
 *
 * The round trip is checked by reading the written file with libarchive and
 * nettle here, not only through vnet_bundle_read().  Hostile bundles are
 * made here with libarchive directly (a name the writer refuses, a hard
 * link, a FIFO, a decompression bomb, ...) or by cutting and flipping the
 * bytes of a good one (zlib, not the reader, says which flips leave the
 * tar as it was); each case asserts the errno and the message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <regex.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include "../../lib/bundle.h"

static char dir[64];
static char path[128];
static struct vnet_ctx *ctx;

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test-bundle.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
	ctx = vnet_ctx_new();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vnet_ctx_free(ctx);
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Names in @d, sorted, joined by ' '. */
static char *listing(const char *d)
{
	struct dirent **ents;
	int n = scandir(d, &ents, NULL, alphasort);
	char *out = calloc(1, 4096);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, "..")) {
			if (*out)
				strcat(out, " ");
			strcat(out, ents[i]->d_name);
		}
		free(ents[i]);
	}
	free(ents);
	return out;
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof(d), d);
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

static const unsigned char binary[] = { 0, 1, 2, 0xff, 0, '\n', 0x1b };
static const char interrupts[] =
	"           CPU0       CPU1\n 24:  10  20  PCI-MSI virtio0-input.0\n";

/* A bundle of every kind of member, partial, with caller information. */
static void write_good(const char *where)
{
	struct vnet_bundle_writer *w;
	struct json_object *info = json_object_new_object();
	const char *reason;

	json_object_object_add(info, "window_s", json_object_new_int(5));
	assert_int_equal(vnet_bundle_writer_new(ctx, where, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "state.json", "{\"schema\": 1}\n", 14), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/proc/interrupts", interrupts,
					 strlen(interrupts)), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/empty", "", 0), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/netlink/binary", binary, sizeof(binary)), 0);
	assert_int_equal(vnet_bundle_add_link(w, "raw/sys/class/net/eth0",
					      "../../devices/virtio0/net/eth0"), 0);
	assert_false(vnet_bundle_is_partial(w, &reason));
	vnet_bundle_partial(w, "eth1 vanished during collection");
	vnet_bundle_partial(w, "second reason, not kept");
	assert_true(vnet_bundle_is_partial(w, &reason));
	assert_string_equal(reason, "eth1 vanished during collection");
	assert_int_equal(vnet_bundle_commit(w, NULL, info), 0);
	json_object_put(info);
}

static void round_trip(void **state)
{
	struct vnet_bundle_contents *c;
	const struct vnet_bundle_member *m;
	struct archive_entry *e;
	struct archive *a;
	struct json_object *v, *list;
	struct stat st;
	char *names, hex[65];
	static const char *const order[] = { "manifest.json", "state.json", "raw/proc/interrupts",
					     "raw/empty", "raw/netlink/binary",
					     "raw/sys/class/net/eth0" };
	regex_t re;
	time_t now = time(NULL);
	struct tm tm = { 0 };

	(void)state;
	write_good(path);
	/* the file alone, no temporary left, private */
	names = listing(dir);
	assert_string_equal(names, "b.tar.gz");
	free(names);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);

	/* libarchive's view: gzip, tar, manifest first, members in order, modes */
	a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	assert_int_equal(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
		assert_string_equal(archive_entry_pathname(e), order[i]);
		if (i == 5) {
			assert_int_equal(archive_entry_filetype(e), AE_IFLNK);
			assert_string_equal(archive_entry_symlink(e),
					    "../../devices/virtio0/net/eth0");
		} else {
			assert_int_equal(archive_entry_filetype(e), AE_IFREG);
			assert_int_equal(archive_entry_perm(e), 0644);
		}
	}
	assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_EOF);
	assert_int_equal(archive_filter_code(a, 0), ARCHIVE_FILTER_GZIP);
	assert_int_equal(archive_format(a) & ARCHIVE_FORMAT_BASE_MASK, ARCHIVE_FORMAT_TAR);
	archive_read_free(a);

	assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
	assert_int_equal(c->n, 5);
	m = vnet_bundle_find(c, "raw/proc/interrupts");
	assert_non_null(m);
	assert_int_equal(m->len, strlen(interrupts));
	assert_memory_equal(m->data, interrupts, m->len);
	assert_int_equal(m->data[m->len], '\0');
	assert_null(m->link);
	m = vnet_bundle_find(c, "raw/netlink/binary");
	assert_int_equal(m->len, sizeof(binary));
	assert_memory_equal(m->data, binary, sizeof(binary));
	m = vnet_bundle_find(c, "raw/empty");
	assert_int_equal(m->len, 0);
	m = vnet_bundle_find(c, "raw/sys/class/net/eth0");
	assert_string_equal(m->link, "../../devices/virtio0/net/eth0");
	assert_null(vnet_bundle_find(c, "manifest.json"));
	assert_null(vnet_bundle_find(c, "raw"));

	/* the manifest's fields */
	assert_true(json_object_object_get_ex(c->manifest, "format", &v));
	assert_int_equal(json_object_get_int(v), 1);
	assert_true(json_object_object_get_ex(c->manifest, "tool", &v));
	assert_string_equal(json_object_get_string(v), "vnetctl " PACKAGE_VERSION);
	assert_true(json_object_object_get_ex(c->manifest, "created", &v));
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
				 REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, json_object_get_string(v), 0, NULL, 0), 0);
	regfree(&re);
	assert_non_null(strptime(json_object_get_string(v), "%Y-%m-%dT%H:%M:%SZ", &tm));
	assert_true(labs((long)(timegm(&tm) - now)) <= 5);
	assert_true(json_object_object_get_ex(c->manifest, "partial", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(c->manifest, "partial_reason", &v));
	assert_string_equal(json_object_get_string(v), "eth1 vanished during collection");
	assert_true(json_object_object_get_ex(c->manifest, "redacted", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(c->manifest, "window_s", &v));
	assert_int_equal(json_object_get_int(v), 5);
	assert_true(json_object_object_get_ex(c->manifest, "members", &list));
	assert_int_equal(json_object_array_length(list), 5);
	for (size_t i = 0; i < 5; i++) {
		struct json_object *ent = json_object_array_get_idx(list, i);

		assert_true(json_object_object_get_ex(ent, "name", &v));
		assert_string_equal(json_object_get_string(v), order[i + 1]);
		m = vnet_bundle_find(c, order[i + 1]);
		assert_true(json_object_object_get_ex(ent, "type", &v));
		if (m->link) {
			assert_string_equal(json_object_get_string(v), "link");
			assert_true(json_object_object_get_ex(ent, "target", &v));
			assert_string_equal(json_object_get_string(v), m->link);
			assert_false(json_object_object_get_ex(ent, "sha256", &v));
		} else {
			assert_string_equal(json_object_get_string(v), "file");
			assert_true(json_object_object_get_ex(ent, "size", &v));
			assert_int_equal(json_object_get_int64(v), m->len);
			assert_true(json_object_object_get_ex(ent, "sha256", &v));
			sha256_hex(m->data, m->len, hex);
			assert_string_equal(json_object_get_string(v), hex);
		}
	}
	vnet_bundle_contents_free(c);
}

/* A complete bundle without partial mark: partial_reason is null. */
static void complete_bundle(void **state)
{
	struct vnet_bundle_writer *w;
	struct vnet_bundle_contents *c;
	struct json_object *v;

	(void)state;
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "state.json", "{}", 2), 0);
	assert_int_equal(vnet_bundle_commit(w, NULL, NULL), 0);
	assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
	assert_true(json_object_object_get_ex(c->manifest, "partial", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(c->manifest, "partial_reason", &v));
	assert_null(v);
	vnet_bundle_contents_free(c);
}

/* With a redactor: every member and link target redacted, sha256 of what is stored. */
static void commit_redacts(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct vnet_bundle_writer *w;
	struct vnet_bundle_contents *c;
	struct vnet_redactor *r;
	const struct vnet_bundle_member *m;
	struct json_object *v;
	unsigned char binary_mac[16] = "IFLA_ADDRESS=";

	(void)state;
	memcpy(binary_mac + 10, mac, 6);
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	assert_int_equal(vnet_redactor_add_mac(r, mac), 0);
	assert_int_equal(vnet_redactor_add_name(r, "vm1"), 0);
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/sys/class/net/eth0/address",
					 "52:54:00:12:34:56\n", 18), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/proc/sys/kernel/hostname", "vm1\n", 4), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/netlink/link", binary_mac, 16), 0);
	assert_int_equal(vnet_bundle_add_link(w, "raw/etc/hostname", "../hosts/vm1"), 0);
	assert_int_equal(vnet_bundle_commit(w, r, NULL), 0);
	vnet_redactor_free(r);

	assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
	assert_true(json_object_object_get_ex(c->manifest, "redacted", &v));
	assert_true(json_object_get_boolean(v));
	m = vnet_bundle_find(c, "raw/sys/class/net/eth0/address");
	assert_int_equal(m->len, 18);
	assert_memory_equal(m->data, "52:54:00:", 9);
	assert_memory_not_equal(m->data, "52:54:00:12:34:56", 17);
	m = vnet_bundle_find(c, "raw/proc/sys/kernel/hostname");
	assert_string_equal((const char *)m->data, "host-1\n");
	m = vnet_bundle_find(c, "raw/netlink/link");
	assert_int_equal(m->len, 16);
	assert_memory_not_equal(m->data + 10, mac, 6);
	assert_memory_equal(m->data + 10, mac, 3);
	m = vnet_bundle_find(c, "raw/etc/hostname");
	assert_string_equal(m->link, "../hosts/host-1");
	vnet_bundle_contents_free(c);
}

/* Interface names are bytes: a member named after one comes back as it was. */
static void raw_byte_names(void **state)
{
	static const char *const names[] = { "raw/sys/class/net/u\xff\xc3\xa9/mtu",
					     "raw/sys/class/net/e x/mtu" };
	struct vnet_bundle_writer *w;
	struct vnet_bundle_contents *c;

	(void)state;
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(vnet_bundle_add(w, names[i], "1500\n", 5), 0);
	assert_int_equal(vnet_bundle_commit(w, NULL, NULL), 0);
	assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
	assert_int_equal(c->n, 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(c->members[i].name, names[i]);
	vnet_bundle_contents_free(c);
}

static void names_refused(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "..", "../x", "a/../b", "a/..",
		"a\\b", "a\nb", "a\x1b[31m", "a\x7f", "manifest.json",
	};
	struct vnet_bundle_writer *w;
	char name[1100];

	(void)state;
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(vnet_bundle_add(w, bad[i], "x", 1), -EINVAL);
		assert_non_null(strstr(vnet_ctx_error(ctx), path));
		assert_null(strchr(vnet_ctx_error(ctx), '\n'));
		assert_null(strchr(vnet_ctx_error(ctx), '\x1b'));
	}
	/* 255 bytes per component, 1024 in all */
	memset(name, 'a', 256);
	name[256] = '\0';
	assert_int_equal(vnet_bundle_add(w, name, "x", 1), -EINVAL);
	name[255] = '\0';
	assert_int_equal(vnet_bundle_add(w, name, "x", 1), 0);
	for (int i = 0; i < 1025; i++)
		name[i] = i % 2 ? '/' : 'b';
	name[1025] = '\0';
	assert_int_equal(vnet_bundle_add(w, name, "x", 1), -EINVAL);
	name[1023] = '\0';
	assert_int_equal(vnet_bundle_add(w, name, "x", 1), 0);
	/* a name given twice */
	assert_int_equal(vnet_bundle_add(w, "raw/x", "x", 1), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/x", "y", 1), -EEXIST);
	assert_int_equal(vnet_bundle_add_link(w, "raw/x", "y"), -EEXIST);
	/* links: absolute or climbing out, lexically from the link's directory */
	assert_int_equal(vnet_bundle_add_link(w, "raw/l1", "/etc/passwd"), -EINVAL);
	assert_non_null(strstr(vnet_ctx_error(ctx), ": member raw/l1 -> /etc/passwd: absolute link "
				 "target"));
	assert_int_equal(vnet_bundle_add_link(w, "raw/l2", "../../etc"), -EINVAL);
	assert_int_equal(vnet_bundle_add_link(w, "raw/l3", "a/../../../x"), -EINVAL);
	assert_int_equal(vnet_bundle_add_link(w, "l4", ".."), -EINVAL);
	assert_int_equal(vnet_bundle_add_link(w, "raw/l5", "../state.json"), 0);
	assert_int_equal(vnet_bundle_add_link(w, "raw/a/l6", "../../x/./y"), 0);
	assert_int_equal(vnet_bundle_add_link(w, "raw/l7", ""), -EINVAL);
	vnet_bundle_writer_free(w);
	assert_int_equal(access(path, F_OK), -1);
}

/* A failing commit leaves nothing: no temporary, the old file untouched. */
static void commit_fails_atomically(void **state)
{
	struct vnet_bundle_writer *w;
	struct rlimit old, lim;
	unsigned char *noise = malloc(1 << 20);
	char *names, sub[160], buf[32];
	int fd;

	(void)state;
	/* the directory does not exist */
	snprintf(sub, sizeof(sub), "%s/no/such/dir/b.tar.gz", dir);
	assert_int_equal(vnet_bundle_writer_new(ctx, sub, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "state.json", "{}", 2), 0);
	assert_int_equal(vnet_bundle_commit(w, NULL, NULL), -ENOENT);
	assert_non_null(strstr(vnet_ctx_error(ctx), sub));

	/* the path is a directory: rename() fails after the whole write */
	snprintf(sub, sizeof(sub), "%s/isdir", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(vnet_bundle_writer_new(ctx, sub, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "state.json", "{}", 2), 0);
	assert_true(vnet_bundle_commit(w, NULL, NULL) < 0);
	names = listing(dir);
	assert_string_equal(names, "isdir");
	free(names);
	names = listing(sub);
	assert_string_equal(names, "");
	free(names);

	/* the file system refuses the data (RLIMIT_FSIZE) over an existing bundle */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "old bundle", 10), 10);
	close(fd);
	srandom(1);
	for (size_t i = 0; i < (1 << 20); i++)
		noise[i] = (unsigned char)random();
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/noise", noise, 1 << 20), 0);
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 65536;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_true(vnet_bundle_commit(w, NULL, NULL) < 0);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_non_null(strstr(vnet_ctx_error(ctx), path));
	names = listing(dir);
	assert_string_equal(names, "b.tar.gz isdir");
	free(names);
	fd = open(path, O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, "old bundle", 10);
	close(fd);
	free(noise);

	/* a manifest member the writer owns cannot come from the caller */
	{
		struct json_object *info = json_object_new_object();

		json_object_object_add(info, "format", json_object_new_int(2));
		assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
		assert_int_equal(vnet_bundle_commit(w, NULL, info), -EINVAL);
		json_object_put(info);
		assert_non_null(strstr(vnet_ctx_error(ctx), "\"format\""));
	}
	/* replacing an existing bundle works, and keeps it private */
	write_good(path);
	{
		struct stat st;

		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
	}
	names = listing(dir);
	assert_string_equal(names, "b.tar.gz isdir");
	free(names);
}

/* ---- hostile archives, made with libarchive here ------------------------------ */

enum { T_FILE, T_LINK, T_HARDLINK, T_DIR, T_FIFO, T_CHR };

struct ent {
	const char *name;
	int type;
	const void *data;
	size_t len;		/* (size_t)-1: strlen(data) */
	const char *link;	/* symlink or hard link target */
	bool unlisted;		/* left out of the generated manifest */
	const char *listed_sha;	/* listed with this sha256 instead */
	long long listed_size;	/* listed with this size instead (when not 0) */
	size_t zeros;		/* this many zero bytes instead of data */
};

#define AUTO_MANIFEST NULL
#define NO_MANIFEST ""

static char *manifest_of(const struct ent *e, size_t n)
{
	struct json_object *m = json_object_new_object(), *list = json_object_new_array();
	char *text;

	json_object_object_add(m, "format", json_object_new_int(1));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o;
		char hex[65];

		if (e[i].unlisted || e[i].type == T_DIR)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(e[i].name));
		if (e[i].type == T_LINK) {
			json_object_object_add(o, "type", json_object_new_string("link"));
			json_object_object_add(o, "target", json_object_new_string(e[i].link));
		} else {
			size_t len = e[i].zeros ? e[i].zeros :
				     e[i].len == (size_t)-1 ? strlen(e[i].data) : e[i].len;

			if (!e[i].zeros)
				sha256_hex(e[i].data ? e[i].data : "", len, hex);
			else
				memset(hex, '0', 64), hex[64] = '\0';
			json_object_object_add(o, "type", json_object_new_string("file"));
			json_object_object_add(o, "size", json_object_new_int64(
				e[i].listed_size ? e[i].listed_size : (long long)len));
			json_object_object_add(o, "sha256", json_object_new_string(
				e[i].listed_sha ? e[i].listed_sha : hex));
		}
		json_object_array_add(list, o);
	}
	json_object_object_add(m, "members", list);
	text = strdup(json_object_to_json_string(m));
	json_object_put(m);
	return text;
}

static void put(struct archive *a, const char *name, int type, const void *data, size_t len,
		const char *link, size_t zeros)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_perm(e, 0644);
	switch (type) {
	case T_FILE:
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_size(e, (la_int64_t)(zeros ? zeros : len));
		break;
	case T_LINK:
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, link);
		break;
	case T_HARDLINK:
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_hardlink(e, link);
		break;
	case T_DIR:
		archive_entry_set_filetype(e, AE_IFDIR);
		archive_entry_set_perm(e, 0755);
		break;
	case T_FIFO:
		archive_entry_set_filetype(e, AE_IFIFO);
		break;
	case T_CHR:
		archive_entry_set_filetype(e, AE_IFCHR);
		archive_entry_set_rdevmajor(e, 1);
		archive_entry_set_rdevminor(e, 3);
		break;
	}
	assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);
	if (type == T_FILE && zeros) {
		static char chunk[1 << 16];

		for (size_t done = 0; done < zeros; done += sizeof(chunk))
			assert_int_equal(archive_write_data(a, chunk, sizeof(chunk)),
					 sizeof(chunk));
	} else if (type == T_FILE && len) {
		assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
	}
	archive_entry_free(e);
}

/* @manifest: its text, AUTO_MANIFEST (listing @e) or NO_MANIFEST */
static void craft(const char *where, bool gzip, const char *manifest, const struct ent *e,
		  size_t n)
{
	struct archive *a = archive_write_new();
	char *auto_text = NULL;

	if (gzip)
		archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, where), ARCHIVE_OK);
	if (manifest == AUTO_MANIFEST)
		manifest = auto_text = manifest_of(e, n);
	if (*manifest)
		put(a, "manifest.json", T_FILE, manifest, strlen(manifest), NULL, 0);
	for (size_t i = 0; i < n; i++)
		put(a, e[i].name, e[i].type, e[i].data,
		    e[i].len == (size_t)-1 ? strlen(e[i].data) : e[i].len, e[i].link, e[i].zeros);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(auto_text);
}

#define CRAFT(manifest, ...) do {						\
	const struct ent ents_[] = { __VA_ARGS__ };				\
	craft(path, true, manifest, ents_, sizeof(ents_) / sizeof(*ents_));	\
} while (0)

#define F(n, d) { .name = (n), .type = T_FILE, .data = (d), .len = (size_t)-1 }

/* vnet_bundle_read(path) fails with @err and a message of one line starting
 * with the path and holding @text. */
static void refused(int err, const char *text)
{
	struct vnet_bundle_contents *c = (void *)1;
	const char *msg;
	int rc = vnet_bundle_read(ctx, path, &c);

	msg = vnet_ctx_error(ctx);
	if (rc != err)
		fail_msg("returned %d (%s), expected %d", rc, msg, err);
	assert_null(c);
	if (!strstr(msg, text) || strncmp(msg, path, strlen(path)) || strchr(msg, '\n'))
		fail_msg("message \"%s\": expected \"%s: ...%s...\"", msg, path, text);
}

static void refused_exactly(int err, const char *text)
{
	char want[512];

	snprintf(want, sizeof(want), "%s: %s", path, text);
	refused(err, text);
	assert_string_equal(vnet_ctx_error(ctx), want);
}

static void write_bytes(const char *where, const void *data, size_t len)
{
	int fd = open(where, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void not_a_bundle(void **state)
{
	static const unsigned char gz_text[] = {	/* printf 'hello\n' | gzip -n */
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd,
		0xc9, 0xc9, 0xe7, 0x02, 0x00, 0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
	};

	(void)state;
	write_bytes(path, "", 0);
	refused_exactly(-ENOEXEC, "not a vnetctl support bundle (an empty file)");
	write_bytes(path, "hello, world\n", 13);
	refused(-ENOEXEC, "not a vnetctl support bundle (");
	write_bytes(path, gz_text, sizeof(gz_text));
	refused(-ENOEXEC, "not a vnetctl support bundle (");
	/* a tar without gzip */
	{
		const struct ent e[] = { F("state.json", "{}") };

		craft(path, false, AUTO_MANIFEST, e, 1);
		refused_exactly(-ENOEXEC, "not a vnetctl support bundle (not gzip-compressed)");
	}
	/* gzip'd tar of nothing */
	craft(path, true, NO_MANIFEST, NULL, 0);
	refused(-ENOEXEC, "not a vnetctl support bundle (");
	CRAFT(NO_MANIFEST, F("state.json", "{}"));
	refused_exactly(-ENOEXEC, "not a vnetctl support bundle (first member state.json, not "
			"a file manifest.json)");
	/* a directory and a missing file */
	snprintf(path, sizeof(path), "%s", dir);
	refused(-EISDIR, "a directory");
	snprintf(path, sizeof(path), "%s/missing", dir);
	refused(-ENOENT, "No such file");
	snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
}

static void manifest_refused(void **state)
{
	(void)state;
	CRAFT("{\"format\": 1, \"members\": [", F("state.json", "{}"));
	refused(-EBADMSG, "manifest.json is not valid JSON");
	CRAFT("{\"format\": 1, \"members\": []} trailing", F("state.json", "{}"));
	refused(-EBADMSG, "manifest.json is not valid JSON");
	CRAFT("[1, 2]", F("state.json", "{}"));
	refused(-EBADMSG, "manifest.json is not a JSON object");
	CRAFT("{\"members\": []}", F("state.json", "{}"));
	refused_exactly(-ENOEXEC, "not a vnetctl support bundle (manifest.json has no "
			"\"format\")");
	CRAFT("{\"format\": 7, \"members\": []}", F("state.json", "{}"));
	refused_exactly(-EOPNOTSUPP, "bundle format 7 is not supported (this vnetctl reads "
			"format 1)");
	CRAFT("{\"format\": \"1\", \"members\": []}", F("state.json", "{}"));
	refused(-EOPNOTSUPP, "bundle format \"1\" is not supported");
	CRAFT("{\"format\": 1}", F("state.json", "{}"));
	refused(-EBADMSG, "no \"members\" array");
	CRAFT("{\"format\": 1, \"members\": [{\"name\": \"x\", \"type\": \"file\", \"size\": 1}]}",
	      F("x", "1"));
	refused(-EBADMSG, "member x: no valid \"size\" or \"sha256\"");
	CRAFT("{\"format\": 1, \"members\": [{\"name\": \"x\", \"type\": \"fifo\"}]}", F("x", "1"));
	refused(-EBADMSG, "member x: unknown type \"fifo\"");
	CRAFT("{\"format\": 1, \"members\": [{\"name\": \"../../tmp/x\", \"type\": \"link\", "
	      "\"target\": \"y\"}]}", F("x", "1"));
	refused_exactly(-EINVAL, "manifest.json: member ../../tmp/x: \".\" or \"..\" path "
			"component");
	CRAFT("{\"format\": 1, \"members\": [{\"name\": \"raw/l\", \"type\": \"link\", "
	      "\"target\": \"/etc\"}]}", F("x", "1"));
	refused_exactly(-EINVAL, "manifest.json: member raw/l: absolute link target");
	CRAFT("{\"format\": 1, \"members\": [{\"name\": \"l\", \"type\": \"link\", \"target\": "
	      "\"a\"}, {\"name\": \"l\", \"type\": \"link\", \"target\": \"b\"}]}", F("x", "1"));
	refused_exactly(-EINVAL, "manifest.json: member l listed twice");
}

static void members_refused(void **state)
{
	const struct ent dotdot = { .name = "../../tmp/x", .type = T_FILE, .data = "pwned",
				    .len = 5, .unlisted = true };
	const struct ent abs = { .name = "/tmp/x", .type = T_FILE, .data = "pwned", .len = 5,
				 .unlisted = true };

	(void)state;
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"), dotdot);
	refused_exactly(-EINVAL, "member ../../tmp/x: \".\" or \"..\" path component");
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"), abs);
	refused_exactly(-EINVAL, "member /tmp/x: absolute name");
	CRAFT(AUTO_MANIFEST, F("a\x1b[2Jb", "x"));
	refused(-EINVAL, "a\\x1b[2Jb");
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"),
	      { .name = "manifest.json", .type = T_FILE, .data = "{}", .len = 2,
		.unlisted = true });
	refused(-EINVAL, "member manifest.json: a second manifest.json");
	/* duplicate */
	{
		const struct ent e[] = { F("state.json", "{}"), F("state.json", "{}") };
		const struct ent listed_once[] = { F("state.json", "{}") };
		char *m = manifest_of(listed_once, 1);

		craft(path, true, m, e, 2);
		free(m);
		refused_exactly(-EINVAL, "member state.json: present twice");
	}
	/* hard link, device, FIFO */
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"),
	      { .name = "raw/h", .type = T_HARDLINK, .link = "state.json", .unlisted = true });
	refused_exactly(-EINVAL, "member raw/h: a hard link");
	CRAFT(AUTO_MANIFEST, { .name = "raw/null", .type = T_CHR, .unlisted = true });
	refused_exactly(-EINVAL, "member raw/null: not a regular file, symbolic link or "
			"directory");
	CRAFT(AUTO_MANIFEST, { .name = "raw/fifo", .type = T_FIFO, .unlisted = true });
	refused(-EINVAL, "member raw/fifo: not a regular file");
	/* symbolic links out of the bundle */
	{
		const struct ent e[] = { { .name = "raw/l", .type = T_LINK, .link = "/etc/passwd",
					   .unlisted = true } };
		char *m = manifest_of(NULL, 0);

		craft(path, true, m, e, 1);
		free(m);
		/* unlisted, but refused for what it is first */
		refused_exactly(-EINVAL, "member raw/l: absolute link target");
	}
	{
		/* the manifest is honest about a hostile link: still refused */
		const struct ent e[] = { { .name = "raw/l", .type = T_LINK,
					   .link = "../../etc/passwd" } };
		struct json_object *mj = json_object_new_object(), *list = json_object_new_array(),
				   *o = json_object_new_object();

		json_object_object_add(mj, "format", json_object_new_int(1));
		json_object_object_add(o, "name", json_object_new_string("raw/l"));
		json_object_object_add(o, "type", json_object_new_string("link"));
		json_object_object_add(o, "target", json_object_new_string("ok"));
		json_object_array_add(list, o);
		json_object_object_add(mj, "members", list);
		craft(path, true, json_object_to_json_string(mj), e, 1);
		json_object_put(mj);
		refused_exactly(-EINVAL, "member raw/l: link target outside the bundle");
	}
	/* directories carry nothing and are skipped, unless they have content */
	CRAFT(AUTO_MANIFEST, { .name = "raw", .type = T_DIR }, F("raw/x", "1"),
	      { .name = "raw/sub/", .type = T_DIR });
	{
		struct vnet_bundle_contents *c;

		assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
		assert_int_equal(c->n, 1);
		assert_string_equal(c->members[0].name, "raw/x");
		vnet_bundle_contents_free(c);
	}
	CRAFT(AUTO_MANIFEST, { .name = "raw/../x/", .type = T_DIR });
	refused(-EINVAL, "member raw/../x/: \".\" or \"..\" path component");
}

static void damage_refused(void **state)
{
	(void)state;
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"),
	      { .name = "raw/extra", .type = T_FILE, .data = "x", .len = 1, .unlisted = true });
	refused_exactly(-EBADMSG, "member raw/extra: not listed in manifest.json: the bundle was "
			"altered");
	{
		const struct ent listed[] = { F("state.json", "{}"),
					      F("raw/proc/interrupts", "x") };
		char *m = manifest_of(listed, 2);

		craft(path, true, m, listed, 1);
		free(m);
		refused_exactly(-EBADMSG, "member raw/proc/interrupts: listed in manifest.json but "
				"missing: the bundle is damaged or was altered");
	}
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"),
	      { .name = "raw/proc/interrupts", .type = T_FILE, .data = "CPU0\n", .len = 5,
		.listed_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" });
	refused_exactly(-EBADMSG, "member raw/proc/interrupts: sha256 mismatch: the bundle is "
			"damaged or was altered");
	CRAFT(AUTO_MANIFEST, { .name = "raw/proc/interrupts", .type = T_FILE, .data = "CPU0\n",
			       .len = 5, .listed_size = 4 });
	refused_exactly(-EBADMSG, "member raw/proc/interrupts: 5 bytes, manifest.json says 4: "
			"the bundle is damaged or was altered");
	/* a file where the manifest lists a link */
	{
		const struct ent listed[] = { { .name = "raw/l", .type = T_LINK, .link = "x" } };
		const struct ent e[] = { F("raw/l", "x") };
		char *m = manifest_of(listed, 1);

		craft(path, true, m, e, 1);
		free(m);
		refused(-EBADMSG, "member raw/l: of another type than manifest.json lists");
	}
}

/* A good bundle cut short or with a byte flipped never reads as good. */
/* zlib's own reading of a whole gzip file (trailer checked), NULL when damaged */
static unsigned char *gunzip(const unsigned char *gz, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	int r;

	assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)gz;
	z.avail_in = (uInt)len;
	do {
		if (z.total_out == cap)
			out = realloc(out, cap *= 2);
		z.next_out = out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		r = inflate(&z, Z_NO_FLUSH);
	} while (r == Z_OK);
	*out_len = z.total_out;
	inflateEnd(&z);
	if (r != Z_STREAM_END || z.avail_in) {
		free(out);
		return NULL;
	}
	return out;
}

static void bytes_damaged(void **state)
{
	unsigned char *good, *bad, *noise = malloc(200000), *good_tar;
	size_t good_len;
	struct vnet_bundle_writer *w;
	struct vnet_bundle_contents *c;
	struct stat st;
	size_t len;
	int fd;

	(void)state;
	srandom(7);
	for (size_t i = 0; i < 200000; i++)
		noise[i] = (unsigned char)random();
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	assert_int_equal(vnet_bundle_add(w, "state.json", "{\"schema\": 1}", 13), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/noise", noise, 200000), 0);
	assert_int_equal(vnet_bundle_add(w, "raw/proc/interrupts", interrupts,
					 strlen(interrupts)), 0);
	assert_int_equal(vnet_bundle_commit(w, NULL, NULL), 0);
	free(noise);
	assert_int_equal(stat(path, &st), 0);
	len = (size_t)st.st_size;
	good = malloc(len);
	bad = malloc(len);
	fd = open(path, O_RDONLY);
	assert_int_equal(read(fd, good, len), (ssize_t)len);
	close(fd);

	/* cut in the middle of the big member: libarchive's reason is given */
	write_bytes(path, good, len / 2);
	refused(-EBADMSG, "damaged archive: ");
	/* cut anywhere: never accepted, always one line */
	for (size_t cut = 1; cut < len; cut += len / 97 + 1) {
		write_bytes(path, good, cut);
		c = (void *)1;
		assert_true(vnet_bundle_read(ctx, path, &c) < 0);
		assert_null(c);
		assert_null(strchr(vnet_ctx_error(ctx), '\n'));
		assert_int_equal(strncmp(vnet_ctx_error(ctx), path, strlen(path)), 0);
	}
	/*
	 * A flipped byte: refused unless zlib finds the same tar in it (the
	 * gzip header's time, or a bit the deflate stream does not use).  Every
	 * byte of the head (gzip header, tar header, manifest) and of the tail
	 * (last member, end of the tar, gzip trailer), and some in between.
	 */
	good_tar = gunzip(good, len, &good_len);
	assert_non_null(good_tar);
	for (size_t at = 0; at < len; at += at < 2048 || at > len - 2048 ? 1 : len / 89) {
		unsigned char *tar;
		size_t tar_len;
		bool same;

		memcpy(bad, good, len);
		bad[at] ^= 0x20;
		tar = gunzip(bad, len, &tar_len);
		same = tar && tar_len == good_len && !memcmp(tar, good_tar, tar_len);
		free(tar);
		write_bytes(path, bad, len);
		c = (void *)1;
		if (vnet_bundle_read(ctx, path, &c) == 0) {
			if (!same)
				fail_msg("byte %zu flipped: another tar, read as good", at);
			vnet_bundle_contents_free(c);
			continue;
		}
		assert_null(c);
		assert_null(strchr(vnet_ctx_error(ctx), '\n'));
	}
	free(good_tar);
	free(good);
	free(bad);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 300 MiB of zeros in about 300 KB: stopped at 64 MiB, quickly. */
static void bomb(void **state)
{
	struct timespec t0;
	struct rusage ru;
	struct stat st;
	char want[128];

	(void)state;
	CRAFT(AUTO_MANIFEST, F("state.json", "{}"),
	      { .name = "raw/bomb", .type = T_FILE, .zeros = (size_t)300 << 20 });
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < (1 << 20));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(want, sizeof(want), "member raw/bomb: more than %u bytes uncompressed (the bound "
		 "of one member)", 64u << 20);
	refused_exactly(-EFBIG, want);
	assert_true(seconds_since(&t0) < 5);
	getrusage(RUSAGE_SELF, &ru);
	/* one member's worth, not 300 MiB (ru_maxrss: KiB); valgrind's own is not ours */
	if (!getenv("LD_PRELOAD") || !strstr(getenv("LD_PRELOAD"), "vgpreload"))
		assert_true(ru.ru_maxrss < 200 * 1024);
}

/* Past the tar's end, where libarchive stops: 300 MiB of zeros inside the gzip stream. */
static void tail_bomb(void **state)
{
	static unsigned char zeros[1 << 20], out[1 << 16];
	const struct ent e[] = { F("state.json", "{}") };
	struct archive *a = archive_write_new();
	unsigned char *tar = malloc(1 << 20);
	size_t tar_len = 0;
	char *m = manifest_of(e, 1);
	z_stream z = { 0 };
	struct timespec t0;
	int fd;

	(void)state;
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_memory(a, tar, 1 << 20, &tar_len), ARCHIVE_OK);
	put(a, "manifest.json", T_FILE, m, strlen(m), NULL, 0);
	put(a, "state.json", T_FILE, "{}", 2, NULL, 0);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(m);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
			 Z_OK);
	for (int i = -1; i < 301; i++) {
		z.next_in = i < 0 ? tar : zeros;
		z.avail_in = i < 0 ? (uInt)tar_len : i < 300 ? sizeof(zeros) : 0;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			deflate(&z, i == 300 ? Z_FINISH : Z_NO_FLUSH);
			assert_int_equal(write(fd, out, sizeof(out) - z.avail_out),
					 (ssize_t)(sizeof(out) - z.avail_out));
		} while (z.avail_out == 0);
	}
	deflateEnd(&z);
	close(fd);
	free(tar);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	refused_exactly(-EFBIG, "more than 299168768 bytes uncompressed in all (the bound of a "
			"bundle with its tar headers)");
	assert_true(seconds_since(&t0) < 10);
}

/* The total bound, with honest sha256s of zeros. */
static void total_bound(void **state)
{
	static char zero_hex[65];
	static unsigned char zeros[1 << 16];
	struct sha256_ctx s;
	uint8_t d[32];
	struct ent e[5];
	char names[5][16];
	size_t each = (size_t)60 << 20;

	(void)state;
	sha256_init(&s);
	for (size_t done = 0; done < each; done += sizeof(zeros))
		sha256_update(&s, sizeof(zeros), zeros);
	sha256_digest(&s, sizeof(d), d);
	for (int i = 0; i < 32; i++)
		sprintf(zero_hex + 2 * i, "%02x", d[i]);
	for (int i = 0; i < 5; i++) {
		snprintf(names[i], sizeof(names[i]), "raw/b%d", i);
		e[i] = (struct ent){ .name = names[i], .type = T_FILE, .zeros = each,
				     .listed_sha = zero_hex };
	}
	craft(path, true, AUTO_MANIFEST, e, 5);
	refused_exactly(-EFBIG, "member raw/b4: the bundle holds more than 268435456 bytes "
			"uncompressed (the bound of a bundle)");
}

/* The writer stops where the reader would: 20000 members are written and read. */
static void most_members(void **state)
{
	struct vnet_bundle_writer *w;
	struct vnet_bundle_contents *c;
	char name[64];

	(void)state;
	assert_int_equal(vnet_bundle_writer_new(ctx, path, &w), 0);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "raw/sys/class/net/eth%d/queues/rx-%d/rps_cpus",
			 i / 1000, i % 1000);
		assert_int_equal(vnet_bundle_add(w, name, "0\n", 2), 0);
	}
	assert_int_equal(vnet_bundle_add(w, "raw/one-too-many", "", 0), -EFBIG);
	assert_int_equal(vnet_bundle_commit(w, NULL, NULL), 0);
	assert_int_equal(vnet_bundle_read(ctx, path, &c), 0);
	assert_int_equal(c->n, 20000);
	vnet_bundle_contents_free(c);
}

static void count_bounds(void **state)
{
	struct json_object *m = json_object_new_object(), *list = json_object_new_array();
	char *big;
	size_t len;

	(void)state;
	json_object_object_add(m, "format", json_object_new_int(1));
	for (int i = 0; i < 20001; i++) {
		struct json_object *o = json_object_new_object();
		char name[32];

		snprintf(name, sizeof(name), "raw/l%d", i);
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_object_add(o, "type", json_object_new_string("link"));
		json_object_object_add(o, "target", json_object_new_string("x"));
		json_object_array_add(list, o);
	}
	json_object_object_add(m, "members", list);
	craft(path, true, json_object_to_json_string(m), NULL, 0);
	json_object_put(m);
	refused_exactly(-EFBIG, "manifest.json lists 20001 members, above the bound of 20000");

	/* 20001 entries in the archive (empty directories: listed nowhere) */
	{
		struct ent *e = calloc(20001, sizeof(*e));
		char (*names)[16] = calloc(20001, 16);

		for (int i = 0; i < 20001; i++) {
			snprintf(names[i], 16, "d%d", i);
			e[i] = (struct ent){ .name = names[i], .type = T_DIR };
		}
		craft(path, true, AUTO_MANIFEST, e, 20001);
		free(e);
		free(names);
		refused_exactly(-EFBIG, "more than 20000 members (the bound of a bundle)");
	}
	/* a manifest above 4 MiB */
	big = malloc((5u << 20) + 64);
	strcpy(big, "{\"format\": 1, \"members\": [], \"pad\": \"");
	len = strlen(big);
	memset(big + len, 'x', 5u << 20);
	strcpy(big + len + (5u << 20), "\"}");
	craft(path, true, big, NULL, 0);
	free(big);
	refused_exactly(-EFBIG, "member manifest.json: more than 4194304 bytes uncompressed (the "
			"bound of manifest.json)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(complete_bundle, setup, teardown),
		cmocka_unit_test_setup_teardown(commit_redacts, setup, teardown),
		cmocka_unit_test_setup_teardown(raw_byte_names, setup, teardown),
		cmocka_unit_test_setup_teardown(names_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(commit_fails_atomically, setup, teardown),
		cmocka_unit_test_setup_teardown(not_a_bundle, setup, teardown),
		cmocka_unit_test_setup_teardown(manifest_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(members_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(damage_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(bytes_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(tail_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(total_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(most_members, setup, teardown),
		cmocka_unit_test_setup_teardown(count_bounds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
