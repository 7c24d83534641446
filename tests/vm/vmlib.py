# SPDX-License-Identifier: GPL-2.0-or-later
"""Real-guest test machinery: Debian guest kernels, a busybox initramfs with
vnetctl and the oracle tools, QEMU (TCG) in a private network namespace, and
the results the guest sends back over a second serial port.

Nothing here knows about particular scenarios (see scenarios.py).
"""

import base64
import glob
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.environ.get("VNET_VM_CACHE", "/var/cache/vnetctl-vm")

# Modules each kernel needs for virtio-net (6.12 has virtio/virtio_pci built in;
# both build virtio_mmio as a module, without CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES:
# microvm's devices come from ACPI, LNRO0005).
GUEST_MODULES = ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
                 "virtio_pci", "virtio_mmio", "failover", "net_failover", "virtio_net"]
# Oracle tools copied into the guest with their shared libraries.
GUEST_TOOLS = ["/usr/sbin/ethtool", "/usr/bin/lspci", "/bin/ip", "/usr/bin/setpci",
               "/usr/bin/tmux"]
# vnettop runs in a tmux in the guest (toptune): the terminal tmux gives it,
# and the UTF-8 locale tmux insists on
GUEST_TERMINFO = ["/lib/terminfo/t/tmux-256color"]
GUEST_LOCALE = "/usr/lib/locale/C.utf8"
RESULTS_BEGIN = "VNET-RESULTS-BEGIN"
RESULTS_END = "VNET-RESULTS-END"


class VMError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- guest kernels -----------------------------------------------------------

def _apt_lines(*args):
    out = subprocess.run(["apt-cache", *args], check=True, capture_output=True, text=True).stdout
    return out.splitlines()


def kernel_packages():
    """{'6.1': package, '6.12': package}: Debian 12's default kernel and the
    newest 6.12 backport, as the registry knows them now."""
    k61 = None
    for line in _apt_lines("depends", "linux-image-amd64"):
        m = re.match(r"\s*Depends: (linux-image-6\.1\.\S+-amd64)$", line)
        if m:
            k61 = m.group(1)
    cands = [l.split()[0] for l in _apt_lines("search", r"^linux-image-6\.12\.[0-9]+\+deb12-amd64$")]
    cands.sort(key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    if not k61 or not cands:
        raise VMError("cannot find the guest kernels in the package registry (apt-get update?)")
    return {"6.1": k61, "6.12": cands[-1]}


def _extracted(pkg):
    root = os.path.join(CACHE, "x", pkg)
    return root if glob.glob(os.path.join(root, "boot", "vmlinuz-*")) else None


def fetch_kernel(tag):
    """Download (apt-get download) and unpack (dpkg-deb -x) a guest kernel
    once; never installs it.  Returns the unpacked root."""
    try:
        pkg = kernel_packages()[tag]
    except VMError:
        # offline with a cache: take what was unpacked before
        have = sorted(glob.glob(os.path.join(CACHE, "x", "linux-image-%s*" % tag)))
        have = [h for h in have if _extracted(os.path.basename(h))]
        if tag == "6.1":
            have = [h for h in have if "6.1." in os.path.basename(h) and "6.12" not in h]
        if not have:
            raise
        return have[-1]
    root = _extracted(pkg)
    if root:
        return root
    os.makedirs(CACHE, exist_ok=True)
    log(f"fetching {pkg}")
    subprocess.run(["apt-get", "download", pkg], cwd=CACHE, check=True, capture_output=True)
    deb = glob.glob(os.path.join(CACHE, pkg + "_*.deb"))
    if not deb:
        raise VMError(f"apt-get download {pkg} left no .deb in {CACHE}")
    root = os.path.join(CACHE, "x", pkg)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)  # dpkg-deb -x creates the last component only
    subprocess.run(["dpkg-deb", "-x", deb[0], root], check=True)
    os.unlink(deb[0])
    return root


class Kernel:
    def __init__(self, tag):
        self.tag = tag
        self.root = fetch_kernel(tag)
        self.vmlinuz = glob.glob(os.path.join(self.root, "boot", "vmlinuz-*"))[0]
        self.release = os.path.basename(self.vmlinuz)[len("vmlinuz-"):]

    def module(self, name):
        hits = glob.glob(os.path.join(self.root, "lib", "modules", self.release, "kernel", "**",
                                      name + ".ko*"), recursive=True)
        return hits[0] if hits else None


# ---- initramfs -----------------------------------------------------------------

def _ldd(path):
    out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    return re.findall(r"(/\S+) \(0x", out)


def _copy_with_libs(src, root, dest=None):
    dest = dest or src
    os.makedirs(os.path.dirname(root + dest), exist_ok=True)
    shutil.copy2(src, root + dest, follow_symlinks=True)
    for lib in _ldd(src):
        target = root + lib
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(lib, target, follow_symlinks=True)


# Test helpers built with the project and copied to /usr/bin in the guest.
GUEST_HELPERS = ["tests/vm/xdp-drop"]


