// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-bundle.c - support bundles (vnetctl --from FILE): libarchive's gzip
 * and tar readers behind vnet_bundle_read(), the bounds, manifest.json's
 * JSON and its checks, names, link targets and checksums
 *
 * The input is the bundle file, put in a memfd the reader opens by path as
 * it opens any bundle.  The same bytes then go through the redactor (which
 * sees every member's bytes, binary ones too) with a few secrets: no raw
 * form of the QEMU MAC may remain.  With VNET_FUZZ_BUNDLE_SEEDS=DIR set, the target
 * instead writes a few valid bundles there with the library's own writer
 * (tests/fuzz/seed corrupts copies of them) and exits.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../../lib/bundle.h"

static struct vnet_ctx *ctx;
static struct vnet_redactor *redactor;
static const uint8_t qemu_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char interrupts[] =
	"           CPU0       CPU1\n"
	" 24:          0          0   PCI-MSI 49152-edge      virtio0-config\n"
	" 25:       1021         17   PCI-MSI 49153-edge      virtio0-input.0\n";

/* A bundle with each kind of member: what the seed corpus starts from. */
static int write_seed(const char *dir, int variant)
{
	struct vnet_bundle_writer *w;
	struct json_object *info = json_object_new_object();
	char file[4096];
	int err;

	snprintf(file, sizeof(file), "%s/seed-%d.tar.gz", dir, variant);
	json_object_object_add(info, "window_s", json_object_new_int(5));
	err = vnet_bundle_writer_new(ctx, file, &w);
	if (err)
		return err;
	vnet_bundle_add(w, "state.json", "{\"schema\": 1, \"system\": {}, \"devices\": []}\n",
			43);
	if (variant > 0) {
		vnet_bundle_add(w, "raw/proc/interrupts", interrupts, strlen(interrupts));
		vnet_bundle_add(w, "raw/sys/class/net/eth0/address", "52:54:00:12:34:56\n", 18);
		vnet_bundle_add_link(w, "raw/sys/class/net/eth0/device",
				     "../../../devices/virtio0");
		vnet_bundle_add(w, "raw/netlink/empty", "", 0);
	}
	if (variant > 1)
		vnet_bundle_partial(w, "eth1 vanished during collection");
	err = vnet_bundle_commit(w, NULL, info);
	json_object_put(info);
	return err;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("VNET_FUZZ_BUNDLE_SEEDS");

	(void)argc;
	(void)argv;
	ctx = vnet_ctx_new();
	if (!ctx)
		return -1;
	if (seeds) {
		for (int v = 0; v < 3; v++)
			if (write_seed(seeds, v)) {
				fprintf(stderr, "fuzz-bundle: %s\n", vnet_ctx_error(ctx));
				exit(1);
			}
		exit(0);
	}
	if (vnet_redactor_new(ctx, &redactor))
		return -1;
	{
		static const uint8_t local_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
		uint8_t a4[4], a6[16];

		inet_pton(AF_INET, "10.0.0.1", a4);
		inet_pton(AF_INET6, "fe80::5054:ff:fe12:3456", a6);
		if (vnet_redactor_add_mac(redactor, qemu_mac) ||
		    vnet_redactor_add_mac(redactor, local_mac) ||
		    vnet_redactor_add_ip(redactor, AF_INET, a4) ||
		    vnet_redactor_add_ip(redactor, AF_INET6, a6) ||
		    vnet_redactor_add_name(redactor, "vm1") ||
		    vnet_redactor_add_name(redactor, "a"))
			return -1;
	}
	fd = memfd_create("bundle", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

/* The input as a member's bytes through the redactor. */
static void redact(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size + 1);
	size_t len = size;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (vnet_redactor_apply(redactor, &copy, &len) || copy[len] ||
	    memmem(copy, len, qemu_mac, sizeof(qemu_mac)))
		abort();
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vnet_bundle_contents *c;

	redact(data, size);
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (vnet_bundle_read(ctx, path, &c))
		return 0;
	/* what the bundle backend and people look at */
	if (!vnet_bundle_find(c, "state.json") && c->n && !vnet_bundle_find(c, c->members[0].name))
		abort();
	for (size_t i = 0; i < c->n; i++)
		if ((c->members[i].link == NULL) == (c->members[i].data == NULL) ||
		    (c->members[i].data && c->members[i].data[c->members[i].len]))
			abort();
	vnet_bundle_contents_free(c);
	return 0;
}
