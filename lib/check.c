// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * check.c - diagnostic rules: what is misconfigured and how to fix it
 *
 * Each rule looks at the model only (never at the OS), so the same rules
 * run on a live system and, later, on a support bundle.  The knowledge comes
 * from QEMU's defaults (vectors = 2 * queues + 2, mq off, queue_reset on),
 * the Linux driver's behaviour (queues = min(vCPUs, max), the fallback from
 * per-queue vectors to one shared vector to INTx) and the virtio spec.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "internal.h"

/* Red Hat's tuning guides: a guest can use about 200 MSI vectors in all. */
#define GUEST_MSI_VECTORS	200
#define MSI_WARN_VECTORS	(GUEST_MSI_VECTORS * 8 / 10)
#define DEFAULT_MTU		1500

#define F_MTU			3
#define F_MRG_RXBUF		15
#define F_STATUS		16
#define F_CTRL_VQ		17
#define F_MQ			22
#define F_INDIRECT_DESC		28
#define F_EVENT_IDX		29
#define F_VERSION_1		32
#define F_ACCESS_PLATFORM	33
#define F_RING_RESET		40
#define F_SPEED_DUPLEX		63

struct dev_view {
	struct vnet_dev *dev;
	struct vnet_sample *now;	/* counters, NULL when unreadable */
	bool window;			/* rates below are valid */
	struct vnet_rates rates;
	double seconds;
};

struct check_env {
	struct vnet_ctx *ctx;
	const struct vnet_system *sys;
	struct vnet_findings *out;
	int err;
};

typedef void (*rule_fn)(struct check_env *env, const struct dev_view *dv);