def stage_vnetctl(builddir, dest):
    """make install into a staging directory (the real binaries, not libtool's
    wrappers), plus the guest-side test helpers."""
    subprocess.run(["make", "-C", builddir, "install", "DESTDIR=" + dest] + GUEST_HELPERS,
                   check=True, capture_output=True)
    prefix = os.path.join(dest, "usr", "local")
    if not os.path.exists(os.path.join(prefix, "bin", "vnetctl")):
        raise VMError("make install did not put vnetctl in /usr/local/bin")
    for helper in GUEST_HELPERS:
        shutil.copy2(os.path.join(builddir, helper), os.path.join(prefix, "bin"))
    return prefix


def _cpio(root, out):
    files = subprocess.run(["find", "."], cwd=root, check=True, capture_output=True).stdout
    data = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root, input=files,
                          check=True, capture_output=True).stdout
    with open(out, "wb") as f:
        f.write(data)


def build_base_initramfs(kernel, builddir, workdir):
    """busybox, the kernel's virtio modules, vnetctl+libvnet, ethtool, lspci,
    ip and the guest scripts.  Cached by content; scenarios append a small
    second archive with their own /scenario.sh."""
    stage = tempfile.mkdtemp(prefix="stage-", dir=workdir)
    prefix = stage_vnetctl(builddir, stage)
    h = hashlib.sha256(kernel.release.encode())
    h.update(repr((GUEST_TOOLS, GUEST_TERMINFO, GUEST_LOCALE)).encode())  # what else goes in
    for path in sorted(glob.glob(os.path.join(prefix, "**"), recursive=True)) + \
            sorted(glob.glob(os.path.join(HERE, "guest", "*"))):
        if os.path.isfile(path) and not os.path.islink(path):
            h.update(path.encode())
            with open(path, "rb") as f:
                h.update(f.read())
    out = os.path.join(workdir, f"base-{kernel.tag}-{h.hexdigest()[:16]}.cpio")
    if os.path.exists(out):
        shutil.rmtree(stage)
        return out
    for old in glob.glob(os.path.join(workdir, f"base-{kernel.tag}-*.cpio")):
        os.unlink(old)  # archives of earlier builds

    root = tempfile.mkdtemp(prefix="initramfs-", dir=workdir)
    os.chmod(root, 0o755)  # the guest's "/": mkdtemp's 0700 would lock out nobody
    for d in ("bin", "sbin", "proc", "sys", "dev", "tmp", "etc", "lib/modules", "results",
              "usr/local", "usr/share/misc", "root"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy2("/bin/busybox", os.path.join(root, "bin", "busybox"))
    applets = subprocess.run(["/bin/busybox", "--list"], check=True, capture_output=True,
                             text=True).stdout.split()
    for a in applets:
        if a != "busybox":  # a link named busybox to itself would loop
            os.symlink("busybox", os.path.join(root, "bin", a))
    loaded = []
    for m in GUEST_MODULES:
        src = kernel.module(m)
        if not src:
            continue  # built into this kernel
        dst = os.path.join(root, "lib", "modules", m + ".ko")
        if src.endswith(".xz"):
            with open(dst, "wb") as f:
                subprocess.run(["xz", "-dc", src], stdout=f, check=True)
        else:
            shutil.copy2(src, dst)
        loaded.append(m)
    with open(os.path.join(root, "etc", "vnet-modules"), "w") as f:
        f.write("\n".join(loaded) + "\n")
    for tool in GUEST_TOOLS:
        _copy_with_libs(tool, root, "/usr/bin/" + os.path.basename(tool))
    if os.path.exists("/usr/share/misc/pci.ids"):
        shutil.copy2("/usr/share/misc/pci.ids", os.path.join(root, "usr/share/misc/pci.ids"))
    shutil.copytree(prefix, os.path.join(root, "usr", "local"), dirs_exist_ok=True, symlinks=True)
    _copy_with_libs(os.path.join(prefix, "bin", "vnetctl"), root, "/usr/local/bin/vnetctl")
    _copy_with_libs(os.path.join(prefix, "bin", "vnettop"), root, "/usr/local/bin/vnettop")
    for ti in GUEST_TERMINFO:
        os.makedirs(os.path.dirname(root + ti), exist_ok=True)
        shutil.copy2(ti, root + ti)
    if os.path.isdir(GUEST_LOCALE):
        shutil.copytree(GUEST_LOCALE, root + GUEST_LOCALE)
    for lib in glob.glob(os.path.join(prefix, "lib", "libvnet.so*")):
        for dep in _ldd(os.path.realpath(lib)):
            if "libvnet" not in dep and not os.path.exists(root + dep):
                os.makedirs(os.path.dirname(root + dep), exist_ok=True)
                shutil.copy2(dep, root + dep, follow_symlinks=True)
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\nnogroup:x:65534:\n")
    for script in glob.glob(os.path.join(HERE, "guest", "*")):
        dst = os.path.join(root, "init" if script.endswith("init.sh") else os.path.basename(script))
        shutil.copy2(script, dst)
        os.chmod(dst, 0o755)
    _cpio(root, out)
    shutil.rmtree(root)
    shutil.rmtree(stage)
    return out


def scenario_initramfs(base, script, workdir):
    """The base archive with a second one appended carrying /scenario.sh
    (the kernel unpacks concatenated newc archives in order)."""
    root = tempfile.mkdtemp(prefix="scenario-", dir=workdir)
    os.chmod(root, 0o755)
    with open(os.path.join(root, "scenario.sh"), "w") as f:
        f.write(script)
    extra = os.path.join(workdir, "scenario.cpio")
    _cpio(root, extra)
    shutil.rmtree(root)
    out = os.path.join(workdir, "initramfs.cpio")
    with open(out, "wb") as o:
        for part in (base, extra):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, o)
    return out


