/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vnet.h - public interface of libvnet, the virtio-net inspection library
 *
 * One data model for every backend (live Linux, Windows NetKVM, offline
 * bundle).  Conventions:
 *
 *  - Every function that can fail returns 0 or a negative errno value (or
 *    NULL with errno set) and leaves a one-line human readable explanation in
 *    the context, see vnet_ctx_error().  The library never prints and never
 *    exits.
 *  - Model structures are allocated and freed by the library only; new
 *    members are only ever appended, so code compiled against an older
 *    header keeps working (the symbols are versioned by lib/libvnet.map).
 *    Appending is safe for the objects reached through a pointer the
 *    library returns (struct vnet_dev, vnet_system, vnet_sample,
 *    vnet_rates, vnet_findings, vnet_explanation).  Structures embedded in
 *    them (struct vnet_pci in vnet_dev, ...) and element types of arrays the
 *    caller indexes (vnet_queue, vnet_offload, vnet_finding, vnet_prop, ...)
 *    keep their size: what they lack is added at the end of the object that
 *    holds them.
 *  - Structures the caller passes in (options) start with a size_t size
 *    member the caller sets to sizeof() of its copy; the library reads no
 *    member beyond it.
 *  - A fact the backend could not learn is "unknown", never a guess:
 *    VNET_UNKNOWN / VNET_UNKNOWN64 for numbers, VNET_TRI_UNKNOWN for
 *    booleans, an empty string for text.  The JSON form prints null.
 */
#ifndef VNET_VNET_H
#define VNET_VNET_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct json_object;

#define VNET_UNKNOWN	UINT32_MAX
#define VNET_UNKNOWN64	UINT64_MAX

/*
 * Version of the JSON documents printed by vnetctl and stored in bundles,
 * printed as "schema" in every device object of show.  2: devices gained
 * "transport" ({"type": "pci", "slot"} or {"type": "mmio", "name", "base",
 * "size", "irq", "version", "vendor_id"}) and virtio-mmio devices "mmio"
 * interrupts; "pci" is unchanged for PCI devices and absent for mmio ones.
 */
#define VNET_JSON_VERSION 2

enum vnet_tri {
	VNET_TRI_UNKNOWN = -1,
	VNET_TRI_NO = 0,
	VNET_TRI_YES = 1,
};

/* ---- context ----------------------------------------------------------- */

struct vnet_ctx;

/**
 * vnet_ctx_new() - create a library context
 *
 * The backend is chosen on first use: the "backend" parameter if set,
 * otherwise the live backend of the running system.
 *
 * Return: a context, or NULL with errno set.
 */
struct vnet_ctx *vnet_ctx_new(void);
void vnet_ctx_free(struct vnet_ctx *ctx);

/**
 * vnet_ctx_set_param() - set a named backend parameter
 * @key: e.g. "linux.sysfs", "linux.procfs", "linux.record", "linux.replay"
 * @value: its value
 *
 * Parameters must be set before the first device operation.  Environment
 * variables VNET_SYSFS_ROOT, VNET_PROCFS_ROOT and VNET_REPLAY_DIR provide
 * defaults for the Linux backend so that test fixtures need no flags.
 *
 * Return: 0, -ENOENT for an unknown key, -EBUSY once the backend started.
 */
int vnet_ctx_set_param(struct vnet_ctx *ctx, const char *key, const char *value);

/**
 * vnet_ctx_param_walk() - enumerate the known parameters
 * @fn: called with key, current value and help text; non-zero stops the walk
 */
void vnet_ctx_param_walk(struct vnet_ctx *ctx,
			 int (*fn)(const char *key, const char *value,
				   const char *help, void *data),
			 void *data);

/* The explanation of the most recent failure ("" if none). */
const char *vnet_ctx_error(const struct vnet_ctx *ctx);

/* Name of the backend serving this context ("linux", "bundle", ...). */
const char *vnet_ctx_backend(struct vnet_ctx *ctx);

const char *vnet_version(void);

/* ---- decoders (pure, usable without a context) ------------------------- */

enum vnet_feature_kind {
	VNET_FEATURE_NET,	/* virtio-net device-type bit */
	VNET_FEATURE_TRANSPORT,	/* reserved/transport bit (24..43) */
	VNET_FEATURE_LEGACY,	/* only meaningful for legacy devices */
};

/* Every feature bit of the table, by its spec name (the table is the authority). */
enum vnet_feature_bit {
	VNET_F_CSUM = 0,
	VNET_F_GUEST_CSUM = 1,
	VNET_F_CTRL_GUEST_OFFLOADS = 2,
	VNET_F_MTU = 3,
	VNET_F_MAC = 5,
	VNET_F_GSO = 6,
	VNET_F_GUEST_TSO4 = 7,
	VNET_F_GUEST_TSO6 = 8,
	VNET_F_GUEST_ECN = 9,
	VNET_F_GUEST_UFO = 10,
	VNET_F_HOST_TSO4 = 11,
	VNET_F_HOST_TSO6 = 12,
	VNET_F_HOST_ECN = 13,
	VNET_F_HOST_UFO = 14,
	VNET_F_MRG_RXBUF = 15,
	VNET_F_STATUS = 16,
	VNET_F_CTRL_VQ = 17,
	VNET_F_CTRL_RX = 18,
	VNET_F_CTRL_VLAN = 19,
	VNET_F_CTRL_RX_EXTRA = 20,
	VNET_F_GUEST_ANNOUNCE = 21,
	VNET_F_MQ = 22,
	VNET_F_CTRL_MAC_ADDR = 23,
	VNET_F_NOTIFY_ON_EMPTY = 24,
	VNET_F_ANY_LAYOUT = 27,
	VNET_F_INDIRECT_DESC = 28,
	VNET_F_EVENT_IDX = 29,
	VNET_F_BAD_FEATURE = 30,
	VNET_F_VERSION_1 = 32,
	VNET_F_ACCESS_PLATFORM = 33,
	VNET_F_RING_PACKED = 34,
	VNET_F_IN_ORDER = 35,
	VNET_F_ORDER_PLATFORM = 36,
	VNET_F_SR_IOV = 37,
	VNET_F_NOTIFICATION_DATA = 38,
	VNET_F_NOTIF_CONFIG_DATA = 39,
	VNET_F_RING_RESET = 40,
	VNET_F_ADMIN_VQ = 41,
	VNET_F_SUSPEND = 43,
	VNET_F_DEVICE_STATS = 50,
	VNET_F_HASH_TUNNEL = 51,
	VNET_F_VQ_NOTF_COAL = 52,
	VNET_F_NOTF_COAL = 53,
	VNET_F_GUEST_USO4 = 54,
	VNET_F_GUEST_USO6 = 55,
	VNET_F_HOST_USO = 56,
	VNET_F_HASH_REPORT = 57,
	VNET_F_GUEST_HDRLEN = 59,
	VNET_F_RSS = 60,
	VNET_F_RSC_EXT = 61,
	VNET_F_STANDBY = 62,
	VNET_F_SPEED_DUPLEX = 63,
	VNET_F_RSS_CONTEXT = 64,
	VNET_F_GUEST_UDP_TUNNEL_GSO = 65,
	VNET_F_GUEST_UDP_TUNNEL_GSO_CSUM = 66,
	VNET_F_HOST_UDP_TUNNEL_GSO = 67,
	VNET_F_HOST_UDP_TUNNEL_GSO_CSUM = 68,
	VNET_F_OUT_NET_HEADER = 69,
	VNET_F_IPSEC = 70,
};

/* The legacy interface's feature register has 32 bits: VERSION_1 and up are modern only. */
#define VNET_LEGACY_FEATURE_BITS 32

/* A QEMU or Linux version as one number: VNET_VER(7, 2) == 702. */
#define VNET_VER(maj, min) ((maj) * 100 + (min))

/* QEMU's default for a property that switches one bit on or off. */
enum vnet_qemu_default {
	VNET_QEMU_DEFAULT_NONE = 0,	/* no such switch: no property, a value (host_mtu, mac,
					 * speed), or not recorded */
	VNET_QEMU_DEFAULT_OFF,
	VNET_QEMU_DEFAULT_ON,
};

/* Whether the Linux virtio_net driver accepts a bit its device offers. */
enum vnet_linux_accept {
	VNET_LINUX_UNRECORDED = 0,	/* not recorded: nothing is concluded from it */
	VNET_LINUX_ALWAYS,		/* in the driver's table wherever the bit exists */
	VNET_LINUX_SINCE,		/* from kernel linux_since on */
	VNET_LINUX_LEGACY,		/* only in the legacy interface's table */
	VNET_LINUX_NEVER,		/* in neither table */
};

struct vnet_feature_info {
	unsigned int bit;
	const char *name;	/* spec macro without prefix: "MQ", "VERSION_1" */
	const char *macro;	/* full macro name: "VIRTIO_NET_F_MQ" */
	const char *meaning;	/* one line */
	const char *qemu_property; /* virtio-net-pci property that controls it, or NULL */
	enum vnet_feature_kind kind;
	/* the on/off switch qemu_property is, and its default */
	enum vnet_qemu_default qemu_default;
	/* machine type version (VNET_VER) from which qemu_default holds; older machine
	 * types have the other value (hw_compat); 0 when it is the same on all */
	unsigned int qemu_default_since;
	/* QEMU version (VNET_VER) that added qemu_property, 0 when older than 7.2 */
	unsigned int qemu_since;
	enum vnet_linux_accept linux_accept;
	unsigned int linux_since;	/* kernel version (VNET_VER) with VNET_LINUX_SINCE */
	/* libvirt <interface> spelling: <libvirt_element libvirt_attr='on'/>, where the
	 * element is "driver", "host", "guest" (inside <driver>) or "mtu"; NULL when libvirt
	 * has no attribute for it */
	const char *libvirt_element;
	const char *libvirt_attr;
	/* a backend that withdraws the bit although the device property is on, or NULL */
	const char *withdrawn_by;
	/* withdrawn, with the other offloads, when the backend passes no virtio-net header */
	bool needs_vnet_hdr;
};

#define VNET_FEATURE_BITS 128

/* Known feature bit, or NULL. */
const struct vnet_feature_info *vnet_feature_lookup(unsigned int bit);

