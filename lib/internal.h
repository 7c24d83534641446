/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - libvnet internals shared by the model and the backends
 */
#ifndef VNET_INTERNAL_H
#define VNET_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include "vnet/vnet.h"

#ifdef _WIN32
/* a DLL exports what is marked, and then only that: the vnet_* API */
#define VNET_EXPORT __declspec(dllexport)
#else
#define VNET_EXPORT __attribute__((visibility("default")))
#endif
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct vnet_ctx;
struct vnet_bundle_writer;
struct vnet_redactor;

/*
 * One step of a write (lib/write.c builds them from a plan, in a safe
 * order, and the undo steps from the model as it was before).  A member a
 * step does not use is left alone.
 */
enum vnet_write_kind {
	VNET_W_LINK_DOWN,	/* value 0: ip link set DEV down (before a MAC change) */
	VNET_W_MAC,		/* mac */
	VNET_W_MTU,		/* value */
	VNET_W_CHANNELS,	/* value: combined channels */
	VNET_W_RINGS,		/* rx, tx: VNET_UNKNOWN leaves one as it is */
	VNET_W_FEATURES,	/* feats: kernel feature names and their state */
	VNET_W_COALESCE,	/* coal: VNET_UNKNOWN / VNET_TRI_UNKNOWN members unchanged */
	VNET_W_IRQ_AFFINITY,	/* cpus: index is an IRQ number, cpus a CPU list */
	VNET_W_XPS,		/* cpus: index is a tx queue, cpus a hex mask */
	VNET_W_RPS,		/* cpus: index is an rx queue, cpus a hex mask */
	VNET_W_LOGGING,		/* value 1 on, 0 off: virtio dynamic debug */
	VNET_W_LINK_UP,		/* value 1 */
	VNET_W_NETKVM_PARAM,	/* keyword, data: REG_SZ in the driver key; remove: delete it */
	VNET_W_NETKVM_LOGGING,	/* value: NetKvm_Logging.level, live through WMI */
	VNET_W_NETKVM_RESTART,	/* DIF_PROPERTYCHANGE: the driver reads its keywords again */
	VNET_W_KINDS,
};

struct vnet_write_feature {
	char name[40];		/* "tx-tcp-segmentation" */
	bool on;
};

struct vnet_write_cpus {
	uint32_t index;
	char cpus[72];
};

struct vnet_write {
	enum vnet_write_kind kind;
	unsigned int groups;	/* VNET_FILL_* the step changes: read back after it */
	uint32_t value;
	uint32_t rx, tx;
	struct vnet_coalesce coal;
	char mac[18];
	char keyword[48];	/* VNET_W_NETKVM_PARAM: as the INF spells it */
	char data[64];		/* VNET_W_NETKVM_PARAM: the REG_SZ text */
	bool remove;		/* VNET_W_NETKVM_PARAM: delete the value (undo of a first write) */
	size_t n;		/* entries of feats or cpus */
	struct vnet_write_feature *feats;
	struct vnet_write_cpus *cpus;
};

/* The setting a step is for, in messages ("mtu", "rings", "offloads", ...). */
const char *vnet_write_kind_name(enum vnet_write_kind kind);

/*
 * struct vnet_backend_ops - one source of device facts
 *
 * Modelled on pciutils' struct pci_methods: the model and front ends only
 * call through this table, so a Windows (NetKVM) or offline bundle backend
 * plugs in without touching them.
 */