# ---- booting -------------------------------------------------------------------

def _wait_for_link(name, timeout):
    """Netlink, not /sys: sysfs still shows the namespace it was mounted in."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if subprocess.run(["ip", "link", "show", "dev", name], capture_output=True).returncode == 0:
            return True
        time.sleep(0.05)
    return False


def _stalled_listen(port):
    """The far end of a QEMU "-netdev socket,connect=" backend, listening
    before QEMU starts.  See _stalled_peer()."""
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # inherited by accept()
    ls.bind(("127.0.0.1", port))
    ls.listen(1)
    ls.settimeout(0.2)
    return ls


def _stalled_peer(ls, done):
    """Accept QEMU's connection and never read: the socket fills and QEMU
    stops taking packets off the guest's transmit ring, as a wedged backend
    would.  QEMU's connecting socket is non-blocking, so only that queue
    stalls, not QEMU.  Held until QEMU exits."""
    conn = None
    while not done.is_set() and conn is None:
        try:
            conn, _ = ls.accept()
        except socket.timeout:
            pass
    if conn and os.environ.get("VNET_VM_SABOTAGE") == "drain":
        # must FAIL: the far end reads after all, so nothing stalls
        conn.settimeout(0.2)
        while not done.is_set():
            try:
                if not conn.recv(65536):
                    break
            except socket.timeout:
                pass
    done.wait()
    for s in (conn, ls):
        if s:
            s.close()


def _host_setup(taps, commands, errors):
    """Inside the namespace: bring each tap up as soon as QEMU has created it,
    then run the scenario's host commands (addresses, MTU)."""
    try:
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        for tap in taps:
            if not _wait_for_link(tap, 60):
                errors.append(f"tap {tap} never appeared")
                return
            subprocess.run(["ip", "link", "set", tap, "up"], check=True)
        for cmd in commands:
            subprocess.run(cmd, shell=True, check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        errors.append(f"host command failed: {e.cmd}: {e.stderr}")


# ---- QMP: the original's QOM, and the round-trip's second QEMU -----------------

def _connect(path, timeout):
    """A socket connected to QEMU's QMP socket @path, or None after @timeout
    seconds.  The socket file appears at bind(), a moment before QEMU's
    listen(): wait until a connection is accepted, not just until the file
    exists."""
    end = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > end:
                return None
            time.sleep(0.05)


class QMP:
    """A minimal QMP client: one JSON object per line; events arriving while
    a command waits for its answer are kept for wait_event()."""

    def __init__(self, path, timeout=30):
        s = _connect(path, timeout)
        if s is None:
            raise VMError(f"QMP socket {path} never accepted a connection")
        self.path = path
        self.sock = s
        self.timeout = timeout
        self.buf = b""
        self.events = []
        greeting = self._readline(timeout)
        if not greeting:
            raise VMError(f"QMP socket {path}: no greeting within {timeout} s")
        self.greeting = json.loads(greeting)
        self.cmd("qmp_capabilities")

    def _readline(self, timeout):
        """One line, "" when QEMU closed the socket, None after @timeout s
        (a buffered socket file cannot be read again after a timeout)."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return ""
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def cmd(self, name, **args):
        m = self.exchange(name, args)
        if "error" in m:
            raise VMError(f"QMP {name}: {m['error'].get('desc')}")
        return m["return"]

    def exchange(self, name, args=None):
        """QEMU's whole answer to one command, {"return": ...} or {"error":
        ...}, never raised (cmd() raises on an error); recordings keep it.
        Events on the way are kept."""
        msg = {"execute": name}
        if args is not None:
            msg["arguments"] = args
        self.sock.settimeout(self.timeout)
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            line = self._readline(self.timeout)
            if line is None:
                raise VMError(f"QMP: no answer to {name} within {self.timeout} s")
            if not line:
                raise VMError(f"QMP: QEMU closed the connection during {name}")
            m = json.loads(line)
            if "return" in m or "error" in m:
                return m
            if "event" in m:
                self.events.append(m)

    def wait_event(self, name, data, timeout):
        """The first event @name (kept or still to come) whose data has every
        key/value of @data; taken off the kept list.  None after @timeout s."""
        def match(m):
            return m["event"] == name and all(m.get("data", {}).get(k) == v
                                              for k, v in data.items())
        end = time.monotonic() + timeout
        while True:
            for m in self.events:
                if match(m):
                    self.events.remove(m)
                    return m
            left = end - time.monotonic()
            if left <= 0:
                return None
            line = self._readline(left)
            if line is None:
                return None
            if not line:
                raise VMError(f"QMP: QEMU closed the connection waiting for {name}")
            m = json.loads(line)
            if "event" in m:
                self.events.append(m)

    def close(self):
        self.sock.close()


def _scalar_props(ask, path):
    """qom-list of @path without its child<> and link<> properties."""
    listed = ask("qom-list", {"path": path}) or []
    return [p["name"] for p in listed if not p["type"].startswith(("child<", "link<"))]


def record_qmp(q, out):
    """A recording of what QEMU answers about its virtio-net devices, for
    tests of vnetctl's QMP backend against fake peers: JSON Lines, QEMU's
    greeting first, then one {"execute", "arguments"?, "reply"} per command
    in the order asked (reply exactly as QEMU sent it: {"return"} or
    {"error"}), events in the order they came (../vm/README.md "QMP
    recordings").  Appends to @out, so one file can hold several passes."""
    lines = []

    def ask(name, args=None):
        seen = len(q.events)
        reply = q.exchange(name, args)
        lines.extend(q.events[seen:])
        entry = {"execute": name}
        if args is not None:
            entry["arguments"] = args
        entry["reply"] = reply
        lines.append(entry)
        return reply.get("return")

    fresh = not os.path.exists(out)
    if fresh:
        lines.append(q.greeting)
        lines.append({"execute": "qmp_capabilities", "reply": {"return": {}}})
        passes = 0
    else:
        with open(out) as f:
            passes = sum(1 for line in f if line.startswith('{"pass"'))
    lines.append({"pass": passes + 1, "monotonic": round(time.monotonic(), 3)})
    ask("query-version")
    ask("query-status")
    ask("query-migrate")
    if fresh:
        ask("query-commands")
    for v in ask("x-query-virtio") or []:
        st = ask("x-query-virtio-status", {"path": v["path"]}) or {}
        nvqs = st.get("num-vqs", 0)
        for i in range(nvqs + 1):  # the one past the end: QEMU's error
            ask("x-query-virtio-queue-status", {"path": v["path"], "queue": i})
        for i in range(nvqs + 1):
            ask("x-query-virtio-vhost-queue-status", {"path": v["path"], "queue": i})
        if nvqs > 1:
            ask("x-query-virtio-queue-element", {"path": v["path"], "queue": 1})
        for p in _scalar_props(ask, v["path"]):
            ask("qom-get", {"path": v["path"], "property": p})
    filters = ask("query-rx-filter") or []
    for f in filters:
        ask("query-rx-filter", {"name": f["name"]})
    ask("query-rx-filter", {"name": "no-such-nic"})
    for d in ("/machine/peripheral", "/machine/peripheral-anon"):
        for c in ask("qom-list", {"path": d}) or []:
            if not c["type"].startswith("child<virtio-net"):
                continue
            path = f"{d}/{c['name']}"
            for p in _scalar_props(ask, path):
                ask("qom-get", {"path": path, "property": p})
            ask("qom-get", {"path": path, "property": "parent_bus"})
    for hmp in ("info network", "info virtio", "info status"):
        ask("human-monitor-command", {"command-line": hmp})
    # what a QEMU without a command, and bad arguments, look like
    ask("x-query-no-such-command")
    ask("x-query-virtio-status")
    ask("x-query-virtio-status", {"path": "/machine/no-such-device"})
    ask("query-status")
    with open(out, "a") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")


def record_second_client(path, out, wait=3.0):
    """What a second client of a QMP socket that already has one gets:
    connect() succeeds (the listen backlog) but QEMU says nothing, not even
    its greeting, until the first client leaves."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(wait)
    note = {"second-client": {"socket-in-use": True, "waited-seconds": wait}}
    try:
        s.connect(path)
        note["second-client"]["connected"] = True
        try:
            data = s.recv(4096)
            note["second-client"]["received"] = data.decode(errors="replace")
        except socket.timeout:
            note["second-client"]["received"] = None
    except OSError as e:
        note["second-client"]["connected"] = False
        note["second-client"]["error"] = str(e)
    finally:
        s.close()
    with open(out, "a") as f:
        f.write(json.dumps(note) + "\n")


def _qom_text(v):
    """A QOM value as QEMU's command line (and vnetctl) write it."""
    if isinstance(v, bool):
        return "on" if v else "off"
    return str(v)


def qom_snapshot(q):
    """Every virtio-net-pci* and virtio-net-device device's QOM properties
    (text), its type and parent bus, the machine type and "info network":
    what a round trip must reproduce.  A virtio-net-device sits on a
    virtio-mmio proxy's bus: the proxy's force-legacy (the transport's
    version) is taken as the device's."""
    machine = q.cmd("qom-get", path="/machine", property="type")
    devices = []
    for d in ("/machine/peripheral", "/machine/peripheral-anon"):
        for c in q.cmd("qom-list", path=d):
            m = re.fullmatch(r"child<(virtio-net-pci(?:-non-transitional|-transitional)?"
                             r"|virtio-net-device)>", c["type"])
            if not m:
                continue
            path = f"{d}/{c['name']}"
            props = {}
            for p in q.cmd("qom-list", path=path):
                if p["type"].startswith(("child<", "link<")):
                    continue
                try:
                    props[p["name"]] = _qom_text(q.cmd("qom-get", path=path, property=p["name"]))
                except VMError:
                    pass  # a write-only or failing getter: nothing to compare
            props["parent_bus"] = q.cmd("qom-get", path=path, property="parent_bus")
            if m.group(1) == "virtio-net-device":
                proxy = props["parent_bus"].rsplit("/", 1)[0]
                props["force-legacy"] = _qom_text(q.cmd("qom-get", path=proxy,
                                                        property="force-legacy"))
            devices.append({"path": path, "type": m.group(1), "props": props})
    network = q.cmd("human-monitor-command", **{"command-line": "info network"})
    return {"machine": machine[:-len("-machine")] if machine.endswith("-machine") else machine,
            "devices": devices, "network": network}


def _replay_inside_namespace(spec):
    """Runs in a fresh network namespace: for each variant, a paused QEMU
    (-S: no guest runs) with exactly the given lines, its QOM read over QMP.
    Writes spec['out'] with, per variant, QEMU's exit status and output
    when it refused the lines, else the snapshot."""
    out = {}
    for name, lines in spec["variants"].items():
        sock = os.path.join(spec["workdir"], f"replay-{name}.sock")
        if os.path.exists(sock):
            os.unlink(sock)
        args = ["qemu-system-x86_64", "-S", "-accel", "tcg", "-machine", spec["machine"],
                "-nodefaults", "-no-user-config", "-display", "none",
                "-qmp", f"unix:{sock},server=on,wait=off"] + spec["platform"] + lines
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        res = {"args": args}
        try:
            # QEMU exits at once when it refuses a line; otherwise it waits, paused
            end = time.monotonic() + 30
            while not os.path.exists(sock) and proc.poll() is None and time.monotonic() < end:
                time.sleep(0.05)
            if proc.poll() is not None:
                res["rc"] = proc.returncode
                res["output"] = proc.communicate()[0].decode(errors="replace")[-2000:]
            else:
                q = QMP(sock)
                res["snapshot"] = qom_snapshot(q)
                try:
                    q.cmd("quit")
                except VMError:
                    pass
                q.close()
        except (VMError, OSError, ValueError) as e:
            res["error"] = f"{type(e).__name__}: {e}"
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        out[name] = res
    with open(spec["out"], "w") as f:
        json.dump(out, f, indent=1)


def replay(workdir, machine, platform, variants):
    """The round trip's second QEMUs, each in its own network namespace
    (the taps of the lines exist only there).  @variants: {name: [args]}.
    Returns {name: {"snapshot": ...} or {"rc", "output"} or {"error"}}."""
    spec = {"workdir": workdir, "machine": machine, "platform": platform,
            "variants": variants, "out": os.path.join(workdir, "replay.json")}
    specfile = os.path.join(workdir, "replay-spec.json")
    with open(specfile, "w") as f:
        json.dump(spec, f)
    proc = subprocess.run(["unshare", "--net", "--", sys.executable, os.path.abspath(__file__),
                           "replay-inside", specfile], capture_output=True, text=True,
                          timeout=120)
    if proc.returncode:
        raise VMError(f"replay helper failed: {proc.stderr[-2000:]}")
    with open(spec["out"]) as f:
        return json.load(f)


GUEST_READY = "VNET-GUEST-READY"
GUEST_FILE = "VNET-GUEST-FILE"


def _wait_for_line(results, marker, done):
    """Until the guest has written a line starting with @marker on the
    results port (True), or QEMU is gone (False)."""
    while not done.is_set():
        try:
            with open(results, "rb") as f:
                for line in f:
                    if line.startswith(marker.encode()):
                        return True
        except FileNotFoundError:
            pass
        done.wait(0.1)
    return False


def host_vnetctl(vnetctl, sock, args, out, valgrind=False, text=False):
    """vnetctl -j --qmp SOCK ARGS on the host (without -j: @text): stdout to
    @out, its exit status to @out.rc, stderr to @out.err."""
    cmd = [vnetctl] + ([] if text else ["-j"]) + ["--qmp", sock] + list(args)
    libtool = os.path.join(os.path.dirname(os.path.dirname(vnetctl)), "libtool")
    if valgrind and shutil.which("valgrind") and os.path.exists(libtool):
        cmd = [libtool, "--mode=execute", "valgrind", "-q", "--error-exitcode=99",
               "--leak-check=full", "--errors-for-leak-kinds=definite"] + cmd
    with open(out, "w") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True, timeout=120)
    with open(out + ".rc", "w") as f:
        f.write(f"{rc.returncode}\n")
    with open(out + ".err", "w") as f:
        f.write(rc.stderr)
    return rc.returncode


