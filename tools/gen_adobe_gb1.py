#!/usr/bin/env python3
"""Writes src/read/pdf/adobe_gb1.bin: the CID -> Unicode table of the
Adobe-GB1 character collection, one big-endian u16 per CID (0 = none),
from Adobe's Adobe-GB1-UCS2 CMap (BSD-3-Clause, Adobe; shipped by
Debian's poppler-data as /usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2).
The licence travels with the table in src/read/pdf/adobe_gb1.LICENSE.

    python3 tools/gen_adobe_gb1.py [/path/to/Adobe-GB1-UCS2]
"""
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2"
text = open(src, encoding="latin-1").read()
table = {}


def put(cid, uni):
    if cid not in table and uni != 0xFFFD:
        table[cid] = uni


def utf16(h):
    b = bytes.fromhex(h)
    return b.decode("utf-16-be", "replace")


# The CMap maps CIDs (source codes) to UTF-16 text.
for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
    for cid, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
        t = utf16(dst)
        if len(t) == 1:
            put(int(cid, 16), ord(t))
for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
    for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
        lo, hi, t = int(lo, 16), int(hi, 16), utf16(dst)
        if len(t) == 1:
            for k in range(hi - lo + 1):
                put(lo + k, ord(t) + k)
n = max(table) + 1
out = bytearray(2 * n)
for cid, uni in table.items():
    if uni <= 0xFFFF:
        out[2 * cid] = uni >> 8
        out[2 * cid + 1] = uni & 0xFF
open("src/read/pdf/adobe_gb1.bin", "wb").write(bytes(out))
lic = [l[len("%%Copyright: "):] if l.startswith("%%Copyright: ") else "" for l in text.splitlines() if l.startswith("%%Copyright")]
open("src/read/pdf/adobe_gb1.LICENSE", "w").write(
    "src/read/pdf/adobe_gb1.bin is derived from Adobe's Adobe-GB1-UCS2 CMap.\n\n" + "\n".join(lic).strip() + "\n")
print(f"{len(table)} CIDs, table of {n} entries")