VNET_EXPORT const char *vnet_severity_name(enum vnet_severity sev)
{
	switch (sev) {
	case VNET_SEV_INFO:
		return "info";
	case VNET_SEV_WARNING:
		return "warning";
	case VNET_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

static const char *dev_name(const struct vnet_dev *dev)
{
	return *dev->ifname ? dev->ifname : dev->virtio_name;
}

static struct vnet_finding *emit(struct check_env *env, const char *id, enum vnet_severity sev,
				 const struct vnet_dev *dev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct vnet_finding *emit(struct check_env *env, const char *id, enum vnet_severity sev,
				 const struct vnet_dev *dev, const char *fmt, ...)
{
	struct vnet_findings *out = env->out;
	struct vnet_finding *f;
	va_list ap;

	f = realloc(out->items, (out->n + 1) * sizeof(*f));
	if (!f) {
		env->err = -ENOMEM;
		return NULL;
	}
	out->items = f;
	f = &out->items[out->n++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->severity = sev;
	if (dev)
		vnet_strcpy(f->device, dev_name(dev), sizeof(f->device));
	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
	f->evidence = json_object_new_object();
	return f;
}

static void ev_int(struct vnet_finding *f, const char *key, uint64_t v)
{
	if (f)
		json_object_object_add(f->evidence, key,
				       v == VNET_UNKNOWN || v == VNET_UNKNOWN64 ? NULL :
				       json_object_new_uint64(v));
}

static void ev_str(struct vnet_finding *f, const char *key, const char *v)
{
	if (f)
		json_object_object_add(f->evidence, key, v && *v ? json_object_new_string(v) : NULL);
}

static void ev_bool(struct vnet_finding *f, const char *key, enum vnet_tri v)
{
	if (f)
		json_object_object_add(f->evidence, key, v == VNET_TRI_UNKNOWN ? NULL :
				       json_object_new_boolean(v == VNET_TRI_YES));
}

__attribute__((format(printf, 3, 4)))
static void remedy(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}

#define GUEST(f, ...) do { if (f) remedy((f)->remedy.guest, sizeof((f)->remedy.guest), __VA_ARGS__); } while (0)
#define QEMU(f, ...) do { if (f) remedy((f)->remedy.qemu, sizeof((f)->remedy.qemu), __VA_ARGS__); } while (0)
#define LIBVIRT(f, ...) do { if (f) remedy((f)->remedy.libvirt, sizeof((f)->remedy.libvirt), __VA_ARGS__); } while (0)

static bool negotiated(const struct vnet_dev *dev, unsigned int bit)
{
	return vnet_dev_has_feature(dev, bit) == VNET_TRI_YES;
}

static bool not_negotiated(const struct vnet_dev *dev, unsigned int bit)
{
	return vnet_dev_has_feature(dev, bit) == VNET_TRI_NO;
}

/* Queue pairs the device has; 0 when unknown. */
static uint32_t max_pairs(const struct vnet_dev *dev)
{
	if (dev->filled & VNET_FILL_CHANNELS && dev->channels.max_combined != VNET_UNKNOWN)
		return dev->channels.max_combined;
	return dev->n_queues;
}

static uint32_t cpus(const struct check_env *env)
{
	return env->sys->online_cpus;
}

/* ---- rules ----------------------------------------------------------------- */

static void rule_driver(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!*dev->ifname) {
		f = emit(env, "driver-not-bound", VNET_SEV_ERROR, dev,
			 "%s has no network interface: virtio_net is not bound to it",
			 dev->virtio_name);
		ev_str(f, "driver", dev->driver);
		/* modprobe is a no-op when loaded; bind covers a manual unbind */
		GUEST(f, "modprobe virtio_net && echo %s > /sys/bus/virtio/drivers/virtio_net/bind",
		      dev->virtio_name);
		return;
	}
	if (dev->status != VNET_UNKNOWN && dev->status & 0xc0) {
		f = emit(env, "device-failed", VNET_SEV_ERROR, dev,
			 "device status 0x%02x: %s", dev->status,
			 dev->status & 0x80 ? "the driver gave up on the device (FAILED)"
					    : "the device needs a reset (DEVICE_NEEDS_RESET)");
		ev_int(f, "status", dev->status);
		GUEST(f, "echo %s > /sys/bus/virtio/drivers/virtio_net/unbind; "
			 "echo %s > /sys/bus/virtio/drivers/virtio_net/bind",
		      dev->virtio_name, dev->virtio_name);
		QEMU(f, "see the QEMU log for the device error; reset the guest if rebinding fails");
	}
}

static void rule_irq_mode(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t n = max_pairs(dev);
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_IRQS))
		return;
	if (dev->irqs.mode == VNET_IRQ_MSIX_SHARED) {
		f = emit(env, "irq-shared-vector", VNET_SEV_WARNING, dev,
			 "all %u queue pairs share one interrupt vector (%s): the MSI-X table has %u "
			 "entries, a vector per queue needs %u",
			 n, dev->irqs.shared.name, dev->pci.msix_table_size, 2 * n + 1);
		ev_str(f, "mode", vnet_irq_mode_name(dev->irqs.mode));
		ev_int(f, "msix_table_size", dev->pci.msix_table_size);
		ev_int(f, "max_queue_pairs", n);
		ev_int(f, "vectors_needed", 2 * n + 1);
		QEMU(f, "-device virtio-net-pci,...,vectors=%u", 2 * n + 2);
		LIBVIRT(f, "<driver queues='%u'/> (libvirt then sets vectors=%u)", n, 2 * n + 2);
	} else if (dev->irqs.mode == VNET_IRQ_INTX) {
		f = emit(env, "irq-intx", VNET_SEV_WARNING, dev,
			 "the device uses a legacy INTx line interrupt (%s irq %u), no MSI-X",
			 dev->irqs.shared.name, dev->irqs.shared.irq);
		ev_str(f, "mode", vnet_irq_mode_name(dev->irqs.mode));
		ev_bool(f, "msix_present", dev->pci.msix_present);
		ev_int(f, "irq", dev->irqs.shared.irq);
		QEMU(f, "-device virtio-net-pci,...,vectors=%u (not vectors=0)", 2 * (n ? n : 1) + 2);
		LIBVIRT(f, "remove vectors overrides (qemu:commandline) from the domain");
	}
}

static void rule_msix_size(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t n = max_pairs(dev), size = dev->pci.msix_table_size;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_PCI) || dev->pci.msix_present != VNET_TRI_YES || !n ||
	    size == VNET_UNKNOWN || size >= 2 * n + 2)
		return;
	f = emit(env, "msix-table-small", size < 2 * n + 1 ? VNET_SEV_WARNING : VNET_SEV_INFO,
		 dev, "the MSI-X table has %u vectors, less than 2 * %u queue pairs + 2 = %u",
		 size, n, 2 * n + 2);
	ev_int(f, "msix_table_size", size);
	ev_int(f, "max_queue_pairs", n);
	ev_int(f, "recommended", 2 * n + 2);
	QEMU(f, "-device virtio-net-pci,...,vectors=%u", 2 * n + 2);
	LIBVIRT(f, "<driver queues='%u'/>", n);
}

static void rule_queues(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_channels *ch = &dev->channels;
	uint32_t ncpu = cpus(env), want;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_CHANNELS) || ncpu == VNET_UNKNOWN ||
	    ch->combined == VNET_UNKNOWN || ch->max_combined == VNET_UNKNOWN)
		return;
	want = ncpu < ch->max_combined ? ncpu : ch->max_combined;
	if (ch->combined >= want)
		return;
	f = emit(env, "queues-below-vcpus", VNET_SEV_WARNING, dev,
		 "%u of %u queue pairs are enabled with %u vCPUs: enable %u",
		 ch->combined, ch->max_combined, ncpu, want);
	ev_int(f, "combined", ch->combined);
	ev_int(f, "max_combined", ch->max_combined);
	ev_int(f, "online_cpus", ncpu);
	GUEST(f, "ethtool -L %s combined %u", dev->ifname, want);
}

