#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A DHCP client for the host tests: many clients, fast (Debian's python3).

  dhcptool.py storm IFACE COUNT OUT [--first N]
      COUNT clients (MACs 02:00:00:00:xx:xx from N, default 1) each get a
      lease (DISCOVER, OFFER, REQUEST, ACK, broadcast replies).  Every ACK
      is appended to OUT as "MAC ADDR" and made durable before the next
      client starts, so OUT holds every lease the server acknowledged even
      when the test kills the server (or us) midway.  Stops after two
      clients in a row got nothing (the server is gone).  Exit 0 when all
      got one, 1 otherwise.  Every wait is bounded.

  dhcptool.py burst IFACE COUNT [--first N]
      COUNT clients (MACs as for storm) send their DISCOVERs all at once,
      then wait (10 s at most) for the OFFERs (broadcast) while watching
      the ARP probes on IFACE (RFC 5227: sender IP 0).  Prints a line a
      client: "MAC ADDR MS PROBE", MS the time from its DISCOVER to its
      OFFER, PROBE the sender MAC of the first probe of ADDR seen, or "-"
      for none.  Exit 0 when all got an offer.
"""

import select

import os
import random
import socket
import struct
import sys
import time

SO_BINDTODEVICE = 25
COOKIE = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE = 1, 2, 3, 4, 5, 6, 7


def packet(mtype, xid, mac, opts=b""):
    head = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                       bytes(4), bytes(4), bytes(4), bytes(4), mac, b"", b"")
    return head + COOKIE + bytes([53, 1, mtype]) + opts + b"\xff"


def options(data):
    """The options of a reply, as {code: bytes}."""
    i, out = 240, {}
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        code, n = data[i], data[i + 1]
        out[code] = data[i + 2:i + 2 + n]
        i += 2 + n
    return out


def exchange(s, pkt, xid, want, seconds=2.0):
    """Send pkt and wait for a reply of type want (or NAK); None on none."""
    for _ in range(3):
        s.sendto(pkt, ("255.255.255.255", 67))
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            s.settimeout(max(0.01, end - time.monotonic()))
            try:
                data = s.recv(2048)
            except socket.timeout:
                break
            if len(data) < 240 or struct.unpack("!I", data[4:8])[0] != xid:
                continue
            o = options(data)
            if o.get(53, b"\0")[0] in (want, NAK):
                return data, o
    return None, None


def dhcp_socket(iface):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, iface.encode())
    s.bind(("0.0.0.0", 68))
    return s


def mac_str(mac):
    return ":".join("%02x" % b for b in mac)


def storm(args):
    iface, count, out = args[0], int(args[1]), args[2]
    first = int(args[args.index("--first") + 1]) if "--first" in args else 1
    s = dhcp_socket(iface)
    fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    got = failed = 0
    for n in range(first, first + count):
        if failed == 2:
            break
        failed += 1
        mac = struct.pack("!HI", 0x0200, n)
        xid = random.getrandbits(32)
        data, o = exchange(s, packet(DISCOVER, xid, mac), xid, OFFER)
        if not data or o[53][0] != OFFER:
            continue
        yiaddr, server = data[16:20], o.get(54, b"")
        req = bytes([50, 4]) + yiaddr + bytes([54, 4]) + server
        data, o = exchange(s, packet(REQUEST, xid, mac, req), xid, ACK)
        if not data or o[53][0] != ACK:
            continue
        os.write(fd, ("%s %s\n" % (mac_str(mac), socket.inet_ntoa(data[16:20]))).encode())
        os.fsync(fd)
        got += 1
        failed = 0
    os.close(fd)
    return 0 if got == count else 1


def burst(args):
    iface, count = args[0], int(args[1])
    first = int(args[args.index("--first") + 1]) if "--first" in args else 1
    s = dhcp_socket(iface)
    arp = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
    arp.bind((iface, 0x0806))
    clients = {}  # xid: [mac, sent, addr, ms]
    for n in range(first, first + count):
        mac = struct.pack("!HI", 0x0200, n)
        xid = random.getrandbits(32)
        clients[xid] = [mac, time.monotonic(), None, None]
        s.sendto(packet(DISCOVER, xid, mac), ("255.255.255.255", 67))
    probed = {}  # address: sender MAC of its first probe
    left, end = count, time.monotonic() + 10
    while left and time.monotonic() < end:
        ready, _, _ = select.select([s, arp], [], [], max(0.01, end - time.monotonic()))
        now = time.monotonic()
        if arp in ready:
            f = arp.recv(2048)
            # Ethernet, then ARP: a request whose sender IP is 0 is a probe
            if len(f) >= 42 and f[20:22] == b"\0\1" and f[28:32] == bytes(4):
                probed.setdefault(f[38:42], f[22:28])
        if s in ready:
            data = s.recv(2048)
            if len(data) < 240:
                continue
            c = clients.get(struct.unpack("!I", data[4:8])[0])
            if c is None or c[2] is not None or options(data).get(53, b"\0")[0] != OFFER:
                continue
            c[2], c[3] = data[16:20], (now - c[1]) * 1000
            left -= 1
    for mac, _, addr, ms in clients.values():
        if addr is None:
            print("%s - - -" % mac_str(mac))
            continue
        seen = mac_str(probed[addr]) if addr in probed else "-"
        print("%s %s %.0f %s" % (mac_str(mac), socket.inet_ntoa(addr), ms, seen))
    return 0 if not left else 1


COMMANDS = {"storm": storm, "burst": burst}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
