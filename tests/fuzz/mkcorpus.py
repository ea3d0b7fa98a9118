#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of fuzz_dhcp: one DHCP request per file in corpus/."""
import os
import struct

MAC = bytes([2, 0, 0, 0, 0, 9])
SERVER = bytes([192, 168, 1, 1])


def packet(mtype, opts, ciaddr=bytes(4), giaddr=bytes(4), flags=0, file=bytes(128)):
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, 0x12345678, 0, flags,
                      ciaddr, bytes(4), bytes(4), giaddr, MAC + bytes(10), bytes(64), file)
    body = bytes([53, 1, mtype])
    for code, value in opts:
        body += bytes([code, len(value)]) + value
    return hdr + bytes([99, 130, 83, 99]) + body + bytes([255])


def main():
    prl = (55, bytes([1, 3, 6, 15, 28, 51, 58, 59]))
    seeds = {
        "discover": packet(1, [prl, (61, b"\x01" + MAC), (12, b"laptop"), (57, b"\x05\xdc")]),
        "request": packet(3, [prl, (54, SERVER), (50, bytes([192, 168, 1, 10])),
                              (12, b"laptop")]),
        "inform": packet(8, [prl], ciaddr=bytes([192, 168, 1, 77])),
        # relayed, broadcast, rapid commit, options overloaded into file
        "discover-relayed": packet(1, [(52, b"\x01"), (80, b""), (82, b"\x01\x02ab")],
                                   giaddr=bytes([192, 168, 1, 254]), flags=0x8000,
                                   file=b"\x0c\x03pxe\xff" + bytes(122)),
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
