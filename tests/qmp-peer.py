#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A fake QEMU QMP peer replaying a recorded conversation (tests/qmp-recordings).

    qmp-peer.py SOCKET RECORDING [--patch FILE]... [--mute]

Each request is answered with the reply QEMU gave to the same command with
the same arguments in RECORDING; the events recorded before it are sent
first.  A file with several passes (samples of the same VM) answers the
n-th asking of a request with pass n's reply, the last pass from then on.
A request QEMU was never asked answers as QEMU would: CommandNotFound for
an unknown command, GenericError otherwise.

--patch FILE: JSON Lines {"execute", "arguments"?, "reply"} that replace
the recorded replies to that request (every pass); "reply": "hang" never
answers, "reply": "close" hangs up, "raw": "TEXT" sends TEXT as the reply
line.  {"greeting": ...} replaces the greeting.
--mute: accept and never greet (a monitor another client holds).
--log FILE: append every byte sent to FILE (what a fuzz seed replays).

The socket is bound under a temporary name and renamed into place after
listen(), so that a client never sees a socket file that refuses.
"""
import json
import os
import socket
import sys
import threading


def key(execute, arguments):
    return execute + " " + json.dumps(arguments or {}, sort_keys=True)


def load(path):
    greeting, table, commands, events = None, {}, set(), []
    for line in open(path):
        o = json.loads(line)
        if "QMP" in o:
            greeting = o
        elif "event" in o:
            events.append(o)
        elif "execute" in o:
            commands.add(o["execute"])
            table.setdefault(key(o["execute"], o.get("arguments")), []).append(
                (events, o["reply"]))
            events = []
    return greeting, table, commands


def main():
    args = sys.argv[1:]
    mute = "--mute" in args
    args = [a for a in args if a != "--mute"]
    log = None
    if "--log" in args:
        i = args.index("--log")
        log = open(args[i + 1], "ab", buffering=0)
        del args[i:i + 2]
    patches = []
    while "--patch" in args:
        i = args.index("--patch")
        patches.append(args[i + 1])
        del args[i:i + 2]
    path, recording = args
    greeting, table, commands = load(recording)
    override = {}
    for p in patches:
        for line in open(p):
            if not line.strip():
                continue
            o = json.loads(line)
            if "greeting" in o:
                greeting = o["greeting"]
                continue
            commands.add(o["execute"])
            override[key(o["execute"], o.get("arguments"))] = o
    s = socket.socket(socket.AF_UNIX)
    s.bind(path + ".tmp")
    s.listen(5)
    os.rename(path + ".tmp", path)
    held = []

    def send(c, obj):
        raw(c, json.dumps(obj).encode() + b"\r\n")

    def raw(c, data):
        if log:
            log.write(data)
        c.sendall(data)

    def serve(c):
        asked = {}
        if greeting is not None:
            send(c, greeting)
        f = c.makefile("rb")
        for line in f:
            try:
                req = json.loads(line)
            except ValueError:
                send(c, {"error": {"class": "GenericError", "desc": "JSON parse error"}})
                continue
            cmd, cargs = req.get("execute"), req.get("arguments")
            k = key(cmd, cargs)
            if k in override:
                o = override[k]
                if o.get("reply") == "hang":
                    held.append(c)
                    return False
                if o.get("reply") == "close":
                    return True
                if "raw" in o:
                    raw(c, o["raw"].encode() + b"\r\n")
                else:
                    send(c, o["reply"])
                continue
            if k in table:
                n = asked.get(k, 0)
                asked[k] = n + 1
                events, reply = table[k][min(n, len(table[k]) - 1)]
                for e in events:
                    send(c, e)
                send(c, reply)
            elif cmd in commands or cmd == "qom-get":
                send(c, {"error": {"class": "GenericError",
                                   "desc": "not in the recording: %s" % k}})
            else:
                send(c, {"error": {"class": "CommandNotFound",
                                   "desc": "The command %s has not been found" % cmd}})
        return True

    while True:
        c, _ = s.accept()
        if mute:
            held.append(c)
            continue

        def run(c=c):
            try:
                if serve(c):
                    c.close()
            except (BrokenPipeError, ConnectionResetError):
                c.close()
        threading.Thread(target=run, daemon=True).start()


main()
