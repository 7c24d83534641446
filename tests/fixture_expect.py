# SPDX-License-Identifier: GPL-2.0-or-later
"""The "vnetctl check" finding ids a fixture tree must produce, for
tests/fixtures.test: usage: fixture_expect.py DIR prints them, one a line,
sorted; exit status 1 with a message when the tree's scenario has none.

Trees captured in real guests (tests/vm --capture) take the final-state
expectation of their scenario in tests/vm/scenarios.py: the guest sends its
tree after the scenario's last step, and the matrix checks the same list
against the guest's own "vnetctl check".  Trees of other machines are
declared below, each id backed by facts this script reads from the tree
itself (raw sysfs and PCI config space), never by vnetctl's output.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "vm"))
import oracle  # noqa: E402
import scenarios  # noqa: E402


class NoExpectation(Exception):
    pass


def _read(d, *parts):
    with open(os.path.join(d, *parts), "rb") as f:
        return f.read()


def _virtio_net(d):
    """(features bits, PCI config bytes) of each virtio-net device in the tree."""
    base = os.path.join(d, "sys", "bus", "virtio", "devices")
    out = []
    for v in sorted(os.listdir(base)):
        if _read(base, v, "device").strip() != b"0x0001":
            continue
        real = os.path.realpath(os.path.join(base, v))
        out.append((oracle.decode_features(_read(real, "features").decode()),
                    _read(os.path.dirname(real), "config")))
    return out


def _msix_table_size(config):
    """MSI-X table size from the capability list of a config space, or None."""
    pos, seen = config[0x34] & 0xfc, set()
    while pos and pos not in seen and pos + 4 <= len(config):
        seen.add(pos)
        if config[pos] == 0x11:
            return (int.from_bytes(config[pos + 2:pos + 4], "little") & 0x7ff) + 1
        pos = config[pos + 1] & 0xfc
    return None


def _online_cpus(d):
    n = 0
    for part in _read(d, "sys", "devices", "system", "cpu", "online").decode().strip().split(","):
        lo, _, hi = part.partition("-")
        n += int(hi or lo) - int(lo) + 1
    return n


def _host_eth0(d):
    """This development machine (not QEMU): one modern device whose VMM
    offers neither a control queue nor multiqueue, indirect descriptors,
    ring reset, link speed or ECN offloads, with 3 MSI-X vectors, on 2 vCPUs.  Each id
    comes from the fact that makes the rule fire; the facts are read here."""
    devs = _virtio_net(d)
    if len(devs) != 1:
        raise NoExpectation(f"host-eth0: {len(devs)} virtio-net devices, the expectation is for 1")
    bits, config = devs[0]
    bit = oracle.FEATURE_BITS
    ids = []
    hdr_missing = [f for f in scenarios.NO_VNET_HDR_WITHDRAWS if bit[f] not in bits]
    facts = [
        ("ctrl-vq-missing", bit["CTRL_VQ"] not in bits),
        ("indirect-desc-off", bit["INDIRECT_DESC"] not in bits),
        ("mq-missing", bit["MQ"] not in bits and _online_cpus(d) > 1),
        ("ring-reset-missing", bit["RING_RESET"] not in bits),
        ("speed-unknown", bit["SPEED_DUPLEX"] not in bits),
        # one queue pair: 2 * 1 + 2 vectors recommended
        ("msix-table-small", (_msix_table_size(config) or 0) < 4),
        # some offloads a backend with virtio-net headers offers are missing (ECN)
        ("offloads-not-offered", 0 < len(hdr_missing) < len(scenarios.NO_VNET_HDR_WITHDRAWS)),
    ]
    for fid, holds in facts:
        if not holds:
            raise NoExpectation(f"host-eth0: the tree no longer shows the fact behind {fid}: "
                                "update the declaration in tests/fixture_expect.py")
        ids.append(fid)
    return ids


def _max_mtu(d):
    """IFLA_MAX_MTU (attribute 51) of the recorded rtnl reply: the device's
    maximum, the host's MTU when VIRTIO_NET_F_MTU is negotiated."""
    data = _read(d, "netlink", "rtnl-link-eth0.nl")
    at = data.find(bytes.fromhex("08003300"))
    return int.from_bytes(data[at + 4:at + 8], "little") if at >= 0 else None


