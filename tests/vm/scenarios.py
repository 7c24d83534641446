# SPDX-License-Identifier: GPL-2.0-or-later
"""Scenarios of the real-guest matrix: QEMU device options, what the guest
does, and what must come out.

Every scenario gets the common checks (vnetctl agrees with ethtool, ip,
lspci, procfs and sysfs inside the same guest, as root and unprivileged) plus
the expectations derived from its QEMU configuration (expect_from_qemu), plus
its own extra checks.
"""

import ipaddress
import json
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import oracle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# QEMU 7.2 (Debian 12), machine pc-i440fx-7.2: defaults of virtio-net-pci
# feature properties (hw/net/virtio-net.c, hw/virtio/virtio.h).
QEMU_DEFAULT_ON = ["csum", "guest_csum", "ctrl_guest_offloads", "guest_tso4", "guest_tso6",
                   "guest_ecn", "guest_ufo", "host_tso4", "host_tso6", "host_ecn", "host_ufo",
                   "mrg_rxbuf", "status", "ctrl_vq", "ctrl_rx", "ctrl_vlan", "guest_announce",
                   "ctrl_mac_addr", "indirect_desc", "event_idx", "queue_reset"]
QEMU_DEFAULT_OFF = ["mq", "iommu_platform", "packed", "hash", "rss", "failover"]
# QEMU withdraws these from backends without virtio-net headers (user, socket,
# ...): hw/net/virtio-net.c virtio_net_get_features(), !peer_has_vnet_hdr()
NO_VNET_HDR_WITHDRAWS = ("CSUM", "GUEST_CSUM", "GUEST_TSO4", "GUEST_TSO6", "GUEST_ECN",
                         "GUEST_UFO", "HOST_TSO4", "HOST_TSO6", "HOST_ECN", "HOST_UFO")
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


# QEMU's virtio-mmio transport (hw/virtio/virtio-mmio.c, hw/i386/microvm.c):
# VendorID "QEMU" (VIRT_VENDOR), 512-byte register windows; force-legacy
# defaults to on (version 1), off gives version 2 with VERSION_1.
MMIO = "virtio-net-device"
MMIO_VENDOR = 0x554d4551
MMIO_WINDOW = 0x200
# What only PCI has: never in an explanation of a virtio-mmio device.
PCI_ONLY = ("vectors", "addr", "bus", "multifunction", "disable-legacy", "disable-modern",
            "page-per-vq", "modern-pio-notify", "romfile")


class Nic:
    """One -netdev tap + -device virtio-net-pci pair (or virtio-net-device
    on virtio-mmio: mmio_modern adds -global virtio-mmio.force-legacy=off,
    which QEMU applies to every virtio-mmio proxy of the machine)."""

    def __init__(self, props="", queues=1, combined=None, legacy_driver=False, backend="tap",
                 model="virtio-net-pci", pcie_port=False, mmio_modern=False, vhost=False):
        self.props = dict(kv.split("=", 1) for kv in props.split(",") if kv)
        # virtio-net-pci, or its fixed-mode -transitional / -non-transitional
        # types, or virtio-net-device (virtio-mmio, microvm)
        self.model = model
        self.mmio = model == MMIO
        self.mmio_modern = mmio_modern
        # on a PCI Express port (bus= a pcie-root-port): disable-legacy=auto means on
        self.pcie_port = pcie_port
        self.machine = "pc"	# set by the Scenario
        self.queues = queues
        # "tap"; "stalled": a socket backend whose far end never reads; "user":
        # QEMU's user-mode network (slirp, restrict=on: no way out of the guest)
        self.backend = backend
        # the guest drives a transitional device through its legacy interface
        # (virtio_pci.force_legacy=1)
        self.legacy_driver = legacy_driver
        self.combined = combined	# channels the scenario leaves enabled (ethtool -L)
        self.vhost = vhost		# tap with vhost=on (the kernel's vhost-net)

    @staticmethod
    def port(index):
        return 7100 + index

    @staticmethod
    def mac(index):
        return f"52:54:00:12:34:{0x56 + index:02x}"

    def qemu_args(self, index):
        if self.backend == "stalled":
            netdev = f"socket,id=n{index},connect=127.0.0.1:{self.port(index)}"
        elif self.backend == "user":
            netdev = f"user,id=n{index},restrict=on"
        else:
            netdev = f"tap,id=n{index},ifname=vtap{index},script=no,downscript=no," \
                     f"vhost={'on' if self.vhost else 'off'}"
        if self.queues > 1:
            netdev += f",queues={self.queues}"
        # romfile is the PCI proxy's option ROM: virtio-mmio has none
        device = f"{self.model},netdev=n{index}{'' if self.mmio else ',romfile='}" \
                 f",mac={self.mac(index)}"
        device += "".join(f",{k}={v}" for k, v in self.props.items())
        extra = ["-global", "virtio-mmio.force-legacy=off"] if self.mmio_modern else []
        return extra + ["-netdev", netdev, "-device", device]

    # -- what QEMU makes of it --------------------------------------------------

    def on(self, prop):
        v = self.props.get(prop)
        if v is None:
            return prop in QEMU_DEFAULT_ON
        return v in ("on", "true")

    @property
    def mode(self):
        if self.mmio:
            return "modern" if self.mmio_modern else "legacy"
        # the fixed-mode types have no disable-* properties (virtio_pci_types_register())
        if self.model.endswith("-non-transitional"):
            return "modern"
        if self.model.endswith("-transitional"):
            return "transitional"
        if self.on("disable-modern"):
            return "legacy"
        if self.on("disable-legacy") or (self.pcie_port and "disable-legacy" not in self.props):
            return "modern"
        return "transitional"

    @property
    def host_mtu(self):
        """The MTU the guest gets offered and uses: Linux refuses one below
        its minimum of 68 (virtnet_validate() clears MTU), so that is none."""
        mtu = int(self.props.get("host_mtu", 0))
        return mtu if mtu >= 68 else 0

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
        legacy = self.mode == "legacy" or self.legacy_driver
        out = {}
        for prop, feat in PROP_FEATURE.items():
            bit = oracle.FEATURE_BITS[feat]
            out[feat] = self.on(prop) and not (legacy and bit >= 32)
        out["VERSION_1"] = not legacy
        out["MTU"] = self.host_mtu > 0
        out["SPEED_DUPLEX"] = ("speed" in self.props or "duplex" in self.props) and not legacy
        out["MAC"] = True
        if self.backend != "tap":
            for feat in NO_VNET_HDR_WITHDRAWS:
                out[feat] = False
        if self.mmio:
            # Linux negotiates RING_RESET only over virtio-pci
            # (drivers/virtio/virtio_pci_modern.c vp_transport_features())
            out["RING_RESET"] = False
        return out

    @property
    def ring_max(self):
        """QEMU's virtio-mmio offers VIRTQUEUE_MAX_SIZE (1024) as QueueNumMax
        whatever rx/tx_queue_size are (hw/virtio/virtio-mmio.c), and Linux
        takes the maximum; virtio-pci offers the property's 256."""
        return 1024 if self.mmio else 256

    def irq_mode(self, cpus=2):
        if self.mmio:
            return "mmio-line"
        if self.vectors == 0:
            return "intx"
        # Linux wants a vector per virtqueue with a callback plus config
        return "msix-per-queue" if self.vectors >= 2 * self.max_pairs + 1 else "msix-shared"


def expect_mmio(r, dev, nic):
    """A virtio-net-device on QEMU's virtio-mmio: the transport object."""
    t = dev["transport"]
    name = dev["ifname"]
    r.eq(f"{name} transport.type", t["type"], "mmio")
    r.eq(f"{name} bus", dev["bus"], "mmio")
    r.eq(f"{name} no pci object", "pci" in dev, False)
    r.true(f"{name} transport.name is an ACPI virtio-mmio device: {t['name']}",
           t["name"].startswith("LNRO0005:"))
    r.eq(f"{name} transport.version", t["version"], 2 if nic.mmio_modern else 1)
    r.eq(f"{name} transport.vendor_id", t["vendor_id"], MMIO_VENDOR)
    r.eq(f"{name} transport.size", t["size"], MMIO_WINDOW)
    r.true(f"{name} transport.irq known", t["irq"] is not None)
    r.eq(f"{name} interrupts.shared_irq is the transport's line",
         dev["interrupts"]["shared_irq"], t["irq"])


def expect_from_qemu(r, dev, nic, cpus=2):
    """What the QEMU configuration of @nic implies for vnetctl's view @dev."""
    if nic.mmio:
        expect_mmio(r, dev, nic)
    else:
        expect_pci(r, dev, nic)
    expect_virtio(r, dev, nic, cpus)


def expect_pci(r, dev, nic):
    pci = dev["pci"]
    mode = nic.mode
    r.eq(f"{dev['ifname']} transport", dev["transport"], {"type": "pci", "slot": pci["slot"]})
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


def expect_virtio(r, dev, nic, cpus):
    mode = nic.mode
    neg = set(dev["features"]["negotiated"])
    for feat, want in nic.features().items():
        r.eq(f"{dev['ifname']} feature {feat}", feat in neg, want)

    r.eq(f"{dev['ifname']} channels.max_combined", dev["channels"]["max_combined"], nic.max_pairs)
    r.eq(f"{dev['ifname']} channels.combined", dev["channels"]["combined"],
         nic.combined or min(nic.max_pairs, cpus))
    for k in ("rx", "tx", "rx_max", "tx_max"):
        r.eq(f"{dev['ifname']} rings.{k}", dev["rings"][k], nic.ring_max)
    mtu = nic.host_mtu
    r.eq(f"{dev['ifname']} mtu.current", dev["mtu"]["current"], mtu or 1500)
    r.eq(f"{dev['ifname']} mtu.min", dev["mtu"]["min"], 68)
    r.eq(f"{dev['ifname']} mtu.max", dev["mtu"]["max"], mtu or 65535)
    r.eq(f"{dev['ifname']} interrupts.mode", dev["interrupts"]["mode"], nic.irq_mode())
    vq = 2 * nic.max_pairs + 1
    want_vec = {"intx": 0, "mmio-line": 0, "msix-shared": 2, "msix-per-queue": vq}[nic.irq_mode()]
    r.eq(f"{dev['ifname']} interrupts.vectors_used", dev["interrupts"]["vectors_used"], want_vec)
    if "speed" in nic.props and mode != "legacy":
        r.eq(f"{dev['ifname']} link.speed_mbps", dev["link"]["speed_mbps"], int(nic.props["speed"]))
    else:
        r.eq(f"{dev['ifname']} link.speed_mbps", dev["link"]["speed_mbps"], None)
    if "duplex" in nic.props and mode != "legacy":
        r.eq(f"{dev['ifname']} link.duplex", dev["link"]["duplex"], nic.props["duplex"])
    r.eq(f"{dev['ifname']} link.carrier", dev["link"]["carrier"], True)
    r.eq(f"{dev['ifname']} queues", len(dev["queues"]), nic.max_pairs)


def effective_properties(nic, index, defaults_only=False):
    """The value QEMU 7.2 actually used for each property of NIC @index:
    what the scenario set, else QEMU's default (hw/net/virtio-net.c,
    hw/virtio/virtio-pci.c).  The truth "vnetctl explain" is held to."""
    eff = {p: "on" for p in QEMU_DEFAULT_ON}
    eff.update({p: "off" for p in QEMU_DEFAULT_OFF})
    eff.update({"gso": "on", "any_layout": "on", "notify_on_empty": "on",
                "ctrl_rx_extra": "on", "guest_rsc_ext": "off",
                "disable-modern": "off", "disable-legacy": "off", "page-per-vq": "off",
                "modern-pio-notify": "off", "multifunction": "off",
                # QEMU's first free slot: 2 on i440FX, 0, the only one, on a PCIe port
                "addr": "0x0" if nic.pcie_port else f"0x{2 + index:x}",
                "bus": "pcie.0" if nic.machine == "q35" else "pci.0",
                "mac": Nic.mac(index), "queues": str(nic.queues),
                "host_mtu": "0", "speed": "-1", "duplex": "", "rx_queue_size": "256",
                "tx_queue_size": "256", "vhost": "on" if nic.vhost else "off",
                "type": {"stalled": "socket"}.get(nic.backend, nic.backend)})
    eff["vectors"] = str(2 * max(nic.queues, 1) + 2)
    if nic.mmio:
        for k in PCI_ONLY:
            eff.pop(k, None)
        eff["force-legacy"] = "on"
        if not defaults_only:
            eff.update(nic.props)
            eff["force-legacy"] = "off" if nic.mmio_modern else "on"
        return eff
    if not defaults_only:
        eff.update(nic.props)
        eff["vectors"] = str(nic.vectors)
        # what realize resolved: the mode of the fixed-mode types, auto on a PCIe port
        eff["disable-legacy"] = "on" if nic.mode == "modern" else "off"
        # QEMU writes function 0 without its function number
        eff["addr"] = eff["addr"][:-len(".0x0")] if eff["addr"].endswith(".0x0") else eff["addr"]
    return eff


def expect_explain(r, ex, nic, index):
    """Every property explain calls certain is exactly what QEMU used, every
    inferred one too (inferred may be unproven, never wrong), the host-only
    ones stay unknown, and the command line carries what the guest can see."""
    name = ex["device"]
    eff = effective_properties(nic, index)
    default = effective_properties(nic, index, defaults_only=True)
    for p in ex["properties"]:
        what = f"{name} explain {p['name']} ({p['certainty']})"
        if p["certainty"] == "unknown":
            r.eq(f"{what} has no value", p["value"], None)
            continue
        r.true(f"{what}: the harness knows QEMU's value", p["name"] in eff)
        if p["name"] in eff:
            r.eq(what, p["value"], eff[p["name"]])
        # a property called default may be left off the command line: it
        # must really be QEMU's default (the converse is only verbose)
        if p["default"]:
            r.eq(f"{what} called QEMU's default", p["value"], default.get(p["name"]))
    for host_only in ("vhost", "type"):
        r.true(f"{name} explain lists {host_only} as unknown", any(
            p["name"] == host_only and p["certainty"] == "unknown" for p in ex["properties"]))
    # "-device ...[ -global virtio-mmio.force-legacy=off]"
    line, *globs = ex["command_line"]["device"].split(" -global ")
    device = line.split(",")
    r.eq(f"{name} explain command line model", device[0],
         "-device virtio-net-device" if nic.mmio else "-device virtio-net-pci")
    opts = dict(o.split("=", 1) for o in device[1:] if "=" in o)
    if nic.mmio:
        r.eq(f"{name} explain -global", globs,
             ["virtio-mmio.force-legacy=off"] if nic.mmio_modern else [])
        for k in PCI_ONLY:
            r.true(f"{name} explain: no PCI-only {k} on virtio-mmio",
                   k not in opts and not any(p["name"] == k for p in ex["properties"]))
    else:
        r.eq(f"{name} explain: no -global on PCI", globs, [])
    for k, v in opts.items():
        # <...>: a placeholder the user fills in (the round trip does)
        if k != "netdev" and not v.startswith("<"):
            r.eq(f"{name} explain -device option {k}", v, eff.get(k))
    # every property the scenario set that the guest can see is on the line
    for k in nic.props:
        certain = [p for p in ex["properties"] if p["name"] == k and p["certainty"] == "certain"]
        if certain:
            r.eq(f"{name} explain -device carries {k}", opts.get(k), eff[k])
    # behind a bridge the bus must be asked for, never left to the root bus
    if "bus" in nic.props:
        r.true(f"{name} explain -device asks for the bus: {opts.get('bus')}",
               opts.get("bus", "").startswith("<"))
    netdev = dict(o.split("=", 1) for o in ex["command_line"]["netdev"].split(",") if "=" in o)
    if nic.max_pairs > 1:
        r.eq(f"{name} explain -netdev queues", netdev.get("queues"), str(nic.queues))
        r.true(f"{name} explain libvirt driver queues",
               f"<driver queues='{nic.queues}'" in ex["libvirt"])
    if nic.host_mtu:
        r.true(f"{name} explain libvirt mtu", f"<mtu size='{nic.host_mtu}'/>" in ex["libvirt"])
    r.true(f"{name} explain libvirt mac", f"<mac address='{eff['mac']}'/>" in ex["libvirt"])
    r.true(f"{name} explain libvirt: no empty attribute", "=''" not in ex["libvirt"])
    if nic.mmio:
        r.true(f"{name} explain libvirt virtio-mmio address",
               "<address type='virtio-mmio'/>" in ex["libvirt"])


def expect_qmp_explain(r, ex, nic, index):
    """explain --qmp: every property certain and equal to what QEMU used."""
    eff = effective_properties(nic, index)
    eff["netdev"] = f"n{index}"
    default = effective_properties(nic, index, defaults_only=True)
    name = f"qmp {ex['device']}"
    r.eq(f"{name} source", ex["source"], "qmp")
    r.eq(f"{name} model", ex["model"], nic.model)
    r.true(f"{name} -device line names the model",
           ex["command_line"]["device"].startswith(f"-device {nic.model},"))
    for p in ex["properties"]:
        what = f"{name} {p['name']}"
        r.eq(f"{what} certainty", p["certainty"], "certain")
        r.true(f"{what}: the harness knows QEMU's value", p["name"] in eff)
        if p["name"] in eff:
            r.eq(what, p["value"], eff[p["name"]])
        if p["default"]:
            r.eq(f"{what} called QEMU's default", p["value"], default.get(p["name"]))
    r.eq(f"{name} -netdev line", ex["command_line"]["netdev"],
         f"-netdev {eff['type']},id=n{index}" + (f",queues={nic.queues}" if nic.queues > 1 else ""))


# ---- the round trip: explain's lines recreate the device ------------------------

# What explain leaves for the user to fill in, as it prints it, and what the
# harness fills in from the original QEMU (its QOM): the netdev's id and
# type, and the id of the bus behind a bridge or root port.
PLACEHOLDERS = {"<id>": "netdev", "<type>": "type", "<root port>": "bus", "<bridge>": "bus",
                "<bus>": "bus"}
# The fixed-mode types have no disable-* properties: their instance_init
# sets the mode (hw/virtio/virtio-pci.c), so that is their value.
FIXED_MODE = {"virtio-net-pci-transitional": {"disable-legacy": "off", "disable-modern": "off"},
              "virtio-net-pci-non-transitional": {"disable-legacy": "on",
                                                  "disable-modern": "off"}}


def _netdevs(network):
    """"info network" -> {netdev id: (type, number of queues)}."""
    out = {}
    for m in re.finditer(r"^[\s\\]*(\S+): index=\d+,type=(\w+)", network, re.M):
        if m.group(2) != "nic":
            t, n = out.get(m.group(1), (m.group(2), 0))
            out[m.group(1)] = (t, n + 1)
    return out


def _by_mac(snapshot, mac):
    return [d for d in snapshot["devices"] if d["props"].get("mac") == mac]


def _mac(ex):
    return next((p["value"] for p in ex["properties"] if p["name"] == "mac"), None)


def roundtrip_lines(explanations, original):
    """The -netdev/-device lines explain printed for every NIC, as QEMU
    arguments, with the placeholders filled from the original, plus the
    host-local options a tap or socket backend needs to exist at all
    (ifname, script; listen), which are no device property.  Returns
    (args, problems)."""
    args, problems = [], []
    nets = _netdevs(original["network"])
    for i, ex in enumerate(explanations):
        orig = _by_mac(original, _mac(ex))
        if len(orig) != 1:
            problems.append(f"{ex['device']}: no single original device with MAC {_mac(ex)}")
            continue
        props = orig[0]["props"]
        fill = {"netdev": props.get("netdev", ""), "bus": props["parent_bus"].rsplit("/", 1)[-1]}
        fill["type"] = nets.get(fill["netdev"], ("", 0))[0]
        lines = [ex["command_line"]["netdev"], ex["command_line"]["device"]]
        if "virtio-mmio-bus" in fill["bus"]:
            fill["bus"] = ""	# explain names no bus on virtio-mmio
        for k, what in PLACEHOLDERS.items():
            lines = [line.replace(k, fill[what]) for line in lines]
        if fill["type"] == "tap":
            lines[0] += f",ifname=rt{i},script=no,downscript=no"
        elif fill["type"] == "socket":
            lines[0] += f",listen=127.0.0.1:{7200 + i}"
        if os.environ.get("VNET_VM_SABOTAGE") == "roundtrip":
            # drop a property: the round trip must notice
            lines[1] = re.sub(r",mq=on\b", "", lines[1])
        for line in lines:
            if "<" in line:
                problems.append(f"{ex['device']}: a placeholder the harness cannot fill: {line}")
            # an option and its value, then any more ("-device ... -global ...")
            args += shlex.split(line)
    return args, problems


def _qom(dev, name):
    if name == "bus":
        return dev["props"]["parent_bus"]
    if name not in dev["props"]:
        return FIXED_MODE.get(dev["type"], {}).get(name)
    return dev["props"][name]


