# SPDX-License-Identifier: GPL-2.0-or-later
"""Independent oracles for vnetctl: parse what ethtool, ip, lspci, procfs and
sysfs print about a virtio-net device and compare it with `vnetctl -j show`.

Used by the live test on this machine's own adapter (tests/live-eth0.test)
and by the real-guest harness (tests/vm), where the same tools run inside the
guest and their raw output is brought back.  Nothing here imports vnetctl
code: the point is a second opinion.
"""

import json
import re

# Feature bits asserted by name; an independent copy of the spec numbers.
FEATURE_BITS = {
    "CSUM": 0, "GUEST_CSUM": 1, "CTRL_GUEST_OFFLOADS": 2, "MTU": 3, "MAC": 5,
    "GUEST_TSO4": 7, "GUEST_TSO6": 8, "GUEST_ECN": 9, "GUEST_UFO": 10,
    "HOST_TSO4": 11, "HOST_TSO6": 12, "HOST_ECN": 13, "HOST_UFO": 14,
    "MRG_RXBUF": 15, "STATUS": 16, "CTRL_VQ": 17, "CTRL_RX": 18, "CTRL_VLAN": 19,
    "GUEST_ANNOUNCE": 21, "MQ": 22, "CTRL_MAC_ADDR": 23, "INDIRECT_DESC": 28,
    "EVENT_IDX": 29, "VERSION_1": 32, "ACCESS_PLATFORM": 33, "RING_PACKED": 34,
    "RING_RESET": 40, "STANDBY": 62, "SPEED_DUPLEX": 63,
}

# QEMU's feature strings (x-query-virtio-status: "VIRTIO_NET_F_MQ: description"):
# the virtio spec's bit numbers of the names FEATURE_BITS does not have, and
# QEMU's own names for some it calls otherwise
QMP_EXTRA_BITS = {"GSO": 6, "CTRL_RX_EXTRA": 20, "NOTIFY_ON_EMPTY": 24, "ANY_LAYOUT": 27,
                  "PROTOCOL_FEATURES": 30, "IOMMU_PLATFORM": 33, "ORDER_PLATFORM": 36,
                  "SR_IOV": 37, "NOTIFICATION_DATA": 38, "HASH_REPORT": 57, "RSS": 60,
                  "RSC_EXT": 61}
# the virtio spec's macro prefixes; VHOST_USER_F_ is vhost-user's, not the spec's
QMP_SPEC_PREFIXES = ("VIRTIO_NET_F_", "VIRTIO_RING_F_", "VIRTIO_F_")
QMP_PREFIXES = QMP_SPEC_PREFIXES + ("VHOST_USER_F_",)


def _qmp_entries(fs):
    """(macro, name without its prefix or None) of each entry of a
    VirtioDeviceFeatures object."""
    for entry in fs.get("transports", []) + fs.get("dev-features", []):
        macro = entry.split(":", 1)[0]
        name = None
        for p in QMP_PREFIXES:
            if macro.startswith(p):
                name = macro[len(p):]
                break
        yield entry, macro, name


def qmp_feature_bits(fs):
    """A VirtioDeviceFeatures object as (the bit mask it stands for, the
    entries whose bit the oracle does not know)."""
    bits = fs.get("unknown-dev-features", 0)
    unmapped = []
    for entry, macro, name in _qmp_entries(fs):
        name = macro if name is None else name
        bit = FEATURE_BITS.get(name, QMP_EXTRA_BITS.get(name))
        if bit is None:
            unmapped.append(entry)
        else:
            bits |= 1 << bit
    return bits, unmapped


def qmp_feature_names(fs):
    """The virtio spec's names of a VirtioDeviceFeatures object's features:
    QEMU's macros minus their prefix, vhost-user's left out; bit 40 (QEMU 7.2
    names none) is the spec's RING_RESET."""
    out = {name for _, macro, name in _qmp_entries(fs) if macro.startswith(QMP_SPEC_PREFIXES)}
    if fs.get("unknown-dev-features", 0) & (1 << FEATURE_BITS["RING_RESET"]):
        out.add("RING_RESET")
    return out


LSPCI_CAP_NAMES = {"CommonCfg": "common", "Notify": "notify", "ISR": "isr",
                   "DeviceCfg": "device", "SharedMemory": "shared-memory"}


