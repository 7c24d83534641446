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


# QEMU's and libvirt's words, which nothing said about another VMM may contain
QEMU_WORDS = ("-device virtio", "-netdev ", "virtio-net-pci,", "<interface", "<driver")


def check_vmm_language(vnetctl, dev, oem_ids):
    """On Firecracker (ACPI OEM id FIRECK, docs/vmms.md 2.2) "check" gives no
    warning whose only remedy is a setting Firecracker lacks (docs/vmms.md 5:
    such findings are info and say so), and "explain" prints no QEMU command
    line or libvirt XML but Firecracker's network-interface object, naming
    Firecracker with the ACPI evidence.  The facts are read here: the OEM ids
    from the tables, the negotiated bits from sysfs."""
    if not oem_ids or set(oem_ids.values()) != {b"FIRECK"}:
        print("vmm language: not a Firecracker machine, skipped")
        return 0
    errs = []
    findings = json.loads(sh(vnetctl, "-j", "check", dev))["findings"]
    for f in findings:
        r = f["remedy"]
        if r["qemu"] or r["libvirt"]:
            errs.append(f"check: {f['id']} has a QEMU/libvirt remedy on Firecracker: {r}")
        if r["vmm"]["name"] != "firecracker":
            errs.append(f"check: {f['id']} remedy is for {r['vmm']['name']}")
        text = r["vmm"]["text"] or ""
        if any(w in text for w in QEMU_WORDS):
            errs.append(f"check: {f['id']} speaks QEMU on Firecracker: {text}")
        if f["severity"] != "info" and not r["guest"] and \
                text.startswith("Firecracker has no such setting"):
            errs.append(f"check: {f['id']} is a {f['severity']} whose only remedy is a setting "
                        f"Firecracker lacks: {text}")
    # Firecracker never offers a control queue, multiqueue or indirect descriptors
    # (docs/vmms.md 3, FC row): when this device lacks them, the findings say so
    virtio = os.path.basename(os.path.realpath(f"/sys/class/net/{dev}/device"))
    bits = open(f"/sys/bus/virtio/devices/{virtio}/features").read().strip()
    for fid, bit in (("ctrl-vq-missing", 17), ("indirect-desc-off", 28)):
        if bits[bit] == "0":
            f = [x for x in findings if x["id"] == fid]
            if not f or f[0]["severity"] != "info" or \
                    "Firecracker has no such setting" not in (f[0]["remedy"]["vmm"]["text"] or ""):
                errs.append(f"check: bit {bit} is off but {fid} is not info saying "
                            f"'Firecracker has no such setting': {f}")
    text = sh(vnetctl, "explain", dev)
    for w in QEMU_WORDS + ("libvirt:",):
        if w in text:
            errs.append(f"explain: {w!r} printed on Firecracker:\n{text}")
    if "on Firecracker" not in text or '"FIRECK"' not in text:
        errs.append(f"explain: Firecracker and its ACPI evidence not named:\n{text}")
    e = json.loads(sh(vnetctl, "-j", "explain", dev))[0]
    if e["vmm"]["name"] != "firecracker" or e["command_line"]["device"] or e["libvirt"] or \
            not e["vmm"]["config"].startswith("{"):
        errs.append(f"explain -j: not Firecracker's network-interface object: {e['vmm']}")
    else:
        json.loads(e["vmm"]["config"].replace("<", "").replace(">", ""))
    for x in errs:
        print(f"FAIL [vmm language] {dev}: {x}")
    if not errs:
        print(f"vmm language: {dev}: {len(findings)} findings and explain in Firecracker's terms")
    return len(errs)


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
    failed += check_vmm_language(vnetctl, dev, oem_ids)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
