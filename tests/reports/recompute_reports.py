#!/usr/bin/env python3
"""Recomputes jxc-edge's reports from a store's raw ledger rows alone.

Independent of the gateway's code: it reads `movements`, `documents`,
`locations` and `items` of the SQLite file, tells each movement's local day
with Python's zoneinfo, and sums. Prints JSON on stdout.

  recompute_reports.py STORE ZONE QUERIES

QUERIES is a JSON list of ["summary", FIRST, LAST, BY], ["value", DAY, BY],
["turnover", FIRST, LAST, DEMAND_DAYS, LOCATION], ["ageing", DAY, BOUNDS,
IDLE_DAYS], ["abc", FIRST, LAST, LOCATION], ["accuracy", FIRST, LAST, BY, LOCATION, COUNTER]
(recompute_counts.py) and ["devices", FIRST, LAST]; BY is item, location, warehouse or category
(accuracy: count, month, zone or counter); LOCATION a code or "" for everywhere; days are YYYY-MM-DD in
ZONE. Prints the list of their answers, in order. "accuracy" reads the count tables and "devices"
`device_passes`, `scan_tallies` and `weight_discrepancies` besides the ledger.
"""
import json
import math
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from recompute_counts import count_accuracy


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

    items = {i: (sku, name, dec, category) for i, sku, name, dec, category in
             db.execute("SELECT id, sku, name, decimals, category FROM items")}
    rows = []  # (day, item_id, lot, location_id, kind, signed qty, signed value, type a reversal undoes)
    for item, lot, frm, to, qty, value, occurred, kind, undoes in db.execute(
            "SELECT m.item_id, m.lot, m.from_location, m.to_location, m.qty, m.value, m.occurred_at, d.type, o.type "
            "FROM movements m JOIN documents d ON d.id = m.doc_id LEFT JOIN documents o ON o.id = d.reverses "
            "ORDER BY m.id"):
        day = local_day(occurred, zone)
        if locs[frm][1] != "virtual":
            rows.append((day, item, lot, frm, kind, -qty, -value, undoes))
        if locs[to][1] != "virtual":
            rows.append((day, item, lot, to, kind, qty, value, undoes))
    return locs, warehouse, items, rows


def place_of(by, loc, locs, warehouse, item):
    if by == "category":
        return item[3]
    return "" if by == "item" else locs[loc][0] if by == "location" else warehouse(loc)


def summary(ledger, first, last, by):
    locs, warehouse, items, rows = ledger
    out = {}
    for day, item, lot, loc, kind, qty, value, undoes in rows:
        if day > last:
            continue
        key = (place_of(by, loc, locs, warehouse, items[item]), items[item][0])
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
    for d, item, lot, loc, kind, qty, val, undoes in rows:
        if d > day:
            continue
        p = pools.setdefault((item, lot), [0, 0])
        p[0] += qty
        p[1] += val
        key = (place_of(by, loc, locs, warehouse, items[item]), items[item][0], lot, item)
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


ISSUES = ("issue", "production_issue", "other_issue")


def counts_issued(kind, qty, undoes):
    """Goods issued: out on issues, less back on customer returns, and a reversal of either undoing it."""
    return (kind in ISSUES and qty < 0 or kind == "customer_return" and qty > 0 or
            kind == "reversal" and undoes in ISSUES + ("customer_return",))


def in_scope(loc, scope, locs):
    while loc is not None:
        code, kind, parent = locs[loc]
        if code == scope:
            return True
        loc = parent
    return False


def turnover(ledger, first, last, demand_days, scope):
    """Cost of goods issued over the mean of each day's closing value."""
    locs, warehouse, items, rows = ledger
    days = (last - first).days + 1
    demand_from = last - timedelta(days=demand_days - 1)
    per = {}
    for day, item, lot, loc, kind, qty, value, undoes in rows:
        if day > last or (scope and not in_scope(loc, scope, locs)):
            continue
        r = per.setdefault(item, {"opening": [0, 0], "change": {}, "issued": [0, 0], "demand": 0, "moved": False})
        if day >= demand_from and kind == "issue" and qty < 0:
            r["demand"] -= qty
        if day < first:
            r["opening"][0] += qty
            r["opening"][1] += value
            continue
        r["moved"] = True
        c = r["change"].setdefault(day, [0, 0])
        c[0] += qty
        c[1] += value
        if counts_issued(kind, qty, undoes):
            r["issued"][0] -= qty
            r["issued"][1] -= value
    out, totals = [], {"opening_value": 0, "closing_value": 0, "average_value": 0, "issued_value": 0}
    for item, r in sorted(per.items(), key=lambda kv: items[kv[0]][0]):
        if not r["moved"] and r["demand"] == 0 and r["opening"] == [0, 0]:
            continue
        stock, value_sum = list(r["opening"]), 0
        d = first
        while d <= last:  # walk every day of the period
            c = r["change"].get(d, [0, 0])
            stock[0] += c[0]
            stock[1] += c[1]
            value_sum += stock[1]
            d += timedelta(days=1)
        average = div_round(value_sum, days)
        ratio = r["issued"][1] / average if average > 0 else None
        out.append({"sku": items[item][0], "opening": r["opening"], "closing": stock, "average_value": average,
                    "issued": r["issued"], "demand_qty": r["demand"], "turnover": ratio,
                    "turnover_days": days / ratio if ratio and ratio > 0 else None,
                    "days_of_cover": stock[0] * demand_days / r["demand"] if r["demand"] > 0 else None})
        totals["opening_value"] += r["opening"][1]
        totals["closing_value"] += stock[1]
        totals["average_value"] += average
        totals["issued_value"] += r["issued"][1]
    ratio = totals["issued_value"] / totals["average_value"] if totals["average_value"] > 0 else None
    return {"rows": out, "days": days, **totals, "turnover": ratio,
            "turnover_days": days / ratio if ratio and ratio > 0 else None}


