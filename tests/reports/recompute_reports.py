#!/usr/bin/env python3
"""Recomputes jxc-edge's reports from a store's raw ledger rows alone.

Independent of the gateway's code: it reads `movements`, `documents`,
`locations` and `items` of the SQLite file, tells each movement's local day
with Python's zoneinfo, and sums. Prints JSON on stdout.

  recompute_reports.py STORE ZONE QUERIES

QUERIES is a JSON list of ["summary", FIRST, LAST, BY] and ["value", DAY, BY];
BY is item, location or warehouse; days are YYYY-MM-DD in ZONE. Prints the
list of their answers, in order.
"""
import json
import sqlite3
import sys
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


def local_day(ms, zone):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone(zone).date()


def div_round(num, den):
    """num / den rounded half away from zero, in integers."""
    q, r = divmod(abs(num), abs(den))
    if 2 * r >= abs(den):
        q += 1
    return -q if (num < 0) != (den < 0) else q


def load(path, zone):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    locs = {i: (code, kind, parent) for i, code, kind, parent in
            db.execute("SELECT id, code, kind, parent_id FROM locations")}

    def warehouse(i):
        while i is not None:
            code, kind, parent = locs[i]
            if kind == "warehouse":
                return code
            i = parent
        return ""

    items = {i: (sku, name, dec) for i, sku, name, dec in db.execute("SELECT id, sku, name, decimals FROM items")}
    rows = []  # (day, item_id, lot, location_id, kind, signed qty, signed value)
    for item, lot, frm, to, qty, value, occurred, kind in db.execute(
            "SELECT m.item_id, m.lot, m.from_location, m.to_location, m.qty, m.value, m.occurred_at, d.type "
            "FROM movements m JOIN documents d ON d.id = m.doc_id ORDER BY m.id"):
        day = local_day(occurred, zone)
        if locs[frm][1] != "virtual":
            rows.append((day, item, lot, frm, kind, -qty, -value))
        if locs[to][1] != "virtual":
            rows.append((day, item, lot, to, kind, qty, value))
    return locs, warehouse, items, rows


def place_of(by, loc, locs, warehouse):
    return "" if by == "item" else locs[loc][0] if by == "location" else warehouse(loc)


def summary(ledger, first, last, by):
    locs, warehouse, items, rows = ledger
    out = {}
    for day, item, lot, loc, kind, qty, value in rows:
        if day > last:
            continue
        key = (place_of(by, loc, locs, warehouse), items[item][0])
        r = out.setdefault(key, {"opening": [0, 0], "in": {}, "out": {}})
        if day < first:
            r["opening"][0] += qty
            r["opening"][1] += value
        else:
            side = r["in"] if qty > 0 else r["out"]
            a = side.setdefault(kind, [0, 0])
            a[0] += abs(qty)
            a[1] += value if qty > 0 else -value
    result = []
    for (place, sku), r in sorted(out.items()):
        closing = [r["opening"][0] + sum(a[0] for a in r["in"].values()) - sum(a[0] for a in r["out"].values()),
                   r["opening"][1] + sum(a[1] for a in r["in"].values()) - sum(a[1] for a in r["out"].values())]
        if not r["in"] and not r["out"] and r["opening"] == [0, 0] and closing == [0, 0]:
            continue
        result.append({"place": place, "sku": sku, "opening": r["opening"], "closing": closing,
                       "in": r["in"], "out": r["out"]})
    return result


def value(ledger, day, by):
    locs, warehouse, items, rows = ledger
    pools, held = {}, {}
    for d, item, lot, loc, kind, qty, val in rows:
        if d > day:
            continue
        p = pools.setdefault((item, lot), [0, 0])
        p[0] += qty
        p[1] += val
        key = (place_of(by, loc, locs, warehouse), items[item][0], lot, item)
        held[key] = held.get(key, 0) + qty
    out = {}
    for (place, sku, lot, item), qty in sorted(held.items()):
        pq, pv = pools[(item, lot)]
        v = pv if qty == pq else div_round(pv * qty, pq) if pq > 0 else 0
        if qty == 0 and v == 0:
            continue
        a = out.setdefault((place, sku), [0, 0])
        a[0] += qty
        a[1] += v
    return [{"place": p, "sku": s, "qty": a[0], "value": a[1]} for (p, s), a in sorted(out.items())]


def main(argv):
    ledger = load(argv[1], ZoneInfo(argv[2]))
    answers = []
    for q in json.loads(argv[3]):
        if q[0] == "summary":
            answers.append(summary(ledger, date.fromisoformat(q[1]), date.fromisoformat(q[2]), q[3]))
        else:
            answers.append(value(ledger, date.fromisoformat(q[1]), q[2]))
    json.dump(answers, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv)