def parse_kv(text):
    """'key: value' lines (ethtool -i)."""
    out = {}
    for line in text.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def _num(v):
    return None if v in ("n/a", "", None) else int(v)


def parse_ethtool_sections(text, first, second):
    """ethtool -l / -g: two sections ('Pre-set maximums', 'Current hardware
    settings') of 'Name:<tabs>value' lines."""
    maxima, current, cur = {}, {}, None
    for line in text.splitlines():
        if line.startswith(first):
            cur = maxima
        elif line.startswith(second):
            cur = current
        elif cur is not None and ":" in line:
            k, v = line.split(":", 1)
            v = v.strip()
            cur[k.strip()] = _num(v) if re.fullmatch(r"\d+|n/a", v) else v
    return maxima, current


def parse_channels(text):
    m, c = parse_ethtool_sections(text, "Pre-set maximums", "Current hardware")
    return {"max_combined": m.get("Combined"), "combined": c.get("Combined")}


def parse_rings(text):
    m, c = parse_ethtool_sections(text, "Pre-set maximums", "Current hardware")
    return {"rx_max": m.get("RX"), "tx_max": m.get("TX"), "rx": c.get("RX"), "tx": c.get("TX")}


# ethtool -k prints some netdev features under older names (ethtool's
# off_flag_def table), and a few names are group headers summarising the
# indented lines below them.
ETHTOOL_ALIASES = {
    "rx-checksumming": "rx-checksum",
    "generic-segmentation-offload": "tx-generic-segmentation",
    "generic-receive-offload": "rx-gro",
    "large-receive-offload": "rx-lro",
    "udp-fragmentation-offload": "tx-udp-fragmentation",
    "rx-vlan-offload": "rx-vlan-hw-parse",
    "tx-vlan-offload": "tx-vlan-hw-insert",
    "ntuple-filters": "rx-ntuple-filter",
    "receive-hashing": "rx-hashing",
}
ETHTOOL_GROUPS = {"tx-checksumming", "scatter-gather", "tcp-segmentation-offload"}


def parse_ethtool_k(text):
    """ethtool -k: {netdev feature name: (on, fixed)}"""
    out = {}
    for line in text.splitlines()[1:]:
        m = re.match(r"\s*([\w-]+): (on|off)( \[fixed\])?", line)
        if not m or m.group(1) in ETHTOOL_GROUPS:
            continue
        out[ETHTOOL_ALIASES.get(m.group(1), m.group(1))] = (m.group(2) == "on", bool(m.group(3)))
    return out


def parse_ethtool_base(text):
    """plain `ethtool DEV`: speed, duplex, link."""
    out = {"speed": None, "duplex": None, "link": None}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Speed:"):
            m = re.search(r"(\d+)Mb/s", line)
            out["speed"] = int(m.group(1)) if m else None
        elif line.startswith("Duplex:"):
            v = line.split(":", 1)[1].strip().lower()
            out["duplex"] = v if v in ("full", "half") else None
        elif line.startswith("Link detected:"):
            out["link"] = line.endswith("yes")
    return out


def parse_ip_link(text):
    """ip -d -j link show DEV"""
    return json.loads(text)[0]


