"""Count accuracy (盘点准确率) recomputed from a store's raw count rows.

Reads `count_sessions`, `count_scope`, `count_snapshot`, `count_rounds`,
`count_entries`, `count_items`, `movements`, `documents` and `locations`:
a bin's book is its snapshot plus what moved at it after the count opened
up to its last round (the count's own movements and, for a count of some
items, other items left out); its count is that round's entries. Items
counted by serial are not told apart here (a line is exact when its
quantities agree).
"""
import sqlite3
from datetime import datetime, timezone


def person_of(actor):
    for prefix in ("user:", "unix:", "cli:", "central:"):
        if actor.startswith(prefix):
            return actor[len(prefix):]
    if actor.startswith("token:") and actor.count(":") >= 2:
        return actor.split(":", 2)[2]
    return actor


def count_accuracy(path, zone, first, last, by, scope, counter):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    locs = {i: (code, name, parent) for i, code, name, parent in
            db.execute("SELECT id, code, name, parent_id FROM locations")}

    def below(i, top):
        while i is not None:
            if locs[i][0] == top:
                return True
            i = locs[i][2]
        return False

    def new_tally():
        return {"counts": 0, "bins": 0, "lines": 0, "exact": 0, "within": 0, "gain": 0, "loss": 0}

    def add(to, t):
        for k in ("bins", "lines", "exact", "within", "gain", "loss"):
            to[k] += t[k]

    rows, groups, members, total = [], {}, {}, new_tally()
    for doc, number, posted, approver, tolerance, mark in db.execute(
            "SELECT d.id, d.number, d.posted_at, coalesce(s.approved_by, ''), s.tolerance_qty, s.ledger_mark "
            "FROM documents d JOIN count_sessions s ON s.doc_id = d.id "
            "WHERE d.type = 'count' AND d.state = 'posted' ORDER BY d.posted_at, d.id").fetchall():
        day = datetime.fromtimestamp(posted / 1000, timezone.utc).astimezone(zone).date()
        if not first <= day <= last:
            continue
        only = {i for (i,) in db.execute("SELECT item_id FROM count_items WHERE doc_id = ?", (doc,))}
        last_round = {}
        for loc, rnd, who, round_mark in db.execute(
                "SELECT location_id, round, counter, ledger_mark FROM count_rounds WHERE doc_id = ?", (doc,)):
            if loc not in last_round or rnd > last_round[loc][0]:
                last_round[loc] = (rnd, person_of(who), round_mark)
        bins = {}
        for loc, (rnd, who, round_mark) in last_round.items():
            if scope and not below(loc, scope) or counter and who != counter:
                continue
            book, counted = {}, {}
            for item, lot, qty in db.execute(
                    "SELECT item_id, lot, book_qty FROM count_snapshot WHERE doc_id = ? AND location_id = ?",
                    (doc, loc)):
                book[(item, lot)] = book.get((item, lot), 0) + qty
            for item, lot, frm, to, qty in db.execute(
                    "SELECT item_id, lot, from_location, to_location, qty FROM movements "
                    "WHERE id > ? AND id <= ? AND doc_id <> ? AND (from_location = ? OR to_location = ?)",
                    (mark, round_mark, doc, loc, loc)):
                if only and item not in only:
                    continue
                book[(item, lot)] = book.get((item, lot), 0) + (qty if to == loc else -qty)
            for item, lot, qty in db.execute(
                    "SELECT item_id, lot, qty FROM count_entries WHERE doc_id = ? AND location_id = ? AND round = ?",
                    (doc, loc, rnd)):
                counted[(item, lot)] = counted.get((item, lot), 0) + qty
            t = new_tally()
            t["bins"] = 1
            for key in set(book) | set(counted):
                b, c = book.get(key, 0), counted.get(key, 0)
                if b == 0 and c == 0:
                    continue
                t["lines"] += 1
                t["exact"] += c == b
                t["within"] += abs(c - b) <= tolerance
            parent = locs[loc][2]
            bins[loc] = (t, locs[parent][0] if parent is not None else "", who)
        if not bins:
            continue
        for frm, to, value in db.execute("SELECT from_location, to_location, value FROM movements WHERE doc_id = ?",
                                         (doc,)):
            if frm in bins:
                bins[frm][0]["loss"] += value
            if to in bins:
                bins[to][0]["gain"] += value
        whole = new_tally()
        whole["counts"] = 1
        for loc, (t, zone_code, who) in bins.items():
            add(whole, t)
            if by in ("zone", "counter"):
                key = zone_code if by == "zone" else who
                add(groups.setdefault(key, new_tally()), t)
                members.setdefault(key, set()).add(doc)
        add(total, whole)
        total["counts"] += 1
        if by == "count":
            rows.append({"key": number, "name": "", "tally": whole, "approved_by": approver,
                         "counters": sorted({who for _, _, who in bins.values()}), "tolerance": tolerance})
        elif by == "month":
            g = groups.setdefault(day.isoformat()[:7], new_tally())
            add(g, whole)
            g["counts"] += 1
    names = {code: name for code, name, _ in locs.values()}
    for key in sorted(groups):
        t = groups[key]
        if by != "month":
            t["counts"] = len(members[key])
        rows.append({"key": key, "name": names.get(key, "") if by == "zone" else "", "tally": t})
    return {"rows": rows, "total": total}
