#!/usr/bin/env python3
"""Writes src/read/pdf/cmaps.bin: code -> CID for Adobe's predefined Chinese
(Adobe-GB1) CMaps, so that a Type0 font's widths (/W, indexed by CID) are
found for the codes its strings hold. From Adobe's CMap resources
(BSD-3-Clause; Debian's poppler-data ships them in
/usr/share/poppler/cMap/Adobe-GB1/; the licence is in cmaps.LICENSE).

Layout: u16 count of maps, then per map: u8 name length, name (ASCII),
u32 count of ranges, then ranges of (lo u16, hi u16, cid u16) big-endian,
sorted by lo. Codes above 0xFFFF (four-byte GBK2K and UTF-16 surrogate
pairs) are left out; vertical (-V) CMaps are read as their -H.

    python3 tools/gen_cmaps.py [/usr/share/poppler/cMap/Adobe-GB1]
"""
import os
import re
import struct
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap/Adobe-GB1"
# UniGB-UCS2 is read as UniGB-UTF16 (the same below 0x10000, with more
# codes) and GBK2K as GBKp-EUC (the same two-byte codes): see font.rs.
NAMES = ["UniGB-UTF16-H", "GBK-EUC-H", "GBKp-EUC-H", "GBpc-EUC-H", "GB-EUC-H", "GB-H",
         "GBT-EUC-H", "GBTpc-EUC-H", "GBT-H"]


def ranges(name, seen=()):
    text = open(os.path.join(src, name), encoding="latin-1").read()
    out = {}
    use = re.search(r"/([\w-]+)\s+usecmap", text)
    if use and use.group(1) not in seen:
        for lo, hi, cid in ranges(use.group(1), seen + (name,)):
            for k in range(hi - lo + 1):
                out[lo + k] = cid + k
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for lo, hi, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", block):
            lo, hi, cid = int(lo, 16), int(hi, 16), int(cid)
            for k in range(hi - lo + 1):
                out[lo + k] = cid + k
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s*(\d+)", block):
            out[int(code, 16)] = int(cid)
    # Back to ranges of consecutive codes with consecutive CIDs.
    res = []
    for code in sorted(c for c in out if c <= 0xFFFF):
        cid = out[code]
        if res and res[-1][1] + 1 == code and res[-1][2] + (code - res[-1][0]) == cid:
            res[-1][1] = code
        else:
            res.append([code, code, cid])
    return [tuple(r) for r in res]


blob = bytearray(struct.pack(">H", len(NAMES)))
for name in NAMES:
    rs = ranges(name)
    blob += struct.pack(">B", len(name)) + name.encode() + struct.pack(">I", len(rs))
    for lo, hi, cid in rs:
        blob += struct.pack(">HHH", lo, hi, cid)
    print(f"{name}: {len(rs)} ranges")
open("src/read/pdf/cmaps.bin", "wb").write(bytes(blob))
text = open(os.path.join(src, NAMES[0]), encoding="latin-1").read()
lic = [l[len("%%Copyright: "):] for l in text.splitlines() if l.startswith("%%Copyright: ")]
open("src/read/pdf/cmaps.LICENSE", "w").write(
    "src/read/pdf/cmaps.bin is derived from Adobe's predefined CMaps for Adobe-GB1.\n\n" + "\n".join(lic).strip() + "\n")
print(f"{len(blob)} bytes")