def parse_lspci(text, slot):
    """lspci -vvv -nn: ids, MSI-X and virtio capabilities of one function."""
    short = slot[5:] if slot.startswith("0000:") else slot
    block, inside = [], False
    for line in text.splitlines():
        if not line.startswith(("\t", " ")) and line.strip():
            inside = line.startswith(short + " ")
        if inside:
            block.append(line)
    if not block:
        raise ValueError(f"lspci has no function {slot}")
    out = {"caps": {}, "msix": None, "caps_denied": False}
    m = re.search(r"\[([0-9a-f]{4}):([0-9a-f]{4})\](?: \(rev ([0-9a-f]+)\))?", block[0])
    out["vendor_id"], out["device_id"] = int(m.group(1), 16), int(m.group(2), 16)
    out["revision"] = int(m.group(3), 16) if m.group(3) else 0
    pending = None
    for line in block[1:]:
        s = line.strip()
        if s.startswith("Subsystem:"):
            m = re.search(r"\[([0-9a-f]{4}):([0-9a-f]{4})\]", s)
            out["subsystem_vendor_id"], out["subsystem_id"] = int(m.group(1), 16), int(m.group(2), 16)
        elif s.startswith("Capabilities: <access denied>"):
            out["caps_denied"] = True
        elif s.startswith("Capabilities: ["):
            pos = int(s[len("Capabilities: ["):].split("]")[0], 16)
            pending = None
            m = re.search(r"MSI-X: Enable([+-]) Count=(\d+)", s)
            if m:
                out["msix"] = {"enabled": m.group(1) == "+", "table_size": int(m.group(2))}
            m = re.search(r"VirtIO: (\S+)", s)
            if m:
                name = LSPCI_CAP_NAMES.get(m.group(1))  # <unknown> for types 5 and 9
                pending = out["caps"][pos] = {"lspci_name": m.group(1), "name": name}
        elif pending is not None and s.startswith("BAR="):
            m = re.match(r"BAR=(\d+) offset=([0-9a-f]+) size=([0-9a-f]+)(?: multiplier=([0-9a-f]+))?", s)
            pending.update(bar=int(m.group(1)), offset=int(m.group(2), 16),
                           length=int(m.group(3), 16))
            if m.group(4):
                pending["multiplier"] = int(m.group(4), 16)
            pending = None
    return out


def _virtio_interrupts(text, virtio):
    """(action name, irq, count summed over CPUs) for each virtioN or virtioN-*
    action of /proc/interrupts (a shared line carries several, comma-separated)."""
    lines = text.splitlines()
    ncpu = len(lines[0].split())
    for line in lines[1:]:
        m = re.match(r"\s*(\d+):", line)
        if not m:
            continue
        fields = line.split()
        count = sum(int(x) for x in fields[1:1 + ncpu] if x.isdigit())
        for name in re.split(r",\s*|\s+", line.strip()):
            if name == virtio or name.startswith(virtio + "-"):
                yield name, int(m.group(1)), count


def parse_interrupts(text, virtio):
    """/proc/interrupts lines whose action is virtioN or virtioN-*: {name: irq}."""
    return {name: irq for name, irq, _ in _virtio_interrupts(text, virtio)}


def decode_features(text):
    """sysfs 'features': bit 0 first."""
    return {i for i, c in enumerate(text.strip()) if c == "1"}


class Mismatch(Exception):
    pass


def parse_iomem(text, name):
    """/proc/iomem: (base, size) of the first range named @name exactly, or
    None; without root every range reads 00000000-00000000."""
    for line in text.splitlines():
        m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : (.*)$", line)
        if m and m.group(3) == name:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            return None if lo == hi == 0 else (lo, hi - lo + 1)
    return None


def _compare_mmio(dev, o, eq):
    """A virtio-mmio device: window from /proc/iomem (read as root by the
    harness; vnetctl as nobody cannot read it), VendorID from sysfs."""
    t = dev["transport"]
    win = parse_iomem(o["iomem"], t["name"])
    if o["root"]:
        eq("transport.base (/proc/iomem)", t["base"], win and win[0])
        eq("transport.size (/proc/iomem)", t["size"], win and win[1])
    else:
        eq("transport.base without root", t["base"], None)
    eq("transport.vendor_id (sysfs vendor)", t["vendor_id"], int(o["vendor"].strip(), 16))
    return []


def _compare_pci(dev, o, eq, errs):
    pci = dev["pci"]
    lp = parse_lspci(o["lspci"], pci["slot"])
    for k in ("vendor_id", "device_id", "revision", "subsystem_vendor_id", "subsystem_id"):
        eq(f"pci.{k}", pci[k], lp.get(k))
    if o["root"]:
        eq("pci.caps_state", pci["caps_state"], "ok")
        eq("pci.msix", pci["msix"], lp["msix"])
        ours = {c["position"]: c for c in pci["virtio_caps"] or []}
        eq("virtio cap positions", sorted(ours), sorted(lp["caps"]))
        for pos, c in lp["caps"].items():
            v = ours.get(pos)
            if not v:
                continue
            if c["name"] is not None:
                eq(f"cap [{pos:02x}] name", v["name"], c["name"])
            else:  # lspci's <unknown>: vnetctl must name it
                if v["name"] not in ("pci-cfg", "vendor"):
                    errs.append(f"cap [{pos:02x}]: lspci <unknown>, vnetctl {v['name']!r}")
            for k in ("bar", "offset", "length"):
                eq(f"cap [{pos:02x}] {k}", v[k], c.get(k))
            if "multiplier" in c:
                eq(f"cap [{pos:02x}] multiplier", v.get("notify_off_multiplier"), c["multiplier"])
    else:
        eq("lspci access denied (no root)", lp["caps_denied"], True)
        eq("pci.caps_state without root", pci["caps_state"], "need-root")
        eq("pci.config_size without root", pci["config_size"], 64)
        eq("pci.virtio_caps without root", pci["virtio_caps"], None)


