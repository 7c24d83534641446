#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A fake QEMU that answers QMP from a real recording (qmp-recordings/,
README.md there), optionally made wrong or hostile: the peers of
tests/qmp-errors.test for vnetctl's QMP backend.

usage: qmp_replay.py SOCKET RECORDING MUTATION

The answer to a command is the recorded reply to the same command with the
same arguments.  x-query-virtio-queue-status answers each repeat of a
question with the next pass's reply (the last one again when there is none):
two samples of a recording with two passes see the two moments recorded.
Anything not recorded: CommandNotFound for an unknown command, else
GenericError.  One client at a time, as QEMU's monitor; "noaccept" listens
and never accepts, as a QEMU whose monitor another client holds (the
greeting never comes: socket-in-use.jsonl).
"""

import copy
import json
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import oracle  # noqa: E402

MUTATIONS = {}

# QEMU's feature names (x-query-virtio-status: "VIRTIO_NET_F_MQ: description")
# beyond the ones the oracle names: the virtio spec's bit numbers, and QEMU's
# own names for some the oracle calls otherwise
QMP_EXTRA_BITS = {"GSO": 6, "CTRL_RX_EXTRA": 20, "NOTIFY_ON_EMPTY": 24, "ANY_LAYOUT": 27,
                  "PROTOCOL_FEATURES": 30, "IOMMU_PLATFORM": 33, "ORDER_PLATFORM": 36,
                  "SR_IOV": 37, "NOTIFICATION_DATA": 38, "HASH_REPORT": 57, "RSS": 60,
                  "RSC_EXT": 61}
QMP_PREFIXES = ("VIRTIO_NET_F_", "VIRTIO_RING_F_", "VIRTIO_F_", "VHOST_USER_F_")


def qmp_feature_bits(fs):
    """A VirtioDeviceFeatures object as (the bit mask it stands for, the
    entries whose bit the harness does not know)."""
    bits = fs.get("unknown-dev-features", 0)
    unmapped = []
    for entry in fs.get("transports", []) + fs.get("dev-features", []):
        name = entry.split(":", 1)[0]
        for p in QMP_PREFIXES:
            if name.startswith(p):
                name = name[len(p):]
                break
        bit = oracle.FEATURE_BITS.get(name, QMP_EXTRA_BITS.get(name))
        if bit is None:
            unmapped.append(entry)
        else:
            bits |= 1 << bit
    return bits, unmapped


def recorded(path, cmd):
    """The first recorded return of @cmd (its first pass)."""
    for line in open(path):
        m = json.loads(line)
        if m.get("execute") == cmd and "return" in m.get("reply", {}):
            return m["reply"]["return"]
    return None


def mutation(fn):
    MUTATIONS[fn.__name__] = fn
    return fn


def key(cmd, args):
    return cmd, json.dumps(args or {}, sort_keys=True)


class Recording:
    def __init__(self, path):
        self.greeting = None
        self.replies = {}		# key -> [reply of pass 1, of pass 2...]
        self.known = set()		# commands QEMU has
        for line in open(path):
            m = json.loads(line)
            if "QMP" in m:
                self.greeting = m
            elif "execute" in m:
                k = key(m["execute"], m.get("arguments"))
                self.replies.setdefault(k, []).append(m["reply"])
                if m["reply"].get("error", {}).get("class") != "CommandNotFound":
                    self.known.add(m["execute"])
        self.served = {}

    def answer(self, cmd, args):
        k = key(cmd, args)
        if k in self.replies:
            got = self.replies[k]
            n = self.served.get(k, 0)
            self.served[k] = n + 1
            if cmd != "x-query-virtio-queue-status":
                n = 0
            return copy.deepcopy(got[min(n, len(got) - 1)])
        if cmd not in self.known:
            return {"error": {"class": "CommandNotFound",
                              "desc": f"The command {cmd} has not been found"}}
        return {"error": {"class": "GenericError", "desc": f"not recorded: {cmd} {k[1]}"}}


# ---- mutations: (recording, command, arguments, reply) -> reply ------------------

@mutation
def verbatim(rec, cmd, args, reply):
    return reply


@mutation
def oldqemu(rec, cmd, args, reply):
    """QEMU before 7.2: no x-query-virtio* (query-commands does not list them)."""
    if cmd.startswith("x-query-virtio"):
        return {"error": {"class": "CommandNotFound",
                          "desc": f"The command {cmd} has not been found"}}
    if cmd == "query-commands" and "return" in reply:
        reply["return"] = [c for c in reply["return"]
                           if not c["name"].startswith("x-query-virtio")]
    return reply


def _status(status, running=False):
    def fn(rec, cmd, args, reply):
        if cmd == "query-status":
            return {"return": {"status": status, "singlestep": False, "running": running}}
        if cmd == "x-query-virtio-status" and "return" in reply:
            reply["return"]["vm-running"] = running
        return reply
    return fn


MUTATIONS["postmigrate"] = _status("postmigrate")
MUTATIONS["finishmigrate"] = _status("finish-migrate")
MUTATIONS["suspended"] = _status("suspended")


@mutation
def moving(rec, cmd, args, reply):
    """Every queue-status answer a little further on, inuse kept: a busy
    ring, not a stuck one."""
    if cmd == "x-query-virtio-queue-status" and "return" in reply:
        n = rec.served[key(cmd, args)]
        r = reply["return"]
        for f in ("used-idx", "last-avail-idx", "shadow-avail-idx", "signalled-used"):
            if f in r:
                r[f] = (r[f] + 5 * n) % 65536
    return reply


@mutation
def hugevqs(rec, cmd, args, reply):
    if cmd == "x-query-virtio-status" and "return" in reply:
        reply["return"]["num-vqs"] = 4294967295
    if cmd == "x-query-virtio-queue-status" and "error" in reply:
        return rec.answer(cmd, dict(args, queue=0))
    return reply


@mutation
def negvqs(rec, cmd, args, reply):
    if cmd == "x-query-virtio-status" and "return" in reply:
        reply["return"]["num-vqs"] = -1
    return reply


@mutation
def badqueue(rec, cmd, args, reply):
    """Queue state of the wrong types and out of range."""
    if cmd == "x-query-virtio-queue-status" and "return" in reply:
        r = reply["return"]
        r["inuse"] = "1"
        r["vring-num"] = -5
        r["used-idx"] = 70000
        r["last-avail-idx"] = None
        r["queue-index"] = 999
    return reply


EVIL = "'/><evil/>\x1b[31m\x07\n"


@mutation
def evilqom(rec, cmd, args, reply):
    """The device's netdev and mac with markup, escapes, bell and newline."""
    if cmd == "qom-get" and args.get("property") in ("netdev", "mac") and "return" in reply:
        reply["return"] = reply["return"] + EVIL
    return reply


