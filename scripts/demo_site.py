#!/usr/bin/env python3
"""The demo warehouse's site for scripts/demo_day.py: the gateway's demo
configuration, the central system's master data, what the simulated readers
and the shelf will see, the broker and the managers' webhook receiver."""

import csv
import http.server
import json
import pathlib
import signal
import socket
import sys
import threading
import time

SOURCE = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SOURCE / "tests" / "contract"))
from observe_day import free_port, sgtin96, sscc96, ROOT  # noqa: E402

SITE, GATEWAY = "SITE-SH", "gw-demo"
PICKER = "王芳"
BOLT_GTIN, WATER_GTIN = "6901234001013", "6920456002011"
# Raw tags on the bins the forklift puts pallets on (their rfid_tag in master data).
BIN_TAGS = {"A-02-1": "E2801160600002040000A021", "A-02-2": "E2801160600002040000A022"}
CASES = [sgtin96(n) for n in range(1, 9)]  # 8 cases of SKU-1001 on the ASN, each tagged
# The ASN's two pallets of 4 cases each: their SSCCs and SSCC-96 tags.
PALLETS = [sscc96(1), sscc96(2)]


class Webhook:
    """The managers' webhook: an [alerts] channel on loopback, recording each delivery."""

    def __init__(self):
        self.received = []
        received, lock = self.received, threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    try:
                        received.append(json.loads(body))
                    except ValueError:
                        received.append({"unreadable": body.decode(errors="replace")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def master_snapshot(demo):
    """The central system's master data: the demo's items and locations (the
    bins the forklift reads with their RFID tags)."""
    items = []
    with open(demo / "items.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            items.append({"sku": r["sku"], "name": r["name"], "uom": r["uom"],
                          "gtins": [g for g in r["gtins"].split(";") if g],
                          "unit_weight_g": float(r["unit_weight_g"]),
                          "lot_tracked": r["lot_tracked"] == "true", "unit_cost": float(r["unit_cost"])})
    locations = []
    with open(demo / "locations.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            loc = {k: r[k] for k in ("code", "kind", "name", "parent", "barcode", "gln", "negative_stock") if r[k]}
            if r["code"] in BIN_TAGS:
                loc["rfid_tag"] = BIN_TAGS[r["code"]]
            locations.append(loc)
    return {"message_id": "demo-master-1", "schema_version": 1, "version": 1,
            "items": items, "locations": locations, "thresholds": []}


def thresholds_delta():
    """Version 2 of master data: the stock levels the purchasers watch, sent
    once the opening balances are in (before them every watched item would
    be out of stock). Water is watched across warehouse 1: below 48 bottles
    it is low."""
    return {"message_id": "demo-master-2", "schema_version": 1, "version": 2, "upsert": {
        "thresholds": [{"sku": "SKU-2001", "location": "WH-1", "min": 48, "max": 480, "reorder": 240}]}}


def reader_scenarios():
    """What the three readers will see, in ms from the gateway's start of
    their inventory (the readers' own clocks)."""
    def beam_pass(reader, at, tags):
        return {"id": reader, "steps": [
            {"kind": "gpi", "at_ms": at, "port": 1, "high": True},
            {"kind": "pass", "at_ms": at + 200, "epcs": tags, "antennas": [1, 2], "duration_ms": 1500,
             "interval_ms": 100, "rssi_low": -65, "rssi_peak": -45},
            {"kind": "gpi", "at_ms": at + 2000, "port": 1, "high": False}]}

    def forklift_steps(at, bin_code, tags):
        # Each tag read twice (the portal counts a tag after 2 reads): the bin, then the pallet or the cases.
        return [{"kind": "read", "at_ms": at + dt, "epcs": t, "antenna": 1, "rssi": -50}
                for dt, t in [(0, [BIN_TAGS[bin_code]]), (300, [BIN_TAGS[bin_code]]), (800, tags), (1100, tags)]]
    return {
        # The truck: 7 of the 8 cases on the ASN pass door 1.
        "dock-1": beam_pass("dock-1", 5000, CASES[:7]),
        # Pallet 1 onto A-02-1 by its SSCC tag (its 4 cases as the ASN lists
        # them); pallet 2, one case short, onto A-02-2 by its 3 cases' tags.
        "forklift-1": {"id": "forklift-1", "steps": forklift_steps(15000, "A-02-1", [PALLETS[0][1]]) +
                       forklift_steps(18500, "A-02-2", CASES[4:7])},
        # The order staged on SHIP (cases 1-3) leaves through door 2.
        "dock-2": beam_pass("dock-2", 31000, CASES[:3]),
    }


# The shelf, in ms from the simulator's start: 40 cables (45 g each) on B-01-1;
# 2 are picked at 27 s (an issue books them), 3 vanish at 34 s (nothing does).
SHELF = "slot 1 0 tuna-id551 grams=1800 unit=45\nat 27000 pick 1 0 2\nat 34000 pick 1 0 3\n"


def gateway_toml(tmp, ports, mqtt_port, webhook_port):
    return f"""
[gateway]
id = "{GATEWAY}"
site = "{SITE}"
[log]
level = "info"
[store]
path = "{tmp / 'jxc-edge.db'}"
[site]
timezone = "Asia/Shanghai"
[alerts]
check_seconds = 1
[[alerts.channels]]
name = "managers-webhook"
kind = "webhook"
url = "http://127.0.0.1:{webhook_port}/alerts"
[scales]
match_window_s = 3
[[scales.buses]]
id = "shelf-bus-1"
transport = "tcp"
host = "127.0.0.1"
port = {ports['shelf']}
poll_interval_ms = 100
[[scales.slots]]
id = "B-01-1-cables"
bus = "shelf-bus-1"
slave = 1
channel = 0
model = "tuna-id551"
item = "SKU-4001"
bin = "B-01-1"
[[rfid.readers]]
id = "dock-1"
host = "127.0.0.1"
port = {ports['dock-1']}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 1000
start_trigger = "gpi"
gpi_port = 1
stop_trigger = "gpi"
[[rfid.readers]]
id = "dock-2"
host = "127.0.0.1"
port = {ports['dock-2']}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 1000
start_trigger = "gpi"
gpi_port = 1
stop_trigger = "gpi"
[[rfid.readers]]
id = "forklift-1"
host = "127.0.0.1"
port = {ports['forklift-1']}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 1000
[portal]
min_reads = 2
[[portal.doors]]
id = "DOOR-1"
location = "RECV-01"
reader = "dock-1"
outside_antennas = [1]
inside_antennas = [2]
mode = "inbound"
gpi_reader = "dock-1"
gpi_port = 1
pass_idle_close_ms = 800
[[portal.doors]]
id = "DOOR-2"
location = "SHIP-01"
reader = "dock-2"
outside_antennas = [1]
inside_antennas = [2]
mode = "outbound"
gpi_reader = "dock-2"
gpi_port = 1
pass_idle_close_ms = 800
[[portal.forklifts]]
id = "fl-1"
reader = "forklift-1"
antennas = [1]
from_location = "RECV-01"
[scanners.labels]
bin = ["LOC-*"]
[[scanners.devices]]
id = "hand-1"
kind = "serial"
path = "{tmp / 'scanner'}"
mode = "pick"
user = "{PICKER}"
[mqtt]
uri = "tcp://127.0.0.1:{mqtt_port}"
topic_root = "{ROOT}"
keepalive_s = 2
reconnect_min_ms = 200
reconnect_max_ms = 1000
"""


class Broker:
    """mosquitto on loopback, stopped and started again on the same port."""

    def __init__(self, day, tmp):
        self.day, self.tmp, self.port, self.proc, self.runs = day, tmp, free_port(), None, 0
        (tmp / "mosquitto.conf").write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n")

    def start(self):
        self.runs += 1
        self.proc = self.day.start(["mosquitto", "-c", self.tmp / "mosquitto.conf"],
                                   self.tmp / f"mosquitto-{self.runs}.log")
        self.wait(up=True)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)
        self.wait(up=False)

    def wait(self, up):
        end = time.time() + 10
        while time.time() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                if up:
                    return
            except OSError:
                if not up:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"mosquitto did not {'start' if up else 'stop'} on port {self.port}")