def qmp_raw(q):
    """QEMU's own answers, read by the harness (the oracle for vnetctl's QMP
    backend): per virtio device its x-query-virtio-status, every queue's
    x-query-virtio-queue-status, and the proxy's QOM mac."""
    out = []
    for v in q.cmd("x-query-virtio"):
        if v["name"] != "virtio-net":
            continue
        st = q.cmd("x-query-virtio-status", path=v["path"])
        queues = [q.cmd("x-query-virtio-queue-status", path=v["path"], queue=i)
                  for i in range(st["num-vqs"])]
        # virtio-net-pci: the VirtIONet is the proxy's child "virtio-backend";
        # virtio-net-device (virtio-mmio) is the VirtIONet itself
        proxy = v["path"][:-len("/virtio-backend")] if v["path"].endswith("/virtio-backend") \
            else v["path"]
        mac = q.cmd("qom-get", path=proxy, property="mac")
        out.append({"path": v["path"], "proxy": proxy, "mac": mac, "status": st,
                    "queues": queues})
    return out


def _host_view_at_ready(sock, vnetctl, workdir, results, done, errors):
    """Once the guest is at its final state (init.sh writes GUEST_READY
    before collect.sh), vnetctl's QMP view (qmp-show.json) and QEMU's raw
    answers (qmp-raw.json) for run-vm-tests' side-by-side checks."""
    if not _wait_for_line(results, GUEST_READY, done):
        return
    host_vnetctl(vnetctl, sock, ["show"], os.path.join(workdir, "qmp-show.json"))
    try:
        q = QMP(sock)
        raw = qmp_raw(q)
        q.close()
        with open(os.path.join(workdir, "qmp-raw.json"), "w") as f:
            json.dump(raw, f, indent=1)
    except (VMError, OSError, ValueError, KeyError) as e:
        errors.append(f"reading QEMU's virtio state at the guest's final state: {e}")