static void rule_mq(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t ncpu = cpus(env);
	struct vnet_finding *f;

	if (ncpu == VNET_UNKNOWN || ncpu < 2 || !not_negotiated(dev, F_MQ))
		return;
	f = emit(env, "mq-missing", VNET_SEV_WARNING, dev,
		 "multiqueue (MQ) is not negotiated: one queue pair serves %u vCPUs", ncpu);
	ev_int(f, "online_cpus", ncpu);
	ev_bool(f, "mq", VNET_TRI_NO);
	ev_bool(f, "ctrl_vq", vnet_dev_has_feature(dev, F_CTRL_VQ));
	QEMU(f, "-netdev tap,...,queues=%u -device virtio-net-pci,...,mq=on,vectors=%u%s", ncpu,
	     2 * ncpu + 2, not_negotiated(dev, F_CTRL_VQ) ? ",ctrl_vq=on" : "");
	LIBVIRT(f, "<driver queues='%u'/>", ncpu);
}

static void rule_legacy(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_PCI))
		return;
	if (dev->pci.mode == VNET_MODE_LEGACY) {
		f = emit(env, "legacy-mode", VNET_SEV_WARNING, dev,
			 "legacy-only virtio device (no virtio 1.0 interface): I/O port access, "
			 "and no feature from bit 32 up (RING_RESET, SPEED_DUPLEX, RING_PACKED)");
		ev_str(f, "mode", "legacy");
		ev_int(f, "device_id", dev->pci.device_id);
		ev_bool(f, "version_1", vnet_dev_has_feature(dev, F_VERSION_1));
		QEMU(f, "-device virtio-net-pci,... without disable-modern=on "
			"(disable-legacy=on,disable-modern=off for modern-only)");
		LIBVIRT(f, "<model type='virtio'/> (not virtio-transitional with a legacy-only machine)");
	} else if (dev->pci.mode == VNET_MODE_TRANSITIONAL && not_negotiated(dev, F_VERSION_1)) {
		f = emit(env, "legacy-mode", VNET_SEV_WARNING, dev,
			 "transitional device driven through its legacy interface (VERSION_1 not "
			 "negotiated): no feature from bit 32 up");
		ev_str(f, "mode", "transitional");
		ev_bool(f, "version_1", VNET_TRI_NO);
		GUEST(f, "remove virtio_pci.force_legacy=1 from the kernel command line");
		QEMU(f, "-device virtio-net-pci,...,disable-legacy=on");
		LIBVIRT(f, "<model type='virtio-non-transitional'/>");
	}
}

static void rule_features(struct check_env *env, const struct dev_view *dv)
{
	static const struct {
		unsigned int bit;
		const char *id, *prop, *libvirt, *why;
	} perf[] = {
		{ F_CTRL_VQ, "ctrl-vq-missing", "ctrl_vq",
		  "",
		  "no control queue: no multiqueue, no MAC or RX-mode changes, no offload toggling" },
		{ F_INDIRECT_DESC, "indirect-desc-off", "indirect_desc", "",
		  "without indirect descriptors a multi-fragment packet takes several ring slots" },
		{ F_EVENT_IDX, "event-idx-off", "event_idx", "<driver event_idx='on'/>",
		  "without EVENT_IDX every buffer can cost a notification and an interrupt" },
		{ F_MRG_RXBUF, "mrg-rxbuf-off", "mrg_rxbuf", "<host mrg_rxbuf='on'/>",
		  "without mergeable buffers large receives need big preallocated buffers" },
	};
	const struct vnet_dev *dev = dv->dev;

	for (size_t i = 0; i < ARRAY_SIZE(perf); i++) {
		const struct vnet_feature_info *fi = vnet_feature_lookup(perf[i].bit);
		struct vnet_finding *f;

		if (!not_negotiated(dev, perf[i].bit))
			continue;
		f = emit(env, perf[i].id, VNET_SEV_WARNING, dev, "%s is not negotiated: %s",
			 fi->name, perf[i].why);
		ev_str(f, "feature", fi->name);
		ev_bool(f, "negotiated", VNET_TRI_NO);
		QEMU(f, "-device virtio-net-pci,...,%s=on", perf[i].prop);
		if (*perf[i].libvirt)
			LIBVIRT(f, "%s", perf[i].libvirt);
	}
}

/*
 * Bits from 32 up exist only on the modern interface: on a legacy device
 * their absence is legacy-mode's finding, and their own remedies would not
 * work.
 */
static bool modern_bit_missing(const struct vnet_dev *dev, unsigned int bit)
{
	return negotiated(dev, F_VERSION_1) && not_negotiated(dev, bit);
}