#define VNET_FEATURE_NAME_LEN 16
/* The table's name of @bit ("MQ"), or "BIT_<n>" in @buf for a bit it does not know. */
const char *vnet_feature_name(unsigned int bit, char buf[VNET_FEATURE_NAME_LEN]);
/* Look a name ("MQ" or "VIRTIO_NET_F_MQ", case-insensitive) up. */
const struct vnet_feature_info *vnet_feature_by_name(const char *name);
/* Iterate over the table in bit order: index 0.. until NULL. */
const struct vnet_feature_info *vnet_feature_at(size_t index);

/**
 * vnet_features_parse() - decode the sysfs "features" string
 * @text: '0'/'1' characters, bit 0 first (64 chars on Linux <= 6.16,
 *        128 on >= 6.17); a trailing newline is allowed
 * @bits: receives the bitmap (bit n in bits[n / 64])
 * @nbits: receives the number of bits the text carried
 *
 * Return: 0, or -EINVAL for any other character or more than 128 bits.
 */
int vnet_features_parse(const char *text, uint64_t bits[2], unsigned int *nbits);

static inline bool vnet_bit_test(const uint64_t bits[2], unsigned int bit)
{
	return bit < VNET_FEATURE_BITS && (bits[bit / 64] >> (bit % 64)) & 1;
}

/* Device status register bits (virtio spec 2.1). */
struct vnet_status_info {
	uint8_t mask;
	const char *name;	/* "ACKNOWLEDGE", "DRIVER", ... */
	const char *meaning;
};
const struct vnet_status_info *vnet_status_at(size_t index);

/* ---- PCI view ------------------------------------------------------------ */

enum vnet_pci_mode {
	VNET_MODE_UNKNOWN = 0,
	VNET_MODE_LEGACY,	/* 0x1000, no virtio capabilities */
	VNET_MODE_TRANSITIONAL,	/* 0x1000 with modern capabilities */
	VNET_MODE_MODERN,	/* 0x1041 (0x1040 + device type) */
};
const char *vnet_pci_mode_name(enum vnet_pci_mode mode);

/* virtio_pci_cap cfg_type values, including the ones lspci cannot name. */
enum vnet_virtio_cap_type {
	VNET_CAP_COMMON = 1,
	VNET_CAP_NOTIFY = 2,
	VNET_CAP_ISR = 3,
	VNET_CAP_DEVICE = 4,
	VNET_CAP_PCI_CFG = 5,
	VNET_CAP_SHARED_MEMORY = 8,
	VNET_CAP_VENDOR = 9,
};
/* "common", "notify", "isr", "device", "pci-cfg", "shared-memory", "vendor" or NULL */
const char *vnet_virtio_cap_name(unsigned int cfg_type);

struct vnet_virtio_cap {
	uint8_t position;	/* offset of the capability in config space */
	uint8_t cfg_type;
	uint8_t bar;
	uint8_t id;
	uint8_t cap_len;
	uint64_t offset;	/* within the BAR (64-bit for shared memory) */
	uint64_t length;
	uint32_t notify_off_multiplier; /* VNET_UNKNOWN unless NOTIFY */
};

enum vnet_caps_state {
	VNET_CAPS_UNKNOWN = 0,
	VNET_CAPS_OK,		/* walked the whole list */
	VNET_CAPS_NONE,		/* the device has no capability list */
	VNET_CAPS_NEED_ROOT,	/* config space beyond 64 bytes is unreadable */
	VNET_CAPS_LOOP,		/* the chain points back into itself */
	VNET_CAPS_TRUNCATED,	/* a pointer or capability runs past the data */
};
const char *vnet_caps_state_name(enum vnet_caps_state state);

#define VNET_MAX_VIRTIO_CAPS 16

struct vnet_pci {
	char slot[32];			/* "0000:00:03.0" */
	uint32_t vendor_id, device_id;	/* VNET_UNKNOWN if not read */
	uint32_t subsystem_vendor_id, subsystem_id;
	uint32_t revision;
	uint32_t class_code;		/* 24-bit class/subclass/prog-if */
	enum vnet_pci_mode mode;
	uint32_t config_size;		/* bytes of config space we could read */
	enum vnet_caps_state caps_state;
	unsigned int n_virtio_caps;
	struct vnet_virtio_cap virtio_caps[VNET_MAX_VIRTIO_CAPS];
	enum vnet_tri msix_present;
	uint32_t msix_table_size;
	enum vnet_tri msix_enabled;
	enum vnet_tri legacy_io_bar;	/* BAR0 is an I/O port BAR */
	/* BARs in use by address space (bit n: BAR n); both 0 when not read from config space */
	uint8_t mem_bars, io_bars;
	/* where the function sits, as QEMU's bus/addr/multifunction need it */
	enum vnet_tri multifunction;	/* header type bit 7 (QEMU's multifunction=on) */
	enum vnet_tri express;		/* a PCI Express capability: behind a PCIe port */
	char parent[32];		/* the bridge above ("0000:00:1c.0"); "" on a root bus */
};

/**
 * vnet_pci_parse_config() - decode raw PCI configuration space
 * @cfg: the bytes that could be read, from offset 0
 * @len: how many (64 for an unprivileged reader on Linux, 256, 4096)
 * @pci: receives ids, capabilities, MSI-X and mode; slot is left alone
 *
 * Pure function: walks the standard capability list with a loop guard and
 * never reads past @len.
 *
 * Return: 0, or -EINVAL when @len < 64 (no complete header).
 */
int vnet_pci_parse_config(const uint8_t *cfg, size_t len, struct vnet_pci *pci);

/**
 * vnet_pci_classify() - legacy / transitional / modern
 * @version_1: whether the driver negotiated VIRTIO_F_VERSION_1
 *
 * 0x1040 + type is modern.  0x1000..0x103f is transitional when it carries
 * virtio vendor capabilities and legacy-only when the (readable) list has
 * none.  When the list is unreadable (no root), a negotiated VERSION_1
 * proves the modern interface exists; otherwise the mode stays unknown.
 */
enum vnet_pci_mode vnet_pci_classify(const struct vnet_pci *pci, enum vnet_tri version_1);

/**
 * vnet_pci_notify_cap() - the notify capability that tells page-per-vq
 *
 * A device may carry several (QEMU's modern-pio-notify adds one on an I/O
 * BAR, multiplier 0, ahead of the memory one in the list).  This is the first
 * in list order on a memory BAR; when the BAR types are unknown (a model
 * without config space), the first on the common configuration's BAR.
 *
 * Return: the capability, or NULL when there is none.
 */
const struct vnet_virtio_cap *vnet_pci_notify_cap(const struct vnet_pci *pci);

/**
 * vnet_cpumask_to_list() - a kernel CPU mask ("ff,00000001") as a list ("0,32-39")
 * @buf: receives the list, "" for an empty mask; truncated at a range to fit @len
 *
 * For showing XPS/RPS masks (struct vnet_queue) the way affinity lists read.
 *
 * Return: 0, or -EINVAL for text that is not a mask (@buf is then "").
 */
int vnet_cpumask_to_list(const char *mask, char *buf, size_t len);

/* ---- the device model -------------------------------------------------- */

/* Groups of facts; a backend fills the ones asked for (lazily). */
enum vnet_fill {
	VNET_FILL_PCI = 1u << 0,	/* ids, capabilities, MSI-X */
	VNET_FILL_FEATURES = 1u << 1,	/* negotiated bits, device status */
	VNET_FILL_LINK = 1u << 2,	/* carrier, speed, duplex, MAC, MTU */
	VNET_FILL_CHANNELS = 1u << 3,
	VNET_FILL_RINGS = 1u << 4,
	VNET_FILL_OFFLOADS = 1u << 5,
	VNET_FILL_COALESCE = 1u << 6,
	VNET_FILL_IRQS = 1u << 7,	/* interrupt mode, per-queue vectors */
	VNET_FILL_QUEUES = 1u << 8,	/* per-queue XPS/RPS/BQL */
	VNET_FILL_ALL = (1u << 9) - 1,
};
#define VNET_FILL_GROUPS 9

/* Name of a single fill group ("pci", "features", ...). */
const char *vnet_fill_name(unsigned int group_bit);

enum vnet_duplex {
	VNET_DUPLEX_UNKNOWN = 0,
	VNET_DUPLEX_HALF,
	VNET_DUPLEX_FULL,
};

struct vnet_link {
	enum vnet_tri carrier;
	char operstate[16];		/* "up", "down", "dormant", ... */
	uint32_t speed_mbps;		/* VNET_UNKNOWN when the device does not say */
	enum vnet_duplex duplex;
	char mac[18];			/* "52:54:00:12:34:56" */
	char permanent_mac[18];
	uint32_t tx_queue_len;
	uint32_t num_tx_queues, num_rx_queues; /* allocated by the kernel */
	enum vnet_tri admin_up;		/* IFF_UP: "ip link set up" */
};

struct vnet_mtu {
	uint32_t current, min, max;
};

struct vnet_channels {
	uint32_t combined, max_combined;
	uint32_t rx, tx, other, max_rx, max_tx, max_other;
};

struct vnet_rings {
	uint32_t rx, tx, rx_max, tx_max;
};

struct vnet_offload {
	char name[40];			/* netdev feature string: "tx-checksum-ip-generic" */
	bool active;
	bool fixed;			/* cannot be changed (hardware or driver) */
	bool requested;			/* what the user asked for */
};

struct vnet_coalesce {
	uint32_t rx_usecs, rx_frames, tx_usecs, tx_frames;
	enum vnet_tri adaptive_rx, adaptive_tx;
};

enum vnet_irq_mode {
	VNET_IRQ_UNKNOWN = 0,
	VNET_IRQ_MSIX_PER_QUEUE,	/* one vector per virtqueue */
	VNET_IRQ_MSIX_SHARED,		/* config + one "virtqueues" vector */
	VNET_IRQ_INTX,			/* legacy line interrupt */
	VNET_IRQ_NONE,			/* driver not bound */
	VNET_IRQ_MMIO,			/* virtio-mmio: one line for every queue and config */
};
const char *vnet_irq_mode_name(enum vnet_irq_mode mode);

/* One interrupt line as the kernel shows it. */
struct vnet_irq {
	uint32_t irq;			/* VNET_UNKNOWN when there is none */
	char name[48];			/* "virtio0-input.1" */
	char affinity[64];		/* smp_affinity_list, "0-3" */
	char effective[64];		/* effective_affinity_list */
	uint64_t count;			/* sum over CPUs, VNET_UNKNOWN64 if unread */
};

struct vnet_queue {
	uint32_t index;
	bool active;			/* index < channels.combined */
	struct vnet_irq rx_irq, tx_irq;
	char rps_cpus[64];		/* hex masks as the kernel prints them */
	char xps_cpus[64];
	uint64_t bql_limit, bql_inflight;
	uint64_t tx_timeouts;		/* queues/tx-N/tx_timeout */
};

