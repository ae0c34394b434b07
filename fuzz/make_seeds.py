#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets that are derived from files
kept elsewhere in the repository (the output is committed; run again when
those files change):

  llrp      every recorded reader message in drivers/rfid/spec/llrp-recordings-edgex.json,
            as a whole frame (header added)
  hid       the evtest recordings in drivers/barcode/testdata/, as 8-byte
            records (type, code, value; little-endian as on the gateway)
  epc       every EPC in hex in edge/identifiers/epc_test.cpp, as bytes
  downlink  every fixture in tests/fixtures/downlink/ (valid and invalid), its
            kind as the first byte (the index in sync::downlink_kinds())
  config    config/gateway.example.toml, also with its commented examples taken in
  csv       config/demo/*.csv

  modbus    pseudo-random bytes from a fixed seed

The gs1 seeds, the ack seeds of downlink, the rest of the csv seeds, the
document_body seeds and the http_request seeds are written by hand.
Usage: fuzz/make_seeds.py"""
import json
import os
import random
import re
import struct

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")


def put(kind, name, data):
    d = os.path.join(corpus, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(*path, mode="r"):
    with open(os.path.join(root, *path), mode) as f:
        return f.read()


items = json.loads(read("drivers", "rfid", "spec", "llrp-recordings-edgex.json"))["items"]
for n, item in enumerate(items):
    body = bytes.fromhex(item["body_hex"])
    put("llrp", f"recording-{n:03d}-{item['message']}",
        struct.pack(">HII", (1 << 10) | item["type"], 10 + len(body), n + 1) + body)

evtest = re.compile(r"type (\d+) .*code (\d+) .*value (-?\d+)")
testdata = os.path.join(root, "drivers", "barcode", "testdata")
for name in sorted(os.listdir(testdata)):
    records = b""
    for line in read("drivers", "barcode", "testdata", name).splitlines():
        if "SYN_REPORT" in line:
            records += struct.pack("<HHi", 0, 0, 0)
        elif (m := evtest.search(line)):
            records += struct.pack("<HHi", int(m[1]), int(m[2]), int(m[3]))
    put("hid", os.path.splitext(name)[0], records)

hexes = sorted(set(re.findall(r"\b[0-9A-Fa-f]{16,}\b", read("edge", "identifiers", "epc_test.cpp"))))
for h in hexes:
    if len(h) % 2 == 0:
        put("epc", h.upper(), bytes.fromhex(h))

kinds = ["master/snapshot", "master/delta", "asn", "picklist", "count", "cmd"]
folder_kind = {"master-snapshot": "master/snapshot", "master-delta": "master/delta", "asn": "asn",
               "picklist": "picklist", "count": "count", "cmd": "cmd"}
fixtures = os.path.join(root, "tests", "fixtures", "downlink")
for folder, kind in folder_kind.items():
    for sub, prefix in ((os.path.join(fixtures, folder), ""),
                        (os.path.join(fixtures, "invalid", folder), "invalid-")):
        if not os.path.isdir(sub):
            continue
        for name in sorted(os.listdir(sub)):
            with open(os.path.join(sub, name), "rb") as f:
                put("downlink", f"{prefix}{folder}-{name}", bytes([kinds.index(kind)]) + f.read())

example = read("config", "gateway.example.toml")
put("config", "gateway.example.toml", example.encode())
# The same with its commented examples of arrays of tables ("# [[scales.buses]]"
# and the keys below them) taken in, so the seeds reach every section's entries.
put("config", "gateway.example.entries.toml",
    re.sub(r"(?m)^# (\[\[|[a-z_]+ = )", r"\1", example).encode())
for name in ("items.csv", "locations.csv", "thresholds.csv"):
    put("csv", "demo-" + name, read("config", "demo", name, mode="rb"))
# The modbus target reads its model and registers through libFuzzer's
# FuzzedDataProvider, which any bytes satisfy: fixed pseudo-random starts.
rng = random.Random(19)
for n in range(6):
    put("modbus", f"seed-{n}", bytes(rng.randrange(256) for _ in range(64 + 32 * n)))
print("seeds written under", corpus)
