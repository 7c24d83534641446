# SPDX-License-Identifier: GPL-2.0-or-later
"""Driver of tests/live-eth0.test: collect the oracle outputs for one local
device and compare them with vnetctl, as root and as nobody."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def sh(*cmd, user=None):
    return subprocess.run(list(user or []) + list(cmd), check=True, capture_output=True,
                          text=True).stdout


def collect(dev, virtio, user=None):
    return {
        "ethtool_i": sh("ethtool", "-i", dev, user=user),
        "ethtool_l": sh("ethtool", "-l", dev, user=user),
        "ethtool_g": sh("ethtool", "-g", dev, user=user),
        "ethtool_k": sh("ethtool", "-k", dev, user=user),
        "ethtool": sh("ethtool", dev, user=user),
        "ip_link": sh("ip", "-d", "-j", "link", "show", dev, user=user),
        "lspci": sh("lspci", "-vvv", "-nn", user=user),
        "interrupts": open("/proc/interrupts").read(),
        "features": open(f"/sys/bus/virtio/devices/{virtio}/features").read(),
        "root": user is None,
    }


def stats_snapshot(dev):
    o = {"ethtool_S": sh("ethtool", "-S", dev), "interrupts": open("/proc/interrupts").read()}
    for d in ("rx", "tx"):
        for m in ("packets", "bytes"):
            with open(f"/sys/class/net/{dev}/statistics/{d}_{m}") as f:
                o[f"{d}_{m}"] = int(f.read())
    return o


def check_stats(vnetctl, dev):
    """vnetctl stats between two oracle reads: the adapter carries this
    machine's live traffic, so every counter must lie between them."""
    before = stats_snapshot(dev)
    out = json.loads(sh(vnetctl, "-j", "stats", "-q", dev))
    after = stats_snapshot(dev)
    errs = oracle.compare_stats(out[0], before, after)
    for e in errs:
        print(f"FAIL [stats] {dev}: {e}")
    print(f"stats: {dev}: {oracle.compare_stats.count} counters "
          f"{'between ethtool -S, /proc/interrupts and stats64 reads' if not errs else 'wrong'}")
    return len(errs)


def acpi_oem_ids():
    """OEM id (bytes 10-15 of the header) of every ACPI table, read here as root."""
    base = "/sys/firmware/acpi/tables"
    ids = {}
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        path = os.path.join(base, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as f:
                head = f.read(36)
            if len(head) == 36:
                ids[head[0:4].decode("latin-1")] = head[10:16]
    return ids


def check_vmm(d, who, oem_ids):
    """The VMM of this machine: Firecracker writes OEM id "FIRECK" into every
    table it builds (docs/vmms.md 2.2, firecracker src/vmm/src/acpi/mod.rs).
    As root vnetctl must name it from that evidence; as nobody the tables are
    mode 0400 and vnetctl must say so, naming no other VMM."""
    vmm = d.get("vmm")
    if not vmm:
        return ["no vmm object in -j show"]
    errs = []
    acpi = [e for e in vmm["evidence"] if e["source"] == "acpi"]
    if who == "root":
        if not oem_ids or set(oem_ids.values()) != {b"FIRECK"}:
            print(f"vmm: ACPI OEM ids {oem_ids}: not only FIRECK, the Firecracker check is skipped")
            return []
        if vmm["name"] != "firecracker" or vmm["confidence"] != "high":
            errs.append(f"vmm: {vmm['name']} ({vmm['confidence']}), tables say firecracker")
        if not any('"FIRECK"' in e["seen"] and e["allows"] == ["firecracker"] for e in acpi):
            errs.append(f"vmm: no ACPI evidence naming FIRECK: {acpi}")
        for sig in oem_ids:
            if not any(sig in e["seen"] for e in acpi):
                errs.append(f"vmm: ACPI table {sig} missing from the evidence")
    else:
        if oem_ids and not any("not readable without root" in e["seen"] for e in acpi):
            errs.append(f"vmm: as nobody the ACPI evidence should say 'not readable': {acpi}")
        if vmm["name"] not in ("firecracker", "unknown"):
            errs.append(f"vmm: as nobody {vmm['name']} named on a Firecracker machine")
    if not errs:
        print(f"vmm [{who}]: {vmm['name']} ({vmm['confidence']}), "
              f"{len(vmm['evidence'])} pieces of evidence")
    return errs


def main():
    vnetctl, dev = sys.argv[1], sys.argv[2]
    failed = 0
    oem_ids = acpi_oem_ids()
    for who, user in (("root", None), ("nobody", NOBODY)):
        out = json.loads(sh(vnetctl, "-j", "show", dev, user=user))
        assert len(out) == 1, out
        d = out[0]
        errs = oracle.compare_show(d, collect(dev, d["virtio"], user))
        errs += check_vmm(d, who, oem_ids)
        text = sh(vnetctl, "show", dev, user=user)
        if user and "need root" not in text:
            errs.append("text output without root does not say 'need root'")
        for e in errs:
            print(f"FAIL [{who}] {dev}: {e}")
        failed += len(errs)
        print(f"{who}: {dev} ({d['virtio']}, {d['pci']['slot']}, {d['pci']['mode']}): "
              f"{'agrees with ethtool, ip, lspci, procfs, sysfs' if not errs else f'{len(errs)} mismatches'}")
    failed += check_stats(vnetctl, dev)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