static void rule_ring_reset(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!modern_bit_missing(dev, F_RING_RESET))
		return;
	f = emit(env, "ring-reset-missing", VNET_SEV_INFO, dev,
		 "RING_RESET is not negotiated: ring sizes cannot be changed (ethtool -G fails)");
	ev_bool(f, "ring_reset", VNET_TRI_NO);
	QEMU(f, "-device virtio-net-pci,...,queue_reset=on (default from machine type 7.2)");
	LIBVIRT(f, "a machine type of QEMU 7.2 or later");
}

static void rule_rings(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_rings *r = &dv->dev->rings;
	struct vnet_finding *f;

	if (!(dv->dev->filled & VNET_FILL_RINGS) || r->rx == VNET_UNKNOWN || r->tx == VNET_UNKNOWN ||
	    r->rx_max == VNET_UNKNOWN || r->tx_max == VNET_UNKNOWN ||
	    (r->rx >= r->rx_max && r->tx >= r->tx_max))
		return;
	f = emit(env, "rings-below-max", VNET_SEV_INFO, dv->dev,
		 "rings are smaller than the device allows: rx %u of %u, tx %u of %u",
		 r->rx, r->rx_max, r->tx, r->tx_max);
	ev_int(f, "rx", r->rx);
	ev_int(f, "rx_max", r->rx_max);
	ev_int(f, "tx", r->tx);
	ev_int(f, "tx_max", r->tx_max);
	GUEST(f, "ethtool -G %s rx %u tx %u", dv->dev->ifname, r->rx_max, r->tx_max);
}

static void rule_mtu(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_mtu *m = &dev->mtu;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_LINK) || m->current == VNET_UNKNOWN)
		return;
	if (not_negotiated(dev, F_MTU) && m->current > DEFAULT_MTU) {
		f = emit(env, "mtu-without-host-mtu", VNET_SEV_WARNING, dev,
			 "MTU %u is above %u but the device does not report a maximum (no MTU "
			 "feature): larger frames may be dropped on the host side",
			 m->current, DEFAULT_MTU);
		ev_int(f, "mtu", m->current);
		ev_bool(f, "mtu_feature", VNET_TRI_NO);
		QEMU(f, "-device virtio-net-pci,...,host_mtu=%u", m->current);
		LIBVIRT(f, "<mtu size='%u'/>", m->current);
	} else if (negotiated(dev, F_MTU) && m->max != VNET_UNKNOWN && m->current < m->max) {
		f = emit(env, "mtu-below-host-mtu", VNET_SEV_INFO, dev,
			 "MTU %u is below the %u the host configured (host_mtu)", m->current,
			 m->max);
		ev_int(f, "mtu", m->current);
		ev_int(f, "host_mtu", m->max);
		GUEST(f, "ip link set %s mtu %u", dev->ifname, m->max);
	}
}

static void rule_link(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	const struct vnet_link *l = &dev->link;
	struct vnet_finding *f;

	if (!(dev->filled & VNET_FILL_LINK))
		return;
	if (l->admin_up == VNET_TRI_NO) {
		f = emit(env, "link-down", VNET_SEV_WARNING, dev,
			 "the interface is administratively down");
		ev_bool(f, "admin_up", l->admin_up);
		ev_bool(f, "carrier", l->carrier);
		ev_str(f, "operstate", l->operstate);
		GUEST(f, "ip link set %s up", dev->ifname);
	} else if (l->carrier == VNET_TRI_NO) {
		f = emit(env, "link-down", VNET_SEV_WARNING, dev,
			 "no carrier: the device reports its link down");
		ev_bool(f, "admin_up", l->admin_up);
		ev_bool(f, "carrier", l->carrier);
		ev_str(f, "operstate", l->operstate);
		ev_bool(f, "status_feature", vnet_dev_has_feature(dev, F_STATUS));
		QEMU(f, "monitor: set_link <netdev-or-device-id> on");
		LIBVIRT(f, "<link state='up'/>");
	}
}

static void rule_speed(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!modern_bit_missing(dev, F_SPEED_DUPLEX))
		return;
	f = emit(env, "speed-unknown", VNET_SEV_INFO, dev,
		 "link speed is unknown (no SPEED_DUPLEX): utilization in sar, nicstat or "
		 "monitoring cannot be computed");
	ev_bool(f, "speed_duplex", VNET_TRI_NO);
	ev_int(f, "speed_mbps", dev->link.speed_mbps);
	QEMU(f, "-device virtio-net-pci,...,speed=10000,duplex=full (the real uplink speed)");
}

/* Add @v for queue @q to the evidence object and the total, when it counts. */
static void count_queue(json_object **per_queue, uint64_t *total, unsigned int q, uint64_t v)
{
	char key[16];

	if (v == VNET_UNKNOWN64 || !v)
		return;
	*total += v;
	if (!*per_queue)
		*per_queue = json_object_new_object();
	snprintf(key, sizeof(key), "%u", q);
	json_object_object_add(*per_queue, key, json_object_new_uint64(v));
}

