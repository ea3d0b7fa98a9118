#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Small network peers for the end-to-end tests (Debian's python3, stdlib).

  nettool.py udp-serve BIND [--announce DEST] [--seconds N] [--log FILE]
      Bind BIND (ADDR:PORT).  With --announce, first send "hello" to DEST
      from BIND (so a NAT maps BIND).  Then answer every datagram with the
      ADDR:PORT it came from (and, for a datagram longer than 64 bytes,
      its length: "ADDR:PORT LEN"), and log "ADDR:PORT TEXT" lines, for N
      seconds.
  nettool.py udp-ask BIND DEST [--size N] [--ttl N] [--icmp]
      Send "hello" (or N bytes) from BIND to DEST, with TTL N if given;
      print the answer (exit 1 on none; print "refused" or "unreachable"
      when an ICMP error said so: port unreachable, or host unreachable
      or administratively prohibited).  With --icmp, any ICMP error the
      kernel matched to the socket (by the packet it quotes) is printed
      as "icmp TYPE CODE from ADDR" (IP_RECVERR).
  nettool.py udp-stream BIND DEST COUNT INTERVAL
      Send COUNT numbered datagrams from BIND to DEST, one every INTERVAL
      seconds, and print how many were answered (waiting 3 s at the end).
  nettool.py tcp-connect BIND DEST [--timeout S] [--count N [--interval S]]
      Connect from BIND to DEST (the kernel retransmits SYNs; no retry
      here), send "hello from BIND", read one line.  Prints "connected
      LINE", or "refused after N s", "unreachable after N s" (an ICMP
      error), or "timeout".  With --count N, N such connections one after
      another (from a new port each, if BIND's is 0), S seconds apart:
      prints how many connected.
  nettool.py tcp-raw SRC_ADDR DEST COUNT FLAGS [--sport P] [--seq N] [--ack N]
      COUNT TCP segments with FLAGS (syn, ack, rst: joined with +) from
      SRC_ADDR, written by hand on a raw socket: from port P, else a
      random one each; sequence number N, else random.
  nettool.py icmp-quote8 PORT SECONDS
      For SECONDS, answer every TCP SYN to PORT that reaches this host
      (seen on a packet socket: a firewall rule may drop it in the stack)
      with ICMP port unreachable quoting its IP header and only the first
      8 bytes of its TCP header, as RFC 792 allows.  Prints how many.
  nettool.py udp-from FROM DEST COUNT TEXT
      COUNT datagrams of TEXT to DEST from FROM (ADDR:PORT), whatever
      address this host has: the IP header too is written by hand.
  nettool.py http-get URL
      Print the body of URL (exit 1 on any failure).
  nettool.py tcp-serve BIND [--announce DEST] [--seconds N]
      Listen on BIND; with --announce, also connect from BIND to DEST
      and hold the connection (so a NAT maps BIND).  Answer every
      connection with the ADDR:PORT it came from.
  nettool.py udp-burst SRC_ADDR DEST FIRST_PORT COUNT
      One datagram from each of COUNT source ports starting at FIRST_PORT.
  nettool.py udp-flood SRC_ADDR DEST FIRST_PORT COUNT SECONDS
      The same over and over, round the COUNT ports, for SECONDS: a flow
      that a NAT has lost comes back at once.  Prints the datagrams sent.

Every wait is bounded (a few seconds); nothing here runs forever.
"""

import errno
import random
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
    icmp = "--icmp" in args
    if icmp:
        s.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
        s.settimeout(10)  # host unreachable takes three ARP probes
    # connected: an ICMP port unreachable comes back as ECONNREFUSED
    s.connect(endpoint(args[1]))
    s.send(b"x" * size if size else b"hello")
    try:
        data = s.recv(65535)
    except socket.timeout:
        return 1
    except OSError as e:
        if icmp:
            print(icmp_error(s))
            return 1
        if isinstance(e, ConnectionRefusedError):
            print("refused")
        elif e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            print("unreachable")
        else:  # e.g. EMSGSIZE: the path's MTU went down
            print("udp-ask: %s" % e, file=sys.stderr)
        return 1
    print(data.decode())
    return 0


IP_RECVERR = 11


def icmp_error(s):
    """The ICMP error in the socket's error queue, as "icmp TYPE CODE from ADDR"."""
    _, anc, _, _ = s.recvmsg(512, 512, socket.MSG_ERRQUEUE)
    for level, kind, data in anc:
        if level == socket.IPPROTO_IP and kind == IP_RECVERR:
            _, _, typ, code, _, _, _ = struct.unpack("=IBBBBII", data[:16])
            return "icmp %d %d from %s" % (typ, code, socket.inet_ntoa(data[20:24]))
    return "no icmp error"


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


def connect_once(bind, dest, timeout):
    """One connection as tcp-connect makes it: what it prints, and 0 or 1."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(bind)
    s.settimeout(timeout)
    start = time.monotonic()
    try:
        s.connect(dest)
        s.sendall(("hello from %s:%d\n" % bind).encode())
        line = s.makefile().readline().strip()
    except ConnectionRefusedError:
        return "refused after %d s" % int(time.monotonic() - start), 1
    except OSError as e:
        if e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return "unreachable after %d s" % int(time.monotonic() - start), 1
        return "timeout", 1
    finally:
        s.close()
    return "connected %s" % line, 0


def tcp_connect(args):
    bind, dest = endpoint(args[0]), endpoint(args[1])
    timeout = float(opt(args, "--timeout", "20"))
    count = opt(args, "--count")
    if count is None:
        text, rc = connect_once(bind, dest, timeout)
        print(text)
        return rc
    interval = float(opt(args, "--interval", "0"))
    ok = 0
    for i in range(int(count)):
        if i:
            time.sleep(interval)
        ok += connect_once(bind, dest, timeout)[1] == 0
    print(ok)
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


def udp_flood(args):
    src, dest = args[0], endpoint(args[1])
    first, count, seconds = int(args[2]), int(args[3]), float(args[4])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
    s.bind((src, 0))
    end = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < end:
        for port in range(first, first + count):
            try:
                s.sendto(struct.pack("!HHHHc", port, dest[1], 9, 0, b"x"), (dest[0], 0))
            except OSError:  # a full table's ICMP errors, or no route for a moment
                pass
            sent += 1
    s.close()
    print(sent)
    return 0


def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def l4_checksum(src, dst, proto, segment):
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, proto,
                                                                         len(segment))
    return inet_checksum(pseudo + segment)


TCP_FLAGS = {"fin": 0x01, "syn": 0x02, "rst": 0x04, "psh": 0x08, "ack": 0x10}


def tcp_raw(args):
    src, dest, count = args[0], endpoint(args[1]), int(args[2])
    flags = sum(TCP_FLAGS[f] for f in args[3].split("+"))
    sport, seq, ack = opt(args, "--sport"), opt(args, "--seq"), opt(args, "--ack", "0")
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.bind((src, 0))
    for _ in range(count):
        port = int(sport) if sport else random.randint(1024, 65535)
        n = int(seq) if seq else random.getrandbits(32)
        hdr = struct.pack("!HHIIBBHHH", port, dest[1], n, int(ack), 5 << 4, flags,
                          65535, 0, 0)
        csum = l4_checksum(src, dest[0], socket.IPPROTO_TCP, hdr)
        s.sendto(hdr[:16] + struct.pack("!H", csum) + hdr[18:], (dest[0], 0))
    s.close()
    return 0


def icmp_quote8(args):
    port, seconds = int(args[0]), float(args[1])
    cap = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
    out = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    end = time.monotonic() + seconds
    answered = 0
    while time.monotonic() < end:
        cap.settimeout(max(0.1, end - time.monotonic()))
        try:
            pkt, where = cap.recvfrom(65535)
        except socket.timeout:
            continue
        if where[2] == socket.PACKET_OUTGOING or len(pkt) < 40 or pkt[9] != socket.IPPROTO_TCP:
            continue
        ihl = (pkt[0] & 15) * 4
        dport, flags = struct.unpack("!H", pkt[ihl + 2:ihl + 4])[0], pkt[ihl + 13]
        if dport != port or flags & 0x12 != 0x02:  # a SYN, not a SYN-ACK
            continue
        quote = pkt[:ihl + 8]
        msg = struct.pack("!BBHI", 3, 3, 0, 0) + quote
        msg = msg[:2] + struct.pack("!H", inet_checksum(msg)) + msg[4:]
        out.sendto(msg, (socket.inet_ntoa(pkt[12:16]), 0))
        answered += 1
    print(answered)
    return 0


def udp_from(args):
    src, dest, count, text = endpoint(args[0]), endpoint(args[1]), int(args[2]), args[3]
    payload = text.encode()
    udp = struct.pack("!HHHH", src[1], dest[1], 8 + len(payload), 0) + payload
    csum = l4_checksum(src[0], dest[0], socket.IPPROTO_UDP, udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP,
                     0, socket.inet_aton(src[0]), socket.inet_aton(dest[0]))
    ip = ip[:10] + struct.pack("!H", inet_checksum(ip)) + ip[12:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for _ in range(count):
        s.sendto(ip + udp, (dest[0], 0))
        time.sleep(0.05)
    s.close()
    return 0


COMMANDS = {"udp-serve": udp_serve, "udp-flood": udp_flood, "tcp-raw": tcp_raw,
            "udp-from": udp_from, "icmp-quote8": icmp_quote8, "udp-ask": udp_ask, "tcp-serve": tcp_serve,
            "udp-burst": udp_burst, "udp-stream": udp_stream, "http-get": http_get,
            "tcp-connect": tcp_connect}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
