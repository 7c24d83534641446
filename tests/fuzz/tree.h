/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.h - a private copy of a captured fixture tree for the fuzz targets
 *
 * The targets that fuzz files the Linux backend reads (status, /proc/interrupts,
 * netlink recordings) put the input in place of one file of a copied fixture
 * and run the real backend on the tree through the public API, so what is
 * fuzzed is the product's own path from open() to the model.
 */
#ifndef VNET_FUZZ_TREE_H
#define VNET_FUZZ_TREE_H

#include <stddef.h>
#include <stdint.h>

/* Copy tests/fixtures/@fixture to a temporary directory (once); its path. */
const char *fuzz_tree_init(const char *fixture);

/* Replace @rel (relative to the tree root) by @data; fuzz_tree_restore() puts it back. */
void fuzz_tree_put(const char *rel, const uint8_t *data, size_t size);
void fuzz_tree_restore(void);

/*
 * What a command reads of each device: scan, the VNET_FILL_* @groups, the JSON,
 * and with @stats two samples of the counters.
 */
void fuzz_tree_run(unsigned int groups, int stats);

/* A NUL-terminated copy of the input (freed by the caller). */
char *fuzz_strdup(const uint8_t *data, size_t size);

/*
 * A fake QEMU for the QMP targets: fuzz_qmp_listen() (from
 * LLVMFuzzerInitialize) makes a listening UNIX socket and returns its path,
 * or NULL; fuzz_qmp_serve() starts a thread that accepts the next client,
 * sends it @data (everything QEMU says, in order), half-closes and reads the
 * client's commands until it closes; fuzz_qmp_join() waits for it.  So the
 * client reads exactly the input and never waits for more.
 */
const char *fuzz_qmp_listen(void);
void fuzz_qmp_serve(const uint8_t *data, size_t size);
void fuzz_qmp_join(void);

#endif