struct vnet_irqs {
	enum vnet_irq_mode mode;
	uint32_t vectors_used;		/* IRQ lines this device holds */
	struct vnet_irq config;		/* "virtioN-config" (MSI-X only) */
	struct vnet_irq shared;		/* "virtioN-virtqueues" or the INTx line */
};

struct vnet_features {
	unsigned int nbits;		/* 64 or 128 as the kernel reports; 0 unknown */
	uint64_t negotiated[2];
	bool offered_known;		/* debugfs device_features was readable */
	uint64_t offered[2];
};

/* The other netdevs of a failover group, by interface name. */
struct vnet_failover {
	char master[32];		/* net_failover master: "" when no group */
	char primary[32];		/* the primary slave (a VF) while enslaved */
};

/*
 * A device on the virtio-mmio transport (QEMU microvm, Firecracker, most Arm
 * boards): one register window and ONE interrupt line for every virtqueue
 * and for configuration changes, so queues cannot have their own vectors or
 * CPU affinity (docs/vmms.md section 3, "virtio-mmio and multiqueue").
 */
struct vnet_mmio {
	/* the platform device: "LNRO0005:00" (ACPI), "virtio-mmio.0" (kernel
	 * command line), "feb00e00.virtio_mmio" (device tree) */
	char name[64];
	uint64_t base, size;		/* register window; VNET_UNKNOWN64 (no root) */
	uint32_t irq;			/* the line's Linux IRQ number; VNET_UNKNOWN */
	uint32_t vendor_id;		/* VendorID register (QEMU: 0x554d4551 "QEMU") */
	/*
	 * 1 legacy, 2 modern (virtio 1.x); VNET_UNKNOWN before features are
	 * agreed.  Inferred from VERSION_1: QEMU offers it only with
	 * force-legacy=off, and Linux refuses a version 2 device without it.
	 */
	uint32_t version;
};

/*
 * The host's view of a device (the "qmp" backend, run on the host against
 * the VM's QEMU): what QEMU itself says about the device, its backend and
 * each virtqueue.  Guest-only facts are not here; facts QEMU did not give are
 * unknown (VNET_UNKNOWN, VNET_TRI_UNKNOWN, "").  Untrusted input: every
 * string is checked for the characters QEMU uses there, every count bounded.
 */
enum vnet_host_vq_kind {
	VNET_HOST_VQ_RX,
	VNET_HOST_VQ_TX,
	VNET_HOST_VQ_CTRL,
};
/* "rx", "tx", "ctrl" */
const char *vnet_host_vq_kind_name(enum vnet_host_vq_kind kind);

/* x-query-virtio-vhost-queue-status: the vhost side of one ring (vhost running) */
struct vnet_host_vhost_queue {
	uint32_t num;
	uint64_t desc_phys, avail_phys, used_phys;	/* guest physical addresses */
	uint32_t desc_size, avail_size, used_size;
};

/* x-query-virtio-queue-status of one virtqueue (virtio index: rx0, tx0, rx1, ..., ctrl) */
struct vnet_host_queue {
	uint32_t index;
	enum vnet_host_vq_kind kind;
	uint32_t pair;			/* rx/tx: the queue pair; VNET_UNKNOWN for ctrl */
	uint32_t vring_num;		/* the size the driver set */
	uint32_t vring_num_default;	/* the device's size (rx_queue_size, ...) */
	uint32_t inuse;			/* elements QEMU popped and did not return yet */
	uint32_t last_avail_idx;	/* VNET_UNKNOWN when QEMU left it out */
	uint32_t shadow_avail_idx;	/* VNET_UNKNOWN: absent while vhost runs */
	uint32_t used_idx, signalled_used;
	enum vnet_tri signalled_used_valid;
	bool vhost_known;		/* vhost below was read */
	struct vnet_host_vhost_queue vhost;
};

/* query-rx-filter: the guest's receive filter as the device applies it */
struct vnet_host_rx_filter {
	bool known;
	enum vnet_tri promiscuous, broadcast_allowed, multicast_overflow, unicast_overflow;
	char multicast[8], unicast[8];	/* "normal", "none", "all"; "" unknown */
	char main_mac[18];
	unsigned int n_unicast, n_multicast, n_vlan;
	char (*unicast_table)[18];
	char (*multicast_table)[18];
	uint16_t *vlan_table;
};

/* vhost-dev of x-query-virtio-status: present only while vhost runs */
struct vnet_host_vhost {
	bool known;
	uint32_t nvqs, vq_index, max_queues;
	uint64_t features, acked_features;
};

struct vnet_host {
	char name[64];			/* QOM id, or "device[N]" (anonymous) */
	char qom_path[160];		/* "/machine/peripheral/net0" */
	char virtio_path[192];		/* the VirtIODevice: ".../virtio-backend" on PCI */
	char model[40];			/* "virtio-net-pci" */
	char mac[18];			/* qom-get mac */
	char netdev_id[64];		/* qom-get netdev; "" none or unknown */
	char netdev_type[24];		/* "tap", "user", ... from "info network" */
	uint32_t netdev_queues;		/* queues of the netdev ("info network" lines) */
	uint32_t vectors;		/* qom-get vectors (PCI), VNET_UNKNOWN */
	enum vnet_tri vhost_started;
	uint32_t status;		/* device status byte, VNET_UNKNOWN */
	enum vnet_tri vm_running, broken, started;
	uint32_t num_vqs;		/* virtqueues of the device */
	uint32_t queue_pairs;		/* rx/tx pairs among them; VNET_UNKNOWN */
	bool features_known;
	uint64_t host_features[2];	/* offered by the device */
	uint64_t guest_features[2];	/* accepted by the driver (negotiated) */
	uint64_t backend_features[2];	/* what the backend (tap, vhost) supports */
	/* QEMU's feature names that the feature table does not know, as QEMU spelled them */
	unsigned int n_unmapped;
	char unmapped[8][48];
	unsigned int n_queues;
	struct vnet_host_queue *queues;
	struct vnet_host_vhost vhost;
	struct vnet_host_rx_filter rx_filter;
	/*
	 * The PCI interface QEMU gives the device, from its QOM type and
	 * disable-legacy / disable-modern; UNKNOWN for virtio-mmio and for
	 * disable-legacy=auto (the bus decides).
	 */
	enum vnet_pci_mode mode;
};


/*
 * NetKVM, the Windows virtio-net driver (the "windows" backend only; NULL
 * otherwise), read with VNET_FILL_FEATURES.  Facts from SetupAPI, the
 * adapter's driver key and its Ndi\Params metadata, WMI root\wmi NetKvm_*
 * classes and the \\.\NETKVMD control device.  Strings are UTF-8.
 */
enum vnet_netkvm_param_type {
	VNET_NKP_UNKNOWN = 0,
	VNET_NKP_ENUM,		/* Ndi\Params Type "enum": one of values[] */
	VNET_NKP_INT,		/* "int", "long", "word", "dword": min..max step */
	VNET_NKP_EDIT,		/* "edit": free text (NetworkAddress) */
};

struct vnet_netkvm_enum_value {
	char value[16];			/* the Enum subkey's value name ("31") */
	char desc[64];			/* its text ("All") */
};

/* One Ndi\Params\<keyword> subkey and the driver key's value of it. */
struct vnet_netkvm_param {
	char keyword[48];		/* as the INF spells it: "*JumboPacket" */
	char desc[64];			/* ParamDesc: "Jumbo Packet", "Init.MTUSize" */
	enum vnet_netkvm_param_type type;
	int64_t min, max, step;		/* VNET_NKP_INT: as the INF says (defaults 0, -1, 1) */
	unsigned int n_values;		/* VNET_NKP_ENUM */
	struct vnet_netkvm_enum_value values[16];
	char inf_default[64];		/* Ndi\Params Default; "" none */
	bool optional;			/* Optional = 1: may be absent */
	bool present;			/* the driver key holds a value */
	char value[64];			/* that value as text ("" when !present) */
};

/* \\.\NETKVMD IOCTL_NETKVMD_QUERY_ADAPTERS: the entry with this MAC */
struct vnet_netkvmd_entry {
	bool known;
	bool virtio, standby, virtio_link, suppress_link, started, has_vf, vf_link;
	uint32_t vf_ifindex;
};

/* A NetKvm_* WMI class layout generation (reference/netkvm.md 2.2). */
enum vnet_netkvm_wmi_gen {
	VNET_NKW_UNKNOWN = 0,
	VNET_NKW_STATISTICS,	/* before mm268: NetKvm_Statistics, NetKvm_RssDiagnostics */
	VNET_NKW_DIAG,		/* mm268: NetKvm_Config, NetKvm_Diag without ctrl */
	VNET_NKW_CTRL,		/* mm312: InitTimeMs, LazyAllocTimeMs, NetKvm_Ctrl */
	VNET_NKW_USO,		/* mm320: UsoEnabledv4/6, NetKvm_Tx.UdpOffload */
};

struct vnet_netkvm {
	char instance_id[200];		/* PCI\VEN_1AF4&DEV_1041&SUBSYS_11001AF4&REV_01\3&... */
	char driver_key[200];		/* under HKLM: SYSTEM\...\Class\{4d36e972-...}\0007 */
	char netcfg_instance_id[40];	/* {GUID} of the interface */
	char driver_desc[128];		/* DriverDesc */
	char driver_version[32];	/* DriverVersion: "100.95.104.26800" */
	char driver_date[16];		/* DriverDate */
	char description[128];		/* interface description = WMI InstanceName */
	char service[16];		/* "netkvm" */
	unsigned int n_params;
	struct vnet_netkvm_param *params;
	enum vnet_netkvm_wmi_gen wmi_gen;
	char wmi_error[128];		/* why WMI facts are missing; "" when read */
	/* NetKvm_Config (VNET_UNKNOWN where the generation lacks the field) */
	uint32_t num_queues, rx_buffers_posted, tx_queue_size, memory_kb;
	int32_t init_time_ms, lazy_alloc_time_ms;	/* INT32_MIN: unknown */
	enum vnet_tri rsc_v4, rsc_v6, uso_v4, uso_v6, standby;
	uint32_t debug_level;		/* NetKvm_Logging.level: global, live */
	/* NetKvm_Diag / NetKvm_Statistics / NetKvm_RssDiagnostics */
	enum vnet_tri rss_supported, hash_supported, rss_on;
	struct vnet_netkvmd_entry netkvmd;
	char netkvmd_error[128];	/* why the control device did not answer */
};

