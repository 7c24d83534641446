#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host-side checks of a support bundle (vnetctl-bundle(5)), independent of
libvnet: the archive is opened with Python's tarfile, every member's sha256
recomputed with hashlib, and redacted bundles searched byte by byte for the
guest's secrets in every form they are written in.

usage: bundle_check.py verify BUNDLE
       bundle_check.py leaks BUNDLE SECRETS.json   ({"macs": [...], "ips": [...],
                                                     "hostnames": [...]})
Exit status 0 when nothing was found wrong; the problems are printed.
"""

import hashlib
import ipaddress
import json
import sys
import tarfile

# a member larger than this is not read into memory (a bundle is small)
MEMBER_MAX = 256 << 20


def read_members(path):
    """[(TarInfo, bytes or None)] in archive order (None: not a regular file)."""
    out = []
    with tarfile.open(path, "r:gz") as tf:
        for ti in tf:
            data = None
            if ti.isreg() and ti.size <= MEMBER_MAX:
                data = tf.extractfile(ti).read()
            out.append((ti, data))
    return out


def verify(path):
    """(manifest or None, {name: bytes}, [problem...]): manifest.json first,
    every member listed with its type and size, every regular member's
    sha256 equal to hashlib's, no member unlisted, no name escaping the
    root."""
    problems = []
    try:
        members = read_members(path)
    except (OSError, tarfile.TarError, EOFError) as e:
        return None, {}, [f"{path}: not a readable tar.gz: {e}"]
    if not members or members[0][0].name != "manifest.json" or members[0][1] is None:
        first = members[0][0].name if members else None
        return None, {}, [f"{path}: first member is {first!r}, not manifest.json"]
    try:
        manifest = json.loads(members[0][1])
    except ValueError as e:
        return None, {}, [f"{path}: manifest.json is not JSON: {e}"]
    files = {"manifest.json": members[0][1]}
    in_tar = {}
    for ti, data in members[1:]:
        if ti.name in in_tar:
            problems.append(f"member {ti.name!r} twice in the archive")
        in_tar[ti.name] = ti
        if ti.name.startswith("/") or ".." in ti.name.split("/"):
            problems.append(f"member name {ti.name!r} leaves the bundle's root")
        if data is not None:
            files[ti.name] = data
    for key in ("format", "partial", "redacted", "members"):
        if key not in manifest:
            problems.append(f"manifest.json has no {key!r}")
    if manifest.get("format") != 1:
        problems.append(f"manifest format {manifest.get('format')!r}, expected 1")
    listed = set()
    for m in manifest.get("members", []):
        name = m.get("name")
        listed.add(name)
        ti = in_tar.get(name)
        if ti is None:
            problems.append(f"manifest lists {name!r}, absent from the archive")
            continue
        if ti.isreg():
            data = files.get(name)
            if m.get("size") != ti.size:
                problems.append(f"{name}: manifest size {m.get('size')}, archive {ti.size}")
            if data is not None:
                digest = hashlib.sha256(data).hexdigest()
                if m.get("sha256") != digest:
                    problems.append(f"{name}: manifest sha256 {m.get('sha256')}, "
                                    f"hashlib {digest}")
        elif ti.issym():
            if m.get("type") in ("file", "regular"):
                problems.append(f"{name}: manifest says {m.get('type')}, archive a symlink")
        elif not ti.isdir():
            problems.append(f"{name}: neither a file, a symlink nor a directory in the archive")
    for name, ti in in_tar.items():
        if name not in listed and not ti.isdir():
            problems.append(f"archive member {name!r} not in the manifest")
    return manifest, files, problems


def member_names(path):
    """Every member's name and symlink target, one per line: redaction
    covers them too."""
    with tarfile.open(path, "r:gz") as tf:
        return "\n".join(f"{ti.name} -> {ti.linkname}" for ti in tf).encode()


# ---- secrets, in every form a member could carry them ---------------------------

def mac_forms(mac):
    """A MAC as text (':' and '-' separated and bare hex, both cases) and
    its 6 raw bytes (netlink attributes)."""
    octets = mac.lower().split(":")
    forms = set()
    for sep in (":", "-", ""):
        s = sep.join(octets)
        forms |= {s.encode(), s.upper().encode()}
    forms.add(bytes(int(o, 16) for o in octets))
    return forms


def ip_forms(ip):
    """IPv4 dotted, IPv6 compressed and expanded (and as /proc/net/if_inet6
    writes it, 32 hex digits), both cases, and the raw bytes (netlink)."""
    a = ipaddress.ip_address(ip)
    forms = {a.packed}
    if a.version == 4:
        forms.add(str(a).encode())
    else:
        for s in (a.compressed, a.exploded, a.exploded.replace(":", "")):
            forms |= {s.encode(), s.upper().encode()}
    return forms


def leaks(files, secrets):
    """[(member, what, form)] of every secret found in a member (members
    already decompressed by tarfile); hostnames case-insensitively."""
    found = []
    needles = []
    for mac in secrets.get("macs", []):
        needles += [(f"MAC {mac}", f, False) for f in mac_forms(mac)]
    for ip in secrets.get("ips", []):
        needles += [(f"IP {ip}", f, False) for f in ip_forms(ip)]
    for name in secrets.get("hostnames", []):
        needles.append((f"hostname {name}", name.lower().encode(), True))
    for member, data in sorted(files.items()):
        lower = data.lower()
        for what, form, fold in needles:
            hay = lower if fold else data
            at = hay.find(form)
            if at >= 0:
                text = form.isascii() and form.decode().isprintable()
                shown = form.decode() if text else f"raw bytes {form.hex()}"
                found.append((member, what, f"{shown} at offset {at}"))
    return found


def main(argv):
    if len(argv) < 3 or argv[1] not in ("verify", "leaks"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 1
    manifest, files, problems = verify(argv[2])
    if argv[1] == "leaks" and manifest is not None:
        files["(member names)"] = member_names(argv[2])
        with open(argv[3]) as f:
            problems += [f"{m}: {w} found ({form})" for m, w, form in leaks(files, json.load(f))]
    for p in problems:
        print(p)
    if manifest is not None and not problems:
        print(f"{argv[2]}: {len(manifest['members'])} members, all checksums verified")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