def compare_show(dev, o):
    """Compare one `vnetctl -j show` device object with oracle outputs.

    o: dict with raw texts 'ethtool_i', 'ethtool_l', 'ethtool_g', 'ethtool_k',
    'ethtool', 'ip_link', 'lspci', 'interrupts', 'features' and the bool
    'root' (lspci/vnetctl ran with privileges).  Returns a list of
    "what: vnetctl X, oracle Y" strings; empty means agreement.
    """
    errs = []
    compare_show.count = 0

    def eq(what, ours, theirs):
        compare_show.count += 1
        if ours != theirs:
            errs.append(f"{what}: vnetctl {ours!r}, oracle {theirs!r}")

    info = parse_kv(o["ethtool_i"])
    eq("driver", dev["driver"], info.get("driver"))
    # not only vnetctl against ethtool: both must say virtio_net
    eq("driver is virtio_net", info.get("driver"), "virtio_net")
    mmio = dev["transport"]["type"] == "mmio"
    if mmio:
        # virtio_net's bus-info is the transport device's name (virtio_bus_name())
        eq("mmio device (ethtool bus-info)", dev["transport"]["name"], info.get("bus-info"))
        eq("no pci object on a virtio-mmio device", "pci" in dev, False)
    else:
        eq("pci slot (ethtool bus-info)", dev["pci"]["slot"], info.get("bus-info"))
        eq("transport", dev["transport"], {"type": "pci", "slot": dev["pci"]["slot"]})

    ch = parse_channels(o["ethtool_l"])
    eq("channels.combined", dev["channels"]["combined"], ch["combined"])
    eq("channels.max_combined", dev["channels"]["max_combined"], ch["max_combined"])

    rings = parse_rings(o["ethtool_g"])
    for k in ("rx", "tx", "rx_max", "tx_max"):
        eq(f"rings.{k}", dev["rings"][k], rings[k])

    kk = parse_ethtool_k(o["ethtool_k"])
    listed = {x["name"]: x for x in dev["offloads"]}
    for name, x in listed.items():
        if name not in kk:
            errs.append(f"offload {name}: listed by vnetctl, unknown to ethtool -k")
            continue
        eq(f"offload {name} active", x["active"], kk[name][0])
        eq(f"offload {name} fixed", x["fixed"], kk[name][1])
    for name, (on, fixed) in kk.items():
        # vnetctl leaves out what is off and cannot be switched on
        if (on or not fixed) and name not in listed and name.startswith(("tx-", "rx-", "highdma")):
            errs.append(f"offload {name}: ethtool -k shows it {'on' if on else 'changeable'}, vnetctl omits it")

    base = parse_ethtool_base(o["ethtool"])
    eq("link.speed_mbps", dev["link"]["speed_mbps"], base["speed"])
    eq("link.duplex", dev["link"]["duplex"], base["duplex"])
    eq("link.carrier", dev["link"]["carrier"], base["link"])

    ip = parse_ip_link(o["ip_link"])
    eq("mtu.current", dev["mtu"]["current"], ip["mtu"])
    eq("mtu.min", dev["mtu"]["min"], ip.get("min_mtu"))
    eq("mtu.max", dev["mtu"]["max"], ip.get("max_mtu"))
    eq("link.mac", dev["link"]["mac"], ip.get("address"))
    eq("link.num_tx_queues", dev["link"]["num_tx_queues"], ip.get("num_tx_queues"))
    eq("link.num_rx_queues", dev["link"]["num_rx_queues"], ip.get("num_rx_queues"))
    eq("link.admin_up", dev["link"]["admin_up"], "UP" in ip.get("flags", []))

    if mmio:
        errs += _compare_mmio(dev, o, eq)
    else:
        _compare_pci(dev, o, eq, errs)

    bits = decode_features(o["features"])
    bits = decode_features(o["features"])
    names = set(dev["features"]["negotiated"])
    for name, bit in FEATURE_BITS.items():
        eq(f"feature {name}", name in names, bit in bits)
    eq("features.nbits", dev["features"]["nbits"], len(o["features"].strip()))

    irqs = parse_interrupts(o["interrupts"], dev["virtio"])
    ints = dev["interrupts"]
    if mmio:
        eq("transport.irq (/proc/interrupts)", dev["transport"]["irq"], irqs.get(dev["virtio"]))
    eq("interrupts.vectors_used", ints["vectors_used"],
       len([n for n in irqs if n != dev["virtio"]]))
    if any(n.endswith("-virtqueues") for n in irqs):
        mode = "msix-shared"
    elif dev["virtio"] in irqs:
        mode = "mmio-line" if mmio else "intx"
    elif irqs:
        mode = "msix-per-queue"
    else:
        mode = "none"
    eq("interrupts.mode", ints["mode"], mode)
    eq("interrupts.config_irq", ints["config_irq"], irqs.get(dev["virtio"] + "-config"))
    for q in dev["queues"]:
        i = q["index"]
        if mode == "msix-per-queue":
            eq(f"queue {i} rx_irq", q["rx_irq"], irqs.get(f"{dev['virtio']}-input.{i}"))
            eq(f"queue {i} tx_irq", q["tx_irq"], irqs.get(f"{dev['virtio']}-output.{i}"))
        elif mode == "msix-shared":
            eq(f"queue {i} rx_irq", q["rx_irq"], irqs.get(f"{dev['virtio']}-virtqueues"))
        elif mode in ("intx", "mmio-line"):
            eq(f"queue {i} rx_irq", q["rx_irq"], irqs.get(dev["virtio"]))
            eq(f"queue {i} tx_irq", q["tx_irq"], irqs.get(dev["virtio"]))
    eq("number of queues", len(dev["queues"]), ch["max_combined"])
    eq("active queues", sum(q["active"] for q in dev["queues"]), ch["combined"])
    return errs


