#!/usr/bin/env python3
"""SSCC pallets from the central system to the racks, through a real broker.

The central system (observe_day's, written from docs/contract/ alone) sends
over a real mosquitto an item with a case pack and an ASN whose contents
arrive on two SSCC pallets: a mixed pallet listed in `pallets` (two lines,
one given in cases) and a single-line pallet with `sscc` on its line, each
line with the PO's `line_id`. Then, with the gateway (`jxc-edge run`) and
LLRP reader simulators (`jxc-hwsim rfid`):

  * dock door 1 reads both pallet tags in one pass: one receipt posts the
    ASN's three lines and closes it; its event names the PO line ids;
  * the forklift reader reads a bin tag then a pallet tag, twice: each
    pallet's contents move from the receiving lane to the bin it read;
  * an ASN that was due hours ago raises asn_overdue, cleared when the
    central system cancels it;
  * an ASN whose SSCC has a wrong check digit is refused, naming the field.

Every payload the central system observes is validated against the
published schemas; the ledger is checked through the CLI at the end.
"""

import argparse
import datetime
import json
import os
import pathlib
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from observe_day import Central, Day, free_port, sscc96, ROOT, SITE, GATEWAY  # noqa: E402
from validate_contract import Schemas  # noqa: E402

BIN_TAGS = {"A-02-1": "E2801160600002040000A021", "A-02-2": "E2801160600002040000A022"}


MIXED, MIXED_EPC = sscc96(7)
SINGLE, SINGLE_EPC = sscc96(8)


def utc(seconds_from_now):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for(central, what, predicate, seconds=30, daemon=None, log=None):
    end = time.time() + seconds
    while time.time() < end:
        central.acknowledge()
        with central.lock:
            found = predicate(list(central.events.values()), list(central.rejections))
        if found:
            return found
        if daemon is not None and daemon.poll() is not None:
            break
        time.sleep(0.1)
    central.fail(f"timed out waiting for {what}" + (f"; the gateway's log ends:\n{log.read_text()[-3000:]}"
                                                    if log and log.exists() else ""))
    return None


def events_of(event_type, **payload_fields):
    def find(events, _rejections):
        return [e for e in events if e["type"] == event_type and
                all(e["payload"].get(k) == v for k, v in payload_fields.items())]
    return find


def write_config(day, tmp, mqtt_port, dock_port, fork_port):
    day.toml.write_text(f"""
[gateway]
id = "{GATEWAY}"
site = "{SITE}"
[store]
path = "{tmp / 'store.db'}"
[alerts]
check_seconds = 1
asn_overdue_after = "1m"
[[rfid.readers]]
id = "dock-1"
host = "127.0.0.1"
port = {dock_port}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 500
[[rfid.readers]]
id = "fork-1"
host = "127.0.0.1"
port = {fork_port}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 500
[portal]
min_reads = 2
[[portal.doors]]
id = "DOOR-1"
location = "RECV-01"
reader = "dock-1"
outside_antennas = [1]
inside_antennas = [2]
pass_idle_close_ms = 800
[[portal.forklifts]]
id = "fl-1"
reader = "fork-1"
antennas = [1]
from_location = "RECV-01"
pallet_window_ms = 2000
[mqtt]
uri = "tcp://127.0.0.1:{mqtt_port}"
topic_root = "{ROOT}"
""")


def start_reader(day, tmp, name, port, steps):
    (tmp / f"{name}.json").write_text(json.dumps({"id": name, "port": port, "steps": steps}))
    day.start([day.bin / "jxc-hwsim", "rfid", "--scenario", tmp / f"{name}.json"], tmp / f"{name}.log")
    day.wait_line(tmp / f"{name}.log", "listening")


def forklift_steps(at, bin_code, pallet_epc):
    # Each tag read twice (the portal counts a tag after 2 reads): the bin, then the pallet.
    return [{"kind": "read", "at_ms": at + dt, "epcs": [t], "antenna": 1, "rssi": -45}
            for dt, t in [(0, BIN_TAGS[bin_code]), (200, BIN_TAGS[bin_code]), (700, pallet_epc),
                          (900, pallet_epc)]]