def expect_roundtrip(r, variant, explanations, original, replayed):
    """The second QEMU, given explain's lines (@variant "guest" or "qmp"),
    accepted them and made devices whose QOM properties equal the
    original's for everything explain called certain or inferred."""
    what = f"round trip ({variant})"
    if "snapshot" not in replayed:
        r.true(f"{what}: QEMU accepts explain's lines {' '.join(replayed.get('args', [])[-8:])}: "
               f"{replayed.get('output', '') or replayed.get('error', '')}", False)
        return
    snap = replayed["snapshot"]
    r.eq(f"{what}: machine type", snap["machine"], original["machine"])
    r.eq(f"{what}: virtio-net devices", len(snap["devices"]), len(original["devices"]))
    nets = {"original": _netdevs(original["network"]), "replayed": _netdevs(snap["network"])}
    for ex in explanations:
        mac = _mac(ex)
        o, n = _by_mac(original, mac), _by_mac(snap, mac)
        r.true(f"{what}: one device with MAC {mac} in each QEMU", len(o) == len(n) == 1)
        if len(o) != 1 or len(n) != 1:
            continue
        o, n = o[0], n[0]
        if variant == "qmp":
            r.eq(f"{what} {mac}: QOM type", n["type"], o["type"])
        for p in ex["properties"]:
            if p["certainty"] not in ("certain", "inferred"):
                continue
            if p["scope"] == "netdev":
                # vhost starts with the guest's driver, which a paused QEMU never runs
                if p["name"] in ("queues", "type"):
                    k = 0 if p["name"] == "type" else 1
                    r.eq(f"{what} {mac}: netdev {p['name']}",
                         nets["replayed"].get(n["props"].get("netdev"), (None, None))[k],
                         nets["original"].get(o["props"].get("netdev"), (None, None))[k])
                continue
            want = _qom(o, p["name"])
            r.true(f"{what} {mac}: {p['name']} is a QOM property of the original", want is not None)
            r.eq(f"{what} {mac}: {p['name']} (explain: {p['value']}, {p['certainty']})",
                 _qom(n, p["name"]), want)


class Scenario:
    def __init__(self, name, nics, guest="", host=(), check=None, extra=None, cpus=2,
                 append="", memory=512, about="", timeout=300, machine="pc", platform=(),
                 host_actions=None, bench=False, requires=None):
        self.name = name
        self.nics = nics
        self.machine = machine		# QEMU's -machine
        # other devices the NICs need (a root port), before them on the command line
        self.platform = list(platform)
        for nic in nics:
            nic.machine = machine
        self.guest = guest		# shell run in the guest before collecting
        self.host = list(host)		# shell run in the namespace once the taps exist
        # {"": ids of "vnetctl check" on the final state, STEP: ids at the
        # guest's "check_step STEP"}: every finding id, sorted, all severities
        self.check = check or {}
        self.extra = extra		# function(r) with scenario-specific checks
        self.cpus = cpus
        self.append = append		# kernel command line additions
        self.memory = memory
        self.about = about
        # the boot's limit in seconds: a cap, not a duration
        self.timeout = timeout
        # {NAME: [step...]}: what the host does over QMP when the guest runs
        # "host_action NAME" (vmlib._host_actions; README "Host actions")
        self.host_actions = host_actions or {}
        # a figure for make bench, not part of the matrix (its fixture is)
        self.bench = bench
        # function() -> None, or why this machine cannot run the scenario: a SKIP line
        self.requires = requires

    def qemu_args(self):
        args = list(self.platform)
        for i, nic in enumerate(self.nics):
            args += nic.qemu_args(i)
        return args

    def taps(self):
        return [f"vtap{i}" for i, n in enumerate(self.nics) if n.backend == "tap"]

    def stalled_ports(self):
        return [Nic.port(i) for i, n in enumerate(self.nics) if n.backend == "stalled"]


# ---- per-queue traffic (issue 4) -----------------------------------------------------

# Host side of the tap, inside the test's own namespace: two documentation
# addresses, so that the guest's two flows differ.
TRAFFIC_HOST = ["ip addr add 2001:db8::1/64 dev vtap0 nodad",
                "ip addr add 2001:db8::2/64 dev vtap0 nodad"]

# Guest: one ping flow per vCPU.  XPS maps CPU n to tx queue n, and the tap
# sends each reply back on the queue its flow came in on, so queue n carries
# both directions of flow n.  Counters are read before and after; oracles are
# read on both sides of each vnetctl run so moving counters stay bracketed.
TRAFFIC_GUEST = r"""
ip addr add 2001:db8::10/64 dev eth0
i=0
until ping6 -c 1 -W 1 2001:db8::1 >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
snap() {
	for s in rx_packets tx_packets rx_bytes tx_bytes; do
		cp /sys/class/net/eth0/statistics/$s $R/$1-$s-a
	done
	/usr/bin/ethtool -S eth0 > $R/$1-ethtool_S-a
	cat /proc/interrupts > $R/$1-interrupts-a
	vnetctl -j stats -q > $R/$1-stats.json
	cat /proc/interrupts > $R/$1-interrupts-b
	/usr/bin/ethtool -S eth0 > $R/$1-ethtool_S-b
	for s in rx_packets tx_packets rx_bytes tx_bytes; do
		cp /sys/class/net/eth0/statistics/$s $R/$1-$s-b
	done
}
snap before
# -w is a deadline, not a duration: generous for a loaded host
taskset -c 0 ping6 -q -A -c 200 -w 90 -s 400 2001:db8::1 > $R/ping0 2>&1
taskset -c 1 ping6 -q -A -c 200 -w 90 -s 400 2001:db8::2 > $R/ping1 2>&1
snap after
# rates while CPU 0 pings at a steady pace: the flow outlasts the sampler
# however slowly either starts
taskset -c 0 ping6 -q -i 0.02 -w 90 2001:db8::1 > /dev/null 2>&1 &
p=$!
sleep 0.3
vnetctl -j stats -q -i 0.5 -c 3 > $R/rates.jsonl
# the host's check over QMP while the flow runs (QMP_CHECK_ACTION): the
# host cannot answer, so give it time; the flow outlasts it
host_action qmpcheck
sleep 25
kill $p
wait
# the queue count changing under a running sampler, each change made only
# once the sampler has printed a line from before it, and the sampler
# stopped (SIGTERM: a clean exit) once it has printed one from after the last
lines() { # (the file exists before the sampler starts: see below)
	wc -l < $R/requeue.jsonl
}
await_line() { # N: until the sampler has printed N lines (at most 60 s)
	i=0
	while [ "$(lines)" -lt "$1" ] && [ $i -lt 600 ]; do usleep 100000; i=$((i + 1)); done
}
: > $R/requeue.jsonl
vnetctl -j stats -q -i 0.5 -c 1000 >> $R/requeue.jsonl &
s=$!
await_line 1
/usr/bin/ethtool -L eth0 combined 1
# a line sampled wholly after the change: the second one printed after it
await_line $(($(lines) + 2))
/usr/bin/ethtool -L eth0 combined 4
await_line $(($(lines) + 2))
kill -TERM $s
wait $s
echo $? > $R/requeue.rc
"""

PINGS = 200


def _snap(r, when, side):
    o = {"ethtool_S": r.text(f"{when}-ethtool_S-{side}"),
         "interrupts": r.text(f"{when}-interrupts-{side}")}
    for d in ("rx", "tx"):
        for m in ("packets", "bytes"):
            o[f"{d}_{m}"] = int(r.text(f"{when}-{d}_{m}-{side}"))
    return o


def _jsonl(r, name):
    return [json.loads(line) for line in r.text(name).splitlines() if line.strip()]


def traffic_checks(r):
    """Counters of a 4-queue device under known traffic (see TRAFFIC_GUEST)."""
    for n in (0, 1):
        r.true(f"ping flow {n}: all {PINGS} replies came back",
               f"{PINGS} packets received" in r.text(f"ping{n}"))
    snaps = {}
    for when in ("before", "after"):
        st = json.loads(r.text(f"{when}-stats.json"))
        r.eq(f"stats {when}: one device", len(st), 1)
        st = st[0]
        snaps[when] = st
        r.eq(f"stats {when}: queues listed", [q["index"] for q in st["queues"]], [0, 1])
        for e in oracle.compare_stats(st, _snap(r, when, "a"), _snap(r, when, "b")):
            r.failures.append(f"stats {when}: {e}")
        r.checks += oracle.compare_stats.count
        src = st["sources"]
        # where packets/bytes live differs by kernel generation (issue 4)
        want = "ethtool" if r.kernel == "6.1" else "qstats"
        r.eq(f"stats {when}: rx.packets source on {r.kernel}", src["rx"]["packets"], want)
        r.eq(f"stats {when}: tx.bytes source on {r.kernel}", src["tx"]["bytes"], want)
    # XPS sends what CPU n transmits on tx queue n: flow n's requests are there
    b, a = snaps["before"]["queues"], snaps["after"]["queues"]
    for n in (0, 1):
        # its own flow, and not the other one; neighbour discovery adds a
        # number of packets that grows with how long the pings took
        sent = a[n]["tx"]["packets"] - b[n]["tx"]["packets"]
        r.true(f"tx queue {n} carried flow {n}: {sent} packets, want {PINGS}..{2 * PINGS - 1}",
               PINGS <= sent < 2 * PINGS)
        rb = a[n]["tx"]["bytes"] - b[n]["tx"]["bytes"]
        r.true(f"tx queue {n} bytes: {rb}, want more than {PINGS} * 400 data bytes",
               rb > PINGS * 400)
    # replies follow the flow's queue in the tap (automq), all but a few
    got = [a[n]["rx"]["packets"] - b[n]["rx"]["packets"] for n in (0, 1)]
    r.true(f"rx packets per queue {got}: each queue carried its flow's replies",
           all(g >= PINGS * 0.9 for g in got) and sum(got) >= 2 * PINGS)

    # rates: 20 packets/s from CPU 0 while a 3-sample sampler runs
    lines = _jsonl(r, "rates.jsonl")
    r.eq("rates: lines", len(lines), 3)
    tx_total = tx_q0 = 0.0
    # the sampler keeps absolute deadlines: one late sample makes the next
    # interval shorter, but three intervals span at least 3 * 0.5 s
    span = sum(line[0]["interval"] for line in lines)
    r.true(f"rates: the intervals span {span:.3f} s, at least the 1.5 s asked", span >= 1.49)
    for i, line in enumerate(lines):
        line = line[0]
        r.eq(f"rates line {i}: kind", line["kind"], "rates")
        r.true(f"rates line {i}: measured interval {line['interval']} is positive",
               line["interval"] > 0)
        for q in line["queues"]:
            for d in ("rx", "tx"):
                for m, v in q[d].items():
                    if v is None:
                        continue
                    delta = v * line["interval"]
                    r.true(f"rates line {i} queue {q['index']} {d}.{m}: {v}/s * interval is a "
                           f"whole non-negative count", v >= 0 and abs(delta - round(delta)) < 1e-3)
        tx_total += line["total"]["tx"]["packets"] * line["interval"]
        tx_q0 += line["queues"][0]["tx"]["packets"] * line["interval"]
    # 50 packets/s over at least 1.5 s: 75, or 10 on a guest seven times slower
    r.true(f"rates: {tx_total:.0f} packets sent during sampling, want at least 10", tx_total >= 10)
    r.true(f"rates: queue 0 carried {tx_q0:.0f} of {tx_total:.0f}", tx_q0 >= 0.9 * tx_total)

    # ethtool -L 1 then 4 under a running sampler
    r.eq("requeue: vnetctl exit status (stopped by SIGTERM)", int(r.text("requeue.rc")), 0)
    lines = [line[0] for line in _jsonl(r, "requeue.jsonl")]
    # one before, two after each change (TRAFFIC_GUEST): at least five
    r.true(f"requeue: {len(lines)} lines, want at least 5", len(lines) >= 5)
    counts = [len(line["queues"]) for line in lines]
    r.true(f"requeue: queue counts {counts} go 2 -> 1 -> 4", counts[0] == 2 and 1 in counts
           and counts[-1] == 4 and counts.index(4) > counts.index(1))
    grown = counts.index(4)
    for q in lines[grown]["queues"]:
        was = q["index"] < counts[grown - 1]
        r.eq(f"requeue: queue {q['index']} flagged new when it appears", q["new"], not was)
        if not was:
            r.eq(f"requeue: no rate for new queue {q['index']}", q["rx"]["packets"], None)
    for line in lines[grown + 1:]:
        r.true("requeue: queues settled after growth", not any(q["new"] for q in line["queues"]))


# ---- misconfigurations made in the guest (issue 5) ----------------------------------

# Each step breaks one thing on a healthy 4-queue device, records what
# "vnetctl check" says (check_step), and repairs it, so the final state must
# be clean again: every rule is seen both firing and not firing.
TUNED_GUEST = r"""
v=$(basename $(readlink /sys/class/net/eth0/device))
ethtool=/usr/bin/ethtool
$ethtool -L eth0 combined 1
check_step onequeue
$ethtool -L eth0 combined 2
$ethtool -G eth0 rx 128 tx 128
check_step rings
$ethtool -G eth0 rx 256 tx 256
$ethtool -K eth0 tso off gro off
check_step offloads
$ethtool -K eth0 tso on gro on
ip link set eth0 mtu 9000
check_step mtu
ip link set eth0 mtu 1500
ip link set eth0 down
check_step down
ip link set eth0 up
irqs=$(grep -E " $v-(input|output)\.[0-9]+\$" /proc/interrupts | cut -d: -f1)
# the queues in use (combined 2): the ones whose IRQs fire
busy=$(grep -E " $v-(input|output)\.[01]\$" /proc/interrupts | cut -d: -f1)
for i in $busy; do cat /proc/irq/$i/effective_affinity_list > /tmp/eff-$i; done
for i in $irqs; do cat /proc/irq/$i/smp_affinity > /tmp/aff-$i; echo 1 > /proc/irq/$i/smp_affinity; done
# an MSI moves when it next fires: a flow per queue makes every queue IRQ fire
ip addr add 2001:db8::10/64 dev eth0
fire() {
	taskset -c 0 ping6 -q -A -c 3 -w 10 2001:db8::1 > /dev/null 2>&1
	taskset -c 1 ping6 -q -A -c 3 -w 10 2001:db8::2 > /dev/null 2>&1
}
settled() { # true when each busy IRQ's effective affinity is /tmp/$1-IRQ's
	for i in $busy; do
		[ "$(cat /proc/irq/$i/effective_affinity_list)" = "$(cat /tmp/$1-$i)" ] || return 1
	done
}
settle() { # PREFIX: fire the queues until the busy IRQs moved (at most 10 rounds)
	n=0
	fire
	while ! settled $1 && [ $n -lt 10 ]; do fire; n=$((n + 1)); done
	for i in $busy; do echo "$i $(cat /proc/irq/$i/effective_affinity_list)"; done > $R/settle-$1
}
for i in $busy; do echo 0 > /tmp/cpu0-$i; done
settle cpu0
check_step onecpu
for i in $irqs; do cat /tmp/aff-$i > /proc/irq/$i/smp_affinity; done
settle eff
x=/sys/class/net/eth0/queues
cp $x/tx-0/xps_cpus /tmp/xps0
cp $x/tx-1/xps_cpus /tmp/xps1
echo 2 > $x/tx-0/xps_cpus
echo 1 > $x/tx-1/xps_cpus
check_step xps
cat /tmp/xps0 > $x/tx-0/xps_cpus
cat /tmp/xps1 > $x/tx-1/xps_cpus
st=$(/virtio-status.sh eth0)
/virtio-status.sh eth0 $(printf %x $((0x$st | 0x80)))
check_step failed
/virtio-status.sh eth0 $st
cat /sys/bus/virtio/devices/$v/status > $R/status-restored
echo $v > /sys/bus/virtio/drivers/virtio_net/unbind
check_step unbound
echo $v > /sys/bus/virtio/drivers/virtio_net/bind
i=0
while [ ! -d /sys/class/net/eth0 ] && [ $i -lt 600 ]; do usleep 100000; i=$((i + 1)); done
ip link set eth0 up
"""

MTU_GUEST = """
ip link set eth0 mtu 1500
check_step lowmtu
ip link set eth0 mtu 9000
"""

# Receive drops: the host sends 50 frames a second to the guest; an XDP
# program that drops everything makes virtio_net count them as queue drops.
# Before and after it, the same traffic must not trip the rule (the stack's
# own drops of an unknown EtherType are not the driver's).
DROPS_HOST = [f"{sys.executable} {os.path.join(HERE, 'vmlib.py')} send-frames vtap0 "
              f"{Nic.mac(0)} 50 > /dev/null 2>&1 &"]
DROPS_GUEST = """
check_step before --sample 2
xdp-drop eth0 on
check_step dropping --sample 2
xdp-drop eth0 off
check_step after --sample 2
"""


def drops_checks(r):
    f = [x for x in r.json("check-dropping.json")["findings"] if x["id"] == "rx-drops-growing"]
    r.eq("rx-drops-growing findings while dropping", len(f), 1)
    if f:
        # how many of the host's 50 frames/s reach the guest in the window
        # depends on how fast both run: assert what holds at any speed
        ev = f[0]["evidence"]
        rate, window = ev["drops_per_second"], ev["window_seconds"]
        r.true(f"drops per second {rate} is positive", rate > 0)
        r.eq("drops are on queue 0", list(ev["per_queue"]), ["0"])
        r.eq("queue 0's rate is the device's (one queue)", ev["per_queue"].get("0"), rate)
        dropped = rate * window
        r.true(f"{rate}/s over {window} s is a whole number of drops",
               abs(dropped - round(dropped)) < 1e-3)
        r.true(f"sample window {window} s at least the 2 s asked", window >= 1.99)
        r.true(f"XDP named as the dropper: {f[0]['remedy']['guest']}",
               "XDP" in (f[0]["remedy"]["guest"] or ""))
    r.eq("check --sample reports its window", r.json("check-dropping.json")["sample_seconds"], 2.0)


# Transmit until the stalled backend stops the ring, then past the driver's
# 5 s watchdog.  The static neighbour keeps it all on this link; the packets
# end in the test's unread socket.
STALL_GUEST = """
check_step before
ip addr add 2001:db8::10/64 dev eth0
/usr/bin/ip -6 neigh add 2001:db8::99 lladdr 52:54:00:00:00:99 dev eth0 nud permanent
for n in 1 2 3; do ping6 -q -i 0.002 -s 1400 2001:db8::99 > /dev/null 2>&1 & done
i=0
while [ "$(cat /sys/class/net/eth0/queues/tx-0/tx_timeout)" = 0 ] && [ $i -lt 90 ]; do
	sleep 1
	i=$((i + 1))
	echo "stall: $i s, $(cat /sys/class/net/eth0/statistics/tx_packets) packets"
done
kill %1 %2 %3 2>/dev/null
cat /sys/class/net/eth0/queues/tx-0/tx_timeout > $R/tx_timeout
"""


# ---- the host's view over QMP (issue 17) --------------------------------------------

def _queue_status(queue):
    return {"qmp": "x-query-virtio-queue-status",
            "args": {"path": {"virtio_mac": Nic.mac(0)}, "queue": queue}}


# The first NIC's tx0 (virtqueue 1) as QEMU sees it just before and just after
# the host's "vnetctl --qmp check -s 2": whether it moved across the check's
# window is the oracle of what the check must say.  Under valgrind (exit 99
# on a memory error): the QMP backend against a real QEMU.
QMP_CHECK_ACTION = [_queue_status(1),
                    {"vnetctl": ["check", "-s", "2"], "out": "qmp-check.json", "valgrind": True},
                    {"vnetctl": ["stats", "-i", "0.5", "-c", "3"], "out": "qmp-stats.jsonl"},
                    _queue_status(1)]


def _qmp_check_window(r):
    """(tx0 before, tx0 after, the check's document, its exit status) of the
    host action qmpcheck."""
    act = [a for a in r.host_actions if a["action"] == "qmpcheck"]
    n = len(QMP_CHECK_ACTION)
    r.true("the host ran its QMP check", len(act) == 1 and len(act[0]["steps"]) == n)
    if len(act) != 1 or len(act[0]["steps"]) != n:
        return None
    before, run, after = act[0]["steps"][0], act[0]["steps"][1], act[0]["steps"][-1]
    wd = os.path.dirname(r.root)
    with open(os.path.join(wd, "qmp-check.json.err")) as f:
        r.eq("check --qmp stderr", f.read(), "")
    with open(os.path.join(wd, "qmp-check.json")) as f:
        doc = json.load(f)
    return before["return"], after["return"], doc, run["rc"]


def _severity_rc(r, doc, rc):
    bad = any(f["severity"] in ("warning", "error") for f in doc["findings"])
    r.eq("check --qmp exit status follows the worst severity", rc, 3 if bad else 0)


def _qmp_tx_rates(r, before, after):
    """tx0's used-index rates of the host's "stats -i 0.5 -c 3" (in the check's
    window): each line, and their sum is no more than what QEMU moved across
    the whole window."""
    moved = (after["used-idx"] - before["used-idx"]) % 65536
    rates = []
    with open(os.path.join(os.path.dirname(r.root), "qmp-stats.jsonl")) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    r.eq("stats --qmp -i 0.5 -c 3: lines", len(lines), 3)
    for line in lines:
        dev = [d for d in line if d.get("device") == "device[0]"]
        q = [q for q in (dev[0].get("host_queues") or []) if q["index"] == 1] if dev else []
        r.true(f"stats --qmp: device[0] tx0 in each line: {line!r:.200}", len(q) == 1)
        if q:
            rates.append((q[0]["used_per_s"], dev[0]["interval"]))
    total = sum(rate * iv for rate, iv in rates if isinstance(rate, (int, float)))
    r.true(f"stats --qmp: tx0 moved {total:.1f} in its lines, QEMU {moved} across the "
           "whole window", total <= moved + 1)
    return [rate for rate, _ in rates]


