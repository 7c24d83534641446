# SPDX-License-Identifier: GPL-2.0-or-later
"""Scenarios of the real-guest matrix: QEMU device options, what the guest
does, and what must come out.

Every scenario gets the common checks (vnetctl agrees with ethtool, ip,
lspci, procfs and sysfs inside the same guest, as root and unprivileged) plus
the expectations derived from its QEMU configuration (expect_from_qemu), plus
its own extra checks.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import oracle  # noqa: E402

# QEMU 7.2 (Debian 12), machine pc-i440fx-7.2: defaults of virtio-net-pci
# feature properties (hw/net/virtio-net.c, hw/virtio/virtio.h).
QEMU_DEFAULT_ON = ["csum", "guest_csum", "ctrl_guest_offloads", "guest_tso4", "guest_tso6",
                   "guest_ecn", "guest_ufo", "host_tso4", "host_tso6", "host_ecn", "host_ufo",
                   "mrg_rxbuf", "status", "ctrl_vq", "ctrl_rx", "ctrl_vlan", "guest_announce",
                   "ctrl_mac_addr", "indirect_desc", "event_idx", "queue_reset"]
QEMU_DEFAULT_OFF = ["mq", "iommu_platform", "packed", "hash", "rss", "failover"]
PROP_FEATURE = {
    "csum": "CSUM", "guest_csum": "GUEST_CSUM", "ctrl_guest_offloads": "CTRL_GUEST_OFFLOADS",
    "guest_tso4": "GUEST_TSO4", "guest_tso6": "GUEST_TSO6", "guest_ecn": "GUEST_ECN",
    "guest_ufo": "GUEST_UFO", "host_tso4": "HOST_TSO4", "host_tso6": "HOST_TSO6",
    "host_ecn": "HOST_ECN", "host_ufo": "HOST_UFO", "mrg_rxbuf": "MRG_RXBUF", "status": "STATUS",
    "ctrl_vq": "CTRL_VQ", "ctrl_rx": "CTRL_RX", "ctrl_vlan": "CTRL_VLAN",
    "guest_announce": "GUEST_ANNOUNCE", "mq": "MQ", "ctrl_mac_addr": "CTRL_MAC_ADDR",
    "indirect_desc": "INDIRECT_DESC", "event_idx": "EVENT_IDX", "queue_reset": "RING_RESET",
    "iommu_platform": "ACCESS_PLATFORM", "packed": "RING_PACKED", "failover": "STANDBY",
}


class Nic:
    """One -netdev tap + -device virtio-net-pci pair."""

    def __init__(self, props="", queues=1):
        self.props = dict(kv.split("=", 1) for kv in props.split(",") if kv)
        self.queues = queues

    def qemu_args(self, index):
        netdev = f"tap,id=n{index},ifname=vtap{index},script=no,downscript=no,vhost=off"
        if self.queues > 1:
            netdev += f",queues={self.queues}"
        mac = f"52:54:00:12:34:{0x56 + index:02x}"
        device = f"virtio-net-pci,netdev=n{index},romfile=,mac={mac}"
        device += "".join(f",{k}={v}" for k, v in self.props.items())
        return ["-netdev", netdev, "-device", device]

    # -- what QEMU makes of it --------------------------------------------------

    def on(self, prop):
        v = self.props.get(prop)
        if v is None:
            return prop in QEMU_DEFAULT_ON
        return v in ("on", "true")

    @property
    def mode(self):
        if self.on("disable-modern"):
            return "legacy"
        if self.on("disable-legacy"):
            return "modern"
        return "transitional"

    @property
    def vectors(self):
        # VNET_VM_SABOTAGE=1 expects one vector too many: proves the checks bite
        wrong = 1 if os.environ.get("VNET_VM_SABOTAGE") == "1" else 0
        if "vectors" in self.props:
            return int(self.props["vectors"]) + (wrong if int(self.props["vectors"]) else 0)
        return 2 * max(self.queues, 1) + 2 + wrong

    @property
    def max_pairs(self):
        return self.queues if self.on("mq") else 1

    def features(self):
        """{feature name: expected negotiated?} for the bits we can predict."""
        legacy = self.mode == "legacy"
        out = {}
        for prop, feat in PROP_FEATURE.items():
            bit = oracle.FEATURE_BITS[feat]
            out[feat] = self.on(prop) and not (legacy and bit >= 32)
        out["VERSION_1"] = not legacy
        out["MTU"] = "host_mtu" in self.props
        out["SPEED_DUPLEX"] = ("speed" in self.props or "duplex" in self.props) and not legacy
        out["MAC"] = True
        return out

    def irq_mode(self, cpus=2):
        if self.vectors == 0:
            return "intx"
        # Linux wants a vector per virtqueue with a callback plus config
        return "msix-per-queue" if self.vectors >= 2 * self.max_pairs + 1 else "msix-shared"


def expect_from_qemu(r, dev, nic, cpus=2):
    """What the QEMU configuration of @nic implies for vnetctl's view @dev."""
    pci = dev["pci"]
    mode = nic.mode
    r.eq(f"{dev['ifname']} pci.mode", pci["mode"], mode)
    r.eq(f"{dev['ifname']} pci.vendor_id", pci["vendor_id"], 0x1af4)
    r.eq(f"{dev['ifname']} pci.device_id", pci["device_id"], 0x1041 if mode == "modern" else 0x1000)
    r.eq(f"{dev['ifname']} pci.revision", pci["revision"], 1 if mode == "modern" else 0)
    r.eq(f"{dev['ifname']} pci.subsystem_id", pci["subsystem_id"], 0x1100 if mode == "modern" else 1)
    r.eq(f"{dev['ifname']} pci.legacy_io_bar", pci["legacy_io_bar"], mode != "modern")
    caps = sorted(c["name"] for c in pci["virtio_caps"])
    want = [] if mode == "legacy" else ["common", "device", "isr", "notify", "pci-cfg"]
    r.eq(f"{dev['ifname']} virtio caps", caps, want)
    for c in pci["virtio_caps"]:
        if c["name"] == "notify":
            r.eq(f"{dev['ifname']} notify_off_multiplier", c["notify_off_multiplier"], 4)
    if nic.vectors:
        r.eq(f"{dev['ifname']} msix.table_size", pci["msix"] and pci["msix"]["table_size"], nic.vectors)
        r.eq(f"{dev['ifname']} msix.enabled", pci["msix"] and pci["msix"]["enabled"],
             nic.irq_mode() != "intx")
    else:
        r.eq(f"{dev['ifname']} msix (vectors=0)", pci["msix"], None)
        r.eq(f"{dev['ifname']} msix_present (vectors=0)", pci["msix_present"], False)

    neg = set(dev["features"]["negotiated"])
    for feat, want in nic.features().items():
        r.eq(f"{dev['ifname']} feature {feat}", feat in neg, want)

    r.eq(f"{dev['ifname']} channels.max_combined", dev["channels"]["max_combined"], nic.max_pairs)
    r.eq(f"{dev['ifname']} channels.combined", dev["channels"]["combined"], min(nic.max_pairs, cpus))
    for k in ("rx", "tx", "rx_max", "tx_max"):
        r.eq(f"{dev['ifname']} rings.{k}", dev["rings"][k], 256)
    mtu = int(nic.props.get("host_mtu", 0))
    r.eq(f"{dev['ifname']} mtu.current", dev["mtu"]["current"], mtu or 1500)
    r.eq(f"{dev['ifname']} mtu.min", dev["mtu"]["min"], 68)
    r.eq(f"{dev['ifname']} mtu.max", dev["mtu"]["max"], mtu or 65535)
    r.eq(f"{dev['ifname']} interrupts.mode", dev["interrupts"]["mode"], nic.irq_mode())
    vq = 2 * nic.max_pairs + 1
    want_vec = {"intx": 0, "msix-shared": 2, "msix-per-queue": vq}[nic.irq_mode()]
    r.eq(f"{dev['ifname']} interrupts.vectors_used", dev["interrupts"]["vectors_used"], want_vec)
    if "speed" in nic.props and mode != "legacy":
        r.eq(f"{dev['ifname']} link.speed_mbps", dev["link"]["speed_mbps"], int(nic.props["speed"]))
    else:
        r.eq(f"{dev['ifname']} link.speed_mbps", dev["link"]["speed_mbps"], None)
    if "duplex" in nic.props and mode != "legacy":
        r.eq(f"{dev['ifname']} link.duplex", dev["link"]["duplex"], nic.props["duplex"])
    r.eq(f"{dev['ifname']} link.carrier", dev["link"]["carrier"], True)
    r.eq(f"{dev['ifname']} queues", len(dev["queues"]), nic.max_pairs)


