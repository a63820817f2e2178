#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 socnic authors
"""Checks socnic's device-tree overlays against real base trees.

  test-overlays.py apply --base qemu|testboard --overlays DIR [--testboard DTB]
                         [--qemu QEMU] --fdtoverlay P --fdtget P --workdir DIR
  test-overlays.py malformed --workdir DIR FIXTURE:MESSAGE... -- DTC ARGS...

apply: every overlay is applied with fdtoverlay to the base, one by one,
then all of them together in two orders. Where an overlay is meant for that
board, the merged tree must carry exactly the properties the overlay
promises (read back with fdtget) and nothing else may differ from the base;
where it is not, fdtoverlay must refuse it and write no output.

malformed: each fixture is compiled with the build's own dtc command line
(everything after --, without -o and the input);
dtc must exit non-zero, write no output, and say MESSAGE, naming the file.
"""

import argparse
import os
import struct
import subprocess
import sys

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print(f"FAIL: {msg}", flush=True)


def ok(msg):
    print(f"ok: {msg}", flush=True)


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True)


# ---------------------------------------------------------------------------
# A flattened tree as {node path: {property: bytes}}, read straight from the
# blob. fdtget cannot walk QEMU's blob (it stops at the NOP tags QEMU leaves
# where it removed memory nodes), and a whole-tree comparison wants every
# property anyway.

