#!/usr/bin/env python3
"""Writes a seed corpus for llrp_decode_fuzz: every recorded reader message in
spec/llrp-recordings-edgex.json as a whole frame (header added).
Usage: make_fuzz_seeds.py OUT_DIR"""
import json
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
with open(os.path.join(here, "spec", "llrp-recordings-edgex.json")) as f:
    items = json.load(f)["items"]
for n, item in enumerate(items):
    body = bytes.fromhex(item["body_hex"])
    frame = struct.pack(">HII", (1 << 10) | item["type"], 10 + len(body), n + 1) + body
    with open(os.path.join(out, f"seed-{n:03d}-{item['message']}.bin"), "wb") as f:
        f.write(frame)
print(f"{len(items)} seeds in {out}")