class Scenario:
    def __init__(self, name, nics, guest="", host=(), check=None, extra=None, cpus=2,
                 about=""):
        self.name = name
        self.nics = nics
        self.guest = guest		# shell run in the guest before collecting
        self.host = list(host)		# shell run in the namespace once the taps exist
        self.check = check		# expected "vnetctl check" ids (see below)
        self.extra = extra		# function(r) with scenario-specific checks
        self.cpus = cpus
        self.about = about

    def qemu_args(self):
        args = []
        for i, nic in enumerate(self.nics):
            args += nic.qemu_args(i)
        return args

    def taps(self):
        return [f"vtap{i}" for i in range(len(self.nics))]


# ---- the matrix -----------------------------------------------------------------

SCENARIOS = [
    Scenario("transitional", [Nic()], about="QEMU's default virtio-net-pci"),
    Scenario("legacy", [Nic("disable-modern=on")], about="disable-modern=on"),
    Scenario("modern", [Nic("disable-legacy=on")], about="disable-legacy=on"),
    Scenario("mq4", [Nic("mq=on,vectors=10", queues=4)], about="tap queues=4, mq=on, vectors=10"),
    Scenario("vectors3", [Nic("mq=on,vectors=3", queues=4)], about="too few vectors: shared"),
    Scenario("vectors0", [Nic("vectors=0")], about="no MSI-X: INTx"),
    Scenario("mtu9000", [Nic("host_mtu=9000")], about="host_mtu=9000"),
    Scenario("speed", [Nic("speed=10000,duplex=full")], about="speed=10000,duplex=full"),
    Scenario("noindirect", [Nic("indirect_desc=off,event_idx=off")],
             about="indirect_desc=off,event_idx=off"),
    # Linux refuses a device that offers control-queue features without the
    # queue, so they go off together
    Scenario("noctrlvq", [Nic("ctrl_vq=off,ctrl_rx=off,ctrl_vlan=off,guest_announce=off,"
                              "ctrl_mac_addr=off,mq=off")], about="ctrl_vq=off"),
    Scenario("packed", [Nic("packed=on")], about="packed=on"),
    Scenario("twonics", [Nic(), Nic("mq=on,vectors=6", queues=2)], about="two NICs at once"),
]


def by_name(name):
    for s in SCENARIOS:
        if s.name == name:
            return s
    raise KeyError(name)