struct vnet_dev {
	/* identity: always filled by the scan */
	char ifname[32];		/* "" when no netdev is bound */
	uint32_t ifindex;
	char virtio_name[32];		/* "virtio0" */
	char driver[32];		/* "virtio_net" */
	char bus[16];			/* "pci", "mmio", ... */

	unsigned int filled;		/* VNET_FILL_* groups done */
	unsigned int failed;		/* groups whose read failed */
	char fill_error[VNET_FILL_GROUPS][128]; /* why, per group bit index */

	struct vnet_pci pci;
	struct vnet_features features;
	uint32_t status;		/* device status byte, VNET_UNKNOWN */
	struct vnet_link link;
	struct vnet_mtu mtu;
	struct vnet_channels channels;
	struct vnet_rings rings;
	unsigned int n_offloads;
	struct vnet_offload *offloads;
	struct vnet_coalesce coalesce;
	struct vnet_irqs irqs;
	unsigned int n_queues;		/* max queue pairs known to the driver */
	struct vnet_queue *queues;

	void *backend_priv;		/* one malloc()ed block owned by the backend */

	/*
	 * Failover group (VIRTIO_NET_F_STANDBY, QEMU failover=on): the kernel's
	 * net_failover master created for this device and the primary (a VF)
	 * it enslaved beside it.  This device is the "standby" slave: its
	 * ifname is the virtio_net netdev, never the master's.  Identity, read
	 * by the scan; "" when there is no group / no primary.
	 */
	struct vnet_failover failover;

	/*
	 * The virtio-mmio transport (bus "mmio"): name is identity, read by the
	 * scan; the rest belongs to VNET_FILL_PCI, the transport's group.
	 */
	struct vnet_mmio mmio;

	/*
	 * The host's view (the "qmp" backend only; NULL otherwise), read with
	 * VNET_FILL_FEATURES.  A device it describes has no guest identity:
	 * ifname is "" and virtio_name holds the host's name of the device.
	 */
	struct vnet_host *host;

	/*
	 * NetKVM facts (the "windows" backend, and a bundle made by it; NULL
	 * otherwise), read with VNET_FILL_FEATURES.
	 */
	struct vnet_netkvm *netkvm;
};

/* The caller's container of library-allocated devices: it never grows. */
struct vnet_dev_list {
	size_t n;
	struct vnet_dev **devs;
};

/**
 * vnet_dev_list() - enumerate virtio-net devices
 * @list: receives the devices, in virtio index order; free with
 *        vnet_dev_list_free()
 *
 * Only identity is filled; call vnet_dev_fill() for the rest.
 *
 * Return: 0 (also when there are no devices) or -errno.
 */
int vnet_dev_list(struct vnet_ctx *ctx, struct vnet_dev_list *list);
void vnet_dev_list_free(struct vnet_dev_list *list);

/**
 * vnet_dev_find() - pick devices by name
 * @spec: an interface name ("eth0"; a failover master's names its standby
 *        device), a virtio name ("virtio1"), a PCI slot ("0000:00:03.0" or
 *        "00:03.0"), or NULL for every device
 * @list: receives the matching devices
 *
 * Return: 0, -ENODEV when @spec matches no virtio-net device, or -errno.
 */
int vnet_dev_find(struct vnet_ctx *ctx, const char *spec, struct vnet_dev_list *list);

/*
 * vnet_dev_matches() - whether @spec, as vnet_dev_find() takes it, names @dev
 *
 * For a front end that keeps a found list up to date with
 * vnet_dev_list_rescan(), which gains every new device: it keeps the ones
 * the user asked for (a hot-plugged NIC that takes the name back).
 */
bool vnet_dev_matches(const struct vnet_dev *dev, const char *spec);

/**
 * vnet_dev_list_rescan() - bring @list up to date with the devices present now
 * @list: a list from vnet_dev_list() or vnet_dev_find() (or a previous rescan)
 *
 * Scans again and merges, so that pointers into the list stay useful:
 *  - a device still present (same virtio name at the same bus location)
 *    keeps its struct vnet_dev: the pointer stays valid, its identity
 *    (ifname, ifindex, driver) is updated, e.g. for a renamed interface;
 *    its filled groups keep their values until vnet_dev_refresh();
 *  - a device that vanished is freed and removed: pointers to it dangle;
 *  - a device that appeared is appended with identity only, after the
 *    surviving devices, which keep their order.
 * A list from vnet_dev_find() gains every new device, whatever the spec.
 * On failure @list is left as it was.
 *
 * Return: 0 or -errno (explained in the context).
 */
int vnet_dev_list_rescan(struct vnet_ctx *ctx, struct vnet_dev_list *list);

/**
 * vnet_dev_fill() - read the facts in @what
 *
 * Groups already filled are not read again; groups @what depends on are
 * read too (VNET_FILL_PCI needs VNET_FILL_FEATURES for the mode,
 * VNET_FILL_IRQS and VNET_FILL_QUEUES need VNET_FILL_CHANNELS).  A group
 * that cannot be read (permission, missing kernel support) is marked in
 * @dev->failed with the reason in @dev->fill_error; that is not an error of
 * the call.
 *
 * Return: 0, or -errno when the backend could not start.
 */
int vnet_dev_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int what);

/**
 * vnet_dev_refresh() - read groups again that were read before
 * @what: VNET_FILL_* groups; those neither filled nor failed are skipped
 *
 * Re-reads the device's identity, then resets each group in @what that was
 * filled or failed to unknown (clearing its filled/failed bit and reason)
 * and reads it again as vnet_dev_fill() does.  For after a write and for
 * every tick of a live view.
 *
 * Return: 0, or -ENODEV (with the reason in the context) when the device
 *         vanished; @dev is then unchanged and still to be freed by its list.
 */
int vnet_dev_refresh(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int what);

/* Reason a group failed, or NULL if it did not. */
const char *vnet_dev_fill_error(const struct vnet_dev *dev, unsigned int group_bit);

/* Feature @bit negotiated?  VNET_TRI_UNKNOWN when features are not known. */
enum vnet_tri vnet_dev_has_feature(const struct vnet_dev *dev, unsigned int bit);

/* Is @dev on the virtio-mmio transport (bus "mmio", struct vnet_mmio)? */
bool vnet_dev_is_mmio(const struct vnet_dev *dev);

/* ---- the machine around the devices -------------------------------------- */

/* ---- the VMM (docs/vmms.md) ---------------------------------------------- */

enum vnet_vmm_name {
	VNET_VMM_UNKNOWN = 0,
	VNET_VMM_QEMU,
	VNET_VMM_CLOUD_HYPERVISOR,
	VNET_VMM_FIRECRACKER,
	VNET_VMM_CROSVM,
	VNET_VMM_OTHER,		/* a VMM none of the above (libkrun, kvmtool...) */
	VNET_VMM_NAMES,
};

/* QEMU's machine type; NONE for other VMMs or when nothing tells. */
enum vnet_vmm_machine {
	VNET_MACHINE_NONE = 0,
	VNET_MACHINE_I440FX,
	VNET_MACHINE_Q35,
	VNET_MACHINE_MICROVM,
};

enum vnet_confidence {
	VNET_CONFIDENCE_NONE = 0,	/* nothing seen points anywhere */
	VNET_CONFIDENCE_LOW,
	VNET_CONFIDENCE_MEDIUM,
	VNET_CONFIDENCE_HIGH,
};

/* Raw bytes of one ACPI table header (bytes 0-3, 10-23, 28-31): untrusted. */
struct vnet_acpi_header {
	char signature[4];
	char oem_id[6];
	char oem_table_id[8];
	char creator_id[4];
};

#define VNET_ACPI_TABLES	16

enum vnet_acpi_state {
	VNET_ACPI_UNKNOWN = 0,		/* no /sys/firmware/acpi/tables: not read, or no ACPI */
	VNET_ACPI_READ,			/* headers below (possibly none) */
	VNET_ACPI_NEED_ROOT,		/* tables exist, mode 0400: not readable here */
};

/*
 * What a guest can read about its VMM, as read: the input of
 * vnet_vmm_identify().  DMI strings are the vnet_system's own members.
 */
struct vnet_vmm_facts {
	enum vnet_acpi_state acpi;
	unsigned int acpi_tables;		/* files seen, readable or not */
	unsigned int n_acpi;			/* headers read */
	struct vnet_acpi_header acpi_header[VNET_ACPI_TABLES];
	enum vnet_tri pci;			/* any PCI function at all */
	uint32_t host_bridge_vendor;		/* 0000:00:00.0 when its class is 0600xx, */
	uint32_t host_bridge_device;		/* else VNET_UNKNOWN */
	/* the first virtio-net PCI function (VNET_UNKNOWN: none) */
	uint32_t net_vendor, net_device, net_subsystem_vendor, net_subsystem_device, net_class;
	uint32_t mmio_vendor;			/* virtio-mmio VendorID, VNET_UNKNOWN: no mmio device */
	enum vnet_tri hypervisor_flag;		/* /proc/cpuinfo "hypervisor" (CPUID.1:ECX[31]) */
};

#define VNET_VMM_EVIDENCE	12
#define VNET_VMM_EVIDENCE_LEN	128

/* One thing seen and the VMMs it allows (a bit per enum vnet_vmm_name). */
struct vnet_vmm_evidence {
	const char *source;			/* "acpi", "dmi", "pci-host-bridge", ... */
	char seen[VNET_VMM_EVIDENCE_LEN];	/* printable: untrusted bytes escaped */
	unsigned int allows;			/* 0: says nothing about the VMM */
	bool ignored;				/* contradicts stronger evidence */
};

struct vnet_vmm {
	enum vnet_vmm_name name;		/* UNKNOWN unless the evidence singles one out */
	enum vnet_vmm_machine machine;
	enum vnet_confidence confidence;
	unsigned int candidates;		/* bits of what remains possible when UNKNOWN */
	unsigned int n_evidence;
	struct vnet_vmm_evidence evidence[VNET_VMM_EVIDENCE];
};

/* "qemu", "cloud-hypervisor", "firecracker", "crosvm", "other", "unknown" */
const char *vnet_vmm_name_str(enum vnet_vmm_name name);
/* "i440fx", "q35", "microvm", NULL for NONE */
const char *vnet_vmm_machine_str(enum vnet_vmm_machine machine);
/* "none", "low", "medium", "high" */
const char *vnet_confidence_str(enum vnet_confidence c);