static void rule_tx_timeouts(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;
	json_object *per_queue = NULL;
	uint64_t total = 0;

	/* the driver's counter when counters are readable, else sysfs tx_timeout */
	if (dv->now)
		for (unsigned int q = 0; q < dv->now->n_queues; q++)
			count_queue(&per_queue, &total, dv->now->queues[q].index,
				    dv->now->queues[q].v[VNET_TX][VNET_M_TIMEOUTS]);
	else if (dev->filled & VNET_FILL_QUEUES)
		for (unsigned int q = 0; q < dev->n_queues; q++)
			count_queue(&per_queue, &total, q, dev->queues[q].tx_timeouts);
	if (!total)
		return;
	f = emit(env, "tx-timeouts", VNET_SEV_WARNING, dev,
		 "%llu transmit timeouts: a transmit queue stalled for seconds (the host stopped "
		 "consuming it)", (unsigned long long)total);
	if (f)
		json_object_object_add(f->evidence, "per_queue", per_queue);
	else
		json_object_put(per_queue);
	ev_int(f, "total", total);
	QEMU(f, "check the backend: the tap/vhost side stopped reading (host load, "
		"vhost thread, a full socket)");
}

static void rule_drops(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;
	double rate, xdp;
	bool by_xdp;
	json_object *per_queue;

	if (!dv->window)
		return;
	rate = dv->rates.total[VNET_RX][VNET_M_DROPS];
	if (isnan(rate) || rate <= 0)
		return;
	f = emit(env, "rx-drops-growing", VNET_SEV_WARNING, dev,
		 "receive drops are growing: %.1f per second over %.1f s", rate,
		 dv->rates.interval);
	if (!f)
		return;
	per_queue = json_object_new_object();
	for (unsigned int q = 0; q < dv->rates.n_queues; q++) {
		double r = dv->rates.queues[q].r[VNET_RX][VNET_M_DROPS];
		char key[16];

		if (isnan(r) || r <= 0)
			continue;
		snprintf(key, sizeof(key), "%u", dv->rates.queues[q].index);
		json_object_object_add(per_queue, key, json_object_new_double(r));
	}
	json_object_object_add(f->evidence, "drops_per_second", json_object_new_double(rate));
	json_object_object_add(f->evidence, "window_seconds",
			       json_object_new_double(dv->rates.interval));
	json_object_object_add(f->evidence, "per_queue", per_queue);
	xdp = dv->rates.total[VNET_RX][VNET_M_XDP_DROPS];
	if (!isnan(xdp))
		json_object_object_add(f->evidence, "xdp_drops_per_second",
				       json_object_new_double(xdp));
	/* XDP_DROP counts in both: then the program, not the device, drops */
	by_xdp = !isnan(xdp) && xdp >= 0.9 * rate;
	if (by_xdp)
		GUEST(f, "an XDP program drops them: ip -d link show dev %s (prog/xdp); "
			 "ip link set dev %s xdp off if that is not intended",
		      dev->ifname, dev->ifname);
	else if (dev->rings.rx != VNET_UNKNOWN && dev->rings.rx_max != VNET_UNKNOWN &&
		 dev->rings.rx < dev->rings.rx_max)
		GUEST(f, "ethtool -G %s rx %u", dev->ifname, dev->rings.rx_max);
	else
		/* QEMU itself drops what does not fit the buffers without telling the
		 * guest; what the driver counts are bad lengths and failed buffer
		 * allocations */
		GUEST(f, "dmesg | grep virtio_net (length errors, buffer allocation "
			 "failures); free memory");
	if (!by_xdp)
		QEMU(f, "-device virtio-net-pci,...,rx_queue_size=1024,mrg_rxbuf=on");
}

/* "0-3,5" -> bits in @set (up to 1024 CPUs); false when unparsable */
static bool cpulist_bits(const char *list, uint64_t set[16])
{
	const char *p = list;

	memset(set, 0, 16 * sizeof(uint64_t));
	if (!*p)
		return false;
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p)
			return false;
		if (*end == '-') {
			b = strtoul(end + 1, &end, 10);
			if (b < a)
				return false;
		}
		for (unsigned long c = a; c <= b && c < 1024; c++)
			set[c / 64] |= 1ULL << (c % 64);
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return false;
	}
	return true;
}

/* "00000000,00000003" (32-bit words, most significant first) -> bits */
static bool hexmask_bits(const char *mask, uint64_t set[16])
{
	size_t len = strlen(mask);
	unsigned int bit = 0;

	memset(set, 0, 16 * sizeof(uint64_t));
	if (!len)
		return false;
	for (size_t i = len; i-- > 0;) {
		char c = mask[i];
		unsigned int v;

		if (c == ',')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return false;
		for (unsigned int k = 0; k < 4; k++, bit++)
			if (v & (1u << k) && bit < 1024)
				set[bit / 64] |= 1ULL << (bit % 64);
	}
	return true;
}