def qmp_traffic_checks(r):
    """Under a steady flow the tx ring moves: no host-ring-stuck, and the
    host's stats see tx0 move in every interval."""
    got = _qmp_check_window(r)
    if not got:
        return
    before, after, doc, rc = got
    rates = _qmp_tx_rates(r, before, after)
    r.true(f"stats --qmp: tx0 moving in every interval under a 50/s flow: {rates}",
           len(rates) == 3 and all(isinstance(x, (int, float)) and x > 0 for x in rates))
    moved = (after["used-idx"] - before["used-idx"]) % 65536
    r.true(f"tx0 moved across the host's check (used-idx {before['used-idx']} -> "
           f"{after['used-idx']}): the check saw traffic", moved > 0)
    stuck = [f for f in doc["findings"] if f["id"] == "host-ring-stuck"]
    r.eq("host-ring-stuck under traffic", stuck, [])
    _severity_rc(r, doc, rc)


def qmp_stuck_checks(r):
    """The far end never reads: QEMU holds one frame of tx0 (inuse > 0) and
    its used index stands still; the host's check names that queue with
    QEMU's indices, and no other queue."""
    got = _qmp_check_window(r)
    if not got:
        return
    before, after, doc, rc = got
    rates = _qmp_tx_rates(r, before, after)
    r.eq("stats --qmp: tx0 still in every interval", rates, [0] * len(rates))
    r.true(f"the stall the scenario builds: tx0 inuse {before['inuse']}/{after['inuse']}, "
           f"used-idx {before['used-idx']} -> {after['used-idx']}",
           before["inuse"] > 0 and after["inuse"] > 0 and before["used-idx"] == after["used-idx"])
    stuck = [f for f in doc["findings"] if f["id"] == "host-ring-stuck"]
    r.eq("host-ring-stuck findings", len(stuck), 1)
    if stuck:
        f = stuck[0]
        ev = f["evidence"]
        r.eq("host-ring-stuck severity", f["severity"], "error")
        r.eq("host-ring-stuck names the NIC", f["device"], "device[0]")
        r.eq("host-ring-stuck queue", (ev.get("queue"), ev.get("kind")), (1, "tx"))
        r.eq("host-ring-stuck used_idx is QEMU's", ev.get("used_idx"), after["used-idx"])
        r.eq("host-ring-stuck inuse is QEMU's", ev.get("inuse"), after["inuse"])
        # the guest's avail index as QEMU last read it (shadow-avail-idx):
        # the guest may still add a frame between the reads
        lo, hi = before["shadow-avail-idx"], after["shadow-avail-idx"]
        a = ev.get("avail_idx")
        r.true(f"host-ring-stuck avail_idx {a} is QEMU's shadow-avail-idx ({lo}..{hi})",
               isinstance(a, int) and (a - lo) % 65536 <= (hi - lo) % 65536)
        r.true(f"host-ring-stuck summary names the tx queue and its used index: "
               f"{f['summary']!r}",
               "tx" in f["summary"] and str(after["used-idx"]) in f["summary"])
    _severity_rc(r, doc, rc)


def both(*checks):
    """A scenario's extra checks made of several."""
    def run(r):
        for c in checks:
            c(r)
    return run


# the guest asks for QMP_CHECK_ACTION and gives the host time for it
QMP_CHECK_GUEST = """
host_action qmpcheck
sleep 25
"""

# show --guest: the guest's own -j show, sent to the host, joined with QEMU's
# view by MAC; then the same file with a planted disagreement on the first
# NIC (MQ taken out of its negotiated features, its rx ring 128)
SIDE_GUEST = """
vnetctl -j show > /tmp/side.json
send_file side.json /tmp/side.json
host_action side
sleep 20
"""
SIDE_ACTION = [
    {"guest_file": "side.json"},
    {"vnetctl": ["show", "--guest", "{wd}/side.json"], "out": "side-show.json"},
    {"vnetctl": ["show", "--guest", "{wd}/side.json"], "out": "side-show.txt", "text": True},
    {"edit_json": {"src": "side.json", "dst": "side-planted.json",
                   "drop": [[[0, "features", "negotiated"], "MQ"]],
                   "clear_bit": [[[0, "features", "bits"], 22]],
                   "set": [[[0, "rings", "rx"], 128]]}},
    {"vnetctl": ["show", "--guest", "{wd}/side-planted.json"], "out": "side-planted.json.out"},
    {"vnetctl": ["show", "--guest", "{wd}/side-planted.json"], "out": "side-planted.txt",
     "text": True},
]


def side_checks(r):
    """show --guest: both runs succeed; joined by MAC, the true file agrees
    on every fact of both NICs, the planted one is marked on the first NIC's
    features and rx ring, and only there."""
    wd = os.path.dirname(r.root)
    for out in ("side-show.json", "side-show.txt", "side-planted.json.out",
                "side-planted.txt"):
        with open(os.path.join(wd, out + ".rc")) as f:
            r.eq(f"show --guest ({out}) exit status", int(f.read()), 0)
        with open(os.path.join(wd, out + ".err")) as f:
            r.eq(f"show --guest ({out}) stderr", f.read(), "")
    with open(os.path.join(wd, "side.json")) as f:
        guest = {d["link"]["permanent_mac"]: d for d in json.load(f)}
    with open(os.path.join(wd, "qmp-raw.json")) as f:
        raw = {d["mac"]: d for d in json.load(f)}
    first = Nic.mac(0)
    planted_facts = ["features.negotiated", "rings.rx"]
    for name, planted in (("side-show.json", False), ("side-planted.json.out", True)):
        with open(os.path.join(wd, name)) as f:
            joined = json.load(f)
        what = f"show --guest ({'planted' if planted else 'as sent'})"
        r.eq(f"{what}: one object per NIC, all joined", sorted(j.get("mac") for j in joined),
             sorted(guest))
        for j in joined:
            mac = j.get("mac")
            if mac not in guest:
                continue
            g, q = guest[mac], raw[mac]
            w = f"{what} {mac}"
            r.true(f"{w} joined by a guest MAC: {j.get('joined_by')}",
                   j.get("joined_by") in ("permanent_mac", "mac"))
            r.true(f"{w} both sides present", j.get("host") is not None
                   and j.get("guest") is not None)
            facts = {fa["fact"]: fa for fa in j.get("facts", [])}
            want = planted_facts if planted and mac == first else []
            r.eq(f"{w} disagreements", sorted(j.get("disagreements", [])), want)
            for fact in ("mac", "features.negotiated", "status", "channels.max_combined",
                         "rings.rx", "rings.tx"):
                r.eq(f"{w} {fact} compared", (facts.get(fact) or {}).get("agree"),
                     fact not in want)
            # each side's value is that side's own: the guest's file, QEMU's answers
            neg = facts.get("features.negotiated") or {}
            host_names = set(neg.get("host") or [])
            guest_names = set(neg.get("guest") or [])
            r.eq(f"{w} features.negotiated: the guest's side is the file's",
                 sorted(guest_names), sorted(g["features"]["negotiated"])
                 if not (planted and mac == first)
                 else sorted(set(g["features"]["negotiated"]) - {"MQ"}))
            r.eq(f"{w} features.negotiated: only the planted MQ differs",
                 sorted(host_names ^ guest_names), ["MQ"] if planted and mac == first else [])
            rx = facts.get("rings.rx") or {}
            r.eq(f"{w} rings.rx host side is QEMU's rx0", rx.get("host"),
                 q["queues"][0]["vring-num"])
            r.eq(f"{w} rings.rx guest side", rx.get("guest"),
                 128 if planted and mac == first else g["rings"]["rx"])
    true_text = r_text(wd, "side-show.txt")
    planted_text = r_text(wd, "side-planted.txt")
    r.true(f"show --guest text, as sent: nothing marked: {true_text!r}", "!=" not in true_text)
    r.true(f"show --guest text, planted: marked, MQ named as the host's only: {planted_text!r}",
           "!=" in planted_text and re.search(r"host only:.*\bMQ\b", planted_text) is not None)


def r_text(wd, name):
    with open(os.path.join(wd, name), errors="replace") as f:
        return f.read()


def vhost_unusable():
    """Why vhost=on cannot run on this machine, or None: QEMU opens
    /dev/vhost-net (7.2 aborts in net_client_init1 when that fails)."""
    try:
        os.close(os.open("/dev/vhost-net", os.O_RDWR))
        return None
    except OSError as e:
        return (f"/dev/vhost-net: {e.strerror} (the host kernel has no usable vhost-net "
                "driver; vhost=on cannot be tested here)")


def vhost_checks(r):
    """vhost=on: QEMU says vhost started, and so does the host's view, per
    queue too; the host's check has no host-vhost-off."""
    wd = os.path.dirname(r.root)
    with open(os.path.join(wd, "qmp-raw.json")) as f:
        raw = json.load(f)
    with open(os.path.join(wd, "qmp-show.json")) as f:
        host = json.load(f)
    r.eq("QEMU: vhost started", [d["status"]["vhost-started"] for d in raw], [True])
    for h in host:
        hh = h.get("host") or {}
        r.eq(f"{hh.get('name')} vhost_started", hh.get("vhost_started"), True)
        r.true(f"{hh.get('name')} vhost state", hh.get("vhost") is not None)
        for q in hh.get("queues") or []:
            r.true(f"{hh.get('name')} queue {q.get('index')} vhost ring state",
                   q.get("vhost") is not None)
    got = _qmp_check_window(r)
    if got:
        doc = got[2]
        r.eq("host-vhost-off with vhost on",
             [f for f in doc["findings"] if f["id"] == "host-vhost-off"], [])


def stall_checks(r):
    """The watchdog fires at least once on the stalled queue and may fire
    again (every 5 s while the ring stays stopped) before vnetctl check
    runs: at least the count the guest saw, only on queue 0."""
    seen = int(r.text("tx_timeout"))
    r.true(f"the guest's watchdog counted a transmit timeout: {seen}", seen >= 1)
    f = [x for x in r.json("check.json")["findings"] if x["id"] == "tx-timeouts"]
    r.eq("tx-timeouts findings", len(f), 1)
    if f:
        ev = f[0]["evidence"]
        r.eq("tx-timeouts evidence names queue 0 only", sorted(ev["per_queue"]), ["0"])
        got = ev["per_queue"].get("0", 0)
        r.true(f"tx-timeouts on queue 0: {got}, at least the {seen} seen before check ran",
               isinstance(got, int) and got >= max(seen, 1))
        r.eq("tx-timeouts total is queue 0's", ev.get("total"), got)
    guest = {p["name"]: p for p in r.json("explain.json")[0]["properties"]}
    r.true("explain names a backend without virtio-net headers",
           "not tap" in guest["type"]["reason"])


# ---- tuning: vnetctl set and check --fix (issue 11) ----------------------------------

# The guest's own tools are the oracle of every step: after each "vnetctl set"
# the guest snapshots ethtool -l/-g/-k/-c, ip -d -j link, the queue IRQs'
# smp_affinity_list, rps_cpus, xps_cpus and the dynamic debug call sites of the
# virtio modules into $R/o/STEP/.  A step that must change nothing leaves a
# snapshot byte-identical to the one it started from (the previous step's,
# or STEP.before when shell of its own ran in between).
TUNE_PRELUDE = r"""
ethtool=/usr/bin/ethtool
v=$(basename $(readlink /sys/class/net/eth0/device))
snap() { # NAME: the oracles' view of eth0 into $R/o/NAME/
	o=$R/o/$1
	mkdir -p $o
	# virtio_net reports carrier from a work item some time after the link
	# comes up, and linkwatch makes the operstate (IFF_RUNNING: "ip link"
	# prints NO-CARRIER without it) follow later still: an admin-up link is
	# snapshotted once its carrier is on and its operstate up (60 s at
	# most), or a step that changes nothing would see NO-CARRIER turn into
	# LOWER_UP beside it (CI saw both halves on a busy machine: TCG guests on
	# two loaded cores; once LOWER_UP was already there, the operstate DOWN).
	i=0
	while [ $(($(cat /sys/class/net/eth0/flags) & 1)) = 1 ] &&
		{ [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ] ||
		  [ "$(cat /sys/class/net/eth0/operstate 2>/dev/null)" != up ]; } &&
		[ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	$ethtool -l eth0 > $o/ethtool_l 2>&1
	$ethtool -g eth0 > $o/ethtool_g 2>&1
	$ethtool -k eth0 > $o/ethtool_k 2>&1
	$ethtool -c eth0 > $o/ethtool_c 2>&1
	/usr/bin/ip -d -j link show eth0 > $o/ip_link 2>&1
	grep -E " $v-(input|output)\.[0-9]+\$" /proc/interrupts | while read irq rest; do
		echo "${rest##* } $(cat /proc/irq/${irq%:}/smp_affinity_list)"
	done > $o/irqs
	for q in /sys/class/net/eth0/queues/rx-*; do
		echo "${q##*/} $(cat $q/rps_cpus)"
	done > $o/rps
	for q in /sys/class/net/eth0/queues/tx-*; do
		echo "${q##*/} $(cat $q/xps_cpus 2>/dev/null)"
	done > $o/xps
	grep -E '\[(virtio_net|virtio_ring|virtio_pci)\]' /sys/kernel/debug/dynamic_debug/control \
		> $o/ddebug 2>&1
}
vset() { # NAME ARG...: vnetctl -j set ARG..., exit status, then the oracles
	n=$1
	shift
	vnetctl -j set "$@" > $R/set-$n.json 2> $R/set-$n.err
	echo $? > $R/set-$n.rc
	snap $n
}
vset_nobody() { # NAME ARG...: the same as an unprivileged user
	n=$1
	shift
	su nobody -s /bin/sh -c "LD_LIBRARY_PATH=/usr/local/lib vnetctl -j set $*" \
		> $R/set-$n.json 2> $R/set-$n.err
	echo $? > $R/set-$n.rc
	snap $n
}
snap start
"""


class Set:
    """One "vnetctl set" in the guest and what the guest's tools must show
    after it.  @expect: {oracle key: value} (see tune_state); @rc: the exit
    status; @same: nothing may change (snapshot before == after); @err: words
    the message must contain; @before/@after: shell around it."""

    def __init__(self, name, args, expect=None, rc=0, err=(), before="", after="", same=None,
                 nobody=False):
        self.name = name
        self.nobody = nobody
        self.args = args
        self.expect = expect or {}
        self.rc = rc
        self.err = err
        self.before = before
        self.after = after
        self.same = rc != 0 if same is None else same

    def shell(self, last):
        """@last: the snapshot of the state this step starts from, unless
        its own shell before it changes something."""
        out = [self.before] if self.before else []
        self.start = last
        if self.before:
            self.start = f"{self.name}.before"
            out.append(f"snap {self.start}")
        out.append(f"{'vset_nobody' if self.nobody else 'vset'} {self.name} "
                   + " ".join(shlex.quote(a) for a in self.args.split("\0")))
        if self.after:
            # what the shell after it changed is the next step's "before"
            out += [self.after, f"snap {self.name}.after"]
        self.end = f"{self.name}.after" if self.after else self.name
        return "\n".join(out)


def _offs(*names, on):
    return {f"feature:{n}": on for n in names}


TSO = ("tx-tcp-segmentation", "tx-tcp6-segmentation")
# One 4-queue device with host_mtu=9000 (so MTU 9000 is allowed) and
# QEMU 7.2's default queue_reset=on (rings can change).  It starts with 2 of
# 4 queue pairs active (2 vCPUs), rings 256, MTU 9000.
ACTIVE = ("input.0", "output.0", "input.1", "output.1")
TUNE_STEPS = [
    # queues: up to the maximum, down to one (by an alias), back
    Set("queues4", "eth0\0queues=4", {"combined": 4}),
    Set("queues1", "eth0\0combined=1", {"combined": 1}),
    Set("queues2", "eth0\0queues=2", {"combined": 2}),
    # rings (RING_RESET), each direction its own size
    Set("rings", "eth0\0rx-ring=128\0tx-ring=64", {"rx_ring": 128, "tx_ring": 64}),
    Set("rings256", "eth0\0rx-ring=256\0tx-ring=256", {"rx_ring": 256, "tx_ring": 256}),
    # MTU down from host_mtu and back up to it
    Set("mtu1500", "eth0\0mtu=1500", {"mtu": 1500}),
    Set("mtu9000", "eth0\0mtu=9000", {"mtu": 9000}),
    # offloads; sg off takes TSO with it (the kernel's rule), then both back
    Set("tso-off", "eth0\0tso=off", {**_offs(*TSO, on=False), "feature:tx-scatter-gather": True}),
    Set("tso-on", "eth0\0tso=on", _offs(*TSO, on=True)),
    Set("sg-off", "eth0\0sg=off", _offs("tx-scatter-gather", *TSO, on=False)),
    Set("sg-on", "eth0\0sg=on\0tso=on", _offs("tx-scatter-gather", *TSO, on=True)),
    Set("gro-off", "eth0\0gro=off", {"feature:rx-gro": False}),
    Set("gro-on", "eth0\0generic-receive-offload=on", {"feature:rx-gro": True}),
    # coalescing: QEMU 7.2 offers neither NOTF_COAL nor VQ_NOTF_COAL
    Set("rx-usecs", "eth0\0rx-usecs=50", rc=1, err=("NOTF_COAL",)),
    Set("tx-frames", "eth0\0tx-frames=8", rc=1, err=("NOTF_COAL",)),
    Set("adaptive-rx", "eth0\0adaptive-rx=on", rc=1, err=("VQ_NOTF_COAL",)),
    # MAC (CTRL_MAC_ADDR, link up): a locally administered one, NetKVM's
    # 12-digit form, and back
    Set("mac", "eth0\0mac=02:00:00:00:00:01", {"mac": "02:00:00:00:00:01"}),
    Set("mac-netkvm", "eth0\0NetworkAddress=020000000002", {"mac": "02:00:00:00:00:02"}),
    Set("mac-back", "eth0\0mac=52:54:00:12:34:56", {"mac": "52:54:00:12:34:56"}),
    # IRQ placement: every active queue's vectors on CPU 1, then spread
    # (queue pair i on CPU i, XPS aligned); RPS on CPU 1, then off
    Set("irq-cpu1", "eth0\0irq-affinity=1", {f"irq:{q}": frozenset({1}) for q in ACTIVE}),
    Set("irq-spread", "eth0\0irq-affinity=spread",
        {**{f"irq:{q}": frozenset({int(q[-1])}) for q in ACTIVE},
         "xps:tx-0": frozenset({0}), "xps:tx-1": frozenset({1})}),
    Set("rps", "eth0\0rps=1", {"rps:rx-0": frozenset({1}), "rps:rx-1": frozenset({1})}),
    Set("rps-off", "eth0\0rps=off", {"rps:rx-0": frozenset(), "rps:rx-1": frozenset()}),
    # dynamic debug of virtio_net (and virtio_ring, virtio_pci where they
    # have call sites)
    Set("logging-on", "eth0\0logging=on", {"logging:virtio_net": "on", "logging": "on"}),
    Set("logging-off", "eth0\0logging=off", {"logging:virtio_net": "off", "logging": "off"}),
    # NetKVM names
    Set("netkvm-log-on", "eth0\0Logging.Enable=1", {"logging:virtio_net": "on", "logging": "on"}),
    Set("netkvm-log-off", "eth0\0Logging.Level=0", {"logging:virtio_net": "off", "logging": "off"}),
    Set("netkvm-mtu", "eth0\0Init.MTUSize=1500", {"mtu": 1500}),
    Set("netkvm-jumbo", "eth0\0*JumboPacket=9014", {"mtu": 9000}),
    Set("netkvm-buffers", "eth0\0Init.MaxRxBuffers=128\0Init.MaxTxBuffers=64",
        {"rx_ring": 128, "tx_ring": 64}),
    Set("netkvm-buffers-back", "eth0\0Init.MaxRxBuffers=256\0TxCapacity=256",
        {"rx_ring": 256, "tx_ring": 256}),
    Set("netkvm-lso-off", "eth0\0Offload.Tx.LSO=0", _offs(*TSO, on=False)),
    Set("netkvm-lso-on", "eth0\0Offload.Tx.LSO=2", _offs(*TSO, on=True)),
    # a dry run changes nothing
    Set("dry-run", "--dry-run\0eth0\0queues=1\0mtu=1500\0tso=off\0mac=02:00:00:00:00:03",
        same=True),
    # bad input: exit 1, nothing changed, the reason named
    Set("bad-queues9", "eth0\0queues=9", rc=1, err=("queues=9", "1..4")),
    Set("bad-queues0", "eth0\0queues=0", rc=1, err=("queues=0",)),
    Set("bad-mtu", "eth0\0mtu=9001", rc=1, err=("mtu=9001", "68..9000", "host_mtu")),
    Set("bad-jumbo", "eth0\0*JumboPacket=9015", rc=1, err=("9015", "9001", "68..9000")),
    Set("bad-ring", "eth0\0rx-ring=512", rc=1, err=("rx-ring=512", "1..256")),
    Set("bad-mac", "eth0\0mac=01:00:5e:00:00:01", rc=1, err=("multicast",)),
    Set("bad-type", "eth0\0queues=two", rc=1, err=("queues=two",)),
    Set("bad-twice", "eth0\0mtu=1500\0Init.MTUSize=1400", rc=1, err=("twice",)),
    Set("bad-among-good", "eth0\0queues=3\0rx-ring=128\0mtu=9001\0tso=off", rc=1,
        err=("mtu=9001",)),
    Set("bad-netkvm", "eth0\0Init.Do802.1PQ=1", rc=1, err=("Init.Do802.1PQ",)),
    Set("bad-unknown", "eth0\0no-such-setting=1", rc=1, err=("no-such-setting",)),
    # a forced mid-apply failure: virtio_net refuses to change the channels
    # while an XDP program is attached (virtnet_set_channels: -EINVAL when
    # rq[0].xdp_prog); the MAC and the MTU, applied before the queues, must
    # be undone.  XDP without frags wants an MTU below a page: 1500 first.
    Set("xdp-mtu", "eth0\0mtu=1500", {"mtu": 1500},
        after="xdp-drop eth0 on > $R/xdp-on.out 2>&1; echo $? > $R/xdp-on.rc"),
    Set("midfail", "eth0\0mac=02:00:00:00:00:99\0mtu=1400\0queues=1", rc=2,
        # the MAC and the MTU were applied: the failure is mid-apply
        err=("queues failed", "Invalid argument", "rolled back", "2 steps", "restored"),
        after="""$ethtool -L eth0 combined 1 > $R/xdp-ethtool-L.out 2>&1
echo $? > $R/xdp-ethtool-L.rc
xdp-drop eth0 off > $R/xdp-off.out 2>&1; echo $? > $R/xdp-off.rc"""),
    Set("end", "eth0\0mtu=9000", {"mtu": 9000}),
]


