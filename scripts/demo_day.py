#!/usr/bin/env python3
"""A day in the demo warehouse, on simulated hardware through the real gateway.

Started by scripts/demo.sh (the README's first command) and run as the ctest
`demo_day`. Everything runs on loopback: a mosquitto broker, the central
system (observe_day.Central from tests/contract/, written from
docs/contract/ alone), two dock doors with LLRP reader simulators started by
a light beam (GPI), a forklift reader, a serial scanner on a pty, a Modbus
shelf, a webhook receiver for the alerts, and `jxc-edge run` on a demo
configuration. The day:

  * the gateway starts on an empty store: master data (items, bins with
    their RFID tags) arrives from the central system over MQTT, the doors,
    the forklift and the shelf stop waiting for it, the balances carried
    over are imported (`import opening`); then the thresholds, an ASN of
    two SSCC pallets and two pick lists arrive; a pick list
    takes the water below its minimum: a low-stock alert with its suggested
    order goes to the webhook, a replenishment suggestion to the central
    system;
  * a truck is received at door 1 with one case missing: held for review,
    released by a manager at the central system (`release-document`);
  * the uplink drops (the broker stops) and the warehouse keeps working:
    pallets put away by the forklift reader (a bin tag, then the pallet's
    SSCC tag, or the cases' item tags of the pallet opened at the door), a
    pick list picked by scan, an order staged by scan and
    shipped through door 2, a shelf pick confirmed by weight;
  * the broker comes back and every event arrives once and in order;
  * an unexplained removal from the shelf raises a discrepancy, accepted by
    the manager; a cycle count with a recount is approved at the central
    system by someone other than the counters (the counter's own approval is
    refused).

The site (the gateway's configuration, master data, what the readers and the
shelf will see, the broker, the webhook receiver) is in demo_site.py.

It prints one line per step and a closing summary, then checks the final
stock, the documents and the central system's event log exactly; the exit
status says whether everything was as expected.
"""

import argparse
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from demo_site import (SOURCE, SITE, GATEWAY, PICKER, BOLT_GTIN, WATER_GTIN, PALLETS, Broker, Webhook,  # noqa: E402
                       master_snapshot, thresholds_delta, reader_scenarios, SHELF, gateway_toml)
from observe_day import Central, Day  # noqa: E402  (on the path demo_site set)
from validate_contract import Schemas  # noqa: E402

MANAGER, COUNTER, RECOUNTER = "张经理", "李四", "王五"


class Story:
    """The running story: one line per step, time since the day began."""

    def __init__(self):
        self.t0 = time.time()
        self.failures = []

    def say(self, what):
        print(f"[{time.time() - self.t0:5.1f}s] {what}", flush=True)

    def heading(self, what):
        print(f"\n== {what}", flush=True)

    def fail(self, what):
        self.failures.append(what)
        print(f"  EXPECTED OTHERWISE: {what}", flush=True)


def wait_for(what, predicate, seconds, central=None):
    """Polls `predicate` (acknowledging what the central system holds meanwhile)
    until it returns something true; raises with `what` when it never does."""
    end = time.time() + seconds
    while time.time() < end:
        if central:
            central.acknowledge()
        got = predicate()
        if got:
            return got
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {seconds}s waiting for {what}")