def stock(day):
    return {(r["sku"], r["location"]): r["qty"] for r in json.loads(day.cli("stock", "--json"))}


def run(day, source, schemas, tmp):
    mqtt_port, dock_port, fork_port = free_port(), free_port(), free_port()
    (tmp / "mosquitto.conf").write_text(f"listener {mqtt_port} 127.0.0.1\nallow_anonymous true\n")
    day.start(["mosquitto", "-c", tmp / "mosquitto.conf"], tmp / "mosquitto.log")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", mqtt_port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    central = Central(mqtt_port, schemas, client_id="central-pallets")
    write_config(day, tmp, mqtt_port, dock_port, fork_port)
    demo = source / "config" / "demo"
    # The demo's locations, with RFID tags on the bins the forklift reads.
    rows = (demo / "locations.csv").read_text().splitlines()
    header = rows[0].split(",")
    tag_col = header.index("rfid_tag")
    tagged = [rows[0]]
    for row in rows[1:]:
        cols = row.split(",")
        if cols[0] in BIN_TAGS:
            cols[tag_col] = BIN_TAGS[cols[0]]
        tagged.append(",".join(cols))
    (tmp / "locations.csv").write_text("\n".join(tagged) + "\n")
    day.cli("init")
    day.cli("import", "locations", tmp / "locations.csv")
    day.cli("import", "items", demo / "items.csv")
    daemon = day.start([day.bin / "jxc-edge", "run", "--config", day.toml], tmp / "daemon.log")
    day.wait_line(tmp / "daemon.log", "ready: store", 30)
    end = time.time() + 30
    while not any(st.get("online") for st in list(central.statuses)):
        if time.time() > end:
            raise RuntimeError("the gateway never said it is online")
        time.sleep(0.05)
    log = tmp / "daemon.log"

    # Master data and the ASN, down through the broker.
    central.send("master/delta", {"message_id": "pal-master-1", "version": 1, "upsert": {"items": [
        {"sku": "SKU-3001", "name": "橙汁 Orange juice 1L", "uom": "BTL", "packs": [{"unit": "case", "factor": 12}]}]}})
    central.send("asn", {"message_id": "pal-asn-bad", "number": "ASN-PX", "lines": [
        {"sku": "SKU-1001", "qty": 1, "sscc": MIXED[:-1] + str((int(MIXED[-1]) + 1) % 10)}]})
    central.send("asn", {
        "message_id": "pal-asn-1", "number": "ASN-P1", "ref": "PO-P1", "supplier": "宁波五金 Ningbo Hardware",
        "door": "DOOR-1", "expected_at": utc(3600),
        "pallets": [{"sscc": MIXED, "lines": [{"line_id": "10", "sku": "SKU-1001", "qty": 40},
                                               {"line_id": "20", "sku": "SKU-3001", "quantity": 2, "unit": "case"}]}],
        "lines": [{"line_id": "30", "sku": "SKU-1002", "qty": 100, "sscc": SINGLE}]})
    central.send("asn", {"message_id": "pal-asn-late", "number": "ASN-P2", "ref": "PO-P2", "supplier": "杭州茶厂",
                         "expected_at": utc(-3 * 3600), "lines": [{"line_id": "1", "sku": "SKU-2001", "qty": 24}]})
    wait_for(central, "the ASN applied", events_of("downlink.applied", message_id="pal-asn-1"), daemon=daemon, log=log)
    refused = wait_for(central, "the ASN with a bad SSCC refused",
                       lambda _e, rej: [r for r in rej if r.get("message_id") == "pal-asn-bad"])
    if refused and "lines[0].sscc: check digit" not in json.dumps(refused[0], ensure_ascii=False):
        central.fail(f"the refusal of a bad SSCC does not name the field and the digit: {refused[0]}")

    # The truck: both pallet tags through door 1.
    start_reader(day, tmp, "dock-1", dock_port, [
        {"kind": "pass", "at_ms": 1000, "epcs": [MIXED_EPC, SINGLE_EPC], "antennas": [1, 2], "duration_ms": 1500,
         "interval_ms": 100, "rssi_low": -65, "rssi_peak": -45}])
    receipts = wait_for(central, "the pallet receipt", events_of("receipt.posted"), daemon=daemon, log=log)
    if receipts:
        doc = receipts[0]["payload"]["document"]
        lines = {ln["sku"]: ln for ln in doc["lines"]}
        want = {"SKU-1001": (40, ["10"]), "SKU-3001": (24, ["20"]), "SKU-1002": (100, ["30"])}
        got = {sku: (ln["qty"], ln.get("order_line_ids")) for sku, ln in lines.items()}
        if got != want or doc.get("order", {}).get("ref") != "PO-P1" or doc.get("exceptions"):
            central.fail(f"the pallet receipt: lines {got}, expected {want}; document {json.dumps(doc)[:800]}")

    # The forklift: bin A-02-1 then the mixed pallet, bin A-02-2 then the single one.
    start_reader(day, tmp, "fork-1", fork_port,
                 forklift_steps(1000, "A-02-1", MIXED_EPC) + forklift_steps(4000, "A-02-2", SINGLE_EPC))
    wait_for(central, "two putaways", lambda e, _r: len([x for x in e if x["type"] == "transfer.posted"]) >= 2 or None,
             daemon=daemon, log=log)

    # The late ASN: raised once, cleared by the central system's cancellation.
    late = wait_for(central, "asn_overdue raised", events_of("alert.raised", kind="asn_overdue"), daemon=daemon, log=log)
    if late and (late[0]["payload"].get("subject") != "ASN-P2" or "杭州茶厂" not in late[0]["payload"].get("message", "")):
        central.fail(f"the asn_overdue alert does not name the ASN and its supplier: {late[0]['payload']}")
    answer = central.decide({"message_id": "pal-cancel-late", "command": "cancel-order", "number": "ASN-P2",
                             "by": "张经理"})
    central.expect(answer, "cancel-order", ok=True, number="ASN-P2", state="cancelled")
    wait_for(central, "asn_overdue cleared", events_of("alert.cleared", kind="asn_overdue"), daemon=daemon, log=log)

    time.sleep(1)
    central.acknowledge()
    with central.lock:
        transfers = sorted(((e["payload"]["document"].get("to"), sorted((ln["sku"], ln["qty"]) for ln in
                            e["payload"]["document"]["lines"])) for e in central.events.values()
                           if e["type"] == "transfer.posted"), key=str)
        raised = [e for e in central.events.values() if e["type"] == "alert.raised"
                  and e["payload"].get("kind") == "asn_overdue"]
    want_transfers = [("A-02-1", [("SKU-1001", 40), ("SKU-3001", 24)]), ("A-02-2", [("SKU-1002", 100)])]
    if transfers != sorted(want_transfers, key=str):
        central.fail(f"putaways by the forklift: {transfers}, expected {want_transfers}")
    if len(raised) != 1:
        central.fail(f"asn_overdue raised {len(raised)} times, expected once")
    day.stop_all()  # the CLI reads the store the daemon wrote
    on_hand = {k: v for k, v in stock(day).items() if v}
    want = {("SKU-1001", "A-02-1"): 40, ("SKU-3001", "A-02-1"): 24, ("SKU-1002", "A-02-2"): 100}
    if on_hand != want:
        central.fail(f"stock after the day: {on_hand}, expected {want}")
    shown = json.loads(day.cli("order", "show", "ASN-P1", "--json"))
    if shown.get("state") != "closed" or [ln.get("line_id") for ln in shown.get("lines", [])] != ["30", "10", "20"]:
        central.fail(f"ASN-P1 after the day: {shown}")
    day.cli("verify")
    return central


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    args = ap.parse_args()
    source = pathlib.Path(args.source)
    schemas = Schemas(source / "docs" / "contract" / "schemas")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="jxc-pallets-"))
    day = Day(args, tmp)
    central = None
    try:
        central = run(day, source, schemas, tmp)
    finally:
        day.stop_all()
        if central:
            central.stop()
        if os.environ.get("JXC_KEEP_TMP"):
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if central.failures:
        print(f"{len(central.failures)} failures")
        return 1
    with central.lock:
        print(f"observed {len(central.events)} events of {len(set(central.types))} types, every payload valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