struct vnet_backend_ops {
	const char *name;
	const char *help;
	/* declare parameters with vnet_param_define() */
	void (*config)(struct vnet_ctx *ctx);
	/* 0 when usable on this system (live backends) */
	int (*detect)(struct vnet_ctx *ctx);
	int (*init)(struct vnet_ctx *ctx);
	void (*cleanup)(struct vnet_ctx *ctx);
	/* append every virtio-net device with identity filled */
	int (*scan)(struct vnet_ctx *ctx, struct vnet_dev_list *list);
	/*
	 * Read the identity of @dev again (a renamed interface, a rebound
	 * driver); -ENODEV with the reason in the context when it is gone.
	 */
	int (*identify)(struct vnet_ctx *ctx, struct vnet_dev *dev);
	/*
	 * Read the raw facts of one group (a single VNET_FILL_* bit) into
	 * @dev: 0, or -errno with the reason in the context, which the model
	 * records as the group's failure.  Dependencies, classification, the
	 * queue table and active marks are the model's work (lib/dev.c).
	 */
	int (*fill)(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group);
	/*
	 * Receive queues the OS shows for @dev (Linux: queues/rx-N), for the
	 * queue table when the channel counts are unknown; 0 when none.
	 */
	unsigned int (*count_rx_queues)(struct vnet_ctx *ctx, const struct vnet_dev *dev);
	int (*system)(struct vnet_ctx *ctx, struct vnet_system *sys);
	/*
	 * Counters: constant things at open, one cheap read per sample.  The
	 * backend copies what it needs of @dev at open: a rescan may free it.
	 */
	int (*stats_open)(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv);
	int (*stats_sample)(struct vnet_ctx *ctx, void *priv, struct vnet_sample *sample);
	void (*stats_close)(struct vnet_ctx *ctx, void *priv);
	/*
	 * Writes.  writable(): 0 when apply() may change @dev now, -EROFS
	 * (a captured tree, a recording) or -EPERM (not privileged), explained;
	 * NULL: writable whenever apply() exists.  apply(): one step, 0 or
	 * -errno with the reason (the kernel's extended ACK) in the context;
	 * the caller reads the groups back and compares.  NULL: read-only.
	 */
	int (*writable)(struct vnet_ctx *ctx, const struct vnet_dev *dev);
	int (*apply)(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w);
	/*
	 * Settings outside the model that a backend reads on demand: for
	 * "logging", "on", "off" or "partial" (some call sites) in @buf; 0 or
	 * -errno explained; NULL: unknown.
	 */
	int (*read_setting)(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *name,
			    char *buf, size_t len);
	/*
	 * Link events (vnet_watch_*, lib/watch.c).  watch_open(): 0 and a
	 * private handle, or -errno explained; -EOPNOTSUPP when this source
	 * has no events (a captured tree).  watch_fd(): pollable, non-blocking.
	 * watch_changed(): drain what is pending, 1 when a netdev appeared,
	 * vanished or changed, 0 when not, -errno explained.  NULL watch_open:
	 * no events.
	 */
	int (*watch_open)(struct vnet_ctx *ctx, void **priv);
	int (*watch_fd)(const void *priv);
	int (*watch_changed)(struct vnet_ctx *ctx, void *priv);
	void (*watch_close)(struct vnet_ctx *ctx, void *priv);
	/*
	 * Support bundles (lib/bundle.h): add the raw sources this backend
	 * reads for @list as members below "raw/" of @w, and give @r (NULL
	 * when not redacting) the machine's secrets: every MAC, IP address
	 * and host name.  0, or -errno explained; a device that vanished
	 * marks @w partial instead.  NULL: no raw sources (a bundle).
	 */
	int (*collect)(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
		       struct vnet_bundle_writer *w, struct vnet_redactor *r);
	/*
	 * Recorded facts (a bundle): samples are replayed, nothing waits
	 * for time to pass, nothing can be written.
	 */
	bool offline;
	/*
	 * Facts from outside the guest (QMP, on the host): devices have no
	 * interface (ifname ""), and the groups that describe one are the
	 * device's as the host sees it, or failed with the reason.
	 */
	bool host_side;
};

extern const struct vnet_backend_ops vnet_backend_linux;
extern const struct vnet_backend_ops vnet_backend_qmp;
/* NetKVM on Windows (lib/windows/backend.c) */
extern const struct vnet_backend_ops vnet_backend_windows;

/* Free the host's view of a device (struct vnet_host) and what it holds. */
void vnet_host_free(struct vnet_host *host);
/* Free a device's NetKVM facts (struct vnet_netkvm) and what they hold. */
void vnet_netkvm_free(struct vnet_netkvm *nk);

struct vnet_param {
	struct vnet_param *next;
	char *key;
	char *value;
	const char *help;
};

struct vnet_ctx {
	const struct vnet_backend_ops *ops;
	bool ops_given;			/* by vnet_ctx_set_backend_ops() */
	bool started;
	struct vnet_param *params;
	char error[512];
	void *backend_priv;
	const volatile sig_atomic_t *interrupt;	/* vnet_ctx_set_interrupt() */
};

/* Select and start the backend on first use. */
int vnet_ctx_start(struct vnet_ctx *ctx);

/*
 * Serve @ctx from @ops instead of a registered backend (an in-tree test
 * backend, an offline source); its config() declares its parameters here.
 * Return: 0, or -EBUSY once the context started.
 */
int vnet_ctx_set_backend_ops(struct vnet_ctx *ctx, const struct vnet_backend_ops *ops);

/* Define @key with a default; the environment variable @env overrides it. */
void vnet_param_define(struct vnet_ctx *ctx, const char *key, const char *def,
		       const char *env, const char *help);
const char *vnet_param_get(const struct vnet_ctx *ctx, const char *key);

/*
 * Sleep until @deadline (CLOCK_MONOTONIC): 0, or -EINTR explained when a
 * signal interrupted it and the caller's interrupt flag is set.
 */
int vnet_sleep_until(struct vnet_ctx *ctx, const struct timespec *deadline);

/* A virtqueue's name in text: "rx0", "tx3", "ctrl". */
void vnet_host_vq_label(enum vnet_host_vq_kind kind, uint32_t pair, char label[16]);