def ageing(ledger, day, bounds, idle_days):
    """FIFO: the stock held is what arrived last; buckets at the lot's average."""
    locs, warehouse, items, rows = ledger
    pools, arrivals, last_issue = {}, {}, {}
    lookback = day - timedelta(days=max(idle_days, bounds[-1]) - 1)
    for d, item, lot, loc, kind, qty, value, undoes in rows:
        if d > day:
            continue
        p = pools.setdefault((item, lot), [0, 0])
        p[0] += qty
        p[1] += value
        if kind != "transfer":
            key = (item, lot, d, kind)
            arrivals[key] = arrivals.get(key, 0) + qty
        if kind in ISSUES and qty < 0 and d >= lookback:
            last_issue[item] = max(last_issue.get(item, d), d)
    out = {}
    for (item, lot), (pq, pv) in sorted(pools.items()):
        if pq <= 0:
            continue
        layers = sorted(((d, n) for (i, l, d, k), n in arrivals.items()
                         if i == item and l == lot and n > 0 and (day - d).days <= bounds[-1]), reverse=True)
        qty = [0] * (len(bounds) + 1)
        left, oldest = pq, None
        for d, n in layers:
            if left == 0:
                break
            take = min(n, left)
            age = (day - d).days
            qty[next((i for i, b in enumerate(bounds) if age <= b), len(bounds))] += take
            left -= take
            oldest = d
        qty[-1] += left
        sku = items[item][0]
        r = out.setdefault(sku, {"sku": sku, "on_hand": [0, 0], "buckets": [[0, 0] for _ in qty],
                                 "oldest": [], "undated": False, "item": item})
        r["on_hand"][0] += pq
        r["on_hand"][1] += pv
        if left > 0:
            r["undated"] = True
        else:
            r["oldest"].append(oldest)
        last_nonempty = max(i for i, n in enumerate(qty) if n > 0)
        rest = pv
        for i, n in enumerate(qty):
            if n == 0:
                continue
            v = rest if i == last_nonempty else (pv if n == pq else div_round(pv * n, pq))
            rest -= v
            r["buckets"][i][0] += n
            r["buckets"][i][1] += v
    result = []
    for sku, r in sorted(out.items()):
        issued = last_issue.get(r["item"])
        result.append({"sku": sku, "on_hand": r["on_hand"], "buckets": r["buckets"],
                       "oldest_arrival": None if r["undated"] or not r["oldest"] else min(r["oldest"]).isoformat(),
                       "last_issue": issued.isoformat() if issued else None,
                       "idle": issued is None or (day - issued).days >= idle_days})
    return result


def abc(ledger, first, last, scope):
    """ABC by issued value (80/15/5 %), XYZ by the weekly demand's coefficient of variation (0.5 / 1.0)."""
    locs, warehouse, items, rows = ledger
    weeks = ((last - first).days + 1) // 7
    per = {}
    for day, item, lot, loc, kind, qty, value, undoes in rows:
        if day > last or (scope and not in_scope(loc, scope, locs)):
            continue
        r = per.setdefault(item, {"issued": [0, 0], "weeks": [0] * weeks, "seen": False})
        if day < first:
            continue
        r["seen"] = True
        if counts_issued(kind, qty, undoes):
            w = (day - first).days // 7
            if w < weeks:
                r["weeks"][w] -= qty
            r["issued"][0] -= qty
            r["issued"][1] -= value
    # Stock at the start counts an item in too.
    opening = {}
    for day, item, lot, loc, kind, qty, value, undoes in rows:
        if day < first and (not scope or in_scope(loc, scope, locs)):
            o = opening.setdefault((item, lot, loc), [0, 0])
            o[0] += qty
            o[1] += value
    for (item, lot, loc), (q, v) in opening.items():
        if q != 0 or v != 0:
            per[item]["seen"] = True
    out = []
    total = sum(r["issued"][1] for r in per.values() if r["seen"] and r["issued"][1] > 0)
    for item, r in per.items():
        if not r["seen"]:
            continue
        s = 0.0
        for w in r["weeks"]:
            s += float(w)
        mean = s / weeks
        cv, xyz = None, "Z"
        if mean > 0:
            squares = 0.0
            for w in r["weeks"]:
                squares += (float(w) - mean) * (float(w) - mean)
            cv = math.sqrt(squares / (weeks - 1)) / mean
            xyz = "X" if cv <= 0.5 else "Y" if cv <= 1.0 else "Z"
        out.append({"sku": items[item][0], "issued": r["issued"], "weeks": r["weeks"], "cv": cv, "xyz": xyz,
                    "abc": "C", "share": 0.0, "cumulative": 0.0})
    out.sort(key=lambda r: (-r["issued"][1], r["sku"]))
    before = 0
    for r in out:
        if r["issued"][1] <= 0 or total <= 0:
            continue
        share_before = before / total
        r["abc"] = "A" if share_before < 0.8 else "B" if share_before < 0.8 + 0.15 else "C"
        before += r["issued"][1]
        r["share"] = r["issued"][1] / total
        r["cumulative"] = before / total
    return {"rows": out, "weeks": weeks, "issued_value": total}