def _ask_qmp(sock, vnetctl, workdir, errors, results=None, done=None):
    """The host's view while the guest runs: vnetctl explain --qmp at once;
    vnetctl show --qmp when the guest is ready (_host_view_at_ready)."""
    probe = _connect(sock, 60)
    if probe is None:
        errors.append("QMP socket never accepted a connection")
        return
    probe.close()
    out = os.path.join(workdir, "qmp-explain.json")
    cmd = [vnetctl, "-j", "explain", "--qmp", sock]
    libtool = os.path.join(os.path.dirname(os.path.dirname(vnetctl)), "libtool")
    if shutil.which("valgrind") and os.path.exists(libtool):
        # the QMP client's memory use, against a real QEMU, on every boot
        cmd = [libtool, "--mode=execute", "valgrind", "-q", "--error-exitcode=99",
               "--leak-check=full", "--errors-for-leak-kinds=definite"] + cmd
    with open(out, "w") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
    with open(out + ".rc", "w") as f:
        f.write(f"{rc.returncode}\n")
    with open(out + ".err", "w") as f:
        f.write(rc.stderr)
    # the original device's QOM, for the round trip (the guest's QEMU is
    # gone by the time the guest's explain lines come back)
    try:
        q = QMP(sock)
        snap = qom_snapshot(q)
        q.close()
        with open(os.path.join(workdir, "qom-original.json"), "w") as f:
            json.dump(snap, f, indent=1)
    except (VMError, OSError, ValueError) as e:
        errors.append(f"reading the original's QOM: {e}")
    if results and done:
        _host_view_at_ready(sock, vnetctl, workdir, results, done, errors)