/**
 * vnet_vmm_identify() - name the VMM from what the guest read, guessing nothing
 * @facts: raw evidence (untrusted bytes)
 * @dmi: whether SMBIOS exists, then its sys_vendor and product_name ("" if absent)
 * @vmm: receives the name, QEMU machine, confidence, the candidates left and
 *       every piece of evidence with the VMMs it allows
 *
 * Pure: no I/O.  Rules and their sources: lib/vmm.c, docs/vmms.md section 2.
 */
void vnet_vmm_identify(const struct vnet_vmm_facts *facts, enum vnet_tri dmi,
		       const char *dmi_vendor, const char *dmi_product, struct vnet_vmm *vmm);

struct vnet_system {
	char kernel[64];		/* release, "" when unknown */
	uint32_t online_cpus;		/* VNET_UNKNOWN */
	uint32_t msi_vectors;		/* MSI/MSI-X vectors of every PCI device */
	uint32_t virtio_msi_vectors;	/* ... of virtio PCI devices (vendor 0x1af4) */
	enum vnet_tri iommu;		/* an IOMMU is registered */
	char vendor[64];		/* DMI sys_vendor: "QEMU" */
	char product[64];		/* DMI product_name: "Standard PC (Q35 + ICH9, 2009)" */
	char machine[64];		/* DMI product_version, QEMU's machine type: "pc-q35-8.2" */

	/* the VMM behind the devices: what was read, and what it proves */
	enum vnet_tri dmi;		/* /sys/class/dmi/id exists (SMBIOS tables) */
	struct vnet_vmm_facts vmm_facts;
	struct vnet_vmm vmm;		/* vnet_vmm_identify() of the above */
};

/**
 * vnet_system_get() - the machine's facts
 * @sys: receives a new object; free it with vnet_system_free()
 *
 * Return: 0 or -errno; members that could not be read are unknown.
 */
int vnet_system_get(struct vnet_ctx *ctx, struct vnet_system **sys);
void vnet_system_free(struct vnet_system *sys);

/* ---- per-queue counters -------------------------------------------------- */

enum vnet_dir {
	VNET_RX = 0,
	VNET_TX = 1,
};

/*
 * Counters kept per queue and direction, under one name whatever the kernel
 * calls them (6.1: "rx_queue_0_packets" in ethtool -S; 6.10+: packets and
 * bytes moved to netdev qstats, the rest renamed "rx0_drops").
 */
enum vnet_metric {
	VNET_M_PACKETS,
	VNET_M_BYTES,
	VNET_M_DROPS,
	VNET_M_KICKS,		/* notifications the driver sent the device */
	VNET_M_XDP_PACKETS,
	VNET_M_XDP_TX,
	VNET_M_XDP_REDIRECTS,
	VNET_M_XDP_DROPS,
	VNET_M_XDP_TX_DROPS,
	VNET_M_TIMEOUTS,	/* tx watchdog timeouts */
	VNET_M_STOP,		/* tx queue stopped (ring full) */
	VNET_M_WAKE,		/* tx queue woken again */
	VNET_M_INTERRUPTS,	/* from /proc/interrupts, per-queue vectors only */
	VNET_METRICS,
};

/* JSON/text name of @m for direction @dir, or NULL if @m has no meaning there. */
const char *vnet_metric_name(enum vnet_dir dir, enum vnet_metric m);

enum vnet_source {
	VNET_SRC_NONE = 0,
	VNET_SRC_ETHTOOL,	/* driver statistics, ETHTOOL_GSTATS */
	VNET_SRC_QSTATS,	/* netdev generic netlink, QSTATS_GET */
	VNET_SRC_INTERRUPTS,	/* /proc/interrupts */
	VNET_SRC_IFROW,		/* Windows: GetIfEntry2's MIB_IF_ROW2 (adapter totals) */
	VNET_SRC_WMI,		/* Windows: WMI root\wmi NetKvm_Diag (NetKVM's own counters) */
};
const char *vnet_source_name(enum vnet_source src);

/* A counter vnet_metric does not cover (device "hw_" stats, future names). */
struct vnet_extra_counter {
	char name[40];		/* "rx_hw_packets", "tx_hw_drops", ... */
	uint64_t value;
	enum vnet_source source;
};

struct vnet_queue_sample {
	uint32_t index;
	uint64_t v[2][VNET_METRICS];	/* [VNET_RX/VNET_TX][metric], VNET_UNKNOWN64 */
	uint32_t irq[2];		/* the vectors counted, to notice a change */
	unsigned int n_extra;
	struct vnet_extra_counter *extra;
};

/* One virtqueue's indices as QEMU sees them (struct vnet_host_queue). */
struct vnet_host_queue_sample {
	uint32_t index;
	enum vnet_host_vq_kind kind;
	uint32_t pair;			/* VNET_UNKNOWN for ctrl */
	uint32_t used_idx;		/* 16 bits, wraps */
	uint32_t inuse;
	uint32_t avail_idx;		/* shadow-avail-idx, else last-avail-idx; VNET_UNKNOWN */
	enum vnet_tri vhost;		/* vhost runs the ring: QEMU's used_idx is stale */
};

struct vnet_sample {
	uint64_t mono_ns;		/* CLOCK_MONOTONIC when the sample was taken */
	uint64_t real_ns;		/* CLOCK_REALTIME, for humans */
	unsigned int n_queues;		/* queue pairs the kernel reported counters for */
	struct vnet_queue_sample *queues;
	enum vnet_source source[2][VNET_METRICS];
	unsigned int n_extra;		/* device-wide counters ("cq_hw_*") */
	struct vnet_extra_counter *extra;
	/* the host's view (qmp backend): each virtqueue's indices, 0 elsewhere */
	unsigned int n_host_queues;
	struct vnet_host_queue_sample *host_queues;
};

struct vnet_stats;

/**
 * vnet_stats_open() - prepare to sample a device's counters
 *
 * Reads what is constant between samples once (counter names, the
 * netlink family); afterwards each vnet_stats_sample() costs one ethtool
 * GSTATS ioctl, one qstats dump and one read of /proc/interrupts.  The
 * sampler copies the identity it needs: @dev may be freed (by a rescan)
 * while the sampler is open.
 *
 * Return: 0 or -errno (explained in the context).
 */
int vnet_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, struct vnet_stats **stats);

/**
 * vnet_stats_sample() - take one sample
 *
 * Copes with the queue count changing between samples (ethtool -L): the
 * counter names are read again when their number changes.
 *
 * Return: 0 or -errno; free the sample with vnet_sample_free().
 */
int vnet_stats_sample(struct vnet_stats *stats, struct vnet_sample **sample);
void vnet_sample_free(struct vnet_sample *sample);
void vnet_stats_close(struct vnet_stats *stats);

/* Per queue and direction, the sum over queues of one metric (UNKNOWN64 if none). */
uint64_t vnet_sample_total(const struct vnet_sample *s, enum vnet_dir dir, enum vnet_metric m);

struct vnet_queue_rates {
	uint32_t index;
	double r[2][VNET_METRICS];	/* per second; NAN when unknown */
	bool reset;			/* a counter went backwards: counted from 0 again */
	bool is_new;			/* queue absent from the previous sample */
};

struct vnet_host_queue_rate {
	uint32_t index;
	enum vnet_host_vq_kind kind;
	uint32_t pair;
	double used_per_s;		/* NAN when unknown */
	uint32_t inuse;			/* now */
	uint32_t inuse_before;		/* at the first sample; VNET_UNKNOWN: new queue */
	uint32_t used_idx, avail_idx;	/* now (avail_idx VNET_UNKNOWN when QEMU left it out) */
};

struct vnet_rates {
	double interval;		/* seconds between the two samples, measured */
	unsigned int n_queues;
	struct vnet_queue_rates *queues;
	double total[2][VNET_METRICS];	/* NAN when unknown */
	/*
	 * The host's view (qmp backend): each virtqueue's used-index progress
	 * per second, the buffers the device returned (modulo 65536 between
	 * samples: a queue that moves more than 65535 in one interval reads
	 * low).  NAN when unknown (vhost runs it, a new queue).
	 */
	unsigned int n_host_queues;
	struct vnet_host_queue_rate *host_queues;
};

/**
 * vnet_rates_compute() - per-second rates between two samples of one device
 *
 * Uses the measured monotonic interval.  A counter lower than before is
 * treated as reset (the new value is what was counted since); interrupt
 * counts are 32-bit per CPU in the kernel and wrap modulo 2^32.  Queues
 * present only in @cur get NAN rates; queues only in @prev are dropped.
 * @rates receives a new object; free it with vnet_rates_free().
 *
 * Return: 0, -EINVAL when @cur is not later than @prev, -ENOMEM (there is
 *         no context to explain more).
 */
int vnet_rates_compute(const struct vnet_sample *prev, const struct vnet_sample *cur,
		       struct vnet_rates **rates);
void vnet_rates_free(struct vnet_rates *rates);

/**
 * vnet_stat_classify() - what an ethtool -S counter name of virtio_net means
 * @name: "rx_queue_3_packets" (Linux < 6.10), "rx3_drops", "tx_kicks", ...
 * @dir: receives the direction
 * @queue: receives the queue, or -1 for a device-wide total
 * @metric: receives the metric, or VNET_METRICS when it is not one of ours
 *
 * Return: true when @name has a direction; false for names outside the
 *         rx/tx scheme ("cq_hw_command_num").
 */
bool vnet_stat_classify(const char *name, enum vnet_dir *dir, int *queue,
			enum vnet_metric *metric);

/* ---- diagnosis ------------------------------------------------------------ */

enum vnet_severity {
	VNET_SEV_INFO = 0,
	VNET_SEV_WARNING,
	VNET_SEV_ERROR,
};
const char *vnet_severity_name(enum vnet_severity sev);

/*
 * One step of a remedy, as data: what to change, not how to spell it, so
 * that "vnetctl set" can apply the guest part and each VMM's renderer can
 * write the host part in its own configuration language.  Strings are never
 * NULL ("" where a kind has none).
 */
enum vnet_action_kind {
	VNET_ACT_GUEST_PROP,	/* set guest property key to value ("queues" = "4") */
	VNET_ACT_GUEST_CMD,	/* run text, a command line, in the guest */
	VNET_ACT_VMM_SET,	/* set key to value in the VMM's configuration, in scope */
	VNET_ACT_VMM_UNSET,	/* drop key=value from the VMM's configuration, in scope */
	VNET_ACT_LIBVIRT,	/* change the libvirt domain XML as text says */
	VNET_ACT_NOTE,		/* free text, for side, where nothing above fits */
};

