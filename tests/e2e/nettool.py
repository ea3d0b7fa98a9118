#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Small network peers for the end-to-end tests (Debian's python3, stdlib).

  nettool.py udp-serve BIND [--announce DEST] [--seconds N] [--log FILE]
      Bind BIND (ADDR:PORT).  With --announce, first send "hello" to DEST
      from BIND (so a NAT maps BIND).  Then answer every datagram with the
      ADDR:PORT it came from (and, for a datagram longer than 64 bytes,
      its length: "ADDR:PORT LEN"), and log "ADDR:PORT TEXT" lines, for N
      seconds.
  nettool.py udp-ask BIND DEST [--size N]
      Send "hello" (or N bytes) from BIND to DEST; print the answer (exit
      1 on none).
  nettool.py tcp-serve BIND [--announce DEST] [--seconds N]
      Listen on BIND; with --announce, also connect from BIND to DEST
      and hold the connection (so a NAT maps BIND).  Answer every
      connection with the ADDR:PORT it came from.
  nettool.py udp-burst SRC_ADDR DEST FIRST_PORT COUNT
      One datagram from each of COUNT source ports starting at FIRST_PORT.

Every wait is bounded (a few seconds); nothing here runs forever.
"""

import socket
import struct
import sys
import time


def endpoint(text):
    addr, _, port = text.rpartition(":")
    return addr, int(port)


def opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        return args[i + 1]
    return default


def udp_serve(args):
    bind = endpoint(args[0])
    seconds = float(opt(args, "--seconds", "30"))
    log = opt(args, "--log")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(bind)
    if opt(args, "--announce"):
        s.sendto(b"hello", endpoint(opt(args, "--announce")))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        s.settimeout(max(0.1, end - time.monotonic()))
        try:
            data, peer = s.recvfrom(65535)
        except (socket.timeout, ConnectionRefusedError):
            continue
        who = "%s:%d" % peer
        if log:
            with open(log, "a", encoding="utf-8") as f:
                f.write("%s %s\n" % (who, data[:64].decode(errors="replace").strip()))
        answer = who if len(data) <= 64 else "%s %d" % (who, len(data))
        s.sendto(answer.encode(), peer)
    return 0


def udp_ask(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(endpoint(args[0]))
    s.settimeout(3)
    size = int(opt(args, "--size", "0"))
    s.sendto(b"x" * size if size else b"hello", endpoint(args[1]))
    try:
        data, _ = s.recvfrom(65535)
    except (socket.timeout, ConnectionRefusedError):
        return 1
    print(data.decode())
    return 0


def tcp_serve(args):
    bind = endpoint(args[0])
    seconds = float(opt(args, "--seconds", "30"))
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    ls.bind(bind)
    ls.listen(8)
    held = None
    if opt(args, "--announce"):
        held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        held.bind(bind)
        held.settimeout(5)
        held.connect(endpoint(opt(args, "--announce")))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ls.settimeout(max(0.1, end - time.monotonic()))
        try:
            c, peer = ls.accept()
        except socket.timeout:
            continue
        c.sendall(("%s:%d\n" % peer).encode())
        c.close()
    return 0


def udp_burst(args):
    """UDP headers written by hand on one raw socket: no socket per port."""
    src, dest = args[0], endpoint(args[1])
    first, count = int(args[2]), int(args[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
    s.bind((src, 0))
    for port in range(first, first + count):
        # source port, destination port, length 9, checksum 0 (none), 1 byte
        s.sendto(struct.pack("!HHHHc", port, dest[1], 9, 0, b"x"), (dest[0], 0))
    s.close()
    return 0


COMMANDS = {"udp-serve": udp_serve, "udp-ask": udp_ask, "tcp-serve": tcp_serve,
            "udp-burst": udp_burst}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