def run_day(day, tmp, story):
    demo = SOURCE / "config" / "demo"
    schemas = Schemas(SOURCE / "docs" / "contract" / "schemas")
    story.heading("Setting up: a broker, the central system, the simulated hardware")
    broker = Broker(day, tmp)
    broker.start()
    central = Central(broker.port, schemas, site=SITE, gateway=GATEWAY, client_id="central-demo")
    day.central = central
    story.say(f"mosquitto on 127.0.0.1:{broker.port}; the central system subscribed to {central.base}/#")
    webhook = Webhook()
    day.webhook = webhook
    story.say(f"managers' webhook receiver on http://127.0.0.1:{webhook.port}/alerts")

    ports = {}
    for rid, scenario in reader_scenarios().items():
        (tmp / f"{rid}.json").write_text(json.dumps(scenario))
        day.start([day.bin / "jxc-hwsim", "rfid", "--scenario", tmp / f"{rid}.json", "--port", "0"],
                  tmp / f"{rid}.log")
        ports[rid] = day.wait_line(tmp / f"{rid}.log", "listening").split()[2]
    story.say(f"LLRP readers: dock-1 (door 1) on :{ports['dock-1']}, dock-2 (door 2) on :{ports['dock-2']} "
              f"(both started by a light beam on GPI 1), forklift-1 on :{ports['forklift-1']}")
    (tmp / "shelf.txt").write_text(SHELF)
    day.start([day.bin / "jxc-hwsim", "scales", "--scenario", tmp / "shelf.txt"], tmp / "shelf.log")
    shelf_started = time.time()
    day.wait_line(tmp / "shelf.log", "ready")
    ports["shelf"] = day.wait_line(tmp / "shelf.log", "tcp 127.0.0.1:").split(":")[1].split()[0]
    story.say(f"Modbus TCP shelf on :{ports['shelf']}: bin B-01-1 weighs 40 USB-C cables (SKU-4001)")
    scanner = subprocess.Popen([str(day.bin / "jxc-hwsim"), "scanner", "--link", str(tmp / "scanner"),
                                "--script", "-", "--stay"], stdin=subprocess.PIPE, text=True,
                               stdout=open(tmp / "scanner.log", "w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    day.procs.append(scanner)

    def scan(*codes):
        for c in codes:
            scanner.stdin.write(f"scan {c}\nsleep 150\n")
        scanner.stdin.flush()
    scanner.stdin.write("await-open 30000\n")
    scanner.stdin.flush()
    story.say(f"serial scanner hand-1 on a pty ({tmp / 'scanner'}), picker {PICKER}")

    day.toml.write_text(gateway_toml(tmp, ports, broker.port, webhook.port))
    # The box as installed: an empty store. Items and bins come from the
    # central system; until they do, the doors, the forklift and the shelf
    # report what they wait for.
    day.cli("init")
    story.say("store created, empty: master data will come from the central system")
    daemon = day.start([day.bin / "jxc-edge", "run", "--config", day.toml], tmp / "daemon.log")
    day.daemon = daemon
    day.wait_line(tmp / "daemon.log", "ready: store", 30)
    story.t0 = time.time()
    story.say(f"gateway {GATEWAY} running (log {tmp / 'daemon.log'}); the day's clock starts")

    def at(seconds):
        while time.time() - story.t0 < seconds:
            central.acknowledge()
            time.sleep(0.1)

    def docs():
        return json.loads(day.cli("doc", "list", "--limit", "1000", "--json"))

    def outbox():
        return json.loads(day.cli("outbox", "--json"))

    def all_delivered():
        last = outbox().get("last_seq", 0)
        with central.lock:
            return max(central.held.values(), default=0) >= last and last

    def applied():
        with central.lock:
            return {e["payload"].get("message_id") for e in central.events.values()
                    if e["type"] == "downlink.applied"}

    story.heading("Morning: master data and orders from the central system")
    wait_for("the gateway's online status", lambda: any(s.get("online") for s in list(central.statuses)), 30)
    snapshot = master_snapshot(demo)
    central.send("master/snapshot", snapshot)
    wait_for("master data applied", lambda: "demo-master-1" in applied(), 20, central)
    story.say(f"master data v1 applied: {len(snapshot['items'])} items, {len(snapshot['locations'])} locations "
              "(bins A-02-1 and A-02-2 with RFID tags); the doors, the forklift and the shelf know their places")
    day.cli("import", "opening", demo / "opening.csv")
    story.say("the balances carried over are imported as one opening document (import opening): "
              "60 water on A-01-1, 40 cables on B-01-1")
    central.send("master/delta", thresholds_delta())
    central.send("asn", {"message_id": "demo-asn-1", "number": "ASN-1", "ref": "PO-4500012345",
                         "door": "DOOR-1", "pallets": [
                             {"sscc": PALLETS[0][0], "lines": [{"line_id": "10", "sku": "SKU-1001", "qty": 4}]},
                             {"sscc": PALLETS[1][0], "lines": [{"line_id": "20", "sku": "SKU-1001", "qty": 4}]}]})
    central.send("picklist", {"message_id": "demo-pick-1", "number": "PL-1", "ref": "SO-8800231",
                              "door": "DOOR-2", "lines": [{"sku": "SKU-1001", "qty": 3}]})
    central.send("picklist", {"message_id": "demo-pick-2", "number": "PL-2", "ref": "SO-8800232",
                              "lines": [{"sku": "SKU-2001", "qty": 24}]})
    wait_for("the downlink applied", lambda: {"demo-master-2", "demo-asn-1", "demo-pick-1",
                                              "demo-pick-2"} <= applied(), 20, central)
    story.say("master data v2 applied: water's minimum 48 in WH-1")
    story.say(f"ASN-1 for door 1: 8 cases of hex bolts SKU-1001 on pallets {PALLETS[0][0]} and "
              f"{PALLETS[1][0]} (4 each); pick lists PL-1 (3 cases, door 2) "
              "and PL-2 (24 bottles of water)")
    low = wait_for("the low-stock alert at the webhook",
                   lambda: [w["alert"] for w in list(webhook.received)
                            if w.get("alert", {}).get("kind") == "low_stock"], 20, central)[0]
    story.say("PL-2 reserves 24 of the 60 bottles of water: 36 available, below the minimum of 48")
    story.say(f"webhook receives the low-stock alert: {low.get('message', '')}")
    suggested = wait_for("the replenishment suggestion at the central system", lambda: [
        e["payload"] for e in list(central.events.values()) if e["type"] == "replenishment.suggested"], 20, central)
    story.say(f"the central system's purchasers receive a replenishment suggestion: "
              f"{suggested[0].get('sku')} for {suggested[0].get('location')}, order {suggested[0].get('suggested_qty')}")

    story.heading("Door 1: the truck")
    held = wait_for("the receipt held for review",
                    lambda: [d for d in docs() if d.get("type") == "receipt" and d.get("state") == "draft"],
                    30, central)[0]
    story.say(f"light beam at door 1 -> inventory; 7 tagged cases read -> receipt {held['number']} "
              f"HELD for review ({'; '.join(held.get('exceptions', []))})")
    answer = central.decide({"message_id": "demo-release", "command": "release-document",
                             "number": held["number"], "by": MANAGER})
    if not answer.get("ok"):
        story.fail(f"release-document was refused: {answer}")
    story.say(f"{MANAGER} at the central system releases it (release-document over MQTT) -> "
              f"{answer.get('state')}: 7 cases booked into RECV-01")
    wait_for("everything delivered before the uplink drops", all_delivered, 20, central)

    story.heading("Midday: the uplink drops, the warehouse keeps working")
    broker.stop()
    story.say("the broker stops: the gateway keeps every event in its outbox")
    wait_for("the forklift's putaways",
             lambda: len([d for d in docs() if d.get("type") == "transfer" and d.get("state") == "posted"]) >= 4, 40)
    story.say(f"forklift-1 reads bin tag A-02-1 then pallet {PALLETS[0][0]}'s tag -> its 4 cases put away "
              "as the ASN lists them; bin tag A-02-2 then cases 5-7 of the pallet opened at the door -> "
              "4 putaway transfers RECV-01 -> A-02-1 / A-02-2")
    at(21)
    scan("PL-2", "LOC-A-01-1", "%QTY:24", WATER_GTIN)

    def issues():
        return [d for d in docs() if d.get("type") == "issue" and d.get("state") == "posted"]
    wait_for("the scan pick of PL-2", lambda: len(issues()) >= 1, 20)
    story.say(f"{PICKER} picks PL-2 by scan: the pick list, bin A-01-1, qty 24, water -> issue posted")
    scan("%MOVE", "LOC-A-02-1", BOLT_GTIN, BOLT_GTIN, BOLT_GTIN, "LOC-SHIP-01")
    wait_for("the staging move", lambda: len([d for d in docs() if d.get("type") == "transfer"
                                              and d.get("state") == "posted"]) >= 5, 20)
    story.say(f"{PICKER} stages PL-1 by scan: from A-02-1, 3 cases, to SHIP-01 -> transfer posted")
    while time.time() < shelf_started + 25.5:  # 1.5 s before the 2 cables leave the shelf
        central.acknowledge()
        time.sleep(0.1)
    day.cli("post", "issue", "--from", "B-01-1", "--line", "SKU-4001:2", "--source", "clerk-7")
    story.say("clerk-7 books an issue of 2 cables from shelf B-01-1")

    before = {d["number"] for d in issues()}
    shipped = wait_for("door 2's shipment", lambda: [d["number"] for d in issues() if d["number"] not in before],
                       30)
    story.say(f"light beam at door 2 -> 3 cases read -> issue {shipped[0]} against PL-1 posted, from SHIP-01")
    pending = outbox()
    story.say(f"meanwhile the outbox holds {pending.get('pending')} events for the central system")
    broker.start()
    story.say("the broker is back")
    wait_for("every event delivered after the outage", all_delivered, 30, central)
    with central.lock:
        story.say(f"the central system holds all {max(central.held.values())} events, in order "
                  f"({central.duplicates} duplicates dropped so far)")
        held = [e for e in central.events.values()]
    confirmed = [e["payload"] for e in held if e["type"] == "weight.confirmed"]
    if confirmed:
        story.say("among them: shelf B-01-1 confirmed the 2 cables picked by their weight (weight.confirmed)")
    else:
        story.fail("the shelf did not confirm the pick of 2 cables by weight")

    story.heading("Afternoon: the shelf and the count")
    disc = wait_for("the shelf's discrepancy",
                    lambda: [d for d in json.loads(day.cli("weight", "discrepancies", "--json"))
                             if d.get("state") == "open"], 30, central)
    story.say(f"3 cables vanish from shelf B-01-1 with no document -> weight discrepancy #{disc[0].get('id')}")
    alert = wait_for("the discrepancy's alert at the webhook",
                     lambda: [w["alert"] for w in list(webhook.received)
                              if w.get("alert", {}).get("kind") == "weight_discrepancy"], 20, central)[0]
    story.say(f"webhook receives the alert: {alert.get('message', '')}")
    day.cli("weight", "accept", str(disc[0]["id"]), "--by", MANAGER)
    story.say(f"{MANAGER} accepts the shelf's count -> adjustment of -3 cables")
    day.cli("count", "open", "--number", "CNT-1", "--location", "A", "--by", MANAGER, "--tolerance", "0")
    day.cli("count", "enter", "CNT-1", "--location", "A-01-1", "--counter", COUNTER, "--line", "SKU-2001:36")
    day.cli("count", "enter", "CNT-1", "--location", "A-01-2", "--counter", COUNTER, "--empty")
    day.cli("count", "enter", "CNT-1", "--location", "A-02-1", "--counter", COUNTER, "--line", "SKU-1001:1")
    day.cli("count", "enter", "CNT-1", "--location", "A-02-2", "--counter", COUNTER, "--line", "SKU-1001:2")
    story.say(f"cycle count CNT-1 of zone A: {COUNTER} finds 2 cases on A-02-2 where the books say 3")
    day.cli("count", "enter", "CNT-1", "--location", "A-02-2", "--counter", RECOUNTER, "--line", "SKU-1001:2")
    day.cli("count", "submit", "CNT-1")
    story.say(f"{RECOUNTER} recounts A-02-2: 2 cases; the count is submitted")
    own = central.decide({"message_id": "demo-approve-own", "command": "approve-count", "number": "CNT-1",
                          "by": COUNTER})
    story.say(f"{COUNTER} tries to approve it at the central system -> refused ({own.get('code')})")
    if own.get("ok") is not False or own.get("code") != "four_eyes":
        story.fail(f"the counter's own approval was not refused for four-eyes: {own}")
    ok = central.decide({"message_id": "demo-approve", "command": "approve-count", "number": "CNT-1",
                         "by": MANAGER})
    story.say(f"{MANAGER} approves it -> {ok.get('state')}: the missing case is written off")
    if ok.get("state") != "approved":
        story.fail(f"the approval was not carried out: {ok}")

    story.heading("Evening: everything delivered")
    # Quiet for a few alert checks, then every event delivered and acknowledged.
    settle = time.time() + 3
    try:
        wait_for("the day's events delivered and acknowledged and the alerts at the webhook",
                 lambda: time.time() > settle and len(webhook.received) >= len(EXPECTED_WEBHOOK)
                 and all_delivered() and outbox().get("pending") == 0, 30, central)
    except RuntimeError as e:
        with central.lock:
            held = dict(central.held)
        raise RuntimeError(f"{e}: outbox {outbox()}, the central system holds {held}, "
                           f"{len(webhook.received)} webhook deliveries") from None
    return central, webhook, broker


def summary_and_checks(day, story, central, webhook):
    stock = json.loads(day.cli("stock", "--json"))
    documents = json.loads(day.cli("doc", "list", "--limit", "1000", "--json"))
    ledger = json.loads(day.cli("ledger", "--limit", "100000", "--json"))
    out = json.loads(day.cli("outbox", "--json"))
    with central.lock:
        events = list(central.events.items())
        types = dict(central.types)
        epochs = set(central.held)
        arrivals, duplicates = central.arrivals, central.duplicates
    by_type = collections.Counter((d["type"], d["state"]) for d in documents)
    alerts = [e["payload"] for _, e in events if e["type"] == "alert.raised"]

    story.heading("Summary")
    print("documents:      " + ", ".join(f"{t} {s} {n}" for (t, s), n in sorted(by_type.items())))
    print(f"movements:      {len(ledger)}")
    print("alerts raised:  " + ", ".join(f"{a.get('kind')} {a.get('sku', '')}".strip() for a in alerts))
    print(f"webhook:        {len(webhook.received)} deliveries: "
          + ", ".join(f"{w.get('event')} {w.get('alert', {}).get('kind')}" for w in webhook.received))
    print(f"central:        {len(events)} events delivered, {arrivals} arrivals, "
          f"{duplicates} duplicates dropped, {central.replays} replays asked")
    print("events by type: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    print("stock:          " + ", ".join(f"{s['location']} {s['sku']} {s['qty']}" for s in stock))

    def expect(what, got, want):
        if got != want:
            story.fail(f"{what}: expected {want}, got {got}")

    expect("final stock", sorted((s["location"], s["sku"], s["qty"]) for s in stock if s["qty"]),
           [("A-01-1", "SKU-2001", 36), ("A-02-1", "SKU-1001", 1), ("A-02-2", "SKU-1001", 2),
            ("B-01-1", "SKU-4001", 35)])
    expect("documents by type and state", dict(by_type), EXPECTED_DOCUMENTS)
    expect("events at the central system by type", types, EXPECTED_EVENTS)
    expect("one epoch", len(epochs), 1)
    expect("every seq once and in order", [seq for (_, seq), _ in events], list(range(1, len(events) + 1)))
    expect("the outbox's last seq is the last held", out.get("last_seq"), len(events))
    expect("nothing pending", out.get("pending"), 0)
    expect("alerts at the webhook", sorted((w.get("event"), w.get("alert", {}).get("kind"))
                                           for w in webhook.received), EXPECTED_WEBHOOK)
    if central.failures:
        story.failures += central.failures


# What the day leaves behind, exactly.
EXPECTED_DOCUMENTS = {
    ("opening", "posted"): 1,     # the balances carried over
    ("receipt", "posted"): 1,     # the truck (held, then released)
    ("transfer", "posted"): 5,    # 4 forklift putaways (a pallet by SSCC, 3 cases), 1 staging move by scan
    ("issue", "posted"): 3,       # PL-2 picked by scan, the cables, PL-1 through door 2
    ("adjustment", "posted"): 1,  # the shelf's discrepancy accepted
    ("count", "posted"): 1,       # CNT-1 approved: one case written off
}
EXPECTED_EVENTS = {
    "opening.posted": 1, "receipt.posted": 1, "document.needs_review": 1, "transfer.posted": 5, "issue.posted": 3,
    "adjustment.posted": 1, "count.approved": 1,
    "downlink.applied": 5,        # the snapshot, the thresholds, the ASN, two pick lists
    "device.status": 12,          # 3 readers, the scanner and the shelf's bus: starting, then online;
                                  # the shelf: waiting for its item and bin, then counting
    "alert.raised": 3,            # low stock (water), the shelf's discrepancy, the count's variance
    "alert.cleared": 1,           # the discrepancy, once accepted
    "replenishment.suggested": 1, "weight.confirmed": 1, "weight.discrepancy": 1,
}
EXPECTED_WEBHOOK = sorted([("alert.raised", "low_stock"), ("alert.raised", "weight_discrepancy"),
                           ("alert.cleared", "weight_discrepancy"), ("alert.raised", "count_variance")])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin-dir", default=str(SOURCE / "build" / "bin"))
    ap.add_argument("--keep", help="keep the day's files (store, logs) in this folder")
    args = ap.parse_args()
    if args.keep:
        tmp = pathlib.Path(args.keep).resolve()
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    else:
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="jxc-demo-day-"))
    day = Day(args, tmp)
    day.central = day.webhook = None
    story = Story()
    try:
        central, webhook, _ = run_day(day, tmp, story)
        summary_and_checks(day, story, central, webhook)
    except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as e:
        story.fail(str(e))
        log = tmp / "daemon.log"
        if log.exists():
            print("the gateway's log ends:\n" + log.read_text(errors="replace")[-3000:])
    finally:
        day.stop_all()
        if day.central:
            day.central.stop()
        if day.webhook:
            day.webhook.stop()
        if not args.keep and not os.environ.get("JXC_KEEP_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)
    if story.failures:
        print(f"\n{len(story.failures)} things were not as expected")
        return 1
    print("\nthe day went as expected: stock, documents and the central system's event log"
          + (f" (files kept in {tmp})" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