/* Where an action takes effect (and which remedy string renders it). */
enum vnet_action_side {
	VNET_SIDE_GUEST,
	VNET_SIDE_VMM,
	VNET_SIDE_LIBVIRT,
};

/* The part of the VMM's configuration a VMM_SET/VMM_UNSET changes. */
enum vnet_vmm_scope {
	VNET_SCOPE_NONE = 0,
	VNET_SCOPE_DEVICE,	/* the virtio-net device (-device virtio-net-pci) */
	VNET_SCOPE_NETDEV,	/* its backend (-netdev) */
	VNET_SCOPE_MACHINE,	/* the machine (-machine) */
};

/*
 * Guest property keys are the property registry's names (vnet_tunable_at()):
 * "queues" (combined channels), "rx-ring", "tx-ring", "mtu", "link" ("up"),
 * offloads by their ethtool -K names ("tso" = "on").
 * VMM keys are the QEMU property names ("vectors", "mq", "queues").
 */
struct vnet_action {
	enum vnet_action_kind kind;
	enum vnet_action_side side;
	enum vnet_vmm_scope scope;	/* VMM_SET, VMM_UNSET; NONE otherwise */
	const char *key;		/* GUEST_PROP, VMM_SET, VMM_UNSET */
	const char *value;
	const char *text;		/* GUEST_CMD, LIBVIRT, NOTE */
	const char *note;		/* a caveat, rendered in parentheses after the action */
	/* NOTE, LIBVIRT: the VMMs whose language text is in (a bit per enum
	 * vnet_vmm_name); 0: words for any VMM.  VMM_SET/VMM_UNSET keys are QEMU's
	 * and each VMM's renderer translates them (vnet_vmm_knob()). */
	unsigned int vmms;
};

/*
 * How to fix a finding, on each side, rendered from the finding's actions
 * (QEMU command line and libvirt for the host); never NULL, "" where that
 * side has nothing to do.
 */
struct vnet_remedy {
	const char *guest;	/* commands to run in this guest */
	const char *qemu;	/* -device virtio-net-pci / -netdev options on the host */
	const char *libvirt;	/* the libvirt <interface> element to change */
	/*
	 * The host part in the language of the VMM the guest runs on
	 * (vnet_system's vmm): for QEMU the same as @qemu; for Cloud Hypervisor
	 * --net keys, for Firecracker network-interface fields, for crosvm --net
	 * keys, for an unknown VMM the virtio features the device should offer.
	 * @qemu and @libvirt are "" on any other VMM than QEMU.
	 */
	const char *vmm;
	enum vnet_vmm_name vmm_name;
	bool vmm_impossible;	/* @vmm only says the VMM has no such setting: nothing to do */
};

struct vnet_finding {
	const char *id;		/* stable: "irq-shared-vector" */
	enum vnet_severity severity;
	char device[32];	/* interface or virtio name, "" for the machine */
	const char *summary;	/* never NULL */
	struct json_object *evidence; /* the values the rule saw (owned) */
	struct vnet_remedy remedy;
	size_t n_actions;	/* the remedy as data, in order */
	struct vnet_action *actions;
	/* one root cause, one warning: the id of the finding (same device, or the
	 * machine's) this one follows from, then at most info; NULL when none */
	const char *cause;
};

/*
 * A rule that could neither pass nor fail: what it reads could not be read
 * (the device's features, interrupts, ... or the machine's online CPUs).
 */
struct vnet_skipped_rule {
	const char *id;		/* the rule's id: "features-missing" */
	char device[32];	/* interface or virtio name, "" for the machine */
	const char *what;	/* what could not be read: "features", "online CPUs" */
	char reason[128];	/* why, as the reader said it; "" when it did not */
};

struct vnet_findings {
	size_t n;
	struct vnet_finding *items;
	/* rules skipped, per device, in catalogue order (appended member) */
	size_t n_skipped;
	struct vnet_skipped_rule *skipped;
};

/* A rule of the catalogue (for listings and documentation). */
struct vnet_rule_info {
	const char *id;
	const char *title;
	bool needs_sample;	/* only evaluated with a sample window */
};
const struct vnet_rule_info *vnet_rule_at(size_t index);

/*
 * Options of vnet_check(), allocated by the caller: set size to
 * sizeof(struct vnet_check_opts) and zero what you do not set, e.g.
 *	struct vnet_check_opts o = { .size = sizeof(o), .sample_seconds = 2 };
 * Members beyond @size (a caller built against an older header) take their
 * defaults.
 */
struct vnet_check_opts {
	size_t size;
	double sample_seconds;	/* >0: watch the counters this long (drops growing) */
};

/**
 * vnet_check() - run every rule on @devs and the machine
 * @devs: devices to check; filled here as far as the rules need
 * @opts: NULL for defaults (no sample window)
 * @out: receives a new object with the findings, most severe first; free
 *	 it with vnet_findings_free()
 *
 * Blocks for opts->sample_seconds when a sample window is asked for.
 *
 * Return: 0 (also with findings), -EINVAL for an @opts without its size, or
 *         -errno when the facts could not be read.
 */
int vnet_check(struct vnet_ctx *ctx, struct vnet_dev_list *devs,
	       const struct vnet_check_opts *opts, struct vnet_findings **out);
void vnet_findings_free(struct vnet_findings *findings);
struct json_object *vnet_finding_to_json(const struct vnet_finding *finding);

/* ---- reconstructing the host side ----------------------------------------- */

enum vnet_certainty {
	VNET_CERTAIN,		/* directly visible to the guest */
	VNET_INFERRED,		/* deduced; the reason says from what */
	VNET_UNKNOWABLE,	/* the guest cannot tell */
};
const char *vnet_certainty_name(enum vnet_certainty c);

/* One QEMU property as far as the guest can tell. */
struct vnet_prop {
	const char *name;	/* "vectors", "mq", "queues", ... */
	const char *scope;	/* "device" (-device virtio-net-pci) or "netdev" */
	char value[48];		/* "on", "10", ""; empty when unknowable */
	enum vnet_certainty certainty;
	bool is_default;	/* what QEMU does without the property */
	char reason[200];
};

struct vnet_explanation {
	char device[32];		/* interface or virtio name; QOM id from QMP */
	const char *source;		/* "guest" (vnet_explain) or "qmp" */
	char qom_path[128];		/* QMP only: "/machine/peripheral-anon/device[0]" */
	const char *model;		/* "virtio-net-pci" */
	char device_args[768];		/* "-device virtio-net-pci,..." with non-defaults */
	char netdev_args[256];		/* "-netdev <type>,...,queues=N" */
	char libvirt[1536];		/* <interface> fragment */
	size_t n;
	struct vnet_prop *props;
	/*
	 * The VMM the explanation is in, as identified with its evidence
	 * (vnet_system's vmm; QEMU from QMP).  QEMU, and a VMM left unknown
	 * that may be QEMU, fill device_args, netdev_args and libvirt; Cloud
	 * Hypervisor, Firecracker and crosvm leave them "", name the props with
	 * their own keys and fill vmm_config: Cloud Hypervisor's and crosvm's
	 * --net option, Firecracker's network-interface object.
	 */
	struct vnet_vmm vmm;
	char vmm_config[768];
};

/**
 * vnet_explain() - the QEMU options that produced what @dev shows
 *
 * Every property is certain (a negotiated bit, an id, a table size),
 * inferred (an absent bit: the device did not offer it, or a backend
 * withdrew it) or unknowable from the guest (vhost, the backend type).
 * Negotiated = offered by the device and accepted by the driver, so bits
 * this kernel's driver never accepts stay unknowable.
 * @out receives a new object; free it with vnet_explanation_free().
 *
 * Return: 0 or -errno.
 */
int vnet_explain(struct vnet_ctx *ctx, struct vnet_dev *dev, struct vnet_explanation **out);
void vnet_explanation_free(struct vnet_explanation *e);

/**
 * vnet_explain_qmp() - the host's own answer: ask QEMU over QMP
 * @socket: a QMP UNIX socket of the VM (-qmp unix:PATH,server=on,wait=off)
 * @out: receives an array of @n new explanations, one per virtio-net-pci
 *	 device; free the array and them with vnet_explanations_free()
 *
 * Runs on the host.  Properties are read from QOM (qom-get), the netdev's
 * type and queue count from "info network", vhost from x-query-virtio-status
 * when this QEMU has it, so what the guest could only infer or not know at
 * all becomes certain.  Properties this QEMU does not have are left out.
 *
 * Return: 0 or -errno.
 */
int vnet_explain_qmp(struct vnet_ctx *ctx, const char *socket, struct vnet_explanation ***out,
		     size_t *n);
void vnet_explanations_free(struct vnet_explanation **e, size_t n);
struct json_object *vnet_explanation_to_json(const struct vnet_explanation *e);

/* ---- JSON -------------------------------------------------------------- */

/**
 * vnet_dev_to_json() - the device as a JSON object (the documented contract)
 *
 * Only filled groups are emitted; unknown facts are null.  The schema is
 * owned here rather than by a printer in the CLI so that support bundles
 * store exactly what vnetctl -j prints.
 *
 * Return: a new json-c object (json_object_put() it), or NULL.
 */
struct json_object *vnet_dev_to_json(const struct vnet_dev *dev);

/* A device (JSON "features") as names: "BIT_<n>" for unknown bits. */
struct json_object *vnet_features_to_json(const uint64_t bits[2], unsigned int nbits);

void vnet_dev_free(struct vnet_dev *dev);

/* ---- tuning: the property registry, get and set ---------------------------- */

/*
 * One registry (lib/props.c) says, for every setting a guest can change,
 * its type, range, default, what it needs (feature bits, kernel support) and
 * which backend operation applies it.  "get", "set", "check --fix", the TUI
 * and the shell all read it; nothing else knows a range.
 */
enum vnet_tunable_type {
	VNET_TT_INT,		/* decimal; min..max, the device may narrow it */
	VNET_TT_BOOL,		/* on|off (also 1|0, true|false, enabled|disabled) */
	VNET_TT_ENUM,		/* one of ->values */
	VNET_TT_MAC,		/* xx:xx:xx:xx:xx:xx (also 12 hex digits, NetKVM style) */
	VNET_TT_CPULIST,	/* "0-3,6", or a keyword among ->values ("spread") */
};