# ---- per-queue counters ----------------------------------------------------------

def parse_ethtool_stats(text):
    """ethtool -S: {name: int}."""
    out = {}
    for line in text.splitlines()[1:]:
        if ":" in line:
            k, v = line.rsplit(":", 1)
            v = v.strip()
            if re.fullmatch(r"\d+", v):
                out[k.strip()] = int(v)
    return out


def ethtool_queue_stat(stats, direction, queue, name):
    """One per-queue counter under either naming generation: rx_queue_0_kicks
    (virtio_net before 6.10) or rx0_kicks (6.10 and later).  None if absent."""
    for key in (f"{direction}_queue_{queue}_{name}", f"{direction}{queue}_{name}"):
        if key in stats:
            return stats[key]
    return None


def interrupt_counts(text, virtio):
    """/proc/interrupts: {action name: count summed over CPUs} for virtioN-*."""
    return {name: count for name, _, count in _virtio_interrupts(text, virtio)}


# Counters vnetctl reports that ethtool -S also has, under the same name
# after the queue prefix
ETHTOOL_QUEUE_STATS = {
    "rx": ("drops", "kicks", "xdp_packets", "xdp_tx", "xdp_redirects", "xdp_drops",
           "packets", "bytes"),
    "tx": ("kicks", "xdp_tx", "xdp_tx_drops", "tx_timeouts", "packets", "bytes"),
}


