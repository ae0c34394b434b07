#!/usr/bin/env python3
"""The central system written from docs/contract/ alone (observe_day.Central)
against a gateway and a broker that are killed while documents are posted.

200 receipts are posted through the CLI while the gateway is killed with
SIGKILL and restarted twice and the broker once (restarted without
persistence, so the central system's session is gone too). The central
system de-duplicates, acknowledges and asks for replays as the guide says.
Passes when it holds every event of the stream exactly once, in order, with
no gap, every payload valid, every receipt present once, and nothing is left
unacknowledged.
"""

import argparse
import json
import pathlib
import shutil
import signal
import socket
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from observe_day import Central, Day, free_port, GATEWAY, SITE, ROOT  # noqa: E402
from validate_contract import Schemas  # noqa: E402

DOCUMENTS = 200


def wait_port(port, up=True, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not go {'up' if up else 'down'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--bin-dir", required=True)
    args = ap.parse_args()
    source = pathlib.Path(args.source)
    schemas = Schemas(source / "docs" / "contract" / "schemas")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="jxc-kills-"))
    day = Day(args, tmp)
    central = None
    try:
        port = free_port()
        (tmp / "mosquitto.conf").write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n")
        broker = day.start(["mosquitto", "-c", tmp / "mosquitto.conf"], tmp / "mosquitto.log")
        wait_port(port)
        central = Central(port, schemas)
        day.toml.write_text(f"""
[gateway]
id = "{GATEWAY}"
site = "{SITE}"
[store]
path = "{tmp / 'store.db'}"
[alerts]
enabled = false
[mqtt]
uri = "tcp://127.0.0.1:{port}"
topic_root = "{ROOT}"
keepalive_s = 2
reconnect_min_ms = 100
reconnect_max_ms = 500
""")
        demo = source / "config" / "demo"
        day.cli("init")
        day.cli("import", "locations", demo / "locations.csv")
        day.cli("import", "items", demo / "items.csv")

        def start_gateway():
            p = day.start([day.bin / "jxc-edge", "run", "--config", day.toml], tmp / "daemon.log")
            day.wait_line(tmp / "daemon.log", "ready: store", 30)
            return p

        gateway = start_gateway()
        kills = {50: "gateway", 100: "broker", 150: "gateway"}
        for n in range(1, DOCUMENTS + 1):
            day.cli("post", "receipt", "--number", f"RCV-K{n:04d}", "--to", "A-01-1", "--line", "SKU-1001:1")
            central.acknowledge()
            what = kills.get(n)
            if what == "gateway":
                gateway.send_signal(signal.SIGKILL)
                gateway.wait()
                (tmp / "daemon.log").rename(tmp / f"daemon-{n}.log")
                gateway = start_gateway()
            elif what == "broker":
                broker.send_signal(signal.SIGKILL)
                broker.wait()
                wait_port(port, up=False)
                time.sleep(0.5)
                broker = day.start(["mosquitto", "-c", tmp / "mosquitto.conf"], tmp / "mosquitto-2.log")
                wait_port(port)

        last_seq = json.loads(day.cli("outbox", "--json")).get("last_seq")
        end = time.time() + 60
        while time.time() < end:
            central.acknowledge()
            out = json.loads(day.cli("outbox", "--json"))
            with central.lock:
                held = max(central.held.values(), default=0)
            if held >= last_seq and out.get("pending") == 0:
                break
            time.sleep(0.3)
        else:
            central.fail(f"not everything arrived and was acknowledged: held {central.held}, outbox {out}")
        with central.lock:
            numbers = [e["payload"]["document"]["number"] for e in central.events.values()
                       if e["type"] == "receipt.posted"]
            epochs = set(central.held)
        if len(epochs) != 1:
            central.fail(f"expected one epoch, saw {epochs}")
        if sorted(numbers) != [f"RCV-K{n:04d}" for n in range(1, DOCUMENTS + 1)]:
            central.fail(f"receipts held: {len(numbers)}, {len(set(numbers))} distinct, of {DOCUMENTS}")
        print(f"held {held} events (last_seq {last_seq}), {len(numbers)} receipts, {central.replays} replays asked")
        if central.failures:
            print(f"{len(central.failures)} failures")
            return 1
        print("every event once, in order, valid, acknowledged")
        return 0
    finally:
        day.stop_all()
        if central:
            central.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