def _steps_shell(steps):
    out, last = [], "start"
    for step in steps:
        out.append(step.shell(last))
        last = step.end
    return "\n".join(out) + "\n"


TUNE_GUEST = TUNE_PRELUDE + _steps_shell(TUNE_STEPS)

# What a step may not touch unless it says so (offloads and IRQ placement
# move together with what the kernel derives from them).
TUNE_GROUPS = ("combined", "rx_ring", "tx_ring", "mtu", "mac", "logging", "xdp", "up")
# set's old -> new, held to the guest tools' before and after
TUNE_PRINTED = {"queues": "combined", "rx-ring": "rx_ring", "tx-ring": "tx_ring", "mtu": "mtu",
                "mac": "mac"}
# Off by default (a soft feature) and one of ethtool's "tso" group
# (tx-tcp*-segmentation): "tso on", by ethtool as by vnetctl, turns it on, so
# after tso off/on it differs from the boot state (FIX_GUEST proves ethtool
# does the same)
MANGLEID = "feature:tx-tcp-mangleid-segmentation"


def tune_state(r, name):
    """The guest tools' view after step @name, flattened: combined, rx_ring,
    tx_ring, mtu, mac, xdp, feature:NAME, irq:input.N/output.N (CPU sets),
    rps:rx-N and xps:tx-N (CPU sets), logging:MODULE (on/off/mixed)."""
    d = r.path("o", name)

    def read(f):
        with open(os.path.join(d, f), errors="replace") as fh:
            return fh.read()
    st = {"combined": oracle.parse_channels(read("ethtool_l"))["combined"]}
    rings = oracle.parse_rings(read("ethtool_g"))
    st["rx_ring"], st["tx_ring"] = rings["rx"], rings["tx"]
    link = oracle.parse_ip_link(read("ip_link"))
    st["mtu"], st["mac"], st["xdp"] = link["mtu"], link["address"], "xdp" in link
    st["up"] = "UP" in link["flags"]
    for k, (on, _) in oracle.parse_ethtool_k(read("ethtool_k")).items():
        st[f"feature:{k}"] = on
    for line in read("irqs").splitlines():
        action, cpus = line.split()
        st[f"irq:{action.split('-', 1)[1]}"] = oracle.parse_cpulist(cpus)
    for kind in ("rps", "xps"):
        for line in read(kind).splitlines():
            q, _, mask = line.partition(" ")
            st[f"{kind}:{q}"] = oracle.parse_cpumask(mask) if mask.strip() else None
    every = []
    for mod, flags in oracle.parse_ddebug(read("ddebug")).items():
        st[f"logging:{mod}"] = oracle.ddebug_state(flags)
        every += flags
    # every call site of virtio_net, virtio_ring and virtio_pci
    st["logging"] = oracle.ddebug_state(every) if every else None
    return st


def _identical(r, what, a, b):
    """Snapshots @a and @b byte for byte, file by file."""
    da, db = r.path("o", a), r.path("o", b)
    for f in sorted(os.listdir(da)):
        with open(os.path.join(da, f), "rb") as x, open(os.path.join(db, f), "rb") as y:
            xa, yb = x.read(), y.read()
        if xa == yb:
            r.checks += 1
            continue
        la, lb = xa.decode(errors="replace"), yb.decode(errors="replace")
        at = next((i for i, (p, q) in enumerate(zip(la, lb)) if p != q), min(len(la), len(lb)))
        lo = max(0, at - 40)
        r.true(f"{what}: {f} changed at byte {at}: {la[lo:at + 40]!r} -> {lb[lo:at + 40]!r}",
               False)


def set_checks(r, steps):
    """Each step's exit status, message, and the guest tools' view after it."""
    for s in steps:
        prev = tune_state(r, s.start)
        what = f"set {s.args.replace(chr(0), ' ')}"
        rc = r.rc(f"set-{s.name}")
        err = r.text(f"set-{s.name}.err")
        r.eq(f"{what}: exit status (stderr: {err.strip()!r})", rc, s.rc)
        for word in s.err:
            r.true(f"{what}: the message names {word!r}: {err.strip()!r}", word in err)
        now = tune_state(r, s.name)
        if s.rc == 0:
            doc = r.json(f"set-{s.name}.json")
            r.eq(f"{what}: applied", doc.get("applied"), "--dry-run" not in s.args)
            for c in doc.get("changes", []):
                k = TUNE_PRINTED.get(c["name"])
                if k and not s.same:
                    r.eq(f"{what}: printed old {c['name']}", str(c["old"]).lower(),
                         str(prev[k]).lower())
                    r.eq(f"{what}: printed new {c['name']}", str(c["new"]).lower(),
                         str(now[k]).lower())
        for k, want in s.expect.items():
            r.eq(f"{what}: {k} (guest tools)", now.get(k), want)
        if s.same:
            _identical(r, f"{what} changed nothing", s.start, s.name)
        else:
            for k in TUNE_GROUPS:
                if k not in s.expect:
                    r.eq(f"{what}: {k} untouched", now.get(k), prev.get(k))


def tune_checks(r):
    by_step = {s.name: s for s in TUNE_STEPS}
    start = tune_state(r, "start")
    r.eq("start: 2 of 4 queue pairs active", start["combined"], 2)
    r.eq("start: MTU is host_mtu", start["mtu"], 9000)
    r.true("start: virtio_net has dynamic debug call sites", "logging:virtio_net" in start)
    set_checks(r, TUNE_STEPS)

    # the implied change is shown, and it is what the kernel did
    sg = {c["name"]: c for c in r.json("set-sg-off.json")["changes"]}
    r.true("set sg=off shows tso as an implied change",
           "tso" in sg and sg["tso"]["implied"] and sg["tso"]["new"] == "off")
    # the mid-apply failure really was the kernel refusing channels under XDP
    r.eq("xdp-drop attached", int(r.text("xdp-on.rc")), 0)
    before = tune_state(r, by_step["midfail"].start)
    r.true("midfail: an XDP program was attached before and after", before["xdp"]
           and tune_state(r, "midfail")["xdp"])
    r.true("midfail: ethtool -L under XDP is refused by the kernel too",
           int(r.text("xdp-ethtool-L.rc")) != 0)
    r.eq("xdp-drop detached", int(r.text("xdp-off.rc")), 0)
    # back where it started
    end = tune_state(r, "end")
    for k in ("combined", "rx_ring", "tx_ring", "mtu", "mac", "logging:virtio_net", "xdp"):
        r.eq(f"end: {k} as at the start", end.get(k), start.get(k))
    for k, v in start.items():
        if k.startswith("feature:") and k != MANGLEID:
            r.eq(f"end: {k} as at the start", end.get(k), v)


# A device without what the settings need: one queue pair (no MQ), no
# RING_RESET, no CTRL_MAC_ADDR, no CTRL_GUEST_OFFLOADS (receive offloads
# fixed), no host_mtu (MTU up to 65535).  Each refusal names the reason.
LIMITS_STEPS = [
    Set("queues2", "eth0\0queues=2", rc=1, err=("queues=2", "MQ")),
    Set("queues1", "eth0\0queues=1", same=True),
    Set("ring", "eth0\0rx-ring=128", rc=1, err=("rx-ring=128", "RING_RESET", "queue_reset=on")),
    Set("netkvm-ring", "eth0\0Init.MaxTxBuffers=128", rc=1, err=("RING_RESET",)),
    Set("gro-hw", "eth0\0rx-gro-hw=off", rc=1, err=("rx-gro-hw", "fixed")),
    Set("mac-up", "eth0\0mac=02:00:00:00:00:05", rc=1, err=("CTRL_MAC_ADDR", "link=down")),
    # down, the MAC changes; then back to the old MAC, the link up in the
    # same set (the MAC is written before the link comes up)
    Set("mac-down", "eth0\0link=down\0mac=02:00:00:00:00:05",
        {"mac": "02:00:00:00:00:05", "up": False}),
    Set("mac-up-again", "eth0\0mac=52:54:00:12:34:56\0link=up",
        {"mac": "52:54:00:12:34:56", "up": True}),
    Set("mtu9000", "eth0\0mtu=9000", {"mtu": 9000}),
    Set("mtu-max", "eth0\0mtu=65536", rc=1, err=("mtu=65536", "68..65535")),
    Set("mtu1500", "eth0\0mtu=1500", {"mtu": 1500}),
    # without root: refused before any change
    Set("nobody", "eth0\0mtu=1400\0link=down", rc=2,
        err=("needs root", "nothing was changed"), nobody=True),
]
LIMITS_GUEST = TUNE_PRELUDE + _steps_shell(LIMITS_STEPS)


def limits_checks(r):
    start = tune_state(r, "start")
    r.eq("start: one queue pair", start["combined"], 1)
    r.eq("start: MTU 1500 (no host_mtu)", start["mtu"], 1500)
    set_checks(r, LIMITS_STEPS)
    # "nothing to change" is success and prints no change
    r.eq("set queues=1 on a one-queue device: no change listed",
         [c for c in r.json("set-queues1.json")["changes"] if c["changes"]], [])


# check --fix on the clean 4-queue device (mq4) broken in the guest: first
# only one active queue pair, then rings and offloads too.
FIX_GUEST = TUNE_PRELUDE + r"""
fix() { # NAME: check --fix --dry-run, then check --fix, oracles around both
	snap $1.broken
	vnetctl -j check --fix --dry-run eth0 > $R/fix-$1-dry.json 2> $R/fix-$1-dry.err
	echo $? > $R/fix-$1-dry.rc
	snap $1.dry
	vnetctl -j check --fix eth0 > $R/fix-$1.json 2> $R/fix-$1.err
	echo $? > $R/fix-$1.rc
	snap $1.fixed
}
$ethtool -L eth0 combined 1
check_step onequeue
fix onequeue
check_step onequeue-fixed
$ethtool -L eth0 combined 1
$ethtool -G eth0 rx 128 tx 128
$ethtool -K eth0 tso off gro off
check_step several
fix several
check_step several-fixed
# ethtool's own "tso off", "tso on" (see MANGLEID)
$ethtool -K eth0 tso off
$ethtool -K eth0 tso on
snap ethtool-tso
"""


def fix_checks(r):
    start = tune_state(r, "start")
    for name in ("onequeue", "several"):
        _identical(r, f"check --fix --dry-run ({name}) changed nothing", f"{name}.broken",
                   f"{name}.dry")
        dry = r.json(f"fix-{name}-dry.json")
        r.eq(f"check --fix --dry-run ({name}): applied", dry.get("applied"), False)
        r.eq(f"check --fix --dry-run ({name}): exit status as check's", r.rc(f"fix-{name}-dry"),
             r.rc(f"check-{name}.json"))
        err = r.text(f"fix-{name}.err").strip()
        r.eq(f"check --fix ({name}): exit status (stderr {err!r})", r.rc(f"fix-{name}"), 0)
        r.eq(f"check --fix ({name}): applied", r.json(f"fix-{name}.json").get("applied"), True)
        broken, fixed = tune_state(r, f"{name}.broken"), tune_state(r, f"{name}.fixed")
        r.eq(f"{name}: broken with one queue pair (ethtool -l)", broken["combined"], 1)
        # the guest tools: the clean device's settings again
        for k in ("combined", "rx_ring", "tx_ring", "mtu", "mac"):
            r.eq(f"check --fix ({name}): {k} as on the clean device", fixed.get(k), start.get(k))
        for k, v in start.items():
            if k.startswith("feature:") and k != MANGLEID:
                r.eq(f"check --fix ({name}): {k} as on the clean device", fixed.get(k), v)
        # what is left is the host's part: the findings check still makes
        host = sorted(h["id"] for h in r.json(f"fix-{name}.json")["host"])
        r.eq(f"check --fix ({name}): what remains for the host", host,
             sorted(f["id"] for f in r.json(f"check-{name}-fixed.json")["findings"]))
        # the dry run's plan is the one applied
        plan = [(c["name"], c["new"]) for d in dry["devices"] for c in d["changes"]]
        done = [(c["name"], c["new"]) for d in r.json(f"fix-{name}.json")["devices"]
                for c in d["changes"]]
        r.eq(f"check --fix ({name}): the dry run's plan is the one applied", plan, done)
        r.true(f"check --fix ({name}): the plan sets queues", ("queues", "2") in done)
    # the check ids of each fixed state are the clean scenario's (mq4's):
    # the scenario's table says so ("onequeue-fixed", "several-fixed": CLEAN)
    r.eq("ethtool -K tso off, tso on: mangleid on, as vnetctl's tso=on leaves it",
         tune_state(r, "ethtool-tso").get(MANGLEID), True)


# ---- failover pairs (issue 12) --------------------------------------------------------

# failover=on alone: net_failover makes a master on the same virtio device,
# the virtio_net netdev is its "standby" slave (no VF, so no primary).  The
# guest's own tools tell which is which: ethtool -i names each driver, ip
# the master of each link, sysfs its master/lower_* links.  vnetctl is asked
# under both names.
FAILOVER_GUEST = r"""
ethtool=/usr/bin/ethtool
# the standby's carrier comes up through the master: wait for both (10 s at most)
i=0
while [ $i -lt 100 ]; do
	down=0
	for n in /sys/bus/virtio/devices/*/net/*; do
		[ "$(cat $n/carrier 2>/dev/null)" = 1 ] || down=1
	done
	[ $down = 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
/usr/bin/ip -d -j link > $R/fo-ip_link
mkdir -p $R/fo
for n in /sys/class/net/*; do
	n=${n##*/}
	[ $n = lo ] && continue
	$ethtool -i $n > $R/fo/$n.ethtool_i 2>&1
	readlink /sys/class/net/$n/master > $R/fo/$n.master 2>/dev/null
	ls /sys/class/net/$n | grep '^lower_' > $R/fo/$n.lower
	case "$($ethtool -i $n)" in
	*"driver: net_failover"*) m=$n ;;
	*"driver: virtio_net"*) s=$n ;;
	esac
done
echo $m > $R/fo/master-name
echo $s > $R/fo/standby-name
vnetctl -j show $m > $R/fo/show-master.json 2> $R/fo/show-master.err
echo $? > $R/fo/show-master.rc
vnetctl -j stats $m > $R/fo/stats-master.json 2> $R/fo/stats-master.err
echo $? > $R/fo/stats-master.rc
check_step standby $s
check_step master $m
# MTU and MAC belong to the group: refused on the standby, under either name
for a in "$s mtu=1400" "$m mtu=1400" "$s mac=02:00:00:00:00:07"; do
	n=$(echo $a | tr ' =:' '---')
	vnetctl set $a > $R/fo/set-$n.out 2> $R/fo/set-$n.err
	echo $? > $R/fo/set-$n.rc
done
/usr/bin/ip -d -j link > $R/fo-ip_link-after
"""

# A one-queue transitional device, as "transitional": nothing about the pair
# itself is a misconfiguration, and the master's 16 tx queues are not the
# device's (no msix-table-small for "16 queue pairs", no affinity-xps-mismatch
# from the master's XPS masks).
FAILOVER_CHECK = ["mq-missing", "speed-unknown"]


def failover_checks(r):
    """The standby is the device, the master its group, under either name."""
    links = json.loads(r.text("fo-ip_link"))
    drivers = {}
    for f in os.listdir(r.path("fo")):
        if f.endswith(".ethtool_i"):
            drivers[f[:-len(".ethtool_i")]] = oracle.parse_kv(r.text("fo", f)).get("driver")
    groups = oracle.failover_groups(links, drivers)
    r.eq("the guest has one failover group (ip -d -j link, ethtool -i)", len(groups), 1)
    if len(groups) != 1:
        return
    standby, group = next(iter(groups.items()))
    master = group["master"]
    r.eq("no primary without a VF", group["primary"], None)
    # sysfs says the same as ip
    r.eq(f"sysfs: {standby}/master", os.path.basename(r.text("fo", f"{standby}.master").strip()),
         master)
    r.eq(f"sysfs: {master}'s lower links", r.text("fo", f"{master}.lower").split(),
         [f"lower_{standby}"])
    want = {"master": master, "primary": None}

    show = r.json("show.json")
    r.eq("show: one device (not one per netdev)", len(show), 1)
    dev = show[0]
    r.eq("show: ifname is the standby's", dev["ifname"], standby)
    r.eq("show: driver", dev["driver"], "virtio_net")
    r.eq("show: failover group", dev.get("failover"), want)
    ip = {link["ifname"]: link for link in links}
    r.eq("show: ifindex is the standby's", dev["ifindex"], ip[standby]["ifindex"])
    # ethtool -l/-g on the standby (compare_show checks the values): read, not unavailable
    r.true("show: channels read", dev["channels"] is not None)
    r.true("show: rings read", dev["rings"] is not None)
    r.true("show: coalescing read", dev.get("coalesce") is not None)
    r.eq("show: queues are the standby's, not the master's 16", len(dev["queues"]),
         ip[standby]["num_tx_queues"])
    r.true(f"show text: the group names {master}",
           f"master         {master} (net_failover)" in r.text("show.txt"))

    # the master's name leads to the same device
    r.eq("show MASTER: exit status", r.rc("fo/show-master"), 0)
    by_master = r.json("fo/show-master.json")
    r.eq("show MASTER: one device", len(by_master), 1)
    for k in ("ifname", "ifindex", "virtio", "driver", "failover"):
        r.eq(f"show MASTER: {k} as show's", by_master[0].get(k) if by_master else None, dev.get(k))
    r.eq("stats MASTER: exit status", r.rc("fo/stats-master"), 0)
    st = r.json("fo/stats-master.json")
    r.eq("stats MASTER: the standby's counters", [d["ifname"] for d in st], [standby])

    listed = r.json("list.json")
    r.eq("list: the standby", [d["ifname"] for d in listed], [standby])
    r.eq("list: failover group", listed[0].get("failover") if listed else None, want)
    line = [ln for ln in r.text("list.txt").splitlines() if ln.startswith(standby + " ")]
    r.true(f"list text: {standby}'s line names the group: {line}",
           len(line) == 1 and line[0].endswith(f"failover {master}"))

    for step in ("check.json", "check-standby.json", "check-master.json"):
        named = sorted({f["device"] for f in r.json(step)["findings"]})
        r.eq(f"{step}: findings are about the standby", named, [standby])

    # MTU and MAC are the group's: refused with the master named, nothing changed
    for n in (standby, master):
        for arg in ("mtu=1400", "mac=02:00:00:00:00:07") if n == standby else ("mtu=1400",):
            f = f"fo/set-{n}-{arg.replace('=', '-').replace(':', '-')}"
            err = r.text(f + ".err").strip()
            r.eq(f"set {n} {arg}: refused (exit 1; stderr {err!r})", r.rc(f), 1)
            r.true(f"set {n} {arg}: the message names the master and the failover: {err!r}",
                   master in err and "failover" in err)
    after = {ln["ifname"]: (ln.get("mtu"), ln.get("address"))
             for ln in json.loads(r.text("fo-ip_link-after"))}
    for ln in links:
        r.eq(f"after the refused sets: {ln['ifname']}'s MTU and MAC (ip -d -j link)",
             after.get(ln["ifname"]), (ln.get("mtu"), ln.get("address")))


def mtu60_checks(r):
    """host_mtu=60: what the guest knows is that MTU was not negotiated; with
    the offered bits visible (debugfs device_features, Linux 6.10+) also that
    the device offered it, so host_mtu is set, below 68."""
    dev = r.json("show.json")[0]
    offered = dev["features"].get("offered")
    ex = r.json("explain.json")[0]
    p = next(p for p in ex["properties"] if p["name"] == "host_mtu")
    r.eq("host_mtu=60: explain cannot know the value", p["certainty"], "unknown")
    r.true(f"host_mtu=60: explain names Linux's minimum: {p['reason']}", "68" in p["reason"])
    if offered is not None:
        r.true("host_mtu=60: the device offers MTU", "MTU" in offered)
        r.true(f"host_mtu=60: explain says it is set below 68: {p['reason']}",
               "offered but not negotiated" in p["reason"])
    r.true("host_mtu=60: no host_mtu on explain's line",
           "host_mtu" not in ex["command_line"]["device"])