struct vnet_tunable_info {
	const char *name;		/* "queues", "rx-ring", "mtu", "tso", "mac", ... */
	const char *const *aliases;	/* NULL-terminated: ethtool, kernel feature and
					 * NetKVM names ("Init.MTUSize", "*JumboPacket") */
	enum vnet_tunable_type type;
	const char *unit;		/* "queue pairs", "bytes", "us", "" */
	int64_t min, max;		/* VNET_TT_INT: static bounds */
	const char *const *values;	/* VNET_TT_ENUM/CPULIST keywords, NULL-terminated */
	const char *def;		/* default as text; NULL when the device decides */
	const char *help;		/* one line */
};

/* Iterate: index 0.. until NULL. */
const struct vnet_tunable_info *vnet_tunable_at(size_t index);
/*
 * By name or alias (case-insensitive).  A NetKVM name with no Linux meaning
 * is found too: vnet_tunable_why_not() then says why it cannot be set here.
 */
const struct vnet_tunable_info *vnet_tunable_lookup(const char *name);
/* NULL when @t means something on Linux, else the reason ("Windows only: ...") */
const char *vnet_tunable_why_not(const struct vnet_tunable_info *t);

/*
 * One setting of one device as it is now.  A NetKVM name reports its Linux
 * setting's value, and a range ending in "(as mtu)"; a setting the queues
 * do not agree on reads "per-queue" (irq-affinity, rps), an offload group
 * half on "mixed", debug logging on some call sites only "partial".
 */
struct vnet_tunable_state {
	const struct vnet_tunable_info *info;
	const char *value;		/* current, "" when unknown */
	const char *range;		/* allowed on this device: "1..4", "on|off" */
	bool settable;			/* here, now, by this user */
	const char *why_not;		/* "" when settable: "needs RING_RESET (not
					 * negotiated): QEMU queue_reset=on", "fixed" */
};

struct vnet_tunable_states {
	size_t n;
	struct vnet_tunable_state **items;
};

/**
 * vnet_get() - current values, ranges and settability
 * @names: settings by name or alias; NULL (with @n 0) for every setting
 *
 * Fills what @dev needs.  An unknown name is -ENOENT with the name in the
 * context.
 *
 * Return: 0 or -errno; free @out with vnet_tunable_states_free().
 */
int vnet_get(struct vnet_ctx *ctx, struct vnet_dev *dev, const char *const *names, size_t n,
	     struct vnet_tunable_states **out);
void vnet_tunable_states_free(struct vnet_tunable_states *s);

/* One change a plan makes. */
struct vnet_change {
	const struct vnet_tunable_info *info;
	const char *given;		/* the assignment as written: "Init.MTUSize=9000" */
	const char *old_value;		/* "" when unknown */
	const char *new_value;		/* normalised: "9000", "on", "52:54:00:12:34:56" */
	bool changes;			/* new differs from old */
	bool implied;			/* not asked for: a dependency ("sg" for "tso") */
	const char *note;		/* "" or a warning ("not locally administered") */
};

struct vnet_plan;

/**
 * vnet_plan_new() - validate "PROP=VALUE" assignments against @dev
 * @assign: @n assignments; names may be aliases
 *
 * Everything is checked before anything is touched (no I/O but reading
 * @dev): unknown setting, wrong type, out of range (naming the range and
 * the device maximum), a missing feature bit (naming it and the QEMU option
 * that would give it), a fixed offload, two assignments to one setting.
 * Dependencies are resolved as the kernel would (tso needs sg and tx
 * checksumming) and appear as implied changes.  The first problem is
 * explained in the context as one line naming the value, the allowed range
 * and the reason.  A NetKVM name is checked in its own terms first
 * ("*JumboPacket=100: out of range 590..65500"), then as the Linux setting
 * it becomes ("*JumboPacket=9014 (mtu=9000): out of range 68..1500 ...").
 * A change's info is always the Linux setting, its given the words used.
 *
 * Return: 0, -EINVAL for an assignment that cannot be made (a usage
 *         error), or another -errno (device vanished, out of memory).
 */
int vnet_plan_new(struct vnet_ctx *ctx, struct vnet_dev *dev, const char *const *assign, size_t n,
		  struct vnet_plan **out);
/**
 * vnet_assignment_check() - the syntax of one "PROP=VALUE", before any device is read
 *
 * What "vnetctl set" and vnettop's tuning prompt refuse in the same words
 * before they look for the device: no '=', no name, an empty value.  Whether
 * the name and the value mean anything is vnet_plan_new()'s to say.
 *
 * Return: 0, or -EINVAL explained in the context.
 */
int vnet_assignment_check(struct vnet_ctx *ctx, const char *assign);
size_t vnet_plan_size(const struct vnet_plan *plan);
const struct vnet_change *vnet_plan_change(const struct vnet_plan *plan, size_t i);

/**
 * vnet_plan_apply() - make the changes, all or nothing
 *
 * Applies the steps in a safe order (queues before IRQ placement, MTU before
 * rings), reads each group back and compares it with what was asked, and on
 * the first failure undoes the applied steps in reverse order.  A backend
 * that cannot write (a captured tree, a recording, a bundle) refuses with
 * -EROFS before any step; without the privilege to write, -EPERM before any
 * step.  The kernel's extended-ACK text is part of the explanation.
 *
 * A plan without a change is no write: 0 at once, read-only source or not.
 * A step that half happened (rx rings resized, tx refused) is undone too.
 *
 * Return: 0 when every change is in place (and @dev refreshed), or -errno
 *         explained in the context, which also says whether the rollback
 *         restored the previous state.
 */
int vnet_plan_apply(struct vnet_ctx *ctx, struct vnet_plan *plan);
void vnet_plan_free(struct vnet_plan *plan);
/*
 * NetKVM (Windows): the driver reads its registry keywords only when the
 * adapter starts.  vnet_plan_set_restart(plan, true) before
 * vnet_plan_apply() restarts the adapter after the writes (DIF_PROPERTYCHANGE,
 * as netkvmco does); without it vnet_plan_needs_restart() says afterwards
 * whether a written keyword waits for a restart.  Other backends: no-op, false.
 */
void vnet_plan_set_restart(struct vnet_plan *plan, bool restart);
bool vnet_plan_needs_restart(const struct vnet_plan *plan);

/**
 * vnet_findings_assignments() - the guest part of the remedies as assignments
 * @dev: only findings about this device
 * @out: receives @n "PROP=VALUE" strings (one array, free()d once), for
 *       vnet_plan_new(); settings the registry cannot apply are left out
 *
 * Return: 0 or -ENOMEM.
 */
int vnet_findings_assignments(const struct vnet_findings *f, const struct vnet_dev *dev,
			      char ***out, size_t *n);

/* ---- output: one printer for text and JSON -------------------------------- */

/*
 * Every command's output is described once, here in the library, as a
 * sequence of printer calls: each names the JSON key and the text format of
 * one value, so the JSON schema (documented in vnetctl(8)) and the text
 * layout cannot drift apart.  A text printer formats into a FILE the caller
 * supplies and owns: that is a formatting service the caller asks for, not
 * the library printing on its own (it still never writes to stdout or stderr
 * by itself).  A JSON printer builds a json-c tree that the caller takes.
 *
 * Unknown values (VNET_UNKNOWN, VNET_UNKNOWN64, VNET_TRI_UNKNOWN, NAN, a NULL
 * string) are JSON null and, in text, the printer's placeholder ("?" unless
 * set) formatted with the value's flags and width, so tables stay aligned.
 */
struct vnet_printer;

/* Which side of the output a call is for (a bit mask). */
enum vnet_print_to {
	VNET_PRINT_JSON = 1,	/* only the JSON tree */
	VNET_PRINT_FP = 2,	/* only the text */
	VNET_PRINT_ANY = 3,	/* both: the usual case */
};

/* Words wrap before this column (vnet_print_word()). */
#define VNET_PRINT_WIDTH 96

/* Return: a printer, or NULL with errno set; free with vnet_printer_free(). */
struct vnet_printer *vnet_printer_new_text(FILE *out);
struct vnet_printer *vnet_printer_new_json(void);
void vnet_printer_free(struct vnet_printer *p);
bool vnet_printer_is_json(const struct vnet_printer *p);
/* The JSON tree built so far (the caller owns it), NULL for a text printer. */
struct json_object *vnet_printer_take(struct vnet_printer *p);
/* Text of unknown values from now on; returns the previous one. */
const char *vnet_printer_set_unknown(struct vnet_printer *p, const char *text);

/*
 * Values.  @key is the JSON member (ignored inside an array), @fmt a printf
 * format with exactly one conversion for the text.  Text of a bool or tri is
 * "on"/"off" (%s).  vnet_print_null() is JSON null and @text verbatim.
 * vnet_print_json() adds a reference to @v (JSON only).
 */
void vnet_print_str(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		    const char *fmt, const char *v);
void vnet_print_u32(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		    const char *fmt, uint32_t v);
void vnet_print_u64(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		    const char *fmt, uint64_t v);
void vnet_print_double(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		       const char *fmt, double v);
void vnet_print_bool(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		     const char *fmt, bool v);
void vnet_print_tri(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		    const char *fmt, enum vnet_tri v);
void vnet_print_null(struct vnet_printer *p, enum vnet_print_to to, const char *key,
		     const char *text);
