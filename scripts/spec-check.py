#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/homenet.yaml and homenet.h say the same.

  spec-check.py [HEADER YAML]

Compared, in order and by value: every definition (enums, flags, consts),
every attribute set (the C enum's members, and the type each member's
comment names: u8, be16, string, nest...), and the commands with their
admin flag (the header's command list says "Admin." or "Read-only.").
Prints one line per difference and exits 1 when there is any.
"""

import os
import re
import sys

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def c_name(text):
    return text.replace("-", "_").upper()


def header_enums(text):
    """{enum name: [(member, value, comment)]} with implicit values filled in."""
    enums = {}
    for m in re.finditer(r"^enum (\w+) \{\n(.*?)^\};", text, re.M | re.S):
        members, value = [], -1
        for line in m.group(2).splitlines():
            mm = re.match(r"\s*(\w+)\s*(?:=\s*(\w+))?,?\s*(?:/\*\s*(.*?)\s*\*/)?\s*$", line)
            if not mm or mm.group(1).startswith("__"):
                continue
            value = int(mm.group(2), 0) if mm.group(2) else value + 1
            members.append((mm.group(1), value, mm.group(3) or ""))
        enums[m.group(1)] = members
    return enums


def header_defines(text):
    """({name: value}, {names defined as bits: (1U << n)})"""
    out, bits = {}, set()
    for m in re.finditer(r"^#define (\w+)\s+(.+?)\s*(?:/\*.*)?$", text, re.M):
        v = m.group(2)
        shift = re.fullmatch(r"\(1U << (\d+)\)", v)
        if shift:
            out[m.group(1)] = 1 << int(shift.group(1))
            bits.add(m.group(1))
        elif re.fullmatch(r"\d+", v):
            out[m.group(1)] = int(v)
    return out, bits


def entry_names(d):
    return [e if isinstance(e, str) else e["name"] for e in d.get("entries", [])]


C_TYPES = {"u8", "u16", "u32", "u64", "be16", "be32", "string", "flag", "nest"}


def spec_type(attr):
    t = attr["type"]
    if t in ("u16", "u32") and attr.get("byte-order") == "big-endian":
        return "be" + t[1:]
    if t in ("indexed-array", "nest"):
        return "nest"
    return t


def check(header_path, yaml_path):
    with open(header_path) as fh:
        text = fh.read()
    with open(yaml_path) as fh:
        spec = yaml.safe_load(fh)
    enums, errors = header_enums(text), []
    defines, bits = header_defines(text)
    family = spec["name"]

    def by_prefix(prefix):
        """The header enum whose members carry @prefix (every member)."""
        for name, members in enums.items():
            if members and all(m[0].startswith(prefix) for m in members):
                if any(m[0] == prefix + "UNSPEC" for m in members) or \
                        not prefix.endswith("_A_") and not prefix.endswith("_CMD_"):
                    return name, members
        return None, []

    for d in spec.get("definitions", []):
        prefix = c_name(d.get("name-prefix", "%s-%s-" % (family, d["name"])))
        if d["type"] == "const":
            name = c_name("%s-%s" % (family, d["name"]))
            if defines.get(name) != d["value"]:
                errors.append("const %s: %s in the spec, %s in the header"
                              % (name, d["value"], defines.get(name)))
        elif d["type"] == "enum":
            want = [(prefix + c_name(e), i) for i, e in enumerate(entry_names(d))]
            _, members = by_prefix(prefix)
            got = [(m[0], m[1]) for m in members]
            if got != want:
                errors.append("enum %s: spec %s, header %s" % (d["name"], want, got))
        elif d["type"] == "flags":
            for i, e in enumerate(entry_names(d)):
                name = prefix + c_name(e)
                if defines.get(name) != 1 << i:
                    errors.append("flag %s: 1 << %d in the spec, %s in the header"
                                  % (name, i, defines.get(name)))
            extra = [n for n in bits if n.startswith(prefix) and
                     n[len(prefix):] not in [c_name(e) for e in entry_names(d)]]
            if extra:
                errors.append("flags %s: %s only in the header" % (d["name"], extra))

    for aset in spec["attribute-sets"]:
        prefix = c_name(aset["name-prefix"])
        _, members = by_prefix(prefix)
        members = [m for m in members if m[0] != prefix + "UNSPEC"]
        attrs = aset["attributes"]
        names = [prefix + c_name(a["name"]) for a in attrs]
        if [m[0] for m in members] != names or [m[1] for m in members] != \
                list(range(1, len(attrs) + 1)):
            errors.append("attribute set %s: spec %s, header %s"
                          % (aset["name"], names, [m[0] for m in members]))
            continue
        for a, m in zip(attrs, members):
            said = re.match(r"(\w+)", m[2])
            said = said.group(1) if said else ""
            if said in C_TYPES and said != spec_type(a):
                errors.append("%s: %s in the spec, %s in the header"
                              % (m[0], spec_type(a), said))
            # one nest holding nests of types 1..n is an indexed array;
            # multi-attr is the same attribute repeated at one level
            if m[2].startswith("nest of") and a["type"] != "indexed-array":
                errors.append("%s: a nest of nests in the header, %s%s in the spec"
                              % (m[0], a["type"], " multi-attr" if a.get("multi-attr") else ""))

    ops = spec["operations"]
    prefix = c_name(ops["name-prefix"])
    _, members = by_prefix(prefix)
    members = [m for m in members if m[0] != prefix + "UNSPEC"]
    names = [prefix + c_name(o["name"]) for o in ops["list"]]
    if [m[0] for m in members] != names:
        errors.append("commands: spec %s, header %s" % (names, [m[0] for m in members]))
    for o in ops["list"]:
        name = prefix + c_name(o["name"])
        doc = re.search(r"^ \* %s\n \*\t(\w[\w-]*)" % name, text, re.M)
        admin = "uns-admin-perm" in o.get("flags", [])
        if not doc:
            errors.append("%s: not described in the header's command list" % name)
        elif (doc.group(1) == "Admin") != admin:
            errors.append("%s: %s in the header, %s in the spec" %
                          (name, doc.group(1), "admin" if admin else "no flag"))
    return errors


def main(argv):
    header = argv[1] if len(argv) > 2 else os.path.join(TOP, "include/uapi/linux/homenet.h")
    spec = argv[2] if len(argv) > 2 else os.path.join(TOP, "include/uapi/linux/homenet.yaml")
    errors = check(header, spec)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