static int single_cpu(const uint64_t set[16])
{
	int cpu = -1;

	for (int w = 0; w < 16; w++) {
		if (!set[w])
			continue;
		if (cpu >= 0 || (set[w] & (set[w] - 1)))
			return -1;
		cpu = w * 64 + __builtin_ctzll(set[w]);
	}
	return cpu;
}

static void rule_irq_cpus(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	uint32_t ncpu = cpus(env);
	unsigned int active = 0, irqs = 0;
	int cpu = -2;
	struct vnet_finding *f;
	char suggestion[256] = "";
	size_t o = 0;

	if (!(dev->filled & VNET_FILL_IRQS) || dev->irqs.mode != VNET_IRQ_MSIX_PER_QUEUE ||
	    ncpu == VNET_UNKNOWN || ncpu < 2)
		return;
	for (unsigned int q = 0; q < dev->n_queues; q++) {
		const struct vnet_irq *v[2] = { &dev->queues[q].rx_irq, &dev->queues[q].tx_irq };

		if (!dev->queues[q].active)
			continue;
		active++;
		for (int d = 0; d < 2; d++) {
			uint64_t set[16];
			int c;

			if (!cpulist_bits(*v[d]->effective ? v[d]->effective : v[d]->affinity, set))
				return;
			c = single_cpu(set);
			if (c < 0 || (cpu != -2 && c != cpu))
				return;
			cpu = c;
			irqs++;
			if (o < sizeof(suggestion))
				o += snprintf(suggestion + o, sizeof(suggestion) - o,
					      "%secho %u > /proc/irq/%u/smp_affinity_list",
					      o ? "; " : "", q % ncpu, v[d]->irq);
		}
	}
	if (active < 2)
		return;
	f = emit(env, "irqs-one-cpu", VNET_SEV_WARNING, dev,
		 "the interrupts of all %u active queues are handled by CPU %d alone", active, cpu);
	ev_int(f, "cpu", cpu);
	ev_int(f, "active_queues", active);
	ev_int(f, "irqs", irqs);
	ev_int(f, "online_cpus", ncpu);
	GUEST(f, "%s", suggestion);
}

static void rule_xps(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f = NULL;
	json_object *queues = NULL;

	if (!(dev->filled & VNET_FILL_IRQS) || !(dev->filled & VNET_FILL_QUEUES) ||
	    dev->irqs.mode != VNET_IRQ_MSIX_PER_QUEUE)
		return;
	for (unsigned int q = 0; q < dev->n_queues; q++) {
		const struct vnet_queue *qu = &dev->queues[q];
		uint64_t xps[16], aff[16];
		json_object *o;
		char key[16];

		if (!qu->active || !hexmask_bits(qu->xps_cpus, xps) ||
		    !cpulist_bits(qu->tx_irq.affinity, aff))
			continue;
		if (!memcmp(xps, aff, sizeof(xps)))
			continue;
		if (!queues)
			queues = json_object_new_object();
		snprintf(key, sizeof(key), "%u", q);
		o = json_object_new_object();
		json_object_object_add(o, "xps_cpus", json_object_new_string(qu->xps_cpus));
		json_object_object_add(o, "tx_irq_affinity", json_object_new_string(qu->tx_irq.affinity));
		json_object_object_add(queues, key, o);
	}
	if (!queues)
		return;
	f = emit(env, "affinity-xps-mismatch", VNET_SEV_INFO, dev,
		 "transmit queues are chosen on other CPUs (XPS) than the ones their interrupts "
		 "go to: completions cross CPUs");
	if (f)
		json_object_object_add(f->evidence, "queues", queues);
	else
		json_object_put(queues);
	GUEST(f, "give tx-N/xps_cpus and the output.N IRQ's smp_affinity the same CPUs "
		 "(the driver does so itself until someone changes one of them)");
}

static void rule_access_platform(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_dev *dev = dv->dev;
	struct vnet_finding *f;

	if (!negotiated(dev, F_ACCESS_PLATFORM) || env->sys->iommu != VNET_TRI_NO)
		return;
	f = emit(env, "access-platform-no-iommu", VNET_SEV_INFO, dev,
		 "ACCESS_PLATFORM (iommu_platform) is negotiated but the guest has no IOMMU: DMA "
		 "is not translated (right for SEV/TDX guests, otherwise an IOMMU was forgotten)");
	ev_bool(f, "access_platform", VNET_TRI_YES);
	ev_bool(f, "iommu", env->sys->iommu);
	QEMU(f, "-device intel-iommu,intremap=on,device-iotlb=on (before the NIC), or drop "
		"iommu_platform=on");
	LIBVIRT(f, "<iommu model='intel'/> and <driver iommu='on' ats='on'/>");
}