void vnet_print_json(struct vnet_printer *p, const char *key, struct json_object *v);
/* Text only (iproute2's PRINT_FP with no value). */
void vnet_print_fp(struct vnet_printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* JSON structure; the text does not see it.  A NULL key opens the root. */
void vnet_print_open_object(struct vnet_printer *p, const char *key);
void vnet_print_open_array(struct vnet_printer *p, const char *key);
void vnet_print_close(struct vnet_printer *p);

/*
 * Word lists: JSON strings appended to the open array; text words separated
 * by spaces and wrapped at VNET_PRINT_WIDTH under column @indent.  @col is
 * the column the line counts as being at (-1: where the text really is);
 * vnet_print_wrap_end() prints @none when no word followed the indent, then
 * ends the line.
 */
void vnet_print_wrap_begin(struct vnet_printer *p, int indent, int col);
void vnet_print_word(struct vnet_printer *p, enum vnet_print_to to, const char *word);
void vnet_print_wrap_end(struct vnet_printer *p, const char *none);

/*
 * The commands' outputs.  Text: what vnetctl prints for one item; JSON: one
 * object (an array for the lists) added where the printer stands.
 */
/* "show": everything filled (unasked groups left out, failed ones null). */
void vnet_dev_print(struct vnet_printer *p, const struct vnet_dev *dev);
/* ... with the machine's facts in it (the "vmm" object); @sys NULL: without. */
void vnet_dev_print_system(struct vnet_printer *p, const struct vnet_dev *dev,
			   const struct vnet_system *sys);
/* The "VMM" section / "vmm" object of show. */
void vnet_vmm_print(struct vnet_printer *p, const struct vnet_vmm *vmm);
/* "list": a table (text), an array of short objects (JSON); @names_only: the
 * names each device answers to, one a line (text only). */
void vnet_dev_list_print(struct vnet_printer *p, const struct vnet_dev_list *list,
			 bool names_only);
/* "features": negotiated bits; @all: every known or offered bit too. */
void vnet_dev_features_print(struct vnet_printer *p, const struct vnet_dev *dev, bool all);

/*
 * One NIC as the host (a device of the "qmp" backend) and the guest (the same
 * NIC read in the guest, e.g. from its saved "vnetctl -j show") see it:
 * each fact both can know, compared, disagreements marked.  Either may be
 * NULL (no match).  vnet_dev_pair_join(): which of @guest's MACs is the
 * host's device MAC: "permanent_mac", "mac", or NULL when they are not one NIC.
 */
void vnet_dev_pair_print(struct vnet_printer *p, const struct vnet_dev *host,
			 const struct vnet_dev *guest);
const char *vnet_dev_pair_join(const struct vnet_dev *host, const struct vnet_dev *guest);
/* "stats": one report; @rates NULL for counters; @queues: text rows per queue. */
void vnet_sample_print(struct vnet_printer *p, const struct vnet_dev *dev,
		       const struct vnet_sample *s, const struct vnet_rates *rates, bool queues);
/* "check": findings of at least @min, the summary of all; "check --list". */
void vnet_findings_print(struct vnet_printer *p, const struct vnet_findings *f,
			 enum vnet_severity min, double sample_seconds);
void vnet_finding_print(struct vnet_printer *p, const struct vnet_finding *f);
void vnet_rules_print(struct vnet_printer *p);
/* "get": one row a setting (text), an array of objects (JSON). */
void vnet_tunable_states_print(struct vnet_printer *p, const struct vnet_tunable_states *s);
/* "set": what changes, old -> new (@applied false: the dry-run plan). */
void vnet_plan_print(struct vnet_printer *p, const struct vnet_plan *plan, bool applied);
/*
 * The changes of @plan on one line into @buf ("queues 2 -> 3, sg on -> off
 * (implied)"), the unchanged left out; "nothing to change" when none.
 * Return: the length it needed, as snprintf().
 */
int vnet_plan_summary(const struct vnet_plan *plan, char *buf, size_t size);
/* "get --list": the registry, one row a setting (text), an array of objects (JSON). */
void vnet_tunables_print(struct vnet_printer *p);
/*
 * "check --fix": @plans[i] (NULL: none) made for @devs->devs[i] from the
 * findings, then what remains to change on the host (qemu/libvirt remedies).
 */
void vnet_fix_print(struct vnet_printer *p, const struct vnet_findings *f,
		    const struct vnet_dev_list *devs, const struct vnet_plan *const *plans,
		    bool applied);
/* "explain", from the guest or from QMP. */
void vnet_explanation_print(struct vnet_printer *p, const struct vnet_explanation *e);

/* ---- the VMM's own language (docs/vmms.md sections 4 and 5) --------------- */

/* Whether a VMM has a setting for what a remedy's QEMU key asks. */
enum vnet_knob_support {
	VNET_KNOB_UNRECORDED = 0,	/* not recorded: name the virtio feature, guess nothing */
	VNET_KNOB_SETTING,		/* the VMM has it, spelled @spelling */
	VNET_KNOB_ELSEWHERE,		/* nothing to set in the VMM: @why says what does */
	VNET_KNOB_IMPOSSIBLE,		/* fixed in the VMM's code: @why; no remedy there */
};

struct vnet_vmm_knob {
	enum vnet_knob_support support;
	const char *spelling;	/* SETTING: its key ("num_queues"); NULL for QEMU: the key */
	const char *why;	/* a caveat (SETTING) or the reason (others); may be NULL */
	unsigned int per_pair;	/* SETTING: value = QEMU's times this (pairs -> queues) */
	const char *on_word;	/* SETTING: the VMM's word for "on", NULL: "on" */
};

/**
 * vnet_vmm_knob() - how @vmm handles QEMU property @key (a vnet_action key)
 *
 * Never NULL.  QEMU: a SETTING spelled @key.  Table and sources: lib/vmm-lang.c.
 */
const struct vnet_vmm_knob *vnet_vmm_knob(enum vnet_vmm_name vmm, const char *key);
/* @key in virtio terms ("VIRTIO_NET_F_MQ", "4 queue pairs (...)") in @buf, or NULL. */
const char *vnet_vmm_virtio_words(const char *key, char *buf, size_t size, const char *value);
/* What @key sets, briefly: the feature's name ("MQ") or "queue pairs"; @key if unknown. */
const char *vnet_vmm_knob_name(const char *key);
/* "QEMU", "Cloud Hypervisor", "Firecracker", "crosvm", "the VMM" */
const char *vnet_vmm_label(enum vnet_vmm_name vmm);

/* ---- link events ---------------------------------------------------------- */

struct vnet_watch;

/**
 * vnet_watch_open() - listen for netdevs appearing, vanishing or changing
 *
 * So that a front end rescans the devices (vnet_dev_list_rescan()) and
 * rereads their link when something happened rather than every few
 * seconds.  Linux: rtnetlink link notifications (RTNLGRP_LINK) of the
 * caller's network namespace, for every netdev, virtio or not.  The watch
 * reports through @ctx, which must outlive it.
 *
 * Return: 0 and the watch in @out, or -errno explained in the context:
 * -EOPNOTSUPP when the backend has no events (a captured tree, a
 * recording, a test backend): rescan periodically there.
 */
int vnet_watch_open(struct vnet_ctx *ctx, struct vnet_watch **out);

/**
 * vnet_watch_fd() - descriptor to poll for input, non-blocking, close-on-exec
 *
 * Readable when events are pending; only vnet_watch_changed() reads it.
 */
int vnet_watch_fd(const struct vnet_watch *w);

/**
 * vnet_watch_changed() - drain the pending events
 *
 * Never blocks, and reads a bounded number of messages per call: with more
 * pending it answers 1 and leaves the rest to the next call.  Events lost
 * because they came faster than they were read (-ENOBUFS) count as a
 * change.
 *
 * Return: 1 when a netdev appeared, vanished or changed (link, carrier,
 * MTU, name) since the previous call, 0 when not, or -errno explained in
 * the context.
 */
int vnet_watch_changed(struct vnet_watch *w);
void vnet_watch_close(struct vnet_watch *w);

/**
 * vnet_escape_text() - a name or string from the system, safe for a terminal
 * @in: NUL-terminated bytes (NULL is taken as "")
 * @out: where the escaped text goes, always NUL-terminated when @size > 0
 * @size: bytes at @out
 *
 * Valid, printable UTF-8 is copied as it is; C0 controls (newline and tab
 * included), DEL, C1 controls and each byte of invalid UTF-8 become \xHH (as
 * systemd shows such names).  A backslash is left as it is.  The text
 * printer escapes every string it is given this way; this is for output of
 * one's own (vnettop draws device names with it).  The output is cut before
 * an escape or a character that does not fit, never inside one.
 *
 * Return: the length of the whole escaped text (as snprintf()); it was cut
 * when that is @size or more.
 */
size_t vnet_escape_text(const char *in, char *out, size_t size);

/*
 * vnet_json_make_utf8() - make every string and key of @o valid UTF-8
 *
 * json-c copies a string's bytes to its output as they are (it escapes
 * only the C0 controls, quote and backslash), so one invalid byte from the
 * system makes a whole document invalid JSON.  Each invalid byte becomes
 * U+FFFD, in place.  The JSON printer (vnet_printer_take()) does this to
 * every tree it returns; this is for JSON trees of one's own.
 */
void vnet_json_make_utf8(struct json_object *o);

/* ---- support bundles (vnetctl-bundle(5)) ---------------------------------- */

struct vnet_bundle_opts {
	size_t size;		/* sizeof(struct vnet_bundle_opts) */
	double window;		/* seconds of counter samples, 0 to 600 (0: one sample) */
	double step;		/* seconds between samples, 0.1 to 60; 0: 1 */
	bool redact;		/* MACs, IP addresses and host names replaced by tokens */
	/* told what is being collected, as it starts; NULL: nothing */
	void (*progress)(void *data, const char *stage);
	void *data;
};

struct vnet_bundle_result {
	bool partial;		/* written, but something vanished during collection */
	char reason[256];	/* why partial */
	size_t members;		/* manifest.json included */
	uint64_t bytes;		/* of the file written */
};

/**
 * vnet_bundle_collect() - everything about some devices, in one file
 * @list: the devices (as vnet_dev_find() gives them); filled and sampled here
 * @path: the .tar.gz to write, atomically (temporary file, then rename)
 *
 * Return: 0 (@res->partial may be set: a device vanished, what was
 *         collected is in the file), or -errno explained in the context;
 *         nothing is left under @path then.
 */
int vnet_bundle_collect(struct vnet_ctx *ctx, struct vnet_dev_list *list, const char *path,
			const struct vnet_bundle_opts *opts, struct vnet_bundle_result *res);

/*
 * vnet_ctx_offline() - whether @ctx serves recorded facts (a bundle given
 * by the "bundle.file" parameter or VNET_FROM): samples are replayed (no
 * need to wait between them; -ENODATA after the last), writes are refused.
 * Starts the backend; false when it cannot start.
 */
bool vnet_ctx_offline(struct vnet_ctx *ctx);

/**
 * vnet_ctx_set_interrupt() - let the caller's signal end the library's waits
 * @flag: set non-zero by the caller's signal handler, or NULL (the default)
 *
 * The sample windows of vnet_check() and vnet_bundle_collect() sleep for
 * seconds.  With a flag, a sleep that a signal interrupts (a handler
 * installed without SA_RESTART) returns -EINTR ("interrupted") when *@flag
 * is set, so that ^C in an interactive program ends the running call
 * instead of waiting for the window; nothing is written then.  Without one,
 * an interrupted sleep goes on until its deadline.
 */
void vnet_ctx_set_interrupt(struct vnet_ctx *ctx, const volatile sig_atomic_t *flag);

#ifdef __cplusplus
}
#endif

#endif /* VNET_VNET_H */
