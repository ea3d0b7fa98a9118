#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Small network peers for the end-to-end tests (Debian's python3, stdlib).

  nettool.py udp-serve BIND [--announce DEST] [--seconds N] [--log FILE]
      Bind BIND (ADDR:PORT).  With --announce, first send "hello" to DEST
      from BIND (so a NAT maps BIND).  Then answer every datagram with the
      ADDR:PORT it came from (and, for a datagram longer than 64 bytes,
      its length: "ADDR:PORT LEN"), and log "ADDR:PORT TEXT" lines, for N
      seconds.
  nettool.py udp-ask BIND DEST [--size N] [--ttl N]
      Send "hello" (or N bytes) from BIND to DEST, with TTL N if given;
      print the answer (exit 1 on none; print "refused" when an ICMP
      error said so).
  nettool.py udp-stream BIND DEST COUNT INTERVAL
      Send COUNT numbered datagrams from BIND to DEST, one every INTERVAL
      seconds, and print how many were answered (waiting 3 s at the end).
  nettool.py tcp-connect BIND DEST [--timeout S]
      Connect from BIND to DEST (the kernel retransmits SYNs; no retry
      here), send "hello from BIND", read one line.  Prints "connected
      LINE", or "refused after N s", or "timeout".
  nettool.py http-get URL
      Print the body of URL (exit 1 on any failure).
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
        if data.startswith(b"seq "):
            who = data.decode()  # udp-stream: every answer distinct
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
    if opt(args, "--ttl"):
        s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, int(opt(args, "--ttl")))
    # connected: an ICMP port unreachable comes back as ECONNREFUSED
    s.connect(endpoint(args[1]))
    s.send(b"x" * size if size else b"hello")
    try:
        data = s.recv(65535)
    except socket.timeout:
        return 1
    except ConnectionRefusedError:
        print("refused")
        return 1
    except OSError as e:  # e.g. EMSGSIZE: the path's MTU went down
        print("udp-ask: %s" % e, file=sys.stderr)
        return 1
    print(data.decode())
    return 0


def udp_stream(args):
    count, interval = int(args[2]), float(args[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(endpoint(args[0]))
    s.connect(endpoint(args[1]))
    s.setblocking(False)
    answered = set()

    def drain():
        while True:
            try:
                answered.add(s.recv(65535))
            except (BlockingIOError, ConnectionRefusedError):
                return

    for i in range(count):
        s.send(b"seq %d" % i)
        time.sleep(interval)
        drain()
    end = time.monotonic() + 3
    while len(answered) < count and time.monotonic() < end:
        time.sleep(0.05)
        drain()
    print(len(answered))
    return 0


def tcp_connect(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(endpoint(args[0]))
    s.settimeout(float(opt(args, "--timeout", "20")))
    start = time.monotonic()
    try:
        s.connect(endpoint(args[1]))
        s.sendall(("hello from %s\n" % args[0]).encode())
        line = s.makefile().readline().strip()
    except ConnectionRefusedError:
        print("refused after %d s" % int(time.monotonic() - start))
        return 1
    except (socket.timeout, OSError):
        print("timeout")
        return 1
    print("connected %s" % line)
    return 0


def http_get(args):
    import urllib.request
    try:
        with urllib.request.urlopen(args[0], timeout=5) as r:
            sys.stdout.write(r.read().decode())
    except OSError as e:
        sys.stderr.write("%s\n" % e)
        return 1
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
            "udp-burst": udp_burst, "udp-stream": udp_stream, "http-get": http_get,
            "tcp-connect": tcp_connect}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