static void rule_offloads(struct check_env *env, const struct dev_view *dv)
{
	static const struct {
		unsigned int bit;
		const char *feature, *ethtool;
	} offs[] = {
		{ 0, "tx-checksum-ip-generic", "tx" },
		{ 0, "tx-scatter-gather", "sg" },
		{ 11, "tx-tcp-segmentation", "tso" },
		{ 12, "tx-tcp6-segmentation", "tso" },
		{ 0, "tx-generic-segmentation", "gso" },
		{ 1, "rx-gro", "gro" },
	};
	const struct vnet_dev *dev = dv->dev;
	char off[128] = "", cmd[64] = "";
	size_t o = 0, c = 0;
	struct vnet_finding *f;
	json_object *names = NULL;

	if (!(dev->filled & VNET_FILL_OFFLOADS))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		if (!negotiated(dev, offs[i].bit))
			continue;
		for (unsigned int k = 0; k < dev->n_offloads; k++) {
			const struct vnet_offload *x = &dev->offloads[k];

			if (strcmp(x->name, offs[i].feature) || x->active || x->fixed)
				continue;
			if (!names)
				names = json_object_new_array();
			json_object_array_add(names, json_object_new_string(x->name));
			o += snprintf(off + o, o < sizeof(off) ? sizeof(off) - o : 0, "%s%s",
				      o ? " " : "", x->name);
			if (!strstr(cmd, offs[i].ethtool))
				c += snprintf(cmd + c, c < sizeof(cmd) ? sizeof(cmd) - c : 0,
					      " %s on", offs[i].ethtool);
		}
	}
	if (!names)
		return;
	f = emit(env, "offloads-disabled", VNET_SEV_INFO, dev,
		 "offloads the device supports are switched off: %s", off);
	if (f)
		json_object_object_add(f->evidence, "off", names);
	else
		json_object_put(names);
	GUEST(f, "ethtool -K %s%s", dev->ifname, cmd);
}

/* machine-wide */
static void rule_msi_vectors(struct check_env *env, const struct dev_view *dv)
{
	const struct vnet_system *sys = env->sys;
	struct vnet_finding *f;

	(void)dv;
	if (sys->virtio_msi_vectors == VNET_UNKNOWN || sys->virtio_msi_vectors < MSI_WARN_VECTORS)
		return;
	f = emit(env, "msi-vectors-near-limit", VNET_SEV_WARNING, NULL,
		 "virtio devices hold %u MSI vectors, near the ~%u a guest can use: more queues "
		 "or devices will fall back to shared vectors",
		 sys->virtio_msi_vectors, GUEST_MSI_VECTORS);
	ev_int(f, "virtio_msi_vectors", sys->virtio_msi_vectors);
	ev_int(f, "msi_vectors", sys->msi_vectors);
	ev_int(f, "guest_limit", GUEST_MSI_VECTORS);
	QEMU(f, "fewer queues per device (-netdev tap,queues=N with N <= vCPUs) or fewer devices");
}

static const struct rule {
	struct vnet_rule_info info;
	rule_fn fn;
	bool machine;
} rules[] = {
	{ { "driver-not-bound", "virtio_net is not bound to a virtio-net device", false },
	  rule_driver, false },
	{ { "device-failed", "device status shows FAILED or DEVICE_NEEDS_RESET", false }, NULL,
	  false },
	{ { "irq-shared-vector", "all queues share one MSI-X vector", false }, rule_irq_mode,
	  false },
	{ { "irq-intx", "legacy INTx interrupt instead of MSI-X", false }, NULL, false },
	{ { "msix-table-small", "MSI-X table smaller than 2 * queue pairs + 2", false },
	  rule_msix_size, false },
	{ { "queues-below-vcpus", "fewer queue pairs enabled than min(vCPUs, maximum)", false },
	  rule_queues, false },
	{ { "mq-missing", "multiqueue not negotiated on a guest with several vCPUs", false },
	  rule_mq, false },
	{ { "legacy-mode", "legacy device, or transitional device used through its legacy "
			   "interface", false }, rule_legacy, false },
	{ { "ctrl-vq-missing", "no control virtqueue", false }, rule_features, false },
	{ { "indirect-desc-off", "INDIRECT_DESC not negotiated", false }, NULL, false },
	{ { "event-idx-off", "EVENT_IDX not negotiated", false }, NULL, false },
	{ { "mrg-rxbuf-off", "MRG_RXBUF not negotiated", false }, NULL, false },
	{ { "ring-reset-missing", "RING_RESET not negotiated: rings cannot be resized", false },
	  rule_ring_reset, false },
	{ { "rings-below-max", "rings smaller than the device maximum", false }, rule_rings,
	  false },
	{ { "mtu-without-host-mtu", "MTU above 1500 without the MTU feature", false }, rule_mtu,
	  false },
	{ { "mtu-below-host-mtu", "MTU below the host_mtu the device reports", false }, NULL,
	  false },
	{ { "link-down", "interface down or no carrier", false }, rule_link, false },
	{ { "speed-unknown", "no SPEED_DUPLEX: speed unknown", false }, rule_speed, false },
	{ { "tx-timeouts", "transmit timeouts were counted", false }, rule_tx_timeouts, false },
	{ { "rx-drops-growing", "receive drops grow during the sample window", true },
	  rule_drops, false },
	{ { "irqs-one-cpu", "every queue interrupt lands on the same CPU", false },
	  rule_irq_cpus, false },
	{ { "affinity-xps-mismatch", "XPS CPUs differ from the tx interrupt affinity", false },
	  rule_xps, false },
	{ { "access-platform-no-iommu", "ACCESS_PLATFORM negotiated without an IOMMU", false },
	  rule_access_platform, false },
	{ { "offloads-disabled", "offloads the device supports are off", false }, rule_offloads,
	  false },
	{ { "msi-vectors-near-limit", "virtio MSI vectors near the guest's limit", false },
	  rule_msi_vectors, true },
};