/* Record the reason of a failure; returns @err (a negative errno) for tail calls. */
int vnet_set_error(struct vnet_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vnet_clear_error(struct vnet_ctx *ctx);
/* vnet_set_error(ctx, -ENOMEM, "out of memory") */
int vnet_oom(struct vnet_ctx *ctx);

/* Mark group @bit of @dev as failed with a reason. */
void vnet_dev_group_failed(struct vnet_dev *dev, unsigned int bit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct vnet_dev *vnet_dev_alloc(void);
int vnet_dev_list_append(struct vnet_dev_list *list, struct vnet_dev *dev);
int vnet_dev_set_queues(struct vnet_dev *dev, unsigned int n);

/*
 * The in-library forms of vnet_system_get() and vnet_rates_compute(): they
 * fill a structure of this library's own size (on the stack of check.c and
 * explain.c); the public functions allocate.
 */
int vnet_system_read(struct vnet_ctx *ctx, struct vnet_system *sys);
int vnet_rates_fill(const struct vnet_sample *prev, const struct vnet_sample *cur,
		    struct vnet_rates *rates);
/* frees what vnet_rates_fill() allocated, not @rates itself */
void vnet_rates_release(struct vnet_rates *rates);

/* snprintf that reports truncation as -ENAMETOOLONG instead of silently cutting. */
int vnet_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "52:54:00:12:34:56": the one text form of a MAC address the library prints */
void vnet_mac_format(const uint8_t mac[6], char out[18]);

/* strlcpy-alike: always terminates, returns true when it fitted */
bool vnet_strcpy(char *dst, const char *src, size_t size);

/* A growing byte buffer; once anything was added, a NUL follows its bytes. */
struct vnet_buf {
	unsigned char *data;
	size_t len, cap;
};

/* Append @n bytes of @src: 0, or -ENOMEM with @b as it was. */
int vnet_buf_add(struct vnet_buf *b, const void *src, size_t n);

/*
 * The feature table's entry for a VNET_F_* constant, never NULL: an empty
 * entry (name and property "") stands in should the table lack the bit.
 */
const struct vnet_feature_info *vnet_feature_entry(unsigned int bit);

/*
 * Whether @dev's backend passes no virtio-net headers (-netdev user, socket,
 * stream, dgram): every offload bit that needs them is missing.  Such a
 * backend has one queue and no offloads, whatever the device properties say.
 */
bool vnet_backend_without_vnet_hdr(const struct vnet_dev *dev);

/*
 * For tests: the name of the rule function that emits check catalogue entry
 * @index and whether it looks at the machine rather than a device; NULL past
 * the end.
 */
const char *vnet_rule_emitter(size_t index, bool *machine);

/*
 * CPU sets (cpuset.c): lists "0-3,6" and the kernel's hex masks
 * "ff,00000001"; up to VNET_MAX_CPUS CPUs.  Parsers return 0 or -EINVAL.
 */
#define VNET_MAX_CPUS 1024
struct vnet_cpuset {
	uint64_t bits[VNET_MAX_CPUS / 64];
};
int vnet_cpulist_parse(const char *text, struct vnet_cpuset *set);
int vnet_cpumask_parse(const char *text, struct vnet_cpuset *set);
void vnet_cpulist_format(const struct vnet_cpuset *set, char *buf, size_t len);
void vnet_cpumask_format(const struct vnet_cpuset *set, char *buf, size_t len);
bool vnet_cpuset_equal(const struct vnet_cpuset *a, const struct vnet_cpuset *b);
void vnet_cpuset_add(struct vnet_cpuset *s, unsigned int cpu);
bool vnet_cpuset_has(const struct vnet_cpuset *s, unsigned int cpu);
bool vnet_cpuset_empty(const struct vnet_cpuset *s);
/* The highest CPU in @s, -1 when empty. */
int vnet_cpuset_highest(const struct vnet_cpuset *s);

/*
 * The write engine (write.c) runs a plan's steps; props.c builds them.
 * @steps: @n steps in the order to apply; @undo: for each, the step that
 * restores the model as it was (snapshot before the first step).
 */
/*
 * @pending (@len bytes) receives the reason of a step that is done but
 * waits: a NetKVM restart Windows defers to the next reboot (the backend's
 * apply() said -EINPROGRESS); "" when none.
 */
int vnet_write_run(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *steps,
		   const struct vnet_write *undo, size_t n, char *pending, size_t len);
/* 0 when @dev now shows what @w asked, else -EIO with the difference explained */
int vnet_write_verify(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w);
void vnet_write_release(struct vnet_write *w);

/* The JSON of one printer description (print.c), NULL when out of memory. */
struct json_object *vnet_print_json_of(void (*describe)(struct vnet_printer *p, const void *arg),
				       const void *arg);

/*
 * Bounds on what outside data (a captured tree, a recording) may claim.
 * Queue pairs: the "at most 1024 as virtio allows" (QEMU's
 * VIRTIO_QUEUE_MAX is 1024 virtqueues; the spec's
 * VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX, 0x8000, is far above any device).
 */
#define VNET_MAX_QUEUE_PAIRS	1024
#define VNET_FILE_MAX		(1u << 20)	/* one file read whole */
#define VNET_IRQ_FILE_MAX	(4u << 20)	/* /proc/interrupts */
#define VNET_DEBUG_CONTROL_MAX	(16u << 20)	/* debugfs dynamic_debug/control */
#define VNET_IRQ_NAMES_MAX	65536		/* action names in /proc/interrupts */

#endif /* VNET_INTERNAL_H */