def _doc_built(d, expect):
    """A tree built from docs/vmms.md (its README says what was changed): each
    id of @expect holds when its fact, read here from the tree, holds."""
    devs = _virtio_net(d)
    if len(devs) != 1:
        raise NoExpectation(f"{d}: {len(devs)} virtio-net devices, the expectation is for 1")
    bits, _config = devs[0]
    bit = oracle.FEATURE_BITS
    pairs = len([q for q in os.listdir(os.path.join(d, "sys", "class", "net", "eth0", "queues"))
                 if q.startswith("rx-")])
    mtu = int(_read(d, "sys", "class", "net", "eth0", "mtu"))
    hdr_missing = [f for f in scenarios.NO_VNET_HDR_WITHDRAWS if bit[f] not in bits]
    facts = {
        "indirect-desc-off": bit["INDIRECT_DESC"] not in bits,
        "mrg-rxbuf-off": bit["MRG_RXBUF"] not in bits,
        "ring-reset-missing": bit["RING_RESET"] not in bits,
        "speed-unknown": bit["SPEED_DUPLEX"] not in bits,
        "mq-missing": bit["MQ"] not in bits and _online_cpus(d) > 1,
        "mq-one-queue-pair": bit["MQ"] in bits and pairs == 1 and _online_cpus(d) > 1,
        "mtu-below-host-mtu": bit["MTU"] in bits and mtu < (_max_mtu(d) or 0),
        "offloads-not-offered": 0 < len(hdr_missing) < len(scenarios.NO_VNET_HDR_WITHDRAWS),
    }
    for fid in expect:
        if not facts[fid]:
            raise NoExpectation(f"{d}: the tree no longer shows the fact behind {fid}: "
                                "update the declaration in tests/fixture_expect.py")
    for fid, holds in facts.items():
        if holds and fid not in expect:
            raise NoExpectation(f"{d}: {fid} holds in the tree but is not declared")
    return list(expect)


def _cloud_hypervisor(d):
    """Cloud Hypervisor's built-in tap backend with the default --net (docs/vmms.md
    3: CTRL_VQ, MQ, STATUS, MTU and the offloads, never MRG_RXBUF or INDIRECT_DESC;
    one queue pair), on a guest with 2 vCPUs that set its MTU to 1400."""
    return _doc_built(d, ["indirect-desc-off", "mq-one-queue-pair", "mrg-rxbuf-off",
                          "mtu-below-host-mtu", "ring-reset-missing", "speed-unknown"])


def _crosvm(d):
    """crosvm's tap backend, one queue pair (docs/vmms.md 3: no MQ, no TSO6/ECN,
    MRG_RXBUF only with mrg-rxbuf), 2 vCPUs, guest MTU 1400."""
    return _doc_built(d, ["indirect-desc-off", "mq-missing", "mrg-rxbuf-off",
                          "mtu-below-host-mtu", "offloads-not-offered", "ring-reset-missing",
                          "speed-unknown"])


# trees not captured by the matrix: scenario name -> function(tree) -> ids
OTHER_MACHINES = {"host-eth0": _host_eth0, "ch": _cloud_hypervisor, "crosvm": _crosvm}


def expected_ids(d):
    meta_path = os.path.join(d, "meta.json")
    if not os.path.exists(meta_path):
        raise NoExpectation("no meta.json: which scenario captured this tree is unknown")
    meta = json.load(open(meta_path))
    name = meta.get("scenario")
    tag = ".".join(meta.get("kernel", "").split(".")[:2])
    if os.path.basename(os.path.normpath(d)) != f"{name}-{tag}":
        raise NoExpectation(f"meta.json says scenario {name!r} on kernel {meta.get('kernel')!r}: "
                            "the directory name should be <scenario>-<major.minor>")
    if name in OTHER_MACHINES:
        return sorted(OTHER_MACHINES[name](d))
    try:
        s = scenarios.by_name(name)
    except KeyError:
        raise NoExpectation(f"scenario {name!r} is not in tests/vm/scenarios.py "
                            "and not declared in tests/fixture_expect.py") from None
    if "" not in s.check:
        raise NoExpectation(f"scenario {name!r} declares no final check findings")
    return sorted(s.check[""])


def main():
    try:
        ids = expected_ids(sys.argv[1])
    except NoExpectation as e:
        print(f"{sys.argv[1]}: no expected check findings: {e}", file=sys.stderr)
        return 1
    for i in ids:
        print(i)
    return 0


if __name__ == "__main__":
    sys.exit(main())