# ---- host actions: the guest asks, the host acts over QMP mid-scenario ----------

HOST_ACTION = "VNET-HOST-ACTION"


def _resolve(q, value):
    """A step argument: {"nic_mac": MAC} stands for the QOM path of the
    virtio-net device with that MAC (the scenarios' NICs have no id),
    {"virtio_mac": MAC} for its VirtIONet's (the x-query-virtio path)."""
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"nic_mac", "virtio_mac"}:
        mac = value.get("nic_mac") or value.get("virtio_mac")
        for d in ("/machine/peripheral", "/machine/peripheral-anon"):
            for c in q.cmd("qom-list", path=d):
                if not c["type"].startswith("child<virtio-net"):
                    continue
                path = f"{d}/{c['name']}"
                if q.cmd("qom-get", path=path, property="mac") == mac:
                    if "virtio_mac" in value and c["type"] != "child<virtio-net-device>":
                        return path + "/virtio-backend"
                    return path
        raise VMError(f"no virtio-net device with MAC {mac}")
    if isinstance(value, dict):
        return {k: _resolve(q, v) for k, v in value.items()}
    return value


def _guest_file(results, name, dst):
    """The file the guest wrote on the results port as one line
    "VNET-GUEST-FILE NAME BASE64" (the last such line), to @dst."""
    data = None
    with open(results, "rb") as f:
        for line in f:
            parts = line.decode(errors="replace").split()
            if len(parts) == 3 and parts[0] == GUEST_FILE and parts[1] == name:
                data = base64.b64decode(parts[2])
    if data is None:
        raise VMError(f"the guest sent no file {name}")
    with open(dst, "wb") as f:
        f.write(data)


def _edit_json(src, dst, edit):
    """A copy of JSON file @src with a planted disagreement: each [[key or
    index...], value] of edit["set"] set, of edit["drop"] removed from the
    list there, of edit["clear_bit"] cleared in the hex string there."""
    with open(src) as f:
        doc = json.load(f)
    for op in ("set", "drop", "clear_bit"):
        for where, value in edit.get(op, []):
            obj = doc
            for k in where[:-1]:
                obj = obj[k]
            if op == "set":
                obj[where[-1]] = value
            elif op == "drop":
                obj[where[-1]].remove(value)
            else:
                obj[where[-1]] = hex(int(obj[where[-1]], 16) & ~(1 << value))
    with open(dst, "w") as f:
        json.dump(doc, f)