VNET_EXPORT const struct vnet_rule_info *vnet_rule_at(size_t index)
{
	return index < ARRAY_SIZE(rules) ? &rules[index].info : NULL;
}

static int severity_cmp(const void *a, const void *b)
{
	const struct vnet_finding *fa = a, *fb = b;
	int c;

	if (fa->severity != fb->severity)
		return fa->severity > fb->severity ? -1 : 1;
	c = strcmp(fa->device, fb->device);
	return c ? c : strcmp(fa->id, fb->id);
}

static void sleep_seconds(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Counters now and, with a window, again after it. */
static int sample_devices(struct vnet_ctx *ctx, struct dev_view *views, size_t n, double window)
{
	struct vnet_stats **st = calloc(n ? n : 1, sizeof(*st));
	int err = 0;

	if (!st)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!*views[i].dev->ifname)
			continue;
		/* counters are evidence, not a requirement: a failure leaves them out */
		if (vnet_stats_open(ctx, views[i].dev, &st[i]) ||
		    vnet_stats_sample(st[i], &views[i].now)) {
			vnet_stats_close(st[i]);
			st[i] = NULL;
		}
	}
	if (window > 0) {
		sleep_seconds(window);
		for (size_t i = 0; i < n; i++) {
			struct vnet_sample *after;

			if (!st[i] || vnet_stats_sample(st[i], &after))
				continue;
			if (!vnet_rates_compute(views[i].now, after, &views[i].rates))
				views[i].window = true;
			vnet_sample_free(views[i].now);
			views[i].now = after;
		}
	}
	for (size_t i = 0; i < n; i++)
		vnet_stats_close(st[i]);
	free(st);
	vnet_clear_error(ctx);
	return err;
}

VNET_EXPORT int vnet_check(struct vnet_ctx *ctx, struct vnet_dev_list *devs,
			   const struct vnet_check_opts *opts, struct vnet_findings *out)
{
	struct vnet_system sys;
	struct check_env env = { ctx, &sys, out, 0 };
	struct dev_view *views;
	double window = opts ? opts->sample_seconds : 0;
	int err;

	out->n = 0;
	out->items = NULL;
	err = vnet_system_get(ctx, &sys);
	if (err)
		return err;
	views = calloc(devs->n ? devs->n : 1, sizeof(*views));
	if (!views)
		return -ENOMEM;
	for (size_t i = 0; i < devs->n; i++) {
		views[i].dev = devs->devs[i];
		err = vnet_dev_fill(ctx, devs->devs[i], VNET_FILL_ALL);
		if (err)
			goto out;
	}
	err = sample_devices(ctx, views, devs->n, window);
	if (err)
		goto out;
	for (size_t r = 0; r < ARRAY_SIZE(rules) && !env.err; r++) {
		if (!rules[r].fn)
			continue;	/* reported by the rule listed before it */
		if (rules[r].machine) {
			rules[r].fn(&env, NULL);
			continue;
		}
		for (size_t i = 0; i < devs->n && !env.err; i++) {
			/* a device without a driver can only fail the first rule */
			if (!*views[i].dev->ifname && rules[r].fn != rule_driver)
				continue;
			rules[r].fn(&env, &views[i]);
		}
	}
	err = env.err;
	if (!err)
		qsort(out->items, out->n, sizeof(*out->items), severity_cmp);
out:
	for (size_t i = 0; i < devs->n; i++) {
		vnet_sample_free(views[i].now);
		if (views[i].window)
			vnet_rates_free(&views[i].rates);
	}
	free(views);
	if (err)
		vnet_findings_free(out);
	return err;
}

VNET_EXPORT void vnet_findings_free(struct vnet_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		json_object_put(f->items[i].evidence);
	free(f->items);
	f->items = NULL;
	f->n = 0;
}