@mutation
def evilstrings(rec, cmd, args, reply):
    """Strings with markup, escapes, bell and newline wherever QEMU sends
    free text: feature and status names, the device name, the rx filter."""
    if cmd == "x-query-virtio-status" and "return" in reply:
        r = reply["return"]
        r["name"] = "virtio-net" + EVIL
        for fs in ("guest-features", "host-features"):
            r[fs]["dev-features"] = [EVIL + f for f in r[fs]["dev-features"]] + \
                ["VIRTIO_NET_F_EVIL" + EVIL + ": x"]
        r["status"]["statuses"] = [s + EVIL for s in r["status"]["statuses"]]
    if cmd == "query-rx-filter" and "return" in reply:
        for f in reply["return"]:
            f["main-mac"] = f["main-mac"] + EVIL
            f["multicast-table"] = [EVIL] * 3
    return reply


@mutation
def badbits(rec, cmd, args, reply):
    """unknown-dev-features beyond 64 bits, and of the wrong type."""
    if cmd == "x-query-virtio-status" and "return" in reply:
        reply["return"]["guest-features"]["unknown-dev-features"] = 1 << 70
        reply["return"]["host-features"]["unknown-dev-features"] = "lots"
    return reply


@mutation
def manydevices(rec, cmd, args, reply):
    """x-query-virtio listing 100,000 devices, all the same one."""
    if cmd == "x-query-virtio" and "return" in reply and reply["return"]:
        reply["return"] = reply["return"][:1] * 100000
    return reply


@mutation
def notalist(rec, cmd, args, reply):
    if cmd == "x-query-virtio" and "return" in reply:
        reply["return"] = {"name": "virtio-net"}
    return reply


def serve(sock_path, rec, mutate):
    s = socket.socket(socket.AF_UNIX)
    s.bind(sock_path + ".tmp")
    s.listen(5)
    os.rename(sock_path + ".tmp", sock_path)
    if mutate == "noaccept":
        while True:
            time.sleep(3600)
    fn = MUTATIONS[mutate]
    while True:
        c, _ = s.accept()
        rec.served = {}
        try:
            c.sendall(json.dumps(rec.greeting).encode() + b"\r\n")
            for line in c.makefile("rb"):
                req = json.loads(line)
                cmd, args = req.get("execute"), req.get("arguments")
                if cmd == "qmp_capabilities":
                    reply = {"return": {}}
                else:
                    reply = fn(rec, cmd, args or {}, rec.answer(cmd, args))
                if "id" in req:
                    reply["id"] = req["id"]
                c.sendall(json.dumps(reply).encode() + b"\r\n")
        except (BrokenPipeError, ConnectionResetError, ValueError):
            pass
        c.close()


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--bits":
    # the negotiated and offered bits of the first device of a recording, as
    # vnetctl's -j show writes them
    st = recorded(sys.argv[2], "x-query-virtio-status")
    print(hex(qmp_feature_bits(st["guest-features"])[0]),
          hex(qmp_feature_bits(st["host-features"])[0]))
elif __name__ == "__main__":
    if len(sys.argv) != 4 or (sys.argv[3] not in MUTATIONS and sys.argv[3] != "noaccept"):
        sys.exit(__doc__ + "\nmutations: " + " ".join(sorted(MUTATIONS)) + " noaccept")
    serve(sys.argv[1], Recording(sys.argv[2]), sys.argv[3])