def _run_action(q, name, steps, t0, ctx):
    """One host action: its QMP commands and awaited events, in order;
    {"record": NAME} records QEMU's virtio-net answers into
    record-NAME.jsonl of the work directory (record_qmp), {"second_client":
    NAME} what a second client of the socket gets, {"sleep": S} waits;
    {"vnetctl": [ARGS], "out": FILE} runs vnetctl -j --qmp on the host
    (the boot's first QMP socket: this one is the actions'), "{wd}" in ARGS
    standing for the work directory; {"guest_file": NAME} takes the file the
    guest sent ("VNET-GUEST-FILE NAME BASE64") into the work directory;
    {"edit_json": {"src", "dst", "set"/"drop"/"clear_bit": [[[keys...],
    value]...]}} plants a change into a copy of a JSON file there
    (_edit_json).
    Returns its log entry and an error string or None."""
    workdir = ctx["workdir"]
    entry = {"action": name, "asked_at": round(time.monotonic() - t0, 3), "steps": []}
    try:
        steps = [_resolve(q, s) for s in steps]
    except VMError as e:
        return entry, f"host action {name}: {e}"
    for step in steps:
        done = dict(step)
        entry["steps"].append(done)
        if "qmp" in step:
            try:
                done["return"] = q.cmd(step["qmp"], **step.get("args", {}))
            except VMError as e:
                done["error"] = str(e)
                return entry, f"host action {name}: {e}"
        elif "event" in step:
            got = q.wait_event(step["event"], step.get("data", {}), step.get("timeout", 60))
            done["got"] = got
            if got is None:
                return entry, (f"host action {name}: no {step['event']} {step.get('data', {})} "
                               f"within {step.get('timeout', 60)} s")
        elif "vnetctl" in step:
            args = [a.replace("{wd}", workdir) for a in step["vnetctl"]]
            done["rc"] = host_vnetctl(ctx["vnetctl"], ctx["qmp"], args,
                                      os.path.join(workdir, step["out"]),
                                      valgrind=step.get("valgrind", False),
                                      text=step.get("text", False))
        elif "guest_file" in step:
            try:
                _guest_file(ctx["results"], step["guest_file"],
                            os.path.join(workdir, step["guest_file"]))
            except (VMError, OSError, ValueError) as e:
                return entry, f"host action {name}: {e}"
        elif "edit_json" in step:
            e = step["edit_json"]
            try:
                _edit_json(os.path.join(workdir, e["src"]), os.path.join(workdir, e["dst"]), e)
            except (OSError, ValueError, KeyError, IndexError, TypeError) as err:
                return entry, f"host action {name}: planting into {e['src']}: {err}"
        elif "record" in step:
            try:
                record_qmp(q, os.path.join(workdir, f"record-{step['record']}.jsonl"))
            except (VMError, OSError, ValueError) as e:
                return entry, f"host action {name}: recording: {e}"
        elif "second_client" in step:
            record_second_client(q.path, os.path.join(workdir,
                                                      f"record-{step['second_client']}.jsonl"))
        elif "sleep" in step:
            time.sleep(step["sleep"])
        done["at"] = round(time.monotonic() - t0, 3)
    return entry, None


def _host_actions(results, sock, actions, done, workdir, errors, t0, ctx=None):
    """Watch the guest's results port for "VNET-HOST-ACTION NAME" lines and
    run the scenario's steps for NAME (once each), on a QMP monitor of their
    own.  The guest waits for the effect itself (an interface gone, a new
    one): the host has no way to answer.  Logs to host-actions.json."""
    log_entries = []
    try:
        q = QMP(sock, timeout=60)
    except (VMError, OSError, ValueError) as e:
        errors.append(f"host actions: {e}")
        return
    offset = 0
    pending = b""
    seen = set()
    try:
        while not done.is_set():
            try:
                with open(results, "rb") as f:
                    f.seek(offset)
                    data = f.read()
            except FileNotFoundError:
                data = b""
            offset += len(data)
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                m = re.search(HOST_ACTION + r" (\S+)", line.decode(errors="replace"))
                if not m or m.group(1) in seen:
                    continue
                name = m.group(1)
                seen.add(name)
                if name not in actions:
                    errors.append(f"the guest asked for host action {name}: the scenario has none")
                    continue
                entry, err = _run_action(q, name, actions[name], t0,
                                         dict(ctx or {}, workdir=workdir, results=results))
                log_entries.append(entry)
                if err:
                    errors.append(err)
            if RESULTS_BEGIN.encode() in data:
                break
            done.wait(0.1)
        missing = sorted(set(actions) - seen)
        if missing and not done.is_set():
            errors.append(f"the guest never asked for host actions {missing}")
    except (VMError, OSError, ValueError) as e:
        errors.append(f"host actions: {type(e).__name__}: {e}")
    finally:
        q.close()
        with open(os.path.join(workdir, "host-actions.json"), "w") as f:
            json.dump(log_entries, f, indent=1)