def _finding(r, fid, device=None, name="check.json"):
    f = [x for x in r.json(name)["findings"]
         if x["id"] == fid and (device is None or x["device"] == device)]
    r.eq(f"one {fid} finding{' on ' + device if device else ''}", len(f), 1)
    return f[0] if f else None


def follows(effect, cause, step=""):
    """An extra check: @effect is information naming @cause, the warning
    that one root cause gives (the scenario makes @cause the root: the table
    too small, the control queue off, every IRQ moved to one CPU), at the
    end or at check_step @step."""
    name = f"check-{step}.json" if step else "check.json"

    def check(r):
        f, c = _finding(r, effect, name=name), _finding(r, cause, name=name)
        if f and c:
            r.eq(f"{effect} is information", f["severity"], "info")
            r.eq(f"{effect} names its cause", f.get("cause"), cause)
            r.eq(f"{cause} keeps its warning", c["severity"], "warning")
            r.eq(f"{cause} has no cause of its own", c.get("cause"), None)
    return check


def _ethtool_k(r, dev):
    return oracle.parse_ethtool_k(r.text("dev", dev, "ethtool_k"))


def _negotiated(r, dev):
    return oracle.decode_features(r.text("dev", dev, "features"))


def mq1queue_checks(r):
    """mq=on with a one-queue tap on 2 vCPUs: the guest's tools show MQ
    negotiated and one queue pair at most; the remedy is the netdev's queues
    (2, the vCPUs) and QEMU's vectors for them (2 * 2 + 2)."""
    r.true("sysfs: MQ negotiated", oracle.FEATURE_BITS["MQ"] in _negotiated(r, "eth0"))
    r.eq("ethtool -l: maximum combined", oracle.parse_channels(
        r.text("dev", "eth0", "ethtool_l"))["max_combined"], 1)
    f = _finding(r, "mq-one-queue-pair")
    if f:
        r.eq("mq-one-queue-pair is a warning", f["severity"], "warning")
        r.eq("evidence: one queue pair", f["evidence"]["max_queue_pairs"], 1)
        r.eq("evidence: 2 vCPUs", f["evidence"]["online_cpus"], 2)
        r.true(f"remedy: netdev queues=2: {f['remedy']['qemu']}",
               "-netdev tap,...,queues=2" in f["remedy"]["qemu"])
        r.true(f"remedy: vectors=6: {f['remedy']['qemu']}", "vectors=6" in f["remedy"]["qemu"])
        r.eq("remedy: libvirt", f["remedy"]["libvirt"], "<driver queues='2'/>")


# what the guest's tools show for them: the transmit offloads CSUM carries
# "off [fixed]" in ethtool -k (TSO too: Linux uses HOST_TSO* only with
# CSUM); GUEST_CSUM changes nothing there (rx-checksumming stays on [fixed]),
# so its oracle is the sysfs feature bit alone
HOST_OFF = ("csum", "guest_csum")
CSUM_FIXED_OFF = ("tx-checksum-ip-generic", "tx-scatter-gather", "tx-tcp-segmentation")


def _host_off_oracles(r, dev, bits):
    k = _ethtool_k(r, dev)
    for feature in CSUM_FIXED_OFF:
        r.eq(f"{dev} ethtool -k {feature} without CSUM", k.get(feature), (False, True))
    neg = _negotiated(r, dev)
    for b in bits:
        r.true(f"{dev} sysfs: {b} not negotiated", oracle.FEATURE_BITS[b] not in neg)


def hostoffloads_checks(r):
    """csum=off,guest_csum=off: the guest's tools show the bits missing and
    the transmit offloads "off [fixed]"; check names the two bits and the
    properties to set on."""
    missing = sorted(PROP_FEATURE[p] for p in HOST_OFF)
    _host_off_oracles(r, "eth0", missing)
    f = _finding(r, "offloads-not-offered")
    if f:
        r.eq("offloads-not-offered is a warning (checksums)", f["severity"], "warning")
        r.eq("evidence: the bits not offered", sorted(f["evidence"]["missing"]), missing)
        r.eq("evidence: a backend with headers", f["evidence"]["backend_without_vnet_hdr"], False)
        for prop in HOST_OFF:
            r.true(f"remedy names {prop}=on: {f['remedy']['qemu']}",
                   f"{prop}=on" in f["remedy"]["qemu"].split(","))


def usernet_checks(r):
    """-netdev user (no virtio-net headers, one queue): no header offload
    negotiated, the transmit offloads "off [fixed]" in the guest, which check
    calls expected (info); the multiqueue findings say the backend must
    change instead of giving it queues=2."""
    by_id = {}
    for dev in ("eth0", "eth1"):
        _host_off_oracles(r, dev, NO_VNET_HDR_WITHDRAWS)
        f = _finding(r, "offloads-not-offered", dev)
        if f:
            r.eq(f"{dev} offloads-not-offered is information", f["severity"], "info")
            r.eq(f"{dev} evidence: no headers", f["evidence"]["backend_without_vnet_hdr"], True)
            r.eq(f"{dev} evidence: every header offload", sorted(f["evidence"]["missing"]),
                 sorted(NO_VNET_HDR_WITHDRAWS))
            r.true(f"{dev} remedy: another backend, no property: {f['remedy']['qemu']}",
                   "tap" in f["remedy"]["qemu"] and "csum=on" not in f["remedy"]["qemu"])
    # eth0 has mq off, eth1 mq=on (one queue: the backend's)
    r.true("eth1 sysfs: MQ negotiated", oracle.FEATURE_BITS["MQ"] in _negotiated(r, "eth1"))
    r.eq("eth1 ethtool -l: maximum combined", oracle.parse_channels(
        r.text("dev", "eth1", "ethtool_l"))["max_combined"], 1)
    by_id["mq-missing"] = _finding(r, "mq-missing", "eth0")
    by_id["mq-one-queue-pair"] = _finding(r, "mq-one-queue-pair", "eth1")
    for fid, f in by_id.items():
        if not f:
            continue
        q = f["remedy"]["qemu"]
        r.eq(f"{fid} is a warning", f["severity"], "warning")
        r.eq(f"{fid} evidence: no headers", f["evidence"]["backend_without_vnet_hdr"], True)
        r.true(f"{fid} says the backend cannot do multiqueue: {q}", "cannot do multiqueue" in q)
        r.true(f"{fid} proposes no queues for this backend: {q}", not q.startswith("-netdev"))
        r.true(f"{fid} libvirt: not type='user': {f['remedy']['libvirt']}",
               "type='user'" in f["remedy"]["libvirt"])
    guest = {p["name"]: p for p in r.json("explain.json")[0]["properties"]}
    r.true("explain names a backend without virtio-net headers",
           "not tap" in guest["type"]["reason"])


# ---- the matrix -----------------------------------------------------------------

# what "vnetctl check" finds on the clean 4-queue guest (mq4)
CLEAN = ["speed-unknown"]

def mmio_checks(r):
    """Every finding on a virtio-mmio device speaks of virtio-net-device and
    no MSI-X vectors; with several queue pairs, irq-mmio-line names the one
    line /proc/interrupts shows (as the transport's irq)."""
    show = {d["ifname"]: d for d in r.json("show.json")}
    for f in r.json("check.json")["findings"]:
        qemu = f["remedy"]["qemu"] or ""
        r.true(f"{f['id']}: no virtio-net-pci options on mmio: {qemu}",
               "-device virtio-net-pci," not in qemu)
        r.true(f"{f['id']}: no vectors on mmio: {qemu}", "vectors=" not in qemu)
        dev = show.get(f["device"])
        if f["id"] == "irq-mmio-line" and dev:
            irqs = oracle.parse_interrupts(r.text("interrupts"), dev["virtio"])
            r.eq(f"{f['device']} irq-mmio-line irq", f["evidence"]["irq"], irqs.get(dev["virtio"]))
            r.eq(f"{f['device']} irq-mmio-line pairs", f["evidence"]["max_queue_pairs"],
                 dev["channels"]["max_combined"])
        if f["id"] == "legacy-mode":
            r.true(f"{f['device']} legacy-mode on mmio: -global virtio-mmio.force-legacy=off",
                   "-global virtio-mmio.force-legacy=off" in qemu)


# ---- vnettop's tuning keys in a real terminal (issue 14) -----------------------------

# vnettop in a tmux inside the guest, driven by send-keys and read by
# capture-pane: a refused value (queues=9, beyond the 4 pairs) and an
# accepted one (queues=2, from 4) confirmed with y.  The guest's ethtool -l
# is the judge of what changed; the screens are what the user saw.
TOPTUNE_GUEST = TUNE_PRELUDE + r"""
mkdir -p /dev/pts /tmp
mount -t devpts devpts /dev/pts
# tmux's client wants a terminal it knows, even detached (init has TERM=linux)
export TERM=tmux-256color SHELL=/bin/sh HOME=/root LANG=C.UTF-8
t() { tmux -L top -f /dev/null "$@"; }
screen() { t capture-pane -p; }
wait_for() { # FILE RE: until the screen matches RE (60 s at most); the last screen in $R/FILE
	i=0
	while screen > $R/$1 2>&1 && ! grep -q -- "$2" $R/$1 && [ $i -lt 600 ]; do
		usleep 100000
		i=$((i + 1))
	done
}
# from 4 pairs, so that queues=2 (2 vCPUs: the boot's count) is a change
$ethtool -L eth0 combined 4
snap start
# the window outlives vnettop, so that a failure stays on the screen
t new-session -d -x 160 -y 30 "vnettop -d 0.5 2> $R/top.err; echo \$? > $R/top.rc; sleep 600"
echo $? > $R/tmux.rc
wait_for screen-start "queues 4/4"
t send-keys Tab
wait_for screen-selected "^>eth0 "
t send-keys e
wait_for screen-prompt "^set eth0:"
t send-keys "queues=9" Enter
wait_for screen-refused "^eth0: queues=9"
snap refused
t send-keys e
wait_for screen-prompt2 "^set eth0:"
t send-keys "queues=2" Enter
wait_for screen-confirm "y/N"
t send-keys y
wait_for screen-applied "queues 2/4"
snap applied
t send-keys q
i=0
while [ ! -s $R/top.rc ] && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
t kill-server 2>/dev/null
"""


def toptune_checks(r):
    start, refused, applied = (tune_state(r, n) for n in ("start", "refused", "applied"))
    r.eq("tmux started in the guest", r.rc("tmux"), 0)
    r.eq("start: 4 queue pairs (ethtool -L)", start["combined"], 4)
    screens = {n: r.text(f"screen-{n}") for n in ("start", "selected", "refused", "confirm",
                                                  "applied")}

    def status(name):
        lines = screens[name].rstrip("\n").split("\n")
        return lines[-1].strip() if lines else ""

    def header(name):
        return next((ln for ln in screens[name].split("\n") if "eth0 virtio" in ln), "")

    r.true(f"the sole device is selected: {header('selected')!r}",
           header("selected").startswith(">eth0 "))
    r.eq("queues=9 refused: ethtool -l unchanged", refused["combined"], 4)
    r.true(f"queues=9 refused, the range on the status row: {status('refused')!r}",
           status("refused").startswith("eth0: queues=9: ") and "1..4" in status("refused"))
    r.eq("the confirmation asked", status("confirm"), "eth0: queues 4 -> 2? [y/N]")
    r.eq("queues=2 applied: ethtool -l", applied["combined"], 2)
    r.eq("the status row says it was applied", status("applied"),
         "eth0: applied: queues 4 -> 2")
    r.true(f"the header shows 2 of 4 queues: {header('applied')!r}",
           "queues 2/4" in header("applied"))
    ended = os.path.exists(r.path("top.rc"))
    r.eq("vnettop exit status", r.text("top.rc").strip() if ended else "still running", "0")
    r.eq("vnettop stderr", r.text("top.err"), "")