SCAN_REJECTS = ["unknown_barcode", "bad_gs1", "unknown_bin", "unknown_order", "not_on_order", "over_quantity",
                "lot_or_serial", "out_of_sequence", "refused", "store_unavailable"]


def devices(path, zone, first, last):
    """Device performance: per door, scanner and shelf slot over the days."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    hours = ((last - first).days + 1) * 24

    def inside(ms):
        return first <= local_day(ms, zone) <= last

    doors = {}
    for door, closed, outcome, *why in db.execute(
            "SELECT door, closed_at, outcome, missing, unexpected, ambiguous, other FROM device_passes"):
        if not inside(closed):
            continue
        d = doors.setdefault(door, {"door": door, "passes": 0, "posted": 0, "held": 0, "no_document": 0,
                                    "missing": 0, "unexpected": 0, "ambiguous": 0, "other": 0})
        d["passes"] += 1
        if outcome == "posted":
            d["posted"] += 1
        elif outcome == "none":
            d["no_document"] += 1
        else:
            d["held"] += 1
            for name, flag in zip(["missing", "unexpected", "ambiguous", "other"], why):
                d[name] += 1 if flag else 0
    for d in doors.values():
        d["per_hour"] = d["passes"] / hours
        d["held_share"] = d["held"] / d["passes"]
    scanners = {}
    for scanner, quarter, reason, n in db.execute("SELECT scanner, quarter, reason, n FROM scan_tallies"):
        if not inside(quarter):
            continue
        s = scanners.setdefault(scanner, {"scanner": scanner, "scans": 0, "accepted": 0, "rejected": 0,
                                          "by_reason": {r: 0 for r in SCAN_REJECTS}})
        s["scans"] += n
        if reason == "":
            s["accepted"] += n
        else:
            s["rejected"] += n
            s["by_reason"][reason if reason in SCAN_REJECTS else "refused"] += n
    for s in scanners.values():
        s["rejected_share"] = s["rejected"] / s["scans"]
    shelves = {}
    for slot, sku, name, bin_code, detected, state in db.execute(
            "SELECT w.slot, i.sku, i.name, l.code, w.detected_at, w.state FROM weight_discrepancies w "
            "JOIN items i ON i.id = w.item_id JOIN locations l ON l.id = w.location_id"):
        if not inside(detected):
            continue
        s = shelves.setdefault((slot, sku, bin_code), {"slot": slot, "sku": sku, "name": name, "bin": bin_code,
                                                      "discrepancies": 0, "open": 0, "accepted": 0,
                                                      "dismissed": 0})
        s["discrepancies"] += 1
        s[state] += 1
    return {"doors": [doors[k] for k in sorted(doors)], "scanners": [scanners[k] for k in sorted(scanners)],
            "shelves": [shelves[k] for k in sorted(shelves)], "hours": hours}


def main(argv):
    ledger = load(argv[1], ZoneInfo(argv[2]))
    answers = []
    for q in json.loads(argv[3]):
        if q[0] == "summary":
            answers.append(summary(ledger, date.fromisoformat(q[1]), date.fromisoformat(q[2]), q[3]))
        elif q[0] == "turnover":
            answers.append(turnover(ledger, date.fromisoformat(q[1]), date.fromisoformat(q[2]), q[3], q[4]))
        elif q[0] == "abc":
            answers.append(abc(ledger, date.fromisoformat(q[1]), date.fromisoformat(q[2]), q[3]))
        elif q[0] == "accuracy":
            answers.append(count_accuracy(argv[1], ZoneInfo(argv[2]), date.fromisoformat(q[1]),
                                          date.fromisoformat(q[2]), q[3], q[4], q[5]))
        elif q[0] == "devices":
            answers.append(devices(argv[1], ZoneInfo(argv[2]), date.fromisoformat(q[1]), date.fromisoformat(q[2])))
        elif q[0] == "ageing":
            answers.append(ageing(ledger, date.fromisoformat(q[1]), q[2], q[3]))
        else:
            answers.append(value(ledger, date.fromisoformat(q[1]), q[2]))
    json.dump(answers, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv)