def compare_stats(st, before, after):
    """Check one `vnetctl -j stats -q` device object (kind "totals") against
    oracle reads taken just before and just after it.

    before/after: dicts with 'ethtool_S' and 'interrupts' texts and the
    sysfs statistics 'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes'
    (ints).  Counters move while vnetctl reads them, so each value must lie
    between the two oracle reads; the kernel's stats64 totals must bracket
    the sum over queues.  Returns a list of error strings.
    """
    errs = []
    compare_stats.count = 0

    def within(what, v, lo, hi):
        compare_stats.count += 1
        if v is None or lo is None or hi is None or not lo <= v <= hi:
            errs.append(f"{what}: vnetctl {v!r}, oracle between {lo!r} and {hi!r}")

    def eq(what, ours, theirs):
        compare_stats.count += 1
        if ours != theirs:
            errs.append(f"{what}: vnetctl {ours!r}, oracle {theirs!r}")

    eq("kind", st.get("kind"), "totals")
    ea, eb = parse_ethtool_stats(before["ethtool_S"]), parse_ethtool_stats(after["ethtool_S"])
    ia = interrupt_counts(before["interrupts"], st["virtio"])
    ib = interrupt_counts(after["interrupts"], st["virtio"])
    per_queue_irqs = any(n.startswith(st["virtio"] + "-input.") for n in ib)
    queues = st["queues"]
    if not queues:
        errs.append("no queues listed")
    for q in queues:
        i = q["index"]
        for d in ("rx", "tx"):
            compared = 0
            for metric in ETHTOOL_QUEUE_STATS[d]:
                lo = ethtool_queue_stat(ea, d, i, metric)
                if lo is None:
                    continue  # this kernel keeps it elsewhere (6.10+: qstats)
                hi = ethtool_queue_stat(eb, d, i, metric)
                within(f"queue {i} {d}.{metric}", q[d][metric], lo, hi)
                eq(f"queue {i} {d}.{metric} source", st["sources"][d][metric], "ethtool")
                compared += 1
            # every generation has per-queue kicks in ethtool -S: nothing
            # compared means the oracle could not read it, not agreement
            if not compared:
                errs.append(f"queue {i} {d}: no ethtool -S counter found to compare")
            if per_queue_irqs:
                name = f"{st['virtio']}-{'input' if d == 'rx' else 'output'}.{i}"
                within(f"queue {i} {d}.interrupts", q[d]["interrupts"], ia.get(name), ib.get(name))
    for d in ("rx", "tx"):
        for metric in ("packets", "bytes"):
            total = sum(q[d][metric] for q in queues)
            within(f"sum over queues of {d}.{metric} (stats64)", total,
                   before[f"{d}_{metric}"], after[f"{d}_{metric}"])
        for metric, v in st["total"][d].items():
            vals = [q[d][metric] for q in queues]
            if v is not None and None not in vals:
                eq(f"total.{d}.{metric} is the sum over queues", v, sum(vals))
    return errs


# ---- settings a guest changes (vnetctl set) ----------------------------------------

def parse_cpulist(text):
    """A kernel CPU list ("0-2,5", smp_affinity_list): frozenset of CPUs."""
    cpus = set()
    for part in text.strip().split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        cpus.update(range(int(lo), int(hi or lo) + 1))
    return frozenset(cpus)


def parse_cpumask(text):
    """A kernel CPU mask in hex, 32-bit words separated by commas
    ("00000000,00000003", rps_cpus, xps_cpus): frozenset of CPUs."""
    mask = int(text.strip().replace(",", "") or "0", 16)
    return frozenset(i for i in range(mask.bit_length()) if mask >> i & 1)


def parse_ddebug(text):
    """/sys/kernel/debug/dynamic_debug/control lines:
    {module: [flags of each call site]} ("_" or "" for none, "p" printed...)."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"\S+:\d+ \[([\w-]+)\]\S* =(\S*) ", line)
        if m:
            out.setdefault(m.group(1), []).append(m.group(2).replace("_", ""))
    return out


def ddebug_state(flags):
    """One module's call sites: "on" when every one prints, "off" when none
    does, "mixed" otherwise."""
    printing = [("p" in f) for f in flags]
    return "on" if all(printing) else "off" if not any(printing) else "mixed"


# ---- failover pairs -----------------------------------------------------------------

def failover_groups(links, drivers):
    """Failover groups from `ip -d -j link` (every link) and each netdev's
    driver as `ethtool -i` names it: {standby: {"master": M, "primary": P}}
    for every net_failover master M, its virtio_net slave being the standby
    and any other slave the primary (None without one)."""
    masters = {l["ifname"] for l in links if drivers.get(l["ifname"]) == "net_failover"}
    groups = {}
    for m in sorted(masters):
        slaves = sorted(l["ifname"] for l in links if l.get("master") == m)
        standby = [s for s in slaves if drivers.get(s) == "virtio_net"]
        others = [s for s in slaves if s not in standby]
        for s in standby:
            groups[s] = {"master": m, "primary": others[0] if others else None}
    return groups