SCENARIOS = [
    Scenario("transitional", [Nic()], about="QEMU's default virtio-net-pci",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("legacy", [Nic("disable-modern=on")], about="disable-modern=on",
             check={"": ["legacy-mode", "mq-missing"]}),
    Scenario("forcelegacy", [Nic(legacy_driver=True)], append="virtio_pci.force_legacy=1",
             about="transitional device driven through its legacy interface",
             check={"": ["legacy-mode", "mq-missing"]}),
    Scenario("modern", [Nic("disable-legacy=on")], about="disable-legacy=on",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("mq4", [Nic("mq=on,vectors=10", queues=4)], about="tap queues=4, mq=on, vectors=10",
             check={"": CLEAN}),
    Scenario("vectors3", [Nic("mq=on,vectors=3", queues=4)], about="too few vectors: shared",
             check={"": ["irq-shared-vector", "msix-table-small", "speed-unknown"]},
             extra=follows("irq-shared-vector", "msix-table-small")),
    Scenario("vectors9", [Nic("mq=on,vectors=9", queues=4)],
             about="one vector short of 2*queues+2: no vector for the control queue",
             check={"": ["msix-table-small", "speed-unknown"]}),
    Scenario("vectors0", [Nic("vectors=0")], about="no MSI-X: INTx",
             check={"": ["irq-intx", "mq-missing", "speed-unknown"]}),
    Scenario("mtu9000", [Nic("host_mtu=9000")], guest=MTU_GUEST, about="host_mtu=9000",
             check={"": ["mq-missing", "speed-unknown"],
                    "lowmtu": ["mq-missing", "mtu-below-host-mtu", "speed-unknown"]}),
    Scenario("speed", [Nic("speed=10000,duplex=full")], about="speed=10000,duplex=full",
             check={"": ["mq-missing"]}),
    Scenario("noindirect", [Nic("indirect_desc=off,event_idx=off")],
             about="indirect_desc=off,event_idx=off",
             check={"": ["event-idx-off", "indirect-desc-off", "mq-missing", "speed-unknown"]}),
    # Linux refuses a device that offers control-queue features without the
    # queue, so they go off together
    Scenario("noctrlvq", [Nic("ctrl_vq=off,ctrl_rx=off,ctrl_vlan=off,guest_announce=off,"
                              "ctrl_mac_addr=off,mq=off")], about="ctrl_vq=off",
             check={"": ["ctrl-vq-missing", "mq-missing", "speed-unknown"]},
             extra=follows("mq-missing", "ctrl-vq-missing")),
    Scenario("nomrg", [Nic("mrg_rxbuf=off,queue_reset=off")], about="mrg_rxbuf=off,queue_reset=off",
             check={"": ["mq-missing", "mrg-rxbuf-off", "ring-reset-missing", "speed-unknown"]}),
    Scenario("packed", [Nic("packed=on")], about="packed=on",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("iommu", [Nic("disable-legacy=on,iommu_platform=on")],
             about="iommu_platform=on without an IOMMU",
             check={"": ["access-platform-no-iommu", "mq-missing", "speed-unknown"]}),
    Scenario("manyvectors", [Nic("mq=on,vectors=162", queues=80)], memory=1024,
             about="80 queue pairs: 162 MSI-X vectors, near the guest's limit",
             check={"": ["msi-vectors-near-limit", "speed-unknown"]}),
    Scenario("drops", [Nic()], guest=DROPS_GUEST, host=DROPS_HOST, extra=drops_checks,
             about="receive drops growing (XDP drop), before, during and after",
             check={"": ["mq-missing", "speed-unknown"],
                    "before": ["mq-missing", "speed-unknown"],
                    "dropping": ["mq-missing", "rx-drops-growing", "speed-unknown"],
                    "after": ["mq-missing", "speed-unknown"]}),
    Scenario("stalled", [Nic(backend="stalled")], guest=STALL_GUEST + QMP_CHECK_GUEST,
             extra=both(stall_checks, qmp_stuck_checks),
             host_actions={"qmpcheck": QMP_CHECK_ACTION},
             about="the backend stops reading: transmit timeouts",
             check={"before": ["mq-missing", "offloads-not-offered", "speed-unknown"],
                    "": ["mq-missing", "offloads-not-offered", "speed-unknown", "tx-timeouts"]}),
    Scenario("sidebyside", [Nic("mq=on,vectors=10", queues=4), Nic("disable-modern=on")],
             guest=SIDE_GUEST, host_actions={"side": SIDE_ACTION}, extra=side_checks,
             about="show --guest FILE --qmp: the two views joined by MAC, a planted "
             "disagreement marked",
             check={"": ["legacy-mode", "mq-missing", "speed-unknown"]}),
    Scenario("vhost", [Nic("mq=on,vectors=6", queues=2, vhost=True)], guest=QMP_CHECK_GUEST,
             host_actions={"qmpcheck": QMP_CHECK_ACTION}, extra=vhost_checks,
             requires=vhost_unusable, about="tap vhost=on (where /dev/vhost-net works)",
             check={"": ["speed-unknown"]}),
    Scenario("twonics", [Nic(), Nic("mq=on,vectors=6", queues=2)], about="two NICs at once",
             check={"": ["mq-missing", "speed-unknown", "speed-unknown"]}),
    Scenario("traffic", [Nic("mq=on,vectors=10", queues=4, combined=4)], guest=TRAFFIC_GUEST,
             host=TRAFFIC_HOST, extra=both(traffic_checks, qmp_traffic_checks),
             host_actions={"qmpcheck": QMP_CHECK_ACTION},
             about="per-queue counters under real traffic, ethtool -L",
             check={"": ["speed-unknown"]}),
    Scenario("tuned", [Nic("mq=on,vectors=10", queues=4)], guest=TUNED_GUEST, host=TRAFFIC_HOST,
             extra=follows("affinity-xps-mismatch", "irqs-one-cpu", step="onecpu"),
             about="guest-side misconfigurations, one at a time, each repaired",
             check={"": ["speed-unknown"],
                    "onequeue": ["queues-below-vcpus", "speed-unknown"],
                    "rings": ["rings-below-max", "speed-unknown"],
                    "offloads": ["offloads-disabled", "speed-unknown"],
                    "mtu": ["mtu-without-host-mtu", "speed-unknown"],
                    "down": ["link-down", "speed-unknown"],
                    "onecpu": ["affinity-xps-mismatch", "irqs-one-cpu", "speed-unknown"],
                    "xps": ["affinity-xps-mismatch", "speed-unknown"],
                    "failed": ["device-failed", "speed-unknown"],
                    "unbound": ["driver-not-bound"]}),
    Scenario("tune", [Nic("mq=on,vectors=10,host_mtu=9000", queues=4)], guest=TUNE_GUEST,
             extra=tune_checks, timeout=600,
             about="vnetctl set: every setting, NetKVM names, bad input, a rollback",
             check={"": CLEAN}),
    Scenario("tunelimits", [Nic("queue_reset=off,ctrl_mac_addr=off,ctrl_guest_offloads=off")],
             guest=LIMITS_GUEST, extra=limits_checks,
             about="vnetctl set on a device without MQ, RING_RESET, CTRL_MAC_ADDR: refusals",
             check={"": ["mq-missing", "ring-reset-missing", "speed-unknown"]}),
    Scenario("fix", [Nic("mq=on,vectors=10", queues=4)], guest=FIX_GUEST, extra=fix_checks,
             about="vnetctl check --fix: one active queue (then rings, offloads) to clean",
             check={"": CLEAN, "onequeue": ["queues-below-vcpus"] + CLEAN,
                    "onequeue-fixed": CLEAN,
                    "several": ["offloads-disabled", "queues-below-vcpus", "rings-below-max"]
                    + CLEAN, "several-fixed": CLEAN}),
    Scenario("failover", [Nic("failover=on")], guest=FAILOVER_GUEST, extra=failover_checks,
             about="failover=on: the virtio_net standby with its net_failover master",
             check={"": FAILOVER_CHECK, "standby": FAILOVER_CHECK, "master": FAILOVER_CHECK}),
    # ---- explain's round trip (issue 12): topology and types explain must carry
    Scenario("rootport", [Nic("bus=rp1", pcie_port=True)], machine="q35",
             platform=["-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1"],
             about="q35, virtio-net-pci behind a PCIe root port (modern by auto)",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("multifunction", [Nic("addr=0x5.0x0,multifunction=on"), Nic("addr=0x5.0x1")],
             about="two virtio-net functions in one slot, multifunction=on on function 0",
             check={"": ["mq-missing", "mq-missing", "speed-unknown", "speed-unknown"]}),
    # one guest for both fixed-mode types: each NIC is judged on its own
    Scenario("models", [Nic(model="virtio-net-pci-non-transitional"),
                        Nic(model="virtio-net-pci-transitional")],
             about="virtio-net-pci-non-transitional and -transitional (no disable-* properties)",
             check={"": ["mq-missing", "mq-missing", "speed-unknown", "speed-unknown"]}),
    Scenario("mtu60", [Nic("host_mtu=60")], extra=mtu60_checks,
             about="host_mtu=60: QEMU offers MTU, Linux refuses it below 68",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("mq1queue", [Nic("mq=on")], extra=mq1queue_checks,
             about="mq=on with a one-queue tap: MQ negotiated, one queue pair for 2 vCPUs",
             check={"": ["mq-one-queue-pair", "speed-unknown"]}),
    Scenario("hostoffloads", [Nic("csum=off,guest_csum=off")], extra=hostoffloads_checks,
             about="csum=off,guest_csum=off: checksum offloads \"off [fixed]\" in the guest",
             check={"": ["mq-missing", "offloads-not-offered", "speed-unknown"]}),
    Scenario("usernet", [Nic(backend="user"), Nic("mq=on", backend="user")],
             extra=usernet_checks,
             about="-netdev user: no virtio-net headers, one queue, mq off and on",
             check={"": ["mq-missing", "mq-one-queue-pair", "offloads-not-offered",
                         "offloads-not-offered", "speed-unknown", "speed-unknown"]}),
    # QEMU microvm: virtio-net-device on virtio-mmio, found through ACPI (LNRO0005)
    Scenario("mmio-legacy", [Nic(model=MMIO)], machine="microvm", extra=mmio_checks,
             about="microvm, virtio-net-device on virtio-mmio version 1 (QEMU's default)",
             check={"": ["legacy-mode", "mq-missing"]}),
    Scenario("mmio-modern", [Nic(model=MMIO, mmio_modern=True)], machine="microvm",
             extra=mmio_checks,
             about="microvm, virtio-mmio version 2: -global virtio-mmio.force-legacy=off",
             check={"": ["mq-missing", "speed-unknown"]}),
    Scenario("mmio-mq", [Nic("mq=on", queues=2, model=MMIO, mmio_modern=True)],
             machine="microvm", extra=mmio_checks,
             about="microvm, virtio-mmio version 2, 2 queue pairs on the one line",
             check={"": ["irq-mmio-line", "speed-unknown"]}),
    Scenario("mmio-twonics", [Nic(model=MMIO), Nic(model=MMIO)], machine="microvm",
             extra=mmio_checks, about="microvm, two virtio-mmio NICs (version 1)",
             check={"": ["legacy-mode", "legacy-mode", "mq-missing", "mq-missing"]}),
    Scenario("toptune", [Nic("mq=on,vectors=10", queues=4)], guest=TOPTUNE_GUEST,
             extra=toptune_checks,
             about="vnettop in tmux in the guest: queues=9 refused, queues=2 applied",
             check={"": CLEAN}),
]


def by_name(name):
    for s in SCENARIOS:
        if s.name == name:
            return s
    raise KeyError(name)



# ---- vnettop --batch on real guests (issue 14) ---------------------------------------

# TOP-SPEC section 1: the keys of every JSON Lines frame, exactly
TOP_FRAME_KEYS = {"schema", "frame", "time", "devices"}
TOP_DEVICE_KEYS = {"ifname", "virtio_name", "ifindex", "state", "mode", "carrier", "speed_mbps",
                   "mtu", "queues_active", "queues_max", "irq_mode", "interval", "error",
                   "rates", "totals", "queues"}
TOP_QUEUE_KEYS = {"index", "active", "rates", "totals", "irq_cpu", "xps", "rps"}
TOP_COLS = {"rx-packets", "rx-bits", "tx-packets", "tx-bits", "drops", "kicks", "irqs"}

# The guest's side of every vnettop run: frames counted as they are printed,
# the run stopped by SIGTERM (a clean exit) once a frame sampled wholly after
# the scenario's events is out.
TOP_PRELUDE = r"""
frames() {
	wc -l < $R/top.jsonl
}
await_frames() { # N: until vnettop has printed N frames (at most 120 s)
	wait_until 120 '[ "$(frames)" -ge '"$1"' ]'
}
top_start() {
	: > $R/top.jsonl
	vnettop --batch -j -d 1 >> $R/top.jsonl 2> $R/top.err &
	top=$!
	await_frames 1
}
top_stop() { # [N]: after N more frames (2: the second is sampled wholly after now)
	await_frames $(($(frames) + ${1:-2}))
	kill -TERM $top
	wait $top
	echo $? > $R/top.rc
}
"""

# eth0 with 4 queue pairs and an address beside the host's four IPv6 peers
# (each reachable before any flow starts), and xps MASK... to steer flows to
# its queues: toptraffic and bundle both drive traffic this way.
ETH0_FOUR_PEERS = r"""
/usr/bin/ethtool -L eth0 combined 4
ip addr add 2001:db8::10/64 dev eth0
for n in 1 2 3 4; do
	wait_until 30 "ping6 -c 1 -W 1 2001:db8::$n >/dev/null 2>&1"
done
xps() { # one CPU mask per tx queue of eth0
	q=0
	for m in "$@"; do
		echo $m > /sys/class/net/eth0/queues/tx-$q/xps_cpus
		q=$((q + 1))
	done
}
"""


def top_frames(r, name="top.jsonl"):
    """Every line a frame with exactly the spec's keys, numbered from 1, in
    time order; exit status 0 and nothing on stderr.  Returns the frames."""
    text = r.text(name)
    r.eq(f"{name}: vnettop exit status", int(r.text(name.replace(".jsonl", ".rc")).strip()), 0)
    r.eq(f"{name}: vnettop stderr", r.text(name.replace(".jsonl", ".err")), "")
    frames = []
    for i, line in enumerate(text.splitlines()):
        try:
            frames.append(json.loads(line))
        except ValueError as e:
            r.failures.append(f"{name} line {i + 1} is not JSON ({e}): {line[:200]!r}")
            return frames
    r.true(f"{name}: frames printed ({len(frames)})", frames)
    bad = []
    for i, fr in enumerate(frames):
        if set(fr) != TOP_FRAME_KEYS:
            bad.append(f"frame {i + 1} keys {sorted(fr)}")
            continue
        if fr["schema"] != 1 or fr["frame"] != i + 1:
            bad.append(f"frame {i + 1}: schema {fr['schema']} frame {fr['frame']}")
        if i and fr["time"] < frames[i - 1]["time"]:
            bad.append(f"frame {i + 1}: time goes back")
        for d in fr["devices"]:
            if set(d) != TOP_DEVICE_KEYS:
                bad.append(f"frame {i + 1} {d.get('ifname')} keys {sorted(d)}")
                continue
            if d["state"] not in ("present", "gone"):
                bad.append(f"frame {i + 1} {d['ifname']} state {d['state']!r}")
            cols = [d["rates"], d["totals"]]
            for q in d["queues"]:
                if set(q) != TOP_QUEUE_KEYS:
                    bad.append(f"frame {i + 1} {d['ifname']} queue keys {sorted(q)}")
                    continue
                cols += [q["rates"], q["totals"]]
            if [q.get("index") for q in d["queues"]] != sorted(q.get("index") for q in d["queues"]):
                bad.append(f"frame {i + 1} {d['ifname']}: queues not in index order")
            for c in cols:
                if set(c) != TOP_COLS or not all(v is None or (isinstance(v, (int, float))
                                                               and v >= 0) for v in c.values()):
                    bad.append(f"frame {i + 1} {d['ifname']} columns {c}")
    r.true(f"{name}: every frame as TOP-SPEC 1 says: {bad[:5]}", not bad)
    return frames


# ---- toptraffic: which queues move ----------------------------------------------------

TOP_PINGS = 100
# Four flows, each to its own address on the host's side of the tap (inside
# the test's namespace), so the tap (automq) sends each flow's replies back on
# the queue it came in on.
TOPTRAFFIC_HOST = [f"ip addr add 2001:db8::{n}/64 dev vtap0 nodad" for n in (1, 2, 3, 4)] + \
    ["echo 1 > /proc/sys/net/ipv6/conf/vtap1/disable_ipv6"]

# eth0: 4 queue pairs in use; XPS points CPU 0 and 1 at tx queues 0 and 1,
# then at 2 and 3, one ping flow per CPU each time: every queue carries a
# flow of its own.  eth1 (4 queues, 2 in use) has no IPv6 and no address on
# either side: its queues stay still.  The oracles are read before vnettop's
# first sample and after its last, so its totals lie between 0 and theirs.
TOPTRAFFIC_GUEST = TOP_PRELUDE + r"""
echo 1 > /proc/sys/net/ipv6/conf/eth1/disable_ipv6
""" + ETH0_FOUR_PEERS + r"""oracle() { # WHEN
	for n in eth0 eth1; do
		/usr/bin/ethtool -S $n > $R/$1-$n-ethtool_S
		for s in rx_packets tx_packets rx_bytes tx_bytes; do
			cp /sys/class/net/$n/statistics/$s $R/$1-$n-$s
		done
	done
	cat /proc/interrupts > $R/$1-interrupts
}
flow() { # CPU ADDRESS-NUMBER: one ping flow, to $R/pingN
	taskset -c $1 ping6 -q -A -c """ + str(TOP_PINGS) + r""" -w 90 -s 400 2001:db8::$2 \
		> $R/ping$2 2>&1
}
oracle before
top_start
xps 1 2 0 0
flow 0 1
flow 1 2
xps 0 0 1 2
flow 0 3
flow 1 4
# virtio_net's own spread for 4 queues on 2 CPUs, as before
xps 1 2 1 2
top_stop
oracle after
"""


def _top_oracle(r, when, ifname):
    o = {"stats": oracle.parse_ethtool_stats(r.text(f"{when}-{ifname}-ethtool_S")),
         "irqs": oracle.interrupt_counts(r.text(f"{when}-interrupts"),
                                         r.text(f"dev/{ifname}/virtio").strip())}
    for s in ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes"):
        o[s] = int(r.text(f"{when}-{ifname}-{s}"))
    return o


def toptraffic_checks(r):
    """vnettop's totals against the oracles read around its whole run (see
    TOPTRAFFIC_GUEST): every queue between 0 and what the oracle saw; the
    queues the oracle saw move, moving; the flows' queues carrying them."""
    for n in (1, 2, 3, 4):
        r.true(f"ping flow {n}: all {TOP_PINGS} replies came back",
               f"{TOP_PINGS} packets received" in r.text(f"ping{n}"))
    frames = top_frames(r)
    if not frames:
        return
    last = {d["ifname"]: d for d in frames[-1]["devices"]}
    r.eq("last frame: devices", sorted(last), ["eth0", "eth1"])
    for ifname, active in (("eth0", 4), ("eth1", 2)):
        d = last.get(ifname)
        if not d:
            continue
        b, a = _top_oracle(r, "before", ifname), _top_oracle(r, "after", ifname)
        virtio = r.text(f"dev/{ifname}/virtio").strip()
        r.eq(f"{ifname} state", d["state"], "present")
        r.eq(f"{ifname} virtio_name", d["virtio_name"], virtio)
        r.eq(f"{ifname} ifindex", d["ifindex"], json.loads(r.text(f"dev/{ifname}/ip_link"))[0]
             ["ifindex"])
        r.eq(f"{ifname} queues_max", d["queues_max"], 4)
        r.eq(f"{ifname} queues_active", d["queues_active"], active)
        r.eq(f"{ifname} queues listed", [q["index"] for q in d["queues"]][:active],
             list(range(active)))
        # the device's stats64 brackets the sum over its queues
        for dr in ("rx", "tx"):
            got = sum(q["totals"][f"{dr}-packets"] or 0 for q in d["queues"])
            moved = a[f"{dr}_packets"] - b[f"{dr}_packets"]
            r.true(f"{ifname} {dr}-packets over queues {got}, stats64 moved {moved}",
                   0 <= got <= moved)
            bits = sum(q["totals"][f"{dr}-bits"] or 0 for q in d["queues"])
            moved = 8 * (a[f"{dr}_bytes"] - b[f"{dr}_bytes"])
            r.true(f"{ifname} {dr}-bits over queues {bits}, stats64 moved {moved}",
                   0 <= bits <= moved)
        for c in TOP_COLS:
            vals = [q["totals"][c] for q in d["queues"]]
            if d["totals"][c] is not None and None not in vals:
                r.eq(f"{ifname} totals.{c} is the sum over queues", d["totals"][c], sum(vals))
        for q in d["queues"]:
            i, t = q["index"], q["totals"]
            if i >= active:
                r.eq(f"{ifname} queue {i} active", q["active"], False)
                r.true(f"{ifname} inactive queue {i} totals none or 0: {t}",
                       all(not v for v in t.values()))
                continue
            r.eq(f"{ifname} queue {i} active", q["active"], True)
            # what the oracles saw this queue do over vnettop's whole run
            seen = {}
            for dr in ("rx", "tx"):
                for m in ("packets", "bytes", "kicks"):
                    lo = oracle.ethtool_queue_stat(b["stats"], dr, i, m)
                    hi = oracle.ethtool_queue_stat(a["stats"], dr, i, m)
                    if lo is not None and hi is not None:
                        seen[f"{dr}_{m}"] = hi - lo
                name = f"{virtio}-{'input' if dr == 'rx' else 'output'}.{i}"
                if name in a["irqs"]:
                    seen[f"{dr}_irqs"] = a["irqs"][name] - b["irqs"].get(name, 0)

            def within(col, hi):
                v = t[col]
                r.true(f"{ifname} queue {i} totals.{col} {v} between 0 and the oracle's {hi}",
                       v is not None and 0 <= v <= hi)
            for dr in ("rx", "tx"):
                if f"{dr}_packets" in seen:  # 6.1: per-queue packets in ethtool -S
                    within(f"{dr}-packets", seen[f"{dr}_packets"])
                    within(f"{dr}-bits", 8 * seen[f"{dr}_bytes"])
            if "rx_kicks" in seen and "tx_kicks" in seen:
                within("kicks", seen["rx_kicks"] + seen["tx_kicks"])
            if "rx_irqs" in seen and "tx_irqs" in seen:
                within("irqs", seen["rx_irqs"] + seen["tx_irqs"])
            # moved by a clear margin, by packets where ethtool has them
            # (6.1), else by kicks (tx) and interrupts (rx) (6.10+: packets
            # are in qstats)
            for dr, by in (("rx", ("rx_packets", "rx_irqs")), ("tx", ("tx_packets", "tx_kicks"))):
                metric = next((m for m in by if m in seen), None)
                if metric and seen[metric] >= TOP_PINGS // 4:
                    r.true(f"{ifname} queue {i} {dr}: the oracle saw {seen[metric]} {metric}, "
                           f"vnettop {dr}-packets {t[dr + '-packets']}, bits {t[dr + '-bits']}",
                           (t[f"{dr}-packets"] or 0) > 0 and (t[f"{dr}-bits"] or 0) > 0)
            if ifname == "eth0":
                # what the scenario guarantees: the queue's own flow, both ways
                r.true(f"eth0 queue {i} tx-packets {t['tx-packets']}: its flow's {TOP_PINGS}"
                       " requests", (t["tx-packets"] or 0) >= TOP_PINGS)
                r.true(f"eth0 queue {i} rx-packets {t['rx-packets']}: its flow's replies",
                       (t["rx-packets"] or 0) >= TOP_PINGS * 0.9)
            else:
                r.true(f"eth1 queue {i}: still by the oracle ({seen}) and vnettop ({t})",
                       all(v <= 2 for k, v in seen.items() if k.endswith(("packets", "kicks")))
                       and (t["tx-packets"] or 0) <= 2)


# ---- tophotplug: a NIC unplugged and another plugged while vnettop runs -----------------

HOTPLUG_MAC = Nic.mac(0)
# The pc machine's pci.0 with ACPI PCI hotplug (QEMU's default on i440FX;
# the guest kernels have acpiphp built in, CONFIG_HOTPLUG_PCI_ACPI=y):
# device_del asks the guest to eject, and QEMU sends DEVICE_DELETED once the
# guest has let the device go.  The new NIC is the same model with the same
# properties, MAC and netdev (a -netdev outlives its NIC), so the common
# checks hold for it; QEMU puts it in the freed slot.
TOPHOTPLUG_ACTIONS = {
    "unplug": [{"qmp": "device_del", "args": {"id": {"nic_mac": HOTPLUG_MAC}}},
               {"event": "DEVICE_DELETED", "data": {"path": {"nic_mac": HOTPLUG_MAC}},
                "timeout": 120}],
    "plug": [{"qmp": "device_add", "args": {"driver": "virtio-net-pci", "id": "hotnic",
                                            "netdev": "n0", "mac": HOTPLUG_MAC, "romfile": "",
                                            "mq": "on", "vectors": "10"}}],
}

TOPHOTPLUG_GUEST = TOP_PRELUDE + r"""
nics() { # the virtio-net interfaces, by name
	for d in /sys/bus/virtio/devices/*/net/*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}
gone_seen() {
	grep -q '"state": *"gone"' $R/top.jsonl
}
top_start
cat /sys/class/net/eth0/ifindex > $R/ifindex-before
host_action unplug
wait_until 120 '[ -z "$(nics)" ]'
echo $? > $R/unplugged.rc
wait_until 60 gone_seen
echo $? > $R/gone-seen.rc
host_action plug
wait_until 120 '[ -n "$(nics)" ]'
echo $? > $R/plugged.rc
n=$(nics)
echo "$n" > $R/ifname-after
ip link set "$n" up
cat /sys/class/net/$n/ifindex > $R/ifindex-after
# the new NIC's first frame has no totals yet (nothing to count from): one more
top_stop 3
"""


def tophotplug_checks(r):
    """The frames show the NIC going (state gone) and a NIC coming back with
    a new ifindex, in that order; vnettop keeps running, exits 0, says
    nothing on stderr."""
    done = {a["action"]: a for a in r.host_actions}
    r.eq("host actions run, in order", [a["action"] for a in r.host_actions], ["unplug", "plug"])
    got = done.get("unplug", {}).get("steps", [{}, {}])[-1].get("got") or {}
    r.true(f"QEMU reported the NIC deleted: {got}", got.get("event") == "DEVICE_DELETED")
    for f in ("unplugged", "gone-seen", "plugged"):
        r.eq(f"guest: {f}", int(r.text(f + ".rc")), 0)
    old, new = int(r.text("ifindex-before")), int(r.text("ifindex-after"))
    r.true(f"the new NIC has a new ifindex: {old} -> {new}", new != old)
    frames = top_frames(r)

    def first(pred):
        return next((i for i, fr in enumerate(frames)
                     if any(pred(d) for d in fr["devices"])), None)
    present_old = first(lambda d: d["ifindex"] == old and d["state"] == "present")
    gone_old = first(lambda d: d["ifindex"] == old and d["state"] == "gone")
    present_new = first(lambda d: d["ifindex"] == new and d["state"] == "present")
    r.true(f"frames: old NIC present ({present_old}), then gone ({gone_old}), then the new one "
           f"present ({present_new})", None not in (present_old, gone_old, present_new)
           and present_old < gone_old < present_new)
    if gone_old is not None:
        # while it is gone and nothing else has come, it is the only device listed
        devs = frames[gone_old]["devices"]
        r.true(f"the gone NIC is listed as gone: {[(d['ifname'], d['state']) for d in devs]}",
               any(d["ifindex"] == old and d["state"] == "gone" for d in devs))
    last = frames[-1]["devices"] if frames else []
    now = [d for d in last if d["state"] == "present"]
    r.eq("last frame: one NIC present", len(now), 1)
    if now:
        d = now[0]
        r.eq("last frame: the new NIC's ifindex", d["ifindex"], new)
        r.eq("last frame: the new NIC's name", d["ifname"], r.text("ifname-after").strip())
        r.eq("last frame: the new NIC's queues_max", d["queues_max"], 4)
        r.eq("last frame: the new NIC's carrier", d["carrier"], True)
        r.eq("last frame: no error", d["error"], None)
        r.true(f"last frame: the new NIC's counters are read: {d['totals']}",
               d["totals"]["rx-packets"] is not None and d["totals"]["tx-packets"] is not None)


# ---- topbench: vnettop's own CPU use with 8 NICs x 8 queue pairs -----------------------

BENCH_NICS = 8
BENCH_PAIRS = 8
BENCH_FRAMES = 11
# The whole run: vnettop's CPU time is its parent's cutime+cstime once
# waited for (fields 16-17 of /proc/PID/stat, in USER_HZ = 100 ticks on x86),
# the wall time /proc/uptime around it.  The steady state: vnettop's own
# utime+stime (fields 14-15) when frame 2 and frame BENCH_FRAMES - 1 are out,
# without the start (the first sample finds every device).
TOPBENCH_GUEST = f"""
# every queue pair in use (virtio_net enables one per vCPU)
for d in /sys/class/net/eth*; do
	/usr/bin/ethtool -L ${{d##*/}} combined {BENCH_PAIRS}
done
frames() {{
	wc -l < $R/top.jsonl
}}
at_frame() {{ # N: the clock and vnettop's /proc/PID/stat once frame N is out
	wait_until 120 '[ "$(frames)" -ge '"$1"' ]'
	read up rest < /proc/uptime
	echo "$up $(cat /proc/$(pidof vnettop)/stat)" > $R/bench-at-$1
}}
: > $R/top.jsonl
read t0 rest < /proc/uptime
R=$R sh -c 'vnettop --batch -j -d 1 -n {BENCH_FRAMES} >> $R/top.jsonl 2> $R/top.err
echo $? > $R/top.rc
cat /proc/$$/stat > $R/bench-stat' &
w=$!
at_frame 2
at_frame {BENCH_FRAMES - 1}
wait $w
read t1 rest < /proc/uptime
echo "$t0 $t1" > $R/bench-uptime
# the yardstick in the same guest: what `ethtool -S` of every NIC once a
# second costs (10 rounds; the CPU of the children a shell waited for)
R=$R sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do
	for d in /sys/class/net/eth*; do ethtool -S ${{d##*/}} > /dev/null; done
done
cat /proc/$$/stat > $R/calib-stat'
"""


def _bench_at(r, frame):
    """(uptime, vnettop's utime+stime in s) once @frame was out."""
    text = r.text(f"bench-at-{frame}")
    up = float(text.split()[0])
    f = text.rsplit(")", 1)[1].split()
    return up, (int(f[11]) + int(f[12])) / 100.0


def topbench_checks(r):
    """It ran (11 frames of 8 devices with 8 queues); the CPU figures are
    informative only: TCG makes them many times what real hardware costs."""
    frames = top_frames(r)
    r.eq("frames", len(frames), BENCH_FRAMES)
    for fr in frames[-1:]:
        r.eq("last frame: devices", len(fr["devices"]), BENCH_NICS)
        r.eq("last frame: queues_max", sorted({d["queues_max"] for d in fr["devices"]}),
             [BENCH_PAIRS])
    f = r.text("bench-stat").rsplit(")", 1)[1].split()
    user, system = int(f[13]) / 100.0, int(f[14]) / 100.0  # cutime, cstime
    t0, t1 = (float(x) for x in r.text("bench-uptime").split())
    wall = t1 - t0
    r.true(f"bench: wall time {wall:.2f} s for {BENCH_FRAMES} frames 1 s apart",
           wall >= BENCH_FRAMES - 1)
    cpu = user + system
    what = (f"vnettop --batch -j -d 1 -n {BENCH_FRAMES}, {BENCH_NICS} NICs x {BENCH_PAIRS} "
            "queue pairs")
    r.figures["vnettop_cpu"] = (round(100.0 * cpu / wall, 1), "%",
                                f"of one vCPU (TCG), whole run: {what}, {cpu:.2f} s CPU "
                                f"({user:.2f} user, {system:.2f} system) over {wall:.2f} s")
    (u0, c0), (u1, c1) = _bench_at(r, 2), _bench_at(r, BENCH_FRAMES - 1)
    r.true(f"bench: steady state measured over {u1 - u0:.2f} s", u1 > u0 and c1 >= c0)
    if u1 > u0:
        r.figures["vnettop_cpu_steady"] = (
            round(100.0 * (c1 - c0) / (u1 - u0), 1), "%",
            f"of one vCPU (TCG), frames 2 to {BENCH_FRAMES - 1}: {c1 - c0:.2f} s CPU over "
            f"{u1 - u0:.2f} s")
    f = r.text("calib-stat").rsplit(")", 1)[1].split()
    calib = (int(f[13]) + int(f[14])) / 100.0 / 10  # CPU seconds per 1 s round
    r.figures["ethtool_S_cpu"] = (round(100.0 * calib, 1), "%",
                                  f"of one vCPU (TCG): ethtool -S of the {BENCH_NICS} NICs "
                                  "once a second, the yardstick in the same guest")


SCENARIOS += [
    Scenario("toptraffic", [Nic("mq=on,vectors=10", queues=4, combined=4),
                            Nic("mq=on,vectors=10", queues=4)],
             guest=TOPTRAFFIC_GUEST, host=TOPTRAFFIC_HOST, extra=toptraffic_checks,
             about="vnettop --batch -j under traffic on 4 queues: totals as the oracles moved",
             check={"": ["speed-unknown", "speed-unknown"]}),
    Scenario("tophotplug", [Nic("mq=on,vectors=10", queues=4)], guest=TOPHOTPLUG_GUEST,
             host_actions=TOPHOTPLUG_ACTIONS, extra=tophotplug_checks,
             about="QMP device_del then device_add of a NIC while vnettop --batch -j runs",
             check={"": CLEAN}),
    Scenario("topbench", [Nic("mq=on", queues=BENCH_PAIRS, combined=BENCH_PAIRS)
                          for _ in range(BENCH_NICS)],
             guest=TOPBENCH_GUEST, extra=topbench_checks, memory=768, bench=True, timeout=600,
             about="vnettop --batch's CPU use, 8 NICs x 8 queue pairs (a figure, not judged)",
             check={"": ["speed-unknown"] * BENCH_NICS}),
]


# ---- faults: a NIC unplugged under stats -i and check --sample, channels flipped under the
# ---- samplers, virtio_net unloaded under stats -i (issue 19) ----------------------------

FAULT_MAC0, FAULT_MAC1 = Nic.mac(0), Nic.mac(1)
# NIC 0 (4 queue pairs) stays; NIC 1 (one queue pair: mq-missing with 2
# vCPUs) is unplugged twice (steps 1 and 2) and
# put back each time as it was (same model, properties, MAC and netdev, in
# the freed slot: see tophotplug), so the common checks hold at the end.
FAULT_UNPLUG = [{"qmp": "device_del", "args": {"id": {"nic_mac": FAULT_MAC1}}},
                {"event": "DEVICE_DELETED", "data": {"path": {"nic_mac": FAULT_MAC1}},
                 "timeout": 120}]


def _fault_plug(nic_id):
    return [{"qmp": "device_add", "args": {"driver": "virtio-net-pci", "id": nic_id,
                                           "netdev": "n1", "mac": FAULT_MAC1, "romfile": ""}}]


FAULTS_ACTIONS = {"unplug1": FAULT_UNPLUG, "plug1": _fault_plug("hot1"),
                  "unplug2": FAULT_UNPLUG, "plug2": _fault_plug("hot2")}

# Every command under a fault runs in a subshell that writes its exit status
# to NAME.rc when it ends, so the guest can wait for the end without a
# zombie confusing "kill -0"; one that does not end by itself within its
# time after the fault is killed (NAME.hung) and fails the checks.
FAULTS_GUEST = f"""
ifname() {{ # MAC: the interface with that address
	for d in /sys/class/net/*; do
		[ "$(cat $d/address 2>/dev/null)" = "$1" ] && {{ echo ${{d##*/}}; return 0; }}
	done
	return 1
}}
run_bg() {{ # NAME CMD...: CMD in the background, stdout NAME.out, stderr NAME.err
	# (shell variables are global: not $n, which the steps use)
	bg_name=$1
	shift
	rm -f $R/$bg_name.rc
	(R=$R; "$@" > $R/$bg_name.out 2> $R/$bg_name.err; echo $? > $R/$bg_name.rc) &
}}
await_end() {{ # NAME SECONDS PROGRAM: until NAME.rc exists, else kill PROGRAM (a hang)
	# (wait_until shifts its arguments: NAME goes in now)
	wait_until $2 "[ -s $R/$1.rc ]" && return 0
	echo hung > $R/$1.hung
	p=$(pidof $3) && kill -KILL $p
	wait_until 10 "[ -s $R/$1.rc ]"
}}
replug() {{ # ACTION: put NIC 1 back and bring it up
	host_action $1
	wait_until 120 'ifname {FAULT_MAC1} > /dev/null'
	echo $? > $R/$1.back
	ip link set $(ifname {FAULT_MAC1}) up
}}

# 1. stats -i on a NIC that is unplugged
n=$(ifname {FAULT_MAC1})
echo $n > $R/s1.dev
run_bg s1 vnetctl -j stats -i 0.5 -c 240 $n
wait_until 60 '[ -s $R/s1.out ]'
host_action unplug1
wait_until 120 '! ifname {FAULT_MAC1} > /dev/null'
echo $? > $R/s1.gone
await_end s1 30 vnetctl
replug plug1

# 2. check --sample on a NIC that is unplugged during the sample
n=$(ifname {FAULT_MAC1})
echo $n > $R/s2.dev
run_bg s2 vnetctl check --sample 20 $n
sleep 2
host_action unplug2
wait_until 120 '! ifname {FAULT_MAC1} > /dev/null'
echo $? > $R/s2.gone
await_end s2 40 vnetctl
replug plug2

# 3. channels flipped 1 <-> 4 under stats -i and vnettop --batch
n=$(ifname {FAULT_MAC0})
echo $n > $R/s3.dev
run_bg s3-stats vnetctl -j stats -q -i 0.2 -c 30 $n
run_bg s3-top vnettop --batch -j -d 0.2 -n 30 $n
i=0
while [ $i -lt 20 ]; do
	/usr/bin/ethtool -L $n combined $((i % 2 ? 4 : 1)) 2>> $R/s3-ethtool.err
	i=$((i + 1))
	usleep 100000
done
/usr/bin/ethtool -L $n combined 4
await_end s3-stats 120 vnetctl
await_end s3-top 120 vnettop
mv $R/s3-top.out $R/s3-top.jsonl

# 4. virtio_net unloaded under stats -i
n=$(ifname {FAULT_MAC0})
echo $n > $R/s4.dev
run_bg s4 vnetctl -j stats -i 0.2 -c 600 $n
wait_until 60 '[ -s $R/s4.out ]'
rmmod virtio_net 2> $R/s4-rmmod.err
echo $? > $R/s4-rmmod.rc
await_end s4 30 vnetctl
insmod /lib/modules/virtio_net.ko 2> $R/s4-insmod.err
echo $? > $R/s4-insmod.rc
wait_until 60 'ifname {FAULT_MAC0} > /dev/null && ifname {FAULT_MAC1} > /dev/null'
echo $? > $R/s4.back
for d in /sys/class/net/*; do
	[ "${{d##*/}}" = lo ] || ip link set ${{d##*/}} up
done
echo $(ifname {FAULT_MAC0}) $(ifname {FAULT_MAC1}) > $R/s4.names
vnetctl list > $R/s4-list.out 2> $R/s4-list.err
echo $? > $R/s4-list.rc
"""

CRASH_TEXT = ("runtime error", "AddressSanitizer", "LeakSanitizer", "Segmentation", "Aborted")


def _fault_ended(r, step, what, rc, dev):
    """@step's command ended by itself (no hang, no signal), with exit
    status @rc and one line on stderr naming @dev; no sanitizer text."""
    r.true(f"{step} ({what}): ended by itself after the fault",
           not os.path.exists(r.path(f"{step}.hung")))
    got = r.text(f"{step}.rc").strip()
    r.eq(f"{step} ({what}): exit status (man page: 2, the device does not exist)",
         int(got) if got.isdigit() else got, rc)
    err = r.text(f"{step}.err")
    r.true(f"{step} ({what}): no crash text on stderr: {err[:300]!r}",
           not any(t in err for t in CRASH_TEXT))
    lines = err.splitlines()
    r.true(f"{step} ({what}): one line on stderr naming {dev}: {err[:300]!r}",
           len(lines) == 1 and dev in lines[0])


def faults_checks(r):
    """Steps 1, 2 and 4: the command ends with exit status 2 and one line
    naming the device; step 3: both samplers exit 0, every line JSON, queue
    counts within 1..4."""
    done = [a["action"] for a in r.host_actions]
    r.eq("host actions run, in order", done, ["unplug1", "plug1", "unplug2", "plug2"])
    for a in ("unplug1", "unplug2"):
        got = next((x for x in r.host_actions if x["action"] == a), {})
        got = (got.get("steps") or [{}])[-1].get("got") or {}
        r.true(f"{a}: QEMU reported the NIC deleted: {got}", got.get("event") == "DEVICE_DELETED")
    for f in ("s1.gone", "plug1.back", "s2.gone", "plug2.back", "s4-rmmod.rc", "s4-insmod.rc",
              "s4.back", "s4-list.rc"):
        r.eq(f"guest: {f}", r.text(f).strip(), "0")
    _fault_ended(r, "s1", "stats -i, NIC unplugged", 2, r.text("s1.dev").strip())
    # check --sample reads the counters again after the window: the device is
    # gone by then, and check must say so rather than judge what it read
    # before (lib/check.c sample_devices() drops the failed second sample
    # silently: exit 3 with findings for the vanished NIC, stderr empty)
    _fault_ended(r, "s2", "check --sample, NIC unplugged", 2, r.text("s2.dev").strip())
    _fault_ended(r, "s4", "stats -i, virtio_net unloaded", 2, r.text("s4.dev").strip())
    # the reports printed before the fault are whole JSON lines
    for step in ("s1", "s4"):
        for i, line in enumerate(r.text(f"{step}.out").splitlines()):
            try:
                json.loads(line)
            except ValueError as e:
                r.failures.append(f"{step}.out line {i + 1} is not JSON ({e}): {line[:200]!r}")
    # step 3
    r.eq("s3 ethtool -L: no errors", r.text("s3-ethtool.err"), "")
    r.true("s3: stats ended by itself",
           not os.path.exists(r.path("s3-stats.hung")))
    r.eq("s3: stats exit status", r.text("s3-stats.rc").strip(), "0")
    err = r.text("s3-stats.err")
    r.true(f"s3: stats no crash text: {err[:300]!r}", not any(t in err for t in CRASH_TEXT))
    counts = []
    for i, line in enumerate(r.text("s3-stats.out").splitlines()):
        try:
            devs = json.loads(line)
        except ValueError as e:
            r.failures.append(f"s3-stats.out line {i + 1} is not JSON ({e}): {line[:200]!r}")
            continue
        counts.append(len(devs[0]["queues"]) if devs and "queues" in devs[0] else None)
    r.true(f"s3: stats lines printed ({len(counts)})", counts)
    r.true(f"s3: stats queue counts within 1..4: {counts}",
           all(c is not None and 1 <= c <= 4 for c in counts))
    r.true("s3: vnettop ended by itself",
           not os.path.exists(r.path("s3-top.hung")))
    frames = top_frames(r, "s3-top.jsonl")
    active = [[d["queues_active"] for d in fr["devices"]] for fr in frames]
    r.true(f"s3: vnettop queues_active within 1..4: {active}",
           all(len(a) == 1 and a[0] is not None and 1 <= a[0] <= 4 for a in active))
    names = [line.split()[0] for line in r.text("s4-list.out").splitlines()[1:] if line.strip()]
    r.eq("s4: vnetctl list after the reload: the interfaces", sorted(names),
         sorted(r.text("s4.names").split()))


SCENARIOS += [
    Scenario("faults", [Nic("mq=on,vectors=10", queues=4), Nic()], guest=FAULTS_GUEST,
             host_actions=FAULTS_ACTIONS, extra=faults_checks,
             about="NIC unplugged under stats -i and check --sample, ethtool -L under the "
                   "samplers, virtio_net unloaded under stats -i",
             check={"": ["mq-missing", "speed-unknown", "speed-unknown"]}),
]


# ---- bundles: collected in a real guest, read back on the host (issue 15) ---------------

import atexit  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import bundle_check  # noqa: E402

# Shell for the bundle scenarios: a command's stdout, stderr and exit status
# in $R/NAME, NAME.err, NAME.rc; what vnetctl prints live, in one go.
BUNDLE_PRELUDE = r"""
run() { # NAME CMD...
	bn=$1
	shift
	"$@" > $R/$bn 2> $R/$bn.err
	echo $? > $R/$bn.rc
}
live() { # WHEN: what vnetctl prints live, as the bundle records it
	for c in show check explain; do
		run $1-$c.json vnetctl -j $c
	done
	run $1-stats.json vnetctl -j stats -q -t
}
mkdir -p $R/b
"""

# eth0: 4 queue pairs in use, 4 flows as in toptraffic; eth1 (4 queues, 2
# in use) has no IPv6 and no address on either side.  Router solicitations
# are off on eth0 (since Linux 4.9 they repeat for ever, backing off to an
# hour): nothing but the scenario sends.
BUNDLE_HOST = TOPTRAFFIC_HOST
# VNET_VM_SABOTAGE=bundle: eth1's MTU is another while the quiet bundle is
# taken, and only then: the byte comparisons with the live output must fail
BUNDLE_SABOTAGE = ("ip link set eth1 mtu 1400", "ip link set eth1 mtu 1500") \
    if os.environ.get("VNET_VM_SABOTAGE") == "bundle" else ("", "")
BUNDLE_WINDOW = 3
BUNDLE_GUEST = BUNDLE_PRELUDE + r"""
echo 1 > /proc/sys/net/ipv6/conf/eth1/disable_ipv6
echo 0 > /proc/sys/net/ipv6/conf/eth0/router_solicitations
""" + ETH0_FOUR_PEERS + r"""# 1. under traffic: a flow per vCPU, XPS flipped every 0.2 s between
# queues 0,1 and 2,3 (the tap sends the replies back on the flow's queue), so
# all four queue pairs move in every sample interval
taskset -c 0 ping6 -q -i 0.02 -w 120 -s 400 2001:db8::1 > /dev/null 2>&1 &
p0=$!
taskset -c 1 ping6 -q -i 0.02 -w 120 -s 400 2001:db8::2 > /dev/null 2>&1 &
p1=$!
(while :; do xps 1 2 0 0; usleep 200000; xps 0 0 1 2; usleep 200000; done) &
rot=$!
sleep 1
run busy.out vnetctl bundle -o $R/b/busy.tar.gz --sample """ + str(BUNDLE_WINDOW) + r"""
kill $rot $p0 $p1
wait
xps 1 2 1 2
# 2. quiet: nothing moves on either NIC for 6 s (a neighbour entry left in
# DELAY probes within 5 s), at most 120 s
counters() {
	cat /sys/class/net/eth*/statistics/*_packets
	grep virtio /proc/interrupts
}
settle() {
	i=0
	a=$(counters)
	while [ $i -lt 20 ]; do
		sleep 6
		b=$(counters)
		[ "$a" = "$b" ] && return 0
		a=$b
		i=$((i + 1))
	done
	return 1
}
settle
echo $? > $R/settle.rc
live before
""" + BUNDLE_SABOTAGE[0] + r"""
run quiet.out vnetctl bundle -o $R/b/quiet.tar.gz --sample """ + str(BUNDLE_WINDOW) + r"""
""" + BUNDLE_SABOTAGE[1] + r"""
live after
ls $R/b > $R/b.ls
"""

# the members the contract names (vnetctl-bundle(5)), besides manifest.json
BUNDLE_MEMBERS = ("state.json", "show.json", "show.txt", "check.json", "check.txt",
                  "explain.json", "explain.txt", "samples.json", "raw/kernel-log.txt",
                  "raw/versions.txt")

_offline_dirs = []
atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _offline_dirs])


def _readable_copy(r, name):
    """A copy of the guest's @name any user can read (the work directory is
    mode 0700): the host's readers run unprivileged."""
    d = tempfile.mkdtemp(prefix="vnet-bundle-")
    _offline_dirs.append(d)
    os.chmod(d, 0o755)
    dst = os.path.join(d, os.path.basename(name))
    shutil.copyfile(r.path(name), dst)
    os.chmod(dst, 0o644)
    return dst


def host_vnetctl(r, bundle, *args, env_from=False):
    """vnetctl on the host reading @bundle offline (--from, or VNET_FROM
    with @env_from), as nobody when the harness is root: (exit status,
    stdout, stderr, seconds).  The real binary, not libtool's wrapper."""
    exe = os.path.join(r.builddir, "cli", ".libs", "vnetctl")
    if not os.path.exists(exe):
        exe = os.path.join(r.builddir, "cli", "vnetctl")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C",
           "LD_LIBRARY_PATH": os.path.join(r.builddir, "lib", ".libs")}
    cmd = [exe] + ([] if env_from else ["--from", bundle]) + list(args)
    if env_from:
        env["VNET_FROM"] = bundle
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + cmd
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def _bundle_verified(r, name, rc, partial=False, redacted=False):
    """The guest's `vnetctl bundle` exited @rc and wrote @name, whose every
    member hashlib verifies against the manifest.  Returns (host copy,
    manifest, {member: bytes}) or Nones."""
    stem = os.path.basename(name)[:-len(".tar.gz")]
    r.eq(f"{name}: vnetctl bundle exit status", r.rc(f"{stem}.out"), rc)
    err = r.text(f"{stem}.out.err")
    r.true(f"{name}: no crash text on stderr: {err[:300]!r}",
           not any(t in err for t in CRASH_TEXT))
    if not os.path.exists(r.path(name)):
        r.failures.append(f"{name}: no bundle written (stderr: {err[:300]!r})")
        return None, None, None
    copy = _readable_copy(r, name)
    manifest, files, problems = bundle_check.verify(copy)
    r.checks += 1
    r.failures += [f"{name}: {p}" for p in problems]
    if manifest is None:
        return None, None, None
    r.eq(f"{name}: manifest partial", manifest.get("partial"), partial)
    r.eq(f"{name}: manifest redacted", manifest.get("redacted"), redacted)
    for m in BUNDLE_MEMBERS:
        r.true(f"{name}: member {m} present", m in files)
    r.true(f"{name}: recorded netlink answers (raw/netlink/*.nl)",
           any(n.startswith("raw/netlink/") and n.endswith(".nl") for n in files))
    return copy, manifest, files


def _devices(lines):
    """Device objects from JSON lines that hold a device or an array of them."""
    out = []
    for line in lines.splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        out += doc if isinstance(doc, list) else [doc]
    return out


def _counters(dev):
    """{(where, direction, name): value} of one stats device object."""
    out = {}
    for where, q in [("total", dev.get("total") or {})] + \
            [(f"queue {q['index']}", q) for q in dev.get("queues") or []]:
        for d in ("rx", "tx"):
            for k, v in (q.get(d) or {}).items():
                out[(where, d, k)] = v
    return out


def _by_ifname(devs):
    out = {}
    for d in devs:
        out.setdefault(d.get("ifname"), []).append(d)
    return out


def _readback(r, name, copy, want_rc):
    """The commands read the bundle back, as nobody: {command: stdout}."""
    out = {}
    for c, rc in want_rc.items():
        got, stdout, stderr, _ = host_vnetctl(r, copy, "-j", c)
        r.eq(f"{name}: vnetctl --from -j {c} exit status (stderr {stderr[:200]!r})", got, rc)
        out[c] = stdout
    return out


def _replayed_rates(r, copy, samples):
    """`--from B -j stats -q -i 1` replays rates: one report per device and
    pair of consecutive samples, its interval their time difference (to
    25 ms: the interval is measured on the monotonic clock, "time" read
    from the wall clock just after, and a TCG vCPU can be descheduled in
    between: 3 ms seen on a loaded host) and each rate times the interval
    exactly their counters' difference (samples.json)."""
    rc, out, err, _ = host_vnetctl(r, copy, "-j", "stats", "-q", "-i", "1")
    r.eq(f"busy: --from stats -q -i 1 (rates) exit status ({err[:200]!r})", rc, 0)
    try:
        rates = _by_ifname(_devices(out.decode()))
    except ValueError as e:
        r.failures.append(f"busy: replayed rates are not JSON lines: {e}")
        return
    for ifname, recorded in samples.items():
        got = rates.get(ifname, [])
        r.eq(f"busy: {ifname} rate reports replayed", len(got), len(recorded) - 1)
        bad = []
        for k, rep in enumerate(got[:len(recorded) - 1]):
            a, b = recorded[k], recorded[k + 1]
            dt = b["time"] - a["time"]
            iv = rep.get("interval") or 0
            if rep.get("kind") != "rates" or abs(iv - dt) > 0.025:
                bad.append(f"report {k + 1}: kind {rep.get('kind')}, interval "
                           f"{rep.get('interval')} for samples {dt:.6f} s apart")
                continue
            ca, cb = _counters(a), _counters(b)
            for key, rate in _counters(rep).items():
                if rate is None or ca.get(key) is None or cb.get(key) is None:
                    continue
                moved = cb[key] - ca[key]
                if abs(rate * iv - moved) > 1e-6 * max(1, abs(moved)):
                    bad.append(f"report {k + 1} {' '.join(key)}: {rate} x {iv} s, "
                               f"counter moved {moved}")
        r.true(f"busy: {ifname} replayed rates = the samples' differences over their "
               f"intervals: {bad[:5]}", got and not bad)


def bundle_checks(r):
    """Busy: the bundle reads back and its samples show the four queue pairs
    moving.  Quiet: show, check and explain from the bundle byte-identical to
    the guest's live output (which did not change across the bundle: else
    the guest was not quiet and the comparison would prove nothing); the
    replayed stats equal samples.json and lie between the live stats before
    and after."""
    r.eq("ls of the bundles' directory (atomic writes: no temporary file left)",
         r.text("b.ls").split(), ["busy.tar.gz", "quiet.tar.gz"])
    # ---- busy
    copy, manifest, files = _bundle_verified(r, "b/busy.tar.gz", 0)
    if copy:
        _readback(r, "busy", copy, {"show": 0, "explain": 0, "list": 0, "features": 0})
        samples = _by_ifname(_devices(files.get("samples.json", b"").decode()))
        eth0 = samples.get("eth0", [])
        r.true(f"busy: eth0 sampled more than once over {BUNDLE_WINDOW} s ({len(eth0)})",
               len(eth0) >= 2)
        if len(eth0) >= 2:
            first, last = _counters(eth0[0]), _counters(eth0[-1])
            for q in range(4):
                for d in ("rx", "tx"):
                    k = (f"queue {q}", d, "packets")
                    a, b = first.get(k), last.get(k)
                    r.true(f"busy: eth0 queue {q} {d} packets rise across the samples "
                           f"({a} -> {b})", a is not None and b is not None and b > a)
        _replayed_rates(r, copy, samples)
    # ---- quiet
    r.eq("the guest went quiet before the quiet bundle", r.text("settle.rc").strip(), "0")
    for c in ("show", "check", "explain", "stats"):
        for when in ("before", "after"):
            r.eq(f"live {when}: vnetctl -j {c} exit status", r.rc(f"{when}-{c}.json"), 0)
    live = {c: open(r.path(f"before-{c}.json"), "rb").read() for c in ("show", "check", "explain")}
    for c in live:
        r.true(f"guest quiet: live -j {c} identical before and after the bundle (if not, "
               "the byte comparison with the bundle proves nothing)",
               live[c] == open(r.path(f"after-{c}.json"), "rb").read())
    before = _by_ifname(_devices(r.text("before-stats.json")))
    after = _by_ifname(_devices(r.text("after-stats.json")))
    for ifname in before:
        r.true(f"guest quiet: {ifname}'s counters equal before and after the bundle",
               _counters(before[ifname][0]) == _counters((after.get(ifname) or [{}])[0]))
    copy, manifest, files = _bundle_verified(r, "b/quiet.tar.gz", 0)
    if not copy:
        return
    got = _readback(r, "quiet", copy, {"show": 0, "check": 0, "explain": 0})
    for c in live:
        r.true(f"quiet: vnetctl --from -j {c} byte-identical to the guest's live output "
               f"({len(got[c])} and {len(live[c])} bytes)", got[c] == live[c])
        try:
            r.true(f"quiet: member {c}.json is what the guest printed live (as JSON)",
                   json.loads(files.get(f"{c}.json", b"null")) == json.loads(live[c]))
        except ValueError as e:
            r.failures.append(f"quiet: member {c}.json is not JSON: {e}")
    rc, env_show, _, _ = host_vnetctl(r, copy, "-j", "show", env_from=True)
    r.true(f"quiet: VNET_FROM=bundle vnetctl -j show (exit {rc}) as --from",
           env_show == got["show"])
    # the samples, replayed and bracketed
    recorded = _devices(files.get("samples.json", b"").decode())
    r.true(f"quiet: samples over the {BUNDLE_WINDOW} s window, both NICs ({len(recorded)} lines)",
           len(_by_ifname(recorded).get("eth0", [])) >= 2 and "eth1" in _by_ifname(recorded))
    rc, out, err, secs = host_vnetctl(r, copy, "-j", "stats", "-q", "-t", "-i", "1")
    r.eq(f"quiet: --from stats -q -t -i 1 exit status ({err[:200]!r})", rc, 0)
    replayed = _devices(out.decode()) if rc == 0 else []
    r.eq("quiet: replayed stats (-t) = samples.json: devices in order",
         [d.get("ifname") for d in replayed], [d.get("ifname") for d in recorded])
    r.true("quiet: replayed stats (-t) = samples.json: every counter of every sample",
           [_counters(d) for d in replayed] == [_counters(d) for d in recorded])
    n = len(_by_ifname(recorded).get("eth0", []))
    r.true(f"quiet: the replay of {n} samples 1 s apart does not sleep ({secs:.2f} s)",
           n < 3 or secs < n - 1.5)
    bad = []
    for d in recorded:
        b = _counters((before.get(d.get("ifname")) or [{}])[0])
        a = _counters((after.get(d.get("ifname")) or [{}])[0])
        for k, v in _counters(d).items():
            if v is None or b.get(k) is None or a.get(k) is None:
                continue
            if not b[k] <= v <= a[k]:
                bad.append(f"{d.get('ifname')} {' '.join(k)}: {b[k]} <= {v} <= {a[k]}")
    r.checks += 1
    r.true(f"quiet: every sample's counters between the live stats before and after: {bad[:8]}",
           recorded and not bad)


SCENARIOS += [
    Scenario("bundle", [Nic("mq=on,vectors=10", queues=4, combined=4),
                        Nic("mq=on,vectors=10", queues=4)],
             guest=BUNDLE_GUEST, host=BUNDLE_HOST, extra=bundle_checks, timeout=450,
             about="vnetctl bundle under traffic and quiet; read back on the host: show, "
                   "check, explain byte-identical, stats replayed",
             check={"": ["speed-unknown", "speed-unknown"]}),
]


# ---- bundleredact: no MAC, IP or hostname of the guest left in a redacted bundle --------

REDACT_HOSTNAME = "VNetSecret-7q"
# eth0 gets a locally administered MAC, eth1 a universal one of another OUI
# (Intel's 00:1b:21); their permanent MACs stay QEMU's 52:54:00:...
REDACT_MACS = {"eth0": "02:5e:c7:00:00:01", "eth1": "00:1b:21:5e:c7:e7"}
REDACT_GUEST = BUNDLE_PRELUDE + f"""
echo {REDACT_HOSTNAME} > /proc/sys/kernel/hostname
ip link set eth0 address {REDACT_MACS['eth0']}
ip link set eth1 address {REDACT_MACS['eth1']}
ip addr add 192.0.2.10/24 dev eth0
ip addr add 2001:db8:5ec::10/64 dev eth0
ip addr add fe80::5ec:10/64 dev eth0
ip addr add 198.51.100.20/24 dev eth1
ip addr add 2001:db8:5ec:1::20/64 dev eth1
# the secrets, as the guest's own tools tell them
cat /proc/sys/kernel/hostname > $R/secret-hostname
/usr/bin/ip -j addr > $R/secret-ip-addr.json
for d in /sys/class/net/eth*; do
	echo "${{d##*/}} $(cat $d/address) $(/usr/bin/ethtool -P ${{d##*/}})"
done > $R/secret-macs
# the secrets in a source the bundle copies (kernel log lines naming a
# device), as ip writes them and in other forms logs use
{{ /usr/bin/ip -o addr; /usr/bin/ip -o link; }} | while read -r l; do
	echo "eth0: vnet bundle test: $l" > /dev/kmsg
done
echo "eth0: vnet bundle test: host $(tr a-z A-Z < /proc/sys/kernel/hostname).example;\
 2001:0db8:05ec:0000:0000:0000:0000:0010 20010db805ec00000000000000000010;\
 02-5E-C7-00-00-01 001b215ec7e7 52:54:00:12:34:56" > /dev/kmsg
run red.out vnetctl bundle --redact -o $R/b/red.tar.gz --sample 1
# the same unredacted: which secrets a bundle holds at all
run plain.out vnetctl bundle -o $R/b/plain.tar.gz --sample 0
ls $R/b > $R/b.ls
# QEMU's MACs back: explain and the QMP checks know the NICs by them
ip link set eth0 address {Nic.mac(0)}
ip link set eth1 address {Nic.mac(1)}
"""


def _guest_secrets(r):
    """{"macs", "ips", "hostnames"} from the guest's own tools: the
    hostname, `ip -j addr` (every address but loopback's, the links' MACs),
    sysfs addresses and `ethtool -P` (the permanent MACs)."""
    macs, ips = set(), set()
    for link in json.loads(r.text("secret-ip-addr.json")):
        if link.get("link_type") == "loopback":
            continue
        for k in ("address", "permaddr"):
            if link.get(k):
                macs.add(link[k].lower())
        for a in link.get("addr_info", []):
            ips.add(a["local"])
    per_if = {}
    for line in r.text("secret-macs").splitlines():
        f = line.split()
        # "eth0 02:.. Permanent address: 52:54:00:.."
        per_if[f[0]] = {"mac": f[1].lower(), "permanent": f[-1].lower()}
        macs |= {f[1].lower(), f[-1].lower()}
    names = [r.text("secret-hostname").strip()]
    # VNET_VM_SABOTAGE=redact: a "secret" every bundle holds, never redacted
    if os.environ.get("VNET_VM_SABOTAGE") == "redact":
        names.append("virtio_net")
    return {"macs": sorted(macs), "ips": sorted(ips), "hostnames": names}, per_if


def _mac_class(mac):
    first = int(mac.split(":")[0], 16)
    return {"qemu": mac.lower().startswith("52:54:00:"), "local": bool(first & 2),
            "multicast": bool(first & 1)}


def bundleredact_checks(r):
    secrets, per_if = _guest_secrets(r)
    ips = [ipaddress.ip_address(a) for a in secrets["ips"]]
    # the search below proves something only if every kind of secret is there
    r.eq("secrets: the hostname", secrets["hostnames"], [REDACT_HOSTNAME])
    r.true(f"secrets: IPv4, IPv6 global and link-local addresses: {secrets['ips']}",
           any(a.version == 4 for a in ips) and any(a.version == 6 and a.is_link_local
                                                    for a in ips)
           and any(a.version == 6 and not a.is_link_local for a in ips))
    r.true(f"secrets: QEMU, locally administered and other-OUI MACs: {secrets['macs']}",
           {m[:8] for m in secrets["macs"]} >= {"52:54:00", REDACT_MACS["eth0"][:8],
                                                 REDACT_MACS["eth1"][:8]})
    r.eq("ls of the bundles' directory", r.text("b.ls").split(), ["plain.tar.gz", "red.tar.gz"])
    # the search finds what is there: an unredacted bundle holds every
    # secret (the guest wrote them all into kernel log lines naming eth0,
    # which the bundle copies)
    plain, _, files = _bundle_verified(r, "b/plain.tar.gz", 0)
    if plain:
        files = dict(files)
        files["(member names)"] = bundle_check.member_names(plain)
        held = {what for _, what, _ in bundle_check.leaks(files, secrets)}
        every = [f"MAC {m}" for m in secrets["macs"]] + [f"IP {a}" for a in secrets["ips"]] + \
            [f"hostname {h}" for h in secrets["hostnames"]]
        for what in every:
            r.true(f"the unredacted bundle holds {what}: the search finds it", what in held)
    copy, manifest, files = _bundle_verified(r, "b/red.tar.gz", 0, redacted=True)
    if not copy:
        return
    files = dict(files)
    files["(member names)"] = bundle_check.member_names(copy)
    found = bundle_check.leaks(files, secrets)
    r.checks += 1
    r.true(f"redacted: no secret in any of {len(files)} members ({len(found)} found)", not found)
    r.failures += [f"redacted: {m}: {what} found ({form})" for m, what, form in found[:40]]
    rc, out, err, _ = host_vnetctl(r, copy, "-j", "show")
    r.eq(f"redacted: --from -j show exit status ({err[:200]!r})", rc, 0)
    if rc:
        return
    shown = {d["ifname"]: d for d in json.loads(out)}
    r.eq("redacted: devices shown", sorted(shown), sorted(per_if))
    for ifname, orig in sorted(per_if.items()):
        link = (shown.get(ifname) or {}).get("link") or {}
        for k, key in (("mac", "mac"), ("permanent", "permanent_mac")):
            got = link.get(key)
            r.true(f"redacted: {ifname} {key} {got!r} is a MAC other than {orig[k]}",
                   isinstance(got, str) and re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", got)
                   and got != orig[k])
            if isinstance(got, str) and re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", got):
                r.eq(f"redacted: {ifname} {key} {got} keeps the class of {orig[k]}",
                     _mac_class(got), _mac_class(orig[k]))


SCENARIOS += [
    Scenario("bundleredact", [Nic(), Nic("mq=on,vectors=6", queues=2)], guest=REDACT_GUEST,
             extra=bundleredact_checks,
             about="vnetctl bundle --redact: no MAC, IP or hostname of the guest in any member; "
                   "the MACs' classes kept",
             check={"": ["mq-missing", "speed-unknown", "speed-unknown"]}),
]


# ---- bundlepartial: a NIC unplugged during the bundle's sample window ----------------------

PARTIAL_ACTIONS = {"unplug1": FAULT_UNPLUG, "plug1": _fault_plug("hot1")}
PARTIAL_GUEST = BUNDLE_PRELUDE + f"""
ifname() {{ # MAC: the interface with that address
	for d in /sys/class/net/*; do
		[ "$(cat $d/address 2>/dev/null)" = "$1" ] && {{ echo ${{d##*/}}; return 0; }}
	done
	return 1
}}
n=$(ifname {FAULT_MAC1})
echo $n $(basename $(readlink /sys/class/net/$n/device)) > $R/partial.dev
rm -f $R/partial.out.rc
(R=$R; run partial.out vnetctl bundle -o $R/b/partial.tar.gz --sample 20) &
# well inside the window (collection before it takes a second or two)
sleep 5
host_action unplug1
wait_until 120 '! ifname {FAULT_MAC1} > /dev/null'
echo $? > $R/partial.gone
wait_until 90 '[ -s $R/partial.out.rc ]'
echo $? > $R/partial.ended
ls $R/b > $R/b.ls
host_action plug1
wait_until 120 'ifname {FAULT_MAC1} > /dev/null'
echo $? > $R/partial.back
ip link set $(ifname {FAULT_MAC1}) up
"""


def bundlepartial_checks(r):
    done = [a["action"] for a in r.host_actions]
    r.eq("host actions run, in order", done, ["unplug1", "plug1"])
    for f in ("partial.gone", "partial.ended", "partial.back"):
        r.eq(f"guest: {f}", r.text(f).strip(), "0")
    ifname, virtio = r.text("partial.dev").split()
    r.eq("ls of the bundles' directory", r.text("b.ls").split(), ["partial.tar.gz"])
    copy, manifest, files = _bundle_verified(r, "b/partial.tar.gz", 2, partial=True)
    if not copy:
        return
    reason = manifest.get("partial_reason") or ""
    r.true(f"partial_reason names the unplugged NIC ({ifname} or {virtio}): {reason!r}",
           re.search(rf"\b({ifname}|{virtio})\b", reason) is not None)
    # what was collected is kept: the unplugged NIC's samples up to its
    # removal, the other's over the whole window
    samples = _by_ifname(_devices(files.get("samples.json", b"").decode()))
    n0, n1 = len(samples.get("eth0", [])), len(samples.get(ifname, []))
    r.true(f"partial: samples of eth0 ({n0}) over the window, of {ifname} ({n1}) until it "
           "went", n0 > n1 >= 1)
    got = _readback(r, "partial", copy, {"show": 0, "list": 0})
    try:
        names = [d["ifname"] for d in json.loads(got["show"])]
        r.true(f"partial: the NIC that stayed is shown: {names}", "eth0" in names)
    except ValueError as e:
        r.failures.append(f"partial: --from -j show is not JSON: {e}")


SCENARIOS += [
    Scenario("bundlepartial", [Nic("mq=on,vectors=10", queues=4), Nic()], guest=PARTIAL_GUEST,
             host_actions=PARTIAL_ACTIONS, extra=bundlepartial_checks,
             about="device_del of a NIC during vnetctl bundle's window: exit 2, marked partial, "
                   "still read back",
             check={"": ["mq-missing", "speed-unknown", "speed-unknown"]}),
]


# ---- bundlebench: the cost of a bundle of 4 devices with a 5 s window (make bench) ----------

BUNDLEBENCH_NICS = 4
BUNDLEBENCH_WINDOW = 5
# Wall time from /proc/uptime around the run; CPU time: the wrapper shell's
# cutime+cstime once it has waited for vnetctl (USER_HZ 100).
BUNDLEBENCH_GUEST = BUNDLE_PRELUDE + f"""
read t0 rest < /proc/uptime
R=$R sh -c 'vnetctl bundle -o $R/b/bench.tar.gz --sample {BUNDLEBENCH_WINDOW} > $R/bench.out \
	2> $R/bench.out.err
echo $? > $R/bench.out.rc
cat /proc/$$/stat > $R/bench-stat'
read t1 rest < /proc/uptime
echo "$t0 $t1" > $R/bench-uptime
# the same without the window (one sample), and `vnetctl -j show` of the
# same NICs as the yardstick
R=$R sh -c 'vnetctl bundle -o /tmp/nowindow.tar.gz --sample 0 2> /dev/null
cat /proc/$$/stat > $R/bench-nowindow-stat'
R=$R sh -c 'vnetctl -j show > /dev/null
cat /proc/$$/stat > $R/bench-show-stat'
"""


def bundlebench_checks(r):
    copy, manifest, files = _bundle_verified(r, "b/bench.tar.gz", 0)
    if not copy:
        return
    try:
        devs = json.loads(files["state.json"])["devices"]
    except (KeyError, ValueError, TypeError) as e:
        r.failures.append(f"state.json unreadable: {e}")
        devs = []
    r.eq("state.json: devices", len(devs), BUNDLEBENCH_NICS)
    t0, t1 = (float(x) for x in r.text("bench-uptime").split())
    f = r.text("bench-stat").rsplit(")", 1)[1].split()
    cpu = (int(f[13]) + int(f[14])) / 100.0
    r.true(f"bench: the window was waited for ({t1 - t0:.2f} s)", t1 - t0 >= BUNDLEBENCH_WINDOW)
    what = f"vnetctl bundle --sample {BUNDLEBENCH_WINDOW}, {BUNDLEBENCH_NICS} NICs x 4 queue pairs"
    r.figures["bundle_wall"] = (round(t1 - t0, 2), "s", f"wall (TCG guest): {what}; goal < 6 s")
    r.figures["bundle_cpu"] = (round(cpu, 2), "s", f"CPU (TCG guest, user+system): {what}")
    r.figures["bundle_size"] = (os.path.getsize(r.path("b/bench.tar.gz")), "bytes",
                                f"{len(manifest['members'])} members")
    for name, what in (("nowindow", "vnetctl bundle --sample 0 (one sample, no window)"),
                       ("show", "vnetctl -j show, the yardstick")):
        f = r.text(f"bench-{name}-stat").rsplit(")", 1)[1].split()
        r.figures[f"{name}_cpu"] = ((int(f[13]) + int(f[14])) / 100.0, "s",
                                    f"CPU (TCG guest): {what}, {BUNDLEBENCH_NICS} NICs")


SCENARIOS += [
    Scenario("bundlebench", [Nic("mq=on,vectors=10", queues=4)
                             for _ in range(BUNDLEBENCH_NICS)],
             guest=BUNDLEBENCH_GUEST, extra=bundlebench_checks, bench=True,
             about="vnetctl bundle's wall and CPU time, 4 NICs, 5 s window (a figure, not judged)",
             check={"": ["speed-unknown"] * BUNDLEBENCH_NICS}),
]