def host_tsc_khz():
    """The host CPU's clock in kHz (/proc/cpuinfo "cpu MHz"), 2 GHz if unknown."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("cpu MHz"):
                return int(float(line.split(":")[1]) * 1000)
    except (OSError, ValueError):
        pass
    return 2000000


def boot_inside_namespace(spec):
    """Runs in a fresh network namespace (see boot()): QEMU, the host side of
    the taps, the timeout.  Writes spec['workdir']/boot.json."""
    wd = spec["workdir"]
    console = os.path.join(wd, "console.log")
    results = os.path.join(wd, "results.txt")
    machine = spec.get("machine", "pc")
    append = "console=ttyS0 quiet panic=-1 " + spec.get("append", "")
    second = ["-serial", "file:" + results]
    if machine.split(",")[0] == "microvm":
        # microvm makes one ISA serial port from -serial (hw/i386/microvm.c):
        # the results port is added as a device.  It has no HPET or ACPI PM
        # timer, so on a loaded host the guest's TSC calibration against the
        # PIT can fail and the boot hang: give the host's TSC rate (TCG's TSC
        # counts host ticks).
        second = ["-chardev", f"file,id=results,path={results}",
                  "-device", "isa-serial,chardev=results,index=1"]
        append += f" tsc_early_khz={host_tsc_khz()}"
    args = ["qemu-system-x86_64", "-accel", "tcg", "-m", str(spec.get("memory", 512)),
            "-smp", str(spec.get("cpus", 2)), "-nodefaults", "-no-user-config",
            "-display", "none", "-no-reboot", "-kernel", spec["kernel"], "-initrd",
            spec["initrd"], "-append", append,
            "-serial", "file:" + console] + second + ["-machine", machine] + spec["qemu_args"]
    qmp = os.path.join(wd, "qmp.sock")
    if spec.get("vnetctl"):
        args += ["-qmp", f"unix:{qmp},server=on,wait=off"]
    # host actions get a monitor of their own: the other one serves explain --qmp
    actions_qmp = os.path.join(wd, "qmp-actions.sock")
    if spec.get("host_actions"):
        args += ["-qmp", f"unix:{actions_qmp},server=on,wait=off"]
    errors = []
    done = threading.Event()
    stalls = [threading.Thread(target=_stalled_peer, args=(_stalled_listen(port), done))
              for port in spec.get("stalled_ports", [])]
    for t in stalls:
        t.start()
    setup = threading.Thread(target=_host_setup,
                             args=(spec["taps"], spec.get("host_commands", []), errors))
    asker = threading.Thread(target=_ask_qmp, args=(qmp, spec.get("vnetctl"), wd, errors,
                                                    results, done))
    t0 = time.monotonic()
    actor = threading.Thread(target=_host_actions,
                             args=(results, actions_qmp, spec.get("host_actions") or {}, done, wd,
                                   errors, t0, {"vnetctl": spec.get("vnetctl"), "qmp": qmp}))
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    setup.start()
    if spec.get("vnetctl"):
        asker.start()
    if spec.get("host_actions"):
        actor.start()
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=spec["timeout"])
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        timed_out = True
    done.set()
    for t in stalls:
        t.join(timeout=5)
    setup.join(timeout=5)
    if asker.ident:
        asker.join(timeout=30)
    if actor.ident:
        actor.join(timeout=15)
    report = {"rc": proc.returncode, "timed_out": timed_out, "seconds": time.monotonic() - t0,
              "qemu_output": out.decode(errors="replace")[-4000:], "host_errors": errors,
              "args": args}
    with open(os.path.join(wd, "boot.json"), "w") as f:
        json.dump(report, f)


def boot(spec):
    """Boot one guest in a private network namespace (unshare --net): taps
    exist only there and vanish with it, so guest traffic cannot leave."""
    specfile = os.path.join(spec["workdir"], "spec.json")
    with open(specfile, "w") as f:
        json.dump(spec, f)
    proc = subprocess.run(["unshare", "--net", "--", sys.executable, os.path.abspath(__file__),
                           "boot-inside", specfile], capture_output=True, text=True,
                          timeout=spec["timeout"] + 60)
    if proc.returncode:
        raise VMError(f"boot helper failed: {proc.stderr[-2000:]}")
    with open(os.path.join(spec["workdir"], "boot.json")) as f:
        report = json.load(f)
    return report


def read_results(workdir):
    """Unpack the tar the guest sent as base64 between markers on ttyS1."""
    path = os.path.join(workdir, "results.txt")
    text = open(path, errors="replace").read() if os.path.exists(path) else ""
    text = text.replace("\r", "")
    if RESULTS_BEGIN not in text or RESULTS_END not in text:
        return None
    payload = text.split(RESULTS_BEGIN, 1)[1].split(RESULTS_END, 1)[0]
    data = base64.b64decode("".join(payload.split()))
    out = os.path.join(workdir, "results")
    shutil.rmtree(out, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        tf.extractall(out)
    return out


def guest_kernel_crash(workdir):
    """The guest kernel's own crash line ("Oops: ...", "Kernel panic ..."), or None."""
    path = os.path.join(workdir, "console.log")
    if not os.path.exists(path):
        return None
    for line in open(path, errors="replace"):
        m = re.search(r"(Oops: .*|Kernel panic - .*|BUG: .*)", line)
        if m:
            return m.group(1).strip()
    return None


def console_tail(workdir, lines=30):
    path = os.path.join(workdir, "console.log")
    if not os.path.exists(path):
        return ""
    return "\n".join(open(path, errors="replace").read().replace("\r", "").splitlines()[-lines:])


def send_frames(ifname, dst_mac, rate):
    """Host side of a scenario: Ethernet frames of a local experimental
    EtherType (0x88b5) to the guest's MAC through the tap, @rate per second,
    until the tap goes away with QEMU.  They reach only the guest."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    frame = bytes.fromhex(dst_mac.replace(":", "")) + bytes.fromhex("020000000001") \
        + b"\x88\xb5" + bytes(100)
    while True:
        try:
            s.send(frame)
        except OSError:
            return  # the tap is gone: the guest has powered off
        time.sleep(1.0 / rate)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "boot-inside":
    with open(sys.argv[2]) as fh:
        boot_inside_namespace(json.load(fh))
elif __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "replay-inside":
    with open(sys.argv[2]) as fh:
        _replay_inside_namespace(json.load(fh))
elif __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "send-frames":
    send_frames(sys.argv[2], sys.argv[3], float(sys.argv[4]))