FDT_MAGIC = 0xd00dfeed
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def read_fdt(path):
    with open(path, "rb") as f:
        blob = f.read()
    (magic, _total, off_struct, off_strings, _rsv, version, _last, _cpu,
     _size_strings, size_struct) = struct.unpack_from(">10I", blob, 0)
    if magic != FDT_MAGIC or version < 17:
        raise ValueError(f"{path}: not a version 17 flattened device tree")

    def cstr(off):
        return blob[off:blob.index(b"\0", off)].decode()

    tree, stack, pos = {}, [], off_struct
    end = off_struct + size_struct
    while pos < end:
        (token,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if token == FDT_BEGIN_NODE:
            name = cstr(pos)
            pos = (pos + len(name) + 1 + 3) & ~3
            stack.append(name)
            path = "/" + "/".join(stack[1:])
            tree[path] = {}
        elif token == FDT_END_NODE:
            stack.pop()
        elif token == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            tree["/" + "/".join(stack[1:])][cstr(off_strings + nameoff)] = \
                blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == FDT_NOP:
            continue
        elif token == FDT_END:
            break
        else:
            raise ValueError(f"{path}: unknown token {token:#x} at {pos - 4}")
    return tree


# ---------------------------------------------------------------------------
# What each overlay promises, per base tree. A value is the property's exact
# bytes, or Ref(node, cells) for a phandle to that node followed by cells
# (the phandle's number is only known once the overlay is applied).
# None: the overlay does not fit that board and must be refused.


class Ref:
    def __init__(self, node, *cells):
        self.node, self.cells = node, cells

    def resolve(self, tree):
        phandle = tree.get(self.node, {}).get("phandle")
        if phandle is None:
            return None
        return phandle + b"".join(struct.pack(">I", c) for c in self.cells)

    def __repr__(self):
        return f"<&{self.node} {' '.join(hex(c) for c in self.cells)}>"


def mac(*octets):
    return bytes(octets)


EMPTY = b""
QEMU_GEM0, QEMU_GEM1 = "/ethernet@ff0c0000", "/ethernet@ff0d0000"
TB_GEMS = ["/axi/ethernet@ff0b0000", "/axi/ethernet@ff0c0000",
           "/axi/ethernet@ff0d0000", "/axi/ethernet@ff0e0000"]
TB_SMMU = "/axi/iommu@fd800000"

EXPECT = {
    "socnic-versal-virt-mac": {
        "qemu": {
            (QEMU_GEM0, "local-mac-address"): mac(0x02, 0x53, 0x4e, 0x49, 0x43, 0x00),
            (QEMU_GEM1, "local-mac-address"): mac(0x02, 0x53, 0x4e, 0x49, 0x43, 0x01),
        },
        "testboard": None,
    },
    "socnic-versal-virt-data-plane": {
        "qemu": {(QEMU_GEM1, "socnic,data-plane"): EMPTY},
        "testboard": None,
    },
    "socnic-zynqmp-mac": {
        "qemu": None,
        "testboard": {(gem, "local-mac-address"): mac(0x02, 0x53, 0x4e, 0x49, 0x43, 0x10 + i)
                      for i, gem in enumerate(TB_GEMS)},
    },
    "socnic-zynqmp-smmu": {
        "qemu": None,
        "testboard": {(TB_SMMU, "status"): b"okay\0",
                      **{(gem, "iommus"): Ref(TB_SMMU, 0x874 + i)
                         for i, gem in enumerate(TB_GEMS)}},
    },
    "socnic-zynqmp-dma-coherent": {
        "qemu": None,
        "testboard": {(gem, "dma-coherent"): EMPTY for gem in TB_GEMS},
    },
    "socnic-zynqmp-data-plane": {
        "qemu": None,
        "testboard": {(TB_GEMS[1], "socnic,data-plane"): EMPTY,
                      (TB_GEMS[2], "socnic,data-plane"): EMPTY},
    },
}


def fdtget_bytes(fdtget, dtb, node, prop):
    """The property as fdtget reads it (-t bx: one hex byte per word)."""
    r = run([fdtget, "-t", "bx", dtb, node, prop])
    if r.returncode != 0:
        return None
    return bytes(int(w, 16) for w in r.stdout.split())


def check_merged(what, base, merged_dtb, expect, fdtget):
    merged = read_fdt(merged_dtb)
    wanted = {}
    for (node, prop), value in expect.items():
        if isinstance(value, Ref):
            resolved = value.resolve(merged)
            if resolved is None:
                fail(f"{what}: {node} {prop} should point at {value.node}, "
                     "which has no phandle in the merged tree")
                continue
            value = resolved
        wanted[(node, prop)] = value

    bad = 0
    for (node, prop), value in wanted.items():
        got = fdtget_bytes(fdtget, merged_dtb, node, prop)
        if got != value:
            fail(f"{what}: fdtget {node} {prop} = "
                 f"{got.hex(' ') if got is not None else 'missing'}, "
                 f"want {value.hex(' ') if value else '(empty)'}")
            bad += 1
        elif merged.get(node, {}).get(prop) != value:
            fail(f"{what}: {node} {prop}: fdtget and the blob disagree")
            bad += 1

    # Nothing but the promised properties may change, appear or vanish.
    for node in sorted(set(base) | set(merged)):
        if node not in merged:
            fail(f"{what}: node {node} vanished")
            bad += 1
            continue
        if node not in base:
            fail(f"{what}: unexpected new node {node}")
            bad += 1
            continue
        for prop in sorted(set(base[node]) | set(merged[node])):
            if (node, prop) in wanted:
                continue
            if base[node].get(prop) != merged[node].get(prop):
                fail(f"{what}: {node} {prop} changed "
                     f"({base[node].get(prop)!r} -> {merged[node].get(prop)!r})"
                     " though no overlay sets it")
                bad += 1
    if not bad:
        ok(f"{what}: {len(wanted)} promised propert{'y' if len(wanted) == 1 else 'ies'} present, "
           f"rest of the tree ({len(merged)} nodes) unchanged")
    return merged


def qemu_tree(qemu, out):
    # The machine generates both GEM nodes whether or not NICs are wired,
    # and no kernel is needed to dump it (with -kernel QEMU only adds PSCI
    # and /chosen/bootargs): the GEM nodes are what the overlays touch.
    r = run([qemu, "-M", f"xlnx-versal-virt,dumpdtb={out}", "-m", "2G",
             "-display", "none"])
    if r.returncode != 0 or not os.path.isfile(out):
        sys.exit(f"test-overlays: {qemu} could not dump the xlnx-versal-virt "
                 f"tree: {r.stderr.strip()}")
    return out


def cmd_apply(args):
    os.makedirs(args.workdir, exist_ok=True)
    if args.base == "qemu":
        base_dtb = qemu_tree(args.qemu, os.path.join(args.workdir, "versal-virt.dtb"))
    else:
        base_dtb = args.testboard
    base = read_fdt(base_dtb)
    for node in (QEMU_GEM0, QEMU_GEM1) if args.base == "qemu" else TB_GEMS:
        if node not in base:
            sys.exit(f"test-overlays: base tree {base_dtb} has no {node}: "
                     "the overlays' targets no longer exist there")

    fitting = []
    for name, per_base in EXPECT.items():
        dtbo = os.path.join(args.overlays, name + ".dtbo")
        if not os.path.isfile(dtbo):
            fail(f"{name}.dtbo missing from {args.overlays} (not built?)")
            continue
        out = os.path.join(args.workdir, f"{args.base}+{name}.dtb")
        if os.path.exists(out):
            os.unlink(out)
        r = run([args.fdtoverlay, "-i", base_dtb, "-o", out, dtbo])
        expect = per_base[args.base]
        if expect is None:
            if r.returncode == 0 or os.path.exists(out):
                fail(f"{name} applied to the {args.base} tree, which it does "
                     "not fit: fdtoverlay should have refused it")
            elif "Failed to apply" not in r.stderr:
                fail(f"{name} on {args.base}: refused without fdtoverlay's "
                     f"message: {r.stderr.strip()!r}")
            else:
                ok(f"{name} refused by the {args.base} tree: "
                   f"{r.stderr.strip().splitlines()[-1]}")
            continue
        if r.returncode != 0:
            fail(f"{name} does not apply to the {args.base} tree: "
                 f"{r.stderr.strip()}")
            continue
        check_merged(f"{name} on {args.base}", base, out, expect, args.fdtget)
        fitting.append((name, dtbo, expect))

    # Overlays for one board must compose: applied together, in either
    # order, they give one and the same tree with every promise kept.
    if len(fitting) > 1:
        union = {}
        for _, _, expect in fitting:
            union.update(expect)
        trees = []
        for order in (fitting, fitting[::-1]):
            out = os.path.join(args.workdir, f"{args.base}+all-{len(trees)}.dtb")
            r = run([args.fdtoverlay, "-i", base_dtb, "-o", out] +
                    [dtbo for _, dtbo, _ in order])
            what = f"all {len(order)} overlays on {args.base} " \
                   f"({'reversed' if trees else 'listed'} order)"
            if r.returncode != 0:
                fail(f"{what}: {r.stderr.strip()}")
                continue
            trees.append(check_merged(what, base, out, union, args.fdtget))
        if len(trees) == 2:
            if trees[0] == trees[1]:
                ok(f"{args.base}: the order of the overlays does not matter")
            else:
                fail(f"{args.base}: applying the overlays in reverse order "
                     "gives a different tree")


def cmd_malformed(args, dtc_cmd):
    for spec in args.fixtures:
        fixture, _, message = spec.partition(":")
        out = os.path.join(args.workdir, os.path.basename(fixture) + ".dtbo")
        os.makedirs(args.workdir, exist_ok=True)
        if os.path.exists(out):
            os.unlink(out)
        r = run(dtc_cmd + ["-o", out, fixture])
        name = os.path.basename(fixture)
        if r.returncode == 0:
            fail(f"dtc accepted the malformed {name}: the build would not fail")
        elif os.path.exists(out):
            fail(f"dtc failed on {name} but left {out} behind for ninja")
        elif message not in r.stderr or name not in r.stderr:
            fail(f"dtc failed on {name} (status {r.returncode}) without "
                 f"naming it and saying {message!r}: {r.stderr.strip()!r}")
        else:
            ok(f"{name}: dtc exits {r.returncode}: "
               f"{r.stderr.strip().splitlines()[0]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("apply")
    a.add_argument("--base", choices=("qemu", "testboard"), required=True)
    a.add_argument("--overlays", required=True, help="dir with the built .dtbo")
    a.add_argument("--testboard", help="the built test board .dtb")
    a.add_argument("--qemu", default="qemu-system-aarch64")
    a.add_argument("--fdtoverlay", required=True)
    a.add_argument("--fdtget", required=True)
    a.add_argument("--workdir", required=True)
    m = sub.add_parser("malformed")
    m.add_argument("--workdir", required=True)
    m.add_argument("fixtures", nargs="+", metavar="FIXTURE:MESSAGE")
    # dtc's own options start with '-': keep them away from argparse.
    argv = sys.argv[1:]
    dtc_cmd = []
    if "--" in argv:
        cut = argv.index("--")
        argv, dtc_cmd = argv[:cut], argv[cut + 1:]
    args = ap.parse_args(argv)
    if args.cmd == "apply":
        if args.base == "testboard" and not args.testboard:
            ap.error("--base testboard needs --testboard DTB")
        cmd_apply(args)
    else:
        if not dtc_cmd:
            ap.error("malformed needs the dtc command line after --")
        cmd_malformed(args, dtc_cmd)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
